/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-scaling.c: feature scaling (src/core/data/scaling.c) against
 * direct float64 computations. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/data/scaling.h"

/* A two-feature table: feature 0 runs 0..16, feature 1 is constant 3. */
static LlDataset *
make_table (void)
{
  LlDataset *dataset = g_new0 (LlDataset, 1);
  static const double train[] = { 0, 3, 4, 3, 8, 3, 16, 3 };
  static const double test[] = { 2, 3 };
  static const char *const names[] = { "a", "b", NULL };
  static const char *const classes[] = { "no", "yes", NULL };

  dataset->name = g_strdup ("t");
  dataset->format = g_strdup ("csv");
  dataset->n_features = 2;
  dataset->height = 1;
  dataset->width = 2;
  dataset->channels = 1;
  dataset->feature_names = g_strdupv ((char **) names);
  dataset->n_classes = 2;
  dataset->class_names = g_strdupv ((char **) classes);
  dataset->train.count = 4;
  dataset->train.features = g_memdup2 (train, sizeof train);
  dataset->train.labels = g_memdup2 ((guint8[]) { 0, 0, 1, 1 }, 4);
  dataset->test.count = 1;
  dataset->test.features = g_memdup2 (test, sizeof test);
  dataset->test.labels = g_memdup2 ((guint8[]) { 0 }, 1);
  return dataset;
}

static LlDataset *
make_image (void)
{
  LlDataset *dataset = g_new0 (LlDataset, 1);
  static const char *const classes[] = { "no", "yes", NULL };

  dataset->name = g_strdup ("i");
  dataset->format = g_strdup ("idx");
  dataset->n_features = 2;
  dataset->height = 1;
  dataset->width = 2;
  dataset->channels = 1;
  dataset->n_classes = 2;
  dataset->class_names = g_strdupv ((char **) classes);
  dataset->train.count = 2;
  dataset->train.pixels = g_memdup2 ((guint8[]) { 0, 255, 51, 102 }, 4);
  dataset->train.labels = g_memdup2 ((guint8[]) { 0, 1 }, 2);
  dataset->test.count = 1;
  dataset->test.pixels = g_memdup2 ((guint8[]) { 255, 0 }, 2);
  dataset->test.labels = g_memdup2 ((guint8[]) { 1 }, 1);
  return dataset;
}

static void
test_parse (void)
{
  LlScalingSpec spec;
  g_autoptr(GError) error = NULL;

  g_assert_true (ll_scaling_spec_parse ("none", &spec, &error));
  g_assert_cmpint (spec.kind, ==, LL_SCALING_NONE);
  g_assert_true (ll_scaling_spec_parse ("Standardise", &spec, &error));
  g_assert_cmpint (spec.kind, ==, LL_SCALING_STANDARDIZE);
  g_assert_true (ll_scaling_spec_parse ("max", &spec, &error));
  g_assert_cmpint (spec.kind, ==, LL_SCALING_MAX);
  g_assert_cmpfloat (spec.max, ==, 0);
  g_assert_true (ll_scaling_spec_parse ("max:255", &spec, &error));
  g_assert_cmpfloat (spec.max, ==, 255);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    {
      const char *bad[] = { "max:0", "max:-1", "max:inf", "zscore", "max:1x" };

      g_assert_false (ll_scaling_spec_parse (bad[i], &spec, &error));
      g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }
}

/* Standardize: the training mean and population standard deviation, a
 * constant feature centred and left unscaled, the test split scaled by the
 * training figures. */
static void
test_standardize (void)
{
  g_autoptr(LlDataset) dataset = make_table ();
  LlScalingSpec spec = { LL_SCALING_DEFAULT, 0 };
  g_autoptr(LlScaling) scaling = ll_scaling_fit (&spec, dataset);
  double mean = (0 + 4 + 8 + 16) / 4.0;
  double sd = sqrt ((pow (0 - mean, 2) + pow (4 - mean, 2) + pow (8 - mean, 2) + pow (16 - mean, 2)) / 4);
  g_autofree char *name = ll_scaling_describe (scaling);

  g_assert_cmpint (scaling->kind, ==, LL_SCALING_STANDARDIZE);
  g_assert_cmpstr (name, ==, "standardize");
  g_assert_cmpfloat_with_epsilon (scaling->offset[0], mean, 1e-15);
  g_assert_cmpfloat_with_epsilon (scaling->scale[0], sd, 1e-14);
  g_assert_cmpfloat (scaling->offset[1], ==, 3);
  g_assert_cmpfloat (scaling->scale[1], ==, 1);
  g_assert_null (ll_scaling_check (scaling, dataset));
  dataset = ll_dataset_scale (g_steal_pointer (&dataset), scaling);
  g_assert_cmpfloat_with_epsilon (dataset->train.features[6], (16 - mean) / sd, 1e-14);
  g_assert_cmpfloat (dataset->train.features[7], ==, 0);
  g_assert_cmpfloat_with_epsilon (dataset->test.features[0], (2 - mean) / sd, 1e-14);
}

/* max:255 on a 0..16 table stalls, and the warning says so in words; none
 * leaves values up to 16, which is fine. */
