/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-model-io.c: models to .npz and back, numpy's view of our files,
 * notebooks' files in ours, and files that must load nothing. */
#include "core/io/model-io.h"
#include "core/io/npz.h"
#include "fixtures.h"
#include "npz-builder.h"
#include "numpy-helper.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static LlModel *
make_model (gsize  n,
            double learning_rate,
            double seed)
{
  LlModel *model = ll_model_new (n);

  for (gsize i = 0; i < n; i++)
    model->w[i] = sin (seed * (double) (i + 1)) * 1e-3;
  model->b = -seed / 7.0;
  model->learning_rate = learning_rate;
  model->iterations = 2000;
  model->height = 4;
  model->width = 4;
  model->channels = n == 48 ? 3 : 1;
  ll_model_set_class_names (model, "T-shirt/top", "Ankle boot");
  for (guint it = 0; it <= 2000; it += 500)
    ll_model_append_cost (model, it, 0.6931471805599453 / (1.0 + it * seed));
  model->train_accuracy = 99.04306220095694;
  model->test_accuracy = 70.0;
  return model;
}

static void
assert_same_double (double a,
                    double b)
{
  g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
}

static void
assert_models_equal (const LlModel *a,
                     const LlModel *b)
{
  g_assert_cmpuint (a->n_features, ==, b->n_features);
  g_assert_cmpmem (a->w, a->n_features * sizeof (double), b->w, b->n_features * sizeof (double));
  assert_same_double (a->b, b->b);
  assert_same_double (a->learning_rate, b->learning_rate);
  g_assert_cmpuint (a->iterations, ==, b->iterations);
  g_assert_cmpuint (a->height, ==, b->height);
  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpuint (a->channels, ==, b->channels);
  g_assert_cmpstrv (a->class_names, b->class_names);
  g_assert_cmpuint (a->n_costs, ==, b->n_costs);
  for (gsize i = 0; i < a->n_costs; i++)
    {
      g_assert_cmpuint (a->costs[i].iteration, ==, b->costs[i].iteration);
      assert_same_double (a->costs[i].cost, b->costs[i].cost);
    }
  assert_same_double (a->train_accuracy, b->train_accuracy);
  assert_same_double (a->test_accuracy, b->test_accuracy);
}

static GPtrArray *
load_ok (const char *path,
         guint       width,
         guint       height)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *models = ll_models_load_npz (path, width, height, &error);

  g_assert_no_error (error);
  g_assert_nonnull (models);
  return models;
}

static void
assert_load_fails (const char *path,
                   guint       width,
                   guint       height,
                   LlNpzError  code,
                   const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) models = ll_models_load_npz (path, width, height, &error);
  g_autofree char *base = g_path_get_basename (path);

  g_assert_null (models);
  g_assert_error (error, LL_NPZ_ERROR, (gint) code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, base));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” lacks “%s”", error->message, needle);
}

static GPtrArray *
models_of (LlModel *first,
           ...)
{
  GPtrArray *models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);
  va_list args;

  va_start (args, first);
  for (LlModel *model = first; model != NULL; model = va_arg (args, LlModel *))
    g_ptr_array_add (models, model);
  va_end (args);
  return models;
}

/* ---------------------------------------------------------------------------
 * Round trips */

static void
test_round_trip_one (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "model.npz", NULL);
  g_autoptr(GPtrArray) models = models_of (make_model (48, 0.005, 0.3), NULL);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(GError) error = NULL;
  const LlNpyArray *w, *b;

  g_assert_true (ll_models_save_npz (path, models, &error));
  g_assert_no_error (error);

  /* The plain names and the course's shapes. */
  arrays = ll_npz_read (path, &error);
  g_assert_no_error (error);
  w = ll_npz_find (arrays, "w");
  b = ll_npz_find (arrays, "b");
  g_assert_nonnull (w);
  g_assert_nonnull (b);
  g_assert_cmpuint (w->ndim, ==, 2);
  g_assert_cmpuint (w->shape[0], ==, 48);
  g_assert_cmpuint (w->shape[1], ==, 1);
  g_assert_cmpuint (b->ndim, ==, 0);
  g_assert_null (ll_npz_find (arrays, "w_0"));
  g_assert_null (ll_npz_find (arrays, "learning_rates"));
  g_assert_cmpint (ll_npz_find (arrays, "iterations")->type, ==, LL_NPY_INT64);
  g_assert_cmpint (ll_npz_find (arrays, "image_shape")->type, ==, LL_NPY_INT64);
  g_assert_cmpuint (ll_npz_find (arrays, "costs")->shape[1], ==, 2);

  loaded = load_ok (path, 0, 0);
  g_assert_cmpuint (loaded->len, ==, 1);
  assert_models_equal (g_ptr_array_index (models, 0), g_ptr_array_index (loaded, 0));
}

