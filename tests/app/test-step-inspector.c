/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-step-inspector.c: LlStepInspector under Xvfb on the seeds' propagate
 * case (w = [1, 2], b = 2): the numbers the view computed are the seeds',
 * ten Steps follow ll_step_compute iterated, Back restores, the copied text
 * holds the numbers; on the cat data (when present) it draws its terms. */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app/ll-step-graph.h"
#include "app/ll-step-inspector.h"
#include "app/ll-weights-view.h"
#include "fixtures.h"

typedef struct {
  GtkWidget *window;
  LlStepInspector *view;
  LlRunStore *store;
  LlSharedDataset *dataset;
} Fixture;

static gboolean
step_ready (gpointer data)
{
  return ll_step_inspector_get_step (data) != NULL;
}

/* A store of one run at LEARNING_RATE whose shown model is (W, B) at ITERATION. */
static void
fixture_set_up (Fixture      *f,
                LlDataset    *dataset,
                const double *w,
                double        b,
                double        learning_rate,
                guint         iteration)
{
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (LlRunModel) model = NULL;
  LlRunPoint point = { iteration, 1.0, 50, NAN, FALSE, 0 };

  f->dataset = ll_shared_dataset_new (dataset);
  f->store = ll_run_store_new ();
  g_ptr_array_add (runs, ll_run_new (learning_rate, 1000, 100));
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 760);
  f->view = LL_STEP_INSPECTOR (ll_step_inspector_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  g_object_set (f->view, "store", f->store, NULL);
  ll_run_store_replace (f->store, f->dataset, runs);
  model = ll_run_model_new (iteration, w, dataset->n_features, b, NULL, 0, NULL, 0);
  ll_run_append_point (runs->pdata[0], &point, model);
  gtk_window_present (GTK_WINDOW (f->window));
  ll_test_wait_for (step_ready, f->view);
}

static void
fixture_tear_down (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->store);
  ll_shared_dataset_unref (f->dataset);
}

