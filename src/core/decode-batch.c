/* decode-batch.c: a dataset's images decoded in a forked child.
 *
 * Fuzzing Debian's stb_image JPEG decoder finds heap reads after free within
 * seconds, so even a dataset the user chose is not decoded in the calling
 * process (the app's window, a training in progress). One fork() per batch,
 * no exec: the child already holds the code and the file list, and this
 * works in any program. After fork() in a threaded process the child may
 * only use malloc and system calls: it runs the *_raw functions of image.h
 * and writes fixed-layout records to a pipe, then _exit()s.
 *
 * Records (native layout: both ends are the same binary):
 *   SHAPE   width, height, channels used for all images (sent once, first)
 *   IMAGE   index, then width * height * channels pixel bytes
 *   FAILURE index and an LlImageFailure; the child stops after it */
#include "config.h"

#include "decode-helper.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define DEFAULT_TIMEOUT_MS 10000u
/* Address space the child may add to what it inherits. */
#define CHILD_EXTRA_MEMORY (G_GUINT64_CONSTANT (1024) * 1024 * 1024)

enum {
  RECORD_SHAPE = 1,
  RECORD_IMAGE,
  RECORD_FAILURE,
};

typedef struct {
  guint32 kind;
  guint32 index;
  guint32 width;
  guint32 height;
  guint32 channels;
  LlImageFailure failure;
} Record;

/* ---- the child ------------------------------------------------------------ */

static gboolean
write_all (int           fd,
           const void   *data,
           gsize         size)
{
  const guint8 *bytes = data;

  while (size > 0)
    {
      ssize_t n = write (fd, bytes, size);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      bytes += n;
      size -= (gsize) n;
    }
  return TRUE;
}

static gboolean
decode_and_fit (const char     *path,
                guint           width,
                guint           height,
                guint           channels,
                guint8         *out,
                LlImageFailure *failure,
                gpointer        user_data)
{
  guint8 *data = NULL;
  gsize size = 0;
  LlImage *image;

  if (!ll_image_read_raw (path, LL_IMAGE_MAX_FILE_BYTES, &data, &size, failure))
    return FALSE;
  image = ll_image_decode_raw (data, size, channels, failure);
  g_free (data);
  if (image == NULL)
    return FALSE;
  if (image->width != width || image->height != height)
    {
      LlImage *resized = ll_image_resize (image, width, height);

      ll_image_free (image);
      image = resized;
    }
  memcpy (out, image->pixels, (gsize) width * height * channels);
  ll_image_free (image);
  return TRUE;
}

static void G_GNUC_NORETURN
send_failure_and_exit (int                   fd,
                       gsize                 index,
                       const LlImageFailure *failure)
{
  Record record = { .kind = RECORD_FAILURE, .index = (guint32) index, .failure = *failure };

  write_all (fd, &record, sizeof record);
  _exit (0);
}

static void G_GNUC_NORETURN
run_child (int                 fd,
           const char * const *paths,
           gsize               n_files,
           guint               width,
           guint               height,
           guint               channels,
           LlForkedDecodeFunc  decode,
           gpointer            user_data)
{
  LlImageFailure failure = { 0 };
  Record shape = { .kind = RECORD_SHAPE };
  guint8 *pixels;
  gsize image_bytes;

  /* The shape comes from the first image's header where it is not given. */
  if (width == 0 || height == 0 || channels == 0)
    {
      guint8 *data = NULL;
      gsize size = 0;
      guint first_width, first_height, first_channels;

      if (!ll_image_read_raw (paths[0], LL_IMAGE_MAX_FILE_BYTES, &data, &size, &failure)
          || !ll_image_probe_raw (data, size, &first_width, &first_height, &first_channels, &failure))
        send_failure_and_exit (fd, 0, &failure);
      g_free (data);
      if (width == 0 || height == 0)
        {
          width = first_width;
          height = first_height;
        }
      if (channels == 0)
        channels = first_channels;
    }
  shape.width = width;
  shape.height = height;
  shape.channels = channels;
  if (!write_all (fd, &shape, sizeof shape))
    _exit (1);

  image_bytes = (gsize) width * height * channels;
  pixels = g_try_malloc (sizeof (Record) + image_bytes);
  if (pixels == NULL)
    _exit (1);
  for (gsize i = 0; i < n_files; i++)
    {
      Record record = { .kind = RECORD_IMAGE, .index = (guint32) i };

      if (!decode (paths[i], width, height, channels, pixels + sizeof record, &failure, user_data))
        send_failure_and_exit (fd, i, &failure);
      /* One write per image: the header and the pixels together. */
      memcpy (pixels, &record, sizeof record);
      if (!write_all (fd, pixels, sizeof record + image_bytes))
        _exit (1);
    }
  _exit (0);
}

