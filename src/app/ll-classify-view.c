/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-classify-view.c: see ll-classify-view.h. */
#include "config.h"

#include "ll-classify-view.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "core/data/dataset.h"
#include "core/data/decode-helper.h"
#include "core/train/model.h"
#include "ll-style.h"
#include "ll-texture-util.h"

/* The original is kept (and shown) at most this large; the model's input is
 * fitted from the full decoded image before that. */
#define ORIGINAL_MAX_SIDE 1024
#define PICTURE_SIDE 256

typedef struct
{
  double probability;  /* NAN: the model expects another shape */
  char *class_name;
} Result;

struct _LlClassifyView
{
  GtkBox parent_instance;

  /* template */
  GtkStack *stack;
  GtkPicture *original_picture;
  GtkLabel *original_caption;
  GtkPicture *fitted_picture;
  GtkLabel *fitted_caption;
  GtkLabel *status_label;
  GtkGrid *results_grid;

  guint height;
  guint width;
  guint channels;
  char *helper_path;

  LlImage *original;
  LlImage *fitted;
  GPtrArray *models;   /* LlModel, our copies */
  GArray *results;     /* Result, one per model */

  GCancellable *load_cancellable;

  LlRunStore *store;            /* followed, see set_store */
  GSignalGroup *store_signals;
  guint models_update;          /* idle: the models follow the store */
};

G_DEFINE_FINAL_TYPE (LlClassifyView, ll_classify_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_IMAGE_CHANGED,
  SIGNAL_LOAD_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static LlImage *
copy_image (const LlImage *image)
{
  LlImage *copy = ll_image_new (image->width, image->height, image->channels);

  memcpy (copy->pixels, image->pixels, (gsize) image->width * image->height * image->channels);
  return copy;
}

static char *
describe_shape (guint width,
                guint height,
                guint channels)
{
  /* Translators: an image size and colour, "64×64 RGB" or "28×28 grey" */
  return g_strdup_printf (_("%u×%u %s"), width, height, channels == 1 ? _("grey") : _("RGB"));
}

static void
result_clear (Result *result)
{
  g_clear_pointer (&result->class_name, g_free);
}

/* The model's input for MODEL: the fitted image when it has the model's
 * size, else the original fitted to the model's own shape when known. */
static double
ll_classify_view_probability (LlClassifyView *self,
                              const LlModel  *model)
{
  g_autoptr (LlImage) refitted = NULL;
  const LlImage *input = NULL;
  g_autofree double *features = NULL;
  gboolean model_shape_known = model->height > 0 && model->width > 0 && model->channels > 0;

  if (self->fitted != NULL
      && (gsize) self->fitted->width * self->fitted->height * self->fitted->channels == model->n_features
      && (!model_shape_known
          || (self->fitted->width == model->width && self->fitted->height == model->height
              && self->fitted->channels == model->channels)))
    input = self->fitted;
  else if (model_shape_known
           && (gsize) model->width * model->height * model->channels == model->n_features)
    input = refitted = ll_image_fit (self->original, model->width, model->height, model->channels);

  if (input == NULL)
    return NAN;

  features = g_new (double, model->n_features);
  ll_pixels_to_features (input->pixels, model->n_features, features);
  return ll_model_probability (model, features);
}

static void
ll_classify_view_update_results (LlClassifyView *self)
{
  GtkWidget *child;

  g_array_set_size (self->results, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_grid))) != NULL)
    gtk_grid_remove (self->results_grid, child);

  if (self->original == NULL)
    {
      gtk_label_set_text (self->status_label, "");
      return;
    }
  if (self->models->len == 0)
    {
      gtk_label_set_text (self->status_label,
                          _("Train first (or open weights) to classify this image."));
      return;
    }

  for (guint i = 0; i < self->models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (self->models, i);
      const char *positive = model->class_names != NULL && model->class_names[0] != NULL
                             ? model->class_names[1] : "1";
      Result result = { ll_classify_view_probability (self, model), NULL };
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *rate = NULL;
      g_autofree char *probability = NULL;
      GtkWidget *label, *bar;

      if (model->learning_rate > 0)
        rate = g_strdup_printf ("lr = %s", g_ascii_formatd (number, sizeof number, "%g",
                                                            model->learning_rate));
      else
        rate = g_strdup_printf (_("model %u"), i + 1);

      if (isnan (result.probability))
        {
          g_autofree char *expected = model->height > 0
                                      ? describe_shape (model->width, model->height, model->channels)
                                      : g_strdup_printf (_("%zu features"),
                                                         model->n_features);

          probability = g_strdup_printf (_("this model expects %s images"), expected);
        }
      else
        {
          int label_index = result.probability > 0.5 ? 1 : 0;

          result.class_name = g_strdup (model->class_names != NULL ? model->class_names[label_index]
                                                                   : (label_index ? "1" : "0"));
          probability = g_strdup_printf ("p(%s) = %s", positive,
                                         g_ascii_formatd (number, sizeof number, "%.3f",
                                                          result.probability));
        }
      g_array_append_val (self->results, result);

      label = gtk_label_new (rate);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "ll-caption");
      gtk_grid_attach (self->results_grid, label, 0, (int) i, 1, 1);

      bar = gtk_level_bar_new_for_interval (0, 1);
      gtk_level_bar_set_value (GTK_LEVEL_BAR (bar),
                               isnan (result.probability) ? 0 : result.probability);
      gtk_widget_set_size_request (bar, 120, -1);
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      /* Plain bars: the colour offsets of a level bar would suggest good/bad. */
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_LOW);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_HIGH);
      gtk_level_bar_remove_offset_value (GTK_LEVEL_BAR (bar), GTK_LEVEL_BAR_OFFSET_FULL);
      gtk_grid_attach (self->results_grid, bar, 1, (int) i, 1, 1);

      label = gtk_label_new (probability);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (self->results_grid, label, 2, (int) i, 1, 1);

      label = gtk_label_new (result.class_name != NULL ? result.class_name : "");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "ll-classify-class");
      gtk_grid_attach (self->results_grid, label, 3, (int) i, 1, 1);
    }
  gtk_label_set_text (self->status_label,
                      _("Probability of the positive class, and the predicted class, "
                        "under each learning rate:"));
}

