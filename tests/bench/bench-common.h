/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-common.h: what every benchmark prints about the machine. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The value of the first "KEY<spaces>: value" line of /proc/cpuinfo
 * ("model name", "cpu MHz"), or "?" where there is none. */
char       *ll_bench_cpuinfo        (const char *key);

G_END_DECLS
