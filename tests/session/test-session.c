/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-session.c: the training session, its runs and its config, without a
 * display: start, pause mid-interval, step, resume, cancel, new rates while
 * running, dropping the session while its worker runs, a dataset swap during
 * a job, imported weights, and the runs' points and models against
 * ll_train()'s. Runs under ThreadSanitizer in tests/run-all. No sleeps: the
 * main context is iterated until a condition holds (ll_test_wait_for fails
 * after a deadline). */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "fixtures.h"
#include "core/train/curvature.h"
#include "session/ll-training-session.h"

/* A deterministic binary dataset of SIDE x SIDE grey images: the label is
 * whether the left half is brighter than the right, with some noise. */
static LlDataset *
synthetic_images (guint side,
                  gsize m_train,
                  gsize m_test)
{
  LlDataset *dataset = g_new0 (LlDataset, 1);
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  LlSplit *splits[] = { &dataset->train, &dataset->test };
  gsize counts[] = { m_train, m_test };

  dataset->name = g_strdup ("synthetic");
  dataset->path = g_strdup ("synthetic");
  dataset->format = g_strdup ("builtin");
  dataset->height = side;
  dataset->width = side;
  dataset->channels = 1;
  dataset->n_features = side * side;
  dataset->n_classes = 2;
  dataset->class_names = g_strsplit ("dark,bright", ",", -1);
  for (guint s = 0; s < G_N_ELEMENTS (splits); s++)
    {
      LlSplit *split = splits[s];

      split->count = counts[s];
      split->pixels = g_new (guint8, counts[s] * dataset->n_features);
      split->labels = g_new (guint8, counts[s]);
      for (gsize i = 0; i < counts[s]; i++)
        {
          guint8 *image = split->pixels + i * dataset->n_features;
          double balance = 0;

          for (gsize f = 0; f < dataset->n_features; f++)
            {
              image[f] = (guint8) g_rand_int_range (rand, 0, 256);
              balance += (f % side < side / 2 ? 1.0 : -1.0) * image[f];
            }
          split->labels[i] = (balance + g_rand_double_range (rand, -200, 200)) > 0;
        }
    }
  return dataset;
}

static LlSharedDataset *
synthetic_dataset (guint side,
                   gsize m_train,
                   gsize m_test)
{
  return ll_shared_dataset_new (synthetic_images (side, m_train, m_test));
}

static LlTrainingSession *
new_session (const double *rates,
             guint         n_rates,
             guint         iterations,
             guint         record_every,
             double        speed)
{
  g_autoptr (LlSharedDataset) dataset = synthetic_dataset (8, 200, 50);
  LlTrainingSession *session = ll_training_session_new (NULL);
  LlRunConfig *config = ll_training_session_get_config (session);

  ll_run_config_set_learning_rates (config, rates, n_rates);
  ll_run_config_set_iterations (config, iterations);
  ll_run_config_set_record_every (config, record_every);
  ll_training_session_set_dataset (session, dataset);
  ll_training_session_set_speed (session, speed);
  return session;
}

typedef struct {
  LlTrainingSession *session;
  guint n_records;
  LlSessionState state;
} Wait;

static gboolean
records_reached (gpointer data)
{
  Wait *wait = data;

  return ll_training_session_get_n_records (wait->session) >= wait->n_records;
}

static gboolean
state_reached (gpointer data)
{
  Wait *wait = data;

  return ll_training_session_get_state (wait->session) == wait->state;
}

static gboolean
not_busy (gpointer data)
{
  return !ll_training_session_get_busy (data);
}

static void
wait_for_records (LlTrainingSession *session,
                  guint              n_records)
{
  Wait wait = { session, n_records, 0 };

  ll_test_wait_for (records_reached, &wait);
}

static void
wait_for_state (LlTrainingSession *session,
                LlSessionState     state)
{
  Wait wait = { session, 0, state };

  ll_test_wait_for (state_reached, &wait);
}

static void
start (LlTrainingSession *session,
       guint              stop_after)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (ll_training_session_start (session, stop_after, &error));
  g_assert_no_error (error);
}

static GPtrArray *
store_runs (LlTrainingSession *session)
{
  LlRunStore *store = ll_training_session_get_store (session);
  GPtrArray *runs = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    g_ptr_array_add (runs, g_object_ref (ll_run_store_get_run (store, i)));
  return runs;
}

/* Config --------------------------------------------------------------------------- */

