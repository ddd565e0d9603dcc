/* ll-test-image.h: one test image in the True/Predicted grid's list model.
 *
 * An item knows its pixels (a GBytes slice of the grid's copy of the test
 * split), its true label and, once a model has scored it, the probability of
 * the positive class and the label predicted at the grid's threshold. Title
 * and correctness change (with notify) only when the predicted label does. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_TEST_IMAGE (ll_test_image_get_type ())
G_DECLARE_FINAL_TYPE (LlTestImage, ll_test_image, LL, TEST_IMAGE, GObject)

/* class_names: {negative (label 0), positive (label 1)} as GRefStrings
 * (g_ref_string_new); the item acquires its own references. */
LlTestImage *ll_test_image_new                 (guint         index,
                                                GBytes       *pixels,
                                                guint         width,
                                                guint         height,
                                                guint         channels,
                                                guint         true_label,
                                                char * const  class_names[2]);

guint        ll_test_image_get_index           (LlTestImage *self);
guint        ll_test_image_get_true_label      (LlTestImage *self);
/* -1 before any model has scored the image. */
int          ll_test_image_get_predicted_label (LlTestImage *self);
/* NAN before any model has scored the image. */
double       ll_test_image_get_probability     (LlTestImage *self);
/* "True: cat · Predicted: non-cat", or "True: cat" before scoring. */
const char  *ll_test_image_get_title           (LlTestImage *self);
/* "p(cat) = 0.93", or "" before scoring. */
char        *ll_test_image_format_probability  (LlTestImage *self);
gboolean     ll_test_image_get_is_correct      (LlTestImage *self);
const char  *ll_test_image_get_class_name      (LlTestImage *self,
                                                guint        label);

/* Sets the probability (NAN clears it) and predicts label 1 where
 * probability > threshold (the course's rule). Returns TRUE when the
 * predicted label changed. */
gboolean     ll_test_image_set_prediction      (LlTestImage *self,
                                                double       probability,
                                                double       threshold);

/* A texture of the image scaled up by an integer factor so that its longer
 * side is close to (at most) target_side pixels. Made on demand, not kept. */
GdkTexture  *ll_test_image_make_texture        (LlTestImage *self,
                                                guint        target_side);

G_END_DECLS
