/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-style.c: how each series looks (Okabe-Ito colour, dash pattern,
 * marker shape), the legend sample that shows it, and colours mixed. */
#include "config.h"

#include "plot/plot-private.h"

/* Okabe-Ito, in an order where neighbours differ in lightness too. The dark
 * variant swaps the colours that vanish on a dark background (blue, black)
 * for their light partners (sky blue, yellow), slot for slot. */
static const Rgb okabe_ito_light[] = {
  { 0x00 / 255., 0x72 / 255., 0xB2 / 255. },  /* blue */
  { 0xD5 / 255., 0x5E / 255., 0x00 / 255. },  /* vermillion */
  { 0x00 / 255., 0x9E / 255., 0x73 / 255. },  /* bluish green */
  { 0xCC / 255., 0x79 / 255., 0xA7 / 255. },  /* reddish purple */
  { 0xE6 / 255., 0x9F / 255., 0x00 / 255. },  /* orange */
  { 0x00 / 255., 0x00 / 255., 0x00 / 255. },  /* black */
  { 0x56 / 255., 0xB4 / 255., 0xE9 / 255. },  /* sky blue */
};
static const Rgb okabe_ito_dark[] = {
  { 0x56 / 255., 0xB4 / 255., 0xE9 / 255. },  /* sky blue */
  { 0xD5 / 255., 0x5E / 255., 0x00 / 255. },  /* vermillion */
  { 0x00 / 255., 0x9E / 255., 0x73 / 255. },  /* bluish green */
  { 0xCC / 255., 0x79 / 255., 0xA7 / 255. },  /* reddish purple */
  { 0xE6 / 255., 0x9F / 255., 0x00 / 255. },  /* orange */
  { 0xF0 / 255., 0xE4 / 255., 0x42 / 255. },  /* yellow */
  { 0x00 / 255., 0x72 / 255., 0xB2 / 255. },  /* blue */
};
G_STATIC_ASSERT (G_N_ELEMENTS (okabe_ito_light) == G_N_ELEMENTS (okabe_ito_dark));
#define N_COLORS G_N_ELEMENTS (okabe_ito_light)

/* Dash patterns in multiples of the line width; 0 entries = solid. The
 * cycle length differs from the colours' so that colour and dash never
 * repeat together within 7 x 6 series. */
static const struct {
  int n;
  double on_off[4];
} dash_styles[] = {
  { 0, { 0 } },
  { 2, { 4.0, 2.0 } },
  { 2, { 1.0, 1.6 } },
  { 4, { 5.0, 1.8, 1.0, 1.8 } },
  { 2, { 9.0, 2.5 } },
  { 4, { 2.5, 1.5, 2.5, 4.0 } },
};

void
plot_set_rgb (cairo_t *cr, const Rgb *color, double alpha)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, alpha);
}

/* FG faded towards the background by AMOUNT, as an opaque colour: the
 * same look as transparency, and SVG/PDF readers that ignore opacity
 * (some do) still draw light grid lines. */
void
plot_set_faded (cairo_t *cr, const PlotLayout *layout, const Rgb *fg, double amount)
{
  const Rgb *bg = &layout->background;

  cairo_set_source_rgb (cr,
                        bg->r + (fg->r - bg->r) * amount,
                        bg->g + (fg->g - bg->g) * amount,
                        bg->b + (fg->b - bg->b) * amount);
}

void
ll_plot_series_color (guint index, gboolean dark, double rgb[3])
{
  const Rgb *color = dark ? &okabe_ito_dark[index % N_COLORS] : &okabe_ito_light[index % N_COLORS];

  rgb[0] = color->r;
  rgb[1] = color->g;
  rgb[2] = color->b;
}

int
ll_plot_series_dashes (guint index, double line_width, double dashes[4])
{
  guint style = index % G_N_ELEMENTS (dash_styles);

  for (int i = 0; i < dash_styles[style].n; i++)
    dashes[i] = dash_styles[style].on_off[i] * line_width;
  return dash_styles[style].n;
}

