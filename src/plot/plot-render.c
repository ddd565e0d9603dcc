/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-render.c: the cost plot (cost against iteration, one series per
 * learning rate) as one use of the general figure: ll_plot_* build an
 * LlFigure from an LlPlotSpec and draw, hit-test or export it. Every
 * translatable string of the cost plot is here. */
#include "config.h"

#include "plot/plot-private.h"

#include <glib/gi18n-lib.h>

char *
ll_plot_rate_label (double learning_rate)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  /* TRANSLATORS: legend entry, %s is a learning rate such as 0.5 */
  return g_strdup_printf (_("lr = %s"), ll_plot_format_rate (learning_rate, number));
}

/* The figure of SPEC: iterations 0 to the run's end on x, the costs on a
 * linear axis from 0 or a log axis on y, a line per learning rate. */
LlFigure *
ll_plot_figure_new (const LlPlotSpec *spec)
{
  LlFigure *figure = ll_figure_new ();
  guint last_iteration = 0;

  ll_figure_set_dark (figure, spec->dark);
  ll_figure_set_font_scale (figure, spec->font_scale);
  ll_figure_set_line_scale (figure, spec->line_scale);
  ll_figure_set_title (figure, spec->title);

  for (guint s = 0; s < spec->n_series; s++)
    {
      const LlPlotSeries *series = &spec->series[s];
      g_autofree double *x = g_new (double, MAX (series->n_points, 1));
      g_autofree double *y = g_new (double, MAX (series->n_points, 1));
      g_autofree char *label = ll_plot_rate_label (series->learning_rate);
      LlPlotLayer *layer;

      for (gsize i = 0; i < series->n_points; i++)
        {
          x[i] = series->points[i].iteration;
          y[i] = series->points[i].cost;
          last_iteration = MAX (last_iteration, series->points[i].iteration);
        }
      layer = ll_figure_add_lines (figure, x, y, series->n_points, spec->looks != NULL ? spec->looks[s] : s);
      ll_plot_layer_set_label (layer, label);
    }

  ll_figure_axis_set_label (figure, LL_AXIS_X, _("iterations"));
  ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_ITERATION);
  ll_figure_axis_set_range (figure, LL_AXIS_X, 0, MAX (MAX (spec->max_iteration, last_iteration), 1));

  ll_figure_axis_set_label (figure, LL_AXIS_Y, spec->log_scale ? _("cost (log scale)") : _("cost"));
  ll_figure_axis_set_scale (figure, LL_AXIS_Y, spec->log_scale ? LL_AXIS_LOG : LL_AXIS_LINEAR);
  /* Costs start at zero: a linear axis from 0 shows their true sizes. */
  ll_figure_axis_set_include_zero (figure, LL_AXIS_Y, TRUE);

  if (spec->highlight_iteration >= 0)
    {
      /* TRANSLATORS: heading of the plot's readout, %d is an iteration number */
      g_autofree char *heading = g_strdup_printf (_("iteration %d"), spec->highlight_iteration);

      ll_figure_set_cursor_x (figure, spec->highlight_iteration, heading);
    }
  return figure;
}

void
ll_plot_render (cairo_t *cr, const LlPlotSpec *spec, double width, double height)
{
  g_autoptr(LlFigure) figure = NULL;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (spec != NULL);
  g_return_if_fail (spec->n_series == 0 || spec->series != NULL);

  figure = ll_plot_figure_new (spec);
  ll_figure_render (figure, cr, width, height);
}

int
ll_plot_iteration_at (const LlPlotSpec *spec, double width, double height, double x)
{
  g_autoptr(LlFigure) figure = NULL;
  double iteration;

  g_return_val_if_fail (spec != NULL, -1);

  figure = ll_plot_figure_new (spec);
  return ll_figure_nearest_x (figure, width, height, x, &iteration) ? (int) iteration : -1;
}

void
ll_plot_data_area (const LlPlotSpec *spec, double width, double height, cairo_rectangle_t *area)
{
  g_autoptr(LlFigure) figure = ll_plot_figure_new (spec);

  ll_figure_data_area (figure, width, height, area);
}

double
ll_plot_x_for_iteration (const LlPlotSpec *spec, double width, double height, guint iteration)
{
  g_autoptr(LlFigure) figure = ll_plot_figure_new (spec);
  double x;

  ll_figure_data_to_device (figure, width, height, iteration, 1, &x, NULL);
  return x;
}

gboolean
ll_plot_export (const LlPlotSpec *spec, const char *path, int width, int height, GError **error)
{
  g_autoptr(LlFigure) figure = NULL;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  figure = ll_plot_figure_new (spec);
  return ll_figure_export (figure, path, width, height, error);
}
