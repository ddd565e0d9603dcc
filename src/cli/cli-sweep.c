/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-sweep.c: `logistic-lab sweep`: many log-spaced learning rates for the
 * same iterations, one row per rate, and the largest rate that is stable at
 * the start, 2 / L (issue 17). */
#include "config.h"

#include "cli-private.h"
#include "cli-progress.h"
#include "json-writer.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/train/curvature.h"
#include "core/train/sweep.h"

#define MAX_ITERATIONS 100000000u
#define MAX_RATES 10000u

typedef struct {
  LlCliDatasetOptions data;
  double from;
  double to;
  guint count;
  guint iterations;
  gboolean json;
  gboolean quiet;
} SweepOptions;

static void
sweep_options_clear (SweepOptions *options)
{
  ll_cli_dataset_options_clear (&options->data);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SweepOptions, sweep_options_clear)

static gboolean
parse_from (const char *option, const char *value, gpointer data, GError **error)
{
  return ll_cli_parse_positive_double (option, value, &((SweepOptions *) data)->from, error);
}

static gboolean
parse_to (const char *option, const char *value, gpointer data, GError **error)
{
  return ll_cli_parse_positive_double (option, value, &((SweepOptions *) data)->to, error);
}

static gboolean
parse_count (const char *option, const char *value, gpointer data, GError **error)
{
  return ll_cli_parse_count (option, value, 1, MAX_RATES, &((SweepOptions *) data)->count, error);
}

static gboolean
parse_iterations (const char *option, const char *value, gpointer data, GError **error)
{
  return ll_cli_parse_count (option, value, 1, MAX_ITERATIONS,
                             &((SweepOptions *) data)->iterations, error);
}

static GOptionContext *
sweep_option_context (SweepOptions *options)
{
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_from,
      N_("The smallest learning rate (default: 1e-5)"), N_("RATE") },
    { "to", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_to,
      N_("The largest learning rate (default: 10)"), N_("RATE") },
    { "count", 'n', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_count,
      N_("How many rates, log-spaced from --from to --to (default: 40)"), N_("N") },
    { "iterations", 'i', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_iterations,
      N_("Gradient-descent iterations for each rate (default: 2000)"), N_("N") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print one JSON document instead of text"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options->quiet,
      N_("No progress line on the terminal while training"), NULL },
    { NULL }
  };

  return ll_cli_command_context ("sweep", entries, options, &options->data,
    _("Trains one model for each of --count learning rates, log-spaced from --from\n"
      "to --to, and prints each rate’s final cost, accuracies and whether it diverged\n"
      "(final cost not finite or above twice the starting cost ln 2), and the largest\n"
      "learning rate that is stable at the start, 2/L (L: the largest eigenvalue of\n"
      "the cost’s Hessian at w = 0, b = 0)."));
}

/* Called after each batch of rates: the progress line. */
static gboolean
show_progress (const LlSweepResult *results, guint done, guint n_total, gpointer user_data)
{
  ll_cli_progress_update (user_data, done);
  return TRUE;
}

static void
append_formatted (GString *text, const char *format, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (text, g_ascii_formatd (buffer, sizeof buffer, format, value));
}

