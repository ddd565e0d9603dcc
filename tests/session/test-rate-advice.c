/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The note under the cost plot and the suggested rates (issue 24.1, 24.2):
 * fixed inputs, the text they make. GLib only. */
#include <glib.h>
#include <math.h>
#include <string.h>

#include "session/ll-rate-advice.h"
#include "session/ll-run-csv.h"
#include "core/data/dataset-title.h"

/* The cat data after 2000 iterations at 0.5, 0.1 and 0.01 (measured in the
 * window): every rate overshoots at first, 0.5 ends lowest; all reach 100 %
 * train and 66-72 % test. */
static const LlRunFacts cat_runs[] = {
  { .learning_rate = 0.5, .iteration = 2000, .cost = 0.00135, .rises = 12, .first_rise = 1,
    .settled_by = 500, .train_accuracy = 100, .test_accuracy = 72 },
  { .learning_rate = 0.1, .iteration = 2000, .cost = 0.0133, .rises = 4, .first_rise = 1,
    .settled_by = 100, .train_accuracy = 100, .test_accuracy = 68 },
  { .learning_rate = 0.01, .iteration = 2000, .cost = 0.138, .rises = 0,
    .train_accuracy = 100, .test_accuracy = 66 },
};

static void
test_ranks_and_overfitting (void)
{
  g_autofree char *note = ll_rate_advice_dup_note (cat_runs, G_N_ELEMENTS (cat_runs), NAN, NAN);

  g_assert_cmpstr (note, ==,
                   "0.5: lowest cost; steady by iteration 500 (cost rose 12 times). 0.1: steady by "
                   "iteration 100 (cost rose 4 times). 0.01: stable, slowest.\n"
                   "Every rate reaches 100 % on the training set but only 66–72 % on the test set: "
                   "the model memorises the training examples (overfitting).");
  /* Never the contradiction of issue 24.1. */
  g_assert_null (strstr (note, "on the edge"));
  g_assert_null (strstr (note, "too large"));
}

/* A note that only compares steady runs does not warn (the window shows
 * it without the warning sign); a rise, overfitting or a diverged run do. */
static void
test_warns (void)
{
  LlRunFacts steady[] = { cat_runs[2], cat_runs[2] };
  gboolean warns = TRUE;
  g_autofree char *calm = NULL, *rising = NULL, *overfit = NULL, *diverged = NULL;

  steady[0].learning_rate = 0.05;
  steady[0].cost = 0.05;
  steady[0].test_accuracy = steady[1].test_accuracy = 99;
  calm = ll_rate_advice_dup_note_full (steady, 2, NAN, NAN, &warns);
  g_assert_cmpstr (calm, ==, "0.05: lowest cost; stable. 0.01: stable, slowest.");
  g_assert_false (warns);

  steady[0].rises = 3;
  steady[0].first_rise = 1;
  steady[0].settled_by = 100;
  rising = ll_rate_advice_dup_note_full (steady, 2, NAN, NAN, &warns);
  g_assert_true (warns);

  overfit = ll_rate_advice_dup_note_full (&cat_runs[2], 1, NAN, NAN, &warns);
  g_assert_nonnull (strstr (overfit, "overfitting"));
  g_assert_true (warns);

  steady[0].rises = 0;
  steady[0].diverged = TRUE;
  steady[0].diverged_at = 40;
  diverged = ll_rate_advice_dup_note_full (steady, 2, NAN, NAN, &warns);
  g_assert_true (warns);
}

/* Ranked by cost whatever the order of the runs; 2/L in proportion. */
static void
test_order_and_critical_rate (void)
{
  const LlRunFacts runs[] = { cat_runs[2], cat_runs[0] };
  g_autofree char *note = ll_rate_advice_dup_note (runs, G_N_ELEMENTS (runs), 0.0036, NAN);

  g_assert_true (g_str_has_prefix (note, "0.5: lowest cost; steady by iteration 500"));
  g_assert_nonnull (strstr (note, "; 139 × 2/L. 0.01: stable, slowest."));
}

/* The same trainer rises sampled every iteration or every 100: the note
 * says the same about the run (only "steady by" is as exact as the
 * sampling, and true at both). */
static char *
note_for_interval (guint record_every)
{
  g_autoptr (LlRun) run = ll_run_new (0.1, 2000, record_every);
  LlRunFacts facts;

  for (guint iteration = 0; iteration <= 2000; iteration += record_every)
    {
      LlRunPoint point = {
        .iteration = iteration, .cost = 0.7 / (1 + iteration), .train_accuracy = 90,
        .test_accuracy = 85, .rises = MIN (iteration, 15), .first_rise = iteration > 0 ? 1 : 0,
        .test_cost = NAN, .sharpness = NAN,
      };

      ll_run_append_point (run, &point, NULL);
    }
  g_assert_true (ll_run_facts_from_run (run, &facts));
  return ll_rate_advice_dup_note (&facts, 1, NAN, NAN);
}

