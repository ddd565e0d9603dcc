/* SPDX-License-Identifier: GPL-3.0-or-later */
/* show-confusion-view.c: the window on its Confusion page after training,
 * for screenshots (not a test): opens DATASET (default: the built-in one),
 * trains with the default settings, shows the Confusion page, prints
 * "ready" and stays open until killed.
 *
 *   show-confusion-view [--size WxH] [--threshold T] [DATASET] */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>

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

int
main (int argc, char **argv)
{
  g_autofree char *size = NULL;
  double threshold = 0.5;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Window size WxH", "WxH" },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold, "Decision threshold", "T" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("[DATASET]");
  g_autoptr (GError) error = NULL;
  int width = 1280, height = 800;
  LlWindow *window;

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
  ll_window_open_dataset (window, argc > 1 ? argv[1] : NULL, NULL);
  ll_test_wait_for (window_loaded, window);
  if (!ll_window_train (window))
    return 1;
  ll_test_wait_for (finished, window);
  ll_result_grid_set_threshold (ll_window_get_result_grid (window), threshold);
  gtk_stack_set_visible_child_name (ll_window_get_stack (window), "confusion");
  printf ("ready\n");
  fflush (stdout);
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
