/* SPDX-License-Identifier: GPL-3.0-or-later */
/* helper-program.h: find the package's other programs (the command line,
 * the window, the limited-child helpers) relative to the running one, the
 * way git finds its helpers in libexec/git-core: so a `meson install
 * --destdir` tree or a moved prefix works, and no build path is compiled in. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The programs `logistic-lab` runs, installed in <libexecdir>/logistic-lab
 * (src/meson.build). */
#define LL_PROGRAM_CLI       "logistic-lab-cli"
#define LL_PROGRAM_CLI_PLOT  "logistic-lab-cli-plot"
#define LL_PROGRAM_GUI       "logistic-lab-gui"
#define LL_PROGRAM_DECODE    "logistic-lab-decode"
#define LL_PROGRAM_READ_H5   "logistic-lab-read-h5"

/* A part the running program leaves to another of the package's programs:
 * the lean `logistic-lab` (no GIO: src/cli-lean.c) then runs
 * logistic-lab-cli with the same arguments. */
#define LL_PROGRAM_ERROR (ll_program_error_quark ())
typedef enum {
  LL_PROGRAM_ERROR_ELSEWHERE,
} LlProgramError;

GQuark      ll_program_error_quark   (void);

/* The environment variable naming a folder to look in last, for programs
 * that are neither installed nor in src/ of the build tree (the tests). */
#define LL_PROGRAM_DIR_ENV   "LL_PROGRAM_DIR"

/* The absolute path of the package's program NAME: beside the running
 * program (the libexec folder, or the build tree's src/), else in the
 * libexec folder seen from the bindir (the installed launcher), else in
 * $LL_PROGRAM_DIR. NULL with G_FILE_ERROR_NOENT naming where it looked. */
char       *ll_helper_program_find   (const char  *name,
                                      GError     **error);

G_END_DECLS
