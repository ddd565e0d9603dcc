/* SPDX-License-Identifier: GPL-3.0-or-later */
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
#include "team.h"
#include "vmath.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#define LL_HAVE_X86 1
#include <immintrin.h>
#endif

#define BLOCK 4         /* examples per block */
#define PIXEL_PAD 8     /* rows padded to two AVX vectors of doubles */
#define MAX_RUNS 8      /* the contract's k <= 8 */
#define ALIGNMENT 32
#define CACHE_LINE 64
/* A thread costs ~50 us to start and join (a team's handoff a few), and a
 * part's accumulators must be summed at the end; give each thread at least
 * ~0.2 ms of multiply-adds so small passes stay on the calling thread. */
#define MIN_MULADDS_PER_THREAD (1u << 22)
/* A pass splits into this many parts at most, however many threads run
 * them (so the bits do not depend on the thread count), and the members
 * take what is left of each other's shares: a helper the scheduler wakes
 * late (two cores shared with other programs, or a vCPU that halted
 * between passes) still finishes the pass's last parts beside the caller,
 * where with one part a thread the caller had to run the helper's half
 * alone in more than a third of the passes on a busy machine. */
#define MAX_PARTS 8
/* Whether the helpers pay depends on what else runs: on a busy machine a
 * helper shares its core with other programs and the caller waits for the
 * part it holds. So, as the dual iteration does, the caller times
 * PROBE_PASSES with the helpers and as many alone (running every part
 * itself: the same parts, the same bits), keeps the faster way for
 * CHOICE_PASSES and probes again. (Unlike the dual's microsecond rounds, a
 * caller that sleeps for a helper says little here: parts of a millisecond
 * routinely finish 10 us apart; the probes' times decide.) */
#define PROBE_PASSES 8
#define CHOICE_PASSES 400
/* Alone only when clearly faster: on a machine crowded with other programs
 * two threads also get two shares of the cores, which a probe of a few
 * passes measures with much noise. */
#define SOLO_MARGIN 0.9

/* Small loops over examples, columns, lanes and unrolled vectors must be
 * unrolled so their accumulators live in registers (-O2 keeps them in
 * memory) and lanes become vectors. */
#define UNROLLED _Pragma ("GCC unroll 12")

/* One block of BLOCK examples: always BLOCK rows of n pixels (the last,
 * partial block is copied into a zero-padded scratch). XB (BLOCK x n_pad
 * doubles) receives the pixels as doubles, zero past n: filled by the
 * path's dots, read by its update. */
typedef struct {
  const guint8 *pixels;
  gsize n, n_pad;
  double *xb;
} Block;

/* dots[j * BLOCK + e] = x_e . W_j (W is n_pad x k, zero past n). */
typedef void (*BlockDots) (Block *block, const double *W, guint k, double *dots);
/* dW_j += sum_e coef[j * BLOCK + e] * x_e (dW is n_pad x k). Called right
 * after dots on the same block. */
typedef void (*BlockUpdate) (const Block *block, const double *coef, guint k, double *dW);

typedef struct {
  BlockDots dots;
  BlockUpdate update;
  BlockDots decide;     /* dots without filling XB, or NULL */
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
  gboolean want_loss;   /* sum each part's loss */
  const PrimalPath *path;
} PrimalPass;

/* One part of a pass: examples [first, last), summed into its own
 * accumulators in example order. Cache lines of its own: the threads
 * write their parts side by side. */
typedef struct {
  _Alignas (CACHE_LINE) gsize first, last;
  double *dW_acc;       /* n_pad x k */
  double *xb;           /* BLOCK x n_pad doubles, for the path */
  guint8 *tail;         /* BLOCK x n pixels, for a partial last block */
  double r_sum[MAX_RUNS];
  LlLossSum loss[MAX_RUNS];  /* when the pass wants the loss */
} PrimalPart;

