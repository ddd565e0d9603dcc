/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include "helper-program.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixinputstream.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>
#include <glib/gi18n-lib.h>

#define HELPER_MAGIC "LLDH"
#define HELPER_VERSION 1u
#define HELPER_HEADER_BYTES 24u
#define HELPER_MAX_MESSAGE 4096u
#define HELPER_STDERR_KEPT 4096u
#define HELPER_READ_CHUNK (256u * 1024u)
#define HELPER_PIPE_BYTES (1024 * 1024)
#define HELPER_HUGE_PAGES_FROM (4u * 1024u * 1024u)

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

/* Runs in the child between fork and exec: only async-signal-safe calls. */
static void
limit_child (gpointer user_data)
{
  const LlChildLimits *limits = user_data;

  ll_decode_set_limit (RLIMIT_AS, limits->memory_bytes, limits->memory_bytes);
  /* SIGXCPU at the soft limit, SIGKILL one second later if it is ignored. */
  ll_decode_set_limit (RLIMIT_CPU, limits->cpu_seconds, limits->cpu_seconds + 1);
  ll_decode_set_limit (RLIMIT_CORE, 0, 0);
  ll_decode_set_limit (RLIMIT_FSIZE, 0, 0);
  prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
  /* Dies with the app rather than outliving it. */
  prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
}

typedef LlHelperRun HelperRun;

/* The reply on stdout. A sane image header is followed by the pixels read
 * straight into the image that will be returned: a 12-megapixel photo is
 * 36 MB, and collecting it in growing buffers and copying it out cost more
 * than decoding it. Anything else (an error reply, garbage, bytes after the
 * pixels) is collected in OTHER, as is, for parse_reply. */
typedef struct {
  LlHelperReader base;     /* run and stream; the rest unused */
  guint channels;
  guint8 header[HELPER_HEADER_BYTES];
  gsize header_have;
  LlImage *image;          /* once the header announced a sane image */
  gsize pixels_have;
  GByteArray *other;       /* a reply that is not (only) that image */
  gsize received;
  gsize max_bytes;
  guint8 scratch[HELPER_READ_CHUNK];
} ReplyReader;

void
ll_helper_run_stop (LlHelperRun *run)
{
  g_subprocess_force_exit (run->process);
  g_cancellable_cancel (run->stop);
}

void
ll_helper_run_read_ended (LlHelperRun *run,
                          GError      *error)
{
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
      && run->read_error == NULL)
    run->read_error = g_error_copy (error);
  run->pending--;
}

static void read_more (LlHelperReader *reader);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  LlHelperReader *reader = user_data;
  HelperRun *run = reader->run;
  g_autoptr (GError) error = NULL;
  gssize size = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  g_byte_array_set_size (reader->data, (guint) (reader->reading_at + MAX (size, 0)));
  if (size <= 0)
    {
      ll_helper_run_read_ended (run, error);
      return;
    }
  if (reader->data->len > reader->max_bytes)
    {
      if (reader->overflow_stops)
        {
          run->overflowed = TRUE;
          ll_helper_run_stop (run);
          ll_helper_run_read_ended (run, NULL);
          return;
        }
      g_byte_array_set_size (reader->data, (guint) reader->max_bytes);  /* keep the start, drain the rest */
    }
  read_more (reader);
}

/* Reads straight into the end of the array (a reply of megabytes is not
 * copied chunk by chunk), asking for one byte past the cap at most, so a
 * reply that overflows is told from one that just fills it. */
static void
read_more (LlHelperReader *reader)
{
  gsize kept = reader->data->len;
  gsize count = kept < reader->max_bytes ? MIN (reader->max_bytes - kept + 1, HELPER_READ_CHUNK)
                                         : HELPER_READ_CHUNK;

  reader->reading_at = kept;
  g_byte_array_set_size (reader->data, (guint) (kept + count));
  g_input_stream_read_async (reader->stream, reader->data->data + kept, count, G_PRIORITY_DEFAULT,
                             reader->run->stop, on_read, reader);
}

static void read_reply (ReplyReader *reader);

static gsize
image_bytes_of (const LlImage *image)
{
  return (gsize) image->width * image->height * image->channels;
}

