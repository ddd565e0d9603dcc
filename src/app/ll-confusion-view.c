/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-confusion-view.c: see ll-confusion-view.h. */
#include "config.h"

#include "ll-confusion-view.h"

#include <math.h>
#include <glib/gi18n.h>

#include "core/train/roc.h"
#include "ll-style.h"

struct _LlConfusionView
{
  GtkBox parent_instance;

  /* template */
  GtkDropDown *run_dropdown;
  GtkStringList *run_names;
  GtkLabel *threshold_label;
  GtkGrid *test_grid;
  GtkGrid *train_grid;
  LlFigureView *roc_view;

  /* [test][true_class][predicted_class]: the cells' labels */
  GtkLabel *cell_labels[2][2][2];

  double threshold;
  guint run;
  guint n_curves;               /* runs with layers in the ROC figure */

  LlRunStore *store;            /* followed, see set_store */
  GSignalGroup *store_signals;
};

G_DEFINE_FINAL_TYPE (LlConfusionView, ll_confusion_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  PROP_THRESHOLD,
  PROP_RUN,
  N_PROPS
};

enum {
  SIGNAL_CELL_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
class_name (LlConfusionView *self,
            int              class_index)
{
  const LlDataset *dataset = self->store != NULL ? ll_run_store_peek_dataset (self->store) : NULL;

  if (dataset != NULL && dataset->class_names != NULL && dataset->class_names[class_index] != NULL)
    return dataset->class_names[class_index];
  return class_index == 1 ? _("label 1") : _("label 0");
}

/* The probabilities and labels of RUN's shown model on one split, or FALSE. */
static gboolean
run_split (LlConfusionView *self,
           LlRun           *run,
           gboolean         test,
           const double   **probabilities,
           const guint8   **labels,
           gsize           *m)
{
  const LlDataset *dataset = self->store != NULL ? ll_run_store_peek_dataset (self->store) : NULL;
  LlRunModel *model = run != NULL ? ll_run_get_shown_model (run) : NULL;
  const LlSplit *split;

  /* A pinned run of another dataset has no cells here. */
  if (dataset == NULL || model == NULL || !ll_run_store_run_fits_dataset (self->store, run))
    return FALSE;
  split = test ? &dataset->test : &dataset->train;
  *probabilities = test ? model->test_probabilities : model->train_probabilities;
  *m = test ? model->m_test : model->m_train;
  *labels = split->labels;
  return *probabilities != NULL && *m > 0 && *m == split->count;
}

static const char *const cell_names[2][2] = {
  /* [true][predicted] */
  { N_("true negatives"), N_("false positives") },
  { N_("false negatives"), N_("true positives") },
};

static char *
cell_text (LlConfusionView *self,
           gboolean         test,
           int              true_class,
           int              predicted_class)
{
  LlRun *run = self->store != NULL ? ll_run_store_get_run (self->store, self->run) : NULL;
  const double *probabilities;
  const guint8 *labels;
  gsize m, count, class_total;
  LlConfusion confusion;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (!run_split (self, run, test, &probabilities, &labels, &m))
    return NULL;
  ll_confusion_count (probabilities, labels, m, self->threshold, &confusion);
  if (true_class == 1)
    {
      count = predicted_class == 1 ? confusion.true_positives : confusion.false_negatives;
      class_total = confusion.true_positives + confusion.false_negatives;
    }
  else
    {
      count = predicted_class == 1 ? confusion.false_positives : confusion.true_negatives;
      class_total = confusion.false_positives + confusion.true_negatives;
    }
  if (class_total == 0)
    g_strlcpy (number, "–", sizeof number);
  else
    g_ascii_formatd (number, sizeof number, "%.1f", 100.0 * (double) count / (double) class_total);
  /* TRANSLATORS: a confusion matrix cell: "12", "true positives", "80.0 %"
   * (of its row's true class). */
  return g_strdup_printf (_("%zu\n%s\n%s %%"), count,
                          _(cell_names[true_class][predicted_class]), number);
}

char *
ll_confusion_view_dup_cell_text (LlConfusionView *self,
                                 gboolean         test,
                                 int              true_class,
                                 int              predicted_class)
{
  g_return_val_if_fail (LL_IS_CONFUSION_VIEW (self), NULL);
  g_return_val_if_fail (true_class == 0 || true_class == 1, NULL);
  g_return_val_if_fail (predicted_class == 0 || predicted_class == 1, NULL);

  return cell_text (self, test, true_class, predicted_class);
}

static void
update_tables (LlConfusionView *self)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *threshold_text = NULL;
  const LlDataset *dataset = self->store != NULL ? ll_run_store_peek_dataset (self->store) : NULL;
  /* builtin:propagate has three training examples and no test split. */
  gboolean no_test = dataset != NULL && dataset->test.count == 0;

