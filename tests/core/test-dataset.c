/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-dataset.c: the dataset readers (.h5 pair, IDX, built-in) and class selection. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include <glib/gstdio.h>

#include "core/data/dataset.h"
#include "fixtures.h"

/* ---- helpers ---- */

static char *
path_in (const char *dir,
         const char *name)
{
  return g_build_filename (dir, name, NULL);
}

/* Asserts that loading PATH fails with CODE and a message naming NEEDLE
 * (usually the file) and REASON. */
static void
assert_load_fails (const char    *path,
                   LlDatasetError code,
                   const char    *needle,
                   const char    *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = ll_dataset_load (path, 0, 0, &error);

  g_assert_null (dataset);
  g_assert_error (error, LL_DATASET_ERROR, (gint) code);
  g_test_message ("%s -> %s", path, error->message);
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));
  if (reason != NULL)
    g_assert_nonnull (strstr (error->message, reason));
}

static void
assert_split_matches_fixture (const LlSplit *split,
                              gsize          n_features,
                              guint          n_classes)
{
  for (gsize i = 0; i < split->count; i++)
    {
      g_assert_cmpuint (split->labels[i], ==, LL_TEST_LABEL (i, n_classes));
      for (gsize j = 0; j < n_features; j += 97)
        g_assert_cmpuint (split->pixels[i * n_features + j], ==, LL_TEST_PIXEL (i, j));
      g_assert_cmpuint (split->pixels[i * n_features + n_features - 1], ==,
                        LL_TEST_PIXEL (i, n_features - 1));
    }
}

/* A good train/test .h5 pair in a fresh folder; returns the folder. */
static char *
make_h5_pair (guint n_train,
              guint n_test)
{
  char *dir = ll_test_make_tmpdir ();

  ll_test_write_h5_pair (dir, "toy", n_train, n_test);
  return dir;
}

/* A folder whose test file is good and whose train file follows SPEC. */
static char *
make_h5_pair_with_train (LlTestH5Spec *spec)
{
  char *dir = ll_test_make_tmpdir ();
  g_autofree char *train = path_in (dir, "train_toy.h5");
  g_autofree char *test = path_in (dir, "test_toy.h5");
  LlTestH5Spec good = { .prefix = "test", .count = 3, .height = 48, .width = 64, .channels = 3 };

  spec->prefix = "train";
  if (spec->count == 0)
    spec->count = 5;
  if (spec->height == 0)
    {
      spec->height = 48;
      spec->width = 64;
      spec->channels = 3;
    }
  ll_test_write_h5 (train, spec);
  ll_test_write_h5 (test, &good);
  return dir;
}

/* ---- features and description ---- */

static void
test_features (void)
{
  guint8 pixels[6] = { 0, 1, 127, 128, 254, 255 };
  LlSplit split = { .count = 2, .pixels = pixels, .labels = NULL };
  double out[6];
  g_autofree double *features = NULL;

  ll_pixels_to_features (pixels, 6, out);
  for (guint j = 0; j < 6; j++)
    g_assert_true (out[j] == pixels[j] / 255.0);  /* exactly the course's x / 255 */
  g_assert_true (out[5] == 1.0);

  features = ll_split_features (&split, 3);
  for (guint j = 0; j < 6; j++)
    g_assert_true (features[j] == pixels[j] / 255.0);
}

/* ---- the .h5 pair ---- */

static void
test_h5_pair_folder (void)
{
  g_autofree char *dir = make_h5_pair (7, 4);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = ll_dataset_load (dir, 0, 0, &error);
  g_autofree char *description = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (dataset->name, ==, "toy");
  g_assert_cmpstr (dataset->format, ==, "h5");
  g_assert_cmpuint (dataset->height, ==, 48);
  g_assert_cmpuint (dataset->width, ==, 64);
  g_assert_cmpuint (dataset->channels, ==, 3);
  g_assert_cmpuint (dataset->n_features, ==, 48 * 64 * 3);
  g_assert_cmpuint (dataset->n_classes, ==, 2);
  g_assert_cmpstr (dataset->class_names[0], ==, "non-cat");
  g_assert_cmpstr (dataset->class_names[1], ==, "cat");
  g_assert_null (dataset->class_names[2]);
  g_assert_cmpuint (dataset->train.count, ==, 7);
  g_assert_cmpuint (dataset->test.count, ==, 4);
  assert_split_matches_fixture (&dataset->train, dataset->n_features, 2);
  assert_split_matches_fixture (&dataset->test, dataset->n_features, 2);

  description = ll_dataset_describe (dataset);
  g_assert_cmpstr (description, ==, "toy · 64×48 RGB · 7 train / 4 test · non-cat, cat");

  /* The files read, for the export's check that it replaces none (issue 23). */
  g_assert_nonnull (dataset->input_files);
  g_assert_cmpuint (g_strv_length (dataset->input_files), ==, 2);
  g_assert_true (g_str_has_suffix (dataset->input_files[0], "train_toy.h5"));
  g_assert_true (g_str_has_suffix (dataset->input_files[1], "test_toy.h5"));
}

