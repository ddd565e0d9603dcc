/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-model.c: the safe sigmoid and loss, the model's life cycle,
 * predictions and the course's accuracy formula. */
#include "config.h"

#include <math.h>

#include "core/train/model.h"

static void
test_sigmoid (void)
{
  g_assert_cmpfloat (ll_sigmoid (0), ==, 0.5);
  g_assert_cmpfloat_with_epsilon (ll_sigmoid (2), 0.8807970779778823, 1e-15);
  g_assert_cmpfloat_with_epsilon (ll_sigmoid (-2), 0.11920292202211755, 1e-15);
  /* No overflow, no NaN at the extremes. */
  g_assert_cmpfloat (ll_sigmoid (1000), ==, 1.0);
  g_assert_cmpfloat (ll_sigmoid (-1000), ==, 0.0);
  g_assert_cmpfloat (ll_sigmoid (INFINITY), ==, 1.0);
  g_assert_cmpfloat (ll_sigmoid (-INFINITY), ==, 0.0);
  /* The far negative tail keeps its relative precision. */
  g_assert_cmpfloat_with_epsilon (ll_sigmoid (-40) / exp (-40), 1.0, 1e-15);
  g_assert_cmpfloat (ll_sigmoid (-700), >, 0);
}

/* The naive cross-entropy where it is still representable. */
static double
naive_loss (double z, double y)
{
  double a = 1 / (1 + exp (-z));

  return -(y * log (a) + (1 - y) * log (1 - a));
}

static void
test_logistic_loss (void)
{
  /* |z| <= 12: beyond, the naive 1 - a loses the digits it is compared on. */
  const double zs[] = { -12, -5.4, -1, -1e-9, 0, 0.3, 9, 12 };

  for (guint i = 0; i < G_N_ELEMENTS (zs); i++)
    for (guint y = 0; y <= 1; y++)
      {
        double expected = naive_loss (zs[i], y);

        g_assert_cmpfloat_with_epsilon (ll_logistic_loss (zs[i], y), expected,
                                        1e-9 * MAX (1.0, expected));
      }
  g_assert_cmpfloat (ll_logistic_loss (0, 1), ==, log (2.0));
  /* Where the naive formula gives inf or NaN, the stable one is exact. */
  g_assert_cmpfloat (ll_logistic_loss (1000, 0), ==, 1000);
  g_assert_cmpfloat (ll_logistic_loss (1000, 1), ==, 0);
  g_assert_cmpfloat (ll_logistic_loss (-1000, 0), ==, 0);
  g_assert_cmpfloat (ll_logistic_loss (-1000, 1), ==, 1000);
  g_assert_cmpfloat_with_epsilon (ll_logistic_loss (40, 1), exp (-40), 1e-30);
}

static void
test_new_copy_free (void)
{
  g_autoptr (LlModel) model = ll_model_new (3);
  g_autoptr (LlModel) copy = NULL;

  g_assert_cmpuint (model->n_features, ==, 3);
  for (guint j = 0; j < 3; j++)
    g_assert_cmpfloat (model->w[j], ==, 0);
  g_assert_cmpfloat (model->b, ==, 0);
  g_assert_cmpstr (model->class_names[0], ==, "0");
  g_assert_cmpstr (model->class_names[1], ==, "1");
  g_assert_null (model->class_names[2]);
  g_assert_true (isnan (model->train_accuracy));
  g_assert_true (isnan (model->test_accuracy));
  g_assert_cmpuint (model->n_costs, ==, 0);

  for (guint i = 0; i <= 2000; i += 100)
    ll_model_append_cost (model, i, 1.0 / (i + 1));
  g_assert_cmpuint (model->n_costs, ==, 21);
  g_assert_cmpuint (model->costs[20].iteration, ==, 2000);
  g_assert_cmpfloat (model->costs[20].cost, ==, 1.0 / 2001);

  model->w[1] = 0.25;
  model->b = -1.5;
  ll_model_set_class_names (model, "non-cat", "cat");
  copy = ll_model_copy (model);

  /* Deep: changing the original leaves the copy alone. */
  model->w[1] = 7;
  ll_model_set_class_names (model, "a", "b");
  ll_model_append_cost (model, 2100, 0);
  g_assert_cmpfloat (copy->w[1], ==, 0.25);
  g_assert_cmpfloat (copy->b, ==, -1.5);
  g_assert_cmpstr (copy->class_names[0], ==, "non-cat");
  g_assert_cmpstr (copy->class_names[1], ==, "cat");
  g_assert_cmpuint (copy->n_costs, ==, 21);
  g_assert_cmpfloat (copy->costs[5].cost, ==, 1.0 / 501);

  /* A copy keeps growing like the original. */
  for (guint i = 0; i < 100; i++)
    ll_model_append_cost (copy, 3000 + i, i);
  g_assert_cmpuint (copy->n_costs, ==, 121);
  g_assert_cmpuint (copy->costs[120].iteration, ==, 3099);

  ll_model_free (NULL);
}

static void
test_predictions (void)
{
  /* The seeds' vectors: w = [1, 2], b = 2, three examples. */
  const double X[] = { 1, 3, 2, 4, -1, -3.2 };
  g_autoptr (LlModel) model = ll_model_new (2);
  double p[3];

  model->w[0] = 1, model->w[1] = 2, model->b = 2;
  g_assert_cmpfloat_with_epsilon (ll_model_decision (model, X), 9, 1e-15);
  g_assert_cmpfloat_with_epsilon (ll_model_decision (model, X + 4), -5.4, 1e-14);
  g_assert_cmpfloat_with_epsilon (ll_model_probability (model, X + 2), ll_sigmoid (12), 1e-15);
  ll_model_probabilities (model, X, 3, p);
  g_assert_cmpfloat_with_epsilon (p[0], 0.99987661, 1e-8);
  g_assert_cmpfloat_with_epsilon (p[1], 0.99999386, 1e-8);
  g_assert_cmpfloat_with_epsilon (p[2], 0.00449627, 1e-8);
}

static void
test_accuracy (void)
{
  const double p[] = { 0.9, 0.4, 0.5, 0.6 };
  const guint8 y[] = { 1, 0, 1, 1 };
  g_autofree double *many = g_new (double, 209);
  g_autofree guint8 *labels = g_new0 (guint8, 209);

  /* 0.5 is not above the threshold: predicted 0, one miss. */
  g_assert_cmpfloat (ll_accuracy (p, y, 4, 0.5), ==, 75.0);
  g_assert_cmpfloat (ll_accuracy (p, y, 4, 0.45), ==, 100.0);
  g_assert_true (isnan (ll_accuracy (p, y, 0, 0.5)));

  /* Two misses out of the course's 209: its printed 99.04306220095694. */
  for (guint i = 0; i < 209; i++)
    many[i] = i < 2 ? 0.7 : 0.1;
  g_assert_cmpfloat (ll_accuracy (many, labels, 209, 0.5), ==, 99.04306220095694);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/sigmoid", test_sigmoid);
  g_test_add_func ("/model/logistic-loss", test_logistic_loss);
  g_test_add_func ("/model/new-copy-free", test_new_copy_free);
  g_test_add_func ("/model/predictions", test_predictions);
  g_test_add_func ("/model/accuracy", test_accuracy);

  return g_test_run ();
}
