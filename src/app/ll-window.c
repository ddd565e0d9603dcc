/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-window.c: the main window. It reads what the teacher typed, hands it to
 * the LlTrainingSession, and draws what comes back. It never computes: the
 * dataset is loaded and the class pair selected on GTask threads.
 * This file holds the GObject, the banner, settings and getters; the rest is
 * split by subject (see ll-window-private.h): ll-window-training.c,
 * ll-window-dataset.c, ll-window-files.c. The pages follow the session's
 * run store by themselves: the window only sets it on them, once. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/io/text-escape.h"
#include "ll-app-resources.h"
#include "ll-confusion-view.h"
#include "ll-cost-page.h"
#include "ll-window-files.h"
#include "ll-landscape-view.h"
#include "ll-sharpness-view.h"
#include "ll-window-private.h"
#include "ll-runs-view.h"
#include "ll-step-inspector.h"
#include "ll-timeline.h"
#include "ll-two-feature-view.h"


G_DEFINE_FINAL_TYPE (LlWindow, ll_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_IMPORTING,
  PROP_LOG_SCALE,
  PROP_PROJECTOR_MODE,
  PROP_SHOW_SIDEBAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];


/* Messages ---------------------------------------------------------------- */

static void
show_message (LlWindow       *self,
              GtkMessageType  type,
              const char     *message)
{
  /* File names and contents in messages: no control characters shown raw. */
  g_autofree char *shown = ll_text_escape_controls (message);

  gtk_label_set_text (GTK_LABEL (self->error_label), shown);
  gtk_info_bar_set_message_type (GTK_INFO_BAR (self->error_bar), type);
  gtk_info_bar_set_revealed (GTK_INFO_BAR (self->error_bar), TRUE);
}

void
ll_window_show_info (LlWindow   *self,
                     const char *message)
{
  g_return_if_fail (LL_IS_WINDOW (self));

  show_message (self, GTK_MESSAGE_INFO, message);
}

void
ll_window_show_error (LlWindow   *self,
                      const char *message)
{
  g_return_if_fail (LL_IS_WINDOW (self));

  show_message (self, GTK_MESSAGE_ERROR, message);
}

const char *
ll_window_get_error (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  if (!gtk_info_bar_get_revealed (GTK_INFO_BAR (self->error_bar)) ||
      gtk_info_bar_get_message_type (GTK_INFO_BAR (self->error_bar)) != GTK_MESSAGE_ERROR)
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->error_label));
}

const char *
ll_window_get_info (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  if (!gtk_info_bar_get_revealed (GTK_INFO_BAR (self->error_bar)) ||
      gtk_info_bar_get_message_type (GTK_INFO_BAR (self->error_bar)) != GTK_MESSAGE_INFO)
    return NULL;
  return gtk_label_get_text (GTK_LABEL (self->error_label));
}

void
ll_window_hide_message (LlWindow *self)
{
  gtk_info_bar_set_revealed (GTK_INFO_BAR (self->error_bar), FALSE);
}

static void
on_error_bar_response (LlWindow *self,
                       int       response)
{
  ll_window_hide_message (self);
}

/* Images to classify ---------------------------------------------------------- */

/* A dropped, opened or pasted image is shown on its page (a bad file is not:
 * the banner says why, and the teacher stays where they were). */
static void
on_image_changed (LlWindow *self)
{
  if (ll_classify_view_get_image (LL_CLASSIFY_VIEW (self->classify_view)) != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "classify");
}

static void
on_image_failed (LlClassifyView *view,
                 const GError   *error,
                 LlWindow       *self)
{
  g_autofree char *message = g_strdup_printf (_("Could not open the image: %s"), error->message);

  /* Only the banner: a training in progress goes on. */
  ll_window_show_error (self, message);
}

/* Datasets ----------------------------------------------------------------- */

void
ll_window_set_loading (LlWindow *self,
             gboolean  loading)
{
  self->loading = loading;
  gtk_widget_set_visible (self->load_spinner, loading);
  gtk_spinner_set_spinning (GTK_SPINNER (self->load_spinner), loading);
  if (loading)
    gtk_label_set_text (GTK_LABEL (self->subtitle_label), _("Loading…"));
  ll_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
ll_window_get_loading (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), FALSE);

  return self->loading;
}

