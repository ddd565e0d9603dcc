/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lesson.c: see lesson.h. */
#include "config.h"

#include "lesson.h"

#include <errno.h>
#include <math.h>
#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "output-file.h"

#define GROUP "Lesson"
#define PINNED_GROUP "Pinned "
#define JOB_RUN_GROUP "Job run "
#define MAX_FILE_BYTES (1024 * 1024)

LlLesson *
ll_lesson_new (void)
{
  LlLesson *lesson = g_new0 (LlLesson, 1);

  lesson->iterations = 2000;
  lesson->record_every = 10;
  lesson->threshold = 0.5;
  lesson->moment = -1;
  return lesson;
}

void
ll_lesson_free (LlLesson *lesson)
{
  if (lesson == NULL)
    return;
  g_free (lesson->dataset);
  g_free (lesson->dataset_sha256);
  g_free (lesson->classes);
  g_free (lesson->scaling);
  g_free (lesson->learning_rates);
  g_free (lesson->page);
  g_free (lesson->initial_w);
  for (gsize i = 0; i < lesson->n_pinned; i++)
    {
      g_free (lesson->pinned[i].title);
      g_free (lesson->pinned[i].scaling);
    }
  g_free (lesson->pinned);
  for (gsize i = 0; lesson->job_runs != NULL && i < lesson->n_learning_rates; i++)
    g_free (lesson->job_runs[i].title);
  g_free (lesson->job_runs);
  g_free (lesson);
}

LlLessonRun *
ll_lesson_add_pinned (LlLesson   *lesson,
                      const char *title,
                      double      learning_rate,
                      guint       iterations,
                      guint       record_every,
                      const char *scaling)
{
  LlLessonRun *run;

  lesson->pinned = g_renew (LlLessonRun, lesson->pinned, lesson->n_pinned + 1);
  run = &lesson->pinned[lesson->n_pinned++];
  run->title = g_strdup (title != NULL ? title : "");
  run->learning_rate = learning_rate;
  run->iterations = iterations;
  run->record_every = record_every;
  run->scaling = g_strdup (scaling);
  run->visible = TRUE;
  return run;
}

void
ll_lesson_set_job_run (LlLesson   *lesson,
                       gsize       index,
                       const char *title,
                       gboolean    visible)
{
  g_return_if_fail (index < lesson->n_learning_rates);

  if (lesson->job_runs == NULL)
    {
      lesson->job_runs = g_new0 (LlLessonJobRun, lesson->n_learning_rates);
      for (gsize i = 0; i < lesson->n_learning_rates; i++)
        lesson->job_runs[i].visible = TRUE;
    }
  g_free (lesson->job_runs[index].title);
  lesson->job_runs[index].title = g_strdup (title);
  lesson->job_runs[index].visible = visible;
}

/* The shortest text that reads back as VALUE: a teacher reading the file
 * sees "0.1", not g_ascii_dtostr's "0.10000000000000001". */
static char *
format_double (double value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  for (int digits = 1; digits < 17 && isfinite (value); digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (number, sizeof number, format, value);
      if (g_ascii_strtod (number, NULL) == value)
        return g_strdup (number);
    }
  return g_strdup (g_ascii_dtostr (number, sizeof number, value));
}

