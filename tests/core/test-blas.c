/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-blas.c: OpenBLAS loaded on first use (src/core/blas.c). */
#include "config.h"

#include <string.h>

#include <gmodule.h>

#include "core/train/blas-private.h"
#include "core/train/trainer.h"

/* Whether a library whose file name holds NAME is mapped in this process. */
static gboolean
library_mapped (const char *name)
{
  g_autofree char *maps = NULL;
  g_autoptr (GError) error = NULL;

  g_file_get_contents ("/proc/self/maps", &maps, NULL, &error);
  g_assert_no_error (error);
  return strstr (maps, name) != NULL;
}

/* Nothing links OpenBLAS: pixels train without it, float64 loads it. */
static void
test_loaded_on_first_use (void)
{
  const double rate = 0.1;
  const LlTrainParams params = {
    .learning_rates = &rate, .n_rates = 1, .iterations = 3, .record_every = 1,
  };
  const guint8 pixels[] = { 0, 255, 255, 0, 128, 128 };
  const double X[] = { 0, 1, 1, 0, 0.5, 0.5 };
  const guint8 y[] = { 0, 1, 1 };
  LlTrainData data = {
    .n_features = 2, .y_train = y, .m_train = 3,
    .pixels_train = pixels, .pixel_scale = 1 / 255.0,
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) from_pixels = NULL;
  g_autoptr (GPtrArray) from_features = NULL;

  if (!g_file_test ("/proc/self/maps", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("no /proc/self/maps to look at");
      return;
    }
  g_assert_false (library_mapped ("libopenblas"));
  from_pixels = ll_train (&data, &params, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (library_mapped ("libopenblas"));

  data.pixels_train = NULL;
  data.X_train = X;
  from_features = ll_train (&data, &params, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (library_mapped ("libopenblas"));
  g_assert_true (ll_blas_load (NULL));
}

static void
test_calls (void)
{
  /* column-major 2 x 3 A; A^T A (3 x 3, upper), A x, y += 2 x */
  const double A[] = { 1, 2, 3, 4, 5, 6 };
  const double x[] = { 1, -1, 2 };
  const double gram[] = { 5, 11, 17, 11, 25, 39, 17, 39, 61 };
  double C[9] = { 0 };
  double Ax[2] = { 0 };
  double y[3] = { 1, 1, 1 };
  g_autoptr (GError) error = NULL;

  g_assert_true (ll_blas_load (&error));
  g_assert_no_error (error);
  ll_blas_dgemm (CblasColMajor, CblasTrans, CblasNoTrans, 3, 3, 2, 1.0, A, 2, A, 2, 0.0, C, 3);
  for (guint i = 0; i < 9; i++)
    g_assert_cmpfloat (C[i], ==, gram[i]);
  memset (C, 0, sizeof C);
  ll_blas_dsyrk (CblasColMajor, CblasUpper, CblasTrans, 3, 2, 1.0, A, 2, 0.0, C, 3);
  for (guint col = 0; col < 3; col++)
    for (guint row = 0; row <= col; row++)
      g_assert_cmpfloat (C[col * 3 + row], ==, gram[col * 3 + row]);
  ll_blas_dgemv (CblasColMajor, CblasNoTrans, 2, 3, 1.0, A, 2, x, 1, 0.0, Ax, 1);
  g_assert_cmpfloat (Ax[0], ==, 1 - 3 + 10);
  g_assert_cmpfloat (Ax[1], ==, 2 - 4 + 12);
  ll_blas_daxpy (3, 2.0, x, 1, y, 1);
  g_assert_cmpfloat (y[0], ==, 3);
  g_assert_cmpfloat (y[1], ==, -1);
  g_assert_cmpfloat (y[2], ==, 5);
}

/* The messages ll_train would pass on when OpenBLAS is missing or wrong. */
static void
test_load_failures (void)
{
  struct { const char *library; const char *reason; } cases[] = {
    { "libll-no-such-blas.so.0", "cannot load OpenBLAS (libll-no-such-blas.so.0): " },
    { "libm.so.6", "cblas_dgemm" },  /* loads, but is no CBLAS */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;

      g_assert_false (ll_blas_try_library (cases[i].library, &error));
      g_assert_error (error, G_MODULE_ERROR, G_MODULE_ERROR_FAILED);
      g_test_message ("%s: %s", cases[i].library, error->message);
      g_assert_true (g_str_has_prefix (error->message, "cannot load OpenBLAS ("));
      g_assert_nonnull (strstr (error->message, cases[i].reason));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/blas/loaded-on-first-use", test_loaded_on_first_use);
  g_test_add_func ("/blas/calls", test_calls);
  g_test_add_func ("/blas/load-failures", test_load_failures);
  return g_test_run ();
}
