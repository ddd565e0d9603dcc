/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-runs-view.h: the Runs page (issue 21): every run of the store, pinned
 * ones first, with its settings and its final figures (cost, train and test
 * accuracy, state). Per row: show or hide it on the plots (the run's
 * "visible"), pin it (kept when a new job starts), rename it (its "title",
 * edited in place), remove it (pinned or finished runs only:
 * ll_run_store_remove). Selecting two rows (Ctrl+click, Ctrl+Space) puts
 * their settings and figures side by side in a table under the list. */
#pragma once

#include <gtk/gtk.h>

#include "session/ll-run-store.h"

G_BEGIN_DECLS

#define LL_TYPE_RUNS_VIEW (ll_runs_view_get_type ())
G_DECLARE_FINAL_TYPE (LlRunsView, ll_runs_view, LL, RUNS_VIEW, GtkBox)

GtkWidget  *ll_runs_view_new        (void);

/* Property "store" (LlRunStore): the runs shown. */
LlRunStore *ll_runs_view_get_store  (LlRunsView *self);
void        ll_runs_view_set_store  (LlRunsView *self,
                                     LlRunStore *store);

/* The runs side by side in the comparison (0, 1 or 2 of them), in list
 * order, and the table's text of row ROW (0 = titles), column COLUMN (0 =
 * the row's name, 1 and 2 = the runs), or NULL: for tests. */
guint       ll_runs_view_get_n_compared (LlRunsView *self);
const char *ll_runs_view_get_compare_text (LlRunsView *self,
                                           guint       row,
                                           guint       column);
/* The figures line of the run at POSITION ("cost 0.316 · train 91.0 % ·
 * test 85.8 % · finished"), or NULL: for tests. */
const char *ll_runs_view_get_figures_text (LlRunsView *self,
                                           guint       position);

/* The progress bar of a lesson's pinned runs trained again on open: 0 to 1,
 * or < 0 to hide it (ll_training_session_get_retrain_fraction). */
void        ll_runs_view_set_progress (LlRunsView *self,
                                       double      fraction);
double      ll_runs_view_get_progress (LlRunsView *self);

G_END_DECLS
