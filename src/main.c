/* main.c: one executable for the window, the command line and the image
 * decode helper (a limited child process the app and CLI spawn). */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "app/ll-application.h"
#include "cli/cli.h"
#include "core/decode-helper.h"

int
main (int argc, char **argv)
{
  if (argc > 1 && strcmp (argv[1], "--decode-helper") == 0)
    return ll_decode_helper_main (argc, argv);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (ll_cli_wants (argc, argv))
    return ll_cli_main (argc, argv);

  g_autoptr (LlApplication) app = ll_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
