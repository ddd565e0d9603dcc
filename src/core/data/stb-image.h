/* SPDX-License-Identifier: GPL-3.0-or-later */
/* stb-image.h: the few stb_image entry points the rest of the core uses.
 *
 * stb-image.c is the one translation unit that compiles stb_image, with
 * only the PNG, JPEG and BMP decoders; nothing else includes <stb_image.h>,
 * so no other file can reach a decoder we left out. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads the header only. TRUE with the size and the file's own channel
 * count (1..4), or FALSE with *reason set to stb's short failure reason. */
gboolean    ll_stbi_info    (const guint8 *data,
                             gsize         size,
                             guint        *width,
                             guint        *height,
                             guint        *channels_in_file,
                             const char  **reason);

/* Decodes to exactly CHANNELS channels (1 or 3). The pixels are allocated
 * with g_try_malloc: free them with g_free. NULL with *reason on failure. */
guint8     *ll_stbi_decode  (const guint8 *data,
                             gsize         size,
                             guint         channels,
                             guint        *width,
                             guint        *height,
                             const char  **reason);

G_END_DECLS
