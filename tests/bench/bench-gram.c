/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-gram.c: the dual trainer's two products on the course's shape.
 *
 * Run (a benchmark, not a test):
 *
 *   meson compile -C build bench-gram && ./build/tests/bench/bench-gram [REPEATS]
 *
 * Times G = X^T X (209 examples x 12288 pixels) plus K = X_test^T X
 * (50 x 209) on random pixels: ll_gram_u8 + ll_cross_u8 on each code path
 * with 1 and 2 threads, against cblas_dsyrk + cblas_dgemm on the float64
 * copy X / 255 (the trainer's former route) with OpenBLAS on 1 and 2
 * threads. Best of REPEATS (default 10) wall times in ms, for each product
 * and both in a row, and the best process CPU time (all threads) of both:
 * on a busy machine the wall time swings, the CPU time much less. */
#include "config.h"

#include "bench-common.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/train/kernels-u8-private.h"

#define N_PIXELS 12288
#define N_TRAIN 209
#define N_TEST 50

typedef struct {
  const guint8 *X, *X_test;
  const double *Xd, *X_test_d;
  double *G, *K;
  LlKernelPath path;   /* for the uint8 variants */
  guint n_threads;
} Work;

typedef void (*Step) (const Work *work);

static void
gram_u8 (const Work *work)
{
  ll_gram_u8_on (work->path, work->X, N_PIXELS, N_TRAIN, 1 / 255.0, work->n_threads, work->G);
}

static void
cross_u8 (const Work *work)
{
  ll_cross_u8_on (work->path, work->X_test, N_TEST, work->X, N_TRAIN, N_PIXELS,
                  1 / 255.0, work->n_threads, work->K);
}

static void
gram_blas (const Work *work)
{
  openblas_set_num_threads ((int) work->n_threads);
  cblas_dsyrk (CblasColMajor, CblasUpper, CblasTrans, N_TRAIN, N_PIXELS,
               1.0, work->Xd, N_PIXELS, 0.0, work->G, N_TRAIN);
}

static void
cross_blas (const Work *work)
{
  openblas_set_num_threads ((int) work->n_threads);
  cblas_dgemm (CblasColMajor, CblasTrans, CblasNoTrans, N_TEST, N_TRAIN, N_PIXELS,
               1.0, work->X_test_d, N_PIXELS, work->Xd, N_PIXELS, 0.0, work->K, N_TEST);
}

/* CPU time of the whole process (every thread), in ms. */
static double
cpu_ms (void)
{
  struct timespec now;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

/* Best wall and best CPU times of the Gram, the cross product and both in
 * a row, over REPEATS runs (ms). */
typedef struct {
  double gram_ms, cross_ms, wall_ms, cpu_ms;
} Timing;

static Timing
best_of (Step gram, Step cross, const Work *work, guint repeats)
{
  Timing best = { G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE, G_MAXDOUBLE };

  gram (work);  /* warm the caches */
  cross (work);
  for (guint r = 0; r < repeats; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();
      gint64 middle;

      gram (work);
      middle = g_get_monotonic_time ();
      cross (work);
      best.gram_ms = MIN (best.gram_ms, (middle - start) / 1e3);
      best.cross_ms = MIN (best.cross_ms, (g_get_monotonic_time () - middle) / 1e3);
      best.wall_ms = MIN (best.wall_ms, (g_get_monotonic_time () - start) / 1e3);
      best.cpu_ms = MIN (best.cpu_ms, cpu_ms () - cpu_start);
    }
  return best;
}

static void
print_row (const char *name, guint n_threads, Timing timing, double base_ms)
{
  /* Multiply-adds: the Gram's upper triangle plus the cross product. */
  double muladds = ((double) N_TRAIN * (N_TRAIN + 1) / 2 + (double) N_TEST * N_TRAIN) * N_PIXELS;
  const double figures[] = {
    timing.gram_ms, timing.cross_ms, timing.wall_ms, timing.cpu_ms,
    muladds / timing.wall_ms / 1e6, base_ms / timing.wall_ms,
  };
  const char *formats[] = { "%7.2f", "%7.2f", "%7.2f", "%7.2f", "%6.1f", "%5.1f" };

  g_print ("%-26s %7u", name, n_threads);
  for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      g_print ("  %s", g_ascii_formatd (text, sizeof text, formats[f], figures[f]));
    }
  {
    /* Integer products are not FMAs, but the float64 peak is the scale. */
    g_autofree char *of_peak = ll_bench_of_peak (muladds, timing.wall_ms / 1e3, n_threads);

    g_print ("  %s\n", of_peak);
  }
}

/* The 1-minute load average, to judge how disturbed the timings are. */
static char *
load_average (void)
{
  g_autofree char *loadavg = NULL;

  if (!g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL))
    return g_strdup ("?");
  return g_strndup (loadavg, strcspn (loadavg, " "));
}

