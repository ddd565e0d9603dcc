/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-landscape-job.h: the cost landscape of issue 18 as data: the true cost
 * on a plane through weight space that holds the runs' paths, computed on a
 * worker thread, and each run's path projected onto it. GLib and GIO only:
 * tested headless.
 *
 * The job follows an LlRunStore ("store"). The plane goes through the
 * centre (w = 0, b = 0, or a chosen run's shown (w, b)) along the two
 * principal components of all runs' recorded (w, b) (bias last), or along
 * the first gradients while the paths span less than a plane. The worker
 * recomputes the surface only when the plane changes: when the principal
 * plane turns by more than a tolerance, a path leaves the grid, the runs or
 * the dataset change, or on ll_landscape_job_recompute; the checks that
 * record points ask for come at most once a second after a new surface.
 * New record points are projected on the job's thread as they arrive (two
 * dot products).
 *
 * Signals: "surface-changed" (a new surface; every path was projected
 * again), "path-changed" (guint run: run RUN's path grew), "failed"
 * (GError: no plane could be made). */
#pragma once

#include <gio/gio.h>

#include "core/train/landscape.h"
#include "ll-run-store.h"

G_BEGIN_DECLS

/* The default grid: S x T points. */
#define LL_LANDSCAPE_JOB_DEFAULT_GRID 121u
#define LL_LANDSCAPE_JOB_MAX_GRID 1000u

/* A computed surface: immutable, reference-counted (made on the worker). */
typedef struct {
  gsize n_features;
  double *d1, *d2;         /* n_features + 1 each, orthonormal, the bias last */
  double *w0;              /* n_features: the centre */
  double b0;
  gboolean principal;      /* d1, d2 are the paths' principal components (else the first gradients) */
  double variance_share;   /* share of the paths' variance the plane holds, 0..1; NAN with < 2 points */
  double share_d1, share_d2;  /* the part of it along d1 and along d2 */
  guint n_s, n_t;
  double *s, *t;           /* the grid's coordinates along d1 and d2 */
  double *cost;            /* n_s x n_t: cost[i * n_t + j] = J(w0 + s[i] d1 + t[j] d2) */
  double cost_lo, cost_hi; /* the least and the largest finite cost of the grid */
  LlLandscape *landscape;  /* for the exact cost anywhere on the plane */
} LlLandscapeSurface;

#define LL_TYPE_LANDSCAPE_SURFACE (ll_landscape_surface_get_type ())
GType               ll_landscape_surface_get_type (void);
LlLandscapeSurface *ll_landscape_surface_ref      (LlLandscapeSurface *surface);
void                ll_landscape_surface_unref    (LlLandscapeSurface *surface);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlLandscapeSurface, ll_landscape_surface_unref)

/* A record point of a path: its projection (S, T) and the run's true cost there. */
typedef struct {
  guint iteration;
  double s, t;
  double cost;
} LlLandscapePathPoint;

#define LL_TYPE_LANDSCAPE_JOB (ll_landscape_job_get_type ())
G_DECLARE_FINAL_TYPE (LlLandscapeJob, ll_landscape_job, LL, LANDSCAPE_JOB, GObject)

LlLandscapeJob            *ll_landscape_job_new            (void);

/* Property "store" (LlRunStore). */
void                       ll_landscape_job_set_store      (LlLandscapeJob *self,
                                                            LlRunStore     *store);
LlRunStore                *ll_landscape_job_get_store      (LlLandscapeJob *self);
/* Property "grid-size" (guint, 2..LL_LANDSCAPE_JOB_MAX_GRID): S = T. */
void                       ll_landscape_job_set_grid_size  (LlLandscapeJob *self,
                                                            guint           grid_size);
/* Property "centre-run" (int): -1 centres the plane at w = 0, b = 0, a run
 * index at that run's shown (w, b). Changing it makes a new plane. */
void                       ll_landscape_job_set_centre_run (LlLandscapeJob *self,
                                                            int             run);
int                        ll_landscape_job_get_centre_run (LlLandscapeJob *self);
/* Property "busy" (gboolean): the worker computes a plane, or a plane
 * check waits for its time (while the runs record, a new surface comes at
 * most once a second). */
gboolean                   ll_landscape_job_get_busy       (LlLandscapeJob *self);

/* A new plane now, from the paths as they are: replaces (cancels) the one
 * being computed. */
void                       ll_landscape_job_recompute      (LlLandscapeJob *self);
/* Stops the worker; the surface so far stays. */
void                       ll_landscape_job_cancel         (LlLandscapeJob *self);

/* The surface shown, or NULL before the first. Borrowed. */
LlLandscapeSurface        *ll_landscape_job_get_surface    (LlLandscapeJob *self);
/* J at (S, T) on the surface's plane, exactly (O(m)); NAN without a surface. */
double                     ll_landscape_job_cost_at        (LlLandscapeJob *self,
                                                            double          s,
                                                            double          t);
/* Run RUN's path on the surface's plane (N_POINTS of them; NULL when none). */
const LlLandscapePathPoint *ll_landscape_job_get_path      (LlLandscapeJob *self,
                                                            guint           run,
                                                            guint          *n_points);
guint                      ll_landscape_job_get_n_paths    (LlLandscapeJob *self);

G_END_DECLS