static void
test_parse_rates (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) rates = ll_run_config_parse_rates ("0.5, 0.1,0.01", &error);
  double rate = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (rates->len, ==, 3);
  g_assert_cmpfloat (g_array_index (rates, double, 1), ==, 0.1);

  g_assert_true (ll_run_config_parse_rate (" 0,5 ", &rate, NULL));
  g_assert_cmpfloat (rate, ==, 0.5);
  g_assert_false (ll_run_config_parse_rate ("nan", &rate, &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_nonnull (strstr (error->message, "'nan'"));
  g_clear_error (&error);
  for (guint i = 0; i < 5; i++)
    {
      const char *bad[] = { "", "0", "-1", "inf", "1abc" };

      g_assert_false (ll_run_config_parse_rate (bad[i], &rate, NULL));
    }
  g_assert_null (ll_run_config_parse_rates ("0.1,,2", &error));
  g_assert_nonnull (strstr (error->message, "empty item"));
  g_clear_error (&error);
  g_assert_null (ll_run_config_parse_rates ("0.1,-1", &error));
  g_assert_nonnull (strstr (error->message, "'-1'"));
}

static void
test_config_validate_and_settings (void)
{
  g_autoptr (LlRunConfig) config = ll_run_config_new ();
  g_autoptr (GSettings) settings = g_settings_new ("io.github.logisticlab.LogisticLab");
  g_autoptr (GError) error = NULL;
  g_autoptr (GVariant) stored = NULL;
  const double rates[] = { 0.2, 0.02 };
  const double bad[] = { 0.2, -1 };
  guint n_rates = 0;

  g_assert_true (ll_run_config_validate (config, &error));
  ll_run_config_set_learning_rates (config, bad, 2);
  g_assert_false (ll_run_config_validate (config, &error));
  g_assert_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID);
  g_clear_error (&error);

  /* Bound: the settings' values come in at once, the config's go out. */
  g_settings_set_uint (settings, "iterations", 300);
  ll_run_config_bind_settings (config, settings);
  g_assert_cmpuint (ll_run_config_get_iterations (config), ==, 300);
  ll_run_config_get_learning_rates (config, &n_rates);
  g_assert_cmpuint (n_rates, ==, 3);  /* the schema's default rates */
  ll_run_config_set_learning_rates (config, rates, 2);
  ll_run_config_set_record_every (config, 7);
  g_assert_cmpuint (g_settings_get_uint (settings, "record-every"), ==, 7);
  stored = g_settings_get_value (settings, "learning-rates");
  g_assert_cmpuint (g_variant_n_children (stored), ==, 2);
  g_settings_set_uint (settings, "iterations", 400);
  g_assert_cmpuint (ll_run_config_get_iterations (config), ==, 400);

  /* The start (issue 20.3): text that does not read fails validation,
   * blanks are w = 0, and both keys are bound. */
  ll_run_config_set_learning_rates (config, rates, 2);
  ll_run_config_set_initial_w (config, "1,x");
  g_assert_null (ll_run_config_get_initial_w_values (config, NULL));
  g_assert_false (ll_run_config_validate (config, &error));
  g_assert_nonnull (strstr (error->message, "'x' is not a finite number"));
  g_clear_error (&error);
  /* The rates' list reader: an empty item is named as such. */
  ll_run_config_set_initial_w (config, "1,,2");
  g_assert_false (ll_run_config_validate (config, &error));
  g_assert_nonnull (strstr (error->message, "'1,,2' has an empty item"));
  g_clear_error (&error);
  ll_run_config_set_initial_w (config, "  ");
  g_assert_true (ll_run_config_validate (config, &error));
  ll_run_config_set_initial_w (config, " 1, 2.5 ");
  {
    guint n_values = 0;
    const double *values = ll_run_config_get_initial_w_values (config, &n_values);

    g_assert_cmpuint (n_values, ==, 2);
    g_assert_cmpfloat (values[1], ==, 2.5);
  }
  {
    g_autofree char *stored_w = g_settings_get_string (settings, "initial-w");

    g_assert_cmpstr (stored_w, ==, " 1, 2.5 ");
  }
  g_settings_set_double (settings, "initial-b", -3.25);
  g_assert_cmpfloat (ll_run_config_get_initial_b (config), ==, -3.25);
  g_settings_reset (settings, "initial-w");
  g_settings_reset (settings, "initial-b");
  g_assert_cmpstr (ll_run_config_get_initial_w (config), ==, "");
}

/* The seeds' hand-check case from w = [1, 2], b = 2 (issue 20.3): after 100
 * updates at 0.009 the course's numbers; a w of the wrong length is refused
 * naming the count the dataset needs. */
static void
test_initial_weights (void)
{
  g_autoptr (LlSharedDataset) dataset = ll_shared_dataset_new (ll_dataset_new_propagate_test ());
  g_autoptr (LlTrainingSession) session = ll_training_session_new (NULL);
  LlRunConfig *config = ll_training_session_get_config (session);
  const double rate = 0.009;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) runs = NULL;
  LlRunModel *model;

  ll_run_config_set_learning_rates (config, &rate, 1);
  ll_run_config_set_iterations (config, 100);
  ll_run_config_set_record_every (config, 100);
  ll_training_session_set_dataset (session, dataset);
  ll_training_session_set_speed (session, 1.0);

  ll_run_config_set_initial_w (config, "1,2,3");
  g_assert_false (ll_training_session_start (session, 0, &error));
  g_assert_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "has 2 features: give 2 numbers"));
  g_clear_error (&error);

  ll_run_config_set_initial_w (config, "1,2");
  ll_run_config_set_initial_b (config, 2);
  start (session, 0);
  wait_for_state (session, LL_SESSION_FINISHED);
  runs = store_runs (session);
  /* Iteration 0 is the start itself. */
  model = ll_run_get_model_at (runs->pdata[0], 0);
  g_assert_nonnull (model);
  g_assert_cmpfloat (model->w[0], ==, 1);
  g_assert_cmpfloat (model->b, ==, 2);
  model = ll_run_get_latest_model (runs->pdata[0]);
  g_assert_cmpuint (model->iteration, ==, 100);
  g_assert_cmpfloat_with_epsilon (model->w[0], 0.19033591, 5e-9);
  g_assert_cmpfloat_with_epsilon (model->w[1], 0.12259159, 5e-9);
  g_assert_cmpfloat_with_epsilon (model->b, 1.92535983, 5e-9);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

/* The scaling: the core's parser decides, settings bind both ways (issue 19). */
static void
test_config_scaling (void)
{
  g_autoptr (LlRunConfig) config = ll_run_config_new ();
  g_autoptr (GSettings) settings = g_settings_new ("io.github.logisticlab.LogisticLab");
  g_autoptr (GError) error = NULL;
  g_autofree char *stored = NULL;
  LlScalingSpec spec;
  guint notified = 0;

  g_assert_cmpstr (ll_run_config_get_scaling (config), ==, "default");
  ll_run_config_get_scaling_spec (config, &spec);
  g_assert_cmpint (spec.kind, ==, LL_SCALING_DEFAULT);
  g_signal_connect_swapped (config, "notify::scaling", G_CALLBACK (count_notify), &notified);

  g_assert_true (ll_run_config_set_scaling (config, " Max:255 ", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ll_run_config_get_scaling (config), ==, "max:255");
  ll_run_config_get_scaling_spec (config, &spec);
  g_assert_cmpint (spec.kind, ==, LL_SCALING_MAX);
  g_assert_cmpfloat (spec.max, ==, 255);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_true (ll_run_config_set_scaling (config, "max:255", NULL));
  g_assert_cmpuint (notified, ==, 1);  /* the same again notifies nothing */

  /* Refused: the value stays, the error names the text. */
  g_assert_false (ll_run_config_set_scaling (config, "max:-3", &error));
  g_assert_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE);
  g_assert_nonnull (strstr (error->message, "max:-3"));
  g_clear_error (&error);
  g_object_set (config, "scaling", "bogus", NULL);
  g_assert_cmpstr (ll_run_config_get_scaling (config), ==, "max:255");
  g_assert_cmpuint (notified, ==, 1);

  /* Bound: the setting comes in, the config's choice goes out. */
  g_settings_set_string (settings, "scaling", "standardize");
  ll_run_config_bind_settings (config, settings);
  g_assert_cmpstr (ll_run_config_get_scaling (config), ==, "standardize");
  g_assert_true (ll_run_config_set_scaling (config, "none", NULL));
  stored = g_settings_get_string (settings, "scaling");
  g_assert_cmpstr (stored, ==, "none");
  g_settings_set_string (settings, "scaling", "no such scaling");
  g_assert_cmpstr (ll_run_config_get_scaling (config), ==, "none");
  g_settings_reset (settings, "scaling");
}