int
main (int argc, char **argv)
{
  guint repeats = argc > 1 ? (guint) atoi (argv[1]) : 10;
  g_autoptr (GRand) rand = g_rand_new_with_seed (20261125);
  g_autofree guint8 *X = g_malloc (N_PIXELS * N_TRAIN);
  g_autofree guint8 *X_test = g_malloc (N_PIXELS * N_TEST);
  g_autofree double *Xd = g_new (double, N_PIXELS * N_TRAIN);
  g_autofree double *X_test_d = g_new (double, N_PIXELS * N_TEST);
  g_autofree double *G = g_new (double, N_TRAIN * N_TRAIN);
  g_autofree double *K = g_new (double, N_TEST * N_TRAIN);
  g_autofree char *model = ll_bench_cpuinfo ("model name");
  g_autofree char *load = load_average ();
  Work work = { X, X_test, Xd, X_test_d, G, K, LL_KERNEL_PATH_PORTABLE, 1 };
  static const struct { const char *name; LlKernelPath path; } paths[] = {
    { "u8 portable", LL_KERNEL_PATH_PORTABLE },
    { "u8 AVX2", LL_KERNEL_PATH_AVX2 },
    { "u8 AVX-512 VNNI", LL_KERNEL_PATH_VNNI },
  };
  Timing base;

  repeats = MAX (repeats, 1);
  for (gsize p = 0; p < N_PIXELS * N_TRAIN; p++)
    Xd[p] = (X[p] = (guint8) g_rand_int_range (rand, 0, 256)) / 255.0;
  for (gsize p = 0; p < N_PIXELS * N_TEST; p++)
    X_test_d[p] = (X_test[p] = (guint8) g_rand_int_range (rand, 0, 256)) / 255.0;

  g_print ("Gram %u x %u pixels + cross %u x %u, best of %u; %s, %u cores%s, load %s\n",
           N_TRAIN, N_PIXELS, N_TEST, N_TRAIN, repeats, model, g_get_num_processors (),
           ll_kernel_path_supported (LL_KERNEL_PATH_AVX2) ? ", AVX2" : "", load);
  ll_bench_print_peaks ();
  g_print ("%-26s threads     Gram   cross    both  CPU both  G muladd/s  vs OpenBLAS 1\n",
           "(best ms)");

  base = best_of (gram_blas, cross_blas, &work, repeats);
  print_row ("OpenBLAS dsyrk+dgemm f64", 1, base, base.wall_ms);
  work.n_threads = 2;
  print_row ("OpenBLAS dsyrk+dgemm f64", 2, best_of (gram_blas, cross_blas, &work, repeats),
             base.wall_ms);

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      if (!ll_kernel_path_supported (paths[p].path))
        {
          g_print ("%-26s (not on this CPU)\n", paths[p].name);
          continue;
        }
      work.path = paths[p].path;
      for (work.n_threads = 1; work.n_threads <= 2; work.n_threads++)
        print_row (paths[p].name, work.n_threads, best_of (gram_u8, cross_u8, &work, repeats),
                   base.wall_ms);
    }
  return EXIT_SUCCESS;
}
