/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-h5-helper.h: read an .h5 pair in a limited child process.
 *
 * libhdf5 itself crashes on some malformed files (tests/fuzz/hdf5-crashes),
 * so no HDF5 code runs in the process that wants the dataset: it execs
 * `logistic-lab-read-h5 --read-h5 PATH` (src/helpers), which runs ll_dataset_load_h5_pair with the
 * limits of the image decode helper, and turns a crash or hang into an
 * error naming the file. */
#pragma once

#include <gio/gio.h>

#include "dataset.h"
#include "decode-helper.h"

G_BEGIN_DECLS

/* The reply of `--read-h5` on stdout: records, each a 24-byte header
 * (little-endian)  "LLH5"  u32 version = 1  u32 kind  u32 0  u64 length,
 * then LENGTH bytes of payload:
 *   FILE: the path of the file the reader opens next (one per file, before
 *     it is opened: after a crash the last one names the culprit);
 *   ERROR: u32 domain (LL_H5_DOMAIN_*), u32 code, then the UTF-8 message
 *     (which already names the file); the last record, exit status 1;
 *   DATASET: u32 height, width, channels, n_classes; u64 train count, test
 *     count; name, path, format and each class name as u32 length + bytes;
 *     then train pixels, train labels, test pixels, test labels; the last
 *     record, exit status 0. */
#define LL_H5_MAGIC "LLH5"
#define LL_H5_VERSION 1u
#define LL_H5_HEADER_BYTES 24u
#define LL_H5_MAX_STRING 4096u     /* name, path, format, class name, message */
#define LL_H5_MAX_CLASSES 256u     /* labels are bytes */

enum {
  LL_H5_RECORD_DATASET = 0,
  LL_H5_RECORD_ERROR = 1,
  LL_H5_RECORD_FILE = 2,
};

enum {
  LL_H5_DOMAIN_DATASET = 0,   /* LL_DATASET_ERROR */
  LL_H5_DOMAIN_OTHER = 1,     /* anything else: UNREADABLE in the parent */
};

/* The train/test pair from a folder, or from one file of the pair. */
gboolean    ll_dataset_find_h5_pair       (const char  *path,
                                           char       **train_path,
                                           char       **test_path,
                                           GError     **error);

/* Called before each file of the pair is opened. */
typedef void (*LlH5FileFunc) (const char *file, gpointer user_data);

/* ll_dataset_load_h5_pair, telling ON_FILE (may be NULL) which file it
 * opens next: the child reports it, so a crash names the right file. */
LlDataset  *ll_dataset_load_h5_pair_full  (const char   *path,
                                           LlH5FileFunc  on_file,
                                           gpointer      user_data,
                                           GError      **error);

/* Reads the .h5 pair at PATH (a folder or one file of the pair) in a child.
 * CONFIG (may be NULL for the defaults): helper_path is an executable that
 * handles --read-h5 (NULL: logistic-lab-read-h5, found by
 * ll_helper_program_find); memory_limit_bytes
 * (0 = 2 GiB, room for two splits at the caps), cpu_limit_seconds
 * (0 = 60 s), timeout_ms (0 = 120 s: a big legitimate file takes seconds).
 * The reader's own errors come back as they are. Blocking. */
LlDataset  *ll_dataset_load_h5_in_helper  (const LlDecodeHelperConfig *config,
                                           const char    *path,
                                           GCancellable  *cancellable,
                                           GError       **error);

/* What ll_dataset_load uses: the pair at PATH read in-process when it is in
 * the plain layout (dataset-h5-plain.h: ~1 ms for the course's files), else
 * by libhdf5 in the child with the default limits. Blocking. */
LlDataset  *ll_dataset_load_h5           (const char    *path,
                                          GCancellable  *cancellable,
                                          GError       **error);

/* The child's side: `PROGRAM --read-h5 PATH`. Writes the dataset or the
 * error to stdout; returns the exit status (0 dataset, 1 error, 2 usage). */
int         ll_dataset_h5_helper_main     (int argc, char **argv);

G_END_DECLS
