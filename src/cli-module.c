/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-module.c: the command line as the module `logistic-lab` loads for a
 * subcommand (see main.c), so `train` and `classify` never load GTK. */
#include "config.h"

#include <gmodule.h>

#include "cli/cli.h"

G_MODULE_EXPORT gboolean ll_module_wants (int argc, char **argv);
G_MODULE_EXPORT int      ll_module_main  (int argc, char **argv);

gboolean
ll_module_wants (int    argc,
                 char **argv)
{
  return ll_cli_wants (argc, argv);
}

int
ll_module_main (int    argc,
                char **argv)
{
  return ll_cli_main (argc, argv);
}
