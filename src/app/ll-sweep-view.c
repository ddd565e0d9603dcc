/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-sweep-view.c: see ll-sweep-view.h.
 *
 * Each figure is built again when what its reference lines say changes (a
 * new 2/L, the job's rates, the iterations) and keeps its layers otherwise:
 * arriving results only replace the points, so a readout under the pointer
 * stays. The legend choices (a layer shown or hidden) are kept per layer
 * across rebuilds. */
#include "config.h"

#include "ll-sweep-view.h"
#include "session/ll-run-config.h"  /* ll_run_config_parse_rate */
#include "ll-style.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "plot/plot-render.h"  /* ll_plot_format_rate */

struct _LlSweepView
{
  GtkBox parent_instance;

  /* template */
  GtkWidget *from_entry;
  GtkWidget *to_entry;
  GtkWidget *count_spin;
  GtkWidget *sweep_button;
  GtkWidget *cancel_button;
  GtkWidget *progress_bar;
  GtkWidget *status_label;
  GtkStack *figures_stack;
  GtkLabel *empty_label;
  LlFigureView *cost_view;
  LlFigureView *accuracy_view;

  LlSweepJob *job;
  LlSharedDataset *dataset;
  LlRunStore *store;          /* its 2/L and the job's runs at the moment */
  GSignalGroup *store_signals;
  gboolean showing_results;   /* FALSE after a dataset change, until a new start */
  guint iterations;
  GArray *job_rates;          /* double */
  double font_scale;
  guint cost_hidden;          /* bit per layer: hidden by a legend click */
  guint accuracy_hidden;

  /* Point i of each figure's diverged layer is result diverged_results[i]. */
  GArray *diverged_results;   /* guint */
};

G_DEFINE_FINAL_TYPE (LlSweepView, ll_sweep_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_ITERATIONS,
  PROP_JOB_RATES,
  PROP_FONT_SCALE,
  PROP_STORE,
  N_PROPS
};

enum {
  SIGNAL_RATE_CHOSEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const LlSweepResult *
get_results (LlSweepView *self, guint *n_results)
{
  const LlSweepResult *results = ll_sweep_job_get_results (self->job, n_results);

  if (!self->showing_results)
    *n_results = 0;
  return results;
}

/* The store's 2/L: computed once per dataset, for every view. */
static double
critical_rate (LlSweepView *self)
{
  return self->store != NULL ? ll_run_store_get_critical_rate (self->store) : NAN;
}

static char *
format_rate (double rate)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (ll_plot_format_rate (rate, buffer));
}

/* ---- the figures ---- */

/* The iterations the shown results were trained for (the setting only
 * until there are results). */
static guint
shown_iterations (LlSweepView *self)
{
  LlSweepJobConfig config;

  ll_sweep_job_get_config (self->job, &config);
  return self->showing_results && config.iterations > 0 ? config.iterations : self->iterations;
}

const LlSweepResult *
ll_sweep_view_get_shown_results (LlSweepView *self,
                                 guint       *n_results,
                                 guint       *iterations)
{
  g_return_val_if_fail (LL_IS_SWEEP_VIEW (self), NULL);
  g_return_val_if_fail (n_results != NULL, NULL);

  if (iterations != NULL)
    *iterations = shown_iterations (self);
  return get_results (self, n_results);
}

/* The shared figures (plot-sweep.h, also the handout's). */
static void
build_figures (LlSweepView *self, LlFigure **cost, LlFigure **accuracy)
{
  g_autofree guint *looks = g_new (guint, MAX (self->job_rates->len, 1));
  LlSweepFigureSpec spec = {
    shown_iterations (self), critical_rate (self), self->showing_results,
    (const double *) self->job_rates->data, looks, self->job_rates->len,
  };

  /* The looks the job's runs get (or got): beside the pinned runs'. */
  for (guint i = 0; i < self->job_rates->len; i++)
    looks[i] = i;
  if (self->store != NULL)
    ll_run_store_free_looks (self->store, self->job_rates->len, looks);
  *cost = ll_plot_sweep_cost_figure (&spec);
  *accuracy = ll_plot_sweep_accuracy_figure (&spec);
}

/* The results into the layers (built or not yet). */
static void
fill_points (LlSweepView *self)
{
  guint n_results;
  const LlSweepResult *results = get_results (self, &n_results);

  ll_plot_sweep_set_results (ll_figure_view_get_figure (self->cost_view),
                             ll_figure_view_get_figure (self->accuracy_view),
                             results, n_results, self->diverged_results);
}

/* Where each visible run of the store is at its moment (issue 21.2). */
static void
fill_moment (LlSweepView *self)
{
  LlFigure *cost = ll_figure_view_get_figure (self->cost_view);
  LlFigure *accuracy = ll_figure_view_get_figure (self->accuracy_view);
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0, n = 0;
  g_autofree LlSweepFigureMoment *moment = g_new (LlSweepFigureMoment, MAX (n_runs, 1));

  if (cost == NULL || accuracy == NULL)
    return;
  for (guint r = 0; r < n_runs; r++)
    {
      LlRun *run = ll_run_store_get_run (self->store, r);
      const LlRunPoint *point = ll_run_get_shown_point (run);

      if (point == NULL || !ll_run_get_visible (run))
        continue;
      moment[n++] = (LlSweepFigureMoment) { ll_run_get_learning_rate (run), point->cost, point->test_accuracy,
                                            point->train_accuracy, ll_run_get_look (run) };
    }
  ll_plot_sweep_set_moment (cost, accuracy, moment, n);
}

static void
apply_hidden (LlFigure *figure, guint hidden)
{
  for (guint i = 0; i < MIN (ll_figure_get_n_layers (figure), 32); i++)
    if (hidden & (1u << i))
      ll_plot_layer_set_visible (ll_figure_get_layer (figure, i), FALSE);
}

/* ---- text ---- */

static char *
describe_cost (LlSweepView *self)
{
  guint n_results, n_diverged = 0;
  const LlSweepResult *results = get_results (self, &n_results);
  double critical = critical_rate (self);
  const LlSweepResult *best = NULL;
  GString *text;

  if (n_results == 0)
    return g_strdup (_("No learning rates swept yet"));
  for (guint i = 0; i < n_results; i++)
    {
      n_diverged += results[i].diverged;
      if (!results[i].diverged && (best == NULL || results[i].cost < best->cost))
        best = &results[i];
    }
  text = g_string_new (NULL);
  {
    g_autofree char *from = format_rate (results[0].learning_rate);
    g_autofree char *to = format_rate (results[n_results - 1].learning_rate);

    g_string_append_printf (text, _("Final cost of %u learning rates from %s to %s."), n_results, from, to);
  }
  if (best != NULL)
    {
      g_autofree char *rate = format_rate (best->learning_rate);
      char cost[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Lowest cost %s at learning rate %s."),
                              ll_plot_format_cost (best->cost, cost), rate);
    }
  g_string_append_c (text, ' ');
  g_string_append_printf (text, ngettext ("%u rate diverged.", "%u rates diverged.", n_diverged), n_diverged);
  if (isfinite (critical))
    {
      g_autofree char *value = ll_plot_format_critical_rate (critical);

      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Largest stable rate at the start: 2/L = %s."), value);
    }
  return g_string_free (text, FALSE);
}

static char *
describe_accuracy (LlSweepView *self)
{
  guint n_results;
  const LlSweepResult *results = get_results (self, &n_results);
  const LlSweepResult *best = NULL;
  g_autofree char *rate = NULL;
  char percent[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < n_results; i++)
    if (isfinite (ll_plot_sweep_shown_accuracy (&results[i])) &&
        (best == NULL || ll_plot_sweep_shown_accuracy (&results[i]) > ll_plot_sweep_shown_accuracy (best)))
      best = &results[i];
  if (best == NULL)
    return g_strdup (_("No learning rates swept yet"));
  rate = format_rate (best->learning_rate);
  g_ascii_formatd (percent, sizeof percent, "%.1f", ll_plot_sweep_shown_accuracy (best));
  return g_strdup_printf (isfinite (best->test_accuracy)
                          ? _("Highest test accuracy %s%% at learning rate %s.")
                          : _("Highest train accuracy %s%% at learning rate %s."),
                          percent, rate);
}

static void
update_status (LlSweepView *self, const char *message)
{
  guint n_results;
  const LlSweepResult *results = get_results (self, &n_results);
  LlSweepJobConfig config;
  g_autofree char *text = NULL;
  double critical = critical_rate (self);
  g_autofree char *critical_text = NULL;
  guint n_diverged = 0;

  ll_sweep_job_get_config (self->job, &config);
  for (guint i = 0; i < n_results; i++)
    n_diverged += results[i].diverged;
  if (isfinite (critical) && self->showing_results)
    {
      g_autofree char *value = ll_plot_format_critical_rate (critical);

      critical_text = g_strdup_printf (_("Largest stable rate at the start: 2/L = %s."), value);
    }

  if (message != NULL)
    text = g_strdup (message);
  else if (ll_sweep_job_get_running (self->job))
    text = g_strdup_printf (_("Training %u of %u rates… %s"), n_results, config.count,
                            critical_text != NULL ? critical_text : "");
  else if (n_results > 0)
    {
      g_autofree char *swept = g_strdup_printf (ngettext ("%u rate swept", "%u rates swept", n_results),
                                                n_results);
      g_autofree char *diverged = g_strdup_printf (ngettext ("(%u diverged).", "(%u diverged).", n_diverged),
                                                   n_diverged);

      text = g_strjoin (" ", swept, diverged, critical_text != NULL ? critical_text : "",
                        _("Click a point to add its rate to the job."), NULL);
    }
  else
    /* Nothing to say beside the empty page's text (update_empty). */
    text = g_strdup ("");

  gtk_label_set_text (GTK_LABEL (self->status_label), g_strstrip (text));
  gtk_widget_set_visible (self->status_label, *text != '\0');
}

/* Before any results (and while none has come) the page says what Sweep
 * will do in place of the figures, as the other pages' empty states do:
 * two axes with only reference lines on them said nothing. */
static void
update_empty (LlSweepView *self)
{
  guint n_results;
  gboolean empty;
  double from, to;
  g_autofree char *text = NULL;

  get_results (self, &n_results);
  empty = n_results == 0 && !ll_sweep_job_get_running (self->job);
  gtk_stack_set_visible_child_name (self->figures_stack, empty ? "empty" : "figures");
  if (!empty)
    return;
  if (self->dataset == NULL)
    text = g_strdup (_("Open a dataset to sweep learning rates."));
  else if (ll_run_config_parse_rate (gtk_editable_get_text (GTK_EDITABLE (self->from_entry)), &from, NULL)
           && ll_run_config_parse_rate (gtk_editable_get_text (GTK_EDITABLE (self->to_entry)), &to, NULL))
    {
      guint count = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->count_spin));
      g_autofree char *from_text = format_rate (from);
      g_autofree char *to_text = format_rate (to);
      /* TRANSLATORS: completes "Press Sweep to train 40 learning rates from 1e-05 to 10, ..." */
      g_autofree char *iterations = g_strdup_printf (ngettext ("%u iteration", "%u iterations", self->iterations),
                                                     self->iterations);

      /* TRANSLATORS: the Sweep page before a sweep: "Press Sweep to train 40 learning rates from
       * 1e-05 to 10, 2000 iterations each, and see where each one ends." */
      text = g_strdup_printf (ngettext ("Press Sweep to train %u learning rate from %s to %s, %s each, "
                                        "and see where each one ends.",
                                        "Press Sweep to train %u learning rates from %s to %s, %s each, "
                                        "and see where each one ends.", count),
                              count, from_text, to_text, iterations);
    }
  else
    text = g_strdup (_("Type the smallest and the largest learning rate, then press Sweep."));
  gtk_label_set_text (self->empty_label, text);
}

