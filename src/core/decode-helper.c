/* decode-helper.c: decode one untrusted image in a short-lived, limited
 * child process, so that a decoder bug costs an error message, not the app.
 *
 * The child is `HELPER --decode-helper PATH CHANNELS` with RLIMIT_AS,
 * RLIMIT_CPU, no core files and no file writes; the parent kills it after a
 * wall-clock timeout or on cancellation. Its reply on stdout is
 *
 *     header (24 bytes, little-endian):
 *       "LLDH"  u32 version = 1  u32 kind  u32 a  u32 b  u32 c
 *     kind 0, an image: a, b, c = width, height, channels, then
 *       width * height * channels pixel bytes (HWC, rows top to bottom);
 *     kind 1, an error: a = LlImageError code, b = message length, c = 0,
 *       then the UTF-8 message (which already names the file).
 *
 * The parent trusts nothing in it: sizes are checked against the caps of
 * image.h and against the length actually received. */
#include "config.h"

#include "decode-helper.h"
#include "decode-private.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#define HELPER_MAGIC "LLDH"
#define HELPER_VERSION 1u
#define HELPER_HEADER_BYTES 24u
#define HELPER_MAX_MESSAGE 4096u
#define HELPER_STDERR_KEPT 4096u
#define HELPER_READ_CHUNK (256u * 1024u)

#define DEFAULT_MEMORY_LIMIT (G_GUINT64_CONSTANT (512) * 1024 * 1024)
#define DEFAULT_CPU_LIMIT_SECONDS 5u
#define DEFAULT_TIMEOUT_MS 10000u

enum {
  REPLY_IMAGE = 0,
  REPLY_ERROR = 1,
};

gboolean
ll_decode_write_all (int         fd,
                     const void *data,
                     gsize       size)
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

/* AddressSanitizer reserves terabytes of address space for its shadow when
 * a program starts: under a cap on the address space an instrumented helper
 * aborts before main. Sanitizer builds (tests/run-all) leave that one limit
 * out; ASan's own checks stand in for it there. */
#if defined(__SANITIZE_ADDRESS__)
#define LL_CAN_LIMIT_ADDRESS_SPACE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LL_CAN_LIMIT_ADDRESS_SPACE 0
#endif
#endif
#ifndef LL_CAN_LIMIT_ADDRESS_SPACE
#define LL_CAN_LIMIT_ADDRESS_SPACE 1
#endif

void
ll_decode_set_limit (int    resource,
                     rlim_t soft,
                     rlim_t hard)
{
  struct rlimit current, wanted;

  if (resource == RLIMIT_AS && !LL_CAN_LIMIT_ADDRESS_SPACE)
    return;
  if (getrlimit (resource, &current) == 0 && current.rlim_max != RLIM_INFINITY)
    {
      soft = MIN (soft, current.rlim_max);
      hard = MIN (hard, current.rlim_max);
    }
  wanted.rlim_cur = soft;
  wanted.rlim_max = hard;
  setrlimit (resource, &wanted);
}

/* ---- the child's side ---------------------------------------------------- */

static void
put_u32 (guint8 *out,
         guint32 value)
{
  out[0] = value & 0xff;
  out[1] = (value >> 8) & 0xff;
  out[2] = (value >> 16) & 0xff;
  out[3] = (value >> 24) & 0xff;
}

static guint32
get_u32 (const guint8 *in)
{
  return (guint32) in[0] | (guint32) in[1] << 8 | (guint32) in[2] << 16 | (guint32) in[3] << 24;
}

static void
make_header (guint8  *header,
             guint32  kind,
             guint32  a,
             guint32  b,
             guint32  c)
{
  memcpy (header, HELPER_MAGIC, 4);
  put_u32 (header + 4, HELPER_VERSION);
  put_u32 (header + 8, kind);
  put_u32 (header + 12, a);
  put_u32 (header + 16, b);
  put_u32 (header + 20, c);
}


