/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-h5-child.c: `logistic-lab --read-h5 PATH`, the limited child
 * that reads an .h5 pair with ll_dataset_load_h5_pair and writes it (or the
 * error) to stdout in the protocol of dataset-h5-helper.h. */
#include "config.h"

#include "dataset-h5-helper.h"
#include "decode-private.h"

#include <string.h>
#include <unistd.h>

/* VALUE in the protocol's byte order, little-endian. */
static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 bytes[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, bytes, sizeof bytes);
}

static void
put_u64 (GByteArray *out,
         guint64     value)
{
  put_u32 (out, (guint32) value);
  put_u32 (out, (guint32) (value >> 32));
}

/* TEXT's length cut to LL_H5_MAX_STRING bytes, on a character boundary. */
static gsize
cut_length (const char *text)
{
  gsize length = MIN (strlen (text), LL_H5_MAX_STRING);

  while (length > 0 && length < strlen (text) && ((guint8) text[length] & 0xc0) == 0x80)
    length--;
  return length;
}

static void
put_string (GByteArray *out,
            const char *text)
{
  gsize length = cut_length (text);

  put_u32 (out, (guint32) length);
  g_byte_array_append (out, (const guint8 *) text, (guint) length);
}

static GByteArray *
record_header (guint32 kind,
               guint64 payload_bytes)
{
  GByteArray *out = g_byte_array_new ();

  g_byte_array_append (out, (const guint8 *) LL_H5_MAGIC, 4);
  put_u32 (out, LL_H5_VERSION);
  put_u32 (out, kind);
  put_u32 (out, 0);
  put_u64 (out, payload_bytes);
  return out;
}

/* Writes one record whose payload is HEAD's bytes after its header, then
 * the N_TAILS TAILS (pixels and labels, written as they are). */
static gboolean
write_record (guint32        kind,
              GByteArray    *payload_head,
              const guint8 **tails,
              const gsize   *tail_sizes,
              guint          n_tails)
{
  g_autoptr (GByteArray) header = NULL;
  guint64 total = payload_head->len;

  for (guint t = 0; t < n_tails; t++)
    total += tail_sizes[t];
  header = record_header (kind, total);
  if (!ll_decode_write_all (STDOUT_FILENO, header->data, header->len)
      || !ll_decode_write_all (STDOUT_FILENO, payload_head->data, payload_head->len))
    return FALSE;
  for (guint t = 0; t < n_tails; t++)
    if (!ll_decode_write_all (STDOUT_FILENO, tails[t], tail_sizes[t]))
      return FALSE;
  return TRUE;
}

static void
report_file (const char *file,
             gpointer    user_data)
{
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  gboolean *write_failed = user_data;
  gsize length = MIN (strlen (file), LL_H5_MAX_STRING);

  g_byte_array_append (payload, (const guint8 *) file, (guint) length);
  if (!write_record (LL_H5_RECORD_FILE, payload, NULL, NULL, 0))
    *write_failed = TRUE;
}

static gboolean
write_error (const GError *error)
{
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  gboolean ours = error->domain == LL_DATASET_ERROR;

  put_u32 (payload, ours ? LL_H5_DOMAIN_DATASET : LL_H5_DOMAIN_OTHER);
  put_u32 (payload, (guint32) error->code);
  /* The message is the rest of the payload. */
  g_byte_array_append (payload, (const guint8 *) error->message, (guint) cut_length (error->message));
  return write_record (LL_H5_RECORD_ERROR, payload, NULL, NULL, 0);
}

static gboolean
write_dataset (const LlDataset *dataset)
{
  g_autoptr (GByteArray) payload = g_byte_array_new ();
  const guint8 *tails[4] = {
    dataset->train.pixels, dataset->train.labels, dataset->test.pixels, dataset->test.labels,
  };
  gsize sizes[4] = {
    dataset->train.count * dataset->n_features, dataset->train.count,
    dataset->test.count * dataset->n_features, dataset->test.count,
  };

  put_u32 (payload, dataset->height);
  put_u32 (payload, dataset->width);
  put_u32 (payload, dataset->channels);
  put_u32 (payload, dataset->n_classes);
  put_u64 (payload, dataset->train.count);
  put_u64 (payload, dataset->test.count);
  put_string (payload, dataset->name);
  put_string (payload, dataset->path);
  put_string (payload, dataset->format);
  for (guint c = 0; c < dataset->n_classes; c++)
    put_string (payload, dataset->class_names[c]);
  return write_record (LL_H5_RECORD_DATASET, payload, tails, sizes, G_N_ELEMENTS (tails));
}

int
ll_dataset_h5_helper_main (int    argc,
                           char **argv)
{
  static const char usage[] = "usage: logistic-lab --read-h5 FOLDER_OR_FILE\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;
  gboolean write_failed = FALSE;

  if (argc != 3 || strcmp (argv[1], "--read-h5") != 0)
    {
      ll_decode_write_all (STDERR_FILENO, usage, sizeof usage - 1);
      return 2;
    }

  dataset = ll_dataset_load_h5_pair_full (argv[2], report_file, &write_failed, &error);
  if (write_failed)
    return 3;
  if (dataset == NULL)
    return write_error (error) ? 1 : 3;
  return write_dataset (dataset) ? 0 : 3;
}
