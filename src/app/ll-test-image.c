/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-test-image.c: see ll-test-image.h. */
#include "config.h"

#include "ll-test-image.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ll-texture-util.h"

struct _LlTestImage
{
  GObject parent_instance;

  guint index;
  GBytes *pixels;
  guint width;
  guint height;
  guint channels;
  guint true_label;
  char *class_names[2];  /* GRefString */
  LlTestScores *scores;  /* shared with every item of the grid */

  char *values;          /* a table row's values as text, or NULL */
  char *title;           /* made on demand, for title_label */
  int title_label;       /* the predicted label TITLE was made for; -2 = none */
};

G_DEFINE_FINAL_TYPE (LlTestImage, ll_test_image, G_TYPE_OBJECT)

/* Scores ---------------------------------------------------------------------- */

LlTestScores *
ll_test_scores_new (void)
{
  LlTestScores *scores = g_atomic_rc_box_new0 (LlTestScores);

  scores->threshold = 0.5;
  return scores;
}

LlTestScores *
ll_test_scores_ref (LlTestScores *scores)
{
  return g_atomic_rc_box_acquire (scores);
}

void
ll_test_scores_unref (LlTestScores *scores)
{
  g_atomic_rc_box_release (scores);
}

int
ll_test_scores_predict (const LlTestScores *scores,
                        gsize               index)
{
  double probability;

  if (scores->probabilities == NULL || index >= scores->m)
    return -1;
  probability = scores->probabilities[index];
  if (isnan (probability))
    return -1;
  /* The course's rule: the positive class where p > threshold. */
  return probability > scores->threshold ? 1 : 0;
}

/* Items ------------------------------------------------------------------------ */

enum {
  PROP_0,
  PROP_TITLE,
  PROP_PROBABILITY,
  PROP_PREDICTED_LABEL,
  PROP_IS_CORRECT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ll_test_image_update_title (LlTestImage *self,
                            int          predicted)
{
  const char *truth = self->class_names[self->true_label];

  g_free (self->title);
  if (predicted < 0)
    self->title = g_strdup_printf (_("True: %s"), truth);
  else
    self->title = g_strdup_printf (_("True: %s · Predicted: %s"), truth,
                                   self->class_names[predicted]);
  self->title_label = predicted;
}

static void
ll_test_image_finalize (GObject *object)
{
  LlTestImage *self = LL_TEST_IMAGE (object);

  g_clear_pointer (&self->pixels, g_bytes_unref);
  g_clear_pointer (&self->class_names[0], g_ref_string_release);
  g_clear_pointer (&self->class_names[1], g_ref_string_release);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->values, g_free);
  g_clear_pointer (&self->scores, ll_test_scores_unref);

  G_OBJECT_CLASS (ll_test_image_parent_class)->finalize (object);
}

