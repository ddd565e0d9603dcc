/* SPDX-License-Identifier: GPL-3.0-or-later */
/* show-sharpness-view.c: the sharpness view in a window, for screenshots
 * (not a test): a training session trains 0.5, 0.1, 0.01 x 2000 (record
 * every 100) on DATASET (default: synthetic blobs) and the view follows its
 * store; prints "ready" when the job is finished. --moment N sets the
 * timeline's moment then. */
#include "config.h"

#include <gtk/gtk.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/ll-sharpness-view.h"
#include "core/data/dataset.h"
#include "fixtures-blobs.h"
#include "session/ll-training-session.h"

static int moment = -1;

static void
on_finished (LlTrainingSession *session)
{
  if (moment >= 0)
    ll_run_store_set_moment (ll_training_session_get_store (session), moment);
  printf ("ready\n");
  fflush (stdout);
}

int
main (int argc, char **argv)
{
  const double rates[] = { 0.5, 0.1, 0.01 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LlSharedDataset) shared = NULL;
  g_autoptr(LlTrainingSession) session = NULL;
  LlRunConfig *config;
  LlDataset *dataset;
  GtkWidget *window;

  gtk_init ();
  if (argc > 2 && g_str_equal (argv[1], "--moment"))
    {
      moment = atoi (argv[2]);
      argv += 2;
      argc -= 2;
    }
  dataset = argc > 1 ? ll_dataset_load (argv[1], 0, 0, &error) : ll_test_blobs_dataset (200, 50, 6, 7);
  if (dataset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  shared = ll_shared_dataset_new (dataset);
  session = ll_training_session_new (NULL);
  config = ll_training_session_get_config (session);
  ll_run_config_set_learning_rates (config, rates, G_N_ELEMENTS (rates));
  ll_run_config_set_iterations (config, 2000);
  ll_run_config_set_record_every (config, 100);
  ll_training_session_set_dataset (session, shared);
  ll_training_session_set_speed (session, 1.0);
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (window), g_object_new (LL_TYPE_SHARPNESS_VIEW, "store",
                                                           ll_training_session_get_store (session), NULL));
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (session, "finished", G_CALLBACK (on_finished), NULL);
  if (!ll_training_session_start (session, 0, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  while (g_list_model_get_n_items (gtk_window_get_toplevels ()) > 0)
    g_main_context_iteration (NULL, TRUE);
  return 0;
}
