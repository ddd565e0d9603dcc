/* SPDX-License-Identifier: GPL-3.0-or-later */
/* big-buffer.c: see big-buffer.h. */
#include "config.h"

#include "big-buffer.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define HUGE_PAGE_BYTES ((gsize) 2 << 20)
/* From here a request is rounded up to whole huge pages: at 256 KiB, 64
 * faults (~0.6 ms) against zeroing one 2 MiB page (~0.1 ms). The rounding
 * is address space, and the untouched tail of the last page is never
 * faulted in with 4 KiB pages either. */
#define HUGE_FROM_BYTES ((gsize) 256 << 10)
#define SMALL_ALIGNMENT 64

gpointer
ll_big_buffer_try_alloc (gsize bytes)
{
  void *memory = NULL;
  gsize rounded;

  if (bytes < HUGE_FROM_BYTES)
    {
      if (posix_memalign (&memory, SMALL_ALIGNMENT, MAX (bytes, 1)) != 0)
        return NULL;
      return memory;
    }
  if (bytes > G_MAXSIZE - HUGE_PAGE_BYTES)
    return NULL;
  rounded = (bytes + HUGE_PAGE_BYTES - 1) & ~(HUGE_PAGE_BYTES - 1);
  if (posix_memalign (&memory, HUGE_PAGE_BYTES, rounded) != 0)
    return NULL;
#ifdef MADV_HUGEPAGE
  /* Advice only: without transparent huge pages it changes nothing. */
  madvise (memory, rounded, MADV_HUGEPAGE);
#endif
  return memory;
}

gpointer
ll_big_buffer_alloc (gsize bytes)
{
  gpointer memory = ll_big_buffer_try_alloc (bytes);

  if (memory == NULL)
    g_error ("failed to allocate %" G_GSIZE_FORMAT " bytes", bytes);
  return memory;
}

gpointer
ll_big_buffer_try_alloc0 (gsize bytes)
{
  gpointer memory = ll_big_buffer_try_alloc (bytes);

  if (memory != NULL)
    memset (memory, 0, MAX (bytes, 1));
  return memory;
}

void
ll_big_buffer_release_tail (gpointer buffer,
                            gsize    bytes,
                            gsize    kept)
{
  /* Both ends whole huge pages of the 2 MiB-aligned buffer: nothing outside
   * it is touched, and no huge page is split. */
  gsize start = (kept + HUGE_PAGE_BYTES - 1) & ~(HUGE_PAGE_BYTES - 1);
  gsize end = bytes & ~(HUGE_PAGE_BYTES - 1);

  if (bytes < HUGE_FROM_BYTES || start >= end)
    return;
  madvise ((guint8 *) buffer + start, end - start, MADV_DONTNEED);
}
