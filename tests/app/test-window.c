/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the main window on the built-in dataset, driven through its
 * actions and public getters, and its training session on its own (pause
 * between record points). Waits are main-loop iterations until a
 * condition holds (with a deadline that fails the test), never sleeps. */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>
#include <glib/gstdio.h>

#include "session/ll-shared-dataset.h"
#include "session/ll-training-session.h"
#include "app/ll-window.h"
#include "app/ll-window-files.h"
#include "app/ll-window-private.h"
#include "app/ll-step-inspector.h"
#include "core/data/dataset.h"
#include "app-fixture.h"
#include "fixtures.h"

typedef struct {
  LlTrainingSession *session;
  LlSessionState state;
} StateWait;

static gboolean
state_reached (gpointer data)
{
  StateWait *wait = data;

  return ll_training_session_get_state (wait->session) == wait->state;
}

static void
wait_for_state (LlTrainingSession *session,
                LlSessionState     state)
{
  StateWait wait = { session, state };

  ll_test_wait_for (state_reached, &wait);
}

typedef struct {
  LlTrainingSession *session;
  guint n_records;
} RecordWait;

static gboolean
records_reached (gpointer data)
{
  RecordWait *wait = data;

  return ll_training_session_get_n_records (wait->session) >= wait->n_records;
}

static gboolean
session_idle (gpointer data)
{
  return !ll_training_session_get_busy (data);
}

static void
assert_points (LlWindow *window,
               guint     expected)
{
  LlCostPlot *plot = ll_window_get_plot (window);

  g_assert_cmpuint (ll_cost_plot_get_n_runs (plot), ==, 3);
  for (guint run = 0; run < 3; run++)
    g_assert_cmpuint (ll_cost_plot_get_n_points (plot, run), ==, expected);
}

/* "builtin:default", the built-in dataset's name in lesson files, set by
 * hand as the last dataset, opens it in APPLICATION's new window (it said
 * "no such built-in dataset"), and so does `--dataset builtin:default`.
 * (One application a process: GLib sets its name once.) */
static void
assert_opens_builtin_by_name (LlApplication   *application,
                              const LlDataset *builtin)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  LlWindow *window;

  g_settings_set_string (settings, "last-dataset", LL_WINDOW_BUILTIN_DATASET);
  g_settings_set_string (settings, "classes", "");
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_application_activate (G_APPLICATION (application));
  window = LL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  g_assert_cmpstr (ll_window_get_title_text (window), ==, builtin->name);

  ll_window_open_dataset (window, "builtin:digits", NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_cmpstr (ll_window_get_title_text (window), !=, builtin->name);
  g_action_group_activate_action (G_ACTION_GROUP (application), "open-dataset",
                                  g_variant_new_string (LL_WINDOW_BUILTIN_DATASET));
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  g_assert_cmpstr (ll_window_get_title_text (window), ==, builtin->name);
  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "last-dataset");
  g_settings_reset (settings, "classes");
}

/* As `logistic-lab` with no arguments does: the application's activate. */
static void
test_opens_builtin (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) builtin = ll_dataset_load_builtin (&error);
  g_autoptr (LlApplication) application = ll_application_new ();
  g_auto (GStrv) accels = NULL;
  LlWindow *window;

  g_assert_no_error (error);
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  /* The schema is found (GSETTINGS_SCHEMA_DIR, memory backend). */
  g_assert_nonnull (ll_application_get_settings (application));
  /* Zoom keys as in other GNOME apps, main and keypad. */
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application), "win.zoom-in");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>plus"));
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>equal"));
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>KP_Add"));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application), "win.zoom-out");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>minus"));
  g_clear_pointer (&accels, g_strfreev);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application), "win.zoom-reset");
  g_assert_true (g_strv_contains ((const char * const *) accels, "<Control>0"));
  g_application_activate (G_APPLICATION (application));

  window = LL_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (application)));
  g_assert_nonnull (window);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));

  /* The header names the dataset and describes it. */
  g_assert_cmpstr (ll_window_get_title_text (window), ==, builtin->name);
  g_assert_nonnull (strstr (ll_window_get_subtitle_text (window), "train"));
  g_assert_nonnull (ll_training_session_get_dataset (ll_window_get_session (window)));
  g_assert_cmpint (ll_training_session_get_state (ll_window_get_session (window)), ==,
                   LL_SESSION_IDLE);
  /* Ready to train: the three default rates are on the plot's legend. */
  g_assert_cmpuint (ll_rate_list_get_n_rates (ll_window_get_rate_list (window)), ==, 3);
  assert_points (window, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  assert_opens_builtin_by_name (application, builtin);
}

/* Run RUN of SESSION's store, and the latest record point's model there. */
static LlRun *
store_run (LlTrainingSession *session,
           guint              run)
{
  return ll_run_store_get_run (ll_training_session_get_store (session), run);
}

