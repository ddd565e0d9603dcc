/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-classify-view.h: classify images of the user's own.
 *
 * Shows the image, the small version the model actually sees (the dataset's
 * resize and channels, drawn scaled up) and, for each learning rate's model,
 * the probability of the positive class and the predicted class. Without
 * models it says to train first (or to open weights).
 *
 * Files are decoded by the decode helper process (core/decode-helper.h) in a
 * GTask thread, never on the UI thread and never in this process: see
 * ll_classify_view_load_file_async. A failed load emits "load-failed" with a
 * GError naming the file, for the window's banner; nothing else stops. */
#pragma once

#include <gtk/gtk.h>

#include "session/ll-run-store.h"

#include "core/data/image.h"

G_BEGIN_DECLS

#define LL_TYPE_CLASSIFY_VIEW (ll_classify_view_get_type ())
G_DECLARE_FINAL_TYPE (LlClassifyView, ll_classify_view, LL, CLASSIFY_VIEW, GtkBox)

GtkWidget     *ll_classify_view_new                (void);

/* Property "store" (LlRunStore): the models to classify with are the
 * runs' shown models (the trained ones once finished), in the shape of the
 * store's dataset; they follow the store as it trains. */
void        ll_classify_view_set_store (LlClassifyView *self,
                                        LlRunStore *store);
LlRunStore *ll_classify_view_get_store (LlClassifyView *self);

/* The shape images are fitted to (the dataset's). 0, 0, 0 = unknown: then
 * each model's own shape is used. */
void           ll_classify_view_set_shape          (LlClassifyView *self,
                                                    guint           height,
                                                    guint           width,
                                                    guint           channels);

/* Shows ORIGINAL and FITTED (what the model sees); both are copied. FITTED
 * may be NULL: then ORIGINAL is fitted here to the shape (or the first
 * model's shape). ORIGINAL NULL clears the view. Emits "image-changed". */
void           ll_classify_view_set_image          (LlClassifyView *self,
                                                    const LlImage  *original,
                                                    const LlImage  *fitted);

/* The models (LlModel *) to classify with, one per learning rate. The models
 * are COPIED (cheap: one w each), so the caller keeps ownership and may call
 * this again at each record point. NULL or empty: "Train first". */
void           ll_classify_view_set_models         (LlClassifyView *self,
                                                    GPtrArray      *models);

/* The executable run with --decode-helper (see LlDecodeHelperConfig);
 * NULL (the default) = logistic-lab-decode. Tests pass the built logistic-lab. */
void           ll_classify_view_set_helper_path    (LlClassifyView *self,
                                                    const char     *helper_path);

/* Decodes FILES (at most 64) one after the other in the helper process (in a
 * GTask thread), fits them and shows them all: each small with its class
 * under every model, the first large (activate another to see it large).
 * Each file that fails emits "load-failed"; the task fails only when none
 * loads. A new load cancels the previous one. */
void           ll_classify_view_load_files_async   (LlClassifyView      *self,
                                                    GFile              **files,
                                                    guint                n_files,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);

/* Decodes FILE in the helper process (in a GTask thread), fits it to the
 * shape and shows it. A new load cancels the previous one. On failure emits
 * "load-failed" and also hands the error to CALLBACK (if any). */
void           ll_classify_view_load_file_async    (LlClassifyView      *self,
                                                    GFile               *file,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean       ll_classify_view_load_file_finish   (LlClassifyView  *self,
                                                    GAsyncResult    *result,
                                                    GError         **error);

/* Adds a GtkDropTarget for textures (a picture dragged out of another app,
 * no file) to TARGET_WIDGET, e.g. the window, that classifies it at once.
 * Dropped files are the window's: it opens them by kind. Returns the target
 * (owned by TARGET_WIDGET). */
GtkDropTarget *ll_classify_view_attach_drop_target (LlClassifyView *self,
                                                    GtkWidget      *target_widget);

/* An RGB LlImage of TEXTURE composited over white (for dropped textures). */
LlImage       *ll_classify_view_image_from_texture (GdkTexture     *texture);

/* For tests and the window. */
const LlImage *ll_classify_view_get_image          (LlClassifyView *self);
const LlImage *ll_classify_view_get_fitted_image   (LlClassifyView *self);
/* "Train first (or open weights) to classify this image." or the heading of
 * the results; "" without an image. */
const char    *ll_classify_view_get_status_text    (LlClassifyView *self);
guint          ll_classify_view_get_n_results      (LlClassifyView *self);
/* Result I (one per model): NAN / NULL when the model expects another shape. */
double         ll_classify_view_get_probability    (LlClassifyView *self,
                                                    guint           i);
const char    *ll_classify_view_get_predicted_class (LlClassifyView *self,
                                                     guint           i);

/* The images given (1 for a drop or set_image), their names ("" for a
 * dropped picture), their probability under model MODEL, the one shown large. */
guint          ll_classify_view_get_n_images       (LlClassifyView *self);
const char    *ll_classify_view_get_image_name     (LlClassifyView *self,
                                                    guint           index);
double         ll_classify_view_get_image_probability (LlClassifyView *self,
                                                       guint           index,
                                                       guint           model);
void           ll_classify_view_select_image       (LlClassifyView *self,
                                                    guint           index);
guint          ll_classify_view_get_selected_image (LlClassifyView *self);

/* Whether image INDEX is far from the training data: farther from the
 * training images' mean (in pixel space) than 95 % of them. PERCENTILE
 * (optional): the share of training images nearer, NAN until measured on a
 * worker ("distances-measured" is emitted then). The note under the
 * results says it, and that a classifier always answers one of its two
 * classes. */
gboolean       ll_classify_view_get_far            (LlClassifyView *self,
                                                    guint           index,
                                                    double         *percentile);
const char    *ll_classify_view_get_distance_text  (LlClassifyView *self);

G_END_DECLS
