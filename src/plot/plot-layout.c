/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-layout.c: the plot's geometry (PlotLayout) from the spec and the
 * size: margins, legend place, axis ranges and tick steps, and the mapping
 * from data to the page. Drawing, hit-testing and the tests all go through
 * it, so what the pointer hits is what was drawn. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>
#include <string.h>

/* 1, 2 or 5 times a power of ten, at least RAW. */
static double
nice_step (double raw)
{
  double magnitude, fraction;

  if (!(raw > 0) || !isfinite (raw))
    return 1;
  magnitude = pow (10, floor (log10 (raw)));
  fraction = raw / magnitude;
  if (fraction <= 1.0 + 1e-9)
    return magnitude;
  if (fraction <= 2.0 + 1e-9)
    return 2 * magnitude;
  if (fraction <= 5.0 + 1e-9)
    return 5 * magnitude;
  return 10 * magnitude;
}

int
plot_decimals_for_step (double step)
{
  return step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
}

static void
data_bounds (const LlPlotSpec *spec, gboolean log_scale,
             double *lo, double *hi, guint *last_iteration)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  *last_iteration = 0;
  for (guint s = 0; s < spec->n_series; s++)
    for (gsize i = 0; i < spec->series[s].n_points; i++)
      {
        const LlCostPoint *point = &spec->series[s].points[i];

        *last_iteration = MAX (*last_iteration, point->iteration);
        if (!plot_cost_is_drawable (point->cost, log_scale))
          continue;
        *lo = MIN (*lo, point->cost);
        *hi = MAX (*hi, point->cost);
      }
}

static void
compute_y_axis (PlotLayout *layout, double data_lo, double data_hi)
{
  /* Aim for a tick label every three text heights or so. */
  double target = CLAMP (layout->area.height / (layout->font_px * 3.2), 2, 10);

  if (!layout->log_scale)
    {
      /* Costs start at zero: a linear axis from 0 shows their true sizes. */
      double lo = isfinite (data_lo) ? MIN (0, data_lo) : 0;
      double hi = isfinite (data_hi) ? data_hi : 1;

      if (hi <= lo)
        hi = lo + 1;
      layout->y_step = nice_step ((hi - lo) / target);
      layout->y_lo = floor (lo / layout->y_step + 1e-9) * layout->y_step;
      layout->y_hi = ceil (hi / layout->y_step - 1e-9) * layout->y_step;
      return;
    }

  {
    int decade_lo = isfinite (data_lo) ? (int) floor (log10 (data_lo) + 1e-9) : -2;
    int decade_hi = isfinite (data_hi) ? (int) ceil (log10 (data_hi) - 1e-9) : 0;
    int n_decades;

    if (decade_hi <= decade_lo)
      decade_hi = decade_lo + 1;
    n_decades = decade_hi - decade_lo;
    layout->y_lo = decade_lo;
    layout->y_hi = decade_hi;
    layout->y_step = MAX (1, ceil (n_decades / target));
    layout->log_plain = decade_lo >= -4 && decade_hi <= 5;
    /* With two decades or fewer the decades alone are too few labels. */
    layout->log_minor_labels = n_decades <= 2 && target >= 3 * n_decades;
  }
}

static double
y_label_width (const PlotLayout *layout)
{
  double widest = 0;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!layout->log_scale)
    {
      int decimals = plot_decimals_for_step (layout->y_step);

      for (double v = layout->y_lo; v <= layout->y_hi + layout->y_step * 1e-6; v += layout->y_step)
        {
          plot_format_fixed (buf, v, decimals);
          widest = MAX (widest, plot_text_width (layout->pango, layout->font_px, FALSE, buf, FALSE));
        }
      return widest;
    }

  for (int decade = (int) layout->y_lo; decade <= (int) layout->y_hi; decade++)
    for (int mantissa = 1; mantissa <= 5; mantissa++)
      {
        g_autofree char *label = NULL;

        if (mantissa == 3 || mantissa == 4)
          continue;
        if (mantissa > 1 && (!layout->log_minor_labels || decade == (int) layout->y_hi))
          continue;
        label = plot_log_tick_label (mantissa, decade, layout->log_plain);
        widest = MAX (widest, plot_text_width (layout->pango, layout->font_px, FALSE, label, TRUE));
      }
  return widest;
}

