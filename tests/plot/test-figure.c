/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-figure.c: the general figure (src/plot/plot-figure.h) without a
 * display: axis mapping, ticks, contours, layers drawn to an image, the
 * legend's hit-testing, the readout's searches, reference lines, export.
 * With LL_PLOT_TEST_OUTPUT=DIR the test figures are also written there as
 * PNG, to look at. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "plot/plot-landscape.h"
#include "plot/plot-sweep.h"
#include "plot/plot-private.h"

#define WIDTH 800
#define HEIGHT 500

static cairo_surface_t *
render (LlFigure *figure, int width, int height, const char *name)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);
  const char *dir = g_getenv ("LL_PLOT_TEST_OUTPUT");

  ll_figure_render (figure, cr, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (dir && name)
    {
      g_autofree char *file = g_strconcat (name, ".png", NULL);
      g_autofree char *path = g_build_filename (dir, file, NULL);

      cairo_surface_write_to_png (surface, path);
    }
  return surface;
}

static void
pixel_rgb (cairo_surface_t *surface, int x, int y, double rgb[3])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 pixel = *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4);

  rgb[0] = ((pixel >> 16) & 0xff) / 255.;
  rgb[1] = ((pixel >> 8) & 0xff) / 255.;
  rgb[2] = (pixel & 0xff) / 255.;
}

static gboolean
near_color (const double a[3], const double b[3], double tolerance)
{
  return fabs (a[0] - b[0]) <= tolerance && fabs (a[1] - b[1]) <= tolerance && fabs (a[2] - b[2]) <= tolerance;
}

/* Pixels of colour RGB (within TOLERANCE) in the box X0..X1 x Y0..Y1. */
static guint
count_near_in (cairo_surface_t *surface, const double rgb[3], double tolerance, int x0, int y0, int x1, int y1)
{
  int width = cairo_image_surface_get_width (surface), height = cairo_image_surface_get_height (surface);
  guint count = 0;

  for (int y = MAX (y0, 0); y <= MIN (y1, height - 1); y++)
    for (int x = MAX (x0, 0); x <= MIN (x1, width - 1); x++)
      {
        double p[3];

        pixel_rgb (surface, x, y, p);
        count += near_color (p, rgb, tolerance);
      }
  return count;
}

static guint
count_color_in (cairo_surface_t *surface, const double rgb[3], int x0, int y0, int x1, int y1)
{
  return count_near_in (surface, rgb, 12 / 255., x0, y0, x1, y1);
}

/* ---- axes ---- */

static void
test_linear_mapping (void)
{
  g_autoptr(LlFigure) figure = ll_figure_new ();
  cairo_rectangle_t area;
  double px, py, x, y;

  ll_figure_axis_set_range (figure, LL_AXIS_X, -1, 3);
  ll_figure_axis_set_range (figure, LL_AXIS_Y, 10, 20);
  ll_figure_data_area (figure, WIDTH, HEIGHT, &area);
  g_assert_cmpfloat (area.width, >, WIDTH * 0.6);
  g_assert_cmpfloat (area.height, >, HEIGHT * 0.6);

  ll_figure_data_to_device (figure, WIDTH, HEIGHT, -1, 10, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, area.x, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, area.y + area.height, 1e-9);
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 3, 20, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, area.x + area.width, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, area.y, 1e-9);
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 1, 15, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, area.x + area.width / 2, 1e-9);
  g_assert_cmpfloat_with_epsilon (py, area.y + area.height / 2, 1e-9);
  ll_figure_device_to_data (figure, WIDTH, HEIGHT, px, py, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (y, 15, 1e-9);
}

static void
test_log_mapping (void)
{
  g_autoptr(LlFigure) figure = ll_figure_new ();
  cairo_rectangle_t area;
  double px, py, x, y, lo, hi;

  ll_figure_axis_set_scale (figure, LL_AXIS_X, LL_AXIS_LOG);
  ll_figure_axis_set_range (figure, LL_AXIS_X, 1e-5, 10);
  ll_figure_axis_set_scale (figure, LL_AXIS_Y, LL_AXIS_LOG);
  ll_figure_axis_set_range (figure, LL_AXIS_Y, 1e-3, 1e3);
  ll_figure_data_area (figure, WIDTH, HEIGHT, &area);

  /* equal ratios, equal distances: 1e-2 is half way along 1e-5..10 */
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 1e-2, 1, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, area.x + area.width / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (py, area.y + area.height / 2, 1e-6);
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 1e-5, 1e3, &px, &py);
  g_assert_cmpfloat_with_epsilon (px, area.x, 1e-6);
  g_assert_cmpfloat_with_epsilon (py, area.y, 1e-6);
  ll_figure_device_to_data (figure, WIDTH, HEIGHT, area.x + area.width / 6, area.y + area.height, &x, &y);
  g_assert_cmpfloat_with_epsilon (x / 1e-4, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (y / 1e-3, 1, 1e-9);

  /* automatic: whole decades around the data */
  ll_figure_axis_set_range (figure, LL_AXIS_X, NAN, NAN);
  {
    double xs[2] = { 3e-5, 0.2 }, ys[2] = { 1, 2 };

    ll_figure_add_lines (figure, xs, ys, 2, 0);
  }
  ll_figure_axis_get_range (figure, LL_AXIS_X, WIDTH, HEIGHT, &lo, &hi);
  g_assert_cmpfloat_with_epsilon (lo / 1e-5, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (hi, 1, 1e-9);
}

static const PlotTick *
find_tick (const PlotAxisLayout *axis, double value)
{
  for (guint i = 0; i < axis->ticks->len; i++)
    {
      const PlotTick *tick = &g_array_index (axis->ticks, PlotTick, i);

      if (fabs (tick->value - value) < 1e-9)
        return tick;
    }
  g_error ("no tick at %g", value);
}

/* A tick and a grid line at every decade; labels on those that fit, never
 * closer than a label's width on the x axis. */
static void
test_log_ticks_every_decade (void)
{
  static const int sizes[][2] = { { 1280, 720 }, { 500, 300 }, { 320, 200 } };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(LlFigure) figure = ll_figure_new ();
      double xs[2] = { 1e-5, 10 }, ys[2] = { 80, 1e-5 };
      PlotLayout layout;
      double last_labelled = -INFINITY;
      guint n_labelled = 0;

      ll_figure_axis_set_scale (figure, LL_AXIS_X, LL_AXIS_LOG);
      ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_RATE);
      ll_figure_axis_set_scale (figure, LL_AXIS_Y, LL_AXIS_LOG);
      ll_figure_add_lines (figure, xs, ys, 2, 0);
      plot_layout_init (&layout, figure, NULL, sizes[s][0], sizes[s][1]);

      g_assert_cmpfloat (layout.axes[LL_AXIS_Y].lo, ==, -5);
      g_assert_cmpfloat (layout.axes[LL_AXIS_Y].hi, ==, 2);
      for (int decade = -5; decade <= 2; decade++)
        {
          const PlotTick *tick = find_tick (&layout.axes[LL_AXIS_Y], decade);

          g_assert_cmpfloat (tick->grid, >, 0.1);
          g_assert_cmpfloat (tick->length, ==, 1);
        }
      for (int decade = -5; decade <= 1; decade++)
        {
          const PlotTick *tick = find_tick (&layout.axes[LL_AXIS_X], decade);
          double at = plot_map_x (&layout, pow (10, decade));

          if (!tick->label)
            continue;
          n_labelled++;
          /* labels a whole label width apart at least, so none overlap */
          g_assert_cmpfloat (at - last_labelled, >=, layout.axes[LL_AXIS_X].label_extent);
          last_labelled = at;
          if (decade == -5)
            g_assert_cmpstr (tick->label, ==, "1e-05");
          if (decade == -2)
            g_assert_cmpstr (tick->label, ==, "0.01");
        }
      g_assert_cmpuint (n_labelled, >=, 2);
      /* a large figure labels every decade */
      if (sizes[s][0] == 1280)
        {
          g_assert_cmpuint (n_labelled, ==, 7);
          for (int decade = -5; decade <= 2; decade++)
            g_assert_nonnull (find_tick (&layout.axes[LL_AXIS_Y], decade)->label);
          g_assert_cmpstr (find_tick (&layout.axes[LL_AXIS_Y], -5)->label, ==, "10<sup>\xe2\x88\x92" "5</sup>");
        }
      plot_layout_clear (&layout);
    }
}

