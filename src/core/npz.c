/* npz.c: NumPy .npy arrays and .npz archives, read and written without Python.
 *
 * The reader treats every byte as hostile: the .npy header is a Python dict
 * literal that we parse with a small strict grammar (never evaluated), zip
 * offsets and sizes are checked against the file before use, the inflated
 * size is capped and must match the declared size and CRC-32. */
#include "config.h"

#include "npz.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <zlib.h>

G_DEFINE_QUARK (ll-npz-error-quark, ll_npz_error)

#define NPY_MAGIC "\x93NUMPY"
#define NPY_MAGIC_LEN 6
#define NPY_MAX_HEADER_LEN 65536     /* numpy itself refuses headers over 10000 bytes by default */
#define NPY_MAX_UNICODE_WIDTH 65536
#define NPZ_MAX_ENTRIES 4096

#define ZIP_LOCAL_SIG 0x04034b50u
#define ZIP_CENTRAL_SIG 0x02014b50u
#define ZIP_EOCD_SIG 0x06054b50u
#define ZIP64_EOCD_SIG 0x06064b50u
#define ZIP64_LOCATOR_SIG 0x07064b50u
#define ZIP_LOCAL_LEN 30
#define ZIP_CENTRAL_LEN 46
#define ZIP_EOCD_LEN 22
#define ZIP64_EOCD_LEN 56
#define ZIP64_LOCATOR_LEN 20
#define ZIP_METHOD_STORED 0
#define ZIP_METHOD_DEFLATE 8
#define ZIP_FLAG_ENCRYPTED 0x0001
#define ZIP_FLAG_UTF8 0x0800
/* Deflate cannot expand data by more than about 1032:1. */
#define DEFLATE_MAX_RATIO 1032

/* ---------------------------------------------------------------------------
 * Arrays */

void
ll_npy_array_free (LlNpyArray *array)
{
  if (array == NULL)
    return;
  g_free (array->name);
  g_free (array->values);
  g_strfreev (array->strings);
  g_free (array);
}

/* A numeric array of SHAPE with room for its values, or NULL (and a
 * critical) for more than LL_NPY_MAX_DIMS dimensions. */
static LlNpyArray *
array_new_numeric (const char  *name,
                   LlNpyType    type,
                   guint        ndim,
                   const gsize *shape)
{
  LlNpyArray *array;
  gsize count = 1;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (ndim <= LL_NPY_MAX_DIMS, NULL);
  g_return_val_if_fail (ndim == 0 || shape != NULL, NULL);

  for (guint d = 0; d < ndim; d++)
    count *= shape[d];

  array = g_new0 (LlNpyArray, 1);
  array->name = g_strdup (name);
  array->type = type;
  array->ndim = ndim;
  for (guint d = 0; d < ndim; d++)
    array->shape[d] = shape[d];
  array->count = count;
  array->values = g_new0 (double, MAX (count, 1));
  return array;
}

LlNpyArray *
ll_npy_array_new_doubles (const char   *name,
                          const double *values,
                          guint         ndim,
                          const gsize  *shape)
{
  LlNpyArray *array = array_new_numeric (name, LL_NPY_FLOAT64, ndim, shape);

  if (array == NULL)
    return NULL;
  g_return_val_if_fail (array->count == 0 || values != NULL, array);
  if (array->count > 0)
    memcpy (array->values, values, array->count * sizeof (double));
  return array;
}

LlNpyArray *
ll_npy_array_new_int64 (const char   *name,
                        const gint64 *values,
                        guint         ndim,
                        const gsize  *shape)
{
  LlNpyArray *array = array_new_numeric (name, LL_NPY_INT64, ndim, shape);

  if (array == NULL)
    return NULL;
  g_return_val_if_fail (array->count == 0 || values != NULL, array);
  for (gsize i = 0; i < array->count; i++)
    array->values[i] = (double) values[i];
  return array;
}

LlNpyArray *
ll_npy_array_new_strings (const char        *name,
                          const char *const *strings,
                          gsize              count)
{
  LlNpyArray *array;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (count == 0 || strings != NULL, NULL);

  array = g_new0 (LlNpyArray, 1);
  array->name = g_strdup (name);
  array->type = LL_NPY_UNICODE;
  array->ndim = 1;
  array->shape[0] = count;
  array->count = count;
  array->strings = g_new0 (char *, count + 1);
  for (gsize i = 0; i < count; i++)
    array->strings[i] = g_strdup (strings[i]);
  return array;
}

