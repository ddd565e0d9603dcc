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

#include <glib/gi18n.h>

#include "ll-training-session.h"

#include "core/data/dataset-title.h"
#include "core/train/curvature.h"
#include "ll-sync.h"
#include "ll-worker-priority.h"


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
  double *initial_w;          /* n_features, or NULL for w = 0 */
  double initial_b;
  gboolean want_snapshots;
  GMainContext *context;
  GThread *thread;            /* UI thread only: joined and cleared there */
  LlTrainingSession *session; /* UI thread only: cleared by the session's dispose */

  /* Worker thread only: the Hessian's fixed part (made at the first record
   * point with probabilities) and each run's last Ritz vector, so every
   * record point's sharpness starts from the one before. */
  const LlTrainData *train_data;
  LlSharpness *sharpness;
  double *sharpness_vectors;  /* n_rates x dim */
  gboolean sharpness_failed;

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

/* The k runs' points and models at one record point. */
typedef struct {
  guint n_runs;
  LlRunPoint *points;           /* n_runs */
  LlRunModel **models;          /* n_runs, each NULL without snapshots */
  /* The first steps' costs between the previous record point and this one:
   * run i's are first_costs[i * n_first_costs ...], from first_iteration. */
  double *first_costs;
  guint first_iteration;
  guint n_first_costs;
} Record;

typedef enum {
  MESSAGE_RECORD,
  MESSAGE_PAUSED,
  MESSAGE_DONE,
} MessageKind;

