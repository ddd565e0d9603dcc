/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trainer-private.h: the trainer's own kernels, shared by trainer*.c only. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The dual-form iteration for k runs: Z = G C + b, R = sigmoid (Z) - y,
 * C -= lr R / m, b -= lr mean R, with G (m x m) kept padded and aligned so
 * the product runs on whole AVX2 vectors, and its panels of rows shared by
 * the calling thread and one worker when that pays. C is double-buffered,
 * so an iteration needs one fork and one join and no barrier in between.
 * Results are the same to the bit on one thread or two. */
typedef struct _LlDual LlDual;

/* G: m x m, leading dimension m (copied); y: m labels (borrowed); rates: k
 * (borrowed). N_THREADS: cores it may use (>= 1). NULL when out of memory. */
LlDual       *ll_dual_new            (const double *G,
                                      gsize         m,
                                      const double *y,
                                      const double *rates,
                                      guint         k,
                                      guint         n_threads);
void          ll_dual_free           (LlDual       *dual);

/* One whole iteration: decisions, residuals and the update, fused. */
void          ll_dual_step           (LlDual       *dual);
/* Up to MAX_COUNT (and LL_DUAL_STRETCH_MAX) whole iterations, at least
 * one; returns how many. The same bits as as many ll_dual_step () calls,
 * but with two threads the runs are split between them and each side
 * iterates its own without meeting the other until the end. COSTS
 * (count x k, iteration-major) receives the costs ll_dual_costs () would
 * have shown after each step (0 when not tracked); FROZEN_AT[j] the index
 * of the step that froze run j, else G_MAXUINT. */
#define LL_DUAL_STRETCH_MAX 128
guint         ll_dual_steps          (LlDual       *dual,
                                      guint         max_count,
                                      double       *costs,
                                      guint        *frozen_at);
/* The same in two halves, for record points: decisions() is valid after
 * ll_dual_decide() until ll_dual_update() overwrites it with residuals. */
void          ll_dual_decide         (LlDual       *dual);
void          ll_dual_update         (LlDual       *dual);

/* Divergence: an update that would make a run's bias non-finite or the sum
 * of its |coefficients| more than LIMIT (so that w = X C stays finite when
 * LIMIT * max |x| does) is not made, and the run is frozen from then on:
 * its coefficients and bias stay as they are. ll_dual_freeze freezes run J
 * at its current state; frozen() is a k-array of flags. */
void          ll_dual_set_limit      (LlDual       *dual,
                                      double        limit);
void          ll_dual_freeze         (LlDual       *dual,
                                      guint         j);
const gboolean *ll_dual_frozen       (const LlDual *dual);

/* Leading dimension of decisions() and coefficients(): m rounded up to 4. */
gsize         ll_dual_stride         (const LlDual *dual);
const double *ll_dual_decisions      (const LlDual *dual);
const double *ll_dual_coefficients   (const LlDual *dual);
const double *ll_dual_biases         (const LlDual *dual);
/* From now on every step and update also sums the cost of the state it
 * starts from (the decisions are at hand: one vectorised exp per example
 * and one log per run, ll_loss_sum_add ()); FALSE when out of memory. */
gboolean      ll_dual_track_costs    (LlDual       *dual);
/* k mean costs of the state before the last step or update (tracked only). */
const double *ll_dual_costs          (const LlDual *dual);
/* Whether the product runs on two threads (for the benchmark's report). */
guint         ll_dual_threads        (const LlDual *dual);
/* For the tests: the portable C product even where AVX2 is available. */
void          ll_dual_force_portable (LlDual       *dual);

/* W (n x k, leading dimension n) = SCALE * sum_i C[i, j] x_i over m examples
 * of n pixels (example i at pixels + i * n); C has leading dimension LDC. */
void          ll_weights_from_pixels (const guint8 *pixels,
                                      gsize         n,
                                      gsize         m,
                                      double        scale,
                                      const double *C,
                                      gsize         ldc,
                                      guint         k,
                                      double       *W);
/* The same without AVX2 (for the tests). */
void          ll_weights_from_pixels_portable (const guint8 *pixels,
                                               gsize         n,
                                               gsize         m,
                                               double        scale,
                                               const double *C,
                                               gsize         ldc,
                                               guint         k,
                                               double       *W);

G_END_DECLS