void
plot_compute_layout (cairo_t *cr, const LlPlotSpec *spec, double width, double height,
                     PlotLayout *layout)
{
  double data_lo, data_hi, text_height, left, right, top, bottom, x_label_width;
  double legend_width = 0;
  guint last_iteration;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double font_scale = spec->font_scale > 0 ? CLAMP (spec->font_scale, 0.25, 8) : 1;

  memset (layout, 0, sizeof *layout);
  layout->pango = pango_cairo_create_context (cr);
  layout->width = width;
  layout->height = height;
  if (spec->dark)
    {
      layout->background = (Rgb) { 0x1e / 255., 0x1e / 255., 0x1e / 255. };
      layout->foreground = (Rgb) { 0xee / 255., 0xee / 255., 0xee / 255. };
    }
  else
    {
      layout->background = (Rgb) { 1, 1, 1 };
      layout->foreground = (Rgb) { 0x1c / 255., 0x1c / 255., 0x1c / 255. };
    }

  /* Text grows with the plot (a 1280x720 export gets 23 px, the plot in
   * a 1280x720 window about 15 px, a little over the UI text)
   * and with the user's font scale. */
  layout->font_px = CLAMP (sqrt (MAX (width, 1) * MAX (height, 1)) / 42, 13, 28) * font_scale;
  layout->line_width = MAX (1.5, layout->font_px * 0.14);
  layout->marker_radius = MAX (3, layout->font_px * 0.26);
  layout->pad = layout->font_px * 0.8;
  layout->gap = layout->font_px * 0.45;
  layout->tick_length = layout->font_px * 0.35;
  layout->log_scale = spec->log_scale;

  {
    g_autoptr(PangoLayout) probe = plot_text_new (layout->pango, layout->font_px, FALSE, "0123456789", FALSE);
    plot_text_size (probe, NULL, &text_height);
  }

  data_bounds (spec, spec->log_scale, &data_lo, &data_hi, &last_iteration);
  layout->x_max = MAX (MAX (spec->max_iteration, last_iteration), 1);

  top = layout->pad;
  if (spec->title && *spec->title)
    {
      layout->title_height = text_height * 1.2;
      top += layout->title_height + layout->gap;
    }

  /* Legend entries: a line sample with its marker, then "lr = 0.5". */
  layout->legend_sample_width = layout->font_px * 2.6;
  layout->legend_entry_height = text_height * 1.35;
  for (guint s = 0; s < spec->n_series; s++)
    {
      g_autofree char *label = plot_rate_label (spec->series[s].learning_rate);
      double w = layout->legend_sample_width + layout->gap
                 + plot_text_width (layout->pango, layout->font_px, FALSE, label, FALSE);

      legend_width = MAX (legend_width, w);
    }
  layout->legend_entry_width = legend_width + layout->gap * 2;

  /* Beside the data when that leaves the data most of the width, else above. */
  layout->legend_right = spec->n_series > 0
                         && layout->legend_entry_width + layout->pad * 2 < width * 0.3;
  if (spec->n_series > 0 && !layout->legend_right)
    {
      guint rows;

      layout->legend_columns = MAX (1, (guint) ((width - layout->pad * 2) / layout->legend_entry_width));
      layout->legend_columns = MIN (layout->legend_columns, spec->n_series);
      rows = (spec->n_series + layout->legend_columns - 1) / layout->legend_columns;
      rows = MIN (rows, MAX_LEGEND_ROWS);
      layout->legend_y = top;
      top += rows * layout->legend_entry_height + layout->gap;
    }

  /* Bottom: tick marks, tick labels, the "iterations" title. */
  bottom = height - layout->pad - text_height * 1.05 - layout->gap - text_height
           - layout->tick_length;
  layout->area.y = top + text_height * 0.5;  /* room for the top tick label */
  layout->area.height = MAX (bottom - layout->area.y, 10);

  compute_y_axis (layout, data_lo, data_hi);

  /* Left: the rotated "cost" title, the tick labels, the tick marks. */
  left = layout->pad + text_height * 1.05 + layout->gap + y_label_width (layout)
         + layout->gap * 0.6 + layout->tick_length;

  g_snprintf (buf, sizeof buf, "%u", (guint) layout->x_max);
  x_label_width = plot_text_width (layout->pango, layout->font_px, FALSE, buf, FALSE);
  right = width - layout->pad - x_label_width * 0.5;
  if (layout->legend_right)
    {
      right = width - layout->pad - layout->legend_entry_width - layout->gap * 2;
      layout->legend_x = right + layout->gap * 2;
      layout->legend_y = layout->area.y;
    }
  else if (spec->n_series > 0)
    layout->legend_x = layout->pad;

  layout->area.x = left;
  layout->area.width = MAX (right - left, 10);

  /* x ticks: labels at least two and a half label widths apart. */
  {
    double target = CLAMP (layout->area.width / (x_label_width * 2.5 + layout->gap), 2, 12);

    layout->x_step = MAX (1, nice_step (layout->x_max / target));
  }
}

