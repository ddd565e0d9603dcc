/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-shared-dataset.h: an immutable LlDataset with an atomic reference count,
 * so the UI thread, loader tasks and the training worker can each hold it
 * without one of them freeing it under the others. */
#pragma once

#include <glib-object.h>
#include "core/data/dataset.h"

G_BEGIN_DECLS

typedef struct _LlSharedDataset LlSharedDataset;

#define LL_TYPE_SHARED_DATASET (ll_shared_dataset_get_type ())
GType            ll_shared_dataset_get_type (void);

/* Takes ownership of DATASET. */
LlSharedDataset *ll_shared_dataset_new   (LlDataset       *dataset);
LlSharedDataset *ll_shared_dataset_ref   (LlSharedDataset *shared);
void             ll_shared_dataset_unref (LlSharedDataset *shared);
const LlDataset *ll_shared_dataset_get   (LlSharedDataset *shared);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlSharedDataset, ll_shared_dataset_unref)

G_END_DECLS