typedef struct {
  Job *job;
  MessageKind kind;
  Record *record;               /* RECORD */
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

  LlRunConfig *config;          /* what Train starts; previewed while idle */
  LlRunStore *store;            /* the pinned runs, then the current job's */
  GPtrArray *job_runs;          /* LlRun*: the current job's (or previews, or imported) */
  GArray *retrain;              /* LlRetrainRun: a lesson's pinned runs still to train */
  GArray *recompute_job;        /* LlRetrainRun: a lesson's job, trained after them (empty: none) */
  gboolean recomputing_job;     /* the current job is that one */
  guint retrain_batch;          /* how many of them the current job trains */
  guint retrain_total;          /* the lesson's pinned runs and job runs */
  guint n_records;
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
  SIGNAL_FINISHED,
  SIGNAL_FAILED,
  SIGNAL_RECOMPUTED,
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

/* Record points: the k runs' points and models, made on the worker ----- */

static Record *
record_new (const LlProgress *runs,
            guint             n_runs,
            gsize             n_features,
            gsize             m_train,
            gsize             m_test)
{
  Record *record = g_new0 (Record, 1);

  record->n_runs = n_runs;
  record->points = g_new (LlRunPoint, n_runs);
  record->models = g_new0 (LlRunModel *, n_runs);
  /* Every run of a pass has the same dense iterations. */
  if (n_runs > 0 && runs[0].n_dense_costs > 0)
    {
      record->first_iteration = runs[0].dense_first;
      record->n_first_costs = runs[0].n_dense_costs;
      record->first_costs = g_new (double, (gsize) n_runs * record->n_first_costs);
    }
  for (guint i = 0; i < n_runs; i++)
    {
      const LlProgress *run = &runs[i];

      if (record->first_costs != NULL)
        memcpy (record->first_costs + (gsize) i * record->n_first_costs, run->dense_costs,
                record->n_first_costs * sizeof (double));

      record->points[i] = (LlRunPoint) { run->iteration, run->cost, run->train_accuracy,
                                         run->test_accuracy, run->diverged, run->diverged_at,
                                         run->rises, run->first_rise, run->test_cost, NAN };
      if (run->w != NULL)
        record->models[i] = ll_run_model_new (run->iteration, run->w, n_features, run->b,
                                              run->train_probabilities, m_train,
                                              run->test_probabilities, m_test);
    }
  return record;
}

/* Worker thread: the sharpness of each run at this record point into
 * RECORD's points (NAN without snapshots or when the data give none). */
static void
record_add_sharpness (Record           *record,
                      const LlProgress *runs,
                      Job              *job)
{
  gsize dim;

  if (job->sharpness == NULL && !job->sharpness_failed)
    {
      /* The same cores as the trainer (one stays with the UI). */
      job->sharpness = ll_sharpness_new (job->train_data, LL_SESSION_WORKER_THREADS, NULL);
      job->sharpness_failed = job->sharpness == NULL;
      if (job->sharpness != NULL)
        job->sharpness_vectors = g_new0 (double, ll_sharpness_get_dim (job->sharpness) * job->n_rates);
    }
  if (job->sharpness == NULL)
    return;
  dim = ll_sharpness_get_dim (job->sharpness);
  for (guint i = 0; i < record->n_runs; i++)
    if (runs[i].train_probabilities != NULL && runs[i].run < job->n_rates)
      record->points[i].sharpness =
        ll_sharpness_at_probabilities_from (job->sharpness, runs[i].train_probabilities,
                                            job->sharpness_vectors + runs[i].run * dim,
                                            LL_SESSION_SHARPNESS_REL_TOL,
                                            LL_SESSION_SHARPNESS_MAX_PRODUCTS, NULL);
}

static void
record_free (Record *record)
{
  for (guint i = 0; i < record->n_runs; i++)
    g_clear_pointer (&record->models[i], ll_run_model_unref);
  g_free (record->models);
  g_free (record->points);
  g_free (record->first_costs);
  g_free (record);
}

/* Jobs ------------------------------------------------------------------ */

static void
job_lock (Job *job)
{
  g_mutex_lock (&job->lock);
  SYNC_ACQUIRE (&job->lock);
}

static void
job_unlock (Job *job)
{
  SYNC_RELEASE (&job->lock);
  g_mutex_unlock (&job->lock);
}

/* With job->lock held: waits for a broadcast (or until DEADLINE, if not 0). */
static void
job_wait (Job    *job,
          gint64  deadline)
{
  SYNC_RELEASE (&job->lock);
  if (deadline != 0)
    g_cond_wait_until (&job->cond, &job->lock, deadline);
  else
    g_cond_wait (&job->cond, &job->lock);
  SYNC_ACQUIRE (&job->lock);
}

static void
job_clear (gpointer data)
{
  Job *job = data;

  SYNC_ACQUIRE (job);
  g_assert (job->thread == NULL);
  g_clear_pointer (&job->dataset, ll_shared_dataset_unref);
  g_free (job->rates);
  g_free (job->initial_w);
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
  SYNC_RELEASE (job);
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
  job_lock (job);
  g_cond_broadcast (&job->cond);
  job_unlock (job);
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
    message->record = payload;
  else if (kind == MESSAGE_DONE)
    message->models = payload;
  message->error = error;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, message_dispatch, message, message_free);
  g_source_set_static_name (source, "[logistic-lab] training message");
  SYNC_RELEASE (message);
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
      job_wait (job, 0);
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

  job_lock (job);
  parked_at = g_get_monotonic_time ();
  job_wait_while_paused (job);
  /* The time parked does not count toward the current interval's pace. */
  job->mark += g_get_monotonic_time () - parked_at;
  job_unlock (job);

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
  Record *record;
  gboolean last = n_runs > 0 && runs[0].iteration >= job->iterations;

  record = record_new (runs, n_runs, dataset->n_features, dataset->train.count,
                           dataset->test.count);
  record_add_sharpness (record, runs, job);

  job_lock (job);

  while (job->pending >= MAX_PENDING && !job_cancelled (job))
    job_wait (job, 0);
  job->pending++;
  job_post (job, MESSAGE_RECORD, record, NULL);

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
      job_wait (job, deadline);
    }
  job->mark = g_get_monotonic_time ();

  job_unlock (job);

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
    .initial_w = job->initial_w,
    .initial_b = job->initial_b,
    .form = LL_TRAINER_FORM_AUTO,
    .want_snapshots = job->want_snapshots,
    .cancel = &job->cancel,
    .attention = &job->attention,
    .on_attention = job_on_attention,
    /* The first steps, every iteration: the early oscillation that record
     * points hide (issue 17.3). The test cost at every record point too
     * (test_at_end_only stays FALSE) for the cost plot's test curves. */
    .dense_first_iterations = LL_RUN_FIRST_ITERATIONS,
    .n_threads = LL_SESSION_WORKER_THREADS,
  };
  /* The trainer reads the shared dataset's 8-bit pixels: no float64 copy. */
  LlTrainData train_data = ll_train_data_from_pixels (dataset);
  LlWorkerPriority priority;

  /* On two cores the trainer and the UI compete: let the UI win. The job's
   * own thread: nothing to restore. */
  ll_worker_priority_lower (&priority);

  job_lock (job);
  job->mark = g_get_monotonic_time ();
  job_unlock (job);

  job->train_data = &train_data;
  if (!job_cancelled (job))
    models = ll_train (&train_data, &params, job_on_progress, job, &error);
  else
    g_set_error_literal (&error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_CANCELLED,
                         _("Training was cancelled"));
  g_clear_pointer (&job->sharpness, ll_sharpness_free);
  g_clear_pointer (&job->sharpness_vectors, g_free);
  job->train_data = NULL;

  for (guint i = 0; models != NULL && i < models->len; i++)
    {
      LlModel *model = g_ptr_array_index (models, i);

      model->height = dataset->height;
      model->width = dataset->width;
      model->channels = dataset->channels;
      ll_model_set_class_names (model, dataset->class_names[0], dataset->class_names[1]);
      /* Exported weights say the scaling they expect; classify applies it. */
      if (dataset->feature_scale != NULL)
        ll_model_set_scaling (model, dataset->feature_scaling, dataset->feature_offset, dataset->feature_scale);
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

static void cancel_runs (LlTrainingSession *self);
static void retrain_batch_done (LlTrainingSession *self);

/* Ends a lesson's recompute, without "recomputed": a job started by hand,
 * a reset, a new dataset, imported weights, a failure. */
static void
end_recompute (LlTrainingSession *self)
{
  g_array_set_size (self->retrain, 0);
  g_array_set_size (self->recompute_job, 0);
  self->recomputing_job = FALSE;
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
  cancel_runs (self);
  job_cancel (job);
  g_ptr_array_add (self->retiring, job);
}

static void
handle_record (LlTrainingSession *self,
               Record            *record)
{
  self->n_records++;
  for (guint i = 0; i < record->n_runs && i < self->job_runs->len; i++)
    {
      LlRun *run = g_ptr_array_index (self->job_runs, i);

      const LlRunPoint *point = &record->points[i];

      if (run == NULL)
        continue;
      if (record->first_costs != NULL)
        ll_run_add_first_costs (run, record->first_iteration,
                                record->first_costs + (gsize) i * record->n_first_costs,
                                record->n_first_costs);
      if (point->iteration < LL_RUN_FIRST_ITERATIONS)
        ll_run_add_first_costs (run, point->iteration, &point->cost, 1);
      ll_run_append_point (run, point, record->models[i]);
    }
}

/* Marks the current job's unfinished runs as CANCELLED. */
static void
cancel_runs (LlTrainingSession *self)
{
  for (guint i = 0; i < self->job_runs->len; i++)
    {
      LlRun *run = g_ptr_array_index (self->job_runs, i);
      LlRunState state = ll_run_get_state (run);

      if (state == LL_RUN_WAITING || state == LL_RUN_RUNNING)
        ll_run_set_state (run, LL_RUN_CANCELLED);
    }
}

/* A run of the current job, titled for labels with the dataset's title as
 * the window's header shows it ("lr 0.5 · Cat vs non-cat"). */
static LlRun *
make_run (LlTrainingSession *self,
          double             learning_rate,
          guint              iterations,
          guint              record_every)
{
  LlRun *run = ll_run_new (learning_rate, iterations, record_every);
  const LlDataset *dataset = ll_training_session_get_dataset (self);
  g_autofree char *dataset_title = dataset != NULL ? ll_dataset_dup_title (dataset) : NULL;

  if (dataset_title != NULL && *dataset_title != '\0')
    {
      g_autofree char *title = g_strdup_printf ("%s · %s", ll_run_get_title (run), dataset_title);

      ll_run_set_title (run, title);
    }
  return run;
}

/* RUNS become the current job's: the store keeps its pinned runs first, in
 * their order, and replaces every other run by RUNS. */
static void
show_job_runs (LlTrainingSession *self,
               GPtrArray         *runs)
{
  /* Referenced: the store lets go of its runs before it takes these. */
  g_autoptr (GPtrArray) shown = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree guint *looks = g_new (guint, MAX (runs->len, 1));

  /* New runs take the looks the pinned ones leave free; pinned keep theirs. */
  ll_run_store_free_looks (self->store, runs->len, looks);
  for (guint i = 0; i < runs->len; i++)
    {
      LlRun *run = g_ptr_array_index (runs, i);

      if (!ll_run_get_pinned (run))
        ll_run_set_look (run, looks[i]);
    }
  for (guint i = 0; i < ll_run_store_get_n_runs (self->store); i++)
    {
      LlRun *run = ll_run_store_get_run (self->store, i);

      if (ll_run_get_pinned (run) && !g_ptr_array_find (runs, run, NULL))
        g_ptr_array_add (shown, g_object_ref (run));
    }
  for (guint i = 0; i < runs->len; i++)
    g_ptr_array_add (shown, g_object_ref (g_ptr_array_index (runs, i)));
  g_ptr_array_set_size (self->job_runs, 0);
  for (guint i = 0; i < runs->len; i++)
    g_ptr_array_add (self->job_runs, g_object_ref (g_ptr_array_index (runs, i)));
  ll_run_store_replace (self->store, self->dataset, shown);
}

/* While idle the store shows the config's rates as WAITING runs, so the
 * plot's legend and the table follow what is typed. */
static void
preview_runs (LlTrainingSession *self)
{
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_rates = 0;
  const double *rates = ll_run_config_get_learning_rates (self->config, &n_rates);

  for (guint i = 0; i < n_rates; i++)
    g_ptr_array_add (runs, make_run (self, rates[i], ll_run_config_get_iterations (self->config),
                                     ll_run_config_get_record_every (self->config)));
  show_job_runs (self, runs);
}

static void
on_config_changed (LlTrainingSession *self)
{
  if (self->state == LL_SESSION_IDLE)
    preview_runs (self);
}

static void
handle_done (LlTrainingSession *self,
             Message           *message)
{
  Job *job = message->job;
  gboolean recomputed;

  join_job (self, job);

  if (message->models != NULL)
    {
      for (guint i = 0; i < message->models->len && i < self->job_runs->len; i++)
        {
          LlRun *run = g_ptr_array_index (self->job_runs, i);

          if (run != NULL)
            ll_run_finish (run, g_steal_pointer (&message->models->pdata[i]));
        }
      if (self->retrain->len > 0)
        {
          retrain_batch_done (self);
          return;
        }
      /* Ended before the state changes: its progress is gone then. */
      recomputed = self->recomputing_job;
      if (recomputed)
        end_recompute (self);
      set_state (self, LL_SESSION_FINISHED);
      g_signal_emit (self, signals[SIGNAL_FINISHED], 0);
      /* Unless a "finished" handler started another job. */
      if (recomputed && self->state == LL_SESSION_FINISHED)
        g_signal_emit (self, signals[SIGNAL_RECOMPUTED], 0);
    }
  else
    {
      end_recompute (self);
      cancel_runs (self);
      set_state (self, LL_SESSION_IDLE);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, message->error);
    }
}

