/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-plot-loader.c: ll_plot_export for the command-line module, which does
 * not link the plot code: it loads liblogistic-lab-plot.so from beside
 * itself on the first export and forwards the call (see plot-module.c). */
#include "config.h"

#include <dlfcn.h>
#include <gio/gio.h>
#include <gmodule.h>

#include "plot/plot-render.h"

typedef gboolean (*ExportFunc) (const LlPlotSpec *spec, const char *path,
                                int width, int height, GError **error);

gboolean
ll_plot_export (const LlPlotSpec  *spec,
                const char        *path,
                int                width,
                int                height,
                GError           **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *module_path = NULL;
  GModule *module;
  gpointer export = NULL;
  Dl_info self;

  /* This module's own file: the plot module is installed beside it. */
  if (dladdr ((void *) ll_plot_export, &self) == 0 || self.dli_fname == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "%s: cannot find the plot module", path);
      return FALSE;
    }
  folder = g_path_get_dirname (self.dli_fname);
  module_path = g_module_build_path (folder, "logistic-lab-plot");
  module = g_module_open (module_path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: cannot load the plot module (%s)",
                   path, g_module_error ());
      return FALSE;
    }
  if (!g_module_symbol (module, "ll_module_plot_export", &export) || export == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s has no plot export",
                   path, module_path);
      g_module_close (module);
      return FALSE;
    }
  /* Kept loaded: the process ends soon, and cairo keeps its own state. */
  g_module_make_resident (module);
  return ((ExportFunc) export) (spec, path, width, height, error);
}