void
ll_classify_view_set_shape (LlClassifyView *self,
                            guint           height,
                            guint           width,
                            guint           channels)
{
  gboolean changed;

  g_return_if_fail (LL_IS_CLASSIFY_VIEW (self));
  g_return_if_fail (channels == 0 || channels == 1 || channels == 3);

  changed = height != self->height || width != self->width || channels != self->channels;
  self->height = height;
  self->width = width;
  self->channels = channels;
  /* Another dataset: what the model sees follows its shape (the image
   * shown is at most a 1024-pixel preview, quick to fit). */
  if (changed && self->original != NULL)
    {
      g_autoptr (LlImage) original = g_steal_pointer (&self->original);

      ll_classify_view_set_image (self, original, NULL);
    }
}

static gboolean
ll_classify_view_has_shape (LlClassifyView *self)
{
  return self->height > 0 && self->width > 0 && self->channels > 0;
}

void
ll_classify_view_set_image (LlClassifyView *self,
                            const LlImage  *original,
                            const LlImage  *fitted)
{
  g_return_if_fail (LL_IS_CLASSIFY_VIEW (self));

  g_clear_pointer (&self->original, ll_image_free);
  g_clear_pointer (&self->fitted, ll_image_free);

  if (original != NULL)
    {
      self->original = copy_image (original);
      if (fitted != NULL)
        self->fitted = copy_image (fitted);
      else if (ll_classify_view_has_shape (self))
        self->fitted = ll_image_fit (original, self->width, self->height, self->channels);
      else if (self->models->len > 0)
        {
          const LlModel *model = g_ptr_array_index (self->models, 0);

          if (model->height > 0 && model->width > 0 && model->channels > 0)
            self->fitted = ll_image_fit (original, model->width, model->height, model->channels);
        }
    }

  if (self->original != NULL)
    {
      g_autoptr (GdkTexture) original_texture =
        ll_texture_from_pixels (self->original->pixels, self->original->width,
                                self->original->height, self->original->channels,
                                ll_texture_scale_for (self->original->width,
                                                      self->original->height, PICTURE_SIDE));
      g_autofree char *original_shape = describe_shape (self->original->width,
                                                        self->original->height,
                                                        self->original->channels);
      g_autofree char *original_text = g_strdup_printf (_("Your image · %s"), original_shape);

      gtk_picture_set_paintable (self->original_picture, GDK_PAINTABLE (original_texture));
      gtk_label_set_text (self->original_caption, original_text);
      gtk_stack_set_visible_child_name (self->stack, "image");
    }
  else
    {
      gtk_picture_set_paintable (self->original_picture, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }

  if (self->fitted != NULL)
    {
      g_autoptr (GdkTexture) fitted_texture =
        ll_texture_from_pixels (self->fitted->pixels, self->fitted->width,
                                self->fitted->height, self->fitted->channels,
                                ll_texture_scale_for (self->fitted->width,
                                                      self->fitted->height, PICTURE_SIDE));
      g_autofree char *fitted_shape = describe_shape (self->fitted->width, self->fitted->height,
                                                      self->fitted->channels);
      g_autofree char *fitted_text = g_strdup_printf (_("What the model sees · %s"), fitted_shape);

      gtk_picture_set_paintable (self->fitted_picture, GDK_PAINTABLE (fitted_texture));
      gtk_label_set_text (self->fitted_caption, fitted_text);
    }
  else
    {
      gtk_picture_set_paintable (self->fitted_picture, NULL);
      gtk_label_set_text (self->fitted_caption, "");
    }

  ll_classify_view_update_results (self);
  g_signal_emit (self, signals[SIGNAL_IMAGE_CHANGED], 0);
}

void
ll_classify_view_set_models (LlClassifyView *self,
                             GPtrArray      *models)
{
  g_return_if_fail (LL_IS_CLASSIFY_VIEW (self));

  g_ptr_array_set_size (self->models, 0);
  for (guint i = 0; models != NULL && i < models->len; i++)
    g_ptr_array_add (self->models, ll_model_copy (g_ptr_array_index (models, i)));

  /* An image opened before any model had no shape to be fitted to. */
  if (self->original != NULL && self->fitted == NULL)
    {
      g_autoptr (LlImage) original = g_steal_pointer (&self->original);

      ll_classify_view_set_image (self, original, NULL);
      return;
    }
  ll_classify_view_update_results (self);
}

void
ll_classify_view_set_helper_path (LlClassifyView *self,
                                  const char     *helper_path)
{
  g_return_if_fail (LL_IS_CLASSIFY_VIEW (self));

  g_free (self->helper_path);
  self->helper_path = g_strdup (helper_path);
}

/* Loading: the worker thread gets copies of everything it needs. */

typedef struct
{
  char *path;
  char *helper_path;
  guint height;
  guint width;
  guint channels;
  LlImage *original;
  LlImage *fitted;
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_free (job->path);
  g_free (job->helper_path);
  g_clear_pointer (&job->original, ll_image_free);
  g_clear_pointer (&job->fitted, ll_image_free);
  g_free (job);
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadJob *job = task_data;
  LlDecodeHelperConfig config = { .helper_path = job->helper_path };
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) decoded = NULL;
  g_autofree char *name = g_path_get_basename (job->path);

  decoded = ll_decode_in_helper (&config, job->path, 3, cancellable, &error);
  if (decoded == NULL)
    {
      /* The banner must say which file failed. */
      if (error != NULL && strstr (error->message, name) == NULL)
        g_prefix_error (&error, "%s: ", name);
      else if (error == NULL)
        g_set_error (&error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE,
                     _("%s: could not be decoded"), name);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (job->height > 0 && job->width > 0 && job->channels > 0)
    job->fitted = ll_image_fit (decoded, job->width, job->height, job->channels);

  if (MAX (decoded->width, decoded->height) > ORIGINAL_MAX_SIDE)
    {
      double ratio = (double) ORIGINAL_MAX_SIDE / MAX (decoded->width, decoded->height);

      job->original = ll_image_resize (decoded, MAX (1, (guint) (decoded->width * ratio)),
                                       MAX (1, (guint) (decoded->height * ratio)));
    }
  else
    job->original = g_steal_pointer (&decoded);

  g_task_return_boolean (task, TRUE);
}

static void
on_load_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  LlClassifyView *self = LL_CLASSIFY_VIEW (source);
  g_autoptr (GTask) outer = user_data;
  LoadJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[SIGNAL_LOAD_FAILED], 0, error);
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }

  ll_classify_view_set_image (self, job->original, job->fitted);
  g_task_return_boolean (outer, TRUE);
}

