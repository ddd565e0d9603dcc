/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-result-grid.c: the True/Predicted grid, the weights view and the
 * classify view (with drops of a PNG, a texture and a non-image) on a
 * hand-made dataset of six 4x4 grey test images; and the views, the table
 * and the plot following one run store. */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app/ll-accuracy-table.h"
#include "app/ll-classify-view.h"
#include "app/ll-confusion-view.h"
#include "app/ll-cost-plot.h"
#include "app/ll-result-cell.h"
#include "app/ll-result-grid.h"
#include "app/ll-timeline.h"
#include "app/ll-weights-view.h"
#include "core/data/dataset.h"
#include "core/train/model.h"
#include "app-fixture.h"
#include "fixtures.h"

#define N_TEST 6
#define SIDE 4

/* Labels and two runs' probabilities. At threshold 0.5, run 0 gets images 2
 * and 3 wrong (accuracy 4/6); at 0.35 only image 3 (5/6). */
static const guint8 test_labels[N_TEST] = { 0, 1, 1, 0, 1, 0 };
static const double run0_probabilities[N_TEST] = { 0.2, 0.9, 0.4, 0.6, 0.7, 0.1 };
static const double run1_probabilities[N_TEST] = { 0.1, 0.8, 0.7, 0.3, 0.6, 0.2 };
static const double learning_rates[2] = { 0.5, 0.01 };

static LlDataset *
make_dataset_sized (guint n_test)
{
  LlDataset *dataset = g_new0 (LlDataset, 1);
  const char *names[] = { "non-cat", "cat", NULL };

  dataset->name = g_strdup ("tiny");
  dataset->path = g_strdup ("memory");
  dataset->format = g_strdup ("test");
  dataset->height = SIDE;
  dataset->width = SIDE;
  dataset->channels = 1;
  dataset->n_features = SIDE * SIDE;
  dataset->n_classes = 2;
  dataset->class_names = g_strdupv ((char **) names);
  dataset->test.count = n_test;
  dataset->test.pixels = g_new (guint8, n_test * SIDE * SIDE);
  dataset->test.labels = g_new (guint8, n_test);
  for (guint i = 0; i < n_test; i++)
    dataset->test.labels[i] = test_labels[i % N_TEST];
  for (guint i = 0; i < n_test * SIDE * SIDE; i++)
    dataset->test.pixels[i] = (guint8) (i * 37 % 256);
  return dataset;
}

static LlDataset *
make_dataset (void)
{
  return make_dataset_sized (N_TEST);
}

static LlResultGrid *
make_grid (void)
{
  g_autoptr (LlDataset) dataset = make_dataset ();
  LlResultGrid *grid = LL_RESULT_GRID (g_object_ref_sink (ll_result_grid_new ()));

  ll_result_grid_set_dataset (grid, dataset);
  /* The grid keeps its own copy: the dataset is freed here. */
  ll_result_grid_set_runs (grid, learning_rates, G_N_ELEMENTS (learning_rates));
  return grid;
}

static LlTestImage *
visible_item (LlResultGrid *grid,
              guint         position)
{
  LlTestImage *item = g_list_model_get_item (ll_result_grid_get_model (grid), position);

  g_object_unref (item);  /* the model keeps it alive */
  return item;
}

static void
test_grid_titles (void)
{
  g_autoptr (LlResultGrid) grid = make_grid ();
  GListModel *model = ll_result_grid_get_model (grid);
  static const char *expected[N_TEST] = {
    "True: non-cat · Predicted: non-cat",
    "True: cat · Predicted: cat",
    "True: cat · Predicted: non-cat",
    "True: non-cat · Predicted: cat",
    "True: cat · Predicted: cat",
    "True: non-cat · Predicted: non-cat",
  };
  static const gboolean expected_correct[N_TEST] = { TRUE, TRUE, FALSE, FALSE, TRUE, TRUE };

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, N_TEST);
  /* Before any model: the truth only, neither right nor wrong. */
  g_assert_cmpstr (ll_test_image_get_title (visible_item (grid, 1)), ==, "True: cat");
  g_assert_false (ll_test_image_get_is_correct (visible_item (grid, 1)));
  g_assert_true (isnan (ll_result_grid_get_accuracy (grid, 0)));

  ll_result_grid_set_probabilities (grid, 0, run0_probabilities, N_TEST);
  for (guint i = 0; i < N_TEST; i++)
    {
      LlTestImage *item = visible_item (grid, i);

      g_assert_cmpstr (ll_test_image_get_title (item), ==, expected[i]);
      g_assert_cmpint (ll_test_image_get_is_correct (item), ==, expected_correct[i]);
    }
  g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (grid, 0), 400.0 / 6, 1e-9);
  /* Run 1 has no probabilities yet. */
  g_assert_true (isnan (ll_result_grid_get_accuracy (grid, 1)));

  {
    g_autofree char *text = ll_test_image_format_probability (visible_item (grid, 1));

    g_assert_cmpstr (text, ==, "p(cat) = 0.90");
  }
}

static void
test_grid_misclassified_filter (void)
{
  g_autoptr (LlResultGrid) grid = make_grid ();
  const double all_right[N_TEST] = { 0.1, 0.9, 0.9, 0.1, 0.9, 0.1 };

  /* The grid is not mapped: it refilters when its model is asked for. */
  ll_result_grid_set_probabilities (grid, 0, run0_probabilities, N_TEST);
  ll_result_grid_set_misclassified_only (grid, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, 2);
  g_assert_cmpuint (ll_test_image_get_index (visible_item (grid, 0)), ==, 2);
  g_assert_cmpuint (ll_test_image_get_index (visible_item (grid, 1)), ==, 3);

  /* A later record point where the model gets everything right. */
  ll_result_grid_set_probabilities (grid, 0, all_right, N_TEST);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, 0);

  ll_result_grid_set_probabilities (grid, 0, run0_probabilities, N_TEST);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, 2);

  ll_result_grid_set_misclassified_only (grid, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, N_TEST);
}

static void
count_signal (guint *count)
{
  (*count)++;
}

