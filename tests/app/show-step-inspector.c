/* SPDX-License-Identifier: GPL-3.0-or-later */
/* show-step-inspector.c: the step inspector in a window, for screenshots
 * (not a test): one run of DATASET (default builtin:propagate) whose shown
 * model is ITERATIONS updates at RATE from w = INITIAL_W (default: the seeds'
 * [1, 2] for the propagate case, else zeros) and b = 2 or 0; prints "ready"
 * once the step is computed and stays open until killed.
 *
 *   show-step-inspector [--size WxH] [--iterations N] [--rate R] [--steps S] [DATASET] */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>

#include "app/ll-step-inspector.h"

static int steps_left;

static gboolean
check_ready (gpointer data)
{
  LlStepInspector *view = data;

  if (ll_step_inspector_get_step (view) == NULL)
    return G_SOURCE_CONTINUE;
  if (steps_left > 0)
    {
      steps_left--;
      ll_step_inspector_step (view);
      return G_SOURCE_CONTINUE;
    }
  g_print ("ready\n");
  return G_SOURCE_REMOVE;
}

int
main (int argc, char **argv)
{
  g_autofree char *size = NULL;
  int iterations = 0;
  double rate = 0.009;
  int width = 1280, height = 800;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "window size", "WxH" },
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations, "the shown model's iteration", "N" },
    { "rate", 0, 0, G_OPTION_ARG_DOUBLE, &rate, "learning rate", "R" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps_left, "press Step this many times", "S" },
    { NULL }
  };
  g_autoptr (GOptionContext) context = g_option_context_new ("[DATASET]");
  g_autoptr (GError) error = NULL;
  const char *path;
  LlDataset *dataset;
  g_autoptr (LlSharedDataset) shared = NULL;
  g_autoptr (LlRunStore) store = ll_run_store_new ();
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (LlRunModel) model = NULL;
  g_autoptr (LlStep) step = NULL;
  g_autofree double *w0 = NULL;
  double b0;
  LlTrainData data;
  LlRunPoint point = { 0 };
  GtkWidget *window, *scrolled, *view;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    return 2;
  path = argc > 1 ? argv[1] : "builtin:propagate";
  gtk_init ();
  dataset = ll_dataset_load (path, 0, 0, &error);
  if (dataset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  shared = ll_shared_dataset_new (dataset);
  data = ll_train_data_from_pixels (dataset);
  w0 = g_new0 (double, dataset->n_features);
  b0 = 0;
  if (strcmp (path, "builtin:propagate") == 0)
    {
      w0[0] = 1;
      w0[1] = 2;
      b0 = 2;
    }
  step = ll_step_compute (&data, w0, b0, rate, (guint) iterations, &error);
  if (step == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_ptr_array_add (runs, ll_run_new (rate, (guint) iterations + 100, 100));
  point.iteration = (guint) iterations;
  point.cost = step->cost;
  model = ll_run_model_new ((guint) iterations, step->w, step->n_features, step->b, NULL, 0, NULL, 0);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  scrolled = gtk_scrolled_window_new ();
  view = ll_step_inspector_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  g_object_set (view, "store", store, NULL);
  ll_run_store_replace (store, shared, runs);
  ll_run_append_point (runs->pdata[0], &point, model);
  gtk_window_present (GTK_WINDOW (window));
  g_timeout_add (50, check_ready, view);
  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
