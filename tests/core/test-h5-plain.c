/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-h5-plain.c: the in-process reader of plain .h5 files reads what
 * libhdf5 reads, to the byte, or declines; it never gives another answer. */
#include "config.h"

#include "fixtures.h"
#include "core/data/dataset-h5-helper.h"
#include "core/data/dataset-h5-plain.h"

#include <string.h>

/* The plain reader on PATH: NULL (declined), or what libhdf5 reads in its
 * child, which must then succeed. */
static LlDataset *
plain_checked (const char *path)
{
  g_autoptr (LlDataset) plain = ll_dataset_load_h5_plain (path);
  g_autoptr (LlDataset) reference = NULL;
  g_autoptr (GError) error = NULL;

  if (plain == NULL)
    return NULL;
  reference = ll_dataset_load_h5_in_helper (NULL, path, NULL, &error);
  g_assert_no_error (error);
  ll_test_assert_dataset_equal (plain, reference);
  return g_steal_pointer (&plain);
}

static void
test_catvnoncat (void)
{
  const char *dir = ll_test_catvnoncat_dir ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) plain = NULL;
  g_autoptr (LlDataset) direct = NULL;

  if (dir == NULL)
    return;
  /* The course's files are plain: read here, equal to libhdf5's reading. */
  plain = plain_checked (dir);
  g_assert_nonnull (plain);
  g_assert_cmpuint (plain->train.count, ==, 209);
  g_assert_cmpuint (plain->test.count, ==, 50);
  g_assert_cmpuint (plain->n_features, ==, 12288);
  g_assert_cmpstr (plain->class_names[0], ==, "non-cat");
  g_assert_cmpstr (plain->class_names[1], ==, "cat");
  /* And in-process libhdf5 agrees as well. */
  direct = ll_dataset_load_h5_pair (dir, &error);
  g_assert_no_error (error);
  ll_test_assert_dataset_equal (plain, direct);
}

/* Files that libhdf5 writes with its defaults are plain, whatever the
 * optional parts; the others are declined and libhdf5 reads or refuses. */
