/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-state.c: see ll-step-state.h. */
#include "config.h"

#include "ll-step-state.h"

#include <math.h>
#include <string.h>

char *
ll_step_format_exact (double value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "nan" : value > 0 ? "inf" : "-inf");
  for (int digits = 15; digits < 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (number, sizeof number, format, value);
      if (g_ascii_strtod (number, NULL) == value)
        return g_strdup (number);
    }
  return g_strdup (g_ascii_formatd (number, sizeof number, "%.17g", value));
}

char *
ll_step_state_format (const LlStepState *state,
                      double             value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (state->data.X_train != NULL)
    return ll_step_format_exact (value);
  return g_strdup (g_ascii_formatd (number, sizeof number, "%.6g", value));
}

double
ll_step_state_feature_value (const LlStepState *state,
                             gsize              example,
                             gsize              feature)
{
  const LlTrainData *data = &state->data;
  gsize at = example * data->n_features + feature;

  return data->pixels_train != NULL ? data->pixels_train[at] * data->pixel_scale
                                    : data->X_train[at];
}

double
ll_step_state_chosen_value (const LlStepState *state,
                            gsize              feature)
{
  const LlTrainData *data = &state->data;
  gsize at = state->example * data->n_features + feature;

  if (!state->example_is_test)
    return ll_step_state_feature_value (state, state->example, feature);
  return data->pixels_test != NULL ? data->pixels_test[at] * data->pixel_scale : data->X_test[at];
}

gboolean
ll_step_state_is_shown (const LlStepState *state)
{
  return state->w != NULL && state->dataset != NULL && state->data.m_train > 0;
}

gsize
ll_step_state_example_count (const LlStepState *state)
{
  return state->example_is_test ? state->data.m_test : state->data.m_train;
}

void
ll_step_state_compute_example (LlStepState *state)
{
  LlStepExample *values = &state->example_values;
  gsize n = state->data.n_features;
  double sum = 0;

  memset (values, 0, sizeof *values);
  /* A test set of none shows the first training example. */
  if (state->example_is_test && state->data.m_test == 0)
    state->example_is_test = FALSE;
  state->example = (guint) MIN (state->example, ll_step_state_example_count (state) - 1);
  for (gsize j = 0; j < n; j++)
    {
      double term = state->w[j] * ll_step_state_chosen_value (state, j);

      sum += term;
      if (n <= LL_STEP_FEW_FEATURES)
        continue;
      /* Keep the LL_STEP_N_TOP_TERMS largest |terms|, largest first. */
      for (guint k = 0; k < LL_STEP_N_TOP_TERMS; k++)
        {
          double held = 0;

          if (k < values->n_top)
            held = fabs (state->w[values->top[k]]
                         * ll_step_state_chosen_value (state, values->top[k]));
          if (k >= values->n_top || fabs (term) > held)
            {
              guint last = MIN (values->n_top, LL_STEP_N_TOP_TERMS - 1);

              memmove (values->top + k + 1, values->top + k, (last - k) * sizeof (gsize));
              values->top[k] = j;
              values->n_top = MIN (values->n_top + 1, LL_STEP_N_TOP_TERMS);
              break;
            }
        }
    }
  values->y = state->example_is_test ? state->data.y_test[state->example]
                                     : state->data.y_train[state->example];
  values->z = sum + state->b;
  values->a = 1.0 / (1.0 + exp (-values->z));
  /* log(1 + e^z) - y z: the cross-entropy, finite at any z. */
  values->loss = (values->z > 0 ? values->z + log1p (exp (-values->z)) : log1p (exp (values->z)))
                 - values->y * values->z;
  values->da = -values->y / values->a + (1 - values->y) / (1 - values->a);
  values->dz = values->a - values->y;
  values->rest = sum;
  for (guint k = 0; k < values->n_top; k++)
    values->rest -= state->w[values->top[k]]
                    * ll_step_state_chosen_value (state, values->top[k]);
}
