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
#include "plot/plot-render.h"
#include "ll-style.h"
#include "ll-swatch.h"
#include "ll-texture-util.h"

/* The original is kept (and shown) at most this large; the model's input is
 * fitted from the full decoded image before that. */
#define ORIGINAL_MAX_SIDE 1024
#define PICTURE_SIDE 256
#define THUMBNAIL_SIDE 72
/* The large pictures beside a strip of several images: the results stay in view. */
#define PICTURE_SIDE_WITH_STRIP 160
/* The most images one drop or command line shows. */
#define MAX_IMAGES 64
/* An image farther from the training images' average than this share of
 * them is called far from the training data. */
#define FAR_PERCENTILE 95.0

/* One image of those given: the preview, what the model sees, and how far
 * it lies from the training images. */
typedef struct
{
  char *name;          /* the file's name; "" for a dropped picture */
  LlImage *original;
  LlImage *fitted;     /* NULL until a shape is known */
  double percentile;   /* share (%) of training images nearer their mean; NAN until known */
  gboolean beyond_all; /* farther than every training image */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_clear_pointer (&entry->original, ll_image_free);
  g_clear_pointer (&entry->fitted, ll_image_free);
  g_free (entry);
}

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
  GtkLabel *distance_label;
  GtkFlowBox *gallery;
  GtkWidget *gallery_scroller;

  guint height;
  guint width;
  guint channels;
  char *helper_path;

  LlImage *original;   /* the selected entry's, copies */
  LlImage *fitted;
  GPtrArray *entries;  /* Entry, every image given */
  guint selected;
  GPtrArray *models;   /* LlModel, our copies */
  GStrv run_names;     /* the runs' labels, one per model; NULL: by rate */
  GArray *results;     /* Result, one per model */
  GCancellable *distance_cancellable;

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
  SIGNAL_DISTANCES_MEASURED,
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

/* The model's input for MODEL: FITTED when it has the model's size, else
 * ORIGINAL fitted to the model's own shape when known; scaled as the model
 * expects (its file's scaling, or / 255). NAN when neither fits. */
static double
probability_of (const LlImage *original,
                const LlImage *fitted,
                const LlModel *model)
{
  g_autoptr (LlImage) refitted = NULL;
  const LlImage *input = NULL;
  g_autofree double *raw = NULL;
  g_autofree double *features = NULL;
  gboolean model_shape_known = model->height > 0 && model->width > 0 && model->channels > 0;

  if (fitted != NULL
      && (gsize) fitted->width * fitted->height * fitted->channels == model->n_features
      && (!model_shape_known
          || (fitted->width == model->width && fitted->height == model->height
              && fitted->channels == model->channels)))
    input = fitted;
  else if (original != NULL && model_shape_known
           && (gsize) model->width * model->height * model->channels == model->n_features)
    input = refitted = ll_image_fit (original, model->width, model->height, model->channels);

  if (input == NULL)
    return NAN;

  raw = g_new (double, model->n_features);
  features = g_new (double, model->n_features);
  for (gsize j = 0; j < model->n_features; j++)
    raw[j] = input->pixels[j];
  ll_model_scale_features (model, raw, features);
  return ll_model_probability (model, features);
}

/* Model I's name: its run's label (the same on every page), else its rate. */
static char *
model_name (LlClassifyView *self,
            guint           i)
{
  const LlModel *model = g_ptr_array_index (self->models, i);
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (self->run_names != NULL && i < g_strv_length (self->run_names))
    return g_strdup (self->run_names[i]);
  if (model->learning_rate > 0)
    return g_strdup_printf ("lr = %s", g_ascii_formatd (number, sizeof number, "%g", model->learning_rate));
  return g_strdup_printf (_("model %u"), i + 1);
}

/* Model I's look: its run's (the models follow the store's runs, one each),
 * or I for models set without a store. */
static guint
model_look (LlClassifyView *self,
            guint           i)
{
  if (self->store != NULL && i < ll_run_store_get_n_runs (self->store))
    return ll_run_get_look (ll_run_store_get_run (self->store, i));
  return i;
}

