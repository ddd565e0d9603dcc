/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-index-list-model.c: see ll-index-list-model.h. */
#include "config.h"

#include "ll-index-list-model.h"

#include <string.h>

struct _LlIndexListModel
{
  GObject parent_instance;

  GListModel *base;
  GArray *positions;  /* guint, positions in base */
  gboolean base_changed;  /* the next set_positions announces even equal positions */
};

static void ll_index_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LlIndexListModel, ll_index_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      ll_index_list_model_list_model_init))

static GType
ll_index_list_model_get_item_type (GListModel *list)
{
  LlIndexListModel *self = LL_INDEX_LIST_MODEL (list);

  return g_list_model_get_item_type (self->base);
}

static guint
ll_index_list_model_get_n_items (GListModel *list)
{
  LlIndexListModel *self = LL_INDEX_LIST_MODEL (list);

  return self->positions->len;
}

static gpointer
ll_index_list_model_get_item (GListModel *list,
                              guint       position)
{
  LlIndexListModel *self = LL_INDEX_LIST_MODEL (list);

  if (position >= self->positions->len)
    return NULL;
  return g_list_model_get_item (self->base, g_array_index (self->positions, guint, position));
}

static void
ll_index_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ll_index_list_model_get_item_type;
  iface->get_n_items = ll_index_list_model_get_n_items;
  iface->get_item = ll_index_list_model_get_item;
}

gboolean
ll_index_list_model_set_positions (LlIndexListModel *self,
                                   const guint      *positions,
                                   guint             n_positions)
{
  guint old_n;

  g_return_val_if_fail (LL_IS_INDEX_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (n_positions == 0 || positions != NULL, FALSE);

  old_n = self->positions->len;
  if (!self->base_changed
      && old_n == n_positions
      && (n_positions == 0
          || memcmp (self->positions->data, positions, n_positions * sizeof (guint)) == 0))
    return FALSE;

  /* The same items with more after them: only the new ones are announced,
   * so a view keeps the cells it made for the first ones. */
  if (!self->base_changed && n_positions > old_n
      && (old_n == 0 || memcmp (self->positions->data, positions, old_n * sizeof (guint)) == 0))
    {
      g_array_append_vals (self->positions, positions + old_n, n_positions - old_n);
      g_list_model_items_changed (G_LIST_MODEL (self), old_n, 0, n_positions - old_n);
      return TRUE;
    }
  self->base_changed = FALSE;
  g_array_set_size (self->positions, 0);
  g_array_append_vals (self->positions, positions, n_positions);
  /* One signal for the whole list: the view keeps its scroll position and
   * rebinds only the cells it shows. */
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, n_positions);
  return TRUE;
}

gboolean
ll_index_list_model_begins (LlIndexListModel *self,
                            const guint      *positions,
                            guint             n_positions)
{
  g_return_val_if_fail (LL_IS_INDEX_LIST_MODEL (self), FALSE);

  return !self->base_changed && self->positions->len <= n_positions
         && (self->positions->len == 0
             || memcmp (self->positions->data, positions, self->positions->len * sizeof (guint)) == 0);
}

static void
on_base_items_changed (LlIndexListModel *self)
{
  /* The same positions may now hold other items. */
  self->base_changed = TRUE;
}

static void
ll_index_list_model_finalize (GObject *object)
{
  LlIndexListModel *self = LL_INDEX_LIST_MODEL (object);

  g_clear_object (&self->base);
  g_clear_pointer (&self->positions, g_array_unref);

  G_OBJECT_CLASS (ll_index_list_model_parent_class)->finalize (object);
}

static void
ll_index_list_model_class_init (LlIndexListModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ll_index_list_model_finalize;
}

static void
ll_index_list_model_init (LlIndexListModel *self)
{
  self->positions = g_array_new (FALSE, FALSE, sizeof (guint));
}

LlIndexListModel *
ll_index_list_model_new (GListModel *base)
{
  LlIndexListModel *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (base), NULL);

  self = g_object_new (LL_TYPE_INDEX_LIST_MODEL, NULL);
  self->base = g_object_ref (base);
  g_signal_connect_object (base, "items-changed", G_CALLBACK (on_base_items_changed), self,
                           G_CONNECT_SWAPPED);
  return self;
}
