/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.h: what the fuzz harnesses share, with libFuzzer and with the
 * corpus runner (run-corpus.c), which calls the same entry points without
 * libFuzzer so the corpus is replayed by every build's test suite. */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

G_BEGIN_DECLS

/* libFuzzer's entry points: each harness defines LLVMFuzzerTestOneInput,
 * fuzz-common.c defines LLVMFuzzerInitialize. */
int         LLVMFuzzerInitialize     (int *argc, char ***argv);
int         LLVMFuzzerTestOneInput   (const uint8_t *data, size_t size);

/* A private folder for the readers that take only paths, made on first use
 * and removed (with whatever the harness left in it) at exit. */
const char *ll_fuzz_scratch_dir      (void);

/* Writes DATA to NAME in the scratch folder (replacing it) and returns the
 * path; aborts when the write fails, which is the machine's fault, not the input's. */
char       *ll_fuzz_write_file       (const char *name, const uint8_t *data, size_t size);

G_END_DECLS
