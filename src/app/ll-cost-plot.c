/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-cost-plot.c: the live cost plot widget.
 *
 * Keeps a copy of each run's recorded costs and shows them in an
 * LlFigureView (readout, legend clicks, export menu), in the figure the
 * exports and `train --plot` draw (ll_plot_figure_new). The figure is kept
 * while a job goes on and only its layers' points change, so its y axis
 * only grows (issue 24.3); it is made again for a new job or another
 * look (log scale, test costs, log iterations). */
#include "config.h"

#include "ll-cost-plot.h"
#include "ll-figure-view.h"

#include <math.h>

#include <glib/gi18n-lib.h>

#include "core/data/dataset-title.h"
#include "plot/plot-render.h"

/* Pinned runs are drawn this much thinner (and faded). */
#define PINNED_WIDTH_SCALE 0.6

typedef struct {
  guint iteration;
  double cost;
  double test_cost;   /* NAN when not known */
} PlotPoint;

typedef struct {
  double learning_rate;
  char *label;        /* legend entry: "lr = 0.5", or a pinned run's own label */
  GArray *points;     /* PlotPoint, sorted by iteration */
  GArray *first_costs;/* double: every iteration from 0 (the first steps) */
  gboolean visible;
  gboolean pinned;
  guint look;         /* series look: the run's own (ll_run_get_look) */
} Run;

struct _LlCostPlot
{
  GtkWidget parent_instance;

  LlFigureView *view;
  GArray *runs;    /* Run */
  guint max_iteration;
  gboolean log_scale;
  gboolean show_test_cost;
  gboolean log_iterations;
  double font_scale;
  int readout_iteration;
  guint describe_source;
  char *export_caption;

  LlRunStore *store;           /* the runs drawn, or NULL */
  GSignalGroup *store_signals;
};

