/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model.c: one trained logistic-regression model and its safe arithmetic. */
#include "config.h"

#include "model.h"

#include <math.h>

LlModel *
ll_model_new (gsize n_features)
{
  LlModel *model = g_new0 (LlModel, 1);

  model->n_features = n_features;
  model->w = g_new0 (double, MAX (n_features, 1));
  model->class_names = g_new0 (char *, 3);
  model->class_names[0] = g_strdup ("0");
  model->class_names[1] = g_strdup ("1");
  model->train_accuracy = NAN;
  model->test_accuracy = NAN;
  return model;
}

LlModel *
ll_model_copy (const LlModel *model)
{
  LlModel *copy;

  g_return_val_if_fail (model != NULL, NULL);

  copy = g_memdup2 (model, sizeof *model);
  copy->w = g_memdup2 (model->w, sizeof (double) * MAX (model->n_features, 1));
  copy->class_names = g_strdupv (model->class_names);
  copy->costs = model->n_costs > 0
                ? g_memdup2 (model->costs, sizeof (LlCostPoint) * model->n_costs)
                : NULL;
  copy->scaling = g_strdup (model->scaling);
  copy->feature_offset = model->feature_offset != NULL
                         ? g_memdup2 (model->feature_offset, sizeof (double) * model->n_features)
                         : NULL;
  copy->feature_scale = model->feature_scale != NULL
                        ? g_memdup2 (model->feature_scale, sizeof (double) * model->n_features)
                        : NULL;
  return copy;
}

void
ll_model_free (LlModel *model)
{
  if (model == NULL)
    return;
  g_free (model->w);
  g_strfreev (model->class_names);
  g_free (model->costs);
  g_free (model->scaling);
  g_free (model->feature_offset);
  g_free (model->feature_scale);
  g_free (model);
}

void
ll_model_set_class_names (LlModel    *model,
                          const char *negative,
                          const char *positive)
{
  g_return_if_fail (model != NULL && negative != NULL && positive != NULL);

  g_strfreev (model->class_names);
  model->class_names = g_new0 (char *, 3);
  model->class_names[0] = g_strdup (negative);
  model->class_names[1] = g_strdup (positive);
}

void
ll_model_set_scaling (LlModel      *model,
                      const char   *name,
                      const double *offset,
                      const double *scale)
{
  g_return_if_fail (model != NULL && name != NULL && offset != NULL && scale != NULL);

  g_free (model->scaling);
  g_free (model->feature_offset);
  g_free (model->feature_scale);
  model->scaling = g_strdup (name);
  model->feature_offset = g_memdup2 (offset, sizeof (double) * MAX (model->n_features, 1));
  model->feature_scale = g_memdup2 (scale, sizeof (double) * MAX (model->n_features, 1));
}

void
ll_model_scale_features (const LlModel *model,
                         const double  *raw,
                         double        *out)
{
  gboolean image = model->height > 0 && model->width > 0 && model->channels > 0;

  for (gsize j = 0; j < model->n_features; j++)
    if (model->feature_offset != NULL && model->feature_scale != NULL)
      out[j] = (raw[j] - model->feature_offset[j]) / model->feature_scale[j];
    else
      out[j] = image ? raw[j] / 255.0 : raw[j];
}

void
ll_model_append_cost (LlModel *model,
                      guint    iteration,
                      double   cost)
{
  g_return_if_fail (model != NULL);

  /* Exact-size growth: other code (model import) may set costs/n_costs
   * directly, so no hidden capacity is assumed. realloc amortises it. */
  model->costs = g_renew (LlCostPoint, model->costs, model->n_costs + 1);
  model->costs[model->n_costs].iteration = iteration;
  model->costs[model->n_costs].cost = cost;
  model->n_costs++;
}

double
ll_sigmoid (double z)
{
  /* Only ever exponentiate a non-positive number: no overflow, and the
   * small tail keeps its relative precision. */
  if (z >= 0)
    return 1.0 / (1.0 + exp (-z));
  else
    {
      double e = exp (z);
      return e / (1.0 + e);
    }
}

double
ll_logistic_loss (double z,
                  double y)
{
  /* log(1 + e^z) = max(z, 0) + log1p(e^-|z|), finite for any finite z.
   * max(z, 0) - y z is folded first, (1 - y) z or -y z, so a confident right
   * answer keeps its tiny loss instead of cancelling it away (z = 40, y = 1). */
  double linear = z > 0 ? (1.0 - y) * z : -y * z;

  return linear + log1p (exp (-fabs (z)));
}

double
ll_model_decision (const LlModel *model,
                   const double  *features)
{
  double z = model->b;

  for (gsize j = 0; j < model->n_features; j++)
    z += model->w[j] * features[j];
  return z;
}

double
ll_model_probability (const LlModel *model,
                      const double  *features)
{
  return ll_sigmoid (ll_model_decision (model, features));
}

void
ll_model_probabilities (const LlModel *model,
                        const double  *X,
                        gsize          m,
                        double        *out)
{
  for (gsize i = 0; i < m; i++)
    out[i] = ll_model_probability (model, X + i * model->n_features);
}

double
ll_accuracy (const double *probabilities,
             const guint8 *labels,
             gsize         m,
             double        threshold)
{
  gsize wrong = 0;

  if (m == 0)
    return NAN;
  for (gsize i = 0; i < m; i++)
    {
      guint predicted = probabilities[i] > threshold ? 1 : 0;
      wrong += predicted != (labels[i] != 0);
    }
  /* The course's formula, 100 - mean(|Yhat - Y|) * 100, kept literally so
   * the printed figures match to the last digit. */
  return 100.0 - ((double) wrong / (double) m) * 100.0;
}
