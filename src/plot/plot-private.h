/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-private.h: what the pieces of the figure share.
 *
 *   plot-figure.c   LlFigure and LlPlotLayer: their settings and data
 *   plot-layout.c   the geometry (PlotLayout): margins, legend place, the
 *                   data area and the mapping between data and device
 *   plot-ticks.c    axis ranges, ticks and tick labels (linear, log10)
 *   plot-axes.c     grid, ticks, tick labels, axis lines and titles
 *   plot-layers.c   drawing each kind of layer
 *   plot-contour.c  marching squares, log-spaced levels, colour maps
 *   plot-legend.c   the legend: drawing and hit-testing
 *   plot-readout.c  the cursor and readout box; nearest points
 *   plot-export.c   PNG, SVG and PDF files
 *   plot-render.c   the cost plot (LlPlotSpec) as one figure, and its strings
 *   plot-style.c    a series' colour, dashes and marker; the legend sample
 *   plot-text.c     pango text and locale-independent numbers */
#pragma once

#include <math.h>
#include <pango/pangocairo.h>

#include "plot/plot-figure.h"
#include "plot/plot-render.h"

G_BEGIN_DECLS

#define FONT_FAMILY "Sans"
#define MAX_LEGEND_ROWS 8
#define MAX_LEGEND_COLUMNS 16

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

/* ---- the figure's settings (plot-figure.c) ---- */

typedef struct {
  LlAxisScale scale;
  char *label;
  LlTickFormat format;
  LlTickFormatFunc format_func;
  gpointer format_data;
  GDestroyNotify format_destroy;
  double fixed_lo, fixed_hi;    /* NAN: automatic */
  gboolean include_zero;
  gboolean grow_only;
  double grown_lo, grown_hi;    /* data units; NAN until a range is drawn */
  char **categories;            /* NULL, or a name at each whole number (ll_figure_axis_set_categories) */
} PlotAxis;

struct _LlPlotLayer {
  LlLayerKind kind;
  char *label;
  gboolean visible;
  gboolean in_range;
  guint series;
  gboolean has_series;          /* reference lines: coloured by series */
  gboolean faded;
  gboolean out_of_legend;       /* named in the readout only (ll_plot_layer_set_in_legend) */
  double line_width_scale;
  gboolean markers;
  gboolean dashed;
  double marker_scale;
  double bar_thickness;         /* points: > 0 draws bars from x = 0, this many y units high */

  /* lines, points */
  double *x, *y;
  guint *classes;               /* points; NULL: all 0 */
  gsize n;
  gboolean filled;

  /* heat map */
  double *values;
  guint nx, ny;
  double x0, x1, y0, y1;
  LlColorMap color_map;
  double color_lo, color_hi;
  gboolean color_log;
  double *levels;
  guint n_levels;
  gboolean color_bar;
  GPtrArray *contours;          /* per level, its polylines: made on first drawing or by ll_plot_layer_prepare */
  cairo_surface_t *image;       /* the values as colours, a pixel per grid point: likewise */
  gboolean prepared;            /* both made by ll_plot_layer_prepare (for tests) */
  cairo_surface_t *raster;      /* the map and its contours as last drawn (LlFigure.raster_scale) */
  double raster_key[9];         /* the geometry it was drawn for */

  /* reference */
  LlAxisId axis;
  double value;
  char *text;
};

typedef enum {
  CURSOR_NONE,
  CURSOR_X,
  CURSOR_POINT,
} CursorKind;

struct _LlFigure {
  char *title;
  char *caption;
  char *export_caption;         /* drawn after the caption in exports only */
  gboolean dark;
  double font_scale;
  double line_scale;            /* lines and markers, for projectors */
  gboolean legend_shown;
  PlotAxis axes[2];
  GPtrArray *layers;            /* LlPlotLayer, owned */
  double raster_scale;          /* > 0: heat maps drawn once and reused (ll_figure_set_raster_cache) */
  gboolean exporting;           /* drawing an export: vectors, never the raster */

  CursorKind cursor;
  double cursor_x;
  LlPlotLayer *cursor_layer;
  gsize cursor_index;
  char *cursor_heading;
  GPtrArray *cursor_rows;       /* label, value, label, value, ... (char *, owned) */
  char *cursor_columns[2];      /* the value columns' titles, or NULL (ll_figure_set_cursor_columns) */
};

