/* test-cli-faults.c: `train --export` and `--plot` to a read-only place
 * (/proc, which refuses new files even to root) and to a full disk
 * (RLIMIT_FSIZE in the child, SIGXFSZ ignored, so writes fail with EFBIG):
 * exit 2, one line naming the file, nothing on stdout, the earlier file
 * intact and no temporary file left beside it. */
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "cli-run.h"
#include "fixtures.h"

static const char * const outputs[] = { "--export", "weights.npz", "--plot", "plot.png",
                                        "--plot", "plot.svg", "--plot", "plot.pdf" };

/* Runs between fork and exec: a disk with 1 KiB of room. */
static void
fill_disk (gpointer data)
{
  struct rlimit limit;

  signal (SIGXFSZ, SIG_IGN);
  if (getrlimit (RLIMIT_FSIZE, &limit) == 0)
    {
      limit.rlim_cur = 1024;
      setrlimit (RLIMIT_FSIZE, &limit);
    }
}

static LlCliRun *
train_to (const char *option,
          const char *path,
          gboolean    full_disk)
{
  g_autofree char *dataset = g_build_filename (g_getenv ("LL_SOURCE_DIR"), "tests", "corpus",
                                               "datasets", "idx-ok", NULL);
  const char *argv[] = { ll_test_logistic_lab (), "train", "--dataset", dataset, "--iterations", "20",
                         "--record-every", "10", option, path, NULL };
  g_auto (GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");
  g_autoptr (GError) error = NULL;
  LlCliRun *run = g_new0 (LlCliRun, 1);
  int wait_status = 0;

  g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT, full_disk ? fill_disk : NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  return run;
}

static void
test_read_only (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i += 2)
    {
      g_autofree char *path = g_build_filename ("/proc/self", outputs[i + 1], NULL);
      g_autoptr (LlCliRun) run = train_to (outputs[i], path, FALSE);

      ll_cli_assert_bad_input (run, path);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    }
}

static void
test_full_disk (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (outputs); i += 2)
    {
      g_autofree char *dir = ll_test_make_tmpdir ();
      g_autofree char *path = g_build_filename (dir, outputs[i + 1], NULL);
      g_autofree char *contents = NULL;
      g_autoptr (LlCliRun) run = NULL;
      g_autoptr (GDir) listing = NULL;

      g_assert_true (g_file_set_contents (path, "the earlier file\n", -1, NULL));
      run = train_to (outputs[i], path, TRUE);
      ll_cli_assert_bad_input (run, path);

      /* The earlier file is whole, and alone: no temporary file beside it. */
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, ==, "the earlier file\n");
      listing = g_dir_open (dir, 0, NULL);
      g_assert_cmpstr (g_dir_read_name (listing), ==, outputs[i + 1]);
      g_assert_null (g_dir_read_name (listing));

      /* With room, the same command writes it. */
      g_clear_pointer (&run, ll_cli_run_free);
      run = train_to (outputs[i], path, FALSE);
      ll_cli_assert_success (run);
      g_clear_pointer (&contents, g_free);
      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (contents, !=, "the earlier file\n");
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-faults/export-read-only", test_read_only);
  g_test_add_func ("/cli-faults/export-full-disk", test_full_disk);
  return g_test_run ();
}
