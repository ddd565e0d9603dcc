/* ll-window.c: the main window. It reads what the teacher typed, hands it to
 * the LlTrainingSession, and draws what comes back. It never computes: the
 * dataset is loaded and the class pair selected on GTask threads. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/model-io.h"
#include "ll-app-resources.h"
#include "ll-swatch.h"
#include "ll-window.h"

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

  GSettings *settings;
  LlTrainingSession *session;
  LlSharedDataset *source;     /* the dataset as loaded (maybe multi-class) */
  char *source_path;           /* NULL for the built-in one */
  GCancellable *cancellable;   /* cancelled when the window goes */
  guint load_generation;       /* a newer load or selection wins over older ones */
  gboolean loading;
  gboolean updating_pickers;

  /* Per run of the current training: for the plain-words notes. */
  GArray *watch;               /* Watch */
};

typedef struct {
  double learning_rate;
  double last_cost;
  guint rises;
  guint first_rise;
} Watch;

G_DEFINE_FINAL_TYPE (LlWindow, ll_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_LOADING,
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
  g_array_set_size (self->watch, 0);
  gtk_label_set_text (GTK_LABEL (self->note_label), "");
  gtk_widget_set_visible (self->note_box, FALSE);
}

static void
update_note_text (LlWindow *self)
{
  g_autoptr (GString) text = g_string_new (NULL);

  for (guint run = 0; run < self->watch->len; run++)
    {
      Watch *watch = &g_array_index (self->watch, Watch, run);
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      if (watch->rises == 0)
        continue;
      g_ascii_formatd (rate, sizeof rate, "%g", watch->learning_rate);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (watch->rises == 1)
        g_string_append_printf (text,
                                _("Cost went up at iteration %u: learning rate %s may be too large."),
                                watch->first_rise, rate);
      else
        g_string_append_printf (text,
                                _("Learning rate %s is too large: its cost went up %u times "
                                  "(first at iteration %u)."),
                                rate, watch->rises, watch->first_rise);
    }
  gtk_label_set_text (GTK_LABEL (self->note_label), text->str);
  /* Lines are ellipsized on narrow windows (a wrapping label there upsets
   * GTK 4.8's height-for-width); the tooltip keeps the whole text. */
  gtk_widget_set_tooltip_text (self->note_label, text->str);
  gtk_widget_set_visible (self->note_box, text->len > 0);
}

static void
watch_cost (LlWindow *self,
            guint     run,
            double    learning_rate,
            guint     iteration,
            double    cost)
{
  Watch *watch;

  if (run >= self->watch->len)
    {
      guint old_len = self->watch->len;

      g_array_set_size (self->watch, run + 1);
      for (guint i = old_len; i <= run; i++)
        g_array_index (self->watch, Watch, i).last_cost = NAN;
    }
  watch = &g_array_index (self->watch, Watch, run);
  watch->learning_rate = learning_rate;

  /* A relative margin so rounding noise on a flat curve is not a "rise". */
  if (isfinite (watch->last_cost) && cost > watch->last_cost * (1 + 1e-9) + 1e-12)
    {
      if (watch->rises++ == 0)
        watch->first_rise = iteration;
      update_note_text (self);
    }
  watch->last_cost = cost;
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
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "cost");
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
                                 state == LL_SESSION_FINISHED);
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

typedef struct {
  char *path;                  /* NULL = built-in */
  char *classes;               /* --classes spec or NULL */
  LlSharedDataset *source;     /* set: only select a pair from it */
  guint generation;
} LoadRequest;

typedef struct {
  LlSharedDataset *source;
  LlSharedDataset *binary;
} LoadResult;

static void
load_request_free (LoadRequest *request)
{
  g_free (request->path);
  g_free (request->classes);
  g_clear_pointer (&request->source, ll_shared_dataset_unref);
  g_free (request);
}

static void
load_result_free (LoadResult *result)
{
  g_clear_pointer (&result->source, ll_shared_dataset_unref);
  g_clear_pointer (&result->binary, ll_shared_dataset_unref);
  g_free (result);
}