static void
update_controls (LlSweepView *self)
{
  gboolean running = ll_sweep_job_get_running (self->job);

  gtk_widget_set_sensitive (self->sweep_button, !running && self->dataset != NULL);
  gtk_widget_set_sensitive (self->cancel_button, running);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar),
                                 self->showing_results ? ll_sweep_job_get_fraction (self->job) : 0);
}

/* After new results: the points, the descriptions, the status. */
static void
refresh (LlSweepView *self)
{
  g_autofree char *cost_text = NULL;
  g_autofree char *accuracy_text = NULL;

  fill_points (self);
  fill_moment (self);
  ll_figure_view_queue_update (self->cost_view);
  ll_figure_view_queue_update (self->accuracy_view);
  cost_text = describe_cost (self);
  accuracy_text = describe_accuracy (self);
  ll_figure_view_set_description (self->cost_view, cost_text);
  ll_figure_view_set_description (self->accuracy_view, accuracy_text);
  update_controls (self);
  update_status (self, NULL);
  update_empty (self);
}

/* After what the reference lines or titles say changed. */
static void
rebuild (LlSweepView *self)
{
  LlFigure *cost, *accuracy;

  build_figures (self, &cost, &accuracy);

  apply_hidden (cost, self->cost_hidden);
  apply_hidden (accuracy, self->accuracy_hidden);
  ll_figure_view_set_figure (self->cost_view, cost);
  ll_figure_view_set_figure (self->accuracy_view, accuracy);
  refresh (self);
}