static void
ll_test_image_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LlTestImage *self = LL_TEST_IMAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, ll_test_image_get_title (self));
      break;
    case PROP_PROBABILITY:
      g_value_set_double (value, ll_test_image_get_probability (self));
      break;
    case PROP_PREDICTED_LABEL:
      g_value_set_int (value, ll_test_image_get_predicted_label (self));
      break;
    case PROP_IS_CORRECT:
      g_value_set_boolean (value, ll_test_image_get_is_correct (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_test_image_class_init (LlTestImageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ll_test_image_finalize;
  object_class->get_property = ll_test_image_get_property;

  /* Read-only views of the shared scores: they never notify. */

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROBABILITY] =
    g_param_spec_double ("probability", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PREDICTED_LABEL] =
    g_param_spec_int ("predicted-label", NULL, NULL, -1, 1, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_CORRECT] =
    g_param_spec_boolean ("is-correct", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_test_image_init (LlTestImage *self)
{
  self->title_label = -2;
}

LlTestImage *
ll_test_image_new (guint         index,
                   GBytes       *pixels,
                   guint         width,
                   guint         height,
                   guint         channels,
                   guint         true_label,
                   char * const  class_names[2],
                   LlTestScores *scores)
{
  LlTestImage *self;

  g_return_val_if_fail (pixels != NULL, NULL);
  g_return_val_if_fail (g_bytes_get_size (pixels) == (gsize) width * height * channels, NULL);
  g_return_val_if_fail (true_label <= 1, NULL);
  g_return_val_if_fail (scores != NULL, NULL);

  self = g_object_new (LL_TYPE_TEST_IMAGE, NULL);
  self->index = index;
  self->pixels = g_bytes_ref (pixels);
  self->width = width;
  self->height = height;
  self->channels = channels;
  self->true_label = true_label;
  self->class_names[0] = g_ref_string_acquire (class_names[0]);
  self->class_names[1] = g_ref_string_acquire (class_names[1]);
  self->scores = ll_test_scores_ref (scores);
  return self;
}

void
ll_test_image_set_values (LlTestImage *self,
                          const char  *values)
{
  g_return_if_fail (LL_IS_TEST_IMAGE (self));

  g_free (self->values);
  self->values = g_strdup (values);
}

const char *
ll_test_image_get_values (LlTestImage *self)
{
  g_return_val_if_fail (LL_IS_TEST_IMAGE (self), NULL);
  return self->values;
}

guint
ll_test_image_get_index (LlTestImage *self)
{
  g_return_val_if_fail (LL_IS_TEST_IMAGE (self), 0);
  return self->index;
}

guint
ll_test_image_get_true_label (LlTestImage *self)
{
  g_return_val_if_fail (LL_IS_TEST_IMAGE (self), 0);
  return self->true_label;
}

int
ll_test_image_get_predicted_label (LlTestImage *self)
{
  g_return_val_if_fail (LL_IS_TEST_IMAGE (self), -1);
  return ll_test_scores_predict (self->scores, self->index);
}

double
ll_test_image_get_probability (LlTestImage *self)
{
  g_return_val_if_fail (LL_IS_TEST_IMAGE (self), NAN);
  if (self->scores->probabilities == NULL || self->index >= self->scores->m)
    return NAN;
  return self->scores->probabilities[self->index];
}

const char *
ll_test_image_get_title (LlTestImage *self)
{
  int predicted;

  g_return_val_if_fail (LL_IS_TEST_IMAGE (self), NULL);

  /* Remade only when the prediction moved since the last time it was asked. */
  predicted = ll_test_scores_predict (self->scores, self->index);
  if (predicted != self->title_label)
    ll_test_image_update_title (self, predicted);
  return self->title;
}

char *
ll_test_image_format_probability (LlTestImage *self)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  double probability;

  g_return_val_if_fail (LL_IS_TEST_IMAGE (self), NULL);
  probability = ll_test_image_get_probability (self);
  if (isnan (probability))
    return g_strdup ("");
  g_ascii_formatd (number, sizeof number, "%.2f", probability);
  return g_strdup_printf ("p(%s) = %s", self->class_names[1], number);
}

gboolean
ll_test_image_get_is_correct (LlTestImage *self)
{
  int predicted;

  g_return_val_if_fail (LL_IS_TEST_IMAGE (self), FALSE);
  predicted = ll_test_scores_predict (self->scores, self->index);
  return predicted >= 0 && (guint) predicted == self->true_label;
}

const char *
ll_test_image_get_class_name (LlTestImage *self,
                              guint        label)
{
  g_return_val_if_fail (LL_IS_TEST_IMAGE (self), NULL);
  g_return_val_if_fail (label <= 1, NULL);
  return self->class_names[label];
}

GdkTexture *
ll_test_image_make_texture (LlTestImage *self,
                            guint        target_side)
{
  g_return_val_if_fail (LL_IS_TEST_IMAGE (self), NULL);
  return ll_texture_from_pixels (g_bytes_get_data (self->pixels, NULL),
                                 self->width, self->height, self->channels,
                                 ll_texture_scale_for (self->width, self->height,
                                                       target_side));
}
