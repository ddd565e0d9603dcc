/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-training-session.h: one training job on a worker thread, seen from the UI.
 *
 * The worker calls ll_train() with every learning rate in one job. At each
 * record point it copies the k runs' states into an LlSessionSnapshot and
 * hands it to the main context; there the session emits "progress" (once per
 * run) and "record-point" (once per record point, with the snapshot). Pacing
 * and Step are decided on the worker at record points; Pause and cancellation
 * act between any two iterations (ll_train()'s attention and cancel flags).
 * The worker waits on a condition variable that the UI side wakes. */
#pragma once

#include <gtk/gtk.h>
#include "core/train/trainer.h"
#include "ll-shared-dataset.h"

G_BEGIN_DECLS

typedef enum {
  LL_SESSION_IDLE,      /* nothing trained yet, or reset */
  LL_SESSION_RUNNING,   /* the worker trains (or waits for its pace) */
  LL_SESSION_PAUSED,    /* the worker waits, at a record point or between two iterations */
  LL_SESSION_FINISHED,  /* models are available */
} LlSessionState;

#define LL_TYPE_SESSION_STATE (ll_session_state_get_type ())
GType ll_session_state_get_type (void);

/* The k runs' state at one record point: a copy, owned by the snapshot,
 * reference-counted so views may keep the latest one. */
typedef struct {
  guint iteration;
  guint n_runs;
  LlProgress *runs;       /* n_runs; w, test_probabilities and train_probabilities
                           * point into the snapshot's own copies, or are NULL
                           * without snapshots */
  gsize n_features;       /* length of each runs[i].w */
  gsize m_test;           /* length of each runs[i].test_probabilities */
  gsize m_train;          /* length of each runs[i].train_probabilities: with the
                           * dataset's train labels, the train accuracy at any threshold */
} LlSessionSnapshot;

LlSessionSnapshot *ll_session_snapshot_ref   (LlSessionSnapshot *snapshot);
void               ll_session_snapshot_unref (LlSessionSnapshot *snapshot);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlSessionSnapshot, ll_session_snapshot_unref)

#define LL_TYPE_TRAINING_SESSION (ll_training_session_get_type ())
G_DECLARE_FINAL_TYPE (LlTrainingSession, ll_training_session, LL, TRAINING_SESSION, GObject)

LlTrainingSession *ll_training_session_new           (void);

/* The binary dataset to train on. Resets the session. */
void               ll_training_session_set_dataset   (LlTrainingSession *self,
                                                      LlSharedDataset   *dataset);
const LlDataset   *ll_training_session_get_dataset   (LlTrainingSession *self);

/* Starts a job from w = 0. With STOP_AFTER > 0 the worker pauses once it has
 * delivered that many record points (Step from idle uses 2: iteration 0 and
 * one interval). Fails (without touching the current job) when the parameters
 * are not usable or there is no dataset. Any earlier job is cancelled first. */
gboolean           ll_training_session_start         (LlTrainingSession *self,
                                                      const double      *learning_rates,
                                                      guint              n_rates,
                                                      guint              iterations,
                                                      guint              record_every,
                                                      guint              stop_after,
                                                      GError           **error);
/* Asks the worker to stop within one iteration: at once if it waits at a
 * record point, else before its next update. "state" turns PAUSED when it
 * has actually stopped (no "progress" after that until resume or step).
 * Paused between record points, the latest snapshot stays the last record
 * point's; resume goes on from exactly where the worker stopped. */
void               ll_training_session_pause         (LlTrainingSession *self);
void               ll_training_session_resume        (LlTrainingSession *self);
/* While paused: run to the next record point (one interval when paused at a
 * record point, the rest of it when paused between two), then pause again. */
void               ll_training_session_step          (LlTrainingSession *self);
/* Cancels any job (the worker stops within one iteration and is joined from
 * the main loop), forgets the curves and models, emits "reset", state IDLE. */
void               ll_training_session_reset         (LlTrainingSession *self);

LlSessionState     ll_training_session_get_state     (LlTrainingSession *self);
/* TRUE while a worker thread of this session has not been joined yet. */
gboolean           ll_training_session_get_busy      (LlTrainingSession *self);

/* 0 = slowest pace (about 30 s a run) ... 1 = as fast as it goes. */
void               ll_training_session_set_speed     (LlTrainingSession *self,
                                                      double             speed);
double             ll_training_session_get_speed     (LlTrainingSession *self);
/* The wall-clock time a whole run is paced to at SPEED, in seconds (0 = unpaced). */
double             ll_training_session_speed_to_seconds (double speed);

/* Whether record points carry w and the train and test probabilities (default TRUE). */
void               ll_training_session_set_want_snapshots (LlTrainingSession *self,
                                                           gboolean           want);

/* Record points delivered in the current run (each with all k runs). */
guint              ll_training_session_get_n_records (LlTrainingSession *self);
/* The latest record point, or NULL. Borrowed. */
LlSessionSnapshot *ll_training_session_get_snapshot  (LlTrainingSession *self);
/* The learning rates, iterations and record interval of the current run. */
const double      *ll_training_session_get_rates     (LlTrainingSession *self,
                                                      guint             *n_rates);
guint              ll_training_session_get_iterations   (LlTrainingSession *self);
guint              ll_training_session_get_record_every (LlTrainingSession *self);
/* The k trained models (LlModel*) once FINISHED, else NULL. Borrowed. */
GPtrArray         *ll_training_session_get_models    (LlTrainingSession *self);

G_END_DECLS