/* ---- the parent ----------------------------------------------------------- */

static void
set_limit (int    resource,
           rlim_t value)
{
  struct rlimit current, wanted = { value, value };

  if (getrlimit (resource, &current) == 0 && current.rlim_max != RLIM_INFINITY)
    wanted.rlim_cur = wanted.rlim_max = MIN (value, current.rlim_max);
  setrlimit (resource, &wanted);
}

/* Our address space now, read before fork() (the child may not read files
 * through GLib). 0 when unknown. */
static guint64
current_address_space (void)
{
  g_autofree char *statm = NULL;
  guint64 pages;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;
  pages = g_ascii_strtoull (statm, NULL, 10);
  return pages * (guint64) sysconf (_SC_PAGESIZE);
}

typedef enum {
  READ_OK,
  READ_EOF,
  READ_TIMEOUT,
  READ_CANCELLED,
  READ_FAILED,
} ReadStatus;

/* Reads SIZE bytes, giving up at DEADLINE (monotonic µs) or on cancellation. */
static ReadStatus
read_exact (int      fd,
            int      cancel_fd,
            void    *buffer,
            gsize    size,
            gint64   deadline)
{
  guint8 *bytes = buffer;

  while (size > 0)
    {
      struct pollfd fds[2] = { { .fd = fd, .events = POLLIN }, { .fd = cancel_fd, .events = POLLIN } };
      gint64 left = deadline - g_get_monotonic_time ();
      ssize_t n;
      int ready;

      if (left <= 0)
        return READ_TIMEOUT;
      ready = poll (fds, cancel_fd >= 0 ? 2 : 1, (int) MIN ((left + 999) / 1000, G_MAXINT));
      if (ready < 0 && errno == EINTR)
        continue;
      if (ready < 0)
        return READ_FAILED;
      if (ready == 0)
        continue;  /* the deadline check above ends it */
      if (cancel_fd >= 0 && (fds[1].revents & POLLIN))
        return READ_CANCELLED;

      n = read (fd, bytes, size);
      if (n < 0 && (errno == EINTR || errno == EAGAIN))
        continue;
      if (n < 0)
        return READ_FAILED;
      if (n == 0)
        return READ_EOF;
      bytes += n;
      size -= (gsize) n;
    }
  return READ_OK;
}

static int
reap (pid_t pid)
{
  int status = 0;

  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  return status;
}