/* A photo's pixels fill 2 MB pages with one fault each instead of 512:
 * ~9000 fewer page faults for 12 megapixels (best effort). */
static LlImage *
with_huge_pages (LlImage *image)
{
  gsize page = (gsize) sysconf (_SC_PAGESIZE);
  guintptr start = ((guintptr) image->pixels + page - 1) & ~(guintptr) (page - 1);
  guintptr end = ((guintptr) image->pixels + image_bytes_of (image)) & ~(guintptr) (page - 1);

  if (end > start && end - start >= HELPER_HUGE_PAGES_FROM)
    madvise ((void *) start, end - start, MADV_HUGEPAGE);
  return image;
}

/* The header of an image of the wanted channels within the caps, or NULL. */
static LlImage *
image_for_header (const guint8 *header,
                  guint         channels)
{
  guint32 a, b, c;

  if (memcmp (header, HELPER_MAGIC, 4) != 0 || get_u32 (header + 4) != HELPER_VERSION
      || get_u32 (header + 8) != REPLY_IMAGE)
    return NULL;
  a = get_u32 (header + 12);
  b = get_u32 (header + 16);
  c = get_u32 (header + 20);
  if (c != channels || a == 0 || b == 0 || a > LL_IMAGE_MAX_SIDE || b > LL_IMAGE_MAX_SIDE
      || (guint64) a * b > LL_IMAGE_MAX_PIXELS)
    return NULL;
  return with_huge_pages (ll_image_new (a, b, c));
}

/* From now on everything goes to OTHER, after what came so far. */
static void
reply_fall_back (ReplyReader *reader)
{
  g_byte_array_append (reader->other, reader->header, (guint) reader->header_have);
  if (reader->image != NULL)
    {
      g_byte_array_append (reader->other, reader->image->pixels, (guint) reader->pixels_have);
      g_clear_pointer (&reader->image, ll_image_free);
    }
}

static void
on_reply_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  ReplyReader *reader = user_data;
  HelperRun *run = reader->base.run;
  g_autoptr (GError) error = NULL;
  gssize size = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);

  if (size <= 0)
    {
      ll_helper_run_read_ended (run, error);
      return;
    }
  reader->received += (gsize) size;
  if (reader->received > reader->max_bytes)
    {
      run->overflowed = TRUE;
      ll_helper_run_stop (run);
      ll_helper_run_read_ended (run, NULL);
      return;
    }

  if (reader->header_have < HELPER_HEADER_BYTES && reader->other->len == 0)
    {
      reader->header_have += (gsize) size;
      if (reader->header_have == HELPER_HEADER_BYTES)
        {
          reader->image = image_for_header (reader->header, reader->channels);
          if (reader->image == NULL)
            reply_fall_back (reader);
        }
    }
  else if (reader->image != NULL && reader->pixels_have < image_bytes_of (reader->image))
    reader->pixels_have += (gsize) size;
  else
    {
      if (reader->image != NULL)
        reply_fall_back (reader);  /* more than the header announced */
      g_byte_array_append (reader->other, reader->scratch, (guint) size);
    }
  read_reply (reader);
}

static void
read_reply (ReplyReader *reader)
{
  guint8 *target = reader->scratch;
  gsize count = sizeof reader->scratch;

  if (reader->header_have < HELPER_HEADER_BYTES && reader->other->len == 0)
    {
      target = reader->header + reader->header_have;
      count = HELPER_HEADER_BYTES - reader->header_have;
    }
  else if (reader->image != NULL && reader->pixels_have < image_bytes_of (reader->image))
    {
      target = reader->image->pixels + reader->pixels_have;
      count = image_bytes_of (reader->image) - reader->pixels_have;
    }
  g_input_stream_read_async (reader->base.stream, target, count, G_PRIORITY_DEFAULT,
                             reader->base.run->stop, on_reply_read, reader);
}

/* The image, when the reply was exactly a sane header and its pixels. */
static LlImage *
reply_take_image (ReplyReader *reader)
{
  if (reader->image == NULL || reader->pixels_have != image_bytes_of (reader->image))
    return NULL;
  return g_steal_pointer (&reader->image);
}