static void
test_round_trip_several (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "runs.npz", NULL);
  g_autoptr(GPtrArray) models = models_of (make_model (16, 0.5, 0.1), make_model (16, 0.1, 0.2),
                                           make_model (16, 0.01, 0.3), NULL);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(GError) error = NULL;
  const LlNpyArray *rates;
  LlModel *unknown = g_ptr_array_index (models, 2);

  /* A model with no known image shape nor accuracies still round-trips:
   * the shape comes back inferred from n = 16 (4 x 4 grey). */
  unknown->height = unknown->width = unknown->channels = 0;
  unknown->test_accuracy = NAN;
  ll_model_set_class_names (unknown, "non-cat", "cat 🐈");

  g_assert_true (ll_models_save_npz (path, models, &error));
  arrays = ll_npz_read (path, &error);
  g_assert_no_error (error);
  rates = ll_npz_find (arrays, "learning_rates");
  g_assert_nonnull (rates);
  g_assert_cmpuint (rates->count, ==, 3);
  g_assert_cmpfloat (rates->values[1], ==, 0.1);
  g_assert_null (ll_npz_find (arrays, "w"));
  g_assert_nonnull (ll_npz_find (arrays, "w_2"));
  g_assert_null (ll_npz_find (arrays, "image_shape_2"));

  loaded = load_ok (path, 0, 0);
  g_assert_cmpuint (loaded->len, ==, 3);
  unknown->height = unknown->width = 4;
  unknown->channels = 1;
  for (guint i = 0; i < 3; i++)
    assert_models_equal (g_ptr_array_index (models, i), g_ptr_array_index (loaded, i));
}

/* Runs without their own learning_rate_<i> take it from learning_rates. */
static void
test_learning_rates_list (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "runs.npz", NULL);
  g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  double w[4] = { 1, 2, 3, 4 }, b = 0.5, rates[2] = { 0.5, 0.01 };

  for (guint run = 0; run < 2; run++)
    {
      g_autofree char *w_key = g_strdup_printf ("w_%u", run);
      g_autofree char *b_key = g_strdup_printf ("b_%u", run);

      g_ptr_array_add (arrays, ll_npy_array_new_doubles (w_key, w, 1, (gsize[]) { 4 }));
      g_ptr_array_add (arrays, ll_npy_array_new_doubles (b_key, &b, 0, NULL));
    }
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("learning_rates", rates, 1, (gsize[]) { 2 }));
  g_assert_true (ll_npz_write (path, arrays, &error));

  models = load_ok (path, 0, 0);
  g_assert_cmpuint (models->len, ==, 2);
  g_assert_cmpfloat (((LlModel *) g_ptr_array_index (models, 0))->learning_rate, ==, 0.5);
  g_assert_cmpfloat (((LlModel *) g_ptr_array_index (models, 1))->learning_rate, ==, 0.01);
  g_assert_cmpuint (((LlModel *) g_ptr_array_index (models, 1))->width, ==, 2);

  /* A list of the wrong length is an inconsistent file. */
  g_ptr_array_remove_index (arrays, 4);
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("learning_rates", rates, 1, (gsize[]) { 1 }));
  g_assert_true (ll_npz_write (path, arrays, &error));
  assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "learning_rates");
}

/* ---------------------------------------------------------------------------
 * numpy */

