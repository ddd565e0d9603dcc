/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-window-dataset.c: the window's dataset: loading on a GTask thread
 * (ll-dataset-loader.c), the header's title and subtitle, the class pickers. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ll-dataset-loader.h"
#include "core/data/dataset-title.h"
#include "ll-window-files.h"
#include "ll-window-private.h"

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
  g_autofree char *title = NULL;

  /* The name is the title; the rest of the one-liner the subtitle. */
  if (g_str_has_prefix (description, binary->name) &&
      g_str_has_prefix (description + strlen (binary->name), " · "))
    subtitle = description + strlen (binary->name) + strlen (" · ");
  title = ll_dataset_dup_title (binary);
  gtk_label_set_text (GTK_LABEL (self->title_label), title);
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
      ll_window_set_loading (self, FALSE);
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
  /* Said before any training: the scaled values would stall or blow up. */
  gtk_label_set_text (GTK_LABEL (self->scaling_warning_label),
                      result->scaling_warning != NULL ? result->scaling_warning : "");
  gtk_widget_set_visible (self->scaling_warning_label, result->scaling_warning != NULL);
  g_object_set (self->two_feature_view, "scaling", result->scaling, NULL);
  /* Every page follows: the dataset reaches them through the run store. */
  ll_training_session_set_dataset (self->session, result->binary);
  g_free (self->classes);
  self->classes = g_strdup (request->classes);
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "classes",
                           request->classes != NULL ? request->classes : "");
  load_request_free (request);

  ll_window_hide_message (self);
  ll_window_files_retrain_lesson (self);
  ll_window_set_loading (self, FALSE);
  show_dataset (self);
}

static void
start_load (LlWindow   *self,
            const char *path,
            const char *classes,
            gboolean    reselect)
{
  LoadRequest *request = g_new0 (LoadRequest, 1);
  LlScalingSpec scaling;

  ll_run_config_get_scaling_spec (ll_training_session_get_config (self->session), &scaling);
  request->path = g_strdup (path);
  request->classes = g_strdup (classes);
  request->reselect = reselect;
  request->generation = ++self->load_generation;
  /* Copied first: PATH and CLASSES may be these very fields. */
  {
    char *loading_path = g_strdup (path), *loading_classes = g_strdup (classes);

    g_free (self->loading_path);
    g_free (self->loading_classes);
    self->loading_path = loading_path;
    self->loading_classes = loading_classes;
    self->loading_reselect = reselect;
  }
  ll_training_session_reset (self->session);
  ll_window_set_loading (self, TRUE);
  ll_dataset_load_async (self, path, reselect ? self->source : NULL, classes, &scaling,
                         self->cancellable, on_load_done, request);
}

void
ll_window_open_dataset (LlWindow   *self,
                        const char *path,
                        const char *classes)
{
  g_return_if_fail (LL_IS_WINDOW (self));

  /* Here, where every path to a dataset passes (lessons, the setting at
   * start-up, --dataset), so each one takes it. */
  if (g_strcmp0 (path, LL_WINDOW_BUILTIN_DATASET) == 0)
    path = NULL;
  start_load (self, path, classes, FALSE);
}

void
ll_window_on_class_picked (LlWindow *self)
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


/* The drop-down's items, in order, as the config's scaling texts; another
 * max:VALUE (from a setting or a lesson) selects none of them. */
static const char *const scaling_choices[] = { "default", "none", "max:255", "max", "standardize" };

static gboolean
scaling_to_choice (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  LlScalingSpec spec, choice;

  if (!ll_scaling_spec_parse (g_value_get_string (from), &spec, NULL))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (scaling_choices); i++)
    if (ll_scaling_spec_parse (scaling_choices[i], &choice, NULL) &&
        choice.kind == spec.kind && choice.max == spec.max)
      {
        g_value_set_uint (to, i);
        return TRUE;
      }
  g_value_set_uint (to, GTK_INVALID_LIST_POSITION);
  return TRUE;
}

static gboolean
choice_to_scaling (GBinding     *binding,
                   const GValue *from,
                   GValue       *to,
                   gpointer      user_data)
{
  guint choice = g_value_get_uint (from);

  if (choice >= G_N_ELEMENTS (scaling_choices))
    return FALSE;
  g_value_set_string (to, scaling_choices[choice]);
  return TRUE;
}

static void
on_scaling_changed (LlWindow *self)
{
  /* A load under way starts again with the new scaling (it read the
   * old one); else the same pair again, scaled anew on the loader's thread. */
  if (self->loading)
    start_load (self, self->loading_path, self->loading_classes, self->loading_reselect);
  else if (self->source != NULL)
    start_load (self, NULL, self->classes, TRUE);
}

void
ll_window_connect_scaling (LlWindow *self)
{
  LlRunConfig *config = ll_training_session_get_config (self->session);

  g_object_bind_property_full (config, "scaling", self->scaling_dropdown, "selected",
                               G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE,
                               scaling_to_choice, choice_to_scaling, NULL, NULL);
  g_signal_connect_object (config, "notify::scaling", G_CALLBACK (on_scaling_changed), self,
                           G_CONNECT_SWAPPED);
}
