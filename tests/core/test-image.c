/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-image.c: decoding with caps, file reading, the area-averaging
 * resize, conversions, and ImageFolder datasets. */
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "core/data/dataset.h"
#include "core/data/image.h"
#include "fixtures.h"
#include "fixtures-image.h"

static LlImage *
decode_bytes (GBytes     *bytes,
              guint       channels,
              const char *name,
              GError    **error)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return ll_image_decode (data, size, channels, name, error);
}

static LlImage *
image_from (guint width, guint height, guint channels, const guint8 *pixels)
{
  LlImage *image = ll_image_new (width, height, channels);

  memcpy (image->pixels, pixels, (gsize) width * height * channels);
  return image;
}

/* ---- decoding ---- */

static void
test_decode_png_grey (void)
{
  static const guint8 pixels[] = { 0, 50, 100, 150, 200, 255 };
  g_autoptr (GBytes) png = ll_test_png_bytes (3, 2, 1, pixels);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = decode_bytes (png, 1, "grey.png", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, 3);
  g_assert_cmpuint (image->height, ==, 2);
  g_assert_cmpuint (image->channels, ==, 1);
  g_assert_cmpmem (image->pixels, 6, pixels, sizeof pixels);

  /* Asked for RGB, grey is copied to the three channels. */
  {
    g_autoptr (LlImage) rgb = decode_bytes (png, 3, "grey.png", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (rgb->channels, ==, 3);
    for (guint i = 0; i < 6; i++)
      for (guint c = 0; c < 3; c++)
        g_assert_cmpuint (rgb->pixels[i * 3 + c], ==, pixels[i]);
  }
}

static void
test_decode_png_rgb (void)
{
  static const guint8 pixels[] = { 255, 0, 0,   0, 255, 0,
                                   0, 0, 255,   10, 20, 30 };
  g_autoptr (GBytes) png = ll_test_png_bytes (2, 2, 3, pixels);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = decode_bytes (png, 3, "rgb.png", &error);
  g_autoptr (LlImage) grey = NULL;
  guint8 probed_channels = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, 2);
  g_assert_cmpuint (image->height, ==, 2);
  g_assert_cmpmem (image->pixels, 12, pixels, sizeof pixels);

  /* To grey: close to Rec. 601 luma (stb rounds its own way: within 1). */
  grey = decode_bytes (png, 1, "rgb.png", &error);
  g_assert_no_error (error);
  g_assert_cmpint (ABS ((int) grey->pixels[0] - 76), <=, 1);
  g_assert_cmpint (ABS ((int) grey->pixels[1] - 150), <=, 1);
  g_assert_cmpint (ABS ((int) grey->pixels[2] - 29), <=, 1);

  {
    guint w = 0, h = 0, c = 0;
    gsize size;
    const guint8 *data = g_bytes_get_data (png, &size);

    g_assert_true (ll_image_probe (data, size, "rgb.png", &w, &h, &c, &error));
    g_assert_no_error (error);
    probed_channels = (guint8) c;
    g_assert_cmpuint (w, ==, 2);
    g_assert_cmpuint (h, ==, 2);
  }
  g_assert_cmpuint (probed_channels, ==, 3);
}

static void
test_decode_bmp (void)
{
  static const guint8 pixels[] = { 1, 2, 3,   4, 5, 6,   7, 8, 9,
                                   10, 11, 12,   13, 14, 15,   16, 17, 18 };
  g_autoptr (GBytes) bmp = ll_test_bmp_bytes (3, 2, pixels);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = decode_bytes (bmp, 3, "picture.bmp", &error);

  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, 3);
  g_assert_cmpuint (image->height, ==, 2);
  g_assert_cmpmem (image->pixels, sizeof pixels, pixels, sizeof pixels);
}

