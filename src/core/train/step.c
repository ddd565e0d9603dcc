/* SPDX-License-Identifier: GPL-3.0-or-later */
/* step.c: the seeds' forward and backward pass, every value kept. */
#include "config.h"

#include "step.h"
#include "features-private.h"
#include "model.h"
#include "vmath.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

void
ll_step_free (LlStep *step)
{
  if (step == NULL)
    return;
  g_free (step->w);
  g_free (step->z);
  g_free (step->a);
  g_free (step->dz);
  g_free (step->dw);
  g_free (step->w_next);
  g_free (step);
}

/* The pass at STEP->w, STEP->b: everything but the update. */
static void
forward_backward (const LlTrainData *data,
                  const double      *y,
                  LlStep            *step)
{
  double dz_sum = 0;

  ll_features_scores (data, step->w, step->b, step->z);
  for (gsize i = 0; i < step->m; i++)
    {
      step->a[i] = ll_sigmoid (step->z[i]);
      step->dz[i] = step->a[i] - y[i];
      dz_sum += step->dz[i];
    }
  step->cost = ll_vlogistic_loss_sum (step->z, y, step->m) / (double) step->m;
  ll_features_combine (data, step->dz, step->dw);
  for (gsize f = 0; f < step->n_features; f++)
    step->dw[f] /= (double) step->m;
  step->db = dz_sum / (double) step->m;
}

LlStep *
ll_step_compute (const LlTrainData  *data,
                 const double       *initial_w,
                 double              initial_b,
                 double              learning_rate,
                 guint               iterations,
                 GError            **error)
{
  g_autoptr (LlStep) step = NULL;
  g_autofree double *y = NULL;
  gsize n, m;

  g_return_val_if_fail (data != NULL, NULL);
  n = data->n_features;
  m = data->m_train;
  if (n < 1 || m < 1 || data->y_train == NULL
      || (data->X_train == NULL && data->pixels_train == NULL))
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("the training set is empty"));
      return NULL;
    }
  if (!(isfinite (learning_rate) && learning_rate > 0) || !isfinite (initial_b))
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("the learning rate must be a finite positive number and the bias finite"));
      return NULL;
    }

  step = g_new0 (LlStep, 1);
  step->n_features = n;
  step->m = m;
  step->learning_rate = learning_rate;
  step->w = initial_w != NULL ? g_memdup2 (initial_w, sizeof (double) * n) : g_new0 (double, n);
  step->b = initial_b;
  step->z = g_new (double, m);
  step->a = g_new (double, m);
  step->dz = g_new (double, m);
  step->dw = g_new (double, n);
  step->w_next = g_new (double, n);
  y = g_new (double, m);
  for (gsize i = 0; i < m; i++)
    y[i] = data->y_train[i];

  for (guint iteration = 0; ; iteration++)
    {
      forward_backward (data, y, step);
      for (gsize f = 0; f < n; f++)
        step->w_next[f] = step->w[f] - learning_rate * step->dw[f];
      step->b_next = step->b - learning_rate * step->db;
      step->iteration = iteration;
      if (iteration == iterations)
        break;
      memcpy (step->w, step->w_next, sizeof (double) * n);
      step->b = step->b_next;
    }
  return g_steal_pointer (&step);
}
