/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-curvature.c: the Jacobi solver and Lanczos on matrices with known
 * spectra, the Hessian's largest eigenvalue against a dense reference on
 * random problems (both sides, pixels and float64), and L of the cat data
 * against numpy's eigvalsh. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/data/dataset.h"
#include "core/io/npz.h"
#include "core/train/curvature.h"
#include "core/train/model.h"
#include "fixtures.h"
#include "numpy-helper.h"

static void
assert_relative (double got, double want, double tolerance)
{
  if (!(fabs (got - want) <= tolerance * fabs (want)))
    g_error ("got %.17g, want %.17g (relative error %.3g > %.3g)",
             got, want, fabs (got - want) / fabs (want), tolerance);
}

/* Q diag(values) Q^T with Q a Householder reflection I - 2 u u^T / u^T u. */
static double *
rotated_diagonal (const double *values, gsize n, GRand *rng)
{
  g_autofree double *u = g_new (double, n);
  double *A = g_new0 (double, n * n);
  double uu = 0;

  for (gsize i = 0; i < n; i++)
    {
      u[i] = g_rand_double_range (rng, -1, 1);
      uu += u[i] * u[i];
    }
  /* A = H D H, H symmetric. */
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < n; j++)
      {
        double sum = 0;

        for (gsize k = 0; k < n; k++)
          {
            double hik = (i == k) - 2 * u[i] * u[k] / uu;
            double hkj = (k == j) - 2 * u[k] * u[j] / uu;

            sum += hik * values[k] * hkj;
          }
        A[i + j * n] = sum;
      }
  return A;
}

typedef struct {
  const double *A;
  gsize n;
} Dense;

static void
apply_dense (const double *in, double *out, gpointer user_data)
{
  const Dense *d = user_data;

  for (gsize i = 0; i < d->n; i++)
    {
      out[i] = 0;
      for (gsize j = 0; j < d->n; j++)
        out[i] += d->A[i + j * d->n] * in[j];
    }
}

static double
lanczos_of (const double *A, gsize n, double tolerance, LlEigenEstimate *estimate)
{
  Dense dense = { A, n };
  g_autofree double *v = g_new0 (double, n);

  *estimate = ll_lanczos_largest (apply_dense, &dense, n, v, tolerance, 0);
  return estimate->value;
}

static void
test_jacobi_known_spectra (void)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (17);
  static const double spectrum[] = { 5, -3, 2.5, 1e-3, 0, 7, 2.5 };
  gsize n = G_N_ELEMENTS (spectrum);
  double sorted[] = { 7, 5, 2.5, 2.5, 1e-3, 0, -3 };
  double values[G_N_ELEMENTS (spectrum)];
  double vectors[G_N_ELEMENTS (spectrum) * G_N_ELEMENTS (spectrum)];
  g_autofree double *A = g_new0 (double, n * n);
  g_autofree double *R = rotated_diagonal (spectrum, n, rng);
  g_autofree double *copy = g_memdup2 (R, sizeof (double) * n * n);

  /* Diagonal: itself. */
  for (gsize i = 0; i < n; i++)
    A[i + i * n] = spectrum[i];
  ll_symmetric_eigen (A, n, values, NULL);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat (values[i], ==, sorted[i]);

  /* Rotated: the same spectrum, and A v = lambda v. */
  ll_symmetric_eigen (R, n, values, vectors);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_cmpfloat_with_epsilon (values[i], sorted[i], 1e-13);
      for (gsize r = 0; r < n; r++)
        {
          double av = 0;

          for (gsize c = 0; c < n; c++)
            av += copy[r + c * n] * vectors[c + i * n];
          g_assert_cmpfloat_with_epsilon (av, values[i] * vectors[r + i * n], 1e-12);
        }
    }
}

