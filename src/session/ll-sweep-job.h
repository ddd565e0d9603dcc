/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-sweep-job.h: the learning-rate sweep of issue 17 as data: ll_sweep on a
 * worker thread for one dataset, its results arriving on the thread that
 * started it as the batches finish. GLib and GIO only: tested headless.
 *
 *   job = ll_sweep_job_new ();
 *   g_signal_connect (job, "results-added", ...);   // position, n_added
 *   g_signal_connect (job, "finished", ...);        // GError or NULL
 *   ll_sweep_job_start (job, dataset, &(LlSweepJobConfig) { 1e-5, 10, 40, 2000 }, &error);
 *
 * Results come in rate order (ll_sweep trains batches in rate order), so
 * "results-added" always appends. (2/L is the run store's "critical-rate":
 * one computation per dataset.)
 * Starting again cancels the job before; nothing of it arrives afterwards.
 * Dropping the job cancels its worker, which frees its own data. */
#pragma once

#include <gio/gio.h>

#include "core/train/sweep.h"
#include "ll-shared-dataset.h"

G_BEGIN_DECLS

#define LL_TYPE_SWEEP_JOB (ll_sweep_job_get_type ())
G_DECLARE_FINAL_TYPE (LlSweepJob, ll_sweep_job, LL, SWEEP_JOB, GObject)

/* What to sweep: COUNT rates log-spaced from FROM to TO (as ll_sweep_rates),
 * each trained for ITERATIONS from w = 0, b = 0. */
typedef struct {
  double from;
  double to;
  guint count;
  guint iterations;
} LlSweepJobConfig;

/* The defaults of issue 17: 40 rates from 1e-5 to 10, 2000 iterations. */
#define LL_SWEEP_JOB_DEFAULT_FROM 1e-5
#define LL_SWEEP_JOB_DEFAULT_TO 10.0
#define LL_SWEEP_JOB_DEFAULT_COUNT 40u
#define LL_SWEEP_JOB_MAX_COUNT 1000u

LlSweepJob          *ll_sweep_job_new          (void);

/* Whether CONFIG can be swept; else a G_IO_ERROR_INVALID_ARGUMENT saying
 * what is wrong, in words for the user. */
gboolean             ll_sweep_job_validate     (const LlSweepJobConfig *config,
                                                GError                **error);

/* Drops the results so far and starts sweeping DATASET (a binary dataset,
 * referenced until the worker is done) by CONFIG on a worker thread.
 * FALSE (and nothing started) when CONFIG is invalid. */
gboolean             ll_sweep_job_start        (LlSweepJob             *self,
                                                LlSharedDataset        *dataset,
                                                const LlSweepJobConfig *config,
                                                GError                **error);
/* Stops the worker after its current iteration; "finished" follows with
 * G_IO_ERROR_CANCELLED. The results so far stay. Nothing when not running. */
void                 ll_sweep_job_cancel       (LlSweepJob             *self);

/* The results so far, in rate order (N_RESULTS of them); valid until the
 * next start. */
const LlSweepResult *ll_sweep_job_get_results  (LlSweepJob             *self,
                                                guint                  *n_results);
/* The configuration of the last start (zeros before). */
void                 ll_sweep_job_get_config   (LlSweepJob             *self,
                                                LlSweepJobConfig       *config);

/* Property "running" (gboolean, read-only). */
gboolean             ll_sweep_job_get_running  (LlSweepJob             *self);
/* Property "fraction" (double 0..1, read-only): rates done of the count. */
double               ll_sweep_job_get_fraction (LlSweepJob             *self);

G_END_DECLS
