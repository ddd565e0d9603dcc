/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-view.c: LlSweepView under Xvfb on synthetic blobs: a sweep
 * fills the figures as its results arrive, diverged rates are marked, 2/L
 * and the job's rates are lines, a click on a point offers its rate, Cancel
 * stops the sweep, bad input is said. */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app/ll-sweep-view.h"
#include "fixtures.h"
#include "fixtures-blobs.h"

#define WIDTH 1000
#define HEIGHT 760

typedef struct {
  GtkWidget *window;
  LlSweepView *view;
  LlSweepJob *job;
  LlRunStore *store;
  guint n_finished;
  guint n_added;
  guint n_chosen;
  double chosen;
  gboolean cancel_on_first;
} Fixture;

static void
on_finished (LlSweepJob *job, const GError *error, Fixture *f)
{
  f->n_finished++;
}

/* Runs after the view's own handler: the points must already be there. */
static void
on_results_added (LlSweepJob *job, guint position, guint n_added, Fixture *f)
{
  LlFigure *cost = ll_figure_view_get_figure (ll_sweep_view_get_cost_view (f->view));
  LlFigure *accuracy = ll_figure_view_get_figure (ll_sweep_view_get_accuracy_view (f->view));

  f->n_added++;
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (cost, LL_SWEEP_COST_LINE)), ==,
                    position + n_added);
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (accuracy, LL_SWEEP_ACCURACY_TEST)), ==,
                    position + n_added);
  if (f->cancel_on_first)
    ll_sweep_view_cancel (f->view);
}

static void
on_rate_chosen (LlSweepView *view, double rate, Fixture *f)
{
  f->n_chosen++;
  f->chosen = rate;
}

static gboolean
finished (gpointer data)
{
  return ((Fixture *) data)->n_finished > 0;
}

static gboolean
is_allocated (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_width (GTK_WIDGET (f->view)) > 100;
}

/* The figures are on the page (before a sweep its empty state is). */
static gboolean
figures_allocated (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_width (GTK_WIDGET (ll_sweep_view_get_cost_view (f->view))) > 100;
}

/* What the page shows where the figures go: "empty" or "figures". */
static const char *
shown_page (Fixture *f)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (ll_sweep_view_get_cost_view (f->view)), GTK_TYPE_STACK);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static const char *
empty_text (Fixture *f)
{
  GtkWidget *stack = gtk_widget_get_ancestor (GTK_WIDGET (ll_sweep_view_get_cost_view (f->view)), GTK_TYPE_STACK);

  return gtk_label_get_text (GTK_LABEL (gtk_stack_get_child_by_name (GTK_STACK (stack), "empty")));
}

static gboolean
critical_known (gpointer data)
{
  return isfinite (ll_run_store_get_critical_rate (data));
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(LlSharedDataset) dataset = ll_shared_dataset_new (ll_test_blobs_dataset (120, 40, 6, 7));
  const double job_rates[] = { 0.5, 0.1 };

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), WIDTH, HEIGHT);
  f->view = LL_SWEEP_VIEW (ll_sweep_view_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  f->job = ll_sweep_view_get_job (f->view);
  g_signal_connect (f->job, "finished", G_CALLBACK (on_finished), f);
  g_signal_connect (f->job, "results-added", G_CALLBACK (on_results_added), f);
  g_signal_connect (f->view, "rate-chosen", G_CALLBACK (on_rate_chosen), f);
  ll_sweep_view_set_iterations (f->view, 300);
  ll_sweep_view_set_job_rates (f->view, job_rates, G_N_ELEMENTS (job_rates));
  ll_sweep_view_set_dataset (f->view, dataset);
  /* 2/L comes from the run store of the same dataset (one computation). */
  f->store = ll_run_store_new ();
  ll_run_store_replace (f->store, dataset, NULL);
  g_object_set (f->view, "store", f->store, NULL);
  gtk_window_present (GTK_WINDOW (f->window));
  ll_test_wait_for (is_allocated, f);
  ll_test_wait_for (critical_known, f->store);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->store);
}

