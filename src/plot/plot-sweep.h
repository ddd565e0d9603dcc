/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-sweep.h: the learning-rate sweep's two figures of issue 17, one
 * drawing for the Sweep page and the handout: each swept rate's final cost
 * (log y) and its test and train accuracy against the learning rate (log
 * x); diverged rates as their own crosses ("diverged" in the legend), 2/L
 * as a vertical line, each job rate as a line in its run's look, and a last
 * points layer for the job's runs at the timeline's moment. */
#pragma once

#include "core/train/sweep.h"
#include "plot-figure.h"

G_BEGIN_DECLS

/* The layers of the figures, in this order (then a line per job rate, then
 * the job's runs at the store's moment). */
typedef enum {
  LL_SWEEP_COST_LINE,         /* final cost, NAN (a gap) where diverged */
  LL_SWEEP_COST_DIVERGED,     /* diverged rates at their cost */
  LL_SWEEP_COST_CRITICAL,     /* 2/L, once known */
} LlSweepCostLayer;

typedef enum {
  LL_SWEEP_ACCURACY_TEST,     /* test accuracy, NAN where diverged */
  LL_SWEEP_ACCURACY_TRAIN,    /* train accuracy, NAN where diverged */
  LL_SWEEP_ACCURACY_DIVERGED, /* diverged rates at their test (else train) accuracy */
  LL_SWEEP_ACCURACY_CRITICAL, /* 2/L, once known */
} LlSweepAccuracyLayer;

typedef struct {
  guint iterations;           /* the titles: "Final cost after 2000 iterations" */
  double critical_rate;       /* 2/L; NAN: unknown, its line hidden */
  gboolean show_critical;     /* FALSE hides the 2/L line (no results yet) */
  const double *job_rates;    /* n_job_rates, borrowed */
  const guint *job_looks;     /* n_job_rates: each job rate's run look */
  guint n_job_rates;
} LlSweepFigureSpec;

/* A run of the job at the timeline's moment: a ring at its rate. */
typedef struct {
  double learning_rate;
  double cost;
  double test_accuracy;       /* NAN without a test split: the train accuracy is shown */
  double train_accuracy;
  guint look;
} LlSweepFigureMoment;

/* The figures, new, without points. */
LlFigure *ll_plot_sweep_cost_figure     (const LlSweepFigureSpec *spec);
LlFigure *ll_plot_sweep_accuracy_figure (const LlSweepFigureSpec *spec);

/* RESULTS (N_RESULTS, in rate order) into both figures' layers. When
 * DIVERGED (guint) is given it gets, for each point of the diverged layers,
 * the index of its result. */
void      ll_plot_sweep_set_results     (LlFigure            *cost,
                                         LlFigure            *accuracy,
                                         const LlSweepResult *results,
                                         guint                n_results,
                                         GArray              *diverged);
/* The job's runs at the moment, into both figures' last layers. */
void      ll_plot_sweep_set_moment      (LlFigure                  *cost,
                                         LlFigure                  *accuracy,
                                         const LlSweepFigureMoment *runs,
                                         guint                      n_runs);

/* The accuracy a result is shown at: test, else train. */
double    ll_plot_sweep_shown_accuracy  (const LlSweepResult *result);
/* "0.0036": 2/L with the two digits a teacher reads out; new. */
char     *ll_plot_format_critical_rate  (double rate);

G_END_DECLS
