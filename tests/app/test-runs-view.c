/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-runs-view.c: pinned runs in the window (issue 21): Pin This Job keeps
 * a job's runs while the next trains, the Runs page lists them with their
 * figures and compares two; a lesson saved with pinned runs opens again with
 * them trained anew (results are recomputed on open). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <gtk/gtk.h>

#include "app/ll-handout.h"
#include "app/ll-result-grid.h"
#include "app/ll-runs-view.h"
#include "app/ll-window.h"
#include "app/ll-window-files.h"
#include "fixtures.h"

#define APP_ID "io.github.logisticlab.LogisticLab"

static gboolean
window_loaded (gpointer data)
{
  return !ll_window_get_loading (data);
}

static gboolean
finished (gpointer data)
{
  return ll_training_session_get_state (ll_window_get_session (data)) == LL_SESSION_FINISHED;
}

static void
train (LlWindow     *window,
       const double *rates,
       guint         n_rates)
{
  LlRunConfig *config = ll_training_session_get_config (ll_window_get_session (window));

  ll_run_config_set_learning_rates (config, rates, n_rates);
  ll_window_set_run_length (window, 60, 20);
  ll_training_session_set_speed (ll_window_get_session (window), 1.0);
  if (!ll_window_train (window))
    g_error ("not trained: %s", ll_window_get_error (window));
  ll_test_wait_for (finished, window);
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

/* The lesson's two pinned runs trained again, the progress bar gone. */
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
         && ll_training_session_get_state (ll_window_get_session (wait->window)) == LL_SESSION_IDLE;
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
  ll_test_wait_for (window_loaded, window);
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

  /* The handout: a PDF of at least two pages (cairo compresses the text). */
  {
    g_autofree char *pdf = g_build_filename (dir, "handout.pdf", NULL);
    g_autofree char *contents = NULL;
    g_autoptr (GError) error = NULL;
    gsize length = 0;
    guint pages = 0;

    g_assert_true (ll_handout_write (store, 0.5, pdf, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
    g_assert_true (g_str_has_prefix (contents, "%PDF-"));
    /* Binary streams hold NUL bytes: compare at every offset. */
    for (gsize at = 0; at + 12 <= length; at++)
      pages += memcmp (contents + at, "/Type /Page", 11) == 0 && contents[at + 11] != 's';
    g_assert_cmpuint (pages, ==, 3);
    g_assert_cmpuint (length, >, 20000);
    g_assert_cmpint (g_unlink (pdf), ==, 0);
  }

  /* Renamed, saved, opened again: trained anew under the same titles. */
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
  g_assert_cmpint (ll_run_get_state (ll_run_store_get_run (store, 2)), ==, LL_RUN_WAITING);

  /* Remove a pinned run from the store. */
  g_assert_true (ll_run_store_remove (store, ll_run_store_get_run (store, 0)));
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 2);
  g_assert_null (ll_runs_view_get_figures_text (view, 2));

  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
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
  ll_test_wait_for (window_loaded, window);
  ll_result_grid_set_cell_filter (grid, 1, 0);
  g_assert_true (ll_result_grid_get_cell_filter (grid, NULL, NULL));
  ll_result_grid_clear_cell_filter (grid);
  g_assert_false (ll_result_grid_get_cell_filter (grid, NULL, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runs-view/pin-compare-lesson", test_pin_compare_lesson);
  g_test_add_func ("/runs-view/show-all", test_show_all);
  return g_test_run ();
}
