/* kernels-primal-u8.c: one fused primal pass for k runs over uint8 pixels.
 *
 * Why fused: the two-dgemm form (Z = X^T W, then dW = X R) reads a float64
 * copy of X twice a pass and is memory bound. Here each thread walks its
 * examples in blocks of BLOCK: the block's pixels are converted to double
 * once into a small buffer (it stays in L1), the BLOCK x k dot products are
 * taken against W, the residuals follow, and the same buffer is swept again
 * to add r * x into the thread's own dW accumulator. Every loaded W or dW
 * vector serves BLOCK examples, and the uint8 pixels (8x smaller than
 * doubles) stay in the L3 cache from pass to pass, so the pass is bound by
 * the multiply-adds. The 1/255 scale is applied to the dot and to r rather
 * than to each pixel. */
#include "config.h"

#include "kernels-u8.h"
#include "kernels-u8-private.h"
#include "model.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define LL_HAVE_X86 1
#include <immintrin.h>
#endif

#define BLOCK 4         /* examples per block */
#define PIXEL_PAD 8     /* rows padded to two AVX vectors of doubles */
#define MAX_RUNS 8      /* the contract's k <= 8 */
#define ALIGNMENT 32
/* A thread costs ~50 us to start and join; give each at least ~0.2 ms of
 * multiply-adds so small passes stay on the calling thread. */
#define MIN_MULADDS_PER_THREAD (1u << 20)

/* dots[j * BLOCK + e] = xb_e . W_j over the padded rows. */
typedef void (*BlockDots) (const double *xb, gsize n_pad, const double *W,
                           guint k, double *dots);
/* dW_j += sum_e coef[j * BLOCK + e] * xb_e over the padded rows. */
typedef void (*BlockUpdate) (const double *xb, gsize n_pad, const double *coef,
                             guint k, double *dW);

/* XB (BLOCK x n_pad) = the pixels of COUNT examples as doubles; missing
 * examples and the row padding are zero so the kernels need no tails. */
typedef void (*BlockConvert) (const guint8 *X, gsize n, gsize n_pad, gsize count,
                              double *xb);

typedef struct {
  BlockConvert convert;
  BlockDots dots;
  BlockUpdate update;
} PrimalPath;

/* The read-only inputs of one pass, shared by the threads. */
typedef struct {
  const guint8 *X;
  gsize n, n_pad, m;
  const double *y;
  const double *W_pad;  /* n_pad x k, zero rows past n */
  const double *b;
  guint k;
  double scale;
  double *Z;            /* m x k or NULL; threads write disjoint rows */
  const PrimalPath *path;
} PrimalPass;

/* One thread's share: examples [first, last) and its own accumulators. */
typedef struct {
  const PrimalPass *pass;
  gsize first, last;
  double *dW_acc;       /* n_pad x k */
  double *xb;           /* BLOCK x n_pad pixels as double */
  double r_sum[MAX_RUNS];
} PrimalPart;

static inline gsize
round_up (gsize value,
          gsize multiple)
{
  return (value + multiple - 1) / multiple * multiple;
}

static void
convert_block_portable (const guint8 *X,
               gsize         n,
               gsize         n_pad,
               gsize         count,
               double       *xb)
{
  for (gsize e = 0; e < BLOCK; e++)
    {
      double *row = xb + e * n_pad;
      gsize filled = e < count ? n : 0;

      for (gsize p = 0; p < filled; p++)
        row[p] = X[e * n + p];
      memset (row + filled, 0, (n_pad - filled) * sizeof (double));
    }
}

static void
dots_portable (const double *xb,
               gsize         n_pad,
               const double *W,
               guint         k,
               double       *dots)
{
  const double *x0 = xb, *x1 = xb + n_pad, *x2 = xb + 2 * n_pad, *x3 = xb + 3 * n_pad;

  for (guint j = 0; j < k; j++)
    {
      const double *w = W + j * n_pad;
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;

      for (gsize p = 0; p < n_pad; p++)
        {
          s0 += x0[p] * w[p];
          s1 += x1[p] * w[p];
          s2 += x2[p] * w[p];
          s3 += x3[p] * w[p];
        }
      dots[j * BLOCK + 0] = s0;
      dots[j * BLOCK + 1] = s1;
      dots[j * BLOCK + 2] = s2;
      dots[j * BLOCK + 3] = s3;
    }
}

