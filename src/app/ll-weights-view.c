/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-weights-view.c: see ll-weights-view.h. */
#include "config.h"

#include "ll-weights-view.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ll-style.h"
#include "ll-texture-util.h"

typedef struct
{
  double learning_rate;
  char *name;           /* the caption: "lr = 0.5", or an imported run's label */
  GtkPicture *picture;
  GtkLabel *range_label;
  GdkTexture *texture;
  double *w;            /* the weights shown, kept to redraw on another scale */
  gsize n_features;
  double max_abs;       /* this run's largest |pixel value| (channel mean) */
} Tile;

struct _LlWeightsView
{
  GtkBox parent_instance;

  /* template */
  GtkLabel *negative_label;
  GtkPicture *legend_picture;
  GtkLabel *positive_label;
  GtkLabel *empty_label;
  GtkFlowBox *tiles_box;
  GtkCheckButton *shared_scale_check;
  GtkLabel *note_label;

  guint height;
  guint width;
  guint channels;
  char *class_names[2];
  char **feature_names;  /* a table without an image shape: its columns, else NULL */
  GArray *tiles;  /* Tile */

  LlRunStore *store;            /* followed, see set_store */
  GSignalGroup *store_signals;
};

G_DEFINE_FINAL_TYPE (LlWeightsView, ll_weights_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_PIXEL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ColorBrewer RdBu's ends: colour-blind safe, readable on a projector. */
static const double negative_rgb[3] = { 33, 102, 172 };
static const double positive_rgb[3] = { 178, 24, 43 };

static void
diverging_colour (double  t,
                  guint8 *rgb)
{
  const double *end = t < 0 ? negative_rgb : positive_rgb;
  double amount = CLAMP (fabs (t), 0.0, 1.0);

  for (int k = 0; k < 3; k++)
    rgb[k] = (guint8) lround (255.0 + (end[k] - 255.0) * amount);
}

/* W's pixels (channel means) coloured over ±SCALE (the pixels' own
 * max |value| when SCALE <= 0); returns that own max |value|. */
static double
weights_to_rgb_over (const double *w,
                     guint         height,
                     guint         width,
                     guint         channels,
                     double        scale,
                     guint8       *rgb_out)
{
  gsize n_pixels = (gsize) height * width;
  g_autofree double *values = g_new (double, MAX (n_pixels, 1));
  double max_abs = 0;

  for (gsize i = 0; i < n_pixels; i++)
    {
      double sum = 0;

      for (guint c = 0; c < channels; c++)
        sum += w[i * channels + c];
      values[i] = sum / channels;
      if (isfinite (values[i]))
        max_abs = MAX (max_abs, fabs (values[i]));
    }

  if (scale <= 0)
    scale = max_abs;
  for (gsize i = 0; i < n_pixels; i++)
    {
      double t = scale > 0 && isfinite (values[i]) ? values[i] / scale : 0;

      diverging_colour (t, rgb_out + i * 3);
    }
  return max_abs;
}

double
ll_weights_to_rgb (const double *w,
                   guint         height,
                   guint         width,
                   guint         channels,
                   guint8       *rgb_out)
{
  g_return_val_if_fail (w != NULL && rgb_out != NULL, 0);
  g_return_val_if_fail (channels >= 1, 0);

  return weights_to_rgb_over (w, height, width, channels, 0, rgb_out);
}

static void
tile_clear (Tile *tile)
{
  g_clear_object (&tile->texture);
}

/* Clears all a tile holds, when the tiles are made again. */
static void
tile_free_contents (Tile *tile)
{
  tile_clear (tile);
  g_clear_pointer (&tile->name, g_free);
  g_clear_pointer (&tile->w, g_free);
}

static char *
format_number (const char *format,
               double      value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (number, sizeof number, format, value));
}

static char *
ll_weights_view_tooltip (LlWeightsView *self)
{
  const char *negative = self->class_names[0] != NULL ? self->class_names[0] : _("label 0");
  const char *positive = self->class_names[1] != NULL ? self->class_names[1] : _("label 1");

  gboolean shared = gtk_check_button_get_active (self->shared_scale_check);

  return g_strdup_printf (shared ? _("Red pixels push the prediction towards “%s”, blue towards “%s”; "
                                     "white ones are ignored. Colours span ±max |w| of all the rates, "
                                     "so their sizes compare.%s")
                                 : _("Red pixels push the prediction towards “%s”, blue towards “%s”; "
                                     "white ones are ignored. Colours span ±max |w| of this learning rate.%s"),
                          positive, negative,
                          self->channels > 1 ? _(" Each pixel shows the mean of its red, green "
                                                 "and blue weights.") : "");
}

