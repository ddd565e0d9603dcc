/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-runs-view.c: pinned runs in the window (issue 21): Pin This Job keeps
 * a job's runs while the next trains, the Runs page lists them with their
 * figures and compares two; a lesson saved with pinned runs opens again with
 * them trained anew (results are recomputed on open). */
#include "config.h"

#include <fcntl.h>
#include <math.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>
#include <gtk/gtk.h>

#include "app/ll-application.h"
#include "app/ll-cost-plot.h"
#include "app/ll-handout.h"
#include "app/ll-landscape-view.h"
#include "app/ll-rate-list.h"
#include "app/ll-result-grid.h"
#include "app/ll-runs-view.h"
#include "app/ll-sweep-view.h"
#include "app/ll-window.h"
#include "app/ll-window-files.h"
#include "app/ll-swatch.h"
#include "app/ll-timeline.h"
#include "app/ll-tooltip.h"
#include "app-fixture.h"
#include "fixtures.h"
#include "plot/plot-private.h"

#define APP_ID "io.github.logisticlab.LogisticLab"

static gboolean
finished (gpointer data)
{
  return ll_training_session_get_state (ll_window_get_session (data)) == LL_SESSION_FINISHED;
}

static void
train_for (LlWindow     *window,
           const double *rates,
           guint         n_rates,
           guint         iterations,
           guint         record_every)
{
  LlRunConfig *config = ll_training_session_get_config (ll_window_get_session (window));

  ll_run_config_set_learning_rates (config, rates, n_rates);
  ll_window_set_run_length (window, iterations, record_every);
  ll_training_session_set_speed (ll_window_get_session (window), 1.0);
  if (!ll_window_train (window))
    g_error ("not trained: %s", ll_window_get_error (window));
  ll_test_wait_for (finished, window);
}

static void
train (LlWindow     *window,
       const double *rates,
       guint         n_rates)
{
  train_for (window, rates, n_rates, 60, 20);
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

typedef struct {
  LlWindow *window;
  LlRunsView *view;
} Retrained;

/* The lesson's two pinned runs and its job trained again, the progress bar
 * gone. */
static gboolean
retrained (gpointer data)
{
  Retrained *wait = data;
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (wait->window));
  guint n_done = 0;

  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);

      n_done += ll_run_get_pinned (run) && ll_run_get_state (run) == LL_RUN_FINISHED;
    }
  return n_done == 2 && ll_runs_view_get_progress (wait->view) < 0
         && ll_training_session_get_state (ll_window_get_session (wait->window)) == LL_SESSION_FINISHED;
}

/* The pages of a PDF: cairo compresses the text, not the page objects.
 * Binary streams hold NUL bytes: compare at every offset. */
static guint
count_pdf_pages (const char *contents,
                 gsize       length)
{
  guint pages = 0;

  for (gsize at = 0; at + 12 <= length; at++)
    pages += memcmp (contents + at, "/Type /Page", 11) == 0 && contents[at + 11] != 's';
  return pages;
}

