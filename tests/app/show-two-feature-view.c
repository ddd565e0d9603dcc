/* SPDX-License-Identifier: GPL-3.0-or-later */
/* show-two-feature-view.c: the window on its Boundary page after training,
 * for screenshots (not a test): opens DATASET (default: builtin:exams) with
 * SCALING, trains with the default settings, shows PAGE (default: boundary)
 * at MOMENT (an iteration; default the latest), prints "ready" and stays
 * open until killed. --channels-apart: the Weights page's red, green and
 * blue apart (with --page weights on RGB data).
 *
 *   show-two-feature-view [--size WxH] [--threshold T] [--scaling S] [--page NAME]
 *                         [--moment ITERATION] [--channels-apart] [DATASET] */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>

#include "app/ll-weights-view.h"
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
  g_autofree char *size = NULL, *scaling = NULL, *page = NULL;
  double threshold = 0.5;
  int moment = -1;
  gboolean channels_apart = FALSE;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "Window size WxH", "WxH" },
    { "threshold", 0, 0, G_OPTION_ARG_DOUBLE, &threshold, "Decision threshold", "T" },
    { "scaling", 0, 0, G_OPTION_ARG_STRING, &scaling, "Feature scaling", "S" },
    { "page", 0, 0, G_OPTION_ARG_STRING, &page, "The page shown", "NAME" },
    { "moment", 0, 0, G_OPTION_ARG_INT, &moment, "The timeline's iteration", "ITERATION" },
    { "channels-apart", 0, 0, G_OPTION_ARG_NONE, &channels_apart, "Weights: red, green, blue apart", NULL },
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
  if (scaling != NULL &&
      !ll_run_config_set_scaling (ll_training_session_get_config (ll_window_get_session (window)),
                                  scaling, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  ll_window_open_dataset (window, argc > 1 ? argv[1] : "builtin:exams", NULL);
  ll_test_wait_for (window_loaded, window);
  if (!ll_window_train (window))
    return 1;
  ll_test_wait_for (finished, window);
  ll_result_grid_set_threshold (ll_window_get_result_grid (window), threshold);
  ll_run_store_set_moment (ll_training_session_get_store (ll_window_get_session (window)), moment);
  ll_weights_view_set_channels_apart (ll_window_get_weights_view (window), channels_apart);
  gtk_stack_set_visible_child_name (ll_window_get_stack (window), page != NULL ? page : "boundary");
  printf ("ready\n");
  fflush (stdout);
  while (TRUE)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
