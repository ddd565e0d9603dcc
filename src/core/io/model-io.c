/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model-io.c: trained weights to and from .npz files.
 *
 * What we write, for one run (k == 1):
 *   w               float64 (n, 1)   the course's d["w"]
 *   b               float64 ()       the course's d["b"]
 *   learning_rate   float64 ()
 *   iterations      int64 ()
 *   costs           float64 (m, 2)   rows of [iteration, cost]
 *   image_shape     int64 (3,)       [height, width, channels], channels 1 for
 *                                    grey; absent when the shape is unknown
 *   classes         <U (2,)          [negative (label 0), positive (label 1)]
 *   train_accuracy  float64 ()       percent, NaN when unknown
 *   test_accuracy   float64 ()
 *   scaling         <U ()            the scaling the weights expect on raw
 *                                    features ("max:255", "standardize", "none")
 *   feature_offset  float64 (n,)     x' = (x - feature_offset) / feature_scale
 *   feature_scale   float64 (n,)     (the three absent when unknown; a reader
 *                                    then divides pixels by 255)
 * For k > 1 runs, every name above gets the suffix "_0", "_1", ... and
 * learning_rates float64 (k,) tells the runs apart.
 *
 * What we read: that, or any numpy.savez / savez_compressed with at least w
 * and b, including np.savez(f, **d) of the course's model() dictionary
 * (costs as a flat list recorded every 100 iterations, num_iterations). */
#include "config.h"

#include "text-escape.h"
#include "model-io.h"
#include "npz-private.h"  /* ll_npy_shape_to_string */

#include <math.h>
#include <inttypes.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define COURSE_RECORD_EVERY 100

static void
add_array (GPtrArray  *arrays,
           LlNpyArray *array)
{
  g_ptr_array_add (arrays, array);
}

static void
add_scalar (GPtrArray  *arrays,
            const char *name,
            const char *suffix,
            double      value)
{
  g_autofree char *key = g_strconcat (name, suffix, NULL);

  add_array (arrays, ll_npy_array_new_doubles (key, &value, 0, NULL));
}

static void
add_model_arrays (GPtrArray     *arrays,
                  const LlModel *model,
                  const char    *suffix)
{
  g_autofree char *w_key = g_strconcat ("w", suffix, NULL);
  g_autofree char *iterations_key = g_strconcat ("iterations", suffix, NULL);
  g_autofree char *costs_key = g_strconcat ("costs", suffix, NULL);
  g_autofree char *classes_key = g_strconcat ("classes", suffix, NULL);
  g_autofree double *costs = g_new (double, MAX (model->n_costs, 1) * 2);
  gint64 iterations = model->iterations;
  const char *classes[2] = { "0", "1" };

  add_array (arrays, ll_npy_array_new_doubles (w_key, model->w, 2,
                                               (gsize[]) { model->n_features, 1 }));
  add_scalar (arrays, "b", suffix, model->b);
  add_scalar (arrays, "learning_rate", suffix, model->learning_rate);
  add_array (arrays, ll_npy_array_new_int64 (iterations_key, &iterations, 0, NULL));

  for (gsize i = 0; i < model->n_costs; i++)
    {
      costs[2 * i] = model->costs[i].iteration;
      costs[2 * i + 1] = model->costs[i].cost;
    }
  add_array (arrays, ll_npy_array_new_doubles (costs_key, costs, 2,
                                               (gsize[]) { model->n_costs, 2 }));

  if (model->height > 0 && model->width > 0 && model->channels > 0)
    {
      g_autofree char *shape_key = g_strconcat ("image_shape", suffix, NULL);
      gint64 shape[3] = { model->height, model->width, model->channels };

      add_array (arrays, ll_npy_array_new_int64 (shape_key, shape, 1, (gsize[]) { 3 }));
    }

  if (model->class_names != NULL && model->class_names[0] != NULL && model->class_names[1] != NULL)
    {
      classes[0] = model->class_names[0];
      classes[1] = model->class_names[1];
    }
  add_array (arrays, ll_npy_array_new_strings (classes_key, classes, 2));
  add_scalar (arrays, "train_accuracy", suffix, model->train_accuracy);
  add_scalar (arrays, "test_accuracy", suffix, model->test_accuracy);

  if (model->scaling != NULL && model->feature_offset != NULL && model->feature_scale != NULL)
    {
      g_autofree char *scaling_key = g_strconcat ("scaling", suffix, NULL);
      g_autofree char *offset_key = g_strconcat ("feature_offset", suffix, NULL);
      g_autofree char *scale_key = g_strconcat ("feature_scale", suffix, NULL);
      LlNpyArray *scaling = ll_npy_array_new_strings (scaling_key, (const char *[]) { model->scaling }, 1);

      /* One string, shape (): str(d["scaling"]) in numpy. */
      scaling->ndim = 0;
      add_array (arrays, scaling);
      add_array (arrays, ll_npy_array_new_doubles (offset_key, model->feature_offset, 1,
                                                   (gsize[]) { model->n_features }));
      add_array (arrays, ll_npy_array_new_doubles (scale_key, model->feature_scale, 1,
                                                   (gsize[]) { model->n_features }));
    }
}