char *
ll_lesson_to_data (const LlLesson *lesson,
                   gsize          *length)
{
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autoptr (GString) rates = g_string_new (NULL);
  g_autofree char *version = g_strdup_printf ("%d.%d", LL_LESSON_VERSION_MAJOR, LL_LESSON_VERSION_MINOR);
  g_autofree char *threshold = format_double (lesson->threshold);

  g_key_file_set_string (key_file, GROUP, "version", version);
  g_key_file_set_string (key_file, GROUP, "dataset", lesson->dataset != NULL ? lesson->dataset : "");
  if (lesson->dataset_sha256 != NULL)
    g_key_file_set_string (key_file, GROUP, "dataset-sha256", lesson->dataset_sha256);
  if (lesson->classes != NULL)
    g_key_file_set_string (key_file, GROUP, "classes", lesson->classes);
  if (lesson->scaling != NULL)
    g_key_file_set_string (key_file, GROUP, "scaling", lesson->scaling);
  for (gsize i = 0; i < lesson->n_learning_rates; i++)
    {
      g_autofree char *rate = format_double (lesson->learning_rates[i]);

      g_string_append_printf (rates, "%s;", rate);
    }
  g_key_file_set_value (key_file, GROUP, "learning-rates", rates->str);
  g_key_file_set_uint64 (key_file, GROUP, "iterations", lesson->iterations);
  g_key_file_set_uint64 (key_file, GROUP, "record-every", lesson->record_every);
  g_key_file_set_value (key_file, GROUP, "threshold", threshold);
  if (lesson->page != NULL)
    g_key_file_set_string (key_file, GROUP, "page", lesson->page);
  if (lesson->initial_w != NULL)
    g_key_file_set_string (key_file, GROUP, "initial-w", lesson->initial_w);
  if (lesson->has_initial_b)
    {
      g_autofree char *initial_b = format_double (lesson->initial_b);

      g_key_file_set_value (key_file, GROUP, "initial-b", initial_b);
    }
  if (lesson->trained)
    g_key_file_set_boolean (key_file, GROUP, "trained", TRUE);
  if (lesson->moment >= 0)
    g_key_file_set_integer (key_file, GROUP, "moment", lesson->moment);
  if (lesson->projector)
    g_key_file_set_boolean (key_file, GROUP, "projector", TRUE);
  for (gsize i = 0; i < lesson->n_pinned; i++)
    {
      const LlLessonRun *run = &lesson->pinned[i];
      g_autofree char *group = g_strdup_printf (PINNED_GROUP "%" G_GSIZE_FORMAT, i + 1);
      g_autofree char *rate = format_double (run->learning_rate);

      g_key_file_set_string (key_file, group, "title", run->title);
      g_key_file_set_value (key_file, group, "learning-rate", rate);
      g_key_file_set_uint64 (key_file, group, "iterations", run->iterations);
      g_key_file_set_uint64 (key_file, group, "record-every", run->record_every);
      if (run->scaling != NULL)
        g_key_file_set_string (key_file, group, "scaling", run->scaling);
      if (!run->visible)
        g_key_file_set_boolean (key_file, group, "visible", FALSE);
    }
  /* Only what differs from a plain run of the rate. */
  for (gsize i = 0; lesson->trained && lesson->job_runs != NULL && i < lesson->n_learning_rates; i++)
    {
      const LlLessonJobRun *run = &lesson->job_runs[i];
      g_autofree char *group = g_strdup_printf (JOB_RUN_GROUP "%" G_GSIZE_FORMAT, i + 1);

      if (run->title != NULL)
        g_key_file_set_string (key_file, group, "title", run->title);
      if (!run->visible)
        g_key_file_set_boolean (key_file, group, "visible", FALSE);
    }
  return g_key_file_to_data (key_file, length, NULL);
}

gboolean
ll_lesson_save (const LlLesson *lesson,
                const char     *path,
                GError        **error)
{
  gsize length;
  g_autofree char *data = ll_lesson_to_data (lesson, &length);

  return ll_output_write_bytes (path, data, length, error);
}

static gboolean
fail (GError    **error,
      const char *name,
      const char *reason)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s", name, reason);
  return FALSE;
}

/* A key's string, or NULL and an error naming it when REQUIRED. */
static char *
get_string_in (GKeyFile   *key_file,
               const char *group,
               const char *key,
               gboolean    required,
               const char *name,
               GError    **error)
{
  g_autofree char *raw = g_key_file_get_value (key_file, group, key, NULL);
  gsize backslashes = 0;
  char *value = NULL;

  /* GLib 2.74 sets its GError twice (a warning) for a value with an
   * invalid escape and a backslash at its end: such a value is refused
   * here, before GLib unescapes it. */
  for (gsize i = raw != NULL ? strlen (raw) : 0; i > 0 && raw[i - 1] == '\\'; i--)
    backslashes++;
  if (raw != NULL && backslashes % 2 == 0)
    value = g_key_file_get_string (key_file, group, key, NULL);

  if (value == NULL && required)
    {
      g_autofree char *reason = raw == NULL ? g_strdup_printf (_("the key “%s” is missing"), key)
                                            : g_strdup_printf (_("the key “%s” has a value that cannot be read"),
                                                               key);

      if (g_strcmp0 (group, GROUP) != 0)
        {
          /* TRANSLATORS: "[Pinned 2]: the key “title” is missing" */
          g_autofree char *in_group = g_strdup_printf (_("[%s]: %s"), group, reason);

          fail (error, name, in_group);
        }
      else
        fail (error, name, reason);
    }
  return value;
}

