/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-figure-view.c: LlFigureView under Xvfb (GSK_RENDERER=cairo): the
 * pointer and the keys move the readout, a legend click shows or hides a
 * layer, a click on a point activates it, the view's rows join the readout,
 * and the figure exports as PNG, SVG and PDF. Input is given by emitting
 * the widget's own controllers' signals, as the cost plot's test does. */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app/ll-figure-view.h"
#include "fixtures.h"

#define WIDTH 720
#define HEIGHT 420

static const double xs[] = { 0.001, 0.01, 0.1, 1 };
static const double ys_a[] = { 0.6, 0.4, 0.2, 0.3 };
static const double ys_b[] = { 0.5, 0.45, 0.35, 0.1 };
static const double px[] = { 0.003, 0.3 };
static const double py[] = { 0.05, 0.55 };

enum { LAYER_A, LAYER_B, LAYER_POINTS, LAYER_REFERENCE };

typedef struct {
  GtkWidget *window;
  LlFigureView *view;
  guint n_toggled;
  guint toggled_layer;
  gboolean toggled_visible;
  guint n_activated;
  guint activated_layer;
  guint activated_point;
  guint n_cursor_changed;
} Fixture;

static LlFigure *
make_figure (void)
{
  LlFigure *figure = ll_figure_new ();
  LlPlotLayer *layer;

  ll_figure_set_title (figure, "test figure");
  ll_figure_axis_set_scale (figure, LL_AXIS_X, LL_AXIS_LOG);
  ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_RATE);
  ll_figure_axis_set_label (figure, LL_AXIS_X, "learning rate");
  ll_figure_axis_set_range (figure, LL_AXIS_Y, 0, 0.7);
  layer = ll_figure_add_lines (figure, xs, ys_a, G_N_ELEMENTS (xs), 0);
  ll_plot_layer_set_label (layer, "alpha");
  layer = ll_figure_add_lines (figure, xs, ys_b, G_N_ELEMENTS (xs), 1);
  ll_plot_layer_set_label (layer, "beta");
  layer = ll_figure_add_points (figure, px, py, NULL, G_N_ELEMENTS (px), TRUE);
  ll_plot_layer_set_series (layer, 5);
  ll_plot_layer_set_label (layer, "gamma");
  ll_figure_add_reference (figure, LL_AXIS_X, 0.02, "2/L");
  return figure;
}

static void
on_layer_toggled (LlFigureView *view, guint layer, gboolean visible, Fixture *f)
{
  f->n_toggled++;
  f->toggled_layer = layer;
  f->toggled_visible = visible;
}

static void
on_point_activated (LlFigureView *view, guint layer, guint point, Fixture *f)
{
  f->n_activated++;
  f->activated_layer = layer;
  f->activated_point = point;
}

static void
on_cursor_changed (LlFigureView *view, Fixture *f)
{
  f->n_cursor_changed++;
  if (ll_figure_view_get_cursor_point (view, NULL, NULL))
    ll_figure_add_cursor_row (ll_figure_view_get_figure (view), "extra", "42");
}

static gboolean
is_allocated (gpointer data)
{
  Fixture *f = data;

  return gtk_widget_get_width (GTK_WIDGET (f->view)) == WIDTH &&
         gtk_widget_get_height (GTK_WIDGET (f->view)) == HEIGHT;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->window = gtk_window_new ();
  f->view = LL_FIGURE_VIEW (ll_figure_view_new ());
  gtk_widget_set_size_request (GTK_WIDGET (f->view), WIDTH, HEIGHT);
  gtk_widget_set_hexpand (GTK_WIDGET (f->view), FALSE);
  gtk_widget_set_vexpand (GTK_WIDGET (f->view), FALSE);
  gtk_widget_set_halign (GTK_WIDGET (f->view), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (f->view), GTK_ALIGN_START);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  ll_figure_view_set_figure (f->view, make_figure ());
  g_signal_connect (f->view, "layer-toggled", G_CALLBACK (on_layer_toggled), f);
  g_signal_connect (f->view, "point-activated", G_CALLBACK (on_point_activated), f);
  g_signal_connect (f->view, "cursor-changed", G_CALLBACK (on_cursor_changed), f);
  gtk_window_present (GTK_WINDOW (f->window));
  ll_test_wait_for (is_allocated, f);
  /* The only focusable widget takes the focus: the pointer tests start without. */
  gtk_window_set_focus (GTK_WINDOW (f->window), NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
}

static GtkEventController *
find_controller (GtkWidget *widget, GType type, guint button)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type) &&
          (button == 0 || gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == button))
        return controller;  /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

