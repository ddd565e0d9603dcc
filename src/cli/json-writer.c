/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json-writer.c: see json-writer.h. */
#include "config.h"

#include "json-writer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct _LlJsonWriter
{
  GString *text;
  /* One entry per open container: how many values it holds so far. */
  GArray *counts;
  gboolean after_key;
};

LlJsonWriter *
ll_json_writer_new (void)
{
  LlJsonWriter *writer = g_new0 (LlJsonWriter, 1);

  writer->text = g_string_new (NULL);
  writer->counts = g_array_new (FALSE, FALSE, sizeof (guint));
  return writer;
}

void
ll_json_writer_free (LlJsonWriter *writer)
{
  if (writer == NULL)
    return;
  g_string_free (writer->text, TRUE);
  g_array_unref (writer->counts);
  g_free (writer);
}

/* Writes the separator a new value (or key) needs in the current container. */
static void
before_value (LlJsonWriter *writer)
{
  if (writer->after_key)
    {
      writer->after_key = FALSE;
      return;
    }
  if (writer->counts->len == 0)
    {
      g_return_if_fail (writer->text->len == 0);
      return;
    }
  guint *count = &g_array_index (writer->counts, guint, writer->counts->len - 1);
  if (*count > 0)
    g_string_append (writer->text, ", ");
  (*count)++;
}

static void
open_container (LlJsonWriter *writer, char bracket)
{
  guint zero = 0;

  before_value (writer);
  g_string_append_c (writer->text, bracket);
  g_array_append_val (writer->counts, zero);
}

static void
close_container (LlJsonWriter *writer, char bracket)
{
  g_return_if_fail (writer->counts->len > 0 && !writer->after_key);
  g_array_set_size (writer->counts, writer->counts->len - 1);
  g_string_append_c (writer->text, bracket);
}

void
ll_json_writer_begin_object (LlJsonWriter *writer)
{
  open_container (writer, '{');
}

void
ll_json_writer_end_object (LlJsonWriter *writer)
{
  close_container (writer, '}');
}

void
ll_json_writer_begin_array (LlJsonWriter *writer)
{
  open_container (writer, '[');
}

void
ll_json_writer_end_array (LlJsonWriter *writer)
{
  close_container (writer, ']');
}

void
ll_json_writer_key (LlJsonWriter *writer, const char *key)
{
  g_return_if_fail (key != NULL && !writer->after_key);
  before_value (writer);
  ll_json_append_string (writer->text, key);
  g_string_append (writer->text, ": ");
  writer->after_key = TRUE;
}

void
ll_json_writer_null (LlJsonWriter *writer)
{
  before_value (writer);
  g_string_append (writer->text, "null");
}

void
ll_json_writer_boolean (LlJsonWriter *writer, gboolean value)
{
  before_value (writer);
  g_string_append (writer->text, value ? "true" : "false");
}

void
ll_json_writer_string (LlJsonWriter *writer, const char *value)
{
  if (value == NULL)
    {
      ll_json_writer_null (writer);
      return;
    }
  before_value (writer);
  ll_json_append_string (writer->text, value);
}

void
ll_json_writer_double (LlJsonWriter *writer, double value)
{
  char buffer[LL_SHORTEST_DOUBLE_BUF_SIZE];

  if (!isfinite (value))
    {
      ll_json_writer_null (writer);
      return;
    }
  before_value (writer);
  g_string_append (writer->text, ll_format_shortest_double (value, buffer));
}

void
ll_json_writer_int (LlJsonWriter *writer, gint64 value)
{
  before_value (writer);
  g_string_append_printf (writer->text, "%" G_GINT64_FORMAT, value);
}

char *
ll_json_writer_finish (LlJsonWriter *writer)
{
  g_return_val_if_fail (writer->counts->len == 0 && !writer->after_key, NULL);
  g_string_append_c (writer->text, '\n');
  char *document = g_string_free (writer->text, FALSE);
  writer->text = g_string_new (NULL);
  return document;
}