static char *
get_string (GKeyFile   *key_file,
            const char *key,
            gboolean    required,
            const char *name,
            GError    **error)
{
  return get_string_in (key_file, GROUP, key, required, name, error);
}

static gboolean
parse_double (const char *text,
              double     *value)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    return FALSE;
  errno = 0;
  *value = g_ascii_strtod (text, &end);
  return errno == 0 && end != text && *end == '\0' && isfinite (*value);
}

/* "1,2" or blank (w = 0): each item a finite number, read as the window's
 * entry reads it (ll_run_config_parse_numbers; 1e-400 is 0 there too). */
static gboolean
is_number_list (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  g_auto (GStrv) items = NULL;

  if (*copy == '\0')
    return TRUE;
  items = g_strsplit (copy, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = g_strstrip (items[i]);
      char *end = NULL;
      double value = *item != '\0' ? g_ascii_strtod (item, &end) : NAN;

      if (*item == '\0' || end == item || *end != '\0' || !isfinite (value))
        return FALSE;
    }
  return TRUE;
}

/* The optional starting values (version 1.2). */
static gboolean
load_initial_values (GKeyFile   *key_file,
                     LlLesson   *lesson,
                     const char *name,
                     GError    **error)
{
  g_autofree char *initial_b = NULL;

  if (g_key_file_has_key (key_file, GROUP, "initial-w", NULL))
    {
      lesson->initial_w = get_string (key_file, "initial-w", TRUE, name, error);
      if (lesson->initial_w == NULL)
        return FALSE;
      if (!is_number_list (lesson->initial_w))
        {
          g_autofree char *reason = g_strdup_printf (_("the initial w “%s” is not a list of numbers"),
                                                     lesson->initial_w);
          return fail (error, name, reason);
        }
    }
  if (g_key_file_has_key (key_file, GROUP, "initial-b", NULL))
    {
      initial_b = get_string (key_file, "initial-b", TRUE, name, error);
      if (initial_b == NULL)
        return FALSE;
      if (!parse_double (g_strstrip (initial_b), &lesson->initial_b))
        {
          g_autofree char *reason = g_strdup_printf (_("the initial b “%s” is not a number"), initial_b);
          return fail (error, name, reason);
        }
      lesson->has_initial_b = TRUE;
    }
  return TRUE;
}

static gboolean
get_count_in (GKeyFile   *key_file,
              const char *group,
              const char *key,
              guint      *value,
              const char *name,
              GError    **error)
{
  g_autofree char *text = get_string_in (key_file, group, key, TRUE, name, error);
  guint64 number;

  if (text == NULL)
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &number, NULL))
    {
      g_autofree char *reason = g_strdup_printf (_("“%s” must be a whole number from 1, not “%s”"),
                                                 key, text);
      return fail (error, name, reason);
    }
  *value = (guint) number;
  return TRUE;
}

static gboolean
get_count (GKeyFile   *key_file,
           const char *key,
           guint      *value,
           const char *name,
           GError    **error)
{
  return get_count_in (key_file, GROUP, key, value, name, error);
}