static void
test_linear_ticks (void)
{
  static const double highs[] = { 0.73, 7.3, 52.1, 4000, 1e-3 };

  for (guint h = 0; h < G_N_ELEMENTS (highs); h++)
    {
      g_autoptr(LlFigure) figure = ll_figure_new ();
      double xs[3] = { 0, 1000, 2000 }, ys[3] = { highs[h] * 0.3, highs[h], highs[h] * 0.5 };
      PlotLayout layout;
      const PlotAxisLayout *y;
      double step, mantissa;

      ll_figure_axis_set_include_zero (figure, LL_AXIS_Y, TRUE);
      ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_ITERATION);
      ll_figure_axis_set_range (figure, LL_AXIS_X, 0, 2000);
      ll_figure_add_lines (figure, xs, ys, 3, 0);
      plot_layout_init (&layout, figure, NULL, WIDTH, HEIGHT);
      y = &layout.axes[LL_AXIS_Y];

      /* a step of 1, 2 or 5 times a power of ten, 2 to 11 ticks, from 0 past the data */
      step = y->step;
      mantissa = step / pow (10, floor (log10 (step) + 1e-9));
      g_assert_true (fabs (mantissa - 1) < 1e-9 || fabs (mantissa - 2) < 1e-9 || fabs (mantissa - 5) < 1e-9);
      g_assert_cmpuint (y->ticks->len, >=, 3);
      g_assert_cmpuint (y->ticks->len, <=, 11);
      g_assert_cmpfloat (y->lo, ==, 0);
      g_assert_cmpfloat (y->hi, >=, highs[h]);
      g_assert_cmpfloat (y->hi, <, highs[h] + step + 1e-12);
      for (guint i = 0; i < y->ticks->len; i++)
        {
          const PlotTick *tick = &g_array_index (y->ticks, PlotTick, i);

          g_assert_cmpfloat (fabs (tick->value / step - round (tick->value / step)), <, 1e-6);
          g_assert_nonnull (tick->label);
        }
      /* iterations: whole numbers from 0 to the end of the fixed range */
      g_assert_cmpfloat (layout.axes[LL_AXIS_X].lo, ==, 0);
      g_assert_cmpfloat (layout.axes[LL_AXIS_X].hi, ==, 2000);
      g_assert_cmpfloat (layout.axes[LL_AXIS_X].step, >=, 1);
      g_assert_cmpstr (g_array_index (layout.axes[LL_AXIS_X].ticks, PlotTick, 0).label, ==, "0");
      plot_layout_clear (&layout);
    }
}

static void
test_tick_formats (void)
{
  g_autoptr(LlFigure) figure = ll_figure_new ();
  g_autofree char *rate = NULL, *cost = NULL, *percent = NULL, *iteration = NULL;

  ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_RATE);
  rate = ll_figure_axis_format_value (figure, LL_AXIS_X, 1e-5);
  g_assert_cmpstr (rate, ==, "1e-05");
  cost = ll_figure_axis_format_value (figure, LL_AXIS_Y, 0.6931471805599453);
  g_assert_cmpstr (cost, ==, "0.6931");
  ll_figure_axis_set_format (figure, LL_AXIS_Y, LL_TICK_PERCENT);
  percent = ll_figure_axis_format_value (figure, LL_AXIS_Y, 72.345);
  g_assert_cmpstr (percent, ==, "72.3%");
  ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_ITERATION);
  iteration = ll_figure_axis_format_value (figure, LL_AXIS_X, 1500);
  g_assert_cmpstr (iteration, ==, "1500");
}

/* The landscape's step plot (η from 0 to 3 × the rate on a rate-formatted
 * linear axis): its first tick reads "0", never "-0". */
static void
test_no_negative_zero_tick (void)
{
  static const double ends[] = { 1.5, 0.3, 0.03, 6, 0.0015 };

  for (guint e = 0; e < G_N_ELEMENTS (ends); e++)
    {
      g_autoptr(LlFigure) figure = ll_figure_new ();
      double xs[4] = { 0, ends[e] / 3, ends[e] * 2 / 3, ends[e] }, ys[4] = { 50, 1, 200, 500 };
      PlotLayout layout;
      const PlotAxisLayout *x;

      ll_figure_add_lines (figure, xs, ys, 4, 0);
      ll_figure_add_reference (figure, LL_AXIS_X, ends[e] / 3, "the step");
      ll_figure_add_reference (figure, LL_AXIS_X, ends[e] / 9, "best");
      ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_RATE);
      plot_layout_init (&layout, figure, NULL, WIDTH, HEIGHT);
      x = &layout.axes[LL_AXIS_X];
      g_assert_cmpuint (x->ticks->len, >=, 2);
      for (guint i = 0; i < x->ticks->len; i++)
        {
          const PlotTick *tick = &g_array_index (x->ticks, PlotTick, i);

          if (tick->label != NULL)
            g_assert_false (g_str_has_prefix (tick->label, "-0") && g_ascii_strtod (tick->label, NULL) == 0);
        }
      plot_layout_clear (&layout);
    }
}

/* An automatic range that only grows keeps its largest extent until reset. */
static void
test_grow_only (void)
{
  g_autoptr(LlFigure) figure = ll_figure_new ();
  double xs[2] = { 0, 1 }, big[2] = { 0, 2 }, small[2] = { 0, 0.5 };
  double lo, hi;

  ll_figure_axis_set_grow_only (figure, LL_AXIS_Y, TRUE);
  ll_figure_add_lines (figure, xs, big, 2, 0);
  ll_figure_axis_get_range (figure, LL_AXIS_Y, WIDTH, HEIGHT, &lo, &hi);
  g_assert_cmpfloat (hi, >=, 2);
  ll_plot_layer_set_visible (ll_figure_get_layer (figure, 0), FALSE);
  ll_figure_add_lines (figure, xs, small, 2, 1);
  ll_figure_axis_get_range (figure, LL_AXIS_Y, WIDTH, HEIGHT, &lo, &hi);
  g_assert_cmpfloat (hi, >=, 2);
  ll_figure_axis_reset_growth (figure, LL_AXIS_Y);
  ll_figure_axis_get_range (figure, LL_AXIS_Y, WIDTH, HEIGHT, &lo, &hi);
  g_assert_cmpfloat (hi, <, 1);
}

/* ---- contours ---- */

static double *
radial_field (guint n, double half)
{
  double *values = g_new (double, n * n);

  for (guint j = 0; j < n; j++)
    for (guint i = 0; i < n; i++)
      {
        double x = -half + 2 * half * i / (n - 1), y = -half + 2 * half * j / (n - 1);

        values[j * n + i] = x * x + y * y;
      }
  return values;
}

static void
test_contour_circle (void)
{
  const guint n = 81;
  g_autofree double *values = radial_field (n, 2);
  static const double levels[] = { 0.25, 1, 2.5 };

  for (guint l = 0; l < G_N_ELEMENTS (levels); l++)
    {
      g_autoptr(GArray) segments = ll_plot_contour_segments (values, n, n, -2, 2, -2, 2, levels[l]);
      double radius = sqrt (levels[l]), length = 0;

      g_assert_cmpuint (segments->len, >, 20);
      for (guint s = 0; s < segments->len; s++)
        {
          const LlPlotSegment *seg = &g_array_index (segments, LlPlotSegment, s);

          /* on the circle r^2 = level, within a grid step's interpolation error */
          g_assert_cmpfloat (fabs (hypot (seg->x0, seg->y0) - radius), <, 0.01);
          g_assert_cmpfloat (fabs (hypot (seg->x1, seg->y1) - radius), <, 0.01);
          length += hypot (seg->x1 - seg->x0, seg->y1 - seg->y0);
        }
      /* the whole circle, once */
      g_assert_cmpfloat (fabs (length - 2 * G_PI * radius) / (2 * G_PI * radius), <, 0.01);
      /* and its pieces join into one closed line */
      {
        g_autoptr(GPtrArray) lines = plot_contour_polylines (segments);
        GArray *line;

        g_assert_cmpuint (lines->len, ==, 1);
        line = g_ptr_array_index (lines, 0);
        g_assert_cmpuint (line->len, ==, segments->len + 1);
        g_assert_cmpfloat (g_array_index (line, double, 0), ==, g_array_index (line, double, 2 * line->len - 2));
        g_assert_cmpfloat (g_array_index (line, double, 1), ==, g_array_index (line, double, 2 * line->len - 1));
      }
    }

  /* a level outside the values: no line; NAN corners skip their cells */
  {
    g_autoptr(GArray) none = ll_plot_contour_segments (values, n, n, -2, 2, -2, 2, 100);

    g_assert_cmpuint (none->len, ==, 0);
    values[(n / 2) * n + n / 2] = NAN;
    g_autoptr(GArray) holed = ll_plot_contour_segments (values, n, n, -2, 2, -2, 2, 1);

    g_assert_cmpuint (holed->len, >, 20);
  }

  /* a saddle x*y = 0: two segments, each on an axis */
  {
    double saddle[4] = { 1, -1, -1, 1 };  /* (-1,-1) (1,-1) / (-1,1) (1,1) */
    g_autoptr(GArray) cross = ll_plot_contour_segments (saddle, 2, 2, -1, 1, -1, 1, 0);

    g_assert_cmpuint (cross->len, ==, 2);
  }
}

static void
test_log_levels (void)
{
  double levels[5];

  ll_plot_log_levels (1e-3, 1e3, 5, levels);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpfloat_with_epsilon (log10 (levels[i]), -2.0 + i, 1e-9);
}

/* ---- layers drawn ---- */

/* The raster cache: a heat map drawn once and reused gives the picture
 * drawn directly (to a few levels of a channel at the map's edges), at
 * and is drawn again when the geometry or the colours change. */