static guint
latest_iteration (LlTrainingSession *session)
{
  return ll_run_get_latest_point (store_run (session, 0))->iteration;
}

static void
test_run_fills_plot (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlTrainingSession *session = ll_window_get_session (window);
  LlAccuracyTable *table = ll_window_get_accuracy_table (window);
  gboolean finished = FALSE;
  g_autoptr (GPtrArray) models = NULL;
  LlRunModel *model;

  ll_training_session_set_speed (session, 1.0);
  ll_window_set_run_length (window, 300, 20);
  g_signal_connect (session, "finished", G_CALLBACK (ll_test_set_flag), &finished);

  g_assert_true (ll_window_train (window));
  ll_test_wait_for (ll_test_flag_set, &finished);

  /* k lines of iterations / record_every + 1 points. */
  assert_points (window, 300 / 20 + 1);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_FINISHED);
  models = ll_run_store_dup_trained_models (ll_training_session_get_store (session));
  g_assert_nonnull (models);
  g_assert_cmpuint (models->len, ==, 3);

  /* The record points carry copies of w and the test probabilities. */
  model = ll_run_get_latest_model (store_run (session, 0));
  g_assert_nonnull (model);
  g_assert_cmpuint (model->iteration, ==, 300);
  g_assert_nonnull (model->w);
  g_assert_nonnull (model->test_probabilities);
  g_assert_cmpint (ll_run_get_state (store_run (session, 2)), ==, LL_RUN_FINISHED);

  /* The table shows the final numbers, e.g. "93.25 %". */
  g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 1), ==, "300");
  g_assert_true (g_str_has_suffix (ll_accuracy_table_get_text (table, 2, 3), " %"));
  g_assert_true (g_str_has_suffix (ll_accuracy_table_get_text (table, 2, 4), " %"));

  /* Scrub back: Ctrl+T's action focuses the timeline's scale; moving it to
   * iteration 100 shows that record point in the table and the grid. */
  {
    LlRunStore *store = ll_training_session_get_store (session);
    GtkWidget *scale;
    const LlRunPoint *point;

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-timeline", NULL));
    scale = gtk_root_get_focus (GTK_ROOT (window));
    g_assert_true (GTK_IS_SCALE (scale));
    gtk_range_set_value (GTK_RANGE (scale), 104);
    g_assert_cmpint (ll_run_store_get_moment (store), ==, 100);
    point = ll_run_get_shown_point (store_run (session, 0));
    g_assert_cmpuint (point->iteration, ==, 100);
    g_assert_cmpuint (ll_run_get_shown_model (store_run (session, 0))->iteration, ==, 100);
    g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 1), ==, "100");
    g_assert_cmpfloat_with_epsilon (ll_result_grid_get_accuracy (ll_window_get_result_grid (window), 0),
                                    point->test_accuracy, 1e-9);
    g_assert_cmpint (ll_cost_plot_get_readout_iteration (ll_window_get_plot (window)), ==, 100);
    /* End: the latest again. */
    gtk_range_set_value (GTK_RANGE (scale), 300);
    g_assert_cmpint (ll_run_store_get_moment (store), ==, -1);
    g_assert_cmpstr (ll_accuracy_table_get_text (table, 0, 1), ==, "300");
  }

  g_signal_handlers_disconnect_by_data (session, &finished);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The seeds' hand-check case from the menu: a table without pictures; the
 * views take it and its training (issue 20). */
static void
test_hand_check (void)
{
  LlWindow *window = ll_window_new (NULL, NULL);
  LlTrainingSession *session = ll_window_get_session (window);
  gboolean finished = FALSE;
  LlRunModel *model;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-hand-check", NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  g_assert_cmpstr (ll_run_store_peek_dataset (ll_training_session_get_store (session))->path, ==,
                   "builtin:propagate");

  ll_training_session_set_speed (session, 1.0);
  ll_window_set_run_length (window, 100, 10);
  g_signal_connect (session, "finished", G_CALLBACK (ll_test_set_flag), &finished);
  g_assert_true (ll_window_train (window));
  ll_test_wait_for (ll_test_flag_set, &finished);
  model = ll_run_get_latest_model (store_run (session, 0));
  g_assert_nonnull (model);
  g_assert_cmpuint (model->n_features, ==, 2);
  /* Draw every view once on the trained runs. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  g_signal_handlers_disconnect_by_data (session, &finished);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The start typed in the sidebar's "Starting values" (issue 20.3): a w of the wrong
 * length is refused naming the count; w = [1, 2], b = 2 trains to the
 * seeds' numbers after 100 iterations at 0.009. */
