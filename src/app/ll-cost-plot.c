/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-cost-plot.c: the live cost plot widget.
 *
 * Keeps a copy of each run's recorded costs and draws them with
 * ll_plot_render(), the code the exports use too. */
#include "config.h"

#include "ll-cost-plot.h"
#include "ll-swatch.h"      /* ll_widget_is_dark */

#include <math.h>

#include <glib/gi18n-lib.h>

#include "plot/plot-render.h"

typedef struct {
  double learning_rate;
  GArray *points;  /* LlCostPoint, sorted by iteration */
} Run;

struct _LlCostPlot
{
  GtkWidget parent_instance;

  GArray *runs;    /* Run */
  guint max_iteration;
  gboolean log_scale;
  double font_scale;
  double line_scale;  /* 0 = 1: projector mode's thicker lines */
  int readout_iteration;
  guint describe_source;

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
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
run_clear (gpointer data)
{
  Run *run = data;

  g_clear_pointer (&run->points, g_array_unref);
}

static Run *
get_run (LlCostPlot *self, guint index)
{
  return &g_array_index (self->runs, Run, index);
}

/* SPEC borrows the runs' points; SERIES must hold one entry per run. */
static void
fill_spec (LlCostPlot *self, LlPlotSpec *spec, LlPlotSeries *series)
{
  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *run = get_run (self, i);

      series[i].learning_rate = run->learning_rate;
      series[i].points = (const LlCostPoint *) run->points->data;
      series[i].n_points = run->points->len;
    }
  *spec = (LlPlotSpec) {
    .series = series,
    .n_series = self->runs->len,
    .max_iteration = self->max_iteration,
    .log_scale = self->log_scale,
    .dark = FALSE,
    .font_scale = self->font_scale,
    .line_scale = self->line_scale,
    .highlight_iteration = self->readout_iteration,
    .title = NULL,
  };
}

static int
compare_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The record points of all runs, ascending and without repeats. */
static GArray *
collect_iterations (LlCostPlot *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  GArray *iterations = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint r = 0; r < self->runs->len; r++)
    {
      GArray *points = get_run (self, r)->points;

      for (guint i = 0; i < points->len; i++)
        {
          guint iteration = g_array_index (points, LlCostPoint, i).iteration;

          if (g_hash_table_add (seen, GUINT_TO_POINTER (iteration + 1)))
            g_array_append_val (iterations, iteration);
        }
    }
  g_array_sort (iterations, compare_uint);
  return iterations;
}

/* ---- accessibility ---- */

static char *
describe (LlCostPlot *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char rate[G_ASCII_DTOSTR_BUF_SIZE], cost[G_ASCII_DTOSTR_BUF_SIZE];

  if (self->runs->len == 0)
    return g_strdup (_("No learning rates to plot"));

  for (guint r = 0; r < self->runs->len; r++)
    {
      Run *run = get_run (self, r);
      const LlCostPoint *shown = NULL;

      for (guint i = 0; i < run->points->len; i++)
        {
          const LlCostPoint *point = &g_array_index (run->points, LlCostPoint, i);

          if (self->readout_iteration < 0 || (int) point->iteration == self->readout_iteration)
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
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
update_description (gpointer data)
{
  LlCostPlot *self = data;
  g_autofree char *description = describe (self);

  self->describe_source = 0;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description,
                                  -1);
  return G_SOURCE_REMOVE;
}

/* Points can arrive many times a frame: describe once they settle. */
static void
queue_update (LlCostPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  if (self->describe_source == 0)
    self->describe_source = g_idle_add_full (G_PRIORITY_LOW, update_description, self, NULL);
}

/* ---- drawing ---- */

static void
ll_cost_plot_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LlCostPlot *self = LL_COST_PLOT (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree LlPlotSeries *series = g_new0 (LlPlotSeries, MAX (self->runs->len, 1));
  LlPlotSpec spec;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

  fill_spec (self, &spec, series);
  spec.dark = ll_widget_is_dark (widget);  /* light text: a dark theme */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ll_plot_render (cr, &spec, width, height);

  /* The theme has no focus ring for a custom widget: draw one, in the
   * accent blue of GTK's default theme. */
  if (gtk_widget_has_visible_focus (widget))
    {
      if (spec.dark)
        cairo_set_source_rgba (cr, 120 / 255., 174 / 255., 237 / 255., 0.8);
      else
        cairo_set_source_rgba (cr, 27 / 255., 106 / 255., 203 / 255., 0.8);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
ll_cost_plot_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 280;
      *natural = 720;
    }
  else
    {
      *minimum = 180;
      *natural = 420;
    }
}

static void
ll_cost_plot_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ll_cost_plot_parent_class)->css_changed (widget, change);
  /* The theme may have turned dark or light. */
  gtk_widget_queue_draw (widget);
}