int
ll_decode_helper_main (int    argc,
                       char **argv)
{
  static const char usage[] = "usage: logistic-lab --decode-helper PATH CHANNELS (1 or 3)\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = NULL;
  guint8 header[HELPER_HEADER_BYTES];
  guint64 channels = 0;

  /* No GTK, no locale: this process only reads one file and writes stdout. */
  if (argc != 4 || strcmp (argv[1], "--decode-helper") != 0
      || !g_ascii_string_to_unsigned (argv[3], 10, 1, 3, &channels, NULL)
      || channels == 2)
    {
      ll_decode_write_all (STDERR_FILENO, (const guint8 *) usage, sizeof usage - 1);
      return 2;
    }

  image = ll_image_load_file (argv[2], (guint) channels, &error);
  if (image == NULL)
    {
      gsize length = MIN (strlen (error->message), HELPER_MAX_MESSAGE);

      /* Cut on a character boundary so the message stays valid UTF-8. */
      while (length > 0 && length < strlen (error->message)
             && ((guint8) error->message[length] & 0xc0) == 0x80)
        length--;
      make_header (header, REPLY_ERROR, (guint32) error->code, (guint32) length, 0);
      if (!ll_decode_write_all (STDOUT_FILENO, header, sizeof header)
          || !ll_decode_write_all (STDOUT_FILENO, (const guint8 *) error->message, length))
        return 3;
      return 1;
    }

  make_header (header, REPLY_IMAGE, image->width, image->height, image->channels);
  if (!ll_decode_write_all (STDOUT_FILENO, header, sizeof header)
      || !ll_decode_write_all (STDOUT_FILENO, image->pixels,
                     (gsize) image->width * image->height * image->channels))
    return 3;
  return 0;
}

/* ---- the parent's side --------------------------------------------------- */

typedef struct {
  rlim_t memory_bytes;
  rlim_t cpu_seconds;
} ChildLimits;


/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
limit_child (gpointer user_data)
{
  const ChildLimits *limits = user_data;

  ll_decode_set_limit (RLIMIT_AS, limits->memory_bytes, limits->memory_bytes);
  /* SIGXCPU at the soft limit, SIGKILL one second later if it is ignored. */
  ll_decode_set_limit (RLIMIT_CPU, limits->cpu_seconds, limits->cpu_seconds + 1);
  ll_decode_set_limit (RLIMIT_CORE, 0, 0);
  ll_decode_set_limit (RLIMIT_FSIZE, 0, 0);
  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  /* Dies with the app rather than outliving it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
}

typedef struct _HelperRun HelperRun;

typedef struct {
  HelperRun *run;
  GInputStream *stream;
  GByteArray *data;
  gsize max_bytes;
  gboolean fatal_overflow;  /* stdout: over the cap is a bad reply; stderr: keep the start */
} Reader;

struct _HelperRun {
  GSubprocess *process;
  GCancellable *stop;   /* ends our reads once the child is killed */
  Reader out;
  Reader err;
  guint pending;        /* two readers and the wait */
  gboolean timed_out;
  gboolean cancelled;
  gboolean overflowed;
  GError *read_error;
};

static void
stop_child (HelperRun *run)
{
  g_subprocess_force_exit (run->process);
  g_cancellable_cancel (run->stop);
}

static void read_more (Reader *reader);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reader *reader = user_data;
  HelperRun *run = reader->run;
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  gsize size;
  const guint8 *data;

  if (bytes == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && run->read_error == NULL)
        run->read_error = g_steal_pointer (&error);
      run->pending--;
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  if (size == 0)
    {
      run->pending--;
      return;
    }
  if (reader->data->len + size > reader->max_bytes)
    {
      if (reader->fatal_overflow)
        {
          run->overflowed = TRUE;
          stop_child (run);
          run->pending--;
          return;
        }
      size = reader->max_bytes - reader->data->len;  /* keep the start, drain the rest */
    }
  g_byte_array_append (reader->data, data, (guint) size);
  read_more (reader);
}

static void
read_more (Reader *reader)
{
  g_input_stream_read_bytes_async (reader->stream, HELPER_READ_CHUNK, G_PRIORITY_DEFAULT,
                                   reader->run->stop, on_read, reader);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  HelperRun *run = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  run->pending--;
}