static void
test_lanczos_known_spectra (void)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (18);
  gsize n = 60;
  g_autofree double *diagonal = g_new0 (double, n * n);
  g_autofree double *spectrum = g_new (double, n);
  g_autofree double *rank_one = g_new (double, n * n);
  g_autofree double *x = g_new (double, n);
  g_autofree double *rotated = NULL;
  LlEigenEstimate estimate;
  double xx = 0;

  /* A diagonal with a small relative gap at the top: 10 vs 9.99. */
  for (gsize i = 0; i < n; i++)
    {
      spectrum[i] = i == 0 ? 10 : i == 1 ? 9.99 : g_rand_double_range (rng, -5, 9);
      diagonal[i + i * n] = spectrum[i];
    }
  assert_relative (lanczos_of (diagonal, n, 1e-10, &estimate), 10, 1e-10);
  g_assert_true (estimate.converged);

  rotated = rotated_diagonal (spectrum, n, rng);
  assert_relative (lanczos_of (rotated, n, 1e-10, &estimate), 10, 1e-10);
  g_assert_true (estimate.converged);

  /* Rank one x x^T: its only non-zero eigenvalue is x^T x, found in one
   * product (an invariant subspace) from a start not orthogonal to x. */
  for (gsize i = 0; i < n; i++)
    {
      x[i] = g_rand_double_range (rng, 0.1, 1);
      xx += x[i] * x[i];
    }
  for (gsize i = 0; i < n; i++)
    for (gsize j = 0; j < n; j++)
      rank_one[i + j * n] = x[i] * x[j];
  assert_relative (lanczos_of (rank_one, n, 1e-12, &estimate), xx, 1e-13);
  g_assert_true (estimate.converged);
  g_assert_cmpuint (estimate.products, <=, 2);

  /* 1 x 1. */
  assert_relative (lanczos_of ((double[]) { 3 }, 1, 1e-12, &estimate), 3, 0);
}

/* The largest eigenvalue of (1/m) X~ D X~^T (n + 1 square) by Jacobi. */
static double
dense_sharpness (const double *X, gsize n, gsize m, const double *w, double b)
{
  gsize N = n + 1;
  g_autofree double *H = g_new0 (double, N * N);
  g_autofree double *values = g_new (double, N);
  g_autofree double *xt = g_new (double, N);

  for (gsize i = 0; i < m; i++)
    {
      double z = b, a, d;

      for (gsize f = 0; f < n; f++)
        {
          xt[f] = X[i * n + f];
          z += w != NULL ? w[f] * xt[f] : 0;
        }
      xt[n] = 1;
      a = ll_sigmoid (z);
      d = a * (1 - a) / (double) m;
      for (gsize r = 0; r < N; r++)
        for (gsize c = 0; c < N; c++)
          H[r + c * N] += d * xt[r] * xt[c];
    }
  ll_symmetric_eigen (H, N, values, NULL);
  return values[0];
}

static void
check_random_problem (GRand *rng, gsize n, gsize m, gboolean pixels)
{
  g_autofree guint8 *P = g_new (guint8, n * m);
  g_autofree double *X = g_new (double, n * m);
  g_autofree guint8 *y = g_new0 (guint8, m);
  g_autofree double *w = g_new (double, n);
  LlTrainData data = { .n_features = n, .y_train = y, .m_train = m };
  g_autoptr (GError) error = NULL;
  g_autoptr (LlSharpness) sharpness = NULL;
  double L;

  for (gsize k = 0; k < n * m; k++)
    {
      P[k] = (guint8) g_rand_int_range (rng, 0, 256);
      X[k] = pixels ? P[k] / 255.0 : g_rand_double_range (rng, -2, 2);
    }
  for (gsize f = 0; f < n; f++)
    w[f] = g_rand_double_range (rng, -1, 1);
  if (pixels)
    {
      data.pixels_train = P;
      data.pixel_scale = 1 / 255.0;
    }
  else
    data.X_train = X;

  L = ll_curvature_at_zero (&data, 1, &error);
  g_assert_no_error (error);
  assert_relative (L, dense_sharpness (X, n, m, NULL, 0), 1e-6);
  g_assert_cmpfloat (ll_critical_learning_rate (L), ==, 2 / L);

  /* The trainer gives the same bits, from its own Gram matrix in the dual
   * form (issue 25: the command line builds no second one). */
  for (LlTrainerForm form = LL_TRAINER_FORM_PRIMAL; form <= LL_TRAINER_FORM_DUAL; form++)
    {
      static const double rates[] = { 0.01 };
      double from_trainer = -1;
      const LlTrainParams params = {
        .learning_rates = rates, .n_rates = 1, .iterations = 1, .record_every = 1,
        .form = form, .n_threads = 1, .curvature_at_zero = &from_trainer,
      };
      g_autoptr (GPtrArray) models = ll_train (&data, &params, NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (models);
      g_assert_cmpfloat (from_trainer, ==, L);
    }

  /* Sharpness at a random point, then warm-started at a nearby one. */
  sharpness = ll_sharpness_new (&data, 1, &error);
  g_assert_no_error (error);
  assert_relative (ll_sharpness_at (sharpness, w, 0.3, 1e-8, 0, NULL),
                   dense_sharpness (X, n, m, w, 0.3), 1e-7);
  for (gsize f = 0; f < n; f++)
    w[f] *= 1.01;
  LlEigenEstimate estimate;
  assert_relative (ll_sharpness_at (sharpness, w, 0.3, 1e-3, 10, &estimate),
                   dense_sharpness (X, n, m, w, 0.3), 1e-3);
  g_assert_cmpuint (estimate.products, <=, 10);

  /* From the probabilities a record point holds: the same operator. */
  {
    g_autofree double *a = g_new (double, m);
    double from_w = ll_sharpness_at (sharpness, w, 0.3, 1e-9, 0, NULL);

    for (gsize i = 0; i < m; i++)
      {
        double z = 0.3;

        for (gsize f = 0; f < n; f++)
          z += w[f] * X[i * n + f];
        a[i] = ll_sigmoid (z);
      }
    assert_relative (ll_sharpness_at_probabilities (sharpness, a, 1e-9, 0, NULL), from_w, 1e-8);
  }
}

static void
test_hessian_random (void)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (20);

  for (guint round = 0; round < 3; round++)
    {
      check_random_problem (rng, 40, 12, FALSE);  /* m <= n: the Gram side */
      check_random_problem (rng, 40, 12, TRUE);
      check_random_problem (rng, 7, 50, FALSE);   /* m > n: matrix-free */
      check_random_problem (rng, 7, 50, TRUE);
    }
}

