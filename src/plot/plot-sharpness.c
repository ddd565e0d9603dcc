/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-sharpness.c: see plot-sharpness.h. The y axis is logarithmic: the
 * sharpness falls by orders of magnitude as the predictions saturate. */
#include "config.h"

#include "plot-sharpness.h"

#include <glib/gi18n.h>
#include <math.h>

#include "plot-render.h"  /* ll_plot_format_rate */

char *
ll_plot_format_sharpness (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, value >= 100 ? "%.0f" : "%.3g", value));
}

/* 2/lr: the largest sharpness at which a step of LR is stable. */
static double
stable_limit (double rate)
{
  return rate > 0 ? 2 / rate : NAN;
}

void
ll_plot_sharpness_set_run_points (LlFigure     *figure,
                                  guint         r,
                                  const double *iterations,
                                  const double *sharpness,
                                  gsize         n_points)
{
  g_autofree double *x = g_new (double, MAX (n_points, 1));
  g_autofree double *y = g_new (double, MAX (n_points, 1));
  gsize n = 0;

  if (LL_SHARPNESS_LAYER_LIMIT (r) >= ll_figure_get_n_layers (figure))
    return;
  /* The dense first iterations' cost points have no sharpness. */
  for (gsize p = 0; p < n_points; p++)
    if (isfinite (sharpness[p]) && sharpness[p] > 0)
      {
        x[n] = iterations[p];
        y[n] = sharpness[p];
        n++;
      }
  ll_plot_layer_set_points (ll_figure_get_layer (figure, LL_SHARPNESS_LAYER_RUN (r)), x, y, NULL, n);
}

void
ll_plot_sharpness_set_run_look (LlFigure *figure,
                                guint     r,
                                gboolean  visible,
                                gboolean  pinned)
{
  for (guint layer = LL_SHARPNESS_LAYER_RUN (r); layer <= LL_SHARPNESS_LAYER_LIMIT (r); layer++)
    if (layer < ll_figure_get_n_layers (figure))
      {
        ll_plot_layer_set_visible (ll_figure_get_layer (figure, layer), visible);
        ll_plot_layer_set_faded (ll_figure_get_layer (figure, layer), pinned);
      }
}

LlFigure *
ll_plot_sharpness_figure (double                      critical,
                          const LlSharpnessFigureRun *runs,
                          guint                       n_runs)
{
  LlFigure *figure = ll_figure_new ();
  LlPlotLayer *layer;
  g_autofree char *l_text = NULL;

  ll_figure_set_title (figure, _("Sharpness: the cost’s largest curvature along each run"));
  ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_ITERATION);
  ll_figure_axis_set_label (figure, LL_AXIS_X, _("iteration"));
  ll_figure_axis_set_scale (figure, LL_AXIS_Y, LL_AXIS_LOG);
  ll_figure_axis_set_label (figure, LL_AXIS_Y, _("largest eigenvalue of the Hessian"));
  ll_figure_set_caption (figure, _("A step of rate lr is stable where the sharpness is below 2/lr "
                                   "(dashed, in the run’s colour)"));

  /* L = 2 / (2/L): the sharpness at w = 0, where every run starts. */
  if (isfinite (critical) && critical > 0)
    {
      g_autofree char *value = ll_plot_format_sharpness (2 / critical);
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      /* TRANSLATORS: the line at the sharpness at the start, e.g. "L = 554 at the start (2/L = 0.0036)" */
      l_text = g_strdup_printf (_("L = %s at the start (2/L = %s)"), value,
                                g_ascii_formatd (rate, sizeof rate, "%.2g", critical));
    }
  /* Named in the legend: a label at the line's end would collide with a
   * 2/lr line's near it. */
  layer = ll_figure_add_reference (figure, LL_AXIS_Y, isfinite (critical) && critical > 0 ? 2 / critical : 1,
                                   NULL);
  ll_plot_layer_set_label (layer, l_text);
  ll_plot_layer_set_visible (layer, l_text != NULL);

  for (guint r = 0; r < n_runs; r++)
    {
      g_autofree char *label = ll_plot_rate_label (runs[r].learning_rate);
      g_autofree char *limit_value = ll_plot_format_sharpness (stable_limit (runs[r].learning_rate));
      /* TRANSLATORS: the dashed line at a rate's stability limit, e.g. "2/lr = 4" */
      g_autofree char *limit_text = g_strdup_printf (_("2/lr = %s"), limit_value);

      layer = ll_figure_add_lines (figure, NULL, NULL, 0, runs[r].look);
      ll_plot_layer_set_label (layer, label);
      layer = ll_figure_add_reference (figure, LL_AXIS_Y, stable_limit (runs[r].learning_rate), limit_text);
      ll_plot_layer_set_series (layer, runs[r].look);
      ll_plot_sharpness_set_run_points (figure, r, runs[r].iterations, runs[r].sharpness, runs[r].n_points);
      ll_plot_sharpness_set_run_look (figure, r, runs[r].visible, runs[r].pinned);
    }
  layer = ll_figure_add_points (figure, NULL, NULL, NULL, 0, FALSE);
  ll_plot_layer_set_marker_scale (layer, 1.8);
  return figure;
}
