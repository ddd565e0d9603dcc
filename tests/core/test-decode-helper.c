/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-decode-helper.c: decoding in a limited child process. The child is
 * decode-helper-child (LL_DECODE_HELPER_CHILD), which misbehaves on purpose
 * for files named crash.png, hang.png, ...; the real logistic-lab binary is
 * tried too when it has been built. */
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>

#include "core/data/decode-helper.h"
#include "fixtures.h"
#include "fixtures-image.h"

static const char *
child_path (void)
{
  const char *path = g_getenv ("LL_DECODE_HELPER_CHILD");

  if (path == NULL || !g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("LL_DECODE_HELPER_CHILD is not set: run through meson test");
      return NULL;
    }
  return path;
}

/* A folder holding good.png (3x2 RGB) and the files that trigger misbehaviour. */
static char *
make_files (void)
{
  static const guint8 pixels[18] = { 1, 2, 3,  4, 5, 6,  7, 8, 9,
                                     10, 11, 12,  13, 14, 15,  200, 100, 50 };
  static const char * const modes[] = {
    "crash.png", "hang.png", "spin.png", "hog.png", "garbage.png", "lie.png", "flood.png", "fail.png",
  };
  char *dir = ll_test_make_tmpdir ();
  g_autoptr (GBytes) png = ll_test_png_bytes (3, 2, 3, pixels);
  g_autoptr (GBytes) text = g_bytes_new_static ("hello, I am a text file\n", 24);
  g_autofree char *good = ll_test_write_image_file (dir, "good.png", png);
  g_autofree char *fake = ll_test_write_image_file (dir, "notes.png", text);

  for (gsize i = 0; i < G_N_ELEMENTS (modes); i++)
    g_free (ll_test_write_image_file (dir, modes[i], png));
  return dir;
}

static LlImage *
decode (const char   *helper,
        const char   *dir,
        const char   *file,
        guint         timeout_ms,
        guint         cpu_seconds,
        GError      **error)
{
  LlDecodeHelperConfig config = {
    .helper_path = helper,
    .timeout_ms = timeout_ms,
    .cpu_limit_seconds = cpu_seconds,
    .memory_limit_bytes = 256u * 1024u * 1024u,
  };
  g_autofree char *path = g_build_filename (dir, file, NULL);

  return ll_decode_in_helper (&config, path, 3, NULL, error);
}

static void
assert_helper_error (const char *helper,
                     const char *dir,
                     const char *file,
                     guint       timeout_ms,
                     guint       cpu_seconds,
                     const char *expected)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = decode (helper, dir, file, timeout_ms, cpu_seconds, &error);

  g_assert_null (image);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER);
  g_test_message ("%s", error->message);
  if (!g_str_has_prefix (error->message, expected))
    g_error ("“%s” does not start with “%s”", error->message, expected);
}

static void
test_decodes (void)
{
  const char *helper = child_path ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = NULL;
  g_autoptr (LlImage) direct = NULL;

  if (helper == NULL)
    return;
  dir = make_files ();
  image = decode (helper, dir, "good.png", 0, 0, &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "good.png", NULL);
  direct = ll_image_load_file (path, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, 3);
  g_assert_cmpuint (image->height, ==, 2);
  g_assert_cmpuint (image->channels, ==, 3);
  g_assert_cmpmem (image->pixels, 18, direct->pixels, 18);
  g_assert_cmpuint (image->pixels[17], ==, 50);
}

static void
test_child_errors_travel_back (void)
{
  const char *helper = child_path ();
  g_autofree char *dir = NULL;
  g_autofree char *notes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) direct_error = NULL;
  g_autoptr (LlImage) image = NULL;
  g_autoptr (LlImage) direct = NULL;

  if (helper == NULL)
    return;
  dir = make_files ();

  /* Not an image: the very error in-process decoding gives. */
  image = decode (helper, dir, "notes.png", 0, 0, &error);
  notes = g_build_filename (dir, "notes.png", NULL);
  direct = ll_image_load_file (notes, 3, &direct_error);
  g_assert_null (image);
  g_assert_null (direct);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
  g_assert_cmpstr (error->message, ==, direct_error->message);
  g_assert_true (g_str_has_prefix (error->message, "notes.png: "));
  g_clear_error (&error);

  image = decode (helper, dir, "missing.png", 0, 0, &error);
  g_assert_null (image);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "missing.png: "));
  g_clear_error (&error);

  image = decode (helper, dir, "", 0, 0, &error);
  g_assert_null (image);
  g_assert_nonnull (error);
}

