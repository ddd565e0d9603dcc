/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npy-header.c: the .npy header, {'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }
 *
 * A strict grammar for exactly what numpy writes: quoted keys, a quoted
 * dtype string, True/False, a tuple of non-negative integers. Anything else
 * (a list descr for structured dtypes, expressions, escapes) is refused: the
 * header of an untrusted file is parsed, never evaluated. */
#include "config.h"

#include "npz-private.h"

#include <string.h>
#include <glib/gi18n-lib.h>

typedef struct {
  const char *p;
  const char *end;
} Cursor;

static void
cursor_skip_space (Cursor *c)
{
  while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r'))
    c->p++;
}

static gboolean
cursor_eat (Cursor *c,
            char    ch)
{
  cursor_skip_space (c);
  if (c->p < c->end && *c->p == ch)
    {
      c->p++;
      return TRUE;
    }
  return FALSE;
}

static gboolean
cursor_peek (Cursor *c,
             char    ch)
{
  cursor_skip_space (c);
  return c->p < c->end && *c->p == ch;
}

static gboolean
cursor_eat_word (Cursor     *c,
                 const char *word)
{
  gsize len = strlen (word);

  cursor_skip_space (c);
  if ((gsize) (c->end - c->p) >= len && memcmp (c->p, word, len) == 0)
    {
      c->p += len;
      return TRUE;
    }
  return FALSE;
}

/* A '...' or "..." literal of at most 64 plain characters, no escapes. */
static char *
cursor_parse_string (Cursor *c)
{
  const char *start;
  char quote;

  cursor_skip_space (c);
  if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
    return NULL;
  quote = *c->p++;
  start = c->p;
  while (c->p < c->end && *c->p != quote)
    {
      if (*c->p == '\\' || c->p - start >= 64)
        return NULL;
      c->p++;
    }
  if (c->p >= c->end)
    return NULL;
  c->p++;
  return g_strndup (start, (gsize) (c->p - 1 - start));
}

/* A non-negative integer literal, with Python 2's optional 'L' suffix. */
static gboolean
cursor_parse_size (Cursor *c,
                   guint64 *out)
{
  guint64 value = 0;
  const char *start;

  cursor_skip_space (c);
  start = c->p;
  while (c->p < c->end && g_ascii_isdigit (*c->p))
    {
      guint digit = (guint) (*c->p - '0');

      if (value > (G_MAXUINT64 - digit) / 10)
        return FALSE;
      value = value * 10 + digit;
      c->p++;
    }
  if (c->p == start)
    return FALSE;
  if (c->p < c->end && *c->p == 'L')
    c->p++;
  *out = value;
  return TRUE;
}


/* "(3, 1)", "(3,)", "()": a Python tuple literal. */
static gboolean
cursor_parse_shape (Cursor    *c,
                    LlNpyHeader *header)
{
  gboolean trailing_comma = FALSE;

  if (!cursor_eat (c, '('))
    return FALSE;
  header->ndim = 0;
  while (!cursor_eat (c, ')'))
    {
      if (header->ndim == LL_NPY_MAX_DIMS)
        return FALSE;
      if (!cursor_parse_size (c, &header->shape[header->ndim++]))
        return FALSE;
      trailing_comma = cursor_eat (c, ',');
      if (!trailing_comma && !cursor_peek (c, ')'))
        return FALSE;
    }
  /* "(3)" is the integer 3 in Python, not a tuple. */
  return header->ndim != 1 || trailing_comma;
}

gboolean
ll_npy_parse_header (const char  *text,
                     gsize        len,
                     LlNpyHeader *header,
                     const char  *file,
                     const char  *name,
                     GError     **error)
{
  Cursor c = { text, text + len };
  gboolean seen_descr = FALSE, seen_fortran = FALSE, seen_shape = FALSE;

  for (gsize i = 0; i < len; i++)
    if ((guchar) text[i] >= 0x80 || text[i] == '\0')
      goto bad;

  if (!cursor_eat (&c, '{'))
    goto bad;
  while (!cursor_eat (&c, '}'))
    {
      g_autofree char *key = cursor_parse_string (&c);

      if (key == NULL || !cursor_eat (&c, ':'))
        goto bad;
      if (strcmp (key, "descr") == 0 && !seen_descr)
        {
          seen_descr = TRUE;
          if (cursor_peek (&c, '[') || cursor_peek (&c, '{'))
            {
              g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_UNSUPPORTED,
                           _("%s: array “%s” has a structured dtype, which is not read"),
                           file, name);
              return FALSE;
            }
          header->descr = cursor_parse_string (&c);
          if (header->descr == NULL)
            goto bad;
        }
      else if (strcmp (key, "fortran_order") == 0 && !seen_fortran)
        {
          seen_fortran = TRUE;
          if (cursor_eat_word (&c, "True"))
            header->fortran_order = TRUE;
          else if (cursor_eat_word (&c, "False"))
            header->fortran_order = FALSE;
          else
            goto bad;
        }
      else if (strcmp (key, "shape") == 0 && !seen_shape)
        {
          seen_shape = TRUE;
          if (!cursor_parse_shape (&c, header))
            goto bad;
        }
      else
        goto bad;

      if (!cursor_eat (&c, ',') && !cursor_peek (&c, '}'))
        goto bad;
    }
  cursor_skip_space (&c);
  if (c.p != c.end || !seen_descr || !seen_fortran || !seen_shape)
    goto bad;
  return TRUE;

bad:
  g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
               _("%s: array “%s” has a malformed .npy header"), file, name);
  return FALSE;
}
