/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-primal.c: the fused uint8 primal pass against the two-dgemm float64
 * pass, on the shape of all of Fashion-MNIST Coat vs Pullover.
 *
 * Run (a benchmark, not a test):
 *
 *   meson compile -C build bench-primal && ./build/tests/bench/bench-primal [REPEATS]
 *
 * 12000 examples x 784 random pixels, k = 3 runs (the trainer's three
 * learning rates share each pass). The fused pass runs as one-shot calls
 * (threads started and scratch allocated per call) and on a persistent
 * team (LlPrimalTeam, as the trainer runs it). Each variant runs REPEATS (default 7)
 * timings of a few passes; the best counts. Printed: wall ms per pass, the
 * projected 2000-pass total (3 rates x 2000 iterations), the process's CPU
 * ms per pass (on a shared machine wall time swings with the load; CPU
 * time much less), and the pass's multiply-adds against the FMA peak
 * measured here with a register-only loop on each core busy (the
 * arithmetic limit; the pixels, 9.4 MB, stay in the L3 cache). */
#include "config.h"

#include "bench-common.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/train/kernels-u8.h"
#include "core/train/kernels-u8-private.h"
#include "core/train/model.h"

#define N_PIXELS 784
#define N_EXAMPLES 12000
#define N_RUNS 3
#define N_ITERATIONS 2000
#define SCALE (1.0 / 255.0)

typedef void (*PrimalFunc) (const guint8 *X, gsize n, gsize m, const double *y,
                            const double *W, const double *b, guint k, double scale,
                            guint n_threads, double *Z, double *dW, double *r_sum);

typedef struct {
  guint8 *X;      /* m x n pixels, example-major */
  double *Xd;     /* the same as float64 / 255, n x m column-major */
  double *y, *W, *b, *Z, *dW, r_sum[N_RUNS];
} Problem;

static char *
format_double (double value, const char *format)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static Problem *
problem_new (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  Problem *p = g_new0 (Problem, 1);

  p->X = g_new (guint8, (gsize) N_PIXELS * N_EXAMPLES);
  p->Xd = g_new (double, (gsize) N_PIXELS * N_EXAMPLES);
  p->y = g_new (double, N_EXAMPLES);
  p->W = g_new (double, N_PIXELS * N_RUNS);
  p->b = g_new0 (double, N_RUNS);
  p->Z = g_new (double, N_EXAMPLES * N_RUNS);
  p->dW = g_new (double, N_PIXELS * N_RUNS);
  for (gsize i = 0; i < (gsize) N_PIXELS * N_EXAMPLES; i++)
    {
      p->X[i] = (guint8) g_rand_int_range (rand, 0, 256);
      p->Xd[i] = p->X[i] / 255.0;
    }
  for (gsize i = 0; i < N_EXAMPLES; i++)
    p->y[i] = g_rand_boolean (rand);
  for (gsize i = 0; i < N_PIXELS * N_RUNS; i++)
    p->W[i] = g_rand_double_range (rand, -0.01, 0.01);
  return p;
}

/* The trainer's earlier primal form: Z = X^T W, R = sigmoid (Z + b) - y,
 * dW = X R / m, with X a float64 copy (75 MB, read twice). */
static void
dgemm_pass (Problem *p)
{
  cblas_dgemm (CblasColMajor, CblasTrans, CblasNoTrans, N_EXAMPLES, N_RUNS, N_PIXELS,
               1.0, p->Xd, N_PIXELS, p->W, N_PIXELS, 0.0, p->Z, N_EXAMPLES);
  for (guint j = 0; j < N_RUNS; j++)
    {
      double *z = p->Z + (gsize) j * N_EXAMPLES;

      p->r_sum[j] = 0;
      for (gsize i = 0; i < N_EXAMPLES; i++)
        {
          z[i] = ll_sigmoid (z[i] + p->b[j]) - p->y[i];
          p->r_sum[j] += z[i];
        }
    }
  cblas_dgemm (CblasColMajor, CblasNoTrans, CblasNoTrans, N_PIXELS, N_RUNS, N_EXAMPLES,
               1.0 / N_EXAMPLES, p->Xd, N_PIXELS, p->Z, N_EXAMPLES, 0.0, p->dW, N_PIXELS);
}

