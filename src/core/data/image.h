/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image.h: untrusted image bytes to pixels, and pixels to the model's input.
 *
 * Debian's stb_image has known memory-safety bugs, so: files are read by us
 * (regular files only, size-capped), dimensions are checked with
 * stbi_info_from_memory before decoding, a fixed channel count is always
 * requested, JPEG Huffman tables stb would overflow on are refused, and
 * only the PNG, JPEG and BMP decoders are compiled in. Even so, fuzzing
 * still finds reads after free in stb's JPEG decoder: untrusted files are
 * decoded only in a child process (decode-helper.h: one exec'd helper per
 * file the user drops or classifies, forked workers for dataset folders). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LL_IMAGE_ERROR (ll_image_error_quark ())
GQuark ll_image_error_quark (void);

typedef enum {
  LL_IMAGE_ERROR_NOT_FOUND,
  LL_IMAGE_ERROR_UNREADABLE,   /* not a regular file, permissions, I/O */
  LL_IMAGE_ERROR_TOO_LARGE,    /* file or dimensions over the caps */
  LL_IMAGE_ERROR_DECODE,       /* not an image we decode, or corrupt */
  LL_IMAGE_ERROR_HELPER,       /* the decode helper crashed, hung or said nonsense */
} LlImageError;

#define LL_IMAGE_MAX_FILE_BYTES (64u * 1024u * 1024u)
#define LL_IMAGE_MAX_SIDE 8192u
#define LL_IMAGE_MAX_PIXELS (40u * 1000u * 1000u)

typedef struct {
  guint width;
  guint height;
  guint channels;  /* 1 or 3 */
  guint8 *pixels;  /* height * width * channels, HWC, rows top to bottom */
} LlImage;

LlImage    *ll_image_new            (guint width, guint height, guint channels);
void        ll_image_free           (LlImage *image);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlImage, ll_image_free)

/* Reads PATH (regular file, <= LL_IMAGE_MAX_FILE_BYTES) into memory. */
GBytes     *ll_read_file_capped     (const char *path, gsize max_bytes, GError **error);

/* Decodes in this process. Use only on trusted bytes (tests, our own data)
 * or inside the decode helper. NAME is used in error messages. */
LlImage    *ll_image_decode         (const guint8 *data, gsize size, guint channels,
                                     const char *name, GError **error);
LlImage    *ll_image_load_file      (const char *path, guint channels, GError **error);

/* As ll_image_load_file, naming the file NAME in errors instead of its
 * basename (an image folder names "cats/train/cat/001.png"). */
LlImage    *ll_image_load_file_as   (const char *path, const char *name, guint channels,
                                     GError **error);

/* Reads only the header: size and channels (1 for grey, 3 for colour; alpha
 * is ignored), with the same caps and errors as ll_image_decode. Any out
 * parameter may be NULL. stb parses JPEG tables here already: the same
 * caution as ll_image_decode applies. */
gboolean    ll_image_probe          (const guint8 *data, gsize size, const char *name,
                                     guint *width, guint *height, guint *channels,
                                     GError **error);

/* ---- The same steps without GError, for a forked child --------------------
 * After fork() in a threaded program only malloc and system calls are safe:
 * no GError (GSlice locks), no g_strerror, no charset conversion. So the
 * steps above are built on these, which record a failure as plain data;
 * ll_image_failure_to_error turns it into the GError, in the parent. */

typedef enum {
  LL_IMAGE_FAILURE_NONE,
  LL_IMAGE_FAILURE_SYSTEM,          /* errno_value from open, fstat or read */
  LL_IMAGE_FAILURE_FOLDER,          /* a folder where a file was expected */
  LL_IMAGE_FAILURE_NOT_REGULAR,     /* a FIFO, device or socket */
  LL_IMAGE_FAILURE_FILE_TOO_BIG,    /* a = file bytes, b = limit */
  LL_IMAGE_FAILURE_FILE_GREW,       /* b = limit */
  LL_IMAGE_FAILURE_EMPTY,
  LL_IMAGE_FAILURE_NOT_IMAGE,       /* reason = stb's */
  LL_IMAGE_FAILURE_TOO_MANY_PIXELS, /* a = width, b = height claimed */
  LL_IMAGE_FAILURE_CORRUPT,         /* reason = stb's */
  LL_IMAGE_FAILURE_SIZE_CHANGED,    /* the data's size differs from the header's */
  LL_IMAGE_FAILURE_NO_PIXELS,       /* a = width, b = height: the header claims 0 of either */
  LL_IMAGE_FAILURE_LAST = LL_IMAGE_FAILURE_NO_PIXELS,
} LlImageFailureKind;

typedef struct {
  LlImageFailureKind kind;
  int errno_value;
  guint64 a;
  guint64 b;
  char reason[96];  /* a copy: stb's reason lives only until its next call */
} LlImageFailure;

gboolean    ll_image_read_raw       (const char *path, gsize max_bytes,
                                     guint8 **data, gsize *size, LlImageFailure *failure);
gboolean    ll_image_probe_raw      (const guint8 *data, gsize size,
                                     guint *width, guint *height, guint *channels,
                                     LlImageFailure *failure);
LlImage    *ll_image_decode_raw     (const guint8 *data, gsize size, guint channels,
                                     LlImageFailure *failure);
void        ll_image_failure_to_error (const LlImageFailure *failure, const char *name,
                                       GError **error);

/* Area-averaging resize (box filter over the exact source footprint), any
 * ratio; channel count is kept. */
LlImage    *ll_image_resize         (const LlImage *image, guint width, guint height);

/* Converts to the wanted channel count (RGB -> grey by Rec. 601 luma, grey -> RGB by copy). */
LlImage    *ll_image_convert        (const LlImage *image, guint channels);

/* What the model sees: IMAGE converted and resized to the given shape. */
LlImage    *ll_image_fit            (const LlImage *image, guint width, guint height, guint channels);

G_END_DECLS
