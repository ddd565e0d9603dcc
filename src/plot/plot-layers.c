/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-layers.c: drawing each kind of layer: lines with markers, points
 * by class, a heat map with contour lines, a reference line. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Dense series (a point every iteration) are thinned per column of about a
 * line width: each column keeps its first, highest, lowest and last point,
 * in order, so spikes survive and the picture is the same. */
typedef struct {
  gsize index;
  double x, y;
} Vertex;

typedef struct {
  gboolean pen_down;  /* the next vertex continues the line */
  guint n;            /* vertices held: 0, or 4 (first, top, bottom, last) */
  Vertex held[4];
} Column;

static int
compare_vertex_index (const void *a, const void *b)
{
  gsize x = ((const Vertex *) a)->index, y = ((const Vertex *) b)->index;

  return x < y ? -1 : x > y;
}

static void
column_flush (cairo_t *cr, Column *column)
{
  gsize emitted = G_MAXSIZE;

  if (column->n == 0)
    return;
  qsort (column->held, column->n, sizeof (Vertex), compare_vertex_index);
  for (guint i = 0; i < column->n; i++)
    {
      if (column->held[i].index == emitted)
        continue;
      emitted = column->held[i].index;
      if (column->pen_down)
        cairo_line_to (cr, column->held[i].x, column->held[i].y);
      else
        cairo_move_to (cr, column->held[i].x, column->held[i].y);
      column->pen_down = TRUE;
    }
  column->n = 0;
}

static void
column_add (cairo_t *cr, Column *column, const Vertex *vertex, double column_width)
{
  /* fabs: a path on a plane (the landscape's) may run right to left. */
  if (column->n > 0 && fabs (vertex->x - column->held[0].x) < column_width)
    {
      if (vertex->y < column->held[1].y)
        column->held[1] = *vertex;
      if (vertex->y > column->held[2].y)
        column->held[2] = *vertex;
      column->held[3] = *vertex;
      return;
    }
  column_flush (cr, column);
  for (guint i = 0; i < 4; i++)
    column->held[i] = *vertex;
  column->n = 4;
}

void
plot_layer_rgb (const PlotLayout *layout, const LlPlotLayer *layer, guint series, Rgb *color)
{
  if (layer->kind == LL_LAYER_REFERENCE && !layer->has_series)
    plot_mix (&layout->background, &layout->foreground, 0.7, color);
  else
    plot_series_rgb (layout->dark, series, color);
  if (layer->faded)
    plot_mix (color, &layout->background, 0.5, color);
}