static void
update_portable (const double *xb,
                 gsize         n_pad,
                 const double *coef,
                 guint         k,
                 double       *dW)
{
  const double *x0 = xb, *x1 = xb + n_pad, *x2 = xb + 2 * n_pad, *x3 = xb + 3 * n_pad;

  for (guint j = 0; j < k; j++)
    {
      const double *c = coef + j * BLOCK;
      double *d = dW + j * n_pad;

      for (gsize p = 0; p < n_pad; p++)
        d[p] += c[0] * x0[p] + c[1] * x1[p] + c[2] * x2[p] + c[3] * x3[p];
    }
}

static const PrimalPath portable_path = { convert_block_portable, dots_portable, update_portable };

#ifdef LL_HAVE_X86
#define AVX2 __attribute__ ((target ("avx2,fma")))
#define AVX2_INLINE __attribute__ ((target ("avx2,fma"), always_inline)) static inline
/* The loops over examples, columns and unrolled vectors must be unrolled
 * so their accumulators live in registers (-O2 keeps them in memory). */
#define UNROLLED _Pragma ("GCC unroll 12")

static inline double AVX2
hsum_avx2 (__m256d v)
{
  __m128d pair = _mm_add_pd (_mm256_castpd256_pd128 (v), _mm256_extractf128_pd (v, 1));

  return _mm_cvtsd_f64 (_mm_add_sd (pair, _mm_unpackhi_pd (pair, pair)));
}

/* BLOCK x G dot products with UNROLL vectors per example in flight: at least
 * 8 independent accumulators hide the FMA latency, at most 12 fit the 16
 * registers beside the pixels. G and UNROLL are constants after inlining. */
AVX2_INLINE void
dots_group_avx2 (const double *xb,
                 gsize         n_pad,
                 const double *W,
                 guint         G,
                 guint         UNROLL,
                 double       *dots)
{
  __m256d acc[BLOCK][3][2];

  UNROLLED
  for (guint e = 0; e < BLOCK; e++)
    UNROLLED
    for (guint j = 0; j < G; j++)
      UNROLLED
      for (guint u = 0; u < UNROLL; u++)
        acc[e][j][u] = _mm256_setzero_pd ();

  for (gsize p = 0; p < n_pad; p += 4 * UNROLL)
    UNROLLED
    for (guint u = 0; u < UNROLL; u++)
      UNROLLED
      for (guint e = 0; e < BLOCK; e++)
        {
          __m256d x = _mm256_load_pd (xb + e * n_pad + p + 4 * u);

          UNROLLED
          for (guint j = 0; j < G; j++)
            acc[e][j][u] = _mm256_fmadd_pd (x, _mm256_load_pd (W + j * n_pad + p + 4 * u),
                                            acc[e][j][u]);
        }

  UNROLLED
  for (guint j = 0; j < G; j++)
    UNROLLED
    for (guint e = 0; e < BLOCK; e++)
      {
        __m256d sum = acc[e][j][0];

        if (UNROLL == 2)
          sum = _mm256_add_pd (sum, acc[e][j][1]);
        dots[j * BLOCK + e] = hsum_avx2 (sum);
      }
}

static void AVX2
dots_avx2 (const double *xb,
           gsize         n_pad,
           const double *W,
           guint         k,
           double       *dots)
{
  guint j = 0;

  /* Groups of 3 columns, ending with 2 + 2 rather than 3 + 1. */
  while (j < k)
    {
      guint left = k - j;
      guint group = left == 4 ? 2 : MIN (left, 3);

      switch (group)
        {
        case 3: dots_group_avx2 (xb, n_pad, W + j * n_pad, 3, 1, dots + j * BLOCK); break;
        case 2: dots_group_avx2 (xb, n_pad, W + j * n_pad, 2, 1, dots + j * BLOCK); break;
        default: dots_group_avx2 (xb, n_pad, W + j * n_pad, 1, 2, dots + j * BLOCK); break;
        }
      j += group;
    }
}

/* dW_j += sum_e c_ej x_e for G columns: each pixel vector is loaded once for
 * the G columns, each dW vector loaded and stored once for BLOCK examples. */
