/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-h5-helper.c: .h5 pairs read in a limited child (`logistic-lab
 * --read-h5`): the same dataset or error as the in-process reader, and a
 * crash, hang or lying reply of the child turned into an error naming the
 * file. */
#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>

#include "core/data/dataset.h"
#include "core/data/dataset-h5-helper.h"
#include "fixtures.h"

/* ---- helpers ---- */

/* Points CONFIG at the stand-in that misbehaves on request
 * (h5-helper-child.c); FALSE (the test skipped) when it is not built. */
static gboolean
use_stand_in (LlDecodeHelperConfig *config)
{
  config->helper_path = g_getenv ("LL_H5_HELPER_CHILD");
  if (config->helper_path != NULL && g_file_test (config->helper_path, G_FILE_TEST_IS_EXECUTABLE))
    return TRUE;
  g_test_skip ("the stand-in .h5 reader is not built: run through meson test (LL_H5_HELPER_CHILD)");
  return FALSE;
}

/* An empty folder named NAME (which may pick a misbehaviour). */
static char *
make_dir (const char *name)
{
  g_autofree char *root = ll_test_make_tmpdir ();
  char *dir = g_build_filename (root, name, NULL);

  g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
  return dir;
}

/* A good toy pair (train_toy.h5, test_toy.h5) in a folder named NAME. */
static char *
make_pair_in (const char *name)
{
  char *dir = make_dir (name);

  ll_test_write_h5_pair (dir, "toy", 5, 3);
  return dir;
}

/* SOURCE copied as both halves of a pair, train_x.h5 and test_x.h5. */
static char *
make_pair_of (const char *source)
{
  g_autofree char *contents = NULL;
  g_autofree char *train = NULL;
  g_autofree char *test = NULL;
  char *dir = make_dir ("pair");
  gsize size;

  g_assert_true (g_file_get_contents (source, &contents, &size, NULL));
  train = g_build_filename (dir, "train_x.h5", NULL);
  test = g_build_filename (dir, "test_x.h5", NULL);
  g_assert_true (g_file_set_contents (train, contents, (gssize) size, NULL));
  g_assert_true (g_file_set_contents (test, contents, (gssize) size, NULL));
  return dir;
}

/* Loading PATH with CONFIG fails with CODE and a message starting with PREFIX. */
static void
assert_helper_error (const LlDecodeHelperConfig *config,
                     const char                 *path,
                     int                         code,
                     const char                 *prefix)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = ll_dataset_load_h5_in_helper (config, path, NULL, &error);

  g_assert_null (dataset);
  g_assert_error (error, LL_DATASET_ERROR, code);
  g_test_message ("%s -> %s", path, error->message);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("expected a message starting with \"%s\", got \"%s\"", prefix, error->message);
}

/* The stand-in, reading a toy pair in a folder named MODE (the misbehaviour),
 * with TIMEOUT_MS and CPU_SECONDS (0: defaults), fails with a FORMAT error
 * "FILE: REASON...", FILE being the folder, or IN_FILE inside it. FALSE
 * when the stand-in is not built (the test is skipped). */
static gboolean
assert_stand_in_error (const char *mode,
                       guint       timeout_ms,
                       guint       cpu_seconds,
                       const char *in_file,
                       const char *reason)
{
  LlDecodeHelperConfig config = { .timeout_ms = timeout_ms, .cpu_limit_seconds = cpu_seconds };
  g_autofree char *dir = NULL;
  g_autofree char *file = NULL;
  g_autofree char *expected = NULL;

  if (!use_stand_in (&config))
    return FALSE;
  dir = make_pair_in (mode);
  file = in_file != NULL ? g_build_filename (dir, in_file, NULL) : g_strdup (dir);
  expected = g_strdup_printf ("%s: %s", file, reason);
  assert_helper_error (&config, dir, LL_DATASET_ERROR_FORMAT, expected);
  return TRUE;
}

/* ---- the real child ---- */

static void
assert_same_as_in_process (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) direct = ll_dataset_load_h5_pair (path, &error);
  g_autoptr (LlDataset) helped = NULL;

  g_assert_no_error (error);
  helped = ll_dataset_load (path, 0, 0, &error);
  g_assert_no_error (error);
  ll_test_assert_dataset_equal (helped, direct);
}

static void
test_same_dataset (void)
{
  g_autofree char *dir = make_pair_in ("toy");
  g_autofree char *file = g_build_filename (dir, "test_toy.h5", NULL);

  assert_same_as_in_process (dir);
  assert_same_as_in_process (file);
}

static void
test_catvnoncat_bit_identical (void)
{
  const char *dir = ll_test_catvnoncat_dir ();

  if (dir == NULL)
    return;
  assert_same_as_in_process (dir);
}

