/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-cli-lab.c: `logistic-lab step`, `sweep` and `landscape` against
 * numpy in float64 (the seeds' formulas), and their bad input; train's
 * --initial-w/--initial-b (issues 17, 18, 20). */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "cli-run.h"
#include "core/data/dataset.h"
#include "core/io/npz.h"
#include "fixtures.h"

static const char *
idx_dataset (void)
{
  static char *dir;

  if (dir == NULL)
    {
      dir = ll_test_make_tmpdir ();
      ll_cli_write_idx_dataset (dir, 60, 20);
    }
  return dir;
}

/* The training set of DATASET (its binary task) as X (m x n, pixel / 255)
 * and y in an .npz for numpy; the path, in a fresh folder. */
static char *
export_training_set (const char *dataset_path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlDataset) dataset = ll_dataset_load (dataset_path, 0, 0, &error);
  g_autoptr (LlDataset) task = NULL;
  g_autoptr (GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  g_autofree double *X = NULL, *y = NULL;
  g_autofree char *dir = ll_test_make_tmpdir ();
  char *path = g_build_filename (dir, "train.npz", NULL);
  gsize shape[2];

  g_assert_no_error (error);
  task = ll_dataset_into_binary (g_steal_pointer (&dataset), NULL, &error);
  g_assert_no_error (error);
  X = ll_split_features (&task->train, task->n_features);
  y = g_new (double, task->train.count);
  for (gsize i = 0; i < task->train.count; i++)
    y[i] = task->train.labels[i];
  shape[0] = task->train.count;
  shape[1] = task->n_features;
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("X", X, 2, shape));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("y", y, 1, shape));
  g_assert_true (ll_npz_write (path, arrays, &error));
  g_assert_no_error (error);
  return path;
}

/* numpy's float64 step (the seeds' formulas) compared with `step --json`
 * on stdin: argv = training.npz, w0 (comma list or ""), b0, lr, K. */
static const char check_step[] =
  "import json, sys, numpy as np\n"
  "d = json.load(sys.stdin)\n"
  "data = np.load(sys.argv[1]); X, Y = data['X'], data['y']\n"
  "m, n = X.shape\n"
  "w = np.array([float(v) for v in sys.argv[2].split(',')]) if sys.argv[2] else np.zeros(n)\n"
  "b, lr, K = float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5])\n"
  "def grads(w, b):\n"
  "    z = X @ w + b\n"
  "    a = 1 / (1 + np.exp(-z))\n"
  "    dz = a - Y\n"
  "    return z, a, dz, X.T @ dz / m, np.mean(dz)\n"
  "for i in range(K):\n"
  "    z, a, dz, dw, db = grads(w, b)\n"
  "    w = w - lr * dw; b = b - lr * db\n"
  "z, a, dz, dw, db = grads(w, b)\n"
  "cost = np.mean(np.logaddexp(0, z) - Y * z)\n"
  "want = {'w_start': w, 'b_start': b, 'z': z, 'a': a, 'cost': cost, 'dz': dz, 'dw': dw,\n"
  "        'db': db, 'w': w - lr * dw, 'b': b - lr * db}\n"
  "assert d['iteration'] == K and d['learning_rate'] == lr, d\n"
  "for key, value in want.items():\n"
  "    got, value = np.asarray(d[key], dtype=float), np.asarray(value, dtype=float)\n"
  "    assert got.shape == value.shape, (key, got.shape, value.shape)\n"
  "    scale = np.max(np.abs(value))\n"
  "    err = np.max(np.abs(got - value)) / scale if scale > 0 else np.max(np.abs(got))\n"
  "    assert err <= 1e-12, (key, err, got, value)\n"
  "print('ok')\n";

static void
assert_step_matches_numpy (const char *dataset, const char *training, const char *w0,
                           const char *b0, const char *rate, const char *iterations)
{
  g_autoptr (GPtrArray) args = g_ptr_array_new ();
  g_autoptr (LlCliRun) run = NULL;
  g_autofree char *verdict = NULL;

  g_ptr_array_add (args, (char *) "step");
  g_ptr_array_add (args, (char *) "--dataset");
  g_ptr_array_add (args, (char *) dataset);
  if (w0[0] != '\0')
    {
      g_ptr_array_add (args, (char *) "--initial-w");
      g_ptr_array_add (args, (char *) w0);
    }
  g_ptr_array_add (args, (char *) "--initial-b");
  g_ptr_array_add (args, (char *) b0);
  g_ptr_array_add (args, (char *) "--learning-rate");
  g_ptr_array_add (args, (char *) rate);
  g_ptr_array_add (args, (char *) "--iterations");
  g_ptr_array_add (args, (char *) iterations);
  g_ptr_array_add (args, (char *) "--json");
  g_ptr_array_add (args, NULL);
  run = ll_cli_run ((const char *const *) args->pdata);
  ll_cli_assert_success (run);
  verdict = ll_cli_python (check_step, run->out,
                           (const char *[]) { training, w0, b0, rate, iterations, NULL });
  if (verdict != NULL)
    g_assert_cmpstr (verdict, ==, "ok\n");
}

