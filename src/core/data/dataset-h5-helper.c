/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-h5-helper.c: the parent's side of reading an .h5 pair in a
 * short-lived, limited child (`logistic-lab-read-h5 --read-h5 PATH`, whose side is
 * dataset-h5-child.c), so that a crash or hang inside libhdf5 costs an error
 * message naming the file, not the app or the command. No HDF5 here: the
 * CLI and the app do not even load the library.
 *
 * The reply (protocol in dataset-h5-helper.h) is trusted in nothing: every
 * size is checked against the caps of dataset.h and against the bytes
 * actually received. */
#include "config.h"

#include "core/io/text-escape.h"
#include "dataset-h5-helper.h"
#include "dataset-h5-plain.h"
#include "decode-private.h"
#include "helper-program.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#define DEFAULT_MEMORY_LIMIT (G_GUINT64_CONSTANT (2048) * 1024 * 1024)
#define DEFAULT_CPU_LIMIT_SECONDS 60u
#define DEFAULT_TIMEOUT_MS 120000u
#define MAX_FILE_RECORDS 2u

/* ---- the parent's side --------------------------------------------------- */

/* Reads a reply front to back; every take fails once the bytes run out. */
typedef struct {
  const guint8 *data;
  gsize left;
} Cursor;

static gboolean
take (Cursor        *cursor,
      gsize          size,
      const guint8 **out)
{
  if (size > cursor->left)
    return FALSE;
  *out = cursor->data;
  cursor->data += size;
  cursor->left -= size;
  return TRUE;
}

static gboolean
take_u32 (Cursor  *cursor,
          guint32 *value)
{
  const guint8 *p;

  if (!take (cursor, 4, &p))
    return FALSE;
  *value = (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
  return TRUE;
}

static gboolean
take_u64 (Cursor  *cursor,
          guint64 *value)
{
  guint32 low, high;

  if (!take_u32 (cursor, &low) || !take_u32 (cursor, &high))
    return FALSE;
  *value = (guint64) high << 32 | low;
  return TRUE;
}

/* A length-prefixed string of at most LL_H5_MAX_STRING bytes, no NULs, and
 * valid UTF-8 unless it is a file name. */
static char *
take_string_full (Cursor   *cursor,
                  gboolean  utf8)
{
  const guint8 *p;
  guint32 length;

  if (!take_u32 (cursor, &length) || length > LL_H5_MAX_STRING || !take (cursor, length, &p)
      || memchr (p, '\0', length) != NULL
      || (utf8 && !g_utf8_validate ((const char *) p, length, NULL)))
    return NULL;
  return g_strndup ((const char *) p, length);
}

static char *
take_string (Cursor *cursor)
{
  return take_string_full (cursor, TRUE);
}

/* One split's pixels and labels, COUNT images of N_FEATURES bytes. */
static gboolean
take_split (Cursor  *cursor,
            guint64  count,
            gsize    n_features,
            guint    n_classes,
            LlSplit *split)
{
  const guint8 *pixels, *labels;

  if (!take (cursor, count * n_features, &pixels) || !take (cursor, count, &labels))
    return FALSE;
  for (gsize i = 0; i < count; i++)
    if (labels[i] >= n_classes)
      return FALSE;
  split->count = count;
  split->pixels = g_memdup2 (pixels, count * n_features);
  split->labels = g_memdup2 (labels, count);
  return TRUE;
}

static gboolean
split_count_ok (guint64 count,
                gsize   n_features)
{
  return count >= 1 && count <= LL_DATASET_MAX_IMAGES
         && count * n_features <= LL_DATASET_MAX_PIXEL_BYTES;  /* at most 2^24 * 2^26: no overflow */
}

/* A DATASET payload, checked field by field and to its last byte. */
static LlDataset *
parse_dataset (Cursor     *cursor,
               const char *path)
{
  g_autoptr (LlDataset) dataset = g_new0 (LlDataset, 1);
  guint32 height, width, channels, n_classes;
  guint64 train_count, test_count;
  g_autofree char *sent_path = NULL;

  if (!take_u32 (cursor, &height) || !take_u32 (cursor, &width) || !take_u32 (cursor, &channels)
      || !take_u32 (cursor, &n_classes) || !take_u64 (cursor, &train_count)
      || !take_u64 (cursor, &test_count))
    return NULL;
  if (height < 1 || height > LL_DATASET_MAX_SIDE || width < 1 || width > LL_DATASET_MAX_SIDE
      || (channels != 1 && channels != 3) || n_classes < 2 || n_classes > LL_H5_MAX_CLASSES)
    return NULL;
  dataset->height = height;
  dataset->width = width;
  dataset->channels = channels;
  dataset->n_features = (gsize) height * width * channels;
  dataset->n_classes = n_classes;
  if (!split_count_ok (train_count, dataset->n_features)
      || !split_count_ok (test_count, dataset->n_features))
    return NULL;

  dataset->name = take_string (cursor);
  sent_path = take_string_full (cursor, FALSE);
  dataset->format = take_string (cursor);
  /* The path is ours: the child only echoes it. */
  if (dataset->name == NULL || sent_path == NULL || dataset->format == NULL
      || strcmp (sent_path, path) != 0 || strcmp (dataset->format, "h5") != 0)
    return NULL;
  dataset->path = g_strdup (path);
  dataset->input_files = g_new0 (char *, 3);
  if (!ll_dataset_find_h5_pair (path, &dataset->input_files[0], &dataset->input_files[1], NULL))
    g_clear_pointer (&dataset->input_files, g_strfreev);
  dataset->class_names = g_new0 (char *, n_classes + 1);
  for (guint c = 0; c < n_classes; c++)
    {
      g_autofree char *sent = take_string (cursor);

      /* The child escaped them; a child taken over by a hostile file may not. */
      if (sent == NULL)
        return NULL;
      dataset->class_names[c] = ll_text_escape_controls (sent);
    }
  {
    g_autofree char *sent_name = g_steal_pointer (&dataset->name);

    dataset->name = ll_text_escape_controls (sent_name);
  }
  if (!take_split (cursor, train_count, dataset->n_features, n_classes, &dataset->train)
      || !take_split (cursor, test_count, dataset->n_features, n_classes, &dataset->test)
      || cursor->left != 0)
    return NULL;
  return g_steal_pointer (&dataset);
}

/* An ERROR payload: the reader's own error, as it was. */
static GError *
parse_error (Cursor *cursor)
{
  guint32 domain, code;
  g_autofree char *message = NULL;

  if (!take_u32 (cursor, &domain) || !take_u32 (cursor, &code)
      || cursor->left == 0 || cursor->left > LL_H5_MAX_STRING
      || memchr (cursor->data, '\0', cursor->left) != NULL
      || !g_utf8_validate ((const char *) cursor->data, (gssize) cursor->left, NULL))
    return NULL;
  message = g_strndup ((const char *) cursor->data, cursor->left);
  if (domain == LL_H5_DOMAIN_DATASET && code <= LL_DATASET_ERROR_NO_BUILTIN)
    return g_error_new_literal (LL_DATASET_ERROR, (int) code, message);
  if (domain == LL_H5_DOMAIN_OTHER)
    return g_error_new_literal (LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE, message);
  return NULL;
}

typedef struct {
  char *file;            /* the last FILE record: the file being read */
  LlDataset *dataset;    /* a well-formed DATASET record */
  GError *error;         /* a well-formed ERROR record */
  gboolean malformed;    /* anything else, or anything after the last record */
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->file, g_free);
  g_clear_pointer (&reply->dataset, ll_dataset_free);
  g_clear_error (&reply->error);
}

