/* vmath.c: exp, sigmoid and logistic loss over arrays of doubles.
 *
 * exp(x) = 2^k e^r with x = k ln2 + r, |r| <= ln2/2 (Cody-Waite: ln2 split
 * in a 32-bit head, so k ln2_hi is exact, and a tail). e^r is evaluated as
 * (1 + r) + (r^2 q(r) + the rounding errors of r and of 1 + r), so the only
 * large rounding is the final addition: about 0.51 ulp, within 1 ulp of
 * glibc's exp everywhere (tested). q is a degree-10 near-minimax fit of
 * (e^r - 1 - r) / r^2 (Chebyshev interpolation at 60 digits, error 3e-19),
 * evaluated by Estrin's scheme.
 * |x| > 708 (overflow, subnormal results, NaN, inf) takes a scalar path.
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
#define Q0  q_coefficients[0]
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

static inline double
from_bits (guint64 bits)
{
  double d;

  memcpy (&d, &bits, sizeof d);
  return d;
}

static inline guint64
to_bits (double d)
{
  guint64 bits;

  memcpy (&bits, &d, sizeof bits);
  return bits;
}

/* 2^e for a normal exponent e. */
static inline double
power_of_two (int e)
{
  return from_bits ((guint64) (e + 1023) << 52);
}

/* ---- portable path ---- */

/* e^x = 2^k (*head + *tail), |*tail| small; valid for |x| <= 746. */
static inline int
exp_reduce (double  x,
            double *head,
            double *tail)
{
  /* Assigned to doubles so x87 excess precision cannot keep extra bits. */
  double shifted = x * INV_LN2 + ROUND_SHIFT;
  double kd = shifted - ROUND_SHIFT;
  double t = x - kd * LN2_HI;             /* exact */
  double k_lo = kd * LN2_LO;
  double r = t - k_lo;
  double r_error = (t - r) - k_lo;        /* what r lost */
  double one_plus_r = 1.0 + r;
  double sum_error = (1.0 - one_plus_r) + r; /* exact: |r| < 1 */
  /* Estrin's scheme: a dependency chain of 4 steps instead of Horner's 10
   * (independent elements then overlap in the out-of-order window). */
  double r2 = r * r, r4 = r2 * r2, r8 = r4 * r4;
  double q01 = Q0 + Q1 * r, q23 = Q2 + Q3 * r, q45 = Q4 + Q5 * r;
  double q67 = Q6 + Q7 * r, q89 = Q8 + Q9 * r;
  double q03 = q01 + q23 * r2, q47 = q45 + q67 * r2, q810 = q89 + Q10 * r2;
  double q = (q03 + q47 * r4) + q810 * r8;

  *head = one_plus_r;
  *tail = r2 * q + (sum_error + r_error);
  return (int) kd;
}

/* The rare cases: NaN, infinities, overflow, and results near or below the
 * smallest normal, scaled so they are rounded only once. */
static double
exp_special (double x)
{
  double head, tail;
  int k;

  if (isnan (x))
    return x + x;
  if (x > EXP_MAX)
    return INFINITY;
  if (x < EXP_MIN)
    return 0.0;
  k = exp_reduce (x, &head, &tail);
  if (k > 1000)
    return ((head + tail) * power_of_two (k - 2)) * 4.0;
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

          y = (one_plus_y + low) - 1.0;
        }
      return y * 0x1p-1022;
    }
  return (head + tail) * power_of_two (k);
}

static inline double
exp_scalar (double x)
{
  double head, tail;
  int k;

  if (G_UNLIKELY (!(fabs (x) <= FAST_LIMIT)))
    return exp_special (x);
  k = exp_reduce (x, &head, &tail);
  return (head + tail) * power_of_two (k);
}

static inline double
sigmoid_scalar (double z)
{
  double e = exp_scalar (-fabs (z));

  return (z >= 0 ? 1.0 : e) / (1.0 + e);
}

void
ll_vexp_portable (const double *x,
                  double       *out,
                  gsize         count)
{
  for (gsize i = 0; i < count; i++)
    out[i] = exp_scalar (x[i]);
}

void
ll_vsigmoid_portable (const double *z,
                      double       *out,
                      gsize         count)
{
  for (gsize i = 0; i < count; i++)
    out[i] = sigmoid_scalar (z[i]);
}

