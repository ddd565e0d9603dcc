/* SPDX-License-Identifier: GPL-3.0-or-later */
/* decode-helper-child.c: a stand-in for `logistic-lab --decode-helper` in
 * the decode-helper tests. It is the real helper, except that an image file
 * named after a misbehaviour (crash.png, hang.png, ...) makes it misbehave
 * on purpose, so the parent's handling of each failure can be tested. The
 * mode travels in the file name rather than the environment because the
 * parent spawns with its own environment and setenv is not thread-safe. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "core/data/decode-helper.h"

static void
write_or_die (const void *data,
              gsize       size)
{
  if (write (STDOUT_FILENO, data, size) != (ssize_t) size)
    exit (4);
}

int
main (int argc, char **argv)
{
  g_autofree char *base = argc == 4 ? g_path_get_basename (argv[2]) : NULL;

  if (base != NULL && g_str_has_prefix (base, "crash"))
    raise (SIGSEGV);
  else if (base != NULL && g_str_has_prefix (base, "hang"))
    for (;;)
      pause ();
  else if (base != NULL && g_str_has_prefix (base, "spin"))
    {
      volatile guint64 n = 0;

      for (;;)
        n++;
    }
  else if (base != NULL && g_str_has_prefix (base, "hog"))
    {
      /* 1 GiB is over the test's memory limit: malloc must fail. */
      static const char refused[] = "the allocation was refused\n";
      guint8 *block = malloc (G_GUINT64_CONSTANT (1) << 30);

      if (block != NULL)
        {
          memset (block, 1, 4096);
          free (block);
          return 0;
        }
      if (write (STDERR_FILENO, refused, sizeof refused - 1) < 0)
        return 5;
      return 42;
    }
  else if (base != NULL && g_str_has_prefix (base, "garbage"))
    {
      write_or_die ("hello, parent", 13);
      return 0;
    }
  else if (base != NULL && g_str_has_prefix (base, "lie"))
    {
      /* A good header for 4x4 RGB, then too few pixels. */
      static const guint8 header[24] = { 'L', 'L', 'D', 'H', 1, 0, 0, 0, 0, 0, 0, 0,
                                         4, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 0 };

      write_or_die (header, sizeof header);
      write_or_die ("0123456789", 10);
      return 0;
    }
  else if (base != NULL && g_str_has_prefix (base, "flood"))
    {
      static const guint8 block[65536];

      for (;;)
        write_or_die (block, sizeof block);
    }
  else if (base != NULL && g_str_has_prefix (base, "fail"))
    {
      static const char complaint[] = "something went wrong in here\nsecond line\n";

      if (write (STDERR_FILENO, complaint, sizeof complaint - 1) < 0)
        return 5;
      return 7;
    }

  return ll_decode_helper_main (argc, argv);
}