static void
test_grid_threshold (void)
{
  g_autoptr (LlResultGrid) grid = make_grid ();
  guint accuracy_changes = 0;

  g_signal_connect_swapped (grid, "accuracy-changed", G_CALLBACK (count_signal), &accuracy_changes);
  ll_result_grid_set_probabilities (grid, 0, run0_probabilities, N_TEST);
  g_assert_cmpuint (accuracy_changes, ==, 1);
  g_assert_cmpfloat (ll_result_grid_get_threshold (grid), ==, 0.5);

  ll_result_grid_set_threshold (grid, 0.35);
  g_assert_cmpuint (accuracy_changes, ==, 2);
  g_assert_cmpstr (ll_test_image_get_title (visible_item (grid, 2)), ==,
                   "True: cat · Predicted: cat");
  g_assert_true (ll_test_image_get_is_correct (visible_item (grid, 2)));
  g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (grid, 0), 500.0 / 6, 1e-9);

  /* The property (what the slider drives) does the same. */
  g_object_set (grid, "threshold", 0.95, NULL);
  g_assert_cmpstr (ll_test_image_get_title (visible_item (grid, 1)), ==,
                   "True: cat · Predicted: non-cat");
  g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (grid, 0), 50.0, 1e-9);
  g_assert_cmpuint (accuracy_changes, ==, 3);
}

static void
test_grid_runs_and_details (void)
{
  g_autoptr (LlResultGrid) grid = make_grid ();
  g_autofree char *text = NULL;

  ll_result_grid_set_probabilities (grid, 0, run0_probabilities, N_TEST);
  ll_result_grid_set_probabilities (grid, 1, run1_probabilities, N_TEST);

  /* Run 1 predicts image 2 right and image 3 right. */
  ll_result_grid_set_run (grid, 1);
  g_assert_cmpstr (ll_test_image_get_title (visible_item (grid, 2)), ==,
                   "True: cat · Predicted: cat");
  g_assert_cmpstr (ll_test_image_get_title (visible_item (grid, 3)), ==,
                   "True: non-cat · Predicted: non-cat");
  g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (grid, 1), 100.0, 1e-9);

  g_assert_null (ll_result_grid_dup_details_text (grid));
  ll_result_grid_show_details (grid, 2);
  g_assert_true (ll_result_grid_get_details_item (grid) == visible_item (grid, 2));
  text = ll_result_grid_dup_details_text (grid);
  g_assert_cmpstr (text, ==,
                   "lr = 0.5: p(cat) = 0.40 → non-cat\n"
                   "lr = 0.01: p(cat) = 0.70 → cat");

  /* A new record point updates the open panel. */
  {
    double later[N_TEST];
    g_autofree char *updated = NULL;

    memcpy (later, run0_probabilities, sizeof later);
    later[2] = 0.55;
    ll_result_grid_set_probabilities (grid, 0, later, N_TEST);
    updated = ll_result_grid_dup_details_text (grid);
    g_assert_nonnull (strstr (updated, "lr = 0.5: p(cat) = 0.55 → cat"));
  }

  /* New runs forget the old probabilities. */
  ll_result_grid_set_runs (grid, learning_rates, 1);
  g_assert_cmpuint (ll_result_grid_get_run (grid), ==, 0);
  g_assert_cmpstr (ll_test_image_get_title (visible_item (grid, 2)), ==, "True: cat");
}

/* The iteration guard: fails the test instead of hanging forever. */
static gboolean
on_too_long (gpointer user_data)
{
  g_error ("%s: timed out", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static void
collect_cells (GtkWidget *widget,
               GPtrArray *cells)
{
  if (LL_IS_RESULT_CELL (widget))
    g_ptr_array_add (cells, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_cells (child, cells);
}

static void
test_grid_renders_marks (void)
{
  g_autoptr (LlResultGrid) grid = make_grid ();
  GtkWidget *window = gtk_window_new ();
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();
  guint guard = g_timeout_add_seconds (20, on_too_long, (gpointer) "rendering the grid");
  guint n_wrong = 0, n_right = 0;

  ll_result_grid_set_probabilities (grid, 0, run0_probabilities, N_TEST);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (grid));
  gtk_window_present (GTK_WINDOW (window));

  while (cells->len < N_TEST)
    {
      g_main_context_iteration (NULL, TRUE);
      g_ptr_array_set_size (cells, 0);
      collect_cells (GTK_WIDGET (grid), cells);
      for (guint i = 0; i < cells->len; i++)
        if (ll_result_cell_get_item (g_ptr_array_index (cells, i)) == NULL)
          g_ptr_array_remove_index_fast (cells, i--);
    }
  g_source_remove (guard);

  for (guint i = 0; i < cells->len; i++)
    {
      GtkWidget *cell = g_ptr_array_index (cells, i);
      LlTestImage *item = ll_result_cell_get_item (LL_RESULT_CELL (cell));
      gboolean correct = ll_test_image_get_is_correct (item);

      /* Colour (CSS class) and an icon with a tooltip, never colour alone. */
      g_assert_cmpint (gtk_widget_has_css_class (cell, "ll-correct"), ==, correct);
      g_assert_cmpint (gtk_widget_has_css_class (cell, "ll-wrong"), ==, !correct);
      n_wrong += !correct;
      n_right += correct;
    }
  g_assert_cmpuint (n_wrong, ==, 2);
  g_assert_cmpuint (n_right, ==, 4);

  /* Items do not notify: a record point refreshes the bound cells directly. */
  {
    const double all_right[N_TEST] = { 0.1, 0.9, 0.9, 0.1, 0.9, 0.1 };

    ll_result_grid_set_probabilities (grid, 0, all_right, N_TEST);
    for (guint i = 0; i < cells->len; i++)
      {
        GtkWidget *cell = g_ptr_array_index (cells, i);

        g_assert_true (gtk_widget_has_css_class (cell, "ll-correct"));
        g_assert_false (gtk_widget_has_css_class (cell, "ll-wrong"));
      }
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
count_items_changed (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     guint      *count)
{
  (*count)++;
}

/* A window with a stack: a "cost" page shown, GRID on the hidden "images"
 * page, as the window has them; returned once the stack is on screen. */
static GtkWidget *
present_behind_cost_page (LlResultGrid *grid,
                          GtkStack    **stack_out)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *stack = gtk_stack_new ();

  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("the cost page"), "cost");
  gtk_stack_add_named (GTK_STACK (stack), GTK_WIDGET (grid), "images");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "cost");
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 600);
  gtk_window_set_child (GTK_WINDOW (window), stack);
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (stack))
    g_main_context_iteration (NULL, TRUE);
  *stack_out = GTK_STACK (stack);
  return window;
}

/* On a hidden stack page a record point changes no widget and signals
 * nothing per item; showing the page brings the filter, in one
 * items-changed, up to date. */
