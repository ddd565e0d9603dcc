/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-sweep.c: the learning-rate sweep of issue 17 against the seeds'
 * numpy loop over the same rates, measured in the same run.
 *
 * Run (a benchmark, not a test):
 *
 *   meson compile -C build bench-sweep logistic-lab
 *   ./build/tests/bench/bench-sweep [--cat DIR] [--repeats N] [--numpy-rates K] [--no-numpy]
 *
 * Ours: the whole `logistic-lab sweep -d DIR --from 1e-5 --to 10 --count 40
 * --iterations 2000 --json` process (spawned: start-up, loading, L, the 40
 * rates, output), best and median of N wall times.
 * numpy: tests/bench/seeds_numpy.py's loop (training only, loading excluded)
 * over K of the same 40 rates (default 8, evenly picked, small and large
 * alike: numpy's time per iteration does not depend on the rate), scaled to
 * 40 rates; numpy over all 40 takes ~50 s here, --numpy-rates 40 runs them
 * all. The ratio printed says which it is. */
#include "config.h"

#include "bench-common.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include "core/train/sweep.h"

#define COUNT 40
#define ITERATIONS 2000

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* CPU seconds of the children waited for so far (all their threads). */
static double
children_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_CHILDREN, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
         + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static char *
load_average (void)
{
  char *text = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    return g_strdup ("?");
  return g_strstrip (text);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Wall seconds of the whole sweep process, or -1 when it fails. */
static double
run_ours (const char *data_dir)
{
  const char *argv[] = { LL_BENCH_LOGISTIC_LAB, "sweep", "--dataset", data_dir, "--from", "1e-5",
                         "--to", "10", "--count", "40", "--iterations", "2000", "--json", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  double start = now ();
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("logistic-lab sweep failed: %s\n%s", error->message, err != NULL ? err : "");
      return -1;
    }
  return now () - start;
}

/* numpy's training seconds over RATES (loading excluded; its CPU seconds
 * over the same span in *CPU), or -1. */
static double
run_numpy (const char *data_dir, const char *rates, double *cpu)
{
  g_autofree char *script = g_build_filename (LL_BENCH_SOURCE_DIR, "seeds_numpy.py", NULL);
  const char *argv[] = { "/usr/bin/python3", script, data_dir, "--learning-rates", rates,
                         "--iterations", "2000", NULL };
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr (GError) error = NULL;
  const char *seconds, *cpu_line;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                     &status, &error)
      || !g_spawn_check_wait_status (status, &error)
      || (seconds = strstr (out, "\nseconds: ")) == NULL
      || (cpu_line = strstr (out, "cpu seconds: ")) == NULL)
    {
      g_printerr ("numpy side skipped: %s\n%s", error != NULL ? error->message : "no timing",
                  err != NULL ? err : "");
      return -1;
    }
  *cpu = g_ascii_strtod (cpu_line + strlen ("cpu seconds: "), NULL);
  return g_ascii_strtod (seconds + strlen ("\nseconds: "), NULL);
}

int
main (int argc, char **argv)
{
  g_autofree char *cat = NULL;
  gint repeats = 3, numpy_rates = 8;
  gboolean no_numpy = FALSE;
  const GOptionEntry entries[] = {
    { "cat", 0, 0, G_OPTION_ARG_FILENAME, &cat, "The course's data (default: $LL_CATVNONCAT_DIR or ../shared/data/catvnoncat)", "DIR" },
    { "repeats", 0, 0, G_OPTION_ARG_INT, &repeats, "Runs of ours (default 3)", "N" },
    { "numpy-rates", 0, 0, G_OPTION_ARG_INT, &numpy_rates, "Rates numpy trains, scaled to 40 (default 8)", "K" },
    { "no-numpy", 0, 0, G_OPTION_ARG_NONE, &no_numpy, "Skip numpy", NULL },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree double *times = NULL;
  g_autofree char *model = ll_bench_cpuinfo ("model name");
  double rates[COUNT], best, median, numpy = -1, numpy_cpu = 0, ours_cpu;
  g_autofree char *load_before = load_average ();

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (cat == NULL)
    cat = g_strdup (g_getenv ("LL_CATVNONCAT_DIR") != NULL ? g_getenv ("LL_CATVNONCAT_DIR")
                                                          : LL_BENCH_DEFAULT_DATA_DIR);
  repeats = CLAMP (repeats, 1, 100);
  numpy_rates = CLAMP (numpy_rates, 1, COUNT);

  g_print ("machine: %s, %u cores; load average at start: %s\n", model, g_get_num_processors (),
           load_before);
  ll_bench_print_peaks ();
  g_print ("sweep: catvnoncat (%s), %d rates 1e-5 ... 10, %d iterations each\n", cat, COUNT, ITERATIONS);
  times = g_new (double, repeats);
  ours_cpu = children_cpu ();
  for (gint r = 0; r < repeats; r++)
    if ((times[r] = run_ours (cat)) < 0)
      return 1;
  ours_cpu = (children_cpu () - ours_cpu) / repeats;
  qsort (times, repeats, sizeof (double), compare_doubles);
  best = times[0];
  median = times[repeats / 2];
  g_print ("ours, whole `logistic-lab sweep` process: best %.3f s, median %.3f s of %d wall;"
           " %.3f s CPU a run (all threads)\n", best, median, repeats, ours_cpu);

  if (!no_numpy)
    {
      GString *list = g_string_new (NULL);

      ll_sweep_rates (1e-5, 10, COUNT, rates);
      for (gint k = 0; k < numpy_rates; k++)
        {
          char buffer[G_ASCII_DTOSTR_BUF_SIZE];
          guint index = numpy_rates == 1 ? 0 : (guint) ((COUNT - 1) * k / (numpy_rates - 1));

          g_string_append_printf (list, "%s%s", k > 0 ? "," : "",
                                  g_ascii_dtostr (buffer, sizeof buffer, rates[index]));
        }
      numpy = run_numpy (cat, list->str, &numpy_cpu);
      g_string_free (list, TRUE);
    }
  if (numpy > 0)
    {
      double scaled = numpy * COUNT / numpy_rates;

      g_autofree char *load_after = load_average ();

      g_print ("numpy, the seeds' loop, training only: %.2f s wall (%.2f s CPU) for %d of the 40"
               " rates -> %.1f s for 40 (%s)\n", numpy, numpy_cpu, numpy_rates, scaled,
               numpy_rates == COUNT ? "measured" : "scaled linearly from the subset");
      g_print ("load average at the end: %s (wall times swing with it on a shared machine)\n",
               load_after);
      g_print ("CPU-time ratio: %.0fx (numpy's CPU scaled to 40 rates / ours a run)\n",
               numpy_cpu * COUNT / numpy_rates / ours_cpu);
      g_print ("speed-up of the whole sweep process over numpy's training: %.0fx (best), %.0fx (median)%s\n",
               scaled / best, scaled / median,
               numpy_rates == COUNT ? "" : "  [numpy side scaled from a subset]");
    }
  return 0;
}