void
plot_marker_path (cairo_t *cr, MarkerShape shape, double x, double y, double r)
{
  switch (shape)
    {
    case MARKER_CIRCLE:
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      break;
    case MARKER_SQUARE:
      r *= 0.9;
      cairo_rectangle (cr, x - r, y - r, 2 * r, 2 * r);
      break;
    case MARKER_TRIANGLE_UP:
    case MARKER_TRIANGLE_DOWN:
      {
        double sign = shape == MARKER_TRIANGLE_UP ? 1 : -1;

        r *= 1.5;  /* a triangle covers less than its circle: make up */
        cairo_move_to (cr, x, y - sign * r);
        cairo_line_to (cr, x + r * 0.866, y + sign * r * 0.5);
        cairo_line_to (cr, x - r * 0.866, y + sign * r * 0.5);
        cairo_close_path (cr);
      }
      break;
    case MARKER_DIAMOND:
      r *= 1.3;
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x + r * 0.8, y);
      cairo_line_to (cr, x, y + r);
      cairo_line_to (cr, x - r * 0.8, y);
      cairo_close_path (cr);
      break;
    case MARKER_PLUS:
      r *= 1.3;
      cairo_move_to (cr, x - r, y);
      cairo_line_to (cr, x + r, y);
      cairo_move_to (cr, x, y - r);
      cairo_line_to (cr, x, y + r);
      break;
    case MARKER_CROSS:
    case N_MARKERS:
    default:
      r *= 1.05;
      cairo_move_to (cr, x - r, y - r);
      cairo_line_to (cr, x + r, y + r);
      cairo_move_to (cr, x - r, y + r);
      cairo_line_to (cr, x + r, y - r);
      break;
    }
}

/* Paints the marker outlines in the current path: filled and ringed in the
 * background colour, so that markers of different series stay apart where
 * the curves meet. One fill and one stroke for all of a series' markers. */
void
plot_paint_markers (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color)
{
  MarkerShape shape = index % N_MARKERS;

  if (shape == MARKER_CROSS || shape == MARKER_PLUS)
    {
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      plot_set_rgb (cr, &layout->background, 1);
      cairo_set_line_width (cr, layout->line_width * 2.2);
      cairo_stroke_preserve (cr);
      plot_set_rgb (cr, color, 1);
      cairo_set_line_width (cr, layout->line_width * 1.2);
      cairo_stroke (cr);
    }
  else
    {
      plot_set_rgb (cr, color, 1);
      cairo_fill_preserve (cr);
      plot_set_rgb (cr, &layout->background, 1);
      cairo_set_line_width (cr, MAX (1, layout->line_width * 0.45));
      cairo_stroke (cr);
    }
}

void
plot_draw_marker (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color,
                  double x, double y)
{
  cairo_new_path (cr);
  plot_marker_path (cr, index % N_MARKERS, x, y, layout->marker_radius);
  plot_paint_markers (cr, layout, index, color);
}

void
plot_series_rgb (gboolean dark, guint index, Rgb *color)
{
  double rgb[3];

  ll_plot_series_color (index, dark, rgb);
  *color = (Rgb) { rgb[0], rgb[1], rgb[2] };
}

/* FROM moved towards TO by AMOUNT (0: FROM, 1: TO). */
void
plot_mix (const Rgb *from, const Rgb *to, double amount, Rgb *out)
{
  *out = (Rgb) {
    from->r + (to->r - from->r) * amount,
    from->g + (to->g - from->g) * amount,
    from->b + (to->b - from->b) * amount,
  };
}

void
plot_set_series_line (cairo_t *cr, double line_width, guint index)
{
  double dashes[4];
  int n_dashes = ll_plot_series_dashes (index, line_width, dashes);

  cairo_set_line_width (cr, line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, n_dashes > 0 ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
  cairo_set_dash (cr, dashes, n_dashes, 0);
}

/* A legend sample: a stretch of the series' line (solid unless DASHED)
 * with its marker in the middle, from (X, Y) to (X + WIDTH, Y). RINGED:
 * the marker has a background-coloured ring (only where the plot's
 * background is known). */
void
plot_draw_series_sample (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color,
                         gboolean ringed, gboolean dashed, double line_width,
                         double x, double y, double width)
{
  cairo_save (cr);
  plot_set_rgb (cr, color, 1);
  plot_set_series_line (cr, line_width, dashed ? index : 0);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + width, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_new_path (cr);
  plot_marker_path (cr, index % N_MARKERS, x + width / 2, y, layout->marker_radius);
  if (ringed)
    plot_paint_markers (cr, layout, index, color);
  else if (index % N_MARKERS == MARKER_CROSS || index % N_MARKERS == MARKER_PLUS)
    {
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_width (cr, layout->line_width * 1.2);
      cairo_stroke (cr);
    }
  else
    cairo_fill (cr);
  cairo_restore (cr);
}

void
ll_plot_draw_sample (cairo_t *cr, guint index, gboolean dark, double width, double height)
{
  PlotLayout layout = { 0 };
  double rgb[3];
  Rgb color;

  g_return_if_fail (cr != NULL);

  /* Proportions of the plot's legend: line and marker sized by the height. */
  layout.line_width = MAX (1.5, height * 0.14);
  layout.marker_radius = MAX (2.5, height * 0.26);
  ll_plot_series_color (index, dark, rgb);
  color = (Rgb) { rgb[0], rgb[1], rgb[2] };
  plot_draw_series_sample (cr, &layout, index, &color, FALSE, TRUE, layout.line_width,
                           layout.line_width / 2, height / 2, width - layout.line_width);
}

void
plot_rounded_rectangle (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}
