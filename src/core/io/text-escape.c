/* SPDX-License-Identifier: GPL-3.0-or-later */
/* text-escape.c: control characters in file-derived text written out. */
#include "config.h"

#include "text-escape.h"

#include <string.h>

static gboolean
is_hidden_format (gunichar c)
{
  return c == 0x2028 || c == 0x2029               /* line and paragraph separators */
         || (c >= 0x202a && c <= 0x202e)          /* bidirectional embeddings, overrides */
         || (c >= 0x2066 && c <= 0x2069);         /* bidirectional isolates */
}

/* Appends the escaped form of the valid character C, or returns FALSE when
 * C is shown as it is. */
static gboolean
append_escape (GString *out, gunichar c)
{
  switch (c)
    {
    case '\n':
      g_string_append (out, "\\n");
      return TRUE;
    case '\r':
      g_string_append (out, "\\r");
      return TRUE;
    case '\t':
      g_string_append (out, "\\t");
      return TRUE;
    default:
      break;
    }
  if (c < 0x20 || (c >= 0x7f && c <= 0x9f))
    {
      g_string_append_printf (out, "\\x%02x", c);
      return TRUE;
    }
  if (is_hidden_format (c))
    {
      g_string_append_printf (out, "\\u{%04x}", c);
      return TRUE;
    }
  return FALSE;
}

char *
ll_text_escape_controls (const char *text)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (p = text; *p != '\0'; )
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guint) (guchar) *p);
          p++;
          continue;
        }
      {
        const char *next = g_utf8_next_char (p);

        if (!append_escape (out, c))
          g_string_append_len (out, p, next - p);
        p = next;
      }
    }
  return g_string_free (out, FALSE);
}

gboolean
ll_text_has_controls (const char *text)
{
  g_autofree char *escaped = ll_text_escape_controls (text);

  return text != NULL && g_strcmp0 (escaped, text) != 0;
}
