/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-kernels-u8.c: the uint8 kernels of kernels-u8.h, on every code path
 * this CPU runs, against naive references. */
#include "config.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "core/train/kernels-u8-private.h"
#include "core/train/model.h"
#include "core/train/vmath.h"

static const LlKernelPath all_paths[] = { LL_KERNEL_PATH_PORTABLE, LL_KERNEL_PATH_AVX2, LL_KERNEL_PATH_VNNI };
static const guint thread_counts[] = { 1, 2, 3 };

/* Skips the test (and returns FALSE) when the CPU lacks PATH. */
static gboolean
path_runs_here (LlKernelPath path)
{
  if (ll_kernel_path_supported (path))
    return TRUE;
  g_test_skip ("this CPU lacks the instructions of this code path");
  return FALSE;
}

/* COUNT random pixels, from the test's seed (--seed reproduces a failure). */
static guint8 *
random_pixels (gsize count)
{
  guint8 *pixels = g_malloc (MAX (count, 1));

  for (gsize p = 0; p < count; p += 4)
    {
      guint32 bits = g_test_rand_int ();

      for (gsize b = 0; b < 4 && p + b < count; b++)
        pixels[p + b] = (guint8) (bits >> (8 * b));
    }
  return pixels;
}

/* NaN everywhere, so an entry the kernel forgot to write fails. */
static double *
poisoned_matrix (gsize count)
{
  double *matrix = g_new (double, MAX (count, 1));

  for (gsize e = 0; e < count; e++)
    matrix[e] = NAN;
  return matrix;
}

static gint64
naive_dot (const guint8 *x,
           const guint8 *y,
           gsize         n)
{
  gint64 dot = 0;

  for (gsize k = 0; k < n; k++)
    dot += (gint64) x[k] * y[k];
  return dot;
}

/* The contract's result: K[i + j ma] = (double) dot (a_i, b_j) * scale^2. */
static double *
naive_cross (const guint8 *A,
             gsize         ma,
             const guint8 *B,
             gsize         mb,
             gsize         n,
             double        scale)
{
  double *K = g_new (double, MAX (ma * mb, 1));

  for (gsize j = 0; j < mb; j++)
    for (gsize i = 0; i < ma; i++)
      K[i + j * ma] = (double) naive_dot (A + i * n, B + j * n, n) * (scale * scale);
  return K;
}

/* Exact equality, entry by entry, with the failing entry named. */
static void
assert_matrices_equal (const double *expected,
                       const double *actual,
                       gsize         rows,
                       gsize         cols)
{
  for (gsize j = 0; j < cols; j++)
    for (gsize i = 0; i < rows; i++)
      if (actual[i + j * rows] != expected[i + j * rows])
        g_error ("entry (%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") of %" G_GSIZE_FORMAT
                 " x %" G_GSIZE_FORMAT ": %.17g, expected %.17g",
                 i, j, rows, cols, actual[i + j * rows], expected[i + j * rows]);
}

/* The Gram of X (m examples of n pixels) on PATH with every thread count
 * equals the naive one exactly and is symmetric. */
static void
check_gram (LlKernelPath  path,
            const guint8 *X,
            gsize         n,
            gsize         m,
            double        scale)
{
  g_autofree double *expected = naive_cross (X, m, X, m, n, scale);

  for (guint t = 0; t < G_N_ELEMENTS (thread_counts); t++)
    {
      g_autofree double *G = poisoned_matrix (m * m);

      ll_gram_u8_on (path, X, n, m, scale, thread_counts[t], G);
      assert_matrices_equal (expected, G, m, m);
      for (gsize j = 0; j < m; j++)
        for (gsize i = 0; i < j; i++)
          g_assert_true (G[i + j * m] == G[j + i * m]);
    }
}