/* File actions: the dialogs live in ll-window-files.c ----------------------- */

static void
file_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);

  if (g_str_equal (action_name, "win.open-dataset"))
    ll_window_files_open_dataset_dialog (self, TRUE);
  else if (g_str_equal (action_name, "win.open-dataset-file"))
    ll_window_files_open_dataset_dialog (self, FALSE);
  else if (g_str_equal (action_name, "win.open-builtin"))
    ll_window_open_dataset (self, NULL, NULL);
  else if (g_str_equal (action_name, "win.open-builtin-table"))
    ll_window_open_dataset (self, g_variant_get_string (parameter, NULL), NULL);
  else if (g_str_equal (action_name, "win.open-hand-check"))
    ll_window_open_dataset (self, "builtin:propagate", NULL);
  else if (g_str_equal (action_name, "win.open-image"))
    ll_window_files_open_image_dialog (self);
  else if (g_str_equal (action_name, "win.open-weights"))
    ll_window_files_open_weights_dialog (self);
  else if (g_str_equal (action_name, "win.export-weights"))
    ll_window_files_export_weights_dialog (self);
  else if (g_str_equal (action_name, "win.export-plot"))
    ll_window_files_export_plot_dialog (self);
  else if (g_str_equal (action_name, "win.export-table"))
    ll_window_files_export_table_dialog (self);
  else if (g_str_equal (action_name, "win.save-lesson"))
    ll_window_files_save_lesson_dialog (self);
  else if (g_str_equal (action_name, "win.open-lesson"))
    ll_window_files_open_lesson_dialog (self);
}

static void
toggle_fullscreen (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

/* Public getters -------------------------------------------------------------- */

const char *
ll_window_get_title_text (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->title_label));
}

const char *
ll_window_get_subtitle_text (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->subtitle_label));
}

void
ll_window_set_run_length (LlWindow *self,
                          guint     iterations,
                          guint     record_every)
{
  g_return_if_fail (LL_IS_WINDOW (self));

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->iterations_spin), iterations);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->record_spin), record_every);
}

LlTrainingSession *
ll_window_get_session (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return self->session;
}

LlCostPlot *
ll_window_get_plot (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return LL_COST_PLOT (self->plot);
}

LlRateList *
ll_window_get_rate_list (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return LL_RATE_LIST (self->rate_list);
}

GtkWidget *
ll_window_get_note_widget (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return self->note_box;
}

GtkWidget *
ll_window_get_table_scroll (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return self->table_scroll;
}

LlAccuracyTable *
ll_window_get_accuracy_table (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return LL_ACCURACY_TABLE (self->accuracy_table);
}

GtkStack *
ll_window_get_stack (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return GTK_STACK (self->stack);
}

LlResultGrid *
ll_window_get_result_grid (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return LL_RESULT_GRID (self->result_grid);
}

LlWeightsView *
ll_window_get_weights_view (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return LL_WEIGHTS_VIEW (self->weights_view);
}

LlClassifyView *
ll_window_get_classify_view (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  return LL_CLASSIFY_VIEW (self->classify_view);
}

gboolean
ll_window_get_importing (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), FALSE);

  return self->importing;
}

/* For ll-window-files.c (ll-window-private.h) ------------------------------- */

GCancellable *
ll_window_get_cancellable (LlWindow *self)
{
  return self->cancellable;
}

LlSharedDataset *
ll_window_get_binary_dataset (LlWindow *self)
{
  return self->binary;
}

GPtrArray *
ll_window_dup_export_models (LlWindow *self)
{
  return ll_run_store_dup_trained_models (ll_training_session_get_store (self->session));
}

gboolean
ll_window_has_export_models (LlWindow *self)
{
  g_autoptr (GPtrArray) models = ll_window_dup_export_models (self);

  return models != NULL;
}

void
ll_window_set_importing (LlWindow *self,
                         gboolean  importing)
{
  self->importing = importing;
  ll_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);
}

/* Settings ------------------------------------------------------------------ */

