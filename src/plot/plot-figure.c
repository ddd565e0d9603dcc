/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-figure.c: LlFigure and its layers: what a figure holds. Drawing is
 * in ll_figure_render below and the files named in plot-private.h. */
#include "config.h"

#include "plot/plot-private.h"

#include <string.h>

static void
layer_free (gpointer data)
{
  LlPlotLayer *layer = data;

  g_free (layer->label);
  g_free (layer->x);
  g_free (layer->y);
  g_free (layer->classes);
  g_free (layer->values);
  g_free (layer->levels);
  g_clear_pointer (&layer->contours, g_ptr_array_unref);
  g_clear_pointer (&layer->image, cairo_surface_destroy);
  g_clear_pointer (&layer->raster, cairo_surface_destroy);
  g_free (layer->text);
  g_free (layer);
}

LlFigure *
ll_figure_new (void)
{
  LlFigure *figure = g_new0 (LlFigure, 1);

  figure->font_scale = 1;
  figure->line_scale = 1;
  figure->legend_shown = TRUE;
  figure->layers = g_ptr_array_new_with_free_func (layer_free);
  for (int a = 0; a < 2; a++)
    {
      figure->axes[a].fixed_lo = figure->axes[a].fixed_hi = NAN;
      figure->axes[a].grown_lo = figure->axes[a].grown_hi = NAN;
    }
  figure->cursor_x = NAN;
  figure->cursor_rows = g_ptr_array_new_with_free_func (g_free);
  return figure;
}

void
ll_figure_free (LlFigure *figure)
{
  if (figure == NULL)
    return;
  for (int a = 0; a < 2; a++)
    {
      g_free (figure->axes[a].label);
      if (figure->axes[a].format_destroy)
        figure->axes[a].format_destroy (figure->axes[a].format_data);
      g_strfreev (figure->axes[a].categories);
    }
  g_free (figure->title);
  g_free (figure->caption);
  g_free (figure->export_caption);
  g_free (figure->cursor_heading);
  g_free (figure->cursor_columns[0]);
  g_free (figure->cursor_columns[1]);
  g_ptr_array_unref (figure->cursor_rows);
  g_ptr_array_unref (figure->layers);
  g_free (figure);
}

void
ll_figure_set_title (LlFigure *figure, const char *title)
{
  g_return_if_fail (figure != NULL);
  g_free (figure->title);
  figure->title = title && *title ? g_strdup (title) : NULL;
}

void
ll_figure_set_caption (LlFigure *figure, const char *caption)
{
  g_return_if_fail (figure != NULL);
  g_free (figure->caption);
  figure->caption = caption && *caption ? g_strdup (caption) : NULL;
}

void
ll_figure_set_raster_cache (LlFigure *figure, double scale)
{
  g_return_if_fail (figure != NULL);
  figure->raster_scale = isfinite (scale) && scale > 0 ? MIN (scale, 8) : 0;
}

void
ll_figure_set_export_caption (LlFigure *figure, const char *caption)
{
  g_return_if_fail (figure != NULL);
  g_free (figure->export_caption);
  figure->export_caption = caption && *caption ? g_strdup (caption) : NULL;
}

void
ll_figure_set_dark (LlFigure *figure, gboolean dark)
{
  g_return_if_fail (figure != NULL);
  figure->dark = dark;
}

void
ll_figure_set_font_scale (LlFigure *figure, double font_scale)
{
  g_return_if_fail (figure != NULL);
  figure->font_scale = font_scale > 0 ? CLAMP (font_scale, 0.25, 8) : 1;
}

void
ll_figure_set_line_scale (LlFigure *figure, double line_scale)
{
  g_return_if_fail (figure != NULL);
  figure->line_scale = line_scale > 0 ? CLAMP (line_scale, 0.25, 8) : 1;
}

void
ll_figure_set_legend_shown (LlFigure *figure, gboolean shown)
{
  g_return_if_fail (figure != NULL);
  figure->legend_shown = shown;
}

