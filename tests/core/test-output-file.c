/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-output-file.c: ll_output_write_bytes on every kind of target, in a
 * temporary folder: new and regular files (mode kept), links (the target
 * is written, the link stays), character devices, a FIFO with a reader
 * thread, standard output, refusals, the input check, and a signal in the
 * middle of a replace. Makes sense as root and as any user. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/io/output-file.h"

typedef struct {
  char *folder;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  (void) data;
  f->folder = g_dir_make_tmp ("ll-output-XXXXXX", NULL);
  g_assert_nonnull (f->folder);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  g_autoptr (GDir) dir = g_dir_open (f->folder, 0, NULL);
  const char *name;

  (void) data;
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->folder, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->folder);
  g_free (f->folder);
}

static guint
count_entries (const char *folder)
{
  g_autoptr (GDir) dir = g_dir_open (folder, 0, NULL);
  guint count = 0;

  while (g_dir_read_name (dir) != NULL)
    count++;
  return count;
}

static void
assert_contents (const char *path, const char *expected)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, expected);
}

static void
test_new_and_regular (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->folder, "out.npz", NULL);
  g_autoptr (GError) error = NULL;
  LlOutputKind kind;
  GStatBuf st;
  mode_t old_umask = umask (022);

  (void) data;
  g_assert_true (ll_output_check (path, &kind, &error));
  g_assert_cmpint (kind, ==, LL_OUTPUT_REPLACE);
  g_assert_true (ll_output_write_bytes (path, "one", 3, &error));
  g_assert_no_error (error);
  assert_contents (path, "one");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  /* A replaced file keeps its mode, whatever the umask would give. */
  g_assert_cmpint (g_chmod (path, 0751), ==, 0);
  g_assert_true (ll_output_write_bytes (path, "two", 3, &error));
  assert_contents (path, "two");
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0751);
  g_assert_cmpuint (count_entries (f->folder), ==, 1);  /* no temporary left */
  umask (old_umask);
}