double
ll_vsigmoid_residual_portable (const double *z,
                               const double *y,
                               double       *r,
                               gsize         count)
{
  double sum = 0;

  for (gsize i = 0; i < count; i++)
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

/* e^x for lanes with |x| <= FAST_LIMIT; other lanes get garbage. */
LL_AVX2 static inline __m256d
exp4_fast (__m256d x)
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
  __m256d r2 = _mm256_mul_pd (r, r), r4 = _mm256_mul_pd (r2, r2), r8 = _mm256_mul_pd (r4, r4);
  __m256d q01 = _mm256_fmadd_pd (_mm256_set1_pd (Q1), r, _mm256_set1_pd (Q0));
  __m256d q23 = _mm256_fmadd_pd (_mm256_set1_pd (Q3), r, _mm256_set1_pd (Q2));
  __m256d q45 = _mm256_fmadd_pd (_mm256_set1_pd (Q5), r, _mm256_set1_pd (Q4));
  __m256d q67 = _mm256_fmadd_pd (_mm256_set1_pd (Q7), r, _mm256_set1_pd (Q6));
  __m256d q89 = _mm256_fmadd_pd (_mm256_set1_pd (Q9), r, _mm256_set1_pd (Q8));
  __m256d q03 = _mm256_fmadd_pd (q23, r2, q01);
  __m256d q47 = _mm256_fmadd_pd (q67, r2, q45);
  __m256d q810 = _mm256_fmadd_pd (_mm256_set1_pd (Q10), r2, q89);
  __m256d q = _mm256_fmadd_pd (q810, r8, _mm256_fmadd_pd (q47, r4, q03));
  __m256d tail = _mm256_fmadd_pd (r2, q, _mm256_add_pd (sum_error, r_error));
  __m256i scale_bits;

  /* The low bits of SHIFTED hold 2^51 + k; shifted left by 52 only
   * k + 1023 survives, in the exponent field: 2^k. */
  scale_bits = _mm256_slli_epi64 (_mm256_add_epi64 (_mm256_castpd_si256 (shifted),
                                                    _mm256_set1_epi64x (1023)),
                                  52);
  return _mm256_mul_pd (_mm256_add_pd (one_plus_r, tail), _mm256_castsi256_pd (scale_bits));
}

/* Lanes outside the fast range, one by one (rare). */
static G_GNUC_NO_INLINE void
exp4_fix_lanes (const double *x,
                double       *y)
{
  for (int i = 0; i < 4; i++)
    if (!(fabs (x[i]) <= FAST_LIMIT))
      y[i] = exp_special (x[i]);
}

LL_AVX2 static inline __m256d
exp4 (__m256d x)
{
  __m256d magnitude = _mm256_andnot_pd (_mm256_set1_pd (-0.0), x);
  __m256d fast = _mm256_cmp_pd (magnitude, _mm256_set1_pd (FAST_LIMIT), _CMP_LE_OQ);
  __m256d y = exp4_fast (x);

  if (G_UNLIKELY (_mm256_movemask_pd (fast) != 0xF))
    {
      double xs[4], ys[4];

      _mm256_storeu_pd (xs, x);
      _mm256_storeu_pd (ys, y);
      exp4_fix_lanes (xs, ys);
      y = _mm256_loadu_pd (ys);
    }
  return y;
}

LL_AVX2 static inline __m256d
sigmoid4 (__m256d z)
{
  const __m256d one = _mm256_set1_pd (1.0);
  __m256d e = exp4 (_mm256_or_pd (z, _mm256_set1_pd (-0.0)));  /* e^-|z| */
  __m256d non_negative = _mm256_cmp_pd (z, _mm256_setzero_pd (), _CMP_GE_OQ);
  __m256d numerator = _mm256_blendv_pd (e, one, non_negative);

  return _mm256_div_pd (numerator, _mm256_add_pd (one, e));
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

LL_AVX2 double
ll_vsigmoid_residual_avx2 (const double *z,
                           const double *y,
                           double       *r,
                           gsize         count)
{
  __m256d sum4 = _mm256_setzero_pd ();
  __m128d sum2;
  gsize i = 0;

  for (; i + 4 <= count; i += 4)
    {
      __m256d residual = _mm256_sub_pd (sigmoid4 (_mm256_loadu_pd (z + i)),
                                        _mm256_loadu_pd (y + i));

      _mm256_storeu_pd (r + i, residual);
      sum4 = _mm256_add_pd (sum4, residual);
    }
  if (i < count)
    {
      __m256i mask = lanes_below (count - i);
      __m256d residual = _mm256_sub_pd (sigmoid4 (_mm256_maskload_pd (z + i, mask)),
                                        _mm256_maskload_pd (y + i, mask));

      /* The lanes past the end hold sigmoid (0): keep them out of the sum. */
      residual = _mm256_and_pd (residual, _mm256_castsi256_pd (mask));
      _mm256_maskstore_pd (r + i, mask, residual);
      sum4 = _mm256_add_pd (sum4, residual);
    }
  /* Four running sums, one per lane, then (s0 + s2) + (s1 + s3). */
  sum2 = _mm_add_pd (_mm256_castpd256_pd128 (sum4), _mm256_extractf128_pd (sum4, 1));
  return _mm_cvtsd_f64 (_mm_add_sd (sum2, _mm_unpackhi_pd (sum2, sum2)));
}

double
ll_vlogistic_loss_sum_avx2 (const double *z,
                            const double *y,
                            gsize         count)
{
  return loss_sum_with (ll_vexp_avx2, z, y, count);
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
