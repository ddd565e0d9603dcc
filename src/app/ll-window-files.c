/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-window-files.c: see ll-window-files.h. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/io/model-io.h"
#include "ll-window-files.h"

#include "core/io/lesson.h"
#include "core/io/output-file.h"
#include "session/ll-run-csv.h"
#include "ll-handout.h"
#include "ll-landscape-view.h"
#include "ll-runs-view.h"
#include "ll-sweep-view.h"
#include "ll-two-feature-view.h"
#include "ll-window-private.h"

/* Dialogs ------------------------------------------------------------------- */

GFile *
ll_window_files_get_save_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (documents);
  return g_file_new_for_path (g_get_home_dir ());
}

static GtkFileChooser *
new_dialog (LlWindow             *self,
            const char           *title,
            GtkFileChooserAction  action,
            const char           *accept_label)
{
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new (title, GTK_WINDOW (self), action, accept_label, _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* Saving starts in the user's documents, not the program's working
   * folder (issue 24.9). */
  if (action == GTK_FILE_CHOOSER_ACTION_SAVE)
    {
      g_autoptr (GFile) folder = ll_window_files_get_save_folder ();

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog), folder, NULL);
    }
  return GTK_FILE_CHOOSER (dialog);
}

/* Shows DIALOG; RESPONSE gets the chosen file on "accept" only, and is not
 * called once the window is gone (closed while the dialog was up). */
typedef void (*FileResponse) (LlWindow *self, GtkFileChooser *dialog, GFile *file);

static void
on_response (GtkNativeDialog *dialog,
             int              response,
             LlWindow        *self)
{
  FileResponse callback = g_object_get_data (G_OBJECT (dialog), "ll-response");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        callback (self, GTK_FILE_CHOOSER (dialog), file);
    }
  g_object_unref (dialog);
}

static void
show_dialog (LlWindow       *self,
             GtkFileChooser *dialog,
             FileResponse    callback)
{
  g_object_set_data (G_OBJECT (dialog), "ll-response", callback);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
add_filter (GtkFileChooser     *dialog,
            const char         *name,
            const char * const *patterns)
{
  g_autoptr (GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  for (guint i = 0; patterns[i] != NULL; i++)
    gtk_file_filter_add_pattern (filter, patterns[i]);
  gtk_file_chooser_add_filter (dialog, filter);
}

static void
add_all_files_filter (GtkFileChooser *dialog)
{
  static const char * const all[] = { "*", NULL };

  add_filter (dialog, _("All files"), all);
}

/* A local path, or NULL with WHAT in the banner. */
static char *
local_path (LlWindow   *self,
            GFile      *file,
            const char *what)
{
  char *path = g_file_get_path (file);

  if (path == NULL)
    ll_window_show_error (self, what);
  return path;
}

/* Datasets ------------------------------------------------------------------ */

static void
on_dataset_chosen (LlWindow       *self,
                   GtkFileChooser *dialog,
                   GFile          *file)
{
  g_autofree char *path = local_path (self, file, _("Only local files can be opened as datasets."));

  /* The course's .h5 files come in a pair: open the folder holding them. */
  if (path != NULL && g_str_has_suffix (path, ".h5"))
    {
      char *folder = g_path_get_dirname (path);

      g_free (path);
      path = folder;
    }
  if (path != NULL)
    ll_window_open_dataset (self, path, NULL);
}

void
ll_window_files_open_dataset_dialog (LlWindow *self,
                                     gboolean  folder)
{
  static const char * const datasets[] = { "*.h5", "*-ubyte", "*-ubyte.gz", "*.idx*", "*.gz",
                                           "*.csv", "*.tsv", "*.CSV", "*.TSV", NULL };
  GtkFileChooser *dialog;

  dialog = new_dialog (self, folder ? _("Open Dataset Folder") : _("Open Dataset File"),
                       folder ? GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER : GTK_FILE_CHOOSER_ACTION_OPEN,
                       _("_Open"));
  if (!folder)
    {
      add_filter (dialog, _("Datasets (.h5, IDX, CSV, TSV, .gz)"), datasets);
      add_all_files_filter (dialog);
    }
  show_dialog (self, dialog, on_dataset_chosen);
}

/* Images to classify ---------------------------------------------------------- */

static const char * const image_patterns[] = {
  "*.png", "*.PNG", "*.jpg", "*.JPG", "*.jpeg", "*.JPEG", "*.bmp", "*.BMP", NULL
};

/* The first bytes of PATH into HEAD (zeroed first); only a regular file is
 * read (a FIFO would block). The length read, 0 when nothing was. */
static gsize
read_head (const char *path,
           guint8     *head,
           gsize       size)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = NULL;
  gsize n_read = 0;

  memset (head, 0, size);
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return 0;
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL ||
      !g_input_stream_read_all (G_INPUT_STREAM (stream), head, size, &n_read, NULL, NULL))
    return 0;
  return n_read;
}

typedef struct {
  const char *bytes;
  gsize length;
} Magic;

static gboolean
starts_with_any (const guint8 *head,
                 gsize         n_head,
                 const Magic  *magics,
                 gsize         n_magics)
{
  for (gsize i = 0; i < n_magics; i++)
    if (n_head >= magics[i].length && memcmp (head, magics[i].bytes, magics[i].length) == 0)
      return TRUE;
  return FALSE;
}

