/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-accuracy-table.h: train and test accuracy per learning rate, in big
 * numbers, updated at every record point. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_ACCURACY_TABLE (ll_accuracy_table_get_type ())
G_DECLARE_FINAL_TYPE (LlAccuracyTable, ll_accuracy_table, LL, ACCURACY_TABLE, GtkWidget)

GtkWidget  *ll_accuracy_table_new        (void);

/* One row per rate, values blank ("—"). */
void        ll_accuracy_table_set_rates  (LlAccuracyTable *self,
                                          const double    *rates,
                                          guint            n_rates);
/* Fills row RUN. test_accuracy may be NAN (no test split). */
void        ll_accuracy_table_update     (LlAccuracyTable *self,
                                          guint            run,
                                          guint            iteration,
                                          double           cost,
                                          double           train_accuracy,
                                          double           test_accuracy);
/* Sets only the two accuracy columns of row RUN (the threshold's values). */
void        ll_accuracy_table_set_accuracies (LlAccuracyTable *self,
                                              guint            run,
                                              double           train_accuracy,
                                              double           test_accuracy);
/* Says in the headings which decision threshold the accuracies are at;
 * TRAIN_FOLLOWS FALSE: the train column is still at 0.5 (said in its tooltip). */
void        ll_accuracy_table_set_threshold (LlAccuracyTable *self,
                                             double           threshold,
                                             gboolean         train_follows);

/* Blanks every value, keeps the rows. */
void        ll_accuracy_table_clear      (LlAccuracyTable *self);

/* The text shown in row RUN, column COLUMN (0 rate, 1 iteration, 2 cost,
 * 3 train, 4 test), for tests. */
const char *ll_accuracy_table_get_text   (LlAccuracyTable *self,
                                          guint            run,
                                          guint            column);

G_END_DECLS