static gboolean
message_dispatch (gpointer data)
{
  Message *message = data;
  Job *job;
  LlTrainingSession *self;

  SYNC_ACQUIRE (message);
  job = message->job;
  self = job->session;
  gboolean current = self != NULL && self->job == job;

  if (message->kind == MESSAGE_RECORD)
    {
      job_lock (job);
      job->pending--;
      g_cond_broadcast (&job->cond);
      job_unlock (job);
    }

  if (self == NULL)
    return G_SOURCE_REMOVE;  /* the session is gone; its dispose joined the thread */

  g_object_ref (self);
  switch (message->kind)
    {
    case MESSAGE_RECORD:
      if (current)
        handle_record (self, message->record);
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

  g_clear_pointer (&message->record, record_free);
  g_clear_pointer (&message->models, g_ptr_array_unref);
  g_clear_error (&message->error);
  job_unref (message->job);
  g_free (message);
}

/* The initial w has one number per feature of the dataset (or none). */
static gboolean
check_initial_w (LlTrainingSession  *self,
                 GError            **error)
{
  const LlDataset *dataset = ll_shared_dataset_get (self->dataset);
  guint n_values = 0;

  if (ll_run_config_get_initial_w_values (self->config, &n_values) == NULL
      || n_values == dataset->n_features)
    return TRUE;
  g_set_error (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
               ngettext ("The initial w has %u number, but %s has %zu features: "
                         "give %zu numbers, or none for w = 0",
                         "The initial w has %u numbers, but %s has %zu features: "
                         "give %zu numbers, or none for w = 0", n_values),
               n_values, dataset->name, dataset->n_features, dataset->n_features);
  return FALSE;
}

/* Starts a job of PARAMS' rates, iterations and record interval (SPEED < 0:
 * the session's pace). */
static gboolean
start_job (LlTrainingSession   *self,
           const LlTrainParams *params_in,
           guint                stop_after,
           double               speed,
           GError             **error)
{
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  LlTrainParams params = *params_in;
  gboolean was_busy;
  Job *job;

  was_busy = ll_training_session_get_busy (self);
  retire_current_job (self);
  self->n_records = 0;

  job = g_atomic_rc_box_new0 (Job);
  g_mutex_init (&job->lock);
  g_cond_init (&job->cond);
  job->dataset = ll_shared_dataset_ref (self->dataset);
  job->rates = g_memdup2 (params.learning_rates, sizeof (double) * params.n_rates);
  job->n_rates = params.n_rates;
  job->iterations = params.iterations;
  job->record_every = params.record_every;
  job->initial_w = params.initial_w != NULL
                   ? g_memdup2 (params.initial_w, sizeof (double) * ll_shared_dataset_get (self->dataset)->n_features) : NULL;
  job->initial_b = params.initial_b;
  job->want_snapshots = self->want_snapshots;
  job->context = g_main_context_ref_thread_default ();
  job->session = self;
  job->speed = speed >= 0 ? speed : self->speed;
  job->steps_left = stop_after;

  job->thread = g_thread_try_new ("ll-trainer", job_thread, job_ref (job), error);
  if (job->thread == NULL)
    {
      job_unref (job);  /* the thread's reference */
      job->session = NULL;
      job_unref (job);
      set_state (self, LL_SESSION_IDLE);
      preview_runs (self);
      return FALSE;
    }
  self->job = job;
  /* The runs are set up before the state changes, so whoever follows
   * notify::state finds the new job's runs in the store. */
  for (guint i = 0; i < params.n_rates; i++)
    g_ptr_array_add (runs, make_run (self, params.learning_rates[i], params.iterations,
                                     params.record_every));
  show_job_runs (self, runs);
  set_state (self, LL_SESSION_RUNNING);
  if (!was_busy)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
  return TRUE;
}

gboolean
ll_training_session_start (LlTrainingSession *self,
                           guint              stop_after,
                           GError           **error)
{
  LlTrainParams params = { 0 };

  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), FALSE);

  if (self->dataset == NULL)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("Open a dataset first"));
      return FALSE;
    }
  if (!ll_run_config_validate (self->config, error))
    return FALSE;
  /* A job started by hand ends any retraining of a lesson's pinned runs. */
  ll_run_config_to_params (self->config, &params);
  if (!check_initial_w (self, error))
    return FALSE;
  end_recompute (self);
  return start_job (self, &params, stop_after, -1, error);
}

