/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-style.c: see ll-style.h. */
#include "config.h"

#include "ll-style.h"

#include "ll-app-resources.h"

#define LL_STYLE_DATA_KEY "ll-widgets-css"

void
ll_style_ensure_loaded (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr (GtkCssProvider) provider = NULL;

  if (display == NULL || g_object_get_data (G_OBJECT (display), LL_STYLE_DATA_KEY) != NULL)
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider,
                                       "/io/github/logisticlab/LogisticLab/ll-widgets.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), LL_STYLE_DATA_KEY,
                          g_steal_pointer (&provider), g_object_unref);
}

void
ll_style_ensure_resources (void)
{
  /* Referencing the bundle links its object, whose constructor registers it. */
  (void) ll_app_get_resource ();
}
