/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-layout.c: a figure's geometry (PlotLayout) from its settings and
 * the size: sizes of text, lines and markers, margins, the legend's place,
 * the axes' ranges and ticks (plot-ticks.c), and the mapping between data
 * and device. Drawing, hit-testing and the tests all go through it, so what
 * the pointer hits is what was drawn. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>
#include <string.h>

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
layout_legend (PlotLayout *layout, double *top)
{
  LlFigure *figure = layout->figure;
  double legend_width = 0;
  double *entry_widths;
  guint n;

  layout->legend = g_ptr_array_new ();
  if (figure->legend_shown)
    for (guint i = 0; i < figure->layers->len; i++)
      {
        LlPlotLayer *layer = g_ptr_array_index (figure->layers, i);

        /* a heat map with a colour bar is named over its bar */
        if (layer->label && !layer->out_of_legend && !(layer->kind == LL_LAYER_HEAT_MAP && layer->color_bar))
          g_ptr_array_add (layout->legend, layer);
      }
  n = layout->legend->len;

  /* Entries: a line sample with its marker, then the label ("lr = 0.5"). */
  layout->legend_sample_width = layout->font_px * 2.6;
  layout->legend_entry_height = layout->text_height * 1.35;
  entry_widths = g_new (double, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      LlPlotLayer *layer = g_ptr_array_index (layout->legend, i);

      entry_widths[i] = layout->legend_sample_width + layout->gap * 3
                        + plot_text_width (layout->pango, layout->font_px, FALSE, layer->label, FALSE);
      legend_width = MAX (legend_width, entry_widths[i]);
    }
  layout->legend_entry_width = legend_width;

  /* Beside the data when that leaves the data most of the width, else above. */
  layout->legend_right = n > 0 && layout->legend_entry_width + layout->pad * 2 < layout->width * 0.3;
  if (n > 0 && !layout->legend_right)
    {
      /* The fewest rows whose columns fit the width (one column at least). */
      for (guint rows = 1; rows <= n; rows++)
        {
          guint columns = (n + rows - 1) / rows;
          double total = 0;

          if (columns > MAX_LEGEND_COLUMNS)
            continue;
          for (guint c = 0; c < columns; c++)
            {
              layout->legend_column_x[c] = total;
              layout->legend_column_width[c] = 0;
              for (guint i = c * rows; i < MIN ((c + 1) * rows, n); i++)
                layout->legend_column_width[c] = MAX (layout->legend_column_width[c], entry_widths[i]);
              total += layout->legend_column_width[c];
            }
          layout->legend_columns = columns;
          layout->legend_rows = rows;
          /* The last column needs no gap after it. */
          if (total - layout->gap * 2 <= layout->width - layout->pad * 2 || columns == 1)
            break;
        }
      layout->legend_y = *top;
      *top += MIN (layout->legend_rows, MAX_LEGEND_ROWS) * layout->legend_entry_height + layout->gap;
    }
  g_free (entry_widths);
}

static const LlPlotLayer *
find_color_bar (LlFigure *figure)
{
  for (guint i = 0; i < figure->layers->len; i++)
    {
      const LlPlotLayer *layer = g_ptr_array_index (figure->layers, i);

      if (layer->kind == LL_LAYER_HEAT_MAP && layer->visible && layer->color_bar)
        return layer;
    }
  return NULL;
}

/* The colour bar's ticks, as a y axis of the colour range as long as the
 * data area is high; returns the width it needs right of the data area. */