static gboolean
on_timeout (gpointer user_data)
{
  HelperRun *run = user_data;

  run->timed_out = TRUE;
  stop_child (run);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  HelperRun *run = user_data;

  run->cancelled = TRUE;
  stop_child (run);
  return G_SOURCE_REMOVE;
}

char *
ll_decode_format_duration (guint ms)
{
  if (ms % 1000 == 0)
    return g_strdup_printf ("%u s", ms / 1000);
  return g_strdup_printf ("%u ms", ms);
}

/* The first line of the child's stderr, if it said anything readable. */
static char *
first_stderr_line (GByteArray *err)
{
  g_autofree char *text = NULL;
  char *newline;

  if (err->len == 0)
    return NULL;
  text = g_utf8_make_valid ((const char *) err->data, err->len);
  newline = strchr (text, '\n');
  if (newline != NULL)
    *newline = '\0';
  g_strstrip (text);
  if (*text == '\0')
    return NULL;
  if (g_utf8_strlen (text, -1) > 200)
    *g_utf8_offset_to_pointer (text, 200) = '\0';
  return g_steal_pointer (&text);
}

/* Turns a clean exit's reply into an image or the child's own error. */
static LlImage *
parse_reply (const guint8  *reply,
             gsize          size,
             int            exit_status,
             guint          channels,
             const char    *name,
             GError       **error)
{
  guint32 kind, a, b, c;
  gsize body;

  if (size < HELPER_HEADER_BYTES || memcmp (reply, HELPER_MAGIC, 4) != 0
      || get_u32 (reply + 4) != HELPER_VERSION)
    return NULL;
  kind = get_u32 (reply + 8);
  a = get_u32 (reply + 12);
  b = get_u32 (reply + 16);
  c = get_u32 (reply + 20);
  body = size - HELPER_HEADER_BYTES;

  if (kind == REPLY_IMAGE && exit_status == 0)
    {
      LlImage *image;

      if (c != channels || a == 0 || b == 0 || a > LL_IMAGE_MAX_SIDE || b > LL_IMAGE_MAX_SIDE
          || (guint64) a * b > LL_IMAGE_MAX_PIXELS || body != (gsize) a * b * c)
        {
          g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                       "%s: the image decoder sent a malformed reply "
                       "(%u×%u×%u with %" G_GSIZE_FORMAT " bytes of pixels)", name, a, b, c, body);
          return NULL;
        }
      image = ll_image_new (a, b, c);
      memcpy (image->pixels, reply + HELPER_HEADER_BYTES, body);
      return image;
    }

  if (kind == REPLY_ERROR && exit_status == 1 && a <= LL_IMAGE_ERROR_HELPER
      && b == body && b > 0 && b <= HELPER_MAX_MESSAGE
      && g_utf8_validate ((const char *) reply + HELPER_HEADER_BYTES, (gssize) b, NULL))
    {
      g_autofree char *message = g_strndup ((const char *) reply + HELPER_HEADER_BYTES, b);

      g_set_error_literal (error, LL_IMAGE_ERROR, (int) a, message);
      return NULL;
    }

  return NULL;
}

