/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npz.h: NumPy .npy arrays and .npz archives, read and written without Python.
 *
 * Reading is for untrusted files: no pickles (object dtypes are refused),
 * declared shapes are checked against the data present and a size cap,
 * zip entries may be stored or deflated (zlib). Writing is atomic: a temporary
 * file then a rename, so a failure leaves an earlier file intact. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LL_NPZ_ERROR (ll_npz_error_quark ())
GQuark ll_npz_error_quark (void);

typedef enum {
  LL_NPZ_ERROR_IO,
  LL_NPZ_ERROR_FORMAT,       /* not a zip / npy, truncated, bad header */
  LL_NPZ_ERROR_UNSUPPORTED,  /* a dtype we do not read (object/pickle, complex, ...) */
  LL_NPZ_ERROR_TOO_LARGE,
  LL_NPZ_ERROR_MISSING,      /* an array the caller needs is absent */
} LlNpzError;

typedef enum {
  LL_NPY_FLOAT64,
  LL_NPY_FLOAT32,
  LL_NPY_INT64,
  LL_NPY_INT32,
  LL_NPY_UINT8,
  LL_NPY_UNICODE,  /* '<U<width>': fixed-width UTF-32 strings */
} LlNpyType;

#define LL_NPY_MAX_DIMS 8

/* Limits for untrusted files: declared shapes, one zip entry once inflated
 * (and all entries together), and the file itself. */
#define LL_NPY_MAX_ELEMENTS    ((gsize) 1 << 28)
#define LL_NPZ_MAX_ENTRY_BYTES ((gsize) 1 << 30)
#define LL_NPZ_MAX_FILE_BYTES  ((gsize) 1 << 30)

typedef struct {
  char *name;                    /* the key, without ".npy" */
  LlNpyType type;
  guint ndim;                    /* 0 for a scalar */
  gsize shape[LL_NPY_MAX_DIMS];
  gsize count;                   /* product of shape (1 for a scalar) */
  double *values;                /* numeric types: count values, converted to float64 */
  char **strings;                /* LL_NPY_UNICODE: count UTF-8 strings, NULL-terminated */
} LlNpyArray;

void        ll_npy_array_free    (LlNpyArray *array);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlNpyArray, ll_npy_array_free)

/* Convenience constructors for writing. VALUES/STRINGS are copied. */
LlNpyArray *ll_npy_array_new_doubles (const char *name, const double *values,
                                      guint ndim, const gsize *shape);
/* An LL_NPY_INT64 array (its values are kept as doubles, like any numeric
 * array), written as '<i8' so numpy users get integers, e.g. for reshape. */
LlNpyArray *ll_npy_array_new_int64   (const char *name, const gint64 *values,
                                      guint ndim, const gsize *shape);
LlNpyArray *ll_npy_array_new_strings (const char *name, const char *const *strings,
                                      gsize count);

/* Reads every array of an .npz (or a single .npy, named after the file).
 * Returns a GPtrArray of LlNpyArray* (free func set), in archive order.
 * Accepts numpy.savez (stored) and savez_compressed (deflate) archives,
 * ZIP64 fields, .npy versions 1.0 to 3.0, dtypes f8 f4 i8 i4 u1 (either byte
 * order) and U<n>; Fortran-ordered arrays are brought to C order. Zip entries
 * not named *.npy are skipped. Errors (LL_NPZ_ERROR) name the file, given by
 * its basename, and the array. */
GPtrArray  *ll_npz_read          (const char *path, GError **error);
GPtrArray  *ll_npz_read_bytes    (GBytes *bytes, const char *name_for_errors, GError **error);
const LlNpyArray *ll_npz_find    (GPtrArray *arrays, const char *name);

/* Writes ARRAYS (LlNpyArray*) as a stored (uncompressed) .npz, atomically
 * (g_file_set_contents_full with G_FILE_SET_CONTENTS_CONSISTENT, mode 0644):
 * a failure leaves an earlier file whole and no temporary file behind.
 * LL_NPY_INT64 arrays are written as '<i8' (their values must be integers),
 * other numeric arrays as '<f8' little-endian, strings as '<U<n>'. */
gboolean    ll_npz_write         (const char *path, GPtrArray *arrays, GError **error);

G_END_DECLS