static void
draw_lines (cairo_t *cr, const PlotLayout *layout, const LlPlotLayer *layer)
{
  LlFigure *figure = layout->figure;
  Column column = { 0 };
  guint n_drawable = 0, stride = 1, k = 0;
  double first = 0, last = 0;
  double line_width = layout->line_width * layer->line_width_scale;
  Rgb color;

  plot_layer_rgb (layout, layer, layer->series, &color);
  /* Without markers nothing needs the margin past the axes (a decision
   * line that crosses the whole plot, say). */
  if (!layer->markers)
    {
      cairo_save (cr);
      plot_clip_to_area (cr, layout);
    }

  /* The line; a point that cannot be drawn (not finite, or <= 0 on a log
   * axis) breaks it rather than bending it to the axis. */
  cairo_new_path (cr);
  for (gsize i = 0; i < layer->n; i++)
    {
      Vertex vertex;

      if (!plot_point_is_drawable (figure, layer->x[i], layer->y[i]))
        {
          column_flush (cr, &column);
          column.pen_down = FALSE;
          continue;
        }
      vertex = (Vertex) { i, plot_map_x (layout, layer->x[i]), plot_map_y (layout, layer->y[i]) };
      column_add (cr, &column, &vertex, line_width);
      if (n_drawable++ == 0)
        first = vertex.x;
      last = vertex.x;
    }
  column_flush (cr, &column);
  plot_set_rgb (cr, &color, 1);
  plot_set_series_line (cr, line_width, layer->dashed ? layer->series : 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  if (!layer->markers)
    {
      cairo_restore (cr);
      return;
    }

  /* Markers at the points; thinned when they would touch (a point every
   * iteration, say), but the latest is always marked. */
  if (n_drawable > 1)
    {
      double spacing = fabs (last - first) / (n_drawable - 1);

      if (spacing > 0)
        stride = (guint) MAX (1, ceil (layout->marker_radius * 3 / spacing));
    }
  cairo_new_path (cr);
  for (gsize i = 0; i < layer->n; i++)
    {
      if (!plot_point_is_drawable (figure, layer->x[i], layer->y[i]))
        continue;
      if (k++ % stride == 0 || k == n_drawable)
        plot_marker_path (cr, layer->series % N_MARKERS, plot_map_x (layout, layer->x[i]),
                          plot_map_y (layout, layer->y[i]), layout->marker_radius);
    }
  plot_paint_markers (cr, layout, layer->series, &color);
}

gboolean
plot_bar_rectangle (const PlotLayout *layout, const LlPlotLayer *layer, gsize i, cairo_rectangle_t *rect)
{
  double x0, x1, y0, y1;

  if (i >= layer->n || !plot_point_is_drawable (layout->figure, layer->x[i], layer->y[i]))
    return FALSE;
  x0 = plot_map_x (layout, 0);
  x1 = plot_map_x (layout, layer->x[i]);
  y0 = plot_map_y (layout, layer->y[i] - layer->bar_thickness / 2);
  y1 = plot_map_y (layout, layer->y[i] + layer->bar_thickness / 2);
  *rect = (cairo_rectangle_t) { MIN (x0, x1), MIN (y0, y1), fabs (x1 - x0), fabs (y1 - y0) };
  return TRUE;
}

/* Bars from x = 0 in the series' colour, its marker at each end: never
 * colour alone. */
static void
draw_bars (cairo_t *cr, const PlotLayout *layout, const LlPlotLayer *layer)
{
  Rgb color;

  plot_layer_rgb (layout, layer, layer->series, &color);
  cairo_save (cr);
  plot_clip_to_area (cr, layout);
  cairo_new_path (cr);
  for (gsize i = 0; i < layer->n; i++)
    {
      cairo_rectangle_t bar;

      if (plot_bar_rectangle (layout, layer, i, &bar))
        cairo_rectangle (cr, bar.x, bar.y, bar.width, bar.height);
    }
  plot_set_rgb (cr, &color, 0.85);
  cairo_fill (cr);
  cairo_restore (cr);
  for (gsize i = 0; i < layer->n; i++)
    if (plot_point_is_drawable (layout->figure, layer->x[i], layer->y[i]))
      plot_draw_marker (cr, layout, layer->series, &color, plot_map_x (layout, layer->x[i]),
                        plot_map_y (layout, layer->y[i]));
}

/* Filled: the class colour ringed in the background colour, as the lines'
 * markers. Hollow: a ring in the class colour around the background. */
static void
draw_points (cairo_t *cr, const PlotLayout *layout, const LlPlotLayer *layer)
{
  double radius = layout->marker_radius * 1.15 * layer->marker_scale;

  if (layer->bar_thickness > 0)
    {
      draw_bars (cr, layout, layer);
      return;
    }

  for (gsize i = 0; i < layer->n; i++)
    {
      guint c = layer->classes ? layer->classes[i] : layer->series;
      MarkerShape shape = c % N_MARKERS;
      Rgb color;

      if (!plot_point_is_drawable (layout->figure, layer->x[i], layer->y[i]))
        continue;
      plot_layer_rgb (layout, layer, c, &color);
      cairo_new_path (cr);
      plot_marker_path (cr, shape, plot_map_x (layout, layer->x[i]), plot_map_y (layout, layer->y[i]),
                        radius);
      if (layer->filled || shape == MARKER_CROSS || shape == MARKER_PLUS)
        plot_paint_markers (cr, layout, c, &color);
      else
        {
          plot_set_rgb (cr, &layout->background, 1);
          cairo_fill_preserve (cr);
          plot_set_rgb (cr, &color, 1);
          cairo_set_line_width (cr, MAX (1, layout->line_width * 0.8));
          cairo_stroke (cr);
        }
    }
}

void
plot_heat_color_range (const LlPlotLayer *layer, double *lo, double *hi, gboolean *log)
{
  *log = layer->color_log;
  *lo = layer->color_lo;
  *hi = layer->color_hi;
  if (!(isfinite (*lo) && isfinite (*hi) && *lo < *hi))
    {
      *lo = INFINITY;
      *hi = -INFINITY;
      for (gsize i = 0; i < (gsize) layer->nx * layer->ny; i++)
        {
          double v = layer->values[i];

          if (isfinite (v) && (!*log || v > 0))
            {
              *lo = MIN (*lo, v);
              *hi = MAX (*hi, v);
            }
        }
    }
  if (*log)
    {
      *lo = *lo > 0 ? log10 (*lo) : -300;
      *hi = *hi > 0 ? log10 (*hi) : -300;
    }
  if (!(*hi > *lo))
    *hi = *lo + 1;
}

/* The value grid as an image, a pixel per grid point, transparent where a
 * value is not finite. */
static cairo_surface_t *
heat_image_new (const LlPlotLayer *layer)
{
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, layer->nx, layer->ny);
  guint8 *data = cairo_image_surface_get_data (image);
  int stride = cairo_image_surface_get_stride (image);
  double lo, hi;
  gboolean log;

  plot_heat_color_range (layer, &lo, &hi, &log);
  cairo_surface_flush (image);
  for (guint j = 0; j < layer->ny; j++)
    {
      guint32 *row = (guint32 *) (data + (gsize) j * stride);

      for (guint i = 0; i < layer->nx; i++)
        {
          double v = layer->values[(gsize) j * layer->nx + i];
          double rgb[3];

          if (!isfinite (v))
            {
              row[i] = 0;
              continue;
            }
          /* on a log scale 0 (a perfect fit) is the lowest colour */
          ll_plot_color_map (layer->color_map, log && v <= 0 ? 0 : ((log ? log10 (v) : v) - lo) / (hi - lo), rgb);
          row[i] = 0xff000000u | (guint32) round (rgb[0] * 255) << 16
                   | (guint32) round (rgb[1] * 255) << 8 | (guint32) round (rgb[2] * 255);
        }
    }
  cairo_surface_mark_dirty (image);
  return image;
}

