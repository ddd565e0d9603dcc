/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: `logistic-lab`, one command with three footprints.
 *
 * This executable itself holds only the image decode helper (the limited
 * child the app and the CLI spawn for every image: GLib and stb, nothing
 * else), and loads the rest as a module: the command line for a
 * subcommand, else the window (GTK), the plot export (cairo) for --plot,
 * or the .h5 reader (HDF5) for the limited child `--read-h5`. Linking all of it made
 * even `logistic-lab train --help` load ~100 libraries, ~20 ms.
 *
 * The modules live in the package's library folder (LL_MODULE_DIR), or,
 * when this executable runs from the build tree, beside it there. */
#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/data/decode-helper.h"

#define CLI_MODULE "logistic-lab-cli"
#define GUI_MODULE "logistic-lab-gui"
#define H5_MODULE "logistic-lab-h5"

typedef int (*ModuleMainFunc) (int argc, char **argv);
typedef gboolean (*ModuleWantsFunc) (int argc, char **argv);

static gboolean
same_folder (const char *a,
             const char *b)
{
  struct stat sa, sb;

  return stat (a, &sa) == 0 && stat (b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Only the build tree's own executable loads the build tree's modules: an
 * installed copy never picks up code from a build folder, nor the reverse. */
static const char *
module_dir (void)
{
  static const char *dir;

  if (dir == NULL)
    {
      g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *exe_dir = exe != NULL ? g_path_get_dirname (exe) : NULL;

      dir = exe_dir != NULL && same_folder (exe_dir, LL_BUILD_MODULE_DIR)
            ? LL_BUILD_MODULE_DIR : LL_MODULE_DIR;
    }
  return dir;
}

/* Exits with a message naming the file when NAME cannot be loaded. */
static gpointer
module_symbol (const char *name,
               const char *symbol)
{
  static GHashTable *loaded;
  g_autofree char *path = g_module_build_path (module_dir (), name);
  GModule *module;
  gpointer address = NULL;

  if (loaded == NULL)
    loaded = g_hash_table_new (g_str_hash, g_str_equal);
  module = g_hash_table_lookup (loaded, name);
  if (module == NULL)
    {
      /* Local: the module's libraries stay out of the global namespace. */
      module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
      if (module == NULL)
        {
          g_printerr ("logistic-lab: cannot load %s\n", g_module_error ());
          exit (1);
        }
      g_hash_table_insert (loaded, (gpointer) name, module);
    }
  if (!g_module_symbol (module, symbol, &address) || address == NULL)
    {
      g_printerr ("logistic-lab: %s has no %s (%s)\n", path, symbol, g_module_error ());
      exit (1);
    }
  return address;
}

int
main (int argc, char **argv)
{
  ModuleMainFunc module_main;
  const char *localedir;

  setlocale (LC_ALL, "");
  /* LL_LOCALEDIR: a build tree's po/ folder, so the uninstalled program (and
   * the tests) use the translations built there instead of installed ones. */
  localedir = g_getenv ("LL_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL && *localedir != '\0' ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The limited child that decodes one image; after the locale, so its
   * reasons ("not a PNG, JPEG or BMP image") reach the window translated. */
  if (argc > 1 && strcmp (argv[1], "--decode-helper") == 0)
    return ll_decode_helper_main (argc, argv);

  /* The limited child that reads an .h5 pair (HDF5 lives in its module);
   * after the locale, so the reader's messages are translated as before. */
  if (argc > 1 && strcmp (argv[1], "--read-h5") == 0)
    return ((ModuleMainFunc) module_symbol (H5_MODULE, "ll_module_main")) (argc, argv);

  /* With no arguments it is the window; only then is the CLI not asked. */
  if (argc > 1 && ((ModuleWantsFunc) module_symbol (CLI_MODULE, "ll_module_wants")) (argc, argv))
    module_main = module_symbol (CLI_MODULE, "ll_module_main");
  else
    module_main = module_symbol (GUI_MODULE, "ll_module_main");
  return module_main (argc, argv);
}
