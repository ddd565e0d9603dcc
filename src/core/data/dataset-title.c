/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-title.c: see dataset-title.h. */
#include "config.h"

#include <string.h>

#include "dataset-title.h"

/* The first character upper case, UTF-8 aware ("été" -> "Été"). */
static char *
capitalise (const char *text)
{
  gunichar first = g_utf8_get_char_validated (text, -1);
  char head[8] = { 0 };

  if (first == (gunichar) -1 || first == (gunichar) -2 || first == 0)
    return g_strdup (text);
  g_unichar_to_utf8 (g_unichar_totitle (first), head);
  return g_strconcat (head, g_utf8_next_char (text), NULL);
}

static gboolean
is_number (const char *text)
{
  if (*text == '\0')
    return FALSE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isdigit (*text))
      return FALSE;
  return TRUE;
}

char *
ll_dataset_dup_title (const LlDataset *dataset)
{
  g_autofree char *spaced = NULL;

  g_return_val_if_fail (dataset != NULL, NULL);

  if (g_strcmp0 (dataset->format, "h5") == 0 && dataset->n_classes == 2
      && dataset->class_names != NULL
      && !is_number (dataset->class_names[0]) && !is_number (dataset->class_names[1]))
    {
      g_autofree char *positive = capitalise (dataset->class_names[1]);

      /* As the built-in pairs are titled ("Coat vs Pullover", dataset.c). */
      return g_strdup_printf ("%s vs %s", positive, dataset->class_names[0]);
    }
  /* Only the .h5 pair's name comes from a file name ("train_my_pets.h5");
   * the other formats name themselves. */
  if (dataset->name == NULL)
    return g_strdup ("");
  if (g_strcmp0 (dataset->format, "h5") != 0)
    return g_strdup (dataset->name);
  {
    g_autofree char *lower = g_utf8_strdown (dataset->name, -1);

    if (!g_str_equal (lower, dataset->name))
      return g_strdup (dataset->name);
  }
  spaced = g_strdelimit (g_strdup (dataset->name), "_-", ' ');
  return capitalise (spaced);
}
