/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lab.c: the step's numbers against the seeds' vectors, a start other
 * than zero in the trainer, the sweep against single trainings, the
 * landscape's grid, directions and line against direct computation. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/data/dataset.h"
#include "core/train/landscape.h"
#include "core/train/model.h"
#include "core/train/step.h"
#include "core/train/sweep.h"
#include "core/train/trainer.h"

static void
assert_relative (double got, double want, double tolerance)
{
  if (!(fabs (got - want) <= tolerance * MAX (fabs (want), 1e-300)))
    g_error ("got %.17g, want %.17g (relative error %.3g > %.3g)",
             got, want, fabs (got - want) / fabs (want), tolerance);
}

static void
test_step_seeds (void)
{
  g_autoptr (LlDataset) dataset = ll_dataset_load ("builtin:propagate", 0, 0, NULL);
  g_autoptr (LlDataset) task = NULL;
  g_autoptr (LlStep) first = NULL, later = NULL;
  g_autoptr (GError) error = NULL;
  const double w[] = { 1, 2 };
  LlTrainData data;

  g_assert_nonnull (dataset);
  task = ll_dataset_into_binary (g_steal_pointer (&dataset), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (task->test.count, ==, 0);
  data = ll_train_data_from_pixels (task);
  g_assert_null (data.pixels_train);
  g_assert_nonnull (data.X_train);

  first = ll_step_compute (&data, w, 2, 0.009, 0, &error);
  g_assert_no_error (error);
  assert_relative (first->dw[0], 0.99845601, 1e-8);
  assert_relative (first->dw[1], 2.39507239, 1e-8);
  assert_relative (first->db, 0.00145557813678, 1e-11);
  assert_relative (first->cost, 5.801545319394553, 1e-12);
  assert_relative (first->z[0], 9, 1e-15);
  assert_relative (first->dz[1], first->a[1] - 0, 0);
  assert_relative (first->w_next[0], 1 - 0.009 * first->dw[0], 1e-15);

  later = ll_step_compute (&data, w, 2, 0.009, 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (later->iteration, ==, 100);
  assert_relative (later->w[0], 0.19033591, 1e-7);
  assert_relative (later->w[1], 0.12259159, 1e-7);
  assert_relative (later->b, 1.92535983, 1e-8);

  g_assert_null (ll_step_compute (&data, w, 2, -1, 0, &error));
  g_assert_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID);
}

/* The trainer from w = [1, 2], b = 2 lands where 100 seeds' steps do, in
 * primal form even when the dual is asked for. */
static void
test_trainer_initial_start (void)
{
  g_autoptr (LlDataset) task = ll_dataset_new_propagate_test ();
  LlTrainData data = ll_train_data_from_pixels (task);
  const double w[] = { 1, 2 }, rate = 0.009;
  g_autoptr (LlStep) step = ll_step_compute (&data, w, 2, rate, 100, NULL);

  for (LlTrainerForm form = LL_TRAINER_FORM_AUTO; form <= LL_TRAINER_FORM_DUAL; form++)
    {
      const LlTrainParams params = {
        .learning_rates = &rate, .n_rates = 1, .iterations = 100, .record_every = 50,
        .form = form, .initial_w = w, .initial_b = 2,
      };
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) models = ll_train (&data, &params, NULL, NULL, &error);
      const LlModel *model;

      g_assert_no_error (error);
      model = g_ptr_array_index (models, 0);
      assert_relative (model->w[0], step->w[0], 1e-12);
      assert_relative (model->w[1], step->w[1], 1e-12);
      assert_relative (model->b, step->b, 1e-12);
      assert_relative (model->costs[0].cost, 5.801545319394553, 1e-12);
      assert_relative (model->costs[model->n_costs - 1].cost, step->cost, 1e-12);
    }
}

/* A small separable pixel problem: m examples of n pixels. */
typedef struct {
  guint8 *pixels;
  guint8 *labels;
  LlTrainData data;
} Pixels;

static void
pixels_init (Pixels *p, gsize n, gsize m, guint seed)
{
  g_autoptr (GRand) rng = g_rand_new_with_seed (seed);

  p->pixels = g_new (guint8, n * m);
  p->labels = g_new (guint8, m);
  for (gsize i = 0; i < m; i++)
    {
      p->labels[i] = i % 2;
      for (gsize f = 0; f < n; f++)
        p->pixels[i * n + f] = (guint8) g_rand_int_range (rng, 0, 160) + (p->labels[i] && f < 3 ? 90 : 0);
    }
  p->data = (LlTrainData) {
    .n_features = n, .y_train = p->labels, .m_train = m, .y_test = p->labels, .m_test = m,
    .pixels_train = p->pixels, .pixels_test = p->pixels, .pixel_scale = 1 / 255.0,
  };
}

static void
pixels_clear (Pixels *p)
{
  g_free (p->pixels);
  g_free (p->labels);
}

static gboolean
count_progress (const LlSweepResult *results, guint done, guint n_total, gpointer user_data)
{
  guint *calls = user_data;

  g_assert_cmpuint (done, <=, n_total);
  g_assert_cmpfloat (results[done - 1].learning_rate, >, 0);
  return ++*calls < 100;
}