gboolean
ll_file_looks_like_image (const char *path)
{
  static const Magic images[] = {
    { "\x89PNG\r\n\x1a\n", 8 }, { "\xff\xd8\xff", 3 }, { "BM", 2 },
  };
  guint8 head[8];
  gsize n_head = read_head (path, head, sizeof head);

  return starts_with_any (head, n_head, images, G_N_ELEMENTS (images));
}

LlFileKind
ll_file_kind (const char *path)
{
  static const char * const dataset_suffixes[] = { ".h5", ".hdf5", "-ubyte", "-ubyte.gz", ".gz", ".csv", ".tsv" };
  static const Magic datasets[] = {
    { "\x89HDF\r\n\x1a\n", 8 },
    { "\x1f\x8b", 2 },            /* gzip: an IDX .gz */
    { "\0\0\x08\x03", 4 },       /* IDX images, uint8 */
    { "\0\0\x08\x01", 4 },       /* IDX labels, uint8 */
  };
  static const Magic weights[] = { { "PK\x03\x04", 4 }, { "\x93NUMPY", 6 } };
  g_autofree char *lower = g_ascii_strdown (path, -1);
  guint8 head[8];
  gsize n_head;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    return LL_FILE_KIND_DATASET;
  if (g_str_has_suffix (lower, ".lllesson"))
    return LL_FILE_KIND_LESSON;
  /* The name first: an empty or damaged weights.npz is still meant as weights. */
  if (g_str_has_suffix (lower, ".npz") || g_str_has_suffix (lower, ".npy"))
    return LL_FILE_KIND_WEIGHTS;
  for (guint i = 0; i < G_N_ELEMENTS (dataset_suffixes); i++)
    if (g_str_has_suffix (lower, dataset_suffixes[i]))
      return LL_FILE_KIND_DATASET;
  n_head = read_head (path, head, sizeof head);
  if (starts_with_any (head, n_head, datasets, G_N_ELEMENTS (datasets)))
    return LL_FILE_KIND_DATASET;
  if (starts_with_any (head, n_head, weights, G_N_ELEMENTS (weights)))
    return LL_FILE_KIND_WEIGHTS;
  /* Anything else is tried as an image: the decoder says what it is not. */
  return LL_FILE_KIND_IMAGE;
}

void
ll_window_open_image (LlWindow *self,
                      GFile    *file)
{
  g_return_if_fail (LL_IS_WINDOW (self));

  /* The window shows the "classify" page when the image arrives; a
   * failure reaches the banner through the view's "load-failed". */
  ll_classify_view_load_file_async (ll_window_get_classify_view (self), file, NULL, NULL, NULL);
}

void
ll_window_open_images (LlWindow *self,
                       GFile   **files,
                       guint     n_files)
{
  g_return_if_fail (LL_IS_WINDOW (self));

  if (n_files > 0)
    ll_classify_view_load_files_async (ll_window_get_classify_view (self), files, n_files, NULL, NULL, NULL);
}

static void
on_image_chosen (LlWindow       *self,
                 GtkFileChooser *dialog,
                 GFile          *file)
{
  ll_window_open_image (self, file);
}

void
ll_window_files_open_image_dialog (LlWindow *self)
{
  GtkFileChooser *dialog = new_dialog (self, _("Open an Image to Classify"),
                                       GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));

  add_filter (dialog, _("Images (PNG, JPEG, BMP)"), image_patterns);
  add_all_files_filter (dialog);
  show_dialog (self, dialog, on_image_chosen);
}

/* Drops ------------------------------------------------------------------------- */

void
ll_window_open_file (LlWindow *self,
                     GFile    *file)
{
  g_autofree char *path = g_file_get_path (file);

  g_return_if_fail (LL_IS_WINDOW (self));

  switch (path != NULL ? ll_file_kind (path) : LL_FILE_KIND_IMAGE)
    {
    case LL_FILE_KIND_DATASET:
      ll_window_open_dataset (self, path, NULL);
      break;
    case LL_FILE_KIND_WEIGHTS:
      ll_window_open_weights (self, file);
      break;
    case LL_FILE_KIND_LESSON:
      ll_window_open_lesson (self, file);
      break;
    case LL_FILE_KIND_IMAGE:
    default:
      /* A remote file, too: the classify view names it in its error. */
      ll_window_open_image (self, file);
      break;
    }
}

static gboolean
on_files_dropped (LlWindow      *self,
                  const GValue  *value,
                  double         x,
                  double         y,
                  GtkDropTarget *target)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      g_autoptr (GPtrArray) images = g_ptr_array_new ();

      /* Several images are shown together; any other file opens by its kind. */
      for (GSList *l = files; l != NULL; l = l->next)
        {
          g_autofree char *path = g_file_get_path (l->data);

          if (path == NULL || ll_file_kind (path) == LL_FILE_KIND_IMAGE)
            g_ptr_array_add (images, l->data);
          else
            ll_window_open_file (self, l->data);
        }
      ll_window_open_images (self, (GFile **) images->pdata, images->len);
      g_slist_free (files);
      return TRUE;
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  if (file == NULL)
    return FALSE;
  ll_window_open_file (self, file);
  return TRUE;
}

