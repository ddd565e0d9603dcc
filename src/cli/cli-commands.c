/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-commands.c: the command line's words, so that `logistic-lab`
 * (src/main.c) can tell a subcommand from a file to open, and a typo from
 * both. */
#include "config.h"

#include "cli.h"

#include <string.h>

static const char *const commands[] = {
  "train", "classify", "sweep", "landscape", "step", "--help", "-h", "--version",
};

gboolean
ll_cli_wants (int argc, char **argv)
{
  if (argc < 2)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Edits (insert, delete, replace, swap two neighbours) from A to B, at most
 * LIMIT + 1: the optimal string alignment distance, on bytes. */
static gsize
edit_distance (const char *a,
               const char *b,
               gsize       limit)
{
  gsize n = strlen (a), m = strlen (b);
  g_autofree gsize *rows = NULL;
  gsize *before, *previous, *current, result;

  if ((n > m ? n - m : m - n) > limit || n > 64 || m > 64)
    return limit + 1;
  rows = g_new (gsize, 3 * (m + 1));
  before = rows;
  previous = rows + (m + 1);
  current = rows + 2 * (m + 1);
  for (gsize j = 0; j <= m; j++)
    previous[j] = j;
  for (gsize i = 1; i <= n; i++)
    {
      gsize *spare = before;

      current[0] = i;
      for (gsize j = 1; j <= m; j++)
        {
          gsize cost = a[i - 1] == b[j - 1] ? 0 : 1;
          gsize best = MIN (MIN (previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);

          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            best = MIN (best, before[j - 2] + 1);
          current[j] = best;
        }
      before = previous;
      previous = current;
      current = spare;
    }
  result = previous[m];
  return MIN (result, limit + 1);
}

const char *
ll_cli_closest_command (const char *word)
{
  const char *closest = NULL;
  gsize closest_distance = 3;  /* at most two edits... */

  g_return_val_if_fail (word != NULL, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      gsize distance;

      if (commands[i][0] == '-')
        continue;
      distance = edit_distance (word, commands[i], 2);
      /* ...and fewer than the word has letters ("x" is no "train"). */
      if (distance < closest_distance && distance < strlen (word))
        {
          closest = commands[i];
          closest_distance = distance;
        }
    }
  return closest;
}
