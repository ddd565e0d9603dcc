/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-faults.c: the window when things go wrong around it: a dataset chosen
 * while another loads, the window closed during a load or a training,
 * exports to a read-only place and to a full disk (RLIMIT_FSIZE, with
 * SIGXFSZ ignored, stands in for it: as root in CI, permission bits stop
 * nothing), a dataset file truncated or removed while it loads. In each case:
 * a message naming the file, the earlier file intact, no temporary file
 * left, and a window that still trains. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "app/ll-application.h"
#include "app/ll-classify-view.h"
#include "app/ll-rate-list.h"
#include "app/ll-window-files.h"
#include "app/ll-window-private.h"
#include "app/ll-window.h"
#include "app-fixture.h"
#include "fixtures.h"

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static gboolean
pointer_cleared (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static char *
corpus_path (const char *name)
{
  return g_build_filename (g_getenv ("LL_SOURCE_DIR"), "tests", "corpus", "datasets", name, NULL);
}

/* Destroys WINDOW and waits until the last reference (a load's or an
 * export's task may hold one) is gone: no callback after that may crash. */
static void
close_and_wait (LlWindow *window)
{
  gpointer weak = window;

  g_object_add_weak_pointer (G_OBJECT (window), &weak);
  gtk_window_destroy (GTK_WINDOW (window));
  ll_test_wait_for (pointer_cleared, &weak);
}

typedef struct {
  LlWindow *window;
  const char *file;
} ErrorWait;

static gboolean
error_names_file (gpointer data)
{
  ErrorWait *wait = data;
  const char *error = ll_window_get_error (wait->window);

  return error != NULL && strstr (error, wait->file) != NULL;
}

/* Waits for the banner to show an error naming FILE (and WORD). */
static void
assert_error_names (LlWindow   *window,
                    const char *file,
                    const char *word)
{
  ErrorWait wait = { window, file };
  const char *error;

  ll_test_wait_for (error_names_file, &wait);
  error = ll_window_get_error (window);
  g_test_message ("banner: %s", error);
  g_assert_nonnull (strstr (error, file));
  if (word != NULL)
    g_assert_nonnull (strstr (error, word));
}

/* The banner names the file chosen, not the temporary file written beside
 * it and renamed over it ("weights.npz.DRUOZ3"). */
static void
assert_no_temporary_name (LlWindow   *window,
                          const char *path)
{
  g_autofree char *temporary = g_strconcat (path, ".", NULL);

  g_assert_null (strstr (ll_window_get_error (window), temporary));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The files in DIR, sorted, joined by spaces. */
static char *
list_dir (const char *dir)
{
  g_autoptr (GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr (GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    g_ptr_array_add (names, (char *) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

/* Arguments ---------------------------------------------------------------------- */

/* `logistic-lab nothere.jpg`, an empty file or a text file as the image
 * (issue 23): each is an image that cannot be opened, said as such, and the
 * window keeps its dataset and trains. */
static void
test_bad_image_argument (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *missing = g_build_filename (dir, "nothere.jpg", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.png", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  const char *const arguments[] = { missing, empty, text };
  g_autoptr (LlApplication) application = ll_application_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *subtitle = NULL;
  LlWindow *window;

  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  g_assert_true (g_file_set_contents (text, "just some words\n", -1, NULL));
  g_application_set_flags (G_APPLICATION (application),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (application));
  window = LL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  ll_classify_view_set_helper_path (ll_window_get_classify_view (window), ll_test_logistic_lab ());
  ll_test_wait_for (ll_test_window_loaded, window);
  subtitle = g_strdup (ll_window_get_subtitle_text (window));

  for (gsize i = 0; i < G_N_ELEMENTS (arguments); i++)
    {
      g_autoptr (GFile) file = g_file_new_for_path (arguments[i]);
      g_autofree char *name = g_path_get_basename (arguments[i]);
      GFile *files[] = { file };

      g_application_open (G_APPLICATION (application), files, 1, "");
      assert_error_names (window, name, "Could not open the image");
      g_assert_null (strstr (ll_window_get_error (window), "dataset"));
      ll_test_wait_for (ll_test_window_loaded, window);
      g_assert_cmpstr (ll_window_get_subtitle_text (window), ==, subtitle);
    }
  ll_test_train_to_end (window, 20, 10);
  close_and_wait (window);
}

/* A rate whose numbers overflow (issue 23): the note says which run diverged
 * and where; the other run is not mentioned. */
static void
test_diverged_note (void)
{
  g_autofree char *dataset = corpus_path ("idx-ok");
  const double rates[] = { 0.1, 1e308 };
  LlWindow *window = ll_test_open_window (dataset);
  const char *note;

  ll_rate_list_set_rates (ll_window_get_rate_list (window), rates, G_N_ELEMENTS (rates));
  ll_test_train_to_end (window, 50, 10);
  note = ll_window_get_note (window);
  g_test_message ("note: %s", note);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "learning rate 1e+308 diverged at iteration"));
  g_assert_null (strstr (note, "learning rate 0.1 diverged"));
  close_and_wait (window);
}

/* Loads -------------------------------------------------------------------------- */

/* The last dataset chosen wins, whichever load ends first. */
/* A text file named x.h5 (issue 24.9), opened as a dataset, dropped or
 * given on the command line: the banner names the file, not its folder,
 * and the dataset shown before stays. Also train_x.h5, whose name asks for
 * its other half. */
static void
test_text_named_h5 (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ll-text-h5-XXXXXX", NULL);
  const char *const names[] = { "x.h5", "train_x.h5" };
  LlWindow *window = ll_test_open_window (NULL);
  g_autofree char *title = g_strdup (ll_window_get_title_text (window));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    for (guint how = 0; how < 2; how++)
      {
        g_autofree char *path = g_build_filename (dir, names[i], NULL);
        g_autoptr (GFile) file = g_file_new_for_path (path);

        g_assert_true (g_file_set_contents (path, "just some text\n", -1, NULL));
        ll_window_hide_message (window);
        g_assert_null (ll_window_get_error (window));
        if (how == 0)
          ll_window_open_dataset (window, path, NULL);
        else
          ll_window_open_file (window, file);
        ll_test_wait_for (ll_test_window_loaded, window);
        /* x.h5 is not HDF5 at all; train_x.h5 is not readable as HDF5. */
        assert_error_names (window, path, i == 0 ? "not an HDF5 file" : "HDF5");
        g_assert_cmpstr (ll_window_get_title_text (window), ==, title);
        g_assert_cmpint (g_unlink (path), ==, 0);
      }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  close_and_wait (window);
}

static void
test_load_superseded (void)
{
  g_autofree char *idx_ok = corpus_path ("idx-ok");
  g_autofree char *h5_ok = corpus_path ("h5-ok");
  g_autofree char *bad = corpus_path ("h5-truncated");
  g_autofree char *bad_labels = corpus_path ("h5-label-2");
  LlWindow *window = ll_test_open_window (NULL);

  /* A bad file chosen, then a good one at once: no word of the bad one. */
  ll_window_open_dataset (window, bad, NULL);
  ll_window_open_dataset (window, idx_ok, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  g_assert_cmpstr (ll_window_get_title_text (window), ==, "idx-ok");

  /* A good one, then a bad one: the bad one's message, and the dataset
   * shown before both stays. */
  ll_window_open_dataset (window, h5_ok, NULL);
  ll_window_open_dataset (window, bad_labels, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  assert_error_names (window, "train_c.h5", "is 2");
  g_assert_cmpstr (ll_window_get_title_text (window), ==, "idx-ok");
  ll_test_train_to_end (window, 20, 10);

  close_and_wait (window);
}

static void
test_close_during_load (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  LlWindow *window = ll_window_new (NULL, NULL);

  /* Big enough (12 MB) that the load is still on its thread. */
  ll_test_write_idx_set (dir, 15000, 1000, 28, 28, 2, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, dir, NULL);
  g_assert_true (ll_window_get_loading (window));
  close_and_wait (window);
}

/* Weights opened while a dataset loads, or with none: the banner names the
 * weights file and says why. */
static void
test_weights_while_loading (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *weights = g_build_filename (g_getenv ("LL_SOURCE_DIR"), "tests", "corpus",
                                               "weights", "ok.npz", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (weights);
  LlWindow *window = ll_window_new (NULL, NULL);

  ll_test_write_idx_set (dir, 15000, 1000, 28, 28, 2, FALSE);
  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, dir, NULL);
  g_assert_true (ll_window_get_loading (window));
  ll_window_open_weights (window, file);
  g_test_message ("banner: %s", ll_window_get_error (window));
  g_assert_nonnull (strstr (ll_window_get_error (window), weights));
  g_assert_nonnull (strstr (ll_window_get_error (window), "still loading"));
  close_and_wait (window);
}

static void
test_close_during_training (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlTrainingSession *session = ll_window_get_session (window);

  ll_training_session_set_speed (session, 0.5);
  ll_window_set_run_length (window, 100000, 100);
  g_assert_true (ll_window_train (window));
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_RUNNING);
  close_and_wait (window);
}

/* The train images file is cut to a tenth (or removed) right after the load
 * starts: a clear message naming it, or, when the reader was quicker (an open
 * file outlives its name), the whole set; the earlier dataset stays on an
 * error. Either way the window trains afterwards. */
static void
check_damaged_while_loading (gboolean remove)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *images = g_build_filename (dir, "train-images-idx3-ubyte", NULL);
  LlWindow *window = ll_test_open_window (NULL);
  g_autofree char *earlier_title = g_strdup (ll_window_get_title_text (window));

  ll_test_write_idx_set (dir, 15000, 1000, 28, 28, 2, FALSE);
  ll_window_open_dataset (window, dir, NULL);
  if (remove)
    g_assert_cmpint (g_unlink (images), ==, 0);
  else
    g_assert_cmpint (truncate (images, 15000 * 28 * 28 / 10), ==, 0);
  ll_test_wait_for (ll_test_window_loaded, window);

  if (ll_window_get_error (window) != NULL)
    {
      g_test_message ("%s while loading: %s", remove ? "removed" : "truncated",
                      ll_window_get_error (window));
      /* Removed before the reader looked, the folder is no dataset any
       * more: then the message names the folder (the file's path holds it). */
      assert_error_names (window, remove ? dir : images, remove ? NULL : "truncated");
      g_assert_cmpstr (ll_window_get_title_text (window), ==, earlier_title);
    }
  else
    {
      g_test_message ("%s while loading: read whole before that", remove ? "removed" : "truncated");
      g_assert_cmpstr (ll_window_get_title_text (window), !=, earlier_title);
    }
  ll_test_train_to_end (window, 20, 10);
  close_and_wait (window);
}

static void
test_truncated_while_loading (void)
{
  check_damaged_while_loading (FALSE);
}

static void
test_removed_while_loading (void)
{
  check_damaged_while_loading (TRUE);
}

/* Exports ------------------------------------------------------------------------- */

typedef enum { EXPORT_WEIGHTS, EXPORT_PLOT_PNG, EXPORT_PLOT_SVG } ExportKind;

static void
export (LlWindow   *window,
        ExportKind  kind,
        const char *path)
{
  if (kind == EXPORT_WEIGHTS)
    ll_window_export_weights (window, path, -1);
  else
    ll_window_export_plot (window, path, 1280, 720);
}

/* /proc refuses new files, even to root. */
static void
test_export_read_only (void)
{
  static const char * const paths[] = {
    "/proc/self/ll-weights.npz", "/proc/self/ll-plot.png", "/proc/self/ll-plot.svg",
  };
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *good = g_build_filename (dir, "weights.npz", NULL);
  LlWindow *window = ll_test_open_window (NULL);

  ll_test_train_to_end (window, 20, 10);
  for (ExportKind kind = EXPORT_WEIGHTS; kind <= EXPORT_PLOT_SVG; kind++)
    {
      export (window, kind, paths[kind]);
      assert_error_names (window, paths[kind], "Could not export");
      assert_no_temporary_name (window, paths[kind]);
    }
  /* Still usable: the same export to a writable place works. */
  ll_window_export_weights (window, good, -1);
  ll_test_wait_for (file_exists, good);
  close_and_wait (window);
}

/* A full disk: any write past 1 KiB fails with EFBIG (SIGXFSZ ignored, as
 * the default action would kill the test). Only the soft limit moves. */
static struct rlimit
fill_disk (void)
{
  struct rlimit saved, full;

  g_assert_cmpint (getrlimit (RLIMIT_FSIZE, &saved), ==, 0);
  full = saved;
  full.rlim_cur = 1024;
  signal (SIGXFSZ, SIG_IGN);
  g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &full), ==, 0);
  return saved;
}

static void
test_export_full_disk (void)
{
  static const char * const names[] = { "weights.npz", "plot.png", "plot.svg" };
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autoptr (GPtrArray) written = g_ptr_array_new ();
  g_autofree char *again = NULL;
  LlWindow *window = ll_test_open_window (NULL);

  ll_test_train_to_end (window, 20, 10);
  for (ExportKind kind = EXPORT_WEIGHTS; kind <= EXPORT_PLOT_SVG; kind++)
    {
      g_autofree char *path = g_build_filename (dir, names[kind], NULL);
      g_autofree char *contents = NULL;
      g_autofree char *listing = NULL;
      g_autofree char *expected = NULL;
      ErrorWait wait = { window, path };
      struct rlimit saved;

      /* An earlier export, which must survive. */
      g_assert_true (g_file_set_contents (path, "the earlier file\n", -1, NULL));
      g_ptr_array_add (written, (char *) names[kind]);
      saved = fill_disk ();
      export (window, kind, path);
      ll_test_wait_for (error_names_file, &wait);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &saved), ==, 0);
      assert_error_names (window, path, "Could not export");
      assert_no_temporary_name (window, path);

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "the earlier file\n");
      /* No temporary file beside it. */
      listing = list_dir (dir);
      g_ptr_array_sort (written, compare_names);
      g_ptr_array_add (written, NULL);
      expected = g_strjoinv (" ", (char **) written->pdata);
      g_ptr_array_remove_index (written, written->len - 1);
      g_assert_cmpstr (listing, ==, expected);
    }
  /* The disk has room again: the export goes through. */
  again = g_build_filename (dir, "again.npz", NULL);
  ll_window_export_weights (window, again, -1);
  ll_test_wait_for (file_exists, again);
  close_and_wait (window);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/faults/bad-image-argument", test_bad_image_argument);
  g_test_add_func ("/faults/diverged-note", test_diverged_note);
  g_test_add_func ("/faults/load-superseded", test_load_superseded);
  g_test_add_func ("/faults/text-named-h5", test_text_named_h5);
  g_test_add_func ("/faults/close-during-load", test_close_during_load);
  g_test_add_func ("/faults/close-during-training", test_close_during_training);
  g_test_add_func ("/faults/weights-while-loading", test_weights_while_loading);
  g_test_add_func ("/faults/truncated-while-loading", test_truncated_while_loading);
  g_test_add_func ("/faults/removed-while-loading", test_removed_while_loading);
  g_test_add_func ("/faults/export-read-only", test_export_read_only);
  g_test_add_func ("/faults/export-full-disk", test_export_full_disk);
  return g_test_run ();
}
