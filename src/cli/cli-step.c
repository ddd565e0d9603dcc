/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-step.c: `logistic-lab step`: one gradient-descent step over all
 * training examples with every number of the chain, to check by hand or
 * against numpy (issue 20). */
#include "config.h"

#include "cli-private.h"
#include "json-writer.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/train/step.h"

#define MAX_ITERATIONS 100000000u

typedef struct {
  LlCliDatasetOptions data;
  GArray *initial_w;
  double initial_b;
  double learning_rate;
  guint iterations;
  gboolean json;
} StepOptions;

static void
step_options_clear (StepOptions *options)
{
  ll_cli_dataset_options_clear (&options->data);
  g_clear_pointer (&options->initial_w, g_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StepOptions, step_options_clear)

static gboolean
parse_initial_w (const char *option, const char *value, gpointer data, GError **error)
{
  StepOptions *options = data;
  GArray *values = ll_cli_parse_number_list (option, value, error);

  if (values == NULL)
    return FALSE;
  g_clear_pointer (&options->initial_w, g_array_unref);
  options->initial_w = values;
  return TRUE;
}

static gboolean
parse_initial_b (const char *option, const char *value, gpointer data, GError **error)
{
  return ll_cli_parse_number (option, value, &((StepOptions *) data)->initial_b, error);
}

static gboolean
parse_learning_rate (const char *option, const char *value, gpointer data, GError **error)
{
  return ll_cli_parse_positive_double (option, value, &((StepOptions *) data)->learning_rate, error);
}

static gboolean
parse_iterations (const char *option, const char *value, gpointer data, GError **error)
{
  return ll_cli_parse_count (option, value, 0, MAX_ITERATIONS,
                             &((StepOptions *) data)->iterations, error);
}

static GOptionContext *
step_option_context (StepOptions *options)
{
  const GOptionEntry entries[] = {
    { "initial-w", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_initial_w,
      N_("The starting weights, one per feature (default: zeros)"), N_("W1,W2,…") },
    { "initial-b", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_initial_b,
      N_("The starting bias (default: 0)"), N_("B") },
    { "learning-rate", 'l', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_learning_rate,
      N_("The learning rate (needed)"), N_("RATE") },
    { "iterations", 'i', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_iterations,
      N_("Show the step after this many updates (default: 0, the first step)"), N_("K") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print one JSON document instead of text"), NULL },
    { NULL }
  };

  return ll_cli_command_context ("step", entries, options, &options->data,
    _("Makes --iterations gradient-descent updates from the initial w and b, then\n"
      "prints the next step over all training examples: z = w·x + b, a = sigmoid(z),\n"
      "the cost, dz = a − y, dw = X dzᵀ / m, db = mean(dz), and w and b after the\n"
      "update, every number to full precision (it reads back to the same double)."));
}

static void
json_array (LlJsonWriter *json, const char *key, const double *values, gsize count)
{
  ll_json_writer_key (json, key);
  ll_json_writer_begin_array (json);
  for (gsize i = 0; i < count; i++)
    ll_json_writer_double (json, values[i]);
  ll_json_writer_end_array (json);
}

static void
json_number (LlJsonWriter *json, const char *key, double value)
{
  ll_json_writer_key (json, key);
  ll_json_writer_double (json, value);
}

static char *
format_json (const LlStep *step)
{
  g_autoptr (LlJsonWriter) json = ll_json_writer_new ();

  ll_json_writer_begin_object (json);
  ll_json_writer_key (json, "iteration");
  ll_json_writer_int (json, step->iteration);
  json_number (json, "learning_rate", step->learning_rate);
  json_array (json, "w_start", step->w, step->n_features);
  json_number (json, "b_start", step->b);
  json_array (json, "z", step->z, step->m);
  json_array (json, "a", step->a, step->m);
  json_number (json, "cost", step->cost);
  json_array (json, "dz", step->dz, step->m);
  json_array (json, "dw", step->dw, step->n_features);
  json_number (json, "db", step->db);
  json_array (json, "w", step->w_next, step->n_features);
  json_number (json, "b", step->b_next);
  ll_json_writer_end_object (json);
  return ll_json_writer_finish (json);
}

static void
text_array (GString *text, const char *name, const double *values, gsize count)
{
  g_string_append_printf (text, "%s = [", name);
  for (gsize i = 0; i < count; i++)
    {
      char buffer[LL_SHORTEST_DOUBLE_BUF_SIZE];

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "",
                              ll_format_shortest_double (values[i], buffer));
    }
  g_string_append (text, "]\n");
}

static void
text_number (GString *text, const char *name, double value)
{
  char buffer[LL_SHORTEST_DOUBLE_BUF_SIZE];

  g_string_append_printf (text, "%s = %s\n", name, ll_format_shortest_double (value, buffer));
}

static char *
format_text (const LlStep *step)
{
  GString *text = g_string_new (NULL);

  g_string_append_printf (text, "iteration = %u\n", step->iteration);
  text_number (text, "learning_rate", step->learning_rate);
  text_array (text, "w_start", step->w, step->n_features);
  text_number (text, "b_start", step->b);
  text_array (text, "z", step->z, step->m);
  text_array (text, "a", step->a, step->m);
  text_number (text, "cost", step->cost);
  text_array (text, "dz", step->dz, step->m);
  text_array (text, "dw", step->dw, step->n_features);
  text_number (text, "db", step->db);
  text_array (text, "w", step->w_next, step->n_features);
  text_number (text, "b", step->b_next);
  return g_string_free (text, FALSE);
}

int
ll_cli_step (int argc, char **argv)
{
  g_auto (StepOptions) options = { .learning_rate = 0 };
  g_autoptr (GOptionContext) context = step_option_context (&options);
  g_auto (GStrv) positional = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) task = NULL;
  g_autoptr (LlStep) step = NULL;
  g_autofree char *output = NULL;
  LlTrainData data;

  positional = ll_cli_parse_options (context, argc, argv);
  if (positional == NULL)
    return LL_CLI_EXIT_BAD_INPUT;
  if (positional[0] != NULL)
    return ll_cli_fail (_("step: unexpected argument '%s' (the dataset goes after --dataset)"),
                        positional[0]);
  if (options.learning_rate == 0)
    return ll_cli_fail (_("step: --learning-rate is needed"));

  task = ll_cli_dataset_options_check (&options.data, &error)
         ? ll_cli_load_dataset_task (&options.data, NULL, NULL, &error) : NULL;
  if (task == NULL)
    return ll_cli_fail_task (error);
  if (!ll_cli_check_initial_w (options.initial_w, task))
    return LL_CLI_EXIT_BAD_INPUT;
  data = ll_train_data_from_pixels (task);
  step = ll_step_compute (&data,
                          options.initial_w != NULL ? (const double *) options.initial_w->data : NULL,
                          options.initial_b, options.learning_rate, options.iterations, &error);
  if (step == NULL)
    return ll_cli_fail ("%s", error->message);
  output = options.json ? format_json (step) : format_text (step);
  ll_cli_print (output);
  return LL_CLI_EXIT_OK;
}
