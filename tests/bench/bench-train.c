/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-train.c: training speed against the seeds' numpy loop, in one run,
 * with the machine's details and the limit each workload reaches.
 *
 * Run (a benchmark, not a test):
 *
 *   meson compile -C build bench-train logistic-lab
 *   ./build/tests/bench/bench-train [--cat DIR] [--fashion DIR] [--repeats N]
 *                                   [--pairs N] [--no-numpy] [--no-fashion] [--busy]
 *                                   [--program PATH]
 *
 * --cat defaults to $LL_CATVNONCAT_DIR, else ../shared/data/catvnoncat beside
 * the source tree; --fashion to /usr/share/datasets/fashion-mnist.
 *
 * (a) The course's cat data, rates 0.5, 0.1, 0.01 x 2000 iterations: the
 *     whole `logistic-lab train -d DIR` process (spawned, loading and output
 *     included, best of N wall) against the seeds' numpy training loop alone
 *     (tests/bench/seeds_numpy.py, loading excluded); the printed costs at
 *     lr <= 0.01 compared line by line with numpy's. Inside this process,
 *     the parts: start-up (the same command on a missing folder), load,
 *     Gram + test kernel, the 2000 iterations on one and on two threads.
 * (b) All of Fashion-MNIST Coat vs Pullover (12000 / 2000), the same work:
 *     ll_train on the pixels (all cores, then one) against the numpy loop,
 *     and the whole CLI process with its peak RSS. numpy's memory-bound loop
 *     swings most with the other work on the machine, so the ratio is also
 *     taken over N interleaved pairs of shorter runs (ours, then numpy's;
 *     the best of each), which a burst of load cannot favour either way.
 * (c) With --busy, only this: a competing process spinning on the last core
 *     (a child pinned there) while ll_train runs Fashion-MNIST on all cores
 *     and on one thread, alternately: the trainer must not be slower with
 *     its helper than alone (the primal pass times both ways and keeps the
 *     faster, kernels-primal-u8.c).
 * Each workload's multiply-adds are set against the FMA peak measured here
 * (register-only loop, 1 and 2 cores), its bytes against the read rates
 * measured from L2, L3 and memory.
 * Wall times swing on a shared machine: CPU times and the load average are
 * printed beside them. */
#include "config.h"

#include "bench-common.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

#include "core/data/dataset.h"
#include "core/train/kernels-u8.h"
#include "core/train/trainer.h"

#define ITERATIONS 2000
#define RECORD_EVERY 100
#define CAT_GOAL 100.0
#define FASHION_GOAL 8.0
#define PAIR_ITERATIONS 400

static const double rates[] = { 0.5, 0.1, 0.01 };
/* The program the process figures spawn (--program: another build's, to
 * compare the same measurements before and after a change). */
static const char *logistic_lab = LL_BENCH_LOGISTIC_LAB;

static char *
fmt (double value, const char *format)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
cpu_now (void)
{
  struct timespec t;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

/* ---- the machine ---------------------------------------------------- */

static char *
read_trimmed (const char *path)
{
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("?");
  return g_strstrip (text);
}

static void
print_caches (void)
{
  for (guint index = 0; index < 8; index++)
    {
      g_autofree char *dir = g_strdup_printf ("/sys/devices/system/cpu/cpu0/cache/index%u", index);
      g_autofree char *level_path = g_build_filename (dir, "level", NULL);
      g_autofree char *type_path = g_build_filename (dir, "type", NULL);
      g_autofree char *size_path = g_build_filename (dir, "size", NULL);
      g_autofree char *shared_path = g_build_filename (dir, "shared_cpu_list", NULL);
      g_autofree char *level = NULL, *type = NULL, *size = NULL, *shared = NULL;

      if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
        break;
      level = read_trimmed (level_path);
      type = read_trimmed (type_path);
      size = read_trimmed (size_path);
      shared = read_trimmed (shared_path);
      if (strcmp (type, "Instruction") != 0)
        g_print ("  L%s %s: %s (cpus %s)\n", level, type, size, shared);
    }
}

#if defined(__x86_64__) || defined(__i386__)
static double
thread_cpu_now (void)
{
  struct timespec t;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

#endif

/* Bytes per second one core reads from a buffer of BYTES (in cache when
 * small), best of a few passes: the memory side of the limits. */
static __attribute__ ((target ("avx2"), noinline)) double
read_rate (gsize bytes)
{
  gsize count = bytes / sizeof (double);
  g_autofree double *buffer = g_new (double, count);
  double best = 0, sink = 0;
  guint passes = (guint) MAX (3, (gsize) 2000000000 / bytes);

  for (gsize i = 0; i < count; i++)
    buffer[i] = i & 7;
  for (guint r = 0; r < 3; r++)
    {
      __m256d a = _mm256_setzero_pd (), b = a, c = a, d = a;
      double start = thread_cpu_now (), seconds;

      for (guint p = 0; p < passes; p++)
        for (gsize i = 0; i + 16 <= count; i += 16)
          {
            a = _mm256_add_pd (a, _mm256_loadu_pd (buffer + i));
            b = _mm256_add_pd (b, _mm256_loadu_pd (buffer + i + 4));
            c = _mm256_add_pd (c, _mm256_loadu_pd (buffer + i + 8));
            d = _mm256_add_pd (d, _mm256_loadu_pd (buffer + i + 12));
          }
      seconds = thread_cpu_now () - start;
      sink += _mm256_cvtsd_f64 (_mm256_add_pd (_mm256_add_pd (a, b), _mm256_add_pd (c, d)));
      best = MAX (best, (double) bytes * passes / seconds);
    }
  return sink != -1 ? best : 0;
}

static char *
python_numpy_version (void)
{
  const char *argv[] = { "/usr/bin/python3", "-c", "import numpy; print(numpy.__version__)", NULL };
  char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                     &out, NULL, &status, NULL) || !g_spawn_check_wait_status (status, NULL))
    {
      g_free (out);
      return g_strdup ("(not available)");
    }
  return g_strstrip (out);
}