G_DEFINE_FINAL_TYPE (LlCostPlot, ll_cost_plot, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_LOG_SCALE,
  PROP_FONT_SCALE,
  PROP_READOUT_ITERATION,
  PROP_STORE,
  PROP_SHOW_TEST_COST,
  PROP_LOG_ITERATIONS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
run_clear (gpointer data)
{
  Run *run = data;

  g_clear_pointer (&run->label, g_free);
  g_clear_pointer (&run->points, g_array_unref);
  g_clear_pointer (&run->first_costs, g_array_unref);
}

static Run *
get_run (LlCostPlot *self, guint index)
{
  return &g_array_index (self->runs, Run, index);
}

static LlFigure *
get_figure (LlCostPlot *self)
{
  return ll_figure_view_get_figure (self->view);
}

/* ---- the figure ---- */

/* Layers: run i's training cost is layer i (as in ll_plot_figure_new);
 * with test costs shown, its test cost is layer n_runs + i. */
static LlPlotLayer *
train_layer (LlCostPlot *self, guint run)
{
  return ll_figure_get_layer (get_figure (self), run);
}

static LlPlotLayer *
test_layer (LlCostPlot *self, guint run)
{
  return self->show_test_cost ? ll_figure_get_layer (get_figure (self), self->runs->len + run) : NULL;
}

/* The run a layer draws. */
static guint
layer_run (LlCostPlot *self, guint layer)
{
  return layer < self->runs->len ? layer : layer - self->runs->len;
}

static char *
test_label (const char *label)
{
  /* TRANSLATORS: legend entry of a run's cost on the test set; %s is its
   * own entry, such as "lr = 0.5" */
  return g_strdup_printf (_("%s (test)"), label);
}

/* RUN's training costs as drawn: the record points, and on the log
 * iteration axis every iteration of the first steps before them. */
static void
train_points (LlCostPlot *self, Run *run, GArray *x, GArray *y)
{
  guint n_first = self->log_iterations ? run->first_costs->len : 0;

  g_array_set_size (x, 0);
  g_array_set_size (y, 0);
  for (guint i = 0; i < n_first; i++)
    {
      double iteration = i;

      g_array_append_val (x, iteration);
      g_array_append_val (y, g_array_index (run->first_costs, double, i));
    }
  for (guint i = 0; i < run->points->len; i++)
    {
      const PlotPoint *point = &g_array_index (run->points, PlotPoint, i);
      double iteration = point->iteration;

      if (point->iteration < n_first)
        continue;
      g_array_append_val (x, iteration);
      g_array_append_val (y, point->cost);
    }
}

static void
test_points (Run *run, GArray *x, GArray *y)
{
  g_array_set_size (x, 0);
  g_array_set_size (y, 0);
  for (guint i = 0; i < run->points->len; i++)
    {
      const PlotPoint *point = &g_array_index (run->points, PlotPoint, i);
      double iteration = point->iteration;

      if (!isfinite (point->test_cost))
        continue;
      g_array_append_val (x, iteration);
      g_array_append_val (y, point->test_cost);
    }
}

/* Puts every run's points, visibility and look into the figure's layers. */
static void
update_layers (LlCostPlot *self)
{
  g_autoptr(GArray) x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) y = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint r = 0; r < self->runs->len; r++)
    {
      Run *run = get_run (self, r);
      LlPlotLayer *layers[2] = { train_layer (self, r), test_layer (self, r) };

      train_points (self, run, x, y);
      ll_plot_layer_set_points (layers[0], (double *) x->data, (double *) y->data, NULL, x->len);
      /* A hundred markers at the start would blot the line. */
      ll_plot_layer_set_markers (layers[0], !self->log_iterations || run->first_costs->len == 0);
      if (layers[1] != NULL)
        {
          test_points (run, x, y);
          ll_plot_layer_set_points (layers[1], (double *) x->data, (double *) y->data, NULL, x->len);
          /* No markers: told apart from its training twin also where both are faded (pinned). */
          ll_plot_layer_set_markers (layers[1], FALSE);
        }
      for (guint l = 0; l < G_N_ELEMENTS (layers); l++)
        {
          g_autofree char *label = NULL;

          if (layers[l] == NULL)
            continue;
          label = l == 0 ? g_strdup (run->label) : test_label (run->label);
          ll_plot_layer_set_label (layers[l], label);
          /* Named in the readout; five runs and their twins would crowd the legend. */
          ll_plot_layer_set_in_legend (layers[l], l == 0);
          ll_plot_layer_set_series (layers[l], run->look);
          ll_plot_layer_set_visible (layers[l], run->visible);
          /* The test cost is the lighter twin; a pinned run is faded and thin. */
          ll_plot_layer_set_faded (layers[l], l == 1 || run->pinned);
          ll_plot_layer_set_line_width_scale (layers[l], run->pinned ? PINNED_WIDTH_SCALE : 1.0);
        }
    }
}

static char *
iteration_heading (int iteration)
{
  /* TRANSLATORS: heading of the plot's readout, %d is an iteration number */
  return g_strdup_printf (_("iteration %d"), iteration);
}

