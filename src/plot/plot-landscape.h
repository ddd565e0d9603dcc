/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-landscape.h: the cost-landscape figure of issue 18, one drawing for
 * the Landscape page and `logistic-lab landscape --output FILE.png|svg|pdf`:
 * the cost on the plane as a heat map (log colours, log-spaced contours, a
 * colour bar), each run's path as a line in its colour, dash and marker,
 * axes naming the directions and the caption the plane's share of the
 * paths' variance. Layer 0 is the heat map, layer 1 + r run r's path (its
 * points set by the caller with ll_plot_layer_set_points). */
#pragma once

#include "plot-figure.h"

G_BEGIN_DECLS

typedef struct {
  const double *s, *t;      /* the grid's coordinates along d1 and d2 */
  guint n_s, n_t;
  const double *cost;       /* n_s x n_t: cost[i * n_t + j] = J(s[i], t[j]) */
  double cost_lo, cost_hi;  /* the least and the largest finite cost */
  gboolean principal;       /* the directions are the paths' principal components */
  double variance_share;    /* 0..1, NAN when unknown */
  double share_d1, share_d2;
  gboolean centred_at_run;  /* the plane's origin is a run's w (else w = 0) */
  guint n_paths;
  const char *const *path_labels;  /* n_paths legend names ("lr 0.5") */
} LlLandscapeFigureSpec;

/* The figure's caption: where the plane is centred, its share of the
 * paths' variance (also the view's description for a screen reader). */
char     *ll_plot_landscape_caption (const LlLandscapeFigureSpec *spec);

/* The figure (NULL when the grid's ends are not finite). */
LlFigure *ll_plot_landscape_figure (const LlLandscapeFigureSpec *spec);

/* One path's projected points for ll_plot_landscape_export. */
typedef struct {
  const double *st;   /* n_points x 2: (s, t) */
  gsize n_points;
} LlLandscapeFigurePath;

/* The figure with SPEC->n_paths PATHS written to PATH as PNG, SVG or PDF
 * (ll_figure_export). Not in the plain `logistic-lab` (main.c runs
 * logistic-lab-cli-plot for a figure). */
gboolean  ll_plot_landscape_export (const LlLandscapeFigureSpec *spec,
                                    const LlLandscapeFigurePath *paths,
                                    const char                  *path,
                                    int                          width,
                                    int                          height,
                                    GError                     **error);

G_END_DECLS
