/* plot-render.c: the cost plot drawn with cairo and pango, no GTK.
 *
 * One function computes the geometry (PlotLayout) from the spec and the size;
 * drawing, hit-testing and the tests all go through it, so what the pointer
 * hits is what was drawn. */
#include "config.h"

#include "plot/plot-render.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#define FONT_FAMILY "Sans"
#define MAX_LEGEND_ROWS 8

typedef struct {
  double r, g, b;
} Rgb;

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

typedef enum {
  MARKER_CIRCLE,
  MARKER_SQUARE,
  MARKER_TRIANGLE_UP,
  MARKER_DIAMOND,
  MARKER_TRIANGLE_DOWN,
  MARKER_CROSS,
  MARKER_PLUS,
  N_MARKERS  /* 7, one more than the dash styles: no two of the first 42 series look alike */
} MarkerShape;

typedef struct {
  PangoContext *pango;     /* owned; all text of one drawing shares it */
  double width, height;
  Rgb background;
  Rgb foreground;
  double font_px;          /* tick labels, legend; other text is relative */
  double line_width;
  double marker_radius;
  double pad;              /* outer margin */
  double gap;              /* between a label and what it labels */
  double tick_length;

  cairo_rectangle_t area;  /* the data area, inside the axes */
  double title_height;

  double x_max;
  double x_step;

  gboolean log_scale;
  double y_lo, y_hi;       /* axis ends, log10 of the cost on a log scale */
  double y_step;           /* linear: tick step; log: decades between labels */
  gboolean log_plain;      /* decades written 0.001 rather than 10^-3 */
  gboolean log_minor_labels;

  /* Legend: right of the area, or in rows above it when the widget is narrow. */
  gboolean legend_right;
  double legend_x, legend_y;
  double legend_entry_width, legend_entry_height;
  double legend_sample_width;
  guint legend_columns;
} PlotLayout;

/* ---- small helpers ---- */

static void
set_rgb (cairo_t *cr, const Rgb *color, double alpha)
{
  cairo_set_source_rgba (cr, color->r, color->g, color->b, alpha);
}

/* FG faded towards the background by AMOUNT, as an opaque colour: the
 * same look as transparency, and SVG/PDF readers that ignore opacity
 * (some do) still draw light grid lines. */
static void
set_faded (cairo_t *cr, const PlotLayout *layout, const Rgb *fg, double amount)
{
  const Rgb *bg = &layout->background;

  cairo_set_source_rgb (cr,
                        bg->r + (fg->r - bg->r) * amount,
                        bg->g + (fg->g - bg->g) * amount,
                        bg->b + (fg->b - bg->b) * amount);
}

static gboolean
cost_is_drawable (double cost, gboolean log_scale)
{
  return isfinite (cost) && (!log_scale || cost > 0);
}

static PangoLayout *
make_text (PangoContext *pango, double px, gboolean bold, const char *text, gboolean is_markup)
{
  PangoLayout *layout = pango_layout_new (pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, px * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  if (is_markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
text_size (PangoLayout *layout, double *width, double *height)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  if (width)
    *width = (double) w / PANGO_SCALE;
  if (height)
    *height = (double) h / PANGO_SCALE;
}

static double
text_width (PangoContext *pango, double px, gboolean bold, const char *text, gboolean is_markup)
{
  g_autoptr(PangoLayout) layout = make_text (pango, px, bold, text, is_markup);
  double width;

  text_size (layout, &width, NULL);
  return width;
}

/* Draws LAYOUT with its box anchored at (X, Y): XALIGN/YALIGN 0 = left/top,
 * 0.5 = centre, 1 = right/bottom. */
static void
show_text (cairo_t *cr, PangoLayout *layout, double x, double y, double xalign, double yalign)
{
  double width, height;

  text_size (layout, &width, &height);
  cairo_move_to (cr, x - xalign * width, y - yalign * height);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_text (cairo_t *cr, PangoContext *pango, double px, gboolean bold,
           const char *text, gboolean is_markup,
           double x, double y, double xalign, double yalign)
{
  g_autoptr(PangoLayout) layout = make_text (pango, px, bold, text, is_markup);

  show_text (cr, layout, x, y, xalign, yalign);
}

char *
ll_plot_format_cost (double cost, char *buf)
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.4g", cost);
}

char *
ll_plot_format_rate (double learning_rate, char *buf)
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.6g", learning_rate);
}

static char *
rate_label (double learning_rate)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  /* TRANSLATORS: legend entry, %s is a learning rate such as 0.5 */
  return g_strdup_printf (_("lr = %s"), ll_plot_format_rate (learning_rate, number));
}