/* Parses as much of the reply as arrived: FILE records, then at most one
 * DATASET or ERROR record, which must be the last bytes. */
static void
parse_reply (const guint8 *data,
             gsize         size,
             const char   *path,
             Reply        *reply)
{
  Cursor cursor = { data, size };
  guint n_files = 0;

  while (cursor.left > 0)
    {
      const guint8 *header, *payload;
      guint32 version, kind, zero;
      guint64 length;
      Cursor fields;

      if (!take (&cursor, 4, &header) || memcmp (header, LL_H5_MAGIC, 4) != 0
          || !take_u32 (&cursor, &version) || version != LL_H5_VERSION
          || !take_u32 (&cursor, &kind) || !take_u32 (&cursor, &zero) || zero != 0
          || !take_u64 (&cursor, &length) || length > cursor.left
          || !take (&cursor, length, &payload))
        {
          reply->malformed = TRUE;
          return;
        }
      fields = (Cursor) { payload, length };
      if (kind == LL_H5_RECORD_FILE && n_files < MAX_FILE_RECORDS && length > 0
          && length <= LL_H5_MAX_STRING && memchr (payload, '\0', length) == NULL)
        {
          g_free (reply->file);
          reply->file = g_strndup ((const char *) payload, length);
          n_files++;
          continue;
        }
      if (kind == LL_H5_RECORD_DATASET && cursor.left == 0)
        reply->dataset = parse_dataset (&fields, path);
      else if (kind == LL_H5_RECORD_ERROR && cursor.left == 0)
        reply->error = parse_error (&fields);
      reply->malformed = reply->dataset == NULL && reply->error == NULL;
      return;
    }
}

/* The most a well-behaved child can send. */
static gsize
max_reply_bytes (void)
{
  return 2 * ((gsize) LL_DATASET_MAX_PIXEL_BYTES + LL_DATASET_MAX_IMAGES)
         + (gsize) (3 + LL_H5_MAX_CLASSES) * (4 + LL_H5_MAX_STRING) + 48
         + MAX_FILE_RECORDS * (LL_H5_HEADER_BYTES + LL_H5_MAX_STRING) + 2 * LL_H5_HEADER_BYTES;
}

