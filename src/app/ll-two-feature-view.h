/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-two-feature-view.h: the two-feature picture (issue 19.4).
 *
 * The examples on two features, in the units the model sees (after the
 * scaling): training examples filled, test examples hollow, coloured and
 * shaped by class; each run's decision line w1 x1 + w2 x2 + b = logit(t)
 * (t the threshold; 0 at t = 0.5) in the run's colour and dash, from its
 * shown model (ll_run_get_shown_model: every record point, and the
 * timeline's moment); under them the chosen run's probability as a shade
 * with the threshold's contour. A wider table picks two columns: the line
 * is then the slice through the other features' training mean, and the
 * caption says so. Image data have no such picture: a text says why. */
#pragma once

#include <gtk/gtk.h>

#include "ll-figure-view.h"
#include "plot/plot-boundary.h"
#include "session/ll-run-store.h"

G_BEGIN_DECLS

#define LL_TYPE_TWO_FEATURE_VIEW (ll_two_feature_view_get_type ())
G_DECLARE_FINAL_TYPE (LlTwoFeatureView, ll_two_feature_view, LL, TWO_FEATURE_VIEW, GtkBox)

GtkWidget    *ll_two_feature_view_new           (void);

/* Property "store" (LlRunStore): followed like the other views. */
void          ll_two_feature_view_set_store     (LlTwoFeatureView *self,
                                                 LlRunStore       *store);
/* Property "threshold" (double, 0 to 1, default 0.5): the window binds it
 * to the Test Images page's slider. */
void          ll_two_feature_view_set_threshold (LlTwoFeatureView *self,
                                                 double            threshold);
/* Property "scaling" (string): the scaling the features had, as
 * ll_scaling_describe writes it ("standardize", "max:255", "none"), for
 * the axis labels; NULL or "" says nothing. */
void          ll_two_feature_view_set_scaling   (LlTwoFeatureView *self,
                                                 const char       *scaling);
/* Properties "x-feature", "y-feature" (guint): the two columns shown. */
void          ll_two_feature_view_set_features  (LlTwoFeatureView *self,
                                                 guint             x_feature,
                                                 guint             y_feature);

LlFigureView *ll_two_feature_view_get_figure_view (LlTwoFeatureView *self);
/* The run whose probability is shaded (its drop-down), for the handout. */
guint         ll_two_feature_view_get_shaded_run (LlTwoFeatureView *self);
/* Whether the dataset can be shown (not image data). */
gboolean      ll_two_feature_view_get_available (LlTwoFeatureView *self);

/* The figure's layers: LL_TWO_FEATURE_* (plot/plot-boundary.h). */

G_END_DECLS
