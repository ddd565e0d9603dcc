/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep.c: log-spaced learning rates through ll_train, a batch at a time. */
#include "config.h"

#include "sweep.h"

#include <math.h>
#include <glib/gi18n-lib.h>

#define DEFAULT_BATCH 8

void
ll_sweep_rates (double  from,
                double  to,
                guint   count,
                double *rates)
{
  double lo = log10 (from), span = log10 (to) - lo;

  /* As numpy's logspace: 10 to evenly spaced exponents, the product before
   * the division so that 1e-5 ... 10 in 40 steps holds exactly 0.001. */
  for (guint i = 0; i < count; i++)
    rates[i] = count == 1 ? from
               : i == 0 ? from
               : i + 1 == count ? to
               : pow (10, lo + span * (double) i / (double) (count - 1));
}

gboolean
ll_sweep_diverged (double cost)
{
  return !isfinite (cost) || cost > LL_SWEEP_DIVERGED_FACTOR * G_LN2;
}

GArray *
ll_sweep (const LlTrainData    *data,
          const LlSweepParams  *params,
          LlSweepProgressFunc   progress,
          gpointer              user_data,
          GError              **error)
{
  g_autoptr (GArray) results = NULL;
  g_autofree double *rates = NULL;
  guint batch;

  g_return_val_if_fail (params != NULL, NULL);
  if (!(isfinite (params->from) && isfinite (params->to) && params->from > 0
        && params->to >= params->from) || params->count < 1)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("a sweep needs 0 < from <= to and at least one rate"));
      return NULL;
    }
  batch = params->batch > 0 ? params->batch : progress != NULL ? DEFAULT_BATCH : params->count;
  rates = g_new (double, params->count);
  ll_sweep_rates (params->from, params->to, params->count, rates);
  results = g_array_sized_new (FALSE, TRUE, sizeof (LlSweepResult), params->count);

  for (guint first = 0; first < params->count; first += batch)
    {
      guint k = MIN (batch, params->count - first);
      const LlTrainParams train = {
        .learning_rates = rates + first,
        .n_rates = k,
        .iterations = params->iterations,
        /* Only the final state matters: records at 0 and at the end. */
        .record_every = params->iterations,
        .form = LL_TRAINER_FORM_AUTO,
        .cancel = params->cancel,
        .n_threads = params->n_threads,
      };
      /* No progress callback: the trainer scores the test set once, at the end. */
      g_autoptr (GPtrArray) models = ll_train (data, &train, NULL, NULL, error);

      if (models == NULL)
        return NULL;
      for (guint j = 0; j < k; j++)
        {
          const LlModel *model = g_ptr_array_index (models, j);
          LlSweepResult result = {
            .learning_rate = rates[first + j],
            .cost = model->n_costs > 0 ? model->costs[model->n_costs - 1].cost : NAN,
            .train_accuracy = model->train_accuracy,
            .test_accuracy = model->test_accuracy,
          };

          result.diverged = ll_sweep_diverged (result.cost);
          g_array_append_val (results, result);
        }
      if (progress != NULL
          && !progress ((const LlSweepResult *) results->data, results->len, params->count,
                        user_data))
        {
          g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_CANCELLED,
                               _("the sweep was cancelled"));
          return NULL;
        }
    }
  return g_steal_pointer (&results);
}
