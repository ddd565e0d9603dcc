/* SPDX-License-Identifier: GPL-3.0-or-later */
/* big-buffer.h: memory for large arrays (pixels, Gram matrices), in huge
 * pages where the kernel offers them.
 *
 * Why: a fresh 4 KiB page costs its first touch a page fault, about 10 us
 * in a virtual machine (the host backs the page too): reading the cat
 * data's 2.6 MiB of pixels into new memory took 8 ms of faults against
 * 0.4 ms of copying, and Fashion-MNIST's 55 MiB about 130 ms. A 2 MiB
 * transparent huge page (madvise mode, Debian's default) is one fault.
 *
 * The buffers come from posix_memalign: free them with g_free () / free ()
 * like any other, realloc excepted. Small requests are plain g_try_malloc. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* BYTES of uninitialised memory (at least 64-byte aligned), NULL when it
 * cannot be had. */
gpointer ll_big_buffer_try_alloc  (gsize bytes);
/* The same, aborting like g_malloc () when it cannot be had. */
gpointer ll_big_buffer_alloc      (gsize bytes);
/* The try variant, zero-filled. */
gpointer ll_big_buffer_try_alloc0 (gsize bytes);
/* Gives back the whole huge pages of BUFFER (BYTES long, from the functions
 * above) past its first KEPT bytes, which then read as zeros: a buffer that
 * shrank in place costs no more memory than a smaller copy, without the
 * copy's fresh pages. Free it as before. */
void     ll_big_buffer_release_tail (gpointer buffer,
                                     gsize    bytes,
                                     gsize    kept);

G_END_DECLS