static void
test_h5_pair_single_file (void)
{
  g_autofree char *dir = make_h5_pair (6, 2);
  const char *names[] = { "train_toy.h5", "test_toy.h5" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = path_in (dir, names[i]);
      g_autoptr (GError) error = NULL;
      g_autoptr (LlDataset) dataset = ll_dataset_load (path, 0, 0, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (dataset->train.count, ==, 6);
      g_assert_cmpuint (dataset->test.count, ==, 2);
    }
}

static void
test_h5_no_classes (void)
{
  LlTestH5Spec spec = { .no_classes = TRUE };
  g_autofree char *dir = make_h5_pair_with_train (&spec);
  g_autofree char *test = path_in (dir, "test_toy.h5");
  LlTestH5Spec test_spec = { .prefix = "test", .count = 3, .height = 48, .width = 64,
                             .channels = 3, .no_classes = TRUE };
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;

  ll_test_write_h5 (test, &test_spec);
  dataset = ll_dataset_load (dir, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->n_classes, ==, 2);
  g_assert_cmpstr (dataset->class_names[0], ==, "0");
  g_assert_cmpstr (dataset->class_names[1], ==, "1");
}

static void
test_h5_float_pixels (void)
{
  LlTestH5Spec spec = { .x_float = TRUE };
  g_autofree char *dir = make_h5_pair_with_train (&spec);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", "floating-point");
}

static void
test_h5_float_labels (void)
{
  LlTestH5Spec spec = { .y_float = TRUE };
  g_autofree char *dir = make_h5_pair_with_train (&spec);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", "train_set_y holds floating-point");
}

static void
test_h5_wrong_rank (void)
{
  LlTestH5Spec spec = { .x_rank = 2 };
  g_autofree char *dir = make_h5_pair_with_train (&spec);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", "rank 2");
}

static void
test_h5_wrong_channels (void)
{
  LlTestH5Spec spec = { .height = 8, .width = 8, .channels = 2 };
  g_autofree char *dir = make_h5_pair_with_train (&spec);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", "2 channels");
}

static void
test_h5_counts_disagree (void)
{
  LlTestH5Spec spec = { .count = 5, .label_count = 6 };
  g_autofree char *dir = make_h5_pair_with_train (&spec);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", "6 labels but train_set_x holds 5");
}

static void
test_h5_label_out_of_range (void)
{
  LlTestH5Spec spec = { .bad_last_label = TRUE };
  g_autofree char *dir = make_h5_pair_with_train (&spec);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", "train_set_y[4] is 2");
}

static void
test_h5_shapes_disagree (void)
{
  LlTestH5Spec spec = { .height = 32, .width = 32, .channels = 3 };
  g_autofree char *dir = make_h5_pair_with_train (&spec);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "test_toy.h5", "train_toy.h5");
}

static void
test_h5_external_link (void)
{
  g_autofree char *elsewhere = make_h5_pair (3, 3);
  g_autofree char *target = path_in (elsewhere, "train_toy.h5");
  LlTestH5Spec spec = { .external_link = target };
  g_autofree char *dir = make_h5_pair_with_train (&spec);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", "external link");
}

static void
test_h5_external_storage (void)
{
  LlTestH5Spec spec = { .external_storage = TRUE };
  g_autofree char *dir = make_h5_pair_with_train (&spec);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", "external files");
}

static void
test_h5_deflate (void)
{
  LlTestH5Spec spec = { .x_deflate = TRUE, .count = 6 };
  g_autofree char *dir = make_h5_pair_with_train (&spec);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = ll_dataset_load (dir, 0, 0, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (dataset->train.count, ==, 6);
  assert_split_matches_fixture (&dataset->train, dataset->n_features, 2);
}

static void
test_h5_unknown_filter (void)
{
  LlTestH5Spec spec = { .x_unknown_filter = TRUE };
  g_autofree char *dir = make_h5_pair_with_train (&spec);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", "filter 32000");
}

static void
test_h5_truncated (void)
{
  g_autofree char *dir = make_h5_pair (20, 3);
  g_autofree char *train = path_in (dir, "train_toy.h5");
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr (GError) error = NULL;

  g_file_get_contents (train, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (train, contents, length / 2, &error);
  g_assert_no_error (error);
  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", NULL);
}

static void
test_h5_missing_half (void)
{
  g_autofree char *dir = make_h5_pair (3, 3);
  g_autofree char *train = path_in (dir, "train_toy.h5");
  g_autofree char *test = path_in (dir, "test_toy.h5");
  g_autofree char *other = path_in (dir, "cats.h5");

  g_assert_cmpint (g_unlink (test), ==, 0);
  /* the folder no longer holds a pair */
  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, dir, "no dataset found");
  /* the remaining file names its missing sibling */
  assert_load_fails (train, LL_DATASET_ERROR_NOT_FOUND, "test_toy.h5", "no such file");
  /* an .h5 not named train_/test_ cannot find its other half */
  g_assert_cmpint (g_rename (train, other), ==, 0);
  assert_load_fails (other, LL_DATASET_ERROR_FORMAT, "cats.h5", "other half");
}

static void
test_h5_directory_as_file (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *train = path_in (dir, "train_toy.h5");
  g_autofree char *test = path_in (dir, "test_toy.h5");
  LlTestH5Spec spec = { .prefix = "test", .count = 3, .height = 48, .width = 64, .channels = 3 };

  ll_test_write_h5 (test, &spec);
  g_assert_cmpint (g_mkdir (train, 0700), ==, 0);
  assert_load_fails (test, LL_DATASET_ERROR_UNREADABLE, "train_toy.h5", "not a regular file");
}

static void
test_h5_unreadable (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *train = NULL;

  /* root reads files whatever their mode (CI runs the tests as root), so a
   * chmod 000 file is readable there and the case cannot be made. */
  if (geteuid () == 0)
    {
      g_test_skip ("running as root: file permissions do not stop root from reading");
      return;
    }
  dir = make_h5_pair (3, 3);
  train = path_in (dir, "train_toy.h5");
  g_assert_cmpint (g_chmod (train, 0), ==, 0);
  assert_load_fails (dir, LL_DATASET_ERROR_UNREADABLE, "train_toy.h5", NULL);
}

static void
test_h5_not_hdf5 (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *train = path_in (dir, "train_toy.h5");
  g_autofree char *test = path_in (dir, "test_toy.h5");
  g_autoptr (GError) error = NULL;

  g_file_set_contents (train, "this is text, not HDF5\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (test, "neither is this\n", -1, &error);
  g_assert_no_error (error);
  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train_toy.h5", "not a readable HDF5 file");
}

/* Interoperability: a pair written by h5py the way a student might (labels
 * as int32 of shape (1, m), gzip+shuffle chunks, variable-length UTF-8
 * class names), when Debian's python3-h5py is installed. */
static void
test_h5_written_by_h5py (void)
{
  const char *script =
    "import sys, h5py, numpy as np\n"
    "for prefix, m in (('train', 5), ('test', 3)):\n"
    "    with h5py.File(f'{sys.argv[1]}/{prefix}_py.h5', 'w') as f:\n"
    "        x = (np.arange(m * 4 * 6 * 3) % 251).astype(np.uint8).reshape(m, 4, 6, 3)\n"
    "        f.create_dataset(f'{prefix}_set_x', data=x, compression='gzip', shuffle=True, chunks=(1, 4, 6, 3))\n"
    "        f.create_dataset(f'{prefix}_set_y', data=(np.arange(m) % 3).astype(np.int32).reshape(1, m))\n"
    "        f.create_dataset('list_classes', data=['Käfer', 'Hund', 'Katze'], dtype=h5py.string_dtype())\n";
  g_autofree char *dir = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;
  g_autofree char *err = NULL;
  int status = 0;
  const char *argv[] = { "/usr/bin/python3", "-c", script, NULL, NULL };

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/python3 is missing");
      return;
    }
  dir = ll_test_make_tmpdir ();
  argv[3] = dir;
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip_printf ("python3-h5py is not usable here: %s", err);
      return;
    }
  dataset = ll_dataset_load (dir, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dataset->name, ==, "py");
  g_assert_cmpuint (dataset->height, ==, 4);
  g_assert_cmpuint (dataset->width, ==, 6);
  g_assert_cmpuint (dataset->n_classes, ==, 3);
  g_assert_cmpstr (dataset->class_names[0], ==, "Käfer");
  g_assert_cmpstr (dataset->class_names[2], ==, "Katze");
  g_assert_cmpuint (dataset->train.count, ==, 5);
  for (gsize i = 0; i < 5 * 72; i++)
    g_assert_cmpuint (dataset->train.pixels[i], ==, i % 251);
  for (gsize i = 0; i < 5; i++)
    g_assert_cmpuint (dataset->train.labels[i], ==, i % 3);
}

