/* ll-window.c: the main window. It reads what the teacher typed, hands it to
 * the LlTrainingSession, and draws what comes back. It never computes: the
 * dataset is loaded and the class pair selected on GTask threads. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ll-app-resources.h"
#include "ll-cost-watch.h"
#include "ll-dataset-loader.h"
#include "ll-window-files.h"
#include "ll-window-private.h"

struct _LlWindow
{
  GtkApplicationWindow parent_instance;

  /* Template children */
  GtkWidget *title_label;
  GtkWidget *subtitle_label;
  GtkWidget *load_spinner;
  GtkWidget *train_icon;
  GtkWidget *train_label;
  GtkWidget *train_button;
  GtkWidget *log_button;
  GtkWidget *error_bar;
  GtkWidget *error_label;
  GtkWidget *sidebar;
  GtkWidget *classes_box;
  GtkWidget *positive_dropdown;
  GtkWidget *negative_dropdown;
  GtkWidget *rates_heading;
  GtkWidget *rate_list;
  GtkWidget *iterations_spin;
  GtkWidget *record_spin;
  GtkWidget *speed_scale;
  GtkWidget *speed_label;
  GtkWidget *stack;
  GtkWidget *plot;
  GtkWidget *note_box;
  GtkWidget *note_label;
  GtkWidget *accuracy_table;
  GtkWidget *result_grid;
  GtkWidget *weights_view;
  GtkWidget *classify_view;

  GSettings *settings;
  LlTrainingSession *session;
  LlModelViews *model_views;   /* feeds the grid, weights, classify view */
  LlSharedDataset *source;     /* the dataset as loaded (maybe multi-class) */
  LlSharedDataset *binary;     /* the pair being trained */
  char *source_path;           /* NULL for the built-in one */
  GCancellable *cancellable;   /* cancelled when the window goes */
  guint load_generation;       /* a newer load or selection wins over older ones */
  gboolean loading;
  gboolean importing;
  gboolean updating_pickers;

  LlCostWatch *cost_watch;     /* for the plain-words notes */
};

G_DEFINE_FINAL_TYPE (LlWindow, ll_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_IMPORTING,
  PROP_LOG_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_actions (LlWindow *self);

/* Messages ---------------------------------------------------------------- */

static void
show_message (LlWindow       *self,
              GtkMessageType  type,
              const char     *message)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), message);
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

static void
hide_message (LlWindow *self)
{
  gtk_info_bar_set_revealed (GTK_INFO_BAR (self->error_bar), FALSE);
}

static void
on_error_bar_response (LlWindow *self,
                       int       response)
{
  hide_message (self);
}

/* Notes: a curve that goes up means the step overshoots -------------------- */

static void
reset_notes (LlWindow *self)
{
  ll_cost_watch_reset (self->cost_watch);
  gtk_label_set_text (GTK_LABEL (self->note_label), "");
  gtk_widget_set_visible (self->note_box, FALSE);
}

static void
watch_cost (LlWindow *self,
            guint     run,
            double    learning_rate,
            guint     iteration,
            double    cost)
{
  g_autofree char *text = NULL;

  if (!ll_cost_watch_add (self->cost_watch, run, learning_rate, iteration, cost))
    return;
  text = ll_cost_watch_dup_text (self->cost_watch);
  gtk_label_set_text (GTK_LABEL (self->note_label), text);
  /* Lines are ellipsized on narrow windows (a wrapping label there upsets
   * GTK 4.8's height-for-width); the tooltip keeps the whole text. */
  gtk_widget_set_tooltip_text (self->note_label, text);
  gtk_widget_set_visible (self->note_box, *text != '\0');
}

const char *
ll_window_get_note (LlWindow *self)
{
  const char *text;

  g_return_val_if_fail (LL_IS_WINDOW (self), NULL);

  text = gtk_label_get_text (GTK_LABEL (self->note_label));
  return *text != '\0' ? text : NULL;
}

/* The session's signals ----------------------------------------------------- */