/* Runs against ll_train ------------------------------------------------------------ */

static guint points_added;

static void
on_point_added (LlRun *run,
                guint  index,
                gpointer data)
{
  g_assert_cmpuint (index + 1, ==, ll_run_get_n_points (run));
  points_added++;
}

static void
test_runs_match_trainer (void)
{
  const double rates[] = { 0.05, 0.005 };
  g_autoptr (LlTrainingSession) session = new_session (rates, 2, 40, 10, 1.0);
  LlRunStore *store = ll_training_session_get_store (session);
  LlSharedDataset *dataset = ll_run_store_get_dataset (store);
  LlTrainData data = ll_train_data_from_pixels (ll_shared_dataset_get (dataset));
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GError) error = NULL;

  /* Idle: the config's rates as waiting runs. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_cmpint (ll_run_get_state (ll_run_store_get_run (store, 0)), ==, LL_RUN_WAITING);

  start (session, 0);
  runs = store_runs (session);
  g_assert_cmpuint (runs->len, ==, 2);
  points_added = 0;
  for (guint i = 0; i < runs->len; i++)
    g_signal_connect (runs->pdata[i], "point-added", G_CALLBACK (on_point_added), NULL);
  wait_for_state (session, LL_SESSION_FINISHED);
  g_assert_cmpuint (points_added, ==, 2 * 5);
  g_assert_cmpuint (ll_training_session_get_n_records (session), ==, 5);

  for (guint i = 0; i < runs->len; i++)
    {
      LlRun *run = runs->pdata[i];
      LlTrainParams params = { .learning_rates = &rates[i], .n_rates = 1, .iterations = 40,
                               .record_every = 10, .want_snapshots = FALSE };
      g_autoptr (GPtrArray) expected = ll_train (&data, &params, NULL, NULL, &error);
      const LlModel *trained = ll_run_get_trained_model (run);
      const LlModel *reference;
      LlRunModel *latest, *middle;

      g_assert_no_error (error);
      reference = g_ptr_array_index (expected, 0);
      g_assert_cmpint (ll_run_get_state (run), ==, LL_RUN_FINISHED);
      g_assert_cmpfloat (ll_run_get_learning_rate (run), ==, rates[i]);
      g_assert_cmpuint (ll_run_get_n_points (run), ==, reference->n_costs);
      for (guint p = 0; p < ll_run_get_n_points (run); p++)
        {
          g_assert_cmpuint (ll_run_get_point (run, p)->iteration, ==, reference->costs[p].iteration);
          g_assert_cmpfloat_with_epsilon (ll_run_get_point (run, p)->cost, reference->costs[p].cost, 1e-9);
        }
      g_assert_nonnull (trained);
      g_assert_cmpstr (trained->class_names[1], ==, "bright");
      latest = ll_run_get_latest_model (run);
      g_assert_nonnull (latest);
      g_assert_true (ll_run_get_shown_model (run) == latest);
      g_assert_cmpuint (latest->iteration, ==, 40);
      g_assert_cmpuint (latest->m_test, ==, 50);
      g_assert_cmpuint (latest->m_train, ==, 200);
      g_assert_cmpfloat_with_epsilon (latest->b, reference->b, 1e-9);
      for (gsize f = 0; f < reference->n_features; f++)
        g_assert_cmpfloat_with_epsilon (latest->w[f], reference->w[f], 1e-9);
      g_assert_cmpfloat_with_epsilon (trained->b, reference->b, 1e-9);

      /* The model at a middle record point is the one trained that far. */
      {
        LlTrainParams shorter = params;
        g_autoptr (GPtrArray) partial = NULL;

        shorter.iterations = 20;
        partial = ll_train (&data, &shorter, NULL, NULL, &error);
        g_assert_no_error (error);
        middle = ll_run_get_model_at (run, 25);
        g_assert_nonnull (middle);
        g_assert_cmpuint (middle->iteration, ==, 20);
        g_assert_cmpfloat_with_epsilon (middle->b, ((LlModel *) partial->pdata[0])->b, 1e-9);
      }
    }
  /* The exported models are the runs' trained ones. */
  {
    g_autoptr (GPtrArray) models = ll_run_store_dup_trained_models (store);

    g_assert_cmpuint (models->len, ==, 2);
    g_assert_true (models->pdata[1] == ll_run_get_trained_model (runs->pdata[1]));
  }
}

/* Each record point's sharpness (issue 17), computed on the worker
 * warm-started, is the largest eigenvalue of the Hessian at that point's
 * model computed directly by the core to 1e-8: on the Gram side (m <= n:
 * 16 x 16 images, 200 examples) and the primal side (8 x 8). */
static void
test_sharpness (void)
{
  const double rates[] = { 0.5, 0.05, 0.005 };
  const guint sides[] = { 16, 8 };

  for (guint s = 0; s < G_N_ELEMENTS (sides); s++)
    {
      g_autoptr (LlSharedDataset) dataset = synthetic_dataset (sides[s], 200, 50);
      g_autoptr (LlTrainingSession) session = ll_training_session_new (NULL);
      LlRunConfig *config = ll_training_session_get_config (session);
      LlTrainData data = ll_train_data_from_pixels (ll_shared_dataset_get (dataset));
      g_autoptr (LlSharpness) direct = NULL;
      g_autoptr (GPtrArray) runs = NULL;
      g_autoptr (GError) error = NULL;
      guint compared = 0;

      ll_run_config_set_learning_rates (config, rates, G_N_ELEMENTS (rates));
      ll_run_config_set_iterations (config, 60);
      ll_run_config_set_record_every (config, 10);
      ll_training_session_set_dataset (session, dataset);
      ll_training_session_set_speed (session, 1.0);
      start (session, 0);
      runs = store_runs (session);
      wait_for_state (session, LL_SESSION_FINISHED);

      direct = ll_sharpness_new (&data, 1, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < runs->len; i++)
        for (guint p = 0; p < ll_run_get_n_points (runs->pdata[i]); p++)
          {
            const LlRunPoint *point = ll_run_get_point (runs->pdata[i], p);
            LlRunModel *model = ll_run_get_model_at (runs->pdata[i], point->iteration);
            LlEigenEstimate estimate;
            double expected;

            g_assert_true (isfinite (point->sharpness));
            g_assert_cmpfloat (point->sharpness, >, 0);
            if (model == NULL || model->iteration != point->iteration)
              continue;
            expected = ll_sharpness_at (direct, model->w, model->b, 1e-8, 0, &estimate);
            g_assert_true (estimate.converged);
            g_assert_cmpfloat (fabs (point->sharpness - expected), <=, 1e-6 * expected);
            compared++;
          }
      g_assert_cmpuint (compared, ==, G_N_ELEMENTS (rates) * 7);
    }
}

