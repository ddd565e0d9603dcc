/* SPDX-License-Identifier: GPL-3.0-or-later */
/* program-locale.c: the locale of each program (program-locale.h). */
#include "config.h"

#include "program-locale.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "common/locale-dir.h"

void
ll_program_init_locale (void)
{
  setlocale (LC_ALL, "");
  /* Installed or in the build tree, found from the running program. */
  ll_bind_text_domain ();
  textdomain (GETTEXT_PACKAGE);
}