/* Retraining a lesson's pinned runs ---------------------------------------- */

static void
clear_retrain_run (gpointer data)
{
  LlRetrainRun *run = data;

  /* The queue's copies are owned (the caller's were const). */
  g_free ((gpointer) run->title);
  run->title = NULL;
}

/* The next job of the queue: its first run and every following one with the
 * same iterations and record interval, trained as fast as it goes. */
static gboolean
start_next_retrain (LlTrainingSession *self,
                    GError           **error)
{
  LlRetrainRun *first = &g_array_index (self->retrain, LlRetrainRun, 0);
  double rates[64];
  LlTrainParams params = { 0 };
  guint n = 0;

  while (n < self->retrain->len && n < G_N_ELEMENTS (rates))
    {
      LlRetrainRun *run = &g_array_index (self->retrain, LlRetrainRun, n);

      if (run->iterations != first->iterations || run->record_every != first->record_every)
        break;
      rates[n++] = run->learning_rate;
    }
  params.learning_rates = rates;
  params.n_rates = n;
  params.iterations = first->iterations;
  params.record_every = first->record_every;
  self->retrain_batch = n;
  return start_job (self, &params, 0, 1.0, error);
}

/* Titles (NULL: the usual one) and hides the current job's runs as RUNS say. */
static void
name_job_runs (LlTrainingSession *self,
               GArray            *runs,
               guint              n_runs)
{
  for (guint i = 0; i < n_runs && i < runs->len && i < self->job_runs->len; i++)
    {
      LlRun *run = g_ptr_array_index (self->job_runs, i);
      const LlRetrainRun *saved = &g_array_index (runs, LlRetrainRun, i);

      if (saved->title != NULL)
        ll_run_set_title (run, saved->title);
      ll_run_set_visible (run, !saved->hidden);
    }
}

