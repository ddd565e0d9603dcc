/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-window-lab.c: the learning-rate lab's pages in the window (issue 17):
 * the sweep page gets the session's dataset, the job's rates and
 * iterations, the text zoom; a rate chosen on it joins the job; its
 * figures' exports report in the banner. The store's 2/L is shown under the
 * rates and in the notes. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ll-rate-list.h"
#include "ll-sweep-view.h"
#include "ll-window-private.h"

static void
on_store_dataset (LlRunStore *store,
                  GParamSpec *pspec,
                  LlWindow   *self)
{
  ll_sweep_view_set_dataset (LL_SWEEP_VIEW (self->sweep_view), ll_run_store_get_dataset (store));
}

/* 2/L of the store's dataset: under the rates, and in the notes. */
static void
on_critical_rate (LlRunStore *store,
                  GParamSpec *pspec,
                  LlWindow   *self)
{
  double critical = ll_run_store_get_critical_rate (store);
  char value[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *text = NULL;

  ll_cost_watch_set_critical_rate (self->cost_watch, critical);
  gtk_widget_set_visible (self->critical_label, isfinite (critical));
  if (!isfinite (critical))
    return;
  g_ascii_formatd (value, sizeof value, "%.2g", critical);
  text = g_strdup_printf (_("Largest stable rate at the start: %s"), value);
  gtk_label_set_text (GTK_LABEL (self->critical_label), text);
}

static gboolean
has_rate (const double *rates,
          guint         n_rates,
          double        rate)
{
  for (guint i = 0; i < n_rates; i++)
    if (rates[i] == rate)
      return TRUE;
  return FALSE;
}

/* A point of the sweep clicked: its rate joins the job, unless the job has
 * it or has as many rates as the sidebar can show. */
static void
on_rate_chosen (LlSweepView *view,
                double       rate,
                LlWindow    *self)
{
  LlRunConfig *config = ll_training_session_get_config (self->session);
  guint n_rates = 0;
  const double *rates = ll_run_config_get_learning_rates (config, &n_rates);
  char text[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *message = NULL;
  g_autoptr (GArray) more = NULL;

  /* Three digits, as the figure's readout shows it: a log-spaced rate's
   * full digits (0.00316227766) would only clutter the sidebar. */
  g_ascii_formatd (text, sizeof text, "%.3g", rate);
  rate = g_ascii_strtod (text, NULL);
  if (has_rate (rates, n_rates, rate))
    {
      message = g_strdup_printf (_("The job already trains learning rate %s."), text);
      ll_window_show_info (self, message);
      return;
    }
  if (n_rates >= LL_RATE_LIST_MAX_RATES)
    {
      message = g_strdup_printf (_("The job has %d learning rates already, the most it can show: remove one to add %s."),
                                 LL_RATE_LIST_MAX_RATES, text);
      ll_window_show_error (self, message);
      return;
    }
  more = g_array_sized_new (FALSE, FALSE, sizeof (double), n_rates + 1);
  g_array_append_vals (more, rates, n_rates);
  g_array_append_val (more, rate);
  ll_run_config_set_learning_rates (config, (const double *) more->data, more->len);
  message = g_strdup_printf (_("Added learning rate %s to the job: Train to see it."), text);
  ll_window_show_info (self, message);
}

static void
on_export_done (LlFigureView *view,
                const char   *path,
                const GError *error,
                LlWindow     *self)
{
  g_autofree char *message = NULL;

  if (error != NULL)
    {
      message = g_strdup_printf (_("Could not export the plot to %s: %s"), path, error->message);
      ll_window_show_error (self, message);
      return;
    }
  message = g_strdup_printf (_("Saved the figure to %s"), path);
  ll_window_show_info (self, message);
}

void
ll_window_connect_lab (LlWindow *self)
{
  LlSweepView *sweep = LL_SWEEP_VIEW (self->sweep_view);
  LlRunStore *store = ll_training_session_get_store (self->session);
  LlRunConfig *config = ll_training_session_get_config (self->session);

  g_signal_connect_object (store, "notify::dataset", G_CALLBACK (on_store_dataset), self, 0);
  on_store_dataset (store, NULL, self);
  g_signal_connect_object (store, "notify::critical-rate", G_CALLBACK (on_critical_rate), self, 0);
  on_critical_rate (store, NULL, self);
  g_object_bind_property (config, "learning-rates", sweep, "job-rates", G_BINDING_SYNC_CREATE);
  g_object_bind_property (config, "iterations", sweep, "iterations", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (sweep, "rate-chosen", G_CALLBACK (on_rate_chosen), self, 0);
  g_signal_connect_object (ll_sweep_view_get_cost_view (sweep), "export-done",
                           G_CALLBACK (on_export_done), self, 0);
  g_signal_connect_object (ll_sweep_view_get_accuracy_view (sweep), "export-done",
                           G_CALLBACK (on_export_done), self, 0);
}
