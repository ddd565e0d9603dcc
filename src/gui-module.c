/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gui-module.c: the window as the module `logistic-lab` loads when no
 * subcommand is given (see main.c). */
#include "config.h"

#include <gmodule.h>

#include "app/ll-application.h"
#include "common/locale-dir.h"

G_MODULE_EXPORT int ll_module_main (int argc, char **argv);

int
ll_module_main (int    argc,
                char **argv)
{
  g_autoptr (LlApplication) app = NULL;

  /* The build tree's translations when run from there (the launcher binds
   * the installed ones). */
  ll_bind_text_domain ();
  app = ll_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