/* ---- the job ---- */

static void
on_results_added (LlSweepJob *job, guint position, guint n_added, LlSweepView *self)
{
  refresh (self);
}

/* ---- the run store ---- */

static void
on_store_critical_rate (LlSweepView *self)
{
  rebuild (self);
}

static void
on_store_runs (LlSweepView *self)
{
  fill_moment (self);
  ll_figure_view_queue_update (self->cost_view);
  ll_figure_view_queue_update (self->accuracy_view);
}

void
ll_sweep_view_set_store (LlSweepView *self, LlRunStore *store)
{
  g_return_if_fail (LL_IS_SWEEP_VIEW (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

static void
on_running (LlSweepJob *job, GParamSpec *pspec, LlSweepView *self)
{
  update_controls (self);
  update_status (self, NULL);
  update_empty (self);
}

static void
on_finished (LlSweepJob *job, const GError *error, LlSweepView *self)
{
  guint n_results;
  g_autofree char *message = NULL;

  get_results (self, &n_results);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      LlSweepJobConfig config;

      ll_sweep_job_get_config (job, &config);
      message = g_strdup_printf (_("Cancelled after %u of %u rates."), n_results, config.count);
    }
  else if (error != NULL)
    message = g_strdup_printf (_("The sweep failed: %s"), error->message);
  update_controls (self);
  update_status (self, message);
  update_empty (self);
}

/* ---- input ---- */

static gboolean
read_rate (GtkWidget *entry, const char *what, double *rate, LlSweepView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *message = NULL;

  if (ll_run_config_parse_rate (text, rate, NULL))
    return TRUE;
  /* TRANSLATORS: %s is "From" or "To" (the entry), then what was typed */
  message = g_strdup_printf (_("%s: “%s” is not a positive number."), what, text);
  update_status (self, message);
  gtk_widget_grab_focus (entry);
  return FALSE;
}

gboolean
ll_sweep_view_start (LlSweepView *self)
{
  LlSweepJobConfig config = { .iterations = 0 };
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (LL_IS_SWEEP_VIEW (self), FALSE);

  if (self->dataset == NULL)
    {
      update_status (self, _("Open a dataset to sweep learning rates."));
      return FALSE;
    }
  if (!read_rate (self->from_entry, C_("sweep", "From"), &config.from, self) ||
      !read_rate (self->to_entry, C_("sweep", "To"), &config.to, self))
    return FALSE;
  gtk_spin_button_update (GTK_SPIN_BUTTON (self->count_spin));
  config.count = (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->count_spin));
  config.iterations = self->iterations;
  self->showing_results = TRUE;
  if (!ll_sweep_job_start (self->job, self->dataset, &config, &error))
    {
      update_status (self, error->message);
      return FALSE;
    }
  rebuild (self);
  return TRUE;
}

void
ll_sweep_view_cancel (LlSweepView *self)
{
  g_return_if_fail (LL_IS_SWEEP_VIEW (self));

  ll_sweep_job_cancel (self->job);
}

static void
on_sweep_clicked (LlSweepView *self)
{
  ll_sweep_view_start (self);
}

static void
on_entry_activate (LlSweepView *self)
{
  if (!ll_sweep_job_get_running (self->job))
    ll_sweep_view_start (self);
}

static void
on_cancel_clicked (LlSweepView *self)
{
  ll_sweep_view_cancel (self);
}

/* The result a figure's point stands for, or -1 (a reference line). */
static int
result_for_point (LlSweepView *self, LlFigureView *view, guint layer, gsize index)
{
  gboolean is_cost = view == self->cost_view;
  guint diverged_layer = is_cost ? LL_SWEEP_COST_DIVERGED : LL_SWEEP_ACCURACY_DIVERGED;
  guint n_results;

  get_results (self, &n_results);
  if (layer == diverged_layer)
    return index < self->diverged_results->len ? (int) g_array_index (self->diverged_results, guint, index) : -1;
  if (layer < diverged_layer)
    return index < n_results ? (int) index : -1;
  return -1;
}

static void
on_point_activated (LlFigureView *view, guint layer, guint point, LlSweepView *self)
{
  int result = result_for_point (self, view, layer, point);
  guint n_results;
  const LlSweepResult *results = get_results (self, &n_results);

  if (result >= 0)
    g_signal_emit (self, signals[SIGNAL_RATE_CHOSEN], 0, results[result].learning_rate);
}

static void
add_percent_row (LlFigure *figure, const char *label, double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;

  if (!isfinite (value))
    return;
  text = g_strconcat (g_ascii_formatd (buffer, sizeof buffer, "%.1f", value), "%", NULL);
  ll_figure_add_cursor_row (figure, label, text);
}

/* The rest of the rate's numbers under the readout. */
static void
on_cursor_changed (LlFigureView *view, LlSweepView *self)
{
  LlFigure *figure = ll_figure_view_get_figure (view);
  guint layer, n_results;
  gsize index;
  const LlSweepResult *results = get_results (self, &n_results);
  const LlSweepResult *r;
  int result;

  if (figure == NULL || !ll_figure_view_get_cursor_point (view, &layer, &index))
    return;
  result = result_for_point (self, view, layer, index);
  if (result < 0)
    return;
  r = &results[result];
  if (view == self->cost_view)
    {
      add_percent_row (figure, _("test accuracy"), r->test_accuracy);
      add_percent_row (figure, _("train accuracy"), r->train_accuracy);
    }
  else
    {
      char cost[G_ASCII_DTOSTR_BUF_SIZE];

      ll_figure_add_cursor_row (figure, _("final cost"),
                                isfinite (r->cost) ? ll_plot_format_cost (r->cost, cost) : _("not finite"));
    }
  if (r->diverged)
    ll_figure_add_cursor_row (figure, _("diverged"),
                              isfinite (r->cost) ? _("cost above twice the start") : _("cost not finite"));
}

static void
on_layer_toggled (LlFigureView *view, guint layer, gboolean visible, LlSweepView *self)
{
  guint *hidden = view == self->cost_view ? &self->cost_hidden : &self->accuracy_hidden;

  if (layer >= 32)
    return;
  if (visible)
    *hidden &= ~(1u << layer);
  else
    *hidden |= 1u << layer;
}

/* ---- GObject ---- */

static void
ll_sweep_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LlSweepView *self = LL_SWEEP_VIEW (object);

  switch (prop_id)
    {
    case PROP_ITERATIONS:
      g_value_set_uint (value, self->iterations);
      break;
    case PROP_JOB_RATES:
      g_value_take_variant (value, g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, self->job_rates->data,
                                                              self->job_rates->len, sizeof (double)));
      break;
    case PROP_FONT_SCALE:
      g_value_set_double (value, self->font_scale);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_sweep_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LlSweepView *self = LL_SWEEP_VIEW (object);

  switch (prop_id)
    {
    case PROP_ITERATIONS:
      ll_sweep_view_set_iterations (self, g_value_get_uint (value));
      break;
    case PROP_JOB_RATES:
      {
        GVariant *rates = g_value_get_variant (value);
        gsize n = 0;
        const double *values = rates != NULL ? g_variant_get_fixed_array (rates, &n, sizeof (double)) : NULL;

        ll_sweep_view_set_job_rates (self, values, (guint) n);
      }
      break;
    case PROP_FONT_SCALE:
      ll_sweep_view_set_font_scale (self, g_value_get_double (value));
      break;
    case PROP_STORE:
      ll_sweep_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_sweep_view_dispose (GObject *object)
{
  LlSweepView *self = LL_SWEEP_VIEW (object);

  if (self->job != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->job, self);
      ll_sweep_job_cancel (self->job);
    }
  g_clear_object (&self->job);
  g_clear_pointer (&self->dataset, ll_shared_dataset_unref);
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_SWEEP_VIEW);
  G_OBJECT_CLASS (ll_sweep_view_parent_class)->dispose (object);
}

