/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trainer.c: batch gradient descent for k learning rates sharing each pass.
 *
 * State for the k runs lives side by side in column-major matrices, so one
 * pass over the data serves all runs. Dual form (w = X c, trainer-dual.c):
 * an iteration is Z = G C, O(m^2 k); the n x m data is touched only to build
 * G = X^T X and K_test = X_test^T X once. Primal form: W is n x k,
 * Z = X^T W and dW = X R / m, O(n m k).
 *
 * The data comes as float64 features (BLAS) or as 8-bit pixels (the uint8
 * kernels of kernels-u8.h: an exact integer Gram matrix, and one fused pass
 * a primal iteration that reads each pixel once). */
#include "config.h"

#include "trainer.h"
#include "trainer-private.h"
#include "core/data/big-buffer.h"
#include "blas-private.h"
#include "curvature.h"
#include "kernels-u8.h"
#include "vmath.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (ll-trainer-error-quark, ll_trainer_error)

/* ll_primal_pass_u8_with takes at most this many runs at once. */
#define PRIMAL_PASS_MAX_RUNS 8

typedef struct {
  const LlTrainData *data;
  const LlTrainParams *params;
  gsize n, m, m_test;
  guint k;
  guint n_threads;
  gboolean dual;
  gboolean pixels;    /* read data->pixels_*, not X_* */
  /* Dual without a progress callback (the CLI): nobody sees the test
   * accuracy of intermediate records, so the test set is scored once, from
   * the final weights, and the test kernel (a third of the Gram work on the
   * course's data) is never built. */
  gboolean test_at_end;

  double *y;          /* m labels as float64 */
  double *y_test;     /* m_test labels as float64 */
  LlDual *solver;     /* dual: C, b and the iteration */
  double *k_test;     /* dual: X_test^T X (m_test x m) */
  double *W;          /* primal: the weights (n x k); dual: X C at record points */
  double *b;          /* primal: k biases */
  double *Z;          /* primal: m x k decisions, then residuals A - Y in place */
  double *dW;         /* primal: n x k gradients */
  double *r_sum;      /* primal: k residual sums */
  LlPrimalTeam *primal_team;  /* passes over pixels: threads and scratch */
  double *Z_test;     /* m_test x k decisions, then probabilities in place */
  double *P_train;    /* m x k training probabilities at record points */
  double *test_costs; /* k test costs of the last forward_test () */
  /* The cost of every iteration (see LlProgress.rises): */
  double *costs;      /* k costs of the state the last step started from */
  double *previous;   /* k costs of the iteration before */
  guint *rises;       /* k counts */
  guint *first_rise;  /* k iterations, 0 = none yet */
  guint n_dense;      /* min (dense_first_iterations, iterations) */
  double *dense;      /* n_dense x k: every iteration's cost below n_dense */
  double *stretch_costs;  /* dual: LL_DUAL_STRETCH_MAX x k, ll_dual_steps's costs */
  guint *stretch_frozen;  /* dual: k, ll_dual_steps's freezes */
  guint last_record;  /* iteration of the previous record point */
  gboolean *diverged; /* k: the run overflowed and is frozen (see LlProgress) */
  guint *diverged_at; /* k */
  LlProgress *progress;
} Trainer;

static void
trainer_clear (Trainer *t)
{
  g_free (t->y);
  g_free (t->y_test);
  g_clear_pointer (&t->solver, ll_dual_free);
  g_free (t->k_test);
  g_free (t->W);
  g_free (t->b);
  g_free (t->Z);
  g_free (t->dW);
  g_free (t->r_sum);
  g_clear_pointer (&t->primal_team, ll_primal_team_free);
  g_free (t->Z_test);
  g_free (t->P_train);
  g_free (t->test_costs);
  g_free (t->costs);
  g_free (t->previous);
  g_free (t->rises);
  g_free (t->first_rise);
  g_free (t->dense);
  g_free (t->stretch_costs);
  g_free (t->stretch_frozen);
  g_free (t->diverged);
  g_free (t->diverged_at);
  g_free (t->progress);
}

/* A zeroed rows x cols float64 buffer, or NULL with NO_MEMORY set. */
static double *
try_alloc_matrix (gsize        rows,
                  gsize        cols,
                  const char  *what,
                  GError     **error)
{
  gsize count, bytes;
  double *buffer = NULL;

  if (g_size_checked_mul (&count, MAX (rows, 1), MAX (cols, 1))
      && g_size_checked_mul (&bytes, count, sizeof (double)))
    buffer = ll_big_buffer_try_alloc0 (bytes);
  if (buffer == NULL)
    g_set_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_NO_MEMORY,
                 _("not enough memory for the %s (%zu x %zu float64)"),
                 what, rows, cols);
  return buffer;
}

