/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-training-session.c: the worker thread and its hand-over to the UI.
 *
 * Threads share exactly one thing, the Job below (atomic refcount): its
 * control fields live behind job->lock; the cancel and attention flags are
 * atomic ints that ll_train() reads every iteration, so a pause parks the
 * worker between two iterations, not only at record points. The worker never touches the
 * session object: it posts Messages to the main context, and the UI side
 * decides there whether the message still belongs to the current job. */
#include "config.h"

#include <math.h>
#include <string.h>
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <glib/gi18n.h>

#include "ll-training-session.h"

/* How many record points may wait for the UI before the worker waits too:
 * keeps memory bounded and the UI current at full speed. */
#define MAX_PENDING 4
#define SLOWEST_RUN_SECONDS 30.0

typedef struct {
  /* Set once before the thread starts, then read-only. */
  LlSharedDataset *dataset;
  double *rates;
  guint n_rates;
  guint iterations;
  guint record_every;
  gboolean want_snapshots;
  GMainContext *context;
  GThread *thread;            /* UI thread only: joined and cleared there */
  LlTrainingSession *session; /* UI thread only: cleared by the session's dispose */

  gint cancel;                /* atomic */
  gint attention;             /* atomic: set with pause_requested, cleared on release */

  GMutex lock;                /* guards everything below */
  GCond cond;
  gboolean pause_requested;
  gboolean pause_reported;
  guint steps_left;           /* record points to deliver before pausing; 0 = no limit */
  double speed;
  gint64 mark;                /* when the current paced interval began */
  guint pending;              /* record points posted, not yet dispatched */
} Job;

typedef enum {
  MESSAGE_RECORD,
  MESSAGE_PAUSED,
  MESSAGE_DONE,
} MessageKind;

typedef struct {
  Job *job;
  MessageKind kind;
  LlSessionSnapshot *snapshot;  /* RECORD */
  GPtrArray *models;            /* DONE, on success */
  GError *error;                /* DONE, on failure */
} Message;

struct _LlTrainingSession
{
  GObject parent_instance;

  LlSharedDataset *dataset;
  Job *job;                     /* the current job, or NULL */
  GPtrArray *retiring;          /* cancelled jobs whose thread is not joined yet */
  LlSessionState state;
  double speed;
  gboolean want_snapshots;

  double *rates;
  guint n_rates;
  guint iterations;
  guint record_every;
  guint n_records;
  LlSessionSnapshot *snapshot;
  GPtrArray *models;
};

