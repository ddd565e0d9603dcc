/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-csv.c: CSV and TSV tables (src/core/data/csv.c). */
#include "config.h"

#include <locale.h>
#include <string.h>
#include <zlib.h>

#include <glib/gstdio.h>

#include "core/data/csv.h"
#include "core/data/dataset.h"
#include "fixtures.h"

static LlCsvTable *
parse (const char *text,
       const char *label,
       GError    **error)
{
  return ll_csv_table_parse ("t.csv", text, strlen (text), label, error);
}

static void
assert_row (const LlCsvTable *table,
            gsize             row,
            const double     *expected,
            const char       *label)
{
  for (guint f = 0; f < table->n_features; f++)
    g_assert_cmpfloat (table->features[row * table->n_features + f], ==, expected[f]);
  g_assert_cmpstr (table->labels[row], ==, label);
}

/* What Python's csv module writes: comma, a header, CRLF, quotes only where needed. */
static void
test_python_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCsvTable) table =
    parse ("x1,x2,\"the, label\"\r\n0.5,-2e-3,cat\r\n1,2,non-cat\r\n", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (table->delimiter, ==, ',');
  g_assert_true (table->has_header);
  g_assert_cmpuint (table->n_rows, ==, 2);
  g_assert_cmpuint (table->n_features, ==, 2);
  g_assert_cmpstr (table->feature_names[0], ==, "x1");
  g_assert_cmpstr (table->feature_names[1], ==, "x2");
  g_assert_null (table->feature_names[2]);
  g_assert_cmpstr (table->label_name, ==, "the, label");
  assert_row (table, 0, (double[]) { 0.5, -2e-3 }, "cat");
  assert_row (table, 1, (double[]) { 1, 2 }, "non-cat");
  g_assert_null (table->labels[2]);
}

/* What LibreOffice writes with its "semicolon, quote all text" choice,
 * with a byte-order mark and no final line break. */
static void
test_libreoffice_csv (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCsvTable) table =
    parse ("\xef\xbb\xbf\"Länge\";\"Breite\";\"Art\"\n5.1;3.5;\"setosa\"\n7;3.2;\"versicolor\"", NULL,
           &error);

  g_assert_no_error (error);
  g_assert_cmpint (table->delimiter, ==, ';');
  g_assert_true (table->has_header);
  g_assert_cmpstr (table->feature_names[0], ==, "Länge");
  g_assert_cmpstr (table->label_name, ==, "Art");
  assert_row (table, 0, (double[]) { 5.1, 3.5 }, "setosa");
  assert_row (table, 1, (double[]) { 7, 3.2 }, "versicolor");
}

static void
test_tsv_without_header (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCsvTable) table = parse ("1\t3\t1\n2\t4\t0.0\n\n-1\t-3.2\t1e0\n", NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (table->delimiter, ==, '\t');
  g_assert_false (table->has_header);
  g_assert_cmpuint (table->n_rows, ==, 3);
  g_assert_cmpstr (table->feature_names[0], ==, "x1");
  g_assert_cmpstr (table->feature_names[1], ==, "x2");
  g_assert_cmpstr (table->label_name, ==, "label");
  /* One spelling per number: 1, 1e0 and 0.0 are the classes "1" and "0". */
  assert_row (table, 0, (double[]) { 1, 3 }, "1");
  assert_row (table, 1, (double[]) { 2, 4 }, "0");
  assert_row (table, 2, (double[]) { -1, -3.2 }, "1");
}

static void
test_label_column (void)
{
  const char *text = "y,a,b\nyes,1,2\nno,3,4\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCsvTable) by_name = parse (text, "Y", &error);
  g_autoptr(LlCsvTable) by_number = NULL;
  g_autoptr(LlCsvTable) missing = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (by_name->label_name, ==, "y");
  g_assert_cmpstr (by_name->feature_names[0], ==, "a");
  assert_row (by_name, 1, (double[]) { 3, 4 }, "no");

  by_number = parse (text, "1", &error);
  g_assert_no_error (error);
  assert_row (by_number, 0, (double[]) { 1, 2 }, "yes");

  missing = parse (text, "colour", &error);
  g_assert_null (missing);
  g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES);
  g_assert_nonnull (strstr (error->message, "colour"));
}

/* Quoted cells hold separators, doubled quotes and line breaks; a line
 * break inside quotes still counts for the line numbers in messages. */
