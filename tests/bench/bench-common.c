/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-common.c: see bench-common.h. */
#include "bench-common.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

char *
ll_bench_cpuinfo (const char *key)
{
  g_autofree char *text = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    return g_strdup ("?");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], key) && strchr (lines[i], ':') != NULL)
      return g_strstrip (g_strdup (strchr (lines[i], ':') + 1));
  return g_strdup ("?");
}

#if defined(__x86_64__) || defined(__i386__)
static double
thread_cpu_now (void)
{
  struct timespec t;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

/* Multiply-adds per second of the thread's CPU time (what a core can do,
 * whatever else runs): 12 independent AVX2 FMA chains in registers
 * (latency 4 x 2 pipes needs at least 8). */
static __attribute__ ((target ("avx2,fma"), noinline)) double
fma_rate_one_core (void)
{
  const long rounds = 1L << 22;
  __m256d acc[12];
  __m256d mul = _mm256_set1_pd (0.999999), add = _mm256_set1_pd (1e-9);
  double start, seconds, sink = 0;

  for (int c = 0; c < 12; c++)
    acc[c] = _mm256_set1_pd (c);
  start = thread_cpu_now ();
  for (long r = 0; r < rounds; r++)
    {
#pragma GCC unroll 12
      for (int c = 0; c < 12; c++)
        acc[c] = _mm256_fmadd_pd (acc[c], mul, add);
    }
  seconds = thread_cpu_now () - start;
  for (int c = 0; c < 12; c++)
    sink += _mm256_cvtsd_f64 (acc[c]);
  return sink != 12345.678 ? rounds * 12.0 * 4.0 / seconds : 0;
}

static gpointer
fma_thread (gpointer data)
{
  double *best = data;

  for (int i = 0; i < 7; i++)
    *best = MAX (*best, fma_rate_one_core ());
  return NULL;
}
#endif

double
ll_bench_fma_peak (guint n_cores)
{
#if defined(__x86_64__) || defined(__i386__)
  g_autofree double *best = g_new0 (double, MAX (n_cores, 1));
  g_autofree GThread **others = g_new0 (GThread *, MAX (n_cores, 1));
  double total = 0;

  if (__builtin_cpu_supports ("avx2") == 0 || __builtin_cpu_supports ("fma") == 0)
    return 0;
  for (guint c = 1; c < n_cores; c++)
    others[c] = g_thread_new ("fma-peak", fma_thread, &best[c]);
  fma_thread (&best[0]);
  for (guint c = 0; c < MAX (n_cores, 1); c++)
    {
      if (others[c] != NULL)
        g_thread_join (others[c]);
      total += best[c];
    }
  return total;
#else
  return 0;
#endif
}

const LlBenchPeaks *
ll_bench_peaks (void)
{
  static LlBenchPeaks peaks;
  static gsize measured = 0;

  if (g_once_init_enter (&measured))
    {
      peaks.cores = MAX (g_get_num_processors (), 1);
      peaks.one = ll_bench_fma_peak (1);
      peaks.all = peaks.cores > 1 ? ll_bench_fma_peak (peaks.cores) : peaks.one;
      g_once_init_leave (&measured, 1);
    }
  return &peaks;
}

void
ll_bench_print_peaks (void)
{
  const LlBenchPeaks *peaks = ll_bench_peaks ();
  double load[3] = { 0, 0, 0 };
  char one[G_ASCII_DTOSTR_BUF_SIZE], all[G_ASCII_DTOSTR_BUF_SIZE];

  if (peaks->one <= 0)
    {
      g_print ("FMA peak: not measured (no AVX2+FMA)\n");
      return;
    }
  if (getloadavg (load, 3) < 0)
    load[0] = load[1] = load[2] = -1;
  g_print ("FMA peak measured: %s G multiply-adds/s on 1 core, %s G on %u cores"
           " (load average %.2f %.2f %.2f)\n",
           g_ascii_formatd (one, sizeof one, "%.1f", peaks->one / 1e9),
           g_ascii_formatd (all, sizeof all, "%.1f", peaks->all / 1e9), peaks->cores,
           load[0], load[1], load[2]);
}

char *
ll_bench_of_peak (double muladds,
                  double seconds,
                  guint  n_cores)
{
  const LlBenchPeaks *peaks = ll_bench_peaks ();
  double peak = n_cores <= 1 ? peaks->one : n_cores >= peaks->cores ? peaks->all
                                                                  : peaks->one * n_cores;
  char percent[G_ASCII_DTOSTR_BUF_SIZE];

  if (peak <= 0 || seconds <= 0)
    return g_strdup ("");
  return g_strdup_printf (" = %s %% of the %u-core peak",
                          g_ascii_formatd (percent, sizeof percent, "%.0f", 100 * muladds / seconds / peak),
                          MAX (n_cores, 1));
}
