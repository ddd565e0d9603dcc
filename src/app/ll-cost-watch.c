/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-cost-watch.c: see ll-cost-watch.h. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ll-cost-watch.h"

typedef struct {
  double learning_rate;
  double last_cost;
  guint rises;
  guint first_rise;
  guint last_rise;
  guint points_since_rise;
  guint stuck_at;  /* the iteration it was last seen stuck at the shares' cost, 0 = not stuck */
} Watch;

/* After this many record points without a rise a curve counts as settled:
 * it overshot early (the cat data at lr 0.01 does) but is not diverging. */
#define SETTLED_AFTER_POINTS 5

/* A cost within this share of the class shares' entropy, from this
 * iteration on, counts as stuck there. */
#define STUCK_TOLERANCE 0.01
#define STUCK_AFTER_ITERATION 500

struct _LlCostWatch
{
  GArray *runs;  /* Watch */
  double shares_cost;  /* the entropy of the class shares, NAN = unknown */
};

LlCostWatch *
ll_cost_watch_new (void)
{
  LlCostWatch *watch = g_new0 (LlCostWatch, 1);

  watch->runs = g_array_new (FALSE, TRUE, sizeof (Watch));
  watch->shares_cost = NAN;
  return watch;
}

void
ll_cost_watch_free (LlCostWatch *watch)
{
  g_array_unref (watch->runs);
  g_free (watch);
}

void
ll_cost_watch_reset (LlCostWatch *watch)
{
  g_array_set_size (watch->runs, 0);
}

void
ll_cost_watch_set_positive_share (LlCostWatch *watch,
                                  double       share)
{
  watch->shares_cost = share > 0 && share < 1
                         ? -(share * log (share) + (1 - share) * log1p (-share))
                         : NAN;
}

gboolean
ll_cost_watch_add (LlCostWatch *watch,
                   guint        run,
                   double       learning_rate,
                   guint        iteration,
                   double       cost)
{
  gboolean changed = FALSE;
  Watch *run_watch;

  if (run >= watch->runs->len)
    {
      guint old_len = watch->runs->len;

      g_array_set_size (watch->runs, run + 1);
      for (guint i = old_len; i <= run; i++)
        g_array_index (watch->runs, Watch, i).last_cost = NAN;
    }
  run_watch = &g_array_index (watch->runs, Watch, run);
  run_watch->learning_rate = learning_rate;

  /* A relative margin so rounding noise on a flat curve is not a "rise". */
  if (isfinite (run_watch->last_cost) && cost > run_watch->last_cost * (1 + 1e-9) + 1e-12)
    {
      if (run_watch->rises++ == 0)
        run_watch->first_rise = iteration;
      run_watch->last_rise = iteration;
      run_watch->points_since_rise = 0;
      changed = TRUE;
    }
  else if (run_watch->rises > 0
           && ++run_watch->points_since_rise == SETTLED_AFTER_POINTS)
    changed = TRUE;
  run_watch->last_cost = cost;

  if (isfinite (watch->shares_cost) && iteration >= STUCK_AFTER_ITERATION
      && fabs (cost - watch->shares_cost) <= STUCK_TOLERANCE * watch->shares_cost)
    {
      changed |= run_watch->stuck_at == 0;
      run_watch->stuck_at = iteration;
    }
  else if (run_watch->stuck_at != 0)
    {
      run_watch->stuck_at = 0;
      changed = TRUE;
    }
  return changed;
}

char *
ll_cost_watch_dup_text (LlCostWatch *watch)
{
  GString *text = g_string_new (NULL);

  for (guint run = 0; run < watch->runs->len; run++)
    {
      Watch *run_watch = &g_array_index (watch->runs, Watch, run);
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      if (run_watch->rises == 0 && run_watch->stuck_at == 0)
        continue;
      g_ascii_formatd (rate, sizeof rate, "%g", run_watch->learning_rate);
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (run_watch->stuck_at != 0)
        {
          char cost[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (cost, sizeof cost, "%.3f", watch->shares_cost);
          g_string_append_printf (text,
                                  _("Learning rate %s is stuck at the cost of guessing by the class "
                                    "shares (%s) at iteration %u: it has learnt only the bias; "
                                    "the features may be too small (scale them)."),
                                  rate, cost, run_watch->stuck_at);
        }
      else if (run_watch->rises == 1)
        g_string_append_printf (text,
                                _("Cost went up at iteration %u: learning rate %s may be too large."),
                                run_watch->first_rise, rate);
      else if (run_watch->points_since_rise >= SETTLED_AFTER_POINTS)
        g_string_append_printf (text,
                                _("Learning rate %s is on the edge: its cost went up %u times "
                                  "(iterations %u to %u), then settled."),
                                rate, run_watch->rises, run_watch->first_rise, run_watch->last_rise);
      else
        g_string_append_printf (text,
                                _("Learning rate %s is too large: its cost went up %u times "
                                  "(first at iteration %u), it oscillates."),
                                rate, run_watch->rises, run_watch->first_rise);
    }
  return g_string_free (text, FALSE);
}
