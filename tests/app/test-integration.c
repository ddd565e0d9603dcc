/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-integration.c: the window with its issue-6/7 pages wired up: the grid,
 * weights and classify views fed by a run, the threshold, drops on the
 * window, Open Weights and Export Plot. Waits iterate the main context until
 * a condition holds (a deadline fails the test), never sleep. */
#include "config.h"

#include <cairo.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app/ll-window-files.h"
#include "app/ll-window.h"
#include "core/io/model-io.h"
#include "app-fixture.h"
#include "fixtures.h"

static gboolean
window_imported (gpointer data)
{
  return !ll_window_get_importing (data);
}

static gboolean
has_error (gpointer data)
{
  return ll_window_get_error (data) != NULL;
}

/* A window on the built-in dataset (Coat vs Pullover, 28×28 grey), loaded,
 * decoding dropped files with the built logistic-lab. */
static LlWindow *
open_window (void)
{
  LlWindow *window = ll_window_new (NULL, NULL);

  gtk_window_present (GTK_WINDOW (window));
  ll_classify_view_set_helper_path (ll_window_get_classify_view (window), ll_test_logistic_lab ());
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  return window;
}

static const LlDataset *
window_dataset (LlWindow *window)
{
  return ll_training_session_get_dataset (ll_window_get_session (window));
}

static const char *
visible_page (LlWindow *window)
{
  return gtk_stack_get_visible_child_name (ll_window_get_stack (window));
}

/* A run fills the grid, the weights and the classify view --------------------- */

static void
test_run_fills_views (void)
{
  LlWindow *window = open_window ();
  const LlDataset *dataset = window_dataset (window);
  LlResultGrid *grid = ll_window_get_result_grid (window);
  LlWeightsView *weights = ll_window_get_weights_view (window);
  GListModel *items = ll_result_grid_get_model (grid);
  g_autofree char *positive_title = NULL;
  guint n_correct = 0;

  ll_test_train_to_end (window, 200, 20);

  /* One item per test image, titled with the dataset's class names. */
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, dataset->test.count);
  positive_title = g_strdup_printf ("True: %s · Predicted: ", dataset->class_names[1]);
  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr (LlTestImage) item = g_list_model_get_item (items, i);
      const char *title = ll_test_image_get_title (item);

      g_assert_true (g_str_has_prefix (title, "True: "));
      g_assert_nonnull (strstr (title, " · Predicted: "));
      if (ll_test_image_get_true_label (item) == 1)
        g_assert_true (g_str_has_prefix (title, positive_title));
      n_correct += ll_test_image_get_is_correct (item);
    }
  /* Coat vs Pullover after 200 steps: far better than chance. */
  g_assert_cmpuint (n_correct, >, dataset->test.count * 6 / 10);

  /* One weights texture per learning rate, 28 × 28 scaled up. */
  for (guint run = 0; run < 3; run++)
    {
      GdkTexture *texture = ll_weights_view_get_texture (weights, run);

      g_assert_nonnull (texture);
      g_assert_cmpint (gdk_texture_get_width (texture), ==,
                       (int) (dataset->width * ll_weights_view_get_scale (weights)));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The threshold re-labels the grid and the accuracy table ------------------- */

static void
test_threshold_relabels_table (void)
{
  LlWindow *window = open_window ();
  const LlDataset *dataset = window_dataset (window);
  LlResultGrid *grid = ll_window_get_result_grid (window);
  LlAccuracyTable *table = ll_window_get_accuracy_table (window);
  LlRunModel *model;
  g_autofree char *test_at_half = NULL;
  g_autofree char *train_at_half = NULL;
  char expected[G_ASCII_DTOSTR_BUF_SIZE];
  double train_accuracy;

  ll_test_train_to_end (window, 200, 50);
  model = ll_run_get_shown_model (ll_run_store_get_run (ll_training_session_get_store (ll_window_get_session (window)), 2));
  test_at_half = g_strdup (ll_accuracy_table_get_text (table, 2, 4));
  train_at_half = g_strdup (ll_accuracy_table_get_text (table, 2, 3));

  /* Nearly everything predicted negative: accuracy moves towards the share of label 0. */
  ll_result_grid_set_threshold (grid, 0.95);
  g_test_message ("lr 3 test accuracy at 0.5: %s, at 0.95: %s", test_at_half,
                  ll_accuracy_table_get_text (table, 2, 4));
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 2, 4), !=, test_at_half);
  g_ascii_formatd (expected, sizeof expected, "%.2f", ll_result_grid_get_accuracy (grid, 2));
  g_assert_true (g_str_has_prefix (ll_accuracy_table_get_text (table, 2, 4), expected));

  /* The train column follows too, from the run's training probabilities. */
  g_assert_nonnull (model->train_probabilities);
  train_accuracy = ll_accuracy (model->train_probabilities, dataset->train.labels,
                                dataset->train.count, 0.95);
  g_ascii_formatd (expected, sizeof expected, "%.2f", train_accuracy);
  g_assert_true (g_str_has_prefix (ll_accuracy_table_get_text (table, 2, 3), expected));

  /* Back at 0.5: the numbers the trainer reported. */
  ll_result_grid_set_threshold (grid, 0.5);
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 2, 4), ==, test_at_half);
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 2, 3), ==, train_at_half);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Drops on the window ------------------------------------------------------------ */

