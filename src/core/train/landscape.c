/* SPDX-License-Identifier: GPL-3.0-or-later */
/* landscape.c: cost on a plane and along a line, O(m) a point after one pass. */
#include "config.h"

#include "landscape.h"
#include "curvature.h"
#include "features-private.h"
#include "step.h"
#include "vmath.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

struct _LlLandscape {
  gsize m;
  double *y;   /* m labels as float64 */
  double *z0;  /* m */
  double *u;   /* m */
  double *v;   /* m */
};

/* mean(log(1 + e^z) - y z) = mean(max(z, 0) - y z + log1p(e^-|z|)) for
 * labels 0 and 1, fast enough for 40 000 grid points of m terms: the
 * exponentials vectorised (ll_vexp), and instead of a libm log1p per term
 * (~15 ns) the terms with e^-|z| >= 2^-10 are multiplied (each factor
 * 1 + e <= 2, so a log every 900 factors never overflows) and the smaller
 * ones summed by their series to x^5. Every term is >= 0, so no
 * cancellation: relative error ~1e-13, against 1e-9 asked (unless every
 * term is below 1e-300). E: m scratch. */
static double
mean_loss (const double *z,
           const double *y,
           gsize         m,
           double       *e)
{
  double linear = 0, small = 0, logs = 0, product = 1;

  /* Past 700 the term e^-|z| < 1e-304 is lost beside any other and the
   * exponential leaves its vector path: clamped. */
  for (gsize i = 0; i < m; i++)
    e[i] = -MIN (fabs (z[i]), 700.0);
  ll_vexp (e, e, m);
  for (gsize i = 0; i < m; i++)
    {
      double x = e[i];

      linear += MAX (z[i], 0) - y[i] * z[i];
      if (x < 0x1p-10)
        small += x * (1 - x * (0.5 - x * (1.0 / 3 - x * (0.25 - x * 0.2))));
      else
        {
          product *= 1 + x;
          if (product > 0x1p900)
            {
              logs += log (product);
              product = 1;
            }
        }
    }
  return (linear + small + logs + log (product)) / (double) m;
}

void
ll_landscape_free (LlLandscape *landscape)
{
  if (landscape == NULL)
    return;
  g_free (landscape->y);
  g_free (landscape->z0);
  g_free (landscape->u);
  g_free (landscape->v);
  g_free (landscape);
}

LlLandscape *
ll_landscape_new (const LlTrainData  *data,
                  const double       *w0,
                  double              b0,
                  const double       *d1,
                  const double       *d2,
                  GError            **error)
{
  LlLandscape *landscape;
  gsize n, m;

  g_return_val_if_fail (data != NULL && d1 != NULL && d2 != NULL, NULL);
  n = data->n_features;
  m = data->m_train;
  if (n < 1 || m < 1 || data->y_train == NULL
      || (data->X_train == NULL && data->pixels_train == NULL))
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("the training set is empty"));
      return NULL;
    }
  landscape = g_new0 (LlLandscape, 1);
  landscape->m = m;
  landscape->y = g_new (double, m);
  landscape->z0 = g_new (double, m);
  landscape->u = g_new (double, m);
  landscape->v = g_new (double, m);
  for (gsize i = 0; i < m; i++)
    landscape->y[i] = data->y_train[i];
  if (w0 != NULL)
    ll_features_scores (data, w0, b0, landscape->z0);
  else
    for (gsize i = 0; i < m; i++)
      landscape->z0[i] = b0;
  ll_features_scores (data, d1, d1[n], landscape->u);
  ll_features_scores (data, d2, d2[n], landscape->v);
  return landscape;
}

/* Z and E: m scratch each. */
static double
cost_with (const LlLandscape *landscape,
           double             s,
           double             t,
           double            *z,
           double            *e)
{
  for (gsize i = 0; i < landscape->m; i++)
    z[i] = landscape->z0[i] + s * landscape->u[i] + t * landscape->v[i];
  return mean_loss (z, landscape->y, landscape->m, e);
}

