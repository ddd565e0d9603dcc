/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-progress.h: the progress line of long command-line work (train;
 * later sweep and landscape): "iteration 1200 of 2000 (60 %) · 850/s ·
 * 0:01 elapsed · about 0:01 left" on stderr, rewritten in place a few
 * times a second and cleared at the end. Shown only when stderr is a
 * terminal and the user did not ask for --quiet. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LlCliProgress LlCliProgress;

/* What the work counts. */
typedef enum {
  LL_CLI_PROGRESS_ITERATIONS,     /* "iteration 1200 of 2000" (train, landscape) */
  LL_CLI_PROGRESS_LEARNING_RATES, /* "learning rate 8 of 40" (sweep) */
} LlCliProgressUnit;

/* NULL (nothing to show) when QUIET or stderr is not a terminal. Else a
 * ticker starts that raises ll_cli_progress_flag () now and every quarter
 * second; the work calls ll_cli_progress_update () when it sees it raised
 * (or whenever it has done a unit, if it does not read the flag). */
LlCliProgress *ll_cli_progress_start   (LlCliProgressUnit unit, guint64 total, gboolean quiet);

/* The flag the work reads (g_atomic_int_get) between two steps: the
 * trainer's LlTrainParams.attention. */
const gint    *ll_cli_progress_flag    (LlCliProgress *progress);

/* Rewrites the line for DONE of the total steps and lowers the flag. */
void           ll_cli_progress_update  (LlCliProgress *progress, guint64 done);

/* Stops the ticker, clears the line and frees PROGRESS (NULL is fine). */
void           ll_cli_progress_finish  (LlCliProgress *progress);

/* The line's text for DONE of TOTAL units after ELAPSED seconds (no rate
 * nor estimate before there is a unit to go by). */
char          *ll_cli_progress_format  (LlCliProgressUnit unit, guint64 done, guint64 total,
                                        double elapsed);

G_END_DECLS
