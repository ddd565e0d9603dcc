/* SPDX-License-Identifier: GPL-3.0-or-later */
/* decode-batch.c: a dataset's images decoded in forked children.
 *
 * Fuzzing Debian's stb_image JPEG decoder finds heap reads after free within
 * seconds, so even a dataset the user chose is not decoded in the calling
 * process (the app's window, a training in progress). fork() without exec:
 * the children already hold the code and the file list, and this works in
 * any program. The files are split in contiguous ranges over up to one
 * worker per core (at most 4); worker 0 starts first and reports the shape
 * (from the first image's header unless given), the others start with it.
 *
 * After fork() in a threaded process a child may only use malloc and system
 * calls: it runs the *_raw functions of image.h, writes fixed-layout records
 * to its pipe, then _exit()s. Limits: RLIMIT_AS (what it inherits + 1 GiB),
 * no core files, no file writes, killed with the calling thread
 * (PR_SET_PDEATHSIG: that thread blocks here until every child is reaped),
 * and a wall-clock limit on each image.
 *
 * Records (native layout: both ends are the same binary), per worker:
 *   SHAPE   width, height, channels used for all images (first)
 *   IMAGE   index, then width * height * channels pixel bytes
 *   FAILURE index and an LlImageFailure; the worker stops after it
 * When several things go wrong, the lowest file index is reported, so a
 * folder always gives the same message whatever the number of cores. */
#include "config.h"

#include "decode-helper.h"
#include "decode-private.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

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

  ll_decode_write_all (fd, &record, sizeof record);
  _exit (0);
}

/* Decodes files [FIRST, END) and _exit()s. With no shape given (only ever
 * for the worker that starts at 0), the first image's header sets it. */
static void G_GNUC_NORETURN
run_child (int                 fd,
           const char * const *paths,
           gsize               first,
           gsize               end,
           guint               width,
           guint               height,
           guint               channels,
           LlForkedDecodeFunc  decode,
           gpointer            user_data)
{
  LlImageFailure failure = { 0 };
  Record shape = { .kind = RECORD_SHAPE, .index = (guint32) first };
  guint8 *pixels;
  gsize image_bytes;

  if (width == 0 || height == 0 || channels == 0)
    {
      guint8 *data = NULL;
      gsize size = 0;
      guint first_width, first_height, first_channels;

      if (!ll_image_read_raw (paths[first], LL_IMAGE_MAX_FILE_BYTES, &data, &size, &failure)
          || !ll_image_probe_raw (data, size, &first_width, &first_height, &first_channels, &failure))
        send_failure_and_exit (fd, first, &failure);
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
  if (!ll_decode_write_all (fd, &shape, sizeof shape))
    _exit (1);

  image_bytes = (gsize) width * height * channels;
  pixels = g_try_malloc (sizeof (Record) + image_bytes);
  if (pixels == NULL)
    _exit (1);
  for (gsize i = first; i < end; i++)
    {
      Record record = { .kind = RECORD_IMAGE, .index = (guint32) i };

      if (!decode (paths[i], width, height, channels, pixels + sizeof record, &failure, user_data))
        send_failure_and_exit (fd, i, &failure);
      /* One write per image: the header and the pixels together. */
      memcpy (pixels, &record, sizeof record);
      if (!ll_decode_write_all (fd, pixels, sizeof record + image_bytes))
        _exit (1);
    }
  _exit (0);
}

/* ---- the parent ----------------------------------------------------------- */


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

/* What went wrong first, by file index: the error names that file, so the
 * same folder always gives the same message however the work was split. */
typedef enum {
  PROBLEM_NONE,
  PROBLEM_FAILURE,    /* the decoder's own verdict: failure */
  PROBLEM_CRASH,      /* signal */
  PROBLEM_TIMEOUT,
  PROBLEM_BAD_REPLY,  /* exit_status, or -1 */
  PROBLEM_CANCELLED,
  PROBLEM_TOO_LARGE,  /* the shape makes the block too large */
} ProblemKind;

typedef struct {
  ProblemKind kind;
  gsize index;
  LlImageFailure failure;
  int signal;
  int exit_status;
} Problem;

typedef struct {
  gboolean started;
  pid_t pid;            /* 0 once reaped */
  int fd;               /* -1 once closed */
  gsize first, end;     /* its files */
  gsize next;           /* the index of the next image it owes */
  gboolean shape_seen;
  gint64 deadline;      /* for its next record */
  Record record;        /* the record being read */
  gsize have;           /* bytes of it (then of its pixels) read so far */
  gboolean in_pixels;
} Worker;

typedef struct {
  const char * const *paths;
  gsize n_files;
  guint width, height, channels;  /* 0 until the first worker says */
  gsize image_bytes;
  gsize max_total_bytes;
  guint timeout_ms;
  guint64 address_space;
  LlForkedDecodeFunc decode;
  gpointer user_data;
  guint8 *block;
  Worker *workers;
  guint n_workers;
  gsize per_worker;
  Problem problem;
} Batch;

static void
note_problem (Batch       *batch,
              gsize        index,
              ProblemKind  kind)
{
  if (batch->problem.kind != PROBLEM_NONE && batch->problem.index <= index)
    return;
  memset (&batch->problem, 0, sizeof batch->problem);
  batch->problem.kind = kind;
  batch->problem.index = index;
}

static gboolean
start_worker (Batch    *batch,
              Worker   *worker,
              GError  **error)
{
  int fds[2];
  pid_t pid;

  if (pipe2 (fds, O_CLOEXEC) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER, _("cannot start the image decoder (%s)"),
                   g_strerror (saved_errno));
      return FALSE;
    }
  pid = fork ();
  if (pid < 0)
    {
      int saved_errno = errno;

      close (fds[0]);
      close (fds[1]);
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER, _("cannot start the image decoder (%s)"),
                   g_strerror (saved_errno));
      return FALSE;
    }
  if (pid == 0)
    {
      close (fds[0]);
      if (batch->address_space > 0)
        ll_decode_set_limit (RLIMIT_AS, batch->address_space + CHILD_EXTRA_MEMORY,
                             batch->address_space + CHILD_EXTRA_MEMORY);
      ll_decode_set_limit (RLIMIT_CORE, 0, 0);
      ll_decode_set_limit (RLIMIT_FSIZE, 0, 0);
      prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
      run_child (fds[1], batch->paths, worker->first, worker->end,
                 batch->width, batch->height, batch->channels, batch->decode, batch->user_data);
    }
  close (fds[1]);
  fcntl (fds[0], F_SETFL, fcntl (fds[0], F_GETFL) | O_NONBLOCK);
  worker->started = TRUE;
  worker->pid = pid;
  worker->fd = fds[0];
  worker->next = worker->first;
  worker->deadline = g_get_monotonic_time () + (gint64) batch->timeout_ms * 1000;
  return TRUE;
}

