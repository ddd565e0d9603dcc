/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-landscape-view.h: the cost landscape of issue 18: the true cost on the
 * plane that holds the runs' paths (LlLandscapeJob, on a worker) as a heat
 * map with contours, each run's path on it, and one step of a chosen run
 * along its line. Follows the run store ("store"). */
#pragma once

#include <gtk/gtk.h>

#include "ll-figure-view.h"
#include "session/ll-landscape-job.h"
#include "session/ll-run-store.h"

G_BEGIN_DECLS

#define LL_TYPE_LANDSCAPE_VIEW (ll_landscape_view_get_type ())
G_DECLARE_FINAL_TYPE (LlLandscapeView, ll_landscape_view, LL, LANDSCAPE_VIEW, GtkBox)

GtkWidget  *ll_landscape_view_new       (void);
void        ll_landscape_view_set_store (LlLandscapeView *self,
                                         LlRunStore      *store);
LlRunStore *ll_landscape_view_get_store (LlLandscapeView *self);
/* The cost surface with the runs' paths (layer 0 the heat map, layer
 * 1 + r run r's path, hidden while the run is not "visible", faded while
 * it is pinned; the last layer the runs' points at the store's moment). */
LlFigureView *ll_landscape_view_get_figure_view (LlLandscapeView *self);
/* TRUE when the figure shows the job's newest surface: the figure of a new
 * one is built on a worker, and until it comes the old one stays as it was
 * (its paths and rings do not move onto the new plane). */
gboolean        ll_landscape_view_get_figure_current (LlLandscapeView *self);
/* The job computing the surface and projecting the paths (for the handout). */
LlLandscapeJob *ll_landscape_view_get_job       (LlLandscapeView *self);

G_END_DECLS