void
ll_window_files_attach_drop_targets (LlWindow *self)
{
  GType file_types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };
  GtkDropTarget *files = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);

  gtk_drop_target_set_gtypes (files, file_types, G_N_ELEMENTS (file_types));
  g_signal_connect_object (files, "drop", G_CALLBACK (on_files_dropped), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (files));
  /* A picture dragged out of another app (no file) is classified at once
   * by the classify view's own target. */
  ll_classify_view_attach_drop_target (ll_window_get_classify_view (self), GTK_WIDGET (self));
}

/* Open weights ------------------------------------------------------------------ */

static void
on_import_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LlWindow *self = LL_WINDOW (object);
  g_autoptr (GError) error = NULL;
  LlWeightsImport *import = ll_weights_import_finish (result, &error);

  if (error != NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  ll_window_set_importing (self, FALSE);
  if (import == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not open the weights: %s"), error->message);

      ll_window_show_error (self, message);
      return;
    }
  ll_window_show_import (self, import);
}

void
ll_window_open_weights (LlWindow *self,
                        GFile    *file)
{
  LlSharedDataset *dataset;
  g_autofree char *path = NULL;

  g_return_if_fail (LL_IS_WINDOW (self));

  dataset = ll_window_get_binary_dataset (self);
  if (dataset == NULL || ll_window_get_loading (self))
    {
      /* Weights are shown on the dataset's test images: name the file, so
       * the user knows which one to open again. */
      g_autofree char *name = g_file_get_parse_name (file);
      g_autofree char *reason = g_strdup_printf ("%s: %s", name,
                                                 ll_window_get_loading (self)
                                                 ? _("the dataset is still loading; open the weights again once it is shown")
                                                 : _("open a dataset first: weights are shown on its test images"));
      g_autofree char *message = g_strdup_printf (_("Could not open the weights: %s"), reason);

      ll_window_show_error (self, message);
      return;
    }
  path = local_path (self, file, _("Weights can only be opened from a local file."));
  if (path == NULL)
    return;
  ll_window_set_importing (self, TRUE);
  ll_weights_import_async (self, path, dataset, ll_window_get_cancellable (self),
                           on_import_done, NULL);
}

static void
on_weights_chosen (LlWindow       *self,
                   GtkFileChooser *dialog,
                   GFile          *file)
{
  ll_window_open_weights (self, file);
}

void
ll_window_files_open_weights_dialog (LlWindow *self)
{
  static const char * const npz[] = { "*.npz", "*.NPZ", NULL };
  GtkFileChooser *dialog = new_dialog (self, _("Open Weights"), GTK_FILE_CHOOSER_ACTION_OPEN,
                                       _("_Open"));

  add_filter (dialog, _("NumPy weights (.npz)"), npz);
  add_all_files_filter (dialog);
  show_dialog (self, dialog, on_weights_chosen);
}

/* A job after an import: the header no longer names the file. */
static void
on_store_after_import (LlWindow *self)
{
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (self));
  const char *before = g_object_get_data (G_OBJECT (self), "subtitle-before-import");
  LlRun *first = ll_run_store_get_n_runs (store) > 0 ? ll_run_store_get_run (store, 0) : NULL;

  if (before != NULL && (first == NULL || ll_run_get_state (first) != LL_RUN_IMPORTED))
    {
      gtk_label_set_text (GTK_LABEL (self->subtitle_label), before);
      g_object_set_data (G_OBJECT (self), "subtitle-before-import", NULL);
    }
}

void
ll_window_show_import (LlWindow        *self,
                       LlWeightsImport *import)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *note = NULL;
  const char *shown = gtk_label_get_text (GTK_LABEL (self->subtitle_label));
  const char *before = g_object_get_data (G_OBJECT (self), "subtitle-before-import");

  guint n_models = import->models != NULL ? import->models->len : 0;
  g_autofree char *source = g_strdup (import->source);

  /* Imported weights replace any trained ones, as runs of the store. */
  ll_training_session_show_import (ll_window_get_session (self), import);
  ll_window_update_actions (self);
  /* The file named in the header (until the next job) and a note that
   * replaces an older error: the load succeeded, Train starts afresh. */
  if (before == NULL || !g_str_has_prefix (shown, before))
    g_object_set_data_full (G_OBJECT (self), "subtitle-before-import", g_strdup (shown), g_free);
  before = g_object_get_data (G_OBJECT (self), "subtitle-before-import");
  subtitle = g_strdup_printf ("%s · %s", before, source);
  gtk_label_set_text (GTK_LABEL (self->subtitle_label), subtitle);
  if (g_object_get_data (G_OBJECT (self), "import-watch") == NULL)
    {
      g_signal_connect_object (ll_training_session_get_store (ll_window_get_session (self)), "items-changed",
                               G_CALLBACK (on_store_after_import), self, G_CONNECT_SWAPPED);
      g_object_set_data (G_OBJECT (self), "import-watch", GINT_TO_POINTER (1));
    }
  note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Loaded %u model from %s. Train starts fresh from the settings in the sidebar.",
                                       "Loaded %u models from %s. Train starts fresh from the settings in the sidebar.",
                                       n_models),
                          n_models, source);
  ll_window_show_info (self, note);
  gtk_stack_set_visible_child_name (ll_window_get_stack (self), "images");
}

/* Export weights (Ctrl+E) ------------------------------------------------------ */

