/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-weights-view.c: see ll-weights-view.h. */
#include "config.h"

#include "ll-weights-view.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ll-figure-view.h"
#include "ll-style.h"
#include "ll-texture-util.h"
#include "ll-tooltip.h"

typedef struct
{
  double learning_rate;
  char *name;           /* the caption: "lr = 0.5", or an imported run's label */
  GtkWidget *box;       /* the tile: its pictures and captions */
  GtkPicture *pictures[3];  /* one (channel means), or red, green, blue apart */
  GtkLabel *range_label;
  GdkTexture *textures[3];
  guint n_pictures;
  double *w;            /* the weights shown, kept to redraw on another scale */
  gsize n_features;
  double max_abs;       /* this run's largest |value| drawn (channel means, or channels apart) */
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
  GtkCheckButton *channels_check;
  GtkLabel *note_label;
  GtkLabel *heading_label;
  LlFigureView *bars_view;

  guint height;
  guint width;
  guint channels;
  char *class_names[2];
  char **feature_names;  /* a table without an image shape: its columns, else NULL */
  GArray *tiles;  /* Tile */
  guint scale;    /* pixels per weight from the room (0: not yet allocated, see fitting_scale) */
  guint scale_idle;
  GtkAdjustment *room[2];  /* the scrolled window's, whose page sizes are the room */

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

/* W's pixels (channel means, or channel CHANNEL's weights when >= 0)
 * coloured over ±SCALE (the pixels' own max |value| when SCALE <= 0);
 * returns that own max |value|. */
static double
weights_to_rgb_over (const double *w,
                     guint         height,
                     guint         width,
                     guint         channels,
                     int           channel,
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
      values[i] = channel >= 0 ? w[i * channels + (guint) channel] : sum / channels;
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

  return weights_to_rgb_over (w, height, width, channels, -1, 0, rgb_out);
}

static void
tile_clear (Tile *tile)
{
  for (guint p = 0; p < G_N_ELEMENTS (tile->textures); p++)
    g_clear_object (&tile->textures[p]);
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

static guint pictures_per_tile (LlWeightsView *self);

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
                          self->channels > 1 && pictures_per_tile (self) == 1
                            ? _(" Each pixel shows the mean of its red, green and blue weights.")
                            : "");
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

/* A picture's pixel clicked: its feature, in a channel's picture that channel's. */
static void
on_tile_pressed (GtkGestureClick *gesture,
                 int              n_press,
                 double           x,
                 double           y,
                 LlWeightsView   *self)
{
  guint feature = ll_weights_view_feature_at (self, x, y);
  GtkWidget *picture = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  guint channel = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (picture), "ll-channel"));

  if (feature != G_MAXUINT)
    g_signal_emit (self, signals[SIGNAL_PIXEL_ACTIVATED], 0, feature + channel);
}

/* Whether each run shows its red, green and blue weights apart. */
static guint
pictures_per_tile (LlWeightsView *self)
{
  return self->channels == 3 && gtk_check_button_get_active (self->channels_check) ? 3 : 1;
}

/* Between a run's channel pictures. */
#define PICTURE_GAP 8
/* The captions wrap at this many characters. */
#define CAPTION_CHARS 32

