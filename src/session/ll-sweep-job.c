/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-sweep-job.c: see ll-sweep-job.h.
 *
 * The worker's state (Worker) is shared by the job, the GTask and each
 * delivery of results, and refcounted: the job may be dropped, or started
 * again, while an old worker still runs. Deliveries carry their worker, and
 * the job takes only those of its current one. */
#include "config.h"

#include "ll-sweep-job.h"
#include "ll-worker-priority.h"

#include <glib/gi18n-lib.h>
#include <math.h>


#define MAX_ITERATIONS 100000000u

typedef struct {
  GWeakRef job;
  LlSharedDataset *dataset;
  LlSweepJobConfig config;
  gint cancel;            /* atomic: read by the trainer once per iteration */
  guint delivered;        /* worker thread only: results handed on so far */
} Worker;

struct _LlSweepJob
{
  GObject parent_instance;

  Worker *worker;         /* the current one, NULL when none runs */
  GArray *results;        /* LlSweepResult, in rate order */
  LlSweepJobConfig config;
};

G_DEFINE_FINAL_TYPE (LlSweepJob, ll_sweep_job, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_FRACTION,
  N_PROPS
};

enum {
  SIGNAL_RESULTS_ADDED,
  SIGNAL_FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* ---- the worker's state ---- */

static void
worker_clear (gpointer data)
{
  Worker *worker = data;

  g_weak_ref_clear (&worker->job);
  g_clear_pointer (&worker->dataset, ll_shared_dataset_unref);
}

static Worker *
worker_ref (Worker *worker)
{
  return g_atomic_rc_box_acquire (worker);
}

static void
worker_unref (Worker *worker)
{
  g_atomic_rc_box_release_full (worker, worker_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Worker, worker_unref)

/* The job WORKER belongs to, if it is still there and WORKER still its
 * current worker (a new reference), else NULL. */
static LlSweepJob *
worker_get_job (Worker *worker)
{
  LlSweepJob *job = g_weak_ref_get (&worker->job);

  if (job != NULL && job->worker != worker)
    g_clear_object (&job);
  return job;
}

/* ---- results on the job's thread ---- */

static void
append_results (LlSweepJob *self, const LlSweepResult *results, guint n_total)
{
  guint position = self->results->len;

  if (n_total <= position)
    return;
  g_array_append_vals (self->results, results + position, n_total - position);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_signal_emit (self, signals[SIGNAL_RESULTS_ADDED], 0, position, n_total - position);
}

/* Results 0..DONE - 1 (the first ones the job may have already). */
typedef struct {
  Worker *worker;
  LlSweepResult *results;
  guint done;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  worker_unref (delivery->worker);
  g_free (delivery->results);
  g_free (delivery);
}

static gboolean
deliver (gpointer data)
{
  Delivery *delivery = data;
  g_autoptr(LlSweepJob) self = worker_get_job (delivery->worker);

  if (self == NULL)
    return G_SOURCE_REMOVE;
  append_results (self, delivery->results, delivery->done);
  return G_SOURCE_REMOVE;
}

static void
post (GMainContext *context, Delivery *delivery)
{
  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, deliver, delivery, delivery_free);
}

/* ---- the worker thread ---- */

typedef struct {
  Worker *worker;
  GMainContext *context;
} Progress;

static gboolean
on_sweep_progress (const LlSweepResult *results,
                   guint                done,
                   guint                n_total,
                   gpointer             user_data)
{
  Progress *progress = user_data;
  Worker *worker = progress->worker;
  Delivery *delivery;

  if (g_atomic_int_get (&worker->cancel))
    return FALSE;
  if (done > worker->delivered)
    {
      /* Copies of all DONE: the job takes the ones it lacks. */
      delivery = g_new0 (Delivery, 1);
      delivery->worker = worker_ref (worker);
      delivery->results = g_memdup2 (results, done * sizeof (LlSweepResult));
      delivery->done = done;
      post (progress->context, delivery);
      worker->delivered = done;
    }
  return TRUE;
}

static void
sweep_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Worker *worker = task_data;
  const LlTrainData data = ll_train_data_from_pixels (ll_shared_dataset_get (worker->dataset));
  Progress progress = { worker, g_task_get_context (task) };
  LlSweepParams params = {
    .from = worker->config.from,
    .to = worker->config.to,
    .count = worker->config.count,
    .iterations = worker->config.iterations,
    .cancel = &worker->cancel,
    /* A core left for the UI, as the training session does. */
    .n_threads = LL_SESSION_WORKER_THREADS,
  };
  GError *error = NULL;
  GArray *results;
  LlWorkerPriority priority;

  ll_worker_priority_lower (&priority);
  results = ll_sweep (&data, &params, on_sweep_progress, &progress, &error);
  ll_worker_priority_restore (&priority);
  if (results == NULL)
    {
      if (g_error_matches (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The sweep was cancelled"));
        }
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, results, (GDestroyNotify) g_array_unref);
}

static void
on_sweep_done (GObject      *source_object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Worker) worker = user_data;
  g_autoptr(LlSweepJob) self = worker_get_job (worker);
  g_autoptr(GArray) results = NULL;
  g_autoptr(GError) error = NULL;

  results = g_task_propagate_pointer (G_TASK (result), &error);
  if (self == NULL)
    return;
  /* Deliveries still queued behind this find the worker gone and drop. */
  g_clear_pointer (&self->worker, worker_unref);
  if (results != NULL)
    append_results (self, (const LlSweepResult *) results->data, results->len);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[SIGNAL_FINISHED], 0, error);
}