/* As check_gram, for A^T B. */
static void
check_cross (LlKernelPath  path,
             const guint8 *A,
             gsize         ma,
             const guint8 *B,
             gsize         mb,
             gsize         n,
             double        scale)
{
  g_autofree double *expected = naive_cross (A, ma, B, mb, n, scale);

  for (guint t = 0; t < G_N_ELEMENTS (thread_counts); t++)
    {
      g_autofree double *K = poisoned_matrix (ma * mb);

      ll_cross_u8_on (path, A, ma, B, mb, n, scale, thread_counts[t], K);
      assert_matrices_equal (expected, K, ma, mb);
    }
}

/* Sizes around the vector widths (16 and 32 pixels) and the tile shapes
 * (2 to 4 examples), the course's 12288 pixels and many blocks (100003);
 * 17 examples of 100003 pixels are enough work for 3 threads. */
static const gsize awkward_n[] = { 1, 15, 16, 17, 31, 33, 12288, 100003 };
static const gsize awkward_m[] = { 1, 2, 3, 5, 17, 209 };

/* The naive reference of 209 examples x 100003 pixels is slow and says
 * nothing the smaller cases do not. */
static gboolean
size_worth_testing (gsize n,
                    gsize m)
{
  return n * m * m <= (gsize) 12288 * 209 * 209;
}

static void
test_gram_random (gconstpointer data)
{
  LlKernelPath path = GPOINTER_TO_INT (data);

  if (!path_runs_here (path))
    return;

  for (guint a = 0; a < G_N_ELEMENTS (awkward_n); a++)
    for (guint b = 0; b < G_N_ELEMENTS (awkward_m); b++)
      {
        gsize n = awkward_n[a], m = awkward_m[b];
        g_autofree guint8 *pixels = NULL;

        if (!size_worth_testing (n, m))
          continue;
        /* One byte in front: rows start at odd addresses. */
        pixels = random_pixels (n * m + 1);
        check_gram (path, pixels + 1, n, m, 1 / 255.0);
        if (m == 5)
          check_gram (path, pixels + 1, n, m, 1.0);
      }
}

/* Every product 255 * 255: 70000 pixels sum to 4551750000 > 2^32, beyond
 * one int32 block. */
static void
test_gram_saturated (gconstpointer data)
{
  LlKernelPath path = GPOINTER_TO_INT (data);
  const gsize n = 70000, m = 7;
  g_autofree guint8 *pixels = g_malloc (n * m);
  g_autofree double *G = poisoned_matrix (m * m);

  if (!path_runs_here (path))
    return;

  memset (pixels, 255, n * m);
  check_gram (path, pixels, n, m, 1 / 255.0);
  ll_gram_u8_on (path, pixels, n, m, 1.0, 2, G);
  for (gsize e = 0; e < m * m; e++)
    g_assert_cmpfloat (G[e], ==, 4551750000.0);
}

/* No pixels: every dot product is 0. */
static void
test_gram_empty (gconstpointer data)
{
  LlKernelPath path = GPOINTER_TO_INT (data);
  guint8 pixel = 7;
  double G[4];

  if (!path_runs_here (path))
    return;

  for (guint e = 0; e < 4; e++)
    G[e] = NAN;
  ll_gram_u8_on (path, &pixel, 0, 2, 0.5, 2, G);
  for (guint e = 0; e < 4; e++)
    g_assert_cmpfloat (G[e], ==, 0);
}

/* The float64 route the trainer took before: dsyrk on X / 255. */
static void
test_gram_matches_dsyrk (void)
{
  const gsize n = 12288, m = 209;
  g_autofree guint8 *pixels = random_pixels (n * m);
  g_autofree double *X = g_new (double, n * m);
  g_autofree double *expected = g_new0 (double, m * m);
  g_autofree double *G = poisoned_matrix (m * m);

  for (gsize p = 0; p < n * m; p++)
    X[p] = pixels[p] / 255.0;
  cblas_dsyrk (CblasColMajor, CblasUpper, CblasTrans, m, n, 1.0, X, n, 0.0, expected, m);
  ll_gram_u8 (pixels, n, m, 1 / 255.0, 2, G);
  for (gsize j = 0; j < m; j++)
    for (gsize i = 0; i <= j; i++)
      g_assert_cmpfloat_with_epsilon (G[i + j * m], expected[i + j * m],
                                      1e-12 * expected[i + j * m]);
}

