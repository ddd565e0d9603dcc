/* SPDX-License-Identifier: GPL-3.0-or-later */
/* figure-clicks.h: test helpers that click an LlFigureView as a user does. */
#pragma once

#include "app/ll-figure-view.h"

/* Presses the primary button on LAYER's legend entry (found by the
 * figure's own hit-testing at the view's size); fails the test when the
 * legend has no entry for it. */
void ll_test_click_legend (LlFigureView *view, LlPlotLayer *layer);
