/* SPDX-License-Identifier: GPL-3.0-or-later */
/* file-error.h: what to show of a failed atomic write.
 *
 * g_file_set_contents_full writes a temporary file beside the target and
 * renames it, and its errors name that temporary file
 * ("Failed to write file “weights.npz.DRUOZ3”: write() failed: No space
 * left on device"). Users should read the file they chose: callers say
 * "FILE: cannot write: REASON" with the reason alone. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The reason at the end of a GLib file error's message (after its last
 * ": "), or the whole message. */
static inline const char *
ll_file_error_reason (const GError *error)
{
  const char *last = g_strrstr (error->message, ": ");

  return last != NULL && last[2] != '\0' ? last + 2 : error->message;
}

G_END_DECLS
