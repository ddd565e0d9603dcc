/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-classify.c: `logistic-lab classify` run as a program on PNG
 * fixtures, with hand-made weights and with weights from `train --export`. */
#include <gio/gio.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "cli-run.h"
#include "fixtures.h"
#include "core/data/dataset.h"
#include "core/data/image.h"
#include "core/io/model-io.h"
#include "core/io/npz.h"

/* Hand-made weights: every w = 0.01, b = -0.2, so an all-white image has
 * z = 0.01 n - 0.2 and an all-black one z = -0.2. */
#define W_VALUE 0.01
#define B_VALUE -0.2

typedef struct {
  char *dir;
  char *weights_48;   /* n = 48: inferred 4x4 RGB, classes "0"/"1" */
  char *weights_24;   /* n = 24: needs --image-size 4x2 */
  char *white;        /* 4x4 RGB white */
  char *black;        /* 4x4 RGB black */
  char *white_large;  /* 16x12 RGB white: resized down */
  char *white_grey;   /* 5x5 grey white: converted to RGB */
  char *not_an_image; /* text named .png */
} Fixture;

static void
write_weights (const char *path, gsize n)
{
  g_autofree double *w = g_new (double, n);
  const double b = B_VALUE;
  const gsize w_shape[2] = { n, 1 };
  g_autoptr (GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  g_autoptr (GError) error = NULL;

  for (gsize i = 0; i < n; i++)
    w[i] = W_VALUE;
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("w", w, 2, w_shape));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("b", &b, 0, NULL));
  ll_npz_write (path, arrays, &error);
  g_assert_no_error (error);
}

static char *
write_filled_png (const char *dir, const char *name, guint width, guint height,
                  guint channels, guint8 value)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autofree guint8 *pixels = g_malloc ((gsize) width * height * channels);

  memset (pixels, value, (gsize) width * height * channels);
  ll_cli_write_png (path, width, height, channels, pixels);
  return path;
}

static void
fixture_set_up (Fixture *fixture, gconstpointer data)
{
  fixture->dir = ll_test_make_tmpdir ();
  fixture->weights_48 = g_build_filename (fixture->dir, "weights48.npz", NULL);
  fixture->weights_24 = g_build_filename (fixture->dir, "weights24.npz", NULL);
  write_weights (fixture->weights_48, 48);
  write_weights (fixture->weights_24, 24);
  fixture->white = write_filled_png (fixture->dir, "white.png", 4, 4, 3, 255);
  fixture->black = write_filled_png (fixture->dir, "black.png", 4, 4, 3, 0);
  fixture->white_large = write_filled_png (fixture->dir, "white-large.png", 16, 12, 3, 255);
  fixture->white_grey = write_filled_png (fixture->dir, "white-grey.png", 5, 5, 1, 255);
  fixture->not_an_image = g_build_filename (fixture->dir, "bad.png", NULL);
  g_assert_true (g_file_set_contents (fixture->not_an_image, "not a png at all\n", -1, NULL));
}

static void
fixture_tear_down (Fixture *fixture, gconstpointer data)
{
  g_free (fixture->dir);
  g_free (fixture->weights_48);
  g_free (fixture->weights_24);
  g_free (fixture->white);
  g_free (fixture->black);
  g_free (fixture->white_large);
  g_free (fixture->white_grey);
  g_free (fixture->not_an_image);
}

static double
sigmoid (double z)
{
  return 1.0 / (1.0 + exp (-z));
}

