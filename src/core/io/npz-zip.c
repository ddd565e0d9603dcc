/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npz-zip.c: the zip container of an .npz, read from untrusted bytes and
 * written (stored entries only, as numpy.savez does).
 *
 * Every offset and size is checked against the file before use; an entry's
 * inflated size is capped, and must match its declared size and CRC-32. */
#include "config.h"

#include "npz-private.h"

#include <inttypes.h>
#include <string.h>
#include <zlib.h>
#include <glib/gi18n-lib.h>

#define NPZ_MAX_ENTRIES 4096

#define ZIP_LOCAL_SIG 0x04034b50u
#define ZIP_CENTRAL_SIG 0x02014b50u
#define ZIP_EOCD_SIG 0x06054b50u
#define ZIP64_EOCD_SIG 0x06064b50u
#define ZIP64_LOCATOR_SIG 0x07064b50u
#define ZIP_LOCAL_LEN 30
#define ZIP_CENTRAL_LEN 46
#define ZIP_EOCD_LEN 22
#define ZIP64_EOCD_LEN 56
#define ZIP64_LOCATOR_LEN 20
#define ZIP_METHOD_STORED 0
#define ZIP_METHOD_DEFLATE 8
#define ZIP_FLAG_ENCRYPTED 0x0001
#define ZIP_FLAG_UTF8 0x0800
/* Deflate cannot expand data by more than about 1032:1. */
#define DEFLATE_MAX_RATIO 1032

/* ---------------------------------------------------------------------------
 * Reading */

void
ll_zip_entry_clear (LlZipEntry *entry)
{
  g_free (entry->name);
}

static gboolean
zip_format_error (GError    **error,
                  const char *file,
                  const char *reason)
{
  g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT, "%s: %s", file, reason);
  return FALSE;
}

/* The end of central directory record sits at the very end, after a comment
 * of its declared length; a ZIP64 locator just before it when needed. */
static gboolean
zip_find_directory (const guint8 *data,
                    gsize         len,
                    const char   *file,
                    guint64      *n_entries,
                    guint64      *directory_offset,
                    guint64      *directory_size,
                    gsize        *directory_end,
                    GError      **error)
{
  gsize eocd = G_MAXSIZE;
  gsize lowest = len > ZIP_EOCD_LEN + 65535 ? len - ZIP_EOCD_LEN - 65535 : 0;
  const guint8 *e;

  if (len < ZIP_EOCD_LEN)
    return zip_format_error (error, file, _("not a zip archive (.npz) or .npy file"));
  for (gsize off = len - ZIP_EOCD_LEN + 1; off-- > lowest;)
    if (read_u32 (data + off) == ZIP_EOCD_SIG
        && off + ZIP_EOCD_LEN + read_u16 (data + off + 20) == len)
      {
        eocd = off;
        break;
      }
  if (eocd == G_MAXSIZE)
    return zip_format_error (error, file,
                             _("not a zip archive (.npz) or .npy file, or truncated"));

  e = data + eocd;
  if (read_u16 (e + 4) != 0 && read_u16 (e + 4) != 0xffff)
    return zip_format_error (error, file, _("multi-part zip archives are not read"));
  *n_entries = read_u16 (e + 10);
  *directory_size = read_u32 (e + 12);
  *directory_offset = read_u32 (e + 16);
  *directory_end = eocd;

  if (*n_entries == 0xffff || *directory_size == 0xffffffff || *directory_offset == 0xffffffff)
    {
      const guint8 *locator, *z;
      guint64 z_offset;

      if (eocd < ZIP64_LOCATOR_LEN
          || read_u32 (data + eocd - ZIP64_LOCATOR_LEN) != ZIP64_LOCATOR_SIG)
        return zip_format_error (error, file, _("zip archive lacks its ZIP64 directory locator"));
      locator = data + eocd - ZIP64_LOCATOR_LEN;
      z_offset = read_u64 (locator + 8);
      if (z_offset > eocd - ZIP64_LOCATOR_LEN
          || eocd - ZIP64_LOCATOR_LEN - z_offset < ZIP64_EOCD_LEN
          || read_u32 (data + z_offset) != ZIP64_EOCD_SIG)
        return zip_format_error (error, file, _("zip archive has a damaged ZIP64 directory record"));
      z = data + z_offset;
      *n_entries = read_u64 (z + 32);
      *directory_size = read_u64 (z + 40);
      *directory_offset = read_u64 (z + 48);
      *directory_end = (gsize) z_offset;
    }

  if (*directory_offset > *directory_end || *directory_size > *directory_end - *directory_offset)
    return zip_format_error (error, file, _("zip directory lies outside the file (truncated?)"));
  if (*n_entries > NPZ_MAX_ENTRIES)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                   _("%s: zip archive declares %" PRIu64 " entries, over the limit of %u"),
                   file, *n_entries, NPZ_MAX_ENTRIES);
      return FALSE;
    }
  return TRUE;
}