gboolean
ll_train_params_validate (const LlTrainParams  *params,
                          GError              **error)
{
  if (params == NULL)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("no training parameters given"));
      return FALSE;
    }
  if (params->n_rates < 1 || params->learning_rates == NULL)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("at least one learning rate is needed"));
      return FALSE;
    }
  for (guint j = 0; j < params->n_rates; j++)
    {
      double rate = params->learning_rates[j];

      if (!isfinite (rate) || rate <= 0)
        {
          char text[G_ASCII_DTOSTR_BUF_SIZE];

          g_set_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                       _("learning rate %u (%s) is not a finite positive number"),
                       j + 1, g_ascii_dtostr (text, sizeof text, rate));
          return FALSE;
        }
    }
  if (params->iterations < 1)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("the number of iterations must be at least 1"));
      return FALSE;
    }
  if (params->record_every < 1)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("record_every must be at least 1"));
      return FALSE;
    }
  if ((params->attention == NULL) != (params->on_attention == NULL))
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("the attention flag and its callback go together"));
      return FALSE;
    }
  if (!isfinite (params->initial_b))
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("the initial bias is not a finite number"));
      return FALSE;
    }
  if (params->form != LL_TRAINER_FORM_AUTO && params->form != LL_TRAINER_FORM_PRIMAL
      && params->form != LL_TRAINER_FORM_DUAL)
    {
      g_set_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                   _("unknown trainer form %d"), (int) params->form);
      return FALSE;
    }
  return TRUE;
}

static gboolean
labels_are_binary (const guint8  *labels,
                   gsize          m,
                   const char    *split,
                   GError       **error)
{
  for (gsize i = 0; i < m; i++)
    if (labels[i] > 1)
      {
        g_set_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                     _("%s label %u at example %zu is not 0 or 1"),
                     split, labels[i], i);
        return FALSE;
      }
  return TRUE;
}

static gboolean
validate_data (const LlTrainData  *data,
               GError            **error)
{
  const char *problem = NULL;

  if (data == NULL)
    problem = "no training data given";
  else if (data->n_features < 1)
    problem = "the data has no features";
  else if (data->m_train < 1 || data->y_train == NULL
           || (data->X_train == NULL && data->pixels_train == NULL))
    problem = "the training set is empty";
  else if (data->pixels_train != NULL
           && !(isfinite (data->pixel_scale) && data->pixel_scale > 0))
    problem = "the pixel scale is not a finite positive number";
  else if (data->pixels_train != NULL && data->m_test > 0
           && (data->pixels_test == NULL || data->y_test == NULL))
    problem = "the test set has examples but no pixels or labels";
  else if (data->pixels_train == NULL && data->m_test > 0
           && (data->X_test == NULL || data->y_test == NULL))
    problem = "the test set has examples but no features or labels";
  /* BLAS indexes with int: each dimension must fit. */
  else if (data->n_features > G_MAXINT || data->m_train > G_MAXINT || data->m_test > G_MAXINT)
    problem = "the data has more features or examples than the linear algebra library can index";
  if (problem != NULL)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID, problem);
      return FALSE;
    }
  return labels_are_binary (data->y_train, data->m_train, _("training"), error)
         && labels_are_binary (data->y_test, data->m_test, _("test"), error);
}

/* max |x| over the training features (at least the smallest normal double). */
static double
largest_feature (const Trainer *t)
{
  double largest = G_MINDOUBLE;

  if (t->pixels)
    {
      /* The largest byte, scaled once: the same value (scaling by a
       * positive factor keeps the order), in 16 lanes the compiler turns
       * into vector maxima (the cat data's 2.6 MB took 2.5 ms one product
       * at a time). */
      const guint8 *pixels = t->data->pixels_train;
      gsize count = t->n * t->m, i = 0;
      guint8 lanes[16] = { 0 }, top = 0;

      for (; i + 16 <= count; i += 16)
        for (guint lane = 0; lane < 16; lane++)
          lanes[lane] = MAX (lanes[lane], pixels[i + lane]);
      for (guint lane = 0; lane < 16; lane++)
        top = MAX (top, lanes[lane]);
      for (; i < count; i++)
        top = MAX (top, pixels[i]);
      largest = MAX (largest, top * t->data->pixel_scale);
    }
  else
    for (gsize i = 0; i < t->n * t->m; i++)
      largest = MAX (largest, fabs (t->data->X_train[i]));
  return largest;
}