typedef struct {
  LlClassifyView *view;
  gboolean changed;
} ImageWait;

static void
on_image_changed (LlClassifyView *view,
                  ImageWait      *wait)
{
  wait->changed = TRUE;
}

static gboolean
drop_file (LlWindow   *window,
           const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GFile *files[] = { file };
  g_auto (GValue) value = G_VALUE_INIT;
  gboolean handled = FALSE;
  GtkDropTarget *target = NULL;
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers) && target == NULL; i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      gsize n_types = 0;
      const GType *types = GTK_IS_DROP_TARGET (controller)
                           ? gtk_drop_target_get_gtypes (GTK_DROP_TARGET (controller), &n_types) : NULL;

      /* The window's file target (another one takes pictures without a file). */
      for (gsize t = 0; t < n_types; t++)
        if (types[t] == GDK_TYPE_FILE_LIST)
          target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (files, 1));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  return handled;
}

static void
write_png (const char *path,
           guint8      grey)
{
  g_autofree guint8 *rgb = g_new (guint8, 40 * 30 * 3);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  memset (rgb, grey, 40 * 30 * 3);
  bytes = g_bytes_new (rgb, 40 * 30 * 3);
  texture = gdk_memory_texture_new (40, 30, GDK_MEMORY_R8G8B8, bytes, 40 * 3);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
test_drop_on_window (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "grey-coat.png", NULL);
  g_autofree char *text = g_build_filename (dir, "lesson-notes.txt", NULL);
  LlWindow *window = open_window ();
  LlTrainingSession *session = ll_window_get_session (window);
  LlClassifyView *classify = ll_window_get_classify_view (window);
  ImageWait wait = { classify, FALSE };
  gulong handler;

  write_png (png, 128);
  g_assert_true (g_file_set_contents (text, "not an image\n", -1, NULL));
  handler = g_signal_connect (classify, "image-changed", G_CALLBACK (on_image_changed), &wait);

  /* Trained models: every learning rate gives a probability. */
  ll_test_train_to_end (window, 100, 50);
  g_assert_true (drop_file (window, png));
  ll_test_wait_for (ll_test_flag_set, &wait.changed);
  g_assert_cmpstr (visible_page (window), ==, "classify");
  g_assert_cmpuint (ll_classify_view_get_image (classify)->width, ==, 40);
  g_assert_cmpuint (ll_classify_view_get_fitted_image (classify)->width, ==,
                    window_dataset (window)->width);
  g_assert_cmpuint (ll_classify_view_get_n_results (classify), ==, 3);
  for (guint run = 0; run < 3; run++)
    {
      double p = ll_classify_view_get_probability (classify, run);

      g_assert_true (p >= 0 && p <= 1);
      g_assert_nonnull (ll_classify_view_get_predicted_class (classify, run));
    }

  /* While training runs, a non-image gives a banner naming the file, and
   * the training goes on. */
  ll_training_session_set_speed (session, 0.0);
  ll_window_set_run_length (window, 100000, 100);
  g_assert_true (ll_window_train (window));
  g_assert_true (drop_file (window, text));
  ll_test_wait_for (has_error, window);
  g_test_message ("dropping a text file: %s", ll_window_get_error (window));
  g_assert_nonnull (strstr (ll_window_get_error (window), "lesson-notes.txt"));
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_RUNNING);
  /* The last good image stays. */
  g_assert_cmpstr (visible_page (window), ==, "classify");
  g_assert_cmpuint (ll_classify_view_get_image (classify)->width, ==, 40);

  g_signal_handler_disconnect (classify, handler);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Open Weights ------------------------------------------------------------------- */

