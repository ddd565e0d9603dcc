/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trainer-pixels.c: the dual form's weights w = X c read from 8-bit pixels.
 *
 * Needed only at snapshots and for the final models, but on the course's
 * data it is 7.7 M multiply-adds at the end of a 10 ms job, so it gets the
 * same care: 16 features of 3 runs held in registers over all examples. */
#include "config.h"

#include "trainer-private.h"
#include "vmath.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LL_PIXELS_X86 1
#endif

/* Features [F0, F1) of every run (A = SCALE * C, m x k, leading dimension m). */
static void
weights_portable (const guint8 *pixels,
                  gsize         n,
                  gsize         m,
                  const double *A,
                  guint         k,
                  gsize         f0,
                  gsize         f1,
                  double       *W)
{
  for (guint j = 0; j < k; j++)
    {
      double *w = W + j * n;

      for (gsize f = f0; f < f1; f++)
        w[f] = 0;
      for (gsize i = 0; i < m; i++)
        {
          const guint8 *x = pixels + i * n;
          double a = A[i + j * m];

          for (gsize f = f0; f < f1; f++)
            w[f] += a * x[f];
        }
    }
}

#ifdef LL_PIXELS_X86
static inline __attribute__ ((always_inline, target ("avx2,fma"))) void
weights_block_avx2 (const guint8 *pixels,
                    gsize         n,
                    gsize         m,
                    const double *A,
                    gsize         f,
                    double       *W,
                    const int     NR)
{
  __m256d acc[4][3];

  _Pragma ("GCC unroll 4")
  for (int v = 0; v < 4; v++)
    _Pragma ("GCC unroll 3")
    for (int j = 0; j < NR; j++)
      acc[v][j] = _mm256_setzero_pd ();
  for (gsize i = 0; i < m; i++)
    {
      __m128i bytes = _mm_loadu_si128 ((const __m128i *) (pixels + i * n + f));
      __m256d x[4];

      x[0] = _mm256_cvtepi32_pd (_mm_cvtepu8_epi32 (bytes));
      x[1] = _mm256_cvtepi32_pd (_mm_cvtepu8_epi32 (_mm_srli_si128 (bytes, 4)));
      x[2] = _mm256_cvtepi32_pd (_mm_cvtepu8_epi32 (_mm_srli_si128 (bytes, 8)));
      x[3] = _mm256_cvtepi32_pd (_mm_cvtepu8_epi32 (_mm_srli_si128 (bytes, 12)));
      _Pragma ("GCC unroll 3")
      for (int j = 0; j < NR; j++)
        {
          __m256d a = _mm256_broadcast_sd (A + i + (gsize) j * m);

          _Pragma ("GCC unroll 4")
          for (int v = 0; v < 4; v++)
            acc[v][j] = _mm256_fmadd_pd (a, x[v], acc[v][j]);
        }
    }
  _Pragma ("GCC unroll 3")
  for (int j = 0; j < NR; j++)
    _Pragma ("GCC unroll 4")
    for (int v = 0; v < 4; v++)
      _mm256_storeu_pd (W + (gsize) j * n + f + 4 * v, acc[v][j]);
}

#define WEIGHTS_BLOCK(NR) \
  static __attribute__ ((target ("avx2,fma"))) void \
  weights_block_##NR (const guint8 *pixels, gsize n, gsize m, const double *A, \
                      gsize f, double *W) \
  { \
    weights_block_avx2 (pixels, n, m, A, f, W, NR); \
  }
WEIGHTS_BLOCK (1) WEIGHTS_BLOCK (2) WEIGHTS_BLOCK (3)

/* One run, 32 features: eight chains of fused multiply-adds cover their
 * latency (four were waiting on it), and each row's strip is 32 bytes. Each
 * feature's sum is the same chain as in weights_block_1: the same bits. */
static __attribute__ ((target ("avx2,fma"))) void
weights_wide_1 (const guint8 *pixels,
                gsize         n,
                gsize         m,
                const double *A,
                gsize         f,
                double       *W)
{
  __m256d acc[8];

  _Pragma ("GCC unroll 8")
  for (int v = 0; v < 8; v++)
    acc[v] = _mm256_setzero_pd ();
  for (gsize i = 0; i < m; i++)
    {
      const guint8 *x = pixels + i * n + f;
      __m128i low = _mm_loadu_si128 ((const __m128i *) x);
      __m128i high = _mm_loadu_si128 ((const __m128i *) (x + 16));
      __m256d a = _mm256_broadcast_sd (A + i);

      _Pragma ("GCC unroll 4")
      for (int v = 0; v < 4; v++)
        {
          acc[v] = _mm256_fmadd_pd (a, _mm256_cvtepi32_pd (_mm_cvtepu8_epi32 (low)), acc[v]);
          acc[v + 4] = _mm256_fmadd_pd (a, _mm256_cvtepi32_pd (_mm_cvtepu8_epi32 (high)), acc[v + 4]);
          low = _mm_srli_si128 (low, 4);
          high = _mm_srli_si128 (high, 4);
        }
    }
  _Pragma ("GCC unroll 8")
  for (int v = 0; v < 8; v++)
    _mm256_storeu_pd (W + f + 4 * v, acc[v]);
}

static void
weights_avx2 (const guint8 *pixels,
              gsize         n,
              gsize         m,
              const double *A,
              guint         k,
              double       *W)
{
  static void (*const blocks[3]) (const guint8 *, gsize, gsize, const double *, gsize, double *) = {
    weights_block_1, weights_block_2, weights_block_3,
  };
  gsize whole = n & ~(gsize) 15;

  for (guint j0 = 0; j0 < k; j0 += 3)
    {
      guint nr = MIN (3, k - j0);
      gsize f = 0;

      if (nr == 1)
        for (; f + 32 <= whole; f += 32)
          weights_wide_1 (pixels, n, m, A + j0 * m, f, W + j0 * n);
      for (; f < whole; f += 16)
        blocks[nr - 1] (pixels, n, m, A + j0 * m, f, W + j0 * n);
    }
  if (whole < n)
    weights_portable (pixels, n, m, A, k, whole, n, W);
}
#endif

/* A = SCALE * C, m x k with leading dimension m. */
static double *
scaled_coefficients (const double *C,
                     gsize         ldc,
                     gsize         m,
                     guint         k,
                     double        scale)
{
  double *A = g_new (double, m * k);

  for (guint j = 0; j < k; j++)
    for (gsize i = 0; i < m; i++)
      A[i + j * m] = scale * C[i + j * ldc];
  return A;
}

void
ll_weights_from_pixels (const guint8 *pixels,
                        gsize         n,
                        gsize         m,
                        double        scale,
                        const double *C,
                        gsize         ldc,
                        guint         k,
                        double       *W)
{
#ifdef LL_PIXELS_X86
  if (ll_vmath_have_avx2 ())
    {
      g_autofree double *A = scaled_coefficients (C, ldc, m, k, scale);

      weights_avx2 (pixels, n, m, A, k, W);
      return;
    }
#endif
  ll_weights_from_pixels_portable (pixels, n, m, scale, C, ldc, k, W);
}

void
ll_weights_from_pixels_portable (const guint8 *pixels,
                                 gsize         n,
                                 gsize         m,
                                 double        scale,
                                 const double *C,
                                 gsize         ldc,
                                 guint         k,
                                 double       *W)
{
  g_autofree double *A = scaled_coefficients (C, ldc, m, k, scale);

  weights_portable (pixels, n, m, A, k, 0, n, W);
}
