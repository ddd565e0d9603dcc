/* dataset-idx.c: MNIST-family IDX files (being written). */
#include "config.h"

#include "dataset.h"

gboolean
ll_dataset_looks_like_idx (const char *path)
{
  return FALSE;
}

LlDataset *
ll_dataset_load_idx (const char *folder_or_file, GError **error)
{
  g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
               "%s: IDX files are not supported yet", folder_or_file);
  return NULL;
}

LlDataset *
ll_dataset_load_builtin (GError **error)
{
  g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NO_BUILTIN,
               "the built-in dataset is not available yet");
  return NULL;
}
