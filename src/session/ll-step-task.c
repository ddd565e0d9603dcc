/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-task.c: see ll-step-task.h. */
#include "config.h"

#include "ll-step-task.h"

#include "core/train/landscape.h"
#include "ll-worker-priority.h"

typedef struct {
  LlSharedDataset *dataset;
  double *w;
  double b;
  double learning_rate;
  guint line_points;
} Request;

static void
request_free (Request *request)
{
  ll_shared_dataset_unref (request->dataset);
  g_free (request->w);
  g_free (request);
}

void
ll_step_task_result_free (LlStepTaskResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->step, ll_step_free);
  g_free (result->etas);
  g_free (result->costs);
  g_free (result);
}

static void
step_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Request *request = task_data;
  LlTrainData data = ll_train_data_from_pixels (ll_shared_dataset_get (request->dataset));
  g_autoptr(LlStepTaskResult) result = g_new0 (LlStepTaskResult, 1);
  GError *error = NULL;
  LlWorkerPriority priority;

  ll_worker_priority_lower (&priority);
  result->step = ll_step_compute (&data, request->w, request->b, request->learning_rate, 0, &error);
  if (result->step != NULL && request->line_points > 0)
    {
      result->line_points = request->line_points;
      result->etas = g_new (double, request->line_points);
      result->costs = g_new (double, request->line_points);
      ll_landscape_line (&data, request->w, request->b, result->step->dw, result->step->db,
                         3 * request->learning_rate, request->line_points, result->etas,
                         result->costs, &result->best_eta, &result->best_cost);
    }
  ll_worker_priority_restore (&priority);
  if (result->step == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) ll_step_task_result_free);
}

/* The task holds its owner weakly: a view dropped while its step computes
 * is finalized where it is dropped (the UI thread), never on the worker
 * when the task's last reference goes there. */
typedef struct {
  GWeakRef owner;
  GAsyncReadyCallback callback;
  gpointer user_data;
} Delivery;

static void
deliver (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Delivery *delivery = data;
  g_autoptr(GObject) owner = g_weak_ref_get (&delivery->owner);

  delivery->callback (owner, result, delivery->user_data);
  g_weak_ref_clear (&delivery->owner);
  g_free (delivery);
}

void
ll_step_task_run (gpointer             owner,
                  LlSharedDataset     *dataset,
                  const double        *w,
                  double               b,
                  double               learning_rate,
                  guint                line_points,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  Delivery *delivery = g_new0 (Delivery, 1);
  g_autoptr(GTask) task = NULL;
  Request *request = g_new0 (Request, 1);

  g_weak_ref_init (&delivery->owner, owner);
  delivery->callback = callback;
  delivery->user_data = user_data;
  task = g_task_new (NULL, cancellable, deliver, delivery);
  request->dataset = ll_shared_dataset_ref (dataset);
  request->w = g_memdup2 (w, sizeof (double) * ll_shared_dataset_get (dataset)->n_features);
  request->b = b;
  request->learning_rate = learning_rate;
  request->line_points = line_points;
  g_task_set_source_tag (task, ll_step_task_run);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, step_thread);
}

LlStepTaskResult *
ll_step_task_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
