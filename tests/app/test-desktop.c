/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-desktop.c: the desktop side of the app: settings remembered between
 * windows (memory GSettings backend), the About dialog, the shortcuts
 * window against the real accelerators, the mnemonics of the sidebar and the
 * pages' titles, and Alt+digit for the pages. */
#include "config.h"

#include <glib/gi18n.h>
#include <gtk/gtk.h>
#include <locale.h>
#include <string.h>

#include "app/ll-application.h"
#include "app/ll-window.h"
#include "app/ll-window-private.h"
#include "app-fixture.h"
#include "fixtures.h"

static gboolean
is_log_scale (LlWindow *window)
{
  gboolean log_scale = FALSE;

  g_object_get (window, "log-scale", &log_scale, NULL);
  return log_scale;
}

/* Changed in one window, closed; a new window on the same settings shows
 * them again: rates, run length, pace, log scale (the plot's scale), zoom
 * and window size. */
static void
test_settings_restored (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  const double rates[] = { 0.25, 0.002 };
  g_autofree double *restored = NULL;
  guint n_restored = 0;
  LlWindow *window;
  int width, height;

  g_settings_reset (settings, "learning-rates");
  g_settings_reset (settings, "iterations");
  g_settings_reset (settings, "record-every");
  g_settings_reset (settings, "speed");
  g_settings_reset (settings, "log-scale");
  g_settings_reset (settings, "zoom");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");

  window = ll_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));  /* closing needs a realized window */
  g_assert_false (is_log_scale (window));
  ll_rate_list_set_rates (ll_window_get_rate_list (window), rates, G_N_ELEMENTS (rates));
  ll_window_set_run_length (window, 700, 35);
  gtk_range_set_value (GTK_RANGE (window->speed_scale), 0.8);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.log-scale", NULL));
  g_assert_true (is_log_scale (window));
  ll_window_set_zoom (window, 1.25);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 650);
  gtk_window_close (GTK_WINDOW (window));

  /* Stored as the schema says. */
  g_assert_cmpuint (g_settings_get_uint (settings, "iterations"), ==, 700);
  g_assert_cmpuint (g_settings_get_uint (settings, "record-every"), ==, 35);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "speed"), 0.8, 1e-9);
  g_assert_true (g_settings_get_boolean (settings, "log-scale"));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);

  /* A new window, as at the next start. */
  window = ll_window_new (NULL, settings);
  restored = ll_rate_list_get_rates (ll_window_get_rate_list (window), &n_restored, NULL);
  g_assert_nonnull (restored);
  g_assert_cmpuint (n_restored, ==, 2);
  g_assert_cmpfloat (restored[0], ==, 0.25);
  g_assert_cmpfloat (restored[1], ==, 0.002);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (window->iterations_spin)), ==, 700);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (window->record_spin)), ==, 35);
  g_assert_cmpfloat_with_epsilon (gtk_range_get_value (GTK_RANGE (window->speed_scale)), 0.8, 1e-9);
  g_assert_true (is_log_scale (window));
  g_assert_true (ll_cost_plot_get_log_scale (ll_window_get_plot (window)));
  g_assert_cmpfloat (ll_window_get_zoom (window), ==, 1.25);
  gtk_window_get_default_size (GTK_WINDOW (window), &width, &height);
  g_assert_cmpint (width, ==, 1000);
  g_assert_cmpint (height, ==, 650);
  gtk_window_destroy (GTK_WINDOW (window));

  g_settings_reset (settings, "learning-rates");
  g_settings_reset (settings, "iterations");
  g_settings_reset (settings, "record-every");
  g_settings_reset (settings, "speed");
  g_settings_reset (settings, "log-scale");
  g_settings_reset (settings, "zoom");
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* The window size has a range in the schema (issue 23): a negative value
 * cannot be stored, so it cannot reach GTK; a window closed at an odd size
 * stores a value within it (a critical here would fail the test). */
static void
test_settings_ranges (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GSettingsSchema) schema = NULL;
  LlWindow *window;

  g_object_get (settings, "settings-schema", &schema, NULL);
  for (const char *const *key = (const char *const[]) { "window-width", "window-height", NULL };
       *key != NULL; key++)
    {
      g_autoptr (GSettingsSchemaKey) schema_key = g_settings_schema_get_key (schema, *key);
      g_autoptr (GVariant) negative = g_variant_ref_sink (g_variant_new_int32 (-5));
      g_autoptr (GVariant) fine = g_variant_ref_sink (g_variant_new_int32 (800));

      g_assert_false (g_settings_schema_key_range_check (schema_key, negative));
      g_assert_true (g_settings_schema_key_range_check (schema_key, fine));
    }

  window = ll_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  gtk_window_set_default_size (GTK_WINDOW (window), 40, 30000);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 100);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 16384);
  g_settings_reset (settings, "window-width");
  g_settings_reset (settings, "window-height");
}

