/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-accuracy-table.c: rows of [swatch | rate | iteration | cost | train | test],
 * written from one side only: the run store it follows. Each row is a box
 * (accessible role row) of cells (role cell), under a row of column
 * headers; a size group per column lines the rows up as a grid would. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ll-accuracy-table.h"
#include "ll-swatch.h"
#include "ll-tooltip.h"
#include "plot/plot-render.h"

#define N_COLUMNS 5
#define BLANK "—"

struct _LlAccuracyTable
{
  GtkWidget parent_instance;

  GtkWidget *rows_box;
  GtkWidget *header_row;
  GtkSizeGroup *columns[N_COLUMNS + 1];  /* the swatch's, then the cells' */
  GtkWidget *train_heading;
  GtkWidget *test_heading;
  guint n_rows;
  double *rates;     /* n_rows */
  GPtrArray *cells;  /* GtkLabel*, n_rows * N_COLUMNS, row-major */

  LlRunStore *store;
  GSignalGroup *store_signals;
  double threshold;
};

G_DEFINE_FINAL_TYPE (LlAccuracyTable, ll_accuracy_table, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_THRESHOLD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GtkLabel *
cell (LlAccuracyTable *self,
      guint            run,
      guint            column)
{
  return g_ptr_array_index (self->cells, run * N_COLUMNS + column);
}

static void
set_number (GtkLabel   *label,
            const char *format,
            double      value,
            const char *suffix)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;

  if (!isfinite (value))
    {
      gtk_label_set_text (label, BLANK);
      return;
    }
  /* Locale-independent digits, as everywhere in the app. */
  g_ascii_formatd (buf, sizeof buf, format, value);
  text = g_strconcat (buf, suffix, NULL);
  gtk_label_set_text (label, text);
}

char *
ll_accuracy_table_format_cost (double   cost,
                               gboolean scientific)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  gsize len;

  if (!isfinite (cost))
    return g_strdup (BLANK);
  /* Four significant digits, trailing zeros kept ("0.4620" beside
   * "0.3506"); "%#.4g" may end in a bare point ("1235."). */
  g_ascii_formatd (buf, sizeof buf, scientific ? "%.3e" : "%#.4g", cost);
  len = strlen (buf);
  if (len > 0 && buf[len - 1] == '.')
    buf[len - 1] = '\0';
  return g_strdup (buf);
}

gboolean
ll_accuracy_table_costs_need_scientific (const double *costs,
                                         guint         n_costs)
{
  /* Below 0.001 "%#.4g" itself turns to an exponent: the whole column does,
   * so one column never mixes "6.765e-05" with "0.001321". */
  for (guint i = 0; i < n_costs; i++)
    if (isfinite (costs[i]) && costs[i] != 0 && (fabs (costs[i]) < 1e-3 || fabs (costs[i]) >= 1e4))
      return TRUE;
  return FALSE;
}

static void clear_values (LlAccuracyTable *self);