static void schedule_fit (LlWeightsView *self);

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
      GtkWidget *pictures_box;
      GtkWidget *label;

      tile_clear (tile);
      g_clear_pointer (&tile->w, g_free);
      gtk_widget_add_css_class (box, "ll-weights-tile");
      /* At its natural width the picture keeps the integer scale (crisp). */
      gtk_widget_set_halign (box, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (box, GTK_ALIGN_START);
      ll_tooltip_set (box, tooltip);

      tile->box = box;
      tile->n_pictures = pictures_per_tile (self);
      pictures_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, PICTURE_GAP);
      gtk_widget_set_halign (pictures_box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), pictures_box);
      for (guint p = 0; p < tile->n_pictures; p++)
        {
          /* TRANSLATORS: under a run's weights of one colour channel */
          static const char *channel_names[3] = { N_("red"), N_("green"), N_("blue") };
          GtkPicture *picture = GTK_PICTURE (gtk_picture_new ());
          GtkGesture *click = gtk_gesture_click_new ();
          GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
          /* An imported run by its label ("model.npz"), as its caption. */
          /* TRANSLATORS: accessible name of an imported run's weights picture; %s is the file's name, e.g. "model.npz" */
          g_autofree char *name = tile->name != NULL ? g_strdup_printf (_("weights for %s"), tile->name)
                                                     : g_strdup_printf (_("weights for lr %s"), rate);

          tile->pictures[p] = picture;
          gtk_picture_set_can_shrink (picture, FALSE);
          gtk_widget_set_halign (GTK_WIDGET (picture), GTK_ALIGN_CENTER);
          gtk_widget_set_size_request (GTK_WIDGET (picture),
                                       (int) (self->width * scale), (int) (self->height * scale));
          gtk_box_append (GTK_BOX (column), GTK_WIDGET (picture));
          if (tile->n_pictures > 1)
            {
              GtkWidget *channel_label = gtk_label_new (_(channel_names[p]));
              /* TRANSLATORS: accessible name of one channel's weights: "weights for lr 0.5, red" */
              g_autofree char *channel_name = g_strdup_printf (_("%s, %s"), name, _(channel_names[p]));

              gtk_widget_add_css_class (channel_label, "dim-label");
              gtk_box_append (GTK_BOX (column), channel_label);
              g_object_set_data (G_OBJECT (picture), "ll-channel", GUINT_TO_POINTER (p));
              g_free (name);
              name = g_steal_pointer (&channel_name);
            }
          gtk_accessible_update_property (GTK_ACCESSIBLE (picture), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          g_signal_connect_object (click, "pressed", G_CALLBACK (on_tile_pressed), self, 0);
          gtk_widget_add_controller (GTK_WIDGET (picture), GTK_EVENT_CONTROLLER (click));
          gtk_box_append (GTK_BOX (pictures_box), column);
        }

      label = gtk_label_new (caption);
      gtk_widget_add_css_class (label, "ll-caption");
      gtk_box_append (GTK_BOX (box), label);

      tile->range_label = GTK_LABEL (gtk_label_new (_("not trained yet")));
      /* Wrapped, so a long span line does not set the tiles' width. */
      gtk_label_set_wrap (tile->range_label, TRUE);
      gtk_label_set_max_width_chars (tile->range_label, CAPTION_CHARS);
      gtk_label_set_justify (tile->range_label, GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (GTK_WIDGET (tile->range_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (tile->range_label), "numeric");
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (tile->range_label));

      gtk_flow_box_append (self->tiles_box, box);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->tiles_box), self->tiles->len > 0 && self->feature_names == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), self->tiles->len == 0);  schedule_fit (self);
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
  self->scale = 0;  /* until the view has room again */
  g_free (self->class_names[0]);
  g_free (self->class_names[1]);
  self->class_names[0] = g_strdup (negative_class);
  self->class_names[1] = g_strdup (positive_class);
  gtk_widget_set_visible (GTK_WIDGET (self->channels_check), channels == 3);
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

/* TILE's largest |value| as drawn: of the channel means, or of every
 * channel's weights when they are apart. */