/* ---- GObject ---- */

static void
ll_sweep_job_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LlSweepJob *self = LL_SWEEP_JOB (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, ll_sweep_job_get_running (self));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, ll_sweep_job_get_fraction (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_sweep_job_dispose (GObject *object)
{
  LlSweepJob *self = LL_SWEEP_JOB (object);

  /* The worker stops at its next iteration and frees itself. */
  if (self->worker != NULL)
    g_atomic_int_set (&self->worker->cancel, 1);
  g_clear_pointer (&self->worker, worker_unref);
  G_OBJECT_CLASS (ll_sweep_job_parent_class)->dispose (object);
}

static void
ll_sweep_job_finalize (GObject *object)
{
  LlSweepJob *self = LL_SWEEP_JOB (object);

  g_clear_pointer (&self->results, g_array_unref);
  G_OBJECT_CLASS (ll_sweep_job_parent_class)->finalize (object);
}

static void
ll_sweep_job_class_init (LlSweepJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ll_sweep_job_get_property;
  object_class->dispose = ll_sweep_job_dispose;
  object_class->finalize = ll_sweep_job_finalize;

  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlSweepJob::results-added:
   * @position: the index of the first new result
   * @n_added: how many were appended
   */
  signals[SIGNAL_RESULTS_ADDED] =
    g_signal_new ("results-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * LlSweepJob::finished:
   * @error: (nullable): NULL when every rate is done, G_IO_ERROR_CANCELLED
   *   after a cancel, else why the sweep failed
   */
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ll_sweep_job_init (LlSweepJob *self)
{
  self->results = g_array_new (FALSE, FALSE, sizeof (LlSweepResult));
}

/* ---- public API ---- */

LlSweepJob *
ll_sweep_job_new (void)
{
  return g_object_new (LL_TYPE_SWEEP_JOB, NULL);
}

gboolean
ll_sweep_job_validate (const LlSweepJobConfig *config, GError **error)
{
  g_return_val_if_fail (config != NULL, FALSE);

  if (!isfinite (config->from) || config->from <= 0 || !isfinite (config->to) || config->to <= 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The learning rates to sweep must be positive numbers"));
      return FALSE;
    }
  if (config->to < config->from)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The largest learning rate must not be less than the smallest"));
      return FALSE;
    }
  if (config->count < 1 || config->count > LL_SWEEP_JOB_MAX_COUNT)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Sweep 1 to %u learning rates"), LL_SWEEP_JOB_MAX_COUNT);
      return FALSE;
    }
  if (config->iterations < 1 || config->iterations > MAX_ITERATIONS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("Train each rate for 1 to %u iterations"), MAX_ITERATIONS);
      return FALSE;
    }
  return TRUE;
}

gboolean
ll_sweep_job_start (LlSweepJob             *self,
                    LlSharedDataset        *dataset,
                    const LlSweepJobConfig *config,
                    GError                **error)
{
  g_autoptr(GTask) task = NULL;
  Worker *worker;

  g_return_val_if_fail (LL_IS_SWEEP_JOB (self), FALSE);
  g_return_val_if_fail (dataset != NULL, FALSE);

  if (!ll_sweep_job_validate (config, error))
    return FALSE;

  /* The old worker (if any) stops on its own; its results are not ours. */
  if (self->worker != NULL)
    g_atomic_int_set (&self->worker->cancel, 1);
  g_clear_pointer (&self->worker, worker_unref);
  g_array_set_size (self->results, 0);
  self->config = *config;

  worker = g_atomic_rc_box_new0 (Worker);
  g_weak_ref_init (&worker->job, self);
  worker->dataset = ll_shared_dataset_ref (dataset);
  worker->config = *config;
  self->worker = worker_ref (worker);

  /* No source object: the task must not keep the job alive. */
  task = g_task_new (NULL, NULL, on_sweep_done, worker_ref (worker));
  g_task_set_source_tag (task, ll_sweep_job_start);
  g_task_set_name (task, "[logistic-lab] sweep");
  g_task_set_task_data (task, worker, (GDestroyNotify) worker_unref);
  g_task_run_in_thread (task, sweep_thread);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  return TRUE;
}

void
ll_sweep_job_cancel (LlSweepJob *self)
{
  g_return_if_fail (LL_IS_SWEEP_JOB (self));

  if (self->worker != NULL)
    g_atomic_int_set (&self->worker->cancel, 1);
}

const LlSweepResult *
ll_sweep_job_get_results (LlSweepJob *self, guint *n_results)
{
  g_return_val_if_fail (LL_IS_SWEEP_JOB (self), NULL);
  g_return_val_if_fail (n_results != NULL, NULL);

  *n_results = self->results->len;
  return (const LlSweepResult *) self->results->data;
}

void
ll_sweep_job_get_config (LlSweepJob *self, LlSweepJobConfig *config)
{
  g_return_if_fail (LL_IS_SWEEP_JOB (self));
  g_return_if_fail (config != NULL);

  *config = self->config;
}

gboolean
ll_sweep_job_get_running (LlSweepJob *self)
{
  g_return_val_if_fail (LL_IS_SWEEP_JOB (self), FALSE);

  return self->worker != NULL;
}

double
ll_sweep_job_get_fraction (LlSweepJob *self)
{
  g_return_val_if_fail (LL_IS_SWEEP_JOB (self), 0);

  return self->config.count > 0 ? (double) self->results->len / self->config.count : 0;
}
