#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LL_TYPE_APPLICATION (ll_application_get_type ())
G_DECLARE_FINAL_TYPE (LlApplication, ll_application, LL, APPLICATION, GtkApplication)

LlApplication *ll_application_new (void);

G_END_DECLS
