/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-lesson.c: lesson files (src/core/io/lesson.c): a round trip through
 * a file, damaged files, the optional starting values, keys of a newer
 * version, a newer major version, and a dataset file that changed after the
 * lesson was saved. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/io/lesson.h"

static LlLesson *
make_lesson (void)
{
  LlLesson *lesson = ll_lesson_new ();
  static const double rates[] = { 0.5, 0.1, 0.01, 1e-7 };

  lesson->dataset = g_strdup ("builtin:blobs");
  lesson->classes = g_strdup ("3,8");
  lesson->scaling = g_strdup ("standardize");
  lesson->learning_rates = g_memdup2 (rates, sizeof rates);
  lesson->n_learning_rates = G_N_ELEMENTS (rates);
  lesson->iterations = 1500;
  lesson->record_every = 7;
  lesson->threshold = 0.1 + 0.2;  /* not exact in binary: must come back bit for bit */
  lesson->page = g_strdup ("confusion");
  lesson->initial_w = g_strdup ("0.1, -2e-3,7");
  lesson->has_initial_b = TRUE;
  lesson->initial_b = -0.1 - 0.2;
  ll_lesson_add_pinned (lesson, "lr 0.5 · digits · standardised", 0.5, 2000, 100, "standardize");
  ll_lesson_add_pinned (lesson, "the slow one", 0.1 + 0.2, 300, 7, NULL)->visible = FALSE;
  /* The screen (version 1.3): the job trained, two of its runs named or
   * hidden, the timeline at iteration 300, projector mode. */
  lesson->trained = TRUE;
  ll_lesson_set_job_run (lesson, 0, "the fast one", TRUE);
  ll_lesson_set_job_run (lesson, 2, NULL, FALSE);
  lesson->moment = 300;
  lesson->projector = TRUE;
  return lesson;
}

