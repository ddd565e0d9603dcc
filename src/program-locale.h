/* SPDX-License-Identifier: GPL-3.0-or-later */
/* program-locale.h: what every program of the package does first. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Sets the locale from the environment and binds the package's translations:
 * from $LL_LOCALEDIR when set (a build tree's po/, for the tests and
 * `meson devenv`), else the installed LOCALEDIR. */
void ll_program_init_locale (void);

G_END_DECLS
