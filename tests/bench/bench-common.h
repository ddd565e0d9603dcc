/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-common.h: what every benchmark prints about the machine. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The value of the first "KEY<spaces>: value" line of /proc/cpuinfo
 * ("model name", "cpu MHz"), or "?" where there is none. */
char       *ll_bench_cpuinfo        (const char *key);

/* The machine's measured FMA peak in float64 multiply-adds per second with
 * N_CORES cores busy at once (each a register-only loop of 12 independent
 * AVX2 FMA chains, per second of its thread's CPU time, best of 7): the
 * limit a figure is set against. 0 without AVX2+FMA. */
double      ll_bench_fma_peak       (guint n_cores);

/* The peaks on one core and on all cores, measured once per process. */
typedef struct {
  double one;        /* multiply-adds/s, 1 core */
  double all;        /* multiply-adds/s, all cores */
  guint cores;
} LlBenchPeaks;

const LlBenchPeaks *ll_bench_peaks  (void);

/* Prints "FMA peak measured: X G multiply-adds/s on 1 core, Y G on N
 * cores; load average ..." (every speed benchmark starts with it). */
void        ll_bench_print_peaks    (void);

/* " = P % of the 1-core peak" or "... of the N-core peak" for MULADDS
 * multiply-adds in SECONDS on N_CORES cores ("" without a peak). */
char       *ll_bench_of_peak        (double muladds, double seconds, guint n_cores);

G_END_DECLS
