/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-swatch.c: a legend sample drawn by the plot's own code (ll_plot_draw_sample). */
#include "config.h"

#include "ll-swatch.h"
#include "plot/plot-render.h"

struct _LlSwatch
{
  GtkWidget parent_instance;

  guint index;
};

G_DEFINE_FINAL_TYPE (LlSwatch, ll_swatch, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_INDEX,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
ll_widget_is_dark (GtkWidget *widget)
{
  GdkRGBA fg;

  /* The theme's text colour tells light from dark whatever the theme's name. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  return 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
}

static void
ll_swatch_snapshot (GtkWidget   *widget,
                    GtkSnapshot *snapshot)
{
  LlSwatch *self = LL_SWATCH (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  cairo_t *cr;

  /* The plot's own legend sample: same line, dashes and marker shape. */
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ll_plot_draw_sample (cr, self->index, ll_widget_is_dark (widget), width, height);
  cairo_destroy (cr);
}

static void
ll_swatch_measure (GtkWidget      *widget,
                   GtkOrientation  orientation,
                   int             for_size,
                   int            *minimum,
                   int            *natural,
                   int            *minimum_baseline,
                   int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? 36 : 18;
}

static void
ll_swatch_css_changed (GtkWidget         *widget,
                       GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ll_swatch_parent_class)->css_changed (widget, change);
  /* A switch to or from the dark theme changes the palette. */
  gtk_widget_queue_draw (widget);
}

static void
ll_swatch_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  LlSwatch *self = LL_SWATCH (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_swatch_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  LlSwatch *self = LL_SWATCH (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      ll_swatch_set_index (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_swatch_class_init (LlSwatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ll_swatch_get_property;
  object_class->set_property = ll_swatch_set_property;
  widget_class->snapshot = ll_swatch_snapshot;
  widget_class->measure = ll_swatch_measure;
  widget_class->css_changed = ll_swatch_css_changed;

  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "swatch");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_swatch_init (LlSwatch *self)
{
}

GtkWidget *
ll_swatch_new (guint index)
{
  return g_object_new (LL_TYPE_SWATCH, "index", index, NULL);
}

void
ll_swatch_set_index (LlSwatch *self,
                     guint     index)
{
  g_return_if_fail (LL_IS_SWATCH (self));

  if (self->index == index)
    return;
  self->index = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INDEX]);
}

guint
ll_swatch_get_index (LlSwatch *self)
{
  g_return_val_if_fail (LL_IS_SWATCH (self), 0);

  return self->index;
}
