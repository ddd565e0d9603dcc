/* trainer.c: batch gradient descent for k learning rates sharing each pass.
 *
 * State for the k runs lives side by side in column-major matrices, so one
 * BLAS call serves all runs. Dual form (w = X c): C is m x k and an iteration
 * is Z = G C, O(m^2 k); the n x m data is touched only to build G = X^T X and
 * K_test = X_test^T X once. Primal form: W is n x k, Z = X^T W and
 * dW = X R / m, O(n m k). */
#include "config.h"

#include "trainer.h"

#include <cblas.h>
#include <math.h>
#include <string.h>

G_DEFINE_QUARK (ll-trainer-error-quark, ll_trainer_error)

typedef struct {
  const LlTrainData *data;
  const LlTrainParams *params;
  gsize n, m, m_test;
  guint k;
  gboolean dual;

  double *y;          /* m labels as float64 */
  double *state;      /* dual: C (m x k); primal: W (n x k) */
  double *b;          /* k biases */
  double *Z;          /* m x k decisions, then residuals A - Y in place */
  double *gram;       /* dual: G = X^T X (m x m, both triangles) */
  double *k_test;     /* dual: X_test^T X (m_test x m) */
  double *dW;         /* primal: n x k gradients */
  double *W;          /* dual: X C at record points (snapshots, final models) */
  double *Z_test;     /* m_test x k decisions, then probabilities in place */
  double *P_train;    /* with snapshots: m x k training probabilities at record points */
  LlProgress *progress;
} Trainer;

static void
trainer_clear (Trainer *t)
{
  g_free (t->y);
  g_free (t->state);
  g_free (t->b);
  g_free (t->Z);
  g_free (t->gram);
  g_free (t->k_test);
  g_free (t->dW);
  g_free (t->W);
  g_free (t->Z_test);
  g_free (t->P_train);
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
    buffer = g_try_malloc0 (bytes);
  if (buffer == NULL)
    g_set_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_NO_MEMORY,
                 "not enough memory for the %s (%" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT " float64)",
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
                           "no training parameters given");
      return FALSE;
    }
  if (params->n_rates < 1 || params->learning_rates == NULL)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           "at least one learning rate is needed");
      return FALSE;
    }
  for (guint j = 0; j < params->n_rates; j++)
    {
      double rate = params->learning_rates[j];

      if (!isfinite (rate) || rate <= 0)
        {
          char text[G_ASCII_DTOSTR_BUF_SIZE];

          g_set_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                       "learning rate %u (%s) is not a finite positive number",
                       j + 1, g_ascii_dtostr (text, sizeof text, rate));
          return FALSE;
        }
    }
  if (params->iterations < 1)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           "the number of iterations must be at least 1");
      return FALSE;
    }
  if (params->record_every < 1)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           "record_every must be at least 1");
      return FALSE;
    }
  if ((params->attention == NULL) != (params->on_attention == NULL))
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           "the attention flag and its callback go together");
      return FALSE;
    }
  if (params->form != LL_TRAINER_FORM_AUTO && params->form != LL_TRAINER_FORM_PRIMAL
      && params->form != LL_TRAINER_FORM_DUAL)
    {
      g_set_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                   "unknown trainer form %d", (int) params->form);
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
                     "%s label %u at example %" G_GSIZE_FORMAT " is not 0 or 1",
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
  else if (data->m_train < 1 || data->X_train == NULL || data->y_train == NULL)
    problem = "the training set is empty";
  else if (data->m_test > 0 && (data->X_test == NULL || data->y_test == NULL))
    problem = "the test set has examples but no features or labels";
  /* BLAS indexes with int: each dimension must fit. */
  else if (data->n_features > G_MAXINT || data->m_train > G_MAXINT || data->m_test > G_MAXINT)
    problem = "the data has more features or examples than the linear algebra library can index";
  if (problem != NULL)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID, problem);
      return FALSE;
    }
  return labels_are_binary (data->y_train, data->m_train, "training", error)
         && labels_are_binary (data->y_test, data->m_test, "test", error);
}

