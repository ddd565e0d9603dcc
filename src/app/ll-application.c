/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-application.c: starts the window on the last dataset (or the built-in
 * one), owns the settings, the app-wide actions and their shortcuts. */
#include "config.h"

#include <glib/gi18n.h>

#include "ll-app-resources.h"
#include "ll-application.h"
#include "ll-window-files.h"

struct _LlApplication
{
  GtkApplication parent_instance;

  GSettings *settings;
};

G_DEFINE_FINAL_TYPE (LlApplication, ll_application, GTK_TYPE_APPLICATION)

/* The installed schema (GSETTINGS_SCHEMA_DIR: the build tree's, set by the
 * tests and `meson devenv`; no build path is compiled in), else none. */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr (GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    {
      g_message ("The settings schema %s is not installed: settings will not be remembered", APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

GSettings *
ll_application_get_settings (LlApplication *self)
{
  g_return_val_if_fail (LL_IS_APPLICATION (self), NULL);

  return self->settings;
}

static LlWindow *
get_window (LlApplication *self,
            gboolean      *created)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  *created = window == NULL;
  if (window == NULL)
    window = GTK_WINDOW (ll_window_new (self, self->settings));
  return LL_WINDOW (window);
}

/* The remembered dataset (or the built-in one, when it has gone since). */
static void
open_last_dataset (LlApplication *self,
                   LlWindow      *window)
{
  g_autofree char *last = NULL;
  g_autofree char *classes = NULL;

  if (self->settings != NULL)
    {
      last = g_settings_get_string (self->settings, "last-dataset");
      classes = g_settings_get_string (self->settings, "classes");
    }
  if (last != NULL && *last != '\0' && !g_str_has_prefix (last, "builtin:")
      && !g_file_test (last, G_FILE_TEST_EXISTS))
    g_clear_pointer (&last, g_free);
  ll_window_open_dataset (window,
                          last != NULL && *last != '\0' ? last : NULL,
                          last != NULL && classes != NULL && *classes != '\0' ? classes : NULL);
}

static void
ll_application_activate (GApplication *application)
{
  LlApplication *self = LL_APPLICATION (application);
  gboolean created;
  LlWindow *window = get_window (self, &created);

  if (created)
    open_last_dataset (self, window);
  gtk_window_present (GTK_WINDOW (window));
}

/* `logistic-lab photo.jpg cats/`: a folder or a dataset file (by name or
 * content, ll_file_kind) is opened as the dataset (the last one wins),
 * weights are loaded, and anything else is an image to classify (all are
 * shown, each classified): a missing, empty or text file then says "Could not
 * open the image" and the dataset stays. Without a dataset argument a new
 * window opens the usual one. */
static void
ll_application_open (GApplication  *application,
                     GFile        **files,
                     int            n_files,
                     const char    *hint)
{
  LlApplication *self = LL_APPLICATION (application);
  gboolean created;
  LlWindow *window = get_window (self, &created);
  g_autofree char *dataset = NULL;
  g_autoptr (GPtrArray) images = g_ptr_array_new ();
  GFile *lesson = NULL;

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *path = g_file_get_path (files[i]);

      if (path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (files[i]);
          g_autofree char *message = g_strdup_printf (_("%s: only local files can be opened."), uri);

          ll_window_show_error (window, message);
        }
      else if (ll_file_kind (path) == LL_FILE_KIND_DATASET)
        {
          g_free (dataset);
          dataset = g_steal_pointer (&path);
        }
      else if (ll_file_kind (path) == LL_FILE_KIND_WEIGHTS)
        ll_window_open_weights (window, files[i]);
      else if (ll_file_kind (path) == LL_FILE_KIND_LESSON)
        lesson = files[i];
      else
        g_ptr_array_add (images, files[i]);
    }
  /* A lesson brings its own dataset. */
  if (lesson != NULL)
    ll_window_open_lesson (window, lesson);
  else if (dataset != NULL)
    ll_window_open_dataset (window, dataset, NULL);
  else if (created)
    open_last_dataset (self, window);
  /* Every image given is shown, each classified (issue 24). */
  ll_window_open_images (window, (GFile **) images->pdata, images->len);
  gtk_window_present (GTK_WINDOW (window));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GtkApplication *application = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (application);

  /* Destroying the windows cancels and joins any training first. */
  while (windows != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = gtk_application_get_windows (application);
    }
  g_application_quit (G_APPLICATION (application));
}

/* The About dialog: version, licence, website, and where the data and the
 * exercise come from. Built here rather than by gtk_show_about_dialog () so
 * the credit sections are added before it is shown. */
GtkWindow *
ll_application_show_about (LlApplication *self)
{
  static const char *developers[] = { "The Logistic Lab contributors", NULL };
  g_autofree char *fashion_mnist =
    g_strdup_printf ("%s https://github.com/zalandoresearch/fashion-mnist",
                     _("Fashion-MNIST by Zalando Research, © 2017 Zalando SE, MIT licence"));
  g_autofree char *exercise =
    g_strdup_printf ("%s https://www.coursera.org/learn/neural-networks-deep-learning",
                     _("The exercise “Logistic Regression with a Neural Network mindset” of the "
                       "course Neural Networks and Deep Learning (DeepLearning.AI)"));
  g_autofree char *digits =
    g_strdup_printf ("%s https://archive.ics.uci.edu/dataset/80/optical+recognition+of+handwritten+digits",
                     _("The 8×8 digits: UCI “Optical Recognition of Handwritten Digits” by E. Alpaydin and "
                       "C. Kaynak, CC BY 4.0, as scikit-learn ships them"));
  const char *dataset_credits[] = { fashion_mnist, digits, NULL };
  const char *exercise_credits[] = { exercise, NULL };
  GtkAboutDialog *dialog;

  g_return_val_if_fail (LL_IS_APPLICATION (self), NULL);

  dialog = g_object_new (GTK_TYPE_ABOUT_DIALOG,
                         "program-name", _("Logistic Lab"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Watch logistic regression learn, and see what the learning rate does"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", developers,
                         "copyright", "© 2026 The Logistic Lab contributors",
                         "website", "https://github.com/logisticlab/LogisticLab",
                         "website-label", _("Website"),
                         "modal", TRUE,
                         "hide-on-close", FALSE,
                         NULL);
  /* Translators: your names, one per line, shown in the About dialog */
  if (g_strcmp0 (_("translator-credits"), "translator-credits") != 0)
    gtk_about_dialog_set_translator_credits (dialog, _("translator-credits"));
  gtk_about_dialog_add_credit_section (dialog, _("Built-in datasets"), dataset_credits);
  gtk_about_dialog_add_credit_section (dialog, _("Based on"), exercise_credits);
  gtk_window_set_transient_for (GTK_WINDOW (dialog),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  ll_application_show_about (LL_APPLICATION (user_data));
}

/* app.open-dataset("PATH"): what `--dataset PATH` asks of the running
 * instance (the first one, or this one). */
static void
open_dataset_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  LlApplication *self = LL_APPLICATION (user_data);
  gboolean created;
  LlWindow *window = get_window (self, &created);

  ll_window_open_dataset (window, g_variant_get_string (parameter, NULL), NULL);
  gtk_window_present (GTK_WINDOW (window));
}

/* `--dataset PATH` (a folder, a file or builtin:NAME): the path made absolute
 * here, where it was typed, and sent to the instance that shows windows. */
static int
ll_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  const char *dataset = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;

  if (!g_variant_dict_lookup (options, "dataset", "&s", &dataset))
    return -1;
  path = g_str_has_prefix (dataset, "builtin:") ? g_strdup (dataset)
                                                : g_canonicalize_filename (dataset, NULL);
  if (!g_application_register (application, NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_action_group_activate_action (G_ACTION_GROUP (application), "open-dataset",
                                  g_variant_new_string (path));
  return 0;
}

static void
ll_application_startup (GApplication *application)
{
  LlApplication *self = LL_APPLICATION (application);
  static const GActionEntry app_actions[] = {
    { .name = "quit", .activate = quit_activated },
    { .name = "about", .activate = about_activated },
    { .name = "open-dataset", .activate = open_dataset_activated, .parameter_type = "s" },
  };
  static const struct {
    const char *action;
    const char *accels[4];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.about", { "F1", NULL } },
    { "win.open-dataset", { "<Control>o", NULL } },
    { "win.open-dataset-file", { "<Control><Shift>o", NULL } },
    { "win.reset", { "<Control>r", NULL } },
    { "win.export-weights", { "<Control>e", NULL } },
    { "win.export-plot", { "<Control><Shift>e", NULL } },
    { "win.save-lesson", { "<Control>s", NULL } },
    { "win.open-lesson", { "<Control><Shift>l", NULL } },
    { "win.open-image", { "<Control>i", NULL } },
    { "win.open-weights", { "<Control><Shift>w", NULL } },
    { "win.log-scale", { "<Control>l", NULL } },
    /* Projector mode: fullscreen, larger text, thicker lines (issue 21.6). */
    { "win.projector-mode", { "F11", NULL } },
    { "win.show-sidebar", { "F9", NULL } },
    { "win.focus-timeline", { "<Control>t", NULL } },
    { "win.pin-job", { "<Control>p", NULL } },
    /* GNOME's Alt+digit for the pages, in the switcher's order (issue 24). */
    { "win.show-page::cost", { "<Alt>1", NULL } },
    { "win.show-page::sweep", { "<Alt>2", NULL } },
    { "win.show-page::sharpness", { "<Alt>3", NULL } },
    { "win.show-page::images", { "<Alt>4", NULL } },
    { "win.show-page::confusion", { "<Alt>5", NULL } },
    { "win.show-page::weights", { "<Alt>6", NULL } },
    { "win.show-page::boundary", { "<Alt>7", NULL } },
    { "win.show-page::landscape", { "<Alt>8", NULL } },
    { "win.show-page::step", { "<Alt>9", NULL } },
    { "win.show-page::runs", { "<Alt>0", NULL } },
    /* The eleventh page: the key after 0 on the digit row. */
    { "win.show-page::classify", { "<Alt>minus", NULL } },
    { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
    { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
    { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
  };
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();

  G_APPLICATION_CLASS (ll_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  gtk_css_provider_load_from_resource (css, "/io/github/logisticlab/LogisticLab/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = create_settings ();
}

static void
ll_application_dispose (GObject *object)
{
  LlApplication *self = LL_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ll_application_parent_class)->dispose (object);
}

static void
ll_application_class_init (LlApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  /* Keeps the self-registering resources (style.css, help overlay) linked. */
  (void) ll_app_get_resource ();

  object_class->dispose = ll_application_dispose;
  application_class->startup = ll_application_startup;
  application_class->activate = ll_application_activate;
  application_class->open = ll_application_open;
  application_class->handle_local_options = ll_application_handle_local_options;
}

static void
ll_application_init (LlApplication *self)
{
  g_set_application_name (_("Logistic Lab"));
  g_application_add_main_option (G_APPLICATION (self), "dataset", 0, G_OPTION_FLAG_NONE,
                                 G_OPTION_ARG_STRING,
                                 _("Open the dataset at PATH (a folder, a file, or builtin:digits, "
                                   "builtin:exams, builtin:fashion)"),
                                 _("PATH"));
}

LlApplication *
ll_application_new (void)
{
  return g_object_new (LL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/io/github/logisticlab/LogisticLab",
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       NULL);
}
