/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-model-npz.c: ll_models_load_npz on hostile weights files.
 *
 * The loader takes only a path, so each input is written to a scratch file.
 * It is loaded twice: with the image shape left to the file (or inferred),
 * and with a given 8x8 size it must agree with. Whatever loads must be a
 * model the app can use: finite weights, two class names, a cost curve
 * that holds together, a whole scaling or none and, when known, a shape
 * that matches the weights. */
#include "config.h"

#include "fuzz-common.h"
#include "core/io/model-io.h"
#include "core/io/npz.h"

#include <math.h>

static void
check_model (const LlModel *model)
{
  g_assert_cmpuint (model->n_features, >=, 1);
  g_assert_cmpuint (model->n_features, <=, LL_MODEL_IO_MAX_FEATURES);
  for (gsize i = 0; i < model->n_features; i++)
    g_assert_true (isfinite (model->w[i]));
  g_assert_true (isfinite (model->b));
  g_assert_cmpuint (g_strv_length (model->class_names), ==, 2);
  g_assert_true (model->n_costs == 0 || model->costs != NULL);
  /* A scaling is whole or absent, its scales positive. */
  g_assert_true ((model->scaling == NULL) == (model->feature_offset == NULL));
  g_assert_true ((model->scaling == NULL) == (model->feature_scale == NULL));
  for (gsize i = 0; model->feature_scale != NULL && i < model->n_features; i++)
    {
      g_assert_true (isfinite (model->feature_offset[i]));
      g_assert_true (isfinite (model->feature_scale[i]) && model->feature_scale[i] > 0);
    }
  if (model->height != 0)
    g_assert_cmpuint ((gsize) model->height * model->width * model->channels, ==, model->n_features);
}

static void
load_and_check (const char *path,
                guint       width,
                guint       height)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = ll_models_load_npz (path, width, height, &error);

  if (models == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == LL_NPZ_ERROR);
      g_assert_true (g_str_has_prefix (error->message, "weights.npz"));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, >=, 1);
  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);

      check_model (model);
      if (width != 0)
        {
          g_assert_cmpuint (model->width, ==, width);
          g_assert_cmpuint (model->height, ==, height);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = ll_fuzz_write_file ("weights.npz", data, size);

  load_and_check (path, 0, 0);
  load_and_check (path, 8, 8);
  return 0;
}