static void
test_record_interval (void)
{
  g_autofree char *every_1 = note_for_interval (1);
  g_autofree char *every_100 = note_for_interval (100);

  g_assert_cmpstr (every_1, ==, "0.1: steady by iteration 15 (cost rose 15 times).");
  g_assert_cmpstr (every_100, ==, "0.1: steady by iteration 100 (cost rose 15 times).");
}

static void
test_oscillating_diverged_stuck (void)
{
  const LlRunFacts runs[] = {
    { .learning_rate = 0.5, .iteration = 400, .cost = 0.9, .rises = 150, .first_rise = 1,
      .settled_by = 400, .train_accuracy = 60, .test_accuracy = 58, .running = TRUE },
    { .learning_rate = 1e308, .iteration = 400, .cost = INFINITY, .diverged = TRUE, .diverged_at = 2,
      .train_accuracy = 50, .test_accuracy = 50 },
    { .learning_rate = 0.1, .iteration = 600, .cost = 0.5624, .train_accuracy = 75,
      .test_accuracy = 75 },
  };
  g_autofree char *note = ll_rate_advice_dup_note (runs, G_N_ELEMENTS (runs), NAN, 0.5623);

  g_assert_cmpstr (note, ==,
                   "0.1: lowest cost; stable. 0.5: oscillates (cost rose 150 times so far). "
                   "1e+308: highest cost; diverged at iteration 2.\n"
                   "Learning rate 0.1 is stuck at the cost of guessing by the class shares (0.562) at "
                   "iteration 600: it has learnt only the bias; the features may be too small (scale them).");
}

/* The cat data as the window showed it (issue 24): three rates all above
 * 2/L, one still oscillating at the end. The ranking leaves room in the
 * note's three lines for the overfitting sentence; "so far" only while
 * the run trains. */
static void
test_cat_note_fits (void)
{
  LlRunFacts runs[] = {
    { .learning_rate = 0.5, .iteration = 2000, .cost = 0.00135, .rises = 975, .first_rise = 1,
      .settled_by = 1900, .train_accuracy = 100, .test_accuracy = 72 },
    { .learning_rate = 0.1, .iteration = 2000, .cost = 0.0133, .rises = 434, .first_rise = 1,
      .settled_by = 700, .train_accuracy = 100, .test_accuracy = 68 },
    { .learning_rate = 0.01, .iteration = 2000, .cost = 0.138, .rises = 58, .first_rise = 1,
      .settled_by = 300, .train_accuracy = 100, .test_accuracy = 66 },
  };
  g_autofree char *finished = ll_rate_advice_dup_note (runs, G_N_ELEMENTS (runs), 0.003613, NAN);
  g_autofree char *running = NULL;
  g_auto (GStrv) lines = g_strsplit (finished, "\n", -1);

  g_assert_cmpstr (finished, ==,
                   "0.5: lowest cost; oscillates (cost rose 975 times); 138 × 2/L. 0.1: steady by "
                   "iteration 700 (cost rose 434 times); 28 × 2/L. 0.01: highest cost; steady by "
                   "iteration 300 (cost rose 58 times); 2.8 × 2/L.\n"
                   "Every rate reaches 100 % on the training set but only 66–72 % on the test set: "
                   "the model memorises the training examples (overfitting).");
  /* The window shows it as one paragraph: 893 pixels at 1280x720 hold
   * about 370 characters in three lines (test-classroom.c measures it). */
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_cmpuint (g_utf8_strlen (finished, -1), <=, 360);
  g_assert_null (strstr (finished, "so far"));

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    runs[i].running = TRUE;
  running = ll_rate_advice_dup_note (runs, G_N_ELEMENTS (runs), 0.003613, NAN);
  g_assert_true (g_str_has_prefix (running, "0.5: lowest cost; oscillates (cost rose 975 times so far); "));
  /* A count that is no longer growing needs no "so far". */
  g_assert_nonnull (strstr (running, "0.1: steady by iteration 700 (cost rose 434 times);"));
}

static void
test_one_overfits (void)
{
  const LlRunFacts runs[] = { cat_runs[0],
                              { .learning_rate = 0.001, .iteration = 2000, .cost = 0.3,
                                .train_accuracy = 92, .test_accuracy = 80 } };
  g_autofree char *note = ll_rate_advice_dup_note (runs, G_N_ELEMENTS (runs), NAN, NAN);

  g_assert_nonnull (strstr (note, "\nLearning rate 0.5 reaches 100 % on the training set but only 72 % "
                                  "on the test set"));
}

static void
test_nothing_before_training (void)
{
  const LlRunFacts runs[] = { { .learning_rate = 0.5, .cost = 0.693, .train_accuracy = 50 } };
  g_autofree char *note = ll_rate_advice_dup_note (runs, 1, NAN, NAN);
  g_autofree char *none = ll_rate_advice_dup_note (NULL, 0, NAN, NAN);

  g_assert_cmpstr (note, ==, "");
  g_assert_cmpstr (none, ==, "");
}

