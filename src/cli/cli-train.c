/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-train.c: `logistic-lab train`: load, pick the binary task, train every
 * learning rate in one job, print the seeds' text (or one JSON document),
 * and optionally export the weights and the cost plot.
 *
 * Everything that can fail runs before anything is printed, so a bad input
 * leaves stdout empty. */
#include "config.h"

#include "cli-private.h"
#include "cli-progress.h"
#include "json-writer.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/data/dataset.h"
#include "core/io/model-io.h"
#include "core/io/output-file.h"
#include "core/io/text-escape.h"
#include "core/train/curvature.h"
#include "core/train/trainer.h"
#include "plot/plot-render.h"

#define MAX_ITERATIONS 100000000u
/* Runs trained together. Each keeps its own columns of every buffer
 * (weights and gradients of n features, decisions and probabilities of m
 * images), so memory grows with the count: 64 runs on 200000 images (the
 * image-folder cap) hold about 200 MB of them. The window shows at most 8. */
#define MAX_LEARNING_RATES 64u
#define DEFAULT_PLOT_WIDTH 1280u
#define DEFAULT_PLOT_HEIGHT 720u
/* The plot's sides: within what ll_plot_export draws (16 to 16384), checked
 * when the option is read so no work is done for a plot that cannot be. */
#define MIN_PLOT_SIDE 16u
#define MAX_PLOT_SIDE 8192u

typedef struct {
  LlCliDatasetOptions data;
  GArray *learning_rates;
  guint iterations;
  guint record_every;
  char *export_path;
  char *plot_path;
  guint plot_width;
  guint plot_height;
  gboolean plot_log;
  gboolean json;
  gboolean quiet;
  GArray *initial_w;
  double initial_b;
  guint first_iterations;
} TrainOptions;

/* What the trainer tells of one run beyond its model (issue 17). */
typedef struct {
  GArray *test_costs;   /* double, one per record point */
  GArray *first_costs;  /* double, iterations 0, 1, ... below --first-iterations */
  guint rises;
  guint first_rise;
} RunTrace;

typedef struct {
  RunTrace *runs;
  guint n_runs;
  guint n_first;        /* min (--first-iterations, --iterations) */
  LlCliProgress *progress;  /* the progress line, or NULL */
} TrainTrace;

static void
train_trace_clear (TrainTrace *trace)
{
  for (guint i = 0; trace->runs != NULL && i < trace->n_runs; i++)
    {
      g_array_unref (trace->runs[i].test_costs);
      g_array_unref (trace->runs[i].first_costs);
    }
  g_clear_pointer (&trace->runs, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TrainTrace, train_trace_clear)

static void
train_options_clear (TrainOptions *options)
{
  ll_cli_dataset_options_clear (&options->data);
  g_clear_pointer (&options->learning_rates, g_array_unref);
  g_free (options->export_path);
  g_free (options->plot_path);
  g_clear_pointer (&options->initial_w, g_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TrainOptions, train_options_clear)

static gboolean
parse_learning_rates (const char *option, const char *value, gpointer data, GError **error)
{
  TrainOptions *options = data;
  GArray *rates = ll_cli_parse_positive_list (option, value, error);

  if (rates == NULL)
    return FALSE;
  if (rates->len > MAX_LEARNING_RATES)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: %u learning rates given; at most %u are trained together "
                     "(each keeps its own weights and buffers)"),
                   option, rates->len, MAX_LEARNING_RATES);
      g_array_unref (rates);
      return FALSE;
    }
  g_clear_pointer (&options->learning_rates, g_array_unref);
  options->learning_rates = rates;
  return TRUE;
}

static gboolean
parse_initial_w (const char *option, const char *value, gpointer data, GError **error)
{
  TrainOptions *options = data;
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
  return ll_cli_parse_number (option, value, &((TrainOptions *) data)->initial_b, error);
}

static gboolean
parse_iterations (const char *option, const char *value, gpointer data, GError **error)
{
  TrainOptions *options = data;

  return ll_cli_parse_count (option, value, 1, MAX_ITERATIONS, &options->iterations, error);
}

static gboolean
parse_first_iterations (const char *option, const char *value, gpointer data, GError **error)
{
  TrainOptions *options = data;

  return ll_cli_parse_count (option, value, 0, MAX_ITERATIONS, &options->first_iterations, error);
}

static gboolean
parse_record_every (const char *option, const char *value, gpointer data, GError **error)
{
  TrainOptions *options = data;

  return ll_cli_parse_count (option, value, 1, G_MAXUINT, &options->record_every, error);
}

