/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npy.c: one .npy array, read from untrusted bytes or written as numpy.save does.
 *
 * Declared shapes are checked against the data present and LL_NPY_MAX_ELEMENTS
 * before anything is allocated; items of either byte order are converted to
 * doubles (or UTF-8 strings) and Fortran order is brought to C order. */
#include "config.h"

#include "npz-private.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#define NPY_MAX_HEADER_LEN 65536     /* numpy itself refuses headers over 10000 bytes by default */
#define NPY_MAX_UNICODE_WIDTH 65536

/* ---------------------------------------------------------------------------
 * dtypes */

typedef struct {
  LlNpyType type;
  gboolean big_endian;
  gsize item_size;
  gsize unicode_width;   /* characters, for LL_NPY_UNICODE */
} NpyDtype;

static gboolean
parse_descr (const char *descr,
             NpyDtype   *dtype,
             const char *file,
             const char *name,
             GError    **error)
{
  char order = descr[0];
  const char *code = descr + 1;

  memset (dtype, 0, sizeof *dtype);
  if (order != '<' && order != '>' && order != '|' && order != '=')
    {
      order = '|';
      code = descr;
    }
  dtype->big_endian = order == '>' || (order == '=' && G_BYTE_ORDER == G_BIG_ENDIAN);

  if (code[0] == 'O')
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_UNSUPPORTED,
                   _("%s: array “%s” holds Python objects (dtype '%s'), which would need "
                     "pickle; it is not read"), file, name, descr);
      return FALSE;
    }

  if (code[0] == 'U' && g_ascii_isdigit (code[1]) && order != '|')
    {
      guint64 width = 0;

      if (!g_ascii_string_to_unsigned (code + 1, 10, 0, NPY_MAX_UNICODE_WIDTH, &width, NULL))
        goto unsupported;
      dtype->type = LL_NPY_UNICODE;
      dtype->unicode_width = (gsize) width;
      dtype->item_size = (gsize) width * 4;
      return TRUE;
    }

  if (strcmp (code, "f8") == 0 && order != '|')
    dtype->type = LL_NPY_FLOAT64, dtype->item_size = 8;
  else if (strcmp (code, "f4") == 0 && order != '|')
    dtype->type = LL_NPY_FLOAT32, dtype->item_size = 4;
  else if (strcmp (code, "i8") == 0 && order != '|')
    dtype->type = LL_NPY_INT64, dtype->item_size = 8;
  else if (strcmp (code, "i4") == 0 && order != '|')
    dtype->type = LL_NPY_INT32, dtype->item_size = 4;
  else if (strcmp (code, "u1") == 0)
    dtype->type = LL_NPY_UINT8, dtype->item_size = 1;
  else
    goto unsupported;
  return TRUE;

unsupported:
  g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_UNSUPPORTED,
               _("%s: array “%s” has dtype '%s', which is not read "
                 "(float64, float32, int64, int32, uint8 and unicode are)"), file, name, descr);
  return FALSE;
}

static double
decode_number (const guint8   *p,
               const NpyDtype *dtype)
{
  switch (dtype->type)
    {
    case LL_NPY_FLOAT64:
      {
        guint64 bits = dtype->big_endian ? read_u64_be (p) : read_u64 (p);
        double value;

        memcpy (&value, &bits, sizeof value);
        return value;
      }
    case LL_NPY_FLOAT32:
      {
        guint32 bits = dtype->big_endian ? read_u32_be (p) : read_u32 (p);
        float value;

        memcpy (&value, &bits, sizeof value);
        return value;
      }
    case LL_NPY_INT64:
      return (double) (gint64) (dtype->big_endian ? read_u64_be (p) : read_u64 (p));
    case LL_NPY_INT32:
      return (double) (gint32) (dtype->big_endian ? read_u32_be (p) : read_u32 (p));
    case LL_NPY_UINT8:
      return p[0];
    case LL_NPY_UNICODE:
    default:
      g_assert_not_reached ();
    }
}

/* One fixed-width UTF-32 item to UTF-8; numpy pads with trailing NULs. */
static char *
decode_unicode (const guint8   *p,
                const NpyDtype *dtype)
{
  g_autofree gunichar *chars = g_new (gunichar, dtype->unicode_width + 1);
  gsize len = 0;

  for (gsize i = 0; i < dtype->unicode_width; i++)
    {
      gunichar ch = dtype->big_endian ? read_u32_be (p + 4 * i) : read_u32 (p + 4 * i);

      chars[i] = ch;
      if (ch != 0)
        len = i + 1;
    }
  for (gsize i = 0; i < len; i++)
    if (chars[i] == 0 || !g_unichar_validate (chars[i]))
      return NULL;
  return g_ucs4_to_utf8 (chars, (glong) len, NULL, NULL, NULL);
}

