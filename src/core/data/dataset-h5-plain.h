/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-h5-plain.h: .h5 pairs in the plain layout (what h5py writes by
 * default), read in-process without libhdf5; everything else is declined
 * and left to libhdf5 in the limited child (dataset-h5-helper.h). */
#pragma once

#include <glib.h>

#include "dataset.h"
#include "dataset-h5-pair.h"

G_BEGIN_DECLS

/* The pair at PATH (a folder or one file of the pair) when both files are
 * in the plain layout and hold what ll_dataset_load_h5_pair would return,
 * the same to the byte; NULL otherwise (never an error: the caller then
 * asks libhdf5, which reads the file or says what is wrong). Blocking. */
LlDataset  *ll_dataset_load_h5_plain   (const char *path);

/* One file of a pair from memory (for the fuzzer): PREFIX_set_x,
 * PREFIX_set_y and list_classes into SPLIT; FALSE when declined. */
gboolean    ll_h5_plain_read_memory    (const guint8 *data,
                                        gsize         size,
                                        const char   *prefix,
                                        LlH5Split    *split);

G_END_DECLS
