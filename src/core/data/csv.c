/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv.c: CSV and TSV tables of numbers with a label column (see csv.h).
 *
 * One pass over the text: a small state machine cuts records into cells
 * (unquoting into a scratch buffer), the first record settles the column
 * count, the header and the label column, and every later record is
 * converted at once: feature cells into a growing array of doubles, label
 * texts interned (a table of 10^6 rows has a handful of distinct labels). */
#include "config.h"

#include "csv.h"
#include "dataset.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

void
ll_csv_table_free (LlCsvTable *table)
{
  if (table == NULL)
    return;
  g_strfreev (table->feature_names);
  g_free (table->label_name);
  g_free (table->features);
  g_strfreev (table->labels);
  g_free (table);
}

gboolean
ll_csv_path_is_table (const char *path)
{
  static const char * const suffixes[] = { ".csv", ".tsv", ".csv.gz", ".tsv.gz" };
  g_autofree char *lower = g_ascii_strdown (path, -1);

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i]))
      return TRUE;
  return FALSE;
}

/* ---- cells ---- */

/* A cell for a message: at most 40 characters, control characters and
 * invalid UTF-8 shown as '?', so file content never drives the terminal. */
static char *
cell_for_message (const char *cell)
{
  g_autofree char *valid = g_utf8_make_valid (cell, -1);
  GString *out = g_string_new (NULL);
  const char *p = valid;

  for (guint n = 0; *p != '\0' && n < 40; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        g_string_append_c (out, '?');
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static char *
trim (char *cell)
{
  return g_strstrip (cell);
}

static gboolean
is_missing (const char *cell)
{
  return cell[0] == '\0' || g_ascii_strcasecmp (cell, "NA") == 0 ||
         g_ascii_strcasecmp (cell, "NaN") == 0 || strcmp (cell, "?") == 0 ||
         g_ascii_strcasecmp (cell, "null") == 0;
}

/* A finite number in the C locale, the whole (trimmed) cell; no hex, no
 * "inf": a table of measurements has neither. */
static gboolean
parse_number (const char *cell,
              double     *value)
{
  char *end = NULL;

  if (cell[0] == '\0' || strpbrk (cell, "xXpP") != NULL || g_ascii_isalpha (cell[0]) ||
      ((cell[0] == '-' || cell[0] == '+') && g_ascii_isalpha (cell[1])))
    return FALSE;
  errno = 0;
  *value = g_ascii_strtod (cell, &end);
  return end != cell && *end == '\0' && isfinite (*value);
}

/* "1,5" with a separator other than the comma: a decimal comma. */
static gboolean
looks_like_decimal_comma (const char *cell)
{
  const char *comma = strchr (cell, ',');
  g_autofree char *dotted = NULL;
  double value;

  if (comma == NULL || strchr (comma + 1, ',') != NULL)
    return FALSE;
  dotted = g_strdup (cell);
  dotted[comma - cell] = '.';
  return parse_number (dotted, &value);
}

/* ---- the record cutter ---- */

typedef struct {
  const char *name;
  const char *text;
  gsize length;
  gsize pos;
  gulong line;           /* line of the next record's start, from 1 */
  char delimiter;
  GString *scratch;      /* the unquoted cells of one record, each NUL-terminated */
  GArray *starts;        /* offsets of the cells in scratch */
} Cutter;

/* Cuts the next non-blank record into cutter->scratch / starts. Returns
 * FALSE at the end of the text or on an error (then *error is set); LINE
 * gets the record's first line. */
static gboolean
cut_record (Cutter  *cutter,
            gulong  *line,
            GError **error)
{
  for (;;)
    {
      gboolean quoted = FALSE, was_quoted = FALSE, blank = TRUE;
      gulong start_line = cutter->line;

      if (cutter->pos >= cutter->length)
        return FALSE;
      g_string_truncate (cutter->scratch, 0);
      g_array_set_size (cutter->starts, 0);
      g_array_append_val (cutter->starts, (guint) { 0 });
      while (cutter->pos < cutter->length)
        {
          char c = cutter->text[cutter->pos++];

          if (c == '\0')
            {
              g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                           _("%s: line %lu: a NUL byte: this is not a text table"),
                           cutter->name, cutter->line);
              return FALSE;
            }
          if (quoted)
            {
              if (c == '"' && cutter->pos < cutter->length && cutter->text[cutter->pos] == '"')
                {
                  g_string_append_c (cutter->scratch, '"');
                  cutter->pos++;
                }
              else if (c == '"')
                quoted = FALSE;
              else
                {
                  if (c == '\n')
                    cutter->line++;
                  g_string_append_c (cutter->scratch, c);
                }
              continue;
            }
          if (c == '\r' || c == '\n')
            {
              if (c == '\r' && cutter->pos < cutter->length && cutter->text[cutter->pos] == '\n')
                cutter->pos++;
              cutter->line++;
              break;
            }
          if (c == cutter->delimiter)
            {
              guint start;

              blank = FALSE;
              g_string_append_c (cutter->scratch, '\0');
              start = cutter->scratch->len;
              g_array_append_val (cutter->starts, start);
              was_quoted = FALSE;
              continue;
            }
          if (c == '"' && !was_quoted)
            {
              /* A quote opens a quoted part anywhere in a cell before any
               * other quote: "a"b reads as ab, as spreadsheets do. */
              quoted = was_quoted = TRUE;
              blank = FALSE;
              continue;
            }
          if (c != ' ' && c != '\t')
            blank = FALSE;
          g_string_append_c (cutter->scratch, c);
        }
      if (quoted)
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                       _("%s: line %lu: a quoted cell is never closed"),
                       cutter->name, start_line);
          return FALSE;
        }
      g_string_append_c (cutter->scratch, '\0');
      if (!blank)
        {
          *line = start_line;
          return TRUE;
        }
    }
}