static void
test_heat_map_raster_cache (void)
{
  const guint n = 41;
  g_autofree double *values = radial_field (n, 2);
  g_autoptr(LlFigure) figure = ll_figure_new ();
  double levels[4];
  LlPlotLayer *map;
  cairo_surface_t *direct, *cached, *again, *recolored;
  cairo_rectangle_t area;

  map = ll_figure_add_heat_map (figure, values, n, n, -2, 2, -2, 2, LL_COLOR_MAP_SEQUENTIAL);
  ll_plot_log_levels (0.1, 8, 4, levels);
  ll_plot_layer_set_contours (map, levels, 4);
  direct = render (figure, WIDTH, HEIGHT, "raster-direct");
  ll_figure_set_raster_cache (figure, 1);
  cached = render (figure, WIDTH, HEIGHT, "raster-cached");
  again = render (figure, WIDTH, HEIGHT, NULL);
  ll_figure_data_area (figure, WIDTH, HEIGHT, &area);
  for (int y = (int) area.y + 2; y < (int) (area.y + area.height) - 2; y += 7)
    for (int x = (int) area.x + 2; x < (int) (area.x + area.width) - 2; x += 7)
      {
        double a[3], b[3], c[3];

        pixel_rgb (direct, x, y, a);
        pixel_rgb (cached, x, y, b);
        pixel_rgb (again, x, y, c);
        if (!near_color (a, b, 0.02))
          g_test_message ("at %d, %d: %g %g %g against %g %g %g", x, y, a[0], a[1], a[2], b[0], b[1], b[2]);
        g_assert_true (near_color (a, b, 0.02));
        g_assert_true (near_color (b, c, 0.0));
      }
  /* New colours: the centre is drawn in the new range's colour. */
  ll_plot_layer_set_color_range (map, -10, 10, FALSE);
  recolored = render (figure, WIDTH, HEIGHT, NULL);
  {
    double cx, cy, p[3], expected[3];

    ll_figure_data_to_device (figure, WIDTH, HEIGHT, 0, 0, &cx, &cy);
    pixel_rgb (recolored, (int) cx, (int) cy, p);
    ll_plot_color_map (LL_COLOR_MAP_SEQUENTIAL, 0.5, expected);
    g_assert_true (near_color (p, expected, 0.05));
  }
  /* Another size: the map still fills the data area. */
  {
    cairo_surface_t *smaller = render (figure, WIDTH / 2, HEIGHT / 2, NULL);
    double white[3] = { 1, 1, 1 };

    ll_figure_data_area (figure, WIDTH / 2, HEIGHT / 2, &area);
    g_assert_cmpuint (count_color_in (smaller, white, area.x + 3, area.y + 3,
                                      area.x + area.width - 3, area.y + area.height - 3), ==, 0);
    cairo_surface_destroy (smaller);
  }
  cairo_surface_destroy (direct);
  cairo_surface_destroy (cached);
  cairo_surface_destroy (again);
  cairo_surface_destroy (recolored);
}

/* A heat map prepared on a worker thread (ll_plot_layer_prepare: the
 * landscape view builds its figure so) has the very contour lines and image
 * that drawing it on this thread makes, draws the same pixels on screen and
 * in the raster cache, and drawing or exporting it makes neither again. */
static gpointer
prepare_thread (gpointer data)
{
  ll_plot_layer_prepare (data);
  return NULL;
}

static LlFigure *
bowl_figure (const double *values, guint n, double log_lo, double log_hi)
{
  LlFigure *figure = ll_figure_new ();
  LlPlotLayer *map = ll_figure_add_heat_map (figure, values, n, n, -2, 2, -2, 2, LL_COLOR_MAP_SEQUENTIAL);
  double levels[12];

  ll_plot_layer_set_color_range (map, log_lo, log_hi, TRUE);
  ll_plot_log_levels (log_lo, log_hi, 12, levels);
  ll_plot_layer_set_contours (map, levels, 12);
  ll_plot_layer_set_color_bar (map, TRUE);
  return figure;
}

static void
test_heat_map_prepared_off_thread (void)
{
  const guint n = 57;
  g_autofree double *values = radial_field (n, 2);
  g_autoptr(LlFigure) prepared = NULL;
  g_autoptr(LlFigure) lazy = NULL;
  LlPlotLayer *a, *b;
  cairo_surface_t *image, *drawn_a, *drawn_b;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *svg = NULL;

  /* Zero at the centre: the log colours' lowest there. */
  values[(n / 2) * n + n / 2] = 0;
  prepared = bowl_figure (values, n, 0.01, 8);
  lazy = bowl_figure (values, n, 0.01, 8);
  a = ll_figure_get_layer (prepared, 0);
  b = ll_figure_get_layer (lazy, 0);
  g_thread_join (g_thread_new ("prepare", prepare_thread, a));
  g_assert_true (ll_plot_layer_get_prepared (a));
  g_assert_false (ll_plot_layer_get_prepared (b));
  g_assert_nonnull (a->image);
  g_assert_nonnull (a->contours);
  image = a->image;

  drawn_b = render (lazy, WIDTH, HEIGHT, NULL);
  drawn_a = render (prepared, WIDTH, HEIGHT, NULL);
  g_assert_false (ll_plot_layer_get_prepared (b));  /* drawing made them */
  g_assert_nonnull (b->contours);
  g_assert_true (a->image == image);  /* drawing used them */

  /* The same lines, point for point, at every level. */
  g_assert_cmpuint (a->contours->len, ==, 12);
  g_assert_cmpuint (b->contours->len, ==, 12);
  for (guint l = 0; l < 12; l++)
    {
      GPtrArray *lines_a = g_ptr_array_index (a->contours, l), *lines_b = g_ptr_array_index (b->contours, l);

      g_assert_cmpuint (lines_a->len, ==, lines_b->len);
      g_assert_cmpuint (lines_a->len, >, 0);
      for (guint k = 0; k < lines_a->len; k++)
        {
          GArray *line_a = g_ptr_array_index (lines_a, k), *line_b = g_ptr_array_index (lines_b, k);

          g_assert_cmpuint (line_a->len, ==, line_b->len);
          g_assert_cmpmem (line_a->data, line_a->len * 2 * sizeof (double),
                           line_b->data, line_b->len * 2 * sizeof (double));
        }
    }
  /* The same picture, byte for byte, drawn directly and through the raster cache. */
  g_assert_cmpmem (cairo_image_surface_get_data (drawn_a), HEIGHT * cairo_image_surface_get_stride (drawn_a),
                   cairo_image_surface_get_data (drawn_b), HEIGHT * cairo_image_surface_get_stride (drawn_b));
  cairo_surface_destroy (drawn_a);
  cairo_surface_destroy (drawn_b);
  ll_figure_set_raster_cache (prepared, 1);
  ll_figure_set_raster_cache (lazy, 1);
  drawn_a = render (prepared, WIDTH, HEIGHT, NULL);
  drawn_b = render (lazy, WIDTH, HEIGHT, NULL);
  g_assert_cmpmem (cairo_image_surface_get_data (drawn_a), HEIGHT * cairo_image_surface_get_stride (drawn_a),
                   cairo_image_surface_get_data (drawn_b), HEIGHT * cairo_image_surface_get_stride (drawn_b));
  cairo_surface_destroy (drawn_a);
  cairo_surface_destroy (drawn_b);

  /* An export draws the lines as paths from what was made, with an image
   * of its own (its recording may be replayed on another thread). */
  dir = g_dir_make_tmp ("ll-figure-XXXXXX", &error);
  g_assert_no_error (error);
  svg = g_build_filename (dir, "prepared.svg", NULL);
  g_assert_true (ll_figure_export (prepared, svg, 640, 400, &error));
  g_assert_no_error (error);
  g_assert_true (a->image == image);
  g_assert_true (ll_plot_layer_get_prepared (a));
  g_assert_cmpint (cairo_surface_get_reference_count (image), ==, 1);
  /* New colours drop the image: it is made again in them. */
  ll_plot_layer_set_color_range (a, 0.1, 8, TRUE);
  g_assert_false (ll_plot_layer_get_prepared (a));
  g_assert_null (a->image);
  g_unlink (svg);
  g_rmdir (dir);
}