/* params->curvature_at_zero when asked for, from GRAM (X^T X) when there is one. */
static gboolean
note_curvature_at_zero (Trainer       *t,
                        const double  *gram,
                        GError       **error)
{
  GError *curvature_error = NULL;
  double value;

  if (t->params->curvature_at_zero == NULL)
    return TRUE;
  value = gram != NULL ? ll_curvature_at_zero_with_gram (t->data, gram, &curvature_error)
                       : ll_curvature_at_zero (t->data, t->n_threads, &curvature_error);
  if (curvature_error != NULL)
    {
      g_propagate_error (error, curvature_error);
      return FALSE;
    }
  *t->params->curvature_at_zero = value;
  return TRUE;
}

/* G = X^T X and K_test = X_test^T X, then the dual iteration's state. */
static gboolean
dual_init (Trainer  *t,
           GError  **error)
{
  const LlTrainData *data = t->data;
  int n = (int) t->n, m = (int) t->m, m_test = (int) t->m_test;
  g_autofree double *gram = NULL;

  if (!(gram = try_alloc_matrix (t->m, t->m, "Gram matrix", error))
      || !(t->W = try_alloc_matrix (t->n, t->k, "weights", error))
      || (t->m_test > 0 && !t->test_at_end
          && !(t->k_test = try_alloc_matrix (t->m_test, t->m, "test kernel", error))))
    return FALSE;
  /* The test pixels are scored with ll_primal_decide_u8_with at the end. */
  if (t->test_at_end && t->pixels)
    t->primal_team = ll_primal_team_new (t->n_threads);
  if (t->pixels)
    {
      ll_gram_u8 (data->pixels_train, t->n, t->m, data->pixel_scale, t->n_threads, gram);
      if (t->k_test != NULL)
        ll_cross_u8 (data->pixels_test, t->m_test, data->pixels_train, t->m, t->n,
                     data->pixel_scale, t->n_threads, t->k_test);
    }
  else
    {
      ll_blas_dsyrk (CblasColMajor, CblasUpper, CblasTrans, m, n, 1.0, data->X_train, n,
                     0.0, gram, m);
      /* Mirror the upper triangle: the iteration reads whole columns. */
      for (gsize col = 0; col < t->m; col++)
        for (gsize row = col + 1; row < t->m; row++)
          gram[col * t->m + row] = gram[row * t->m + col];
      if (t->k_test != NULL)
        ll_blas_dgemm (CblasColMajor, CblasTrans, CblasNoTrans, m_test, m, n,
                       1.0, data->X_test, n, data->X_train, n, 0.0, t->k_test, m_test);
    }
  if (!note_curvature_at_zero (t, gram, error))
    return FALSE;
  t->solver = ll_dual_new (gram, t->m, t->y, t->params->learning_rates, t->k, t->n_threads);
  if (t->solver == NULL)
    {
      g_set_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_NO_MEMORY,
                   _("not enough memory for the dual iteration (%zu examples)"),
                   t->m);
      return FALSE;
    }
  /* |w_i| <= max |x| sum |c|: keeping sum |c| under half of DBL_MAX / max |x|
   * keeps the weights X C finite. */
  ll_dual_set_limit (t->solver, G_MAXDOUBLE / 2 / largest_feature (t));
  return TRUE;
}

static gboolean
primal_init (Trainer  *t,
             GError  **error)
{
  if (!(t->W = try_alloc_matrix (t->n, t->k, "model parameters", error))
      || !(t->b = try_alloc_matrix (t->k, 1, "biases", error))
      || !(t->Z = try_alloc_matrix (t->m, t->k, "training decisions", error))
      || !(t->dW = try_alloc_matrix (t->n, t->k, "gradients", error))
      || !(t->r_sum = try_alloc_matrix (t->k, 1, "residual sums", error)))
    return FALSE;
  for (guint j = 0; j < t->k; j++)
    {
      if (t->params->initial_w != NULL)
        memcpy (t->W + j * t->n, t->params->initial_w, sizeof (double) * t->n);
      t->b[j] = t->params->initial_b;
    }
  if (!note_curvature_at_zero (t, NULL, error))
    return FALSE;
  if (t->pixels)
    t->primal_team = ll_primal_team_new (t->n_threads);
  return TRUE;
}

