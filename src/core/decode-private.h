/* decode-private.h: what the two child-process decoders share
 * (decode-helper.c execs a helper, decode-batch.c forks workers). */
#pragma once

#include <glib.h>
#include <sys/resource.h>

G_BEGIN_DECLS

/* write() until done, through EINTR. Async-signal-safe. */
gboolean    ll_decode_write_all   (int fd, const void *data, gsize size);

/* setrlimit, never above the hard limit we already have (which would fail).
 * Async-signal-safe: for a child between fork and exec. */
void        ll_decode_set_limit   (int resource, rlim_t soft, rlim_t hard);

/* "10 s" or "250 ms", without a locale-dependent decimal point. */
char       *ll_decode_format_duration (guint ms);

G_END_DECLS