gboolean
ll_models_save_npz (const char *path,
                    GPtrArray  *models,
                    GError    **error)
{
  g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (models != NULL && models->len >= 1, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (models->len == 1)
    add_model_arrays (arrays, g_ptr_array_index (models, 0), "");
  else
    {
      g_autofree double *rates = g_new (double, models->len);

      for (guint i = 0; i < models->len; i++)
        {
          const LlModel *model = g_ptr_array_index (models, i);
          g_autofree char *suffix = g_strdup_printf ("_%u", i);

          rates[i] = model->learning_rate;
          add_model_arrays (arrays, model, suffix);
        }
      add_array (arrays, ll_npy_array_new_doubles ("learning_rates", rates, 1,
                                                   (gsize[]) { models->len }));
    }
  return ll_npz_write (path, arrays, error);
}

/* ---------------------------------------------------------------------------
 * Reading */

typedef struct {
  GPtrArray *arrays;
  const char *file;      /* display name for messages */
  const char *suffix;    /* "" or "_<run>" */
  guint run;
  guint image_width;     /* what the caller was told, 0 when not */
  guint image_height;
} Reader;

static gboolean G_GNUC_PRINTF (3, 4)
fail (GError    **error,
      LlNpzError  code,
      const char *format,
      ...)
{
  va_list args;

  if (error == NULL)
    return FALSE;
  g_return_val_if_fail (*error == NULL, FALSE);
  va_start (args, format);
  *error = g_error_new_valist (LL_NPZ_ERROR, code, format, args);
  va_end (args);
  return FALSE;
}

static const LlNpyArray *
find (const Reader *reader,
      const char   *name)
{
  g_autofree char *key = g_strconcat (name, reader->suffix, NULL);

  return ll_npz_find (reader->arrays, key);
}

/* A numeric array with exactly one element: shape (), (1,) or (1, 1). */
static gboolean
read_scalar (const Reader     *reader,
             const LlNpyArray *array,
             double           *value,
             GError          **error)
{
  if (array->type == LL_NPY_UNICODE || array->count != 1 || array->ndim > 2)
    {
      g_autofree char *shape = ll_npy_shape_to_string (array);

      return fail (error, LL_NPZ_ERROR_FORMAT,
                   _("%s: %s should be one number, but has shape %s%s"), reader->file,
                   array->name, shape, array->type == LL_NPY_UNICODE ? _(" and holds text") : "");
    }
  *value = array->values[0];
  return TRUE;
}

static gboolean
read_optional_scalar (const Reader *reader,
                      const char   *name,
                      double       *value,
                      GError      **error)
{
  const LlNpyArray *array = find (reader, name);

  return array == NULL || read_scalar (reader, array, value, error);
}

static gboolean
check_finite (const Reader     *reader,
              const LlNpyArray *array,
              GError          **error)
{
  for (gsize i = 0; i < array->count; i++)
    if (!isfinite (array->values[i]))
      return fail (error, LL_NPZ_ERROR_FORMAT, _("%s: %s holds %s at index %zu; the weights must be finite numbers"), reader->file, array->name,
                   isnan (array->values[i]) ? "NaN" : _("infinity"), i);
  return TRUE;
}

static LlModel *
read_weights (const Reader *reader,
              GError      **error)
{
  const LlNpyArray *w = find (reader, "w");
  const LlNpyArray *b = find (reader, "b");
  g_autoptr(LlModel) model = NULL;
  double bias = 0;

  if (w == NULL || b == NULL)
    {
      fail (error, LL_NPZ_ERROR_MISSING, _("%s: no array named “%s%s”; a weights file holds w and b"),
            reader->file, w == NULL ? "w" : "b", reader->suffix);
      return NULL;
    }
  if (w->type == LL_NPY_UNICODE
      || !(w->ndim == 1 || (w->ndim == 2 && w->shape[1] == 1)))
    {
      g_autofree char *shape = ll_npy_shape_to_string (w);

      fail (error, LL_NPZ_ERROR_FORMAT, _("%s: %s has shape %s%s; expected numbers of shape (n, 1) or (n,)"),
            reader->file, w->name, shape, w->type == LL_NPY_UNICODE ? _(" and holds text") : "");
      return NULL;
    }
  if (w->count == 0)
    {
      fail (error, LL_NPZ_ERROR_FORMAT, _("%s: %s is empty"), reader->file, w->name);
      return NULL;
    }
  if (w->count > LL_MODEL_IO_MAX_FEATURES)
    {
      fail (error, LL_NPZ_ERROR_TOO_LARGE, _("%s: %s has %zu weights, over the limit of %u"),
            reader->file, w->name, w->count, (guint) LL_MODEL_IO_MAX_FEATURES);
      return NULL;
    }
  if (!check_finite (reader, w, error) || !read_scalar (reader, b, &bias, error)
      || !check_finite (reader, b, error))
    return NULL;

  model = ll_model_new (w->count);
  memcpy (model->w, w->values, w->count * sizeof (double));
  model->b = bias;
  return g_steal_pointer (&model);
}

static gboolean
set_shape (LlModel *model,
           guint    height,
           guint    width,
           guint    channels)
{
  model->height = height;
  model->width = width;
  model->channels = channels;
  return TRUE;
}

/* The image shape: from image_shape when the file has it, else from the
 * size the caller gave, else guessed from n for square images. */
static gboolean
read_image_shape (const Reader *reader,
                  LlModel      *model,
                  GError      **error)
{
  const LlNpyArray *shape = find (reader, "image_shape");
  gsize n = model->n_features;
  guint given_w = reader->image_width, given_h = reader->image_height;

  if (shape != NULL)
    {
      double h, w, c = 1;

      if (shape->type == LL_NPY_UNICODE || shape->ndim != 1 || (shape->count != 2 && shape->count != 3))
        return fail (error, LL_NPZ_ERROR_FORMAT, _("%s: %s should be [height, width, channels]"),
                     reader->file, shape->name);
      h = shape->values[0];
      w = shape->values[1];
      if (shape->count == 3)
        c = shape->values[2];
      if (!(h >= 1 && h <= 65536 && h == floor (h) && w >= 1 && w <= 65536 && w == floor (w)
            && (c == 1 || c == 3)))
        return fail (error, LL_NPZ_ERROR_FORMAT,
                     _("%s: %s is not a valid image shape (height and width from 1 to 65536, "
                       "1 or 3 channels)"), reader->file, shape->name);
      if (h * w * c != (double) n)
        return fail (error, LL_NPZ_ERROR_FORMAT,
                     _("%s: %s says %g x %g x %g, which is not the %zu weights in w"),
                     reader->file, shape->name, h, w, c, n);
      if ((given_w > 0 || given_h > 0) && (given_w != (guint) w || given_h != (guint) h))
        return fail (error, LL_NPZ_ERROR_FORMAT,
                     _("%s: the weights are for %gx%g images, not the %ux%u given"),
                     reader->file, w, h, given_w, given_h);
      return set_shape (model, (guint) h, (guint) w, (guint) c);
    }

  if (given_w > 0 || given_h > 0)
    {
      guint64 pixels = (guint64) given_w * given_h;

      if (pixels > 0 && pixels * 3 == n)
        return set_shape (model, given_h, given_w, 3);
      if (pixels > 0 && pixels == n)
        return set_shape (model, given_h, given_w, 1);
      return fail (error, LL_NPZ_ERROR_FORMAT,
                   _("%s: w has %zu weights, which fits neither a %ux%u RGB image (%" PRIu64 ") nor a grey one (%" PRIu64 ")"),
                   reader->file, n, given_w, given_h, pixels * 3, pixels);
    }

  /* A file that names its scaling and no shape is a table's. */
  if (model->scaling != NULL)
    return set_shape (model, 0, 0, 0);
  {
    guint rgb_side = (guint) llround (sqrt ((double) n / 3));
    guint grey_side = (guint) llround (sqrt ((double) n));

    if ((guint64) rgb_side * rgb_side * 3 == n)
      return set_shape (model, rgb_side, rgb_side, 3);
    if ((guint64) grey_side * grey_side == n)
      return set_shape (model, grey_side, grey_side, 1);
  }
  /* No image shape: a table's weights (or an image size the caller must
   * give before classifying pictures). */
  return set_shape (model, 0, 0, 0);
}

static gboolean
read_costs (const Reader *reader,
            LlModel      *model,
            GError      **error)
{
  const LlNpyArray *costs = find (reader, "costs");
  gboolean course_list;
  gsize m;

  if (costs == NULL)
    return TRUE;
  /* Ours is (m, 2) of [iteration, cost]; the course's model() keeps a flat
   * list with one cost every 100 iterations. */
  course_list = costs->ndim == 1 || (costs->ndim == 2 && costs->shape[0] == 1 && costs->shape[1] != 2);
  if (costs->type == LL_NPY_UNICODE || (!course_list && (costs->ndim != 2 || costs->shape[1] != 2)))
    {
      g_autofree char *shape = ll_npy_shape_to_string (costs);

      return fail (error, LL_NPZ_ERROR_FORMAT, _("%s: %s has shape %s; expected (m, 2) rows of "
                     "[iteration, cost] or a list of costs"), reader->file, costs->name, shape);
    }
  m = course_list ? costs->count : costs->shape[0];
  model->costs = g_new (LlCostPoint, MAX (m, 1));
  for (gsize i = 0; i < m; i++)
    {
      double iteration = course_list ? (double) i * COURSE_RECORD_EVERY : costs->values[2 * i];

      if (!(iteration >= 0 && iteration <= G_MAXUINT && iteration == floor (iteration)))
        return fail (error, LL_NPZ_ERROR_FORMAT, _("%s: %s row %zu has an iteration that is not a whole number"), reader->file, costs->name, i);
      model->costs[i].iteration = (guint) iteration;
      model->costs[i].cost = course_list ? costs->values[i] : costs->values[2 * i + 1];
      model->n_costs = i + 1;
    }
  return TRUE;
}

/* scaling, feature_offset, feature_scale: all three or none; the scaling a
 * name of at most 64 characters, the offsets finite, the scales finite and
 * positive, one of each per weight. */
static gboolean
read_scaling (const Reader *reader,
              LlModel      *model,
              GError      **error)
{
  const LlNpyArray *name = find (reader, "scaling");
  const LlNpyArray *offset = find (reader, "feature_offset");
  const LlNpyArray *scale = find (reader, "feature_scale");
  const LlNpyArray *parts[] = { offset, scale };
  g_autofree char *shown = NULL;

  if (name == NULL && offset == NULL && scale == NULL)
    return TRUE;
  if (name == NULL || offset == NULL || scale == NULL)
    return fail (error, LL_NPZ_ERROR_MISSING,
                 _("%s: scaling%s, feature_offset%s and feature_scale%s come together; "
                   "the file has only some of them"),
                 reader->file, reader->suffix, reader->suffix, reader->suffix);
  if (name->type != LL_NPY_UNICODE || name->count != 1 || name->strings[0][0] == '\0'
      || g_utf8_strlen (name->strings[0], -1) > 64)
    return fail (error, LL_NPZ_ERROR_FORMAT, _("%s: %s should be the name of a scaling, "
                                               "such as “standardize”"), reader->file, name->name);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      const LlNpyArray *part = parts[i];

      if (part->type == LL_NPY_UNICODE || part->count != model->n_features
          || !(part->ndim == 1 || (part->ndim == 2 && part->shape[1] == 1)))
        {
          g_autofree char *shape = ll_npy_shape_to_string (part);

          return fail (error, LL_NPZ_ERROR_FORMAT,
                       _("%s: %s has shape %s; expected one number per weight (%zu)"),
                       reader->file, part->name, shape, model->n_features);
        }
      for (gsize j = 0; j < part->count; j++)
        if (!isfinite (part->values[j]) || (part == scale && !(part->values[j] > 0)))
          return fail (error, LL_NPZ_ERROR_FORMAT,
                       part == scale ? _("%s: %s at index %zu is not a positive finite number")
                                     : _("%s: %s at index %zu is not a finite number"),
                       reader->file, part->name, j);
    }
  /* Shown in terminals and the window: control characters written out. */
  shown = ll_text_escape_controls (name->strings[0]);
  ll_model_set_scaling (model, shown, offset->values, scale->values);
  return TRUE;
}

