/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-run-csv.c: see ll-run-csv.h. */
#include "config.h"

#include <math.h>

#include "ll-run-csv.h"

static void
append_number (GString *text,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_c (text, ',');
  /* Locale-independent, and every digit: the file reads back exactly. */
  if (isfinite (value))
    g_string_append (text, g_ascii_formatd (buf, sizeof buf, "%.17g", value));
  else if (isinf (value))
    g_string_append (text, value > 0 ? "inf" : "-inf");
}

char *
ll_run_store_dup_csv (LlRunStore *store)
{
  GString *text = g_string_new ("learning_rate,iteration,cost,train_accuracy,test_accuracy\n");

  g_return_val_if_fail (LL_IS_RUN_STORE (store), g_string_free (text, FALSE));

  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (rate, sizeof rate, "%.17g", ll_run_get_learning_rate (run));
      for (guint p = 0; p < ll_run_get_n_points (run); p++)
        {
          const LlRunPoint *point = ll_run_get_point (run, p);

          g_string_append_printf (text, "%s,%u", rate, point->iteration);
          append_number (text, point->cost);
          append_number (text, point->train_accuracy);
          append_number (text, point->test_accuracy);
          g_string_append_c (text, '\n');
        }
    }
  return g_string_free (text, FALSE);
}