guint
ll_weights_view_feature_at (LlWeightsView *self,
                            double         x,
                            double         y)
{
  guint scale;

  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), G_MAXUINT);
  scale = ll_weights_view_get_scale (self);
  if (!(x >= 0 && y >= 0) || x >= (double) self->width * scale || y >= (double) self->height * scale)
    return G_MAXUINT;
  return ((guint) (y / scale) * self->width + (guint) (x / scale)) * self->channels;
}

static void
on_tile_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 LlWeightsView   *self)
{
  guint feature = ll_weights_view_feature_at (self, x, y);

  if (feature != G_MAXUINT)
    g_signal_emit (self, signals[SIGNAL_PIXEL_ACTIVATED], 0, feature);
}

static void
ll_weights_view_rebuild_tiles (LlWeightsView *self)
{
  GtkWidget *child;
  g_autofree char *tooltip = ll_weights_view_tooltip (self);
  guint scale = ll_weights_view_get_scale (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tiles_box))) != NULL)
    gtk_flow_box_remove (self->tiles_box, child);

  for (guint run = 0; run < self->tiles->len; run++)
    {
      Tile *tile = &g_array_index (self->tiles, Tile, run);
      g_autofree char *rate = format_number ("%g", tile->learning_rate);
      g_autofree char *caption = tile->name != NULL ? g_strdup (tile->name) : g_strdup_printf ("lr = %s", rate);
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *label;

      tile_clear (tile);
      g_clear_pointer (&tile->w, g_free);
      gtk_widget_add_css_class (box, "ll-weights-tile");
      /* At its natural width the picture keeps the integer scale (crisp). */
      gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (box, GTK_ALIGN_START);
      gtk_widget_set_tooltip_text (box, tooltip);

      tile->picture = GTK_PICTURE (gtk_picture_new ());
      gtk_picture_set_can_shrink (tile->picture, FALSE);
      gtk_widget_set_halign (GTK_WIDGET (tile->picture), GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (GTK_WIDGET (tile->picture),
                                   (int) (self->width * scale), (int) (self->height * scale));
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (tile->picture));
      {
        g_autofree char *name = g_strdup_printf (_("weights for lr %s"), rate);

        gtk_accessible_update_property (GTK_ACCESSIBLE (tile->picture), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        name, -1);
      }
      {
        GtkGesture *click = gtk_gesture_click_new ();

        g_signal_connect_object (click, "pressed", G_CALLBACK (on_tile_pressed), self, 0);
        gtk_widget_add_controller (GTK_WIDGET (tile->picture), GTK_EVENT_CONTROLLER (click));
      }

      label = gtk_label_new (caption);
      gtk_widget_add_css_class (label, "ll-caption");
      gtk_box_append (GTK_BOX (box), label);

      tile->range_label = GTK_LABEL (gtk_label_new (_("not trained yet")));
      gtk_widget_add_css_class (GTK_WIDGET (tile->range_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (tile->range_label), "numeric");
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (tile->range_label));

      gtk_flow_box_append (self->tiles_box, box);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->tiles_box), self->tiles->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->tiles->len == 0);
}

static void
ll_weights_view_update_legend (LlWeightsView *self)
{
  enum { LEGEND_WIDTH = 160, LEGEND_HEIGHT = 16 };
  double ramp[LEGEND_WIDTH * LEGEND_HEIGHT];
  guint8 rgb[LEGEND_WIDTH * LEGEND_HEIGHT * 3];
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *negative = g_strdup_printf ("← %s", self->class_names[0] != NULL
                                                        ? self->class_names[0] : _("label 0"));
  g_autofree char *positive = g_strdup_printf ("%s →", self->class_names[1] != NULL
                                                        ? self->class_names[1] : _("label 1"));

  for (guint y = 0; y < LEGEND_HEIGHT; y++)
    for (guint x = 0; x < LEGEND_WIDTH; x++)
      ramp[y * LEGEND_WIDTH + x] = -1.0 + 2.0 * x / (LEGEND_WIDTH - 1);
  ll_weights_to_rgb (ramp, LEGEND_HEIGHT, LEGEND_WIDTH, 1, rgb);
  texture = ll_texture_from_pixels (rgb, LEGEND_WIDTH, LEGEND_HEIGHT, 3, 1);
  gtk_picture_set_paintable (self->legend_picture, GDK_PAINTABLE (texture));
  gtk_label_set_text (self->negative_label, negative);
  gtk_label_set_text (self->positive_label, positive);
}