static gboolean
parse_plot_size (const char *option, const char *value, gpointer data, GError **error)
{
  TrainOptions *options = data;
  guint width, height;

  if (!ll_cli_parse_size (option, value, &width, &height, error))
    return FALSE;
  if (width < MIN_PLOT_SIDE || height < MIN_PLOT_SIDE || width > MAX_PLOT_SIDE
      || height > MAX_PLOT_SIDE)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: '%s': each side must be from %u to %u"),
                   option, value, MIN_PLOT_SIDE, MAX_PLOT_SIDE);
      return FALSE;
    }
  options->plot_width = width;
  options->plot_height = height;
  return TRUE;
}

static GOptionContext *
train_option_context (TrainOptions *options)
{
  const GOptionEntry entries[] = {
    { "learning-rates", 'l', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_learning_rates,
      N_("Learning rates, trained together, at most 64 (default: 0.5,0.1,0.01)"), N_("RATE,…") },
    { "iterations", 'i', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_iterations,
      N_("Gradient-descent iterations (default: 2000)"), N_("N") },
    { "record-every", 'r', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_record_every,
      N_("Record the cost every N iterations (default: 100)"), N_("N") },
    { "first-iterations", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_first_iterations,
      N_("Also give the cost of every one of the first N iterations (default: 0)"), N_("N") },
    { "export", 'e', 0, G_OPTION_ARG_FILENAME, &options->export_path,
      N_("Save the trained weights as a NumPy .npz (“-”: standard output, the report then goes to stderr)"), N_("FILE.npz") },
    { "plot", 'p', 0, G_OPTION_ARG_FILENAME, &options->plot_path,
      N_("Save the cost plot as PNG, SVG or PDF (by extension), 1280x720 unless --plot-size"),
      N_("FILE") },
    { "plot-size", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_plot_size,
      N_("Size of the --plot image (default: 1280x720)"), N_("WxH") },
    { "plot-log-scale", 0, 0, G_OPTION_ARG_NONE, &options->plot_log,
      N_("Draw the --plot cost axis on a log scale"), NULL },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print one JSON document instead of text"), NULL },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options->quiet,
      N_("No progress line on the terminal while training"), NULL },
    { "initial-w", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_initial_w,
      N_("The starting weights, one per feature (default: zeros)"), N_("W1,W2,…") },
    { "initial-b", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_initial_b,
      N_("The starting bias (default: 0)"), N_("B") },
    { NULL }
  };

  return ll_cli_command_context ("train", entries, options, &options->data,
    _("Trains logistic regression by batch gradient descent for each learning rate\n"
      "and prints the cost every --record-every iterations and the accuracies."));
}

static gboolean
has_extension (const char *path, const char *const *extensions)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (gsize i = 0; extensions[i] != NULL; i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

/* OPTION's target can be written (see output-file.h), or one line and FALSE. */
static gboolean
check_target (const char *option, const char *path, LlOutputKind *kind)
{
  g_autoptr (GError) error = NULL;

  if (ll_output_check (path, kind, &error))
    return TRUE;
  ll_cli_fail ("%s: %s", option, error->message);
  return FALSE;
}

/* Checks what the option callbacks cannot: paths and their kinds. */
static gboolean
check_paths (const TrainOptions *options)
{
  LlOutputKind export_kind = LL_OUTPUT_REPLACE;

  if (options->data.dataset != NULL && options->data.dataset[0] == '\0')
    {
      ll_cli_fail (_("--dataset: the path is empty"));
      return FALSE;
    }
  if (options->export_path != NULL && options->export_path[0] == '\0')
    {
      ll_cli_fail (_("--export: the file name is empty"));
      return FALSE;
    }
  /* A file made or replaced must say what it is; a device or FIFO is the
   * user's stream. */
  if (options->export_path != NULL
      && !check_target ("--export", options->export_path, &export_kind))
    return FALSE;
  if (options->export_path != NULL && export_kind == LL_OUTPUT_REPLACE
      && !has_extension (options->export_path, (const char *const[]) { ".npz", NULL }))
    {
      g_autofree char *shown = g_filename_display_name (options->export_path);

      ll_cli_fail (_("--export: '%s' does not end in .npz"), shown);
      return FALSE;
    }
  if (options->plot_path != NULL
      && !has_extension (options->plot_path, (const char *const[]) { ".png", ".svg", ".pdf", NULL }))
    {
      g_autofree char *shown = g_filename_display_name (options->plot_path);

      ll_cli_fail (_("--plot: '%s' does not end in .png, .svg or .pdf"), shown);
      return FALSE;
    }
  return TRUE;
}

/* Before any training: the targets can be written, at most one is standard
 * output, and none is a file the dataset was read from. *REPORT_TO_STDERR:
 * standard output carries a file, so the report goes to stderr. */
static gboolean
check_targets (const TrainOptions *options, const LlDataset *task, gboolean *report_to_stderr)
{
  const struct { const char *option; const char *path; } targets[] = {
    { "--export", options->export_path },
    { "--plot", options->plot_path },
  };
  guint to_stdout = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      LlOutputKind kind;
      const char *input = NULL;

      if (targets[i].path == NULL)
        continue;
      if (!check_target (targets[i].option, targets[i].path, &kind))
        return FALSE;
      to_stdout += kind == LL_OUTPUT_STDOUT;
      if (ll_output_is_one_of (targets[i].path, (const char *const *) task->input_files, &input))
        {
          g_autofree char *shown = g_filename_display_name (input);

          ll_cli_fail (_("%s: '%s' is a file of the dataset being read; choose another name"),
                       targets[i].option, shown);
          return FALSE;
        }
    }
  if (to_stdout > 1)
    {
      ll_cli_fail (_("--export and --plot cannot both write to standard output"));
      return FALSE;
    }
  *report_to_stderr = to_stdout > 0;
  return TRUE;
}