static void
restore_settings (LlWindow *self)
{
  if (self->settings == NULL)
    return;

  /* Bound: read now, written on every change. */
  ll_window_bind_run_settings (self, self->settings);
  g_settings_bind (self->settings, "log-scale", self->plot, "log-scale", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "show-test-cost", self->plot, "show-test-cost", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "log-iterations", self->plot, "log-iterations", G_SETTINGS_BIND_DEFAULT);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  ll_window_set_zoom (self, g_settings_get_double (self->settings, "zoom"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
ll_window_close_request (GtkWindow *window)
{
  LlWindow *self = LL_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      /* Within the schema's range (100 to 16384); -1 is "no default size". */
      gtk_window_get_default_size (window, &width, &height);
      if (width > 0 && height > 0)
        {
          g_settings_set_int (self->settings, "window-width", CLAMP (width, 100, 16384));
          g_settings_set_int (self->settings, "window-height", CLAMP (height, 100, 16384));
        }
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }
  return GTK_WINDOW_CLASS (ll_window_parent_class)->close_request (window);
}

static void
on_log_scale_changed (LlWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_SCALE]);
}

/* GObject ------------------------------------------------------------------- */

static void
ll_window_dispose (GObject *object)
{
  LlWindow *self = LL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session != NULL)
    {
      /* Closing mid-run: the worker is cancelled now and joined from the main
       * loop, or at once by the session's dispose if nobody else holds it. */
      g_signal_handlers_disconnect_by_data (self->session, self);
      /* The store may outlive the pages (a worker holds the session). */
      g_signal_handlers_disconnect_by_data (ll_training_session_get_store (self->session), self);
      ll_training_session_reset (self->session);
    }
  g_clear_object (&self->session);
  ll_window_files_forget_lesson (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_WINDOW);

  G_OBJECT_CLASS (ll_window_parent_class)->dispose (object);
}

static void
ll_window_finalize (GObject *object)
{
  LlWindow *self = LL_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->source, ll_shared_dataset_unref);
  g_clear_pointer (&self->binary, ll_shared_dataset_unref);
  g_free (self->source_path);
  g_free (self->classes);
  g_free (self->loading_path);
  g_free (self->loading_classes);
  ll_cost_watch_free (self->cost_watch);

  G_OBJECT_CLASS (ll_window_parent_class)->finalize (object);
}

static void
ll_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LlWindow *self = LL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_IMPORTING:
      g_value_set_boolean (value, self->importing);
      break;
    case PROP_LOG_SCALE:
      /* Asked for by the action muxer while the template is still being built. */
      g_value_set_boolean (value, self->plot != NULL &&
                                  ll_cost_plot_get_log_scale (LL_COST_PLOT (self->plot)));
      break;
    case PROP_PROJECTOR_MODE:
      g_value_set_boolean (value, self->projector_mode);
      break;
    case PROP_SHOW_SIDEBAR:
      g_value_set_boolean (value, self->sidebar_pane == NULL || ll_window_get_show_sidebar (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LlWindow *self = LL_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOG_SCALE:
      ll_cost_plot_set_log_scale (LL_COST_PLOT (self->plot), g_value_get_boolean (value));
      break;
    case PROP_PROJECTOR_MODE:
      ll_window_set_projector_mode (self, g_value_get_boolean (value));
      break;
    case PROP_SHOW_SIDEBAR:
      ll_window_set_show_sidebar (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
focus_timeline (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);

  ll_timeline_focus (LL_TIMELINE (self->timeline));
}

/* Alt+1 … Alt+0 (ll-application.c): the page named by the target. The pages'
 * titles keep only mnemonics that clash with nothing shown beside them. */
static void
show_page (GtkWidget  *widget,
           const char *action_name,
           GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  if (gtk_stack_get_child_by_name (GTK_STACK (self->stack), name) != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), name);
}

/* The runs of this job stay in the store when the next job starts (issue 21). */
static void
pin_job (GtkWidget  *widget,
         const char *action_name,
         GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);

  guint pinned = ll_training_session_pin_job (self->session);
  g_autofree char *message = NULL;

  if (pinned == 0)
    {
      ll_window_show_info (self, _("Nothing to pin yet: train first, then pin the job to keep its runs"));
      return;
    }
  message = g_strdup_printf (ngettext ("Pinned %u run: it stays when the next job starts",
                                       "Pinned %u runs: they stay when the next job starts", pinned),
                             pinned);
  ll_window_show_info (self, message);
}