static inline gboolean
plot_value_is_drawable (double value, LlAxisScale scale)
{
  return isfinite (value) && (scale != LL_AXIS_LOG || value > 0);
}

static inline gboolean
plot_point_is_drawable (const LlFigure *figure, double x, double y)
{
  return plot_value_is_drawable (x, figure->axes[LL_AXIS_X].scale)
         && plot_value_is_drawable (y, figure->axes[LL_AXIS_Y].scale);
}

/* ---- the geometry (plot-layout.c) ---- */

typedef struct {
  double value;                 /* axis units (log10 on a log axis) */
  char *label;                  /* NULL: unlabelled */
  gboolean markup;
  double grid;                  /* grid line strength (0: none) */
  double length;                /* tick length, times the layout's */
} PlotTick;

typedef struct {
  gboolean log;
  double lo, hi;                /* axis ends in axis units (log10 on a log axis) */
  double step;                  /* linear: tick step; log: decades between labels */
  GArray *ticks;                /* PlotTick */
  double label_extent;          /* widest label (y) or highest (x) */
} PlotAxisLayout;

typedef struct {
  PangoContext *pango;     /* owned; all text of one drawing shares it */
  LlFigure *figure;
  double width, height;
  gboolean dark;
  Rgb background;
  Rgb foreground;
  double font_px;          /* tick labels, legend; other text is relative */
  double text_height;
  double line_width;
  double marker_radius;
  double pad;              /* outer margin */
  double gap;              /* between a label and what it labels */
  double tick_length;

  cairo_rectangle_t area;  /* the data area, inside the axes */
  double title_height;
  double caption_y;
  PlotAxisLayout axes[2];

  /* Legend: right of the area, or above it when the figure is narrow, in
   * columns (entries in order down each column), each as wide as its
   * widest entry, so that a few long labels ("lr = 0.5 (pinned)") beside
   * short ones take as few rows as fit. */
  GPtrArray *legend;       /* LlPlotLayer, borrowed: the entries in order */
  gboolean legend_right;
  double legend_x, legend_y;
  double legend_entry_width, legend_entry_height;  /* the widest entry; the right column's width */
  double legend_sample_width;
  guint legend_columns, legend_rows;
  double legend_column_x[MAX_LEGEND_COLUMNS];      /* above: each column's left, from legend_x */
  double legend_column_width[MAX_LEGEND_COLUMNS];

  /* A heat map's colour bar: right of the area, its ticks on the colour range. */
  const LlPlotLayer *bar_layer;
  cairo_rectangle_t bar;
  PlotAxisLayout bar_axis;      /* lo, hi: the colour range, log10 when log */
} PlotLayout;

/* Fills LAYOUT for FIGURE at WIDTH x HEIGHT, measuring text with CR (NULL:
 * a scratch surface); free with plot_layout_clear. */
void         plot_layout_init        (PlotLayout *layout, LlFigure *figure, cairo_t *cr,
                                      double width, double height);
void         plot_layout_clear       (PlotLayout *layout);
/* Clips CR to the data area, in whole pixels (cairo's fast path). */
void         plot_clip_to_area       (cairo_t *cr, const PlotLayout *layout);
/* Data to device along one axis, and back. */
double       plot_map                (const PlotLayout *layout, LlAxisId axis, double value);
double       plot_unmap              (const PlotLayout *layout, LlAxisId axis, double device);
static inline double
plot_map_x (const PlotLayout *layout, double x)
{
  return plot_map (layout, LL_AXIS_X, x);
}
static inline double
plot_map_y (const PlotLayout *layout, double y)
{
  return plot_map (layout, LL_AXIS_Y, y);
}

/* ---- plot-ticks.c ---- */

/* 1, 2 or 5 times a power of ten, at least RAW. */
double       plot_nice_step          (double raw);
/* Decimals that tell ticks STEP apart. */
int          plot_decimals_for_step  (double step);
/* The data range of AXIS over the visible layers (NAN, NAN: none). */
void         plot_data_range         (LlFigure *figure, LlAxisId axis, double *lo, double *hi);
/* The axis ends, step and ticks of AXIS, for LENGTH device units with about
 * one label every SPACING units (2 to MAX_TICKS of them) or, on a log axis,
 * labels at least LOG_SPACING apart. */
void         plot_axis_layout        (PlotLayout *layout, LlAxisId axis, double length,
                                      double spacing, double max_ticks, double log_spacing);