static void
click_point (Fixture *f, LlFigureView *figure_view, guint layer, gsize index)
{
  LlFigure *figure = ll_figure_view_get_figure (figure_view);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (figure_view));
  double x, y, dx, dy;

  ll_plot_layer_get_point (ll_figure_get_layer (figure, layer), index, &x, &y);
  ll_figure_data_to_device (figure, gtk_widget_get_width (GTK_WIDGET (figure_view)),
                            gtk_widget_get_height (GTK_WIDGET (figure_view)), x, y, &dx, &dy);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_PRIMARY)
        g_signal_emit_by_name (controller, "pressed", 1, dx, dy);
    }
}

static void
test_sweep (Fixture *f, gconstpointer data)
{
  LlFigureView *cost_view = ll_sweep_view_get_cost_view (f->view);
  LlFigure *cost, *accuracy;
  LlPlotLayer *critical;
  const LlSweepResult *results;
  guint n_results, n_diverged = 0, first_fine = G_MAXUINT;
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *critical_text = NULL;

  /* Before the sweep: what Sweep will do, in place of two empty axes. */
  g_assert_cmpstr (shown_page (f), ==, "empty");
  ll_sweep_view_set_range (f->view, 1e-3, 1000, 20);
  g_assert_cmpstr (empty_text (f), ==,
                   "Press Sweep to train 20 learning rates from 0.001 to 1000, 300 iterations each, "
                   "and see where each one ends.");
  g_assert_true (ll_sweep_view_start (f->view));
  g_assert_cmpstr (shown_page (f), ==, "figures");
  ll_test_wait_for (finished, f);
  g_assert_cmpuint (f->n_added, >=, 1);
  ll_test_wait_for (figures_allocated, f);

  results = ll_sweep_job_get_results (f->job, &n_results);
  g_assert_cmpuint (n_results, ==, 20);
  cost = ll_figure_view_get_figure (cost_view);
  accuracy = ll_figure_view_get_figure (ll_sweep_view_get_accuracy_view (f->view));
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (cost, LL_SWEEP_COST_LINE)), ==, 20);
  for (guint i = 0; i < n_results; i++)
    {
      double x, y;

      ll_plot_layer_get_point (ll_figure_get_layer (cost, LL_SWEEP_COST_LINE), i, &x, &y);
      g_assert_cmpfloat (x, ==, results[i].learning_rate);
      /* a diverged rate leaves a gap in the line and is a marker instead */
      if (results[i].diverged)
        g_assert_true (isnan (y));
      else
        g_assert_cmpfloat (y, ==, results[i].cost);
      n_diverged += results[i].diverged;
      if (!results[i].diverged && first_fine == G_MAXUINT)
        first_fine = i;
    }
  g_assert_cmpuint (n_diverged, >, 0);
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (cost, LL_SWEEP_COST_DIVERGED)), ==,
                    n_diverged);
  g_assert_cmpstr (ll_plot_layer_get_label (ll_figure_get_layer (cost, LL_SWEEP_COST_DIVERGED)), ==,
                   "diverged");
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (accuracy, LL_SWEEP_ACCURACY_DIVERGED)),
                    ==, n_diverged);

  /* 2/L: a visible line, and said under the controls */
  critical = ll_figure_get_layer (cost, LL_SWEEP_COST_CRITICAL);
  g_assert_cmpint (ll_plot_layer_get_kind (critical), ==, LL_LAYER_REFERENCE);
  g_assert_true (ll_plot_layer_get_visible (critical));
  critical_text = g_strdup_printf ("2/L = %s", g_ascii_formatd (value, sizeof value, "%.2g",
                                                                ll_run_store_get_critical_rate (f->store)));
  g_assert_nonnull (strstr (ll_sweep_view_get_status (f->view), critical_text));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (accuracy, LL_SWEEP_ACCURACY_CRITICAL)));

  /* the job's rates: a line each, in the legend; then the moment's rings */
  g_assert_cmpuint (ll_figure_get_n_layers (cost), ==, LL_SWEEP_COST_CRITICAL + 1 + 2 + 1);
  g_assert_cmpstr (ll_plot_layer_get_label (ll_figure_get_layer (cost, LL_SWEEP_COST_CRITICAL + 1)), ==, "lr 0.5");
  g_assert_cmpstr (ll_plot_layer_get_label (ll_figure_get_layer (cost, LL_SWEEP_COST_CRITICAL + 2)), ==, "lr 0.1");

  /* a click on a point offers its rate; on a diverged marker too */
  click_point (f, cost_view, LL_SWEEP_COST_LINE, first_fine);
  g_assert_cmpuint (f->n_chosen, ==, 1);
  g_assert_cmpfloat (f->chosen, ==, results[first_fine].learning_rate);
  click_point (f, cost_view, LL_SWEEP_COST_DIVERGED, 0);
  g_assert_cmpuint (f->n_chosen, ==, 2);
  for (guint i = 0; i < n_results; i++)
    if (results[i].diverged)
      {
        g_assert_cmpfloat (f->chosen, ==, results[i].learning_rate);
        break;
      }

  /* the readout of a point carries the rest of its numbers */
  g_assert_nonnull (ll_figure_view_get_description (cost_view));
  g_assert_nonnull (strstr (ll_figure_view_get_description (cost_view), "20 learning rates"));
}