static double
layout_color_bar (PlotLayout *layout)
{
  g_autoptr(LlFigure) scale = ll_figure_new ();
  PlotLayout sub = *layout;
  double lo, hi, title_width = 0;
  gboolean log;

  plot_heat_color_range (layout->bar_layer, &lo, &hi, &log);
  ll_figure_axis_set_scale (scale, LL_AXIS_Y, log ? LL_AXIS_LOG : LL_AXIS_LINEAR);
  ll_figure_axis_set_range (scale, LL_AXIS_Y, log ? pow (10, lo) : lo, log ? pow (10, hi) : hi);
  sub.figure = scale;
  memset (sub.axes, 0, sizeof sub.axes);
  plot_axis_layout (&sub, LL_AXIS_Y, layout->area.height, layout->font_px * 3.2, 10, layout->text_height * 1.6);
  layout->bar_axis = sub.axes[LL_AXIS_Y];  /* the ticks are the layout's now */

  layout->bar.width = layout->font_px * 0.9;
  if (layout->bar_layer->label)
    title_width = plot_text_width (layout->pango, layout->font_px, FALSE, layout->bar_layer->label, FALSE);
  return layout->gap * 2 + MAX (title_width, layout->bar.width + layout->tick_length + layout->gap * 0.6
                                              + layout->bar_axis.label_extent);
}

void
plot_layout_init (PlotLayout *layout, LlFigure *figure, cairo_t *cr, double width, double height)
{
  double text_height, left, right, top, bottom, x_label_width, y_title, x_title, bar_extent = 0;
  double font_scale = figure->font_scale > 0 ? CLAMP (figure->font_scale, 0.25, 8) : 1;
  cairo_t *measure = cr ? NULL : measure_context_new ();

  memset (layout, 0, sizeof *layout);
  layout->figure = figure;
  layout->pango = plot_text_context (cr ? cr : measure);
  layout->width = width;
  layout->height = height;
  layout->dark = figure->dark;
  if (figure->dark)
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
  layout->line_width = MAX (1.5, layout->font_px * 0.14) * figure->line_scale;
  layout->marker_radius = MAX (3, layout->font_px * 0.26) * sqrt (figure->line_scale);
  layout->pad = layout->font_px * 0.8;
  layout->gap = layout->font_px * 0.45;
  layout->tick_length = layout->font_px * 0.35;

  {
    g_autoptr(PangoLayout) probe = plot_text_new (layout->pango, layout->font_px, FALSE, "0123456789", FALSE);
    plot_text_size (probe, NULL, &text_height);
  }
  layout->text_height = text_height;

  top = layout->pad;
  if (figure->title)
    {
      layout->title_height = text_height * 1.2;
      top += layout->title_height + layout->gap;
    }
  layout_legend (layout, &top);
  layout->bar_layer = find_color_bar (figure);
  if (layout->bar_layer && layout->bar_layer->label)
    top = MAX (top, layout->pad + layout->gap + text_height * 0.5);  /* the bar's title over it */

  /* Bottom: the caption, the x axis's title, tick labels, tick marks. */
  bottom = height - layout->pad;
  if (figure->caption)
    {
      layout->caption_y = bottom - text_height * 0.8;
      bottom = layout->caption_y - layout->gap * 0.5;
    }
  x_title = figure->axes[LL_AXIS_X].label ? text_height * 1.05 + layout->gap : 0;
  bottom -= x_title + text_height + layout->tick_length;
  layout->area.y = top + text_height * 0.5;  /* room for the top tick label */
  layout->area.height = MAX (bottom - layout->area.y, 10);

  /* Aim for a tick label every three text heights or so. */
  plot_axis_layout (layout, LL_AXIS_Y, layout->area.height, layout->font_px * 3.2, 10, text_height * 1.6);

  /* Left: the rotated title, the tick labels, the tick marks. */
  y_title = figure->axes[LL_AXIS_Y].label ? text_height * 1.05 + layout->gap : 0;
  left = layout->pad + y_title + layout->axes[LL_AXIS_Y].label_extent
         + layout->gap * 0.6 + layout->tick_length;

  /* The x labels' width, from the ticks at about the final width. */
  plot_axis_layout (layout, LL_AXIS_X, MAX (width - left - layout->pad, 10), layout->font_px * 6, 12,
                    layout->font_px * 3);
  x_label_width = layout->axes[LL_AXIS_X].label_extent;
  left = MAX (left, layout->pad + x_label_width * 0.5);  /* the first x label whole */
  right = width - layout->pad - x_label_width * 0.5;
  if (layout->bar_layer)
    {
      bar_extent = layout_color_bar (layout);
      right = width - layout->pad - bar_extent;
    }
  if (layout->legend_right)
    {
      right = width - layout->pad - layout->legend_entry_width - layout->gap * 2 - bar_extent;
      layout->legend_x = right + bar_extent + layout->gap * 2;
      layout->legend_y = layout->area.y;
    }
  else if (layout->legend->len > 0)
    layout->legend_x = layout->pad;

  layout->area.x = left;
  layout->area.width = MAX (right - left, 10);
  layout->bar.x = layout->area.x + layout->area.width + layout->gap * 2;
  layout->bar.y = layout->area.y;
  layout->bar.height = layout->area.height;

  /* x labels at least two and a half label widths apart. */
  plot_axis_layout (layout, LL_AXIS_X, layout->area.width, x_label_width * 2.5 + layout->gap, 12,
                    x_label_width + layout->gap * 2);

  if (measure)
    {
      g_clear_object (&layout->pango);  /* geometry only */
      cairo_destroy (measure);
    }
}