/* One row per rate, values blank. */
static void
set_rates (LlAccuracyTable *self,
           const double    *rates,
           guint            n_rates)
{
  /* Same rates (Train after the preview): keep the rows, no relayout. */
  if (n_rates == self->n_rows &&
      (n_rates == 0 || memcmp (rates, self->rates, n_rates * sizeof (double)) == 0))
    {
      clear_values (self);
      return;
    }
  g_free (self->rates);
  self->rates = g_memdup2 (rates, n_rates * sizeof (double));

  /* The first row holds the column headers. */
  while (gtk_widget_get_next_sibling (self->header_row) != NULL)
    {
      GtkWidget *row = gtk_widget_get_next_sibling (self->header_row);

      for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
           child = gtk_widget_get_first_child (row))
        {
          for (guint column = 0; column <= N_COLUMNS; column++)
            if (g_slist_find (gtk_size_group_get_widgets (self->columns[column]), child) != NULL)
              gtk_size_group_remove_widget (self->columns[column], child);
          gtk_box_remove (GTK_BOX (row), child);
        }
      gtk_box_remove (GTK_BOX (self->rows_box), row);
    }
  g_ptr_array_set_size (self->cells, 0);

  self->n_rows = n_rates;
  for (guint run = 0; run < n_rates; run++)
    {
      GtkWidget *row = g_object_new (GTK_TYPE_BOX, "accessible-role", GTK_ACCESSIBLE_ROLE_ROW,
                                     "spacing", 18, NULL);
      GtkWidget *swatch = ll_swatch_new (run);

      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_widget_set_halign (swatch, GTK_ALIGN_START);
      gtk_size_group_add_widget (self->columns[0], swatch);
      gtk_box_append (GTK_BOX (row), swatch);
      for (guint column = 0; column < N_COLUMNS; column++)
        {
          GtkWidget *label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_CELL,
                                           "label", BLANK, NULL);

          gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0 : 1.0);
          gtk_widget_add_css_class (label, "numeric");
          if (column >= 3)
            gtk_widget_add_css_class (label, "accuracy");
          gtk_size_group_add_widget (self->columns[column + 1], label);
          gtk_box_append (GTK_BOX (row), label);
          g_ptr_array_add (self->cells, label);
        }
      gtk_box_append (GTK_BOX (self->rows_box), row);
      set_number (cell (self, run, 0), "%g", rates[run], "");
    }
}

/* "Test accuracy", or off the default a second, small line "at p > 0.70"
 * (a longer one-line heading would widen the window past 1280 pixels). */
static void
set_heading (GtkWidget  *heading,
             const char *title,
             double      threshold)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *markup = NULL;
  g_autofree char *at = NULL;

  if (threshold == 0.5)
    {
      gtk_label_set_text (GTK_LABEL (heading), title);
      return;
    }
  g_ascii_formatd (buf, sizeof buf, "%.2f", threshold);
  /* TRANSLATORS: under "Test accuracy": the decision threshold, "at p > 0.70" */
  at = g_strdup_printf (_("at p > %s"), buf);
  markup = g_markup_printf_escaped ("%s\n<small>%s</small>", title, at);
  gtk_label_set_markup (GTK_LABEL (heading), markup);
}

/* TRAIN_FOLLOWS FALSE: the train column is still at 0.5 (said in its tooltip). */
static void
set_threshold_headings (LlAccuracyTable *self,
                        double           threshold,
                        gboolean         train_follows)
{
  set_heading (self->test_heading, _("Test accuracy"), threshold);
  set_heading (self->train_heading, _("Train accuracy"), train_follows ? threshold : 0.5);
  ll_tooltip_set (self->train_heading,
                               train_follows || threshold == 0.5 ? NULL
                               : _("At the threshold 0.5: this training run did not keep the "
                                   "probabilities of the training images, so the train "
                                   "accuracy cannot follow the slider"));
}

static void
clear_values (LlAccuracyTable *self)
{
  for (guint run = 0; run < self->n_rows; run++)
    for (guint column = 1; column < N_COLUMNS; column++)
      gtk_label_set_text (cell (self, run, column), BLANK);
}

/* The store ------------------------------------------------------------------ */

/* RUN's accuracy at the threshold from PROBABILITIES of SPLIT when they fit,
 * else FALLBACK (the trainer's, at 0.5); *FOLLOWS is cleared then. */
static double
accuracy_at_threshold (LlAccuracyTable *self,
                       const double    *probabilities,
                       gsize            count,
                       const LlSplit   *split,
                       double           fallback,
                       gboolean        *follows)
{
  if (probabilities == NULL || split == NULL || count != split->count)
    {
      *follows = FALSE;
      return fallback;
    }
  return ll_accuracy (probabilities, split->labels, count, self->threshold);
}

/* Fills row POSITION from what RUN shows; returns whether the train column
 * follows the threshold. */