/* "PATH: CLASS (p = 0.1234)\n" */
static char *
expected_line (const char *path, const char *class_name, double probability)
{
  char p[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup_printf ("%s: %s (p = %s)\n", path, class_name,
                          g_ascii_formatd (p, sizeof p, "%.4f", probability));
}

static void
test_text (Fixture *fixture, gconstpointer data)
{
  const double p_white = sigmoid (48 * W_VALUE + B_VALUE);
  const double p_black = sigmoid (B_VALUE);
  g_autoptr (LlCliRun) run = ll_cli_run_args ("classify", "--weights", fixture->weights_48,
                                              fixture->white, fixture->black,
                                              fixture->white_large, fixture->white_grey, NULL);
  g_autofree char *white = expected_line (fixture->white, "1", p_white);
  g_autofree char *black = expected_line (fixture->black, "0", p_black);
  g_autofree char *white_large = expected_line (fixture->white_large, "1", p_white);
  g_autofree char *white_grey = expected_line (fixture->white_grey, "1", p_white);
  g_autofree char *expected = g_strconcat (white, black, white_large, white_grey, NULL);

  ll_cli_assert_success (run);
  g_assert_cmpstr (run->out, ==, expected);
}

static void
test_classes (Fixture *fixture, gconstpointer data)
{
  g_autoptr (LlCliRun) both = ll_cli_run_args ("classify", "--weights", fixture->weights_48,
                                               "--classes", "cat,non-cat",
                                               fixture->white, fixture->black, NULL);
  g_autoptr (LlCliRun) positive_only = ll_cli_run_args ("classify", "--weights", fixture->weights_48,
                                                        "--classes", "cat", fixture->black, NULL);

  ll_cli_assert_success (both);
  g_assert_nonnull (strstr (both->out, "white.png: cat (p = 0.5695)\n"));
  g_assert_nonnull (strstr (both->out, "black.png: non-cat (p = 0.4502)\n"));
  ll_cli_assert_success (positive_only);
  g_assert_true (g_str_has_suffix (positive_only->out, "black.png: not cat (p = 0.4502)\n"));
}

static void
test_image_size (Fixture *fixture, gconstpointer data)
{
  g_autoptr (LlCliRun) run = ll_cli_run_args ("classify", "--weights", fixture->weights_24,
                                              "--image-size", "4x2", fixture->white_large, NULL);
  g_autoptr (LlCliRun) without = ll_cli_run_args ("classify", "--weights", fixture->weights_24,
                                                  fixture->white_large, NULL);
  g_autofree char *expected = expected_line (fixture->white_large, "1", sigmoid (24 * W_VALUE + B_VALUE));

  ll_cli_assert_success (run);
  g_assert_cmpstr (run->out, ==, expected);
  /* 24 is neither 3 s^2 nor s^2: the shape must be given. */
  ll_cli_assert_bad_input (without, "weights24.npz");
}

static const char check_classify_json[] =
  "import json, math, sys\n"
  "def refuse(name): raise ValueError('non-standard JSON constant ' + name)\n"
  "d = json.load(sys.stdin, parse_constant=refuse)\n"
  "files = sys.argv[1:]\n"
  "assert [e['file'] for e in d] == files, d\n"
  "p_white = 1 / (1 + math.exp(-(48 * 0.01 - 0.2)))\n"
  "assert d[0]['class'] == '1' and abs(d[0]['probability'] - p_white) < 1e-12, d[0]\n"
  "assert d[1]['class'] == '0' and abs(d[1]['probability'] - 1 / (1 + math.exp(0.2))) < 1e-12, d[1]\n"
  "assert all(set(e) == {'file', 'class', 'probability'} for e in d), d\n"
  "print('ok')\n";

static void
test_json (Fixture *fixture, gconstpointer data)
{
  g_autoptr (LlCliRun) run = ll_cli_run_args ("classify", "--json", "--weights", fixture->weights_48,
                                              fixture->white, fixture->black, NULL);
  const char *const files[] = { fixture->white, fixture->black, NULL };
  g_autofree char *verdict = NULL;

  ll_cli_assert_success (run);
  g_assert_true (g_str_has_prefix (run->out, "[{\"file\": \""));
  g_assert_true (g_str_has_suffix (run->out, "}]\n"));
  verdict = ll_cli_python (check_classify_json, run->out, files);
  if (verdict != NULL)
    g_assert_cmpstr (verdict, ==, "ok\n");
}

static void
test_bad_image (Fixture *fixture, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.png", NULL);
  g_autoptr (LlCliRun) text = ll_cli_run_args ("classify", "--weights", fixture->weights_48,
                                               fixture->white, fixture->not_an_image, fixture->black,
                                               NULL);
  g_autoptr (LlCliRun) json = ll_cli_run_args ("classify", "--json", "--weights", fixture->weights_48,
                                               fixture->white, fixture->not_an_image, fixture->black,
                                               NULL);
  g_autoptr (LlCliRun) absent = ll_cli_run_args ("classify", "--weights", fixture->weights_48,
                                                 missing, fixture->white, NULL);
  g_autoptr (LlCliRun) folder = ll_cli_run_args ("classify", "--weights", fixture->weights_48,
                                                 fixture->dir, NULL);
  const char *const good[] = { fixture->white, fixture->black, NULL };

  /* The good ones are printed, then one line naming the bad one. */
  g_test_message ("stderr: %s", text->err);
  g_assert_cmpint (text->status, ==, 2);
  g_assert_cmpuint (ll_cli_count_lines (text->out), ==, 2);
  g_assert_true (g_str_has_prefix (text->out, fixture->white));
  g_assert_cmpuint (ll_cli_count_lines (text->err), ==, 1);
  g_assert_true (g_str_has_prefix (text->err, "logistic-lab: "));
  g_assert_nonnull (strstr (text->err, "bad.png"));

  g_assert_cmpint (json->status, ==, 2);
  g_assert_cmpuint (ll_cli_count_lines (json->err), ==, 1);
  g_assert_nonnull (strstr (json->err, "bad.png"));
  g_autofree char *verdict = ll_cli_python (check_classify_json, json->out, good);
  if (verdict != NULL)
    g_assert_cmpstr (verdict, ==, "ok\n");

  g_assert_cmpint (absent->status, ==, 2);
  g_assert_cmpuint (ll_cli_count_lines (absent->out), ==, 1);
  g_assert_cmpuint (ll_cli_count_lines (absent->err), ==, 1);
  g_assert_nonnull (strstr (absent->err, "missing.png"));

  ll_cli_assert_bad_input (folder, fixture->dir);
}

static void
test_bad_input (Fixture *fixture, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.npz", NULL);
  g_autofree char *nan_weights = g_build_filename (fixture->dir, "nan.npz", NULL);
  const double nan_values[4] = { 0.1, NAN, 0.2, 0.3 };
  const gsize shape[2] = { 4, 1 };
  const double b = 0;
  g_autoptr (GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);

  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("w", nan_values, 2, shape));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("b", &b, 0, NULL));
  g_assert_true (ll_npz_write (nan_weights, arrays, NULL));

  const struct { const char *args[8]; const char *mention; } cases[] = {
    { { "classify", "--weights", fixture->weights_48 }, "no images" },
    { { "classify", fixture->white }, "--weights" },
    { { "classify", "--weights", missing, fixture->white }, "missing.npz" },
    { { "classify", "--weights", fixture->white, fixture->white }, "white.png" },
    { { "classify", "--weights", nan_weights, fixture->white }, "nan.npz" },
    { { "classify", "--weights", fixture->weights_48, "--image-size", "4by4", fixture->white }, "--image-size" },
    { { "classify", "--weights", fixture->weights_48, "--classes", ",", fixture->white }, "--classes" },
    { { "classify", "--weights", fixture->weights_48, "--frobnicate", fixture->white }, "--frobnicate" },
    { { "classify", "--weights" }, "--weights" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (LlCliRun) run = ll_cli_run (cases[i].args);

      g_test_message ("case %" G_GSIZE_FORMAT, i);
      ll_cli_assert_bad_input (run, cases[i].mention);
    }
}

