/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-cost-page.h: the Cost page's container (issue 24.3). Its first child
 * (the plot) keeps at least a share of the page's height; the children
 * under it (the note, the accuracy table) get their natural height within
 * what is left, the last one shrinking first: a table in a scrolled window
 * scrolls instead of pushing the plot away, and a note of fixed height
 * never moves it. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_COST_PAGE (ll_cost_page_get_type ())
G_DECLARE_FINAL_TYPE (LlCostPage, ll_cost_page, LL, COST_PAGE, GtkWidget)

/* Property "plot-share" (0.3 to 0.9, default 0.68): the least share of the
 * page's height the first child gets. "spacing": pixels between children. */
void    ll_cost_page_set_plot_share (LlCostPage *self,
                                     double      share);
double  ll_cost_page_get_plot_share (LlCostPage *self);

G_END_DECLS