/* The lesson's job once its pinned runs are trained: the config's job (its
 * initial w and b) with the saved rates and length, as fast as it goes. */
static gboolean
start_recompute_job (LlTrainingSession *self,
                     GError           **error)
{
  const LlRetrainRun *first = &g_array_index (self->recompute_job, LlRetrainRun, 0);
  double rates[64];
  LlTrainParams params = { 0 };

  if (!ll_run_config_validate (self->config, error) || !check_initial_w (self, error))
    return FALSE;
  ll_run_config_to_params (self->config, &params);
  for (guint i = 0; i < self->recompute_job->len && i < G_N_ELEMENTS (rates); i++)
    rates[i] = g_array_index (self->recompute_job, LlRetrainRun, i).learning_rate;
  params.learning_rates = rates;
  params.n_rates = MIN (self->recompute_job->len, G_N_ELEMENTS (rates));
  params.iterations = first->iterations;
  params.record_every = first->record_every;
  if (!start_job (self, &params, 0, 1.0, error))
    return FALSE;
  self->recomputing_job = TRUE;
  name_job_runs (self, self->recompute_job, params.n_rates);
  return TRUE;
}

/* The batch is trained: pin its runs under their titles, go on or end. */
static void
retrain_batch_done (LlTrainingSession *self)
{
  g_autoptr (GError) error = NULL;

  name_job_runs (self, self->retrain, self->retrain_batch);
  for (guint i = 0; i < self->retrain_batch && i < self->job_runs->len; i++)
    ll_run_set_pinned (g_ptr_array_index (self->job_runs, i), TRUE);
  g_array_remove_range (self->retrain, 0, MIN (self->retrain_batch, self->retrain->len));
  self->retrain_batch = 0;
  if (self->retrain->len > 0 && start_next_retrain (self, &error))
    return;
  g_array_set_size (self->retrain, 0);
  if (self->recompute_job->len > 0)
    {
      if (start_recompute_job (self, &error))
        return;
      ll_training_session_reset (self);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, error);
      return;
    }
  /* Back to the lesson's job, ready to train. */
  ll_training_session_reset (self);
  g_signal_emit (self, signals[SIGNAL_RECOMPUTED], 0);
}

