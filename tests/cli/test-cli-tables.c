/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-tables.c: tables of numbers on the command line (issue 19):
 * CSV/TSV files and the built-in tables through the shared dataset options
 * of train, step and sweep. */
#include "config.h"

#include <string.h>

#include "cli-run.h"
#include "fixtures.h"

static char *
write_table (const char *folder,
             const char *name,
             const char *text)
{
  char *path = g_build_filename (folder, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

/* The 8x8 digits, 0 against 1, from one command (standardized by default,
 * the default rates and iterations): at least 99 % on the test share, for
 * each rate. */
static void
test_train_digits (void)
{
  g_autoptr(LlCliRun) run = ll_cli_run_args ("train", "--dataset", "builtin:digits", "--classes", "1,0", NULL);
  guint rates = 0;

  ll_cli_assert_success (run);
  for (const char *accuracy = strstr (run->out, "test accuracy: "); accuracy != NULL;
       accuracy = strstr (accuracy + 1, "test accuracy: "), rates++)
    g_assert_cmpfloat (g_ascii_strtod (accuracy + strlen ("test accuracy: "), NULL), >=, 99.0);
  g_assert_cmpuint (rates, ==, 3);
}

/* The seeds' propagate case as a headerless CSV gives the seeds' numbers. */
static void
test_step_propagate_csv (void)
{
  g_autofree char *folder = ll_test_make_tmpdir ();
  g_autofree char *path = write_table (folder, "propagate.csv", "1,3,1\n2,4,0\n-1,-3.2,1\n");
  g_autoptr(LlCliRun) run = ll_cli_run_args ("step", "--dataset", path, "--scaling", "none", "--test-fraction", "0",
                                             "--initial-w", "1,2", "--initial-b", "2",
                                             "--learning-rate", "0.009", "--json", NULL);
  const char *script =
    "import json, sys\n"
    "d = json.load(sys.stdin)\n"
    "assert abs(d['dw'][0] - 0.99845601) < 1e-8 and abs(d['dw'][1] - 2.39507239) < 1e-8, d['dw']\n"
    "assert abs(d['db'] - 0.00145557813678) < 1e-13, d['db']\n"
    "assert abs(d['cost'] - 5.801545319394553) < 1e-12, d['cost']\n"
    "print('ok')\n";
  g_autofree char *said = NULL;

  ll_cli_assert_success (run);
  said = ll_cli_python (script, run->out, (const char *const[]) { NULL });
  if (said != NULL)
    g_assert_cmpstr (said, ==, "ok\n");
}

/* A LibreOffice-style table (semicolons, quoted header) with a named label
 * column and a separate test file. */
static void
test_label_and_test_file (void)
{
  g_autofree char *folder = ll_test_make_tmpdir ();
  g_autofree char *train = write_table (folder, "train.csv",
                                        "\"Pass\";\"Hours\";\"Sleep\"\n\"yes\";9;8\n\"no\";1;4\n\"yes\";8;7\n\"no\";2;5\n");
  g_autofree char *test = write_table (folder, "test.csv", "\"Pass\";\"Hours\";\"Sleep\"\n\"yes\";7;8\n");
  g_autoptr(LlCliRun) run = ll_cli_run_args ("sweep", "--dataset", train, "--label", "pass",
                                             "--test-file", test, "--count", "2", "-i", "10", "--json",
                                             NULL);

  ll_cli_assert_success (run);
  /* Trained on the four rows, tested on the one: 100 % or 0 %, never a share. */
  g_assert_nonnull (strstr (run->out, "\"test_accuracy\": 100") != NULL ? run->out
                    : strstr (run->out, "\"test_accuracy\": 0"));
}

static void
test_bad_tables (void)
{
  g_autofree char *folder = ll_test_make_tmpdir ();
  g_autofree char *bad_cell = write_table (folder, "bad.csv", "a,b,label\n1,2,x\n3,four,y\n");
  g_autofree char *missing = write_table (folder, "missing.tsv", "a\tb\tlabel\n1\t\tx\n3\t4\ty\n");
  g_autoptr(LlCliRun) cell_run = ll_cli_run_args ("train", "-d", bad_cell, NULL);
  g_autoptr(LlCliRun) missing_run = ll_cli_run_args ("sweep", "-d", missing, NULL);
  g_autoptr(LlCliRun) fraction_run = ll_cli_run_args ("sweep", "-d", bad_cell, "--test-fraction", "1",
                                                      NULL);
  g_autoptr(LlCliRun) label_run = ll_cli_run_args ("sweep", "-d", bad_cell, "--label", "colour", NULL);

  ll_cli_assert_bad_input (cell_run, "bad.csv: line 3, column 2 (b): “four” is not a number");
  ll_cli_assert_bad_input (missing_run, "missing.tsv: line 2, column 2 (b): a missing value");
  ll_cli_assert_bad_input (fraction_run, "--test-fraction: '1' is not a number from 0");
  ll_cli_assert_bad_input (label_run, "no column named “colour”");
}

/* The digits' 0..16 divided by 255 stall training: train says so in words
 * before the numbers (and in --json), and not when standardized. */
static void
test_scaling_warning (void)
{
  g_autoptr(LlCliRun) text = ll_cli_run_args ("train", "-d", "builtin:digits", "-c", "1,0", "--scaling",
                                              "max:255", "-i", "10", NULL);
  g_autoptr(LlCliRun) json = ll_cli_run_args ("train", "-d", "builtin:digits", "-c", "1,0", "--scaling",
                                              "max:255", "-i", "10", "--json", NULL);
  g_autoptr(LlCliRun) standardized = ll_cli_run_args ("train", "-d", "builtin:digits", "-c", "1,0", "-i", "10",
                                                      "--json", NULL);
  g_autoptr(LlCliRun) bad = ll_cli_run_args ("train", "-d", "builtin:digits", "--scaling", "zscore", NULL);

  ll_cli_assert_success (text);
  g_assert_true (g_str_has_prefix (text->out, "Values run 0..16; divided by 255 they all lie within ±0.0627 "
                                              "and training will stall: choose Standardize.\n\n"));
  ll_cli_assert_success (json);
  g_assert_nonnull (strstr (json->out, "\"scaling_warning\": \"Values run 0..16"));
  ll_cli_assert_success (standardized);
  g_assert_nonnull (strstr (standardized->out, "\"scaling_warning\": null"));
  ll_cli_assert_bad_input (bad, "--scaling: 'zscore' is not a scaling");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli/tables/train-digits", test_train_digits);
  g_test_add_func ("/cli/tables/step-propagate-csv", test_step_propagate_csv);
  g_test_add_func ("/cli/tables/label-and-test-file", test_label_and_test_file);
  g_test_add_func ("/cli/tables/bad-tables", test_bad_tables);
  g_test_add_func ("/cli/tables/scaling-warning", test_scaling_warning);
  return g_test_run ();
}
