/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-vmath.c: nanoseconds per element of the trainer's per-iteration
 * sigmoid work, libm loop against vmath's portable and AVX2 paths.
 *
 * Run (a benchmark, not a test):
 *
 *   meson compile -C build bench-vmath && ./build/tests/bench/bench-vmath [TRIALS]
 *
 * Sizes are those of three learning rates sharing a pass: 209 x 3 (course
 * cat data) and 12000 x 3 (Fashion-MNIST Coat vs Pullover). Each figure is
 * the best of TRIALS (default 7) timings of ~20 ms each, since the machine
 * is shared and timings are noisy; the spread (worst / best) is printed too.
 * Times are the thread's CPU time, not wall time, for the same reason.
 * z is uniform in [-10, 10], the range the trainer's decisions live in. */
#include "config.h"

#include "bench-common.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <math.h>

#include "core/train/model.h"
#include "core/train/vmath.h"
#include "core/train/vmath-private.h"

typedef double (*Kernel) (const double *z, const double *y, double *out, gsize m);

/* What the trainer's step () does today: libm exp per element. */
static double
libm_residual (const double *z, const double *y, double *r, gsize m)
{
  double sum = 0;

  for (gsize i = 0; i < m; i++)
    {
      r[i] = ll_sigmoid (z[i]) - y[i];
      sum += r[i];
    }
  return sum;
}

static double
libm_sigmoid (const double *z, const double *y, double *out, gsize m)
{
  for (gsize i = 0; i < m; i++)
    out[i] = ll_sigmoid (z[i]);
  return out[0];
}

static double
libm_exp (const double *z, const double *y, double *out, gsize m)
{
  for (gsize i = 0; i < m; i++)
    out[i] = exp (z[i]);
  return out[0];
}

#define SIGMOID_WRAPPER(name, func) \
  static double name (const double *z, const double *y, double *out, gsize m) \
  { func (z, out, m); return out[0]; }

SIGMOID_WRAPPER (portable_sigmoid, ll_vsigmoid_portable)
SIGMOID_WRAPPER (portable_exp, ll_vexp_portable)
#if LL_VMATH_HAVE_AVX2_PATH
SIGMOID_WRAPPER (avx2_sigmoid, ll_vsigmoid_avx2)
SIGMOID_WRAPPER (avx2_exp, ll_vexp_avx2)
#endif

static double
portable_loss (const double *z, const double *y, double *out, gsize m)
{
  return ll_vlogistic_loss_sum_portable (z, y, m);
}

static double
libm_loss (const double *z, const double *y, double *out, gsize m)
{
  double sum = 0;

  for (gsize i = 0; i < m; i++)
    sum += ll_logistic_loss (z[i], y[i]);
  return sum;
}

#if LL_VMATH_HAVE_AVX2_PATH
static double
avx2_loss (const double *z, const double *y, double *out, gsize m)
{
  return ll_vlogistic_loss_sum_avx2 (z, y, m);
}
#endif

static volatile double sink;

/* This thread's CPU time in microseconds: on the shared machine, wall time
 * also counts the time other processes hold the core. */
static gint64
thread_cpu_us (void)
{
  struct timespec now;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &now);
  return (gint64) now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

/* Best and worst ns per element over TRIALS timings. */
static void
time_kernel (Kernel        kernel,
             const double *z,
             const double *y,
             double       *out,
             gsize         m,
             guint         trials,
             double       *best,
             double       *worst)
{
  /* About 20 ms of work per trial at ~1 ns/element, at least one call. */
  guint calls = (guint) MAX (20000000 / m, 1);

  *best = INFINITY;
  *worst = 0;
  kernel (z, y, out, m);  /* warm caches and the dispatch */
  for (guint t = 0; t < trials; t++)
    {
      gint64 start = thread_cpu_us ();
      double ns;

      for (guint c = 0; c < calls; c++)
        sink += kernel (z, y, out, m);
      ns = (thread_cpu_us () - start) * 1e3 / ((double) calls * (double) m);
      *best = MIN (*best, ns);
      *worst = MAX (*worst, ns);
    }
}

