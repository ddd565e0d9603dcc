/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-weights-import.c: see ll-weights-import.h. */
#include "config.h"

#include <glib/gi18n.h>

#include "core/io/model-io.h"
#include "core/io/npz.h"
#include "ll-weights-import.h"

/* Images turned into features at a time: 256 x 12288 doubles = 24 MiB at most. */
#define CHUNK_IMAGES 256

typedef struct {
  char *path;
  LlSharedDataset *dataset;
} ImportRequest;

static void
import_request_free (ImportRequest *request)
{
  g_free (request->path);
  ll_shared_dataset_unref (request->dataset);
  g_free (request);
}

void
ll_weights_import_free (LlWeightsImport *import)
{
  guint n_runs = import->models != NULL ? import->models->len : 0;

  for (guint run = 0; run < n_runs; run++)
    {
      g_free (import->test_probabilities[run]);
      g_free (import->train_probabilities[run]);
    }
  g_free (import->test_probabilities);
  g_free (import->train_probabilities);
  g_clear_pointer (&import->models, g_ptr_array_unref);
  g_free (import->source);
  g_free (import);
}

void
ll_split_probabilities (const LlModel *model,
                        const LlSplit *split,
                        gsize          n_features,
                        double        *out)
{
  g_autofree double *features = g_new (double, n_features * MIN (split->count, CHUNK_IMAGES));

  for (gsize start = 0; start < split->count; start += CHUNK_IMAGES)
    {
      gsize count = MIN (CHUNK_IMAGES, split->count - start);

      for (gsize i = 0; i < count; i++)
        ll_pixels_to_features (split->pixels + (start + i) * n_features, n_features,
                               features + i * n_features);
      ll_model_probabilities (model, features, count, out + start);
    }
}

static gboolean
check_fits (const char       *path,
            GPtrArray        *models,
            const LlDataset  *dataset,
            GError          **error)
{
  const LlModel *model = g_ptr_array_index (models, 0);
  g_autofree char *name = g_path_get_basename (path);

  if (model->n_features == dataset->n_features)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
               /* TRANSLATORS: "weights.npz: 12288 weights, but this dataset has 784 features (28×28 grey)" */
               _("%s: %zu weights, but this dataset has %zu features (%u×%u %s)"),
               name, model->n_features, dataset->n_features, dataset->height, dataset->width,
               dataset->channels == 3 ? _("RGB") : _("grey"));
  return FALSE;
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportRequest *request = task_data;
  const LlDataset *dataset = ll_shared_dataset_get (request->dataset);
  g_autoptr (GPtrArray) models = NULL;
  g_autoptr (LlWeightsImport) import = NULL;
  GError *error = NULL;

  /* The dataset's own shape, so a file without image_shape is not guessed
   * square when the dataset knows better. */
  models = ll_models_load_npz (request->path, 0, 0, &error);
  if (models == NULL || !check_fits (request->path, models, dataset, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  import = g_new0 (LlWeightsImport, 1);
  import->source = g_path_get_basename (request->path);
  import->m_test = dataset->test.count;
  import->m_train = dataset->train.count;
  import->test_probabilities = g_new0 (double *, models->len);
  import->train_probabilities = g_new0 (double *, models->len);
  for (guint run = 0; run < models->len; run++)
    {
      LlModel *model = g_ptr_array_index (models, run);

      if (g_task_return_error_if_cancelled (task))
        {
          import->models = g_steal_pointer (&models);  /* frees the arrays made so far */
          return;
        }
      model->height = dataset->height;
      model->width = dataset->width;
      model->channels = dataset->channels;
      /* A notebook's file names no classes ("0", "1"): take the dataset's. */
      if (g_strcmp0 (model->class_names[0], "0") == 0 && g_strcmp0 (model->class_names[1], "1") == 0)
        ll_model_set_class_names (model, dataset->class_names[0], dataset->class_names[1]);
      import->test_probabilities[run] = g_new (double, MAX (import->m_test, 1));
      import->train_probabilities[run] = g_new (double, MAX (import->m_train, 1));
      ll_split_probabilities (model, &dataset->test, dataset->n_features,
                              import->test_probabilities[run]);
      ll_split_probabilities (model, &dataset->train, dataset->n_features,
                              import->train_probabilities[run]);
    }
  import->models = g_steal_pointer (&models);
  g_task_return_pointer (task, g_steal_pointer (&import), (GDestroyNotify) ll_weights_import_free);
}

void
ll_weights_import_async (gpointer             source_object,
                         const char          *path,
                         LlSharedDataset     *dataset,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (source_object, cancellable, callback, user_data);
  ImportRequest *request = g_new0 (ImportRequest, 1);

  request->path = g_strdup (path);
  request->dataset = ll_shared_dataset_ref (dataset);
  g_task_set_task_data (task, request, (GDestroyNotify) import_request_free);
  g_task_set_source_tag (task, ll_weights_import_async);
  g_task_set_name (task, "[logistic-lab] open weights");
  g_task_run_in_thread (task, import_thread);
}

LlWeightsImport *
ll_weights_import_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ll_weights_import_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
