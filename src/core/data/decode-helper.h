/* SPDX-License-Identifier: GPL-3.0-or-later */
/* decode-helper.h: decode untrusted image files in a short-lived child
 * process with memory, CPU-time and wall-clock limits (the approach of
 * GNOME's glycin), so a decoder crash or hang becomes an error message. */
#pragma once

#include <gio/gio.h>
#include "image.h"

G_BEGIN_DECLS

/* The program to run is helper_path with argv[1] = "--decode-helper";
 * NULL means logistic-lab-decode (src/helpers), found relative to the
 * running program by ll_helper_program_find; `logistic-lab` itself hands
 * --decode-helper on to it too. */
typedef struct {
  const char *helper_path;      /* absolute path of an executable that handles --decode-helper */
  guint64 memory_limit_bytes;   /* RLIMIT_AS for the child; 0 = default (512 MiB) */
  guint cpu_limit_seconds;      /* RLIMIT_CPU; 0 = default (5 s) */
  guint timeout_ms;             /* wall clock before the child is killed; 0 = default (10 s) */
} LlDecodeHelperConfig;

/* Decodes PATH into an image of CHANNELS channels in a child process.
 * Blocking: call it off the UI thread (GTask). */
LlImage    *ll_decode_in_helper       (const LlDecodeHelperConfig *config,
                                       const char    *path,
                                       guint          channels,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* The child's side: reads the path and channels from argv, decodes with
 * ll_image_load_file, writes the protocol to stdout. Returns the exit status. */
int         ll_decode_helper_main     (int argc, char **argv);

/* ---- Many files at once, for datasets --------------------------------------
 * A dataset folder is decoded in bulk: one fork() of this process (no exec,
 * so it works in any program, tests included) decodes every file in turn
 * with the same limits, and streams the pixels back. A decoder crash or hang
 * on one file becomes an error naming it (NAMES[i]); the caller survives. */

/* Decodes N_FILES files into one block of N_FILES * width * height * channels
 * bytes (file i at i * width * height * channels). WIDTH, HEIGHT, CHANNELS:
 * in, the wanted shape (0 = the first image's; channels 0, 1 or 3); out, the
 * shape used. Every image is decoded to that channel count and brought to
 * that size by the area-averaging resize. MAX_TOTAL_BYTES caps the block
 * (LL_IMAGE_ERROR_TOO_LARGE). TIMEOUT_MS: the longest wait for the next
 * image before the child is killed (0 = 10 s). Blocking; free with g_free. */
guint8     *ll_decode_files_forked    (const char * const *paths,
                                       const char * const *names,
                                       gsize          n_files,
                                       guint         *width,
                                       guint         *height,
                                       guint         *channels,
                                       gsize          max_total_bytes,
                                       guint          timeout_ms,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* The work done in the child for one file: decode PATH to CHANNELS, bring it
 * to WIDTH x HEIGHT into OUT, or fill FAILURE. It runs after fork(), so only
 * malloc and system calls (the *_raw functions of image.h are such). */
typedef gboolean (*LlForkedDecodeFunc) (const char     *path,
                                        guint           width,
                                        guint           height,
                                        guint           channels,
                                        guint8         *out,
                                        LlImageFailure *failure,
                                        gpointer        user_data);

/* ll_decode_files_forked with another per-file function (tests make it
 * crash or hang on purpose); NULL means the real decoder. */
guint8     *ll_decode_files_forked_full (const char * const *paths,
                                         const char * const *names,
                                         gsize          n_files,
                                         guint         *width,
                                         guint         *height,
                                         guint         *channels,
                                         gsize          max_total_bytes,
                                         guint          timeout_ms,
                                         LlForkedDecodeFunc decode,
                                         gpointer       user_data,
                                         GCancellable  *cancellable,
                                         GError       **error);

G_END_DECLS