/* The valid ones of RUNS, copied into QUEUE. */
static void
queue_runs (GArray             *queue,
            const LlRetrainRun *runs,
            guint               n_runs)
{
  for (guint i = 0; i < n_runs; i++)
    {
      LlRetrainRun run = runs[i];

      if (!(run.learning_rate > 0) || run.iterations == 0 || run.record_every == 0)
        continue;
      run.title = g_strdup (run.title);
      g_array_append_val (queue, run);
    }
}

gboolean
ll_training_session_recompute (LlTrainingSession  *self,
                               const LlRetrainRun *pinned,
                               guint               n_pinned,
                               const LlRetrainRun *job,
                               guint               n_job,
                               GError            **error)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), FALSE);
  g_return_val_if_fail (n_job <= 64, FALSE);

  if (self->dataset == NULL)
    {
      g_set_error_literal (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_INVALID,
                           _("Open a dataset first"));
      return FALSE;
    }
  end_recompute (self);
  queue_runs (self->retrain, pinned, n_pinned);
  queue_runs (self->recompute_job, job, n_job);
  /* Said now rather than after the pinned runs: the job would not start. */
  if (self->recompute_job->len > 0
      && (!ll_run_config_validate (self->config, error) || !check_initial_w (self, error)))
    {
      end_recompute (self);
      return FALSE;
    }
  self->retrain_total = self->retrain->len + self->recompute_job->len;
  if (self->retrain_total == 0)
    return TRUE;
  if (self->retrain->len > 0 ? !start_next_retrain (self, error) : !start_recompute_job (self, error))
    {
      end_recompute (self);
      return FALSE;
    }
  return TRUE;
}

