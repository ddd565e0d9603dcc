/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset.h: an immutable labelled image dataset, whatever file it came from.
 *
 * Pixels are kept as uint8 (one image = height * width * channels bytes, HWC
 * order, contiguous); the float64 features the trainer sees are pixels / 255,
 * made on demand so a loaded set costs 1/8 of its feature matrix. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LL_DATASET_ERROR (ll_dataset_error_quark ())
GQuark ll_dataset_error_quark (void);

typedef enum {
  LL_DATASET_ERROR_NOT_FOUND,    /* no such file or folder */
  LL_DATASET_ERROR_UNREADABLE,   /* exists but cannot be read (permissions, not a regular file, I/O) */
  LL_DATASET_ERROR_FORMAT,       /* not a format we know, or a malformed/truncated/lying file */
  LL_DATASET_ERROR_TOO_LARGE,    /* over a safety cap */
  LL_DATASET_ERROR_CLASSES,      /* --classes names no class, or the set has fewer than two */
  LL_DATASET_ERROR_NO_BUILTIN,   /* the built-in dataset is not available */
} LlDatasetError;

/* Safety caps, checked (with overflow checks) before anything is allocated. */
#define LL_DATASET_MAX_SIDE 4096u                        /* image height or width */
#define LL_DATASET_MAX_IMAGES 10000000u                  /* images in one split */
#define LL_DATASET_MAX_PIXEL_BYTES (512u * 1024u * 1024u)  /* pixels in one split */

typedef struct {
  gsize count;     /* number of images */
  guint8 *pixels;  /* count * n_features bytes; image i starts at pixels + i * n_features */
  guint8 *labels;  /* count class indices, each < n_classes */
  /* Optional float64 features for data that are not pixels (the seeds' tiny
   * hand-check cases): count * n_features doubles, example i at
   * features + i * n_features; then pixels is NULL. NULL for image data. */
  double *features;
} LlSplit;

typedef struct {
  char *name;          /* short display name, e.g. "catvnoncat", "Fashion-MNIST" */
  char *path;          /* where it was loaded from ("builtin" for the built-in one) */
  char *format;        /* "h5", "idx", "folder", "csv", "builtin" */
  char **feature_names; /* tables: n_features column names, NULL-terminated; NULL for images */
  char **input_files;  /* the files it was read from, NULL-terminated; NULL for the
                        * built-in ones (an export must not replace them) */
  guint height;
  guint width;
  guint channels;      /* 1 (grey) or 3 (RGB) */
  gsize n_features;    /* height * width * channels */
  guint n_classes;     /* >= 2 */
  char **class_names;  /* n_classes names, NULL-terminated (a GStrv) */
  LlSplit train;
  LlSplit test;
  /* Set by ll_dataset_scale when the float64 features are scaled: feature j
   * as read is features[j] * feature_scale[j] + feature_offset[j] (pictures
   * and rows of values show it so), feature_scaling names it ("standardize",
   * "max:255", "none"). NULL: the values as read. */
  double *feature_offset;
  double *feature_scale;
  char *feature_scaling;
} LlDataset;

void        ll_dataset_free            (LlDataset *dataset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlDataset, ll_dataset_free)

/* Loads PATH, recognising the format by content and layout: a folder holding
 * the course's train_*.h5 / test_*.h5 pair, MNIST-family IDX files (plain or
 * .gz), or an ImageFolder tree (PATH/train/<class>/..., PATH/test/<class>/...).
 * PATH may also be one file of an .h5 pair or of an IDX set: its siblings are
 * found by name (train_X.h5 <-> test_X.h5; train-images-idx3-ubyte[.gz],
 * train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz],
 * t10k-labels-idx1-ubyte[.gz]).
 * Class names: .h5 from list_classes (else "0", "1", ...); IDX gets
 * Fashion-MNIST's ten names when the path contains "fashion" (any case),
 * else the label indices "0", "1", ... (at most 64 classes).
 * "builtin:propagate" is ll_dataset_new_propagate_test ().
 * image_width/height: for image folders, the size all images are brought to
 * (0, 0 = the first image's). Errors name the file and the reason. */
LlDataset  *ll_dataset_load            (const char  *path,
                                        guint        image_width,
                                        guint        image_height,
                                        GError     **error);

/* How a path is read beyond its own content. */
#define LL_DATASET_DEFAULT_TEST_FRACTION 0.2
typedef struct {
  guint image_width;          /* image folders: the size all images are brought to (0 = the first's) */
  guint image_height;
  const char *label_column;   /* tables: a header name or a column number from 1; NULL = the last */
  const char *test_path;      /* tables: a separate test table; NULL = split one off */
  double test_fraction;       /* tables without a test table: the share of each class set aside
                               * (stratified, fixed seed), 0 <= f < 1 */
  /* The caller makes ll_dataset_into_binary (result, task_classes) of the
   * result: a reader may leave out the images that task drops (IDX files
   * do: all of Fashion-MNIST is then never held); the classes, and the
   * labels of the images kept, are those of the whole set. */
  gboolean for_task;
  const char *task_classes;
} LlDatasetOptions;

