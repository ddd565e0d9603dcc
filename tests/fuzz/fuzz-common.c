/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-common.c: set-up shared by the harnesses (see fuzz-common.h). */
#include "fuzz-common.h"

#include <stdlib.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

/* A fuzzer process is one harness: these are its only state. */
static char *scratch_dir;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical or warning from the core on hostile input is a bug: make it
   * a crash the fuzzer records. GError's GSlice blocks go through malloc so
   * AddressSanitizer and LeakSanitizer see them. */
  g_setenv ("G_SLICE", "always-malloc", TRUE);
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static void
remove_tree (GFile *folder)
{
  g_autoptr (GFileEnumerator) children =
    g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);

  while (children != NULL)
    {
      GFileInfo *info = NULL;
      GFile *child = NULL;

      if (!g_file_enumerator_iterate (children, &info, &child, NULL, NULL) || info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        remove_tree (child);
      else
        g_file_delete (child, NULL, NULL);
    }
  g_file_delete (folder, NULL, NULL);
}

static void
remove_scratch_dir (void)
{
  g_autoptr (GFile) folder = g_file_new_for_path (scratch_dir);

  remove_tree (folder);
  g_clear_pointer (&scratch_dir, g_free);
}

const char *
ll_fuzz_scratch_dir (void)
{
  if (scratch_dir == NULL)
    {
      g_autoptr (GError) error = NULL;

      scratch_dir = g_dir_make_tmp ("ll-fuzz-XXXXXX", &error);
      if (scratch_dir == NULL)
        g_error ("cannot make a scratch folder: %s", error->message);
      atexit (remove_scratch_dir);
    }
  return scratch_dir;
}

char *
ll_fuzz_write_file (const char    *name,
                    const uint8_t *data,
                    size_t         size)
{
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (ll_fuzz_scratch_dir (), name, NULL);

  /* No fsync and no rename: a scratch file need not survive a crash, and
   * the fuzzer writes one per input. */
  if (!g_file_set_contents_full (path, (const char *) data, (gssize) size,
                                 G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_error ("cannot write %s: %s", path, error->message);
  return path;
}