static void
move_to (Fixture *f, double x, double y)
{
  g_signal_emit_by_name (find_controller (GTK_WIDGET (f->view), GTK_TYPE_EVENT_CONTROLLER_MOTION, 0),
                         "motion", x, y);
}

static void
click_at (Fixture *f, double x, double y)
{
  g_signal_emit_by_name (find_controller (GTK_WIDGET (f->view), GTK_TYPE_GESTURE_CLICK, GDK_BUTTON_PRIMARY),
                         "pressed", 1, x, y);
}

static gboolean
press_key (Fixture *f, guint keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (find_controller (GTK_WIDGET (f->view), GTK_TYPE_EVENT_CONTROLLER_KEY, 0),
                         "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  return handled;
}

static void
point_device (Fixture *f, double x, double y, double *dx, double *dy)
{
  ll_figure_data_to_device (ll_figure_view_get_figure (f->view), WIDTH, HEIGHT, x, y, dx, dy);
}

static void
assert_cursor_point (Fixture *f, guint layer, gsize index)
{
  guint got_layer = G_MAXUINT;
  gsize got_index = G_MAXSIZE;

  g_assert_true (ll_figure_view_get_cursor_point (f->view, &got_layer, &got_index));
  g_assert_cmpuint (got_layer, ==, layer);
  g_assert_cmpuint (got_index, ==, index);
}

/* The pointer near a point puts the readout on it, and the view's rows in. */
static void
test_hover_point (Fixture *f, gconstpointer data)
{
  double dx, dy;
  guint changes;

  point_device (f, xs[2], ys_b[2], &dx, &dy);
  move_to (f, dx + 3, dy - 2);
  assert_cursor_point (f, LAYER_B, 2);
  g_assert_cmpfloat (ll_figure_view_get_cursor_x (f->view), ==, xs[2]);
  g_assert_cmpuint (f->n_cursor_changed, >, 0);

  /* the same point again changes nothing */
  changes = f->n_cursor_changed;
  move_to (f, dx + 2, dy - 2);
  g_assert_cmpuint (f->n_cursor_changed, ==, changes);

  point_device (f, px[1], py[1], &dx, &dy);
  move_to (f, dx, dy);
  assert_cursor_point (f, LAYER_POINTS, 1);

  /* far from every point (top left corner): no readout without focus */
  move_to (f, 2, 2);
  g_assert_false (ll_figure_view_get_cursor_point (f->view, NULL, NULL));
  g_assert_true (isnan (ll_figure_view_get_cursor_x (f->view)));
}

/* In the column readout the pointer picks the nearest x of the lines. */
static void
test_hover_x (Fixture *f, gconstpointer data)
{
  double dx, dy, far_dx;

  ll_figure_view_set_point_readout (f->view, FALSE);
  point_device (f, xs[1], 0.7, &dx, &dy);
  point_device (f, xs[2], 0.7, &far_dx, &dy);
  move_to (f, dx + (far_dx - dx) * 0.3, HEIGHT / 2.0);
  g_assert_cmpfloat (ll_figure_view_get_cursor_x (f->view), ==, xs[1]);
  g_assert_false (ll_figure_view_get_cursor_point (f->view, NULL, NULL));
}

/* Right, Left, Home and End walk the points by x; Enter activates. */
static void
test_keys_point (Fixture *f, gconstpointer data)
{
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  /* by x: alpha 0.001, beta 0.001, gamma 0.003, alpha 0.01, ... gamma 0.3 ... beta 1 */
  g_assert_true (press_key (f, GDK_KEY_Right));
  assert_cursor_point (f, LAYER_A, 0);
  g_assert_true (press_key (f, GDK_KEY_Right));
  assert_cursor_point (f, LAYER_B, 0);
  g_assert_true (press_key (f, GDK_KEY_Right));
  assert_cursor_point (f, LAYER_POINTS, 0);
  g_assert_true (press_key (f, GDK_KEY_Left));
  assert_cursor_point (f, LAYER_B, 0);
  g_assert_true (press_key (f, GDK_KEY_End));
  assert_cursor_point (f, LAYER_B, 3);
  g_assert_true (press_key (f, GDK_KEY_Right));  /* stays at the end */
  assert_cursor_point (f, LAYER_B, 3);
  g_assert_true (press_key (f, GDK_KEY_Home));
  assert_cursor_point (f, LAYER_A, 0);

  g_assert_true (press_key (f, GDK_KEY_Return));
  g_assert_cmpuint (f->n_activated, ==, 1);
  g_assert_cmpuint (f->activated_layer, ==, LAYER_A);
  g_assert_cmpuint (f->activated_point, ==, 0);

  g_assert_true (press_key (f, GDK_KEY_Escape));
  g_assert_false (ll_figure_view_get_cursor_point (f->view, NULL, NULL));
  g_assert_false (press_key (f, GDK_KEY_a));
}

/* In the column readout the keys walk the x values (ll_figure_next_x). */
static void
test_keys_x (Fixture *f, gconstpointer data)
{
  ll_figure_view_set_point_readout (f->view, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  g_assert_true (press_key (f, GDK_KEY_Right));
  g_assert_cmpfloat (ll_figure_view_get_cursor_x (f->view), ==, xs[0]);
  g_assert_true (press_key (f, GDK_KEY_Right));
  g_assert_cmpfloat (ll_figure_view_get_cursor_x (f->view), ==, xs[1]);
  g_assert_true (press_key (f, GDK_KEY_End));
  g_assert_cmpfloat (ll_figure_view_get_cursor_x (f->view), ==, xs[3]);
  g_assert_true (press_key (f, GDK_KEY_Left));
  g_assert_cmpfloat (ll_figure_view_get_cursor_x (f->view), ==, xs[2]);
  g_assert_true (press_key (f, GDK_KEY_Home));
  g_assert_cmpfloat (ll_figure_view_get_cursor_x (f->view), ==, xs[0]);
}

/* Somewhere on LAYER's legend entry, found by the figure's own hit test. */
static gboolean
find_legend_entry (Fixture *f, guint layer, double *x, double *y)
{
  LlFigure *figure = ll_figure_view_get_figure (f->view);
  LlPlotLayer *wanted = ll_figure_get_layer (figure, layer);

  for (int j = 0; j < HEIGHT; j += 2)
    for (int i = 0; i < WIDTH; i += 2)
      if (ll_figure_legend_hit (figure, WIDTH, HEIGHT, i, j) == wanted)
        {
          *x = i;
          *y = j;
          return TRUE;
        }
  return FALSE;
}

static void
test_legend_click (Fixture *f, gconstpointer data)
{
  LlPlotLayer *beta = ll_figure_get_layer (ll_figure_view_get_figure (f->view), LAYER_B);
  double x, y;

  g_assert_true (find_legend_entry (f, LAYER_B, &x, &y));
  click_at (f, x, y);
  g_assert_cmpuint (f->n_toggled, ==, 1);
  g_assert_cmpuint (f->toggled_layer, ==, LAYER_B);
  g_assert_false (f->toggled_visible);
  g_assert_false (ll_plot_layer_get_visible (beta));
  g_assert_cmpuint (f->n_activated, ==, 0);

  /* a hidden layer's points are not read out */
  gtk_widget_grab_focus (GTK_WIDGET (f->view));
  press_key (f, GDK_KEY_End);
  assert_cursor_point (f, LAYER_A, 3);

  /* its entry stays, and a second click shows it again */
  g_assert_true (find_legend_entry (f, LAYER_B, &x, &y));
  click_at (f, x, y);
  g_assert_cmpuint (f->n_toggled, ==, 2);
  g_assert_true (f->toggled_visible);
  g_assert_true (ll_plot_layer_get_visible (beta));
}

static void
test_point_click (Fixture *f, gconstpointer data)
{
  double dx, dy;

  point_device (f, xs[1], ys_a[1], &dx, &dy);
  click_at (f, dx + 1, dy + 1);
  g_assert_cmpuint (f->n_activated, ==, 1);
  g_assert_cmpuint (f->activated_layer, ==, LAYER_A);
  g_assert_cmpuint (f->activated_point, ==, 1);
  assert_cursor_point (f, LAYER_A, 1);
  g_assert_cmpuint (f->n_toggled, ==, 0);

  /* empty space: nothing */
  click_at (f, 3, HEIGHT - 3);
  g_assert_cmpuint (f->n_activated, ==, 1);
}

static void
assert_file_starts_with (const char *path, const char *magic)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 200);
  g_assert_true (memcmp (contents, magic, strlen (magic)) == 0);
}

