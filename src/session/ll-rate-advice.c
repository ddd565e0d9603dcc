/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-rate-advice.c: see ll-rate-advice.h. The note compares the runs
 * instead of judging each alone, so a rate that overshoots at first but
 * ends lowest is called what it is, and it reads the trainer's rises (over
 * every iteration) rather than the recorded curve, so the record interval
 * never changes what it says. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ll-rate-advice.h"

/* A run whose rises went on in the last fifth of its iterations so far
 * still oscillates; earlier ones were a start that settled. */
#define STILL_RISING_SHARE 0.8
/* Train accuracy this high while test stays this many points lower: the
 * model learnt the training images by heart. */
#define OVERFIT_TRAIN 99.0
#define OVERFIT_GAP 15.0
/* As the cost watch: a cost within 1 % of the shares' cost from iteration
 * 500 on has learnt only the bias. */
#define STUCK_TOLERANCE 0.01
#define STUCK_AFTER_ITERATION 500

gboolean
ll_run_facts_from_run (LlRun      *run,
                       LlRunFacts *facts)
{
  const LlRunPoint *latest;
  guint n_points;

  g_return_val_if_fail (LL_IS_RUN (run), FALSE);
  g_return_val_if_fail (facts != NULL, FALSE);

  latest = ll_run_get_latest_point (run);
  n_points = ll_run_get_n_points (run);
  if (latest == NULL || ll_run_get_state (run) == LL_RUN_IMPORTED)
    return FALSE;
  *facts = (LlRunFacts) {
    .learning_rate = ll_run_get_learning_rate (run),
    .iteration = latest->iteration,
    .cost = latest->cost,
    .rises = latest->rises,
    .first_rise = latest->first_rise,
    .settled_by = 0,
    .diverged = ll_run_get_state (run) == LL_RUN_DIVERGED || latest->diverged,
    .diverged_at = ll_run_get_diverged_at (run),
    .train_accuracy = latest->train_accuracy,
    .test_accuracy = latest->test_accuracy,
    .running = ll_run_get_state (run) == LL_RUN_RUNNING,
  };
  /* The first record point that had seen every rise so far. */
  for (guint i = 0; i < n_points && facts->rises > 0; i++)
    {
      const LlRunPoint *point = ll_run_get_point (run, i);

      if (point->rises == facts->rises)
        {
          facts->settled_by = point->iteration;
          break;
        }
    }
  return TRUE;
}

double
ll_rate_advice_round (double value,
                      int    digits)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  char format[16];

  g_snprintf (format, sizeof format, "%%.%dg", CLAMP (digits, 1, 17));
  g_ascii_formatd (text, sizeof text, format, value);
  return g_ascii_strtod (text, NULL);
}

gboolean
ll_rate_advice_suggest (LlRateSuggestion  suggestion,
                        double            critical_rate,
                        double           *rates)
{
  static const double course[] = { 0.01, 0.001, 0.0001 };
  static const double design[] = { 0.5, 0.1, 0.01 };

  g_return_val_if_fail (rates != NULL, FALSE);

  switch (suggestion)
    {
    case LL_RATE_SUGGESTION_AROUND_CRITICAL:
      if (!(critical_rate > 0) || !isfinite (critical_rate))
        return FALSE;
      /* Above it overshoots from the first step; just under it is the
       * fastest steady rate; well under it is steady and slow. */
      rates[0] = ll_rate_advice_round (3 * critical_rate, 2);
      rates[1] = ll_rate_advice_round (0.9 * critical_rate, 2);
      rates[2] = ll_rate_advice_round (0.25 * critical_rate, 2);
      return TRUE;
    case LL_RATE_SUGGESTION_COURSE:
      memcpy (rates, course, sizeof course);
      return TRUE;
    case LL_RATE_SUGGESTION_DEFAULT:
      memcpy (rates, design, sizeof design);
      return TRUE;
    default:
      g_return_val_if_reached (FALSE);
    }
}

/* The note ------------------------------------------------------------------- */

