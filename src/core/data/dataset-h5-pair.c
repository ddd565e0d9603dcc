/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-h5-pair.c: one dataset from the two files of an .h5 pair, for both
 * readers (dataset-h5-pair.h). */
#include "config.h"

#include "dataset-h5-pair.h"

#include <string.h>

#include <glib/gi18n-lib.h>

void
ll_h5_split_clear (LlH5Split *split)
{
  g_clear_pointer (&split->pixels, g_free);
  g_clear_pointer (&split->labels, g_free);
  g_clear_pointer (&split->class_names, g_strfreev);
}

char **
ll_h5_class_names_finish (GPtrArray *names)
{
  for (guint i = 0; i < names->len; i++)
    {
      char *name = g_ptr_array_index (names, i);
      char *valid = name[0] != '\0' ? g_utf8_make_valid (name, -1) : g_strdup_printf ("%u", i);

      g_free (name);
      g_ptr_array_index (names, i) = valid;
    }
  g_ptr_array_set_free_func (names, NULL);
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

/* "train_catvnoncat.h5" -> "catvnoncat" */
static char *
name_from_train_file (const char *train_path)
{
  g_autofree char *base = g_path_get_basename (train_path);
  const char *start = g_str_has_prefix (base, "train_") ? base + strlen ("train_") : base;

  return g_strndup (start, strlen (start) - (g_str_has_suffix (start, ".h5") ? 3 : 0));
}

LlDataset *
ll_h5_pair_to_dataset (const char  *path,
                       const char  *train_path,
                       const char  *test_path,
                       LlH5Split   *train,
                       LlH5Split   *test,
                       GError     **error)
{
  g_autoptr (LlDataset) dataset = NULL;
  char **names;

  if (train->height != test->height || train->width != test->width
      || train->channels != test->channels)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: test images are %u×%u×%u but %s has %u×%u×%u (width×height×channels)"),
                   test_path, test->width, test->height, test->channels,
                   train_path, train->width, train->height, train->channels);
      return NULL;
    }
  if (train->class_names != NULL && test->class_names != NULL
      && !g_strv_equal ((const char * const *) train->class_names,
                        (const char * const *) test->class_names))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: list_classes differs from the one in %s"), test_path, train_path);
      return NULL;
    }

  dataset = g_new0 (LlDataset, 1);
  names = train->class_names != NULL ? train->class_names : test->class_names;
  if (names != NULL)
    {
      dataset->class_names = g_strdupv (names);
      dataset->n_classes = g_strv_length (names);
    }
  else
    {
      /* No list_classes: as many classes as the largest label says, at least two. */
      guint n_classes = 2;

      for (gsize i = 0; i < train->count; i++)
        n_classes = MAX (n_classes, train->labels[i] + 1u);
      for (gsize i = 0; i < test->count; i++)
        n_classes = MAX (n_classes, test->labels[i] + 1u);
      dataset->n_classes = n_classes;
      dataset->class_names = g_new0 (char *, n_classes + 1);
      for (guint c = 0; c < n_classes; c++)
        dataset->class_names[c] = g_strdup_printf ("%u", c);
    }
  dataset->name = name_from_train_file (train_path);
  dataset->path = g_strdup (path);
  dataset->format = g_strdup ("h5");
  dataset->height = train->height;
  dataset->width = train->width;
  dataset->channels = train->channels;
  dataset->n_features = (gsize) dataset->height * dataset->width * dataset->channels;
  dataset->train.count = train->count;
  dataset->train.pixels = g_steal_pointer (&train->pixels);
  dataset->train.labels = g_steal_pointer (&train->labels);
  dataset->test.count = test->count;
  dataset->test.pixels = g_steal_pointer (&test->pixels);
  dataset->test.labels = g_steal_pointer (&test->labels);
  return g_steal_pointer (&dataset);
}