static void
export_weights_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  GPtrArray *models = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  GError *error = NULL;

  if (ll_models_save_npz (path, models, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_export_weights_done (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  LlWindow *self = LL_WINDOW (object);
  const char *path = g_object_get_data (G_OBJECT (result), "path");
  GPtrArray *models = g_task_get_task_data (G_TASK (result));
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not export the weights to %s: %s"), path, error->message);
      ll_window_show_error (self, message);
      return;
    }
  if (models->len == 1)
    {
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (rate, sizeof rate, "%g", ((LlModel *) g_ptr_array_index (models, 0))->learning_rate);
      message = g_strdup_printf (_("Saved the weights of learning rate %s to %s"), rate, path);
    }
  else
    message = g_strdup_printf (_("Saved the weights of every learning rate to %s"), path);
  ll_window_show_info (self, message);
}

void
ll_window_export_weights (LlWindow   *self,
                          const char *path,
                          int         run)
{
  g_autoptr (GPtrArray) models = NULL;
  g_autoptr (GPtrArray) chosen = NULL;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (LL_IS_WINDOW (self));

  models = ll_window_dup_export_models (self);
  if (models == NULL)
    {
      ll_window_show_error (self, _("Train first: there are no weights to export yet."));
      return;
    }
  /* Models are immutable once trained: the thread shares them. */
  chosen = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);
  for (guint i = 0; i < models->len; i++)
    if (run < 0 || (guint) run == i)
      g_ptr_array_add (chosen, ll_model_copy (g_ptr_array_index (models, i)));
  if (chosen->len == 0)
    return;
  task = g_task_new (self, ll_window_get_cancellable (self), on_export_weights_done, NULL);
  g_task_set_task_data (task, g_steal_pointer (&chosen), (GDestroyNotify) g_ptr_array_unref);
  g_object_set_data_full (G_OBJECT (task), "path", g_strdup (path), g_free);
  g_task_set_name (task, "[logistic-lab] export weights");
  g_task_run_in_thread (task, export_weights_thread);
}

static void
on_export_weights_chosen (LlWindow       *self,
                          GtkFileChooser *dialog,
                          GFile          *file)
{
  g_autofree char *path = local_path (self, file, _("Weights can only be saved to a local file."));
  const char *choice = gtk_file_chooser_get_choice (dialog, "runs");
  int run = choice != NULL && g_strcmp0 (choice, "all") != 0 ? atoi (choice) : -1;

  if (path != NULL)
    ll_window_export_weights (self, path, run);
}

