/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-inspector.c: see ll-step-inspector.h. */
#include "config.h"

#include "ll-step-inspector.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ll-step-graph.h"
#include "ll-step-text.h"
#include "ll-style.h"
#include "ll-texture-util.h"
#include "session/ll-step-task.h"

typedef struct {
  double *w;
  double b;
} StepState;

struct _LlStepInspector
{
  GtkBox parent_instance;

  /* template */
  GtkDropDown *run_dropdown;
  GtkDropDown *example_set_dropdown;
  GtkSpinButton *example_spin;
  GtkSpinButton *feature_spin;
  GtkButton *back_button;
  GtkButton *step_button;
  GtkButton *copy_button;
  GtkLabel *status_label;
  GtkLabel *empty_label;
  GtkWidget *content_box;
  GtkPicture *example_picture;
  LlStepGraph *graph_area;
  GtkLabel *all_label;

  GtkStringList *run_names;
  guint run_index;

  LlStepState state;            /* what the graph and the texts show */
  GArray *history;              /* StepState: the states before each Step */
  /* While stepped the store's moment is the stepped iteration, so the cost
   * plot's cursor and the timeline follow; Back to the start restores it. */
  int moment_before_steps;
  int stepped_moment;           /* the moment the inspector set; -2 = none */
  GCancellable *cancellable;

  LlRunStore *store;            /* followed, see set_store */
  GSignalGroup *store_signals;
};

G_DEFINE_FINAL_TYPE (LlStepInspector, ll_step_inspector, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ll_step_inspector_update (LlStepInspector *self);

/* The step over all m examples: O(mn), on a worker (ll-step-task.h). */

static void
on_step_computed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LlStepInspector *self = LL_STEP_INSPECTOR (object);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlStepTaskResult) computed = ll_step_task_finish (result, &error);

  if (self == NULL)
    return;  /* gone while the step computed */
  if (computed == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->status_label, error->message);
      return;
    }
  g_clear_pointer (&self->state.step, ll_step_free);
  self->state.step = g_steal_pointer (&computed->step);
  ll_step_inspector_update (self);
}

/* The shown state changed: the one example at once, all m on a worker. */
static void
ll_step_inspector_recompute (LlStepInspector *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->state.step, ll_step_free);
  if (ll_step_state_is_shown (&self->state))
    {
      self->cancellable = g_cancellable_new ();
      ll_step_task_run (self, self->state.dataset, self->state.w, self->state.b,
                        self->state.learning_rate, 0, self->cancellable, on_step_computed, NULL);
    }
  ll_step_inspector_update (self);
}

/* Showing the state --------------------------------------------------------- */

static void
update_picture (LlStepInspector *self)
{
  const LlDataset *dataset = self->state.dataset != NULL
                             ? ll_shared_dataset_get (self->state.dataset) : NULL;
  const LlSplit *split = dataset == NULL ? NULL
                         : self->state.example_is_test ? &dataset->test : &dataset->train;
  g_autoptr (GdkTexture) texture = NULL;
  /* Pictures: images, and tables with an image shape (the digits' 8x8) as
   * the image grid draws them. */
  g_autofree guint8 *pixels = split != NULL && dataset->width > 0 && dataset->height > 1
                              ? ll_texture_display_pixels (dataset, split, self->state.example, 1) : NULL;

  if (pixels != NULL)
    {
      guint scale = ll_texture_scale_for (dataset->width, dataset->height, 96);

      texture = ll_texture_from_pixels (pixels, dataset->width, dataset->height, dataset->channels, scale);
      gtk_widget_set_size_request (GTK_WIDGET (self->example_picture),
                                   (int) (dataset->width * scale), (int) (dataset->height * scale));
    }
  gtk_picture_set_paintable (self->example_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->example_picture), texture != NULL);
}