/* The first steps (issue 17.3): the cost of every one of the first 100
 * iterations, kept apart from the record points; and the test cost at every
 * record point (issue 17.5). */
static void
test_first_costs_and_test_cost (void)
{
  const double rates[] = { 0.05, 0.005 };
  g_autoptr (LlTrainingSession) session = new_session (rates, 2, 150, 20, 1.0);
  LlRunStore *store = ll_training_session_get_store (session);
  LlTrainData data = ll_train_data_from_pixels (ll_shared_dataset_get (ll_run_store_get_dataset (store)));
  g_autoptr (GPtrArray) runs = NULL;
  g_autoptr (GError) error = NULL;

  start (session, 0);
  runs = store_runs (session);
  wait_for_state (session, LL_SESSION_FINISHED);

  for (guint i = 0; i < runs->len; i++)
    {
      LlRun *run = runs->pdata[i];
      LlTrainParams every = { .learning_rates = &rates[i], .n_rates = 1,
                              .iterations = LL_RUN_FIRST_ITERATIONS + 5, .record_every = 1 };
      g_autoptr (GPtrArray) expected = ll_train (&data, &every, NULL, NULL, &error);
      const LlModel *reference;
      const double *first;
      guint n_first = 0;

      g_assert_no_error (error);
      reference = expected->pdata[0];
      /* record points only: 0, 20, ..., 140 and 150 */
      g_assert_cmpuint (ll_run_get_n_points (run), ==, 9);
      first = ll_run_get_first_costs (run, &n_first);
      g_assert_cmpuint (n_first, ==, LL_RUN_FIRST_ITERATIONS);
      for (guint t = 0; t < n_first; t++)
        {
          g_assert_cmpuint (reference->costs[t].iteration, ==, t);
          g_assert_cmpfloat_with_epsilon (first[t], reference->costs[t].cost, 1e-9);
        }
      for (guint p = 0; p < ll_run_get_n_points (run); p++)
        {
          const LlRunPoint *point = ll_run_get_point (run, p);

          g_assert_true (isfinite (point->test_cost));
          g_assert_cmpfloat (point->test_cost, >, 0);
          if (point->iteration < n_first)
            g_assert_cmpfloat (first[point->iteration], ==, point->cost);
        }
      /* iteration 0: w = 0, so every probability is 1/2 on both splits */
      g_assert_cmpfloat_with_epsilon (ll_run_get_point (run, 0)->test_cost, log (2), 1e-12);
    }
}

/* A run keeps its models within its budget, spread over the run. */
static void
test_run_thins_models (void)
{
  g_autoptr (LlRun) run = ll_run_new (0.1, 1000, 1);
  gsize n = 64 * 1024;  /* 512 KiB a model */
  g_autofree double *w = g_new0 (double, n);

  for (guint i = 0; i < 100; i++)
    {
      LlRunPoint point = { i, 0.5, 50, 50 };
      g_autoptr (LlRunModel) model = ll_run_model_new (i, w, n, 0, NULL, 0, NULL, 0);

      ll_run_append_point (run, &point, model);
      g_assert_cmpuint (ll_run_get_n_models (run) * ll_run_model_get_size (model), <=,
                        LL_RUN_MODEL_BUDGET + ll_run_model_get_size (model));
    }
  g_assert_cmpuint (ll_run_get_n_points (run), ==, 100);
  g_assert_cmpuint (ll_run_get_latest_model (run)->iteration, ==, 99);
  g_assert_cmpuint (ll_run_get_model_at (run, 0)->iteration, ==, 0);
  g_assert_cmpuint (ll_run_get_n_models (run), >=, 8);
  g_assert_cmpint (ll_run_get_state (run), ==, LL_RUN_RUNNING);
  /* Evenly spread (the timeline shows early moments as well as late ones):
   * the kept models but the latest sit at one stride's multiples. */
  {
    guint stride = ll_run_get_model_at (run, 98)->iteration - ll_run_get_model_at (run, 0)->iteration;
    guint previous = 0;

    for (guint i = 1; i < 99; i++)
      {
        LlRunModel *model = ll_run_get_model_at (run, i);

        if (model->iteration != previous)
          {
            stride = MIN (stride, model->iteration - previous);
            previous = model->iteration;
          }
      }
    g_assert_cmpuint (stride, >, 1);
    for (guint i = 0; i < 99; i++)
      g_assert_cmpuint (i - ll_run_get_model_at (run, i)->iteration, <, stride);
  }
}

/* Pause, step, resume --------------------------------------------------------------- */

static void
test_pause_step_resume (void)
{
  const double rate = 0.01;
  g_autoptr (LlTrainingSession) session = new_session (&rate, 1, 20000, 10000, 1.0);
  g_autoptr (GPtrArray) runs = NULL;
  LlRun *run;

  /* Stops by itself at the first record point (iteration 0). */
  start (session, 1);
  wait_for_state (session, LL_SESSION_PAUSED);
  g_assert_cmpuint (ll_training_session_get_n_records (session), ==, 1);
  runs = store_runs (session);
  run = runs->pdata[0];
  g_assert_cmpint (ll_run_get_state (run), ==, LL_RUN_RUNNING);
  g_assert_cmpuint (ll_run_get_latest_point (run)->iteration, ==, 0);

  /* Resumed and paused again at once: the worker parks between two
   * iterations of the 10000-iteration interval, not at a record point. */
  ll_training_session_resume (session);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_RUNNING);
  ll_training_session_pause (session);
  wait_for_state (session, LL_SESSION_PAUSED);
  g_assert_cmpuint (ll_run_get_n_points (run), ==, ll_training_session_get_n_records (session));
  g_test_message ("paused after %u record points", ll_training_session_get_n_records (session));
  g_assert_cmpuint (ll_training_session_get_n_records (session), <=, 2);

  /* Step: the rest of the interval, then paused again at a record point. */
  if (ll_training_session_get_n_records (session) == 1)
    {
      ll_training_session_step (session);
      wait_for_records (session, 2);
      wait_for_state (session, LL_SESSION_PAUSED);
      g_assert_cmpuint (ll_training_session_get_n_records (session), ==, 2);
    }
  g_assert_cmpuint (ll_run_get_latest_point (run)->iteration, ==, 10000);

  ll_training_session_resume (session);
  wait_for_state (session, LL_SESSION_FINISHED);
  g_assert_cmpuint (ll_run_get_n_points (run), ==, 3);
  g_assert_cmpuint (ll_run_get_latest_point (run)->iteration, ==, 20000);
  g_assert_cmpint (ll_run_get_state (run), ==, LL_RUN_FINISHED);
  ll_test_wait_for (not_busy, session);
}