void
ll_window_files_export_weights_dialog (LlWindow *self)
{
  static const char * const npz[] = { "*.npz", NULL };
  g_autoptr (GPtrArray) models = ll_window_dup_export_models (self);
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  GtkFileChooser *dialog;

  if (models == NULL)
    {
      ll_window_show_error (self, _("Train first: there are no weights to export yet."));
      return;
    }
  dialog = new_dialog (self, _("Export Weights"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  gtk_file_chooser_set_current_name (dialog, "weights.npz");
  add_filter (dialog, _("NumPy weights (.npz)"), npz);

  /* All runs in one file (suffixes _0, _1, ...), or one with plain names. */
  g_ptr_array_add (ids, g_strdup ("all"));
  g_ptr_array_add (labels, g_strdup (_("All learning rates")));
  for (guint i = 0; i < models->len; i++)
    {
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (rate, sizeof rate, "%g", ((LlModel *) g_ptr_array_index (models, i))->learning_rate);
      g_ptr_array_add (ids, g_strdup_printf ("%u", i));
      g_ptr_array_add (labels, g_strdup_printf (_("Only learning rate %s"), rate));
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);
  gtk_file_chooser_add_choice (dialog, "runs", _("Weights of"),
                               (const char **) ids->pdata, (const char **) labels->pdata);
  gtk_file_chooser_set_choice (dialog, "runs", "all");
  show_dialog (self, dialog, on_export_weights_chosen);
}

/* Export plot (Ctrl+Shift+E) ---------------------------------------------------- */

typedef struct {
  LlWindow *window;
  char *path;
  int width;
  int height;
} PlotExportRequest;

static void
plot_export_request_free (PlotExportRequest *request)
{
  g_object_unref (request->window);
  g_free (request->path);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlotExportRequest, plot_export_request_free)

static void
on_export_plot_done (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (PlotExportRequest) request = user_data;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (!ll_cost_plot_export_finish (LL_COST_PLOT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;  /* the window is closing */
      message = g_strdup_printf (_("Could not export the plot to %s: %s"),
                                 request->path, error->message);
      ll_window_show_error (request->window, message);
      return;
    }
  message = g_strdup_printf (_("Saved the plot (%d×%d) to %s"),
                             request->width, request->height, request->path);
  ll_window_show_info (request->window, message);
}

void
ll_window_export_plot (LlWindow   *self,
                       const char *path,
                       int         width,
                       int         height)
{
  PlotExportRequest *request;

  g_return_if_fail (LL_IS_WINDOW (self));

  request = g_new0 (PlotExportRequest, 1);
  request->window = g_object_ref (self);
  request->path = g_strdup (path);
  request->width = width;
  request->height = height;
  /* Drawn and compressed on a thread from a copy of the curves: a 1920x1080
   * PNG is ~80 ms, five frames, of work. */
  ll_cost_plot_export_async (ll_window_get_plot (self), path, width, height,
                             ll_window_get_cancellable (self), on_export_plot_done, request);
}

/* The cost plot's own dialog (LlFigureView's, as its right-click menu
 * opens): written on a thread, the result in the banner. */
static void
on_plot_view_export_done (LlFigureView *view,
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
ll_window_files_connect_plot (LlWindow *self)
{
  g_signal_connect_object (ll_cost_plot_get_view (ll_window_get_plot (self)), "export-done",
                           G_CALLBACK (on_plot_view_export_done), self, 0);
}

void
ll_window_files_export_plot_dialog (LlWindow *self)
{
  ll_figure_view_export_dialog (ll_cost_plot_get_view (ll_window_get_plot (self)));
}

/* Lessons (Ctrl+S, Ctrl+Shift+L) ------------------------------------------------ */

static void
save_lesson_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  LlLesson *lesson = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  GError *error = NULL;

  /* A dataset file's checksum, so a changed file is noticed on open. */
  if (!g_str_has_prefix (lesson->dataset, "builtin:")
      && g_file_test (lesson->dataset, G_FILE_TEST_IS_REGULAR))
    {
      lesson->dataset_sha256 = ll_lesson_file_sha256 (lesson->dataset, &error);
      if (lesson->dataset_sha256 == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }
  if (ll_lesson_save (lesson, path, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/* The recent-lessons submenu lists it (GtkRecentManager, by MIME type). */
static void
note_recent_lesson (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GtkRecentData data = {
    .mime_type = (char *) LL_LESSON_MIME_TYPE,
    .app_name = (char *) "logistic-lab",
    .app_exec = (char *) "logistic-lab %u",
  };

  if (uri != NULL)
    gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

static void
on_save_lesson_done (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LlWindow *self = LL_WINDOW (object);
  const char *path = g_object_get_data (G_OBJECT (result), "path");
  g_autoptr (GError) error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Lesson saved to %s."), path);

      ll_window_show_info (self, message);
      note_recent_lesson (path);
    }
  else
    ll_window_show_error (self, error->message);
}

/* The store's unpinned runs are the lesson's job trained to its end (its
 * rates, iterations and record interval, all finished or diverged): then
 * the lesson says so, with each run's title and whether it shows. A job
 * stopped halfway, or settings changed since, is not "trained". */
static void
note_trained_job (LlLesson          *lesson,
                  LlRunStore        *store,
                  LlSessionState     state)
{
  g_autoptr (GPtrArray) job = g_ptr_array_new ();

  if (state != LL_SESSION_FINISHED)
    return;
  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);
      LlRunState run_state = ll_run_get_state (run);

      if (ll_run_get_pinned (run))
        continue;
      if ((run_state != LL_RUN_FINISHED && run_state != LL_RUN_DIVERGED)
          || job->len == lesson->n_learning_rates
          || ll_run_get_learning_rate (run) != lesson->learning_rates[job->len]
          || ll_run_get_iterations (run) != lesson->iterations
          || ll_run_get_record_every (run) != lesson->record_every)
        return;
      g_ptr_array_add (job, run);
    }
  if (job->len != lesson->n_learning_rates)
    return;
  lesson->trained = TRUE;
  for (guint i = 0; i < job->len; i++)
    ll_lesson_set_job_run (lesson, i, ll_run_get_title (job->pdata[i]), ll_run_get_visible (job->pdata[i]));
}

void
ll_window_save_lesson (LlWindow   *self,
                       const char *path)
{
  LlLesson *lesson = ll_lesson_new ();
  LlRunConfig *config = ll_training_session_get_config (self->session);
  LlRunStore *store = ll_training_session_get_store (self->session);
  const double *rates;
  guint n_rates;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (LL_IS_WINDOW (self));

  /* Half trained again, the opened lesson's runs are not all in the store:
   * saved now, the file would lose them. */
  if (ll_training_session_get_retrain_fraction (self->session) >= 0)
    {
      ll_window_show_error (self, _("The lesson’s runs are still being trained again: save it once they are "
                                    "done, or press Reset first."));
      ll_lesson_free (lesson);
      return;
    }
  if (self->source_path != NULL)
    lesson->dataset = g_strdup (self->source_path);
  else
    lesson->dataset = g_strdup (LL_WINDOW_BUILTIN_DATASET);
  lesson->classes = g_strdup (self->classes);
  lesson->scaling = g_strdup (ll_run_config_get_scaling (config));
  rates = ll_run_config_get_learning_rates (config, &n_rates);
  lesson->learning_rates = g_memdup2 (rates, n_rates * sizeof *rates);
  lesson->n_learning_rates = n_rates;
  lesson->iterations = ll_run_config_get_iterations (config);
  lesson->record_every = ll_run_config_get_record_every (config);
  lesson->threshold = ll_result_grid_get_threshold (LL_RESULT_GRID (self->result_grid));
  lesson->page = g_strdup (gtk_stack_get_visible_child_name (GTK_STACK (self->stack)));
  /* The starting values as typed (issue 24), unless the w does not read
   * (Train refuses it too): a lesson keeps only what opens again. */
  lesson->initial_w = g_strstrip (g_strdup (ll_run_config_get_initial_w (config)));
  if (*lesson->initial_w != '\0' && ll_run_config_get_initial_w_values (config, NULL) == NULL)
    g_clear_pointer (&lesson->initial_w, g_free);
  lesson->has_initial_b = TRUE;
  lesson->initial_b = ll_run_config_get_initial_b (config);
  /* The pinned runs' settings: their results are recomputed on open. */
  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);

      if (ll_run_get_pinned (run) && ll_run_get_record_every (run) > 0)
        ll_lesson_add_pinned (lesson, ll_run_get_title (run), ll_run_get_learning_rate (run),
                              ll_run_get_iterations (run), ll_run_get_record_every (run),
                              NULL)->visible = ll_run_get_visible (run);
    }
  /* The screen as it is (version 1.3): the job trained again on open, the
   * timeline's moment, projector mode. */
  note_trained_job (lesson, store, ll_training_session_get_state (self->session));
  lesson->moment = ll_run_store_get_moment (store);
  lesson->projector = ll_window_get_projector_mode (self);

  task = g_task_new (self, NULL, on_save_lesson_done, NULL);
  g_task_set_task_data (task, lesson, (GDestroyNotify) ll_lesson_free);
  g_object_set_data_full (G_OBJECT (task), "path", g_strdup (path), g_free);
  g_task_run_in_thread (task, save_lesson_thread);
}

static void
on_save_lesson_chosen (LlWindow       *self,
                       GtkFileChooser *dialog,
                       GFile          *file)
{
  g_autofree char *path = local_path (self, file, _("Lessons can only be saved as local files."));

  if (path != NULL)
    ll_window_save_lesson (self, path);
}

void
ll_window_files_save_lesson_dialog (LlWindow *self)
{
  static const char * const lesson[] = { "*.lllesson", NULL };
  GtkFileChooser *dialog = new_dialog (self, _("Save Lesson"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));

  gtk_file_chooser_set_current_name (dialog, "lesson.lllesson");
  add_filter (dialog, _("Logistic Lab lessons (.lllesson)"), lesson);
  show_dialog (self, dialog, on_save_lesson_chosen);
}

static void
open_lesson_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char *path = task_data;
  GError *error = NULL;
  LlLesson *lesson = ll_lesson_load (path, &error);

  if (lesson != NULL && !ll_lesson_check_dataset (lesson, &error))
    g_clear_pointer (&lesson, ll_lesson_free);
  if (lesson != NULL)
    g_task_return_pointer (task, lesson, (GDestroyNotify) ll_lesson_free);
  else
    g_task_return_error (task, error);
}

static void
on_open_lesson_done (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  LlWindow *self = LL_WINDOW (object);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlLesson) lesson = g_task_propagate_pointer (G_TASK (result), &error);
  LlRunConfig *config = ll_training_session_get_config (self->session);
  LlRunStore *store = ll_training_session_get_store (self->session);

  if (lesson == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The lesson was not opened: %s"), error->message);

      ll_window_show_error (self, message);
      return;
    }
  /* The scaling first: the dataset's load below reads it (issue 19). */
  if (lesson->scaling != NULL && !ll_run_config_set_scaling (config, lesson->scaling, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The lesson was not opened: %s"), error->message);

      ll_window_show_error (self, message);
      return;
    }
  /* The lesson's pinned runs replace the ones shown: they are trained
   * again once its dataset is loaded (ll_window_files_retrain_lesson). */
  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    ll_run_set_pinned (ll_run_store_get_run (store, i), FALSE);
  ll_window_files_forget_lesson (self);
  /* builtin:digits and the other built-in tables load by their name. */
  ll_window_open_dataset (self, lesson->dataset, lesson->classes);
  ll_run_config_set_learning_rates (config, lesson->learning_rates, (guint) lesson->n_learning_rates);
  ll_run_config_set_iterations (config, lesson->iterations);
  ll_run_config_set_record_every (config, lesson->record_every);
  /* Absent from lessons before version 1.2: the starting values stay. */
  if (lesson->initial_w != NULL)
    ll_run_config_set_initial_w (config, lesson->initial_w);
  if (lesson->has_initial_b)
    ll_run_config_set_initial_b (config, lesson->initial_b);
  ll_result_grid_set_threshold (LL_RESULT_GRID (self->result_grid), lesson->threshold);
  if (lesson->page != NULL && gtk_stack_get_child_by_name (GTK_STACK (self->stack), lesson->page) != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), lesson->page);
  /* Only on: a lesson saved without it leaves the room's choice. */
  if (lesson->projector)
    ll_window_set_projector_mode (self, TRUE);
  /* Results are not stored in the file: once the dataset is loaded, the
   * runs it showed are trained again (ll_window_files_retrain_lesson). */
  if (lesson->n_pinned > 0 || lesson->trained)
    ll_window_show_info (self, _("Lesson opened: its runs are trained again once its dataset is loaded."));
  else
    ll_window_show_info (self, _("Lesson opened: press Train to train its job."));
  note_recent_lesson (g_task_get_task_data (G_TASK (result)));
  if (lesson->n_pinned > 0 || lesson->trained)
    self->pending_lesson = g_steal_pointer (&lesson);
}

#define MAX_RECENT_LESSONS 8

static int
compare_recent (gconstpointer a,
                gconstpointer b)
{
  GDateTime *time_a = gtk_recent_info_get_modified (*(GtkRecentInfo **) a);
  GDateTime *time_b = gtk_recent_info_get_modified (*(GtkRecentInfo **) b);

  return g_date_time_compare (time_b, time_a);  /* newest first */
}

static void
update_recent_lessons (LlWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr (GPtrArray) lessons = g_ptr_array_new ();

  for (GList *l = items; l != NULL; l = l->next)
    {
      GtkRecentInfo *info = l->data;

      if (g_strcmp0 (gtk_recent_info_get_mime_type (info), LL_LESSON_MIME_TYPE) == 0
          && gtk_recent_info_exists (info))
        g_ptr_array_add (lessons, info);
    }
  g_ptr_array_sort (lessons, compare_recent);
  g_menu_remove_all (self->recent_lessons_menu);
  for (guint i = 0; i < MIN (lessons->len, MAX_RECENT_LESSONS); i++)
    {
      GtkRecentInfo *info = g_ptr_array_index (lessons, i);
      g_autoptr (GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-recent-lesson",
                                               g_variant_new_string (gtk_recent_info_get_uri (info)));
      g_menu_append_item (self->recent_lessons_menu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

void
ll_window_files_init_recent_lessons (LlWindow *self)
{
  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent_lessons), self, G_CONNECT_SWAPPED);
  update_recent_lessons (self);
}

void
ll_window_files_open_recent_lesson (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  ll_window_open_lesson (LL_WINDOW (widget), file);
}

/* Weak: a window closed while the worker writes is not kept for its banner. */
typedef struct {
  GWeakRef window;
  char *path;
} HandoutExport;

static void
on_handout_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  HandoutExport *export = data;
  g_autoptr (LlWindow) window = g_weak_ref_get (&export->window);
  g_autoptr (GError) error = NULL;
  gboolean written = ll_handout_write_finish (result, &error);

  if (window != NULL && !written)
    ll_window_show_error (window, error->message);
  else if (window != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Handout saved to %s."), export->path);

      ll_window_show_info (window, message);
    }
  g_weak_ref_clear (&export->window);
  g_free (export->path);
  g_free (export);
}

/* The snapshot is taken here; a worker draws and writes (ll-handout.h). */
static void
on_export_handout_chosen (LlWindow       *self,
                          GtkFileChooser *dialog,
                          GFile          *file)
{
  g_autofree char *path = local_path (self, file, _("The handout can only be saved to a local file."));

  if (path == NULL)
    return;
  ll_window_export_handout (self, path);
}

LlHandout *
ll_window_take_handout (LlWindow *self)
{
  LlRunStore *store = ll_training_session_get_store (self->session);
  LlSweepView *sweep = LL_SWEEP_VIEW (self->sweep_view);
  LlTwoFeatureView *boundary = LL_TWO_FEATURE_VIEW (self->two_feature_view);
  guint n_results = 0, iterations = 0, n_rates = 0, x_feature = 0, y_feature = 1;
  const LlSweepResult *results = ll_sweep_view_get_shown_results (sweep, &n_results, &iterations);
  const double *rates = ll_sweep_view_get_job_rates (sweep, &n_rates);
  g_autofree char *scaling = NULL;
  LlHandout *handout;

  handout = ll_handout_snapshot (store, ll_result_grid_get_threshold (LL_RESULT_GRID (self->result_grid)));
  ll_handout_add_landscape (handout, ll_landscape_view_get_job (LL_LANDSCAPE_VIEW (self->landscape_view)));
  ll_handout_add_sweep (handout, store, results, n_results, iterations, rates, n_rates);
  g_object_get (boundary, "x-feature", &x_feature, "y-feature", &y_feature, "scaling", &scaling, NULL);
  ll_handout_set_boundary (handout, x_feature, y_feature, scaling, ll_two_feature_view_get_shaded_run (boundary));
  return handout;
}

void
ll_window_export_handout (LlWindow   *self,
                          const char *path)
{
  HandoutExport *export = g_new0 (HandoutExport, 1);
  g_autofree char *message = g_strdup_printf (_("Writing the handout to %s…"), path);

  g_weak_ref_init (&export->window, self);
  export->path = g_strdup (path);
  ll_window_show_info (self, message);
  ll_handout_write_async (ll_window_take_handout (self), path, NULL, on_handout_written, export);
}

void
ll_window_files_export_handout_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  static const char * const pdf[] = { "*.pdf", NULL };
  LlWindow *self = LL_WINDOW (widget);
  GtkFileChooser *dialog = new_dialog (self, _("Export Handout"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));

  gtk_file_chooser_set_current_name (dialog, "handout.pdf");
  add_filter (dialog, _("PDF documents (.pdf)"), pdf);
  show_dialog (self, dialog, on_export_handout_chosen);
}