/* The course's data, when present beside the project. First pixels and label
 * sums as h5py reads them:
 *   train_set_x[0,0,0] = [17 31 56], test_set_x[0,0,0] = [158 104 83],
 *   test_set_x[-1,63,63] = [5 22 5], sum(train_set_y) = 72, sum(test_set_y) = 33. */
static void
test_catvnoncat (void)
{
  const char *dir = ll_test_catvnoncat_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;
  guint train_positive = 0, test_positive = 0;
  const guint8 *last;

  if (dir == NULL)
    return;
  dataset = ll_dataset_load (dir, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dataset->name, ==, "catvnoncat");
  g_assert_cmpuint (dataset->train.count, ==, 209);
  g_assert_cmpuint (dataset->test.count, ==, 50);
  g_assert_cmpuint (dataset->n_features, ==, 12288);
  g_assert_cmpuint (dataset->height, ==, 64);
  g_assert_cmpuint (dataset->width, ==, 64);
  g_assert_cmpuint (dataset->channels, ==, 3);
  g_assert_cmpuint (dataset->n_classes, ==, 2);
  g_assert_cmpstr (dataset->class_names[0], ==, "non-cat");
  g_assert_cmpstr (dataset->class_names[1], ==, "cat");
  g_assert_cmpuint (dataset->train.pixels[0], ==, 17);
  g_assert_cmpuint (dataset->train.pixels[1], ==, 31);
  g_assert_cmpuint (dataset->train.pixels[2], ==, 56);
  g_assert_cmpuint (dataset->test.pixels[0], ==, 158);
  g_assert_cmpuint (dataset->test.pixels[1], ==, 104);
  g_assert_cmpuint (dataset->test.pixels[2], ==, 83);
  last = dataset->test.pixels + 50 * 12288 - 3;
  g_assert_cmpuint (last[0], ==, 5);
  g_assert_cmpuint (last[1], ==, 22);
  g_assert_cmpuint (last[2], ==, 5);
  for (gsize i = 0; i < 209; i++)
    train_positive += dataset->train.labels[i];
  for (gsize i = 0; i < 50; i++)
    test_positive += dataset->test.labels[i];
  g_assert_cmpuint (train_positive, ==, 72);
  g_assert_cmpuint (test_positive, ==, 33);
}

/* ---- IDX ---- */

static void
check_idx_set (gboolean gzip)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *one_file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;
  g_autoptr (LlDataset) again = NULL;

  ll_test_write_idx_set (dir, 30, 20, 5, 4, 10, gzip);
  dataset = ll_dataset_load (dir, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dataset->format, ==, "idx");
  g_assert_cmpuint (dataset->height, ==, 5);
  g_assert_cmpuint (dataset->width, ==, 4);
  g_assert_cmpuint (dataset->channels, ==, 1);
  g_assert_cmpuint (dataset->n_features, ==, 20);
  g_assert_cmpuint (dataset->train.count, ==, 30);
  g_assert_cmpuint (dataset->test.count, ==, 20);
  g_assert_cmpuint (dataset->n_classes, ==, 10);
  g_assert_cmpstr (dataset->class_names[0], ==, "0");
  g_assert_cmpstr (dataset->class_names[9], ==, "9");
  assert_split_matches_fixture (&dataset->train, 20, 10);
  assert_split_matches_fixture (&dataset->test, 20, 10);
  g_assert_cmpuint (g_strv_length (dataset->input_files), ==, 4);
  g_assert_nonnull (strstr (dataset->input_files[3], "t10k-labels-idx1-ubyte"));

  /* the path of one of the files loads the same set */
  one_file = g_strdup_printf ("%s/t10k-labels-idx1-ubyte%s", dir, gzip ? ".gz" : "");
  again = ll_dataset_load (one_file, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->train.count, ==, 30);
  g_assert_cmpmem (again->test.pixels, 20 * 20, dataset->test.pixels, 20 * 20);
}