void
ll_classify_view_load_file_async (LlClassifyView      *self,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr (GTask) outer = NULL;
  g_autoptr (GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (LL_IS_CLASSIFY_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Only the newest drop counts. */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();

  outer = g_task_new (self, self->load_cancellable, callback, user_data);
  g_task_set_source_tag (outer, ll_classify_view_load_file_async);

  job = g_new0 (LoadJob, 1);
  job->path = g_file_get_path (file);
  if (job->path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);
      GError *error = g_error_new (LL_IMAGE_ERROR, LL_IMAGE_ERROR_NOT_FOUND,
                                   _("%s: not a local file"), uri);

      g_signal_emit (self, signals[SIGNAL_LOAD_FAILED], 0, error);
      g_task_return_error (outer, error);
      load_job_free (job);
      return;
    }
  job->helper_path = g_strdup (self->helper_path);
  job->height = self->height;
  job->width = self->width;
  job->channels = self->channels;

  task = g_task_new (self, self->load_cancellable, on_load_done, g_steal_pointer (&outer));
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_in_thread);
}

gboolean
ll_classify_view_load_file_finish (LlClassifyView  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

LlImage *
ll_classify_view_image_from_texture (GdkTexture *texture)
{
  guint width = (guint) gdk_texture_get_width (texture);
  guint height = (guint) gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guint32 *argb = NULL;
  LlImage *image;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), NULL);

  /* Cairo's format: premultiplied ARGB in native-endian 32-bit words. */
  argb = g_malloc (stride * height);
  gdk_texture_download (texture, (guchar *) argb, stride);
  image = ll_image_new (width, height, 3);
  for (gsize i = 0; i < (gsize) width * height; i++)
    {
      guint32 pixel = argb[i];
      guint alpha = pixel >> 24;

      /* Over white: premultiplied colour + (1 - alpha) * white. */
      image->pixels[i * 3 + 0] = (guint8) MIN (255u, ((pixel >> 16) & 0xff) + 255 - alpha);
      image->pixels[i * 3 + 1] = (guint8) MIN (255u, ((pixel >> 8) & 0xff) + 255 - alpha);
      image->pixels[i * 3 + 2] = (guint8) MIN (255u, (pixel & 0xff) + 255 - alpha);
    }
  return image;
}