G_DEFINE_FINAL_TYPE (LlTrainingSession, ll_training_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_BUSY,
  PROP_SPEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PROGRESS,
  SIGNAL_RECORD_POINT,
  SIGNAL_FINISHED,
  SIGNAL_FAILED,
  SIGNAL_RESET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GType
ll_session_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { LL_SESSION_IDLE, "LL_SESSION_IDLE", "idle" },
        { LL_SESSION_RUNNING, "LL_SESSION_RUNNING", "running" },
        { LL_SESSION_PAUSED, "LL_SESSION_PAUSED", "paused" },
        { LL_SESSION_FINISHED, "LL_SESSION_FINISHED", "finished" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static ("LlSessionState", values);
      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

/* Snapshots ------------------------------------------------------------- */

typedef struct {
  LlSessionSnapshot public;
  double *w_copies;             /* n_runs * n_features */
  double *probability_copies;   /* n_runs * m_test */
  double *train_copies;         /* n_runs * m_train */
} Snapshot;

/* A copy of LENGTH doubles at SOURCE into run I's slot of *COPIES (allocated
 * for N_RUNS runs on first use); NULL when there is nothing to copy. */
static const double *
copy_run_array (double       **copies,
                guint          i,
                guint          n_runs,
                const double  *source,
                gsize          length)
{
  if (source == NULL || length == 0)
    return NULL;
  if (*copies == NULL)
    *copies = g_new (double, n_runs * length);
  memcpy (*copies + i * length, source, length * sizeof (double));
  return *copies + i * length;
}

static LlSessionSnapshot *
snapshot_new (const LlProgress *runs,
              guint             n_runs,
              gsize             n_features,
              gsize             m_train,
              gsize             m_test)
{
  Snapshot *snapshot = g_atomic_rc_box_new0 (Snapshot);
  LlSessionSnapshot *pub = &snapshot->public;

  pub->iteration = n_runs > 0 ? runs[0].iteration : 0;
  pub->n_runs = n_runs;
  pub->runs = g_memdup2 (runs, sizeof (LlProgress) * n_runs);
  pub->n_features = n_features;
  pub->m_test = m_test;
  pub->m_train = m_train;

  for (guint i = 0; i < n_runs; i++)
    {
      LlProgress *run = &pub->runs[i];

      run->w = copy_run_array (&snapshot->w_copies, i, n_runs, run->w, n_features);
      run->test_probabilities = copy_run_array (&snapshot->probability_copies, i, n_runs,
                                                run->test_probabilities, m_test);
      run->train_probabilities = copy_run_array (&snapshot->train_copies, i, n_runs,
                                                 run->train_probabilities, m_train);
    }
  return pub;
}

LlSessionSnapshot *
ll_session_snapshot_ref (LlSessionSnapshot *snapshot)
{
  return g_atomic_rc_box_acquire (snapshot);
}

static void
snapshot_clear (gpointer data)
{
  Snapshot *snapshot = data;

  g_free (snapshot->public.runs);
  g_free (snapshot->w_copies);
  g_free (snapshot->probability_copies);
  g_free (snapshot->train_copies);
}

void
ll_session_snapshot_unref (LlSessionSnapshot *snapshot)
{
  g_atomic_rc_box_release_full (snapshot, snapshot_clear);
}

/* Jobs ------------------------------------------------------------------ */

static void
job_clear (gpointer data)
{
  Job *job = data;

  g_assert (job->thread == NULL);
  g_clear_pointer (&job->dataset, ll_shared_dataset_unref);
  g_free (job->rates);
  g_main_context_unref (job->context);
  g_mutex_clear (&job->lock);
  g_cond_clear (&job->cond);
}

static Job *
job_ref (Job *job)
{
  return g_atomic_rc_box_acquire (job);
}

static void
job_unref (Job *job)
{
  g_atomic_rc_box_release_full (job, job_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_unref)

static gboolean
job_cancelled (Job *job)
{
  return g_atomic_int_get (&job->cancel) != 0;
}

/* Called by the UI side: the worker wakes from any wait and ll_train() stops
 * at its next iteration. */
static void
job_cancel (Job *job)
{
  g_atomic_int_set (&job->cancel, 1);
  g_mutex_lock (&job->lock);
  g_cond_broadcast (&job->cond);
  g_mutex_unlock (&job->lock);
}

double
ll_training_session_speed_to_seconds (double speed)
{
  if (speed >= 0.995)
    return 0;
  /* Log scale: 30 s at 0, 6 s at 0.35, 0.3 s near 1. */
  return SLOWEST_RUN_SECONDS * pow (10.0, -2.0 * CLAMP (speed, 0.0, 1.0));
}

/* With job->lock held: microseconds one record interval is paced to. */
static gint64
job_interval_usec (Job *job)
{
  double seconds = ll_training_session_speed_to_seconds (job->speed);

  return (gint64) (seconds * G_USEC_PER_SEC * job->record_every / job->iterations);
}

static void message_free (gpointer data);
static gboolean message_dispatch (gpointer data);

/* Any thread: queues MESSAGE on the job's main context (never runs it here:
 * g_main_context_invoke() would run it on this thread when the context is free). */
static void
job_post (Job         *job,
          MessageKind  kind,
          gpointer     payload,
          GError      *error)
{
  Message *message = g_new0 (Message, 1);
  g_autoptr (GSource) source = g_idle_source_new ();

  message->job = job_ref (job);
  message->kind = kind;
  if (kind == MESSAGE_RECORD)
    message->snapshot = payload;
  else if (kind == MESSAGE_DONE)
    message->models = payload;
  message->error = error;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, message_dispatch, message, message_free);
  g_source_set_static_name (source, "[logistic-lab] training message");
  g_source_attach (source, job->context);
}

/* Worker thread, job->lock held: while a pause is asked, say so once and
 * wait for resume, step or cancel. */
static void
job_wait_while_paused (Job *job)
{
  while (job->pause_requested && !job_cancelled (job))
    {
      if (!job->pause_reported)
        {
          job->pause_reported = TRUE;
          job_post (job, MESSAGE_PAUSED, NULL, NULL);
        }
      g_cond_wait (&job->cond, &job->lock);
    }
}

/* Worker thread, between two iterations, when job->attention is set: a pause
 * asked between record points parks here, so it acts within one iteration
 * however long an interval takes to compute. Returns FALSE when cancelled. */
static gboolean
job_on_attention (guint    iteration,
                  gpointer user_data)
{
  Job *job = user_data;
  gint64 parked_at;

  g_mutex_lock (&job->lock);
  parked_at = g_get_monotonic_time ();
  job_wait_while_paused (job);
  /* The time parked does not count toward the current interval's pace. */
  job->mark += g_get_monotonic_time () - parked_at;
  g_mutex_unlock (&job->lock);

  return !job_cancelled (job);
}

/* Worker thread, at each record point: hand the states over, then wait as
 * the pace, a pause or a step asks. Returns FALSE when cancelled. */
static gboolean
job_on_progress (const LlProgress *runs,
                 guint             n_runs,
                 gpointer          user_data)
{
  Job *job = user_data;
  const LlDataset *dataset = ll_shared_dataset_get (job->dataset);
  LlSessionSnapshot *snapshot;
  gboolean last = n_runs > 0 && runs[0].iteration >= job->iterations;

  snapshot = snapshot_new (runs, n_runs, dataset->n_features, dataset->train.count,
                           dataset->test.count);

  g_mutex_lock (&job->lock);

  while (job->pending >= MAX_PENDING && !job_cancelled (job))
    g_cond_wait (&job->cond, &job->lock);
  job->pending++;
  job_post (job, MESSAGE_RECORD, snapshot, NULL);

  if (job->steps_left > 0 && --job->steps_left == 0)
    job->pause_requested = TRUE;

  while (!job_cancelled (job) && !last)
    {
      gint64 deadline;

      if (job->pause_requested)
        {
          job_wait_while_paused (job);
          continue;
        }
      /* Recomputed after every wake-up: the speed may have changed. */
      deadline = job->mark + job_interval_usec (job);
      if (g_get_monotonic_time () >= deadline)
        break;
      g_cond_wait_until (&job->cond, &job->lock, deadline);
    }
  job->mark = g_get_monotonic_time ();

  g_mutex_unlock (&job->lock);

  return !job_cancelled (job);
}

static gpointer
job_thread (gpointer data)
{
  g_autoptr (Job) job = data;
  const LlDataset *dataset = ll_shared_dataset_get (job->dataset);
  GPtrArray *models = NULL;
  GError *error = NULL;
  LlTrainParams params = {
    .learning_rates = job->rates,
    .n_rates = job->n_rates,
    .iterations = job->iterations,
    .record_every = job->record_every,
    .form = LL_TRAINER_FORM_AUTO,
    .want_snapshots = job->want_snapshots,
    .cancel = &job->cancel,
    .attention = &job->attention,
    .on_attention = job_on_attention,
    /* One core stays with the UI and the display server, or the main loop
     * stalls past a frame while the trainer runs (tests/bench/bench-stall). */
    .n_threads = MAX (g_get_num_processors (), 2) - 1,
  };
  /* The trainer reads the shared dataset's 8-bit pixels: no float64 copy. */
  LlTrainData train_data = ll_train_data_from_pixels (dataset);

#ifdef __linux__
  /* On two cores the trainer and the UI compete: let the UI win. (Linux
   * applies a "process" priority to the calling thread alone.) */
  (void) setpriority (PRIO_PROCESS, (id_t) gettid (), 5);
#endif

  g_mutex_lock (&job->lock);
  job->mark = g_get_monotonic_time ();
  g_mutex_unlock (&job->lock);

  if (!job_cancelled (job))
    models = ll_train (&train_data, &params, job_on_progress, job, &error);
  else
    g_set_error_literal (&error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_CANCELLED,
                         _("Training was cancelled"));

  for (guint i = 0; models != NULL && i < models->len; i++)
    {
      LlModel *model = g_ptr_array_index (models, i);

      model->height = dataset->height;
      model->width = dataset->width;
      model->channels = dataset->channels;
      ll_model_set_class_names (model, dataset->class_names[0], dataset->class_names[1]);
    }

  job_post (job, MESSAGE_DONE, models, error);
  return NULL;
}

/* The session ------------------------------------------------------------ */

static void
set_state (LlTrainingSession *self,
           LlSessionState     state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
join_job (LlTrainingSession *self,
          Job               *job)
{
  gboolean was_busy = ll_training_session_get_busy (self);

  if (job->thread != NULL)
    g_thread_join (g_steal_pointer (&job->thread));
  job->session = NULL;
  if (job == self->job)
    g_clear_pointer (&self->job, job_unref);
  else
    g_ptr_array_remove (self->retiring, job);
  if (was_busy && !ll_training_session_get_busy (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

/* Cancels the current job; its thread is joined when its DONE message arrives. */
static void
retire_current_job (LlTrainingSession *self)
{
  Job *job = g_steal_pointer (&self->job);

  if (job == NULL)
    return;
  job_cancel (job);
  g_ptr_array_add (self->retiring, job);
}

static void
handle_record (LlTrainingSession *self,
               LlSessionSnapshot *snapshot)
{
  g_clear_pointer (&self->snapshot, ll_session_snapshot_unref);
  self->snapshot = ll_session_snapshot_ref (snapshot);
  self->n_records++;

  for (guint i = 0; i < snapshot->n_runs; i++)
    {
      const LlProgress *run = &snapshot->runs[i];

      g_signal_emit (self, signals[SIGNAL_PROGRESS], 0,
                     run->run, run->learning_rate, run->iteration, run->cost,
                     run->train_accuracy, run->test_accuracy);
    }
  g_signal_emit (self, signals[SIGNAL_RECORD_POINT], 0, snapshot->iteration, snapshot);
}

static void
handle_done (LlTrainingSession *self,
             Message           *message)
{
  Job *job = message->job;

  join_job (self, job);

  if (message->models != NULL)
    {
      g_clear_pointer (&self->models, g_ptr_array_unref);
      self->models = g_steal_pointer (&message->models);
      set_state (self, LL_SESSION_FINISHED);
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
    }
  else
    {
      set_state (self, LL_SESSION_IDLE);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, message->error);
    }
}

static gboolean
message_dispatch (gpointer data)
{
  Message *message = data;
  Job *job = message->job;
  LlTrainingSession *self = job->session;
  gboolean current = self != NULL && self->job == job;

  if (message->kind == MESSAGE_RECORD)
    {
      g_mutex_lock (&job->lock);
      job->pending--;
      g_cond_broadcast (&job->cond);
      g_mutex_unlock (&job->lock);
    }

  if (self == NULL)
    return G_SOURCE_REMOVE;  /* the session is gone; its dispose joined the thread */

  g_object_ref (self);
  switch (message->kind)
    {
    case MESSAGE_RECORD:
      if (current)
        handle_record (self, message->snapshot);
      break;
    case MESSAGE_PAUSED:
      if (current)
        set_state (self, LL_SESSION_PAUSED);
      break;
    case MESSAGE_DONE:
      if (current)
        handle_done (self, message);
      else
        join_job (self, job);
      break;
    default:
      g_assert_not_reached ();
    }
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
message_free (gpointer data)
{
  Message *message = data;

  g_clear_pointer (&message->snapshot, ll_session_snapshot_unref);
  g_clear_pointer (&message->models, g_ptr_array_unref);
  g_clear_error (&message->error);
  job_unref (message->job);
  g_free (message);
}

static void
forget_run (LlTrainingSession *self)
{
  self->n_records = 0;
  g_clear_pointer (&self->snapshot, ll_session_snapshot_unref);
  g_clear_pointer (&self->models, g_ptr_array_unref);
}

gboolean
ll_training_session_start (LlTrainingSession *self,
                           const double      *learning_rates,
                           guint              n_rates,
                           guint              iterations,
                           guint              record_every,
                           guint              stop_after,
                           GError           **error)
{
  LlTrainParams params = {
    .learning_rates = learning_rates,
    .n_rates = n_rates,
    .iterations = iterations,
    .record_every = record_every,
  };
  gboolean was_busy;
  Job *job;

  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), FALSE);

  if (self->dataset == NULL)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("Open a dataset first"));
      return FALSE;
    }
  if (!ll_train_params_validate (&params, error))
    return FALSE;

  was_busy = ll_training_session_get_busy (self);
  retire_current_job (self);
  forget_run (self);
  g_signal_emit (self, signals[SIGNAL_RESET], 0);

  g_free (self->rates);
  self->rates = g_memdup2 (learning_rates, sizeof (double) * n_rates);
  self->n_rates = n_rates;
  self->iterations = iterations;
  self->record_every = record_every;

  job = g_atomic_rc_box_new0 (Job);
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  job->dataset = ll_shared_dataset_ref (self->dataset);
  job->rates = g_memdup2 (learning_rates, sizeof (double) * n_rates);
  job->n_rates = n_rates;
  job->iterations = iterations;
  job->record_every = record_every;
  job->want_snapshots = self->want_snapshots;
  job->context = g_main_context_ref_thread_default ();
  job->session = self;
  job->speed = self->speed;
  job->steps_left = stop_after;

  job->thread = g_thread_try_new ("ll-trainer", job_thread, job_ref (job), error);
  if (job->thread == NULL)
    {
      job_unref (job);  /* the thread's reference */
      job->session = NULL;
      job_unref (job);
      set_state (self, LL_SESSION_IDLE);
      return FALSE;
    }
  self->job = job;
  set_state (self, LL_SESSION_RUNNING);
  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  return TRUE;
}

void
ll_training_session_pause (LlTrainingSession *self)
{
  g_return_if_fail (LL_IS_TRAINING_SESSION (self));

  if (self->job == NULL || self->state != LL_SESSION_RUNNING)
    return;
  g_mutex_lock (&self->job->lock);
  self->job->pause_requested = TRUE;
  /* Seen by ll_train() before its next update, if it is computing. */
  g_atomic_int_set (&self->job->attention, 1);
  g_cond_broadcast (&self->job->cond);
  g_mutex_unlock (&self->job->lock);
}

static void
release_worker (LlTrainingSession *self,
                guint              steps)
{
  g_mutex_lock (&self->job->lock);
  self->job->pause_requested = FALSE;
  self->job->pause_reported = FALSE;
  g_atomic_int_set (&self->job->attention, 0);
  self->job->steps_left = steps;
  g_cond_broadcast (&self->job->cond);
  g_mutex_unlock (&self->job->lock);
  set_state (self, LL_SESSION_RUNNING);
}

void
ll_training_session_resume (LlTrainingSession *self)
{
  g_return_if_fail (LL_IS_TRAINING_SESSION (self));

  if (self->job == NULL || self->state != LL_SESSION_PAUSED)
    return;
  release_worker (self, 0);
}

void
ll_training_session_step (LlTrainingSession *self)
{
  g_return_if_fail (LL_IS_TRAINING_SESSION (self));

  if (self->job == NULL || self->state != LL_SESSION_PAUSED)
    return;
  release_worker (self, 1);
}

void
ll_training_session_reset (LlTrainingSession *self)
{
  g_return_if_fail (LL_IS_TRAINING_SESSION (self));

  retire_current_job (self);
  forget_run (self);
  set_state (self, LL_SESSION_IDLE);
  g_signal_emit (self, signals[SIGNAL_RESET], 0);
}

void
ll_training_session_set_dataset (LlTrainingSession *self,
                                 LlSharedDataset   *dataset)
{
  g_return_if_fail (LL_IS_TRAINING_SESSION (self));

  ll_training_session_reset (self);
  if (dataset != NULL)
    ll_shared_dataset_ref (dataset);
  g_clear_pointer (&self->dataset, ll_shared_dataset_unref);
  self->dataset = dataset;
}

const LlDataset *
ll_training_session_get_dataset (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), NULL);

  return self->dataset != NULL ? ll_shared_dataset_get (self->dataset) : NULL;
}

