/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-no-plot.c: ll_plot_export in `logistic-lab`, the command line
 * without the plot export. cairo and pango are ~40 libraries, a third of
 * the command line's start-up, so only `logistic-lab-cli-plot` links them
 * and `logistic-lab` runs that one when --plot is asked for (main.c).
 * Defining the functions here keeps the linker from taking plot-render.o
 * (and with --as-needed, cairo) from libll-plot.a. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/data/helper-program.h"
#include "plot/plot-landscape.h"
#include "plot/plot-render.h"

gboolean
ll_plot_export (const LlPlotSpec  *spec,
                const char        *path,
                int                width,
                int                height,
                GError           **error)
{
  /* Not reached: main.c runs logistic-lab-cli-plot for --plot. */
  g_set_error (error, LL_PROGRAM_ERROR, LL_PROGRAM_ERROR_ELSEWHERE,
               _("%s: this program has no plot export; run %s"),
               path, LL_PROGRAM_CLI_PLOT);
  return FALSE;
}

gboolean
ll_plot_landscape_export (const LlLandscapeFigureSpec *spec,
                          const LlLandscapeFigurePath *paths,
                          const char                  *path,
                          int                          width,
                          int                          height,
                          GError                     **error)
{
  /* Not reached: main.c runs logistic-lab-cli-plot for a landscape figure. */
  g_set_error (error, LL_PROGRAM_ERROR, LL_PROGRAM_ERROR_ELSEWHERE,
               _("%s: this program has no plot export; run %s"),
               path, LL_PROGRAM_CLI_PLOT);
  return FALSE;
}
