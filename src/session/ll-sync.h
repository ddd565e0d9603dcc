/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-sync.h: where memory is handed between threads by GLib itself.
 *
 * ThreadSanitizer cannot see GLib's futex-based GMutex, nor the atomic
 * reference counts, the GMainContext's lock or a GTask's result hand-over
 * (libglib is not instrumented): these say where they order memory
 * between the threads. Nothing outside a TSan build. */
#pragma once

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define SYNC_ACQUIRE(address) __tsan_acquire ((void *) (address))
#define SYNC_RELEASE(address) __tsan_release ((void *) (address))
#else
#define SYNC_ACQUIRE(address) ((void) (address))
#define SYNC_RELEASE(address) ((void) (address))
#endif