LlImage *
ll_decode_in_helper (const LlDecodeHelperConfig *config,
                     const char                 *path,
                     guint                       channels,
                     GCancellable               *cancellable,
                     GError                    **error)
{
  static const LlDecodeHelperConfig defaults = { 0 };
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GMainContext) context = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GSource) timeout = NULL;
  g_autoptr (GSource) cancel_source = NULL;
  g_autofree char *name = NULL;
  g_autofree char *channels_arg = NULL;
  ChildLimits limits;
  HelperRun run = { 0 };
  const char *helper;
  guint timeout_ms;
  LlImage *image = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (channels == 1 || channels == 3, NULL);

  if (config == NULL)
    config = &defaults;
  name = g_filename_display_basename (path);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  helper = config->helper_path != NULL ? config->helper_path : "/proc/self/exe";
  limits.memory_bytes = config->memory_limit_bytes != 0 ? config->memory_limit_bytes : DEFAULT_MEMORY_LIMIT;
  limits.cpu_seconds = config->cpu_limit_seconds != 0 ? config->cpu_limit_seconds : DEFAULT_CPU_LIMIT_SECONDS;
  timeout_ms = config->timeout_ms != 0 ? config->timeout_ms : DEFAULT_TIMEOUT_MS;
  channels_arg = g_strdup_printf ("%u", channels);

  /* Our own context: this call blocks (on a worker thread) until the child
   * is done, and must not dispatch anybody else's sources meanwhile. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* One BLAS thread: the helper links OpenBLAS, whose thread buffers would
   * otherwise eat into the address-space limit for nothing. */
  g_subprocess_launcher_setenv (launcher, "OPENBLAS_NUM_THREADS", "1", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, limit_child, &limits, NULL);
  run.process = g_subprocess_launcher_spawn (launcher, &local_error,
                                             helper, "--decode-helper", path, channels_arg, NULL);
  if (run.process == NULL)
    {
      g_main_context_pop_thread_default (context);
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   "%s: cannot start the image decoder (%s)", name, local_error->message);
      return NULL;
    }

  run.stop = g_cancellable_new ();
  run.out = (Reader) {
    .run = &run,
    .stream = g_subprocess_get_stdout_pipe (run.process),
    .data = g_byte_array_new (),
    .max_bytes = HELPER_HEADER_BYTES + (gsize) LL_IMAGE_MAX_PIXELS * channels,
    .fatal_overflow = TRUE,
  };
  run.err = (Reader) {
    .run = &run,
    .stream = g_subprocess_get_stderr_pipe (run.process),
    .data = g_byte_array_new (),
    .max_bytes = HELPER_STDERR_KEPT,
    .fatal_overflow = FALSE,
  };
  run.pending = 3;
  read_more (&run.out);
  read_more (&run.err);
  g_subprocess_wait_async (run.process, NULL, on_exited, &run);

  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, on_timeout, &run, NULL);
  g_source_attach (timeout, context);
  if (cancellable != NULL)
    {
      cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (cancel_source, G_SOURCE_FUNC (on_cancelled), &run, NULL);
      g_source_attach (cancel_source, context);
    }

  while (run.pending > 0)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  if (cancel_source != NULL)
    g_source_destroy (cancel_source);
  g_main_context_pop_thread_default (context);

  if (run.cancelled)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s: decoding was cancelled", name);
  else if (run.timed_out)
    {
      g_autofree char *limit = ll_decode_format_duration (timeout_ms);

      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   "%s: the image decoder took longer than %s and was stopped", name, limit);
    }
  else if (run.overflowed)
    g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                 "%s: the image decoder sent more data than any allowed image holds", name);
  else if (g_subprocess_get_if_signaled (run.process))
    {
      int signum = g_subprocess_get_term_sig (run.process);

      if (signum == SIGXCPU)
        g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                     "%s: the image decoder used more than %u s of processor time "
                     "and was stopped (signal %d)", name, (guint) limits.cpu_seconds, signum);
      else if (signum == SIGKILL)
        g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                     "%s: the image decoder was killed (signal %d)", name, signum);
      else
        g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                     "%s: the image decoder crashed (signal %d)", name, signum);
    }
  else if (run.read_error != NULL)
    g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                 "%s: cannot read the image decoder's reply (%s)", name, run.read_error->message);
  else
    {
      GError *reply_error = NULL;
      int status = g_subprocess_get_exit_status (run.process);

      image = parse_reply (run.out.data->data, run.out.data->len, status, channels, name, &reply_error);
      if (reply_error != NULL)
        g_propagate_error (error, reply_error);
      else if (image == NULL && status == 0)
        g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                     "%s: the image decoder sent a malformed reply", name);
      else if (image == NULL)
        {
          g_autofree char *said = first_stderr_line (run.err.data);

          g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                       "%s: the image decoder failed (exit status %d%s%s)", name, status,
                       said != NULL ? ": " : "", said != NULL ? said : "");
        }
    }

  g_byte_array_unref (run.out.data);
  g_byte_array_unref (run.err.data);
  g_clear_error (&run.read_error);
  g_object_unref (run.stop);
  g_object_unref (run.process);
  return image;
}