gboolean
ll_training_session_retrain (LlTrainingSession  *self,
                             const LlRetrainRun *runs,
                             guint               n_runs,
                             GError            **error)
{
  return ll_training_session_recompute (self, runs, n_runs, NULL, 0, error);
}

double
ll_training_session_get_retrain_fraction (LlTrainingSession *self)
{
  double done;
  guint batch;

  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), -1);

  if (self->retrain_total == 0)
    return -1;
  if (self->recomputing_job)
    {
      batch = self->recompute_job->len;
      done = self->retrain_total - batch;
    }
  else if (self->retrain->len > 0)
    {
      batch = self->retrain_batch;
      done = self->retrain_total - self->recompute_job->len - self->retrain->len;
    }
  else
    return -1;
  /* The batch in progress counts by its record points. */
  if (self->job_runs->len > 0)
    {
      LlRun *run = g_ptr_array_index (self->job_runs, 0);
      guint iterations = MAX (ll_run_get_iterations (run), 1);
      const LlRunPoint *point = ll_run_get_latest_point (run);

      if (point != NULL)
        done += batch * MIN ((double) point->iteration / iterations, 1.0);
    }
  return done / self->retrain_total;
}

void
ll_training_session_pause (LlTrainingSession *self)
{
  g_return_if_fail (LL_IS_TRAINING_SESSION (self));

  if (self->job == NULL || self->state != LL_SESSION_RUNNING)
    return;
  job_lock (self->job);
  self->job->pause_requested = TRUE;
  /* Seen by ll_train() before its next update, if it is computing. */
  g_atomic_int_set (&self->job->attention, 1);
  g_cond_broadcast (&self->job->cond);
  job_unlock (self->job);
}

static void
release_worker (LlTrainingSession *self,
                guint              steps)
{
  job_lock (self->job);
  self->job->pause_requested = FALSE;
  self->job->pause_reported = FALSE;
  g_atomic_int_set (&self->job->attention, 0);
  self->job->steps_left = steps;
  g_cond_broadcast (&self->job->cond);
  job_unlock (self->job);
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

  end_recompute (self);
  retire_current_job (self);
  self->n_records = 0;
  set_state (self, LL_SESSION_IDLE);
  preview_runs (self);
}

void
ll_training_session_set_dataset (LlTrainingSession *self,
                                 LlSharedDataset   *dataset)
{
  g_return_if_fail (LL_IS_TRAINING_SESSION (self));

  end_recompute (self);
  retire_current_job (self);
  self->n_records = 0;
  if (dataset != NULL)
    ll_shared_dataset_ref (dataset);
  g_clear_pointer (&self->dataset, ll_shared_dataset_unref);
  self->dataset = dataset;
  set_state (self, LL_SESSION_IDLE);
  preview_runs (self);
}

