/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cost-plot.c: the plot renderer (no display needed) and the LlCostPlot
 * widget (under xvfb-run, GSK_RENDERER=cairo). */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "app/ll-cost-plot.h"
#include "figure-clicks.h"
#include "plot/plot-private.h"
#include "plot/plot-render.h"

#define WIDTH 1280
#define HEIGHT 720
#define N_POINTS 21   /* 2000 iterations, recorded every 100 */

/* Shaped like the course data: 0.5 spikes to tens and ends near 1e-4,
 * 0.1 bumps and settles, 0.01 descends slowly. */
static const double rates[3] = { 0.5, 0.1, 0.01 };
static const double costs_05[N_POINTS] = {
  0.6931, 52.1, 18.4, 33.0, 6.2, 2.9, 1.1, 0.31, 0.09, 0.03, 0.011,
  0.005, 0.0028, 0.0017, 0.0011, 0.0007, 0.0005, 0.00035, 0.00025, 0.00018, 0.00013
};
static const double costs_01[N_POINTS] = {
  0.6931, 4.8, 1.9, 0.62, 0.27, 0.12, 0.066, 0.045, 0.034, 0.027, 0.023,
  0.020, 0.017, 0.015, 0.0135, 0.012, 0.011, 0.010, 0.0093, 0.0086, 0.0080
};

typedef struct {
  LlCostPoint points[3][N_POINTS];
  LlPlotSeries series[3];
  LlPlotSpec spec;
} Fixture;

static double
cost_001 (guint i)
{
  return 0.6931 * exp (-0.11 * i) + 0.06 * (1 - exp (-0.1 * i));
}

static void
fixture_init (Fixture *f, gboolean log_scale, gboolean dark)
{
  for (guint i = 0; i < N_POINTS; i++)
    {
      f->points[0][i] = (LlCostPoint) { i * 100, costs_05[i] };
      f->points[1][i] = (LlCostPoint) { i * 100, costs_01[i] };
      f->points[2][i] = (LlCostPoint) { i * 100, cost_001 (i) };
    }
  for (guint s = 0; s < 3; s++)
    f->series[s] = (LlPlotSeries) { rates[s], f->points[s], N_POINTS };
  f->spec = (LlPlotSpec) {
    .series = f->series,
    .n_series = 3,
    .max_iteration = 2000,
    .log_scale = log_scale,
    .dark = dark,
    .font_scale = 1.0,
    .highlight_iteration = -1,
  };
}

static cairo_surface_t *
render (const LlPlotSpec *spec, int width, int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  ll_plot_render (cr, spec, width, height);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Pixels within a small tolerance of RGB, and the first and last rows
 * holding one (-1 when none). */
typedef struct {
  guint count;
  int top, bottom;
} ColorCount;

static ColorCount
count_color (cairo_surface_t *surface, const double rgb[3])
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  ColorCount result = { 0, -1, -1 };
  int want[3] = { (int) round (rgb[0] * 255), (int) round (rgb[1] * 255), (int) round (rgb[2] * 255) };

  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        guint32 pixel = *(const guint32 *) (data + y * stride + x * 4);
        int r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

        if (ABS (r - want[0]) <= 12 && ABS (g - want[1]) <= 12 && ABS (b - want[2]) <= 12)
          {
            result.count++;
            if (result.top < 0)
              result.top = y;
            result.bottom = y;
          }
      }
  return result;
}

static guint32
pixel_at (cairo_surface_t *surface, int x, int y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);

  return *(const guint32 *) (data + y * cairo_image_surface_get_stride (surface) + x * 4) & 0xffffff;
}

/* Each series' colour covers a fair share of the plot (not just a legend swatch). */
static void
assert_series_colors_present (cairo_surface_t *surface, guint n_series, gboolean dark)
{
  guint min_pixels = (guint) (cairo_image_surface_get_width (surface)
                              * cairo_image_surface_get_height (surface) / 4000);

  for (guint s = 0; s < n_series; s++)
    {
      double rgb[3];
      ColorCount found;

      ll_plot_series_color (s, dark, rgb);
      found = count_color (surface, rgb);
      if (g_test_verbose ())
        g_test_message ("series %u: %u pixels, rows %d..%d", s, found.count, found.top, found.bottom);
      g_assert_cmpuint (found.count, >, min_pixels);
    }
}

/* ---- the renderer ---- */