static void
test_heat_map_render (void)
{
  const guint n = 41;
  g_autofree double *values = radial_field (n, 2);
  g_autoptr(LlFigure) figure = ll_figure_new ();
  double levels[4], low[3], high[3], p[3], cx, cy, ex, ey;
  LlPlotLayer *map;
  cairo_surface_t *surface;
  cairo_rectangle_t area;
  double value;

  map = ll_figure_add_heat_map (figure, values, n, n, -2, 2, -2, 2, LL_COLOR_MAP_SEQUENTIAL);
  ll_plot_log_levels (0.1, 8, 4, levels);
  ll_plot_layer_set_contours (map, levels, 4);
  ll_plot_layer_set_label (map, "cost");
  ll_figure_axis_set_label (figure, LL_AXIS_X, "s");
  ll_figure_axis_set_label (figure, LL_AXIS_Y, "t");
  ll_figure_set_title (figure, "landscape");
  ll_figure_set_caption (figure, "a radial bowl, 41 x 41");
  surface = render (figure, WIDTH, HEIGHT, "heat-map");
  ll_figure_data_area (figure, WIDTH, HEIGHT, &area);

  /* the centre has the lowest colour, a corner the highest */
  ll_plot_color_map (LL_COLOR_MAP_SEQUENTIAL, 0, low);
  ll_plot_color_map (LL_COLOR_MAP_SEQUENTIAL, 1, high);
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 0, 0, &cx, &cy);
  pixel_rgb (surface, (int) cx, (int) cy, p);
  g_assert_true (near_color (p, low, 0.05));
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 1.97, 1.97, &ex, &ey);
  pixel_rgb (surface, (int) ex, (int) ey, p);
  g_assert_true (near_color (p, high, 0.08));
  /* the map covers the data area: nothing of the background inside */
  {
    double white[3] = { 1, 1, 1 };

    g_assert_cmpuint (count_color_in (surface, white, area.x + 3, area.y + 3,
                                      area.x + area.width - 3, area.y + area.height - 3), ==, 0);
  }
  cairo_surface_destroy (surface);

  /* the value read back between grid points */
  g_assert_true (ll_plot_layer_value_at (map, 0.5, -0.5, &value));
  g_assert_cmpfloat (fabs (value - 0.5), <, 0.01);
  g_assert_false (ll_plot_layer_value_at (map, 2.5, 0, &value));

  /* a colour bar beside the map, on a log colour scale: its bottom has the
   * lowest colour, its top the highest, and the map gives it room */
  {
    PlotLayout layout;
    cairo_rectangle_t with_bar;

    ll_plot_layer_set_color_bar (map, TRUE);
    ll_plot_layer_set_color_range (map, 0.01, 8, TRUE);
    surface = render (figure, WIDTH, HEIGHT, "heat-map-bar");
    plot_layout_init (&layout, figure, NULL, WIDTH, HEIGHT);
    ll_figure_data_area (figure, WIDTH, HEIGHT, &with_bar);
    g_assert_cmpfloat (layout.bar.x, >, with_bar.x + with_bar.width);
    g_assert_cmpfloat (layout.bar.x + layout.bar.width, <, WIDTH);
    pixel_rgb (surface, layout.bar.x + layout.bar.width / 2, layout.bar.y + layout.bar.height - 2, p);
    g_assert_true (near_color (p, low, 0.05));
    pixel_rgb (surface, layout.bar.x + layout.bar.width / 2, layout.bar.y + 2, p);
    g_assert_true (near_color (p, high, 0.05));
    g_assert_cmpfloat (layout.bar_axis.lo, ==, -2);
    g_assert_nonnull (g_array_index (layout.bar_axis.ticks, PlotTick, 0).label);
    g_assert_cmpuint (layout.legend->len, ==, 0);  /* named over the bar instead */
    plot_layout_clear (&layout);
    cairo_surface_destroy (surface);
  }

  /* on log axes it draws cell by cell, without error */
  {
    g_autoptr(LlFigure) logs = ll_figure_new ();

    ll_figure_axis_set_scale (logs, LL_AXIS_X, LL_AXIS_LOG);
    ll_figure_add_heat_map (logs, values, n, n, 0.01, 10, -2, 2, LL_COLOR_MAP_DIVERGING);
    surface = render (logs, 400, 300, "heat-map-log");
    cairo_surface_destroy (surface);
  }
}

static void
test_points_render (void)
{
  g_autoptr(LlFigure) figure = ll_figure_new ();
  double xs[4] = { 1, 2, 3, 4 }, ys[4] = { 1, 3, 2, 4 };
  guint classes[4] = { 0, 1, 0, 1 };
  double c0[3], c1[3], white[3] = { 1, 1, 1 }, p[3];
  LlPlotLayer *train, *test;
  cairo_surface_t *surface;
  double px, py;

  train = ll_figure_add_points (figure, xs, ys, classes, 2, TRUE);
  test = ll_figure_add_points (figure, xs + 2, ys + 2, classes + 2, 2, FALSE);
  ll_plot_layer_set_label (train, "training");
  ll_plot_layer_set_label (test, "test");
  ll_plot_layer_set_marker_scale (test, 2);
  ll_figure_axis_set_range (figure, LL_AXIS_X, 0, 5);
  ll_figure_axis_set_range (figure, LL_AXIS_Y, 0, 5);
  surface = render (figure, WIDTH, HEIGHT, "points");
  ll_plot_series_color (0, FALSE, c0);
  ll_plot_series_color (1, FALSE, c1);

  /* a filled class-0 circle at (1, 1) */
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 1, 1, &px, &py);
  pixel_rgb (surface, (int) px, (int) py, p);
  g_assert_true (near_color (p, c0, 0.05));
  /* a filled class-1 square at (2, 3) */
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 2, 3, &px, &py);
  pixel_rgb (surface, (int) px, (int) py, p);
  g_assert_true (near_color (p, c1, 0.05));
  /* a hollow class-0 circle at (3, 2): background inside, its colour around */
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 3, 2, &px, &py);
  pixel_rgb (surface, (int) px, (int) py, p);
  g_assert_true (near_color (p, white, 0.05));
  g_assert_cmpuint (count_color_in (surface, c0, px - 20, py - 20, px + 20, py + 20), >, 20);
  /* a hollow class-1 square at (4, 4) */
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 4, 4, &px, &py);
  g_assert_cmpuint (count_color_in (surface, c1, px - 20, py - 20, px + 20, py + 20), >, 20);
  cairo_surface_destroy (surface);
}

/* Reference lines: where their value maps, in their colour; none when out of range. */
static void
test_reference_lines (void)
{
  g_autoptr(LlFigure) figure = ll_figure_new ();
  double xs[3] = { 1e-5, 1e-3, 10 }, ys[3] = { 0.69, 0.3, 50 };
  double rgb[3], px, py;
  LlPlotLayer *vertical, *horizontal;
  cairo_surface_t *surface;
  cairo_rectangle_t area;

  ll_figure_axis_set_scale (figure, LL_AXIS_X, LL_AXIS_LOG);
  ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_RATE);
  ll_figure_axis_set_label (figure, LL_AXIS_X, "learning rate");
  ll_figure_axis_set_scale (figure, LL_AXIS_Y, LL_AXIS_LOG);
  ll_figure_axis_set_label (figure, LL_AXIS_Y, "final cost");
  ll_plot_layer_set_label (ll_figure_add_lines (figure, xs, ys, 3, 0), "final cost");
  vertical = ll_figure_add_reference (figure, LL_AXIS_X, 0.00361, "2/L");
  ll_plot_layer_set_series (vertical, 1);
  horizontal = ll_figure_add_reference (figure, LL_AXIS_Y, 0.6931, "log 2");
  ll_plot_layer_set_series (horizontal, 2);
  /* outside the range, and not widening it: not drawn */
  ll_plot_layer_set_in_range (ll_figure_add_reference (figure, LL_AXIS_X, 1e6, "far away"), FALSE);
  surface = render (figure, WIDTH, HEIGHT, "reference");
  ll_figure_data_area (figure, WIDTH, HEIGHT, &area);

  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 0.00361, 0.6931, &px, &py);
  ll_plot_series_color (1, FALSE, rgb);
  /* dashed down the whole height at x (a line between pixels is lighter: a wider tolerance) */
  g_assert_cmpuint (count_near_in (surface, rgb, 0.25, px - 1, area.y, px + 1, area.y + area.height), >,
                    area.height * 0.4);
  ll_plot_series_color (2, FALSE, rgb);
  g_assert_cmpuint (count_near_in (surface, rgb, 0.25, area.x, py - 1, area.x + area.width, py + 1), >,
                    area.width * 0.4);
  {
    double lo, hi, grey[3];

    ll_figure_axis_get_range (figure, LL_AXIS_X, WIDTH, HEIGHT, &lo, &hi);
    g_assert_cmpfloat (hi, <=, 10 * (1 + 1e-9));
    /* nothing of the reference's grey along the right edge */
    plot_mix (&(Rgb) { 1, 1, 1 }, &(Rgb) { 0x1c / 255., 0x1c / 255., 0x1c / 255. }, 0.7, (Rgb *) grey);
    g_assert_cmpuint (count_color_in (surface, grey, area.x + area.width - 3, area.y + 1,
                                      area.x + area.width - 1, area.y + area.height - 1), <, 10);
  }
  cairo_surface_destroy (surface);
  g_assert_cmpint (ll_plot_layer_get_kind (vertical), ==, LL_LAYER_REFERENCE);
  g_assert_cmpuint (ll_figure_get_n_layers (figure), ==, 4);
}

/* Whether any drawn point or line of LAYER comes within R of BOX (the line
 * looked at in small steps). */
