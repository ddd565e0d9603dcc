/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-window-training.c: the window's training side: the sidebar's controls
 * bound to the run config (rates, run length) and the session (pace), the
 * config and pace bound to the settings, the Train / Pause / Step / Reset
 * actions, the session's signals and the plain-words notes about rising
 * curves (which follow the run store like every view). */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ll-runs-view.h"
#include "ll-window-files.h"
#include "ll-window-private.h"
#include "session/ll-rate-advice.h"
#include "ll-tooltip.h"

/* The note under the plot: the rates compared (ll-rate-advice.c) ----------- */

/* Before the first run the note is a hint; after, it compares the rates. Its
 * height never changes (three lines, the whole text in the tooltip), so the
 * plot never moves (issue 24.3). */
static void
set_note (LlWindow   *self,
          const char *text,
          gboolean    warns)
{
  gboolean hint = text == NULL || *text == '\0';
  g_autofree char *one_paragraph = NULL;

  if (hint)
    text = _("Press Train (or Space) to train every learning rate side by side; "
             "this note then compares them.");
  /* One paragraph: the label's three lines count per paragraph. The
   * tooltip keeps the lines apart. */
  one_paragraph = g_strdelimit (g_strdup (text), "\n", ' ');
  gtk_label_set_text (GTK_LABEL (self->note_label), one_paragraph);
  ll_tooltip_set_live (self->note_label, hint ? NULL : text);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->note_icon),
                                warns ? "dialog-warning-symbolic" : "dialog-information-symbolic");
  if (hint)
    gtk_widget_add_css_class (self->note_box, "hint");
  else
    gtk_widget_remove_css_class (self->note_box, "hint");
  /* Steady runs compared: no warning colours (style.css). */
  if (!hint && !warns)
    gtk_widget_add_css_class (self->note_box, "calm");
  else
    gtk_widget_remove_css_class (self->note_box, "calm");
}

static void
reset_notes (LlWindow *self)
{
  const LlDataset *dataset = ll_training_session_get_dataset (self->session);
  gsize n_positive = 0;
  double share;

  ll_cost_watch_reset (self->cost_watch);
  /* The class shares' cost, for the note on a run stuck there. */
  for (gsize i = 0; dataset != NULL && i < dataset->train.count; i++)
    n_positive += dataset->train.labels[i] != 0;
  share = dataset != NULL && dataset->train.count > 0
            ? (double) n_positive / dataset->train.count : NAN;
  ll_cost_watch_set_positive_share (self->cost_watch, share);
  self->shares_cost = share > 0 && share < 1
                        ? -(share * log (share) + (1 - share) * log1p (-share)) : NAN;
  set_note (self, NULL, FALSE);
}

const char *
ll_window_get_note (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  if (gtk_widget_has_css_class (self->note_box, "hint"))
    return NULL;
  /* The whole text, its lines apart. */
  return ll_tooltip_get (self->note_label);
}

/* A run whose numbers overflowed stopped at its last finite state (see
 * LlProgress.diverged): the note says so first. */
static void
append_diverged (LlWindow   *self,
                 LlRunStore *store,
                 GString    *text)
{
  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);
      char rate[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *ratio = NULL;

      if (ll_run_get_state (run) != LL_RUN_DIVERGED)
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append_printf (text, _("The run at learning rate %s diverged at iteration %u: "
                                      "its numbers overflowed, so it stopped there and keeps "
                                      "its last finite weights."),
                              g_ascii_formatd (rate, sizeof rate, "%g", ll_run_get_learning_rate (run)),
                              ll_run_get_diverged_at (run));
      ratio = ll_cost_watch_dup_ratio_text (self->cost_watch, ll_run_get_learning_rate (run));
      if (ratio != NULL)
        g_string_append_printf (text, " %s", ratio);
    }
}

/* The note follows the run store ---------------------------------------------- */

