/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-run.c: see cli-run.h. */
#include "cli-run.h"

#include <gio/gio.h>
#include <string.h>
#include <sys/wait.h>
#include <zlib.h>

#include "fixtures.h"

void
ll_cli_run_free (LlCliRun *run)
{
  if (run == NULL)
    return;
  g_free (run->out);
  g_free (run->err);
  g_free (run);
}

LlCliRun *
ll_cli_run (const char *const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) envp = g_get_environ ();
  LlCliRun *run = g_new0 (LlCliRun, 1);
  int wait_status = 0;

  g_ptr_array_add (argv, (char *) ll_test_logistic_lab ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* The command line never needs a display, even under xvfb-run. */
  envp = g_environ_unsetenv (envp, "DISPLAY");
  envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  run->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return run;
}

LlCliRun *
ll_cli_run_args (const char *first, ...)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  va_list ap;

  va_start (ap, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  return ll_cli_run ((const char *const *) args->pdata);
}

guint
ll_cli_count_lines (const char *text)
{
  guint lines = 0;

  for (const char *p = text; *p != '\0'; p++)
    lines += *p == '\n';
  return lines;
}

void
ll_cli_assert_bad_input (const LlCliRun *run, const char *mention)
{
  g_test_message ("stderr: %s", run->err);
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  g_assert_cmpuint (ll_cli_count_lines (run->err), ==, 1);
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (g_str_has_prefix (run->err, "logistic-lab: "));
  g_assert_nonnull (strstr (run->err, mention));
}

void
ll_cli_assert_success (const LlCliRun *run)
{
  if (run->status != 0 || run->err[0] != '\0')
    g_test_message ("exit %d, stderr: %s", run->status, run->err);
  g_assert_cmpint (run->status, ==, 0);
  g_assert_cmpstr (run->err, ==, "");
}

char *
ll_cli_python (const char *script, const char *input, const char *const *args)
{
  const char *python = "/usr/bin/python3";
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  char *out = NULL;
  g_autofree char *err = NULL;

  if (!g_file_test (python, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/python3 is missing: JSON not parsed by python");
      return NULL;
    }
  g_ptr_array_add (argv, (char *) python);
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, (char *) script);
  for (guint i = 0; args != NULL && args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char *const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE
                               | G_SUBPROCESS_FLAGS_STDOUT_PIPE
                               | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_test_message ("python check failed: %s", err);
  g_assert_true (g_subprocess_get_successful (process));
  return out;
}

static void
append_be32 (GByteArray *bytes, guint32 value)
{
  const guint8 be[4] = { value >> 24, value >> 16, value >> 8, value };

  g_byte_array_append (bytes, be, 4);
}

static void
write_bytes (const char *dir, const char *name, GByteArray *bytes)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;

  g_file_set_contents (path, (const char *) bytes->data, bytes->len, &error);
  g_assert_no_error (error);
}

static void
write_idx_split (const char *dir, const char *prefix, guint count, GRand *rand)
{
  g_autoptr (GByteArray) images = g_byte_array_new ();
  g_autoptr (GByteArray) labels = g_byte_array_new ();
  g_autofree char *images_name = g_strconcat (prefix, "-images-idx3-ubyte", NULL);
  g_autofree char *labels_name = g_strconcat (prefix, "-labels-idx1-ubyte", NULL);

  append_be32 (images, 0x00000803);
  append_be32 (images, count);
  append_be32 (images, 8);
  append_be32 (images, 8);
  append_be32 (labels, 0x00000801);
  append_be32 (labels, count);
  for (guint i = 0; i < count; i++)
    {
      guint8 label = i % 2;

      g_byte_array_append (labels, &label, 1);
      for (guint p = 0; p < 64; p++)
        {
          guint8 pixel = label ? g_rand_int_range (rand, 150, 256) : g_rand_int_range (rand, 0, 106);
          g_byte_array_append (images, &pixel, 1);
        }
    }
  write_bytes (dir, images_name, images);
  write_bytes (dir, labels_name, labels);
}

void
ll_cli_write_idx_dataset (const char *dir, guint n_train, guint n_test)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);

  write_idx_split (dir, "train", n_train, rand);
  write_idx_split (dir, "t10k", n_test, rand);
}

static void
append_png_chunk (GByteArray *png, const char *type, const guint8 *data, gsize size)
{
  uLong crc = crc32 (0, (const Bytef *) type, 4);

  crc = crc32 (crc, data, size);
  append_be32 (png, size);
  g_byte_array_append (png, (const guint8 *) type, 4);
  g_byte_array_append (png, data, size);
  append_be32 (png, crc);
}

void
ll_cli_write_png (const char *path, guint width, guint height, guint channels, const guint8 *pixels)
{
  static const guint8 signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  g_autoptr (GByteArray) png = g_byte_array_new ();
  g_autoptr (GByteArray) header = g_byte_array_new ();
  g_autoptr (GByteArray) raw = g_byte_array_new ();
  g_autoptr (GError) error = NULL;
  const guint8 header_tail[5] = { 8, channels == 3 ? 2 : 0, 0, 0, 0 };
  const guint8 no_filter = 0;
  uLongf packed_size;
  g_autofree guint8 *packed = NULL;

  g_byte_array_append (png, signature, sizeof signature);
  append_be32 (header, width);
  append_be32 (header, height);
  g_byte_array_append (header, header_tail, sizeof header_tail);
  append_png_chunk (png, "IHDR", header->data, header->len);

  for (guint y = 0; y < height; y++)
    {
      g_byte_array_append (raw, &no_filter, 1);
      g_byte_array_append (raw, pixels + (gsize) y * width * channels, width * channels);
    }
  packed_size = compressBound (raw->len);
  packed = g_malloc (packed_size);
  g_assert_cmpint (compress2 (packed, &packed_size, raw->data, raw->len, 9), ==, Z_OK);
  append_png_chunk (png, "IDAT", packed, packed_size);
  append_png_chunk (png, "IEND", NULL, 0);

  g_file_set_contents (path, (const char *) png->data, png->len, &error);
  g_assert_no_error (error);
}
