/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-two-feature-view.c: see ll-two-feature-view.h.
 *
 * The figure is built anew whenever what it shows changes (a record point,
 * the moment, the threshold, the columns): a heat map cannot take new
 * values in place, and a build is a few thousand sigmoids. */
#include "config.h"

#include "ll-two-feature-view.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ll-style.h"

#define SHADE_SIDE 64

struct _LlTwoFeatureView
{
  GtkBox parent_instance;

  /* template */
  GtkWidget *controls_box;
  GtkDropDown *run_dropdown;
  GtkStringList *run_names;
  GtkWidget *columns_box;
  GtkDropDown *x_dropdown;
  GtkDropDown *y_dropdown;
  GtkLabel *note_label;
  LlFigureView *figure_view;
  GtkWidget *unavailable_label;

  double threshold;
  char *scaling;
  guint x_feature, y_feature;
  guint run;
  double *means;                 /* the training mean of each feature the model sees */
  gboolean updating;             /* the drop-downs are being filled */

  LlRunStore *store;             /* followed, see set_store */
  GSignalGroup *store_signals;
};

G_DEFINE_FINAL_TYPE (LlTwoFeatureView, ll_two_feature_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  PROP_THRESHOLD,
  PROP_SCALING,
  PROP_X_FEATURE,
  PROP_Y_FEATURE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const LlDataset *
get_dataset (LlTwoFeatureView *self)
{
  return self->store != NULL ? ll_run_store_peek_dataset (self->store) : NULL;
}

/* Tables and the hand-check cases hold the features the model sees as
 * float64; image data (pixels, no column names) have no two features to
 * draw. */
static gboolean
dataset_available (const LlDataset *dataset)
{
  return dataset != NULL && dataset->n_features >= 2 && dataset->train.features != NULL &&
         (dataset->feature_names != NULL || dataset->train.pixels == NULL);
}

gboolean
ll_two_feature_view_get_available (LlTwoFeatureView *self)
{
  g_return_val_if_fail (LL_IS_TWO_FEATURE_VIEW (self), FALSE);
  return dataset_available (get_dataset (self));
}

static char *
feature_name (const LlDataset *dataset,
              guint            feature)
{
  if (dataset->feature_names != NULL && dataset->feature_names[feature] != NULL)
    return g_strdup (dataset->feature_names[feature]);
  return g_strdup_printf ("x%u", feature + 1);
}

/* "exam 1 (standardized)", "pixel 3 ÷ 16": the units the model sees. */
static char *
axis_label (LlTwoFeatureView *self,
            const LlDataset  *dataset,
            guint             feature)
{
  g_autofree char *name = feature_name (dataset, feature);

  if (self->scaling == NULL || *self->scaling == '\0' || g_str_equal (self->scaling, "none"))
    return g_steal_pointer (&name);
  if (g_str_equal (self->scaling, "standardize"))
    /* TRANSLATORS: an axis label: a column's name, then how it was scaled */
    return g_strdup_printf (_("%s (standardized)"), name);
  if (g_str_has_prefix (self->scaling, "max:"))
    /* TRANSLATORS: an axis label: a column's name divided by a number, "exam 1 ÷ 100" */
    return g_strdup_printf (_("%s ÷ %s"), name, self->scaling + 4);
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

/* The shown model's w and b on the plane of the two columns: the other
 * features held at their training mean. */
static gboolean
plane_model (LlTwoFeatureView *self,
             LlRun            *run,
             double           *wx,
             double           *wy,
             double           *b)
{
  const LlDataset *dataset = get_dataset (self);
  LlRunModel *model = run != NULL ? ll_run_get_shown_model (run) : NULL;

  if (model == NULL || model->w == NULL || model->n_features != dataset->n_features)
    return FALSE;
  *wx = model->w[self->x_feature];
  *wy = model->w[self->y_feature];
  *b = model->b;
  for (gsize j = 0; j < dataset->n_features; j++)
    if (j != self->x_feature && j != self->y_feature)
      *b += model->w[j] * self->means[j];
  return isfinite (*wx) && isfinite (*wy) && isfinite (*b);
}

static double
threshold_logit (LlTwoFeatureView *self)
{
  double t = CLAMP (self->threshold, 1e-9, 1 - 1e-9);

  return log (t / (1 - t));
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
data_box (LlTwoFeatureView *self,
          const LlDataset  *dataset,
          double           *x0,
          double           *x1,
          double           *y0,
          double           *y1)
{
  const LlSplit *splits[] = { &dataset->train, &dataset->test };
  double pad_x, pad_y;

  *x0 = *y0 = G_MAXDOUBLE;
  *x1 = *y1 = -G_MAXDOUBLE;
  for (guint s = 0; s < 2; s++)
    for (gsize i = 0; i < splits[s]->count; i++)
      {
        double x = feature_value (splits[s], dataset->n_features, i, self->x_feature);
        double y = feature_value (splits[s], dataset->n_features, i, self->y_feature);

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
add_points (LlTwoFeatureView *self,
            LlFigure         *figure,
            const LlDataset  *dataset,
            gboolean          test)
{
  const LlSplit *split = test ? &dataset->test : &dataset->train;

  for (guint c = 0; c < 2; c++)
    {
      g_autofree double *xs = g_new (double, MAX (split->count, 1));
      g_autofree double *ys = g_new (double, MAX (split->count, 1));
      g_autofree char *label = NULL;
      LlPlotLayer *layer;
      gsize n = 0;

      for (gsize i = 0; i < split->count; i++)
        if (split->labels[i] == c)
          {
            xs[n] = feature_value (split, dataset->n_features, i, self->x_feature);
            ys[n] = feature_value (split, dataset->n_features, i, self->y_feature);
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
add_shade (LlTwoFeatureView *self,
           LlFigure         *figure,
           const LlDataset  *dataset,
           double x0, double x1, double y0, double y1)
{
  LlRun *run = self->run < ll_run_store_get_n_runs (self->store)
               ? ll_run_store_get_run (self->store, self->run) : NULL;
  g_autofree double *values = g_new0 (double, SHADE_SIDE * SHADE_SIDE);
  double wx, wy, b, level = self->threshold;
  gboolean shown = plane_model (self, run, &wx, &wy, &b);
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
      label = g_strdup_printf (_("p(%s), lr = %s"), dataset->class_names[1], ll_run_get_label (run));
      ll_plot_layer_set_label (layer, label);
    }
}

static void
rebuild (LlTwoFeatureView *self)
{
  const LlDataset *dataset = get_dataset (self);
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  gboolean available = dataset_available (dataset);
  g_autofree char *x_label = NULL, *y_label = NULL, *caption = NULL;
  double x0, x1, y0, y1;
  LlFigure *figure;
  guint n_lines = 0;

  gtk_widget_set_visible (GTK_WIDGET (self->figure_view), available);
  gtk_widget_set_visible (self->controls_box, available);
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), available);
  gtk_widget_set_visible (self->unavailable_label, !available);
  if (!available)
    {
      ll_figure_view_set_figure (self->figure_view, NULL);
      return;
    }

  figure = ll_figure_new ();
  data_box (self, dataset, &x0, &x1, &y0, &y1);
  x_label = axis_label (self, dataset, self->x_feature);
  y_label = axis_label (self, dataset, self->y_feature);
  ll_figure_set_title (figure, _("Decision lines on two features"));
  ll_figure_axis_set_label (figure, LL_AXIS_X, x_label);
  ll_figure_axis_set_label (figure, LL_AXIS_Y, y_label);
  ll_figure_axis_set_range (figure, LL_AXIS_X, x0, x1);
  ll_figure_axis_set_range (figure, LL_AXIS_Y, y0, y1);

  add_shade (self, figure, dataset, x0, x1, y0, y1);
  add_points (self, figure, dataset, FALSE);
  add_points (self, figure, dataset, TRUE);
  for (guint i = 0; i < n_runs; i++)
    {
      LlRun *run = ll_run_store_get_run (self->store, i);
      double wx, wy, b, xs[2], ys[2];
      gboolean drawn = plane_model (self, run, &wx, &wy, &b) &&
                       clip_line (wx, wy, b - threshold_logit (self), x0, x1, y0, y1, xs, ys);
      g_autofree char *label = g_strdup_printf ("lr = %s", ll_run_get_label (run));
      LlPlotLayer *layer = ll_figure_add_lines (figure, xs, ys, drawn ? 2 : 0, i);

      ll_plot_layer_set_markers (layer, FALSE);
      ll_plot_layer_set_line_width_scale (layer, 1.5);
      ll_plot_layer_set_in_range (layer, FALSE);
      ll_plot_layer_set_label (layer, label);
      n_lines += drawn;
    }

  if (dataset->n_features > 2)
    caption = g_strdup_printf (ngettext ("The lines and the shade are slices through the training mean of "
                                         "the other %zu feature.",
                                         "The lines and the shade are slices through the training mean of "
                                         "the other %zu features.", dataset->n_features - 2),
                               dataset->n_features - 2);
  ll_figure_set_caption (figure, caption);
  ll_figure_view_set_figure (self->figure_view, figure);

  {
    char threshold[G_ASCII_DTOSTR_BUF_SIZE], logit[G_ASCII_DTOSTR_BUF_SIZE];
    g_autofree char *note = NULL, *description = NULL;

    g_ascii_formatd (threshold, sizeof threshold, "%.2f", self->threshold);
    g_ascii_formatd (logit, sizeof logit, "%.3g", fabs (threshold_logit (self)) < 5e-4 ? 0 : threshold_logit (self));
    /* TRANSLATORS: the note over the two-feature picture: "w₁ x₁ + w₂ x₂ + b = 0", where p = "0.50" */
    note = g_strdup_printf (_("Each line: w₁ x₁ + w₂ x₂ + b = %s, where a run’s model gives p = %s (the "
                              "threshold of Test Images). Filled: training examples; hollow: test examples."),
                            logit, threshold);
    gtk_label_set_text (self->note_label, note);
    description = g_strdup_printf (ngettext ("%zu training and %zu test examples on %s and %s, %u decision line",
                                             "%zu training and %zu test examples on %s and %s, %u decision lines",
                                             n_lines),
                                   dataset->train.count, dataset->test.count, x_label, y_label, n_lines);
    ll_figure_view_set_description (self->figure_view, description);
  }
}

/* Columns ------------------------------------------------------------------ */

static void
compute_means (LlTwoFeatureView *self,
               const LlDataset  *dataset)
{
  g_clear_pointer (&self->means, g_free);
  if (!dataset_available (dataset))
    return;
  self->means = g_new0 (double, dataset->n_features);
  for (gsize i = 0; i < dataset->train.count; i++)
    for (gsize j = 0; j < dataset->n_features; j++)
      self->means[j] += feature_value (&dataset->train, dataset->n_features, i, (guint) j);
  for (gsize j = 0; j < dataset->n_features; j++)
    self->means[j] /= (double) MAX (dataset->train.count, 1);
}

/* For a wider table, the two columns that tell the classes apart best at
 * first sight: the largest gap between the class means in units of the
 * column's spread (a column that never changes says nothing). */
static void
pick_columns (LlTwoFeatureView *self,
              const LlDataset  *dataset)
{
  g_autofree double *sums = NULL, *squares = NULL;
  double best[2] = { -1, -1 };
  gsize counts[2] = { 0, 0 };
  gsize n;

  self->x_feature = 0;
  self->y_feature = 1;
  if (!dataset_available (dataset) || dataset->n_features <= 2)
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
          squares[j] += (x - self->means[j]) * (x - self->means[j]);
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
          best[1] = best[0], self->y_feature = self->x_feature;
          best[0] = score, self->x_feature = (guint) j;
        }
      else if (score > best[1])
        best[1] = score, self->y_feature = (guint) j;
    }
  if (self->x_feature == self->y_feature)
    self->y_feature = self->x_feature == 0 ? 1 : 0;
}

static void
fill_columns (LlTwoFeatureView *self,
              const LlDataset  *dataset)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  gboolean wide = dataset_available (dataset) && dataset->n_features > 2;

  if (dataset_available (dataset))
    for (guint j = 0; j < dataset->n_features; j++)
      {
        g_autofree char *name = feature_name (dataset, j);

        gtk_string_list_append (names, name);
      }
  self->updating = TRUE;
  gtk_drop_down_set_model (self->x_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_model (self->y_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->x_dropdown, self->x_feature);
  gtk_drop_down_set_selected (self->y_dropdown, self->y_feature);
  self->updating = FALSE;
  gtk_widget_set_visible (self->columns_box, wide);
}

void
ll_two_feature_view_set_features (LlTwoFeatureView *self,
                                  guint             x_feature,
                                  guint             y_feature)
{
  const LlDataset *dataset;

  g_return_if_fail (LL_IS_TWO_FEATURE_VIEW (self));

  dataset = get_dataset (self);
  if (dataset != NULL && (x_feature >= dataset->n_features || y_feature >= dataset->n_features))
    return;
  if (self->x_feature == x_feature && self->y_feature == y_feature)
    return;
  self->x_feature = x_feature;
  self->y_feature = y_feature;
  self->updating = TRUE;
  gtk_drop_down_set_selected (self->x_dropdown, x_feature);
  gtk_drop_down_set_selected (self->y_dropdown, y_feature);
  self->updating = FALSE;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_X_FEATURE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_Y_FEATURE]);
}

static void
on_column_selected (LlTwoFeatureView *self)
{
  guint x = gtk_drop_down_get_selected (self->x_dropdown);
  guint y = gtk_drop_down_get_selected (self->y_dropdown);

  if (!self->updating && x != GTK_INVALID_LIST_POSITION && y != GTK_INVALID_LIST_POSITION)
    ll_two_feature_view_set_features (self, x, y);
}

static void
on_run_selected (LlTwoFeatureView *self)
{
  guint selected = gtk_drop_down_get_selected (self->run_dropdown);

  if (self->updating || selected == GTK_INVALID_LIST_POSITION || selected == self->run)
    return;
  self->run = selected;
  rebuild (self);
}

/* Following the run store -------------------------------------------------- */

static void
on_store_items_changed (LlTwoFeatureView *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  guint old = g_list_model_get_n_items (G_LIST_MODEL (self->run_names));
  g_auto (GStrv) names = g_new0 (char *, n_runs + 1);

  for (guint i = 0; i < n_runs; i++)
    names[i] = g_strdup_printf ("lr = %s", ll_run_get_label (ll_run_store_get_run (self->store, i)));
  self->updating = TRUE;
  gtk_string_list_splice (self->run_names, 0, old, (const char *const *) names);
  self->run = MIN (self->run, n_runs > 0 ? n_runs - 1 : 0);
  gtk_drop_down_set_selected (self->run_dropdown, self->run);
  self->updating = FALSE;
  rebuild (self);
}

static void
on_store_dataset (LlTwoFeatureView *self)
{
  const LlDataset *dataset = get_dataset (self);

  compute_means (self, dataset);
  pick_columns (self, dataset);
  fill_columns (self, dataset);
  on_store_items_changed (self);
}

void
ll_two_feature_view_set_store (LlTwoFeatureView *self,
                               LlRunStore       *store)
{
  g_return_if_fail (LL_IS_TWO_FEATURE_VIEW (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_store_dataset (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

void
ll_two_feature_view_set_threshold (LlTwoFeatureView *self,
                                   double            threshold)
{
  g_return_if_fail (LL_IS_TWO_FEATURE_VIEW (self));

  threshold = CLAMP (threshold, 0.0, 1.0);
  if (self->threshold == threshold)
    return;
  self->threshold = threshold;
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
}

void
ll_two_feature_view_set_scaling (LlTwoFeatureView *self,
                                 const char       *scaling)
{
  g_return_if_fail (LL_IS_TWO_FEATURE_VIEW (self));

  if (g_strcmp0 (self->scaling, scaling) == 0)
    return;
  g_free (self->scaling);
  self->scaling = g_strdup (scaling);
  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALING]);
}

LlFigureView *
ll_two_feature_view_get_figure_view (LlTwoFeatureView *self)
{
  g_return_val_if_fail (LL_IS_TWO_FEATURE_VIEW (self), NULL);
  return self->figure_view;
}

/* GObject ------------------------------------------------------------------ */

static void
ll_two_feature_view_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  LlTwoFeatureView *self = LL_TWO_FEATURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    case PROP_SCALING:
      g_value_set_string (value, self->scaling);
      break;
    case PROP_X_FEATURE:
      g_value_set_uint (value, self->x_feature);
      break;
    case PROP_Y_FEATURE:
      g_value_set_uint (value, self->y_feature);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_two_feature_view_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  LlTwoFeatureView *self = LL_TWO_FEATURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ll_two_feature_view_set_store (self, g_value_get_object (value));
      break;
    case PROP_THRESHOLD:
      ll_two_feature_view_set_threshold (self, g_value_get_double (value));
      break;
    case PROP_SCALING:
      ll_two_feature_view_set_scaling (self, g_value_get_string (value));
      break;
    case PROP_X_FEATURE:
      ll_two_feature_view_set_features (self, g_value_get_uint (value), self->y_feature);
      break;
    case PROP_Y_FEATURE:
      ll_two_feature_view_set_features (self, self->x_feature, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_two_feature_view_dispose (GObject *object)
{
  LlTwoFeatureView *self = LL_TWO_FEATURE_VIEW (object);

  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ll_two_feature_view_parent_class)->dispose (object);
}

static void
ll_two_feature_view_finalize (GObject *object)
{
  LlTwoFeatureView *self = LL_TWO_FEATURE_VIEW (object);

  g_clear_object (&self->store_signals);
  g_free (self->scaling);
  g_free (self->means);
  G_OBJECT_CLASS (ll_two_feature_view_parent_class)->finalize (object);
}

static void
ll_two_feature_view_class_init (LlTwoFeatureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_two_feature_view_dispose;
  object_class->finalize = ll_two_feature_view_finalize;
  object_class->get_property = ll_two_feature_view_get_property;
  object_class->set_property = ll_two_feature_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THRESHOLD] =
    g_param_spec_double ("threshold", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCALING] =
    g_param_spec_string ("scaling", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_X_FEATURE] =
    g_param_spec_uint ("x-feature", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_Y_FEATURE] =
    g_param_spec_uint ("y-feature", NULL, NULL, 0, G_MAXUINT, 1,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LL_TYPE_FIGURE_VIEW);
  ll_style_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-two-feature-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LlTwoFeatureView, controls_box);
  gtk_widget_class_bind_template_child (widget_class, LlTwoFeatureView, run_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlTwoFeatureView, run_names);
  gtk_widget_class_bind_template_child (widget_class, LlTwoFeatureView, columns_box);
  gtk_widget_class_bind_template_child (widget_class, LlTwoFeatureView, x_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlTwoFeatureView, y_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlTwoFeatureView, note_label);
  gtk_widget_class_bind_template_child (widget_class, LlTwoFeatureView, figure_view);
  gtk_widget_class_bind_template_child (widget_class, LlTwoFeatureView, unavailable_label);
}

static void
ll_two_feature_view_init (LlTwoFeatureView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ll_style_ensure_loaded (GTK_WIDGET (self));

  self->threshold = 0.5;
  self->y_feature = 1;
  g_signal_connect_object (self->run_dropdown, "notify::selected",
                           G_CALLBACK (on_run_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->x_dropdown, "notify::selected",
                           G_CALLBACK (on_column_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->y_dropdown, "notify::selected",
                           G_CALLBACK (on_column_selected), self, G_CONNECT_SWAPPED);

  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_object (self->store_signals, "notify::dataset",
                                 G_CALLBACK (on_store_dataset), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "run-updated",
                                 G_CALLBACK (rebuild), self, G_CONNECT_SWAPPED);
  rebuild (self);
}

GtkWidget *
ll_two_feature_view_new (void)
{
  return g_object_new (LL_TYPE_TWO_FEATURE_VIEW, NULL);
}
