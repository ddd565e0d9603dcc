/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-test-image.h: one test image in the True/Predicted grid's list model.
 *
 * An item knows its pixels (a GBytes slice of the grid's copy of the test
 * split) and its true label. Its probability, predicted label, title and
 * correctness are read on demand from an LlTestScores that all the grid's
 * items share: a record point or a threshold step changes one array and one
 * number, not 10,000 objects. Items never notify; whoever shows an item
 * (LlResultGrid refreshing its bound cells) asks again when told the scores
 * moved. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_TEST_IMAGE (ll_test_image_get_type ())
G_DECLARE_FINAL_TYPE (LlTestImage, ll_test_image, LL, TEST_IMAGE, GObject)

/* The scores of the shown run: probabilities[index] of the positive class
 * (NULL before any model scored the images) and the threshold above which
 * the positive class is predicted. Owned by the grid, which changes the
 * fields in place on the UI thread; items keep a reference. */
typedef struct {
  const double *probabilities;
  gsize m;                       /* length of probabilities */
  double threshold;
} LlTestScores;

LlTestScores *ll_test_scores_new   (void);
LlTestScores *ll_test_scores_ref   (LlTestScores *scores);
void          ll_test_scores_unref (LlTestScores *scores);
/* 1 or 0 as predicted for image INDEX, -1 while it is not scored. */
int           ll_test_scores_predict (const LlTestScores *scores,
                                      gsize               index);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlTestScores, ll_test_scores_unref)

/* class_names: {negative (label 0), positive (label 1)} as GRefStrings
 * (g_ref_string_new); the item acquires its own references, and one to
 * SCORES. */
LlTestImage *ll_test_image_new                 (guint         index,
                                                GBytes       *pixels,
                                                guint         width,
                                                guint         height,
                                                guint         channels,
                                                guint         true_label,
                                                char * const  class_names[2],
                                                LlTestScores *scores);

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

/* A table row's values as text ("Exam 1 = 34.6" a line), shown instead of
 * the picture where the data have no image shape; NULL for images. */
void         ll_test_image_set_values          (LlTestImage *self,
                                                const char  *values);
const char  *ll_test_image_get_values          (LlTestImage *self);

/* A texture of the image scaled up by an integer factor so that its longer
 * side is close to (at most) target_side pixels. Made on demand, not kept. */
GdkTexture  *ll_test_image_make_texture        (LlTestImage *self,
                                                guint        target_side);

G_END_DECLS
