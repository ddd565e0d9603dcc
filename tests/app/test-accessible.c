/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-accessible.c: the window's accessible tree as a screen reader gets
 * it (GTK's accessible properties, read through gtk_test_accessible_*):
 * every button that shows only an icon has an accessible name and a
 * tooltip; every button with a text has a name or is labelled by its
 * text; no mnemonic underscore leaks into a name ("_Train" reads "Train").
 * The accuracy table is rows of cells under column headers; the weights
 * pictures and the test images are named and say what they show; a plot's
 * description gives each line's last point (issue 22.9). */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "app/ll-figure-view.h"
#include "app/ll-result-cell.h"
#include "app/ll-window.h"
#include "app-fixture.h"
#include "fixtures.h"

/* A value no property holds: gtk_test_accessible_check_property () then
 * returns the real one, the only way to read it in GTK 4.8. */
#define NO_SUCH_VALUE "\x01not-a-name"

static char *
accessible_label (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                             NO_SUCH_VALUE);
}

static char *
accessible_description (GtkWidget *widget)
{
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION))
    return NULL;
  return gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                             GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, NO_SUCH_VALUE);
}

static GtkWidget *
first_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *label = first_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* "Lo_g Scale" as it must read: the mnemonic's underscore gone ("__" is one). */
static char *
without_mnemonic (const char *text)
{
  GString *plain = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        p++;
      else if (*p == '_')
        continue;
      g_string_append_c (plain, *p);
    }
  return g_string_free (plain, FALSE);
}

static char *
describe (GtkWidget *widget)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  const char *id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  return g_strdup_printf ("%s in %s%s%s (tooltip “%s”)", G_OBJECT_TYPE_NAME (widget),
                          G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)),
                          id != NULL ? " " : "", id != NULL ? id : "",
                          tooltip != NULL ? tooltip : "");
}

typedef struct {
  GPtrArray *problems;
  guint n_buttons;
  guint n_icon_only;
} Walk;

static void
check_button (GtkWidget *button, Walk *walk)
{
  g_autofree char *label = accessible_label (button);
  /* A menu button's popover is its child too: its text is its own. */
  GtkWidget *text = GTK_IS_MENU_BUTTON (button) ? NULL : first_label (button);
  const char *tooltip = gtk_widget_get_tooltip_text (button);

  walk->n_buttons++;
  if (text == NULL)
    {
      walk->n_icon_only++;
      if (label == NULL || label[0] == '\0')
        g_ptr_array_add (walk->problems, g_strdup_printf ("icon-only %s has no accessible name",
                                                          describe (button)));
      if (tooltip == NULL || tooltip[0] == '\0')
        g_ptr_array_add (walk->problems, g_strdup_printf ("icon-only %s has no tooltip",
                                                          describe (button)));
    }
  else if (label == NULL)
    {
      /* Named by the text it shows (labelled-by: GTK 4.8 does not name a
       * button from a box of children by itself), which reads without its
       * mnemonic underscore. */
      g_autofree char *plain = without_mnemonic (gtk_label_get_label (GTK_LABEL (text)));

      if (!gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY))
        g_ptr_array_add (walk->problems, g_strdup_printf ("%s with the text “%s” is not named by it",
                                                          describe (button),
                                                          gtk_label_get_text (GTK_LABEL (text))));
      if (gtk_label_get_use_underline (GTK_LABEL (text))
          && strcmp (gtk_label_get_text (GTK_LABEL (text)), plain) != 0)
        g_ptr_array_add (walk->problems, g_strdup_printf ("%s reads “%s”, not “%s”", describe (button),
                                                          gtk_label_get_text (GTK_LABEL (text)), plain));
    }
  if (label != NULL && strchr (label, '_') != NULL)
    g_ptr_array_add (walk->problems, g_strdup_printf ("%s is named “%s”: a mnemonic underscore",
                                                      describe (button), label));
}

/* GTK's own parts, named (or not) by GTK itself: a spin button's +/-, the
 * window controls, a drop-down's and a stack switcher's toggles, the info
 * bar's close button, a menu button's inner toggle. */
static gboolean
is_gtk_internal (GtkWidget *widget)
{
  static const char *const composites[] = {
    "GtkSpinButton", "GtkWindowControls", "GtkDropDown", "GtkStackSwitcher", "GtkInfoBar", "GtkMenuButton",
  };

  for (GtkWidget *up = gtk_widget_get_parent (widget); up != NULL; up = gtk_widget_get_parent (up))
    {
      if (GTK_IS_POPOVER (up))
        return FALSE;  /* what we put in a popover (the main menu's zoom buttons) */
      for (gsize i = 0; i < G_N_ELEMENTS (composites); i++)
        if (strcmp (G_OBJECT_TYPE_NAME (up), composites[i]) == 0)
          return TRUE;
    }
  return FALSE;
}

static void
walk_tree (GtkWidget *widget, Walk *walk)
{
  if ((GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget)) && !is_gtk_internal (widget))
    {
      check_button (widget, walk);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk_tree (child, walk);
  /* The main menu's popover and its zoom buttons. */
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget)) != NULL
      && gtk_widget_get_parent (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget)))) != widget)
    walk_tree (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget))), walk);
}