/* The binary task, scaled; a warning in words when the scaled features
 * are out of proportion (see ll_scaling_check). */
static LlDataset *
load_task (TrainOptions *options, LlScaling **scaling, char **warning, GError **error)
{
  if (!ll_cli_dataset_options_check (&options->data, error))
    return NULL;
  return ll_cli_load_dataset_task (&options->data, scaling, warning, error);
}

/* The trainer's attention callback (with ll_train's user data, the
 * trace): time to redraw the progress line. */
static gboolean
show_progress (guint iteration, gpointer user_data)
{
  TrainTrace *trace = user_data;

  ll_cli_progress_update (trace->progress, iteration);
  return TRUE;
}

/* The progress callback: keeps the test costs, the rises and the first
 * iterations' costs of each run. */
static gboolean
on_record (const LlProgress *runs, guint n_runs, gpointer user_data)
{
  TrainTrace *trace = user_data;

  for (guint j = 0; j < n_runs && j < trace->n_runs; j++)
    {
      const LlProgress *p = &runs[j];
      RunTrace *run = &trace->runs[j];

      g_array_append_vals (run->first_costs, p->dense_costs, p->n_dense_costs);
      if (p->iteration < trace->n_first)
        g_array_append_val (run->first_costs, p->cost);
      g_array_append_val (run->test_costs, p->test_cost);
      run->rises = p->rises;
      run->first_rise = p->first_rise;
    }
  return TRUE;
}

/* CURVATURE receives L at w = 0 (2 / L is the critical rate). */
static GPtrArray *
train_models (const LlDataset *task, const TrainOptions *options, TrainTrace *trace,
              double *curvature, GError **error)
{
  LlCliProgress *progress = ll_cli_progress_start (LL_CLI_PROGRESS_ITERATIONS, options->iterations,
                                                   options->quiet);
  /* The trainer reads the 8-bit pixels (features = pixel / 255) with all
   * cores: no float64 copy of the data is made. */
  const LlTrainData data = ll_train_data_from_pixels (task);
  const LlTrainParams params = {
    .learning_rates = (const double *) options->learning_rates->data,
    .n_rates = options->learning_rates->len,
    .iterations = options->iterations,
    .record_every = options->record_every,
    .form = LL_TRAINER_FORM_AUTO,
    .n_threads = 0,
    .attention = progress != NULL ? ll_cli_progress_flag (progress) : NULL,
    .on_attention = progress != NULL ? show_progress : NULL,
    /* The progress line may come a millisecond late. */
    .loose_attention = TRUE,
    .initial_w = options->initial_w != NULL ? (const double *) options->initial_w->data : NULL,
    .initial_b = options->initial_b,
    .dense_first_iterations = options->first_iterations,
    /* The text shows the test split's numbers only at the end: the dual
     * form then skips the test kernel. */
    .test_at_end_only = !options->json,
    /* From the dual form's own Gram matrix: not a second one. */
    .curvature_at_zero = curvature,
  };
  GPtrArray *models;

  trace->progress = progress;
  trace->n_runs = params.n_rates;
  trace->n_first = MIN (options->first_iterations, options->iterations);
  trace->runs = g_new0 (RunTrace, trace->n_runs);
  for (guint j = 0; j < trace->n_runs; j++)
    {
      trace->runs[j].test_costs = g_array_new (FALSE, FALSE, sizeof (double));
      trace->runs[j].first_costs = g_array_new (FALSE, FALSE, sizeof (double));
    }
  /* The progress line comes through the attention flag, raised a few
   * times a second; the record callback keeps the traces. */
  models = ll_train (&data, &params, on_record, trace, error);
  ll_cli_progress_finish (progress);

  /* The exported weights carry what a reader needs to use them. */
  for (guint i = 0; models != NULL && i < models->len; i++)
    {
      LlModel *model = g_ptr_array_index (models, i);

      /* A table of one row of columns has no image shape to write. */
      if (task->feature_names == NULL || task->height > 1)
        {
          model->height = task->height;
          model->width = task->width;
          model->channels = task->channels;
        }
      ll_model_set_class_names (model, task->class_names[0], task->class_names[1]);
    }
  return models;
}

