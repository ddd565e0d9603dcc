/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model.h: one trained logistic-regression model, z = w^T x + b. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint iteration;
  double cost;
} LlCostPoint;

typedef struct {
  gsize n_features;
  double *w;                /* n_features weights */
  double b;
  double learning_rate;     /* 0 when unknown (imported from a notebook) */
  guint iterations;         /* 0 when unknown */
  guint height;             /* image shape the weights expect; 0 when unknown */
  guint width;
  guint channels;
  char **class_names;       /* {negative (label 0), positive (label 1), NULL} */
  LlCostPoint *costs;       /* the recorded cost curve, may be empty */
  gsize n_costs;
  double train_accuracy;    /* percent, NAN when unknown */
  double test_accuracy;
  /* The scaling the weights expect on the raw features (pixel values
   * 0..255, a table's cells): x' = (x - feature_offset) / feature_scale.
   * scaling names it ("max:255", "standardize", "none"); all three NULL
   * when unknown (an older file: images are then divided by 255). */
  char *scaling;
  double *feature_offset;   /* n_features, or NULL */
  double *feature_scale;    /* n_features, each > 0 and finite, or NULL */
  /* The run's weights or cost overflowed: training stopped at the last
   * finite state, the one kept in w and b (after diverged_at updates). */
  gboolean diverged;
  guint diverged_at;
} LlModel;

/* w = 0, b = 0, class names "0"/"1", shape unknown, accuracies NAN. */
LlModel    *ll_model_new             (gsize n_features);
LlModel    *ll_model_copy            (const LlModel *model);
void        ll_model_free            (LlModel *model);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlModel, ll_model_free)

void        ll_model_set_class_names (LlModel *model, const char *negative, const char *positive);
void        ll_model_append_cost     (LlModel *model, guint iteration, double cost);
/* Sets the scaling (NAME, and OFFSET and SCALE of n_features each, copied). */
void        ll_model_set_scaling     (LlModel *model, const char *name,
                                      const double *offset, const double *scale);
/* RAW (n_features, raw values) scaled as the model expects into OUT: by its
 * scaling when known, else divided by 255 when the model has an image
 * shape (the course's scaling), else as they are. */
void        ll_model_scale_features  (const LlModel *model, const double *raw, double *out);

/* Numerically safe building blocks. */
double      ll_sigmoid               (double z);
/* log(1 + e^z) - y z, finite for any z: the per-example cross-entropy. */
double      ll_logistic_loss         (double z, double y);

/* w^T x + b for one example of n_features float64 features. */
double      ll_model_decision        (const LlModel *model, const double *features);
/* sigmoid(w^T x + b): the probability of the positive class. */
double      ll_model_probability     (const LlModel *model, const double *features);

/* Probabilities for the m examples of a column-major n x m matrix X, into OUT (m). */
void        ll_model_probabilities   (const LlModel *model, const double *X, gsize m, double *out);

/* 100 - mean(|(p > threshold) - y|) * 100, the course's accuracy. */
double      ll_accuracy              (const double *probabilities, const guint8 *labels,
                                      gsize m, double threshold);

G_END_DECLS