/* 1, 2 or 5 times a power of ten, at least RAW. */
static double
nice_step (double raw)
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

static int
decimals_for_step (double step)
{
  return step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
}

static void
format_fixed (char *buf, double value, int decimals)
{
  char format[16];

  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 12));
  if (fabs (value) < 1e-12)
    value = 0;  /* no "-0" */
  g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
}

/* A label for MANTISSA x 10^DECADE on the log axis, as Pango markup. */
static char *
log_tick_label (int mantissa, int decade, gboolean plain)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (plain)
    {
      format_fixed (buf, mantissa * pow (10, decade), MAX (0, -decade));
      return g_strdup (buf);
    }
  /* U+2212 MINUS SIGN reads better than a hyphen in an exponent. */
  if (mantissa == 1)
    return g_strdup_printf ("10<sup>%s%d</sup>", decade < 0 ? "\xe2\x88\x92" : "", ABS (decade));
  return g_strdup_printf ("%d\xc3\x97" "10<sup>%s%d</sup>", mantissa,
                          decade < 0 ? "\xe2\x88\x92" : "", ABS (decade));
}

/* ---- geometry ---- */

static void
data_bounds (const LlPlotSpec *spec, gboolean log_scale,
             double *lo, double *hi, guint *last_iteration)
{
  *lo = INFINITY;
  *hi = -INFINITY;
  *last_iteration = 0;
  for (guint s = 0; s < spec->n_series; s++)
    for (gsize i = 0; i < spec->series[s].n_points; i++)
      {
        const LlCostPoint *point = &spec->series[s].points[i];

        *last_iteration = MAX (*last_iteration, point->iteration);
        if (!cost_is_drawable (point->cost, log_scale))
          continue;
        *lo = MIN (*lo, point->cost);
        *hi = MAX (*hi, point->cost);
      }
}

static void
compute_y_axis (PlotLayout *layout, double data_lo, double data_hi)
{
  /* Aim for a tick label every three text heights or so. */
  double target = CLAMP (layout->area.height / (layout->font_px * 3.2), 2, 10);

  if (!layout->log_scale)
    {
      /* Costs start at zero: a linear axis from 0 shows their true sizes. */
      double lo = isfinite (data_lo) ? MIN (0, data_lo) : 0;
      double hi = isfinite (data_hi) ? data_hi : 1;

      if (hi <= lo)
        hi = lo + 1;
      layout->y_step = nice_step ((hi - lo) / target);
      layout->y_lo = floor (lo / layout->y_step + 1e-9) * layout->y_step;
      layout->y_hi = ceil (hi / layout->y_step - 1e-9) * layout->y_step;
      return;
    }

  {
    int decade_lo = isfinite (data_lo) ? (int) floor (log10 (data_lo) + 1e-9) : -2;
    int decade_hi = isfinite (data_hi) ? (int) ceil (log10 (data_hi) - 1e-9) : 0;
    int n_decades;

    if (decade_hi <= decade_lo)
      decade_hi = decade_lo + 1;
    n_decades = decade_hi - decade_lo;
    layout->y_lo = decade_lo;
    layout->y_hi = decade_hi;
    layout->y_step = MAX (1, ceil (n_decades / target));
    layout->log_plain = decade_lo >= -4 && decade_hi <= 5;
    /* With two decades or fewer the decades alone are too few labels. */
    layout->log_minor_labels = n_decades <= 2 && target >= 3 * n_decades;
  }
}

