/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-lab.c: the lab's numbers on the course's cat data (issues 17, 18):
 * L, the Hessian's largest eigenvalue at the start, from the pixels (Gram
 * matrix and Lanczos); the sharpness at later points, warm-started; and a
 * 200 x 200 landscape grid on one core once u and v are known; and that
 * grid drawn as the Landscape page draws it (heat map and 12 contours,
 * 1000 x 700), every time or from the raster cache a moving readout uses.
 *
 *   meson compile -C build bench-lab && ./build/tests/bench/bench-lab [DIR] */
#include "config.h"

#include "bench-common.h"

#include <math.h>
#include <time.h>

#include "core/data/dataset.h"
#include "core/train/curvature.h"
#include "core/train/landscape.h"
#include "core/train/step.h"
#include "core/train/trainer.h"
#include "plot/plot-figure.h"

#define GRID 200
#define REPEATS 5

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* This thread's CPU seconds: what a loaded shared machine does not inflate. */
static double
thread_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

typedef struct {
  LlSharpness *sharpness;
  double seconds;
  guint points, products;
  double last;
} LlSharpnessBench;

static gboolean
sharpness_at_record (const LlProgress *runs, guint n_runs, gpointer user_data)
{
  LlSharpnessBench *bench = user_data;
  LlEigenEstimate estimate;
  double start = now ();

  bench->last = ll_sharpness_at_probabilities (bench->sharpness, runs[0].train_probabilities,
                                               1e-3, 10, &estimate);
  bench->seconds += now () - start;
  bench->points++;
  bench->products += estimate.products;
  return TRUE;
}

