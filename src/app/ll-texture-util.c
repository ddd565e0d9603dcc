/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-texture-util.c: see ll-texture-util.h. */
#include "config.h"

#include "ll-texture-util.h"

#include "core/data/scaling.h"

#include <math.h>
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

guint8 *
ll_texture_display_pixels (const LlDataset *dataset,
                           const LlSplit   *split,
                           gsize            first,
                           gsize            count)
{
  const LlSplit *splits[] = { &dataset->train, &dataset->test };
  gsize n_features = dataset->n_features;
  double low = G_MAXDOUBLE, high = -G_MAXDOUBLE;
  guint8 *bytes;

  g_return_val_if_fail (dataset != NULL && split != NULL, NULL);

  if (first > split->count || count > split->count - first || n_features == 0)
    return NULL;
  if (split->pixels != NULL)
    return g_memdup2 (split->pixels + first * n_features, MAX (count * n_features, 1));
  if (split->features == NULL)
    return NULL;
  /* One range for every row of both splits: a row is not stretched on its
   * own, so a faint digit stays faint beside a bold one. */
  for (guint s = 0; s < G_N_ELEMENTS (splits); s++)
    for (gsize k = 0; splits[s]->features != NULL && k < splits[s]->count * n_features; k++)
      {
        double value = ll_dataset_value_as_read (dataset, splits[s], k);

        if (isfinite (value))
          {
            low = MIN (low, value);
            high = MAX (high, value);
          }
      }
  bytes = g_malloc (MAX (count * n_features, 1));
  for (gsize k = 0; k < count * n_features; k++)
    {
      double value = ll_dataset_value_as_read (dataset, split, first * n_features + k);

      bytes[k] = high > low && isfinite (value) ? (guint8) (255.0 * (value - low) / (high - low) + 0.5) : 0;
    }
  return bytes;
}