/* A probability bar in run INDEX's colour, outlined in its dash pattern. */
static void
draw_bar (GtkDrawingArea *area,
          cairo_t        *cr,
          int             width,
          int             height,
          gpointer        data)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (area), "series"));
  double probability = *(double *) g_object_get_data (G_OBJECT (area), "probability");
  gboolean dark = ll_widget_is_dark (GTK_WIDGET (area));
  double rgb[3], dashes[4];
  double bar_height = MIN (height, 14), top = (height - bar_height) / 2;
  int n_dashes;

  ll_plot_series_color (index, dark, rgb);
  cairo_set_source_rgba (cr, rgb[0], rgb[1], rgb[2], 0.15);
  cairo_rectangle (cr, 0.5, top + 0.5, width - 1, bar_height - 1);
  cairo_fill (cr);
  if (!isnan (probability))
    {
      cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
      cairo_rectangle (cr, 0.5, top + 0.5, (width - 1) * CLAMP (probability, 0, 1), bar_height - 1);
      cairo_fill (cr);
    }
  /* The run's dash pattern on the outline: the bar reads without colour. */
  n_dashes = ll_plot_series_dashes (index, 1.5, dashes);
  cairo_set_dash (cr, dashes, n_dashes, 0);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
  cairo_rectangle (cr, 0.75, top + 0.75, width - 1.5, bar_height - 1.5);
  cairo_stroke (cr);
}

static GtkWidget *
probability_bar_new (guint  series,
                     double probability)
{
  GtkWidget *bar = gtk_drawing_area_new ();
  double *value = g_new (double, 1);

  *value = probability;
  g_object_set_data (G_OBJECT (bar), "series", GUINT_TO_POINTER (series));
  g_object_set_data_full (G_OBJECT (bar), "probability", value, g_free);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (bar), draw_bar, NULL, NULL);
  gtk_widget_set_size_request (bar, 160, 18);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  return bar;
}

/* What the distance says, for ENTRY; NULL while it is computed. */
static char *
describe_distance (const Entry *entry)
{
  if (isnan (entry->percentile))
    return NULL;
  if (entry->beyond_all)
    return g_strdup (_("Far from the training data: this image is farther from the training images’ "
                       "average than every one of them."));
  if (entry->percentile >= FAR_PERCENTILE)
    return g_strdup_printf (_("Far from the training data: this image is farther from the training "
                              "images’ average than %.0f %% of them."), entry->percentile);
  return g_strdup_printf (_("Like the training data: %.0f %% of the training images are farther "
                            "from their average than this image."), 100 - entry->percentile);
}

static gboolean
entry_is_far (const Entry *entry)
{
  return !isnan (entry->percentile) && (entry->beyond_all || entry->percentile >= FAR_PERCENTILE);
}

static void
ll_classify_view_update_distance (LlClassifyView *self)
{
  const Entry *entry = self->selected < self->entries->len
                       ? g_ptr_array_index (self->entries, self->selected) : NULL;
  g_autofree char *distance = entry != NULL ? describe_distance (entry) : NULL;
  g_autoptr (GString) text = g_string_new (distance);

  if (entry != NULL && self->models->len > 0)
    {
      const LlModel *model = g_ptr_array_index (self->models, 0);

      if (text->len > 0)
        g_string_append_c (text, ' ');
      /* Translators: the two class names of the dataset, "Coat" and "Pullover" */
      g_string_append_printf (text, _("A classifier always answers one of its two classes (%s or %s), "
                                      "whatever the picture shows."),
                              model->class_names[1], model->class_names[0]);
    }
  gtk_label_set_text (self->distance_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->distance_label), text->len > 0);
}

static void ll_classify_view_select (LlClassifyView *self, guint index);

typedef struct
{
  LlClassifyView *view;
  guint index;
} Selection;

