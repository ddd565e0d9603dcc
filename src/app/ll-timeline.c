/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-timeline.c: see ll-timeline.h. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ll-timeline.h"
#include "ll-tooltip.h"

/* More marks than this crowd the scale: then only every n-th kept model. */
#define MAX_MARKS 60

struct _LlTimeline
{
  GtkWidget parent_instance;

  GtkWidget *scale;
  GtkWidget *label;
  GtkWidget *latest_button;
  LlRunStore *store;
  GSignalGroup *store_signals;
  gboolean updating;        /* setting the scale from the store */
  guint idle_id;            /* coalesces the run-updated of one record point */
};

G_DEFINE_FINAL_TYPE (LlTimeline, ll_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The run that went furthest: its record points are the timeline's. */
static LlRun *
longest_run (LlTimeline *self)
{
  LlRun *longest = NULL;
  guint n = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;

  for (guint i = 0; i < n; i++)
    {
      LlRun *run = ll_run_store_get_run (self->store, i);
      const LlRunPoint *point = ll_run_get_latest_point (run);
      const LlRunPoint *best = longest != NULL ? ll_run_get_latest_point (longest) : NULL;

      if (point != NULL && (best == NULL || point->iteration > best->iteration))
        longest = run;
    }
  return longest;
}

/* The recorded iteration nearest VALUE. */
static guint
snap (LlRun  *run,
      double  value)
{
  guint best = 0;
  double best_distance = G_MAXDOUBLE;

  for (guint i = 0; i < ll_run_get_n_points (run); i++)
    {
      guint iteration = ll_run_get_point (run, i)->iteration;

      if (fabs (iteration - value) < best_distance)
        {
          best_distance = fabs (iteration - value);
          best = iteration;
        }
    }
  return best;
}

static void
update_label (LlTimeline *self,
              LlRun      *run)
{
  g_autofree char *text = NULL;
  int moment;
  const LlRunPoint *point;
  LlRunModel *model;

  if (run == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->label), _("No record points yet"));
      return;
    }
  moment = ll_run_store_get_moment (self->store);
  point = ll_run_get_shown_point (run);
  model = ll_run_get_shown_model (run);
  if (point == NULL)
    text = g_strdup (_("No record points yet"));
  else if (model == NULL || ll_run_is_shown_exact (run))
    /* Translators: the timeline's moment: "Iteration 300 of 2000", then
     * "latest" or "exact" (the model of that very iteration is shown). */
    text = g_strdup_printf (_("Iteration %u of %u · %s"), point->iteration,
                            ll_run_get_iterations (run),
                            moment < 0 ? _("latest") : _("exact"));
  else
    text = g_strdup_printf (_("Iteration %u of %u · model of %u (thinned)"),
                            point->iteration, ll_run_get_iterations (run), model->iteration);
  gtk_label_set_text (GTK_LABEL (self->label), text);
  ll_tooltip_set_live (self->label, text);  /* whole, where it is ellipsized */
}

static void
update (LlTimeline *self)
{
  LlRun *run = longest_run (self);
  GtkAdjustment *adjustment = gtk_range_get_adjustment (GTK_RANGE (self->scale));
  guint n_models, every;
  const LlRunPoint *shown;

  self->updating = TRUE;
  gtk_scale_clear_marks (GTK_SCALE (self->scale));
  if (run == NULL)
    {
      gtk_adjustment_configure (adjustment, 0, 0, 1, 1, 1, 0);
      gtk_widget_set_sensitive (self->scale, FALSE);
      gtk_widget_set_sensitive (self->latest_button, FALSE);
      update_label (self, NULL);
      self->updating = FALSE;
      return;
    }
  shown = ll_run_get_shown_point (run);
  gtk_adjustment_configure (adjustment, shown != NULL ? shown->iteration : 0, 0,
                            MAX (ll_run_get_iterations (run), 1),
                            MAX (ll_run_get_record_every (run), 1),
                            MAX (ll_run_get_record_every (run), 1) * 10.0, 0);
  /* Marks at the kept models (record points shown exactly), at most MAX_MARKS. */
  n_models = ll_run_get_n_models (run);
  every = n_models / MAX_MARKS + 1;
  for (guint p = 0, k = 0; p < ll_run_get_n_points (run); p++)
    {
      guint iteration = ll_run_get_point (run, p)->iteration;
      LlRunModel *at = ll_run_get_model_at (run, iteration);

      if (at != NULL && at->iteration == iteration && k++ % every == 0)
        gtk_scale_add_mark (GTK_SCALE (self->scale), iteration, GTK_POS_BOTTOM, NULL);
    }
  gtk_widget_set_sensitive (self->scale, TRUE);
  gtk_widget_set_sensitive (self->latest_button, ll_run_store_get_moment (self->store) >= 0);
  update_label (self, run);
  self->updating = FALSE;
}

