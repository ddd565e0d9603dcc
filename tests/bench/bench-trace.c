/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-trace.c: what the cost of every iteration costs (issue 17): the
 * trainer sums each iteration's cost from the decisions it has anyway
 * (ll_loss_sum_add: one vectorised exp per example, one log per run and
 * panel group), for the rises between record points and the first
 * iterations' costs. Here that added work alone, on the same sizes, is set
 * against a whole iteration, both in this thread's CPU time on one thread
 * (what a loaded shared machine inflates least):
 *   the cat data (209 x 12288, dual: decisions in panels of 12 rows) and
 *   Fashion-MNIST Coat vs Pullover (12000 x 784, primal: one range a run).
 *
 *   meson compile -C build bench-trace
 *   ./build/tests/bench/bench-trace [CAT_DIR] [FASHION_DIR] */
#include "config.h"

#include "bench-common.h"

#include <math.h>
#include <time.h>

#include "core/data/dataset.h"
#include "core/train/trainer.h"
#include "core/train/vmath.h"

#define PANEL_ROWS 12

static const double rates[] = { 0.5, 0.1, 0.01 };

static double
thread_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Thread CPU seconds an iteration of ll_train on one thread, best of REPEATS. */
static double
iteration_seconds (const LlTrainData *data, guint iterations, guint repeats)
{
  LlTrainParams params = {
    .learning_rates = rates, .n_rates = G_N_ELEMENTS (rates), .iterations = iterations,
    .record_every = 100, .n_threads = 1, .dense_first_iterations = 100,
  };
  double best = G_MAXDOUBLE;

  for (guint r = 0; r < repeats; r++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) models = NULL;
      double start = thread_cpu ();

      models = ll_train (data, &params, NULL, NULL, &error);
      if (models == NULL)
        g_error ("%s", error->message);
      best = MIN (best, thread_cpu () - start);
    }
  return best / iterations;
}

/* Thread CPU seconds of running k ranges of M decisions in pieces of
 * RANGE through the residuals (FUSED: with the loss, ll_vsigmoid_residual_loss)
 * or the loss alone (ll_loss_sum_add), REPEATS times. */
typedef enum { RESIDUALS, RESIDUALS_WITH_LOSS, LOSS_ALONE } Work;

static double
work_seconds (Work work, gsize m, guint k, gsize range, guint repeats)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  g_autofree double *z = g_new (double, m * k);
  g_autofree double *r = g_new (double, m * k);
  g_autofree double *y = g_new (double, m);
  volatile double sink = 0;
  double start;

  for (gsize i = 0; i < m * k; i++)
    z[i] = g_rand_double_range (rand, -6, 6);
  for (gsize i = 0; i < m; i++)
    y[i] = g_rand_boolean (rand);
  start = thread_cpu ();
  for (guint rep = 0; rep < repeats; rep++)
    for (guint j = 0; j < k; j++)
      {
        LlLossSum total = LL_LOSS_SUM_INIT;

        for (gsize s = 0; s < m; s += range)
          {
            LlLossSum part = LL_LOSS_SUM_INIT;
            gsize count = MIN (range, m - s);

            if (work == RESIDUALS)
              sink += ll_vsigmoid_residual (z + j * m + s, y + s, r + j * m + s, count);
            else if (work == RESIDUALS_WITH_LOSS)
              sink += ll_vsigmoid_residual_loss (z + j * m + s, y + s, r + j * m + s, count, &part);
            else
              ll_loss_sum_add (&part, z + j * m + s, y + s, count);
            if (work != RESIDUALS)
              ll_loss_sum_merge (&total, &part);
          }
        sink += ll_loss_sum_value (&total);
      }
  (void) sink;
  return (thread_cpu () - start) / repeats;
}

/* The added work of one iteration: the dual fuses the loss into its
 * residuals (the difference counts), the primal sums it from its stored
 * decisions. */
static double
added_seconds (gboolean dual, gsize m, guint k, gsize range, guint repeats)
{
  if (!dual)
    return work_seconds (LOSS_ALONE, m, k, range, repeats);
  return MAX (0.0, work_seconds (RESIDUALS_WITH_LOSS, m, k, range, repeats)
                   - work_seconds (RESIDUALS, m, k, range, repeats));
}

static void
report (const char *name, const LlTrainData *data, gboolean dual, gsize range, guint iterations)
{
  double k = G_N_ELEMENTS (rates), m = data->m_train, n = data->n_features;
  double iteration = iteration_seconds (data, iterations, 3);
  double added = added_seconds (dual, data->m_train, G_N_ELEMENTS (rates), range,
                                dual ? 20000 : 500);
  /* An iteration's multiply-adds: G C (dual) or the pass's two products. */
  g_autofree char *of_peak = ll_bench_of_peak (dual ? m * m * k : 2 * m * n * k, iteration, 1);

  g_print ("%s: %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT ", 3 rates, one thread: an iteration"
           " %.1f us CPU%s; the cost sums in it %.2f us = %.1f %%\n",
           name, data->m_train, data->n_features, iteration * 1e6, of_peak, added * 1e6,
           100 * added / iteration);
}

int
main (int argc, char **argv)
{
  const char *cat_dir = argc > 1 ? argv[1] : LL_BENCH_DEFAULT_DATA_DIR;
  const char *fashion_dir = argc > 2 ? argv[2] : "/usr/share/datasets/fashion-mnist";
  g_autofree char *cpu = ll_bench_cpuinfo ("model name");
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) cat = ll_dataset_load (cat_dir, 0, 0, &error);
  g_autoptr (LlDataset) fashion = NULL;
  double load[3];

  g_print ("CPU: %s\n", cpu);
  ll_bench_print_peaks ();
  if (cat == NULL)
    g_print ("cat data: skipped (%s)\n", error->message);
  else
    {
      LlTrainData data = ll_train_data_from_pixels (cat);

      report ("cat data, dual", &data, TRUE, PANEL_ROWS, 2000);
    }
  g_clear_error (&error);
  {
    g_autoptr (LlDataset) all = ll_dataset_load (fashion_dir, 0, 0, &error);

    if (all != NULL)
      fashion = ll_dataset_select_binary (all, "Coat,Pullover", &error);
  }
  if (fashion == NULL)
    g_print ("Fashion-MNIST: skipped (%s)\n", error->message);
  else
    {
      LlTrainData data = ll_train_data_from_pixels (fashion);

      report ("Fashion-MNIST Coat vs Pullover, primal", &data, FALSE, data.m_train, 100);
    }
  if (getloadavg (load, 3) == 3)
    g_print ("load average: %.2f %.2f %.2f\n", load[0], load[1], load[2]);
  return 0;
}