static void
print_machine (double peak1, double peak2)
{
  g_autofree char *model = ll_bench_cpuinfo ("model name");
  g_autofree char *mhz = ll_bench_cpuinfo ("cpu MHz");
  g_autofree char *load = read_trimmed ("/proc/loadavg");
  g_autofree char *numpy = python_numpy_version ();
  g_autofree char *p1 = fmt (peak1 / 1e9, "%.1f");
  g_autofree char *p2 = fmt (peak2 / 1e9, "%.1f");
  g_autofree char *clock = fmt (peak1 / 8 / 1e9, "%.2f");

  g_print ("machine: %s, %u cores, cpu MHz %s, AVX2+FMA %s\n", model, g_get_num_processors (),
           mhz, __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma") ? "yes" : "no");
  print_caches ();
  g_print ("OpenBLAS: %s, core %s, %d threads; numpy %s\n", openblas_get_config (),
           openblas_get_corename (), openblas_get_num_threads (), numpy);
  g_print ("FMA peak measured: %s G multiply-adds/s on 1 core (2 FMA x 4 doubles x %s GHz),"
           " %s G on 2 cores\n", p1, clock, p2);
  g_print ("load average at start: %s\n", load);
}

/* One core's read rates from L2, L3 and memory (bytes/s). */
static void
print_read_rates (double *l2_rate,
                  double *l3_rate)
{
  double l2 = read_rate (256 * 1024), l3 = read_rate (9 * 1024 * 1024);
  double dram = read_rate (512 * 1024 * 1024);
  g_autofree char *l2_text = fmt (l2 / 1e9, "%.0f");
  g_autofree char *l3_text = fmt (l3 / 1e9, "%.0f");
  g_autofree char *dram_text = fmt (dram / 1e9, "%.1f");

  g_print ("read bandwidth measured, 1 core: %s GB/s from L2 (256 KiB), %s GB/s from L3 (9 MiB),"
           " %s GB/s from memory (512 MiB)\n", l2_text, l3_text, dram_text);
  *l2_rate = l2;
  *l3_rate = l3;
}

/* ---- helpers -------------------------------------------------------- */

/* Processor seconds the children reaped between BEFORE and AFTER used. */
static double
children_cpu_seconds (const struct rusage *before,
                      const struct rusage *after)
{
  return (after->ru_utime.tv_sec - before->ru_utime.tv_sec)
         + (after->ru_utime.tv_usec - before->ru_utime.tv_usec) / 1e6
         + (after->ru_stime.tv_sec - before->ru_stime.tv_sec)
         + (after->ru_stime.tv_usec - before->ru_stime.tv_usec) / 1e6;
}

/* Runs ARGV (stdout captured) REPEATS times; the best wall seconds, the CPU
 * seconds of that run, the peak RSS of any run (KiB), the first output. */
static gboolean
spawn_best (const char * const *argv,
            guint               repeats,
            double             *best_wall,
            double             *best_cpu,
            long               *max_rss_kib,
            char              **output)
{
  *best_wall = G_MAXDOUBLE;
  for (guint r = 0; r < repeats; r++)
    {
      struct rusage before, after;
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr (GError) error = NULL;
      double start, wall, cpu;
      int status;

      getrusage (RUSAGE_CHILDREN, &before);
      start = now ();
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, &err, &status, &error)
          || !g_spawn_check_wait_status (status, &error))
        {
          g_printerr ("%s: %s\n%s", argv[0], error->message, err != NULL ? err : "");
          return FALSE;
        }
      wall = now () - start;
      getrusage (RUSAGE_CHILDREN, &after);
      cpu = children_cpu_seconds (&before, &after);
      *max_rss_kib = after.ru_maxrss;
      if (wall < *best_wall)
        *best_wall = wall, *best_cpu = cpu;
      if (r == 0)
        *output = g_steal_pointer (&out);
    }
  return TRUE;
}