static void
test_idx_plain (void)
{
  check_idx_set (FALSE);
}

static void
test_idx_gzip (void)
{
  check_idx_set (TRUE);
}

static void
test_idx_fashion_names (void)
{
  g_autofree char *base = ll_test_make_tmpdir ();
  g_autofree char *dir = path_in (base, "My-FASHION-Set");
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  ll_test_write_idx_set (dir, 12, 10, 3, 3, 10, TRUE);
  dataset = ll_dataset_load (dir, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dataset->name, ==, "Fashion-MNIST");
  g_assert_cmpuint (dataset->n_classes, ==, 10);
  g_assert_cmpstr (dataset->class_names[0], ==, "T-shirt/top");
  g_assert_cmpstr (dataset->class_names[4], ==, "Coat");
  g_assert_cmpstr (dataset->class_names[9], ==, "Ankle boot");
}

/* Two datasets hold the same task: names, classes, images and labels. */
static void
assert_same_task (const LlDataset *a,
                  const LlDataset *b)
{
  const LlSplit *splits_a[2] = { &a->train, &a->test };
  const LlSplit *splits_b[2] = { &b->train, &b->test };

  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpuint (a->n_classes, ==, b->n_classes);
  for (guint c = 0; c < a->n_classes; c++)
    g_assert_cmpstr (a->class_names[c], ==, b->class_names[c]);
  g_assert_cmpuint (a->n_features, ==, b->n_features);
  for (guint s = 0; s < 2; s++)
    {
      g_assert_cmpuint (splits_a[s]->count, ==, splits_b[s]->count);
      g_assert_cmpmem (splits_a[s]->labels, splits_a[s]->count, splits_b[s]->labels, splits_b[s]->count);
      g_assert_cmpmem (splits_a[s]->pixels, splits_a[s]->count * a->n_features,
                       splits_b[s]->pixels, splits_b[s]->count * b->n_features);
    }
}

/* Loading only a task's images (LlDatasetOptions.for_task, as the command
 * line does) gives the task of the whole set, and the same errors. */
static void
test_idx_for_task (void)
{
  static const char * const specs[] = {
    "Coat,Pullover", "4,2", "Coat", "pullover, coat", NULL, "Coat,Coat", "Nope", "1,2,3",
  };

  for (guint gzip = 0; gzip < 2; gzip++)
    {
      g_autofree char *base = ll_test_make_tmpdir ();
      g_autofree char *dir = path_in (base, "fashion");
      g_autoptr (GError) error = NULL;
      g_autoptr (LlDataset) whole = NULL;

      g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
      ll_test_write_idx_set (dir, 50, 30, 3, 4, 10, gzip);
      whole = ll_dataset_load (dir, 0, 0, &error);
      g_assert_no_error (error);
      for (guint s = 0; s < G_N_ELEMENTS (specs); s++)
        {
          const LlDatasetOptions options = { .for_task = TRUE, .task_classes = specs[s] };
          g_autoptr (GError) expected_error = NULL;
          g_autoptr (LlDataset) expected = ll_dataset_select_binary (whole, specs[s], &expected_error);
          g_autoptr (LlDataset) loaded = ll_dataset_load_with_options (dir, &options, &error);
          g_autoptr (LlDataset) task = NULL;

          g_test_message ("gzip %u, --classes %s", gzip, specs[s]);
          g_assert_no_error (error);
          /* The classes stay the set's; only the images the task drops go. */
          g_assert_cmpuint (loaded->n_classes, ==, 10);
          if (expected != NULL)
            g_assert_cmpuint (loaded->train.count, ==, expected->train.count);
          task = ll_dataset_into_binary (g_steal_pointer (&loaded), specs[s], &error);
          if (expected == NULL)
            {
              g_assert_null (task);
              g_assert_error (error, LL_DATASET_ERROR, expected_error->code);
              g_assert_cmpstr (error->message, ==, expected_error->message);
              g_clear_error (&error);
              continue;
            }
          g_assert_no_error (error);
          assert_same_task (task, expected);
        }
    }
}

/* A gzip file of two members, or with bytes after its member, is read as
 * zlib reads it (the whole-file fast path leaves it to zlib). */
static void
test_idx_gzip_members (void)
{
  g_autofree char *plain_dir = ll_test_make_tmpdir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) plain = NULL;

  ll_test_write_idx_set (plain_dir, 40, 20, 5, 5, 3, FALSE);
  plain = ll_dataset_load (plain_dir, 0, 0, &error);
  g_assert_no_error (error);
  for (guint trailing = 0; trailing < 2; trailing++)
    {
      g_autofree char *dir = ll_test_make_tmpdir ();
      g_autofree char *source = path_in (plain_dir, "train-images-idx3-ubyte");
      g_autofree char *path = path_in (dir, "train-images-idx3-ubyte.gz");
      g_autofree char *contents = NULL;
      g_autoptr (LlDataset) loaded = NULL;
      gsize length, half;
      gzFile file;

      ll_test_write_idx_set (dir, 40, 20, 5, 5, 3, TRUE);
      g_file_get_contents (source, &contents, &length, &error);
      g_assert_no_error (error);
      half = trailing ? length : length / 2 + 3;
      file = gzopen (path, "wb");
      g_assert_cmpint (gzwrite (file, contents, half), ==, (int) half);
      g_assert_cmpint (gzclose (file), ==, Z_OK);
      if (trailing)
        {
          FILE *out = fopen (path, "ab");

          g_assert_nonnull (out);
          g_assert_cmpuint (fwrite ("trailing bytes", 1, 14, out), ==, 14);
          g_assert_cmpint (fclose (out), ==, 0);
        }
      else
        {
          file = gzopen (path, "ab");  /* a second member */
          g_assert_cmpint (gzwrite (file, contents + half, length - half), ==, (int) (length - half));
          g_assert_cmpint (gzclose (file), ==, Z_OK);
        }
      loaded = ll_dataset_load (dir, 0, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (loaded->train.count, ==, 40);
      g_assert_cmpmem (loaded->train.pixels, 40 * 25, plain->train.pixels, 40 * 25);
      g_assert_cmpmem (loaded->test.pixels, 20 * 25, plain->test.pixels, 20 * 25);
      g_assert_cmpmem (loaded->train.labels, 40, plain->train.labels, 40);
    }
}