static void
test_quotes_and_lines (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCsvTable) table =
    parse ("a,b,label\n1,2,\"two\nlines\"\n3,oops,\"say \"\"hi\"\"\"\n", NULL, &error);

  g_assert_null (table);
  g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT);
  g_assert_cmpstr (error->message, ==, "t.csv: line 4, column 2 (b): “oops” is not a number");
  g_clear_error (&error);

  table = parse ("a,b,label\n1,2,\"two\nlines\"\n3,4,\"say \"\"hi\"\"\"\n", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (table->labels[0], ==, "two\nlines");
  g_assert_cmpstr (table->labels[1], ==, "say \"hi\"");
}

static void
assert_fails (const char *text,
              const char *expected_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCsvTable) table = parse (text, NULL, &error);

  g_assert_null (table);
  g_assert_nonnull (error);
  if (strstr (error->message, expected_message) == NULL)
    g_error ("“%s” does not contain “%s”", error->message, expected_message);
}

static void
test_errors (void)
{
  assert_fails ("", "t.csv: the table is empty");
  assert_fails ("\n\n  \n", "t.csv: the table is empty");
  assert_fails ("1\n2\n", "line 1: one column only");
  assert_fails ("a,b,c\n", "a header and no rows");
  assert_fails ("a,b,c\n1,2,1\n3,4\n", "line 3 has 2 cells where line 1 has 3");
  assert_fails ("a,b,c\n1,,1\n", "line 2, column 2 (b): a missing value");
  assert_fails ("a,b,c\n1,NA,1\n", "a missing value (“NA”)");
  assert_fails ("a,b,c\n1,nan,1\n", "a missing value");
  assert_fails ("a,b,c\n1,2,\n", "line 2, column 3 (c): a missing label");
  assert_fails ("a;b;c\n1,5;2;1\n", "“1,5” has a decimal comma");
  assert_fails ("a,b,c\n1,inf,1\n", "“inf” is not a number");
  assert_fails ("a,b,c\n1,1e999,1\n", "“1e999” is not a number");
  assert_fails ("a,b,c\n1,0x10,1\n", "“0x10” is not a number");
  assert_fails ("a,b,c\n1,\"2,1\n", "line 2: a quoted cell is never closed");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LlCsvTable) table = ll_csv_table_parse ("t.csv", "a,b,c\n1,2\0,1\n", 13, NULL, &error);

    g_assert_null (table);
    g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT);
    g_assert_cmpstr (error->message, ==, "t.csv: line 2: a NUL byte: this is not a text table");
  }
  /* Control characters from the file never reach a message raw. */
  assert_fails ("a,b,c\n1,\x1b]0;pwned\x07,1\n", "“?]0;pwned?” is not a number");
}

/* Numbers are read in the C locale whatever the user's. */
static void
test_locale (void)
{
  const char *saved = setlocale (LC_NUMERIC, NULL);
  g_autofree char *restore = g_strdup (saved);
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCsvTable) table = NULL;

  if (setlocale (LC_NUMERIC, "de_DE.UTF-8") == NULL)
    {
      g_test_skip ("the de_DE.UTF-8 locale is not installed");
      return;
    }
  table = parse ("a,b,c\n1.5,2.25,1\n", NULL, &error);
  setlocale (LC_NUMERIC, restore);
  g_assert_no_error (error);
  assert_row (table, 0, (double[]) { 1.5, 2.25 }, "1");
}