/* Like spawn_best for a command expected to fail (exit status 2). */
static void
spawn_floor (const char * const *argv,
             guint               repeats,
             double             *best_wall,
             double             *best_cpu)
{
  for (guint r = 0; r < repeats; r++)
    {
      struct rusage before, after;
      double start = now (), wall, cpu;
      int status;

      getrusage (RUSAGE_CHILDREN, &before);
      if (!g_spawn_sync (NULL, (char **) argv, NULL,
                         G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                         NULL, NULL, NULL, NULL, &status, NULL))
        return;
      wall = now () - start;
      getrusage (RUSAGE_CHILDREN, &after);
      cpu = children_cpu_seconds (&before, &after);
      if (wall < *best_wall)
        *best_wall = wall, *best_cpu = cpu;
    }
}

/* The seeds' loop: training wall seconds (CPU in *CPU) and its printed
 * text, or -1 when python3, numpy or h5py is missing. */
static double
run_numpy (const char  *data_dir,
           const char  *idx_classes,
           guint        iterations,
           double      *cpu,
           char       **text)
{
  g_autofree char *script = g_build_filename (LL_BENCH_SOURCE_DIR, "seeds_numpy.py", NULL);
  g_autofree char *iterations_arg = g_strdup_printf ("%u", iterations);
  const char *argv[] = { "/usr/bin/python3", script, data_dir, "--learning-rates", "0.5,0.1,0.01",
                         "--iterations", iterations_arg, idx_classes != NULL ? "--idx-classes" : NULL,
                         idx_classes, NULL };
  g_auto (GStrv) envp = g_environ_unsetenv (g_environ_unsetenv (g_get_environ (),
                                                                "OPENBLAS_CORETYPE"),
                                            "OPENBLAS_L2_SIZE");
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  const char *seconds, *cpu_line;
  char *out = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error)
      || !g_spawn_check_wait_status (status, &error)
      || (seconds = strstr (out, "\nseconds: ")) == NULL
      || (cpu_line = strstr (out, "cpu seconds: ")) == NULL)
    {
      g_printerr ("numpy side skipped: %s\n%s", error != NULL ? error->message : "no timing",
                  err != NULL ? err : "");
      g_free (out);
      return -1;
    }
  *cpu = g_ascii_strtod (cpu_line + strlen ("cpu seconds: "), NULL);
  *text = out;
  return g_ascii_strtod (seconds + strlen ("\nseconds: "), NULL);
}

/* The "Cost after iteration" lines of the run at RATE in the seeds' text. */
static GPtrArray *
cost_lines (const char *text,
            const char *rate)
{
  g_autofree char *header = g_strdup_printf ("Training a model with learning rate: %s\n", rate);
  g_auto (GStrv) lines = NULL;
  GPtrArray *costs = g_ptr_array_new_with_free_func (g_free);
  const char *start = strstr (text, header);

  if (start == NULL)
    return costs;
  lines = g_strsplit (start + strlen (header), "\n", -1);
  for (guint i = 0; lines[i] != NULL && g_str_has_prefix (lines[i], "Cost after iteration "); i++)
    g_ptr_array_add (costs, g_strdup (lines[i]));
  return costs;
}

/* The number after the colon of a "Cost after iteration i: c" line. */
static double
line_cost (const char *line)
{
  const char *colon = strrchr (line, ':');

  return colon != NULL ? g_ascii_strtod (colon + 1, NULL) : NAN;
}

/* Compares the printed costs at lr <= 0.01 (at larger rates the course's
 * trajectory is chaotic and numpy prints nan). A line may differ in its
 * sixth decimal and still agree: lr 0.01 is 2.8 x the cat data's largest
 * stable rate, its first iterations multiply rounding differences by ~4.5
 * each, and at iteration 200 both float64 loops sit ~5e-7 (relative) from
 * an 80-bit long double reference, on either side of 0.4189445. So a line
 * counts as differing only beyond 1e-5 relative, and each differing
 * print is shown with its relative difference. */
static void
compare_costs (const char *ours,
               const char *numpy)
{
  for (guint r = 0; r < G_N_ELEMENTS (rates); r++)
    {
      g_autofree char *rate = fmt (rates[r], "%g");
      g_autoptr (GPtrArray) a = NULL;
      g_autoptr (GPtrArray) b = NULL;
      guint same = 0, close = 0;

      if (rates[r] > 0.01)
        continue;
      a = cost_lines (ours, rate);
      b = cost_lines (numpy, rate);
      for (guint i = 0; i < MIN (a->len, b->len); i++)
        {
          double x = line_cost (a->pdata[i]), y = line_cost (b->pdata[i]);

          same += strcmp (a->pdata[i], b->pdata[i]) == 0;
          close += fabs (x - y) <= 1e-5 * fabs (y);
        }
      /* numpy prints no line for the final iteration; we do. */
      g_print ("  printed costs at lr %s: %u of %u lines identical to numpy's, %u within 1e-5"
               " relative%s\n", rate, same, b->len, close,
               close == b->len && a->len >= b->len && b->len > 0 ? "" : "  <-- DIFFER");
      for (guint i = 0; i < MIN (a->len, b->len); i++)
        if (strcmp (a->pdata[i], b->pdata[i]) != 0)
          {
            double x = line_cost (a->pdata[i]), y = line_cost (b->pdata[i]);
            g_autofree char *relative = fmt (fabs (x - y) / fabs (y), "%.1e");

            g_print ("    ours  %s\n    numpy %s   (printed values %s apart, relative)\n",
                     (char *) a->pdata[i], (char *) b->pdata[i], relative);
          }
    }
}

