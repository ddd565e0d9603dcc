/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-h5-plain.c: the in-process reader of plain .h5 files on hostile bytes.
 *
 * Unlike libhdf5, this reader runs in the program itself, so it must never
 * read outside the input (ASan, UBSan) and never read a file differently
 * from libhdf5: whatever it accepts is also read through libhdf5
 * (ll_h5_read_split_file) and must come out the same, to the byte. A file
 * libhdf5 refuses, or crashes on, after the plain reader accepted it is a
 * failure of the plain reader's checks. */
#include "config.h"

#include "fuzz-common.h"
#include "core/data/dataset-h5-plain.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_auto (LlH5Split) plain = { 0 };
  g_auto (LlH5Split) reference = { 0 };
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  gsize n_pixels;

  if (!ll_h5_plain_read_memory (data, size, "train", &plain))
    return 0;
  path = ll_fuzz_write_file ("train_fuzz.h5", data, size);
  /* abort (), not g_error (): libFuzzer keeps the input of a SIGABRT, not
   * of g_error's SIGTRAP. */
  if (!ll_h5_read_split_file (path, "train", &reference, &error))
    {
      fprintf (stderr, "the plain reader read a file libhdf5 refuses: %s\n", error->message);
      abort ();
    }
  g_assert_cmpuint (plain.count, ==, reference.count);
  g_assert_cmpuint (plain.height, ==, reference.height);
  g_assert_cmpuint (plain.width, ==, reference.width);
  g_assert_cmpuint (plain.channels, ==, reference.channels);
  n_pixels = plain.count * plain.height * plain.width * plain.channels;
  g_assert_cmpmem (plain.pixels, n_pixels, reference.pixels, n_pixels);
  g_assert_cmpmem (plain.labels, plain.count, reference.labels, reference.count);
  g_assert_cmpint (plain.class_names != NULL, ==, reference.class_names != NULL);
  if (plain.class_names != NULL)
    g_assert_true (g_strv_equal ((const char * const *) plain.class_names,
                                 (const char * const *) reference.class_names));
  return 0;
}