static void
append_formatted (GString *text, int decimals, double value)
{
  char buffer[LL_FIXED_DOUBLE_BUF_SIZE];

  g_string_append (text, ll_format_fixed_double (value, decimals, buffer));
}

/* Whether the recorded curve itself goes up somewhere. */
static gboolean
recorded_curve_rises (const LlModel *model)
{
  for (gsize j = 1; j < model->n_costs; j++)
    if (model->costs[j].cost - model->costs[j - 1].cost
        > LL_TRAINER_RISE_TOLERANCE * fabs (model->costs[j - 1].cost))
      return TRUE;
  return FALSE;
}

/* The first iterations' costs, ten to a line. */
static void
append_first_costs (GString *text, const RunTrace *run)
{
  if (run->first_costs->len == 0)
    return;
  g_string_append_printf (text, _("Cost of each of the first %u iterations:"), run->first_costs->len);
  for (guint i = 0; i < run->first_costs->len; i++)
    {
      g_string_append (text, i % 10 == 0 ? "\n " : " ");
      append_formatted (text, 6, g_array_index (run->first_costs, double, i));
    }
  g_string_append_c (text, '\n');
}

/* What the record points hide: rises between them. */
static void
append_hidden_rises (GString *text, GPtrArray *models, const TrainTrace *trace)
{
  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);
      const RunTrace *run = &trace->runs[i];
      char rate[LL_SHORTEST_DOUBLE_BUF_SIZE];

      if (run->rises == 0 || recorded_curve_rises (model))
        continue;
      ll_format_shortest_double (model->learning_rate, rate);
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "lr %s rose %u time between record points (first at iteration %u); record every 1 to see it\n",
                                           "lr %s rose %u times between record points (first at iteration %u); record every 1 to see it\n",
                                           run->rises),
                              rate, run->rises, run->first_rise);
    }
}

/* The seeds' text, run after run. */
static char *
format_text (GPtrArray *models, const TrainTrace *trace, double critical_rate,
             const char *scaling_warning)
{
  GString *text = g_string_new (NULL);

  /* Before the numbers it explains (the app says it before training). */
  if (scaling_warning != NULL)
    g_string_append_printf (text, "%s\n\n", scaling_warning);

  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);
      char rate[LL_SHORTEST_DOUBLE_BUF_SIZE];

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "Training a model with learning rate: %s\n",
                              ll_format_shortest_double (model->learning_rate, rate));
      for (gsize j = 0; j < model->n_costs; j++)
        {
          g_string_append_printf (text, "Cost after iteration %u: ", model->costs[j].iteration);
          append_formatted (text, 6, model->costs[j].cost);
          g_string_append_c (text, '\n');
        }
      if (model->diverged)
        g_string_append_printf (text,
                                "diverged at iteration %u: the numbers overflowed (a cost of "
                                "inf), so this run stopped there and keeps its last finite "
                                "weights\n",
                                model->diverged_at);
      g_string_append (text, "train accuracy: ");
      append_formatted (text, 2, model->train_accuracy);
      g_string_append (text, " %\ntest accuracy: ");
      if (isfinite (model->test_accuracy))
        {
          append_formatted (text, 2, model->test_accuracy);
          g_string_append (text, " %\n");
        }
      else
        g_string_append (text, "- (no test images)\n");
      append_first_costs (text, &trace->runs[i]);
    }
  g_string_append_printf (text, "\n%s ", _("Largest stable learning rate at the start (2/L):"));
  {
    char rate[G_ASCII_DTOSTR_BUF_SIZE];  /* %.6g: at most 13 characters, never cut */

    g_string_append (text, g_ascii_formatd (rate, sizeof rate, "%.6g", critical_rate));
  }
  g_string_append_c (text, '\n');
  append_hidden_rises (text, models, trace);
  return g_string_free (text, FALSE);
}