/* Kills (if still running) and reaps; returns the wait status. */
static int
stop_worker (Worker   *worker,
             gboolean  kill_it)
{
  int status = 0;

  if (worker->fd >= 0)
    {
      close (worker->fd);
      worker->fd = -1;
    }
  if (worker->pid > 0)
    {
      if (kill_it)
        kill (worker->pid, SIGKILL);
      while (waitpid (worker->pid, &status, 0) < 0 && errno == EINTR)
        ;
      worker->pid = 0;
    }
  return status;
}

static gboolean
worker_active (const Worker *worker)
{
  return worker->fd >= 0;
}

/* The first record of the batch fixes the shape and allocates the block;
 * the other workers start only then, with that shape. */
static void
take_shape (Batch  *batch,
            Worker *worker)
{
  const Record *record = &worker->record;

  if (batch->width == 0)
    {
      if (record->width == 0 || record->height == 0 || record->width > LL_IMAGE_MAX_SIDE
          || record->height > LL_IMAGE_MAX_SIDE || (record->channels != 1 && record->channels != 3))
        {
          note_problem (batch, worker->next, PROBLEM_BAD_REPLY);
          return;
        }
      batch->width = record->width;
      batch->height = record->height;
      batch->channels = record->channels;
      batch->image_bytes = (gsize) record->width * record->height * record->channels;
      if (batch->image_bytes > batch->max_total_bytes / batch->n_files)
        {
          note_problem (batch, 0, PROBLEM_TOO_LARGE);
          return;
        }
      batch->block = g_malloc (batch->n_files * batch->image_bytes);
    }
  else if (record->width != batch->width || record->height != batch->height
           || record->channels != batch->channels)
    {
      note_problem (batch, worker->next, PROBLEM_BAD_REPLY);
      return;
    }
  worker->shape_seen = TRUE;
}