static void
test_propagate (void)
{
  g_autoptr (GError) error = NULL;
  LlDataset *dataset = ll_dataset_load ("builtin:propagate", 0, 0, &error);
  const double w0[2] = { 1, 2 };
  const double learning_rate = 0.009;
  LlTrainData data;
  Fixture f = { 0 };
  const LlStep *step;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  fixture_set_up (&f, dataset, w0, 2.0, learning_rate, 0);
  data = ll_train_data_from_pixels (ll_shared_dataset_get (f.dataset));

  /* The seeds' numbers, computed by the view. The cost to 1e-12 relative: the
   * seeds' numpy takes log(1 - a) at a = 0.99999386 and loses ~4e-13 there;
   * step.h's log(1 + e^z) - y z does not. */
  step = ll_step_inspector_get_step (f.view);
  g_assert_cmpuint (step->m, ==, 3);
  g_assert_cmpfloat_with_epsilon (step->dw[0], 0.99845601, 1e-8);
  g_assert_cmpfloat_with_epsilon (step->dw[1], 2.39507239, 1e-8);
  g_assert_cmpfloat_with_epsilon (step->db, 0.00145557813678, 1e-14);
  g_assert_cmpfloat_with_epsilon (step->cost, 5.801545319394553, 5.8e-12);
  g_assert_cmpfloat (step->w[0], ==, 1);
  g_assert_cmpfloat (step->b, ==, 2);

  /* Copy as Text: Python lines with those numbers to full precision. */
  text = ll_step_inspector_dup_text (f.view);
  g_assert_nonnull (strstr (text, "w = [1, 2]\n"));
  g_assert_nonnull (strstr (text, "b = 2\n"));
  g_assert_nonnull (strstr (text, "cost = 5.80154531939"));
  g_assert_nonnull (strstr (text, "db = 0.00145557813678"));
  g_assert_nonnull (strstr (text, "dw = [0.998456014637956"));
  g_assert_nonnull (strstr (text, "Y = [1, 0, 1]\n"));

  /* Ten Steps follow weight 1 along ll_step_compute iterated. */
  ll_step_inspector_set_feature (f.view, 1);
  for (guint k = 1; k <= 10; k++)
    {
      g_autoptr (LlStep) expected = ll_step_compute (&data, w0, 2.0, learning_rate, k, &error);

      g_assert_no_error (error);
      g_assert_true (ll_step_inspector_step (f.view));
      g_assert_null (ll_step_inspector_get_step (f.view));   /* computing */
      ll_test_wait_for (step_ready, f.view);
      step = ll_step_inspector_get_step (f.view);
      g_assert_cmpuint (ll_step_inspector_get_n_steps (f.view), ==, k);
      /* The store's moment (the cost plot's cursor, the timeline) follows. */
      g_assert_cmpint (ll_run_store_get_moment (f.store), ==, (int) k);
      g_assert_cmpfloat (step->w[1], ==, expected->w[1]);
      g_assert_cmpfloat (step->w[0], ==, expected->w[0]);
      g_assert_cmpfloat (step->b, ==, expected->b);
      g_assert_cmpfloat (step->dw[1], ==, expected->dw[1]);
      g_assert_cmpfloat (step->cost, ==, expected->cost);
    }

  /* Back, ten times, returns to the seeds' start; then there is nothing to go back to. */
  for (guint k = 0; k < 10; k++)
    {
      g_assert_true (ll_step_inspector_back (f.view));
      ll_test_wait_for (step_ready, f.view);
    }
  g_assert_false (ll_step_inspector_back (f.view));
  g_assert_cmpint (ll_run_store_get_moment (f.store), ==, -1);   /* as before the steps */
  step = ll_step_inspector_get_step (f.view);
  g_assert_cmpfloat (step->w[0], ==, 1);
  g_assert_cmpfloat (step->w[1], ==, 2);
  g_assert_cmpfloat (step->b, ==, 2);
  g_assert_cmpfloat_with_epsilon (step->cost, 5.801545319394553, 5.8e-12);

  /* A move of the timeline while stepped: the inspector follows it again. */
  g_assert_true (ll_step_inspector_step (f.view));
  ll_test_wait_for (step_ready, f.view);
  g_assert_cmpint (ll_run_store_get_moment (f.store), ==, 1);
  ll_run_store_set_moment (f.store, 0);
  g_assert_cmpuint (ll_step_inspector_get_n_steps (f.view), ==, 0);
  ll_test_wait_for (step_ready, f.view);
  g_assert_cmpfloat (ll_step_inspector_get_step (f.view)->w[0], ==, 1);

  /* After 100 iterations at 0.009: the seeds' optimize() numbers. */
  {
    g_autoptr (LlStep) hundred = ll_step_compute (&data, w0, 2.0, learning_rate, 100, &error);

    g_assert_cmpfloat_with_epsilon (hundred->w[0], 0.19033591, 1e-8);
    g_assert_cmpfloat_with_epsilon (hundred->w[1], 0.12259159, 1e-8);
    g_assert_cmpfloat_with_epsilon (hundred->b, 1.92535983, 1e-8);
  }

  /* The graph's boxes grow where narrow boxes wrap the full-precision
   * numbers into more lines (at 1024 pixels they ended in "…"). */
  {
    GtkWidget *graph = GTK_WIDGET (f.view);
    int narrow, wide;

    while (graph != NULL && !LL_IS_STEP_GRAPH (graph))
      {
        GtkWidget *next = gtk_widget_get_first_child (graph);

        while (next == NULL && graph != GTK_WIDGET (f.view))
          {
            next = gtk_widget_get_next_sibling (graph);
            if (next == NULL)
              graph = gtk_widget_get_parent (graph);
          }
        graph = next;
      }
    g_assert_nonnull (graph);
    g_assert_cmpint (gtk_widget_get_request_mode (graph), ==, GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH);
    gtk_widget_measure (graph, GTK_ORIENTATION_VERTICAL, 500, &narrow, NULL, NULL, NULL);
    gtk_widget_measure (graph, GTK_ORIENTATION_VERTICAL, 2000, &wide, NULL, NULL, NULL);
    g_assert_cmpint (narrow, >, wide);
  }
  fixture_tear_down (&f);
}

