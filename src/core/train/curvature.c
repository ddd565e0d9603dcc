/* SPDX-License-Identifier: GPL-3.0-or-later */
/* curvature.c: the largest eigenvalue of the cost's Hessian (Lanczos on the
 * smaller side), and the dense Jacobi solver for its small tridiagonal. */
#include "config.h"

#include "curvature.h"
#include "core/data/big-buffer.h"
#include "blas-private.h"
#include "features-private.h"
#include "kernels-u8.h"
#include "model.h"

#include <float.h>
#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

/* The Gram side costs m^2 doubles: past this many examples the Hessian is
 * applied matrix-free instead. */
#define GRAM_SIDE_MAX_EXAMPLES 4096
#define JACOBI_MAX_SWEEPS 60
/* Lanczos keeps every basis vector: at most this many a run (the top
 * eigenvalue converges in a few dozen); past it, callers restart from the
 * Ritz vector. */
#define LANCZOS_MAX_STEPS 300
#define CURVATURE_MAX_RESTARTS 20

static double
dot (const double *x, const double *y, gsize n)
{
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += x[i] * y[i];
  return sum;
}

static void
axpy (double alpha, const double *x, double *y, gsize n)
{
  for (gsize i = 0; i < n; i++)
    y[i] += alpha * x[i];
}

void
ll_symmetric_eigen (double *A,
                    gsize   n,
                    double *values,
                    double *vectors)
{
  g_autofree gsize *order = g_new (gsize, MAX (n, 1));
  g_autofree double *V = vectors != NULL ? g_new0 (double, MAX (n * n, 1)) : NULL;
  g_autofree double *diagonal = g_new (double, MAX (n, 1));

  for (gsize i = 0; V != NULL && i < n; i++)
    V[i + i * n] = 1;
  for (guint sweep = 0; sweep < JACOBI_MAX_SWEEPS; sweep++)
    {
      double off = 0, total = 0;

      for (gsize q = 0; q < n; q++)
        for (gsize p = 0; p < n; p++)
          {
            double a = A[p + q * n] * A[p + q * n];

            total += a;
            off += p != q ? a : 0;
          }
      /* Off-diagonal mass below rounding: the diagonal is the spectrum. */
      if (off <= DBL_EPSILON * DBL_EPSILON * 1e-4 * total || off == 0)
        break;
      for (gsize p = 0; p + 1 < n; p++)
        for (gsize q = p + 1; q < n; q++)
          {
            double apq = A[p + q * n], theta, t, c, s;

            if (apq == 0)
              continue;
            theta = (A[q + q * n] - A[p + p * n]) / (2 * apq);
            t = fabs (theta) > 1e150 ? 0.5 / theta
                                     : (theta >= 0 ? 1 : -1) / (fabs (theta) + sqrt (theta * theta + 1));
            c = 1 / sqrt (t * t + 1);
            s = t * c;
            /* A := J^T A J with J the rotation in the (p, q) plane. */
            for (gsize k = 0; k < n; k++)
              {
                double akp = A[k + p * n], akq = A[k + q * n];

                A[k + p * n] = c * akp - s * akq;
                A[k + q * n] = s * akp + c * akq;
              }
            for (gsize k = 0; k < n; k++)
              {
                double apk = A[p + k * n], aqk = A[q + k * n];

                A[p + k * n] = c * apk - s * aqk;
                A[q + k * n] = s * apk + c * aqk;
              }
            A[p + q * n] = A[q + p * n] = 0;
            for (gsize k = 0; V != NULL && k < n; k++)
              {
                double vkp = V[k + p * n], vkq = V[k + q * n];

                V[k + p * n] = c * vkp - s * vkq;
                V[k + q * n] = s * vkp + c * vkq;
              }
          }
    }
  /* Descending, vectors with their values (a selection sort: n is small). */
  for (gsize i = 0; i < n; i++)
    {
      order[i] = i;
      diagonal[i] = A[i + i * n];
    }
  for (gsize i = 0; i < n; i++)
    {
      gsize best = i;

      for (gsize j = i + 1; j < n; j++)
        if (diagonal[order[j]] > diagonal[order[best]])
          best = j;
      gsize swap = order[i];
      order[i] = order[best];
      order[best] = swap;
      values[i] = diagonal[order[i]];
    }
  for (gsize i = 0; V != NULL && i < n; i++)
    memcpy (vectors + i * n, V + order[i] * n, sizeof (double) * n);
}

