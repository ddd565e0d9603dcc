/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-result-grid.c: see ll-result-grid.h.
 *
 * A GListStore holds one LlTestImage per test image; an LlIndexListModel
 * over it lists the shown ones ("Misclassified only" or all); a GtkGridView renders
 * only the visible cells (LlResultCell), each making its texture on bind, so
 * 10,000 images scroll smoothly. The grid keeps its own copy of the test
 * pixels (one GBytes shared by all items) and of each run's probabilities,
 * so it never depends on the lifetime of the caller's dataset.
 *
 * Record points arrive several times a second while the grid is usually on
 * a hidden page, so a new set of probabilities costs O(m) comparisons and no
 * signals: the items read the shown run's array through one shared
 * LlTestScores, the bound cells (a few dozen) are refreshed directly, and the
 * shown positions are recomputed only when some prediction flipped: one O(m)
 * pass and ONE items-changed for the whole list (GtkFilterListModel emitted
 * a range per flipped stretch, and GtkGridView reworked its layout for
 * each). While the grid is not
 * mapped even that waits: the view is marked stale and refreshed on map (or
 * when someone asks for the model). The threshold slider applies its value
 * at most once per frame. */
#include "config.h"

#include "ll-result-grid.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "core/data/scaling.h"
#include "core/train/model.h"
#include "ll-index-list-model.h"
#include "ll-result-cell.h"
#include "ll-style.h"
#include "ll-test-image.h"
#include "ll-texture-util.h"

struct _LlResultGrid
{
  GtkBox parent_instance;

  /* template */
  GtkDropDown *run_dropdown;
  GtkStringList *run_names;
  GtkCheckButton *misclassified_check;
  GtkAdjustment *threshold_adjustment;
  GtkScale *threshold_scale;
  GtkLabel *summary_label;
  GtkWidget *show_all_button;     /* while a confusion cell filters (issue 21) */
  GtkGridView *grid_view;
  GtkRevealer *details_revealer;
  GtkButton *details_close_button;
  GtkPicture *details_picture;
  GtkLabel *details_title;
  GtkGrid *details_grid;

  GListStore *items;              /* all LlTestImage */
  LlIndexListModel *visible;      /* the shown items */
  GArray *visible_positions;      /* guint scratch for recomputing them */
  LlTestScores *scores;           /* what the items read: the shown run, the threshold */
  gint8 *predicted;               /* m_test: each image's prediction when last counted */
  GPtrArray *bound_cells;         /* LlResultCell, borrowed: bound between bind and unbind */
  gboolean view_stale;            /* cells, summary and details wait for the map */
  gboolean visible_stale;         /* some prediction flipped since the shown items were listed */
  gboolean list_stale;            /* a hidden grid lists its items when seen or asked */
  guint threshold_tick;           /* the slider's pending value is applied in this frame */
  gboolean syncing_adjustment;    /* the setter moves the slider: do not schedule */

  guint8 *labels;                 /* m_test true labels */
  gsize m_test;
  char *class_names[2];           /* GRefString, shared with the items */

  GArray *learning_rates;         /* double, n_runs */
  GPtrArray *probabilities;       /* n_runs x (double[m_test] or NULL) */

  guint run;
  double threshold;
  gboolean misclassified_only;
  int filter_true_class;          /* with filter_predicted_class: a confusion cell, or -1 */
  int filter_predicted_class;
  LlTestImage *details_item;

  LlRunStore *store;            /* followed, see set_store */
  GSignalGroup *store_signals;
};

G_DEFINE_FINAL_TYPE (LlResultGrid, ll_result_grid, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_RUN,
  PROP_THRESHOLD,
  PROP_MISCLASSIFIED_ONLY,
  PROP_STORE,
  N_PROPS
};

enum {
  SIGNAL_ACCURACY_CHANGED,
  SIGNAL_IMAGE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const double *
ll_result_grid_run_probabilities (LlResultGrid *self,
                                  guint         run)
{
  if (run >= self->probabilities->len)
    return NULL;
  return g_ptr_array_index (self->probabilities, run);
}

static char *
format_learning_rate (double learning_rate)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, "%g", learning_rate);
  return g_strdup_printf ("lr = %s", number);
}

static char *
format_probability (double probability)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (number, sizeof number, "%.2f", probability));
}

