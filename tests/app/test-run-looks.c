/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-run-looks.c: the figures that draw runs besides the cost plot (the
 * landscape's paths, the ROC curves) follow their runs' "visible" and
 * "pinned", and their legend clicks set "visible" (issue 21.6), under
 * xvfb-run. (The cost plot's own test is in test-cost-plot.c.) */
#include "config.h"

#include <gtk/gtk.h>

#include "app/ll-confusion-view.h"
#include "app/ll-landscape-view.h"
#include "core/train/trainer.h"
#include "figure-clicks.h"
#include "fixtures.h"
#include "fixtures-blobs.h"
#include "plot/plot-private.h"

typedef struct {
  GPtrArray *runs;
  gsize n_features;
  gsize m_train, m_test;
} Recorder;

static gboolean
record (const LlProgress *progress, guint n_runs, gpointer user_data)
{
  Recorder *recorder = user_data;

  for (guint j = 0; j < n_runs; j++)
    {
      const LlProgress *p = &progress[j];
      LlRunPoint point = { p->iteration, p->cost, p->train_accuracy, p->test_accuracy, FALSE, 0, 0, 0, NAN, NAN };
      g_autoptr(LlRunModel) model = ll_run_model_new (p->iteration, p->w, recorder->n_features, p->b,
                                                      p->train_probabilities, recorder->m_train,
                                                      p->test_probabilities, recorder->m_test);

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

/* Runs of 0.5 and 0.05 trained on blobs with their models, in a new store. */
static LlRunStore *
trained_store (GPtrArray *runs)
{
  const double rates[] = { 0.5, 0.05 };
  g_autoptr(LlSharedDataset) dataset = ll_shared_dataset_new (ll_test_blobs_dataset (60, 20, 4, 3));
  const LlDataset *plain = ll_shared_dataset_get (dataset);
  LlRunStore *store = ll_run_store_new ();
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  LlTrainData data = ll_train_data_from_pixels (plain);
  const LlTrainParams params = {
    .learning_rates = rates, .n_rates = 2, .iterations = 200, .record_every = 20, .want_snapshots = TRUE,
  };
  Recorder recorder = { runs, data.n_features, plain->train.count, plain->test.count };

  for (guint j = 0; j < G_N_ELEMENTS (rates); j++)
    g_ptr_array_add (runs, ll_run_new (rates[j], 200, 20));
  models = ll_train (&data, &params, record, &recorder, &error);
  g_assert_no_error (error);
  ll_run_store_replace (store, dataset, runs);
  return store;
}

/* LAYERS (of the view's figure) of run 0 and run 1 follow them. */
static void
assert_follows_runs (LlFigureView *view, GPtrArray *runs, const guint layers[2])
{
  LlFigure *figure = ll_figure_view_get_figure (view);

  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, layers[0])));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, layers[1])));

  /* hidden elsewhere (the cost plot's legend, the runs list): hidden here */
  ll_run_set_visible (runs->pdata[1], FALSE);
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (figure, layers[1])));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, layers[0])));
  /* and this legend's click shows it again, for every plot */
  ll_test_click_legend (view, ll_figure_get_layer (figure, layers[1]));
  g_assert_true (ll_run_get_visible (runs->pdata[1]));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, layers[1])));
  ll_test_click_legend (view, ll_figure_get_layer (figure, layers[0]));
  g_assert_false (ll_run_get_visible (runs->pdata[0]));
  ll_run_set_visible (runs->pdata[0], TRUE);

  /* a pinned run is faded */
  g_assert_false (ll_figure_get_layer (figure, layers[1])->faded);
  ll_run_set_pinned (runs->pdata[1], TRUE);
  g_assert_true (ll_figure_get_layer (figure, layers[1])->faded);
  g_assert_false (ll_figure_get_layer (figure, layers[0])->faded);
  ll_run_set_pinned (runs->pdata[1], FALSE);
}

static gboolean
view_laid_out (gpointer data)
{
  return ll_figure_view_get_figure (data) != NULL && gtk_widget_get_width (data) > 100;
}

static void
test_paths_follow_runs (void)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LlRunStore) store = trained_store (runs);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = ll_landscape_view_new ();
  LlFigureView *figure_view = ll_landscape_view_get_figure_view (LL_LANDSCAPE_VIEW (view));
  const guint layers[2] = { 1, 2 };

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), view);
  ll_landscape_view_set_store (LL_LANDSCAPE_VIEW (view), store);
  gtk_window_present (GTK_WINDOW (window));
  ll_test_wait_for (paths_drawn, figure_view);
  assert_follows_runs (figure_view, runs, layers);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_roc_follows_runs (void)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(LlRunStore) store = trained_store (runs);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = ll_confusion_view_new ();
  LlFigureView *roc = ll_confusion_view_get_roc_view (LL_CONFUSION_VIEW (view));
  const guint layers[2] = { LL_CONFUSION_ROC_CURVE (0), LL_CONFUSION_ROC_CURVE (1) };

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), view);
  ll_confusion_view_set_store (LL_CONFUSION_VIEW (view), store);
  gtk_window_present (GTK_WINDOW (window));
  ll_test_wait_for (view_laid_out, roc);
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (ll_figure_view_get_figure (roc),
                                                                     layers[1])), >, 2);
  assert_follows_runs (roc, runs, layers);
  /* the run's point at the threshold goes with its curve */
  ll_run_set_visible (runs->pdata[1], FALSE);
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (ll_figure_view_get_figure (roc),
                                                                  LL_CONFUSION_ROC_POINT (1))));
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
  g_test_add_func ("/run-looks/landscape-paths", have_display ? test_paths_follow_runs : skip_no_display);
  g_test_add_func ("/run-looks/roc-curves", have_display ? test_roc_follows_runs : skip_no_display);
  return g_test_run ();
}
