/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-two-feature-view.c: see ll-two-feature-view.h.
 *
 * The figure (plot/plot-boundary.h) is built anew whenever what it shows
 * changes: a record point, the moment, the threshold, the columns. */
#include "config.h"

#include "ll-two-feature-view.h"

#include <math.h>
#include <glib/gi18n.h>

#include "ll-style.h"

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

gboolean
ll_two_feature_view_get_available (LlTwoFeatureView *self)
{
  g_return_val_if_fail (LL_IS_TWO_FEATURE_VIEW (self), FALSE);
  return ll_plot_boundary_available (get_dataset (self));
}

/* The shared figure (plot-boundary.h, also the handout's) from the runs'
 * shown models: every record point, and the timeline's moment. */
static void
rebuild (LlTwoFeatureView *self)
{
  const LlDataset *dataset = get_dataset (self);
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  gboolean available = ll_plot_boundary_available (dataset);
  g_autofree LlBoundaryFigureRun *runs = NULL;
  g_autofree char *x_label = NULL, *y_label = NULL;
  LlBoundaryFigureSpec spec;
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

  runs = g_new0 (LlBoundaryFigureRun, MAX (n_runs, 1));
  for (guint i = 0; i < n_runs; i++)
    {
      LlRun *run = ll_run_store_get_run (self->store, i);
      LlRunModel *model = ll_run_get_shown_model (run);

      runs[i] = (LlBoundaryFigureRun) { ll_run_get_label (run), ll_run_get_look (run),
                                        model != NULL ? model->w : NULL, model != NULL ? model->n_features : 0,
                                        model != NULL ? model->b : 0 };
    }
  spec = (LlBoundaryFigureSpec) { dataset, self->x_feature, self->y_feature, self->means, self->scaling,
                                  self->threshold, runs, n_runs, self->run };
  figure = ll_plot_boundary_figure (&spec, &n_lines);
  ll_figure_view_set_figure (self->figure_view, figure);

  x_label = ll_plot_boundary_axis_label (dataset, self->x_feature, self->scaling);
  y_label = ll_plot_boundary_axis_label (dataset, self->y_feature, self->scaling);
  {
    g_autofree char *note = ll_plot_boundary_note (self->threshold), *description = NULL;

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
  if (ll_plot_boundary_available (dataset))
    self->means = ll_plot_boundary_means (dataset);
}

static void
pick_columns (LlTwoFeatureView *self,
              const LlDataset  *dataset)
{
  ll_plot_boundary_pick_columns (dataset, self->means, &self->x_feature, &self->y_feature);
}

static void
fill_columns (LlTwoFeatureView *self,
              const LlDataset  *dataset)
{
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  gboolean wide = ll_plot_boundary_available (dataset) && dataset->n_features > 2;

  if (ll_plot_boundary_available (dataset))
    for (guint j = 0; j < dataset->n_features; j++)
      {
        g_autofree char *name = ll_plot_boundary_feature_name (dataset, j);

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

guint
ll_two_feature_view_get_shaded_run (LlTwoFeatureView *self)
{
  g_return_val_if_fail (LL_IS_TWO_FEATURE_VIEW (self), 0);
  return self->run;
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