void
ll_window_files_forget_lesson (LlWindow *self)
{
  g_clear_pointer (&self->pending_lesson, ll_lesson_free);
  self->lesson_moment = -1;
}

void
ll_window_files_retrain_lesson (LlWindow *self)
{
  g_autoptr (LlLesson) lesson = g_steal_pointer (&self->pending_lesson);
  g_autofree LlRetrainRun *pinned = NULL;
  g_autofree LlRetrainRun *job = NULL;
  guint n_job;
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (lesson == NULL)
    return;
  pinned = g_new0 (LlRetrainRun, MAX (lesson->n_pinned, 1));
  for (gsize i = 0; i < lesson->n_pinned; i++)
    pinned[i] = (LlRetrainRun) { lesson->pinned[i].title, lesson->pinned[i].learning_rate,
                                 lesson->pinned[i].iterations, lesson->pinned[i].record_every,
                                 !lesson->pinned[i].visible };
  /* The job as it was trained, under its runs' titles (NULL: the usual). */
  n_job = lesson->trained ? (guint) lesson->n_learning_rates : 0;
  job = g_new0 (LlRetrainRun, MAX (n_job, 1));
  for (guint i = 0; i < n_job; i++)
    job[i] = (LlRetrainRun) { lesson->job_runs != NULL ? lesson->job_runs[i].title : NULL,
                              lesson->learning_rates[i], lesson->iterations, lesson->record_every,
                              lesson->job_runs != NULL && !lesson->job_runs[i].visible };
  if (!ll_training_session_recompute (self->session, pinned, (guint) lesson->n_pinned, job, n_job, &error))
    {
      message = g_strdup_printf (_("The lesson’s runs were not trained again: %s"), error->message);
      ll_window_show_error (self, message);
      return;
    }
  /* Shown once its runs exist again (ll_window_files_on_lesson_recomputed):
   * training follows the latest moment until then. */
  self->lesson_moment = lesson->moment;
  /* Results are not stored in a lesson: they are recomputed on open. */
  message = g_strdup_printf (ngettext ("Training the lesson’s %u run again, as it was saved "
                                       "(progress on the Runs page; Reset stops it)…",
                                       "Training the lesson’s %u runs again, as they were saved "
                                       "(progress on the Runs page; Reset stops it)…",
                                       (gulong) (lesson->n_pinned + n_job)),
                             (guint) (lesson->n_pinned + n_job));
  ll_window_show_info (self, message);
  ll_runs_view_set_progress (LL_RUNS_VIEW (self->runs_view),
                             ll_training_session_get_retrain_fraction (self->session));
}

