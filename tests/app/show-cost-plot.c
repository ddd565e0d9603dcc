/* SPDX-License-Identifier: GPL-3.0-or-later */
/* show-cost-plot.c: the cost plot in a window, for screenshots (not a
 * test): trains DATASET (default: synthetic blobs) with the given rates
 * through a training session, as the window does, prints "ready" when the
 * job is done and stays open until killed.
 *
 *   show-cost-plot [--size WxH] [--rates 0.01,0.005] [--iterations N] [--record-every N]
 *                  [--test-cost] [--log-iterations] [--log-scale] [--pin-first]
 *                  [--export PATH] [DATASET] */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>

#include "app/ll-cost-plot.h"
#include "fixtures-blobs.h"
#include "session/ll-training-session.h"

static char *export_path;

static void
on_finished (LlTrainingSession *session, LlCostPlot *plot)
{
  if (export_path != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!ll_cost_plot_export (plot, export_path, 1280, 720, &error))
        g_printerr ("%s\n", error->message);
    }
  g_print ("ready\n");
}

int
main (int argc, char **argv)
{
  g_autofree char *size = NULL;
  g_autofree char *rates_text = NULL;
  int iterations = 2000, record_every = 100;
  gboolean test_cost = FALSE, log_iterations = FALSE, log_scale = FALSE, pin_first = FALSE;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "window size", "WxH" },
    { "rates", 0, 0, G_OPTION_ARG_STRING, &rates_text, "learning rates", "A,B,..." },
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations, "iterations", "N" },
    { "record-every", 0, 0, G_OPTION_ARG_INT, &record_every, "record interval", "N" },
    { "test-cost", 0, 0, G_OPTION_ARG_NONE, &test_cost, "show the test costs", NULL },
    { "log-iterations", 0, 0, G_OPTION_ARG_NONE, &log_iterations, "log iteration axis", NULL },
    { "log-scale", 0, 0, G_OPTION_ARG_NONE, &log_scale, "log cost axis", NULL },
    { "pin-first", 0, 0, G_OPTION_ARG_NONE, &pin_first, "pin the first run (drawn faded)", NULL },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_path, "save the plot here when done", "PATH" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[DATASET]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(LlTrainingSession) session = NULL;
  g_autoptr(GArray) rates = NULL;
  LlRunConfig *config;
  LlSharedDataset *dataset;
  GtkWidget *window, *plot;
  int width = 1280, height = 800;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    g_error ("bad size %s", size);
  gtk_init ();

  if (argc > 1)
    {
      LlDataset *loaded = ll_dataset_load (argv[1], 0, 0, &error);

      if (loaded == NULL)
        g_error ("%s", error->message);
      dataset = ll_shared_dataset_new (loaded);
    }
  else
    dataset = ll_shared_dataset_new (ll_test_blobs_dataset (120, 40, 6, 7));

  session = ll_training_session_new (NULL);
  config = ll_training_session_get_config (session);
  rates = ll_run_config_parse_rates (rates_text != NULL ? rates_text : "0.01,0.005,0.001", &error);
  if (rates == NULL)
    g_error ("%s", error->message);
  ll_run_config_set_learning_rates (config, (const double *) rates->data, rates->len);
  ll_run_config_set_iterations (config, (guint) iterations);
  ll_run_config_set_record_every (config, (guint) record_every);
  ll_training_session_set_dataset (session, dataset);
  ll_training_session_set_speed (session, 1.0);
  ll_shared_dataset_unref (dataset);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  plot = ll_cost_plot_new ();
  g_object_set (plot, "show-test-cost", test_cost, "log-iterations", log_iterations,
                "log-scale", log_scale, "font-scale", 1.35, NULL);
  ll_cost_plot_set_store (LL_COST_PLOT (plot), ll_training_session_get_store (session));
  gtk_window_set_child (GTK_WINDOW (window), plot);
  g_signal_connect (session, "finished", G_CALLBACK (on_finished), plot);
  gtk_window_present (GTK_WINDOW (window));
  if (!ll_training_session_start (session, 0, &error))
    g_error ("%s", error->message);
  if (pin_first)
    ll_run_set_pinned (ll_run_store_get_run (ll_training_session_get_store (session), 0), TRUE);

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
