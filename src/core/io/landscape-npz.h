/* SPDX-License-Identifier: GPL-3.0-or-later */
/* landscape-npz.h: the cost landscape as a NumPy .npz (issue 18), the one
 * place its names are written (`logistic-lab landscape --output FILE.npz`
 * and the Landscape page's Export Data):
 *   d1, d2        the directions, n + 1 values each, the bias last
 *   s, t          the grid's coordinates along d1 and d2
 *   cost          n_s x n_t: cost[i, j] = J(w0 + s[i] d1 + t[j] d2)
 *   w0, b0        the plane's origin (b0 a 0-d array)
 *   path_K        run K's record points projected on the plane, points x 2 (s, t)
 *   path_cost_K   run K's true cost at each of them */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gsize n_features;
  const double *d1, *d2;   /* n_features + 1 */
  const double *w0;        /* n_features */
  double b0;
  const double *s, *t;
  guint n_s, n_t;
  const double *cost;      /* n_s x n_t, row-major */
} LlLandscapeNpzPlane;

typedef struct {
  const double *st;        /* n_points x 2: (s, t) of each point */
  const double *costs;     /* n_points */
  gsize n_points;
} LlLandscapeNpzPath;

/* Writes PLANE and the N_PATHS PATHS to PATH (atomically, ll_npz_write);
 * the error names the file. */
gboolean ll_landscape_npz_write (const char                *path,
                                 const LlLandscapeNpzPlane *plane,
                                 const LlLandscapeNpzPath  *paths,
                                 guint                      n_paths,
                                 GError                   **error);

G_END_DECLS