const LlNpyArray *
ll_npz_find (GPtrArray  *arrays,
             const char *name)
{
  g_return_val_if_fail (arrays != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < arrays->len; i++)
    {
      const LlNpyArray *array = g_ptr_array_index (arrays, i);

      if (g_strcmp0 (array->name, name) == 0)
        return array;
    }
  return NULL;
}

/* ---------------------------------------------------------------------------
 * Little-endian helpers */

static guint16
read_u16 (const guint8 *p)
{
  return (guint16) (p[0] | (p[1] << 8));
}

static guint32
read_u32 (const guint8 *p)
{
  return (guint32) p[0] | ((guint32) p[1] << 8) | ((guint32) p[2] << 16) | ((guint32) p[3] << 24);
}

static guint64
read_u64 (const guint8 *p)
{
  return (guint64) read_u32 (p) | ((guint64) read_u32 (p + 4) << 32);
}

static guint32
read_u32_be (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | (guint32) p[3];
}

static guint64
read_u64_be (const guint8 *p)
{
  return ((guint64) read_u32_be (p) << 32) | (guint64) read_u32_be (p + 4);
}

/* ---------------------------------------------------------------------------
 * The .npy header: {'descr': '<f8', 'fortran_order': False, 'shape': (3, 1), }
 *
 * A strict grammar for exactly what numpy writes: quoted keys, a quoted
 * dtype string, True/False, a tuple of non-negative integers. Anything else
 * (a list descr for structured dtypes, expressions, escapes) is refused. */

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

typedef struct {
  char *descr;
  gboolean fortran_order;
  guint ndim;
  guint64 shape[LL_NPY_MAX_DIMS];
} NpyHeader;

/* "(3, 1)", "(3,)", "()": a Python tuple literal. */
static gboolean
cursor_parse_shape (Cursor    *c,
                    NpyHeader *header)
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

static gboolean
parse_npy_header (const char *text,
                  gsize       len,
                  NpyHeader  *header,
                  const char *file,
                  const char *name,
                  GError    **error)
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
                           "%s: array “%s” has a structured dtype, which is not read",
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
               "%s: array “%s” has a malformed .npy header", file, name);
  return FALSE;
}

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
                   "%s: array “%s” holds Python objects (dtype '%s'), which would need "
                   "pickle; it is not read", file, name, descr);
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
               "%s: array “%s” has dtype '%s', which is not read "
               "(float64, float32, int64, int32, uint8 and unicode are)", file, name, descr);
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

static LlNpyArray *
parse_npy (const guint8 *data,
           gsize         len,
           const char   *file,
           const char   *name,
           GError      **error)
{
  g_autoptr(LlNpyArray) array = NULL;
  NpyHeader header = { 0 };
  g_autofree char *descr = NULL;
  NpyDtype dtype;
  gsize header_len, header_start;
  guint major;
  gsize count = 1;
  const guint8 *items;
  gsize available;

  if (len < NPY_MAGIC_LEN + 4 || memcmp (data, NPY_MAGIC, NPY_MAGIC_LEN) != 0)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                   "%s: array “%s” is not a .npy array (no \\x93NUMPY magic)", file, name);
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
                   "%s: array “%s” is in .npy format version %u, which is not read",
                   file, name, major);
      return NULL;
    }
  if (header_len > NPY_MAX_HEADER_LEN)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                   "%s: array “%s” has a %" G_GSIZE_FORMAT "-byte header, over the limit",
                   file, name, header_len);
      return NULL;
    }
  if (header_len > len - header_start)
    goto truncated;

  if (!parse_npy_header ((const char *) data + header_start, header_len, &header, file, name, error))
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
                       "%s: array “%s” declares a shape of over %" G_GSIZE_FORMAT " elements",
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
                   "%s: array “%s” declares %" G_GSIZE_FORMAT " empty strings, over the limit",
                   file, name, count);
      return NULL;
    }
  if (dtype.item_size > 0 && count > available / dtype.item_size)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                   "%s: array “%s” declares %" G_GSIZE_FORMAT " elements but holds only %"
                   G_GSIZE_FORMAT " bytes of data", file, name, count, available);
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
                           "%s: array “%s” holds an invalid Unicode character", file, name);
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
               "%s: array “%s” is truncated", file, name);
  return NULL;
}

