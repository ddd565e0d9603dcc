/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-landscape.c: `logistic-lab landscape`: train the rates, then the cost on
 * the plane through w = 0 that holds their paths best (principal components
 * of the recorded (w, b)), and each path projected onto it, as an .npz that
 * numpy reads, or as the figure (.png, .svg, .pdf: plot-landscape.h, drawn
 * by logistic-lab-cli-plot, which main.c runs for it) (issue 18). */
#include "config.h"

#include "cli-private.h"
#include "cli-progress.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "core/io/landscape-npz.h"
#include "core/train/landscape.h"
#include "plot/plot-landscape.h"

#define MAX_ITERATIONS 100000000u
#define MAX_GRID 2000u
#define RECORDS_PER_PATH 50u
#define FIGURE_WIDTH 1200
#define FIGURE_HEIGHT 900

typedef struct {
  LlCliDatasetOptions data;
  GArray *learning_rates;
  guint iterations;
  guint record_every;
  guint grid;
  char *output;
  gboolean quiet;
} LandscapeOptions;

static void
landscape_options_clear (LandscapeOptions *options)
{
  ll_cli_dataset_options_clear (&options->data);
  g_clear_pointer (&options->learning_rates, g_array_unref);
  g_free (options->output);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LandscapeOptions, landscape_options_clear)

static gboolean
parse_learning_rates (const char *option, const char *value, gpointer data, GError **error)
{
  LandscapeOptions *options = data;
  GArray *rates = ll_cli_parse_positive_list (option, value, error);

  if (rates == NULL)
    return FALSE;
  g_clear_pointer (&options->learning_rates, g_array_unref);
  options->learning_rates = rates;
  return TRUE;
}

static gboolean
parse_iterations (const char *option, const char *value, gpointer data, GError **error)
{
  return ll_cli_parse_count (option, value, 1, MAX_ITERATIONS,
                             &((LandscapeOptions *) data)->iterations, error);
}

static gboolean
parse_record_every (const char *option, const char *value, gpointer data, GError **error)
{
  return ll_cli_parse_count (option, value, 1, G_MAXUINT,
                             &((LandscapeOptions *) data)->record_every, error);
}

static gboolean
parse_grid (const char *option, const char *value, gpointer data, GError **error)
{
  return ll_cli_parse_count (option, value, 2, MAX_GRID, &((LandscapeOptions *) data)->grid, error);
}

static GOptionContext *
landscape_option_context (LandscapeOptions *options)
{
  const GOptionEntry entries[] = {
    { "learning-rates", 'l', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_learning_rates,
      N_("Learning rates whose paths to show (default: 0.5,0.1,0.01)"), N_("RATE,…") },
    { "iterations", 'i', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_iterations,
      N_("Gradient-descent iterations (default: 2000)"), N_("N") },
    { "record-every", 'r', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_record_every,
      N_("A path point every N iterations (default: iterations / 50)"), N_("N") },
    { "grid", 'g', 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_grid,
      N_("Grid points along each direction (default: 101)"), N_("N") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &options->output,
      N_("Write the surface and the paths as a NumPy .npz, or the figure as .png, .svg or .pdf (needed)"),
      N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &options->quiet,
      N_("No progress line on the terminal while training"), NULL },
    { NULL }
  };

  return ll_cli_command_context ("landscape", entries, options, &options->data,
    _("Trains each learning rate, then computes the true cost on the plane through\n"
      "w = 0, b = 0 spanned by the two principal components of the recorded (w, b)\n"
      "(or by the first gradients when they span less), and projects each path onto it.\n"
      "The .npz holds d1, d2 (directions, the bias last), s, t (grid coordinates),\n"
      "cost[i, j] = J(w0 + s[i] d1 + t[j] d2), w0, b0, and per run path_K (points x 2,\n"
      "the projected (s, t)) and path_cost_K (the run’s true cost at each point)."));
}