static void
on_session_progress (LlTrainingSession *session,
                     guint              run,
                     double             learning_rate,
                     guint              iteration,
                     double             cost,
                     double             train_accuracy,
                     double             test_accuracy,
                     LlWindow          *self)
{
  ll_cost_plot_add_point (LL_COST_PLOT (self->plot), run, iteration, cost);
  ll_accuracy_table_update (LL_ACCURACY_TABLE (self->accuracy_table), run, iteration, cost,
                            train_accuracy, test_accuracy);
  watch_cost (self, run, learning_rate, iteration, cost);
}

static void
on_session_reset (LlTrainingSession *session,
                  LlWindow          *self)
{
  ll_cost_plot_clear (LL_COST_PLOT (self->plot));
  ll_accuracy_table_clear (LL_ACCURACY_TABLE (self->accuracy_table));
  reset_notes (self);
}

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
  update_actions (self);
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
  g_autofree char *message = g_strdup_printf (_("Could not classify the image: %s"), error->message);

  /* Only the banner: a training in progress goes on. */
  ll_window_show_error (self, message);
}

/* Reading the controls --------------------------------------------------- */

static guint
get_iterations (LlWindow *self)
{
  return (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->iterations_spin));
}

static guint
get_record_every (LlWindow *self)
{
  return (guint) gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->record_spin));
}

/* While nothing is trained, the plot's legend and the table follow the list. */
static void
preview_runs (LlWindow *self)
{
  g_autofree double *rates = NULL;
  guint n_rates = 0;

  if (ll_training_session_get_state (self->session) != LL_SESSION_IDLE)
    return;
  rates = ll_rate_list_get_rates (LL_RATE_LIST (self->rate_list), &n_rates, NULL);
  if (rates == NULL)
    return;
  ll_cost_plot_set_runs (LL_COST_PLOT (self->plot), rates, n_rates, get_iterations (self));
  ll_accuracy_table_set_rates (LL_ACCURACY_TABLE (self->accuracy_table), rates, n_rates);
}

static void
on_rates_changed (LlWindow *self)
{
  LlRateList *list = LL_RATE_LIST (self->rate_list);
  g_autofree double *rates = NULL;
  guint n_rates = 0;

  if (ll_rate_list_get_n_rates (list) > 0)
    gtk_label_set_mnemonic_widget (GTK_LABEL (self->rates_heading),
                                   GTK_WIDGET (ll_rate_list_get_entry (list, 0)));
  /* Remember good rates only; a half-typed one is marked in red meanwhile. */
  rates = ll_rate_list_get_rates (list, &n_rates, NULL);
  if (rates != NULL && self->settings != NULL)
    {
      g_autoptr (GVariant) value =
        g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, rates, n_rates, sizeof (double));

      g_settings_set_value (self->settings, "learning-rates", g_steal_pointer (&value));
    }
  preview_runs (self);
}

static void
on_run_length_changed (LlWindow *self)
{
  if (self->settings != NULL)
    {
      g_settings_set_uint (self->settings, "iterations", get_iterations (self));
      g_settings_set_uint (self->settings, "record-every", get_record_every (self));
    }
  preview_runs (self);
}

static void
update_speed_label (LlWindow *self)
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
  if (self->settings != NULL)
    g_settings_set_double (self->settings, "speed", speed);
}

/* Training actions ----------------------------------------------------------- */

static gboolean
start_training (LlWindow *self,
                guint     stop_after)
{
  g_autoptr (GError) error = NULL;
  g_autofree double *rates = NULL;
  guint n_rates = 0;
  guint iterations = get_iterations (self);

  if (self->loading)
    return FALSE;
  rates = ll_rate_list_get_rates (LL_RATE_LIST (self->rate_list), &n_rates, &error);
  if (rates == NULL ||
      !ll_training_session_start (self->session, rates, n_rates, iterations,
                                  get_record_every (self), stop_after, &error))
    {
      ll_window_show_error (self, error->message);
      return FALSE;
    }
  hide_message (self);
  ll_cost_plot_set_runs (LL_COST_PLOT (self->plot), rates, n_rates, iterations);
  ll_accuracy_table_set_rates (LL_ACCURACY_TABLE (self->accuracy_table), rates, n_rates);
  update_actions (self);
  /* No page switch: the grid, weights and classify pages follow the run live. */
  return TRUE;
}