static gboolean
trainer_init (Trainer              *t,
              const LlTrainData    *data,
              const LlTrainParams  *params,
              gboolean              listening,
              GError              **error)
{
  t->data = data;
  t->params = params;
  t->n = data->n_features;
  t->m = data->m_train;
  t->m_test = data->m_test;
  t->k = params->n_rates;
  t->n_threads = params->n_threads > 0 ? params->n_threads : MAX (g_get_num_processors (), 1);
  t->pixels = data->pixels_train != NULL;
  /* Only float64 features go through BLAS: OpenBLAS is loaded for them. */
  if (!t->pixels && !ll_blas_load (error))
    return FALSE;
  t->dual = (params->initial_w == NULL && params->initial_b == 0)
            && (params->form == LL_TRAINER_FORM_DUAL
                || (params->form == LL_TRAINER_FORM_AUTO && t->m < t->n));
  t->test_at_end = t->dual && (!listening || params->test_at_end_only) && t->m_test > 0;
  t->n_dense = MIN (params->dense_first_iterations, params->iterations);

  if (!(t->y = try_alloc_matrix (t->m, 1, "training labels", error))
      || !(t->y_test = try_alloc_matrix (t->m_test, 1, "test labels", error))
      || !(t->Z_test = try_alloc_matrix (t->m_test, t->k, "test decisions", error))
      || !(t->P_train = try_alloc_matrix (t->m, t->k, "training probabilities", error))
      || !(t->dense = try_alloc_matrix (t->n_dense, t->k, "first iterations' costs", error)))
    return FALSE;
  t->progress = g_new0 (LlProgress, t->k);
  t->test_costs = g_new0 (double, t->k);
  t->costs = g_new0 (double, t->k);
  t->previous = g_new0 (double, t->k);
  t->rises = g_new0 (guint, t->k);
  t->first_rise = g_new0 (guint, t->k);
  t->diverged = g_new0 (gboolean, t->k);
  t->diverged_at = g_new0 (guint, t->k);
  for (gsize i = 0; i < t->m; i++)
    t->y[i] = data->y_train[i];
  for (gsize i = 0; i < t->m_test; i++)
    t->y_test[i] = data->y_test[i];
  if (!(t->dual ? dual_init (t, error) : primal_init (t, error)))
    return FALSE;
  if (t->dual && !ll_dual_track_costs (t->solver))
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_NO_MEMORY,
                           _("not enough memory for the cost of every iteration"));
      return FALSE;
    }
  if (t->dual)
    {
      t->stretch_costs = g_new0 (double, (gsize) LL_DUAL_STRETCH_MAX * t->k);
      t->stretch_frozen = g_new0 (guint, t->k);
    }
  return TRUE;
}

/* The primal pass over pixels for every run, PRIMAL_PASS_MAX_RUNS at a
 * time; with COSTS (k), also every run's cost. */
static void
primal_pass (Trainer      *t,
             const guint8 *pixels,
             gsize         rows,
             const double *y,
             double       *Z,
             double       *dW,
             double       *costs)
{
  for (guint j0 = 0; j0 < t->k; j0 += PRIMAL_PASS_MAX_RUNS)
    {
      guint runs = MIN (PRIMAL_PASS_MAX_RUNS, t->k - j0);

      ll_primal_pass_u8_costs (t->primal_team, pixels, t->n, rows, y, t->W + j0 * t->n,
                               t->b + j0, runs, t->data->pixel_scale,
                               Z != NULL ? Z + j0 * rows : NULL, dW + j0 * t->n, t->r_sum + j0,
                               costs != NULL ? costs + j0 : NULL);
    }
}

/* OUT (rows x k) = W^T X + b over ROWS float64 examples. */
static void
scores (Trainer      *t,
        gsize         rows,
        const double *X,
        const double *W,
        const double *b,
        double       *out)
{
  int n = (int) t->n, r = (int) rows, k = (int) t->k;

  ll_blas_dgemm (CblasColMajor, CblasTrans, CblasNoTrans, r, k, n,
                 1.0, X, n, W, n, 0.0, out, r);
  for (guint j = 0; j < t->k; j++)
    for (gsize i = 0; i < rows; i++)
      out[j * rows + i] += b[j];
}

/* Primal: Z = W^T X + b over the training set; with pixels, the same pass
 * also leaves the gradients of this state in dW. */
static void
primal_decide (Trainer *t)
{
  if (t->pixels)
    primal_pass (t, t->data->pixels_train, t->m, t->y, t->Z, t->dW, NULL);
  else
    scores (t, t->m, t->data->X_train, t->W, t->b, t->Z);
}

/* Test-set probabilities for every run into Z_test, from the test kernel
 * (dual) or from the weights W and biases B. */
