/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-private.h: what the pieces of the cost plot share.
 *
 *   plot-render.c  ll_plot_render, the readout, the legend, the export, and
 *                  every translatable string (po/POTFILES.in lists it)
 *   plot-layout.c  the geometry (PlotLayout) and the data-to-page mapping
 *   plot-axes.c    grid, ticks, tick labels and axis lines
 *   plot-series.c  a series' curve and markers
 *   plot-style.c   a series' colour, dashes and marker; the legend sample
 *   plot-text.c    pango text and locale-independent numbers */
#pragma once

#include <math.h>
#include <pango/pangocairo.h>

#include "plot/plot-render.h"

G_BEGIN_DECLS

#define FONT_FAMILY "Sans"
#define MAX_LEGEND_ROWS 8

typedef struct {
  double r, g, b;
} Rgb;

typedef enum {
  MARKER_CIRCLE,
  MARKER_SQUARE,
  MARKER_TRIANGLE_UP,
  MARKER_DIAMOND,
  MARKER_TRIANGLE_DOWN,
  MARKER_CROSS,
  MARKER_PLUS,
  N_MARKERS  /* 7, one more than the dash styles: no two of the first 42 series look alike */
} MarkerShape;

typedef struct {
  PangoContext *pango;     /* owned; all text of one drawing shares it */
  double width, height;
  Rgb background;
  Rgb foreground;
  double font_px;          /* tick labels, legend; other text is relative */
  double line_width;
  double marker_radius;
  double pad;              /* outer margin */
  double gap;              /* between a label and what it labels */
  double tick_length;

  cairo_rectangle_t area;  /* the data area, inside the axes */
  double title_height;

  double x_max;
  double x_step;

  gboolean log_scale;
  double y_lo, y_hi;       /* axis ends, log10 of the cost on a log scale */
  double y_step;           /* linear: tick step; log: decades between labels */
  gboolean log_plain;      /* decades written 0.001 rather than 10^-3 */
  gboolean log_minor_labels;

  /* Legend: right of the area, or in rows above it when the widget is narrow. */
  gboolean legend_right;
  double legend_x, legend_y;
  double legend_entry_width, legend_entry_height;
  double legend_sample_width;
  guint legend_columns;
} PlotLayout;

static inline gboolean
plot_cost_is_drawable (double cost, gboolean log_scale)
{
  return isfinite (cost) && (!log_scale || cost > 0);
}

/* ---- plot-layout.c ---- */

/* Fills LAYOUT for SPEC at WIDTH x HEIGHT; LAYOUT->pango is a new context
 * for CR, which the caller unrefs. */
void         plot_compute_layout     (cairo_t *cr, const LlPlotSpec *spec, double width, double height,
                                      PlotLayout *layout);
double       plot_map_x              (const PlotLayout *layout, double iteration);
double       plot_map_y              (const PlotLayout *layout, double cost);
/* Decimals that tell ticks STEP apart. */
int          plot_decimals_for_step  (double step);

/* ---- plot-axes.c ---- */

void         plot_draw_axes          (cairo_t *cr, const PlotLayout *layout);

/* ---- plot-series.c ---- */

void         plot_draw_series        (cairo_t *cr, const LlPlotSpec *spec, const PlotLayout *layout,
                                      guint index);

/* ---- plot-style.c ---- */

void         plot_set_rgb            (cairo_t *cr, const Rgb *color, double alpha);
void         plot_set_faded          (cairo_t *cr, const PlotLayout *layout, const Rgb *fg, double amount);
void         plot_series_rgb         (const LlPlotSpec *spec, guint index, Rgb *color);
void         plot_set_series_line    (cairo_t *cr, const PlotLayout *layout, guint index);
void         plot_marker_path        (cairo_t *cr, MarkerShape shape, double x, double y, double r);
void         plot_paint_markers      (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color);
void         plot_draw_marker        (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color,
                                      double x, double y);
void         plot_draw_series_sample (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color,
                                      gboolean ringed, double x, double y, double width);

/* ---- plot-text.c ---- */

PangoLayout *plot_text_new           (PangoContext *pango, double px, gboolean bold, const char *text,
                                      gboolean is_markup);
void         plot_text_size          (PangoLayout *layout, double *width, double *height);
double       plot_text_width         (PangoContext *pango, double px, gboolean bold, const char *text,
                                      gboolean is_markup);
void         plot_show_text          (cairo_t *cr, PangoLayout *layout, double x, double y,
                                      double xalign, double yalign);
void         plot_draw_text          (cairo_t *cr, PangoContext *pango, double px, gboolean bold,
                                      const char *text, gboolean is_markup,
                                      double x, double y, double xalign, double yalign);
void         plot_format_fixed       (char *buf, double value, int decimals);
char        *plot_log_tick_label     (int mantissa, int decade, gboolean plain);

/* ---- plot-render.c ---- */

/* "lr = 0.5", translated: the legend's and the readout's label of a series. */
char        *plot_rate_label         (double learning_rate);

G_END_DECLS
