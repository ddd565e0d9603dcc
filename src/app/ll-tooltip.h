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

/* For a tooltip that changes at every record point (a cost, the note): TEXT
 * is kept and handed to GTK only when the tooltip is shown, so setting it
 * asks nothing of the display even when it changed. It is also the
 * widget's accessible description. Use one of the two setters per widget. */
void        ll_tooltip_set_live (GtkWidget  *widget,
                                 const char *text);

/* WIDGET's tooltip text from either setter, or NULL. */
const char *ll_tooltip_get      (GtkWidget  *widget);

G_END_DECLS
