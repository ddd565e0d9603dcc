/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot-boundary.c: see plot-boundary.h. The figure is built anew whenever
 * what it shows changes: a heat map cannot take new values in place, and a
 * build is a few thousand sigmoids. */
#include "config.h"

#include "plot-boundary.h"

#include <glib/gi18n.h>
#include <math.h>

#define SHADE_SIDE 64

/* Tables and the hand-check cases hold the features the model sees as
 * float64; image data (pixels, no column names) have no two features to
 * draw. */
gboolean
ll_plot_boundary_available (const LlDataset *dataset)
{
  return dataset != NULL && dataset->n_features >= 2 && dataset->train.features != NULL &&
         (dataset->feature_names != NULL || dataset->train.pixels == NULL);
}

char *
ll_plot_boundary_feature_name (const LlDataset *dataset,
                               guint            feature)
{
  if (dataset->feature_names != NULL && dataset->feature_names[feature] != NULL)
    return g_strdup (dataset->feature_names[feature]);
  return g_strdup_printf ("x%u", feature + 1);
}

/* "exam 1 (standardized)", "pixel 3 ÷ 16": the units the model sees. */
char *
ll_plot_boundary_axis_label (const LlDataset *dataset,
                             guint            feature,
                             const char      *scaling)
{
  g_autofree char *name = ll_plot_boundary_feature_name (dataset, feature);

  if (scaling == NULL || *scaling == '\0' || g_str_equal (scaling, "none"))
    return g_steal_pointer (&name);
  if (g_str_equal (scaling, "standardize"))
    /* TRANSLATORS: an axis label: a column's name, then how it was scaled */
    return g_strdup_printf (_("%s (standardized)"), name);
  if (g_str_has_prefix (scaling, "max:"))
    /* TRANSLATORS: an axis label: a column's name divided by a number, "exam 1 ÷ 100" */
    return g_strdup_printf (_("%s ÷ %s"), name, scaling + 4);
  return g_steal_pointer (&name);
}

static double
feature_value (const LlSplit *split,
               gsize          n_features,
               gsize          i,
               guint          feature)
{
  return split->features[i * n_features + feature];
}

double *
ll_plot_boundary_means (const LlDataset *dataset)
{
  double *means = g_new0 (double, MAX (dataset->n_features, 1));

  for (gsize i = 0; dataset->train.features != NULL && i < dataset->train.count; i++)
    for (gsize j = 0; j < dataset->n_features; j++)
      means[j] += feature_value (&dataset->train, dataset->n_features, i, (guint) j);
  for (gsize j = 0; j < dataset->n_features; j++)
    means[j] /= (double) MAX (dataset->train.count, 1);
  return means;
}

/* For a wider table, the two columns that tell the classes apart best at
 * first sight: the largest gap between the class means in units of the
 * column's spread (a column that never changes says nothing). */
void
ll_plot_boundary_pick_columns (const LlDataset *dataset,
                               const double    *means,
                               guint           *x_feature,
                               guint           *y_feature)
{
  g_autofree double *sums = NULL, *squares = NULL;
  double best[2] = { -1, -1 };
  gsize counts[2] = { 0, 0 };
  gsize n;

  *x_feature = 0;
  *y_feature = 1;
  if (!ll_plot_boundary_available (dataset) || dataset->n_features <= 2)
    return;
  n = dataset->n_features;
  sums = g_new0 (double, 2 * n);
  squares = g_new0 (double, n);
  for (gsize i = 0; i < dataset->train.count; i++)
    {
      guint c = dataset->train.labels[i] != 0;

      counts[c]++;
      for (gsize j = 0; j < n; j++)
        {
          double x = feature_value (&dataset->train, n, i, (guint) j);

          sums[c * n + j] += x;
          squares[j] += (x - means[j]) * (x - means[j]);
        }
    }
  if (counts[0] == 0 || counts[1] == 0)
    return;
  for (gsize j = 0; j < n; j++)
    {
      double spread = sqrt (squares[j] / (double) dataset->train.count);
      double score = spread > 1e-12 ? fabs (sums[n + j] / (double) counts[1] - sums[j] / (double) counts[0]) / spread
                                    : 0;

      if (score > best[0])
        {
          best[1] = best[0], *y_feature = *x_feature;
          best[0] = score, *x_feature = (guint) j;
        }
      else if (score > best[1])
        best[1] = score, *y_feature = (guint) j;
    }
  if (*x_feature == *y_feature)
    *y_feature = *x_feature == 0 ? 1 : 0;
}

double
ll_plot_boundary_threshold_logit (double threshold)
{
  double t = CLAMP (threshold, 1e-9, 1 - 1e-9);

  return log (t / (1 - t));
}