/* Cancel, new rates, drop, dataset swap ------------------------------------------- */

static void
test_cancel_while_running (void)
{
  const double rates[] = { 0.01, 0.001 };
  g_autoptr (LlTrainingSession) session = new_session (rates, 2, 100000, 1000, 1.0);
  LlRunStore *store = ll_training_session_get_store (session);
  g_autoptr (GPtrArray) runs = NULL;

  start (session, 0);
  runs = store_runs (session);
  wait_for_records (session, 2);
  ll_training_session_reset (session);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_IDLE);
  g_assert_cmpuint (ll_training_session_get_n_records (session), ==, 0);
  g_assert_cmpint (ll_run_get_state (runs->pdata[0]), ==, LL_RUN_CANCELLED);
  g_assert_null (ll_run_get_trained_model (runs->pdata[0]));
  /* The store shows the config's rates again, nothing trained. */
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 2);
  g_assert_true (ll_run_store_get_run (store, 0) != runs->pdata[0]);
  g_assert_cmpint (ll_run_get_state (ll_run_store_get_run (store, 0)), ==, LL_RUN_WAITING);
  ll_test_wait_for (not_busy, session);
  g_assert_null (ll_run_store_dup_trained_models (store));
}

static void
test_new_rates_while_running (void)
{
  const double first = 0.01;
  const double second[] = { 0.02, 0.005 };
  g_autoptr (LlTrainingSession) session = new_session (&first, 1, 100000, 1000, 1.0);
  LlRunStore *store = ll_training_session_get_store (session);
  g_autoptr (GPtrArray) old_runs = NULL;
  guint old_points;

  start (session, 0);
  old_runs = store_runs (session);
  wait_for_records (session, 1);
  /* Typed while running: the job goes on with its own rates. */
  ll_run_config_set_learning_rates (ll_training_session_get_config (session), second, 2);
  ll_run_config_set_iterations (ll_training_session_get_config (session), 30);
  ll_run_config_set_record_every (ll_training_session_get_config (session), 10);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 1);
  g_assert_true (ll_run_store_get_run (store, 0) == old_runs->pdata[0]);

  /* Started again: the old job is cancelled, the new rates train. */
  start (session, 0);
  old_points = ll_run_get_n_points (old_runs->pdata[0]);
  g_assert_cmpint (ll_run_get_state (old_runs->pdata[0]), ==, LL_RUN_CANCELLED);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 2);
  g_assert_cmpfloat (ll_run_get_learning_rate (ll_run_store_get_run (store, 1)), ==, 0.005);
  wait_for_state (session, LL_SESSION_FINISHED);
  ll_test_wait_for (not_busy, session);
  g_assert_cmpuint (ll_run_get_n_points (old_runs->pdata[0]), ==, old_points);
  g_assert_cmpuint (ll_run_get_n_points (ll_run_store_get_run (store, 0)), ==, 4);
  g_assert_cmpuint (ll_training_session_get_n_records (session), ==, 4);
}

static void
test_drop_while_running (void)
{
  const double rates[] = { 0.01, 0.001 };
  LlTrainingSession *session = new_session (rates, 2, 100000, 100, 1.0);
  g_autoptr (GPtrArray) runs = NULL;
  gpointer weak = session;

  start (session, 0);
  runs = store_runs (session);
  wait_for_records (session, 1);
  g_object_add_weak_pointer (G_OBJECT (session), &weak);
  /* The last reference goes while the worker trains: dispose joins it. */
  g_object_unref (session);
  g_assert_null (weak);
  /* Messages still queued find no session. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (ll_run_get_state (runs->pdata[0]), ==, LL_RUN_CANCELLED);
}

static void
test_dataset_swap (void)
{
  const double rate = 0.01;
  g_autoptr (LlTrainingSession) session = new_session (&rate, 1, 100000, 1000, 1.0);
  g_autoptr (LlSharedDataset) other = synthetic_dataset (6, 100, 20);
  LlRunStore *store = ll_training_session_get_store (session);
  g_autoptr (GPtrArray) runs = NULL;
  LlRunModel *model;

  start (session, 0);
  runs = store_runs (session);
  wait_for_records (session, 1);
  ll_training_session_set_dataset (session, other);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_IDLE);
  g_assert_true (ll_run_store_get_dataset (store) == other);
  g_assert_cmpint (ll_run_get_state (runs->pdata[0]), ==, LL_RUN_CANCELLED);
  g_assert_cmpint (ll_run_get_state (ll_run_store_get_run (store, 0)), ==, LL_RUN_WAITING);

  ll_run_config_set_iterations (ll_training_session_get_config (session), 50);
  start (session, 0);
  wait_for_state (session, LL_SESSION_FINISHED);
  model = ll_run_get_latest_model (ll_run_store_get_run (store, 0));
  g_assert_cmpuint (model->n_features, ==, 36);
  g_assert_cmpuint (model->m_test, ==, 20);
  ll_test_wait_for (not_busy, session);
}

/* Imported weights are runs too --------------------------------------------------- */

static void
test_import (void)
{
  const double rate = 0.1;
  g_autoptr (LlTrainingSession) session = new_session (&rate, 1, 100, 10, 1.0);
  LlRunStore *store = ll_training_session_get_store (session);
  LlWeightsImport *import = g_new0 (LlWeightsImport, 1);
  LlModel *model = ll_model_new (64);
  LlRun *run;

  model->learning_rate = 0.3;
  model->iterations = 400;
  ll_model_append_cost (model, 0, 0.69);
  ll_model_append_cost (model, 400, 0.4);
  import->models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);
  g_ptr_array_add (import->models, model);
  import->m_test = 50;
  import->m_train = 200;
  import->test_probabilities = g_new0 (double *, 1);
  import->train_probabilities = g_new0 (double *, 1);
  import->test_probabilities[0] = g_new0 (double, 50);
  import->train_probabilities[0] = g_new0 (double, 200);

  import->source = g_strdup ("weights.npz");
  ll_training_session_show_import (session, import);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_IDLE);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 1);
  run = ll_run_store_get_run (store, 0);
  g_assert_cmpint (ll_run_get_state (run), ==, LL_RUN_IMPORTED);
  g_assert_cmpstr (ll_run_get_source (run), ==, "weights.npz");
  /* One name on every page: the file's, with the rate it gives (issue 24.6). */
  g_assert_cmpstr (ll_run_get_label (run), ==, "weights.npz · 0.3");
  g_assert_cmpuint (ll_run_get_n_points (run), ==, 2);
  g_assert_cmpuint (ll_run_get_shown_model (run)->iteration, ==, 400);
  g_assert_cmpuint (ll_run_get_shown_model (run)->m_test, ==, 50);
  g_assert_nonnull (ll_run_get_trained_model (run));
}

