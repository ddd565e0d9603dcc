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

  text = ll_lesson_to_data (lesson, &length);
  again = ll_lesson_load_from_data (text, length, "again.lllesson", &error);
  g_assert_no_error (error);
  assert_same (lesson, again);
  return 0;
}
