/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-handout.h: the lesson as a PDF handout for students (issue 21.5),
 * drawn with cairo and pango, no GTK. Page 1: the dataset and each run's
 * settings, the cost plot, the accuracy table and each run's confusion
 * counts on the test set (at THRESHOLD); then the misclassified test images
 * of the first run with their titles (True/Predicted), then the weights of
 * each run as images (blue negative, white zero, red positive), then the
 * learning-rate sweep when one ran (plot-sweep.h), the two-feature picture
 * with each run's decision line for a table (plot-boundary.h), then the
 * other views' figures that have data (sharpness, the landscape): only the
 * pages that have something to show. Every figure shows the store's
 * timeline moment (ll_run_get_shown_point/_model), as the views do, and the
 * first page says which when it is not the end. Runs whose model does
 * not fit the store's dataset (ll_run_store_run_fits_dataset) are in the
 * table and the plots only. Text is laid out by pango: long titles wrap
 * and are ellipsized, never overlap.
 *
 * The UI thread takes a snapshot (copies of the runs' points, references to
 * their shown models and the dataset: all immutable; copies of the sweep's
 * results and the landscape's paths), and a GTask thread
 * draws the PDF (its own surface and pango context) and writes it through
 * the one safe writer (output-file.h). */
#pragma once

#include <gio/gio.h>

#include "session/ll-landscape-job.h"
#include "session/ll-run-store.h"
#include "core/train/sweep.h"

G_BEGIN_DECLS

typedef struct _LlHandout LlHandout;

/* What the handout needs from STORE, taken now (UI thread). */
LlHandout *ll_handout_snapshot     (LlRunStore  *store,
                                    double       threshold);
/* Adds JOB's surface and the runs' paths on it (the landscape figure,
 * plot-landscape.h) when it has one; UI thread, after the snapshot. */
void       ll_handout_add_landscape (LlHandout      *handout,
                                     LlLandscapeJob *job);
void       ll_handout_free         (LlHandout   *handout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlHandout, ll_handout_free)

/* Adds the sweep's RESULTS (N_RESULTS, copied; none: no sweep page),
 * trained for ITERATIONS, and the job's rates (JOB_RATES, marked in the
 * looks STORE gives the job's runs); UI thread, after the snapshot. */
void       ll_handout_add_sweep    (LlHandout           *handout,
                                    LlRunStore          *store,
                                    const LlSweepResult *results,
                                    guint                n_results,
                                    guint                iterations,
                                    const double        *job_rates,
                                    guint                n_job_rates);
/* The two-feature picture as the Boundary page shows it: its columns, the
 * scaling's words (ll_scaling_describe, may be NULL) and the run whose
 * probability is shaded. Without this call it picks the columns itself
 * (plot-boundary.h) and says nothing of the scaling. */
void       ll_handout_set_boundary (LlHandout   *handout,
                                    guint        x_feature,
                                    guint        y_feature,
                                    const char  *scaling,
                                    guint        shaded_run);

/* The pages, in this order, each where it has something to show. */
typedef enum {
  LL_HANDOUT_PAGE_LESSON,         /* the settings, the cost plot, the runs */
  LL_HANDOUT_PAGE_MISCLASSIFIED,  /* the test images a run gets wrong */
  LL_HANDOUT_PAGE_WEIGHTS,        /* each run's w as a picture */
  LL_HANDOUT_PAGE_SWEEP,          /* the learning-rate sweep */
  LL_HANDOUT_PAGE_BOUNDARY,       /* the two-feature picture */
  LL_HANDOUT_PAGE_FIGURES,        /* sharpness, landscape */
} LlHandoutPage;

/* The number of pages the handout will have, and what page I is. */
guint         ll_handout_get_n_pages  (LlHandout   *handout);
LlHandoutPage ll_handout_get_page     (LlHandout   *handout,
                                       guint        i);
/* The first page's line on the moment ("Shown at iteration 300 of 2000
 * …"), or NULL when the figures show the end; new. */
char         *ll_handout_describe_moment (LlHandout *handout);
/* Run R's line on the first page: its settings and its figures at the
 * moment; new. */
char         *ll_handout_describe_run (LlHandout   *handout,
                                       guint        r);

/* Draws and writes HANDOUT to PATH; any thread. */
gboolean   ll_handout_write_snapshot (LlHandout   *handout,
                                      const char  *path,
                                      GError     **error);

/* Draws and writes HANDOUT (taken) to PATH on a worker thread; CALLBACK
 * runs in the calling thread's main context. */
void       ll_handout_write_async  (LlHandout           *handout,
                                    const char          *path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean   ll_handout_write_finish (GAsyncResult        *result,
                                    GError             **error);

/* Snapshot and write in one (the calling thread draws). */
gboolean   ll_handout_write        (LlRunStore  *store,
                                    double       threshold,
                                    const char  *path,
                                    GError     **error);

G_END_DECLS