/* The reply as received, for parse_reply. */
static GByteArray *
reply_bytes (ReplyReader *reader)
{
  if (reader->other->len == 0)
    reply_fall_back (reader);
  return reader->other;
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
  ll_helper_run_stop (run);
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  HelperRun *run = user_data;

  run->cancelled = TRUE;
  ll_helper_run_stop (run);
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
char *
ll_helper_run_first_stderr_line (LlHelperRun *run)
{
  GByteArray *err = run->err.data;
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
                       _("%s: the image decoder sent a malformed reply "
                         "(%u×%u×%u with %zu bytes of pixels)"), name, a, b, c, body);
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

gboolean
ll_helper_run (LlHelperRun         *run,
               const char * const  *argv,
               const LlChildLimits *limits,
               guint                timeout_ms,
               GCancellable        *cancellable,
               LlHelperReader      *reply,
               LlHelperReplyFunc    read_reply_start,
               GError             **error)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GMainContext) context = NULL;
  g_autoptr (GSource) timeout = NULL;
  g_autoptr (GSource) cancel_source = NULL;
  g_autofree char *tunables = NULL;

  /* Our own context: this call blocks (on a worker thread) until the child
   * is done, and must not dispatch anybody else's sources meanwhile. */
  context = g_main_context_new ();
  g_main_context_push_thread_default (context);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  /* One BLAS thread, should a helper (a test's stand-in) load OpenBLAS: its
   * thread buffers would eat into the address-space limit. */
  g_subprocess_launcher_setenv (launcher, "OPENBLAS_NUM_THREADS", "1", TRUE);
  /* glibc's malloc on 2 MB pages where it can: stb's buffers for a photo
   * then cost ~3000 page faults instead of ~14000 (15 % of the decode). */
  tunables = g_strconcat (g_getenv ("GLIBC_TUNABLES") != NULL ? g_getenv ("GLIBC_TUNABLES") : "",
                          g_getenv ("GLIBC_TUNABLES") != NULL ? ":" : "",
                          "glibc.malloc.hugetlb=1", NULL);
  g_subprocess_launcher_setenv (launcher, "GLIBC_TUNABLES", tunables, TRUE);
  g_subprocess_launcher_set_child_setup (launcher, limit_child, (gpointer) limits, NULL);
  run->process = g_subprocess_launcher_spawnv (launcher, argv, error);
  if (run->process == NULL)
    {
      g_main_context_pop_thread_default (context);
      return FALSE;
    }

  run->stop = g_cancellable_new ();
  run->err.data = g_byte_array_new ();
  run->err.max_bytes = HELPER_STDERR_KEPT;
  run->err.run = run;
  run->err.stream = g_subprocess_get_stderr_pipe (run->process);
  reply->run = run;
  reply->stream = g_subprocess_get_stdout_pipe (run->process);
  /* A larger pipe: fewer wake-ups while megabytes stream in (best effort). */
  if (G_IS_UNIX_INPUT_STREAM (reply->stream))
    fcntl (g_unix_input_stream_get_fd (G_UNIX_INPUT_STREAM (reply->stream)), F_SETPIPE_SZ,
           HELPER_PIPE_BYTES);
  run->pending = 3;  /* two readers and the wait */
  if (read_reply_start != NULL)
    read_reply_start (reply);
  else
    read_more (reply);
  read_more (&run->err);
  g_subprocess_wait_async (run->process, NULL, on_exited, run);

  timeout = g_timeout_source_new (timeout_ms);
  g_source_set_callback (timeout, on_timeout, run, NULL);
  g_source_attach (timeout, context);
  if (cancellable != NULL)
    {
      cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (cancel_source, G_SOURCE_FUNC (on_cancelled), run, NULL);
      g_source_attach (cancel_source, context);
    }

  while (run->pending > 0)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (timeout);
  if (cancel_source != NULL)
    g_source_destroy (cancel_source);
  g_main_context_pop_thread_default (context);
  return TRUE;
}

void
ll_helper_run_clear (LlHelperRun *run)
{
  g_clear_pointer (&run->err.data, g_byte_array_unref);
  g_clear_error (&run->read_error);
  g_clear_object (&run->stop);
  g_clear_object (&run->process);
}

/* Starts the image reply reader on the child's stdout. */
static void
start_image_reply (LlHelperReader *reader)
{
  read_reply ((ReplyReader *) reader);
}

