/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-run-store.h: the runs of the current job, a GListModel of LlRun owned
 * by the training session, and what every view follows.
 *
 * A view takes the store as a property and connects (a GSignalGroup does it
 * in one place) to:
 *  - "items-changed": a job started or was reset, weights were imported, or
 *    the config's rates changed while idle (then the runs are WAITING
 *    previews): rebuild from the items;
 *  - "run-updated" (guint position, LlRun *run): RUN got a record point or
 *    changed state: redraw that run, reading ll_run_get_shown_point/_model;
 *  - notify::moment: the timeline's moment changed; "run-updated" follows
 *    for every run, so a view that redraws on it needs nothing more;
 *  - notify::dataset: the binary dataset the runs are trained on (labels,
 *    image shape, test images). Changing it also replaces the runs;
 *  - "run-updated" also follows a run's "visible", "pinned" and "title";
 *  - notify::critical-rate: 2/L of that dataset, the largest learning rate
 *    stable at the start (issue 17), computed on a worker after each
 *    dataset change: the one place every view reads it from. */
#pragma once

#include <gio/gio.h>

#include "ll-run.h"
#include "ll-shared-dataset.h"

G_BEGIN_DECLS

#define LL_TYPE_RUN_STORE (ll_run_store_get_type ())
G_DECLARE_FINAL_TYPE (LlRunStore, ll_run_store, LL, RUN_STORE, GObject)

LlRunStore      *ll_run_store_new            (void);

/* The run at POSITION, or NULL. Borrowed (g_list_model_get_item gives a reference). */
LlRun           *ll_run_store_get_run        (LlRunStore      *self,
                                              guint            position);
guint            ll_run_store_get_n_runs     (LlRunStore      *self);

/* Property "dataset" (LlSharedDataset, boxed), or NULL. Borrowed. */
LlSharedDataset *ll_run_store_get_dataset    (LlRunStore      *self);
/* Property "critical-rate" (double, read-only): 2/L of the dataset's
 * training set (core/train/curvature.h), NAN while computing, without a
 * dataset or when the data give no L. */
double           ll_run_store_get_critical_rate (LlRunStore   *self);
/* The dataset itself, or NULL. */
const LlDataset *ll_run_store_peek_dataset   (LlRunStore      *self);

/* The models trained to the end or imported (const LlModel *, borrowed,
 * in run order), or NULL when no run has one. Free the array. */
GPtrArray       *ll_run_store_dup_trained_models (LlRunStore  *self);

/* Property "moment": the iteration every view shows (the timeline), -1 =
 * the latest. Set on every run (ll_run_set_moment), then "run-updated" for
 * each. A new job (ll_run_store_replace) goes back to -1. */
int              ll_run_store_get_moment     (LlRunStore      *self);
void             ll_run_store_set_moment     (LlRunStore      *self,
                                              int              moment);

/* Removes RUN (a user's choice in the Runs list): a pinned run, or one that
 * is not WAITING or RUNNING (the session previews and trains those). TRUE
 * when it was removed ("items-changed"). */
gboolean         ll_run_store_remove         (LlRunStore      *self,
                                              LlRun           *run);

/* Whether RUN's models picture the store's dataset: the same feature count
 * and, where the model holds probabilities, the same numbers of training and
 * test examples. Pinned runs of another dataset stay in the store (their
 * cost curves still compare); the views that draw a model on the data
 * (weights, the grid, classify, confusion) skip runs that do not fit. A run
 * without a model fits. */
gboolean         ll_run_store_run_fits_dataset (LlRunStore    *self,
                                                LlRun         *run);

/* For the session: replaces every run by RUNS (LlRun*, may be NULL or
 * empty) in one "items-changed"; sets the dataset first when it differs
 * (notify::dataset before items-changed). */
void             ll_run_store_replace        (LlRunStore      *self,
                                              LlSharedDataset *dataset,
                                              GPtrArray       *runs);

G_END_DECLS