/* ll_train on the pixels, 3 rates x ITERATIONS, best of REPEATS: wall and CPU seconds. */
static double
time_training (const LlTrainData *data,
               guint              n_threads,
               guint              iterations,
               guint              repeats,
               double            *cpu)
{
  LlTrainParams params = { .learning_rates = rates, .n_rates = G_N_ELEMENTS (rates),
                           .iterations = iterations, .record_every = RECORD_EVERY,
                           .n_threads = n_threads };
  double best = G_MAXDOUBLE;

  for (guint r = 0; r < repeats; r++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) models = NULL;
      double start = now (), cpu_start = cpu_now (), seconds;

      /* As the CLI does: no progress callback. */
      models = ll_train (data, &params, NULL, NULL, &error);
      seconds = now () - start;
      if (models == NULL)
        g_error ("ll_train: %s", error->message);
      if (seconds < best)
        best = seconds, *cpu = cpu_now () - cpu_start;
    }
  return best;
}

static void
print_limit (const char *what,
             double      muladds,
             double      seconds,
             double      peak,
             guint       cores)
{
  g_autofree char *rate = fmt (muladds / seconds / 1e9, "%.1f");
  g_autofree char *fraction = fmt (100 * muladds / seconds / peak, "%.0f");
  g_autofree char *floor_ms = fmt (muladds / peak * 1e3, "%.1f");

  g_print ("  %s: %s G multiply-adds/s = %s %% of the %u-core FMA peak (at peak: %s ms)\n",
           what, rate, fraction, cores, floor_ms);
}

/* ---- (a) the course's cat data -------------------------------------- */