LlSessionState
ll_training_session_get_state (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), LL_SESSION_IDLE);

  return self->state;
}

gboolean
ll_training_session_get_busy (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), FALSE);

  return self->job != NULL || self->retiring->len > 0;
}

void
ll_training_session_set_speed (LlTrainingSession *self,
                               double             speed)
{
  g_return_if_fail (LL_IS_TRAINING_SESSION (self));

  speed = CLAMP (speed, 0.0, 1.0);
  if (self->speed == speed)
    return;
  self->speed = speed;
  if (self->job != NULL)
    {
      g_mutex_lock (&self->job->lock);
      self->job->speed = speed;
      g_cond_broadcast (&self->job->cond);
      g_mutex_unlock (&self->job->lock);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED]);
}

double
ll_training_session_get_speed (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), 1.0);

  return self->speed;
}

void
ll_training_session_set_want_snapshots (LlTrainingSession *self,
                                        gboolean           want)
{
  g_return_if_fail (LL_IS_TRAINING_SESSION (self));

  self->want_snapshots = !!want;
}

guint
ll_training_session_get_n_records (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), 0);

  return self->n_records;
}

LlSessionSnapshot *
ll_training_session_get_snapshot (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), NULL);

  return self->snapshot;
}

const double *
ll_training_session_get_rates (LlTrainingSession *self,
                               guint             *n_rates)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), NULL);

  if (n_rates != NULL)
    *n_rates = self->n_rates;
  return self->rates;
}