  for (int test = 0; test < 2; test++)
    for (int true_class = 0; true_class < 2; true_class++)
      for (int predicted = 0; predicted < 2; predicted++)
        {
          g_autofree char *text = cell_text (self, test, true_class, predicted);

          gtk_label_set_text (self->cell_labels[test][true_class][predicted],
                              text != NULL ? text
                              : test && no_test ? _("no test examples") : _("not trained yet"));
        }
  g_ascii_formatd (number, sizeof number, "%.2f", self->threshold);
  threshold_text = g_strdup_printf (_("Predicted “%s” where p > %s (the threshold slider of Test Images); "
                                      "each rate is of its row's true class"),
                                    class_name (self, 1), number);
  gtk_label_set_text (self->threshold_label, threshold_text);
}

static void
on_cell_clicked (GtkButton       *button,
                 LlConfusionView *self)
{
  int cell = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "ll-cell"));

  ll_confusion_view_activate_cell (self, cell / 2, cell % 2);
}

void
ll_confusion_view_activate_cell (LlConfusionView *self,
                                 int              true_class,
                                 int              predicted_class)
{
  g_return_if_fail (LL_IS_CONFUSION_VIEW (self));

  g_signal_emit (self, signals[SIGNAL_CELL_ACTIVATED], 0, true_class, predicted_class);
}

/* Headers and cells of one table: the positive class first, as usual. */
static void
rebuild_grid (LlConfusionView *self,
              gboolean         test)
{
  GtkGrid *grid = test ? self->test_grid : self->train_grid;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);

  for (int k = 0; k < 2; k++)
    {
      int class_index = 1 - k;
      g_autofree char *predicted = g_strdup_printf (_("Predicted: %s"), class_name (self, class_index));
      g_autofree char *truth = g_strdup_printf (_("True: %s"), class_name (self, class_index));
      GtkWidget *label;

      label = gtk_label_new (predicted);
      gtk_widget_add_css_class (label, "ll-caption");
      gtk_grid_attach (grid, label, 1 + k, 0, 1, 1);
      label = gtk_label_new (truth);
      gtk_widget_add_css_class (label, "ll-caption");
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_grid_attach (grid, label, 0, 1 + k, 1, 1);
    }

  for (int row = 0; row < 2; row++)
    for (int column = 0; column < 2; column++)
      {
        int true_class = 1 - row, predicted = 1 - column;
        GtkWidget *label = gtk_label_new (NULL);
        GtkWidget *cell;

        gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
        gtk_widget_add_css_class (label, "numeric");
        self->cell_labels[test][true_class][predicted] = GTK_LABEL (label);
        if (test)
          {
            cell = gtk_button_new ();
            gtk_button_set_child (GTK_BUTTON (cell), label);
            /* Named by its text (GTK 4.8 does not do it for a button's label child). */
            gtk_accessible_update_relation (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                            label, NULL, -1);
            gtk_widget_set_tooltip_text (cell, _("Show these test images"));
            g_object_set_data (G_OBJECT (cell), "ll-cell", GINT_TO_POINTER (true_class * 2 + predicted));
            g_signal_connect_object (cell, "clicked", G_CALLBACK (on_cell_clicked), self, 0);
          }
        else
          {
            cell = gtk_frame_new (NULL);
            gtk_frame_set_child (GTK_FRAME (cell), label);
            gtk_widget_set_margin_start (label, 8);
            gtk_widget_set_margin_end (label, 8);
            gtk_widget_set_margin_top (label, 4);
            gtk_widget_set_margin_bottom (label, 4);
          }
        gtk_widget_set_size_request (cell, 120, -1);
        if (true_class != predicted)
          gtk_widget_add_css_class (cell, "ll-wrong");
        gtk_grid_attach (grid, cell, 1 + column, 1 + row, 1, 1);
      }
}