void
ll_weights_view_set_shape (LlWeightsView *self,
                           guint          height,
                           guint          width,
                           guint          channels,
                           const char    *negative_class,
                           const char    *positive_class)
{
  g_return_if_fail (LL_IS_WEIGHTS_VIEW (self));
  g_return_if_fail (channels >= 1);

  self->height = height;
  self->width = width;
  self->channels = channels;
  g_free (self->class_names[0]);
  g_free (self->class_names[1]);
  self->class_names[0] = g_strdup (negative_class);
  self->class_names[1] = g_strdup (positive_class);
  ll_weights_view_update_legend (self);
  ll_weights_view_rebuild_tiles (self);
}

void
ll_weights_view_set_runs (LlWeightsView *self,
                          const double  *learning_rates,
                          guint          n_runs)
{
  g_return_if_fail (LL_IS_WEIGHTS_VIEW (self));
  g_return_if_fail (n_runs == 0 || learning_rates != NULL);

  g_array_set_size (self->tiles, 0);
  g_array_set_size (self->tiles, n_runs);
  for (guint run = 0; run < n_runs; run++)
    g_array_index (self->tiles, Tile, run).learning_rate = learning_rates[run];
  ll_weights_view_rebuild_tiles (self);
}

/* The scale every tile's colours span: the largest max |w| of them all when
 * shared, else 0 (each its own). */
static double
shared_scale (LlWeightsView *self)
{
  double largest = 0;

  if (!gtk_check_button_get_active (self->shared_scale_check))
    return 0;
  for (guint run = 0; run < self->tiles->len; run++)
    {
      const Tile *tile = &g_array_index (self->tiles, Tile, run);

      if (tile->w != NULL && isfinite (tile->max_abs))
        largest = MAX (largest, tile->max_abs);
    }
  return largest;
}

/* Draws TILE's kept weights over SCALE (0: its own) and writes its caption. */
static void
draw_tile (LlWeightsView *self,
           Tile          *tile,
           double         scale)
{
  gsize n_pixels = (gsize) self->height * self->width;
  g_autofree guint8 *rgb = g_malloc (MAX (n_pixels, 1) * 3);
  g_autofree char *range = NULL;
  g_autofree char *range_text = NULL;

  tile->max_abs = weights_to_rgb_over (tile->w, self->height, self->width, self->channels, scale, rgb);
  g_clear_object (&tile->texture);
  tile->texture = ll_texture_from_pixels (rgb, self->width, self->height, 3,
                                          ll_weights_view_get_scale (self));
  gtk_picture_set_paintable (tile->picture, GDK_PAINTABLE (tile->texture));

  range = format_number ("%.3g", scale > 0 ? scale : tile->max_abs);
  if (scale > 0)
    {
      g_autofree char *own = format_number ("%.3g", tile->max_abs);

      range_text = g_strdup_printf (_("colours span ±%s (all rates); its largest |w| is %s"), range, own);
    }
  else
    range_text = g_strdup_printf (_("colours span ±%s"), range);
  gtk_accessible_update_property (GTK_ACCESSIBLE (tile->picture), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  range_text, -1);
  if (self->feature_names != NULL)
    {
      /* A table's few columns: each weight by name, beside its colour. */
      g_autoptr (GString) text = g_string_new (range_text);

      for (gsize j = 0; j < MIN (tile->n_features, 6u) && self->feature_names[j] != NULL; j++)
        {
          g_autofree char *value = format_number ("%.4g", tile->w[j]);

          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("%s: w = %s"), self->feature_names[j], value);
        }
      gtk_label_set_text (tile->range_label, text->str);
    }
  else
    gtk_label_set_text (tile->range_label, range_text);
}

