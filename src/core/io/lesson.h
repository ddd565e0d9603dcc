/* SPDX-License-Identifier: GPL-3.0-or-later */
/* lesson.h: a lesson file (.lllesson, issue 21): what a teacher set up, so
 * a lesson opens again as it was saved. A GKeyFile (UTF-8 text):
 *
 *   [Lesson]
 *   version=1                  format version MAJOR[.MINOR]; a newer MINOR
 *                              may add keys (ignored here), a newer MAJOR is
 *                              refused, saying so
 *   dataset=builtin:blobs      a built-in dataset, or an absolute path
 *   dataset-sha256=9f86d0…     for a dataset file: its SHA-256 when saved,
 *                              so a changed file is noticed (none for a
 *                              folder of images: not checked)
 *   classes=3,8                optional: the dataset's class option
 *   scaling=standardize        optional: the dataset's scaling option
 *   learning-rates=0.5;0.1;    the job's rates (at least one, each > 0)
 *   iterations=2000            >= 1
 *   record-every=10            >= 1
 *   threshold=0.5              0 to 1
 *   page=cost                  optional: the visible page's name
 *   initial-w=0.1,-0.2         from version 1.2, optional: the starting
 *                              weights as typed (comma-separated finite
 *                              numbers; empty: w = 0)
 *   initial-b=0.5              from version 1.2, optional: the starting
 *                              bias (finite). A file without these keys
 *                              leaves the window's starting values as
 *                              they are
 *   trained=true               from version 1.3, optional (default false):
 *                              the job of these settings was trained to its
 *                              end when saved, so opening trains it again
 *                              (after the pinned runs, as fast as it goes)
 *   moment=300                 from version 1.3, optional: the timeline's
 *                              iteration (a whole number from 0), shown
 *                              once the runs are trained again; absent:
 *                              the latest
 *   projector=true             from version 1.3, optional: true turns
 *                              projector mode on when the lesson opens;
 *                              absent or false leaves the mode as it is
 *
 *   [Pinned 1]                 from version 1.1, optional: one group a
 *   title=lr 0.5 · digits      pinned run, in order ("Pinned 2", ...)
 *   learning-rate=0.5          > 0
 *   iterations=2000            >= 1
 *   record-every=100           >= 1
 *   scaling=standardize        optional
 *   visible=false              from version 1.3, optional (default true):
 *                              false when hidden (a legend click)
 *
 *   [Job run 2]                from version 1.3, optional, read with
 *   title=the fast one         trained=true: the trained job's run of the
 *   visible=false              Nth learning rate (1 to their count), its
 *                              name in legends (optional: absent, the
 *                              usual "lr 0.1 · digits") and whether it
 *                              shows (optional, default true)
 *
 * Booleans are "true" or "false". Results are not stored: opening a lesson
 * restores the settings and trains the pinned runs and a trained job again
 * (their results are recomputed on open, the same numbers: training is
 * deterministic). Numbers are written and read locale-independently. GLib
 * only; no globals; any thread. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LL_LESSON_VERSION_MAJOR 1
#define LL_LESSON_VERSION_MINOR 3
#define LL_LESSON_MAX_RATES 64
#define LL_LESSON_MAX_PINNED 64
#define LL_LESSON_MIME_TYPE "application/x-logistic-lab-lesson"

/* A pinned run's settings: it is trained again when the lesson opens. */
typedef struct {
  char *title;
  double learning_rate;
  guint iterations;
  guint record_every;
  char *scaling;          /* or NULL */
  gboolean visible;       /* FALSE: hidden on every plot */
} LlLessonRun;

/* A trained job's run, by its rate's index (version 1.3). */
typedef struct {
  char *title;            /* or NULL: the usual title */
  gboolean visible;
} LlLessonJobRun;

typedef struct {
  char *dataset;          /* "builtin:NAME" or a path */
  char *dataset_sha256;   /* 64 lowercase hex digits, or NULL (built-in, folder) */
  char *classes;          /* or NULL */
  char *scaling;          /* or NULL */
  double *learning_rates;
  gsize n_learning_rates;
  guint iterations;
  guint record_every;
  double threshold;
  char *page;             /* or NULL */
  char *initial_w;        /* "1,2", "" (w = 0), or NULL: not in the file */
  gboolean has_initial_b;
  double initial_b;       /* when has_initial_b */
  LlLessonRun *pinned;    /* n_pinned, or NULL */
  gsize n_pinned;
  gboolean trained;       /* the job is trained again on open */
  int moment;             /* the timeline's iteration, -1: the latest */
  gboolean projector;     /* projector mode on */
  LlLessonJobRun *job_runs; /* NULL, or one per learning rate (trained jobs) */
} LlLesson;

LlLesson *ll_lesson_new               (void);
void      ll_lesson_free              (LlLesson    *lesson);
/* Appends a pinned run (strings copied; SCALING may be NULL), visible;
 * returns it (owned by LESSON, valid until the next one is added). */
LlLessonRun *ll_lesson_add_pinned     (LlLesson    *lesson,
                                       const char  *title,
                                       double       learning_rate,
                                       guint        iterations,
                                       guint        record_every,
                                       const char  *scaling);
/* The job's run of learning rate INDEX (< n_learning_rates): its TITLE
 * (copied; NULL: the usual one) and whether it shows. Set the rates
 * first. */
void      ll_lesson_set_job_run       (LlLesson    *lesson,
                                       gsize        index,
                                       const char  *title,
                                       gboolean     visible);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlLesson, ll_lesson_free)

/* The file's text (NUL-terminated, *LENGTH bytes). */
char     *ll_lesson_to_data           (const LlLesson *lesson,
                                       gsize          *length);
/* Writes LESSON to PATH through the one safe writer (output-file.h). */
gboolean  ll_lesson_save              (const LlLesson *lesson,
                                       const char     *path,
                                       GError        **error);

/* Reads a lesson from LENGTH bytes of DATA; NAME names it in errors. NULL
 * and an error saying why ("NAME: …") when the text is not a lesson, a key
 * is missing or out of range, or the version's major is newer. */
LlLesson *ll_lesson_load_from_data    (const char     *data,
                                       gsize           length,
                                       const char     *name,
                                       GError        **error);
/* The same from the file PATH (at most 1 MiB). */
LlLesson *ll_lesson_load              (const char     *path,
                                       GError        **error);

/* The SHA-256 of the file PATH in lowercase hex, or NULL and an error. */
char     *ll_lesson_file_sha256       (const char     *path,
                                       GError        **error);
/* With a saved SHA-256: FALSE and an error when the file's SHA-256 is not
 * that one (the file changed) or it cannot be read. TRUE without one. */
gboolean  ll_lesson_check_dataset     (const LlLesson *lesson,
                                       GError        **error);

G_END_DECLS
