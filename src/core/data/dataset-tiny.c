/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-tiny.c: the seeds' hand-check cases as datasets of float64 features. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "dataset.h"

LlDataset *
ll_dataset_new_propagate_test (void)
{
  /* "Logistic Regression with a Neural Network mindset": X = [[1, 2, -1],
   * [3, 4, -3.2]], Y = [1, 0, 1]; example i's features are contiguous. */
  static const double features[] = { 1, 3, 2, 4, -1, -3.2 };
  static const guint8 labels[] = { 1, 0, 1 };
  static const char *const class_names[] = { "0", "1", NULL };
  LlDataset *dataset = g_new0 (LlDataset, 1);

  /* Titled like the other built-in tables ("Exam scores"): the header shows it. */
  dataset->name = g_strdup (_("Propagate test"));
  dataset->path = g_strdup ("builtin:propagate");
  dataset->format = g_strdup ("builtin");
  dataset->height = 1;
  dataset->width = 2;
  dataset->channels = 1;
  dataset->n_features = 2;
  dataset->n_classes = 2;
  dataset->class_names = g_strdupv ((char **) class_names);
  dataset->train.count = G_N_ELEMENTS (labels);
  dataset->train.features = g_memdup2 (features, sizeof features);
  dataset->train.labels = g_memdup2 (labels, sizeof labels);
  /* An empty test split, allocated like the readers' (never NULL). */
  dataset->test.features = g_new0 (double, 1);
  dataset->test.labels = g_new0 (guint8, 1);
  return dataset;
}