static void
test_palette (void)
{
  double dashes_a[4], dashes_b[4];

  /* The first colours are distinct from each other and from the background. */
  for (guint i = 0; i < 6; i++)
    for (guint j = i + 1; j < 7; j++)
      for (int dark = 0; dark <= 1; dark++)
        {
          double a[3], b[3];

          ll_plot_series_color (i, dark, a);
          ll_plot_series_color (j, dark, b);
          g_assert_cmpfloat (fabs (a[0] - b[0]) + fabs (a[1] - b[1]) + fabs (a[2] - b[2]), >, 0.2);
        }

  /* Not colour alone: neighbouring series have different dash patterns. */
  for (guint i = 0; i < 5; i++)
    {
      int n_a = ll_plot_series_dashes (i, 2.0, dashes_a);
      int n_b = ll_plot_series_dashes (i + 1, 2.0, dashes_b);

      g_assert_cmpint (n_a, <=, 4);
      g_assert_true (n_a != n_b || memcmp (dashes_a, dashes_b, n_a * sizeof (double)) != 0);
    }
  g_assert_cmpint (ll_plot_series_dashes (0, 2.0, dashes_a), ==, 0);  /* the first is solid */
}

/* The swatch beside the rate list draws what the legend draws. */
static void
test_sample (void)
{
  for (guint index = 0; index < 7; index++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 60, 20);
      cairo_t *cr = cairo_create (surface);
      double rgb[3];

      ll_plot_draw_sample (cr, index, index % 2, 60, 20);
      cairo_destroy (cr);
      cairo_surface_flush (surface);
      ll_plot_series_color (index, index % 2, rgb);
      g_assert_cmpuint (count_color (surface, rgb).count, >, 30);
      cairo_surface_destroy (surface);
    }
}

static void
test_format (void)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_assert_cmpstr (ll_plot_format_cost (0.6931471805599453, buf), ==, "0.6931");
  g_assert_cmpstr (ll_plot_format_cost (85.12345, buf), ==, "85.12");
  g_assert_cmpstr (ll_plot_format_cost (0.00012346, buf), ==, "0.0001235");
  g_assert_cmpstr (ll_plot_format_rate (0.01, buf), ==, "0.01");
  g_assert_cmpstr (ll_plot_format_rate (0.5, buf), ==, "0.5");
  /* Linear ticks: fixed point, but never cut (lr 1e100 makes costs of 1e37
   * and more, whose 38 digits the buffer would cut). */
  plot_format_fixed (buf, 0.25, 2);
  g_assert_cmpstr (buf, ==, "0.25");
  plot_format_fixed (buf, -1e-13, 3);
  g_assert_cmpstr (buf, ==, "0.000");
  plot_format_fixed (buf, 2.5e37, 0);
  g_assert_cmpstr (buf, ==, "2.5e+37");
  plot_format_fixed (buf, 1e300, 0);
  g_assert_cmpstr (buf, ==, "1e+300");
}

static void
test_render_colors (void)
{
  for (int variant = 0; variant < 4; variant++)
    {
      gboolean log_scale = variant & 1, dark = variant >> 1;
      Fixture f;
      cairo_surface_t *surface;

      fixture_init (&f, log_scale, dark);
      surface = render (&f.spec, WIDTH, HEIGHT);
      assert_series_colors_present (surface, 3, dark);
      /* the background follows the theme */
      g_assert_cmphex (pixel_at (surface, 1, 1), ==, dark ? 0x1e1e1e : 0xffffff);
      cairo_surface_destroy (surface);
    }
}

/* The 0.5 spike to 52 must stand above everything else and be drawn whole. */
static void
test_render_spike_visible (void)
{
  Fixture f;
  cairo_surface_t *surface;
  cairo_rectangle_t area;
  ColorCount spike, others[2];
  double rgb[3];

  fixture_init (&f, FALSE, FALSE);
  surface = render (&f.spec, WIDTH, HEIGHT);
  ll_plot_data_area (&f.spec, WIDTH, HEIGHT, &area);

  ll_plot_series_color (0, FALSE, rgb);
  spike = count_color (surface, rgb);
  for (guint s = 1; s < 3; s++)
    {
      ll_plot_series_color (s, FALSE, rgb);
      others[s - 1] = count_color (surface, rgb);
    }

  /* The spike's top is inside the data area, in its upper part. */
  g_assert_cmpint (spike.top, >=, (int) area.y - 12);
  g_assert_cmpint (spike.top, <, (int) (area.y + area.height * 0.25));
  /* and it comes down to the bottom of the axis with the others */
  g_assert_cmpint (spike.bottom, >, (int) (area.y + area.height * 0.9));
  g_assert_cmpint (others[0].bottom, >, (int) (area.y + area.height * 0.9));
  /* the others stay far below the spike's top on a linear axis */
  g_assert_cmpint (others[0].top, >, spike.top);
  g_assert_cmpint (others[1].top, >, spike.top);
  g_assert_cmpuint (others[0].count, >, 0);
  g_assert_cmpuint (others[1].count, >, 0);
  cairo_surface_destroy (surface);

  /* A much larger spike still fits: the axis grows instead of clipping. */
  f.points[0][1].cost = 4000;
  surface = render (&f.spec, WIDTH, HEIGHT);
  ll_plot_series_color (0, FALSE, rgb);
  spike = count_color (surface, rgb);
  g_assert_cmpint (spike.top, >=, (int) area.y - 12);
  g_assert_cmpint (spike.top, <, (int) (area.y + area.height * 0.25));
  cairo_surface_destroy (surface);
}