static guint
n_cells (const Cutter *cutter)
{
  return cutter->starts->len;
}

static char *
cell (Cutter *cutter,
      guint   index)
{
  return trim (cutter->scratch->str + g_array_index (cutter->starts, guint, index));
}

/* The separator: of tab, semicolon and comma, the one the first line holds
 * most of outside quotes (a tie goes to tab, then semicolon: "1,5;2" is
 * two cells with decimal commas, not three). */
static char
detect_delimiter (const char *text,
                  gsize       length)
{
  static const char candidates[] = { '\t', ';', ',' };
  gsize counts[3] = { 0, 0, 0 };
  gboolean quoted = FALSE;
  char best = ',';
  gsize best_count = 0;

  for (gsize i = 0; i < length && (quoted || (text[i] != '\n' && text[i] != '\r')); i++)
    {
      if (text[i] == '"')
        quoted = !quoted;
      else if (!quoted)
        for (guint c = 0; c < 3; c++)
          if (text[i] == candidates[c])
            counts[c]++;
    }
  for (guint c = 0; c < 3; c++)
    if (counts[c] > best_count)
      {
        best = candidates[c];
        best_count = counts[c];
      }
  return best;
}

/* ---- the table ---- */

static gboolean
find_label_column (const char  *name,
                   char       **header,
                   guint        n_columns,
                   const char  *label_column,
                   guint       *label,
                   GError     **error)
{
  guint64 number;

  if (label_column == NULL)
    {
      *label = n_columns - 1;
      return TRUE;
    }
  if (header != NULL)
    for (guint c = 0; c < n_columns; c++)
      if (g_ascii_strcasecmp (header[c], label_column) == 0 ||
          g_utf8_collate (header[c], label_column) == 0)
        {
          *label = c;
          return TRUE;
        }
  if (g_ascii_string_to_unsigned (label_column, 10, 1, n_columns, &number, NULL))
    {
      *label = (guint) number - 1;
      return TRUE;
    }
  {
    g_autofree char *shown = cell_for_message (label_column);

    g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES,
                 header != NULL
                 ? _("%s: no column named “%s” for the label (give a header name or a number from 1 to %u)")
                 : _("%s: no column “%s” for the label: the table has no header, give a number from 1 to %u"),
                 name, shown, n_columns);
  }
  return FALSE;
}

/* The label text as kept: numbers in one spelling ("1.0", "1" and "1e0"
 * are one class), other text as written. */
static char *
label_text (const char *cell_text)
{
  double value;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (parse_number (cell_text, &value))
    return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.17g", value));
  return g_utf8_make_valid (cell_text, -1);
}

/* A first record is a header when a cell of it is text and the same cell
 * of the second record a number, or when every cell of it is text. */
static gboolean
record_is_text (const char *cell_text)
{
  double value;

  return !parse_number (cell_text, &value) && !is_missing (cell_text);
}

