/* SPDX-License-Identifier: GPL-3.0-or-later */
/* app-fixture.h: what the window tests share: waiting for a load or a flag,
 * a window on a built-in table, and a job trained to its end. */
#pragma once

#include <gtk/gtk.h>

#include "app/ll-window.h"

G_BEGIN_DECLS

/* Conditions for ll_test_wait_for: the window (DATA) has no load pending;
 * the gboolean at DATA is set. */
gboolean  ll_test_window_loaded     (gpointer data);
gboolean  ll_test_flag_set          (gpointer data);

/* A signal handler that sets the gboolean at FLAG (connect it with
 * G_CALLBACK and the flag as data: it ignores the signal's arguments). */
void      ll_test_set_flag          (GObject  *object,
                                     gboolean *flag);

/* The first widget of TYPE in WIDGET's tree (WIDGET itself included, depth
 * first), or NULL. */
GtkWidget *ll_test_find_widget      (GtkWidget *widget,
                                     GType      type);

/* A "notify" handler that counts the notifications in the guint at COUNT. */
void      ll_test_count_notify      (GObject    *object,
                                     GParamSpec *pspec,
                                     guint      *count);

/* A presented window on DATASET (a path, or NULL for the built-in
 * dataset), loaded; asserts that it loaded without an error. */
LlWindow *ll_test_open_window       (const char *dataset);

/* A presented window on the built-in table NAME ("builtin:digits"), opened
 * as the menu's item does; asserts that it loaded without an error. */
LlWindow *ll_test_window_on_builtin (const char *name);

/* Trains the window's job as fast as it goes, ITERATIONS long and recorded
 * every RECORD_EVERY, and returns when the session says "finished". */
void      ll_test_train_to_end      (LlWindow *window,
                                     guint     iterations,
                                     guint     record_every);

G_END_DECLS