static void
test_decode_jpeg (void)
{
  g_autoptr (GBytes) grey_jpeg = ll_test_jpeg_grey ();
  g_autoptr (GBytes) rgb_jpeg = ll_test_jpeg_rgb ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) grey = decode_bytes (grey_jpeg, 1, "grey.jpg", &error);
  g_autoptr (LlImage) rgb = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (grey->width, ==, 8);
  g_assert_cmpuint (grey->height, ==, 8);
  for (guint i = 0; i < 64; i++)
    g_assert_cmpint (ABS ((int) grey->pixels[i] - 100), <=, 2);

  rgb = decode_bytes (rgb_jpeg, 3, "rgb.jpg", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rgb->width, ==, 32);
  g_assert_cmpuint (rgb->height, ==, 16);
  for (guint y = 0; y < 16; y++)
    for (guint x = 0; x < 32; x++)
      {
        static const int left[3] = { 200, 40, 40 }, right[3] = { 40, 40, 200 };
        const guint8 *p = rgb->pixels + (y * 32 + x) * 3;

        /* JPEG rings at the edge between the halves: look away from it. */
        if (x >= 13 && x <= 18)
          continue;
        for (guint c = 0; c < 3; c++)
          g_assert_cmpint (ABS ((int) p[c] - (x < 16 ? left : right)[c]), <=, 8);
      }
}

static void
test_refuses_huge_dimensions (void)
{
  static const struct { guint32 width, height; } lies[] = {
    { 100000, 100000 },  /* both sides over the cap */
    { 9000, 10 },        /* one side over */
    { 8000, 8000 },      /* sides fine, 64 M pixels over 40 M */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (lies); i++)
    {
      g_autoptr (GBytes) png = ll_test_png_claiming (lies[i].width, lies[i].height);
      g_autoptr (GError) error = NULL;
      g_autoptr (LlImage) image = decode_bytes (png, 1, "liar.png", &error);
      g_autofree char *claim = g_strdup_printf ("%u×%u", lies[i].width, lies[i].height);

      g_assert_null (image);
      g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE);
      g_assert_true (g_str_has_prefix (error->message, "liar.png: "));
      g_assert_nonnull (strstr (error->message, claim));
    }

  /* A header within the caps but no data behind it is a decode error. */
  {
    g_autoptr (GBytes) png = ll_test_png_claiming (1000, 1000);
    g_autoptr (GError) error = NULL;
    g_autoptr (LlImage) image = decode_bytes (png, 1, "short.png", &error);

    g_assert_null (image);
    g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
  }
}

static void
test_refuses_broken_and_foreign_bytes (void)
{
  static const guint8 grey[16] = { 0 };
  /* Formats stb knows but we do not compile in (their decoders have CVEs). */
  static const guint8 gif[] = "GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
                              "!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02" "D\x01\x00;";
  static const guint8 pgm[] = "P5\n1 1\n255\n\x80";
  static const guint8 hdr[] = "#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 +X 1\n\x80\x80\x80\x80";
  g_autoptr (GBytes) png = ll_test_png_bytes (4, 4, 1, grey);
  g_autoptr (GBytes) jpeg = ll_test_jpeg_rgb ();
  struct { const char *name; GBytes *bytes; } cases[] = {
    { "half.png", g_bytes_new_from_bytes (png, 0, g_bytes_get_size (png) / 2) },
    { "header-only.png", g_bytes_new_from_bytes (png, 0, 33) },
    { "half.jpg", g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2) },
    { "garbage.png", g_bytes_new_static ("this is not an image at all", 27) },
    { "empty.png", g_bytes_new_static ("", 0) },
    { "anim.gif", g_bytes_new_static (gif, sizeof gif - 1) },
    { "grey.pgm", g_bytes_new_static (pgm, sizeof pgm - 1) },
    { "sky.hdr", g_bytes_new_static (hdr, sizeof hdr - 1) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LlImage) image = decode_bytes (cases[i].bytes, 3, cases[i].name, &error);
      g_autofree char *prefix = g_strconcat (cases[i].name, ": ", NULL);

      g_test_message ("%s -> %s", cases[i].name, error != NULL ? error->message : "decoded");
      g_assert_null (image);
      g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_bytes_unref (cases[i].bytes);
    }
}

