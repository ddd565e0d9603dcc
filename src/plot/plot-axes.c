/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-axes.c: the grid, tick marks, tick labels and axis lines. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>

/* Everything of the axes but their titles (plot-render.c draws those). */
void
plot_draw_axes (cairo_t *cr, const PlotLayout *layout)
{
  const cairo_rectangle_t *area = &layout->area;
  const Rgb *fg = &layout->foreground;
  double font_px = layout->font_px;
  double label_right = area->x - layout->tick_length - layout->gap * 0.6;
  double label_top = area->y + area->height + layout->tick_length + layout->gap * 0.4;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

  /* y grid, ticks and labels */
  if (!layout->log_scale)
    {
      int decimals = plot_decimals_for_step (layout->y_step);
      int n = (int) round ((layout->y_hi - layout->y_lo) / layout->y_step);

      for (int i = 0; i <= n; i++)
        {
          double v = layout->y_lo + i * layout->y_step;
          double y = round (plot_map_y (layout, v)) + 0.5;

          cairo_set_line_width (cr, 1);
          plot_set_faded (cr, layout, fg, 0.12);
          cairo_move_to (cr, area->x, y);
          cairo_line_to (cr, area->x + area->width, y);
          cairo_stroke (cr);
          plot_set_faded (cr, layout, fg, 0.7);
          cairo_move_to (cr, area->x - layout->tick_length, y);
          cairo_line_to (cr, area->x, y);
          cairo_stroke (cr);
          plot_format_fixed (buf, v, decimals);
          plot_set_faded (cr, layout, fg, 0.9);
          plot_draw_text (cr, layout->pango, font_px, FALSE, buf, FALSE, label_right, y, 1, 0.5);
        }
    }
  else
    {
      for (int decade = (int) layout->y_lo; decade <= (int) layout->y_hi; decade++)
        for (int mantissa = 1; mantissa <= 9; mantissa++)
          {
            double v = decade + log10 (mantissa);
            double y;
            gboolean major = mantissa == 1
                             && (int) (decade - layout->y_lo) % (int) layout->y_step == 0;
            gboolean labelled = major || (layout->log_minor_labels
                                          && (mantissa == 2 || mantissa == 5));

            if (v > layout->y_hi + 1e-9)
              break;
            y = round (plot_map_y (layout, pow (10, v))) + 0.5;
            /* minor lines only where decades are far enough apart to show them */
            if (!major && !labelled && area->height / (layout->y_hi - layout->y_lo) < font_px * 2)
              continue;
            cairo_set_line_width (cr, 1);
            plot_set_faded (cr, layout, fg, major ? 0.14 : labelled ? 0.09 : 0.05);
            cairo_move_to (cr, area->x, y);
            cairo_line_to (cr, area->x + area->width, y);
            cairo_stroke (cr);
            plot_set_faded (cr, layout, fg, 0.7);
            cairo_move_to (cr, area->x - layout->tick_length * (labelled ? 1 : 0.55), y);
            cairo_line_to (cr, area->x, y);
            cairo_stroke (cr);
            if (labelled)
              {
                g_autofree char *label = plot_log_tick_label (mantissa, decade, layout->log_plain);

                plot_set_faded (cr, layout, fg, 0.9);
                plot_draw_text (cr, layout->pango, font_px, FALSE, label, TRUE, label_right, y, 1, 0.5);
              }
          }
    }

  /* x grid, ticks and labels */
  for (double it = 0; it <= layout->x_max + 1e-9; it += layout->x_step)
    {
      double x = round (plot_map_x (layout, it)) + 0.5;

      cairo_set_line_width (cr, 1);
      plot_set_faded (cr, layout, fg, 0.12);
      cairo_move_to (cr, x, area->y);
      cairo_line_to (cr, x, area->y + area->height);
      cairo_stroke (cr);
      plot_set_faded (cr, layout, fg, 0.7);
      cairo_move_to (cr, x, area->y + area->height);
      cairo_line_to (cr, x, area->y + area->height + layout->tick_length);
      cairo_stroke (cr);
      g_snprintf (buf, sizeof buf, "%.0f", it);
      plot_set_faded (cr, layout, fg, 0.9);
      plot_draw_text (cr, layout->pango, font_px, FALSE, buf, FALSE, x, label_top, 0.5, 0);
    }

  /* the axis lines themselves */
  plot_set_faded (cr, layout, fg, 0.7);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, area->x, area->y);
  cairo_line_to (cr, area->x, area->y + area->height);
  cairo_line_to (cr, area->x + area->width, area->y + area->height);
  cairo_stroke (cr);
  cairo_restore (cr);
}
