/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-index-list-model.h: the items of a base list at chosen positions, in
 * the order given: a cheap stand-in for GtkFilterListModel when the owner
 * already knows which items pass.
 *
 * GtkFilterListModel announces a refilter as many items-changed ranges, and
 * GtkGridView reworks its layout for each one. Here the owner recomputes the
 * positions (O(m)) and the model announces them as ONE items-changed
 * (0, old_n, new_n). (GTK 4.8's GtkGridView still makes new cells for every
 * item that newly lands among the cells it keeps alive: that, not the
 * model, is most of what a big change costs.) */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define LL_TYPE_INDEX_LIST_MODEL (ll_index_list_model_get_type ())
G_DECLARE_FINAL_TYPE (LlIndexListModel, ll_index_list_model, LL, INDEX_LIST_MODEL, GObject)

/* Shows no item until ll_index_list_model_set_positions. Keeps a reference
 * to BASE but does not follow its items-changed: whoever changes BASE sets
 * the positions again (announced then even if they are equal). Positions
 * past BASE's end read as NULL. */
LlIndexListModel *ll_index_list_model_new           (GListModel       *base);

/* Shows BASE's items at POSITIONS[0 .. n_positions) (copied). Emits one
 * items-changed (0, old_n, n_positions), or none when nothing differs, or
 * (old_n, 0, n_positions - old_n) when the old positions begin the new ones
 * (and BASE did not change). Returns whether it emitted. */
gboolean          ll_index_list_model_set_positions (LlIndexListModel *self,
                                                     const guint      *positions,
                                                     guint             n_positions);

/* Whether the shown positions are the first of POSITIONS (and BASE did not
 * change since): then setting POSITIONS announces only the items added. */
gboolean          ll_index_list_model_begins        (LlIndexListModel *self,
                                                     const guint      *positions,
                                                     guint             n_positions);

G_END_DECLS
