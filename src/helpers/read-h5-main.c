/* SPDX-License-Identifier: GPL-3.0-or-later */
/* read-h5-main.c: `logistic-lab-read-h5 --read-h5 PATH`, the limited child
 * that reads an .h5 pair (core/data/dataset-h5-helper.h): libhdf5 crashes on
 * some files, and only this program links it. */
#include "config.h"

#include "core/data/dataset-h5-helper.h"
#include "program-locale.h"

int
main (int    argc,
      char **argv)
{
  /* First, so the reader's messages are translated. */
  ll_program_init_locale ();
  return ll_dataset_h5_helper_main (argc, argv);
}
