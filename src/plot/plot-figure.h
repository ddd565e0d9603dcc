/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-figure.h: a figure of layers on two axes, drawn with cairo and pango,
 * no GTK. The same code draws a widget's snapshot and the PNG, SVG and PDF
 * exports; hit-testing and the readout use the same geometry as the drawing.
 *
 *   LlFigure     title, optional caption, an x and a y axis (linear or log10,
 *                a label, a tick format, an automatic or fixed range), the
 *                look (dark, font scale), the layers, a legend, a readout
 *   LlPlotLayer  owned by its figure; drawn in the order added (heat maps
 *                first, under the axes; the grid is left out over them):
 *                  lines     (x, y) points joined, with markers; the look of
 *                            series index i (Okabe-Ito colour, dashes, marker)
 *                  points    scattered (x, y), coloured and shaped by class,
 *                            filled or hollow
 *                  heat map  a grid of values over an x/y rectangle in a colour
 *                            map, with contour lines (marching squares)
 *                  reference a vertical or horizontal line with a label ("2/L")
 *
 * A figure is plain data for one thread at a time (a view keeps one and
 * updates its layers, or builds one per drawing as the cost plot does).
 * Coordinates: "data" are the axes' own units (a learning rate, not its log);
 * "device" are the cairo units of the WIDTH x HEIGHT box a figure is drawn in.
 * Typical use, in a widget's snapshot or an export:
 *
 *   g_autoptr(LlFigure) figure = ll_figure_new ();
 *   ll_figure_axis_set_scale (figure, LL_AXIS_X, LL_AXIS_LOG);
 *   ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_RATE);
 *   ll_figure_axis_set_label (figure, LL_AXIS_X, label_text);
 *   layer = ll_figure_add_lines (figure, rates, costs, n, 0);
 *   ll_plot_layer_set_label (layer, legend_text);
 *   ll_figure_add_reference (figure, LL_AXIS_X, 2 / L, "2/L");
 *   ll_figure_render (figure, cr, width, height);
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _LlFigure LlFigure;
typedef struct _LlPlotLayer LlPlotLayer;

typedef enum {
  LL_AXIS_X,
  LL_AXIS_Y,
} LlAxisId;

typedef enum {
  LL_AXIS_LINEAR,
  LL_AXIS_LOG,     /* log10; values <= 0 are not drawn */
} LlAxisScale;

/* How an axis writes its numbers, at the ticks and in the readout. */
typedef enum {
  LL_TICK_NUMBER,     /* ticks "0.25", "1000" (log: "0.01" or 10^-7); readout 4 digits "0.6931" */
  LL_TICK_RATE,       /* a learning rate as typed: "0.5", "0.001", "1e-05" */
  LL_TICK_PERCENT,    /* the value is a percentage: "75%" */
  LL_TICK_ITERATION,  /* whole numbers: "2000"; linear ticks at least 1 apart */
} LlTickFormat;

/* A custom tick format: a new string for VALUE, plain text. STEP is the
 * distance between ticks (0 on a log axis, and for a readout value, which
 * should show more digits). */
typedef char *(*LlTickFormatFunc) (double value, double step, gpointer user_data);

typedef enum {
  LL_COLOR_MAP_SEQUENTIAL,  /* dark blue to yellow (viridis-like): a cost surface */
  LL_COLOR_MAP_DIVERGING,   /* blue - white - vermillion: a probability around 0.5 */
} LlColorMap;

typedef enum {
  LL_LAYER_LINES,
  LL_LAYER_POINTS,
  LL_LAYER_HEAT_MAP,
  LL_LAYER_REFERENCE,
} LlLayerKind;

/* ---- the figure ---- */

LlFigure    *ll_figure_new              (void);
void         ll_figure_free             (LlFigure *figure);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlFigure, ll_figure_free)

void         ll_figure_set_title        (LlFigure *figure, const char *title);    /* NULL: none */
/* A smaller line under the x axis's label: dataset, iterations, date. */
void         ll_figure_set_caption      (LlFigure *figure, const char *caption);  /* NULL: none */
/* The caption line of exported files only (ll_figure_export, ll_figure_record):
 * where the figure comes from ("Cat vs non-cat · 2000 iterations · 2026-12-07"),
 * after the caption when there is one; the screen does not show it. */
void         ll_figure_set_export_caption (LlFigure *figure, const char *caption);  /* NULL: none */
/* Colours for a dark background (exports are always light). */
void         ll_figure_set_dark         (LlFigure *figure, gboolean dark);
/* 1.0 = default; text, lines and markers grow with it (projectors). */
void         ll_figure_set_font_scale   (LlFigure *figure, double font_scale);
/* Every line and marker times LINE_SCALE (default 1; 0 = 1): projector mode. */
void         ll_figure_set_line_scale   (LlFigure *figure, double line_scale);
/* SCALE > 0 (a widget's scale factor): each heat map is drawn with its
 * contours once into an image of SCALE pixels per unit and reused while
 * the geometry stays, so a moving readout does not draw it again (a
 * 200 x 200 map with contours: tests/plot); 0 (the default) draws it every
 * time. Exports are always drawn as vectors. */
