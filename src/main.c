/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: `logistic-lab`, the one name a user types. Like `git`, whose
 * builtins are in the `git` binary and whose other programs are in
 * libexec/git-core, it is the command line itself and execs the other
 * programs of the package for the rest:
 *
 *   logistic-lab train|sweep|…|--help   here (GLib only: no GIO, GTK, cairo)
 *   logistic-lab classify …             logistic-lab-cli (the same, with GIO)
 *   logistic-lab train … --plot FILE    logistic-lab-cli-plot (the same, with cairo)
 *   logistic-lab [FILE…]                logistic-lab-gui (GTK)
 *   logistic-lab --decode-helper …      logistic-lab-decode (GLib and stb)
 *   logistic-lab --read-h5 …            logistic-lab-read-h5 (HDF5)
 *
 * Each program links only what its job needs. The command line is here and
 * not a program of its own because a second exec costs `train --help` a
 * third of its few milliseconds, while the window's start (hundreds of
 * milliseconds) does not notice one. For the same reason this build of it
 * links no GIO (cli-lean.c): a dataset that needs GIO (built-in, image
 * folders, .h5 files for the helper child) is left to logistic-lab-cli,
 * which it runs with the same arguments before anything is printed. The programs live in
 * <libexecdir>/logistic-lab, found relative to this one
 * (core/data/helper-program.c); in the build tree they are beside it.
 *
 * Exit status: 0 success, 1 an unexpected failure, 2 a bad file or argument
 * (here: an unknown command or option; --help says so too). */
#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/data/helper-program.h"
#include "program-locale.h"

#define EXIT_UNEXPECTED 1
#define EXIT_BAD_ARGUMENT 2

/* Replaces this process by the package's program NAME with the same
 * arguments (argv[0] too, so messages and --help still say logistic-lab). */
static int
run_program (const char  *name,
             char       **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = ll_helper_program_find (name, &error);

  if (path != NULL)
    {
      execv (path, argv);
      g_printerr ("logistic-lab: ");
      g_printerr (_("cannot run %s: %s"), path, g_strerror (errno));
      g_printerr ("\n");
      return EXIT_UNEXPECTED;
    }
  g_printerr ("logistic-lab: %s\n", error->message);
  return EXIT_UNEXPECTED;
}

/* `--plot FILE`, `--plot=FILE`, `-p FILE` or -p among short options: the
 * figure needs cairo and pango (~40 libraries, a third of the start-up).
 * A second build of the command line with the plot export linked in is
 * simpler than handing the figure to a third program, and a false match
 * costs only start-up time, never a result. */
static gboolean
names_a_figure (const char *arg)
{
  g_autofree char *lower = g_ascii_strdown (arg, -1);

  return g_str_has_suffix (lower, ".png") || g_str_has_suffix (lower, ".svg")
         || g_str_has_suffix (lower, ".pdf");
}

static gboolean
wants_plot (int    argc,
            char **argv)
{
  for (int i = 2; i < argc; i++)
    {
      const char *arg = argv[i];

      if (strcmp (arg, "--") == 0)
        return FALSE;
      /* `landscape --output FILE.png|svg|pdf` draws the figure too. */
      if (strcmp (argv[1], "landscape") == 0 && names_a_figure (arg))
        return TRUE;
      if (strcmp (arg, "--plot") == 0 || g_str_has_prefix (arg, "--plot="))
        return TRUE;
      if (arg[0] == '-' && arg[1] != '-' && strchr (arg, 'p') != NULL)
        return TRUE;
    }
  return FALSE;
}

/* A word the window opens: an existing file or folder, or what looks like a
 * path or a file name (a folder part, or an extension such as photo.jpg or
 * lesson.lllesson), so a missing file is reported by the window, not taken
 * for a mistyped command. */
static gboolean
names_a_file (const char *word)
{
  const char *dot = strrchr (word, '.');

  return g_file_test (word, G_FILE_TEST_EXISTS)
         || strchr (word, '/') != NULL
         || (dot != NULL && dot != word && dot[1] != '\0');
}

int
main (int    argc,
      char **argv)
{
  const char *first = argc > 1 ? argv[1] : NULL;
  const char *closest;

  /* First, so the programs' and these messages are translated. */
  ll_program_init_locale ();

  /* The limited children: the callers give the flag as argv[1]. */
  if (first != NULL && strcmp (first, "--decode-helper") == 0)
    return run_program (LL_PROGRAM_DECODE, argv);
  if (first != NULL && strcmp (first, "--read-h5") == 0)
    return run_program (LL_PROGRAM_READ_H5, argv);

  if (ll_cli_wants (argc, argv))
    {
      g_auto (GStrv) arguments = NULL;
      int status;

      if (wants_plot (argc, argv))
        return run_program (LL_PROGRAM_CLI_PLOT, argv);
      if (strcmp (first, "classify") == 0)
        return run_program (LL_PROGRAM_CLI, argv);
      /* ll_cli_main may reorder argv (GOptionContext). */
      arguments = g_strdupv (argv);
      status = ll_cli_main (argc, argv);
      return status == LL_CLI_RUN_ELSEWHERE ? run_program (LL_PROGRAM_CLI, arguments) : status;
    }

  /* No argument, files to open, or GApplication's own options. */
  if (first == NULL || g_str_has_prefix (first, "--gapplication-")
      || strcmp (first, "--dataset") == 0 || g_str_has_prefix (first, "--dataset=")
      || (first[0] != '-' && names_a_file (first)))
    return run_program (LL_PROGRAM_GUI, argv);

  g_printerr ("logistic-lab: ");
  if (first[0] == '-')
    g_printerr (_("unknown option “%s”; try --help"), first);
  else if ((closest = ll_cli_closest_command (first)) != NULL)
    g_printerr (_("unknown command “%s”; did you mean “%s”?"), first, closest);
  else
    g_printerr (_("unknown command “%s”; try --help"), first);
  g_printerr ("\n");
  return EXIT_BAD_ARGUMENT;
}