/* On a log axis 85 and 1e-4 are both drawn, far apart; bad values are skipped. */
static void
test_render_log_range (void)
{
  Fixture f;
  cairo_surface_t *surface;
  cairo_rectangle_t area;
  ColorCount found;
  double rgb[3];

  fixture_init (&f, TRUE, FALSE);
  f.points[0][1].cost = 85;
  f.points[0][N_POINTS - 1].cost = 1e-4;
  surface = render (&f.spec, WIDTH, HEIGHT);
  ll_plot_data_area (&f.spec, WIDTH, HEIGHT, &area);
  ll_plot_series_color (0, FALSE, rgb);
  found = count_color (surface, rgb);
  /* from the top tenth of the data area to the bottom tenth */
  g_assert_cmpint (found.top, <, (int) (area.y + area.height * 0.1));
  g_assert_cmpint (found.bottom, >, (int) (area.y + area.height * 0.9));
  g_assert_cmpint (found.bottom, <=, (int) (area.y + area.height + 12));
  cairo_surface_destroy (surface);

  /* Costs are > 0, but a zero, a negative, NaN or infinity must not break the plot. */
  f.points[0][3].cost = 0;
  f.points[0][4].cost = -1;
  f.points[0][5].cost = NAN;
  f.points[0][6].cost = INFINITY;
  for (int log_scale = 0; log_scale <= 1; log_scale++)
    {
      f.spec.log_scale = log_scale;
      surface = render (&f.spec, WIDTH, HEIGHT);
      assert_series_colors_present (surface, 3, FALSE);
      cairo_surface_destroy (surface);
    }
}

static void
test_render_edge_cases (void)
{
  Fixture f;
  LlPlotSpec empty = { .series = NULL, .n_series = 0, .font_scale = 1, .highlight_iteration = -1 };
  cairo_surface_t *surface;

  /* no series at all, tiny and huge font scales, a readout, a single point */
  surface = render (&empty, 300, 200);
  cairo_surface_destroy (surface);
  g_assert_cmpint (ll_plot_iteration_at (&empty, 300, 200, 150), ==, -1);

  fixture_init (&f, FALSE, FALSE);
  f.spec.highlight_iteration = 300;
  f.spec.title = "Cat vs non-cat";
  for (double scale = 0.5; scale <= 3; scale *= 2)
    {
      f.spec.font_scale = scale;
      surface = render (&f.spec, 640, 360);
      assert_series_colors_present (surface, 3, FALSE);
      cairo_surface_destroy (surface);
    }
  for (guint s = 0; s < 3; s++)
    f.series[s].n_points = 1;
  surface = render (&f.spec, 320, 200);
  cairo_surface_destroy (surface);
}

static void
test_iteration_at (void)
{
  Fixture f;
  cairo_rectangle_t area;

  fixture_init (&f, FALSE, FALSE);
  ll_plot_data_area (&f.spec, WIDTH, HEIGHT, &area);
  g_assert_cmpfloat (area.width, >, WIDTH * 0.6);
  g_assert_cmpfloat (area.height, >, HEIGHT * 0.6);

  for (guint i = 0; i < N_POINTS; i++)
    {
      double x = ll_plot_x_for_iteration (&f.spec, WIDTH, HEIGHT, i * 100);

      g_assert_cmpint (ll_plot_iteration_at (&f.spec, WIDTH, HEIGHT, x), ==, (int) i * 100);
      /* a little to the right still picks it, past half way picks the next */
      g_assert_cmpint (ll_plot_iteration_at (&f.spec, WIDTH, HEIGHT, x + 5), ==, (int) i * 100);
    }
  {
    double x100 = ll_plot_x_for_iteration (&f.spec, WIDTH, HEIGHT, 100);
    double x200 = ll_plot_x_for_iteration (&f.spec, WIDTH, HEIGHT, 200);

    g_assert_cmpint (ll_plot_iteration_at (&f.spec, WIDTH, HEIGHT, x100 + (x200 - x100) * 0.6), ==, 200);
  }
  /* the margins and the legend are outside the data */
  g_assert_cmpint (ll_plot_iteration_at (&f.spec, WIDTH, HEIGHT, 2), ==, -1);
  g_assert_cmpint (ll_plot_iteration_at (&f.spec, WIDTH, HEIGHT, WIDTH - 2), ==, -1);

  /* x runs to max_iteration even while only the first points exist */
  for (guint s = 0; s < 3; s++)
    f.series[s].n_points = 3;
  g_assert_cmpfloat_with_epsilon (ll_plot_x_for_iteration (&f.spec, WIDTH, HEIGHT, 2000),
                                  area.x + area.width, 1.0);
  g_assert_cmpint (ll_plot_iteration_at (&f.spec, WIDTH, HEIGHT, area.x + area.width), ==, 200);
}

