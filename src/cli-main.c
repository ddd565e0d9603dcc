/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-main.c: `logistic-lab-cli-plot`, the command line with the plot
 * export linked in, which `logistic-lab` (main.c) runs for `train --plot`,
 * and `logistic-lab-cli`, the command line with GIO, which it runs for
 * classify and for the datasets that need GIO (cli-lean.c). */
#include "config.h"

#include <glib/gi18n.h>

#include "cli/cli.h"
#include "program-locale.h"

int
main (int    argc,
      char **argv)
{
  ll_program_init_locale ();
  if (argc < 2)
    {
      g_printerr ("logistic-lab: %s\n", _("run this program as “logistic-lab COMMAND”"));
      return 2;
    }
  return ll_cli_main (argc, argv);
}
