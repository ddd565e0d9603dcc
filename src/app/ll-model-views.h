/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-model-views.h: feeds what the models show — the test-image grid, the
 * weights images, the classify view and the accuracy table's threshold
 * columns — from the training session's record points or from imported
 * weights. The window owns one; it holds no widget references of its own. */
#pragma once

#include <gtk/gtk.h>
#include "ll-accuracy-table.h"
#include "ll-classify-view.h"
#include "ll-result-grid.h"
#include "ll-shared-dataset.h"
#include "ll-training-session.h"
#include "ll-weights-import.h"
#include "ll-weights-view.h"

G_BEGIN_DECLS

#define LL_TYPE_MODEL_VIEWS (ll_model_views_get_type ())
G_DECLARE_FINAL_TYPE (LlModelViews, ll_model_views, LL, MODEL_VIEWS, GObject)

/* The widgets belong to the window and must outlive this object (the window
 * drops it in its dispose before its template goes). */
LlModelViews *ll_model_views_new           (LlTrainingSession *session,
                                            LlResultGrid      *grid,
                                            LlWeightsView     *weights,
                                            LlClassifyView    *classify,
                                            LlAccuracyTable   *table);

/* The binary dataset being trained (NULL empties everything). */
void          ll_model_views_set_dataset   (LlModelViews      *self,
                                            LlSharedDataset   *binary);

/* A training job starts with these rates: views get one run per rate. */
void          ll_model_views_set_runs      (LlModelViews      *self,
                                            const double      *learning_rates,
                                            guint              n_runs);

/* Shows imported weights as if they had been trained, and takes IMPORT
 * (the table's rows must already be set to the models' rates). */
void          ll_model_views_show_import   (LlModelViews      *self,
                                            LlWeightsImport   *import);

/* The imported models while they are shown, else NULL. Borrowed. */
GPtrArray    *ll_model_views_get_imported  (LlModelViews      *self);

G_END_DECLS
