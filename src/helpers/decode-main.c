/* SPDX-License-Identifier: GPL-3.0-or-later */
/* decode-main.c: `logistic-lab-decode --decode-helper PATH CHANNELS`, the
 * limited child that decodes one image (core/data/decode-helper.h). It is
 * spawned for every image, so it links GLib and stb only. */
#include "config.h"

#include "core/data/decode-helper.h"
#include "program-locale.h"

int
main (int    argc,
      char **argv)
{
  /* First, so its reasons ("not a PNG, JPEG or BMP image") are translated. */
  ll_program_init_locale ();
  return ll_decode_helper_main (argc, argv);
}
