/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-run-config-parse.c: the options' one parser (ll-run-config.h), apart
 * from the LlRunConfig object: the command line reads its options through
 * it, and its lean `logistic-lab` links neither GObject nor GSettings
 * (src/cli-lean.c). */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ll-run-config.h"

gboolean
ll_run_config_parse_rate (const char  *text,
                          double      *rate,
                          GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *end = NULL;
  double value;

  /* Teachers in comma-decimal locales type "0,5". */
  if (strchr (copy, '.') == NULL)
    g_strdelimit (copy, ",", '.');
  /* g_ascii_strtod alone would take "nan", "inf" and "1abc". */
  value = *copy != '\0' ? g_ascii_strtod (copy, &end) : NAN;
  if (*copy == '\0' || end == copy || *end != '\0' || !isfinite (value) || value <= 0)
    {
      g_autofree char *shown = g_strstrip (g_strdup (text != NULL ? text : ""));

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("'%s' is not a positive number"), shown);
      return FALSE;
    }
  *rate = value;
  return TRUE;
}

/* A comma-separated list of at least one item, each read by PARSE_ITEM. */
static GArray *
parse_list (const char  *text,
            gboolean   (*parse_item) (const char *, double *, GError **),
            GError     **error)
{
  g_auto (GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      double value;

      if (*g_strstrip (parts[i]) == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("'%s' has an empty item"), text);
          return NULL;
        }
      if (!parse_item (parts[i], &value, error))
        return NULL;
      g_array_append_val (values, value);
    }
  if (values->len == 0)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("give at least one number"));
      return NULL;
    }
  return g_steal_pointer (&values);
}

GArray *
ll_run_config_parse_rates (const char  *text,
                           GError     **error)
{
  return parse_list (text, ll_run_config_parse_rate, error);
}

gboolean
ll_run_config_parse_number (const char  *text,
                            double      *value,
                            GError     **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *end = NULL;
  double number = *copy != '\0' ? g_ascii_strtod (copy, &end) : NAN;

  if (*copy == '\0' || end == copy || *end != '\0' || !isfinite (number))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("'%s' is not a finite number"), copy);
      return FALSE;
    }
  *value = number;
  return TRUE;
}

GArray *
ll_run_config_parse_numbers (const char  *text,
                             GError     **error)
{
  return parse_list (text, ll_run_config_parse_number, error);
}