static gboolean
fill_row (LlAccuracyTable *self,
          guint            position,
          LlRun           *run)
{
  const LlDataset *dataset = ll_run_store_peek_dataset (self->store);
  const LlRunPoint *point = ll_run_get_shown_point (run);
  LlRunModel *model = ll_run_get_shown_model (run);
  gboolean train_follows = TRUE;
  gboolean test_follows = TRUE;
  double train, test;

  if (position >= self->n_rows)
    return TRUE;
  if (point == NULL && model == NULL)
    {
      for (guint column = 1; column < N_COLUMNS; column++)
        gtk_label_set_text (cell (self, position, column), BLANK);
      return TRUE;
    }
  set_number (cell (self, position, 1), "%.0f", point != NULL ? point->iteration : model->iteration, "");
  train = accuracy_at_threshold (self, model != NULL ? model->train_probabilities : NULL,
                                 model != NULL ? model->m_train : 0,
                                 dataset != NULL ? &dataset->train : NULL,
                                 point != NULL ? point->train_accuracy : NAN, &train_follows);
  test = accuracy_at_threshold (self, model != NULL ? model->test_probabilities : NULL,
                                model != NULL ? model->m_test : 0,
                                dataset != NULL ? &dataset->test : NULL,
                                point != NULL ? point->test_accuracy : NAN, &test_follows);
  set_number (cell (self, position, 3), "%.2f", train, " %");
  set_number (cell (self, position, 4), "%.2f", test, " %");
  return train_follows;
}

/* The cost column in one format (see ll_accuracy_table_format_cost), each
 * cell's whole number in its tooltip. */
static void
fill_costs (LlAccuracyTable *self)
{
  guint n_runs = self->store != NULL ? MIN (ll_run_store_get_n_runs (self->store), self->n_rows) : 0;
  g_autofree double *costs = g_new (double, MAX (n_runs, 1));
  gboolean scientific;

  for (guint i = 0; i < n_runs; i++)
    {
      const LlRunPoint *point = ll_run_get_shown_point (ll_run_store_get_run (self->store, i));

      costs[i] = point != NULL ? point->cost : NAN;
    }
  scientific = ll_accuracy_table_costs_need_scientific (costs, n_runs);
  for (guint i = 0; i < n_runs; i++)
    {
      g_autofree char *text = ll_accuracy_table_format_cost (costs[i], scientific);
      char full[G_ASCII_DTOSTR_BUF_SIZE];

      gtk_label_set_text (cell (self, i, 2), text);
      ll_tooltip_set_live (GTK_WIDGET (cell (self, i, 2)),
                                   isfinite (costs[i]) ? g_ascii_formatd (full, sizeof full, "%.17g", costs[i])
                                                       : NULL);
    }
}

static void
fill_rows (LlAccuracyTable *self)
{
  gboolean train_follows = TRUE;
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;

  for (guint i = 0; i < n_runs; i++)
    {
      LlRun *run = ll_run_store_get_run (self->store, i);

      /* Only rows with numbers say whether the train column follows. */
      if (!fill_row (self, i, run) && ll_run_get_shown_point (run) != NULL)
        train_follows = FALSE;
    }
  fill_costs (self);
  set_threshold_headings (self, self->threshold, train_follows);
}

static void
on_items_changed (LlAccuracyTable *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  g_autofree double *rates = g_new (double, MAX (n_runs, 1));
  GtkWidget *row = self->header_row;

  for (guint i = 0; i < n_runs; i++)
    rates[i] = ll_run_get_learning_rate (ll_run_store_get_run (self->store, i));
  set_rates (self, rates, n_runs);
  /* Each row's swatch is its run's look (kept rows too: the looks may move). */
  for (guint i = 0; i < n_runs && (row = gtk_widget_get_next_sibling (row)) != NULL; i++)
    ll_swatch_set_index (LL_SWATCH (gtk_widget_get_first_child (row)),
                         ll_run_get_look (ll_run_store_get_run (self->store, i)));
  fill_rows (self);
}

static void
on_run_updated (LlAccuracyTable *self,
                guint            position,
                LlRun           *run)
{
  fill_row (self, position, run);
  fill_costs (self);
}