/* The layer's image, made once (its values never change; new colours drop it). */
static cairo_surface_t *
heat_image (LlPlotLayer *layer)
{
  if (layer->image == NULL)
    layer->image = heat_image_new (layer);
  return layer->image;
}

static cairo_surface_t *
heat_image_copy (cairo_surface_t *image)
{
  int width = cairo_image_surface_get_width (image), height = cairo_image_surface_get_height (image);
  cairo_surface_t *copy = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);

  cairo_surface_flush (copy);
  g_assert (cairo_image_surface_get_stride (copy) == cairo_image_surface_get_stride (image));
  memcpy (cairo_image_surface_get_data (copy), cairo_image_surface_get_data (image),
          (gsize) height * cairo_image_surface_get_stride (image));
  cairo_surface_mark_dirty (copy);
  return copy;
}

/* The contour lines once per layer, joined: a stroke of thousands of loose
 * pieces is slow. */
static GPtrArray *
heat_contours (LlPlotLayer *layer)
{
  if (layer->contours == NULL)
    {
      layer->contours = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
      for (guint l = 0; l < layer->n_levels; l++)
        {
          g_autoptr(GArray) segments = ll_plot_contour_segments (layer->values, layer->nx, layer->ny,
                                                                 layer->x0, layer->x1, layer->y0, layer->y1,
                                                                 layer->levels[l]);

          g_ptr_array_add (layer->contours, plot_contour_polylines (segments));
        }
    }
  return layer->contours;
}

