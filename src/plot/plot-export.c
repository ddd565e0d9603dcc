/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-export.c: a figure as a PNG, SVG or PDF file. The drawing goes to
 * bytes in memory first and the file is written in one call
 * (write_plot_file), so a failed drawing writes nothing. */
#include "config.h"

#include "plot/plot-private.h"
#include "core/io/file-error.h"
#include "core/io/output-file.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gi18n-lib.h>

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

/* The one place a plot file is written, with ll_output_write_bytes: an
 * earlier plot survives a failure; devices and FIFOs are written in place. */
static gboolean
write_plot_file (const char *path, const char *display_name, GByteArray *bytes, GError **error)
{
  g_autoptr(GError) write_error = NULL;

  if (!ll_output_write_bytes (path, bytes->data, bytes->len, &write_error))
    {
      g_set_error (error, write_error->domain, write_error->code, _("%s: cannot write: %s"),
                   display_name, ll_file_error_reason (write_error));
      return FALSE;
    }
  return TRUE;
}

typedef void (*DrawFunc) (cairo_t *cr, int width, int height, gpointer data);

/* PATH gets what DRAW draws at WIDTH x HEIGHT, in the format its extension
 * names. */
static gboolean
export_drawing (const char *path, int width, int height, DrawFunc draw, gpointer data, GError **error)
{
  g_autoptr(GByteArray) bytes = NULL;
  g_autofree char *display_name = NULL;
  ExportFormat format;
  cairo_surface_t *surface = NULL;
  cairo_status_t status;
  cairo_t *cr;

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
  draw (cr, width, height, data);
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
  return write_plot_file (path, display_name, bytes, error);
}

/* Slides and paper are light, and say where they come from. */
static void
draw_light_figure (cairo_t *cr, int width, int height, gpointer data)
{
  LlFigure *figure = data;
  gboolean dark = figure->dark;
  char *caption = figure->caption;
  g_autofree char *joined = NULL;

  if (figure->export_caption != NULL)
    {
      joined = caption != NULL ? g_strconcat (caption, " · ", figure->export_caption, NULL)
                               : g_strdup (figure->export_caption);
      figure->caption = joined;
    }
  figure->dark = FALSE;
  figure->exporting = TRUE;
  ll_figure_render (figure, cr, width, height);
  figure->exporting = FALSE;
  figure->dark = dark;
  figure->caption = caption;
}

gboolean
ll_figure_export (LlFigure *figure, const char *path, int width, int height, GError **error)
{
  g_return_val_if_fail (figure != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return export_drawing (path, width, height, draw_light_figure, figure, error);
}

cairo_surface_t *
ll_figure_record (LlFigure *figure, int width, int height)
{
  cairo_surface_t *recording;
  cairo_t *cr;

  g_return_val_if_fail (figure != NULL, NULL);

  recording = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA,
                                              &(cairo_rectangle_t) { 0, 0, MAX (width, 1), MAX (height, 1) });
  cr = cairo_create (recording);
  draw_light_figure (cr, width, height, figure);
  cairo_destroy (cr);
  return recording;
}

static void
draw_recording (cairo_t *cr, int width, int height, gpointer data)
{
  cairo_set_source_surface (cr, data, 0, 0);
  cairo_paint (cr);
}

gboolean
ll_figure_export_recording (cairo_surface_t *recording, const char *path, int width, int height,
                            GError **error)
{
  g_return_val_if_fail (recording != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return export_drawing (path, width, height, draw_recording, recording, error);
}