/* ---------------------------------------------------------------------------
 * The zip container */

typedef struct {
  char *name;
  guint16 flags;
  guint16 method;
  guint32 crc;
  guint64 compressed_size;
  guint64 size;
  guint64 local_offset;
} ZipEntry;

static void
zip_entry_clear (ZipEntry *entry)
{
  g_free (entry->name);
}

static gboolean
zip_format_error (GError    **error,
                  const char *file,
                  const char *reason)
{
  g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT, "%s: %s", file, reason);
  return FALSE;
}

/* The end of central directory record sits at the very end, after a comment
 * of its declared length; a ZIP64 locator just before it when needed. */
static gboolean
zip_find_directory (const guint8 *data,
                    gsize         len,
                    const char   *file,
                    guint64      *n_entries,
                    guint64      *directory_offset,
                    guint64      *directory_size,
                    gsize        *directory_end,
                    GError      **error)
{
  gsize eocd = G_MAXSIZE;
  gsize lowest = len > ZIP_EOCD_LEN + 65535 ? len - ZIP_EOCD_LEN - 65535 : 0;
  const guint8 *e;

  if (len < ZIP_EOCD_LEN)
    return zip_format_error (error, file, "not a zip archive (.npz) or .npy file");
  for (gsize off = len - ZIP_EOCD_LEN + 1; off-- > lowest;)
    if (read_u32 (data + off) == ZIP_EOCD_SIG
        && off + ZIP_EOCD_LEN + read_u16 (data + off + 20) == len)
      {
        eocd = off;
        break;
      }
  if (eocd == G_MAXSIZE)
    return zip_format_error (error, file,
                             "not a zip archive (.npz) or .npy file, or truncated");

  e = data + eocd;
  if (read_u16 (e + 4) != 0 && read_u16 (e + 4) != 0xffff)
    return zip_format_error (error, file, "multi-part zip archives are not read");
  *n_entries = read_u16 (e + 10);
  *directory_size = read_u32 (e + 12);
  *directory_offset = read_u32 (e + 16);
  *directory_end = eocd;

  if (*n_entries == 0xffff || *directory_size == 0xffffffff || *directory_offset == 0xffffffff)
    {
      const guint8 *locator, *z;
      guint64 z_offset;

      if (eocd < ZIP64_LOCATOR_LEN
          || read_u32 (data + eocd - ZIP64_LOCATOR_LEN) != ZIP64_LOCATOR_SIG)
        return zip_format_error (error, file, "zip archive lacks its ZIP64 directory locator");
      locator = data + eocd - ZIP64_LOCATOR_LEN;
      z_offset = read_u64 (locator + 8);
      if (z_offset > eocd - ZIP64_LOCATOR_LEN
          || eocd - ZIP64_LOCATOR_LEN - z_offset < ZIP64_EOCD_LEN
          || read_u32 (data + z_offset) != ZIP64_EOCD_SIG)
        return zip_format_error (error, file, "zip archive has a damaged ZIP64 directory record");
      z = data + z_offset;
      *n_entries = read_u64 (z + 32);
      *directory_size = read_u64 (z + 40);
      *directory_offset = read_u64 (z + 48);
      *directory_end = (gsize) z_offset;
    }

  if (*directory_offset > *directory_end || *directory_size > *directory_end - *directory_offset)
    return zip_format_error (error, file, "zip directory lies outside the file (truncated?)");
  if (*n_entries > NPZ_MAX_ENTRIES)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                   "%s: zip archive declares %" G_GUINT64_FORMAT " entries, over the limit of %u",
                   file, *n_entries, NPZ_MAX_ENTRIES);
      return FALSE;
    }
  return TRUE;
}

/* Sizes and offset that overflow 32 bits are in the ZIP64 extra field (id 1),
 * in this order, each present only when its 32-bit field is 0xffffffff. */