static void
test_cross_random (gconstpointer data)
{
  LlKernelPath path = GPOINTER_TO_INT (data);
  /* The course's 50 x 209 and small, lopsided shapes. */
  static const gsize shapes[][2] = { { 1, 1 }, { 2, 5 }, { 5, 2 }, { 3, 209 }, { 209, 3 }, { 50, 209 } };

  if (!path_runs_here (path))
    return;

  for (guint a = 0; a < G_N_ELEMENTS (awkward_n); a++)
    for (guint s = 0; s < G_N_ELEMENTS (shapes); s++)
      {
        gsize n = awkward_n[a], ma = shapes[s][0], mb = shapes[s][1];
        g_autofree guint8 *A = NULL, *B = NULL;

        if (!size_worth_testing (n, MAX (ma, mb)))
          continue;
        A = random_pixels (n * ma + 3);
        B = random_pixels (n * mb);
        check_cross (path, A + 3, ma, B, mb, n, 1 / 255.0);
      }
}

static void
test_cross_saturated (gconstpointer data)
{
  LlKernelPath path = GPOINTER_TO_INT (data);
  const gsize n = 70000, ma = 5, mb = 6;
  g_autofree guint8 *pixels = g_malloc (n * mb);

  if (!path_runs_here (path))
    return;

  memset (pixels, 255, n * mb);
  check_cross (path, pixels, ma, pixels, mb, n, 1 / 255.0);
}

/* The float64 route: dgemm on X_test / 255 and X / 255. */
static void
test_cross_matches_dgemm (void)
{
  const gsize n = 12288, ma = 50, mb = 209;
  g_autofree guint8 *A = random_pixels (n * ma);
  g_autofree guint8 *B = random_pixels (n * mb);
  g_autofree double *Ad = g_new (double, n * ma);
  g_autofree double *Bd = g_new (double, n * mb);
  g_autofree double *expected = g_new0 (double, ma * mb);
  g_autofree double *K = poisoned_matrix (ma * mb);

  for (gsize p = 0; p < n * ma; p++)
    Ad[p] = A[p] / 255.0;
  for (gsize p = 0; p < n * mb; p++)
    Bd[p] = B[p] / 255.0;
  cblas_dgemm (CblasColMajor, CblasTrans, CblasNoTrans, ma, mb, n,
               1.0, Ad, n, Bd, n, 0.0, expected, ma);
  ll_cross_u8 (A, ma, B, mb, n, 1 / 255.0, 2, K);
  for (gsize e = 0; e < ma * mb; e++)
    g_assert_cmpfloat_with_epsilon (K[e], expected[e], 1e-12 * expected[e]);
}

/* ---- the primal pass ---- */

typedef void (*PrimalFunc) (const guint8 *X, gsize n, gsize m, const double *y,
                            const double *W, const double *b, guint k, double scale,
                            guint n_threads, double *Z, double *dW, double *r_sum);

#define PIXEL_SCALE (1.0 / 255.0)

typedef struct {
  gsize n, m;
  guint k;
  guint8 *X;     /* m x n, example-major */
  double *y, *W, *b;
  /* The reference and, per value, the size of the terms it sums: another
   * summation order may move a result by ~n ulp of that size (not of the
   * result, which can cancel to ~0). */
  double *Z_ref, *Z_size, *dW_ref, *dW_size, r_sum_ref[8], r_sum_size[8];
} PrimalCase;

static void
primal_case_free (PrimalCase *c)
{
  g_free (c->X);
  g_free (c->y);
  g_free (c->W);
  g_free (c->b);
  g_free (c->Z_ref);
  g_free (c->Z_size);
  g_free (c->dW_ref);
  g_free (c->dW_size);
  g_free (c);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PrimalCase, primal_case_free)

/* The straightforward reference: x = X / 255 in float64, z = x . W + b,
 * r = sigmoid (z) - y, dW = X R / m. */