static char *
read_file (const char *path, gsize *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ll-plot-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "plot.PNG", NULL);
  g_autofree char *svg = g_build_filename (dir, "plot.svg", NULL);
  g_autofree char *pdf = g_build_filename (dir, "plot.pdf", NULL);
  g_autofree char *txt = g_build_filename (dir, "plot.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "plot.png", NULL);
  g_autofree char *contents = NULL;
  cairo_surface_t *surface;
  gsize length;
  Fixture f;

  g_assert_no_error (error);
  fixture_init (&f, TRUE, TRUE);  /* dark on screen; the export is light anyway */

  g_assert_true (ll_plot_export (&f.spec, png, 800, 450, &error));
  g_assert_no_error (error);
  contents = read_file (png, &length);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&contents, g_free);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 450);
  g_assert_cmphex (pixel_at (surface, 1, 1), ==, 0xffffff);
  assert_series_colors_present (surface, 3, FALSE);
  cairo_surface_destroy (surface);

  g_assert_true (ll_plot_export (&f.spec, svg, 800, 450, &error));
  g_assert_no_error (error);
  contents = read_file (svg, &length);
  g_assert_nonnull (strstr (contents, "<svg"));
  g_assert_nonnull (strstr (contents, "width=\"800"));
  g_assert_cmpuint (length, >, 2000);
  g_clear_pointer (&contents, g_free);

  g_assert_true (ll_plot_export (&f.spec, pdf, 800, 450, &error));
  g_assert_no_error (error);
  contents = read_file (pdf, &length);
  g_assert_cmpmem (contents, 5, "%PDF-", 5);
  g_assert_cmpuint (length, >, 1000);
  g_clear_pointer (&contents, g_free);

  /* An unknown format fails and writes nothing. */
  g_assert_false (ll_plot_export (&f.spec, txt, 800, 450, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_nonnull (strstr (error->message, "plot.txt"));
  g_clear_error (&error);
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));

  /* A failed export leaves the earlier file as it was. */
  contents = read_file (pdf, &length);
  g_assert_false (ll_plot_export (&f.spec, pdf, 0, 450, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  {
    gsize after_length;
    g_autofree char *after = read_file (pdf, &after_length);

    g_assert_cmpmem (after, after_length, contents, length);
  }

  /* A folder that does not exist: an error, no crash. */
  g_assert_false (ll_plot_export (&f.spec, missing, 800, 450, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* No temporary files are left behind. */
  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, &error);
    const char *name;
    guint n_files = 0;

    g_assert_no_error (error);
    while ((name = g_dir_read_name (listing)))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);

        n_files++;
        g_assert_true (g_str_has_prefix (name, "plot."));
        g_unlink (path);
      }
    g_assert_cmpuint (n_files, ==, 3);
  }
  g_rmdir (dir);
}

/* ---- the widget ---- */

static gboolean
flag_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until WIDGET has been laid out (or 10 s pass, which fails). */
static void
wait_for_allocation (GtkWidget *widget)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (10, flag_timeout, &timed_out);

  while (!timed_out && !(gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 100))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

static GtkWidget *
plot_in_window (GtkWidget **window_out)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *plot = ll_cost_plot_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 520);
  gtk_window_set_child (GTK_WINDOW (window), plot);
  *window_out = window;
  return plot;
}

static void
fill_plot (LlCostPlot *plot)
{
  ll_cost_plot_set_runs (plot, rates, 3, 2000);
  for (guint i = 0; i < N_POINTS; i++)
    {
      ll_cost_plot_add_point (plot, 0, i * 100, costs_05[i]);
      ll_cost_plot_add_point (plot, 1, i * 100, costs_01[i]);
      ll_cost_plot_add_point (plot, 2, i * 100, cost_001 (i));
    }
}

