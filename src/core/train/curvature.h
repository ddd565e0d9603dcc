/* SPDX-License-Identifier: GPL-3.0-or-later */
/* curvature.h: the cost's curvature, exactly enough to say which learning
 * rates are stable (issue 17).
 *
 * The cost J(w, b) = mean(log(1 + e^z) - y z), z = w^T x + b, has the Hessian
 *   H(w, b) = (1/m) X~ D X~^T,  D = diag(a (1 - a)),  a = sigmoid(z),
 * with X~ the (n + 1) x m features with a row of ones (the bias). At w = 0,
 * b = 0 every a is 1/2, so H = (1/4m) X~ X~^T, and a gradient step from the
 * start is stable only for lr < 2 / L, L = its largest eigenvalue.
 *
 * The largest eigenvalue is found by Lanczos with full reorthogonalisation
 * on the smaller side: when m <= n the m x m matrix
 * (1/m) D^1/2 (G + 1 1^T) D^1/2 (G = X^T X, exact in integers for pixels)
 * has the same nonzero spectrum; otherwise H itself, matrix-free (two
 * passes over the data per product). Lanczos stops when the Ritz pair's
 * residual ||H y - theta y|| (= beta_k |s_k|, which bounds the distance from
 * theta to an eigenvalue of H) is at most rel_tol * theta.
 *
 * No globals, no printing; safe on any thread. */
#pragma once

#include <glib.h>
#include "trainer.h"

G_BEGIN_DECLS

/* out = A in for a symmetric A of the dimension given with it. */
typedef void (*LlSymmetricApply) (const double *in,
                                  double       *out,
                                  gpointer      user_data);

typedef struct {
  double value;        /* the largest Ritz value: <= the largest eigenvalue */
  double residual;     /* ||A y - value y||: an eigenvalue lies within it */
  guint products;      /* matrix-vector products used */
  gboolean converged;  /* residual <= rel_tol * |value| (or an invariant subspace was found) */
} LlEigenEstimate;

/* The largest eigenvalue of the DIM x DIM symmetric operator APPLY by
 * Lanczos with full reorthogonalisation, from VECTOR (DIM values, any
 * non-zero start; a zero one is replaced by a fixed generic vector), which
 * receives the unit Ritz vector: pass it back to warm-start the next call on
 * a nearby operator. At most MAX_PRODUCTS products (0 = as many as needed;
 * capped at DIM and at 300 a call: call again to restart from the vector). */
LlEigenEstimate ll_lanczos_largest  (LlSymmetricApply  apply,
                                     gpointer          user_data,
                                     gsize             dim,
                                     double           *vector,
                                     double            rel_tol,
                                     guint             max_products);

/* All eigenvalues of the symmetric N x N matrix A (column-major, both
 * triangles; destroyed) by cyclic Jacobi rotations, into VALUES (N,
 * descending), and the unit eigenvectors as the columns of VECTORS (N x N)
 * when it is not NULL. Accurate to a few ulp of the largest |eigenvalue|;
 * O(N^3) per sweep: for small matrices (the Lanczos tridiagonal, a PCA of
 * a few dozen points, the tests' reference). */
void            ll_symmetric_eigen  (double *A,
                                     gsize   n,
                                     double *values,
                                     double *vectors);

/* The Hessian of the cost on DATA's training set, with the work that does
 * not depend on (w, b) done once (the Gram matrix when m <= n), and the
 * last eigenvector kept for a warm start. DATA is borrowed and must outlive
 * it. N_THREADS: cores for the Gram product (0 = all). */
typedef struct _LlSharpness LlSharpness;

LlSharpness    *ll_sharpness_new    (const LlTrainData *data,
                                     guint              n_threads,
                                     GError           **error);
void            ll_sharpness_free   (LlSharpness       *sharpness);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlSharpness, ll_sharpness_free)

/* The largest eigenvalue of H(w, b) (the sharpness); W NULL means w = 0.
 * Warm-started from the previous call's vector, so along a training run a
 * few products suffice: rel_tol 1e-3 with max_products 10 is the cheap
 * setting for record points, rel_tol 1e-6 with max_products 0 (= no cap)
 * the exact one. ESTIMATE (optional) receives the details. */
double          ll_sharpness_at     (LlSharpness       *sharpness,
                                     const double      *w,
                                     double             b,
                                     double             rel_tol,
                                     guint              max_products,
                                     LlEigenEstimate   *estimate);

/* The same from the training probabilities a = sigmoid(w^T x + b) (m
 * values) instead of (w, b): what the trainer's record points already hold
 * (LlProgress.train_probabilities), so no pass over the data is needed and
 * a warm-started call on the Gram side costs a few m^2 products. */
double          ll_sharpness_at_probabilities (LlSharpness     *sharpness,
                                               const double    *probabilities,
                                               double           rel_tol,
                                               guint            max_products,
                                               LlEigenEstimate *estimate);

/* The length of a warm-start vector: m on the Gram side, n + 1 otherwise. */
gsize           ll_sharpness_get_dim (LlSharpness     *sharpness);

/* ll_sharpness_at_probabilities with the caller's warm-start VECTOR
 * (ll_sharpness_get_dim () values; zeros = a fixed generic start), which
 * receives the Ritz vector: several runs share one LlSharpness (one Gram
 * matrix) and each keeps its own vector. */
double          ll_sharpness_at_probabilities_from (LlSharpness     *sharpness,
                                                    const double    *probabilities,
                                                    double          *vector,
                                                    double           rel_tol,
                                                    guint            max_products,
                                                    LlEigenEstimate *estimate);

/* L, the largest eigenvalue of the Hessian at w = 0, b = 0, to relative
 * error <= 1e-6 (Lanczos restarted until its residual bound says so; on the
 * cat data one run of 5 products): 2 / L is the largest learning rate that is stable at the
 * start. 0 with ERROR set when the data are unusable. */
double          ll_curvature_at_zero (const LlTrainData *data,
                                      guint              n_threads,
                                      GError           **error);
/* The same value, to the bit, from DATA's Gram matrix GRAM = X^T X
 * (m_train x m_train, both triangles) that the caller already has (the
 * dual trainer): no second product over the data. GRAM is read only where
 * the m x m form applies (m_train <= n_features + 1, at most 4096). */
double          ll_curvature_at_zero_with_gram (const LlTrainData *data,
                                                const double      *gram,
                                                GError           **error);

/* 2 / L, the largest stable learning rate at the start, or NAN for L <= 0. */
double          ll_critical_learning_rate (double curvature);

G_END_DECLS