static void
test_refuses_oversized_huffman_table (void)
{
  /* stb would write past its Huffman arrays for a table of more than 256
   * codes, already while reading the header (stbi_info). */
  g_autoptr (GBytes) jpeg = ll_test_jpeg_grey ();
  gsize size;
  const guint8 *original = g_bytes_get_data (jpeg, &size);
  g_autofree guint8 *evil = g_memdup2 (original, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = NULL;
  gsize dht = 0;

  for (gsize i = 2; i + 1 < size && dht == 0; i++)
    if (evil[i] == 0xff && evil[i + 1] == 0xc4)
      dht = i;
  g_assert_cmpuint (dht, >, 0);
  memset (evil + dht + 5, 255, 16);  /* sixteen counts of 255 codes */

  g_assert_false (ll_image_probe (evil, size, "huffman.jpg", NULL, NULL, NULL, &error));
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
  g_assert_cmpstr (error->message, ==, "huffman.jpg: the image is corrupt or truncated (bad or missing Huffman table)");
  g_clear_error (&error);

  image = ll_image_decode (evil, size, 1, "huffman.jpg", &error);
  g_assert_null (image);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
  g_clear_error (&error);

  /* stb also takes a JPEG behind 0xff fill bytes: so must the check. */
  {
    g_autofree guint8 *filled = g_malloc (size + 2);

    filled[0] = filled[1] = 0xff;
    memcpy (filled + 2, evil, size);
    g_assert_false (ll_image_probe (filled, size + 2, "filled.jpg", NULL, NULL, NULL, &error));
    g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
    g_assert_nonnull (strstr (error->message, "bad or missing Huffman table"));
  }
}

/* Found by fuzzing: a scan that decodes with a Huffman table no DHT segment
 * defined; stb would decode it with uninitialised tables. */
static void
test_jpeg_undefined_huffman_table (void)
{
  static const char evil_base64[] =
    "/9j/4AAQSkZJRgAAAAD+AQABAAD/2wBDAAIBAQEBAQIBAQECAgICAgQDAgICAgUEBAMEBgUGBgoKCgoKCgoKCgoKCgr09QoKCgoK"
    "CgoKCgoKCgoKCgoKCgr/wAARCAIQACADAREAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAAAAkH/8QAFBEBAAAAAAAAAAAAAAAA"
    "AAAAAP/aAAwDAQACEQMRAD8Ay+xNUABB1oKxIsBeEU1dAEHWsSLAf//Z";
  gsize size = 0;
  g_autofree guint8 *evil = g_base64_decode (evil_base64, &size);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = ll_image_decode (evil, size, 3, "undefined-table.jpg", &error);

  g_assert_null (image);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
  g_assert_nonnull (strstr (error->message, "missing Huffman table"));
}

/* ---- reading files ---- */

static void
test_read_file_refusals (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *fifo = g_build_filename (dir, "pipe.png", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.png", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder.png", NULL);
  static const guint8 pixels[4] = { 9, 8, 7, 6 };
  g_autoptr (GBytes) png = ll_test_png_bytes (2, 2, 1, pixels);
  g_autofree char *good = ll_test_write_image_file (dir, "good.png", png);
  g_autofree char *link = g_build_filename (dir, "link.png", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (LlImage) image = NULL;

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink (good, link), ==, 0);

  bytes = ll_read_file_capped (missing, 1000, &error);
  g_assert_null (bytes);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "missing.png: "));
  g_clear_error (&error);

  bytes = ll_read_file_capped (folder, 1000, &error);
  g_assert_null (bytes);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_UNREADABLE);
  g_assert_cmpstr (error->message, ==, "folder.png: is a folder, not a file");
  g_clear_error (&error);

  /* Returns at once (no writer needed) and refuses. */
  bytes = ll_read_file_capped (fifo, 1000, &error);
  g_assert_null (bytes);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_UNREADABLE);
  g_assert_cmpstr (error->message, ==, "pipe.png: is not a regular file");
  g_clear_error (&error);

  bytes = ll_read_file_capped ("/dev/zero", 1000, &error);
  g_assert_null (bytes);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_UNREADABLE);
  g_clear_error (&error);

  bytes = ll_read_file_capped (good, 10, &error);
  g_assert_null (bytes);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "good.png: "));
  g_clear_error (&error);

  bytes = ll_read_file_capped (good, 1000, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, png));

  /* A symbolic link to a regular file is fine. */
  image = ll_image_load_file (link, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (image->pixels, 4, pixels, 4);
  g_clear_pointer (&image, ll_image_free);

  image = ll_image_load_file (folder, 1, &error);
  g_assert_null (image);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_UNREADABLE);
  g_clear_error (&error);

  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (good, 0), ==, 0);
      bytes = ll_read_file_capped (good, 1000, &error);
      g_assert_null (bytes);
      g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_UNREADABLE);
      g_clear_error (&error);
    }
}