static void
ll_sweep_view_finalize (GObject *object)
{
  LlSweepView *self = LL_SWEEP_VIEW (object);

  g_clear_pointer (&self->job_rates, g_array_unref);
  g_clear_pointer (&self->diverged_results, g_array_unref);
  G_OBJECT_CLASS (ll_sweep_view_parent_class)->finalize (object);
}

static void
ll_sweep_view_class_init (LlSweepViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ll_sweep_view_get_property;
  object_class->set_property = ll_sweep_view_set_property;
  object_class->dispose = ll_sweep_view_dispose;
  object_class->finalize = ll_sweep_view_finalize;

  properties[PROP_ITERATIONS] =
    g_param_spec_uint ("iterations", NULL, NULL, 1, G_MAXUINT, 2000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOB_RATES] =
    g_param_spec_variant ("job-rates", NULL, NULL, G_VARIANT_TYPE ("ad"), NULL,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL, 0.5, 4.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlSweepView::rate-chosen:
   * @rate: the learning rate of the point clicked
   */
  signals[SIGNAL_RATE_CHOSEN] =
    g_signal_new ("rate-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_DOUBLE);

  ll_style_ensure_resources ();
  g_type_ensure (LL_TYPE_FIGURE_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-sweep-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, from_entry);
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, to_entry);
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, count_spin);
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, sweep_button);
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, status_label);
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, figures_stack);
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, cost_view);
  gtk_widget_class_bind_template_child (widget_class, LlSweepView, accuracy_view);
  gtk_widget_class_bind_template_callback (widget_class, on_sweep_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_cancel_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_point_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_cursor_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_layer_toggled);
  gtk_widget_class_bind_template_callback (widget_class, update_empty);
}

