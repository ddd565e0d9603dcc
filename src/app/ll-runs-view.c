/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-runs-view.c: see ll-runs-view.h. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ll-runs-view.h"
#include "ll-tooltip.h"

/* The rows of the comparison table, in order. */
typedef enum {
  COMPARE_TITLE,
  COMPARE_RATE,
  COMPARE_ITERATIONS,
  COMPARE_RECORD_EVERY,
  COMPARE_STATE,
  COMPARE_REACHED,
  COMPARE_COST,
  COMPARE_TRAIN,
  COMPARE_TEST,
  N_COMPARE_ROWS
} CompareRow;

static const char *const compare_names[N_COMPARE_ROWS] = {
  NULL,
  N_("Learning rate"),
  N_("Iterations"),
  N_("Record every"),
  N_("State"),
  N_("Trained to iteration"),
  N_("Final cost"),
  N_("Train accuracy"),
  N_("Test accuracy"),
};

struct _LlRunsView
{
  GtkBox parent_instance;

  GtkListBox *list;
  GtkLabel *compare_heading;
  GtkGrid *compare_grid;
  GtkProgressBar *retrain_bar;

  LlRunStore *store;
  GSignalGroup *store_signals;
  LlRun *compared[2];           /* borrowed from the store, refreshed on every change */
  guint n_compared;
  char *compare_text[N_COMPARE_ROWS][3];
};

