/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-swatch.h: a short legend sample of plot series INDEX (its colour and dash
 * pattern), so the learning-rate list and the accuracy table match the plot. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_SWATCH (ll_swatch_get_type ())
G_DECLARE_FINAL_TYPE (LlSwatch, ll_swatch, LL, SWATCH, GtkWidget)

GtkWidget  *ll_swatch_new        (guint     index);
void        ll_swatch_set_index  (LlSwatch *self,
                                  guint     index);
guint       ll_swatch_get_index  (LlSwatch *self);

/* TRUE when WIDGET's theme draws light text on a dark background. */
gboolean    ll_widget_is_dark    (GtkWidget *widget);

G_END_DECLS