static void
test_numpy_reads_ours (void)
{
  static const char script[] =
    "import sys, numpy as np\n"
    "d = np.load(sys.argv[1], allow_pickle=False)\n"
    "w, b = d['w'], d['b']\n"
    "print(w.dtype.str, w.shape, b.dtype.str, b.shape, float(b).hex())\n"
    "print(d['iterations'].dtype.str, int(d['iterations']), [int(x) for x in d['image_shape']])\n"
    "print(w.reshape(*d['image_shape'])[3, 2, 1].hex(), float(w[3 * 12 + 2 * 3 + 1, 0]).hex())\n"
    "print(d['costs'].shape, d['costs'][1, 0], float(d['learning_rate']))\n"
    "sys.stdout.buffer.write(('|'.join(d['classes']) + '\\n').encode('utf-8'))\n"
    "print(d['train_accuracy'].shape, float(d['test_accuracy']))\n";
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) models = models_of (make_model (48, 0.005, 0.3), NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  const LlModel *model = g_ptr_array_index (models, 0);
  char expect[256], b_hex[64], w_hex[64];

  if (!ll_test_numpy_available ())
    return;
  dir = ll_test_make_tmpdir ();
  path = g_build_filename (dir, "ours.npz", NULL);
  g_assert_true (ll_models_save_npz (path, models, &error));
  g_assert_no_error (error);

  out = ll_test_run_numpy (script, (const char *const[]) { path, NULL });
  g_test_message ("numpy says:\n%s", out);
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 7);

  /* Python's float.hex and C's %a differ in spelling: compare parsed bits. */
  g_assert_true (sscanf (lines[0], "<f8 (48, 1) <f8 () %63s", b_hex) == 1);
  assert_same_double (g_ascii_strtod (b_hex, NULL), model->b);
  g_assert_cmpstr (lines[1], ==, "<i8 2000 [4, 4, 3]");
  g_assert_true (sscanf (lines[2], "%63s", w_hex) == 1);
  assert_same_double (g_ascii_strtod (w_hex, NULL), model->w[3 * 12 + 2 * 3 + 1]);
  g_snprintf (expect, sizeof expect, "%s %s", w_hex, w_hex);
  g_assert_cmpstr (lines[2], ==, expect);
  g_assert_cmpstr (lines[3], ==, "(5, 2) 500.0 0.005");
  g_assert_cmpstr (lines[4], ==, "T-shirt/top|Ankle boot");
  g_assert_cmpstr (lines[5], ==, "() 70.0");
}

/* A student's notebook: savez and savez_compressed, float32 and float64,
 * w (n, 1) or (n,), b () or (1,) or (1, 1), and np.savez(**d) of model(). */