static void
test_grid_hidden_page_waits (void)
{
  g_autoptr (LlResultGrid) grid = make_grid ();
  GtkStack *stack;
  GtkWidget *window = present_behind_cost_page (grid, &stack);
  GListModel *model;
  guint items_changed = 0, notifies = 0;
  const double all_right[N_TEST] = { 0.1, 0.9, 0.9, 0.1, 0.9, 0.1 };

  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (grid)));

  ll_result_grid_set_misclassified_only (grid, TRUE);
  model = ll_result_grid_get_model (grid);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);  /* nothing scored yet */
  g_signal_connect (model, "items-changed", G_CALLBACK (count_items_changed), &items_changed);

  /* Two record points while hidden: the filtered model does not move. */
  ll_result_grid_set_probabilities (grid, 0, run0_probabilities, N_TEST);
  ll_result_grid_set_probabilities (grid, 0, all_right, N_TEST);
  ll_result_grid_set_probabilities (grid, 0, run0_probabilities, N_TEST);
  g_assert_cmpuint (items_changed, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  /* ... but the accuracy (what the table shows) is current. */
  g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (grid, 0), 400.0 / 6, 1e-9);

  /* Shown: one refilter, the two wrong images. */
  gtk_stack_set_visible_child_name (stack, "images");
  while (!gtk_widget_get_mapped (GTK_WIDGET (grid)))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* Seen: a record point that flips two predictions refilters once, and
   * one that flips nothing does not refilter at all. No item notifies. */
  ll_result_grid_set_misclassified_only (grid, FALSE);
  items_changed = 0;
  for (guint i = 0; i < N_TEST; i++)
    {
      LlTestImage *item = visible_item (grid, i);

      g_signal_connect (item, "notify", G_CALLBACK (ll_test_count_notify), &notifies);
    }
  ll_result_grid_set_misclassified_only (grid, TRUE);
  g_assert_cmpuint (items_changed, ==, 1);
  ll_result_grid_set_probabilities (grid, 0, all_right, N_TEST);
  g_assert_cmpuint (items_changed, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  ll_result_grid_set_probabilities (grid, 0, all_right, N_TEST);
  g_assert_cmpuint (items_changed, ==, 2);
  g_assert_cmpuint (notifies, ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A new dataset on a hidden page makes no cells: GtkGridView would make one
 * for each of up to ~200 items at once (100 to 400 ms after a load). They
 * come when the page is shown; the model is current whenever asked. */
static void
test_grid_hidden_page_makes_no_cells (void)
{
  g_autoptr (LlDataset) dataset = make_dataset ();
  g_autoptr (LlResultGrid) grid = LL_RESULT_GRID (g_object_ref_sink (ll_result_grid_new ()));
  GtkStack *stack;
  GtkWidget *window = present_behind_cost_page (grid, &stack);
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();
  guint guard = g_timeout_add_seconds (20, on_too_long, (gpointer) "showing the grid");

  ll_result_grid_set_dataset (grid, dataset);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  collect_cells (GTK_WIDGET (grid), cells);
  g_assert_cmpuint (cells->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, N_TEST);

  gtk_stack_set_visible_child_name (stack, "images");
  while (cells->len < N_TEST)
    {
      g_main_context_iteration (NULL, TRUE);
      g_ptr_array_set_size (cells, 0);
      collect_cells (GTK_WIDGET (grid), cells);
    }
  g_source_remove (guard);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
record_items_changed (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GArray     *changes)
{
  guint change[3] = { position, removed, added };

  g_array_append_vals (changes, change, 3);
}

/* A page of images shown for the first time gets its items a few rows a
 * frame, each stretch announced alone (GtkGridView keeps the cells it made),
 * the count of the whole list in the summary from the start; whoever asks
 * for the model gets the whole list at once. */
static void
test_grid_fills_a_few_rows_a_frame (void)
{
  const guint n_test = 300;
  g_autoptr (LlDataset) dataset = make_dataset_sized (n_test);
  g_autoptr (LlResultGrid) grid = LL_RESULT_GRID (g_object_ref_sink (ll_result_grid_new ()));
  GtkStack *stack;
  GtkWidget *window = present_behind_cost_page (grid, &stack);
  g_autoptr (GArray) changes = g_array_new (FALSE, FALSE, sizeof (guint));
  guint guard = g_timeout_add_seconds (20, on_too_long, (gpointer) "filling the grid");
  GListModel *model;
  GtkLabel *summary;
  guint first;

  ll_result_grid_set_dataset (grid, dataset);

  /* The model as the view sees it (asking the grid would complete it). */
  model = G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (
    gtk_widget_get_template_child (GTK_WIDGET (grid), LL_TYPE_RESULT_GRID, "grid_view"))));
  g_signal_connect (model, "items-changed", G_CALLBACK (record_items_changed), changes);
  gtk_stack_set_visible_child_name (stack, "images");
  first = g_list_model_get_n_items (model);
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (first, <, n_test);
  summary = GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (grid), LL_TYPE_RESULT_GRID,
                                                      "summary_label"));
  g_assert_nonnull (strstr (gtk_label_get_text (summary), "300 of 300"));
  while (g_list_model_get_n_items (model) < n_test)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  /* After the first stretch, only additions at the end. */
  g_assert_cmpuint (changes->len / 3, >, 2);
  for (guint i = 3; i < changes->len; i += 3)
    {
      g_assert_cmpuint (g_array_index (changes, guint, i + 1), ==, 0);
      g_assert_cmpuint (g_array_index (changes, guint, i), ==,
                        g_array_index (changes, guint, i - 3) + g_array_index (changes, guint, i - 1));
    }

  /* Asked, the grid's model is whole at once, also mid-growth. */
  gtk_stack_set_visible_child_name (stack, "cost");
  ll_result_grid_set_misclassified_only (grid, TRUE);
  ll_result_grid_set_misclassified_only (grid, FALSE);
  gtk_stack_set_visible_child_name (stack, "images");
  g_assert_cmpuint (g_list_model_get_n_items (model), <, n_test);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, n_test);
  gtk_window_destroy (GTK_WINDOW (window));
}

static GtkWidget *
find_scale (GtkWidget *widget)
{
  if (GTK_IS_SCALE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *scale = find_scale (child);

      if (scale != NULL)
        return scale;
    }
  return NULL;
}

static void
on_frame_drawn (GdkFrameClock *clock,
                guint         *frames)
{
  (*frames)++;
}

/* A drag: several slider values within one frame are applied once, the last. */
static void
test_grid_slider_once_per_frame (void)
{
  g_autoptr (LlResultGrid) grid = make_grid ();
  GtkWidget *window = gtk_window_new ();
  GtkAdjustment *adjustment;
  guint accuracy_changes = 0, frames = 0;
  guint guard = g_timeout_add_seconds (20, on_too_long, (gpointer) "a frame after the slider moved");

  ll_result_grid_set_probabilities (grid, 0, run0_probabilities, N_TEST);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (grid));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (grid)))
    g_main_context_iteration (NULL, TRUE);
  adjustment = gtk_range_get_adjustment (GTK_RANGE (find_scale (GTK_WIDGET (grid))));
  g_signal_connect_swapped (grid, "accuracy-changed", G_CALLBACK (count_signal), &accuracy_changes);
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_frame_drawn), &frames);

  gtk_adjustment_set_value (adjustment, 0.45);
  gtk_adjustment_set_value (adjustment, 0.40);
  gtk_adjustment_set_value (adjustment, 0.35);
  g_assert_cmpuint (accuracy_changes, ==, 0);
  g_assert_cmpfloat (ll_result_grid_get_threshold (grid), ==, 0.5);

  while (frames == 0)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
  g_assert_cmpuint (accuracy_changes, ==, 1);
  g_assert_cmpfloat (ll_result_grid_get_threshold (grid), ==, 0.35);
  g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (grid, 0), 500.0 / 6, 1e-9);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
