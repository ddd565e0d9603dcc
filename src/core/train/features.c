/* SPDX-License-Identifier: GPL-3.0-or-later */
/* features.c: X^T w and X c over float64 features or 8-bit pixels. */
#include "config.h"

#include "features-private.h"
#include "trainer-private.h"

void
ll_features_scores (const LlTrainData *data,
                    const double      *w,
                    double             b,
                    double            *z)
{
  gsize n = data->n_features;

  for (gsize i = 0; i < data->m_train; i++)
    {
      double sum = 0;

      if (data->pixels_train != NULL)
        {
          const guint8 *x = data->pixels_train + i * n;

          for (gsize f = 0; f < n; f++)
            sum += x[f] * w[f];
          sum *= data->pixel_scale;
        }
      else
        {
          const double *x = data->X_train + i * n;

          for (gsize f = 0; f < n; f++)
            sum += x[f] * w[f];
        }
      z[i] = sum + b;
    }
}

void
ll_features_combine (const LlTrainData *data,
                     const double      *c,
                     double            *out)
{
  gsize n = data->n_features;

  if (data->pixels_train != NULL)
    {
      ll_weights_from_pixels (data->pixels_train, n, data->m_train, data->pixel_scale,
                              c, data->m_train, 1, out);
      return;
    }
  for (gsize f = 0; f < n; f++)
    out[f] = 0;
  for (gsize i = 0; i < data->m_train; i++)
    {
      const double *x = data->X_train + i * n;

      for (gsize f = 0; f < n; f++)
        out[f] += c[i] * x[f];
    }
}

void
ll_features_example (const LlTrainData *data,
                     gsize              i,
                     double            *out)
{
  gsize n = data->n_features;

  for (gsize f = 0; f < n; f++)
    out[f] = data->pixels_train != NULL ? data->pixels_train[i * n + f] * data->pixel_scale
                                        : data->X_train[i * n + f];
}
