/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-sweep.c: see plot-sweep.h. */
#include "config.h"

#include "plot-sweep.h"

#include <glib/gi18n.h>
#include <math.h>

#include "plot-render.h"  /* ll_plot_format_rate */

/* The sweep's own curves, in colours the job's first rates (series 0, 1,
 * 2) do not use, and the diverged marker: series 5's black (light) or
 * yellow (dark) crosses. */
#define SERIES_MAIN 3
#define SERIES_TRAIN 4
#define SERIES_DIVERGED 5

char *
ll_plot_format_critical_rate (double rate)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2g", rate));
}

double
ll_plot_sweep_shown_accuracy (const LlSweepResult *result)
{
  return isfinite (result->test_accuracy) ? result->test_accuracy : result->train_accuracy;
}

static void
add_reference_lines (const LlSweepFigureSpec *spec,
                     LlFigure                *figure)
{
  double critical = spec->critical_rate;
  g_autofree char *critical_text = NULL;
  LlPlotLayer *layer;

  if (isfinite (critical))
    {
      g_autofree char *value = ll_plot_format_critical_rate (critical);

      /* TRANSLATORS: the line at the largest stable learning rate, e.g. "2/L = 0.0036" */
      critical_text = g_strdup_printf (_("2/L = %s"), value);
    }
  /* Always there, so the job rates' layers have fixed indices; hidden
   * until 2/L is known. */
  layer = ll_figure_add_reference (figure, LL_AXIS_X, isfinite (critical) ? critical : 1, critical_text);
  ll_plot_layer_set_visible (layer, isfinite (critical) && spec->show_critical);
  ll_plot_layer_set_line_width_scale (layer, 1.5);

  /* The job's rates in their runs' colours, named in the legend (labels
   * on the lines would collide where rates are close). */
  for (guint i = 0; i < spec->n_job_rates; i++)
    {
      g_autofree char *label = ll_plot_rate_label (spec->job_rates[i]);

      layer = ll_figure_add_reference (figure, LL_AXIS_X, spec->job_rates[i], NULL);
      ll_plot_layer_set_label (layer, label);
      ll_plot_layer_set_series (layer, spec->job_looks != NULL ? spec->job_looks[i] : i);
      ll_plot_layer_set_in_range (layer, FALSE);
    }
}

/* The job's runs at the timeline's moment: a ring at each rate, in its
 * run's colour (ll_plot_sweep_set_moment); the last layer. The rings count
 * in the axes' range: scrubbed back into a spike (the cat data's 0.5 at
 * cost 58 at iteration 300) they would otherwise sit above the top. */
static void
add_moment_layer (LlFigure *figure)
{
  LlPlotLayer *layer = ll_figure_add_points (figure, NULL, NULL, NULL, 0, FALSE);

  ll_plot_layer_set_marker_scale (layer, 1.8);
}

static void
set_common_axes (LlFigure *figure)
{
  ll_figure_axis_set_scale (figure, LL_AXIS_X, LL_AXIS_LOG);
  ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_RATE);
  ll_figure_axis_set_label (figure, LL_AXIS_X, _("learning rate"));
}

static void
add_diverged_layer (LlFigure *figure)
{
  LlPlotLayer *layer = ll_figure_add_points (figure, NULL, NULL, NULL, 0, TRUE);

  ll_plot_layer_set_series (layer, SERIES_DIVERGED);
  ll_plot_layer_set_marker_scale (layer, 1.4);
}

LlFigure *
ll_plot_sweep_cost_figure (const LlSweepFigureSpec *spec)
{
  LlFigure *figure = ll_figure_new ();
  g_autofree char *title = g_strdup_printf (_("Final cost after %u iterations"), spec->iterations);
  LlPlotLayer *layer;

  ll_figure_set_title (figure, title);
  set_common_axes (figure);
  ll_figure_axis_set_scale (figure, LL_AXIS_Y, LL_AXIS_LOG);
  ll_figure_axis_set_label (figure, LL_AXIS_Y, _("final cost"));

  layer = ll_figure_add_lines (figure, NULL, NULL, 0, SERIES_MAIN);
  ll_plot_layer_set_label (layer, _("final cost"));
  ll_plot_layer_set_dashed (layer, FALSE);
  add_diverged_layer (figure);
  add_reference_lines (spec, figure);
  add_moment_layer (figure);
  return figure;
}

LlFigure *
ll_plot_sweep_accuracy_figure (const LlSweepFigureSpec *spec)
{
  LlFigure *figure = ll_figure_new ();
  g_autofree char *title = g_strdup_printf (_("Accuracy after %u iterations"), spec->iterations);
  LlPlotLayer *layer;

  ll_figure_set_title (figure, title);
  set_common_axes (figure);
  ll_figure_axis_set_format (figure, LL_AXIS_Y, LL_TICK_PERCENT);
  ll_figure_axis_set_label (figure, LL_AXIS_Y, _("accuracy"));
  ll_figure_axis_set_range (figure, LL_AXIS_Y, 0, 100);

  layer = ll_figure_add_lines (figure, NULL, NULL, 0, SERIES_MAIN);
  ll_plot_layer_set_label (layer, _("test accuracy"));
  ll_plot_layer_set_dashed (layer, FALSE);
  layer = ll_figure_add_lines (figure, NULL, NULL, 0, SERIES_TRAIN);
  ll_plot_layer_set_label (layer, _("train accuracy"));
  add_diverged_layer (figure);
  add_reference_lines (spec, figure);
  add_moment_layer (figure);
  return figure;
}