static void
test_crash (void)
{
  const char *helper = child_path ();
  g_autofree char *dir = NULL;

  if (helper == NULL)
    return;
  dir = make_files ();
  assert_helper_error (helper, dir, "crash.png", 0, 0, "crash.png: the image decoder crashed (signal 11)");
  /* The memory limit holds: a 1 GiB allocation under 256 MiB is refused.
   * Not under AddressSanitizer, whose shadow memory rules out the limit
   * (see ll_decode_set_limit). */
#if !defined(__SANITIZE_ADDRESS__)
  assert_helper_error (helper, dir, "hog.png", 0, 0,
                       "hog.png: the image decoder failed (exit status 42: the allocation was refused)");
#endif
}

static void
test_hang_is_killed (void)
{
  const char *helper = child_path ();
  g_autofree char *dir = NULL;
  gint64 start;
  double seconds;

  if (helper == NULL)
    return;
  dir = make_files ();
  start = g_get_monotonic_time ();
  assert_helper_error (helper, dir, "hang.png", 300, 0,
                       "hang.png: the image decoder took longer than 300 ms and was stopped");
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("stopped after %.3f s", seconds);
  g_assert_cmpfloat (seconds, >=, 0.3);
  g_assert_cmpfloat (seconds, <, 5.0);
}

static void
test_cpu_limit (void)
{
  const char *helper = child_path ();
  g_autofree char *dir = NULL;

  if (helper == NULL)
    return;
  dir = make_files ();
  /* A busy loop is stopped by RLIMIT_CPU (1 s) well before the 30 s clock. */
  assert_helper_error (helper, dir, "spin.png", 30000, 1,
                       "spin.png: the image decoder used more than 1 s of processor time");
}

static void
test_bad_replies (void)
{
  const char *helper = child_path ();
  g_autofree char *dir = NULL;

  if (helper == NULL)
    return;
  dir = make_files ();
  assert_helper_error (helper, dir, "garbage.png", 0, 0, "garbage.png: the image decoder sent a malformed reply");
  assert_helper_error (helper, dir, "lie.png", 0, 0, "lie.png: the image decoder sent a malformed reply");
  assert_helper_error (helper, dir, "flood.png", 0, 0,
                       "flood.png: the image decoder sent more data than any allowed image holds");
  assert_helper_error (helper, dir, "fail.png", 0, 0,
                       "fail.png: the image decoder failed (exit status 7: something went wrong in here)");
}

static void
test_missing_helper (void)
{
  g_autofree char *dir = make_files ();

  assert_helper_error ("/nonexistent/helper", dir, "good.png", 0, 0,
                       "good.png: cannot start the image decoder");
}

static gpointer
cancel_soon (gpointer data)
{
  /* Not waiting for work: this only places the cancel while the child hangs. */
  g_usleep (200 * 1000);
  g_cancellable_cancel (data);
  return NULL;
}