/* The reader's own errors arrive as they are: domain, code and message. */
static void
test_errors_travel_back (void)
{
  g_autofree char *dir = make_pair_in ("toy");
  g_autofree char *train = g_build_filename (dir, "train_toy.h5", NULL);
  const char *paths[] = { train, dir };

  /* A train file that is not HDF5 at all, and a folder without its pair. */
  g_assert_true (g_file_set_contents (train, "not hdf5", -1, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (GError) direct = NULL;
      g_autoptr (GError) helped = NULL;
      g_autoptr (LlDataset) a = ll_dataset_load_h5_pair (paths[i], &direct);
      g_autoptr (LlDataset) b = ll_dataset_load_h5_in_helper (NULL, paths[i], NULL, &helped);

      g_assert_null (a);
      g_assert_null (b);
      g_assert_nonnull (direct);
      g_assert_error (helped, direct->domain, direct->code);
      g_assert_cmpstr (helped->message, ==, direct->message);
      if (i == 0)
        g_assert_nonnull (strstr (helped->message, "train_toy.h5"));
    }
}

/* tests/fuzz/hdf5-crashes: libhdf5 crashes on each file; the child dies,
 * the caller gets an error naming the file. */
static void
test_fuzz_crashes_contained (void)
{
  g_autofree char *crashes = g_build_filename (g_getenv ("LL_SOURCE_DIR"), "tests", "fuzz",
                                               "hdf5-crashes", NULL);
  g_autoptr (GDir) listing = g_dir_open (crashes, 0, NULL);
  const char *entry;
  guint n_files = 0;

  g_assert_nonnull (listing);
  while ((entry = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *source = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *expected = NULL;
      g_autoptr (GError) error = NULL;
      g_autoptr (LlDataset) dataset = NULL;

      if (!g_str_has_suffix (entry, ".h5"))
        continue;
      n_files++;
      source = g_build_filename (crashes, entry, NULL);
      dir = make_pair_of (source);
      expected = g_strdup_printf ("%s/train_x.h5: the HDF5 library crashed reading this file", dir);
      dataset = ll_dataset_load (dir, 0, 0, &error);
      g_assert_null (dataset);
      g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT);
      g_test_message ("%s -> %s", entry, error->message);
      g_assert_true (g_str_has_prefix (error->message, expected));
    }
  g_assert_cmpuint (n_files, >, 0);
}

/* The same through the command: exit 2, one stderr line naming the file,
 * nothing on stdout. */
static void
test_cli_crash_file (void)
{
  const char *program = ll_test_logistic_lab ();
  g_autofree char *source = g_build_filename (g_getenv ("LL_SOURCE_DIR"), "tests", "fuzz", "hdf5-crashes",
                                              "null-read-in-H5F__accum_read.h5", NULL);
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;

  if (program == NULL)
    return;
  dir = make_pair_of (source);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              program, "train", "--dataset", dir, NULL);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  g_assert_false (g_subprocess_get_if_signaled (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
  g_assert_cmpstr (out, ==, "");
  g_assert_true (strchr (err, '\n') == err + strlen (err) - 1);  /* one line */
  g_assert_nonnull (strstr (err, "train_x.h5: the HDF5 library crashed reading this file"));
}

/* ---- the stand-in child's misbehaviours ---- */

static void
test_crash_names_the_file (void)
{
  assert_stand_in_error ("crash-in-test", 0, 0, "test_toy.h5",
                         "the HDF5 library crashed reading this file (signal 11)");
}

static void
test_hang_is_killed (void)
{
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed_ms;

  if (!assert_stand_in_error ("hang", 300, 0, NULL,
                              "reading this HDF5 file took longer than 300 ms and was stopped"))
    return;
  /* Stopped by the wall clock, not by a test timeout. */
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  g_test_message ("stopped after %" G_GINT64_FORMAT " ms", elapsed_ms);
  g_assert_true (elapsed_ms >= 300 && elapsed_ms < 5000);
}

static void
test_cpu_limit (void)
{
  /* A busy loop is stopped by RLIMIT_CPU (1 s) well before the 30 s clock. */
  assert_stand_in_error ("spin", 30000, 1, NULL, "reading this HDF5 file used more than 1 s of processor time");
}

/* Replies that are not exactly one well-formed dataset are refused. */
static void
test_bad_replies (void)
{
  const char *modes[] = { "garbage", "truncated", "extra", "badlabel" };
  LlDecodeHelperConfig config = { 0 };
  g_autofree char *dir = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    assert_stand_in_error (modes[i], 0, 0, NULL, "the HDF5 reader sent a malformed reply");
  /* The stand-in itself reads a good pair like the real one. */
  if (!use_stand_in (&config))
    return;
  dir = make_pair_in ("good");
  dataset = ll_dataset_load_h5_in_helper (&config, dir, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->train.count, ==, 5);
  g_assert_cmpuint (dataset->test.count, ==, 3);
}

static void
test_missing_helper (void)
{
  LlDecodeHelperConfig config = { .helper_path = "/nonexistent/logistic-lab" };
  g_autofree char *dir = make_pair_in ("toy");
  g_autofree char *expected = g_strdup_printf ("%s: cannot start the HDF5 reader", dir);

  assert_helper_error (&config, dir, LL_DATASET_ERROR_UNREADABLE, expected);
}

static void
test_cancelled (void)
{
  g_autofree char *dir = make_pair_in ("toy");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;

  g_cancellable_cancel (cancellable);
  dataset = ll_dataset_load_h5_in_helper (NULL, dir, cancellable, &error);
  g_assert_null (dataset);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/h5-helper/same-dataset", test_same_dataset);
  g_test_add_func ("/h5-helper/catvnoncat-bit-identical", test_catvnoncat_bit_identical);
  g_test_add_func ("/h5-helper/errors-travel-back", test_errors_travel_back);
  g_test_add_func ("/h5-helper/fuzz-crashes-contained", test_fuzz_crashes_contained);
  g_test_add_func ("/h5-helper/cli-crash-file", test_cli_crash_file);
  g_test_add_func ("/h5-helper/crash-names-the-file", test_crash_names_the_file);
  g_test_add_func ("/h5-helper/hang-is-killed", test_hang_is_killed);
  g_test_add_func ("/h5-helper/cpu-limit", test_cpu_limit);
  g_test_add_func ("/h5-helper/bad-replies", test_bad_replies);
  g_test_add_func ("/h5-helper/missing-helper", test_missing_helper);
  g_test_add_func ("/h5-helper/cancelled", test_cancelled);
  return g_test_run ();
}
