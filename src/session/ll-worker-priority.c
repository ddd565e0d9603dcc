/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-worker-priority.c: see ll-worker-priority.h. */
#include "config.h"

#include <errno.h>
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "ll-worker-priority.h"

void
ll_worker_priority_lower (LlWorkerPriority *saved)
{
  saved->lowered = FALSE;
#ifdef __linux__
  /* Linux applies a "process" priority to the calling thread alone. */
  errno = 0;
  saved->before = getpriority (PRIO_PROCESS, (id_t) gettid ());
  /* A pool thread that could not be raised back after an earlier job is
   * already as nice as wanted: no further step down. */
  if (errno == 0 && saved->before < LL_WORKER_NICE)
    saved->lowered = setpriority (PRIO_PROCESS, (id_t) gettid (), LL_WORKER_NICE) == 0;
#endif
}

void
ll_worker_priority_restore (const LlWorkerPriority *saved)
{
#ifdef __linux__
  /* Without privilege (RLIMIT_NICE is 0 by default) Linux refuses: the
   * pool thread then stays at the nicer value, which is harmless for GTask's
   * other background work. */
  if (saved->lowered)
    (void) setpriority (PRIO_PROCESS, (id_t) gettid (), saved->before);
#else
  (void) saved;
#endif
}