static void
update_note (LlWindow *self)
{
  LlRunStore *store = ll_training_session_get_store (self->session);
  guint n_runs = ll_run_store_get_n_runs (store);
  g_autofree LlRunFacts *facts = g_new0 (LlRunFacts, MAX (n_runs, 1));
  g_autoptr (GString) text = g_string_new (NULL);
  g_autofree char *advice = NULL;
  gboolean warns = FALSE;
  guint n_facts = 0;

  for (guint i = 0; i < n_runs; i++)
    n_facts += ll_run_facts_from_run (ll_run_store_get_run (store, i), &facts[n_facts]);
  append_diverged (self, store, text);
  advice = ll_rate_advice_dup_note_full (facts, n_facts, ll_run_store_get_critical_rate (store),
                                         self->shares_cost, &warns);
  /* A diverged run's sentence (append_diverged) warns too. */
  warns |= text->len > 0;
  if (*advice != '\0')
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, advice);
    }
  if (g_strcmp0 (text->str, ll_window_get_note (self)) != 0
      || (text->len > 0 && !warns) != gtk_widget_has_css_class (self->note_box, "calm"))
    set_note (self, text->str, warns);
}

static void
on_store_items_changed (LlWindow *self)
{
  reset_notes (self);
  update_note (self);
}

static void
on_store_run_updated (LlRunStore *store,
                      guint       position,
                      LlRun      *run,
                      LlWindow   *self)
{
  update_note (self);
  ll_runs_view_set_progress (LL_RUNS_VIEW (self->runs_view),
                             ll_training_session_get_retrain_fraction (self->session));
}

/* The session's signals ----------------------------------------------------- */

static void
on_session_failed (LlTrainingSession *session,
                   const GError      *error,
                   LlWindow          *self)
{
  g_autofree char *message = g_strdup_printf (_("Training stopped: %s"),
                                              error != NULL ? error->message : _("unknown error"));

  ll_window_show_error (self, message);
}

static void
on_session_state (LlTrainingSession *session,
                  GParamSpec        *pspec,
                  LlWindow          *self)
{
  ll_window_update_actions (self);
  ll_runs_view_set_progress (LL_RUNS_VIEW (self->runs_view),
                             ll_training_session_get_retrain_fraction (self->session));
}

/* The Train button's label, icon and tooltip in each state. */
typedef struct {
  const char *label;
  const char *icon;
  const char *tooltip;
} TrainLook;

static TrainLook
train_look (LlSessionState state)
{
  switch (state)
    {
    case LL_SESSION_RUNNING:
      return (TrainLook) { _("_Pause"), "media-playback-pause-symbolic",
                           _("Pause at the next record point (Space)") };
    case LL_SESSION_PAUSED:
      return (TrainLook) { _("Resu_me"), "media-playback-start-symbolic",
                           _("Go on training (Space)") };
    case LL_SESSION_FINISHED:
      return (TrainLook) { _("_Train"), "media-playback-start-symbolic",
                           _("Train again from zero with the settings on the left (Space)") };
    case LL_SESSION_IDLE:
    default:
      return (TrainLook) { _("_Train"), "media-playback-start-symbolic",
                           _("Train every learning rate at once (Space)") };
    }
}

/* The Train button's tooltip is read from the session's state when it is
 * shown: setting it at each change would ask the display where the pointer
 * is (an X round trip at the job's start). */
static gboolean
on_train_query_tooltip (GtkWidget  *button,
                        int         x,
                        int         y,
                        gboolean    keyboard_mode,
                        GtkTooltip *tooltip,
                        LlWindow   *self)
{
  gtk_tooltip_set_text (tooltip, train_look (ll_training_session_get_state (self->session)).tooltip);
  return TRUE;
}

