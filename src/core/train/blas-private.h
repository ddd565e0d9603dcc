/* SPDX-License-Identifier: GPL-3.0-or-later */
/* blas-private.h: the BLAS calls of the float64 trainer, OpenBLAS loaded on
 * first use.
 *
 * The 8-bit pixel path (the CLI, the app) makes no BLAS call, and loading
 * libopenblas with libgfortran and libquadmath costs ~3 ms of every process
 * start; so nothing links it: ll_blas_load() dlopens it the first time a
 * float64 job needs it. The ll_blas_* calls take cblas_*'s arguments and
 * may be made only after ll_blas_load() returned TRUE. */
#pragma once

#include <glib.h>
#include <cblas.h>  /* the prototypes and enums only: nothing links OpenBLAS */

G_BEGIN_DECLS

/* The library we load: Debian's libopenblas0 provides it (an alternative
 * among its pthread, openmp and serial builds). */
#define LL_BLAS_LIBRARY "libopenblas.so.0"

/* Loads OpenBLAS once per process (thread-safe); later calls return the
 * first outcome. FALSE with "cannot load OpenBLAS (libopenblas.so.0): why". */
gboolean  ll_blas_load   (GError **error);

/* The same load from LIBRARY, cached nowhere: for the tests of the failure
 * messages. A library that loads stays loaded. */
gboolean  ll_blas_try_library (const char  *library,
                               GError     **error);

void      ll_blas_dgemm  (CBLAS_ORDER order, CBLAS_TRANSPOSE trans_a, CBLAS_TRANSPOSE trans_b,
                          int m, int n, int k,
                          double alpha, const double *a, int lda, const double *b, int ldb,
                          double beta, double *c, int ldc);
void      ll_blas_dgemv  (CBLAS_ORDER order, CBLAS_TRANSPOSE trans,
                          int m, int n,
                          double alpha, const double *a, int lda, const double *x, int incx,
                          double beta, double *y, int incy);
void      ll_blas_dsyrk  (CBLAS_ORDER order, CBLAS_UPLO uplo, CBLAS_TRANSPOSE trans,
                          int n, int k,
                          double alpha, const double *a, int lda,
                          double beta, double *c, int ldc);
void      ll_blas_daxpy  (int n, double alpha, const double *x, int incx, double *y, int incy);

G_END_DECLS