gboolean
ll_window_train (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), FALSE);

  return start_training (self, 0);
}

static void
toggle_training (GtkWidget  *widget,
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

static void
step_training (GtkWidget  *widget,
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

static void
reset_training (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);

  ll_training_session_reset (self->session);
  preview_runs (self);
}

static void
update_actions (LlWindow *self)
{
  LlSessionState state = ll_training_session_get_state (self->session);
  gboolean ready = !self->loading && ll_training_session_get_dataset (self->session) != NULL;
  gboolean active = state == LL_SESSION_RUNNING || state == LL_SESSION_PAUSED;
  const char *label;
  const char *icon;
  const char *tooltip;

  /* Train stays enabled while loading, so it can hold the keyboard focus from
   * the start; pressed too early, it waits for nothing (see start_training). */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.step", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reset", state != LL_SESSION_IDLE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-weights",
                                 ll_window_get_export_models (self) != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-weights",
                                 ready && !active && !self->importing);
  /* The settings of a run are fixed while it runs: the plot shows them. */
  gtk_widget_set_sensitive (self->rate_list, !active);
  gtk_widget_set_sensitive (self->iterations_spin, !active);
  gtk_widget_set_sensitive (self->record_spin, !active);
  gtk_widget_set_sensitive (self->classes_box, !active && !self->loading);

  switch (state)
    {
    case LL_SESSION_RUNNING:
      label = _("_Pause");
      icon = "media-playback-pause-symbolic";
      tooltip = _("Pause at the next record point (Space)");
      break;
    case LL_SESSION_PAUSED:
      label = _("Res_ume");
      icon = "media-playback-start-symbolic";
      tooltip = _("Go on training (Space)");
      break;
    case LL_SESSION_FINISHED:
      label = _("_Train");
      icon = "media-playback-start-symbolic";
      tooltip = _("Train again from zero with the settings on the left (Space)");
      break;
    case LL_SESSION_IDLE:
    default:
      label = _("_Train");
      icon = "media-playback-start-symbolic";
      tooltip = _("Train every learning rate at once (Space)");
      break;
    }
  gtk_label_set_text_with_mnemonic (GTK_LABEL (self->train_label), label);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->train_icon), icon);
  gtk_widget_set_tooltip_text (self->train_button, tooltip);
}

/* Datasets ----------------------------------------------------------------- */

static void
set_loading (LlWindow *self,
             gboolean  loading)
{
  self->loading = loading;
  gtk_widget_set_visible (self->load_spinner, loading);
  gtk_spinner_set_spinning (GTK_SPINNER (self->load_spinner), loading);
  if (loading)
    gtk_label_set_text (GTK_LABEL (self->subtitle_label), _("Loading…"));
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
ll_window_get_loading (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), FALSE);

  return self->loading;
}

static int
class_index (const LlDataset *dataset,
             const char      *name)
{
  for (guint c = 0; c < dataset->n_classes; c++)
    if (g_strcmp0 (dataset->class_names[c], name) == 0)
      return (int) c;
  return -1;
}

/* The pickers show the source's classes, set to the pair being trained. */
static void
update_class_pickers (LlWindow *self)
{
  const LlDataset *source = ll_shared_dataset_get (self->source);
  const LlDataset *binary = ll_training_session_get_dataset (self->session);
  g_autoptr (GtkStringList) positives = gtk_string_list_new ((const char * const *) source->class_names);
  g_autoptr (GtkStringList) negatives = gtk_string_list_new (NULL);
  int positive = class_index (source, binary->class_names[1]);
  int negative = class_index (source, binary->class_names[0]);

  gtk_string_list_append (negatives, _("All others"));
  gtk_string_list_splice (negatives, 1, 0, (const char * const *) source->class_names);

  self->updating_pickers = TRUE;
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->positive_dropdown), G_LIST_MODEL (positives));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->negative_dropdown), G_LIST_MODEL (negatives));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->positive_dropdown), MAX (positive, 0));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->negative_dropdown), negative + 1);
  self->updating_pickers = FALSE;

  gtk_widget_set_visible (self->classes_box, source->n_classes > 2);
}