int
main (int argc, char **argv)
{
  const char *dir = argc > 1 ? argv[1]
                    : g_getenv ("LL_CATVNONCAT_DIR") != NULL ? g_getenv ("LL_CATVNONCAT_DIR")
                    : LL_BENCH_DEFAULT_DATA_DIR;
  g_autofree char *model = ll_bench_cpuinfo ("model name");
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = ll_dataset_load (dir, 0, 0, &error);
  g_autoptr (LlSharpness) sharpness = NULL;
  g_autoptr (LlLandscape) landscape = NULL;
  g_autoptr (LlStep) step = NULL;
  g_autofree double *d1 = NULL, *d2 = NULL, *s = NULL, *t = NULL, *cost = NULL;
  LlTrainData data;
  double L = 0, best = INFINITY, start, setup;
  gsize n;

  if (dataset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  data = ll_train_data_from_pixels (dataset);
  n = dataset->n_features;
  {
    g_autofree char *load = NULL;

    g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
    g_print ("machine: %s, %u cores, load average %s", model, g_get_num_processors (),
             load != NULL ? load : "?\n");
    ll_bench_print_peaks ();
  }
  g_print ("data: %s (%zu x %zu)\n", dir, dataset->train.count, n);

  for (guint threads = 1; threads <= 2; threads++)
    {
      best = INFINITY;
      for (guint r = 0; r < REPEATS; r++)
        {
          start = now ();
          L = ll_curvature_at_zero (&data, threads, NULL);
          best = MIN (best, now () - start);
        }
      g_print ("L at w = 0 (Gram of the pixels + Lanczos to 1e-7), %u thread%s: %.17g, 2/L = %.6g,"
               " best of %d: %.1f ms\n", threads, threads > 1 ? "s" : "", L,
               ll_critical_learning_rate (L), REPEATS, best * 1e3);
    }

  /* Sharpness along lr 0.005's path: the first call cold, later ones warm. */
  sharpness = ll_sharpness_new (&data, 0, NULL);
  for (guint k = 0; k <= 4; k++)
    {
      LlEigenEstimate estimate;
      g_autoptr (LlStep) at = ll_step_compute (&data, NULL, 0, 0.005, k * 100, NULL);

      start = now ();
      ll_sharpness_at (sharpness, at->w, at->b, 1e-3, 10, &estimate);
      g_print ("sharpness at iteration %u of lr 0.005: %.6g (2/lr = 400), %u products, residual %.2g,"
               " %.2f ms\n", k * 100, estimate.value, estimate.products, estimate.residual,
               (now () - start) * 1e3);
    }

  /* At record points the trainer already holds the probabilities: no data pass. */
  {
    const double rate = 0.005;
    g_autoptr (LlSharpness) warm = ll_sharpness_new (&data, 0, NULL);
    LlSharpnessBench bench = { warm, 0, 0, 0 };
    const LlTrainParams params = {
      .learning_rates = &rate, .n_rates = 1, .iterations = 2000, .record_every = 100,
      .want_snapshots = TRUE,
    };
    g_autoptr (GPtrArray) models = NULL;

    start = now ();
    models = ll_train (&data, &params, sharpness_at_record, &bench, NULL);
    g_print ("training lr 0.005 x 2000, recording every 100 with snapshots and the sharpness"
             " from the probabilities (rel 1e-3, <= 10 products): %.1f ms in all, of which the"
             " sharpness %.2f ms at %u points (%u products); last %.6g\n",
             (now () - start) * 1e3, bench.seconds * 1e3, bench.points, bench.products, bench.last);
  }

  /* A plane through the start along the first gradient and a generic direction. */
  step = ll_step_compute (&data, NULL, 0, 0.005, 0, NULL);
  d1 = g_new (double, n + 1);
  d2 = g_new (double, n + 1);
  for (gsize f = 0; f < n; f++)
    {
      d1[f] = step->dw[f];
      d2[f] = (f % 3) - 1.0;
    }
  d1[n] = step->db;
  d2[n] = 1;
  ll_landscape_orthonormalise (d1, d2, n + 1);
  start = now ();
  landscape = ll_landscape_new (&data, NULL, 0, d1, d2, NULL);
  setup = now () - start;
  s = g_new (double, GRID);
  t = g_new (double, GRID);
  cost = g_new (double, GRID * GRID);
  for (guint i = 0; i < GRID; i++)
    s[i] = t[i] = -20 + 40.0 * i / (GRID - 1);
  best = INFINITY;
  double best_cpu = INFINITY;
  for (guint r = 0; r < REPEATS; r++)
    {
      double cpu = thread_cpu ();

      start = now ();
      ll_landscape_grid (landscape, s, GRID, t, GRID, cost);
      best = MIN (best, now () - start);
      best_cpu = MIN (best_cpu, thread_cpu () - cpu);
    }
  g_print ("landscape: z0, u, v (3 passes over the pixels) %.1f ms; a %d x %d grid on one core,"
           " best of %d: %.1f ms wall, %.1f ms CPU (%.0f ns a point, m = %zu)\n", setup * 1e3,
           GRID, GRID, REPEATS, best * 1e3, best_cpu * 1e3, best_cpu * 1e9 / (GRID * GRID),
           dataset->train.count);

  /* Drawing it: every time (an export, or before the cache) and cached. */
  {
    g_autoptr (LlFigure) figure = ll_figure_new ();
    LlPlotLayer *map = ll_figure_add_heat_map (figure, cost, GRID, GRID, s[0], s[GRID - 1], t[0],
                                               t[GRID - 1], LL_COLOR_MAP_SEQUENTIAL);
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000, 700);
    double levels[12], lo = INFINITY, hi = -INFINITY, times[2];

    for (guint k = 0; k < GRID * GRID; k++)
      if (isfinite (cost[k]))
        {
          lo = MIN (lo, cost[k]);
          hi = MAX (hi, cost[k]);
        }
    ll_plot_layer_set_color_range (map, lo, hi, TRUE);
    ll_plot_log_levels (lo, hi, 12, levels);
    ll_plot_layer_set_contours (map, levels, 12);
    for (guint cached = 0; cached < 2; cached++)
      {
        ll_figure_set_raster_cache (figure, cached ? 1 : 0);
        times[cached] = INFINITY;
        for (guint r = 0; r < REPEATS + 1; r++)
          {
            cairo_t *cr = cairo_create (surface);

            start = now ();
            ll_figure_render (figure, cr, 1000, 700);
            cairo_surface_flush (surface);
            /* the first drawing makes the contours (and the raster) */
            if (r > 0)
              times[cached] = MIN (times[cached], now () - start);
            cairo_destroy (cr);
          }
      }
    cairo_surface_destroy (surface);
    g_print ("drawing it (heat map and 12 contours, 1000 x 700), best of %d: %.1f ms each time,"
             " %.1f ms from the raster cache (a readout move)\n", REPEATS, times[0] * 1e3, times[1] * 1e3);
  }
  return 0;
}
