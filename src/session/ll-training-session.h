/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-training-session.h: one training job on a worker thread, seen from the
 * main thread. GLib only: tested without a display (tests/session).
 *
 * The session owns its LlRunConfig (what Train starts) and its LlRunStore
 * (the runs views follow). The worker calls ll_train() with every learning
 * rate of the config in one job. At each record point it copies the k runs'
 * points and models and hands them to the main context; there each LlRun of
 * the store gets its point (LlRun::point-added, LlRunStore::run-updated).
 * Pacing and Step are decided on the worker at record points; Pause and
 * cancellation act between any two iterations (ll_train()'s attention and
 * cancel flags). The worker waits on a condition variable that the main
 * side wakes. While idle, the store holds one WAITING run per configured
 * rate (previews); imported weights become IMPORTED runs. */
#pragma once

#include <gio/gio.h>

#include "core/train/trainer.h"
#include "ll-run-config.h"
#include "ll-run-store.h"
#include "ll-shared-dataset.h"
#include "ll-weights-import.h"
#include "ll-worker-priority.h"

G_BEGIN_DECLS

/* Each record point's sharpness (LlRunPoint.sharpness): Lanczos from the
 * run's last Ritz vector to this residual, in at most this many products
 * (on the cat data 2 to 4 a point; tests/bench/bench-sharpness). */
#define LL_SESSION_SHARPNESS_REL_TOL 1e-4
#define LL_SESSION_SHARPNESS_MAX_PRODUCTS 20

typedef enum {
  LL_SESSION_IDLE,      /* nothing trained yet, or reset */
  LL_SESSION_RUNNING,   /* the worker trains (or waits for its pace) */
  LL_SESSION_PAUSED,    /* the worker waits, at a record point or between two iterations */
  LL_SESSION_FINISHED,  /* every run is FINISHED (or DIVERGED) with its model */
} LlSessionState;

#define LL_TYPE_SESSION_STATE (ll_session_state_get_type ())
GType ll_session_state_get_type (void);

#define LL_TYPE_TRAINING_SESSION (ll_training_session_get_type ())
G_DECLARE_FINAL_TYPE (LlTrainingSession, ll_training_session, LL, TRAINING_SESSION, GObject)

/* CONFIG: the job Train starts (kept and followed while idle); NULL = a new
 * default one. */
LlTrainingSession *ll_training_session_new           (LlRunConfig       *config);
LlRunConfig       *ll_training_session_get_config    (LlTrainingSession *self);
/* The runs of the current job (or the previews, or imported runs). */
LlRunStore        *ll_training_session_get_store     (LlTrainingSession *self);

/* The binary dataset to train on (also the store's "dataset"). Resets the session. */
void               ll_training_session_set_dataset   (LlTrainingSession *self,
                                                      LlSharedDataset   *dataset);
const LlDataset   *ll_training_session_get_dataset   (LlTrainingSession *self);

/* Starts a job of the config from its initial w and b (fails naming the
 * expected count when the initial w does not fit the dataset): the store gets one WAITING run per
 * rate. With STOP_AFTER > 0 the worker pauses once it has delivered that
 * many record points (Step from idle uses 2: iteration 0 and one interval).
 * Fails (without touching the current job) when the config is not valid
 * (ll_run_config_validate) or there is no dataset. Any earlier job is
 * cancelled first (its runs: CANCELLED). */
gboolean           ll_training_session_start         (LlTrainingSession *self,
                                                      guint              stop_after,
                                                      GError           **error);
/* Asks the worker to stop within one iteration: at once if it waits at a
 * record point, else before its next update. "state" turns PAUSED when it
 * has actually stopped (no record point after that until resume or step).
 * Paused between record points, each run's latest point stays the last
 * record point's; resume goes on from exactly where the worker stopped. */
void               ll_training_session_pause         (LlTrainingSession *self);
void               ll_training_session_resume        (LlTrainingSession *self);
/* While paused: run to the next record point (one interval when paused at a
 * record point, the rest of it when paused between two), then pause again. */
void               ll_training_session_step          (LlTrainingSession *self);
/* Cancels any job (the worker stops within one iteration and is joined from
 * the main loop; its runs turn CANCELLED), state IDLE, and the store shows
 * the config's rates again as WAITING runs. */
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

/* Shows IMPORT's models (taken) as IMPORTED runs of the store (their
 * source: import->source); cancels any job first. State IDLE. */
void               ll_training_session_show_import   (LlTrainingSession *self,
                                                      LlWeightsImport   *import);

/* Pinned runs (ll_run_set_pinned) stay in the store, before the current
 * job's runs, when a job starts, the session resets, the dataset changes or
 * weights are imported; the other runs are replaced. Pins every run of the
 * current job that has a record point (an imported run has its curve) and
 * is still in the store; returns how many. A run still training when it is
 * pinned is kept as it is when its job ends (CANCELLED if stopped). */
guint              ll_training_session_pin_job       (LlTrainingSession *self);

/* A lesson's run, to train again (its results are not stored). */
typedef struct {
  const char *title;      /* a job's run: NULL keeps the usual title */
  double learning_rate;
  guint iterations;
  guint record_every;
  gboolean hidden;        /* shown on no plot (ll_run_set_visible) */
} LlRetrainRun;

/* Trains RUNS (copied) on the session's dataset as fast as it goes, one job
 * for each run of consecutive runs with the same iterations and record
 * interval (at most 64 rates a job), and pins each under its title when its
 * job finishes; then resets (the store: the pinned runs and the config's
 * previews). Fails without a dataset. Start, reset, a new dataset or
 * imported weights end it. */
gboolean           ll_training_session_retrain       (LlTrainingSession  *self,
                                                      const LlRetrainRun *runs,
                                                      guint               n_runs,
                                                      GError            **error);
/* A lesson opens as it was saved: trains PINNED as
 * ll_training_session_retrain does, then JOB (N_JOB runs, at most 64; none:
 * the session ends reset as after a retrain) as the current job, unpinned:
 * the config's job with JOB's rates and the first one's iterations and
 * record interval, from the config's initial w and b, as fast as it goes,
 * each run titled and hidden as JOB says. State RUNNING, then FINISHED with
 * "finished" as a job started by Train; Pause, Resume and Reset act on it.
 * "recomputed" follows once all is trained; start, reset, a new dataset or
 * imported weights end it without. Fails without a dataset or when the
 * config's job is not valid (nothing started then). */
gboolean           ll_training_session_recompute     (LlTrainingSession  *self,
                                                      const LlRetrainRun *pinned,
                                                      guint               n_pinned,
                                                      const LlRetrainRun *job,
                                                      guint               n_job,
                                                      GError            **error);
/* While retraining or recomputing: the share of it done, 0 to 1 (for a
 * progress bar); -1 when not. */
double             ll_training_session_get_retrain_fraction (LlTrainingSession *self);

/* Record points delivered in the current job (each with all k runs). */
guint              ll_training_session_get_n_records (LlTrainingSession *self);

G_END_DECLS