static gboolean
select_later (gpointer data)
{
  Selection *selection = data;

  ll_classify_view_select (selection->view, selection->index);
  return G_SOURCE_REMOVE;
}

static void
selection_free (gpointer data)
{
  Selection *selection = data;

  g_object_unref (selection->view);
  g_free (selection);
}

static void
on_gallery_activated (LlClassifyView  *self,
                      GtkFlowBoxChild *child,
                      GtkFlowBox      *box)
{
  Selection *selection = g_new (Selection, 1);

  /* After the signal: showing it rebuilds the gallery the child is in. */
  selection->view = g_object_ref (self);
  selection->index = (guint) gtk_flow_box_child_get_index (child);
  g_idle_add_full (G_PRIORITY_DEFAULT, select_later, selection, selection_free);
}

/* Every image given, small, each with its class under every model: shown
 * when there are several; activating one shows it large. */
static void
ll_classify_view_update_gallery (LlClassifyView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->gallery))) != NULL)
    gtk_flow_box_remove (self->gallery, child);
  gtk_widget_set_visible (self->gallery_scroller, self->entries->len > 1);
  if (self->entries->len < 2)
    return;
  /* One strip, scrolled sideways. */
  gtk_flow_box_set_min_children_per_line (self->gallery, self->entries->len);
  gtk_flow_box_set_max_children_per_line (self->gallery, self->entries->len);
  for (guint i = 0; i < self->entries->len; i++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, i);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      guint longest = MAX (entry->original->width, entry->original->height);
      /* Large pictures brought down to the strip's size (small ones scaled up). */
      g_autoptr (LlImage) small = longest > THUMBNAIL_SIDE
                                  ? ll_image_resize (entry->original,
                                                     MAX (1, entry->original->width * THUMBNAIL_SIDE / longest),
                                                     MAX (1, entry->original->height * THUMBNAIL_SIDE / longest))
                                  : NULL;
      const LlImage *shown = small != NULL ? small : entry->original;
      g_autoptr (GdkTexture) texture =
        ll_texture_from_pixels (shown->pixels, shown->width, shown->height, shown->channels,
                                ll_texture_scale_for (shown->width, shown->height, THUMBNAIL_SIDE));
      GtkWidget *picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
      GtkWidget *name = gtk_label_new (entry->name);
      g_autoptr (GString) verdicts = g_string_new (NULL);

      gtk_widget_set_size_request (picture, THUMBNAIL_SIDE, THUMBNAIL_SIDE);
      gtk_picture_set_can_shrink (GTK_PICTURE (picture), TRUE);
      gtk_box_append (GTK_BOX (box), picture);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_MIDDLE);
      gtk_label_set_max_width_chars (GTK_LABEL (name), 14);
      gtk_box_append (GTK_BOX (box), name);
      for (guint m = 0; m < self->models->len; m++)
        {
          const LlModel *model = g_ptr_array_index (self->models, m);
          double p = probability_of (entry->original, entry->fitted, model);
          char number[G_ASCII_DTOSTR_BUF_SIZE];
          g_autofree char *who = model_name (self, m);

          if (isnan (p))
            continue;
          g_string_append_printf (verdicts, "%s%s: %s %s", verdicts->len > 0 ? "\n" : "", who,
                                  model->class_names[p > 0.5 ? 1 : 0],
                                  g_ascii_formatd (number, sizeof number, "%.2f", p));
        }
      if (entry_is_far (entry))
        g_string_append_printf (verdicts, "%s%s", verdicts->len > 0 ? "\n" : "",
                                _("far from the training data"));
      if (verdicts->len > 0)
        {
          GtkWidget *label = gtk_label_new (verdicts->str);

          gtk_widget_add_css_class (label, "caption");
          gtk_widget_add_css_class (label, "numeric");
          gtk_label_set_xalign (GTK_LABEL (label), 0);
          gtk_box_append (GTK_BOX (box), label);
        }
      gtk_flow_box_append (self->gallery, box);
      if (i == self->selected)
        gtk_flow_box_select_child (self->gallery, gtk_flow_box_get_child_at_index (self->gallery, (int) i));
    }
}

