/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-h5-find.c: finding an .h5 pair by its names, without HDF5 and
 * without the helper child (dataset-h5-helper.c), so the in-process reader
 * (dataset-h5-plain.c) needs neither GIO nor a child process. */
#include "config.h"

#include "dataset-h5-helper.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* Whether PATH can be read and lacks the HDF5 signature where the format
 * allows it (offset 0, 512, 1024, 2048, ...: after a user block). */
static gboolean
lacks_hdf5_signature (const char *path)
{
  static const char signature[8] = "\x89HDF\r\n\x1a\n";
  g_autoptr (GMappedFile) mapped = g_mapped_file_new (path, FALSE, NULL);
  const char *bytes;
  gsize length;

  if (mapped == NULL)
    return FALSE;
  bytes = g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);
  for (gsize offset = 0; offset + sizeof signature <= length; offset = offset == 0 ? 512 : offset * 2)
    if (memcmp (bytes + offset, signature, sizeof signature) == 0)
      return FALSE;
  return TRUE;
}

gboolean
ll_dataset_find_h5_pair (const char  *path,
                         char       **train_path,
                         char       **test_path,
                         GError     **error)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr (GPtrArray) trains = g_ptr_array_new_with_free_func (g_free);
      const char *entry;

      while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
        if (g_str_has_prefix (entry, "train_") && g_str_has_suffix (entry, ".h5"))
          g_ptr_array_add (trains, g_strdup (entry));
      g_ptr_array_sort (trains, (GCompareFunc) g_strcmp0);  /* determinism */
      for (guint i = 0; i < trains->len; i++)
        {
          const char *train = g_ptr_array_index (trains, i);
          g_autofree char *test = g_strconcat ("test_", train + strlen ("train_"), NULL);
          g_autofree char *test_full = g_build_filename (path, test, NULL);

          if (g_file_test (test_full, G_FILE_TEST_EXISTS))
            {
              *train_path = g_build_filename (path, train, NULL);
              *test_path = g_steal_pointer (&test_full);
              return TRUE;
            }
        }
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NOT_FOUND,
                   _("%s: no train_NAME.h5 with a matching test_NAME.h5"), path);
      return FALSE;
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *base = g_path_get_basename (path);
      g_autofree char *sibling = NULL;

      if (g_str_has_prefix (base, "train_"))
        {
          sibling = g_strconcat ("test_", base + strlen ("train_"), NULL);
          *train_path = g_strdup (path);
          *test_path = g_build_filename (dir, sibling, NULL);
        }
      else if (g_str_has_prefix (base, "test_"))
        {
          sibling = g_strconcat ("train_", base + strlen ("test_"), NULL);
          *train_path = g_build_filename (dir, sibling, NULL);
          *test_path = g_strdup (path);
        }
      else if (lacks_hdf5_signature (path))
        {
          /* A text file named x.h5 is not an HDF5 file: say that first
           * (issue 24.9). */
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                       _("%s: not an HDF5 file (it does not start with the HDF5 signature)"), path);
          return FALSE;
        }
      else
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                       _("%s: an HDF5 file not named train_NAME.h5 or test_NAME.h5, "
                         "so its other half cannot be found"), path);
          return FALSE;
        }
      return TRUE;
    }
}

gboolean
ll_dataset_looks_like_h5_pair (const char *folder)
{
  g_autofree char *train = NULL;
  g_autofree char *test = NULL;

  return g_file_test (folder, G_FILE_TEST_IS_DIR) && ll_dataset_find_h5_pair (folder, &train, &test, NULL);
}
