/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gui-main.c: the window, `logistic-lab-gui`, which the launcher (main.c)
 * runs when no subcommand is given. The only program that links GTK. */
#include "config.h"

#include "app/ll-application.h"
#include "program-locale.h"

int
main (int    argc,
      char **argv)
{
  g_autoptr (LlApplication) app = NULL;

  ll_program_init_locale ();
  app = ll_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
