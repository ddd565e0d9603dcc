/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-handout.h: the lesson as a PDF handout for students (issue 21.5),
 * drawn with cairo and pango, no GTK. Page 1: the dataset and each run's
 * settings, the cost plot, the accuracy table and each run's confusion
 * counts on the test set (at THRESHOLD); then the misclassified test images
 * of the first run with their titles (True/Predicted), then the weights of
 * each run as images (blue negative, white zero, red positive), then the
 * other views' figures that have data (sharpness, the landscape). Runs whose model does
 * not fit the store's dataset (ll_run_store_run_fits_dataset) are in the
 * table and the plots only. Text is laid out by pango: long titles wrap
 * and are ellipsized, never overlap.
 *
 * The UI thread takes a snapshot (copies of the runs' points, references to
 * their latest models and the dataset: all immutable), and a GTask thread
 * draws the PDF (its own surface and pango context) and writes it through
 * the one safe writer (output-file.h). */
#pragma once

#include <gio/gio.h>

#include "session/ll-landscape-job.h"
#include "session/ll-run-store.h"

G_BEGIN_DECLS

typedef struct _LlHandout LlHandout;

/* What the handout needs from STORE, taken now (UI thread). */
LlHandout *ll_handout_snapshot     (LlRunStore  *store,
                                    double       threshold);
/* Adds JOB's surface and the runs' paths on it (the landscape figure,
 * plot-landscape.h) when it has one; UI thread, after the snapshot. */
void       ll_handout_add_landscape (LlHandout      *handout,
                                     LlLandscapeJob *job);
void       ll_handout_free         (LlHandout   *handout);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlHandout, ll_handout_free)

/* The number of pages the handout will have. */
guint      ll_handout_get_n_pages  (LlHandout   *handout);

/* Draws and writes HANDOUT to PATH; any thread. */
gboolean   ll_handout_write_snapshot (LlHandout   *handout,
                                      const char  *path,
                                      GError     **error);

/* Draws and writes HANDOUT (taken) to PATH on a worker thread; CALLBACK
 * runs in the calling thread's main context. */
void       ll_handout_write_async  (LlHandout           *handout,
                                    const char          *path,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data);
gboolean   ll_handout_write_finish (GAsyncResult        *result,
                                    GError             **error);

/* Snapshot and write in one (the calling thread draws). */
gboolean   ll_handout_write        (LlRunStore  *store,
                                    double       threshold,
                                    const char  *path,
                                    GError     **error);

G_END_DECLS