static double
tile_own_max (LlWeightsView *self,
              Tile          *tile)
{
  gsize n_pixels = (gsize) self->height * self->width;
  g_autofree guint8 *rgb = g_malloc (MAX (n_pixels, 1) * 3);
  double largest = 0;

  if (tile->n_pictures <= 1)
    return weights_to_rgb_over (tile->w, self->height, self->width, self->channels, -1, 0, rgb);
  for (guint c = 0; c < self->channels; c++)
    largest = MAX (largest, weights_to_rgb_over (tile->w, self->height, self->width, self->channels,
                                                 (int) c, 0, rgb));
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

  tile->max_abs = tile_own_max (self, tile);
  for (guint p = 0; p < tile->n_pictures; p++)
    {
      weights_to_rgb_over (tile->w, self->height, self->width, self->channels, tile->n_pictures > 1 ? (int) p : -1,
                           scale > 0 ? scale : tile->max_abs, rgb);
      g_clear_object (&tile->textures[p]);
      tile->textures[p] = ll_texture_from_pixels (rgb, self->width, self->height, 3,
                                                  ll_weights_view_get_scale (self));
      gtk_picture_set_paintable (tile->pictures[p], GDK_PAINTABLE (tile->textures[p]));
    }

  range = format_number ("%.3g", scale > 0 ? scale : tile->max_abs);
  if (scale > 0)
    {
      g_autofree char *own = format_number ("%.3g", tile->max_abs);

      range_text = g_strdup_printf (_("colours span ±%s (all rates); its largest |w| is %s"), range, own);
    }
  else
    range_text = g_strdup_printf (_("colours span ±%s"), range);
  for (guint p = 0; p < tile->n_pictures; p++)
    gtk_accessible_update_property (GTK_ACCESSIBLE (tile->pictures[p]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
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

      if (tile->box != NULL)
        ll_tooltip_set (tile->box, tooltip);
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
  tile->max_abs = tile_own_max (self, tile);
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

/* The tiles again with one or three pictures, and their weights redrawn. */
static void
on_channels_toggled (LlWeightsView *self)
{
  g_autoptr (GPtrArray) kept = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *tooltip = ll_weights_view_tooltip (self);

  for (guint run = 0; run < self->tiles->len; run++)
    {
      Tile *tile = &g_array_index (self->tiles, Tile, run);

      g_ptr_array_add (kept, g_steal_pointer (&tile->w));
    }
  ll_weights_view_rebuild_tiles (self);
  for (guint run = 0; run < self->tiles->len; run++)
    {
      Tile *tile = &g_array_index (self->tiles, Tile, run);

      tile->w = g_steal_pointer (&kept->pdata[run]);
      if (tile->w != NULL)
        tile->max_abs = tile_own_max (self, tile);
    }
  redraw_tiles (self);
}

gboolean
ll_weights_view_get_channels_apart (LlWeightsView *self)
{
  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), FALSE);
  return pictures_per_tile (self) > 1;
}

void
ll_weights_view_set_channels_apart (LlWeightsView *self,
                                    gboolean       apart)
{
  g_return_if_fail (LL_IS_WEIGHTS_VIEW (self));
  gtk_check_button_set_active (self->channels_check, apart);
}

guint
ll_weights_view_get_n_pictures (LlWeightsView *self,
                                guint          run)
{
  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), 0);
  g_return_val_if_fail (run < self->tiles->len, 0);
  return g_array_index (self->tiles, Tile, run).n_pictures;
}

GdkTexture *
ll_weights_view_get_picture_texture (LlWeightsView *self,
                                     guint          run,
                                     guint          picture)
{
  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), NULL);
  g_return_val_if_fail (run < self->tiles->len, NULL);
  g_return_val_if_fail (picture < g_array_index (self->tiles, Tile, run).n_pictures, NULL);
  return g_array_index (self->tiles, Tile, run).textures[picture];
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
  return g_array_index (self->tiles, Tile, run).textures[0];
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
  if (self->scale > 0)
    return self->scale;
  return ll_texture_scale_for (self->width, self->height, LL_WEIGHTS_VIEW_TARGET_SIDE);
}

/* Bigger pictures where there is room (issue 24.7) ------------------------- */

/* What a tile needs beside its pictures: the captions' width and height. */
#define CAPTION_WIDTH 240
#define CAPTION_HEIGHT 84
#define CHANNEL_LABEL_HEIGHT 22
/* The flow box's spacing and most tiles a line (ui/ll-weights-view.ui). */
#define COLUMN_SPACING 24
#define ROW_SPACING 12
#define MAX_COLUMNS 8
/* No picture side beyond this: a projector's whole height. */
#define MAX_SIDE 1024

/* The largest whole scale at which every tile fits in WIDTH x HEIGHT (the
 * tiles in lines of as many as fit), else the largest at which one line of
 * tiles fits whole (then the lines scroll: five cat runs at 1024 x 768 got
 * one 640-pixel picture taller than the page), else the largest at which
 * one tile fits the width, at least 1. */
static guint
fitting_scale (LlWeightsView *self,
               double         width,
               double         height)
{
  guint n_tiles = self->tiles->len, per_tile = pictures_per_tile (self);
  guint largest = MAX (1, MAX_SIDE / MAX (MAX (self->width, self->height), 1));
  guint widest_fitting = 1, line_fitting = 0;

  for (guint scale = largest; scale >= 1; scale--)
    {
      double pictures = (double) per_tile * self->width * scale + (per_tile - 1) * PICTURE_GAP;
      double tile_width = MAX (pictures, CAPTION_WIDTH);
      double tile_height = (double) self->height * scale + CAPTION_HEIGHT + (per_tile > 1 ? CHANNEL_LABEL_HEIGHT : 0);
      guint columns = (guint) MIN (floor ((width + COLUMN_SPACING) / (tile_width + COLUMN_SPACING)), MAX_COLUMNS);
      guint lines;

      if (columns == 0)
        continue;
      widest_fitting = MAX (widest_fitting, scale);
      if (tile_height <= height)
        line_fitting = MAX (line_fitting, scale);
      lines = (MAX (n_tiles, 1) + columns - 1) / columns;
      if (lines * tile_height + (lines - 1) * ROW_SPACING <= height)
        return scale;
    }
  return line_fitting > 0 ? line_fitting : widest_fitting;
}