/* Sizes and offset that overflow 32 bits are in the ZIP64 extra field (id 1),
 * in this order, each present only when its 32-bit field is 0xffffffff. */
static gboolean
zip_read_zip64_extra (const guint8 *extra,
                      gsize         extra_len,
                      LlZipEntry     *entry)
{
  while (extra_len >= 4)
    {
      guint16 id = read_u16 (extra);
      gsize field_len = read_u16 (extra + 2);

      if (field_len > extra_len - 4)
        return FALSE;
      if (id == 0x0001)
        {
          const guint8 *p = extra + 4;
          gsize left = field_len;
          guint64 *fields[] = { &entry->size, &entry->compressed_size, &entry->local_offset };

          for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
            {
              if (*fields[i] != 0xffffffff)
                continue;
              if (left < 8)
                return FALSE;
              *fields[i] = read_u64 (p);
              p += 8;
              left -= 8;
            }
        }
      extra += 4 + field_len;
      extra_len -= 4 + field_len;
    }
  return TRUE;
}

gboolean
ll_zip_read_directory (const guint8 *data,
                       gsize         len,
                       const char   *file,
                       GArray       *entries,
                       GError      **error)
{
  guint64 n_entries, directory_offset, directory_size;
  gsize directory_end, pos, end;

  if (!zip_find_directory (data, len, file, &n_entries, &directory_offset, &directory_size,
                           &directory_end, error))
    return FALSE;

  pos = (gsize) directory_offset;
  end = pos + (gsize) directory_size;
  for (guint64 i = 0; i < n_entries; i++)
    {
      const guint8 *h = data + pos;
      LlZipEntry entry = { 0 };
      gsize name_len, extra_len, comment_len;

      if (end - pos < ZIP_CENTRAL_LEN || read_u32 (h) != ZIP_CENTRAL_SIG)
        return zip_format_error (error, file, _("zip central directory is damaged"));
      name_len = read_u16 (h + 28);
      extra_len = read_u16 (h + 30);
      comment_len = read_u16 (h + 32);
      if (end - pos - ZIP_CENTRAL_LEN < name_len + extra_len + comment_len)
        return zip_format_error (error, file, _("zip central directory is damaged"));

      entry.flags = read_u16 (h + 8);
      entry.method = read_u16 (h + 10);
      entry.crc = read_u32 (h + 16);
      entry.compressed_size = read_u32 (h + 20);
      entry.size = read_u32 (h + 24);
      entry.local_offset = read_u32 (h + 42);
      if (!zip_read_zip64_extra (h + ZIP_CENTRAL_LEN + name_len, extra_len, &entry))
        return zip_format_error (error, file, _("zip central directory has a damaged ZIP64 field"));
      entry.name = g_strndup ((const char *) h + ZIP_CENTRAL_LEN, name_len);
      if (strlen (entry.name) != name_len || !g_utf8_validate (entry.name, -1, NULL))
        {
          ll_zip_entry_clear (&entry);
          return zip_format_error (error, file, _("zip archive has an entry with an invalid name"));
        }
      g_array_append_val (entries, entry);
      pos += ZIP_CENTRAL_LEN + name_len + extra_len + comment_len;
    }
  return TRUE;
}