static void
forward_test (Trainer      *t,
              const double *W,
              const double *b)
{
  if (t->k_test != NULL)
    {
      /* A plain loop, not dgemm: m_test x m x k is small, and a call into
       * OpenBLAS leaves its idle threads spinning in sched_yield for a
       * while, stealing the core the dual worker needs. */
      const double *C = ll_dual_coefficients (t->solver);
      gsize ldc = ll_dual_stride (t->solver);

      for (guint j = 0; j < t->k; j++)
        {
          double *z = t->Z_test + j * t->m_test;

          for (gsize i = 0; i < t->m_test; i++)
            z[i] = 0;
          for (gsize l = 0; l < t->m; l++)
            {
              const double *kernel = t->k_test + l * t->m_test;
              double c = C[l + j * ldc];

              for (gsize i = 0; i < t->m_test; i++)
                z[i] += kernel[i] * c;
            }
          for (gsize i = 0; i < t->m_test; i++)
            z[i] += b[j];
        }
    }
  else if (t->pixels)
    /* The decisions alone: the fused pass's gradients are not wanted. */
    for (guint j0 = 0; j0 < t->k; j0 += PRIMAL_PASS_MAX_RUNS)
      ll_primal_decide_u8_with (t->primal_team, t->data->pixels_test, t->n, t->m_test,
                                W + j0 * t->n, b + j0, MIN (PRIMAL_PASS_MAX_RUNS, t->k - j0),
                                t->data->pixel_scale, t->Z_test + j0 * t->m_test);
  else
    scores (t, t->m_test, t->data->X_test, W, b, t->Z_test);
  for (guint j = 0; j < t->k; j++)
    t->test_costs[j] = ll_vlogistic_loss_sum (t->Z_test + j * t->m_test, t->y_test, t->m_test)
                       / (double) t->m_test;
  ll_vsigmoid (t->Z_test, t->Z_test, t->m_test * t->k);
}

/* The n x k weights: W itself in primal form, X C in dual form. */
static const double *
weights (Trainer *t)
{
  const double *C;
  gsize ldc;

  if (!t->dual)
    return t->W;
  C = ll_dual_coefficients (t->solver);
  ldc = ll_dual_stride (t->solver);
  if (t->pixels)
    ll_weights_from_pixels (t->data->pixels_train, t->n, t->m, t->data->pixel_scale,
                            C, ldc, t->k, t->W);
  else
    ll_blas_dgemm (CblasColMajor, CblasNoTrans, CblasNoTrans, (int) t->n, (int) t->k, (int) t->m,
                   1.0, t->data->X_train, (int) t->n, C, (int) ldc, 0.0, t->W, (int) t->n);
  return t->W;
}

/* The training decisions of this iteration (before the update). */
static void
decide (Trainer *t)
{
  if (t->dual)
    ll_dual_decide (t->solver);
  else
    primal_decide (t);
}

/* Run J stops at ITERATION: its state stays as it is from now on. */
static void
diverge (Trainer *t,
         guint    j,
         guint    iteration)
{
  if (t->diverged[j])
    return;
  t->diverged[j] = TRUE;
  t->diverged_at[j] = iteration;
  if (t->dual)
    ll_dual_freeze (t->solver, j);
}

/* Cost and accuracies of every run from the decisions of decide(); fills t->progress. */
static void
measure (Trainer *t,
         guint    iteration)
{
  gboolean snapshot = t->params->want_snapshots;
  gboolean test_now = t->m_test > 0 && (!t->test_at_end || iteration == t->params->iterations);
  const double *W = snapshot || (test_now && t->test_at_end) ? weights (t) : t->W;
  const double *Z = t->dual ? ll_dual_decisions (t->solver) : t->Z;
  gsize ldz = t->dual ? ll_dual_stride (t->solver) : t->m;
  const double *b = t->dual ? ll_dual_biases (t->solver) : t->b;

  if (test_now)
    forward_test (t, W, b);
  for (guint j = 0; j < t->k; j++)
    {
      const double *z = Z + j * ldz;
      double *probabilities = t->P_train + j * t->m;
      LlProgress *p = &t->progress[j];
      gsize wrong = 0;

      ll_vsigmoid (z, probabilities, t->m);
      for (gsize i = 0; i < t->m; i++)
        wrong += (probabilities[i] > 0.5) != (t->data->y_train[i] != 0);
      p->run = j;
      p->learning_rate = t->params->learning_rates[j];
      p->iteration = iteration;
      p->cost = ll_vlogistic_loss_sum (z, t->y, t->m) / (double) t->m;
      /* Decisions that overflowed: the cost is +inf (never NaN) and the
       * run stops here, at this finite state. */
      if (!isfinite (p->cost))
        {
          p->cost = INFINITY;
          diverge (t, j, iteration);
        }
      p->diverged = t->diverged[j];
      p->diverged_at = t->diverged_at[j];
      p->train_accuracy = 100.0 - ((double) wrong / (double) t->m) * 100.0;
      p->test_accuracy = test_now ? ll_accuracy (t->Z_test + j * t->m_test, t->data->y_test,
                                                 t->m_test, 0.5)
                                  : NAN;
      p->test_cost = test_now ? t->test_costs[j] : NAN;
      p->w = snapshot ? W + j * t->n : NULL;
      p->b = b[j];
      p->test_probabilities = snapshot && test_now ? t->Z_test + j * t->m_test : NULL;
      p->train_probabilities = snapshot ? probabilities : NULL;
    }
}