static void
number_error (const char  *name,
              gulong       line,
              guint        column,
              const char  *column_name,
              const char  *cell_text,
              char         delimiter,
              GError     **error)
{
  g_autofree char *shown = cell_for_message (cell_text);

  if (is_missing (cell_text))
    g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                 _("%s: line %lu, column %u (%s): a missing value (“%s”); "
                   "fill it in or remove the row"),
                 name, line, column + 1, column_name, shown);
  else if (delimiter != ',' && looks_like_decimal_comma (cell_text))
    g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                 _("%s: line %lu, column %u (%s): “%s” has a decimal comma; "
                   "numbers must use a dot (1.5)"),
                 name, line, column + 1, column_name, shown);
  else
    g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                 _("%s: line %lu, column %u (%s): “%s” is not a number"),
                 name, line, column + 1, column_name, shown);
}

LlCsvTable *
ll_csv_table_parse (const char  *name,
                    const char  *text,
                    gsize        length,
                    const char  *label_column,
                    GError     **error)
{
  g_autoptr(LlCsvTable) table = g_new0 (LlCsvTable, 1);
  g_autoptr(GString) scratch = g_string_new (NULL);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) features = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) column_names = NULL;
  Cutter cutter = { name, text, length, 0, 1, ',', scratch, starts };
  gulong line = 0, first_line = 0;
  guint n_columns, label = 0;
  gboolean have_first;

  if (length > LL_CSV_MAX_BYTES)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE,
                   _("%s: larger than %u MiB"), name, LL_CSV_MAX_BYTES >> 20);
      return NULL;
    }
  if (length >= 3 && memcmp (text, "\xef\xbb\xbf", 3) == 0)
    cutter.pos = 3;
  cutter.delimiter = table->delimiter = detect_delimiter (text + cutter.pos, length - cutter.pos);

  have_first = cut_record (&cutter, &first_line, error);
  if (!have_first)
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                     _("%s: the table is empty"), name);
      return NULL;
    }
  n_columns = n_cells (&cutter);
  if (n_columns < 2)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: line %lu: one column only; a table needs features and a label, "
                     "separated by commas, semicolons or tabs"),
                   name, first_line);
      return NULL;
    }
  if (n_columns > LL_CSV_MAX_COLUMNS)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE,
                   _("%s: %u columns, more than the %u this program reads"),
                   name, n_columns, LL_CSV_MAX_COLUMNS);
      return NULL;
    }
  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (first, g_strdup (cell (&cutter, c)));

  /* The second record decides whether the first is a header. */
  {
    gboolean all_text = TRUE, text_over_number = FALSE;
    gulong second_line = 0;
    gboolean have_second;
    GError *local = NULL;
    Cutter peek = cutter;
    g_autoptr(GString) peek_scratch = g_string_new (NULL);
    g_autoptr(GArray) peek_starts = g_array_new (FALSE, FALSE, sizeof (guint));

    peek.scratch = peek_scratch;
    peek.starts = peek_starts;
    have_second = cut_record (&peek, &second_line, &local);
    g_clear_error (&local);
    for (guint c = 0; c < n_columns; c++)
      {
        gboolean is_text = record_is_text (g_ptr_array_index (first, c));

        all_text = all_text && is_text;
        if (is_text && have_second && c < n_cells (&peek) && !record_is_text (cell (&peek, c)))
          text_over_number = TRUE;
      }
    table->has_header = all_text || text_over_number;
  }

  column_names = g_new0 (char *, n_columns + 1);
  for (guint c = 0; c < n_columns; c++)
    column_names[c] = table->has_header ? g_utf8_make_valid (g_ptr_array_index (first, c), -1) : NULL;
  if (!find_label_column (name, table->has_header ? column_names : NULL, n_columns, label_column, &label,
                          error))
    return NULL;
  table->n_features = n_columns - 1;
  table->feature_names = g_new0 (char *, n_columns);
  for (guint c = 0, f = 0; c < n_columns; c++)
    {
      if (!table->has_header)
        column_names[c] = c == label ? g_strdup ("label") : g_strdup_printf ("x%u", f + 1);
      if (c != label)
        table->feature_names[f++] = g_strdup (column_names[c]);
    }
  table->label_name = g_strdup (column_names[label]);

  /* Rows: the first record's cells when it is data, then every record. */
  for (gboolean from_first = !table->has_header;; from_first = FALSE)
    {
      if (!from_first)
        {
          GError *local = NULL;

          if (!cut_record (&cutter, &line, &local))
            {
              if (local != NULL)
                {
                  g_propagate_error (error, local);
                  return NULL;
                }
              break;
            }
          if (n_cells (&cutter) != n_columns)
            {
              g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                           _("%s: line %lu has %u cells where line %lu"
                             " has %u"),
                           name, line, n_cells (&cutter), first_line, n_columns);
              return NULL;
            }
        }
      else
        line = first_line;
      if ((gsize) features->len + table->n_features > LL_CSV_MAX_CELLS)
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE,
                       _("%s: more than %u numbers; this program reads at most that many"),
                       name, LL_CSV_MAX_CELLS);
          return NULL;
        }
      for (guint c = 0; c < n_columns; c++)
        {
          const char *text_cell = from_first ? g_ptr_array_index (first, c) : cell (&cutter, c);
          double value;

          if (c == label)
            {
              if (is_missing (text_cell))
                {
                  g_autofree char *shown = cell_for_message (text_cell);

                  g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                               _("%s: line %lu, column %u (%s): a missing label (“%s”); "
                                 "fill it in or remove the row"),
                               name, line, c + 1, column_names[c], shown);
                  return NULL;
                }
              g_ptr_array_add (labels, label_text (text_cell));
              continue;
            }
          if (!parse_number (text_cell, &value))
            {
              number_error (name, line, c, column_names[c], text_cell, table->delimiter, error);
              return NULL;
            }
          g_array_append_val (features, value);
        }
    }
  if (labels->len == 0)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: a header and no rows"), name);
      return NULL;
    }
  table->n_rows = labels->len;
  g_ptr_array_add (labels, NULL);
  table->labels = (char **) g_ptr_array_free (g_steal_pointer (&labels), FALSE);
  table->features = (double *) (void *) g_array_free (g_steal_pointer (&features), FALSE);
  return g_steal_pointer (&table);
}

