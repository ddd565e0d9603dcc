/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-tables.c: tables (CSV, TSV, the built-in digits and exam scores) in
 * the window: they open from the menu, by file name and by drop kind; the
 * grid draws their rows and the runs train on their float64 features
 * (issue 19). Waits are main-loop iterations with a deadline, never sleeps. */
#include "config.h"

#include <glib/gstdio.h>
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app/ll-handout.h"
#include "app/ll-window.h"
#include "app/ll-two-feature-view.h"
#include "app/ll-window-files.h"
#include "core/data/dataset.h"
#include "app-fixture.h"
#include "fixtures.h"

/* The brightest byte of ITEM's picture. */
static guint
brightest (LlTestImage *item)
{
  g_autoptr (GdkTexture) texture = ll_test_image_make_texture (item, 64);
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);
  guint max = 0;

  gdk_texture_download (texture, data, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height * 4; i += 4)
    max = MAX (max, data[i]);
  return max;
}

/* Digits 0..16 in an 8x8 shape: pictures in the grid, drawn over their
 * range (not divided by 255, which would leave them black), weights as a
 * picture; training reaches the digits' easy 0 vs 1. */
static void
test_digits (void)
{
  LlWindow *window = ll_test_window_on_builtin ("builtin:digits");
  const LlDataset *binary = ll_training_session_get_dataset (ll_window_get_session (window));
  LlResultGrid *grid = ll_window_get_result_grid (window);
  GListModel *items;
  g_autoptr (LlTestImage) first = NULL;
  guint n_bright = 0;

  g_assert_null (binary->test.pixels);
  g_assert_nonnull (binary->test.features);
  g_assert_cmpuint (binary->height, ==, 8);
  items = ll_result_grid_get_model (grid);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, binary->test.count);
  for (guint i = 0; i < MIN (10u, binary->test.count); i++)
    {
      g_autoptr (LlTestImage) item = g_list_model_get_item (items, i);

      n_bright += brightest (item) > 200;
      g_assert_null (ll_test_image_get_values (item));  /* a picture, not a row of text */
    }
  g_assert_cmpuint (n_bright, >, 5);

  ll_test_train_to_end (window, 100, 20);
  g_assert_cmpfloat (ll_result_grid_get_accuracy (grid, 0), >=, 95.0);
  g_assert_nonnull (ll_weights_view_get_texture (ll_window_get_weights_view (window), 0));
  g_assert_null (strstr (ll_weights_view_get_caption (ll_window_get_weights_view (window), 0), "w = "));
  /* The details panel draws an item too. */
  ll_result_grid_show_details (grid, 0);
  first = g_object_ref (ll_result_grid_get_details_item (grid));
  g_assert_nonnull (first);
  /* The handout draws the misclassified rows as the grid draws them (it
   * used to leave tables' pictures out); at threshold 0.999 every 1 is. */
  {
    LlRunStore *store = ll_training_session_get_store (ll_window_get_session (window));
    g_autoptr (LlHandout) handout = ll_handout_snapshot (store, 0.999);
    g_autoptr (GError) error = NULL;
    gboolean has_misclassified = FALSE;

    for (guint i = 0; i < ll_handout_get_n_pages (handout); i++)
      has_misclassified |= ll_handout_get_page (handout, i) == LL_HANDOUT_PAGE_MISCLASSIFIED;
    g_assert_true (has_misclassified);
    if (g_getenv ("LL_KEEP_HANDOUT_DIGITS") != NULL)
      {
        g_assert_true (ll_handout_write_snapshot (handout, g_getenv ("LL_KEEP_HANDOUT_DIGITS"), &error));
        g_assert_no_error (error);
      }
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* How many labels on the window's page NAME read TEXT. */
static guint
count_labels (LlWindow   *window,
              const char *name,
              const char *text)
{
  GtkWidget *page = gtk_stack_get_child_by_name (ll_window_get_stack (window), name);
  GtkWidget *widget = page;
  guint count = 0;

  /* Depth first, without recursion. */
  while (widget != NULL)
    {
      GtkWidget *next = gtk_widget_get_first_child (widget);

      if (GTK_IS_LABEL (widget))
        count += g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
      while (next == NULL && widget != page)
        {
          next = gtk_widget_get_next_sibling (widget);
          if (next == NULL)
            widget = gtk_widget_get_parent (widget);
        }
      widget = next;
    }
  return count;
}

/* The course's hand-check case: three training examples, no test split.
 * Titled like the other tables; the confusion view's test table and the
 * Test Images page say there are no test examples (they said "not trained
 * yet" after training, and "0 of 0 test images"). */
static void
test_propagate (void)
{
  LlWindow *window = ll_test_window_on_builtin ("builtin:propagate");

  g_assert_cmpstr (ll_window_get_title_text (window), ==, "Propagate test");
  ll_test_train_to_end (window, 100, 20);
  g_assert_cmpuint (count_labels (window, "confusion", "no test examples"), ==, 4);
  g_assert_cmpuint (count_labels (window, "confusion", "not trained yet"), ==, 0);
  g_assert_cmpuint (count_labels (window, "images", "This dataset has no test examples."), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Two exam scores: no image shape; every view survives a run. */
static void
test_exams (void)
{
  LlWindow *window = ll_test_window_on_builtin ("builtin:exams");
  const LlDataset *binary = ll_training_session_get_dataset (ll_window_get_session (window));
  LlResultGrid *grid = ll_window_get_result_grid (window);

  g_assert_cmpuint (binary->n_features, ==, 2);
  g_assert_nonnull (binary->feature_names);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, binary->test.count);
  /* Rows as text: each feature by name with its value. */
  {
    g_autoptr (LlTestImage) item = g_list_model_get_item (ll_result_grid_get_model (grid), 0);
    g_autofree char *line = g_strdup_printf ("%s = ", binary->feature_names[0]);

    g_assert_nonnull (ll_test_image_get_values (item));
    g_assert_true (g_str_has_prefix (ll_test_image_get_values (item), line));
    g_assert_nonnull (strstr (ll_test_image_get_values (item), binary->feature_names[1]));
  }
  ll_test_train_to_end (window, 100, 20);
  g_assert_false (isnan (ll_result_grid_get_accuracy (grid, 0)));
  g_assert_nonnull (ll_weights_view_get_texture (ll_window_get_weights_view (window), 0));
  /* Each weight by its column's name under the colours. */
  {
    g_autofree char *line = g_strdup_printf ("\n%s: w = ", binary->feature_names[1]);

    g_assert_nonnull (strstr (ll_weights_view_get_caption (ll_window_get_weights_view (window), 0), line));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A CSV file (semicolons, quoted header, as LibreOffice writes it) opens by
 * path, as Open Dataset File, a drop and the command line do. */
static void
test_csv_file (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "flowers.csv", NULL);
  g_autoptr (GString) text = g_string_new ("\"length\";\"width\";\"kind\"\n");
  g_autoptr (GError) error = NULL;
  LlWindow *window = ll_window_new (NULL, NULL);
  const LlDataset *binary;

  for (int i = 0; i < 40; i++)
    g_string_append_printf (text, "%d.5;%d;%s\n", 10 + i % 7, i % 5, i % 2 ? "rose" : "tulip");
  g_assert_true (g_file_set_contents (path, text->str, -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ll_file_kind (path), ==, LL_FILE_KIND_DATASET);

  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, path, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  binary = ll_training_session_get_dataset (ll_window_get_session (window));
  g_assert_cmpuint (binary->n_features, ==, 2);
  g_assert_cmpstr (binary->class_names[1], ==, "tulip");
  g_assert_cmpuint (binary->train.count + binary->test.count, ==, 40);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (ll_window_get_result_grid (window))),
                    ==, binary->test.count);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_no_errno (g_remove (path));
  g_assert_no_errno (g_rmdir (dir));
}

/* `--dataset builtin:exams` reaches the instance as app.open-dataset. */
static void
test_dataset_option (void)
{
  g_autoptr (LlApplication) application = ll_application_new ();
  g_autoptr (GError) error = NULL;
  LlWindow *window;

  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  g_action_group_activate_action (G_ACTION_GROUP (application), "open-dataset",
                                  g_variant_new_string ("builtin:exams"));
  window = LL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  g_assert_cmpuint (ll_training_session_get_dataset (ll_window_get_session (window))->n_features, ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Tables are datasets by name, whatever their content. */
static void
test_file_kind (void)
{
  g_assert_cmpint (ll_file_kind ("/nonexistent/data.csv"), ==, LL_FILE_KIND_DATASET);
  g_assert_cmpint (ll_file_kind ("/nonexistent/DATA.TSV"), ==, LL_FILE_KIND_DATASET);
  g_assert_cmpint (ll_file_kind ("/nonexistent/data.csv.gz"), ==, LL_FILE_KIND_DATASET);
}

static gpointer
template_child (LlWindow   *window,
                const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (window), LL_TYPE_WINDOW, name);

  g_assert_nonnull (child);
  return child;
}

/* The scaling as a user picks it in the sidebar: the pair is scaled again
 * on the loader's thread and the warning is there before any training. */
static void
pick_scaling (LlWindow *window,
              guint     item)
{
  gtk_drop_down_set_selected (template_child (window, "scaling_dropdown"), item);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
}

/* Digits divided by 255 stall, and the window says so before training;
 * standardized they train to 99 % and more (issue 19). */
static void
test_scaling (void)
{
  LlWindow *window = ll_test_window_on_builtin ("builtin:digits");
  LlRunConfig *config = ll_training_session_get_config (ll_window_get_session (window));
  GtkWidget *warning = template_child (window, "scaling_warning_label");
  const LlDataset *binary;
  double max = 0;

  /* The default for a table: standardized, no warning. */
  g_assert_cmpstr (ll_run_config_get_scaling (config), ==, "default");
  g_assert_false (gtk_widget_get_visible (warning));

  pick_scaling (window, 1);  /* None */
  g_assert_cmpstr (ll_run_config_get_scaling (config), ==, "none");
  binary = ll_training_session_get_dataset (ll_window_get_session (window));
  for (gsize i = 0; i < binary->train.count * binary->n_features; i++)
    max = MAX (max, binary->train.features[i]);
  g_assert_cmpfloat (max, ==, 16);  /* the values as they are */

  pick_scaling (window, 2);  /* Divide by 255 */
  g_assert_cmpstr (ll_run_config_get_scaling (config), ==, "max:255");
  g_assert_true (gtk_widget_get_visible (warning));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (warning)), "0..16"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (warning)), "stall"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (warning)), "Standardize"));

  pick_scaling (window, 4);  /* Standardize */
  g_assert_cmpstr (ll_run_config_get_scaling (config), ==, "standardize");
  g_assert_false (gtk_widget_get_visible (warning));
  ll_test_train_to_end (window, 100, 20);
  g_assert_cmpfloat (ll_result_grid_get_accuracy (ll_window_get_result_grid (window), 0), >=, 99.0);
  /* The trained weights (and so an export) say the scaling they expect. */
  {
    LlRunStore *store = ll_training_session_get_store (ll_window_get_session (window));
    const LlModel *model = ll_run_get_trained_model (ll_run_store_get_run (store, 0));

    g_assert_nonnull (model);
    g_assert_cmpstr (model->scaling, ==, "standardize");
    g_assert_nonnull (model->feature_scale);
    binary = ll_training_session_get_dataset (ll_window_get_session (window));
    g_assert_cmpfloat (model->feature_scale[0], ==, binary->feature_scale[0]);
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
line_points (LlFigure *figure,
             guint     run,
             double    xy[4])
{
  LlPlotLayer *line = ll_figure_get_layer (figure, LL_TWO_FEATURE_LINE (run));

  g_assert_cmpuint (ll_plot_layer_get_n_points (line), ==, 2);
  ll_plot_layer_get_point (line, 0, &xy[0], &xy[1]);
  ll_plot_layer_get_point (line, 1, &xy[2], &xy[3]);
}

/* The exam scores on their two features: every example a point, a line per
 * run that moves between record points and with the threshold. */
static void
test_two_features (void)
{
  LlWindow *window = ll_test_window_on_builtin ("builtin:exams");
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (window));
  LlTwoFeatureView *view = template_child (window, "two_feature_view");
  const LlDataset *binary = ll_training_session_get_dataset (ll_window_get_session (window));
  guint n_runs = ll_run_store_get_n_runs (store);
  LlFigure *figure;
  gsize n_points = 0;
  double early[4], late[4], moved[4];

  g_assert_true (ll_two_feature_view_get_available (view));
  gtk_stack_set_visible_child_name (template_child (window, "stack"), "boundary");
  figure = ll_figure_view_get_figure (ll_two_feature_view_get_figure_view (view));
  g_assert_cmpuint (ll_figure_get_n_layers (figure), ==, LL_TWO_FEATURE_LINE (n_runs));
  for (guint test = 0; test < 2; test++)
    for (guint c = 0; c < 2; c++)
      n_points += ll_plot_layer_get_n_points (ll_figure_get_layer (figure, LL_TWO_FEATURE_POINTS (test, c)));
  g_assert_cmpuint (n_points, ==, binary->train.count + binary->test.count);
  g_assert_false (ll_plot_layer_get_visible (ll_figure_get_layer (figure, LL_TWO_FEATURE_SHADE)));

  ll_test_train_to_end (window, 100, 20);
  figure = ll_figure_view_get_figure (ll_two_feature_view_get_figure_view (view));
  g_assert_true (ll_plot_layer_get_visible (ll_figure_get_layer (figure, LL_TWO_FEATURE_SHADE)));
  for (guint i = 0; i < n_runs; i++)
    line_points (figure, i, late);
  line_points (figure, 1, late);

  /* The timeline at an earlier record point: the line is elsewhere. */
  ll_run_store_set_moment (store, 20);
  line_points (ll_figure_view_get_figure (ll_two_feature_view_get_figure_view (view)), 1, early);
  g_assert_true (fabs (early[0] - late[0]) + fabs (early[1] - late[1]) +
                 fabs (early[2] - late[2]) + fabs (early[3] - late[3]) > 1e-3);
  ll_run_store_set_moment (store, -1);

  /* The threshold moves it too. */
  ll_result_grid_set_threshold (ll_window_get_result_grid (window), 0.8);
  line_points (ll_figure_view_get_figure (ll_two_feature_view_get_figure_view (view)), 1, moved);
  g_assert_true (fabs (moved[0] - late[0]) + fabs (moved[1] - late[1]) +
                 fabs (moved[2] - late[2]) + fabs (moved[3] - late[3]) > 1e-3);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
lesson_saved (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static gboolean
exams_unscaled (gpointer data)
{
  LlTrainingSession *session = ll_window_get_session (data);
  const LlDataset *binary = ll_training_session_get_dataset (session);

  return !ll_window_get_loading (data) && binary != NULL && binary->n_features == 2 &&
         g_strcmp0 (ll_run_config_get_scaling (ll_training_session_get_config (session)), "none") == 0;
}

/* A lesson keeps the table (builtin:exams, not the built-in Fashion pair)
 * and its scaling. */
static void
test_lesson_scaling (void)
{
  LlWindow *window = ll_test_window_on_builtin ("builtin:exams");
  LlRunConfig *config = ll_training_session_get_config (ll_window_get_session (window));
  g_autofree char *dir = g_dir_make_tmp ("ll-tables-lesson-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "exams.lllesson", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;

  pick_scaling (window, 1);  /* None */
  ll_window_save_lesson (window, path);
  ll_test_wait_for (lesson_saved, path);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "scaling=none\n"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-builtin", NULL));
  g_assert_true (ll_run_config_set_scaling (config, "standardize", NULL));
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_cmpuint (ll_training_session_get_dataset (ll_window_get_session (window))->n_features, !=, 2);

  ll_window_open_lesson (window, file);
  ll_test_wait_for (exams_unscaled, window);
  g_assert_null (ll_window_get_error (window));
  g_assert_cmpuint (gtk_drop_down_get_selected (template_child (window, "scaling_dropdown")), ==, 1);

  g_unlink (path);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Images have no two-feature picture: the page says why. */
static void
test_two_features_images (void)
{
  LlWindow *window = ll_test_window_on_builtin ("builtin:fashion");
  LlTwoFeatureView *view = template_child (window, "two_feature_view");

  g_assert_false (ll_two_feature_view_get_available (view));
  g_assert_null (ll_figure_view_get_figure (ll_two_feature_view_get_figure_view (view)));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/tables/digits", test_digits);
  g_test_add_func ("/tables/exams", test_exams);
  g_test_add_func ("/tables/propagate", test_propagate);
  g_test_add_func ("/tables/csv-file", test_csv_file);
  g_test_add_func ("/tables/scaling", test_scaling);
  g_test_add_func ("/tables/two-features", test_two_features);
  g_test_add_func ("/tables/two-features-images", test_two_features_images);
  g_test_add_func ("/tables/lesson-scaling", test_lesson_scaling);
  g_test_add_func ("/tables/file-kind", test_file_kind);
  g_test_add_func ("/tables/dataset-option", test_dataset_option);
  return g_test_run ();
}
