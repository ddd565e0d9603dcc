/* bench-train.c: the trainer against the seeds' numpy loop, timed in one run.
 *
 * Run (a benchmark, not a test; needs the course's cat data):
 *
 *   meson compile -C build bench-train && ./build/tests/bench/bench-train [DATA_DIR] [REPEATS]
 *
 * DATA_DIR defaults to $LL_CATVNONCAT_DIR, else ../shared/data/catvnoncat
 * beside the source tree. It trains learning rates 0.5, 0.1 and 0.01 for
 * 2000 iterations (costs recorded every 100) with ll_train, REPEATS times
 * (default 3, the best time counts), then runs tests/bench/seeds_numpy.py
 * (the course's propagate/optimize) with /usr/bin/python3 on the same work,
 * OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for that command only, and
 * prints both times and the ratio (wall time; CPU time beside it, since on
 * a busy machine wall time swings). Exit status 1 when the wall ratio is
 * under the target (20x), 77 when the data is absent. Data loading is timed
 * apart and excluded from both sides. OPENBLAS_NUM_THREADS=1 in front
 * compares single-threaded against single-threaded. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <math.h>

#include "core/dataset.h"
#include "core/trainer.h"

#define TARGET_SPEEDUP 20.0

static const double rates[] = { 0.5, 0.1, 0.01 };

static char *
format_double (double value, const char *format)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* CPU time of the whole process (OpenBLAS's threads included): on a busy
 * machine it moves far less than wall time, so it is printed beside it. */
static double
cpu_seconds (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

/* The seeds' loop in numpy; returns its training wall seconds (its CPU
 * seconds in CPU), or -1 (with a message) when python3, numpy or h5py is
 * missing. */
static double
run_numpy (const char *data_dir, char **report, double *cpu)
{
  g_autofree char *script = g_build_filename (LL_BENCH_SOURCE_DIR, "seeds_numpy.py", NULL);
  const char *argv[] = { "/usr/bin/python3", script, data_dir,
                         "--learning-rates", "0.5,0.1,0.01", "--iterations", "2000", NULL };
  g_auto (GStrv) envp = g_get_environ ();
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  const char *line;
  int status;

  envp = g_environ_unsetenv (envp, "OPENBLAS_CORETYPE");
  envp = g_environ_unsetenv (envp, "OPENBLAS_L2_SIZE");
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("numpy side skipped: %s%s%s\n", error->message,
                  err != NULL && *err ? "\n" : "", err != NULL ? err : "");
      return -1;
    }
  line = strstr (out, "seconds: ");
  if (line == NULL)
    {
      g_printerr ("numpy side printed no timing:\n%s\n", out);
      return -1;
    }
  *report = g_strndup (out, line - out);
  *cpu = strstr (line, "cpu seconds: ") != NULL
         ? g_ascii_strtod (strstr (line, "cpu seconds: ") + strlen ("cpu seconds: "), NULL)
         : NAN;
  return g_ascii_strtod (line + strlen ("seconds: "), NULL);
}

/* The app always listens: count the callback's cost too. */
static gboolean
ignore_progress (const LlProgress *runs, guint n_runs, gpointer user_data)
{
  return TRUE;
}

int
main (int argc, char **argv)
{
  const char *data_dir = argc > 1 ? argv[1] : g_getenv ("LL_CATVNONCAT_DIR");
  guint repeats = argc > 2 ? (guint) MAX (atoi (argv[2]), 1) : 3;
  g_autoptr (LlDataset) dataset = NULL;
  g_autofree double *X_train = NULL;
  g_autofree double *X_test = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *numpy_report = NULL;
  g_autofree char *load_text = NULL;
  g_autofree char *ours_text = NULL;
  LlTrainData data;
  LlTrainParams params = { .learning_rates = rates, .n_rates = G_N_ELEMENTS (rates),
                           .iterations = 2000, .record_every = 100 };
  double best = G_MAXDOUBLE, best_cpu = G_MAXDOUBLE, load_seconds, numpy_seconds, numpy_cpu = NAN;
  gint64 start;

  if (data_dir == NULL)
    data_dir = LL_BENCH_DEFAULT_DATA_DIR;

  start = g_get_monotonic_time ();
  dataset = ll_dataset_load (data_dir, 0, 0, &error);
  if (dataset == NULL)
    {
      g_printerr ("bench-train: %s\n", error->message);
      return 77;
    }
  X_train = ll_split_features (&dataset->train, dataset->n_features);
  X_test = ll_split_features (&dataset->test, dataset->n_features);
  load_seconds = seconds_since (start);
  data = (LlTrainData) {
    .n_features = dataset->n_features,
    .X_train = X_train, .y_train = dataset->train.labels, .m_train = dataset->train.count,
    .X_test = X_test, .y_test = dataset->test.labels, .m_test = dataset->test.count,
  };

  g_print ("data: %s, %" G_GSIZE_FORMAT " train / %" G_GSIZE_FORMAT " test, %" G_GSIZE_FORMAT
           " features (loaded in %s s, not counted)\n",
           data_dir, data.m_train, data.m_test, data.n_features,
           (load_text = format_double (load_seconds, "%.3f")));

  for (guint r = 0; r < repeats; r++)
    {
      g_autoptr (GPtrArray) models = NULL;
      double seconds, cpu = cpu_seconds ();

      start = g_get_monotonic_time ();
      models = ll_train (&data, &params, ignore_progress, NULL, &error);
      seconds = seconds_since (start);
      best_cpu = MIN (best_cpu, cpu_seconds () - cpu);
      if (models == NULL)
        {
          g_printerr ("bench-train: %s\n", error->message);
          return 1;
        }
      best = MIN (best, seconds);
      if (r == 0)
        for (guint j = 0; j < models->len; j++)
          {
            LlModel *model = g_ptr_array_index (models, j);
            g_autofree char *rate = format_double (model->learning_rate, "%g");
            g_autofree char *cost = format_double (model->costs[model->n_costs - 1].cost, "%.6f");
            g_autofree char *train = format_double (model->train_accuracy, "%.2f");
            g_autofree char *test = format_double (model->test_accuracy, "%.2f");

            g_print ("ours: lr %-5s final cost %s, train %s %%, test %s %%\n",
                     rate, cost, train, test);
          }
    }

  g_print ("ours:  %s s for 0.5, 0.1, 0.01 x 2000 iterations (best of %u, %s form)\n",
           (ours_text = format_double (best, "%.4f")), repeats,
           data.m_train < data.n_features ? "dual" : "primal");

  numpy_seconds = run_numpy (data_dir, &numpy_report, &numpy_cpu);
  if (numpy_seconds < 0)
    return 0;
  g_print ("numpy (the seeds' loop, same work):\n%s", numpy_report);
  {
    g_autofree char *numpy_text = format_double (numpy_seconds, "%.3f");
    g_autofree char *ratio_text = format_double (numpy_seconds / best, "%.1f");
    g_autofree char *numpy_cpu_text = format_double (numpy_cpu, "%.3f");
    g_autofree char *ours_cpu_text = format_double (best_cpu, "%.4f");
    g_autofree char *cpu_ratio_text = format_double (numpy_cpu / best_cpu, "%.1f");

    g_print ("numpy: %s s wall, %s s CPU\n"
             "ours:  %s s wall, %s s CPU\n"
             "speedup: %sx wall (target >= %gx), %sx CPU\n",
             numpy_text, numpy_cpu_text, ours_text, ours_cpu_text,
             ratio_text, TARGET_SPEEDUP, cpu_ratio_text);
  }
  return numpy_seconds / best >= TARGET_SPEEDUP ? 0 : 1;
}