struct _LlPrimalTeam {
  guint n_threads;          /* team members at most */
  guint n_parts_max;        /* parts at most: MAX (n_threads, MAX_PARTS) */
  const PrimalPath *path;
  LlTeam *team;             /* started by the first pass of two parts or more */
  guint team_wanted;        /* the members it was started for */
  gsize *bounds;            /* n_threads + 1: the team members' shares of parts */
  PrimalPass pass;          /* the pass in progress */
  PrimalPart *parts;        /* n_parts_max, cache-line aligned */
  double *W_pad;            /* n_pad x k */
  /* What the scratch holds: W_pad and each dW_acc weights_capacity
   * doubles, each xb BLOCK x pixels_capacity, each tail BLOCK x
   * pixels_capacity bytes. */
  gsize weights_capacity, pixels_capacity;
  /* The self-timed choice between the helpers and the caller alone. */
  gboolean duo;             /* passes run with the helpers */
  guint phase_left;         /* passes left in this probe or choice */
  gboolean probing;
  double duo_cost, solo_cost;  /* seconds per example and run in the probes */
};

static inline gsize
round_up (gsize value,
          gsize multiple)
{
  return (value + multiple - 1) / multiple * multiple;
}

/* Portable C: the block's pixels as doubles once (in XB, zero past n),
 * then loops over a few pixels with independent lanes, which the compiler
 * unrolls and vectorises (SSE2 on any x86-64) without changing the order
 * of any sum. */
static void
dots_portable (Block        *block,
               const double *W,
               guint         k,
               double       *dots)
{
  gsize n = block->n, n_pad = block->n_pad;
  double *xb = block->xb;

  for (gsize e = 0; e < BLOCK; e++)
    {
      const guint8 *pixels = block->pixels + e * n;
      double *row = xb + e * n_pad;
      gsize p = 0;

      for (; p + PIXEL_PAD <= n; p += PIXEL_PAD)
        UNROLLED
        for (guint l = 0; l < PIXEL_PAD; l++)
          row[p + l] = pixels[p + l];
      for (; p < n_pad; p++)
        row[p] = p < n ? pixels[p] : 0;
    }

  /* Each W vector serves the BLOCK examples; 4 lanes each. */
  for (guint j = 0; j < k; j++)
    {
      const double *w = W + j * n_pad;
      double lanes[BLOCK][4] = { { 0 } };

      for (gsize p = 0; p < n_pad; p += 4)
        UNROLLED
        for (guint e = 0; e < BLOCK; e++)
          UNROLLED
          for (guint l = 0; l < 4; l++)
            lanes[e][l] += xb[e * n_pad + p + l] * w[p + l];
      for (guint e = 0; e < BLOCK; e++)
        dots[j * BLOCK + e] = (lanes[e][0] + lanes[e][1]) + (lanes[e][2] + lanes[e][3]);
    }
}

static void
update_portable (const Block  *block,
                 const double *coef,
                 guint         k,
                 double       *dW)
{
  gsize n_pad = block->n_pad;
  const double *xb = block->xb;
  const double *x0 = xb, *x1 = xb + n_pad, *x2 = xb + 2 * n_pad, *x3 = xb + 3 * n_pad;

  for (guint j = 0; j < k; j++)
    {
      double c0 = coef[j * BLOCK], c1 = coef[j * BLOCK + 1];
      double c2 = coef[j * BLOCK + 2], c3 = coef[j * BLOCK + 3];
      double *d = dW + j * n_pad;

      for (gsize p = 0; p < n_pad; p += PIXEL_PAD)
        {
          double sums[PIXEL_PAD];

          /* Read everything before writing, so no store may alias a load. */
          UNROLLED
          for (guint l = 0; l < PIXEL_PAD; l++)
            sums[l] = d[p + l] + (c0 * x0[p + l] + c1 * x1[p + l] + c2 * x2[p + l] + c3 * x3[p + l]);
          UNROLLED
          for (guint l = 0; l < PIXEL_PAD; l++)
            d[p + l] = sums[l];
        }
    }
}

static const PrimalPath portable_path = { dots_portable, update_portable, NULL };

#ifdef LL_HAVE_X86
#define AVX2 __attribute__ ((target ("avx2,fma")))
#define AVX2_INLINE __attribute__ ((target ("avx2,fma"), always_inline)) static inline

