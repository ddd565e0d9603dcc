/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-run.h: one trained (or imported) learning rate of a job, as data that
 * views read: its settings, its recorded points, the model at its record
 * points, its state. Main thread only: the session appends to it there.
 *
 * Memory: each record point costs sizeof (LlRunPoint) = 32 bytes, kept for
 * every point. The model at a record point (w, b and the probabilities on
 * both splits) costs 8 * (n_features + m_train + m_test) bytes: ~100 KiB on
 * the cat data, ~550 KiB on MNIST. A run keeps every record point's model
 * while they fit in LL_RUN_MODEL_BUDGET bytes; past that it keeps only
 * every 2nd, 4th, 8th ... record point's model (the stride doubles each
 * time the budget is passed), so the kept models stay evenly spread over
 * the whole run in at most that many bytes (8 runs: 64 MiB at most). The
 * latest record point's model is always kept. Measured on the cat data
 * (12288 features, 209 + 50 examples: 98 KiB a model), 2000 iterations,
 * 3 rates: at Record every 100, 21 models a run, 6.0 MiB in all, every
 * moment exact; at Record every 1, every 32nd record point's model (63 a
 * run), ~18 MiB in all: the other moments show the model before them. */
#pragma once

#include <glib-object.h>

#include "core/train/model.h"

G_BEGIN_DECLS

#define LL_RUN_MODEL_BUDGET (8 * 1024 * 1024)

typedef enum {
  LL_RUN_WAITING,    /* set up (or previewed from the config), no record point yet */
  LL_RUN_RUNNING,    /* record points arrive */
  LL_RUN_FINISHED,   /* trained to the end: ll_run_get_trained_model is set */
  LL_RUN_DIVERGED,   /* its cost or bias became infinite or NaN (it may still be running) */
  LL_RUN_CANCELLED,  /* its job was stopped before the end */
  LL_RUN_IMPORTED,   /* read from a weights file: see ll_run_get_source */
} LlRunState;

#define LL_TYPE_RUN_STATE (ll_run_state_get_type ())
GType ll_run_state_get_type (void);

/* One record point. Accuracies in percent at threshold 0.5; test_accuracy
 * is NAN without a test split, both are NAN for an imported cost curve. */
typedef struct {
  guint iteration;
  double cost;
  double train_accuracy;
  double test_accuracy;
  /* The run overflowed at iteration diverged_at and stays frozen at its
   * last finite state (LlProgress.diverged): the run turns DIVERGED. */
  gboolean diverged;
  guint diverged_at;
  /* Rises of the cost over every iteration so far, recorded or not
   * (LlProgress.rises, .first_rise): what the sampling hides. */
  guint rises;
  guint first_rise;
  /* The mean loss on the test split (NAN without one, or when the trainer
   * did not compute it at this point). */
  double test_cost;
  /* The sharpness: the largest eigenvalue of the cost's Hessian at this
   * point's w, b (NAN when not computed). */
  double sharpness;
} LlRunPoint;

/* The model at one record point: immutable once made, reference-counted
 * (made on the worker thread, read on the main thread). */
typedef struct {
  guint iteration;
  gsize n_features;
  double *w;                     /* n_features */
  double b;
  gsize m_train;
  double *train_probabilities;   /* m_train, or NULL */
  gsize m_test;
  double *test_probabilities;    /* m_test, or NULL */
} LlRunModel;

#define LL_TYPE_RUN_MODEL (ll_run_model_get_type ())
GType       ll_run_model_get_type  (void);
/* Copies each array (NULL or length 0: stays NULL). */
LlRunModel *ll_run_model_new       (guint         iteration,
                                    const double *w,
                                    gsize         n_features,
                                    double        b,
                                    const double *train_probabilities,
                                    gsize         m_train,
                                    const double *test_probabilities,
                                    gsize         m_test);
LlRunModel *ll_run_model_ref       (LlRunModel   *model);
void        ll_run_model_unref     (LlRunModel   *model);
gsize       ll_run_model_get_size  (const LlRunModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlRunModel, ll_run_model_unref)

#define LL_TYPE_RUN (ll_run_get_type ())
G_DECLARE_FINAL_TYPE (LlRun, ll_run, LL, RUN, GObject)

/* A WAITING run of LEARNING_RATE for ITERATIONS, recording every RECORD_EVERY. */
LlRun            *ll_run_new                (double            learning_rate,
                                             guint             iterations,
                                             guint             record_every);
/* An IMPORTED run of MODEL (copied): its cost curve as points, and MODEL at
 * its last iteration with the given probabilities (copied, may be NULL).
 * SOURCE: the file's name, for labels. */
LlRun            *ll_run_new_imported       (const LlModel    *model,
                                             const char       *source,
                                             const double     *train_probabilities,
                                             gsize             m_train,
                                             const double     *test_probabilities,
                                             gsize             m_test);