/* ll_dataset_load with OPTIONS (NULL = the defaults), and also: a CSV or TSV
 * table (.csv, .tsv, plain or .gz: the label column's values are the
 * classes, sorted: numbers by value, texts by name), and the built-in
 * datasets by name: "builtin:fashion" (= ll_dataset_load_builtin),
 * "builtin:digits" (the 8x8 digits, UCI, CC BY 4.0), "builtin:exams" (two
 * exam scores and admitted yes/no, for the two-feature picture) and
 * "builtin:propagate" (the seeds' hand-check case). */
LlDataset  *ll_dataset_load_with_options (const char             *path,
                                          const LlDatasetOptions *options,
                                          GError                **error);

/* The dataset compiled into the program: "Fashion-MNIST: Coat vs Pullover",
 * 28x28 grey, 1000 train / 400 test images (balanced), class 1 = Coat.
 * Made by data/builtin/make-builtin.py; loads in a few milliseconds. */
LlDataset  *ll_dataset_load_builtin    (GError     **error);

/* A binary task from DATASET. spec is "POS" or "POS,NEG", each a class name or
 * index; NULL picks the default (the dataset itself if it has two classes,
 * otherwise class 0 against class 1 — documented in README).
 * In the result class 1 is POS (the positive label) and class 0 is NEG (or
 * "not POS" when NEG is left out). Only the images of the chosen classes are kept. */
LlDataset  *ll_dataset_select_binary   (const LlDataset *dataset,
                                        const char      *spec,
                                        GError         **error);

/* The same task as ll_dataset_select_binary, consuming DATASET (transfer
 * full, freed on error too): when the selection keeps every image with its
 * label (a two-class set, spec NULL or naming class 1 positive and class 0
 * negative) DATASET itself is returned, without copying its pixels;
 * otherwise the task, and DATASET is freed: a split whose every image is
 * kept (LlDatasetOptions.for_task) is moved and relabelled, not copied. */
LlDataset  *ll_dataset_into_binary     (LlDataset       *dataset,
                                        const char      *spec,
                                        GError         **error);

/* Features of one split as a column-major n_features x count float64 matrix
 * (= row-major count x n_features: image i is contiguous), pixels / 255
 * (a copy of split->features when the split holds float64 features).
 * Free with g_free. */
double     *ll_split_features          (const LlSplit *split,
                                        gsize          n_features);

/* Same for a single image of n_features bytes, into OUT (n_features doubles). */
void        ll_pixels_to_features      (const guint8 *pixels,
                                        gsize         n_features,
                                        double       *out);

/* Human-readable one-liner: "catvnoncat · 64×64 RGB · 209 train / 50 test · non-cat, cat". */
char       *ll_dataset_describe        (const LlDataset *dataset);

/* The seeds' "propagate" hand-check case as a dataset (ll_dataset_load
 * gives it for the path "builtin:propagate"): 2 float64 features, 3 training
 * examples (1, 3; 2, 4; -1, -3.2) with labels 1, 0, 1, no test set. */
LlDataset  *ll_dataset_new_propagate_test (void);

/* Internal constructors used by the format readers (dataset-*.c). */
LlDataset  *ll_dataset_load_h5_pair    (const char *folder, GError **error);
LlDataset  *ll_dataset_load_idx        (const char *folder_or_file, GError **error);
/* Only the images of ll_dataset_into_binary (result, TASK_CLASSES) (see
 * LlDatasetOptions.for_task). */
LlDataset  *ll_dataset_load_idx_for_task (const char *folder_or_file, const char *task_classes,
                                          GError **error);
LlDataset  *ll_dataset_load_folder     (const char *folder, guint width, guint height, GError **error);
LlDataset  *ll_dataset_load_table      (const char *path, const LlDatasetOptions *options, GError **error);
LlDataset  *ll_dataset_load_builtin_table (const char *name, GError **error);
/* For the readers: KEEP[c], for every byte value c, says whether the task
 * ll_dataset_into_binary (DATASET, SPEC) keeps the images of label c, by
 * DATASET's classes alone. FALSE when SPEC names no class pair of DATASET. */
gboolean    ll_dataset_task_classes    (const LlDataset *dataset, const char *spec, gboolean keep[256]);
gboolean    ll_dataset_looks_like_h5_pair (const char *folder);
gboolean    ll_dataset_looks_like_idx     (const char *path);
gboolean    ll_dataset_looks_like_folder  (const char *folder);

G_END_DECLS