/* Pinned runs (issue 21) ---------------------------------------------------------- */

static void
count_run_updated (LlRunStore *store,
                   guint       position,
                   LlRun      *run,
                   guint      *count)
{
  (*count)++;
}

/* Runs are labelled with the dataset's title, as the window's header names
 * it: the course's pair is "Cat vs non-cat", not its file's "catvnoncat". */
static void
test_run_titles (void)
{
  const double rate = 0.5;
  g_autoptr (LlTrainingSession) session = new_session (&rate, 1, 20, 5, 1.0);
  LlDataset *cats = synthetic_images (6, 40, 10);
  g_autoptr (LlSharedDataset) shared = NULL;

  g_free (cats->name);
  g_free (cats->format);
  g_strfreev (cats->class_names);
  cats->name = g_strdup ("catvnoncat");
  cats->format = g_strdup ("h5");
  cats->class_names = g_strsplit ("non-cat,cat", ",", -1);
  shared = ll_shared_dataset_new (cats);
  ll_training_session_set_dataset (session, shared);
  g_assert_cmpstr (ll_run_get_title (ll_run_store_get_run (ll_training_session_get_store (session), 0)), ==,
                   "lr 0.5 · Cat vs non-cat");
}

static void
test_pinned_runs (void)
{
  const double rates[] = { 0.5, 0.1 };
  const double next_rate = 1.0;
  g_autoptr (LlTrainingSession) session = new_session (rates, G_N_ELEMENTS (rates), 20, 5, 1.0);
  LlRunConfig *config = ll_training_session_get_config (session);
  LlRunStore *store = ll_training_session_get_store (session);
  g_autoptr (LlSharedDataset) other = synthetic_dataset (6, 100, 20);
  g_autoptr (GPtrArray) first = NULL;
  guint updates = 0;
  LlRun *run;

  /* Previews have nothing to pin. */
  g_assert_cmpuint (ll_training_session_pin_job (session), ==, 0);
  g_assert_cmpstr (ll_run_get_title (ll_run_store_get_run (store, 0)), ==, "lr 0.5 · synthetic");

  start (session, 0);
  wait_for_state (session, LL_SESSION_FINISHED);
  first = store_runs (session);
  g_assert_cmpuint (ll_training_session_pin_job (session), ==, 2);

  /* A new job keeps the pinned runs first, untouched, and adds its own. */
  ll_run_config_set_learning_rates (config, &next_rate, 1);
  start (session, 0);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 3);
  g_assert_true (ll_run_store_get_run (store, 0) == first->pdata[0]);
  g_assert_true (ll_run_store_get_run (store, 1) == first->pdata[1]);
  wait_for_state (session, LL_SESSION_FINISHED);
  for (guint i = 0; i < 2; i++)
    {
      run = ll_run_store_get_run (store, i);
      g_assert_true (ll_run_get_pinned (run));
      g_assert_cmpint (ll_run_get_state (run), ==, LL_RUN_FINISHED);
      g_assert_cmpuint (ll_run_get_n_points (run), ==, 5);
    }
  run = ll_run_store_get_run (store, 2);
  g_assert_false (ll_run_get_pinned (run));
  g_assert_cmpint (ll_run_get_state (run), ==, LL_RUN_FINISHED);
  g_assert_cmpuint (ll_run_get_n_points (run), ==, 5);
  g_assert_cmpfloat (ll_run_get_learning_rate (run), ==, 1.0);

  /* Renaming, hiding and pinning redraw the run through "run-updated". */
  g_signal_connect (store, "run-updated", G_CALLBACK (count_run_updated), &updates);
  ll_run_set_title (run, "big steps");
  g_assert_cmpstr (ll_run_get_title (run), ==, "big steps");
  ll_run_set_visible (run, FALSE);
  ll_run_set_pinned (ll_run_store_get_run (store, 0), FALSE);
  g_assert_cmpuint (updates, ==, 3);
  ll_run_set_title (run, "");
  g_assert_cmpstr (ll_run_get_title (run), ==, "lr 1");
  g_signal_handlers_disconnect_by_data (store, &updates);

  /* Reset drops the unpinned runs, keeps the pinned one, previews the config. */
  ll_training_session_reset (session);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 2);
  g_assert_true (ll_run_store_get_run (store, 0) == first->pdata[1]);
  g_assert_cmpint (ll_run_get_state (ll_run_store_get_run (store, 1)), ==, LL_RUN_WAITING);

  /* Another dataset: the pinned run stays, but its model does not fit it. */
  g_assert_true (ll_run_store_run_fits_dataset (store, first->pdata[1]));
  ll_training_session_set_dataset (session, other);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 2);
  g_assert_true (ll_run_store_get_run (store, 0) == first->pdata[1]);
  g_assert_false (ll_run_store_run_fits_dataset (store, first->pdata[1]));
  g_assert_true (ll_run_store_run_fits_dataset (store, ll_run_store_get_run (store, 1)));
  start (session, 0);
  wait_for_state (session, LL_SESSION_FINISHED);
  g_assert_true (ll_run_store_run_fits_dataset (store, ll_run_store_get_run (store, 1)));
  g_assert_cmpuint (ll_run_get_n_points (first->pdata[1]), ==, 5);

  /* Remove: a finished or pinned run, never a preview or a training run. */
  g_assert_true (ll_run_store_remove (store, first->pdata[1]));
  g_assert_false (ll_run_store_remove (store, first->pdata[1]));
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 1);
  ll_training_session_reset (session);
  g_assert_false (ll_run_store_remove (store, ll_run_store_get_run (store, 0)));
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 1);
  ll_test_wait_for (not_busy, session);
}

