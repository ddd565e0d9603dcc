/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-result-cell.c: see ll-result-cell.h. */
#include "config.h"

#include "ll-result-cell.h"

#include <glib/gi18n.h>

#include "ll-style.h"
#include "ll-tooltip.h"

struct _LlResultCell
{
  GtkWidget parent_instance;

  GtkPicture *picture;
  GtkImage *mark_icon;
  GtkLabel *values_label;
  GtkLabel *title_label;
  GtkLabel *probability_label;

  LlTestImage *item;
  int shown_mark;         /* what the mark shows: -1 unscored, 0 wrong, 1 right, -2 nothing yet */
};

G_DEFINE_FINAL_TYPE (LlResultCell, ll_result_cell, GTK_TYPE_WIDGET)

/* Right or wrong is shown by colour (CSS class) AND by an icon with a
 * tooltip, so it reads for colour-blind students and in greyscale. */
static void
ll_result_cell_sync_prediction (LlResultCell *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean scored = ll_test_image_get_predicted_label (self->item) >= 0;
  gboolean correct = ll_test_image_get_is_correct (self->item);
  int mark = !scored ? -1 : correct ? 1 : 0;

  /* The title follows the mark: both change only when the prediction does. */
  if (mark == self->shown_mark)
    return;
  self->shown_mark = mark;

  {
    /* The truth and the prediction on a line each: a wrap inside
     * "Predicted: Coat" reads badly from the back of the room. */
    g_autoptr (GString) shown = g_string_new (ll_test_image_get_title (self->item));

    g_string_replace (shown, " · ", "\n", 1);
    gtk_label_set_text (self->title_label, shown->str);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->mark_icon), scored);
  if (correct)
    gtk_widget_add_css_class (widget, "ll-correct");
  else
    gtk_widget_remove_css_class (widget, "ll-correct");
  if (scored && !correct)
    gtk_widget_add_css_class (widget, "ll-wrong");
  else
    gtk_widget_remove_css_class (widget, "ll-wrong");

  {
    /* Screen readers get the image (counted from 0, as on the Step page),
     * the truth, the prediction and the verdict in one label. */
    guint index = ll_test_image_get_index (self->item);
    const char *truth = ll_test_image_get_class_name (self->item,
                                                      ll_test_image_get_true_label (self->item));
    int predicted = ll_test_image_get_predicted_label (self->item);
    g_autofree char *description =
      !scored ? g_strdup_printf (_("test image %u: true %s"), index, truth)
              : g_strdup_printf (correct ? _("test image %u: true %s, predicted %s, right")
                                         : _("test image %u: true %s, predicted %s, wrong"),
                                 index, truth, ll_test_image_get_class_name (self->item, (guint) predicted));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    description, -1);
  }

  if (scored)
    {
      gtk_image_set_from_icon_name (self->mark_icon,
                                    correct ? "emblem-ok-symbolic" : "dialog-error-symbolic");
      ll_tooltip_set (GTK_WIDGET (self->mark_icon),
                                   correct ? _("Right: the prediction is the true class")
                                           : _("Wrong: the prediction is not the true class"));
    }
}

static void
ll_result_cell_sync_probability (LlResultCell *self)
{
  g_autofree char *text = ll_test_image_format_probability (self->item);

  gtk_label_set_text (self->probability_label, text);
}

void
ll_result_cell_refresh (LlResultCell *self)
{
  g_return_if_fail (LL_IS_RESULT_CELL (self));

  if (self->item == NULL)
    return;
  ll_result_cell_sync_prediction (self);
  ll_result_cell_sync_probability (self);
}

void
ll_result_cell_set_item (LlResultCell *self,
                         LlTestImage  *item)
{
  g_return_if_fail (LL_IS_RESULT_CELL (self));
  g_return_if_fail (item == NULL || LL_IS_TEST_IMAGE (item));

  if (self->item == item)
    return;

  g_clear_object (&self->item);
  self->shown_mark = -2;

  if (item == NULL)
    {
      /* Unbound cells drop their texture: only visible images hold pixels. */
      gtk_picture_set_paintable (self->picture, NULL);
      return;
    }

  self->item = g_object_ref (item);
  gtk_label_set_text (self->values_label, ll_test_image_get_values (item));
  gtk_widget_set_visible (GTK_WIDGET (self->values_label), ll_test_image_get_values (item) != NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->picture)),
                          ll_test_image_get_values (item) == NULL);
  if (ll_test_image_get_values (item) == NULL)
  {
    g_autoptr (GdkTexture) texture = ll_test_image_make_texture (item, LL_RESULT_CELL_IMAGE_SIDE);

    gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
  }
  ll_result_cell_refresh (self);
}

LlTestImage *
ll_result_cell_get_item (LlResultCell *self)
{
  g_return_val_if_fail (LL_IS_RESULT_CELL (self), NULL);
  return self->item;
}

static void
ll_result_cell_dispose (GObject *object)
{
  LlResultCell *self = LL_RESULT_CELL (object);

  GtkWidget *child;

  ll_result_cell_set_item (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_RESULT_CELL);
  /* dispose_template only unparents bound children; the overlay is not bound. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ll_result_cell_parent_class)->dispose (object);
}

static void
ll_result_cell_class_init (LlResultCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_result_cell_dispose;

  ll_style_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-result-cell.ui");
  gtk_widget_class_bind_template_child (widget_class, LlResultCell, picture);
  gtk_widget_class_bind_template_child (widget_class, LlResultCell, values_label);
  gtk_widget_class_bind_template_child (widget_class, LlResultCell, mark_icon);
  gtk_widget_class_bind_template_child (widget_class, LlResultCell, title_label);
  gtk_widget_class_bind_template_child (widget_class, LlResultCell, probability_label);
}

static void
ll_result_cell_init (LlResultCell *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown_mark = -2;
}

GtkWidget *
ll_result_cell_new (void)
{
  return g_object_new (LL_TYPE_RESULT_CELL, NULL);
}