/* A new figure for the runs and the look (the y axis starts growing again). */
static void
rebuild_figure (LlCostPlot *self)
{
  g_autofree LlPlotSeries *series = g_new0 (LlPlotSeries, MAX (self->runs->len, 1));
  LlPlotSpec spec;
  LlFigure *figure;
  int readout = self->readout_iteration;

  for (guint i = 0; i < self->runs->len; i++)
    series[i].learning_rate = get_run (self, i)->learning_rate;
  spec = (LlPlotSpec) {
    .series = series,
    .n_series = self->runs->len,
    .max_iteration = self->max_iteration,
    .log_scale = self->log_scale,
    .font_scale = self->font_scale,
    .highlight_iteration = -1,
  };
  figure = ll_plot_figure_new (&spec);
  if (self->show_test_cost)
    for (guint i = 0; i < self->runs->len; i++)
      ll_figure_add_lines (figure, NULL, NULL, 0, i);
  if (self->log_iterations)
    {
      ll_figure_axis_set_scale (figure, LL_AXIS_X, LL_AXIS_LOG);
      ll_figure_axis_set_range (figure, LL_AXIS_X, 1, MAX (self->max_iteration, 10));
    }
  /* The test costs have no legend entries (their run's entry shows and
   * hides both): the axis's title says what the lighter lines are. */
  if (self->show_test_cost)
    /* Each run's test cost beside its training cost in the readout's row. */
    ll_figure_set_cursor_columns (figure, _("training"), _("test"));
  if (self->show_test_cost)
    ll_figure_axis_set_label (figure, LL_AXIS_X, self->log_iterations
                                                 ? _("iterations (log scale) · lighter lines: test-set cost")
                                                 : _("iterations · lighter lines: test-set cost"));
  else if (self->log_iterations)
    ll_figure_axis_set_label (figure, LL_AXIS_X, _("iterations (log scale)"));
  /* Steady while a job runs: from the first record points' range, only growing. */
  ll_figure_axis_set_grow_only (figure, LL_AXIS_Y, TRUE);
  ll_figure_set_export_caption (figure, self->export_caption);
  ll_figure_view_set_figure (self->view, figure);
  update_layers (self);
  if (readout >= 0)
    ll_cost_plot_set_readout_iteration (self, readout);
  ll_figure_view_queue_update (self->view);
}

/* ---- accessibility ---- */