static void
test_numpy_notebook_files (void)
{
  static const char script[] =
    "import sys, numpy as np\n"
    "d = sys.argv[1]\n"
    "w = np.sin(0.3 * np.arange(1, 12289)) * 1e-3\n"
    "np.savez(d + '/plain64.npz', w=w.reshape(-1, 1), b=-0.25)\n"
    "np.savez_compressed(d + '/compressed32.npz', w=w.astype(np.float32), b=np.float32([-0.25]))\n"
    "np.savez(d + '/flat32.npz', w=w.astype(np.float32), b=np.float32([[-0.25]]))\n"
    "grey = w[:784]\n"
    "np.savez_compressed(d + '/grey.npz', w=grey.reshape(-1, 1), b=np.float64(-0.25))\n"
    "odd = w[:600]\n"
    "np.savez(d + '/odd.npz', w=odd.reshape(-1, 1), b=-0.25)\n"
    "course = {'costs': [np.float64(0.693), np.float64(0.58)], 'Y_prediction_test': np.zeros((1, 50)),\n"
    "          'Y_prediction_train': np.zeros((1, 209)), 'w': w.reshape(-1, 1), 'b': -0.25,\n"
    "          'learning_rate': 0.005, 'num_iterations': 2000}\n"
    "np.savez(d + '/course.npz', **course)\n";
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree double *w = g_new (double, 12288);
  static const struct {
    const char *file;
    gboolean is_float32;
  } cases[] = {
    { "plain64.npz", FALSE },
    { "compressed32.npz", TRUE },
    { "flat32.npz", TRUE },
    { "course.npz", FALSE },
  };

  if (!ll_test_numpy_available ())
    return;
  dir = ll_test_make_tmpdir ();
  out = ll_test_run_numpy (script, (const char *const[]) { dir, NULL });
  for (gsize i = 0; i < 12288; i++)
    w[i] = sin (0.3 * (double) (i + 1)) * 1e-3;

  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autofree char *path = g_build_filename (dir, cases[c].file, NULL);
      g_autoptr(GPtrArray) models = load_ok (path, 0, 0);
      const LlModel *model = g_ptr_array_index (models, 0);
      const char *const default_names[] = { "0", "1", NULL };

      g_test_message ("%s", cases[c].file);
      g_assert_cmpuint (models->len, ==, 1);
      g_assert_cmpuint (model->n_features, ==, 12288);
      /* 12288 = 3 x 64 x 64: the course's cats. */
      g_assert_cmpuint (model->height, ==, 64);
      g_assert_cmpuint (model->width, ==, 64);
      g_assert_cmpuint (model->channels, ==, 3);
      g_assert_cmpstrv (model->class_names, default_names);
      g_assert_cmpfloat (model->b, ==, -0.25);
      g_assert_true (isnan (model->test_accuracy));
      /* numpy's sin and libm's may differ in the last bit: 1e-15 relative. */
      for (gsize i = 0; i < 12288; i++)
        {
          double expect = cases[c].is_float32 ? (double) (float) w[i] : w[i];

          if (fabs (model->w[i] - expect) > 1e-15 * 1e-3 + (cases[c].is_float32 ? 2.5e-10 : 0))
            g_error ("%s: w[%" G_GSIZE_FORMAT "] = %.17g, expected %.17g",
                     cases[c].file, i, model->w[i], expect);
        }
    }

  {
    g_autofree char *path = g_build_filename (dir, "course.npz", NULL);
    g_autoptr(GPtrArray) models = load_ok (path, 0, 0);
    const LlModel *model = g_ptr_array_index (models, 0);

    g_assert_cmpuint (model->iterations, ==, 2000);
    g_assert_cmpfloat (model->learning_rate, ==, 0.005);
    g_assert_cmpuint (model->n_costs, ==, 2);
    g_assert_cmpuint (model->costs[1].iteration, ==, 100);
    g_assert_cmpfloat (model->costs[1].cost, ==, 0.58);
  }
  {
    g_autofree char *path = g_build_filename (dir, "grey.npz", NULL);
    g_autoptr(GPtrArray) models = load_ok (path, 0, 0);
    const LlModel *model = g_ptr_array_index (models, 0);

    g_assert_cmpuint (model->height, ==, 28);
    g_assert_cmpuint (model->width, ==, 28);
    g_assert_cmpuint (model->channels, ==, 1);
  }
  {
    /* n = 600 is no square image: the size must be given, and fit. */
    g_autofree char *path = g_build_filename (dir, "odd.npz", NULL);
    g_autoptr(GPtrArray) rgb = NULL;
    g_autoptr(GPtrArray) grey = NULL;
    const LlModel *model;

    /* Without a size the shape stays unknown (a table's weights). */
    g_autoptr(GPtrArray) unknown = load_ok (path, 0, 0);

    model = g_ptr_array_index (unknown, 0);
    g_assert_cmpuint (model->height, ==, 0);
    g_assert_cmpuint (model->channels, ==, 0);
    assert_load_fails (path, 10, 10, LL_NPZ_ERROR_FORMAT, "10x10");
    assert_load_fails (path, 10, 0, LL_NPZ_ERROR_FORMAT, "width and a height");
    rgb = load_ok (path, 20, 10);
    model = g_ptr_array_index (rgb, 0);
    g_assert_cmpuint (model->channels, ==, 3);
    g_assert_cmpuint (model->width, ==, 20);
    g_assert_cmpuint (model->height, ==, 10);
    grey = load_ok (path, 30, 20);
    model = g_ptr_array_index (grey, 0);
    g_assert_cmpuint (model->channels, ==, 1);
    g_assert_cmpuint (model->width, ==, 30);
    g_assert_cmpuint (model->height, ==, 20);
  }
}

