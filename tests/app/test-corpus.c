/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-corpus.c: every input of tests/corpus dropped on the window, through
 * the window's own drop target (as a file manager's drop arrives), as
 * MANIFEST.tsv says: an image is classified or the banner names it with the
 * reason; weights are shown or refused (over datasets/h5-ok, whose 8×8 RGB
 * they fit); a dataset opens or the banner names the file and the earlier
 * dataset stays. Afterwards the window still trains a run to the end. */
#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "app/ll-window-files.h"
#include "app/ll-window.h"
#include "corpus-manifest.h"
#include "app-fixture.h"
#include "fixtures.h"

static LlWindow *window;     /* one window takes every drop, as in class */
static gboolean ready;       /* h5-ok loaded and trained */
static guint n_images_shown, n_images_failed;

static gboolean
window_idle (gpointer data)
{
  return !ll_window_get_loading (window) && !ll_window_get_importing (window);
}

static void
on_image_changed (LlClassifyView *view)
{
  n_images_shown++;
}

static void
on_load_failed (LlClassifyView *view,
                const GError   *error)
{
  n_images_failed++;
}

static void
train_to_end (guint iterations)
{
  ll_test_train_to_end (window, iterations, 10);
  g_assert_cmpint (ll_training_session_get_state (ll_window_get_session (window)), ==, LL_SESSION_FINISHED);
}

/* The window's target for files (the other one takes textures). */
static GtkDropTarget *
file_drop_target (void)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller) &&
          gdk_content_formats_contain_gtype (gtk_drop_target_get_formats (GTK_DROP_TARGET (controller)),
                                             GDK_TYPE_FILE_LIST))
        return GTK_DROP_TARGET (controller);
    }
  g_assert_not_reached ();
}

static void
drop (const char *path)
{
  g_autoptr (GFile) file = g_file_new_for_path (path);
  GFile *files[] = { file };
  g_auto (GValue) value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (files, 1));
  g_signal_emit_by_name (file_drop_target (), "drop", &value, 10.0, 10.0, &handled);
  g_assert_true (handled);
}

static void
ensure_window (void)
{
  if (window != NULL)
    return;
  window = ll_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  ll_classify_view_set_helper_path (ll_window_get_classify_view (window), ll_test_logistic_lab ());
  g_signal_connect (ll_window_get_classify_view (window), "image-changed",
                    G_CALLBACK (on_image_changed), NULL);
  g_signal_connect (ll_window_get_classify_view (window), "load-failed",
                    G_CALLBACK (on_load_failed), NULL);
}

/* datasets/h5-ok (8×8 RGB, what images are fitted to and weights fit), trained. */
static void
ensure_ready (void)
{
  g_autofree char *h5_ok = g_build_filename (ll_corpus_dir (), "datasets", "h5-ok", NULL);

  ensure_window ();
  if (ready)
    return;
  ll_window_open_dataset (window, h5_ok, NULL);
  ll_test_wait_for (window_idle, NULL);
  g_assert_null (ll_window_get_error (window));
  g_assert_cmpstr (ll_window_get_title_text (window), ==, "Cat vs non-cat");
  train_to_end (20);
  ready = TRUE;
}

typedef struct {
  const LlCorpusEntry *entry;
  const char *earlier_error;
  guint shown, failed;
} Outcome;

static gboolean
new_error_naming (gpointer data)
{
  Outcome *outcome = data;
  const char *error = ll_window_get_error (window);

  return error != NULL && g_strcmp0 (error, outcome->earlier_error) != 0 &&
         strstr (error, outcome->entry->names) != NULL;
}

static gboolean
image_settled (gpointer data)
{
  Outcome *outcome = data;

  return n_images_shown > outcome->shown || n_images_failed > outcome->failed ||
         new_error_naming (outcome);
}

static void
test_entry (gconstpointer data)
{
  const LlCorpusEntry *entry = data;
  g_autofree char *path = ll_corpus_entry_realize (entry);
  g_autofree char *earlier_error = NULL;
  g_autofree char *earlier_title = NULL;
  Outcome outcome = { entry, NULL, n_images_shown, n_images_failed };
  LlClassifyView *classify;

  if (g_str_equal (entry->kind, "dataset"))
    ensure_window ();
  else
    ensure_ready ();
  classify = ll_window_get_classify_view (window);
  earlier_error = g_strdup (ll_window_get_error (window));
  earlier_title = g_strdup (ll_window_get_title_text (window));
  outcome.earlier_error = earlier_error;

  drop (path);
  if (g_str_equal (entry->kind, "image"))
    ll_test_wait_for (image_settled, &outcome);
  else
    ll_test_wait_for (window_idle, NULL);

  if (!entry->ok)
    {
      /* Dataset and weights errors are set when the load ends. */
      ll_test_wait_for (new_error_naming, &outcome);
      g_test_message ("%s: %s", entry->path, ll_window_get_error (window));
      ll_corpus_assert_message (entry, ll_window_get_error (window));
      /* Nothing was replaced: the dataset shown stays. */
      g_assert_cmpstr (ll_window_get_title_text (window), ==, earlier_title);
      return;
    }

  g_assert_false (new_error_naming (&outcome));
  if (g_str_equal (entry->kind, "image"))
    {
      g_assert_cmpuint (n_images_shown, ==, outcome.shown + 1);
      g_assert_nonnull (ll_classify_view_get_image (classify));
      /* Classified by each of the three trained rates. */
      g_assert_cmpuint (ll_classify_view_get_n_results (classify), ==, 3);
      g_assert_cmpstr (gtk_stack_get_visible_child_name (ll_window_get_stack (window)), ==, "classify");
    }
  else if (g_str_equal (entry->kind, "weights"))
    /* Shown on the test images, as after a training. */
    g_assert_cmpstr (gtk_stack_get_visible_child_name (ll_window_get_stack (window)), ==, "images");
  else
    {
      g_assert_nonnull (ll_training_session_get_dataset (ll_window_get_session (window)));
      g_test_message ("%s opened as \"%s\"", entry->path, ll_window_get_title_text (window));
      ready = FALSE;
    }
}

/* After all of that, the window trains a run to the end. */
static void
test_still_usable (void)
{
  ready = FALSE;
  ensure_ready ();
  train_to_end (50);
  g_assert_cmpuint (ll_cost_plot_get_n_points (ll_window_get_plot (window), 0), ==, 50 / 10 + 1);
}

int
main (int argc, char **argv)
{
  GPtrArray *entries;
  int status;

  gtk_test_init (&argc, &argv, NULL);
  entries = ll_corpus_entries ();
  for (guint i = 0; i < entries->len; i++)
    {
      const LlCorpusEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *test_path = ll_corpus_test_path ("/app-corpus", entry);

      g_test_add_data_func (test_path, entry, test_entry);
    }
  /* A suite added last runs last (GTest runs a suite's own cases first). */
  g_test_add_func ("/app-corpus/afterwards/still-usable", test_still_usable);
  status = g_test_run ();
  if (window != NULL)
    gtk_window_destroy (GTK_WINDOW (window));
  return status;
}