static void
primal_case_compute_reference (PrimalCase *c)
{
  gsize n = c->n, m = c->m;
  guint k = c->k;
  g_autofree double *x = g_new (double, n);
  g_autofree double *r = g_new (double, k);
  g_autofree double *r_err = g_new (double, k);

  memset (c->dW_ref, 0, n * k * sizeof (double));
  memset (c->dW_size, 0, n * k * sizeof (double));
  for (guint j = 0; j < k; j++)
    c->r_sum_ref[j] = c->r_sum_size[j] = 0;
  for (gsize i = 0; i < m; i++)
    {
      for (gsize p = 0; p < n; p++)
        x[p] = c->X[i * n + p] / 255.0;
      for (guint j = 0; j < k; j++)
        {
          double z = c->b[j], size = fabs (c->b[j]);

          for (gsize p = 0; p < n; p++)
            {
              z += x[p] * c->W[p + j * n];
              size += fabs (x[p] * c->W[p + j * n]);
            }
          c->Z_ref[i + j * m] = z;
          c->Z_size[i + j * m] = size;
          r[j] = ll_sigmoid (z) - c->y[i];
          /* sigmoid' <= 1/4: how far r may move with z's rounding. */
          r_err[j] = size / 4;
          c->r_sum_ref[j] += r[j];
          c->r_sum_size[j] += fabs (r[j]) + r_err[j];
        }
      for (guint j = 0; j < k; j++)
        for (gsize p = 0; p < n; p++)
          {
            c->dW_ref[p + j * n] += x[p] * r[j];
            c->dW_size[p + j * n] += x[p] * (fabs (r[j]) + r_err[j]);
          }
    }
  for (gsize i = 0; i < n * k; i++)
    {
      c->dW_ref[i] /= (double) m;
      c->dW_size[i] /= (double) m;
    }
}

/* Random pixels, labels and weights (WEIGHT_RANGE wide around 0), and the
 * reference for them. */
static PrimalCase *
primal_case_new (gsize  n,
                 gsize  m,
                 guint  k,
                 double weight_range)
{
  PrimalCase *c = g_new0 (PrimalCase, 1);

  c->n = n;
  c->m = m;
  c->k = k;
  c->X = random_pixels (n * m);
  c->y = g_new (double, m);
  c->W = g_new (double, n * k);
  c->b = g_new (double, k);
  c->Z_ref = g_new (double, m * k);
  c->Z_size = g_new (double, m * k);
  c->dW_ref = g_new (double, n * k);
  c->dW_size = g_new (double, n * k);

  for (gsize i = 0; i < m; i++)
    c->y[i] = g_test_rand_bit () ? 1 : 0;
  for (gsize i = 0; i < n * k; i++)
    c->W[i] = g_test_rand_double_range (-weight_range / 2, weight_range / 2);
  for (guint j = 0; j < k; j++)
    c->b[j] = g_test_rand_double_range (-1, 1);

  primal_case_compute_reference (c);
  return c;
}

static void
assert_primal_close (const char *what,
                     gsize       index,
                     double      got,
                     double      want,
                     double      size)
{
  /* 1e-12 relative to the size of the summed terms (the reference's own
   * rounding is ~1e-16 of it per term). */
  if (!(fabs (got - want) <= 1e-12 * size + 1e-300))
    g_error ("%s[%" G_GSIZE_FORMAT "] = %.17g, want %.17g (terms of size %g)",
             what, index, got, want, size);
}

/* Runs FUNC on N_THREADS (or, FUNC NULL, ll_primal_pass_u8_with on TEAM)
 * on C and compares every output with the reference; the outputs start as
 * NaN so anything not written shows. */