static void
test_cancel (void)
{
  const char *helper = child_path ();
  g_autofree char *dir = NULL;
  g_autofree char *hang = NULL;
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = NULL;
  LlDecodeHelperConfig config = { .helper_path = helper };
  GThread *thread;
  gint64 start;

  if (helper == NULL)
    return;
  dir = make_files ();
  hang = g_build_filename (dir, "hang.png", NULL);

  start = g_get_monotonic_time ();
  thread = g_thread_new ("cancel", cancel_soon, cancellable);
  image = ll_decode_in_helper (&config, hang, 3, cancellable, &error);
  g_thread_join (thread);
  g_assert_null (image);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* Well before the default 10 s timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* Already cancelled: nothing is started. */
  image = ll_decode_in_helper (&config, hang, 3, cancellable, &error);
  g_assert_null (image);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_real_binary (void)
{
  const char *helper = g_getenv ("LL_LOGISTIC_LAB");
  g_autofree char *dir = NULL;
  g_autofree char *good = NULL;
  g_autofree char *notes = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = NULL;
  LlDecodeHelperConfig config = { 0 };

  if (helper == NULL || !g_file_test (helper, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("logistic-lab is not built yet (LL_LOGISTIC_LAB)");
      return;
    }
  config.helper_path = helper;
  dir = make_files ();
  good = g_build_filename (dir, "good.png", NULL);
  notes = g_build_filename (dir, "notes.png", NULL);

  /* The default limits (512 MiB, 5 s, 10 s) let the real program decode. */
  image = ll_decode_in_helper (&config, good, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, 3);
  g_assert_cmpuint (image->height, ==, 2);
  g_assert_cmpuint (image->channels, ==, 1);
  g_clear_pointer (&image, ll_image_free);

  image = ll_decode_in_helper (&config, notes, 3, NULL, &error);
  g_assert_null (image);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
  g_assert_true (g_str_has_prefix (error->message, "notes.png: "));
}

/* ---- many files in a forked child ---- */

/* pixels i: 2x2 grey, value 10 * (i + 1) mod 256, named set/NNN.png */
static char *
make_batch (gsize n, GPtrArray *paths, GPtrArray *names)
{
  char *dir = ll_test_make_tmpdir ();

  for (gsize i = 0; i < n; i++)
    {
      guint8 pixels[4];
      g_autoptr (GBytes) png = NULL;
      g_autofree char *file = g_strdup_printf ("%03u.png", (guint) i);

      memset (pixels, (int) ((10 * (i + 1)) % 256), sizeof pixels);
      png = ll_test_png_bytes (2, 2, 1, pixels);
      g_ptr_array_add (paths, ll_test_write_image_file (dir, file, png));
      g_ptr_array_add (names, g_strdup_printf ("set/%s", file));
    }
  g_ptr_array_add (paths, NULL);
  g_ptr_array_add (names, NULL);
  return dir;
}

/* Decodes for real, except that the file named in USER_DATA ("crash:/002.png"
 * or "hang:/002.png") crashes or hangs the child. */
static gboolean
misbehave (const char     *path,
           guint           width,
           guint           height,
           guint           channels,
           guint8         *out,
           LlImageFailure *failure,
           gpointer        user_data)
{
  const char *spec = user_data;
  const char *suffix = strchr (spec, ':') + 1;
  LlImage *image;
  guint8 *data;
  gsize size;

  if (g_str_has_suffix (path, suffix))
    {
      if (g_str_has_prefix (spec, "crash:"))
        {
          signal (SIGSEGV, SIG_DFL);  /* a sanitizer's handler would exit instead */
          raise (SIGSEGV);
        }
      for (;;)
        pause ();
    }
  if (!ll_image_read_raw (path, 1 << 20, &data, &size, failure))
    return FALSE;
  image = ll_image_decode_raw (data, size, channels, failure);
  g_free (data);
  if (image == NULL)
    return FALSE;
  g_assert_cmpuint (image->width, ==, width);
  g_assert_cmpuint (image->height, ==, height);
  memcpy (out, image->pixels, (gsize) width * height * channels);
  ll_image_free (image);
  return TRUE;
}

/* ll_decode_files_forked_full over a make_batch set; MISBEHAVIOUR NULL for
 * the real decoder, else misbehave's "crash:..." or "hang:...". */
static guint8 *
decode_set_full (GPtrArray  *paths,
                 GPtrArray  *names,
                 guint      *width,
                 guint      *height,
                 guint      *channels,
                 gsize       max_total_bytes,
                 guint       timeout_ms,
                 const char *misbehaviour,
                 GError    **error)
{
  return ll_decode_files_forked_full ((const char * const *) paths->pdata,
                                      (const char * const *) names->pdata, paths->len - 1,
                                      width, height, channels, max_total_bytes, timeout_ms,
                                      misbehaviour != NULL ? misbehave : NULL,
                                      (gpointer) misbehaviour, NULL, error);
}

static void
test_batch_decodes (void)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = make_batch (5, paths, names);
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *block = NULL;
  guint width = 0, height = 0, channels = 0;

  block = decode_set_full (paths, names, &width, &height, &channels, 1 << 20, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (width, ==, 2);
  g_assert_cmpuint (height, ==, 2);
  g_assert_cmpuint (channels, ==, 1);
  for (guint i = 0; i < 5; i++)
    for (guint j = 0; j < 4; j++)
      g_assert_cmpuint (block[i * 4 + j], ==, 10 * (i + 1));
  g_clear_pointer (&block, g_free);

  /* A given shape: every image resized (a constant stays constant) and made RGB. */
  width = 3, height = 5, channels = 3;
  block = decode_set_full (paths, names, &width, &height, &channels, 1 << 20, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 5; i++)
    for (guint j = 0; j < 45; j++)
      g_assert_cmpuint (block[i * 45 + j], ==, 10 * (i + 1));
  g_clear_pointer (&block, g_free);

  /* The cap on the whole block. */
  width = 100, height = 100, channels = 3;
  block = decode_set_full (paths, names, &width, &height, &channels, 100000, 0, NULL, &error);
  g_assert_null (block);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* A bad file is named, with the same words as in-process decoding. */
  {
    g_autoptr (GBytes) text = g_bytes_new_static ("not a picture", 13);
    g_autofree char *bad = ll_test_write_image_file (dir, "003.png", text);

    width = height = channels = 0;
    block = decode_set_full (paths, names, &width, &height, &channels, 1 << 20, 0, NULL, &error);
    g_assert_null (block);
    g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
    g_assert_cmpstr (error->message, ==, "set/003.png: not a PNG, JPEG or BMP image we can read (unknown image type)");
  }
}

static void
test_batch_crash_and_hang (void)
{
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = make_batch (4, paths, names);
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *block = NULL;
  guint width = 0, height = 0, channels = 0;
  gint64 start;

  block = decode_set_full (paths, names, &width, &height, &channels, 1 << 20, 0, "crash:/002.png", &error);
  g_assert_null (block);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER);
  g_assert_cmpstr (error->message, ==, "set/002.png: the image decoder crashed (signal 11)");
  g_clear_error (&error);

  start = g_get_monotonic_time ();
  width = height = channels = 0;
  block = decode_set_full (paths, names, &width, &height, &channels, 1 << 20, 300, "hang:/002.png", &error);
  g_assert_null (block);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_HELPER);
  g_assert_cmpstr (error->message, ==, "set/002.png: the image decoder took longer than 300 ms and was stopped");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
}