static gboolean
zip_read_zip64_extra (const guint8 *extra,
                      gsize         extra_len,
                      ZipEntry     *entry)
{
  while (extra_len >= 4)
    {
      guint16 id = read_u16 (extra);
      gsize field_len = read_u16 (extra + 2);

      if (field_len > extra_len - 4)
        return FALSE;
      if (id == 0x0001)
        {
          const guint8 *p = extra + 4;
          gsize left = field_len;
          guint64 *fields[] = { &entry->size, &entry->compressed_size, &entry->local_offset };

          for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
            {
              if (*fields[i] != 0xffffffff)
                continue;
              if (left < 8)
                return FALSE;
              *fields[i] = read_u64 (p);
              p += 8;
              left -= 8;
            }
        }
      extra += 4 + field_len;
      extra_len -= 4 + field_len;
    }
  return TRUE;
}

static gboolean
zip_read_directory (const guint8 *data,
                    gsize         len,
                    const char   *file,
                    GArray       *entries,
                    GError      **error)
{
  guint64 n_entries, directory_offset, directory_size;
  gsize directory_end, pos, end;

  if (!zip_find_directory (data, len, file, &n_entries, &directory_offset, &directory_size,
                           &directory_end, error))
    return FALSE;

  pos = (gsize) directory_offset;
  end = pos + (gsize) directory_size;
  for (guint64 i = 0; i < n_entries; i++)
    {
      const guint8 *h = data + pos;
      ZipEntry entry = { 0 };
      gsize name_len, extra_len, comment_len;

      if (end - pos < ZIP_CENTRAL_LEN || read_u32 (h) != ZIP_CENTRAL_SIG)
        return zip_format_error (error, file, "zip central directory is damaged");
      name_len = read_u16 (h + 28);
      extra_len = read_u16 (h + 30);
      comment_len = read_u16 (h + 32);
      if (end - pos - ZIP_CENTRAL_LEN < name_len + extra_len + comment_len)
        return zip_format_error (error, file, "zip central directory is damaged");

      entry.flags = read_u16 (h + 8);
      entry.method = read_u16 (h + 10);
      entry.crc = read_u32 (h + 16);
      entry.compressed_size = read_u32 (h + 20);
      entry.size = read_u32 (h + 24);
      entry.local_offset = read_u32 (h + 42);
      if (!zip_read_zip64_extra (h + ZIP_CENTRAL_LEN + name_len, extra_len, &entry))
        return zip_format_error (error, file, "zip central directory has a damaged ZIP64 field");
      entry.name = g_strndup ((const char *) h + ZIP_CENTRAL_LEN, name_len);
      if (strlen (entry.name) != name_len || !g_utf8_validate (entry.name, -1, NULL))
        {
          zip_entry_clear (&entry);
          return zip_format_error (error, file, "zip archive has an entry with an invalid name");
        }
      g_array_append_val (entries, entry);
      pos += ZIP_CENTRAL_LEN + name_len + extra_len + comment_len;
    }
  return TRUE;
}

