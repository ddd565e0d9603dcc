/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-classify.c: the Classify page given several images (issue 24.5):
 * all shown, each classified under every run; how far each lies from the
 * training images, measured on a worker; and the note that a classifier
 * always answers one of its two classes. Waits iterate the main context
 * until a condition holds (a deadline fails the test), never sleep. */
#include "config.h"

#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include "app/ll-classify-view.h"
#include "app/ll-weights-view.h"
#include "app/ll-window-files.h"
#include "app/ll-window.h"
#include "core/io/npz.h"
#include "session/ll-training-session.h"
#include "app-fixture.h"
#include "fixtures.h"

#define SIDE 40

/* The label of WIDGET's tree whose text is TEXT, or NULL. */
static GtkLabel *
find_label (GtkWidget  *widget,
                    const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A 40×30 RGB PNG: PIXEL (x, y) gives the grey value. */
static char *
write_png (const char *dir,
           const char *name,
           guint8    (*pixel) (guint x, guint y))
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree guint8 *rgb = g_new (guint8, SIDE * 30 * 3);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  for (guint y = 0; y < 30; y++)
    for (guint x = 0; x < SIDE; x++)
      memset (rgb + (y * SIDE + x) * 3, pixel (x, y), 3);
  bytes = g_bytes_new (rgb, SIDE * 30 * 3);
  texture = gdk_memory_texture_new (SIDE, 30, GDK_MEMORY_R8G8B8, bytes, SIDE * 3);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  return path;
}

static guint8
white (guint x, guint y)
{
  return 255;
}

/* Stripes of black and white: nothing like a coat or a pullover. */
static guint8
stripes (guint x, guint y)
{
  return (x / 2) % 2 ? 255 : 0;
}

/* The first training image (28×28 grey), as an RGB PNG: one of them. */
static char *
write_training_image (const char *dir,
                      const LlDataset *dataset)
{
  char *path = g_build_filename (dir, "from-training.png", NULL);
  gsize n = dataset->n_features;
  g_autofree guint8 *rgb = g_new (guint8, n * 3);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GdkTexture) texture = NULL;

  g_assert_cmpuint (dataset->channels, ==, 1);
  for (gsize j = 0; j < n; j++)
    memset (rgb + j * 3, dataset->train.pixels[j], 3);
  bytes = g_bytes_new (rgb, n * 3);
  texture = gdk_memory_texture_new (dataset->width, dataset->height, GDK_MEMORY_R8G8B8, bytes,
                                    dataset->width * 3);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  return path;
}