static void
test_widget_points (void)
{
  GtkWidget *window;
  LlCostPlot *plot = LL_COST_PLOT (plot_in_window (&window));

  g_assert_cmpuint (ll_cost_plot_get_n_runs (plot), ==, 0);
  fill_plot (plot);
  g_assert_cmpuint (ll_cost_plot_get_n_runs (plot), ==, 3);
  for (guint r = 0; r < 3; r++)
    g_assert_cmpuint (ll_cost_plot_get_n_points (plot, r), ==, N_POINTS);
  g_assert_cmpfloat (ll_cost_plot_get_last_cost (plot, 0), ==, costs_05[N_POINTS - 1]);

  /* the same iteration again replaces; an earlier one is put in order */
  ll_cost_plot_add_point (plot, 0, 2000, 0.5);
  g_assert_cmpuint (ll_cost_plot_get_n_points (plot, 0), ==, N_POINTS);
  g_assert_cmpfloat (ll_cost_plot_get_last_cost (plot, 0), ==, 0.5);
  ll_cost_plot_add_point (plot, 0, 150, 3.0);
  g_assert_cmpuint (ll_cost_plot_get_n_points (plot, 0), ==, N_POINTS + 1);
  g_assert_cmpfloat (ll_cost_plot_get_last_cost (plot, 0), ==, 0.5);

  /* Reset keeps the runs, new runs drop everything */
  ll_cost_plot_clear (plot);
  g_assert_cmpuint (ll_cost_plot_get_n_runs (plot), ==, 3);
  g_assert_cmpuint (ll_cost_plot_get_n_points (plot, 1), ==, 0);
  g_assert_true (isnan (ll_cost_plot_get_last_cost (plot, 1)));
  ll_cost_plot_add_point (plot, 1, 0, 0.69);
  ll_cost_plot_set_runs (plot, rates, 2, 500);
  g_assert_cmpuint (ll_cost_plot_get_n_runs (plot), ==, 2);
  g_assert_cmpuint (ll_cost_plot_get_n_points (plot, 1), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_widget_properties (void)
{
  GtkWidget *window;
  LlCostPlot *plot = LL_COST_PLOT (plot_in_window (&window));
  gboolean log_scale = FALSE;
  double font_scale = 0;

  g_object_set (plot, "log-scale", TRUE, "font-scale", 1.5, NULL);
  g_object_get (plot, "log-scale", &log_scale, "font-scale", &font_scale, NULL);
  g_assert_true (log_scale);
  g_assert_cmpfloat (font_scale, ==, 1.5);
  ll_cost_plot_set_font_scale (plot, 100);
  g_assert_cmpfloat (ll_cost_plot_get_font_scale (plot), ==, 4.0);
  /* the figure view inside is the image that takes the focus */
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (ll_cost_plot_get_view (plot))), ==,
                   GTK_ACCESSIBLE_ROLE_IMG);
  g_assert_true (gtk_widget_get_focusable (GTK_WIDGET (ll_cost_plot_get_view (plot))));
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return controller;  /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

static void
press_key (GtkWidget *widget, guint keyval)
{
  GtkEventController *keys = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_KEY);
  gboolean handled = FALSE;

  g_signal_emit_by_name (keys, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  g_assert_true (handled);
}

static void
test_widget_readout (void)
{
  GtkWidget *window;
  LlCostPlot *plot = LL_COST_PLOT (plot_in_window (&window));
  GtkWidget *widget = GTK_WIDGET (ll_cost_plot_get_view (plot));  /* what the user points at */

  fill_plot (plot);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_allocation (widget);

  /* snapping to the nearest record point */
  ll_cost_plot_set_readout_iteration (plot, 351);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, 400);
  ll_cost_plot_set_readout_iteration (plot, -1);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, -1);

  /* the keyboard: Left from nothing starts at the latest point */
  press_key (widget, GDK_KEY_Left);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, 2000);
  press_key (widget, GDK_KEY_Left);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, 1900);
  press_key (widget, GDK_KEY_Home);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, 0);
  press_key (widget, GDK_KEY_Left);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, 0);
  press_key (widget, GDK_KEY_Right);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, 100);
  press_key (widget, GDK_KEY_End);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, 2000);
  press_key (widget, GDK_KEY_Escape);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, -1);

  /* the pointer: hovering over a record point's x selects it */
  {
    GtkEventController *motion = find_controller (widget, GTK_TYPE_EVENT_CONTROLLER_MOTION);
    LlPlotSeries series[3];
    LlPlotSpec spec;
    Fixture f;
    double x;

    fixture_init (&f, FALSE, FALSE);
    memcpy (series, f.series, sizeof series);
    spec = f.spec;
    spec.series = series;
    x = ll_plot_x_for_iteration (&spec, gtk_widget_get_width (widget),
                                 gtk_widget_get_height (widget), 700);
    g_signal_emit_by_name (motion, "motion", x + 2, 100.0);
    g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, 700);
    g_signal_emit_by_name (motion, "motion", 1.0, 100.0);
    g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, -1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* What the widget draws on screen, as a cairo image surface. */
