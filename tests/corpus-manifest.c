/* SPDX-License-Identifier: GPL-3.0-or-later */
/* corpus-manifest.c: see corpus-manifest.h. */
#include "corpus-manifest.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <glib/gstdio.h>

#include "fixtures.h"

const char *
ll_corpus_dir (void)
{
  static char *dir;

  if (dir == NULL)
    {
      const char *source = g_getenv ("LL_SOURCE_DIR");

      g_assert_nonnull (source);
      dir = g_build_filename (source, "tests", "corpus", NULL);
    }
  return dir;
}

static LlCorpusEntry *
parse_line (const char *line)
{
  g_auto (GStrv) fields = g_strsplit (line, "\t", -1);
  LlCorpusEntry *entry;

  if (g_strv_length (fields) != 5)
    g_error ("MANIFEST.tsv: not five tab-separated fields: %s", line);
  g_assert_true (g_str_equal (fields[2], "ok") || g_str_equal (fields[2], "error"));
  entry = g_new0 (LlCorpusEntry, 1);
  entry->kind = g_strdup (fields[0]);
  entry->path = g_strdup (fields[1]);
  entry->ok = g_str_equal (fields[2], "ok");
  entry->word = entry->ok ? NULL : g_strdup (fields[3]);
  if (g_str_equal (fields[4], "-"))
    {
      const char *colon = strchr (fields[1], ':');
      entry->names = g_path_get_basename (colon != NULL ? colon + 1 : fields[1]);
    }
  else
    entry->names = g_strdup (fields[4]);
  return entry;
}

GPtrArray *
ll_corpus_entries (void)
{
  static GPtrArray *entries;

  if (entries == NULL)
    {
      g_autofree char *manifest = g_build_filename (ll_corpus_dir (), "MANIFEST.tsv", NULL);
      g_autofree char *contents = NULL;
      g_auto (GStrv) lines = NULL;
      g_autoptr (GError) error = NULL;

      if (!g_file_get_contents (manifest, &contents, NULL, &error))
        g_error ("%s", error->message);
      entries = g_ptr_array_new ();
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i][0] != '\0' && lines[i][0] != '#')
          g_ptr_array_add (entries, parse_line (lines[i]));
      g_assert_cmpuint (entries->len, >, 0);
    }
  return entries;
}

char *
ll_corpus_entry_realize (const LlCorpusEntry *entry)
{
  static char *scratch;
  g_autofree char *made = NULL;

  if (!g_str_has_prefix (entry->path, "fifo:") && !g_str_has_prefix (entry->path, "dir:"))
    return g_build_filename (ll_corpus_dir (), entry->path, NULL);

  if (scratch == NULL)
    scratch = ll_test_make_tmpdir ();
  made = g_build_filename (scratch, strchr (entry->path, ':') + 1, NULL);
  if (!g_file_test (made, G_FILE_TEST_EXISTS))
    {
      if (g_str_has_prefix (entry->path, "fifo:"))
        g_assert_cmpint (mkfifo (made, 0600), ==, 0);
      else
        g_assert_cmpint (g_mkdir (made, 0700), ==, 0);
    }
  return g_steal_pointer (&made);
}

char *
ll_corpus_test_path (const char          *prefix,
                     const LlCorpusEntry *entry)
{
  g_autofree char *flat = g_strdup (entry->path);

  g_strdelimit (flat, "/:", '-');
  return g_strdup_printf ("%s/%s/%s", prefix, entry->kind, flat);
}

void
ll_corpus_assert_message (const LlCorpusEntry *entry,
                          const char          *message)
{
  g_assert_nonnull (message);
  if (strstr (message, entry->word) == NULL || strstr (message, entry->names) == NULL)
    g_test_fail_printf ("%s: the message \"%s\" should contain \"%s\" and name \"%s\"",
             entry->path, message, entry->word, entry->names);
}
