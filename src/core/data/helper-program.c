/* SPDX-License-Identifier: GPL-3.0-or-later */
/* helper-program.c: where the package's programs are (helper-program.h). */
#include "config.h"

#include "helper-program.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (ll-program-error-quark, ll_program_error)

char *
ll_helper_program_find (const char  *name,
                        GError     **error)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *exe_dir = exe != NULL ? g_path_get_dirname (exe) : NULL;
  const char *env_dir = g_getenv (LL_PROGRAM_DIR_ENV);
  g_autoptr (GPtrArray) tried = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (name != NULL && strchr (name, '/') == NULL, NULL);

  if (exe_dir != NULL)
    {
      /* LL_PROGRAM_DIR_FROM_BINDIR is relative (config.h), so the whole
       * prefix can move; from a program in libexec it leads nowhere. */
      g_ptr_array_add (tried, g_build_filename (exe_dir, name, NULL));
      g_ptr_array_add (tried, g_build_filename (exe_dir, LL_PROGRAM_DIR_FROM_BINDIR, name, NULL));
    }
  if (env_dir != NULL && g_path_is_absolute (env_dir))
    g_ptr_array_add (tried, g_build_filename (env_dir, name, NULL));

  for (guint i = 0; i < tried->len; i++)
    if (g_file_test (tried->pdata[i], G_FILE_TEST_IS_EXECUTABLE)
        && !g_file_test (tried->pdata[i], G_FILE_TEST_IS_DIR))
      return g_canonicalize_filename (tried->pdata[i], NULL);

  g_ptr_array_add (tried, NULL);
  {
    g_autofree char *places = g_strjoinv (", ", (char **) tried->pdata);

    g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                 _("cannot find the program %s (looked for %s)"), name, places);
  }
  return NULL;
}