/* Two models for 28 × 28 grey: w favours bright pixels at one rate, dark at the other. */
static void
write_weights (const char *path,
               gsize       n_features)
{
  g_autoptr (GPtrArray) models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);
  g_autoptr (GError) error = NULL;

  for (guint run = 0; run < 2; run++)
    {
      LlModel *model = ll_model_new (n_features);

      for (gsize i = 0; i < n_features; i++)
        model->w[i] = (run == 0 ? 1.0 : -1.0) * 0.01 * (double) (i % 7);
      model->b = run == 0 ? -1.0 : 1.0;
      model->learning_rate = run == 0 ? 0.1 : 0.01;
      model->iterations = 400;
      ll_model_append_cost (model, 0, 0.6931);
      ll_model_append_cost (model, 200, 0.5);
      ll_model_append_cost (model, 400, 0.4);
      g_ptr_array_add (models, model);
    }
  g_assert_true (ll_models_save_npz (path, models, &error));
  g_assert_no_error (error);
}

static void
test_open_weights (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "weights.npz", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  LlWindow *window = open_window ();
  LlResultGrid *grid = ll_window_get_result_grid (window);
  LlAccuracyTable *table = ll_window_get_accuracy_table (window);
  const LlDataset *dataset = window_dataset (window);

  write_weights (path, dataset->n_features);
  g_assert_true (isnan (ll_result_grid_get_accuracy (grid, 0)));

  ll_window_open_weights (window, file);
  g_assert_true (ll_window_get_importing (window));
  ll_test_wait_for (window_imported, window);
  g_assert_null (ll_window_get_error (window));

  /* Shown without training: the grid, the weights, the table, the curves. */
  g_assert_cmpint (ll_training_session_get_state (ll_window_get_session (window)), ==,
                   LL_SESSION_IDLE);
  g_assert_cmpstr (visible_page (window), ==, "images");
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==,
                    dataset->test.count);
  g_assert_false (isnan (ll_result_grid_get_accuracy (grid, 0)));
  g_assert_false (isnan (ll_result_grid_get_accuracy (grid, 1)));
  g_assert_nonnull (ll_weights_view_get_texture (ll_window_get_weights_view (window), 1));
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 0), ==, "0.1");
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 1, 1), ==, "400");
  g_assert_true (g_str_has_suffix (ll_accuracy_table_get_text (table, 1, 3), " %"));
  g_assert_true (g_str_has_suffix (ll_accuracy_table_get_text (table, 1, 4), " %"));
  g_assert_cmpuint (ll_cost_plot_get_n_points (ll_window_get_plot (window), 1), ==, 3);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_open_wrong_weights (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cat-weights.npz", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  LlWindow *window = open_window ();
  LlResultGrid *grid = ll_window_get_result_grid (window);
  const char *error;

  write_weights (path, 64 * 64 * 3);
  ll_window_open_weights (window, file);
  ll_test_wait_for (window_imported, window);
  error = ll_window_get_error (window);
  g_test_message ("wrong-size weights: %s", error);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "cat-weights.npz: 12288 weights, but this dataset has 784 features (28×28 grey)"));
  /* Nothing loaded. */
  g_assert_true (isnan (ll_result_grid_get_accuracy (grid, 0)));
  g_assert_cmpstr (ll_accuracy_table_get_text (ll_window_get_accuracy_table (window), 0, 4), ==, "—");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Export ------------------------------------------------------------------------- */

static gboolean
has_info (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_EXISTS);
}