static int
compare_final_cost (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  const LlRunFacts *facts = user_data;
  const LlRunFacts *x = &facts[*(const guint *) a];
  const LlRunFacts *y = &facts[*(const guint *) b];
  /* Diverged and non-finite costs rank last. */
  double cx = x->diverged || !isfinite (x->cost) ? INFINITY : x->cost;
  double cy = y->diverged || !isfinite (y->cost) ? INFINITY : y->cost;

  if (cx != cy)
    return cx < cy ? -1 : 1;
  return (int) *(const guint *) a - (int) *(const guint *) b;
}

static gboolean
still_rising (const LlRunFacts *facts)
{
  return facts->rises > 0 && facts->settled_by >= STILL_RISING_SHARE * facts->iteration;
}

static gboolean
steady (const LlRunFacts *facts)
{
  return facts->rises == 0 && !facts->diverged;
}

/* "0.5: lowest cost; steady by iteration 500 (cost rose 12 times)." Short,
 * so that the ranking leaves the note's third line to the overfitting
 * sentence (issue 24). */
static void
append_run (GString          *text,
            const LlRunFacts *facts,
            guint             rank,
            guint             n_ranked,
            double            critical_rate)
{
  char rate[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr (GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  gboolean last = n_ranked > 1 && rank == n_ranked - 1;

  g_ascii_formatd (rate, sizeof rate, "%g", facts->learning_rate);
  if (n_ranked > 1 && rank == 0)
    g_ptr_array_add (parts, g_strdup (_("lowest cost")));
  else if (last && !steady (facts))
    g_ptr_array_add (parts, g_strdup (_("highest cost")));

  if (facts->diverged)
    g_ptr_array_add (parts, g_strdup_printf (_("diverged at iteration %u"), facts->diverged_at));
  else if (facts->rises == 0)
    g_ptr_array_add (parts, g_strdup (last ? _("stable, slowest") : _("stable")));
  else if (still_rising (facts) && facts->running)
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "oscillates (cost rose %u time so far)",
                                                          "oscillates (cost rose %u times so far)",
                                                          facts->rises),
                                             facts->rises));
  else if (still_rising (facts))
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "oscillates (cost rose %u time)",
                                                          "oscillates (cost rose %u times)",
                                                          facts->rises),
                                             facts->rises));
  else
    g_ptr_array_add (parts, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "steady by iteration %u (cost rose %u time)",
                                                          "steady by iteration %u (cost rose %u times)",
                                                          facts->rises),
                                             facts->settled_by, facts->rises));
  if (!steady (facts) && critical_rate > 0 && facts->learning_rate > critical_rate)
    {
      char times[G_ASCII_DTOSTR_BUF_SIZE];
      double ratio = facts->learning_rate / critical_rate;

      g_ascii_formatd (times, sizeof times, ratio >= 10 ? "%.0f" : "%.1f", ratio);
      /* TRANSLATORS: how far above the largest stable rate 2/L, "138 × 2/L" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s × 2/L"), times));
    }
  g_ptr_array_add (parts, NULL);
  {
    g_autofree char *joined = g_strjoinv ("; ", (char **) parts->pdata);

    if (text->len > 0)
      g_string_append_c (text, ' ');
    /* TRANSLATORS: one run in the note: "0.5: lowest cost; stable." */
    g_string_append_printf (text, _("%s: %s."), rate, joined);
  }
}

