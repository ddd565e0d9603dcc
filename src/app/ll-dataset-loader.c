/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-dataset-loader.c: see ll-dataset-loader.h. */
#include "config.h"

#include "ll-dataset-loader.h"

typedef struct {
  char *path;                  /* NULL = built-in */
  char *classes;               /* --classes spec or NULL */
  LlSharedDataset *source;     /* set: only select a pair from it */
  LlScalingSpec scaling;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->path);
  g_free (request->classes);
  g_clear_pointer (&request->source, ll_shared_dataset_unref);
  g_free (request);
}

void
ll_dataset_load_free (LlDatasetLoad *load)
{
  g_clear_pointer (&load->source, ll_shared_dataset_unref);
  g_clear_pointer (&load->binary, ll_shared_dataset_unref);
  g_free (load->scaling_warning);
  g_free (load->scaling);
  g_free (load);
}

/* The pair as trained: scaled by SPEC, with the warning when the scaled
 * values would stall or blow up training. Pixels the trainer scales by
 * itself (/255) are shared, not copied. */
static LlSharedDataset *
scale_pair (LlSharedDataset      *pair,
            LlDataset            *copy,
            const LlScalingSpec  *spec,
            char                **warning,
            char                **description,
            GError              **error)
{
  g_autoptr (LlDataset) owned = copy;
  const LlDataset *dataset = owned != NULL ? owned : ll_shared_dataset_get (pair);
  g_autoptr (LlScaling) scaling = ll_scaling_fit (spec, dataset);

  *warning = ll_scaling_check (scaling, dataset);
  *description = ll_scaling_describe (scaling);
  if (ll_scaling_is_pixel_default (scaling, dataset))
    return owned != NULL ? ll_shared_dataset_new (g_steal_pointer (&owned)) : ll_shared_dataset_ref (pair);
  if (owned == NULL)
    {
      /* The source stays as read (other pairs are selected from it). */
      owned = ll_dataset_select_binary (dataset, NULL, error);
      if (owned == NULL)
        return NULL;
    }
  return ll_shared_dataset_new (ll_dataset_scale (g_steal_pointer (&owned), scaling));
}

/* Worker thread: read the files, then pick the class pair, then scale it. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  g_autoptr (LlSharedDataset) source = NULL;
  g_autoptr (LlDataset) binary = NULL;
  g_autoptr (LlDatasetLoad) result = NULL;
  const LlDataset *dataset;
  GError *error = NULL;

  if (request->source != NULL)
    source = ll_shared_dataset_ref (request->source);
  else
    {
      LlDataset *loaded = request->path != NULL
        ? ll_dataset_load (request->path, 0, 0, &error)
        : ll_dataset_load_builtin (&error);

      if (loaded == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      source = ll_shared_dataset_new (loaded);
    }

  dataset = ll_shared_dataset_get (source);
  result = g_new0 (LlDatasetLoad, 1);
  result->source = ll_shared_dataset_ref (source);
  if (dataset->n_classes == 2 && request->classes == NULL)
    result->binary = scale_pair (source, NULL, &request->scaling,  /* already a binary task */
                                 &result->scaling_warning, &result->scaling, &error);
  else
    {
      binary = ll_dataset_select_binary (dataset, request->classes, &error);
      /* A remembered pair that this dataset lacks: fall back to the default. */
      if (binary == NULL && request->source == NULL && request->classes != NULL)
        {
          g_clear_error (&error);
          binary = ll_dataset_select_binary (dataset, NULL, &error);
        }
      if (binary == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      result->binary = scale_pair (NULL, g_steal_pointer (&binary), &request->scaling,
                                   &result->scaling_warning, &result->scaling, &error);
    }
  if (result->binary == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&result), (GDestroyNotify) ll_dataset_load_free);
}

void
ll_dataset_load_async (gpointer             source_object,
                       const char          *path,
                       LlSharedDataset     *source,
                       const char          *classes,
                       const LlScalingSpec *scaling,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  LoadRequest *request = g_new0 (LoadRequest, 1);

  request->path = g_strdup (path);
  request->classes = g_strdup (classes);
  request->source = source != NULL ? ll_shared_dataset_ref (source) : NULL;
  request->scaling = *scaling;
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_task_set_source_tag (task, ll_dataset_load_async);
  g_task_set_name (task, "[logistic-lab] load dataset");
  g_task_run_in_thread (task, load_thread);
}

LlDatasetLoad *
ll_dataset_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ll_dataset_load_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
