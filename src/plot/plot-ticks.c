/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-ticks.c: an axis's range, its ticks and their labels.
 *
 * Linear axes get ticks at 1, 2 or 5 times a power of ten, about one label
 * per SPACING device units. Log axes get a tick and a grid line at every
 * decade, labels on the decades that fit (every 1, 2, 3, 5, ... decades),
 * minor ticks at 2..9 where the decades are far enough apart, and labels at
 * 2 and 5 as well when two decades or fewer are shown. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>

double
plot_nice_step (double raw)
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
widen (double *lo, double *hi, double v)
{
  if (v < *lo || isnan (*lo))
    *lo = v;
  if (v > *hi || isnan (*hi))
    *hi = v;
}

void
plot_data_range (LlFigure *figure, LlAxisId axis, double *lo, double *hi)
{
  LlAxisScale scale = figure->axes[axis].scale;

  *lo = *hi = NAN;
  for (guint l = 0; l < figure->layers->len; l++)
    {
      const LlPlotLayer *layer = g_ptr_array_index (figure->layers, l);

      if (!layer->visible || !layer->in_range)
        continue;
      switch (layer->kind)
        {
        case LL_LAYER_LINES:
        case LL_LAYER_POINTS:
          for (gsize i = 0; i < layer->n; i++)
            if (plot_point_is_drawable (figure, layer->x[i], layer->y[i]))
              widen (lo, hi, axis == LL_AXIS_X ? layer->x[i] : layer->y[i]);
          break;
        case LL_LAYER_HEAT_MAP:
          {
            double a = axis == LL_AXIS_X ? layer->x0 : layer->y0;
            double b = axis == LL_AXIS_X ? layer->x1 : layer->y1;

            if (plot_value_is_drawable (a, scale) && plot_value_is_drawable (b, scale))
              {
                widen (lo, hi, a);
                widen (lo, hi, b);
              }
          }
          break;
        case LL_LAYER_REFERENCE:
          if (layer->axis == axis && plot_value_is_drawable (layer->value, scale))
            widen (lo, hi, layer->value);
          break;
        default:
          break;
        }
    }
}

char *
plot_tick_label (LlFigure *figure, LlAxisId axis, double value, double step,
                 gboolean log_plain, gboolean *markup)
{
  const PlotAxis *a = &figure->axes[axis];
  gboolean log = a->scale == LL_AXIS_LOG;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  *markup = FALSE;
  /* A tick at lo + k step that should be 0 can come out as -0 or -3e-17:
   * every format reads it as "0". */
  if (!log && step > 0 && fabs (value) < step * 1e-9)
    value = 0;
  if (a->categories)
    return ll_figure_axis_format_value (figure, axis, value);
  if (a->format_func)
    return a->format_func (value, log ? 0 : step, a->format_data);
  switch (a->format)
    {
    case LL_TICK_RATE:
      return g_strdup (ll_plot_format_rate (value, buf));
    case LL_TICK_ITERATION:
      plot_format_fixed (buf, value, 0);
      return g_strdup (buf);
    case LL_TICK_PERCENT:
      if (log)
        ll_plot_format_rate (value, buf);
      else
        plot_format_fixed (buf, value, plot_decimals_for_step (step));
      return g_strconcat (buf, "%", NULL);
    case LL_TICK_NUMBER:
    default:
      if (log)
        {
          double exponent = log10 (value);
          int decade = (int) floor (exponent + 1e-9);
          int mantissa = (int) round (value / pow (10, decade));

          *markup = TRUE;
          return plot_log_tick_label (mantissa, decade, log_plain);
        }
      plot_format_fixed (buf, value, plot_decimals_for_step (step));
      return g_strdup (buf);
    }
}