/* Replaces one file of a good IDX set in a fresh folder by BYTES. */
static char *
idx_set_with (const char *file,
              GBytes     *bytes,
              gboolean    gzip)
{
  char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = path_in (dir, file);

  ll_test_write_idx_set (dir, 8, 6, 4, 4, 2, gzip);
  ll_test_write_bytes (path, bytes, gzip);
  return dir;
}

static GBytes *
fixture_images (guint32 magic,
                guint32 declared_count,
                guint32 rows,
                guint32 cols,
                gsize   payload_size)
{
  guint32 dims[3] = { declared_count, rows, cols };
  g_autofree guint8 *payload = g_malloc0 (payload_size + 1);

  return ll_test_idx_bytes (magic, 3, dims, payload, payload_size);
}

static void
test_idx_truncated (void)
{
  for (guint gzip = 0; gzip < 2; gzip++)
    {
      /* the header promises 8 images of 4x4, the file holds 5 and a half */
      g_autoptr (GBytes) images = fixture_images (0x803, 8, 4, 4, 5 * 16 + 8);
      const char *file = gzip ? "train-images-idx3-ubyte.gz" : "train-images-idx3-ubyte";
      g_autofree char *dir = idx_set_with (file, images, gzip);

      assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, file, "truncated");
    }
}

static void
test_idx_truncated_gzip_stream (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = path_in (dir, "train-images-idx3-ubyte.gz");
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr (GError) error = NULL;

  ll_test_write_idx_set (dir, 200, 6, 28, 28, 2, TRUE);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (path, contents, length / 2, &error);
  g_assert_no_error (error);
  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train-images-idx3-ubyte.gz", NULL);
}

static void
test_idx_corrupt_gzip (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = path_in (dir, "train-labels-idx1-ubyte.gz");
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr (GError) error = NULL;

  ll_test_write_idx_set (dir, 8, 6, 4, 4, 2, TRUE);
  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  contents[length - 6] ^= 0xff;  /* in the CRC-32 of the gzip trailer */
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train-labels-idx1-ubyte.gz", "corrupt gzip data");
}

static void
test_idx_lying_counts (void)
{
  /* fewer images declared than stored */
  g_autoptr (GBytes) longer = fixture_images (0x803, 8, 4, 4, 9 * 16);
  g_autofree char *dir = idx_set_with ("train-images-idx3-ubyte", longer, FALSE);
  /* image and label counts that disagree */
  g_autoptr (GBytes) fewer = fixture_images (0x803, 7, 4, 4, 7 * 16);
  g_autofree char *dir2 = idx_set_with ("train-images-idx3-ubyte", fewer, FALSE);
  /* a header claiming a billion huge images in a tiny file */
  g_autoptr (GBytes) huge = fixture_images (0x803, 1000000000, 4000, 4000, 16);
  g_autofree char *dir3 = idx_set_with ("train-images-idx3-ubyte.gz", huge, TRUE);
  /* images larger than the side cap */
  g_autoptr (GBytes) wide = fixture_images (0x803, 1, 1, 100000, 16);
  g_autofree char *dir4 = idx_set_with ("train-images-idx3-ubyte", wide, FALSE);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "train-images-idx3-ubyte", "longer than its header");
  assert_load_fails (dir2, LL_DATASET_ERROR_FORMAT, "train-labels-idx1-ubyte", "8 labels, but");
  assert_load_fails (dir3, LL_DATASET_ERROR_TOO_LARGE, "train-images-idx3-ubyte.gz", "1000000000");
  assert_load_fails (dir4, LL_DATASET_ERROR_TOO_LARGE, "train-images-idx3-ubyte", "100000");
}

static void
test_idx_wrong_magic (void)
{
  /* labels where images belong (0x801), and a float type (0x0d) */
  g_autoptr (GBytes) labels = fixture_images (0x801, 8, 4, 4, 8 * 16);
  g_autoptr (GBytes) floats = fixture_images (0x0d03, 8, 4, 4, 8 * 16);
  g_autofree char *dir = idx_set_with ("t10k-images-idx3-ubyte", labels, FALSE);
  g_autofree char *dir2 = idx_set_with ("t10k-images-idx3-ubyte", floats, FALSE);

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "t10k-images-idx3-ubyte", "magic number 0x00000801");
  assert_load_fails (dir2, LL_DATASET_ERROR_FORMAT, "t10k-images-idx3-ubyte", "magic number 0x00000d03");
}

static void
test_idx_label_out_of_range (void)
{
  g_autofree char *base = ll_test_make_tmpdir ();
  g_autofree char *dir = path_in (base, "fashion-mnist");
  g_autofree char *labels_path = path_in (dir, "t10k-labels-idx1-ubyte");
  guint8 labels[6] = { 0, 1, 2, 9, 10, 3 };
  guint32 count = 6;
  g_autoptr (GBytes) bytes = ll_test_idx_bytes (0x801, 1, &count, labels, 6);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  ll_test_write_idx_set (dir, 8, 6, 4, 4, 10, FALSE);
  ll_test_write_bytes (labels_path, bytes, FALSE);
  /* Fashion-MNIST has 10 classes: label 10 names none */
  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, "t10k-labels-idx1-ubyte", "label 4 is 10");
}

