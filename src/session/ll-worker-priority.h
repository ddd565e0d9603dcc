/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-worker-priority.h: a worker thread's computation yields to the UI.
 *
 * On a two-core laptop a trainer or sweep on one core and its helper (or
 * the compiler, the browser) on the other leave the UI thread waiting for a
 * time slice: a frame missed at every record point. A worker lowers its own
 * thread's priority for the computation and restores it after, since
 * GTask's pool threads are reused by others. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The cores a worker computes on: one stays with the UI and the display
 * server, or the main loop stalls past a frame (tests/bench/bench-stall). */
#define LL_SESSION_WORKER_THREADS (MAX (g_get_num_processors (), 2) - 1)

/* The workers' nice value: the lowest, so the UI thread and the display
 * server win a core at once whenever they wake (at 5 the trainer still
 * delayed frames by 5 to 10 ms, bench-stall). */
#define LL_WORKER_NICE 19

typedef struct {
  int before;
  gboolean lowered;
} LlWorkerPriority;

/* Lowers the calling thread's priority (Linux: nice 5, unless already nicer). */
void ll_worker_priority_lower   (LlWorkerPriority       *saved);
/* Puts back what ll_worker_priority_lower() found. */
void ll_worker_priority_restore (const LlWorkerPriority *saved);

G_END_DECLS
