/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab.c: the learning-rate lab in the window (issue 17): the sweep
 * page follows the session (dataset, job rates, iterations, zoom) and a
 * rate chosen on it joins the job, up to the sidebar's 8. */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app/ll-cost-watch.h"
#include "app/ll-rate-list.h"
#include "core/train/curvature.h"
#include "app/ll-sweep-view.h"
#include "app/ll-sharpness-view.h"
#include "app/ll-window.h"
#include "app-fixture.h"
#include "fixtures.h"

static LlSweepView *
get_sweep_view (LlWindow *window)
{
  GtkWidget *page = gtk_stack_get_child_by_name (ll_window_get_stack (window), "sweep");

  g_assert_nonnull (page);
  g_assert_true (LL_IS_SWEEP_VIEW (page));
  return LL_SWEEP_VIEW (page);
}

static void
test_sweep_page (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlSweepView *sweep = get_sweep_view (window);
  LlRunConfig *config = ll_training_session_get_config (ll_window_get_session (window));
  guint n_job = 0, n_config = 0;
  const double *job_rates;
  const double *rates;
  LlFigureView *sharpness = ll_sharpness_view_get_figure_view (
    LL_SHARPNESS_VIEW (gtk_stack_get_child_by_name (ll_window_get_stack (window), "sharpness")));
  double font_scale;

  /* The job's rates and iterations, as the sidebar has them. */
  ll_run_config_set_iterations (config, 123);
  g_assert_cmpuint (ll_sweep_view_get_iterations (sweep), ==, 123);
  rates = ll_run_config_get_learning_rates (config, &n_config);
  job_rates = ll_sweep_view_get_job_rates (sweep, &n_job);
  g_assert_cmpuint (n_job, ==, n_config);
  for (guint i = 0; i < n_job; i++)
    g_assert_cmpfloat (job_rates[i], ==, rates[i]);

  /* It can sweep: it has the dataset. */
  ll_sweep_view_set_range (sweep, 0.01, 1, 3);
  g_assert_true (ll_sweep_view_start (sweep));
  ll_sweep_view_cancel (sweep);

  /* The text zoom reaches its figures, and the sharpness figure's as the
   * sweep's; projector mode's larger text too. */
  font_scale = ll_sweep_view_get_font_scale (sweep);
  g_assert_cmpfloat (ll_figure_view_get_font_scale (sharpness), ==, font_scale);
  ll_window_set_zoom (window, 2.0);
  g_assert_cmpfloat (ll_sweep_view_get_font_scale (sweep), >, font_scale);
  g_assert_cmpfloat (ll_figure_view_get_font_scale (sharpness), ==, ll_sweep_view_get_font_scale (sweep));
  ll_window_set_zoom (window, 1.0);
  ll_window_set_projector_mode (window, TRUE);
  g_assert_cmpfloat (ll_figure_view_get_font_scale (sharpness), >, font_scale);
  g_assert_cmpfloat (ll_figure_view_get_font_scale (sharpness), ==, ll_sweep_view_get_font_scale (sweep));
  ll_window_set_projector_mode (window, FALSE);
  g_assert_cmpfloat (ll_figure_view_get_font_scale (sharpness), ==, font_scale);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_rate_chosen (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlSweepView *sweep = get_sweep_view (window);
  LlRunConfig *config = ll_training_session_get_config (ll_window_get_session (window));
  const double three[] = { 0.5, 0.1, 0.01 };
  const double eight[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  guint n_rates = 0;
  const double *rates;

  ll_run_config_set_learning_rates (config, three, 3);
  /* A log-spaced rate joins the job with three digits, as shown. */
  g_signal_emit_by_name (sweep, "rate-chosen", 0.00316227766);
  rates = ll_run_config_get_learning_rates (config, &n_rates);
  g_assert_cmpuint (n_rates, ==, 4);
  g_assert_cmpfloat (rates[3], ==, 0.00316);
  g_assert_null (ll_window_get_error (window));
  /* The sidebar shows it, and the sweep marks it. */
  g_assert_cmpuint (ll_rate_list_get_n_rates (ll_window_get_rate_list (window)), ==, 4);
  ll_sweep_view_get_job_rates (sweep, &n_rates);
  g_assert_cmpuint (n_rates, ==, 4);

  /* Once only. */
  g_signal_emit_by_name (sweep, "rate-chosen", 0.5);
  ll_run_config_get_learning_rates (config, &n_rates);
  g_assert_cmpuint (n_rates, ==, 4);

  /* Not a ninth: the banner says why. */
  ll_run_config_set_learning_rates (config, eight, 8);
  g_signal_emit_by_name (sweep, "rate-chosen", 0.25);
  ll_run_config_get_learning_rates (config, &n_rates);
  g_assert_cmpuint (n_rates, ==, LL_RATE_LIST_MAX_RATES);
  g_assert_nonnull (ll_window_get_error (window));
  g_assert_nonnull (strstr (ll_window_get_error (window), "0.25"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
critical_known (gpointer data)
{
  return isfinite (ll_run_store_get_critical_rate (data));
}

/* 2/L of the dataset, computed off the UI thread, as the core computes it. */
static void
test_critical_rate (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (window));
  const LlTrainData data = ll_train_data_from_pixels (ll_run_store_peek_dataset (store));
  g_autoptr (GError) error = NULL;
  double expected = ll_critical_learning_rate (ll_curvature_at_zero (&data, 0, &error));
  g_autoptr (LlCostWatch) watch = ll_cost_watch_new ();
  g_autofree char *ratio = NULL;

  g_assert_no_error (error);
  ll_test_wait_for (critical_known, store);
  g_assert_cmpfloat_with_epsilon (ll_run_store_get_critical_rate (store), expected, expected * 1e-6);

  /* The notes' words: only above it, times how much. */
  ll_cost_watch_set_critical_rate (watch, 0.0036);
  g_assert_null (ll_cost_watch_dup_ratio_text (watch, 0.001));
  ratio = ll_cost_watch_dup_ratio_text (watch, 0.5);
  g_assert_cmpstr (ratio, ==, "0.5 is 139 × the largest stable rate at the start.");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A smooth recorded curve whose trainer saw rises: the note says so, and
 * no more once the recorded curve shows a rise itself. */
static void
test_hidden_rises (void)
{
  g_autoptr (LlCostWatch) watch = ll_cost_watch_new ();
  g_autofree char *text = NULL;

  g_assert_false (ll_cost_watch_add (watch, 0, 0.1, 0, 0.69));
  g_assert_false (ll_cost_watch_set_trainer_rises (watch, 0, 0));
  g_assert_false (ll_cost_watch_add (watch, 0, 0.1, 100, 0.5));
  g_assert_true (ll_cost_watch_set_trainer_rises (watch, 0, 143));
  text = ll_cost_watch_dup_text (watch);
  g_assert_cmpstr (text, ==, "Learning rate 0.1 rose 143 times between record points; record every 1 to see it.");
  g_clear_pointer (&text, g_free);
  g_assert_false (ll_cost_watch_set_trainer_rises (watch, 0, 143));
  g_assert_true (ll_cost_watch_add (watch, 0, 0.1, 200, 0.6));
  text = ll_cost_watch_dup_text (watch);
  g_assert_null (strstr (text, "between record points"));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/sweep-page", test_sweep_page);
  g_test_add_func ("/lab/rate-chosen", test_rate_chosen);
  g_test_add_func ("/lab/critical-rate", test_critical_rate);
  g_test_add_func ("/lab/hidden-rises", test_hidden_rises);

  return g_test_run ();
}
