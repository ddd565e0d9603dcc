/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-state.h: what the step inspector shows, as one plain struct that
 * its parts read (the graph, LlStepGraph; the texts, ll-step-text.h): the
 * dataset, the shown w and b, the chosen example and followed weight, the
 * step over all m examples and the chosen example's own pass. The inspector
 * (ll-step-inspector.c) owns and fills it; no GObject, no GTK. */
#pragma once

#include <glib.h>

#include "core/train/step.h"
#include "core/train/trainer.h"
#include "session/ll-shared-dataset.h"

G_BEGIN_DECLS

/* Above this many features the dot product shows its largest terms only. */
#define LL_STEP_FEW_FEATURES 4
#define LL_STEP_N_TOP_TERMS 3

/* One example's forward and backward pass at the shown state. */
typedef struct {
  double y;
  double z;
  double a;
  double loss;
  double da;
  double dz;
  gsize top[LL_STEP_N_TOP_TERMS];  /* the largest |w_j x_j| (n > LL_STEP_FEW_FEATURES) */
  guint n_top;
  double rest;                     /* z - b - the top terms */
} LlStepExample;

typedef struct {
  LlSharedDataset *dataset;     /* held while its LlTrainData is used */
  LlTrainData data;

  /* The shown state: the run's shown model, or where Step brought it. */
  double *w;                    /* data.n_features, or NULL without a model */
  double b;
  double learning_rate;
  guint base_iteration;         /* the run's record point the steps began at */
  guint n_steps;                /* Steps made from there */
  guint example;                /* the chosen example, counted in its split */
  gboolean example_is_test;     /* chosen from the test set (its pass only; the step is the training set's) */
  guint feature;                /* the followed weight */
  LlStepExample example_values; /* the chosen example's pass (ll_step_state_compute_example) */
  LlStep *step;                 /* all m examples at the shown state, NULL while computing */
} LlStepState;

/* Whether there is a state to show (a model on a dataset with examples). */
gboolean  ll_step_state_is_shown        (const LlStepState *state);
/* Feature FEATURE of training example EXAMPLE as the trainer reads it. */
double    ll_step_state_feature_value   (const LlStepState *state,
                                         gsize              example,
                                         gsize              feature);
/* Feature FEATURE of the chosen example (training or test). */
double    ll_step_state_chosen_value    (const LlStepState *state,
                                         gsize              feature);
/* The examples in the chosen example's split. */
gsize     ll_step_state_example_count   (const LlStepState *state);
/* The chosen example's pass at the shown w and b: O(n). */
void      ll_step_state_compute_example (LlStepState       *state);
/* A value as shown: every digit for hand-check data (float64 features, no
 * pictures), six for pictures. */
char     *ll_step_state_format          (const LlStepState *state,
                                         double             value);

/* The shortest decimal that reads back as VALUE (Python's repr), in the C
 * locale. */
char     *ll_step_format_exact          (double             value);

G_END_DECLS