AVX2_INLINE void
update_group_avx2 (const double *xb,
                   gsize         n_pad,
                   const double *coef,
                   guint         G,
                   double       *dW)
{
  __m256d c[BLOCK][3];

  UNROLLED
  for (guint j = 0; j < G; j++)
    UNROLLED
    for (guint e = 0; e < BLOCK; e++)
      c[e][j] = _mm256_set1_pd (coef[j * BLOCK + e]);

  for (gsize p = 0; p < n_pad; p += 4)
    {
      __m256d d[3];

      UNROLLED
      for (guint j = 0; j < G; j++)
        d[j] = _mm256_load_pd (dW + j * n_pad + p);
      UNROLLED
      for (guint e = 0; e < BLOCK; e++)
        {
          __m256d x = _mm256_load_pd (xb + e * n_pad + p);

          UNROLLED
          for (guint j = 0; j < G; j++)
            d[j] = _mm256_fmadd_pd (c[e][j], x, d[j]);
        }
      UNROLLED
      for (guint j = 0; j < G; j++)
        _mm256_store_pd (dW + j * n_pad + p, d[j]);
    }
}

static void AVX2
update_avx2 (const double *xb,
             gsize         n_pad,
             const double *coef,
             guint         k,
             double       *dW)
{
  guint j = 0;

  while (j < k)
    {
      guint left = k - j;
      guint group = left == 4 ? 2 : MIN (left, 3);

      switch (group)
        {
        case 3: update_group_avx2 (xb, n_pad, coef + j * BLOCK, 3, dW + j * n_pad); break;
        case 2: update_group_avx2 (xb, n_pad, coef + j * BLOCK, 2, dW + j * n_pad); break;
        default: update_group_avx2 (xb, n_pad, coef + j * BLOCK, 1, dW + j * n_pad); break;
        }
      j += group;
    }
}

/* convert_block with 8 pixels at a time (scalar for the row's last n % 8). */
static void AVX2
convert_block_avx2 (const guint8 *X,
                    gsize         n,
                    gsize         n_pad,
                    gsize         count,
                    double       *xb)
{
  for (gsize e = 0; e < BLOCK; e++)
    {
      const guint8 *pixels = X + e * n;
      double *row = xb + e * n_pad;
      gsize filled = e < count ? n : 0, p = 0;

      for (; p + 8 <= filled; p += 8)
        {
          __m256i wide = _mm256_cvtepu8_epi32 (_mm_loadl_epi64 ((const __m128i *) (pixels + p)));

          _mm256_store_pd (row + p, _mm256_cvtepi32_pd (_mm256_castsi256_si128 (wide)));
          _mm256_store_pd (row + p + 4, _mm256_cvtepi32_pd (_mm256_extracti128_si256 (wide, 1)));
        }
      for (; p < filled; p++)
        row[p] = pixels[p];
      memset (row + filled, 0, (n_pad - filled) * sizeof (double));
    }
}

static const PrimalPath avx2_path = { convert_block_avx2, dots_avx2, update_avx2 };
#endif

gboolean
ll_primal_u8_have_avx2 (void)
{
#ifdef LL_HAVE_X86
  return __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma");
#else
  return FALSE;
#endif
}

static void
primal_part_run (PrimalPart *part)
{
  const PrimalPass *pass = part->pass;
  const guint k = pass->k;
  double dots[BLOCK * MAX_RUNS];
  double coef[BLOCK * MAX_RUNS];

  memset (part->r_sum, 0, sizeof part->r_sum);
  for (gsize i = part->first; i < part->last; i += BLOCK)
    {
      gsize count = MIN (BLOCK, part->last - i);

      pass->path->convert (pass->X + i * pass->n, pass->n, pass->n_pad, count, part->xb);
      pass->path->dots (part->xb, pass->n_pad, pass->W_pad, k, dots);

      for (guint j = 0; j < k; j++)
        for (gsize e = 0; e < BLOCK; e++)
          {
            double z, r;

            if (e >= count)
              {
                coef[j * BLOCK + e] = 0;
                continue;
              }
            z = pass->scale * dots[j * BLOCK + e] + pass->b[j];
            if (pass->Z != NULL)
              pass->Z[i + e + j * pass->m] = z;
            r = ll_sigmoid (z) - pass->y[i + e];
            part->r_sum[j] += r;
            coef[j * BLOCK + e] = r * pass->scale;
          }

      pass->path->update (part->xb, pass->n_pad, coef, k, part->dW_acc);
    }
}

static gpointer
primal_part_thread (gpointer data)
{
  primal_part_run (data);
  return NULL;
}