/* ---- axes ---- */

static PlotAxis *
get_axis (LlFigure *figure, LlAxisId axis)
{
  g_return_val_if_fail (figure != NULL, NULL);
  g_return_val_if_fail (axis == LL_AXIS_X || axis == LL_AXIS_Y, NULL);
  return &figure->axes[axis];
}

void
ll_figure_axis_set_scale (LlFigure *figure, LlAxisId axis, LlAxisScale scale)
{
  PlotAxis *a = get_axis (figure, axis);

  if (a && a->scale != scale)
    {
      a->scale = scale;
      a->grown_lo = a->grown_hi = NAN;
    }
}

void
ll_figure_axis_set_label (LlFigure *figure, LlAxisId axis, const char *label)
{
  PlotAxis *a = get_axis (figure, axis);

  if (a)
    {
      g_free (a->label);
      a->label = label && *label ? g_strdup (label) : NULL;
    }
}

void
ll_figure_axis_set_format (LlFigure *figure, LlAxisId axis, LlTickFormat format)
{
  PlotAxis *a = get_axis (figure, axis);

  if (a)
    a->format = format;
}

void
ll_figure_axis_set_format_func (LlFigure *figure, LlAxisId axis, LlTickFormatFunc func,
                                gpointer user_data, GDestroyNotify destroy)
{
  PlotAxis *a = get_axis (figure, axis);

  if (!a)
    return;
  if (a->format_destroy)
    a->format_destroy (a->format_data);
  a->format_func = func;
  a->format_data = user_data;
  a->format_destroy = destroy;
}

void
ll_figure_axis_set_categories (LlFigure *figure, LlAxisId axis, const char * const *names)
{
  PlotAxis *a = get_axis (figure, axis);

  if (!a)
    return;
  g_strfreev (a->categories);
  a->categories = names != NULL && names[0] != NULL ? g_strdupv ((char **) names) : NULL;
}

/* Category I's name, or NULL outside them. */
static const char *
category_name (const PlotAxis *a, double value)
{
  double i = round (value);

  if (!isfinite (value) || i < 0 || i >= g_strv_length (a->categories))
    return NULL;
  return a->categories[(gsize) i];
}

void
ll_figure_axis_set_range (LlFigure *figure, LlAxisId axis, double lo, double hi)
{
  PlotAxis *a = get_axis (figure, axis);

  if (!a)
    return;
  if (isfinite (lo) && isfinite (hi) && lo < hi)
    {
      a->fixed_lo = lo;
      a->fixed_hi = hi;
    }
  else
    a->fixed_lo = a->fixed_hi = NAN;
}

void
ll_figure_axis_set_include_zero (LlFigure *figure, LlAxisId axis, gboolean include_zero)
{
  PlotAxis *a = get_axis (figure, axis);

  if (a)
    a->include_zero = include_zero;
}

void
ll_figure_axis_set_grow_only (LlFigure *figure, LlAxisId axis, gboolean grow_only)
{
  PlotAxis *a = get_axis (figure, axis);

  if (a)
    a->grow_only = grow_only;
}

void
ll_figure_axis_reset_growth (LlFigure *figure, LlAxisId axis)
{
  PlotAxis *a = get_axis (figure, axis);

  if (a)
    a->grown_lo = a->grown_hi = NAN;
}

void
ll_figure_axis_get_range (LlFigure *figure, LlAxisId axis, double width, double height,
                          double *lo, double *hi)
{
  PlotLayout layout;
  const PlotAxisLayout *a;

  g_return_if_fail (get_axis (figure, axis) != NULL);
  plot_layout_init (&layout, figure, NULL, width, height);
  a = &layout.axes[axis];
  *lo = a->log ? pow (10, a->lo) : a->lo;
  *hi = a->log ? pow (10, a->hi) : a->hi;
  plot_layout_clear (&layout);
}

