/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-figure-view.h: a widget that shows an LlFigure (src/plot/plot-figure.h)
 * and makes its numbers readable: any view that draws a figure puts one of
 * these in its layout instead of drawing itself.
 *
 * The widget owns its figure (ll_figure_view_set_figure); the view that fed
 * it keeps changing its layers through ll_figure_view_get_figure and then
 * calls ll_figure_view_queue_update. Colours follow the theme (dark or
 * light), text the "font-scale" property (the window's text zoom).
 *
 * The readout: hovering shows the point nearest the pointer ("point-readout"
 * TRUE, the default) or a column at the nearest x of the lines layers
 * (FALSE, as the cost plot); with keyboard focus Left/Right/Home/End move it
 * (Escape hides it), Enter or Space activates the point under it. After
 * every move "cursor-changed" lets the view add rows under the readout
 * (ll_figure_add_cursor_row).
 *
 * Clicks: on a legend entry the layer is shown or hidden ("layer-toggled",
 * so a view that rebuilds its figure can keep the choice); on a point,
 * "point-activated". A right click (or the Menu key) opens a menu to save
 * the figure as PNG, SVG or PDF (action "figure.export"); the result comes
 * back in "export-done" for the window's banner. */
#pragma once

#include <gtk/gtk.h>

#include "plot/plot-figure.h"

G_BEGIN_DECLS

#define LL_TYPE_FIGURE_VIEW (ll_figure_view_get_type ())
G_DECLARE_FINAL_TYPE (LlFigureView, ll_figure_view, LL, FIGURE_VIEW, GtkWidget)

GtkWidget  *ll_figure_view_new               (void);

/* Shows FIGURE, taken over (NULL: nothing); the readout is cleared. */
void        ll_figure_view_set_figure        (LlFigureView *self,
                                              LlFigure     *figure);
/* The figure shown, still the widget's (NULL when none). */
LlFigure   *ll_figure_view_get_figure        (LlFigureView *self);
/* Redraws after the figure's layers changed; the readout is kept where
 * its point still exists (and "cursor-changed" is emitted again). */
void        ll_figure_view_queue_update      (LlFigureView *self);

/* Property "font-scale" (double, 0.5 to 4, default 1). */
double      ll_figure_view_get_font_scale    (LlFigureView *self);
void        ll_figure_view_set_font_scale    (LlFigureView *self,
                                              double        font_scale);
/* Lines and markers times LINE_SCALE (default 1): projector mode. */
void        ll_figure_view_set_line_scale    (LlFigureView *self,
                                              double        line_scale);
/* Property "point-readout" (gboolean, default TRUE). */
gboolean    ll_figure_view_get_point_readout (LlFigureView *self);
void        ll_figure_view_set_point_readout (LlFigureView *self,
                                              gboolean      point_readout);
/* Property "description" (string): the text a screen reader gives for the
 * figure, a summary of what it shows, written by the view. */
const char *ll_figure_view_get_description   (LlFigureView *self);
void        ll_figure_view_set_description   (LlFigureView *self,
                                              const char   *description);
/* Property "export-name" (string, default "figure.png"): the name the save
 * dialog suggests. */
const char *ll_figure_view_get_export_name   (LlFigureView *self);
void        ll_figure_view_set_export_name   (LlFigureView *self,
                                              const char   *export_name);

/* Adds an item to the right-click menu, before "Export Figure…": LABEL
 * (with a mnemonic) and DETAILED_ACTION, an action of the view or of a
 * widget around it (a property action shows as a check item). */
void        ll_figure_view_add_menu_item     (LlFigureView *self,
                                              const char   *label,
                                              const char   *detailed_action);

/* The readout: on point INDEX of layer LAYER, at an x, or nowhere. */
void        ll_figure_view_set_cursor_point  (LlFigureView *self,
                                              guint         layer,
                                              gsize         index);
void        ll_figure_view_set_cursor_x      (LlFigureView *self,
                                              double        x);
void        ll_figure_view_clear_cursor      (LlFigureView *self);
/* TRUE with the layer and point under the readout, when it is on a point. */
gboolean    ll_figure_view_get_cursor_point  (LlFigureView *self,
                                              guint        *layer,
                                              gsize        *index);
/* The x of the readout (a point's or the column's), NAN when none. */
double      ll_figure_view_get_cursor_x      (LlFigureView *self);

/* Writes the figure (light colours, no readout) to PATH as PNG, SVG or PDF
 * by the extension, WIDTH x HEIGHT, atomically; the error names the file. */
gboolean    ll_figure_view_export            (LlFigureView *self,
                                              const char   *path,
                                              int           width,
                                              int           height,
                                              GError      **error);
/* The same, drawn now and written on a thread; then ..._finish. */
void        ll_figure_view_export_async      (LlFigureView        *self,
                                              const char          *path,
                                              int                  width,
                                              int                  height,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean    ll_figure_view_export_finish     (LlFigureView        *self,
                                              GAsyncResult        *result,
                                              GError             **error);
/* The save dialog (what "figure.export" opens): a file name, a size; then
 * ll_figure_view_export_async and "export-done". */
void        ll_figure_view_export_dialog     (LlFigureView *self);

G_END_DECLS
