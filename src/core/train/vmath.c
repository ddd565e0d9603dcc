/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vmath.c: exp, sigmoid and logistic loss over arrays of doubles.
 *
 * exp(x) = 2^k e^r with x = k ln2 + r, |r| <= ln2/2 (Cody-Waite: ln2 split
 * with a 32-bit head, so k ln2_hi is exact, and a tail). e^r is summed as
 * (1 + r + r^2/2) + (r^3 s(r) + the rounding errors of r, 1 + r, r^2 and
 * the sum), so the only large rounding is the final addition: 0.533 ulp at
 * most (measured against expl; glibc's: 0.507). s comes from a degree-10
 * near-minimax fit q of (e^r - 1 - r) / r^2 (Chebyshev interpolation at 60
 * digits, error 3e-19), evaluated by Estrin's scheme. When that sum lies
 * within UNCERTAIN_MARGIN of a rounding midpoint (6-10 % of inputs), libm's
 * exp () gives the lane instead: every result is then bit-identical to
 * libm's (tested), so ll_sigmoid () and the trainer's printed costs do not
 * change in any digit. |x| > 708 (overflow, subnormal results, NaN, inf)
 * takes a scalar path that rounds subnormal results once. Both paths do the
 * same steps; the AVX2 one fuses multiply-adds.
 *
 * The sigmoid only exponentiates -|z|, as ll_sigmoid () does. */
#include "config.h"

#include "vmath.h"
#include "vmath-private.h"

#include <math.h>
#include <string.h>

#if LL_VMATH_HAVE_AVX2_PATH
#include <immintrin.h>
#define LL_AVX2 __attribute__ ((target ("avx2,fma")))
#endif

#define LN2_HI      0x1.62e42fee00000p-1   /* 21 trailing zero bits */
#define LN2_LO      0x1.a39ef35793c76p-33
#define INV_LN2     0x1.71547652b82fep0
/* Adding it rounds to an integer and leaves that integer in the low bits. */
#define ROUND_SHIFT 0x1.8p52
/* Within this, 2^k is a normal number and so is the result. */
#define FAST_LIMIT  708.0
#define EXP_MAX     709.79    /* above: +inf */
#define EXP_MIN     (-746.0)  /* below: 0 */
/* Keeps the top 26 significant bits of a double: their square is exact. */
#define HEAD_MASK   G_GUINT64_CONSTANT (0xfffffffff8000000)
#define SIGN_BIT    G_GUINT64_CONSTANT (0x8000000000000000)
/* Before its last rounding the portable e^r is within about 0.037 ulp of
 * the true value (bound: 4 roundings of the r^3 s(r) term, < 0.0072, plus
 * 0.007 for the rest; measured max 0.0293), the AVX2 one within 0.016 (r^3
 * kept exact by FMA), and glibc's exp within 0.511 ulp (0.513 on CPUs
 * without FMA): a sum farther than that + 0.013 from a midpoint between two
 * doubles rounds the same in both, correctly. The nearer ones (10 % and
 * 6 %) are left to libm, so every result is the very double libm gives,
 * and so are the trainer's costs to the last printed digit. In 2e7 random
 * inputs the first mismatch appears below 0.025 (portable) and 0.01. */
#define UNCERTAIN_MARGIN      0.05
#define UNCERTAIN_MARGIN_AVX2 0.03

/* q(r) = sum Q_i r^i; Q0 = 1/2 is applied exactly, as r^2/2. */
static const double q_coefficients[] = {
  0x1.0000000000000p-1,
  0x1.5555555555557p-3,
  0x1.5555555555556p-5,
  0x1.11111111100dcp-7,
  0x1.6c16c16c162d4p-10,
  0x1.a01a01abe7fe1p-13,
  0x1.a01a01a6d889cp-16,
  0x1.71de0231960ebp-19,
  0x1.27e4db646b17ep-22,
  0x1.af4de97ca4194p-26,
  0x1.1f730349868cep-29,
};
#define Q1  q_coefficients[1]
#define Q2  q_coefficients[2]
#define Q3  q_coefficients[3]
#define Q4  q_coefficients[4]
#define Q5  q_coefficients[5]
#define Q6  q_coefficients[6]
#define Q7  q_coefficients[7]
#define Q8  q_coefficients[8]
#define Q9  q_coefficients[9]
#define Q10 q_coefficients[10]

/* ---- portable path ----
 *
 * Two lanes at a time with GCC/Clang vector extensions: plain SSE2 on any
 * x86-64, NEON on ARM, scalar code elsewhere; no FMA (C11 does not contract
 * a * b + c), so every platform rounds the same way. */

typedef double  Vec2  __attribute__ ((vector_size (16)));
typedef guint64 Bits2 __attribute__ ((vector_size (16)));
typedef gint64  Mask2 __attribute__ ((vector_size (16)));

static inline Vec2
load2 (const double *p)
{
  Vec2 v;

  memcpy (&v, p, sizeof v);
  return v;
}

static inline void
store2 (double *p,
        Vec2    v)
{
  memcpy (p, &v, sizeof v);
}

/* e^x = 2^k (*head + *tail), |*tail| small, for |x| <= 746; k is in the
 * low bits of *shifted (2^51 + k). */
static inline void
exp2_reduce (Vec2  x,
             Vec2 *shifted,
             Vec2 *head,
             Vec2 *tail)
{
  /* Adding ROUND_SHIFT rounds x / ln2 to the nearest integer. */
  Vec2 rounded = x * INV_LN2 + ROUND_SHIFT;
  Vec2 kd = rounded - ROUND_SHIFT;
  Vec2 t = x - kd * LN2_HI;                 /* exact */
  Vec2 k_lo = kd * LN2_LO;
  Vec2 r = t - k_lo;
  Vec2 r_error = (t - r) - k_lo;            /* what r lost */
  Vec2 one_plus_r = 1.0 + r;
  Vec2 sum_error = (1.0 - one_plus_r) + r;  /* exact: |r| < 1 */
  /* r^2/2 exactly: r split in 26 + 27 bits, the head squared is exact. */
  Vec2 r_head = (Vec2) ((Bits2) r & HEAD_MASK);
  Vec2 r_rest = r - r_head;
  Vec2 half_square = 0.5 * (r_head * r_head);
  Vec2 square_rest = (0.5 * r_rest) * (r_head + r);
  /* e^r - 1 - r - r^2/2 = r^3 s(r), s evaluated by Estrin's scheme: a
   * dependency chain of 4 steps instead of Horner's 9. */
  Vec2 r2 = r * r, r3 = r2 * r, r4 = r2 * r2, r8 = r4 * r4;
  Vec2 s12 = Q1 + Q2 * r, s34 = Q3 + Q4 * r, s56 = Q5 + Q6 * r;
  Vec2 s78 = Q7 + Q8 * r, s910 = Q9 + Q10 * r;
  Vec2 s14 = s12 + s34 * r2, s58 = s56 + s78 * r2;
  Vec2 poly = (s14 + s58 * r4) + s910 * r8;
  /* 1 + r + r^2/2 as an exact sum, so only SMALL (< 0.008) is rounded
   * before the final addition. */
  Vec2 sum = one_plus_r + half_square;
  Vec2 sum_rest = (one_plus_r - sum) + half_square;
  /* e^(r + r_error) = e^r + r_error e^r: the error scaled by ~e^r. */
  Vec2 small = r3 * poly + (square_rest + (sum_error + r_error * sum));

  *shifted = rounded;
  *head = sum;
  *tail = sum_rest + small;
}

/* Whether ROUNDED = head + tail (|tail| < |head|, both positive-ish) lies
 * so near a midpoint between two doubles that e^x, UNCERTAIN_MARGIN ulp
 * away at most, might round the other way, or glibc might (its exp errs up
 * to 0.511 ulp). The ulp below ROUNDED is the smaller one, so the test is
 * safe at powers of two. */
static inline Mask2
near_midpoint (Vec2 head,
               Vec2 tail,
               Vec2 rounded)
{
  Vec2 error = tail - (rounded - head);      /* exact (Fast2Sum) */
  Vec2 ulp_below = rounded - (Vec2) ((Bits2) rounded - 1);
  Vec2 magnitude = (Vec2) ((Bits2) error & ~SIGN_BIT);

  return magnitude > (0.5 - UNCERTAIN_MARGIN) * ulp_below;
}

/* Lanes with |x| <= FAST_LIMIT: 2^k is applied by adding k to the exponent
 * field (exact, the result is normal). *UNCERTAIN marks the lanes whose
 * rounding libm's exp has to settle. */
static inline Vec2
exp2_fast (Vec2   x,
           Mask2 *uncertain)
{
  Vec2 shifted, head, tail, rounded;

  exp2_reduce (x, &shifted, &head, &tail);
  rounded = head + tail;
  *uncertain = near_midpoint (head, tail, rounded);
  return (Vec2) ((Bits2) rounded + ((Bits2) shifted << 52));
}

/* 2^e for a normal exponent e. */
static inline double
power_of_two (int e)
{
  double d;
  guint64 bits = (guint64) (e + 1023) << 52;

  memcpy (&d, &bits, sizeof d);
  return d;
}

/* The rare cases: NaN, infinities, overflow, and results near or below the
 * smallest normal, scaled so they are rounded only once. */
static double
exp_special (double x)
{
  Vec2 shifted, head2, tail2;
  double head, tail;
  int k;

  if (isnan (x))
    return x + x;
  if (x > EXP_MAX)
    return INFINITY;
  if (x < EXP_MIN)
    return 0.0;
  exp2_reduce ((Vec2) { x, x }, &shifted, &head2, &tail2);
  head = head2[0];
  tail = tail2[0];
  k = (int) (shifted[0] - ROUND_SHIFT);
  if (k > 1000)
    {
      if (near_midpoint (head2, tail2, head2 + tail2)[0])
        return exp (x);
      return ((head + tail) * power_of_two (k - 2)) * 4.0;
    }
  if (k < -1000)
    {
      /* y = e^x / 2^-1022, exact scaling of head and tail. */
      double scale = power_of_two (k + 1022);
      double y_head = head * scale, y_tail = tail * scale;
      double y = y_head + y_tail;

      if (y < 1.0)
        {
          /* A subnormal result: round y to the subnormal grid (multiples of
           * 2^-52 here) in one step, as 1 + y does, instead of rounding to
           * 53 bits first and to the grid again when scaling. */
          double one_plus_y = 1.0 + y_head;
          double low = (1.0 - one_plus_y) + y_head + y_tail;
          double rounded = one_plus_y + low;

          if (near_midpoint ((Vec2) { one_plus_y }, (Vec2) { low }, (Vec2) { rounded })[0])
            return exp (x);
          y = rounded - 1.0;
        }
      else if (near_midpoint ((Vec2) { y_head }, (Vec2) { y_tail }, (Vec2) { y })[0])
        return exp (x);
      return y * 0x1p-1022;
    }
  return (head + tail) * power_of_two (k);
}

static inline gboolean
is_fast (double x)
{
  return fabs (x) <= FAST_LIMIT;  /* FALSE for NaN */
}

/* Lane I of an exp whose fast path was out of range or uncertain. */
static G_GNUC_NO_INLINE double
exp_settle (double x)
{
  return is_fast (x) ? exp (x) : exp_special (x);
}

static inline Vec2
exp2_any (Vec2 x)
{
  Mask2 uncertain;
  Vec2 y = exp2_fast (x, &uncertain);

  if (G_UNLIKELY (uncertain[0] || !is_fast (x[0])))
    y[0] = exp_settle (x[0]);
  if (G_UNLIKELY (uncertain[1] || !is_fast (x[1])))
    y[1] = exp_settle (x[1]);
  return y;
}

static inline Vec2
sigmoid2 (Vec2 z)
{
  Vec2 e = exp2_any ((Vec2) ((Bits2) z | SIGN_BIT));  /* e^-|z| */
  Mask2 non_negative = z >= 0.0;
  Vec2 numerator = (Vec2) ((non_negative & (Mask2) ((Vec2) { 1.0, 1.0 }))
                           | (~non_negative & (Mask2) e));

  return numerator / (1.0 + e);
}

/* An odd last element, through the same code in lane 0. */
static inline double
exp_scalar (double x)
{
  return exp2_any ((Vec2) { x, 0.0 })[0];
}

static inline double
sigmoid_scalar (double z)
{
  return sigmoid2 ((Vec2) { z, 0.0 })[0];
}

void
ll_vexp_portable (const double *x,
                  double       *out,
                  gsize         count)
{
  gsize i = 0;

  for (; i + 2 <= count; i += 2)
    store2 (out + i, exp2_any (load2 (x + i)));
  if (i < count)
    out[i] = exp_scalar (x[i]);
}

void
ll_vsigmoid_portable (const double *z,
                      double       *out,
                      gsize         count)
{
  gsize i = 0;

  for (; i + 2 <= count; i += 2)
    store2 (out + i, sigmoid2 (load2 (z + i)));
  if (i < count)
    out[i] = sigmoid_scalar (z[i]);
}

double
ll_vsigmoid_residual_portable (const double *z,
                               const double *y,
                               double       *r,
                               gsize         count)
{
  double sum = 0;
  gsize i = 0;

  /* Summed in index order, as the trainer's scalar loop did. */
  for (; i + 2 <= count; i += 2)
    {
      Vec2 residual = sigmoid2 (load2 (z + i)) - load2 (y + i);

      store2 (r + i, residual);
      sum += residual[0];
      sum += residual[1];
    }
  if (i < count)
    {
      r[i] = sigmoid_scalar (z[i]) - y[i];
      sum += r[i];
    }
  return sum;
}

/* Same Neumaier sum as trainer.c's measure (). */
typedef struct {
  double sum;
  double compensation;
} CompensatedSum;

static inline void
compensated_add (CompensatedSum *s,
                 double          x)
{
  double t = s->sum + x;

  if (fabs (s->sum) >= fabs (x))
    s->compensation += (s->sum - t) + x;
  else
    s->compensation += (x - t) + s->sum;
  s->sum = t;
}

typedef void (*VexpFunc) (const double *x, double *out, gsize count);

/* The loss runs only at record points: the exps go through VEXP in blocks,
 * log1p and the compensated sum stay scalar, term by term as
 * ll_logistic_loss () computes it. */
static double
loss_sum_with (VexpFunc      vexp,
               const double *z,
               const double *y,
               gsize         count)
{
  enum { BLOCK = 256 };
  double e[BLOCK];
  CompensatedSum loss = { 0 };

  for (gsize start = 0; start < count; start += BLOCK)
    {
      gsize n = MIN (BLOCK, count - start);

      for (gsize i = 0; i < n; i++)
        e[i] = -fabs (z[start + i]);
      vexp (e, e, n);
      for (gsize i = 0; i < n; i++)
        {
          double zi = z[start + i], yi = y[start + i];
          double linear = zi > 0 ? (1.0 - yi) * zi : -yi * zi;

          compensated_add (&loss, linear + log1p (e[i]));
        }
    }
  return loss.sum + loss.compensation;
}

double
ll_vlogistic_loss_sum_portable (const double *z,
                                const double *y,
                                gsize         count)
{
  return loss_sum_with (ll_vexp_portable, z, y, count);
}

/* ---- AVX2 + FMA path: the same steps, four lanes at a time ---- */

#if LL_VMATH_HAVE_AVX2_PATH

/* Lanes [0, n) of a 4-lane mask, n <= 4. */
LL_AVX2 static inline __m256i
lanes_below (gsize n)
{
  return _mm256_cmpgt_epi64 (_mm256_set1_epi64x ((long long) n),
                             _mm256_set_epi64x (3, 2, 1, 0));
}

/* e^x for lanes with |x| <= FAST_LIMIT; other lanes get garbage.
 * *UNCERTAIN: the lanes near_midpoint () would flag. */
LL_AVX2 static inline __m256d
exp4_fast (__m256d  x,
           __m256d *uncertain)
{
  const __m256d shift = _mm256_set1_pd (ROUND_SHIFT);
  const __m256d one = _mm256_set1_pd (1.0);
  __m256d shifted = _mm256_fmadd_pd (x, _mm256_set1_pd (INV_LN2), shift);
  __m256d kd = _mm256_sub_pd (shifted, shift);
  __m256d t = _mm256_fnmadd_pd (kd, _mm256_set1_pd (LN2_HI), x);
  __m256d k_lo = _mm256_mul_pd (kd, _mm256_set1_pd (LN2_LO));
  __m256d r = _mm256_sub_pd (t, k_lo);
  __m256d r_error = _mm256_sub_pd (_mm256_sub_pd (t, r), k_lo);
  __m256d one_plus_r = _mm256_add_pd (one, r);
  __m256d sum_error = _mm256_add_pd (_mm256_sub_pd (one, one_plus_r), r);
  /* r^2/2 exactly as half_square + square_rest / 2, and r^3 as
   * r3 + r3_rest: FMA gives the rounding errors (the portable path splits r
   * instead, and leaves r^3 rounded). */
  __m256d r2 = _mm256_mul_pd (r, r), r3 = _mm256_mul_pd (r2, r);
  __m256d half_square = _mm256_mul_pd (_mm256_set1_pd (0.5), r2);
  __m256d square_rest = _mm256_fmsub_pd (r, r, r2);
  __m256d r3_rest = _mm256_fmadd_pd (square_rest, r, _mm256_fmsub_pd (r2, r, r3));
  __m256d r4 = _mm256_mul_pd (r2, r2), r8 = _mm256_mul_pd (r4, r4);
  /* s = Q1 + r w(r): the rounding of w barely matters, r w being small. */
  __m256d w23 = _mm256_fmadd_pd (_mm256_set1_pd (Q3), r, _mm256_set1_pd (Q2));
  __m256d w45 = _mm256_fmadd_pd (_mm256_set1_pd (Q5), r, _mm256_set1_pd (Q4));
  __m256d w67 = _mm256_fmadd_pd (_mm256_set1_pd (Q7), r, _mm256_set1_pd (Q6));
  __m256d w89 = _mm256_fmadd_pd (_mm256_set1_pd (Q9), r, _mm256_set1_pd (Q8));
  __m256d w25 = _mm256_fmadd_pd (w45, r2, w23);
  __m256d w69 = _mm256_fmadd_pd (w89, r2, w67);
  __m256d w = _mm256_fmadd_pd (_mm256_set1_pd (Q10), r8, _mm256_fmadd_pd (w69, r4, w25));
  __m256d poly = _mm256_fmadd_pd (w, r, _mm256_set1_pd (Q1));
  __m256d sum = _mm256_add_pd (one_plus_r, half_square);
  __m256d small = _mm256_fmadd_pd (r3, poly,
                                   _mm256_fmadd_pd (r3_rest, poly,
                                                    _mm256_fmadd_pd (_mm256_set1_pd (0.5), square_rest,
                                                                     _mm256_fmadd_pd (r_error, sum, sum_error))));
  __m256d tail = _mm256_add_pd (_mm256_add_pd (_mm256_sub_pd (one_plus_r, sum), half_square), small);
  __m256d rounded = _mm256_add_pd (sum, tail);
  __m256d error = _mm256_sub_pd (tail, _mm256_sub_pd (rounded, sum));
  __m256d ulp_below = _mm256_sub_pd (rounded,
                                     _mm256_castsi256_pd (_mm256_sub_epi64 (_mm256_castpd_si256 (rounded),
                                                                            _mm256_set1_epi64x (1))));
  __m256i exponent;

  *uncertain = _mm256_cmp_pd (_mm256_andnot_pd (_mm256_set1_pd (-0.0), error),
                              _mm256_mul_pd (_mm256_set1_pd (0.5 - UNCERTAIN_MARGIN_AVX2), ulp_below),
                              _CMP_GT_OQ);

  /* The low bits of SHIFTED hold 2^51 + k; shifted left by 52 only k
   * survives, in the exponent field: adding it multiplies by 2^k (exact, and
   * shorter than a multiplication; the result is normal in the fast range). */
  exponent = _mm256_slli_epi64 (_mm256_castpd_si256 (shifted), 52);
  return _mm256_castsi256_pd (_mm256_add_epi64 (_mm256_castpd_si256 (rounded), exponent));
}

/* The lanes set in LANES (bit i = lane i), one by one. */
static G_GNUC_NO_INLINE void
exp4_settle_lanes (const double *x,
                   double       *y,
                   int           lanes)
{
  for (int i = 0; i < 4; i++)
    if (lanes & (1 << i))
      y[i] = exp_settle (x[i]);
}

LL_AVX2 static inline __m256d
exp4 (__m256d x)
{
  __m256d magnitude = _mm256_andnot_pd (_mm256_set1_pd (-0.0), x);
  __m256d slow = _mm256_cmp_pd (magnitude, _mm256_set1_pd (FAST_LIMIT), _CMP_NLE_UQ);
  __m256d uncertain;
  __m256d y = exp4_fast (x, &uncertain);
  int lanes = _mm256_movemask_pd (_mm256_or_pd (slow, uncertain));

  if (G_UNLIKELY (lanes != 0))
    {
      double xs[4], ys[4];

      _mm256_storeu_pd (xs, x);
      _mm256_storeu_pd (ys, y);
      exp4_settle_lanes (xs, ys, lanes);
      y = _mm256_loadu_pd (ys);
    }
  return y;
}

/* The sigmoid, and its denominator 1 + e^-|z| into *DENOMINATOR. */
LL_AVX2 static inline __m256d
sigmoid4_with (__m256d  z,
               __m256d *denominator)
{
  const __m256d one = _mm256_set1_pd (1.0);
  __m256d e = exp4 (_mm256_or_pd (z, _mm256_set1_pd (-0.0)));  /* e^-|z| */
  __m256d non_negative = _mm256_cmp_pd (z, _mm256_setzero_pd (), _CMP_GE_OQ);
  __m256d numerator = _mm256_blendv_pd (e, one, non_negative);

  *denominator = _mm256_add_pd (one, e);
  return _mm256_div_pd (numerator, *denominator);
}

LL_AVX2 static inline __m256d
sigmoid4 (__m256d z)
{
  __m256d denominator;

  return sigmoid4_with (z, &denominator);
}

LL_AVX2 void
ll_vexp_avx2 (const double *x,
              double       *out,
              gsize         count)
{
  gsize i = 0;

  for (; i + 4 <= count; i += 4)
    _mm256_storeu_pd (out + i, exp4 (_mm256_loadu_pd (x + i)));
  if (i < count)
    {
      __m256i mask = lanes_below (count - i);

      _mm256_maskstore_pd (out + i, mask, exp4 (_mm256_maskload_pd (x + i, mask)));
    }
}

LL_AVX2 void
ll_vsigmoid_avx2 (const double *z,
                  double       *out,
                  gsize         count)
{
  gsize i = 0;

  for (; i + 4 <= count; i += 4)
    _mm256_storeu_pd (out + i, sigmoid4 (_mm256_loadu_pd (z + i)));
  if (i < count)
    {
      __m256i mask = lanes_below (count - i);

      _mm256_maskstore_pd (out + i, mask, sigmoid4 (_mm256_maskload_pd (z + i, mask)));
    }
}

/* SUM + the four lanes of V, one after the other: index order, as the
 * trainer's scalar loop summed. Training at large learning rates is
 * chaotic: a sum in another order moved printed costs in the 6th digit. */
LL_AVX2 static inline __m128d
add_in_order (__m128d sum,
              __m256d v)
{
  __m128d low = _mm256_castpd256_pd128 (v), high = _mm256_extractf128_pd (v, 1);

  sum = _mm_add_sd (sum, low);
  sum = _mm_add_sd (sum, _mm_unpackhi_pd (low, low));
  sum = _mm_add_sd (sum, high);
  return _mm_add_sd (sum, _mm_unpackhi_pd (high, high));
}

LL_AVX2 double
ll_vsigmoid_residual_avx2 (const double *z,
                           const double *y,
                           double       *r,
                           gsize         count)
{
  __m128d sum = _mm_setzero_pd ();
  gsize i = 0;

  for (; i + 4 <= count; i += 4)
    {
      __m256d residual = _mm256_sub_pd (sigmoid4 (_mm256_loadu_pd (z + i)),
                                        _mm256_loadu_pd (y + i));

      _mm256_storeu_pd (r + i, residual);
      sum = add_in_order (sum, residual);
    }
  if (i < count)
    {
      __m256i mask = lanes_below (count - i);
      __m256d residual = _mm256_sub_pd (sigmoid4 (_mm256_maskload_pd (z + i, mask)),
                                        _mm256_maskload_pd (y + i, mask));

      /* The lanes past the end hold sigmoid (0): zero them (adding +0 to
       * the sum changes nothing, not even a -0). */
      residual = _mm256_and_pd (residual, _mm256_castsi256_pd (mask));
      _mm256_maskstore_pd (r + i, mask, residual);
      sum = add_in_order (sum, residual);
    }
  return _mm_cvtsd_f64 (sum);
}

static void loss_sum_absorb (LlLossSum *sum, double linear, double product);

/* ll_vsigmoid_residual_avx2 that also sums the loss from the same exps. */
LL_AVX2 static double
sigmoid_residual_loss_avx2 (const double *z,
                            const double *y,
                            double       *r,
                            gsize         count,
                            LlLossSum    *loss)
{
  /* A block's four lane products of 1 + e^-|z| <= 2 stay below 2^64 each. */
  enum { BLOCK = 256 };
  const __m256d one = _mm256_set1_pd (1.0);
  __m128d sum = _mm_setzero_pd ();
  gsize i = 0;

  while (i < count)
    {
      gsize end = MIN (count, i + BLOCK);
      __m256d linear4 = _mm256_setzero_pd (), product4 = one, denominator;
      double lanes[4], linear, product;

      for (; i + 4 <= end; i += 4)
        {
          __m256d zv = _mm256_loadu_pd (z + i), yv = _mm256_loadu_pd (y + i);
          __m256d residual = _mm256_sub_pd (sigmoid4_with (zv, &denominator), yv);

          _mm256_storeu_pd (r + i, residual);
          sum = add_in_order (sum, residual);
          linear4 = _mm256_add_pd (linear4, _mm256_fnmadd_pd (yv, zv,
                                                              _mm256_max_pd (zv, _mm256_setzero_pd ())));
          product4 = _mm256_mul_pd (product4, denominator);
        }
      if (i < end)
        {
          __m256i mask = lanes_below (end - i);
          __m256d zv = _mm256_maskload_pd (z + i, mask), yv = _mm256_maskload_pd (y + i, mask);
          __m256d residual = _mm256_sub_pd (sigmoid4_with (zv, &denominator), yv);

          /* The lanes past the end hold sigmoid (0) and 1 + e^0: zero the
           * residual (adding +0 changes nothing, not even a -0), 1 the factor. */
          residual = _mm256_and_pd (residual, _mm256_castsi256_pd (mask));
          _mm256_maskstore_pd (r + i, mask, residual);
          sum = add_in_order (sum, residual);
          linear4 = _mm256_add_pd (linear4, _mm256_fnmadd_pd (yv, zv,
                                                              _mm256_max_pd (zv, _mm256_setzero_pd ())));
          product4 = _mm256_mul_pd (product4, _mm256_blendv_pd (one, denominator,
                                                                _mm256_castsi256_pd (mask)));
          i = end;
        }
      _mm256_storeu_pd (lanes, linear4);
      linear = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
      _mm256_storeu_pd (lanes, product4);
      product = (lanes[0] * lanes[1]) * (lanes[2] * lanes[3]);
      loss_sum_absorb (loss, linear, product);
    }
  return _mm_cvtsd_f64 (sum);
}

double
ll_vlogistic_loss_sum_avx2 (const double *z,
                            const double *y,
                            gsize         count)
{
  return loss_sum_with (ll_vexp_avx2, z, y, count);
}

/* The cost sums' block (ll_loss_sum_add): the linear part and the product
 * of 1 + e^-|z| over N <= 256 values. The exp without settling near
 * midpoints (0.533 ulp is plenty for a sum), -|z| clamped to the fast range
 * (e^-708 adds nothing to 1). */
LL_AVX2 static void
loss_block_avx2 (const double *z,
                 const double *y,
                 gsize         n,
                 double       *linear,
                 double       *product)
{
  const __m256d one = _mm256_set1_pd (1.0);
  __m256d linear4 = _mm256_setzero_pd (), product4 = one;
  double lanes[4];
  double tail_linear = 0, tail_product = 1;
  gsize i = 0;

  for (; i + 4 <= n; i += 4)
    {
      __m256d zv = _mm256_loadu_pd (z + i), yv = _mm256_loadu_pd (y + i);
      __m256d x = _mm256_max_pd (_mm256_or_pd (zv, _mm256_set1_pd (-0.0)),
                                 _mm256_set1_pd (-FAST_LIMIT));
      __m256d uncertain;

      linear4 = _mm256_add_pd (linear4, _mm256_fnmadd_pd (yv, zv,
                                                          _mm256_max_pd (zv, _mm256_setzero_pd ())));
      product4 = _mm256_mul_pd (product4, _mm256_add_pd (one, exp4_fast (x, &uncertain)));
    }
  for (; i < n; i++)
    {
      tail_linear += (z[i] > 0 ? z[i] : 0.0) - y[i] * z[i];
      tail_product *= 1.0 + exp (-fabs (z[i]));
    }
  _mm256_storeu_pd (lanes, linear4);
  *linear = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) + tail_linear;
  _mm256_storeu_pd (lanes, product4);
  *product = ((lanes[0] * lanes[1]) * (lanes[2] * lanes[3])) * tail_product;
}

