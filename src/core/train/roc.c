/* SPDX-License-Identifier: GPL-3.0-or-later */
/* roc.c: confusion counts, the ROC curve and its area. */
#include "config.h"

#include "roc.h"

#include <math.h>
#include <stdlib.h>

void
ll_confusion_count (const double *probabilities,
                    const guint8 *labels,
                    gsize         m,
                    double        threshold,
                    LlConfusion  *out)
{
  *out = (LlConfusion) { 0 };
  for (gsize i = 0; i < m; i++)
    {
      gboolean positive = labels[i] != 0;
      gboolean predicted = probabilities[i] > threshold;

      if (positive)
        predicted ? out->true_positives++ : out->false_negatives++;
      else
        predicted ? out->false_positives++ : out->true_negatives++;
    }
}

static double
rate (gsize count, gsize other)
{
  return count + other == 0 ? NAN : (double) count / (double) (count + other);
}

double
ll_confusion_true_positive_rate (const LlConfusion *confusion)
{
  return rate (confusion->true_positives, confusion->false_negatives);
}

double
ll_confusion_false_negative_rate (const LlConfusion *confusion)
{
  return rate (confusion->false_negatives, confusion->true_positives);
}

double
ll_confusion_false_positive_rate (const LlConfusion *confusion)
{
  return rate (confusion->false_positives, confusion->true_negatives);
}

double
ll_confusion_true_negative_rate (const LlConfusion *confusion)
{
  return rate (confusion->true_negatives, confusion->false_positives);
}

typedef struct {
  double probability;
  gboolean positive;
} Scored;

/* Highest probability first; NaN sorts last (it is never > a threshold). */
static int
compare_descending (const void *a, const void *b)
{
  double pa = ((const Scored *) a)->probability;
  double pb = ((const Scored *) b)->probability;

  if (isnan (pa) || isnan (pb))
    return isnan (pa) - isnan (pb);
  return (pa < pb) - (pa > pb);
}

LlRoc *
ll_roc_new (const double *probabilities,
            const guint8 *labels,
            gsize         m)
{
  LlRoc *roc = g_new0 (LlRoc, 1);
  g_autofree Scored *scored = g_new (Scored, MAX (m, 1));
  gsize n_positive = 0;

  for (gsize i = 0; i < m; i++)
    {
      scored[i].probability = probabilities[i];
      scored[i].positive = labels[i] != 0;
      n_positive += scored[i].positive;
    }
  roc->auc = NAN;
  if (n_positive == 0 || n_positive == m)
    return roc;

  qsort (scored, m, sizeof *scored, compare_descending);
  roc->false_positive_rate = g_new (double, m + 1);
  roc->true_positive_rate = g_new (double, m + 1);
  roc->thresholds = g_new (double, m + 1);
  roc->false_positive_rate[0] = 0;
  roc->true_positive_rate[0] = 0;
  roc->thresholds[0] = INFINITY;
  roc->n_points = 1;

  gsize n_negative = m - n_positive, true_positives = 0, false_positives = 0;
  double area = 0;
  for (gsize i = 0; i < m;)
    {
      gsize j = i;
      /* One point per group of tied probabilities (NaNs form one group). */
      while (j < m && (scored[j].probability == scored[i].probability
                       || (isnan (scored[j].probability) && isnan (scored[i].probability))))
        {
          scored[j].positive ? true_positives++ : false_positives++;
          j++;
        }
      gsize k = roc->n_points++;
      roc->false_positive_rate[k] = (double) false_positives / (double) n_negative;
      roc->true_positive_rate[k] = (double) true_positives / (double) n_positive;
      roc->thresholds[k] = scored[i].probability;
      area += (roc->false_positive_rate[k] - roc->false_positive_rate[k - 1])
              * (roc->true_positive_rate[k] + roc->true_positive_rate[k - 1]) / 2;
      i = j;
    }
  roc->auc = area;
  return roc;
}

void
ll_roc_free (LlRoc *roc)
{
  if (roc == NULL)
    return;
  g_free (roc->false_positive_rate);
  g_free (roc->true_positive_rate);
  g_free (roc->thresholds);
  g_free (roc);
}
