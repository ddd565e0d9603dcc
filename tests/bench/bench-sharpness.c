/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-sharpness.c [DIR [CLASSES]]: what the sharpness at record points (issue 17.2) adds
 * to training, as the session does it: the cat data, lr 0.5, 0.1, 0.01 x
 * 2000 iterations, recording every 100 with snapshots, on the worker's
 * cores; once with a record callback that only looks at the probabilities
 * and once with the session's sharpness work (one LlSharpness per job, made
 * at the first record point, and each run warm-started from its last
 * vector, LL_SESSION_SHARPNESS_*). Alternated, best of REPEATS, in wall
 * time and in process CPU time (which a loaded machine inflates less).
 * Goal: < 25 % extra. */
#include "config.h"

#include <math.h>
#include <time.h>

#include "bench-common.h"
#include "core/data/dataset.h"
#include "core/train/curvature.h"
#include "session/ll-training-session.h"

#define REPEATS 5

static const double rates[] = { 0.5, 0.1, 0.01 };
#define N_RATES G_N_ELEMENTS (rates)

typedef struct {
  const LlTrainData *data;
  gboolean with_sharpness;
  LlSharpness *sharpness;
  double *vectors;
  double checksum;
  guint points;
  guint products;
} Work;

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
process_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static gboolean
on_record (const LlProgress *runs, guint n_runs, gpointer user_data)
{
  Work *work = user_data;
  gsize dim;

  if (!work->with_sharpness)
    {
      for (guint i = 0; i < n_runs; i++)
        work->checksum += runs[i].train_probabilities[0];
      return TRUE;
    }
  if (work->sharpness == NULL)
    {
      work->sharpness = ll_sharpness_new (work->data, LL_SESSION_WORKER_THREADS, NULL);
      g_assert (work->sharpness != NULL);
      work->vectors = g_new0 (double, ll_sharpness_get_dim (work->sharpness) * N_RATES);
    }
  dim = ll_sharpness_get_dim (work->sharpness);
  for (guint i = 0; i < n_runs; i++)
    {
      LlEigenEstimate estimate;

      work->checksum += ll_sharpness_at_probabilities_from (work->sharpness, runs[i].train_probabilities,
                                                            work->vectors + runs[i].run * dim,
                                                            LL_SESSION_SHARPNESS_REL_TOL,
                                                            LL_SESSION_SHARPNESS_MAX_PRODUCTS, &estimate);
      work->points++;
      work->products += estimate.products;
    }
  return TRUE;
}

static void
train_once (const LlTrainData *data, gboolean with_sharpness, double *wall, double *cpu, Work *last)
{
  LlTrainParams params = {
    .learning_rates = rates,
    .n_rates = N_RATES,
    .iterations = 2000,
    .record_every = 100,
    .form = LL_TRAINER_FORM_AUTO,
    .want_snapshots = TRUE,
    .n_threads = LL_SESSION_WORKER_THREADS,
  };
  Work work = { data, with_sharpness, NULL, NULL, 0, 0, 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = NULL;
  double wall_start = now (), cpu_start = process_cpu ();

  models = ll_train (data, &params, on_record, &work, &error);
  g_assert_no_error (error);
  g_clear_pointer (&work.sharpness, ll_sharpness_free);
  g_clear_pointer (&work.vectors, g_free);
  *wall = MIN (*wall, now () - wall_start);
  *cpu = MIN (*cpu, process_cpu () - cpu_start);
  *last = work;
}

int
main (int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1]
                    : g_getenv ("LL_CATVNONCAT_DIR") != NULL ? g_getenv ("LL_CATVNONCAT_DIR")
                    : LL_BENCH_DEFAULT_DATA_DIR;
  g_autofree char *model = ll_bench_cpuinfo ("model name");
  g_autofree char *load = NULL;
  g_autoptr (GError) error = NULL;
  /* A second argument picks two classes (Fashion-MNIST: Coat,Pullover). */
  g_autoptr (LlDataset) dataset = ll_dataset_load (dir, 0, 0, &error);
  double wall[2] = { INFINITY, INFINITY }, cpu[2] = { INFINITY, INFINITY };
  Work last = { 0 };
  LlTrainData data;

  if (dataset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  if (argc > 2 && (dataset = ll_dataset_into_binary (g_steal_pointer (&dataset), argv[2], &error)) == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  data = ll_train_data_from_pixels (dataset);
  g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
  g_print ("machine: %s, %u cores, load average %s", model, g_get_num_processors (),
           load != NULL ? load : "?\n");
  g_print ("data: %s (%zu x %zu); lr 0.5, 0.1, 0.01 x 2000, record every 100, %d worker thread(s)\n",
           dir, dataset->train.count, dataset->n_features, (int) LL_SESSION_WORKER_THREADS);
  for (guint r = 0; r < REPEATS; r++)
    for (guint with = 0; with < 2; with++)
      train_once (&data, with, &wall[with], &cpu[with], &last);
  g_print ("without the sharpness: %.1f ms wall, %.1f ms CPU (best of %d)\n",
           wall[0] * 1e3, cpu[0] * 1e3, REPEATS);
  g_print ("with the sharpness:    %.1f ms wall, %.1f ms CPU (best of %d); %u points, %u products\n",
           wall[1] * 1e3, cpu[1] * 1e3, REPEATS, last.points, last.products);
  g_print ("extra training time: %+.1f %% wall, %+.1f %% CPU (goal < 25 %%)\n",
           100 * (wall[1] / wall[0] - 1), 100 * (cpu[1] / cpu[0] - 1));
  return 0;
}