static inline double AVX2
hsum_avx2 (__m256d v)
{
  __m128d pair = _mm_add_pd (_mm256_castpd256_pd128 (v), _mm256_extractf128_pd (v, 1));

  return _mm_cvtsd_f64 (_mm_add_sd (pair, _mm_unpackhi_pd (pair, pair)));
}

/* Four pixels as doubles. Measured on Zen 3, vcvtdq2pd takes FMA issue
 * slots (8 FMAs + 4 conversions: 8 cycles instead of 4); 2^52 + u built
 * with bit operations, minus 2^52, costs half that and is exact for
 * u < 2^52. TWO_52 comes from two_52_avx2 (). */
AVX2_INLINE __m256d
pixels4_avx2 (const guint8 *pixels,
              __m256d       two_52)
{
  gint32 bytes;
  __m256d wide;

  memcpy (&bytes, pixels, sizeof bytes);
  wide = _mm256_castsi256_pd (_mm256_cvtepu8_epi64 (_mm_cvtsi32_si128 (bytes)));
  return _mm256_sub_pd (_mm256_or_pd (wide, two_52), two_52);
}

/* 2^52 in all lanes, opaque to the compiler: otherwise it subtracts by
 * adding -2^52, one more register, and the 12 accumulators spill. */
AVX2_INLINE __m256d
two_52_avx2 (void)
{
  __m256d two_52 = _mm256_set1_pd (4503599627370496.0);

  __asm__ ("" : "+x" (two_52));
  return two_52;
}

/* BLOCK x G dot products with UNROLL vectors per example in flight: at least
 * 8 independent accumulators hide the FMA latency, at most 12 fit the 16
 * registers beside the pixels. With CONVERT the pixels are converted here
 * and, with STORE, kept in the block's buffer (the first column group),
 * else read from it. G, UNROLL, CONVERT and STORE are constants after
 * inlining. */
AVX2_INLINE void
dots_group_avx2 (Block        *block,
                 const double *W,
                 guint         G,
                 guint         UNROLL,
                 gboolean      CONVERT,
                 gboolean      STORE,
                 double       *dots)
{
  const guint8 *x = block->pixels;
  double *xb = block->xb;
  gsize n = block->n, n_pad = block->n_pad, n4 = n & ~(gsize) 3, p = 0;
  __m256d two_52 = two_52_avx2 ();
  __m256d acc[BLOCK][3][2];

  UNROLLED
  for (guint e = 0; e < BLOCK; e++)
    UNROLLED
    for (guint j = 0; j < G; j++)
      UNROLLED
      for (guint u = 0; u < UNROLL; u++)
        acc[e][j][u] = _mm256_setzero_pd ();

  for (; p < n4; p += 4 * UNROLL)
    {
      /* With UNROLL 2, n4 may leave one vector of 4 at the end. */
      guint vectors = UNROLL == 2 && p + 8 > n4 ? 1 : UNROLL;

      UNROLLED
      for (guint u = 0; u < UNROLL; u++)
        {
          __m256d w[2];

          if (u >= vectors)
            break;
          /* Two columns of W in registers, loaded before the stores to XB
           * (which the compiler must assume may alias W); a third is read
           * at each use: 12 accumulators, 2 W, the pixels and 2^52 fill
           * the 16 registers, and a spilled accumulator would cost more. */
          UNROLLED
          for (guint j = 0; j < MIN (G, 2); j++)
            w[j] = _mm256_load_pd (W + j * n_pad + p + 4 * u);

          UNROLLED
          for (guint e = 0; e < BLOCK; e++)
          {
            gsize at = p + 4 * u;
            __m256d xv;

            if (CONVERT)
              {
                /* The next block's pixels into L1 ahead of its sweep, a
                 * line at a time (prefetches never fault past the end):
                 * 7% faster than leaving it to the hardware. */
                if ((at & 63) == 0)
                  _mm_prefetch ((const char *) (x + (BLOCK + e) * n + at), _MM_HINT_T0);
                xv = pixels4_avx2 (x + e * n + at, two_52);
                if (STORE)
                  _mm256_store_pd (xb + e * n_pad + at, xv);
              }
            else
              xv = _mm256_load_pd (xb + e * n_pad + at);

            UNROLLED
            for (guint j = 0; j < G; j++)
              acc[e][j][u] = _mm256_fmadd_pd (xv, j < 2 ? w[j] : _mm256_load_pd (W + j * n_pad + at),
                                              acc[e][j][u]);
          }
        }
    }
  p = n4;

  UNROLLED
  for (guint j = 0; j < G; j++)
    UNROLLED
    for (guint e = 0; e < BLOCK; e++)
      {
        __m256d sum = acc[e][j][0];
        double dot;

        if (UNROLL == 2)
          sum = _mm256_add_pd (sum, acc[e][j][1]);
        dot = hsum_avx2 (sum);
        for (gsize q = p; q < n; q++)  /* the last n % 4 pixels */
          dot += x[e * n + q] * W[j * n_pad + q];
        dots[j * BLOCK + e] = dot;
      }

  /* The buffer's last n % 4 pixels and its zero padding. */
  for (guint e = 0; CONVERT && STORE && e < BLOCK; e++)
    for (gsize q = p; q < n_pad; q++)
      xb[e * n_pad + q] = q < n ? x[e * n + q] : 0;
}