static double
y_label_width (const PlotLayout *layout)
{
  double widest = 0;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!layout->log_scale)
    {
      int decimals = decimals_for_step (layout->y_step);

      for (double v = layout->y_lo; v <= layout->y_hi + layout->y_step * 1e-6; v += layout->y_step)
        {
          format_fixed (buf, v, decimals);
          widest = MAX (widest, text_width (layout->pango, layout->font_px, FALSE, buf, FALSE));
        }
      return widest;
    }

  for (int decade = (int) layout->y_lo; decade <= (int) layout->y_hi; decade++)
    for (int mantissa = 1; mantissa <= 5; mantissa++)
      {
        g_autofree char *label = NULL;

        if (mantissa == 3 || mantissa == 4)
          continue;
        if (mantissa > 1 && (!layout->log_minor_labels || decade == (int) layout->y_hi))
          continue;
        label = log_tick_label (mantissa, decade, layout->log_plain);
        widest = MAX (widest, text_width (layout->pango, layout->font_px, FALSE, label, TRUE));
      }
  return widest;
}

static void
compute_layout (cairo_t *cr, const LlPlotSpec *spec, double width, double height,
                PlotLayout *layout)
{
  double data_lo, data_hi, text_height, left, right, top, bottom, x_label_width;
  double legend_width = 0;
  guint last_iteration;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  double font_scale = spec->font_scale > 0 ? CLAMP (spec->font_scale, 0.25, 8) : 1;

  memset (layout, 0, sizeof *layout);
  layout->pango = pango_cairo_create_context (cr);
  layout->width = width;
  layout->height = height;
  if (spec->dark)
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
  layout->line_width = MAX (1.5, layout->font_px * 0.14);
  layout->marker_radius = MAX (3, layout->font_px * 0.26);
  layout->pad = layout->font_px * 0.8;
  layout->gap = layout->font_px * 0.45;
  layout->tick_length = layout->font_px * 0.35;
  layout->log_scale = spec->log_scale;

  {
    g_autoptr(PangoLayout) probe = make_text (layout->pango, layout->font_px, FALSE, "0123456789", FALSE);
    text_size (probe, NULL, &text_height);
  }

  data_bounds (spec, spec->log_scale, &data_lo, &data_hi, &last_iteration);
  layout->x_max = MAX (MAX (spec->max_iteration, last_iteration), 1);

  top = layout->pad;
  if (spec->title && *spec->title)
    {
      layout->title_height = text_height * 1.2;
      top += layout->title_height + layout->gap;
    }

  /* Legend entries: a line sample with its marker, then "lr = 0.5". */
  layout->legend_sample_width = layout->font_px * 2.6;
  layout->legend_entry_height = text_height * 1.35;
  for (guint s = 0; s < spec->n_series; s++)
    {
      g_autofree char *label = rate_label (spec->series[s].learning_rate);
      double w = layout->legend_sample_width + layout->gap
                 + text_width (layout->pango, layout->font_px, FALSE, label, FALSE);

      legend_width = MAX (legend_width, w);
    }
  layout->legend_entry_width = legend_width + layout->gap * 2;

  /* Beside the data when that leaves the data most of the width, else above. */
  layout->legend_right = spec->n_series > 0
                         && layout->legend_entry_width + layout->pad * 2 < width * 0.3;
  if (spec->n_series > 0 && !layout->legend_right)
    {
      guint rows;

      layout->legend_columns = MAX (1, (guint) ((width - layout->pad * 2) / layout->legend_entry_width));
      layout->legend_columns = MIN (layout->legend_columns, spec->n_series);
      rows = (spec->n_series + layout->legend_columns - 1) / layout->legend_columns;
      rows = MIN (rows, MAX_LEGEND_ROWS);
      layout->legend_y = top;
      top += rows * layout->legend_entry_height + layout->gap;
    }

  /* Bottom: tick marks, tick labels, the "iterations" title. */
  bottom = height - layout->pad - text_height * 1.05 - layout->gap - text_height
           - layout->tick_length;
  layout->area.y = top + text_height * 0.5;  /* room for the top tick label */
  layout->area.height = MAX (bottom - layout->area.y, 10);

  compute_y_axis (layout, data_lo, data_hi);

  /* Left: the rotated "cost" title, the tick labels, the tick marks. */
  left = layout->pad + text_height * 1.05 + layout->gap + y_label_width (layout)
         + layout->gap * 0.6 + layout->tick_length;

  g_snprintf (buf, sizeof buf, "%u", (guint) layout->x_max);
  x_label_width = text_width (layout->pango, layout->font_px, FALSE, buf, FALSE);
  right = width - layout->pad - x_label_width * 0.5;
  if (layout->legend_right)
    {
      right = width - layout->pad - layout->legend_entry_width - layout->gap * 2;
      layout->legend_x = right + layout->gap * 2;
      layout->legend_y = layout->area.y;
    }
  else if (spec->n_series > 0)
    layout->legend_x = layout->pad;

  layout->area.x = left;
  layout->area.width = MAX (right - left, 10);

  /* x ticks: labels at least two and a half label widths apart. */
  {
    double target = CLAMP (layout->area.width / (x_label_width * 2.5 + layout->gap), 2, 12);

    layout->x_step = MAX (1, nice_step (layout->x_max / target));
  }
}