/* ---- resize and conversions ---- */

static void
test_resize_halves (void)
{
  static const guint8 pixels[16] = {
    0, 10, 100, 100,
    20, 30, 100, 100,
    0, 0, 255, 255,
    0, 1, 255, 254,
  };
  g_autoptr (LlImage) image = image_from (4, 4, 1, pixels);
  g_autoptr (LlImage) small = ll_image_resize (image, 2, 2);

  g_assert_cmpuint (small->width, ==, 2);
  g_assert_cmpuint (small->height, ==, 2);
  g_assert_cmpuint (small->pixels[0], ==, 15);   /* (0 + 10 + 20 + 30) / 4 */
  g_assert_cmpuint (small->pixels[1], ==, 100);
  g_assert_cmpuint (small->pixels[2], ==, 0);    /* 0.25 rounds down */
  g_assert_cmpuint (small->pixels[3], ==, 255);  /* 254.75 rounds up */
}

static void
test_resize_fractional (void)
{
  /* 3 -> 2: destination pixel 0 covers [0, 1.5): 2/3 of p0 and 1/3 of p1. */
  static const guint8 row[3] = { 0, 90, 180 };
  static const guint8 two[2] = { 10, 50 };
  g_autoptr (LlImage) image = image_from (3, 1, 1, row);
  g_autoptr (LlImage) narrow = ll_image_resize (image, 2, 1);
  g_autoptr (LlImage) column = image_from (1, 3, 1, row);
  g_autoptr (LlImage) short_column = ll_image_resize (column, 1, 2);
  g_autoptr (LlImage) pair = image_from (2, 1, 1, two);
  g_autoptr (LlImage) three = ll_image_resize (pair, 3, 1);
  g_autoptr (LlImage) four = ll_image_resize (pair, 4, 1);

  g_assert_cmpuint (narrow->pixels[0], ==, 30);
  g_assert_cmpuint (narrow->pixels[1], ==, 150);
  g_assert_cmpuint (short_column->pixels[0], ==, 30);
  g_assert_cmpuint (short_column->pixels[1], ==, 150);

  /* Upscaling averages too: the middle of 2 -> 3 straddles both sources. */
  g_assert_cmpuint (three->pixels[0], ==, 10);
  g_assert_cmpuint (three->pixels[1], ==, 30);
  g_assert_cmpuint (three->pixels[2], ==, 50);
  g_assert_cmpmem (four->pixels, 4, ((const guint8[]) { 10, 10, 50, 50 }), 4);
}

