/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-tooltip.c: see ll-tooltip.h. */
#include "config.h"

#include "ll-tooltip.h"

void
ll_tooltip_set (GtkWidget  *widget,
                const char *text)
{
  gboolean hide;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (gtk_widget_get_tooltip_text (widget), text) == 0)
    return;
  /* GTK asks where the pointer is only for a visible widget; one without a
   * parent is on no screen, and hiding it for a moment changes nothing. */
  hide = gtk_widget_get_parent (widget) == NULL && gtk_widget_get_visible (widget);
  if (hide)
    gtk_widget_set_visible (widget, FALSE);
  gtk_widget_set_tooltip_text (widget, text);
  if (hide)
    gtk_widget_set_visible (widget, TRUE);
}