static char *
format_json (const LlDataset *task, GPtrArray *models, const TrainTrace *trace,
             const TrainOptions *options, double critical_rate, const char *scaling_warning)
{
  g_autoptr (LlJsonWriter) json = ll_json_writer_new ();

  ll_json_writer_begin_object (json);
  ll_json_writer_key (json, "dataset");
  ll_json_writer_begin_object (json);
  ll_json_writer_key (json, "name");
  ll_json_writer_string (json, task->name);
  ll_json_writer_key (json, "path");
  ll_json_writer_string (json, task->path);
  ll_json_writer_key (json, "format");
  ll_json_writer_string (json, task->format);
  ll_json_writer_key (json, "n_features");
  ll_json_writer_int (json, task->n_features);
  ll_json_writer_key (json, "n_train");
  ll_json_writer_int (json, task->train.count);
  ll_json_writer_key (json, "n_test");
  ll_json_writer_int (json, task->test.count);
  ll_json_writer_key (json, "image_shape");
  ll_json_writer_begin_array (json);
  ll_json_writer_int (json, task->height);
  ll_json_writer_int (json, task->width);
  ll_json_writer_int (json, task->channels);
  ll_json_writer_end_array (json);
  ll_json_writer_key (json, "classes");
  ll_json_writer_begin_array (json);
  for (guint i = 0; i < task->n_classes; i++)
    ll_json_writer_string (json, task->class_names[i]);
  ll_json_writer_end_array (json);
  ll_json_writer_end_object (json);

  ll_json_writer_key (json, "scaling_warning");
  if (scaling_warning != NULL)
    ll_json_writer_string (json, scaling_warning);
  else
    ll_json_writer_null (json);
  ll_json_writer_key (json, "critical_learning_rate");
  ll_json_writer_double (json, critical_rate);
  ll_json_writer_key (json, "runs");
  ll_json_writer_begin_array (json);
  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);
      const RunTrace *run = &trace->runs[i];

      ll_json_writer_begin_object (json);
      ll_json_writer_key (json, "learning_rate");
      ll_json_writer_double (json, model->learning_rate);
      ll_json_writer_key (json, "iterations");
      ll_json_writer_int (json, model->iterations);
      ll_json_writer_key (json, "record_every");
      ll_json_writer_int (json, options->record_every);
      ll_json_writer_key (json, "costs");
      ll_json_writer_begin_array (json);
      for (gsize j = 0; j < model->n_costs; j++)
        {
          ll_json_writer_begin_object (json);
          ll_json_writer_key (json, "iteration");
          ll_json_writer_int (json, model->costs[j].iteration);
          ll_json_writer_key (json, "cost");
          ll_json_writer_double (json, model->costs[j].cost);
          ll_json_writer_key (json, "test_cost");
          ll_json_writer_double (json, j < run->test_costs->len
                                       ? g_array_index (run->test_costs, double, j) : NAN);
          ll_json_writer_end_object (json);
        }
      ll_json_writer_end_array (json);
      if (options->first_iterations > 0)
        {
          ll_json_writer_key (json, "first_costs");
          ll_json_writer_begin_array (json);
          for (guint j = 0; j < run->first_costs->len; j++)
            ll_json_writer_double (json, g_array_index (run->first_costs, double, j));
          ll_json_writer_end_array (json);
        }
      ll_json_writer_key (json, "rises");
      ll_json_writer_int (json, run->rises);
      ll_json_writer_key (json, "first_rise");
      if (run->rises > 0)
        ll_json_writer_int (json, run->first_rise);
      else
        ll_json_writer_null (json);
      ll_json_writer_key (json, "diverged");
      ll_json_writer_boolean (json, model->diverged);
      ll_json_writer_key (json, "diverged_at");
      if (model->diverged)
        ll_json_writer_int (json, model->diverged_at);
      else
        ll_json_writer_null (json);
      ll_json_writer_key (json, "train_accuracy");
      ll_json_writer_double (json, model->train_accuracy);
      ll_json_writer_key (json, "test_accuracy");
      ll_json_writer_double (json, model->test_accuracy);
      ll_json_writer_end_object (json);
    }
  ll_json_writer_end_array (json);
  ll_json_writer_end_object (json);
  return ll_json_writer_finish (json);
}