char *
ll_figure_axis_format_value (LlFigure *figure, LlAxisId axis, double value)
{
  PlotAxis *a = get_axis (figure, axis);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (a != NULL, NULL);
  if (a->categories)
    return g_strdup (category_name (a, value) ? category_name (a, value) : "");
  if (a->format_func)
    return a->format_func (value, 0, a->format_data);
  switch (a->format)
    {
    case LL_TICK_RATE:
      return g_strdup (ll_plot_format_rate (value, buf));
    case LL_TICK_PERCENT:
      g_ascii_formatd (buf, sizeof buf, "%.1f", value);
      return g_strconcat (buf, "%", NULL);
    case LL_TICK_ITERATION:
      g_ascii_formatd (buf, sizeof buf, "%.0f", value);
      return g_strdup (buf);
    case LL_TICK_NUMBER:
    default:
      return g_strdup (ll_plot_format_cost (value, buf));
    }
}

/* ---- layers ---- */

static LlPlotLayer *
add_layer (LlFigure *figure, LlLayerKind kind)
{
  LlPlotLayer *layer = g_new0 (LlPlotLayer, 1);

  layer->kind = kind;
  layer->visible = TRUE;
  layer->in_range = TRUE;
  layer->line_width_scale = 1;
  layer->marker_scale = 1;
  layer->markers = TRUE;
  layer->dashed = TRUE;
  g_ptr_array_add (figure->layers, layer);
  return layer;
}

LlPlotLayer *
ll_figure_add_lines (LlFigure *figure, const double *x, const double *y, gsize n, guint series_index)
{
  LlPlotLayer *layer;

  g_return_val_if_fail (figure != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);

  layer = add_layer (figure, LL_LAYER_LINES);
  layer->x = g_memdup2 (x, n * sizeof (double));
  layer->y = g_memdup2 (y, n * sizeof (double));
  layer->n = n;
  layer->series = series_index;
  layer->has_series = TRUE;
  return layer;
}

LlPlotLayer *
ll_figure_add_points (LlFigure *figure, const double *x, const double *y,
                      const guint *classes, gsize n, gboolean filled)
{
  LlPlotLayer *layer;

  g_return_val_if_fail (figure != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);

  layer = add_layer (figure, LL_LAYER_POINTS);
  layer->x = g_memdup2 (x, n * sizeof (double));
  layer->y = g_memdup2 (y, n * sizeof (double));
  layer->classes = classes ? g_memdup2 (classes, n * sizeof (guint)) : NULL;
  layer->n = n;
  layer->filled = filled;
  layer->has_series = TRUE;
  return layer;
}

LlPlotLayer *
ll_figure_add_heat_map (LlFigure *figure, const double *values, guint nx, guint ny,
                        double x0, double x1, double y0, double y1, LlColorMap map)
{
  LlPlotLayer *layer;

  g_return_val_if_fail (figure != NULL, NULL);
  g_return_val_if_fail (values != NULL && nx >= 2 && ny >= 2, NULL);
  g_return_val_if_fail (isfinite (x0) && isfinite (x1) && isfinite (y0) && isfinite (y1), NULL);

  layer = add_layer (figure, LL_LAYER_HEAT_MAP);
  layer->values = g_memdup2 (values, (gsize) nx * ny * sizeof (double));
  layer->nx = nx;
  layer->ny = ny;
  layer->x0 = x0;
  layer->x1 = x1;
  layer->y0 = y0;
  layer->y1 = y1;
  layer->color_map = map;
  layer->color_lo = layer->color_hi = NAN;
  return layer;
}

LlPlotLayer *
ll_figure_add_reference (LlFigure *figure, LlAxisId axis, double value, const char *text)
{
  LlPlotLayer *layer;

  g_return_val_if_fail (get_axis (figure, axis) != NULL, NULL);

  layer = add_layer (figure, LL_LAYER_REFERENCE);
  layer->axis = axis;
  layer->value = value;
  layer->text = text && *text ? g_strdup (text) : NULL;
  return layer;
}

