/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-window-files.h: the window's file dialogs and drops and what they start:
 * open an image to classify, a dataset or weights, export weights, the plot. Each
 * dialog's response calls the same public function a test calls with a path.
 * Files are read and written on GTask threads; errors go to the window's banner. */
#pragma once

#include "ll-handout.h"
#include "ll-window.h"

G_BEGIN_DECLS

/* The dialogs, for the window's actions. FOLDER: a folder or a file dataset. */
void      ll_window_files_open_dataset_dialog   (LlWindow   *self,
                                                 gboolean    folder);
void      ll_window_files_open_image_dialog     (LlWindow   *self);
void      ll_window_files_open_weights_dialog   (LlWindow   *self);
void      ll_window_files_export_weights_dialog (LlWindow   *self);
void      ll_window_files_export_plot_dialog    (LlWindow   *self);
/* Export Table as CSV… (issue 24.9): every run's record points. */
void      ll_window_files_export_table_dialog   (LlWindow   *self);
/* Writes the recorded table (session/ll-run-csv.h) to PATH on a thread
 * through the one safe writer; the banner says how it went. */
void      ll_window_export_table                (LlWindow   *self,
                                                 const char *path);
/* Where save dialogs start: the user's Documents, else home. */
GFile    *ll_window_files_get_save_folder       (void);
/* The plot's export results (its menu's and Ctrl+Shift+E's) in the banner. */
void      ll_window_files_connect_plot          (LlWindow   *self);
/* Save Lesson… (Ctrl+S) and Open Lesson… (Ctrl+Shift+L). */
void      ll_window_files_save_lesson_dialog    (LlWindow   *self);
void      ll_window_files_open_lesson_dialog    (LlWindow   *self);
/* Writes the lesson as it is now (dataset, settings, threshold, page) to
 * PATH on a thread (the dataset file's SHA-256 is computed there). */
void      ll_window_save_lesson                 (LlWindow   *self,
                                                 const char *path);
/* Reads the lesson FILE on a thread and restores its dataset, settings,
 * threshold and page (results: press Train); a damaged or newer file, or a
 * dataset file that changed, opens nothing and says why in the banner. */
void      ll_window_open_lesson                 (LlWindow   *self,
                                                 GFile      *file);

/* Classifies FILE (decoded by the helper process) on the "classify" page. */
void      ll_window_open_image                  (LlWindow   *self,
                                                 GFile      *file);
/* Several images at once (a drop, the command line): all shown, each
 * classified. */
void      ll_window_open_images                 (LlWindow   *self,
                                                 GFile     **files,
                                                 guint       n_files);
/* Loads FILE's weights for the current dataset on a thread, then fills the
 * grid, weights and classify views and the table without training.
 * Property "importing" is TRUE meanwhile. */
void      ll_window_open_weights                (LlWindow   *self,
                                                 GFile      *file);
/* Writes the trained (or imported) models to PATH on a thread, atomically:
 * RUN -1 = every learning rate, else only that run (plain names w, b). */
void      ll_window_export_weights              (LlWindow   *self,
                                                 const char *path,
                                                 int         run);
/* Writes the cost plot as it is now to PATH (PNG, SVG or PDF by extension)
 * at WIDTH x HEIGHT on a thread; the banner says when it is saved, or why
 * not. */
void      ll_window_export_plot                 (LlWindow   *self,
                                                 const char *path,
                                                 int         width,
                                                 int         height);

/* A regular file starting like a PNG, JPEG or BMP (command-line arguments:
 * such a file is classified, anything else opened as a dataset). */
gboolean  ll_file_looks_like_image              (const char *path);

typedef enum {
  LL_FILE_KIND_IMAGE,    /* classify it (also anything unknown: the decoder says why not) */
  LL_FILE_KIND_WEIGHTS,  /* .npz/.npy by name, or a zip or .npy by content */
  LL_FILE_KIND_DATASET,  /* a folder, .h5, IDX, .csv, .tsv, .gz by name, or HDF5/IDX/gzip by content */
  LL_FILE_KIND_LESSON,   /* .lllesson by name */
} LlFileKind;

/* What a dropped file is meant as, by its name, else its first bytes (read
 * from regular files only). */
LlFileKind ll_file_kind                         (const char *path);

/* What a drop on the window does with FILE: opens a dataset, weights, or
 * an image to classify, by ll_file_kind (a drop of several files shows all
 * their images together, ll_window_open_images). Errors go to the banner,
 * naming the file. */
void      ll_window_open_file                   (LlWindow   *self,
                                                 GFile      *file);
/* Files dropped anywhere on the window go to ll_window_open_file; a
 * picture dragged from another app (a texture) to the classify view. */
void      ll_window_files_attach_drop_targets   (LlWindow   *self);
/* Once an opened lesson's dataset is loaded: its pinned runs and its job,
 * if it was saved trained, are trained again (their results are not in the
 * file; ll_training_session_recompute), with the Runs page's progress bar.
 * Nothing without a lesson waiting. */
void      ll_window_files_retrain_lesson        (LlWindow   *self);
/* The session's "recomputed": the lesson's timeline moment is shown, now
 * that its runs exist again. */
void      ll_window_files_on_lesson_recomputed  (LlWindow   *self);
/* The main menu's recent lessons follow GtkRecentManager (lesson files by
 * MIME type, newest first, at most 8); "win.open-recent-lesson" (a URI). */
void      ll_window_files_init_recent_lessons   (LlWindow   *self);
void      ll_window_files_open_recent_lesson    (GtkWidget  *widget,
                                                 const char *action_name,
                                                 GVariant   *parameter);
/* File > Export Handout…: a PDF of the lesson for students (ll-handout.h). */
void      ll_window_files_export_handout_action (GtkWidget  *widget,
                                                 const char *action_name,
                                                 GVariant   *parameter);
/* Writes the handout to PATH: a snapshot now, drawn and written on a
 * worker; the banner says "Writing…", then where it went or why not. */
void      ll_window_export_handout              (LlWindow   *self,
                                                 const char *path);
/* The handout's snapshot of what the window shows now: the runs at the
 * timeline's moment, the landscape, the sweep's results and the Boundary
 * page's columns (UI thread). */
LlHandout *ll_window_take_handout               (LlWindow   *self);
/* Drops a lesson that still waits for its dataset. */
void      ll_window_files_forget_lesson         (LlWindow   *self);

G_END_DECLS