static void
ll_step_inspector_update (LlStepInspector *self)
{
  gboolean shown = ll_step_state_is_shown (&self->state);
  guint n_steps = self->history->len;

  self->state.n_steps = n_steps;
  gtk_widget_set_visible (self->content_box, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), !shown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->step_button), shown && self->state.step != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), n_steps > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), shown && self->state.step != NULL);
  if (!shown)
    return;

  ll_step_state_compute_example (&self->state);
  {
    g_autofree char *rate = ll_step_state_format (&self->state, self->state.learning_rate);
    g_autofree char *status = NULL;
    g_autofree char *all = ll_step_text_all_examples (&self->state);

    if (n_steps > 0)
      status = g_strdup_printf (ngettext ("Stepped %u iteration from iteration %u "
                                          "(learning rate %s): iteration %u",
                                          "Stepped %u iterations from iteration %u "
                                          "(learning rate %s): iteration %u", n_steps),
                                n_steps, self->state.base_iteration, rate,
                                self->state.base_iteration + n_steps);
    else
      status = g_strdup_printf (_("Iteration %u of the run at learning rate %s "
                                  "(its shown record point)"), self->state.base_iteration, rate);
    gtk_label_set_text (self->status_label, status);
    gtk_label_set_text (self->all_label, all);
  }
  ll_step_graph_set_state (self->graph_area, &self->state);
}

static void
clear_history (LlStepInspector *self)
{
  g_array_set_size (self->history, 0);
}

/* The chosen run's shown model becomes the state (the trajectory is dropped). */
static void
load_run_state (LlStepInspector *self)
{
  LlRun *run = self->store != NULL ? ll_run_store_get_run (self->store, self->run_index) : NULL;
  LlRunModel *model = run != NULL ? ll_run_get_shown_model (run) : NULL;

  clear_history (self);
  self->stepped_moment = -2;
  g_clear_pointer (&self->state.w, g_free);
  if (model != NULL && model->w != NULL && self->state.dataset != NULL
      && model->n_features == self->state.data.n_features)
    {
      self->state.w = g_memdup2 (model->w, sizeof (double) * model->n_features);
      self->state.b = model->b;
      self->state.base_iteration = model->iteration;
      self->state.learning_rate = ll_run_get_learning_rate (run);
    }
  ll_step_inspector_recompute (self);
}

/* The store's moment shows where the steps are (all views read it). */
static void
follow_with_moment (LlStepInspector *self)
{
  int moment;

  if (self->store == NULL)
    return;
  if (self->history->len > 0)
    moment = (int) MIN (self->state.base_iteration + self->history->len, (guint) G_MAXINT);
  else
    moment = self->moment_before_steps;
  /* Set first: the store's "run-updated" below reads it. */
  self->stepped_moment = self->history->len > 0 ? moment : -2;
  ll_run_store_set_moment (self->store, moment);
}

gboolean
ll_step_inspector_step (LlStepInspector *self)
{
  StepState state;

  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), FALSE);
  if (self->state.step == NULL || !ll_step_state_is_shown (&self->state))
    return FALSE;
  if (self->history->len == 0 && self->store != NULL)
    self->moment_before_steps = ll_run_store_get_moment (self->store);
  state.w = g_steal_pointer (&self->state.w);
  state.b = self->state.b;
  g_array_append_val (self->history, state);
  self->state.w = g_memdup2 (self->state.step->w_next, sizeof (double) * self->state.step->n_features);
  self->state.b = self->state.step->b_next;
  ll_step_inspector_recompute (self);
  follow_with_moment (self);
  return TRUE;
}

gboolean
ll_step_inspector_back (LlStepInspector *self)
{
  StepState *state;

  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), FALSE);
  if (self->history->len == 0)
    return FALSE;
  state = &g_array_index (self->history, StepState, self->history->len - 1);
  g_free (self->state.w);
  self->state.w = g_steal_pointer (&state->w);
  self->state.b = state->b;
  g_array_set_size (self->history, self->history->len - 1);
  ll_step_inspector_recompute (self);
  follow_with_moment (self);
  return TRUE;
}

guint
ll_step_inspector_get_n_steps (LlStepInspector *self)
{
  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), 0);
  return self->history->len;
}

const LlStep *
ll_step_inspector_get_step (LlStepInspector *self)
{
  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), NULL);
  return self->state.step;
}