/* An optional "true" or "false" (version 1.3): *VALUE stays when absent. */
static gboolean
get_flag_in (GKeyFile   *key_file,
             const char *group,
             const char *key,
             gboolean   *value,
             const char *name,
             GError    **error)
{
  g_autofree char *text = NULL;

  if (!g_key_file_has_key (key_file, group, key, NULL))
    return TRUE;
  text = get_string_in (key_file, group, key, TRUE, name, error);
  if (text == NULL)
    return FALSE;
  g_strstrip (text);
  if (g_strcmp0 (text, "true") == 0 || g_strcmp0 (text, "false") == 0)
    {
      *value = text[0] == 't';
      return TRUE;
    }
  {
    /* TRANSLATORS: "true" and "false" are the file's words: not translated */
    g_autofree char *reason = g_strdup_printf (_("“%s” must be true or false, not “%s”"), key, text);

    if (g_strcmp0 (group, GROUP) != 0)
      {
        g_autofree char *in_group = g_strdup_printf (_("[%s]: %s"), group, reason);

        return fail (error, name, in_group);
      }
    return fail (error, name, reason);
  }
}

/* The [Pinned N] groups (version 1.1), in the file's order. */
static gboolean
load_pinned (GKeyFile   *key_file,
             LlLesson   *lesson,
             const char *name,
             GError    **error)
{
  g_auto (GStrv) groups = g_key_file_get_groups (key_file, NULL);

  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];
      g_autofree char *title = NULL;
      g_autofree char *rate_text = NULL;
      g_autofree char *scaling = NULL;
      guint iterations, record_every;
      gboolean visible = TRUE;
      double rate;

      if (!g_str_has_prefix (group, PINNED_GROUP))
        continue;
      if (lesson->n_pinned == LL_LESSON_MAX_PINNED)
        return fail (error, name, _("too many pinned runs"));
      title = get_string_in (key_file, group, "title", TRUE, name, error);
      rate_text = title != NULL ? get_string_in (key_file, group, "learning-rate", TRUE, name, error) : NULL;
      if (rate_text == NULL)
        return FALSE;
      if (!parse_double (g_strstrip (rate_text), &rate) || rate <= 0)
        {
          g_autofree char *reason = g_strdup_printf (_("[%s]: the learning rate “%s” is not a positive number"),
                                                     group, rate_text);
          return fail (error, name, reason);
        }
      if (!get_count_in (key_file, group, "iterations", &iterations, name, error)
          || !get_count_in (key_file, group, "record-every", &record_every, name, error))
        return FALSE;
      scaling = get_string_in (key_file, group, "scaling", FALSE, name, NULL);
      if (!get_flag_in (key_file, group, "visible", &visible, name, error))
        return FALSE;
      ll_lesson_add_pinned (lesson, title, rate, iterations, record_every, scaling)->visible = visible;
    }
  return TRUE;
}

/* What shows the screen as saved (version 1.3): the trained job's runs
 * ([Job run N], read only with trained=true), the timeline's moment,
 * projector mode. */
static gboolean
load_screen (GKeyFile   *key_file,
             LlLesson   *lesson,
             const char *name,
             GError    **error)
{
  g_auto (GStrv) groups = NULL;

  if (!get_flag_in (key_file, GROUP, "trained", &lesson->trained, name, error)
      || !get_flag_in (key_file, GROUP, "projector", &lesson->projector, name, error))
    return FALSE;
  if (g_key_file_has_key (key_file, GROUP, "moment", NULL))
    {
      g_autofree char *moment = get_string (key_file, "moment", TRUE, name, error);
      guint64 number;

      if (moment == NULL)
        return FALSE;
      if (!g_ascii_string_to_unsigned (g_strstrip (moment), 10, 0, G_MAXINT, &number, NULL))
        {
          g_autofree char *reason =
            g_strdup_printf (_("the moment “%s” is not an iteration (a whole number from 0)"), moment);
          return fail (error, name, reason);
        }
      lesson->moment = (int) number;
    }
  if (!lesson->trained)
    return TRUE;
  groups = g_key_file_get_groups (key_file, NULL);
  for (guint i = 0; groups[i] != NULL; i++)
    {
      const char *group = groups[i];
      g_autofree char *title = NULL;
      gboolean visible = TRUE;
      guint64 number;

      if (!g_str_has_prefix (group, JOB_RUN_GROUP))
        continue;
      if (!g_ascii_string_to_unsigned (group + strlen (JOB_RUN_GROUP), 10, 1, lesson->n_learning_rates,
                                       &number, NULL))
        {
          g_autofree char *reason =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "[%s]: not the number of a run of the job (it has %u learning rate)",
                                          "[%s]: not the number of a run of the job (it has %u learning rates)",
                                          (gulong) lesson->n_learning_rates),
                             group, (guint) lesson->n_learning_rates);
          return fail (error, name, reason);
        }
      if (g_key_file_has_key (key_file, group, "title", NULL))
        {
          title = get_string_in (key_file, group, "title", TRUE, name, error);
          if (title == NULL)
            return FALSE;
        }
      if (!get_flag_in (key_file, group, "visible", &visible, name, error))
        return FALSE;
      /* An empty title is the usual one. */
      ll_lesson_set_job_run (lesson, (gsize) number - 1, title != NULL && *title != '\0' ? title : NULL,
                             visible);
    }
  return TRUE;
}