/* The ROC figure -------------------------------------------------------- */

static gboolean
roc_uses_test (LlConfusionView *self)
{
  const LlDataset *dataset = self->store != NULL ? ll_run_store_peek_dataset (self->store) : NULL;

  return dataset != NULL && dataset->test.count > 0;
}

static void
rebuild_figure (LlConfusionView *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  LlFigure *figure = ll_figure_new ();
  const double diagonal[] = { 0, 1 };
  LlPlotLayer *layer;

  ll_figure_set_title (figure, roc_uses_test (self) ? _("ROC (test set)")
                                                    : _("ROC (training set)"));
  ll_figure_axis_set_label (figure, LL_AXIS_X, _("false positive rate"));
  ll_figure_axis_set_label (figure, LL_AXIS_Y, _("true positive rate"));
  ll_figure_axis_set_range (figure, LL_AXIS_X, 0, 1);
  ll_figure_axis_set_range (figure, LL_AXIS_Y, 0, 1);

  /* Series 5 faded: grey on light, pale yellow on dark, apart from the
   * first runs' colours. */
  layer = ll_figure_add_lines (figure, diagonal, diagonal, 2, 5);
  ll_plot_layer_set_label (layer, _("chance"));
  ll_plot_layer_set_faded (layer, TRUE);
  ll_plot_layer_set_dashed (layer, FALSE);
  ll_plot_layer_set_markers (layer, FALSE);

  for (guint i = 0; i < n_runs; i++)
    {
      guint look = ll_run_get_look (ll_run_store_get_run (self->store, i));

      layer = ll_figure_add_lines (figure, NULL, NULL, 0, look);
      ll_plot_layer_set_markers (layer, FALSE);
      layer = ll_figure_add_points (figure, NULL, NULL, NULL, 0, TRUE);
      ll_plot_layer_set_series (layer, look);
      ll_plot_layer_set_marker_scale (layer, 1.6);
    }
  self->n_curves = n_runs;
  ll_figure_view_set_figure (self->roc_view, figure);
}

