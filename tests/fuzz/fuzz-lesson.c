/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-lesson.c: the lesson file reader (src/core/io/lesson.c) on hostile
 * text. A lesson that reads must be within its ranges and survive a round
 * trip: written and read again, it is the same lesson. */
#include "config.h"

#include "fuzz-common.h"
#include "core/io/lesson.h"

#include <gio/gio.h>
#include <math.h>

static void
assert_same (const LlLesson *a,
             const LlLesson *b)
{
  g_assert_cmpstr (a->dataset, ==, b->dataset);
  g_assert_cmpstr (a->dataset_sha256, ==, b->dataset_sha256);
  g_assert_cmpstr (a->classes, ==, b->classes);
  g_assert_cmpstr (a->scaling, ==, b->scaling);
  g_assert_cmpstr (a->page, ==, b->page);
  g_assert_cmpstr (a->initial_w, ==, b->initial_w);
  g_assert_cmpint (a->has_initial_b, ==, b->has_initial_b);
  if (a->has_initial_b)
    g_assert_cmpfloat (a->initial_b, ==, b->initial_b);
  g_assert_cmpuint (a->n_learning_rates, ==, b->n_learning_rates);
  for (gsize i = 0; i < a->n_learning_rates; i++)
    g_assert_cmpfloat (a->learning_rates[i], ==, b->learning_rates[i]);
  g_assert_cmpuint (a->iterations, ==, b->iterations);
  g_assert_cmpuint (a->record_every, ==, b->record_every);
  g_assert_cmpfloat (a->threshold, ==, b->threshold);
  g_assert_cmpuint (a->n_pinned, ==, b->n_pinned);
  for (gsize i = 0; i < a->n_pinned; i++)
    {
      g_assert_cmpstr (a->pinned[i].title, ==, b->pinned[i].title);
      g_assert_cmpfloat (a->pinned[i].learning_rate, ==, b->pinned[i].learning_rate);
      g_assert_cmpuint (a->pinned[i].iterations, ==, b->pinned[i].iterations);
      g_assert_cmpuint (a->pinned[i].record_every, ==, b->pinned[i].record_every);
      g_assert_cmpstr (a->pinned[i].scaling, ==, b->pinned[i].scaling);
      g_assert_cmpint (a->pinned[i].visible, ==, b->pinned[i].visible);
    }
  g_assert_cmpint (a->trained, ==, b->trained);
  g_assert_cmpint (a->moment, ==, b->moment);
  g_assert_cmpint (a->projector, ==, b->projector);
  /* A job run's group is written only where it differs from a plain run. */
  for (gsize i = 0; i < a->n_learning_rates; i++)
    {
      const char *a_title = a->job_runs != NULL ? a->job_runs[i].title : NULL;
      const char *b_title = b->job_runs != NULL ? b->job_runs[i].title : NULL;

      g_assert_cmpstr (a_title, ==, b_title);
      g_assert_cmpint (a->job_runs == NULL || a->job_runs[i].visible, ==,
                       b->job_runs == NULL || b->job_runs[i].visible);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (LlLesson) lesson = ll_lesson_load_from_data ((const char *) data, size, "fuzz.lllesson",
                                                          &error);
  g_autoptr (LlLesson) again = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (lesson == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_true (g_str_has_prefix (error->message, "fuzz.lllesson: "));
      return 0;
    }
  g_assert_no_error (error);
  g_assert_nonnull (lesson->dataset);
  g_assert_cmpuint (lesson->n_learning_rates, >=, 1);
  g_assert_cmpuint (lesson->n_learning_rates, <=, LL_LESSON_MAX_RATES);
  for (gsize i = 0; i < lesson->n_learning_rates; i++)
    g_assert_true (isfinite (lesson->learning_rates[i]) && lesson->learning_rates[i] > 0);
  g_assert_cmpuint (lesson->iterations, >=, 1);
  g_assert_cmpuint (lesson->record_every, >=, 1);
  g_assert_true (lesson->threshold >= 0 && lesson->threshold <= 1);
  g_assert_true (!lesson->has_initial_b || isfinite (lesson->initial_b));
  g_assert_cmpint (lesson->moment, >=, -1);
  g_assert_true (lesson->job_runs == NULL || lesson->trained);
  for (gsize i = 0; i < lesson->n_pinned; i++)
    g_assert_true (isfinite (lesson->pinned[i].learning_rate) && lesson->pinned[i].learning_rate > 0);

  text = ll_lesson_to_data (lesson, &length);
  again = ll_lesson_load_from_data (text, length, "again.lllesson", &error);
  g_assert_no_error (error);
  assert_same (lesson, again);
  return 0;
}