G_DEFINE_FINAL_TYPE (LlRunsView, ll_runs_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Texts ----------------------------------------------------------------------- */

static const char *
state_text (LlRunState state)
{
  switch (state)
    {
    case LL_RUN_WAITING:
      return _("waiting");
    case LL_RUN_RUNNING:
      return _("training");
    case LL_RUN_FINISHED:
      return _("finished");
    case LL_RUN_DIVERGED:
      return _("diverged");
    case LL_RUN_CANCELLED:
      return _("stopped");
    case LL_RUN_IMPORTED:
      return _("imported");
    default:
      return "?";
    }
}

static char *
number_text (double value)
{
  return isfinite (value) ? g_strdup_printf ("%.4g", value) : g_strdup ("—");
}

static char *
percent_text (double value)
{
  /* TRANSLATORS: an accuracy in percent, e.g. "91.0 %". */
  return isfinite (value) ? g_strdup_printf (_("%.1f %%"), value) : g_strdup ("—");
}

static char *
settings_text (LlRun *run)
{
  char rate[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (rate, sizeof rate, "%g", ll_run_get_learning_rate (run));
  if (ll_run_get_record_every (run) == 0)
    /* TRANSLATORS: an imported run: its learning rate and iterations. */
    return g_strdup_printf (_("learning rate %s · %u iterations"), rate, ll_run_get_iterations (run));
  /* TRANSLATORS: a run's settings: learning rate, iterations, record interval. */
  return g_strdup_printf (_("learning rate %s · %u iterations · recorded every %u"), rate,
                          ll_run_get_iterations (run), ll_run_get_record_every (run));
}

static char *
figures_text (LlRunsView *self,
              LlRun      *run)
{
  const LlRunPoint *point = ll_run_get_latest_point (run);
  const char *state = state_text (ll_run_get_state (run));
  g_autofree char *cost = NULL;
  g_autofree char *train = NULL;
  g_autofree char *test = NULL;
  g_autofree char *text = NULL;

  if (point == NULL)
    return g_strdup (state);
  cost = number_text (point->cost);
  train = percent_text (point->train_accuracy);
  test = percent_text (point->test_accuracy);
  /* TRANSLATORS: a run's final figures, then its state ("finished"). */
  text = g_strdup_printf (_("cost %s · train %s · test %s · %s"), cost, train, test, state);
  if (self->store != NULL && !ll_run_store_run_fits_dataset (self->store, run))
    /* TRANSLATORS: after a run's figures: it was trained on another dataset. */
    return g_strdup_printf (_("%s · other data"), text);
  return g_steal_pointer (&text);
}

static gboolean
run_removable (LlRun *run)
{
  LlRunState state = ll_run_get_state (run);

  return ll_run_get_pinned (run) || (state != LL_RUN_WAITING && state != LL_RUN_RUNNING);
}

/* The comparison ------------------------------------------------------------ */

static void
set_compare_text (LlRunsView *self,
                  guint       row,
                  guint       column,
                  char       *text)
{
  g_free (self->compare_text[row][column]);
  self->compare_text[row][column] = text;
}

static void
fill_compare_column (LlRunsView *self,
                     guint       column,
                     LlRun      *run)
{
  const LlRunPoint *point = ll_run_get_latest_point (run);
  char rate[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (rate, sizeof rate, "%g", ll_run_get_learning_rate (run));
  set_compare_text (self, COMPARE_TITLE, column, g_strdup (ll_run_get_title (run)));
  set_compare_text (self, COMPARE_RATE, column, g_strdup (rate));
  set_compare_text (self, COMPARE_ITERATIONS, column,
                    g_strdup_printf ("%u", ll_run_get_iterations (run)));
  set_compare_text (self, COMPARE_RECORD_EVERY, column,
                    ll_run_get_record_every (run) > 0
                      ? g_strdup_printf ("%u", ll_run_get_record_every (run)) : g_strdup ("—"));
  set_compare_text (self, COMPARE_STATE, column, g_strdup (state_text (ll_run_get_state (run))));
  set_compare_text (self, COMPARE_REACHED, column,
                    point != NULL ? g_strdup_printf ("%u", point->iteration) : g_strdup ("—"));
  set_compare_text (self, COMPARE_COST, column, number_text (point != NULL ? point->cost : NAN));
  set_compare_text (self, COMPARE_TRAIN, column,
                    percent_text (point != NULL ? point->train_accuracy : NAN));
  set_compare_text (self, COMPARE_TEST, column,
                    percent_text (point != NULL ? point->test_accuracy : NAN));
}

static void
update_compare (LlRunsView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->compare_grid))) != NULL)
    gtk_grid_remove (self->compare_grid, child);
  for (guint row = 0; row < N_COMPARE_ROWS; row++)
    for (guint column = 0; column < 3; column++)
      set_compare_text (self, row, column, NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->compare_heading), self->n_compared == 2);
  gtk_widget_set_visible (GTK_WIDGET (self->compare_grid), self->n_compared == 2);
  if (self->n_compared != 2)
    return;

  for (guint row = 0; row < N_COMPARE_ROWS; row++)
    set_compare_text (self, row, 0, g_strdup (compare_names[row] != NULL ? _(compare_names[row]) : ""));
  fill_compare_column (self, 1, self->compared[0]);
  fill_compare_column (self, 2, self->compared[1]);
  for (guint row = 0; row < N_COMPARE_ROWS; row++)
    for (guint column = 0; column < 3; column++)
      {
        GtkWidget *label = gtk_label_new (self->compare_text[row][column]);

        gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0 : 1);
        gtk_label_set_selectable (GTK_LABEL (label), column > 0);
        if (row == COMPARE_TITLE)
          gtk_widget_add_css_class (label, "heading");
        else if (column == 0)
          gtk_widget_add_css_class (label, "dim-label");
        else
          gtk_widget_add_css_class (label, "numeric");
        gtk_grid_attach (self->compare_grid, label, column, row, 1, 1);
      }
}

static void
on_selection_changed (LlRunsView *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;

  /* The first two selected rows in list order, one beside the other. */
  self->n_compared = 0;
  for (guint i = 0; i < n_runs && self->n_compared < 2; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, i);

      if (row != NULL && gtk_list_box_row_is_selected (row))
        self->compared[self->n_compared++] = ll_run_store_get_run (self->store, i);
    }
  update_compare (self);
}

/* The rows -------------------------------------------------------------------- */

static void
on_remove_clicked (GtkButton *button,
                   LlRun     *run)
{
  LlRunsView *self = LL_RUNS_VIEW (gtk_widget_get_ancestor (GTK_WIDGET (button), LL_TYPE_RUNS_VIEW));

  if (self != NULL && self->store != NULL)
    ll_run_store_remove (self->store, run);
}