void         ll_figure_set_raster_cache (LlFigure *figure, double scale);
/* Shown by default when a layer has a label. */
void         ll_figure_set_legend_shown (LlFigure *figure, gboolean shown);

/* ---- axes ---- */

void         ll_figure_axis_set_scale   (LlFigure *figure, LlAxisId axis, LlAxisScale scale);
void         ll_figure_axis_set_label   (LlFigure *figure, LlAxisId axis, const char *label);
void         ll_figure_axis_set_format  (LlFigure *figure, LlAxisId axis, LlTickFormat format);
void         ll_figure_axis_set_format_func (LlFigure *figure, LlAxisId axis, LlTickFormatFunc func,
                                             gpointer user_data, GDestroyNotify destroy);
/* A fixed range LO..HI in data units (both > 0 on a log axis); NAN, NAN for
 * automatic (the default): the layers' data, widened to whole ticks on a
 * linear axis and whole decades on a log axis. */
void         ll_figure_axis_set_range   (LlFigure *figure, LlAxisId axis, double lo, double hi);
/* Automatic linear ranges reach zero (costs, accuracies). */
void         ll_figure_axis_set_include_zero (LlFigure *figure, LlAxisId axis, gboolean include_zero);
/* An automatic range that only grows: each drawing's range covers every
 * earlier one (a plot that stays steady while a run starts), until reset. */
void         ll_figure_axis_set_grow_only    (LlFigure *figure, LlAxisId axis, gboolean grow_only);
void         ll_figure_axis_reset_growth     (LlFigure *figure, LlAxisId axis);
/* A category axis: NAMES[i] (copied) at the whole number i, the range
 * -0.5 .. n - 0.5, a tick at each (labelled where the labels fit) and the
 * readout writing the name; NULL: numbers again. A bar chart by name. */
void         ll_figure_axis_set_categories (LlFigure *figure, LlAxisId axis, const char * const *names);
/* The range drawn at WIDTH x HEIGHT, in data units. */
void         ll_figure_axis_get_range   (LlFigure *figure, LlAxisId axis, double width, double height,
                                         double *lo, double *hi);
/* VALUE as the readout writes it on AXIS ("0.6931", "1e-05", "75.3%"). */
char        *ll_figure_axis_format_value (LlFigure *figure, LlAxisId axis, double value);

/* ---- layers (owned by the figure, valid until it is freed) ---- */

/* N points (X[i], Y[i]), copied; a point that cannot be drawn (not finite,
 * or <= 0 on a log axis) breaks the line. Drawn in SERIES_INDEX's colour,
 * dashes and marker (ll_plot_series_color / _dashes). */
LlPlotLayer *ll_figure_add_lines        (LlFigure *figure, const double *x, const double *y, gsize n,
                                         guint series_index);
/* N points coloured and shaped as series CLASSES[i] (NULL: all as the
 * layer's series, 0 unless set), filled (training examples) or hollow
 * (test examples). */
LlPlotLayer *ll_figure_add_points       (LlFigure *figure, const double *x, const double *y,
                                         const guint *classes, gsize n, gboolean filled);
/* NX x NY values (row-major, VALUES[j * NX + i] at x = X0 + i (X1 - X0) /
 * (NX - 1), y = Y0 + j (Y1 - Y0) / (NY - 1)), copied; NX, NY >= 2. Coloured
 * from the smallest to the largest finite value unless set otherwise. */
LlPlotLayer *ll_figure_add_heat_map     (LlFigure *figure, const double *values, guint nx, guint ny,
                                         double x0, double x1, double y0, double y1, LlColorMap map);
/* A line across the data area at VALUE on AXIS (LL_AXIS_X: a vertical line
 * x = VALUE), dashed, with TEXT (may be NULL) beside its top or right end. */
LlPlotLayer *ll_figure_add_reference    (LlFigure *figure, LlAxisId axis, double value, const char *text);

guint        ll_figure_get_n_layers     (LlFigure *figure);
LlPlotLayer *ll_figure_get_layer        (LlFigure *figure, guint index);

LlLayerKind  ll_plot_layer_get_kind     (LlPlotLayer *layer);
/* The legend's and the readout's name of the layer; NULL: not in the legend. */
void         ll_plot_layer_set_label    (LlPlotLayer *layer, const char *label);
const char  *ll_plot_layer_get_label    (LlPlotLayer *layer);
/* A hidden layer is not drawn, not in automatic ranges nor the readout; its
 * legend entry stays, faded, so it can be shown again. */