static void
test_step_seeds (void)
{
  g_autofree char *training = export_training_set ("builtin:propagate");
  g_autoptr (LlCliRun) first = ll_cli_run_args ("step", "--dataset", "builtin:propagate",
                                                "--initial-w", "1,2", "--initial-b", "2",
                                                "--learning-rate", "0.009", "--json", NULL);
  g_autoptr (LlCliRun) later = ll_cli_run_args ("step", "--dataset", "builtin:propagate",
                                                "--initial-w", "1,2", "--initial-b", "2",
                                                "--learning-rate", "0.009", "--iterations", "100",
                                                "--json", NULL);
  g_autoptr (LlCliRun) text = ll_cli_run_args ("step", "--dataset", "builtin:propagate",
                                               "--learning-rate", "0.1", NULL);

  /* The seeds' numbers, as the notebook prints them. */
  ll_cli_assert_success (first);
  g_assert_nonnull (strstr (first->out, "\"dw\": [0.998456014637956"));
  g_assert_nonnull (strstr (first->out, ", 2.39507238848620"));
  g_assert_nonnull (strstr (first->out, "\"db\": 0.00145557813678"));
  g_assert_nonnull (strstr (first->out, "\"cost\": 5.8015453193941"));
  ll_cli_assert_success (later);
  g_assert_nonnull (strstr (later->out, "\"w_start\": [0.19033590888604"));
  g_assert_nonnull (strstr (later->out, ", 0.1225915924656"));
  g_assert_nonnull (strstr (later->out, "\"b_start\": 1.92535983008457"));
  ll_cli_assert_success (text);
  g_assert_true (g_str_has_prefix (text->out, "iteration = 0\nlearning_rate = 0.1\n"));
  g_assert_nonnull (strstr (text->out, "\ncost = 0.6931471805599453\n"));

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_EXISTS))
    return;
  assert_step_matches_numpy ("builtin:propagate", training, "1,2", "2", "0.009", "0");
  assert_step_matches_numpy ("builtin:propagate", training, "1,2", "2", "0.009", "100");
}

static void
test_step_images (void)
{
  g_autofree char *training = export_training_set (idx_dataset ());
  GString *w0 = g_string_new (NULL);

  for (guint f = 0; f < 64; f++)
    g_string_append_printf (w0, "%s%g", f > 0 ? "," : "", (f % 7) * 0.01 - 0.03);
  assert_step_matches_numpy (idx_dataset (), training, "", "0", "0.5", "0");
  assert_step_matches_numpy (idx_dataset (), training, w0->str, "-0.25", "0.1", "7");
  g_string_free (w0, TRUE);
}

static void
test_step_bad_input (void)
{
  g_autoptr (LlCliRun) length = ll_cli_run_args ("step", "--dataset", "builtin:propagate",
                                                 "--initial-w", "1,2,3", "--learning-rate", "0.1", NULL);
  g_autoptr (LlCliRun) word = ll_cli_run_args ("step", "--dataset", "builtin:propagate",
                                               "--initial-w", "1,x", "--learning-rate", "0.1", NULL);
  g_autoptr (LlCliRun) no_rate = ll_cli_run_args ("step", "--dataset", "builtin:propagate", NULL);
  g_autoptr (LlCliRun) bias = ll_cli_run_args ("step", "--dataset", "builtin:propagate",
                                               "--initial-b", "nan", "--learning-rate", "0.1", NULL);

  ll_cli_assert_bad_input (length, "--initial-w");
  ll_cli_assert_bad_input (word, "--initial-w");
  ll_cli_assert_bad_input (no_rate, "--learning-rate");
  ll_cli_assert_bad_input (bias, "--initial-b");
}