/* ---------------------------------------------------------------------------
 * Files that load nothing */

static char *
write_arrays (const char *dir,
              const char *name,
              GPtrArray  *arrays)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (ll_npz_write (path, arrays, &error));
  g_assert_no_error (error);
  return path;
}

static char *
write_bytes (const char *dir,
             const char *name,
             GBytes     *bytes)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      (gssize) g_bytes_get_size (bytes), NULL));
  return path;
}

/* w (N values, shape (N, 1)) with W_BAD at index 3 if finite is FALSE, and b. */
static GPtrArray *
weights_arrays (gsize  n,
                double bad_w,
                double b)
{
  GPtrArray *arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  g_autofree double *w = g_new0 (double, MAX (n, 1));

  if (n > 3)
    w[3] = bad_w;
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("w", w, 2, (gsize[]) { n, 1 }));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("b", &b, 0, NULL));
  return arrays;
}

static void
test_hostile_values (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();

  {
    g_autoptr(GPtrArray) arrays = weights_arrays (12, NAN, 0);
    g_autofree char *path = write_arrays (dir, "nan.npz", arrays);

    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "NaN");
  }
  {
    g_autoptr(GPtrArray) arrays = weights_arrays (12, -INFINITY, 0);
    g_autofree char *path = write_arrays (dir, "inf.npz", arrays);

    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "infinity");
  }
  {
    g_autoptr(GPtrArray) arrays = weights_arrays (12, 0, NAN);
    g_autofree char *path = write_arrays (dir, "nan-b.npz", arrays);

    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "b holds NaN");
  }
  {
    g_autoptr(GPtrArray) arrays = weights_arrays (12, 0, 0);
    g_autofree char *path = NULL;

    g_ptr_array_remove_index (arrays, 1);
    path = write_arrays (dir, "no-b.npz", arrays);
    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_MISSING, "“b”");
  }
  {
    g_autoptr(GPtrArray) arrays = weights_arrays (12, 0, 0);
    g_autofree char *path = NULL;

    g_ptr_array_remove_index (arrays, 0);
    path = write_arrays (dir, "no-w.npz", arrays);
    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_MISSING, "“w”");
  }
  {
    g_autoptr(GPtrArray) arrays = weights_arrays (0, 0, 0);
    g_autofree char *path = write_arrays (dir, "empty.npz", arrays);

    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "empty");
  }
  {
    /* w as a (3, 4) matrix, and b as a vector. */
    g_autoptr(GPtrArray) arrays = weights_arrays (12, 0, 0);
    g_autofree char *path = NULL;
    LlNpyArray *w = g_ptr_array_index (arrays, 0);
    double two[2] = { 1, 2 };

    w->shape[0] = 3;
    w->shape[1] = 4;
    path = write_arrays (dir, "matrix.npz", arrays);
    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "(3, 4)");
    w->shape[0] = 12;
    w->shape[1] = 1;
    g_ptr_array_add (arrays, ll_npy_array_new_doubles ("b", two, 1, (gsize[]) { 2 }));
    g_ptr_array_remove_index (arrays, 1);
    g_clear_pointer (&path, g_free);
    path = write_arrays (dir, "b-vector.npz", arrays);
    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "b should be one number");
  }
  {
    /* image_shape that disagrees with n, or with the size given. */
    g_autoptr(GPtrArray) arrays = weights_arrays (12, 0, 0);
    g_autofree char *path = NULL;
    g_autofree char *path2 = NULL;
    g_autoptr(GPtrArray) models = NULL;

    g_ptr_array_add (arrays, ll_npy_array_new_int64 ("image_shape", (gint64[]) { 3, 3, 3 }, 1,
                                                     (gsize[]) { 3 }));
    path = write_arrays (dir, "bad-shape.npz", arrays);
    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "image_shape");
    g_ptr_array_remove_index (arrays, 2);
    g_ptr_array_add (arrays, ll_npy_array_new_int64 ("image_shape", (gint64[]) { 2, 2, 3 }, 1,
                                                     (gsize[]) { 3 }));
    path2 = write_arrays (dir, "good-shape.npz", arrays);
    models = load_ok (path2, 2, 2);
    assert_load_fails (path2, 4, 3, LL_NPZ_ERROR_FORMAT, "not the 4x3 given");
  }
  {
    /* classes that are not two names. */
    g_autoptr(GPtrArray) arrays = weights_arrays (12, 0, 0);
    g_autofree char *path = NULL;

    g_ptr_array_add (arrays, ll_npy_array_new_strings ("classes", (const char *[]) { "a", "b", "c" }, 3));
    path = write_arrays (dir, "three-classes.npz", arrays);
    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "classes");
  }
}

