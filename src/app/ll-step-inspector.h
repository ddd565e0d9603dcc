/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-inspector.h: inside one gradient-descent step (issue 20).
 *
 * For a chosen run and training example, the graph of the forward and
 * backward pass (x -> z = w·x + b -> a = σ(z) -> L(a, y); dL/da -> dz ->
 * dw, db) drawn as boxes with their formulas and values at the run's shown
 * record point; below, the same step for all m examples with the shapes
 * written out, and the update of one followed weight. One example's numbers
 * are computed on the UI thread (O(n)); the step over all m examples
 * (ll_step_compute, O(mn)) on a worker whenever the point changes.
 *
 * Step makes one iteration from the shown point with the same formulas (the
 * inspector's own trajectory); Back returns to the previous state. While it
 * has not stepped, the inspector follows the run's shown model. */
#pragma once

#include <gtk/gtk.h>

#include "core/train/step.h"
#include "ll-step-state.h"
#include "session/ll-run-store.h"

G_BEGIN_DECLS

#define LL_TYPE_STEP_INSPECTOR (ll_step_inspector_get_type ())
G_DECLARE_FINAL_TYPE (LlStepInspector, ll_step_inspector, LL, STEP_INSPECTOR, GtkBox)

GtkWidget    *ll_step_inspector_new          (void);

/* Property "store" (LlRunStore): the runs to choose from; follows the store. */
void          ll_step_inspector_set_store    (LlStepInspector *self,
                                              LlRunStore      *store);
LlRunStore   *ll_step_inspector_get_store    (LlStepInspector *self);

/* The example whose pass the graph draws: a training example, or a test
 * image (as clicked in the Test Images grid; nothing without a test set),
 * and the followed weight (feature index). The step below is always the
 * training set's. */
void          ll_step_inspector_set_example  (LlStepInspector *self,
                                              guint            example);
void          ll_step_inspector_set_test_example (LlStepInspector *self,
                                                  guint            example);
/* The drawn example's index in its set; IS_TEST (optional) says which set. */
guint         ll_step_inspector_get_example  (LlStepInspector *self,
                                              gboolean        *is_test);
void          ll_step_inspector_set_feature  (LlStepInspector *self,
                                              guint            feature);

/* The step over all m training examples at the shown state, or NULL while it
 * is being computed (or without a run). Borrowed. */
const LlStep *ll_step_inspector_get_step     (LlStepInspector *self);

/* Everything shown (the chosen example's pass, the state, the step); for
 * tests and the inspector's parts. Borrowed. */
const LlStepState *ll_step_inspector_get_state (LlStepInspector *self);

/* One iteration forward from the shown state (FALSE while the step is not
 * computed yet); Back returns to the state before the last Step. */
gboolean      ll_step_inspector_step         (LlStepInspector *self);
gboolean      ll_step_inspector_back         (LlStepInspector *self);
guint         ll_step_inspector_get_n_steps  (LlStepInspector *self);

/* The whole computation as Python lines (w = [...]; b = ...; z = ...), every
 * number to full precision: what "Copy as Text" puts on the clipboard.
 * NULL while the step is being computed. */
char         *ll_step_inspector_dup_text     (LlStepInspector *self);

G_END_DECLS