/* For a Fortran-ordered array, where item I of the file goes in C order. */
static gsize *
fortran_to_c_positions (const LlNpyArray *array)
{
  gsize *positions = g_new (gsize, MAX (array->count, 1));
  gsize index[LL_NPY_MAX_DIMS] = { 0 };
  gsize stride[LL_NPY_MAX_DIMS];

  if (array->ndim == 0)
    {
      positions[0] = 0;
      return positions;
    }
  stride[array->ndim - 1] = 1;
  for (guint d = array->ndim - 1; d > 0; d--)
    stride[d - 1] = stride[d] * array->shape[d];

  for (gsize i = 0; i < array->count; i++)
    {
      gsize position = 0;

      for (guint d = 0; d < array->ndim; d++)
        position += index[d] * stride[d];
      positions[i] = position;
      /* The first axis varies fastest in Fortran order. */
      for (guint d = 0; d < array->ndim; d++)
        {
          if (++index[d] < array->shape[d])
            break;
          index[d] = 0;
        }
    }
  return positions;
}

/* True when Fortran and C order lay the items out the same way: at most one
 * axis longer than 1. */
static gboolean
layout_is_trivial (const LlNpyArray *array)
{
  guint long_axes = 0;

  for (guint d = 0; d < array->ndim; d++)
    if (array->shape[d] > 1)
      long_axes++;
  return long_axes <= 1;
}

LlNpyArray *
ll_npy_parse (const guint8 *data,
              gsize         len,
              const char   *file,
              const char   *name,
              GError      **error)
{
  g_autoptr(LlNpyArray) array = NULL;
  LlNpyHeader header = { 0 };
  g_autofree char *descr = NULL;
  NpyDtype dtype;
  gsize header_len, header_start;
  guint major;
  gsize count = 1;
  const guint8 *items;
  gsize available;

  if (len < LL_NPY_MAGIC_LEN + 4 || memcmp (data, LL_NPY_MAGIC, LL_NPY_MAGIC_LEN) != 0)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                   _("%s: array “%s” is not a .npy array (no \\x93NUMPY magic)"), file, name);
      return NULL;
    }
  major = data[6];
  if (major == 1)
    {
      header_len = read_u16 (data + 8);
      header_start = 10;
    }
  else if (major == 2 || major == 3)
    {
      if (len < 12)
        goto truncated;
      header_len = read_u32 (data + 8);
      header_start = 12;
    }
  else
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_UNSUPPORTED,
                   _("%s: array “%s” is in .npy format version %u, which is not read"),
                   file, name, major);
      return NULL;
    }
  if (header_len > NPY_MAX_HEADER_LEN)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                   _("%s: array “%s” has a %zu-byte header, over the limit"),
                   file, name, header_len);
      return NULL;
    }
  if (header_len > len - header_start)
    goto truncated;

  if (!ll_npy_parse_header ((const char *) data + header_start, header_len, &header, file, name, error))
    {
      g_free (header.descr);
      return NULL;
    }
  descr = header.descr;
  if (!parse_descr (descr, &dtype, file, name, error))
    return NULL;

  for (guint d = 0; d < header.ndim; d++)
    {
      if (header.shape[d] > LL_NPY_MAX_ELEMENTS
          || (header.shape[d] > 0 && count > LL_NPY_MAX_ELEMENTS / header.shape[d]))
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                       _("%s: array “%s” declares a shape of over %zu elements"),
                       file, name, LL_NPY_MAX_ELEMENTS);
          return NULL;
        }
      count *= (gsize) header.shape[d];
    }

  items = data + header_start + header_len;
  available = len - header_start - header_len;
  /* '<U0' items take no bytes: without a bound a tiny file could ask for
   * 2^28 empty strings. */
  if (dtype.item_size == 0 && count > NPY_MAX_UNICODE_WIDTH)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                   _("%s: array “%s” declares %zu empty strings, over the limit"),
                   file, name, count);
      return NULL;
    }
  if (dtype.item_size > 0 && count > available / dtype.item_size)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                   _("%s: array “%s” declares %zu elements but holds only %zu bytes of data"), file, name, count, available);
      return NULL;
    }

  array = g_new0 (LlNpyArray, 1);
  array->name = g_strdup (name);
  array->type = dtype.type;
  array->ndim = header.ndim;
  for (guint d = 0; d < header.ndim; d++)
    array->shape[d] = (gsize) header.shape[d];
  array->count = count;

  if (dtype.type == LL_NPY_UNICODE)
    {
      array->strings = g_new0 (char *, count + 1);
      for (gsize i = 0; i < count; i++)
        {
          array->strings[i] = decode_unicode (items + i * dtype.item_size, &dtype);
          if (array->strings[i] == NULL)
            {
              g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                           _("%s: array “%s” holds an invalid Unicode character"), file, name);
              return NULL;
            }
        }
    }
  else
    {
      array->values = g_new (double, MAX (count, 1));
      for (gsize i = 0; i < count; i++)
        array->values[i] = decode_number (items + i * dtype.item_size, &dtype);
    }

  if (header.fortran_order && !layout_is_trivial (array))
    {
      g_autofree gsize *positions = fortran_to_c_positions (array);

      if (array->values != NULL)
        {
          g_autofree double *file_order = array->values;

          array->values = g_new (double, count);
          for (gsize i = 0; i < count; i++)
            array->values[positions[i]] = file_order[i];
        }
      else
        {
          g_autofree char **file_order = array->strings;

          array->strings = g_new0 (char *, count + 1);
          for (gsize i = 0; i < count; i++)
            array->strings[positions[i]] = file_order[i];
        }
    }

  return g_steal_pointer (&array);