void
ll_plot_layer_prepare (LlPlotLayer *layer)
{
  g_return_if_fail (layer != NULL && layer->kind == LL_LAYER_HEAT_MAP);
  heat_image (layer);
  heat_contours (layer);
  layer->prepared = TRUE;
}

gboolean
ll_plot_layer_get_prepared (LlPlotLayer *layer)
{
  g_return_val_if_fail (layer != NULL, FALSE);
  return layer->prepared;
}

static void draw_heat_map_now (cairo_t *cr, const PlotLayout *layout, LlPlotLayer *layer);

/* With the figure's raster cache on (and linear axes, not exporting): the
 * map and its contours from an image drawn once for this geometry. */
static void
draw_heat_map (cairo_t *cr, const PlotLayout *layout, LlPlotLayer *layer)
{
  LlFigure *figure = layout->figure;
  double scale = figure->raster_scale;
  const cairo_rectangle_t *area = &layout->area;
  double key[9];
  int width, height;

  if (scale <= 0 || figure->exporting || figure->axes[LL_AXIS_X].scale != LL_AXIS_LINEAR
      || figure->axes[LL_AXIS_Y].scale != LL_AXIS_LINEAR)
    {
      draw_heat_map_now (cr, layout, layer);
      return;
    }
  key[0] = area->x;
  key[1] = area->y;
  key[2] = area->width;
  key[3] = area->height;
  key[4] = plot_map_x (layout, layer->x0);
  key[5] = plot_map_y (layout, layer->y0);
  key[6] = plot_map_x (layout, layer->x1);
  key[7] = plot_map_y (layout, layer->y1);
  key[8] = layout->line_width * scale;
  if (layer->raster == NULL || memcmp (key, layer->raster_key, sizeof key) != 0)
    {
      cairo_t *raster_cr;

      /* Whole device pixels, so the image is painted 1:1, not resampled. */
      double left = floor (area->x * scale), top = floor (area->y * scale);

      g_clear_pointer (&layer->raster, cairo_surface_destroy);
      width = MAX (1, (int) (ceil ((area->x + area->width) * scale) - left));
      height = MAX (1, (int) (ceil ((area->y + area->height) * scale) - top));
      layer->raster = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
      /* The image's user space is the figure's. */
      cairo_surface_set_device_scale (layer->raster, scale, scale);
      cairo_surface_set_device_offset (layer->raster, -left, -top);
      raster_cr = cairo_create (layer->raster);
      cairo_set_antialias (raster_cr, CAIRO_ANTIALIAS_GOOD);
      draw_heat_map_now (raster_cr, layout, layer);
      cairo_destroy (raster_cr);
      memcpy (layer->raster_key, key, sizeof key);
    }
  cairo_save (cr);
  cairo_set_source_surface (cr, layer->raster, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_fill (cr);
  cairo_restore (cr);
}

static void
draw_heat_map_now (cairo_t *cr, const PlotLayout *layout, LlPlotLayer *layer)
{
  LlFigure *figure = layout->figure;
  /* An export's recording is replayed on another thread (ll-figure-view.c)
   * while this one may draw the figure again: it gets an image of its own. */
  cairo_surface_t *image = figure->exporting ? heat_image_copy (heat_image (layer))
                                             : cairo_surface_reference (heat_image (layer));
  double dx = (layer->x1 - layer->x0) / (layer->nx - 1);
  double dy = (layer->y1 - layer->y0) / (layer->ny - 1);

  cairo_save (cr);
  if (figure->axes[LL_AXIS_X].scale == LL_AXIS_LINEAR && figure->axes[LL_AXIS_Y].scale == LL_AXIS_LINEAR)
    {
      /* One image, pixel centres on the grid points, smoothed between them. */
      double px0 = plot_map_x (layout, layer->x0), py0 = plot_map_y (layout, layer->y0);
      double sx = (plot_map_x (layout, layer->x1) - px0) / (layer->nx - 1);
      double sy = (plot_map_y (layout, layer->y1) - py0) / (layer->ny - 1);
      cairo_pattern_t *pattern;

      /* a map squeezed to nothing (its axis a million times wider) is not drawn */
      if (!(isfinite (px0) && isfinite (py0) && fabs (sx) > 1e-6 && fabs (sy) > 1e-6
            && fabs (sx) < 1e6 && fabs (sy) < 1e6))
        {
          cairo_restore (cr);
          cairo_surface_destroy (image);
          return;
        }
      cairo_translate (cr, px0, py0);
      cairo_scale (cr, sx, sy);
      cairo_set_source_surface (cr, image, -0.5, -0.5);
      pattern = cairo_get_source (cr);
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_BILINEAR);
      cairo_pattern_set_extend (pattern, CAIRO_EXTEND_PAD);
      cairo_rectangle (cr, -0.5, -0.5, layer->nx, layer->ny);
      cairo_fill (cr);
    }
  else
    {
      /* On a log axis the cells are not even: a rectangle each. */
      const guint8 *data = cairo_image_surface_get_data (image);
      int stride = cairo_image_surface_get_stride (image);

      for (guint j = 0; j < layer->ny; j++)
        for (guint i = 0; i < layer->nx; i++)
          {
            guint32 pixel = ((const guint32 *) (data + (gsize) j * stride))[i];
            /* each grid point's cell, half way to its neighbours, within the grid */
            double xa = layer->x0 + MAX (i - 0.5, 0) * dx, xb = layer->x0 + MIN (i + 0.5, layer->nx - 1) * dx;
            double ya = layer->y0 + MAX (j - 0.5, 0) * dy, yb = layer->y0 + MIN (j + 0.5, layer->ny - 1) * dy;
            double x0, x1, y0, y1;

            if (pixel == 0 || !plot_point_is_drawable (figure, xa, ya)
                || !plot_point_is_drawable (figure, xb, yb))
              continue;
            x0 = plot_map_x (layout, xa);
            x1 = plot_map_x (layout, xb);
            y0 = plot_map_y (layout, ya);
            y1 = plot_map_y (layout, yb);
            cairo_set_source_rgb (cr, ((pixel >> 16) & 0xff) / 255., ((pixel >> 8) & 0xff) / 255.,
                                  (pixel & 0xff) / 255.);
            cairo_rectangle (cr, MIN (x0, x1), MIN (y0, y1), fabs (x1 - x0) + 0.5, fabs (y1 - y0) + 0.5);
            cairo_fill (cr);
          }
    }
  cairo_restore (cr);
  cairo_surface_destroy (image);

  /* The contour lines, thin: light lines edged in dark, seen on every
   * colour of the map. */
  if (layer->n_levels > 0)
    {
      double width = MAX (1, layout->line_width * 0.6);

      cairo_save (cr);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      GPtrArray *contours = heat_contours (layer);

      for (guint l = 0; l < layer->n_levels; l++)
        {
          GPtrArray *lines = g_ptr_array_index (contours, l);

          for (guint k = 0; k < lines->len; k++)
            {
              GArray *line = g_ptr_array_index (lines, k);
              gboolean pen_down = FALSE;

              for (guint i = 0; i < line->len; i++)
                {
                  double x = g_array_index (line, double, 2 * i), y = g_array_index (line, double, 2 * i + 1);

                  if (!plot_point_is_drawable (figure, x, y))
                    {
                      pen_down = FALSE;
                      continue;
                    }
                  if (pen_down)
                    cairo_line_to (cr, plot_map_x (layout, x), plot_map_y (layout, y));
                  else
                    cairo_move_to (cr, plot_map_x (layout, x), plot_map_y (layout, y));
                  pen_down = TRUE;
                }
            }
          cairo_set_source_rgba (cr, 0, 0, 0, 0.35);
          cairo_set_line_width (cr, width * 2.2);
          cairo_stroke_preserve (cr);
          cairo_set_source_rgba (cr, 1, 1, 1, 0.85);
          cairo_set_line_width (cr, width);
          cairo_stroke (cr);
        }
      cairo_restore (cr);
    }
}

