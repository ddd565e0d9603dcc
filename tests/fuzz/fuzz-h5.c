/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-h5.c: the course's .h5 reader on hostile files.
 *
 * The reader takes the pair train_NAME.h5 / test_NAME.h5 by path, as the
 * program does (ll_dataset_load_h5_pair: H5Fopen read-only, plugins off,
 * every link, layout, filter, class, rank and size checked before a read).
 * One input is written as both files of a pair in a scratch folder, so an
 * input holding train_set_x/_y and test_set_x/_y (as the seeds do) loads
 * whole. HDF5 itself is Debian's uninstrumented library: the coverage that
 * guides the fuzzer is ours, but a crash anywhere is caught. */
#include "config.h"

#include "fuzz-common.h"
#include "core/data/dataset.h"

#include <hdf5.h>

/* Whatever the reader opened, it closed: no file, dataset, type or space
 * of HDF5's is left open after a load, good or bad. */
static void
assert_nothing_open (void)
{
  g_assert_cmpint (H5Fget_obj_count (H5F_OBJ_ALL, H5F_OBJ_ALL), ==, 0);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *folder;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;

  if (folder == NULL)
    folder = g_strdup (ll_fuzz_scratch_dir ());
  g_free (ll_fuzz_write_file ("train_fuzz.h5", data, size));
  g_free (ll_fuzz_write_file ("test_fuzz.h5", data, size));

  dataset = ll_dataset_load_h5_pair (folder, &error);
  assert_nothing_open ();
  if (dataset == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == LL_DATASET_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->n_features, ==,
                    (gsize) dataset->height * dataset->width * dataset->channels);
  g_assert_cmpuint (dataset->n_classes, >=, 2);
  g_assert_cmpuint (g_strv_length (dataset->class_names), ==, dataset->n_classes);
  for (gsize i = 0; i < dataset->train.count; i++)
    g_assert_cmpuint (dataset->train.labels[i], <, dataset->n_classes);
  for (gsize i = 0; i < dataset->test.count; i++)
    g_assert_cmpuint (dataset->test.labels[i], <, dataset->n_classes);
  /* Every pixel is there: ASan catches a buffer shorter than count images. */
  if (dataset->train.count > 0)
    g_assert_cmpuint (dataset->train.pixels[dataset->train.count * dataset->n_features - 1], <=, 255);
  return 0;
}