/* One application for the process (it sets the application name, once). */
static LlApplication *
started_application (void)
{
  static LlApplication *application;

  if (application == NULL)
    {
      g_autoptr (GError) error = NULL;

      application = ll_application_new ();
      g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
      g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
      g_assert_no_error (error);
    }
  return application;
}

/* Whether a label under WIDGET shows text containing NEEDLE. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *needle)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), needle) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, needle))
      return TRUE;
  return FALSE;
}

static void
test_about (void)
{
  LlApplication *application = started_application ();
  g_auto (GStrv) accels = NULL;
  GtkAboutDialog *about = NULL;
  GtkWidget *pages;
  GList *windows;

  /* In the menu's action, with a shortcut. */
  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (application), "about") != NULL);
  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application), "app.about");
  g_assert_true (g_strv_contains ((const char * const *) accels, "F1"));

  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  for (windows = gtk_application_get_windows (GTK_APPLICATION (application)); windows != NULL;
       windows = windows->next)
    if (GTK_IS_ABOUT_DIALOG (windows->data))
      about = windows->data;
  g_assert_nonnull (about);
  g_assert_cmpstr (gtk_about_dialog_get_version (about), ==, PACKAGE_VERSION);
  g_assert_cmpint (gtk_about_dialog_get_license_type (about), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (gtk_about_dialog_get_website (about), ==, "https://github.com/logisticlab/LogisticLab");
  /* The credits name the data's makers and its licence, and the exercise
   * (GTK fills the Credits page when it is first shown). */
  pages = ll_test_find_widget (GTK_WIDGET (about), GTK_TYPE_STACK);
  g_assert_nonnull (pages);
  gtk_stack_set_visible_child_name (GTK_STACK (pages), "credits");
  g_assert_true (shows_text (GTK_WIDGET (about), "Zalando Research"));
  g_assert_true (shows_text (GTK_WIDGET (about), "MIT"));
  g_assert_true (shows_text (GTK_WIDGET (about), "Logistic Regression with a Neural Network mindset"));
  gtk_window_destroy (GTK_WINDOW (about));
}

/* Every shortcut the shortcuts window lists by action has that accelerator
 * set, and every action with an accelerator is listed. */
static void
test_shortcuts_window (void)
{
  LlApplication *application = started_application ();
  g_autoptr (GtkBuilder) builder =
    gtk_builder_new_from_resource ("/io/github/logisticlab/LogisticLab/gtk/help-overlay.ui");
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) actions = NULL;
  GSList *objects = gtk_builder_get_objects (builder);

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *action = NULL;
      g_autofree char *accelerator = NULL;
      g_autofree char *title = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "action-name", &action, "accelerator", &accelerator, "title", &title, NULL);
      g_assert_true (title != NULL && *title != '\0');
      if (action != NULL)
        {
          g_auto (GStrv) accels =
            gtk_application_get_accels_for_action (GTK_APPLICATION (application), action);

          if (g_strcmp0 (action, "win.show-help-overlay") != 0)
            g_assert_true (accels != NULL && accels[0] != NULL);
          g_hash_table_add (listed, g_steal_pointer (&action));
        }
      else
        g_assert_true (accelerator != NULL && *accelerator != '\0');
    }
  g_slist_free (objects);

  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (application));
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_autofree char *action = NULL;
      g_autoptr (GVariant) target = NULL;

      /* "win.zoom-in" or "app.quit", possibly with a target. */
      g_assert_true (g_action_parse_detailed_name (actions[i], &action, &target, NULL));
      if (g_strcmp0 (action, "win.show-help-overlay") == 0)
        continue;
      /* "win.show-page::cost" is listed with its target. */
      if (!g_hash_table_contains (listed, action) && !g_hash_table_contains (listed, actions[i]))
        g_error ("%s has a shortcut but is not in the shortcuts window", action);
    }
  g_assert_true (g_hash_table_contains (listed, "app.about"));
}

