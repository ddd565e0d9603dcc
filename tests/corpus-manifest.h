/* SPDX-License-Identifier: GPL-3.0-or-later */
/* corpus-manifest.h: tests/corpus/MANIFEST.tsv, read once, for the tests that
 * feed every corpus input to the command line and to the window. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *kind;      /* "image", "dataset" or "weights" */
  char *path;      /* as written: relative to the corpus, or fifo:NAME / dir:NAME */
  gboolean ok;     /* a result is expected, not an error */
  char *word;      /* the error message contains this (NULL when ok) */
  char *names;     /* ... and names this file (the path's last part by default) */
} LlCorpusEntry;

/* The entries in file order (LlCorpusEntry *), from LL_SOURCE_DIR's corpus. */
GPtrArray  *ll_corpus_entries        (void);

/* The corpus folder (LL_SOURCE_DIR/tests/corpus). */
const char *ll_corpus_dir            (void);

/* The real path of ENTRY: in the corpus, or for fifo:NAME and dir:NAME a
 * FIFO or an empty folder made now in a scratch folder. */
char       *ll_corpus_entry_realize  (const LlCorpusEntry *entry);

/* A test path for ENTRY: PREFIX/kind/path with the path's "/" and ":" as "-". */
char       *ll_corpus_test_path      (const char *prefix, const LlCorpusEntry *entry);

/* Asserts MESSAGE contains ENTRY's word and names the file. */
void        ll_corpus_assert_message (const LlCorpusEntry *entry, const char *message);

G_END_DECLS