static void
ll_classify_view_update_results (LlClassifyView *self)
{
  GtkWidget *child;

  g_array_set_size (self->results, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_grid))) != NULL)
    gtk_grid_remove (self->results_grid, child);
  ll_classify_view_update_gallery (self);
  ll_classify_view_update_distance (self);

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
      Result result = { probability_of (self->original, self->fitted, model), NULL };
      char number[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *rate = model_name (self, i);
      g_autofree char *probability = NULL;
      GtkWidget *label, *bar, *name_box;

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

      /* The run's legend sample (colour, dash, marker) beside its name. */
      name_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      gtk_box_append (GTK_BOX (name_box), ll_swatch_new (model_look (self, i)));
      label = gtk_label_new (rate);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "ll-caption");
      gtk_box_append (GTK_BOX (name_box), label);
      gtk_grid_attach (self->results_grid, name_box, 0, (int) i, 1, 1);

      bar = probability_bar_new (model_look (self, i), result.probability);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, probability, -1);
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

static gboolean
ll_classify_view_has_shape (LlClassifyView *self)
{
  return self->height > 0 && self->width > 0 && self->channels > 0;
}

/* ORIGINAL fitted to the dataset's shape, or to the first model's; NULL
 * when neither is known. */
static LlImage *
fit_to_shape (LlClassifyView *self,
              const LlImage  *original)
{
  if (ll_classify_view_has_shape (self))
    return ll_image_fit (original, self->width, self->height, self->channels);
  if (self->models->len > 0)
    {
      const LlModel *model = g_ptr_array_index (self->models, 0);

      if (model->height > 0 && model->width > 0 && model->channels > 0)
        return ll_image_fit (original, model->width, model->height, model->channels);
    }
  return NULL;
}

/* Shows the selected entry large: its pictures, captions and results. */
static void
ll_classify_view_show_selected (LlClassifyView *self)
{
  const Entry *entry = self->selected < self->entries->len
                       ? g_ptr_array_index (self->entries, self->selected) : NULL;

  int side = self->entries->len > 1 ? PICTURE_SIDE_WITH_STRIP : PICTURE_SIDE;

  gtk_widget_set_size_request (GTK_WIDGET (self->original_picture), side, side);
  gtk_widget_set_size_request (GTK_WIDGET (self->fitted_picture), side, side);
  g_clear_pointer (&self->original, ll_image_free);
  g_clear_pointer (&self->fitted, ll_image_free);
  if (entry != NULL)
    {
      self->original = copy_image (entry->original);
      self->fitted = entry->fitted != NULL ? copy_image (entry->fitted) : NULL;
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
      g_autofree char *original_text = entry->name[0] != '\0'
                                       /* Translators: a file name and its size, "cat.jpg · 640×480 RGB" */
                                       ? g_strdup_printf (_("%s · %s"), entry->name, original_shape)
                                       : g_strdup_printf (_("Your image · %s"), original_shape);

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
}

static void
ll_classify_view_select (LlClassifyView *self,
                         guint           index)
{
  if (index >= self->entries->len || index == self->selected)
    return;
  self->selected = index;
  ll_classify_view_show_selected (self);
}

static void ll_classify_view_measure_distances (LlClassifyView *self);

/* The entries were replaced or refitted: show the first, measure them all. */
static void
ll_classify_view_entries_changed (LlClassifyView *self)
{
  self->selected = 0;
  ll_classify_view_show_selected (self);
  ll_classify_view_measure_distances (self);
  g_signal_emit (self, signals[SIGNAL_IMAGE_CHANGED], 0);
}

/* Fits every entry again (another shape, or the first models' shape). */
static void
refit_entries (LlClassifyView *self,
               gboolean        only_unfitted)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (self->entries, i);

      if (only_unfitted && entry->fitted != NULL)
        continue;
      g_clear_pointer (&entry->fitted, ll_image_free);
      entry->fitted = fit_to_shape (self, entry->original);
      entry->percentile = NAN;
    }
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
  /* Another dataset: what the model sees follows its shape (the images
   * shown are at most 1024-pixel previews, quick to fit). */
  if (changed && self->entries->len > 0)
    {
      guint selected = self->selected;

      refit_entries (self, FALSE);
      ll_classify_view_entries_changed (self);
      ll_classify_view_select (self, selected);
    }
}

