/* SPDX-License-Identifier: GPL-3.0-or-later */
/* run-corpus.c: replays a fuzz corpus through a harness without libFuzzer,
 * so every build's test suite (gcc included) runs the harnesses on the
 * committed inputs: valid files, refused files and the inputs fuzzing once
 * crashed on. Usage: run-corpus-<target> CORPUS_DIR. Output is TAP, one
 * test per file; a crash, an assertion in the harness or a GLib critical
 * fails the whole run. An empty or missing corpus fails too. */
#include "fuzz-common.h"

#include <stdio.h>
#include <stdlib.h>

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GDir) dir = NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (argc != 2)
    {
      fprintf (stderr, "usage: %s CORPUS_DIR\n", argv[0]);
      return 2;
    }
  LLVMFuzzerInitialize (&argc, &argv);

  dir = g_dir_open (argv[1], 0, &error);
  if (dir == NULL)
    {
      printf ("Bail out! %s\n", error->message);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  if (names->len == 0)
    {
      printf ("Bail out! %s: the corpus is empty\n", argv[1]);
      return 1;
    }
  /* A fixed order, so a failure names the same file every time. */
  g_ptr_array_sort (names, compare_names);

  printf ("1..%u\n", names->len);
  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (argv[1], g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      gsize size;

      if (!g_file_get_contents (path, &contents, &size, &error))
        {
          printf ("not ok %u - %s\n# %s\n", i + 1, (const char *) g_ptr_array_index (names, i),
                  error->message);
          g_clear_error (&error);
          continue;
        }
      /* Announced first: if the harness crashes, the log says on what. */
      printf ("# %s (%" G_GSIZE_FORMAT " bytes)\n", (const char *) g_ptr_array_index (names, i), size);
      fflush (stdout);
      LLVMFuzzerTestOneInput ((const uint8_t *) contents, size);
      printf ("ok %u - %s\n", i + 1, (const char *) g_ptr_array_index (names, i));
    }
  return 0;
}