/* ---- input ---- */

/* The timeline's moment, where the readout rests when nothing points (-1: none). */
static int
store_moment (LlCostPlot *self)
{
  return self->store != NULL ? ll_run_store_get_moment (self->store) : -1;
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, LlCostPlot *self)
{
  g_autofree LlPlotSeries *series = g_new0 (LlPlotSeries, MAX (self->runs->len, 1));
  LlPlotSpec spec;

  fill_spec (self, &spec, series);
  ll_cost_plot_set_readout_iteration (self,
                                      ll_plot_iteration_at (&spec,
                                                            gtk_widget_get_width (GTK_WIDGET (self)),
                                                            gtk_widget_get_height (GTK_WIDGET (self)),
                                                            x));
}

static void
on_leave (GtkEventControllerMotion *controller, LlCostPlot *self)
{
  /* With keyboard focus the readout stays where the keys put it. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    ll_cost_plot_set_readout_iteration (self, store_moment (self));
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, LlCostPlot *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_focus_enter (GtkEventControllerFocus *controller, LlCostPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));  /* the focus ring */
  /* Show something to move from: the latest record point. */
  if (self->readout_iteration < 0)
    ll_cost_plot_set_readout_iteration (self, G_MAXINT);
}

static void
on_focus_leave (GtkEventControllerFocus *controller, LlCostPlot *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
  ll_cost_plot_set_readout_iteration (self, store_moment (self));
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LlCostPlot            *self)
{
  g_autoptr(GArray) iterations = NULL;
  int current = -1;
  guint last, target;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK))
    return FALSE;
  if (keyval == GDK_KEY_Escape && self->readout_iteration >= 0)
    {
      ll_cost_plot_set_readout_iteration (self, -1);
      return TRUE;
    }

  iterations = collect_iterations (self);
  if (iterations->len == 0)
    return FALSE;
  last = iterations->len - 1;
  for (guint i = 0; i < iterations->len; i++)
    if ((int) g_array_index (iterations, guint, i) == self->readout_iteration)
      current = (int) i;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      target = current < 0 ? last : (guint) MAX (current - 1, 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      target = current < 0 ? 0 : MIN ((guint) current + 1, last);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      target = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      target = last;
      break;
    default:
      return FALSE;
    }
  ll_cost_plot_set_readout_iteration (self, (int) g_array_index (iterations, guint, target));
  return TRUE;
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
  G_OBJECT_CLASS (ll_cost_plot_parent_class)->dispose (object);
}

static void
ll_cost_plot_finalize (GObject *object)
{
  LlCostPlot *self = LL_COST_PLOT (object);

  g_clear_pointer (&self->runs, g_array_unref);
  g_clear_object (&self->store_signals);
  G_OBJECT_CLASS (ll_cost_plot_parent_class)->finalize (object);
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

  widget_class->snapshot = ll_cost_plot_snapshot;
  widget_class->measure = ll_cost_plot_measure;
  widget_class->css_changed = ll_cost_plot_css_changed;

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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "costplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

/* ---- following the run store ---- */

/* RUN's points not copied yet (points only ever come at the end). */
static void
copy_new_points (LlCostPlot *self,
                 guint       position,
                 LlRun      *run)
{
  if (position >= self->runs->len)
    return;
  for (guint i = get_run (self, position)->points->len; i < ll_run_get_n_points (run); i++)
    {
      const LlRunPoint *point = ll_run_get_point (run, i);

      ll_cost_plot_add_point (self, position, point->iteration, point->cost);
    }
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
  ll_cost_plot_set_runs (self, rates, n_runs, max_iteration);
  for (guint i = 0; i < n_runs; i++)
    copy_new_points (self, i, ll_run_store_get_run (self->store, i));
}

static void
on_store_run_updated (LlCostPlot *self,
                      guint       position,
                      LlRun      *run)
{
  copy_new_points (self, position, run);
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

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  g_signal_connect (controller, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (on_focus_enter), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Cost per iteration"),
                                  -1);
  queue_update (self);
}

/* ---- public API ---- */

GtkWidget *
ll_cost_plot_new (void)
{
  return g_object_new (LL_TYPE_COST_PLOT, NULL);
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
        .points = g_array_new (FALSE, FALSE, sizeof (LlCostPoint)),
      };

      g_array_append_val (self->runs, run);
    }
  self->max_iteration = max_iteration;
  ll_cost_plot_set_readout_iteration (self, -1);
  queue_update (self);
}