/* The entry's bytes, uncompressed and checked: a new GBytes or NULL. */
static GBytes *
zip_extract (const guint8   *data,
             gsize           len,
             const char     *file,
             const ZipEntry *entry,
             GError        **error)
{
  const guint8 *local;
  gsize data_start;
  const guint8 *compressed;
  g_autofree guint8 *out = NULL;

  if (entry->flags & ZIP_FLAG_ENCRYPTED)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_UNSUPPORTED,
                   "%s: entry “%s” is encrypted", file, entry->name);
      return NULL;
    }
  if (entry->method != ZIP_METHOD_STORED && entry->method != ZIP_METHOD_DEFLATE)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_UNSUPPORTED,
                   "%s: entry “%s” uses zip compression method %u (only stored and deflate are read)",
                   file, entry->name, entry->method);
      return NULL;
    }
  if (entry->size > LL_NPZ_MAX_ENTRY_BYTES)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                   "%s: entry “%s” declares %" G_GUINT64_FORMAT " bytes, over the limit",
                   file, entry->name, entry->size);
      return NULL;
    }

  if (entry->local_offset > len || len - entry->local_offset < ZIP_LOCAL_LEN
      || read_u32 (data + entry->local_offset) != ZIP_LOCAL_SIG)
    goto damaged;
  local = data + entry->local_offset;
  data_start = (gsize) entry->local_offset + ZIP_LOCAL_LEN + read_u16 (local + 26) + read_u16 (local + 28);
  if (data_start > len || entry->compressed_size > len - data_start)
    goto damaged;
  if (read_u16 (local + 26) != strlen (entry->name)
      || memcmp (local + ZIP_LOCAL_LEN, entry->name, read_u16 (local + 26)) != 0)
    goto damaged;
  compressed = data + data_start;

  if (entry->method == ZIP_METHOD_STORED)
    {
      if (entry->compressed_size != entry->size)
        goto damaged;
      out = g_memdup2 (compressed, (gsize) entry->size);
    }
  else
    {
      z_stream stream = { 0 };
      int status;

      if (entry->size > entry->compressed_size * DEFLATE_MAX_RATIO + 1024
          || entry->compressed_size > G_MAXUINT32)
        goto damaged;
      if (inflateInit2 (&stream, -MAX_WBITS) != Z_OK)
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO,
                       "%s: could not start zlib", file);
          return NULL;
        }
      out = g_malloc (MAX (entry->size, 1));
      stream.next_in = (Bytef *) compressed;
      stream.avail_in = (uInt) entry->compressed_size;
      stream.next_out = out;
      stream.avail_out = (uInt) entry->size;
      status = inflate (&stream, Z_FINISH);
      inflateEnd (&stream);
      if (status != Z_STREAM_END || stream.total_out != entry->size)
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                       "%s: entry “%s” does not inflate to its declared size (damaged or truncated)",
                       file, entry->name);
          return NULL;
        }
    }

  if (crc32_z (0, out, (z_size_t) entry->size) != entry->crc)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                   "%s: entry “%s” fails its CRC-32 check (damaged file)", file, entry->name);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&out), (gsize) entry->size);

damaged:
  g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
               "%s: entry “%s” lies outside the file or is damaged (truncated?)",
               file, entry->name);
  return NULL;
}

static GPtrArray *
read_zip (const guint8 *data,
          gsize         len,
          const char   *file,
          GError      **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (ZipEntry));
  g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  gsize total = 0;

  g_array_set_clear_func (entries, (GDestroyNotify) zip_entry_clear);
  if (!zip_read_directory (data, len, file, entries, error))
    return NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      const ZipEntry *entry = &g_array_index (entries, ZipEntry, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = NULL;
      LlNpyArray *array;

      /* numpy.savez names each entry KEY.npy; anything else (a folder, a
       * stray file) is not an array and numpy.load would not give it back. */
      if (!g_str_has_suffix (entry->name, ".npy"))
        continue;
      name = g_strndup (entry->name, strlen (entry->name) - 4);
      if (ll_npz_find (arrays, name) != NULL)
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                       "%s: array “%s” appears twice", file, name);
          return NULL;
        }
      if (entry->size > LL_NPZ_MAX_ENTRY_BYTES - total)
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                       "%s: entry “%s” declares %" G_GUINT64_FORMAT " bytes, over the limit",
                       file, entry->name, entry->size);
          return NULL;
        }
      total += (gsize) entry->size;

      bytes = zip_extract (data, len, file, entry, error);
      if (bytes == NULL)
        return NULL;
      array = parse_npy (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), file, name, error);
      if (array == NULL)
        return NULL;
      g_ptr_array_add (arrays, array);
    }
  return g_steal_pointer (&arrays);
}

GPtrArray *
ll_npz_read_bytes (GBytes     *bytes,
                   const char *name_for_errors,
                   GError    **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name_for_errors == NULL)
    name_for_errors = "(data)";
  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = (const guint8 *) "";

  if (len >= NPY_MAGIC_LEN && memcmp (data, NPY_MAGIC, NPY_MAGIC_LEN) == 0)
    {
      /* A bare .npy: the array is named after the file, as numpy.load's user would. */
      g_autofree char *base = g_path_get_basename (name_for_errors);
      g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
      LlNpyArray *array;

      if (g_str_has_suffix (base, ".npy"))
        base[strlen (base) - 4] = '\0';
      array = parse_npy (data, len, name_for_errors, base, error);
      if (array == NULL)
        return NULL;
      g_ptr_array_add (arrays, array);
      return g_steal_pointer (&arrays);
    }
  return read_zip (data, len, name_for_errors, error);
}