/* The job's runs at the store's moment are rings at their rates, at the
 * cost and accuracy of the point shown, and follow the moment (issue 21.2). */
static void
test_moment (Fixture *f, gconstpointer data)
{
  const double rates[] = { 0.5, 0.1 };
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  LlFigure *cost, *accuracy;
  LlPlotLayer *cost_rings, *accuracy_rings;
  double x, y;

  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      LlRun *run = ll_run_new (rates[r], 300, 100);

      for (guint p = 0; p <= 3; p++)
        {
          LlRunPoint point = { p * 100, 0.7 - 0.1 * p - 0.01 * r, 60 + p, 50 + p + r, FALSE, 0, 0, 0, NAN, NAN };

          ll_run_append_point (run, &point, NULL);
        }
      g_ptr_array_add (runs, run);
    }
  ll_run_store_replace (f->store, ll_run_store_get_dataset (f->store), runs);
  cost = ll_figure_view_get_figure (ll_sweep_view_get_cost_view (f->view));
  accuracy = ll_figure_view_get_figure (ll_sweep_view_get_accuracy_view (f->view));
  cost_rings = ll_figure_get_layer (cost, ll_figure_get_n_layers (cost) - 1);
  accuracy_rings = ll_figure_get_layer (accuracy, ll_figure_get_n_layers (accuracy) - 1);
  g_assert_cmpint (ll_plot_layer_get_kind (cost_rings), ==, LL_LAYER_POINTS);
  /* The latest: iteration 300. */
  g_assert_cmpuint (ll_plot_layer_get_n_points (cost_rings), ==, 2);
  ll_plot_layer_get_point (cost_rings, 1, &x, &y);
  g_assert_cmpfloat (x, ==, 0.1);
  g_assert_cmpfloat_with_epsilon (y, 0.7 - 0.3 - 0.01, 1e-12);
  ll_plot_layer_get_point (accuracy_rings, 1, &x, &y);
  g_assert_cmpfloat (y, ==, 54);
  /* The moment at 100. */
  ll_run_store_set_moment (f->store, 100);
  ll_plot_layer_get_point (cost_rings, 0, &x, &y);
  g_assert_cmpfloat (x, ==, 0.5);
  g_assert_cmpfloat_with_epsilon (y, 0.6, 1e-12);
  ll_plot_layer_get_point (accuracy_rings, 0, &x, &y);
  g_assert_cmpfloat (y, ==, 51);
  /* A hidden run has no ring. */
  ll_run_set_visible (runs->pdata[0], FALSE);
  ll_run_store_set_moment (f->store, 200);
  g_assert_cmpuint (ll_plot_layer_get_n_points (cost_rings), ==, 1);

  /* Every ring inside the axes: scrubbed back to where the cat data's lr
   * 0.5 is at cost 58 (above every final cost), the ring still shows. */
  {
    LlRun *run = ll_run_new (0.5, 100, 100);
    LlRunPoint start = { 0, 0.69, 50, 50, FALSE, 0, 0, 0, NAN, NAN };
    LlRunPoint spike = { 100, 58, 48, 80, FALSE, 0, 0, 0, NAN, NAN };
    double lo, hi;

    ll_run_append_point (run, &start, NULL);
    ll_run_append_point (run, &spike, NULL);
    g_ptr_array_set_size (runs, 0);
    g_ptr_array_add (runs, run);
    ll_run_store_replace (f->store, ll_run_store_get_dataset (f->store), runs);
    cost = ll_figure_view_get_figure (ll_sweep_view_get_cost_view (f->view));
    ll_figure_axis_get_range (cost, LL_AXIS_Y, WIDTH, HEIGHT, &lo, &hi);
    g_assert_cmpfloat (hi, >=, 58);
    ll_figure_axis_get_range (cost, LL_AXIS_X, WIDTH, HEIGHT, &lo, &hi);
    g_assert_cmpfloat (lo, <=, 0.5);
    g_assert_cmpfloat (hi, >=, 0.5);
  }
}

