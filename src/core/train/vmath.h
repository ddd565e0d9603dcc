/* SPDX-License-Identifier: GPL-3.0-or-later */
/* vmath.h: float64 array kernels for the trainer's inner loops.
 *
 * Each function has a portable C version and an AVX2+FMA version chosen once
 * at run time (__builtin_cpu_supports), so one Debian build runs everywhere
 * and is fast where the CPU allows. Results agree with the scalar
 * ll_sigmoid()/ll_logistic_loss() of model.c to within 2 ulp per element
 * (tested), so printed costs do not change. Stable at any z: never overflow,
 * never NaN for finite input. No globals except the one-time dispatch
 * pointer (set race-free: every thread computes the same value). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* OUT[i] = 1 / (1 + e^-Z[i]). OUT may equal Z. */
void    ll_vsigmoid            (const double *z,
                                double       *out,
                                gsize         count);

/* R[i] = sigmoid (Z[i]) - Y[i]; returns the sum of R (plain summation in
 * index order is fine: it feeds db). R may equal Z. */
double  ll_vsigmoid_residual   (const double *z,
                                const double *y,
                                double       *r,
                                gsize         count);

/* Sum over i of log(1 + e^Z[i]) - Y[i] Z[i], computed as
 * max(z, 0) + log1p(e^-|z|) - y z, with a compensated (Neumaier) sum so the
 * mean of 209 equal terms is ln 2 to the last bit. */
double  ll_vlogistic_loss_sum  (const double *z,
                                const double *y,
                                gsize         count);

/* The logistic loss's sum the cheap way, for the cost of every iteration:
 * sum of max(z, 0) - y z plus log (prod (1 + e^-|z|)), the product
 * renormalised by its exponent, so one log serves a whole range instead of
 * a log1p per example. Absolute error a few ulp of 1 per example (the
 * log1p of an e^-|z| below 1e-16 is lost), against ll_vlogistic_loss_sum's
 * compensated one: 1e-15 on a mean cost of the course's data. Sums of
 * parts (the dual iteration's panels) merge in a fixed order. */
typedef struct {
  double linear;
  double product;     /* below 2^756, renormalised into exponent now and then */
  int exponent;
} LlLossSum;

#define LL_LOSS_SUM_INIT { 0.0, 1.0, 0 }

void    ll_loss_sum_add        (LlLossSum    *sum,
                                const double *z,
                                const double *y,
                                gsize         count);
/* ll_vsigmoid_residual () that also adds Z's loss to LOSS from the same
 * exps (the residuals' bits unchanged): a multiply-add or two per example. */
double  ll_vsigmoid_residual_loss (const double *z,
                                   const double *y,
                                   double       *r,
                                   gsize         count,
                                   LlLossSum    *loss);
void    ll_loss_sum_merge      (LlLossSum       *sum,
                                const LlLossSum *part);
double  ll_loss_sum_value      (const LlLossSum *sum);

/* TRUE when this CPU (and OS) can run AVX2+FMA code; FALSE where no AVX2
 * path is compiled in. The one run-time check every AVX2+FMA kernel of the
 * core dispatches on (computed once). */
gboolean ll_vmath_have_avx2    (void);

/* The same exp the kernels use, element-wise (exposed for the tests). */
void    ll_vexp                (const double *x,
                                double       *out,
                                gsize         count);

G_END_DECLS
