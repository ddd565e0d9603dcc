/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-rate-list.h: the editable list of learning rates, each with the colour
 * and dash of its plot line. Typed rates are checked as they are typed (by
 * ll_run_config_parse_rate, the parser the command line uses too): an entry
 * that is not a positive finite number gets the "error" style class. */
#pragma once

#include <gtk/gtk.h>

#include "session/ll-run-store.h"

G_BEGIN_DECLS

/* As many rates as the plot has distinct colours. */
#define LL_RATE_LIST_MAX_RATES 8

#define LL_TYPE_RATE_LIST (ll_rate_list_get_type ())
G_DECLARE_FINAL_TYPE (LlRateList, ll_rate_list, LL, RATE_LIST, GtkWidget)

GtkWidget  *ll_rate_list_new        (void);

void        ll_rate_list_set_rates  (LlRateList   *self,
                                     const double *rates,
                                     guint         n_rates);
/* The rates as typed, or NULL with an error naming the first bad entry
 * (which also gets the keyboard focus). Free with g_free. */
double     *ll_rate_list_get_rates  (LlRateList   *self,
                                     guint        *n_rates,
                                     GError      **error);
guint       ll_rate_list_get_n_rates (LlRateList  *self);
/* The entry of rate INDEX (for tests and for focus). */
GtkEditable *ll_rate_list_get_entry (LlRateList   *self,
                                     guint         index);
/* Adds a row (the smallest rate / 10, or 0.01) and focuses it. */
void        ll_rate_list_add_rate   (LlRateList   *self);
void        ll_rate_list_remove_rate (LlRateList  *self,
                                      guint        index);

/* The rates as typed, or NULL (nothing marked, no focus change) when an
 * entry does not read as a rate (ll_run_config_parse_rate). */
double     *ll_rate_list_get_rates_quietly (LlRateList *self,
                                            guint      *n_rates);

/* Property "store" (LlRunStore, may be NULL): each rate's swatch shows the
 * look its run gets in the next job, beside the store's pinned runs
 * (ll_run_store_free_looks); without a store, rate i has look i. */
void        ll_rate_list_set_store  (LlRateList   *self,
                                     LlRunStore   *store);

/* Property "rates" (GVariant "ad"): the typed rates while every entry reads
 * as one (else the last such rates); setting it replaces the rows unless
 * they already read as those rates. The window binds it to the run config. */

G_END_DECLS
