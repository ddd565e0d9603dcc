/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-progress.c: see cli-progress.h. */
#include "config.h"

#include "cli-progress.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define TICK_US (G_USEC_PER_SEC / 4)

struct _LlCliProgress
{
  LlCliProgressUnit unit;
  guint64 total;
  gint64 started;       /* monotonic, µs */
  gint flag;            /* raised by the ticker, lowered by update */
  gboolean shown;       /* a line is on the terminal, to be cleared */
  GMutex mutex;
  GCond cond;
  gboolean stopping;
  GThread *ticker;
};

static gpointer
tick (gpointer data)
{
  LlCliProgress *progress = data;

  g_mutex_lock (&progress->mutex);
  while (!progress->stopping)
    {
      g_atomic_int_set (&progress->flag, 1);
      g_cond_wait_until (&progress->cond, &progress->mutex, g_get_monotonic_time () + TICK_US);
    }
  g_mutex_unlock (&progress->mutex);
  return NULL;
}

LlCliProgress *
ll_cli_progress_start (LlCliProgressUnit unit, guint64 total, gboolean quiet)
{
  LlCliProgress *progress;

  if (quiet || !isatty (STDERR_FILENO))
    return NULL;
  progress = g_new0 (LlCliProgress, 1);
  progress->unit = unit;
  progress->total = total;
  progress->started = g_get_monotonic_time ();
  progress->flag = 1;  /* the first line at once: the work's start shows */
  g_mutex_init (&progress->mutex);
  g_cond_init (&progress->cond);
  progress->ticker = g_thread_new ("progress", tick, progress);
  return progress;
}

const gint *
ll_cli_progress_flag (LlCliProgress *progress)
{
  return &progress->flag;
}

/* "1:05" or "2:01:05". */
static char *
format_duration (double seconds)
{
  guint64 whole = seconds > 0 && seconds < 1e9 ? (guint64) (seconds + 0.5) : 0;

  if (whole >= 3600)
    return g_strdup_printf ("%" G_GUINT64_FORMAT ":%02u:%02u", whole / 3600,
                            (guint) (whole / 60 % 60), (guint) (whole % 60));
  return g_strdup_printf ("%u:%02u", (guint) (whole / 60), (guint) (whole % 60));
}

char *
ll_cli_progress_format (LlCliProgressUnit unit, guint64 done, guint64 total, double elapsed)
{
  GString *line = g_string_new (NULL);
  g_autofree char *elapsed_text = format_duration (elapsed);
  guint percent = total > 0 ? (guint) (MIN (done, total) * 100 / total) : 0;

  g_autofree char *done_text = g_strdup_printf ("%" G_GUINT64_FORMAT, done);
  g_autofree char *total_text = g_strdup_printf ("%" G_GUINT64_FORMAT, total);

  if (unit == LL_CLI_PROGRESS_LEARNING_RATES)
    /* Translators: the progress line of `sweep` on a terminal: learning
     * rates trained, of how many, and the percentage ("%%" is a per cent sign) */
    g_string_append_printf (line, _("learning rate %s of %s (%u %%)"), done_text, total_text, percent);
  else
    /* Translators: the progress line of `train` on a terminal: iterations
     * done, of how many, and the percentage ("%%" is a per cent sign) */
    g_string_append_printf (line, _("iteration %s of %s (%u %%)"), done_text, total_text, percent);
  if (done > 0 && elapsed > 0)
    {
      double rate = done / elapsed;
      char rate_text[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *left = format_duration ((total - MIN (done, total)) / rate);

      g_ascii_formatd (rate_text, sizeof rate_text, rate >= 100 ? "%.0f" : "%.3g", rate);
      g_string_append (line, " · ");
      /* Translators: iterations per second */
      g_string_append_printf (line, _("%s/s"), rate_text);
      g_string_append (line, " · ");
      g_string_append_printf (line, _("%s elapsed"), elapsed_text);
      g_string_append (line, " · ");
      /* Translators: the estimated time left, "about 0:12 left" */
      g_string_append_printf (line, _("about %s left"), left);
    }
  else
    {
      g_string_append (line, " · ");
      g_string_append_printf (line, _("%s elapsed"), elapsed_text);
    }
  return g_string_free (line, FALSE);
}

/* The terminal's width in columns, 80 when it does not say. */
static guint
terminal_columns (void)
{
  struct winsize size;

  if (ioctl (STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
    return size.ws_col;
  return 80;
}

void
ll_cli_progress_update (LlCliProgress *progress, guint64 done)
{
  double elapsed = (g_get_monotonic_time () - progress->started) / (double) G_USEC_PER_SEC;
  g_autofree char *line = ll_cli_progress_format (progress->unit, done, progress->total, elapsed);
  glong columns = terminal_columns ();

  g_atomic_int_set (&progress->flag, 0);
  /* One column short of the width: a full line would wrap, and "\r" then
   * goes back to the start of the wrong row. */
  if (g_utf8_strlen (line, -1) > columns - 1)
    *g_utf8_offset_to_pointer (line, MAX (columns - 1, 0)) = '\0';
  fprintf (stderr, "\r%s\033[K", line);
  fflush (stderr);
  progress->shown = TRUE;
}

void
ll_cli_progress_finish (LlCliProgress *progress)
{
  if (progress == NULL)
    return;
  g_mutex_lock (&progress->mutex);
  progress->stopping = TRUE;
  g_cond_signal (&progress->cond);
  g_mutex_unlock (&progress->mutex);
  g_thread_join (progress->ticker);
  if (progress->shown)
    {
      fputs ("\r\033[K", stderr);
      fflush (stderr);
    }
  g_mutex_clear (&progress->mutex);
  g_cond_clear (&progress->cond);
  g_free (progress);
}