static void
bench_cat (const char *dir,
           guint       repeats,
           gboolean    with_numpy,
           double      peak1,
           double      peak2,
           double      l2_rate)
{
  const char *argv[] = { logistic_lab, "train", "-d", dir, NULL };
  /* The same process failing at once on a missing folder: start-up alone. */
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", NULL);
  const char *floor_argv[] = { logistic_lab, "train", "-d", missing, NULL };
  /* One iteration: start-up, reading, the Gram matrix, 2/L and the output. */
  const char *one_argv[] = { logistic_lab, "train", "-d", dir, "-i", "1", NULL };
  g_autofree char *floor_output = NULL;
  double floor_wall = G_MAXDOUBLE, floor_cpu = 0, one_wall = G_MAXDOUBLE;
  g_autoptr (LlDataset) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *cli_output = NULL;
  g_autofree char *numpy_text = NULL;
  g_autofree double *gram = NULL;
  g_autofree double *cross = NULL;
  LlTrainData data;
  double process, process_cpu, load = G_MAXDOUBLE, kernels1 = G_MAXDOUBLE, kernels = G_MAXDOUBLE;
  double cross_seconds = G_MAXDOUBLE;
  double train1, train1_cpu, train2, train2_cpu, numpy = -1, numpy_cpu = 0;
  long rss;
  gsize m, n, m_test, ld;

  g_print ("\n(a) course cat data %s, rates 0.5, 0.1, 0.01 x %d iterations\n", dir, ITERATIONS);
  /* Interleaved, so a burst of load on the machine favours none of them. */
  process = G_MAXDOUBLE, process_cpu = 0;
  for (guint r = 0; r < repeats; r++)
    {
      g_autofree char *output = NULL, *one_output = NULL;
      double wall, cpu, one, one_cpu;
      long one_rss;

      if (!spawn_best (argv, 1, &wall, &cpu, &rss, &output)
          || !spawn_best (one_argv, 1, &one, &one_cpu, &one_rss, &one_output))
        return;
      if (wall < process)
        process = wall, process_cpu = cpu;
      if (cli_output == NULL)
        cli_output = g_steal_pointer (&output);
      one_wall = MIN (one_wall, one);
      spawn_floor (floor_argv, 1, &floor_wall, &floor_cpu);
    }

  for (guint r = 0; r < repeats; r++)
    {
      double start = now ();
      LlDataset *loaded = ll_dataset_load (dir, 0, 0, &error);

      if (loaded == NULL)
        g_error ("%s", error->message);
      load = MIN (load, now () - start);
      g_clear_pointer (&task, ll_dataset_free);
      task = loaded;
    }
  g_assert (task != NULL);
  data = ll_train_data_from_pixels (task);
  m = data.m_train, n = data.n_features, m_test = data.m_test, ld = (m + 3) & ~(gsize) 3;
  gram = g_new (double, m * m);
  cross = g_new (double, m_test * m);
  for (guint r = 0; r < 2 * repeats; r++)
    {
      /* The kernels take a thread count (0 means 1); the trainer gives them all cores. */
      guint threads = r % 2 == 0 ? 1 : g_get_num_processors ();
      double start = now (), seconds;

      ll_gram_u8 (data.pixels_train, n, m, 1.0 / 255.0, threads, gram);
      seconds = now () - start;
      if (threads == 1)
        kernels1 = MIN (kernels1, seconds);
      else
        kernels = MIN (kernels, seconds);
      start = now ();
      ll_cross_u8 (data.pixels_test, m_test, data.pixels_train, m, n, 1.0 / 255.0,
                   g_get_num_processors (), cross);
      cross_seconds = MIN (cross_seconds, now () - start);
    }
  train1 = time_training (&data, 1, ITERATIONS, repeats, &train1_cpu);
  train2 = time_training (&data, 0, ITERATIONS, repeats, &train2_cpu);
  if (with_numpy)
    numpy = run_numpy (dir, NULL, ITERATIONS, &numpy_cpu, &numpy_text);

  {
    g_autofree char *process_ms = fmt (process * 1e3, "%.1f");
    g_autofree char *process_cpu_ms = fmt (process_cpu * 1e3, "%.1f");
    g_autofree char *load_ms = fmt (load * 1e3, "%.1f");
    g_autofree char *kernels_ms = fmt (kernels * 1e3, "%.2f");
    g_autofree char *kernels1_ms = fmt (kernels1 * 1e3, "%.2f");
    g_autofree char *t1 = fmt (train1 * 1e3, "%.1f");
    g_autofree char *t1c = fmt (train1_cpu * 1e3, "%.1f");
    g_autofree char *t2 = fmt (train2 * 1e3, "%.1f");
    g_autofree char *t2c = fmt (train2_cpu * 1e3, "%.1f");
    g_autofree char *it1 = fmt ((train1 - kernels1) * 1e3, "%.1f");
    g_autofree char *it2 = fmt ((train2 - kernels) * 1e3, "%.1f");
    double macs = (double) m * (m + 1) / 2 * n;
    g_autofree char *gmacs = fmt (macs / kernels / 1e9, "%.1f");
    g_autofree char *cross_ms = fmt (cross_seconds * 1e3, "%.2f");

    g_autofree char *floor_ms = fmt (floor_wall * 1e3, "%.1f");
    g_autofree char *floor_cpu_ms = fmt (floor_cpu * 1e3, "%.1f");

    g_print ("  whole `logistic-lab train -d` process: %s ms wall (best of %u), %s ms CPU,"
             " peak RSS %ld KiB\n", process_ms, repeats, process_cpu_ms, rss);
    g_print ("  of which process start-up (the same command on a missing folder, exit 2):"
             " %s ms wall, %s ms CPU\n", floor_ms, floor_cpu_ms);
    {
      g_autofree char *setup_ms = fmt ((one_wall - floor_wall) * 1e3, "%.1f");
      g_autofree char *rest_ms = fmt ((process - one_wall) * 1e3, "%.1f");

      g_print ("  the process's parts (fresh processes, best of %u each, interleaved): start-up %s ms;"
               " reading the .h5 pair, the Gram matrix, 2/L, one iteration and the output %s ms"
               " (`train -i 1` minus start-up); the other %d iterations %s ms (the whole minus"
               " `train -i 1`)\n", repeats, floor_ms, setup_ms, ITERATIONS - 1, rest_ms);
    }
    g_print ("  inside (best of %u): load %s ms; Gram matrix from pixels %s ms on 1 thread,"
             " %s ms on all cores (%s G integer multiply-adds/s); the test kernel, %s ms,"
             " is not built without a progress callback (the CLI)\n", repeats, load_ms,
             kernels1_ms, kernels_ms, gmacs, cross_ms);
    g_print ("  ll_train (Gram, %d iterations, records, weights): 1 thread %s ms (%s CPU),"
             " all cores %s ms (%s CPU)\n", ITERATIONS, t1, t1c, t2, t2c);
    g_print ("  the iterations alone (ll_train - Gram): 1 thread %s ms, all cores %s ms\n", it1, it2);
    print_limit ("dual iterations, 1 thread", (double) ITERATIONS * (double) G_N_ELEMENTS (rates) * ld * m,
                 train1 - kernels1, peak1, 1);
    print_limit ("dual iterations, all cores", (double) ITERATIONS * (double) G_N_ELEMENTS (rates) * ld * m,
                 train2 - kernels, peak2, 2);
    g_autofree char *g_rate = fmt ((double) ld * m * 8 * ITERATIONS / (train1 - kernels1) / 1e9, "%.0f");
    g_autofree char *g_of_l2 = fmt (100 * (double) ld * m * 8 * ITERATIONS / (train1 - kernels1)
                                    / l2_rate, "%.0f");

    g_print ("  memory: G is %" G_GSIZE_FORMAT " KiB (L2-resident), read once an iteration: %s GB/s"
             " on 1 thread = %s %% of a core's L2 read rate, so arithmetic is the limit; the pixels,"
             " %" G_GSIZE_FORMAT " KiB, are read for G (and K_test) only\n",
             ld * m * 8 / 1024, g_rate, g_of_l2, (m + m_test) * n / 1024);
  }
  if (numpy > 0)
    {
      g_autofree char *numpy_s = fmt (numpy, "%.3f");
      g_autofree char *numpy_cpu_s = fmt (numpy_cpu, "%.3f");
      g_autofree char *ratio = fmt (numpy / process, "%.0f");
      g_autofree char *ratio_inside = fmt (numpy / MIN (train1, train2), "%.0f");
      g_autofree char *cpu_ratio = fmt (numpy_cpu / process_cpu, "%.0f");

      g_print ("  numpy, the seeds' loop alone: %s s wall, %s s CPU\n", numpy_s, numpy_cpu_s);
      g_print ("  speedup, whole process vs numpy loop: %sx wall (goal >= %gx), %sx CPU;"
               " ll_train alone: %sx wall\n", ratio, CAT_GOAL, cpu_ratio, ratio_inside);
      compare_costs (cli_output, numpy_text);
    }
}