double
ll_landscape_cost (const LlLandscape *landscape,
                   double             s,
                   double             t)
{
  g_autofree double *z = g_new (double, landscape->m);
  g_autofree double *e = g_new (double, landscape->m);

  return cost_with (landscape, s, t, z, e);
}

void
ll_landscape_grid (const LlLandscape *landscape,
                   const double      *s,
                   gsize              n_s,
                   const double      *t,
                   gsize              n_t,
                   double            *cost)
{
  g_autofree double *z = g_new (double, landscape->m);
  g_autofree double *e = g_new (double, landscape->m);

  for (gsize i = 0; i < n_s; i++)
    for (gsize j = 0; j < n_t; j++)
      cost[i * n_t + j] = cost_with (landscape, s[i], t[j], z, e);
}

static double
vdot (const double *x, const double *y, gsize n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += x[i] * y[i];
  return sum;
}

static gboolean
normalise (double *x, gsize n)
{
  double norm = sqrt (vdot (x, x, n));

  if (!(norm > 0 && isfinite (norm)))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    x[i] /= norm;
  return TRUE;
}

gboolean
ll_landscape_principal_directions (const double *points,
                                   gsize         count,
                                   gsize         dim,
                                   double       *d1,
                                   double       *d2,
                                   double       *variance_share)
{
  g_autofree double *centred = NULL, *gram = NULL, *values = NULL, *vectors = NULL;
  g_autofree double *mean = NULL, *e1 = NULL, *e2 = NULL;
  double total = 0;

  if (count < 3 || dim < 2)
    return FALSE;
  mean = g_new0 (double, dim);
  centred = g_new (double, count * dim);
  for (gsize p = 0; p < count; p++)
    for (gsize k = 0; k < dim; k++)
      mean[k] += points[p * dim + k] / (double) count;
  for (gsize p = 0; p < count; p++)
    for (gsize k = 0; k < dim; k++)
      centred[p * dim + k] = points[p * dim + k] - mean[k];

  /* The eigenvectors e of P P^T (count x count) give those of P^T P as
   * P^T e, with the same eigenvalues: a few dozen points, not n + 1 squared. */
  gram = g_new (double, count * count);
  values = g_new (double, count);
  vectors = g_new (double, count * count);
  for (gsize p = 0; p < count; p++)
    for (gsize q = 0; q <= p; q++)
      gram[p + q * count] = gram[q + p * count]
        = vdot (centred + p * dim, centred + q * dim, dim);
  ll_symmetric_eigen (gram, count, values, vectors);
  for (gsize p = 0; p < count; p++)
    total += MAX (values[p], 0);
  if (!(values[1] > 1e-12 * values[0] && total > 0))
    return FALSE;

  e1 = g_new0 (double, dim);
  e2 = g_new0 (double, dim);
  for (gsize p = 0; p < count; p++)
    for (gsize k = 0; k < dim; k++)
      {
        e1[k] += vectors[p] * centred[p * dim + k];
        e2[k] += vectors[p + count] * centred[p * dim + k];
      }
  if (!normalise (e1, dim) || !normalise (e2, dim))
    return FALSE;
  memcpy (d1, e1, sizeof (double) * dim);
  memcpy (d2, e2, sizeof (double) * dim);
  if (variance_share != NULL)
    *variance_share = MIN ((values[0] + values[1]) / total, 1.0);
  return TRUE;
}

gboolean
ll_landscape_orthonormalise (double *d1,
                             double *d2,
                             gsize   dim)
{
  double projection;

  if (!normalise (d1, dim))
    return FALSE;
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      double norm_before = sqrt (vdot (d2, d2, dim));

      projection = vdot (d1, d2, dim);
      for (gsize k = 0; k < dim; k++)
        d2[k] -= projection * d1[k];
      if (isfinite (norm_before) && sqrt (vdot (d2, d2, dim)) > 1e-8 * norm_before
          && normalise (d2, dim))
        return TRUE;
      /* Parallel or zero: a fixed direction with a component off d1. */
      for (gsize k = 0; k < dim; k++)
        d2[k] = (k % 2 == 0 ? 1.0 : -1.0) * (1 + 0.25 * fmod ((double) k * 0.7548776662, 1.0));
    }
  return FALSE;
}

