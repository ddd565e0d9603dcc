/* SPDX-License-Identifier: GPL-3.0-or-later */
/* show-sweep-view.c: the sweep view in a window, for screenshots (not a
 * test): sweeps DATASET (default: synthetic blobs) with the job rates 0.5,
 * 0.1, 0.01, puts the readout on the best rate, prints "ready" and stays
 * open until killed.
 *
 *   show-sweep-view [--size WxH] [--font-scale S] [--iterations N] [--export PATH] [--dark] [DATASET] */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>

#include "app/ll-sweep-view.h"
#include "fixtures-blobs.h"

static char *export_path;

static void
on_finished (LlSweepJob *job, const GError *error, LlSweepView *view)
{
  LlFigureView *cost = ll_sweep_view_get_cost_view (view);
  guint n_results, best = 0;
  const LlSweepResult *results = ll_sweep_job_get_results (job, &n_results);

  for (guint i = 0; i < n_results; i++)
    if (!results[i].diverged && (results[best].diverged || results[i].cost < results[best].cost))
      best = i;
  if (n_results > 0)
    ll_figure_view_set_cursor_point (cost, LL_SWEEP_COST_LINE, best);
  if (export_path != NULL)
    {
      g_autoptr(GError) export_error = NULL;
      gint64 start = g_get_monotonic_time ();
      double on_ui_thread;

      ll_figure_view_export_async (cost, export_path, 1920, 1080, NULL, NULL, NULL);
      on_ui_thread = (g_get_monotonic_time () - start) / 1000.0;
      start = g_get_monotonic_time ();
      if (!ll_figure_view_export (cost, export_path, 1920, 1080, &export_error))
        g_printerr ("%s\n", export_error->message);
      g_print ("export 1920x1080: %.1f ms on the UI thread (async), %.1f ms in all (sync)\n",
               on_ui_thread, (g_get_monotonic_time () - start) / 1000.0);
    }
  g_print ("ready: %s\n", error != NULL ? error->message : "done");
}

int
main (int argc, char **argv)
{
  g_autofree char *size = NULL;
  double font_scale = 1.35;
  int iterations = 2000;
  gboolean dark = FALSE;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "window size", "WxH" },
    { "font-scale", 0, 0, G_OPTION_ARG_DOUBLE, &font_scale, "figure text", "S" },
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations, "iterations per rate", "N" },
    { "export", 0, 0, G_OPTION_ARG_FILENAME, &export_path, "save the cost figure here when done", "PATH" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, "dark theme", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[DATASET]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  const double job_rates[] = { 0.5, 0.1, 0.01 };
  LlSharedDataset *dataset;
  GtkWidget *window, *view;
  int width = 1280, height = 800;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    g_error ("bad size %s", size);
  gtk_init ();
  g_object_set (gtk_settings_get_default (), "gtk-application-prefer-dark-theme", dark, NULL);

  if (argc > 1)
    {
      LlDataset *loaded = ll_dataset_load (argv[1], 0, 0, &error);

      if (loaded == NULL)
        g_error ("%s", error->message);
      dataset = ll_shared_dataset_new (loaded);
    }
  else
    dataset = ll_shared_dataset_new (ll_test_blobs_dataset (120, 40, 6, 7));

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  view = ll_sweep_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  ll_sweep_view_set_font_scale (LL_SWEEP_VIEW (view), font_scale);
  ll_sweep_view_set_iterations (LL_SWEEP_VIEW (view), (guint) iterations);
  ll_sweep_view_set_job_rates (LL_SWEEP_VIEW (view), job_rates, G_N_ELEMENTS (job_rates));
  ll_sweep_view_set_dataset (LL_SWEEP_VIEW (view), dataset);
  ll_shared_dataset_unref (dataset);
  g_signal_connect (ll_sweep_view_get_job (LL_SWEEP_VIEW (view)), "finished", G_CALLBACK (on_finished), view);
  gtk_window_present (GTK_WINDOW (window));
  ll_sweep_view_start (LL_SWEEP_VIEW (view));

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