static char *
format_text (const GArray *results, double critical)
{
  GString *text = g_string_new (NULL);

  /* Translators: the column heads of `logistic-lab sweep`; keep them tab-separated */
  g_string_append_printf (text, "%s\n", _("learning rate\tcost\ttrain accuracy\ttest accuracy\tdiverged"));
  for (guint i = 0; i < results->len; i++)
    {
      const LlSweepResult *r = &g_array_index (results, LlSweepResult, i);
      char rate[LL_SHORTEST_DOUBLE_BUF_SIZE];

      g_string_append_printf (text, "%s\t", ll_format_shortest_double (r->learning_rate, rate));
      append_formatted (text, "%.6g", r->cost);
      g_string_append_c (text, '\t');
      append_formatted (text, "%.2f", r->train_accuracy);
      g_string_append_c (text, '\t');
      if (isfinite (r->test_accuracy))
        append_formatted (text, "%.2f", r->test_accuracy);
      else
        g_string_append_c (text, '-');
      g_string_append_printf (text, "\t%s\n", r->diverged ? _("yes") : _("no"));
    }
  g_string_append_printf (text, "%s ", _("Largest stable learning rate at the start (2/L):"));
  append_formatted (text, "%.6g", critical);
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

static char *
format_json (const LlDataset *task, const GArray *results, double critical, guint iterations)
{
  g_autoptr (LlJsonWriter) json = ll_json_writer_new ();

  ll_json_writer_begin_object (json);
  ll_json_writer_key (json, "dataset");
  ll_json_writer_string (json, task->name);
  ll_json_writer_key (json, "iterations");
  ll_json_writer_int (json, iterations);
  ll_json_writer_key (json, "critical_learning_rate");
  ll_json_writer_double (json, critical);
  ll_json_writer_key (json, "rates");
  ll_json_writer_begin_array (json);
  for (guint i = 0; i < results->len; i++)
    {
      const LlSweepResult *r = &g_array_index (results, LlSweepResult, i);

      ll_json_writer_begin_object (json);
      ll_json_writer_key (json, "learning_rate");
      ll_json_writer_double (json, r->learning_rate);
      ll_json_writer_key (json, "cost");
      ll_json_writer_double (json, r->cost);
      ll_json_writer_key (json, "train_accuracy");
      ll_json_writer_double (json, r->train_accuracy);
      ll_json_writer_key (json, "test_accuracy");
      ll_json_writer_double (json, r->test_accuracy);
      ll_json_writer_key (json, "diverged");
      ll_json_writer_boolean (json, r->diverged);
      ll_json_writer_end_object (json);
    }
  ll_json_writer_end_array (json);
  ll_json_writer_end_object (json);
  return ll_json_writer_finish (json);
}

int
ll_cli_sweep (int argc, char **argv)
{
  g_auto (SweepOptions) options = { .from = 1e-5, .to = 10, .count = 40, .iterations = 2000 };
  g_autoptr (GOptionContext) context = sweep_option_context (&options);
  g_auto (GStrv) positional = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) task = NULL;
  g_autoptr (GArray) results = NULL;
  g_autofree char *output = NULL;
  LlTrainData data;
  LlSweepParams params;
  LlCliProgress *progress;
  double critical;

  positional = ll_cli_parse_options (context, argc, argv);
  if (positional == NULL)
    return LL_CLI_EXIT_BAD_INPUT;
  if (positional[0] != NULL)
    return ll_cli_fail (_("sweep: unexpected argument '%s' (the dataset goes after --dataset)"),
                        positional[0]);
  if (options.to < options.from)
    return ll_cli_fail (_("--to must not be less than --from"));

  task = ll_cli_dataset_options_check (&options.data, &error)
         ? ll_cli_load_dataset_task (&options.data, NULL, NULL, &error) : NULL;
  if (task == NULL)
    return ll_cli_fail_task (error);
  data = ll_train_data_from_pixels (task);
  critical = ll_critical_learning_rate (ll_curvature_at_zero (&data, 0, &error));
  if (error != NULL)
    return ll_cli_fail ("%s", error->message);

  params = (LlSweepParams) {
    .from = options.from,
    .to = options.to,
    .count = options.count,
    .iterations = options.iterations,
  };
  /* On a terminal the rates train in batches (of 8) so that the progress
   * line moves; otherwise all in one job, which is a little faster. */
  progress = ll_cli_progress_start (LL_CLI_PROGRESS_LEARNING_RATES, options.count, options.quiet);
  if (progress != NULL)
    ll_cli_progress_update (progress, 0);
  results = ll_sweep (&data, &params, progress != NULL ? show_progress : NULL, progress, &error);
  ll_cli_progress_finish (progress);
  if (results == NULL)
    {
      ll_cli_fail ("%s", error->message);
      return g_error_matches (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_NO_MEMORY)
             ? LL_CLI_EXIT_FAILURE : LL_CLI_EXIT_BAD_INPUT;
    }
  output = options.json ? format_json (task, results, critical, options.iterations)
                        : format_text (results, critical);
  ll_cli_print (output);
  return LL_CLI_EXIT_OK;
}
