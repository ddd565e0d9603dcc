/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-axes.c: the grid, tick marks, tick labels, axis lines and titles. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>

static gboolean
has_heat_map (const PlotLayout *layout)
{
  for (guint i = 0; i < layout->figure->layers->len; i++)
    {
      const LlPlotLayer *layer = g_ptr_array_index (layout->figure->layers, i);

      if (layer->kind == LL_LAYER_HEAT_MAP && layer->visible)
        return TRUE;
    }
  return FALSE;
}

static void
draw_ticks (cairo_t *cr, const PlotLayout *layout, LlAxisId axis, gboolean grid)
{
  const cairo_rectangle_t *area = &layout->area;
  const PlotAxisLayout *a = &layout->axes[axis];
  const Rgb *fg = &layout->foreground;
  double label_right = area->x - layout->tick_length - layout->gap * 0.6;
  double label_top = area->y + area->height + layout->tick_length + layout->gap * 0.4;

  for (guint i = 0; i < a->ticks->len; i++)
    {
      const PlotTick *tick = &g_array_index (a->ticks, PlotTick, i);
      double at = plot_map (layout, axis, a->log ? pow (10, tick->value) : tick->value);

      at = round (at) + 0.5;
      cairo_set_line_width (cr, 1);
      if (grid)
        {
          plot_set_faded (cr, layout, fg, tick->grid);
          if (axis == LL_AXIS_Y)
            {
              cairo_move_to (cr, area->x, at);
              cairo_line_to (cr, area->x + area->width, at);
            }
          else
            {
              cairo_move_to (cr, at, area->y);
              cairo_line_to (cr, at, area->y + area->height);
            }
          cairo_stroke (cr);
        }
      plot_set_faded (cr, layout, fg, 0.7);
      if (axis == LL_AXIS_Y)
        {
          cairo_move_to (cr, area->x - layout->tick_length * tick->length, at);
          cairo_line_to (cr, area->x, at);
        }
      else
        {
          cairo_move_to (cr, at, area->y + area->height);
          cairo_line_to (cr, at, area->y + area->height + layout->tick_length * tick->length);
        }
      cairo_stroke (cr);
      if (tick->label)
        {
          plot_set_faded (cr, layout, fg, 0.9);
          if (axis == LL_AXIS_Y)
            plot_draw_text (cr, layout->pango, layout->font_px, FALSE, tick->label, tick->markup,
                            label_right, at, 1, 0.5);
          else
            plot_draw_text (cr, layout->pango, layout->font_px, FALSE, tick->label, tick->markup,
                            at, label_top, 0.5, 0);
        }
    }
}

/* Everything of the axes but their titles. */
void
plot_draw_axes (cairo_t *cr, const PlotLayout *layout)
{
  const cairo_rectangle_t *area = &layout->area;
  gboolean grid = !has_heat_map (layout);  /* a heat map shows the values; grid lines would streak it */

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  draw_ticks (cr, layout, LL_AXIS_Y, grid);
  draw_ticks (cr, layout, LL_AXIS_X, grid);

  /* the axis lines themselves */
  plot_set_faded (cr, layout, &layout->foreground, 0.7);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, area->x, area->y);
  cairo_line_to (cr, area->x, area->y + area->height);
  cairo_line_to (cr, area->x + area->width, area->y + area->height);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* The axis titles, the bottom one centred under the data, the left one
 * turned a quarter. */
void
plot_draw_axis_titles (cairo_t *cr, const PlotLayout *layout)
{
  const cairo_rectangle_t *area = &layout->area;
  const char *x_label = layout->figure->axes[LL_AXIS_X].label;
  const char *y_label = layout->figure->axes[LL_AXIS_Y].label;
  double font_px = layout->font_px;
  double bottom = layout->figure->caption ? layout->caption_y - layout->gap * 0.5
                                          : layout->height - layout->pad;

  cairo_save (cr);
  plot_set_rgb (cr, &layout->foreground, 1);
  if (x_label)
    plot_draw_text (cr, layout->pango, font_px * 1.05, FALSE, x_label, FALSE,
                    area->x + area->width / 2, bottom, 0.5, 1);
  if (y_label)
    {
      double middle = area->y + area->height / 2;
      /* Centred on the data, within the figure: a title longer than that
       * (the landscape's "PC 2 of the paths (1.8 % of their variance)" in a
       * short figure) ends in an ellipsis rather than off both edges. */
      double room = 2 * MIN (middle - layout->pad, layout->height - layout->pad - middle);
      g_autoptr(PangoLayout) text = NULL;

      cairo_translate (cr, layout->pad, middle);
      cairo_rotate (cr, -G_PI / 2);
      pango_cairo_update_context (cr, layout->pango);
      text = plot_text_new (layout->pango, font_px * 1.05, FALSE, y_label, FALSE);
      if (room > 0 && plot_text_width (layout->pango, font_px * 1.05, FALSE, y_label, FALSE) > room)
        {
          pango_layout_set_width (text, (int) (room * PANGO_SCALE));
          pango_layout_set_ellipsize (text, PANGO_ELLIPSIZE_END);
        }
      plot_show_text (cr, text, 0, 0, 0.5, 0);
    }
  cairo_restore (cr);
  pango_cairo_update_context (cr, layout->pango);
}
