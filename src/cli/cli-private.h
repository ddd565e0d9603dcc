/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-private.h: what cli.c shares with the subcommands. */
#pragma once

#include <glib.h>

#include "core/data/scaling.h"
#include "core/data/dataset.h"

G_BEGIN_DECLS

enum {
  LL_CLI_EXIT_OK = 0,
  LL_CLI_EXIT_FAILURE = 1,    /* something that is not the user's input (out of memory) */
  LL_CLI_EXIT_BAD_INPUT = 2,  /* a bad file or argument */
};

/* The subcommands; ARGV[0] is the subcommand's name. */
int         ll_cli_train                (int argc, char **argv);
int         ll_cli_classify             (int argc, char **argv);
int         ll_cli_sweep                (int argc, char **argv);
int         ll_cli_landscape            (int argc, char **argv);
int         ll_cli_step                 (int argc, char **argv);

/* Prints "logistic-lab: MESSAGE" on stderr as one line (newlines in the
 * message become spaces) and returns LL_CLI_EXIT_BAD_INPUT. */
int         ll_cli_fail                 (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Writes TEXT to stdout as UTF-8 bytes, unconverted, and flushes. A write
 * error makes the program exit 1 at its end, naming the reason; a closed
 * pipe ends it at once by SIGPIPE (cli-output.c). */
void        ll_cli_print                (const char *text);

/* Called first by ll_cli_main: holds closed standard descriptors, restores
 * SIGPIPE and checks the final flush and close of stdout at exit. */
void        ll_cli_output_begin         (void);

/* The "Exit status: ..." paragraph of every --help. */
const char *ll_cli_exit_status_help     (void);

/* Parses ARGV with CONTEXT (help goes to stdout and exits 0). On success
 * returns the positional arguments left (NULL-terminated, maybe empty);
 * on a parse error prints one line and returns NULL. */
GStrv       ll_cli_parse_options        (GOptionContext *context,
                                         int             argc,
                                         char          **argv);

/* Strict parsers for option values. OPTION is the option's name as typed,
 * for the messages ("--iterations: '0' is less than 1"). */
gboolean    ll_cli_parse_positive_double (const char *option, const char *text,
                                          double *out, GError **error);
/* A comma-separated list of learning rates (positive finite numbers), read
 * by the app's parser (ll_run_config_parse_rates), named by OPTION. */
GArray     *ll_cli_parse_positive_list   (const char *option, const char *text,
                                          GError **error);
gboolean    ll_cli_parse_count           (const char *option, const char *text,
                                          guint minimum, guint maximum,
                                          guint *out, GError **error);
/* "WxH", each side 1 ... LL_IMAGE_MAX_SIDE. */
gboolean    ll_cli_parse_size            (const char *option, const char *text,
                                          guint *width, guint *height, GError **error);

/* The dataset options every subcommand shares (--dataset, --classes,
 * --label, --test-file, --test-fraction, --image-size; cli-task.c). */
typedef struct {
  /* As typed: */
  char *dataset;            /* NULL: the built-in one */
  char *classes;            /* "POS[,NEG]" or NULL */
  char *label;              /* tables: the label column, NULL = the last */
  char *test_file;          /* tables: a separate test table */
  char *test_fraction_text;
  char *image_size_text;
  char *scaling_text;
  /* Set by ll_cli_dataset_options_check: */
  LlScalingSpec scaling;
  double test_fraction;
  guint image_width;        /* image folders: 0 = the first image's size */
  guint image_height;
} LlCliDatasetOptions;

void        ll_cli_dataset_options_clear (LlCliDatasetOptions *options);
/* Adds the options to GROUP, a subcommand's main group: --help lists them
 * with the subcommand's own. */
void        ll_cli_dataset_add_entries   (GOptionGroup *group, LlCliDatasetOptions *options);
/* The option context of subcommand NAME: the dataset options (DATA, may be
 * NULL) and ENTRIES in one main group whose callbacks get OPTIONS, the
 * SUMMARY above and the exit statuses below, translated. */
GOptionContext *ll_cli_command_context   (const char          *name,
                                          const GOptionEntry  *entries,
                                          gpointer             options,
                                          LlCliDatasetOptions *data,
                                          const char          *summary);
/* Parses the values given as text: call before any work. */
gboolean    ll_cli_dataset_options_check (LlCliDatasetOptions *options, GError **error);
/* The binary task the options name: the dataset loaded, its class pair
 * picked and its features scaled. SCALING (optional) gets the fitted
 * scaling, WARNING (optional) a plain-words warning when the scaled
 * features are out of proportion (NULL when fine). */
LlDataset  *ll_cli_load_dataset_task     (const LlCliDatasetOptions *options,
                                          LlScaling **scaling, char **warning, GError **error);

/* The one-line failure for a task's error (cli-task.c). */
int         ll_cli_fail_task             (const GError *error);
/* Any finite number, and a comma-separated list of them (--initial-w). */
gboolean    ll_cli_parse_number          (const char *option, const char *text,
                                          double *out, GError **error);
GArray     *ll_cli_parse_number_list     (const char *option, const char *text,
                                          GError **error);
/* --initial-w has one number per feature of TASK; else fails in one line. */
gboolean    ll_cli_check_initial_w       (const GArray *initial_w, const LlDataset *task);

G_END_DECLS