static gboolean
read_metadata (const Reader *reader,
               LlModel      *model,
               GError      **error)
{
  const LlNpyArray *classes = find (reader, "classes");
  double learning_rate = 0, iterations = 0;
  const char *iterations_name = find (reader, "iterations") != NULL ? "iterations" : "num_iterations";

  const LlNpyArray *rates = ll_npz_find (reader->arrays, "learning_rates");

  /* Per run, or else from the learning_rates list of a multi-run file. */
  if (find (reader, "learning_rate") == NULL && reader->suffix[0] != '\0' && rates != NULL
      && rates->type != LL_NPY_UNICODE && reader->run < rates->count)
    learning_rate = rates->values[reader->run];
  if (!read_optional_scalar (reader, "learning_rate", &learning_rate, error)
      || !read_optional_scalar (reader, iterations_name, &iterations, error)
      || !read_optional_scalar (reader, "train_accuracy", &model->train_accuracy, error)
      || !read_optional_scalar (reader, "test_accuracy", &model->test_accuracy, error))
    return FALSE;
  if (!(isfinite (learning_rate) && learning_rate >= 0))
    return fail (error, LL_NPZ_ERROR_FORMAT, _("%s: learning_rate%s is not a non-negative number"),
                 reader->file, reader->suffix);
  if (!(iterations >= 0 && iterations <= G_MAXUINT && iterations == floor (iterations)))
    return fail (error, LL_NPZ_ERROR_FORMAT, _("%s: %s%s is not a whole number"),
                 reader->file, iterations_name, reader->suffix);
  model->learning_rate = learning_rate;
  model->iterations = (guint) iterations;

  if (classes != NULL)
    {
      if (classes->type != LL_NPY_UNICODE || classes->count != 2 || classes->ndim != 1)
        return fail (error, LL_NPZ_ERROR_FORMAT,
                     _("%s: %s should be two names, [negative, positive]"), reader->file, classes->name);
      /* Shown in terminals and the window: control characters written out. */
      g_autofree char *negative = ll_text_escape_controls (classes->strings[0]);
      g_autofree char *positive = ll_text_escape_controls (classes->strings[1]);

      ll_model_set_class_names (model, negative, positive);
    }
  return read_costs (reader, model, error) && read_scaling (reader, model, error)
         && read_image_shape (reader, model, error);
}