static gboolean
layer_meets_box (const PlotLayout        *layout,
                 const LlPlotLayer       *layer,
                 const cairo_rectangle_t *box,
                 double                   r)
{
  gboolean have_last = FALSE;
  double last_x = 0, last_y = 0;

  for (gsize i = 0; i < layer->n; i++)
    {
      double x, y;

      if (!isfinite (layer->x[i]) || !isfinite (layer->y[i]) || layer->y[i] <= 0)
        {
          have_last = FALSE;
          continue;
        }
      x = plot_map_x (layout, layer->x[i]);
      y = plot_map_y (layout, layer->y[i]);
      for (int step = have_last && layer->kind == LL_LAYER_LINES ? 0 : 20; step <= 20; step++)
        {
          double sx = last_x + (x - last_x) * step / 20, sy = last_y + (y - last_y) * step / 20;
          double near = step == 20 ? r : 0;

          if (sx >= box->x - near && sx <= box->x + box->width + near
              && sy >= box->y - near && sy <= box->y + box->height + near)
            return TRUE;
        }
      have_last = TRUE;
      last_x = x;
      last_y = y;
    }
  return FALSE;
}

/* The Sweep page's "2/L" text hides no curve or point: the built-in
 * Fashion pair's accuracy is near 90 % from 0.01 to 0.5, at the top where
 * the text stood beside the line, so it goes to the bottom; the cost's
 * top is empty and it stays there. */
static void
test_sweep_critical_text_clear (void)
{
  const double job_rates[] = { 0.5, 0.1, 0.01 };
  const guint job_looks[] = { 0, 1, 2 };
  LlSweepFigureSpec spec = {
    .iterations = 2000, .critical_rate = 0.042, .show_critical = TRUE,
    .job_rates = job_rates, .job_looks = job_looks, .n_job_rates = 3,
  };
  static const int sizes[][2] = { { 640, 230 }, { 1280, 420 }, { 400, 200 } };
  LlSweepResult results[40];
  g_autoptr(LlFigure) cost = ll_plot_sweep_cost_figure (&spec);
  g_autoptr(LlFigure) accuracy = ll_plot_sweep_accuracy_figure (&spec);

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      double rate = pow (10, -5 + 6.0 * i / (G_N_ELEMENTS (results) - 1));
      double rise = CLAMP ((log10 (rate) + 5) / 3, 0, 1);

      results[i] = (LlSweepResult) {
        .learning_rate = rate,
        .cost = rate < 0.6 ? 0.7 - 0.4 * rise : 2 + 10 * rate,
        .train_accuracy = 52 + 40 * rise,
        .test_accuracy = 51 + 37 * rise,
        .diverged = rate >= 0.6,
      };
    }
  ll_plot_sweep_set_results (cost, accuracy, results, G_N_ELEMENTS (results), NULL);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      LlFigure *figures[2] = { cost, accuracy };
      const guint critical[2] = { LL_SWEEP_COST_CRITICAL, LL_SWEEP_ACCURACY_CRITICAL };

      for (guint f = 0; f < 2; f++)
        {
          PlotLayout layout;
          cairo_rectangle_t box;
          LlPlotLayer *text_layer = ll_figure_get_layer (figures[f], critical[f]);
          cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, sizes[s][0], sizes[s][1]);
          cairo_t *cr = cairo_create (surface);

          /* measured with a context, as when drawn (the text's size) */
          plot_layout_init (&layout, figures[f], cr, sizes[s][0], sizes[s][1]);
          g_assert_true (plot_reference_text_box (&layout, text_layer, &box));
          g_test_message ("%d x %d, %s: 2/L text at %.0f, %.0f (%.0f x %.0f) in the area %.0f, %.0f .. %.0f, %.0f",
                          sizes[s][0], sizes[s][1], f == 0 ? "cost" : "accuracy", box.x, box.y, box.width,
                          box.height, layout.area.x, layout.area.y, layout.area.x + layout.area.width,
                          layout.area.y + layout.area.height);
          /* inside the data area */
          g_assert_cmpfloat (box.x, >=, layout.area.x);
          g_assert_cmpfloat (box.x + box.width, <=, layout.area.x + layout.area.width);
          g_assert_cmpfloat (box.y, >=, layout.area.y);
          g_assert_cmpfloat (box.y + box.height, <=, layout.area.y + layout.area.height);
          for (guint l = 0; l < ll_figure_get_n_layers (figures[f]); l++)
            {
              LlPlotLayer *layer = ll_figure_get_layer (figures[f], l);

              if (layer == text_layer)
                continue;
              /* the job rates' lines are avoided where they can be; not
                 always (at 640 pixels 0.01 and 0.1 are nearer 2/L than its
                 text is wide) */
              if (ll_plot_layer_get_kind (layer) == LL_LAYER_REFERENCE)
                continue;
              g_assert_false (layer_meets_box (&layout, layer, &box, layout.marker_radius * layer->marker_scale));
            }
          /* the top of the cost plot is empty: the text stays where it was */
          if (f == 0)
            g_assert_cmpfloat (box.y, <, layout.area.y + layout.area.height / 2);
          else
            g_assert_cmpfloat (box.y, >, layout.area.y + layout.area.height / 2);
          plot_layout_clear (&layout);
          cairo_destroy (cr);
          cairo_surface_destroy (surface);
        }
    }
  if (g_getenv ("LL_PLOT_TEST_OUTPUT") != NULL)
    {
      cairo_surface_destroy (render (cost, 640, 230, "sweep-cost-critical"));
      cairo_surface_destroy (render (accuracy, 640, 230, "sweep-accuracy-critical"));
    }
}

/* A flat line (the landscape's step line once training settled) keeps its
 * axis on its side of zero: a cost of 0.22 spanned -0.5 .. 1. */
static void
test_flat_range (void)
{
  static const double xs[] = { 0, 1, 2 }, flat[] = { 0.22, 0.22, 0.22 }, zeros[] = { 0, 0, 0 };
  const double *values[] = { flat, zeros };

  for (guint v = 0; v < G_N_ELEMENTS (values); v++)
    {
      g_autoptr(LlFigure) figure = ll_figure_new ();
      PlotLayout layout;

      ll_figure_add_lines (figure, xs, values[v], 3, 0);
      plot_layout_init (&layout, figure, NULL, 640, 400);
      g_assert_cmpfloat (layout.axes[LL_AXIS_Y].lo, <, values[v][0]);
      g_assert_cmpfloat (layout.axes[LL_AXIS_Y].hi, >, values[v][0]);
      if (values[v][0] > 0)
        g_assert_cmpfloat (layout.axes[LL_AXIS_Y].lo, >=, 0);
      plot_layout_clear (&layout);
    }
}

/* ---- the landscape (plot-landscape.h) ---- */

/* The axis titles fit the Landscape page's figure at 1024 x 768 (about
 * 650 x 250), also with projector mode's larger text: "PC 2 of the paths
 * (1.1 % of their variance)" ended in "…" there (the page's status says
 * what the directions are). The caption fits the width too. */
static void
test_landscape_titles (void)
{
  static const double s[] = { -1, 0, 1 }, t[] = { -1, 0, 1 };
  static const double cost[] = { 0.9, 0.8, 0.9, 0.7, 0.5, 0.7, 0.9, 0.8, 0.9 };
  static const char *const labels[] = { "lr = 0.5" };
  static const double font_scales[] = { 1.0, 1.25 };

  for (guint principal = 0; principal < 2; principal++)
    for (guint f = 0; f < G_N_ELEMENTS (font_scales); f++)
      {
        LlLandscapeFigureSpec spec = { s, t, 3, 3, cost, 0.5, 0.9, principal, 0.999, 0.988, 0.011, FALSE,
                                       1, labels };
        g_autoptr(LlFigure) figure = ll_plot_landscape_figure (&spec);
        const char *y_label = figure->axes[LL_AXIS_Y].label;
        cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 650, 250);
        cairo_t *cr = cairo_create (surface);
        PlotLayout layout;
        double middle, room;

        ll_figure_set_font_scale (figure, font_scales[f]);
        plot_layout_init (&layout, figure, cr, 650, 250);
        middle = layout.area.y + layout.area.height / 2;
        room = 2 * MIN (middle - layout.pad, layout.height - layout.pad - middle);
        g_assert_cmpfloat (plot_text_width (layout.pango, layout.font_px * 1.05, FALSE, y_label, FALSE), <=, room);
        /* The caption as ll_figure_render draws it: smaller, centred under the data. */
        middle = layout.area.x + layout.area.width / 2;
        g_assert_cmpfloat (plot_text_width (layout.pango, layout.font_px * 0.8, FALSE, figure->caption, FALSE), <=,
                           2 * MIN (middle, layout.width - middle));
        if (principal)
          {
            g_assert_cmpstr (figure->axes[LL_AXIS_X].label, ==, "PC 1 (99 %)");
            g_assert_cmpstr (y_label, ==, "PC 2 (1.1 %)");
          }
        else
          g_assert_cmpstr (figure->axes[LL_AXIS_X].label, ==, "gradient at w = 0");
        plot_layout_clear (&layout);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
      }
}

/* ---- legend and readout ---- */

/* Labels of unequal widths (three pinned runs and two short ones, the
 * lesson of issue 21 at 1024 x 768): columns as wide as their widest entry
 * take fewer rows than columns all as wide as the widest; no two entries
 * overlap, all within the width, and each answers a click on its label. */