void
ll_cost_plot_add_point (LlCostPlot *self,
                        guint       run,
                        guint       iteration,
                        double      cost)
{
  GArray *points;
  LlCostPoint point = { iteration, cost };
  guint at;

  g_return_if_fail (LL_IS_COST_PLOT (self));
  g_return_if_fail (run < self->runs->len);

  /* Points come in order; search from the end for the rare one that does not. */
  points = get_run (self, run)->points;
  for (at = points->len; at > 0; at--)
    if (g_array_index (points, LlCostPoint, at - 1).iteration <= iteration)
      break;
  if (at > 0 && g_array_index (points, LlCostPoint, at - 1).iteration == iteration)
    g_array_index (points, LlCostPoint, at - 1) = point;
  else
    g_array_insert_val (points, at, point);
  queue_update (self);
}

void
ll_cost_plot_clear (LlCostPlot *self)
{
  g_return_if_fail (LL_IS_COST_PLOT (self));

  for (guint i = 0; i < self->runs->len; i++)
    g_array_set_size (get_run (self, i)->points, 0);
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
  return points->len > 0 ? g_array_index (points, LlCostPoint, points->len - 1).cost : NAN;
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
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
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
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

void
ll_cost_plot_set_line_scale (LlCostPlot *self, double line_scale)
{
  g_return_if_fail (LL_IS_COST_PLOT (self));

  self->line_scale = isfinite (line_scale) ? CLAMP (line_scale, 0.25, 8.0) : 1.0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
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

  if (iteration >= 0)
    {
      g_autoptr(GArray) iterations = collect_iterations (self);
      guint best_distance = G_MAXUINT;

      for (guint i = 0; i < iterations->len; i++)
        {
          guint candidate = g_array_index (iterations, guint, i);
          guint distance = candidate > (guint) iteration ? candidate - iteration : iteration - candidate;

          if (distance < best_distance)
            {
              best_distance = distance;
              snapped = (int) candidate;
            }
        }
    }
  if (self->readout_iteration == snapped)
    return;
  self->readout_iteration = snapped;
  queue_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READOUT_ITERATION]);
}

/* An export's own copy of the plot: the spec and every point, so the thread
 * never reads the widget (which keeps growing while training goes on). */
typedef struct {
  LlPlotSpec spec;
  LlPlotSeries *series;
  LlCostPoint **points;     /* one copy per series */
  char *path;
  int width;
  int height;
} PlotExport;

static void
plot_export_free (PlotExport *export)
{
  for (guint i = 0; i < export->spec.n_series; i++)
    g_free (export->points[i]);
  g_free (export->points);
  g_free (export->series);
  g_free (export->path);
  g_free (export);
}

static PlotExport *
plot_export_new (LlCostPlot *self,
                 const char *path,
                 int         width,
                 int         height)
{
  PlotExport *export = g_new0 (PlotExport, 1);

  export->series = g_new0 (LlPlotSeries, MAX (self->runs->len, 1));
  fill_spec (self, &export->spec, export->series);
  export->spec.highlight_iteration = -1;  /* a slide shows the curves, not the pointer */
  export->points = g_new0 (LlCostPoint *, MAX (self->runs->len, 1));
  for (guint i = 0; i < export->spec.n_series; i++)
    {
      export->points[i] = g_memdup2 (export->series[i].points,
                                     export->series[i].n_points * sizeof (LlCostPoint));
      export->series[i].points = export->points[i];
    }
  export->path = g_strdup (path);
  export->width = width;
  export->height = height;
  return export;
}

gboolean
ll_cost_plot_export (LlCostPlot  *self,
                     const char  *path,
                     int          width,
                     int          height,
                     GError     **error)
{
  PlotExport *export;
  gboolean written;

  g_return_val_if_fail (LL_IS_COST_PLOT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  export = plot_export_new (self, path, width, height);
  written = ll_plot_export (&export->spec, path, width, height, error);
  plot_export_free (export);
  return written;
}

/* A pool thread. Pango is safe here: since 1.32.6 pango_cairo's default font
 * map is per thread, so this thread's text uses its own font map. */
static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  PlotExport *export = task_data;
  GError *error = NULL;

  if (ll_plot_export (&export->spec, export->path, export->width, export->height, &error))
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
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (LL_IS_COST_PLOT (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_cost_plot_export_async);
  g_task_set_name (task, "[logistic-lab] export plot");
  g_task_set_task_data (task, plot_export_new (self, path, width, height),
                        (GDestroyNotify) plot_export_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
ll_cost_plot_export_finish (LlCostPlot    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