static void
ll_result_grid_update_summary (LlResultGrid *self)
{
  guint n_visible = g_list_model_get_n_items (G_LIST_MODEL (self->visible));
  double accuracy = ll_result_grid_get_accuracy (self, self->run);
  g_autofree char *text = NULL;
  LlRunModel *model = NULL;

  /* Which moment's model the predictions are (issue 24.9). */
  if (self->store != NULL && self->run < ll_run_store_get_n_runs (self->store))
    model = ll_run_get_shown_model (ll_run_store_get_run (self->store, self->run));
  if (self->m_test == 0 && self->class_names[0] != NULL)
    /* builtin:propagate: an empty page said "0 of 0 test images". */
    text = g_strdup (_("This dataset has no test examples."));
  else if (isnan (accuracy))
    text = g_strdup_printf (_("%u of %zu test images"), n_visible, self->m_test);
  else
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (number, sizeof number, "%.2f", accuracy);
      /* Two short lines fit beside the controls at 1280 pixels. */
      if (model != NULL)
        text = g_strdup_printf (_("Test accuracy %s %% at iteration %u\n%u of %zu shown"),
                                number, model->iteration, n_visible, self->m_test);
      else
        text = g_strdup_printf (_("Test accuracy %s %%\n%u of %zu shown"),
                                number, n_visible, self->m_test);
    }
  gtk_label_set_text (self->summary_label, text);
  gtk_widget_set_visible (self->show_all_button, self->filter_true_class >= 0);
}

static void
ll_result_grid_update_details (LlResultGrid *self)
{
  GtkWidget *child;
  LlTestImage *item = self->details_item;
  guint index;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->details_grid))) != NULL)
    gtk_grid_remove (self->details_grid, child);

  if (item == NULL)
    return;

  gtk_label_set_text (self->details_title, ll_test_image_get_title (item));
  index = ll_test_image_get_index (item);

  for (guint run = 0; run < self->learning_rates->len; run++)
    {
      const double *probabilities = ll_result_grid_run_probabilities (self, run);
      g_autofree char *rate = format_learning_rate (g_array_index (self->learning_rates, double, run));
      g_autofree char *probability = NULL;
      const char *verdict = "";
      GtkWidget *label;

      if (probabilities != NULL && !isnan (probabilities[index]))
        {
          g_autofree char *number = format_probability (probabilities[index]);

          probability = g_strdup_printf ("p(%s) = %s", self->class_names[1], number);
          verdict = self->class_names[probabilities[index] > self->threshold ? 1 : 0];
        }
      else
        probability = g_strdup (_("not scored yet"));

      label = gtk_label_new (rate);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      if (run == self->run)
        gtk_widget_add_css_class (label, "ll-caption");
      gtk_grid_attach (self->details_grid, label, 0, (int) run, 1, 1);

      label = gtk_label_new (probability);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "numeric");
      gtk_grid_attach (self->details_grid, label, 1, (int) run, 1, 1);

      label = gtk_label_new (verdict);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_add_css_class (label, "ll-caption");
      gtk_grid_attach (self->details_grid, label, 2, (int) run, 1, 1);
    }
}

/* Lists the shown items again from the predictions: every image, or those
 * scored and wrong. The model announces it once, or not at all when the
 * list did not change. */
static void
ll_result_grid_list_now (LlResultGrid *self)
{
  GArray *positions = self->visible_positions;

  self->visible_stale = self->list_stale = FALSE;
  g_array_set_size (positions, 0);
  for (gsize i = 0; i < self->m_test; i++)
    {
      gboolean wrong = self->predicted[i] >= 0 && self->predicted[i] != (self->labels[i] != 0);

      gboolean in_cell = self->filter_true_class < 0
                         || (self->predicted[i] == self->filter_predicted_class
                             && (self->labels[i] != 0) == self->filter_true_class);

      if ((!self->misclassified_only || wrong) && in_cell)
        {
          guint position = (guint) i;

          g_array_append_val (positions, position);
        }
    }
  ll_index_list_model_set_positions (self->visible, (const guint *) positions->data,
                                     positions->len);
}

/* GtkGridView makes a cell (a template and a texture) for each of up to
 * about 200 items it is given, even on a hidden page: 100 to 400 ms of the
 * UI thread after each dataset loaded. A hidden grid lists nothing until it
 * is seen or someone asks for its model; it empties its list at once, as
 * the old positions may not exist in the new items. */
static void
ll_result_grid_update_visible (LlResultGrid *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      ll_result_grid_list_now (self);
      return;
    }
  ll_index_list_model_set_positions (self->visible, NULL, 0);
  self->list_stale = TRUE;
}

/* Brings what is on screen in line with the scores: the shown items (only
 * when a prediction flipped), the bound cells, the panel and the summary. */