pixel_at (GdkTexture *texture,
          guint       x,
          guint       y,
          guint8      rgb[3])
{
  gsize stride = (gsize) gdk_texture_get_width (texture) * 4;
  g_autofree guint32 *argb = g_malloc (stride * gdk_texture_get_height (texture));
  guint32 pixel;

  gdk_texture_download (texture, (guchar *) argb, stride);
  pixel = argb[y * gdk_texture_get_width (texture) + x];
  rgb[0] = (pixel >> 16) & 0xff;
  rgb[1] = (pixel >> 8) & 0xff;
  rgb[2] = pixel & 0xff;
}

static void
test_weights_view (void)
{
  GtkWidget *view = g_object_ref_sink (ll_weights_view_new ());
  double w[SIDE * SIDE] = { 0 };
  guint scale;
  GdkTexture *texture;
  guint8 rgb[3];

  ll_weights_view_set_shape (LL_WEIGHTS_VIEW (view), SIDE, SIDE, 1, "non-cat", "cat");
  ll_weights_view_set_runs (LL_WEIGHTS_VIEW (view), learning_rates, 2);
  g_assert_null (ll_weights_view_get_texture (LL_WEIGHTS_VIEW (view), 0));

  w[0] = 2.0;    /* top left: strongly towards cat */
  w[1] = -2.0;   /* next: strongly towards non-cat */
  w[2] = 1.0;    /* half way */
  ll_weights_view_set_weights (LL_WEIGHTS_VIEW (view), 1, w, G_N_ELEMENTS (w));

  scale = ll_weights_view_get_scale (LL_WEIGHTS_VIEW (view));
  g_assert_cmpuint (scale, ==, LL_WEIGHTS_VIEW_TARGET_SIDE / SIDE);
  texture = ll_weights_view_get_texture (LL_WEIGHTS_VIEW (view), 1);
  g_assert_nonnull (texture);
  g_assert_null (ll_weights_view_get_texture (LL_WEIGHTS_VIEW (view), 0));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, SIDE * scale);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, SIDE * scale);

  /* Nearest scaling: the whole first square is the first weight's colour. */
  pixel_at (texture, scale - 1, scale - 1, rgb);
  g_assert_cmpuint (rgb[0], >, 150);
  g_assert_cmpuint (rgb[2], <, 80);          /* red */
  pixel_at (texture, scale, 0, rgb);
  g_assert_cmpuint (rgb[2], >, 150);
  g_assert_cmpuint (rgb[0], <, 80);          /* blue */
  pixel_at (texture, 3 * scale, 0, rgb);
  g_assert_cmpuint (rgb[0], ==, 255);
  g_assert_cmpuint (rgb[1], ==, 255);
  g_assert_cmpuint (rgb[2], ==, 255);        /* zero is white */

  g_object_unref (view);
}

static void
test_weights_rgb_mean (void)
{
  /* 1x2 RGB: pixel 0 channels (3, -1, 1) mean 1; pixel 1 (-1, -1, -1) mean -1. */
  const double w[6] = { 3, -1, 1, -1, -1, -1 };
  guint8 rgb[6];
  double max_abs = ll_weights_to_rgb (w, 1, 2, 3, rgb);

  g_assert_cmpfloat_with_epsilon (max_abs, 1.0, 1e-12);
  g_assert_cmpuint (rgb[0], ==, 178);  /* full red end */
  g_assert_cmpuint (rgb[5], ==, 172);  /* full blue end */
}

static LlModel *
make_model (double learning_rate,
            double weight,
            double bias)
{
  LlModel *model = ll_model_new (SIDE * SIDE);

  for (guint j = 0; j < SIDE * SIDE; j++)
    model->w[j] = weight;
  model->b = bias;
  model->learning_rate = learning_rate;
  model->height = SIDE;
  model->width = SIDE;
  model->channels = 1;
  ll_model_set_class_names (model, "non-cat", "cat");
  return model;
}

static GPtrArray *
make_models (void)
{
  GPtrArray *models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);

  g_ptr_array_add (models, make_model (0.5, 1.0, -4.0));
  g_ptr_array_add (models, make_model (0.01, -1.0, 1.0));
  return models;
}

/* 8x8 RGB, every pixel (255, 255, 255) * level: fitted to 4x4 grey it is
 * 16 features of value ~level. */
static LlImage *
make_flat_image (guint8 value)
{
  LlImage *image = ll_image_new (8, 8, 3);

  memset (image->pixels, value, 8 * 8 * 3);
  return image;
}

static void
test_classify_view (void)
{
  GtkWidget *view = g_object_ref_sink (ll_classify_view_new ());
  LlClassifyView *classify = LL_CLASSIFY_VIEW (view);
  g_autoptr (LlImage) image = make_flat_image (255);
  g_autoptr (GPtrArray) models = make_models ();
  const LlImage *fitted;

  g_assert_cmpstr (ll_classify_view_get_status_text (classify), ==, "");

  ll_classify_view_set_shape (classify, SIDE, SIDE, 1);
  ll_classify_view_set_image (classify, image, NULL);
  fitted = ll_classify_view_get_fitted_image (classify);
  g_assert_nonnull (fitted);
  g_assert_cmpuint (fitted->width, ==, SIDE);
  g_assert_cmpuint (fitted->channels, ==, 1);
  g_assert_cmpstr (ll_classify_view_get_status_text (classify), ==,
                   "Train first (or open weights) to classify this image.");
  g_assert_cmpuint (ll_classify_view_get_n_results (classify), ==, 0);

  ll_classify_view_set_models (classify, models);
  /* The view copied the models: the caller's may go. */
  g_clear_pointer (&models, g_ptr_array_unref);
  g_assert_cmpuint (ll_classify_view_get_n_results (classify), ==, 2);
  /* All features 1: z = 16 - 4 = 12 and z = -16 + 1 = -15. */
  g_assert_cmpfloat_with_epsilon (ll_classify_view_get_probability (classify, 0),
                                  ll_sigmoid (12.0), 1e-9);
  g_assert_cmpstr (ll_classify_view_get_predicted_class (classify, 0), ==, "cat");
  g_assert_cmpfloat_with_epsilon (ll_classify_view_get_probability (classify, 1),
                                  ll_sigmoid (-15.0), 1e-12);
  g_assert_cmpstr (ll_classify_view_get_predicted_class (classify, 1), ==, "non-cat");

  /* A model of another shape is not applied to the wrong input. */
  {
    g_autoptr (GPtrArray) other = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);

    g_ptr_array_add (other, ll_model_new (7));
    ll_classify_view_set_models (classify, other);
    g_assert_cmpuint (ll_classify_view_get_n_results (classify), ==, 1);
    g_assert_true (isnan (ll_classify_view_get_probability (classify, 0)));
    g_assert_null (ll_classify_view_get_predicted_class (classify, 0));
  }

  /* Another dataset's shape: the image is fitted to it again. */
  ll_classify_view_set_shape (classify, 4, 6, 3);
  fitted = ll_classify_view_get_fitted_image (classify);
  g_assert_nonnull (fitted);
  g_assert_cmpuint (fitted->height, ==, 4);
  g_assert_cmpuint (fitted->width, ==, 6);
  g_assert_cmpuint (fitted->channels, ==, 3);
  g_assert_nonnull (ll_classify_view_get_image (classify));

  g_object_unref (view);
}

