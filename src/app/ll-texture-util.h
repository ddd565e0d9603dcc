/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-texture-util.h: pixels to textures for the app's image widgets.
 *
 * GTK 4.8 has no nearest-neighbour filter for GtkPicture (that is 4.10), so
 * small images (64×64 cats, 28×28 digits) are scaled up by an integer factor
 * in the pixel buffer itself: every pixel stays a crisp square. */
#pragma once

#include <gtk/gtk.h>

#include "core/data/dataset.h"

G_BEGIN_DECLS

/* The largest integer factor that keeps max(width, height) * factor <= target_side,
 * at least 1. */
guint       ll_texture_scale_for      (guint width, guint height, guint target_side);

/* An RGB texture of (width * scale) x (height * scale) from HWC uint8 PIXELS
 * with 1 (grey) or 3 (RGB) channels, each pixel repeated scale x scale times. */
GdkTexture *ll_texture_from_pixels    (const guint8 *pixels,
                                       guint         width,
                                       guint         height,
                                       guint         channels,
                                       guint         scale);

/* Examples FIRST .. FIRST + COUNT - 1 of SPLIT (a split of DATASET) as bytes
 * to draw, COUNT * n_features, new: an image dataset's pixels; a table's
 * values as read (before any scaling) mapped from their range over both
 * splits onto 0..255, so the digits' 0..16 fill the grey scale and every
 * row is drawn alike (the image grid, the handout, the step inspector).
 * NULL when SPLIT has neither or the range is outside it. */
guint8     *ll_texture_display_pixels (const LlDataset *dataset,
                                       const LlSplit   *split,
                                       gsize            first,
                                       gsize            count);

G_END_DECLS