static void
test_cat_against_numpy (void)
{
  const char *dir = ll_test_catvnoncat_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;
  g_autoptr (GPtrArray) arrays = NULL;
  g_autofree double *X = NULL;
  g_autofree char *tmp = NULL, *path = NULL, *printed = NULL;
  LlTrainData data;
  gsize shape[2];
  double L;
  gint64 start;

  if (dir == NULL || !ll_test_numpy_available ())
    return;
  dataset = ll_dataset_load (dir, 0, 0, &error);
  g_assert_no_error (error);
  data = ll_train_data_from_pixels (dataset);
  start = g_get_monotonic_time ();
  L = ll_curvature_at_zero (&data, 0, &error);
  g_test_message ("L = %.17g in %.1f ms", L, (g_get_monotonic_time () - start) / 1e3);
  g_assert_no_error (error);
  {
    g_autoptr (LlSharpness) sharpness = ll_sharpness_new (&data, 0, &error);
    LlEigenEstimate estimate;

    g_assert_cmpfloat (ll_sharpness_at (sharpness, NULL, 0, 1e-7, 0, &estimate), ==, L);
    g_assert_true (estimate.converged);
    g_assert_cmpfloat (estimate.residual, <=, 1e-7 * L);
    g_test_message ("%u products, residual %.3g", estimate.products, estimate.residual);
  }

  /* numpy: eigvalsh of (1/4m) X~^T X~ (m x m, the same nonzero spectrum). */
  X = ll_split_features (&dataset->train, dataset->n_features);
  shape[0] = dataset->train.count;
  shape[1] = dataset->n_features;
  arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("X", X, 2, shape));
  tmp = ll_test_make_tmpdir ();
  path = g_build_filename (tmp, "cat.npz", NULL);
  g_assert_true (ll_npz_write (path, arrays, &error));
  printed = ll_test_run_numpy (
    "import sys, numpy as np\n"
    "X = np.load(sys.argv[1])['X']\n"
    "m = X.shape[0]\n"
    "Xt = np.hstack([X, np.ones((m, 1))])\n"
    "print(repr(float(np.linalg.eigvalsh(Xt @ Xt.T / (4 * m))[-1])))\n",
    (const char *[]) { path, NULL });
  assert_relative (L, g_ascii_strtod (printed, NULL), 1e-6);
  assert_relative (L, 553.6, 1e-3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/curvature/jacobi-known-spectra", test_jacobi_known_spectra);
  g_test_add_func ("/curvature/lanczos-known-spectra", test_lanczos_known_spectra);
  g_test_add_func ("/curvature/hessian-random", test_hessian_random);
  g_test_add_func ("/curvature/cat-against-numpy", test_cat_against_numpy);
  return g_test_run ();
}