/* HANDOUT has exactly the pages EXPECTED (N of them), in order. */
static void
assert_handout_pages (LlHandout           *handout,
                      const LlHandoutPage *expected,
                      guint                n)
{
  g_assert_cmpuint (ll_handout_get_n_pages (handout), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (ll_handout_get_page (handout, i), ==, expected[i]);
}

typedef struct {
  gboolean reader_opened;   /* by an idle of the main loop, while the worker writes */
  gboolean done;
  GByteArray *bytes;
  int fd;
} HandoutPipe;

static gboolean
on_pipe_readable (int          fd,
                  GIOCondition condition,
                  gpointer     data)
{
  HandoutPipe *pipe = data;
  guint8 buffer[65536];
  gssize n = read (fd, buffer, sizeof buffer);

  if (n > 0)
    {
      g_byte_array_append (pipe->bytes, buffer, (guint) n);
      return G_SOURCE_CONTINUE;
    }
  pipe->done = TRUE;
  return G_SOURCE_REMOVE;
}

/* Opening a FIFO for reading waits for its writer: the worker. Were the
 * handout drawn and written on the main thread, its open for writing would
 * wait for this reader, which only the main loop can open: a deadlock and a
 * failed wait, not a pass. */
static gboolean
open_pipe_reader (gpointer data)
{
  HandoutPipe *pipe = g_object_get_data (data, "pipe");

  pipe->fd = g_open (g_object_get_data (data, "fifo"), O_RDONLY | O_CLOEXEC, 0);
  g_assert_cmpint (pipe->fd, >=, 0);
  pipe->reader_opened = TRUE;
  g_unix_fd_add (pipe->fd, G_IO_IN | G_IO_HUP, on_pipe_readable, pipe);
  return G_SOURCE_REMOVE;
}

static gboolean
pipe_done (gpointer data)
{
  return ((HandoutPipe *) data)->done;
}

static gboolean
banner_says_saved (gpointer data)
{
  const char *text = ll_window_get_info (data);

  return text != NULL && strstr (text, "saved") != NULL;
}

static gboolean
landscape_computed (gpointer data)
{
  LlLandscapeJob *job = data;

  return ll_landscape_job_get_surface (job) != NULL && !ll_landscape_job_get_busy (job);
}

static gboolean
sweep_done (gpointer data)
{
  guint n_results = 0;

  ll_sweep_view_get_shown_results (data, &n_results, NULL);
  return n_results == 3 && !ll_sweep_job_get_running (ll_sweep_view_get_job (data));
}

/* File > Export Handout… draws and writes on a worker: the main loop runs
 * (and reads the PDF from a FIFO) while it does. With a sweep run, the
 * handout gains its page. */
static void
export_handout_off_main_thread (LlWindow   *window,
                                const char *dir)
{
  static const LlHandoutPage with_sweep[] = {
    LL_HANDOUT_PAGE_LESSON, LL_HANDOUT_PAGE_MISCLASSIFIED, LL_HANDOUT_PAGE_WEIGHTS,
    LL_HANDOUT_PAGE_SWEEP, LL_HANDOUT_PAGE_FIGURES,
  };
  LlSweepView *sweep = LL_SWEEP_VIEW (gtk_stack_get_child_by_name (ll_window_get_stack (window), "sweep"));
  g_autofree char *fifo = g_build_filename (dir, "handout.fifo", NULL);
  HandoutPipe pipe = { FALSE, FALSE, g_byte_array_new (), -1 };

  /* With the landscape's surface, so the handout draws it too. */
  ll_test_wait_for (landscape_computed, ll_landscape_view_get_job (LL_LANDSCAPE_VIEW (
                      gtk_stack_get_child_by_name (ll_window_get_stack (window), "landscape"))));
  ll_sweep_view_set_range (sweep, 0.01, 1, 3);
  g_assert_true (ll_sweep_view_start (sweep));
  ll_test_wait_for (sweep_done, sweep);
  {
    g_autoptr (LlHandout) handout = ll_window_take_handout (window);

    assert_handout_pages (handout, with_sweep, G_N_ELEMENTS (with_sweep));
  }
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_object_set_data (G_OBJECT (window), "pipe", &pipe);
  g_object_set_data (G_OBJECT (window), "fifo", fifo);
  g_idle_add_full (G_PRIORITY_HIGH, open_pipe_reader, window, NULL);
  ll_window_export_handout (window, fifo);
  g_assert_false (pipe.reader_opened);
  g_assert_nonnull (strstr (ll_window_get_info (window), "Writing"));
  ll_test_wait_for (pipe_done, &pipe);
  ll_test_wait_for (banner_says_saved, window);
  g_assert_true (pipe.reader_opened);
  g_assert_cmpuint (pipe.bytes->len, >, 20000);
  g_assert_true (memcmp (pipe.bytes->data, "%PDF-", 5) == 0);
  g_assert_cmpuint (count_pdf_pages ((const char *) pipe.bytes->data, pipe.bytes->len), ==,
                    G_N_ELEMENTS (with_sweep));
  if (g_getenv ("LL_KEEP_HANDOUT_WINDOW") != NULL)
    g_assert_true (g_file_set_contents (g_getenv ("LL_KEEP_HANDOUT_WINDOW"), (const char *) pipe.bytes->data,
                                        pipe.bytes->len, NULL));
  close (pipe.fd);
  g_byte_array_unref (pipe.bytes);
  g_object_set_data (G_OBJECT (window), "pipe", NULL);
  g_object_set_data (G_OBJECT (window), "fifo", NULL);
  g_assert_cmpint (g_unlink (fifo), ==, 0);
}

static void
test_pin_compare_lesson (void)
{
  static const double first[] = { 0.5, 0.1 };
  static const double second[] = { 1.0 };
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  LlWindow *window = ll_window_new (NULL, settings);
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (window));
  LlRunsView *view;
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "pinned.lllesson", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  Retrained wait;

  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  view = LL_RUNS_VIEW (gtk_stack_get_child_by_name (ll_window_get_stack (window), "runs"));
  g_assert_true (ll_runs_view_get_store (view) == store);

  train (window, first, G_N_ELEMENTS (first));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-job", NULL));
  train (window, second, G_N_ELEMENTS (second));

  /* Five curves in the lesson of the issue; here two pinned and one new. */
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 3);
  g_assert_true (ll_run_get_pinned (ll_run_store_get_run (store, 0)));
  g_assert_true (ll_run_get_pinned (ll_run_store_get_run (store, 1)));
  g_assert_false (ll_run_get_pinned (ll_run_store_get_run (store, 2)));
  g_assert_nonnull (strstr (ll_runs_view_get_figures_text (view, 0), "cost "));
  g_assert_nonnull (strstr (ll_runs_view_get_figures_text (view, 2), "finished"));

  /* Two selected rows side by side. */
  g_assert_cmpuint (ll_runs_view_get_n_compared (view), ==, 0);
  {
    GtkListBox *list = NULL;
    GtkWidget *child = GTK_WIDGET (view);

    /* The list is the page's only GtkListBox. */
    while (child != NULL && !GTK_IS_LIST_BOX (child))
      {
        GtkWidget *next = gtk_widget_get_first_child (child);

        while (next == NULL && child != GTK_WIDGET (view))
          {
            next = gtk_widget_get_next_sibling (child);
            if (next == NULL)
              child = gtk_widget_get_parent (child);
          }
        child = next;
      }
    list = GTK_LIST_BOX (child);
    gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 0));
    gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 2));
  }
  g_assert_cmpuint (ll_runs_view_get_n_compared (view), ==, 2);
  g_assert_cmpstr (ll_runs_view_get_compare_text (view, 1, 1), ==, "0.5");
  g_assert_cmpstr (ll_runs_view_get_compare_text (view, 1, 2), ==, "1");
  g_assert_cmpstr (ll_runs_view_get_compare_text (view, 0, 2), ==,
                   ll_run_get_title (ll_run_store_get_run (store, 2)));

  /* The handout: the first page, misclassified images, weights and the
   * sharpness figure; no sweep ran and images have no two-feature page. */
  {
    static const LlHandoutPage expected[] = {
      LL_HANDOUT_PAGE_LESSON, LL_HANDOUT_PAGE_MISCLASSIFIED, LL_HANDOUT_PAGE_WEIGHTS, LL_HANDOUT_PAGE_FIGURES,
    };
    g_autofree char *pdf = g_build_filename (dir, "handout.pdf", NULL);
    g_autofree char *contents = NULL;
    g_autoptr (GError) error = NULL;
    gsize length = 0;

    g_assert_true (ll_handout_write (store, 0.5, pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    g_assert_cmpuint (count_pdf_pages (contents, length), ==, G_N_ELEMENTS (expected));
    g_assert_cmpuint (length, >, 20000);
    {
      g_autoptr (LlHandout) handout = ll_handout_snapshot (store, 0.5);
      g_autofree char *run_text = ll_handout_describe_run (handout, 2);

      assert_handout_pages (handout, expected, G_N_ELEMENTS (expected));
      /* At the end: no line on the moment, each run's final figures. */
      g_assert_null (ll_handout_describe_moment (handout));
      g_assert_nonnull (strstr (run_text, "final cost"));
    }
    if (g_getenv ("LL_KEEP_HANDOUT") != NULL)
      g_assert_true (g_file_set_contents (g_getenv ("LL_KEEP_HANDOUT"), contents, length, NULL));
    g_assert_cmpint (g_unlink (pdf), ==, 0);
  }

  /* The timeline back at iteration 20 of 60: the handout says so and
   * gives each run's figures there, not its last ones. */
  {
    g_autoptr (LlHandout) at_end = ll_handout_snapshot (store, 0.5);
    g_autoptr (LlHandout) at_moment = NULL;
    g_autofree char *end_text = ll_handout_describe_run (at_end, 2);
    g_autofree char *moment_text = NULL;
    g_autofree char *moment_line = NULL;
    g_autofree char *expected_cost = NULL;
    char cost[G_ASCII_DTOSTR_BUF_SIZE];
    const LlRunPoint *point;

    ll_run_store_set_moment (store, 20);
    at_moment = ll_handout_snapshot (store, 0.5);
    point = ll_run_get_shown_point (ll_run_store_get_run (store, 2));
    g_assert_cmpuint (point->iteration, ==, 20);
    moment_line = ll_handout_describe_moment (at_moment);
    g_assert_nonnull (moment_line);
    g_assert_nonnull (strstr (moment_line, "iteration 20 of 60"));
    moment_text = ll_handout_describe_run (at_moment, 2);
    g_assert_nonnull (strstr (moment_text, "at iteration 20 cost "));
    expected_cost = g_strdup_printf ("cost %s,", ll_plot_format_cost (point->cost, cost));
    g_assert_nonnull (strstr (moment_text, expected_cost));
    g_assert_cmpstr (moment_text, !=, end_text);
    g_assert_cmpuint (ll_handout_get_n_pages (at_moment), ==, 4);
    if (g_getenv ("LL_KEEP_HANDOUT_MOMENT") != NULL)
      g_assert_true (ll_handout_write_snapshot (at_moment, g_getenv ("LL_KEEP_HANDOUT_MOMENT"), NULL));
    ll_run_store_set_moment (store, -1);
  }

  export_handout_off_main_thread (window, dir);

  /* Renamed, saved, opened again: trained anew under the same titles, the
   * job (saved trained) too. */
  ll_run_set_title (ll_run_store_get_run (store, 1), "the careful one");
  ll_window_save_lesson (window, path);
  ll_test_wait_for (file_exists, path);
  ll_run_set_pinned (ll_run_store_get_run (store, 0), FALSE);
  ll_window_open_lesson (window, file);
  wait = (Retrained) { window, view };
  ll_test_wait_for (retrained, &wait);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 3);
  g_assert_cmpfloat (ll_run_get_learning_rate (ll_run_store_get_run (store, 0)), ==, 0.5);
  g_assert_cmpstr (ll_run_get_title (ll_run_store_get_run (store, 1)), ==, "the careful one");
  g_assert_false (ll_run_get_pinned (ll_run_store_get_run (store, 2)));
  g_assert_cmpint (ll_run_get_state (ll_run_store_get_run (store, 2)), ==, LL_RUN_FINISHED);
  g_assert_cmpfloat (ll_run_get_learning_rate (ll_run_store_get_run (store, 2)), ==, 1.0);

  /* Remove a pinned run from the store. */
  g_assert_true (ll_run_store_remove (store, ll_run_store_get_run (store, 0)));
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 2);
  g_assert_null (ll_runs_view_get_figures_text (view, 2));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static gboolean
