/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-lean.c: what `logistic-lab`, the command line as a user types it,
 * leaves to `logistic-lab-cli` (the same command line with GIO).
 *
 * Linking GIO, and GObject with it, cost every run 3 to 6 ms of start-up
 * here (libgio, libmount, libselinux, libblkid, libffi, GObject's type
 * system), a tenth of training the course's cat data, which needs none of
 * it. GIO is used only by the built-in datasets (a GResource), by the
 * children that decode images and read .h5 files that the in-process reader
 * does not take (GSubprocess, GCancellable), and by `classify`. So this
 * program defines those entry points itself, as the plot export is left
 * out (cli-no-plot.c): the linker then takes nothing of GIO from the
 * libraries, and --as-needed drops libgio and libgobject (the `install`
 * test checks). Each says LL_PROGRAM_ERROR_ELSEWHERE before anything is
 * printed or written, and main.c runs logistic-lab-cli with the same
 * arguments; `classify` goes there at once. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/data/builtin-data.h"
#include "core/data/dataset-h5-helper.h"
#include "core/data/dataset-h5-plain.h"
#include "core/data/decode-helper.h"
#include "core/data/helper-program.h"

static void
set_elsewhere (GError    **error,
               const char *what)
{
  g_set_error (error, LL_PROGRAM_ERROR, LL_PROGRAM_ERROR_ELSEWHERE,
               "%s: left to %s", what, LL_PROGRAM_CLI);
}

GBytes *
ll_builtin_data (const char  *name,
                 GError     **error)
{
  set_elsewhere (error, name);
  return NULL;
}

/* The in-process reader takes the course's files; others need the child. */
LlDataset *
ll_dataset_load_h5 (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  LlDataset *dataset = ll_dataset_load_h5_plain (path);

  if (dataset == NULL)
    set_elsewhere (error, path);
  return dataset;
}

guint8 *
ll_decode_files_forked (const char * const *paths,
                        const char * const *names,
                        gsize               n_files,
                        guint              *width,
                        guint              *height,
                        guint              *channels,
                        gsize               max_total_bytes,
                        guint               timeout_ms,
                        GCancellable       *cancellable,
                        GError            **error)
{
  set_elsewhere (error, n_files > 0 ? names[0] : "");
  return NULL;
}

guint8 *
ll_decode_files_prefix (const char * const *paths,
                        const char * const *names,
                        gsize               n_files,
                        guint               width,
                        guint               height,
                        guint               channels,
                        guint               timeout_ms,
                        GCancellable       *cancellable,
                        gsize              *n_decoded,
                        GError            **error)
{
  *n_decoded = 0;
  set_elsewhere (error, n_files > 0 ? names[0] : "");
  return NULL;
}