static void
test_hostile_files (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  double b = 0.5;
  double w[4] = { 1, 2, 3, 4 };
  g_autoptr(GBytes) good_b = ll_test_make_npy ("{'descr': '<f8', 'fortran_order': False, 'shape': (), }",
                                               &b, sizeof b);

  {
    /* A pickled object array as w. */
    static const char pickle[] = "\x80\x04\x95\x0b\x00\x00\x00\x00\x00\x00\x00\x8c\x02os\x94.";
    g_autoptr(GBytes) object = ll_test_make_npy ("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }",
                                                 pickle, sizeof pickle);
    GBytes *contents[] = { object, good_b };
    g_autoptr(GBytes) zip = ll_test_make_zip ((const char *[]) { "w.npy", "b.npy" }, contents, 2, NULL);
    g_autofree char *path = write_bytes (dir, "pickle.npz", zip);

    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_UNSUPPORTED, "pickle");
  }
  {
    /* A header declaring 10^12 weights. */
    g_autoptr(GBytes) absurd = ll_test_make_npy ("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000, 1), }",
                                                 w, sizeof w);
    GBytes *contents[] = { absurd, good_b };
    g_autoptr(GBytes) zip = ll_test_make_zip ((const char *[]) { "w.npy", "b.npy" }, contents, 2, NULL);
    g_autofree char *path = write_bytes (dir, "absurd.npz", zip);

    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_TOO_LARGE, "“w”");
  }
  {
    /* More weights than the cap, as bytes to keep the file small. */
    gsize n = LL_MODEL_IO_MAX_FEATURES + 1;
    g_autofree guint8 *zeros = g_malloc0 (n);
    g_autofree char *header = g_strdup_printf ("{'descr': '|u1', 'fortran_order': False, "
                                               "'shape': (%" G_GSIZE_FORMAT ", 1), }", n);
    g_autoptr(GBytes) huge = ll_test_make_npy (header, zeros, n);
    GBytes *contents[] = { huge, good_b };
    g_autoptr(GBytes) zip = ll_test_make_zip ((const char *[]) { "w.npy", "b.npy" }, contents, 2, NULL);
    g_autofree char *path = write_bytes (dir, "huge.npz", zip);

    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_TOO_LARGE, "limit");
  }
  {
    /* Not a zip, and a good file cut short. */
    g_autoptr(GBytes) text = g_bytes_new_static ("w = [0.1, 0.2]\nb = 0\n", 21);
    g_autofree char *not_zip = write_bytes (dir, "weights.npz", text);
    g_autoptr(GPtrArray) arrays = weights_arrays (12, 0, 0);
    g_autofree char *good = write_arrays (dir, "good.npz", arrays);
    g_autofree char *contents = NULL;
    gsize len = 0;
    g_autoptr(GBytes) cut = NULL;
    g_autofree char *truncated = NULL;

    assert_load_fails (not_zip, 0, 0, LL_NPZ_ERROR_FORMAT, "not a zip");
    g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
    cut = g_bytes_new_static (contents, len - 30);
    truncated = write_bytes (dir, "truncated.npz", cut);
    assert_load_fails (truncated, 0, 0, LL_NPZ_ERROR_FORMAT, NULL);
  }
  {
    /* A damaged entry (CRC mismatch). */
    g_autoptr(GBytes) good_w = ll_test_make_npy ("{'descr': '<f8', 'fortran_order': False, 'shape': (4, 1), }",
                                                 w, sizeof w);
    GBytes *contents[] = { good_w, good_b };
    LlTestZipOptions options = { .crc_xor = 0x10 };
    g_autoptr(GBytes) zip = ll_test_make_zip ((const char *[]) { "w.npy", "b.npy" }, contents, 2, &options);
    g_autofree char *path = write_bytes (dir, "crc.npz", zip);

    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "CRC");
  }
  {
    /* A missing file. */
    g_autofree char *path = g_build_filename (dir, "absent.npz", NULL);

    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_IO, NULL);
  }
}

