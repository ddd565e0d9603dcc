/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-sharpness-view.c: see ll-sharpness-view.h.
 *
 * The figure is built again when the runs or L change and keeps its layers
 * otherwise: a new record point only replaces its run's points, so the
 * readout under the pointer stays. A run's 2/lr line follows its curve when
 * the curve is shown or hidden (a legend click, or the run's "visible").
 * The y axis is logarithmic: the sharpness falls by orders of magnitude as
 * the predictions saturate. */
#include "config.h"

#include "ll-sharpness-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ll-style.h"
#include "plot/plot-render.h"  /* ll_plot_format_rate */
#include "plot/plot-sharpness.h"

struct _LlSharpnessView
{
  GtkBox parent_instance;

  LlRunStore *store;
  GSignalGroup *store_signals;

  /* template */
  LlFigureView *figure_view;
  GtkLabel *note_label;
};

G_DEFINE_FINAL_TYPE (LlSharpnessView, ll_sharpness_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_rate (double rate)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (ll_plot_format_rate (rate, buffer));
}

static guint
n_runs (LlSharpnessView *self)
{
  return self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
}

/* 2/lr: the largest sharpness at which a step of LR is stable. */
static double
stable_limit (LlRun *run)
{
  double rate = ll_run_get_learning_rate (run);

  return rate > 0 ? 2 / rate : NAN;
}

/* ---- the figure ---- */

/* Run POSITION's record points; the figure keeps those with a sharpness. */
static void
set_run_points (LlSharpnessView *self, LlFigure *figure, guint position)
{
  LlRun *run = ll_run_store_get_run (self->store, position);
  guint n_points = ll_run_get_n_points (run);
  g_autofree double *iterations = g_new (double, MAX (n_points, 1));
  g_autofree double *sharpness = g_new (double, MAX (n_points, 1));

  for (guint p = 0; p < n_points; p++)
    {
      iterations[p] = ll_run_get_point (run, p)->iteration;
      sharpness[p] = ll_run_get_point (run, p)->sharpness;
    }
  ll_plot_sharpness_set_run_points (figure, position, iterations, sharpness, n_points);
}

/* Shown with the run's "visible"; faded while it is pinned, as on every plot. */
static void
set_run_look (LlFigure *figure, guint position, LlRun *run)
{
  ll_plot_sharpness_set_run_look (figure, position, ll_run_get_visible (run), ll_run_get_pinned (run));
}

/* The timeline's moment (issue 21.2): a ring on each shown run's point at
 * it, in the run's colour (the last layer); none while following the latest. */
static void
set_moment (LlSharpnessView *self, LlFigure *figure)
{
  guint n = 0, count = n_runs (self);
  g_autofree double *x = g_new (double, MAX (count, 1));
  g_autofree double *y = g_new (double, MAX (count, 1));
  g_autofree guint *classes = g_new (guint, MAX (count, 1));

  for (guint r = 0; r < count && ll_run_store_get_moment (self->store) >= 0; r++)
    {
      LlRun *run = ll_run_store_get_run (self->store, r);
      const LlRunPoint *point = ll_run_get_shown_point (run);

      if (point == NULL || !isfinite (point->sharpness) || !ll_run_get_visible (run))
        continue;
      x[n] = point->iteration;
      y[n] = point->sharpness;
      classes[n] = ll_run_get_look (run);
      n++;
    }
  ll_plot_layer_set_points (ll_figure_get_layer (figure, ll_figure_get_n_layers (figure) - 1), x, y,
                            classes, n);
}

/* The shared figure (plot-sharpness.h, also the handout's) with the
 * store's runs; their points are set after, as on a new record point. */
static LlFigure *
build_figure (LlSharpnessView *self)
{
  double critical = self->store != NULL ? ll_run_store_get_critical_rate (self->store) : NAN;
  guint count = n_runs (self);
  g_autofree LlSharpnessFigureRun *runs = g_new0 (LlSharpnessFigureRun, MAX (count, 1));
  LlFigure *figure;

  for (guint r = 0; r < count; r++)
    {
      LlRun *run = ll_run_store_get_run (self->store, r);

      runs[r] = (LlSharpnessFigureRun) { ll_run_get_learning_rate (run), ll_run_get_look (run),
                                         ll_run_get_visible (run), ll_run_get_pinned (run), NULL, NULL, 0 };
    }
  figure = ll_plot_sharpness_figure (critical, runs, count);
  for (guint r = 0; r < count; r++)
    set_run_points (self, figure, r);
  set_moment (self, figure);
  return figure;
}

/* ---- the note ---- */

/* Where RUN's sharpness went below 2/lr for good, as one sentence; NULL
 * when it has no sharpness yet. */
static char *
describe_run (LlRun *run)
{
  double limit = stable_limit (run);
  g_autofree char *rate = format_rate (ll_run_get_learning_rate (run));
  g_autofree char *limit_text = ll_plot_format_sharpness (limit);
  const LlRunPoint *last_above = NULL, *first_after = NULL, *last = NULL;

  for (guint p = 0; p < ll_run_get_n_points (run); p++)
    {
      const LlRunPoint *point = ll_run_get_point (run, p);

      if (!isfinite (point->sharpness))
        continue;
      if (point->sharpness >= limit)
        {
          last_above = point;
          first_after = NULL;
        }
      else if (first_after == NULL)
        first_after = point;
      last = point;
    }
  if (last == NULL)
    return NULL;
  if (last_above == NULL)
    return g_strdup_printf (_("lr %s: below 2/lr = %s from the start."), rate, limit_text);
  if (first_after == NULL)
    return g_strdup_printf (_("lr %s: still above 2/lr = %s at iteration %u."), rate, limit_text,
                            last->iteration);
  return g_strdup_printf (_("lr %s: fell below 2/lr = %s by iteration %u (above it at %u)."), rate,
                          limit_text, first_after->iteration, last_above->iteration);
}

static void
update_note (LlSharpnessView *self)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint r = 0; r < n_runs (self); r++)
    {
      LlRun *run = ll_run_store_get_run (self->store, r);
      g_autofree char *sentence = ll_run_get_visible (run) ? describe_run (run) : NULL;

      if (sentence == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, sentence);
    }
  if (text->len == 0)
    g_string_append (text, self->store != NULL && ll_run_store_get_dataset (self->store) != NULL
                           ? _("Train to see each run’s sharpness: a step of rate lr is stable "
                               "only where it is below 2/lr.")
                           : _("Open a dataset and train to see the sharpness."));
  gtk_label_set_text (self->note_label, text->str);
  ll_figure_view_set_description (self->figure_view, text->str);
}

