/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-result-cell.h: one tile of the True/Predicted grid: the image, its
 * title and a right/wrong mark (colour and icon), following an LlTestImage. */
#pragma once

#include <gtk/gtk.h>

#include "ll-test-image.h"

G_BEGIN_DECLS

#define LL_TYPE_RESULT_CELL (ll_result_cell_get_type ())
G_DECLARE_FINAL_TYPE (LlResultCell, ll_result_cell, LL, RESULT_CELL, GtkWidget)

/* The side, in pixels, images are scaled up to in the grid. */
#define LL_RESULT_CELL_IMAGE_SIDE 128

GtkWidget   *ll_result_cell_new        (void);
/* Shows ITEM (NULL to unbind). Items do not notify: the grid calls
 * ll_result_cell_refresh() on its bound cells when the scores move. */
void         ll_result_cell_set_item   (LlResultCell *self,
                                        LlTestImage  *item);
/* Reads the item's title, mark and probability again; cheap when nothing
 * changed (labels keep equal text, the mark is only redone when it flips). */
void         ll_result_cell_refresh    (LlResultCell *self);
LlTestImage *ll_result_cell_get_item   (LlResultCell *self);

G_END_DECLS
