/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-cost-watch.h: watches each run's cost curve for rises (a step that
 * overshoots) and words them for the teacher: "Learning rate 0.5 is too
 * large: its cost went up 3 times (first at iteration 100)." Plain GLib. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LlCostWatch LlCostWatch;

LlCostWatch *ll_cost_watch_new      (void);
void         ll_cost_watch_free     (LlCostWatch *watch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlCostWatch, ll_cost_watch_free)

/* Forgets every run (a new job, or reset). */
void         ll_cost_watch_reset    (LlCostWatch *watch);

/* The training split's share of the positive class: a run whose cost stays
 * at the entropy of the shares (the cost of predicting the shares for every
 * example) after many iterations has learnt the bias only, and the note
 * says so. NAN (the default) = no such check. Kept across resets. */
void         ll_cost_watch_set_positive_share (LlCostWatch *watch,
                                               double       share);
/* Records RUN's COST at ITERATION; TRUE when the note's text changed. */
gboolean     ll_cost_watch_add      (LlCostWatch *watch,
                                     guint        run,
                                     double       learning_rate,
                                     guint        iteration,
                                     double       cost);

/* One line per run whose cost went up or is stuck at the shares' cost, "" when none did: one rise "may be
 * too large"; repeated rises "too large" while they go on, "on the edge"
 * once the curve has settled. */
char        *ll_cost_watch_dup_text (LlCostWatch *watch);

G_END_DECLS