/* Reads a regular file whole, refusing FIFOs, devices and oversized files
 * before reading a byte (a FIFO would block g_file_get_contents forever). */
static GBytes *
read_regular_file (const char *path,
                   const char *display,
                   GError    **error)
{
  struct stat st;
  g_autofree guint8 *buffer = NULL;
  gsize done = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO,
                   "%s: cannot open: %s", display, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO, "%s: not a regular file", display);
      close (fd);
      return NULL;
    }
  if ((guint64) st.st_size > LL_NPZ_MAX_FILE_BYTES)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                   "%s: %" G_GUINT64_FORMAT " bytes is over the limit for a weights file",
                   display, (guint64) st.st_size);
      close (fd);
      return NULL;
    }

  buffer = g_malloc (MAX ((gsize) st.st_size, 1));
  while (done < (gsize) st.st_size)
    {
      gssize got = read (fd, buffer + done, (gsize) st.st_size - done);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          int saved = errno;

          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO, "%s: cannot read: %s",
                       display, got == 0 ? "the file shrank while reading" : g_strerror (saved));
          close (fd);
          return NULL;
        }
      done += (gsize) got;
    }
  close (fd);
  return g_bytes_new_take (g_steal_pointer (&buffer), done);
}

GPtrArray *
ll_npz_read (const char *path,
             GError    **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_basename (path);
  bytes = read_regular_file (path, display, error);
  if (bytes == NULL)
    return NULL;
  return ll_npz_read_bytes (bytes, display, error);
}

/* ---------------------------------------------------------------------------
 * Writing */

static void
put_u16 (GByteArray *out,
         guint16     value)
{
  guint8 b[2] = { value & 0xff, value >> 8 };

  g_byte_array_append (out, b, sizeof b);
}

static void
put_u32 (GByteArray *out,
         guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, b, sizeof b);
}

static void
put_u64 (GByteArray *out,
         guint64     value)
{
  put_u32 (out, (guint32) value);
  put_u32 (out, (guint32) (value >> 32));
}

/* A .npy v1.0 file as numpy.save writes it: the header dict padded with
 * spaces so the data starts at a multiple of 64 bytes. */
static GByteArray *
encode_npy (const LlNpyArray *array,
            const char       *file,
            GError          **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GString) header = g_string_new (NULL);
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
                           "%s: array “%s” holds a string that is not valid UTF-8", file, array->name);
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
                         "%s: array “%s” is int64 but holds %g", file, array->name,
                         array->values[i]);
            return NULL;
          }
      g_string_append (header, "{'descr': '<i8', ");
    }
  else
    g_string_append (header, "{'descr': '<f8', ");

  g_string_append (header, "'fortran_order': False, 'shape': (");
  for (guint d = 0; d < array->ndim; d++)
    g_string_append_printf (header, d == 0 ? "%" G_GSIZE_FORMAT : ", %" G_GSIZE_FORMAT,
                            array->shape[d]);
  if (array->ndim == 1)
    g_string_append_c (header, ',');
  g_string_append (header, "), }");
  header_total = NPY_MAGIC_LEN + 4 + header->len + 1;
  while (header_total % 64 != 0)
    {
      g_string_append_c (header, ' ');
      header_total++;
    }
  g_string_append_c (header, '\n');

  g_byte_array_append (out, (const guint8 *) NPY_MAGIC, NPY_MAGIC_LEN);
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

static gboolean
array_is_consistent (const LlNpyArray *array)
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

/* The DOS date 1980-01-01 00:00: fixed, so equal models give equal files. */
#define ZIP_DOS_TIME 0
#define ZIP_DOS_DATE ((0 << 9) | (1 << 5) | 1)
#define ZIP_VERSION 20
#define ZIP_MADE_BY_UNIX (3 << 8)