static cairo_surface_t *
snapshot_widget (GtkWidget *widget)
{
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  cairo_surface_t *surface;

  /* the widget's own snapshot, rendered by the window's renderer (cairo here) */
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        gdk_texture_get_width (texture),
                                        gdk_texture_get_height (texture));
  gdk_texture_download (texture, cairo_image_surface_get_data (surface),
                        cairo_image_surface_get_stride (surface));
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
test_widget_renders (void)
{
  GtkWidget *window;
  LlCostPlot *plot = LL_COST_PLOT (plot_in_window (&window));
  GtkWidget *widget = GTK_WIDGET (ll_cost_plot_get_view (plot));
  cairo_surface_t *surface;

  fill_plot (plot);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_allocation (widget);

  for (int log_scale = 0; log_scale <= 1; log_scale++)
    {
      ll_cost_plot_set_log_scale (plot, log_scale);
      ll_cost_plot_set_readout_iteration (plot, 300);
      surface = snapshot_widget (widget);
      g_assert_cmpint (cairo_image_surface_get_width (surface), ==, gtk_widget_get_width (widget));
      assert_series_colors_present (surface, 3, FALSE);
      cairo_surface_destroy (surface);
    }

  /* The dark theme: light text, so the dark palette on a dark background. */
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", TRUE, NULL);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  surface = snapshot_widget (widget);
  assert_series_colors_present (surface, 3, TRUE);
  g_assert_cmphex (pixel_at (surface, 2, 2), ==, 0x1e1e1e);
  cairo_surface_destroy (surface);
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", FALSE, NULL);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_widget_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ll-cost-plot-XXXXXX", &error);
  g_autofree char *png = g_build_filename (dir, "costs.png", NULL);
  g_autofree char *txt = g_build_filename (dir, "costs.txt", NULL);
  GtkWidget *window;
  LlCostPlot *plot = LL_COST_PLOT (plot_in_window (&window));
  cairo_surface_t *surface;

  g_assert_no_error (error);
  fill_plot (plot);
  ll_cost_plot_set_log_scale (plot, TRUE);
  g_assert_true (ll_cost_plot_export (plot, png, 1280, 720, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 1280);
  assert_series_colors_present (surface, 3, FALSE);
  cairo_surface_destroy (surface);

  g_assert_false (ll_cost_plot_export (plot, txt, 1280, 720, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));

  g_unlink (png);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- following a store: test costs, first steps, legend, pinned, axis ---- */

static LlSharedDataset *
tiny_dataset (void)
{
  LlDataset *dataset = g_new0 (LlDataset, 1);
  const char *names[] = { "non-cat", "cat", NULL };

  dataset->name = g_strdup ("Tiny cats");
  dataset->path = g_strdup ("memory");
  dataset->format = g_strdup ("test");
  dataset->height = dataset->width = 2;
  dataset->channels = 1;
  dataset->n_features = 4;
  dataset->n_classes = 2;
  dataset->class_names = g_strdupv ((char **) names);
  return ll_shared_dataset_new (dataset);
}

/* Two runs of 200 iterations recorded every 100, in STORE (a new job). */
static GPtrArray *
new_job (LlRunStore *store, LlSharedDataset *dataset)
{
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (runs, ll_run_new (0.5, 200, 100));
  g_ptr_array_add (runs, ll_run_new (0.01, 200, 100));
  ll_run_store_replace (store, dataset, runs);
  return runs;
}

static void
append (LlRun *run, guint iteration, double cost, double test_cost)
{
  LlRunPoint point = { iteration, cost, 50, 50, FALSE, 0, 0, 0, test_cost, NAN };

  ll_run_append_point (run, &point, NULL);
}

static LlFigure *
plot_figure (LlCostPlot *plot)
{
  return ll_figure_view_get_figure (ll_cost_plot_get_view (plot));
}

static double
y_top (LlCostPlot *plot)
{
  double lo, hi;

  /* what a drawing of the plot would take */
  ll_figure_axis_get_range (plot_figure (plot), LL_AXIS_Y, 900, 520, &lo, &hi);
  return hi;
}

static void
test_widget_store (void)
{
  g_autoptr(LlRunStore) store = ll_run_store_new ();
  g_autoptr(LlSharedDataset) dataset = tiny_dataset ();
  g_autoptr(GPtrArray) runs = NULL;
  GtkWidget *window;
  LlCostPlot *plot = LL_COST_PLOT (plot_in_window (&window));
  LlFigure *figure;
  double first[LL_RUN_FIRST_ITERATIONS];
  double top;

  ll_cost_plot_set_store (plot, store);
  runs = new_job (store, dataset);
  gtk_window_present (GTK_WINDOW (window));
  wait_for_allocation (GTK_WIDGET (ll_cost_plot_get_view (plot)));
  g_assert_cmpuint (ll_cost_plot_get_n_runs (plot), ==, 2);

  /* The steady axis (issue 24.3): from the first record points' range, only growing. */
  append (runs->pdata[0], 0, 0.6931, 0.6931);
  append (runs->pdata[1], 0, 0.6931, 0.6931);
  top = y_top (plot);
  g_assert_cmpfloat (top, >=, 0.6931);
  g_assert_cmpfloat (top, <=, 1.0);
  append (runs->pdata[0], 100, 0.2, 0.9);
  append (runs->pdata[1], 100, 0.5, 0.6);
  g_assert_cmpfloat (y_top (plot), ==, top);
  append (runs->pdata[0], 200, 3.2, 4.0);
  g_assert_cmpfloat (y_top (plot), >=, 3.2);
  top = y_top (plot);
  /* a point replaced by a lower one (the widget's own API) leaves the axis as it is */
  ll_cost_plot_add_point (plot, 0, 200, 0.3);
  g_assert_cmpfloat (y_top (plot), ==, top);
  append (runs->pdata[0], 200, 3.2, 4.0);

  /* Test costs (issue 17.5): a lighter line per run, named in the readout;
   * the run's legend entry stands for both, the axis says which is which. */
  g_assert_cmpuint (ll_figure_get_n_layers (plot_figure (plot)), ==, 2);
  g_object_set (plot, "show-test-cost", TRUE, NULL);
  figure = plot_figure (plot);
  g_assert_cmpuint (ll_figure_get_n_layers (figure), ==, 4);
  for (guint r = 0; r < 2; r++)
    {
      LlPlotLayer *train = ll_figure_get_layer (figure, r), *test = ll_figure_get_layer (figure, 2 + r);
      g_autofree char *label = g_strdup_printf ("%s (test)", ll_plot_layer_get_label (train));

      g_assert_cmpstr (ll_plot_layer_get_label (test), ==, label);
      g_assert_false (train->faded);
      g_assert_true (test->faded);
      g_assert_false (train->out_of_legend);
      g_assert_true (test->out_of_legend);
      g_assert_false (test->markers);
      g_assert_cmpuint (test->series, ==, train->series);
    }
  g_assert_nonnull (strstr (figure->axes[LL_AXIS_X].label, "lighter lines: test-set cost"));
  /* the readout gives each run's test cost in its row, under "training  test" */
  g_assert_cmpstr (figure->cursor_columns[0], ==, "training");
  g_assert_cmpstr (figure->cursor_columns[1], ==, "test");
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (figure, 2)), ==, 3);
  {
    double x, y;

    ll_plot_layer_get_point (ll_figure_get_layer (figure, 2), 2, &x, &y);
    g_assert_cmpfloat (x, ==, 200);
    g_assert_cmpfloat (y, ==, 4.0);
  }
  /* the readout has a row for each test cost too, and the menu its check item */
  ll_cost_plot_set_readout_iteration (plot, 100);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, 100);
  g_assert_cmpstr (figure->cursor_heading, ==, "iteration 100");
  /* a screen reader gets the readout's numbers, the test costs among them */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_nonnull (strstr (ll_figure_view_get_description (ll_cost_plot_get_view (plot)),
                            "learning rate 0.5: cost 0.2 at iteration 100, test cost 0.9"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (plot), "cost-plot.show-test-cost", NULL));
  g_assert_false (ll_cost_plot_get_show_test_cost (plot));
  ll_cost_plot_set_show_test_cost (plot, TRUE);
  figure = plot_figure (plot);

  /* Legend toggles (issue 21.6): a click on an entry hides the run everywhere. */
  ll_test_click_legend (ll_cost_plot_get_view (plot), ll_figure_get_layer (figure, 1));
  g_assert_false (ll_run_get_visible (runs->pdata[1]));
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 1)));
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 3)));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 0)));
  /* The run's entry shows its test cost again too: the test cost has none. */
  ll_test_click_legend (ll_cost_plot_get_view (plot), ll_figure_get_layer (figure, 1));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 3)));
  g_assert_true (ll_run_get_visible (runs->pdata[1]));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 1)));
  /* and another view's (or the runs list's) change shows here */
  ll_run_set_visible (runs->pdata[0], FALSE);
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (figure, 0)));
  g_assert_cmpfloat (y_top (plot), <, top);  /* without 0.5's spike the axis may shrink */
  ll_run_set_visible (runs->pdata[0], TRUE);

  /* Pinned runs (pinned by hand here): faded, thinner, under their own label. */
  ll_run_set_pinned (runs->pdata[1], TRUE);
  g_assert_true (ll_figure_get_layer (figure, 1)->faded);
  g_assert_cmpfloat (ll_figure_get_layer (figure, 1)->line_width_scale, <, 1.0);
  g_assert_cmpstr (ll_plot_layer_get_label (ll_figure_get_layer (figure, 1)), ==, "lr = 0.01 (pinned)");
  g_assert_false (ll_figure_get_layer (figure, 0)->faded);
  g_assert_cmpfloat (ll_figure_get_layer (figure, 0)->line_width_scale, ==, 1.0);

  /* The first steps (issue 17.3): on the log iteration axis, every iteration. */
  for (guint i = 0; i < G_N_ELEMENTS (first); i++)
    first[i] = 0.6931 + 0.1 * (i % 2);
  ll_run_add_first_costs (runs->pdata[0], 0, first, G_N_ELEMENTS (first));
  append (runs->pdata[0], 200, 3.2, 4.0);  /* a record point tells the views */
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (figure, 0)), ==, 3);
  /* as the right-click menu (a child of the figure view) activates it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (ll_cost_plot_get_view (plot)),
                                             "cost-plot.log-iterations", NULL));
  g_assert_true (ll_cost_plot_get_log_iterations (plot));
  figure = plot_figure (plot);
  g_assert_cmpint (figure->axes[LL_AXIS_X].scale, ==, LL_AXIS_LOG);
  /* iterations 0..99, then the record points 100 and 200 */
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (figure, 0)), ==, 102);
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (figure, 1)), ==, 2);
  {
    double x, y;

    ll_plot_layer_get_point (ll_figure_get_layer (figure, 0), 1, &x, &y);
    g_assert_cmpfloat (x, ==, 1);
    g_assert_cmpfloat (y, ==, first[1]);
  }
  g_object_set (plot, "log-iterations", FALSE, NULL);
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (plot_figure (plot), 0)), ==, 3);

  /* The caption of exported files (issue 24.9): dataset, iterations, date. */
  g_assert_nonnull (strstr (plot_figure (plot)->export_caption, "Tiny cats · 200 iterations · "));

  /* A new job: the axis starts again from its first points. */
  g_clear_pointer (&runs, g_ptr_array_unref);
  runs = new_job (store, dataset);
  append (runs->pdata[0], 0, 0.6931, 0.6931);
  g_assert_cmpfloat (y_top (plot), <=, 1.0);
  g_assert_true (ll_run_get_visible (runs->pdata[1]));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
