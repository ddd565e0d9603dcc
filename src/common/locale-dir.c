/* SPDX-License-Identifier: GPL-3.0-or-later */
/* locale-dir.c: see locale-dir.h. Lets `LANG=de_DE.UTF-8 ./build/src/logistic-lab
 * --help` speak German from the build tree without any variable, while an
 * installed program never looks into a build folder. */
#include "config.h"

#include "locale-dir.h"

#include <glib/gi18n.h>
#include <string.h>

/* How far above the program the build tree's root may be (build/src/cli/x: 3). */
#define MAX_LEVELS_UP 4

/* The po/ folder of the meson build tree holding EXE, or NULL. A build
 * root has meson-private/ and po/ beside each other; an installed prefix
 * (/usr/bin/..) has neither. */
static char *
build_tree_po_dir (const char *exe)
{
  g_autofree char *dir = g_path_get_dirname (exe);

  for (int level = 0; level < MAX_LEVELS_UP; level++)
    {
      g_autofree char *meson_private = g_build_filename (dir, "meson-private", NULL);
      g_autofree char *po = g_build_filename (dir, "po", NULL);
      char *parent;

      if (g_file_test (meson_private, G_FILE_TEST_IS_DIR) && g_file_test (po, G_FILE_TEST_IS_DIR))
        return g_steal_pointer (&po);
      parent = g_path_get_dirname (dir);
      if (strcmp (parent, dir) == 0)
        {
          g_free (parent);
          break;
        }
      g_free (dir);
      dir = parent;
    }
  return NULL;
}

const char *
ll_locale_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      const char *from_environment = g_getenv ("LL_LOCALEDIR");
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      char *found = NULL;

      if (from_environment != NULL && from_environment[0] != '\0')
        found = g_strdup (from_environment);
      else if (exe != NULL)
        found = build_tree_po_dir (exe);
      dir = found != NULL ? found : g_strdup (LOCALEDIR);
    }
  return dir;
}

void
ll_bind_text_domain (void)
{
  bindtextdomain (GETTEXT_PACKAGE, ll_locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
}
