/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-landscape-job.c: LlLandscapeJob on a small synthetic dataset,
 * headless: the grid is the true cost J computed directly in float64, the
 * paths are the runs' models projected, a cancelled request delivers
 * nothing, and a second request replaces the first. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "fixtures.h"
#include "fixtures-blobs.h"
#include "session/ll-landscape-job.h"

typedef struct {
  LlSharedDataset *dataset;
  LlRunStore *store;
  LlLandscapeJob *job;
  guint n_surfaces;        /* surface-changed with a surface */
  gint64 surface_at;       /* when the last came (monotonic) */
} Fixture;

static gboolean
record (const LlProgress *progress, guint n_runs, gpointer user_data)
{
  GPtrArray *runs = user_data;
  gsize n = GPOINTER_TO_SIZE (g_object_get_data (g_ptr_array_index (runs, 0), "n-features"));

  for (guint j = 0; j < n_runs; j++)
    {
      const LlProgress *p = &progress[j];
      LlRunPoint point = { p->iteration, p->cost, p->train_accuracy, p->test_accuracy, FALSE, 0 };
      g_autoptr(LlRunModel) model = ll_run_model_new (p->iteration, p->w, n, p->b,
                                                      NULL, 0, NULL, 0);

      ll_run_append_point (g_ptr_array_index (runs, j), &point, model);
    }
  return TRUE;
}

static void
on_surface_changed (LlLandscapeJob *job, Fixture *f)
{
  if (ll_landscape_job_get_surface (job) != NULL)
    {
      f->n_surfaces++;
      f->surface_at = g_get_monotonic_time ();
    }
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  static const double rates[] = { 2.0, 0.5, 0.05 };
  const LlTrainParams params = {
    .learning_rates = rates, .n_rates = G_N_ELEMENTS (rates), .iterations = 200,
    .record_every = 10, .want_snapshots = TRUE,
  };
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GError) error = NULL;
  LlTrainData train;

  f->dataset = ll_shared_dataset_new (ll_test_blobs_dataset (120, 40, 6, 7));
  train = ll_train_data_from_pixels (ll_shared_dataset_get (f->dataset));
  for (guint j = 0; j < G_N_ELEMENTS (rates); j++)
    g_ptr_array_add (runs, ll_run_new (rates[j], 200, 10));
  g_object_set_data (g_ptr_array_index (runs, 0), "n-features", GSIZE_TO_POINTER (train.n_features));
  models = ll_train (&train, &params, record, runs, &error);
  g_assert_no_error (error);
  f->store = ll_run_store_new ();
  ll_run_store_replace (f->store, f->dataset, runs);
  f->job = ll_landscape_job_new ();
  g_signal_connect (f->job, "surface-changed", G_CALLBACK (on_surface_changed), f);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->job);
  g_clear_object (&f->store);
  g_clear_pointer (&f->dataset, ll_shared_dataset_unref);
}

static gboolean
has_surface (gpointer data)
{
  Fixture *f = data;

  return f->n_surfaces > 0 && !ll_landscape_job_get_busy (f->job);
}

/* J at (w0, b0) + s d1 + t d2, straight from the features in float64. */
static double
direct_cost (const LlTrainData *train, const LlLandscapeSurface *surface, double s, double t)
{
  gsize n = train->n_features;
  double sum = 0;

  for (gsize i = 0; i < train->m_train; i++)
    {
      double z = surface->b0 + s * surface->d1[n] + t * surface->d2[n];

      for (gsize k = 0; k < n; k++)
        {
          double x = train->pixels_train != NULL
                     ? train->pixels_train[i * n + k] * train->pixel_scale
                     : train->X_train[i * n + k];

          z += x * (surface->w0[k] + s * surface->d1[k] + t * surface->d2[k]);
        }
      sum += (z > 0 ? z + log1p (exp (-z)) : log1p (exp (z))) - train->y_train[i] * z;
    }
  return sum / (double) train->m_train;
}