static void
test_files (void)
{
  g_autofree char *folder = ll_test_make_tmpdir ();
  g_autofree char *plain = g_build_filename (folder, "t.csv", NULL);
  g_autofree char *gzipped = g_build_filename (folder, "t.csv.gz", NULL);
  g_autofree char *fifo = g_build_filename (folder, "fifo.csv", NULL);
  const char *text = "a,b,label\n1,2,x\n3,4,y\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCsvTable) from_plain = NULL;
  g_autoptr(LlCsvTable) from_gzip = NULL;
  g_autoptr(LlCsvTable) none = NULL;
  gzFile gz;

  g_assert_true (g_file_set_contents (plain, text, -1, NULL));
  gz = gzopen (gzipped, "wb");
  g_assert_nonnull (gz);
  g_assert_cmpint (gzwrite (gz, text, strlen (text)), ==, (int) strlen (text));
  gzclose (gz);

  from_plain = ll_csv_table_read (plain, NULL, &error);
  g_assert_no_error (error);
  from_gzip = ll_csv_table_read (gzipped, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (from_gzip->n_rows, ==, 2);
  assert_row (from_gzip, 1, (double[]) { 3, 4 }, "y");
  assert_row (from_plain, 1, (double[]) { 3, 4 }, "y");

  none = ll_csv_table_read (folder, NULL, &error);
  g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "a folder, not a table"));
  g_clear_error (&error);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  none = ll_csv_table_read (fifo, NULL, &error);
  g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
  g_clear_error (&error);

  none = ll_csv_table_read ("/nonexistent/t.csv", NULL, &error);
  g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NOT_FOUND);

  g_assert_true (ll_csv_path_is_table ("a/B.CSV"));
  g_assert_true (ll_csv_path_is_table ("digits.tsv.gz"));
  g_assert_false (ll_csv_path_is_table ("train.h5"));
}

/* The 8x8 digits table as Debian's python3-sklearn ships it (gzip, no
 * header, 64 features and the digit last): every row read, values 0..16. */
static void
test_sklearn_digits (void)
{
  const char *path = "/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz";
  g_autoptr(GError) error = NULL;
  g_autoptr(LlCsvTable) table = NULL;
  double low = G_MAXDOUBLE, high = -G_MAXDOUBLE;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("python3-sklearn's digits.csv.gz is not installed");
      return;
    }
  table = ll_csv_table_read (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (table->has_header);
  g_assert_cmpuint (table->n_rows, ==, 1797);
  g_assert_cmpuint (table->n_features, ==, 64);
  for (gsize i = 0; i < table->n_rows * table->n_features; i++)
    {
      low = MIN (low, table->features[i]);
      high = MAX (high, table->features[i]);
    }
  g_assert_cmpfloat (low, ==, 0);
  g_assert_cmpfloat (high, ==, 16);
  g_assert_cmpstr (table->labels[0], ==, "0");
  g_assert_cmpstr (table->labels[1], ==, "1");
}

/* A table as a dataset: the labels' values are the classes (numbers by
 * value), a stratified share is set aside by a fixed seed, the file's order
 * kept within each split; or a separate test table. */
