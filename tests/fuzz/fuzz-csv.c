/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-csv.c: the CSV/TSV table reader on hostile text.
 *
 * The input is parsed as it is, with the label in the last column, then with
 * the label named by the input's first byte (a column number), so the
 * header and label-column paths are reached too. A table that parses must
 * be whole and consistent: every feature finite, one label text a row,
 * valid UTF-8 names. */
#include "config.h"

#include "fuzz-common.h"
#include "core/data/csv.h"
#include "core/data/dataset.h"

#include <math.h>

static void
parse_and_check (const uint8_t *data,
                 size_t         size,
                 const char    *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCsvTable) table = ll_csv_table_parse ("fuzz.csv", (const char *) data, size, label, &error);

  if (table == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == LL_DATASET_ERROR);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (table->n_rows, >, 0);
  g_assert_cmpuint (table->n_features, >, 0);
  g_assert_cmpuint (g_strv_length (table->feature_names), ==, table->n_features);
  g_assert_cmpuint (g_strv_length (table->labels), ==, table->n_rows);
  g_assert_true (g_utf8_validate (table->label_name, -1, NULL));
  for (guint f = 0; f < table->n_features; f++)
    g_assert_true (g_utf8_validate (table->feature_names[f], -1, NULL));
  for (gsize i = 0; i < table->n_rows; i++)
    g_assert_true (g_utf8_validate (table->labels[i], -1, NULL));
  for (gsize i = 0; i < table->n_rows * table->n_features; i++)
    g_assert_true (isfinite (table->features[i]));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  char label[4];

  parse_and_check (data, size, NULL);
  if (size > 0)
    {
      g_snprintf (label, sizeof label, "%u", data[0] % 8 + 1);
      parse_and_check (data + 1, size - 1, label);
    }
  return 0;
}
