/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sharpness-view.c: LlSharpnessView under Xvfb, following a training
 * session's store on synthetic blobs (issue 17.2): each run's sharpness
 * curve holds its record points' sharpness, its 2/lr line and L at the
 * start are there, the note has a sentence per run, a run's "visible" and a
 * legend click hide its curve and line, the timeline's moment rings each
 * run's point at it, and the figure exports. */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app/ll-sharpness-view.h"
#include "fixtures.h"
#include "fixtures-blobs.h"
#include "session/ll-training-session.h"

static const double rates[] = { 1.0, 0.1, 0.01 };
#define N_RATES G_N_ELEMENTS (rates)

static gboolean
session_finished (gpointer data)
{
  return ll_training_session_get_state (data) == LL_SESSION_FINISHED;
}

static gboolean
critical_known (gpointer data)
{
  return isfinite (ll_run_store_get_critical_rate (data));
}

static void
test_follows_session (void)
{
  g_autoptr(LlSharedDataset) dataset = ll_shared_dataset_new (ll_test_blobs_dataset (120, 40, 6, 7));
  g_autoptr(LlTrainingSession) session = ll_training_session_new (NULL);
  LlRunConfig *config = ll_training_session_get_config (session);
  LlRunStore *store = ll_training_session_get_store (session);
  GtkWidget *window = gtk_window_new ();
  LlSharpnessView *view = LL_SHARPNESS_VIEW (ll_sharpness_view_new ());
  LlFigure *figure;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "sharpness.png", NULL);
  const char *note;
  LlPlotLayer *moment;

  ll_run_config_set_learning_rates (config, rates, N_RATES);
  ll_run_config_set_iterations (config, 200);
  ll_run_config_set_record_every (config, 20);
  ll_training_session_set_dataset (session, dataset);
  ll_training_session_set_speed (session, 1.0);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  g_object_set (view, "store", store, NULL);
  gtk_window_present (GTK_WINDOW (window));

  /* Before training: the runs' layers are there, empty, and the note says what to do. */
  figure = ll_figure_view_get_figure (ll_sharpness_view_get_figure_view (view));
  g_assert_nonnull (figure);
  g_assert_cmpuint (ll_figure_get_n_layers (figure), ==, 2 + 2 * N_RATES);
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_RUN (0))), ==, 0);
  g_assert_nonnull (strstr (ll_sharpness_view_get_note (view), "2/lr"));

  g_assert_true (ll_training_session_start (session, 0, &error));
  g_assert_no_error (error);
  ll_test_wait_for (session_finished, session);
  ll_test_wait_for (critical_known, store);

  figure = ll_figure_view_get_figure (ll_sharpness_view_get_figure_view (view));
  g_assert_cmpuint (ll_figure_get_n_layers (figure), ==, 2 + 2 * N_RATES);
  g_assert_cmpint (ll_plot_layer_get_kind (ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_L)), ==,
                   LL_LAYER_REFERENCE);
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_L)));
  for (guint r = 0; r < N_RATES; r++)
    {
      LlRun *run = ll_run_store_get_run (store, r);
      LlPlotLayer *curve = ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_RUN (r));
      LlPlotLayer *limit = ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_LIMIT (r));
      gsize n = 0;
      g_autofree char *sentence = NULL;

      g_assert_cmpint (ll_plot_layer_get_kind (curve), ==, LL_LAYER_LINES);
      g_assert_cmpint (ll_plot_layer_get_kind (limit), ==, LL_LAYER_REFERENCE);
      g_assert_nonnull (strstr (ll_plot_layer_get_label (curve), "lr"));
      /* Every record point (0, 20, ..., 200) with its sharpness, in order. */
      for (guint p = 0; p < ll_run_get_n_points (run); p++)
        {
          const LlRunPoint *point = ll_run_get_point (run, p);
          double x, y;

          if (!isfinite (point->sharpness))
            continue;
          g_assert_cmpuint (n, <, ll_plot_layer_get_n_points (curve));
          ll_plot_layer_get_point (curve, n, &x, &y);
          g_assert_cmpfloat (x, ==, point->iteration);
          g_assert_cmpfloat (y, ==, point->sharpness);
          n++;
        }
      g_assert_cmpuint (n, ==, 11);
      g_assert_cmpuint (ll_plot_layer_get_n_points (curve), ==, n);
      /* All start at w = 0, where the sharpness is L = 2 / (2/L). */
      {
        double x, y;

        ll_plot_layer_get_point (curve, 0, &x, &y);
        g_assert_cmpfloat (fabs (y - 2 / ll_run_store_get_critical_rate (store)), <=, 1e-3 * y);
      }
    }
  note = ll_sharpness_view_get_note (view);
  for (guint r = 0; r < N_RATES; r++)
    {
      g_autofree char *prefix = g_strdup_printf ("lr %s:", ll_run_get_label (ll_run_store_get_run (store, r)));

      g_assert_nonnull (strstr (note, prefix));
    }

  /* A hidden run: its curve and its 2/lr line go, and its sentence. */
  ll_run_set_visible (ll_run_store_get_run (store, 1), FALSE);
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_RUN (1))));
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_LIMIT (1))));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_RUN (0))));
  g_assert_null (strstr (ll_sharpness_view_get_note (view), "lr 0.1:"));
  ll_run_set_visible (ll_run_store_get_run (store, 1), TRUE);
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_LIMIT (1))));
  /* A legend click hides the run everywhere. */
  g_signal_emit_by_name (ll_sharpness_view_get_figure_view (view), "layer-toggled",
                         LL_SHARPNESS_LAYER_RUN (2), FALSE);
  g_assert_false (ll_run_get_visible (ll_run_store_get_run (store, 2)));
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_LIMIT (2))));
  ll_run_set_visible (ll_run_store_get_run (store, 2), TRUE);

  /* The timeline's moment: a ring on each run's point at iteration 100. */
  moment = ll_figure_get_layer (figure, ll_figure_get_n_layers (figure) - 1);
  g_assert_cmpuint (ll_plot_layer_get_n_points (moment), ==, 0);
  ll_run_store_set_moment (store, 100);
  g_assert_cmpuint (ll_plot_layer_get_n_points (moment), ==, N_RATES);
  for (guint r = 0; r < N_RATES; r++)
    {
      double x, y;

      ll_plot_layer_get_point (moment, r, &x, &y);
      g_assert_cmpfloat (x, ==, 100);
      g_assert_cmpfloat (y, ==, ll_run_get_shown_point (ll_run_store_get_run (store, r))->sharpness);
    }
  ll_run_store_set_moment (store, -1);
  g_assert_cmpuint (ll_plot_layer_get_n_points (moment), ==, 0);

  g_assert_true (ll_figure_view_export (ll_sharpness_view_get_figure_view (view), png, 800, 500, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_unlink (png);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sharpness-view/follows-session", test_follows_session);
  return g_test_run ();
}