static gboolean
stop_at_once (const LlSweepResult *results, guint done, guint n_total, gpointer user_data)
{
  return FALSE;
}

static void
test_sweep (void)
{
  Pixels p;
  double rates[40];
  guint calls = 0;
  const LlSweepParams params = { .from = 1e-3, .to = 1e4, .count = 11, .iterations = 60, .batch = 4 };
  g_autoptr (GArray) results = NULL;
  g_autoptr (GError) error = NULL;

  ll_sweep_rates (1e-5, 10, 40, rates);
  g_assert_cmpfloat (rates[0], ==, 1e-5);
  g_assert_cmpfloat (rates[13], ==, 0.001);
  g_assert_cmpfloat (rates[39], ==, 10);
  for (guint i = 1; i < 40; i++)
    assert_relative (rates[i] / rates[i - 1], pow (1e6, 1 / 39.0), 1e-12);
  g_assert_true (ll_sweep_diverged (NAN));
  g_assert_true (ll_sweep_diverged (INFINITY));
  g_assert_true (ll_sweep_diverged (2 * G_LN2 * 1.0001));
  g_assert_false (ll_sweep_diverged (G_LN2 * 1.9));

  /* Few features and labels at random: not separable, so a too large
   * rate keeps overshooting instead of settling. */
  pixels_init (&p, 4, 60, 3);
  for (gsize i = 0; i < 60; i++)
    p.labels[i] = (i * 7 + i / 5) % 3 == 0;
  results = ll_sweep (&p.data, &params, count_progress, &calls, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 11);
  g_assert_cmpuint (calls, ==, 3);  /* batches of 4, 4, 3 */
  for (guint i = 0; i < results->len; i++)
    {
      const LlSweepResult *r = &g_array_index (results, LlSweepResult, i);
      const LlTrainParams single = {
        .learning_rates = &r->learning_rate, .n_rates = 1, .iterations = 60, .record_every = 60,
      };
      g_autoptr (GPtrArray) models = ll_train (&p.data, &single, NULL, NULL, NULL);
      const LlModel *model = g_ptr_array_index (models, 0);

      assert_relative (r->cost, model->costs[model->n_costs - 1].cost, 1e-12);
      g_assert_cmpfloat (r->train_accuracy, ==, model->train_accuracy);
      g_assert_cmpfloat (r->test_accuracy, ==, model->test_accuracy);
      g_assert_cmpint (r->diverged, ==, ll_sweep_diverged (r->cost));
    }
  /* The largest rates jump far past the start's cost on this data. */
  g_assert_true (g_array_index (results, LlSweepResult, 10).diverged);
  g_assert_false (g_array_index (results, LlSweepResult, 0).diverged);

  g_clear_pointer (&results, g_array_unref);
  results = ll_sweep (&p.data, &params, stop_at_once, NULL, &error);
  g_assert_null (results);
  g_assert_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_CANCELLED);
  g_clear_error (&error);
  {
    const gint cancel = 1;
    LlSweepParams cancelled = params;

    cancelled.cancel = &cancel;
    g_assert_null (ll_sweep (&p.data, &cancelled, NULL, NULL, &error));
    g_assert_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_CANCELLED);
    g_clear_error (&error);
  }
  {
    LlSweepParams bad = params;

    bad.to = bad.from / 2;
    g_assert_null (ll_sweep (&p.data, &bad, NULL, NULL, &error));
    g_assert_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID);
  }
  pixels_clear (&p);
}

/* J at (w, b) computed from scratch, features pixel / 255. */
static double
direct_cost (const Pixels *p, const double *w, double b)
{
  gsize n = p->data.n_features, m = p->data.m_train;
  double sum = 0;

  for (gsize i = 0; i < m; i++)
    {
      double z = b;

      for (gsize f = 0; f < n; f++)
        z += w[f] * (p->pixels[i * n + f] / 255.0);
      sum += ll_logistic_loss (z, p->labels[i]);
    }
  return sum / (double) m;
}