/* ---- (b) Fashion-MNIST Coat vs Pullover ----------------------------- */

/* PAIRS interleaved pairs of runs of PAIR_ITERATIONS, ours (all cores)
 * then numpy's: the best of each and their ratio. */
static void
paired_runs (const LlTrainData *data,
             const char        *dir,
             guint              pairs)
{
  double ours = G_MAXDOUBLE, numpy = G_MAXDOUBLE;

  for (guint p = 0; p < pairs; p++)
    {
      g_autofree char *text = NULL;
      double cpu, seconds;

      ours = MIN (ours, time_training (data, 0, PAIR_ITERATIONS, 1, &cpu));
      seconds = run_numpy (dir, "4,2", PAIR_ITERATIONS, &cpu, &text);
      if (seconds < 0)
        return;
      numpy = MIN (numpy, seconds);
    }
  {
    g_autofree char *ours_s = fmt (ours, "%.3f");
    g_autofree char *numpy_s = fmt (numpy, "%.2f");
    g_autofree char *ratio = fmt (numpy / ours, "%.1f");

    g_print ("  interleaved, %u pairs of 3 rates x %d iterations (ours, then numpy; best of each):"
             " ours %s s, numpy %s s: %sx wall (goal >= %gx)\n",
             pairs, PAIR_ITERATIONS, ours_s, numpy_s, ratio, FASHION_GOAL);
  }
}