static void
show_dataset (LlWindow *self)
{
  const LlDataset *binary = ll_training_session_get_dataset (self->session);
  g_autofree char *description = ll_dataset_describe (binary);
  const char *subtitle = description;
  g_autofree char *tooltip = NULL;

  /* The name is the title; the rest of the one-liner the subtitle. */
  if (g_str_has_prefix (description, binary->name) &&
      g_str_has_prefix (description + strlen (binary->name), " · "))
    subtitle = description + strlen (binary->name) + strlen (" · ");
  gtk_label_set_text (GTK_LABEL (self->title_label), binary->name);
  gtk_label_set_text (GTK_LABEL (self->subtitle_label), subtitle);
  tooltip = g_strdup_printf ("%s\n%s", description,
                             self->source_path != NULL ? self->source_path : _("Built into Logistic Lab"));
  gtk_widget_set_tooltip_text (self->title_label, tooltip);
  gtk_widget_set_tooltip_text (self->subtitle_label, tooltip);
  update_class_pickers (self);
}

typedef struct {
  char *path;                  /* NULL = built-in */
  char *classes;
  gboolean reselect;           /* only a new pair from the same source */
  guint generation;
} LoadRequest;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->path);
  g_free (request->classes);
  g_free (request);
}

static void
on_load_done (GObject      *object,
              GAsyncResult *async_result,
              gpointer      user_data)
{
  LlWindow *self = LL_WINDOW (object);
  LoadRequest *request = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDatasetLoad) result = ll_dataset_load_finish (async_result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      request->generation != self->load_generation)  /* a newer load or selection is under way */
    {
      load_request_free (request);
      return;
    }

  if (result == NULL)
    {
      g_autofree char *message = NULL;

      if (request->reselect)
        message = g_strdup_printf (_("Could not use these classes: %s"), error->message);
      else
        /* The core's messages name the file and the reason. */
        message = g_strdup_printf (_("Could not open the dataset: %s"), error->message);
      ll_window_show_error (self, message);
      set_loading (self, FALSE);
      /* Keep what was shown before; restore its header and pickers. */
      if (self->source != NULL)
        show_dataset (self);
      else
        gtk_label_set_text (GTK_LABEL (self->subtitle_label), _("No dataset"));
      load_request_free (request);
      return;
    }

  if (!request->reselect)
    {
      g_clear_pointer (&self->source, ll_shared_dataset_unref);
      self->source = ll_shared_dataset_ref (result->source);
      g_free (self->source_path);
      self->source_path = g_strdup (request->path);
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "last-dataset",
                               request->path != NULL ? request->path : "");
    }
  g_clear_pointer (&self->binary, ll_shared_dataset_unref);
  self->binary = ll_shared_dataset_ref (result->binary);
  ll_training_session_set_dataset (self->session, result->binary);
  ll_model_views_set_dataset (self->model_views, result->binary);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "classes",
                           request->classes != NULL ? request->classes : "");
  load_request_free (request);

  hide_message (self);
  set_loading (self, FALSE);
  show_dataset (self);
  preview_runs (self);
}

static void
start_load (LlWindow   *self,
            const char *path,
            const char *classes,
            gboolean    reselect)
{
  LoadRequest *request = g_new0 (LoadRequest, 1);

  request->path = g_strdup (path);
  request->classes = g_strdup (classes);
  request->reselect = reselect;
  request->generation = ++self->load_generation;
  ll_training_session_reset (self->session);
  set_loading (self, TRUE);
  ll_dataset_load_async (self, path, reselect ? self->source : NULL, classes,
                         self->cancellable, on_load_done, request);
}

void
ll_window_open_dataset (LlWindow   *self,
                        const char *path,
                        const char *classes)
{
  g_return_if_fail (LL_IS_WINDOW (self));

  start_load (self, path, classes, FALSE);
}