/* The colour bar: the map's colours bottom to top, ticks on the right. */
void
plot_draw_color_bar (cairo_t *cr, const PlotLayout *layout)
{
  const LlPlotLayer *layer = layout->bar_layer;
  const cairo_rectangle_t *bar = &layout->bar;
  const PlotAxisLayout *a = &layout->bar_axis;
  cairo_pattern_t *gradient;

  if (layer == NULL)
    return;
  cairo_save (cr);
  gradient = cairo_pattern_create_linear (0, bar->y + bar->height, 0, bar->y);
  for (int k = 0; k <= 16; k++)
    {
      double rgb[3];

      ll_plot_color_map (layer->color_map, k / 16.0, rgb);
      cairo_pattern_add_color_stop_rgb (gradient, k / 16.0, rgb[0], rgb[1], rgb[2]);
    }
  cairo_rectangle (cr, bar->x, bar->y, bar->width, bar->height);
  cairo_set_source (cr, gradient);
  cairo_fill_preserve (cr);
  cairo_pattern_destroy (gradient);
  plot_set_faded (cr, layout, &layout->foreground, 0.7);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  for (guint i = 0; a->ticks && i < a->ticks->len; i++)
    {
      const PlotTick *tick = &g_array_index (a->ticks, PlotTick, i);
      double y = bar->y + bar->height - (tick->value - a->lo) / (a->hi - a->lo) * bar->height;

      if (!tick->label && tick->length < 1)
        continue;
      y = round (y) + 0.5;
      plot_set_faded (cr, layout, &layout->foreground, 0.7);
      cairo_move_to (cr, bar->x + bar->width, y);
      cairo_line_to (cr, bar->x + bar->width + layout->tick_length * tick->length, y);
      cairo_stroke (cr);
      if (tick->label)
        {
          plot_set_faded (cr, layout, &layout->foreground, 0.9);
          plot_draw_text (cr, layout->pango, layout->font_px, FALSE, tick->label, tick->markup,
                          bar->x + bar->width + layout->tick_length + layout->gap * 0.6, y, 0, 0.5);
        }
    }
  if (layer->label)
    {
      plot_set_rgb (cr, &layout->foreground, 1);
      plot_draw_text (cr, layout->pango, layout->font_px, FALSE, layer->label, FALSE,
                      bar->x, bar->y - layout->gap, 0, 1);
    }
  cairo_restore (cr);
}