static void
test_idx_missing_part (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *labels = path_in (dir, "t10k-labels-idx1-ubyte");
  g_autofree char *images = path_in (dir, "train-images-idx3-ubyte");

  ll_test_write_idx_set (dir, 8, 6, 4, 4, 2, FALSE);
  g_assert_cmpint (g_unlink (labels), ==, 0);
  assert_load_fails (dir, LL_DATASET_ERROR_NOT_FOUND, dir, "t10k-labels-idx1-ubyte");
  /* a directory where a file is expected */
  g_assert_cmpint (g_mkdir (labels, 0700), ==, 0);
  assert_load_fails (images, LL_DATASET_ERROR_UNREADABLE, "t10k-labels-idx1-ubyte", "not a regular file");
}

static void
test_idx_unreadable (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *images = NULL;

  if (geteuid () == 0)
    {
      g_test_skip ("running as root: file permissions do not stop root from reading");
      return;
    }
  dir = ll_test_make_tmpdir ();
  images = path_in (dir, "t10k-images-idx3-ubyte");
  ll_test_write_idx_set (dir, 8, 6, 4, 4, 2, FALSE);
  g_assert_cmpint (g_chmod (images, 0), ==, 0);
  assert_load_fails (dir, LL_DATASET_ERROR_UNREADABLE, "t10k-images-idx3-ubyte", NULL);
}

/* ---- what ll_dataset_load is given ---- */

static void
test_load_not_found (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *missing = path_in (dir, "nothing-here");

  assert_load_fails (missing, LL_DATASET_ERROR_NOT_FOUND, "nothing-here", "no such file");
}

static void
test_load_unknown (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *text = path_in (dir, "notes.txt");
  g_autofree char *fifo = path_in (dir, "pipe");
  g_autoptr (GError) error = NULL;

  assert_load_fails (dir, LL_DATASET_ERROR_FORMAT, dir, "no dataset found");
  g_file_set_contents (text, "hello", -1, &error);
  g_assert_no_error (error);
  assert_load_fails (text, LL_DATASET_ERROR_FORMAT, "notes.txt", "not a dataset file");
  /* a FIFO must be refused, not block the load */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_load_fails (fifo, LL_DATASET_ERROR_UNREADABLE, "pipe", "not a regular file");
}

/* ---- class selection ---- */

static LlDataset *
load_ten_class_set (void)
{
  g_autofree char *base = ll_test_make_tmpdir ();
  g_autofree char *dir = path_in (base, "fashion");
  g_autoptr (GError) error = NULL;
  LlDataset *dataset;

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  ll_test_write_idx_set (dir, 40, 20, 2, 3, 10, TRUE);
  dataset = ll_dataset_load (dir, 0, 0, &error);
  g_assert_no_error (error);
  return dataset;
}

/* Checks that BINARY holds exactly the images of POS (label 1) and NEG
 * (label 0, or any other class when NEG < 0) from FULL, in order. */
static void
assert_selected (const LlDataset *full,
                 const LlDataset *binary,
                 int              pos,
                 int              neg)
{
  const LlSplit *splits[2][2] = { { &full->train, &binary->train }, { &full->test, &binary->test } };

  g_assert_cmpuint (binary->n_classes, ==, 2);
  g_assert_cmpuint (binary->n_features, ==, full->n_features);
  for (guint s = 0; s < 2; s++)
    {
      const LlSplit *from = splits[s][0], *to = splits[s][1];
      gsize k = 0;

      for (gsize i = 0; i < from->count; i++)
        {
          int label = from->labels[i];

          if (label != pos && neg >= 0 && label != neg)
            continue;
          g_assert_cmpuint (k, <, to->count);
          g_assert_cmpuint (to->labels[k], ==, label == pos ? 1 : 0);
          g_assert_cmpmem (to->pixels + k * full->n_features, full->n_features,
                           from->pixels + i * full->n_features, full->n_features);
          k++;
        }
      g_assert_cmpuint (k, ==, to->count);
    }
}

static void
test_classes_by_name_and_index (void)
{
  g_autoptr (LlDataset) full = load_ten_class_set ();
  const char *specs[] = { "Coat,Pullover", "4,2", "coat, PULLOVER", "Coat,2" };

  for (guint i = 0; i < G_N_ELEMENTS (specs); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LlDataset) binary = ll_dataset_select_binary (full, specs[i], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (binary->class_names[0], ==, "Pullover");
      g_assert_cmpstr (binary->class_names[1], ==, "Coat");
      g_assert_cmpstr (binary->name, ==, "Fashion-MNIST: Coat vs Pullover");
      assert_selected (full, binary, 4, 2);
    }
}

static void
test_classes_one_against_rest (void)
{
  g_autoptr (LlDataset) full = load_ten_class_set ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) binary = ll_dataset_select_binary (full, "ankle boot", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (binary->class_names[0], ==, "not Ankle boot");
  g_assert_cmpstr (binary->class_names[1], ==, "Ankle boot");
  g_assert_cmpuint (binary->train.count, ==, full->train.count);
  assert_selected (full, binary, 9, -1);
}

static void
test_classes_default (void)
{
  g_autoptr (LlDataset) full = load_ten_class_set ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) binary = ll_dataset_select_binary (full, NULL, &error);
  g_autoptr (LlDataset) same = NULL;

  /* ten classes: class 1 (positive) against class 0 */
  g_assert_no_error (error);
  g_assert_cmpstr (binary->class_names[0], ==, "T-shirt/top");
  g_assert_cmpstr (binary->class_names[1], ==, "Trouser");
  assert_selected (full, binary, 1, 0);

  /* two classes: the set as it is */
  same = ll_dataset_select_binary (binary, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (same->name, ==, binary->name);
  g_assert_cmpuint (same->train.count, ==, binary->train.count);
  g_assert_cmpmem (same->train.labels, same->train.count, binary->train.labels, binary->train.count);
}

static void
test_classes_errors (void)
{
  g_autoptr (LlDataset) full = load_ten_class_set ();
  struct { const char *spec; const char *reason; } cases[] = {
    { "Hat", "no class \"Hat\"" },
    { "Coat,Hat", "no class \"Hat\"" },
    { "10", "no class \"10\"" },
    { "Coat,4", "the same" },
    { "coat,COAT", "the same" },
    { "1,2,3", "expected POS or POS,NEG" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LlDataset) binary = ll_dataset_select_binary (full, cases[i].spec, &error);

      g_assert_null (binary);
      g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES);
      g_test_message ("%s -> %s", cases[i].spec, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].reason));
    }
}