static void
test_train_initial (void)
{
  g_autoptr (LlCliRun) run = ll_cli_run_args ("train", "--dataset", "builtin:propagate",
                                              "--initial-w", "1,2", "--initial-b", "2",
                                              "--learning-rates", "0.009", "--iterations", "100",
                                              "--json", NULL);
  g_autoptr (LlCliRun) bad = ll_cli_run_args ("train", "--dataset", "builtin:propagate",
                                              "--initial-w", "1", NULL);

  ll_cli_assert_success (run);
  g_assert_nonnull (strstr (run->out, "{\"iteration\": 0, \"cost\": 5.80154531939"));
  /* The step's cost at iteration 100 (test_step_seeds' start). */
  g_assert_nonnull (strstr (run->out, "{\"iteration\": 100, \"cost\": 1.05593344432"));
  g_assert_nonnull (strstr (run->out, "\"critical_learning_rate\": "));
  ll_cli_assert_bad_input (bad, "--initial-w");
}

/* numpy's float64 loop per rate, and L by eigvalsh, against `sweep --json`.
 * argv = training.npz, iterations, largest rate compared, tolerance. */
static const char check_sweep[] =
  "import json, math, sys, numpy as np\n"
  "def refuse(name): raise ValueError('non-standard JSON constant ' + name)\n"
  "d = json.load(sys.stdin, parse_constant=refuse)\n"
  "data = np.load(sys.argv[1]); X, Y = data['X'], data['y']\n"
  "K, up_to, tol = int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])\n"
  "m, n = X.shape\n"
  "Xt = np.hstack([X, np.ones((m, 1))])\n"
  "L = np.linalg.eigvalsh(Xt @ Xt.T / (4 * m))[-1]\n"
  "assert abs(d['critical_learning_rate'] - 2 / L) <= 1e-6 * (2 / L), (d['critical_learning_rate'], 2 / L)\n"
  "rates = d['rates']\n"
  "for r in rates:\n"
  "    assert set(r) == {'learning_rate', 'cost', 'train_accuracy', 'test_accuracy', 'diverged'}, r\n"
  "    assert isinstance(r['diverged'], bool)\n"
  "    assert r['diverged'] == (r['cost'] is None or r['cost'] > 2 * math.log(2)), r\n"
  "    if r['learning_rate'] > up_to: continue\n"
  "    w = np.zeros(n); b = 0.0; lr = r['learning_rate']\n"
  "    for i in range(K):\n"
  "        a = 1 / (1 + np.exp(-(X @ w + b)))\n"
  "        dz = a - Y\n"
  "        w -= lr * (X.T @ dz) / m; b -= lr * np.mean(dz)\n"
  "    z = X @ w + b\n"
  "    cost = np.mean(np.logaddexp(0, z) - Y * z)\n"
  "    assert abs(r['cost'] - cost) <= tol * cost, (lr, r['cost'], cost)\n"
  "    acc = 100 - np.mean(np.abs((1 / (1 + np.exp(-z)) > 0.5) - Y)) * 100\n"
  "    assert abs(r['train_accuracy'] - acc) < 1e-9, (r, acc)\n"
  "print(len(rates))\n";

static void
test_sweep (void)
{
  g_autofree char *training = export_training_set (idx_dataset ());
  g_autoptr (LlCliRun) json = ll_cli_run_args ("sweep", "--dataset", idx_dataset (), "--from", "0.001",
                                               "--to", "1000", "--count", "7", "--iterations", "50",
                                               "--json", NULL);
  g_autoptr (LlCliRun) text = ll_cli_run_args ("sweep", "--dataset", idx_dataset (), "--from", "0.001",
                                               "--to", "1000", "--count", "7", "--iterations", "50", NULL);
  g_autofree char *verdict = NULL;

  ll_cli_assert_success (json);
  g_assert_cmpuint (ll_cli_count_lines (json->out), ==, 1);
  g_assert_true (g_str_has_prefix (json->out, "{\"dataset\": "));
  g_assert_nonnull (strstr (json->out, "\"learning_rate\": 0.001, "));
  g_assert_nonnull (strstr (json->out, "\"learning_rate\": 0.1, "));
  g_assert_nonnull (strstr (json->out, "\"learning_rate\": 1000.0, "));
  ll_cli_assert_success (text);
  /* A head, one row per rate, the critical rate. */
  g_assert_cmpuint (ll_cli_count_lines (text->out), ==, 9);
  g_assert_true (g_str_has_prefix (text->out, "learning rate\tcost\t"));
  g_assert_nonnull (strstr (text->out, "\n0.1\t"));
  g_assert_nonnull (strstr (text->out, "\nLargest stable learning rate at the start (2/L): "));

  verdict = ll_cli_python (check_sweep, json->out, (const char *[]) { training, "50", "10", "1e-9", NULL });
  if (verdict != NULL)
    g_assert_cmpstr (verdict, ==, "7\n");
}

