/* SPDX-License-Identifier: GPL-3.0-or-later */
/* numpy-helper.h: run Debian's python3-numpy from interoperability tests. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* TRUE when /usr/bin/python3 imports numpy; otherwise marks the current test
 * skipped with a message and returns FALSE. */
gboolean ll_test_numpy_available (void);

/* Runs /usr/bin/python3 -c SCRIPT ARGS..., asserts that it succeeds, and
 * returns what it printed. */
char    *ll_test_run_numpy       (const char *script,
                                  const char *const *args);

G_END_DECLS
