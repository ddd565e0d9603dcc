/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-run-store.c: see ll-run-store.h. */
#include "config.h"

#include <math.h>

#include "core/train/curvature.h"
#include "ll-run-store.h"
#include "ll-sync.h"
#include "ll-worker-priority.h"

struct _LlRunStore
{
  GObject parent_instance;

  GPtrArray *runs;              /* LlRun* */
  LlSharedDataset *dataset;
  int moment;                   /* the timeline's iteration, -1: the latest */
  double critical_rate;         /* 2/L of the dataset, NAN until known */
  GCancellable *curvature_cancellable;  /* the computation for this dataset */
};

static void ll_run_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (LlRunStore, ll_run_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ll_run_store_list_model_init))

enum {
  PROP_0,
  PROP_DATASET,
  PROP_N_ITEMS,
  PROP_MOMENT,
  PROP_CRITICAL_RATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_RUN_UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* GListModel ---------------------------------------------------------------- */

static GType
ll_run_store_get_item_type (GListModel *model)
{
  return LL_TYPE_RUN;
}

static guint
ll_run_store_get_n_items (GListModel *model)
{
  return LL_RUN_STORE (model)->runs->len;
}

static gpointer
ll_run_store_get_item (GListModel *model,
                       guint       position)
{
  LlRunStore *self = LL_RUN_STORE (model);

  return position < self->runs->len ? g_object_ref (g_ptr_array_index (self->runs, position)) : NULL;
}

static void
ll_run_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ll_run_store_get_item_type;
  iface->get_n_items = ll_run_store_get_n_items;
  iface->get_item = ll_run_store_get_item;
}

/* Following the runs ------------------------------------------------------------ */

static void
emit_run_updated (LlRunStore *self,
                  LlRun      *run)
{
  guint position;

  if (g_ptr_array_find (self->runs, run, &position))
    g_signal_emit (self, signals[SIGNAL_RUN_UPDATED], 0, position, run);
}

static void
on_point_added (LlRun      *run,
                guint       index,
                LlRunStore *self)
{
  emit_run_updated (self, run);
}

static void
on_state_changed (LlRun      *run,
                  GParamSpec *pspec,
                  LlRunStore *self)
{
  emit_run_updated (self, run);
}

/* Shown or hidden, pinned, renamed: every view redraws the run the same way. */
static void
on_look_changed (LlRun      *run,
                 GParamSpec *pspec,
                 LlRunStore *self)
{
  emit_run_updated (self, run);
}

static void
follow_run (LlRunStore *self,
            LlRun      *run)
{
  g_signal_connect_object (run, "point-added", G_CALLBACK (on_point_added), self, 0);
  g_signal_connect_object (run, "notify::state", G_CALLBACK (on_state_changed), self, 0);
  g_signal_connect_object (run, "notify::visible", G_CALLBACK (on_look_changed), self, 0);
  g_signal_connect_object (run, "notify::pinned", G_CALLBACK (on_look_changed), self, 0);
  g_signal_connect_object (run, "notify::title", G_CALLBACK (on_look_changed), self, 0);
  g_signal_connect_object (run, "notify::look", G_CALLBACK (on_look_changed), self, 0);
}

static void
forget_run (gpointer data,
            gpointer user_data)
{
  g_signal_handlers_disconnect_by_data (data, user_data);
}

/* Public ------------------------------------------------------------------------ */

LlRunStore *
ll_run_store_new (void)
{
  return g_object_new (LL_TYPE_RUN_STORE, NULL);
}

LlRun *
ll_run_store_get_run (LlRunStore *self,
                      guint       position)
{
  g_return_val_if_fail (LL_IS_RUN_STORE (self), NULL);

  return position < self->runs->len ? g_ptr_array_index (self->runs, position) : NULL;
}

guint
ll_run_store_get_n_runs (LlRunStore *self)
{
  g_return_val_if_fail (LL_IS_RUN_STORE (self), 0);

  return self->runs->len;
}

static gboolean
pinned_run_has_look (LlRunStore *self,
                     guint       look)
{
  for (guint i = 0; i < self->runs->len; i++)
    {
      LlRun *run = g_ptr_array_index (self->runs, i);

      if (ll_run_get_pinned (run) && ll_run_get_look (run) == look)
        return TRUE;
    }
  return FALSE;
}

void
ll_run_store_free_looks (LlRunStore *self,
                         guint       n_looks,
                         guint      *looks)
{
  guint look = 0;

  g_return_if_fail (LL_IS_RUN_STORE (self));
  g_return_if_fail (n_looks == 0 || looks != NULL);

  for (guint i = 0; i < n_looks; i++, look++)
    {
      while (pinned_run_has_look (self, look))
        look++;
      looks[i] = look;
    }
}

LlSharedDataset *
ll_run_store_get_dataset (LlRunStore *self)
{
  g_return_val_if_fail (LL_IS_RUN_STORE (self), NULL);

  return self->dataset;
}

