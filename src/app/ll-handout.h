/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-handout.h: the lesson as a PDF handout for students (issue 21.5),
 * drawn with cairo, no GTK. Page 1: the dataset and each run's settings, the
 * cost plot, the accuracy table and each run's confusion counts on the test
 * set (at THRESHOLD), as drawn text; then the misclassified test images of
 * the first run with their titles (True/Predicted), then the weights of
 * each run as images (blue negative, white zero, red positive). Runs whose
 * model does not fit the store's dataset (ll_run_store_run_fits_dataset)
 * are in the table and the plot only. Written through the one safe writer. */
#pragma once

#include "session/ll-run-store.h"

G_BEGIN_DECLS

gboolean ll_handout_write (LlRunStore  *store,
                           double       threshold,
                           const char  *path,
                           GError     **error);

G_END_DECLS
