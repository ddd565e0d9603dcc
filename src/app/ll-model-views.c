/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-model-views.c: see ll-model-views.h. Everything here copies numbers
 * that the worker (or the import task) computed; the only arithmetic on the
 * UI thread is re-thresholding probabilities, one comparison per image. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ll-model-views.h"

struct _LlModelViews
{
  GObject parent_instance;

  LlTrainingSession *session;   /* borrowed, like the widgets */
  LlResultGrid *grid;
  LlWeightsView *weights;
  LlClassifyView *classify;
  LlAccuracyTable *table;

  LlSharedDataset *binary;
  LlWeightsImport *import;      /* shown instead of the session's runs, or NULL */
  GArray *rates;                /* double: the runs the views are set up for */
};

G_DEFINE_FINAL_TYPE (LlModelViews, ll_model_views, G_TYPE_OBJECT)

/* Threshold: the table follows the grid's slider --------------------------- */

/* RUN's probabilities on the training set, when someone computed them. */
static const double *
train_probabilities (LlModelViews *self,
                     guint         run)
{
  LlSessionSnapshot *snapshot;

  if (self->import != NULL)
    return run < self->import->models->len ? self->import->train_probabilities[run] : NULL;
  snapshot = ll_training_session_get_snapshot (self->session);
  if (snapshot == NULL || run >= snapshot->n_runs || self->binary == NULL ||
      snapshot->m_train != ll_shared_dataset_get (self->binary)->train.count)
    return NULL;
  return snapshot->runs[run].train_probabilities;
}

static void
on_accuracy_changed (LlModelViews *self)
{
  const LlDataset *dataset = self->binary != NULL ? ll_shared_dataset_get (self->binary) : NULL;
  LlSessionSnapshot *snapshot = ll_training_session_get_snapshot (self->session);
  double threshold = ll_result_grid_get_threshold (self->grid);
  guint n_runs = self->import != NULL ? self->import->models->len
                 : snapshot != NULL ? snapshot->n_runs : 0;
  gboolean train_follows = TRUE;

  if (dataset == NULL)
    return;
  for (guint run = 0; run < n_runs; run++)
    {
      const double *train = train_probabilities (self, run);
      double test_accuracy = ll_result_grid_get_accuracy (self->grid, run);
      double train_accuracy;

      if (isnan (test_accuracy))
        continue;  /* this run has not reached a record point yet */
      if (train != NULL)
        train_accuracy = ll_accuracy (train, dataset->train.labels, dataset->train.count, threshold);
      else
        {
          train_accuracy = snapshot->runs[run].train_accuracy;
          train_follows = FALSE;
        }
      ll_accuracy_table_set_accuracies (self->table, run, train_accuracy, test_accuracy);
    }
  ll_accuracy_table_set_threshold (self->table, threshold, train_follows);
}

/* The session's record points -------------------------------------------------- */

static void
forget_import (LlModelViews *self)
{
  g_clear_pointer (&self->import, ll_weights_import_free);
}

/* A model of RUN's weights at this record point, for the classify view. */
static LlModel *
model_from_progress (const LlProgress *progress,
                     gsize             n_features,
                     const LlDataset  *dataset)
{
  LlModel *model = ll_model_new (n_features);

  memcpy (model->w, progress->w, n_features * sizeof (double));
  model->b = progress->b;
  model->learning_rate = progress->learning_rate;
  model->iterations = progress->iteration;
  model->height = dataset->height;
  model->width = dataset->width;
  model->channels = dataset->channels;
  model->train_accuracy = progress->train_accuracy;
  model->test_accuracy = progress->test_accuracy;
  ll_model_set_class_names (model, dataset->class_names[0], dataset->class_names[1]);
  return model;
}

static gboolean
same_runs (LlModelViews      *self,
           LlSessionSnapshot *snapshot)
{
  if (snapshot->n_runs != self->rates->len)
    return FALSE;
  for (guint run = 0; run < snapshot->n_runs; run++)
    if (snapshot->runs[run].learning_rate != g_array_index (self->rates, double, run))
      return FALSE;
  return TRUE;
}

static void
on_record_point (LlTrainingSession *session,
                 guint              iteration,
                 LlSessionSnapshot *snapshot,
                 LlModelViews      *self)
{
  g_autoptr (GPtrArray) models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);
  const LlDataset *dataset = ll_training_session_get_dataset (session);

  if (dataset == NULL || snapshot->n_runs == 0 || snapshot->runs[0].w == NULL)
    return;  /* snapshots turned off: nothing to show but the curves */
  /* The first record point of a job: one run per rate in every view. */
  if (self->import != NULL || !same_runs (self, snapshot))
    {
      g_autofree double *rates = g_new (double, snapshot->n_runs);

      for (guint run = 0; run < snapshot->n_runs; run++)
        rates[run] = snapshot->runs[run].learning_rate;
      ll_model_views_set_runs (self, rates, snapshot->n_runs);
    }
  for (guint run = 0; run < snapshot->n_runs; run++)
    {
      const LlProgress *progress = &snapshot->runs[run];

      if (progress->test_probabilities != NULL)
        ll_result_grid_set_probabilities (self->grid, run, progress->test_probabilities,
                                          snapshot->m_test);
      ll_weights_view_set_weights (self->weights, run, progress->w, snapshot->n_features);
      g_ptr_array_add (models, model_from_progress (progress, snapshot->n_features, dataset));
    }
  /* A dropped image's probabilities move with the training. */
  ll_classify_view_set_models (self->classify, models);
}