/* An export that fails leaves the earlier file whole. */
static void
test_failed_save_keeps_old_file (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "model.npz", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "gone", "model.npz", NULL);
  g_autoptr(GPtrArray) first = models_of (make_model (48, 0.005, 0.3), NULL);
  g_autoptr(GPtrArray) second = models_of (make_model (48, 0.01, 0.7), NULL);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GError) error = NULL;
  LlModel *bad = g_ptr_array_index (second, 0);
  char *saved_name;

  g_assert_true (ll_models_save_npz (path, first, &error));
  /* A class name that is not UTF-8 makes the write fail midway. */
  saved_name = bad->class_names[1];
  bad->class_names[1] = g_strdup ("\xc3\x28");
  g_assert_false (ll_models_save_npz (path, second, &error));
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT);
  g_clear_error (&error);
  g_free (bad->class_names[1]);
  bad->class_names[1] = saved_name;

  g_assert_false (ll_models_save_npz (nowhere, second, &error));
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO);

  loaded = load_ok (path, 0, 0);
  assert_models_equal (g_ptr_array_index (first, 0), g_ptr_array_index (loaded, 0));
}

/* ---------------------------------------------------------------------------
 * The scaling the weights expect (issue 19) */

static void
test_scaling_round_trip (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "table.npz", NULL);
  g_autofree char *old_path = g_build_filename (dir, "old.npz", NULL);
  LlModel *table = ll_model_new (3);
  g_autoptr(GPtrArray) models = models_of (table, NULL);
  g_autoptr(GPtrArray) loaded = NULL;
  g_autoptr(GPtrArray) old = NULL;
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(GError) error = NULL;
  const double offset[3] = { 1, -2, 0.5 }, scale[3] = { 2, 4, 0.25 };
  const double raw[3] = { 3, 2, 1 };
  double scaled[3];
  const LlModel *model;
  const LlNpyArray *name;

  ll_model_set_scaling (table, "standardize", offset, scale);
  g_assert_true (ll_models_save_npz (path, models, &error));
  g_assert_no_error (error);

  /* scaling is one string of shape (), numpy's str(d["scaling"]). */
  arrays = ll_npz_read (path, &error);
  g_assert_no_error (error);
  name = ll_npz_find (arrays, "scaling");
  g_assert_nonnull (name);
  g_assert_cmpuint (name->type, ==, LL_NPY_UNICODE);
  g_assert_cmpuint (name->ndim, ==, 0);
  g_assert_cmpstr (name->strings[0], ==, "standardize");
  g_assert_cmpuint (ll_npz_find (arrays, "feature_scale")->count, ==, 3);
  g_assert_null (ll_npz_find (arrays, "image_shape"));

  loaded = load_ok (path, 0, 0);
  model = g_ptr_array_index (loaded, 0);
  g_assert_cmpstr (model->scaling, ==, "standardize");
  /* A table's weights: no shape guessed, even though 3 = 3 x 1^2. */
  g_assert_cmpuint (model->height, ==, 0);
  ll_model_scale_features (model, raw, scaled);
  g_assert_cmpfloat (scaled[0], ==, 1);
  g_assert_cmpfloat (scaled[1], ==, 1);
  g_assert_cmpfloat (scaled[2], ==, 2);

  /* An older file names no scaling: pixels are divided by 255. */
  g_clear_pointer (&arrays, g_ptr_array_unref);
  arrays = weights_arrays (12, 0, 0);
  g_assert_true (ll_npz_write (old_path, arrays, NULL));
  old = load_ok (old_path, 0, 0);
  model = g_ptr_array_index (old, 0);
  g_assert_null (model->scaling);
  g_assert_null (model->feature_scale);
  g_assert_cmpuint (model->channels, ==, 3);
  {
    const double pixels[12] = { 255, 0, 51 };
    double out[12];

    ll_model_scale_features (model, pixels, out);
    g_assert_cmpfloat (out[0], ==, 1);
    g_assert_cmpfloat (out[2], ==, 0.2);
  }
}