/* Columns in groups of 3, ending with 2 + 2 rather than 3 + 1. */
static inline guint
column_group (guint left)
{
  return left == 4 ? 2 : MIN (left, 3);
}

/* Columns FIRST to K in groups (column_group), each with the same CONVERT
 * and STORE: constants after inlining, as dots_group_avx2 needs. */
AVX2_INLINE void
dots_groups_avx2 (Block        *block,
                  const double *W,
                  guint         first,
                  guint         k,
                  gboolean      CONVERT,
                  gboolean      STORE,
                  double       *dots)
{
  gsize n_pad = block->n_pad;

  for (guint j = first, group; j < k; j += group)
    {
      const double *Wj = W + j * n_pad;

      group = column_group (k - j);
      switch (group)
        {
        case 3: dots_group_avx2 (block, Wj, 3, 1, CONVERT, STORE, dots + j * BLOCK); break;
        case 2: dots_group_avx2 (block, Wj, 2, 1, CONVERT, STORE, dots + j * BLOCK); break;
        default: dots_group_avx2 (block, Wj, 1, 2, CONVERT, STORE, dots + j * BLOCK); break;
        }
    }
}

/* The first column group converts the pixels into the block's buffer; the
 * others and the update read them from there. */
static void AVX2
dots_avx2 (Block        *block,
           const double *W,
           guint         k,
           double       *dots)
{
  guint first_group = column_group (k);

  dots_groups_avx2 (block, W, 0, first_group, TRUE, TRUE, dots);
  dots_groups_avx2 (block, W, first_group, k, FALSE, FALSE, dots);
}

/* dW_j += sum_e c_ej x_e for G columns, from the block's converted pixels:
 * each pixel vector is loaded once for the G columns, each dW vector loaded
 * and stored once for BLOCK examples. */
AVX2_INLINE void
update_group_avx2 (const Block  *block,
                   const double *coef,
                   guint         G,
                   double       *dW)
{
  const double *xb = block->xb;
  gsize n_pad = block->n_pad;
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
          __m256d xv = _mm256_load_pd (xb + e * n_pad + p);

          UNROLLED
          for (guint j = 0; j < G; j++)
            d[j] = _mm256_fmadd_pd (c[e][j], xv, d[j]);
        }
      UNROLLED
      for (guint j = 0; j < G; j++)
        _mm256_store_pd (dW + j * n_pad + p, d[j]);
    }
}

static void AVX2
update_avx2 (const Block  *block,
             const double *coef,
             guint         k,
             double       *dW)
{
  gsize n_pad = block->n_pad;

  for (guint j = 0, group; j < k; j += group)
    {
      group = column_group (k - j);
      switch (group)
        {
        case 3: update_group_avx2 (block, coef + j * BLOCK, 3, dW + j * n_pad); break;
        case 2: update_group_avx2 (block, coef + j * BLOCK, 2, dW + j * n_pad); break;
        default: update_group_avx2 (block, coef + j * BLOCK, 1, dW + j * n_pad); break;
        }
    }
}