static double
map_x (const PlotLayout *layout, double iteration)
{
  return layout->area.x + iteration / layout->x_max * layout->area.width;
}

static double
map_y (const PlotLayout *layout, double cost)
{
  double v = layout->log_scale ? log10 (cost) : cost;

  return layout->area.y + layout->area.height
         - (v - layout->y_lo) / (layout->y_hi - layout->y_lo) * layout->area.height;
}

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
layout_for_size (const LlPlotSpec *spec, double width, double height, PlotLayout *layout)
{
  cairo_t *cr = measure_context_new ();

  compute_layout (cr, spec, width, height, layout);
  g_clear_object (&layout->pango);  /* geometry only */
  cairo_destroy (cr);
}

/* ---- public: palette, geometry ---- */

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
ll_plot_data_area (const LlPlotSpec *spec, double width, double height, cairo_rectangle_t *area)
{
  PlotLayout layout;

  layout_for_size (spec, width, height, &layout);
  *area = layout.area;
}

double
ll_plot_x_for_iteration (const LlPlotSpec *spec, double width, double height, guint iteration)
{
  PlotLayout layout;

  layout_for_size (spec, width, height, &layout);
  return map_x (&layout, iteration);
}

int
ll_plot_iteration_at (const LlPlotSpec *spec, double width, double height, double x)
{
  PlotLayout layout;
  double iteration, best_distance = INFINITY, slack;
  int best = -1;

  g_return_val_if_fail (spec != NULL, -1);

  layout_for_size (spec, width, height, &layout);
  /* A little slack so that the first and last points, on the axis ends,
   * are easy to hit. */
  slack = layout.marker_radius * 2;
  if (x < layout.area.x - slack || x > layout.area.x + layout.area.width + slack)
    return -1;

  iteration = (x - layout.area.x) / layout.area.width * layout.x_max;
  for (guint s = 0; s < spec->n_series; s++)
    for (gsize i = 0; i < spec->series[s].n_points; i++)
      {
        double distance = fabs (spec->series[s].points[i].iteration - iteration);

        if (distance < best_distance)
          {
            best_distance = distance;
            best = (int) spec->series[s].points[i].iteration;
          }
      }
  return best;
}

/* ---- drawing ---- */