/* Worker thread: read the files, then pick the class pair. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadRequest *request = task_data;
  g_autoptr (LlSharedDataset) source = NULL;
  g_autoptr (LlDataset) binary = NULL;
  const LlDataset *dataset;
  LoadResult *result;
  GError *error = NULL;

  if (request->source != NULL)
    source = ll_shared_dataset_ref (request->source);
  else
    {
      LlDataset *loaded = request->path != NULL
        ? ll_dataset_load (request->path, 0, 0, &error)
        : ll_dataset_load_builtin (&error);

      if (loaded == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      source = ll_shared_dataset_new (loaded);
    }

  dataset = ll_shared_dataset_get (source);
  result = g_new0 (LoadResult, 1);
  result->source = ll_shared_dataset_ref (source);
  if (dataset->n_classes == 2 && request->classes == NULL)
    result->binary = ll_shared_dataset_ref (source);  /* already a binary task */
  else
    {
      binary = ll_dataset_select_binary (dataset, request->classes, &error);
      /* A remembered pair that this dataset lacks: fall back to the default. */
      if (binary == NULL && request->source == NULL && request->classes != NULL)
        {
          g_clear_error (&error);
          binary = ll_dataset_select_binary (dataset, NULL, &error);
        }
      if (binary == NULL)
        {
          load_result_free (result);
          g_task_return_error (task, error);
          return;
        }
      result->binary = ll_shared_dataset_new (g_steal_pointer (&binary));
    }
  g_task_return_pointer (task, result, (GDestroyNotify) load_result_free);
}

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

static void
on_load_done (GObject      *object,
              GAsyncResult *async_result,
              gpointer      user_data)
{
  LlWindow *self = LL_WINDOW (object);
  GTask *task = G_TASK (async_result);
  LoadRequest *request = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  LoadResult *result = g_task_propagate_pointer (task, &error);

  if (g_task_had_error (task) && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (request->generation != self->load_generation)
    {
      g_clear_pointer (&result, load_result_free);
      return;  /* a newer load or selection is under way */
    }

  if (result == NULL)
    {
      g_autofree char *message = NULL;

      if (request->source != NULL)
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
      return;
    }

  if (request->source == NULL)
    {
      g_clear_pointer (&self->source, ll_shared_dataset_unref);
      self->source = ll_shared_dataset_ref (result->source);
      g_free (self->source_path);
      self->source_path = g_strdup (request->path);
      if (self->settings != NULL)
        g_settings_set_string (self->settings, "last-dataset",
                               request->path != NULL ? request->path : "");
    }
  ll_training_session_set_dataset (self->session, result->binary);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "classes",
                           request->classes != NULL ? request->classes : "");
  load_result_free (result);

  hide_message (self);
  set_loading (self, FALSE);
  show_dataset (self);
  preview_runs (self);

}

static void
start_load (LlWindow    *self,
            LoadRequest *request)
{
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, on_load_done, NULL);

  request->generation = ++self->load_generation;
  g_task_set_task_data (task, request, (GDestroyNotify) load_request_free);
  g_task_set_name (task, "[logistic-lab] load dataset");
  ll_training_session_reset (self->session);
  set_loading (self, TRUE);
  g_task_run_in_thread (task, load_thread);
}

void
ll_window_open_dataset (LlWindow   *self,
                        const char *path,
                        const char *classes)
{
  LoadRequest *request;

  g_return_if_fail (LL_IS_WINDOW (self));

  request = g_new0 (LoadRequest, 1);
  request->path = g_strdup (path);
  request->classes = g_strdup (classes);
  start_load (self, request);
}

static void
on_class_picked (LlWindow *self)
{
  guint positive = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->positive_dropdown));
  guint negative = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->negative_dropdown));
  LoadRequest *request;

  if (self->updating_pickers || self->source == NULL ||
      positive == GTK_INVALID_LIST_POSITION || negative == GTK_INVALID_LIST_POSITION)
    return;
  if (negative == positive + 1)
    {
      ll_window_show_error (self, _("Pick two different classes (or “All others” as the negative class)."));
      return;
    }

  request = g_new0 (LoadRequest, 1);
  request->source = ll_shared_dataset_ref (self->source);
  /* Indices rather than names: class names may hold commas. */
  request->classes = negative == 0 ? g_strdup_printf ("%u", positive)
                                   : g_strdup_printf ("%u,%u", positive, negative - 1);
  start_load (self, request);
}

/* Open dialogs -------------------------------------------------------------- */

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  LlWindow        *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);

      /* The course's .h5 files come in a pair: open the folder holding them. */
      if (path != NULL && g_str_has_suffix (path, ".h5"))
        {
          char *folder = g_path_get_dirname (path);

          g_free (path);
          path = folder;
        }
      if (path != NULL)
        ll_window_open_dataset (self, path, NULL);
      else
        ll_window_show_error (self, _("Only local files can be opened as datasets."));
    }
  g_object_unref (dialog);
}

