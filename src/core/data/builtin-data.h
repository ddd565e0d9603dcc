/* SPDX-License-Identifier: GPL-3.0-or-later */
/* builtin-data.h: the files of data/builtin compiled into the program. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The built-in file NAME (e.g. "exams.csv"), or NULL with
 * LL_DATASET_ERROR_NO_BUILTIN when this build lacks it. The command line's
 * lean `logistic-lab` has none (they need GIO) and says
 * LL_PROGRAM_ERROR_ELSEWHERE instead (src/cli-lean.c). */
GBytes     *ll_builtin_data          (const char  *name,
                                      GError     **error);

G_END_DECLS