static gboolean
on_drop (LlClassifyView *self,
         const GValue   *value,
         double          x,
         double          y,
         GtkDropTarget  *target)
{
  GdkTexture *texture = g_value_get_object (value);
  guint64 n_pixels = (guint64) gdk_texture_get_width (texture) * gdk_texture_get_height (texture);
  g_autoptr (LlImage) image = NULL;

  if (n_pixels > LL_IMAGE_MAX_PIXELS)
    {
      g_autoptr (GError) error = g_error_new (LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                                              _("The dropped image is too large (%d×%d)"),
                                              gdk_texture_get_width (texture),
                                              gdk_texture_get_height (texture));

      g_signal_emit (self, signals[SIGNAL_LOAD_FAILED], 0, error);
      return FALSE;
    }
  image = ll_classify_view_image_from_texture (texture);
  ll_classify_view_set_image (self, image, NULL);
  return TRUE;
}

GtkDropTarget *
ll_classify_view_attach_drop_target (LlClassifyView *self,
                                     GtkWidget      *target_widget)
{
  GtkDropTarget *target;

  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (target_widget), NULL);

  target = gtk_drop_target_new (GDK_TYPE_TEXTURE, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (on_drop), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (target_widget, GTK_EVENT_CONTROLLER (target));
  return target;
}

