/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-graph.h: the step inspector's graph of one example's pass: the
 * forward boxes (x -> z = w·x + b -> a = σ(z) -> L(a, y)) over the backward
 * ones (dL/da -> dz -> dw, db -> the update), each with its formula and
 * values, joined by arrows. It draws the inspector's state (ll-step-state.h)
 * and is told when that changes. */
#pragma once

#include <gtk/gtk.h>

#include "ll-step-state.h"

G_BEGIN_DECLS

#define LL_TYPE_STEP_GRAPH (ll_step_graph_get_type ())
G_DECLARE_FINAL_TYPE (LlStepGraph, ll_step_graph, LL, STEP_GRAPH, GtkDrawingArea)

GtkWidget *ll_step_graph_new       (void);
/* Draws STATE (borrowed; NULL draws nothing) from now on; call again (or
 * gtk_widget_queue_draw) when it changed. */
void       ll_step_graph_set_state (LlStepGraph       *self,
                                    const LlStepState *state);
/* Box outlines and arrows times LINE_SCALE (default 1): projector mode,
 * as ll_figure_view_set_line_scale for the plots. */
void       ll_step_graph_set_line_scale (LlStepGraph *self,
                                         double       line_scale);
double     ll_step_graph_get_line_scale (LlStepGraph *self);

G_END_DECLS