store_has_sharpness (LlRunStore *store)
{
  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    for (guint p = 0; p < ll_run_get_n_points (ll_run_store_get_run (store, i)); p++)
      if (ll_run_get_point (ll_run_store_get_run (store, i), p)->sharpness > 0)
        return TRUE;
  return FALSE;
}

/* A table on two features: the handout draws the Boundary page's picture
 * (no misclassified images or weight pictures: a table has neither). */
static void
test_handout_boundary (void)
{
  static const double rates[] = { 0.5, 0.1 };
  static const LlHandoutPage expected[] = {
    LL_HANDOUT_PAGE_LESSON, LL_HANDOUT_PAGE_BOUNDARY, LL_HANDOUT_PAGE_FIGURES,
  };
  LlWindow *window = ll_test_window_on_builtin ("builtin:exams");
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (window));
  g_autoptr (LlHandout) handout = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *pdf = g_build_filename (dir, "boundary.pdf", NULL);
  g_autofree char *contents = NULL;
  gsize length = 0;

  train (window, rates, G_N_ELEMENTS (rates));

  handout = ll_window_take_handout (window);
  /* The figures page joins where the session computed a sharpness. */
  assert_handout_pages (handout, expected, store_has_sharpness (store) ? 3 : 2);
  g_assert_true (ll_handout_write_snapshot (handout, pdf, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_cmpuint (count_pdf_pages (contents, length), ==, ll_handout_get_n_pages (handout));
  if (g_getenv ("LL_KEEP_HANDOUT_BOUNDARY") != NULL)
    g_assert_true (g_file_set_contents (g_getenv ("LL_KEEP_HANDOUT_BOUNDARY"), contents, length, NULL));
  g_assert_cmpint (g_unlink (pdf), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A confusion cell's filter has a way back. */
static void
test_show_all (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  LlWindow *window = ll_window_new (NULL, settings);
  LlResultGrid *grid = ll_window_get_result_grid (window);

  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  ll_result_grid_set_cell_filter (grid, 1, 0);
  g_assert_true (ll_result_grid_get_cell_filter (grid, NULL, NULL));
  ll_result_grid_clear_cell_filter (grid);
  g_assert_false (ll_result_grid_get_cell_filter (grid, NULL, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Types NAME into the editing label's text, a key at a time. */
static void
type_name (GtkEditableLabel *title,
           const char       *name)
{
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (title));
  int position;

  gtk_editable_label_start_editing (title);
  g_assert_true (gtk_editable_label_get_editing (title));
  gtk_editable_delete_text (text, 0, -1);
  for (const char *c = name; *c != '\0'; c++)
    {
      position = gtk_editable_get_position (text);
      gtk_editable_insert_text (text, c, 1, &position);
      gtk_editable_set_position (text, position);
    }
}

static gboolean
not_editing (gpointer data)
{
  return !gtk_editable_label_get_editing (data);
}

/* Renaming a run in the Runs list: the run's title (every legend's label,
 * redrawn on each change) changes once, when the name is committed with
 * Enter or by leaving the field, not at every keystroke; Escape keeps the
 * old name. */
static void
test_rename (void)
{
  static const double rates[] = { 0.5, 0.1 };
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  LlWindow *window = ll_window_new (NULL, settings);
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (window));
  GtkStack *stack = ll_window_get_stack (window);
  GtkWidget *runs_page;
  GtkEditableLabel *title;
  GtkListBoxRow *row;
  LlRun *run;
  g_autofree char *old_title = NULL;
  guint n_notified = 0;

  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  train (window, rates, G_N_ELEMENTS (rates));
  gtk_stack_set_visible_child_name (stack, "runs");
  runs_page = gtk_stack_get_child_by_name (stack, "runs");
  row = GTK_LIST_BOX_ROW (ll_test_find_widget (runs_page, GTK_TYPE_LIST_BOX_ROW));
  g_assert_nonnull (row);
  title = GTK_EDITABLE_LABEL (ll_test_find_widget (GTK_WIDGET (row), GTK_TYPE_EDITABLE_LABEL));
  g_assert_nonnull (title);
  run = ll_run_store_get_run (store, (guint) gtk_list_box_row_get_index (row));
  old_title = g_strdup (ll_run_get_title (run));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, old_title);
  g_signal_connect (run, "notify::title", G_CALLBACK (ll_test_count_notify), &n_notified);

  /* Typed: nothing reaches the run yet. */
  type_name (title, "the bold one");
  g_assert_cmpstr (ll_run_get_title (run), ==, old_title);
  g_assert_cmpuint (n_notified, ==, 0);
  /* Enter: once. */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (title)), "activate");
  g_assert_false (gtk_editable_label_get_editing (title));
  g_assert_cmpstr (ll_run_get_title (run), ==, "the bold one");
  g_assert_cmpuint (n_notified, ==, 1);

  /* Escape: the old name stays, in the run and in the row. */
  type_name (title, "never mind");
  gtk_editable_label_stop_editing (title, FALSE);
  g_assert_cmpstr (ll_run_get_title (run), ==, "the bold one");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, "the bold one");
  g_assert_cmpuint (n_notified, ==, 1);

  /* The focus leaving the field commits it too. */
  type_name (title, "steady");
  g_assert_cmpuint (n_notified, ==, 1);
  g_assert_true (gtk_widget_grab_focus (ll_test_find_widget (GTK_WIDGET (row), GTK_TYPE_CHECK_BUTTON)));
  ll_test_wait_for (not_editing, title);
  g_assert_cmpstr (ll_run_get_title (run), ==, "steady");
  g_assert_cmpuint (n_notified, ==, 2);

  /* Emptied: the run keeps a name ("lr 0.5"), and the row shows it. */
  type_name (title, "");
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (title)), "activate");
  g_assert_true (g_str_has_prefix (ll_run_get_title (run), "lr "));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (title)), ==, ll_run_get_title (run));
  g_signal_handlers_disconnect_by_data (run, &n_notified);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The sidebar's swatch of rate INDEX: the look its run gets in the next job. */
