/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-style.h: the CSS of the app's image widgets (ui/ll-widgets.css) and
 * the resource bundle their templates come from. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Adds ll-widgets.css to WIDGET's display, once per display. Widgets call it
 * from their init, so they look right in any window, tests included. */
void ll_style_ensure_loaded    (GtkWidget *widget);

/* Makes sure the app's GResource bundle (templates, CSS) is registered.
 * It registers itself from a constructor, but only when its object file is
 * linked: from a static library (tests) nothing else may pull it in. Widgets
 * with templates call this from class_init. */
void ll_style_ensure_resources (void);

G_END_DECLS
