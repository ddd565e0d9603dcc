/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-readout.c: the readout (a cursor, rings on the points it reads and
 * a box with their values) and the searches a pointer needs: the x-nearest
 * column of points, the nearest point. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>

#define NO_VALUE "\xe2\x80\x94"  /* an em dash: no point there yet */

typedef PlotReadoutRow Row;

static void
row_clear (gpointer data)
{
  Row *row = data;

  g_free (row->label);
  g_free (row->value);
  g_free (row->value2);
}

/* The first point of LAYER at X exactly (the cost plot's record points). */
static gboolean
lines_value_at (const LlPlotLayer *layer, double x, double *y)
{
  for (gsize i = 0; i < layer->n; i++)
    if (layer->x[i] == x)
      {
        *y = layer->y[i];
        return TRUE;
      }
  return FALSE;
}

static guint
points_inside (const PlotLayout *layout, double x, double y, double w, double h)
{
  LlFigure *figure = layout->figure;
  guint count = 0;

  for (guint l = 0; l < figure->layers->len; l++)
    {
      const LlPlotLayer *layer = g_ptr_array_index (figure->layers, l);

      if (!layer->visible || (layer->kind != LL_LAYER_LINES && layer->kind != LL_LAYER_POINTS))
        continue;
      for (gsize i = 0; i < layer->n; i++)
        {
          double px, py;

          if (!plot_point_is_drawable (figure, layer->x[i], layer->y[i]))
            continue;
          px = plot_map_x (layout, layer->x[i]);
          py = plot_map_y (layout, layer->y[i]);
          count += px >= x && px <= x + w && py >= y && py <= y + h;
        }
    }
  return count;
}

/* A box with HEADING and ROWS (marker, label, value, and under COLUMNS'
 * two titles a second value) and the figure's own rows beside device x X,
 * in whichever corner of the data area hides the fewest points. */