guint
ll_figure_get_n_layers (LlFigure *figure)
{
  g_return_val_if_fail (figure != NULL, 0);
  return figure->layers->len;
}

LlPlotLayer *
ll_figure_get_layer (LlFigure *figure, guint index)
{
  g_return_val_if_fail (figure != NULL, NULL);
  g_return_val_if_fail (index < figure->layers->len, NULL);
  return g_ptr_array_index (figure->layers, index);
}

LlLayerKind
ll_plot_layer_get_kind (LlPlotLayer *layer)
{
  g_return_val_if_fail (layer != NULL, LL_LAYER_LINES);
  return layer->kind;
}

void
ll_plot_layer_set_label (LlPlotLayer *layer, const char *label)
{
  g_return_if_fail (layer != NULL);
  g_free (layer->label);
  layer->label = label && *label ? g_strdup (label) : NULL;
}

const char *
ll_plot_layer_get_label (LlPlotLayer *layer)
{
  g_return_val_if_fail (layer != NULL, NULL);
  return layer->label;
}

void
ll_plot_layer_set_visible (LlPlotLayer *layer, gboolean visible)
{
  g_return_if_fail (layer != NULL);
  layer->visible = visible;
}

gboolean
ll_plot_layer_get_visible (LlPlotLayer *layer)
{
  g_return_val_if_fail (layer != NULL, FALSE);
  return layer->visible;
}

void
ll_plot_layer_set_in_range (LlPlotLayer *layer, gboolean in_range)
{
  g_return_if_fail (layer != NULL);
  layer->in_range = in_range;
}

void
ll_plot_layer_set_series (LlPlotLayer *layer, guint series_index)
{
  g_return_if_fail (layer != NULL);
  layer->series = series_index;
  layer->has_series = TRUE;
}

void
ll_plot_layer_set_faded (LlPlotLayer *layer, gboolean faded)
{
  g_return_if_fail (layer != NULL);
  layer->faded = faded;
}

void
ll_plot_layer_set_in_legend (LlPlotLayer *layer, gboolean in_legend)
{
  g_return_if_fail (layer != NULL);
  layer->out_of_legend = !in_legend;
}

void
ll_plot_layer_set_line_width_scale (LlPlotLayer *layer, double scale)
{
  g_return_if_fail (layer != NULL);
  layer->line_width_scale = scale > 0 ? CLAMP (scale, 0.1, 10) : 1;
}

void
ll_plot_layer_set_markers (LlPlotLayer *layer, gboolean markers)
{
  g_return_if_fail (layer != NULL);
  layer->markers = markers;
}

void
ll_plot_layer_set_dashed (LlPlotLayer *layer, gboolean dashed)
{
  g_return_if_fail (layer != NULL);
  layer->dashed = dashed;
}

void
ll_plot_layer_set_bars (LlPlotLayer *layer, double thickness)
{
  g_return_if_fail (layer != NULL && layer->kind == LL_LAYER_POINTS);
  layer->bar_thickness = thickness > 0 && isfinite (thickness) ? thickness : 0;
}

void
ll_plot_layer_set_marker_scale (LlPlotLayer *layer, double scale)
{
  g_return_if_fail (layer != NULL);
  layer->marker_scale = scale > 0 ? CLAMP (scale, 0.1, 10) : 1;
}

void
ll_plot_layer_set_color_range (LlPlotLayer *layer, double lo, double hi, gboolean log)
{
  g_return_if_fail (layer != NULL && layer->kind == LL_LAYER_HEAT_MAP);
  layer->color_lo = lo;
  layer->color_hi = hi;
  layer->color_log = log;
  g_clear_pointer (&layer->image, cairo_surface_destroy);
  g_clear_pointer (&layer->raster, cairo_surface_destroy);
  layer->prepared = FALSE;
}