static char *
describe (LlCostPlot *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char cost[G_ASCII_DTOSTR_BUF_SIZE];

  if (self->runs->len == 0)
    return g_strdup (_("No learning rates to plot"));
  /* Without a readout the view itself reads each line's last point. */
  if (self->readout_iteration < 0)
    return NULL;

  for (guint r = 0; r < self->runs->len; r++)
    {
      Run *run = get_run (self, r);
      const PlotPoint *shown = NULL;
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      for (guint i = 0; i < run->points->len; i++)
        {
          const PlotPoint *point = &g_array_index (run->points, PlotPoint, i);

          if ((int) point->iteration <= self->readout_iteration)
            shown = point;
        }
      ll_plot_format_rate (run->learning_rate, rate);
      if (r > 0)
        g_string_append (text, "; ");
      if (shown)
        /* TRANSLATORS: accessible description of one plot line: learning rate, iteration, cost */
        g_string_append_printf (text, _("learning rate %s: cost %s at iteration %u"),
                                rate, ll_plot_format_cost (shown->cost, cost), shown->iteration);
      else
        g_string_append_printf (text, _("learning rate %s: no cost yet"), rate);
      if (shown && self->show_test_cost && isfinite (shown->test_cost))
        /* TRANSLATORS: follows "learning rate 0.5: cost 0.1 at iteration 100" */
        g_string_append_printf (text, _(", test cost %s"), ll_plot_format_cost (shown->test_cost, cost));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
update_description (gpointer data)
{
  LlCostPlot *self = data;
  g_autofree char *description = describe (self);

  self->describe_source = 0;
  ll_figure_view_set_description (self->view, description);
  return G_SOURCE_REMOVE;
}

/* Points can arrive many times a frame: describe once they settle. */
static void
queue_describe (LlCostPlot *self)
{
  if (self->describe_source == 0)
    self->describe_source = g_idle_add_full (G_PRIORITY_LOW, update_description, self, NULL);
}

static void
queue_update (LlCostPlot *self)
{
  update_layers (self);
  ll_figure_view_queue_update (self->view);
  queue_describe (self);
}

/* ---- the view's signals ---- */

/* The readout moved (pointer, keys, or us): follow it, and say "iteration N". */
static void
on_cursor_changed (LlCostPlot *self)
{
  double x = ll_figure_view_get_cursor_x (self->view);
  int iteration = isfinite (x) ? (int) x : -1;

  if (iteration >= 0)
    {
      g_autofree char *heading = iteration_heading (iteration);

      ll_figure_set_cursor_x (get_figure (self), x, heading);
    }
  if (self->readout_iteration == iteration)
    return;
  self->readout_iteration = iteration;
  queue_describe (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READOUT_ITERATION]);
}

/* A legend click shows or hides the run on every plot (issue 21.6). */
static void
on_layer_toggled (LlCostPlot *self, guint layer, gboolean visible)
{
  guint index = layer_run (self, layer);

  if (index >= self->runs->len)
    return;
  get_run (self, index)->visible = visible;
  ll_figure_axis_reset_growth (get_figure (self), LL_AXIS_Y);
  if (self->store != NULL && index < ll_run_store_get_n_runs (self->store))
    ll_run_set_visible (ll_run_store_get_run (self->store, index), visible);
  queue_update (self);
}

/* ---- input ---- */

/* The timeline's moment, where the readout rests when nothing points (-1: none). */
static int
store_moment (LlCostPlot *self)
{
  return self->store != NULL ? ll_run_store_get_moment (self->store) : -1;
}

static void
on_leave (GtkEventControllerMotion *controller, LlCostPlot *self)
{
  /* With keyboard focus the readout stays where the keys put it. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self->view)))
    ll_cost_plot_set_readout_iteration (self, store_moment (self));
}

static void
on_focus_leave (GtkEventControllerFocus *controller, LlCostPlot *self)
{
  ll_cost_plot_set_readout_iteration (self, store_moment (self));
}

/* ---- GObject ---- */

static void
ll_cost_plot_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LlCostPlot *self = LL_COST_PLOT (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      g_value_set_boolean (value, self->log_scale);
      break;
    case PROP_FONT_SCALE:
      g_value_set_double (value, self->font_scale);
      break;
    case PROP_READOUT_ITERATION:
      g_value_set_int (value, self->readout_iteration);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SHOW_TEST_COST:
      g_value_set_boolean (value, self->show_test_cost);
      break;
    case PROP_LOG_ITERATIONS:
      g_value_set_boolean (value, self->log_iterations);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_cost_plot_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LlCostPlot *self = LL_COST_PLOT (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      ll_cost_plot_set_log_scale (self, g_value_get_boolean (value));
      break;
    case PROP_FONT_SCALE:
      ll_cost_plot_set_font_scale (self, g_value_get_double (value));
      break;
    case PROP_READOUT_ITERATION:
      ll_cost_plot_set_readout_iteration (self, g_value_get_int (value));
      break;
    case PROP_STORE:
      ll_cost_plot_set_store (self, g_value_get_object (value));
      break;
    case PROP_SHOW_TEST_COST:
      ll_cost_plot_set_show_test_cost (self, g_value_get_boolean (value));
      break;
    case PROP_LOG_ITERATIONS:
      ll_cost_plot_set_log_iterations (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_cost_plot_dispose (GObject *object)
{
  LlCostPlot *self = LL_COST_PLOT (object);

  g_clear_handle_id (&self->describe_source, g_source_remove);
  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store);
  if (self->view != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->view));
      self->view = NULL;
    }
  G_OBJECT_CLASS (ll_cost_plot_parent_class)->dispose (object);
}

static void
ll_cost_plot_finalize (GObject *object)
{
  LlCostPlot *self = LL_COST_PLOT (object);

  g_clear_pointer (&self->runs, g_array_unref);
  g_clear_object (&self->store_signals);
  g_free (self->export_caption);
  G_OBJECT_CLASS (ll_cost_plot_parent_class)->finalize (object);
}

static gboolean
ll_cost_plot_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (LL_COST_PLOT (widget)->view));
}

