/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-sharpness-view.h: the sharpness over time (issue 17.2): each run's
 * largest eigenvalue of the cost's Hessian at its record points (computed
 * by the session, LlRunPoint.sharpness) against the iteration, with each
 * rate's 2/lr as a dashed line in the run's colour and L at the start for
 * context, and a note saying where each run's sharpness fell below its
 * 2/lr. Follows the run store ("store"), its moment and each run's
 * "visible". */
#pragma once

#include <gtk/gtk.h>

#include "ll-figure-view.h"
#include "plot/plot-sharpness.h"
#include "session/ll-run-store.h"

G_BEGIN_DECLS

#define LL_TYPE_SHARPNESS_VIEW (ll_sharpness_view_get_type ())
G_DECLARE_FINAL_TYPE (LlSharpnessView, ll_sharpness_view, LL, SHARPNESS_VIEW, GtkBox)

/* The figure's layers: LL_SHARPNESS_LAYER_* in plot/plot-sharpness.h. */

GtkWidget    *ll_sharpness_view_new         (void);
void          ll_sharpness_view_set_store   (LlSharpnessView *self,
                                             LlRunStore      *store);
LlRunStore   *ll_sharpness_view_get_store   (LlSharpnessView *self);
/* The note under the figure (for tests and the screen reader). */
const char   *ll_sharpness_view_get_note    (LlSharpnessView *self);
LlFigureView *ll_sharpness_view_get_figure_view (LlSharpnessView *self);

G_END_DECLS