static void
test_initial_weights (void)
{
  LlWindow *window = ll_window_new (NULL, NULL);
  LlTrainingSession *session = ll_window_get_session (window);
  LlRunConfig *config = ll_training_session_get_config (session);
  GtkEditable *initial_w, *initial_b;
  const double rate = 0.009;
  gboolean finished = FALSE;
  LlRunModel *model;

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-hand-check", NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  initial_w = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window), LL_TYPE_WINDOW,
                                                           "initial_w_entry"));
  initial_b = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (window), LL_TYPE_WINDOW,
                                                           "initial_b_entry"));
  g_assert_cmpstr (gtk_editable_get_text (initial_w), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (initial_b), ==, "0");

  gtk_editable_set_text (initial_w, "1,2,3");
  g_assert_false (ll_window_train (window));
  g_assert_nonnull (strstr (ll_window_get_error (window), "give 2 numbers"));
  gtk_editable_set_text (initial_b, "two");
  gtk_editable_set_text (initial_w, "1, 2");
  g_assert_false (ll_window_train (window));
  g_assert_nonnull (strstr (ll_window_get_error (window), "'two'"));

  gtk_editable_set_text (initial_b, "2");
  g_assert_cmpstr (ll_run_config_get_initial_w (config), ==, "1, 2");
  g_assert_cmpfloat (ll_run_config_get_initial_b (config), ==, 2);
  ll_run_config_set_learning_rates (config, &rate, 1);
  ll_window_set_run_length (window, 100, 100);
  ll_training_session_set_speed (session, 1.0);
  g_signal_connect (session, "finished", G_CALLBACK (ll_test_set_flag), &finished);
  g_assert_true (ll_window_train (window));
  g_assert_null (ll_window_get_error (window));
  ll_test_wait_for (ll_test_flag_set, &finished);
  model = ll_run_get_latest_model (store_run (session, 0));
  g_assert_cmpuint (model->iteration, ==, 100);
  g_assert_cmpfloat_with_epsilon (model->w[0], 0.19033591, 5e-9);
  g_assert_cmpfloat_with_epsilon (model->w[1], 0.12259159, 5e-9);
  g_assert_cmpfloat_with_epsilon (model->b, 1.92535983, 5e-9);

  g_signal_handlers_disconnect_by_data (session, &finished);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
widget_insensitive (gpointer widget)
{
  return !gtk_widget_get_sensitive (widget);
}

static GtkWidget *
template_widget (LlWindow   *window,
                 const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), LL_TYPE_WINDOW, name));
}

static gboolean
count_frames (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

/* The sidebar greys out one frame after the job's first frame, so that frame
 * does not repaint the whole window; it unlocks at once, and a window on no
 * screen locks at once (it has no frames). */
static void
test_settings_lock_follows_first_frame (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlTrainingSession *session = ll_window_get_session (window);
  GtkWidget *rate_list = template_widget (window, "rate_list");
  guint frames = 0;
  guint tick;
  LlWindow *hidden;

  ll_training_session_set_speed (session, 0.2);
  ll_window_set_run_length (window, 2000, 50);
  tick = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frames, &frames, NULL);
  g_assert_true (ll_window_train (window));
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_RUNNING);
  g_assert_true (gtk_widget_get_sensitive (rate_list));
  ll_test_wait_for (widget_insensitive, rate_list);
  g_assert_cmpuint (frames, >=, 2);
  g_assert_false (gtk_widget_get_sensitive (template_widget (window, "iterations_spin")));
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  g_assert_true (gtk_widget_get_sensitive (rate_list));

  /* Started and reset before its first frame: nothing is left to lock. */
  g_assert_true (ll_window_train (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_sensitive (rate_list));
  gtk_window_destroy (GTK_WINDOW (window));

  hidden = ll_window_new (NULL, NULL);
  gtk_widget_activate_action (GTK_WIDGET (hidden), "win.open-hand-check", NULL);
  ll_test_wait_for (ll_test_window_loaded, hidden);
  ll_training_session_set_speed (ll_window_get_session (hidden), 0.2);
  g_assert_true (ll_window_train (hidden));
  g_assert_false (gtk_widget_get_sensitive (template_widget (hidden, "rate_list")));
  gtk_window_destroy (GTK_WINDOW (hidden));
}

static gboolean
inspector_ready (gpointer data)
{
  return ll_step_inspector_get_step (data) != NULL;
}

/* Step on the Step page moves the cost plot's cursor, one iteration a
 * press (issue 20.2; recorded every iteration so the cursor has a point
 * at each), and Back brings it back. */