static gboolean
export_plot (const LlDataset *task, GPtrArray *models, const TrainOptions *options, GError **error)
{
  g_autofree LlPlotSeries *series = g_new0 (LlPlotSeries, models->len);

  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);

      series[i].learning_rate = model->learning_rate;
      series[i].points = model->costs;
      series[i].n_points = model->n_costs;
    }

  const LlPlotSpec spec = {
    .series = series,
    .n_series = models->len,
    .max_iteration = options->iterations,
    .log_scale = options->plot_log,
    .dark = FALSE,
    .font_scale = 1.0,
    .highlight_iteration = -1,
    .title = task->name,
  };
  return ll_plot_export (&spec, options->plot_path,
                         options->plot_width, options->plot_height, error);
}

int
ll_cli_train (int argc, char **argv)
{
  g_auto (TrainOptions) options = {
    .iterations = 2000,
    .record_every = 100,
    .plot_width = DEFAULT_PLOT_WIDTH,
    .plot_height = DEFAULT_PLOT_HEIGHT,
  };
  g_autoptr (GOptionContext) context = train_option_context (&options);
  g_auto (GStrv) positional = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) task = NULL;
  g_autoptr (GPtrArray) models = NULL;
  g_auto (TrainTrace) trace = { 0 };
  g_autofree char *output = NULL;
  gboolean report_to_stderr = FALSE;
  double critical_rate, curvature = 0;
  g_autofree char *scaling_warning = NULL;
  g_autoptr (LlScaling) scaling = NULL;

  /* A Ctrl-C during an export leaves no temporary file. */
  ll_output_remove_temporaries_on_signals ();
  positional = ll_cli_parse_options (context, argc, argv);
  if (positional == NULL)
    return LL_CLI_EXIT_BAD_INPUT;
  if (positional[0] != NULL)
    return ll_cli_fail (_("train: unexpected argument '%s' (the dataset goes after --dataset)"),
                        positional[0]);
  if (options.learning_rates == NULL)
    {
      static const double default_rates[] = { 0.5, 0.1, 0.01 };

      options.learning_rates = g_array_new (FALSE, FALSE, sizeof (double));
      g_array_append_vals (options.learning_rates, default_rates, G_N_ELEMENTS (default_rates));
    }
  if (!check_paths (&options))
    return LL_CLI_EXIT_BAD_INPUT;

  task = load_task (&options, &scaling, &scaling_warning, &error);
  if (task == NULL)
    return ll_cli_fail_task (error);
  if (!check_targets (&options, task, &report_to_stderr))
    return LL_CLI_EXIT_BAD_INPUT;

  if (!ll_cli_check_initial_w (options.initial_w, task))
    return LL_CLI_EXIT_BAD_INPUT;
  /* 2 / L, L the largest eigenvalue of the cost's Hessian at the start. */
  models = train_models (task, &options, &trace, &curvature, &error);
  if (models == NULL)
    {
      ll_cli_fail ("%s", error->message);
      return g_error_matches (error, LL_TRAINER_ERROR, LL_TRAINER_ERROR_NO_MEMORY)
             ? LL_CLI_EXIT_FAILURE : LL_CLI_EXIT_BAD_INPUT;
    }

  critical_rate = ll_critical_learning_rate (curvature);

  /* The exported weights say how to scale what they classify (issue 19);
   * nothing else reads it (two copies of n doubles a run). */
  for (guint i = 0; options.export_path != NULL && i < models->len; i++)
    {
      g_autofree char *scaling_name = ll_scaling_describe (scaling);

      ll_model_set_scaling (g_ptr_array_index (models, i), scaling_name, scaling->offset, scaling->scale);
    }

  output = options.json ? format_json (task, models, &trace, &options, critical_rate, scaling_warning)
                        : format_text (models, &trace, critical_rate, scaling_warning);

  if (options.export_path != NULL && !ll_models_save_npz (options.export_path, models, &error))
    return ll_cli_fail ("--export: %s", error->message);
  if (options.plot_path != NULL && !export_plot (task, models, &options, &error))
    return ll_cli_fail ("--plot: %s", error->message);

  if (report_to_stderr)
    {
      /* Standard output carried the file. */
      fputs (output, stderr);
      fflush (stderr);
    }
  else
    ll_cli_print (output);
  return LL_CLI_EXIT_OK;
}