static void
test_classes_empty_class (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) full = NULL;
  g_autoptr (LlDataset) binary = NULL;

  /* 3 training images with labels 0, 1, 2 of ten classes: 7 is never seen */
  ll_test_write_idx_set (dir, 3, 3, 2, 2, 10, FALSE);
  full = ll_dataset_load (dir, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (full->n_classes, ==, 3);
  binary = ll_dataset_select_binary (full, "2,1", &error);
  g_assert_no_error (error);
  g_clear_pointer (&binary, ll_dataset_free);
  /* label 2 exists, so "2" is a class; but no image has it among 0,1 pairs */
  full->train.labels[2] = 0;
  binary = ll_dataset_select_binary (full, "2,1", &error);
  g_assert_null (binary);
  g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES);
  g_assert_nonnull (strstr (error->message, "no training images of class \"2\""));
}

/* A deep copy, for ll_dataset_into_binary to consume. */
static LlDataset *
dataset_dup (const LlDataset *dataset)
{
  LlDataset *copy = g_memdup2 (dataset, sizeof *dataset);
  const LlSplit *from[2] = { &dataset->train, &dataset->test };
  LlSplit *to[2] = { &copy->train, &copy->test };

  copy->name = g_strdup (dataset->name);
  copy->path = g_strdup (dataset->path);
  copy->format = g_strdup (dataset->format);
  copy->class_names = g_strdupv (dataset->class_names);
  copy->input_files = g_strdupv (dataset->input_files);
  for (guint s = 0; s < 2; s++)
    {
      to[s]->pixels = g_memdup2 (from[s]->pixels, MAX (from[s]->count * dataset->n_features, 1));
      to[s]->labels = g_memdup2 (from[s]->labels, MAX (from[s]->count, 1));
    }
  return copy;
}

/* Consuming the set: the very same object when nothing changes, else what
 * ll_dataset_select_binary makes. */
static void
test_into_binary (void)
{
  g_autoptr (LlDataset) full = load_ten_class_set ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) pair = ll_dataset_select_binary (full, "Coat,Pullover", &error);
  struct { const LlDataset *from; const char *spec; gboolean same; } cases[] = {
    { pair, NULL, TRUE },
    { pair, "1,0", TRUE },
    { pair, "1", TRUE },
    { pair, "coat", TRUE },
    { pair, "Coat, Pullover", TRUE },
    { pair, "0", FALSE },
    { pair, "Pullover,Coat", FALSE },
    { full, NULL, FALSE },
    { full, "Coat,Pullover", FALSE },
    { full, "ankle boot", FALSE },
  };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LlDataset *input = dataset_dup (cases[i].from);
      g_autoptr (LlDataset) expected = ll_dataset_select_binary (cases[i].from, cases[i].spec,
                                                                 &error);
      g_autoptr (LlDataset) task = NULL;

      g_test_message ("%s from %s", cases[i].spec, cases[i].from->name);
      g_assert_no_error (error);
      task = ll_dataset_into_binary (input, cases[i].spec, &error);
      g_assert_no_error (error);
      if (cases[i].same)
        g_assert_true (task == input);
      else
        g_assert_true (task != input);  /* made before the input is freed */
      ll_test_assert_dataset_equal (task, expected);
    }
}

/* On error the input is freed (the leak checker of run-all's sanitizer
 * stage sees it) and the error is select_binary's. */
static void
test_into_binary_errors (void)
{
  g_autoptr (LlDataset) full = load_ten_class_set ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) pair = ll_dataset_select_binary (full, "Coat,Pullover", &error);
  g_autoptr (LlDataset) no_coats = NULL;
  struct { const LlDataset *from; const char *spec; } cases[] = {
    { full, "Hat" },
    { full, "1,2,3" },
    { pair, "Coat,coat" },
    { pair, "2" },
    { NULL, NULL },       /* no_coats: the identity, but no training image of class 1 */
    { NULL, "Pullover" },
  };

  g_assert_no_error (error);
  no_coats = dataset_dup (pair);
  memset (no_coats->train.labels, 0, no_coats->train.count);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const LlDataset *from = cases[i].from != NULL ? cases[i].from : no_coats;
      g_autoptr (GError) expected = NULL;
      g_autoptr (LlDataset) selected = ll_dataset_select_binary (from, cases[i].spec, &expected);
      g_autoptr (LlDataset) task = NULL;

      g_assert_null (selected);
      g_assert_nonnull (expected);
      task = ll_dataset_into_binary (dataset_dup (from), cases[i].spec, &error);
      g_assert_null (task);
      g_assert_error (error, expected->domain, expected->code);
      g_assert_cmpstr (error->message, ==, expected->message);
      g_clear_error (&error);
    }
}

/* ---- the built-in set ---- */