static void
test_step_moves_cursor (void)
{
  LlWindow *window = ll_window_new (NULL, NULL);
  LlTrainingSession *session = ll_window_get_session (window);
  LlRunStore *store = ll_training_session_get_store (session);
  LlStepInspector *inspector;
  gboolean finished = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-hand-check", NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  inspector = LL_STEP_INSPECTOR (gtk_widget_get_template_child (GTK_WIDGET (window), LL_TYPE_WINDOW,
                                                                "step_inspector"));
  ll_training_session_set_speed (session, 1.0);
  ll_window_set_run_length (window, 20, 1);
  g_signal_connect (session, "finished", G_CALLBACK (ll_test_set_flag), &finished);
  g_assert_true (ll_window_train (window));
  ll_test_wait_for (ll_test_flag_set, &finished);

  ll_run_store_set_moment (store, 5);
  ll_test_wait_for (inspector_ready, inspector);
  for (guint k = 1; k <= 3; k++)
    {
      g_assert_true (ll_step_inspector_step (inspector));
      ll_test_wait_for (inspector_ready, inspector);
      g_assert_cmpint (ll_cost_plot_get_readout_iteration (ll_window_get_plot (window)), ==, 5 + (int) k);
    }
  while (ll_step_inspector_back (inspector))
    ll_test_wait_for (inspector_ready, inspector);
  g_assert_cmpint (ll_cost_plot_get_readout_iteration (ll_window_get_plot (window)), ==, 5);

  g_signal_handlers_disconnect_by_data (session, &finished);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A click on a test image picks it for the Step page's graph (issue 20.1). */