static void
check_primal (PrimalFunc        func,
              LlPrimalTeam     *team,
              const PrimalCase *c,
              guint             n_threads,
              gboolean          with_z)
{
  g_autofree double *Z = with_z ? g_new (double, c->m * c->k) : NULL;
  g_autofree double *dW = g_new (double, c->n * c->k);
  double r_sum[8];

  for (gsize i = 0; with_z && i < c->m * c->k; i++)
    Z[i] = NAN;
  for (gsize i = 0; i < c->n * c->k; i++)
    dW[i] = NAN;
  for (guint j = 0; j < 8; j++)
    r_sum[j] = NAN;

  if (func != NULL)
    func (c->X, c->n, c->m, c->y, c->W, c->b, c->k, PIXEL_SCALE, n_threads, Z, dW, r_sum);
  else
    ll_primal_pass_u8_with (team, c->X, c->n, c->m, c->y, c->W, c->b, c->k, PIXEL_SCALE,
                            Z, dW, r_sum);

  for (gsize i = 0; with_z && i < c->m * c->k; i++)
    assert_primal_close ("Z", i, Z[i], c->Z_ref[i], c->Z_size[i]);
  for (gsize i = 0; i < c->n * c->k; i++)
    assert_primal_close ("dW", i, dW[i], c->dW_ref[i], c->dW_size[i]);
  for (guint j = 0; j < c->k; j++)
    assert_primal_close ("r_sum", j, r_sum[j], c->r_sum_ref[j], c->r_sum_size[j]);
  for (guint j = c->k; j < 8; j++)
    g_assert_true (isnan (r_sum[j]));  /* nothing past k written */
}

/* Every shape the kernels special-case: k in column groups of 3, 2 and 1,
 * n around the 4- and 8-pixel vectors, m around the 4-example blocks, more
 * threads than blocks; Z asked for or not. */
static void
check_primal_shapes (PrimalFunc func)
{
  static const guint ks[] = { 1, 2, 3, 8 };
  static const gsize ns[] = { 1, 3, 4, 5, 784, 785 };
  static const gsize ms[] = { 1, 2, 7, 1000 };

  for (guint a = 0; a < G_N_ELEMENTS (ks); a++)
    for (guint b = 0; b < G_N_ELEMENTS (ns); b++)
      for (guint d = 0; d < G_N_ELEMENTS (ms); d++)
        {
          /* Weights that put z in about [-10, 10] whatever n is. */
          g_autoptr(PrimalCase) c = primal_case_new (ns[b], ms[d], ks[a],
                                                     40.0 / sqrt ((double) ns[b]));

          for (guint t = 0; t < G_N_ELEMENTS (thread_counts); t++)
            {
              check_primal (func, NULL, c, thread_counts[t], TRUE);
              check_primal (func, NULL, c, thread_counts[t], FALSE);
            }
        }
}

static void
test_primal_portable (void)
{
  check_primal_shapes (ll_primal_pass_u8_portable);
}

static void
test_primal_avx2 (void)
{
  if (!ll_primal_u8_have_avx2 ())
    {
      g_test_skip ("this CPU has no AVX2+FMA");
      return;
    }
  check_primal_shapes (ll_primal_pass_u8_avx2);
}

/* The public function (its own path and thread cap) on the trainer's shape,
 * and saturated z: white images with large weights give |z| > 700, where r
 * must still be exact (0 or +-1) and finite. */
static void
test_primal_public (void)
{
  g_autoptr(PrimalCase) c = primal_case_new (784, 1203, 3, 0.02);
  g_autoptr(PrimalCase) saturated = primal_case_new (100, 50, 2, 1);

  check_primal (ll_primal_pass_u8, NULL, c, 1, TRUE);
  check_primal (ll_primal_pass_u8, NULL, c, 2, FALSE);
  check_primal (ll_primal_pass_u8, NULL, c, 64, TRUE);

  memset (saturated->X, 255, saturated->n * saturated->m);
  for (gsize p = 0; p < saturated->n; p++)
    {
      saturated->W[p] = 8;
      saturated->W[p + saturated->n] = -8;
    }
  primal_case_compute_reference (saturated);
  g_assert_cmpfloat (saturated->Z_ref[0], >, 700);
  g_assert_cmpfloat (saturated->Z_ref[saturated->m], <, -700);
  check_primal (ll_primal_pass_u8, NULL, saturated, 2, TRUE);
}

