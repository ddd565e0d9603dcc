/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-landscape.c: see plot-landscape.h. */
#include "config.h"

#include "plot-landscape.h"

#include <glib/gi18n.h>
#include <math.h>


#define N_CONTOURS 12

static char *
format_number (double value, const char *format)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

/* Short: a title longer than the figure is high ends in "…" (at 1024 x 768
 * "PC 2 of the paths (1.1 % of their variance)" did); the Landscape page's
 * status says what the directions are. */
static char *
direction_label (const LlLandscapeFigureSpec *spec, guint index)
{
  double share = index == 1 ? spec->share_d1 : spec->share_d2;
  g_autofree char *percent = format_number (100 * share, 100 * share >= 9.95 ? "%.0f" : "%.1f");

  if (!spec->principal)
    /* TRANSLATORS: the landscape's axes when the paths span less than a plane;
     * "⊥": the part of the next gradient orthogonal to the first */
    return index == 1 ? g_strdup (_("gradient at w = 0")) : g_strdup (_("next gradient (⊥)"));
  if (!isfinite (share))
    /* TRANSLATORS: PC = principal component (of the paths) */
    return g_strdup_printf (_("PC %u"), index);
  /* TRANSLATORS: "PC 1 (87 %)": a principal component and its share of the paths' variance */
  return g_strdup_printf (_("PC %u (%s %%)"), index, percent);
}

char *
ll_plot_landscape_caption (const LlLandscapeFigureSpec *spec)
{
  if (spec->principal && isfinite (spec->variance_share))
    {
      g_autofree char *percent = format_number (100 * spec->variance_share, "%.1f");

      return g_strdup_printf (spec->centred_at_run
                              ? _("Centred at a run’s w; the plane holds %s %% of the paths’ variance")
                              : _("Centred at w = 0; the plane holds %s %% of the paths’ variance"),
                              percent);
    }
  return g_strdup (_("Centred at w = 0; spanned by the first gradients"));
}

LlFigure *
ll_plot_landscape_figure (const LlLandscapeFigureSpec *spec)
{
  LlFigure *figure;
  g_autofree double *values = NULL;
  g_autofree char *x_label = NULL, *y_label = NULL, *caption = NULL;
  double levels[N_CONTOURS];
  LlPlotLayer *heat;

  g_return_val_if_fail (spec != NULL, NULL);
  if (spec->n_s < 2 || spec->n_t < 2 || !isfinite (spec->s[0]) || !isfinite (spec->s[spec->n_s - 1])
      || !isfinite (spec->t[0]) || !isfinite (spec->t[spec->n_t - 1]))
    return NULL;
  figure = ll_figure_new ();
  /* cost[i, j] is J(s[i], t[j]); the heat map's rows are t. */
  values = g_new (double, (gsize) spec->n_s * spec->n_t);
  for (guint i = 0; i < spec->n_s; i++)
    for (guint j = 0; j < spec->n_t; j++)
      values[(gsize) j * spec->n_s + i] = spec->cost[(gsize) i * spec->n_t + j];
  heat = ll_figure_add_heat_map (figure, values, spec->n_s, spec->n_t, spec->s[0], spec->s[spec->n_s - 1],
                                 spec->t[0], spec->t[spec->n_t - 1], LL_COLOR_MAP_SEQUENTIAL);
  ll_plot_layer_set_label (heat, _("cost J"));
  if (spec->cost_lo > 0 && spec->cost_hi > spec->cost_lo)
    {
      ll_plot_layer_set_color_range (heat, spec->cost_lo, spec->cost_hi, TRUE);
      ll_plot_log_levels (spec->cost_lo, spec->cost_hi, N_CONTOURS, levels);
      ll_plot_layer_set_contours (heat, levels, N_CONTOURS);
    }
  ll_plot_layer_set_color_bar (heat, TRUE);
  for (guint r = 0; r < spec->n_paths; r++)
    {
      LlPlotLayer *layer = ll_figure_add_lines (figure, NULL, NULL, 0, r);

      ll_plot_layer_set_label (layer, spec->path_labels != NULL ? spec->path_labels[r] : NULL);
      ll_plot_layer_set_in_range (layer, FALSE);
    }
  ll_figure_axis_set_range (figure, LL_AXIS_X, spec->s[0], spec->s[spec->n_s - 1]);
  ll_figure_axis_set_range (figure, LL_AXIS_Y, spec->t[0], spec->t[spec->n_t - 1]);
  x_label = direction_label (spec, 1);
  y_label = direction_label (spec, 2);
  ll_figure_axis_set_label (figure, LL_AXIS_X, x_label);
  ll_figure_axis_set_label (figure, LL_AXIS_Y, y_label);
  ll_figure_set_title (figure, _("The cost on the plane of the paths"));
  caption = ll_plot_landscape_caption (spec);
  ll_figure_set_caption (figure, caption);
  return figure;
}

gboolean
ll_plot_landscape_export (const LlLandscapeFigureSpec *spec,
                          const LlLandscapeFigurePath *paths,
                          const char                  *path,
                          int                          width,
                          int                          height,
                          GError                     **error)
{
  g_autoptr(LlFigure) figure = ll_plot_landscape_figure (spec);

  if (figure == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("%s: the landscape’s grid is not finite"), path);
      return FALSE;
    }
  for (guint r = 0; r < spec->n_paths; r++)
    {
      g_autofree double *s = g_new (double, MAX (paths[r].n_points, 1));
      g_autofree double *t = g_new (double, MAX (paths[r].n_points, 1));

      for (gsize p = 0; p < paths[r].n_points; p++)
        {
          s[p] = paths[r].st[2 * p];
          t[p] = paths[r].st[2 * p + 1];
        }
      ll_plot_layer_set_points (ll_figure_get_layer (figure, 1 + r), s, t, NULL, paths[r].n_points);
    }
  return ll_figure_export (figure, path, width, height, error);
}