/* Collects the mnemonic labels under WIDGET that are or may be shown with
 * it: hidden ones too (the sidebar's classes, shown for a dataset of more
 * than two; the weights' "Red, green and blue apart" for RGB data), but not
 * a stack's other children nor a popover's menu (a window of its own). */
static void
collect_mnemonics (GtkWidget *widget,
                   GPtrArray *labels)
{
  if (!gtk_widget_get_child_visible (widget) || GTK_IS_POPOVER (widget))
    return;
  if (GTK_IS_LABEL (widget) && gtk_label_get_use_underline (GTK_LABEL (widget)))
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_mnemonics (child, labels);
}

/* The label's mnemonic key in lower case, GDK_KEY_VoidSymbol for none. */
static guint
mnemonic_key (gpointer label)
{
  guint key = gtk_label_get_mnemonic_keyval (GTK_LABEL (label));

  /* GTK 4.8 says 0 for a label that may have one but has none. */
  return key == GDK_KEY_VoidSymbol || key == 0 ? GDK_KEY_VoidSymbol : gdk_keyval_to_lower (key);
}

/* The sidebar's and header bar's mnemonic labels (hidden ones too): each
 * has a mnemonic that reaches a focusable widget and no two share a key;
 * their keys go into KEYS. */
static GPtrArray *
check_window_mnemonics (LlWindow   *window,
                        GHashTable *keys)
{
  GPtrArray *labels = g_ptr_array_new ();
  GtkWidget *header = gtk_window_get_titlebar (GTK_WINDOW (window));

  collect_mnemonics (window->sidebar, labels);
  collect_mnemonics (header, labels);
  /* Iterations, Record every, Pace, Learning Rates, Add Rate; Open, Train, Log Scale. */
  g_assert_cmpuint (labels->len, >=, 8);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkLabel *label = labels->pdata[i];
      guint key = gtk_label_get_mnemonic_keyval (label);
      GtkWidget *target = gtk_label_get_mnemonic_widget (label);

      if (key == GDK_KEY_VoidSymbol)
        g_error ("“%s” has no mnemonic", gtk_label_get_label (label));
      if (target == NULL)
        target = gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_BUTTON);
      /* An expander's own label opens and closes it. */
      if (target == NULL)
        target = gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_EXPANDER);
      if (target == NULL)
        g_error ("the mnemonic of “%s” reaches no widget", gtk_label_get_label (label));
      if (g_hash_table_contains (keys, GUINT_TO_POINTER (mnemonic_key (label))))
        g_error ("“%s” repeats a mnemonic", gtk_label_get_label (label));
      g_hash_table_add (keys, GUINT_TO_POINTER (mnemonic_key (label)));
    }
  return labels;
}

/* The sidebar's and header bar's labels and buttons all have a mnemonic
 * that reaches a focusable widget, and no two share a key. The pages'
 * titles (the switcher) share no key with them, with each other, nor with
 * any page's own labels while that page is shown (issue 24: Alt+L went to
 * Landscape and Learning Rates in turn); a title may have no mnemonic (the
 * pages have Alt+1 … Alt+0). Each page's own labels share no key with the
 * sidebar, the header bar nor each other. Run in English and in German. */