static void
test_grid (Fixture *f, gconstpointer data)
{
  const LlTrainData train = ll_train_data_from_pixels (ll_shared_dataset_get (f->dataset));
  LlLandscapeSurface *surface;
  guint n_points;

  ll_landscape_job_set_grid_size (f->job, 41);
  ll_landscape_job_set_store (f->job, f->store);
  ll_test_wait_for (has_surface, f);
  surface = ll_landscape_job_get_surface (f->job);
  g_assert_nonnull (surface);
  g_assert_true (surface->principal);
  g_assert_cmpfloat (surface->variance_share, >, 0.5);
  g_assert_cmpfloat (surface->variance_share, <=, 1.0);
  g_assert_cmpuint (surface->n_s, ==, 41);
  g_assert_cmpuint (surface->n_t, ==, 41);
  for (guint i = 0; i < surface->n_s; i += 8)
    for (guint j = 0; j < surface->n_t; j += 5)
      {
        double cost = surface->cost[i * surface->n_t + j];
        double direct = direct_cost (&train, surface, surface->s[i], surface->t[j]);

        g_assert_cmpfloat (fabs (cost - direct), <=, 1e-9 * fabs (direct));
        g_assert_cmpfloat (ll_landscape_job_cost_at (f->job, surface->s[i], surface->t[j]), ==, cost);
        g_assert_cmpfloat (cost, >=, surface->cost_lo);
        g_assert_cmpfloat (cost, <=, surface->cost_hi);
      }

  /* Each path: its run's record points with models, projected, on the grid. */
  g_assert_cmpuint (ll_landscape_job_get_n_paths (f->job), ==, 3);
  for (guint r = 0; r < 3; r++)
    {
      const LlLandscapePathPoint *path = ll_landscape_job_get_path (f->job, r, &n_points);
      LlRun *run = ll_run_store_get_run (f->store, r);

      g_assert_cmpuint (n_points, ==, 21);
      for (guint p = 0; p < n_points; p++)
        {
          LlRunModel *model = ll_run_get_model_at (run, path[p].iteration);
          gsize n = model->n_features;
          g_autofree double *point = g_new (double, n + 1);
          double s, t;

          memcpy (point, model->w, sizeof (double) * n);
          point[n] = model->b;
          ll_landscape_project (NULL, surface->d1, surface->d2, n + 1, point, &s, &t);
          g_assert_cmpfloat (fabs (s - path[p].s), <=, 1e-12 * (1 + fabs (s)));
          g_assert_cmpfloat (fabs (t - path[p].t), <=, 1e-12 * (1 + fabs (t)));
          g_assert_cmpfloat (path[p].s, >=, surface->s[0]);
          g_assert_cmpfloat (path[p].s, <=, surface->s[surface->n_s - 1]);
        }
      g_assert_cmpfloat (path[0].cost, ==, ll_run_get_point (run, 0)->cost);
    }

  /* Nothing changed: a plane check keeps the surface. */
  g_assert_cmpuint (f->n_surfaces, ==, 1);
}

/* Cancelled at once: its result is dropped; a new request delivers. */
static void
test_cancel (Fixture *f, gconstpointer data)
{
  ll_landscape_job_set_store (f->job, f->store);
  g_assert_true (ll_landscape_job_get_busy (f->job));
  ll_landscape_job_cancel (f->job);
  g_assert_false (ll_landscape_job_get_busy (f->job));
  ll_landscape_job_recompute (f->job);
  g_assert_true (ll_landscape_job_get_busy (f->job));
  ll_test_wait_for (has_surface, f);
  g_assert_cmpuint (f->n_surfaces, ==, 1);
}

/* A job dropped while its worker computes goes at once (the task holds it
 * weakly): its dispose cancels the worker, whose request (dataset and
 * models) goes with the task; nothing of it arrives afterwards (under
 * LeakSanitizer in tests/run-all, a leak of the request fails). */
static void
test_drop_while_computing (Fixture *f, gconstpointer data)
{
  LlLandscapeJob *job = f->job;

  ll_landscape_job_set_grid_size (job, LL_LANDSCAPE_JOB_MAX_GRID);
  ll_landscape_job_set_store (job, f->store);
  g_assert_true (ll_landscape_job_get_busy (job));
  g_object_add_weak_pointer (G_OBJECT (job), (gpointer *) &job);
  g_clear_object (&f->job);
  g_assert_null (job);

  /* A new job on the same store still works, and only its surface comes. */
  f->n_surfaces = 0;
  f->job = ll_landscape_job_new ();
  g_signal_connect (f->job, "surface-changed", G_CALLBACK (on_surface_changed), f);
  ll_landscape_job_set_grid_size (f->job, 9);
  ll_landscape_job_set_store (f->job, f->store);
  ll_test_wait_for (has_surface, f);
  g_assert_cmpuint (f->n_surfaces, ==, 1);
  g_assert_cmpuint (ll_landscape_job_get_surface (f->job)->n_s, ==, 9);
}

