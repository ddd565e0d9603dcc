/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-tooltip.h: setting a widget's tooltip without stalling the UI thread.
 *
 * gtk_widget_set_tooltip_text asks the display where the pointer is (on X11
 * a round trip to the server, 0.3 ms and more on a busy display) every time
 * it is called on a visible widget, the text changed or not. Views that set
 * tooltips at every record point or on rows made for each new job spent
 * 5 ms of a job's start there (bench-stall). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* TEXT (NULL or "" for none) as WIDGET's tooltip: nothing when it has it
 * already; a widget not yet in a parent (a new row, a new tile) is hidden
 * for the moment, so nothing is asked of the display. */
void ll_tooltip_set (GtkWidget  *widget,
                     const char *text);

G_END_DECLS
