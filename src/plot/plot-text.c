/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-text.c: the plot's text: pango layouts in its font, anchored where
 * they go, and numbers written the same in every locale. */
#include "config.h"

#include "plot/plot-private.h"

#include <math.h>

PangoLayout *
plot_text_new (PangoContext *pango, double px, gboolean bold, const char *text, gboolean is_markup)
{
  PangoLayout *layout = pango_layout_new (pango);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);

  pango_font_description_set_absolute_size (font, px * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  if (is_markup)
    pango_layout_set_markup (layout, text, -1);
  else
    pango_layout_set_text (layout, text, -1);
  return layout;
}

void
plot_text_size (PangoLayout *layout, double *width, double *height)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  if (width)
    *width = (double) w / PANGO_SCALE;
  if (height)
    *height = (double) h / PANGO_SCALE;
}

/* A figure measures and draws the same tick labels, titles and legend
 * entries at every frame; a new pango context for each drawing and a new
 * layout (font parsed, text shaped) for each measure and draw of a label
 * were about a third of a figure's drawing (perf of bench-stall's sweep).
 * So each thread lays out every figure in one context, brought to each
 * target's font options and transform, and keeps the layouts of the texts
 * it measured or drew; a layout lays itself out anew when its context
 * changed. The layouts hold the context, so both live beside it, not on
 * it (that would be a cycle). plot_text_new gives a fresh layout to callers
 * that change it. */
#define TEXT_CACHE_MAX 1024

typedef struct {
  PangoContext *pango;
  GHashTable *layouts;   /* "px|bold|markup|text" -> PangoLayout */
} ThreadText;

static void
thread_text_free (gpointer data)
{
  ThreadText *thread_text = data;

  g_hash_table_unref (thread_text->layouts);
  g_object_unref (thread_text->pango);
  g_free (thread_text);
}

static GPrivate thread_text_key = G_PRIVATE_INIT (thread_text_free);

PangoContext *
plot_text_context (cairo_t *cr)
{
  ThreadText *thread_text = g_private_get (&thread_text_key);

  if (thread_text == NULL)
    {
      thread_text = g_new0 (ThreadText, 1);
      thread_text->pango = pango_cairo_create_context (cr);
      thread_text->layouts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_private_set (&thread_text_key, thread_text);
    }
  else
    pango_cairo_update_context (cr, thread_text->pango);
  return g_object_ref (thread_text->pango);
}

/* The kept layout of TEXT in the thread's context, or NULL for another
 * context. */
static PangoLayout *
plot_text_cached (PangoContext *pango, double px, gboolean bold, const char *text, gboolean is_markup)
{
  ThreadText *thread_text = g_private_get (&thread_text_key);
  char size[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *key = NULL;
  PangoLayout *layout;

  if (thread_text == NULL || thread_text->pango != pango)
    return NULL;
  if (g_hash_table_size (thread_text->layouts) >= TEXT_CACHE_MAX)
    g_hash_table_remove_all (thread_text->layouts);
  key = g_strdup_printf ("%s|%d|%d|%s", g_ascii_dtostr (size, sizeof size, px), bold != 0,
                         is_markup != 0, text);
  layout = g_hash_table_lookup (thread_text->layouts, key);
  if (layout == NULL)
    {
      layout = plot_text_new (pango, px, bold, text, is_markup);
      g_hash_table_insert (thread_text->layouts, g_steal_pointer (&key), layout);
    }
  return layout;
}

/* TEXT's layout: the kept one, else a new one that FRESH holds. */
static PangoLayout *
plot_text_layout (PangoContext *pango, double px, gboolean bold, const char *text,
                  gboolean is_markup, PangoLayout **fresh)
{
  PangoLayout *layout = plot_text_cached (pango, px, bold, text, is_markup);

  if (layout == NULL)
    layout = *fresh = plot_text_new (pango, px, bold, text, is_markup);
  return layout;
}

double
plot_text_width (PangoContext *pango, double px, gboolean bold, const char *text, gboolean is_markup)
{
  g_autoptr(PangoLayout) fresh = NULL;
  double width;

  plot_text_size (plot_text_layout (pango, px, bold, text, is_markup, &fresh), &width, NULL);
  return width;
}

/* Draws LAYOUT with its box anchored at (X, Y): XALIGN/YALIGN 0 = left/top,
 * 0.5 = centre, 1 = right/bottom. */
void
plot_show_text (cairo_t *cr, PangoLayout *layout, double x, double y, double xalign, double yalign)
{
  double width, height;

  plot_text_size (layout, &width, &height);
  cairo_move_to (cr, x - xalign * width, y - yalign * height);
  pango_cairo_show_layout (cr, layout);
}

void
plot_draw_text (cairo_t *cr, PangoContext *pango, double px, gboolean bold,
                const char *text, gboolean is_markup,
                double x, double y, double xalign, double yalign)
{
  g_autoptr(PangoLayout) fresh = NULL;

  plot_show_text (cr, plot_text_layout (pango, px, bold, text, is_markup, &fresh), x, y, xalign, yalign);
}

char *
ll_plot_format_cost (double cost, char *buf)
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.4g", cost);
}

char *
ll_plot_format_rate (double learning_rate, char *buf)
{
  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.6g", learning_rate);
}

void
plot_format_fixed (char *buf, double value, int decimals)
{
  char format[16];

  g_snprintf (format, sizeof format, "%%.%df", CLAMP (decimals, 0, 12));
  if (fabs (value) < 1e-12)
    value = 0;  /* no "-0" */
  if (fabs (value) >= 1e15)
    g_strlcpy (format, "%.6g", sizeof format);  /* fixed point would cut the digits */
  g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
}

/* A label for MANTISSA x 10^DECADE on the log axis, as Pango markup. */
char *
plot_log_tick_label (int mantissa, int decade, gboolean plain)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (plain)
    {
      plot_format_fixed (buf, mantissa * pow (10, decade), MAX (0, -decade));
      return g_strdup (buf);
    }
  /* U+2212 MINUS SIGN reads better than a hyphen in an exponent. */
  if (mantissa == 1)
    return g_strdup_printf ("10<sup>%s%d</sup>", decade < 0 ? "\xe2\x88\x92" : "", ABS (decade));
  return g_strdup_printf ("%d\xc3\x97" "10<sup>%s%d</sup>", mantissa,
                          decade < 0 ? "\xe2\x88\x92" : "", ABS (decade));
}
