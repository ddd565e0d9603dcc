/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-landscape-view.c: the landscape view's paths follow their runs'
 * "visible" and "pinned" (issue 21.6), under xvfb-run. */
#include "config.h"

#include <gtk/gtk.h>

#include "app/ll-landscape-view.h"
#include "core/train/trainer.h"
#include "figure-clicks.h"
#include "fixtures.h"
#include "fixtures-blobs.h"
#include "plot/plot-private.h"

typedef struct {
  GPtrArray *runs;
  gsize n_features;
} Recorder;

static gboolean
record (const LlProgress *progress, guint n_runs, gpointer user_data)
{
  Recorder *recorder = user_data;

  for (guint j = 0; j < n_runs; j++)
    {
      const LlProgress *p = &progress[j];
      LlRunPoint point = { p->iteration, p->cost, p->train_accuracy, p->test_accuracy, FALSE, 0, 0, 0, NAN, NAN };
      g_autoptr(LlRunModel) model = ll_run_model_new (p->iteration, p->w, recorder->n_features,
                                                      p->b, NULL, 0, NULL, 0);

      ll_run_append_point (g_ptr_array_index (recorder->runs, j), &point, model);
    }
  return TRUE;
}

static gboolean
paths_drawn (gpointer data)
{
  LlFigure *figure = ll_figure_view_get_figure (data);

  return figure != NULL && gtk_widget_get_width (data) > 100 && ll_figure_get_n_layers (figure) >= 3 &&
         ll_plot_layer_get_n_points (ll_figure_get_layer (figure, 2)) > 0;
}

static void
test_paths_follow_runs (void)
{
  const double rates[] = { 0.5, 0.05 };
  g_autoptr(LlSharedDataset) dataset = ll_shared_dataset_new (ll_test_blobs_dataset (60, 20, 4, 3));
  g_autoptr(LlRunStore) store = ll_run_store_new ();
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  LlTrainData data = ll_train_data_from_pixels (ll_shared_dataset_get (dataset));
  const LlTrainParams params = {
    .learning_rates = rates, .n_rates = 2, .iterations = 200, .record_every = 20, .want_snapshots = TRUE,
  };
  Recorder recorder = { runs, data.n_features };
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = ll_landscape_view_new ();
  LlFigureView *figure_view = ll_landscape_view_get_figure_view (LL_LANDSCAPE_VIEW (view));
  LlFigure *figure;

  for (guint j = 0; j < G_N_ELEMENTS (rates); j++)
    g_ptr_array_add (runs, ll_run_new (rates[j], 200, 20));
  models = ll_train (&data, &params, record, &recorder, &error);
  g_assert_no_error (error);
  ll_run_store_replace (store, dataset, runs);

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), view);
  ll_landscape_view_set_store (LL_LANDSCAPE_VIEW (view), store);
  gtk_window_present (GTK_WINDOW (window));
  ll_test_wait_for (paths_drawn, figure_view);
  figure = ll_figure_view_get_figure (figure_view);
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 1)));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 2)));

  /* hidden elsewhere (the cost plot's legend, the runs list): hidden here */
  ll_run_set_visible (runs->pdata[1], FALSE);
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 2)));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 1)));
  /* and this legend's click shows it again, for every plot */
  ll_test_click_legend (figure_view, ll_figure_get_layer (figure, 2));
  g_assert_true (ll_run_get_visible (runs->pdata[1]));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 2)));
  ll_test_click_legend (figure_view, ll_figure_get_layer (figure, 1));
  g_assert_false (ll_run_get_visible (runs->pdata[0]));

  /* a pinned run's path is faded */
  g_assert_false (ll_figure_get_layer (figure, 2)->faded);
  ll_run_set_pinned (runs->pdata[1], TRUE);
  g_assert_true (ll_figure_get_layer (figure, 2)->faded);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
skip_no_display (void)
{
  g_test_skip ("no display: run under xvfb-run");
}

int
main (int argc, char **argv)
{
  gboolean have_display;

  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();
  g_test_add_func ("/landscape-view/paths-follow-runs", have_display ? test_paths_follow_runs : skip_no_display);
  return g_test_run ();
}
