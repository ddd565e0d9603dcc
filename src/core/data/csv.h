/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv.h: a table of numbers with a label column, from CSV or TSV text.
 *
 * The one place such text is parsed: comma, semicolon or tab separated
 * (detected from the first record), with or without a header (detected:
 * a first record with a text cell above a number), quoted fields as RFC 4180
 * (doubled quotes, separators and line breaks inside quotes), CRLF or LF, a
 * UTF-8 byte-order mark, plain or gzip (.gz) files. Numbers are read in the
 * C locale whatever the user's: "1.5", "-2e-3"; "1,5" is refused with a hint.
 * Every feature cell must be a finite number: an empty cell, "NA", "NaN" or
 * "?" is a missing value and an error that says so (no silent zeros); any
 * other text is an error naming the file, the line and the column. The
 * label column may hold any text ("cat", "yes", "1"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Caps, checked before anything large is allocated. */
#define LL_CSV_MAX_BYTES (512u * 1024u * 1024u)   /* text, after gzip */
#define LL_CSV_MAX_COLUMNS 100000u
#define LL_CSV_MAX_CELLS (64u * 1024u * 1024u)    /* feature cells: 512 MiB of doubles */

typedef struct {
  char delimiter;         /* ',', ';' or '\t' */
  gboolean has_header;
  gsize n_rows;           /* examples */
  guint n_features;       /* columns other than the label */
  char **feature_names;   /* n_features names, NULL-terminated: the header's, else "x1", "x2", ... */
  char *label_name;       /* the header's, else "label" */
  double *features;       /* n_rows x n_features, row-major: row i at features + i * n_features */
  char **labels;          /* n_rows label texts (trimmed; numbers as %g: "1.0" is "1"), NULL-terminated */
} LlCsvTable;

void         ll_csv_table_free    (LlCsvTable  *table);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlCsvTable, ll_csv_table_free)

/* Parses LENGTH bytes of TEXT; NAME is the file named in errors. The label
 * is LABEL_COLUMN: a header name (case-insensitive) or a column number from
 * 1; NULL for the last column. Errors are LL_DATASET_ERROR_FORMAT (or
 * _TOO_LARGE) and say file, line and column. */
LlCsvTable  *ll_csv_table_parse   (const char  *name,
                                   const char  *text,
                                   gsize        length,
                                   const char  *label_column,
                                   GError     **error);

/* Reads PATH (plain or gzip, by content) and parses it. */
LlCsvTable  *ll_csv_table_read    (const char  *path,
                                   const char  *label_column,
                                   GError     **error);

/* Whether PATH's name says CSV or TSV: .csv, .tsv, .csv.gz or .tsv.gz (any case). */
gboolean     ll_csv_path_is_table (const char  *path);

G_END_DECLS
