/* ll-style.h: the CSS of the app's image widgets (ui/ll-widgets.css). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Adds ll-widgets.css to WIDGET's display, once per display. Widgets call it
 * from their init, so they look right in any window, tests included. */
void ll_style_ensure_loaded (GtkWidget *widget);

G_END_DECLS
