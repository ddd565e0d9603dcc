/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-title.h: a dataset's title for people (issue 24.8): "Cat vs
 * non-cat" for the course's .h5 pair (its list_classes), not the file's
 * "catvnoncat". */
#pragma once

#include "dataset.h"

G_BEGIN_DECLS

/* For a two-class .h5 dataset with class names: "<Positive> vs <negative>"
 * (label 1 first, its first letter capitalised). Otherwise an .h5 pair's
 * all-lowercase name (from its file name) capitalised with '_' and '-' as
 * spaces ("my_pets" -> "My pets"); any other name as it is. */
char *ll_dataset_dup_title (const LlDataset *dataset);

G_END_DECLS
