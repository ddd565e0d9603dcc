/* SPDX-License-Identifier: GPL-3.0-or-later */
/* locale-dir.h: where the program's translations are, installed or not. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folder holding <lang>/LC_MESSAGES/logistic-lab.mo: $LL_LOCALEDIR when
 * set; the build tree's po/ when the running program is inside a meson build
 * tree (found from /proc/self/exe upwards: no build path is compiled in);
 * else the installed LOCALEDIR. */
const char *ll_locale_dir          (void);

/* bindtextdomain () of the program's domain to ll_locale_dir (), UTF-8. */
void        ll_bind_text_domain    (void);

G_END_DECLS
