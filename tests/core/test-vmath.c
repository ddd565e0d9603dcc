/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-vmath.c: the vector exp, sigmoid, residual and loss against libm,
 * ll_sigmoid () and the trainer's compensated loss, on both code paths.
 * vmath promises the very doubles of the scalar code (so the trainer's
 * printed costs cannot move), so most checks are exact; over random and
 * edge inputs, every tail length, in-place and unaligned arrays. The AVX2
 * cases skip on CPUs without AVX2+FMA. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "core/train/model.h"
#include "core/train/vmath.h"
#include "core/train/vmath-private.h"

typedef struct {
  const char *name;
  void   (*vexp) (const double *x, double *out, gsize count);
  void   (*vsigmoid) (const double *z, double *out, gsize count);
  double (*residual) (const double *z, const double *y, double *r, gsize count);
  double (*loss_sum) (const double *z, const double *y, gsize count);
  gboolean (*available) (void);
} VmathPath;

static gboolean
always (void)
{
  return TRUE;
}

static const VmathPath portable_path = {
  "portable", ll_vexp_portable, ll_vsigmoid_portable,
  ll_vsigmoid_residual_portable, ll_vlogistic_loss_sum_portable, always,
};

#if LL_VMATH_HAVE_AVX2_PATH
static const VmathPath avx2_path = {
  "avx2", ll_vexp_avx2, ll_vsigmoid_avx2,
  ll_vsigmoid_residual_avx2, ll_vlogistic_loss_sum_avx2, ll_vmath_have_avx2,
};
#endif

/* The public, dispatching entry points. */
static const VmathPath dispatch_path = {
  "dispatch", ll_vexp, ll_vsigmoid,
  ll_vsigmoid_residual, ll_vlogistic_loss_sum, always,
};

static gboolean
path_usable (const VmathPath *path)
{
  if (path->available ())
    return TRUE;
  g_test_skip ("this CPU lacks AVX2 or FMA");
  return FALSE;
}

/* Distance in representable doubles; 0 for two NaNs, huge for one. */
static guint64
ulp_distance (double a,
              double b)
{
  gint64 ia, ib;

  if (isnan (a) || isnan (b))
    return isnan (a) && isnan (b) ? 0 : G_MAXUINT64;
  if (a == b)
    return 0;
  memcpy (&ia, &a, sizeof ia);
  memcpy (&ib, &b, sizeof ib);
  /* Map the sign-magnitude bits onto a monotonic integer line. */
  if (ia < 0)
    ia = G_MININT64 - ia;
  if (ib < 0)
    ib = G_MININT64 - ib;
  return ia > ib ? (guint64) ia - (guint64) ib : (guint64) ib - (guint64) ia;
}

static const double exp_edges[] = {
  0.0, -0.0, 1e-300, -1e-300, 5e-324, -5e-324, 1e-17, -1e-17, 1.0, -1.0,
  0.34657359027997264, -0.34657359027997264, 0.5, -0.5, 0.6931471805599453,
  -0.6931471805599453, 1e-8, 20, -20, 700, -700, 707.9, -707.9, 708.0, -708.0,
  708.01, -708.01, -708.4, -708.3964185322641, -709.0891, -720, -740, -744.44,
  -745.0, -745.1, -745.1332191019411, -745.1332191019412, -745.13321910194122,
  -745.2, -746.0, -1000.0, -1e300, -DBL_MAX, 709.0, 709.7, 709.78,
  709.782712893384, 709.7827128933841, 709.8, 710.0, 1e300, DBL_MAX,
  -INFINITY, INFINITY, NAN, -NAN,
};

/* Reports the worst ulp distance of PATH's exp to libm's over X. */
static guint64
exp_max_ulp (const VmathPath *path,
             const double    *x,
             gsize            count,
             double          *worst_x)
{
  g_autofree double *out = g_new (double, count);
  guint64 worst = 0;

  path->vexp (x, out, count);
  for (gsize i = 0; i < count; i++)
    {
      guint64 d = ulp_distance (out[i], exp (x[i]));

      if (d > worst)
        {
          worst = d;
          *worst_x = x[i];
        }
    }
  return worst;
}