/* Class names from a crafted .npz and a file name with a newline and ESC
 * (issue 23): one result line per image, no control byte on the terminal;
 * --classes with bytes that are not UTF-8 is refused naming the option. */
static void
test_control_characters (Fixture *fixture, gconstpointer data)
{
  g_autofree char *crafted = g_build_filename (fixture->dir, "crafted.npz", NULL);
  g_autofree char *odd_image = NULL;
  const double b = B_VALUE;
  g_autofree double *w = g_new (double, 48);
  const gsize w_shape[2] = { 48, 1 };
  const char *const classes[] = { "no\nfake.png: 1 (p = 1.0000)", "yes\x1b]0;owned\x07\x1b[31m" };
  g_autoptr (GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  g_autoptr (LlCliRun) run = NULL;
  g_autoptr (LlCliRun) bad_classes = NULL;

  for (gsize i = 0; i < 48; i++)
    w[i] = W_VALUE;
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("w", w, 2, w_shape));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("b", &b, 0, NULL));
  g_ptr_array_add (arrays, ll_npy_array_new_strings ("classes", classes, 2));
  g_assert_true (ll_npz_write (crafted, arrays, NULL));
  odd_image = write_filled_png (fixture->dir, "odd\nname\x1b[2J.png", 4, 4, 3, 0);

  run = ll_cli_run_args ("classify", "--weights", crafted, fixture->white, odd_image, NULL);
  ll_cli_assert_success (run);
  g_test_message ("%s", run->out);
  g_assert_cmpuint (ll_cli_count_lines (run->out), ==, 2);
  g_assert_null (strchr (run->out, '\x1b'));
  g_assert_nonnull (strstr (run->out, "white.png: yes\\x1b]0;owned\\x07\\x1b[31m (p = "));
  g_assert_nonnull (strstr (run->out, "odd\\nname\\x1b[2J.png: no\\nfake.png: 1 (p = 1.0000) (p = "));

  bad_classes = ll_cli_run_args ("classify", "--weights", fixture->weights_48, "--classes",
                                 "caf\xe9", fixture->white, NULL);
  ll_cli_assert_bad_input (bad_classes, "--classes: 'caf\\xe9'");
}