/* A fixed start with a component along every direction that matters: all
 * positive (the top eigenvector of a Gram matrix of non-negative features
 * is), yet not an eigenvector of anything simple. */
static void
generic_vector (double *v, gsize dim)
{
  for (gsize i = 0; i < dim; i++)
    v[i] = 1 + 0.5 * fmod ((double) i * 0.6180339887498949, 1.0);
}

LlEigenEstimate
ll_lanczos_largest (LlSymmetricApply  apply,
                    gpointer          user_data,
                    gsize             dim,
                    double           *vector,
                    double            rel_tol,
                    guint             max_products)
{
  gsize steps = MIN (max_products == 0 ? LANCZOS_MAX_STEPS : max_products,
                     MIN (dim, LANCZOS_MAX_STEPS));
  LlEigenEstimate estimate = { .value = 0, .residual = INFINITY };
  g_autofree double *V = NULL, *w = NULL, *alpha = NULL, *beta = NULL;
  g_autofree double *T = NULL, *theta = NULL, *S = NULL, *ritz = NULL;
  gsize solved = 0;
  double norm;

  g_return_val_if_fail (dim > 0 && vector != NULL, estimate);
  steps = MAX (steps, 1);
  V = g_new (double, dim * (steps + 1));
  w = g_new (double, dim);
  alpha = g_new0 (double, steps);
  beta = g_new0 (double, steps);
  T = g_new (double, steps * steps);
  theta = g_new (double, steps);
  S = g_new (double, steps * steps);
  ritz = g_new0 (double, steps);

  norm = sqrt (dot (vector, vector, dim));
  if (!(norm > 0 && isfinite (norm)))
    {
      generic_vector (vector, dim);
      norm = sqrt (dot (vector, vector, dim));
    }
  for (gsize i = 0; i < dim; i++)
    V[i] = vector[i] / norm;

  for (gsize j = 0; j < steps; j++)
    {
      double *v = V + j * dim;
      gboolean invariant;

      apply (v, w, user_data);
      estimate.products++;
      alpha[j] = dot (v, w, dim);
      axpy (-alpha[j], v, w, dim);
      if (j > 0)
        axpy (-beta[j - 1], V + (j - 1) * dim, w, dim);
      /* Full reorthogonalisation, twice ("twice is enough"): without it
       * the Ritz values of a converged pair reappear as ghosts. */
      for (guint pass = 0; pass < 2; pass++)
        for (gsize i = 0; i <= j; i++)
          axpy (-dot (V + i * dim, w, dim), V + i * dim, w, dim);
      beta[j] = sqrt (dot (w, w, dim));
      invariant = !(beta[j] > 1e-14 * MAX (fabs (alpha[j]), fabs (estimate.value)));

      /* Solving the tridiagonal costs O(j^3): every step at first, then
       * every fourth, so late convergence costs at most three products more. */
      if (j < 16 || j % 4 == 3 || j + 1 == steps || invariant)
        {
          gsize size = j + 1;

          memset (T, 0, sizeof (double) * size * size);
          for (gsize i = 0; i < size; i++)
            {
              T[i + i * size] = alpha[i];
              if (i + 1 < size)
                T[i + (i + 1) * size] = T[(i + 1) + i * size] = beta[i];
            }
          ll_symmetric_eigen (T, size, theta, S);
          memcpy (ritz, S, sizeof (double) * size);
          solved = size;
          estimate.value = theta[0];
          estimate.residual = invariant ? 0 : beta[j] * fabs (S[j]);
          estimate.converged = invariant || estimate.residual <= rel_tol * fabs (estimate.value);
          if (estimate.converged)
            break;
        }
      if (invariant)
        break;
      for (gsize i = 0; i < dim; i++)
        V[i + (j + 1) * dim] = w[i] / beta[j];
    }

  /* The Ritz vector y = V s, normalised: the next call's warm start. */
  memset (vector, 0, sizeof (double) * dim);
  for (gsize i = 0; i < solved; i++)
    axpy (ritz[i], V + i * dim, vector, dim);
  norm = sqrt (dot (vector, vector, dim));
  for (gsize i = 0; norm > 0 && i < dim; i++)
    vector[i] /= norm;
  return estimate;
}

