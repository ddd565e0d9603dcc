/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-weights-view.c: the weights view beyond one picture per run (issues
 * 19.2 and 24.7): a table's weights as bars by feature name, the red, green
 * and blue weights apart, and pictures that grow with the room. Waits
 * iterate the main context until a condition holds, never sleep. */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app/ll-weights-view.h"
#include "app/ll-window.h"
#include "session/ll-training-session.h"
#include "app-fixture.h"
#include "fixtures.h"

/* The exam scores: one bar per feature and run, at w, named by column. */
static void
test_exam_bars (void)
{
  LlWindow *window = ll_test_window_on_builtin ("builtin:exams");
  LlTrainingSession *session = ll_window_get_session (window);
  LlRunStore *store = ll_training_session_get_store (session);
  const LlDataset *dataset = ll_run_store_peek_dataset (store);
  LlWeightsView *view = ll_window_get_weights_view (window);
  LlFigureView *bars = ll_weights_view_get_bars_view (view);
  LlFigure *figure;
  guint n_runs;

  g_assert_cmpuint (dataset->n_features, ==, 2);
  ll_test_train_to_end (window, 100, 20);
  n_runs = ll_run_store_get_n_runs (store);
  g_assert_cmpuint (n_runs, >=, 2);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (bars)));
  figure = ll_figure_view_get_figure (bars);
  g_assert_nonnull (figure);
  for (guint r = 0; r < n_runs; r++)
    {
      LlRun *run = ll_run_store_get_run (store, r);
      LlRunModel *model = ll_run_get_shown_model (run);
      LlPlotLayer *layer = ll_figure_get_layer (figure, r);
      g_autofree char *label = g_strdup_printf ("lr = %s", ll_run_get_label (run));

      g_assert_cmpstr (ll_plot_layer_get_label (layer), ==, label);
      g_assert_cmpuint (ll_plot_layer_get_n_points (layer), ==, dataset->n_features);
      for (gsize k = 0; k < dataset->n_features; k++)
        {
          double x, y;
          g_autofree char *name = NULL;

          ll_plot_layer_get_point (layer, k, &x, &y);
          name = ll_figure_axis_format_value (figure, LL_AXIS_Y, y);
          /* In the data's order, the first at the top. */
          g_assert_cmpstr (name, ==, dataset->feature_names[k]);
          g_assert_cmpfloat (x, ==, model->w[k]);
          g_assert_cmpfloat (fabs (x), >, 0);
        }
    }
  /* The timeline: the bars follow the store's moment. */
  {
    LlRun *run = ll_run_store_get_run (store, 0);
    LlPlotLayer *layer = ll_figure_get_layer (figure, 0);
    double latest, early, y;

    ll_plot_layer_get_point (layer, 0, &latest, &y);
    ll_run_store_set_moment (store, 0);
    ll_plot_layer_get_point (ll_figure_get_layer (ll_figure_view_get_figure (bars), 0), 0, &early, &y);
    g_assert_cmpfloat (early, ==, ll_run_get_shown_model (run)->w[0]);
    g_assert_cmpfloat (early, !=, latest);
    ll_run_store_set_moment (store, -1);
  }
  /* A figure: it exports. */
  {
    g_autofree char *dir = ll_test_make_tmpdir ();
    g_autofree char *path = g_build_filename (dir, "bars.svg", NULL);
    g_autoptr (GError) error = NULL;

    g_assert_true (ll_figure_view_export (bars, path, 800, 500, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A table of 50 columns: the 40 of largest |w| (of any run), largest on
 * top, and the caption says so. */
static void
test_wide_table_bars (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "wide.csv", NULL);
  g_autoptr (GString) text = g_string_new ("");
  g_autoptr (GError) error = NULL;
  LlWindow *window = ll_window_new (NULL, NULL);
  LlRunStore *store;
  LlFigure *figure;
  const LlDataset *dataset;
  guint n_runs;

  for (int j = 0; j < 50; j++)
    g_string_append_printf (text, "c%d,", j);
  g_string_append (text, "label\n");
  for (int i = 0; i < 120; i++)
    {
      int label = i % 2;

      /* Column j carries the label more the larger j is, plus noise. */
      for (int j = 0; j < 50; j++)
        g_string_append_printf (text, "%d,", label * j + (i * 7 + j * 13) % 11);
      g_string_append_printf (text, "%s\n", label ? "yes" : "no");
    }
  g_assert_true (g_file_set_contents (path, text->str, -1, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, path, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  ll_test_train_to_end (window, 100, 20);

  store = ll_training_session_get_store (ll_window_get_session (window));
  dataset = ll_run_store_peek_dataset (store);
  g_assert_cmpuint (dataset->n_features, ==, 50);
  n_runs = ll_run_store_get_n_runs (store);
  figure = ll_figure_view_get_figure (ll_weights_view_get_bars_view (ll_window_get_weights_view (window)));
  g_assert_nonnull (figure);
  g_assert_nonnull (strstr (ll_figure_view_get_description (ll_weights_view_get_bars_view (ll_window_get_weights_view (window))),
                            "40 features"));
  {
    /* Each shown bar's size (largest of any run) is no smaller than any
     * feature's left out, and they go down from the top. */
    LlPlotLayer *layer = ll_figure_get_layer (figure, 0);
    double smallest_shown = INFINITY, previous = INFINITY;
    gboolean shown[50] = { FALSE };

    g_assert_cmpuint (ll_plot_layer_get_n_points (layer), ==, 40);
    for (gsize k = 0; k < 40; k++)
      {
        double x, y, size = 0;
        g_autofree char *name = NULL;
        guint j;

        ll_plot_layer_get_point (layer, k, &x, &y);
        name = ll_figure_axis_format_value (figure, LL_AXIS_Y, y);
        g_assert_true (name[0] == 'c');
        j = (guint) g_ascii_strtoull (name + 1, NULL, 10);
        shown[j] = TRUE;
        for (guint r = 0; r < n_runs; r++)
          size = MAX (size, fabs (ll_run_get_shown_model (ll_run_store_get_run (store, r))->w[j]));
        g_assert_cmpfloat (size, <=, previous);
        previous = size;
        smallest_shown = MIN (smallest_shown, size);
      }
    for (guint j = 0; j < 50; j++)
      for (guint r = 0; r < n_runs && !shown[j]; r++)
        g_assert_cmpfloat (fabs (ll_run_get_shown_model (ll_run_store_get_run (store, r))->w[j]), <=,
                           smallest_shown);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Images keep their pictures: no bars for the digits' 8x8. */
static void
test_digits_no_bars (void)
{
  LlWindow *window = ll_test_window_on_builtin ("builtin:digits");
  LlWeightsView *view = ll_window_get_weights_view (window);

  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (ll_weights_view_get_bars_view (view))));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A view with three runs on SIDE x SIDE x CHANNELS weights, in a scrolled
 * window of WIDTH x HEIGHT as in the app. */
static LlWeightsView *
view_in_window (int    width,
                int    height,
                guint  side,
                guint  channels,
                GtkWidget **window_out)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  LlWeightsView *view = LL_WEIGHTS_VIEW (ll_weights_view_new ());
  const double rates[3] = { 0.5, 0.1, 0.01 };
  gsize n = (gsize) side * side * channels;
  g_autofree double *w = g_new (double, n);

  for (gsize j = 0; j < n; j++)
    w[j] = (j % channels == 0 ? 1.0 : -0.5) * (double) (j % 7) / 7.0;
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (view));
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  ll_weights_view_set_shape (view, side, side, channels, "non-cat", "cat");
  ll_weights_view_set_runs (view, rates, 3);
  for (guint run = 0; run < 3; run++)
    ll_weights_view_set_weights (view, run, w, n);
  gtk_window_present (GTK_WINDOW (window));
  *window_out = window;
  return view;
}

typedef struct {
  LlWeightsView *view;
  guint side;
} Settled;

/* The view was allocated and its pictures drawn at the scale its room gives. */
static gboolean
scale_settled (gpointer data)
{
  Settled *settled = data;
  GdkTexture *texture = ll_weights_view_get_texture (settled->view, 0);

  return gtk_widget_get_width (GTK_WIDGET (settled->view)) > 0 && texture != NULL
         && gdk_texture_get_width (texture) == (int) (settled->side * ll_weights_view_get_scale (settled->view))
         && gtk_widget_get_width (GTK_WIDGET (settled->view)) >= (int) (settled->side * ll_weights_view_get_scale (settled->view));
}

static gboolean
scale_grew (gpointer data)
{
  Settled *settled = data;

  return scale_settled (data) && ll_weights_view_get_scale (settled->view) > GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (settled->view), "old-scale"));
}

/* Both views drawn at their room's scale, which differ. */
static gboolean
room_told_apart (gpointer data)
{
  Settled **both = data;

  return scale_settled (both[0]) && scale_settled (both[1])
         && ll_weights_view_get_scale (both[1]->view) > ll_weights_view_get_scale (both[0]->view);
}

/* A bigger window gives bigger pictures, still whole multiples, and all
 * three runs side by side when they fit. */
static void
test_bigger_room (void)
{
  GtkWidget *small_window, *big_window;
  Settled small = { view_in_window (560, 420, 16, 1, &small_window), 16 };
  Settled big = { view_in_window (1400, 1000, 16, 1, &big_window), 16 };
  guint small_scale, big_scale;

  Settled *both[2] = { &small, &big };

  ll_test_wait_for (room_told_apart, both);
  small_scale = ll_weights_view_get_scale (small.view);
  big_scale = ll_weights_view_get_scale (big.view);
  g_test_message ("scale at 560x420: %u, at 1400x1000: %u", small_scale, big_scale);
  g_assert_cmpuint (big_scale, >, small_scale);
  g_assert_cmpuint (16 * big_scale, >=, 320);
  /* Three tiles in a line: no wider than the window. */
  g_assert_cmpuint (3 * 16 * big_scale, <=, 1400);
  g_assert_cmpint (gdk_texture_get_width (ll_weights_view_get_texture (big.view, 2)), ==, (int) (16 * big_scale));

  /* The small window made bigger: its pictures grow. */
  g_object_set_data (G_OBJECT (small.view), "old-scale", GUINT_TO_POINTER (small_scale));
  gtk_window_set_default_size (GTK_WINDOW (small_window), 1400, 1000);
  ll_test_wait_for (scale_grew, &small);
  g_assert_cmpuint (ll_weights_view_get_scale (small.view), ==, big_scale);

  gtk_window_destroy (GTK_WINDOW (small_window));
  gtk_window_destroy (GTK_WINDOW (big_window));
}

/* Fitted to a room too low for every tile: no taller than it. */
static gboolean
scale_fits_low_room (gpointer data)
{
  Settled *settled = data;

  return scale_settled (data) && settled->side * ll_weights_view_get_scale (settled->view) <= 160;
}

/* A room too low for all three tiles (two lines of them): the pictures
 * are as large as lets one line show whole, not the whole width (before:
 * 560-pixel pictures in a 300-pixel window). */
static void
test_low_room (void)
{
  GtkWidget *window;
  Settled low = { view_in_window (560, 300, 16, 1, &window), 16 };

  ll_test_wait_for (scale_fits_low_room, &low);
  g_test_message ("scale at 560x300: %u", ll_weights_view_get_scale (low.view));
  g_assert_cmpuint (ll_weights_view_get_scale (low.view), >, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Red minus blue of pixel (1, 0) of a picture at SCALE. */
static int
reddness (GdkTexture *texture,
          guint       scale)
{
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  const guint8 *pixel = data + (gsize) scale * 4;

  gdk_texture_download (texture, data, (gsize) width * 4);
  /* Cairo's ARGB32, little-endian: B, G, R, A. */
  return (int) pixel[2] - (int) pixel[0];
}

/* Red, green and blue apart: three pictures per run, each its channel's. */
static void
test_channels_apart (void)
{
  GtkWidget *window;
  LlWeightsView *view = view_in_window (1000, 700, 8, 3, &window);
  Settled settled = { view, 8 };

  ll_test_wait_for (scale_settled, &settled);
  g_assert_false (ll_weights_view_get_channels_apart (view));
  for (guint run = 0; run < 3; run++)
    g_assert_cmpuint (ll_weights_view_get_n_pictures (view, run), ==, 1);
  ll_weights_view_set_channels_apart (view, TRUE);
  for (guint run = 0; run < 3; run++)
    {
      g_assert_cmpuint (ll_weights_view_get_n_pictures (view, run), ==, 3);
      for (guint p = 0; p < 3; p++)
        g_assert_nonnull (ll_weights_view_get_picture_texture (view, run, p));
      /* Pixel 1: its red weight positive (drawn red), its green one
       * negative (drawn blue). */
      g_assert_cmpint (reddness (ll_weights_view_get_picture_texture (view, run, 0), ll_weights_view_get_scale (view)), >, 0);
      g_assert_cmpint (reddness (ll_weights_view_get_picture_texture (view, run, 1), ll_weights_view_get_scale (view)), <, 0);
    }
  ll_weights_view_set_channels_apart (view, FALSE);
  g_assert_cmpuint (ll_weights_view_get_n_pictures (view, 0), ==, 1);
  g_assert_nonnull (ll_weights_view_get_texture (view, 0));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The cat data (64x64x3): the toggle is there and gives three pictures a run. */
static void
test_cat_channels (void)
{
  const char *cats = ll_test_catvnoncat_dir ();
  LlWindow *window;
  LlWeightsView *view;
  guint n_runs;

  if (cats == NULL)
    return;
  window = ll_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, cats, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  view = ll_window_get_weights_view (window);
  ll_weights_view_set_channels_apart (view, TRUE);
  g_assert_true (ll_weights_view_get_channels_apart (view));
  n_runs = ll_run_store_get_n_runs (ll_training_session_get_store (ll_window_get_session (window)));
  g_assert_cmpuint (n_runs, >, 0);
  for (guint run = 0; run < n_runs; run++)
    g_assert_cmpuint (ll_weights_view_get_n_pictures (view, run), ==, 3);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/weights-view/exam-bars", test_exam_bars);
  g_test_add_func ("/weights-view/wide-table-bars", test_wide_table_bars);
  g_test_add_func ("/weights-view/digits-no-bars", test_digits_no_bars);
  g_test_add_func ("/weights-view/channels-apart", test_channels_apart);
  g_test_add_func ("/weights-view/cat-channels", test_cat_channels);
  g_test_add_func ("/weights-view/bigger-room", test_bigger_room);
  g_test_add_func ("/weights-view/low-room", test_low_room);
  return g_test_run ();
}