static void
test_grid_picks_example (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlResultGrid *grid = ll_window_get_result_grid (window);
  LlStepInspector *inspector =
    LL_STEP_INSPECTOR (gtk_widget_get_template_child (GTK_WIDGET (window), LL_TYPE_WINDOW,
                                                      "step_inspector"));
  GObject *grid_view = gtk_widget_get_template_child (GTK_WIDGET (grid), LL_TYPE_RESULT_GRID,
                                                      "grid_view");
  gboolean is_test = FALSE;
  LlTestImage *item;

  g_signal_emit_by_name (grid_view, "activate", 3);
  item = ll_result_grid_get_details_item (grid);
  g_assert_nonnull (item);
  g_assert_cmpuint (ll_step_inspector_get_example (inspector, &is_test), ==,
                    ll_test_image_get_index (item));
  g_assert_true (is_test);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_pause_step_resume_reset (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlTrainingSession *session = g_object_ref (ll_window_get_session (window));
  LlCostPlot *plot = ll_window_get_plot (window);
  RecordWait two_records = { session, 2 };
  gboolean finished = FALSE;
  guint paused_points, paused_records;

  /* Paced (about 3 s a run) so the pause lands mid-run. */
  ll_training_session_set_speed (session, 0.5);
  ll_window_set_run_length (window, 1000, 50);
  g_signal_connect (session, "finished", G_CALLBACK (ll_test_set_flag), &finished);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-training", NULL);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_RUNNING);
  ll_test_wait_for (records_reached, &two_records);

  /* Pause: once the worker says it stopped, nothing more arrives. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-training", NULL);
  wait_for_state (session, LL_SESSION_PAUSED);
  paused_points = ll_cost_plot_get_n_points (plot, 0);
  paused_records = ll_training_session_get_n_records (session);
  g_assert_cmpuint (paused_points, ==, paused_records);
  g_assert_cmpuint (paused_points, <, 1000 / 50 + 1);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (ll_cost_plot_get_n_points (plot, 0), ==, paused_points);
  g_assert_cmpuint (ll_training_session_get_n_records (session), ==, paused_records);

  /* Step: exactly one record point, then paused again. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_RUNNING);
  wait_for_state (session, LL_SESSION_PAUSED);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  for (guint run = 0; run < 3; run++)
    g_assert_cmpuint (ll_cost_plot_get_n_points (plot, run), ==, paused_points + 1);

  /* Resume at full speed: the run completes. */
  ll_training_session_set_speed (session, 1.0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-training", NULL);
  ll_test_wait_for (ll_test_flag_set, &finished);
  assert_points (window, 1000 / 50 + 1);

  /* Reset clears the plot and the models. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_IDLE);
  assert_points (window, 0);
  g_assert_null (ll_run_store_dup_trained_models (ll_training_session_get_store (session)));
  g_assert_cmpstr (ll_accuracy_table_get_text (ll_window_get_accuracy_table (window), 0, 3), ==, "—");

  g_signal_handlers_disconnect_by_data (session, &finished);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (session);
}

/* A session of its own on the built-in dataset (binary already), so the
 * test drives it directly, with intervals the window's spin buttons refuse. */
static LlTrainingSession *
builtin_session (void)
{
  g_autoptr (GError) error = NULL;
  LlDataset *builtin = ll_dataset_load_builtin (&error);
  g_autoptr (LlSharedDataset) shared = NULL;
  LlTrainingSession *session = ll_training_session_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (builtin->n_classes, ==, 2);
  shared = ll_shared_dataset_new (builtin);
  ll_training_session_set_dataset (session, shared);
  ll_training_session_set_speed (session, 1.0);
  return session;
}

static void
start_run (LlTrainingSession *session,
           guint              iterations,
           guint              record_every)
{
  static const double rates[] = { 0.005, 0.001, 0.0001 };
  RecordWait one_record = { session, 1 };
  g_autoptr (GError) error = NULL;

  LlRunConfig *config = ll_training_session_get_config (session);

  ll_run_config_set_learning_rates (config, rates, G_N_ELEMENTS (rates));
  ll_run_config_set_iterations (config, iterations);
  ll_run_config_set_record_every (config, record_every);
  g_assert_true (ll_training_session_start (session, 0, &error));
  g_assert_no_error (error);
  ll_test_wait_for (records_reached, &one_record);
}

/* Pauses and waits (main loop, no sleep) until the worker has parked. */
static void
pause_and_wait (LlTrainingSession *session)
{
  ll_training_session_pause (session);
  wait_for_state (session, LL_SESSION_PAUSED);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_PAUSED);
}

/* Hours of unpaced computing between two record points (25 million
 * iterations of 1000 x 784 x 3): a pause still acts within one iteration. */
static void
test_pause_between_record_points (void)
{
  LlTrainingSession *session = builtin_session ();
  gint64 start;

  start_run (session, 50000000, 25000000);
  for (guint round = 0; round < 2; round++)
    {
      /* Paused with iteration 0 the only record: stopped mid-interval, and
       * nothing arrives while paused. */
      pause_and_wait (session);
      g_assert_cmpuint (ll_training_session_get_n_records (session), ==, 1);
      g_assert_cmpuint (latest_iteration (session), ==, 0);

      /* Resume goes on computing, and can be paused again. */
      ll_training_session_resume (session);
      g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_RUNNING);
    }

  /* The record point carries the training probabilities for any threshold:
   * all 0.5 at iteration 0 (w = 0, b = 0). */
  for (guint run = 0; run < 3; run++)
    {
      LlRunModel *model = ll_run_get_latest_model (store_run (session, run));

      g_assert_cmpuint (model->m_train, ==, ll_training_session_get_dataset (session)->train.count);
      g_assert_nonnull (model->train_probabilities);
      for (gsize i = 0; i < model->m_train; i++)
        g_assert_cmpfloat (model->train_probabilities[i], ==, 0.5);
    }

  /* Reset while parked: the worker wakes and is joined promptly. */
  pause_and_wait (session);
  start = g_get_monotonic_time ();
  ll_training_session_reset (session);
  ll_test_wait_for (session_idle, session);
  g_test_message ("reset while paused, joined in %.1f ms",
                  (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_IDLE);

  /* Unreffed while parked: dispose wakes and joins the worker. */
  start_run (session, 50000000, 25000000);
  pause_and_wait (session);
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  g_object_unref (session);
  g_assert_null (session);
}

/* Step from a pause between record points: the rest of that interval
 * (a few seconds of computing), then paused at the next record point. */
static void
test_step_between_record_points (void)
{
  g_autoptr (LlTrainingSession) session = builtin_session ();

  start_run (session, 4000, 2000);
  pause_and_wait (session);
  g_assert_cmpuint (ll_training_session_get_n_records (session), ==, 1);

  ll_training_session_step (session);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_RUNNING);
  wait_for_state (session, LL_SESSION_PAUSED);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (ll_training_session_get_n_records (session), ==, 2);
  g_assert_cmpuint (latest_iteration (session), ==, 2000);

  /* Resume from there: the run completes. */
  ll_training_session_set_speed (session, 1.0);
  ll_training_session_resume (session);
  wait_for_state (session, LL_SESSION_FINISHED);
  g_assert_cmpuint (ll_training_session_get_n_records (session), ==, 4000 / 2000 + 1);
}

static void
test_step_from_idle (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlTrainingSession *session = ll_window_get_session (window);

  ll_training_session_set_speed (session, 1.0);
  ll_window_set_run_length (window, 500, 50);

  /* Step before any training: iteration 0 and one interval, then paused. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL);
  wait_for_state (session, LL_SESSION_PAUSED);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  assert_points (window, 2);
  g_assert_cmpuint (latest_iteration (session), ==, 50);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_reset_mid_run (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlTrainingSession *session = ll_window_get_session (window);
  RecordWait one_record = { session, 1 };

  ll_training_session_set_speed (session, 0.3);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-training", NULL);
  ll_test_wait_for (records_reached, &one_record);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL);
  assert_points (window, 0);
  /* The cancelled worker is joined from the main loop, and its late
   * messages do not refill the plot. */
  ll_test_wait_for (session_idle, session);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  assert_points (window, 0);
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_IDLE);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
close_while_training (double speed)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlTrainingSession *session = g_object_ref (ll_window_get_session (window));
  RecordWait one_record = { session, 1 };
  gint64 start;

  ll_training_session_set_speed (session, speed);
  ll_window_set_run_length (window, 100000, 100);
  g_assert_true (ll_window_train (window));
  ll_test_wait_for (records_reached, &one_record);
  g_assert_true (ll_training_session_get_busy (session));

  start = g_get_monotonic_time ();
  gtk_window_destroy (GTK_WINDOW (window));
  ll_test_wait_for (session_idle, session);
  /* Promptly: the worker reads the cancel flag every iteration. */
  g_test_message ("closed and joined in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);

  /* Nothing else holds the session: it goes with our reference. */
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  g_object_unref (session);
  g_assert_null (session);
}

static void
test_close_while_paced (void)
{
  close_while_training (0.0);
}

static void
test_close_while_computing (void)
{
  close_while_training (1.0);
}

static void
test_close_with_session_gone (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlTrainingSession *session = ll_window_get_session (window);
  RecordWait one_record = { session, 1 };

  ll_training_session_set_speed (session, 1.0);
  ll_window_set_run_length (window, 100000, 10);
  g_assert_true (ll_window_train (window));
  ll_test_wait_for (records_reached, &one_record);

  /* The session is the window's alone: its dispose joins the worker at once,
   * and messages still queued find no session. */
  g_object_add_weak_pointer (G_OBJECT (session), (gpointer *) &session);
  gtk_window_destroy (GTK_WINDOW (window));
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (session);
}

static void
test_bad_rate (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlRateList *rates = ll_window_get_rate_list (window);
  GtkEditable *entry = ll_rate_list_get_entry (rates, 1);
  const char *error;

  gtk_editable_set_text (entry, "fast");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  g_assert_false (ll_window_train (window));
  error = ll_window_get_error (window);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "fast"));
  g_assert_cmpint (ll_training_session_get_state (ll_window_get_session (window)), ==,
                   LL_SESSION_IDLE);

  gtk_editable_set_text (entry, "-1");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));
  gtk_editable_set_text (entry, "0,05");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (entry), "error"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_bad_dataset (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  const char *error;

  ll_window_open_dataset (window, "/nonexistent/logistic-lab-dataset", NULL);
  g_assert_true (ll_window_get_loading (window));
  ll_test_wait_for (ll_test_window_loaded, window);
  error = ll_window_get_error (window);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "/nonexistent/logistic-lab-dataset"));
  /* The window keeps the dataset it had and stays ready. */
  g_assert_nonnull (ll_training_session_get_dataset (ll_window_get_session (window)));
  g_assert_true (ll_window_train (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_rate_list (void)
{
  GtkWidget *list = g_object_ref_sink (ll_rate_list_new ());
  static const double two[] = { 1, 0.001 };
  g_autofree double *rates = NULL;
  guint n = 0;
  double rate;

  g_assert_true (ll_run_config_parse_rate (" 0.5 ", &rate, NULL));
  g_assert_cmpfloat (rate, ==, 0.5);
  g_assert_true (ll_run_config_parse_rate ("1e-3", &rate, NULL));
  g_assert_cmpfloat (rate, ==, 0.001);
  g_assert_false (ll_run_config_parse_rate ("0", &rate, NULL));
  g_assert_false (ll_run_config_parse_rate ("inf", &rate, NULL));
  g_assert_false (ll_run_config_parse_rate ("nan", &rate, NULL));
  g_assert_false (ll_run_config_parse_rate ("0.1x", &rate, NULL));

  ll_rate_list_set_rates (LL_RATE_LIST (list), two, 2);
  ll_rate_list_add_rate (LL_RATE_LIST (list));
  rates = ll_rate_list_get_rates (LL_RATE_LIST (list), &n, NULL);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpfloat (rates[2], ==, 0.0001);
  ll_rate_list_remove_rate (LL_RATE_LIST (list), 0);
  g_clear_pointer (&rates, g_free);
  rates = ll_rate_list_get_rates (LL_RATE_LIST (list), &n, NULL);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpfloat (rates[0], ==, 0.001);

  g_object_unref (list);
}

/* The projector zoom: Ctrl+plus and friends, the plot's text, the window's
 * text (a CSS rule), and the setting a new window starts from. */
static int
table_height (LlWindow *window)
{
  int height;

  gtk_widget_measure (GTK_WIDGET (ll_window_get_accuracy_table (window)), GTK_ORIENTATION_VERTICAL,
                      -1, NULL, &height, NULL, NULL);
  return height;
}

typedef struct {
  LlWindow *window;
  int height;
  int sign;     /* +1: taller than height, -1: shorter, 0: the same */
} HeightWait;

/* The CSS change reaches the widgets at the next frame's style update. */
static gboolean
height_reached (gpointer data)
{
  HeightWait *wait = data;
  int height = table_height (wait->window);

  return wait->sign > 0 ? height > wait->height
       : wait->sign < 0 ? height < wait->height
       : height == wait->height;
}

static void
wait_for_text_size (LlWindow *window,
                    int       height,
                    int       sign)
{
  HeightWait wait = { window, height, sign };

  ll_test_wait_for (height_reached, &wait);
}

static void
test_zoom (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  LlWindow *window;
  LlCostPlot *plot;
  double font_scale;
  int height;

  g_settings_reset (settings, "zoom");
  window = ll_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  plot = ll_window_get_plot (window);
  g_assert_cmpfloat (ll_window_get_zoom (window), ==, 1.0);
  font_scale = ll_cost_plot_get_font_scale (plot);
  height = table_height (window);

  /* In: larger plot text, larger window text, remembered. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL));
  g_assert_cmpfloat (ll_window_get_zoom (window), >, 1.0);
  g_assert_cmpfloat (ll_cost_plot_get_font_scale (plot), >, font_scale);
  wait_for_text_size (window, height, +1);
  g_assert_cmpfloat (g_settings_get_double (settings, "zoom"), ==, ll_window_get_zoom (window));

  /* It stops at 200 % and 80 %; reset is 100 %, as it was. */
  for (guint i = 0; i < 20; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-in", NULL);
  g_assert_cmpfloat (ll_window_get_zoom (window), ==, 2.0);
  for (guint i = 0; i < 20; i++)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-out", NULL);
  g_assert_cmpfloat (ll_window_get_zoom (window), ==, 0.8);
  g_assert_cmpfloat (ll_cost_plot_get_font_scale (plot), <, font_scale);
  wait_for_text_size (window, height, -1);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.zoom-reset", NULL);
  g_assert_cmpfloat (ll_window_get_zoom (window), ==, 1.0);
  g_assert_cmpfloat (ll_cost_plot_get_font_scale (plot), ==, font_scale);
  wait_for_text_size (window, height, 0);

  /* A new window opens at the stored zoom. */
  ll_window_set_zoom (window, 1.5);
  gtk_window_destroy (GTK_WINDOW (window));
  g_assert_cmpfloat (g_settings_get_double (settings, "zoom"), ==, 1.5);
  window = ll_window_new (NULL, settings);
  g_assert_cmpfloat (ll_window_get_zoom (window), ==, 1.5);
  g_assert_cmpfloat (ll_cost_plot_get_font_scale (ll_window_get_plot (window)), >, font_scale);

  g_settings_reset (settings, "zoom");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

static gboolean
threshold_restored (gpointer data)
{
  return ll_result_grid_get_threshold (ll_window_get_result_grid (data)) == 0.25
         && !ll_window_get_loading (data);
}

static gboolean
error_shown (gpointer data)
{
  return ll_window_get_error (data) != NULL;
}

/* Save Lesson writes the settings, starting values, threshold and page;
 * Open Lesson brings them back; a damaged lesson changes nothing and says
 * why. */
static void
test_lesson_round_trip (void)
{
  LlWindow *window = ll_test_open_window (NULL);
  LlRunConfig *config = ll_training_session_get_config (ll_window_get_session (window));
  g_autofree char *dir = g_dir_make_tmp ("ll-window-lesson-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "a.lllesson", NULL);
  g_autofree char *damaged = g_build_filename (dir, "b.lllesson", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFile) damaged_file = g_file_new_for_path (damaged);
  const double rates[] = { 0.2, 0.05 }, other[] = { 1.0 };
  const double *read;
  guint n_read;

  ll_run_config_set_learning_rates (config, rates, 2);
  ll_run_config_set_iterations (config, 300);
  ll_run_config_set_initial_w (config, "0.5, -0.25");
  ll_run_config_set_initial_b (config, 0.1 + 0.2);
  ll_result_grid_set_threshold (ll_window_get_result_grid (window), 0.25);
  gtk_stack_set_visible_child_name (ll_window_get_stack (window), "confusion");
  ll_window_save_lesson (window, path);
  ll_test_wait_for (file_exists, path);

  ll_run_config_set_learning_rates (config, other, 1);
  ll_run_config_set_iterations (config, 50);
  ll_run_config_set_initial_w (config, "");
  ll_run_config_set_initial_b (config, 0);
  ll_result_grid_set_threshold (ll_window_get_result_grid (window), 0.5);
  gtk_stack_set_visible_child_name (ll_window_get_stack (window), "cost");
  ll_window_open_lesson (window, file);
  ll_test_wait_for (threshold_restored, window);
  read = ll_run_config_get_learning_rates (config, &n_read);
  g_assert_cmpuint (n_read, ==, 2);
  g_assert_cmpfloat (read[0], ==, 0.2);
  g_assert_cmpfloat (read[1], ==, 0.05);
  g_assert_cmpuint (ll_run_config_get_iterations (config), ==, 300);
  /* The starting values too (issue 24), and the sidebar shows them. */
  g_assert_cmpstr (ll_run_config_get_initial_w (config), ==, "0.5, -0.25");
  g_assert_cmpfloat (ll_run_config_get_initial_b (config), ==, 0.1 + 0.2);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (window->initial_w_entry)), ==, "0.5, -0.25");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ll_window_get_stack (window)), ==, "confusion");
  g_assert_null (ll_window_get_error (window));

  g_assert_true (g_file_set_contents (damaged, "[Lesson]\nversion=2\n", -1, NULL));
  ll_window_open_lesson (window, damaged_file);
  ll_test_wait_for (error_shown, window);
  g_assert_nonnull (strstr (ll_window_get_error (window), "newer Logistic Lab"));
  read = ll_run_config_get_learning_rates (config, &n_read);
  g_assert_cmpuint (n_read, ==, 2);

  g_unlink (path);
  g_unlink (damaged);
  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The sensitive items of WIDGET's tree that are menu items (GtkModelButton),
 * by their text, into FOUND. */
static void
collect_sensitive_items (GtkWidget *widget,
                         GString   *found)
{
  if (g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton") && gtk_widget_is_sensitive (widget))
    {
      g_autofree char *text = NULL;

      g_object_get (widget, "text", &text, NULL);
      g_string_append_printf (found, "[%s]", text);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_sensitive_items (child, found);
}

/* In the window, the cost plot's right-click menu offers its check items
 * (their actions live on the plot, an ancestor of the menu): GTK 4.8 left
 * them greyed out there while they worked in a plain window. */
static void
test_plot_menu_items_sensitive (void)
{
  LlWindow *window = ll_window_new (NULL, NULL);
  GtkWidget *view = GTK_WIDGET (ll_cost_plot_get_view (ll_window_get_plot (window)));
  g_autoptr (GListModel) controllers = NULL;
  g_autoptr (GString) found = g_string_new (NULL);
  GtkWidget *menu = NULL;

  gtk_window_present (GTK_WINDOW (window));
  ll_test_wait_for (ll_test_window_loaded, window);
  controllers = gtk_widget_observe_controllers (view);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller)
          && gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_SECONDARY)
        g_signal_emit_by_name (controller, "pressed", 1, 100.0, 100.0);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (view); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER_MENU (child))
      menu = child;
  g_assert_nonnull (menu);
  g_assert_true (gtk_widget_get_visible (menu));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  collect_sensitive_items (menu, found);
  g_assert_nonnull (strstr (found->str, "[Show Test Cost]"));
  g_assert_nonnull (strstr (found->str, "[Log Iteration Axis (First Steps)]"));
  g_assert_nonnull (strstr (found->str, "[Export Figure…]"));
  gtk_popover_popdown (GTK_POPOVER (menu));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/window/opens-builtin", test_opens_builtin);
  g_test_add_func ("/window/run-fills-plot", test_run_fills_plot);
  g_test_add_func ("/window/hand-check", test_hand_check);
  g_test_add_func ("/window/initial-weights", test_initial_weights);
  g_test_add_func ("/window/settings-lock-follows-first-frame", test_settings_lock_follows_first_frame);
  g_test_add_func ("/window/step-moves-cursor", test_step_moves_cursor);
  g_test_add_func ("/window/grid-picks-example", test_grid_picks_example);
  g_test_add_func ("/window/pause-step-resume-reset", test_pause_step_resume_reset);
  g_test_add_func ("/session/pause-between-record-points", test_pause_between_record_points);
  g_test_add_func ("/session/step-between-record-points", test_step_between_record_points);
  g_test_add_func ("/window/step-from-idle", test_step_from_idle);
  g_test_add_func ("/window/reset-mid-run", test_reset_mid_run);
  g_test_add_func ("/window/close-while-paced", test_close_while_paced);
  g_test_add_func ("/window/close-while-computing", test_close_while_computing);
  g_test_add_func ("/window/close-with-session-gone", test_close_with_session_gone);
  g_test_add_func ("/window/bad-rate", test_bad_rate);
  g_test_add_func ("/window/bad-dataset", test_bad_dataset);
  g_test_add_func ("/window/rate-list", test_rate_list);
  g_test_add_func ("/window/zoom", test_zoom);
  g_test_add_func ("/window/lesson-round-trip", test_lesson_round_trip);
  g_test_add_func ("/window/plot-menu-items-sensitive", test_plot_menu_items_sensitive);

  return g_test_run ();
}