static void
test_builtin (void)
{
  g_autoptr (GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  g_autoptr (LlDataset) dataset = ll_dataset_load_builtin (&error);
  gint64 elapsed = g_get_monotonic_time () - start;
  g_autoptr (LlDataset) binary = NULL;
  guint coats = 0, test_coats = 0;

  g_assert_no_error (error);
  g_test_message ("built-in dataset loaded in %.1f ms", elapsed / 1000.0);
  g_assert_cmpstr (dataset->name, ==, "Fashion-MNIST: Coat vs Pullover");
  g_assert_cmpstr (dataset->path, ==, "builtin");
  g_assert_cmpstr (dataset->format, ==, "builtin");
  g_assert_cmpuint (dataset->height, ==, 28);
  g_assert_cmpuint (dataset->width, ==, 28);
  g_assert_cmpuint (dataset->channels, ==, 1);
  g_assert_cmpuint (dataset->n_features, ==, 784);
  g_assert_cmpuint (dataset->n_classes, ==, 2);
  g_assert_cmpstr (dataset->class_names[0], ==, "Pullover");
  g_assert_cmpstr (dataset->class_names[1], ==, "Coat");
  g_assert_cmpuint (dataset->train.count, ==, 1000);
  g_assert_cmpuint (dataset->test.count, ==, 400);
  for (gsize i = 0; i < dataset->train.count; i++)
    coats += dataset->train.labels[i];
  for (gsize i = 0; i < dataset->test.count; i++)
    test_coats += dataset->test.labels[i];
  g_assert_cmpuint (coats, ==, 500);
  g_assert_cmpuint (test_coats, ==, 200);

  /* the default selection keeps it as it is */
  binary = ll_dataset_select_binary (dataset, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (binary->name, ==, dataset->name);
}

/* All of Debian's Fashion-MNIST, when installed (dataset-fashion-mnist). */
static void
test_fashion_mnist_full (void)
{
  const char *dir = "/usr/share/datasets/fashion-mnist";
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;
  g_autoptr (LlDataset) binary = NULL;
  gint64 start;

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("Debian's dataset-fashion-mnist is not installed");
      return;
    }
  start = g_get_monotonic_time ();
  dataset = ll_dataset_load (dir, 0, 0, &error);
  g_assert_no_error (error);
  g_test_message ("all of Fashion-MNIST loaded in %.0f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpstr (dataset->name, ==, "Fashion-MNIST");
  g_assert_cmpuint (dataset->train.count, ==, 60000);
  g_assert_cmpuint (dataset->test.count, ==, 10000);
  g_assert_cmpuint (dataset->n_classes, ==, 10);
  binary = ll_dataset_select_binary (dataset, "Coat,Pullover", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (binary->train.count, ==, 12000);
  g_assert_cmpuint (binary->test.count, ==, 2000);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dataset/features", test_features);
  g_test_add_func ("/dataset/h5/pair-folder", test_h5_pair_folder);
  g_test_add_func ("/dataset/h5/pair-single-file", test_h5_pair_single_file);
  g_test_add_func ("/dataset/h5/no-classes", test_h5_no_classes);
  g_test_add_func ("/dataset/h5/float-pixels", test_h5_float_pixels);
  g_test_add_func ("/dataset/h5/float-labels", test_h5_float_labels);
  g_test_add_func ("/dataset/h5/wrong-rank", test_h5_wrong_rank);
  g_test_add_func ("/dataset/h5/wrong-channels", test_h5_wrong_channels);
  g_test_add_func ("/dataset/h5/counts-disagree", test_h5_counts_disagree);
  g_test_add_func ("/dataset/h5/label-out-of-range", test_h5_label_out_of_range);
  g_test_add_func ("/dataset/h5/shapes-disagree", test_h5_shapes_disagree);
  g_test_add_func ("/dataset/h5/external-link", test_h5_external_link);
  g_test_add_func ("/dataset/h5/external-storage", test_h5_external_storage);
  g_test_add_func ("/dataset/h5/deflate", test_h5_deflate);
  g_test_add_func ("/dataset/h5/unknown-filter", test_h5_unknown_filter);
  g_test_add_func ("/dataset/h5/truncated", test_h5_truncated);
  g_test_add_func ("/dataset/h5/missing-half", test_h5_missing_half);
  g_test_add_func ("/dataset/h5/directory-as-file", test_h5_directory_as_file);
  g_test_add_func ("/dataset/h5/unreadable", test_h5_unreadable);
  g_test_add_func ("/dataset/h5/not-hdf5", test_h5_not_hdf5);
  g_test_add_func ("/dataset/h5/written-by-h5py", test_h5_written_by_h5py);
  g_test_add_func ("/dataset/h5/catvnoncat", test_catvnoncat);
  g_test_add_func ("/dataset/idx/plain", test_idx_plain);
  g_test_add_func ("/dataset/idx/gzip", test_idx_gzip);
  g_test_add_func ("/dataset/idx/fashion-names", test_idx_fashion_names);
  g_test_add_func ("/dataset/idx/for-task", test_idx_for_task);
  g_test_add_func ("/dataset/idx/gzip-members", test_idx_gzip_members);
  g_test_add_func ("/dataset/idx/truncated", test_idx_truncated);
  g_test_add_func ("/dataset/idx/truncated-gzip-stream", test_idx_truncated_gzip_stream);
  g_test_add_func ("/dataset/idx/corrupt-gzip", test_idx_corrupt_gzip);
  g_test_add_func ("/dataset/idx/lying-counts", test_idx_lying_counts);
  g_test_add_func ("/dataset/idx/wrong-magic", test_idx_wrong_magic);
  g_test_add_func ("/dataset/idx/label-out-of-range", test_idx_label_out_of_range);
  g_test_add_func ("/dataset/idx/missing-part", test_idx_missing_part);
  g_test_add_func ("/dataset/idx/unreadable", test_idx_unreadable);
  g_test_add_func ("/dataset/load/not-found", test_load_not_found);
  g_test_add_func ("/dataset/load/unknown", test_load_unknown);
  g_test_add_func ("/dataset/classes/by-name-and-index", test_classes_by_name_and_index);
  g_test_add_func ("/dataset/classes/one-against-rest", test_classes_one_against_rest);
  g_test_add_func ("/dataset/classes/default", test_classes_default);
  g_test_add_func ("/dataset/classes/errors", test_classes_errors);
  g_test_add_func ("/dataset/classes/empty-class", test_classes_empty_class);
  g_test_add_func ("/dataset/classes/into-binary", test_into_binary);
  g_test_add_func ("/dataset/classes/into-binary-errors", test_into_binary_errors);
  g_test_add_func ("/dataset/builtin", test_builtin);
  g_test_add_func ("/dataset/idx/fashion-mnist-full", test_fashion_mnist_full);
  return g_test_run ();
}
