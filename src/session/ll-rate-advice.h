/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-rate-advice.h: what the note under the cost plot says about the runs
 * (issue 24.1), and the learning rates the window suggests (issue 24.2).
 * Plain data in, text out: GLib only, tested headless. */
#pragma once

#include <glib.h>

#include "ll-run.h"

G_BEGIN_DECLS

/* What one run shows, in the numbers the note needs. */
typedef struct {
  double learning_rate;
  guint iteration;          /* its latest record point */
  double cost;              /* the cost there */
  /* The trainer's rises over every iteration, recorded or not (LlRunPoint
   * .rises, .first_rise), and the first record point by which all of them
   * had happened: none of them depends on the record interval but that
   * bound ("steady by iteration 500", true at any interval). */
  guint rises;
  guint first_rise;
  guint settled_by;
  gboolean diverged;
  guint diverged_at;
  double train_accuracy;    /* percent, NAN unknown */
  double test_accuracy;     /* percent, NAN without a test split */
  gboolean running;         /* still training: its counts are "so far" */
} LlRunFacts;

/* Fills FACTS from RUN's latest record point; FALSE when it has none or
 * was imported (nothing trained to compare). */
gboolean  ll_run_facts_from_run       (LlRun            *run,
                                       LlRunFacts       *facts);

/* The note: the runs ranked by final cost with how steady each was, in
 * few words so that three rates and the overfitting sentence fit the
 * note's three lines ("0.5: lowest cost; steady by iteration 500 (cost
 * rose 12 times). 0.01: stable, slowest."), then, when train accuracy reaches ~100 % while test stays far
 * below, overfitting named; a run stuck at SHARES_COST (the cost of
 * guessing by the class shares, NAN = unknown) says so. CRITICAL_RATE (2/L,
 * NAN unknown) puts each unsteady rate above it in proportion. "" when there
 * is nothing to say. */
char     *ll_rate_advice_dup_note     (const LlRunFacts *facts,
                                       guint             n_facts,
                                       double            critical_rate,
                                       double            shares_cost);
/* The same, and in *WARNS whether it warns of something (a rate diverged
 * or its cost rose, overfitting, a stuck run) or only compares steady
 * runs ("0.5: lowest cost; stable. 0.1: stable."): the window shows a
 * warning sign only for the first. */
char     *ll_rate_advice_dup_note_full (const LlRunFacts *facts,
                                        guint             n_facts,
                                        double            critical_rate,
                                        double            shares_cost,
                                        gboolean         *warns);

/* The sets of rates the window offers. */
typedef enum {
  LL_RATE_SUGGESTION_AROUND_CRITICAL,  /* below, near and above 2/L */
  LL_RATE_SUGGESTION_COURSE,           /* the course's 0.01, 0.001, 0.0001 */
  LL_RATE_SUGGESTION_DEFAULT,          /* the design's 0.5, 0.1, 0.01 */
} LlRateSuggestion;

#define LL_RATE_ADVICE_N_SUGGESTED 3

/* Fills RATES (LL_RATE_ADVICE_N_SUGGESTED, largest first) for SUGGESTION;
 * FALSE (RATES untouched) for AROUND_CRITICAL when CRITICAL_RATE is not a
 * positive number. Around 2/L: a quarter of it, 0.9 × and 3 ×, each to two
 * significant digits. */
gboolean  ll_rate_advice_suggest      (LlRateSuggestion  suggestion,
                                       double            critical_rate,
                                       double           *rates);

/* VALUE to DIGITS significant digits, as the number that prints so
 * (0.0032 from 0.00324, digits 2). */
double    ll_rate_advice_round        (double            value,
                                       int               digits);

G_END_DECLS