/* Every run's cost from the decisions in Z (see LlProgress.rises). */
static void
primal_costs (Trainer *t)
{
  for (guint j = 0; j < t->k; j++)
    {
      LlLossSum loss = LL_LOSS_SUM_INIT;

      ll_loss_sum_add (&loss, t->Z + j * t->m, t->y, t->m);
      t->costs[j] = ll_loss_sum_value (&loss) / (double) t->m;
    }
}

/* Whether run J's update would leave its weights and bias finite. */
static gboolean
update_is_finite (const Trainer *t,
                  guint          j)
{
  double rate = t->params->learning_rates[j];
  const double *dw = t->dW + j * t->n;
  const double *w = t->W + j * t->n;
  gboolean finite = isfinite (t->b[j] - rate * (t->r_sum[j] / (double) t->m));

  for (gsize i = 0; i < t->n; i++)
    finite &= isfinite (w[i] - rate * dw[i]);
  return finite;
}

/* One primal gradient step for every run that has not diverged (an update
 * that would overflow is not made: the run stops at ITERATION). DECIDED:
 * decide() already ran for this state (a record point). */
static void
primal_step (Trainer  *t,
             gboolean  decided,
             guint     iteration)
{
  int n = (int) t->n, m = (int) t->m, k = (int) t->k;

  if (t->pixels)
    {
      if (!decided)
        {
          /* The cost from the pass's own exps, on its threads; nothing
           * reads these decisions (measure () follows decide ()). */
          primal_pass (t, t->data->pixels_train, t->m, t->y, NULL, t->dW, t->costs);
        }
    }
  else
    {
      if (!decided)
        {
          scores (t, t->m, t->data->X_train, t->W, t->b, t->Z);
          primal_costs (t);
        }
      for (guint j = 0; j < t->k; j++)
        t->r_sum[j] = ll_vsigmoid_residual (t->Z + j * t->m, t->y, t->Z + j * t->m, t->m);
      ll_blas_dgemm (CblasColMajor, CblasNoTrans, CblasNoTrans, n, k, m,
                     1.0 / (double) t->m, t->data->X_train, n, t->Z, m, 0.0, t->dW, n);
    }
  for (guint j = 0; j < t->k; j++)
    {
      double rate = t->params->learning_rates[j];
      const double *dw = t->dW + j * t->n;
      double *w = t->W + j * t->n;

      if (!t->diverged[j] && !update_is_finite (t, j))
        diverge (t, j, iteration);
      if (t->diverged[j])
        continue;
      t->b[j] -= rate * (t->r_sum[j] / (double) t->m);
      /* A plain loop, not daxpy: the pixel path must not need OpenBLAS. */
      for (gsize i = 0; i < t->n; i++)
        w[i] -= rate * dw[i];
    }
}

static void
step (Trainer  *t,
      gboolean  decided,
      guint     iteration)
{
  const gboolean *frozen;

  if (!t->dual)
    {
      primal_step (t, decided, iteration);
      return;
    }
  if (decided)
    ll_dual_update (t->solver);
  else
    ll_dual_step (t->solver);
  /* Runs the solver froze in this update stopped at ITERATION. */
  frozen = ll_dual_frozen (t->solver);
  for (guint j = 0; j < t->k; j++)
    if (frozen[j] && !t->diverged[j])
      diverge (t, j, iteration);
}

static void note_costs (Trainer      *t,
                        guint         iteration,
                        const double *costs);

/* Dual: whole iterations from ITERATION on, at most MAX_COUNT, none of them
 * a record point, as step () and note_costs () would take them one by one
 * (with two threads, without a join between them: ll_dual_steps). Returns
 * how many. */
static guint
dual_steps (Trainer *t,
            guint    iteration,
            guint    max_count)
{
  guint done = ll_dual_steps (t->solver, max_count, t->stretch_costs, t->stretch_frozen);

  for (guint i = 0; i < done; i++)
    {
      for (guint j = 0; j < t->k; j++)
        if (t->stretch_frozen[j] == i && !t->diverged[j])
          diverge (t, j, iteration + i);
      note_costs (t, iteration + i, t->stretch_costs + (gsize) i * t->k);
    }
  return done;
}