guint
ll_training_session_get_iterations (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), 0);

  return self->iterations;
}

guint
ll_training_session_get_record_every (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), 0);

  return self->record_every;
}

GPtrArray *
ll_training_session_get_models (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), NULL);

  return self->state == LL_SESSION_FINISHED ? self->models : NULL;
}

static void
ll_training_session_dispose (GObject *object)
{
  LlTrainingSession *self = LL_TRAINING_SESSION (object);

  /* Closing the window mid-run: stop the worker (it reads the cancel flag
   * every iteration and wakes from every wait) and join it here, so nothing
   * outlives us but queued messages, which then find no session. */
  retire_current_job (self);
  while (self->retiring != NULL && self->retiring->len > 0)
    {
      Job *job = g_ptr_array_index (self->retiring, self->retiring->len - 1);

      job_cancel (job);
      join_job (self, job);
    }
  forget_run (self);
  g_clear_pointer (&self->dataset, ll_shared_dataset_unref);

  G_OBJECT_CLASS (ll_training_session_parent_class)->dispose (object);
}

static void
ll_training_session_finalize (GObject *object)
{
  LlTrainingSession *self = LL_TRAINING_SESSION (object);

  g_clear_pointer (&self->retiring, g_ptr_array_unref);
  g_free (self->rates);

  G_OBJECT_CLASS (ll_training_session_parent_class)->finalize (object);
}