skip_no_display (void)
{
  g_test_skip ("no display: run under xvfb-run for the widget tests");
}

int
main (int argc, char **argv)
{
  gboolean have_display;

  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/plot/palette", test_palette);
  g_test_add_func ("/plot/format", test_format);
  g_test_add_func ("/plot/sample", test_sample);
  g_test_add_func ("/plot/render/colors", test_render_colors);
  g_test_add_func ("/plot/render/spike-visible", test_render_spike_visible);
  g_test_add_func ("/plot/render/log-range", test_render_log_range);
  g_test_add_func ("/plot/render/edge-cases", test_render_edge_cases);
  g_test_add_func ("/plot/iteration-at", test_iteration_at);
  g_test_add_func ("/plot/export", test_export);

  g_test_add_func ("/cost-plot/points", have_display ? test_widget_points : skip_no_display);
  g_test_add_func ("/cost-plot/properties", have_display ? test_widget_properties : skip_no_display);
  g_test_add_func ("/cost-plot/readout", have_display ? test_widget_readout : skip_no_display);
  g_test_add_func ("/cost-plot/renders", have_display ? test_widget_renders : skip_no_display);
  g_test_add_func ("/cost-plot/export", have_display ? test_widget_export : skip_no_display);
  g_test_add_func ("/cost-plot/store", have_display ? test_widget_store : skip_no_display);

  return g_test_run ();
}