/* Replaces the entries with ENTRIES (Entry, taken over). */
static void
ll_classify_view_take_entries (LlClassifyView *self,
                               GPtrArray      *entries)
{
  g_ptr_array_set_size (self->entries, 0);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (self->entries, g_ptr_array_index (entries, i));
  g_ptr_array_set_free_func (entries, NULL);
  refit_entries (self, TRUE);
  ll_classify_view_entries_changed (self);
}

static Entry *
entry_new (const char    *name,
           const LlImage *original,
           const LlImage *fitted)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->name = g_strdup (name != NULL ? name : "");
  entry->original = copy_image (original);
  entry->fitted = fitted != NULL ? copy_image (fitted) : NULL;
  entry->percentile = NAN;
  return entry;
}

void
ll_classify_view_set_image (LlClassifyView *self,
                            const LlImage  *original,
                            const LlImage  *fitted)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  g_return_if_fail (LL_IS_CLASSIFY_VIEW (self));

  if (original != NULL)
    g_ptr_array_add (entries, entry_new (NULL, original, fitted));
  ll_classify_view_take_entries (self, entries);
}

void
ll_classify_view_set_models (LlClassifyView *self,
                             GPtrArray      *models)
{
  gboolean had_unfitted = FALSE;

  g_return_if_fail (LL_IS_CLASSIFY_VIEW (self));

  g_ptr_array_set_size (self->models, 0);
  for (guint i = 0; models != NULL && i < models->len; i++)
    g_ptr_array_add (self->models, ll_model_copy (g_ptr_array_index (models, i)));

  /* An image opened before any model had no shape to be fitted to. */
  for (guint i = 0; i < self->entries->len; i++)
    had_unfitted |= ((Entry *) g_ptr_array_index (self->entries, i))->fitted == NULL;
  if (had_unfitted)
    {
      refit_entries (self, TRUE);
      ll_classify_view_show_selected (self);
      ll_classify_view_measure_distances (self);
      return;
    }
  ll_classify_view_update_results (self);
}

/* How far each image lies from the training images -------------------------- */

typedef struct
{
  LlSharedDataset *dataset;
  GPtrArray *images;     /* LlImage, copies of the fitted ones (NULL entries allowed) */
  double *percentiles;   /* one per image, NAN when not measured */
  gboolean *beyond_all;
} DistanceJob;