/* The error for a child that did not send a well-formed reply. */
static void
set_run_error (LlHelperRun         *run,
               const LlChildLimits *limits,
               guint                timeout_ms,
               const char          *name,
               GError             **error)
{
  if (run->cancelled)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("%s: reading was cancelled"), name);
  else if (run->timed_out)
    {
      g_autofree char *limit = ll_decode_format_duration (timeout_ms);

      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: reading this HDF5 file took longer than %s and was stopped"), name, limit);
    }
  else if (run->overflowed)
    g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE,
                 _("%s: the HDF5 reader sent more data than any allowed dataset holds"), name);
  else if (g_subprocess_get_if_signaled (run->process))
    {
      int signum = g_subprocess_get_term_sig (run->process);

      if (signum == SIGXCPU)
        g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                     _("%s: reading this HDF5 file used more than %u s of processor time "
                       "and was stopped (signal %d)"), name, (guint) limits->cpu_seconds, signum);
      else if (signum == SIGKILL)
        g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                     _("%s: the HDF5 reader was killed (signal %d)"), name, signum);
      else
        g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                     _("%s: the HDF5 library crashed reading this file (signal %d)"), name, signum);
    }
  else if (run->read_error != NULL)
    g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                 _("%s: cannot read the HDF5 reader's reply (%s)"), name, run->read_error->message);
  else if (g_subprocess_get_exit_status (run->process) <= 1)
    g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                 _("%s: the HDF5 reader sent a malformed reply"), name);
  else
    {
      g_autofree char *said = ll_helper_run_first_stderr_line (run);

      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: the HDF5 reader failed (exit status %d%s%s)"), name,
                   g_subprocess_get_exit_status (run->process),
                   said != NULL ? ": " : "", said != NULL ? said : "");
    }
}

LlDataset *
ll_dataset_load_h5_in_helper (const LlDecodeHelperConfig *config,
                              const char                 *path,
                              GCancellable               *cancellable,
                              GError                    **error)
{
  static const LlDecodeHelperConfig defaults = { 0 };
  g_autoptr (GError) local_error = NULL;
  g_autofree char *name = NULL;
  LlHelperRun run = { 0 };
  LlHelperReader out = { 0 };
  LlChildLimits limits;
  Reply reply = { 0 };
  g_autofree char *program = NULL;
  const char *argv[4];
  guint timeout_ms;
  LlDataset *dataset = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (config == NULL)
    config = &defaults;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  limits.memory_bytes = config->memory_limit_bytes != 0 ? config->memory_limit_bytes : DEFAULT_MEMORY_LIMIT;
  limits.cpu_seconds = config->cpu_limit_seconds != 0 ? config->cpu_limit_seconds : DEFAULT_CPU_LIMIT_SECONDS;
  timeout_ms = config->timeout_ms != 0 ? config->timeout_ms : DEFAULT_TIMEOUT_MS;
  if (config->helper_path == NULL
      && (program = ll_helper_program_find (LL_PROGRAM_READ_H5, &local_error)) == NULL)
    {
      name = g_filename_display_name (path);
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   _("%s: cannot start the HDF5 reader (%s)"), name, local_error->message);
      return NULL;
    }
  argv[0] = config->helper_path != NULL ? config->helper_path : program;
  argv[1] = "--read-h5";
  argv[2] = path;
  argv[3] = NULL;

  /* Room for the course's sets from the start (3 MB): fewer reallocations. */
  out.data = g_byte_array_sized_new (4 << 20);
  out.max_bytes = max_reply_bytes ();
  out.overflow_stops = TRUE;
  if (!ll_helper_run (&run, argv, &limits, timeout_ms, cancellable, &out, NULL, &local_error))
    {
      name = g_filename_display_name (path);
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   _("%s: cannot start the HDF5 reader (%s)"), name, local_error->message);
      g_byte_array_unref (out.data);
      return NULL;
    }

  parse_reply (out.data->data, out.data->len, path, &reply);
  /* A child that died or hung names the file it was reading; anything
   * else names what was asked for. */
  name = g_filename_display_name ((run.timed_out || g_subprocess_get_if_signaled (run.process))
                                  && reply.file != NULL ? reply.file : path);
  if (run.cancelled || run.timed_out || run.overflowed || run.read_error != NULL
      || g_subprocess_get_if_signaled (run.process) || reply.malformed)
    set_run_error (&run, &limits, timeout_ms, name, error);
  else if (reply.dataset != NULL && g_subprocess_get_exit_status (run.process) == 0)
    dataset = g_steal_pointer (&reply.dataset);
  else if (reply.error != NULL && g_subprocess_get_exit_status (run.process) == 1)
    g_propagate_error (error, g_steal_pointer (&reply.error));
  else
    set_run_error (&run, &limits, timeout_ms, name, error);

  reply_clear (&reply);
  g_byte_array_unref (out.data);
  ll_helper_run_clear (&run);
  return dataset;
}

LlDataset *
ll_dataset_load_h5 (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  LlDataset *dataset;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  dataset = ll_dataset_load_h5_plain (path);
  return dataset != NULL ? dataset : ll_dataset_load_h5_in_helper (NULL, path, cancellable, error);
}
