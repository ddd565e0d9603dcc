/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-legend.c: the legend: one entry per labelled layer, a sample of the
 * layer and its label; hidden layers' entries faded. Hit-testing uses the
 * same places, so a click toggles what it is on. */
#include "config.h"

#include "plot/plot-private.h"

gboolean
plot_legend_entry_place (const PlotLayout *layout, guint i, double *x, double *y)
{
  guint rows = MAX (layout->legend_rows, 1);
  guint column = layout->legend_right ? 0 : MIN (i / rows, MAX_LEGEND_COLUMNS - 1);
  guint row = layout->legend_right ? i : i % rows;

  *x = layout->legend_x + (layout->legend_right ? 0 : layout->legend_column_x[column]);
  *y = layout->legend_y + (row + 0.5) * layout->legend_entry_height;
  if (!layout->legend_right && (row >= MAX_LEGEND_ROWS || i / rows >= MAX_LEGEND_COLUMNS))
    return FALSE;
  if (layout->legend_right && *y > layout->height - layout->pad)
    return FALSE;
  return TRUE;
}

double
plot_legend_entry_width (const PlotLayout *layout, guint i)
{
  guint column = i / MAX (layout->legend_rows, 1);

  if (layout->legend_right || column >= MAX_LEGEND_COLUMNS)
    return layout->legend_entry_width;
  return layout->legend_column_width[column];
}

static void
draw_sample (cairo_t *cr, const PlotLayout *layout, const LlPlotLayer *layer, double x, double y)
{
  double width = layout->legend_sample_width;
  Rgb color;

  switch (layer->kind)
    {
    case LL_LAYER_LINES:
      plot_layer_rgb (layout, layer, layer->series, &color);
      if (layer->markers)
        plot_draw_series_sample (cr, layout, layer->series, &color, TRUE, layer->dashed,
                                 layout->line_width * layer->line_width_scale, x, y, width);
      else
        {
          cairo_save (cr);
          plot_set_rgb (cr, &color, 1);
          plot_set_series_line (cr, layout->line_width * layer->line_width_scale,
                                layer->dashed ? layer->series : 0);
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x + width, y);
          cairo_stroke (cr);
          cairo_restore (cr);
        }
      break;
    case LL_LAYER_POINTS:
      plot_layer_rgb (layout, layer, layer->series, &color);
      cairo_save (cr);
      cairo_new_path (cr);
      plot_marker_path (cr, layer->series % N_MARKERS, x + width / 2, y,
                        layout->marker_radius * 1.15 * layer->marker_scale);
      if (layer->filled)
        plot_paint_markers (cr, layout, layer->series, &color);
      else
        {
          plot_set_rgb (cr, &color, 1);
          cairo_set_line_width (cr, MAX (1, layout->line_width * 0.8));
          cairo_stroke (cr);
        }
      cairo_restore (cr);
      break;
    case LL_LAYER_HEAT_MAP:
      {
        double h = layout->legend_entry_height * 0.5;

        for (int k = 0; k < 8; k++)
          {
            double rgb[3];

            ll_plot_color_map (layer->color_map, k / 7.0, rgb);
            cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
            cairo_rectangle (cr, x + width * k / 8, y - h / 2, width / 8 + 0.5, h);
            cairo_fill (cr);
          }
      }
      break;
    case LL_LAYER_REFERENCE:
    default:
      plot_layer_rgb (layout, layer, layer->series, &color);
      cairo_save (cr);
      plot_set_rgb (cr, &color, 1);
      cairo_set_line_width (cr, layout->line_width * 0.8 * layer->line_width_scale);
      if (layer->dashed)
        {
          double dashes[2] = { layout->line_width * 3.2, layout->line_width * 2.4 };

          cairo_set_dash (cr, dashes, 2, 0);
        }
      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x + width, y);
      cairo_stroke (cr);
      cairo_restore (cr);
      break;
    }
}

void
plot_draw_legend (cairo_t *cr, const PlotLayout *layout)
{
  for (guint i = 0; i < layout->legend->len; i++)
    {
      const LlPlotLayer *layer = g_ptr_array_index (layout->legend, i);
      double x, y;

      if (!plot_legend_entry_place (layout, i, &x, &y))
        break;
      if (!layer->visible)
        cairo_push_group (cr);
      draw_sample (cr, layout, layer, x, y);
      plot_set_rgb (cr, &layout->foreground, 1);
      plot_draw_text (cr, layout->pango, layout->font_px, FALSE, layer->label, FALSE,
                      x + layout->legend_sample_width + layout->gap, y, 0, 0.5);
      if (!layer->visible)
        {
          /* hidden: still there to click, faded */
          cairo_pop_group_to_source (cr);
          cairo_paint_with_alpha (cr, 0.35);
        }
    }
}

LlPlotLayer *
ll_figure_legend_hit (LlFigure *figure, double width, double height, double device_x, double device_y)
{
  PlotLayout layout;
  LlPlotLayer *hit = NULL;

  g_return_val_if_fail (figure != NULL, NULL);

  plot_layout_init (&layout, figure, NULL, width, height);
  for (guint i = 0; i < layout.legend->len && hit == NULL; i++)
    {
      double x, y;

      if (!plot_legend_entry_place (&layout, i, &x, &y))
        break;
      if (device_x >= x && device_x < x + plot_legend_entry_width (&layout, i)
          && device_y >= y - layout.legend_entry_height / 2 && device_y < y + layout.legend_entry_height / 2)
        hit = g_ptr_array_index (layout.legend, i);
    }
  plot_layout_clear (&layout);
  return hit;
}