static void
draw_axes (cairo_t *cr, const PlotLayout *layout)
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
      int decimals = decimals_for_step (layout->y_step);
      int n = (int) round ((layout->y_hi - layout->y_lo) / layout->y_step);

      for (int i = 0; i <= n; i++)
        {
          double v = layout->y_lo + i * layout->y_step;
          double y = round (map_y (layout, v)) + 0.5;

          cairo_set_line_width (cr, 1);
          set_faded (cr, layout, fg, 0.12);
          cairo_move_to (cr, area->x, y);
          cairo_line_to (cr, area->x + area->width, y);
          cairo_stroke (cr);
          set_faded (cr, layout, fg, 0.7);
          cairo_move_to (cr, area->x - layout->tick_length, y);
          cairo_line_to (cr, area->x, y);
          cairo_stroke (cr);
          format_fixed (buf, v, decimals);
          set_faded (cr, layout, fg, 0.9);
          draw_text (cr, layout->pango, font_px, FALSE, buf, FALSE, label_right, y, 1, 0.5);
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
            y = round (map_y (layout, pow (10, v))) + 0.5;
            /* minor lines only where decades are far enough apart to show them */
            if (!major && !labelled && area->height / (layout->y_hi - layout->y_lo) < font_px * 2)
              continue;
            cairo_set_line_width (cr, 1);
            set_faded (cr, layout, fg, major ? 0.14 : labelled ? 0.09 : 0.05);
            cairo_move_to (cr, area->x, y);
            cairo_line_to (cr, area->x + area->width, y);
            cairo_stroke (cr);
            set_faded (cr, layout, fg, 0.7);
            cairo_move_to (cr, area->x - layout->tick_length * (labelled ? 1 : 0.55), y);
            cairo_line_to (cr, area->x, y);
            cairo_stroke (cr);
            if (labelled)
              {
                g_autofree char *label = log_tick_label (mantissa, decade, layout->log_plain);

                set_faded (cr, layout, fg, 0.9);
                draw_text (cr, layout->pango, font_px, FALSE, label, TRUE, label_right, y, 1, 0.5);
              }
          }
    }

  /* x grid, ticks and labels */
  for (double it = 0; it <= layout->x_max + 1e-9; it += layout->x_step)
    {
      double x = round (map_x (layout, it)) + 0.5;

      cairo_set_line_width (cr, 1);
      set_faded (cr, layout, fg, 0.12);
      cairo_move_to (cr, x, area->y);
      cairo_line_to (cr, x, area->y + area->height);
      cairo_stroke (cr);
      set_faded (cr, layout, fg, 0.7);
      cairo_move_to (cr, x, area->y + area->height);
      cairo_line_to (cr, x, area->y + area->height + layout->tick_length);
      cairo_stroke (cr);
      g_snprintf (buf, sizeof buf, "%.0f", it);
      set_faded (cr, layout, fg, 0.9);
      draw_text (cr, layout->pango, font_px, FALSE, buf, FALSE, x, label_top, 0.5, 0);
    }

  /* the axis lines themselves */
  set_faded (cr, layout, fg, 0.7);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, area->x, area->y);
  cairo_line_to (cr, area->x, area->y + area->height);
  cairo_line_to (cr, area->x + area->width, area->y + area->height);
  cairo_stroke (cr);

  /* axis titles */
  set_rgb (cr, fg, 1);
  draw_text (cr, layout->pango, font_px * 1.05, FALSE, _("iterations"), FALSE,
             area->x + area->width / 2, layout->height - layout->pad, 0.5, 1);
  cairo_translate (cr, layout->pad, area->y + area->height / 2);
  cairo_rotate (cr, -G_PI / 2);
  pango_cairo_update_context (cr, layout->pango);
  draw_text (cr, layout->pango, font_px * 1.05, FALSE,
             layout->log_scale ? _("cost (log scale)") : _("cost"), FALSE,
             0, 0, 0.5, 0);
  cairo_restore (cr);
  pango_cairo_update_context (cr, layout->pango);
}

static void
marker_path (cairo_t *cr, MarkerShape shape, double x, double y, double r)
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
static void
paint_markers (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color)
{
  MarkerShape shape = index % N_MARKERS;

  if (shape == MARKER_CROSS || shape == MARKER_PLUS)
    {
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      set_rgb (cr, &layout->background, 1);
      cairo_set_line_width (cr, layout->line_width * 2.2);
      cairo_stroke_preserve (cr);
      set_rgb (cr, color, 1);
      cairo_set_line_width (cr, layout->line_width * 1.2);
      cairo_stroke (cr);
    }
  else
    {
      set_rgb (cr, color, 1);
      cairo_fill_preserve (cr);
      set_rgb (cr, &layout->background, 1);
      cairo_set_line_width (cr, MAX (1, layout->line_width * 0.45));
      cairo_stroke (cr);
    }
}

static void
draw_marker (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color,
             double x, double y)
{
  cairo_new_path (cr);
  marker_path (cr, index % N_MARKERS, x, y, layout->marker_radius);
  paint_markers (cr, layout, index, color);
}

static void
series_rgb (const LlPlotSpec *spec, guint index, Rgb *color)
{
  double rgb[3];

  ll_plot_series_color (index, spec->dark, rgb);
  *color = (Rgb) { rgb[0], rgb[1], rgb[2] };
}

