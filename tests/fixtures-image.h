/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fixtures-image.h: image files made on the fly for the image, decode-helper
 * and image-folder tests (PNG and BMP written here, JPEG made once with
 * ImageMagick and kept as bytes). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An 8-bit PNG, grey (CHANNELS 1) or RGB (3), of the given HWC pixels. */
GBytes     *ll_test_png_bytes        (guint width, guint height, guint channels,
                                      const guint8 *pixels);

/* A well-formed PNG whose header claims WIDTH x HEIGHT grey pixels, with
 * only a few bytes of image data: a decoder that trusts it allocates huge. */
GBytes     *ll_test_png_claiming     (guint32 width, guint32 height);

/* A 24-bit bottom-up BMP of the given RGB pixels (HWC, top row first). */
GBytes     *ll_test_bmp_bytes        (guint width, guint height, const guint8 *rgb);

/* An 8x8 grey JPEG, every pixel 100 (made with `convert -size 8x8
 * xc:'gray(100)' -colorspace Gray -strip -quality 95`). */
GBytes     *ll_test_jpeg_grey        (void);

/* A 32x16 RGB JPEG: left half (200, 40, 40), right half (40, 40, 200), no
 * chroma subsampling (`-sampling-factor 1x1 -quality 95`). */
GBytes     *ll_test_jpeg_rgb         (void);

/* Writes BYTES to DIR/NAME (creating DIR's missing parents) and returns the path. */
char       *ll_test_write_image_file (const char *dir, const char *name, GBytes *bytes);

G_END_DECLS