/* The dots alone, every column group converting the pixels itself (the
 * same exact doubles), for decisions without an update: no buffer. */
static void AVX2
decide_avx2 (Block        *block,
             const double *W,
             guint         k,
             double       *dots)
{
  dots_groups_avx2 (block, W, 0, k, TRUE, FALSE, dots);
}

static const PrimalPath avx2_path = { dots_avx2, update_avx2, decide_avx2 };
#endif

gboolean
ll_primal_u8_have_avx2 (void)
{
#ifdef LL_HAVE_X86
  return ll_vmath_have_avx2 ();
#else
  return FALSE;
#endif
}

/* Runs PART of PASS into the part's own accumulators (zeroed here, by
 * the thread that fills them). */
static void
primal_part_run (const PrimalPass *pass,
                 PrimalPart       *part)
{
  const guint k = pass->k;
  const gsize n = pass->n, m = pass->m;
  const double scale = pass->scale;
  const double *b = pass->b, *labels = pass->y;
  const PrimalPath *path = pass->path;
  double *Z = pass->Z;
  double z[BLOCK * MAX_RUNS], y[BLOCK * MAX_RUNS], r[BLOCK * MAX_RUNS];
  double r_sum[MAX_RUNS] = { 0 };
  Block block = { NULL, n, pass->n_pad, part->xb };

  memset (part->dW_acc, 0, pass->n_pad * k * sizeof (double));
  for (guint j = 0; j < k; j++)
    part->loss[j] = (LlLossSum) LL_LOSS_SUM_INIT;
  for (gsize i = part->first; i < part->last; i += BLOCK)
    {
      gsize count = MIN (BLOCK, part->last - i);

      block.pixels = pass->X + i * n;
      if (count < BLOCK)
        {
          memset (part->tail, 0, BLOCK * n);
          memcpy (part->tail, block.pixels, count * n);
          block.pixels = part->tail;
        }

      path->dots (&block, pass->W_pad, k, z);
      for (guint j = 0; j < k; j++)
        for (gsize e = 0; e < BLOCK; e++)
          {
            z[j * BLOCK + e] = scale * z[j * BLOCK + e] + b[j];
            y[j * BLOCK + e] = e < count ? labels[i + e] : 0;
          }
      if (pass->want_loss)
        /* Examples past the end add nothing to the loss (their r is
         * zeroed below). */
        for (guint j = 0; j < k; j++)
          ll_vsigmoid_residual_loss (z + j * BLOCK, y + j * BLOCK, r + j * BLOCK, count,
                                     &part->loss[j]);
      else
        ll_vsigmoid_residual (z, y, r, BLOCK * k);

      /* r * scale weighs the pixels in the update; examples past the end
       * weigh nothing. */
      for (guint j = 0; j < k; j++)
        for (gsize e = 0; e < BLOCK; e++)
          {
            if (e < count)
              {
                if (Z != NULL)
                  Z[i + e + j * m] = z[j * BLOCK + e];
                r_sum[j] += r[j * BLOCK + e];
                r[j * BLOCK + e] *= scale;
              }
            else
              r[j * BLOCK + e] = 0;
          }
      path->update (&block, r, k, part->dW_acc);
    }
  memcpy (part->r_sum, r_sum, sizeof r_sum);
}

/* The team's item: part ITEM of the pass in progress. */
static void
primal_team_item (gpointer data,
                  gsize    item)
{
  LlPrimalTeam *team = data;

  primal_part_run (&team->pass, &team->parts[item]);
}

static LlPrimalTeam *
primal_team_new (guint             n_threads,
                 const PrimalPath *path)
{
  LlPrimalTeam *team = g_new0 (LlPrimalTeam, 1);

  team->n_threads = MAX (n_threads, 1);
  team->n_parts_max = MAX (team->n_threads, MAX_PARTS);
  team->path = path;
  team->parts = g_aligned_alloc0 (team->n_parts_max, sizeof (PrimalPart), CACHE_LINE);
  team->bounds = g_new0 (gsize, team->n_threads + 1);
  team->duo = TRUE;
  team->probing = TRUE;
  team->phase_left = PROBE_PASSES;
  return team;
}

