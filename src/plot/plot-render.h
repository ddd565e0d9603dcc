/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-render.h: the cost plot drawn with cairo and pango, no GTK.
 * The same code draws the on-screen widget (LlCostPlot) and the PNG, SVG and
 * PDF exports (app and `logistic-lab train --plot`). It is one use of the
 * general figure (plot-figure.h): each call builds an LlFigure from the spec
 * (a lines layer per learning rate, iterations on x, the cost on y) and
 * draws, hit-tests or exports it. The series' look (colour, dashes, marker,
 * sample) below is the one every figure's lines layers use. */
#pragma once

#include <cairo.h>
#include <glib.h>
#include "core/train/model.h"
#include "plot/plot-figure.h"

G_BEGIN_DECLS

typedef struct {
  double learning_rate;
  const LlCostPoint *points;   /* borrowed */
  gsize n_points;
} LlPlotSeries;

typedef struct {
  const LlPlotSeries *series;  /* one per learning rate, in palette order */
  guint n_series;
  guint max_iteration;         /* x-axis end (the run's iteration count) */
  gboolean log_scale;          /* y on a log10 axis */
  gboolean dark;               /* colours for a dark background */
  double font_scale;           /* 1.0 = default; text grows with it (projectors) */
  double line_scale;           /* lines and markers (projectors); 0 = 1 */
  int highlight_iteration;     /* -1 for none: draws a cursor and a readout there */
  const char *title;           /* optional */
  const guint *looks;          /* optional: series i's look (a run's); NULL: look i */
} LlPlotSpec;

/* Okabe-Ito colours, index i modulo the palette; and a dash pattern per index. */
void        ll_plot_series_color   (guint index, gboolean dark, double rgb[3]);
/* Returns the number of dashes written into DASHES (0 = solid), at most 4. */
int         ll_plot_series_dashes  (guint index, double line_width, double dashes[4]);

/* Draws series INDEX's legend sample (its line, dashes and marker) across a
 * WIDTH x HEIGHT box at the current origin of CR: for swatches beside the
 * plot, so they match it exactly. */
void        ll_plot_draw_sample    (cairo_t *cr, guint index, gboolean dark,
                                    double width, double height);

/* The figure of SPEC, new: layer i is series i's line, labelled "lr = 0.5";
 * for a view that keeps the figure and changes it (the cost plot widget). */
LlFigure   *ll_plot_figure_new     (const LlPlotSpec *spec);

/* Draws SPEC into the WIDTH x HEIGHT box at the current origin of CR. */
void        ll_plot_render         (cairo_t *cr, const LlPlotSpec *spec, double width, double height);

/* Maps a pointer x inside a WIDTH x HEIGHT plot to the nearest record point's
 * iteration (for the readout), or -1 when outside the data area. */
int         ll_plot_iteration_at   (const LlPlotSpec *spec, double width, double height, double x);

/* The data area (the box inside the axes) of SPEC drawn at WIDTH x HEIGHT,
 * and where ITERATION falls on the x axis: for tests and for the widget. */
void        ll_plot_data_area      (const LlPlotSpec *spec, double width, double height,
                                    cairo_rectangle_t *area);
double      ll_plot_x_for_iteration (const LlPlotSpec *spec, double width, double height,
                                     guint iteration);

/* A cost with 4 significant digits, locale-independent ("0.6931", "85.12",
 * "1.234e-05"), into BUF of G_ASCII_DTOSTR_BUF_SIZE bytes. Returns BUF. */
char       *ll_plot_format_cost    (double cost, char *buf);
/* A learning rate as typed ("0.5", "0.01", "1e-05"), same buffer rules. */
char       *ll_plot_format_rate    (double learning_rate, char *buf);

/* The legend entry of a learning rate's line, new: "lr = 0.5". */
char       *ll_plot_rate_label     (double learning_rate);

/* Writes the plot to PATH as PNG, SVG or PDF (by extension, case-insensitive),
 * WIDTH x HEIGHT points (a PNG has WIDTH x HEIGHT pixels), always with the
 * light colours, atomically: a temporary file renamed over PATH, so a failure
 * leaves any earlier file intact. Another extension is a
 * G_IO_ERROR_NOT_SUPPORTED error and writes nothing. */
gboolean    ll_plot_export         (const LlPlotSpec *spec, const char *path,
                                    int width, int height, GError **error);

G_END_DECLS
