/* SPDX-License-Identifier: GPL-3.0-or-later */
/* launch-probe.c: preloaded into `logistic-lab` by bench-launch (LD_PRELOAD),
 * it notes when the process's libraries were loaded, when the app's main
 * loop first ran, when the window's dataset was ready and when the first
 * frame after that was painted, writes the four monotonic times (µs) to the
 * fd in LL_LAUNCH_PROBE_FD and quits the app.
 *
 * `logistic-lab` is a launcher that execs logistic-lab-gui (src/main.c):
 * the probe stays preloaded across that exec and wakes only in the process
 * that has GTK, so "libraries loaded" counts both execs. It only uses GLib
 * and GObject signals by name, and takes the two GTK functions it needs
 * from the already loaded libgtk, so it links no GTK itself. */
#include <dlfcn.h>
#include <gio/gio.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

typedef struct {
  int fd;
  gint64 libraries_loaded;
  gint64 loop_running;
  gint64 dataset_ready;
  gpointer (*get_active_window) (gpointer application);
  gpointer (*get_frame_clock) (gpointer widget);
  GObject *window;
} Probe;

static Probe probe;

static void
report_and_quit (gint64 frame_painted)
{
  char line[160];
  int length = g_snprintf (line, sizeof line, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %"
                           G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n", probe.libraries_loaded,
                           probe.loop_running, probe.dataset_ready, frame_painted);

  if (write (probe.fd, line, (size_t) length) != length)
    g_printerr ("launch-probe: cannot report\n");
  g_application_quit (g_application_get_default ());
}

static void
on_after_paint (GObject  *clock,
                gpointer  user_data)
{
  static gboolean reported;

  if (!reported)
    {
      reported = TRUE;
      report_and_quit (g_get_monotonic_time ());
    }
}

static gboolean
watch_frames (gpointer user_data)
{
  GObject *clock = probe.get_frame_clock (probe.window);

  if (clock == NULL)
    return G_SOURCE_CONTINUE;  /* not realized yet */
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), NULL);
  return G_SOURCE_REMOVE;
}

static void
on_loading (GObject    *window,
            GParamSpec *pspec,
            gpointer    user_data)
{
  gboolean loading;

  g_object_get (window, "loading", &loading, NULL);
  if (loading || probe.dataset_ready != 0)
    return;
  probe.dataset_ready = g_get_monotonic_time ();
  if (watch_frames (NULL) == G_SOURCE_CONTINUE)
    g_timeout_add (1, watch_frames, NULL);
}

static gboolean
find_window (gpointer user_data)
{
  GApplication *application = g_application_get_default ();
  void *gtk;

  if (probe.loop_running == 0)
    probe.loop_running = g_get_monotonic_time ();
  if (application == NULL)
    return G_SOURCE_CONTINUE;
  gtk = dlopen ("libgtk-4.so.1", RTLD_LAZY | RTLD_NOLOAD);
  if (gtk == NULL)
    {
      g_printerr ("launch-probe: GTK is not loaded\n");
      _exit (1);
    }
  probe.get_active_window = dlsym (gtk, "gtk_application_get_active_window");
  probe.get_frame_clock = dlsym (gtk, "gtk_widget_get_frame_clock");
  probe.window = probe.get_active_window (application);
  if (probe.window == NULL)
    return G_SOURCE_CONTINUE;
  g_signal_connect (probe.window, "notify::loading", G_CALLBACK (on_loading), NULL);
  on_loading (probe.window, NULL, NULL);
  return G_SOURCE_REMOVE;
}

__attribute__ ((constructor)) static void
probe_init (void)
{
  const char *fd = g_getenv ("LL_LAUNCH_PROBE_FD");

  if (fd == NULL)
    return;
  /* The launcher: wait for the window's program, which it execs. */
  if (dlopen ("libgtk-4.so.1", RTLD_LAZY | RTLD_NOLOAD) == NULL)
    return;
  probe.libraries_loaded = g_get_monotonic_time ();
  probe.fd = atoi (fd);
  /* Not inherited by the children the app may spawn. */
  g_unsetenv ("LD_PRELOAD");
  g_unsetenv ("LL_LAUNCH_PROBE_FD");
  g_timeout_add (1, find_window, NULL);
}