static void
test_exp_accuracy (gconstpointer data)
{
  const VmathPath *path = data;
  const gsize n_random = 1000000;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261125);
  g_autofree double *x = g_new (double, n_random);
  double worst_x = 0;
  guint64 worst;

  if (!path_usable (path))
    return;

  worst = exp_max_ulp (path, exp_edges, G_N_ELEMENTS (exp_edges), &worst_x);
  g_test_message ("%s exp, edge values: max %" G_GUINT64_FORMAT " ulp (at %.17g)",
                  path->name, worst, worst_x);
  g_assert_cmpuint (worst, ==, 0);

  /* Uniform over the range where the result is finite and not zero, and
   * a second sample concentrated near 0 where the trainer's z live. */
  for (gsize i = 0; i < n_random; i++)
    x[i] = i % 2 == 0 ? g_rand_double_range (rand, -745, 709.78)
                      : g_rand_double_range (rand, -40, 40);
  worst = exp_max_ulp (path, x, n_random, &worst_x);
  g_test_message ("%s exp, %" G_GSIZE_FORMAT " random values: max %" G_GUINT64_FORMAT
                  " ulp (at %.17g)", path->name, n_random, worst, worst_x);
  g_assert_cmpuint (worst, ==, 0);
}

static void
test_exp_special_values (gconstpointer data)
{
  const VmathPath *path = data;
  const double x[] = { NAN, INFINITY, -INFINITY, 0.0, -0.0, 800, -800, 709.8, -746 };
  double out[G_N_ELEMENTS (x)];

  if (!path_usable (path))
    return;
  path->vexp (x, out, G_N_ELEMENTS (x));
  g_assert_true (isnan (out[0]));
  g_assert_cmpfloat (out[1], ==, INFINITY);
  g_assert_cmpfloat (out[2], ==, 0.0);
  g_assert_cmpfloat (out[3], ==, 1.0);
  g_assert_cmpfloat (out[4], ==, 1.0);
  g_assert_cmpfloat (out[5], ==, INFINITY);
  g_assert_cmpfloat (out[6], ==, 0.0);
  g_assert_cmpfloat (out[7], ==, INFINITY);
  g_assert_cmpfloat (out[8], ==, 0.0);
  /* The subnormal range is rounded once: exactly libm's there too. */
  for (double v = -708.5; v > -745.2; v -= 0.0137)
    {
      double e;

      path->vexp (&v, &e, 1);
      g_assert_cmpuint (ulp_distance (e, exp (v)), ==, 0);
    }
}

static void
test_sigmoid_accuracy (gconstpointer data)
{
  const VmathPath *path = data;
  const gsize n = 200000;
  g_autoptr (GRand) rand = g_rand_new_with_seed (7);
  g_autofree double *z = g_new (double, n + G_N_ELEMENTS (exp_edges));
  g_autofree double *out = g_new (double, n + G_N_ELEMENTS (exp_edges));
  guint64 worst = 0;
  double worst_z = 0;

  if (!path_usable (path))
    return;
  for (gsize i = 0; i < n; i++)
    z[i] = i % 2 == 0 ? g_rand_double_range (rand, -800, 800) : g_rand_double_range (rand, -40, 40);
  memcpy (z + n, exp_edges, sizeof exp_edges);
  path->vsigmoid (z, out, n + G_N_ELEMENTS (exp_edges));
  for (gsize i = 0; i < n + G_N_ELEMENTS (exp_edges); i++)
    {
      guint64 d = ulp_distance (out[i], ll_sigmoid (z[i]));

      if (d > worst)
        {
          worst = d;
          worst_z = z[i];
        }
    }
  g_test_message ("%s sigmoid: max %" G_GUINT64_FORMAT " ulp from ll_sigmoid (at %.17g)",
                  path->name, worst, worst_z);
  g_assert_cmpuint (worst, ==, 0);
}