/* ---- files ---- */

/* The whole of PATH, inflated when it is gzip (zlib's gz* read plain files
 * as they are), at most LL_CSV_MAX_BYTES: a gzip bomb stops there. */
static char *
read_text (const char  *path,
           gsize       *length,
           GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  guint8 buffer[64 * 1024];
  struct stat st = { 0 };
  gzFile file;
  int got;
  /* O_NONBLOCK: opening a FIFO must not hang; the fstat check refuses it. */
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LL_DATASET_ERROR,
                   saved == ENOENT ? LL_DATASET_ERROR_NOT_FOUND : LL_DATASET_ERROR_UNREADABLE,
                   "%s: %s", path, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   st.st_mode != 0 && S_ISDIR (st.st_mode) ? _("%s: a folder, not a table")
                                                           : _("%s: not a regular file"), path);
      close (fd);
      return NULL;
    }
  file = gzdopen (fd, "rb");
  if (file == NULL)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   _("%s: cannot open for reading"), path);
      close (fd);
      return NULL;
    }
  while ((got = gzread (file, buffer, sizeof buffer)) > 0)
    {
      if (bytes->len + (gsize) got > LL_CSV_MAX_BYTES)
        {
          gzclose (file);
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE,
                       _("%s: larger than %u MiB"), path, LL_CSV_MAX_BYTES >> 20);
          return NULL;
        }
      g_byte_array_append (bytes, buffer, got);
    }
  if (got < 0)
    {
      int code;
      const char *message = gzerror (file, &code);
      g_autofree char *reason = g_strdup (code == Z_ERRNO ? g_strerror (errno) : message);

      gzclose (file);
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: corrupt gzip data (%s)"), path, reason);
      return NULL;
    }
  gzclose (file);
  *length = bytes->len;
  g_byte_array_append (bytes, (const guint8 *) "", 1);
  return (char *) g_byte_array_free (g_steal_pointer (&bytes), FALSE);
}

LlCsvTable *
ll_csv_table_read (const char  *path,
                   const char  *label_column,
                   GError     **error)
{
  gsize length = 0;
  g_autofree char *text = read_text (path, &length, error);

  if (text == NULL)
    return NULL;
  return ll_csv_table_parse (path, text, length, label_column, error);
}