#endif /* LL_VMATH_HAVE_AVX2_PATH */

/* ---- run-time dispatch ---- */

gboolean
ll_vmath_have_avx2 (void)
{
#if LL_VMATH_HAVE_AVX2_PATH
  /* 0 = not yet known, 1 = no, 2 = yes. Every thread that finds 0 computes
   * the same answer, so the race is harmless (and atomic for TSan). */
  static gint state = 0;
  gint known = g_atomic_int_get (&state);

  if (G_UNLIKELY (known == 0))
    {
      __builtin_cpu_init ();
      known = __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma") ? 2 : 1;
      g_atomic_int_set (&state, known);
    }
  return known == 2;
#else
  return FALSE;
#endif
}

void
ll_vexp (const double *x,
         double       *out,
         gsize         count)
{
#if LL_VMATH_HAVE_AVX2_PATH
  if (ll_vmath_have_avx2 ())
    {
      ll_vexp_avx2 (x, out, count);
      return;
    }
#endif
  ll_vexp_portable (x, out, count);
}

void
ll_vsigmoid (const double *z,
             double       *out,
             gsize         count)
{
#if LL_VMATH_HAVE_AVX2_PATH
  if (ll_vmath_have_avx2 ())
    {
      ll_vsigmoid_avx2 (z, out, count);
      return;
    }
#endif
  ll_vsigmoid_portable (z, out, count);
}