/* Whether the segment from (X0, Y0) to (X1, Y1) meets BOX (Liang-Barsky). */
static gboolean
segment_meets_box (double x0, double y0, double x1, double y1, const cairo_rectangle_t *box)
{
  double dx = x1 - x0, dy = y1 - y0;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { x0 - box->x, box->x + box->width - x0, y0 - box->y, box->y + box->height - y0 };
  double t0 = 0, t1 = 1;

  for (int k = 0; k < 4; k++)
    {
      if (p[k] == 0)
        {
          if (q[k] < 0)
            return FALSE;
          continue;
        }
      if (p[k] < 0)
        t0 = MAX (t0, q[k] / p[k]);
      else
        t1 = MIN (t1, q[k] / p[k]);
      if (t0 > t1)
        return FALSE;
    }
  return TRUE;
}

/* How much data a label at BOX would hide: the markers of the lines and
 * points layers under it (with their radius around), the lines' segments
 * through it, and the other reference lines (the job's rates) through it. */
static guint
data_under_box (const PlotLayout *layout, const LlPlotLayer *label_layer, const cairo_rectangle_t *box)
{
  GPtrArray *layers = layout->figure->layers;
  guint count = 0;

  for (guint l = 0; l < layers->len; l++)
    {
      const LlPlotLayer *layer = g_ptr_array_index (layers, l);
      double r = layout->marker_radius * layer->marker_scale;
      cairo_rectangle_t around = { box->x - r, box->y - r, box->width + 2 * r, box->height + 2 * r };
      gboolean have_last = FALSE;
      double last_x = 0, last_y = 0;

      if (!layer->visible || layer == label_layer)
        continue;
      if (layer->kind == LL_LAYER_REFERENCE
          && plot_value_is_drawable (layer->value, layout->figure->axes[layer->axis].scale))
        {
          double at = plot_map (layout, layer->axis, layer->value);

          if (layer->axis == LL_AXIS_X ? at >= box->x - 2 && at <= box->x + box->width + 2
                                       : at >= box->y && at <= box->y + box->height)
            count++;
          continue;
        }
      if (layer->kind != LL_LAYER_LINES && layer->kind != LL_LAYER_POINTS)
        continue;
      for (gsize i = 0; i < layer->n; i++)
        {
          double x, y;

          if (!plot_point_is_drawable (layout->figure, layer->x[i], layer->y[i]))
            {
              have_last = FALSE;  /* a gap in the line */
              continue;
            }
          x = plot_map_x (layout, layer->x[i]);
          y = plot_map_y (layout, layer->y[i]);
          if (x >= around.x && x <= around.x + around.width && y >= around.y && y <= around.y + around.height)
            count++;
          else if (layer->kind == LL_LAYER_LINES && have_last && segment_meets_box (last_x, last_y, x, y, box))
            count++;
          have_last = TRUE;
          last_x = x;
          last_y = y;
        }
    }
  return count;
}