void
ll_json_append_string (GString *string, const char *value)
{
  g_autofree char *valid = g_utf8_make_valid (value, -1);

  g_string_append_c (string, '"');
  for (const char *p = valid; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      switch (c)
        {
        case '"':  g_string_append (string, "\\\""); break;
        case '\\': g_string_append (string, "\\\\"); break;
        case '\b': g_string_append (string, "\\b"); break;
        case '\f': g_string_append (string, "\\f"); break;
        case '\n': g_string_append (string, "\\n"); break;
        case '\r': g_string_append (string, "\\r"); break;
        case '\t': g_string_append (string, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (string, "\\u%04x", c);
          else
            g_string_append_c (string, (char) c);  /* UTF-8 passes through */
        }
    }
  g_string_append_c (string, '"');
}

const char *
ll_format_shortest_double (double value, char buffer[LL_SHORTEST_DOUBLE_BUF_SIZE])
{
  char scientific[G_ASCII_DTOSTR_BUF_SIZE];
  char format[8];
  char digits[20];
  guint n_digits = 0;
  int exponent;
  GString *out;

  if (isnan (value))
    return strcpy (buffer, "nan");
  if (isinf (value))
    return strcpy (buffer, value > 0 ? "inf" : "-inf");

  /* The fewest significant digits that read back to VALUE; 17 always do. */
  for (int precision = 1; precision <= 17; precision++)
    {
      g_snprintf (format, sizeof format, "%%.%de", precision - 1);
      g_ascii_formatd (scientific, sizeof scientific, format, value);
      if (g_ascii_strtod (scientific, NULL) == value)
        break;
    }

  /* scientific is "[-]d[.ddd]e[+-]xx": split into digits and exponent. */
  const char *p = scientific;
  out = g_string_new (NULL);
  if (*p == '-')
    {
      g_string_append_c (out, '-');
      p++;
    }
  for (; *p != 'e'; p++)
    if (g_ascii_isdigit (*p))
      digits[n_digits++] = *p;
  exponent = atoi (p + 1);
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    n_digits--;

  /* Python's repr: positional for 1e-4 <= |value| < 1e16, else scientific. */
  if (exponent >= -4 && exponent < 16)
    {
      if (exponent >= 0)
        {
          for (int i = 0; i <= exponent; i++)
            g_string_append_c (out, (guint) i < n_digits ? digits[i] : '0');
          g_string_append_c (out, '.');
          if ((guint) exponent + 1 < n_digits)
            g_string_append_len (out, digits + exponent + 1, n_digits - exponent - 1);
          else
            g_string_append_c (out, '0');
        }
      else
        {
          g_string_append (out, "0.");
          for (int i = 0; i < -exponent - 1; i++)
            g_string_append_c (out, '0');
          g_string_append_len (out, digits, n_digits);
        }
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (n_digits > 1)
        {
          g_string_append_c (out, '.');
          g_string_append_len (out, digits + 1, n_digits - 1);
        }
      g_string_append_printf (out, "e%c%02d", exponent < 0 ? '-' : '+', ABS (exponent));
    }

  g_strlcpy (buffer, out->str, LL_SHORTEST_DOUBLE_BUF_SIZE);
  g_string_free (out, TRUE);
  return buffer;
}

const char *
ll_format_fixed_double (double value, int decimals, char buffer[LL_FIXED_DOUBLE_BUF_SIZE])
{
  char format[16];
  double magnitude = fabs (value);

  if (isnan (value))
    return strcpy (buffer, "nan");
  if (isinf (value))
    return strcpy (buffer, value > 0 ? "inf" : "-inf");
  decimals = CLAMP (decimals, 0, 17);
  /* Below 1e15 "%.17f" takes at most 15 + 1 + 17 + sign = 34 characters. */
  g_snprintf (format, sizeof format, value == 0 || (magnitude >= 1e-4 && magnitude < 1e15)
              ? "%%.%df" : "%%.%de", decimals);
  return g_ascii_formatd (buffer, LL_FIXED_DOUBLE_BUF_SIZE, format, value);
}
