/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-accuracy-table.h: train and test accuracy per learning rate, in big
 * numbers, following the run store at every record point. */
#pragma once

#include <gtk/gtk.h>

#include "session/ll-run-store.h"

G_BEGIN_DECLS

#define LL_TYPE_ACCURACY_TABLE (ll_accuracy_table_get_type ())
G_DECLARE_FINAL_TYPE (LlAccuracyTable, ll_accuracy_table, LL, ACCURACY_TABLE, GtkWidget)

GtkWidget  *ll_accuracy_table_new        (void);

/* Property "store" (LlRunStore): one row per run, showing each run's
 * shown point (iteration, cost) and the accuracies of its shown model at
 * the threshold. The table reads nothing else. */
void        ll_accuracy_table_set_store  (LlAccuracyTable *self,
                                          LlRunStore      *store);
LlRunStore *ll_accuracy_table_get_store  (LlAccuracyTable *self);

/* Property "threshold" (default 0.5): the decision threshold the accuracy
 * columns are at (the window binds the grid's slider to it). Where a run
 * kept no probabilities, its columns stay at the trainer's 0.5 (said in the
 * train heading's tooltip). */
void        ll_accuracy_table_set_threshold (LlAccuracyTable *self,
                                             double           threshold);
double      ll_accuracy_table_get_threshold (LlAccuracyTable *self);

/* The text shown in row RUN, column COLUMN (0 rate, 1 iteration, 2 cost,
 * 3 train, 4 test), for tests. */
const char *ll_accuracy_table_get_text   (LlAccuracyTable *self,
                                          guint            run,
                                          guint            column);

/* A cost as the table shows it: four significant digits, trailing zeros
 * kept ("0.4620"), or SCIENTIFIC ("6.765e-05"); "—" when not finite. */
char       *ll_accuracy_table_format_cost          (double        cost,
                                                    gboolean      scientific);
/* TRUE when one of COSTS needs an exponent (below 0.001 or from 10000):
 * then the whole column is written so. */
gboolean    ll_accuracy_table_costs_need_scientific (const double *costs,
                                                    guint         n_costs);

G_END_DECLS