/* Accounts a pass of SECONDS over UNITS examples x runs and decides how
 * the next one runs (see PROBE_PASSES). */
static void
primal_team_choose (LlPrimalTeam *team,
                    double        seconds,
                    double        units)
{
  if (team->probing)
    *(team->duo ? &team->duo_cost : &team->solo_cost) += seconds / MAX (units, 1);
  if (--team->phase_left > 0)
    return;
  if (team->probing && team->duo)
    {
      team->duo = FALSE;
      team->phase_left = PROBE_PASSES;
    }
  else if (team->probing)
    {
      team->probing = FALSE;
      team->duo = !(team->solo_cost < SOLO_MARGIN * team->duo_cost);
      team->phase_left = CHOICE_PASSES;
    }
  else
    {
      team->probing = TRUE;
      team->duo = TRUE;
      team->duo_cost = team->solo_cost = 0;
      team->phase_left = PROBE_PASSES;
    }
}

/* Scratch for passes over examples of N_PAD (padded) pixels and K runs. */
static void
primal_team_reserve (LlPrimalTeam *team,
                     gsize         n_pad,
                     guint         k)
{
  if (n_pad * k > team->weights_capacity)
    {
      team->weights_capacity = n_pad * k;
      g_aligned_free (team->W_pad);
      team->W_pad = g_aligned_alloc (team->weights_capacity, sizeof (double), ALIGNMENT);
      for (guint t = 0; t < team->n_parts_max; t++)
        {
          g_aligned_free (team->parts[t].dW_acc);
          team->parts[t].dW_acc = g_aligned_alloc (team->weights_capacity, sizeof (double),
                                                   CACHE_LINE);
        }
    }
  if (n_pad > team->pixels_capacity)
    {
      team->pixels_capacity = n_pad;
      for (guint t = 0; t < team->n_parts_max; t++)
        {
          g_aligned_free (team->parts[t].xb);
          g_free (team->parts[t].tail);
          team->parts[t].xb = g_aligned_alloc (BLOCK * n_pad, sizeof (double), CACHE_LINE);
          team->parts[t].tail = g_malloc (BLOCK * n_pad);
        }
    }
}

/* The pass in N_PARTS parts at most (the same parts, hence the same bits,
 * however many threads run them). */
