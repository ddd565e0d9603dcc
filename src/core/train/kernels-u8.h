/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kernels-u8.h: the trainer's heavy products, reading 8-bit pixels directly.
 *
 * Image features are pixel / 255. Reading the uint8 pixels instead of a
 * float64 copy moves 8x fewer bytes (all of Fashion-MNIST's training pixels,
 * 9.4 MB, stay in the L3 cache), and pixel products are small integers, so
 * the Gram matrix is computed exactly in integer arithmetic and scaled once.
 *
 * Layout: example i's n pixels are contiguous at X + i * n (the dataset's own
 * layout, LlSplit.pixels). Matrices of doubles are column-major.
 * Each function uses up to N_THREADS threads (the caller passes how many
 * cores it may use; 1 = the calling thread only) and has a portable C path
 * and an AVX2 path chosen at run time. No globals, no printing. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* G (m x m, both triangles, leading dimension m) = SCALE^2 * X^T X, where
 * X^T X is summed exactly in integers (int32 per block, int64 across blocks,
 * so any n up to 2^31 is exact) and then scaled: G[i + j m] =
 * (double) dot_int (x_i, x_j) * (SCALE * SCALE). */
void    ll_gram_u8             (const guint8 *X,
                                gsize         n,
                                gsize         m,
                                double        scale,
                                guint         n_threads,
                                double       *G);

/* K (ma x mb, leading dimension ma) = SCALE^2 * A^T B for A (ma examples)
 * and B (mb examples) of n pixels each, exact in integers as above. Used for
 * the test kernel X_test^T X_train. */
void    ll_cross_u8            (const guint8 *A,
                                gsize         ma,
                                const guint8 *B,
                                gsize         mb,
                                gsize         n,
                                double        scale,
                                guint         n_threads,
                                double       *K);

/* One fused primal pass for k runs (k <= 8) over m examples of n pixels:
 *   z[i + j m]  = SCALE * x_i . W[:, j] + b[j]
 *   r           = sigmoid (z) - y[i]
 *   dW[:, j]    = (1/m) sum_i r_ij * SCALE * x_i
 *   r_sum[j]    = sum_i r_ij
 * W and dW are n x k (leading dimension n). When Z is non-NULL it receives
 * z (m x k) before the sigmoid (the trainer needs it at record points for the
 * cost and accuracy). Every pixel is read once per pass (the two products
 * share it while it is in cache). Result equals the two-dgemm formulation to
 * rounding (summation order differs). */
void    ll_primal_pass_u8      (const guint8 *X,
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

/* The primal pass's threads and scratch, kept from pass to pass: a
 * training job makes a pass every few milliseconds, and starting a thread
 * and allocating the buffers for each cost a tenth of one. The helper
 * threads (N_THREADS - 1 at most) start at the first pass that needs them
 * and wait between passes, spinning briefly, then asleep. One thread at a
 * time may pass with a team. */
typedef struct _LlPrimalTeam LlPrimalTeam;

LlPrimalTeam *ll_primal_team_new  (guint         n_threads);
void          ll_primal_team_free (LlPrimalTeam *team);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlPrimalTeam, ll_primal_team_free)

/* ll_primal_pass_u8 on TEAM's threads (its N_THREADS): the same bits. */
void    ll_primal_pass_u8_with (LlPrimalTeam *team,
                                const guint8 *X,
                                gsize         n,
                                gsize         m,
                                const double *y,
                                const double *W,
                                const double *b,
                                guint         k,
                                double        scale,
                                double       *Z,
                                double       *dW,
                                double       *r_sum);
/* Z (m x k) = scale X^T W + b only, on the calling thread: the same bits
 * as the Z of ll_primal_pass_u8_with, without its gradients (the test
 * set's decisions: the pass's gradient scratch, untouched, costs a page
 * fault every 4 KiB in a fresh process). */
void    ll_primal_decide_u8_with (LlPrimalTeam *team,
                                  const guint8 *X,
                                  gsize         n,
                                  gsize         m,
                                  const double *W,
                                  const double *b,
                                  guint         k,
                                  double        scale,
                                  double       *Z);
/* ll_primal_pass_u8_with that also leaves each run's mean cost over the
 * examples in COSTS (k), summed from the sigmoid's own exps as
 * ll_vsigmoid_residual_loss () does, part by part in a fixed order: the
 * trainer's cost of every iteration without a second, serial sweep over Z
 * between passes. The other outputs' bits are unchanged. */
void    ll_primal_pass_u8_costs (LlPrimalTeam *team,
                                 const guint8 *X,
                                 gsize         n,
                                 gsize         m,
                                 const double *y,
                                 const double *W,
                                 const double *b,
                                 guint         k,
                                 double        scale,
                                 double       *Z,
                                 double       *dW,
                                 double       *r_sum,
                                 double       *costs);

G_END_DECLS