GBytes *
ll_zip_extract (const guint8     *data,
                gsize             len,
                const char       *file,
                const LlZipEntry *entry,
                GError          **error)
{
  const guint8 *local;
  gsize local_name_len, data_start;
  const guint8 *compressed;
  g_autofree guint8 *out = NULL;

  if (entry->flags & ZIP_FLAG_ENCRYPTED)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_UNSUPPORTED,
                   _("%s: entry “%s” is encrypted"), file, entry->name);
      return NULL;
    }
  if (entry->method != ZIP_METHOD_STORED && entry->method != ZIP_METHOD_DEFLATE)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_UNSUPPORTED,
                   _("%s: entry “%s” uses zip compression method %u (only stored and deflate are read)"),
                   file, entry->name, entry->method);
      return NULL;
    }
  if (entry->size > LL_NPZ_MAX_ENTRY_BYTES)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                   _("%s: entry “%s” declares %" PRIu64 " bytes, over the limit"),
                   file, entry->name, entry->size);
      return NULL;
    }

  if (entry->local_offset > len || len - entry->local_offset < ZIP_LOCAL_LEN
      || read_u32 (data + entry->local_offset) != ZIP_LOCAL_SIG)
    goto damaged;
  local = data + entry->local_offset;
  local_name_len = read_u16 (local + 26);
  data_start = (gsize) entry->local_offset + ZIP_LOCAL_LEN + local_name_len + read_u16 (local + 28);
  if (data_start > len || entry->compressed_size > len - data_start)
    goto damaged;
  /* The local header must name the entry the directory names. */
  if (local_name_len != strlen (entry->name)
      || memcmp (local + ZIP_LOCAL_LEN, entry->name, local_name_len) != 0)
    goto damaged;
  compressed = data + data_start;

  if (entry->method == ZIP_METHOD_STORED)
    {
      if (entry->compressed_size != entry->size)
        goto damaged;
      out = g_memdup2 (compressed, (gsize) entry->size);
    }
  else
    {
      z_stream stream = { 0 };
      int status;

      if (entry->size > entry->compressed_size * DEFLATE_MAX_RATIO + 1024
          || entry->compressed_size > G_MAXUINT32)
        goto damaged;
      if (inflateInit2 (&stream, -MAX_WBITS) != Z_OK)
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO,
                       _("%s: could not start zlib"), file);
          return NULL;
        }
      out = g_malloc (MAX (entry->size, 1));
      stream.next_in = (Bytef *) compressed;
      stream.avail_in = (uInt) entry->compressed_size;
      stream.next_out = out;
      stream.avail_out = (uInt) entry->size;
      status = inflate (&stream, Z_FINISH);
      inflateEnd (&stream);
      if (status != Z_STREAM_END || stream.total_out != entry->size)
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                       _("%s: entry “%s” does not inflate to its declared size (damaged or truncated)"),
                       file, entry->name);
          return NULL;
        }
    }

  if (crc32_z (0, out, (z_size_t) entry->size) != entry->crc)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                   _("%s: entry “%s” fails its CRC-32 check (damaged file)"), file, entry->name);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&out), (gsize) entry->size);

damaged:
  g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
               _("%s: entry “%s” lies outside the file or is damaged (truncated?)"),
               file, entry->name);
  return NULL;
}


/* ---------------------------------------------------------------------------
 * Writing */

/* The DOS date 1980-01-01 00:00: fixed, so equal models give equal files. */
#define ZIP_DOS_TIME 0
#define ZIP_DOS_DATE ((0 << 9) | (1 << 5) | 1)
#define ZIP_VERSION 20
#define ZIP_MADE_BY_UNIX (3 << 8)

static void
put_zip_header (GByteArray *out,
                gboolean    central,
                const char *entry_name,
                guint32     crc,
                guint32     size,
                guint32     local_offset)
{
  gsize name_len = strlen (entry_name);
  gboolean ascii = TRUE;

  for (const char *p = entry_name; *p; p++)
    if ((guchar) *p >= 0x80)
      ascii = FALSE;

  put_u32 (out, central ? ZIP_CENTRAL_SIG : ZIP_LOCAL_SIG);
  if (central)
    put_u16 (out, ZIP_MADE_BY_UNIX | ZIP_VERSION);
  put_u16 (out, ZIP_VERSION);
  put_u16 (out, ascii ? 0 : ZIP_FLAG_UTF8);
  put_u16 (out, ZIP_METHOD_STORED);
  put_u16 (out, ZIP_DOS_TIME);
  put_u16 (out, ZIP_DOS_DATE);
  put_u32 (out, crc);
  put_u32 (out, size);   /* compressed */
  put_u32 (out, size);
  put_u16 (out, (guint16) name_len);
  put_u16 (out, 0);      /* extra */
  if (central)
    {
      put_u16 (out, 0);                    /* comment */
      put_u16 (out, 0);                    /* disk */
      put_u16 (out, 0);                    /* internal attributes */
      put_u32 (out, (guint32) 0100644 << 16); /* external: a regular file, rw-r--r-- */
      put_u32 (out, local_offset);
    }
  g_byte_array_append (out, (const guint8 *) entry_name, (guint) name_len);
}

void
ll_zip_add_stored (GByteArray   *archive,
                   GByteArray   *directory,
                   const char   *entry_name,
                   const guint8 *data,
                   guint32       len)
{
  guint32 local_offset = archive->len;
  guint32 crc = (guint32) crc32_z (0, data, len);

  put_zip_header (archive, FALSE, entry_name, crc, len, 0);
  g_byte_array_append (archive, data, len);
  put_zip_header (directory, TRUE, entry_name, crc, len, local_offset);
}

void
ll_zip_finish (GByteArray *archive,
               GByteArray *directory,
               guint16     n_entries)
{
  guint32 directory_offset = archive->len;
  guint32 directory_size = directory->len;

  g_byte_array_append (archive, directory->data, directory->len);
  put_u32 (archive, ZIP_EOCD_SIG);
  put_u16 (archive, 0);            /* this disk */
  put_u16 (archive, 0);            /* disk with the directory */
  put_u16 (archive, n_entries);    /* entries on this disk */
  put_u16 (archive, n_entries);    /* entries in all */
  put_u32 (archive, directory_size);
  put_u32 (archive, directory_offset);
  put_u16 (archive, 0);            /* comment */
}
