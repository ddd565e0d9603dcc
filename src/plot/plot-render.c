/* plot-render.c: the cost plot drawn with cairo and pango, no GTK.
 *
 * ll_plot_render puts the pieces together (plot-layout.c computes where
 * everything goes; plot-axes.c, plot-series.c and plot-style.c draw) and
 * adds the readout, the legend and the titles; ll_plot_export writes the
 * same drawing to a file. Every translatable string of the plot is here. */
#include "config.h"

#include "plot/plot-private.h"
#include "core/io/file-error.h"
#include "core/io/output-file.h"

#include <math.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

char *
plot_rate_label (double learning_rate)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  /* TRANSLATORS: legend entry, %s is a learning rate such as 0.5 */
  return g_strdup_printf (_("lr = %s"), ll_plot_format_rate (learning_rate, number));
}

/* The axis titles, the bottom one centred under the data, the left one
 * turned a quarter. */
static void
draw_axis_titles (cairo_t *cr, const PlotLayout *layout)
{
  const cairo_rectangle_t *area = &layout->area;
  double font_px = layout->font_px;

  cairo_save (cr);
  plot_set_rgb (cr, &layout->foreground, 1);
  plot_draw_text (cr, layout->pango, font_px * 1.05, FALSE, _("iterations"), FALSE,
                  area->x + area->width / 2, layout->height - layout->pad, 0.5, 1);
  cairo_translate (cr, layout->pad, area->y + area->height / 2);
  cairo_rotate (cr, -G_PI / 2);
  pango_cairo_update_context (cr, layout->pango);
  plot_draw_text (cr, layout->pango, font_px * 1.05, FALSE,
                  layout->log_scale ? _("cost (log scale)") : _("cost"), FALSE,
                  0, 0, 0.5, 0);
  cairo_restore (cr);
  pango_cairo_update_context (cr, layout->pango);
}

static gboolean
series_cost_at (const LlPlotSeries *series, guint iteration, double *cost)
{
  for (gsize i = 0; i < series->n_points; i++)
    if (series->points[i].iteration == iteration)
      {
        *cost = series->points[i].cost;
        return TRUE;
      }
  return FALSE;
}

