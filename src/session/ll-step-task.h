/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-task.h: one gradient step of a model over all m examples
 * (O(mn), core/train/step.h) on a worker thread at a lower priority, and
 * optionally the cost along the step's line w - eta dw (issue 18.3), for the
 * views that show a step: the step inspector, the landscape's line. */
#pragma once

#include <gio/gio.h>

#include "core/train/step.h"
#include "ll-shared-dataset.h"

G_BEGIN_DECLS

typedef struct {
  LlStep *step;
  guint line_points;     /* 0: no line asked */
  double *etas;          /* line_points: 0 to 3 x the learning rate */
  double *costs;         /* line_points */
  double best_eta;
  double best_cost;
} LlStepTaskResult;

void              ll_step_task_result_free (LlStepTaskResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlStepTaskResult, ll_step_task_result_free)

/* Starts the step from W (DATASET's n_features, copied), B at LEARNING_RATE
 * on DATASET's training set (referenced until done), with LINE_POINTS costs
 * along its line (0: none). CALLBACK runs in the caller's main context with
 * OWNER as its object, held weakly: NULL when OWNER is gone by then. */
void              ll_step_task_run         (gpointer             owner,
                                            LlSharedDataset     *dataset,
                                            const double        *w,
                                            double               b,
                                            double               learning_rate,
                                            guint                line_points,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
LlStepTaskResult *ll_step_task_finish      (GAsyncResult        *result,
                                            GError             **error);

G_END_DECLS