/* Looks: a run keeps its colour, dashes and marker from job to job; a new
 * job's runs take the looks the pinned runs leave free, in rate order. */
static void
assert_free_looks (LlRunStore  *store,
                   const guint *expected,
                   guint        n)
{
  g_autofree guint *looks = g_new (guint, n);

  ll_run_store_free_looks (store, n, looks);
  for (guint i = 0; i < n; i++)
    g_assert_cmpuint (looks[i], ==, expected[i]);
}

static void
test_run_looks (void)
{
  const double rates[] = { 0.5, 0.1, 0.01 };
  const double next_rates[] = { 1.0, 2.0 };
  g_autoptr (LlTrainingSession) session = new_session (rates, G_N_ELEMENTS (rates), 20, 5, 1.0);
  LlRunConfig *config = ll_training_session_get_config (session);
  LlRunStore *store = ll_training_session_get_store (session);
  g_autoptr (GPtrArray) first = NULL;
  const guint none_pinned[] = { 0, 1, 2, 3 }, after_pin[] = { 3, 4 }, after_unpin[] = { 1, 3 };
  const guint after_remove[] = { 1, 2, 3 };

  /* Without pinned runs nothing changes: look i for rate i. */
  assert_free_looks (store, none_pinned, G_N_ELEMENTS (none_pinned));
  for (guint i = 0; i < 3; i++)
    g_assert_cmpuint (ll_run_get_look (ll_run_store_get_run (store, i)), ==, i);
  start (session, 0);
  wait_for_state (session, LL_SESSION_FINISHED);
  first = store_runs (session);
  g_assert_cmpuint (ll_training_session_pin_job (session), ==, 3);

  /* The next job's previews and runs: looks 3 and 4; the pinned keep 0-2. */
  assert_free_looks (store, after_pin, G_N_ELEMENTS (after_pin));
  ll_run_config_set_learning_rates (config, next_rates, G_N_ELEMENTS (next_rates));
  start (session, 0);
  wait_for_state (session, LL_SESSION_FINISHED);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);
      guint look = 0;

      g_assert_cmpuint (ll_run_get_look (run), ==, i);
      g_object_get (run, "look", &look, NULL);
      g_assert_cmpuint (look, ==, i);
    }
  g_assert_true (ll_run_store_get_run (store, 0) == first->pdata[0]);

  /* Unpinning frees a look (the run keeps it while it stays), so does removing. */
  ll_run_set_pinned (first->pdata[1], FALSE);
  assert_free_looks (store, after_unpin, G_N_ELEMENTS (after_unpin));
  g_assert_cmpuint (ll_run_get_look (first->pdata[1]), ==, 1);
  g_assert_true (ll_run_store_remove (store, first->pdata[2]));
  assert_free_looks (store, after_remove, G_N_ELEMENTS (after_remove));

  /* A new job of two rates beside the one pinned run (look 0): looks 1 and 2. */
  start (session, 0);
  wait_for_state (session, LL_SESSION_FINISHED);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 3);
  g_assert_true (ll_run_store_get_run (store, 0) == first->pdata[0]);
  g_assert_cmpuint (ll_run_get_look (ll_run_store_get_run (store, 0)), ==, 0);
  g_assert_cmpuint (ll_run_get_look (ll_run_store_get_run (store, 1)), ==, 1);
  g_assert_cmpuint (ll_run_get_look (ll_run_store_get_run (store, 2)), ==, 2);
  ll_test_wait_for (not_busy, session);
}

static gboolean
retrain_done (gpointer data)
{
  return ll_training_session_get_retrain_fraction (data) < 0
         && ll_training_session_get_state (data) == LL_SESSION_IDLE;
}

/* A lesson's pinned runs are trained again on open, as fast as it goes. */
static void
test_retrain_pinned (void)
{
  const double rate = 0.05;
  g_autoptr (LlTrainingSession) session = new_session (&rate, 1, 20, 5, 0.0);
  LlRunStore *store = ll_training_session_get_store (session);
  const LlRetrainRun runs[] = {
    { "first", 0.5, 20, 5 },
    { "second", 0.1, 20, 5 },
    { "longer", 0.01, 30, 10 },
  };
  g_autoptr (GError) error = NULL;

  g_assert_true (ll_training_session_retrain (session, runs, G_N_ELEMENTS (runs), &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (ll_training_session_get_retrain_fraction (session), >=, 0);
  ll_test_wait_for (retrain_done, session);
  /* The three pinned runs, then the config's preview. */
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);

      g_assert_cmpstr (ll_run_get_title (run), ==, runs[i].title);
      g_assert_cmpfloat (ll_run_get_learning_rate (run), ==, runs[i].learning_rate);
      g_assert_true (ll_run_get_pinned (run));
      g_assert_cmpint (ll_run_get_state (run), ==, LL_RUN_FINISHED);
      g_assert_cmpuint (ll_run_get_latest_point (run)->iteration, ==, runs[i].iterations);
    }
  g_assert_cmpint (ll_run_get_state (ll_run_store_get_run (store, 3)), ==, LL_RUN_WAITING);
  g_assert_cmpfloat (ll_run_get_learning_rate (ll_run_store_get_run (store, 3)), ==, 0.05);
  ll_test_wait_for (not_busy, session);
}

typedef struct {
  LlTrainingSession *session;
  guint n_recomputed;
  guint n_finished_before;  /* "finished" came first */
  guint n_finished;
  double fraction_seen;     /* the largest progress reported while it trained */
} Recompute;

static void
on_recompute_finished (LlTrainingSession *session,
                       Recompute         *wait)
{
  wait->n_finished++;
}

static void
on_recomputed (LlTrainingSession *session,
               Recompute         *wait)
{
  wait->n_recomputed++;
  wait->n_finished_before = wait->n_finished;
}

static gboolean
recomputed (gpointer data)
{
  Recompute *wait = data;

  wait->fraction_seen = MAX (wait->fraction_seen, ll_training_session_get_retrain_fraction (wait->session));
  return wait->n_recomputed > 0;
}