double
ll_vsigmoid_residual (const double *z,
                      const double *y,
                      double       *r,
                      gsize         count)
{
#if LL_VMATH_HAVE_AVX2_PATH
  if (ll_vmath_have_avx2 ())
    return ll_vsigmoid_residual_avx2 (z, y, r, count);
#endif
  return ll_vsigmoid_residual_portable (z, y, r, count);
}

double
ll_vlogistic_loss_sum (const double *z,
                       const double *y,
                       gsize         count)
{
#if LL_VMATH_HAVE_AVX2_PATH
  if (ll_vmath_have_avx2 ())
    return ll_vlogistic_loss_sum_avx2 (z, y, count);
#endif
  return ll_vlogistic_loss_sum_portable (z, y, count);
}

/* A sum's product stays below this times 2^256 (a block's), so far from
 * overflow; frexp only now and then. */
#define RENORMALISE_ABOVE 0x1p500

/* Adds a part's LINEAR sum and PRODUCT (below 2^256). */
static void
loss_sum_absorb (LlLossSum *sum,
                 double     linear,
                 double     product)
{
  int exponent;

  sum->linear += linear;
  sum->product *= product;
  if (sum->product > RENORMALISE_ABOVE)
    {
      sum->product = frexp (sum->product, &exponent);
      sum->exponent += exponent;
    }
}