/* Weights from `train --export` with two rates: one line per run, and the
 * probability the core computes for the same image. */
static void
test_trained_weights (Fixture *fixture, gconstpointer data)
{
  g_autofree char *dataset = g_build_filename (fixture->dir, "idx", NULL);
  g_autofree char *weights = g_build_filename (fixture->dir, "trained.npz", NULL);
  g_autofree char *bright = NULL;
  g_autoptr (GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dataset, 0700), ==, 0);
  ll_cli_write_idx_dataset (dataset, 40, 10);
  bright = write_filled_png (fixture->dir, "bright.png", 16, 16, 3, 230);

  g_autoptr (LlCliRun) train = ll_cli_run_args ("train", "--dataset", dataset, "--learning-rates", "0.5,0.01",
                                                "--iterations", "100", "--export", weights, NULL);
  ll_cli_assert_success (train);

  g_autoptr (LlCliRun) run = ll_cli_run_args ("classify", "--weights", weights, bright, NULL);
  ll_cli_assert_success (run);

  /* The same image through the core, in this process. */
  g_autoptr (GPtrArray) models = ll_models_load_npz (weights, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 2);
  const LlModel *first = g_ptr_array_index (models, 0);
  g_autoptr (LlImage) image = ll_image_load_file (bright, first->channels, &error);
  g_assert_no_error (error);
  g_autoptr (LlImage) fitted = ll_image_fit (image, first->width, first->height, first->channels);
  g_autofree double *features = g_new (double, first->n_features);
  ll_pixels_to_features (fitted->pixels, first->n_features, features);

  g_autoptr (GString) expected = g_string_new (NULL);
  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);
      double p = ll_model_probability (model, features);
      char p_text[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (expected, "%s: %s (p = %s, learning rate %s)\n", bright,
                              model->class_names[p > 0.5 ? 1 : 0],
                              g_ascii_formatd (p_text, sizeof p_text, "%.4f", p),
                              i == 0 ? "0.5" : "0.01");
    }
  g_assert_cmpstr (run->out, ==, expected->str);
  /* Bright images are the positive class of the fixture set. */
  g_assert_nonnull (strstr (run->out, first->class_names[1]));

  /* --json: one object per run, each with its learning rate. */
  g_autoptr (LlCliRun) json = ll_cli_run_args ("classify", "--json", "--weights", weights, bright, NULL);
  g_autofree char *file = g_strdup_printf ("[{\"file\": \"%s\", \"learning_rate\": 0.5, \"class\": \"%s\", "
                                           "\"probability\": ", bright, first->class_names[1]);
  ll_cli_assert_success (json);
  g_assert_true (g_str_has_prefix (json->out, file));
  g_assert_nonnull (strstr (json->out, "}, {\"file\": "));
  g_assert_nonnull (strstr (json->out, "\"learning_rate\": 0.01, \"class\": "));
}