/* Where the text W x H of reference line LAYER (at AT on its axis) goes:
 * beside the line's top (x) or above its right end (y) as a reader looks
 * first, else at its other end or on its other side, wherever it hides
 * the least data (the Sweep page's "2/L" sat on the accuracy curve's top). */
static void
place_reference_text (const PlotLayout *layout, const LlPlotLayer *layer, double at,
                      double w, double h, cairo_rectangle_t *box)
{
  const cairo_rectangle_t *area = &layout->area;
  double gap = layout->gap * 0.6;
  cairo_rectangle_t candidates[4];
  guint n = 0, best_count = G_MAXUINT;

  if (layer->axis == LL_AXIS_X)
    {
      double right = at + gap, left = at - gap - w;
      double top = area->y + gap, bottom = area->y + area->height - gap - h;

      /* the top on the side with room, as before; then the others */
      candidates[n++] = (cairo_rectangle_t) { right + w <= area->x + area->width ? right : left, top, w, h };
      if (right + w <= area->x + area->width && left >= area->x)
        candidates[n++] = (cairo_rectangle_t) { left, top, w, h };
      if (bottom > top + h)
        {
          if (right + w <= area->x + area->width)
            candidates[n++] = (cairo_rectangle_t) { right, bottom, w, h };
          if (left >= area->x)
            candidates[n++] = (cairo_rectangle_t) { left, bottom, w, h };
        }
    }
  else
    {
      double above = at - gap * 0.5 - h, below = at + gap * 0.5;
      double right = area->x + area->width - gap - w, left = area->x + gap;

      /* above the right end, below where there is no room above; then the left end */
      candidates[n++] = (cairo_rectangle_t) { right, above >= area->y ? above : below, w, h };
      if (above >= area->y && below + h <= area->y + area->height)
        candidates[n++] = (cairo_rectangle_t) { right, below, w, h };
      if (left + w < right)
        {
          if (above >= area->y)
            candidates[n++] = (cairo_rectangle_t) { left, above, w, h };
          if (below + h <= area->y + area->height)
            candidates[n++] = (cairo_rectangle_t) { left, below, w, h };
        }
    }
  /* the first place that hides least */
  for (guint c = 0; c < n && best_count > 0; c++)
    {
      guint count = data_under_box (layout, layer, &candidates[c]);

      if (count < best_count)
        {
          best_count = count;
          *box = candidates[c];
        }
    }
}

