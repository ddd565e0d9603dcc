/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-result-grid.h: the test images titled "True: cat · Predicted: non-cat",
 * marked right or wrong, for the model of one learning rate at a time.
 *
 * Data in, nothing out but notifications: the window hands over the binary
 * dataset once, the learning rates once per job, then the test-set
 * probabilities of each run at every record point. */
#pragma once

#include <gtk/gtk.h>

#include "session/ll-run-store.h"

#include "core/data/dataset.h"
#include "ll-test-image.h"

G_BEGIN_DECLS

#define LL_TYPE_RESULT_GRID (ll_result_grid_get_type ())
G_DECLARE_FINAL_TYPE (LlResultGrid, ll_result_grid, LL, RESULT_GRID, GtkBox)

GtkWidget  *ll_result_grid_new                (void);

/* Property "store" (LlRunStore): the grid shows the store's dataset's test
 * images, one run per store item, each labelled by the run's shown model
 * (ll_run_get_shown_model), and follows the store. In the app this is all
 * that feeds the grid; the setters below are what it does with the store,
 * public for the widget's own tests. */
void        ll_result_grid_set_store (LlResultGrid *self,
                                      LlRunStore *store);
LlRunStore *ll_result_grid_get_store (LlResultGrid *self);

/* COPIES the test split of BINARY_DATASET (pixels, labels, the names of
 * class 0 and 1), so the caller may free the dataset afterwards. NULL
 * empties the grid. Forgets all probabilities (the runs stay). */
void        ll_result_grid_set_dataset        (LlResultGrid    *self,
                                               const LlDataset *binary_dataset);

/* One run per learning rate, in the trainer's run order; forgets all
 * probabilities and shows run 0. */
void        ll_result_grid_set_runs           (LlResultGrid    *self,
                                               const double    *learning_rates,
                                               guint            n_runs);

/* The probabilities of the positive class on the test split under RUN's
 * current model (m_test = the test split's count). Copied. Cheap enough for
 * every record point: one comparison per image and no per-item signal; the
 * bound cells are refreshed (or, while the grid is hidden, at its next map)
 * and the shown items are listed again (one items-changed for the whole
 * list) only when a prediction flipped. */
void        ll_result_grid_set_probabilities  (LlResultGrid    *self,
                                               guint            run,
                                               const double    *test_probabilities,
                                               gsize            m_test);

/* Which run's model labels the images (the "Learning rate" drop-down). */
guint       ll_result_grid_get_run            (LlResultGrid    *self);
void        ll_result_grid_set_run            (LlResultGrid    *self,
                                               guint            run);

/* Predict the positive class where p > threshold (default 0.5); the slider. */
double      ll_result_grid_get_threshold      (LlResultGrid    *self);
void        ll_result_grid_set_threshold      (LlResultGrid    *self,
                                               double           threshold);

gboolean    ll_result_grid_get_misclassified_only (LlResultGrid *self);
void        ll_result_grid_set_misclassified_only (LlResultGrid *self,
                                                   gboolean      misclassified_only);

/* Shows only the test images of TRUE_CLASS predicted as PREDICTED_CLASS
 * (0 or 1) under the shown run at the threshold: a confusion matrix cell.
 * -1 shows all again; turning "Misclassified only" on clears it too. */
void        ll_result_grid_set_cell_filter    (LlResultGrid    *self,
                                               int              true_class,
                                               int              predicted_class);
/* Every test image again ("Show All", Escape in the grid). */
void        ll_result_grid_clear_cell_filter  (LlResultGrid    *self);
/* TRUE and the cell while filtered. */
gboolean    ll_result_grid_get_cell_filter    (LlResultGrid    *self,
                                               int             *true_class,
                                               int             *predicted_class);

/* Test accuracy in percent of RUN at the current threshold (ll_accuracy),
 * NAN while RUN has no probabilities. The "accuracy-changed" signal says
 * when any run's value may have changed (new probabilities or threshold). */
double      ll_result_grid_get_accuracy       (LlResultGrid    *self,
                                               guint            run);

/* The visible items (LlTestImage): all, or the scored and wrong ones when
 * "Misclassified only" is on.
 * Transfer none. While the grid is not mapped (a hidden page) new scores do
 * not re-list the items: this call brings the model up to date, so ask for
 * it again rather than keeping the pointer across record points. */
GListModel *ll_result_grid_get_model          (LlResultGrid    *self);

/* Opens the side panel on the visible item at POSITION (as a click does):
 * the image large and its probability under each learning rate. A click
 * also emits "image-activated" with the image's index in the test set. */
void        ll_result_grid_show_details       (LlResultGrid    *self,
                                               guint            position);
/* The side panel's item, or NULL when closed. Transfer none. */
LlTestImage *ll_result_grid_get_details_item  (LlResultGrid    *self);
/* The panel's lines, "lr = 0.5: p(cat) = 0.93 → cat", one per run,
 * newline-separated; NULL when closed. */
char       *ll_result_grid_dup_details_text   (LlResultGrid    *self);

G_END_DECLS