static void
set_series_line (cairo_t *cr, const PlotLayout *layout, guint index)
{
  double dashes[4];
  int n_dashes = ll_plot_series_dashes (index, layout->line_width, dashes);

  cairo_set_line_width (cr, layout->line_width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, n_dashes > 0 ? CAIRO_LINE_CAP_BUTT : CAIRO_LINE_CAP_ROUND);
  cairo_set_dash (cr, dashes, n_dashes, 0);
}

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

static void
draw_series (cairo_t *cr, const LlPlotSpec *spec, const PlotLayout *layout, guint index)
{
  const LlPlotSeries *series = &spec->series[index];
  Column column = { 0 };
  guint n_drawable = 0, stride = 1, k = 0;
  double first = 0, last = 0;
  Rgb color;

  series_rgb (spec, index, &color);

  /* The line; a cost that cannot be drawn (not finite, or <= 0 on a log
   * axis) breaks it rather than bending it to the axis. */
  cairo_new_path (cr);
  for (gsize i = 0; i < series->n_points; i++)
    {
      const LlCostPoint *point = &series->points[i];
      Vertex vertex;

      if (!cost_is_drawable (point->cost, layout->log_scale))
        {
          column_flush (cr, &column);
          column.pen_down = FALSE;
          continue;
        }
      vertex = (Vertex) { i, map_x (layout, point->iteration), map_y (layout, point->cost) };
      column_add (cr, &column, &vertex, layout->line_width);
      if (n_drawable++ == 0)
        first = vertex.x;
      last = vertex.x;
    }
  column_flush (cr, &column);
  set_rgb (cr, &color, 1);
  set_series_line (cr, layout, index);
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

      if (!cost_is_drawable (point->cost, layout->log_scale))
        continue;
      if (k++ % stride == 0 || k == n_drawable)
        marker_path (cr, index % N_MARKERS, map_x (layout, point->iteration),
                     map_y (layout, point->cost), layout->marker_radius);
    }
  paint_markers (cr, layout, index, &color);
}

static gboolean
series_cost_at (const LlPlotSeries *series, guint iteration, double *cost)
{
  for (gsize i = 0; i < series->n_points; i++)
    if (series->points[i].iteration == iteration)
      {
        *cost = series->points[i].cost;
        return TRUE;
      }
  return FALSE;
}