void
ll_plot_layer_set_color_bar (LlPlotLayer *layer, gboolean shown)
{
  g_return_if_fail (layer != NULL && layer->kind == LL_LAYER_HEAT_MAP);
  layer->color_bar = shown;
}

void
ll_plot_layer_set_contours (LlPlotLayer *layer, const double *levels, guint n_levels)
{
  g_return_if_fail (layer != NULL && layer->kind == LL_LAYER_HEAT_MAP);
  g_return_if_fail (n_levels == 0 || levels != NULL);
  g_free (layer->levels);
  layer->levels = g_memdup2 (levels, n_levels * sizeof (double));
  layer->n_levels = n_levels;
  g_clear_pointer (&layer->contours, g_ptr_array_unref);
  g_clear_pointer (&layer->raster, cairo_surface_destroy);
  layer->prepared = FALSE;
}

gboolean
ll_plot_layer_value_at (LlPlotLayer *layer, double x, double y, double *value)
{
  double fx, fy, tx, ty;
  guint i, j;
  const double *v;

  g_return_val_if_fail (layer != NULL && layer->kind == LL_LAYER_HEAT_MAP, FALSE);

  fx = (x - layer->x0) / (layer->x1 - layer->x0) * (layer->nx - 1);
  fy = (y - layer->y0) / (layer->y1 - layer->y0) * (layer->ny - 1);
  if (!(fx >= 0 && fx <= layer->nx - 1 && fy >= 0 && fy <= layer->ny - 1))
    return FALSE;
  i = MIN ((guint) fx, layer->nx - 2);
  j = MIN ((guint) fy, layer->ny - 2);
  tx = fx - i;
  ty = fy - j;
  v = layer->values + (gsize) j * layer->nx + i;
  *value = (1 - ty) * ((1 - tx) * v[0] + tx * v[1]) + ty * ((1 - tx) * v[layer->nx] + tx * v[layer->nx + 1]);
  return TRUE;
}

void
ll_plot_layer_set_points (LlPlotLayer *layer, const double *x, const double *y, const guint *classes, gsize n)
{
  g_return_if_fail (layer != NULL);
  g_return_if_fail (layer->kind == LL_LAYER_LINES || layer->kind == LL_LAYER_POINTS);
  g_return_if_fail (n == 0 || (x != NULL && y != NULL));

  g_free (layer->x);
  g_free (layer->y);
  g_clear_pointer (&layer->classes, g_free);
  layer->x = g_memdup2 (x, n * sizeof (double));
  layer->y = g_memdup2 (y, n * sizeof (double));
  if (classes && layer->kind == LL_LAYER_POINTS)
    layer->classes = g_memdup2 (classes, n * sizeof (guint));
  layer->n = n;
}

gsize
ll_plot_layer_get_n_points (LlPlotLayer *layer)
{
  g_return_val_if_fail (layer != NULL, 0);
  return layer->kind == LL_LAYER_LINES || layer->kind == LL_LAYER_POINTS ? layer->n : 0;
}

void
ll_plot_layer_get_point (LlPlotLayer *layer, gsize i, double *x, double *y)
{
  g_return_if_fail (layer != NULL && i < ll_plot_layer_get_n_points (layer));
  if (x)
    *x = layer->x[i];
  if (y)
    *y = layer->y[i];
}

/* ---- the readout's state ---- */

void
ll_figure_set_cursor_x (LlFigure *figure, double x, const char *heading)
{
  g_return_if_fail (figure != NULL);
  g_clear_pointer (&figure->cursor_heading, g_free);
  g_ptr_array_set_size (figure->cursor_rows, 0);
  figure->cursor = isfinite (x) ? CURSOR_X : CURSOR_NONE;
  figure->cursor_x = x;
  figure->cursor_layer = NULL;
  if (figure->cursor != CURSOR_NONE)
    figure->cursor_heading = g_strdup (heading);
}