static void
rounded_rectangle (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static guint
points_inside (const LlPlotSpec *spec, const PlotLayout *layout,
               double x, double y, double w, double h)
{
  guint count = 0;

  for (guint s = 0; s < spec->n_series; s++)
    for (gsize i = 0; i < spec->series[s].n_points; i++)
      {
        const LlCostPoint *point = &spec->series[s].points[i];
        double px, py;

        if (!plot_cost_is_drawable (point->cost, layout->log_scale))
          continue;
        px = plot_map_x (layout, point->iteration);
        py = plot_map_y (layout, point->cost);
        count += px >= x && px <= x + w && py >= y && py <= y + h;
      }
  return count;
}

/* The cursor at the highlighted record point and a box with its costs. */
static void
draw_readout (cairo_t *cr, const LlPlotSpec *spec, const PlotLayout *layout)
{
  const cairo_rectangle_t *area = &layout->area;
  double font_px = layout->font_px * 0.95;
  double x, inner, row_height, heading_height, label_width = 0, value_width = 0;
  double marker_column, box_width, box_height, box_x, box_y;
  g_autofree char *heading = NULL;
  g_autoptr(PangoLayout) heading_layout = NULL;
  guint best_count = G_MAXUINT;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (spec->highlight_iteration < 0 || spec->highlight_iteration > layout->x_max)
    return;
  x = plot_map_x (layout, spec->highlight_iteration);

  cairo_save (cr);
  plot_set_faded (cr, layout, &layout->foreground, 0.6);
  cairo_set_line_width (cr, 1.2);
  cairo_move_to (cr, round (x) + 0.5, area->y);
  cairo_line_to (cr, round (x) + 0.5, area->y + area->height);
  cairo_stroke (cr);

  for (guint s = 0; s < spec->n_series; s++)
    {
      double cost;
      Rgb color;

      if (!series_cost_at (&spec->series[s], spec->highlight_iteration, &cost)
          || !plot_cost_is_drawable (cost, layout->log_scale))
        continue;
      plot_series_rgb (spec, s, &color);
      plot_set_rgb (cr, &color, 1);
      cairo_set_line_width (cr, layout->line_width);
      cairo_new_sub_path (cr);
      cairo_arc (cr, x, plot_map_y (layout, cost), layout->marker_radius * 2, 0, 2 * G_PI);
      cairo_stroke (cr);
    }

  /* TRANSLATORS: heading of the plot's readout, %d is an iteration number */
  heading = g_strdup_printf (_("iteration %d"), spec->highlight_iteration);
  heading_layout = plot_text_new (layout->pango, font_px, TRUE, heading, FALSE);
  plot_text_size (heading_layout, &box_width, &heading_height);
  {
    g_autoptr(PangoLayout) probe = plot_text_new (layout->pango, font_px, FALSE, "0", FALSE);
    plot_text_size (probe, NULL, &row_height);
    row_height *= 1.3;
  }
  for (guint s = 0; s < spec->n_series; s++)
    {
      g_autofree char *label = plot_rate_label (spec->series[s].learning_rate);
      double cost;

      label_width = MAX (label_width, plot_text_width (layout->pango, font_px, FALSE, label, FALSE));
      if (series_cost_at (&spec->series[s], spec->highlight_iteration, &cost))
        value_width = MAX (value_width, plot_text_width (layout->pango, font_px, FALSE,
                                                         ll_plot_format_cost (cost, buf), FALSE));
    }
  value_width = MAX (value_width, plot_text_width (layout->pango, font_px, FALSE, "\xe2\x80\x94", FALSE));
  inner = layout->gap * 1.2;
  marker_column = layout->marker_radius * 2 + layout->gap;
  box_width = MAX (box_width, marker_column + label_width + layout->gap * 2 + value_width);
  box_width += inner * 2;
  box_height = inner * 2 + heading_height * 1.15 + spec->n_series * row_height;

  /* Beside the cursor, in whichever corner hides the fewest points. */
  box_x = x + layout->gap * 2;
  box_y = area->y + layout->gap;
  {
    double xs[2] = { x + layout->gap * 2, x - layout->gap * 2 - box_width };
    double ys[2] = { area->y + layout->gap, area->y + area->height - layout->gap - box_height };
    gboolean placed = FALSE;

    for (int yi = 0; yi < 2; yi++)
      for (int xi = 0; xi < 2; xi++)
        {
          guint count;

          if (xs[xi] < area->x || xs[xi] + box_width > area->x + area->width || ys[yi] < area->y)
            continue;
          count = points_inside (spec, layout, xs[xi], ys[yi], box_width, box_height);
          if (!placed || count < best_count)
            {
              best_count = count;
              box_x = xs[xi];
              box_y = ys[yi];
              placed = TRUE;
            }
        }
    /* No room on either side: over the cursor, towards the middle of the
     * data, never over the legend. */
    if (!placed)
      {
        box_x = x > area->x + area->width / 2 ? area->x + layout->gap : x + layout->gap * 2;
        box_x = CLAMP (box_x, area->x, MAX (area->x, area->x + area->width - box_width));
      }
  }

  rounded_rectangle (cr, box_x, box_y, box_width, box_height, layout->gap);
  plot_set_rgb (cr, &layout->background, 0.94);
  cairo_fill_preserve (cr);
  plot_set_rgb (cr, &layout->foreground, 0.35);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  plot_set_rgb (cr, &layout->foreground, 1);
  plot_show_text (cr, heading_layout, box_x + inner, box_y + inner, 0, 0);
  for (guint s = 0; s < spec->n_series; s++)
    {
      g_autofree char *label = plot_rate_label (spec->series[s].learning_rate);
      double row_y = box_y + inner + heading_height * 1.15 + (s + 0.5) * row_height;
      double cost;
      const char *value = "\xe2\x80\x94";  /* no point there yet */
      Rgb color;

      if (series_cost_at (&spec->series[s], spec->highlight_iteration, &cost))
        value = ll_plot_format_cost (cost, buf);
      plot_series_rgb (spec, s, &color);
      plot_draw_marker (cr, layout, s, &color, box_x + inner + layout->marker_radius, row_y);
      plot_set_rgb (cr, &layout->foreground, 1);
      plot_draw_text (cr, layout->pango, font_px, FALSE, label, FALSE, box_x + inner + marker_column, row_y, 0, 0.5);
      plot_draw_text (cr, layout->pango, font_px, FALSE, value, FALSE, box_x + box_width - inner, row_y, 1, 0.5);
    }
  cairo_restore (cr);
}

static void
draw_legend (cairo_t *cr, const LlPlotSpec *spec, const PlotLayout *layout)
{
  for (guint s = 0; s < spec->n_series; s++)
    {
      guint column = layout->legend_right ? 0 : s % layout->legend_columns;
      guint row = layout->legend_right ? s : s / layout->legend_columns;
      double x = layout->legend_x + column * layout->legend_entry_width;
      double y = layout->legend_y + (row + 0.5) * layout->legend_entry_height;
      g_autofree char *label = NULL;
      Rgb color;

      if (!layout->legend_right && row >= MAX_LEGEND_ROWS)
        break;
      if (layout->legend_right && y > layout->height - layout->pad)
        break;
      plot_series_rgb (spec, s, &color);
      plot_draw_series_sample (cr, layout, s, &color, TRUE, x, y, layout->legend_sample_width);

      label = plot_rate_label (spec->series[s].learning_rate);
      plot_set_rgb (cr, &layout->foreground, 1);
      plot_draw_text (cr, layout->pango, layout->font_px, FALSE, label, FALSE,
                      x + layout->legend_sample_width + layout->gap, y, 0, 0.5);
    }
}

void
ll_plot_render (cairo_t *cr, const LlPlotSpec *spec, double width, double height)
{
  PlotLayout layout;
  double slack;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (spec != NULL);
  g_return_if_fail (spec->n_series == 0 || spec->series != NULL);

  cairo_save (cr);
  plot_compute_layout (cr, spec, width, height, &layout);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GOOD);

  plot_set_rgb (cr, &layout.background, 1);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);

  plot_draw_axes (cr, &layout);
  draw_axis_titles (cr, &layout);

  /* The axes cover every point; the slack only keeps the markers at the
   * ends whole. */
  slack = layout.marker_radius * 1.6 + layout.line_width;
  cairo_save (cr);
  /* whole pixels: cairo's fast path for a rectangular clip */
  cairo_rectangle (cr, floor (layout.area.x - slack), floor (layout.area.y - slack),
                   ceil (layout.area.width + 2 * slack), ceil (layout.area.height + 2 * slack));
  cairo_clip (cr);
  for (guint s = 0; s < spec->n_series; s++)
    plot_draw_series (cr, spec, &layout, s);
  cairo_restore (cr);

  draw_readout (cr, spec, &layout);
  draw_legend (cr, spec, &layout);

  if (spec->title && *spec->title)
    {
      plot_set_rgb (cr, &layout.foreground, 1);
      plot_draw_text (cr, layout.pango, layout.font_px * 1.15, TRUE, spec->title, FALSE,
                      layout.area.x + layout.area.width / 2, layout.pad, 0.5, 0);
    }
  g_clear_object (&layout.pango);
  cairo_restore (cr);
}