void
plot_layout_clear (PlotLayout *layout)
{
  plot_axis_layout_clear (&layout->axes[LL_AXIS_X]);
  plot_axis_layout_clear (&layout->axes[LL_AXIS_Y]);
  plot_axis_layout_clear (&layout->bar_axis);
  g_clear_pointer (&layout->legend, g_ptr_array_unref);
  g_clear_object (&layout->pango);
}

void
plot_clip_to_area (cairo_t *cr, const PlotLayout *layout)
{
  double x0 = round (layout->area.x), y0 = round (layout->area.y);

  cairo_rectangle (cr, x0, y0, round (layout->area.x + layout->area.width) - x0,
                   round (layout->area.y + layout->area.height) - y0);
  cairo_clip (cr);
}

double
plot_map (const PlotLayout *layout, LlAxisId axis, double value)
{
  const PlotAxisLayout *a = &layout->axes[axis];
  double v = a->log ? log10 (value) : value;
  double t = (v - a->lo) / (a->hi - a->lo);

  if (axis == LL_AXIS_X)
    return layout->area.x + t * layout->area.width;
  return layout->area.y + layout->area.height - t * layout->area.height;
}

double
plot_unmap (const PlotLayout *layout, LlAxisId axis, double device)
{
  const PlotAxisLayout *a = &layout->axes[axis];
  double t = axis == LL_AXIS_X ? (device - layout->area.x) / layout->area.width
                               : (layout->area.y + layout->area.height - device) / layout->area.height;
  double v = a->lo + t * (a->hi - a->lo);

  return a->log ? pow (10, v) : v;
}

void
ll_figure_data_area (LlFigure *figure, double width, double height, cairo_rectangle_t *area)
{
  PlotLayout layout;

  g_return_if_fail (figure != NULL && area != NULL);
  plot_layout_init (&layout, figure, NULL, width, height);
  *area = layout.area;
  plot_layout_clear (&layout);
}

void
ll_figure_data_to_device (LlFigure *figure, double width, double height,
                          double x, double y, double *device_x, double *device_y)
{
  PlotLayout layout;

  g_return_if_fail (figure != NULL);
  plot_layout_init (&layout, figure, NULL, width, height);
  if (device_x)
    *device_x = plot_map_x (&layout, x);
  if (device_y)
    *device_y = plot_map_y (&layout, y);
  plot_layout_clear (&layout);
}

void
ll_figure_device_to_data (LlFigure *figure, double width, double height,
                          double device_x, double device_y, double *x, double *y)
{
  PlotLayout layout;

  g_return_if_fail (figure != NULL);
  plot_layout_init (&layout, figure, NULL, width, height);
  if (x)
    *x = plot_unmap (&layout, LL_AXIS_X, device_x);
  if (y)
    *y = plot_unmap (&layout, LL_AXIS_Y, device_y);
  plot_layout_clear (&layout);
}