static void
test_written_variants (void)
{
  const struct {
    const char *what;
    LlTestH5Spec spec;
    gboolean plain;
  } cases[] = {
    { "good", { 0 }, TRUE },
    { "grey", { .channels = 1 }, TRUE },
    { "no list_classes", { .no_classes = TRUE }, TRUE },
    { "label outside the classes", { .bad_last_label = TRUE }, FALSE },
    { "labels count differs", { .label_count = 4 }, FALSE },
    { "rank 2 pixels", { .x_rank = 2 }, FALSE },
    { "float pixels", { .x_float = TRUE }, FALSE },
    { "float labels", { .y_float = TRUE }, FALSE },
    { "external storage", { .external_storage = TRUE }, FALSE },
    { "deflated", { .x_deflate = TRUE }, FALSE },
    { "unknown filter", { .x_unknown_filter = TRUE }, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *dir = ll_test_make_tmpdir ();
      g_autofree char *train = g_build_filename (dir, "train_v.h5", NULL);
      g_autofree char *test = g_build_filename (dir, "test_v.h5", NULL);
      LlTestH5Spec spec = cases[i].spec;
      LlTestH5Spec test_spec = { .prefix = "test", .count = 3, .height = 6, .width = 5,
                                 .channels = spec.channels != 0 ? spec.channels : 3 };
      g_autoptr (LlDataset) plain = NULL;

      spec.prefix = "train";
      spec.count = 5;
      spec.height = 6;
      spec.width = 5;
      spec.channels = test_spec.channels;
      ll_test_write_h5 (train, &spec);
      ll_test_write_h5 (test, &test_spec);
      g_test_message ("%s", cases[i].what);
      plain = plain_checked (dir);
      g_assert_cmpint (plain != NULL, ==, cases[i].plain);
      /* Through the loader, declined or not, the answer is libhdf5's. */
      if (!cases[i].plain)
        {
          g_autoptr (GError) loaded = NULL;
          g_autoptr (GError) direct = NULL;
          g_autoptr (LlDataset) a = ll_dataset_load (dir, 0, 0, &loaded);
          g_autoptr (LlDataset) b = ll_dataset_load_h5_pair (dir, &direct);

          g_assert_cmpint (a != NULL, ==, b != NULL);
          if (b == NULL)
            {
              g_assert_error (loaded, direct->domain, direct->code);
              g_assert_cmpstr (loaded->message, ==, direct->message);
            }
        }
    }
}

/* Every .h5 of the hostile-input corpus: declined, or the same dataset. */
static void
test_corpus (void)
{
  const char *names[] = { "h5-ok", "h5-float-pixels", "h5-rank-5", "h5-five-channels",
                          "h5-counts-disagree", "h5-label-2", "h5-external-link", "h5-truncated" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *dir = g_build_filename (g_getenv ("LL_SOURCE_DIR"), "tests", "corpus", "datasets",
                                               names[i], NULL);
      g_autoptr (LlDataset) plain = plain_checked (dir);

      g_test_message ("%s: %s", names[i], plain != NULL ? "read here" : "declined");
      g_assert_cmpint (plain != NULL, ==, i == 0);
    }
}

#ifndef MUTATION_CHECK_EVERY
#define MUTATION_CHECK_EVERY 23
#endif

/* Small changes to the metadata of a plain file: each is declined, or read
 * the same as libhdf5 reads the changed file. */
static void
test_mutations (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *train = g_build_filename (dir, "train_m.h5", NULL);
  g_autofree char *test = g_build_filename (dir, "test_m.h5", NULL);
  LlTestH5Spec train_spec = { .prefix = "train", .count = 4, .height = 3, .width = 2, .channels = 3 };
  LlTestH5Spec test_spec = { .prefix = "test", .count = 2, .height = 3, .width = 2, .channels = 3 };
  const guint8 changes[] = { 0x01, 0x80, 0xff };
  g_autofree char *original = NULL;
  gsize size;
  guint declined = 0, read = 0, compared = 0;

  ll_test_write_h5 (train, &train_spec);
  ll_test_write_h5 (test, &test_spec);
  g_assert_true (g_file_get_contents (train, &original, &size, NULL));
  for (gsize at = 0; at < size; at++)
    for (guint c = 0; c < G_N_ELEMENTS (changes); c++)
      {
        g_autofree guint8 *bytes = g_memdup2 (original, size);
        g_auto (LlH5Split) split = { 0 };

        bytes[at] ^= changes[c];
        if (!ll_h5_plain_read_memory (bytes, size, "train", &split))
          {
            declined++;
            continue;
          }
        /* Read: then libhdf5 reads the same pair (in its child: it may
         * crash on the changed file), unless the pair does not hold
         * together, which the plain reader declines too. Every
         * MUTATION_CHECK_EVERY-th, to keep the test short. */
        if (read++ % MUTATION_CHECK_EVERY == 0)
          {
            g_autoptr (LlDataset) plain = NULL;

            g_test_message ("byte %zu ^ 0x%02x: read here", at, changes[c]);
            g_assert_true (g_file_set_contents (train, (const char *) bytes, (gssize) size, NULL));
            plain = plain_checked (dir);
            compared += plain != NULL;
          }
      }
  g_test_message ("%zu bytes x %zu changes: %u declined, %u read, %u pairs compared with libhdf5",
                  size, G_N_ELEMENTS (changes), declined, read, compared);
  g_assert_cmpuint (declined, >, 0);
  g_assert_cmpuint (compared, >, 0);
}

/* Bytes that are not HDF5, or cut short, are declined without a read past
 * the end (ASan) and without a crash. */
static void
test_truncations (void)
{
  const char *dir = ll_test_catvnoncat_dir ();
  g_autofree char *path = NULL;
  g_autofree char *bytes = NULL;
  gsize size;

  if (dir == NULL)
    return;
  path = g_build_filename (dir, "test_catvnoncat.h5", NULL);
  g_assert_true (g_file_get_contents (path, &bytes, &size, NULL));
  for (gsize cut = 0; cut < size; cut += cut < 4096 ? 1 : 4093)
    {
      g_auto (LlH5Split) split = { 0 };
      g_autofree guint8 *copy = g_memdup2 (bytes, cut);

      g_assert_false (ll_h5_plain_read_memory (copy, cut, "test", &split));
    }
  {
    g_auto (LlH5Split) split = { 0 };

    g_assert_true (ll_h5_plain_read_memory ((const guint8 *) bytes, size, "test", &split));
    g_assert_cmpuint (split.count, ==, 50);
    /* The other prefix's datasets are not there. */
    g_assert_false (ll_h5_plain_read_memory ((const guint8 *) bytes, size, "train", &split));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/h5-plain/catvnoncat", test_catvnoncat);
  g_test_add_func ("/h5-plain/written-variants", test_written_variants);
  g_test_add_func ("/h5-plain/corpus", test_corpus);
  g_test_add_func ("/h5-plain/mutations", test_mutations);
  g_test_add_func ("/h5-plain/truncations", test_truncations);
  return g_test_run ();
}
