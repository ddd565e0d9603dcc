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
/* Blanks every value, keeps the rows. */
void        ll_accuracy_table_clear      (LlAccuracyTable *self);

/* The text shown in row RUN, column COLUMN (0 rate, 1 iteration, 2 cost,
 * 3 train, 4 test), for tests. */
const char *ll_accuracy_table_get_text   (LlAccuracyTable *self,
                                          guint            run,
                                          guint            column);

G_END_DECLS