void
ll_landscape_project (const double *origin,
                      const double *d1,
                      const double *d2,
                      gsize         dim,
                      const double *point,
                      double       *s,
                      double       *t)
{
  double a = 0, c = 0;

  for (gsize k = 0; k < dim; k++)
    {
      double offset = point[k] - (origin != NULL ? origin[k] : 0);

      a += offset * d1[k];
      c += offset * d2[k];
    }
  *s = a;
  *t = c;
}

typedef struct {
  const double *z;
  const double *g;
  const double *y;
  double *scratch;
  gsize m;
} Line;

static double
line_cost (const Line *line, double eta)
{
  for (gsize i = 0; i < line->m; i++)
    line->scratch[i] = line->z[i] - eta * line->g[i];
  return ll_vlogistic_loss_sum (line->scratch, line->y, line->m) / (double) line->m;
}

void
ll_landscape_line (const LlTrainData *data,
                   const double      *w,
                   double             b,
                   const double      *dw,
                   double             db,
                   double             eta_max,
                   gsize              count,
                   double            *etas,
                   double            *costs,
                   double            *best_eta,
                   double            *best_cost)
{
  gsize m = data->m_train, best = 0;
  g_autofree double *z = g_new (double, m);
  g_autofree double *g = g_new (double, m);
  g_autofree double *y = g_new (double, m);
  g_autofree double *scratch = g_new (double, m);
  Line line = { z, g, y, scratch, m };
  double lo, hi;
  const double golden = 0.6180339887498949;

  g_return_if_fail (count >= 2);
  for (gsize i = 0; i < m; i++)
    y[i] = data->y_train[i];
  ll_features_scores (data, w, b, z);
  ll_features_scores (data, dw, db, g);
  for (gsize k = 0; k < count; k++)
    {
      etas[k] = eta_max * (double) k / (double) (count - 1);
      costs[k] = line_cost (&line, etas[k]);
      if (costs[k] < costs[best])
        best = k;
    }
  /* Convex along the line: the minimum lies between the best sample's neighbours. */
  lo = etas[best > 0 ? best - 1 : 0];
  hi = etas[best + 1 < count ? best + 1 : count - 1];
  for (guint i = 0; i < 100 && hi - lo > 1e-12 * MAX (hi, 1e-300); i++)
    {
      double a = hi - golden * (hi - lo), c = lo + golden * (hi - lo);

      if (line_cost (&line, a) <= line_cost (&line, c))
        hi = c;
      else
        lo = a;
    }
  *best_eta = 0.5 * (lo + hi);
  *best_cost = line_cost (&line, *best_eta);
  if (costs[best] < *best_cost)
    {
      *best_eta = etas[best];
      *best_cost = costs[best];
    }
}

gboolean
ll_landscape_gradient_directions (const LlTrainData *data,
                                  double             rate,
                                  double            *d1,
                                  double            *d2,
                                  GError           **error)
{
  gsize dim = data->n_features + 1;
  g_autoptr (LlStep) first = ll_step_compute (data, NULL, 0, rate, 1, error);
  g_autoptr (LlStep) start = first != NULL ? ll_step_compute (data, NULL, 0, rate, 0, error) : NULL;

  if (start == NULL)
    return FALSE;
  memcpy (d1, start->dw, sizeof (double) * (dim - 1));
  d1[dim - 1] = start->db;
  memcpy (d2, first->dw, sizeof (double) * (dim - 1));
  d2[dim - 1] = first->db;
  if (!ll_landscape_orthonormalise (d1, d2, dim))
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("the gradient at the start is zero: there is no plane to show"));
      return FALSE;
    }
  return TRUE;
}

void
ll_landscape_grid_axis (double  lo,
                        double  hi,
                        guint   count,
                        double *axis)
{
  double margin = 0.15 * (hi - lo);

  if (!(hi - lo > 0))
    margin = MAX (fabs (hi), 1.0) * 0.5;
  lo -= margin;
  hi += margin;
  for (guint i = 0; i < count; i++)
    axis[i] = lo + (hi - lo) * (double) i / (double) (count - 1);
}
