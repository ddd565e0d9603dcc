/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-sweep-view.h: the learning-rate sweep of issue 17 on screen: From, To
 * and Rates, a Sweep button, a progress bar and Cancel, and two figures on
 * a log learning-rate axis: each rate's final cost, and its test and train
 * accuracy. Points appear as the rates finish (an LlSweepJob the view
 * owns); diverged rates are marked with their own marker and legend entry
 * "diverged", not dropped. A vertical line marks 2/L, the largest rate
 * stable at the start, and one in each job rate's colour marks the rates
 * of the job ("job-rates"). Clicking a point (or Enter on it) emits
 * "rate-chosen" with its rate, for the window to add it to the job.
 *
 * The window gives it the dataset (ll_sweep_view_set_dataset), binds
 * "iterations" and "job-rates" to the run configuration and "font-scale"
 * to its text zoom; each figure saves itself (right click: Export Figure),
 * its "export-done" going to the window's banner. */
#pragma once

#include <gtk/gtk.h>

#include "ll-figure-view.h"
#include "plot/plot-sweep.h"
#include "session/ll-run-store.h"
#include "session/ll-sweep-job.h"

G_BEGIN_DECLS

#define LL_TYPE_SWEEP_VIEW (ll_sweep_view_get_type ())
G_DECLARE_FINAL_TYPE (LlSweepView, ll_sweep_view, LL, SWEEP_VIEW, GtkBox)

GtkWidget    *ll_sweep_view_new             (void);

/* The binary dataset to sweep (referenced), or NULL; a new one cancels a
 * running sweep and clears the figures. */
void          ll_sweep_view_set_dataset     (LlSweepView  *self,
                                             LlSharedDataset *dataset);

/* Property "iterations" (guint, >= 1, default 2000): training steps for
 * each rate. */
guint         ll_sweep_view_get_iterations  (LlSweepView  *self);
void          ll_sweep_view_set_iterations  (LlSweepView  *self,
                                             guint         iterations);
/* Property "job-rates" (GVariant "ad", as LlRunConfig's "learning-rates"):
 * the job's rates, each marked by a line in its run's colour. */
const double *ll_sweep_view_get_job_rates   (LlSweepView  *self,
                                             guint        *n_rates);
void          ll_sweep_view_set_job_rates   (LlSweepView  *self,
                                             const double *rates,
                                             guint         n_rates);
/* Property "font-scale" (double, 0.5 to 4, default 1): the figures' text. */
double        ll_sweep_view_get_font_scale  (LlSweepView  *self);
void          ll_sweep_view_set_font_scale  (LlSweepView  *self,
                                             double        font_scale);

/* The range as the entries show it (FROM, TO, COUNT), e.g. from settings. */
void          ll_sweep_view_set_range       (LlSweepView  *self,
                                             double        from,
                                             double        to,
                                             guint         count);
/* What Sweep does: reads the entries and starts the job; FALSE (and the
 * reason under the controls) when an entry is not usable or there is no
 * dataset. */
gboolean      ll_sweep_view_start           (LlSweepView  *self);
/* What Cancel does. */
void          ll_sweep_view_cancel          (LlSweepView  *self);

LlSweepJob   *ll_sweep_view_get_job         (LlSweepView  *self);
LlFigureView *ll_sweep_view_get_cost_view   (LlSweepView  *self);
LlFigureView *ll_sweep_view_get_accuracy_view (LlSweepView *self);
/* The line under the controls: progress, 2/L, or what went wrong. */
const char   *ll_sweep_view_get_status      (LlSweepView  *self);

/* Property "store": the run store whose "critical-rate" (2/L) the figures
 * mark, and whose runs at its "moment" are rings at their rates (each
 * figure's last layer). */
void          ll_sweep_view_set_store       (LlSweepView  *self,
                                             LlRunStore   *store);

/* The results the figures show (none after a dataset change until the
 * next start), N_RESULTS of them, and the ITERATIONS they were trained for
 * (may be NULL): for the handout. Valid until the next start. */
const LlSweepResult *ll_sweep_view_get_shown_results (LlSweepView *self,
                                                      guint       *n_results,
                                                      guint       *iterations);

/* The figures' layers: LlSweepCostLayer, LlSweepAccuracyLayer
 * (plot/plot-sweep.h). */

G_END_DECLS