/* The result depends on the thread count (summation order) but not on
 * timing: the same call twice gives the same bits. */
static void
test_primal_deterministic (void)
{
  g_autoptr(PrimalCase) c = primal_case_new (300, 401, 3, 0.1);
  double dW1[900], dW2[900], Z1[1203], Z2[1203], s1[3], s2[3];

  for (guint run = 0; run < 5; run++)
    {
      ll_primal_pass_u8_avx2 (c->X, c->n, c->m, c->y, c->W, c->b, 3, PIXEL_SCALE, 3, Z1, dW1, s1);
      ll_primal_pass_u8_avx2 (c->X, c->n, c->m, c->y, c->W, c->b, 3, PIXEL_SCALE, 3, Z2, dW2, s2);
      g_assert_cmpmem (dW1, sizeof dW1, dW2, sizeof dW2);
      g_assert_cmpmem (Z1, sizeof Z1, Z2, sizeof Z2);
      g_assert_cmpmem (s1, sizeof s1, s2, sizeof s2);
    }
}

/* Passes with TEAM and with a one-shot ll_primal_pass_u8 on as many
 * threads give the same bits (the same parts, summed in the same order). */
static void
assert_team_matches_one_shot (LlPrimalTeam     *team,
                              guint             n_threads,
                              const PrimalCase *c)
{
  gsize n = c->n, m = c->m, k = c->k;
  g_autofree double *Z1 = g_new (double, m * k), *Z2 = g_new (double, m * k);
  g_autofree double *dW1 = g_new (double, n * k), *dW2 = g_new (double, n * k);
  double s1[8], s2[8];

  ll_primal_pass_u8_with (team, c->X, n, m, c->y, c->W, c->b, k, PIXEL_SCALE, Z1, dW1, s1);
  ll_primal_pass_u8 (c->X, n, m, c->y, c->W, c->b, k, PIXEL_SCALE, n_threads, Z2, dW2, s2);
  g_assert_cmpmem (Z1, m * k * sizeof (double), Z2, m * k * sizeof (double));
  g_assert_cmpmem (dW1, n * k * sizeof (double), dW2, n * k * sizeof (double));
  g_assert_cmpmem (s1, k * sizeof (double), s2, k * sizeof (double));
}

/* The decisions alone (ll_primal_decide_u8_with) are the pass's Z, bit
 * for bit, on each path, for every shape: padded or not, a partial last
 * block, one to eight runs, W aligned or not. */
static void
test_primal_decide (void)
{
  static const guint ks[] = { 3, 1, 8, 2, 4 };
  static const gsize ns[] = { 785, 1, 784, 5, 3, 4, 16 };
  static const gsize ms[] = { 50, 7, 1, 2, 1203 };

  for (guint path = 0; path < 2; path++)
    {
      g_autoptr(LlPrimalTeam) team = ll_primal_team_new (1);

      if (path == 0)
        ll_primal_team_force_portable (team);
      for (guint a = 0; a < G_N_ELEMENTS (ks); a++)
        for (guint b = 0; b < G_N_ELEMENTS (ns); b++)
          for (guint d = 0; d < G_N_ELEMENTS (ms); d++)
            {
              g_autoptr(PrimalCase) c = primal_case_new (ns[b], ms[d], ks[a],
                                                         40.0 / sqrt ((double) ns[b]));
              gsize n = c->n, m = c->m, k = c->k;
              g_autofree double *Z1 = g_new (double, m * k), *Z2 = g_new (double, m * k);
              g_autofree double *dW = g_new (double, n * k);
              /* One double past an aligned start: W misaligned for AVX. */
              g_autofree double *W_odd = g_new0 (double, n * k + 4);
              double *W_shifted = W_odd + ((guintptr) W_odd % 32 == 0 ? 1 : 0);
              double *W_aligned;
              double sums[8];

              ll_primal_pass_u8_with (team, c->X, n, m, c->y, c->W, c->b, k, PIXEL_SCALE, Z1, dW, sums);
              for (gsize i = 0; i < m * k; i++)
                Z2[i] = G_MAXDOUBLE;
              ll_primal_decide_u8_with (team, c->X, n, m, c->W, c->b, k, PIXEL_SCALE, Z2);
              g_assert_cmpmem (Z1, m * k * sizeof (double), Z2, m * k * sizeof (double));
              memcpy (W_shifted, c->W, n * k * sizeof (double));
              ll_primal_decide_u8_with (team, c->X, n, m, W_shifted, c->b, k, PIXEL_SCALE, Z2);
              g_assert_cmpmem (Z1, m * k * sizeof (double), Z2, m * k * sizeof (double));
              /* Aligned: read in place when the rows need no padding. */
              W_aligned = g_aligned_alloc (n * k, sizeof (double), 32);
              memcpy (W_aligned, c->W, n * k * sizeof (double));
              ll_primal_decide_u8_with (team, c->X, n, m, W_aligned, c->b, k, PIXEL_SCALE, Z2);
              g_aligned_free (W_aligned);
              g_assert_cmpmem (Z1, m * k * sizeof (double), Z2, m * k * sizeof (double));
            }
    }
}