static gboolean
update_idle (gpointer data)
{
  LlTimeline *self = data;

  self->idle_id = 0;
  update (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (LlTimeline *self)
{
  if (self->idle_id == 0)
    self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, update_idle, self, NULL);
}

static void
on_value_changed (GtkRange   *range,
                  LlTimeline *self)
{
  LlRun *run;
  guint iteration;
  const LlRunPoint *latest;

  if (self->updating || self->store == NULL || (run = longest_run (self)) == NULL)
    return;
  iteration = snap (run, gtk_range_get_value (range));
  latest = ll_run_get_latest_point (run);
  /* The right end follows the training: the latest moment. */
  ll_run_store_set_moment (self->store,
                           latest != NULL && iteration >= latest->iteration ? -1 : (int) iteration);
  update (self);
}

static void
on_latest_clicked (LlTimeline *self)
{
  if (self->store != NULL)
    ll_run_store_set_moment (self->store, -1);
}

/* GObject ------------------------------------------------------------------ */

static void
ll_timeline_dispose (GObject *object)
{
  LlTimeline *self = LL_TIMELINE (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->store);
  g_clear_pointer (&self->scale, gtk_widget_unparent);
  g_clear_pointer (&self->label, gtk_widget_unparent);
  g_clear_pointer (&self->latest_button, gtk_widget_unparent);

  G_OBJECT_CLASS (ll_timeline_parent_class)->dispose (object);
}

static void
ll_timeline_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  LlTimeline *self = LL_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_timeline_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  LlTimeline *self = LL_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ll_timeline_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_timeline_class_init (LlTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_timeline_dispose;
  object_class->get_property = ll_timeline_get_property;
  object_class->set_property = ll_timeline_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "timeline");
}

static void
ll_timeline_init (LlTimeline *self)
{
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 8);
  gtk_widget_set_margin_start (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self), 6);

  self->scale = gtk_scale_new (GTK_ORIENTATION_HORIZONTAL, NULL);
  gtk_scale_set_draw_value (GTK_SCALE (self->scale), FALSE);
  gtk_widget_set_hexpand (self->scale, TRUE);
  gtk_widget_set_tooltip_text (self->scale,
                               _("The moment every view shows: drag, or Left/Right, Home/End (Ctrl+T); "
                                 "marks are the record points shown exactly"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->scale),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"), -1);
  gtk_widget_set_parent (self->scale, GTK_WIDGET (self));
  g_signal_connect (self->scale, "value-changed", G_CALLBACK (on_value_changed), self);

  self->label = gtk_label_new (NULL);
  /* The scale keeps most of a 1024-pixel window. */
  gtk_label_set_width_chars (GTK_LABEL (self->label), 24);
  gtk_label_set_max_width_chars (GTK_LABEL (self->label), 34);
  gtk_label_set_xalign (GTK_LABEL (self->label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->label, "dim-label");
  gtk_widget_add_css_class (self->label, "numeric");
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));

  self->latest_button = gtk_button_new_with_label (_("Latest"));
  gtk_widget_set_tooltip_text (self->latest_button, _("Follow the training again"));
  gtk_widget_set_parent (self->latest_button, GTK_WIDGET (self));
  g_signal_connect_swapped (self->latest_button, "clicked", G_CALLBACK (on_latest_clicked), self);

  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_swapped (self->store_signals, "items-changed", G_CALLBACK (queue_update), self);
  g_signal_group_connect_swapped (self->store_signals, "run-updated", G_CALLBACK (queue_update), self);
  g_signal_group_connect_swapped (self->store_signals, "notify::moment", G_CALLBACK (queue_update), self);
  update (self);
}

/* Public ------------------------------------------------------------------- */

GtkWidget *
ll_timeline_new (void)
{
  return g_object_new (LL_TYPE_TIMELINE, NULL);
}

void
ll_timeline_set_store (LlTimeline *self,
                       LlRunStore *store)
{
  g_return_if_fail (LL_IS_TIMELINE (self));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_timeline_get_store (LlTimeline *self)
{
  g_return_val_if_fail (LL_IS_TIMELINE (self), NULL);
  return self->store;
}

GtkWidget *
ll_timeline_get_scale (LlTimeline *self)
{
  g_return_val_if_fail (LL_IS_TIMELINE (self), NULL);
  return self->scale;
}

/* Runs a queued update now. */
static void
flush (LlTimeline *self)
{
  if (self->idle_id != 0)
    {
      g_clear_handle_id (&self->idle_id, g_source_remove);
      update (self);
    }
}

gboolean
ll_timeline_focus (LlTimeline *self)
{
  g_return_val_if_fail (LL_IS_TIMELINE (self), FALSE);
  flush (self);
  return gtk_widget_grab_focus (self->scale);
}

const char *
ll_timeline_get_text (LlTimeline *self)
{
  g_return_val_if_fail (LL_IS_TIMELINE (self), NULL);
  flush (self);
  return gtk_label_get_text (GTK_LABEL (self->label));
}