static void
test_resize_keeps_constant_and_channels (void)
{
  static const struct { guint w, h, to_w, to_h; } shapes[] = {
    { 7, 5, 3, 2 }, { 3, 2, 7, 5 }, { 5, 13, 13, 5 }, { 64, 64, 17, 23 }, { 1, 1, 9, 9 },
  };

  for (gsize s = 0; s < G_N_ELEMENTS (shapes); s++)
    {
      g_autoptr (LlImage) image = ll_image_new (shapes[s].w, shapes[s].h, 3);
      g_autoptr (LlImage) resized = NULL;

      for (gsize i = 0; i < (gsize) shapes[s].w * shapes[s].h; i++)
        {
          image->pixels[i * 3] = 255;
          image->pixels[i * 3 + 1] = 77;
          image->pixels[i * 3 + 2] = 0;
        }
      resized = ll_image_resize (image, shapes[s].to_w, shapes[s].to_h);
      g_assert_cmpuint (resized->channels, ==, 3);
      for (gsize i = 0; i < (gsize) shapes[s].to_w * shapes[s].to_h; i++)
        {
          g_assert_cmpuint (resized->pixels[i * 3], ==, 255);
          g_assert_cmpuint (resized->pixels[i * 3 + 1], ==, 77);
          g_assert_cmpuint (resized->pixels[i * 3 + 2], ==, 0);
        }
    }
}

static void
test_resize_preserves_mean (void)
{
  /* Area averaging keeps the mean brightness when the ratio is whole. */
  g_autoptr (LlImage) image = ll_image_new (12, 12, 1);
  g_autoptr (LlImage) small = NULL;
  double mean_before = 0, mean_after = 0;

  for (guint i = 0; i < 144; i++)
    image->pixels[i] = (guint8) ((i * 37) % 256);
  small = ll_image_resize (image, 4, 3);
  for (guint i = 0; i < 144; i++)
    mean_before += image->pixels[i] / 144.0;
  for (guint i = 0; i < 12; i++)
    mean_after += small->pixels[i] / 12.0;
  g_assert_cmpfloat_with_epsilon (mean_before, mean_after, 0.5);
}

static void
test_convert_and_fit (void)
{
  static const guint8 rgb[12] = { 255, 0, 0,   0, 255, 0,   0, 0, 255,   100, 100, 100 };
  static const guint8 grey[2] = { 7, 200 };
  g_autoptr (LlImage) colour = image_from (2, 2, 3, rgb);
  g_autoptr (LlImage) luma = ll_image_convert (colour, 1);
  g_autoptr (LlImage) plain = image_from (2, 1, 1, grey);
  g_autoptr (LlImage) spread = ll_image_convert (plain, 3);
  g_autoptr (LlImage) fitted = ll_image_fit (colour, 1, 1, 1);
  g_autoptr (LlImage) fitted_rgb = ll_image_fit (plain, 1, 1, 3);

  g_assert_cmpmem (luma->pixels, 4, ((const guint8[]) { 76, 150, 29, 100 }), 4);
  g_assert_cmpmem (spread->pixels, 6, ((const guint8[]) { 7, 7, 7, 200, 200, 200 }), 6);
  g_assert_cmpuint (fitted->channels, ==, 1);
  g_assert_cmpuint (fitted->pixels[0], ==, 89);      /* (76 + 150 + 29 + 100) / 4 = 88.75 */
  g_assert_cmpuint (fitted_rgb->pixels[0], ==, 104);  /* (7 + 200) / 2 = 103.5 */
  g_assert_cmpuint (fitted_rgb->pixels[2], ==, 104);
}

/* ---- image folders ---- */

static void
write_constant_png (const char *root,
                    const char *relative,
                    guint       width,
                    guint       height,
                    guint       channels,
                    guint8      value)
{
  g_autofree guint8 *pixels = g_malloc ((gsize) width * height * channels);
  g_autoptr (GBytes) png = NULL;
  g_autofree char *path = NULL;

  memset (pixels, value, (gsize) width * height * channels);
  png = ll_test_png_bytes (width, height, channels, pixels);
  path = ll_test_write_image_file (root, relative, png);
}

static void
write_text (const char *root,
            const char *relative,
            const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autofree char *path = ll_test_write_image_file (root, relative, bytes);
}

