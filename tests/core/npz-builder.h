/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npz-builder.h: hand-made .npy and zip bytes for hostile-file tests. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A .npy v1.0 file: HEADER (the dict text, taken as is) then DATA. */
GBytes *ll_test_make_npy (const char *header, const void *data, gsize data_len);

typedef struct {
  guint16 flags;
  guint16 method;             /* 0 stored, 8 deflate */
  gboolean zip64;             /* sizes and offsets through ZIP64 fields and records */
  guint32 declared_size;      /* if non-zero, replaces every true uncompressed size */
  guint32 crc_xor;            /* spoils the CRCs when non-zero */
} LlTestZipOptions;

/* A zip archive of N_ENTRIES entries: NAMES[i] holding CONTENTS[i].
 * OPTIONS may be NULL. */
GBytes *ll_test_make_zip (const char *const *names, GBytes *const *contents,
                          guint n_entries, const LlTestZipOptions *options);

G_END_DECLS