static void
test_check (void)
{
  g_autoptr(LlDataset) dataset = make_table ();
  LlScalingSpec by_255 = { LL_SCALING_MAX, 255 }, none = { LL_SCALING_NONE, 0 }, max = { LL_SCALING_MAX, 0 };
  g_autoptr(LlScaling) tiny = ll_scaling_fit (&by_255, dataset);
  g_autoptr(LlScaling) plain = ll_scaling_fit (&none, dataset);
  g_autoptr(LlScaling) own_max = ll_scaling_fit (&max, dataset);
  g_autofree char *warning = ll_scaling_check (tiny, dataset);
  g_autofree char *name = ll_scaling_describe (own_max);

  g_assert_cmpstr (warning, ==,
                   "Values run 0..16; divided by 255 they all lie within ±0.0627 and training will stall: "
                   "choose Standardize.");
  g_assert_null (ll_scaling_check (plain, dataset));
  g_assert_cmpstr (name, ==, "max:16");
}

/* Unscaled exam scores (30..100) blow up the steps: said before training. */
static void
test_check_large (void)
{
  g_autoptr(LlDataset) dataset = make_table ();
  LlScalingSpec none = { LL_SCALING_NONE, 0 }, standardize = { LL_SCALING_STANDARDIZE, 0 };
  g_autoptr(LlScaling) plain = NULL, standardized = NULL;
  g_autofree char *warning = NULL;

  dataset->train.features[6] = 100;
  dataset->train.features[0] = 30;
  plain = ll_scaling_fit (&none, dataset);
  standardized = ll_scaling_fit (&standardize, dataset);
  warning = ll_scaling_check (plain, dataset);
  g_assert_cmpstr (warning, ==,
                   "Values run 3..100; unscaled they reach 100 and steps will be huge: choose Standardize "
                   "or a much smaller learning rate.");
  g_assert_null (ll_scaling_check (standardized, dataset));
}

/* Images: the default is the course's /255, kept as 8-bit pixels; another
 * scaling gives float64 features and keeps the pixels for the pictures. */
static void
test_images (void)
{
  g_autoptr(LlDataset) image = make_image ();
  LlScalingSpec spec = { LL_SCALING_DEFAULT, 0 }, standardize = { LL_SCALING_STANDARDIZE, 0 };
  g_autoptr(LlScaling) by_255 = ll_scaling_fit (&spec, image);
  g_autoptr(LlScaling) z = NULL;
  g_autofree char *name = ll_scaling_describe (by_255);

  g_assert_cmpstr (name, ==, "max:255");
  g_assert_true (ll_scaling_is_pixel_default (by_255, image));
  /* The check reads the pixels' range per feature: unscaled they reach 255. */
  {
    LlScalingSpec none = { LL_SCALING_NONE, 0 };
    g_autoptr(LlScaling) plain = ll_scaling_fit (&none, image);
    g_autoptr(LlScaling) standard = ll_scaling_fit (&standardize, image);
    g_autofree char *warning = ll_scaling_check (plain, image);

    g_assert_cmpstr (warning, ==, "Values run 0..255; unscaled they reach 255 and steps will be huge: "
                     "choose Standardize or a much smaller learning rate.");
    g_assert_null (ll_scaling_check (by_255, image));
    g_assert_null (ll_scaling_check (standard, image));
  }
  image = ll_dataset_scale (g_steal_pointer (&image), by_255);
  g_assert_null (image->train.features);

  z = ll_scaling_fit (&standardize, image);
  g_assert_false (ll_scaling_is_pixel_default (z, image));
  image = ll_dataset_scale (g_steal_pointer (&image), z);
  g_assert_nonnull (image->train.pixels);
  g_assert_cmpfloat (image->train.features[0], ==, -1);   /* (0 - 25.5) / 25.5 */
  g_assert_cmpfloat (image->train.features[2], ==, 1);
  g_assert_cmpfloat_with_epsilon (image->test.features[0], (255 - 25.5) / 25.5, 1e-13);
}

/* Dark images under /255: the check's shortcut for pixels (no byte can
 * reach 20, one pixel reaches 0.1) finds none here and reads them all. */
static void
test_images_dark (void)
{
  g_autoptr(LlDataset) image = make_image ();
  LlScalingSpec spec = { LL_SCALING_DEFAULT, 0 };
  g_autoptr(LlScaling) by_255 = NULL;
  g_autofree char *warning = NULL;

  memcpy (image->train.pixels, (guint8[]) { 0, 5, 3, 1 }, 4);
  by_255 = ll_scaling_fit (&spec, image);
  g_assert_true (ll_scaling_is_pixel_default (by_255, image));
  warning = ll_scaling_check (by_255, image);
  g_assert_cmpstr (warning, ==, "Values run 0..5; divided by 255 they all lie within ±0.0196 and "
                   "training will stall: choose Standardize.");
  /* One bright pixel, the last, is enough. */
  image->train.pixels[3] = 40;
  g_clear_pointer (&warning, g_free);
  g_assert_null (ll_scaling_check (by_255, image));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/scaling/parse", test_parse);
  g_test_add_func ("/scaling/standardize", test_standardize);
  g_test_add_func ("/scaling/check", test_check);
  g_test_add_func ("/scaling/check-large", test_check_large);
  g_test_add_func ("/scaling/images", test_images);
  g_test_add_func ("/scaling/images-dark", test_images_dark);
  return g_test_run ();
}
