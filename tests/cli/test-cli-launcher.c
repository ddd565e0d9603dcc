/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-launcher.c: what `logistic-lab` (src/main.c) does with its first
 * argument: a subcommand runs the command line, a file or folder the window,
 * a mistyped command or an unknown option is an error (exit status 2) that
 * names what was probably meant, never a window. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cli-run.h"
#include "cli/cli.h"
#include "fixtures.h"

static void
test_closest_command (void)
{
  g_assert_cmpstr (ll_cli_closest_command ("trian"), ==, "train");
  g_assert_cmpstr (ll_cli_closest_command ("trainn"), ==, "train");
  g_assert_cmpstr (ll_cli_closest_command ("tain"), ==, "train");
  g_assert_cmpstr (ll_cli_closest_command ("clasify"), ==, "classify");
  g_assert_cmpstr (ll_cli_closest_command ("calssify"), ==, "classify");
  g_assert_cmpstr (ll_cli_closest_command ("sweeep"), ==, "sweep");
  g_assert_cmpstr (ll_cli_closest_command ("landscap"), ==, "landscape");
  g_assert_cmpstr (ll_cli_closest_command ("stpe"), ==, "step");
  g_assert_cmpstr (ll_cli_closest_command ("train"), ==, "train");
  /* Too far from every command, or too short to tell. */
  g_assert_null (ll_cli_closest_command ("xyzzy"));
  g_assert_null (ll_cli_closest_command ("tr"));
  g_assert_null (ll_cli_closest_command ("t"));
  g_assert_null (ll_cli_closest_command (""));
  /* Options are not suggested for words. */
  g_assert_null (ll_cli_closest_command ("help"));
}

static void
test_typo (void)
{
  g_autoptr (LlCliRun) train = ll_cli_run_args ("trian", "--dataset", "x", NULL);
  g_autoptr (LlCliRun) classify = ll_cli_run_args ("clasify", NULL);

  ll_cli_assert_bad_input (train, "unknown command");
  g_assert_nonnull (strstr (train->err, "trian"));
  g_assert_nonnull (strstr (train->err, "did you mean"));
  g_assert_nonnull (strstr (train->err, "train"));
  ll_cli_assert_bad_input (classify, "did you mean");
  g_assert_nonnull (strstr (classify->err, "classify"));
}

static void
test_unknown_command (void)
{
  g_autoptr (LlCliRun) run = ll_cli_run_args ("xyzzy", NULL);

  ll_cli_assert_bad_input (run, "unknown command");
  g_assert_nonnull (strstr (run->err, "xyzzy"));
  g_assert_null (strstr (run->err, "did you mean"));
  g_assert_nonnull (strstr (run->err, "--help"));
}

static void
test_unknown_option (void)
{
  const char *const options[] = { "--frobnicate", "-x", "--help-all", "--plot" };

  for (gsize i = 0; i < G_N_ELEMENTS (options); i++)
    {
      g_autoptr (LlCliRun) run = ll_cli_run_args (options[i], NULL);

      ll_cli_assert_bad_input (run, "unknown option");
      g_assert_nonnull (strstr (run->err, options[i]));
    }
}

static void
test_help_documents_exit_status (void)
{
  g_autoptr (LlCliRun) run = ll_cli_run_args ("--help", NULL);

  ll_cli_assert_success (run);
  g_assert_nonnull (strstr (run->out, "0 on success"));
  g_assert_nonnull (strstr (run->out, "1 on a failure that is not the input"));
  g_assert_nonnull (strstr (run->out, "2 on a bad file or argument"));
}

/* The window's program ran: with no display (ll_cli_run removes it) GTK
 * says so and it fails, but not with the status of a bad argument. */
static void
assert_opened_window (const LlCliRun *run, const char *arg)
{
  g_test_message ("%s: status %d, stderr: %s", arg, run->status, run->err);
  g_assert_cmpint (run->status, !=, 0);
  g_assert_cmpint (run->status, !=, 2);
  g_assert_null (strstr (run->err, "unknown"));
  g_assert_nonnull (strstr (run->err, "display"));
}

static void
test_files_open_window (void)
{
  /* Names that look like files, whether they exist or not. */
  const char *const files[] = { "photo.jpg", "folder/", "lesson.lllesson", "./trian" };
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *folder = g_build_filename (dir, "trian", NULL);
  g_autofree char *command_folder = g_build_filename (dir, "train", NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr (LlCliRun) run = ll_cli_run_args (files[i], NULL);

      assert_opened_window (run, files[i]);
    }

  /* An existing folder whose name is a word: the window too, unless the
   * word is a command. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (g_chdir (dir), ==, 0);
  {
    g_autoptr (LlCliRun) run = ll_cli_run_args ("trian", NULL);

    assert_opened_window (run, "trian (a folder)");
  }
  g_assert_cmpint (g_rmdir (folder), ==, 0);
  g_assert_cmpint (g_mkdir (command_folder, 0700), ==, 0);
  {
    g_autoptr (LlCliRun) run = ll_cli_run_args ("train", "--help", NULL);

    ll_cli_assert_success (run);
    g_assert_nonnull (strstr (run->out, "--learning-rates"));
  }
  g_assert_cmpint (g_chdir (cwd), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/launcher/closest-command", test_closest_command);
  g_test_add_func ("/cli/launcher/typo", test_typo);
  g_test_add_func ("/cli/launcher/unknown-command", test_unknown_command);
  g_test_add_func ("/cli/launcher/unknown-option", test_unknown_option);
  g_test_add_func ("/cli/launcher/help-documents-exit-status", test_help_documents_exit_status);
  g_test_add_func ("/cli/launcher/files-open-window", test_files_open_window);
  return g_test_run ();
}