static gboolean
trainer_init (Trainer              *t,
              const LlTrainData    *data,
              const LlTrainParams  *params,
              GError              **error)
{
  const double *X = data->X_train;
  int n, m, m_test;

  t->data = data;
  t->params = params;
  t->n = data->n_features;
  t->m = data->m_train;
  t->m_test = data->m_test;
  t->k = params->n_rates;
  t->dual = params->form == LL_TRAINER_FORM_DUAL
            || (params->form == LL_TRAINER_FORM_AUTO && t->m < t->n);
  n = (int) t->n, m = (int) t->m, m_test = (int) t->m_test;

  if (!(t->y = try_alloc_matrix (t->m, 1, "training labels", error))
      || !(t->state = try_alloc_matrix (t->dual ? t->m : t->n, t->k, "model parameters", error))
      || !(t->b = try_alloc_matrix (t->k, 1, "biases", error))
      || !(t->Z = try_alloc_matrix (t->m, t->k, "training decisions", error))
      || !(t->Z_test = try_alloc_matrix (t->m_test, t->k, "test decisions", error))
      || (params->want_snapshots
          && !(t->P_train = try_alloc_matrix (t->m, t->k, "training probabilities", error))))
    return FALSE;
  t->progress = g_new0 (LlProgress, t->k);
  for (gsize i = 0; i < t->m; i++)
    t->y[i] = data->y_train[i];

  if (t->dual)
    {
      if (!(t->gram = try_alloc_matrix (t->m, t->m, "Gram matrix", error))
          || !(t->W = try_alloc_matrix (t->n, t->k, "weights", error))
          || (t->m_test > 0
              && !(t->k_test = try_alloc_matrix (t->m_test, t->m, "test kernel", error))))
        return FALSE;
      cblas_dsyrk (CblasColMajor, CblasUpper, CblasTrans, m, n, 1.0, X, n, 0.0, t->gram, m);
      /* Mirror the upper triangle: dgemm on the full G is faster than dsymm
       * for a few columns, and G C then needs one plain dgemm per pass. */
      for (gsize col = 0; col < t->m; col++)
        for (gsize row = col + 1; row < t->m; row++)
          t->gram[col * t->m + row] = t->gram[row * t->m + col];
      if (t->m_test > 0)
        cblas_dgemm (CblasColMajor, CblasTrans, CblasNoTrans, m_test, m, n,
                     1.0, data->X_test, n, X, n, 0.0, t->k_test, m_test);
    }
  else if (!(t->dW = try_alloc_matrix (t->n, t->k, "gradients", error)))
    return FALSE;
  return TRUE;
}

/* OUT = w^T X + b for every run over ROWS examples: the training set
 * (X_train, or its Gram matrix in dual form) or the test set (X_test, or
 * its kernel against the training set). */
static void
scores (Trainer      *t,
        gsize         rows,
        const double *X,
        const double *kernel,
        double       *out)
{
  int n = (int) t->n, m = (int) t->m, r = (int) rows, k = (int) t->k;

  if (t->dual)
    cblas_dgemm (CblasColMajor, CblasNoTrans, CblasNoTrans, r, k, m,
                 1.0, kernel, r, t->state, m, 0.0, out, r);
  else
    cblas_dgemm (CblasColMajor, CblasTrans, CblasNoTrans, r, k, n,
                 1.0, X, n, t->state, n, 0.0, out, r);
  for (guint j = 0; j < t->k; j++)
    for (gsize i = 0; i < rows; i++)
      out[j * rows + i] += t->b[j];
}

/* Z = w^T X + b for every run, over the training set. */
static void
forward_train (Trainer *t)
{
  scores (t, t->m, t->data->X_train, t->gram, t->Z);
}

/* Test-set probabilities for every run into Z_test. */
static void
forward_test (Trainer *t)
{
  if (t->m_test == 0)
    return;
  scores (t, t->m_test, t->data->X_test, t->k_test, t->Z_test);
  for (gsize i = 0; i < t->m_test * t->k; i++)
    t->Z_test[i] = ll_sigmoid (t->Z_test[i]);
}

