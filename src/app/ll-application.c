/* Minimal placeholder so the executable links; the app issue replaces it. */
#include "config.h"

#include "ll-application.h"

struct _LlApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (LlApplication, ll_application, GTK_TYPE_APPLICATION)

static void
ll_application_activate (GApplication *app)
{
  GtkWidget *window = gtk_application_window_new (GTK_APPLICATION (app));

  gtk_window_set_title (GTK_WINDOW (window), "Logistic Lab");
  gtk_window_present (GTK_WINDOW (window));
}

static void
ll_application_class_init (LlApplicationClass *klass)
{
  G_APPLICATION_CLASS (klass)->activate = ll_application_activate;
}

static void
ll_application_init (LlApplication *self)
{
}

LlApplication *
ll_application_new (void)
{
  return g_object_new (LL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