static void
check_mnemonics (LlWindow *window)
{
  g_autoptr (GPtrArray) titles = g_ptr_array_new ();
  g_autoptr (GHashTable) keys = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr (GPtrArray) labels = check_window_mnemonics (window, keys);
  GtkWidget *switcher = ll_test_find_widget (GTK_WIDGET (window), GTK_TYPE_STACK_SWITCHER);
  GtkStack *stack = GTK_STACK (window->stack);
  g_autofree char *shown = g_strdup (gtk_stack_get_visible_child_name (stack));
  g_autoptr (GListModel) pages = G_LIST_MODEL (gtk_stack_get_pages (stack));

  /* The switcher's buttons, one a page. */
  g_assert_nonnull (switcher);
  collect_mnemonics (switcher, titles);
  g_assert_cmpuint (titles->len, ==, g_list_model_get_n_items (pages));
  for (guint i = 0; i < titles->len; i++)
    {
      guint key = mnemonic_key (titles->pdata[i]);

      if (key == GDK_KEY_VoidSymbol)
        continue;
      if (g_hash_table_contains (keys, GUINT_TO_POINTER (key)))
        g_error ("the page title “%s” repeats a mnemonic", gtk_label_get_label (titles->pdata[i]));
      g_hash_table_add (keys, GUINT_TO_POINTER (key));
    }
  for (guint p = 0; p < g_list_model_get_n_items (pages); p++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (pages, p);
      GtkStackPage *page = GTK_STACK_PAGE (item);
      g_autoptr (GPtrArray) own = g_ptr_array_new ();
      g_autoptr (GHashTable) page_keys = g_hash_table_new (g_direct_hash, g_direct_equal);

      gtk_stack_set_visible_child (stack, gtk_stack_page_get_child (page));
      collect_mnemonics (gtk_stack_page_get_child (page), own);
      for (guint i = 0; i < own->len; i++)
        {
          guint key = mnemonic_key (own->pdata[i]);

          if (key == GDK_KEY_VoidSymbol)
            continue;
          for (guint t = 0; t < titles->len; t++)
            if (mnemonic_key (titles->pdata[t]) == key)
              g_error ("the page title “%s” shares its mnemonic with “%s” on the page “%s”",
                       gtk_label_get_label (titles->pdata[t]), gtk_label_get_label (own->pdata[i]),
                       gtk_stack_page_get_name (page));
          /* Shown at once with the sidebar and the header bar (the
           * Test Images page's "_Learning rate" beside the sidebar's
           * "_Learning Rates"), and with the page's other labels. */
          for (guint l = 0; l < labels->len; l++)
            if (mnemonic_key (labels->pdata[l]) == key)
              g_error ("“%s” on the page “%s” shares its mnemonic with “%s” beside it",
                       gtk_label_get_label (own->pdata[i]), gtk_stack_page_get_name (page),
                       gtk_label_get_label (labels->pdata[l]));
          if (g_hash_table_contains (page_keys, GUINT_TO_POINTER (key)))
            g_error ("“%s” repeats a mnemonic on the page “%s”",
                     gtk_label_get_label (own->pdata[i]), gtk_stack_page_get_name (page));
          g_hash_table_add (page_keys, GUINT_TO_POINTER (key));
        }
    }
  gtk_stack_set_visible_child_name (stack, shown);

  /* The Iterations label's mnemonic puts the focus in its field. */
  for (guint i = 0; i < labels->len; i++)
    if (gtk_label_get_mnemonic_widget (labels->pdata[i]) == window->iterations_spin)
      {
        GtkWidget *focus;

        g_assert_true (gtk_widget_mnemonic_activate (labels->pdata[i], FALSE));
        focus = gtk_root_get_focus (GTK_ROOT (window));
        g_assert_true (focus == window->iterations_spin
                       || gtk_widget_is_ancestor (focus, window->iterations_spin));
      }
}

static gboolean
session_paused (gpointer data)
{
  return ll_training_session_get_state (data) == LL_SESSION_PAUSED;
}

static gboolean
session_idle (gpointer data)
{
  return ll_training_session_get_state (data) == LL_SESSION_IDLE;
}

/* The Train button says Pause while training and Resume while paused: no
 * key of the sidebar's either (Res_ume went with Feat_ure Scaling). */