static void
primal_team_pass (LlPrimalTeam *team,
                  guint         n_parts,
                  const guint8 *X,
                  gsize         n,
                  gsize         m,
                  const double *y,
                  const double *W,
                  const double *b,
                  guint         k,
                  double        scale,
                  double       *Z,
                  double       *dW,
                  double       *r_sum,
                  double       *costs)
{
  gsize n_pad = round_up (MAX (n, 1), PIXEL_PAD);
  gsize n_blocks = (m + BLOCK - 1) / BLOCK;
  PrimalPart *parts = team->parts;

  g_return_if_fail (k >= 1 && k <= MAX_RUNS);

  if (m == 0)
    {
      memset (dW, 0, n * k * sizeof (double));
      memset (r_sum, 0, k * sizeof (double));
      if (costs != NULL)
        memset (costs, 0, k * sizeof (double));
      return;
    }
  n_parts = CLAMP (n_parts, 1, MIN (n_blocks, team->n_parts_max));

  primal_team_reserve (team, n_pad, k);
  for (guint j = 0; j < k; j++)
    {
      memcpy (team->W_pad + j * n_pad, W + j * n, n * sizeof (double));
      memset (team->W_pad + j * n_pad + n, 0, (n_pad - n) * sizeof (double));
    }

  /* Read by the helpers only after they claim a part of this pass. */
  team->pass = (PrimalPass) {
    .X = X, .n = n, .n_pad = n_pad, .m = m, .y = y, .W_pad = team->W_pad, .b = b,
    .k = k, .scale = scale, .Z = Z, .want_loss = costs != NULL, .path = team->path,
  };

  /* Contiguous ranges of whole blocks, one per part. */
  for (guint t = 0; t < n_parts; t++)
    {
      parts[t].first = MIN (n_blocks * t / n_parts * BLOCK, m);
      parts[t].last = MIN (n_blocks * (t + 1) / n_parts * BLOCK, m);
    }

  if (n_parts == 1 || team->n_threads == 1)
    for (guint t = 0; t < n_parts; t++)
      primal_part_run (&team->pass, &parts[t]);
  else if (!team->duo)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint t = 0; t < n_parts; t++)
        primal_part_run (&team->pass, &parts[t]);
      primal_team_choose (team, (g_get_monotonic_time () - start) / 1e6, (double) m * k);
    }
  else
    {
      gint64 start = g_get_monotonic_time ();
      guint members = MIN (n_parts, team->n_threads), size;

      /* No more members than parts: a larger N_THREADS than the pass can
       * use (they stop paying below MIN_MULADDS_PER_THREAD) starts no idle
       * threads. A later pass with more parts starts a larger team. */
      if (team->team != NULL && team->team_wanted < members)
        g_clear_pointer (&team->team, ll_team_free);
      if (team->team == NULL)
        {
          team->team = ll_team_new (members, "ll-primal", primal_team_item, team);
          team->team_wanted = members;
        }
      /* Contiguous shares of parts, as even as they go; each member then
       * helps with what is left of the others'. */
      size = MIN (ll_team_size (team->team), members);
      for (guint t = 0; t <= size; t++)
        team->bounds[t] = (gsize) n_parts * t / size;
      for (guint t = size + 1; t <= ll_team_size (team->team); t++)
        team->bounds[t] = n_parts;
      ll_team_run (team->team, team->bounds);
      primal_team_choose (team, (g_get_monotonic_time () - start) / 1e6, (double) m * k);
    }

  /* Reduce in part order, so the result does not depend on timing. */
  for (guint j = 0; j < k; j++)
    {
      r_sum[j] = 0;
      for (guint t = 0; t < n_parts; t++)
        r_sum[j] += parts[t].r_sum[j];
      if (costs != NULL)
        {
          LlLossSum loss = LL_LOSS_SUM_INIT;

          for (guint t = 0; t < n_parts; t++)
            ll_loss_sum_merge (&loss, &parts[t].loss[j]);
          costs[j] = ll_loss_sum_value (&loss) / (double) m;
        }
      for (gsize p = 0; p < n; p++)
        {
          double sum = 0;

          for (guint t = 0; t < n_parts; t++)
            sum += parts[t].dW_acc[p + j * n_pad];
          dW[p + j * n] = sum / (double) m;
        }
    }
}

/* A pass in N_PARTS on a team of N_THREADS of its own, started and
 * stopped around it. */
static void
primal_pass_once (const PrimalPath *path,
                  guint             n_threads,
                  guint             n_parts,
                  const guint8     *X,
                  gsize             n,
                  gsize             m,
                  const double     *y,
                  const double     *W,
                  const double     *b,
                  guint             k,
                  double            scale,
                  double           *Z,
                  double           *dW,
                  double           *r_sum)
{
  LlPrimalTeam *team = primal_team_new (n_threads, path);

  primal_team_pass (team, n_parts, X, n, m, y, W, b, k, scale, Z, dW, r_sum, NULL);
  ll_primal_team_free (team);
}