static void
distance_job_free (DistanceJob *job)
{
  g_clear_pointer (&job->dataset, ll_shared_dataset_unref);
  g_ptr_array_unref (job->images);
  g_free (job->percentiles);
  g_free (job->beyond_all);
  g_free (job);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* In pixel space: each training image's distance to the training images'
 * mean, and each given image's, as the share of training images nearer. */
static void
measure_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  DistanceJob *job = task_data;
  const LlDataset *dataset = ll_shared_dataset_get (job->dataset);
  const LlSplit *train = &dataset->train;
  gsize n = dataset->n_features, m = train->count;
  g_autofree double *mean = g_new0 (double, MAX (n, 1));
  g_autofree double *distances = g_new (double, MAX (m, 1));

  for (gsize i = 0; i < m; i++)
    for (gsize j = 0; j < n; j++)
      mean[j] += train->pixels[i * n + j];
  for (gsize j = 0; j < n; j++)
    mean[j] /= (double) m;
  for (gsize i = 0; i < m; i++)
    {
      double sum = 0;

      if (g_cancellable_is_cancelled (cancellable))
        break;
      for (gsize j = 0; j < n; j++)
        {
          double d = train->pixels[i * n + j] - mean[j];

          sum += d * d;
        }
      distances[i] = sqrt (sum);
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  qsort (distances, m, sizeof (double), compare_doubles);
  for (guint k = 0; k < job->images->len; k++)
    {
      const LlImage *image = g_ptr_array_index (job->images, k);
      double sum = 0;
      gsize nearer = 0;

      if (image == NULL || (gsize) image->width * image->height * image->channels != n)
        continue;
      for (gsize j = 0; j < n; j++)
        {
          double d = image->pixels[j] - mean[j];

          sum += d * d;
        }
      /* The training images nearer the mean than this one (sorted). */
      while (nearer < m && distances[nearer] < sqrt (sum))
        nearer++;
      job->percentiles[k] = 100.0 * (double) nearer / (double) m;
      job->beyond_all[k] = nearer == m;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_distances_measured (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  LlClassifyView *self = LL_CLASSIFY_VIEW (source);
  DistanceJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;   /* cancelled: a newer measurement is on its way */
  for (guint k = 0; k < job->images->len && k < self->entries->len; k++)
    {
      Entry *entry = g_ptr_array_index (self->entries, k);

      entry->percentile = job->percentiles[k];
      entry->beyond_all = job->beyond_all[k];
    }
  ll_classify_view_update_results (self);
  g_signal_emit (self, signals[SIGNAL_DISTANCES_MEASURED], 0);
}

/* Measures every entry on a worker, against the store's training images
 * (images only: a table's rows are not pictures). */
static void
ll_classify_view_measure_distances (LlClassifyView *self)
{
  LlSharedDataset *shared = self->store != NULL ? ll_run_store_get_dataset (self->store) : NULL;
  const LlDataset *dataset = shared != NULL ? ll_shared_dataset_get (shared) : NULL;
  g_autoptr (GTask) task = NULL;
  DistanceJob *job;

  if (self->distance_cancellable != NULL)
    g_cancellable_cancel (self->distance_cancellable);
  g_clear_object (&self->distance_cancellable);
  if (dataset == NULL || dataset->train.pixels == NULL || dataset->train.count == 0
      || self->entries->len == 0)
    return;

  job = g_new0 (DistanceJob, 1);
  job->dataset = ll_shared_dataset_ref (shared);
  job->images = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_image_free);
  job->percentiles = g_new (double, self->entries->len);
  job->beyond_all = g_new0 (gboolean, self->entries->len);
  for (guint k = 0; k < self->entries->len; k++)
    {
      const Entry *entry = g_ptr_array_index (self->entries, k);

      g_ptr_array_add (job->images, entry->fitted != NULL ? copy_image (entry->fitted) : NULL);
      job->percentiles[k] = NAN;
    }
  self->distance_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->distance_cancellable, on_distances_measured, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) distance_job_free);
  g_task_set_name (task, "[logistic-lab] distance to the training images");
  g_task_run_in_thread (task, measure_in_thread);
}

gboolean
ll_classify_view_get_far (LlClassifyView *self,
                          guint           index,
                          double         *percentile)
{
  const Entry *entry;

  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), FALSE);
  g_return_val_if_fail (index < self->entries->len, FALSE);

  entry = g_ptr_array_index (self->entries, index);
  if (percentile != NULL)
    *percentile = entry->percentile;
  return entry_is_far (entry);
}

const char *
ll_classify_view_get_distance_text (LlClassifyView *self)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), NULL);
  return gtk_label_get_text (self->distance_label);
}

guint
ll_classify_view_get_n_images (LlClassifyView *self)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), 0);
  return self->entries->len;
}

const char *
ll_classify_view_get_image_name (LlClassifyView *self,
                                 guint           index)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);
  return ((const Entry *) g_ptr_array_index (self->entries, index))->name;
}