/* ---- following the run store ---- */

static void
rebuild (LlSharpnessView *self)
{
  ll_figure_view_set_figure (self->figure_view, build_figure (self));
  update_note (self);
}

static void
on_run_visible (LlSharpnessView *self)
{
  LlFigure *figure = ll_figure_view_get_figure (self->figure_view);

  for (guint r = 0; figure != NULL && r < n_runs (self); r++)
    set_run_look (figure, r, ll_run_store_get_run (self->store, r));
  if (figure != NULL)
    set_moment (self, figure);
  ll_figure_view_queue_update (self->figure_view);
  update_note (self);
}

/* A run's "visible" or "pinned" changing comes as "run-updated" too. */
static void
on_store_items_changed (LlSharpnessView *self)
{
  rebuild (self);
}

static void
on_store_run_updated (LlSharpnessView *self, guint position)
{
  LlFigure *figure = ll_figure_view_get_figure (self->figure_view);

  if (figure == NULL || position >= n_runs (self))
    return;
  set_run_points (self, figure, position);
  set_run_look (figure, position, ll_run_store_get_run (self->store, position));
  set_moment (self, figure);
  ll_figure_view_queue_update (self->figure_view);
  update_note (self);
}

static void
on_store_moment (LlSharpnessView *self)
{
  LlFigure *figure = ll_figure_view_get_figure (self->figure_view);

  if (figure == NULL)
    return;
  set_moment (self, figure);
  ll_figure_view_queue_update (self->figure_view);
}

/* A legend click shows or hides the run everywhere (issue 21.6). */
static void
on_layer_toggled (LlSharpnessView *self, guint layer, gboolean visible)
{
  guint position = (layer - 1) / 2;

  if (layer == LL_SHARPNESS_LAYER_L || layer != LL_SHARPNESS_LAYER_RUN (position) || position >= n_runs (self))
    return;
  ll_run_set_visible (ll_run_store_get_run (self->store, position), visible);
  on_run_visible (self);
}