static void
test_sigmoid_special_values (gconstpointer data)
{
  const VmathPath *path = data;
  const double z[] = { INFINITY, -INFINITY, NAN, 0.0, -0.0, 1000, -1000, -745.5, DBL_MAX, -DBL_MAX };
  double out[G_N_ELEMENTS (z)];

  if (!path_usable (path))
    return;
  path->vsigmoid (z, out, G_N_ELEMENTS (z));
  g_assert_cmpfloat (out[0], ==, 1.0);
  g_assert_cmpfloat (out[1], ==, 0.0);
  g_assert_true (isnan (out[2]));
  g_assert_cmpfloat (out[3], ==, 0.5);
  g_assert_cmpfloat (out[4], ==, 0.5);
  g_assert_cmpfloat (out[5], ==, 1.0);
  g_assert_cmpfloat (out[6], ==, 0.0);
  g_assert_cmpfloat (out[7], ==, ll_sigmoid (-745.5));
  g_assert_cmpfloat (out[8], ==, 1.0);
  g_assert_cmpfloat (out[9], ==, 0.0);
}

/* Deterministic z in the trainer's range and 0/1 labels. */
static void
fill_inputs (GRand  *rand,
             double *z,
             double *y,
             gsize   count)
{
  for (gsize i = 0; i < count; i++)
    {
      z[i] = g_rand_double_range (rand, -30, 30);
      y[i] = g_rand_boolean (rand) ? 1.0 : 0.0;
    }
}

/* Every tail length around the 4-lane width, in-place and unaligned: each
 * output element equal to ll_sigmoid's, nothing written past COUNT, and the
 * sums equal to the trainer's loops (index order, compensated loss). */
static void
test_counts_and_layouts (gconstpointer data)
{
  const VmathPath *path = data;
  const gsize counts[] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1001 };
  const double guard = -12345.5;
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);

  if (!path_usable (path))
    return;
  for (guint c = 0; c < G_N_ELEMENTS (counts); c++)
    for (guint offset = 0; offset < 2; offset++)
      {
        gsize count = counts[c];
        /* Offset 1 makes every pointer 8 bytes off a 16/32-byte boundary. */
        g_autofree double *z_mem = g_new (double, count + 2);
        g_autofree double *y_mem = g_new (double, count + 2);
        g_autofree double *out_mem = g_new (double, count + 2);
        g_autofree double *r_mem = g_new (double, count + 2);
        double *z = z_mem + offset, *y = y_mem + offset;
        double *out = out_mem + offset, *r = r_mem + offset;
        double sum, expected_sum = 0;
        double loss, expected_loss = 0, loss_compensation = 0;

        fill_inputs (rand, z, y, count);
        for (gsize i = 0; i < count + 2 - offset; i++)
          out[i] = r[i] = guard;
        for (gsize i = count; i < count + 2 - offset; i++)
          z[i] = y[i] = guard;

        path->vsigmoid (z, out, count);
        for (gsize i = 0; i < count; i++)
          g_assert_cmpfloat (out[i], ==, ll_sigmoid (z[i]));
        g_assert_cmpfloat (out[count], ==, guard);

        sum = path->residual (z, y, r, count);
        for (gsize i = 0; i < count; i++)
          {
            double expected = ll_sigmoid (z[i]) - y[i];

            g_assert_cmpfloat (r[i], ==, expected);
            expected_sum += expected;
          }
        g_assert_cmpfloat (r[count], ==, guard);
        g_assert_cmpfloat (sum, ==, expected_sum);

        /* In place: the outputs overwrite the inputs. */
        {
          g_autofree double *copy = g_memdup2 (z, sizeof (double) * (count + 1));
          double in_place_sum;

          path->vsigmoid (copy, copy, count);
          g_assert_cmpmem (copy, sizeof (double) * count, out, sizeof (double) * count);
          memcpy (copy, z, sizeof (double) * count);
          in_place_sum = path->residual (copy, y, copy, count);
          g_assert_cmpmem (copy, sizeof (double) * count, r, sizeof (double) * count);
          g_assert_cmpfloat (in_place_sum, ==, sum);
        }

        /* The loss against the trainer's term-by-term compensated loop. */
        for (gsize i = 0; i < count; i++)
          {
            double term = ll_logistic_loss (z[i], y[i]);
            double t = expected_loss + term;

            if (fabs (expected_loss) >= fabs (term))
              loss_compensation += (expected_loss - t) + term;
            else
              loss_compensation += (term - t) + expected_loss;
            expected_loss = t;
          }
        expected_loss += loss_compensation;
        loss = path->loss_sum (z, y, count);
        g_assert_cmpfloat (loss, ==, expected_loss);
      }
}

