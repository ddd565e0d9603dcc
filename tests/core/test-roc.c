/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-roc.c: confusion counts, ROC points and AUC (src/core/train/roc.c)
 * against cases worked by hand. */
#include "config.h"

#include <math.h>

#include "core/train/roc.h"

/* Positives 0.9, 0.8, 0.6; negatives 0.7, 0.55, 0.4. */
static const double spread_p[] = { 0.9, 0.8, 0.7, 0.6, 0.55, 0.4 };
static const guint8 spread_y[] = { 1, 1, 0, 1, 0, 0 };

static void
test_confusion_counts (void)
{
  LlConfusion c;

  ll_confusion_count (spread_p, spread_y, 6, 0.5, &c);
  g_assert_cmpuint (c.true_positives, ==, 3);
  g_assert_cmpuint (c.false_negatives, ==, 0);
  g_assert_cmpuint (c.false_positives, ==, 2);
  g_assert_cmpuint (c.true_negatives, ==, 1);
  g_assert_cmpfloat_with_epsilon (ll_confusion_true_positive_rate (&c), 1.0, 1e-15);
  g_assert_cmpfloat_with_epsilon (ll_confusion_false_positive_rate (&c), 2.0 / 3, 1e-15);
  g_assert_cmpfloat_with_epsilon (ll_confusion_true_negative_rate (&c), 1.0 / 3, 1e-15);
  g_assert_cmpfloat_with_epsilon (ll_confusion_false_negative_rate (&c), 0.0, 1e-15);

  /* p > threshold: 0.6 itself is predicted negative at 0.6. */
  ll_confusion_count (spread_p, spread_y, 6, 0.6, &c);
  g_assert_cmpuint (c.true_positives, ==, 2);
  g_assert_cmpuint (c.false_negatives, ==, 1);
  g_assert_cmpuint (c.false_positives, ==, 1);
  g_assert_cmpuint (c.true_negatives, ==, 2);
}

static void
assert_points (const LlRoc *roc, const double *fpr, const double *tpr, gsize n)
{
  g_assert_cmpuint (roc->n_points, ==, n);
  for (gsize k = 0; k < n; k++)
    {
      g_assert_cmpfloat_with_epsilon (roc->false_positive_rate[k], fpr[k], 1e-15);
      g_assert_cmpfloat_with_epsilon (roc->true_positive_rate[k], tpr[k], 1e-15);
    }
}

static void
test_roc_spread (void)
{
  g_autoptr (LlRoc) roc = ll_roc_new (spread_p, spread_y, 6);
  const double fpr[] = { 0, 0, 0, 1.0 / 3, 1.0 / 3, 2.0 / 3, 1 };
  const double tpr[] = { 0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 1, 1, 1 };

  assert_points (roc, fpr, tpr, G_N_ELEMENTS (fpr));
  g_assert_true (isinf (roc->thresholds[0]));
  g_assert_cmpfloat (roc->thresholds[3], ==, 0.7);
  /* 8 of the 9 (positive, negative) pairs are ordered right. */
  g_assert_cmpfloat_with_epsilon (roc->auc, 8.0 / 9, 1e-15);
}

static void
test_roc_ties (void)
{
  /* Unordered input; the two 0.5s (one of each class) make one point. */
  const double p[] = { 0.5, 0.2, 0.8, 0.5 };
  const guint8 y[] = { 0, 0, 1, 1 };
  g_autoptr (LlRoc) roc = ll_roc_new (p, y, 4);
  const double fpr[] = { 0, 0, 0.5, 1 };
  const double tpr[] = { 0, 0.5, 1, 1 };

  assert_points (roc, fpr, tpr, G_N_ELEMENTS (fpr));
  /* Pairs: 0.8 beats both (2), 0.5 ties 0.5 (1/2) and beats 0.2 (1). */
  g_assert_cmpfloat_with_epsilon (roc->auc, 3.5 / 4, 1e-15);

  /* All tied: the diagonal, area 1/2. */
  const double same[] = { 0.3, 0.3, 0.3, 0.3 };
  g_autoptr (LlRoc) flat = ll_roc_new (same, y, 4);
  const double diagonal[] = { 0, 1 };
  assert_points (flat, diagonal, diagonal, 2);
  g_assert_cmpfloat_with_epsilon (flat->auc, 0.5, 1e-15);
}

static void
test_roc_reversed (void)
{
  const double p[] = { 0.9, 0.1 };
  const guint8 y[] = { 0, 1 };
  g_autoptr (LlRoc) roc = ll_roc_new (p, y, 2);

  g_assert_cmpfloat_with_epsilon (roc->auc, 0.0, 1e-15);
}

static void
test_all_one_class (void)
{
  const guint8 ones[] = { 1, 1, 1, 1, 1, 1 };
  g_autoptr (LlRoc) roc = ll_roc_new (spread_p, ones, 6);
  g_autoptr (LlRoc) none = ll_roc_new (NULL, NULL, 0);
  LlConfusion c;

  g_assert_cmpuint (roc->n_points, ==, 0);
  g_assert_true (isnan (roc->auc));
  g_assert_cmpuint (none->n_points, ==, 0);
  g_assert_true (isnan (none->auc));

  ll_confusion_count (spread_p, ones, 6, 0.5, &c);
  g_assert_cmpuint (c.true_positives, ==, 5);  /* all but 0.4 */
  g_assert_cmpuint (c.false_negatives, ==, 1);
  g_assert_cmpuint (c.false_positives + c.true_negatives, ==, 0);
  g_assert_true (isnan (ll_confusion_false_positive_rate (&c)));
  g_assert_true (isnan (ll_confusion_true_negative_rate (&c)));
  g_assert_cmpfloat_with_epsilon (ll_confusion_true_positive_rate (&c), 5.0 / 6, 1e-15);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/roc/confusion-counts", test_confusion_counts);
  g_test_add_func ("/roc/spread", test_roc_spread);
  g_test_add_func ("/roc/ties", test_roc_ties);
  g_test_add_func ("/roc/reversed", test_roc_reversed);
  g_test_add_func ("/roc/all-one-class", test_all_one_class);
  return g_test_run ();
}