static void
test_cat (void)
{
  const char *dir = ll_test_catvnoncat_dir ();
  g_autoptr (GError) error = NULL;
  LlDataset *dataset;
  g_autofree double *w = NULL;
  g_autofree char *text = NULL;
  Fixture f = { 0 };
  const LlStep *step;

  if (dir == NULL)
    {
      g_test_skip ("no catvnoncat data");
      return;
    }
  dataset = ll_dataset_load (dir, 0, 0, &error);
  g_assert_no_error (error);
  w = g_new0 (double, dataset->n_features);
  for (gsize j = 0; j < dataset->n_features; j++)
    w[j] = ((double) (j % 7) - 3) * 1e-3;
  fixture_set_up (&f, dataset, w, 0.1, 0.005, 200);
  step = ll_step_inspector_get_step (f.view);
  g_assert_cmpuint (step->m, ==, 209);
  g_assert_cmpuint (step->n_features, ==, 12288);
  ll_step_inspector_set_example (f.view, 5);
  ll_step_inspector_set_feature (f.view, 300);
  text = ll_step_inspector_dup_text (f.view);
  /* Too big to list X; w and dw named for the followed weight only. */
  g_assert_null (strstr (text, "X = ["));
  g_assert_nonnull (strstr (text, "dw[300] = "));
  g_assert_true (ll_step_inspector_step (f.view));
  ll_test_wait_for (step_ready, f.view);
  g_assert_cmpfloat (ll_step_inspector_get_step (f.view)->w[300], !=, w[300]);
  fixture_tear_down (&f);
}

/* A test image's own pass (as a click on Test Images picks it): x and y
 * from the test set, z = w·x + b by hand; the step stays the training
 * set's. */
static void
test_test_example (void)
{
  g_autoptr (GError) error = NULL;
  LlDataset *dataset = ll_dataset_load_builtin (&error);
  g_autofree double *w = NULL;
  Fixture f = { 0 };
  const LlStepState *state;
  const LlDataset *loaded;
  double z = 0.25;
  gboolean is_test = FALSE;
  gsize m_train;

  g_assert_no_error (error);
  g_assert_cmpuint (dataset->test.count, >, 7);
  w = g_new (double, dataset->n_features);
  for (gsize j = 0; j < dataset->n_features; j++)
    w[j] = ((double) (j % 5) - 2) * 1e-2;
  fixture_set_up (&f, dataset, w, 0.25, 0.01, 0);
  m_train = ll_step_inspector_get_step (f.view)->m;
  loaded = ll_shared_dataset_get (f.dataset);

  ll_step_inspector_set_test_example (f.view, 7);
  g_assert_cmpuint (ll_step_inspector_get_example (f.view, &is_test), ==, 7);
  g_assert_true (is_test);
  state = ll_step_inspector_get_state (f.view);
  for (gsize j = 0; j < loaded->n_features; j++)
    z += w[j] * ll_step_state_chosen_value (state, j);
  g_assert_cmpfloat_with_epsilon (state->example_values.z, z, 1e-12);
  g_assert_cmpfloat (state->example_values.y, ==, loaded->test.labels[7]);
  g_assert_cmpuint (ll_step_inspector_get_step (f.view)->m, ==, m_train);

  ll_step_inspector_set_example (f.view, 2);
  g_assert_cmpuint (ll_step_inspector_get_example (f.view, &is_test), ==, 2);
  g_assert_false (is_test);
  g_assert_cmpfloat (state->example_values.y, ==, loaded->train.labels[2]);
  fixture_tear_down (&f);
}

/* A click on the weights view names the weight to follow. */
static void
test_weights_pixel (void)
{
  LlWeightsView *weights = LL_WEIGHTS_VIEW (g_object_ref_sink (ll_weights_view_new ()));

  ll_weights_view_set_shape (weights, 64, 64, 3, "non-cat", "cat");
  g_assert_cmpuint (ll_weights_view_get_scale (weights), ==, 4);
  g_assert_cmpuint (ll_weights_view_feature_at (weights, 4 * 10 + 1, 4 * 2 + 3), ==, (2 * 64 + 10) * 3);
  g_assert_cmpuint (ll_weights_view_feature_at (weights, 0, 0), ==, 0);
  g_assert_cmpuint (ll_weights_view_feature_at (weights, 256, 0), ==, G_MAXUINT);
  g_assert_cmpuint (ll_weights_view_feature_at (weights, -1, 0), ==, G_MAXUINT);
  g_object_unref (weights);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/step-inspector/propagate", test_propagate);
  g_test_add_func ("/step-inspector/cat", test_cat);
  g_test_add_func ("/step-inspector/weights-pixel", test_weights_pixel);
  g_test_add_func ("/step-inspector/test-example", test_test_example);
  return g_test_run ();
}