static void
ll_result_grid_flush (LlResultGrid *self)
{
  if (self->list_stale)
    ll_result_grid_list_now (self);
  if (self->visible_stale)
    {
      if (self->misclassified_only || self->filter_true_class >= 0)
        ll_result_grid_list_now (self);
      self->visible_stale = FALSE;
    }
  if (!self->view_stale)
    return;
  self->view_stale = FALSE;
  for (guint i = 0; i < self->bound_cells->len; i++)
    ll_result_cell_refresh (g_ptr_array_index (self->bound_cells, i));
  ll_result_grid_update_details (self);
  ll_result_grid_update_summary (self);
}

/* Refreshes now when the grid is seen, else when it is mapped again. */
static void
ll_result_grid_queue_refresh (LlResultGrid *self)
{
  self->view_stale = TRUE;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    ll_result_grid_flush (self);
}

/* Points the items at the shown run's probabilities and the threshold. One
 * comparison per image finds whether any prediction flipped; nothing is
 * signalled per item. */
static void
ll_result_grid_relabel (LlResultGrid *self)
{
  self->scores->probabilities = ll_result_grid_run_probabilities (self, self->run);
  self->scores->m = self->m_test;
  self->scores->threshold = self->threshold;

  for (gsize i = 0; i < self->m_test; i++)
    {
      gint8 predicted = (gint8) ll_test_scores_predict (self->scores, i);

      if (predicted != self->predicted[i])
        {
          self->predicted[i] = predicted;
          self->visible_stale = TRUE;
        }
    }
  ll_result_grid_queue_refresh (self);
}

static void
ll_result_grid_clear_probabilities (LlResultGrid *self)
{
  guint n_runs = self->learning_rates->len;

  self->scores->probabilities = NULL;  /* freed below; relabel points it again */
  g_ptr_array_set_size (self->probabilities, 0);
  g_ptr_array_set_size (self->probabilities, n_runs);
}

/* The test split as bytes to draw (ll_texture_display_pixels: the digits'
 * 0..16 become a full grey scale; issue 19). */
static GBytes *
display_pixels (const LlDataset *dataset)
{
  gsize n_values = dataset->test.count * dataset->n_features;
  guint8 *bytes = ll_texture_display_pixels (dataset, &dataset->test, 0, dataset->test.count);

  return bytes != NULL ? g_bytes_new_take (bytes, n_values) : g_bytes_new (NULL, 0);
}

/* Row I of a table without an image shape as "name = value" lines (the
 * first few features), else NULL: such rows show as text, not pictures. */
#define ROW_VALUES_SHOWN 6
static char *
row_values (const LlDataset *dataset,
            gsize            i)
{
  g_autoptr (GString) text = NULL;

  if (dataset->test.features == NULL || dataset->feature_names == NULL || dataset->height > 1)
    return NULL;
  text = g_string_new (NULL);
  for (gsize j = 0; j < MIN (dataset->n_features, ROW_VALUES_SHOWN); j++)
    {
      char number[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (number, sizeof number, "%.4g",
                       ll_dataset_value_as_read (dataset, &dataset->test, i * dataset->n_features + j));
      g_string_append_printf (text, "%s%s = %s", j > 0 ? "\n" : "", dataset->feature_names[j], number);
    }
  if (dataset->n_features > ROW_VALUES_SHOWN)
    g_string_append (text, "\n…");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

void
ll_result_grid_set_dataset (LlResultGrid    *self,
                            const LlDataset *binary_dataset)
{
  g_autoptr (GBytes) pixels = NULL;
  g_autoptr (GPtrArray) new_items = NULL;

  g_return_if_fail (LL_IS_RESULT_GRID (self));
  g_return_if_fail (binary_dataset == NULL || binary_dataset->n_classes == 2);

  ll_result_grid_show_details (self, GTK_INVALID_LIST_POSITION);
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->predicted, g_free);
  g_clear_pointer (&self->class_names[0], g_ref_string_release);
  g_clear_pointer (&self->class_names[1], g_ref_string_release);
  self->m_test = 0;
  ll_result_grid_clear_probabilities (self);

  /* Old items that someone still holds read nothing from now on. */
  self->scores->probabilities = NULL;
  self->scores->m = 0;

  /* Tables (float64 features, no pixels) show as pictures over their
   * range, or as rows of values (display_pixels, row_values). */
  if (binary_dataset == NULL)
    {
      g_list_store_remove_all (self->items);
      ll_result_grid_update_visible (self);
      ll_result_grid_update_summary (self);
      return;
    }

  self->m_test = binary_dataset->test.count;
  self->labels = g_memdup2 (binary_dataset->test.labels, self->m_test);
  self->predicted = g_new (gint8, MAX (self->m_test, 1));
  memset (self->predicted, -1, self->m_test);
  self->class_names[0] = g_ref_string_new (binary_dataset->class_names[0]);
  self->class_names[1] = g_ref_string_new (binary_dataset->class_names[1]);
  pixels = display_pixels (binary_dataset);

  new_items = g_ptr_array_new_full (self->m_test, g_object_unref);
  for (gsize i = 0; i < self->m_test; i++)
    {
      g_autoptr (GBytes) image = g_bytes_new_from_bytes (pixels, i * binary_dataset->n_features,
                                                         binary_dataset->n_features);
      g_autofree char *values = row_values (binary_dataset, i);
      LlTestImage *item = ll_test_image_new ((guint) i, image, binary_dataset->width,
                                             binary_dataset->height, binary_dataset->channels,
                                             self->labels[i] != 0, self->class_names,
                                             self->scores);

      ll_test_image_set_values (item, values);
      g_ptr_array_add (new_items, item);
    }
  /* One splice, one items-changed. */
  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       new_items->pdata, new_items->len);
  ll_result_grid_update_visible (self);
  ll_result_grid_relabel (self);
  g_signal_emit (self, signals[SIGNAL_ACCURACY_CHANGED], 0);
}

