/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-boundary.h: the two-feature picture of issue 19.4, one drawing for
 * the Boundary page and the handout. The examples on two features in the
 * units the model sees: training examples filled, test examples hollow,
 * blue and vermillion by class; each run's decision line
 * w1 x1 + w2 x2 + b = logit(t) in its look; under them one run's
 * probability as a shade with the threshold's contour. With more than two
 * features the lines and the shade are slices through the other features'
 * training mean, as the caption says. Image data have no such picture. */
#pragma once

#include "core/data/dataset.h"
#include "plot-figure.h"

G_BEGIN_DECLS

/* The figure's layers: the shade, the examples by split and class, then
 * one line per run. */
#define LL_TWO_FEATURE_SHADE 0
#define LL_TWO_FEATURE_POINTS(test, class_index) (1 + 2 * (test) + (class_index))
#define LL_TWO_FEATURE_LINE(run) (5 + (run))

typedef struct {
  const char *label;       /* the run's label ("0.5"): "lr = 0.5" */
  guint look;
  const double *w;         /* its model's n_features weights (borrowed), or NULL: no line */
  gsize n_features;
  double b;
} LlBoundaryFigureRun;

typedef struct {
  const LlDataset *dataset;      /* ll_plot_boundary_available */
  guint x_feature, y_feature;    /* < dataset->n_features */
  const double *means;           /* each feature's training mean (ll_plot_boundary_means) */
  const char *scaling;           /* as ll_scaling_describe writes it; NULL: nothing said */
  double threshold;              /* 0..1 */
  const LlBoundaryFigureRun *runs;
  guint n_runs;
  guint shaded_run;              /* whose probability is shaded; >= n_runs: none */
} LlBoundaryFigureSpec;

/* Whether DATASET has two features to draw (a table, not image data). */
gboolean  ll_plot_boundary_available     (const LlDataset *dataset);
/* Each feature's mean over the training split, new (n_features). */
double   *ll_plot_boundary_means         (const LlDataset *dataset);
/* The two columns that tell the classes apart best at first sight (0 and 1
 * for two features). */
void      ll_plot_boundary_pick_columns  (const LlDataset *dataset,
                                          const double    *means,
                                          guint           *x_feature,
                                          guint           *y_feature);
/* Column FEATURE's name ("exam 1", else "x2"); new. */
char     *ll_plot_boundary_feature_name  (const LlDataset *dataset,
                                          guint            feature);
/* Its axis label in the units the model sees: "exam 1 (standardized)"; new. */
char     *ll_plot_boundary_axis_label    (const LlDataset *dataset,
                                          guint            feature,
                                          const char      *scaling);
/* logit (THRESHOLD): the right-hand side of the lines' equation. */
double    ll_plot_boundary_threshold_logit (double threshold);

/* The note over the picture: the lines' equation at THRESHOLD and what
 * filled and hollow mean; new. */
char     *ll_plot_boundary_note          (double threshold);

/* The figure, new; N_LINES (may be NULL) gets the number of runs whose
 * line crosses the picture. */
LlFigure *ll_plot_boundary_figure        (const LlBoundaryFigureSpec *spec,
                                          guint                      *n_lines);

G_END_DECLS
