/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npz-builder.c: hand-made .npy and zip bytes for hostile-file tests,
 * written field by field so each can be made wrong on purpose. */
#include "npz-builder.h"

#include <string.h>
#include <zlib.h>

static void
put_le (GByteArray *out,
        guint64     value,
        guint       n_bytes)
{
  for (guint i = 0; i < n_bytes; i++)
    {
      guint8 b = i < 8 ? (guint8) (value >> (8 * i)) : 0;

      g_byte_array_append (out, &b, 1);
    }
}

GBytes *
ll_test_make_npy (const char *header,
                  const void *data,
                  gsize       data_len)
{
  GByteArray *out = g_byte_array_new ();
  g_autofree char *text = g_strdup_printf ("%s\n", header);

  g_byte_array_append (out, (const guint8 *) "\x93NUMPY\x01\x00", 8);
  put_le (out, strlen (text), 2);
  g_byte_array_append (out, (const guint8 *) text, (guint) strlen (text));
  if (data_len > 0)
    g_byte_array_append (out, data, (guint) data_len);
  return g_byte_array_free_to_bytes (out);
}

static GBytes *
deflate_raw (GBytes *content)
{
  z_stream stream = { 0 };
  gsize size;
  const guint8 *data = g_bytes_get_data (content, &size);
  guint8 *packed;
  gsize bound;

  g_assert_cmpint (deflateInit2 (&stream, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), ==, Z_OK);
  bound = deflateBound (&stream, (uLong) size);
  packed = g_malloc (bound);
  stream.next_in = (Bytef *) data;
  stream.avail_in = (uInt) size;
  stream.next_out = packed;
  stream.avail_out = (uInt) bound;
  g_assert_cmpint (deflate (&stream, Z_FINISH), ==, Z_STREAM_END);
  deflateEnd (&stream);
  return g_bytes_new_take (packed, stream.total_out);
}

/* A local (CENTRAL false) or central directory header. */
static void
put_header (GByteArray             *h,
            gboolean                central,
            const char             *name,
            guint32                 crc,
            gsize                   packed_len,
            gsize                   size,
            gsize                   local_offset,
            const LlTestZipOptions *options)
{
  gboolean zip64 = options->zip64;

  put_le (h, central ? 0x02014b50 : 0x04034b50, 4);
  if (central)
    put_le (h, 20, 2);
  put_le (h, zip64 ? 45 : 20, 2);
  put_le (h, options->flags, 2);
  put_le (h, options->method, 2);
  put_le (h, 0, 4);                                        /* time, date */
  put_le (h, crc, 4);
  put_le (h, zip64 ? 0xffffffff : packed_len, 4);
  put_le (h, zip64 ? 0xffffffff : size, 4);
  put_le (h, strlen (name), 2);
  put_le (h, zip64 ? (central ? 28 : 20) : 0, 2);
  if (central)
    {
      put_le (h, 0, 2 + 2 + 2 + 4);                        /* comment, disk, attributes */
      put_le (h, zip64 ? 0xffffffff : local_offset, 4);
    }
  g_byte_array_append (h, (const guint8 *) name, (guint) strlen (name));
  if (zip64)
    {
      put_le (h, 1, 2);
      put_le (h, central ? 24 : 16, 2);
      put_le (h, size, 8);
      put_le (h, packed_len, 8);
      if (central)
        put_le (h, local_offset, 8);
    }
}

GBytes *
ll_test_make_zip (const char *const      *names,
                  GBytes *const          *contents,
                  guint                   n_entries,
                  const LlTestZipOptions *options)
{
  static const LlTestZipOptions defaults = { 0 };
  GByteArray *out = g_byte_array_new ();
  g_autoptr(GByteArray) central = g_byte_array_new ();
  gsize directory_offset;

  if (options == NULL)
    options = &defaults;

  for (guint i = 0; i < n_entries; i++)
    {
      gsize size;
      const guint8 *data = g_bytes_get_data (contents[i], &size);
      g_autoptr(GBytes) packed = options->method == 8 ? deflate_raw (contents[i])
                                                      : g_bytes_ref (contents[i]);
      guint32 crc = (guint32) crc32 (0, data, (uInt) size) ^ options->crc_xor;
      gsize declared = options->declared_size ? options->declared_size : size;
      gsize offset = out->len;

      put_header (out, FALSE, names[i], crc, g_bytes_get_size (packed), declared, 0, options);
      g_byte_array_append (out, g_bytes_get_data (packed, NULL), (guint) g_bytes_get_size (packed));
      put_header (central, TRUE, names[i], crc, g_bytes_get_size (packed), declared, offset, options);
    }

  directory_offset = out->len;
  g_byte_array_append (out, central->data, central->len);
  if (options->zip64)
    {
      gsize record = out->len;

      put_le (out, 0x06064b50, 4);
      put_le (out, 44, 8);
      put_le (out, 45, 2);
      put_le (out, 45, 2);
      put_le (out, 0, 8);                    /* disks */
      put_le (out, n_entries, 8);
      put_le (out, n_entries, 8);
      put_le (out, central->len, 8);
      put_le (out, directory_offset, 8);
      put_le (out, 0x07064b50, 4);           /* the locator */
      put_le (out, 0, 4);
      put_le (out, record, 8);
      put_le (out, 1, 4);
    }
  put_le (out, 0x06054b50, 4);
  put_le (out, 0, 4);
  put_le (out, options->zip64 ? 0xffff : n_entries, 2);
  put_le (out, options->zip64 ? 0xffff : n_entries, 2);
  put_le (out, options->zip64 ? 0xffffffff : central->len, 4);
  put_le (out, options->zip64 ? 0xffffffff : directory_offset, 4);
  put_le (out, 0, 2);
  return g_byte_array_free_to_bytes (out);
}