/* The n x k weights: W itself in primal form, X C in dual form. */
static const double *
weights (Trainer *t)
{
  int n = (int) t->n, m = (int) t->m, k = (int) t->k;

  if (!t->dual)
    return t->state;
  cblas_dgemm (CblasColMajor, CblasNoTrans, CblasNoTrans, n, k, m,
               1.0, t->data->X_train, n, t->state, m, 0.0, t->W, n);
  return t->W;
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

/* Cost and accuracies of every run from the current Z; fills t->progress. */
static void
measure (Trainer *t,
         guint    iteration)
{
  const double *W = t->params->want_snapshots ? weights (t) : NULL;

  forward_test (t);
  for (guint j = 0; j < t->k; j++)
    {
      const double *z = t->Z + j * t->m;
      double *probabilities = t->P_train != NULL ? t->P_train + j * t->m : NULL;
      LlProgress *p = &t->progress[j];
      CompensatedSum loss = { 0 };
      gsize wrong = 0;

      for (gsize i = 0; i < t->m; i++)
        {
          double probability = ll_sigmoid (z[i]);

          compensated_add (&loss, ll_logistic_loss (z[i], t->y[i]));
          wrong += (probability > 0.5) != (t->data->y_train[i] != 0);
          if (probabilities != NULL)
            probabilities[i] = probability;
        }
      p->run = j;
      p->learning_rate = t->params->learning_rates[j];
      p->iteration = iteration;
      p->cost = compensated_value (&loss) / (double) t->m;
      p->train_accuracy = 100.0 - ((double) wrong / (double) t->m) * 100.0;
      p->test_accuracy = ll_accuracy (t->Z_test + j * t->m_test, t->data->y_test, t->m_test, 0.5);
      p->w = W != NULL ? W + j * t->n : NULL;
      p->b = t->b[j];
      p->test_probabilities = W != NULL && t->m_test > 0 ? t->Z_test + j * t->m_test : NULL;
      p->train_probabilities = probabilities;
    }
}

/* One gradient step for every run; Z is overwritten by the residuals. */
static void
step (Trainer *t)
{
  int n = (int) t->n, m = (int) t->m, k = (int) t->k;

  for (guint j = 0; j < t->k; j++)
    {
      double *r = t->Z + j * t->m;
      double sum = 0;

      for (gsize i = 0; i < t->m; i++)
        {
          r[i] = ll_sigmoid (r[i]) - t->y[i];
          sum += r[i];
        }
      t->b[j] -= t->params->learning_rates[j] * (sum / (double) t->m);
    }

  if (t->dual)
    {
      /* w - lr X r / m = X (c - lr r / m): the update stays in the span. */
      for (guint j = 0; j < t->k; j++)
        cblas_daxpy (m, -t->params->learning_rates[j] / (double) t->m,
                     t->Z + j * t->m, 1, t->state + j * t->m, 1);
    }
  else
    {
      cblas_dgemm (CblasColMajor, CblasNoTrans, CblasNoTrans, n, k, m,
                   1.0 / (double) t->m, t->data->X_train, n, t->Z, m, 0.0, t->dW, n);
      for (guint j = 0; j < t->k; j++)
        cblas_daxpy (n, -t->params->learning_rates[j],
                     t->dW + j * t->n, 1, t->state + j * t->n, 1);
    }
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

  if (!ll_train_params_validate (params, error) || !validate_data (data, error))
    return NULL;
  if (!trainer_init (&t, data, params, error))
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

      if (cancelled (params))
        goto cancel;
      forward_train (&t);
      if (last || iteration % params->record_every == 0)
        {
          measure (&t, iteration);
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
      step (&t);
    }

  W = t.dual && params->want_snapshots ? t.W : weights (&t);
  for (guint j = 0; j < t.k; j++)
    {
      LlModel *model = g_ptr_array_index (models, j);

      memcpy (model->w, W + j * t.n, sizeof (double) * t.n);
      model->b = t.b[j];
      model->train_accuracy = t.progress[j].train_accuracy;
      model->test_accuracy = t.progress[j].test_accuracy;
    }
  trainer_clear (&t);
  return g_steal_pointer (&models);

cancel:
  trainer_clear (&t);
  g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_CANCELLED,
                       "training was cancelled");
  return NULL;
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

  cblas_dgemv (CblasColMajor, CblasTrans, (int) n, (int) m, 1.0, X, (int) n, w, 1, 0.0, Z, 1);
  for (gsize i = 0; i < m; i++)
    {
      double z = Z[i] + b;

      compensated_add (&loss, ll_logistic_loss (z, Y[i]));
      Z[i] = ll_sigmoid (z) - Y[i];
      residual_sum += Z[i];
    }
  cblas_dgemv (CblasColMajor, CblasNoTrans, (int) n, (int) m, 1.0 / (double) m, X, (int) n, Z, 1,
               0.0, dw, 1);
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
  for (guint i = 0; i < iterations; i++)
    {
      cost = propagate_with (w, *b, X, Y, n, m, Z, gradient, &bias_gradient);
      cblas_daxpy ((int) n, -learning_rate, gradient, 1, w, 1);
      *b -= learning_rate * bias_gradient;
    }
  if (dw != NULL)
    memcpy (dw, gradient, sizeof (double) * n);
  if (db != NULL)
    *db = bias_gradient;
  return cost;
}