static void
test_legend_columns (void)
{
  static const char *labels[] = { "lr = 0.5 (pinned)", "lr = 0.1 (pinned)", "lr = 0.01 (pinned)",
                                  "lr = 1", "lr = 2" };
  g_autoptr(LlFigure) figure = ll_figure_new ();
  const double width = 500, height = 380;
  PlotLayout layout;
  guint uniform_columns, uniform_rows;

  for (guint s = 0; s < G_N_ELEMENTS (labels); s++)
    {
      double xs[2] = { 0, 1 }, ys[2] = { 1, 0.5 / (s + 1) };

      ll_plot_layer_set_label (ll_figure_add_lines (figure, xs, ys, 2, s), labels[s]);
    }
  plot_layout_init (&layout, figure, NULL, width, height);
  g_assert_false (layout.legend_right);
  uniform_columns = MAX (1, (guint) ((width - layout.pad * 2) / layout.legend_entry_width));
  uniform_rows = (G_N_ELEMENTS (labels) + uniform_columns - 1) / uniform_columns;
  g_assert_cmpuint (layout.legend_rows, <, uniform_rows);
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      double x, y;

      g_assert_true (plot_legend_entry_place (&layout, i, &x, &y));
      g_assert_cmpfloat (x + plot_legend_entry_width (&layout, i) - layout.gap * 2, <=, width - layout.pad + 1e-9);
      for (guint j = 0; j < i; j++)
        {
          double xj, yj;

          g_assert_true (plot_legend_entry_place (&layout, j, &xj, &yj));
          g_assert_true (yj != y || xj + plot_legend_entry_width (&layout, j) <= x + 1e-9);
        }
      g_assert_true (ll_figure_legend_hit (figure, width, height, x + layout.legend_sample_width + layout.gap * 2, y)
                     == ll_figure_get_layer (figure, i));
    }
  /* In order down each column: the pinned runs first. */
  {
    double x0, y0, x1, y1;

    g_assert_true (plot_legend_entry_place (&layout, 0, &x0, &y0));
    g_assert_true (plot_legend_entry_place (&layout, 1, &x1, &y1));
    g_assert_cmpfloat (x0, ==, x1);
    g_assert_cmpfloat (y1, >, y0);
  }
  plot_layout_clear (&layout);
  cairo_surface_destroy (render (figure, (int) width, (int) height, "legend-columns"));
}

/* The readout with two value columns: each twin's value in its run's row
 * (two rows, not four); without the columns a row each. */
static void
test_readout_columns (void)
{
  g_autoptr(LlFigure) figure = ll_figure_new ();
  double xs[3] = { 0, 100, 200 }, train[3] = { 0.7, 0.4, 0.2 }, test[3] = { 0.7, 0.5, 0.45 };
  LlPlotLayer *layers[4];
  PlotLayout layout;
  GArray *rows;
  cairo_surface_t *surface;

  for (guint l = 0; l < 4; l++)
    {
      layers[l] = ll_figure_add_lines (figure, xs, l < 2 ? train : test, 3, l % 2);
      ll_plot_layer_set_label (layers[l], (const char *[]) { "lr = 0.5", "lr = 0.1", "lr = 0.5 (test)",
                                                             "lr = 0.1 (test)" }[l]);
      ll_plot_layer_set_in_legend (layers[l], l < 2);
    }
  ll_figure_set_cursor_x (figure, 100, "iteration 100");
  plot_layout_init (&layout, figure, NULL, 500, 300);
  rows = plot_readout_rows_at_x (&layout);
  g_assert_cmpuint (rows->len, ==, 4);
  g_array_unref (rows);
  plot_layout_clear (&layout);

  ll_figure_set_cursor_columns (figure, "training", "test");
  plot_layout_init (&layout, figure, NULL, 500, 300);
  rows = plot_readout_rows_at_x (&layout);
  g_assert_cmpuint (rows->len, ==, 2);
  for (guint r = 0; r < 2; r++)
    {
      PlotReadoutRow *row = &g_array_index (rows, PlotReadoutRow, r);

      g_assert_cmpstr (row->label, ==, r == 0 ? "lr = 0.5" : "lr = 0.1");
      g_assert_true (row->twinned);
      g_assert_cmpfloat (g_ascii_strtod (row->value, NULL), ==, 0.4);
      g_assert_cmpfloat (g_ascii_strtod (row->value2, NULL), ==, 0.5);
    }
  g_array_unref (rows);
  plot_layout_clear (&layout);
  surface = render (figure, 500, 300, "readout-columns");
  cairo_surface_destroy (surface);

  /* A twin whose run is hidden keeps a row of its own. */
  ll_plot_layer_set_visible (layers[1], FALSE);
  plot_layout_init (&layout, figure, NULL, 500, 300);
  rows = plot_readout_rows_at_x (&layout);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (g_array_index (rows, PlotReadoutRow, 1).label, ==, "lr = 0.1 (test)");
  g_assert_false (g_array_index (rows, PlotReadoutRow, 1).twinned);
  g_array_unref (rows);
  plot_layout_clear (&layout);
}

/* A twin out of the legend (the test cost beside its run): named for the
 * readout, no entry; the entries stay where they were and answer clicks. */
static void
test_legend_twin (void)
{
  g_autoptr(LlFigure) figure = ll_figure_new ();
  double xs[3] = { 0, 1, 2 }, ys[3] = { 1, 0.5, 0.25 };
  LlPlotLayer *run = ll_figure_add_lines (figure, xs, ys, 3, 0);
  LlPlotLayer *twin = ll_figure_add_lines (figure, xs, ys, 3, 0);
  PlotLayout layout;
  double x, y;

  ll_plot_layer_set_label (run, "lr = 0.5");
  ll_plot_layer_set_label (twin, "lr = 0.5 (test)");
  ll_plot_layer_set_in_legend (twin, FALSE);
  plot_layout_init (&layout, figure, NULL, 400, 300);
  g_assert_cmpuint (layout.legend->len, ==, 1);
  g_assert_true (g_ptr_array_index (layout.legend, 0) == run);
  g_assert_true (plot_legend_entry_place (&layout, 0, &x, &y));
  g_assert_true (ll_figure_legend_hit (figure, 400, 300, x + 4, y) == run);
  plot_layout_clear (&layout);
  g_assert_cmpstr (ll_plot_layer_get_label (twin), ==, "lr = 0.5 (test)");
  /* Back in: two entries. */
  ll_plot_layer_set_in_legend (twin, TRUE);
  plot_layout_init (&layout, figure, NULL, 400, 300);
  g_assert_cmpuint (layout.legend->len, ==, 2);
  plot_layout_clear (&layout);
}

static LlFigure *
three_lines (void)
{
  LlFigure *figure = ll_figure_new ();
  static const char *labels[3] = { "lr = 0.5", "lr = 0.1", "lr = 0.01" };

  for (guint s = 0; s < 3; s++)
    {
      double xs[5], ys[5];

      for (guint i = 0; i < 5; i++)
        {
          xs[i] = i * 100;
          ys[i] = 0.7 / (1 + i * (s + 1));
        }
      ll_plot_layer_set_label (ll_figure_add_lines (figure, xs, ys, 5, s), labels[s]);
    }
  ll_figure_axis_set_include_zero (figure, LL_AXIS_Y, TRUE);
  return figure;
}

static void
test_legend_hit (void)
{
  static const int sizes[][2] = { { 1280, 720 }, { 400, 400 } };  /* legend beside, legend above */

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(LlFigure) figure = three_lines ();
      int width = sizes[s][0], height = sizes[s][1];
      PlotLayout layout;
      cairo_rectangle_t area;

      ll_plot_layer_set_visible (ll_figure_get_layer (figure, 1), FALSE);  /* hidden: still clickable */
      plot_layout_init (&layout, figure, NULL, width, height);
      g_assert_cmpint (layout.legend_right, ==, s == 0);
      for (guint i = 0; i < 3; i++)
        {
          double x, y;

          g_assert_true (plot_legend_entry_place (&layout, i, &x, &y));
          /* on the sample and on the label */
          g_assert_true (ll_figure_legend_hit (figure, width, height, x + 4, y) == ll_figure_get_layer (figure, i));
          g_assert_true (ll_figure_legend_hit (figure, width, height, x + layout.legend_sample_width + layout.gap * 2, y + 2)
                         == ll_figure_get_layer (figure, i));
        }
      plot_layout_clear (&layout);
      ll_figure_data_area (figure, width, height, &area);
      g_assert_null (ll_figure_legend_hit (figure, width, height, area.x + area.width / 2, area.y + area.height / 2));
      g_assert_null (ll_figure_legend_hit (figure, width, height, 1, height - 1));
      {
        cairo_surface_t *surface = render (figure, width, height, s == 0 ? "legend-right" : "legend-above");
        double shown[3], hidden[3];

        /* the hidden curve is not drawn; the others are */
        ll_plot_series_color (1, FALSE, hidden);
        ll_plot_series_color (2, FALSE, shown);
        g_assert_cmpuint (count_color_in (surface, hidden, area.x, area.y, area.x + area.width,
                                          area.y + area.height), ==, 0);
        g_assert_cmpuint (count_color_in (surface, shown, area.x, area.y, area.x + area.width,
                                          area.y + area.height), >, 50);
        cairo_surface_destroy (surface);
      }
    }
}

