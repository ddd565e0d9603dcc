/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-h5-pair.h: what the two .h5 readers share (dataset-h5.c, over
 * libhdf5, and dataset-h5-plain.c, the in-process reader of the plain
 * layout): one file's contents, the class-name clean-up, and the checks
 * that make a dataset of a train/test pair. */
#pragma once

#include <glib.h>

#include "dataset.h"

G_BEGIN_DECLS

#define LL_H5_MAX_CLASS_NAMES 256u     /* list_classes entries */
#define LL_H5_MAX_CLASS_NAME 256u      /* bytes in a fixed-length class name */

/* One file of the pair: PREFIX_set_x, PREFIX_set_y and list_classes. */
typedef struct {
  gsize count;
  guint height, width, channels;
  guint8 *pixels;        /* count * height * width * channels */
  guint8 *labels;        /* count class indices */
  char **class_names;    /* NULL when the file has no list_classes */
} LlH5Split;

void        ll_h5_split_clear          (LlH5Split *split);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LlH5Split, ll_h5_split_clear)

/* libhdf5's reading of one file of a pair (dataset-h5.c): PREFIX_set_x,
 * PREFIX_set_y and list_classes, every dataset checked. Only the child,
 * tests and fuzzers call it: libhdf5 crashes on some malformed files. */
gboolean    ll_h5_read_split_file      (const char  *path,
                                        const char  *prefix,
                                        LlH5Split   *split,
                                        GError     **error);

/* NAMES (a GPtrArray of strings, taken) as a GStrv made for the UI: valid
 * UTF-8, and the index instead of an empty name. */
char      **ll_h5_class_names_finish   (GPtrArray *names);

/* The dataset of a pair (taking the splits' buffers): same image shape, the
 * same list_classes if both have one, else classes from the largest label.
 * PATH is what was asked for (a folder or one file). */
LlDataset  *ll_h5_pair_to_dataset      (const char  *path,
                                        const char  *train_path,
                                        const char  *test_path,
                                        LlH5Split   *train,
                                        LlH5Split   *test,
                                        GError     **error);

G_END_DECLS