guint8 *
ll_decode_files_forked_full (const char * const *paths,
                             const char * const *names,
                             gsize               n_files,
                             guint              *width,
                             guint              *height,
                             guint              *channels,
                             gsize               max_total_bytes,
                             guint               timeout_ms,
                             LlForkedDecodeFunc  decode,
                             gpointer            user_data,
                             GCancellable       *cancellable,
                             GError            **error)
{
  g_autofree guint8 *block = NULL;
  GPollFD cancel_poll = { .fd = -1 };
  Record record;
  ReadStatus status = READ_OK;
  guint64 address_space;
  gsize image_bytes = 0, received = 0;
  gboolean have_shape = FALSE, failed = FALSE;
  int fds[2], wait_status;
  pid_t pid;

  g_return_val_if_fail (paths != NULL && names != NULL && n_files > 0, NULL);
  g_return_val_if_fail (width != NULL && height != NULL && channels != NULL, NULL);
  g_return_val_if_fail (*channels <= 3 && *channels != 2, NULL);
  g_return_val_if_fail (n_files <= G_MAXUINT32, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (*width > LL_IMAGE_MAX_SIDE || *height > LL_IMAGE_MAX_SIDE)
    {
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                   "an image size of %u×%u is over the limit of %u pixels a side",
                   *width, *height, LL_IMAGE_MAX_SIDE);
      return NULL;
    }
  if (decode == NULL)
    decode = decode_and_fit;
  if (timeout_ms == 0)
    timeout_ms = DEFAULT_TIMEOUT_MS;

  address_space = current_address_space ();
  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   "%s: cannot start the image decoder (%s)", names[0], g_strerror (saved_errno));
      return NULL;
    }

  pid = fork ();
  if (pid < 0)
    {
      int saved_errno = errno;

      close (fds[0]);
      close (fds[1]);
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   "%s: cannot start the image decoder (%s)", names[0], g_strerror (saved_errno));
      return NULL;
    }
  if (pid == 0)
    {
      close (fds[0]);
      if (address_space > 0)
        set_limit (RLIMIT_AS, address_space + CHILD_EXTRA_MEMORY);
      set_limit (RLIMIT_CORE, 0);
      set_limit (RLIMIT_FSIZE, 0);
      prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
      run_child (fds[1], paths, n_files, *width, *height, *channels, decode, user_data);
    }
  close (fds[1]);

  if (cancellable != NULL)
    g_cancellable_make_pollfd (cancellable, &cancel_poll);

  while (received < n_files && !failed)
    {
      /* The deadline restarts with each record: it bounds one image's time. */
      gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

      status = read_exact (fds[0], cancel_poll.fd, &record, sizeof record, deadline);
      if (status != READ_OK)
        break;

      if (record.kind == RECORD_SHAPE && !have_shape)
        {
          if (record.width == 0 || record.height == 0 || record.width > LL_IMAGE_MAX_SIDE
              || record.height > LL_IMAGE_MAX_SIDE || (record.channels != 1 && record.channels != 3))
            {
              status = READ_FAILED;
              break;
            }
          image_bytes = (gsize) record.width * record.height * record.channels;
          if (image_bytes > max_total_bytes / n_files)
            {
              kill (pid, SIGKILL);
              reap (pid);
              close (fds[0]);
              if (cancellable != NULL)
                g_cancellable_release_fd (cancellable);
              g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                           "%" G_GSIZE_FORMAT " images of %u×%u×%u would hold more than %"
                           G_GSIZE_FORMAT " MiB: choose a smaller image size", n_files,
                           record.width, record.height, record.channels,
                           max_total_bytes / (1024 * 1024));
              return NULL;
            }
          *width = record.width;
          *height = record.height;
          *channels = record.channels;
          block = g_malloc (n_files * image_bytes);
          have_shape = TRUE;
        }
      else if (record.kind == RECORD_IMAGE && have_shape && record.index == received)
        {
          status = read_exact (fds[0], cancel_poll.fd, block + received * image_bytes,
                               image_bytes, deadline);
          if (status != READ_OK)
            break;
          received++;
        }
      else if (record.kind == RECORD_FAILURE && record.index == received
               && record.failure.kind <= LL_IMAGE_FAILURE_LAST)
        {
          record.failure.reason[sizeof record.failure.reason - 1] = '\0';
          failed = TRUE;
        }
      else
        {
          status = READ_FAILED;
          break;
        }
    }

  if (status != READ_OK)
    kill (pid, SIGKILL);
  close (fds[0]);
  wait_status = reap (pid);
  if (cancellable != NULL)
    g_cancellable_release_fd (cancellable);

  if (failed)
    {
      ll_image_failure_to_error (&record.failure, names[received], error);
      return NULL;
    }
  switch (status)
    {
    case READ_OK:
      return g_steal_pointer (&block);
    case READ_CANCELLED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: decoding was cancelled",
                   names[received]);
      return NULL;
    case READ_TIMEOUT:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   "%s: the image decoder took longer than %u ms and was stopped",
                   names[received], timeout_ms);
      return NULL;
    case READ_EOF:
      if (WIFSIGNALED (wait_status))
        {
          g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                       "%s: the image decoder crashed (signal %d)",
                       names[received], WTERMSIG (wait_status));
          return NULL;
        }
      G_GNUC_FALLTHROUGH;
    case READ_FAILED:
    default:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   "%s: the image decoder stopped without a proper reply (exit status %d)",
                   names[received], WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1);
      return NULL;
    }
}

guint8 *
ll_decode_files_forked (const char * const *paths,
                        const char * const *names,
                        gsize               n_files,
                        guint              *width,
                        guint              *height,
                        guint              *channels,
                        gsize               max_total_bytes,
                        guint               timeout_ms,
                        GCancellable       *cancellable,
                        GError            **error)
{
  return ll_decode_files_forked_full (paths, names, n_files, width, height, channels,
                                      max_total_bytes, timeout_ms, NULL, NULL,
                                      cancellable, error);
}