LlImage *
ll_decode_in_helper (const LlDecodeHelperConfig *config,
                     const char                 *path,
                     guint                       channels,
                     GCancellable               *cancellable,
                     GError                    **error)
{
  static const LlDecodeHelperConfig defaults = { 0 };
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *channels_arg = NULL;
  g_autofree char *program = NULL;
  LlChildLimits limits;
  HelperRun run = { 0 };
  ReplyReader *out;
  const char *argv[5];
  guint timeout_ms;
  LlImage *image = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (channels == 1 || channels == 3, NULL);

  if (config == NULL)
    config = &defaults;
  name = g_filename_display_basename (path);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  limits.memory_bytes = config->memory_limit_bytes != 0 ? config->memory_limit_bytes : DEFAULT_MEMORY_LIMIT;
  limits.cpu_seconds = config->cpu_limit_seconds != 0 ? config->cpu_limit_seconds : DEFAULT_CPU_LIMIT_SECONDS;
  timeout_ms = config->timeout_ms != 0 ? config->timeout_ms : DEFAULT_TIMEOUT_MS;
  if (config->helper_path == NULL
      && (program = ll_helper_program_find (LL_PROGRAM_DECODE, &local_error)) == NULL)
    {
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   _("%s: cannot start the image decoder (%s)"), name, local_error->message);
      return NULL;
    }
  channels_arg = g_strdup_printf ("%u", channels);
  argv[0] = config->helper_path != NULL ? config->helper_path : program;
  argv[1] = "--decode-helper";
  argv[2] = path;
  argv[3] = channels_arg;
  argv[4] = NULL;

  out = g_new0 (ReplyReader, 1);
  out->channels = channels;
  out->other = g_byte_array_new ();
  out->max_bytes = HELPER_HEADER_BYTES + (gsize) LL_IMAGE_MAX_PIXELS * channels;
  if (!ll_helper_run (&run, argv, &limits, timeout_ms, cancellable, &out->base, start_image_reply,
                      &local_error))
    {
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   _("%s: cannot start the image decoder (%s)"), name, local_error->message);
      g_byte_array_unref (out->other);
      g_free (out);
      return NULL;
    }

  if (run.cancelled)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("%s: decoding was cancelled"), name);
  else if (run.timed_out)
    {
      g_autofree char *limit = ll_decode_format_duration (timeout_ms);

      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                   _("%s: the image decoder took longer than %s and was stopped"), name, limit);
    }
  else if (run.overflowed)
    g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                 _("%s: the image decoder sent more data than any allowed image holds"), name);
  else if (g_subprocess_get_if_signaled (run.process))
    {
      int signum = g_subprocess_get_term_sig (run.process);

      if (signum == SIGXCPU)
        g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                     _("%s: the image decoder used more than %u s of processor time "
                       "and was stopped (signal %d)"), name, (guint) limits.cpu_seconds, signum);
      else if (signum == SIGKILL)
        g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                     _("%s: the image decoder was killed (signal %d)"), name, signum);
      else
        g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                     _("%s: the image decoder crashed (signal %d)"), name, signum);
    }
  else if (run.read_error != NULL)
    g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                 _("%s: cannot read the image decoder's reply (%s)"), name, run.read_error->message);
  else
    {
      GError *reply_error = NULL;
      int status = g_subprocess_get_exit_status (run.process);
      if (status == 0)
        image = reply_take_image (out);
      if (image == NULL)
        {
          GByteArray *reply = reply_bytes (out);

          image = parse_reply (reply->data, reply->len, status, channels, name, &reply_error);
        }
      if (reply_error != NULL)
        g_propagate_error (error, reply_error);
      else if (image == NULL && status == 0)
        g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                     _("%s: the image decoder sent a malformed reply"), name);
      else if (image == NULL)
        {
          g_autofree char *said = ll_helper_run_first_stderr_line (&run);

          g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER,
                       _("%s: the image decoder failed (exit status %d%s%s)"), name, status,
                       said != NULL ? ": " : "", said != NULL ? said : "");
        }
    }

  g_clear_pointer (&out->image, ll_image_free);
  g_byte_array_unref (out->other);
  g_free (out);
  ll_helper_run_clear (&run);
  return image;
}