void
ll_window_connect_session (LlWindow *self)
{
  LlRunStore *store = ll_training_session_get_store (self->session);

  g_signal_connect_object (store, "items-changed", G_CALLBACK (on_store_items_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (store, "run-updated", G_CALLBACK (on_store_run_updated), self, 0);
  g_signal_connect (self->session, "failed", G_CALLBACK (on_session_failed), self);
  g_signal_connect (self->session, "notify::state", G_CALLBACK (on_session_state), self);
  g_signal_connect_swapped (self->session, "finished", G_CALLBACK (ll_window_update_actions), self);
  g_signal_connect_swapped (self->session, "recomputed", G_CALLBACK (ll_window_files_on_lesson_recomputed),
                            self);
  g_signal_connect_swapped (self->session, "notify::speed",
                            G_CALLBACK (ll_window_update_speed_label), self);
  gtk_widget_set_has_tooltip (self->train_button, TRUE);
  g_signal_connect (self->train_button, "query-tooltip", G_CALLBACK (on_train_query_tooltip), self);
}

/* The sidebar binds to the run config ------------------------------------------ */

/* An empty bias entry is b = 0, like an empty initial w. */
static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
initial_b_to_text (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  /* The shortest text that reads back as the same double. */
  g_value_set_string (to, g_ascii_dtostr (text, sizeof text, g_value_get_double (from)));
  return TRUE;
}

/* Half-typed text stays in the entry; Train says what is wrong with it. */
static gboolean
initial_b_from_text (GBinding     *binding,
                     const GValue *from,
                     GValue       *to,
                     gpointer      user_data)
{
  const char *text = g_value_get_string (from);
  double value = 0;

  if (!is_blank (text) && !ll_run_config_parse_number (text, &value, NULL))
    return FALSE;
  g_value_set_double (to, value);
  return TRUE;
}

void
ll_window_bind_config (LlWindow *self)
{
  LlRunConfig *config = ll_training_session_get_config (self->session);
  GBindingFlags flags = G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE;

  /* A new option: its widget binds here. */
  g_object_bind_property (config, "learning-rates", self->rate_list, "rates", flags);
  /* Its swatches: the looks the next job's runs get beside the pinned ones. */
  ll_rate_list_set_store (LL_RATE_LIST (self->rate_list), ll_training_session_get_store (self->session));
  g_object_bind_property (config, "iterations",
                          gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->iterations_spin)),
                          "value", flags);
  g_object_bind_property (config, "record-every",
                          gtk_spin_button_get_adjustment (GTK_SPIN_BUTTON (self->record_spin)),
                          "value", flags);
  g_object_bind_property (gtk_range_get_adjustment (GTK_RANGE (self->speed_scale)), "value",
                          self->session, "speed", flags);
  g_object_bind_property (config, "initial-w", self->initial_w_entry, "text", flags);
  g_object_bind_property_full (config, "initial-b", self->initial_b_entry, "text", flags,
                               initial_b_to_text, initial_b_from_text, NULL, NULL);
}

/* Remembers the run config and the pace in SETTINGS, both ways. */
void
ll_window_bind_run_settings (LlWindow  *self,
                             GSettings *settings)
{
  ll_run_config_bind_settings (ll_training_session_get_config (self->session), settings);
  g_settings_bind (settings, "speed", self->session, "speed", G_SETTINGS_BIND_DEFAULT);
}

void
ll_window_on_rates_changed (LlWindow *self)
{
  LlRateList *list = LL_RATE_LIST (self->rate_list);

  /* The rates themselves travel by binding; the heading's mnemonic goes to
   * the first entry, which a removal may have replaced. */
  if (ll_rate_list_get_n_rates (list) > 0)
    gtk_label_set_mnemonic_widget (GTK_LABEL (self->rates_heading),
                                   GTK_WIDGET (ll_rate_list_get_entry (list, 0)));
}

void
ll_window_update_speed_label (LlWindow *self)
{
  double speed = ll_training_session_get_speed (self->session);
  double seconds = ll_training_session_speed_to_seconds (speed);
  g_autofree char *text = NULL;

  if (seconds == 0)
    text = g_strdup (_("as fast as it goes"));
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (buf, sizeof buf, seconds < 2 ? "%.1f" : "%.0f", seconds);
      /* TRANSLATORS: the time a whole training run is paced to, e.g. "about 6 s a run" */
      text = g_strdup_printf (_("about %s s a run"), buf);
    }
  gtk_label_set_text (GTK_LABEL (self->speed_label), text);
}

/* Training actions ----------------------------------------------------------- */

/* The bias entry's text, if it does not read, is not in the config. */
static gboolean
check_initial_b (LlWindow  *self,
                 GError   **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->initial_b_entry));
  double value;

  if (is_blank (text) || ll_run_config_parse_number (text, &value, error))
    return TRUE;
  g_prefix_error (error, _("Initial b: "));
  return FALSE;
}

static gboolean
start_training (LlWindow *self,
                guint     stop_after)
{
  g_autoptr (GError) error = NULL;
  g_autofree double *rates = NULL;
  guint n_rates = 0;

  if (self->loading)
    return FALSE;
  /* A half-typed rate is not in the config: say which entry is wrong. */
  rates = ll_rate_list_get_rates (LL_RATE_LIST (self->rate_list), &n_rates, &error);
  if (rates == NULL || !check_initial_b (self, &error)
      || !ll_training_session_start (self->session, stop_after, &error))
    {
      ll_window_show_error (self, error->message);
      return FALSE;
    }
  ll_window_hide_message (self);
  ll_window_update_actions (self);
  /* No page switch: every page follows the run store live. */
  return TRUE;
}

