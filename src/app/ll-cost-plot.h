/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-cost-plot.h: the live cost plot, one line per learning rate.
 *
 * A GtkWidget that keeps its own copy of the recorded costs and shows them
 * in an LlFigureView (ll_cost_plot_get_view): the figure of
 * ll_plot_figure_new() (src/plot/plot-render.h), the same as the PNG/SVG/PDF
 * exports and `train --plot`. A store's run is drawn in its own look
 * (ll_run_get_look: ll_plot_series_color / _dashes of that index), runs set
 * by ll_cost_plot_set_runs in look i; the learning-rate list shows the
 * looks the next job's runs get (ll_run_store_free_looks).
 *
 * The readout: hovering the plot, or moving with Left/Right (Home/End) while
 * it has keyboard focus, selects the nearest record point; the view draws a
 * cursor there and a box with the iteration and every rate's cost. A click
 * on a legend entry hides or shows that run (its "visible" property, so on
 * every plot); pinned runs are drawn faded and thinner under their label.
 * The y axis only grows while a job runs (a new job starts it again). The
 * right-click menu has "Show Test Cost", "Log Iteration Axis" and Export. */
#pragma once

#include <gtk/gtk.h>

#include "ll-figure-view.h"
#include "session/ll-run-store.h"

G_BEGIN_DECLS

#define LL_TYPE_COST_PLOT (ll_cost_plot_get_type ())
G_DECLARE_FINAL_TYPE (LlCostPlot, ll_cost_plot, LL, COST_PLOT, GtkWidget)

GtkWidget  *ll_cost_plot_new                    (void);

/* The figure view inside (its figure, readout, export dialog). */
LlFigureView *ll_cost_plot_get_view             (LlCostPlot   *self);

/* Property "store" (LlRunStore): the plot draws the store's runs, one line
 * per run with its recorded costs, and follows it (a new job, a record
 * point). In the app this is all that feeds the plot; the three calls
 * below are what it does with the store, public for the widget's tests. */
void        ll_cost_plot_set_store              (LlCostPlot   *self,
                                                 LlRunStore   *store);
LlRunStore *ll_cost_plot_get_store              (LlCostPlot   *self);

/* Sets the runs (one per learning rate, in palette order) and the x-axis end,
 * and drops every recorded point. N_RUNS = 0 empties the plot. */
void        ll_cost_plot_set_runs               (LlCostPlot   *self,
                                                 const double *learning_rates,
                                                 guint         n_runs,
                                                 guint         max_iteration);

/* Records COST at ITERATION for run RUN (index into the learning rates).
 * Points are kept sorted by iteration; a repeated iteration replaces the
 * earlier cost. */
void        ll_cost_plot_add_point              (LlCostPlot   *self,
                                                 guint         run,
                                                 guint         iteration,
                                                 double        cost);

/* Drops every recorded point but keeps the runs and their learning rates
 * (what Reset needs). */
void        ll_cost_plot_clear                  (LlCostPlot   *self);

guint       ll_cost_plot_get_n_runs             (LlCostPlot   *self);
guint       ll_cost_plot_get_n_points           (LlCostPlot   *self,
                                                 guint         run);
/* The latest recorded cost of RUN, or NAN when it has none. */
double      ll_cost_plot_get_last_cost          (LlCostPlot   *self,
                                                 guint         run);

/* Property "log-scale" (gboolean, default FALSE): y on a log10 axis. */
gboolean    ll_cost_plot_get_log_scale          (LlCostPlot   *self);
void        ll_cost_plot_set_log_scale          (LlCostPlot   *self,
                                                 gboolean      log_scale);

/* Property "show-test-cost" (gboolean, default FALSE): each run's cost on
 * the test split beside its training cost, in its colour but lighter, as
 * the entry "lr = 0.5 (test)" (action "cost-plot.show-test-cost"). */
gboolean    ll_cost_plot_get_show_test_cost     (LlCostPlot   *self);
void        ll_cost_plot_set_show_test_cost     (LlCostPlot   *self,
                                                 gboolean      show_test_cost);

/* Property "log-iterations" (gboolean, default FALSE): iterations on a
 * log10 axis from 1, with the cost of every one of the first steps
 * (ll_run_get_first_costs), so the early oscillation shows (action
 * "cost-plot.log-iterations"). */
gboolean    ll_cost_plot_get_log_iterations     (LlCostPlot   *self);
void        ll_cost_plot_set_log_iterations     (LlCostPlot   *self,
                                                 gboolean      log_iterations);

/* Property "font-scale" (double, 0.5 to 4, default 1): text size, for projectors. */
double      ll_cost_plot_get_font_scale         (LlCostPlot   *self);
void        ll_cost_plot_set_font_scale         (LlCostPlot   *self,
                                                 double        font_scale);

/* Property "readout-iteration" (int, default -1 = none): the record point
 * under the pointer or the keyboard cursor. Setting it snaps to the nearest
 * recorded iteration. */
int         ll_cost_plot_get_readout_iteration  (LlCostPlot   *self);
void        ll_cost_plot_set_readout_iteration  (LlCostPlot   *self,
                                                 int           iteration);

/* Writes the plot to PATH as PNG, SVG or PDF (chosen by the extension,
 * case-insensitive), WIDTH x HEIGHT points, light background, atomically:
 * on failure an earlier file at PATH is left as it was. With a store, a
 * caption line says the dataset, the iterations and the date. */
gboolean    ll_cost_plot_export                 (LlCostPlot   *self,
                                                 const char   *path,
                                                 int           width,
                                                 int           height,
                                                 GError      **error);
/* The same, drawn now and compressed and written on a thread (as
 * ll_figure_view_export_async), so training may go on. */
void        ll_cost_plot_export_async           (LlCostPlot          *self,
                                                 const char          *path,
                                                 int                  width,
                                                 int                  height,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean    ll_cost_plot_export_finish          (LlCostPlot          *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