/* Iteration ITERATION's costs (COSTS, k): counts the rises, keeps the
 * first iterations' costs. */
static void
note_costs (Trainer      *t,
            guint         iteration,
            const double *costs)
{
  for (guint j = 0; j < t->k; j++)
    {
      double cost = costs[j], previous = t->previous[j];

      if (iteration > 0 && cost - previous > LL_TRAINER_RISE_TOLERANCE * fabs (previous))
        {
          t->rises[j]++;
          if (t->first_rise[j] == 0)
            t->first_rise[j] = iteration;
        }
      t->previous[j] = cost;
      if (iteration < t->n_dense)
        t->dense[j * t->n_dense + iteration] = cost;
    }
}

/* The record point ITERATION's costs into the progress, with the rises and
 * the first iterations' costs since the last record point. */
static void
note_record (Trainer *t,
             guint    iteration)
{
  g_autofree double *costs = g_new (double, t->k);
  guint first = iteration > 0 ? t->last_record + 1 : 0;
  guint end = MIN (iteration, t->n_dense);

  for (guint j = 0; j < t->k; j++)
    costs[j] = t->progress[j].cost;
  note_costs (t, iteration, costs);
  for (guint j = 0; j < t->k; j++)
    {
      LlProgress *p = &t->progress[j];

      p->rises = t->rises[j];
      p->first_rise = t->first_rise[j];
      p->dense_first = first;
      p->n_dense_costs = end > first ? end - first : 0;
      p->dense_costs = p->n_dense_costs > 0 ? t->dense + j * t->n_dense + first : NULL;
    }
  t->last_record = iteration;
}

static gboolean
cancelled (const LlTrainParams *params)
{
  return params->cancel != NULL && g_atomic_int_get (params->cancel) != 0;
}

/* Between two iterations: FALSE when the attention callback asks to stop. */
static gboolean
attend (const LlTrainParams *params,
        guint                iteration,
        gpointer             user_data)
{
  if (params->attention == NULL || g_atomic_int_get (params->attention) == 0)
    return TRUE;
  return params->on_attention (iteration, user_data);
}

LlTrainData
ll_train_data_from_pixels (const LlDataset *dataset)
{
  if (dataset->train.features != NULL)
    return (LlTrainData) {
      .n_features = dataset->n_features,
      .X_train = dataset->train.features,
      .y_train = dataset->train.labels,
      .m_train = dataset->train.count,
      .X_test = dataset->test.count > 0 ? dataset->test.features : NULL,
      .y_test = dataset->test.labels,
      .m_test = dataset->test.count,
    };
  return (LlTrainData) {
    .n_features = dataset->n_features,
    .y_train = dataset->train.labels,
    .m_train = dataset->train.count,
    .y_test = dataset->test.labels,
    .m_test = dataset->test.count,
    .pixels_train = dataset->train.pixels,
    .pixels_test = dataset->test.count > 0 ? dataset->test.pixels : NULL,
    .pixel_scale = 1.0 / 255.0,
  };
}