void         plot_axis_layout_clear  (PlotAxisLayout *axis);
/* A tick label for VALUE (data units) on AXIS, STEP apart; *MARKUP tells
 * whether it is Pango markup. */
char        *plot_tick_label         (LlFigure *figure, LlAxisId axis, double value, double step,
                                      gboolean log_plain, gboolean *markup);

/* The bar of point I of a bars layer, in device units; FALSE when not drawable. */
gboolean     plot_bar_rectangle      (const PlotLayout *layout, const LlPlotLayer *layer, gsize i,
                                      cairo_rectangle_t *rect);

/* ---- plot-axes.c ---- */

void         plot_draw_axes          (cairo_t *cr, const PlotLayout *layout);
void         plot_draw_axis_titles   (cairo_t *cr, const PlotLayout *layout);

/* ---- plot-layers.c ---- */

void         plot_draw_layer         (cairo_t *cr, const PlotLayout *layout, LlPlotLayer *layer);
/* Where a reference line's text is drawn, in device units: where it hides
 * the least data; FALSE when no text is drawn. */
gboolean     plot_reference_text_box (const PlotLayout *layout, const LlPlotLayer *layer,
                                      cairo_rectangle_t *box);
/* A heat map's colour range: LO..HI, in log10 when *LOG. */
void         plot_heat_color_range   (const LlPlotLayer *layer, double *lo, double *hi, gboolean *log);
void         plot_draw_color_bar     (cairo_t *cr, const PlotLayout *layout);
/* The colour of a lines, points or reference layer (faded or not). */
void         plot_layer_rgb          (const PlotLayout *layout, const LlPlotLayer *layer, guint series,
                                      Rgb *color);

/* ---- plot-contour.c ---- */

/* SEGMENTS (from ll_plot_contour_segments) joined where they meet: a new
 * array of polylines, each a GArray of (x, y) double pairs. */
GPtrArray   *plot_contour_polylines  (const GArray *segments);

/* ---- plot-legend.c ---- */

void         plot_draw_legend        (cairo_t *cr, const PlotLayout *layout);
/* Where entry I of the legend goes (its centre line at *Y from *X); FALSE
 * when there is no room for it. */
gboolean     plot_legend_entry_place (const PlotLayout *layout, guint i, double *x, double *y);
/* The width entry I's place takes (its column's). */
double       plot_legend_entry_width (const PlotLayout *layout, guint i);

/* ---- plot-readout.c ---- */

void         plot_draw_readout       (cairo_t *cr, const PlotLayout *layout);

/* A row of the readout box at the cursor's x: a labelled lines layer's. */
typedef struct {
  int marker;            /* series index of the marker to show, or -1 */
  Rgb color;
  char *label;
  char *value;           /* or NULL: no point there */
  gboolean twinned;      /* a second column: VALUE2 (NULL: no point there) */
  char *value2;
} PlotReadoutRow;

/* The rows of the cursor at x (PlotReadoutRow, freed with the array): one
 * per visible labelled lines layer, a twin's value in its series' row
 * when the figure has two value columns. */
GArray      *plot_readout_rows_at_x  (const PlotLayout *layout);

/* ---- plot-style.c ---- */

void         plot_set_rgb            (cairo_t *cr, const Rgb *color, double alpha);
void         plot_set_faded          (cairo_t *cr, const PlotLayout *layout, const Rgb *fg, double amount);
void         plot_mix                (const Rgb *from, const Rgb *to, double amount, Rgb *out);
void         plot_series_rgb         (gboolean dark, guint index, Rgb *color);
void         plot_set_series_line    (cairo_t *cr, double line_width, guint index);
void         plot_marker_path        (cairo_t *cr, MarkerShape shape, double x, double y, double r);
void         plot_paint_markers      (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color);
void         plot_draw_marker        (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color,
                                      double x, double y);
void         plot_draw_series_sample (cairo_t *cr, const PlotLayout *layout, guint index, const Rgb *color,
                                      gboolean ringed, gboolean dashed, double line_width,
                                      double x, double y, double width);

/* ---- plot-text.c ---- */

/* The thread's pango context for figures, brought to CR's target (a new
 * reference); texts measured and drawn in it are kept (plot-text.c). */
PangoContext *plot_text_context      (cairo_t *cr);
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
void         plot_rounded_rectangle  (cairo_t *cr, double x, double y, double w, double h, double r);

G_END_DECLS