struct _LlSharpness {
  const LlTrainData *data;
  gsize n, m;
  gboolean gram_side;  /* the m x m form; else H on n + 1 coordinates */
  double *K;           /* gram side: G + 1 1^T, m x m */
  gsize dim;
  double *vector;      /* the last Ritz vector (dim) */
  double *weights;     /* m: sqrt(d_i) on the gram side, d_i / m otherwise */
  double *z;           /* m scratch */
  double *scratch;     /* dim scratch */
};

void
ll_sharpness_free (LlSharpness *sharpness)
{
  if (sharpness == NULL)
    return;
  g_free (sharpness->K);
  g_free (sharpness->vector);
  g_free (sharpness->weights);
  g_free (sharpness->z);
  g_free (sharpness->scratch);
  g_free (sharpness);
}

/* GRAM: DATA's X^T X when the caller has it (m x m, both triangles), else NULL. */
static LlSharpness *
sharpness_new (const LlTrainData  *data,
               guint               n_threads,
               const double       *gram,
               GError            **error)
{
  g_autoptr (LlSharpness) sharpness = NULL;
  gsize n, m, bytes;

  g_return_val_if_fail (data != NULL, NULL);
  n = data->n_features;
  m = data->m_train;
  if (n < 1 || m < 1 || (data->X_train == NULL && data->pixels_train == NULL))
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("the training set is empty"));
      return NULL;
    }
  if (n_threads == 0)
    n_threads = MAX (g_get_num_processors (), 1);

  sharpness = g_new0 (LlSharpness, 1);
  sharpness->data = data;
  sharpness->n = n;
  sharpness->m = m;
  sharpness->gram_side = m <= n + 1 && m <= GRAM_SIDE_MAX_EXAMPLES;
  sharpness->dim = sharpness->gram_side ? m : n + 1;
  sharpness->vector = g_new0 (double, sharpness->dim);
  sharpness->weights = g_new (double, m);
  sharpness->z = g_new (double, m);
  sharpness->scratch = g_new (double, MAX (m, sharpness->dim));
  if (!sharpness->gram_side)
    return g_steal_pointer (&sharpness);

  if (!g_size_checked_mul (&bytes, m * m, sizeof (double))
      || (sharpness->K = ll_big_buffer_try_alloc (bytes)) == NULL)
    {
      g_set_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_NO_MEMORY,
                   _("not enough memory for the Gram matrix (%zu x %zu float64)"), m, m);
      return NULL;
    }
  if (gram != NULL)
    memcpy (sharpness->K, gram, bytes);
  else if (data->pixels_train != NULL)
    ll_gram_u8 (data->pixels_train, n, m, data->pixel_scale, n_threads, sharpness->K);
  else
    {
      if (!ll_blas_load (error))
        return NULL;
      ll_blas_dsyrk (CblasColMajor, CblasUpper, CblasTrans, (int) m, (int) n, 1.0,
                     data->X_train, (int) n, 0.0, sharpness->K, (int) m);
      for (gsize col = 0; col < m; col++)
        for (gsize row = col + 1; row < m; row++)
          sharpness->K[col * m + row] = sharpness->K[row * m + col];
    }
  /* The bias's row of ones adds 1 1^T. */
  for (gsize k = 0; k < m * m; k++)
    sharpness->K[k] += 1;
  return g_steal_pointer (&sharpness);
}

LlSharpness *
ll_sharpness_new (const LlTrainData  *data,
                  guint               n_threads,
                  GError            **error)
{
  return sharpness_new (data, n_threads, NULL, error);
}

/* (1/m) D^1/2 K D^1/2 in, K = G + 1 1^T. */
static void
apply_gram_side (const double *in,
                 double       *out,
                 gpointer      user_data)
{
  LlSharpness *s = user_data;
  gsize m = s->m;

  for (gsize i = 0; i < m; i++)
    {
      s->scratch[i] = s->weights[i] * in[i];
      out[i] = 0;
    }
  for (gsize j = 0; j < m; j++)
    axpy (s->scratch[j], s->K + j * m, out, m);
  for (gsize i = 0; i < m; i++)
    out[i] *= s->weights[i] / (double) m;
}

/* (1/m) X~ D X~^T in, two passes over the data. */
static void
apply_primal_side (const double *in,
                   double       *out,
                   gpointer      user_data)
{
  LlSharpness *s = user_data;
  double bias = 0;

  ll_features_scores (s->data, in, in[s->n], s->z);
  for (gsize i = 0; i < s->m; i++)
    {
      s->z[i] *= s->weights[i];
      bias += s->z[i];
    }
  ll_features_combine (s->data, s->z, out);
  out[s->n] = bias;
}

