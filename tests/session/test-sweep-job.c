/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sweep-job.c: LlSweepJob on a small synthetic dataset, headless:
 * results arrive in rate order as batches finish and equal ll_sweep's,
 * cancel stops the worker, a restart drops the old job. (2/L is the run
 * store's: tests/app/test-lab.c.) */
#include "config.h"

#include <math.h>

#include "fixtures.h"
#include "fixtures-blobs.h"
#include "session/ll-sweep-job.h"

typedef struct {
  LlSharedDataset *dataset;
  LlSweepJob *job;
  guint n_added_signals;
  guint next_position;      /* results-added must append */
  guint n_finished;
  GError *error;
  gboolean cancel_after_first;
} Fixture;

static void
on_results_added (LlSweepJob *job, guint position, guint n_added, Fixture *f)
{
  g_assert_cmpuint (position, ==, f->next_position);
  g_assert_cmpuint (n_added, >, 0);
  f->next_position = position + n_added;
  f->n_added_signals++;
  if (f->cancel_after_first)
    ll_sweep_job_cancel (job);
}

static void
on_finished (LlSweepJob *job, const GError *error, Fixture *f)
{
  f->n_finished++;
  g_clear_error (&f->error);
  f->error = error != NULL ? g_error_copy (error) : NULL;
  g_assert_false (ll_sweep_job_get_running (job));
}

static gboolean
finished (gpointer data)
{
  return ((Fixture *) data)->n_finished > 0;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->dataset = ll_shared_dataset_new (ll_test_blobs_dataset (120, 40, 6, 7));
  f->job = ll_sweep_job_new ();
  g_signal_connect (f->job, "results-added", G_CALLBACK (on_results_added), f);
  g_signal_connect (f->job, "finished", G_CALLBACK (on_finished), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->job);
  g_clear_pointer (&f->dataset, ll_shared_dataset_unref);
  g_clear_error (&f->error);
}

static gboolean
sweep_progress_continue (const LlSweepResult *results, guint done, guint n_total, gpointer data)
{
  return TRUE;
}

/* The job's results are ll_sweep's own (same batches), in rate order. */
static void
test_results (Fixture *f, gconstpointer data)
{
  const LlSweepJobConfig config = { 1e-3, 1000, 20, 300 };
  const LlTrainData train_data = ll_train_data_from_pixels (ll_shared_dataset_get (f->dataset));
  LlSweepParams params = { .from = 1e-3, .to = 1000, .count = 20, .iterations = 300 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) expected = NULL;
  const LlSweepResult *results;
  guint n_results, n_diverged = 0;

  g_assert_true (ll_sweep_job_start (f->job, f->dataset, &config, &error));
  g_assert_no_error (error);
  g_assert_true (ll_sweep_job_get_running (f->job));
  ll_test_wait_for (finished, f);

  g_assert_no_error (f->error);
  g_assert_cmpuint (f->n_finished, ==, 1);
  /* 20 rates in batches of 8: at least the last batch comes as its own signal */
  g_assert_cmpuint (f->n_added_signals, >=, 1);
  g_assert_cmpfloat (ll_sweep_job_get_fraction (f->job), ==, 1.0);

  expected = ll_sweep (&train_data, &params, sweep_progress_continue, NULL, &error);
  g_assert_no_error (error);
  results = ll_sweep_job_get_results (f->job, &n_results);
  g_assert_cmpuint (n_results, ==, expected->len);
  for (guint i = 0; i < n_results; i++)
    {
      const LlSweepResult *want = &g_array_index (expected, LlSweepResult, i);

      g_assert_cmpfloat (results[i].learning_rate, ==, want->learning_rate);
      g_assert_true (results[i].cost == want->cost || (isnan (results[i].cost) && isnan (want->cost)));
      g_assert_cmpfloat (results[i].train_accuracy, ==, want->train_accuracy);
      g_assert_cmpfloat (results[i].test_accuracy, ==, want->test_accuracy);
      g_assert_cmpint (results[i].diverged, ==, want->diverged);
      n_diverged += results[i].diverged;
      g_test_message ("%g %g %d", results[i].learning_rate, results[i].cost, results[i].diverged);
    }
  /* The range reaches past 2/L far enough that some rates diverge. */
  g_assert_cmpuint (n_diverged, >, 0);
  g_assert_cmpuint (n_diverged, <, n_results);

}

/* Cancel from the first results: the rest never comes, the first stay. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  const LlSweepJobConfig config = { 1e-4, 1, 40, 200000 };
  g_autoptr(GError) error = NULL;
  guint n_results;

  f->cancel_after_first = TRUE;
  g_assert_true (ll_sweep_job_start (f->job, f->dataset, &config, &error));
  ll_test_wait_for (finished, f);

  g_assert_error (f->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  ll_sweep_job_get_results (f->job, &n_results);
  g_assert_cmpuint (n_results, >, 0);
  g_assert_cmpuint (n_results, <, config.count);
  g_assert_cmpuint (n_results, ==, f->next_position);
  g_assert_cmpfloat (ll_sweep_job_get_fraction (f->job), <, 1.0);
}

/* A start while running drops the old sweep: only the new one finishes,
 * and only its rates arrive. */
static void
test_restart (Fixture *f, gconstpointer data)
{
  const LlSweepJobConfig slow = { 1e-4, 1, 40, 200000 };
  const LlSweepJobConfig quick = { 0.01, 0.1, 5, 50 };
  g_autoptr(GError) error = NULL;
  const LlSweepResult *results;
  LlSweepJobConfig config;
  guint n_results;

  g_assert_true (ll_sweep_job_start (f->job, f->dataset, &slow, &error));
  f->next_position = 0;
  g_assert_true (ll_sweep_job_start (f->job, f->dataset, &quick, &error));
  ll_test_wait_for (finished, f);

  g_assert_no_error (f->error);
  g_assert_cmpuint (f->n_finished, ==, 1);
  results = ll_sweep_job_get_results (f->job, &n_results);
  g_assert_cmpuint (n_results, ==, 5);
  g_assert_cmpfloat (results[0].learning_rate, ==, 0.01);
  g_assert_cmpfloat (results[4].learning_rate, ==, 0.1);
  ll_sweep_job_get_config (f->job, &config);
  g_assert_cmpuint (config.count, ==, 5);
}

/* Dropping the job while its worker runs: the worker stops on its own. */
static void
test_drop_while_running (Fixture *f, gconstpointer data)
{
  const LlSweepJobConfig slow = { 1e-4, 1, 40, 200000 };
  g_autoptr(GError) error = NULL;

  g_assert_true (ll_sweep_job_start (f->job, f->dataset, &slow, &error));
  g_clear_object (&f->job);
  /* The dataset is the worker's too: ours may go first. */
  g_clear_pointer (&f->dataset, ll_shared_dataset_unref);
  g_assert_cmpuint (f->n_finished, ==, 0);
}

static void
test_validate (void)
{
  const LlSweepJobConfig bad[] = {
    { 0, 1, 10, 10 }, { -1, 1, 10, 10 }, { NAN, 1, 10, 10 }, { 1e-3, INFINITY, 10, 10 },
    { 1, 0.1, 10, 10 }, { 1e-3, 1, 0, 10 }, { 1e-3, 1, LL_SWEEP_JOB_MAX_COUNT + 1, 10 },
    { 1e-3, 1, 10, 0 },
  };
  const LlSweepJobConfig good = { LL_SWEEP_JOB_DEFAULT_FROM, LL_SWEEP_JOB_DEFAULT_TO,
                                  LL_SWEEP_JOB_DEFAULT_COUNT, 2000 };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ll_sweep_job_validate (&bad[i], &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
    }
  g_assert_true (ll_sweep_job_validate (&good, NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/sweep-job/results", Fixture, NULL, fixture_set_up, test_results, fixture_tear_down);
  g_test_add ("/sweep-job/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/sweep-job/restart", Fixture, NULL, fixture_set_up, test_restart, fixture_tear_down);
  g_test_add ("/sweep-job/drop-while-running", Fixture, NULL, fixture_set_up,
              test_drop_while_running, fixture_tear_down);
  g_test_add_func ("/sweep-job/validate", test_validate);
  return g_test_run ();
}
