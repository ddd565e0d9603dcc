/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-landscape-job.c: see ll-landscape-job.h.
 *
 * One request at a time runs on a worker (a GTask); it takes references to
 * the runs' recorded models (immutable) and the dataset, so the store may
 * change under it. A request asked for while one runs waits (coalesced)
 * unless it must replace it (new runs, a new centre, recompute): then the
 * running one is cancelled and its result, if it still comes, is dropped. */
#include "config.h"

#include "ll-landscape-job.h"
#include "ll-worker-priority.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

/* The principal plane is kept while each new direction keeps at least this
 * share of its length squared in it (cos^2 of the angle: ~6 degrees). */
#define PLANE_TOLERANCE 0.99

/* While the runs record, a new surface at most once a second. The
 * principal plane of growing paths turns by more than the tolerance at
 * about every other record point, and each new surface is a grid of
 * m-point costs on a worker beside the trainer and a new map for the view
 * to draw (bench-stall: ten a run at full speed on Fashion-MNIST). A plane
 * up to a second old shows the paths as well, and stays honest: the paths
 * are projected on the plane shown and the readout reads the cost on it.
 * Only the plane checks that record points ask for wait; a new store,
 * centre, grid or Recompute go at once, and the last check always comes. */
#define SURFACE_INTERVAL_US G_USEC_PER_SEC

/* ---- the surface ---- */

static void
surface_clear (gpointer data)
{
  LlLandscapeSurface *surface = data;

  g_free (surface->d1);
  g_free (surface->d2);
  g_free (surface->w0);
  g_free (surface->s);
  g_free (surface->t);
  g_free (surface->cost);
  g_clear_pointer (&surface->landscape, ll_landscape_free);
}

LlLandscapeSurface *
ll_landscape_surface_ref (LlLandscapeSurface *surface)
{
  return g_atomic_rc_box_acquire (surface);
}

void
ll_landscape_surface_unref (LlLandscapeSurface *surface)
{
  g_atomic_rc_box_release_full (surface, surface_clear);
}

G_DEFINE_BOXED_TYPE (LlLandscapeSurface, ll_landscape_surface,
                     ll_landscape_surface_ref, ll_landscape_surface_unref)

/* ---- the job ---- */

typedef struct {
  GArray *points;          /* LlLandscapePathPoint */
  guint n_seen;            /* the run's points looked at so far */
} Path;

struct _LlLandscapeJob
{
  GObject parent_instance;

  LlRunStore *store;
  GSignalGroup *store_signals;
  guint grid_size;
  int centre_run;

  LlLandscapeSurface *surface;
  GArray *paths;           /* Path, one per run */

  GCancellable *cancellable;  /* of the running request, NULL when none */
  gboolean pending;           /* a plane check asked for while one ran */
  gboolean pending_forced;
  gint64 surface_time;        /* when the surface came (monotonic) */
  guint throttle_id;          /* a plane check waiting for SURFACE_INTERVAL_US */
};