static void
ll_window_class_init (LlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ll_window_dispose;
  object_class->finalize = ll_window_finalize;
  object_class->get_property = ll_window_get_property;
  object_class->set_property = ll_window_set_property;
  window_class->close_request = ll_window_close_request;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_IMPORTING] =
    g_param_spec_boolean ("importing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* The plot's scale, as a property so "win.log-scale" is a stateful action. */
  properties[PROP_LOG_SCALE] =
    g_param_spec_boolean ("log-scale", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* Stateful actions win.projector-mode (F11) and win.show-sidebar (F9). */
  properties[PROP_PROJECTOR_MODE] =
    g_param_spec_boolean ("projector-mode", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_SIDEBAR] =
    g_param_spec_boolean ("show-sidebar", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The resources register themselves from a constructor in their object
   * file; referring to them keeps that file in static links (tests too). */
  (void) ll_app_get_resource ();
  g_type_ensure (LL_TYPE_COST_PLOT);
  g_type_ensure (LL_TYPE_RATE_LIST);
  g_type_ensure (LL_TYPE_ACCURACY_TABLE);
  g_type_ensure (LL_TYPE_RESULT_GRID);
  g_type_ensure (LL_TYPE_WEIGHTS_VIEW);
  g_type_ensure (LL_TYPE_CONFUSION_VIEW);
  g_type_ensure (LL_TYPE_CLASSIFY_VIEW);
  g_type_ensure (LL_TYPE_SWEEP_VIEW);
  g_type_ensure (LL_TYPE_LANDSCAPE_VIEW);
  g_type_ensure (LL_TYPE_SHARPNESS_VIEW);
  g_type_ensure (LL_TYPE_STEP_INSPECTOR);
  g_type_ensure (LL_TYPE_TIMELINE);
  g_type_ensure (LL_TYPE_COST_PAGE);
  g_type_ensure (LL_TYPE_RUNS_VIEW);
  g_type_ensure (LL_TYPE_TWO_FEATURE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LlWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, load_spinner);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, train_icon);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, train_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, train_button);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, log_button);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, error_bar);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, classes_box);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, positive_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, negative_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, rates_heading);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, rate_list);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, iterations_spin);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, record_spin);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, initial_w_entry);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, initial_b_entry);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, speed_scale);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, speed_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, plot);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, note_box);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, note_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, accuracy_table);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, result_grid);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, weights_view);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, confusion_view);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, landscape_view);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, sharpness_view);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, classify_view);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, sweep_view);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, critical_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, step_inspector);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, runs_view);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, recent_lessons_menu);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, timeline);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, cost_page);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, note_icon);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, table_scroll);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, sidebar_pane);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, suggest_button);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, scaling_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, scaling_warning_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, two_feature_view);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, switcher_scroller);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, switcher_back);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, switcher_forward);
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_rates_changed",
                                                G_CALLBACK (ll_window_on_rates_changed));

  gtk_widget_class_install_action (widget_class, "win.toggle-training", NULL, ll_window_toggle_training);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, ll_window_step_training);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, ll_window_reset_training);
  gtk_widget_class_install_action (widget_class, "win.open-dataset", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.open-dataset-file", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.open-builtin", NULL, file_action);
  /* The built-in tables by name: "builtin:digits", "builtin:exams" (issue 19). */
  gtk_widget_class_install_action (widget_class, "win.open-builtin-table", "s", file_action);
  gtk_widget_class_install_action (widget_class, "win.open-hand-check", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.open-image", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.open-weights", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.export-weights", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.export-plot", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.export-table", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.save-lesson", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.open-lesson", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, toggle_fullscreen);
  gtk_widget_class_install_action (widget_class, "win.focus-timeline", NULL, focus_timeline);
  gtk_widget_class_install_action (widget_class, "win.pin-job", NULL, pin_job);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page);
  gtk_widget_class_install_action (widget_class, "win.export-handout", NULL,
                                   ll_window_files_export_handout_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent-lesson", "s", ll_window_files_open_recent_lesson);
  gtk_widget_class_install_property_action (widget_class, "win.log-scale", "log-scale");
  gtk_widget_class_install_property_action (widget_class, "win.projector-mode", "projector-mode");
  gtk_widget_class_install_property_action (widget_class, "win.show-sidebar", "show-sidebar");
  gtk_widget_class_install_action (widget_class, "win.suggest-rates", "s", ll_window_suggest_rates_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, ll_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, ll_window_zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, ll_window_zoom_action);

  /* Space and "." act like a media player's keys, but only when the focused
   * widget does not want them itself (an entry, a focused button): these
   * bindings run in the bubble phase, unlike the application's accels. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.toggle-training", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "win.step", NULL);
}

/* A confusion cell shows its test images: that run, that cell. */
static void
on_confusion_cell_activated (LlWindow *self,
                             int       true_class,
                             int       predicted_class)
{
  LlResultGrid *grid = LL_RESULT_GRID (self->result_grid);

  ll_result_grid_set_run (grid, ll_confusion_view_get_run (LL_CONFUSION_VIEW (self->confusion_view)));
  ll_result_grid_set_cell_filter (grid, true_class, predicted_class);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "images");
}