/* After the scrolled window's room changed: the scale for it, and the
 * pictures at it. The room is the scrolled window's (its adjustments' page
 * sizes), not the view's own allocation, which grows with the pictures. */
static gboolean
fit_to_room (gpointer data)
{
  LlWeightsView *self = data;
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));
  GtkAdjustment *horizontal, *vertical;
  graphene_rect_t bounds;
  double room_width, room_height;
  guint scale;

  self->scale_idle = 0;
  if (!GTK_IS_SCROLLABLE (parent) || self->width == 0 || self->height == 0 || self->tiles->len == 0
      || !gtk_widget_get_visible (GTK_WIDGET (self->tiles_box))
      || !gtk_widget_compute_bounds (GTK_WIDGET (self->tiles_box), GTK_WIDGET (self), &bounds))
    return G_SOURCE_REMOVE;
  horizontal = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (parent));
  vertical = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (parent));
  if (horizontal == NULL || vertical == NULL)
    return G_SOURCE_REMOVE;
  /* Below the heading, the check buttons and the note; inside the margins. */
  room_width = gtk_adjustment_get_page_size (horizontal)
               - gtk_widget_get_margin_start (GTK_WIDGET (self)) - gtk_widget_get_margin_end (GTK_WIDGET (self));
  room_height = gtk_adjustment_get_page_size (vertical) - bounds.origin.y
                - gtk_widget_get_margin_bottom (GTK_WIDGET (self));
  if (room_width < 1 || room_height < 1)
    return G_SOURCE_REMOVE;
  scale = fitting_scale (self, room_width, room_height);
  if (scale == ll_weights_view_get_scale (self))
    {
      self->scale = scale;
      return G_SOURCE_REMOVE;
    }
  self->scale = scale;
  for (guint run = 0; run < self->tiles->len; run++)
    {
      Tile *tile = &g_array_index (self->tiles, Tile, run);

      for (guint p = 0; p < tile->n_pictures; p++)
        gtk_widget_set_size_request (GTK_WIDGET (tile->pictures[p]), (int) (self->width * scale),
                                     (int) (self->height * scale));
    }
  redraw_tiles (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_fit (LlWeightsView *self)
{
  if (self->scale_idle == 0)
    self->scale_idle = g_idle_add (fit_to_room, self);
}

/* The scrolled window's viewport: its page sizes are the room. */
static void
on_parent_changed (LlWeightsView *self)
{
  GtkWidget *parent = gtk_widget_get_parent (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->room); i++)
    {
      if (self->room[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->room[i], self);
      g_clear_object (&self->room[i]);
    }
  if (!GTK_IS_SCROLLABLE (parent))
    return;
  self->room[0] = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (parent));
  self->room[1] = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (parent));
  for (guint i = 0; i < G_N_ELEMENTS (self->room); i++)
    if (self->room[i] != NULL)
      {
        g_object_ref (self->room[i]);
        g_signal_connect_swapped (self->room[i], "changed", G_CALLBACK (schedule_fit), self);
      }
  schedule_fit (self);
}

/* A table's weights as bars by feature name (issue 19.2) ------------------- */

/* More features than this: only the largest |w| are drawn, and said so. */
#define MAX_BARS 40

/* Whether the data has no image shape: a table's columns by name. */
static gboolean
shows_bars (LlWeightsView *self)
{
  return self->feature_names != NULL && self->store != NULL;
}

/* The run's shown weights when they picture the store's dataset, else NULL. */
static const double *
run_weights (LlWeightsView *self,
             LlRun         *run)
{
  LlRunModel *model = ll_run_get_shown_model (run);
  const LlDataset *dataset = ll_run_store_peek_dataset (self->store);

  if (model == NULL || model->w == NULL || dataset == NULL || model->n_features != dataset->n_features
      || !ll_run_store_run_fits_dataset (self->store, run))
    return NULL;
  return model->w;
}

static int
compare_by_size (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const double *size = user_data;
  double x = size[*(const guint *) a], y = size[*(const guint *) b];

  return x > y ? -1 : x < y ? 1 : (int) *(const guint *) a - (int) *(const guint *) b;
}