/* Reads what WORKER has sent; notes a problem or the end of its range. */
static void
read_worker (Batch  *batch,
             Worker *worker)
{
  for (;;)
    {
      guint8 *target;
      gsize wanted;
      ssize_t n;

      if (worker->in_pixels)
        {
          target = batch->block + worker->next * batch->image_bytes;
          wanted = batch->image_bytes;
        }
      else
        {
          target = (guint8 *) &worker->record;
          wanted = sizeof worker->record;
        }

      n = read (worker->fd, target + worker->have, wanted - worker->have);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && errno == EAGAIN)
        return;
      if (n <= 0)
        {
          /* The end: fine after its last image, otherwise it died. */
          int status = stop_worker (worker, FALSE);

          if (worker->next < worker->end)
            {
              if (WIFSIGNALED (status))
                {
                  note_problem (batch, worker->next, PROBLEM_CRASH);
                  if (batch->problem.index == worker->next)
                    batch->problem.signal = WTERMSIG (status);
                }
              else
                {
                  note_problem (batch, worker->next, PROBLEM_BAD_REPLY);
                  if (batch->problem.index == worker->next)
                    batch->problem.exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
                }
            }
          return;
        }
      worker->have += (gsize) n;
      if (worker->have < wanted)
        continue;

      /* A whole record, or a whole image. */
      worker->have = 0;
      worker->deadline = g_get_monotonic_time () + (gint64) batch->timeout_ms * 1000;
      if (worker->in_pixels)
        {
          worker->in_pixels = FALSE;
          worker->next++;
          continue;
        }
      if (worker->record.kind == RECORD_SHAPE && !worker->shape_seen
          && worker->record.index == worker->first)
        take_shape (batch, worker);
      else if (worker->record.kind == RECORD_IMAGE && worker->shape_seen
               && worker->record.index == worker->next && worker->next < worker->end)
        worker->in_pixels = TRUE;
      else if (worker->record.kind == RECORD_FAILURE && worker->record.index == worker->next
               && worker->next < worker->end
               && worker->record.failure.kind <= LL_IMAGE_FAILURE_LAST)
        {
          note_problem (batch, worker->next, PROBLEM_FAILURE);
          if (batch->problem.index == worker->next)
            {
              batch->problem.failure = worker->record.failure;
              batch->problem.failure.reason[sizeof batch->problem.failure.reason - 1] = '\0';
            }
          stop_worker (worker, TRUE);
          return;
        }
      else
        note_problem (batch, worker->next, PROBLEM_BAD_REPLY);

      if (batch->problem.kind != PROBLEM_NONE && batch->problem.index <= worker->next)
        {
          stop_worker (worker, TRUE);
          return;
        }
    }
}

/* Once a problem at index i is known, only workers still owing images
 * before i matter. */
static gboolean
worker_still_needed (const Batch  *batch,
                     const Worker *worker)
{
  return batch->problem.kind == PROBLEM_NONE || worker->next < batch->problem.index;
}

static void
set_problem_error (const Batch        *batch,
                   const char * const *names,
                   GError            **error)
{
  const Problem *problem = &batch->problem;
  const char *name = names[problem->index];

  switch (problem->kind)
    {
    case PROBLEM_FAILURE:
      ll_image_failure_to_error (&problem->failure, name, error);
      break;
    case PROBLEM_CRASH:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   _("%s: the image decoder crashed (signal %d)"), name, problem->signal);
      break;
    case PROBLEM_TIMEOUT:
      {
        g_autofree char *limit = ll_decode_format_duration (batch->timeout_ms);

        g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                     _("%s: the image decoder took longer than %s and was stopped"), name, limit);
      }
      break;
    case PROBLEM_CANCELLED:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("%s: decoding was cancelled"), name);
      break;
    case PROBLEM_TOO_LARGE:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                   _("%zu images of %u×%u×%u would hold more than %zu MiB: choose a smaller image size"), batch->n_files,
                   batch->width, batch->height, batch->channels,
                   batch->max_total_bytes / (1024 * 1024));
      break;
    case PROBLEM_BAD_REPLY:
    case PROBLEM_NONE:
    default:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   _("%s: the image decoder stopped without a proper reply (exit status %d)"),
                   name, problem->exit_status);
      break;
    }
}

/* How many processes: one per core (at most 4), each with at least 32 files,
 * so that small sets pay for a single fork. */
