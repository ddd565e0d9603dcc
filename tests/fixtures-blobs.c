/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fixtures-blobs.c: see fixtures-blobs.h. */
#include "config.h"

#include "fixtures-blobs.h"

#include <math.h>

static double
gaussian (GRand *rand)
{
  /* Box-Muller: enough for test data. */
  double u = g_rand_double_range (rand, 1e-12, 1);
  double v = g_rand_double (rand);

  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

static void
fill_split (LlSplit *split, guint count, guint n_features, GRand *rand)
{
  split->count = count;
  split->labels = g_new (guint8, MAX (count, 1));
  split->features = g_new (double, MAX ((gsize) count * n_features, 1));
  for (guint i = 0; i < count; i++)
    {
      split->labels[i] = i % 2;
      for (guint j = 0; j < n_features; j++)
        split->features[(gsize) i * n_features + j] = 3 + (i % 2 ? 0.5 : -0.5) + gaussian (rand);
    }
}

LlDataset *
ll_test_blobs_dataset (guint m_train, guint m_test, guint n_features, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  LlDataset *dataset = g_new0 (LlDataset, 1);
  const char *class_names[] = { "minus", "plus", NULL };

  dataset->name = g_strdup ("blobs");
  dataset->path = g_strdup ("builtin:blobs");
  dataset->format = g_strdup ("builtin");
  dataset->height = 1;
  dataset->width = n_features;
  dataset->channels = 1;
  dataset->n_features = n_features;
  dataset->n_classes = 2;
  dataset->class_names = g_strdupv ((char **) class_names);
  fill_split (&dataset->train, m_train, n_features, rand);
  fill_split (&dataset->test, m_test, n_features, rand);
  return dataset;
}