/* classify ARGS with INPUT_PATH on stdin and TMPDIR an empty folder. */
static LlCliRun *
run_with_stdin (const char *input_path, const char *tmpdir, const char *const *args)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                                         | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  LlCliRun *run = g_new0 (LlCliRun, 1);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_setenv (launcher, "TMPDIR", tmpdir, TRUE);
  g_subprocess_launcher_set_stdin_file_path (launcher, input_path);
  g_ptr_array_add (argv, (char *) ll_test_logistic_lab ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char *const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  return run;
}

static void
assert_folder_empty (const char *dir)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);

  g_assert_nonnull (listing);
  g_assert_null (g_dir_read_name (listing));
}

/* `classify ... -` reads one image from standard input, names it "-", and
 * leaves no temporary file behind, good image or bad. */
static void
test_stdin (Fixture *fixture, gconstpointer data)
{
  g_autofree char *tmpdir = ll_test_make_tmpdir ();
  const char *good_args[] = { "classify", "--weights", fixture->weights_48, fixture->black, "-", NULL };
  const char *bad_args[] = { "classify", "--weights", fixture->weights_48, "-", NULL };
  const char *twice_args[] = { "classify", "--weights", fixture->weights_48, "-", "-", NULL };
  g_autoptr (LlCliRun) good = run_with_stdin (fixture->white, tmpdir, good_args);
  g_autofree char *black = expected_line (fixture->black, "0", sigmoid (B_VALUE));
  g_autofree char *white = expected_line ("-", "1", sigmoid (48 * W_VALUE + B_VALUE));
  g_autofree char *expected = g_strconcat (black, white, NULL);

  ll_cli_assert_success (good);
  g_assert_cmpstr (good->out, ==, expected);
  assert_folder_empty (tmpdir);

  g_autoptr (LlCliRun) bad = run_with_stdin (fixture->not_an_image, tmpdir, bad_args);
  ll_cli_assert_bad_input (bad, "logistic-lab: -: ");
  g_assert_null (strstr (bad->err, "logistic-lab-stdin"));
  assert_folder_empty (tmpdir);

  g_autoptr (LlCliRun) twice = run_with_stdin (fixture->white, tmpdir, twice_args);
  ll_cli_assert_bad_input (twice, "once");
}

/* Weights trained on builtin:exams (standardised) through `train --export`,
 * into DIR; the path. */
static char *
train_exams (const char *dir)
{
  char *weights = g_build_filename (dir, "exams.npz", NULL);
  g_autoptr (LlCliRun) train = ll_cli_run_args ("train", "--dataset", "builtin:exams", "--learning-rates",
                                                "0.1,1", "--iterations", "200", "--quiet", "--export",
                                                weights, NULL);

  ll_cli_assert_success (train);
  return weights;
}