GPtrArray *
ll_train (const LlTrainData    *data,
          const LlTrainParams  *params,
          LlProgressFunc        progress,
          gpointer              user_data,
          GError              **error)
{
  Trainer t = { 0 };
  g_autoptr (GPtrArray) models = NULL;
  const double *W;
  const double *b;

  if (!ll_train_params_validate (params, error) || !validate_data (data, error))
    return NULL;
  if (!trainer_init (&t, data, params, progress != NULL, error))
    {
      trainer_clear (&t);
      return NULL;
    }

  models = g_ptr_array_new_full (t.k, (GDestroyNotify) ll_model_free);
  for (guint j = 0; j < t.k; j++)
    {
      LlModel *model = ll_model_new (t.n);

      model->learning_rate = params->learning_rates[j];
      model->iterations = params->iterations;
      g_ptr_array_add (models, model);
    }

  for (guint iteration = 0; ; iteration++)
    {
      gboolean last = iteration == params->iterations;
      gboolean record = last || iteration % params->record_every == 0;

      if (cancelled (params))
        goto cancel;
      if (record)
        {
          decide (&t);
          measure (&t, iteration);
          note_record (&t, iteration);
          for (guint j = 0; j < t.k; j++)
            ll_model_append_cost (g_ptr_array_index (models, j), iteration, t.progress[j].cost);
          if (progress != NULL && !progress (t.progress, t.k, user_data))
            goto cancel;
        }
      if (last)
        break;
      /* Here, not at the top of the loop: a flag raised by the progress
       * callback is seen before the next update, so a pause right after a
       * record point holds exactly the recorded model. */
      if (!attend (params, iteration, user_data))
        goto cancel;
      if (t.dual && !record && (params->attention == NULL || params->loose_attention))
        {
          /* Up to the next record point or the end. */
          guint next = MIN (params->iterations,
                            (iteration / params->record_every + 1) * params->record_every);

          iteration += dual_steps (&t, iteration, next - iteration) - 1;
          continue;
        }
      step (&t, record, iteration);
      if (!record)
        note_costs (&t, iteration, t.dual ? ll_dual_costs (t.solver) : t.costs);
    }

  /* The last record computed the dual weights if it needed them. */
  W = t.dual && (params->want_snapshots || t.test_at_end) ? t.W : weights (&t);
  b = t.dual ? ll_dual_biases (t.solver) : t.b;
  for (guint j = 0; j < t.k; j++)
    {
      LlModel *model = g_ptr_array_index (models, j);

      memcpy (model->w, W + j * t.n, sizeof (double) * t.n);
      model->b = b[j];
      model->train_accuracy = t.progress[j].train_accuracy;
      model->test_accuracy = t.progress[j].test_accuracy;
      model->diverged = t.diverged[j];
      model->diverged_at = t.diverged_at[j];
    }
  trainer_clear (&t);
  return g_steal_pointer (&models);

cancel:
  trainer_clear (&t);
  g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_CANCELLED,
                       _("training was cancelled"));
  return NULL;
}

/* Neumaier's compensated sum for the mean cost: a plain running sum of 209
 * equal terms already loses the last digits of ln 2 at iteration 0. */
typedef struct {
  double sum;
  double compensation;
} CompensatedSum;

static void
compensated_add (CompensatedSum *s,
                 double          x)
{
  double t = s->sum + x;

  if (fabs (s->sum) >= fabs (x))
    s->compensation += (s->sum - t) + x;
  else
    s->compensation += (x - t) + s->sum;
  s->sum = t;
}

static double
compensated_value (const CompensatedSum *s)
{
  return s->sum + s->compensation;
}

/* The seeds' propagate with caller-provided scratch Z (m values). */
static double
propagate_with (const double *w,
                double        b,
                const double *X,
                const guint8 *Y,
                gsize         n,
                gsize         m,
                double       *Z,
                double       *dw,
                double       *db)
{
  CompensatedSum loss = { 0 };
  double residual_sum = 0;

  ll_blas_dgemv (CblasColMajor, CblasTrans, (int) n, (int) m, 1.0, X, (int) n, w, 1, 0.0, Z, 1);
  for (gsize i = 0; i < m; i++)
    {
      double z = Z[i] + b;

      compensated_add (&loss, ll_logistic_loss (z, Y[i]));
      Z[i] = ll_sigmoid (z) - Y[i];
      residual_sum += Z[i];
    }
  ll_blas_dgemv (CblasColMajor, CblasNoTrans, (int) n, (int) m, 1.0 / (double) m, X, (int) n,
                 Z, 1, 0.0, dw, 1);
  *db = residual_sum / (double) m;
  return compensated_value (&loss) / (double) m;
}

double
ll_propagate (const double *w,
              double        b,
              const double *X,
              const guint8 *Y,
              gsize         n,
              gsize         m,
              double       *dw,
              double       *db)
{
  g_autofree double *Z = g_new (double, m);

  g_return_val_if_fail (m > 0 && n > 0, NAN);
  if (!ll_blas_load (NULL))
    return NAN;
  return propagate_with (w, b, X, Y, n, m, Z, dw, db);
}

double
ll_optimize (double       *w,
             double       *b,
             const double *X,
             const guint8 *Y,
             gsize         n,
             gsize         m,
             guint         iterations,
             double        learning_rate,
             double       *dw,
             double       *db)
{
  g_autofree double *Z = g_new (double, m);
  g_autofree double *gradient = g_new0 (double, n);
  double bias_gradient = 0, cost = NAN;

  g_return_val_if_fail (m > 0 && n > 0, NAN);
  if (!ll_blas_load (NULL))
    return NAN;
  for (guint i = 0; i < iterations; i++)
    {
      cost = propagate_with (w, *b, X, Y, n, m, Z, gradient, &bias_gradient);
      ll_blas_daxpy ((int) n, -learning_rate, gradient, 1, w, 1);
      *b -= learning_rate * bias_gradient;
    }
  if (dw != NULL)
    memcpy (dw, gradient, sizeof (double) * n);
  if (db != NULL)
    *db = bias_gradient;
  return cost;
}
