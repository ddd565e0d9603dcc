/* decode-helper.h: decode untrusted image files in a short-lived child
 * process with memory, CPU-time and wall-clock limits (the approach of
 * GNOME's glycin), so a decoder crash or hang becomes an error message. */
#pragma once

#include <gio/gio.h>
#include "image.h"

G_BEGIN_DECLS

/* The program to run is helper_path with argv[1] = "--decode-helper";
 * NULL means this very executable (/proc/self/exe), which is right for
 * logistic-lab itself; tests point it at the built logistic-lab. */
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

G_END_DECLS