truncated:
  g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
               _("%s: array “%s” is truncated"), file, name);
  return NULL;
}

/* ---------------------------------------------------------------------------
 * Writing */

char *
ll_npy_shape_to_string (const LlNpyArray *array)
{
  GString *text = g_string_new ("(");

  for (guint d = 0; d < array->ndim; d++)
    g_string_append_printf (text, d == 0 ? "%" G_GSIZE_FORMAT : ", %" G_GSIZE_FORMAT,
                            array->shape[d]);
  if (array->ndim == 1)
    g_string_append_c (text, ',');
  g_string_append_c (text, ')');
  return g_string_free (text, FALSE);
}

/* A .npy v1.0 file as numpy.save writes it: the header dict padded with
 * spaces so the data starts at a multiple of 64 bytes. */
GByteArray *
ll_npy_encode (const LlNpyArray *array,
               const char       *file,
               GError          **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GString) header = g_string_new (NULL);
  g_autofree char *shape = ll_npy_shape_to_string (array);
  gsize width = 0;
  gsize header_total;

  if (array->type == LL_NPY_UNICODE)
    {
      for (gsize i = 0; i < array->count; i++)
        {
          if (array->strings == NULL || array->strings[i] == NULL
              || !g_utf8_validate (array->strings[i], -1, NULL))
            {
              g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                           _("%s: array “%s” holds a string that is not valid UTF-8"), file, array->name);
              return NULL;
            }
          width = MAX (width, (gsize) g_utf8_strlen (array->strings[i], -1));
        }
      /* numpy gives an array of empty strings the width 1. */
      width = MAX (width, 1);
      g_string_append_printf (header, "{'descr': '<U%" G_GSIZE_FORMAT "', ", width);
    }
  else if (array->type == LL_NPY_INT64)
    {
      for (gsize i = 0; i < array->count; i++)
        if (!(array->values[i] == nearbyint (array->values[i])
              && fabs (array->values[i]) <= 9007199254740992.0))
          {
            g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                         _("%s: array “%s” is int64 but holds %g"), file, array->name,
                         array->values[i]);
            return NULL;
          }
      g_string_append (header, "{'descr': '<i8', ");
    }
  else
    g_string_append (header, "{'descr': '<f8', ");

  g_string_append_printf (header, "'fortran_order': False, 'shape': %s, }", shape);
  header_total = LL_NPY_MAGIC_LEN + 4 + header->len + 1;
  while (header_total % 64 != 0)
    {
      g_string_append_c (header, ' ');
      header_total++;
    }
  g_string_append_c (header, '\n');

  g_byte_array_append (out, (const guint8 *) LL_NPY_MAGIC, LL_NPY_MAGIC_LEN);
  g_byte_array_append (out, (const guint8 *) "\x01\x00", 2);
  put_u16 (out, (guint16) header->len);
  g_byte_array_append (out, (const guint8 *) header->str, (guint) header->len);

  if (array->type == LL_NPY_UNICODE)
    {
      for (gsize i = 0; i < array->count; i++)
        {
          g_autofree gunichar *chars = NULL;
          glong n_chars = 0;

          chars = g_utf8_to_ucs4_fast (array->strings[i], -1, &n_chars);
          for (gsize c = 0; c < width; c++)
            put_u32 (out, c < (gsize) n_chars ? chars[c] : 0);
        }
    }
  else if (array->type == LL_NPY_INT64)
    {
      for (gsize i = 0; i < array->count; i++)
        put_u64 (out, (guint64) (gint64) array->values[i]);
    }
  else
    {
      for (gsize i = 0; i < array->count; i++)
        {
          guint64 bits;

          memcpy (&bits, &array->values[i], sizeof bits);
          put_u64 (out, bits);
        }
    }
  return g_steal_pointer (&out);
}

gboolean
ll_npy_array_is_consistent (const LlNpyArray *array)
{
  gsize count = 1;

  if (array->name == NULL || array->name[0] == '\0' || !g_utf8_validate (array->name, -1, NULL)
      || array->ndim > LL_NPY_MAX_DIMS)
    return FALSE;
  for (guint d = 0; d < array->ndim; d++)
    {
      if (array->shape[d] > 0 && count > G_MAXSIZE / array->shape[d])
        return FALSE;
      count *= array->shape[d];
    }
  if (count != array->count)
    return FALSE;
  return array->type == LL_NPY_UNICODE ? array->strings != NULL
                                       : (array->values != NULL || count == 0);
}