double
ll_classify_view_get_image_probability (LlClassifyView *self,
                                        guint           index,
                                        guint           model)
{
  const Entry *entry;

  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), NAN);
  g_return_val_if_fail (index < self->entries->len && model < self->models->len, NAN);
  entry = g_ptr_array_index (self->entries, index);
  return probability_of (entry->original, entry->fitted, g_ptr_array_index (self->models, model));
}

void
ll_classify_view_select_image (LlClassifyView *self,
                               guint           index)
{
  g_return_if_fail (LL_IS_CLASSIFY_VIEW (self));
  ll_classify_view_select (self, index);
}

guint
ll_classify_view_get_selected_image (LlClassifyView *self)
{
  g_return_val_if_fail (LL_IS_CLASSIFY_VIEW (self), 0);
  return self->selected;
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
  GPtrArray *paths;      /* char *, the files, in order */
  char *helper_path;
  guint height;
  guint width;
  guint channels;
  GPtrArray *entries;    /* Entry, the images decoded */
  GPtrArray *errors;     /* GError, the files that failed */
} LoadJob;

static void
load_job_free (LoadJob *job)
{
  g_ptr_array_unref (job->paths);
  g_free (job->helper_path);
  g_ptr_array_unref (job->entries);
  g_ptr_array_unref (job->errors);
  g_free (job);
}

/* One file: decoded in the helper, fitted, its preview at most 1024 wide. */
static Entry *
load_one (LoadJob      *job,
          const char   *path,
          GCancellable *cancellable,
          GError      **error)
{
  LlDecodeHelperConfig config = { .helper_path = job->helper_path };
  g_autoptr (LlImage) decoded = NULL;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *display = g_filename_display_basename (path);
  Entry *entry;

  decoded = ll_decode_in_helper (&config, path, 3, cancellable, error);
  if (decoded == NULL)
    {
      /* The banner must say which file failed. */
      if (*error != NULL && strstr ((*error)->message, name) == NULL)
        g_prefix_error (error, "%s: ", name);
      else if (*error == NULL)
        g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE, _("%s: could not be decoded"), name);
      return NULL;
    }

  entry = g_new0 (Entry, 1);
  entry->name = g_steal_pointer (&display);
  entry->percentile = NAN;
  if (job->height > 0 && job->width > 0 && job->channels > 0)
    entry->fitted = ll_image_fit (decoded, job->width, job->height, job->channels);
  if (MAX (decoded->width, decoded->height) > ORIGINAL_MAX_SIDE)
    {
      double ratio = (double) ORIGINAL_MAX_SIDE / MAX (decoded->width, decoded->height);

      entry->original = ll_image_resize (decoded, MAX (1, (guint) (decoded->width * ratio)),
                                         MAX (1, (guint) (decoded->height * ratio)));
    }
  else
    entry->original = g_steal_pointer (&decoded);
  return entry;
}

static void
load_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  LoadJob *job = task_data;

  for (guint i = 0; i < job->paths->len; i++)
    {
      GError *error = NULL;
      Entry *entry;

      if (g_task_return_error_if_cancelled (task))
        return;
      entry = load_one (job, g_ptr_array_index (job->paths, i), cancellable, &error);
      if (entry != NULL)
        g_ptr_array_add (job->entries, entry);
      else
        g_ptr_array_add (job->errors, error);
    }
  if (g_task_return_error_if_cancelled (task))
    return;
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
      g_task_return_error (outer, g_steal_pointer (&error));
      return;
    }
  /* Each file that failed goes to the banner; those that loaded are shown. */
  for (guint i = 0; i < job->errors->len; i++)
    g_signal_emit (self, signals[SIGNAL_LOAD_FAILED], 0, g_ptr_array_index (job->errors, i));
  if (job->entries->len == 0)
    {
      g_task_return_error (outer, g_error_copy (g_ptr_array_index (job->errors, 0)));
      return;
    }
  ll_classify_view_take_entries (self, job->entries);
  g_task_return_boolean (outer, TRUE);
}