/* The whole set of make_batch in one call: the real decoder, or misbehave
 * with MISBEHAVIOUR. */
static guint8 *
decode_set (GPtrArray  *paths,
            GPtrArray  *names,
            const char *misbehaviour,
            GError    **error)
{
  guint width = 0, height = 0, channels = 0;

  return decode_set_full (paths, names, &width, &height, &channels, 1 << 20, 0, misbehaviour, error);
}

static void
test_batch_many_workers (void)
{
  /* 150 files: several processes where there are several cores. Whatever
   * the split, the pixels land in order and the first bad file is named. */
  g_autoptr (GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = make_batch (150, paths, names);
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *block = decode_set (paths, names, NULL, &error);
  g_autoptr (GBytes) text = g_bytes_new_static ("not a picture", 13);

  g_assert_no_error (error);
  for (guint i = 0; i < 150; i++)
    for (guint j = 0; j < 4; j++)
      g_assert_cmpuint (block[i * 4 + j], ==, (10 * (i + 1)) % 256);
  g_clear_pointer (&block, g_free);

  /* A crash late in the set and a bad file early: the early one is named. */
  g_free (ll_test_write_image_file (dir, "020.png", text));
  block = decode_set (paths, names, "crash:/140.png", &error);
  g_assert_null (block);
  g_assert_cmpstr (error->message, ==, "set/020.png: not a PNG, JPEG or BMP image we can read (unknown image type)");
  g_clear_error (&error);

  /* And the other way round. */
  block = decode_set (paths, names, "crash:/010.png", &error);
  g_assert_null (block);
  g_assert_cmpstr (error->message, ==, "set/010.png: the image decoder crashed (signal 11)");
  g_clear_error (&error);

  /* A hang late and a bad file early: no waiting for the hang. */
  block = decode_set (paths, names, "hang:/145.png", &error);
  g_assert_null (block);
  g_assert_cmpstr (error->message, ==, "set/020.png: not a PNG, JPEG or BMP image we can read (unknown image type)");
}

static void
test_batch_survives_stb_bug (void)
{
  /* Found by fuzzing: makes Debian's stb_image read freed memory in
   * stbi__jpeg_huff_decode. Whatever the child makes of it, we survive and
   * either get pixels or an error naming the file. */
  static const guint8 evil[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01,
    0x01, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00,
    0x02, 0x01, 0x41, 0x01, 0x01, 0x01, 0x02, 0x01, 0x02, 0x2a, 0x01, 0x01,
    0x02, 0x02, 0x02, 0x02, 0x02, 0x04, 0x03, 0x02, 0x02, 0x02, 0x02, 0x05,
    0x04, 0x04, 0x03, 0x04, 0x06, 0x05, 0x06, 0x06, 0x06, 0x05, 0x06, 0x06,
    0x07, 0x06, 0x09, 0x28, 0x06, 0x07, 0x09, 0x07, 0x06, 0x06, 0x08, 0x0b,
    0x08, 0x09, 0x0a, 0x0a, 0x0a, 0x0a, 0x0a, 0x26, 0x08, 0x0b, 0x0c, 0x0b,
    0x0a, 0x0c, 0x09, 0x0a, 0x0a, 0x0a, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00,
    0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00, 0xff, 0xc4, 0x00, 0x14, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x07, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x01, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xfb, 0xff, 0xff, 0xff, 0x00,
    0x18, 0x00, 0x07, 0xff, 0xc4, 0x00, 0x14, 0x10, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x3f, 0x00, 0x0f, 0x7f, 0xff, 0xd9
  };
  g_autoptr (GBytes) bytes = g_bytes_new_static (evil, sizeof evil);
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = ll_test_write_image_file (dir, "evil.jpg", bytes);
  const char *paths[] = { path, NULL };
  const char *names[] = { "evil.jpg", NULL };
  g_autoptr (GError) error = NULL;
  g_autofree guint8 *block = NULL;
  guint width = 0, height = 0, channels = 0;

  block = ll_decode_files_forked (paths, names, 1, &width, &height, &channels, 1 << 20, 0, NULL, &error);
  if (block == NULL)
    {
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "evil.jpg: "));
    }
  else
    g_assert_cmpuint (width * height, ==, 64);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/decode-helper/decodes", test_decodes);
  g_test_add_func ("/decode-helper/child-errors-travel-back", test_child_errors_travel_back);
  g_test_add_func ("/decode-helper/crash", test_crash);
  g_test_add_func ("/decode-helper/hang-is-killed", test_hang_is_killed);
  g_test_add_func ("/decode-helper/cpu-limit", test_cpu_limit);
  g_test_add_func ("/decode-helper/bad-replies", test_bad_replies);
  g_test_add_func ("/decode-helper/missing-helper", test_missing_helper);
  g_test_add_func ("/decode-helper/cancel", test_cancel);
  g_test_add_func ("/decode-helper/real-binary", test_real_binary);
  g_test_add_func ("/decode-helper/batch/decodes", test_batch_decodes);
  g_test_add_func ("/decode-helper/batch/crash-and-hang", test_batch_crash_and_hang);
  g_test_add_func ("/decode-helper/batch/many-workers", test_batch_many_workers);
  g_test_add_func ("/decode-helper/batch/survives-stb-bug", test_batch_survives_stb_bug);

  return g_test_run ();
}