void
ll_window_files_on_lesson_recomputed (LlWindow *self)
{
  LlRunStore *store = ll_training_session_get_store (self->session);

  if (self->lesson_moment >= 0)
    ll_run_store_set_moment (store, self->lesson_moment);
  self->lesson_moment = -1;
  /* The "Training the lesson's runs again…" banner: done, the screen is as
   * saved. An error since stays. */
  if (ll_window_get_info (self) != NULL)
    ll_window_hide_message (self);
}

void
ll_window_open_lesson (LlWindow *self,
                       GFile    *file)
{
  g_autofree char *path = NULL;
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (LL_IS_WINDOW (self));

  path = local_path (self, file, _("Only local files can be opened as lessons."));
  if (path == NULL)
    return;
  task = g_task_new (self, NULL, on_open_lesson_done, NULL);
  g_task_set_task_data (task, g_steal_pointer (&path), g_free);
  g_task_run_in_thread (task, open_lesson_thread);
}

static void
on_open_lesson_chosen (LlWindow       *self,
                       GtkFileChooser *dialog,
                       GFile          *file)
{
  ll_window_open_lesson (self, file);
}

void
ll_window_files_open_lesson_dialog (LlWindow *self)
{
  static const char * const lesson[] = { "*.lllesson", NULL };
  GtkFileChooser *dialog = new_dialog (self, _("Open Lesson"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));

  add_filter (dialog, _("Logistic Lab lessons (.lllesson)"), lesson);
  add_all_files_filter (dialog);
  show_dialog (self, dialog, on_open_lesson_chosen);
}