static void
ll_cost_plot_class_init (LlCostPlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ll_cost_plot_get_property;
  object_class->set_property = ll_cost_plot_set_property;
  object_class->dispose = ll_cost_plot_dispose;
  object_class->finalize = ll_cost_plot_finalize;

  /* The figure view inside takes the focus. */
  widget_class->grab_focus = ll_cost_plot_grab_focus;

  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL, 0.5, 4.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_READOUT_ITERATION] =
    g_param_spec_int ("readout-iteration", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_TEST_COST] =
    g_param_spec_boolean ("show-test-cost", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOG_ITERATIONS] =
    g_param_spec_boolean ("log-iterations", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Check items of the plot's right-click menu. */
  gtk_widget_class_install_property_action (widget_class, "cost-plot.show-test-cost", "show-test-cost");
  gtk_widget_class_install_property_action (widget_class, "cost-plot.log-iterations", "log-iterations");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "costplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

/* ---- following the run store ---- */

static void
add_point (LlCostPlot *self, guint run, guint iteration, double cost, double test_cost)
{
  GArray *points = get_run (self, run)->points;
  PlotPoint point = { iteration, cost, test_cost };
  guint at;

  /* Points come in order; search from the end for the rare one that does not. */
  for (at = points->len; at > 0; at--)
    if (g_array_index (points, PlotPoint, at - 1).iteration <= iteration)
      break;
  if (at > 0 && g_array_index (points, PlotPoint, at - 1).iteration == iteration)
    g_array_index (points, PlotPoint, at - 1) = point;
  else
    g_array_insert_val (points, at, point);
}

/* A pinned run's legend entry: its own name where it has one ("lr 0.5 ·
 * digits"), else "lr = 0.5 (pinned)": other runs train beside it. */
static char *
pinned_label (LlRun *run)
{
  char rate[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *plain = NULL;

  ll_plot_format_rate (ll_run_get_learning_rate (run), rate);
  if (g_strcmp0 (ll_run_get_label (run), rate) != 0 && ll_run_get_label (run) != NULL)
    return g_strdup (ll_run_get_label (run));
  plain = ll_plot_rate_label (ll_run_get_learning_rate (run));
  /* TRANSLATORS: legend entry of a kept run; %s is its entry, such as "lr = 0.5" */
  return g_strdup_printf (_("%s (pinned)"), plain);
}

/* RUN's legend entry: the name a user gave it in the Runs list, else the
 * short entry ("lr = 0.5", a kept run's as above). The session's own names
 * ("lr 0.5", "lr 0.5 · digits") are not a user's: beside four others the
 * short entry says as much in less room. */
static char *
run_label (LlRun *run)
{
  const char *title = ll_run_get_title (run);
  char rate[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *usual = g_strconcat ("lr ", g_ascii_formatd (rate, sizeof rate, "%g",
                                                                ll_run_get_learning_rate (run)), NULL);
  gboolean renamed = title != NULL && *title != '\0' && g_strcmp0 (title, usual) != 0
                     && !(g_str_has_prefix (title, usual) && g_str_has_prefix (title + strlen (usual), " · "));

  if (renamed)
    return g_strdup (title);
  return ll_run_get_pinned (run) ? pinned_label (run) : ll_plot_rate_label (ll_run_get_learning_rate (run));
}

/* What the plot shows of RUN beyond its points: first steps, look, label. */
static void
copy_run (LlCostPlot *self,
          guint       position,
          LlRun      *run)
{
  Run *copy = get_run (self, position);
  const double *first;
  guint n_first = 0;

  for (guint i = copy->points->len; i < ll_run_get_n_points (run); i++)
    {
      const LlRunPoint *point = ll_run_get_point (run, i);

      add_point (self, position, point->iteration, point->cost, point->test_cost);
    }
  first = ll_run_get_first_costs (run, &n_first);
  g_array_set_size (copy->first_costs, 0);
  if (n_first > 0)
    g_array_append_vals (copy->first_costs, first, n_first);
  copy->visible = ll_run_get_visible (run);
  copy->pinned = ll_run_get_pinned (run);
  copy->look = ll_run_get_look (run);
  g_free (copy->label);
  copy->label = run_label (run);
}

/* "Cat vs non-cat · 2000 iterations · 2026-12-07" under exported plots. */
static char *
make_export_caption (LlCostPlot *self)
{
  LlSharedDataset *shared = self->store != NULL ? ll_run_store_get_dataset (self->store) : NULL;
  const LlDataset *dataset = shared != NULL ? ll_shared_dataset_get (shared) : NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *iterations = NULL;

  /* TRANSLATORS: in the caption of an exported cost plot */
  iterations = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u iteration", "%u iterations",
                                             self->max_iteration), self->max_iteration);
  if (dataset != NULL)
    {
      g_autofree char *title = ll_dataset_dup_title (dataset);

      if (*title != '\0')
        return g_strconcat (title, " · ", iterations, " · ", date, NULL);
    }
  return g_strconcat (iterations, " · ", date, NULL);
}

static void
on_store_items_changed (LlCostPlot *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  g_autofree double *rates = g_new (double, MAX (n_runs, 1));
  guint max_iteration = 1;

  for (guint i = 0; i < n_runs; i++)
    {
      LlRun *run = ll_run_store_get_run (self->store, i);

      rates[i] = ll_run_get_learning_rate (run);
      max_iteration = MAX (max_iteration, ll_run_get_iterations (run));
    }
  self->max_iteration = max_iteration;
  g_free (self->export_caption);
  self->export_caption = self->store != NULL ? make_export_caption (self) : NULL;
  ll_cost_plot_set_runs (self, rates, n_runs, max_iteration);  /* a new figure */
  for (guint i = 0; i < n_runs; i++)
    copy_run (self, i, ll_run_store_get_run (self->store, i));
  queue_update (self);
}

static void
on_store_run_updated (LlCostPlot *self,
                      guint       position,
                      LlRun      *run)
{
  gboolean was_visible;

  if (position >= self->runs->len)
    return;
  was_visible = get_run (self, position)->visible;
  copy_run (self, position, run);
  if (was_visible != get_run (self, position)->visible)
    ll_figure_axis_reset_growth (get_figure (self), LL_AXIS_Y);
  queue_update (self);
}

/* The cursor marks the timeline's moment. */
static void
on_store_moment_changed (LlCostPlot *self)
{
  ll_cost_plot_set_readout_iteration (self, store_moment (self));
}

static void
ll_cost_plot_init (LlCostPlot *self)
{
  GtkEventController *controller;

  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "run-updated",
                                 G_CALLBACK (on_store_run_updated), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "notify::moment",
                                 G_CALLBACK (on_store_moment_changed), self, G_CONNECT_SWAPPED);

  self->runs = g_array_new (FALSE, TRUE, sizeof (Run));
  g_array_set_clear_func (self->runs, run_clear);
  self->font_scale = 1.0;
  self->readout_iteration = -1;
  self->max_iteration = 1;

  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  self->view = LL_FIGURE_VIEW (ll_figure_view_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->view), GTK_WIDGET (self));
  ll_figure_view_set_point_readout (self->view, FALSE);  /* a column across the rates */
  ll_figure_view_set_export_name (self->view, "cost-plot.png");
  ll_figure_view_add_menu_item (self->view, _("Show _Test Cost"), "cost-plot.show-test-cost");
  ll_figure_view_add_menu_item (self->view, _("_Log Iteration Axis (First Steps)"), "cost-plot.log-iterations");
  g_signal_connect_object (self->view, "cursor-changed", G_CALLBACK (on_cursor_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->view, "layer-toggled", G_CALLBACK (on_layer_toggled), self,
                           G_CONNECT_SWAPPED);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cost per iteration"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cost per iteration"),
                                  -1);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  rebuild_figure (self);
  queue_describe (self);
}