void
ll_figure_set_cursor_point (LlFigure *figure, LlPlotLayer *layer, gsize index, const char *heading)
{
  g_return_if_fail (figure != NULL);
  g_return_if_fail (layer == NULL || index < ll_plot_layer_get_n_points (layer));
  g_clear_pointer (&figure->cursor_heading, g_free);
  g_ptr_array_set_size (figure->cursor_rows, 0);
  figure->cursor = layer ? CURSOR_POINT : CURSOR_NONE;
  figure->cursor_x = NAN;
  figure->cursor_layer = layer;
  figure->cursor_index = index;
  if (layer)
    figure->cursor_heading = g_strdup (heading);
}

void
ll_figure_add_cursor_row (LlFigure *figure, const char *label, const char *value)
{
  g_return_if_fail (figure != NULL && label != NULL);
  g_ptr_array_add (figure->cursor_rows, g_strdup (label));
  g_ptr_array_add (figure->cursor_rows, g_strdup (value));
}

void
ll_figure_set_cursor_columns (LlFigure *figure, const char *first, const char *second)
{
  g_return_if_fail (figure != NULL);
  g_return_if_fail ((first == NULL) == (second == NULL));
  g_free (figure->cursor_columns[0]);
  g_free (figure->cursor_columns[1]);
  figure->cursor_columns[0] = g_strdup (first);
  figure->cursor_columns[1] = g_strdup (second);
}

/* ---- drawing ---- */

void
ll_figure_render (LlFigure *figure, cairo_t *cr, double width, double height)
{
  PlotLayout layout;
  double slack;

  g_return_if_fail (figure != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  plot_layout_init (&layout, figure, cr, width, height);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GOOD);

  plot_set_rgb (cr, &layout.background, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  /* A heat map lies under the grid, the grid under the rest. */
  cairo_save (cr);
  plot_clip_to_area (cr, &layout);
  for (guint i = 0; i < figure->layers->len; i++)
    {
      LlPlotLayer *layer = g_ptr_array_index (figure->layers, i);

      if (layer->kind == LL_LAYER_HEAT_MAP)
        plot_draw_layer (cr, &layout, layer);
    }
  cairo_restore (cr);

  plot_draw_axes (cr, &layout);
  plot_draw_axis_titles (cr, &layout);

  /* The axes cover every point; the slack only keeps the markers at the
   * ends whole. */
  slack = layout.marker_radius * 1.6 + layout.line_width;
  cairo_save (cr);
  /* whole pixels: cairo's fast path for a rectangular clip */
  cairo_rectangle (cr, floor (layout.area.x - slack), floor (layout.area.y - slack),
                   ceil (layout.area.width + 2 * slack), ceil (layout.area.height + 2 * slack));
  cairo_clip (cr);
  for (guint i = 0; i < figure->layers->len; i++)
    {
      LlPlotLayer *layer = g_ptr_array_index (figure->layers, i);

      if (layer->kind != LL_LAYER_HEAT_MAP)
        plot_draw_layer (cr, &layout, layer);
    }
  cairo_restore (cr);

  plot_draw_legend (cr, &layout);
  plot_draw_color_bar (cr, &layout);

  if (figure->title)
    {
      plot_set_rgb (cr, &layout.foreground, 1);
      plot_draw_text (cr, layout.pango, layout.font_px * 1.15, TRUE, figure->title, FALSE,
                      layout.area.x + layout.area.width / 2, layout.pad, 0.5, 0);
    }
  if (figure->caption)
    {
      plot_set_faded (cr, &layout, &layout.foreground, 0.75);
      plot_draw_text (cr, layout.pango, layout.font_px * 0.8, FALSE, figure->caption, FALSE,
                      layout.area.x + layout.area.width / 2, layout.caption_y, 0.5, 0);
    }
  /* The readout over everything: in a small figure its box reaches over
   * the colour bar and the legend (the landscape's path readout at
   * 1024 x 768), which would otherwise cover its values. */
  plot_draw_readout (cr, &layout);
  plot_layout_clear (&layout);
  cairo_restore (cr);
}
