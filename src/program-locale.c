/* program-locale.c: the locale of each program (program-locale.h). */
#include "config.h"

#include "program-locale.h"

#include <glib/gi18n.h>
#include <locale.h>

void
ll_program_init_locale (void)
{
  const char *localedir = g_getenv ("LL_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}
