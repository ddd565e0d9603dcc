/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-window-zoom.c: the projector zoom (main menu −, 100 %, +; Ctrl+plus,
 * Ctrl+minus, Ctrl+0). One number scales every text below the header bar:
 * a CSS provider on the display sets the font size of the window's ".ll-zoom"
 * box (style.css sizes everything inside it in em), and the plots, which
 * draw their own text (the cost plot, the sweep's and the sharpness figure),
 * get a factor in their font-scale. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ll-sharpness-view.h"
#include "ll-window-private.h"

#define ZOOM_CSS_DATA_KEY "ll-zoom-css"

/* The plot's text at 100 %: already larger than the rest, it is read from
 * the back of the room. */
#define PLOT_FONT_SCALE 1.35

/* The text at 100 %: the desktop's font, but no smaller than GNOME's
 * Cantarell 11 (elsewhere "Sans 10" is common, small on a projector). In pt,
 * so the desktop's text scaling (its DPI, "Large Text") still applies. */
#define MIN_BASE_PT 11.0

/* The steps Ctrl+plus and Ctrl+minus walk through. */
static const double zoom_steps[] = { 0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0 };

#define ZOOM_MIN (zoom_steps[0])
#define ZOOM_MAX (zoom_steps[G_N_ELEMENTS (zoom_steps) - 1])

/* One provider per display, shared by its windows (the zoom is app-wide). */
static GtkCssProvider *
get_zoom_provider (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  GtkCssProvider *provider = g_object_get_data (G_OBJECT (display), ZOOM_CSS_DATA_KEY);

  if (provider == NULL)
    {
      provider = gtk_css_provider_new ();
      /* Above style.css, so its rule for .ll-zoom is the one that counts. */
      gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
      g_object_set_data_full (G_OBJECT (display), ZOOM_CSS_DATA_KEY, provider, g_object_unref);
    }
  return provider;
}

/* Text that is large already (the plot's, the note, the accuracy table)
 * grows with the square root of the zoom: at 150 % on a 1280x720 screen the
 * plot keeps its room and the table fits beside the sidebar. */
static double
damped_zoom (double zoom)
{
  return sqrt (zoom);
}

static double
get_base_font_pt (GtkWidget *widget)
{
  g_autofree char *font_name = NULL;
  PangoFontDescription *description;
  double size;

  g_object_get (gtk_widget_get_settings (widget), "gtk-font-name", &font_name, NULL);
  if (font_name == NULL)
    return MIN_BASE_PT;
  description = pango_font_description_from_string (font_name);
  size = (double) pango_font_description_get_size (description) / PANGO_SCALE;
  if (pango_font_description_get_size_is_absolute (description))
    size = size * 72 / 96;
  pango_font_description_free (description);
  return MAX (size, MIN_BASE_PT);
}

void
ll_window_apply_zoom (LlWindow *self)
{
  /* Projector mode makes all text larger without changing the saved zoom. */
  double zoom = self->zoom * ll_window_get_projector_text_scale (self);
  char base[G_ASCII_DTOSTR_BUF_SIZE];
  char damped[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *css = NULL;
  g_autofree char *percent = NULL;

  g_ascii_formatd (base, sizeof base, "%.2f", get_base_font_pt (GTK_WIDGET (self)) * zoom);
  g_ascii_formatd (damped, sizeof damped, "%.4f", damped_zoom (zoom) / zoom);
  css = g_strdup_printf (".ll-zoom { font-size: %spt; }\n"
                         ".ll-zoom-damped { font-size: %sem; }\n",
                         base, damped);
  gtk_css_provider_load_from_data (get_zoom_provider (GTK_WIDGET (self)), css, -1);
  ll_cost_plot_set_font_scale (LL_COST_PLOT (self->plot),
                               PLOT_FONT_SCALE * damped_zoom (zoom));
  ll_sweep_view_set_font_scale (LL_SWEEP_VIEW (self->sweep_view), damped_zoom (zoom));
  ll_figure_view_set_font_scale (ll_sharpness_view_get_figure_view (LL_SHARPNESS_VIEW (self->sharpness_view)),
                                 damped_zoom (zoom));

  /* TRANSLATORS: the zoom level in the main menu, e.g. "150 %". */
  percent = g_strdup_printf (_("%d %%"), (int) lround (self->zoom * 100));
  gtk_label_set_text (GTK_LABEL (self->zoom_label), percent);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-out", self->zoom > ZOOM_MIN + 1e-6);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.zoom-in", self->zoom < ZOOM_MAX - 1e-6);
}

double
ll_window_get_zoom (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), 1.0);

  return self->zoom;
}

void
ll_window_set_zoom (LlWindow *self,
                    double    zoom)
{
  g_return_if_fail (LL_IS_WINDOW (self));

  zoom = isfinite (zoom) ? CLAMP (zoom, ZOOM_MIN, ZOOM_MAX) : 1.0;
  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  ll_window_apply_zoom (self);
  if (self->settings != NULL)
    g_settings_set_double (self->settings, "zoom", zoom);
}

void
ll_window_zoom_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);
  double zoom = 1.0;

  /* The next step up or down from wherever the zoom is (a stored value may
   * lie between steps). */
  if (g_str_equal (action_name, "win.zoom-in"))
    {
      zoom = ZOOM_MAX;
      for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
        if (zoom_steps[i] > self->zoom + 1e-6)
          {
            zoom = zoom_steps[i];
            break;
          }
    }
  else if (g_str_equal (action_name, "win.zoom-out"))
    {
      zoom = ZOOM_MIN;
      for (guint i = G_N_ELEMENTS (zoom_steps); i-- > 0;)
        if (zoom_steps[i] < self->zoom - 1e-6)
          {
            zoom = zoom_steps[i];
            break;
          }
    }
  ll_window_set_zoom (self, zoom);
}

void
ll_window_init_zoom (LlWindow *self)
{
  self->zoom = 1.0;
  ll_window_apply_zoom (self);
  /* The desktop's font may change while the app runs. */
  g_signal_connect_object (gtk_widget_get_settings (GTK_WIDGET (self)), "notify::gtk-font-name",
                           G_CALLBACK (ll_window_apply_zoom), self, G_CONNECT_SWAPPED);
}
