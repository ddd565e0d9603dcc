/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-accuracy-table.c: a GtkGrid of [swatch | rate | iteration | cost | train | test]. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ll-accuracy-table.h"
#include "ll-swatch.h"
#include "plot/plot-render.h"

#define N_COLUMNS 5
#define BLANK "—"

struct _LlAccuracyTable
{
  GtkWidget parent_instance;

  GtkWidget *grid;
  GtkWidget *train_heading;
  GtkWidget *test_heading;
  guint n_rows;
  double *rates;     /* n_rows */
  GPtrArray *cells;  /* GtkLabel*, n_rows * N_COLUMNS, row-major */
};

G_DEFINE_FINAL_TYPE (LlAccuracyTable, ll_accuracy_table, GTK_TYPE_WIDGET)

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

void
ll_accuracy_table_set_rates (LlAccuracyTable *self,
                             const double    *rates,
                             guint            n_rates)
{
  g_return_if_fail (LL_IS_ACCURACY_TABLE (self));

  /* Same rates (Train after the preview): keep the rows, no relayout. */
  if (n_rates == self->n_rows &&
      (n_rates == 0 || memcmp (rates, self->rates, n_rates * sizeof (double)) == 0))
    {
      ll_accuracy_table_clear (self);
      return;
    }
  g_free (self->rates);
  self->rates = g_memdup2 (rates, n_rates * sizeof (double));

  /* Row 0 holds the column titles. */
  for (guint row = 0; row < self->n_rows; row++)
    gtk_grid_remove_row (GTK_GRID (self->grid), 1);
  g_ptr_array_set_size (self->cells, 0);

  self->n_rows = n_rates;
  for (guint run = 0; run < n_rates; run++)
    {
      GtkWidget *swatch = ll_swatch_new (run);

      gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
      gtk_grid_attach (GTK_GRID (self->grid), swatch, 0, run + 1, 1, 1);
      for (guint column = 0; column < N_COLUMNS; column++)
        {
          GtkWidget *label = gtk_label_new (BLANK);

          gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0 : 1.0);
          gtk_widget_add_css_class (label, "numeric");
          if (column >= 3)
            gtk_widget_add_css_class (label, "accuracy");
          gtk_grid_attach (GTK_GRID (self->grid), label, column + 1, run + 1, 1, 1);
          g_ptr_array_add (self->cells, label);
        }
      set_number (cell (self, run, 0), "%g", rates[run], "");
    }
}

void
ll_accuracy_table_update (LlAccuracyTable *self,
                          guint            run,
                          guint            iteration,
                          double           cost,
                          double           train_accuracy,
                          double           test_accuracy)
{
  g_return_if_fail (LL_IS_ACCURACY_TABLE (self));

  if (run >= self->n_rows)
    return;
  set_number (cell (self, run, 1), "%.0f", iteration, "");
  set_number (cell (self, run, 2), "%.4g", cost, "");
  set_number (cell (self, run, 3), "%.2f", train_accuracy, " %");
  set_number (cell (self, run, 4), "%.2f", test_accuracy, " %");
}

void
ll_accuracy_table_set_accuracies (LlAccuracyTable *self,
                                  guint            run,
                                  double           train_accuracy,
                                  double           test_accuracy)
{
  g_return_if_fail (LL_IS_ACCURACY_TABLE (self));

  if (run >= self->n_rows)
    return;
  set_number (cell (self, run, 3), "%.2f", train_accuracy, " %");
  set_number (cell (self, run, 4), "%.2f", test_accuracy, " %");
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

void
ll_accuracy_table_set_threshold (LlAccuracyTable *self,
                                 double           threshold,
                                 gboolean         train_follows)
{
  g_return_if_fail (LL_IS_ACCURACY_TABLE (self));

  set_heading (self->test_heading, _("Test accuracy"), threshold);
  set_heading (self->train_heading, _("Train accuracy"), train_follows ? threshold : 0.5);
  gtk_widget_set_tooltip_text (self->train_heading,
                               train_follows || threshold == 0.5 ? NULL
                               : _("At the threshold 0.5: this training run did not keep the "
                                   "probabilities of the training images, so the train "
                                   "accuracy cannot follow the slider"));
}

void
ll_accuracy_table_clear (LlAccuracyTable *self)
{
  g_return_if_fail (LL_IS_ACCURACY_TABLE (self));

  for (guint run = 0; run < self->n_rows; run++)
    for (guint column = 1; column < N_COLUMNS; column++)
      gtk_label_set_text (cell (self, run, column), BLANK);
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
  gtk_widget_dispose_template (GTK_WIDGET (object), LL_TYPE_ACCURACY_TABLE);

  G_OBJECT_CLASS (ll_accuracy_table_parent_class)->dispose (object);
}

static void
ll_accuracy_table_finalize (GObject *object)
{
  LlAccuracyTable *self = LL_ACCURACY_TABLE (object);

  g_ptr_array_unref (self->cells);
  g_free (self->rates);

  G_OBJECT_CLASS (ll_accuracy_table_parent_class)->finalize (object);
}

static void
ll_accuracy_table_class_init (LlAccuracyTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_accuracy_table_dispose;
  object_class->finalize = ll_accuracy_table_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-accuracy-table.ui");
  gtk_widget_class_bind_template_child (widget_class, LlAccuracyTable, grid);
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
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ll_accuracy_table_new (void)
{
  return g_object_new (LL_TYPE_ACCURACY_TABLE, NULL);
}