/* The Lanczos run once weights[] hold D for the current point. */
static double
largest_from (LlSharpness     *sharpness,
              double          *vector,
              double           rel_tol,
              guint            max_products,
              LlEigenEstimate *estimate)
{
  LlEigenEstimate result;

  result = ll_lanczos_largest (sharpness->gram_side ? apply_gram_side : apply_primal_side,
                               sharpness, sharpness->dim, vector, rel_tol, max_products);
  if (estimate != NULL)
    *estimate = result;
  return result.value;
}

static double
largest_with_weights (LlSharpness     *sharpness,
                      double           rel_tol,
                      guint            max_products,
                      LlEigenEstimate *estimate)
{
  return largest_from (sharpness, sharpness->vector, rel_tol, max_products, estimate);
}

static void
set_curvatures (LlSharpness  *sharpness,
                const double *probabilities)
{
  for (gsize i = 0; i < sharpness->m; i++)
    {
      double a = probabilities[i];
      double d = a * (1 - a);

      sharpness->weights[i] = sharpness->gram_side ? sqrt (d) : d / (double) sharpness->m;
    }
}

double
ll_sharpness_at (LlSharpness     *sharpness,
                 const double    *w,
                 double           b,
                 double           rel_tol,
                 guint            max_products,
                 LlEigenEstimate *estimate)
{
  g_return_val_if_fail (sharpness != NULL, NAN);
  if (w != NULL)
    ll_features_scores (sharpness->data, w, b, sharpness->z);
  else
    for (gsize i = 0; i < sharpness->m; i++)
      sharpness->z[i] = b;
  for (gsize i = 0; i < sharpness->m; i++)
    sharpness->z[i] = ll_sigmoid (sharpness->z[i]);
  set_curvatures (sharpness, sharpness->z);
  return largest_with_weights (sharpness, rel_tol, max_products, estimate);
}

double
ll_sharpness_at_probabilities (LlSharpness     *sharpness,
                               const double    *probabilities,
                               double           rel_tol,
                               guint            max_products,
                               LlEigenEstimate *estimate)
{
  g_return_val_if_fail (sharpness != NULL && probabilities != NULL, NAN);
  set_curvatures (sharpness, probabilities);
  return largest_with_weights (sharpness, rel_tol, max_products, estimate);
}

gsize
ll_sharpness_get_dim (LlSharpness *sharpness)
{
  g_return_val_if_fail (sharpness != NULL, 0);
  return sharpness->dim;
}

double
ll_sharpness_at_probabilities_from (LlSharpness     *sharpness,
                                    const double    *probabilities,
                                    double          *vector,
                                    double           rel_tol,
                                    guint            max_products,
                                    LlEigenEstimate *estimate)
{
  g_return_val_if_fail (sharpness != NULL && probabilities != NULL && vector != NULL, NAN);
  set_curvatures (sharpness, probabilities);
  return largest_from (sharpness, vector, rel_tol, max_products, estimate);
}

static double
curvature_at_zero (const LlTrainData  *data,
                   guint               n_threads,
                   const double       *gram,
                   GError            **error)
{
  g_autoptr (LlSharpness) sharpness = sharpness_new (data, n_threads, gram, error);
  LlEigenEstimate estimate;
  double value;

  if (sharpness == NULL)
    return 0;
  /* Converged to 1e-7: the residual bound then leaves room for rounding.
   * A run that has not converged in LANCZOS_MAX_STEPS restarts from its
   * Ritz vector (kept in the object), which only gets better. */
  value = ll_sharpness_at (sharpness, NULL, 0, 1e-7, 0, &estimate);
  for (guint restart = 0; !estimate.converged && restart < CURVATURE_MAX_RESTARTS; restart++)
    value = largest_with_weights (sharpness, 1e-7, 0, &estimate);
  return value;
}

double
ll_curvature_at_zero (const LlTrainData  *data,
                      guint               n_threads,
                      GError            **error)
{
  return curvature_at_zero (data, n_threads, NULL, error);
}

double
ll_curvature_at_zero_with_gram (const LlTrainData  *data,
                                const double       *gram,
                                GError            **error)
{
  return curvature_at_zero (data, 1, gram, error);
}

double
ll_critical_learning_rate (double curvature)
{
  return curvature > 0 ? 2 / curvature : NAN;
}