void
ll_result_grid_set_runs (LlResultGrid *self,
                         const double *learning_rates,
                         guint         n_runs)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  g_return_if_fail (LL_IS_RESULT_GRID (self));
  g_return_if_fail (n_runs == 0 || learning_rates != NULL);

  g_array_set_size (self->learning_rates, 0);
  g_array_append_vals (self->learning_rates, learning_rates, n_runs);
  ll_result_grid_clear_probabilities (self);

  for (guint run = 0; run < n_runs; run++)
    g_ptr_array_add (names, format_learning_rate (learning_rates[run]));
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->run_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->run_names)),
                          (const char * const *) names->pdata);

  ll_result_grid_set_run (self, 0);
  ll_result_grid_relabel (self);
  g_signal_emit (self, signals[SIGNAL_ACCURACY_CHANGED], 0);
}

void
ll_result_grid_set_probabilities (LlResultGrid *self,
                                  guint         run,
                                  const double *test_probabilities,
                                  gsize         m_test)
{
  g_return_if_fail (LL_IS_RESULT_GRID (self));
  g_return_if_fail (run < self->learning_rates->len);
  g_return_if_fail (m_test == self->m_test);
  g_return_if_fail (m_test == 0 || test_probabilities != NULL);

  if (self->probabilities->pdata[run] == NULL)
    self->probabilities->pdata[run] = g_new (double, MAX (m_test, 1));
  memcpy (self->probabilities->pdata[run], test_probabilities, m_test * sizeof (double));

  if (run == self->run)
    ll_result_grid_relabel (self);
  else if (self->details_item != NULL)
    ll_result_grid_queue_refresh (self);  /* the panel lists every run */
  g_signal_emit (self, signals[SIGNAL_ACCURACY_CHANGED], 0);
}

guint
ll_result_grid_get_run (LlResultGrid *self)
{
  g_return_val_if_fail (LL_IS_RESULT_GRID (self), 0);
  return self->run;
}

void
ll_result_grid_set_run (LlResultGrid *self,
                        guint         run)
{
  g_return_if_fail (LL_IS_RESULT_GRID (self));

  if (run >= self->learning_rates->len)
    run = 0;
  if (gtk_drop_down_get_selected (self->run_dropdown) != run && self->learning_rates->len > 0)
    gtk_drop_down_set_selected (self->run_dropdown, run);
  if (self->run == run)
    return;

  self->run = run;
  ll_result_grid_relabel (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);
}

double
ll_result_grid_get_threshold (LlResultGrid *self)
{
  g_return_val_if_fail (LL_IS_RESULT_GRID (self), 0.5);
  return self->threshold;
}