/* The features drawn, top to bottom, into SHOWN (n_features): all in their
 * order, or with many the MAX_BARS of largest |w| of any run, largest first. */
static guint
choose_features (LlWeightsView *self,
                 gsize          n_features,
                 guint         *shown)
{
  guint n_runs = ll_run_store_get_n_runs (self->store);
  g_autofree double *size = g_new0 (double, MAX (n_features, 1));

  for (guint j = 0; j < n_features; j++)
    shown[j] = j;
  if (n_features <= MAX_BARS)
    return (guint) n_features;
  for (guint r = 0; r < n_runs; r++)
    {
      const double *w = run_weights (self, ll_run_store_get_run (self->store, r));

      for (gsize j = 0; w != NULL && j < n_features; j++)
        if (isfinite (w[j]))
          size[j] = MAX (size[j], fabs (w[j]));
    }
  g_qsort_with_data (shown, (gint) n_features, sizeof (guint), compare_by_size, size);
  return MAX_BARS;
}

/* Every run's bars at its shown model; the categories follow the choice. */
static void
update_bars (LlWeightsView *self)
{
  LlFigure *figure = ll_figure_view_get_figure (self->bars_view);
  const LlDataset *dataset = self->store != NULL ? ll_run_store_peek_dataset (self->store) : NULL;
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  g_autofree guint *shown = NULL;
  g_autofree const char **names = NULL;
  g_autofree double *xs = NULL, *ys = NULL;
  g_autofree char *caption = NULL;
  g_autofree char *description = NULL;
  guint n_shown;

  if (figure == NULL || dataset == NULL || ll_figure_get_n_layers (figure) != n_runs + 1)
    return;
  shown = g_new (guint, MAX (dataset->n_features, 1));
  n_shown = choose_features (self, dataset->n_features, shown);
  /* Categories run bottom to top: the first feature shown is the top one. */
  names = g_new0 (const char *, n_shown + 1);
  for (guint k = 0; k < n_shown; k++)
    names[n_shown - 1 - k] = self->feature_names[shown[k]];
  ll_figure_axis_set_categories (figure, LL_AXIS_Y, names);
  xs = g_new (double, MAX (n_shown, 1));
  ys = g_new (double, MAX (n_shown, 1));
  for (guint r = 0; r < n_runs; r++)
    {
      LlRun *run = ll_run_store_get_run (self->store, r);
      const double *w = run_weights (self, run);
      LlPlotLayer *layer = ll_figure_get_layer (figure, r);
      double thickness = 0.8 / n_runs;

      /* Each feature's bars side by side, the first run on top. */
      for (guint k = 0; k < n_shown; k++)
        {
          xs[k] = w != NULL ? w[shown[k]] : NAN;
          ys[k] = (n_shown - 1 - k) + 0.4 - thickness * (r + 0.5);
        }
      ll_plot_layer_set_points (layer, xs, ys, NULL, w != NULL ? n_shown : 0);
      ll_plot_layer_set_bars (layer, thickness * 0.9);
      ll_plot_layer_set_series (layer, ll_run_get_look (run));
      ll_plot_layer_set_faded (layer, ll_run_get_pinned (run));
      ll_plot_layer_set_visible (layer, ll_run_get_visible (run));
    }
  if (n_shown < dataset->n_features)
    /* TRANSLATORS: under the bar chart of a wide table's weights: "the 40 of 120 weights" */
    caption = g_strdup_printf (_("The %u of %zu weights with the largest |w| (of any rate), largest at the top."),
                               n_shown, dataset->n_features);
  ll_figure_set_caption (figure, caption);
  description = g_strdup_printf (ngettext ("Each rate’s weight for %u feature, as bars",
                                           "Each rate’s weight for each of %u features, as bars", n_shown),
                                 n_shown);
  ll_figure_view_set_description (self->bars_view, description);
  /* Room for every name: a text line per feature at least. */
  gtk_widget_set_size_request (GTK_WIDGET (self->bars_view), -1,
                               (int) MIN (2000, 160 + n_shown * MAX (24, 10 * n_runs)));
  ll_figure_view_queue_update (self->bars_view);
}

