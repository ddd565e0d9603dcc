/* cli-main.c: the command line, `logistic-lab-cli` and, with the plot
 * export linked in, `logistic-lab-cli-plot` (see src/meson.build); the
 * launcher (main.c) runs one of them for a subcommand. No GTK. */
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