void
ll_step_inspector_set_example (LlStepInspector *self,
                               guint            example)
{
  g_return_if_fail (LL_IS_STEP_INSPECTOR (self));
  gtk_drop_down_set_selected (self->example_set_dropdown, 0);
  gtk_spin_button_set_value (self->example_spin, example);
}

void
ll_step_inspector_set_test_example (LlStepInspector *self,
                                    guint            example)
{
  g_return_if_fail (LL_IS_STEP_INSPECTOR (self));
  if (self->state.data.m_test == 0)
    return;
  gtk_drop_down_set_selected (self->example_set_dropdown, 1);
  gtk_spin_button_set_value (self->example_spin, example);
}

const LlStepState *
ll_step_inspector_get_state (LlStepInspector *self)
{
  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), NULL);
  return &self->state;
}

guint
ll_step_inspector_get_example (LlStepInspector *self,
                               gboolean        *is_test)
{
  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), 0);
  if (is_test != NULL)
    *is_test = self->state.example_is_test;
  return self->state.example;
}

void
ll_step_inspector_set_feature (LlStepInspector *self,
                               guint            feature)
{
  g_return_if_fail (LL_IS_STEP_INSPECTOR (self));
  gtk_spin_button_set_value (self->feature_spin, feature);
}

char *
ll_step_inspector_dup_text (LlStepInspector *self)
{
  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), NULL);
  return ll_step_text_python (&self->state);
}

static void
on_example_changed (LlStepInspector *self)
{
  self->state.example = (guint) gtk_spin_button_get_value_as_int (self->example_spin);
  update_picture (self);
  ll_step_inspector_update (self);
}

/* Training set or test set: the spin button counts in the chosen one. */
static void
on_example_set_changed (LlStepInspector *self)
{
  self->state.example_is_test = gtk_drop_down_get_selected (self->example_set_dropdown) == 1
                                && self->state.data.m_test > 0;
  gtk_spin_button_set_range (self->example_spin, 0,
                             MAX (ll_step_state_example_count (&self->state), 1) - 1.0);
  on_example_changed (self);
}

static void
on_feature_changed (LlStepInspector *self)
{
  self->state.feature = (guint) gtk_spin_button_get_value_as_int (self->feature_spin);
  ll_step_inspector_update (self);
}

static void
on_step_clicked (LlStepInspector *self)
{
  ll_step_inspector_step (self);
}

static void
on_back_clicked (LlStepInspector *self)
{
  ll_step_inspector_back (self);
}

static void
on_copy_clicked (LlStepInspector *self)
{
  g_autofree char *text = ll_step_inspector_dup_text (self);

  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
on_run_chosen (LlStepInspector *self)
{
  guint selected = gtk_drop_down_get_selected (self->run_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == self->run_index)
    return;
  self->run_index = selected;
  load_run_state (self);
}

/* Following the run store -------------------------------------------------- */

/* The chosen run's shown point moved: follow it unless the student stepped
 * (and the moment is still the stepped one; a move of the timeline drops
 * the steps). */
static void
on_store_run_updated (LlStepInspector *self,
                      guint            position,
                      LlRun           *run)
{
  if (position != self->run_index)
    return;
  if (self->history->len > 0 && ll_run_store_get_moment (self->store) != self->stepped_moment)
    {
      self->stepped_moment = -2;
      load_run_state (self);
    }
  else if (self->history->len == 0)
    {
      LlRunModel *model = ll_run_get_shown_model (run);

      if (self->state.w == NULL || model == NULL || model->iteration != self->state.base_iteration)
        load_run_state (self);
    }
}

static void
on_store_items_changed (LlStepInspector *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_runs; i++)
    g_ptr_array_add (names, g_strdup_printf ("lr = %s",
                                             ll_run_get_label (ll_run_store_get_run (self->store, i))));
  g_ptr_array_add (names, NULL);
  if (self->run_index >= n_runs)
    self->run_index = 0;
  g_signal_handlers_block_by_func (self->run_dropdown, on_run_chosen, self);
  gtk_string_list_splice (self->run_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->run_names)),
                          (const char *const *) names->pdata);
  gtk_drop_down_set_selected (self->run_dropdown, n_runs > 0 ? self->run_index
                                                             : GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->run_dropdown, on_run_chosen, self);
  load_run_state (self);
}

