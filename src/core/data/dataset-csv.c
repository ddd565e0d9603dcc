/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-csv.c: a dataset from a table of numbers (csv.h).
 *
 * The label texts become the classes, in a stable order: numbers by value
 * ("0" < "1" < "10"), other texts by name; so digits 0..9 keep their
 * indices and a yes/no table reads "no", "yes". Without a separate test
 * table a share of each class is set aside (stratified) by a fixed seed, so
 * a lesson gives the same split every time. */
#include "config.h"

#include "core/io/text-escape.h"
#include "builtin-data.h"
#include "csv.h"
#include "dataset.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include <gio/gio.h>

#include <glib/gi18n-lib.h>

/* The seed of every split: a lesson is the same on every machine. */
#define SPLIT_SEED 20261207u

static gint
compare_labels (gconstpointer a,
                gconstpointer b)
{
  const char *x = *(const char * const *) a, *y = *(const char * const *) b;
  char *end_x = NULL, *end_y = NULL;
  double vx = g_ascii_strtod (x, &end_x), vy = g_ascii_strtod (y, &end_y);
  gboolean nx = end_x != x && *end_x == '\0', ny = end_y != y && *end_y == '\0';

  if (nx && ny)
    return vx < vy ? -1 : vx > vy;
  if (nx != ny)
    return nx ? -1 : 1;
  return g_utf8_collate (x, y);
}

/* The distinct labels of the tables, sorted: the class names. */
static char **
class_names_of (const LlCsvTable *train,
                const LlCsvTable *test)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const LlCsvTable *tables[2] = { train, test };

  for (guint t = 0; t < 2; t++)
    for (gsize i = 0; tables[t] != NULL && i < tables[t]->n_rows; i++)
      if (g_hash_table_add (seen, tables[t]->labels[i]))
        g_ptr_array_add (names, tables[t]->labels[i]);
  g_ptr_array_sort (names, compare_labels);
  {
    char **result = g_new0 (char *, names->len + 1);

    for (guint c = 0; c < names->len; c++)
      result[c] = g_strdup (g_ptr_array_index (names, c));
    return result;
  }
}

static guint8
class_of (char * const *class_names,
          const char   *label)
{
  for (guint c = 0; class_names[c] != NULL; c++)
    if (strcmp (class_names[c], label) == 0)
      return (guint8) c;
  g_assert_not_reached ();
}

/* Copies rows ROWS (N of them) of TABLE into SPLIT. */
static void
fill_split (LlSplit          *split,
            const LlCsvTable *table,
            char * const     *class_names,
            const gsize      *rows,
            gsize             n)
{
  gsize n_features = table->n_features;

  split->count = n;
  split->features = g_new (double, MAX (n * n_features, 1));
  split->labels = g_new (guint8, MAX (n, 1));
  for (gsize k = 0; k < n; k++)
    {
      gsize row = rows != NULL ? rows[k] : k;

      memcpy (split->features + k * n_features, table->features + row * n_features,
              n_features * sizeof (double));
      split->labels[k] = class_of (class_names, table->labels[row]);
    }
}

/* Marks round(FRACTION * count) rows of each class as test rows, drawn by
 * the fixed seed; at least one of each class stays for training. */
static gboolean *
stratified_test_rows (const LlCsvTable *table,
                      char * const     *class_names,
                      double            fraction)
{
  guint n_classes = g_strv_length ((char **) class_names);
  gboolean *is_test = g_new0 (gboolean, table->n_rows);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SPLIT_SEED);

  for (guint c = 0; c < n_classes; c++)
    {
      g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (gsize));
      gsize n_test;

      for (gsize i = 0; i < table->n_rows; i++)
        if (strcmp (table->labels[i], class_names[c]) == 0)
          g_array_append_val (rows, i);
      n_test = (gsize) floor (fraction * rows->len + 0.5);
      n_test = MIN (n_test, rows->len > 0 ? rows->len - 1 : 0);
      /* A partial Fisher-Yates shuffle: the first n_test rows are the draw. */
      for (gsize k = 0; k < n_test; k++)
        {
          gsize pick = k + (gsize) g_rand_int_range (rand, 0, (gint32) (rows->len - k));
          gsize chosen = g_array_index (rows, gsize, pick);

          g_array_index (rows, gsize, pick) = g_array_index (rows, gsize, k);
          g_array_index (rows, gsize, k) = chosen;
          is_test[chosen] = TRUE;
        }
    }
  return is_test;
}

/* Names from the file, shown in terminals and the window: their control
 * characters written out (once the labels are matched against them). */
static void
escape_names (char **names)
{
  for (gsize i = 0; names != NULL && names[i] != NULL; i++)
    {
      char *escaped = ll_text_escape_controls (names[i]);

      g_free (names[i]);
      names[i] = escaped;
    }
}