void         ll_plot_layer_set_visible  (LlPlotLayer *layer, gboolean visible);
gboolean     ll_plot_layer_get_visible  (LlPlotLayer *layer);
/* FALSE: the layer does not widen automatic ranges (a decision line). */
void         ll_plot_layer_set_in_range (LlPlotLayer *layer, gboolean in_range);
/* Lines, points, reference: the colour (and for lines, dashes and marker)
 * of series INDEX; a reference line has the foreground colour until set. */
void         ll_plot_layer_set_series   (LlPlotLayer *layer, guint series_index);
/* Lines, points, reference: a lighter variant of the colour, half way to
 * the background (test cost beside training cost, pinned runs). */
void         ll_plot_layer_set_faded    (LlPlotLayer *layer, gboolean faded);
/* Whether a labelled layer has a legend entry (default TRUE). FALSE keeps
 * its label for the readout only: a twin drawn in its entry's colour (the
 * test cost beside the training cost) need not crowd the legend. */
void         ll_plot_layer_set_in_legend (LlPlotLayer *layer, gboolean in_legend);
/* Lines, reference: line width times SCALE (default 1). */
void         ll_plot_layer_set_line_width_scale (LlPlotLayer *layer, double scale);
/* Lines: markers at the points (default TRUE). */
void         ll_plot_layer_set_markers  (LlPlotLayer *layer, gboolean markers);
/* Lines: the dashes of its series index; FALSE: solid. Reference: dashed;
 * FALSE: solid. Default TRUE. */
void         ll_plot_layer_set_dashed   (LlPlotLayer *layer, gboolean dashed);
/* Points: marker radius times SCALE (default 1). */
void         ll_plot_layer_set_marker_scale (LlPlotLayer *layer, double scale);
/* Points: each drawn as a horizontal bar from x = 0 to its x, THICKNESS y
 * units high centred on its y, in its series' colour with the series'
 * marker at its end (a bar chart, categories on the y axis); hovering
 * anywhere on a bar reads it. 0: markers again. */
void         ll_plot_layer_set_bars     (LlPlotLayer *layer, double thickness);
/* Heat map: values LO..HI span the colour map (LOG: on a log10 scale, for a
 * cost surface); NAN, NAN for the data's own range. */
void         ll_plot_layer_set_color_range (LlPlotLayer *layer, double lo, double hi, gboolean log);
/* Heat map: a colour bar right of the data area, with ticks on the colour
 * range and the layer's label over it (instead of a legend entry). */
void         ll_plot_layer_set_color_bar (LlPlotLayer *layer, gboolean shown);
/* Heat map: contour lines at N_LEVELS values, copied (see ll_plot_log_levels). */
void         ll_plot_layer_set_contours (LlPlotLayer *layer, const double *levels, guint n_levels);
/* Heat map: makes now what its first drawing would make (the values as an
 * image of a pixel per grid point, the contour lines joined), so drawing
 * only scales the one and strokes the others. For a worker thread that
 * builds a figure no other thread uses yet and then hands it over (the
 * landscape: a 200 x 200 grid took the UI thread ~10 ms a surface). Drawing
 * and exports use what it made. Set colours and contours before. */
void         ll_plot_layer_prepare      (LlPlotLayer *layer);
/* TRUE when ll_plot_layer_prepare made them and no change of colours or
 * contours dropped them since (tests: what the drawing uses came ready). */
gboolean     ll_plot_layer_get_prepared (LlPlotLayer *layer);
/* Heat map: the value at data (X, Y), interpolated; FALSE outside the grid. */
gboolean     ll_plot_layer_value_at     (LlPlotLayer *layer, double x, double y, double *value);
/* Lines, points: new points in place of the old, copied (CLASSES as in
 * ll_figure_add_points; NULL for lines), so a view can keep its figure and
 * follow a run as it records. */
void         ll_plot_layer_set_points   (LlPlotLayer *layer, const double *x, const double *y,
                                         const guint *classes, gsize n);
/* Lines, points: the number of points and point I. */
gsize        ll_plot_layer_get_n_points (LlPlotLayer *layer);
void         ll_plot_layer_get_point    (LlPlotLayer *layer, gsize i, double *x, double *y);

/* ---- drawing ---- */

/* Draws FIGURE into the WIDTH x HEIGHT box at the current origin of CR. */
void         ll_figure_render           (LlFigure *figure, cairo_t *cr, double width, double height);

/* Writes FIGURE to PATH as PNG, SVG or PDF (by extension, case-insensitive),
 * WIDTH x HEIGHT points (a PNG has WIDTH x HEIGHT pixels, 16 to 16384), with
 * the light colours, atomically: a failure leaves any earlier file intact.
 * Another extension is a G_IO_ERROR_NOT_SUPPORTED error and writes nothing. */
