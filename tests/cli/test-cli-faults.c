/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-faults.c: `train --export` and `--plot` to a read-only place
 * (/proc, which refuses new files even to root) and to a full disk
 * (RLIMIT_FSIZE in the child, SIGXFSZ ignored, so writes fail with EFBIG):
 * exit 2, one line naming the file, nothing on stdout, the earlier file
 * intact and no temporary file left beside it. And standard output that
 * cannot be written (/dev/full, closed, a pipe nobody reads): exit 1 with
 * one line, or a quiet end by SIGPIPE, the same each time. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

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

typedef enum {
  STDOUT_FULL_DISK,     /* /dev/full: every write fails with ENOSPC */
  STDOUT_CLOSED,        /* `>&-` */
  STDOUT_READER_GONE,   /* a pipe whose reading end is closed: `| head -1` done early */
} StdoutKind;

typedef struct {
  StdoutKind kind;
  gboolean ignore_sigpipe;  /* as some parents leave it; the program must not care */
} StdoutSetup;

static void
setup_stdout (gpointer data)
{
  const StdoutSetup *setup = data;

  if (setup->kind == STDOUT_CLOSED)
    close (STDOUT_FILENO);
  signal (SIGPIPE, setup->ignore_sigpipe ? SIG_IGN : SIG_DFL);
}

/* Runs logistic-lab ARGS with stdout as SETUP says; stderr into *ERR.
 * Returns the wait status. */
static int
run_with_stdout (const StdoutSetup *setup, const char *const *args, char **err)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_auto (GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");
  g_autoptr (GError) error = NULL;
  g_autoptr (GString) text = g_string_new (NULL);
  int stdout_fd = -1;
  int pipe_fds[2] = { -1, -1 };
  int stderr_fd = -1;
  GPid pid;
  int wait_status = 0;
  char buffer[4096];
  gssize n;

  g_ptr_array_add (argv, (char *) ll_test_logistic_lab ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (setup->kind == STDOUT_FULL_DISK)
    stdout_fd = open ("/dev/full", O_WRONLY | O_CLOEXEC);
  else if (setup->kind == STDOUT_READER_GONE)
    {
      g_assert_cmpint (pipe2 (pipe_fds, O_CLOEXEC), ==, 0);
      close (pipe_fds[0]);  /* before the program starts: no race with its writes */
      stdout_fd = pipe_fds[1];
    }
  g_assert_true (setup->kind == STDOUT_CLOSED || stdout_fd >= 0);

  g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) argv->pdata, (const char *const *) envp,
                                    G_SPAWN_DO_NOT_REAP_CHILD, setup_stdout, (gpointer) setup,
                                    -1, stdout_fd, -1, NULL, NULL, 0,
                                    &pid, NULL, NULL, &stderr_fd, &error);
  g_assert_no_error (error);
  if (stdout_fd >= 0)
    close (stdout_fd);
  while ((n = read (stderr_fd, buffer, sizeof buffer)) != 0)
    {
      g_assert_true (n > 0 || errno == EINTR);
      if (n > 0)
        g_string_append_len (text, buffer, n);
    }
  close (stderr_fd);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  *err = g_string_free (g_steal_pointer (&text), FALSE);
  return wait_status;
}

static const char *const *
small_train (gboolean json)
{
  static const char *text[] = { "train", "--iterations", "20", "--record-every", "10", NULL };
  static const char *as_json[] = { "train", "--iterations", "20", "--record-every", "10", "--json", NULL };

  return json ? as_json : text;
}

/* Exit 1 and one line naming the reason. */
static void
assert_write_failure (int wait_status, const char *err, const char *reason)
{
  g_test_message ("stderr: %s", err);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 1);
  g_assert_cmpuint (ll_cli_count_lines (err), ==, 1);
  g_assert_true (g_str_has_prefix (err, "logistic-lab: "));
  g_assert_nonnull (strstr (err, reason));
}

static void
test_stdout_full (void)
{
  const StdoutSetup setup = { STDOUT_FULL_DISK, FALSE };
  static const char *help[] = { "train", "--help", NULL };
  static const char *version[] = { "--version", NULL };
  const char *const *commands[] = { small_train (FALSE), small_train (TRUE), help, version };

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *err = NULL;
      int wait_status = run_with_stdout (&setup, commands[i], &err);

      assert_write_failure (wait_status, err, g_strerror (ENOSPC));
    }
}

static void
test_stdout_closed (void)
{
  const StdoutSetup setup = { STDOUT_CLOSED, FALSE };
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *export_path = g_build_filename (dir, "w.npz", NULL);
  const char *args[] = { "train", "--iterations", "20", "--record-every", "10",
                         "--export", export_path, NULL };
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  int wait_status = run_with_stdout (&setup, args, &err);

  assert_write_failure (wait_status, err, g_strerror (EBADF));
  /* The export did not take the free descriptor 1 and receive the text. */
  g_assert_true (g_file_get_contents (export_path, &contents, &length, NULL));
  g_assert_true (length > 4 && memcmp (contents, "PK", 2) == 0);
  g_assert_null (g_strstr_len (contents, length, "Cost after iteration"));
}

static void
test_stdout_reader_gone (void)
{
  for (int ignore = 0; ignore <= 1; ignore++)
    for (int json = 0; json <= 1; json++)
      for (int again = 0; again < 3; again++)
        {
          const StdoutSetup setup = { STDOUT_READER_GONE, ignore };
          g_autofree char *err = NULL;
          int wait_status = run_with_stdout (&setup, small_train (json), &err);

          /* Quietly, as `cat` ends: by SIGPIPE, nothing on stderr. */
          g_assert_cmpstr (err, ==, "");
          g_assert_true (WIFSIGNALED (wait_status));
          g_assert_cmpint (WTERMSIG (wait_status), ==, SIGPIPE);
        }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-faults/stdout-full", test_stdout_full);
  g_test_add_func ("/cli-faults/stdout-closed", test_stdout_closed);
  g_test_add_func ("/cli-faults/stdout-reader-gone", test_stdout_reader_gone);
  g_test_add_func ("/cli-faults/export-read-only", test_read_only);
  g_test_add_func ("/cli-faults/export-full-disk", test_full_disk);
  return g_test_run ();
}