static void
draw_box (cairo_t *cr, const PlotLayout *layout, double x, const char *heading, GArray *rows,
          char * const *columns)
{
  const cairo_rectangle_t *area = &layout->area;
  double font_px = layout->font_px * 0.95;
  double inner, row_height, heading_height = 0, label_width = 0, value_width = 0;
  double value2_width = 0, titles_height = 0, value_right;
  double marker_column, box_width = 0, box_height, box_x, box_y;
  g_autoptr(PangoLayout) heading_layout = NULL;
  guint best_count = G_MAXUINT;
  gboolean any_marker = FALSE;
  GPtrArray *extra = layout->figure->cursor_rows;

  for (guint i = 0; i + 1 < extra->len; i += 2)
    {
      Row row = { .marker = -1 };

      row.label = g_strdup (g_ptr_array_index (extra, i));
      row.value = g_strdup (g_ptr_array_index (extra, i + 1));
      g_array_append_val (rows, row);
    }
  if (heading)
    {
      heading_layout = plot_text_new (layout->pango, font_px, TRUE, heading, FALSE);
      plot_text_size (heading_layout, &box_width, &heading_height);
    }
  {
    g_autoptr(PangoLayout) probe = plot_text_new (layout->pango, font_px, FALSE, "0", FALSE);
    plot_text_size (probe, NULL, &row_height);
    row_height *= 1.3;
  }
  for (guint r = 0; r < rows->len; r++)
    {
      const Row *row = &g_array_index (rows, Row, r);

      label_width = MAX (label_width, plot_text_width (layout->pango, font_px, FALSE, row->label, FALSE));
      if (row->value)
        value_width = MAX (value_width, plot_text_width (layout->pango, font_px, FALSE, row->value, FALSE));
      any_marker |= row->marker >= 0;
    }
  value_width = MAX (value_width, plot_text_width (layout->pango, font_px, FALSE, NO_VALUE, FALSE));
  if (columns != NULL)
    {
      for (guint r = 0; r < rows->len; r++)
        {
          const Row *row = &g_array_index (rows, Row, r);

          if (row->value2)
            value2_width = MAX (value2_width, plot_text_width (layout->pango, font_px, FALSE, row->value2, FALSE));
        }
      value_width = MAX (value_width, plot_text_width (layout->pango, font_px, FALSE, columns[0], FALSE));
      value2_width = MAX (value2_width, plot_text_width (layout->pango, font_px, FALSE, columns[1], FALSE));
      value2_width = MAX (value2_width, plot_text_width (layout->pango, font_px, FALSE, NO_VALUE, FALSE));
      titles_height = row_height;
    }
  inner = layout->gap * 1.2;
  marker_column = any_marker ? layout->marker_radius * 2 + layout->gap : 0;
  box_width = MAX (box_width, marker_column + label_width + layout->gap * 2 + value_width
                              + (columns != NULL ? layout->gap * 2 + value2_width : 0));
  box_width += inner * 2;
  box_height = inner * 2 + heading_height * 1.15 + titles_height + rows->len * row_height;

  /* Beside the cursor, in whichever corner hides the fewest points. */
  box_x = x + layout->gap * 2;
  box_y = area->y + layout->gap;
  {
    double xs[2] = { x + layout->gap * 2, x - layout->gap * 2 - box_width };
    double ys[2] = { area->y + layout->gap, area->y + area->height - layout->gap - box_height };
    gboolean placed = FALSE;

    for (int yi = 0; yi < 2; yi++)
      for (int xi = 0; xi < 2; xi++)
        {
          guint count;

          if (xs[xi] < area->x || xs[xi] + box_width > area->x + area->width || ys[yi] < area->y)
            continue;
          count = points_inside (layout, xs[xi], ys[yi], box_width, box_height);
          if (!placed || count < best_count)
            {
              best_count = count;
              box_x = xs[xi];
              box_y = ys[yi];
              placed = TRUE;
            }
        }
    /* No room on either side: over the cursor, towards the middle of the
     * data, never over the legend. */
    if (!placed)
      {
        box_x = x > area->x + area->width / 2 ? area->x + layout->gap : x + layout->gap * 2;
        box_x = CLAMP (box_x, area->x, MAX (area->x, area->x + area->width - box_width));
      }
  }

  plot_rounded_rectangle (cr, box_x, box_y, box_width, box_height, layout->gap);
  plot_set_rgb (cr, &layout->background, 0.94);
  cairo_fill_preserve (cr);
  plot_set_rgb (cr, &layout->foreground, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  plot_set_rgb (cr, &layout->foreground, 1);
  if (heading_layout)
    plot_show_text (cr, heading_layout, box_x + inner, box_y + inner, 0, 0);
  value_right = box_x + box_width - inner - (columns != NULL ? value2_width + layout->gap * 2 : 0);
  if (columns != NULL)
    {
      double titles_y = box_y + inner + heading_height * 1.15 + titles_height * 0.5;

      plot_set_faded (cr, layout, &layout->foreground, 0.45);
      plot_draw_text (cr, layout->pango, font_px, FALSE, columns[0], FALSE, value_right, titles_y, 1, 0.5);
      plot_draw_text (cr, layout->pango, font_px, FALSE, columns[1], FALSE, box_x + box_width - inner,
                      titles_y, 1, 0.5);
    }
  for (guint r = 0; r < rows->len; r++)
    {
      const Row *row = &g_array_index (rows, Row, r);
      double row_y = box_y + inner + heading_height * 1.15 + titles_height + (r + 0.5) * row_height;

      if (row->marker >= 0)
        plot_draw_marker (cr, layout, row->marker, &row->color, box_x + inner + layout->marker_radius, row_y);
      plot_set_rgb (cr, &layout->foreground, 1);
      plot_draw_text (cr, layout->pango, font_px, FALSE, row->label, FALSE, box_x + inner + marker_column,
                      row_y, 0, 0.5);
      plot_draw_text (cr, layout->pango, font_px, FALSE, row->value ? row->value : NO_VALUE, FALSE,
                      value_right, row_y, 1, 0.5);
      if (columns != NULL && row->twinned)
        plot_draw_text (cr, layout->pango, font_px, FALSE, row->value2 ? row->value2 : NO_VALUE, FALSE,
                        box_x + box_width - inner, row_y, 1, 0.5);
    }
}

static gboolean
inside_axis (const PlotLayout *layout, LlAxisId axis, double value)
{
  const PlotAxisLayout *a = &layout->axes[axis];
  double v;

  if (!plot_value_is_drawable (value, layout->figure->axes[axis].scale))
    return FALSE;
  v = a->log ? log10 (value) : value;
  return v >= a->lo - 1e-9 * fabs (a->hi - a->lo) && v <= a->hi + 1e-9 * fabs (a->hi - a->lo);
}

static void
draw_ring (cairo_t *cr, const PlotLayout *layout, const Rgb *color, double x, double y)
{
  plot_set_rgb (cr, color, 1);
  cairo_set_line_width (cr, layout->line_width);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x, y, layout->marker_radius * 2, 0, 2 * G_PI);
  cairo_stroke (cr);
}

