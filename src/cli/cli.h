/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.h: `logistic-lab train|classify ...` over src/core. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when argv names a command-line subcommand rather than the GUI. */
gboolean    ll_cli_wants            (int argc, char **argv);

/* The subcommand WORD is most likely a typo of (at most two edits), or NULL. */
const char *ll_cli_closest_command  (const char *word);

/* Runs the subcommand in argv[1]. Exit status: 0 ok, 2 bad input (one line
 * on stderr naming the file or argument and the reason, nothing on stdout);
 * LL_CLI_RUN_ELSEWHERE, in the lean `logistic-lab` (src/cli-lean.c), when
 * the dataset needs what only logistic-lab-cli has, before anything is
 * printed or written. argv may be reordered. */
#define LL_CLI_RUN_ELSEWHERE (-1)
int         ll_cli_main             (int argc, char **argv);

G_END_DECLS
