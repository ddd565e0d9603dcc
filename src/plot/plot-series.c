/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-series.c: one series' cost curve and its markers. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>
#include <stdlib.h>

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
  if (column->n > 0 && vertex->x - column->held[0].x < column_width)
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
plot_draw_series (cairo_t *cr, const LlPlotSpec *spec, const PlotLayout *layout, guint index)
{
  const LlPlotSeries *series = &spec->series[index];
  Column column = { 0 };
  guint n_drawable = 0, stride = 1, k = 0;
  double first = 0, last = 0;
  Rgb color;

  plot_series_rgb (spec, index, &color);

  /* The line; a cost that cannot be drawn (not finite, or <= 0 on a log
   * axis) breaks it rather than bending it to the axis. */
  cairo_new_path (cr);
  for (gsize i = 0; i < series->n_points; i++)
    {
      const LlCostPoint *point = &series->points[i];
      Vertex vertex;

      if (!plot_cost_is_drawable (point->cost, layout->log_scale))
        {
          column_flush (cr, &column);
          column.pen_down = FALSE;
          continue;
        }
      vertex = (Vertex) { i, plot_map_x (layout, point->iteration), plot_map_y (layout, point->cost) };
      column_add (cr, &column, &vertex, layout->line_width);
      if (n_drawable++ == 0)
        first = vertex.x;
      last = vertex.x;
    }
  column_flush (cr, &column);
  plot_set_rgb (cr, &color, 1);
  plot_set_series_line (cr, layout, index);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);

  /* Markers at the record points; thinned when they would touch (record
   * every iteration, say), but the latest is always marked. */
  if (n_drawable > 1)
    {
      double spacing = (last - first) / (n_drawable - 1);

      if (spacing > 0)
        stride = (guint) MAX (1, ceil (layout->marker_radius * 3 / spacing));
    }
  cairo_new_path (cr);
  for (gsize i = 0; i < series->n_points; i++)
    {
      const LlCostPoint *point = &series->points[i];

      if (!plot_cost_is_drawable (point->cost, layout->log_scale))
        continue;
      if (k++ % stride == 0 || k == n_drawable)
        plot_marker_path (cr, index % N_MARKERS, plot_map_x (layout, point->iteration),
                          plot_map_y (layout, point->cost), layout->marker_radius);
    }
  plot_paint_markers (cr, layout, index, &color);
}