void
ll_classify_view_load_files_async (LlClassifyView      *self,
                                   GFile              **files,
                                   guint                n_files,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (GTask) outer = NULL;
  g_autoptr (GTask) task = NULL;
  LoadJob *job;

  g_return_if_fail (LL_IS_CLASSIFY_VIEW (self));
  g_return_if_fail (n_files > 0);

  /* Only the newest drop counts. */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();

  outer = g_task_new (self, self->load_cancellable, callback, user_data);
  g_task_set_source_tag (outer, ll_classify_view_load_file_async);

  job = g_new0 (LoadJob, 1);
  job->paths = g_ptr_array_new_with_free_func (g_free);
  job->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
  job->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
  for (guint i = 0; i < MIN (n_files, MAX_IMAGES); i++)
    {
      char *path = g_file_get_path (files[i]);

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          GError *error = g_error_new (LL_IMAGE_ERROR, LL_IMAGE_ERROR_NOT_FOUND,
                                       _("%s: not a local file"), uri);

          g_signal_emit (self, signals[SIGNAL_LOAD_FAILED], 0, error);
          g_ptr_array_add (job->errors, error);
          continue;
        }
      g_ptr_array_add (job->paths, path);
    }
  if (job->paths->len == 0)
    {
      g_task_return_error (outer, g_error_copy (g_ptr_array_index (job->errors, 0)));
      load_job_free (job);
      return;
    }
  g_ptr_array_set_size (job->errors, 0);
  job->helper_path = g_strdup (self->helper_path);
  job->height = self->height;
  job->width = self->width;
  job->channels = self->channels;

  task = g_task_new (self, self->load_cancellable, on_load_done, g_steal_pointer (&outer));
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_in_thread);
}

void
ll_classify_view_load_file_async (LlClassifyView      *self,
                                  GFile               *file,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (G_IS_FILE (file));

  ll_classify_view_load_files_async (self, &file, 1, cancellable, callback, user_data);
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

  g_autoptr (GStrvBuilder) names = g_strv_builder_new ();

  self->models_update = 0;
  for (guint i = 0; i < n_runs; i++)
    {
      LlRun *run = ll_run_store_get_run (self->store, i);
      LlModel *model;

      /* A run trained on other data, or one without a model yet (a
       * lesson's job before Train, beside its recomputed pinned runs), has
       * nothing to say here; "Train first" only when no run has. */
      if (!ll_run_store_run_fits_dataset (self->store, run)
          || (model = model_of_run (run, dataset)) == NULL)
        continue;
      g_ptr_array_add (models, model);
      /* Trained runs by their rate, imported ones by their file. */
      if (ll_run_get_state (run) == LL_RUN_IMPORTED)
        g_strv_builder_add (names, ll_run_get_label (run));
      else
        {
          g_autofree char *name = g_strdup_printf ("lr = %s", ll_run_get_label (run));

          g_strv_builder_add (names, name);
        }
    }
  /* One name per model on every page: the run's label. */
  g_strfreev (self->run_names);
  self->run_names = g_strv_builder_end (names);
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
  ll_classify_view_measure_distances (self);
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
  if (self->distance_cancellable != NULL)
    g_cancellable_cancel (self->distance_cancellable);
  g_clear_object (&self->distance_cancellable);

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
  g_clear_pointer (&self->entries, g_ptr_array_unref);
  g_clear_pointer (&self->run_names, g_strfreev);
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

  /* Each image's distance from the training images is known (on a worker). */
  signals[SIGNAL_DISTANCES_MEASURED] =
    g_signal_new ("distances-measured", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

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
  gtk_widget_class_bind_template_child (widget_class, LlClassifyView, distance_label);
  gtk_widget_class_bind_template_child (widget_class, LlClassifyView, gallery);
  gtk_widget_class_bind_template_child (widget_class, LlClassifyView, gallery_scroller);
  gtk_widget_class_bind_template_callback (widget_class, on_gallery_activated);
}

static void
ll_classify_view_init (LlClassifyView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ll_style_ensure_loaded (GTK_WIDGET (self));

  self->models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);
  self->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);
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
