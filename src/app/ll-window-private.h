/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-window-private.h: the window's insides, shared by the files it is split
 * into (ll-window.c: the GObject, messages, settings; ll-window-training.c;
 * ll-window-dataset.c; ll-window-files.c). Not for other files. */
#pragma once

#include "ll-cost-watch.h"
#include "ll-sweep-view.h"
#include "ll-window.h"

G_BEGIN_DECLS

struct _LlWindow
{
  GtkApplicationWindow parent_instance;

  /* Template children */
  GtkWidget *title_label;
  GtkWidget *subtitle_label;
  GtkWidget *load_spinner;
  GtkWidget *train_icon;
  GtkWidget *train_label;
  GtkWidget *train_button;
  GtkWidget *log_button;
  GtkWidget *error_bar;
  GtkWidget *error_label;
  GtkWidget *sidebar;
  GtkWidget *classes_box;
  GtkWidget *positive_dropdown;
  GtkWidget *negative_dropdown;
  GtkWidget *rates_heading;
  GtkWidget *rate_list;
  GtkWidget *iterations_spin;
  GtkWidget *record_spin;
  GtkWidget *initial_w_entry;
  GtkWidget *initial_b_entry;
  GtkWidget *speed_scale;
  GtkWidget *speed_label;
  GtkWidget *stack;
  GtkWidget *plot;
  GtkWidget *note_box;
  GtkWidget *note_label;
  GtkWidget *accuracy_table;
  GtkWidget *result_grid;
  GtkWidget *weights_view;
  GtkWidget *confusion_view;
  GtkWidget *landscape_view;
  GtkWidget *sharpness_view;
  GtkWidget *classify_view;
  GtkWidget *sweep_view;
  GtkWidget *critical_label;
  GtkWidget *step_inspector;
  GtkWidget *runs_view;
  GMenu *recent_lessons_menu;   /* the main menu's recent lessons (GtkRecentManager) */
  gpointer pending_lesson;      /* LlLesson *: its pinned runs wait for its dataset */
  int lesson_moment;            /* an opened lesson's timeline moment, shown once its runs are trained; -1 */
  GtkWidget *zoom_label;
  GtkWidget *timeline;
  /* The classroom layout (ll-window-layout.c, issue 24) */
  GtkWidget *cost_page;
  GtkWidget *note_icon;
  GtkWidget *table_scroll;
  GtkWidget *sidebar_pane;
  GtkWidget *sidebar_separator;
  GtkWidget *suggest_button;
  GtkWidget *scaling_dropdown;
  GtkWidget *scaling_warning_label;
  GtkWidget *two_feature_view;
  GtkWidget *switcher_scroller;  /* the page names, and the arrows beside them */
  GtkWidget *switcher_back;
  GtkWidget *switcher_forward;
  guint switcher_arrows_tick;    /* shows or hides them before the next layout */
  char *loading_path;          /* the load under way (a new scaling restarts it) */
  char *loading_classes;
  gboolean loading_reselect;

  GSettings *settings;
  LlTrainingSession *session;  /* its run store: what every page shows */
  LlSharedDataset *source;     /* the dataset as loaded (maybe multi-class) */
  LlSharedDataset *binary;     /* the pair being trained */
  char *source_path;           /* NULL for the built-in one */
  char *classes;               /* the pair's --classes spec, or NULL (lesson files) */
  GCancellable *cancellable;   /* cancelled when the window goes */
  guint load_generation;       /* a newer load or selection wins over older ones */
  gboolean loading;
  gboolean importing;
  gboolean updating_pickers;
  guint settings_lock_tick;    /* the sidebar's lock waiting for the job's first frame */
  guint settings_lock_frames;

  LlCostWatch *cost_watch;     /* for the plain-words notes */
  double zoom;                 /* text size, 1.0 = 100 % */
  double shares_cost;          /* the cost of guessing by the class shares, NAN unknown */
  gboolean projector_mode;     /* fullscreen, larger text, thicker lines */
};

/* ll-window.c */
void             ll_window_hide_message        (LlWindow        *self);
void             ll_window_set_loading         (LlWindow        *self,
                                                gboolean         loading);

/* ll-window-training.c */
void             ll_window_connect_session     (LlWindow        *self);
void             ll_window_update_actions      (LlWindow        *self);
/* The sidebar's widgets <-> the run config and the pace. */
void             ll_window_bind_config         (LlWindow        *self);
/* The run config and the pace <-> SETTINGS. */
void             ll_window_bind_run_settings   (LlWindow        *self,
                                                GSettings       *settings);
void             ll_window_update_speed_label  (LlWindow        *self);
void             ll_window_on_rates_changed    (LlWindow        *self);
void             ll_window_toggle_training     (GtkWidget       *widget,
                                                const char      *action_name,
                                                GVariant        *parameter);
void             ll_window_step_training       (GtkWidget       *widget,
                                                const char      *action_name,
                                                GVariant        *parameter);
void             ll_window_reset_training      (GtkWidget       *widget,
                                                const char      *action_name,
                                                GVariant        *parameter);

/* ll-window-zoom.c */
void             ll_window_init_zoom           (LlWindow        *self);
/* win.zoom-in, win.zoom-out, win.zoom-reset */
void             ll_window_zoom_action         (GtkWidget       *widget,
                                                const char      *action_name,
                                                GVariant        *parameter);

/* ll-window-layout.c: projector mode, the sidebar, suggested rates. */
void             ll_window_init_layout         (LlWindow        *self);
/* What projector mode multiplies the text zoom by (1 when off). */
double           ll_window_get_projector_text_scale (LlWindow   *self);
/* win.suggest-rates ("around-critical", "course", "default") */
void             ll_window_suggest_rates_action (GtkWidget      *widget,
                                                const char      *action_name,
                                                GVariant        *parameter);

/* ll-window-zoom.c: applies the zoom (and projector mode's factor) again. */
void             ll_window_apply_zoom          (LlWindow        *self);

/* ll-window-lab.c: the sweep page's dataset, config, choices and exports. */
void             ll_window_connect_lab         (LlWindow        *self);

/* ll-window-dataset.c */
void             ll_window_on_class_picked     (LlWindow        *self);
/* The scaling drop-down <-> the run config; a new scaling reloads the pair. */
void             ll_window_connect_scaling     (LlWindow        *self);

/* ll-window.c, for ll-window-files.c */

GCancellable    *ll_window_get_cancellable     (LlWindow        *self);
/* The binary dataset being trained, or NULL. Borrowed. */
LlSharedDataset *ll_window_get_binary_dataset  (LlWindow        *self);
/* The models Export writes (const LlModel *, borrowed): the runs' trained
 * or imported ones, or NULL. Free the array. */
GPtrArray       *ll_window_dup_export_models   (LlWindow        *self);
gboolean         ll_window_has_export_models   (LlWindow        *self);
void             ll_window_set_importing       (LlWindow        *self,
                                                gboolean         importing);
/* Shows IMPORT (taken) as the session's runs: every page follows. */
void             ll_window_show_import         (LlWindow        *self,
                                                LlWeightsImport *import);

G_END_DECLS
