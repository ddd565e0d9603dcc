/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-landscape-moment.c: LlLandscapeView under Xvfb, following a training
 * session's store on synthetic blobs (issues 18, 21): the surface and the
 * paths arrive, the timeline's moment puts a ring on each path at its
 * run's record point there, and the centre control moves the plane. */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>

#include "app/ll-landscape-view.h"
#include "fixtures.h"
#include "fixtures-blobs.h"
#include "core/train/landscape.h"
#include "core/train/step.h"
#include "session/ll-training-session.h"

static const double rates[] = { 1.0, 0.1, 0.01 };
#define N_RATES G_N_ELEMENTS (rates)

typedef struct {
  LlTrainingSession *session;
  LlLandscapeView *view;
} Fixture;

static gboolean
surface_shown (gpointer data)
{
  Fixture *f = data;
  LlFigure *figure = ll_figure_view_get_figure (ll_landscape_view_get_figure_view (f->view));

  /* The last surface's figure: built on a worker after the job's. */
  return ll_training_session_get_state (f->session) == LL_SESSION_FINISHED && figure != NULL
         && !ll_landscape_job_get_busy (ll_landscape_view_get_job (f->view))
         && ll_landscape_view_get_figure_current (f->view)
         && ll_plot_layer_get_n_points (ll_figure_get_layer (figure, 1 + N_RATES - 1)) == 11;
}

/* After the view's own handler: a new surface's figure is not made there,
 * on the UI thread, but on a worker (the view's figure is not yet current). */
static void
on_surface_changed_after (LlLandscapeJob *job, gpointer data)
{
  Fixture *f = data;
  guint *n_changes = g_object_get_data (G_OBJECT (job), "test-n-changes");

  if (ll_landscape_job_get_surface (job) != NULL)
    {
      g_assert_false (ll_landscape_view_get_figure_current (f->view));
      (*n_changes)++;
    }
}

static LlFigureView *
line_view_of (LlLandscapeView *view)
{
  return LL_FIGURE_VIEW (gtk_widget_get_template_child (GTK_WIDGET (view), LL_TYPE_LANDSCAPE_VIEW,
                                                        "line_view"));
}

typedef struct {
  LlLandscapeView *view;
  const char *ending;
} LineWait;

static gboolean
line_titled (gpointer data)
{
  LineWait *wait = data;
  const char *description = ll_figure_view_get_description (line_view_of (wait->view));

  return description != NULL && g_str_has_suffix (description, wait->ending);
}

static gboolean
centred_at_run (gpointer data)
{
  const char *description = ll_figure_view_get_description (ll_landscape_view_get_figure_view (data));

  return description != NULL && g_str_has_prefix (description, "Centred at a run");
}