G_DEFINE_FINAL_TYPE (LlLandscapeJob, ll_landscape_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_GRID_SIZE,
  PROP_CENTRE_RUN,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNAL_SURFACE_CHANGED,
  SIGNAL_PATH_CHANGED,
  SIGNAL_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void request (LlLandscapeJob *self, gboolean forced);

/* ---- the worker ---- */

typedef struct {
  LlSharedDataset *dataset;
  GPtrArray *models;        /* LlRunModel, every run's recorded ones */
  LlRunModel *centre;       /* or NULL: w = 0, b = 0 */
  LlLandscapeSurface *current;  /* the plane shown, or NULL */
  double largest_rate;
  guint grid_size;
  gboolean forced;
} Request;

static void
request_free (gpointer data)
{
  Request *req = data;

  g_clear_pointer (&req->dataset, ll_shared_dataset_unref);
  g_clear_pointer (&req->models, g_ptr_array_unref);
  g_clear_pointer (&req->centre, ll_run_model_unref);
  g_clear_pointer (&req->current, ll_landscape_surface_unref);
  g_free (req);
}

static double
dot (const double *x, const double *y, gsize n)
{
  double sum = 0;

  for (gsize k = 0; k < n; k++)
    sum += x[k] * y[k];
  return sum;
}

/* The share of the points' variance the plane D1, D2 holds, NAN when they have none. */
static double
plane_share (const double *points, gsize count, gsize dim, const double *d1, const double *d2)
{
  g_autofree double *mean = g_new0 (double, dim);
  g_autofree double *offset = g_new (double, dim);
  double total = 0, held = 0;

  if (count < 2)
    return NAN;
  for (gsize p = 0; p < count; p++)
    for (gsize k = 0; k < dim; k++)
      mean[k] += points[p * dim + k] / (double) count;
  for (gsize p = 0; p < count; p++)
    {
      double a, c;

      for (gsize k = 0; k < dim; k++)
        offset[k] = points[p * dim + k] - mean[k];
      a = dot (offset, d1, dim);
      c = dot (offset, d2, dim);
      total += dot (offset, offset, dim);
      held += a * a + c * c;
    }
  return total > 0 ? MIN (held / total, 1.0) : NAN;
}

/* Whether D1, D2 lie in CURRENT's plane within the tolerance. */
static gboolean
same_plane (const LlLandscapeSurface *current, const double *d1, const double *d2, gsize dim)
{
  const double *directions[] = { d1, d2 };

  for (guint i = 0; i < 2; i++)
    {
      double a = dot (directions[i], current->d1, dim), c = dot (directions[i], current->d2, dim);

      if (!(a * a + c * c >= PLANE_TOLERANCE))
        return FALSE;
    }
  return TRUE;
}

/* The point's (w, b) relative to ORIGIN projected: inside the grid of SURFACE? */
static gboolean
inside_grid (const LlLandscapeSurface *surface, double s, double t)
{
  return s >= surface->s[0] && s <= surface->s[surface->n_s - 1]
         && t >= surface->t[0] && t <= surface->t[surface->n_t - 1];
}

static void
compute_surface (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Request *req = task_data;
  const LlDataset *dataset = ll_shared_dataset_get (req->dataset);
  const LlTrainData data = ll_train_data_from_pixels (dataset);
  gsize n = data.n_features, dim = n + 1, count = 0;
  g_autofree double *points = g_new (double, MAX (req->models->len, 1) * dim);
  g_autoptr(LlLandscapeSurface) surface = NULL;
  g_autoptr(GError) error = NULL;
  double s_lo = 0, s_hi = 0, t_lo = 0, t_hi = 0;
  gboolean keep;

  for (guint p = 0; p < req->models->len; p++)
    {
      const LlRunModel *model = g_ptr_array_index (req->models, p);

      gboolean finite = model->w != NULL && model->n_features == n && isfinite (model->b);

      /* A diverged run's overflowing models are no place on a plane. */
      for (gsize k = 0; k < n && finite; k++)
        finite = isfinite (model->w[k]) && fabs (model->w[k]) < 1e150;
      if (!finite || fabs (model->b) >= 1e150)
        continue;
      memcpy (points + count * dim, model->w, sizeof (double) * n);
      points[count * dim + n] = model->b;
      count++;
    }

  surface = g_atomic_rc_box_new0 (LlLandscapeSurface);
  surface->n_features = n;
  surface->d1 = g_new0 (double, dim);
  surface->d2 = g_new0 (double, dim);
  surface->w0 = g_new0 (double, n);
  surface->principal = ll_landscape_principal_directions (points, count, dim, surface->d1,
                                                          surface->d2, &surface->variance_share);
  if (!surface->principal)
    {
      if (!ll_landscape_gradient_directions (&data, req->largest_rate, surface->d1, surface->d2,
                                             &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      surface->variance_share = plane_share (points, count, dim, surface->d1, surface->d2);
    }
  if (req->centre != NULL && req->centre->w != NULL && req->centre->n_features == n)
    {
      memcpy (surface->w0, req->centre->w, sizeof (double) * n);
      surface->b0 = req->centre->b;
    }

  /* Keep the plane shown when the new one is (nearly) the same and every
   * point is still on its grid: only the share may have changed. */
  keep = !req->forced && req->current != NULL && req->current->n_features == n
         && req->current->principal == surface->principal
         && memcmp (req->current->w0, surface->w0, sizeof (double) * n) == 0
         && req->current->b0 == surface->b0
         && same_plane (req->current, surface->d1, surface->d2, dim);
  if (keep)
    {
      g_autofree double *origin = g_new (double, dim);

      memcpy (origin, surface->w0, sizeof (double) * n);
      origin[n] = surface->b0;
      for (gsize p = 0; p < count && keep; p++)
        {
          double s, t;

          ll_landscape_project (origin, req->current->d1, req->current->d2, dim,
                                points + p * dim, &s, &t);
          keep = inside_grid (req->current, s, t);
        }
    }
  if (keep)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* Same orientation as the plane shown, so the figure does not flip. */
  if (req->current != NULL && req->current->n_features == n)
    {
      if (dot (surface->d1, req->current->d1, dim) < 0)
        for (gsize k = 0; k < dim; k++)
          surface->d1[k] = -surface->d1[k];
      if (dot (surface->d2, req->current->d2, dim) < 0)
        for (gsize k = 0; k < dim; k++)
          surface->d2[k] = -surface->d2[k];
    }

  {
    g_autofree double *origin = g_new (double, dim);

    memcpy (origin, surface->w0, sizeof (double) * n);
    origin[n] = surface->b0;
    for (gsize p = 0; p < count; p++)
      {
        double s, t;

        ll_landscape_project (origin, surface->d1, surface->d2, dim, points + p * dim, &s, &t);
        if (!isfinite (s) || !isfinite (t))
          continue;
        s_lo = MIN (s_lo, s);
        s_hi = MAX (s_hi, s);
        t_lo = MIN (t_lo, t);
        t_hi = MAX (t_hi, t);
      }
  }

  {
    g_autofree double *zero = g_new0 (double, dim);

    surface->share_d1 = plane_share (points, count, dim, surface->d1, zero);
    surface->share_d2 = plane_share (points, count, dim, surface->d2, zero);
  }
  surface->landscape = ll_landscape_new (&data, surface->w0, surface->b0, surface->d1,
                                         surface->d2, &error);
  if (surface->landscape == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  surface->n_s = surface->n_t = req->grid_size;
  surface->s = g_new (double, surface->n_s);
  surface->t = g_new (double, surface->n_t);
  surface->cost = g_new (double, (gsize) surface->n_s * surface->n_t);
  ll_landscape_grid_axis (s_lo, s_hi, surface->n_s, surface->s);
  ll_landscape_grid_axis (t_lo, t_hi, surface->n_t, surface->t);
  surface->cost_lo = INFINITY;
  surface->cost_hi = -INFINITY;
  for (guint i = 0; i < surface->n_s; i++)
    {
      double *row = surface->cost + (gsize) i * surface->n_t;

      if (g_task_return_error_if_cancelled (task))
        return;
      ll_landscape_grid (surface->landscape, surface->s + i, 1, surface->t, surface->n_t, row);
      for (guint j = 0; j < surface->n_t; j++)
        if (isfinite (row[j]))
          {
            surface->cost_lo = MIN (surface->cost_lo, row[j]);
            surface->cost_hi = MAX (surface->cost_hi, row[j]);
          }
    }
  g_task_return_pointer (task, g_steal_pointer (&surface), (GDestroyNotify) ll_landscape_surface_unref);
}

static void
landscape_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  LlWorkerPriority priority;

  ll_worker_priority_lower (&priority);
  compute_surface (task, source_object, task_data, cancellable);
  ll_worker_priority_restore (&priority);
}

/* ---- paths, on the job's thread ---- */

static void
path_clear (gpointer data)
{
  Path *path = data;

  g_clear_pointer (&path->points, g_array_unref);
}

/* Projects RUN's record points from PATH->n_seen on (all when AGAIN).
 * TRUE when one falls outside the grid. */
static gboolean
project_run (LlLandscapeJob *self, LlRun *run, Path *path, gboolean again)
{
  LlLandscapeSurface *surface = self->surface;
  gsize n, dim;
  g_autofree double *origin = NULL, *point = NULL;
  guint n_points = ll_run_get_n_points (run);
  gboolean outside = FALSE;

  if (again)
    {
      g_array_set_size (path->points, 0);
      path->n_seen = 0;
    }
  if (surface == NULL)
    return FALSE;
  n = surface->n_features;
  dim = n + 1;
  origin = g_new (double, dim);
  point = g_new (double, dim);
  memcpy (origin, surface->w0, sizeof (double) * n);
  origin[n] = surface->b0;
  for (; path->n_seen < n_points; path->n_seen++)
    {
      const LlRunPoint *record = ll_run_get_point (run, path->n_seen);
      LlRunModel *model = ll_run_get_model_at (run, record->iteration);
      LlLandscapePathPoint projected = { record->iteration, 0, 0, record->cost };

      /* Cost points between record points have no model of their own. */
      if (model == NULL || model->iteration != record->iteration || model->w == NULL
          || model->n_features != n)
        continue;
      memcpy (point, model->w, sizeof (double) * n);
      point[n] = model->b;
      ll_landscape_project (origin, surface->d1, surface->d2, dim, point, &projected.s, &projected.t);
      if (!isfinite (projected.s) || !isfinite (projected.t))
        continue;
      outside |= !inside_grid (surface, projected.s, projected.t);
      g_array_append_val (path->points, projected);
    }
  return outside;
}

static void
reset_paths (LlLandscapeJob *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;

  g_array_set_size (self->paths, 0);
  for (guint i = 0; i < n_runs; i++)
    {
      Path path = { g_array_new (FALSE, FALSE, sizeof (LlLandscapePathPoint)), 0 };

      g_array_append_val (self->paths, path);
    }
}

/* The task holds the job weakly (USER_DATA, a GWeakRef): a job dropped
 * mid-compute is disposed at once, which cancels its worker, and the
 * request's data go with the task. */
static void
on_request_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(LlLandscapeJob) self = g_weak_ref_get (weak);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(LlLandscapeSurface) surface = g_task_propagate_pointer (G_TASK (result), &error);

  g_weak_ref_clear (weak);
  g_free (weak);
  /* Dropped, or a replaced request: the one that replaced it is running. */
  if (self == NULL || cancellable != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
  if (surface != NULL)
    {
      g_clear_pointer (&self->surface, ll_landscape_surface_unref);
      self->surface = g_steal_pointer (&surface);
      self->surface_time = g_get_monotonic_time ();
      for (guint i = 0; i < self->paths->len && self->store != NULL; i++)
        project_run (self, ll_run_store_get_run (self->store, i),
                     &g_array_index (self->paths, Path, i), TRUE);
      g_signal_emit (self, signals[SIGNAL_SURFACE_CHANGED], 0);
    }
  if (self->pending)
    {
      gboolean forced = self->pending_forced;

      self->pending = self->pending_forced = FALSE;
      request (self, forced);
    }
}

static void
on_throttle_done (gpointer data)
{
  LlLandscapeJob *self = data;

  self->throttle_id = 0;
  request (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Drops a plane check waiting for its time (a request that replaces it comes). */
static void
clear_throttle (LlLandscapeJob *self)
{
  g_clear_handle_id (&self->throttle_id, g_source_remove);
}

/* Starts a plane check (FORCED: a new plane whatever it is), or marks one
 * to follow the running one, or (not FORCED, within SURFACE_INTERVAL_US of
 * the last surface) makes one wait for its time. */
static void
request (LlLandscapeJob *self, gboolean forced)
{
  LlSharedDataset *dataset = self->store != NULL ? ll_run_store_get_dataset (self->store) : NULL;
  g_autoptr(GTask) task = NULL;
  Request *req;
  GWeakRef *weak;
  guint n_runs;
  gint64 wait;

  if (dataset == NULL)
    return;
  if (forced)
    clear_throttle (self);
  else if (self->throttle_id != 0)
    return;
  else if (self->surface != NULL
           && (wait = self->surface_time + SURFACE_INTERVAL_US - g_get_monotonic_time ()) > 0)
    {
      self->throttle_id = g_timeout_add_once ((guint) ((wait + 999) / 1000), on_throttle_done, self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
      return;
    }
  if (self->cancellable != NULL)
    {
      self->pending = TRUE;
      self->pending_forced |= forced;
      return;
    }
  n_runs = ll_run_store_get_n_runs (self->store);
  req = g_new0 (Request, 1);
  req->dataset = ll_shared_dataset_ref (dataset);
  req->models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_run_model_unref);
  req->grid_size = self->grid_size;
  req->forced = forced;
  req->current = self->surface != NULL ? ll_landscape_surface_ref (self->surface) : NULL;
  for (guint i = 0; i < n_runs; i++)
    {
      LlRun *run = ll_run_store_get_run (self->store, i);
      guint n_points = ll_run_get_n_points (run);

      req->largest_rate = MAX (req->largest_rate, ll_run_get_learning_rate (run));
      for (guint p = 0; p < n_points; p++)
        {
          const LlRunPoint *record = ll_run_get_point (run, p);
          LlRunModel *model = ll_run_get_model_at (run, record->iteration);

          if (model != NULL && model->iteration == record->iteration)
            g_ptr_array_add (req->models, ll_run_model_ref (model));
        }
      if ((int) i == self->centre_run && ll_run_get_shown_model (run) != NULL)
        req->centre = ll_run_model_ref (ll_run_get_shown_model (run));
    }
  if (!(req->largest_rate > 0))
    req->largest_rate = 0.01;

  self->cancellable = g_cancellable_new ();
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, self->cancellable, on_request_done, weak);
  g_task_set_source_tag (task, request);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_set_task_data (task, req, request_free);
  g_task_run_in_thread (task, landscape_thread);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Drops the running request so a new one replaces it. */
static void
replace (LlLandscapeJob *self)
{
  if (self->cancellable != NULL)
    {
      g_cancellable_cancel (self->cancellable);
      g_clear_object (&self->cancellable);
      self->pending = self->pending_forced = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  request (self, TRUE);
}

/* ---- following the store ---- */

static void
on_store_items_changed (LlLandscapeJob *self)
{
  reset_paths (self);
  for (guint i = 0; i < self->paths->len; i++)
    project_run (self, ll_run_store_get_run (self->store, i),
                 &g_array_index (self->paths, Path, i), TRUE);
  g_signal_emit (self, signals[SIGNAL_SURFACE_CHANGED], 0);
  replace (self);
}

static void
on_store_run_updated (LlLandscapeJob *self, guint position, LlRun *run)
{
  Path *path;
  guint before;

  if (position >= self->paths->len)
    return;
  path = &g_array_index (self->paths, Path, position);
  before = path->points->len;
  project_run (self, run, path, FALSE);
  if (path->points->len != before)
    g_signal_emit (self, signals[SIGNAL_PATH_CHANGED], 0, position);
  /* The plane may have turned, or the path left the grid: the worker
   * checks (and waits for the one running). */
  if (path->points->len != before || self->surface == NULL)
    request (self, FALSE);
}

static void
on_store_dataset (LlLandscapeJob *self)
{
  g_clear_pointer (&self->surface, ll_landscape_surface_unref);
}

void
ll_landscape_job_set_store (LlLandscapeJob *self,
                            LlRunStore     *store)
{
  g_return_if_fail (LL_IS_LANDSCAPE_JOB (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_store_dataset (self);
  on_store_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_landscape_job_get_store (LlLandscapeJob *self)
{
  g_return_val_if_fail (LL_IS_LANDSCAPE_JOB (self), NULL);
  return self->store;
}

void
ll_landscape_job_set_grid_size (LlLandscapeJob *self,
                                guint           grid_size)
{
  g_return_if_fail (LL_IS_LANDSCAPE_JOB (self));

  grid_size = CLAMP (grid_size, 2, LL_LANDSCAPE_JOB_MAX_GRID);
  if (self->grid_size == grid_size)
    return;
  self->grid_size = grid_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GRID_SIZE]);
  replace (self);
}

void
ll_landscape_job_set_centre_run (LlLandscapeJob *self,
                                 int             run)
{
  g_return_if_fail (LL_IS_LANDSCAPE_JOB (self));

  run = MAX (run, -1);
  if (self->centre_run == run)
    return;
  self->centre_run = run;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CENTRE_RUN]);
  replace (self);
}

int
ll_landscape_job_get_centre_run (LlLandscapeJob *self)
{
  g_return_val_if_fail (LL_IS_LANDSCAPE_JOB (self), -1);
  return self->centre_run;
}

gboolean
ll_landscape_job_get_busy (LlLandscapeJob *self)
{
  g_return_val_if_fail (LL_IS_LANDSCAPE_JOB (self), FALSE);
  return self->cancellable != NULL || self->throttle_id != 0;
}

void
ll_landscape_job_recompute (LlLandscapeJob *self)
{
  g_return_if_fail (LL_IS_LANDSCAPE_JOB (self));
  replace (self);
}

void
ll_landscape_job_cancel (LlLandscapeJob *self)
{
  g_return_if_fail (LL_IS_LANDSCAPE_JOB (self));

  self->pending = self->pending_forced = FALSE;
  if (self->throttle_id != 0)
    {
      clear_throttle (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

LlLandscapeSurface *
ll_landscape_job_get_surface (LlLandscapeJob *self)
{
  g_return_val_if_fail (LL_IS_LANDSCAPE_JOB (self), NULL);
  return self->surface;
}

double
ll_landscape_job_cost_at (LlLandscapeJob *self,
                          double          s,
                          double          t)
{
  g_return_val_if_fail (LL_IS_LANDSCAPE_JOB (self), NAN);
  return self->surface != NULL ? ll_landscape_cost (self->surface->landscape, s, t) : NAN;
}

const LlLandscapePathPoint *
ll_landscape_job_get_path (LlLandscapeJob *self,
                           guint           run,
                           guint          *n_points)
{
  Path *path;

  g_return_val_if_fail (LL_IS_LANDSCAPE_JOB (self), NULL);
  *n_points = 0;
  if (run >= self->paths->len)
    return NULL;
  path = &g_array_index (self->paths, Path, run);
  *n_points = path->points->len;
  return path->points->len > 0 ? (const LlLandscapePathPoint *) path->points->data : NULL;
}

guint
ll_landscape_job_get_n_paths (LlLandscapeJob *self)
{
  g_return_val_if_fail (LL_IS_LANDSCAPE_JOB (self), 0);
  return self->paths->len;
}

/* ---- GObject ---- */

LlLandscapeJob *
ll_landscape_job_new (void)
{
  return g_object_new (LL_TYPE_LANDSCAPE_JOB, NULL);
}

static void
ll_landscape_job_dispose (GObject *object)
{
  LlLandscapeJob *self = LL_LANDSCAPE_JOB (object);

  ll_landscape_job_cancel (self);
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ll_landscape_job_parent_class)->dispose (object);
}

static void
ll_landscape_job_finalize (GObject *object)
{
  LlLandscapeJob *self = LL_LANDSCAPE_JOB (object);

  g_clear_pointer (&self->surface, ll_landscape_surface_unref);
  g_clear_pointer (&self->paths, g_array_unref);
  G_OBJECT_CLASS (ll_landscape_job_parent_class)->finalize (object);
}

static void
ll_landscape_job_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LlLandscapeJob *self = LL_LANDSCAPE_JOB (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_GRID_SIZE:
      g_value_set_uint (value, self->grid_size);
      break;
    case PROP_CENTRE_RUN:
      g_value_set_int (value, self->centre_run);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, ll_landscape_job_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_landscape_job_set_property (GObject *object, guint prop_id, const GValue *value,
                               GParamSpec *pspec)
{
  LlLandscapeJob *self = LL_LANDSCAPE_JOB (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ll_landscape_job_set_store (self, g_value_get_object (value));
      break;
    case PROP_GRID_SIZE:
      ll_landscape_job_set_grid_size (self, g_value_get_uint (value));
      break;
    case PROP_CENTRE_RUN:
      ll_landscape_job_set_centre_run (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_landscape_job_class_init (LlLandscapeJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_landscape_job_dispose;
  object_class->finalize = ll_landscape_job_finalize;
  object_class->get_property = ll_landscape_job_get_property;
  object_class->set_property = ll_landscape_job_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_GRID_SIZE] =
    g_param_spec_uint ("grid-size", NULL, NULL, 2, LL_LANDSCAPE_JOB_MAX_GRID,
                       LL_LANDSCAPE_JOB_DEFAULT_GRID,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CENTRE_RUN] =
    g_param_spec_int ("centre-run", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_SURFACE_CHANGED] =
    g_signal_new ("surface-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_PATH_CHANGED] =
    g_signal_new ("path-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ll_landscape_job_init (LlLandscapeJob *self)
{
  self->grid_size = LL_LANDSCAPE_JOB_DEFAULT_GRID;
  self->centre_run = -1;
  self->paths = g_array_new (FALSE, TRUE, sizeof (Path));
  g_array_set_clear_func (self->paths, path_clear);
  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_swapped (self->store_signals, "items-changed",
                                  G_CALLBACK (on_store_items_changed), self);
  g_signal_group_connect_swapped (self->store_signals, "run-updated",
                                  G_CALLBACK (on_store_run_updated), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::dataset",
                                  G_CALLBACK (on_store_dataset), self);
}
