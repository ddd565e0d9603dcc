/* SPDX-License-Identifier: GPL-3.0-or-later */
/* show-landscape-view.c: the landscape view in a window, for screenshots
 * (not a test): trains 0.5, 0.1, 0.01 (or --rates) on DATASET (default:
 * synthetic blobs) into a run store, then shows the view on it. */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>

#include "app/ll-landscape-view.h"
#include "core/data/dataset.h"
#include "core/train/trainer.h"
#include "fixtures-blobs.h"

typedef struct {
  GPtrArray *runs;
  gsize n_features;
} Recorder;

static gboolean
record (const LlProgress *progress, guint n_runs, gpointer user_data)
{
  Recorder *recorder = user_data;

  for (guint j = 0; j < n_runs; j++)
    {
      const LlProgress *p = &progress[j];
      LlRunPoint point = { p->iteration, p->cost, p->train_accuracy, p->test_accuracy, FALSE, 0 };
      g_autoptr(LlRunModel) model = ll_run_model_new (p->iteration, p->w, recorder->n_features,
                                                      p->b, NULL, 0, NULL, 0);

      ll_run_append_point (g_ptr_array_index (recorder->runs, j), &point, model);
    }
  return TRUE;
}

int
main (int argc, char **argv)
{
  g_autofree char *size = NULL;
  g_autofree char *rates_text = NULL;
  int iterations = 2000;
  GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_STRING, &size, "window size", "WxH" },
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations, "iterations per rate", "N" },
    { "rates", 0, 0, G_OPTION_ARG_STRING, &rates_text, "learning rates", "R,R,…" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("[DATASET]");
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) models = NULL;
  g_autoptr(GArray) rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_auto(GStrv) words = NULL;
  LlSharedDataset *dataset;
  LlRunStore *store;
  LlTrainData data;
  Recorder recorder;
  GtkWidget *window, *view;
  int width = 1280, height = 800;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    g_error ("bad size %s", size);
  words = g_strsplit (rates_text != NULL ? rates_text : "0.5,0.1,0.01", ",", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      double rate = g_ascii_strtod (words[i], NULL);

      g_array_append_val (rates, rate);
    }
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

  data = ll_train_data_from_pixels (ll_shared_dataset_get (dataset));
  for (guint j = 0; j < rates->len; j++)
    g_ptr_array_add (runs, ll_run_new (g_array_index (rates, double, j), (guint) iterations,
                                       MAX ((guint) iterations / 50, 1)));
  recorder = (Recorder) { runs, data.n_features };
  {
    const LlTrainParams params = {
      .learning_rates = (const double *) rates->data, .n_rates = rates->len,
      .iterations = (guint) iterations, .record_every = MAX ((guint) iterations / 50, 1),
      .want_snapshots = TRUE,
    };

    models = ll_train (&data, &params, record, &recorder, &error);
    if (models == NULL)
      g_error ("%s", error->message);
  }
  store = ll_run_store_new ();
  ll_run_store_replace (store, dataset, runs);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  view = ll_landscape_view_new ();
  gtk_window_set_child (GTK_WINDOW (window), view);
  ll_landscape_view_set_store (LL_LANDSCAPE_VIEW (view), store);
  gtk_window_present (GTK_WINDOW (window));
  g_print ("ready\n");

  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
