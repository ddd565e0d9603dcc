/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-image.c: the in-process image checks and decoding on hostile bytes:
 * ll_image_probe (the header, the caps, the JPEG Huffman-table check before
 * stb sees the file), ll_image_decode for grey and RGB, and ll_image_fit on
 * what was decoded. In the app untrusted files are decoded in a child
 * process because stb_image is not trusted; this harness is what measures
 * how far that distrust is needed. */
#include "config.h"

#include "fuzz-common.h"
#include "core/data/image.h"

static void
decode_and_check (const uint8_t *data,
                  size_t         size,
                  guint          channels,
                  guint          width,
                  guint          height)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlImage) image = ll_image_decode (data, size, channels, "fuzz.img", &error);
  g_autoptr (LlImage) fitted = NULL;

  if (image == NULL)
    {
      g_assert_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.img: "));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (image->width, ==, width);
  g_assert_cmpuint (image->height, ==, height);
  g_assert_cmpuint (image->channels, ==, channels);
  /* Every pixel is there: ASan catches a shorter buffer. */
  g_assert_cmpuint (image->pixels[(gsize) width * height * channels - 1], <=, 255);

  /* What the model sees (the course's 64x64 RGB), from both directions of
   * resize and both channel conversions. */
  fitted = ll_image_fit (image, 64, 64, 3);
  g_assert_cmpuint (fitted->width * fitted->height * fitted->channels, ==, 64 * 64 * 3);
  g_clear_pointer (&fitted, ll_image_free);
  fitted = ll_image_fit (image, 3, 2, 1);
  g_assert_cmpuint (fitted->width * fitted->height * fitted->channels, ==, 3 * 2 * 1);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GError) error = NULL;
  guint width = 0, height = 0, channels = 0;

  if (!ll_image_probe (data, size, "fuzz.img", &width, &height, &channels, &error))
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == LL_IMAGE_ERROR);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.img: "));
      /* Decoding probes first: it must refuse the same bytes. */
      g_clear_error (&error);
      g_assert_null (ll_image_decode (data, size, 3, "fuzz.img", &error));
      g_assert_nonnull (error);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (width, >=, 1);
  g_assert_cmpuint (height, >=, 1);
  g_assert_cmpuint (width, <=, LL_IMAGE_MAX_SIDE);
  g_assert_cmpuint (height, <=, LL_IMAGE_MAX_SIDE);
  g_assert_true (channels == 1 || channels == 3);

  decode_and_check (data, size, 1, width, height);
  decode_and_check (data, size, 3, width, height);
  return 0;
}