/* pets/train/{cat,dog}, pets/test/{cat,dog}: 4x4 grey, one value per image. */
static char *
make_pets (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  char *root = g_build_filename (dir, "pets", NULL);

  write_constant_png (root, "train/cat/b.png", 4, 4, 1, 20);
  write_constant_png (root, "train/cat/a.png", 4, 4, 1, 10);  /* sorts first */
  write_constant_png (root, "train/dog/c.png", 4, 4, 1, 200);
  write_constant_png (root, "test/dog/e.PNG", 4, 4, 1, 210);
  write_constant_png (root, "test/cat/d.png", 4, 4, 1, 30);
  write_text (root, "train/cat/notes.txt", "not an image, ignored");
  write_text (root, "train/.hidden/x.png", "hidden folders are not classes");
  return root;
}

static void
test_folder_loads (void)
{
  g_autofree char *root = make_pets ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;
  static const guint8 train_values[3] = { 10, 20, 200 };
  static const guint8 train_labels[3] = { 0, 0, 1 };
  static const guint8 test_values[2] = { 30, 210 };
  static const guint8 test_labels[2] = { 0, 1 };

  g_assert_true (ll_dataset_looks_like_folder (root));
  dataset = ll_dataset_load_folder (root, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dataset->name, ==, "pets");
  g_assert_cmpstr (dataset->format, ==, "folder");
  g_assert_cmpuint (dataset->n_classes, ==, 2);
  g_assert_cmpstrv (dataset->class_names, ((const char * const[]) { "cat", "dog", NULL }));
  g_assert_cmpuint (dataset->width, ==, 4);
  g_assert_cmpuint (dataset->height, ==, 4);
  g_assert_cmpuint (dataset->channels, ==, 1);
  g_assert_cmpuint (dataset->n_features, ==, 16);
  g_assert_cmpuint (dataset->train.count, ==, 3);
  g_assert_cmpuint (dataset->test.count, ==, 2);
  g_assert_cmpmem (dataset->train.labels, 3, train_labels, 3);
  g_assert_cmpmem (dataset->test.labels, 2, test_labels, 2);
  for (guint i = 0; i < 3; i++)
    for (guint j = 0; j < 16; j++)
      g_assert_cmpuint (dataset->train.pixels[i * 16 + j], ==, train_values[i]);
  for (guint i = 0; i < 2; i++)
    for (guint j = 0; j < 16; j++)
      g_assert_cmpuint (dataset->test.pixels[i * 16 + j], ==, test_values[i]);
}

static void
test_folder_resizes_and_converts (void)
{
  g_autofree char *root = make_pets ();
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;
  static const guint8 rgb[12] = { 255, 0, 0,  255, 0, 0,  255, 0, 0,  255, 0, 0 };
  g_autoptr (GBytes) bmp = ll_test_bmp_bytes (2, 2, rgb);
  g_autofree char *path = ll_test_write_image_file (root, "train/dog/f.bmp", bmp);
  g_autoptr (GBytes) jpeg = ll_test_jpeg_grey ();
  g_autofree char *jpeg_path = ll_test_write_image_file (root, "test/dog/g.jpg", jpeg);

  /* 4x4 grey first image, asked for 3x2: every image resized, the red BMP made grey. */
  dataset = ll_dataset_load_folder (root, 3, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->width, ==, 3);
  g_assert_cmpuint (dataset->height, ==, 2);
  g_assert_cmpuint (dataset->channels, ==, 1);
  g_assert_cmpuint (dataset->n_features, ==, 6);
  g_assert_cmpuint (dataset->train.count, ==, 4);
  g_assert_cmpuint (dataset->test.count, ==, 3);
  for (guint j = 0; j < 6; j++)
    {
      g_assert_cmpuint (dataset->train.pixels[0 * 6 + j], ==, 10);
      g_assert_cmpint (ABS ((int) dataset->train.pixels[3 * 6 + j] - 76), <=, 1);
      g_assert_cmpint (ABS ((int) dataset->test.pixels[2 * 6 + j] - 100), <=, 2);
    }
  g_assert_cmpuint (dataset->train.labels[3], ==, 1);
  g_assert_cmpuint (dataset->test.labels[2], ==, 1);
}