/* Drops, through the drop target's own "drop" signal. */

typedef struct
{
  gboolean done;
  GError *error;
} DropOutcome;

static void
on_image_changed (LlClassifyView *view,
                  DropOutcome    *outcome)
{
  outcome->done = TRUE;
}

static void
on_load_failed (LlClassifyView *view,
                const GError   *error,
                DropOutcome    *outcome)
{
  outcome->done = TRUE;
  outcome->error = g_error_copy (error);
}

static gboolean
emit_drop (GtkDropTarget *target,
           const GValue  *value)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (target, "drop", value, 10.0, 10.0, &handled);
  return handled;
}

/* What the window does with a dropped or opened image file (its own drop
 * target, tested in test-window and test-corpus, opens files by kind). */
static void
load_file (LlClassifyView *classify,
           const char     *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);

  ll_classify_view_load_file_async (classify, file, NULL, NULL, NULL);
}

static void
wait_for (DropOutcome *outcome,
          const char  *what)
{
  guint guard = g_timeout_add_seconds (30, on_too_long, (gpointer) what);

  /* No sleeping: the helper's answer arrives as a main-context event. */
  while (!outcome->done)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);
}

static GdkTexture *
make_texture (guint width,
              guint height,
              guint8 red,
              guint8 green,
              guint8 blue)
{
  g_autofree guint8 *rgb = g_new (guint8, width * height * 3);
  g_autoptr (GBytes) bytes = NULL;

  for (guint i = 0; i < width * height; i++)
    {
      rgb[i * 3] = red;
      rgb[i * 3 + 1] = green;
      rgb[i * 3 + 2] = blue;
    }
  bytes = g_bytes_new (rgb, width * height * 3);
  return gdk_memory_texture_new ((int) width, (int) height, GDK_MEMORY_R8G8B8, bytes, width * 3);
}

