/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-idx.c: the IDX (MNIST-family) reader on hostile files.
 *
 * The reader takes a folder of four files and has no bytes entry point
 * (ll_dataset_load_idx), so one input is split into the four parts at each
 * IDX_PART_SEPARATOR (see fuzz-idx.dict) and written into a scratch folder:
 * train images, train labels, t10k images, t10k labels; missing parts are
 * empty files. Each part may also be gzip: the reader inflates it.
 * The set is loaded twice, once through a path naming "fashion" (which gives
 * the ten Fashion-MNIST class names and so checks labels against them). */
#include "config.h"

#include "fuzz-common.h"
#include "core/data/dataset.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define IDX_PART_SEPARATOR "--IDX-PART--"

static const char * const part_files[4] = {
  "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
};

static void
check_split (const LlDataset *dataset,
             const LlSplit   *split)
{
  g_assert_cmpuint (split->count, >, 0);
  g_assert_nonnull (split->pixels);
  for (gsize i = 0; i < split->count; i++)
    g_assert_cmpuint (split->labels[i], <, dataset->n_classes);
  /* Every pixel is there: ASan catches a buffer shorter than count images. */
  g_assert_cmpuint (split->pixels[split->count * dataset->n_features - 1], <=, 255);
}

/* Loading only the default task's images, as the command line does, fails
 * as the whole set does, or gives the task select_binary gives. */
static void
check_for_task (const char      *folder,
                const LlDataset *whole,
                const GError    *whole_error)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) expected_error = NULL;
  g_autoptr (LlDataset) loaded = ll_dataset_load_idx_for_task (folder, NULL, &error);
  g_autoptr (LlDataset) task = NULL;
  g_autoptr (LlDataset) expected = NULL;

  if (whole == NULL)
    {
      g_assert_null (loaded);
      g_assert_cmpstr (error->message, ==, whole_error->message);
      return;
    }
  g_assert_no_error (error);
  expected = ll_dataset_select_binary (whole, NULL, &expected_error);
  task = ll_dataset_into_binary (g_steal_pointer (&loaded), NULL, &error);
  g_assert_true ((task == NULL) == (expected == NULL));
  if (task == NULL)
    {
      g_assert_cmpstr (error->message, ==, expected_error->message);
      return;
    }
  g_assert_cmpuint (task->train.count, ==, expected->train.count);
  g_assert_cmpuint (task->test.count, ==, expected->test.count);
  g_assert_cmpmem (task->train.labels, task->train.count, expected->train.labels, expected->train.count);
  g_assert_cmpmem (task->train.pixels, task->train.count * task->n_features,
                   expected->train.pixels, expected->train.count * expected->n_features);
  g_assert_cmpmem (task->test.pixels, task->test.count * task->n_features,
                   expected->test.pixels, expected->test.count * expected->n_features);
}

static void
load_and_check (const char *folder)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = ll_dataset_load_idx (folder, &error);
  g_autoptr (LlDataset) binary = NULL;
  g_autofree char *description = NULL;

  check_for_task (folder, dataset, error);
  if (dataset == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == LL_DATASET_ERROR);
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->n_features, ==, (gsize) dataset->height * dataset->width);
  g_assert_cmpuint (dataset->n_classes, >=, 2);
  g_assert_cmpuint (g_strv_length (dataset->class_names), ==, dataset->n_classes);
  check_split (dataset, &dataset->train);
  check_split (dataset, &dataset->test);

  description = ll_dataset_describe (dataset);
  g_assert_true (g_utf8_validate (description, -1, NULL));
  /* The default task: class 0 against class 1; it may hold no image of them. */
  binary = ll_dataset_select_binary (dataset, NULL, &error);
  g_assert_true ((binary == NULL) == (error != NULL));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *plain_folder, *fashion_folder;
  const uint8_t *rest = data;
  size_t rest_size = size;
  gsize separator_size = strlen (IDX_PART_SEPARATOR);

  if (plain_folder == NULL)
    {
      plain_folder = g_build_filename (ll_fuzz_scratch_dir (), "set", NULL);
      fashion_folder = g_build_filename (ll_fuzz_scratch_dir (), "fashion-set", NULL);
      g_assert_cmpint (g_mkdir (plain_folder, 0700), ==, 0);
      /* The same files: the reader looks only at the path's name. */
      g_assert_cmpint (symlink ("set", fashion_folder), ==, 0);
    }

  for (guint p = 0; p < G_N_ELEMENTS (part_files); p++)
    {
      g_autofree char *name = g_build_filename ("set", part_files[p], NULL);
      const uint8_t *end = rest_size > 0 && p + 1 < G_N_ELEMENTS (part_files)
                           ? memmem (rest, rest_size, IDX_PART_SEPARATOR, separator_size) : NULL;
      size_t part_size = end != NULL ? (size_t) (end - rest) : rest_size;

      g_free (ll_fuzz_write_file (name, rest, part_size));
      rest += end != NULL ? part_size + separator_size : part_size;
      rest_size -= end != NULL ? part_size + separator_size : part_size;
    }

  load_and_check (plain_folder);
  load_and_check (fashion_folder);
  return 0;
}