static void
on_class_picked (LlWindow *self)
{
  guint positive = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->positive_dropdown));
  guint negative = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->negative_dropdown));
  g_autofree char *classes = NULL;

  if (self->updating_pickers || self->source == NULL ||
      positive == GTK_INVALID_LIST_POSITION || negative == GTK_INVALID_LIST_POSITION)
    return;
  if (negative == positive + 1)
    {
      ll_window_show_error (self, _("Pick two different classes (or “All others” as the negative class)."));
      return;
    }

  /* Indices rather than names: class names may hold commas. */
  classes = negative == 0 ? g_strdup_printf ("%u", positive)
                          : g_strdup_printf ("%u,%u", positive, negative - 1);
  start_load (self, NULL, classes, TRUE);
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
  else if (g_str_equal (action_name, "win.open-image"))
    ll_window_files_open_image_dialog (self);
  else if (g_str_equal (action_name, "win.open-weights"))
    ll_window_files_open_weights_dialog (self);
  else if (g_str_equal (action_name, "win.export-weights"))
    ll_window_files_export_weights_dialog (self);
  else if (g_str_equal (action_name, "win.export-plot"))
    ll_window_files_export_plot_dialog (self);
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
ll_window_get_export_models (LlWindow *self)
{
  GPtrArray *models = ll_training_session_get_models (self->session);

  return models != NULL ? models : ll_model_views_get_imported (self->model_views);
}

void
ll_window_set_importing (LlWindow *self,
                         gboolean  importing)
{
  self->importing = importing;
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IMPORTING]);
}

void
ll_window_show_import (LlWindow        *self,
                       LlWeightsImport *import)
{
  GPtrArray *models = import->models;
  g_autofree double *rates = g_new (double, models->len);
  guint max_iteration = 1;

  /* Imported weights replace any trained ones. */
  ll_training_session_reset (self->session);
  for (guint run = 0; run < models->len; run++)
    {
      const LlModel *model = g_ptr_array_index (models, run);

      rates[run] = model->learning_rate;
      max_iteration = MAX (max_iteration, model->iterations);
    }
  /* Their cost curves, when the file has them (ours does; a notebook's may). */
  ll_cost_plot_set_runs (LL_COST_PLOT (self->plot), rates, models->len, max_iteration);
  ll_accuracy_table_set_rates (LL_ACCURACY_TABLE (self->accuracy_table), rates, models->len);
  for (guint run = 0; run < models->len; run++)
    {
      const LlModel *model = g_ptr_array_index (models, run);
      double last_cost = model->n_costs > 0 ? model->costs[model->n_costs - 1].cost : NAN;

      for (gsize i = 0; i < model->n_costs; i++)
        ll_cost_plot_add_point (LL_COST_PLOT (self->plot), run, model->costs[i].iteration,
                                model->costs[i].cost);
      ll_accuracy_table_update (LL_ACCURACY_TABLE (self->accuracy_table), run, model->iterations,
                                last_cost, NAN, NAN);
    }
  ll_model_views_show_import (self->model_views, import);
  update_actions (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "images");
}

/* Settings ------------------------------------------------------------------ */

static void
restore_settings (LlWindow *self)
{
  g_autoptr (GVariant) rates_value = NULL;
  const double *rates;
  gsize n_rates = 0;

  if (self->settings == NULL)
    return;

  rates_value = g_settings_get_value (self->settings, "learning-rates");
  rates = g_variant_get_fixed_array (rates_value, &n_rates, sizeof (double));
  if (n_rates > 0)
    ll_rate_list_set_rates (LL_RATE_LIST (self->rate_list), rates, n_rates);
  ll_window_set_run_length (self,
                            g_settings_get_uint (self->settings, "iterations"),
                            g_settings_get_uint (self->settings, "record-every"));
  ll_training_session_set_speed (self->session, g_settings_get_double (self->settings, "speed"));
  ll_cost_plot_set_log_scale (LL_COST_PLOT (self->plot),
                              g_settings_get_boolean (self->settings, "log-scale"));
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
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

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }
  return GTK_WINDOW_CLASS (ll_window_parent_class)->close_request (window);
}

