/* SPDX-License-Identifier: GPL-3.0-or-later */
/* roc.h: the confusion matrix at a threshold and the ROC curve with its
 * area, from a model's probabilities and the true labels (issue 21).
 *
 * Class 1 is the positive class; an example is predicted positive where
 * p > threshold, as in ll_accuracy. No globals, no printing; any thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gsize true_positives;   /* label 1, predicted 1 */
  gsize false_negatives;  /* label 1, predicted 0 */
  gsize false_positives;  /* label 0, predicted 1 */
  gsize true_negatives;   /* label 0, predicted 0 */
} LlConfusion;

/* Counts the M examples (PROBABILITIES and LABELS, labels 0 or 1; any other
 * label counts as 1) at THRESHOLD. */
void    ll_confusion_count               (const double      *probabilities,
                                          const guint8      *labels,
                                          gsize              m,
                                          double             threshold,
                                          LlConfusion       *out);
/* Each cell's rate within its true class (TP/(TP+FN), FN/(TP+FN),
 * FP/(FP+TN), TN/(FP+TN)), in 0..1; NAN when that class has no examples. */
double  ll_confusion_true_positive_rate  (const LlConfusion *confusion);
double  ll_confusion_false_negative_rate (const LlConfusion *confusion);
double  ll_confusion_false_positive_rate (const LlConfusion *confusion);
double  ll_confusion_true_negative_rate  (const LlConfusion *confusion);

/* The ROC curve: point k is (false_positive_rate[k], true_positive_rate[k])
 * when every example with p >= thresholds[k] is called positive; point 0 is
 * (0, 0) at +inf and the last (1, 1). Tied probabilities make one point, so
 * a tie draws a diagonal segment and earns half its area. auc: the area
 * under the curve by trapezoids (= the chance that a random positive
 * scores above a random negative, ties counting half). With no positive or
 * no negative example the rates are undefined: n_points is 0, auc NAN. */
typedef struct {
  gsize n_points;
  double *false_positive_rate;
  double *true_positive_rate;
  double *thresholds;
  double auc;
} LlRoc;

LlRoc  *ll_roc_new                       (const double      *probabilities,
                                          const guint8      *labels,
                                          gsize              m);
void    ll_roc_free                      (LlRoc             *roc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlRoc, ll_roc_free)

G_END_DECLS
