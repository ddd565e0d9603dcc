/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kernels-u8-private.h: the code paths behind kernels-u8.h, so the tests and
 * benchmarks can run each one (the public functions take the best path this
 * CPU runs). */
#pragma once

#include "kernels-u8.h"

G_BEGIN_DECLS

/* ---- the Gram and cross kernels (kernels-gram-u8.c) ---- */

typedef enum {
  LL_KERNEL_PATH_PORTABLE,  /* plain C, any CPU */
  LL_KERNEL_PATH_AVX2,      /* x86-64 with AVX2 */
  LL_KERNEL_PATH_VNNI,      /* x86-64 with AVX-512 VNNI (byte dot products) */
} LlKernelPath;

/* Whether PATH runs on this CPU (the portable path always does). */
gboolean      ll_kernel_path_supported (LlKernelPath  path);

/* The fastest path this CPU runs. */
LlKernelPath  ll_kernel_path_best      (void);

/* ll_gram_u8 and ll_cross_u8 on PATH, which must be supported. */
void          ll_gram_u8_on            (LlKernelPath  path,
                                        const guint8 *X,
                                        gsize         n,
                                        gsize         m,
                                        double        scale,
                                        guint         n_threads,
                                        double       *G);

void          ll_cross_u8_on           (LlKernelPath  path,
                                        const guint8 *A,
                                        gsize         ma,
                                        const guint8 *B,
                                        gsize         mb,
                                        gsize         n,
                                        double        scale,
                                        guint         n_threads,
                                        double       *K);

/* ---- the primal pass (kernels-primal-u8.c) ---- */

/* Whether the primal pass's AVX2+FMA path runs on this CPU. */
gboolean      ll_primal_u8_have_avx2     (void);

/* ll_primal_pass_u8 on the portable path, and on the AVX2 path (the
 * portable one when the CPU lacks AVX2 or FMA); all threads asked for. */
void          ll_primal_pass_u8_portable (const guint8 *X,
                                          gsize         n,
                                          gsize         m,
                                          const double *y,
                                          const double *W,
                                          const double *b,
                                          guint         k,
                                          double        scale,
                                          guint         n_threads,
                                          double       *Z,
                                          double       *dW,
                                          double       *r_sum);

void          ll_primal_pass_u8_avx2     (const guint8 *X,
                                          gsize         n,
                                          gsize         m,
                                          const double *y,
                                          const double *W,
                                          const double *b,
                                          guint         k,
                                          double        scale,
                                          guint         n_threads,
                                          double       *Z,
                                          double       *dW,
                                          double       *r_sum);

/* Makes TEAM's passes take the portable path (for the tests). */
void          ll_primal_team_force_portable (LlPrimalTeam *team);

G_END_DECLS