/* A second request (a new grid size) replaces the first: only its surface comes. */
static void
test_replace (Fixture *f, gconstpointer data)
{
  ll_landscape_job_set_store (f->job, f->store);
  ll_landscape_job_set_grid_size (f->job, 17);
  ll_test_wait_for (has_surface, f);
  g_assert_cmpuint (f->n_surfaces, ==, 1);
  g_assert_cmpuint (ll_landscape_job_get_surface (f->job)->n_s, ==, 17);

  /* A centre at a run's model: the surface goes through it. */
  ll_landscape_job_set_centre_run (f->job, 1);
  ll_test_wait_for (has_surface, f);
  {
    LlLandscapeSurface *surface = ll_landscape_job_get_surface (f->job);
    LlRunModel *model = ll_run_get_shown_model (ll_run_store_get_run (f->store, 1));

    g_assert_cmpuint (f->n_surfaces, ==, 2);
    g_assert_cmpfloat (surface->b0, ==, model->b);
    g_assert_cmpfloat (surface->w0[0], ==, model->w[0]);
  }
}

static gboolean
has_two_surfaces (gpointer data)
{
  Fixture *f = data;

  return f->n_surfaces == 2 && !ll_landscape_job_get_busy (f->job);
}

/* While the runs record, a record point that leaves the grid asks for a new
 * plane, but within a second of the last surface the check waits (busy,
 * nothing on the worker) and then comes: a new surface a second after the
 * last, the new point on its grid. */
static void
test_throttle (Fixture *f, gconstpointer data)
{
  LlRun *run = ll_run_store_get_run (f->store, 0);
  LlRunModel *last = ll_run_get_shown_model (run);
  g_autofree double *far = g_memdup2 (last->w, sizeof (double) * last->n_features);
  LlRunPoint point = *ll_run_get_point (run, ll_run_get_n_points (run) - 1);
  g_autoptr(LlRunModel) model = NULL;
  const LlLandscapePathPoint *path;
  LlLandscapeSurface *surface;
  gint64 first_at;
  guint n_points;

  ll_landscape_job_set_grid_size (f->job, 9);
  ll_landscape_job_set_store (f->job, f->store);
  ll_test_wait_for (has_surface, f);
  g_assert_cmpuint (f->n_surfaces, ==, 1);
  first_at = f->surface_at;

  /* A point far along the fastest run's own path, past the grid's end. */
  for (gsize k = 0; k < last->n_features; k++)
    far[k] *= 100;
  point.iteration += 10;
  model = ll_run_model_new (point.iteration, far, last->n_features, 100 * last->b, NULL, 0, NULL, 0);
  ll_run_append_point (run, &point, model);
  if (g_get_monotonic_time () - first_at < G_USEC_PER_SEC / 2)
    g_assert_true (ll_landscape_job_get_busy (f->job));
  g_assert_cmpuint (f->n_surfaces, ==, 1);
  ll_test_wait_for (has_two_surfaces, f);
  g_assert_cmpint (f->surface_at - first_at, >=, G_USEC_PER_SEC - 1000);
  surface = ll_landscape_job_get_surface (f->job);
  path = ll_landscape_job_get_path (f->job, 0, &n_points);
  g_assert_cmpuint (n_points, ==, 22);
  g_assert_cmpfloat (path[n_points - 1].s, <=, surface->s[surface->n_s - 1]);
  g_assert_cmpfloat (path[n_points - 1].s, >=, surface->s[0]);
  g_assert_cmpfloat (path[n_points - 1].t, <=, surface->t[surface->n_t - 1]);
  g_assert_cmpfloat (path[n_points - 1].t, >=, surface->t[0]);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/landscape-job/grid", Fixture, NULL, fixture_set_up, test_grid, fixture_tear_down);
  g_test_add ("/landscape-job/cancel", Fixture, NULL, fixture_set_up, test_cancel, fixture_tear_down);
  g_test_add ("/landscape-job/replace", Fixture, NULL, fixture_set_up, test_replace, fixture_tear_down);
  g_test_add ("/landscape-job/throttle", Fixture, NULL, fixture_set_up, test_throttle, fixture_tear_down);
  g_test_add ("/landscape-job/drop-while-computing", Fixture, NULL, fixture_set_up, test_drop_while_computing,
              fixture_tear_down);
  return g_test_run ();
}