static void
test_export (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "plot.png", NULL);
  g_autofree char *svg = g_build_filename (dir, "plot.svg", NULL);
  g_autofree char *gif = g_build_filename (dir, "plot.gif", NULL);
  g_autofree char *npz = g_build_filename (dir, "one-rate.npz", NULL);
  g_autofree char *svg_text = NULL;
  g_autoptr (GPtrArray) loaded = NULL;
  g_autoptr (GError) error = NULL;
  LlWindow *window = open_window ();
  cairo_surface_t *surface;

  ll_test_train_to_end (window, 100, 20);

  /* The plot, by the same function the dialog calls: drawn on a thread from
   * a copy, so the window's main loop goes on meanwhile (the time is reported). */
  {
    g_autofree char *big = g_build_filename (dir, "big.png", NULL);
    gint64 start = g_get_monotonic_time ();
    gint64 started;

    ll_window_export_plot (window, big, 1920, 1080);
    started = g_get_monotonic_time ();
    g_assert_false (g_file_test (big, G_FILE_TEST_EXISTS));
    ll_test_wait_for (has_info, big);
    g_test_message ("1920x1080 PNG export: %.1f ms in all, %.2f ms of it on the UI thread",
                    (g_get_monotonic_time () - start) / 1000.0, (started - start) / 1000.0);
    g_assert_null (ll_window_get_error (window));
  }
  ll_window_export_plot (window, png, 800, 600);
  ll_test_wait_for (has_info, png);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 800);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 600);
  cairo_surface_destroy (surface);
  ll_window_export_plot (window, svg, 1280, 720);
  ll_test_wait_for (has_info, svg);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<svg"));
  ll_window_export_plot (window, gif, 800, 600);
  ll_test_wait_for (has_error, window);
  g_assert_nonnull (strstr (ll_window_get_error (window), "plot.gif"));
  g_assert_false (g_file_test (gif, G_FILE_TEST_EXISTS));

  /* One learning rate's weights: plain names, that rate. */
  ll_window_export_weights (window, npz, 1);
  ll_test_wait_for (has_info, npz);
  loaded = ll_models_load_npz (npz, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->len, ==, 1);
  g_assert_cmpfloat (((LlModel *) g_ptr_array_index (loaded, 0))->learning_rate, ==,
                     ll_run_get_learning_rate (ll_run_store_get_run (
                       ll_training_session_get_store (ll_window_get_session (window)), 1)));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* `logistic-lab photo.png`: the application's open classifies the image
 * (and opens the usual dataset for the window it creates). */
static void
test_command_line_image (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "photo.png", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (png);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlApplication) application = ll_application_new ();
  GFile *files[] = { file };
  LlWindow *window;
  ImageWait wait = { NULL, FALSE };

  write_png (png, 200);
  g_application_set_flags (G_APPLICATION (application),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  /* The window exists once activated; the helper path is set before the open. */
  g_application_activate (G_APPLICATION (application));
  window = LL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  wait.view = ll_window_get_classify_view (window);
  ll_classify_view_set_helper_path (wait.view, ll_test_logistic_lab ());
  g_signal_connect (wait.view, "image-changed", G_CALLBACK (on_image_changed), &wait);

  g_application_open (G_APPLICATION (application), files, 1, "");
  ll_test_wait_for (ll_test_flag_set, &wait.changed);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  g_assert_cmpstr (visible_page (window), ==, "classify");
  g_assert_cmpuint (ll_classify_view_get_image (wait.view)->width, ==, 40);
  /* Before training it says so. */
  g_assert_cmpuint (ll_classify_view_get_n_results (wait.view), ==, 0);
  g_assert_nonnull (strstr (ll_classify_view_get_status_text (wait.view), "Train first"));

  g_signal_handlers_disconnect_by_data (wait.view, &wait);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_looks_like_image (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "photo.png", NULL);
  g_autofree char *named_png = g_build_filename (dir, "data.png", NULL);

  write_png (png, 10);
  g_assert_true (g_file_set_contents (named_png, "train_set_x", -1, NULL));
  g_assert_true (ll_file_looks_like_image (png));
  g_assert_false (ll_file_looks_like_image (named_png));  /* by content, not name */
  g_assert_false (ll_file_looks_like_image (dir));
  g_assert_false (ll_file_looks_like_image ("/nonexistent/photo.jpg"));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/integration/run-fills-views", test_run_fills_views);
  g_test_add_func ("/integration/threshold-relabels-table", test_threshold_relabels_table);
  g_test_add_func ("/integration/drop-on-window", test_drop_on_window);
  g_test_add_func ("/integration/open-weights", test_open_weights);
  g_test_add_func ("/integration/open-wrong-weights", test_open_wrong_weights);
  g_test_add_func ("/integration/export", test_export);
  g_test_add_func ("/integration/command-line-image", test_command_line_image);
  g_test_add_func ("/integration/looks-like-image", test_looks_like_image);

  return g_test_run ();
}