static void
ll_sweep_view_init (LlSweepView *self)
{
  self->iterations = 2000;
  self->font_scale = 1.0;
  self->job_rates = g_array_new (FALSE, FALSE, sizeof (double));
  self->diverged_results = g_array_new (FALSE, FALSE, sizeof (guint));
  self->job = ll_sweep_job_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  ll_sweep_view_set_range (self, LL_SWEEP_JOB_DEFAULT_FROM, LL_SWEEP_JOB_DEFAULT_TO, LL_SWEEP_JOB_DEFAULT_COUNT);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->cost_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Final cost by learning rate"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->accuracy_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Accuracy by learning rate"), -1);

  g_signal_connect (self->job, "results-added", G_CALLBACK (on_results_added), self);
  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_swapped (self->store_signals, "notify::critical-rate",
                                  G_CALLBACK (on_store_critical_rate), self);
  g_signal_group_connect_swapped (self->store_signals, "items-changed", G_CALLBACK (on_store_runs), self);
  g_signal_group_connect_swapped (self->store_signals, "run-updated", G_CALLBACK (on_store_runs), self);
  g_signal_connect (self->job, "notify::running", G_CALLBACK (on_running), self);
  g_signal_connect (self->job, "finished", G_CALLBACK (on_finished), self);
  rebuild (self);
}