static void
test_drop_files (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *png = g_build_filename (dir, "white-square.png", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autoptr (GdkTexture) white = make_texture (20, 10, 255, 255, 255);
  g_autoptr (GPtrArray) models = make_models ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = ll_classify_view_new ();
  LlClassifyView *classify = LL_CLASSIFY_VIEW (view);
  GtkDropTarget *target;
  DropOutcome outcome = { 0 };
  const LlImage *shown;

  g_assert_true (gdk_texture_save_to_png (white, png));
  g_assert_true (g_file_set_contents (text, "not an image\n", -1, NULL));

  gtk_window_set_child (GTK_WINDOW (window), view);
  ll_classify_view_set_helper_path (classify, ll_test_logistic_lab ());
  ll_classify_view_set_shape (classify, SIDE, SIDE, 1);
  ll_classify_view_set_models (classify, models);
  /* The window attaches the texture drop target to itself. */
  target = ll_classify_view_attach_drop_target (classify, window);
  g_signal_connect (view, "image-changed", G_CALLBACK (on_image_changed), &outcome);
  g_signal_connect (view, "load-failed", G_CALLBACK (on_load_failed), &outcome);

  load_file (classify, png);
  wait_for (&outcome, "decoding a dropped PNG");
  g_assert_no_error (outcome.error);
  shown = ll_classify_view_get_image (classify);
  g_assert_nonnull (shown);
  g_assert_cmpuint (shown->width, ==, 20);
  g_assert_cmpuint (shown->height, ==, 10);
  g_assert_cmpuint (ll_classify_view_get_fitted_image (classify)->width, ==, SIDE);
  g_assert_cmpuint (ll_classify_view_get_n_results (classify), ==, 2);
  g_assert_cmpfloat_with_epsilon (ll_classify_view_get_probability (classify, 0),
                                  ll_sigmoid (12.0), 1e-9);
  g_assert_cmpstr (ll_classify_view_get_predicted_class (classify, 0), ==, "cat");

  /* A non-image: an error naming the file, and the image shown stays. */
  outcome.done = FALSE;
  load_file (classify, text);
  wait_for (&outcome, "decoding a dropped text file");
  g_assert_nonnull (outcome.error);
  g_test_message ("dropping a text file: %s", outcome.error->message);
  g_assert_nonnull (strstr (outcome.error->message, "notes.txt"));
  g_assert_true (ll_classify_view_get_image (classify) == shown);
  g_clear_error (&outcome.error);

  /* A texture (dragged from another app) is classified at once: black
   * fitted to 4x4 grey is all zero features, z = b. */
  {
    g_autoptr (GdkTexture) black = make_texture (6, 6, 0, 0, 0);
    g_auto (GValue) value = G_VALUE_INIT;

    outcome.done = FALSE;
    g_value_init (&value, GDK_TYPE_TEXTURE);
    g_value_set_object (&value, black);
    g_assert_true (emit_drop (target, &value));
    g_assert_true (outcome.done);
    g_assert_null (outcome.error);
    g_assert_cmpuint (ll_classify_view_get_image (classify)->width, ==, 6);
    g_assert_cmpfloat_with_epsilon (ll_classify_view_get_probability (classify, 0),
                                    ll_sigmoid (-4.0), 1e-9);
    g_assert_cmpstr (ll_classify_view_get_predicted_class (classify, 0), ==, "non-cat");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_texture_over_white (void)
{
  /* Half-transparent red: premultiplied (128, 0, 0, 128) over white. */
  guint8 rgba[4] = { 255, 0, 0, 128 };
  g_autoptr (GBytes) bytes = g_bytes_new (rgba, sizeof rgba);
  g_autoptr (GdkTexture) texture = gdk_memory_texture_new (1, 1, GDK_MEMORY_R8G8B8A8, bytes, 4);
  g_autoptr (LlImage) image = ll_classify_view_image_from_texture (texture);

  g_assert_cmpuint (image->channels, ==, 3);
  g_assert_cmpuint (image->pixels[0], ==, 255);
  g_assert_cmpuint (image->pixels[1], >=, 126);
  g_assert_cmpuint (image->pixels[1], <=, 128);
  g_assert_cmpuint (image->pixels[2], ==, image->pixels[1]);
}

typedef struct {
  gint64 frame_start;
  gint64 frame_end;
} FrameTimes;

static void
on_timed_frame_start (GdkFrameClock *clock,
                      FrameTimes    *times)
{
  times->frame_start = g_get_monotonic_time ();
}

static void
on_timed_frame_end (GdkFrameClock *clock,
                    FrameTimes    *times)
{
  times->frame_end = g_get_monotonic_time ();
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
report_times (const char *what,
              gint64     *microseconds,
              guint       n)
{
  qsort (microseconds, n, sizeof *microseconds, compare_gint64);
  g_test_message ("%s: median %.2f ms, worst %.2f ms over %u steps", what,
                  microseconds[n / 2] / 1000.0, microseconds[n - 1] / 1000.0, n);
}

/* 10,000 images, "Misclassified only" on, in a shown window: threshold steps
 * and record points that flip thousands of predictions. The visible count
 * must match a count made here; the time each step costs the UI thread (the
 * call itself, and the frame drawn after it) is reported, not asserted. */
static void
test_grid_large_flips (void)
{
  enum { M = 10000, STEPS = 20 };
  g_autoptr (LlDataset) dataset = make_dataset ();
  g_autoptr (LlResultGrid) grid = LL_RESULT_GRID (g_object_ref_sink (ll_result_grid_new ()));
  GtkWidget *window = gtk_window_new ();
  g_autofree double *probabilities = g_new (double, M);
  g_autofree double *flipped = g_new (double, M);
  gint64 call_us[STEPS], frame_us[STEPS], record_us[STEPS], record_frame_us[STEPS];
  FrameTimes times = { 0, 0 };
  GdkFrameClock *clock;
  guint guard = g_timeout_add_seconds (180, on_too_long, (gpointer) "frames of the 10,000-image grid");

  g_free (dataset->test.pixels);
  g_free (dataset->test.labels);
  dataset->test.count = M;
  dataset->test.pixels = g_new (guint8, (gsize) M * SIDE * SIDE);
  dataset->test.labels = g_new (guint8, M);
  for (guint i = 0; i < M * SIDE * SIDE; i++)
    dataset->test.pixels[i] = (guint8) (i * 37 % 256);
  for (guint i = 0; i < M; i++)
    {
      /* Spread over 0.3 .. 0.7 in a scrambled order, so the flips of one
       * step are scattered over the whole list. */
      dataset->test.labels[i] = i % 2;
      probabilities[i] = 0.3 + 0.4 * ((i * 7919u) % M) / M;
      flipped[i] = 1.0 - probabilities[i];
    }
  ll_result_grid_set_dataset (grid, dataset);
  ll_result_grid_set_runs (grid, learning_rates, 1);
  ll_result_grid_set_probabilities (grid, 0, probabilities, M);
  ll_result_grid_set_misclassified_only (grid, TRUE);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (grid));
  gtk_window_present (GTK_WINDOW (window));
  while (!gtk_widget_get_mapped (GTK_WIDGET (grid)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_timed_frame_start), &times);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_timed_frame_end), &times);

  for (guint step = 0; step < 2 * STEPS; step++)
    {
      gboolean record_point = step >= STEPS;
      double threshold = record_point ? 0.5 : step % 2 == 0 ? 0.4 : 0.6;
      const double *shown = record_point && step % 2 == 0 ? flipped : probabilities;
      guint wrong = 0;
      gint64 start;

      times.frame_end = 0;
      start = g_get_monotonic_time ();
      if (record_point)
        ll_result_grid_set_probabilities (grid, 0, shown, M);
      else
        ll_result_grid_set_threshold (grid, threshold);
      (record_point ? record_us : call_us)[step % STEPS] = g_get_monotonic_time () - start;
      while (times.frame_end == 0)
        g_main_context_iteration (NULL, TRUE);
      (record_point ? record_frame_us : frame_us)[step % STEPS] = times.frame_end - times.frame_start;

      for (guint i = 0; i < M; i++)
        wrong += (shown[i] > threshold) != (dataset->test.labels[i] != 0);
      g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, wrong);
    }
  g_source_remove (guard);

  report_times ("threshold step, call", call_us, STEPS);
  report_times ("threshold step, next frame", frame_us, STEPS);
  report_times ("record point, call", record_us, STEPS);
  report_times ("record point, next frame", record_frame_us, STEPS);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Views follow a run store ------------------------------------------------------ */

/* Every view reads the same store: nothing is handed to them but the store. */
static void
test_views_follow_store (void)
{
  g_autoptr (LlRunStore) store = ll_run_store_new ();
  g_autoptr (LlSharedDataset) dataset = ll_shared_dataset_new (make_dataset ());
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) other_runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (LlRunModel) model = NULL;
  LlResultGrid *grid = LL_RESULT_GRID (g_object_ref_sink (ll_result_grid_new ()));
  LlWeightsView *weights = LL_WEIGHTS_VIEW (g_object_ref_sink (ll_weights_view_new ()));
  LlAccuracyTable *table = LL_ACCURACY_TABLE (g_object_ref_sink (ll_accuracy_table_new ()));
  LlCostPlot *plot = LL_COST_PLOT (g_object_ref_sink (ll_cost_plot_new ()));
  LlRunPoint point = { 50, 0.4, 80, 66.66 };
  double w[SIDE * SIDE];

  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    w[i] = (double) i - 8;
  for (guint i = 0; i < G_N_ELEMENTS (learning_rates); i++)
    g_ptr_array_add (runs, ll_run_new (learning_rates[i], 100, 50));
  g_object_set (grid, "store", store, NULL);
  g_object_set (weights, "store", store, NULL);
  g_object_set (table, "store", store, NULL);
  g_object_set (plot, "store", store, NULL);

  /* A job starts: one row, line, tile and grid run per run, nothing yet. */
  ll_run_store_replace (store, dataset, runs);
  g_assert_cmpuint (ll_cost_plot_get_n_runs (plot), ==, 2);
  g_assert_cmpuint (ll_cost_plot_get_n_points (plot, 0), ==, 0);
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 1, 0), ==, "0.01");
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 4), ==, "—");
  g_assert_true (isnan (ll_result_grid_get_accuracy (grid, 0)));
  g_assert_null (ll_weights_view_get_texture (weights, 0));
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, N_TEST);

  /* A record point of run 0 reaches every view. */
  model = ll_run_model_new (50, w, G_N_ELEMENTS (w), 0.1, NULL, 0, run0_probabilities, N_TEST);
  ll_run_append_point (runs->pdata[0], &point, model);
  g_assert_cmpuint (ll_cost_plot_get_n_points (plot, 0), ==, 1);
  g_assert_cmpfloat (ll_cost_plot_get_last_cost (plot, 0), ==, 0.4);
  g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (grid, 0), 400.0 / 6, 1e-9);
  g_assert_nonnull (ll_weights_view_get_texture (weights, 0));
  g_assert_null (ll_weights_view_get_texture (weights, 1));
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 1), ==, "50");
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 2), ==, "0.4000");
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 3), ==, "80.00 %");
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 4), ==, "66.67 %");
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 1, 4), ==, "—");

  /* The table's test column follows a threshold from the run's model. */
  ll_accuracy_table_set_threshold (table, 0.35);
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 4), ==, "83.33 %");
  /* No training probabilities kept: the train column stays at 0.5. */
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 3), ==, "80.00 %");

  /* Another job: the views start over from its runs. */
  g_ptr_array_add (other_runs, ll_run_new (0.1, 10, 5));
  ll_run_store_replace (store, dataset, other_runs);
  g_assert_cmpuint (ll_cost_plot_get_n_runs (plot), ==, 1);
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 0), ==, "0.1");
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 4), ==, "—");
  g_assert_true (isnan (ll_result_grid_get_accuracy (grid, 0)));

  g_object_unref (plot);
  g_object_unref (table);
  g_object_unref (weights);
  g_object_unref (grid);
}

