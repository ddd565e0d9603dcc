/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-run-csv.h: the recorded table of a run store as CSV (issue 24.9), for a
 * spreadsheet or pandas: one row per run and record point. GLib only. */
#pragma once

#include "ll-run-store.h"

G_BEGIN_DECLS

/* "learning_rate,iteration,cost,train_accuracy,test_accuracy\n" and a row
 * per record point of every run, in run order; numbers with a point and
 * all their digits (%.17g), an unknown value (NAN) as an empty field. */
char *ll_run_store_dup_csv (LlRunStore *store);

G_END_DECLS