/* ---- public API ---- */

GtkWidget *
ll_sweep_view_new (void)
{
  return g_object_new (LL_TYPE_SWEEP_VIEW, NULL);
}

void
ll_sweep_view_set_dataset (LlSweepView *self, LlSharedDataset *dataset)
{
  g_return_if_fail (LL_IS_SWEEP_VIEW (self));

  if (self->dataset == dataset)
    return;
  g_clear_pointer (&self->dataset, ll_shared_dataset_unref);
  self->dataset = dataset != NULL ? ll_shared_dataset_ref (dataset) : NULL;
  /* The results so far are another dataset's. */
  ll_sweep_job_cancel (self->job);
  self->showing_results = FALSE;
  rebuild (self);
}

guint
ll_sweep_view_get_iterations (LlSweepView *self)
{
  g_return_val_if_fail (LL_IS_SWEEP_VIEW (self), 0);

  return self->iterations;
}

void
ll_sweep_view_set_iterations (LlSweepView *self, guint iterations)
{
  g_return_if_fail (LL_IS_SWEEP_VIEW (self));

  iterations = MAX (iterations, 1);
  if (self->iterations == iterations)
    return;
  self->iterations = iterations;
  /* Before a sweep the titles say what Sweep will do. */
  if (self->job_rates != NULL)
    rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITERATIONS]);
}