static void
test_moment (void)
{
  g_autoptr(LlSharedDataset) dataset = ll_shared_dataset_new (ll_test_blobs_dataset (120, 40, 6, 7));
  g_autoptr(LlTrainingSession) session = ll_training_session_new (NULL);
  LlRunConfig *config = ll_training_session_get_config (session);
  LlRunStore *store = ll_training_session_get_store (session);
  GtkWidget *window = gtk_window_new ();
  LlLandscapeView *view = LL_LANDSCAPE_VIEW (ll_landscape_view_new ());
  Fixture f = { session, view };
  g_autoptr(GError) error = NULL;
  LlFigure *figure;
  LlPlotLayer *rings;
  guint n_changes = 0;

  ll_run_config_set_learning_rates (config, rates, N_RATES);
  ll_run_config_set_iterations (config, 200);
  ll_run_config_set_record_every (config, 20);
  ll_training_session_set_dataset (session, dataset);
  ll_training_session_set_speed (session, 1.0);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  g_object_set (view, "store", store, NULL);
  g_object_set_data (G_OBJECT (ll_landscape_view_get_job (view)), "test-n-changes", &n_changes);
  g_signal_connect_after (ll_landscape_view_get_job (view), "surface-changed",
                          G_CALLBACK (on_surface_changed_after), &f);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (ll_training_session_start (session, 0, &error));
  g_assert_no_error (error);
  ll_test_wait_for (surface_shown, &f);

  figure = ll_figure_view_get_figure (ll_landscape_view_get_figure_view (view));
  g_assert_cmpuint (n_changes, >, 0);
  /* The heat map's image and contour lines came made with the figure. */
  g_assert_true (ll_plot_layer_get_prepared (ll_figure_get_layer (figure, 0)));
  g_assert_cmpuint (ll_figure_get_n_layers (figure), ==, 1 + N_RATES + 1);
  rings = ll_figure_get_layer (figure, ll_figure_get_n_layers (figure) - 1);
  g_assert_cmpint (ll_plot_layer_get_kind (rings), ==, LL_LAYER_POINTS);
  /* The latest: each path's last point. */
  g_assert_cmpuint (ll_plot_layer_get_n_points (rings), ==, N_RATES);
  for (guint r = 0; r < N_RATES; r++)
    {
      LlPlotLayer *path = ll_figure_get_layer (figure, 1 + r);
      g_autofree char *label = g_strdup_printf ("lr %s", ll_run_get_label (ll_run_store_get_run (store, r)));
      double x, y, px, py;

      /* Labelled as every other figure labels a rate. */
      g_assert_cmpstr (ll_plot_layer_get_label (path), ==, label);
      ll_plot_layer_get_point (rings, r, &x, &y);
      ll_plot_layer_get_point (path, ll_plot_layer_get_n_points (path) - 1, &px, &py);
      g_assert_cmpfloat (x, ==, px);
      g_assert_cmpfloat (y, ==, py);
    }
  /* The moment at iteration 60: the paths' fourth points (0, 20, 40, 60). */
  ll_run_store_set_moment (store, 60);
  g_assert_cmpuint (ll_plot_layer_get_n_points (rings), ==, N_RATES);
  for (guint r = 0; r < N_RATES; r++)
    {
      double x, y, px, py;

      ll_plot_layer_get_point (rings, r, &x, &y);
      ll_plot_layer_get_point (ll_figure_get_layer (figure, 1 + r), 3, &px, &py);
      g_assert_cmpfloat (x, ==, px);
      g_assert_cmpfloat (y, ==, py);
    }

  /* The step's line follows the moment, computed on a worker: the old
   * line stays until the new one arrives (nothing O(mn) on the UI thread),
   * and its costs are the step's own (issue 18.3). */
  {
    LineWait wait = { view, "at iteration 200, along its line" };
    LlFigure *line;
    LlRunModel *model = ll_run_get_shown_model (ll_run_store_get_run (store, 0));
    LlTrainData data = ll_train_data_from_pixels (ll_shared_dataset_get (dataset));
    g_autoptr(LlStep) step = NULL;
    double etas[61], costs[61], best_eta, best_cost;

    ll_run_store_set_moment (store, -1);
    ll_test_wait_for (line_titled, &wait);
    ll_run_store_set_moment (store, 60);
    g_assert_true (line_titled (&wait));
    wait.ending = "at iteration 60, along its line";
    ll_test_wait_for (line_titled, &wait);
    model = ll_run_get_shown_model (ll_run_store_get_run (store, 0));
    g_assert_cmpuint (model->iteration, ==, 60);
    step = ll_step_compute (&data, model->w, model->b, rates[0], 0, NULL);
    g_assert_nonnull (step);
    ll_landscape_line (&data, model->w, model->b, step->dw, step->db, 3 * rates[0], 61,
                       etas, costs, &best_eta, &best_cost);
    line = ll_figure_view_get_figure (line_view_of (view));
    g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (line, 0)), ==, 61);
    for (guint k = 0; k < 61; k++)
      {
        double x, y;

        ll_plot_layer_get_point (ll_figure_get_layer (line, 0), k, &x, &y);
        g_assert_cmpfloat_with_epsilon (x, etas[k], 1e-12);
        g_assert_cmpfloat_with_epsilon (y, costs[k], 1e-9 * fabs (costs[k]) + 1e-12);
      }
  }

  /* The centre control: the plane through the second run's w. */
  {
    GtkDropDown *centre = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (view), LL_TYPE_LANDSCAPE_VIEW,
                                                                         "centre_dropdown"));
    GListModel *names = gtk_drop_down_get_model (centre);

    g_assert_cmpuint (g_list_model_get_n_items (names), ==, 1 + N_RATES);
    g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 0), ==, "w = 0");
    g_assert_false (centred_at_run (view));
    gtk_drop_down_set_selected (centre, 2);
    ll_test_wait_for (centred_at_run, view);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/landscape-moment/moment", test_moment);
  return g_test_run ();
}