/* Hostile scaling arrays: each refused naming the file and the array. */
static void
test_hostile_scaling (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  const double ones[12] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  double bad[12] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
  const struct {
    const char *file;
    const char *scaling;     /* NULL: left out */
    const char *offset_name; /* NULL: left out */
    gsize offset_count;
    double bad_scale;        /* at index 5 of feature_scale; 1 = fine */
    LlNpzError code;
    const char *needle;
  } cases[] = {
    { "only-name.npz", "standardize", NULL, 0, 1, LL_NPZ_ERROR_MISSING, "come together" },
    { "short-offset.npz", "standardize", "feature_offset", 11, 1, LL_NPZ_ERROR_FORMAT, "feature_offset has shape (11,)" },
    { "zero-scale.npz", "max:255", "feature_offset", 12, 0, LL_NPZ_ERROR_FORMAT, "feature_scale at index 5" },
    { "negative-scale.npz", "max:255", "feature_offset", 12, -3, LL_NPZ_ERROR_FORMAT, "positive" },
    { "nan-scale.npz", "none", "feature_offset", 12, NAN, LL_NPZ_ERROR_FORMAT, "feature_scale" },
    { "empty-name.npz", "", "feature_offset", 12, 1, LL_NPZ_ERROR_FORMAT, "name of a scaling" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) arrays = weights_arrays (12, 0, 0);
      g_autofree char *path = NULL;

      memcpy (bad, ones, sizeof bad);
      bad[5] = cases[i].bad_scale;
      if (cases[i].scaling != NULL)
        {
          LlNpyArray *name = ll_npy_array_new_strings ("scaling", (const char *[]) { cases[i].scaling }, 1);

          name->ndim = 0;
          g_ptr_array_add (arrays, name);
        }
      if (cases[i].offset_name != NULL)
        {
          g_ptr_array_add (arrays, ll_npy_array_new_doubles (cases[i].offset_name, ones, 1,
                                                             (gsize[]) { cases[i].offset_count }));
          g_ptr_array_add (arrays, ll_npy_array_new_doubles ("feature_scale", bad, 1, (gsize[]) { 12 }));
        }
      path = write_arrays (dir, cases[i].file, arrays);
      assert_load_fails (path, 0, 0, cases[i].code, cases[i].needle);
    }
  {
    /* A scaling given as numbers is no name. */
    g_autoptr(GPtrArray) arrays = weights_arrays (12, 0, 0);
    g_autofree char *path = NULL;

    g_ptr_array_add (arrays, ll_npy_array_new_doubles ("scaling", ones, 0, NULL));
    g_ptr_array_add (arrays, ll_npy_array_new_doubles ("feature_offset", ones, 1, (gsize[]) { 12 }));
    g_ptr_array_add (arrays, ll_npy_array_new_doubles ("feature_scale", ones, 1, (gsize[]) { 12 }));
    path = write_arrays (dir, "numeric-name.npz", arrays);
    assert_load_fails (path, 0, 0, LL_NPZ_ERROR_FORMAT, "scaling");
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model-io/round-trip/one", test_round_trip_one);
  g_test_add_func ("/model-io/round-trip/several", test_round_trip_several);
  g_test_add_func ("/model-io/round-trip/learning-rates-list", test_learning_rates_list);
  g_test_add_func ("/model-io/numpy/reads-ours", test_numpy_reads_ours);
  g_test_add_func ("/model-io/numpy/notebook-files", test_numpy_notebook_files);
  g_test_add_func ("/model-io/hostile/values", test_hostile_values);
  g_test_add_func ("/model-io/hostile/files", test_hostile_files);
  g_test_add_func ("/model-io/scaling/round-trip", test_scaling_round_trip);
  g_test_add_func ("/model-io/hostile/scaling", test_hostile_scaling);
  g_test_add_func ("/model-io/save/failure-keeps-old-file", test_failed_save_keeps_old_file);

  return g_test_run ();
}
