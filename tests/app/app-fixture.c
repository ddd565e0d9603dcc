/* SPDX-License-Identifier: GPL-3.0-or-later */
/* app-fixture.c: what the window tests share (app-fixture.h). Waits iterate
 * the main context until a condition holds, never sleep. */
#include "config.h"

#include "app-fixture.h"

#include "session/ll-training-session.h"
#include "fixtures.h"

gboolean
ll_test_window_loaded (gpointer data)
{
  return !ll_window_get_loading (data);
}

gboolean
ll_test_flag_set (gpointer data)
{
  return *(gboolean *) data;
}

void
ll_test_set_flag (GObject  *object,
                  gboolean *flag)
{
  *flag = TRUE;
}

void
ll_test_count_notify (GObject    *object,
                      GParamSpec *pspec,
                      guint      *count)
{
  (*count)++;
}

GtkWidget *
ll_test_find_widget (GtkWidget *widget,
                     GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ll_test_find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

LlWindow *
ll_test_open_window (const char *dataset)
{
  LlWindow *window = ll_window_new (NULL, NULL);

  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, dataset, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  return window;
}

LlWindow *
ll_test_window_on_builtin (const char *name)
{
  LlWindow *window = ll_window_new (NULL, NULL);

  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-builtin-table", "s", name));
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  return window;
}

void
ll_test_train_to_end (LlWindow *window,
                      guint     iterations,
                      guint     record_every)
{
  LlTrainingSession *session = ll_window_get_session (window);
  gboolean finished = FALSE;
  gulong handler = g_signal_connect (session, "finished", G_CALLBACK (ll_test_set_flag), &finished);

  ll_training_session_set_speed (session, 1.0);
  ll_window_set_run_length (window, iterations, record_every);
  g_assert_true (ll_window_train (window));
  ll_test_wait_for (ll_test_flag_set, &finished);
  g_signal_handler_disconnect (session, handler);
}
