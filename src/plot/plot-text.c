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
 * entries at every frame; making and shaping a layout for each was about a
 * third of a figure's drawing (perf of bench-stall's sweep). So each pango
 * context keeps the layouts of the texts it measured or drew, unchanged
 * (plot_text_new gives a fresh one to callers that set a width). Pango
 * contexts are used by one thread at a time, and so is their cache. */
#define TEXT_CACHE_KEY "ll-plot-text-cache"
#define TEXT_CACHE_MAX 1024

static PangoLayout *
plot_text_cached (PangoContext *pango, double px, gboolean bold, const char *text, gboolean is_markup)
{
  GHashTable *cache = g_object_get_data (G_OBJECT (pango), TEXT_CACHE_KEY);
  char size[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *key = NULL;
  PangoLayout *layout;

  /* "px|bold|markup|text" -> PangoLayout. A layout lays itself out anew
   * when its context changed (new font options): nothing to invalidate. */
  if (cache == NULL)
    {
      cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
      g_object_set_data_full (G_OBJECT (pango), TEXT_CACHE_KEY, cache,
                              (GDestroyNotify) g_hash_table_unref);
    }
  if (g_hash_table_size (cache) >= TEXT_CACHE_MAX)
    g_hash_table_remove_all (cache);
  key = g_strdup_printf ("%s|%d|%d|%s", g_ascii_dtostr (size, sizeof size, px), bold != 0,
                         is_markup != 0, text);
  layout = g_hash_table_lookup (cache, key);
  if (layout == NULL)
    {
      layout = plot_text_new (pango, px, bold, text, is_markup);
      g_hash_table_insert (cache, g_steal_pointer (&key), layout);
    }
  return layout;
}

double
plot_text_width (PangoContext *pango, double px, gboolean bold, const char *text, gboolean is_markup)
{
  double width;

  plot_text_size (plot_text_cached (pango, px, bold, text, is_markup), &width, NULL);
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
  plot_show_text (cr, plot_text_cached (pango, px, bold, text, is_markup), x, y, xalign, yalign);
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