static void
rounded_rectangle (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static guint
points_inside (const LlPlotSpec *spec, const PlotLayout *layout,
               double x, double y, double w, double h)
{
  guint count = 0;

  for (guint s = 0; s < spec->n_series; s++)
    for (gsize i = 0; i < spec->series[s].n_points; i++)
      {
        const LlCostPoint *point = &spec->series[s].points[i];
        double px, py;

        if (!cost_is_drawable (point->cost, layout->log_scale))
          continue;
        px = map_x (layout, point->iteration);
        py = map_y (layout, point->cost);
        count += px >= x && px <= x + w && py >= y && py <= y + h;
      }
  return count;
}

/* The cursor at the highlighted record point and a box with its costs. */
static void
draw_readout (cairo_t *cr, const LlPlotSpec *spec, const PlotLayout *layout)
{
  const cairo_rectangle_t *area = &layout->area;
  double font_px = layout->font_px * 0.95;
  double x, inner, row_height, heading_height, label_width = 0, value_width = 0;
  double marker_column, box_width, box_height, box_x, box_y;
  g_autofree char *heading = NULL;
  g_autoptr(PangoLayout) heading_layout = NULL;
  guint best_count = G_MAXUINT;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (spec->highlight_iteration < 0 || spec->highlight_iteration > layout->x_max)
    return;
  x = map_x (layout, spec->highlight_iteration);

  cairo_save (cr);
  set_faded (cr, layout, &layout->foreground, 0.6);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, round (x) + 0.5, area->y);
  cairo_line_to (cr, round (x) + 0.5, area->y + area->height);
  cairo_stroke (cr);

  for (guint s = 0; s < spec->n_series; s++)
    {
      double cost;
      Rgb color;

      if (!series_cost_at (&spec->series[s], spec->highlight_iteration, &cost)
          || !cost_is_drawable (cost, layout->log_scale))
        continue;
      series_rgb (spec, s, &color);
      set_rgb (cr, &color, 1);
      cairo_set_line_width (cr, layout->line_width);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, map_y (layout, cost), layout->marker_radius * 2, 0, 2 * G_PI);
      cairo_stroke (cr);
    }

  /* TRANSLATORS: heading of the plot's readout, %d is an iteration number */
  heading = g_strdup_printf (_("iteration %d"), spec->highlight_iteration);
  heading_layout = make_text (layout->pango, font_px, TRUE, heading, FALSE);
  text_size (heading_layout, &box_width, &heading_height);
  {
    g_autoptr(PangoLayout) probe = make_text (layout->pango, font_px, FALSE, "0", FALSE);
    text_size (probe, NULL, &row_height);
    row_height *= 1.3;
  }
  for (guint s = 0; s < spec->n_series; s++)
    {
      g_autofree char *label = rate_label (spec->series[s].learning_rate);
      double cost;

      label_width = MAX (label_width, text_width (layout->pango, font_px, FALSE, label, FALSE));
      if (series_cost_at (&spec->series[s], spec->highlight_iteration, &cost))
        value_width = MAX (value_width, text_width (layout->pango, font_px, FALSE,
                                                    ll_plot_format_cost (cost, buf), FALSE));
    }
  value_width = MAX (value_width, text_width (layout->pango, font_px, FALSE, "\xe2\x80\x94", FALSE));
  inner = layout->gap * 1.2;
  marker_column = layout->marker_radius * 2 + layout->gap;
  box_width = MAX (box_width, marker_column + label_width + layout->gap * 2 + value_width);
  box_width += inner * 2;
  box_height = inner * 2 + heading_height * 1.15 + spec->n_series * row_height;

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
          count = points_inside (spec, layout, xs[xi], ys[yi], box_width, box_height);
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

  rounded_rectangle (cr, box_x, box_y, box_width, box_height, layout->gap);
  set_rgb (cr, &layout->background, 0.94);
  cairo_fill_preserve (cr);
  set_rgb (cr, &layout->foreground, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  set_rgb (cr, &layout->foreground, 1);
  show_text (cr, heading_layout, box_x + inner, box_y + inner, 0, 0);
  for (guint s = 0; s < spec->n_series; s++)
    {
      g_autofree char *label = rate_label (spec->series[s].learning_rate);
      double row_y = box_y + inner + heading_height * 1.15 + (s + 0.5) * row_height;
      double cost;
      const char *value = "\xe2\x80\x94";  /* no point there yet */
      Rgb color;

      if (series_cost_at (&spec->series[s], spec->highlight_iteration, &cost))
        value = ll_plot_format_cost (cost, buf);
      series_rgb (spec, s, &color);
      draw_marker (cr, layout, s, &color, box_x + inner + layout->marker_radius, row_y);
      set_rgb (cr, &layout->foreground, 1);
      draw_text (cr, layout->pango, font_px, FALSE, label, FALSE, box_x + inner + marker_column, row_y, 0, 0.5);
      draw_text (cr, layout->pango, font_px, FALSE, value, FALSE, box_x + box_width - inner, row_y, 1, 0.5);
    }
  cairo_restore (cr);
}

/* A legend sample: a stretch of the series' line with its marker in the
 * middle, from (X, Y) to (X + WIDTH, Y). RINGED: the marker has a
 * background-coloured ring (only where the plot's background is known). */
static void
draw_sample (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color,
             gboolean ringed, double x, double y, double width)
{
  cairo_save (cr);
  set_rgb (cr, color, 1);
  set_series_line (cr, layout, index);
  cairo_move_to (cr, x, y);
  cairo_line_to (cr, x + width, y);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_new_path (cr);
  marker_path (cr, index % N_MARKERS, x + width / 2, y, layout->marker_radius);
  if (ringed)
    paint_markers (cr, layout, index, color);
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
  draw_sample (cr, &layout, index, &color, FALSE, layout.line_width / 2, height / 2,
               width - layout.line_width);
}