static void
bench_fashion (const char *dir,
               gboolean    with_numpy,
               guint       pairs,
               double      peak2,
               double      l3_rate)
{
  const char *argv[] = { logistic_lab, "train", "-d", dir, "-c", "Coat,Pullover", NULL };
  /* Start-up, reading and selecting, 2/L, one pass and the output. */
  const char *one_argv[] = { logistic_lab, "train", "-d", dir, "-c", "Coat,Pullover",
                             "-i", "1", NULL };
  g_autofree char *one_output = NULL;
  double one_wall, one_cpu;
  long one_rss;
  g_autoptr (LlDataset) all = NULL;
  g_autoptr (LlDataset) task = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *cli_output = NULL;
  g_autofree char *numpy_text = NULL;
  LlTrainData data;
  double train, train_cpu, train1, train1_cpu, process, process_cpu, numpy = -1, numpy_cpu = 0;
  double start;
  long rss;

  g_print ("\n(b) Fashion-MNIST %s, Coat vs Pullover, rates 0.5, 0.1, 0.01 x %d iterations\n",
           dir, ITERATIONS);
  start = now ();
  all = ll_dataset_load (dir, 0, 0, &error);
  if (all == NULL)
    {
      g_print ("  skipped: %s\n", error->message);
      return;
    }
  task = ll_dataset_select_binary (all, "Coat,Pullover", &error);
  if (task == NULL)
    g_error ("%s", error->message);
  g_clear_pointer (&all, ll_dataset_free);
  data = ll_train_data_from_pixels (task);
  {
    g_autofree char *load_ms = fmt ((now () - start) * 1e3, "%.0f");

    g_print ("  %" G_GSIZE_FORMAT " train / %" G_GSIZE_FORMAT " test x %" G_GSIZE_FORMAT
             " pixels, loaded in %s ms\n", data.m_train, data.m_test, data.n_features, load_ms);
  }
  train = time_training (&data, 0, ITERATIONS, 1, &train_cpu);
  train1 = time_training (&data, 1, ITERATIONS, 1, &train1_cpu);
  if (!spawn_best (argv, 1, &process, &process_cpu, &rss, &cli_output)
      || !spawn_best (one_argv, 3, &one_wall, &one_cpu, &one_rss, &one_output))
    return;
  if (with_numpy)
    numpy = run_numpy (dir, "4,2", ITERATIONS, &numpy_cpu, &numpy_text);

  {
    double m = data.m_train, n = data.n_features, m_test = data.m_test, k = (double) G_N_ELEMENTS (rates);
    /* 2001 passes (one per iteration and the final record), 21 test passes. */
    double macs = 2.0 * m * n * k * (ITERATIONS + 1) + 2.0 * m_test * n * k * (ITERATIONS / RECORD_EVERY + 1);
    double feature_mib = (m + m_test) * n * 8 / 1048576.0;
    g_autofree char *train_s = fmt (train, "%.2f");
    g_autofree char *train_cpu_s = fmt (train_cpu, "%.2f");
    g_autofree char *per_iteration = fmt (train / ITERATIONS * 1e3, "%.2f");
    g_autofree char *process_s = fmt (process, "%.2f");
    g_autofree char *rss_mib = fmt (rss / 1024.0, "%.0f");
    g_autofree char *limit_mib = fmt (1.5 * feature_mib, "%.0f");
    g_autofree char *feature_s = fmt (feature_mib, "%.0f");
    g_autofree char *bandwidth = fmt (m * n * (ITERATIONS + 1) / train / 1e9, "%.1f");
    g_autofree char *of_l3 = fmt (100 * m * n * (ITERATIONS + 1) / train / (2 * l3_rate), "%.0f");
    g_autofree char *pixels_mib = fmt (m * n / 1048576.0, "%.1f");

    g_autofree char *train1_s = fmt (train1, "%.2f");
    g_autofree char *train1_cpu_s = fmt (train1_cpu, "%.2f");

    g_print ("  ll_train on the pixels, all cores: %s s wall (%s ms an iteration), %s s CPU\n",
             train_s, per_iteration, train_cpu_s);
    g_print ("  ll_train on the pixels, 1 thread: %s s wall, %s s CPU\n", train1_s, train1_cpu_s);
    print_limit ("primal passes, all cores", macs, train, peak2, 2);
    print_limit ("primal passes, 1 thread", macs, train1, peak2 / 2, 1);
    g_print ("  memory: %s MiB of pixels a pass (L3-resident), %s GB/s read = %s %% of two cores'"
             " L3 read rate: arithmetic, not memory, is the limit; the float64 features would be"
             " %s MiB\n", pixels_mib, bandwidth, of_l3, feature_s);
    g_print ("  whole `logistic-lab train -d ... -c Coat,Pullover` process: %s s, peak RSS %s MiB"
             " (limit 1.5 x float64 features = %s MiB; the process holds all 70000 images"
             " while it selects)\n", process_s, rss_mib, limit_mib);
    {
      g_autofree char *one_s = fmt (one_wall, "%.2f");

      g_print ("  of which start-up, reading the gzipped IDX files, selecting the pair, 2/L, one"
               " pass and the output: %s s (`train ... -i 1`, best of 3)\n", one_s);
    }
    print_limit ("whole process (goal >= 70 %)", macs, process, peak2, 2);
  }
  if (numpy > 0)
    {
      g_autofree char *numpy_s = fmt (numpy, "%.2f");
      g_autofree char *numpy_cpu_s = fmt (numpy_cpu, "%.2f");
      g_autofree char *ratio = fmt (numpy / MIN (train, train1), "%.1f");
      g_autofree char *cpu_ratio = fmt (numpy_cpu / MIN (train_cpu, train1_cpu), "%.1f");
      g_autofree char *numpy_it = fmt (numpy / (3 * ITERATIONS) * 1e3, "%.2f");

      g_print ("  numpy, the seeds' loop alone: %s s wall (%s ms an iteration per rate), %s s CPU\n",
               numpy_s, numpy_it, numpy_cpu_s);
      g_print ("  speedup, training (the faster of the two) vs numpy loop: %sx wall (goal >= %gx),"
               " %sx CPU\n", ratio, FASHION_GOAL, cpu_ratio);
      compare_costs (cli_output, numpy_text);
    }
  if (with_numpy && pairs > 0)
    paired_runs (&data, dir, pairs);
}

/* ---- (c) a busy core ------------------------------------------------ */

#define BUSY_ITERATIONS 500

/* A child process spinning on core CORE until killed. */
static pid_t
start_spinner (guint core)
{
  pid_t pid = fork ();

  if (pid == 0)
    {
      cpu_set_t set;
      volatile guint64 spin = 0;

      CPU_ZERO (&set);
      CPU_SET (core, &set);
      sched_setaffinity (0, sizeof set, &set);
      for (;;)
        spin++;
    }
  return pid;
}