static void
on_log_scale_changed (LlWindow *self)
{
  gboolean log_scale = ll_cost_plot_get_log_scale (LL_COST_PLOT (self->plot));

  if (self->settings != NULL)
    g_settings_set_boolean (self->settings, "log-scale", log_scale);
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
      ll_training_session_reset (self->session);
    }
  g_clear_object (&self->model_views);
  g_clear_object (&self->session);
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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The resources register themselves from a constructor in their object
   * file; referring to them keeps that file in static links (tests too). */
  (void) ll_app_get_resource ();
  g_type_ensure (LL_TYPE_COST_PLOT);
  g_type_ensure (LL_TYPE_RATE_LIST);
  g_type_ensure (LL_TYPE_ACCURACY_TABLE);
  g_type_ensure (LL_TYPE_RESULT_GRID);
  g_type_ensure (LL_TYPE_WEIGHTS_VIEW);
  g_type_ensure (LL_TYPE_CLASSIFY_VIEW);

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
  gtk_widget_class_bind_template_child (widget_class, LlWindow, speed_scale);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, speed_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, plot);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, note_box);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, note_label);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, accuracy_table);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, result_grid);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, weights_view);
  gtk_widget_class_bind_template_child (widget_class, LlWindow, classify_view);
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_rates_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_run_length_changed);

  gtk_widget_class_install_action (widget_class, "win.toggle-training", NULL, toggle_training);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_training);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_training);
  gtk_widget_class_install_action (widget_class, "win.open-dataset", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.open-dataset-file", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.open-builtin", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.open-image", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.open-weights", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.export-weights", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.export-plot", NULL, file_action);
  gtk_widget_class_install_action (widget_class, "win.fullscreen", NULL, toggle_fullscreen);
  gtk_widget_class_install_property_action (widget_class, "win.log-scale", "log-scale");

  /* Space and "." act like a media player's keys, but only when the focused
   * widget does not want them itself (an entry, a focused button): these
   * bindings run in the bubble phase, unlike the application's accels. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_space, 0, "win.toggle-training", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_period, 0, "win.step", NULL);
}

static void
ll_window_init (LlWindow *self)
{
  self->cost_watch = ll_cost_watch_new ();
  self->cancellable = g_cancellable_new ();
  self->session = ll_training_session_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->model_views = ll_model_views_new (self->session, LL_RESULT_GRID (self->result_grid),
                                          LL_WEIGHTS_VIEW (self->weights_view),
                                          LL_CLASSIFY_VIEW (self->classify_view),
                                          LL_ACCURACY_TABLE (self->accuracy_table));
  /* An image dropped anywhere on the window is classified on its page. */
  ll_classify_view_attach_drop_target (LL_CLASSIFY_VIEW (self->classify_view), GTK_WIDGET (self));
  g_signal_connect_object (self->classify_view, "image-changed", G_CALLBACK (on_image_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->classify_view, "load-failed", G_CALLBACK (on_image_failed),
                           self, 0);

  g_signal_connect (self->session, "progress", G_CALLBACK (on_session_progress), self);
  g_signal_connect (self->session, "reset", G_CALLBACK (on_session_reset), self);
  g_signal_connect (self->session, "failed", G_CALLBACK (on_session_failed), self);
  g_signal_connect_swapped (self->session, "finished", G_CALLBACK (update_actions), self);
  g_signal_connect (self->session, "notify::state", G_CALLBACK (on_session_state), self);
  g_signal_connect_swapped (self->session, "notify::speed", G_CALLBACK (update_speed_label), self);
  g_object_bind_property (gtk_range_get_adjustment (GTK_RANGE (self->speed_scale)), "value",
                          self->session, "speed",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_swapped (self->positive_dropdown, "notify::selected",
                            G_CALLBACK (on_class_picked), self);
  g_signal_connect_swapped (self->negative_dropdown, "notify::selected",
                            G_CALLBACK (on_class_picked), self);
  g_signal_connect_swapped (self->plot, "notify::log-scale",
                            G_CALLBACK (on_log_scale_changed), self);

  update_speed_label (self);
  update_actions (self);
  on_rates_changed (self);
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
