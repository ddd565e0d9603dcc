/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json-writer.h: a tiny streaming JSON writer for the command line's --json.
 *
 * Output looks like Python's json.dumps: {"a": 1, "b": [1.5, "x"]}.
 * Strings are escaped (quotes, backslash, control characters) and passed
 * through as UTF-8 (invalid sequences become U+FFFD); doubles are written as
 * the shortest text that reads back to the same double, and a non-finite
 * double becomes null, so NaN never appears. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LlJsonWriter LlJsonWriter;

LlJsonWriter *ll_json_writer_new          (void);
void          ll_json_writer_free         (LlJsonWriter *writer);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlJsonWriter, ll_json_writer_free)

void          ll_json_writer_begin_object (LlJsonWriter *writer);
void          ll_json_writer_end_object   (LlJsonWriter *writer);
void          ll_json_writer_begin_array  (LlJsonWriter *writer);
void          ll_json_writer_end_array    (LlJsonWriter *writer);
/* Inside an object: the key of the value written next. */
void          ll_json_writer_key          (LlJsonWriter *writer, const char *key);
/* NULL writes null. */
void          ll_json_writer_string       (LlJsonWriter *writer, const char *value);
void          ll_json_writer_double       (LlJsonWriter *writer, double value);
void          ll_json_writer_int          (LlJsonWriter *writer, gint64 value);
void          ll_json_writer_null         (LlJsonWriter *writer);
void          ll_json_writer_boolean      (LlJsonWriter *writer, gboolean value);

/* The document so far, followed by a newline; the writer is left empty.
 * Every object and array must have been closed. */
char         *ll_json_writer_finish       (LlJsonWriter *writer);

/* Appends VALUE to STRING as a quoted, escaped JSON string. */
void          ll_json_append_string       (GString *string, const char *value);

#define LL_SHORTEST_DOUBLE_BUF_SIZE 40

/* VALUE as Python's repr(float) writes it, locale-independent: the fewest
 * significant digits that read back (g_ascii_strtod) to the same double,
 * "0.005", "70.0", "1e-05", "0.6931471805599453". Non-finite: "nan", "inf", "-inf". */
const char   *ll_format_shortest_double   (double value, char buffer[LL_SHORTEST_DOUBLE_BUF_SIZE]);

#define LL_FIXED_DOUBLE_BUF_SIZE 40

/* VALUE with DECIMALS decimals, as the notebook prints ("%.6f": "0.693147"),
 * where that shows it: 0, and 1e-4 <= |VALUE| < 1e15. Otherwise, where fixed
 * point would print a 38-digit integer or "0.000000", in scientific notation
 * with DECIMALS + 1 significant digits ("2.342761e+37", "3.000000e-07").
 * Never cut; locale-independent; non-finite: "nan", "inf", "-inf". */
const char   *ll_format_fixed_double      (double value, int decimals,
                                           char buffer[LL_FIXED_DOUBLE_BUF_SIZE]);

G_END_DECLS