static void
bench_busy (const char *dir,
            guint       rounds)
{
  g_autoptr (LlDataset) all = NULL;
  g_autoptr (LlDataset) task = NULL;
  g_autoptr (GError) error = NULL;
  guint cores = MAX (g_get_num_processors (), 1);
  double best_all = G_MAXDOUBLE, best_one = G_MAXDOUBLE, sum_all = 0, sum_one = 0;
  LlTrainData data;
  pid_t spinner;

  g_print ("\n(c) a busy core: Fashion-MNIST Coat vs Pullover, 3 rates x %d iterations, with a"
           " process spinning on core %u\n", BUSY_ITERATIONS, cores - 1);
  all = ll_dataset_load (dir, 0, 0, &error);
  if (all == NULL)
    {
      g_print ("  skipped: %s\n", error->message);
      return;
    }
  task = ll_dataset_select_binary (all, "Coat,Pullover", &error);
  if (task == NULL)
    g_error ("%s", error->message);
  g_clear_pointer (&all, ll_dataset_free);
  data = ll_train_data_from_pixels (task);
  spinner = start_spinner (cores - 1);
  if (spinner < 0)
    {
      g_print ("  skipped: cannot start the spinning process\n");
      return;
    }
  for (guint r = 0; r < rounds; r++)
    {
      double cpu, seconds;

      seconds = time_training (&data, 0, BUSY_ITERATIONS, 1, &cpu);
      best_all = MIN (best_all, seconds);
      sum_all += seconds;
      seconds = time_training (&data, 1, BUSY_ITERATIONS, 1, &cpu);
      best_one = MIN (best_one, seconds);
      sum_one += seconds;
    }
  kill (spinner, SIGKILL);
  waitpid (spinner, NULL, 0);
  {
    g_autofree char *all_best = fmt (best_all, "%.2f");
    g_autofree char *all_mean = fmt (sum_all / rounds, "%.2f");
    g_autofree char *one_best = fmt (best_one, "%.2f");
    g_autofree char *one_mean = fmt (sum_one / rounds, "%.2f");
    g_autofree char *load = read_trimmed ("/proc/loadavg");

    g_print ("  ll_train, all %u cores: best %s s, mean %s s; one thread: best %s s, mean %s s"
             " (%u alternating rounds; load average %s)\n",
             cores, all_best, all_mean, one_best, one_mean, rounds, load);
  }
}

int
main (int argc, char **argv)
{
  g_autofree char *cat_dir = NULL;
  g_autofree char *fashion_dir = NULL;
  gint repeats = 10, pairs = 3;
  gboolean no_numpy = FALSE, no_fashion = FALSE, busy = FALSE;
  g_autofree char *program = NULL;
  const GOptionEntry entries[] = {
    { "cat", 0, 0, G_OPTION_ARG_FILENAME, &cat_dir, "The course's .h5 pair", "DIR" },
    { "fashion", 0, 0, G_OPTION_ARG_FILENAME, &fashion_dir, "Fashion-MNIST IDX files", "DIR" },
    { "repeats", 0, 0, G_OPTION_ARG_INT, &repeats, "Timings of the cat runs (best counts)", "N" },
    { "no-numpy", 0, 0, G_OPTION_ARG_NONE, &no_numpy, "Skip the numpy loops", NULL },
    { "no-fashion", 0, 0, G_OPTION_ARG_NONE, &no_fashion, "Skip Fashion-MNIST", NULL },
    { "busy", 0, 0, G_OPTION_ARG_NONE, &busy, "Only (c): Fashion-MNIST beside a process spinning on one core", NULL },
    { "pairs", 0, 0, G_OPTION_ARG_INT, &pairs, "Interleaved short Fashion-MNIST runs against numpy (0: none)", "N" },
    { "program", 0, 0, G_OPTION_ARG_FILENAME, &program, "The logistic-lab to time as a whole process (default: this build's)", "PATH" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  double peak1, peak2, l2_rate, l3_rate;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-train: %s\n", error->message);
      return 2;
    }
  if (cat_dir == NULL)
    cat_dir = g_strdup (g_getenv ("LL_CATVNONCAT_DIR") != NULL ? g_getenv ("LL_CATVNONCAT_DIR")
                                                               : LL_BENCH_DEFAULT_DATA_DIR);
  if (fashion_dir == NULL)
    fashion_dir = g_strdup ("/usr/share/datasets/fashion-mnist");
  repeats = MAX (repeats, 1);
  if (program != NULL)
    logistic_lab = program;

  /* The shared measurement (bench-common.c): "2" below means all cores. */
  peak1 = ll_bench_peaks ()->one;
  peak2 = ll_bench_peaks ()->all;
  print_machine (peak1, peak2);
  if (busy)
    {
      bench_busy (fashion_dir, (guint) MAX (pairs, 1));
      return 0;
    }
  print_read_rates (&l2_rate, &l3_rate);
  if (!g_file_test (cat_dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("bench-train: no course data at %s\n", cat_dir);
      return 77;
    }
  bench_cat (cat_dir, (guint) repeats, !no_numpy, peak1, peak2, l2_rate);
  if (!no_fashion)
    bench_fashion (fashion_dir, !no_numpy, (guint) MAX (pairs, 0), peak2, l3_rate);
  {
    g_autofree char *load = read_trimmed ("/proc/loadavg");

    g_print ("\nload average at the end: %s (wall times swing with it; CPU times less)\n", load);
  }
  return 0;
}
