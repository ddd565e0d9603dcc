/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep.h: many learning rates, log-spaced, trained for the same iterations
 * (issue 17): each rate's final cost, accuracies and whether it diverged.
 *
 * The rates are trained by ll_train, several in each pass over the data
 * (`batch` rates a job), from w = 0, b = 0. No globals, no printing. */
#pragma once

#include <glib.h>
#include "trainer.h"

G_BEGIN_DECLS

/* A run diverged when its final cost is not finite or exceeds
 * LL_SWEEP_DIVERGED_FACTOR times the cost at the start, ln 2 (the cost of
 * answering 1/2 for every example): twice "knowing nothing" is a rate that
 * made the model worse than where it began, not one still on its way down. */
#define LL_SWEEP_DIVERGED_FACTOR 2.0

typedef struct {
  double learning_rate;
  double cost;            /* final training cost */
  double train_accuracy;  /* percent */
  double test_accuracy;   /* percent, NAN without a test set */
  gboolean diverged;
} LlSweepResult;

/* Called on the sweeping thread after each batch with every result so far
 * (DONE of N_TOTAL, in rate order). Return FALSE to stop (the sweep then fails
 * with LL_TRAINER_ERROR_CANCELLED). */
typedef gboolean (*LlSweepProgressFunc) (const LlSweepResult *results,
                                         guint                done,
                                         guint                n_total,
                                         gpointer             user_data);

typedef struct {
  double from;            /* the smallest rate, > 0 */
  double to;              /* the largest, >= from */
  guint count;            /* >= 1 rates, 10^(log10 from + i (log10 to - log10 from) / (count - 1)) */
  guint iterations;       /* >= 1 */
  guint batch;            /* rates per training job; 0 = 8 with a progress
                           * callback (it is called after each job), else all */
  guint n_threads;        /* as LlTrainParams.n_threads */
  const gint *cancel;     /* optional, read once per iteration */
} LlSweepParams;

/* COUNT log-spaced rates from FROM to TO (exactly FROM and TO at the ends)
 * into RATES. */
void        ll_sweep_rates        (double  from,
                                   double  to,
                                   guint   count,
                                   double *rates);

gboolean    ll_sweep_diverged     (double cost);

/* The sweep: a GArray of params->count LlSweepResult in rate order, or NULL
 * with ERROR set (invalid parameters or data, out of memory, cancelled). */
GArray     *ll_sweep              (const LlTrainData   *data,
                                   const LlSweepParams *params,
                                   LlSweepProgressFunc  progress,
                                   gpointer             user_data,
                                   GError             **error);

G_END_DECLS
