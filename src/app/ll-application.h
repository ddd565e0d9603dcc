/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-application.h: the GtkApplication: actions, shortcuts, settings, style. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_APPLICATION (ll_application_get_type ())
G_DECLARE_FINAL_TYPE (LlApplication, ll_application, LL, APPLICATION, GtkApplication)

LlApplication *ll_application_new          (void);

/* The app's settings, or NULL when the schema is neither installed nor in
 * the build tree (the app then runs on its defaults). */
GSettings     *ll_application_get_settings (LlApplication *self);
/* Shows the About dialog (app.about, F1): version, GPL-3.0-or-later licence, website,
 * credits for Fashion-MNIST and the course's exercise. Returns it. */
GtkWindow     *ll_application_show_about   (LlApplication *self);

G_END_DECLS