char *
ll_plot_boundary_note (double threshold)
{
  double logit_value = ll_plot_boundary_threshold_logit (threshold);
  char threshold_text[G_ASCII_DTOSTR_BUF_SIZE], logit[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (threshold_text, sizeof threshold_text, "%.2f", threshold);
  g_ascii_formatd (logit, sizeof logit, "%.3g", fabs (logit_value) < 5e-4 ? 0 : logit_value);
  /* TRANSLATORS: the note over the two-feature picture: "w₁ x₁ + w₂ x₂ + b = 0", where p = "0.50" */
  return g_strdup_printf (_("Each line: w₁ x₁ + w₂ x₂ + b = %s, where a run’s model gives p = %s (the "
                            "threshold of Test Images). Filled: training examples; hollow: test examples."),
                          logit, threshold_text);
}

/* RUN's w and b on the plane of the two columns: the other features held
 * at their training mean. */
static gboolean
plane_model (const LlBoundaryFigureSpec *spec,
             const LlBoundaryFigureRun  *run,
             double                     *wx,
             double                     *wy,
             double                     *b)
{
  const LlDataset *dataset = spec->dataset;

  if (run == NULL || run->w == NULL || run->n_features != dataset->n_features)
    return FALSE;
  *wx = run->w[spec->x_feature];
  *wy = run->w[spec->y_feature];
  *b = run->b;
  for (gsize j = 0; j < dataset->n_features; j++)
    if (j != spec->x_feature && j != spec->y_feature)
      *b += run->w[j] * spec->means[j];
  return isfinite (*wx) && isfinite (*wy) && isfinite (*b);
}

/* The segment of wx x + wy y + c = 0 inside the box, or FALSE. */
static gboolean
clip_line (double wx, double wy, double c,
           double x0, double x1, double y0, double y1,
           double xs[2], double ys[2])
{
  double px[4], py[4];
  guint n = 0;

  if (fabs (wy) > 0)
    for (guint k = 0; k < 2; k++)
      {
        double x = k == 0 ? x0 : x1, y = -(c + wx * x) / wy;

        if (y >= y0 && y <= y1)
          px[n] = x, py[n++] = y;
      }
  if (fabs (wx) > 0)
    for (guint k = 0; k < 2; k++)
      {
        double y = k == 0 ? y0 : y1, x = -(c + wy * y) / wx;

        if (x >= x0 && x <= x1)
          px[n] = x, py[n++] = y;
      }
  if (n < 2)
    return FALSE;
  /* The two points farthest apart (a corner may count twice). */
  {
    guint a = 0, b = 1;
    double best = -1;

    for (guint i = 0; i < n; i++)
      for (guint j = i + 1; j < n; j++)
        {
          double d = hypot (px[i] - px[j], py[i] - py[j]);

          if (d > best)
            best = d, a = i, b = j;
        }
    if (best <= 0)
      return FALSE;
    xs[0] = px[a], ys[0] = py[a], xs[1] = px[b], ys[1] = py[b];
  }
  return TRUE;
}

/* The box around every example, a little wider. */
static void
data_box (const LlBoundaryFigureSpec *spec,
          double                     *x0,
          double                     *x1,
          double                     *y0,
          double                     *y1)
{
  const LlDataset *dataset = spec->dataset;
  const LlSplit *splits[] = { &dataset->train, &dataset->test };
  double pad_x, pad_y;

  *x0 = *y0 = G_MAXDOUBLE;
  *x1 = *y1 = -G_MAXDOUBLE;
  for (guint s = 0; s < 2; s++)
    for (gsize i = 0; splits[s]->features != NULL && i < splits[s]->count; i++)
      {
        double x = feature_value (splits[s], dataset->n_features, i, spec->x_feature);
        double y = feature_value (splits[s], dataset->n_features, i, spec->y_feature);

        *x0 = MIN (*x0, x), *x1 = MAX (*x1, x);
        *y0 = MIN (*y0, y), *y1 = MAX (*y1, y);
      }
  if (*x0 > *x1)
    *x0 = *y0 = -1, *x1 = *y1 = 1;
  pad_x = MAX ((*x1 - *x0) * 0.08, 0.5);
  pad_y = MAX ((*y1 - *y0) * 0.08, 0.5);
  *x0 -= pad_x, *x1 += pad_x, *y0 -= pad_y, *y1 += pad_y;
}

static void
add_points (const LlBoundaryFigureSpec *spec,
            LlFigure                   *figure,
            gboolean                    test)
{
  const LlDataset *dataset = spec->dataset;
  const LlSplit *split = test ? &dataset->test : &dataset->train;
  gsize count = split->features != NULL ? split->count : 0;

  for (guint c = 0; c < 2; c++)
    {
      g_autofree double *xs = g_new (double, MAX (count, 1));
      g_autofree double *ys = g_new (double, MAX (count, 1));
      g_autofree char *label = NULL;
      LlPlotLayer *layer;
      gsize n = 0;

      for (gsize i = 0; i < count; i++)
        if (split->labels[i] == c)
          {
            xs[n] = feature_value (split, dataset->n_features, i, spec->x_feature);
            ys[n] = feature_value (split, dataset->n_features, i, spec->y_feature);
            n++;
          }
      layer = ll_figure_add_points (figure, xs, ys, NULL, n, !test);
      /* Blue for class 0 and vermillion for class 1, as the shade's ends. */
      ll_plot_layer_set_series (layer, c);
      /* TRANSLATORS: a legend entry: a class and the split, "admitted (train)" */
      label = g_strdup_printf (test ? _("%s (test)") : _("%s (train)"), dataset->class_names[c]);
      if (n > 0)
        ll_plot_layer_set_label (layer, label);
    }
}

static void
add_shade (const LlBoundaryFigureSpec *spec,
           LlFigure                   *figure,
           double x0, double x1, double y0, double y1)
{
  const LlBoundaryFigureRun *run = spec->shaded_run < spec->n_runs ? &spec->runs[spec->shaded_run] : NULL;
  g_autofree double *values = g_new0 (double, SHADE_SIDE * SHADE_SIDE);
  double wx, wy, b, level = spec->threshold;
  gboolean shown = plane_model (spec, run, &wx, &wy, &b);
  g_autofree char *label = NULL;
  LlPlotLayer *layer;

  for (guint j = 0; shown && j < SHADE_SIDE; j++)
    for (guint i = 0; i < SHADE_SIDE; i++)
      {
        double x = x0 + i * (x1 - x0) / (SHADE_SIDE - 1);
        double y = y0 + j * (y1 - y0) / (SHADE_SIDE - 1);

        values[j * SHADE_SIDE + i] = 1 / (1 + exp (-(wx * x + wy * y + b)));
      }
  layer = ll_figure_add_heat_map (figure, values, SHADE_SIDE, SHADE_SIDE, x0, x1, y0, y1,
                                  LL_COLOR_MAP_DIVERGING);
  ll_plot_layer_set_color_range (layer, 0, 1, FALSE);
  ll_plot_layer_set_visible (layer, shown);
  if (shown)
    {
      ll_plot_layer_set_contours (layer, &level, 1);
      ll_plot_layer_set_color_bar (layer, TRUE);
      /* TRANSLATORS: the colour bar's label: the probability of class 1 under a run, "p(admitted), lr = 0.1" */
      label = g_strdup_printf (_("p(%s), lr = %s"), spec->dataset->class_names[1], run->label);
      ll_plot_layer_set_label (layer, label);
    }
}

LlFigure *
ll_plot_boundary_figure (const LlBoundaryFigureSpec *spec,
                         guint                      *n_lines)
{
  const LlDataset *dataset = spec->dataset;
  LlFigure *figure = ll_figure_new ();
  g_autofree char *x_label = ll_plot_boundary_axis_label (dataset, spec->x_feature, spec->scaling);
  g_autofree char *y_label = ll_plot_boundary_axis_label (dataset, spec->y_feature, spec->scaling);
  g_autofree char *caption = NULL;
  double x0, x1, y0, y1;
  double logit = ll_plot_boundary_threshold_logit (spec->threshold);
  guint drawn_lines = 0;

  data_box (spec, &x0, &x1, &y0, &y1);
  ll_figure_set_title (figure, _("Decision lines on two features"));
  ll_figure_axis_set_label (figure, LL_AXIS_X, x_label);
  ll_figure_axis_set_label (figure, LL_AXIS_Y, y_label);
  ll_figure_axis_set_range (figure, LL_AXIS_X, x0, x1);
  ll_figure_axis_set_range (figure, LL_AXIS_Y, y0, y1);

  add_shade (spec, figure, x0, x1, y0, y1);
  add_points (spec, figure, FALSE);
  add_points (spec, figure, TRUE);
  for (guint i = 0; i < spec->n_runs; i++)
    {
      double wx, wy, b, xs[2], ys[2];
      gboolean drawn = plane_model (spec, &spec->runs[i], &wx, &wy, &b) &&
                       clip_line (wx, wy, b - logit, x0, x1, y0, y1, xs, ys);
      g_autofree char *label = g_strdup_printf ("lr = %s", spec->runs[i].label);
      LlPlotLayer *layer = ll_figure_add_lines (figure, xs, ys, drawn ? 2 : 0, spec->runs[i].look);

      ll_plot_layer_set_markers (layer, FALSE);
      ll_plot_layer_set_line_width_scale (layer, 1.5);
      ll_plot_layer_set_in_range (layer, FALSE);
      ll_plot_layer_set_label (layer, label);
      drawn_lines += drawn;
    }

  if (dataset->n_features > 2)
    caption = g_strdup_printf (ngettext ("The lines and the shade are slices through the training mean of "
                                         "the other %zu feature.",
                                         "The lines and the shade are slices through the training mean of "
                                         "the other %zu features.", dataset->n_features - 2),
                               dataset->n_features - 2);
  ll_figure_set_caption (figure, caption);
  if (n_lines != NULL)
    *n_lines = drawn_lines;
  return figure;
}