/* The reference line's text layout (NULL: none, or the line is off the
 * axis) and where it goes. */
static PangoLayout *
reference_text (const PlotLayout *layout, const LlPlotLayer *layer, cairo_rectangle_t *box)
{
  const PlotAxisLayout *a = &layout->axes[layer->axis];
  PangoLayout *text;
  double v, w, h;

  if (layer->text == NULL || !plot_value_is_drawable (layer->value, layout->figure->axes[layer->axis].scale))
    return NULL;
  v = a->log ? log10 (layer->value) : layer->value;
  if (v < MIN (a->lo, a->hi) - 1e-9 || v > MAX (a->lo, a->hi) + 1e-9)
    return NULL;
  text = plot_text_new (layout->pango, layout->font_px * 0.9, FALSE, layer->text, FALSE);
  plot_text_size (text, &w, &h);
  place_reference_text (layout, layer, plot_map (layout, layer->axis, layer->value), w, h, box);
  return text;
}

gboolean
plot_reference_text_box (const PlotLayout *layout, const LlPlotLayer *layer, cairo_rectangle_t *box)
{
  g_autoptr(PangoLayout) text = reference_text (layout, layer, box);

  return text != NULL;
}

static void
draw_reference (cairo_t *cr, const PlotLayout *layout, const LlPlotLayer *layer)
{
  const cairo_rectangle_t *area = &layout->area;
  const PlotAxisLayout *a = &layout->axes[layer->axis];
  double line_width = layout->line_width * 0.8 * layer->line_width_scale;
  double at, v;
  cairo_rectangle_t box;
  g_autoptr(PangoLayout) text = NULL;
  Rgb color;

  if (!plot_value_is_drawable (layer->value, layout->figure->axes[layer->axis].scale))
    return;
  v = a->log ? log10 (layer->value) : layer->value;
  if (v < MIN (a->lo, a->hi) - 1e-9 || v > MAX (a->lo, a->hi) + 1e-9)
    return;
  at = plot_map (layout, layer->axis, layer->value);
  plot_layer_rgb (layout, layer, layer->series, &color);

  cairo_save (cr);
  plot_set_rgb (cr, &color, 1);
  cairo_set_line_width (cr, line_width);
  if (layer->dashed)
    {
      double dashes[2] = { line_width * 4, line_width * 3 };

      cairo_set_dash (cr, dashes, 2, 0);
    }
  if (layer->axis == LL_AXIS_X)
    {
      cairo_move_to (cr, at, area->y);
      cairo_line_to (cr, at, area->y + area->height);
    }
  else
    {
      cairo_move_to (cr, area->x, at);
      cairo_line_to (cr, area->x + area->width, at);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  text = reference_text (layout, layer, &box);
  if (text != NULL)
    {
      plot_set_rgb (cr, &layout->background, 0.8);
      cairo_rectangle (cr, box.x - 2, box.y, box.width + 4, box.height);
      cairo_fill (cr);
      plot_set_rgb (cr, &color, 1);
      plot_show_text (cr, text, box.x, box.y, 0, 0);
    }
  cairo_restore (cr);
}

void
plot_draw_layer (cairo_t *cr, const PlotLayout *layout, LlPlotLayer *layer)
{
  if (!layer->visible)
    return;
  switch (layer->kind)
    {
    case LL_LAYER_LINES:
      draw_lines (cr, layout, layer);
      break;
    case LL_LAYER_POINTS:
      draw_points (cr, layout, layer);
      break;
    case LL_LAYER_HEAT_MAP:
      draw_heat_map (cr, layout, layer);
      break;
    case LL_LAYER_REFERENCE:
      draw_reference (cr, layout, layer);
      break;
    default:
      break;
    }
}
