/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-run-config.h: what one training job is — the learning rates trained side
 * by side, the iterations, the record interval — as one GObject whose
 * properties the sidebar's widgets and GSettings bind to
 * (ll_run_config_bind_settings), and the one parser and validator of those
 * settings, used by the app and the command line.
 *
 * Adding an option is three steps: its field and property here (with its
 * check in ll_run_config_validate and its copy in LlTrainParams), its key in
 * data/io.github.logisticlab.LogisticLab.gschema.xml (bound in
 * ll_run_config_bind_settings), and its widget in ui/ll-window.ui (bound in
 * ll_window_bind_config, src/app/ll-window-training.c). */
#pragma once

#include <gio/gio.h>

#include "core/data/scaling.h"
#include "core/train/trainer.h"

G_BEGIN_DECLS

#define LL_TYPE_RUN_CONFIG (ll_run_config_get_type ())
G_DECLARE_FINAL_TYPE (LlRunConfig, ll_run_config, LL, RUN_CONFIG, GObject)

/* The defaults: rates 0.5, 0.1, 0.01; 2000 iterations; a record every 100. */
LlRunConfig  *ll_run_config_new              (void);

/* Property "learning-rates" (GVariant "ad"): the rates, in run order. Setting
 * the same rates again notifies nothing. No check here: see validate. */
const double *ll_run_config_get_learning_rates (LlRunConfig  *self,
                                                guint        *n_rates);
void          ll_run_config_set_learning_rates (LlRunConfig  *self,
                                                const double *rates,
                                                guint         n_rates);
/* Property "iterations" (guint, >= 1; the settings and the spin button
 * cap it): gradient-descent steps per rate. */
guint         ll_run_config_get_iterations   (LlRunConfig  *self);
void          ll_run_config_set_iterations   (LlRunConfig  *self,
                                              guint         iterations);
/* Property "record-every" (guint, >= 1): iterations between record points. */
guint         ll_run_config_get_record_every (LlRunConfig  *self);
void          ll_run_config_set_record_every (LlRunConfig  *self,
                                              guint         record_every);
/* Property "initial-w" (string, "" = w = 0, the course's start): the
 * starting weights as typed, "1,2" (read by ll_run_config_parse_numbers;
 * validate says when it does not read). The session checks its length
 * against the dataset's features. */
const char   *ll_run_config_get_initial_w    (LlRunConfig  *self);
void          ll_run_config_set_initial_w    (LlRunConfig  *self,
                                              const char   *text);
/* The initial w read as numbers, or NULL for w = 0 or text that does not
 * read; N_VALUES gets their count (0 then). */
const double *ll_run_config_get_initial_w_values (LlRunConfig *self,
                                                  guint       *n_values);
/* Property "initial-b" (double, finite; default 0): the starting bias. */
double        ll_run_config_get_initial_b    (LlRunConfig  *self);
void          ll_run_config_set_initial_b    (LlRunConfig  *self,
                                              double        initial_b);

/* Property "scaling" (string, default "default"): the feature scaling as
 * ll_scaling_spec_parse reads it (none, max, max:VALUE, standardize, default
 * = by the data), stored in lower case. Setting a text it refuses changes
 * nothing and returns FALSE with its error. */
const char   *ll_run_config_get_scaling      (LlRunConfig  *self);
gboolean      ll_run_config_set_scaling      (LlRunConfig  *self,
                                              const char   *scaling,
                                              GError      **error);
/* The scaling as the core takes it. */
void          ll_run_config_get_scaling_spec (LlRunConfig  *self,
                                              LlScalingSpec *spec);

/* Whether the trainer can run this job; else an LL_TRAINER_ERROR_INVALID
 * saying what is wrong (as ll_train_params_validate). */
gboolean      ll_run_config_validate         (LlRunConfig  *self,
                                              GError      **error);
/* The trainer's parameters for this job (rates borrowed from SELF). */
void          ll_run_config_to_params        (LlRunConfig  *self,
                                              LlTrainParams *params);

/* Binds every property to its key of SETTINGS (io.github.logisticlab.LogisticLab)
 * both ways: the settings' values are read at once. */
void          ll_run_config_bind_settings    (LlRunConfig  *self,
                                              GSettings    *settings);

/* One learning rate as typed: a positive finite number; surrounding blanks
 * are ignored, and "0,5" (a comma, no point) reads as 0.5 for comma-decimal
 * locales. Else FALSE and a G_OPTION_ERROR_BAD_VALUE "'abc' is not a
 * positive number". */
gboolean      ll_run_config_parse_rate       (const char   *text,
                                              double       *rate,
                                              GError      **error);
/* A comma-separated list of rates ("0.5,0.1,0.01"), each as parse_rate:
 * an array of doubles, or NULL and a G_OPTION_ERROR_BAD_VALUE naming the
 * bad item ("'-1' is not a positive number", "'0.1,,2' has an empty item"). */
GArray       *ll_run_config_parse_rates      (const char   *text,
                                              GError      **error);
/* Any finite number as typed (blanks around it ignored), else FALSE and a
 * G_OPTION_ERROR_BAD_VALUE "'abc' is not a finite number". */
gboolean      ll_run_config_parse_number     (const char   *text,
                                              double       *value,
                                              GError      **error);
/* A comma-separated list of finite numbers ("1,2", the initial w; the
 * command line's --initial-w reads through it too), or NULL and a
 * G_OPTION_ERROR_BAD_VALUE naming the bad item. */
GArray       *ll_run_config_parse_numbers    (const char   *text,
                                              GError      **error);

G_END_DECLS