static void
ll_training_session_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LlTrainingSession *self = LL_TRAINING_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, ll_training_session_get_busy (self));
      break;
    case PROP_SPEED:
      g_value_set_double (value, self->speed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_training_session_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LlTrainingSession *self = LL_TRAINING_SESSION (object);

  switch (prop_id)
    {
    case PROP_SPEED:
      ll_training_session_set_speed (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_training_session_class_init (LlTrainingSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_training_session_dispose;
  object_class->finalize = ll_training_session_finalize;
  object_class->get_property = ll_training_session_get_property;
  object_class->set_property = ll_training_session_set_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       LL_TYPE_SESSION_STATE, LL_SESSION_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SPEED] =
    g_param_spec_double ("speed", NULL, NULL, 0.0, 1.0, 0.35,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::progress (run, learning_rate, iteration, cost, train_accuracy, test_accuracy) */
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 6,
                  G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_UINT, G_TYPE_DOUBLE,
                  G_TYPE_DOUBLE, G_TYPE_DOUBLE);
  /* ::record-point (iteration, LlSessionSnapshot *): after the k ::progress */
  signals[SIGNAL_RECORD_POINT] =
    g_signal_new ("record-point", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_POINTER);
  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* ::failed (const GError *) — not emitted for a reset or a cancel by us. */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[SIGNAL_RESET] =
    g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ll_training_session_init (LlTrainingSession *self)
{
  self->retiring = g_ptr_array_new_with_free_func ((GDestroyNotify) job_unref);
  self->speed = 0.35;
  self->want_snapshots = TRUE;
}

LlTrainingSession *
ll_training_session_new (void)
{
  return g_object_new (LL_TYPE_TRAINING_SESSION, NULL);
}