/* The recorded (w, b) and true costs of every run. */
typedef struct {
  gsize dim;            /* n + 1 */
  guint n_runs;
  GArray **points;      /* per run: doubles, dim per record */
  GArray **costs;       /* per run: doubles */
  LlCliProgress *progress;  /* the progress line, or NULL */
} Paths;

/* The trainer's attention callback: time to redraw the progress line. */
static gboolean
show_progress (guint iteration, gpointer user_data)
{
  Paths *paths = user_data;

  ll_cli_progress_update (paths->progress, iteration);
  return TRUE;
}

static gboolean
record_paths (const LlProgress *runs, guint n_runs, gpointer user_data)
{
  Paths *paths = user_data;

  for (guint j = 0; j < n_runs; j++)
    {
      g_array_append_vals (paths->points[j], runs[j].w, paths->dim - 1);
      g_array_append_val (paths->points[j], runs[j].b);
      g_array_append_val (paths->costs[j], runs[j].cost);
    }
  return TRUE;
}

static gboolean
has_figure_extension (const char *path)
{
  static const char *const extensions[] = { ".png", ".svg", ".pdf" };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (gsize i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_str_has_suffix (lower, extensions[i]))
      return TRUE;
  return FALSE;
}

static int
check_output (const char *output)
{
  g_autofree char *lower = NULL;

  if (output == NULL || output[0] == '\0')
    return ll_cli_fail (_("landscape: --output FILE.npz is needed"));
  lower = g_ascii_strdown (output, -1);
  if (!g_str_has_suffix (lower, ".npz") && !has_figure_extension (output))
    return ll_cli_fail (_("--output: '%s' does not end in .npz, .png, .svg or .pdf"), output);
  return LL_CLI_EXIT_OK;
}

/* The share of the points' variance along the unit direction D. */
static double
variance_along (const GArray *points, gsize dim, const double *d)
{
  gsize count = points->len / dim;
  g_autofree double *mean = g_new0 (double, dim);
  double total = 0, along = 0;

  for (gsize p = 0; p < count; p++)
    for (gsize k = 0; k < dim; k++)
      mean[k] += g_array_index (points, double, p * dim + k) / count;
  for (gsize p = 0; p < count; p++)
    {
      double dot = 0;

      for (gsize k = 0; k < dim; k++)
        {
          double x = g_array_index (points, double, p * dim + k) - mean[k];

          total += x * x;
          dot += x * d[k];
        }
      along += dot * dot;
    }
  return total > 0 ? along / total : NAN;
}

/* The figure of the surface and the paths, as the Landscape page draws it. */
static gboolean
write_figure (const LandscapeOptions *options, const double *s, const double *t, const double *cost,
              gboolean principal, double share, const double *d1, const double *d2, gsize dim,
              const GArray *all_points, const LlLandscapeNpzPath *npz_paths, guint n_paths,
              GError **error)
{
  gsize grid = (gsize) options->grid * options->grid;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree LlLandscapeFigurePath *figure_paths = g_new0 (LlLandscapeFigurePath, MAX (n_paths, 1));
  double lo = INFINITY, hi = -INFINITY;
  LlLandscapeFigureSpec spec;

  for (gsize k = 0; k < grid; k++)
    if (isfinite (cost[k]))
      {
        lo = MIN (lo, cost[k]);
        hi = MAX (hi, cost[k]);
      }
  for (guint r = 0; r < n_paths; r++)
    {
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      /* TRANSLATORS: a path's legend entry, e.g. "lr 0.5" */
      g_ptr_array_add (labels, g_strdup_printf (_("lr %s"),
                                                g_ascii_formatd (rate, sizeof rate, "%g",
                                                                 g_array_index (options->learning_rates,
                                                                                double, r))));
      figure_paths[r] = (LlLandscapeFigurePath) { npz_paths[r].st, npz_paths[r].n_points };
    }
  spec = (LlLandscapeFigureSpec) {
    s, t, options->grid, options->grid, cost, lo, hi, principal, principal ? share : NAN,
    principal ? variance_along (all_points, dim, d1) : NAN,
    principal ? variance_along (all_points, dim, d2) : NAN,
    FALSE, n_paths, (const char *const *) labels->pdata,
  };
  return ll_plot_landscape_export (&spec, figure_paths, options->output, FIGURE_WIDTH, FIGURE_HEIGHT, error);
}

