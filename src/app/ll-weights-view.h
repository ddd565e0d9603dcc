/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-weights-view.h: each learning rate's weights w as an image.
 *
 * w is reshaped to the dataset's H x W x C (HWC, as the pixels) and drawn
 * with a diverging colour map centred on 0: blue (towards label 0), white
 * (ignored), red (towards label 1), symmetric per run over ±max |value|.
 * For RGB data a pixel shows the mean of its three channel weights (said in
 * the tooltip). One tile per run, captioned "lr = 0.5", scaled up by an
 * integer factor so every weight is a crisp square. */
#pragma once

#include <gtk/gtk.h>

#include "ll-figure-view.h"
#include "session/ll-run-store.h"

G_BEGIN_DECLS

#define LL_TYPE_WEIGHTS_VIEW (ll_weights_view_get_type ())
G_DECLARE_FINAL_TYPE (LlWeightsView, ll_weights_view, LL, WEIGHTS_VIEW, GtkBox)

/* Before the view has room, tiles aim at this side in pixels (64×64 → ×4 =
 * 256, 28×28 → ×9 = 252); once allocated, the scale is the largest whole
 * one at which every tile fits the scrolled window's width and height (else
 * the largest at which one tile fits its width): bigger on a projector,
 * every weight still a crisp square (ll_weights_view_get_scale). */
#define LL_WEIGHTS_VIEW_TARGET_SIDE 256

GtkWidget  *ll_weights_view_new          (void);

/* Property "store" (LlRunStore): one tile per run with the weights of its
 * shown model, in the shape of the store's dataset; follows the store. The
 * setters below are what it does with the store (public for its tests). */
void        ll_weights_view_set_store (LlWeightsView *self,
                                       LlRunStore *store);
LlRunStore *ll_weights_view_get_store (LlWeightsView *self);

/* The image shape w is reshaped to and the two class names (label 0, label 1)
 * for the legend. Clears all weights. */
void        ll_weights_view_set_shape    (LlWeightsView *self,
                                          guint          height,
                                          guint          width,
                                          guint          channels,
                                          const char    *negative_class,
                                          const char    *positive_class);

/* One tile per learning rate; clears all weights. */
void        ll_weights_view_set_runs     (LlWeightsView *self,
                                          const double  *learning_rates,
                                          guint          n_runs);

/* RUN's current weights; n_features must be height * width * channels.
 * Copied into a texture at once (call it at each record point). */
void        ll_weights_view_set_weights  (LlWeightsView *self,
                                          guint          run,
                                          const double  *w,
                                          gsize          n_features);

/* RUN's texture ((width * scale) x (height * scale)), NULL before weights.
 * Transfer none. */
GdkTexture *ll_weights_view_get_texture  (LlWeightsView *self,
                                          guint          run);
/* The text under RUN's picture: the colours' span, and for a table without
 * an image shape each weight by column name ("exam 1: w = 0.031"). */
const char *ll_weights_view_get_caption  (LlWeightsView *self,
                                          guint          run);
guint       ll_weights_view_get_scale    (LlWeightsView *self);

/* The feature index (of the first channel) of the pixel at X, Y in a tile's
 * picture, or G_MAXUINT outside it. Signal "pixel-activated" (guint feature):
 * a tile's pixel was clicked. */
guint       ll_weights_view_feature_at   (LlWeightsView *self,
                                          double         x,
                                          double         y);

/* Whether every tile's colours span the same ±max |w| (the largest of all
 * the runs), so weights 30 times apart look so; on by default. A check
 * button above the tiles. */
gboolean    ll_weights_view_get_shared_scale (LlWeightsView *self);
void        ll_weights_view_set_shared_scale (LlWeightsView *self,
                                              gboolean       shared);
/* Whether each run shows its red, green and blue weights as three pictures
 * side by side (a check button shown for RGB data; off by default), each
 * over the run's largest |w| of any channel (or the shared scale). */
gboolean    ll_weights_view_get_channels_apart (LlWeightsView *self);
void        ll_weights_view_set_channels_apart (LlWeightsView *self,
                                                gboolean       apart);
/* RUN's pictures: 1, or 3 with the channels apart; picture P's texture
 * (NULL before weights). Transfer none. */
guint       ll_weights_view_get_n_pictures      (LlWeightsView *self,
                                                 guint          run);
GdkTexture *ll_weights_view_get_picture_texture (LlWeightsView *self,
                                                 guint          run,
                                                 guint          picture);

/* The note over the tiles ("209 examples, 12288 weights: ..."), "" when none. */
const char *ll_weights_view_get_note     (LlWeightsView *self);

/* A table without an image shape (feature names, height 1) shows, instead
 * of the pictures, one bar chart of w by feature name: a layer of bars per
 * run (layer i is run i, in its look; the store's moment), the y axis the
 * names (categories, the first at the top); past 40 features the 40 with
 * the largest |w| of any run, largest first, as its caption says. The
 * figure view (visible only then), for tests. */
LlFigureView *ll_weights_view_get_bars_view (LlWeightsView *self);

/* The colour map itself, pure: W (height * width * channels, HWC) to
 * height * width RGB bytes in RGB_OUT (channel mean for channels > 1).
 * Returns the max |value| the map is scaled to (0 when w is all zero, which
 * draws all white). */
double      ll_weights_to_rgb            (const double *w,
                                          guint         height,
                                          guint         width,
                                          guint         channels,
                                          guint8       *rgb_out);

G_END_DECLS