/* p for RAW (2 exam scores) under MODEL, as the file's scaling says. */
static double
expected_probability (const LlModel *model, const double *raw)
{
  double z = model->b;

  for (gsize j = 0; j < model->n_features; j++)
    z += model->w[j] * (raw[j] - model->feature_offset[j]) / model->feature_scale[j];
  return sigmoid (z);
}

/* `classify WEIGHTS.npz ROWS.csv`: one line per row, with or without the
 * label column, from a file or standard input, text or JSON; the weights'
 * own standardisation applied (issue 19.6). */
static void
test_table_rows (Fixture *fixture, gconstpointer data)
{
  g_autofree char *weights = train_exams (fixture->dir);
  g_autofree char *rows = g_build_filename (fixture->dir, "rows.csv", NULL);
  g_autofree char *labelled = g_build_filename (fixture->dir, "labelled.tsv", NULL);
  g_autofree char *tmpdir = ll_test_make_tmpdir ();
  const double raw[3][2] = { { 34.6, 78.0 }, { 60.2, 86.3 }, { 90, 90 } };
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = ll_models_load_npz (weights, 0, 0, &error);
  g_autoptr (GString) expected = g_string_new (NULL);
  g_autoptr (GString) expected_stdin = g_string_new (NULL);
  g_autoptr (GString) expected_labelled = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpuint (models->len, ==, 2);
  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);

      g_assert_cmpstr (model->scaling, ==, "standardize");
      g_assert_nonnull (model->feature_offset);
      /* The training split's mean of the first exam: well inside 30..100. */
      g_assert_cmpfloat (model->feature_offset[0], >, 30);
      g_assert_cmpuint (model->height, ==, 0);
    }
  g_assert_true (g_file_set_contents (rows, "exam 1,exam 2\n34.6,78.0\n60.2,86.3\n90,90\n", -1, NULL));
  g_assert_true (g_file_set_contents (labelled, "34.6\t78.0\tno\n60.2\t86.3\tyes\n90\t90\tyes\n", -1, NULL));

  for (gsize row = 0; row < 3; row++)
    for (guint i = 0; i < models->len; i++)
      {
        const LlModel *model = g_ptr_array_index (models, i);
        double p = expected_probability (model, raw[row]);
        char p_text[G_ASCII_DTOSTR_BUF_SIZE];

        g_ascii_formatd (p_text, sizeof p_text, "%.4f", p);
        g_string_append_printf (expected, "%s row %zu: %s (p = %s, learning rate %s)\n", rows, row + 1,
                                model->class_names[p > 0.5 ? 1 : 0], p_text, i == 0 ? "0.1" : "1.0");
        g_string_append_printf (expected_labelled, "%s row %zu: %s (p = %s, learning rate %s)\n", labelled, row + 1,
                                model->class_names[p > 0.5 ? 1 : 0], p_text, i == 0 ? "0.1" : "1.0");
        g_string_append_printf (expected_stdin, "- row %zu: %s (p = %s, learning rate %s)\n", row + 1,
                                model->class_names[p > 0.5 ? 1 : 0], p_text, i == 0 ? "0.1" : "1.0");
      }

  /* Weights first and unnamed, or by --weights; a label column is left aside. */
  g_autoptr (LlCliRun) plain = ll_cli_run_args ("classify", weights, rows, NULL);
  ll_cli_assert_success (plain);
  g_assert_cmpstr (plain->out, ==, expected->str);
  g_autoptr (LlCliRun) with_label = ll_cli_run_args ("classify", "--weights", weights, labelled, NULL);
  ll_cli_assert_success (with_label);
  g_assert_cmpstr (with_label->out, ==, expected_labelled->str);

  /* Standard input: the rows as text. */
  g_autoptr (LlCliRun) piped = run_with_stdin (rows, tmpdir, (const char *[]) { "classify", weights, "-", NULL });
  ll_cli_assert_success (piped);
  g_assert_cmpstr (piped->out, ==, expected_stdin->str);
  assert_folder_empty (tmpdir);

  /* JSON: one object per row and run, with its row number. */
  g_autoptr (LlCliRun) json = ll_cli_run_args ("classify", "--json", weights, rows, NULL);
  ll_cli_assert_success (json);
  g_autofree char *first = g_strdup_printf ("[{\"file\": \"%s\", \"row\": 1, \"learning_rate\": 0.1, \"class\": ", rows);
  g_assert_true (g_str_has_prefix (json->out, first));
  g_assert_nonnull (strstr (json->out, "\"row\": 3, \"learning_rate\": 1"));
}

