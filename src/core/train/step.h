/* SPDX-License-Identifier: GPL-3.0-or-later */
/* step.h: one gradient-descent step with every intermediate number (issue 20).
 *
 * The seeds' chain over all m training examples, in float64:
 *   z = w^T X + b,  a = sigmoid(z),  cost = mean(log(1 + e^z) - y z)
 *   (= -mean(y log a + (1 - y) log(1 - a)), finite at any z),
 *   dz = a - y,  dw = X dz^T / m,  db = mean(dz),
 *   w' = w - lr dw,  b' = b - lr db.
 * Plain loops in a fixed order, so the numbers are those a student's numpy
 * gets to rounding. No globals, no printing. */
#pragma once

#include <glib.h>
#include "trainer.h"

G_BEGIN_DECLS

typedef struct {
  gsize n_features;
  gsize m;               /* training examples */
  guint iteration;       /* the updates made before this step */
  double learning_rate;
  double *w;             /* n: the weights this step starts from */
  double b;
  double *z;             /* m */
  double *a;             /* m */
  double *dz;            /* m */
  double cost;
  double *dw;            /* n */
  double db;
  double *w_next;        /* n: after the update */
  double b_next;
} LlStep;

void        ll_step_free     (LlStep *step);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlStep, ll_step_free)

/* Makes ITERATIONS updates on DATA's training set from INITIAL_W (n values;
 * NULL = zeros) and INITIAL_B at LEARNING_RATE, then returns the step of
 * iteration ITERATIONS (0 = the step from the initial w and b) with all its
 * values. NULL with ERROR set when the data or the arguments are unusable. */
LlStep     *ll_step_compute  (const LlTrainData *data,
                              const double      *initial_w,
                              double             initial_b,
                              double             learning_rate,
                              guint              iterations,
                              GError           **error);

G_END_DECLS