static void
primal_pass (const PrimalPath *path,
             const guint8     *X,
             gsize             n,
             gsize             m,
             const double     *y,
             const double     *W,
             const double     *b,
             guint             k,
             double            scale,
             guint             n_parts,
             double           *Z,
             double           *dW,
             double           *r_sum)
{
  gsize n_pad = round_up (MAX (n, 1), PIXEL_PAD);
  gsize n_blocks = (m + BLOCK - 1) / BLOCK;
  g_autofree PrimalPart *parts = NULL;
  g_autofree GThread **threads = NULL;
  double *W_pad;
  PrimalPass pass;

  g_return_if_fail (k >= 1 && k <= MAX_RUNS);

  if (m == 0)
    {
      memset (dW, 0, n * k * sizeof (double));
      memset (r_sum, 0, k * sizeof (double));
      return;
    }
  n_parts = CLAMP (n_parts, 1, n_blocks);

  W_pad = g_aligned_alloc0 (n_pad * k, sizeof (double), ALIGNMENT);
  for (guint j = 0; j < k; j++)
    memcpy (W_pad + j * n_pad, W + j * n, n * sizeof (double));

  pass = (PrimalPass) {
    .X = X, .n = n, .n_pad = n_pad, .m = m, .y = y, .W_pad = W_pad, .b = b,
    .k = k, .scale = scale, .Z = Z, .path = path,
  };

  /* Contiguous ranges of whole blocks, one per part. */
  parts = g_new0 (PrimalPart, n_parts);
  threads = g_new0 (GThread *, n_parts);
  for (guint t = 0; t < n_parts; t++)
    {
      parts[t].pass = &pass;
      parts[t].first = MIN (n_blocks * t / n_parts * BLOCK, m);
      parts[t].last = MIN (n_blocks * (t + 1) / n_parts * BLOCK, m);
      parts[t].dW_acc = g_aligned_alloc0 (n_pad * k, sizeof (double), ALIGNMENT);
      parts[t].xb = g_aligned_alloc (BLOCK * n_pad, sizeof (double), ALIGNMENT);
    }

  /* The calling thread takes part 0; a thread that cannot start leaves its
   * part to the calling thread. */
  for (guint t = 1; t < n_parts; t++)
    threads[t] = g_thread_try_new ("ll-primal", primal_part_thread, &parts[t], NULL);
  primal_part_run (&parts[0]);
  for (guint t = 1; t < n_parts; t++)
    {
      if (threads[t] != NULL)
        g_thread_join (threads[t]);
      else
        primal_part_run (&parts[t]);
    }

  /* Reduce in part order, so the result does not depend on timing. */
  for (guint j = 0; j < k; j++)
    {
      r_sum[j] = 0;
      for (guint t = 0; t < n_parts; t++)
        r_sum[j] += parts[t].r_sum[j];
      for (gsize p = 0; p < n; p++)
        {
          double sum = 0;

          for (guint t = 0; t < n_parts; t++)
            sum += parts[t].dW_acc[p + j * n_pad];
          dW[p + j * n] = sum / (double) m;
        }
    }

  for (guint t = 0; t < n_parts; t++)
    {
      g_aligned_free (parts[t].dW_acc);
      g_aligned_free (parts[t].xb);
    }
  g_aligned_free (W_pad);
}

static const PrimalPath *
avx2_or_portable (void)
{
#ifdef LL_HAVE_X86
  if (ll_primal_u8_have_avx2 ())
    return &avx2_path;
#endif
  return &portable_path;
}

void
ll_primal_pass_u8_portable (const guint8 *X, gsize n, gsize m, const double *y,
                            const double *W, const double *b, guint k, double scale,
                            guint n_threads, double *Z, double *dW, double *r_sum)
{
  primal_pass (&portable_path, X, n, m, y, W, b, k, scale, n_threads, Z, dW, r_sum);
}

void
ll_primal_pass_u8_avx2 (const guint8 *X, gsize n, gsize m, const double *y,
                        const double *W, const double *b, guint k, double scale,
                        guint n_threads, double *Z, double *dW, double *r_sum)
{
  primal_pass (avx2_or_portable (), X, n, m, y, W, b, k, scale, n_threads, Z, dW, r_sum);
}

void
ll_primal_pass_u8 (const guint8 *X,
                   gsize         n,
                   gsize         m,
                   const double *y,
                   const double *W,
                   const double *b,
                   guint         k,
                   double        scale,
                   guint         n_threads,
                   double       *Z,
                   double       *dW,
                   double       *r_sum)
{
  guint64 muladds = (guint64) 2 * n * m * MAX (k, 1);
  guint useful = (guint) MIN (muladds / MIN_MULADDS_PER_THREAD + 1, G_MAXUINT);

  primal_pass (avx2_or_portable (), X, n, m, y, W, b, k, scale,
               MIN (MAX (n_threads, 1), useful), Z, dW, r_sum);
}
