/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npz-private.h: what the pieces of the .npy/.npz code share.
 *
 *   npz.c         the public API: arrays, reading a file or bytes, writing
 *   npy.c         one .npy array: dtypes, decoding and encoding the items
 *   npy-header.c  the .npy header, a Python dict literal, parsed strictly
 *   npz-zip.c     the zip container: directory, extraction, stored entries */
#pragma once

#include "npz.h"

G_BEGIN_DECLS

#define LL_NPY_MAGIC "\x93NUMPY"
#define LL_NPY_MAGIC_LEN 6

/* ---- Fixed-width integers in a byte buffer ---- */

static inline guint16
read_u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static inline guint32
read_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static inline guint64
read_u64 (const guint8 *p)
{
  return (guint64) read_u32 (p) | ((guint64) read_u32 (p + 4) << 32);
}

static inline guint32
read_u32_be (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | (guint32) p[3];
}

static inline guint64
read_u64_be (const guint8 *p)
{
  return ((guint64) read_u32_be (p) << 32) | (guint64) read_u32_be (p + 4);
}

static inline void
put_u16 (GByteArray *out,
         guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (out, b, sizeof b);
}

static inline void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, b, sizeof b);
}

static inline void
put_u64 (GByteArray *out,
         guint64     value)
{
  put_u32 (out, (guint32) value);
  put_u32 (out, (guint32) (value >> 32));
}

/* ---- .npy (npy.c, npy-header.c) ---- */

/* The header dict: {'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), } */
typedef struct {
  char *descr;
  gboolean fortran_order;
  guint ndim;
  guint64 shape[LL_NPY_MAX_DIMS];
} LlNpyHeader;

/* Parses the LEN bytes of header TEXT into HEADER (the caller frees
 * HEADER->descr, also on failure). FILE and NAME are for error messages. */
gboolean    ll_npy_parse_header   (const char  *text,
                                   gsize        len,
                                   LlNpyHeader *header,
                                   const char  *file,
                                   const char  *name,
                                   GError     **error);

/* A whole .npy file's bytes to an array named NAME, in C order. */
LlNpyArray *ll_npy_parse          (const guint8 *data,
                                   gsize         len,
                                   const char   *file,
                                   const char   *name,
                                   GError      **error);

/* ARRAY as a .npy v1.0 file, as numpy.save writes it. */
GByteArray *ll_npy_encode         (const LlNpyArray *array,
                                   const char       *file,
                                   GError          **error);

/* ARRAY's shape as a Python tuple, as numpy writes it: "(3, 1)", "(3,)", "()". */
char       *ll_npy_shape_to_string (const LlNpyArray *array);

/* Whether ARRAY's name, shape, count and data agree (before writing it). */
gboolean    ll_npy_array_is_consistent (const LlNpyArray *array);

/* ---- The zip container (npz-zip.c) ---- */

typedef struct {
  char *name;
  guint16 flags;
  guint16 method;
  guint32 crc;
  guint64 compressed_size;
  guint64 size;
  guint64 local_offset;
} LlZipEntry;

void        ll_zip_entry_clear    (LlZipEntry *entry);

/* Appends the archive's entries (LlZipEntry) to ENTRIES, in directory order. */
gboolean    ll_zip_read_directory (const guint8 *data,
                                   gsize         len,
                                   const char   *file,
                                   GArray       *entries,
                                   GError      **error);

/* The entry's bytes, uncompressed and checked: a new GBytes or NULL. */
GBytes     *ll_zip_extract        (const guint8     *data,
                                   gsize             len,
                                   const char       *file,
                                   const LlZipEntry *entry,
                                   GError          **error);

/* Appends ENTRY_NAME holding DATA, stored (uncompressed), to ARCHIVE, and its
 * central directory record to DIRECTORY. Sizes and offsets fit in 32 bits
 * (the caller checks: no ZIP64 is written). */
void        ll_zip_add_stored     (GByteArray   *archive,
                                   GByteArray   *directory,
                                   const char   *entry_name,
                                   const guint8 *data,
                                   guint32       len);

/* Appends DIRECTORY and the end of central directory record to ARCHIVE. */
void        ll_zip_finish         (GByteArray   *archive,
                                   GByteArray   *directory,
                                   guint16       n_entries);

G_END_DECLS