static void
print_row (const char *label,
           Kernel      kernel,
           const double *z,
           const double *y,
           double     *out,
           gsize       m,
           guint       trials,
           double      reference)
{
  char best_text[G_ASCII_DTOSTR_BUF_SIZE], spread_text[G_ASCII_DTOSTR_BUF_SIZE];
  char speedup_text[G_ASCII_DTOSTR_BUF_SIZE];
  double best, worst;

  time_kernel (kernel, z, y, out, m, trials, &best, &worst);
  g_print ("  %-28s %8s ns/element   spread %5s   %6sx libm\n", label,
           g_ascii_formatd (best_text, sizeof best_text, "%.3f", best),
           g_ascii_formatd (spread_text, sizeof spread_text, "%.2f", worst / best),
           g_ascii_formatd (speedup_text, sizeof speedup_text, "%.1f",
                            reference > 0 ? reference / best : 1.0));
}

static double
best_of (Kernel kernel, const double *z, const double *y, double *out, gsize m, guint trials)
{
  double best, worst;

  time_kernel (kernel, z, y, out, m, trials, &best, &worst);
  return best;
}

int
main (int argc, char **argv)
{
  const gsize sizes[] = { 209 * 3, 12000 * 3 };
  guint trials = argc > 1 ? (guint) MAX (atoi (argv[1]), 1) : 7;
  g_autofree char *cpu = ll_bench_cpuinfo ("model name");
  g_autoptr (GRand) rand = g_rand_new_with_seed (1);
  gboolean avx2 = ll_vmath_have_avx2 ();

  g_print ("vmath: %s, %u online CPUs, AVX2+FMA path %s; thread CPU time, best of %u trials\n",
           cpu, g_get_num_processors (), avx2 ? "available" : "not available", trials);
  ll_bench_print_peaks ();

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gsize m = sizes[s];
      g_autofree double *z = g_new (double, m);
      g_autofree double *y = g_new (double, m);
      g_autofree double *out = g_new (double, m);
      double reference;

      for (gsize i = 0; i < m; i++)
        {
          z[i] = g_rand_double_range (rand, -10, 10);
          y[i] = g_rand_boolean (rand) ? 1.0 : 0.0;
        }
      g_print ("m = %" G_GSIZE_FORMAT ":\n", m);

      reference = best_of (libm_residual, z, y, out, m, trials);
      print_row ("sigmoid residual, libm", libm_residual, z, y, out, m, trials, reference);
      print_row ("sigmoid residual, portable", ll_vsigmoid_residual_portable, z, y, out, m, trials, reference);
#if LL_VMATH_HAVE_AVX2_PATH
      if (avx2)
        print_row ("sigmoid residual, AVX2", ll_vsigmoid_residual_avx2, z, y, out, m, trials, reference);
#endif

      reference = best_of (libm_sigmoid, z, y, out, m, trials);
      print_row ("sigmoid, libm", libm_sigmoid, z, y, out, m, trials, reference);
      print_row ("sigmoid, portable", portable_sigmoid, z, y, out, m, trials, reference);
#if LL_VMATH_HAVE_AVX2_PATH
      if (avx2)
        print_row ("sigmoid, AVX2", avx2_sigmoid, z, y, out, m, trials, reference);
#endif

      reference = best_of (libm_exp, z, y, out, m, trials);
      print_row ("exp, libm", libm_exp, z, y, out, m, trials, reference);
      print_row ("exp, portable", portable_exp, z, y, out, m, trials, reference);
#if LL_VMATH_HAVE_AVX2_PATH
      if (avx2)
        print_row ("exp, AVX2", avx2_exp, z, y, out, m, trials, reference);
#endif

      reference = best_of (libm_loss, z, y, out, m, trials);
      print_row ("loss sum, libm (plain sum)", libm_loss, z, y, out, m, trials, reference);
      print_row ("loss sum, portable", portable_loss, z, y, out, m, trials, reference);
#if LL_VMATH_HAVE_AVX2_PATH
      if (avx2)
        print_row ("loss sum, AVX2", avx2_loss, z, y, out, m, trials, reference);
#endif
    }
  return 0;
}
