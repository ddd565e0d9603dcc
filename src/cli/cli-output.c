/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-output.c: standard output as a careful command-line tool keeps it
 * (what GNU's close_stdout does): a write error is a failure with one line
 * on stderr and exit status 1; a reader that went away (`| head -1`) ends
 * the program quietly by SIGPIPE, as it ends `cat`, whatever the parent
 * left that signal set to. */
#include "config.h"

#include "cli-private.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The first error writing stdout, 0 while there is none. */
static int stdout_errno;

static void
die_quietly_by_sigpipe (void)
{
  signal (SIGPIPE, SIG_DFL);
  raise (SIGPIPE);
  _exit (LL_CLI_EXIT_FAILURE);  /* SIGPIPE blocked: still end, still quietly */
}

static void
note_stdout_error (int error_number)
{
  if (error_number == EPIPE)
    die_quietly_by_sigpipe ();
  if (stdout_errno == 0)
    stdout_errno = error_number != 0 ? error_number : EIO;
}

/* At exit, after everything (GOption's --help included) has written:
 * flush and close stdout, and fail if any of it did not reach its place. */
static void
close_stdout_at_exit (void)
{
  if (fflush (stdout) != 0)
    note_stdout_error (errno);
  else if (ferror (stdout))
    note_stdout_error (EIO);
  if (fclose (stdout) != 0)
    note_stdout_error (errno);
  if (stdout_errno == 0)
    return;
  fprintf (stderr, "logistic-lab: ");
  /* Translators: %s is the system's reason, "No space left on device" */
  fprintf (stderr, _("cannot write to standard output: %s"), g_strerror (stdout_errno));
  fputc ('\n', stderr);
  _exit (LL_CLI_EXIT_FAILURE);
}

/* A closed 0, 1 or 2 would be taken by the next file opened (an export
 * would then receive the printed text): hold each with /dev/null, opened
 * read-only for stdout so that writing there still fails (EBADF), as it
 * would have on the closed descriptor. */
static void
hold_closed_standard_fds (void)
{
  static const int flags[] = { O_RDONLY, O_RDONLY, O_WRONLY };

  /* In order: with 0 .. fd-1 open, open() returns fd itself. */
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl (fd, F_GETFD) == -1 && errno == EBADF && open ("/dev/null", flags[fd]) != fd)
      return;
}

void
ll_cli_print (const char *text)
{
  if (fputs (text, stdout) == EOF || fflush (stdout) != 0)
    note_stdout_error (errno);
}

/* g_print (GOption's --help) goes the same way, so its errors keep their reason. */
static void
print_handler (const char *text)
{
  ll_cli_print (text);
}

void
ll_cli_output_begin (void)
{
  hold_closed_standard_fds ();
  signal (SIGPIPE, SIG_DFL);
  g_set_print_handler (print_handler);
  atexit (close_stdout_at_exit);
}
