/* cli-task.c: what the training subcommands share: the binary task from
 * --dataset and --classes, and option values that may be any number. */
#include "config.h"

#include "cli-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/io/text-escape.h"

LlDataset *
ll_cli_load_task (const char  *path,
                  const char  *classes,
                  guint        image_width,
                  guint        image_height,
                  GError     **error)
{
  g_autoptr (LlDataset) dataset = NULL;

  /* --classes is taken as bytes (G_OPTION_ARG_FILENAME: GOption's own UTF-8
   * error names neither the option nor the value) and checked here. */
  if (classes != NULL && !g_utf8_validate (classes, -1, NULL))
    {
      g_autofree char *shown = ll_text_escape_controls (classes);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--classes: '%s' is not valid UTF-8 text"), shown);
      return NULL;
    }
  if (path != NULL)
    dataset = ll_dataset_load (path, image_width, image_height, error);
  else
    dataset = ll_dataset_load_builtin (error);
  if (dataset == NULL)
    return NULL;
  /* Consumed: a two-class set is the task itself, its pixels not copied. */
  return ll_dataset_into_binary (g_steal_pointer (&dataset), classes, error);
}

int
ll_cli_fail_task (const GError *error)
{
  if (g_error_matches (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NO_BUILTIN))
    return ll_cli_fail (_("no built-in dataset in this build (%s); give one with --dataset PATH"),
                        error->message);
  return ll_cli_fail ("%s", error->message);
}

gboolean
ll_cli_parse_number (const char  *option,
                     const char  *text,
                     double      *out,
                     GError     **error)
{
  char *end = NULL;
  double value;

  if (text[0] != '\0' && !g_ascii_isspace (text[0]))
    {
      value = g_ascii_strtod (text, &end);
      if (end != text && *end == '\0' && isfinite (value))
        {
          *out = value;
          return TRUE;
        }
    }
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("%s: '%s' is not a finite number"), option, text);
  return FALSE;
}

GArray *
ll_cli_parse_number_list (const char  *option,
                          const char  *text,
                          GError     **error)
{
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr (GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      double value;

      g_strstrip (parts[i]);
      if (!ll_cli_parse_number (option, parts[i], &value, error))
        return NULL;
      g_array_append_val (values, value);
    }
  if (values->len == 0)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: give at least one number"), option);
      return NULL;
    }
  return g_steal_pointer (&values);
}

gboolean
ll_cli_check_initial_w (const GArray     *initial_w,
                        const LlDataset  *task)
{
  if (initial_w == NULL || initial_w->len == task->n_features)
    return TRUE;
  ll_cli_fail (_("--initial-w: %u numbers given, but %s has %zu features"),
               initial_w->len, task->name, task->n_features);
  return FALSE;
}
