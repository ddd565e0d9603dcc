/* SPDX-License-Identifier: GPL-3.0-or-later */
/* output-file.h: the one way the program writes a file the user named.
 *
 * What happens depends on what the path is:
 *   - "-" or /dev/stdout: standard output, written directly;
 *   - a new file, or an existing regular file: a temporary file beside it,
 *     fsynced, then renamed over it, so a failure leaves the earlier file
 *     whole; a replaced file keeps its mode (and, for root, its owner);
 *   - a symbolic link to a regular file: its target is replaced that way,
 *     the link stays;
 *   - a character device (/dev/null, /dev/full, a terminal) or a FIFO:
 *     written directly, never replaced;
 *   - a folder, a socket, a block device, a link to nothing: refused.
 * Errors name the file the user gave ("FILE: cannot write: REASON"). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  LL_OUTPUT_STDOUT,    /* "-" or /dev/stdout */
  LL_OUTPUT_REPLACE,   /* new or regular file (maybe through links): atomic replace */
  LL_OUTPUT_DIRECT,    /* character device or FIFO: written in place */
} LlOutputKind;

/* What PATH is as an output target, or FALSE (G_IO_ERROR, message naming
 * PATH) when it cannot be one: a folder, a socket, a block device, a
 * dangling link, or a new file in a folder that does not exist. Cheap: call
 * it before long work so a bad target is refused before that work. */
gboolean    ll_output_check           (const char    *path,
                                       LlOutputKind  *kind,
                                       GError       **error);

/* TRUE when PATH (followed through links) is the same file (device and
 * inode) as one of INPUTS (NULL-terminated, may be NULL); *MATCH is then the
 * input it is. Paths that do not exist match nothing. */
gboolean    ll_output_is_one_of       (const char          *path,
                                       const char * const  *inputs,
                                       const char         **match);

/* Writes chunks into FD; FALSE with errno set on failure. */
typedef gboolean (*LlOutputWriter) (int       fd,
                                    gpointer  user_data);

/* Writes PATH as described above with WRITER, which writes the contents
 * into the file descriptor it is given. */
gboolean    ll_output_write_with      (const char     *path,
                                       LlOutputWriter  writer,
                                       gpointer        user_data,
                                       GError        **error);

/* Writes the LEN bytes of DATA to PATH as described above. */
gboolean    ll_output_write_bytes     (const char    *path,
                                       const void    *data,
                                       gsize          len,
                                       GError       **error);

/* Writes all LEN bytes to FD, retrying on EINTR and short writes; FALSE
 * with errno set on failure. Async-signal-safe. */
gboolean    ll_output_write_all       (int            fd,
                                       const void    *data,
                                       gsize          len);

/* Makes SIGINT and SIGTERM remove the temporary files of the replaces in
 * progress before the program dies of the signal as it would have. Only
 * async-signal-safe calls run in the handler. Call once, early, in a
 * program that writes files (the command line). */
void        ll_output_remove_temporaries_on_signals (void);

G_END_DECLS