static void
test_suggest (void)
{
  double rates[LL_RATE_ADVICE_N_SUGGESTED] = { -1, -1, -1 };

  g_assert_false (ll_rate_advice_suggest (LL_RATE_SUGGESTION_AROUND_CRITICAL, NAN, rates));
  g_assert_cmpfloat (rates[0], ==, -1);
  /* The cat data's 2/L. */
  g_assert_true (ll_rate_advice_suggest (LL_RATE_SUGGESTION_AROUND_CRITICAL, 0.003613, rates));
  g_assert_cmpfloat (rates[0], ==, 0.011);
  g_assert_cmpfloat (rates[1], ==, 0.0033);
  g_assert_cmpfloat (rates[2], ==, 0.0009);
  g_assert_true (rates[0] > 0.003613 && rates[1] < 0.003613);
  g_assert_true (ll_rate_advice_suggest (LL_RATE_SUGGESTION_COURSE, NAN, rates));
  g_assert_cmpfloat (rates[0], ==, 0.01);
  g_assert_cmpfloat (rates[1], ==, 0.001);
  g_assert_cmpfloat (rates[2], ==, 0.0001);
  g_assert_true (ll_rate_advice_suggest (LL_RATE_SUGGESTION_DEFAULT, NAN, rates));
  g_assert_cmpfloat (rates[0], ==, 0.5);
  g_assert_cmpfloat (rates[1], ==, 0.1);
  g_assert_cmpfloat (rates[2], ==, 0.01);
}

/* The recorded table as CSV (issue 24.9): every run's points, all digits. */
static void
test_csv (void)
{
  g_autoptr (LlRunStore) store = ll_run_store_new ();
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *csv = NULL;
  const LlRunPoint points[] = {
    { .iteration = 0, .cost = 0.6931471805599453, .train_accuracy = 50, .test_accuracy = NAN },
    { .iteration = 100, .cost = 0.1, .train_accuracy = 97.5, .test_accuracy = 70 },
  };

  g_ptr_array_add (runs, ll_run_new (0.5, 100, 100));
  g_ptr_array_add (runs, ll_run_new (0.001, 100, 100));
  ll_run_append_point (g_ptr_array_index (runs, 0), &points[0], NULL);
  ll_run_append_point (g_ptr_array_index (runs, 0), &points[1], NULL);
  ll_run_append_point (g_ptr_array_index (runs, 1), &points[0], NULL);
  ll_run_store_replace (store, NULL, runs);
  csv = ll_run_store_dup_csv (store);
  g_assert_cmpstr (csv, ==,
                   "learning_rate,iteration,cost,train_accuracy,test_accuracy\n"
                   "0.5,0,0.69314718055994529,50,\n"
                   "0.5,100,0.10000000000000001,97.5,70\n"
                   "0.001,0,0.69314718055994529,50,\n");
}

/* The window's title for a dataset (issue 24.8). */
static void
test_dataset_title (void)
{
  char *cat_classes[] = { "non-cat", "cat", NULL };
  char *digit_classes[] = { "0", "1", NULL };
  LlDataset cat = { .name = "catvnoncat", .format = "h5", .n_classes = 2, .class_names = cat_classes };
  LlDataset digits = { .name = "my_digits", .format = "h5", .n_classes = 2, .class_names = digit_classes };
  LlDataset fashion = { .name = "Fashion-MNIST: Coat vs Pullover", .format = "builtin", .n_classes = 2,
                        .class_names = cat_classes };
  g_autofree char *cat_title = ll_dataset_dup_title (&cat);
  g_autofree char *digits_title = ll_dataset_dup_title (&digits);
  g_autofree char *fashion_title = ll_dataset_dup_title (&fashion);

  g_assert_cmpstr (cat_title, ==, "Cat vs non-cat");
  g_assert_cmpstr (digits_title, ==, "My digits");
  g_assert_cmpstr (fashion_title, ==, "Fashion-MNIST: Coat vs Pullover");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rate-advice/ranks-and-overfitting", test_ranks_and_overfitting);
  g_test_add_func ("/rate-advice/order-and-critical-rate", test_order_and_critical_rate);
  g_test_add_func ("/rate-advice/warns", test_warns);
  g_test_add_func ("/rate-advice/record-interval", test_record_interval);
  g_test_add_func ("/rate-advice/oscillating-diverged-stuck", test_oscillating_diverged_stuck);
  g_test_add_func ("/rate-advice/cat-note-fits", test_cat_note_fits);
  g_test_add_func ("/rate-advice/one-overfits", test_one_overfits);
  g_test_add_func ("/rate-advice/nothing-before-training", test_nothing_before_training);
  g_test_add_func ("/rate-advice/suggest", test_suggest);
  g_test_add_func ("/run-csv/points", test_csv);
  g_test_add_func ("/dataset-title/friendly", test_dataset_title);
  return g_test_run ();
}
