/* ll-window-private.h: what ll-window-files.c needs of the window beyond its
 * public API. Not for other files. */
#pragma once

#include "ll-model-views.h"
#include "ll-weights-import.h"
#include "ll-window.h"

G_BEGIN_DECLS

GCancellable    *ll_window_get_cancellable     (LlWindow        *self);
/* The binary dataset being trained, or NULL. Borrowed. */
LlSharedDataset *ll_window_get_binary_dataset  (LlWindow        *self);
/* The models Export writes: the trained ones, else imported ones, else NULL. */
GPtrArray       *ll_window_get_export_models   (LlWindow        *self);
void             ll_window_set_importing       (LlWindow        *self,
                                                gboolean         importing);
/* Shows IMPORT (taken) in the plot, table and model views. */
void             ll_window_show_import         (LlWindow        *self,
                                                LlWeightsImport *import);

G_END_DECLS