/* ---- public API ---- */

GtkWidget *
ll_cost_plot_new (void)
{
  return g_object_new (LL_TYPE_COST_PLOT, NULL);
}

LlFigureView *
ll_cost_plot_get_view (LlCostPlot *self)
{
  g_return_val_if_fail (LL_IS_COST_PLOT (self), NULL);

  return self->view;
}

void
ll_cost_plot_set_runs (LlCostPlot   *self,
                       const double *learning_rates,
                       guint         n_runs,
                       guint         max_iteration)
{
  g_return_if_fail (LL_IS_COST_PLOT (self));
  g_return_if_fail (n_runs == 0 || learning_rates != NULL);

  g_array_set_size (self->runs, 0);
  for (guint i = 0; i < n_runs; i++)
    {
      Run run = {
        .learning_rate = learning_rates[i],
        .label = ll_plot_rate_label (learning_rates[i]),
        .points = g_array_new (FALSE, FALSE, sizeof (PlotPoint)),
        .first_costs = g_array_new (FALSE, FALSE, sizeof (double)),
        .visible = TRUE,
        .look = i,
      };

      g_array_append_val (self->runs, run);
    }
  self->max_iteration = max_iteration;
  self->readout_iteration = -1;
  rebuild_figure (self);
  queue_describe (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READOUT_ITERATION]);
}

