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
 * threads. Best of REPEATS (default 10) wall times, in ms, and best process
 * CPU times (all threads) beside them: on a busy machine the wall time
 * swings, the CPU time much less. */
#include "config.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/kernels-u8-private.h"

#define N_PIXELS 12288
#define N_TRAIN 209
#define N_TEST 50

typedef struct {
  const guint8 *X, *X_test;
  const double *Xd, *X_test_d;
  double *G, *K;
} Work;

typedef void (*Variant) (const Work *work, LlKernelPath path, guint n_threads);

static void
run_u8 (const Work *work, LlKernelPath path, guint n_threads)
{
  ll_gram_u8_on (path, work->X, N_PIXELS, N_TRAIN, 1 / 255.0, n_threads, work->G);
  ll_cross_u8_on (path, work->X_test, N_TEST, work->X, N_TRAIN, N_PIXELS,
                  1 / 255.0, n_threads, work->K);
}

static void
run_blas (const Work *work, LlKernelPath path, guint n_threads)
{
  openblas_set_num_threads ((int) n_threads);
  cblas_dsyrk (CblasColMajor, CblasUpper, CblasTrans, N_TRAIN, N_PIXELS,
               1.0, work->Xd, N_PIXELS, 0.0, work->G, N_TRAIN);
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

typedef struct {
  double wall_ms, cpu_ms;
} Timing;

/* Best wall time and best CPU time of REPEATS runs. */
static Timing
best_of (Variant variant, const Work *work, LlKernelPath path, guint n_threads, guint repeats)
{
  Timing best = { G_MAXDOUBLE, G_MAXDOUBLE };

  variant (work, path, n_threads);  /* warm the caches */
  for (guint r = 0; r < repeats; r++)
    {
      gint64 start = g_get_monotonic_time ();
      double cpu_start = cpu_ms ();

      variant (work, path, n_threads);
      best.wall_ms = MIN (best.wall_ms, (g_get_monotonic_time () - start) / 1e3);
      best.cpu_ms = MIN (best.cpu_ms, cpu_ms () - cpu_start);
    }
  return best;
}

static void
print_row (const char *name, guint n_threads, Timing timing, double base_ms)
{
  double ms = timing.wall_ms;
  /* Multiply-adds: the Gram's upper triangle plus the cross product. */
  double muladds = ((double) N_TRAIN * (N_TRAIN + 1) / 2 + (double) N_TEST * N_TRAIN) * N_PIXELS;
  char ms_text[G_ASCII_DTOSTR_BUF_SIZE], rate_text[G_ASCII_DTOSTR_BUF_SIZE];
  char ratio_text[G_ASCII_DTOSTR_BUF_SIZE], cpu_text[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (ms_text, sizeof ms_text, "%8.2f", ms);
  g_ascii_formatd (rate_text, sizeof rate_text, "%6.1f", muladds / ms / 1e6);
  g_ascii_formatd (ratio_text, sizeof ratio_text, "%5.1f", base_ms / ms);
  g_ascii_formatd (cpu_text, sizeof cpu_text, "%8.2f", timing.cpu_ms);
  g_print ("%-26s %u  %s ms  %s G muladd/s  %sx   %s ms\n", name, n_threads, ms_text,
           rate_text, ratio_text, cpu_text);
}

static char *
cpu_model (void)
{
  g_autofree char *cpuinfo = NULL;
  g_auto (GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    return g_strdup ("unknown CPU");
  lines = g_strsplit (cpuinfo, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    if (g_str_has_prefix (lines[l], "model name"))
      return g_strdup (g_strstrip (strchr (lines[l], ':') + 1));
  return g_strdup ("unknown CPU");
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
  g_autofree char *model = cpu_model ();
  Work work = { X, X_test, Xd, X_test_d, G, K };
  static const struct { const char *name; LlKernelPath path; } paths[] = {
    { "u8 portable", LL_KERNEL_PATH_PORTABLE },
    { "u8 AVX2", LL_KERNEL_PATH_AVX2 },
  };
  Timing base;

  repeats = MAX (repeats, 1);
  for (gsize p = 0; p < N_PIXELS * N_TRAIN; p++)
    Xd[p] = (X[p] = (guint8) g_rand_int_range (rand, 0, 256)) / 255.0;
  for (gsize p = 0; p < N_PIXELS * N_TEST; p++)
    X_test_d[p] = (X_test[p] = (guint8) g_rand_int_range (rand, 0, 256)) / 255.0;

  g_print ("Gram %u x %u pixels + cross %u x %u, best of %u; %s, %u cores%s\n",
           N_TRAIN, N_PIXELS, N_TEST, N_TRAIN, repeats, model, g_get_num_processors (),
           ll_kernel_path_supported (LL_KERNEL_PATH_AVX2) ? ", AVX2" : "");
  g_print ("%-26s threads  wall (best)                 vs OpenBLAS 1   CPU (best)\n", "");

  base = best_of (run_blas, &work, LL_KERNEL_PATH_PORTABLE, 1, repeats);
  print_row ("OpenBLAS dsyrk+dgemm f64", 1, base, base.wall_ms);
  print_row ("OpenBLAS dsyrk+dgemm f64", 2,
             best_of (run_blas, &work, LL_KERNEL_PATH_PORTABLE, 2, repeats), base.wall_ms);

  for (guint p = 0; p < G_N_ELEMENTS (paths); p++)
    {
      if (!ll_kernel_path_supported (paths[p].path))
        {
          g_print ("%-26s    (not on this CPU)\n", paths[p].name);
          continue;
        }
      for (guint n_threads = 1; n_threads <= 2; n_threads++)
        print_row (paths[p].name, n_threads,
                   best_of (run_u8, &work, paths[p].path, n_threads, repeats), base.wall_ms);
    }
  return EXIT_SUCCESS;
}