/* A diverged cost that is not finite is drawn at the top, above every
 * finite one, and the readout says what it is. */
static double
diverged_cost_position (const LlSweepResult *results, guint n_results, guint i)
{
  double top = 2 * LL_SWEEP_DIVERGED_FACTOR * G_LN2;

  if (isfinite (results[i].cost))
    return results[i].cost;
  for (guint j = 0; j < n_results; j++)
    if (isfinite (results[j].cost))
      top = MAX (top, results[j].cost * 2);
  return top;
}

void
ll_plot_sweep_set_results (LlFigure            *cost,
                           LlFigure            *accuracy,
                           const LlSweepResult *results,
                           guint                n_results,
                           GArray              *diverged)
{
  g_autofree double *rates = g_new (double, MAX (n_results, 1));
  g_autofree double *costs = g_new (double, MAX (n_results, 1));
  g_autofree double *tests = g_new (double, MAX (n_results, 1));
  g_autofree double *trains = g_new (double, MAX (n_results, 1));
  g_autofree double *diverged_rates = g_new (double, MAX (n_results, 1));
  g_autofree double *diverged_costs = g_new (double, MAX (n_results, 1));
  g_autofree double *diverged_accuracies = g_new (double, MAX (n_results, 1));
  guint n_diverged = 0;
  const char *diverged_label;

  if (diverged != NULL)
    g_array_set_size (diverged, 0);
  for (guint i = 0; i < n_results; i++)
    {
      const LlSweepResult *r = &results[i];

      rates[i] = r->learning_rate;
      costs[i] = r->diverged ? NAN : r->cost;
      tests[i] = r->diverged ? NAN : r->test_accuracy;
      trains[i] = r->diverged ? NAN : r->train_accuracy;
      if (r->diverged)
        {
          diverged_rates[n_diverged] = r->learning_rate;
          diverged_costs[n_diverged] = diverged_cost_position (results, n_results, i);
          diverged_accuracies[n_diverged] = ll_plot_sweep_shown_accuracy (r);
          if (diverged != NULL)
            g_array_append_val (diverged, i);
          n_diverged++;
        }
    }
  /* The legend names the marker once there is one to name. */
  diverged_label = n_diverged > 0 ? _("diverged") : NULL;

  ll_plot_layer_set_points (ll_figure_get_layer (cost, LL_SWEEP_COST_LINE), rates, costs, NULL, n_results);
  ll_plot_layer_set_points (ll_figure_get_layer (cost, LL_SWEEP_COST_DIVERGED),
                            diverged_rates, diverged_costs, NULL, n_diverged);
  ll_plot_layer_set_label (ll_figure_get_layer (cost, LL_SWEEP_COST_DIVERGED), diverged_label);
  ll_plot_layer_set_points (ll_figure_get_layer (accuracy, LL_SWEEP_ACCURACY_TEST),
                            rates, tests, NULL, n_results);
  ll_plot_layer_set_points (ll_figure_get_layer (accuracy, LL_SWEEP_ACCURACY_TRAIN),
                            rates, trains, NULL, n_results);
  ll_plot_layer_set_points (ll_figure_get_layer (accuracy, LL_SWEEP_ACCURACY_DIVERGED),
                            diverged_rates, diverged_accuracies, NULL, n_diverged);
  ll_plot_layer_set_label (ll_figure_get_layer (accuracy, LL_SWEEP_ACCURACY_DIVERGED), diverged_label);
}

/* Where each run of the job is at the moment (issue 21.2): its cost and
 * its test (else train) accuracy at its rate; at the end of a job of the
 * sweep's iterations they sit on the sweep's curves. */
void
ll_plot_sweep_set_moment (LlFigure                  *cost,
                          LlFigure                  *accuracy,
                          const LlSweepFigureMoment *runs,
                          guint                      n_runs)
{
  g_autofree double *rates = g_new (double, MAX (n_runs, 1));
  g_autofree double *costs = g_new (double, MAX (n_runs, 1));
  g_autofree double *accuracies = g_new (double, MAX (n_runs, 1));
  g_autofree guint *classes = g_new (guint, MAX (n_runs, 1));

  for (guint r = 0; r < n_runs; r++)
    {
      rates[r] = runs[r].learning_rate;
      costs[r] = runs[r].cost;
      accuracies[r] = isfinite (runs[r].test_accuracy) ? runs[r].test_accuracy : runs[r].train_accuracy;
      classes[r] = runs[r].look;
    }
  ll_plot_layer_set_points (ll_figure_get_layer (cost, ll_figure_get_n_layers (cost) - 1),
                            rates, costs, classes, n_runs);
  ll_plot_layer_set_points (ll_figure_get_layer (accuracy, ll_figure_get_n_layers (accuracy) - 1),
                            rates, accuracies, classes, n_runs);
}
