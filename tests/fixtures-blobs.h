/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fixtures-blobs.h: a small synthetic binary dataset for the sweep's tests. */
#pragma once

#include "core/data/dataset.h"

G_BEGIN_DECLS

/* Two overlapping Gaussian blobs of float64 features (class 1 around 3.5,
 * class 0 around 2.5 in every feature, standard deviation 1), example i of
 * class i % 2, drawn from SEED: the same data for the same arguments. */
LlDataset  *ll_test_blobs_dataset  (guint   m_train,
                                    guint   m_test,
                                    guint   n_features,
                                    guint32 seed);

G_END_DECLS