static void
run_open_dialog (LlWindow             *self,
                 GtkFileChooserAction  action)
{
  GtkFileChooserNative *dialog;

  dialog = gtk_file_chooser_native_new (action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER
                                          ? _("Open Dataset Folder")
                                          : _("Open Dataset File"),
                                        GTK_WINDOW (self), action, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    {
      g_autoptr (GtkFileFilter) datasets = gtk_file_filter_new ();
      g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();

      gtk_file_filter_set_name (datasets, _("Datasets (.h5, IDX, .gz)"));
      gtk_file_filter_add_pattern (datasets, "*.h5");
      gtk_file_filter_add_pattern (datasets, "*-ubyte");
      gtk_file_filter_add_pattern (datasets, "*-ubyte.gz");
      gtk_file_filter_add_pattern (datasets, "*.idx*");
      gtk_file_filter_add_pattern (datasets, "*.gz");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), datasets);
      gtk_file_filter_set_name (all, _("All files"));
      gtk_file_filter_add_pattern (all, "*");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all);
    }
  /* Not called once the window is gone (closed while the dialog was up). */
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_open_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_dataset_folder (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  run_open_dialog (LL_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
open_dataset_file (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  run_open_dialog (LL_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
open_builtin (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ll_window_open_dataset (LL_WINDOW (widget), NULL, NULL);
}

/* Export weights (Ctrl+E) --------------------------------------------------- */

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GPtrArray *models = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  GError *error = NULL;

  if (ll_models_save_npz (path, models, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_export_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LlWindow *self = LL_WINDOW (object);
  const char *path = g_object_get_data (G_OBJECT (result), "path");
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not export the weights to %s: %s"), path, error->message);
      ll_window_show_error (self, message);
      return;
    }
  message = g_strdup_printf (_("Saved the weights of every learning rate to %s"), path);
  show_message (self, GTK_MESSAGE_INFO, message);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    LlWindow        *self)
{
  GPtrArray *models = ll_training_session_get_models (self->session);

  if (response == GTK_RESPONSE_ACCEPT && models != NULL)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autoptr (GTask) task = g_task_new (self, self->cancellable, on_export_done, NULL);
      char *path = g_file_get_path (file);

      if (path == NULL)
        ll_window_show_error (self, _("Weights can only be saved to a local file."));
      else
        {
          /* The models are immutable once trained: share them with the thread. */
          g_task_set_task_data (task, g_ptr_array_ref (models), (GDestroyNotify) g_ptr_array_unref);
          g_object_set_data_full (G_OBJECT (task), "path", path, g_free);
          g_task_run_in_thread (task, export_thread);
        }
    }
  g_object_unref (dialog);
}

static void
export_weights (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);
  GtkFileChooserNative *dialog;

  if (ll_training_session_get_models (self->session) == NULL)
    {
      ll_window_show_error (self, _("Train first: there are no weights to export yet."));
      return;
    }
  dialog = gtk_file_chooser_native_new (_("Export Weights"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "weights.npz");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
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
  g_free (self->source_path);
  g_array_unref (self->watch);

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
  gtk_widget_class_bind_template_callback (widget_class, on_error_bar_response);
  gtk_widget_class_bind_template_callback (widget_class, on_rates_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_run_length_changed);

  gtk_widget_class_install_action (widget_class, "win.toggle-training", NULL, toggle_training);
  gtk_widget_class_install_action (widget_class, "win.step", NULL, step_training);
  gtk_widget_class_install_action (widget_class, "win.reset", NULL, reset_training);
  gtk_widget_class_install_action (widget_class, "win.open-dataset", NULL, open_dataset_folder);
  gtk_widget_class_install_action (widget_class, "win.open-dataset-file", NULL, open_dataset_file);
  gtk_widget_class_install_action (widget_class, "win.open-builtin", NULL, open_builtin);
  gtk_widget_class_install_action (widget_class, "win.export-weights", NULL, export_weights);
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
  self->watch = g_array_new (FALSE, TRUE, sizeof (Watch));
  self->cancellable = g_cancellable_new ();
  self->session = ll_training_session_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect (self->session, "progress", G_CALLBACK (on_session_progress), self);
  g_signal_connect (self->session, "reset", G_CALLBACK (on_session_reset), self);
  g_signal_connect (self->session, "failed", G_CALLBACK (on_session_failed), self);
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