/* RUN's curve, its AUC in the legend and its point at the threshold. */
static void
update_curve (LlConfusionView *self,
              guint            position)
{
  LlFigure *figure = ll_figure_view_get_figure (self->roc_view);
  LlRun *run = ll_run_store_get_run (self->store, position);
  LlPlotLayer *curve, *point;
  const double *probabilities;
  const guint8 *labels;
  gsize m;
  g_autofree char *label = NULL;

  if (figure == NULL || position >= self->n_curves)
    return;
  curve = ll_figure_get_layer (figure, LL_CONFUSION_ROC_CURVE (position));
  point = ll_figure_get_layer (figure, LL_CONFUSION_ROC_POINT (position));
  if (run_split (self, run, roc_uses_test (self), &probabilities, &labels, &m))
    {
      g_autoptr (LlRoc) roc = ll_roc_new (probabilities, labels, m);
      LlConfusion confusion;
      double x, y;
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      ll_confusion_count (probabilities, labels, m, self->threshold, &confusion);
      x = ll_confusion_false_positive_rate (&confusion);
      y = ll_confusion_true_positive_rate (&confusion);
      ll_plot_layer_set_points (curve, roc->false_positive_rate, roc->true_positive_rate, NULL,
                                roc->n_points);
      ll_plot_layer_set_points (point, &x, &y, NULL, 1);
      if (isnan (roc->auc))
        g_strlcpy (number, "–", sizeof number);
      else
        g_ascii_formatd (number, sizeof number, "%.3f", roc->auc);
      /* TRANSLATORS: a ROC curve's legend entry: "lr = 0.5, AUC 0.912". */
      label = g_strdup_printf (_("lr = %s, AUC %s"), ll_run_get_label (run), number);
    }
  else
    {
      ll_plot_layer_set_points (curve, NULL, NULL, NULL, 0);
      ll_plot_layer_set_points (point, NULL, NULL, NULL, 0);
      label = g_strdup_printf ("lr = %s", run != NULL ? ll_run_get_label (run) : "?");
    }
  ll_plot_layer_set_label (curve, label);
  /* Hidden by a legend click on any plot; faded when pinned (issue 21). */
  if (run != NULL)
    for (guint l = 0; l < 2; l++)
      {
        LlPlotLayer *layer = l == 0 ? curve : point;

        ll_plot_layer_set_visible (layer, ll_run_get_visible (run));
        ll_plot_layer_set_faded (layer, ll_run_get_pinned (run));
      }
  ll_figure_view_queue_update (self->roc_view);
}

/* A legend click on a curve shows or hides its run on every plot. */
static void
on_roc_layer_toggled (LlConfusionView *self, guint layer, gboolean visible)
{
  guint position = (layer - 1) / 2;

  if (layer >= 1 && layer % 2 == 1 && self->store != NULL && position < ll_run_store_get_n_runs (self->store))
    ll_run_set_visible (ll_run_store_get_run (self->store, position), visible);
}

/* Following the run store -------------------------------------------------- */

static void
on_store_run_updated (LlConfusionView *self,
                      guint            position)
{
  update_curve (self, position);
  if (position == self->run)
    update_tables (self);
}

static void
on_store_items_changed (LlConfusionView *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  guint old = g_list_model_get_n_items (G_LIST_MODEL (self->run_names));
  g_auto (GStrv) names = g_new0 (char *, n_runs + 1);

  for (guint i = 0; i < n_runs; i++)
    names[i] = g_strdup_printf ("lr = %s", ll_run_get_label (ll_run_store_get_run (self->store, i)));
  gtk_string_list_splice (self->run_names, 0, old, (const char *const *) names);
  gtk_drop_down_set_selected (self->run_dropdown, MIN (self->run, n_runs > 0 ? n_runs - 1 : 0));
  rebuild_figure (self);
  for (guint i = 0; i < n_runs; i++)
    update_curve (self, i);
  update_tables (self);
}

static void
on_store_dataset (LlConfusionView *self)
{
  rebuild_grid (self, TRUE);
  rebuild_grid (self, FALSE);
  on_store_items_changed (self);
}

