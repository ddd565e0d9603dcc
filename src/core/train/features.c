/* SPDX-License-Identifier: GPL-3.0-or-later */
/* features.c: X^T w and X c over float64 features or 8-bit pixels. */
#include "config.h"

#include "features-private.h"
#include "trainer-private.h"
#include "vmath.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LL_FEATURES_X86 1
#endif

/* An image's dot product in eight running sums: a single sum waits on the
 * latency of each add before the next (four cycles a pixel), eight keep the
 * adder busy and let the compiler pair them (the sharpness's and the
 * landscape's passes over 12000 x 784 pixels). The sums' order is fixed, so
 * the result is the same on every run. */
#define LANES 8

static double
dot_pixels (const guint8 *x,
            const double *w,
            gsize         n)
{
  double lane[LANES] = { 0 }, sum = 0;
  gsize f = 0;

  for (; f + LANES <= n; f += LANES)
    for (guint k = 0; k < LANES; k++)
      lane[k] += x[f + k] * w[f + k];
  for (; f < n; f++)
    sum += x[f] * w[f];
  for (guint k = 0; k < LANES; k++)
    sum += lane[k];
  return sum;
}

#ifdef LL_FEATURES_X86
/* dot_pixels with its eight sums in two vectors: each lane's products and
 * sums in the same order, rounded the same (a multiply, then an add: the
 * portable code is built without contraction), so the same bits four times
 * faster (the critical rate's Lanczos products on Fashion-MNIST). */
static __attribute__ ((target ("avx2"))) double
dot_pixels_avx2 (const guint8 *x,
                 const double *w,
                 gsize         n)
{
  __m256d low = _mm256_setzero_pd (), high = _mm256_setzero_pd ();
  double lane[LANES], sum = 0;
  gsize f = 0;

  for (; f + LANES <= n; f += LANES)
    {
      __m128i bytes = _mm_loadl_epi64 ((const __m128i *) (x + f));

      low = _mm256_add_pd (low, _mm256_mul_pd (_mm256_cvtepi32_pd (_mm_cvtepu8_epi32 (bytes)),
                                               _mm256_loadu_pd (w + f)));
      high = _mm256_add_pd (high, _mm256_mul_pd (_mm256_cvtepi32_pd (_mm_cvtepu8_epi32 (_mm_srli_si128 (bytes, 4))),
                                                 _mm256_loadu_pd (w + f + 4)));
    }
  _mm256_storeu_pd (lane, low);
  _mm256_storeu_pd (lane + 4, high);
  for (; f < n; f++)
    sum += x[f] * w[f];
  for (guint k = 0; k < LANES; k++)
    sum += lane[k];
  return sum;
}
#endif

/* Tables are narrow (tens of columns): one running sum. */
static double
dot_doubles (const double *x,
             const double *w,
             gsize         n)
{
  double sum = 0;

  for (gsize f = 0; f < n; f++)
    sum += x[f] * w[f];
  return sum;
}

void
ll_features_scores (const LlTrainData *data,
                    const double      *w,
                    double             b,
                    double            *z)
{
  gsize n = data->n_features;

#ifdef LL_FEATURES_X86
  if (data->pixels_train != NULL && ll_vmath_have_avx2 ())
    {
      for (gsize i = 0; i < data->m_train; i++)
        z[i] = dot_pixels_avx2 (data->pixels_train + i * n, w, n) * data->pixel_scale + b;
      return;
    }
#endif
  for (gsize i = 0; i < data->m_train; i++)
    z[i] = data->pixels_train != NULL
           ? dot_pixels (data->pixels_train + i * n, w, n) * data->pixel_scale + b
           : dot_doubles (data->X_train + i * n, w, n) + b;
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