const LlDataset *
ll_run_store_peek_dataset (LlRunStore *self)
{
  g_return_val_if_fail (LL_IS_RUN_STORE (self), NULL);

  return self->dataset != NULL ? ll_shared_dataset_get (self->dataset) : NULL;
}

GPtrArray *
ll_run_store_dup_trained_models (LlRunStore *self)
{
  GPtrArray *models = NULL;

  g_return_val_if_fail (LL_IS_RUN_STORE (self), NULL);

  for (guint i = 0; i < self->runs->len; i++)
    {
      const LlModel *model = ll_run_get_trained_model (g_ptr_array_index (self->runs, i));

      if (model == NULL)
        continue;
      if (models == NULL)
        models = g_ptr_array_new ();
      g_ptr_array_add (models, (gpointer) model);
    }
  return models;
}

int
ll_run_store_get_moment (LlRunStore *self)
{
  g_return_val_if_fail (LL_IS_RUN_STORE (self), -1);

  return self->moment;
}

void
ll_run_store_set_moment (LlRunStore *self,
                         int         moment)
{
  g_return_if_fail (LL_IS_RUN_STORE (self));

  moment = MAX (moment, -1);
  if (self->moment == moment)
    return;
  self->moment = moment;
  for (guint i = 0; i < self->runs->len; i++)
    ll_run_set_moment (g_ptr_array_index (self->runs, i), moment);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOMENT]);
  /* Every view redraws each run through the one signal it already follows. */
  for (guint i = 0; i < self->runs->len; i++)
    g_signal_emit (self, signals[SIGNAL_RUN_UPDATED], 0, i, g_ptr_array_index (self->runs, i));
}

/* 2/L on a worker: one Lanczos run (tens of ms on the cat data). */
static void
compute_critical_rate (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  g_autoptr (GError) error = NULL;
  double *rate = g_new (double, 1);
  LlTrainData data;
  LlWorkerPriority priority;

  SYNC_ACQUIRE (task_data);
  data = ll_train_data_from_pixels (ll_shared_dataset_get (task_data));
  /* Data the curvature cannot use leave it unknown (NAN): nothing to show. */
  ll_worker_priority_lower (&priority);
  *rate = ll_critical_learning_rate (ll_curvature_at_zero (&data, LL_SESSION_WORKER_THREADS, &error));
  ll_worker_priority_restore (&priority);
  /* Returned or dropped as cancelled, the callback sees the work done. */
  SYNC_RELEASE (task);
  g_task_return_pointer (task, rate, g_free);
}

static void
set_critical_rate (LlRunStore *self,
                   double      rate)
{
  if (self->critical_rate == rate || (isnan (self->critical_rate) && isnan (rate)))
    return;
  self->critical_rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CRITICAL_RATE]);
}

/* The task holds the store weakly (USER_DATA, a GWeakRef): a store dropped
 * while L computes is finalized where it is dropped, not on the worker when
 * the task's last reference goes there. */
static void
on_critical_rate (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GWeakRef *store_ref = user_data;
  g_autoptr (LlRunStore) self = g_weak_ref_get (store_ref);
  g_autofree double *rate = NULL;

  SYNC_ACQUIRE (result);
  rate = g_task_propagate_pointer (G_TASK (result), NULL);
  g_weak_ref_clear (store_ref);
  g_free (store_ref);

  /* Cancelled: the store is gone or has another dataset. */
  if (self == NULL || rate == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  set_critical_rate (self, *rate);
}

static void
start_critical_rate (LlRunStore *self)
{
  g_autoptr (GTask) task = NULL;
  GWeakRef *store_ref;

  if (self->curvature_cancellable != NULL)
    g_cancellable_cancel (self->curvature_cancellable);
  g_clear_object (&self->curvature_cancellable);
  set_critical_rate (self, NAN);
  if (self->dataset == NULL)
    return;
  self->curvature_cancellable = g_cancellable_new ();
  store_ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (store_ref, self);
  task = g_task_new (NULL, self->curvature_cancellable, on_critical_rate, store_ref);
  g_task_set_source_tag (task, start_critical_rate);
  g_task_set_task_data (task, ll_shared_dataset_ref (self->dataset),
                        (GDestroyNotify) ll_shared_dataset_unref);
  /* The thread pool's queue hands the dataset over. */
  SYNC_RELEASE (self->dataset);
  g_task_run_in_thread (task, compute_critical_rate);
}

double
ll_run_store_get_critical_rate (LlRunStore *self)
{
  g_return_val_if_fail (LL_IS_RUN_STORE (self), NAN);

  return self->critical_rate;
}

void
ll_run_store_replace (LlRunStore      *self,
                      LlSharedDataset *dataset,
                      GPtrArray       *runs)
{
  guint removed;
  guint added = runs != NULL ? runs->len : 0;

  g_return_if_fail (LL_IS_RUN_STORE (self));

  if (dataset != self->dataset)
    {
      if (dataset != NULL)
        ll_shared_dataset_ref (dataset);
      g_clear_pointer (&self->dataset, ll_shared_dataset_unref);
      self->dataset = dataset;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATASET]);
      start_critical_rate (self);
    }

  removed = self->runs->len;
  g_ptr_array_foreach (self->runs, forget_run, self);
  g_ptr_array_set_size (self->runs, 0);
  for (guint i = 0; i < added; i++)
    {
      LlRun *run = g_ptr_array_index (runs, i);

      g_ptr_array_add (self->runs, g_object_ref (run));
      ll_run_set_moment (run, -1);
      follow_run (self, run);
    }
  /* A new job is watched as it trains: back to the latest moment. */
  if (self->moment != -1)
    {
      self->moment = -1;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MOMENT]);
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