double
ll_vsigmoid_residual_loss (const double *z,
                           const double *y,
                           double       *r,
                           gsize         count,
                           LlLossSum    *loss)
{
#if LL_VMATH_HAVE_AVX2_PATH
  if (ll_vmath_have_avx2 ())
    return sigmoid_residual_loss_avx2 (z, y, r, count, loss);
#endif
  /* The loss first: R may overwrite Z. */
  ll_loss_sum_add (loss, z, y, count);
  return ll_vsigmoid_residual_portable (z, y, r, count);
}

void
ll_loss_sum_add (LlLossSum    *sum,
                 const double *z,
                 const double *y,
                 gsize         count)
{
  /* 1 + e^-|z| <= 2: a block's product stays below 2^256. */
  enum { BLOCK = 256 };

  for (gsize start = 0; start < count; start += BLOCK)
    {
      gsize n = MIN (BLOCK, count - start);
      double linear = 0, product = 1;

#if LL_VMATH_HAVE_AVX2_PATH
      if (ll_vmath_have_avx2 ())
        loss_block_avx2 (z + start, y + start, n, &linear, &product);
      else
#endif
        {
          double e[BLOCK];

          for (gsize i = 0; i < n; i++)
            {
              double zi = z[start + i];

              e[i] = -fabs (zi);
              linear += (zi > 0 ? zi : 0.0) - y[start + i] * zi;
            }
          ll_vexp_portable (e, e, n);
          for (gsize i = 0; i < n; i++)
            product *= 1.0 + e[i];
        }
      loss_sum_absorb (sum, linear, product);
    }
}

void
ll_loss_sum_merge (LlLossSum       *sum,
                   const LlLossSum *part)
{
  int exponent;

  sum->linear += part->linear;
  sum->product *= part->product;
  sum->exponent += part->exponent;
  if (sum->product > RENORMALISE_ABOVE)
    {
      sum->product = frexp (sum->product, &exponent);
      sum->exponent += exponent;
    }
}

double
ll_loss_sum_value (const LlLossSum *sum)
{
  return sum->linear + (log (sum->product) + sum->exponent * G_LN2);
}