/* Issue 17's check: the cat data's final costs agree with numpy's float64
 * loop to 1e-6 for rates <= 0.01 (above, the trajectories are chaotic). */
static void
test_sweep_catvnoncat (void)
{
  const char *dir = ll_test_catvnoncat_dir ();
  g_autofree char *training = NULL, *verdict = NULL;
  g_autoptr (LlCliRun) run = NULL;

  if (dir == NULL)
    return;
  training = export_training_set (dir);
  run = ll_cli_run_args ("sweep", "--dataset", dir, "--from", "0.0001", "--to", "0.01",
                         "--count", "3", "--iterations", "2000", "--json", NULL);
  ll_cli_assert_success (run);
  g_assert_nonnull (strstr (run->out, "\"critical_learning_rate\": 0.003612725"));
  verdict = ll_cli_python (check_sweep, run->out, (const char *[]) { training, "2000", "0.01", "1e-6", NULL });
  if (verdict != NULL)
    g_assert_cmpstr (verdict, ==, "3\n");
}

static void
test_sweep_bad_input (void)
{
  g_autoptr (LlCliRun) order = ll_cli_run_args ("sweep", "--dataset", idx_dataset (), "--from", "1",
                                                "--to", "0.1", NULL);
  g_autoptr (LlCliRun) zero = ll_cli_run_args ("sweep", "--dataset", idx_dataset (), "--count", "0", NULL);
  g_autoptr (LlCliRun) negative = ll_cli_run_args ("sweep", "--dataset", idx_dataset (), "--from", "-1", NULL);

  ll_cli_assert_bad_input (order, "--to");
  ll_cli_assert_bad_input (zero, "--count");
  ll_cli_assert_bad_input (negative, "--from");
}

/* Every grid cost against J computed directly from d1, d2, s, t, w0, b0 and
 * the data; the names are exactly the documented ones; the paths start at
 * the origin with cost ln 2. argv = landscape.npz, training.npz, runs. */
static const char check_landscape[] =
  "import math, sys, numpy as np\n"
  "d = np.load(sys.argv[1]); data = np.load(sys.argv[2]); runs = int(sys.argv[3])\n"
  "X, Y = data['X'], data['y']\n"
  "m, n = X.shape\n"
  "names = {'d1', 'd2', 's', 't', 'cost', 'w0', 'b0'}\n"
  "names |= {'path_%d' % k for k in range(runs)} | {'path_cost_%d' % k for k in range(runs)}\n"
  "assert set(d.files) == names, d.files\n"
  "d1, d2, s, t, cost, w0, b0 = (d[k] for k in ('d1', 'd2', 's', 't', 'cost', 'w0', 'b0'))\n"
  "assert d1.shape == d2.shape == (n + 1,) and w0.shape == (n,) and b0.shape == ()\n"
  "assert cost.shape == (len(s), len(t))\n"
  "assert abs(d1 @ d1 - 1) < 1e-12 and abs(d2 @ d2 - 1) < 1e-12 and abs(d1 @ d2) < 1e-12\n"
  "worst = 0\n"
  "for i in range(len(s)):\n"
  "    for j in range(len(t)):\n"
  "        w = w0 + s[i] * d1[:n] + t[j] * d2[:n]\n"
  "        b = b0 + s[i] * d1[n] + t[j] * d2[n]\n"
  "        z = X @ w + b\n"
  "        J = np.mean(np.logaddexp(0, z) - Y * z)\n"
  "        worst = max(worst, abs(cost[i, j] - J) / J)\n"
  "assert worst <= 1e-9, worst\n"
  "for k in range(runs):\n"
  "    path, pc = d['path_%d' % k], d['path_cost_%d' % k]\n"
  "    assert path.shape == (len(pc), 2), path.shape\n"
  "    assert np.all(path[0] == 0) and abs(pc[0] - math.log(2)) < 1e-15, (path[0], pc[0])\n"
  "    assert s[0] <= path[:, 0].min() and path[:, 0].max() <= s[-1]\n"
  "    assert t[0] <= path[:, 1].min() and path[:, 1].max() <= t[-1]\n"
  "print('ok', worst)\n";