/* A lesson's pinned runs, then its job, trained again: the job unpinned,
 * titled and hidden as saved, "finished" then "recomputed" once; Reset
 * ends a recompute without "recomputed". */
static void
test_recompute (void)
{
  const double rates[] = { 1.0, 2.0 };
  g_autoptr (LlTrainingSession) session = new_session (rates, 2, 20, 5, 0.0);
  LlRunStore *store = ll_training_session_get_store (session);
  const LlRetrainRun pinned[] = {
    { "first", 0.5, 20, 5 },
    { "hidden", 0.1, 20, 5, TRUE },
  };
  const LlRetrainRun job[] = {
    { "the fast one", 1.0, 20, 5 },
    { NULL, 2.0, 20, 5, TRUE },
  };
  Recompute wait = { session };
  g_autoptr (GError) error = NULL;

  g_signal_connect (session, "finished", G_CALLBACK (on_recompute_finished), &wait);
  g_signal_connect (session, "recomputed", G_CALLBACK (on_recomputed), &wait);
  g_assert_true (ll_training_session_recompute (session, pinned, 2, job, 2, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_RUNNING);
  ll_test_wait_for (recomputed, &wait);
  g_assert_cmpuint (wait.n_recomputed, ==, 1);
  g_assert_cmpuint (wait.n_finished_before, ==, 1);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_FINISHED);
  g_assert_cmpfloat (ll_training_session_get_retrain_fraction (session), <, 0);
  g_assert_cmpfloat (wait.fraction_seen, >, 0);
  g_assert_cmpfloat (wait.fraction_seen, <=, 1);
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);
      const LlRetrainRun *saved = i < 2 ? &pinned[i] : &job[i - 2];

      g_assert_cmpfloat (ll_run_get_learning_rate (run), ==, saved->learning_rate);
      g_assert_true (ll_run_get_pinned (run) == (i < 2));
      g_assert_true (ll_run_get_visible (run) == !saved->hidden);
      g_assert_cmpuint (ll_run_get_latest_point (run)->iteration, ==, 20);
      if (saved->title != NULL)
        g_assert_cmpstr (ll_run_get_title (run), ==, saved->title);
      else
        g_assert_true (g_str_has_prefix (ll_run_get_title (run), "lr 2"));
    }
  ll_test_wait_for (not_busy, session);

  /* Reset before it is done: no "recomputed". */
  g_assert_true (ll_training_session_recompute (session, NULL, 0, job, 2, &error));
  g_assert_cmpfloat (ll_training_session_get_retrain_fraction (session), >=, 0);
  ll_training_session_reset (session);
  g_assert_cmpfloat (ll_training_session_get_retrain_fraction (session), <, 0);
  ll_test_wait_for (not_busy, session);
  g_assert_cmpuint (wait.n_recomputed, ==, 1);

  /* A job that cannot start is said at once, nothing started. */
  ll_run_config_set_initial_w (ll_training_session_get_config (session), "1, 2");
  g_assert_false (ll_training_session_recompute (session, pinned, 2, job, 2, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_IDLE);
  g_assert_cmpfloat (ll_training_session_get_retrain_fraction (session), <, 0);
  g_signal_handlers_disconnect_by_data (session, &wait);
}

#ifdef __linux__
/* In a thread of its own: the test's main thread keeps its priority. */
static gpointer
lower_and_restore (gpointer data)
{
  LlWorkerPriority priority;
  int before;

  errno = 0;
  before = getpriority (PRIO_PROCESS, (id_t) gettid ());
  g_assert_cmpint (errno, ==, 0);
  ll_worker_priority_lower (&priority);
  g_assert_cmpint (getpriority (PRIO_PROCESS, (id_t) gettid ()), ==, MAX (before, LL_WORKER_NICE));
  /* Once more, as a reused pool thread does: no further step down. */
  {
    LlWorkerPriority again;

    ll_worker_priority_lower (&again);
    g_assert_cmpint (getpriority (PRIO_PROCESS, (id_t) gettid ()), ==, MAX (before, LL_WORKER_NICE));
    ll_worker_priority_restore (&again);
  }
  ll_worker_priority_restore (&priority);
  /* Raising a priority back needs the privilege (RLIMIT_NICE) root has. */
  if (geteuid () == 0)
    g_assert_cmpint (getpriority (PRIO_PROCESS, (id_t) gettid ()), ==, before);
  return NULL;
}
#endif

/* The workers (trainer, sweep, landscape, the critical rate) compute at a
 * lower priority than the UI thread, and a pool thread gets its back. */
static void
test_worker_priority (void)
{
#ifdef __linux__
  g_thread_join (g_thread_new ("priority", lower_and_restore, NULL));
  g_assert_cmpint (LL_SESSION_WORKER_THREADS, >=, 1);
  g_assert_cmpint (LL_SESSION_WORKER_THREADS, <, MAX (g_get_num_processors (), 2));
#else
  g_test_skip ("thread priorities are Linux's");
#endif
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/session/config/parse-rates", test_parse_rates);
  g_test_add_func ("/session/config/validate-and-settings", test_config_validate_and_settings);
  g_test_add_func ("/session/config/scaling", test_config_scaling);
  g_test_add_func ("/session/initial-weights", test_initial_weights);
  g_test_add_func ("/session/runs/match-trainer", test_runs_match_trainer);
  g_test_add_func ("/session/runs/thin-models", test_run_thins_models);
  g_test_add_func ("/session/runs/sharpness", test_sharpness);
  g_test_add_func ("/session/runs/first-costs-and-test-cost", test_first_costs_and_test_cost);
  g_test_add_func ("/session/pause-step-resume", test_pause_step_resume);
  g_test_add_func ("/session/cancel-while-running", test_cancel_while_running);
  g_test_add_func ("/session/new-rates-while-running", test_new_rates_while_running);
  g_test_add_func ("/session/drop-while-running", test_drop_while_running);
  g_test_add_func ("/session/dataset-swap", test_dataset_swap);
  g_test_add_func ("/session/import", test_import);
  g_test_add_func ("/session/run-titles", test_run_titles);
  g_test_add_func ("/session/pinned-runs", test_pinned_runs);
  g_test_add_func ("/session/run-looks", test_run_looks);
  g_test_add_func ("/session/retrain-pinned", test_retrain_pinned);
  g_test_add_func ("/session/recompute", test_recompute);
  g_test_add_func ("/session/worker-priority", test_worker_priority);
  return g_test_run ();
}