static guint
rate_swatch_look (LlWindow *window,
                  guint     index)
{
  GtkWidget *entry = GTK_WIDGET (ll_rate_list_get_entry (ll_window_get_rate_list (window), index));

  return ll_swatch_get_index (LL_SWATCH (gtk_widget_get_first_child (gtk_widget_get_parent (entry))));
}

/* Whether every run's training curve on the cost plot (layer i for run i)
 * is drawn in the run's own look. */
static gboolean
curves_in_run_looks (gpointer data)
{
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (data));
  LlFigure *figure = ll_figure_view_get_figure (ll_cost_plot_get_view (ll_window_get_plot (data)));

  if (figure == NULL || ll_figure_get_n_layers (figure) < ll_run_store_get_n_runs (store))
    return FALSE;
  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    if (ll_figure_get_layer (figure, i)->series != ll_run_get_look (ll_run_store_get_run (store, i)))
      return FALSE;
  return TRUE;
}

/* A pinned job keeps its colours; the sidebar's swatches are the colours of
 * the next job's curves, beside the pinned ones (not the store positions). */
static void
test_rate_list_looks (void)
{
  static const double first[] = { 0.5, 0.1, 0.01 };
  static const double second[] = { 1.0, 2.0 };
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  LlWindow *window = ll_window_new (NULL, settings);
  LlTrainingSession *session = ll_window_get_session (window);
  LlRunStore *store = ll_training_session_get_store (session);

  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  train (window, first, G_N_ELEMENTS (first));
  g_assert_cmpuint (rate_swatch_look (window, 0), ==, 0);
  g_assert_cmpuint (ll_training_session_pin_job (session), ==, 3);
  /* Pinned: the next job's first rate takes the first free look. */
  g_assert_cmpuint (rate_swatch_look (window, 0), ==, 3);

  train (window, second, G_N_ELEMENTS (second));
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 5);
  g_assert_cmpfloat (ll_run_get_learning_rate (ll_run_store_get_run (store, 3)), ==, 1.0);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (ll_run_get_look (ll_run_store_get_run (store, i)), ==, i);
  /* Rate 1's swatch is its curve's look (pink, not the pinned 0.5's blue). */
  g_assert_cmpuint (rate_swatch_look (window, 0), ==, 3);
  g_assert_cmpuint (rate_swatch_look (window, 1), ==, 4);
  ll_test_wait_for (curves_in_run_looks, window);

  /* Unpinned, the old runs free their looks for the next job at once. */
  for (guint i = 0; i < 3; i++)
    ll_run_set_pinned (ll_run_store_get_run (store, i), FALSE);
  g_assert_cmpuint (rate_swatch_look (window, 0), ==, 0);
  g_assert_cmpuint (rate_swatch_look (window, 1), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct {
  LlWindow *window;
  LlTimeline *timeline;
} ScreenWait;

/* The lesson's runs trained again and shown at its moment, the timeline
 * saying so. */
static gboolean
screen_restored (gpointer data)
{
  ScreenWait *wait = data;
  LlTrainingSession *session = ll_window_get_session (wait->window);

  return ll_training_session_get_state (session) == LL_SESSION_FINISHED
         && ll_run_store_get_moment (ll_training_session_get_store (session)) == 300
         && g_str_has_prefix (ll_timeline_get_text (wait->timeline), "Iteration 300 of 600");
}

/* The opened lesson's runs are being trained again. */
static gboolean
recomputing (gpointer data)
{
  return ll_training_session_get_retrain_fraction (ll_window_get_session (data)) >= 0;
}

/* The cost plot's legend names the run at DATA's layer 3 "the fast one". */
static gboolean
legend_renamed (gpointer data)
{
  LlFigure *figure = ll_figure_view_get_figure (ll_cost_plot_get_view (ll_window_get_plot (data)));

  return figure != NULL && ll_figure_get_n_layers (figure) > 3
         && g_strcmp0 (ll_plot_layer_get_label (ll_figure_get_layer (figure, 3)), "the fast one") == 0;
}

/* Issue 21's lesson: 0.5/0.1/0.01 pinned, then 1.0 and 2.0; a pinned and a
 * job run hidden, a job run renamed, the timeline back at iteration 300,
 * the Weights page, projector mode. Saved, the window closed, the file
 * opened as a double-click does: the same screen, every run trained again
 * (the same numbers) without pressing Train. */
static void
test_lesson_screen (void)
{
  static const double first[] = { 0.5, 0.1, 0.01 };
  static const double second[] = { 1.0, 2.0 };
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  LlWindow *window = ll_window_new (NULL, settings);
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (window));
  g_autoptr (LlApplication) application = ll_application_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "five.lllesson", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  double costs[5];
  GFile *files[] = { file };
  LlRunsView *view;
  ScreenWait wait;

  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  train_for (window, first, G_N_ELEMENTS (first), 600, 20);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-job", NULL));
  train_for (window, second, G_N_ELEMENTS (second), 600, 20);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 5);
  ll_run_set_visible (ll_run_store_get_run (store, 1), FALSE);
  ll_run_set_visible (ll_run_store_get_run (store, 4), FALSE);
  ll_run_set_title (ll_run_store_get_run (store, 3), "the fast one");
  ll_run_store_set_moment (store, 300);
  for (guint i = 0; i < 5; i++)
    {
      g_ptr_array_add (titles, g_strdup (ll_run_get_title (ll_run_store_get_run (store, i))));
      costs[i] = ll_run_get_shown_point (ll_run_store_get_run (store, i))->cost;
    }
  gtk_stack_set_visible_child_name (ll_window_get_stack (window), "weights");
  ll_window_set_projector_mode (window, TRUE);
  ll_window_save_lesson (window, path);
  ll_test_wait_for (file_exists, path);
  gtk_window_destroy (GTK_WINDOW (window));

  /* A double-click: the application opens the file in a new window. */
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  g_application_open (G_APPLICATION (application), files, 1, "");
  window = LL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  store = ll_training_session_get_store (ll_window_get_session (window));
  wait = (ScreenWait) { window, LL_TIMELINE (ll_test_find_widget (GTK_WIDGET (window), LL_TYPE_TIMELINE)) };
  g_assert_nonnull (wait.timeline);
  /* Saved again while its runs train: refused, the file as it was. */
  ll_test_wait_for (recomputing, window);
  {
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;

    g_assert_true (g_file_get_contents (path, &before, NULL, NULL));
    ll_window_save_lesson (window, path);
    g_assert_nonnull (strstr (ll_window_get_error (window), "still being trained again"));
    g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, before);
  }
  ll_test_wait_for (screen_restored, &wait);

  /* "Training the lesson's 5 runs again…" is gone: the screen is as saved;
   * an error shown meanwhile (the refused save) stays. */
  g_assert_null (ll_window_get_info (window));
  g_assert_nonnull (strstr (ll_window_get_error (window), "still being trained again"));
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);
      const LlRunPoint *shown = ll_run_get_shown_point (run);

      g_assert_cmpstr (ll_run_get_title (run), ==, titles->pdata[i]);
      g_assert_cmpfloat (ll_run_get_learning_rate (run), ==, i < 3 ? first[i] : second[i - 3]);
      g_assert_true (ll_run_get_pinned (run) == (i < 3));
      g_assert_cmpuint (ll_run_get_iterations (run), ==, 600);
      g_assert_true (ll_run_get_state (run) == LL_RUN_FINISHED || ll_run_get_state (run) == LL_RUN_DIVERGED);
      /* Hidden runs stay hidden. */
      g_assert_true (ll_run_get_visible (run) == (i != 1 && i != 4));
      /* Every view shows iteration 300, with the numbers it had. */
      g_assert_nonnull (shown);
      g_assert_cmpuint (shown->iteration, ==, 300);
      g_assert_cmpfloat_with_epsilon (shown->cost, costs[i], 1e-9 * MAX (fabs (costs[i]), 1));
    }
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ll_window_get_stack (window)), ==, "weights");
  g_assert_true (ll_window_get_projector_mode (window));
  /* The renamed run under its name in the cost plot's legend; the others
   * under their short entries ("lr = 0.5 (pinned)"). */
  ll_test_wait_for (legend_renamed, window);
  {
    LlFigure *figure = ll_figure_view_get_figure (ll_cost_plot_get_view (ll_window_get_plot (window)));

    g_assert_cmpstr (ll_plot_layer_get_label (ll_figure_get_layer (figure, 0)), ==, "lr = 0.5 (pinned)");
    g_assert_cmpstr (ll_plot_layer_get_label (ll_figure_get_layer (figure, 4)), ==, "lr = 2");
  }
  view = LL_RUNS_VIEW (gtk_stack_get_child_by_name (ll_window_get_stack (window), "runs"));
  g_assert_cmpfloat (ll_runs_view_get_progress (view), <, 0);
  /* Trained again by hand: the new job is watched at its latest moment. */
  g_assert_true (ll_window_train (window));
  g_assert_cmpint (ll_run_store_get_moment (store), ==, -1);
  ll_test_wait_for (finished, window);
  ll_window_set_projector_mode (window, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
count_notify (GObject *object, GParamSpec *pspec, guint *count)
{
  (*count)++;
}

/* ll_tooltip_set (the runs' rows, every record point's labels): the text
 * arrives, a new widget stays visible, and the same text again changes
 * nothing (GTK would ask the display where the pointer is). */
static void
test_tooltip_set (void)
{
  GtkWidget *button = g_object_ref_sink (gtk_button_new ());
  guint n_notify = 0;

  g_signal_connect (button, "notify::tooltip-text", G_CALLBACK (count_notify), &n_notify);
  ll_tooltip_set (button, "Remove this run");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, "Remove this run");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_get_has_tooltip (button));
  g_assert_cmpuint (n_notify, ==, 1);
  ll_tooltip_set (button, "Remove this run");
  g_assert_cmpuint (n_notify, ==, 1);
  ll_tooltip_set (button, "");
  g_assert_null (gtk_widget_get_tooltip_text (button));
  g_assert_false (gtk_widget_get_has_tooltip (button));
  g_assert_cmpuint (n_notify, ==, 2);
  ll_tooltip_set (button, NULL);
  g_assert_cmpuint (n_notify, ==, 2);
  g_object_unref (button);
}

