/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-corpus.c: every input of tests/corpus through the command line, as
 * MANIFEST.tsv says: images by `classify --weights weights/ok.npz IMAGE`,
 * datasets by `train --dataset`, weights by `classify --weights W rgb.png`.
 * Each gives a result (exit 0, nothing on stderr) or exit 2 with one stderr
 * line naming the file and the reason; never a signal, never a hang (each
 * run is killed after a minute, which fails the test). */
#include <string.h>
#include <sys/wait.h>

#include "cli-run.h"
#include "corpus-manifest.h"
#include "fixtures.h"

#define DEADLINE_SECONDS "60"

/* ll_cli_run's contract, under timeout(1) so a hang ends as a failure. */
static LlCliRun *
run_with_deadline (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");
  LlCliRun *run = g_new0 (LlCliRun, 1);
  int wait_status = 0;

  /* --kill-after: a run that ignores SIGTERM is killed 5 s later. */
  for (const char *const *a = (const char *const[]) { "timeout", "--kill-after=5", DEADLINE_SECONDS,
                                                       ll_test_logistic_lab (), NULL }; *a != NULL; a++)
    g_ptr_array_add (argv, (char *) *a);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  /* timeout(1): 124 timed out, 137 killed, 128 + N the program died of signal N. */
  if (run->status == 124 || run->status >= 128)
    {
      g_autofree char *command = g_strjoinv (" ", (char **) args);

      g_error ("logistic-lab %s: %s (exit %d); stderr: %s", command,
               run->status == 124 || run->status == 137 ? "hung" : "died of a signal",
               run->status, run->err);
    }
  return run;
}

static void
test_entry (gconstpointer data)
{
  const LlCorpusEntry *entry = data;
  g_autofree char *path = ll_corpus_entry_realize (entry);
  g_autofree char *ok_weights = g_build_filename (ll_corpus_dir (), "weights", "ok.npz", NULL);
  g_autofree char *ok_image = g_build_filename (ll_corpus_dir (), "images", "rgb.png", NULL);
  g_autoptr (LlCliRun) run = NULL;

  if (g_str_equal (entry->kind, "image"))
    run = run_with_deadline ((const char *const[]) { "classify", "--weights", ok_weights, path, NULL });
  else if (g_str_equal (entry->kind, "dataset"))
    run = run_with_deadline ((const char *const[]) { "train", "--dataset", path, "--iterations", "20",
                                                     "--record-every", "10", "--learning-rates", "0.1",
                                                     NULL });
  else if (g_str_equal (entry->kind, "weights"))
    run = run_with_deadline ((const char *const[]) { "classify", "--weights", path, ok_image, NULL });
  else
    g_error ("MANIFEST.tsv: unknown kind %s", entry->kind);

  if (entry->ok)
    {
      ll_cli_assert_success (run);
      g_assert_cmpstr (run->out, !=, "");
      /* classify prints one line per image, naming it. */
      if (!g_str_equal (entry->kind, "dataset"))
        {
          g_assert_cmpuint (ll_cli_count_lines (run->out), ==, 1);
          g_assert_true (g_str_has_prefix (run->out, g_str_equal (entry->kind, "image") ? path : ok_image));
        }
      else
        g_assert_nonnull (strstr (run->out, "test accuracy: "));
    }
  else
    {
      ll_cli_assert_bad_input (run, entry->word);
      ll_corpus_assert_message (entry, run->err);
    }
}

int
main (int argc, char **argv)
{
  GPtrArray *entries;

  g_test_init (&argc, &argv, NULL);
  entries = ll_corpus_entries ();
  for (guint i = 0; i < entries->len; i++)
    {
      const LlCorpusEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *test_path = ll_corpus_test_path ("/cli-corpus", entry);

      g_test_add_data_func (test_path, entry, test_entry);
    }
  return g_test_run ();
}