void
ll_result_grid_set_threshold (LlResultGrid *self,
                              double        threshold)
{
  g_return_if_fail (LL_IS_RESULT_GRID (self));

  threshold = CLAMP (threshold, 0.0, 1.0);
  if (self->threshold_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->threshold_tick);
      self->threshold_tick = 0;
    }
  if (gtk_adjustment_get_value (self->threshold_adjustment) != threshold)
    {
      self->syncing_adjustment = TRUE;
      gtk_adjustment_set_value (self->threshold_adjustment, threshold);
      self->syncing_adjustment = FALSE;
    }
  if (self->threshold == threshold)
    return;

  self->threshold = threshold;
  ll_result_grid_relabel (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THRESHOLD]);
  g_signal_emit (self, signals[SIGNAL_ACCURACY_CHANGED], 0);
}

gboolean
ll_result_grid_get_misclassified_only (LlResultGrid *self)
{
  g_return_val_if_fail (LL_IS_RESULT_GRID (self), FALSE);
  return self->misclassified_only;
}

void
ll_result_grid_set_misclassified_only (LlResultGrid *self,
                                       gboolean      misclassified_only)
{
  g_return_if_fail (LL_IS_RESULT_GRID (self));

  misclassified_only = !!misclassified_only;
  if (gtk_check_button_get_active (self->misclassified_check) != misclassified_only)
    gtk_check_button_set_active (self->misclassified_check, misclassified_only);
  if (self->misclassified_only == misclassified_only)
    return;

  self->misclassified_only = misclassified_only;
  if (misclassified_only)
    self->filter_true_class = self->filter_predicted_class = -1;
  /* Listed now, with the scores as they are (as a filter would do). */
  ll_result_grid_update_visible (self);
  /* Back to every image: from the first, not wherever the short list was
   * scrolled to (issue 24.9). */
  if (!misclassified_only && g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (self->grid_view))) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->grid_view), "list.scroll-to-item", "u", 0);
  ll_result_grid_update_summary (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MISCLASSIFIED_ONLY]);
}

void
ll_result_grid_set_cell_filter (LlResultGrid *self,
                                int           true_class,
                                int           predicted_class)
{
  g_return_if_fail (LL_IS_RESULT_GRID (self));
  g_return_if_fail (true_class <= 1 && predicted_class <= 1);

  if (true_class < 0 || predicted_class < 0)
    true_class = predicted_class = -1;
  else
    ll_result_grid_set_misclassified_only (self, FALSE);
  self->filter_true_class = true_class;
  self->filter_predicted_class = predicted_class;
  ll_result_grid_update_visible (self);
  ll_result_grid_update_summary (self);
}

void
ll_result_grid_clear_cell_filter (LlResultGrid *self)
{
  g_return_if_fail (LL_IS_RESULT_GRID (self));

  ll_result_grid_set_cell_filter (self, -1, -1);
}

static gboolean
clear_filter_binding (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  LlResultGrid *self = LL_RESULT_GRID (widget);

  if (self->filter_true_class < 0)
    return FALSE;
  ll_result_grid_clear_cell_filter (self);
  return TRUE;
}

gboolean
ll_result_grid_get_cell_filter (LlResultGrid *self,
                                int          *true_class,
                                int          *predicted_class)
{
  g_return_val_if_fail (LL_IS_RESULT_GRID (self), FALSE);

  if (true_class != NULL)
    *true_class = self->filter_true_class;
  if (predicted_class != NULL)
    *predicted_class = self->filter_predicted_class;
  return self->filter_true_class >= 0;
}

double
ll_result_grid_get_accuracy (LlResultGrid *self,
                             guint         run)
{
  const double *probabilities;

  g_return_val_if_fail (LL_IS_RESULT_GRID (self), NAN);

  probabilities = ll_result_grid_run_probabilities (self, run);
  if (probabilities == NULL || self->m_test == 0)
    return NAN;
  return ll_accuracy (probabilities, self->labels, self->m_test, self->threshold);
}

GListModel *
ll_result_grid_get_model (LlResultGrid *self)
{
  g_return_val_if_fail (LL_IS_RESULT_GRID (self), NULL);
  /* Whoever asks sees the current scores, even while the grid is hidden. */
  ll_result_grid_flush (self);
  return G_LIST_MODEL (self->visible);
}

void
ll_result_grid_show_details (LlResultGrid *self,
                             guint         position)
{
  g_autoptr (LlTestImage) item = NULL;

  g_return_if_fail (LL_IS_RESULT_GRID (self));

  if (self->list_stale)
    ll_result_grid_list_now (self);
  if (position != GTK_INVALID_LIST_POSITION)
    item = g_list_model_get_item (G_LIST_MODEL (self->visible), position);

  g_set_object (&self->details_item, item);
  if (item != NULL)
    {
      g_autoptr (GdkTexture) texture = ll_test_image_make_texture (item, 256);

      gtk_picture_set_paintable (self->details_picture, GDK_PAINTABLE (texture));
    }
  else
    gtk_picture_set_paintable (self->details_picture, NULL);

  ll_result_grid_update_details (self);
  gtk_revealer_set_reveal_child (self->details_revealer, item != NULL);
}