static gboolean
check_version (GKeyFile   *key_file,
               const char *name,
               GError    **error)
{
  g_autofree char *version = get_string (key_file, "version", TRUE, name, error);
  g_auto (GStrv) parts = NULL;
  guint64 major;

  if (version == NULL)
    return FALSE;
  parts = g_strsplit (version, ".", 2);
  /* An empty version splits into no part at all. */
  if (parts[0] == NULL || !g_ascii_string_to_unsigned (parts[0], 10, 1, G_MAXUINT32, &major, NULL)
      || (parts[1] != NULL && !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT32, NULL, NULL)))
    {
      g_autofree char *reason = g_strdup_printf (_("the version “%s” is not a version number"), version);
      return fail (error, name, reason);
    }
  if (major > LL_LESSON_VERSION_MAJOR)
    {
      g_autofree char *reason =
        g_strdup_printf (_("written by a newer Logistic Lab (lesson format %s); this one reads format %d"),
                         version, LL_LESSON_VERSION_MAJOR);
      return fail (error, name, reason);
    }
  return TRUE;
}

static gboolean
is_sha256 (const char *text)
{
  if (strlen (text) != 64)
    return FALSE;
  for (const char *c = text; *c != '\0'; c++)
    if (!g_ascii_isxdigit (*c))
      return FALSE;
  return TRUE;
}