const double *
ll_sweep_view_get_job_rates (LlSweepView *self, guint *n_rates)
{
  g_return_val_if_fail (LL_IS_SWEEP_VIEW (self), NULL);
  g_return_val_if_fail (n_rates != NULL, NULL);

  *n_rates = self->job_rates->len;
  return (const double *) self->job_rates->data;
}

void
ll_sweep_view_set_job_rates (LlSweepView *self, const double *rates, guint n_rates)
{
  g_return_if_fail (LL_IS_SWEEP_VIEW (self));
  g_return_if_fail (n_rates == 0 || rates != NULL);

  if (n_rates == self->job_rates->len &&
      (n_rates == 0 || memcmp (rates, self->job_rates->data, n_rates * sizeof (double)) == 0))
    return;
  g_array_set_size (self->job_rates, 0);
  g_array_append_vals (self->job_rates, rates, n_rates);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB_RATES]);
}

double
ll_sweep_view_get_font_scale (LlSweepView *self)
{
  g_return_val_if_fail (LL_IS_SWEEP_VIEW (self), 1.0);

  return self->font_scale;
}

void
ll_sweep_view_set_font_scale (LlSweepView *self, double font_scale)
{
  g_return_if_fail (LL_IS_SWEEP_VIEW (self));

  font_scale = isfinite (font_scale) ? CLAMP (font_scale, 0.5, 4.0) : 1.0;
  if (self->font_scale == font_scale)
    return;
  self->font_scale = font_scale;
  ll_figure_view_set_font_scale (self->cost_view, font_scale);
  ll_figure_view_set_font_scale (self->accuracy_view, font_scale);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

void
ll_sweep_view_set_range (LlSweepView *self, double from, double to, guint count)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  g_return_if_fail (LL_IS_SWEEP_VIEW (self));

  from_text = format_rate (from);
  to_text = format_rate (to);
  gtk_editable_set_text (GTK_EDITABLE (self->from_entry), from_text);
  gtk_editable_set_text (GTK_EDITABLE (self->to_entry), to_text);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->count_spin), count);
}

LlSweepJob *
ll_sweep_view_get_job (LlSweepView *self)
{
  g_return_val_if_fail (LL_IS_SWEEP_VIEW (self), NULL);

  return self->job;
}

LlFigureView *
ll_sweep_view_get_cost_view (LlSweepView *self)
{
  g_return_val_if_fail (LL_IS_SWEEP_VIEW (self), NULL);

  return self->cost_view;
}

LlFigureView *
ll_sweep_view_get_accuracy_view (LlSweepView *self)
{
  g_return_val_if_fail (LL_IS_SWEEP_VIEW (self), NULL);

  return self->accuracy_view;
}

const char *
ll_sweep_view_get_status (LlSweepView *self)
{
  g_return_val_if_fail (LL_IS_SWEEP_VIEW (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->status_label));
}
