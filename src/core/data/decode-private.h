/* SPDX-License-Identifier: GPL-3.0-or-later */
/* decode-private.h: what the child-process readers share (decode-helper.c
 * execs an image helper, decode-batch.c forks workers, dataset-h5-helper.c
 * execs an .h5 reader through the same ll_helper_run). */
#pragma once

#include <gio/gio.h>
#include <sys/resource.h>

G_BEGIN_DECLS

/* write() until done, through EINTR. Async-signal-safe. */
gboolean    ll_decode_write_all   (int fd, const void *data, gsize size);

/* setrlimit, never above the hard limit we already have (which would fail).
 * Async-signal-safe: for a child between fork and exec. */
void        ll_decode_set_limit   (int resource, rlim_t soft, rlim_t hard);

/* "10 s" or "250 ms", without a locale-dependent decimal point. */
char       *ll_decode_format_duration (guint ms);

/* ---- one limited child process, exec'd ----------------------------------- */

typedef struct {
  rlim_t memory_bytes;   /* RLIMIT_AS */
  rlim_t cpu_seconds;    /* RLIMIT_CPU (SIGXCPU, SIGKILL one second later) */
} LlChildLimits;

typedef struct _LlHelperRun LlHelperRun;

/* Collects what a pipe says, up to max_bytes. Past that it keeps the start
 * and drains the rest, or, with overflow_stops, kills the child and sets
 * the run's overflowed. */
typedef struct {
  LlHelperRun *run;
  GInputStream *stream;
  GByteArray *data;
  gsize max_bytes;
  gboolean overflow_stops;
  gsize reading_at;      /* where the read under way goes in data */
} LlHelperReader;

struct _LlHelperRun {
  GSubprocess *process;
  GCancellable *stop;   /* ends our reads once the child is killed */
  LlHelperReader err;   /* the start of the child's stderr */
  guint pending;        /* the stdout reader, the stderr reader and the wait */
  gboolean timed_out;
  gboolean cancelled;
  gboolean overflowed;
  GError *read_error;
};

/* Starts reading the child's stdout with REPLY's run and stream set (a
 * reader of its own may embed an LlHelperReader first); it calls
 * ll_helper_run_read_ended once, when it is done (end of file or error). */
typedef void (*LlHelperReplyFunc) (LlHelperReader *reply);

/* Runs ARGV with LIMITS, no core files, no file writes and no new
 * privileges; reads its stdout into REPLY (whose data and max_bytes the
 * caller set), or with READ_REPLY_START if not NULL, and its stderr into
 * run->err; kills it after TIMEOUT_MS or on CANCELLABLE. Blocks until the
 * child is gone and both pipes are read. FALSE (and ERROR) only when it
 * cannot be started; the outcome is in RUN. Free with ll_helper_run_clear. */
gboolean    ll_helper_run             (LlHelperRun         *run,
                                       const char * const  *argv,
                                       const LlChildLimits *limits,
                                       guint                timeout_ms,
                                       GCancellable        *cancellable,
                                       LlHelperReader      *reply,
                                       LlHelperReplyFunc    read_reply_start,
                                       GError             **error);
void        ll_helper_run_clear       (LlHelperRun *run);

/* For reply readers: kills the child; marks one read as ended (ERROR, if
 * any and not a cancellation, is kept as run->read_error). */
void        ll_helper_run_stop        (LlHelperRun *run);
void        ll_helper_run_read_ended  (LlHelperRun *run,
                                       GError      *error);

/* The first line of the child's stderr, if it said anything readable. */
char       *ll_helper_run_first_stderr_line (LlHelperRun *run);

G_END_DECLS