static void
add_tick (PlotLayout *layout, LlAxisId axis, double value, gboolean labelled, double step,
          gboolean log_plain, double grid, double length)
{
  PlotAxisLayout *a = &layout->axes[axis];
  PlotTick tick = { value, NULL, FALSE, grid, length };

  if (labelled)
    {
      double data = a->log ? pow (10, value) : value;

      tick.label = plot_tick_label (layout->figure, axis, data, step, log_plain, &tick.markup);
      a->label_extent = MAX (a->label_extent, plot_text_width (layout->pango, layout->font_px, FALSE,
                                                               tick.label, tick.markup));
    }
  g_array_append_val (a->ticks, tick);
}

/* The range before ticks: fixed, or the data's (grown when asked), in data units. */
static void
raw_range (LlFigure *figure, LlAxisId axis, double *lo, double *hi, gboolean *fixed)
{
  PlotAxis *a = &figure->axes[axis];
  gboolean log = a->scale == LL_AXIS_LOG;

  *fixed = isfinite (a->fixed_lo) && isfinite (a->fixed_hi)
           && (!log || (a->fixed_lo > 0 && a->fixed_hi > 0));
  if (*fixed)
    {
      *lo = a->fixed_lo;
      *hi = a->fixed_hi;
      return;
    }
  plot_data_range (figure, axis, lo, hi);
  if (a->grow_only)
    {
      if (isfinite (a->grown_lo))
        widen (lo, hi, a->grown_lo);
      if (isfinite (a->grown_hi))
        widen (lo, hi, a->grown_hi);
      a->grown_lo = *lo;
      a->grown_hi = *hi;
    }
}

/* A category axis: a tick at each name, labelled every few where they
 * would overlap (a y label needs a text line, an x label SPACING). */
static void
category_layout (PlotLayout *layout, LlAxisId axis, double length, double spacing)
{
  PlotAxisLayout *a = &layout->axes[axis];
  guint n = g_strv_length (layout->figure->axes[axis].categories);
  double room = length / MAX (n, 1);
  double needed = axis == LL_AXIS_Y ? layout->text_height * 1.1 : spacing;
  guint every = room >= needed ? 1 : (guint) ceil (needed / MAX (room, 1e-9));

  a->lo = -0.5;
  a->hi = n - 0.5;
  a->step = 1;
  for (guint i = 0; i < n && i < 10000; i++)
    add_tick (layout, axis, i, i % every == 0, 1, FALSE, 0, i % every == 0 ? 1 : 0.55);
}

static void
linear_layout (PlotLayout *layout, LlAxisId axis, double length, double spacing, double max_ticks)
{
  LlFigure *figure = layout->figure;
  PlotAxisLayout *a = &layout->axes[axis];
  double target = CLAMP (length / spacing, 2, max_ticks);
  double lo, hi, step, first, last;
  gboolean fixed;
  guint n = 0;

  raw_range (figure, axis, &lo, &hi, &fixed);
  /* beyond what a double can subtract: the data's own range is no use */
  if (!isfinite (hi - lo))
    {
      lo = hi = NAN;
      fixed = FALSE;
    }
  if (!fixed)
    {
      if (!isfinite (lo))
        lo = hi = 0;
      if (figure->axes[axis].include_zero)
        {
          lo = MIN (0, lo);
          hi = MAX (0, hi);
          if (!isfinite (hi) || hi <= lo)
            hi = lo + 1;
        }
      else if (hi <= lo)
        {
          /* One value: around it, on its side of zero (a flat cost of
           * 0.22 spanned -0.5 .. 1, a negative cost on the axis). */
          double half = lo != 0 ? fabs (lo) / 2 : 0.5;

          lo -= half;
          hi += half;
        }
    }
  step = plot_nice_step ((hi - lo) / target);
  if (figure->axes[axis].format == LL_TICK_ITERATION && !figure->axes[axis].format_func)
    step = MAX (1, step);
  if (!fixed)
    {
      lo = floor (lo / step + 1e-9) * step;
      hi = ceil (hi / step - 1e-9) * step;
    }
  a->lo = lo;
  a->hi = hi;
  a->step = step;

  first = ceil (lo / step - 1e-9);
  last = floor (hi / step + 1e-9);
  for (double k = first; k <= last && n < 1000; k++, n++)
    add_tick (layout, axis, k * step, TRUE, step, FALSE, 0.12, 1);
}