static gboolean
query_tooltip (GtkWidget *widget)
{
  g_autoptr (GObject) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  return shown;
}

/* ll_tooltip_set_live (a cost cell, the note, the timeline): the text
 * changes at every record point without GTK's tooltip-text (which asks the
 * display where the pointer is); the tooltip is asked for when shown. */
static void
test_tooltip_set_live (void)
{
  GtkWidget *label = g_object_ref_sink (gtk_label_new ("0.2503"));
  guint n_notify = 0;

  g_signal_connect (label, "notify::tooltip-text", G_CALLBACK (count_notify), &n_notify);
  g_assert_false (query_tooltip (label));
  ll_tooltip_set_live (label, "0.25031234567890123");
  g_assert_cmpstr (ll_tooltip_get (label), ==, "0.25031234567890123");
  g_assert_true (gtk_widget_get_has_tooltip (label));
  g_assert_true (query_tooltip (label));
  ll_tooltip_set_live (label, "0.24");
  g_assert_cmpstr (ll_tooltip_get (label), ==, "0.24");
  ll_tooltip_set_live (label, "");
  g_assert_null (ll_tooltip_get (label));
  g_assert_false (query_tooltip (label));
  g_assert_null (gtk_widget_get_tooltip_text (label));
  g_assert_cmpuint (n_notify, ==, 0);
  g_object_unref (label);
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runs-view/pin-compare-lesson", test_pin_compare_lesson);
  g_test_add_func ("/runs-view/show-all", test_show_all);
  g_test_add_func ("/runs-view/handout-boundary", test_handout_boundary);
  g_test_add_func ("/runs-view/rate-list-looks", test_rate_list_looks);
  g_test_add_func ("/runs-view/lesson-screen", test_lesson_screen);
  /* After every test that iterates the main context: GTK 4.8 leaves a
   * source of the edited label's window behind that fails a critical when a
   * later test iterates it. */
  g_test_add_func ("/runs-view/rename", test_rename);
  g_test_add_func ("/runs-view/tooltip-set", test_tooltip_set);
  g_test_add_func ("/runs-view/tooltip-set-live", test_tooltip_set_live);
  return g_test_run ();
}