gboolean
ll_window_train (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), FALSE);

  return start_training (self, 0);
}

void
ll_window_toggle_training (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);

  switch (ll_training_session_get_state (self->session))
    {
    case LL_SESSION_RUNNING:
      ll_training_session_pause (self->session);
      break;
    case LL_SESSION_PAUSED:
      ll_training_session_resume (self->session);
      break;
    case LL_SESSION_IDLE:
    case LL_SESSION_FINISHED:
    default:
      start_training (self, 0);
      break;
    }
}

void
ll_window_step_training (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);

  switch (ll_training_session_get_state (self->session))
    {
    case LL_SESSION_PAUSED:
      ll_training_session_step (self->session);
      break;
    case LL_SESSION_RUNNING:
      ll_training_session_pause (self->session);
      break;
    case LL_SESSION_IDLE:
    case LL_SESSION_FINISHED:
    default:
      /* Iteration 0 and one interval, then wait for the next step. */
      start_training (self, 2);
      break;
    }
}

void
ll_window_reset_training (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);

  ll_training_session_reset (self->session);
}

static gboolean
session_active (LlWindow *self)
{
  LlSessionState state = ll_training_session_get_state (self->session);

  return state == LL_SESSION_RUNNING || state == LL_SESSION_PAUSED;
}

/* The settings of a run are fixed while it runs: the plot shows them. */
static void
apply_settings_lock (LlWindow *self)
{
  gboolean active = session_active (self);

  gtk_widget_set_sensitive (self->rate_list, !active);
  gtk_widget_set_sensitive (self->iterations_spin, !active);
  gtk_widget_set_sensitive (self->record_spin, !active);
  gtk_widget_set_sensitive (self->initial_w_entry, !active);
  gtk_widget_set_sensitive (self->initial_b_entry, !active);
  gtk_widget_set_sensitive (self->classes_box, !active && !self->loading);
}

/* Ticks come at the start of a frame: the second one follows the painting
 * of the job's first frame. */
static gboolean
settings_lock_tick (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       data)
{
  LlWindow *self = LL_WINDOW (widget);

  if (++self->settings_lock_frames < 2)
    return G_SOURCE_CONTINUE;
  self->settings_lock_tick = 0;
  apply_settings_lock (self);
  return G_SOURCE_REMOVE;
}

/* Greying the sidebar restyles and repaints it: done in the same frame as
 * the job's start, the whole window is repainted at once (12 to 18 ms with
 * the cairo renderer, bench-stall). So the lock follows one frame after the
 * job's first frame, which carries the header and the views; unlocking is
 * at once. The job has taken its settings already: an edit in between
 * changes the next run, not this one. */
static void
update_settings_lock (LlWindow *self)
{
  gboolean locking = session_active (self) && gtk_widget_get_sensitive (self->rate_list);

  if (locking && gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      if (self->settings_lock_tick == 0)
        {
          self->settings_lock_frames = 0;
          self->settings_lock_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self),
                                                                   settings_lock_tick,
                                                                   NULL, NULL);
        }
      return;
    }
  if (self->settings_lock_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->settings_lock_tick);
      self->settings_lock_tick = 0;
    }
  apply_settings_lock (self);
}

void
ll_window_update_actions (LlWindow *self)
{
  LlSessionState state = ll_training_session_get_state (self->session);
  gboolean ready = !self->loading && ll_training_session_get_dataset (self->session) != NULL;
  gboolean active = session_active (self);
  TrainLook look = train_look (state);

  /* Train stays enabled while loading, so it can hold the keyboard focus from
   * the start; pressed too early, it waits for nothing (see start_training). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.step", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset", state != LL_SESSION_IDLE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-weights",
                                 ll_window_has_export_models (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-weights",
                                 ready && !active && !self->importing);
  update_settings_lock (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.suggest-rates", !active);

  gtk_label_set_text_with_mnemonic (GTK_LABEL (self->train_label), look.label);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->train_icon), look.icon);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->train_button),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, look.tooltip, -1);
}

