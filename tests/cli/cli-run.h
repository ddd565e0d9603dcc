/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-run.h: run the built logistic-lab and check what it said. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  char *out;    /* stdout */
  char *err;    /* stderr */
  int status;   /* exit status; -1 when killed by a signal */
} LlCliRun;

void        ll_cli_run_free             (LlCliRun *run);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlCliRun, ll_cli_run_free)

/* Runs LL_LOGISTIC_LAB with ARGS (NULL-terminated, without the program). */
LlCliRun   *ll_cli_run                  (const char *const *args);
LlCliRun   *ll_cli_run_args             (const char *first, ...) G_GNUC_NULL_TERMINATED;

/* Exit status 2, nothing on stdout, exactly one line on stderr that
 * starts with "logistic-lab: " and contains MENTION. */
void        ll_cli_assert_bad_input     (const LlCliRun *run, const char *mention);
/* Exit status 0 and nothing on stderr (no GLib warnings either). */
void        ll_cli_assert_success       (const LlCliRun *run);

/* Runs /usr/bin/python3 -c SCRIPT ARGS... with INPUT on stdin and returns
 * its stdout, or NULL (with g_test_skip) when that python is missing.
 * A non-zero exit fails the test with python's stderr. */
char       *ll_cli_python               (const char *script, const char *input,
                                         const char *const *args);

/* Number of lines in TEXT ('\n'-terminated). */
guint       ll_cli_count_lines          (const char *text);

/* Writes a small two-class MNIST-style IDX dataset into DIR (8x8 grey;
 * label 1 images bright, label 0 dark, so it is separable). */
void        ll_cli_write_idx_dataset    (const char *dir, guint n_train, guint n_test);

/* Writes an 8-bit grey (CHANNELS 1) or RGB (3) PNG of PIXELS (HWC). */
void        ll_cli_write_png            (const char *path, guint width, guint height,
                                         guint channels, const guint8 *pixels);

G_END_DECLS