static void
test_buttons_named (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  Walk walk = { .problems = problems };
  LlWindow *window = ll_window_new (NULL, settings);

  gtk_window_present (GTK_WINDOW (window));
  ll_test_wait_for (ll_test_window_loaded, window);
  walk_tree (GTK_WIDGET (window), &walk);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
  /* The header bar's Step and Reset, the main menu, its zoom buttons,
   * the rate list's and the details' buttons at least. */
  g_assert_cmpuint (walk.n_icon_only, >=, 5);
  g_assert_cmpuint (walk.n_buttons, >=, 10);
  g_assert_cmpuint (problems->len, ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
session_finished (gpointer data)
{
  return ll_training_session_get_state (data) == LL_SESSION_FINISHED;
}

/* Every descendant of WIDGET that is a TYPE, depth first. */
static void
collect (GtkWidget *widget,
         GType      type,
         GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect (child, type, found);
}

static gboolean
result_cells_shown (gpointer data)
{
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();

  collect (data, LL_TYPE_RESULT_CELL, cells);
  return cells->len > 0;
}

static void
test_views_named (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  LlWindow *window = ll_window_new (NULL, settings);
  LlTrainingSession *session = ll_window_get_session (window);
  GtkWidget *table = GTK_WIDGET (ll_window_get_accuracy_table (window));
  g_autoptr (GPtrArray) pictures = g_ptr_array_new ();
  g_autoptr (GPtrArray) cells = g_ptr_array_new ();
  guint n_rows = 0, n_named = 0;

  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  ll_training_session_set_speed (session, 1.0);
  ll_window_set_run_length (window, 20, 10);
  if (!ll_window_train (window))
    g_error ("Train: %s", ll_window_get_error (window));
  ll_test_wait_for (session_finished, session);

  /* The accuracy table: a header row of column headers, then a row of
   * five cells per rate. */
  g_assert_cmpint (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (table)), ==,
                   GTK_ACCESSIBLE_ROLE_TABLE);
  {
    g_autoptr (GPtrArray) boxes = g_ptr_array_new ();

    collect (table, GTK_TYPE_WIDGET, boxes);
    for (guint i = 0; i < boxes->len; i++)
      {
        GtkWidget *row = boxes->pdata[i];
        guint n_cells = 0, n_headers = 0;

        if (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (row)) != GTK_ACCESSIBLE_ROLE_ROW)
          continue;
        for (GtkWidget *child = gtk_widget_get_first_child (row); child != NULL;
             child = gtk_widget_get_next_sibling (child))
          {
            GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (child));

            n_cells += role == GTK_ACCESSIBLE_ROLE_CELL;
            n_headers += role == GTK_ACCESSIBLE_ROLE_COLUMN_HEADER;
          }
        g_assert_cmpuint (n_rows == 0 ? n_headers : n_cells, ==, 5);
        n_rows++;
      }
    g_assert_cmpuint (n_rows, ==, 1 + 3);
  }

  /* The weights pictures: "weights for lr 0.5", and their colour range. */
  collect (GTK_WIDGET (ll_window_get_weights_view (window)), GTK_TYPE_PICTURE, pictures);
  for (guint i = 0; i < pictures->len; i++)
    {
      g_autofree char *label = accessible_label (pictures->pdata[i]);
      g_autofree char *description = accessible_description (pictures->pdata[i]);

      if (label == NULL || !g_str_has_prefix (label, "weights for lr "))
        continue;
      n_named++;
      g_assert_nonnull (description);
      g_assert_nonnull (strstr (description, "colours span"));
    }
  g_assert_cmpuint (n_named, ==, 3);

  /* The test images: "test image 7: true cat, predicted non-cat, wrong". */
  gtk_stack_set_visible_child_name (ll_window_get_stack (window), "images");
  ll_test_wait_for (result_cells_shown, window);
  collect (GTK_WIDGET (window), LL_TYPE_RESULT_CELL, cells);
  for (guint i = 0; i < cells->len; i++)
    {
      g_autofree char *label = accessible_label (cells->pdata[i]);

      g_assert_nonnull (label);
      g_assert_true (g_str_has_prefix (label, "test image "));
      g_assert_nonnull (strstr (label, ": true "));
      g_assert_nonnull (strstr (label, ", predicted "));
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A plot reads as its description and each line's last point, updated
 * with the data. */
static void
test_figure_described (void)
{
  GtkWidget *view = g_object_ref_sink (ll_figure_view_new ());
  LlFigure *figure = ll_figure_new ();
  const double x[] = { 0, 100, 200 }, y[] = { 0.69, 0.4, 0.25 };
  LlPlotLayer *layer = ll_figure_add_lines (figure, x, y, 3, 0);
  g_autofree char *description = NULL;
  g_autofree char *updated = NULL;

  ll_plot_layer_set_label (layer, "lr = 0.5");
  ll_figure_view_set_figure (LL_FIGURE_VIEW (view), figure);
  ll_figure_view_set_description (LL_FIGURE_VIEW (view), "Cost by iteration.");
  description = accessible_description (view);
  g_assert_nonnull (description);
  g_assert_true (g_str_has_prefix (description, "Cost by iteration."));
  g_assert_nonnull (strstr (description, "lr = 0.5: last point 200, 0.25"));

  {
    const double x2[] = { 0, 100, 200, 300 }, y2[] = { 0.69, 0.4, 0.25, 0.125 };

    ll_plot_layer_set_points (layer, x2, y2, NULL, 4);
  }
  ll_figure_view_queue_update (LL_FIGURE_VIEW (view));
  updated = accessible_description (view);
  g_assert_nonnull (strstr (updated, "lr = 0.5: last point 300, 0.125"));
  g_object_unref (view);
}

int
main (int argc, char **argv)
{
  /* The tests' GTK_A11Y=none gives widgets no accessible context at all;
   * "test" keeps every property in one, without a bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/accessible/buttons-named", test_buttons_named);
  g_test_add_func ("/accessible/views-named", test_views_named);
  g_test_add_func ("/accessible/figure-described", test_figure_described);
  return g_test_run ();
}