static void
test_export (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "figure.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "figure.SVG", NULL);
  g_autofree char *pdf = g_build_filename (dir, "figure.pdf", NULL);
  g_autofree char *txt = g_build_filename (dir, "figure.txt", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "figure.png", NULL);
  g_autoptr(GError) error = NULL;
  double dx, dy;

  /* the readout is on a point: the export leaves it out, and keeps it */
  point_device (f, xs[1], ys_a[1], &dx, &dy);
  move_to (f, dx, dy);
  assert_cursor_point (f, LAYER_A, 1);

  g_assert_true (ll_figure_view_export (f->view, png, 640, 360, &error));
  g_assert_no_error (error);
  assert_file_starts_with (png, "\x89PNG");
  g_assert_true (ll_figure_view_export (f->view, svg, 640, 360, &error));
  g_assert_no_error (error);
  assert_file_starts_with (svg, "<?xml");
  g_assert_true (ll_figure_view_export (f->view, pdf, 640, 360, &error));
  g_assert_no_error (error);
  assert_file_starts_with (pdf, "%PDF");
  assert_cursor_point (f, LAYER_A, 1);

  g_assert_false (ll_figure_view_export (f->view, txt, 640, 360, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  g_assert_false (g_file_test (txt, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_false (ll_figure_view_export (f->view, missing, 640, 360, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "figure.png"));
}

typedef struct {
  gboolean done;
  gboolean written;
  GError *error;
} AsyncExport;

static void
on_exported (GObject *object, GAsyncResult *result, gpointer data)
{
  AsyncExport *export = data;

  export->written = ll_figure_view_export_finish (LL_FIGURE_VIEW (object), result, &export->error);
  export->done = TRUE;
}

static gboolean
export_done (gpointer data)
{
  return ((AsyncExport *) data)->done;
}

/* On a thread: the figure as it was when asked, while it changes. */
static void
test_export_async (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "figure.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "figure.pdf", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "figure.svg", NULL);
  AsyncExport export = { FALSE };

  ll_figure_view_export_async (f->view, png, 1920, 1080, NULL, on_exported, &export);
  ll_plot_layer_set_points (ll_figure_get_layer (ll_figure_view_get_figure (f->view), LAYER_A), xs, ys_a, NULL, 1);
  ll_figure_view_queue_update (f->view);
  ll_test_wait_for (export_done, &export);
  g_assert_no_error (export.error);
  g_assert_true (export.written);
  assert_file_starts_with (png, "\x89PNG");

  export = (AsyncExport) { FALSE };
  ll_figure_view_export_async (f->view, pdf, 640, 360, NULL, on_exported, &export);
  ll_test_wait_for (export_done, &export);
  g_assert_no_error (export.error);
  assert_file_starts_with (pdf, "%PDF");

  export = (AsyncExport) { FALSE };
  ll_figure_view_export_async (f->view, missing, 640, 360, NULL, on_exported, &export);
  ll_test_wait_for (export_done, &export);
  g_assert_false (export.written);
  g_assert_nonnull (export.error);
  g_assert_nonnull (strstr (export.error->message, "figure.svg"));
  g_clear_error (&export.error);
}

/* The exported PNG is the figure: the light background, and the first
 * series' colour drawn (the figure, not an empty page). */
static void
test_export_draws (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "figure.png", NULL);
  cairo_surface_t *surface;
  const guint8 *pixels;
  int stride, blue = 0;

  g_assert_true (ll_figure_view_export (f->view, png, 640, 360, NULL));
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  pixels = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  g_assert_cmphex (*(const guint32 *) pixels & 0xffffff, ==, 0xffffff);
  for (int y = 0; y < 360; y++)
    for (int x = 0; x < 640; x++)
      {
        guint32 pixel = *(const guint32 *) (pixels + y * stride + x * 4) & 0xffffff;

        blue += pixel == 0x0072b2;   /* Okabe-Ito blue, series 0 */
      }
  g_assert_cmpint (blue, >, 100);
  cairo_surface_destroy (surface);
}

static void
test_properties (Fixture *f, gconstpointer data)
{
  g_autofree char *description = NULL;

  ll_figure_view_set_font_scale (f->view, 9);
  g_assert_cmpfloat (ll_figure_view_get_font_scale (f->view), ==, 4.0);
  ll_figure_view_set_font_scale (f->view, NAN);
  g_assert_cmpfloat (ll_figure_view_get_font_scale (f->view), ==, 1.0);
  ll_figure_view_set_description (f->view, "two curves and two points");
  g_object_get (f->view, "description", &description, NULL);
  g_assert_cmpstr (description, ==, "two curves and two points");
  g_assert_cmpstr (ll_figure_view_get_export_name (f->view), ==, "figure.png");
  ll_figure_view_set_export_name (f->view, "sweep.png");
  g_assert_cmpstr (ll_figure_view_get_export_name (f->view), ==, "sweep.png");

  /* a new figure clears the readout; no figure draws and reads nothing */
  ll_figure_view_set_cursor_point (f->view, LAYER_A, 2);
  assert_cursor_point (f, LAYER_A, 2);
  ll_figure_view_set_figure (f->view, make_figure ());
  g_assert_false (ll_figure_view_get_cursor_point (f->view, NULL, NULL));
  ll_figure_view_set_figure (f->view, NULL);
  move_to (f, 100, 100);
  click_at (f, 100, 100);
  g_assert_false (press_key (f, GDK_KEY_Right));
  g_assert_false (ll_figure_view_export (f->view, "/tmp/never-written.png", 100, 100, NULL));
  g_assert_false (g_file_test ("/tmp/never-written.png", G_FILE_TEST_EXISTS));
}

/* A point that goes away takes the readout with it. */
static void
test_points_replaced (Fixture *f, gconstpointer data)
{
  LlPlotLayer *alpha = ll_figure_get_layer (ll_figure_view_get_figure (f->view), LAYER_A);

  ll_figure_view_set_cursor_point (f->view, LAYER_A, 3);
  assert_cursor_point (f, LAYER_A, 3);
  ll_plot_layer_set_points (alpha, xs, ys_a, NULL, 2);
  ll_figure_view_queue_update (f->view);
  g_assert_false (ll_figure_view_get_cursor_point (f->view, NULL, NULL));
  ll_figure_view_set_cursor_point (f->view, LAYER_A, 1);
  assert_cursor_point (f, LAYER_A, 1);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add ("/figure-view/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("hover-point", test_hover_point);
  ADD ("hover-x", test_hover_x);
  ADD ("keys-point", test_keys_point);
  ADD ("keys-x", test_keys_x);
  ADD ("legend-click", test_legend_click);
  ADD ("point-click", test_point_click);
  ADD ("export", test_export);
  ADD ("export-draws", test_export_draws);
  ADD ("export-async", test_export_async);
  ADD ("properties", test_properties);
  ADD ("points-replaced", test_points_replaced);
#undef ADD
  return g_test_run ();
}