static void
test_landscape (void)
{
  Pixels p;
  gsize n = 20, m = 25, dim = n + 1, count = 12;
  g_autoptr (GRand) rng = g_rand_new_with_seed (9);
  g_autofree double *points = g_new (double, count * dim);
  g_autofree double *d1 = g_new (double, dim), *d2 = g_new (double, dim);
  g_autofree double *w0 = g_new (double, n), *w = g_new (double, n);
  double s[4] = { -1, 0, 0.5, 2 }, t[3] = { -0.5, 0, 1.5 }, cost[12], share;
  g_autoptr (LlLandscape) landscape = NULL;
  g_autoptr (GError) error = NULL;

  pixels_init (&p, n, m, 5);
  /* Points near a plane: a x + b y + small noise. */
  for (gsize k = 0; k < dim; k++)
    {
      d1[k] = g_rand_double_range (rng, -1, 1);
      d2[k] = g_rand_double_range (rng, -1, 1);
    }
  for (gsize q = 0; q < count; q++)
    {
      double a = g_rand_double_range (rng, -3, 3), c = g_rand_double_range (rng, -1, 1);

      for (gsize k = 0; k < dim; k++)
        points[q * dim + k] = a * d1[k] + c * d2[k] + 1e-3 * g_rand_double_range (rng, -1, 1);
    }
  g_assert_true (ll_landscape_principal_directions (points, count, dim, d1, d2, &share));
  g_assert_cmpfloat (share, >, 0.999);
  g_assert_cmpfloat (share, <=, 1);
  {
    double n1 = 0, n2 = 0, d12 = 0;

    for (gsize k = 0; k < dim; k++)
      {
        n1 += d1[k] * d1[k];
        n2 += d2[k] * d2[k];
        d12 += d1[k] * d2[k];
      }
    assert_relative (n1, 1, 1e-12);
    assert_relative (n2, 1, 1e-12);
    g_assert_cmpfloat (fabs (d12), <, 1e-12);
  }
  /* Collinear points: no plane. */
  for (gsize q = 0; q < count; q++)
    for (gsize k = 0; k < dim; k++)
      points[q * dim + k] = (double) q * d1[k];
  g_assert_false (ll_landscape_principal_directions (points, count, dim, w, w, NULL));

  for (gsize f = 0; f < n; f++)
    w0[f] = g_rand_double_range (rng, -0.2, 0.2);
  landscape = ll_landscape_new (&p.data, w0, 0.1, d1, d2, &error);
  g_assert_no_error (error);
  ll_landscape_grid (landscape, s, 4, t, 3, cost);
  for (gsize i = 0; i < 4; i++)
    for (gsize j = 0; j < 3; j++)
      {
        for (gsize f = 0; f < n; f++)
          w[f] = w0[f] + s[i] * d1[f] + t[j] * d2[f];
        assert_relative (cost[i * 3 + j], direct_cost (&p, w, 0.1 + s[i] * d1[n] + t[j] * d2[n]), 1e-12);
        assert_relative (ll_landscape_cost (landscape, s[i], t[j]), cost[i * 3 + j], 0);
      }

  /* Projection: the plane's own points come back. */
  {
    g_autofree double *point = g_new (double, dim), *origin = g_new0 (double, dim);
    double ps, pt;

    for (gsize k = 0; k < dim; k++)
      point[k] = origin[k] + 0.7 * d1[k] - 1.25 * d2[k];
    ll_landscape_project (origin, d1, d2, dim, point, &ps, &pt);
    assert_relative (ps, 0.7, 1e-12);
    assert_relative (pt, -1.25, 1e-12);
  }

  /* Orthonormalising gradients; parallel ones get a generic second direction. */
  for (gsize k = 0; k < dim; k++)
    d2[k] = 3 * d1[k];
  g_assert_true (ll_landscape_orthonormalise (d1, d2, dim));
  {
    double d12 = 0;

    for (gsize k = 0; k < dim; k++)
      d12 += d1[k] * d2[k];
    g_assert_cmpfloat (fabs (d12), <, 1e-12);
  }
  pixels_clear (&p);
}

static void
test_line (void)
{
  Pixels p;
  gsize n = 12, m = 40;
  g_autoptr (LlStep) step = NULL;
  double etas[31], costs[31], best_eta, best_cost, eta_max;

  pixels_init (&p, n, m, 11);
  step = ll_step_compute (&p.data, NULL, 0, 0.5, 3, NULL);
  eta_max = 3 * 0.5;
  ll_landscape_line (&p.data, step->w, step->b, step->dw, step->db, eta_max, 31,
                     etas, costs, &best_eta, &best_cost);
  g_assert_cmpfloat (etas[0], ==, 0);
  g_assert_cmpfloat (etas[30], ==, eta_max);
  assert_relative (costs[0], step->cost, 1e-12);
  /* eta = lr lands on the step's next cost. */
  {
    g_autoptr (LlStep) next = ll_step_compute (&p.data, NULL, 0, 0.5, 4, NULL);

    assert_relative (costs[10], next->cost, 1e-12);
  }
  /* The best eta beats every sample and a fine scan. */
  for (guint k = 0; k < 31; k++)
    g_assert_cmpfloat (best_cost, <=, costs[k]);
  for (guint k = 0; k <= 3000; k++)
    {
      double eta = eta_max * k / 3000.0;
      g_autofree double *w = g_new (double, n);

      for (gsize f = 0; f < n; f++)
        w[f] = step->w[f] - eta * step->dw[f];
      g_assert_cmpfloat (best_cost, <=, direct_cost (&p, w, step->b - eta * step->db) + 1e-14);
    }
  pixels_clear (&p);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lab/step-seeds", test_step_seeds);
  g_test_add_func ("/lab/trainer-initial-start", test_trainer_initial_start);
  g_test_add_func ("/lab/sweep", test_sweep);
  g_test_add_func ("/lab/landscape", test_landscape);
  g_test_add_func ("/lab/line", test_line);
  return g_test_run ();
}