LlLesson *
ll_lesson_load_from_data (const char *data,
                          gsize       length,
                          const char *name,
                          GError    **error)
{
  g_autoptr (GKeyFile) key_file = g_key_file_new ();
  g_autoptr (LlLesson) lesson = ll_lesson_new ();
  g_autoptr (GError) local_error = NULL;
  g_autofree char *rates = NULL;
  g_autofree char *threshold = NULL;
  g_auto (GStrv) rate_items = NULL;

  if (!g_utf8_validate (data, (gssize) length, NULL))
    return fail (error, name, _("not a lesson file (not UTF-8 text)")), NULL;
  if (!g_key_file_load_from_data (key_file, data, length, G_KEY_FILE_NONE, &local_error))
    {
      g_autofree char *reason = g_strdup_printf (_("not a lesson file (%s)"), local_error->message);
      return fail (error, name, reason), NULL;
    }
  if (!g_key_file_has_group (key_file, GROUP))
    return fail (error, name, _("not a lesson file (no [Lesson] section)")), NULL;
  if (!check_version (key_file, name, error))
    return NULL;

  lesson->dataset = get_string (key_file, "dataset", TRUE, name, error);
  if (lesson->dataset == NULL)
    return NULL;
  if (*lesson->dataset == '\0')
    return fail (error, name, _("the dataset is empty")), NULL;
  lesson->dataset_sha256 = get_string (key_file, "dataset-sha256", FALSE, name, NULL);
  if (!g_str_has_prefix (lesson->dataset, "builtin:"))
    {
      if (lesson->dataset_sha256 != NULL && !is_sha256 (lesson->dataset_sha256))
        return fail (error, name, _("the dataset-sha256 is not 64 hexadecimal digits")), NULL;
      for (char *c = lesson->dataset_sha256; c != NULL && *c != '\0'; c++)
        *c = g_ascii_tolower (*c);
    }
  else
    g_clear_pointer (&lesson->dataset_sha256, g_free);
  lesson->classes = get_string (key_file, "classes", FALSE, name, NULL);
  lesson->scaling = get_string (key_file, "scaling", FALSE, name, NULL);
  lesson->page = get_string (key_file, "page", FALSE, name, NULL);

  rates = get_string (key_file, "learning-rates", TRUE, name, error);
  if (rates == NULL)
    return NULL;
  rate_items = g_strsplit (rates, ";", -1);
  lesson->learning_rates = g_new (double, LL_LESSON_MAX_RATES);
  for (guint i = 0; rate_items[i] != NULL; i++)
    {
      double rate;

      if (*rate_items[i] == '\0')
        continue;
      if (lesson->n_learning_rates == LL_LESSON_MAX_RATES)
        return fail (error, name, _("too many learning rates")), NULL;
      if (!parse_double (g_strstrip (rate_items[i]), &rate) || rate <= 0)
        {
          g_autofree char *reason = g_strdup_printf (_("the learning rate “%s” is not a positive number"),
                                                     rate_items[i]);
          return fail (error, name, reason), NULL;
        }
      lesson->learning_rates[lesson->n_learning_rates++] = rate;
    }
  if (lesson->n_learning_rates == 0)
    return fail (error, name, _("no learning rate")), NULL;

  if (!get_count (key_file, "iterations", &lesson->iterations, name, error)
      || !get_count (key_file, "record-every", &lesson->record_every, name, error))
    return NULL;

  threshold = get_string (key_file, "threshold", TRUE, name, error);
  if (threshold == NULL)
    return NULL;
  if (!parse_double (threshold, &lesson->threshold) || lesson->threshold < 0 || lesson->threshold > 1)
    {
      g_autofree char *reason = g_strdup_printf (_("the threshold “%s” is not a number from 0 to 1"),
                                                 threshold);
      return fail (error, name, reason), NULL;
    }
  if (!load_initial_values (key_file, lesson, name, error)
      || !load_pinned (key_file, lesson, name, error)
      || !load_screen (key_file, lesson, name, error))
    return NULL;
  return g_steal_pointer (&lesson);
}

LlLesson *
ll_lesson_load (const char *path,
                GError    **error)
{
  g_autoptr (GMappedFile) mapped = NULL;
  g_autoptr (GError) local_error = NULL;
  gsize length;

  mapped = g_mapped_file_new (path, FALSE, &local_error);
  if (mapped == NULL)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code), "%s",
                   local_error->message);
      return NULL;
    }
  length = g_mapped_file_get_length (mapped);
  if (length > MAX_FILE_BYTES)
    return fail (error, path, _("too large for a lesson file")), NULL;
  return ll_lesson_load_from_data (length > 0 ? g_mapped_file_get_contents (mapped) : "",
                                   length, path, error);
}

char *
ll_lesson_file_sha256 (const char *path,
                       GError    **error)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  g_autoptr (GFileInputStream) stream = g_file_read (file, NULL, error);
  guint8 buffer[65536];
  gssize n;

  if (stream == NULL)
    return NULL;
  while ((n = g_input_stream_read (G_INPUT_STREAM (stream), buffer, sizeof buffer, NULL, error)) > 0)
    g_checksum_update (checksum, buffer, (gsize) n);
  if (n < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

gboolean
ll_lesson_check_dataset (const LlLesson *lesson,
                         GError        **error)
{
  g_autofree char *sha256 = NULL;

  if (lesson->dataset_sha256 == NULL)
    return TRUE;
  sha256 = ll_lesson_file_sha256 (lesson->dataset, error);
  if (sha256 == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (sha256, lesson->dataset_sha256) != 0)
    return fail (error, lesson->dataset,
                 _("this dataset file changed since the lesson was saved (its SHA-256 differs)"));
  return TRUE;
}
