/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-texture-util.c: see ll-texture-util.h. */
#include "config.h"

#include "ll-texture-util.h"

#include <string.h>

guint
ll_texture_scale_for (guint width,
                      guint height,
                      guint target_side)
{
  guint side = MAX (width, height);

  if (side == 0 || side >= target_side)
    return 1;
  return target_side / side;
}

GdkTexture *
ll_texture_from_pixels (const guint8 *pixels,
                        guint         width,
                        guint         height,
                        guint         channels,
                        guint         scale)
{
  gsize out_width, out_stride;
  guint8 *out;
  g_autoptr (GBytes) bytes = NULL;

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (channels == 1 || channels == 3, NULL);
  g_return_val_if_fail (scale >= 1, NULL);

  out_width = (gsize) width * scale;
  out_stride = out_width * 3;
  out = g_malloc (out_stride * height * scale);

  for (guint y = 0; y < height; y++)
    {
      guint8 *row = out + (gsize) y * scale * out_stride;
      const guint8 *src = pixels + (gsize) y * width * channels;

      for (guint x = 0; x < width; x++, src += channels)
        for (guint k = 0; k < scale; k++)
          {
            guint8 *dst = row + ((gsize) x * scale + k) * 3;

            dst[0] = src[0];
            dst[1] = src[channels == 3 ? 1 : 0];
            dst[2] = src[channels == 3 ? 2 : 0];
          }
      /* The other scale - 1 rows of this pixel row are copies of the first. */
      for (guint k = 1; k < scale; k++)
        memcpy (row + k * out_stride, row, out_stride);
    }

  bytes = g_bytes_new_take (out, out_stride * height * scale);
  return gdk_memory_texture_new ((int) out_width, (int) (height * scale),
                                 GDK_MEMORY_R8G8B8, bytes, out_stride);
}