static void
log_layout (PlotLayout *layout, LlAxisId axis, double length, double spacing, double max_ticks,
            double log_spacing)
{
  static const int label_steps[] = { 1, 2, 3, 5, 10, 20, 50, 100 };
  LlFigure *figure = layout->figure;
  PlotAxisLayout *a = &layout->axes[axis];
  double target = CLAMP (length / spacing, 2, max_ticks);
  double lo, hi, decade_px;
  gboolean fixed, minor_labels, plain, minor_lines;
  int first, last, step = label_steps[G_N_ELEMENTS (label_steps) - 1];

  a->log = TRUE;
  raw_range (figure, axis, &lo, &hi, &fixed);
  if (fixed)
    {
      a->lo = log10 (lo);
      a->hi = log10 (hi);
    }
  else
    {
      int decade_lo = isfinite (lo) ? (int) floor (log10 (lo) + 1e-9) : -2;
      int decade_hi = isfinite (hi) ? (int) ceil (log10 (hi) - 1e-9) : 0;

      if (decade_hi <= decade_lo)
        decade_hi = decade_lo + 1;
      a->lo = decade_lo;
      a->hi = decade_hi;
    }

  first = (int) ceil (a->lo - 1e-9);
  last = (int) floor (a->hi + 1e-9);
  decade_px = length / MAX (a->hi - a->lo, 1e-9);
  /* Labels on the decades that fit: LOG_SPACING apart at least. */
  for (guint i = 0; i < G_N_ELEMENTS (label_steps); i++)
    if (decade_px * label_steps[i] >= log_spacing)
      {
        step = label_steps[i];
        break;
      }
  a->step = step;
  plain = first >= -4 && last <= 5;
  /* With two decades or fewer the decades alone are too few labels. */
  minor_labels = a->hi - a->lo <= 2 + 1e-9 && target >= 3 * (a->hi - a->lo);
  minor_lines = decade_px >= layout->font_px * 2;

  for (int decade = first - 1; decade <= last; decade++)
    for (int mantissa = 1; mantissa <= 9; mantissa++)
      {
        double v = decade + log10 (mantissa);
        gboolean labelled;

        if (v > a->hi + 1e-9)
          break;
        if (v < a->lo - 1e-9)
          continue;
        if (mantissa == 1)
          {
            labelled = (decade - first) % step == 0;
            add_tick (layout, axis, v, labelled, 0, plain, 0.14, 1);
            continue;
          }
        labelled = minor_labels && (mantissa == 2 || mantissa == 5);
        if (labelled)
          add_tick (layout, axis, v, TRUE, 0, plain, 0.09, 1);
        else if (minor_lines)
          add_tick (layout, axis, v, FALSE, 0, plain, 0.05, 0.55);
      }
}

void
plot_axis_layout (PlotLayout *layout, LlAxisId axis, double length, double spacing,
                  double max_ticks, double log_spacing)
{
  PlotAxisLayout *a = &layout->axes[axis];

  plot_axis_layout_clear (a);
  a->ticks = g_array_new (FALSE, TRUE, sizeof (PlotTick));
  if (layout->figure->axes[axis].categories)
    category_layout (layout, axis, length, spacing);
  else if (layout->figure->axes[axis].scale == LL_AXIS_LOG)
    log_layout (layout, axis, length, spacing, max_ticks, log_spacing);
  else
    linear_layout (layout, axis, length, spacing, max_ticks);
}

void
plot_axis_layout_clear (PlotAxisLayout *axis)
{
  if (axis->ticks)
    {
      for (guint i = 0; i < axis->ticks->len; i++)
        g_free (g_array_index (axis->ticks, PlotTick, i).label);
      g_clear_pointer (&axis->ticks, g_array_unref);
    }
  axis->label_extent = 0;
  axis->log = FALSE;
}