static void
check_training_mnemonics (LlWindow *window)
{
  LlTrainingSession *session = ll_window_get_session (window);
  g_autofree char *idle_text = g_strdup (gtk_label_get_label (GTK_LABEL (window->train_label)));
  g_autofree char *running_text = NULL;

  ll_training_session_set_speed (session, 0.5);
  ll_window_set_run_length (window, 1000, 50);
  /* As a click on Train would (check_mnemonics left the focus in the
   * Iterations field, which training makes insensitive). */
  g_assert_true (gtk_widget_grab_focus (window->train_button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-training", NULL));
  g_assert_cmpint (ll_training_session_get_state (session), ==, LL_SESSION_RUNNING);
  running_text = g_strdup (gtk_label_get_label (GTK_LABEL (window->train_label)));
  g_assert_cmpstr (running_text, !=, idle_text);
  {
    g_autoptr (GHashTable) keys = g_hash_table_new (g_direct_hash, g_direct_equal);

    g_ptr_array_unref (check_window_mnemonics (window, keys));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-training", NULL));
  ll_test_wait_for (session_paused, session);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (window->train_label)), !=, running_text);
  {
    g_autoptr (GHashTable) keys = g_hash_table_new (g_direct_hash, g_direct_equal);

    g_ptr_array_unref (check_window_mnemonics (window, keys));
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reset", NULL));
  ll_test_wait_for (session_idle, session);
}

static void
test_mnemonics (void)
{
  LlWindow *window = ll_window_new (NULL, NULL);

  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  check_mnemonics (window);
  check_training_mnemonics (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Alt+1 … Alt+9, Alt+0 show the first ten pages in the switcher's order,
 * and Alt+minus (the next key) the eleventh, Classify, through
 * win.show-page. */
static void
test_page_shortcuts (void)
{
  LlApplication *application = started_application ();
  LlWindow *window = ll_window_new (application, NULL);
  GtkStack *stack;
  g_autoptr (GListModel) pages = NULL;

  gtk_window_present (GTK_WINDOW (window));
  stack = GTK_STACK (window->stack);
  pages = G_LIST_MODEL (gtk_stack_get_pages (stack));
  /* A twelfth page would need a key of its own here. */
  g_assert_cmpuint (g_list_model_get_n_items (pages), ==, 11);
  for (guint digit = 1; digit <= 11; digit++)
    {
      g_autofree char *accel = digit <= 10 ? g_strdup_printf ("<Alt>%u", digit % 10) : g_strdup ("<Alt>minus");
      g_auto (GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (application), accel);
      g_autoptr (GObject) item = g_list_model_get_item (pages, digit - 1);
      GtkStackPage *page = GTK_STACK_PAGE (item);
      g_autofree char *action = NULL;
      g_autoptr (GVariant) target = NULL;

      g_assert_nonnull (actions);
      g_assert_cmpuint (g_strv_length (actions), ==, 1);
      g_assert_true (g_action_parse_detailed_name (actions[0], &action, &target, NULL));
      g_assert_cmpstr (action, ==, "win.show-page");
      g_assert_cmpstr (g_variant_get_string (target, NULL), ==, gtk_stack_page_get_name (page));
      /* Start from another page, so the action is what moves it. */
      gtk_stack_set_visible_child_name (stack, digit == 1 ? "classify" : "cost");
      g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (window), action, target));
      g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, gtk_stack_page_get_name (page));
    }
  /* An unknown name changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "nowhere"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "classify");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* With LANGUAGE=de and the build tree's .mo the window speaks German: the
 * template's texts, the app's own strings and the core's description. Runs
 * in a subprocess so the locale stays out of the other tests. */
static void
test_german (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *localedir = g_build_filename (g_getenv ("LL_BUILD_DIR"), "po", NULL);
      LlWindow *window;
      GtkStackPage *page;

      g_setenv ("LANGUAGE", "de", TRUE);
      g_assert_nonnull (setlocale (LC_ALL, "de_DE.UTF-8"));
      bindtextdomain (GETTEXT_PACKAGE, localedir);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);

      window = ll_window_new (NULL, NULL);
      gtk_window_present (GTK_WINDOW (window));
      ll_window_open_dataset (window, NULL, NULL);
      ll_test_wait_for (ll_test_window_loaded, window);
      g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (window->rates_heading)), ==, "_Lernraten");
      page = gtk_stack_get_page (GTK_STACK (window->stack),
                                 gtk_stack_get_child_by_name (GTK_STACK (window->stack), "weights"));
      g_assert_cmpstr (gtk_stack_page_get_title (page), ==, "Gewichte");
      check_mnemonics (window);
      check_training_mnemonics (window);
      /* "28×28 Graustufen · 1000 Training / 400 Test · …" */
      g_assert_nonnull (strstr (ll_window_get_subtitle_text (window), "Graustufen"));
      g_assert_cmpstr (_("Learning rate"), ==, "Lernrate");
      g_print ("German\n");
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }

  {
    g_autofree char *current = g_strdup (setlocale (LC_ALL, NULL));
    gboolean available = setlocale (LC_ALL, "de_DE.UTF-8") != NULL;

    setlocale (LC_ALL, current);
    if (!available)
      {
        g_test_skip ("the de_DE.UTF-8 locale is not installed (.ci/install-deps generates it)");
        return;
      }
  }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*German*");
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/desktop/settings-restored", test_settings_restored);
  g_test_add_func ("/desktop/settings-ranges", test_settings_ranges);
  g_test_add_func ("/desktop/about", test_about);
  g_test_add_func ("/desktop/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/desktop/mnemonics", test_mnemonics);
  g_test_add_func ("/desktop/page-shortcuts", test_page_shortcuts);
  g_test_add_func ("/desktop/german", test_german);

  return g_test_run ();
}
