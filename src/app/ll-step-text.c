/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-text.c: see ll-step-text.h. */
#include "config.h"

#include "ll-step-text.h"

#include "core/data/dataset-title.h"

#include <glib/gi18n.h>

/* The copied text lists X and Y only up to this many numbers. */
#define MAX_COPIED_DATA 20000
/* The copied text lists w, dw and the update only up to this many features. */
#define MAX_COPIED_WEIGHTS 1000

static char *
shape_text (gsize rows,
            gsize columns)
{
  return g_strdup_printf ("(%zu × %zu)", rows, columns);
}

/* The step for all m examples, with the shapes written out. */
char *
ll_step_text_all_examples (const LlStepState *state)
{
  GString *text = g_string_new (NULL);
  gsize n = state->data.n_features, m = state->data.m_train;
  g_autofree char *row_m = shape_text (1, m);
  g_autofree char *w_row = shape_text (1, n);
  g_autofree char *X_shape = shape_text (n, m);
  g_autofree char *dw_shape = shape_text (n, 1);
  g_autofree char *dZ_column = shape_text (m, 1);
  g_autofree char *rate = ll_step_state_format (state, state->learning_rate);
  g_autofree char *b = ll_step_state_format (state, state->b);
  const LlStep *step = state->step;

  g_string_append_printf (text, _("All m = %zu training examples at once "
                                  "(learning rate α = %s):"), m, rate);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, "Z %s = wᵀ %s · X %s + b\n", row_m, w_row, X_shape);
  g_string_append_printf (text, "A %s = σ(Z)\n", row_m);
  if (step == NULL)
    {
      g_string_append (text, _("computing the step over all examples…"));
      return g_string_free (text, FALSE);
    }
  {
    g_autofree char *cost = ll_step_state_format (state, step->cost);
    g_autofree char *db = ll_step_state_format (state, step->db);
    g_autofree char *b_next = ll_step_state_format (state, step->b_next);
    g_autofree char *db_step = ll_step_state_format (state, state->learning_rate * step->db);
    gsize j = MIN (state->feature, n - 1);
    g_autofree char *wj = ll_step_state_format (state, step->w[j]);
    g_autofree char *dwj = ll_step_state_format (state, step->dw[j]);
    g_autofree char *wj_next = ll_step_state_format (state, step->w_next[j]);

    g_string_append_printf (text, "cost = −1/m Σ (Y log A + (1 − Y) log(1 − A)) = %s\n", cost);
    g_string_append_printf (text, "dZ %s = A − Y\n", row_m);
    g_string_append_printf (text, "dw %s = 1/m X %s · dZᵀ %s", dw_shape, X_shape, dZ_column);
    if (n <= LL_STEP_FEW_FEATURES)
      {
        g_string_append (text, " = [");
        for (gsize f = 0; f < n; f++)
          {
            g_autofree char *value = ll_step_state_format (state, step->dw[f]);

            g_string_append_printf (text, "%s%s", f > 0 ? ", " : "", value);
          }
        g_string_append (text, "]");
      }
    g_string_append_c (text, '\n');
    g_string_append_printf (text, "db = 1/m Σ dZ = %s\n", db);
    g_string_append_printf (text, _("Followed weight j = %zu: "), j);
    g_string_append_printf (text, "w[j]_new = w[j] − α dw[j] = %s − %s × %s = %s\n",
                            wj, rate, dwj, wj_next);
    g_string_append_printf (text, "b_new = b − α db = %s − %s = %s", b, db_step, b_next);
  }
  return g_string_free (text, FALSE);
}

static void
append_values (GString      *text,
               const double *values,
               gsize         count)
{
  g_string_append_c (text, '[');
  for (gsize i = 0; i < count; i++)
    {
      g_autofree char *value = ll_step_format_exact (values[i]);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", value);
    }
  g_string_append_c (text, ']');
}

static void
append_list (GString      *text,
             const char   *name,
             const double *values,
             gsize         count)
{
  g_string_append_printf (text, "%s = ", name);
  append_values (text, values, count);
  g_string_append_c (text, '\n');
}

static void
append_number (GString    *text,
               const char *name,
               double      value)
{
  g_autofree char *number = ll_step_format_exact (value);

  g_string_append_printf (text, "%s = %s\n", name, number);
}

char *
ll_step_text_python (const LlStepState *state)
{
  const LlStep *step = state->step;
  g_autofree char *dataset_title = NULL;
  GString *text;
  gsize n, m;

  if (step == NULL || !ll_step_state_is_shown (state))
    return NULL;
  n = step->n_features;
  m = step->m;
  dataset_title = ll_dataset_dup_title (ll_shared_dataset_get (state->dataset));
  text = g_string_new (NULL);
  g_string_append_printf (text, "# Logistic Lab: one gradient-descent step on “%s”, iteration %u",
                          dataset_title,
                          state->base_iteration + state->n_steps);
  g_string_append (text, "\n# Lists are plain Python; X has one column per example (n × m).\n");
  if (n <= MAX_COPIED_WEIGHTS)
    append_list (text, "w", step->w, n);
  else
    g_string_append_printf (text, "# w: %zu weights (export them to get them all)\n", n);
  append_number (text, "b", step->b);
  if (n * m <= MAX_COPIED_DATA)
    {
      g_autofree double *row = g_new (double, m);
      g_autofree double *y = g_new (double, m);

      g_string_append (text, "X = [\n");
      for (gsize f = 0; f < n; f++)
        {
          for (gsize i = 0; i < m; i++)
            row[i] = ll_step_state_feature_value (state, i, f);
          g_string_append (text, "  ");
          append_values (text, row, m);
          g_string_append (text, ",\n");
        }
      for (gsize i = 0; i < m; i++)
        y[i] = state->data.y_train[i];
      g_string_append (text, "]\n");
      append_list (text, "Y", y, m);
    }
  else
    g_string_append_printf (text, "# X: %zu × %zu, Y: %" G_GSIZE_FORMAT
                            " labels (the dataset's training set)\n", n, m, m);
  g_string_append (text, "# forward: z = w·x + b, a = sigmoid(z), for every example\n");
  append_list (text, "z", step->z, m);
  append_list (text, "a", step->a, m);
  append_number (text, "cost", step->cost);
  g_string_append (text, "# backward: dz = a - y, dw = X dz / m, db = mean(dz)\n");
  append_list (text, "dz", step->dz, m);
  if (n <= MAX_COPIED_WEIGHTS)
    append_list (text, "dw", step->dw, n);
  else
    {
      g_autofree char *name = g_strdup_printf ("dw[%u]", state->feature);

      append_number (text, name, step->dw[MIN (state->feature, n - 1)]);
    }
  append_number (text, "db", step->db);
  append_number (text, "learning_rate", step->learning_rate);
  g_string_append (text, "# update: w_new = w - learning_rate * dw, b_new = b - learning_rate * db\n");
  if (n <= MAX_COPIED_WEIGHTS)
    append_list (text, "w_new", step->w_next, n);
  append_number (text, "b_new", step->b_next);
  return g_string_free (text, FALSE);
}