const LlImage *
ll_classify_view_get_image (LlClassifyView *self)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), NULL);
  return self->original;
}

const LlImage *
ll_classify_view_get_fitted_image (LlClassifyView *self)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), NULL);
  return self->fitted;
}

const char *
ll_classify_view_get_status_text (LlClassifyView *self)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), NULL);
  return gtk_label_get_text (self->status_label);
}

guint
ll_classify_view_get_n_results (LlClassifyView *self)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), 0);
  return self->results->len;
}

double
ll_classify_view_get_probability (LlClassifyView *self,
                                  guint           i)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), NAN);
  g_return_val_if_fail (i < self->results->len, NAN);
  return g_array_index (self->results, Result, i).probability;
}

const char *
ll_classify_view_get_predicted_class (LlClassifyView *self,
                                      guint           i)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), NULL);
  g_return_val_if_fail (i < self->results->len, NULL);
  return g_array_index (self->results, Result, i).class_name;
}

/* Following the run store -------------------------------------------------- */

/* RUN's shown model as an LlModel of DATASET's shape: the trained one once
 * there is one, else the model at the shown record point; NULL before. */
static LlModel *
model_of_run (LlRun           *run,
              const LlDataset *dataset)
{
  const LlModel *trained = ll_run_get_trained_model (run);
  LlRunModel *shown = ll_run_get_shown_model (run);
  const LlRunPoint *point = ll_run_get_shown_point (run);
  LlModel *model;

  if (trained != NULL && (shown == NULL || shown->iteration == trained->iterations))
    return ll_model_copy (trained);
  if (shown == NULL || shown->w == NULL || dataset == NULL)
    return NULL;
  model = ll_model_new (shown->n_features);
  memcpy (model->w, shown->w, shown->n_features * sizeof (double));
  model->b = shown->b;
  model->learning_rate = ll_run_get_learning_rate (run);
  model->iterations = shown->iteration;
  model->height = dataset->height;
  model->width = dataset->width;
  model->channels = dataset->channels;
  model->train_accuracy = point != NULL ? point->train_accuracy : NAN;
  model->test_accuracy = point != NULL ? point->test_accuracy : NAN;
  ll_model_set_class_names (model, dataset->class_names[0], dataset->class_names[1]);
  return model;
}

/* A dropped image's probabilities move with the training: one update for
 * all runs of a record point, in an idle after the k run-updated. */
static gboolean
update_models (gpointer data)
{
  LlClassifyView *self = data;
  g_autoptr (GPtrArray) models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);
  const LlDataset *dataset = self->store != NULL ? ll_run_store_peek_dataset (self->store) : NULL;
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;

  self->models_update = 0;
  for (guint i = 0; i < n_runs; i++)
    {
      LlModel *model = model_of_run (ll_run_store_get_run (self->store, i), dataset);

      if (model == NULL)
        {
          /* Runs without a model yet: "Train first", as before a job. */
          g_ptr_array_set_size (models, 0);
          break;
        }
      g_ptr_array_add (models, model);
    }
  ll_classify_view_set_models (self, models);
  return G_SOURCE_REMOVE;
}