static void
test_dataset (void)
{
  g_autofree char *folder = ll_test_make_tmpdir ();
  g_autofree char *train_path = g_build_filename (folder, "grades.csv", NULL);
  g_autofree char *test_path = g_build_filename (folder, "grades-test.csv", NULL);
  g_autoptr(GString) text = g_string_new ("hours;score;grade\n");
  LlDatasetOptions options = { .test_fraction = 0.2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LlDataset) dataset = NULL;
  g_autoptr(LlDataset) again = NULL;
  g_autoptr(LlDataset) with_test = NULL;
  gsize per_class_test[3] = { 0 };

  /* 30 rows of grade 10, 20 of grade 2, 10 of grade 1. */
  for (guint i = 0; i < 60; i++)
    g_string_append_printf (text, "%u;%u.5;%u\n", i, i * 2, i < 30 ? 10 : i < 50 ? 2 : 1);
  g_assert_true (g_file_set_contents (train_path, text->str, -1, NULL));
  g_assert_true (g_file_set_contents (test_path, "hours;score;grade\n1;2;1\n3;4;10\n", -1, NULL));

  dataset = ll_dataset_load_with_options (train_path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dataset->format, ==, "csv");
  g_assert_cmpstr (dataset->name, ==, "grades");
  g_assert_cmpuint (dataset->n_classes, ==, 3);
  g_assert_cmpstr (dataset->class_names[0], ==, "1");
  g_assert_cmpstr (dataset->class_names[1], ==, "2");
  g_assert_cmpstr (dataset->class_names[2], ==, "10");
  g_assert_cmpuint (dataset->n_features, ==, 2);
  g_assert_cmpstr (dataset->feature_names[0], ==, "hours");
  g_assert_cmpstr (dataset->feature_names[1], ==, "score");
  g_assert_null (dataset->train.pixels);
  g_assert_cmpuint (dataset->train.count + dataset->test.count, ==, 60);
  for (gsize i = 0; i < dataset->test.count; i++)
    per_class_test[dataset->test.labels[i]]++;
  g_assert_cmpuint (per_class_test[0], ==, 2);   /* 20 % of 10 */
  g_assert_cmpuint (per_class_test[1], ==, 4);   /* of 20 */
  g_assert_cmpuint (per_class_test[2], ==, 6);   /* of 30 */
  /* The file's order within a split: hours increase. */
  for (gsize i = 1; i < dataset->train.count; i++)
    g_assert_cmpfloat (dataset->train.features[2 * i], >, dataset->train.features[2 * (i - 1)]);
  g_assert_cmpfloat (dataset->train.features[1], ==, dataset->train.features[0] * 2 + 0.5);

  /* The same split every time. */
  again = ll_dataset_load_with_options (train_path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (again->test.features, again->test.count * 2 * sizeof (double),
                   dataset->test.features, dataset->test.count * 2 * sizeof (double));

  options.test_path = test_path;
  with_test = ll_dataset_load_with_options (train_path, &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (with_test->train.count, ==, 60);
  g_assert_cmpuint (with_test->test.count, ==, 2);
  g_assert_cmpuint (with_test->test.labels[1], ==, 2);

  /* A class pair keeps the feature names. */
  {
    g_autoptr(LlDataset) pair = ll_dataset_select_binary (dataset, "10,1", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (pair->feature_names[1], ==, "score");
    g_assert_cmpuint (pair->train.count + pair->test.count, ==, 40);
  }
}

static void
test_dataset_errors (void)
{
  g_autofree char *folder = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (folder, "one.csv", NULL);
  LlDatasetOptions options = { .test_fraction = 0.2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(LlDataset) dataset = NULL;

  g_assert_true (g_file_set_contents (path, "a,b\n1,x\n2,x\n", -1, NULL));
  dataset = ll_dataset_load_with_options (path, &options, &error);
  g_assert_null (dataset);
  g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES);
  g_assert_nonnull (strstr (error->message, "holds one value only"));
  g_clear_error (&error);

  dataset = ll_dataset_load_with_options ("builtin:nothing", NULL, &error);
  g_assert_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NOT_FOUND);
}

/* The built-in tables: the 8x8 digits (1797 rows, ten classes, 0..16) and
 * the exam scores (two features, classes no/yes). */
static void
test_builtin_tables (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LlDataset) digits = ll_dataset_load_with_options ("builtin:digits", NULL, &error);
  g_autoptr(LlDataset) exams = NULL;
  g_autoptr(LlDataset) pair = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (digits->n_classes, ==, 10);
  g_assert_cmpstr (digits->class_names[9], ==, "9");
  g_assert_cmpuint (digits->n_features, ==, 64);
  g_assert_cmpuint (digits->height, ==, 8);
  g_assert_cmpuint (digits->width, ==, 8);
  g_assert_cmpstr (digits->feature_names[63], ==, "r7c7");
  g_assert_cmpuint (digits->train.count + digits->test.count, ==, 1797);
  pair = ll_dataset_into_binary (g_steal_pointer (&digits), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (pair->class_names[0], ==, "0");
  g_assert_cmpstr (pair->class_names[1], ==, "1");

  exams = ll_dataset_load_with_options ("builtin:exams", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exams->n_features, ==, 2);
  g_assert_cmpstr (exams->class_names[0], ==, "no");
  g_assert_cmpstr (exams->class_names[1], ==, "yes");
  g_assert_cmpuint (exams->train.count, ==, 80);
  g_assert_cmpuint (exams->test.count, ==, 20);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/csv/python", test_python_csv);
  g_test_add_func ("/csv/libreoffice", test_libreoffice_csv);
  g_test_add_func ("/csv/tsv-without-header", test_tsv_without_header);
  g_test_add_func ("/csv/label-column", test_label_column);
  g_test_add_func ("/csv/quotes-and-lines", test_quotes_and_lines);
  g_test_add_func ("/csv/errors", test_errors);
  g_test_add_func ("/csv/locale", test_locale);
  g_test_add_func ("/csv/files", test_files);
  g_test_add_func ("/csv/sklearn-digits", test_sklearn_digits);
  g_test_add_func ("/csv/dataset", test_dataset);
  g_test_add_func ("/csv/dataset-errors", test_dataset_errors);
  g_test_add_func ("/csv/builtin-tables", test_builtin_tables);
  return g_test_run ();
}
