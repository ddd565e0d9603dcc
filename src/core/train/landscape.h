/* SPDX-License-Identifier: GPL-3.0-or-later */
/* landscape.h: the true cost on a plane through weight space (issue 18).
 *
 * Points are (w, b) with the bias as the last of n + 1 coordinates. On the
 * plane (w, b) = (w0, b0) + s d1 + t d2 the training decisions are
 *   z = z0 + s u + t v,  z0 = X~^T (w0, b0),  u = X~^T d1,  v = X~^T d2
 * (X~ the features with a row of ones), so after one O(m n) pass each point
 * of a grid costs O(m). Along a gradient step's line likewise:
 * z(eta) = z - eta X~^T (dw, db). No globals, no printing. */
#pragma once

#include <glib.h>
#include "trainer.h"

G_BEGIN_DECLS

typedef struct _LlLandscape LlLandscape;

/* The plane through (W0, B0) (W0 NULL = 0) spanned by D1 and D2 (n + 1
 * values each, bias last; any directions, usually orthonormal) over DATA's
 * training set. DATA is copied from as needed: it may go after the call. */
LlLandscape *ll_landscape_new   (const LlTrainData *data,
                                 const double      *w0,
                                 double             b0,
                                 const double      *d1,
                                 const double      *d2,
                                 GError           **error);
void         ll_landscape_free  (LlLandscape *landscape);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlLandscape, ll_landscape_free)

/* J at (w0, b0) + s d1 + t d2. */
double       ll_landscape_cost  (const LlLandscape *landscape,
                                 double             s,
                                 double             t);

/* COST (n_s x n_t, row-major: COST[i * n_t + j] = J(S[i], T[j])), the
 * layout numpy reads as cost[i, j]. */
void         ll_landscape_grid  (const LlLandscape *landscape,
                                 const double      *s,
                                 gsize              n_s,
                                 const double      *t,
                                 gsize              n_t,
                                 double            *cost);

/* Two orthonormal directions from the principal components of COUNT points
 * of DIM coordinates (point p at POINTS + p * DIM), computed on the small
 * COUNT x COUNT Gram matrix of the centred points. VARIANCE_SHARE (optional)
 * receives the share of the points' variance the two directions hold, in
 * [0, 1]. FALSE (directions untouched) when the points span fewer than two
 * dimensions: then use ll_landscape_directions_from. */
gboolean     ll_landscape_principal_directions (const double *points,
                                                gsize         count,
                                                gsize         dim,
                                                double       *d1,
                                                double       *d2,
                                                double       *variance_share);

/* D1, D2 made orthonormal (Gram-Schmidt, D1 first). When D2 is (nearly)
 * parallel to D1 or zero, D2 becomes a fixed generic direction orthogonal to
 * D1. FALSE when D1 is zero or not finite. For directions from gradients. */
gboolean     ll_landscape_orthonormalise       (double *d1,
                                                double *d2,
                                                gsize   dim);

/* POINT's coordinates (S, T) on the plane through ORIGIN with orthonormal
 * D1, D2 (the orthogonal projection). */
void         ll_landscape_project              (const double *origin,
                                                const double *d1,
                                                const double *d2,
                                                gsize         dim,
                                                const double *point,
                                                double       *s,
                                                double       *t);

/* The cost along the line (w, b) - eta (dw, db) at COUNT etas evenly from 0
 * to ETA_MAX (COUNT >= 2; ETAS and COSTS receive them), and the eta in
 * [0, ETA_MAX] with the least cost (J is convex along any line: found to
 * rounding by golden-section search around the best sample). */
void         ll_landscape_line                 (const LlTrainData *data,
                                                const double      *w,
                                                double             b,
                                                const double      *dw,
                                                double             db,
                                                double             eta_max,
                                                gsize              count,
                                                double            *etas,
                                                double            *costs,
                                                double            *best_eta,
                                                double            *best_cost);

/* Directions from the first gradients, for when the paths span less than a
 * plane: the gradient at w = 0, b = 0 and the one after a step of RATE (the
 * paths' first moves), made orthonormal (DIM = n + 1 values each). */
gboolean     ll_landscape_gradient_directions  (const LlTrainData *data,
                                                double             rate,
                                                double            *d1,
                                                double            *d2,
                                                GError           **error);

/* COUNT (>= 2) evenly spaced values into AXIS covering [LO, HI] with a
 * margin of 15 % on each side (a unit either side when LO == HI). */
void         ll_landscape_grid_axis            (double  lo,
                                                double  hi,
                                                guint   count,
                                                double *axis);

G_END_DECLS