static double
cpu_seconds (clockid_t clock)
{
  struct timespec now;

  clock_gettime (clock, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

typedef struct {
  double wall_ms, cpu_ms;  /* per pass, each the best of the repeats */
} Timing;

/* Best ms per pass over REPEATS timings of PASSES passes (one untimed pass
 * first, to warm the caches). FUNC NULL means ll_primal_pass_u8_with on
 * TEAM, both NULL the dgemm pass. */
static Timing
best_ms_per_pass (Problem      *p,
                  PrimalFunc    func,
                  LlPrimalTeam *team,
                  guint         n_threads,
                  guint         passes,
                  guint         repeats)
{
  Timing best = { INFINITY, INFINITY };

  for (guint r = 0; r <= repeats; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_seconds (CLOCK_PROCESS_CPUTIME_ID);

      for (guint i = 0; i < (r == 0 ? 1 : passes); i++)
        {
          if (func != NULL)
            func (p->X, N_PIXELS, N_EXAMPLES, p->y, p->W, p->b, N_RUNS, SCALE,
                  n_threads, NULL, p->dW, p->r_sum);
          else if (team != NULL)
            ll_primal_pass_u8_with (team, p->X, N_PIXELS, N_EXAMPLES, p->y, p->W, p->b, N_RUNS,
                                    SCALE, NULL, p->dW, p->r_sum);
          else
            dgemm_pass (p);
        }
      if (r > 0)
        {
          best.wall_ms = MIN (best.wall_ms, (g_get_monotonic_time () - start) / 1e3 / passes);
          best.cpu_ms = MIN (best.cpu_ms,
                             (cpu_seconds (CLOCK_PROCESS_CPUTIME_ID) - cpu_start) * 1e3 / passes);
        }
    }
  return best;
}

static void
print_row (const char *name,
           guint       n_threads,
           Timing      timing,
           double      baseline_ms,
           double      peak)
{
  /* Multiply-adds in one pass: the dot products and the update. */
  double muladds = 2.0 * N_PIXELS * N_EXAMPLES * N_RUNS;
  double ms = timing.wall_ms;
  g_autofree char *ms_text = format_double (ms, "%.3f");
  g_autofree char *total = format_double (ms * N_ITERATIONS / 1e3, "%.2f");
  g_autofree char *cpu_text = format_double (timing.cpu_ms, "%.3f");
  g_autofree char *speedup = format_double (baseline_ms / ms, "%.1f");
  g_autofree char *of_peak = format_double (peak > 0 ? 100 * muladds / (ms / 1e3) / peak : 0, "%.0f");

  g_print ("%-30s %u  %9s %8s s %9s %6sx %5s %%\n",
           name, n_threads, ms_text, total, cpu_text, speedup, of_peak);
}

int
main (int    argc,
      char **argv)
{
  guint repeats = argc > 1 ? MAX ((guint) atoi (argv[1]), 1) : 7;
  g_autofree char *model = ll_bench_cpuinfo ("model name");
  Problem *p = problem_new ();
  double peak[3] = { 0, ll_bench_fma_peak (1), ll_bench_fma_peak (2) };
  Timing dgemm_1;
  double baseline;

  g_print ("%s, %u cores, AVX2+FMA %s\n", model, g_get_num_processors (),
           ll_primal_u8_have_avx2 () ? "yes" : "no");
  g_print ("%d examples x %d pixels, k = %d runs, best of %u\n",
           N_EXAMPLES, N_PIXELS, N_RUNS, repeats);
  for (guint t = 1; t <= 2; t++)
    if (peak[t] > 0)
      {
        g_autofree char *gflops = format_double (peak[t] / 1e9, "%.1f");
        g_autofree char *limit = format_double (2.0 * N_PIXELS * N_EXAMPLES * N_RUNS / peak[t] * 1e3, "%.3f");
        g_autofree char *total = format_double (2.0 * N_PIXELS * N_EXAMPLES * N_RUNS / peak[t] * N_ITERATIONS, "%.2f");

        g_print ("FMA peak, %u core%s: %s G multiply-adds/s: a pass in %s ms, %d passes in %s s at best\n",
                 t, t == 1 ? " " : "s", gflops, limit, N_ITERATIONS, total);
      }
  g_print ("\n%-30s %s  %9s %10s %9s %7s %7s\n", "", "threads", "ms/pass", "x2000",
           "cpu ms", "speed", "of peak");

  openblas_set_num_threads (1);
  dgemm_1 = best_ms_per_pass (p, NULL, NULL, 1, 3, repeats);
  baseline = dgemm_1.wall_ms;
  print_row ("float64, two dgemm (OpenBLAS)", 1, dgemm_1, baseline, peak[1]);
  openblas_set_num_threads (2);
  print_row ("float64, two dgemm (OpenBLAS)", 2, best_ms_per_pass (p, NULL, NULL, 2, 3, repeats),
             baseline, peak[2]);

  for (guint t = 1; t <= 2; t++)
    print_row ("uint8 fused, portable C", t,
               best_ms_per_pass (p, ll_primal_pass_u8_portable, NULL, t, 3, repeats), baseline,
               peak[t]);
  if (ll_primal_u8_have_avx2 ())
    for (guint t = 1; t <= 2; t++)
      print_row ("uint8 fused, AVX2+FMA", t,
                 best_ms_per_pass (p, ll_primal_pass_u8_avx2, NULL, t, 20, repeats), baseline,
                 peak[t]);
  print_row ("ll_primal_pass_u8 (one-shot)", 2,
             best_ms_per_pass (p, ll_primal_pass_u8, NULL, 2, 20, repeats), baseline, peak[2]);
  for (guint t = 1; t <= 2; t++)
    {
      g_autoptr(LlPrimalTeam) team = ll_primal_team_new (t);

      print_row ("ll_primal_pass_u8_with (team)", t,
                 best_ms_per_pass (p, NULL, team, t, 50, repeats), baseline, peak[t]);
    }
  g_print ("(speed: against two dgemm on 1 thread; of peak: multiply-adds per wall second\n"
           " against the FMA peak of that many cores)\n");

  g_free (p->X);
  g_free (p->Xd);
  g_free (p->y);
  g_free (p->W);
  g_free (p->b);
  g_free (p->Z);
  g_free (p->dW);
  g_free (p);
  return 0;
}
