#include "fixtures.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

const char *
ll_test_catvnoncat_dir (void)
{
  const char *dir = g_getenv ("LL_CATVNONCAT_DIR");
  g_autofree char *train = NULL;

  if (dir == NULL)
    {
      g_test_skip ("LL_CATVNONCAT_DIR is not set: run through meson test");
      return NULL;
    }
  train = g_build_filename (dir, "train_catvnoncat.h5", NULL);
  if (!g_file_test (train, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip_printf ("the course's cat data is absent (%s): skipped", train);
      return NULL;
    }
  return dir;
}

static GPtrArray *tmpdirs;

static void
remove_recursively (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_recursively (child);
        }
      g_chmod (path, 0700);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
remove_tmpdirs (void)
{
  for (guint i = 0; tmpdirs != NULL && i < tmpdirs->len; i++)
    remove_recursively (g_ptr_array_index (tmpdirs, i));
  g_clear_pointer (&tmpdirs, g_ptr_array_unref);
}

char *
ll_test_make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *path = g_dir_make_tmp ("logistic-lab-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (tmpdirs == NULL)
    {
      tmpdirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_tmpdirs);
    }
  g_ptr_array_add (tmpdirs, g_strdup (path));
  return path;
}

const char *
ll_test_logistic_lab (void)
{
  const char *path = g_getenv ("LL_LOGISTIC_LAB");

  g_assert_nonnull (path);
  return path;
}
