/* SPDX-License-Identifier: GPL-3.0-or-later */
/* features-private.h: the two products the lab's numbers need over the
 * training set of an LlTrainData, whether it holds float64 features or 8-bit
 * pixels (curvature.c, landscape.c, step.c). Plain loops: each is one pass
 * over the data, done once per question, never per iteration. */
#pragma once

#include <glib.h>
#include "trainer.h"

G_BEGIN_DECLS

/* Z (m_train) = X^T W + B: the decision of every training example. */
void    ll_features_scores   (const LlTrainData *data,
                              const double      *w,
                              double             b,
                              double            *z);

/* OUT (n_features) = X C = sum_i C[i] x_i over the training examples. */
void    ll_features_combine  (const LlTrainData *data,
                              const double      *c,
                              double            *out);

/* Example I's features into OUT (n_features doubles). */
void    ll_features_example  (const LlTrainData *data,
                              gsize              i,
                              double            *out);

G_END_DECLS