/* A new figure: one layer of bars per run (the layer index is the run's). */
static void
rebuild_bars (LlWeightsView *self)
{
  gboolean bars = shows_bars (self);
  guint n_runs = bars ? ll_run_store_get_n_runs (self->store) : 0;
  const LlDataset *dataset = bars ? ll_run_store_peek_dataset (self->store) : NULL;
  LlFigure *figure;

  gtk_widget_set_visible (GTK_WIDGET (self->bars_view), bars && n_runs > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->tiles_box), !bars && self->tiles->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->shared_scale_check), !bars);
  gtk_widget_set_visible (GTK_WIDGET (self->legend_picture), !bars);
  gtk_widget_set_visible (GTK_WIDGET (self->negative_label), !bars);
  gtk_widget_set_visible (GTK_WIDGET (self->positive_label), !bars);
  gtk_label_set_text (self->heading_label, bars ? _("What each model learned: its weight for each feature")
                                                : _("What each model learned: its weights as an image"));
  if (!bars || dataset == NULL)
    {
      ll_figure_view_set_figure (self->bars_view, NULL);
      return;
    }
  figure = ll_figure_new ();
  ll_figure_set_title (figure, _("Weights by feature"));
  {
    /* TRANSLATORS: the bar chart's x axis; %s is the class of label 1, "admitted" */
    g_autofree char *x_label = g_strdup_printf (_("w (> 0: towards “%s”)"), dataset->class_names[1]);

    ll_figure_axis_set_label (figure, LL_AXIS_X, x_label);
  }
  ll_figure_axis_set_label (figure, LL_AXIS_Y, _("feature"));
  ll_figure_axis_set_include_zero (figure, LL_AXIS_X, TRUE);
  for (guint r = 0; r < n_runs; r++)
    {
      LlRun *run = ll_run_store_get_run (self->store, r);
      g_autofree char *label = g_strdup_printf ("lr = %s", ll_run_get_label (run));
      LlPlotLayer *layer = ll_figure_add_points (figure, NULL, NULL, NULL, 0, TRUE);

      ll_plot_layer_set_label (layer, label);
    }
  ll_figure_add_reference (figure, LL_AXIS_X, 0, NULL);
  ll_figure_view_set_figure (self->bars_view, figure);
  update_bars (self);
}

LlFigureView *
ll_weights_view_get_bars_view (LlWeightsView *self)
{
  g_return_val_if_fail (LL_IS_WEIGHTS_VIEW (self), NULL);
  return self->bars_view;
}

/* Following the run store -------------------------------------------------- */

/* Each run's tile shows the weights of its shown model. */
static void
on_store_run_updated (LlWeightsView *self,
                      guint          position,
                      LlRun         *run)
{
  LlRunModel *model = ll_run_get_shown_model (run);

  if (shows_bars (self))
    update_bars (self);
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
  rebuild_bars (self);
}

/* A legend click on a rate's bars shows or hides that run on every plot. */
static void
on_bars_layer_toggled (LlWeightsView *self,
                       guint          layer,
                       gboolean       visible)
{
  if (self->store != NULL && layer < ll_run_store_get_n_runs (self->store))
    ll_run_set_visible (ll_run_store_get_run (self->store, layer), visible);
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
  rebuild_bars (self);
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
  g_clear_handle_id (&self->scale_idle, g_source_remove);
  for (guint i = 0; i < G_N_ELEMENTS (self->room); i++)
    {
      if (self->room[i] != NULL)
        g_signal_handlers_disconnect_by_data (self->room[i], self);
      g_clear_object (&self->room[i]);
    }
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

  g_type_ensure (LL_TYPE_FIGURE_VIEW);
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
  gtk_widget_class_bind_template_child (widget_class, LlWeightsView, heading_label);
  gtk_widget_class_bind_template_child (widget_class, LlWeightsView, channels_check);
  gtk_widget_class_bind_template_child (widget_class, LlWeightsView, bars_view);
  gtk_widget_class_bind_template_callback (widget_class, on_shared_scale_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_channels_toggled);
}

static void
ll_weights_view_init (LlWeightsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ll_style_ensure_loaded (GTK_WIDGET (self));

  self->tiles = g_array_new (FALSE, TRUE, sizeof (Tile));
  g_array_set_clear_func (self->tiles, (GDestroyNotify) tile_free_contents);
  ll_weights_view_update_legend (self);

  g_signal_connect (self, "notify::parent", G_CALLBACK (on_parent_changed), NULL);
  g_signal_connect_object (self->bars_view, "layer-toggled", G_CALLBACK (on_bars_layer_toggled), self,
                           G_CONNECT_SWAPPED);
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
