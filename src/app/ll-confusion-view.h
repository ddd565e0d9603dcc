/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-confusion-view.h: the confusion matrix and the ROC curves (issue 21).
 *
 * For the run chosen in its drop-down, at the threshold, the 2 x 2 table of
 * true/false positives/negatives with counts and rates, for the training
 * and the test set, from the run's shown model (ll_run_get_shown_model).
 * Beside it the ROC curve of every run on the test set (the training set
 * when there is none), in the run's colour, the diagonal as reference, the
 * threshold marked as a point on each curve and the area under each curve
 * in the legend. Clicking a test cell emits "cell-activated" (int
 * true_class, int predicted_class), for the window to show those images. */
#pragma once

#include <gtk/gtk.h>

#include "ll-figure-view.h"
#include "session/ll-run-store.h"

G_BEGIN_DECLS

#define LL_TYPE_CONFUSION_VIEW (ll_confusion_view_get_type ())
G_DECLARE_FINAL_TYPE (LlConfusionView, ll_confusion_view, LL, CONFUSION_VIEW, GtkBox)

GtkWidget    *ll_confusion_view_new           (void);

/* Property "store" (LlRunStore): followed like the other views. */
void          ll_confusion_view_set_store     (LlConfusionView *self,
                                               LlRunStore      *store);
LlRunStore   *ll_confusion_view_get_store     (LlConfusionView *self);

/* Property "threshold" (double, 0 to 1, default 0.5): p > threshold is
 * predicted positive; the window binds it to the grid's slider. */
double        ll_confusion_view_get_threshold (LlConfusionView *self);
void          ll_confusion_view_set_threshold (LlConfusionView *self,
                                               double           threshold);

/* Property "run" (guint): the store position whose table is shown. */
guint         ll_confusion_view_get_run       (LlConfusionView *self);
void          ll_confusion_view_set_run       (LlConfusionView *self,
                                               guint            run);

/* The cell's text as shown ("12\ntrue positives\n80.0 %", the rate within the true class), or NULL
 * with no model; TEST: the test table, else the training table. */
char         *ll_confusion_view_dup_cell_text (LlConfusionView *self,
                                               gboolean         test,
                                               int              true_class,
                                               int              predicted_class);
/* What a click on a test cell does. */
void          ll_confusion_view_activate_cell (LlConfusionView *self,
                                               int              true_class,
                                               int              predicted_class);

LlFigureView *ll_confusion_view_get_roc_view  (LlConfusionView *self);

/* The ROC figure's layers: the diagonal, then per run its curve and its
 * threshold point. */
#define LL_CONFUSION_ROC_DIAGONAL 0
#define LL_CONFUSION_ROC_CURVE(run) (1 + 2 * (run))
#define LL_CONFUSION_ROC_POINT(run) (2 + 2 * (run))

G_END_DECLS