static LlDataset *
dataset_from_tables (const char       *path,
                        const LlCsvTable *train,
                        const LlCsvTable *test,
                        double            test_fraction,
                        GError          **error)
{
  g_autoptr(LlDataset) dataset = g_new0 (LlDataset, 1);
  g_autofree char *base = g_path_get_basename (path);

  if (test != NULL && test->n_features != train->n_features)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: %u features where the training table has %u"),
                   path, test->n_features, train->n_features);
      return NULL;
    }
  if (!(test_fraction >= 0 && test_fraction < 1))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("a test fraction must be at least 0 and below 1, not %g"), test_fraction);
      return NULL;
    }
  dataset->class_names = class_names_of (train, test);
  dataset->n_classes = g_strv_length (dataset->class_names);
  if (dataset->n_classes < 2)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES,
                   _("%s: the label column “%s” holds one value only; a classifier needs two classes"),
                   path, train->label_name);
      return NULL;
    }
  if (dataset->n_classes > 256)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES,
                   _("%s: the label column “%s” holds %u different values; is it really the label?"),
                   path, train->label_name, dataset->n_classes);
      return NULL;
    }
  if (g_str_has_suffix (base, ".gz"))
    base[strlen (base) - 3] = '\0';
  if (strrchr (base, '.') != NULL)
    *strrchr (base, '.') = '\0';
  dataset->name = ll_text_escape_controls (base);
  dataset->path = g_strdup (path);
  dataset->format = g_strdup ("csv");
  dataset->n_features = train->n_features;
  dataset->feature_names = g_strdupv (train->feature_names);
  /* No picture: one row of features (views that draw images check
   * feature_names, or pixels, first). */
  dataset->height = 1;
  dataset->width = train->n_features;
  dataset->channels = 1;

  if (test != NULL)
    {
      fill_split (&dataset->train, train, dataset->class_names, NULL, train->n_rows);
      fill_split (&dataset->test, test, dataset->class_names, NULL, test->n_rows);
    }
  else
    {
      g_autofree gboolean *is_test = stratified_test_rows (train, dataset->class_names, test_fraction);
      g_autoptr(GArray) train_rows = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_autoptr(GArray) test_rows = g_array_new (FALSE, FALSE, sizeof (gsize));

      /* In the file's order within each split. */
      for (gsize i = 0; i < train->n_rows; i++)
        g_array_append_val (is_test[i] ? test_rows : train_rows, i);
      fill_split (&dataset->train, train, dataset->class_names, (gsize *) (void *) train_rows->data,
                  train_rows->len);
      fill_split (&dataset->test, train, dataset->class_names, (gsize *) (void *) test_rows->data,
                  test_rows->len);
    }
  escape_names (dataset->class_names);
  escape_names (dataset->feature_names);
  return g_steal_pointer (&dataset);
}

LlDataset *
ll_dataset_load_table (const char             *path,
                       const LlDatasetOptions *options,
                       GError                **error)
{
  g_autoptr(LlCsvTable) train = ll_csv_table_read (path, options->label_column, error);
  g_autoptr(LlCsvTable) test = NULL;

  if (train == NULL)
    return NULL;
  if (options->test_path != NULL)
    {
      test = ll_csv_table_read (options->test_path, options->label_column, error);
      if (test == NULL)
        return NULL;
    }
  {
    LlDataset *dataset = dataset_from_tables (path, train, test, options->test_fraction, error);

    if (dataset != NULL)
      {
        dataset->input_files = g_new0 (char *, 3);
        dataset->input_files[0] = g_strdup (path);
        dataset->input_files[1] = g_strdup (options->test_path);
      }
    return dataset;
  }
}

/* ---- the built-in tables ---- */

/* A gzip member in memory, inflated (the built-in digits: 54 KB to 290 KB). */
static GBytes *
inflate_gzip (GBytes  *compressed,
              GError **error)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (compressed, &size);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  z_stream stream = { 0 };
  int status = Z_OK;

  if (inflateInit2 (&stream, 16 + MAX_WBITS) != Z_OK)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NO_BUILTIN, "zlib: %s", stream.msg);
      return NULL;
    }
  stream.next_in = (Bytef *) data;
  stream.avail_in = (uInt) size;
  while (status == Z_OK)
    {
      guint8 buffer[64 * 1024];

      stream.next_out = buffer;
      stream.avail_out = sizeof buffer;
      status = inflate (&stream, Z_NO_FLUSH);
      g_byte_array_append (out, buffer, sizeof buffer - stream.avail_out);
    }
  inflateEnd (&stream);
  if (status != Z_STREAM_END)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NO_BUILTIN,
                   "zlib: %s", stream.msg != NULL ? stream.msg : "truncated data");
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

LlDataset *
ll_dataset_load_builtin_table (const char  *name,
                               GError     **error)
{
  gboolean digits = strcmp (name, "digits") == 0;
  g_autofree char *path = g_strconcat ("builtin:", name, NULL);
  g_autoptr(GBytes) stored = ll_builtin_data (digits ? "digits.csv.gz" : "exams.csv", error);
  g_autoptr(GBytes) text = NULL;
  g_autoptr(LlCsvTable) table = NULL;
  LlDataset *dataset;
  gsize length = 0;
  const char *chars;

  if (stored == NULL)
    return NULL;
  text = digits ? inflate_gzip (stored, error) : g_bytes_ref (stored);
  if (text == NULL)
    return NULL;
  chars = g_bytes_get_data (text, &length);
  table = ll_csv_table_parse (path, chars, length, NULL, error);
  if (table == NULL)
    return NULL;
  dataset = dataset_from_tables (path, table, NULL, LL_DATASET_DEFAULT_TEST_FRACTION, error);
  if (dataset == NULL)
    return NULL;
  g_free (dataset->format);
  dataset->format = g_strdup ("builtin");
  g_free (dataset->name);
  if (digits)
    {
      /* Each row is an 8x8 picture: the views can show it as one. */
      dataset->name = g_strdup (_("Digits (8×8)"));
      dataset->height = dataset->width = 8;
      dataset->channels = 1;
    }
  else
    dataset->name = g_strdup (_("Exam scores"));
  return dataset;
}
