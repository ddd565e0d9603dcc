/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-sharpness.h: the sharpness figure of issue 17.2, one drawing for the
 * Sharpness page and the handout: each run's largest Hessian eigenvalue at
 * its record points against the iteration (log y), each rate's 2/lr as a
 * dashed line in the run's look, L at the start as a reference in the
 * legend, and a last points layer for the timeline's moment (empty here). */
#pragma once

#include "plot-figure.h"

G_BEGIN_DECLS

/* Layer 0 of the figure is L at the start; run r's sharpness is layer
 * 1 + 2 r and its 2/lr line 2 + 2 r; the moment's points come last. */
#define LL_SHARPNESS_LAYER_L 0
#define LL_SHARPNESS_LAYER_RUN(r) (1 + 2 * (r))
#define LL_SHARPNESS_LAYER_LIMIT(r) (2 + 2 * (r))

typedef struct {
  double learning_rate;
  guint look;                 /* the run's colour, dashes and marker */
  gboolean visible, pinned;   /* hidden / faded as on every plot */
  const double *iterations;   /* n_points, borrowed */
  const double *sharpness;    /* n_points; non-finite or <= 0 are left out */
  gsize n_points;
} LlSharpnessFigureRun;

/* The figure, new. CRITICAL_RATE is 2/L of the dataset (NAN: unknown). */
LlFigure *ll_plot_sharpness_figure          (double                      critical_rate,
                                             const LlSharpnessFigureRun *runs,
                                             guint                       n_runs);
/* Replaces run R's points (the ones with a sharpness). */
void      ll_plot_sharpness_set_run_points  (LlFigure     *figure,
                                             guint         r,
                                             const double *iterations,
                                             const double *sharpness,
                                             gsize         n_points);
/* Run R's curve and 2/lr line shown with VISIBLE, faded while PINNED. */
void      ll_plot_sharpness_set_run_look    (LlFigure *figure,
                                             guint     r,
                                             gboolean  visible,
                                             gboolean  pinned);
/* "4", "200", "554": a sharpness as a teacher reads it out; new. */
char     *ll_plot_format_sharpness          (double value);

G_END_DECLS