int
ll_cli_landscape (int argc, char **argv)
{
  g_auto (LandscapeOptions) options = { .iterations = 2000, .grid = 101 };
  g_autoptr (GOptionContext) context = landscape_option_context (&options);
  g_auto (GStrv) positional = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) task = NULL;
  g_autoptr (GPtrArray) models = NULL;
  g_autoptr (LlLandscape) landscape = NULL;
  g_autoptr (GPtrArray) projections = NULL;
  g_autofree LlLandscapeNpzPath *npz_paths = NULL;
  g_autoptr (GArray) all_points = NULL;
  g_autofree double *d1 = NULL, *d2 = NULL, *s = NULL, *t = NULL, *cost = NULL, *w0 = NULL;
  Paths paths = { 0 };
  LlTrainData data;
  double share = NAN, largest_rate = 0, s_lo = 0, s_hi = 0, t_lo = 0, t_hi = 0, b0 = 0;
  gboolean principal;
  gsize n, dim;
  int status;

  positional = ll_cli_parse_options (context, argc, argv);
  if (positional == NULL)
    return LL_CLI_EXIT_BAD_INPUT;
  if (positional[0] != NULL)
    return ll_cli_fail (_("landscape: unexpected argument '%s' (the dataset goes after --dataset)"),
                        positional[0]);
  if ((status = check_output (options.output)) != LL_CLI_EXIT_OK)
    return status;
  if (options.learning_rates == NULL)
    {
      static const double default_rates[] = { 0.5, 0.1, 0.01 };

      options.learning_rates = g_array_new (FALSE, FALSE, sizeof (double));
      g_array_append_vals (options.learning_rates, default_rates, G_N_ELEMENTS (default_rates));
    }
  if (options.record_every == 0)
    options.record_every = MAX (options.iterations / RECORDS_PER_PATH, 1);

  task = ll_cli_dataset_options_check (&options.data, &error)
         ? ll_cli_load_dataset_task (&options.data, NULL, NULL, &error) : NULL;
  if (task == NULL)
    return ll_cli_fail_task (error);
  data = ll_train_data_from_pixels (task);
  n = task->n_features;
  dim = n + 1;

  /* The paths. */
  paths.dim = dim;
  paths.n_runs = options.learning_rates->len;
  paths.points = g_new0 (GArray *, paths.n_runs);
  paths.costs = g_new0 (GArray *, paths.n_runs);
  for (guint j = 0; j < paths.n_runs; j++)
    {
      paths.points[j] = g_array_new (FALSE, FALSE, sizeof (double));
      paths.costs[j] = g_array_new (FALSE, FALSE, sizeof (double));
      largest_rate = MAX (largest_rate, g_array_index (options.learning_rates, double, j));
    }
  paths.progress = ll_cli_progress_start (LL_CLI_PROGRESS_ITERATIONS, options.iterations, options.quiet);
  {
    const LlTrainParams params = {
      .learning_rates = (const double *) options.learning_rates->data,
      .n_rates = options.learning_rates->len,
      .iterations = options.iterations,
      .record_every = options.record_every,
      .want_snapshots = TRUE,
      .attention = paths.progress != NULL ? ll_cli_progress_flag (paths.progress) : NULL,
      .on_attention = paths.progress != NULL ? show_progress : NULL,
    };

    models = ll_train (&data, &params, record_paths, &paths, &error);
  }
  ll_cli_progress_finish (paths.progress);
  paths.progress = NULL;
  if (models == NULL)
    {
      status = ll_cli_fail ("%s", error->message);
      goto out;
    }

  /* The plane: through the start, along the paths' principal components. */
  d1 = g_new (double, dim);
  d2 = g_new (double, dim);
  w0 = g_new0 (double, n);
  all_points = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint j = 0; j < paths.n_runs; j++)
    g_array_append_vals (all_points, paths.points[j]->data, paths.points[j]->len);
  principal = ll_landscape_principal_directions ((const double *) all_points->data,
                                                 all_points->len / dim, dim, d1, d2, &share);
  if (!principal && !ll_landscape_gradient_directions (&data, largest_rate, d1, d2, &error))
    {
      status = ll_cli_fail ("%s", error->message);
      goto out;
    }

  projections = g_ptr_array_new_with_free_func (g_free);
  npz_paths = g_new0 (LlLandscapeNpzPath, MAX (paths.n_runs, 1));
  for (guint j = 0; j < paths.n_runs; j++)
    {
      gsize count = paths.costs[j]->len;
      double *projected = g_new (double, 2 * MAX (count, 1));

      for (gsize p = 0; p < count; p++)
        {
          double *st = projected + 2 * p;

          ll_landscape_project (NULL, d1, d2, dim,
                                (const double *) paths.points[j]->data + p * dim, &st[0], &st[1]);
          s_lo = MIN (s_lo, st[0]);
          s_hi = MAX (s_hi, st[0]);
          t_lo = MIN (t_lo, st[1]);
          t_hi = MAX (t_hi, st[1]);
        }
      g_ptr_array_add (projections, projected);
      npz_paths[j] = (LlLandscapeNpzPath) { projected, (const double *) paths.costs[j]->data, count };
    }

  s = g_new (double, options.grid);
  t = g_new (double, options.grid);
  cost = g_new (double, (gsize) options.grid * options.grid);
  ll_landscape_grid_axis (s_lo, s_hi, options.grid, s);
  ll_landscape_grid_axis (t_lo, t_hi, options.grid, t);
  landscape = ll_landscape_new (&data, w0, b0, d1, d2, &error);
  if (landscape == NULL)
    {
      status = ll_cli_fail ("%s", error->message);
      goto out;
    }
  ll_landscape_grid (landscape, s, options.grid, t, options.grid, cost);

  if (has_figure_extension (options.output))
    {
      if (!write_figure (&options, s, t, cost, principal, share, d1, d2, dim, all_points, npz_paths,
                         paths.n_runs, &error))
        {
          status = ll_cli_fail ("--output: %s", error->message);
          goto out;
        }
    }
  else
    {
      const LlLandscapeNpzPlane plane = { n, d1, d2, w0, b0, s, t, options.grid, options.grid, cost };

      if (!ll_landscape_npz_write (options.output, &plane, npz_paths, paths.n_runs, &error))
        {
          status = ll_cli_fail ("--output: %s", error->message);
          goto out;
        }
    }

  {
    g_autofree char *shown = g_filename_display_name (options.output);
    g_autoptr (GString) text = g_string_new (NULL);
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];

    g_string_append_printf (text, ngettext ("Wrote %s: a %u x %u grid of the cost and %u path.",
                                            "Wrote %s: a %u x %u grid of the cost and %u paths.",
                                            paths.n_runs),
                            shown, options.grid, options.grid, paths.n_runs);
    g_string_append_c (text, '\n');
    if (principal)
      g_string_append_printf (text, _("The plane holds %s %% of the paths’ variance."),
                              g_ascii_formatd (buffer, sizeof buffer, "%.1f", 100 * share));
    else
      g_string_append (text, _("The plane is spanned by the first gradients (the paths span less than a plane)."));
    g_string_append_c (text, '\n');
    ll_cli_print (text->str);
  }
  status = LL_CLI_EXIT_OK;

out:
  for (guint j = 0; j < paths.n_runs; j++)
    {
      g_array_unref (paths.points[j]);
      g_array_unref (paths.costs[j]);
    }
  g_free (paths.points);
  g_free (paths.costs);
  return status;
}