static void
test_landscape (void)
{
  g_autofree char *training = export_training_set (idx_dataset ());
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *output = g_build_filename (dir, "surface.npz", NULL);
  g_autoptr (LlCliRun) run = ll_cli_run_args ("landscape", "--dataset", idx_dataset (),
                                              "--learning-rates", "0.5,0.1,0.01", "--iterations", "200",
                                              "--grid", "31", "--output", output, NULL);
  g_autofree char *verdict = NULL;

  ll_cli_assert_success (run);
  g_assert_nonnull (strstr (run->out, "31 x 31"));
  g_assert_nonnull (strstr (run->out, "% of the paths’ variance"));
  verdict = ll_cli_python (check_landscape, NULL, (const char *[]) { output, training, "3", NULL });
  if (verdict != NULL)
    g_assert_true (g_str_has_prefix (verdict, "ok "));
}

/* The figure: `logistic-lab` hands a .png, .svg or .pdf output to
 * logistic-lab-cli-plot, which draws what the Landscape page draws. */
static void
test_landscape_figure (void)
{
  static const char *const names[] = { "surface.png", "surface.svg", "surface.PDF" };
  static const char *const starts[] = { "\x89PNG", "<?xml", "%PDF" };
  g_autofree char *dir = ll_test_make_tmpdir ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *output = g_build_filename (dir, names[i], NULL);
      g_autoptr (LlCliRun) run = ll_cli_run_args ("landscape", "--dataset", idx_dataset (),
                                                  "--iterations", "100", "--grid", "21",
                                                  "--output", output, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      ll_cli_assert_success (run);
      g_assert_nonnull (strstr (run->out, "21 x 21"));
      g_assert_true (g_file_get_contents (output, &contents, &length, NULL));
      g_assert_cmpuint (length, >, 1000);
      g_assert_true (g_str_has_prefix (contents, starts[i]));
      g_unlink (output);
    }
  g_rmdir (dir);
}

/* Issue 18's check on the course's data with 0.5, 0.1 and 0.01. */
static void
test_landscape_catvnoncat (void)
{
  const char *cat = ll_test_catvnoncat_dir ();
  g_autofree char *training = NULL, *dir = NULL, *output = NULL, *verdict = NULL;
  g_autoptr (LlCliRun) run = NULL;

  if (cat == NULL)
    return;
  training = export_training_set (cat);
  dir = ll_test_make_tmpdir ();
  output = g_build_filename (dir, "cat.npz", NULL);
  run = ll_cli_run_args ("landscape", "--dataset", cat, "--learning-rates", "0.5,0.1,0.01",
                         "--grid", "21", "--output", output, NULL);
  ll_cli_assert_success (run);
  g_assert_nonnull (strstr (run->out, "The plane holds 99."));
  verdict = ll_cli_python (check_landscape, NULL, (const char *[]) { output, training, "3", NULL });
  if (verdict != NULL)
    g_assert_true (g_str_has_prefix (verdict, "ok "));
}

static void
test_landscape_bad_input (void)
{
  g_autoptr (LlCliRun) figure = ll_cli_run_args ("landscape", "--dataset", idx_dataset (),
                                                 "--output", "surface.jpg", NULL);
  g_autoptr (LlCliRun) none = ll_cli_run_args ("landscape", "--dataset", idx_dataset (), NULL);
  g_autoptr (LlCliRun) other = ll_cli_run_args ("landscape", "--dataset", idx_dataset (),
                                                "--output", "surface.txt", NULL);
  g_autoptr (LlCliRun) folder = ll_cli_run_args ("landscape", "--dataset", idx_dataset (),
                                                 "--iterations", "5", "--output", "/nonexistent/x.npz", NULL);

  ll_cli_assert_bad_input (figure, ".png");
  ll_cli_assert_bad_input (none, "--output");
  ll_cli_assert_bad_input (other, ".npz");
  ll_cli_assert_bad_input (folder, "--output");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/cli-lab/step-seeds", test_step_seeds);
  g_test_add_func ("/cli-lab/step-images", test_step_images);
  g_test_add_func ("/cli-lab/step-bad-input", test_step_bad_input);
  g_test_add_func ("/cli-lab/train-initial", test_train_initial);
  g_test_add_func ("/cli-lab/sweep", test_sweep);
  g_test_add_func ("/cli-lab/sweep-catvnoncat", test_sweep_catvnoncat);
  g_test_add_func ("/cli-lab/sweep-bad-input", test_sweep_bad_input);
  g_test_add_func ("/cli-lab/landscape", test_landscape);
  g_test_add_func ("/cli-lab/landscape-figure", test_landscape_figure);
  g_test_add_func ("/cli-lab/landscape-catvnoncat", test_landscape_catvnoncat);
  g_test_add_func ("/cli-lab/landscape-bad-input", test_landscape_bad_input);
  return g_test_run ();
}