double
plot_map_x (const PlotLayout *layout, double iteration)
{
  return layout->area.x + iteration / layout->x_max * layout->area.width;
}

double
plot_map_y (const PlotLayout *layout, double cost)
{
  double v = layout->log_scale ? log10 (cost) : cost;

  return layout->area.y + layout->area.height
         - (v - layout->y_lo) / (layout->y_hi - layout->y_lo) * layout->area.height;
}

/* A 1x1 surface for measuring text when there is no cairo context to hand. */
static cairo_t *
measure_context_new (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1, 1);
  cairo_t *cr = cairo_create (surface);

  cairo_surface_destroy (surface);
  return cr;
}

static void
layout_for_size (const LlPlotSpec *spec, double width, double height, PlotLayout *layout)
{
  cairo_t *cr = measure_context_new ();

  plot_compute_layout (cr, spec, width, height, layout);
  g_clear_object (&layout->pango);  /* geometry only */
  cairo_destroy (cr);
}

void
ll_plot_data_area (const LlPlotSpec *spec, double width, double height, cairo_rectangle_t *area)
{
  PlotLayout layout;

  layout_for_size (spec, width, height, &layout);
  *area = layout.area;
}

double
ll_plot_x_for_iteration (const LlPlotSpec *spec, double width, double height, guint iteration)
{
  PlotLayout layout;

  layout_for_size (spec, width, height, &layout);
  return plot_map_x (&layout, iteration);
}

int
ll_plot_iteration_at (const LlPlotSpec *spec, double width, double height, double x)
{
  PlotLayout layout;
  double iteration, best_distance = INFINITY, slack;
  int best = -1;

  g_return_val_if_fail (spec != NULL, -1);

  layout_for_size (spec, width, height, &layout);
  /* A little slack so that the first and last points, on the axis ends,
   * are easy to hit. */
  slack = layout.marker_radius * 2;
  if (x < layout.area.x - slack || x > layout.area.x + layout.area.width + slack)
    return -1;

  iteration = (x - layout.area.x) / layout.area.width * layout.x_max;
  for (guint s = 0; s < spec->n_series; s++)
    for (gsize i = 0; i < spec->series[s].n_points; i++)
      {
        double distance = fabs (spec->series[s].points[i].iteration - iteration);

        if (distance < best_distance)
          {
            best_distance = distance;
            best = (int) spec->series[s].points[i].iteration;
          }
      }
  return best;
}