/* Every tile with weights again, over the shared scale (or each its own). */
static void
redraw_tiles (LlWeightsView *self)
{
  double scale;
  g_autofree char *tooltip = ll_weights_view_tooltip (self);

  /* Each tile's own max first: the shared scale is the largest of them. */
  for (guint run = 0; run < self->tiles->len; run++)
    {
      Tile *tile = &g_array_index (self->tiles, Tile, run);

      if (tile->picture != NULL)
        gtk_widget_set_tooltip_text (gtk_widget_get_parent (GTK_WIDGET (tile->picture)), tooltip);
    }
  scale = shared_scale (self);
  for (guint run = 0; run < self->tiles->len; run++)
    {
      Tile *tile = &g_array_index (self->tiles, Tile, run);

      if (tile->w != NULL)
        draw_tile (self, tile, scale);
    }
}

void
ll_weights_view_set_weights (LlWeightsView *self,
                             guint          run,
                             const double  *w,
                             gsize          n_features)
{
  Tile *tile;
  g_autofree guint8 *rgb = NULL;
  double previous_scale;

  g_return_if_fail (LL_IS_WEIGHTS_VIEW (self));
  g_return_if_fail (run < self->tiles->len);
  g_return_if_fail (w != NULL);
  g_return_if_fail (self->height > 0 && self->width > 0);
  g_return_if_fail (n_features == (gsize) self->height * self->width * self->channels);

  previous_scale = shared_scale (self);
  tile = &g_array_index (self->tiles, Tile, run);
  g_free (tile->w);
  tile->w = g_memdup2 (w, n_features * sizeof (double));
  tile->n_features = n_features;
  rgb = g_malloc ((gsize) self->height * self->width * 3);
  tile->max_abs = weights_to_rgb_over (w, self->height, self->width, self->channels, 0, rgb);
  /* A shared scale that moved redraws them all; else only this one. */
  if (shared_scale (self) != previous_scale)
    redraw_tiles (self);
  else
    draw_tile (self, tile, previous_scale);
}

static void
on_shared_scale_toggled (LlWeightsView *self)
{
  redraw_tiles (self);
}

gboolean
ll_weights_view_get_shared_scale (LlWeightsView *self)
{
  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), FALSE);
  return gtk_check_button_get_active (self->shared_scale_check);
}

void
ll_weights_view_set_shared_scale (LlWeightsView *self,
                                  gboolean       shared)
{
  g_return_if_fail (LL_IS_WEIGHTS_VIEW (self));
  gtk_check_button_set_active (self->shared_scale_check, shared);
}

const char *
ll_weights_view_get_note (LlWeightsView *self)
{
  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), NULL);
  return gtk_label_get_text (self->note_label);
}

GdkTexture *
ll_weights_view_get_texture (LlWeightsView *self,
                             guint          run)
{
  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), NULL);
  g_return_val_if_fail (run < self->tiles->len, NULL);
  return g_array_index (self->tiles, Tile, run).texture;
}

const char *
ll_weights_view_get_caption (LlWeightsView *self,
                             guint          run)
{
  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), NULL);
  g_return_val_if_fail (run < self->tiles->len, NULL);
  return gtk_label_get_text (g_array_index (self->tiles, Tile, run).range_label);
}

guint
ll_weights_view_get_scale (LlWeightsView *self)
{
  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), 1);
  return ll_texture_scale_for (self->width, self->height, LL_WEIGHTS_VIEW_TARGET_SIDE);
}

/* Following the run store -------------------------------------------------- */

/* Each run's tile shows the weights of its shown model. */
static void
on_store_run_updated (LlWeightsView *self,
                      guint          position,
                      LlRun         *run)
{
  LlRunModel *model = ll_run_get_shown_model (run);

  if (model != NULL && model->w != NULL && position < self->tiles->len &&
      model->n_features == (gsize) self->height * self->width * self->channels)
    ll_weights_view_set_weights (self, position, model->w, model->n_features);
}

static void
on_store_items_changed (LlWeightsView *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  g_autofree double *rates = g_new (double, MAX (n_runs, 1));

  for (guint i = 0; i < n_runs; i++)
    rates[i] = ll_run_get_learning_rate (ll_run_store_get_run (self->store, i));
  ll_weights_view_set_runs (self, rates, n_runs);
  /* Imported runs by their file's name, as on every page. */
  for (guint i = 0; i < n_runs; i++)
    {
      LlRun *run = ll_run_store_get_run (self->store, i);

      if (ll_run_get_state (run) == LL_RUN_IMPORTED)
        g_array_index (self->tiles, Tile, i).name = g_strdup (ll_run_get_label (run));
    }
  if (n_runs > 0)
    ll_weights_view_rebuild_tiles (self);
  for (guint i = 0; i < n_runs; i++)
    on_store_run_updated (self, i, ll_run_store_get_run (self->store, i));
}

