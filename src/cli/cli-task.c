/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-task.c: what the training subcommands share: the binary task from
 * --dataset and --classes, and option values that may be any number. */
#include "config.h"

#include "cli-private.h"

#include <glib/gi18n.h>
#include <math.h>

#include "cli.h"
#include "core/data/helper-program.h"
#include "core/io/text-escape.h"
#include "session/ll-run-config.h"

void
ll_cli_dataset_options_clear (LlCliDatasetOptions *options)
{
  g_clear_pointer (&options->dataset, g_free);
  g_clear_pointer (&options->classes, g_free);
  g_clear_pointer (&options->label, g_free);
  g_clear_pointer (&options->test_file, g_free);
  g_clear_pointer (&options->test_fraction_text, g_free);
  g_clear_pointer (&options->image_size_text, g_free);
  g_clear_pointer (&options->scaling_text, g_free);
}

void
ll_cli_dataset_add_entries (GOptionGroup        *group,
                            LlCliDatasetOptions *options)
{
  /* Plain values, parsed by ll_cli_dataset_options_check: a callback would
   * get the subcommand's group data, not OPTIONS. */
  const GOptionEntry entries[] = {
    { "dataset", 'd', 0, G_OPTION_ARG_FILENAME, &options->dataset,
      N_("The dataset: a folder with the course’s .h5 pair, MNIST-style IDX files or train/ and test/ "
         "image folders; a CSV or TSV table (.csv, .tsv, also .gz); or builtin:fashion, builtin:digits, "
         "builtin:exams, builtin:propagate (default: builtin:fashion)"),
      N_("PATH") },
    /* Bytes, checked in ll_cli_dataset_options_check: GOption's own UTF-8
     * error names neither the option nor the value. */
    { "classes", 'c', 0, G_OPTION_ARG_FILENAME, &options->classes,
      N_("The binary task: POS against NEG, or against all others; names or indices"),
      N_("POS[,NEG]") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &options->label,
      N_("Tables: the label column, by header name or number from 1 (default: the last)"),
      N_("COLUMN") },
    { "test-file", 0, 0, G_OPTION_ARG_FILENAME, &options->test_file,
      N_("Tables: a separate test table (default: a share split off the dataset)"), N_("PATH") },
    { "test-fraction", 0, 0, G_OPTION_ARG_STRING, &options->test_fraction_text,
      N_("Tables: the share of each class set aside for testing, by a fixed seed (default: 0.2)"),
      N_("F") },
    { "image-size", 0, 0, G_OPTION_ARG_STRING, &options->image_size_text,
      N_("Bring image-folder datasets to this size (default: the first image’s)"), N_("WxH") },
    { "scaling", 0, 0, G_OPTION_ARG_STRING, &options->scaling_text,
      N_("Feature scaling: none, max (the data’s largest value), max:VALUE, or standardize (by the "
         "training mean and standard deviation); default: max:255 for images, standardize for tables"),
      N_("HOW") },
    { NULL }
  };

  g_option_group_add_entries (group, entries);
}

GOptionContext *
ll_cli_command_context (const char          *name,
                        const GOptionEntry  *entries,
                        gpointer             options,
                        LlCliDatasetOptions *data,
                        const char          *summary)
{
  GOptionContext *context = g_option_context_new (NULL);
  GOptionGroup *group = g_option_group_new (name, NULL, NULL, options, NULL);

  if (data != NULL)
    ll_cli_dataset_add_entries (group, data);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_set_description (context, ll_cli_exit_status_help ());
  return context;
}

gboolean
ll_cli_dataset_options_check (LlCliDatasetOptions *options,
                              GError             **error)
{
  options->test_fraction = LL_DATASET_DEFAULT_TEST_FRACTION;
  options->scaling = (LlScalingSpec) { LL_SCALING_DEFAULT, 0 };
  if (options->classes != NULL && !g_utf8_validate (options->classes, -1, NULL))
    {
      g_autofree char *shown = ll_text_escape_controls (options->classes);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--classes: '%s' is not valid UTF-8 text"), shown);
      return FALSE;
    }
  if (options->scaling_text != NULL && !ll_scaling_spec_parse (options->scaling_text, &options->scaling, error))
    {
      g_prefix_error (error, "--scaling: ");
      return FALSE;
    }
  if (options->test_fraction_text != NULL)
    {
      const char *text = options->test_fraction_text;
      char *end = NULL;
      double fraction = g_ascii_strtod (text, &end);

      if (end == text || *end != '\0' || !(fraction >= 0 && fraction < 1))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--test-fraction: '%s' is not a number from 0 up to (not including) 1"), text);
          return FALSE;
        }
      options->test_fraction = fraction;
    }
  if (options->image_size_text != NULL &&
      !ll_cli_parse_size ("--image-size", options->image_size_text, &options->image_width,
                          &options->image_height, error))
    return FALSE;
  return TRUE;
}

LlDataset *
ll_cli_load_dataset_task (const LlCliDatasetOptions *options,
                          LlScaling                **scaling_out,
                          char                     **warning,
                          GError                   **error)
{
  g_autoptr (LlScaling) scaling = NULL;
  const LlDatasetOptions load = {
    .image_width = options->image_width,
    .image_height = options->image_height,
    .label_column = options->label,
    .test_path = options->test_file,
    .test_fraction = options->test_fraction,
    /* Made the task below: Fashion-MNIST's other eight classes are never kept. */
    .for_task = TRUE,
    .task_classes = options->classes,
  };
  g_autoptr (LlDataset) dataset = NULL;

  if (options->dataset != NULL)
    dataset = ll_dataset_load_with_options (options->dataset, &load, error);
  else
    dataset = ll_dataset_load_builtin (error);
  if (dataset == NULL)
    return NULL;
  /* Consumed: a two-class set is the task itself, its pixels not copied. */
  dataset = ll_dataset_into_binary (g_steal_pointer (&dataset), options->classes, error);
  if (dataset == NULL)
    return NULL;
  /* Fitted on the task's own training split; the check reads the raw values. */
  scaling = ll_scaling_fit (&options->scaling, dataset);
  if (warning != NULL)
    *warning = ll_scaling_check (scaling, dataset);
  dataset = ll_dataset_scale (g_steal_pointer (&dataset), scaling);
  if (scaling_out != NULL)
    *scaling_out = g_steal_pointer (&scaling);
  return g_steal_pointer (&dataset);
}

int
ll_cli_fail_task (const GError *error)
{
  if (g_error_matches (error, LL_PROGRAM_ERROR, LL_PROGRAM_ERROR_ELSEWHERE))
    return LL_CLI_RUN_ELSEWHERE;
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
  if (ll_run_config_parse_number (text, out, error))
    return TRUE;
  g_prefix_error (error, "%s: ", option);
  return FALSE;
}

GArray *
ll_cli_parse_number_list (const char  *option,
                          const char  *text,
                          GError     **error)
{
  /* The app's sidebar reads the initial w the same way. */
  GArray *values = ll_run_config_parse_numbers (text, error);

  if (values == NULL)
    g_prefix_error (error, "%s: ", option);
  return values;
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