void
ll_training_session_show_import (LlTrainingSession *self,
                                 LlWeightsImport   *import)
{
  g_autoptr (LlWeightsImport) owned = import;
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (LL_IS_TRAINING_SESSION (self));
  g_return_if_fail (import != NULL);

  /* Imported weights replace any trained ones. */
  end_recompute (self);
  retire_current_job (self);
  self->n_records = 0;
  set_state (self, LL_SESSION_IDLE);
  for (guint i = 0; i < import->models->len; i++)
    g_ptr_array_add (runs, ll_run_new_imported (g_ptr_array_index (import->models, i), import->source,
                                                import->train_probabilities[i], import->m_train,
                                                import->test_probabilities[i], import->m_test));
  show_job_runs (self, runs);
}

/* Whether RUN is still in the store (the Runs list may have removed it). */
static gboolean
store_holds (LlTrainingSession *self,
             LlRun             *run)
{
  for (guint i = 0; i < ll_run_store_get_n_runs (self->store); i++)
    if (ll_run_store_get_run (self->store, i) == run)
      return TRUE;
  return FALSE;
}

guint
ll_training_session_pin_job (LlTrainingSession *self)
{
  guint pinned = 0;

  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), 0);

  for (guint i = 0; i < self->job_runs->len; i++)
    {
      LlRun *run = g_ptr_array_index (self->job_runs, i);

      /* A preview has nothing to keep; a removed run stays removed. */
      if (ll_run_get_n_points (run) == 0 || !store_holds (self, run))
        continue;
      ll_run_set_pinned (run, TRUE);
      pinned++;
    }
  return pinned;
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
      job_lock (self->job);
      self->job->speed = speed;
      g_cond_broadcast (&self->job->cond);
      job_unlock (self->job);
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

LlRunConfig *
ll_training_session_get_config (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), NULL);

  return self->config;
}

LlRunStore *
ll_training_session_get_store (LlTrainingSession *self)
{
  g_return_val_if_fail (LL_IS_TRAINING_SESSION (self), NULL);

  return self->store;
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
  if (self->config != NULL)
    g_signal_handlers_disconnect_by_data (self->config, self);
  g_clear_object (&self->config);
  g_clear_object (&self->store);
  g_clear_pointer (&self->dataset, ll_shared_dataset_unref);

  G_OBJECT_CLASS (ll_training_session_parent_class)->dispose (object);
}

static void
ll_training_session_finalize (GObject *object)
{
  LlTrainingSession *self = LL_TRAINING_SESSION (object);

  g_clear_pointer (&self->retiring, g_ptr_array_unref);
  g_clear_pointer (&self->job_runs, g_ptr_array_unref);
  g_clear_pointer (&self->retrain, g_array_unref);
  g_clear_pointer (&self->recompute_job, g_array_unref);

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

  signals[SIGNAL_FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* ::failed (const GError *) — not emitted for a reset or a cancel by us. */
  signals[SIGNAL_FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  /* ::recomputed: a lesson's runs are all trained again (after "finished"
   * when its job was). Not emitted when something else ended it. */
  signals[SIGNAL_RECOMPUTED] =
    g_signal_new ("recomputed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ll_training_session_init (LlTrainingSession *self)
{
  self->retiring = g_ptr_array_new_with_free_func ((GDestroyNotify) job_unref);
  self->job_runs = g_ptr_array_new_with_free_func (g_object_unref);
  self->retrain = g_array_new (FALSE, TRUE, sizeof (LlRetrainRun));
  g_array_set_clear_func (self->retrain, clear_retrain_run);
  self->recompute_job = g_array_new (FALSE, TRUE, sizeof (LlRetrainRun));
  g_array_set_clear_func (self->recompute_job, clear_retrain_run);
  self->speed = 0.35;
  self->want_snapshots = TRUE;
  self->store = ll_run_store_new ();
}

LlTrainingSession *
ll_training_session_new (LlRunConfig *config)
{
  LlTrainingSession *self = g_object_new (LL_TYPE_TRAINING_SESSION, NULL);

  self->config = config != NULL ? g_object_ref (config) : ll_run_config_new ();
  g_signal_connect_swapped (self->config, "notify", G_CALLBACK (on_config_changed), self);
  preview_runs (self);
  return self;
}