static void
put_zip_header (GByteArray *out,
                gboolean    central,
                const char *entry_name,
                guint32     crc,
                guint32     size,
                guint32     local_offset)
{
  gsize name_len = strlen (entry_name);
  gboolean ascii = TRUE;

  for (const char *p = entry_name; *p; p++)
    if ((guchar) *p >= 0x80)
      ascii = FALSE;

  put_u32 (out, central ? ZIP_CENTRAL_SIG : ZIP_LOCAL_SIG);
  if (central)
    put_u16 (out, ZIP_MADE_BY_UNIX | ZIP_VERSION);
  put_u16 (out, ZIP_VERSION);
  put_u16 (out, ascii ? 0 : ZIP_FLAG_UTF8);
  put_u16 (out, ZIP_METHOD_STORED);
  put_u16 (out, ZIP_DOS_TIME);
  put_u16 (out, ZIP_DOS_DATE);
  put_u32 (out, crc);
  put_u32 (out, size);   /* compressed */
  put_u32 (out, size);
  put_u16 (out, (guint16) name_len);
  put_u16 (out, 0);      /* extra */
  if (central)
    {
      put_u16 (out, 0);                    /* comment */
      put_u16 (out, 0);                    /* disk */
      put_u16 (out, 0);                    /* internal attributes */
      put_u32 (out, (guint32) 0100644 << 16); /* external: a regular file, rw-r--r-- */
      put_u32 (out, local_offset);
    }
  g_byte_array_append (out, (const guint8 *) entry_name, (guint) name_len);
}

gboolean
ll_npz_write (const char *path,
              GPtrArray  *arrays,
              GError    **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GByteArray) zip = g_byte_array_new ();
  g_autoptr(GByteArray) directory = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (arrays != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_basename (path);
  if (arrays->len > 0xffff)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE, "%s: too many arrays", display);
      return FALSE;
    }

  for (guint i = 0; i < arrays->len; i++)
    {
      const LlNpyArray *array = g_ptr_array_index (arrays, i);
      g_autofree char *entry_name = NULL;
      g_autoptr(GByteArray) npy = NULL;
      gsize offset = zip->len;

      if (!array_is_consistent (array))
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                       "%s: array %u (“%s”) has an inconsistent name, shape or data",
                       display, i, array->name ? array->name : "");
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (strcmp (((LlNpyArray *) g_ptr_array_index (arrays, j))->name, array->name) == 0)
          {
            g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                         "%s: array “%s” is given twice", display, array->name);
            return FALSE;
          }

      npy = encode_npy (array, display, error);
      if (npy == NULL)
        return FALSE;
      /* Without ZIP64 every size and offset must fit in 32 bits. */
      if ((guint64) zip->len + npy->len + 1024 > G_MAXUINT32 || strlen (array->name) > 0xff00)
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                       "%s: array “%s” makes the archive too large", display, array->name);
          return FALSE;
        }
      entry_name = g_strconcat (array->name, ".npy", NULL);
      {
        guint32 crc = (guint32) crc32_z (0, npy->data, npy->len);

        put_zip_header (zip, FALSE, entry_name, crc, npy->len, 0);
        g_byte_array_append (zip, npy->data, npy->len);
        put_zip_header (directory, TRUE, entry_name, crc, npy->len, (guint32) offset);
      }
    }

  {
    guint32 directory_offset = zip->len;
    guint32 directory_size = directory->len;

    g_byte_array_append (zip, directory->data, directory->len);
    put_u32 (zip, ZIP_EOCD_SIG);
    put_u16 (zip, 0);                       /* this disk */
    put_u16 (zip, 0);                       /* disk with the directory */
    put_u16 (zip, (guint16) arrays->len);   /* entries on this disk */
    put_u16 (zip, (guint16) arrays->len);   /* entries in all */
    put_u32 (zip, directory_size);
    put_u32 (zip, directory_offset);
    put_u16 (zip, 0);                       /* comment */
  }

  /* A temporary file, fsynced, then renamed over PATH: a failure at any
   * point leaves the earlier file whole and no partial file. */
  if (!g_file_set_contents_full (path, (const char *) zip->data, zip->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO, "%s: cannot write: %s",
                   display, local_error->message);
      return FALSE;
    }
  return TRUE;
}