static void
queue_update_models (LlClassifyView *self)
{
  if (self->models_update == 0)
    self->models_update = g_idle_add_full (G_PRIORITY_DEFAULT, update_models, self, NULL);
}

static void
on_store_dataset (LlClassifyView *self)
{
  const LlDataset *dataset = self->store != NULL ? ll_run_store_peek_dataset (self->store) : NULL;

  if (dataset != NULL)
    ll_classify_view_set_shape (self, dataset->height, dataset->width, dataset->channels);
  ll_classify_view_set_models (self, NULL);
}

void
ll_classify_view_set_store (LlClassifyView *self,
                             LlRunStore     *store)
{
  g_return_if_fail (LL_IS_CLASSIFY_VIEW (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_store_dataset (self);
  update_models (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_classify_view_get_store (LlClassifyView *self)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), NULL);

  return self->store;
}

static void
ll_classify_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, ll_classify_view_get_store ((LlClassifyView *) object));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_classify_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      ll_classify_view_set_store ((LlClassifyView *) object, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_classify_view_dispose (GObject *object)
{
  LlClassifyView *self = LL_CLASSIFY_VIEW (object);

  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store);
  g_clear_handle_id (&self->models_update, g_source_remove);

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);

  G_OBJECT_CLASS (ll_classify_view_parent_class)->dispose (object);
}

static void
ll_classify_view_finalize (GObject *object)
{
  LlClassifyView *self = LL_CLASSIFY_VIEW (object);

  g_clear_object (&self->store_signals);
  g_clear_pointer (&self->original, ll_image_free);
  g_clear_pointer (&self->fitted, ll_image_free);
  g_clear_pointer (&self->models, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_array_unref);
  g_clear_pointer (&self->helper_path, g_free);

  G_OBJECT_CLASS (ll_classify_view_parent_class)->finalize (object);
}

static void
ll_classify_view_class_init (LlClassifyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_classify_view_dispose;
  object_class->finalize = ll_classify_view_finalize;
  object_class->get_property = ll_classify_view_get_property;
  object_class->set_property = ll_classify_view_set_property;

  /* The run store the view follows (see ll_classify_view_set_store). */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A new image is shown (a drop, a load, or set_image). */
  signals[SIGNAL_IMAGE_CHANGED] =
    g_signal_new ("image-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A dropped or opened file could not be decoded; the GError names it. */
  signals[SIGNAL_LOAD_FAILED] =
    g_signal_new ("load-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  ll_style_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-classify-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LlClassifyView, stack);
  gtk_widget_class_bind_template_child (widget_class, LlClassifyView, original_picture);
  gtk_widget_class_bind_template_child (widget_class, LlClassifyView, original_caption);
  gtk_widget_class_bind_template_child (widget_class, LlClassifyView, fitted_picture);
  gtk_widget_class_bind_template_child (widget_class, LlClassifyView, fitted_caption);
  gtk_widget_class_bind_template_child (widget_class, LlClassifyView, status_label);
  gtk_widget_class_bind_template_child (widget_class, LlClassifyView, results_grid);
}

static void
ll_classify_view_init (LlClassifyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ll_style_ensure_loaded (GTK_WIDGET (self));

  self->models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);
  self->results = g_array_new (FALSE, TRUE, sizeof (Result));
  g_array_set_clear_func (self->results, (GDestroyNotify) result_clear);
  ll_classify_view_update_results (self);

  /* Follows whichever store is set: connected once, retargeted by set_store. */
  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_object (self->store_signals, "notify::dataset",
                                 G_CALLBACK (on_store_dataset), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (queue_update_models), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "run-updated",
                                 G_CALLBACK (queue_update_models), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ll_classify_view_new (void)
{
  return g_object_new (LL_TYPE_CLASSIFY_VIEW, NULL);
}
