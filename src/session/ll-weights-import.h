/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-weights-import.h: "Open Weights…" off the UI thread. Reads an .npz
 * (ours or a student's numpy.savez), checks it fits the current dataset and
 * computes each model's probabilities on both splits, all in a GTask thread,
 * so the window only has to show the result: the session turns it into
 * IMPORTED runs (ll_training_session_show_import). */
#pragma once

#include <gio/gio.h>
#include "ll-shared-dataset.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray *models;               /* LlModel*, one per run, shaped like the dataset */
  double **test_probabilities;     /* per run, m_test each */
  double **train_probabilities;    /* per run, m_train each */
  gsize m_test;
  gsize m_train;
  char *source;                    /* the file's name, for the runs' labels */
} LlWeightsImport;

void             ll_weights_import_free   (LlWeightsImport *import);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlWeightsImport, ll_weights_import_free)

/* Loads PATH for the binary DATASET. Wrong n for the dataset: an error such
 * as "weights.npz: 12288 weights, but this dataset has 784 features (28×28
 * grey)"; any error of ll_models_load_npz is passed on; nothing is loaded. */
void             ll_weights_import_async  (gpointer             source_object,
                                           const char          *path,
                                           LlSharedDataset     *dataset,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
LlWeightsImport *ll_weights_import_finish (GAsyncResult        *result,
                                           GError             **error);

/* The probabilities of MODEL on the COUNT images of SPLIT into OUT, in
 * chunks so a 60000-image split never becomes one big float64 matrix. */
void             ll_split_probabilities   (const LlModel       *model,
                                           const LlSplit       *split,
                                           gsize                n_features,
                                           double              *out);

G_END_DECLS
