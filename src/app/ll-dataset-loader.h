/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-dataset-loader.h: loads a dataset and picks its class pair on a GTask
 * thread, so the window never reads files on the UI thread. */
#pragma once

#include <gio/gio.h>
#include "core/data/scaling.h"
#include "session/ll-shared-dataset.h"

G_BEGIN_DECLS

typedef struct {
  LlSharedDataset *source;     /* the dataset as loaded (maybe multi-class) */
  LlSharedDataset *binary;     /* the pair to train on, scaled */
  char *scaling_warning;       /* ll_scaling_check's words, or NULL */
  char *scaling;               /* the scaling applied, as ll_scaling_describe writes it */
} LlDatasetLoad;

void           ll_dataset_load_free   (LlDatasetLoad *load);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlDatasetLoad, ll_dataset_load_free)

/* Reads PATH (NULL = the built-in dataset), or, when SOURCE is given, only
 * selects a pair from it; then fits SCALING on the pair's training split and
 * applies it (all on the task's thread). CLASSES is a --classes spec ("POS" or "POS,NEG")
 * or NULL for the default pair; a remembered pair that a freshly read
 * dataset lacks falls back to the default. SOURCE_OBJECT owns the task. */
void           ll_dataset_load_async  (gpointer             source_object,
                                       const char          *path,
                                       LlSharedDataset     *source,
                                       const char          *classes,
                                       const LlScalingSpec *scaling,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
/* The loaded pair, or NULL with the core's error (naming file and reason). */
LlDatasetLoad *ll_dataset_load_finish (GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
