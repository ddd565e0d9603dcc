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

#define LIVE_TEXT "ll-tooltip-live-text"
#define LIVE_CONNECTED "ll-tooltip-live"

static gboolean
on_query_live_tooltip (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), LIVE_TEXT);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

void
ll_tooltip_set_live (GtkWidget  *widget,
                     const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_object_get_data (G_OBJECT (widget), LIVE_CONNECTED) == NULL)
    {
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (on_query_live_tooltip), NULL);
      g_object_set_data (G_OBJECT (widget), LIVE_CONNECTED, GINT_TO_POINTER (TRUE));
      gtk_widget_set_has_tooltip (widget, TRUE);
    }
  if (g_strcmp0 (g_object_get_data (G_OBJECT (widget), LIVE_TEXT), text) == 0)
    return;
  g_object_set_data_full (G_OBJECT (widget), LIVE_TEXT, g_strdup (text), g_free);
  /* What assistive technologies read, as they read a tooltip. */
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

const char *
ll_tooltip_get (GtkWidget *widget)
{
  g_return_val_if_fail (GTK_IS_WIDGET (widget), NULL);

  if (g_object_get_data (G_OBJECT (widget), LIVE_CONNECTED) != NULL)
    return g_object_get_data (G_OBJECT (widget), LIVE_TEXT);
  return gtk_widget_get_tooltip_text (widget);
}
