/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-text.h: the step inspector's texts from its state: the step over
 * all m examples with the shapes written out (the panel under the graph),
 * and the whole computation as Python lines (Copy as Text). */
#pragma once

#include "ll-step-state.h"

G_BEGIN_DECLS

/* "All m = 209 training examples at once …", "dw (12288 × 1) = 1/m X …",
 * and the update of the followed weight; "computing …" while STATE has no
 * step yet. */
char *ll_step_text_all_examples (const LlStepState *state);
/* w = [...]; b = ...; X, Y (when small); z, a, cost, dz, dw, db, the update,
 * every number to full precision; NULL while STATE has no step. */
char *ll_step_text_python       (const LlStepState *state);

G_END_DECLS