static void
on_finished (LlTrainingSession *session,
             LlModelViews      *self)
{
  GPtrArray *models = ll_training_session_get_models (session);

  if (models != NULL)
    ll_classify_view_set_models (self->classify, models);
}

static void
on_reset (LlTrainingSession *session,
          LlModelViews      *self)
{
  guint n_rates = 0;
  const double *rates = ll_training_session_get_rates (session, &n_rates);

  /* Setting the runs again forgets every probability and weight. */
  ll_model_views_set_runs (self, rates, rates != NULL ? n_rates : 0);
}

/* Public ------------------------------------------------------------------------ */

void
ll_model_views_set_dataset (LlModelViews    *self,
                            LlSharedDataset *binary)
{
  const LlDataset *dataset;

  g_return_if_fail (LL_IS_MODEL_VIEWS (self));

  forget_import (self);
  g_clear_pointer (&self->binary, ll_shared_dataset_unref);
  if (binary == NULL)
    {
      ll_result_grid_set_dataset (self->grid, NULL);
      ll_classify_view_set_models (self->classify, NULL);
      return;
    }
  self->binary = ll_shared_dataset_ref (binary);
  dataset = ll_shared_dataset_get (binary);
  ll_result_grid_set_dataset (self->grid, dataset);
  ll_weights_view_set_shape (self->weights, dataset->height, dataset->width, dataset->channels,
                             dataset->class_names[0], dataset->class_names[1]);
  ll_classify_view_set_shape (self->classify, dataset->height, dataset->width, dataset->channels);
  ll_classify_view_set_models (self->classify, NULL);
}

void
ll_model_views_set_runs (LlModelViews *self,
                         const double *learning_rates,
                         guint         n_runs)
{
  g_return_if_fail (LL_IS_MODEL_VIEWS (self));

  forget_import (self);
  g_array_set_size (self->rates, 0);
  g_array_append_vals (self->rates, learning_rates, n_runs);
  ll_result_grid_set_runs (self->grid, learning_rates, n_runs);
  ll_weights_view_set_runs (self->weights, learning_rates, n_runs);
  ll_classify_view_set_models (self->classify, NULL);
}

void
ll_model_views_show_import (LlModelViews    *self,
                            LlWeightsImport *import)
{
  GPtrArray *models = import->models;
  g_autofree double *rates = g_new (double, models->len);

  g_return_if_fail (LL_IS_MODEL_VIEWS (self));

  for (guint run = 0; run < models->len; run++)
    rates[run] = ((LlModel *) g_ptr_array_index (models, run))->learning_rate;
  ll_model_views_set_runs (self, rates, models->len);
  self->import = import;
  for (guint run = 0; run < models->len; run++)
    {
      const LlModel *model = g_ptr_array_index (models, run);

      ll_weights_view_set_weights (self->weights, run, model->w, model->n_features);
      /* Last: its accuracy-changed fills the table with every run. */
      ll_result_grid_set_probabilities (self->grid, run, import->test_probabilities[run],
                                        import->m_test);
    }
  ll_classify_view_set_models (self->classify, models);
}

GPtrArray *
ll_model_views_get_imported (LlModelViews *self)
{
  g_return_val_if_fail (LL_IS_MODEL_VIEWS (self), NULL);

  return self->import != NULL ? self->import->models : NULL;
}

/* GObject ------------------------------------------------------------------------ */

static void
ll_model_views_finalize (GObject *object)
{
  LlModelViews *self = LL_MODEL_VIEWS (object);

  forget_import (self);
  g_clear_pointer (&self->binary, ll_shared_dataset_unref);
  g_array_unref (self->rates);

  G_OBJECT_CLASS (ll_model_views_parent_class)->finalize (object);
}

static void
ll_model_views_class_init (LlModelViewsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ll_model_views_finalize;
}

static void
ll_model_views_init (LlModelViews *self)
{
  self->rates = g_array_new (FALSE, FALSE, sizeof (double));
}

LlModelViews *
ll_model_views_new (LlTrainingSession *session,
                    LlResultGrid      *grid,
                    LlWeightsView     *weights,
                    LlClassifyView    *classify,
                    LlAccuracyTable   *table)
{
  LlModelViews *self = g_object_new (LL_TYPE_MODEL_VIEWS, NULL);

  self->session = session;
  self->grid = grid;
  self->weights = weights;
  self->classify = classify;
  self->table = table;
  /* Connected "object" style: nothing arrives once this object is gone. */
  g_signal_connect_object (session, "record-point", G_CALLBACK (on_record_point), self, 0);
  g_signal_connect_object (session, "finished", G_CALLBACK (on_finished), self, 0);
  g_signal_connect_object (session, "reset", G_CALLBACK (on_reset), self, 0);
  g_signal_connect_object (grid, "accuracy-changed", G_CALLBACK (on_accuracy_changed), self,
                           G_CONNECT_SWAPPED);
  return self;
}