/* One team kept across passes of every shape, larger and smaller in turn
 * (its scratch grows, and is reused with other paddings), on each path and
 * thread count: right every time, and on the best path the bits of the
 * one-shot pass. */
static void
test_primal_team (void)
{
  static const guint ks[] = { 3, 1, 8, 2 };
  static const gsize ns[] = { 785, 1, 784, 5, 3, 4 };
  static const gsize ms[] = { 1000, 7, 1, 2, 1203 };

  for (guint path = 0; path < 2; path++)
    for (guint t = 0; t < G_N_ELEMENTS (thread_counts); t++)
      {
        g_autoptr(LlPrimalTeam) team = ll_primal_team_new (thread_counts[t]);

        if (path == 0)
          ll_primal_team_force_portable (team);
        for (guint a = 0; a < G_N_ELEMENTS (ks); a++)
          for (guint b = 0; b < G_N_ELEMENTS (ns); b++)
            for (guint d = 0; d < G_N_ELEMENTS (ms); d++)
              {
                g_autoptr(PrimalCase) c = primal_case_new (ns[b], ms[d], ks[a],
                                                           40.0 / sqrt ((double) ns[b]));

                check_primal (NULL, team, c, 0, (b + d) % 2 == 0);
                if (path == 1)
                  assert_team_matches_one_shot (team, thread_counts[t], c);
              }
      }
}

/* A team times its passes with its helpers and alone and keeps the faster
 * way (kernels-primal-u8.c): whichever it runs, the same parts give the
 * same bits. Enough passes to cross both probes and into the choice. */
static void
test_primal_team_alone_or_not (void)
{
  g_autoptr(LlPrimalTeam) team = ll_primal_team_new (2);
  g_autoptr(PrimalCase) c = primal_case_new (784, 3000, 3, 40.0 / 28.0);

  for (guint pass = 0; pass < 12; pass++)
    assert_team_matches_one_shot (team, 2, c);
}

/* A pass's parts do not depend on the thread count (up to 8 a pass, shared
 * out among the threads): one thread and two give the same bits. */
static void
test_primal_threads_same_bits (void)
{
  g_autoptr(PrimalCase) c = primal_case_new (784, 3000, 3, 40.0 / 28.0);
  gsize n = c->n, m = c->m, k = c->k;
  g_autofree double *Z1 = g_new (double, m * k), *Z2 = g_new (double, m * k);
  g_autofree double *dW1 = g_new (double, n * k), *dW2 = g_new (double, n * k);
  double s1[8], s2[8];

  ll_primal_pass_u8 (c->X, n, m, c->y, c->W, c->b, k, PIXEL_SCALE, 1, Z1, dW1, s1);
  ll_primal_pass_u8 (c->X, n, m, c->y, c->W, c->b, k, PIXEL_SCALE, 2, Z2, dW2, s2);
  g_assert_cmpmem (Z1, m * k * sizeof (double), Z2, m * k * sizeof (double));
  g_assert_cmpmem (dW1, n * k * sizeof (double), dW2, n * k * sizeof (double));
  g_assert_cmpmem (s1, k * sizeof (double), s2, k * sizeof (double));
}