static void
on_store_dataset (LlStepInspector *self)
{
  LlSharedDataset *dataset = self->store != NULL ? ll_run_store_get_dataset (self->store) : NULL;

  if (dataset == self->state.dataset)
    return;
  g_clear_pointer (&self->state.w, g_free);
  clear_history (self);
  g_clear_pointer (&self->state.dataset, ll_shared_dataset_unref);
  memset (&self->state.data, 0, sizeof self->state.data);
  if (dataset != NULL)
    {
      self->state.dataset = ll_shared_dataset_ref (dataset);
      self->state.data = ll_train_data_from_pixels (ll_shared_dataset_get (dataset));
    }
  gtk_spin_button_set_range (self->feature_spin, 0, MAX (self->state.data.n_features, 1) - 1.0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->example_set_dropdown), self->state.data.m_test > 0);
  on_example_set_changed (self);
}

void
ll_step_inspector_set_store (LlStepInspector *self,
                             LlRunStore      *store)
{
  g_return_if_fail (LL_IS_STEP_INSPECTOR (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_store_dataset (self);
  on_store_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_step_inspector_get_store (LlStepInspector *self)
{
  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), NULL);
  return self->store;
}

GtkWidget *
ll_step_inspector_new (void)
{
  return g_object_new (LL_TYPE_STEP_INSPECTOR, NULL);
}

static void
ll_step_inspector_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, ll_step_inspector_get_store ((LlStepInspector *) object));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_step_inspector_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      ll_step_inspector_set_store ((LlStepInspector *) object, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
step_state_clear (StepState *state)
{
  g_clear_pointer (&state->w, g_free);
}

static void
ll_step_inspector_dispose (GObject *object)
{
  LlStepInspector *self = LL_STEP_INSPECTOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ll_step_inspector_parent_class)->dispose (object);
}

static void
ll_step_inspector_finalize (GObject *object)
{
  LlStepInspector *self = LL_STEP_INSPECTOR (object);

  g_clear_object (&self->store_signals);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->state.step, ll_step_free);
  g_clear_pointer (&self->state.w, g_free);
  g_clear_pointer (&self->state.dataset, ll_shared_dataset_unref);
  G_OBJECT_CLASS (ll_step_inspector_parent_class)->finalize (object);
}

static void
ll_step_inspector_class_init (LlStepInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_step_inspector_dispose;
  object_class->finalize = ll_step_inspector_finalize;
  object_class->get_property = ll_step_inspector_get_property;
  object_class->set_property = ll_step_inspector_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (LL_TYPE_STEP_GRAPH);
  ll_style_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-step-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, run_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, example_set_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, example_spin);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, feature_spin);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, back_button);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, step_button);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, copy_button);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, status_label);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, empty_label);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, content_box);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, example_picture);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, graph_area);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, all_label);
  gtk_widget_class_bind_template_callback (widget_class, on_example_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_example_set_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_feature_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_step_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_run_chosen);
}

static void
ll_step_inspector_init (LlStepInspector *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ll_style_ensure_loaded (GTK_WIDGET (self));

  self->moment_before_steps = -1;
  self->stepped_moment = -2;
  self->history = g_array_new (FALSE, TRUE, sizeof (StepState));
  g_array_set_clear_func (self->history, (GDestroyNotify) step_state_clear);
  self->run_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->run_dropdown, G_LIST_MODEL (self->run_names));
  g_object_unref (self->run_names);   /* the drop-down holds it */

  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_object (self->store_signals, "notify::dataset",
                                 G_CALLBACK (on_store_dataset), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "run-updated",
                                 G_CALLBACK (on_store_run_updated), self, G_CONNECT_SWAPPED);
  ll_step_inspector_update (self);
}