LlTestImage *
ll_result_grid_get_details_item (LlResultGrid *self)
{
  g_return_val_if_fail (LL_IS_RESULT_GRID (self), NULL);
  return self->details_item;
}

char *
ll_result_grid_dup_details_text (LlResultGrid *self)
{
  GString *text;
  int row = 0;

  g_return_val_if_fail (LL_IS_RESULT_GRID (self), NULL);

  if (self->details_item == NULL)
    return NULL;

  ll_result_grid_flush (self);
  text = g_string_new (NULL);
  for (row = 0; gtk_grid_get_child_at (self->details_grid, 0, row) != NULL; row++)
    {
      GtkLabel *rate = GTK_LABEL (gtk_grid_get_child_at (self->details_grid, 0, row));
      GtkLabel *probability = GTK_LABEL (gtk_grid_get_child_at (self->details_grid, 1, row));
      GtkLabel *verdict = GTK_LABEL (gtk_grid_get_child_at (self->details_grid, 2, row));
      const char *verdict_text = gtk_label_get_text (verdict);

      g_string_append_printf (text, "%s%s: %s%s%s", row > 0 ? "\n" : "",
                              gtk_label_get_text (rate), gtk_label_get_text (probability),
                              *verdict_text != '\0' ? " → " : "", verdict_text);
    }
  return g_string_free (text, FALSE);
}

static void
on_grid_activate (LlResultGrid *self,
                  guint         position)
{
  ll_result_grid_show_details (self, position);
  if (self->details_item != NULL)
    g_signal_emit (self, signals[SIGNAL_IMAGE_ACTIVATED], 0,
                   ll_test_image_get_index (self->details_item));
}

static void
on_details_close_clicked (LlResultGrid *self)
{
  ll_result_grid_show_details (self, GTK_INVALID_LIST_POSITION);
}

static void
on_run_selected (LlResultGrid *self)
{
  guint selected = gtk_drop_down_get_selected (self->run_dropdown);

  if (selected != GTK_INVALID_LIST_POSITION)
    ll_result_grid_set_run (self, selected);
}

static gboolean
apply_slider_threshold (GtkWidget     *widget,
                        GdkFrameClock *clock,
                        gpointer       user_data)
{
  LlResultGrid *self = LL_RESULT_GRID (widget);

  self->threshold_tick = 0;
  ll_result_grid_set_threshold (self, gtk_adjustment_get_value (self->threshold_adjustment));
  return G_SOURCE_REMOVE;
}

/* A drag moves the slider more often than frames are drawn: the newest value
 * is applied once, at the start of the next frame. */
static void
on_threshold_changed (LlResultGrid *self)
{
  if (self->syncing_adjustment)
    return;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    ll_result_grid_set_threshold (self, gtk_adjustment_get_value (self->threshold_adjustment));
  else if (self->threshold_tick == 0)
    self->threshold_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), apply_slider_threshold,
                                                         NULL, NULL);
}

static void
on_misclassified_toggled (LlResultGrid *self)
{
  ll_result_grid_set_misclassified_only (self,
                                         gtk_check_button_get_active (self->misclassified_check));
}

static void
on_visible_items_changed (LlResultGrid *self)
{
  ll_result_grid_update_summary (self);
}

static void
on_cell_setup (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item)
{
  gtk_list_item_set_child (list_item, ll_result_cell_new ());
}

static void
on_cell_bind (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              LlResultGrid             *self)
{
  LlResultCell *cell = LL_RESULT_CELL (gtk_list_item_get_child (list_item));

  ll_result_cell_set_item (cell, gtk_list_item_get_item (list_item));
  g_ptr_array_add (self->bound_cells, cell);
}

static void
on_cell_unbind (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                LlResultGrid             *self)
{
  LlResultCell *cell = LL_RESULT_CELL (gtk_list_item_get_child (list_item));

  g_ptr_array_remove_fast (self->bound_cells, cell);
  ll_result_cell_set_item (cell, NULL);
}

static void
ll_result_grid_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ll_result_grid_parent_class)->map (widget);
  /* A hidden page only marked itself stale; now it is seen. */
  ll_result_grid_flush (LL_RESULT_GRID (widget));
}