static void
test_nearest (void)
{
  g_autoptr(LlFigure) figure = three_lines ();
  double x, px, py;
  LlPlotHit hit;
  cairo_rectangle_t area;

  ll_figure_data_area (figure, WIDTH, HEIGHT, &area);
  /* the x-nearest column of points */
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 260, 0, &px, NULL);
  g_assert_true (ll_figure_nearest_x (figure, WIDTH, HEIGHT, px, &x));
  g_assert_cmpfloat (x, ==, 300);
  g_assert_false (ll_figure_nearest_x (figure, WIDTH, HEIGHT, 1, &x));

  /* the nearest point: series 2 at x 100 is 0.7 / 4 */
  ll_figure_data_to_device (figure, WIDTH, HEIGHT, 100, 0.7 / 4, &px, &py);
  g_assert_true (ll_figure_nearest_point (figure, WIDTH, HEIGHT, px + 3, py - 2, 20, &hit));
  g_assert_true (hit.layer == ll_figure_get_layer (figure, 2));
  g_assert_cmpuint (hit.index, ==, 1);
  g_assert_cmpfloat (hit.x, ==, 100);
  g_assert_cmpfloat (hit.distance, <, 4);
  /* too far from every point */
  g_assert_false (ll_figure_nearest_point (figure, WIDTH, HEIGHT, area.x + area.width * 0.9, area.y + 2, 10, &hit));
  /* a hidden layer is not read */
  ll_plot_layer_set_visible (ll_figure_get_layer (figure, 2), FALSE);
  if (ll_figure_nearest_point (figure, WIDTH, HEIGHT, px, py, 20, &hit))
    g_assert_true (hit.layer != ll_figure_get_layer (figure, 2));

  /* points replaced in place: a run that recorded more */
  {
    double xs[6] = { 0, 100, 200, 300, 400, 500 }, ys[6] = { 0.7, 0.6, 0.5, 0.4, 0.3, 0.2 };

    ll_plot_layer_set_points (ll_figure_get_layer (figure, 1), xs, ys, NULL, 6);
    g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (figure, 1)), ==, 6);
    ll_plot_layer_get_point (ll_figure_get_layer (figure, 1), 5, &x, NULL);
    g_assert_cmpfloat (x, ==, 500);
    ll_figure_data_to_device (figure, WIDTH, HEIGHT, 500, 0.2, &px, &py);
    g_assert_true (ll_figure_nearest_x (figure, WIDTH, HEIGHT, px, &x));
    g_assert_cmpfloat (x, ==, 500);
    ll_plot_layer_set_points (ll_figure_get_layer (figure, 1), xs, ys, NULL, 5);
  }

  /* the keyboard's steps along x */
  g_assert_true (ll_figure_next_x (figure, NAN, -1, &x));
  g_assert_cmpfloat (x, ==, 400);
  g_assert_true (ll_figure_next_x (figure, NAN, 1, &x));
  g_assert_cmpfloat (x, ==, 0);
  g_assert_true (ll_figure_next_x (figure, 200, 1, &x));
  g_assert_cmpfloat (x, ==, 300);
  g_assert_true (ll_figure_next_x (figure, 250, -1, &x));
  g_assert_cmpfloat (x, ==, 200);
  g_assert_false (ll_figure_next_x (figure, 400, 1, &x));

  /* both readouts draw */
  ll_plot_layer_set_visible (ll_figure_get_layer (figure, 2), TRUE);
  ll_figure_set_cursor_x (figure, 200, "iteration 200");
  cairo_surface_destroy (render (figure, WIDTH, HEIGHT, "cursor-x"));
  ll_figure_set_cursor_point (figure, ll_figure_get_layer (figure, 0), 3, NULL);
  ll_figure_add_cursor_row (figure, "true cost", "0.1752");
  cairo_surface_destroy (render (figure, WIDTH, HEIGHT, "cursor-point"));
  ll_figure_set_cursor_point (figure, NULL, 0, NULL);
}

/* Odd data and sizes draw something and never crash or hang. */
static void
test_edge_cases (void)
{
  static const double odd[][3] = {
    { NAN, NAN, NAN },
    { 0, 0, 0 },
    { -1, 0, -5 },
    { 1e300, -1e300, 1 },
    { 1e-300, 1e300, INFINITY },
    { 5, 5, 5 },
  };
  static const int sizes[][2] = { { 1, 1 }, { 16, 16 }, { 200, 120 }, { 3000, 200 } };

  for (guint d = 0; d < G_N_ELEMENTS (odd); d++)
    for (int log_scale = 0; log_scale <= 1; log_scale++)
      {
        g_autoptr(LlFigure) figure = ll_figure_new ();
        double xs[3] = { 0, 1, 2 }, grid[4] = { odd[d][0], odd[d][1], odd[d][2], NAN };
        LlPlotHit hit;
        double x;

        ll_figure_axis_set_scale (figure, LL_AXIS_Y, log_scale ? LL_AXIS_LOG : LL_AXIS_LINEAR);
        ll_figure_axis_set_scale (figure, LL_AXIS_X, log_scale ? LL_AXIS_LOG : LL_AXIS_LINEAR);
        ll_plot_layer_set_label (ll_figure_add_lines (figure, xs, odd[d], 3, d), "line");
        ll_figure_add_points (figure, odd[d], xs, NULL, 3, FALSE);
        ll_plot_layer_set_contours (ll_figure_add_heat_map (figure, grid, 2, 2, 0, 1, 0, 1, LL_COLOR_MAP_SEQUENTIAL),
                                    odd[d], 3);
        ll_figure_add_reference (figure, LL_AXIS_Y, odd[d][0], "ref");
        ll_figure_set_cursor_x (figure, 1, "here");
        for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
          {
            cairo_surface_destroy (render (figure, sizes[s][0], sizes[s][1], NULL));
            ll_figure_nearest_x (figure, sizes[s][0], sizes[s][1], sizes[s][0] / 2.0, &x);
            ll_figure_nearest_point (figure, sizes[s][0], sizes[s][1], 5, 5, 1e9, &hit);
            ll_figure_legend_hit (figure, sizes[s][0], sizes[s][1], 5, 5);
          }
      }
}

/* ---- export ---- */