static guint
visible_index (LlResultGrid *grid,
               guint         position)
{
  return ll_test_image_get_index (visible_item (grid, position));
}

/* The confusion view counts the shown model's test images at the threshold,
 * draws each run's ROC curve with its AUC and the threshold's point, and a
 * cell's images are what the grid's cell filter shows. */
static void
test_confusion_view (void)
{
  g_autoptr (LlRunStore) store = ll_run_store_new ();
  g_autoptr (LlSharedDataset) dataset = ll_shared_dataset_new (make_dataset ());
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (LlRunModel) model = NULL;
  LlConfusionView *view = LL_CONFUSION_VIEW (g_object_ref_sink (ll_confusion_view_new ()));
  LlResultGrid *grid = LL_RESULT_GRID (g_object_ref_sink (ll_result_grid_new ()));
  LlRunPoint point = { 50, 0.4, 80, 66.66 };
  LlFigure *figure;
  LlPlotLayer *layer;
  double w[SIDE * SIDE] = { 0 };
  double x, y;
  int true_class, predicted_class;
  char *text;

  for (guint i = 0; i < G_N_ELEMENTS (learning_rates); i++)
    g_ptr_array_add (runs, ll_run_new (learning_rates[i], 100, 50));
  g_object_set (view, "store", store, NULL);
  g_object_set (grid, "store", store, NULL);
  ll_run_store_replace (store, dataset, runs);
  g_assert_null (ll_confusion_view_dup_cell_text (view, TRUE, 1, 1));

  model = ll_run_model_new (50, w, G_N_ELEMENTS (w), 0.1, NULL, 0, run0_probabilities, N_TEST);
  ll_run_append_point (runs->pdata[0], &point, model);

  /* Run 0 at 0.5: positives 0.9, 0.7 right and 0.4 wrong; 0.6 a false alarm. */
  text = ll_confusion_view_dup_cell_text (view, TRUE, 1, 1);
  g_assert_cmpstr (text, ==, "2\ntrue positives\n66.7 %");
  g_free (text);
  text = ll_confusion_view_dup_cell_text (view, TRUE, 0, 1);
  g_assert_cmpstr (text, ==, "1\nfalse positives\n33.3 %");
  g_free (text);
  /* No training probabilities kept: no training table. */
  g_assert_null (ll_confusion_view_dup_cell_text (view, FALSE, 1, 1));

  /* The ROC curve: 8 of 9 pairs ordered right; the point at (1/3, 2/3). */
  figure = ll_figure_view_get_figure (ll_confusion_view_get_roc_view (view));
  g_assert_cmpuint (ll_figure_get_n_layers (figure), ==, 1 + 2 * 2);
  layer = ll_figure_get_layer (figure, LL_CONFUSION_ROC_CURVE (0));
  g_assert_cmpstr (ll_plot_layer_get_label (layer), ==, "lr = 0.5, AUC 0.889");
  g_assert_cmpuint (ll_plot_layer_get_n_points (layer), ==, 7);
  layer = ll_figure_get_layer (figure, LL_CONFUSION_ROC_POINT (0));
  ll_plot_layer_get_point (layer, 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 2.0 / 3, 1e-12);
  g_assert_cmpuint (ll_plot_layer_get_n_points (ll_figure_get_layer (figure, LL_CONFUSION_ROC_CURVE (1))),
                    ==, 0);

  /* The point moves with the threshold: at 0.35 the 0.4 positive is found. */
  ll_confusion_view_set_threshold (view, 0.35);
  ll_plot_layer_get_point (ll_figure_get_layer (figure, LL_CONFUSION_ROC_POINT (0)), 0, &x, &y);
  g_assert_cmpfloat_with_epsilon (x, 1.0 / 3, 1e-12);
  g_assert_cmpfloat_with_epsilon (y, 1.0, 1e-12);
  text = ll_confusion_view_dup_cell_text (view, TRUE, 1, 0);
  g_assert_cmpstr (text, ==, "0\nfalse negatives\n0.0 %");
  g_free (text);

  /* The grid's cell filter: the false negative at 0.5 is image 2, the
   * false positive image 3; -1 shows all; Misclassified only replaces it. */
  ll_result_grid_set_cell_filter (grid, 1, 0);
  g_assert_true (ll_result_grid_get_cell_filter (grid, &true_class, &predicted_class));
  g_assert_cmpint (true_class, ==, 1);
  g_assert_cmpint (predicted_class, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, 1);
  g_assert_cmpuint (visible_index (grid, 0), ==, 2);
  ll_result_grid_set_cell_filter (grid, 0, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, 1);
  g_assert_cmpuint (visible_index (grid, 0), ==, 3);
  ll_result_grid_set_cell_filter (grid, 1, 1);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, 2);
  /* At 0.35 image 2 moves into the true positives. */
  ll_result_grid_set_threshold (grid, 0.35);
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, 3);
  ll_result_grid_set_cell_filter (grid, -1, -1);
  g_assert_false (ll_result_grid_get_cell_filter (grid, NULL, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (ll_result_grid_get_model (grid)), ==, N_TEST);
  ll_result_grid_set_cell_filter (grid, 0, 0);
  ll_result_grid_set_misclassified_only (grid, TRUE);
  g_assert_false (ll_result_grid_get_cell_filter (grid, NULL, NULL));

  g_object_unref (grid);
  g_object_unref (view);
}

