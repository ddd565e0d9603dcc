/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vmath-private.h: both paths of each vmath.h kernel, callable directly so
 * the tests and the benchmark can compare them on any CPU. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Plain C, no FMA: runs everywhere and is the reference for the AVX2 path. */
void    ll_vexp_portable                (const double *x,
                                         double       *out,
                                         gsize         count);
void    ll_vsigmoid_portable            (const double *z,
                                         double       *out,
                                         gsize         count);
double  ll_vsigmoid_residual_portable   (const double *z,
                                         const double *y,
                                         double       *r,
                                         gsize         count);
double  ll_vlogistic_loss_sum_portable  (const double *z,
                                         const double *y,
                                         gsize         count);


#if defined(__x86_64__) || defined(__i386__)
#define LL_VMATH_HAVE_AVX2_PATH 1

/* AVX2+FMA versions: call them only when ll_vmath_have_avx2 (). */
void    ll_vexp_avx2                    (const double *x,
                                         double       *out,
                                         gsize         count);
void    ll_vsigmoid_avx2                (const double *z,
                                         double       *out,
                                         gsize         count);
double  ll_vsigmoid_residual_avx2       (const double *z,
                                         const double *y,
                                         double       *r,
                                         gsize         count);
double  ll_vlogistic_loss_sum_avx2      (const double *z,
                                         const double *y,
                                         gsize         count);
#else
#define LL_VMATH_HAVE_AVX2_PATH 0
#endif

G_END_DECLS
