/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-texture-util.h: pixels to textures for the app's image widgets.
 *
 * GTK 4.8 has no nearest-neighbour filter for GtkPicture (that is 4.10), so
 * small images (64×64 cats, 28×28 digits) are scaled up by an integer factor
 * in the pixel buffer itself: every pixel stays a crisp square. */
#pragma once

#include <gtk/gtk.h>

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

G_END_DECLS
