/* SPDX-License-Identifier: GPL-3.0-or-later */
/* numpy-helper.c: run Debian's python3-numpy from interoperability tests.
 * The PATH python3 may be a shim without numpy: always /usr/bin/python3. */
#include "numpy-helper.h"

#define PYTHON "/usr/bin/python3"

gboolean
ll_test_numpy_available (void)
{
  const char *argv[] = { PYTHON, "-c", "import numpy", NULL };
  int status = 0;

  if (!g_file_test (PYTHON, G_FILE_TEST_IS_EXECUTABLE)
      || !g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                        NULL, NULL, NULL, NULL, &status, NULL)
      || !g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip (PYTHON " with numpy is not available (apt install python3-numpy): skipped");
      return FALSE;
    }
  return TRUE;
}

char *
ll_test_run_numpy (const char        *script,
                   const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status = 0;

  g_ptr_array_add (argv, (char *) PYTHON);
  /* Unbuffered: scripts mix print() with sys.stdout.buffer.write(), whose
   * order on a pipe otherwise depends on the caller's PYTHONUNBUFFERED. */
  g_ptr_array_add (argv, (char *) "-u");
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, (char *) script);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("python said:\n%s%s", out, err);
  g_assert_no_error (error);
  return out;
}