/* The cursor at x with a ring on each line's point there, and their values. */
static void
draw_cursor_x (cairo_t *cr, const PlotLayout *layout)
{
  LlFigure *figure = layout->figure;
  const cairo_rectangle_t *area = &layout->area;
  g_autoptr(GArray) rows = NULL;
  gboolean twinned = FALSE;
  double x;

  if (!inside_axis (layout, LL_AXIS_X, figure->cursor_x))
    return;
  x = plot_map_x (layout, figure->cursor_x);

  plot_set_faded (cr, layout, &layout->foreground, 0.6);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, round (x) + 0.5, area->y);
  cairo_line_to (cr, round (x) + 0.5, area->y + area->height);
  cairo_stroke (cr);

  for (guint l = 0; l < figure->layers->len; l++)
    {
      const LlPlotLayer *layer = g_ptr_array_index (figure->layers, l);
      double y;
      Rgb color;

      if (layer->kind != LL_LAYER_LINES || !layer->visible)
        continue;
      plot_layer_rgb (layout, layer, layer->series, &color);
      if (lines_value_at (layer, figure->cursor_x, &y) && plot_point_is_drawable (figure, figure->cursor_x, y))
        draw_ring (cr, layout, &color, x, plot_map_y (layout, y));
    }

  rows = plot_readout_rows_at_x (layout);
  for (guint r = 0; r < rows->len; r++)
    twinned |= g_array_index (rows, Row, r).twinned;
  draw_box (cr, layout, x, figure->cursor_heading, rows, twinned ? figure->cursor_columns : NULL);
}

/* A twin's value goes to its series' row: the first labelled one (not a twin). */
static gboolean
add_to_twin_row (GArray *rows, const LlPlotLayer *layer, char *value)
{
  for (guint r = 0; r < rows->len; r++)
    {
      Row *row = &g_array_index (rows, Row, r);

      if (row->marker == (int) layer->series && !row->twinned)
        {
          row->twinned = TRUE;
          row->value2 = value;
          return TRUE;
        }
    }
  return FALSE;
}

GArray *
plot_readout_rows_at_x (const PlotLayout *layout)
{
  LlFigure *figure = layout->figure;
  gboolean columns = figure->cursor_columns[0] != NULL;
  GArray *rows = g_array_new (FALSE, TRUE, sizeof (Row));

  g_array_set_clear_func (rows, row_clear);
  /* The layers in the legend first, so a twin finds its series' row. */
  for (int twins = 0; twins < 2; twins++)
    for (guint l = 0; l < figure->layers->len; l++)
      {
        const LlPlotLayer *layer = g_ptr_array_index (figure->layers, l);
        Row row = { .marker = layer->series };
        double y;

        if (layer->kind != LL_LAYER_LINES || !layer->visible || !layer->label
            || (columns && layer->out_of_legend) != (twins == 1))
          continue;
        if (lines_value_at (layer, figure->cursor_x, &y))
          row.value = ll_figure_axis_format_value (figure, LL_AXIS_Y, y);
        if (twins == 1 && add_to_twin_row (rows, layer, row.value))
          continue;
        plot_layer_rgb (layout, layer, layer->series, &row.color);
        row.label = g_strdup (layer->label);
        g_array_append_val (rows, row);
      }
  return rows;
}

/* A ring on one point and a box with its coordinates. */
static void
draw_cursor_point (cairo_t *cr, const PlotLayout *layout)
{
  LlFigure *figure = layout->figure;
  const LlPlotLayer *layer = figure->cursor_layer;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  double x, y;
  guint series;
  Rgb color;

  if (layer == NULL || !layer->visible || figure->cursor_index >= layer->n)
    return;
  x = layer->x[figure->cursor_index];
  y = layer->y[figure->cursor_index];
  if (!inside_axis (layout, LL_AXIS_X, x) || !inside_axis (layout, LL_AXIS_Y, y))
    return;
  g_array_set_clear_func (rows, row_clear);
  series = layer->classes ? layer->classes[figure->cursor_index] : layer->series;
  plot_layer_rgb (layout, layer, series, &color);
  draw_ring (cr, layout, &color, plot_map_x (layout, x), plot_map_y (layout, y));

  for (int a = 0; a < 2; a++)
    {
      Row row = { .marker = -1 };

      row.label = g_strdup (figure->axes[a].label ? figure->axes[a].label : a == LL_AXIS_X ? "x" : "y");
      row.value = ll_figure_axis_format_value (figure, a, a == LL_AXIS_X ? x : y);
      g_array_append_val (rows, row);
    }
  for (guint l = 0; l < figure->layers->len; l++)
    {
      LlPlotLayer *map = g_ptr_array_index (figure->layers, l);
      Row row = { .marker = -1 };
      double value;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (map->kind != LL_LAYER_HEAT_MAP || !map->visible || !map->label
          || !ll_plot_layer_value_at (map, x, y, &value))
        continue;
      row.label = g_strdup (map->label);
      row.value = g_strdup (ll_plot_format_cost (value, buf));
      g_array_append_val (rows, row);
    }
  draw_box (cr, layout, plot_map_x (layout, x),
            figure->cursor_heading ? figure->cursor_heading : layer->label, rows, NULL);
}