static void
on_store_dataset (LlWeightsView *self)
{
  const LlDataset *dataset = self->store != NULL ? ll_run_store_peek_dataset (self->store) : NULL;

  g_clear_pointer (&self->feature_names, g_strfreev);
  if (dataset != NULL && dataset->height == 1 && dataset->feature_names != NULL)
    self->feature_names = g_strdupv (dataset->feature_names);
  if (dataset != NULL)
    ll_weights_view_set_shape (self, dataset->height, dataset->width, dataset->channels,
                               dataset->class_names[0], dataset->class_names[1]);
  /* More weights than examples: the lesson the noisy map holds. */
  if (dataset != NULL && dataset->n_features > dataset->train.count)
    {
      g_autofree char *note = g_strdup_printf (_("%zu examples, %zu weights: with more weights than "
                                                 "examples the model can memorise the training set, "
                                                 "and the map is noisy."),
                                               dataset->train.count, dataset->n_features);

      gtk_label_set_text (self->note_label, note);
    }
  else
    gtk_label_set_text (self->note_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->note_label),
                          gtk_label_get_text (self->note_label)[0] != '\0');
}

void
ll_weights_view_set_store (LlWeightsView *self,
                            LlRunStore    *store)
{
  g_return_if_fail (LL_IS_WEIGHTS_VIEW (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_store_dataset (self);
  on_store_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_weights_view_get_store (LlWeightsView *self)
{
  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), NULL);

  return self->store;
}

static void
ll_weights_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, ll_weights_view_get_store ((LlWeightsView *) object));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_weights_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      ll_weights_view_set_store ((LlWeightsView *) object, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_weights_view_dispose (GObject *object)
{
  LlWeightsView *self = LL_WEIGHTS_VIEW (object);

  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ll_weights_view_parent_class)->dispose (object);
}

static void
ll_weights_view_finalize (GObject *object)
{
  LlWeightsView *self = LL_WEIGHTS_VIEW (object);

  g_clear_object (&self->store_signals);
  g_clear_pointer (&self->tiles, g_array_unref);
  g_clear_pointer (&self->class_names[0], g_free);
  g_clear_pointer (&self->class_names[1], g_free);
  g_clear_pointer (&self->feature_names, g_strfreev);

  G_OBJECT_CLASS (ll_weights_view_parent_class)->finalize (object);
}

static void
ll_weights_view_class_init (LlWeightsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_weights_view_dispose;
  object_class->finalize = ll_weights_view_finalize;
  object_class->get_property = ll_weights_view_get_property;
  object_class->set_property = ll_weights_view_set_property;

  /* The run store the view follows (see ll_weights_view_set_store). */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A click on a tile's pixel: the feature index of its first channel
   * (the step inspector follows that weight). */
  signals[SIGNAL_PIXEL_ACTIVATED] =
    g_signal_new ("pixel-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  ll_style_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-weights-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LlWeightsView, negative_label);
  gtk_widget_class_bind_template_child (widget_class, LlWeightsView, legend_picture);
  gtk_widget_class_bind_template_child (widget_class, LlWeightsView, positive_label);
  gtk_widget_class_bind_template_child (widget_class, LlWeightsView, empty_label);
  gtk_widget_class_bind_template_child (widget_class, LlWeightsView, tiles_box);
  gtk_widget_class_bind_template_child (widget_class, LlWeightsView, shared_scale_check);
  gtk_widget_class_bind_template_child (widget_class, LlWeightsView, note_label);
  gtk_widget_class_bind_template_callback (widget_class, on_shared_scale_toggled);
}

static void
ll_weights_view_init (LlWeightsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ll_style_ensure_loaded (GTK_WIDGET (self));

  self->tiles = g_array_new (FALSE, TRUE, sizeof (Tile));
  g_array_set_clear_func (self->tiles, (GDestroyNotify) tile_free_contents);
  ll_weights_view_update_legend (self);

  /* Follows whichever store is set: connected once, retargeted by set_store. */
  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_object (self->store_signals, "notify::dataset",
                                 G_CALLBACK (on_store_dataset), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "run-updated",
                                 G_CALLBACK (on_store_run_updated), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ll_weights_view_new (void)
{
  return g_object_new (LL_TYPE_WEIGHTS_VIEW, NULL);
}