/* "job-rates" takes LlRunConfig's GVariant "ad"; "font-scale" reaches the
 * figures; the titles say the iterations of the results shown. */
static void
test_properties (Fixture *f, gconstpointer data)
{
  const double rates[] = { 1, 0.3, 0.03 };
  g_autoptr(GVariant) read_back = NULL;
  LlFigure *cost;
  guint n_rates;

  g_object_set (f->view, "job-rates",
                g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, rates, G_N_ELEMENTS (rates), sizeof (double)),
                NULL);
  g_assert_cmpfloat (ll_sweep_view_get_job_rates (f->view, &n_rates)[2], ==, 0.03);
  g_assert_cmpuint (n_rates, ==, 3);
  g_object_get (f->view, "job-rates", &read_back, NULL);
  g_assert_cmpuint (g_variant_n_children (read_back), ==, 3);
  cost = ll_figure_view_get_figure (ll_sweep_view_get_cost_view (f->view));
  g_assert_cmpuint (ll_figure_get_n_layers (cost), ==, LL_SWEEP_COST_CRITICAL + 1 + 3 + 1);
  g_assert_cmpstr (ll_plot_layer_get_label (ll_figure_get_layer (cost, LL_SWEEP_COST_CRITICAL + 3)), ==,
                   "lr 0.03");

  g_object_set (f->view, "font-scale", 2.0, NULL);
  g_assert_cmpfloat (ll_figure_view_get_font_scale (ll_sweep_view_get_cost_view (f->view)), ==, 2.0);
  g_assert_cmpfloat (ll_figure_view_get_font_scale (ll_sweep_view_get_accuracy_view (f->view)), ==, 2.0);

  ll_sweep_view_set_range (f->view, 0.01, 1, 3);
  g_assert_true (ll_sweep_view_start (f->view));
  ll_test_wait_for (finished, f);
  ll_sweep_view_set_iterations (f->view, 1234);
  g_assert_cmpuint (ll_sweep_view_get_iterations (f->view), ==, 1234);
  /* a new setting keeps the results shown (their titles keep their own iterations) */
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (
                      ll_figure_view_get_figure (ll_sweep_view_get_cost_view (f->view)), LL_SWEEP_COST_LINE)), ==, 3);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  guint n_results;

  ll_sweep_view_set_range (f->view, 1e-4, 1, 40);
  ll_sweep_view_set_iterations (f->view, 200000);
  f->cancel_on_first = TRUE;
  g_assert_true (ll_sweep_view_start (f->view));
  ll_test_wait_for (finished, f);
  ll_sweep_job_get_results (f->job, &n_results);
  g_assert_cmpuint (n_results, >, 0);
  g_assert_cmpuint (n_results, <, 40);
  g_assert_nonnull (strstr (ll_sweep_view_get_status (f->view), "Cancelled"));
  g_assert_false (ll_sweep_job_get_running (f->job));
}

