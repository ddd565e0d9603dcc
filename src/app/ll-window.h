/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-window.h: the main window: dataset, learning rates, the live cost plot,
 * the accuracy table, notes and errors. */
#pragma once

#include <gtk/gtk.h>
#include "ll-application.h"
#include "ll-accuracy-table.h"
#include "ll-classify-view.h"
#include "ll-cost-plot.h"
#include "ll-rate-list.h"
#include "ll-result-grid.h"
#include "session/ll-training-session.h"
#include "ll-weights-view.h"

G_BEGIN_DECLS

#define LL_TYPE_WINDOW (ll_window_get_type ())
G_DECLARE_FINAL_TYPE (LlWindow, ll_window, LL, WINDOW, GtkApplicationWindow)

/* SETTINGS may be NULL (no schema installed): defaults are used. */
LlWindow          *ll_window_new               (LlApplication *application,
                                                GSettings     *settings);

/* The built-in dataset by name, as lesson files write it (and as a teacher
 * may set the last-dataset key by hand): ll_window_open_dataset takes it as
 * it takes NULL. */
#define LL_WINDOW_BUILTIN_DATASET "builtin:default"

/* Loads PATH (NULL or LL_WINDOW_BUILTIN_DATASET = the built-in dataset) on
 * a worker thread; CLASSES is a --classes spec ("POS" or "POS,NEG") or NULL
 * for the default pair.
 * Errors appear in the window's banner. Property "loading" is TRUE meanwhile. */
void               ll_window_open_dataset      (LlWindow      *self,
                                                const char    *path,
                                                const char    *classes);
gboolean           ll_window_get_loading       (LlWindow      *self);

/* Shows MESSAGE in the in-window error banner (and nowhere else). */
void               ll_window_show_error        (LlWindow      *self,
                                                const char    *message);
/* Shows MESSAGE in the banner as information (an export went well). */
void               ll_window_show_info         (LlWindow      *self,
                                                const char    *message);
/* The banner's text while it is shown, else NULL. */
const char        *ll_window_get_error         (LlWindow      *self);
/* The banner's information text while it is shown, else NULL. */
const char        *ll_window_get_info          (LlWindow      *self);
/* The plain-words note about rising or oscillating curves, or NULL. */
const char        *ll_window_get_note          (LlWindow      *self);
/* The header's title and subtitle (the dataset's name and description). */
const char        *ll_window_get_title_text    (LlWindow      *self);
const char        *ll_window_get_subtitle_text (LlWindow      *self);

/* Sets the iterations and record interval spin buttons. */
void               ll_window_set_run_length    (LlWindow      *self,
                                                guint          iterations,
                                                guint          record_every);

/* Starts training with the typed settings (as the Train button does);
 * FALSE with the reason in the banner when the settings are not usable. */
gboolean           ll_window_train             (LlWindow      *self);

LlTrainingSession *ll_window_get_session       (LlWindow      *self);
LlCostPlot        *ll_window_get_plot          (LlWindow      *self);
LlRateList        *ll_window_get_rate_list     (LlWindow      *self);
LlAccuracyTable   *ll_window_get_accuracy_table (LlWindow     *self);
/* The view stack: pages "cost", "images", "weights" and "classify". */
GtkStack          *ll_window_get_stack         (LlWindow      *self);
LlResultGrid      *ll_window_get_result_grid   (LlWindow      *self);
LlWeightsView     *ll_window_get_weights_view  (LlWindow      *self);
LlClassifyView    *ll_window_get_classify_view (LlWindow      *self);
/* The text size, 1.0 = 100 %, from 0.8 to 2.0 (the View zoom, Ctrl+plus,
 * Ctrl+minus, Ctrl+0): scales the sidebar, the plot's text, the table, the
 * note and the pages. Kept in the settings' "zoom" key. */
double             ll_window_get_zoom          (LlWindow      *self);
void               ll_window_set_zoom          (LlWindow      *self,
                                                double         zoom);
/* Property "projector-mode" (action win.projector-mode, F11): fullscreen,
 * larger text (the window gets the CSS class "projector") and thicker lines
 * on every plot (issue 21.6). */
gboolean           ll_window_get_projector_mode (LlWindow     *self);
void               ll_window_set_projector_mode (LlWindow     *self,
                                                 gboolean      projector_mode);
/* Property "show-sidebar" (action win.show-sidebar, F9; default TRUE). */
gboolean           ll_window_get_show_sidebar  (LlWindow      *self);
void               ll_window_set_show_sidebar  (LlWindow      *self,
                                                gboolean       show_sidebar);
/* The Cost page's parts, for layout tests: the note's box and the table's
 * scrolled window. */
GtkWidget         *ll_window_get_note_widget   (LlWindow      *self);
GtkWidget         *ll_window_get_table_scroll  (LlWindow      *self);
/* TRUE while "Open Weights" reads a file (property "importing"). */
gboolean           ll_window_get_importing     (LlWindow      *self);

G_END_DECLS