static void
test_folder_colour_first (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *root = g_build_filename (dir, "colours", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;

  write_constant_png (root, "train/a/1.png", 2, 2, 3, 90);
  write_constant_png (root, "train/b/1.png", 8, 8, 1, 40);
  write_constant_png (root, "test/b/1.png", 2, 2, 1, 40);
  dataset = ll_dataset_load_folder (root, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->channels, ==, 3);
  g_assert_cmpuint (dataset->n_features, ==, 12);
  for (guint j = 0; j < 12; j++)
    g_assert_cmpuint (dataset->train.pixels[12 + j], ==, 40);
  g_assert_cmpuint (dataset->test.count, ==, 1);
  g_assert_cmpuint (dataset->test.labels[0], ==, 1);
}

static void
test_folder_nested_and_val (void)
{
  /* As torchvision: images in subfolders of a class count, after the class
   * folder's own; val/ stands in for test/. */
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *root = g_build_filename (dir, "nested", NULL);
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = NULL;

  write_constant_png (root, "train/cat/2019/b/x.png", 2, 2, 1, 3);
  write_constant_png (root, "train/cat/2019/a.png", 2, 2, 1, 2);
  write_constant_png (root, "train/cat/z.png", 2, 2, 1, 1);
  write_constant_png (root, "train/dog/d.png", 2, 2, 1, 4);
  write_constant_png (root, "val/dog/e.png", 2, 2, 1, 5);
  dataset = ll_dataset_load_folder (root, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dataset->train.count, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpuint (dataset->train.pixels[i * 4], ==, i + 1);
  g_assert_cmpmem (dataset->train.labels, 4, ((const guint8[]) { 0, 0, 0, 1 }), 4);
  g_assert_cmpuint (dataset->test.count, ==, 1);
  g_assert_cmpuint (dataset->test.pixels[0], ==, 5);
}

static void
assert_folder_error (const char *root,
                     int         code,
                     const char *expected_fragment)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = ll_dataset_load_folder (root, 0, 0, &error);

  g_assert_null (dataset);
  g_assert_error (error, LL_DATASET_ERROR, code);
  g_test_message ("%s", error->message);
  if (strstr (error->message, expected_fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, expected_fragment);
}

static void
test_folder_errors (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *root = NULL;
  g_autofree char *bad = NULL;

  /* No train/ at all. */
  root = g_build_filename (dir, "empty", NULL);
  g_assert_cmpint (g_mkdir (root, 0700), ==, 0);
  g_assert_false (ll_dataset_looks_like_folder (root));
  assert_folder_error (root, LL_DATASET_ERROR_FORMAT, "empty: no train/ folder");
  g_clear_pointer (&root, g_free);

  /* Only one class. */
  root = g_build_filename (dir, "lonely", NULL);
  write_constant_png (root, "train/cat/a.png", 2, 2, 1, 1);
  write_constant_png (root, "test/cat/a.png", 2, 2, 1, 1);
  g_assert_true (ll_dataset_looks_like_folder (root));
  assert_folder_error (root, LL_DATASET_ERROR_CLASSES, "lonely/train: has only one class folder");
  g_clear_pointer (&root, g_free);

  /* A class folder without images (a text file does not count). */
  root = make_pets ();
  write_text (root, "train/emu/readme.txt", "no pictures yet");
  assert_folder_error (root, LL_DATASET_ERROR_FORMAT, "pets/train/emu: the class folder holds no");
  g_clear_pointer (&root, g_free);

  /* A test class the training set does not have. */
  root = make_pets ();
  write_constant_png (root, "test/emu/a.png", 4, 4, 1, 1);
  assert_folder_error (root, LL_DATASET_ERROR_CLASSES, "pets/test/emu: class “emu” is not among");
  g_clear_pointer (&root, g_free);

  /* No test/ folder. */
  root = g_build_filename (dir, "untested", NULL);
  write_constant_png (root, "train/a/1.png", 2, 2, 1, 1);
  write_constant_png (root, "train/b/1.png", 2, 2, 1, 1);
  assert_folder_error (root, LL_DATASET_ERROR_FORMAT, "untested: no test/ folder");
  g_clear_pointer (&root, g_free);

  /* A bad image is named, with its place in the tree. */
  root = make_pets ();
  write_text (root, "train/dog/broken.png", "\x89PNG\r\n\x1a\n but then nothing");
  assert_folder_error (root, LL_DATASET_ERROR_FORMAT, "pets/train/dog/broken.png: ");
  g_clear_pointer (&root, g_free);

  /* A huge lying header is refused before decoding. */
  root = make_pets ();
  {
    g_autoptr (GBytes) liar = ll_test_png_claiming (100000, 100000);

    bad = ll_test_write_image_file (root, "test/cat/liar.png", liar);
  }
  assert_folder_error (root, LL_DATASET_ERROR_TOO_LARGE, "pets/test/cat/liar.png: ");
  g_clear_pointer (&root, g_free);

  /* A requested size over the cap. */
  root = make_pets ();
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (LlDataset) dataset = ll_dataset_load_folder (root, 100000, 10, &error);

    g_assert_null (dataset);
    g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE);
  }
  g_clear_pointer (&root, g_free);

  /* Not a folder at all. */
  root = g_build_filename (dir, "nowhere", NULL);
  assert_folder_error (root, LL_DATASET_ERROR_NOT_FOUND, "nowhere: no such folder");
}

