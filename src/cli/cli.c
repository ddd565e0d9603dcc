/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c: `logistic-lab train|classify`, the dispatch and what both share:
 * one-line errors, strict option values, unconverted UTF-8 output. */
#include "config.h"

#include "cli.h"
#include "cli-private.h"
#include "session/ll-run-config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/locale-dir.h"
#include "core/data/image.h"
#include "core/io/text-escape.h"

static void
print_usage (void)
{
  g_autoptr (GString) text = g_string_new (NULL);

  g_string_append_printf (text, "%s\n", _("Usage:"));
  g_string_append_printf (text, "  logistic-lab                 %s\n",
                          _("open the window"));
  /* Translators: keep the command and the option names and the columns; the
   * words in capitals are placeholders, as in the options' --help */
  g_string_append_printf (text, _("  logistic-lab IMAGE…          %s\n"),
                          _("open the window and classify the images"));
  g_string_append (text, _("  logistic-lab train [--dataset PATH] [--classes POS[,NEG]]\n"
                           "                     [--learning-rates 0.5,0.1,0.01] [--iterations 2000]\n"
                           "                     [--record-every 100] [--image-size WxH]\n"
                           "                     [--export FILE.npz] [--plot FILE.png|svg|pdf]\n"
                           "                     [--plot-size WxH] [--plot-log-scale] [--json] [--quiet]\n"));
  g_string_append (text, _("  logistic-lab classify [--weights] FILE.npz [--image-size WxH]\n"
                           "                     [--classes POS[,NEG]] [--json] IMAGE…|ROWS.csv|-\n"));
  g_string_append (text, _("  logistic-lab sweep [--dataset PATH] [--from 1e-5] [--to 10] [--count 40]\n"
                           "                     [--iterations 2000] [--json] [--quiet]\n"
                           "  logistic-lab landscape [--dataset PATH] [--learning-rates 0.5,0.1,0.01]\n"
                           "                     [--iterations 2000] --output FILE.npz [--quiet]\n"
                           "  logistic-lab step [--dataset PATH] [--initial-w W1,W2,… --initial-b B]\n"
                           "                     --learning-rate RATE [--iterations K] [--json]\n"));
  g_string_append (text, "  logistic-lab --version\n\n");
  g_string_append_printf (text, "%s\n",
                          _("Run “logistic-lab COMMAND --help” or “man logistic-lab” for details."));
  g_string_append_printf (text, "%s\n", ll_cli_exit_status_help ());
  ll_cli_print (text->str);
}

int
ll_cli_main (int argc, char **argv)
{
  const char *command = argv[1];

  ll_cli_output_begin ();
  /* The build tree's translations when run from there (the launcher binds
   * the installed ones). */
  ll_bind_text_domain ();
  if (strcmp (command, "--version") == 0)
    {
      ll_cli_print ("logistic-lab " PACKAGE_VERSION "\n");
      return LL_CLI_EXIT_OK;
    }
  if (strcmp (command, "--help") == 0 || strcmp (command, "-h") == 0)
    {
      print_usage ();
      return LL_CLI_EXIT_OK;
    }

  /* GOptionContext's --help prints "Usage: <prgname> [OPTION…]". */
  g_autofree char *prgname = g_strconcat ("logistic-lab ", command, NULL);
  g_set_prgname (prgname);

  if (strcmp (command, "train") == 0)
    return ll_cli_train (argc - 1, argv + 1);
  if (strcmp (command, "classify") == 0)
    return ll_cli_classify (argc - 1, argv + 1);
  if (strcmp (command, "sweep") == 0)
    return ll_cli_sweep (argc - 1, argv + 1);
  if (strcmp (command, "landscape") == 0)
    return ll_cli_landscape (argc - 1, argv + 1);
  if (strcmp (command, "step") == 0)
    return ll_cli_step (argc - 1, argv + 1);
  return ll_cli_fail (_("unknown command “%s”; try --help"), command);
}

const char *
ll_cli_exit_status_help (void)
{
  return _("Exit status: 0 on success; 1 on a failure that is not the input’s (out of\n"
           "memory, output that cannot be written); 2 on a bad file or argument (one\n"
           "line on stderr naming it, nothing on stdout).");
}