static void
test_several_images (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  LlWindow *window = ll_window_new (NULL, NULL);
  LlClassifyView *classify = ll_window_get_classify_view (window);
  const LlDataset *dataset;
  g_autofree char *white_png = NULL, *stripes_png = NULL, *training_png = NULL;
  gboolean changed = FALSE, measured = FALSE;
  double percentile = NAN;

  gtk_window_present (GTK_WINDOW (window));
  ll_classify_view_set_helper_path (classify, ll_test_logistic_lab ());
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  dataset = ll_training_session_get_dataset (ll_window_get_session (window));
  ll_test_train_to_end (window, 100, 50);

  white_png = write_png (dir, "white.png", white);
  stripes_png = write_png (dir, "stripes.png", stripes);
  training_png = write_training_image (dir, dataset);
  g_signal_connect (classify, "image-changed", G_CALLBACK (ll_test_set_flag), &changed);
  g_signal_connect (classify, "distances-measured", G_CALLBACK (ll_test_set_flag), &measured);
  {
    g_autoptr (GFile) a = g_file_new_for_path (training_png);
    g_autoptr (GFile) b = g_file_new_for_path (white_png);
    g_autoptr (GFile) c = g_file_new_for_path (stripes_png);
    GFile *files[] = { a, b, c };

    ll_window_open_images (window, files, G_N_ELEMENTS (files));
  }
  ll_test_wait_for (ll_test_flag_set, &changed);

  /* All three, in order, each classified under each of the three runs. */
  g_assert_cmpuint (ll_classify_view_get_n_images (classify), ==, 3);
  g_assert_cmpstr (ll_classify_view_get_image_name (classify, 0), ==, "from-training.png");
  g_assert_cmpstr (ll_classify_view_get_image_name (classify, 2), ==, "stripes.png");
  g_assert_cmpuint (ll_classify_view_get_n_results (classify), ==, 3);
  for (guint image = 0; image < 3; image++)
    for (guint run = 0; run < 3; run++)
      {
        double p = ll_classify_view_get_image_probability (classify, image, run);

        g_assert_true (p >= 0 && p <= 1);
      }
  /* The first is shown large: its results are the large view's. */
  g_assert_cmpuint (ll_classify_view_get_selected_image (classify), ==, 0);
  g_assert_cmpfloat (ll_classify_view_get_probability (classify, 1), ==,
                     ll_classify_view_get_image_probability (classify, 0, 1));
  ll_classify_view_select_image (classify, 2);
  g_assert_cmpuint (ll_classify_view_get_selected_image (classify), ==, 2);
  g_assert_cmpfloat (ll_classify_view_get_probability (classify, 0), ==,
                     ll_classify_view_get_image_probability (classify, 2, 0));

  /* Measured on a worker: a training image is among them, stripes are far. */
  ll_test_wait_for (ll_test_flag_set, &measured);
  g_assert_false (ll_classify_view_get_far (classify, 0, &percentile));
  g_test_message ("training image: %.1f %%", percentile);
  g_assert_true (percentile >= 0 && percentile < 95);
  g_assert_true (ll_classify_view_get_far (classify, 2, &percentile));
  g_test_message ("stripes: %.1f %%", percentile);
  g_test_message ("%s", ll_classify_view_get_distance_text (classify));
  g_assert_nonnull (strstr (ll_classify_view_get_distance_text (classify), "Far from the training data"));
  g_assert_nonnull (strstr (ll_classify_view_get_distance_text (classify),
                            "always answers one of its two classes"));
  g_assert_nonnull (strstr (ll_classify_view_get_distance_text (classify), dataset->class_names[1]));
  ll_classify_view_select_image (classify, 0);
  g_assert_nonnull (strstr (ll_classify_view_get_distance_text (classify), "Like the training data"));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* One bad file among good ones: the good ones are shown, the banner names
 * the bad one. */
static void
test_one_bad_among_several (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *white_png = write_png (dir, "white.png", white);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  LlWindow *window = ll_window_new (NULL, NULL);
  LlClassifyView *classify = ll_window_get_classify_view (window);
  gboolean changed = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  ll_classify_view_set_helper_path (classify, ll_test_logistic_lab ());
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_true (g_file_set_contents (text, "not an image\n", -1, NULL));
  g_signal_connect (classify, "image-changed", G_CALLBACK (ll_test_set_flag), &changed);
  {
    g_autoptr (GFile) a = g_file_new_for_path (text);
    g_autoptr (GFile) b = g_file_new_for_path (white_png);
    GFile *files[] = { a, b };

    ll_window_open_images (window, files, G_N_ELEMENTS (files));
  }
  ll_test_wait_for (ll_test_flag_set, &changed);
  g_assert_cmpuint (ll_classify_view_get_n_images (classify), ==, 1);
  g_assert_cmpstr (ll_classify_view_get_image_name (classify, 0), ==, "white.png");
  g_assert_nonnull (ll_window_get_error (window));
  g_assert_nonnull (strstr (ll_window_get_error (window), "notes.txt"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
window_imported (gpointer data)
{
  return !ll_window_get_importing (data);
}

/* A notebook's savez(w=w, b=b) opened after an error: one name (the file's)
 * for its run on every page, the file in the header, the old error
 * replaced by a note that Train starts fresh (issue 24.6). */
static void
test_loaded_weights_named (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "model.npz", NULL);
  g_autofree char *white_png = write_png (dir, "white.png", white);
  LlWindow *window = ll_window_new (NULL, NULL);
  LlClassifyView *classify = ll_window_get_classify_view (window);
  g_autoptr (GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  g_autofree double *w = NULL;
  const double b = -0.5;
  LlRunStore *store;
  gboolean changed = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  ll_classify_view_set_helper_path (classify, ll_test_logistic_lab ());
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  {
    const LlDataset *dataset = ll_training_session_get_dataset (ll_window_get_session (window));

    w = g_new0 (double, dataset->n_features);
    for (gsize j = 0; j < dataset->n_features; j++)
      w[j] = j % 2 ? 0.01 : -0.01;
    g_ptr_array_add (arrays, ll_npy_array_new_doubles ("w", w, 2, (gsize[]) { dataset->n_features, 1 }));
    g_ptr_array_add (arrays, ll_npy_array_new_doubles ("b", &b, 0, NULL));
    g_assert_true (ll_npz_write (path, arrays, NULL));
  }

  ll_window_show_error (window, "an old error");
  {
    g_autoptr (GFile) file = g_file_new_for_path (path);

    ll_window_open_weights (window, file);
  }
  ll_test_wait_for (window_imported, window);
  g_assert_null (ll_window_get_error (window));
  store = ll_training_session_get_store (ll_window_get_session (window));
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 1);
  g_assert_cmpstr (ll_run_get_label (ll_run_store_get_run (store, 0)), ==, "model.npz");
  g_assert_nonnull (strstr (ll_window_get_subtitle_text (window), "model.npz"));

  /* The classify page names it the same. */
  g_signal_connect (classify, "image-changed", G_CALLBACK (ll_test_set_flag), &changed);
  {
    g_autoptr (GFile) file = g_file_new_for_path (white_png);

    ll_window_open_images (window, &file, 1);
  }
  ll_test_wait_for (ll_test_flag_set, &changed);
  g_assert_cmpuint (ll_classify_view_get_n_results (classify), ==, 1);
  g_assert_nonnull (find_label (GTK_WIDGET (classify), "model.npz"));

  /* Training again: the header no longer names the file. */
  {
    LlTrainingSession *session = ll_window_get_session (window);
    gboolean finished = FALSE;
    gulong handler = g_signal_connect (session, "finished", G_CALLBACK (ll_test_set_flag), &finished);

    ll_training_session_set_speed (session, 1.0);
    ll_window_set_run_length (window, 20, 10);
    g_assert_true (ll_window_train (window));
    ll_test_wait_for (ll_test_flag_set, &finished);
    g_signal_handler_disconnect (session, handler);
  }
  g_assert_null (strstr (ll_window_get_subtitle_text (window), "model.npz"));
  g_assert_cmpstr (ll_run_get_label (ll_run_store_get_run (store, 0)), !=, "model.npz");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A lesson reopened: its pinned runs recomputed, its job's runs waiting for
 * Train. The trained runs classify the image; the waiting one is left out
 * (it used to blank the page with "Train first"). */
static void
test_waiting_run_left_out (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *white_png = write_png (dir, "white.png", white);
  LlWindow *window = ll_window_new (NULL, NULL);
  LlClassifyView *classify = ll_window_get_classify_view (window);
  LlRunStore *store;
  g_autoptr (GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean changed = FALSE;

  gtk_window_present (GTK_WINDOW (window));
  ll_classify_view_set_helper_path (classify, ll_test_logistic_lab ());
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  ll_test_train_to_end (window, 100, 50);
  store = ll_training_session_get_store (ll_window_get_session (window));
  g_assert_cmpuint (ll_run_store_get_n_runs (store), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (runs, g_object_ref (ll_run_store_get_run (store, i)));
  g_ptr_array_add (runs, ll_run_new (2.0, 100, 50));  /* no point, no model yet */
  ll_run_store_replace (store, ll_run_store_get_dataset (store), runs);

  g_signal_connect (classify, "image-changed", G_CALLBACK (ll_test_set_flag), &changed);
  {
    g_autoptr (GFile) file = g_file_new_for_path (white_png);

    ll_window_open_images (window, &file, 1);
  }
  ll_test_wait_for (ll_test_flag_set, &changed);
  g_assert_cmpuint (ll_classify_view_get_n_results (classify), ==, 3);
  for (guint run = 0; run < 3; run++)
    g_assert_true (isfinite (ll_classify_view_get_image_probability (classify, 0, run)));
  g_assert_null (find_label (GTK_WIDGET (classify), "Train first (or open weights) to classify this image."));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The red of weights pixel (0, 0) of RUN's tile: 255 is white, lower is
 * more strongly coloured. */
static guint8
first_pixel_green (LlWeightsView *view,
                   guint          run)
{
  GdkTexture *texture = ll_weights_view_get_texture (view, run);
  int width = gdk_texture_get_width (texture), height = gdk_texture_get_height (texture);
  g_autofree guint8 *data = g_malloc ((gsize) width * height * 4);

  gdk_texture_download (texture, data, (gsize) width * 4);
  /* Cairo's ARGB32, little-endian: B, G, R, A. */
  return data[1];
}

/* Two rates whose weights are 30 times apart: on one scale the small one is
 * pale, each on its own they look alike (issue 24.7). */
static void
test_weights_shared_scale (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *widget = ll_weights_view_new ();
  LlWeightsView *view = LL_WEIGHTS_VIEW (widget);
  const double big[4] = { 3, -3, 1.5, 0 };
  const double small[4] = { 0.1, -0.1, 0.05, 0 };
  const double rates[2] = { 0.5, 0.01 };

  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  ll_weights_view_set_shape (view, 2, 2, 1, "Pullover", "Coat");
  ll_weights_view_set_runs (view, rates, 2);
  ll_weights_view_set_weights (view, 0, big, 4);
  ll_weights_view_set_weights (view, 1, small, 4);

  g_assert_true (ll_weights_view_get_shared_scale (view));
  g_assert_cmpuint (first_pixel_green (view, 0), <, 40);
  g_assert_cmpuint (first_pixel_green (view, 1), >, 240);
  g_assert_nonnull (strstr (ll_weights_view_get_caption (view, 1), "colours span ±3 (all rates)"));
  g_assert_nonnull (strstr (ll_weights_view_get_caption (view, 1), "largest |w| is 0.1"));

  ll_weights_view_set_shared_scale (view, FALSE);
  g_assert_cmpuint (first_pixel_green (view, 0), ==, first_pixel_green (view, 1));
  g_assert_cmpstr (ll_weights_view_get_caption (view, 1), ==, "colours span ±0.1");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The cat data: more weights than examples, said over the maps. */
static void
test_weights_note (void)
{
  const char *cats = ll_test_catvnoncat_dir ();
  LlWindow *window;

  if (cats == NULL)
    return;
  window = ll_window_new (NULL, NULL);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (ll_weights_view_get_note (ll_window_get_weights_view (window)), ==, "");
  ll_window_open_dataset (window, cats, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  g_assert_null (ll_window_get_error (window));
  g_test_message ("%s", ll_weights_view_get_note (ll_window_get_weights_view (window)));
  g_assert_true (g_str_has_prefix (ll_weights_view_get_note (ll_window_get_weights_view (window)),
                                   "209 examples, 12288 weights"));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/classify/several-images", test_several_images);
  g_test_add_func ("/classify/one-bad-among-several", test_one_bad_among_several);
  g_test_add_func ("/classify/loaded-weights-named", test_loaded_weights_named);
  g_test_add_func ("/classify/waiting-run-left-out", test_waiting_run_left_out);
  g_test_add_func ("/weights/shared-scale", test_weights_shared_scale);
  g_test_add_func ("/weights/note", test_weights_note);
  return g_test_run ();
}
