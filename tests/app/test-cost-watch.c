/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The plain-words note under the plot: which curves rose, and how. */
#include <glib.h>

#include "app/ll-cost-watch.h"

static char *
watch_curve (double learning_rate, const double *costs, guint n)
{
  g_autoptr (LlCostWatch) watch = ll_cost_watch_new ();

  for (guint i = 0; i < n; i++)
    ll_cost_watch_add (watch, 0, learning_rate, i * 100, costs[i]);
  return ll_cost_watch_dup_text (watch);
}

static void
test_descending_says_nothing (void)
{
  const double costs[] = { 0.69, 0.58, 0.47, 0.38, 0.33, 0.30 };
  g_autofree char *text = watch_curve (0.005, costs, G_N_ELEMENTS (costs));

  g_assert_cmpstr (text, ==, "");
}

static void
test_one_rise (void)
{
  const double costs[] = { 0.69, 0.82, 0.42 };
  g_autofree char *text = watch_curve (0.1, costs, G_N_ELEMENTS (costs));

  g_assert_cmpstr (text, ==, "Cost went up at iteration 100: learning rate 0.1 may be too large.");
}

static void
test_oscillating (void)
{
  /* The built-in set at lr 0.5: up and down for the whole run. */
  const double costs[] = { 0.69, 1.00, 1.73, 0.89, 1.99, 0.82, 0.98, 1.76 };
  g_autofree char *text = watch_curve (0.5, costs, G_N_ELEMENTS (costs));

  g_assert_true (g_str_has_prefix (text, "Learning rate 0.5 is too large: its cost went up 5 times"));
}

static void
test_overshoot_then_settled (void)
{
  /* The cat data at lr 0.01: two early rises, then a steady descent. */
  const double costs[] = { 0.693, 0.824, 0.419, 0.617, 0.522, 0.388, 0.236, 0.154, 0.135, 0.125, 0.116 };
  g_autofree char *text = watch_curve (0.01, costs, G_N_ELEMENTS (costs));

  g_assert_cmpstr (text, ==,
                   "Learning rate 0.01 is on the edge: its cost went up 2 times "
                   "(iterations 100 to 300), then settled.");
}

/* Digits divided by 255 (a quarter positive): the cost settles at the
 * entropy of the shares, 0.562, and stays; the note says so once the run is
 * long, and takes it back when the cost moves on. */
static void
test_stuck_at_shares_cost (void)
{
  g_autoptr (LlCostWatch) watch = ll_cost_watch_new ();
  g_autofree char *early = NULL, *stuck = NULL, *moved = NULL;

  ll_cost_watch_set_positive_share (watch, 0.25);
  g_assert_false (ll_cost_watch_add (watch, 0, 0.1, 0, 0.693));
  g_assert_false (ll_cost_watch_add (watch, 0, 0.1, 100, 0.563));
  early = ll_cost_watch_dup_text (watch);
  g_assert_cmpstr (early, ==, "");
  g_assert_true (ll_cost_watch_add (watch, 0, 0.1, 1000, 0.5624));
  stuck = ll_cost_watch_dup_text (watch);
  g_assert_cmpstr (stuck, ==, "Learning rate 0.1 is stuck at the cost of guessing by the class shares "
                   "(0.562) at iteration 1000: it has learnt only the bias; the features may be too "
                   "small (scale them).");
  g_assert_true (ll_cost_watch_add (watch, 0, 0.1, 2000, 0.30));
  moved = ll_cost_watch_dup_text (watch);
  g_assert_cmpstr (moved, ==, "");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cost-watch/descending", test_descending_says_nothing);
  g_test_add_func ("/cost-watch/one-rise", test_one_rise);
  g_test_add_func ("/cost-watch/oscillating", test_oscillating);
  g_test_add_func ("/cost-watch/overshoot-then-settled", test_overshoot_then_settled);
  g_test_add_func ("/cost-watch/stuck-at-shares-cost", test_stuck_at_shares_cost);
  return g_test_run ();
}