gboolean
ll_run_store_remove (LlRunStore *self,
                     LlRun      *run)
{
  guint position;
  LlRunState state;

  g_return_val_if_fail (LL_IS_RUN_STORE (self), FALSE);
  g_return_val_if_fail (LL_IS_RUN (run), FALSE);

  if (!g_ptr_array_find (self->runs, run, &position))
    return FALSE;
  state = ll_run_get_state (run);
  /* The session still appends to a training run and previews the config's rates. */
  if (!ll_run_get_pinned (run) && (state == LL_RUN_WAITING || state == LL_RUN_RUNNING))
    return FALSE;
  forget_run (run, self);
  g_ptr_array_remove_index (self->runs, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  return TRUE;
}

gboolean
ll_run_store_run_fits_dataset (LlRunStore *self,
                               LlRun      *run)
{
  const LlDataset *dataset;
  LlRunModel *model;

  g_return_val_if_fail (LL_IS_RUN_STORE (self), FALSE);
  g_return_val_if_fail (LL_IS_RUN (run), FALSE);

  dataset = ll_run_store_peek_dataset (self);
  model = ll_run_get_latest_model (run);
  if (model == NULL)
    return TRUE;  /* nothing of another shape to draw */
  if (dataset == NULL || model->n_features != dataset->n_features)
    return FALSE;
  /* Probabilities of other examples would be drawn under these images. */
  return (model->train_probabilities == NULL || model->m_train == dataset->train.count)
         && (model->test_probabilities == NULL || model->m_test == dataset->test.count);
}

/* GObject ------------------------------------------------------------------------ */

static void
ll_run_store_dispose (GObject *object)
{
  LlRunStore *self = LL_RUN_STORE (object);

  if (self->runs != NULL)
    {
      g_ptr_array_foreach (self->runs, forget_run, self);
      g_ptr_array_set_size (self->runs, 0);
    }
  g_clear_pointer (&self->dataset, ll_shared_dataset_unref);
  if (self->curvature_cancellable != NULL)
    g_cancellable_cancel (self->curvature_cancellable);
  g_clear_object (&self->curvature_cancellable);

  G_OBJECT_CLASS (ll_run_store_parent_class)->dispose (object);
}

static void
ll_run_store_finalize (GObject *object)
{
  LlRunStore *self = LL_RUN_STORE (object);

  g_ptr_array_unref (self->runs);

  G_OBJECT_CLASS (ll_run_store_parent_class)->finalize (object);
}

static void
ll_run_store_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LlRunStore *self = LL_RUN_STORE (object);

  switch (prop_id)
    {
    case PROP_DATASET:
      g_value_set_boxed (value, self->dataset);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->runs->len);
      break;
    case PROP_CRITICAL_RATE:
      g_value_set_double (value, self->critical_rate);
      break;
    case PROP_MOMENT:
      g_value_set_int (value, self->moment);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_run_store_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LlRunStore *self = LL_RUN_STORE (object);

  switch (prop_id)
    {
    case PROP_MOMENT:
      ll_run_store_set_moment (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_run_store_class_init (LlRunStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ll_run_store_dispose;
  object_class->finalize = ll_run_store_finalize;
  object_class->get_property = ll_run_store_get_property;
  object_class->set_property = ll_run_store_set_property;

  properties[PROP_DATASET] =
    g_param_spec_boxed ("dataset", NULL, NULL, LL_TYPE_SHARED_DATASET,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_MOMENT] =
    g_param_spec_int ("moment", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CRITICAL_RATE] =
    g_param_spec_double ("critical-rate", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::run-updated (guint position, LlRun *run): a record point, a state,
   * or "visible" or "pinned". */
  signals[SIGNAL_RUN_UPDATED] =
    g_signal_new ("run-updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, LL_TYPE_RUN);
}

static void
ll_run_store_init (LlRunStore *self)
{
  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
  self->moment = -1;
  self->critical_rate = NAN;
}