void
ll_accuracy_table_set_store (LlAccuracyTable *self,
                             LlRunStore      *store)
{
  g_return_if_fail (LL_IS_ACCURACY_TABLE (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_accuracy_table_get_store (LlAccuracyTable *self)
{
  g_return_val_if_fail (LL_IS_ACCURACY_TABLE (self), NULL);

  return self->store;
}

void
ll_accuracy_table_set_threshold (LlAccuracyTable *self,
                                 double           threshold)
{
  g_return_if_fail (LL_IS_ACCURACY_TABLE (self));

  if (self->threshold == threshold)
    return;
  self->threshold = threshold;
  fill_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
}

double
ll_accuracy_table_get_threshold (LlAccuracyTable *self)
{
  g_return_val_if_fail (LL_IS_ACCURACY_TABLE (self), 0.5);

  return self->threshold;
}

const char *
ll_accuracy_table_get_text (LlAccuracyTable *self,
                            guint            run,
                            guint            column)
{
  g_return_val_if_fail (LL_IS_ACCURACY_TABLE (self), NULL);
  g_return_val_if_fail (run < self->n_rows && column < N_COLUMNS, NULL);

  return gtk_label_get_text (cell (self, run, column));
}

static void
ll_accuracy_table_dispose (GObject *object)
{
  LlAccuracyTable *self = LL_ACCURACY_TABLE (object);

  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (object), LL_TYPE_ACCURACY_TABLE);

  G_OBJECT_CLASS (ll_accuracy_table_parent_class)->dispose (object);
}

static void
ll_accuracy_table_finalize (GObject *object)
{
  LlAccuracyTable *self = LL_ACCURACY_TABLE (object);

  g_ptr_array_unref (self->cells);
  g_free (self->rates);
  g_object_unref (self->store_signals);
  for (guint column = 0; column <= N_COLUMNS; column++)
    g_clear_object (&self->columns[column]);

  G_OBJECT_CLASS (ll_accuracy_table_parent_class)->finalize (object);
}

static void
ll_accuracy_table_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  LlAccuracyTable *self = LL_ACCURACY_TABLE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_accuracy_table_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  LlAccuracyTable *self = LL_ACCURACY_TABLE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ll_accuracy_table_set_store (self, g_value_get_object (value));
      break;
    case PROP_THRESHOLD:
      ll_accuracy_table_set_threshold (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_accuracy_table_class_init (LlAccuracyTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_accuracy_table_dispose;
  object_class->finalize = ll_accuracy_table_finalize;
  object_class->get_property = ll_accuracy_table_get_property;
  object_class->set_property = ll_accuracy_table_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_THRESHOLD] =
    g_param_spec_double ("threshold", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-accuracy-table.ui");
  gtk_widget_class_bind_template_child (widget_class, LlAccuracyTable, rows_box);
  gtk_widget_class_bind_template_child (widget_class, LlAccuracyTable, header_row);
  gtk_widget_class_bind_template_child (widget_class, LlAccuracyTable, train_heading);
  gtk_widget_class_bind_template_child (widget_class, LlAccuracyTable, test_heading);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "accuracytable");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TABLE);
}

static void
ll_accuracy_table_init (LlAccuracyTable *self)
{
  self->cells = g_ptr_array_new ();
  self->threshold = 0.5;
  /* Follows whichever store is set: connected once, retargeted by set_store. */
  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "notify::dataset",
                                 G_CALLBACK (fill_rows), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "run-updated",
                                 G_CALLBACK (on_run_updated), self, G_CONNECT_SWAPPED);
  gtk_widget_init_template (GTK_WIDGET (self));
  {
    guint column = 0;

    for (GtkWidget *heading = gtk_widget_get_first_child (self->header_row); heading != NULL;
         heading = gtk_widget_get_next_sibling (heading))
      {
        self->columns[column] = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
        gtk_size_group_add_widget (self->columns[column++], heading);
      }
    g_assert (column == N_COLUMNS + 1);
  }
}

GtkWidget *
ll_accuracy_table_new (void)
{
  return g_object_new (LL_TYPE_ACCURACY_TABLE, NULL);
}
