/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text-escape.h: text from files made safe to show.
 *
 * A class name from an .npz, a folder's name or a file name may hold a
 * newline (a forged extra result line) or ESC sequences (the terminal
 * recoloured, its title set). Every such text is passed through
 * ll_text_escape_controls before it reaches a terminal or the window. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A copy of TEXT (NULL gives NULL) with what a terminal or a label would
 * act on written out: \n \r \t as such, the other C0 controls, DEL and the
 * C1 controls as \xNN, line/paragraph separators and bidirectional
 * overrides as \u{NNNN}, bytes that are not UTF-8 as \xNN. Backslashes are
 * kept as they are, so escaping twice changes nothing. */
char       *ll_text_escape_controls   (const char *text);

/* Whether TEXT needs ll_text_escape_controls (holds any of the above). */
gboolean    ll_text_has_controls      (const char *text);

G_END_DECLS