/* The timeline: scrubbing back to an earlier record point shows that moment
 * in every view (the table's row, the grid's predictions, the weights, the
 * cost plot's cursor); its right end follows the latest again. */
static void
test_views_timeline (void)
{
  g_autoptr (LlRunStore) store = ll_run_store_new ();
  g_autoptr (LlSharedDataset) dataset = ll_shared_dataset_new (make_dataset ());
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (LlRunModel) early = NULL;
  g_autoptr (LlRunModel) late = NULL;
  LlResultGrid *grid = LL_RESULT_GRID (g_object_ref_sink (ll_result_grid_new ()));
  LlWeightsView *weights = LL_WEIGHTS_VIEW (g_object_ref_sink (ll_weights_view_new ()));
  LlAccuracyTable *table = LL_ACCURACY_TABLE (g_object_ref_sink (ll_accuracy_table_new ()));
  LlCostPlot *plot = LL_COST_PLOT (g_object_ref_sink (ll_cost_plot_new ()));
  LlTimeline *timeline = LL_TIMELINE (g_object_ref_sink (ll_timeline_new ()));
  LlRunPoint first = { 50, 0.4, 80, 66.66 };
  LlRunPoint second = { 100, 0.2, 90, 50 };
  double flipped[N_TEST];
  double w[SIDE * SIDE];
  GdkTexture *late_texture;

  for (guint i = 0; i < G_N_ELEMENTS (w); i++)
    w[i] = (double) i - 8;
  for (guint i = 0; i < N_TEST; i++)
    flipped[i] = 1.0 - run0_probabilities[i];
  g_ptr_array_add (runs, ll_run_new (learning_rates[0], 100, 50));
  g_object_set (grid, "store", store, NULL);
  g_object_set (weights, "store", store, NULL);
  g_object_set (table, "store", store, NULL);
  g_object_set (plot, "store", store, NULL);
  g_object_set (timeline, "store", store, NULL);
  ll_run_store_replace (store, dataset, runs);
  g_assert_cmpstr (ll_timeline_get_text (timeline), ==, "No record points yet");

  early = ll_run_model_new (50, w, G_N_ELEMENTS (w), 0.1, NULL, 0, run0_probabilities, N_TEST);
  w[0] = 100;
  late = ll_run_model_new (100, w, G_N_ELEMENTS (w), 0.1, NULL, 0, flipped, N_TEST);
  ll_run_append_point (runs->pdata[0], &first, early);
  ll_run_append_point (runs->pdata[0], &second, late);
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 1), ==, "100");
  g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (grid, 0), 200.0 / 6, 1e-9);
  g_assert_cmpstr (ll_timeline_get_text (timeline), ==, "Iteration 100 of 100 · latest");
  late_texture = ll_weights_view_get_texture (weights, 0);

  /* Scrub back (as a drag or a key does, through the scale's value). */
  gtk_range_set_value (GTK_RANGE (ll_timeline_get_scale (timeline)), 60);
  g_assert_cmpint (ll_run_store_get_moment (store), ==, 50);
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 1), ==, "50");
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 2), ==, "0.4000");
  g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (grid, 0), 400.0 / 6, 1e-9);
  g_assert_true (ll_weights_view_get_texture (weights, 0) != late_texture);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, 50);
  g_assert_cmpstr (ll_timeline_get_text (timeline), ==, "Iteration 50 of 100 · exact");

  /* The right end: the latest again, and the cursor leaves. */
  gtk_range_set_value (GTK_RANGE (ll_timeline_get_scale (timeline)), 100);
  g_assert_cmpint (ll_run_store_get_moment (store), ==, -1);
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 1), ==, "100");
  g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (grid, 0), 200.0 / 6, 1e-9);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (plot), ==, -1);

  /* A moment without its own model (thinned): the model before it, said so. */
  ll_run_append_point (runs->pdata[0], &(LlRunPoint) { 150, 0.1, 95, 50 }, NULL);
  ll_run_store_set_moment (store, 150);
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 1), ==, "150");
  g_assert_true (ll_run_get_shown_model (runs->pdata[0]) == late);
  g_assert_false (ll_run_is_shown_exact (runs->pdata[0]));
  g_assert_nonnull (strstr (ll_timeline_get_text (timeline), "model of 100"));

  /* A new job starts at the latest moment. */
  ll_run_store_replace (store, dataset, runs);
  g_assert_cmpint (ll_run_store_get_moment (store), ==, -1);

  g_object_unref (timeline);
  g_object_unref (plot);
  g_object_unref (table);
  g_object_unref (weights);
  g_object_unref (grid);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/result-grid/titles", test_grid_titles);
  g_test_add_func ("/result-grid/misclassified-filter", test_grid_misclassified_filter);
  g_test_add_func ("/result-grid/threshold", test_grid_threshold);
  g_test_add_func ("/result-grid/runs-and-details", test_grid_runs_and_details);
  g_test_add_func ("/result-grid/renders-marks", test_grid_renders_marks);
  g_test_add_func ("/result-grid/hidden-page-waits", test_grid_hidden_page_waits);
  g_test_add_func ("/result-grid/hidden-page-makes-no-cells", test_grid_hidden_page_makes_no_cells);
  g_test_add_func ("/result-grid/fills-a-few-rows-a-frame", test_grid_fills_a_few_rows_a_frame);
  g_test_add_func ("/result-grid/slider-once-per-frame", test_grid_slider_once_per_frame);
  g_test_add_func ("/result-grid/large-flips", test_grid_large_flips);
  g_test_add_func ("/weights-view/texture", test_weights_view);
  g_test_add_func ("/weights-view/rgb-mean", test_weights_rgb_mean);
  g_test_add_func ("/classify-view/models", test_classify_view);
  g_test_add_func ("/classify-view/texture-over-white", test_texture_over_white);
  g_test_add_func ("/classify-view/drop", test_drop_files);
  g_test_add_func ("/views/follow-store", test_views_follow_store);
  g_test_add_func ("/confusion-view/cells-roc-filter", test_confusion_view);
  g_test_add_func ("/views/timeline", test_views_timeline);
  return g_test_run ();
}