void
ll_confusion_view_set_store (LlConfusionView *self,
                             LlRunStore      *store)
{
  g_return_if_fail (LL_IS_CONFUSION_VIEW (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_store_dataset (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_confusion_view_get_store (LlConfusionView *self)
{
  g_return_val_if_fail (LL_IS_CONFUSION_VIEW (self), NULL);
  return self->store;
}

double
ll_confusion_view_get_threshold (LlConfusionView *self)
{
  g_return_val_if_fail (LL_IS_CONFUSION_VIEW (self), 0.5);
  return self->threshold;
}

void
ll_confusion_view_set_threshold (LlConfusionView *self,
                                 double           threshold)
{
  guint n_runs;

  g_return_if_fail (LL_IS_CONFUSION_VIEW (self));

  threshold = CLAMP (threshold, 0.0, 1.0);
  if (self->threshold == threshold)
    return;
  self->threshold = threshold;
  n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  for (guint i = 0; i < n_runs; i++)
    update_curve (self, i);
  update_tables (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
}

guint
ll_confusion_view_get_run (LlConfusionView *self)
{
  g_return_val_if_fail (LL_IS_CONFUSION_VIEW (self), 0);
  return self->run;
}

void
ll_confusion_view_set_run (LlConfusionView *self,
                           guint            run)
{
  g_return_if_fail (LL_IS_CONFUSION_VIEW (self));

  if (gtk_drop_down_get_selected (self->run_dropdown) != run
      && run < g_list_model_get_n_items (G_LIST_MODEL (self->run_names)))
    gtk_drop_down_set_selected (self->run_dropdown, run);
  if (self->run == run)
    return;
  self->run = run;
  update_tables (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

static void
on_run_selected (LlConfusionView *self)
{
  guint selected = gtk_drop_down_get_selected (self->run_dropdown);

  if (selected != GTK_INVALID_LIST_POSITION)
    ll_confusion_view_set_run (self, selected);
}

LlFigureView *
ll_confusion_view_get_roc_view (LlConfusionView *self)
{
  g_return_val_if_fail (LL_IS_CONFUSION_VIEW (self), NULL);
  return self->roc_view;
}

static void
ll_confusion_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LlConfusionView *self = LL_CONFUSION_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    case PROP_RUN:
      g_value_set_uint (value, self->run);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_confusion_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LlConfusionView *self = LL_CONFUSION_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ll_confusion_view_set_store (self, g_value_get_object (value));
      break;
    case PROP_THRESHOLD:
      ll_confusion_view_set_threshold (self, g_value_get_double (value));
      break;
    case PROP_RUN:
      ll_confusion_view_set_run (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_confusion_view_dispose (GObject *object)
{
  LlConfusionView *self = LL_CONFUSION_VIEW (object);

  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ll_confusion_view_parent_class)->dispose (object);
}

static void
ll_confusion_view_finalize (GObject *object)
{
  LlConfusionView *self = LL_CONFUSION_VIEW (object);

  g_clear_object (&self->store_signals);
  G_OBJECT_CLASS (ll_confusion_view_parent_class)->finalize (object);
}

static void
ll_confusion_view_class_init (LlConfusionViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_confusion_view_dispose;
  object_class->finalize = ll_confusion_view_finalize;
  object_class->get_property = ll_confusion_view_get_property;
  object_class->set_property = ll_confusion_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THRESHOLD] =
    g_param_spec_double ("threshold", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUN] =
    g_param_spec_uint ("run", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* (int true_class, int predicted_class): a test cell was clicked. */
  signals[SIGNAL_CELL_ACTIVATED] =
    g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_INT);

  g_type_ensure (LL_TYPE_FIGURE_VIEW);
  ll_style_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-confusion-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LlConfusionView, run_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlConfusionView, run_names);
  gtk_widget_class_bind_template_child (widget_class, LlConfusionView, threshold_label);
  gtk_widget_class_bind_template_child (widget_class, LlConfusionView, test_grid);
  gtk_widget_class_bind_template_child (widget_class, LlConfusionView, train_grid);
  gtk_widget_class_bind_template_child (widget_class, LlConfusionView, roc_view);
}

static void
ll_confusion_view_init (LlConfusionView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ll_style_ensure_loaded (GTK_WIDGET (self));

  self->threshold = 0.5;
  rebuild_grid (self, TRUE);
  rebuild_grid (self, FALSE);
  rebuild_figure (self);
  update_tables (self);
  g_signal_connect_object (self->run_dropdown, "notify::selected",
                           G_CALLBACK (on_run_selected), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->roc_view, "layer-toggled", G_CALLBACK (on_roc_layer_toggled), self,
                           G_CONNECT_SWAPPED);
  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_object (self->store_signals, "notify::dataset",
                                 G_CALLBACK (on_store_dataset), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "run-updated",
                                 G_CALLBACK (on_store_run_updated), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ll_confusion_view_new (void)
{
  return g_object_new (LL_TYPE_CONFUSION_VIEW, NULL);
}