/* ---- export ---- */

typedef enum {
  EXPORT_PNG,
  EXPORT_SVG,
  EXPORT_PDF,
} ExportFormat;

static gboolean
export_format_for_path (const char *path, ExportFormat *format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (g_str_has_suffix (lower, ".png"))
    *format = EXPORT_PNG;
  else if (g_str_has_suffix (lower, ".svg"))
    *format = EXPORT_SVG;
  else if (g_str_has_suffix (lower, ".pdf"))
    *format = EXPORT_PDF;
  else
    return FALSE;
  return TRUE;
}

static cairo_status_t
append_to_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
ll_plot_export (const LlPlotSpec *spec, const char *path, int width, int height, GError **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree char *display_name = NULL;
  g_autoptr (GError) write_error = NULL;
  LlPlotSpec light;
  ExportFormat format;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (spec != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display_name = g_filename_display_name (path);
  if (!export_format_for_path (path, &format))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("%s: cannot write a plot in this format; use a .png, .svg or .pdf name"),
                   display_name);
      return FALSE;
    }
  if (width < 16 || height < 16 || width > 16384 || height > 16384)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("%s: plot size %dx%d is out of range (16 to 16384)"),
                   display_name, width, height);
      return FALSE;
    }

  /* Slides and paper are light. */
  light = *spec;
  light.dark = FALSE;

  bytes = g_byte_array_new ();
  switch (format)
    {
    case EXPORT_PNG:
      surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
      break;
    case EXPORT_SVG:
      surface = cairo_svg_surface_create_for_stream (append_to_bytes, bytes, width, height);
      break;
    case EXPORT_PDF:
    default:
      surface = cairo_pdf_surface_create_for_stream (append_to_bytes, bytes, width, height);
      break;
    }

  cr = cairo_create (surface);
  ll_plot_render (cr, &light, width, height);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == EXPORT_PNG)
    status = cairo_surface_write_to_png_stream (surface, append_to_bytes, bytes);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("%s: cannot draw the plot: %s"),
                   display_name, cairo_status_to_string (status));
      return FALSE;
    }

  /* An earlier plot survives a failure; devices and FIFOs are written in place. */
  if (!ll_output_write_bytes (path, bytes->data, bytes->len, &write_error))
    {
      g_set_error (error, write_error->domain, write_error->code, _("%s: cannot write: %s"),
                   display_name, ll_file_error_reason (write_error));
      return FALSE;
    }
  return TRUE;
}