void
ll_cost_plot_add_point (LlCostPlot *self,
                        guint       run,
                        guint       iteration,
                        double      cost)
{
  g_return_if_fail (LL_IS_COST_PLOT (self));
  g_return_if_fail (run < self->runs->len);

  add_point (self, run, iteration, cost, NAN);
  queue_update (self);
}

void
ll_cost_plot_clear (LlCostPlot *self)
{
  g_return_if_fail (LL_IS_COST_PLOT (self));

  for (guint i = 0; i < self->runs->len; i++)
    {
      g_array_set_size (get_run (self, i)->points, 0);
      g_array_set_size (get_run (self, i)->first_costs, 0);
    }
  ll_figure_axis_reset_growth (get_figure (self), LL_AXIS_Y);
  ll_cost_plot_set_readout_iteration (self, -1);
  queue_update (self);
}

void
ll_cost_plot_set_store (LlCostPlot *self,
                        LlRunStore *store)
{
  g_return_if_fail (LL_IS_COST_PLOT (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_store_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_cost_plot_get_store (LlCostPlot *self)
{
  g_return_val_if_fail (LL_IS_COST_PLOT (self), NULL);

  return self->store;
}

guint
ll_cost_plot_get_n_runs (LlCostPlot *self)
{
  g_return_val_if_fail (LL_IS_COST_PLOT (self), 0);

  return self->runs->len;
}

guint
ll_cost_plot_get_n_points (LlCostPlot *self, guint run)
{
  g_return_val_if_fail (LL_IS_COST_PLOT (self), 0);
  g_return_val_if_fail (run < self->runs->len, 0);

  return get_run (self, run)->points->len;
}

double
ll_cost_plot_get_last_cost (LlCostPlot *self, guint run)
{
  GArray *points;

  g_return_val_if_fail (LL_IS_COST_PLOT (self), NAN);
  g_return_val_if_fail (run < self->runs->len, NAN);

  points = get_run (self, run)->points;
  return points->len > 0 ? g_array_index (points, PlotPoint, points->len - 1).cost : NAN;
}

gboolean
ll_cost_plot_get_log_scale (LlCostPlot *self)
{
  g_return_val_if_fail (LL_IS_COST_PLOT (self), FALSE);

  return self->log_scale;
}

void
ll_cost_plot_set_log_scale (LlCostPlot *self, gboolean log_scale)
{
  g_return_if_fail (LL_IS_COST_PLOT (self));

  log_scale = !!log_scale;
  if (self->log_scale == log_scale)
    return;
  self->log_scale = log_scale;
  rebuild_figure (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

gboolean
ll_cost_plot_get_show_test_cost (LlCostPlot *self)
{
  g_return_val_if_fail (LL_IS_COST_PLOT (self), FALSE);

  return self->show_test_cost;
}

void
ll_cost_plot_set_show_test_cost (LlCostPlot *self, gboolean show_test_cost)
{
  g_return_if_fail (LL_IS_COST_PLOT (self));

  show_test_cost = !!show_test_cost;
  if (self->show_test_cost == show_test_cost)
    return;
  self->show_test_cost = show_test_cost;
  rebuild_figure (self);
  queue_describe (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_TEST_COST]);
}

gboolean
ll_cost_plot_get_log_iterations (LlCostPlot *self)
{
  g_return_val_if_fail (LL_IS_COST_PLOT (self), FALSE);

  return self->log_iterations;
}

void
ll_cost_plot_set_log_iterations (LlCostPlot *self, gboolean log_iterations)
{
  g_return_if_fail (LL_IS_COST_PLOT (self));

  log_iterations = !!log_iterations;
  if (self->log_iterations == log_iterations)
    return;
  self->log_iterations = log_iterations;
  rebuild_figure (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_ITERATIONS]);
}

double
ll_cost_plot_get_font_scale (LlCostPlot *self)
{
  g_return_val_if_fail (LL_IS_COST_PLOT (self), 1.0);

  return self->font_scale;
}

void
ll_cost_plot_set_font_scale (LlCostPlot *self, double font_scale)
{
  g_return_if_fail (LL_IS_COST_PLOT (self));

  font_scale = isfinite (font_scale) ? CLAMP (font_scale, 0.5, 4.0) : 1.0;
  if (self->font_scale == font_scale)
    return;
  self->font_scale = font_scale;
  ll_figure_view_set_font_scale (self->view, font_scale);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

int
ll_cost_plot_get_readout_iteration (LlCostPlot *self)
{
  g_return_val_if_fail (LL_IS_COST_PLOT (self), -1);

  return self->readout_iteration;
}

void
ll_cost_plot_set_readout_iteration (LlCostPlot *self, int iteration)
{
  int snapped = -1;

  g_return_if_fail (LL_IS_COST_PLOT (self));

  /* The nearest record point of any run. */
  if (iteration >= 0)
    {
      guint best_distance = G_MAXUINT;

      for (guint r = 0; r < self->runs->len; r++)
        {
          GArray *points = get_run (self, r)->points;

          for (guint i = 0; i < points->len; i++)
            {
              guint candidate = g_array_index (points, PlotPoint, i).iteration;
              guint distance = candidate > (guint) iteration ? candidate - iteration : iteration - candidate;

              if (distance < best_distance || (distance == best_distance && (int) candidate < snapped))
                {
                  best_distance = distance;
                  snapped = (int) candidate;
                }
            }
        }
    }
  if (snapped >= 0)
    ll_figure_view_set_cursor_x (self->view, snapped);
  else
    ll_figure_view_clear_cursor (self->view);
  /* on_cursor_changed followed it, unless the view's cursor was there already */
  if (self->readout_iteration != snapped)
    {
      self->readout_iteration = snapped;
      queue_describe (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READOUT_ITERATION]);
    }
}

gboolean
ll_cost_plot_export (LlCostPlot  *self,
                     const char  *path,
                     int          width,
                     int          height,
                     GError     **error)
{
  g_return_val_if_fail (LL_IS_COST_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return ll_figure_view_export (self->view, path, width, height, error);
}

static void
on_export_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (ll_figure_view_export_finish (LL_FIGURE_VIEW (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ll_cost_plot_export_async (LlCostPlot          *self,
                           const char          *path,
                           int                  width,
                           int                  height,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (LL_IS_COST_PLOT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_cost_plot_export_async);
  ll_figure_view_export_async (self->view, path, width, height, cancellable, on_export_done, task);
}

gboolean
ll_cost_plot_export_finish (LlCostPlot    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
