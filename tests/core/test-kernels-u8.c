/* test-kernels-u8.c: the uint8 kernels of kernels-u8.h, on every code path
 * this CPU runs, against naive references. */
#include "config.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

#include "core/kernels-u8-private.h"

static const LlKernelPath all_paths[] = { LL_KERNEL_PATH_PORTABLE, LL_KERNEL_PATH_AVX2 };
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
 * (2 to 4 examples), the course's 12288 pixels and many blocks (100003). */
static const gsize awkward_n[] = { 1, 15, 16, 17, 31, 33, 12288, 100003 };
static const gsize awkward_m[] = { 1, 2, 3, 5, 209 };

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

/* Registers FUNC once per code path, as PREFIX/portable and PREFIX/avx2. */
static void
add_path_tests (const char *prefix,
                GTestDataFunc func)
{
  static const char *const path_names[] = { "portable", "avx2" };

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

  return g_test_run ();
}