static void
draw_legend (cairo_t *cr, const LlPlotSpec *spec, const PlotLayout *layout)
{
  for (guint s = 0; s < spec->n_series; s++)
    {
      guint column = layout->legend_right ? 0 : s % layout->legend_columns;
      guint row = layout->legend_right ? s : s / layout->legend_columns;
      double x = layout->legend_x + column * layout->legend_entry_width;
      double y = layout->legend_y + (row + 0.5) * layout->legend_entry_height;
      g_autofree char *label = NULL;
      Rgb color;

      if (!layout->legend_right && row >= MAX_LEGEND_ROWS)
        break;
      if (layout->legend_right && y > layout->height - layout->pad)
        break;
      series_rgb (spec, s, &color);
      draw_sample (cr, layout, s, &color, TRUE, x, y, layout->legend_sample_width);

      label = rate_label (spec->series[s].learning_rate);
      set_rgb (cr, &layout->foreground, 1);
      draw_text (cr, layout->pango, layout->font_px, FALSE, label, FALSE,
                 x + layout->legend_sample_width + layout->gap, y, 0, 0.5);
    }
}

void
ll_plot_render (cairo_t *cr, const LlPlotSpec *spec, double width, double height)
{
  PlotLayout layout;
  double slack;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (spec != NULL);
  g_return_if_fail (spec->n_series == 0 || spec->series != NULL);

  cairo_save (cr);
  compute_layout (cr, spec, width, height, &layout);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GOOD);

  set_rgb (cr, &layout.background, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  draw_axes (cr, &layout);

  /* The axes cover every point; the slack only keeps the markers at the
   * ends whole. */
  slack = layout.marker_radius * 1.6 + layout.line_width;
  cairo_save (cr);
  /* whole pixels: cairo's fast path for a rectangular clip */
  cairo_rectangle (cr, floor (layout.area.x - slack), floor (layout.area.y - slack),
                   ceil (layout.area.width + 2 * slack), ceil (layout.area.height + 2 * slack));
  cairo_clip (cr);
  for (guint s = 0; s < spec->n_series; s++)
    draw_series (cr, spec, &layout, s);
  cairo_restore (cr);

  draw_readout (cr, spec, &layout);
  draw_legend (cr, spec, &layout);

  if (spec->title && *spec->title)
    {
      set_rgb (cr, &layout.foreground, 1);
      draw_text (cr, layout.pango, layout.font_px * 1.15, TRUE, spec->title, FALSE,
                 layout.area.x + layout.area.width / 2, layout.pad, 0.5, 0);
    }
  g_clear_object (&layout.pango);
  cairo_restore (cr);
}

/* ---- export ---- */

typedef enum {
  EXPORT_PNG,
  EXPORT_SVG,
  EXPORT_PDF,
} ExportFormat;

static gboolean
export_format_for_path (const char *path, ExportFormat *format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = EXPORT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = EXPORT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = EXPORT_PDF;
  else
    return FALSE;
  return TRUE;
}

static cairo_status_t
append_to_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
ll_plot_export (const LlPlotSpec *spec, const char *path, int width, int height, GError **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree char *display_name = NULL;
  LlPlotSpec light;
  ExportFormat format;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = g_filename_display_name (path);
  if (!export_format_for_path (path, &format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s: cannot write a plot in this format; use a .png, .svg or .pdf name"),
                   display_name);
      return FALSE;
    }
  if (width < 16 || height < 16 || width > 16384 || height > 16384)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: plot size %dx%d is out of range (16 to 16384)"),
                   display_name, width, height);
      return FALSE;
    }

  /* Slides and paper are light. */
  light = *spec;
  light.dark = FALSE;

  bytes = g_byte_array_new ();
  switch (format)
    {
    case EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      break;
    case EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_bytes, bytes, width, height);
      break;
    case EXPORT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (append_to_bytes, bytes, width, height);
      break;
    }

  cr = cairo_create (surface);
  ll_plot_render (cr, &light, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_bytes, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s: cannot draw the plot: %s"),
                   display_name, cairo_status_to_string (status));
      return FALSE;
    }

  /* A temporary file renamed over PATH: an earlier plot survives a failure. */
  return g_file_set_contents_full (path, (const char *) bytes->data, bytes->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT, 0666, error);
}