static void
ll_result_grid_unmap (GtkWidget *widget)
{
  LlResultGrid *self = LL_RESULT_GRID (widget);

  /* No frames reach a hidden widget: apply the slider's last value now. */
  if (self->threshold_tick != 0)
    ll_result_grid_set_threshold (self, gtk_adjustment_get_value (self->threshold_adjustment));
  GTK_WIDGET_CLASS (ll_result_grid_parent_class)->unmap (widget);
}

/* Following the run store -------------------------------------------------- */

/* RUN's shown model labels the images of its run (when it has test
 * probabilities for this dataset). */
static void
on_store_run_updated (LlResultGrid *self,
                      guint         position,
                      LlRun        *run)
{
  LlRunModel *model = ll_run_get_shown_model (run);

  if (model != NULL && model->test_probabilities != NULL && model->m_test == self->m_test &&
      position < self->learning_rates->len && ll_run_store_run_fits_dataset (self->store, run))
    ll_result_grid_set_probabilities (self, position, model->test_probabilities, model->m_test);
}

static void
on_store_items_changed (LlResultGrid *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  g_autofree double *rates = g_new (double, MAX (n_runs, 1));

  for (guint i = 0; i < n_runs; i++)
    rates[i] = ll_run_get_learning_rate (ll_run_store_get_run (self->store, i));
  ll_result_grid_set_runs (self, rates, n_runs);
  for (guint i = 0; i < n_runs; i++)
    on_store_run_updated (self, i, ll_run_store_get_run (self->store, i));
}

static void
on_store_dataset (LlResultGrid *self)
{
  ll_result_grid_set_dataset (self, self->store != NULL ? ll_run_store_peek_dataset (self->store) : NULL);
}

void
ll_result_grid_set_store (LlResultGrid *self,
                           LlRunStore   *store)
{
  g_return_if_fail (LL_IS_RESULT_GRID (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_store_dataset (self);
  on_store_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_result_grid_get_store (LlResultGrid *self)
{
  g_return_val_if_fail (LL_IS_RESULT_GRID (self), NULL);

  return self->store;
}

static void
ll_result_grid_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  LlResultGrid *self = LL_RESULT_GRID (object);

  switch (prop_id)
    {
    case PROP_RUN:
      g_value_set_uint (value, self->run);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    case PROP_MISCLASSIFIED_ONLY:
      g_value_set_boolean (value, self->misclassified_only);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_result_grid_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  LlResultGrid *self = LL_RESULT_GRID (object);

  switch (prop_id)
    {
    case PROP_RUN:
      ll_result_grid_set_run (self, g_value_get_uint (value));
      break;
    case PROP_THRESHOLD:
      ll_result_grid_set_threshold (self, g_value_get_double (value));
      break;
    case PROP_MISCLASSIFIED_ONLY:
      ll_result_grid_set_misclassified_only (self, g_value_get_boolean (value));
      break;
    case PROP_STORE:
      ll_result_grid_set_store (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_result_grid_dispose (GObject *object)
{
  LlResultGrid *self = LL_RESULT_GRID (object);

  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store);

  g_clear_object (&self->details_item);
  if (self->threshold_tick != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->threshold_tick);
      self->threshold_tick = 0;
    }

  G_OBJECT_CLASS (ll_result_grid_parent_class)->dispose (object);
}

static void
ll_result_grid_finalize (GObject *object)
{
  LlResultGrid *self = LL_RESULT_GRID (object);

  g_clear_object (&self->store_signals);

  g_clear_object (&self->items);
  g_clear_object (&self->visible);
  g_clear_pointer (&self->visible_positions, g_array_unref);
  g_clear_pointer (&self->labels, g_free);
  g_clear_pointer (&self->predicted, g_free);
  g_clear_pointer (&self->class_names[0], g_ref_string_release);
  g_clear_pointer (&self->class_names[1], g_ref_string_release);
  g_clear_pointer (&self->bound_cells, g_ptr_array_unref);
  /* Items may outlive the grid (someone holds one): they read nothing now. */
  self->scores->probabilities = NULL;
  self->scores->m = 0;
  g_clear_pointer (&self->scores, ll_test_scores_unref);
  g_clear_pointer (&self->learning_rates, g_array_unref);
  g_clear_pointer (&self->probabilities, g_ptr_array_unref);

  G_OBJECT_CLASS (ll_result_grid_parent_class)->finalize (object);
}

/* grid.close-details, Escape: closes the image's details (issue 24.9). */
static void
close_details (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ll_result_grid_show_details (LL_RESULT_GRID (widget), GTK_INVALID_LIST_POSITION);
}

static void
ll_result_grid_class_init (LlResultGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_result_grid_dispose;
  object_class->finalize = ll_result_grid_finalize;
  object_class->get_property = ll_result_grid_get_property;
  object_class->set_property = ll_result_grid_set_property;
  widget_class->map = ll_result_grid_map;
  widget_class->unmap = ll_result_grid_unmap;
  gtk_widget_class_install_action (widget_class, "grid.close-details", NULL, close_details);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "grid.close-details", NULL);

  properties[PROP_RUN] =
    g_param_spec_uint ("run", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THRESHOLD] =
    g_param_spec_double ("threshold", NULL, NULL, 0.0, 1.0, 0.5,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MISCLASSIFIED_ONLY] =
    g_param_spec_boolean ("misclassified-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Any run's test accuracy may have changed: ask ll_result_grid_get_accuracy. */
  signals[SIGNAL_ACCURACY_CHANGED] =
    g_signal_new ("accuracy-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* A test image was clicked (its index in the test set): the step inspector takes it. */
  signals[SIGNAL_IMAGE_ACTIVATED] =
    g_signal_new ("image-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  ll_style_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-result-grid.ui");
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, run_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, run_names);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, misclassified_check);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, threshold_adjustment);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, threshold_scale);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, summary_label);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, grid_view);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, details_revealer);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, details_close_button);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, details_picture);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, details_title);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, details_grid);
  gtk_widget_class_bind_template_child (widget_class, LlResultGrid, show_all_button);
  gtk_widget_class_bind_template_callback (widget_class, ll_result_grid_clear_cell_filter);
  /* Escape leaves a confusion cell's images (and goes on up when unfiltered). */
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, clear_filter_binding, NULL);

  g_type_ensure (LL_TYPE_RESULT_CELL);
}