static void
test_symlink (Fixture *f, gconstpointer data)
{
  g_autofree char *target = g_build_filename (f->folder, "target.npz", NULL);
  g_autofree char *link = g_build_filename (f->folder, "link.npz", NULL);
  g_autofree char *dangling = g_build_filename (f->folder, "dangling.npz", NULL);
  g_autoptr (GError) error = NULL;
  GStatBuf st;

  (void) data;
  g_assert_true (g_file_set_contents (target, "old", -1, NULL));
  g_assert_cmpint (symlink ("target.npz", link), ==, 0);
  g_assert_true (ll_output_write_bytes (link, "new", 3, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  assert_contents (target, "new");
  g_assert_cmpuint (count_entries (f->folder), ==, 2);

  /* A link to nothing is refused, naming the link. */
  g_assert_cmpint (symlink ("nowhere/file.npz", dangling), ==, 0);
  g_assert_false (ll_output_write_bytes (dangling, "x", 1, &error));
  g_assert_nonnull (strstr (error->message, "dangling.npz"));
  g_assert_nonnull (strstr (error->message, "symbolic link"));
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->folder, "no-folder", "out.npz", NULL);
  g_autoptr (GError) error = NULL;

  (void) data;
  g_assert_false (ll_output_check (f->folder, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);
  g_assert_false (ll_output_write_bytes (f->folder, "x", 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY);
  g_clear_error (&error);
  g_assert_false (ll_output_check (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "out.npz"));
  g_clear_error (&error);
  g_assert_false (ll_output_check ("", NULL, &error));
  g_assert_cmpuint (count_entries (f->folder), ==, 0);
}

static void
test_character_devices (Fixture *f, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  LlOutputKind kind;
  GStatBuf st;

  (void) f;
  (void) data;
  /* /dev/null takes the bytes and stays a device (as root a replace would
   * have turned it into a file; as a user it would have failed). */
  g_assert_true (ll_output_check ("/dev/null", &kind, &error));
  g_assert_cmpint (kind, ==, LL_OUTPUT_DIRECT);
  g_assert_true (ll_output_write_bytes ("/dev/null", "data", 4, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat ("/dev/null", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));

  if (g_stat ("/dev/full", &st) != 0)
    {
      g_test_skip ("no /dev/full");
      return;
    }
  g_assert_false (ll_output_write_bytes ("/dev/full", "data", 4, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_nonnull (strstr (error->message, "/dev/full"));
  g_assert_cmpint (g_stat ("/dev/full", &st), ==, 0);
  g_assert_true (S_ISCHR (st.st_mode));
}

typedef struct {
  const char *path;
  GString *read;
} Reader;

static gpointer
read_fifo (gpointer data)
{
  Reader *reader = data;
  int fd = g_open (reader->path, O_RDONLY, 0);
  char buffer[4096];
  ssize_t got;

  g_assert_cmpint (fd, >=, 0);
  while ((got = read (fd, buffer, sizeof buffer)) > 0)
    g_string_append_len (reader->read, buffer, got);
  close (fd);
  return NULL;
}

static void
test_fifo (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->folder, "pipe", NULL);
  g_autoptr (GString) sent = g_string_new (NULL);
  g_autoptr (GError) error = NULL;
  Reader reader = { path, g_string_new (NULL) };
  GThread *thread;
  GStatBuf st;

  (void) data;
  g_assert_cmpint (mkfifo (path, 0600), ==, 0);
  /* More than a pipe holds: the writer must wait for the reader. */
  for (guint i = 0; i < 50000; i++)
    g_string_append_printf (sent, "%u,", i);
  thread = g_thread_new ("fifo-reader", read_fifo, &reader);
  g_assert_true (ll_output_write_bytes (path, sent->str, sent->len, &error));
  g_assert_no_error (error);
  g_thread_join (thread);
  g_assert_cmpuint (reader.read->len, ==, sent->len);
  g_assert_true (memcmp (reader.read->str, sent->str, sent->len) == 0);
  g_string_free (reader.read, TRUE);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_true (S_ISFIFO (st.st_mode));
  g_assert_cmpuint (count_entries (f->folder), ==, 1);
}

static void
test_stdout (Fixture *f, gconstpointer data)
{
  static const char *const names[] = { "-", "/dev/stdout" };

  (void) data;
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *capture = g_build_filename (f->folder, "captured", NULL);
      g_autoptr (GError) error = NULL;
      int saved = dup (STDOUT_FILENO);
      int fd = g_open (capture, O_WRONLY | O_CREAT | O_TRUNC, 0600);
      LlOutputKind kind;
      gboolean written;

      g_assert_true (ll_output_check (names[i], &kind, NULL));
      g_assert_cmpint (kind, ==, LL_OUTPUT_STDOUT);
      fflush (stdout);
      dup2 (fd, STDOUT_FILENO);
      written = ll_output_write_bytes (names[i], "to stdout", 9, &error);
      dup2 (saved, STDOUT_FILENO);
      close (saved);
      close (fd);
      g_assert_no_error (error);
      g_assert_true (written);
      assert_contents (capture, "to stdout");
      g_unlink (capture);
    }
  g_assert_cmpuint (count_entries (f->folder), ==, 0);
}

static void
test_is_one_of (Fixture *f, gconstpointer data)
{
  g_autofree char *input = g_build_filename (f->folder, "train.h5", NULL);
  g_autofree char *other = g_build_filename (f->folder, "test.h5", NULL);
  g_autofree char *link = g_build_filename (f->folder, "alias.npz", NULL);
  g_autofree char *roundabout = g_build_filename (f->folder, ".", "train.h5", NULL);
  g_autofree char *fresh = g_build_filename (f->folder, "fresh.npz", NULL);
  const char *inputs[] = { other, input, NULL };
  const char *match = NULL;

  (void) data;
  g_assert_true (g_file_set_contents (input, "a", -1, NULL));
  g_assert_true (g_file_set_contents (other, "b", -1, NULL));
  g_assert_cmpint (symlink ("train.h5", link), ==, 0);
  g_assert_true (ll_output_is_one_of (roundabout, inputs, &match));
  g_assert_cmpstr (match, ==, input);
  g_assert_true (ll_output_is_one_of (link, inputs, &match));
  g_assert_cmpstr (match, ==, input);
  g_assert_false (ll_output_is_one_of (fresh, inputs, &match));
  g_assert_false (ll_output_is_one_of ("-", inputs, &match));
  g_assert_false (ll_output_is_one_of (input, NULL, &match));
}

/* Writes half, then is killed as a user's Ctrl-C would. */
static gboolean
write_then_die (int fd, gpointer user_data)
{
  (void) user_data;
  if (!ll_output_write_all (fd, "half", 4))
    return FALSE;
  raise (SIGTERM);
  return TRUE;  /* not reached */
}

static void
test_signal_removes_temporary (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->folder, "weights.npz", NULL);
  int status = 0;
  pid_t child;

  (void) data;
  g_assert_true (g_file_set_contents (path, "earlier", -1, NULL));
  child = fork ();
  g_assert_cmpint (child, >=, 0);
  if (child == 0)
    {
      ll_output_remove_temporaries_on_signals ();
      ll_output_write_with (path, write_then_die, NULL, NULL);
      _exit (0);
    }
  g_assert_cmpint (waitpid (child, &status, 0), ==, child);
  g_assert_true (WIFSIGNALED (status));
  g_assert_cmpint (WTERMSIG (status), ==, SIGTERM);
  /* The earlier file whole, and nothing else. */
  assert_contents (path, "earlier");
  g_assert_cmpuint (count_entries (f->folder), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/output/new-and-regular", test_new_and_regular);
  ADD ("/output/symlink", test_symlink);
  ADD ("/output/refused", test_refused);
  ADD ("/output/character-devices", test_character_devices);
  ADD ("/output/fifo", test_fifo);
  ADD ("/output/stdout", test_stdout);
  ADD ("/output/is-one-of", test_is_one_of);
  ADD ("/output/signal-removes-temporary", test_signal_removes_temporary);
#undef ADD
  return g_test_run ();
}