/* A JPEG cut inside its tables reads as a damaged JPEG, not as a PNG
 * without its signature (stb's last guess). */
static void
test_jpeg_cut_in_its_tables (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("LL_SOURCE_DIR"), "tests", "corpus", "images",
                                            "truncated.jpg", NULL);
  g_autofree char *contents = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  image = ll_image_decode ((const guint8 *) contents, size, 3, "truncated.jpg", &error);
  g_assert_null (image);
  g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
  g_assert_cmpstr (error->message, ==,
                   "truncated.jpg: the image is corrupt or truncated (the JPEG header is cut short or damaged)");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/image/decode/png-grey", test_decode_png_grey);
  g_test_add_func ("/image/decode/png-rgb", test_decode_png_rgb);
  g_test_add_func ("/image/decode/bmp", test_decode_bmp);
  g_test_add_func ("/image/decode/jpeg", test_decode_jpeg);
  g_test_add_func ("/image/decode/refuses-huge-dimensions", test_refuses_huge_dimensions);
  g_test_add_func ("/image/decode/refuses-broken-and-foreign", test_refuses_broken_and_foreign_bytes);
  g_test_add_func ("/image/decode/refuses-oversized-huffman-table", test_refuses_oversized_huffman_table);
  g_test_add_func ("/image/decode/refuses-undefined-huffman-table", test_jpeg_undefined_huffman_table);
  g_test_add_func ("/image/decode/jpeg-cut-in-its-tables", test_jpeg_cut_in_its_tables);
  g_test_add_func ("/image/read/refusals", test_read_file_refusals);
  g_test_add_func ("/image/resize/halves", test_resize_halves);
  g_test_add_func ("/image/resize/fractional", test_resize_fractional);
  g_test_add_func ("/image/resize/constant-and-channels", test_resize_keeps_constant_and_channels);
  g_test_add_func ("/image/resize/preserves-mean", test_resize_preserves_mean);
  g_test_add_func ("/image/convert-and-fit", test_convert_and_fit);
  g_test_add_func ("/image/folder/loads", test_folder_loads);
  g_test_add_func ("/image/folder/resizes-and-converts", test_folder_resizes_and_converts);
  g_test_add_func ("/image/folder/colour-first", test_folder_colour_first);
  g_test_add_func ("/image/folder/nested-and-val", test_folder_nested_and_val);
  g_test_add_func ("/image/folder/errors", test_folder_errors);

  return g_test_run ();
}