static void
test_bad_input (Fixture *f, gconstpointer data)
{
  ll_sweep_view_set_range (f->view, -1, 1, 10);
  g_assert_false (ll_sweep_view_start (f->view));
  g_assert_nonnull (strstr (ll_sweep_view_get_status (f->view), "-1"));
  g_assert_false (ll_sweep_job_get_running (f->job));

  ll_sweep_view_set_range (f->view, 1, 0.1, 10);
  g_assert_false (ll_sweep_view_start (f->view));
  g_assert_false (ll_sweep_job_get_running (f->job));

  ll_sweep_view_set_range (f->view, 0.01, 0.1, 10);
  g_assert_nonnull (strstr (empty_text (f), "from 0.01 to 0.1"));
  {
    /* The From entry: after its label, first in the row of controls. */
    GtkWidget *from = gtk_widget_get_next_sibling (gtk_widget_get_first_child (
                                                     gtk_widget_get_first_child (GTK_WIDGET (f->view))));

    g_assert_true (GTK_IS_ENTRY (from));
    gtk_editable_set_text (GTK_EDITABLE (from), "x");
    g_assert_cmpstr (empty_text (f), ==, "Type the smallest and the largest learning rate, then press Sweep.");
  }
  ll_sweep_view_set_dataset (f->view, NULL);
  ll_sweep_view_set_range (f->view, 0.01, 0.1, 10);
  g_assert_false (ll_sweep_view_start (f->view));
  g_assert_cmpstr (empty_text (f), ==, "Open a dataset to sweep learning rates.");
}

/* A new dataset clears what the old one's sweep showed. */
static void
test_dataset_change (Fixture *f, gconstpointer data)
{
  g_autoptr(LlSharedDataset) other = ll_shared_dataset_new (ll_test_blobs_dataset (60, 20, 4, 9));
  LlFigure *cost;

  ll_sweep_view_set_range (f->view, 0.01, 1, 5);
  g_assert_true (ll_sweep_view_start (f->view));
  ll_test_wait_for (finished, f);
  g_assert_cmpstr (shown_page (f), ==, "figures");
  ll_sweep_view_set_dataset (f->view, other);
  g_assert_cmpstr (shown_page (f), ==, "empty");
  cost = ll_figure_view_get_figure (ll_sweep_view_get_cost_view (f->view));
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (cost, LL_SWEEP_COST_LINE)), ==, 0);
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (cost, LL_SWEEP_COST_CRITICAL)));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add ("/sweep-view/sweep", Fixture, NULL, fixture_set_up, test_sweep, fixture_tear_down);
  g_test_add ("/sweep-view/properties", Fixture, NULL, fixture_set_up, test_properties, fixture_tear_down);
  g_test_add ("/sweep-view/moment", Fixture, NULL, fixture_set_up, test_moment, fixture_tear_down);
  g_test_add ("/sweep-view/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/sweep-view/bad-input", Fixture, NULL, fixture_set_up, test_bad_input, fixture_tear_down);
  g_test_add ("/sweep-view/dataset-change", Fixture, NULL, fixture_set_up, test_dataset_change,
              fixture_tear_down);
  return g_test_run ();
}