static GtkWidget *
icon_toggle (const char *icon_name,
             const char *tooltip)
{
  GtkWidget *button = gtk_toggle_button_new ();

  gtk_button_set_icon_name (GTK_BUTTON (button), icon_name);
  ll_tooltip_set (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
update_row (LlRunsView *self,
            GtkWidget  *box,
            LlRun      *run)
{
  GtkLabel *figures = g_object_get_data (G_OBJECT (box), "ll-figures");
  GtkWidget *remove = g_object_get_data (G_OBJECT (box), "ll-remove");
  g_autofree char *text = figures_text (self, run);

  gtk_label_set_text (figures, text);
  gtk_widget_set_sensitive (remove, run_removable (run));
}

/* The editing of a run's name ended: committed (Enter, the focus left) it
 * names the run; cancelled (Escape) the label already shows the old name. */
static void
on_title_editing (GtkEditableLabel *title,
                  GParamSpec       *pspec,
                  LlRun            *run)
{
  if (gtk_editable_label_get_editing (title))
    return;
  ll_run_set_title (run, gtk_editable_get_text (GTK_EDITABLE (title)));
  /* An emptied name falls back to the run's own ("lr 0.5"). */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (title)), ll_run_get_title (run)) != 0)
    gtk_editable_set_text (GTK_EDITABLE (title), ll_run_get_title (run));
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  LlRunsView *self = user_data;
  LlRun *run = item;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *show = gtk_check_button_new ();
  GtkWidget *pin = icon_toggle ("view-pin-symbolic", _("Pin: keep this run when a new job starts"));
  GtkWidget *title = gtk_editable_label_new (ll_run_get_title (run));
  g_autofree char *settings = settings_text (run);
  GtkWidget *settings_label = gtk_label_new (settings);
  GtkWidget *figures_label = gtk_label_new (NULL);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);

  ll_tooltip_set (show, _("Show this run on the plots"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (show), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show this run on the plots"), -1);
  g_object_bind_property (run, "visible", show, "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_object_bind_property (run, "pinned", pin, "active", G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  /* Rename in place: the run's title is every legend's label. */
  ll_tooltip_set (title, _("The run's name in legends: double-click or Enter to rename"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (title), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Run name"), -1);
  /* One way: the name reaches the run (and redraws every legend) when the
   * editing ends (Enter or the focus leaving), not at each keystroke. */
  g_object_bind_property (run, "title", title, "text", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (title, "notify::editing", G_CALLBACK (on_title_editing), run, 0);
  gtk_widget_set_halign (title, GTK_ALIGN_START);

  gtk_label_set_xalign (GTK_LABEL (settings_label), 0);
  gtk_widget_add_css_class (settings_label, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (figures_label), 0);
  gtk_widget_add_css_class (figures_label, "numeric");
  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), settings_label);
  gtk_box_append (GTK_BOX (texts), figures_label);
  gtk_widget_set_hexpand (texts, TRUE);

  ll_tooltip_set (remove, _("Remove this run"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove this run"), -1);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), run, 0);

  gtk_box_append (GTK_BOX (box), show);
  gtk_box_append (GTK_BOX (box), pin);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), remove);
  g_object_set_data (G_OBJECT (box), "ll-figures", figures_label);
  g_object_set_data (G_OBJECT (box), "ll-remove", remove);
  update_row (self, box, run);
  return box;
}

/* Following the run store ---------------------------------------------------- */

static void
on_store_run_updated (LlRunsView *self,
                      guint       position,
                      LlRun      *run)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->list, position);

  if (row != NULL)
    update_row (self, gtk_list_box_row_get_child (row), run);
  if (self->n_compared == 2 && (self->compared[0] == run || self->compared[1] == run))
    update_compare (self);
}

static void
on_store_items_changed (LlRunsView *self)
{
  /* The list box has made its rows (it follows the model first). */
  on_selection_changed (self);
}

static void
on_store_dataset (LlRunsView *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;

  for (guint i = 0; i < n_runs; i++)
    on_store_run_updated (self, i, ll_run_store_get_run (self->store, i));
}

/* Public ----------------------------------------------------------------------- */

GtkWidget *
ll_runs_view_new (void)
{
  return g_object_new (LL_TYPE_RUNS_VIEW, NULL);
}

LlRunStore *
ll_runs_view_get_store (LlRunsView *self)
{
  g_return_val_if_fail (LL_IS_RUNS_VIEW (self), NULL);
  return self->store;
}

void
ll_runs_view_set_store (LlRunsView *self,
                        LlRunStore *store)
{
  g_return_if_fail (LL_IS_RUNS_VIEW (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (self->store == store)
    return;
  g_set_object (&self->store, store);
  gtk_list_box_bind_model (self->list, G_LIST_MODEL (store), create_row, self, NULL);
  g_signal_group_set_target (self->store_signals, store);
  on_selection_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

guint
ll_runs_view_get_n_compared (LlRunsView *self)
{
  g_return_val_if_fail (LL_IS_RUNS_VIEW (self), 0);
  return self->n_compared;
}

const char *
ll_runs_view_get_compare_text (LlRunsView *self,
                               guint       row,
                               guint       column)
{
  g_return_val_if_fail (LL_IS_RUNS_VIEW (self), NULL);
  return row < N_COMPARE_ROWS && column < 3 ? self->compare_text[row][column] : NULL;
}

const char *
ll_runs_view_get_figures_text (LlRunsView *self,
                               guint       position)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (LL_IS_RUNS_VIEW (self), NULL);

  row = gtk_list_box_get_row_at_index (self->list, position);
  if (row == NULL)
    return NULL;
  return gtk_label_get_text (g_object_get_data (G_OBJECT (gtk_list_box_row_get_child (row)), "ll-figures"));
}

void
ll_runs_view_set_progress (LlRunsView *self,
                           double      fraction)
{
  g_return_if_fail (LL_IS_RUNS_VIEW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->retrain_bar), fraction >= 0);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->retrain_bar, CLAMP (fraction, 0, 1));
}

double
ll_runs_view_get_progress (LlRunsView *self)
{
  g_return_val_if_fail (LL_IS_RUNS_VIEW (self), -1);

  if (!gtk_widget_get_visible (GTK_WIDGET (self->retrain_bar)))
    return -1;
  return gtk_progress_bar_get_fraction (self->retrain_bar);
}

/* GObject ---------------------------------------------------------------------- */

static void
ll_runs_view_dispose (GObject *object)
{
  LlRunsView *self = LL_RUNS_VIEW (object);

  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store_signals);
  if (self->list != NULL)
    gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
  g_clear_object (&self->store);
  self->n_compared = 0;
  for (guint row = 0; row < N_COMPARE_ROWS; row++)
    for (guint column = 0; column < 3; column++)
      g_clear_pointer (&self->compare_text[row][column], g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_RUNS_VIEW);

  G_OBJECT_CLASS (ll_runs_view_parent_class)->dispose (object);
}

static void
ll_runs_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LlRunsView *self = LL_RUNS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_runs_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LlRunsView *self = LL_RUNS_VIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      ll_runs_view_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_runs_view_class_init (LlRunsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_runs_view_dispose;
  object_class->get_property = ll_runs_view_get_property;
  object_class->set_property = ll_runs_view_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-runs-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LlRunsView, list);
  gtk_widget_class_bind_template_child (widget_class, LlRunsView, compare_heading);
  gtk_widget_class_bind_template_child (widget_class, LlRunsView, compare_grid);
  gtk_widget_class_bind_template_child (widget_class, LlRunsView, retrain_bar);
  gtk_widget_class_bind_template_callback (widget_class, on_selection_changed);
}

static void
ll_runs_view_init (LlRunsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (on_store_items_changed), self,
                                 G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_group_connect_object (self->store_signals, "run-updated",
                                 G_CALLBACK (on_store_run_updated), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "notify::dataset",
                                 G_CALLBACK (on_store_dataset), self, G_CONNECT_SWAPPED);
  update_compare (self);
}
