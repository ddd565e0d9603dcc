/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-module.c: the plot export as a module, loaded by the command line
 * only for `train --plot` (see cli-plot-loader.c): cairo, pango, fontconfig
 * and freetype are ~40 libraries, a third of the CLI's start-up. */
#include "config.h"

#include <gmodule.h>

#include "plot/plot-render.h"

G_MODULE_EXPORT gboolean ll_module_plot_export (const LlPlotSpec *spec, const char *path,
                                                int width, int height, GError **error);

gboolean
ll_module_plot_export (const LlPlotSpec  *spec,
                       const char        *path,
                       int                width,
                       int                height,
                       GError           **error)
{
  return ll_plot_export (spec, path, width, height, error);
}
