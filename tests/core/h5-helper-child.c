/* SPDX-License-Identifier: GPL-3.0-or-later */
/* h5-helper-child.c: a stand-in for `logistic-lab --read-h5` in the .h5
 * helper's tests. It is the real reader, except that a folder named after
 * a misbehaviour (hang-*, spin-*, crash-in-test-*, garbage-*, truncated-*,
 * extra-*, badlabel-*) makes it misbehave on purpose, so that the parent's
 * handling of each failure can be tested. The mode travels in the path, as
 * in decode-helper-child.c: the parent spawns with its own environment. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib.h>

#include "core/data/dataset-h5-helper.h"

static void
write_or_die (const void *data,
              gsize       size)
{
  if (write (STDOUT_FILENO, data, size) != (ssize_t) size)
    exit (4);
}

/* The real reader's reply for ARGV (a toy pair: it fits in a 1 MiB pipe;
 * no file, the parent forbids file writes), as bytes. */
static GByteArray *
real_reply (int    argc,
            char **argv)
{
  GByteArray *reply = g_byte_array_new ();
  int saved = dup (STDOUT_FILENO);
  int pipe_fds[2];
  guint8 chunk[65536];
  ssize_t n;

  if (saved < 0 || pipe (pipe_fds) != 0 || fcntl (pipe_fds[1], F_SETPIPE_SZ, 1 << 20) < 0
      || dup2 (pipe_fds[1], STDOUT_FILENO) < 0)
    exit (5);
  close (pipe_fds[1]);
  ll_dataset_h5_helper_main (argc, argv);
  dup2 (saved, STDOUT_FILENO);  /* closes the pipe's last write end */
  while ((n = read (pipe_fds[0], chunk, sizeof chunk)) > 0)
    g_byte_array_append (reply, chunk, (guint) n);
  close (pipe_fds[0]);
  close (saved);
  return reply;
}

typedef enum {
  MODE_REAL,
  MODE_HANG,
  MODE_SPIN,
  MODE_CRASH_IN_TEST,
  MODE_GARBAGE,
  MODE_TRUNCATED,
  MODE_EXTRA,
  MODE_BADLABEL,
} Mode;

/* The misbehaviour the folder's name asks for. */
static Mode
mode_of (const char *folder)
{
  static const char *const prefixes[] = {
    [MODE_HANG] = "hang", [MODE_SPIN] = "spin", [MODE_CRASH_IN_TEST] = "crash-in-test",
    [MODE_GARBAGE] = "garbage", [MODE_TRUNCATED] = "truncated", [MODE_EXTRA] = "extra",
    [MODE_BADLABEL] = "badlabel",
  };
  g_autofree char *base = g_path_get_basename (folder);

  for (Mode mode = MODE_HANG; mode < G_N_ELEMENTS (prefixes); mode++)
    if (g_str_has_prefix (base, prefixes[mode]))
      return mode;
  return MODE_REAL;
}

/* As the real reader would: announce the second file of FOLDER, then die. */
static void
crash_in_test (const char *folder)
{
  g_autofree char *test = g_build_filename (folder, "test_toy.h5", NULL);
  guint8 header[LL_H5_HEADER_BYTES] = { 'L', 'L', 'H', '5', 1, 0, 0, 0, LL_H5_RECORD_FILE };

  header[16] = (guint8) strlen (test);
  write_or_die (header, sizeof header);
  write_or_die (test, strlen (test));
  raise (SIGSEGV);
}

int
main (int argc, char **argv)
{
  Mode mode = argc == 3 ? mode_of (argv[2]) : MODE_REAL;
  g_autoptr (GByteArray) reply = NULL;
  volatile guint64 spins = 0;

  switch (mode)
    {
    case MODE_HANG:
      for (;;)
        pause ();
    case MODE_SPIN:
      for (;;)
        spins++;
    case MODE_CRASH_IN_TEST:
      crash_in_test (argv[2]);
      return 6;
    case MODE_GARBAGE:
      write_or_die ("hello, parent", 13);
      return 0;
    case MODE_TRUNCATED:
    case MODE_EXTRA:
    case MODE_BADLABEL:
      reply = real_reply (argc, argv);
      if (mode == MODE_TRUNCATED)
        g_byte_array_set_size (reply, reply->len - 1);
      else if (mode == MODE_EXTRA)
        g_byte_array_append (reply, (const guint8 *) "!", 1);
      else
        reply->data[reply->len - 1] = 200;  /* the last test label: no such class */
      write_or_die (reply->data, reply->len);
      return 0;
    case MODE_REAL:
    default:
      return ll_dataset_h5_helper_main (argc, argv);
    }
}