/* The pass with the costs: the other outputs' bits unchanged, the mean
 * costs those of the decisions to ~1e-15 (sums of the same exps), also
 * with a partial last block and on one thread or two. */
static void
test_primal_costs (void)
{
  static const gsize ms[] = { 3000, 1203, 7 };

  for (guint d = 0; d < G_N_ELEMENTS (ms); d++)
    for (guint threads = 1; threads <= 2; threads++)
      {
        g_autoptr(PrimalCase) c = primal_case_new (784, ms[d], 3, 40.0 / 28.0);
        g_autoptr(LlPrimalTeam) team = ll_primal_team_new (threads);
        gsize n = c->n, m = c->m, k = c->k;
        g_autofree double *Z1 = g_new (double, m * k), *Z2 = g_new (double, m * k);
        g_autofree double *dW1 = g_new (double, n * k), *dW2 = g_new (double, n * k);
        double s1[8], s2[8], costs[8];

        ll_primal_pass_u8_with (team, c->X, n, m, c->y, c->W, c->b, k, PIXEL_SCALE, Z1, dW1, s1);
        ll_primal_pass_u8_costs (team, c->X, n, m, c->y, c->W, c->b, k, PIXEL_SCALE, Z2, dW2, s2,
                                 costs);
        g_assert_cmpmem (Z1, m * k * sizeof (double), Z2, m * k * sizeof (double));
        g_assert_cmpmem (dW1, n * k * sizeof (double), dW2, n * k * sizeof (double));
        g_assert_cmpmem (s1, k * sizeof (double), s2, k * sizeof (double));
        for (guint j = 0; j < k; j++)
          {
            double want = ll_vlogistic_loss_sum (Z1 + j * m, c->y, m) / (double) m;

            g_assert_true (isfinite (costs[j]) && want > 0);
            g_assert_cmpfloat_with_epsilon (costs[j], want, 1e-12 * want);
          }
      }
}

/* Registers FUNC once per code path, as PREFIX/portable and PREFIX/avx2. */
static void
add_path_tests (const char *prefix,
                GTestDataFunc func)
{
  static const char *const path_names[] = { "portable", "avx2", "vnni" };

  for (guint p = 0; p < G_N_ELEMENTS (all_paths); p++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%s", prefix, path_names[all_paths[p]]);

      g_test_add_data_func (name, GINT_TO_POINTER (all_paths[p]), func);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_path_tests ("/gram/random", test_gram_random);
  add_path_tests ("/gram/saturated", test_gram_saturated);
  add_path_tests ("/gram/empty", test_gram_empty);
  g_test_add_func ("/gram/matches-dsyrk", test_gram_matches_dsyrk);
  add_path_tests ("/cross/random", test_cross_random);
  add_path_tests ("/cross/saturated", test_cross_saturated);
  g_test_add_func ("/cross/matches-dgemm", test_cross_matches_dgemm);
  g_test_add_func ("/primal/portable", test_primal_portable);
  g_test_add_func ("/primal/avx2", test_primal_avx2);
  g_test_add_func ("/primal/public", test_primal_public);
  g_test_add_func ("/primal/deterministic", test_primal_deterministic);
  g_test_add_func ("/primal/team", test_primal_team);
  g_test_add_func ("/primal/decide", test_primal_decide);
  g_test_add_func ("/primal/team-alone-or-not", test_primal_team_alone_or_not);
  g_test_add_func ("/primal/threads-same-bits", test_primal_threads_same_bits);
  g_test_add_func ("/primal/costs", test_primal_costs);

  return g_test_run ();
}
