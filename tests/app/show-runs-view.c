/* SPDX-License-Identifier: GPL-3.0-or-later */
/* show-runs-view.c: the window's Runs page for screenshots (not a test):
 * trains 0.5, 0.1 and 0.01 on the built-in dataset, pins them, trains 1.0
 * and 2.0, selects the first and the last run for the comparison, shows the
 * Runs page (or PAGE), prints "ready" and stays open until killed.
 *
 *   show-runs-view [--size WxH] [--page PAGE] */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/ll-window.h"
#include "fixtures.h"

static gboolean
window_loaded (gpointer data)
{
  return !ll_window_get_loading (data);
}

static gboolean
finished (gpointer data)
{
  return ll_training_session_get_state (ll_window_get_session (data)) == LL_SESSION_FINISHED;
}

static void
train (LlWindow     *window,
       const double *rates,
       guint         n_rates)
{
  ll_run_config_set_learning_rates (ll_training_session_get_config (ll_window_get_session (window)),
                                    rates, n_rates);
  if (!ll_window_train (window))
    exit (1);
  ll_test_wait_for (finished, window);
}

/* The page's list box (depth first). */
static GtkListBox *
find_list (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget))
    return GTK_LIST_BOX (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkListBox *list = find_list (child);

      if (list != NULL)
        return list;
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  static const double first[] = { 0.5, 0.1, 0.01 };
  static const double second[] = { 1.0, 2.0 };
  g_autofree char *size = NULL;
  g_autofree char *page = NULL;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Window size WxH", "WxH" },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page, "The page to show", "PAGE" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new (NULL);
  g_autoptr (GError) error = NULL;
  int width = 1280, height = 800;
  LlWindow *window;
  GtkListBox *list;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    return 2;
  gtk_init ();
  window = ll_window_new (NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_maximize (GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (window_loaded, window);
  ll_window_set_run_length (window, 500, 50);
  ll_training_session_set_speed (ll_window_get_session (window), 1.0);
  train (window, first, G_N_ELEMENTS (first));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.pin-job", NULL);
  train (window, second, G_N_ELEMENTS (second));
  gtk_stack_set_visible_child_name (ll_window_get_stack (window), page != NULL ? page : "runs");
  list = find_list (gtk_stack_get_child_by_name (ll_window_get_stack (window), "runs"));
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 0));
  gtk_list_box_select_row (list, gtk_list_box_get_row_at_index (list, 4));
  printf ("ready\n");
  fflush (stdout);
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