/* Export the table as CSV (issue 24.9) ------------------------------------------- */

static void
write_table_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  const char *csv = task_data;
  const char *path = g_object_get_data (G_OBJECT (task), "path");
  GError *error = NULL;

  if (ll_output_write_bytes (path, csv, strlen (csv), &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_table_written (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LlWindow *self = LL_WINDOW (object);
  const char *path = g_object_get_data (G_OBJECT (result), "path");
  g_autoptr (GError) error = NULL;
  g_autofree char *message = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    message = g_strdup_printf (_("Saved the table to %s"), path);
  else
    message = g_strdup_printf (_("Could not save the table to %s: %s"), path, error->message);
  if (error != NULL)
    ll_window_show_error (self, message);
  else
    ll_window_show_info (self, message);
}

void
ll_window_export_table (LlWindow   *self,
                        const char *path)
{
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (self));
  g_autoptr (GTask) task = g_task_new (self, NULL, on_table_written, NULL);

  g_return_if_fail (LL_IS_WINDOW (self));
  g_return_if_fail (path != NULL);

  g_object_set_data_full (G_OBJECT (task), "path", g_strdup (path), g_free);
  g_task_set_task_data (task, ll_run_store_dup_csv (store), g_free);
  g_task_run_in_thread (task, write_table_thread);
}

static void
on_export_table_chosen (LlWindow       *self,
                        GtkFileChooser *dialog,
                        GFile          *file)
{
  g_autofree char *path = local_path (self, file, _("The table can only be saved to a local file."));

  if (path != NULL)
    ll_window_export_table (self, path);
}

void
ll_window_files_export_table_dialog (LlWindow *self)
{
  static const char * const csv[] = { "*.csv", NULL };
  GtkFileChooser *dialog = new_dialog (self, _("Export the Table as CSV"), GTK_FILE_CHOOSER_ACTION_SAVE,
                                       _("_Save"));

  gtk_file_chooser_set_current_name (dialog, "cost-table.csv");
  add_filter (dialog, _("CSV table"), csv);
  show_dialog (self, dialog, on_export_table_chosen);
}
