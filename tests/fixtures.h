/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fixtures.h: small test data made on the fly, and the course data's whereabouts. */
#pragma once

#include <glib.h>

#include "core/data/dataset.h"

G_BEGIN_DECLS

/* The folder holding the course's .h5 pair, or NULL (and g_test_skip with a
 * clear message) when it is absent. */
const char *ll_test_catvnoncat_dir (void);

/* A fresh temporary folder, removed recursively at exit. */
char       *ll_test_make_tmpdir    (void);

/* Path of the built logistic-lab executable (LL_LOGISTIC_LAB). */
const char *ll_test_logistic_lab   (void);

typedef gboolean (*LlTestCondition) (gpointer data);

/* Iterates the default main context until CONDITION (DATA) holds: tests wait
 * for work this way, never by sleeping. Fails the test after a minute rather
 * than hanging. */
void        ll_test_wait_for       (LlTestCondition condition,
                                    gpointer        data);

/* A and B hold the same dataset: names, shape, classes, pixels, labels. */
void        ll_test_assert_dataset_equal (const LlDataset *a, const LlDataset *b);

G_END_DECLS

/* ---- dataset fixtures (IDX and HDF5) ---- */

G_BEGIN_DECLS

/* The bytes of an IDX file: big-endian MAGIC, RANK dimensions, then PAYLOAD. */
GBytes     *ll_test_idx_bytes      (guint32 magic, guint rank, const guint32 *dims,
                                    const guint8 *payload, gsize payload_size);

/* Writes BYTES to PATH, gzip-compressed when GZIP. */
void        ll_test_write_bytes    (const char *path, GBytes *bytes, gboolean gzip);

/* The pixel byte J of image I and the label of image I in the fixture sets below. */
#define LL_TEST_PIXEL(i, j) ((guint8) (((i) * 31u + (j) * 7u) % 256u))
#define LL_TEST_LABEL(i, n_classes) ((guint8) ((i) % (n_classes)))

/* Writes a complete MNIST-style set into DIR (train-images-idx3-ubyte etc.,
 * with ".gz" and gzip-compressed when GZIP): ROWS x COLS images with
 * LL_TEST_PIXEL values and LL_TEST_LABEL labels. */
void        ll_test_write_idx_set  (const char *dir, guint n_train, guint n_test,
                                    guint rows, guint cols, guint n_classes, gboolean gzip);

/* One file of the course's .h5 pair, good by default; the fields below make it bad. */
typedef struct {
  const char *prefix;        /* "train" or "test": the datasets PREFIX_set_x/_y */
  guint count;               /* images in PREFIX_set_x (LL_TEST_PIXEL values) */
  guint height, width, channels;
  guint label_count;         /* labels in PREFIX_set_y (0: count), LL_TEST_LABEL (i, 2) */
  guint x_rank;              /* 0: 4 (count, height, width, channels); 2: (count, h*w*c) */
  gboolean x_float;          /* store the pixels as float64 */
  gboolean y_float;          /* store the labels as float64 */
  gboolean bad_last_label;   /* the last label is 2 (outside {0, 1}) */
  gboolean no_classes;       /* leave out list_classes (["non-cat", "cat"] otherwise) */
  const char *external_link; /* PREFIX_set_x is an external link into this file */
  gboolean external_storage; /* PREFIX_set_x keeps its data in a raw file beside PATH */
  gboolean x_deflate;        /* PREFIX_set_x chunked per image, shuffled and deflated */
  gboolean x_unknown_filter; /* PREFIX_set_x chunked with filter 32000 (LZF), an optional plugin */
} LlTestH5Spec;

void        ll_test_write_h5       (const char *path, const LlTestH5Spec *spec);

/* A good pair DIR/train_NAME.h5, DIR/test_NAME.h5 of 64x48x3 images (small). */
void        ll_test_write_h5_pair  (const char *dir, const char *name,
                                    guint n_train, guint n_test);

/* A and B hold the same dataset: names, shape, classes, pixels, labels. */
void        ll_test_assert_dataset_equal (const LlDataset *a, const LlDataset *b);

G_END_DECLS
