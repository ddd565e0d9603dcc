/* cli-private.h: what cli.c shares with the subcommands. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

enum {
  LL_CLI_EXIT_OK = 0,
  LL_CLI_EXIT_FAILURE = 1,    /* something that is not the user's input (out of memory) */
  LL_CLI_EXIT_BAD_INPUT = 2,  /* a bad file or argument */
};

/* The subcommands; ARGV[0] is the subcommand's name. */
int         ll_cli_train                (int argc, char **argv);
int         ll_cli_classify             (int argc, char **argv);

/* Prints "logistic-lab: MESSAGE" on stderr as one line (newlines in the
 * message become spaces) and returns LL_CLI_EXIT_BAD_INPUT. */
int         ll_cli_fail                 (const char *format, ...) G_GNUC_PRINTF (1, 2);

/* Writes TEXT to stdout as UTF-8 bytes, unconverted, and flushes. */
void        ll_cli_print                (const char *text);

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

G_END_DECLS