void
plot_draw_readout (cairo_t *cr, const PlotLayout *layout)
{
  cairo_save (cr);
  if (layout->figure->cursor == CURSOR_X)
    draw_cursor_x (cr, layout);
  else if (layout->figure->cursor == CURSOR_POINT)
    draw_cursor_point (cr, layout);
  cairo_restore (cr);
}

gboolean
ll_figure_nearest_x (LlFigure *figure, double width, double height, double device_x, double *x)
{
  PlotLayout layout;
  double best_distance = INFINITY, slack;
  gboolean found = FALSE;

  g_return_val_if_fail (figure != NULL, FALSE);

  plot_layout_init (&layout, figure, NULL, width, height);
  /* A little slack so that the first and last points, on the axis ends,
   * are easy to hit. */
  slack = layout.marker_radius * 2;
  if (device_x >= layout.area.x - slack && device_x <= layout.area.x + layout.area.width + slack)
    for (guint l = 0; l < figure->layers->len; l++)
      {
        const LlPlotLayer *layer = g_ptr_array_index (figure->layers, l);

        if (layer->kind != LL_LAYER_LINES || !layer->visible)
          continue;
        for (gsize i = 0; i < layer->n; i++)
          {
            double distance;

            if (!plot_value_is_drawable (layer->x[i], figure->axes[LL_AXIS_X].scale))
              continue;
            distance = fabs (plot_map_x (&layout, layer->x[i]) - device_x);
            if (distance < best_distance)
              {
                best_distance = distance;
                *x = layer->x[i];
                found = TRUE;
              }
          }
      }
  plot_layout_clear (&layout);
  return found;
}

gboolean
ll_figure_nearest_point (LlFigure *figure, double width, double height,
                         double device_x, double device_y, double max_distance, LlPlotHit *hit)
{
  PlotLayout layout;
  gboolean found = FALSE;

  g_return_val_if_fail (figure != NULL && hit != NULL, FALSE);

  plot_layout_init (&layout, figure, NULL, width, height);
  hit->distance = max_distance;
  for (guint l = 0; l < figure->layers->len; l++)
    {
      LlPlotLayer *layer = g_ptr_array_index (figure->layers, l);

      if ((layer->kind != LL_LAYER_LINES && layer->kind != LL_LAYER_POINTS) || !layer->visible)
        continue;
      for (gsize i = 0; i < layer->n; i++)
        {
          double distance;

          if (!plot_point_is_drawable (figure, layer->x[i], layer->y[i]))
            continue;
          distance = hypot (plot_map_x (&layout, layer->x[i]) - device_x,
                            plot_map_y (&layout, layer->y[i]) - device_y);
          if (layer->bar_thickness > 0)
            {
              /* Anywhere on a bar reads it. */
              cairo_rectangle_t bar;

              if (plot_bar_rectangle (&layout, layer, i, &bar))
                distance = MIN (distance, hypot (MAX (0, MAX (bar.x - device_x, device_x - bar.x - bar.width)),
                                                 MAX (0, MAX (bar.y - device_y, device_y - bar.y - bar.height))));
            }
          if (distance <= hit->distance)
            {
              *hit = (LlPlotHit) { layer, i, layer->x[i], layer->y[i], distance };
              found = TRUE;
            }
        }
    }
  plot_layout_clear (&layout);
  return found;
}

gboolean
ll_figure_next_x (LlFigure *figure, double x, int direction, double *next)
{
  gboolean found = FALSE;

  g_return_val_if_fail (figure != NULL && next != NULL, FALSE);

  for (guint l = 0; l < figure->layers->len; l++)
    {
      const LlPlotLayer *layer = g_ptr_array_index (figure->layers, l);

      if (layer->kind != LL_LAYER_LINES || !layer->visible)
        continue;
      for (gsize i = 0; i < layer->n; i++)
        {
          double v = layer->x[i];

          if (!plot_value_is_drawable (v, figure->axes[LL_AXIS_X].scale))
            continue;
          if (direction > 0 ? (isnan (x) || v > x) && (!found || v < *next)
                            : (isnan (x) || v < x) && (!found || v > *next))
            {
              *next = v;
              found = TRUE;
            }
        }
    }
  return found;
}