int
ll_cli_fail (const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* One line, whatever the message holds, and no control characters from
   * file names or contents (ESC sequences would act on the terminal). */
  g_strdelimit (message, "\r\n", ' ');
  g_autofree char *shown = ll_text_escape_controls (message);
  fflush (stdout);
  fprintf (stderr, "logistic-lab: %s\n", shown);
  fflush (stderr);
  return LL_CLI_EXIT_BAD_INPUT;
}

GStrv
ll_cli_parse_options (GOptionContext *context, int argc, char **argv)
{
  g_autoptr (GError) error = NULL;
  /* A copy: the parser rearranges the vector it is given. */
  g_auto (GStrv) args = g_new0 (char *, argc + 1);

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, &error))
    {
      ll_cli_fail ("%s", error->message);
      return NULL;
    }

  /* args[0] is the subcommand; the rest are positional. */
  GStrvBuilder *builder = g_strv_builder_new ();
  for (int i = 1; args[i] != NULL; i++)
    g_strv_builder_add (builder, args[i]);
  GStrv positional = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return positional;
}

static gboolean
fail_value (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail_value (GError **error, const char *format, ...)
{
  va_list args;

  va_start (args, format);
  g_autofree char *message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return FALSE;
}

gboolean
ll_cli_parse_positive_double (const char *option, const char *text, double *out, GError **error)
{
  char *end = NULL;
  double value;

  /* g_ascii_strtod alone would take "nan", "inf", " 1" and "1abc". */
  if (text[0] == '\0' || g_ascii_isspace (text[0]))
    return fail_value (error, _("%s: '%s' is not a positive number"), option, text);
  value = g_ascii_strtod (text, &end);
  if (end == text || *end != '\0' || !isfinite (value) || value <= 0)
    return fail_value (error, _("%s: '%s' is not a positive number"), option, text);
  *out = value;
  return TRUE;
}

GArray *
ll_cli_parse_positive_list (const char *option, const char *text, GError **error)
{
  g_autoptr (GError) local_error = NULL;
  GArray *values = ll_run_config_parse_rates (text, &local_error);

  /* One parser for the app and the command line; the option named as in
   * every CLI error. */
  if (values == NULL)
    fail_value (error, "%s: %s", option, local_error->message);
  return values;
}

gboolean
ll_cli_parse_count (const char *option, const char *text,
                    guint minimum, guint maximum, guint *out, GError **error)
{
  gint64 value;
  const char *digits = text[0] == '-' || text[0] == '+' ? text + 1 : text;

  if (digits[0] == '\0')
    return fail_value (error, _("%s: '%s' is not a whole number"), option, text);
  for (const char *p = digits; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      return fail_value (error, _("%s: '%s' is not a whole number"), option, text);

  /* Saturate long digit strings instead of overflowing. */
  value = strlen (digits) > 12 ? G_MAXINT64 / 2 : g_ascii_strtoll (digits, NULL, 10);
  if (text[0] == '-')
    value = -value;
  if (value < minimum)
    return fail_value (error, _("%s: '%s' is less than %u"), option, text, minimum);
  if (value > maximum)
    return fail_value (error, _("%s: '%s' is more than %u"), option, text, maximum);
  *out = (guint) value;
  return TRUE;
}

gboolean
ll_cli_parse_size (const char *option, const char *text,
                   guint *width, guint *height, GError **error)
{
  g_auto (GStrv) sides = g_strsplit_set (text, "xX", -1);
  guint values[2];

  if (g_strv_length (sides) != 2)
    return fail_value (error, _("%s: '%s' is not a size like 64x64"), option, text);
  for (guint i = 0; i < 2; i++)
    {
      gboolean digits_only = sides[i][0] != '\0' && strlen (sides[i]) < 10;

      for (const char *p = sides[i]; *p != '\0'; p++)
        digits_only = digits_only && g_ascii_isdigit (*p);
      if (!digits_only)
        return fail_value (error, _("%s: '%s' is not a size like 64x64"), option, text);
      values[i] = (guint) g_ascii_strtoull (sides[i], NULL, 10);
      if (values[i] < 1 || values[i] > LL_IMAGE_MAX_SIDE)
        return fail_value (error, _("%s: '%s': each side must be from 1 to %u"),
                           option, text, LL_IMAGE_MAX_SIDE);
    }
  *width = values[0];
  *height = values[1];
  return TRUE;
}