/* How many runs: 1 for "w", else k for "w_0" ... "w_<k-1>". */
static guint
count_runs (GPtrArray *arrays)
{
  guint k = 0;

  if (ll_npz_find (arrays, "w") != NULL)
    return 1;
  for (;; k++)
    {
      g_autofree char *key = g_strdup_printf ("w_%u", k);

      if (ll_npz_find (arrays, key) == NULL)
        return k;
    }
}

GPtrArray *
ll_models_load_npz (const char *path,
                    guint       image_width,
                    guint       image_height,
                    GError    **error)
{
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(GPtrArray) models = NULL;
  g_autofree char *file = NULL;
  const LlNpyArray *rates;
  guint k;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  arrays = ll_npz_read (path, error);
  if (arrays == NULL)
    return NULL;
  file = g_filename_display_basename (path);

  if ((image_width == 0) != (image_height == 0))
    {
      fail (error, LL_NPZ_ERROR_FORMAT, _("%s: an image size needs both a width and a height"), file);
      return NULL;
    }

  k = count_runs (arrays);
  if (k == 0)
    {
      fail (error, LL_NPZ_ERROR_MISSING, _("%s: no array named “w”; a weights file holds w and b"), file);
      return NULL;
    }
  rates = ll_npz_find (arrays, "learning_rates");
  if (k > 1 && rates != NULL && rates->count != k)
    {
      fail (error, LL_NPZ_ERROR_FORMAT, _("%s: learning_rates has %zu entries for %u runs"), file, rates->count, k);
      return NULL;
    }

  models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);
  for (guint run = 0; run < k; run++)
    {
      g_autofree char *suffix = k == 1 ? g_strdup ("") : g_strdup_printf ("_%u", run);
      Reader reader = { arrays, file, suffix, run, image_width, image_height };
      LlModel *model = read_weights (&reader, error);

      if (model == NULL)
        return NULL;
      g_ptr_array_add (models, model);
      if (!read_metadata (&reader, model, error))
        return NULL;
    }
  return g_steal_pointer (&models);
}