static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ll-figure-XXXXXX", &error);
  static const struct {
    const char *name;
    const char *magic;
  } files[] = {
    { "figure.png", "\x89PNG\r\n\x1a\n" },
    { "figure.SVG", "<?xml" },
    { "figure.pdf", "%PDF-" },
  };
  g_autoptr(LlFigure) figure = three_lines ();
  const guint n = 21;
  g_autofree double *values = radial_field (n, 1);

  g_assert_no_error (error);
  ll_figure_add_heat_map (figure, values, n, n, 0, 400, 0, 0.7, LL_COLOR_MAP_DIVERGING);
  ll_figure_set_dark (figure, TRUE);
  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (dir, files[f].name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (ll_figure_export (figure, path, 640, 400, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &length, &error));
      g_assert_cmpuint (length, >, 1000);
      g_assert_cmpmem (contents, strlen (files[f].magic), files[f].magic, strlen (files[f].magic));
      g_unlink (path);
    }
  /* the export is light; the figure stays dark for the screen */
  g_assert_true (figure->dark);

  /* an unknown extension: an error naming the file, nothing written */
  {
    g_autofree char *txt = g_build_filename (dir, "figure.txt", NULL);

    g_assert_false (ll_figure_export (figure, txt, 640, 400, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
    g_assert_nonnull (strstr (error->message, "figure.txt"));
    g_clear_error (&error);
    g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
  }
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* An image of what ll_figure_record drew (the export's drawing). */
static cairo_surface_t *
recorded_image (LlFigure *figure, int width, int height)
{
  cairo_surface_t *recording = ll_figure_record (figure, width, height);
  cairo_surface_t *image = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (image);

  cairo_set_source_surface (cr, recording, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (recording);
  cairo_surface_flush (image);
  return image;
}

/* Dark (text) pixels in rows Y0..Y1. */
static guint
count_ink (cairo_surface_t *surface, int y0, int y1)
{
  guint count = 0;

  for (int y = y0; y <= y1; y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      {
        double p[3];

        pixel_rgb (surface, x, y, p);
        count += p[0] + p[1] + p[2] < 1.5;
      }
  return count;
}

/* The export caption (issue 24.9): a line at the bottom of exported files,
 * after the figure's own caption; the screen's drawing and layout do not
 * change. */
static void
test_export_caption (void)
{
  g_autoptr(LlFigure) plain = three_lines ();
  g_autoptr(LlFigure) captioned = three_lines ();
  cairo_rectangle_t plain_area, captioned_area;
  cairo_surface_t *screen_plain, *screen_captioned, *export_plain, *export_captioned;
  int stride;

  ll_figure_set_export_caption (captioned, "Cat vs non-cat · 2000 iterations · 2026-12-07");
  ll_figure_data_area (plain, WIDTH, HEIGHT, &plain_area);
  ll_figure_data_area (captioned, WIDTH, HEIGHT, &captioned_area);
  g_assert_cmpfloat (plain_area.height, ==, captioned_area.height);

  screen_plain = render (plain, WIDTH, HEIGHT, NULL);
  screen_captioned = render (captioned, WIDTH, HEIGHT, NULL);
  stride = cairo_image_surface_get_stride (screen_plain);
  g_assert_cmpmem (cairo_image_surface_get_data (screen_plain), stride * HEIGHT,
                   cairo_image_surface_get_data (screen_captioned), stride * HEIGHT);

  export_plain = recorded_image (plain, WIDTH, HEIGHT);
  export_captioned = recorded_image (captioned, WIDTH, HEIGHT);
  /* the bottom rows: more text with the caption */
  g_assert_cmpuint (count_ink (export_captioned, HEIGHT - 20, HEIGHT - 1), >,
                    count_ink (export_plain, HEIGHT - 20, HEIGHT - 1) + 50);
  /* and the export keeps the figure's own caption (set no longer on screen after) */
  ll_figure_set_caption (captioned, "a caption");
  cairo_surface_destroy (export_captioned);
  export_captioned = recorded_image (captioned, WIDTH, HEIGHT);
  g_assert_cmpstr (captioned->caption, ==, "a caption");
  g_assert_cmpuint (count_ink (export_captioned, HEIGHT - 20, HEIGHT - 1), >,
                    count_ink (export_plain, HEIGHT - 20, HEIGHT - 1) + 50);
  if (g_getenv ("LL_PLOT_TEST_OUTPUT"))
    {
      g_autofree char *path = g_build_filename (g_getenv ("LL_PLOT_TEST_OUTPUT"), "export-caption.png", NULL);

      cairo_surface_write_to_png (export_captioned, path);
      g_free (path);
      path = g_build_filename (g_getenv ("LL_PLOT_TEST_OUTPUT"), "export-plain.png", NULL);
      cairo_surface_write_to_png (export_plain, path);
    }

  cairo_surface_destroy (screen_plain);
  cairo_surface_destroy (screen_captioned);
  cairo_surface_destroy (export_plain);
  cairo_surface_destroy (export_captioned);
}

/* A bar chart by name: a category axis writes names, every name fits a
 * tall figure, and a point anywhere on a bar reads that bar. */
static void
test_bars_by_category (void)
{
  g_autoptr (LlFigure) figure = ll_figure_new ();
  const char *names[] = { "exam 2", "exam 1", NULL };
  const double x[2] = { 3.0, -1.5 }, y[2] = { 0, 1 };
  LlPlotLayer *layer;
  LlPlotHit hit;
  double lo, hi, device_x, device_y, zero_x;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *outside = NULL;

  ll_figure_axis_set_categories (figure, LL_AXIS_Y, names);
  ll_figure_axis_set_include_zero (figure, LL_AXIS_X, TRUE);
  layer = ll_figure_add_points (figure, x, y, NULL, 2, TRUE);
  ll_plot_layer_set_bars (layer, 0.6);
  first = ll_figure_axis_format_value (figure, LL_AXIS_Y, 0.2);
  second = ll_figure_axis_format_value (figure, LL_AXIS_Y, 0.9);
  outside = ll_figure_axis_format_value (figure, LL_AXIS_Y, 7);
  g_assert_cmpstr (first, ==, "exam 2");
  g_assert_cmpstr (second, ==, "exam 1");
  g_assert_cmpstr (outside, ==, "");
  ll_figure_axis_get_range (figure, LL_AXIS_Y, 600, 400, &lo, &hi);
  g_assert_cmpfloat (lo, ==, -0.5);
  g_assert_cmpfloat (hi, ==, 1.5);
  /* Half way along the first bar, far from its end: it reads that bar. */
  ll_figure_data_to_device (figure, 600, 400, 1.5, 0.1, &device_x, &device_y);
  ll_figure_data_to_device (figure, 600, 400, 0, 0, &zero_x, NULL);
  g_assert_true (ll_figure_nearest_point (figure, 600, 400, device_x, device_y, 5, &hit));
  g_assert_cmpuint (hit.index, ==, 0);
  g_assert_cmpfloat (hit.distance, ==, 0);
  /* The second goes left of zero. */
  ll_figure_data_to_device (figure, 600, 400, -1, 1, &device_x, &device_y);
  g_assert_cmpfloat (device_x, <, zero_x);
  g_assert_true (ll_figure_nearest_point (figure, 600, 400, device_x, device_y, 5, &hit));
  g_assert_cmpuint (hit.index, ==, 1);
  /* Between the bars' ends and off them: nothing within 5. */
  ll_figure_data_to_device (figure, 600, 400, 2.5, 1, &device_x, &device_y);
  g_assert_false (ll_figure_nearest_point (figure, 600, 400, device_x, device_y, 5, &hit));
  /* It draws. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 400);
    cairo_t *cr = cairo_create (surface);

    ll_figure_render (figure, cr, 600, 400);
    g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
}

/* Figures lay out their texts in their thread's context and keep them: the
 * same width again; a changed context measures anew; another context is
 * measured on its own, and nothing outlives its context (ASan). */
static void
test_text_width_cache (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 10, 10);
  cairo_t *cr = cairo_create (surface);
  PangoContext *pango = plot_text_context (cr);
  PangoContext *other = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  const char *text = "0.001 lr = 0.5";
  double first, unrounded, plain;

  g_assert_true (plot_text_context (cr) == pango);
  g_object_unref (pango);
  first = plot_text_width (pango, 14.3, FALSE, text, FALSE);
  g_assert_cmpfloat (first, >, 0);
  g_assert_cmpfloat (plot_text_width (pango, 14.3, FALSE, text, FALSE), ==, first);
  g_assert_cmpfloat (plot_text_width (pango, 28.6, FALSE, text, FALSE), >, 1.5 * first);
  g_assert_cmpfloat (plot_text_width (pango, 14.3, FALSE, "0.0001 lr = 0.5", FALSE), >, first);
  plain = plot_text_width (pango, 14.3, FALSE, "<b>a</b>", FALSE);
  g_assert_cmpfloat (plot_text_width (pango, 14.3, FALSE, "<b>a</b>", TRUE), <, plain);

  /* Another context, with positions not rounded, measures on its own; the
   * thread's, changed the same way, measures anew, and back again. */
  pango_context_set_round_glyph_positions (other, FALSE);
  unrounded = plot_text_width (other, 14.3, FALSE, text, FALSE);
  g_assert_cmpfloat (unrounded, !=, first);
  pango_context_set_round_glyph_positions (pango, FALSE);
  g_assert_cmpfloat (plot_text_width (pango, 14.3, FALSE, text, FALSE), ==, unrounded);
  pango_context_set_round_glyph_positions (pango, TRUE);
  g_assert_cmpfloat (plot_text_width (pango, 14.3, FALSE, text, FALSE), ==, first);

  g_object_unref (pango);
  g_object_unref (other);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/figure/axis/linear-mapping", test_linear_mapping);
  g_test_add_func ("/figure/text/width-cache", test_text_width_cache);
  g_test_add_func ("/figure/axis/log-mapping", test_log_mapping);
  g_test_add_func ("/figure/axis/log-ticks-every-decade", test_log_ticks_every_decade);
  g_test_add_func ("/figure/axis/linear-ticks", test_linear_ticks);
  g_test_add_func ("/figure/axis/formats", test_tick_formats);
  g_test_add_func ("/figure/axis/no-negative-zero", test_no_negative_zero_tick);
  g_test_add_func ("/figure/axis/grow-only", test_grow_only);
  g_test_add_func ("/figure/export-caption", test_export_caption);
  g_test_add_func ("/figure/contour/circle", test_contour_circle);
  g_test_add_func ("/figure/contour/log-levels", test_log_levels);
  g_test_add_func ("/figure/layer/heat-map", test_heat_map_render);
  g_test_add_func ("/figure/layer/heat-map-raster-cache", test_heat_map_raster_cache);
  g_test_add_func ("/figure/layer/heat-map-prepared-off-thread", test_heat_map_prepared_off_thread);
  g_test_add_func ("/figure/layer/points", test_points_render);
  g_test_add_func ("/figure/layer/reference", test_reference_lines);
  g_test_add_func ("/figure/sweep/critical-text-clear", test_sweep_critical_text_clear);
  g_test_add_func ("/figure/axis/flat-range", test_flat_range);
  g_test_add_func ("/figure/landscape-titles", test_landscape_titles);
  g_test_add_func ("/figure/legend/hit", test_legend_hit);
  g_test_add_func ("/figure/legend/twin", test_legend_twin);
  g_test_add_func ("/figure/legend/columns", test_legend_columns);
  g_test_add_func ("/figure/readout/columns", test_readout_columns);
  g_test_add_func ("/figure/readout/nearest", test_nearest);
  g_test_add_func ("/figure/edge-cases", test_edge_cases);
  g_test_add_func ("/figure/export", test_export);
  g_test_add_func ("/figure/bars-by-category", test_bars_by_category);

  return g_test_run ();
}