/* Properties (read-only, notify): "learning-rate", "iterations",
 * "record-every", "label" ("0.5"; an imported run's file name, with its rate
 * when known: "weights.npz · 0.5", "model.npz"), "source" (NULL unless imported),
 * "state" (LlRunState), "n-points".
 * Read-write (notify): "pinned" (kept when a new job starts and drawn faded;
 * default FALSE), "visible" (drawn on the plots; a legend click toggles it;
 * default TRUE), "title" (for labels and the Runs list: "lr 0.5 · digits ·
 * standardised"; the session sets it when it makes the run, a user may
 * rename it; default and for NULL or empty: "lr 0.5"). */
double            ll_run_get_learning_rate  (LlRun            *self);
guint             ll_run_get_iterations     (LlRun            *self);
guint             ll_run_get_record_every   (LlRun            *self);
const char       *ll_run_get_label          (LlRun            *self);
const char       *ll_run_get_source         (LlRun            *self);
LlRunState        ll_run_get_state          (LlRun            *self);
guint             ll_run_get_n_points       (LlRun            *self);
gboolean          ll_run_get_pinned         (LlRun            *self);
void              ll_run_set_pinned         (LlRun            *self,
                                             gboolean          pinned);
gboolean          ll_run_get_visible        (LlRun            *self);
void              ll_run_set_visible        (LlRun            *self,
                                             gboolean          visible);
const char       *ll_run_get_title          (LlRun            *self);
void              ll_run_set_title          (LlRun            *self,
                                             const char       *title);

/* Point I (0 <= I < n-points), or NULL. */
const LlRunPoint *ll_run_get_point          (LlRun            *self,
                                             guint             i);
const LlRunPoint *ll_run_get_latest_point   (LlRun            *self);
/* The iteration where a DIVERGED run stopped (its numbers overflowed). */
guint             ll_run_get_diverged_at    (LlRun            *self);
/* The kept model at or last before ITERATION, or NULL. Borrowed. */
LlRunModel       *ll_run_get_model_at       (LlRun            *self,
                                             guint             iteration);
LlRunModel       *ll_run_get_latest_model   (LlRun            *self);
guint             ll_run_get_n_models       (LlRun            *self);

/* What views show of this run: the record point and the model there. At
 * the timeline's moment (ll_run_set_moment; the store sets it on its runs):
 * the last record point at or before it and the kept model at or before it
 * (a thinned run may keep an earlier one); the first ones before the first
 * record point; the latest ones with moment -1. */
const LlRunPoint *ll_run_get_shown_point    (LlRun            *self);
LlRunModel       *ll_run_get_shown_model    (LlRun            *self);
/* Whether the shown model is the shown point's own (TRUE without points):
 * FALSE where the run thinned the models past LL_RUN_MODEL_BUDGET. */
gboolean          ll_run_is_shown_exact     (LlRun            *self);
/* The moment (an iteration, -1 = the latest). Set by LlRunStore, which
 * then emits "run-updated" for the run. */
int               ll_run_get_moment         (LlRun            *self);
void              ll_run_set_moment         (LlRun            *self,
                                             int               moment);

/* The model trained to the end (FINISHED) or imported (IMPORTED), with its
 * shape, class names and cost curve, for Export and the command line; else
 * NULL. Borrowed. */
const LlModel    *ll_run_get_trained_model  (LlRun            *self);

/* The first steps: the cost of every iteration 0, 1, ..., N_COSTS - 1 at
 * the start of the job (the session asks the trainer for the first
 * LL_RUN_FIRST_ITERATIONS), recorded or not; NULL and 0 when there are
 * none (an imported run). Kept apart from the record points, which views
 * use as the moments of the timeline. Borrowed; it grows at each record
 * point, and a NAN is an iteration not delivered. */
#define LL_RUN_FIRST_ITERATIONS 100
const double     *ll_run_get_first_costs    (LlRun            *self,
                                             guint            *n_costs);
/* For the session: the costs of iterations FIRST_ITERATION, ... (N_COSTS
 * of them); call before ll_run_append_point, which tells the views. */
void              ll_run_add_first_costs    (LlRun            *self,
                                             guint             first_iteration,
                                             const double     *costs,
                                             guint             n_costs);

/* For the session. Appends POINT and MODEL (may be NULL: no model at this
 * record point), turns WAITING into RUNNING (or DIVERGED) and emits
 * "point-added" (guint index), then notify::n-points. */
void              ll_run_append_point       (LlRun            *self,
                                             const LlRunPoint *point,
                                             LlRunModel       *model);
void              ll_run_set_state          (LlRun            *self,
                                             LlRunState        state);
/* Takes MODEL; the state becomes FINISHED unless DIVERGED. */
void              ll_run_finish             (LlRun            *self,
                                             LlModel          *model);

G_END_DECLS