gboolean     ll_figure_export           (LlFigure *figure, const char *path, int width, int height,
                                         GError **error);
/* The same in two steps, for a thread: ll_figure_record draws FIGURE as
 * exported (light, WIDTH x HEIGHT) into a new cairo recording surface, a
 * few milliseconds; ll_figure_export_recording, on any thread, rasterises
 * and writes it as ll_figure_export does (a 1920x1080 PNG: ~0.3 s). */
cairo_surface_t *ll_figure_record       (LlFigure *figure, int width, int height);
gboolean     ll_figure_export_recording (cairo_surface_t *recording, const char *path, int width,
                                         int height, GError **error);

/* ---- geometry and readout (pure: no drawing, for widgets and tests) ---- */

/* The data area (the box inside the axes) at WIDTH x HEIGHT. */
void         ll_figure_data_area        (LlFigure *figure, double width, double height,
                                         cairo_rectangle_t *area);
void         ll_figure_data_to_device   (LlFigure *figure, double width, double height,
                                         double x, double y, double *device_x, double *device_y);
void         ll_figure_device_to_data   (LlFigure *figure, double width, double height,
                                         double device_x, double device_y, double *x, double *y);

/* The x of the point of any visible lines layer nearest DEVICE_X along x
 * (the cost plot's readout: one column of points across the series). FALSE
 * when DEVICE_X is outside the data area (give or take a marker) or there
 * are no points. */
gboolean     ll_figure_nearest_x        (LlFigure *figure, double width, double height,
                                         double device_x, double *x);

/* For the keyboard: the x of a visible lines layer's point next after X
 * (DIRECTION > 0) or before it (DIRECTION < 0); X NAN starts from the first
 * (DIRECTION > 0) or the last. FALSE when there is none that way. */
gboolean     ll_figure_next_x           (LlFigure *figure, double x, int direction, double *next);

typedef struct {
  LlPlotLayer *layer;
  gsize index;          /* the point in its layer */
  double x, y;          /* data */
  double distance;      /* device units from the pointer */
} LlPlotHit;

/* The visible lines or points layer's point nearest (DEVICE_X, DEVICE_Y)
 * within MAX_DISTANCE device units. */
gboolean     ll_figure_nearest_point    (LlFigure *figure, double width, double height,
                                         double device_x, double device_y, double max_distance,
                                         LlPlotHit *hit);

/* The layer whose legend entry (its sample or label) holds (DEVICE_X,
 * DEVICE_Y), or NULL: for a view that shows or hides a curve on a click. */
LlPlotLayer *ll_figure_legend_hit       (LlFigure *figure, double width, double height,
                                         double device_x, double device_y);

/* The readout drawn with the figure: a cursor at X with a ring on each lines
 * layer's point at X and a box with HEADING and one row per labelled lines
 * layer (its value there, or a dash); NAN for none. */
void         ll_figure_set_cursor_x     (LlFigure *figure, double x, const char *heading);
/* Or a ring on point INDEX of LAYER and a box with HEADING (NULL: the
 * layer's label) and its x, y (and each heat map's value there) as the axes
 * write them. LAYER NULL for none. */
void         ll_figure_set_cursor_point (LlFigure *figure, LlPlotLayer *layer, gsize index,
                                         const char *heading);

/* A row added under the readout's own (the run's true cost beside the
 * surface's, say), until the cursor is set again. */
void         ll_figure_add_cursor_row   (LlFigure *figure, const char *label, const char *value);
/* Two value columns in the cursor-at-x readout, titled FIRST and SECOND
 * (NULL, NULL: one, the default; kept until changed): a lines layer out of
 * the legend (ll_plot_layer_set_in_legend) gives its value in the second
 * column of its series' row rather than a row of its own, so five runs
 * and their test costs take five rows under "cost  test", not ten. */
void         ll_figure_set_cursor_columns (LlFigure *figure, const char *first, const char *second);

/* ---- contours and colours (pure) ---- */

typedef struct {
  double x0, y0, x1, y1;
} LlPlotSegment;

/* The contour VALUE = LEVEL of a grid laid out as in ll_figure_add_heat_map,
 * by marching squares (saddles decided by the cell's mean): a new array of
 * LlPlotSegment in data coordinates. Non-finite corners skip their cell. */
GArray      *ll_plot_contour_segments   (const double *values, guint nx, guint ny,
                                         double x0, double x1, double y0, double y1, double level);
/* N levels log-spaced strictly between LO and HI (> 0) into LEVELS. */
void         ll_plot_log_levels         (double lo, double hi, guint n, double *levels);
/* The colour of T in 0..1 (clamped) in MAP. */
void         ll_plot_color_map          (LlColorMap map, double t, double rgb[3]);

G_END_DECLS