static void
test_round_trip (void)
{
  g_autoptr (LlLesson) lesson = make_lesson ();
  g_autoptr (LlLesson) read = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ll-lesson-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "a.lllesson", NULL);

  g_assert_no_error (error);
  g_assert_true (ll_lesson_save (lesson, path, &error));
  g_assert_no_error (error);
  read = ll_lesson_load (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (read->dataset, ==, "builtin:blobs");
  g_assert_null (read->dataset_sha256);
  g_assert_cmpstr (read->classes, ==, "3,8");
  g_assert_cmpstr (read->scaling, ==, "standardize");
  g_assert_cmpstr (read->page, ==, "confusion");
  g_assert_cmpuint (read->n_learning_rates, ==, 4);
  /* Written as a teacher would type them: the shortest text that reads
   * back, "0.1" and not "0.10000000000000001". */
  {
    gsize length;
    g_autofree char *text = ll_lesson_to_data (lesson, &length);

    g_assert_nonnull (strstr (text, "learning-rates=0.5;0.1;0.01;1e-07;\n"));
    g_assert_nonnull (strstr (text, "learning-rate=0.5\n"));
    g_assert_nonnull (strstr (text, "threshold=0.30000000000000004\n"));
  }
  for (gsize i = 0; i < 4; i++)
    g_assert_cmpfloat (read->learning_rates[i], ==, lesson->learning_rates[i]);
  g_assert_cmpuint (read->iterations, ==, 1500);
  g_assert_cmpuint (read->record_every, ==, 7);
  g_assert_cmpfloat (read->threshold, ==, 0.1 + 0.2);
  /* The starting values (issue 24), the w as typed, the b bit for bit. */
  g_assert_cmpstr (read->initial_w, ==, "0.1, -2e-3,7");
  g_assert_true (read->has_initial_b);
  g_assert_cmpfloat (read->initial_b, ==, -0.1 - 0.2);
  /* The pinned runs' settings, in order (issue 21). */
  g_assert_cmpuint (read->n_pinned, ==, 2);
  g_assert_cmpstr (read->pinned[0].title, ==, "lr 0.5 · digits · standardised");
  g_assert_cmpfloat (read->pinned[0].learning_rate, ==, 0.5);
  g_assert_cmpuint (read->pinned[0].iterations, ==, 2000);
  g_assert_cmpuint (read->pinned[0].record_every, ==, 100);
  g_assert_cmpstr (read->pinned[0].scaling, ==, "standardize");
  g_assert_cmpstr (read->pinned[1].title, ==, "the slow one");
  g_assert_cmpfloat (read->pinned[1].learning_rate, ==, 0.1 + 0.2);
  g_assert_cmpuint (read->pinned[1].iterations, ==, 300);
  g_assert_cmpuint (read->pinned[1].record_every, ==, 7);
  g_assert_null (read->pinned[1].scaling);
  g_assert_true (read->pinned[0].visible);
  g_assert_false (read->pinned[1].visible);
  /* The screen (version 1.3). */
  g_assert_true (read->trained);
  g_assert_cmpint (read->moment, ==, 300);
  g_assert_true (read->projector);
  g_assert_nonnull (read->job_runs);
  g_assert_cmpstr (read->job_runs[0].title, ==, "the fast one");
  g_assert_true (read->job_runs[0].visible);
  g_assert_null (read->job_runs[1].title);
  g_assert_true (read->job_runs[1].visible);
  g_assert_null (read->job_runs[2].title);
  g_assert_false (read->job_runs[2].visible);
  g_assert_true (read->job_runs[3].visible);
  {
    gsize length;
    g_autofree char *text = ll_lesson_to_data (lesson, &length);

    /* Only what differs from a plain run: no group for runs 2 and 4. */
    g_assert_nonnull (strstr (text, "version=1.3\n"));
    g_assert_nonnull (strstr (text, "trained=true\nmoment=300\nprojector=true\n"));
    g_assert_nonnull (strstr (text, "[Job run 1]\ntitle=the fast one\n"));
    g_assert_nonnull (strstr (text, "[Job run 3]\nvisible=false\n"));
    g_assert_null (strstr (text, "[Job run 2]"));
    g_assert_null (strstr (text, "[Job run 4]"));
  }
  g_assert_true (ll_lesson_check_dataset (read, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
assert_refused (const char *text,
                const char *reason)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlLesson) lesson = ll_lesson_load_from_data (text, strlen (text), "x.lllesson", &error);

  g_assert_null (lesson);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_true (g_str_has_prefix (error->message, "x.lllesson: "));
  if (strstr (error->message, reason) == NULL)
    g_error ("“%s” does not say “%s”", error->message, reason);
}

#define VALID_TAIL "dataset=builtin:blobs\nlearning-rates=0.5;\niterations=5\nrecord-every=1\nthreshold=0.5\n"

static void
test_damaged (void)
{
  assert_refused ("", "not a lesson file");
  assert_refused ("\x89PNG\r\n\x1a\n", "not a lesson file");
  assert_refused ("[Lesson\nversion=1\n", "not a lesson file");
  assert_refused ("[Other]\nversion=1\n", "no [Lesson] section");
  assert_refused ("[Lesson]\n" VALID_TAIL, "“version” is missing");
  assert_refused ("[Lesson]\nversion=one\n" VALID_TAIL, "not a version number");
  assert_refused ("[Lesson]\nversion=\n" VALID_TAIL, "not a version number");
  /* GLib 2.74 would set its error twice on this value (found by fuzz-lesson). */
  assert_refused ("[Lesson]\nversion=1\ndataset=x\\q\\\nlearning-rates=0.5\niterations=5\nrecord-every=1\n"
                  "threshold=0.5\n", "“dataset” has a value that cannot be read");
  assert_refused ("[Lesson]\nversion=1\nlearning-rates=0.5\niterations=5\nrecord-every=1\nthreshold=0.5\n",
                  "“dataset” is missing");
  assert_refused ("[Lesson]\nversion=1\ndataset=/tmp/d.csv\ndataset-sha256=12ab\nlearning-rates=0.5\n"
                  "iterations=5\nrecord-every=1\nthreshold=0.5\n", "dataset-sha256");
  assert_refused ("[Lesson]\nversion=1\ndataset=builtin:blobs\nlearning-rates=0.5;-1\niterations=5\n"
                  "record-every=1\nthreshold=0.5\n", "“-1” is not a positive number");
  assert_refused ("[Lesson]\nversion=1\ndataset=builtin:blobs\nlearning-rates=;\niterations=5\n"
                  "record-every=1\nthreshold=0.5\n", "no learning rate");
  assert_refused ("[Lesson]\nversion=1\ndataset=builtin:blobs\nlearning-rates=0.5\niterations=0\n"
                  "record-every=1\nthreshold=0.5\n", "“iterations”");
  assert_refused ("[Lesson]\nversion=1\ndataset=builtin:blobs\nlearning-rates=0.5\niterations=5\n"
                  "record-every=1\nthreshold=1.5\n", "threshold “1.5”");
  assert_refused ("[Lesson]\nversion=1\ndataset=builtin:blobs\nlearning-rates=0.5\niterations=5\n"
                  "record-every=1\nthreshold=nan\n", "threshold");
  /* A pinned run's group (version 1.1). */
  assert_refused ("[Lesson]\nversion=1.1\n" VALID_TAIL "[Pinned 1]\nlearning-rate=0.5\niterations=5\n"
                  "record-every=1\n", "[Pinned 1]: the key “title” is missing");
  assert_refused ("[Lesson]\nversion=1.1\n" VALID_TAIL "[Pinned 1]\ntitle=a\nlearning-rate=0\n"
                  "iterations=5\nrecord-every=1\n", "[Pinned 1]: the learning rate “0”");
  assert_refused ("[Lesson]\nversion=1.1\n" VALID_TAIL "[Pinned 1]\ntitle=a\nlearning-rate=0.5\n"
                  "iterations=x\nrecord-every=1\n", "“iterations”");
}

/* The screen's keys (version 1.3): a file without them opens as before (the
 * job not trained, the latest moment, the projector mode as it is); bad
 * values are refused, saying which; a job run's group is read only with
 * trained=true. */
static void
test_screen (void)
{
  const char *old = "[Lesson]\nversion=1.2\n" VALID_TAIL "[Pinned 1]\ntitle=a\nlearning-rate=0.5\n"
                    "iterations=5\nrecord-every=1\n";
  const char *untrained = "[Lesson]\nversion=1.3\n" VALID_TAIL "trained=false\nmoment=0\n"
                          "[Job run 1]\nvisible=false\n";
  const char *empty_title = "[Lesson]\nversion=1.3\n" VALID_TAIL "trained=true\n[Job run 1]\ntitle=\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (LlLesson) old_lesson = ll_lesson_load_from_data (old, strlen (old), "o.lllesson", &error);
  g_autoptr (LlLesson) untrained_lesson = NULL;
  g_autoptr (LlLesson) empty_title_lesson = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_false (old_lesson->trained);
  g_assert_cmpint (old_lesson->moment, ==, -1);
  g_assert_false (old_lesson->projector);
  g_assert_null (old_lesson->job_runs);
  g_assert_true (old_lesson->pinned[0].visible);
  /* Written again: none of the new keys. */
  text = ll_lesson_to_data (old_lesson, &length);
  g_assert_null (strstr (text, "trained"));
  g_assert_null (strstr (text, "moment"));
  g_assert_null (strstr (text, "projector"));
  g_assert_null (strstr (text, "visible"));

  untrained_lesson = ll_lesson_load_from_data (untrained, strlen (untrained), "u.lllesson", &error);
  g_assert_no_error (error);
  g_assert_false (untrained_lesson->trained);
  g_assert_cmpint (untrained_lesson->moment, ==, 0);
  g_assert_null (untrained_lesson->job_runs);
  empty_title_lesson = ll_lesson_load_from_data (empty_title, strlen (empty_title), "e.lllesson", &error);
  g_assert_no_error (error);
  g_assert_null (empty_title_lesson->job_runs[0].title);

  assert_refused ("[Lesson]\nversion=1.3\n" VALID_TAIL "trained=yes\n", "“trained” must be true or false, not “yes”");
  assert_refused ("[Lesson]\nversion=1.3\n" VALID_TAIL "projector=1\n", "“projector” must be true or false");
  assert_refused ("[Lesson]\nversion=1.3\n" VALID_TAIL "moment=-5\n", "the moment “-5” is not an iteration");
  assert_refused ("[Lesson]\nversion=1.3\n" VALID_TAIL "moment=\n", "the moment “” is not an iteration");
  assert_refused ("[Lesson]\nversion=1.3\n" VALID_TAIL "moment=3000000000\n", "the moment “3000000000”");
  assert_refused ("[Lesson]\nversion=1.3\n" VALID_TAIL "[Pinned 1]\ntitle=a\nlearning-rate=0.5\n"
                  "iterations=5\nrecord-every=1\nvisible=no\n", "[Pinned 1]: “visible” must be true or false");
  assert_refused ("[Lesson]\nversion=1.3\n" VALID_TAIL "trained=true\n[Job run 2]\nvisible=false\n",
                  "[Job run 2]: not the number of a run of the job (it has 1 learning rate)");
  assert_refused ("[Lesson]\nversion=1.3\n" VALID_TAIL "trained=true\n[Job run x]\ntitle=a\n",
                  "[Job run x]: not the number");
  assert_refused ("[Lesson]\nversion=1.3\n" VALID_TAIL "trained=true\n[Job run 1]\nvisible=maybe\n",
                  "[Job run 1]: “visible” must be true or false");
}

/* A lesson from before version 1.2 has no starting values: it opens, and
 * says nothing about them (the window keeps its own); w = 0 is saved as "". */
static void
test_initial_values (void)
{
  const char *old = "[Lesson]\nversion=1.1\n" VALID_TAIL;
  const char *zero = "[Lesson]\nversion=1.2\n" VALID_TAIL "initial-w=\ninitial-b=0\n";
  g_autoptr (GError) error = NULL;
  g_autoptr (LlLesson) old_lesson = ll_lesson_load_from_data (old, strlen (old), "o.lllesson", &error);
  g_autoptr (LlLesson) zero_lesson = NULL;
  g_autoptr (LlLesson) again = NULL;
  g_autofree char *text = NULL;
  gsize length;

  g_assert_no_error (error);
  g_assert_null (old_lesson->initial_w);
  g_assert_false (old_lesson->has_initial_b);
  /* Written again, it still has none. */
  text = ll_lesson_to_data (old_lesson, &length);
  g_assert_null (strstr (text, "initial-"));
  g_assert_nonnull (strstr (text, "version=1.3"));
  again = ll_lesson_load_from_data (text, length, "a.lllesson", &error);
  g_assert_no_error (error);
  g_assert_null (again->initial_w);
  g_assert_false (again->has_initial_b);

  zero_lesson = ll_lesson_load_from_data (zero, strlen (zero), "z.lllesson", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (zero_lesson->initial_w, ==, "");
  g_assert_true (zero_lesson->has_initial_b);
  g_assert_cmpfloat (zero_lesson->initial_b, ==, 0);

  assert_refused ("[Lesson]\nversion=1.2\n" VALID_TAIL "initial-w=1,,2\n", "the initial w “1,,2”");
  assert_refused ("[Lesson]\nversion=1.2\n" VALID_TAIL "initial-w=1,x\n", "not a list of numbers");
  assert_refused ("[Lesson]\nversion=1.2\n" VALID_TAIL "initial-b=inf\n", "the initial b “inf”");
  assert_refused ("[Lesson]\nversion=1.2\n" VALID_TAIL "initial-b=\n", "the initial b");
}

static void
test_newer_versions (void)
{
  g_autoptr (GError) error = NULL;
  const char *minor = "[Lesson]\nversion=1.9\npinned-runs=0.5;1\n" VALID_TAIL "[Handout]\npages=3\n";
  g_autoptr (LlLesson) lesson = ll_lesson_load_from_data (minor, strlen (minor), "m.lllesson", &error);

  /* A newer minor version's keys and groups are ignored. */
  g_assert_no_error (error);
  g_assert_cmpuint (lesson->iterations, ==, 5);
  /* Also in the groups of version 1.3. */
  {
    const char *groups = "[Lesson]\nversion=1.4\n" VALID_TAIL "trained=true\nzoom=1.5\n"
                         "[Job run 1]\ntitle=a\nline-width=3\n[Pinned 1]\ntitle=b\nlearning-rate=0.5\n"
                         "iterations=5\nrecord-every=1\nvisible=false\ncolour=red\n";
    g_autoptr (LlLesson) newer = ll_lesson_load_from_data (groups, strlen (groups), "g.lllesson", &error);

    g_assert_no_error (error);
    g_assert_cmpstr (newer->job_runs[0].title, ==, "a");
    g_assert_false (newer->pinned[0].visible);
  }
  /* A newer major version is refused, saying so. */
  assert_refused ("[Lesson]\nversion=2\n" VALID_TAIL, "newer Logistic Lab (lesson format 2)");
  assert_refused ("[Lesson]\nversion=2.0\n" VALID_TAIL, "this one reads format 1");
}

static void
test_changed_dataset (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ll-lesson-XXXXXX", &error);
  g_autofree char *data_path = g_build_filename (dir, "data.csv", NULL);
  g_autofree char *lesson_path = g_build_filename (dir, "l.lllesson", NULL);
  g_autoptr (LlLesson) lesson = make_lesson ();
  g_autoptr (LlLesson) read = NULL;

  g_assert_true (g_file_set_contents (data_path, "a,b,label\n1,2,x\n", -1, &error));
  g_free (lesson->dataset);
  lesson->dataset = g_strdup (data_path);
  lesson->dataset_sha256 = ll_lesson_file_sha256 (data_path, &error);
  g_assert_no_error (error);
  /* printf 'a,b,label\n1,2,x\n' | sha256sum */
  g_assert_cmpstr (lesson->dataset_sha256, ==,
                   "a970e98a2f49b447742269f28db4e1c70b72a4e9647ad213f06635eb0bbf0880");
  g_assert_true (ll_lesson_save (lesson, lesson_path, &error));
  read = ll_lesson_load (lesson_path, &error);
  g_assert_no_error (error);
  g_assert_true (ll_lesson_check_dataset (read, &error));
  g_assert_no_error (error);

  /* One byte changed: noticed, and the error names the file. */
  g_assert_true (g_file_set_contents (data_path, "a,b,label\n1,3,x\n", -1, &error));
  g_assert_false (ll_lesson_check_dataset (read, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, data_path));
  g_assert_nonnull (strstr (error->message, "changed since the lesson was saved"));
  g_clear_error (&error);

  /* Gone: an error too. */
  g_assert_cmpint (g_unlink (data_path), ==, 0);
  g_assert_false (ll_lesson_check_dataset (read, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (g_unlink (lesson_path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lesson/round-trip", test_round_trip);
  g_test_add_func ("/lesson/damaged", test_damaged);
  g_test_add_func ("/lesson/initial-values", test_initial_values);
  g_test_add_func ("/lesson/screen", test_screen);
  g_test_add_func ("/lesson/newer-versions", test_newer_versions);
  g_test_add_func ("/lesson/changed-dataset", test_changed_dataset);
  return g_test_run ();
}