/* "0.50" in every locale, like the accuracies and probabilities beside it
 * (the scale's own value text would follow the locale: "0,50"). */
static char *
format_threshold (GtkScale *scale,
                  double    value,
                  gpointer  user_data)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (number, sizeof number, "%.2f", value));
}

static void
ll_result_grid_init (LlResultGrid *self)
{
  g_autoptr (GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr (GtkNoSelection) selection = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->filter_true_class = self->filter_predicted_class = -1;
  ll_style_ensure_loaded (GTK_WIDGET (self));
  gtk_scale_set_format_value_func (self->threshold_scale, format_threshold, NULL, NULL);

  self->threshold = 0.5;
  self->learning_rates = g_array_new (FALSE, FALSE, sizeof (double));
  self->probabilities = g_ptr_array_new_with_free_func (g_free);
  self->scores = ll_test_scores_new ();
  self->bound_cells = g_ptr_array_new ();

  self->items = g_list_store_new (LL_TYPE_TEST_IMAGE);
  self->visible = ll_index_list_model_new (G_LIST_MODEL (self->items));
  self->visible_positions = g_array_new (FALSE, FALSE, sizeof (guint));
  g_signal_connect_object (self->visible, "items-changed",
                           G_CALLBACK (on_visible_items_changed), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (on_cell_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_cell_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_cell_unbind), self);
  gtk_grid_view_set_factory (self->grid_view, factory);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (self->visible)));
  gtk_grid_view_set_model (self->grid_view, GTK_SELECTION_MODEL (selection));

  g_signal_connect_swapped (self->grid_view, "activate", G_CALLBACK (on_grid_activate), self);
  g_signal_connect_swapped (self->details_close_button, "clicked",
                            G_CALLBACK (on_details_close_clicked), self);
  g_signal_connect_swapped (self->run_dropdown, "notify::selected",
                            G_CALLBACK (on_run_selected), self);
  g_signal_connect_swapped (self->threshold_adjustment, "value-changed",
                            G_CALLBACK (on_threshold_changed), self);
  g_signal_connect_swapped (self->misclassified_check, "toggled",
                            G_CALLBACK (on_misclassified_toggled), self);

  ll_result_grid_update_summary (self);

  /* Follows whichever store is set: connected once, retargeted by set_store. */
  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_object (self->store_signals, "notify::dataset",
                                 G_CALLBACK (on_store_dataset), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "run-updated",
                                 G_CALLBACK (on_store_run_updated), self, G_CONNECT_SWAPPED);
}

GtkWidget *
ll_result_grid_new (void)
{
  return g_object_new (LL_TYPE_RESULT_GRID, NULL);
}