/* "66–72 %" or "100 %". */
static char *
percent_range (double low,
               double high)
{
  char a[G_ASCII_DTOSTR_BUF_SIZE];
  char b[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (a, sizeof a, "%.0f", low);
  g_ascii_formatd (b, sizeof b, "%.0f", high);
  if (g_str_equal (a, b))
    return g_strdup_printf ("%s %%", a);
  return g_strdup_printf ("%s–%s %%", a, b);
}

static void
append_overfitting (GString          *text,
                    const LlRunFacts *facts,
                    guint             n_facts)
{
  g_autoptr (GString) rates = g_string_new (NULL);
  double train_low = INFINITY, train_high = -INFINITY;
  double test_low = INFINITY, test_high = -INFINITY;
  guint n_with_test = 0, n_over = 0;
  g_autofree char *train = NULL;
  g_autofree char *test = NULL;

  for (guint i = 0; i < n_facts; i++)
    {
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      if (facts[i].diverged || !isfinite (facts[i].train_accuracy) || !isfinite (facts[i].test_accuracy))
        continue;
      n_with_test++;
      if (facts[i].train_accuracy < OVERFIT_TRAIN
          || facts[i].train_accuracy - facts[i].test_accuracy < OVERFIT_GAP)
        continue;
      n_over++;
      train_low = MIN (train_low, facts[i].train_accuracy);
      train_high = MAX (train_high, facts[i].train_accuracy);
      test_low = MIN (test_low, facts[i].test_accuracy);
      test_high = MAX (test_high, facts[i].test_accuracy);
      if (rates->len > 0)
        g_string_append (rates, ", ");
      g_string_append (rates, g_ascii_formatd (rate, sizeof rate, "%g", facts[i].learning_rate));
    }
  if (n_over == 0)
    return;
  train = percent_range (train_low, train_high);
  test = percent_range (test_low, test_high);
  if (text->len > 0)
    g_string_append_c (text, '\n');
  if (n_over == n_with_test && n_over > 1)
    g_string_append_printf (text, _("Every rate reaches %s on the training set but only %s on the "
                                    "test set: the model memorises the training examples "
                                    "(overfitting)."),
                            train, test);
  else
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE,
                                               "Learning rate %s reaches %s on the training set but "
                                               "only %s on the test set: the model memorises the "
                                               "training examples (overfitting).",
                                               "Learning rates %s reach %s on the training set but "
                                               "only %s on the test set: the model memorises the "
                                               "training examples (overfitting).",
                                               n_over),
                            rates->str, train, test);
}

static void
append_stuck (GString          *text,
              const LlRunFacts *facts,
              guint             n_facts,
              double            shares_cost)
{
  char cost[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (shares_cost))
    return;
  g_ascii_formatd (cost, sizeof cost, "%.3f", shares_cost);
  for (guint i = 0; i < n_facts; i++)
    {
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      if (facts[i].iteration < STUCK_AFTER_ITERATION
          || !(fabs (facts[i].cost - shares_cost) <= STUCK_TOLERANCE * shares_cost))
        continue;
      g_ascii_formatd (rate, sizeof rate, "%g", facts[i].learning_rate);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* The cost watch's words (ll-cost-watch.c), one translation. */
      g_string_append_printf (text,
                              _("Learning rate %s is stuck at the cost of guessing by the class "
                                "shares (%s) at iteration %u: it has learnt only the bias; "
                                "the features may be too small (scale them)."),
                              rate, cost, facts[i].iteration);
    }
}

char *
ll_rate_advice_dup_note (const LlRunFacts *facts,
                         guint             n_facts,
                         double            critical_rate,
                         double            shares_cost)
{
  return ll_rate_advice_dup_note_full (facts, n_facts, critical_rate, shares_cost, NULL);
}

char *
ll_rate_advice_dup_note_full (const LlRunFacts *facts,
                              guint             n_facts,
                              double            critical_rate,
                              double            shares_cost,
                              gboolean         *warns)
{
  GString *text = g_string_new (NULL);
  g_autofree guint *order = NULL;
  gsize compared;

  if (warns != NULL)
    *warns = FALSE;
  g_return_val_if_fail (facts != NULL || n_facts == 0, g_string_free (text, FALSE));

  /* Nothing to compare before the first step. */
  {
    gboolean started = FALSE;

    for (guint i = 0; i < n_facts; i++)
      started |= facts[i].iteration > 0;
    if (!started)
      return g_string_free (text, FALSE);
  }
  order = g_new (guint, n_facts);
  for (guint i = 0; i < n_facts; i++)
    order[i] = i;
  g_qsort_with_data (order, n_facts, sizeof *order, compare_final_cost, (gpointer) facts);
  for (guint rank = 0; rank < n_facts; rank++)
    append_run (text, &facts[order[rank]], rank, n_facts, critical_rate);
  compared = text->len;
  append_overfitting (text, facts, n_facts);
  append_stuck (text, facts, n_facts, shares_cost);
  if (warns != NULL)
    {
      /* Anything past the comparison warns; so does a rate that rose. */
      *warns = text->len > compared;
      for (guint i = 0; i < n_facts; i++)
        *warns |= facts[i].diverged || facts[i].rises > 0;
    }
  return g_string_free (text, FALSE);
}