/* Rows that do not fit the weights, a cell that is no number, a table for
 * image weights without the right width: each named, the good ones printed. */
static void
test_table_bad_rows (Fixture *fixture, gconstpointer data)
{
  g_autofree char *weights = train_exams (fixture->dir);
  g_autofree char *wide = g_build_filename (fixture->dir, "wide.csv", NULL);
  g_autofree char *text_cell = g_build_filename (fixture->dir, "text.csv", NULL);
  g_autofree char *good = g_build_filename (fixture->dir, "good.csv", NULL);
  g_autofree char *missing = g_build_filename (fixture->dir, "missing.csv", NULL);

  g_assert_true (g_file_set_contents (wide, "1,2,3,4\n5,6,7,8\n", -1, NULL));
  g_assert_true (g_file_set_contents (text_cell, "50,60\n70,abc\n", -1, NULL));
  g_assert_true (g_file_set_contents (good, "50,60\n", -1, NULL));

  g_autoptr (LlCliRun) run = ll_cli_run_args ("classify", weights, wide, good, text_cell, missing, NULL);
  g_test_message ("stdout: %s\nstderr: %s", run->out, run->err);
  g_assert_cmpint (run->status, ==, 2);
  /* good.csv's row under both runs, and text.csv's first row (70 is the
   * label column, read as the second feature only when it is a number). */
  g_assert_true (g_str_has_prefix (run->out, good));
  g_assert_cmpuint (ll_cli_count_lines (run->err), ==, 3);
  g_assert_nonnull (strstr (run->err, "wide.csv: rows of 4 columns, but the weights take 2 features"));
  g_assert_nonnull (strstr (run->err, "text.csv: row 2, column 2: “abc” is not a number"));
  g_assert_nonnull (strstr (run->err, "missing.csv"));

  /* An image given to a table's weights: the weights know no image shape. */
  g_autoptr (LlCliRun) image = ll_cli_run_args ("classify", weights, fixture->white, NULL);
  ll_cli_assert_bad_input (image, "--image-size");
}

/* Weights that name their scaling apply it to images too: scaling "none"
 * on the raw pixel values (0..255), where older files divide by 255. */
static void
test_image_scaling (Fixture *fixture, gconstpointer data)
{
  g_autofree char *weights = g_build_filename (fixture->dir, "raw-pixels.npz", NULL);
  g_autofree double *w = g_new (double, 48);
  g_autofree double *offset = g_new0 (double, 48);
  g_autofree double *scale = g_new (double, 48);
  const double b = B_VALUE;
  g_autoptr (GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  LlNpyArray *name = ll_npy_array_new_strings ("scaling", (const char *[]) { "none" }, 1);

  for (gsize i = 0; i < 48; i++)
    {
      w[i] = W_VALUE / 255;
      scale[i] = 1;
      offset[i] = i < 24 ? 255 : 0;
    }
  name->ndim = 0;
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("w", w, 2, (gsize[]) { 48, 1 }));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("b", &b, 0, NULL));
  g_ptr_array_add (arrays, name);
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("feature_offset", offset, 1, (gsize[]) { 48 }));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("feature_scale", scale, 1, (gsize[]) { 48 }));
  g_ptr_array_add (arrays, ll_npy_array_new_int64 ("image_shape", (gint64[]) { 4, 4, 3 }, 1, (gsize[]) { 3 }));
  g_assert_true (ll_npz_write (weights, arrays, NULL));

  /* White: the first 24 pixels are offset to 0, the other 24 count 255 each. */
  g_autoptr (LlCliRun) run = ll_cli_run_args ("classify", weights, fixture->white, NULL);
  g_autofree char *expected = expected_line (fixture->white, "1", sigmoid (24 * W_VALUE + B_VALUE));
  ll_cli_assert_success (run);
  g_assert_cmpstr (run->out, ==, expected);
}

