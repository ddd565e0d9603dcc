/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stb-image.c: the one place stb_image is compiled.
 *
 * Debian's stb_image (a 2022 snapshot) has known, unfixed memory-safety bugs
 * in its JPEG, GIF, TGA, HDR and PNM decoders. We compile only PNG, JPEG and
 * BMP, without stdio, HDR or the float path, and never call the flip or
 * GIF animation entry points. image.c checks the size before decoding.
 * No other file includes <stb_image.h>: the rest of the core calls the
 * wrappers below (stb-image.h). */
#include "config.h"

#include <limits.h>

#include "image.h"
#include "stb-image.h"

/* g_try_* so the pixels can be handed to an LlImage and freed with g_free,
 * and so that running out of memory is an error stb reports, not an abort.
 * Zeroed, so a state stb forgets to set up (fuzzing found one) is at least
 * the same every time. Never ask for zero bytes: g_try_realloc (p, 0) would
 * free p behind stb's back. */
#define LL_STBI_MALLOC(size) g_try_malloc0 (MAX ((gsize) (size), 1))
#define LL_STBI_REALLOC(pointer, size) g_try_realloc ((pointer), MAX ((gsize) (size), 1))

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_BMP
#define STBI_NO_GIF
#define STBI_NO_HDR
#define STBI_NO_LINEAR
#define STBI_NO_STDIO
/* A backstop below stb's own 1 << 24. Not our cap itself: stbi_info would
 * then fail with a vague "unknown image type" where image.c can say exactly
 * which size was refused. */
#define STBI_MAX_DIMENSIONS (1 << 20)
#define STBI_MALLOC(size) LL_STBI_MALLOC (size)
#define STBI_REALLOC(pointer, size) LL_STBI_REALLOC (pointer, size)
#define STBI_FREE(pointer) g_free (pointer)

/* stb is third-party code: silence only what it triggers under our flags. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#include <stb_image.h>
#pragma GCC diagnostic pop

/* stb's reason, or FALLBACK when it is empty or not plain text: for an
 * unknown PNG chunk stb writes the chunk's four raw bytes into its message. */
static const char *
readable_reason (const char *fallback)
{
  const char *reason = stbi_failure_reason ();

  if (reason == NULL || *reason == '\0')
    return fallback;
  for (const char *c = reason; *c != '\0'; c++)
    if (!g_ascii_isprint (*c))
      return fallback;
  return reason;
}

gboolean
ll_stbi_info (const guint8 *data,
              gsize         size,
              guint        *width,
              guint        *height,
              guint        *channels_in_file,
              const char  **reason)
{
  int w = 0, h = 0, n = 0;

  if (size > INT_MAX)
    {
      *reason = "file too large";
      return FALSE;
    }
  if (!stbi_info_from_memory (data, (int) size, &w, &h, &n) || w <= 0 || h <= 0 || n < 1 || n > 4)
    {
      *reason = readable_reason ("unknown image type");
      return FALSE;
    }
  *width = (guint) w;
  *height = (guint) h;
  *channels_in_file = (guint) n;
  return TRUE;
}

guint8 *
ll_stbi_decode (const guint8 *data,
                gsize         size,
                guint         channels,
                guint        *width,
                guint        *height,
                const char  **reason)
{
  int w = 0, h = 0, n = 0;
  stbi_uc *pixels;

  g_return_val_if_fail (channels == 1 || channels == 3, NULL);

  if (size > INT_MAX)
    {
      *reason = "file too large";
      return NULL;
    }
  pixels = stbi_load_from_memory (data, (int) size, &w, &h, &n, (int) channels);
  if (pixels == NULL || w <= 0 || h <= 0)
    {
      *reason = readable_reason ("unexpected data");
      g_free (pixels);
      return NULL;
    }
  *width = (guint) w;
  *height = (guint) h;
  return pixels;
}