static guint
choose_workers (gsize n_files)
{
  guint cores = CLAMP (g_get_num_processors (), 1, 4);

  return (guint) CLAMP ((n_files + 31) / 32, 1, cores);
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
  Batch batch = { 0 };
  GPollFD cancel_poll = { .fd = -1 };
  g_autofree Worker *workers = NULL;
  g_autofree struct pollfd *fds = NULL;
  guint8 *result = NULL;

  g_return_val_if_fail (paths != NULL && names != NULL && n_files > 0, NULL);
  g_return_val_if_fail (width != NULL && height != NULL && channels != NULL, NULL);
  g_return_val_if_fail (*channels <= 3 && *channels != 2, NULL);
  g_return_val_if_fail (n_files <= G_MAXUINT32, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (*width > LL_IMAGE_MAX_SIDE || *height > LL_IMAGE_MAX_SIDE)
    {
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                   _("an image size of %u×%u is over the limit of %u pixels a side"),
                   *width, *height, LL_IMAGE_MAX_SIDE);
      return NULL;
    }

  batch.paths = paths;
  batch.n_files = n_files;
  batch.max_total_bytes = max_total_bytes;
  batch.timeout_ms = timeout_ms != 0 ? timeout_ms : DEFAULT_TIMEOUT_MS;
  batch.decode = decode != NULL ? decode : decode_and_fit;
  batch.user_data = user_data;
  batch.address_space = current_address_space ();
  batch.n_workers = choose_workers (n_files);
  batch.per_worker = (n_files + batch.n_workers - 1) / batch.n_workers;
  workers = g_new0 (Worker, batch.n_workers);
  batch.workers = workers;
  for (guint w = 0; w < batch.n_workers; w++)
    {
      workers[w].fd = -1;
      workers[w].first = MIN ((gsize) w * batch.per_worker, n_files);
      workers[w].end = MIN (workers[w].first + batch.per_worker, n_files);
    }
  fds = g_new0 (struct pollfd, batch.n_workers + 1);

  /* Worker 0 gets the wish, parts of which may be 0 (= the first image's);
   * the shape it reports is the batch's, and the others start with it. */
  batch.width = *width;
  batch.height = *height;
  batch.channels = *channels;
  if (!start_worker (&batch, &workers[0], error))
    return NULL;
  batch.width = batch.height = batch.channels = 0;

  if (cancellable != NULL)
    g_cancellable_make_pollfd (cancellable, &cancel_poll);

  for (;;)
    {
      gint64 now, soonest = G_MAXINT64;
      guint n_fds = 0;
      int ready;

      /* Once the shape is known, the other workers can start. */
      if (batch.block != NULL && batch.problem.kind == PROBLEM_NONE)
        for (guint w = 1; w < batch.n_workers; w++)
          if (!workers[w].started && workers[w].first < workers[w].end
              && !start_worker (&batch, &workers[w], error))
            goto out;

      for (guint w = 0; w < batch.n_workers; w++)
        {
          if (!worker_active (&workers[w]))
            continue;
          if (!worker_still_needed (&batch, &workers[w]))
            {
              stop_worker (&workers[w], TRUE);
              continue;
            }
          fds[n_fds++] = (struct pollfd) { .fd = workers[w].fd, .events = POLLIN };
          soonest = MIN (soonest, workers[w].deadline);
        }
      if (n_fds == 0)
        break;
      if (cancel_poll.fd >= 0)
        fds[n_fds] = (struct pollfd) { .fd = cancel_poll.fd, .events = POLLIN };

      now = g_get_monotonic_time ();
      ready = poll (fds, n_fds + (cancel_poll.fd >= 0 ? 1 : 0),
                    (int) CLAMP ((soonest - now + 999) / 1000, 0, G_MAXINT));
      if (ready < 0 && errno != EINTR)
        {
          note_problem (&batch, 0, PROBLEM_BAD_REPLY);
          break;
        }
      if (cancel_poll.fd >= 0 && (fds[n_fds].revents & POLLIN))
        {
          note_problem (&batch, 0, PROBLEM_CANCELLED);
          break;
        }

      now = g_get_monotonic_time ();
      for (guint w = 0; w < batch.n_workers; w++)
        {
          Worker *worker = &workers[w];

          if (!worker_active (worker))
            continue;
          read_worker (&batch, worker);
          if (worker_active (worker) && now >= worker->deadline)
            {
              note_problem (&batch, worker->next, PROBLEM_TIMEOUT);
              stop_worker (worker, TRUE);
            }
        }
    }

  if (batch.problem.kind == PROBLEM_NONE)
    {
      *width = batch.width;
      *height = batch.height;
      *channels = batch.channels;
      result = g_steal_pointer (&batch.block);
    }
  else
    set_problem_error (&batch, names, error);

out:
  for (guint w = 0; w < batch.n_workers; w++)
    stop_worker (&workers[w], TRUE);
  if (cancellable != NULL)
    g_cancellable_release_fd (cancellable);
  g_free (batch.block);
  return result;
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