/* The mean of equal terms at z = 0 is ln 2 to the last bit (iteration 0). */
static void
test_loss_ln2 (gconstpointer data)
{
  const VmathPath *path = data;
  const gsize m = 209;
  g_autofree double *z = g_new0 (double, m);
  g_autofree double *y = g_new (double, m);

  if (!path_usable (path))
    return;
  for (gsize i = 0; i < m; i++)
    y[i] = i % 3 == 0;
  g_assert_cmpfloat (path->loss_sum (z, y, m) / (double) m, ==, log (2.0));
}

/* Large z, where the loss must keep its tiny tail, and non-finite z. */
static void
test_loss_extremes (gconstpointer data)
{
  const VmathPath *path = data;
  const double z[] = { 40, -40, 745, -745, 800, -800, 1e300, -1e300 };
  const double y[] = { 1, 0, 1, 0, 0, 1, 1, 0 };
  const double nan_z[] = { 1, NAN, 2 };
  const double nan_y[] = { 1, 0, 0 };

  if (!path_usable (path))
    return;
  for (guint i = 0; i < G_N_ELEMENTS (z); i++)
    g_assert_cmpfloat (path->loss_sum (z + i, y + i, 1), ==, ll_logistic_loss (z[i], y[i]));
  g_assert_true (isnan (path->loss_sum (nan_z, nan_y, 3)));
}

/* The dispatcher picks AVX2 exactly when the CPU has it. */
static void
test_dispatch (void)
{
  const gsize n = 1003;
  g_autoptr (GRand) rand = g_rand_new_with_seed (3);
  g_autofree double *z = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autofree double *a = g_new (double, n);
  g_autofree double *b = g_new (double, n);
  const VmathPath *expected = &portable_path;

#if LL_VMATH_HAVE_AVX2_PATH
  if (ll_vmath_have_avx2 ())
    expected = &avx2_path;
  g_assert_cmpint (ll_vmath_have_avx2 (),
                   ==, __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma"));
#else
  g_assert_false (ll_vmath_have_avx2 ());
#endif
  fill_inputs (rand, z, y, n);
  ll_vsigmoid (z, a, n);
  expected->vsigmoid (z, b, n);
  g_assert_cmpmem (a, sizeof (double) * n, b, sizeof (double) * n);
  g_assert_cmpfloat (ll_vsigmoid_residual (z, y, a, n), ==, expected->residual (z, y, b, n));
  g_assert_cmpmem (a, sizeof (double) * n, b, sizeof (double) * n);
  ll_vexp (z, a, n);
  expected->vexp (z, b, n);
  g_assert_cmpmem (a, sizeof (double) * n, b, sizeof (double) * n);
  g_assert_cmpfloat (ll_vlogistic_loss_sum (z, y, n), ==, expected->loss_sum (z, y, n));
}

static void
add_path_tests (const VmathPath *path)
{
  static const struct {
    const char *name;
    GTestDataFunc func;
  } cases[] = {
    { "exp-accuracy", test_exp_accuracy },
    { "exp-special", test_exp_special_values },
    { "sigmoid-accuracy", test_sigmoid_accuracy },
    { "sigmoid-special", test_sigmoid_special_values },
    { "counts-and-layouts", test_counts_and_layouts },
    { "loss-ln2", test_loss_ln2 },
    { "loss-extremes", test_loss_extremes },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *test_path = g_strdup_printf ("/vmath/%s/%s", path->name, cases[i].name);

      g_test_add_data_func (test_path, path, cases[i].func);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  add_path_tests (&portable_path);
#if LL_VMATH_HAVE_AVX2_PATH
  add_path_tests (&avx2_path);
#endif
  add_path_tests (&dispatch_path);
  g_test_add_func ("/vmath/dispatch", test_dispatch);
  return g_test_run ();
}