static const char check_numpy_rows[] =
  "import json, sys\n"
  "try:\n"
  "    import numpy as np\n"
  "except ImportError:\n"
  "    print('skip'); sys.exit(0)\n"
  "d = json.load(sys.stdin)\n"
  "f = np.load(sys.argv[1])\n"
  "assert str(f['scaling']) == 'standardize', f['scaling']\n"
  "X = np.loadtxt(sys.argv[2], delimiter=',', skiprows=1, ndmin=2)\n"
  "Z = (X - f['feature_offset']) / f['feature_scale']\n"
  "p = 1 / (1 + np.exp(-(Z @ f['w'].ravel() + float(f['b']))))\n"
  "assert len(d) == len(p), (d, p)\n"
  "for e, q in zip(d, p):\n"
  "    assert abs(e['probability'] - q) < 1e-12, (e, q)\n"
  "print('ok')\n";

/* numpy reads the exported weights and their scaling, and computes the
 * same probabilities as classify (skipped without python3-numpy). */
static void
test_numpy_round_trip (Fixture *fixture, gconstpointer data)
{
  g_autofree char *weights = g_build_filename (fixture->dir, "one.npz", NULL);
  g_autofree char *rows = g_build_filename (fixture->dir, "rows.csv", NULL);
  g_autoptr (LlCliRun) train = ll_cli_run_args ("train", "--dataset", "builtin:exams", "--learning-rates",
                                                "0.5", "--iterations", "300", "--quiet", "--export",
                                                weights, NULL);
  g_autofree char *verdict = NULL;

  ll_cli_assert_success (train);
  g_assert_true (g_file_set_contents (rows, "a,b\n34.6,78.0\n60.2,86.3\n90,90\n45.5,50\n", -1, NULL));
  g_autoptr (LlCliRun) json = ll_cli_run_args ("classify", "--json", weights, rows, NULL);
  ll_cli_assert_success (json);
  verdict = ll_cli_python (check_numpy_rows, json->out, (const char *[]) { weights, rows, NULL });
  if (verdict != NULL && strcmp (verdict, "skip\n") == 0)
    g_test_skip ("python3-numpy is not installed");
  else if (verdict != NULL)
    g_assert_cmpstr (verdict, ==, "ok\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/cli/classify/text", test_text);
  ADD ("/cli/classify/classes", test_classes);
  ADD ("/cli/classify/image-size", test_image_size);
  ADD ("/cli/classify/json", test_json);
  ADD ("/cli/classify/bad-image", test_bad_image);
  ADD ("/cli/classify/bad-input", test_bad_input);
  ADD ("/cli/classify/trained-weights", test_trained_weights);
  ADD ("/cli/classify/control-characters", test_control_characters);
  ADD ("/cli/classify/stdin", test_stdin);
  ADD ("/cli/classify/table-rows", test_table_rows);
  ADD ("/cli/classify/table-bad-rows", test_table_bad_rows);
  ADD ("/cli/classify/image-scaling", test_image_scaling);
  ADD ("/cli/classify/numpy-round-trip", test_numpy_round_trip);
#undef ADD
  return g_test_run ();
}