static void
ll_window_init (LlWindow *self)
{
  self->cost_watch = ll_cost_watch_new ();
  self->lesson_moment = -1;
  self->shares_cost = NAN;
  self->cancellable = g_cancellable_new ();
  self->session = ll_training_session_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Every page follows the session's runs; nothing is handed to them. */
  {
    LlRunStore *store = ll_training_session_get_store (self->session);
    GtkWidget *views[] = { self->plot, self->accuracy_table, self->result_grid,
                           self->weights_view, self->classify_view, self->confusion_view,
                           self->landscape_view, self->step_inspector, self->timeline,
                           self->sharpness_view, self->sweep_view, self->runs_view,
                           self->two_feature_view };

    for (guint i = 0; i < G_N_ELEMENTS (views); i++)
      g_object_set (views[i], "store", store, NULL);
  }
  /* The table's accuracies are at the grid's threshold slider. */
  g_object_bind_property (self->result_grid, "threshold", self->accuracy_table, "threshold",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->result_grid, "threshold", self->confusion_view, "threshold",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->result_grid, "threshold", self->two_feature_view, "threshold",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->confusion_view, "cell-activated",
                           G_CALLBACK (on_confusion_cell_activated), self, G_CONNECT_SWAPPED);
  /* A file dropped anywhere on the window: a dataset, weights or an image. */
  ll_window_files_attach_drop_targets (self);
  g_signal_connect_object (self->classify_view, "image-changed", G_CALLBACK (on_image_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->classify_view, "load-failed", G_CALLBACK (on_image_failed),
                           self, 0);
  /* A click on a weights pixel: the step inspector follows that weight. */
  g_signal_connect_object (self->weights_view, "pixel-activated",
                           G_CALLBACK (ll_step_inspector_set_feature), self->step_inspector,
                           G_CONNECT_SWAPPED);
  /* A click on a test image: the step inspector draws its pass. */
  g_signal_connect_object (self->result_grid, "image-activated",
                           G_CALLBACK (ll_step_inspector_set_test_example), self->step_inspector,
                           G_CONNECT_SWAPPED);

  ll_window_connect_session (self);
  ll_window_bind_config (self);
  ll_window_connect_lab (self);
  ll_window_connect_scaling (self);
  ll_window_files_connect_plot (self);
  g_signal_connect_swapped (self->positive_dropdown, "notify::selected",
                            G_CALLBACK (ll_window_on_class_picked), self);
  g_signal_connect_swapped (self->negative_dropdown, "notify::selected",
                            G_CALLBACK (ll_window_on_class_picked), self);
  g_signal_connect_swapped (self->plot, "notify::log-scale",
                            G_CALLBACK (on_log_scale_changed), self);

  ll_window_init_layout (self);
  ll_window_files_init_recent_lessons (self);
  ll_window_init_zoom (self);
  ll_window_update_speed_label (self);
  ll_window_update_actions (self);
  ll_window_on_rates_changed (self);
}

LlWindow *
ll_window_new (LlApplication *application,
               GSettings     *settings)
{
  LlWindow *self = g_object_new (LL_TYPE_WINDOW, "application", application, NULL);

  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      restore_settings (self);
    }
  return self;
}