/* The readout: the run's 2/lr and how far below or above it the point is. */
static void
on_cursor_changed (LlSharpnessView *self)
{
  LlFigure *figure = ll_figure_view_get_figure (self->figure_view);
  guint layer, position;
  gsize index;
  double x, y, limit;
  g_autofree char *limit_text = NULL, *ratio_text = NULL;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (figure == NULL || !ll_figure_view_get_cursor_point (self->figure_view, &layer, &index)
      || layer == LL_SHARPNESS_LAYER_L || layer % 2 != 1)
    return;
  position = (layer - 1) / 2;
  if (position >= n_runs (self))  /* the moment's rings */
    return;
  limit = stable_limit (ll_run_store_get_run (self->store, position));
  ll_plot_layer_get_point (ll_figure_get_layer (figure, layer), index, &x, &y);
  limit_text = ll_plot_format_sharpness (limit);
  ll_figure_add_cursor_row (figure, _("2/lr"), limit_text);
  ratio_text = g_strdup_printf ("%s × 2/lr", g_ascii_formatd (buffer, sizeof buffer, "%.2f", y / limit));
  ll_figure_add_cursor_row (figure, _("sharpness"), ratio_text);
  ll_figure_add_cursor_row (figure, _("a step here"), y < limit ? _("stable") : _("overshoots"));
}

void
ll_sharpness_view_set_store (LlSharpnessView *self,
                             LlRunStore      *store)
{
  g_return_if_fail (LL_IS_SHARPNESS_VIEW (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_store_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_sharpness_view_get_store (LlSharpnessView *self)
{
  g_return_val_if_fail (LL_IS_SHARPNESS_VIEW (self), NULL);
  return self->store;
}

const char *
ll_sharpness_view_get_note (LlSharpnessView *self)
{
  g_return_val_if_fail (LL_IS_SHARPNESS_VIEW (self), NULL);
  return gtk_label_get_text (self->note_label);
}

LlFigureView *
ll_sharpness_view_get_figure_view (LlSharpnessView *self)
{
  g_return_val_if_fail (LL_IS_SHARPNESS_VIEW (self), NULL);
  return self->figure_view;
}

/* ---- GObject ---- */

GtkWidget *
ll_sharpness_view_new (void)
{
  return g_object_new (LL_TYPE_SHARPNESS_VIEW, NULL);
}

static void
ll_sharpness_view_dispose (GObject *object)
{
  LlSharpnessView *self = LL_SHARPNESS_VIEW (object);

  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_SHARPNESS_VIEW);
  G_OBJECT_CLASS (ll_sharpness_view_parent_class)->dispose (object);
}

static void
ll_sharpness_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, LL_SHARPNESS_VIEW (object)->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_sharpness_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      ll_sharpness_view_set_store (LL_SHARPNESS_VIEW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_sharpness_view_class_init (LlSharpnessViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  ll_style_ensure_resources ();
  g_type_ensure (LL_TYPE_FIGURE_VIEW);
  object_class->dispose = ll_sharpness_view_dispose;
  object_class->get_property = ll_sharpness_view_get_property;
  object_class->set_property = ll_sharpness_view_set_property;
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-sharpness-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LlSharpnessView, figure_view);
  gtk_widget_class_bind_template_child (widget_class, LlSharpnessView, note_label);
  gtk_widget_class_bind_template_callback (widget_class, on_cursor_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_layer_toggled);
}

static void
ll_sharpness_view_init (LlSharpnessView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->figure_view), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sharpness by iteration"), -1);
  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_swapped (self->store_signals, "items-changed",
                                  G_CALLBACK (on_store_items_changed), self);
  g_signal_group_connect_swapped (self->store_signals, "run-updated",
                                  G_CALLBACK (on_store_run_updated), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::moment",
                                  G_CALLBACK (on_store_moment), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::critical-rate",
                                  G_CALLBACK (rebuild), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::dataset",
                                  G_CALLBACK (rebuild), self);
  rebuild (self);
}