void
ll_primal_team_free (LlPrimalTeam *team)
{
  if (team == NULL)
    return;
  g_clear_pointer (&team->team, ll_team_free);
  for (guint t = 0; t < team->n_parts_max; t++)
    {
      g_aligned_free (team->parts[t].dW_acc);
      g_aligned_free (team->parts[t].xb);
      g_free (team->parts[t].tail);
    }
  g_aligned_free (team->parts);
  g_aligned_free (team->W_pad);
  g_free (team->bounds);
  g_free (team);
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

/* How many parts pay for a pass, MAX_PARTS_WANTED at most. */
static guint
useful_parts (gsize n,
              gsize m,
              guint k,
              guint max_parts_wanted)
{
  guint64 muladds = (guint64) 2 * n * m * MAX (k, 1);
  guint useful = (guint) MIN (muladds / MIN_MULADDS_PER_THREAD + 1, G_MAXUINT);

  return MIN (MAX (max_parts_wanted, 1), useful);
}

void
ll_primal_decide_u8_with (LlPrimalTeam *team,
                          const guint8 *X,
                          gsize         n,
                          gsize         m,
                          const double *W,
                          const double *b,
                          guint         k,
                          double        scale,
                          double       *Z)
{
  gsize n_pad = round_up (MAX (n, 1), PIXEL_PAD);
  BlockDots decide = team->path->decide;
  double *W_copy = NULL;
  g_autofree guint8 *tail = NULL;
  const double *W_pad = W;
  double *xb = NULL;
  double dots[BLOCK * MAX_RUNS];

  g_return_if_fail (k >= 1 && k <= MAX_RUNS);
  if (m == 0)
    return;
  /* Only what this needs: in a fresh process every 4 KiB page of scratch
   * first written costs a fault (~10 us here), more than these dots. */
  if (decide == NULL)
    {
      primal_team_reserve (team, n_pad, k);
      xb = team->parts[0].xb;
      decide = team->path->dots;
    }
  if (n_pad != n || (guintptr) W % ALIGNMENT != 0)
    {
      W_copy = g_aligned_alloc0 (n_pad * k, sizeof (double), ALIGNMENT);
      for (guint j = 0; j < k; j++)
        memcpy (W_copy + j * n_pad, W + j * n, n * sizeof (double));
      W_pad = W_copy;
    }
  for (gsize i = 0; i < m; i += BLOCK)
    {
      gsize count = MIN (BLOCK, m - i);
      Block block = { X + i * n, n, n_pad, xb };

      if (count < BLOCK)
        {
          tail = g_malloc0 (BLOCK * n);
          memcpy (tail, block.pixels, count * n);
          block.pixels = tail;
        }
      decide (&block, W_pad, k, dots);
      /* As primal_part_run () computes them. */
      for (guint j = 0; j < k; j++)
        for (gsize e = 0; e < count; e++)
          Z[i + e + j * m] = scale * dots[j * BLOCK + e] + b[j];
    }
  g_aligned_free (W_copy);
}

LlPrimalTeam *
ll_primal_team_new (guint n_threads)
{
  return primal_team_new (n_threads, avx2_or_portable ());
}

void
ll_primal_team_force_portable (LlPrimalTeam *team)
{
  team->path = &portable_path;
}

void
ll_primal_pass_u8_with (LlPrimalTeam *team,
                        const guint8 *X,
                        gsize         n,
                        gsize         m,
                        const double *y,
                        const double *W,
                        const double *b,
                        guint         k,
                        double        scale,
                        double       *Z,
                        double       *dW,
                        double       *r_sum)
{
  primal_team_pass (team, useful_parts (n, m, k, MAX_PARTS),
                    X, n, m, y, W, b, k, scale, Z, dW, r_sum, NULL);
}

void
ll_primal_pass_u8_costs (LlPrimalTeam *team,
                         const guint8 *X,
                         gsize         n,
                         gsize         m,
                         const double *y,
                         const double *W,
                         const double *b,
                         guint         k,
                         double        scale,
                         double       *Z,
                         double       *dW,
                         double       *r_sum,
                         double       *costs)
{
  primal_team_pass (team, useful_parts (n, m, k, MAX_PARTS),
                    X, n, m, y, W, b, k, scale, Z, dW, r_sum, costs);
}

void
ll_primal_pass_u8_portable (const guint8 *X, gsize n, gsize m, const double *y,
                            const double *W, const double *b, guint k, double scale,
                            guint n_threads, double *Z, double *dW, double *r_sum)
{
  primal_pass_once (&portable_path, n_threads, n_threads, X, n, m, y, W, b, k, scale, Z, dW, r_sum);
}

void
ll_primal_pass_u8_avx2 (const guint8 *X, gsize n, gsize m, const double *y,
                        const double *W, const double *b, guint k, double scale,
                        guint n_threads, double *Z, double *dW, double *r_sum)
{
  primal_pass_once (avx2_or_portable (), n_threads, n_threads, X, n, m, y, W, b, k, scale, Z, dW, r_sum);
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
  primal_pass_once (avx2_or_portable (), n_threads, useful_parts (n, m, k, MAX_PARTS),
                    X, n, m, y, W, b, k, scale, Z, dW, r_sum);
}
