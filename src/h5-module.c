/* SPDX-License-Identifier: GPL-3.0-or-later */
/* h5-module.c: the .h5 reader as the module `logistic-lab --read-h5` loads
 * (see main.c): only the limited child links HDF5, never the launcher. */
#include "config.h"

#include <gmodule.h>

#include "core/data/dataset-h5-helper.h"

G_MODULE_EXPORT int ll_module_main (int argc, char **argv);

int
ll_module_main (int    argc,
                char **argv)
{
  return ll_dataset_h5_helper_main (argc, argv);
}
