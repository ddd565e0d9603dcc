/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trainer.h: batch gradient descent for several learning rates in one job.
 *
 * The course's model and update, in float64: w = 0, b = 0;
 * z = w^T X + b; A = sigmoid(z); J = mean(log(1 + e^z) - y z) (finite at any
 * learning rate); dw = X (A - Y)^T / m; db = mean(A - Y); w -= lr dw; b -= lr db.
 *
 * All k learning rates share each pass over the data. When the training set
 * has fewer examples than features, the trainer works in the span of the
 * training columns (w = X c, z = G c + b with G = X^T X) so an iteration
 * costs O(m^2) instead of O(n m); otherwise it runs the primal update.
 * Safe on any thread: no globals, no printing. */
#pragma once

#include <glib.h>
#include "core/data/dataset.h"
#include "model.h"

G_BEGIN_DECLS

#define LL_TRAINER_ERROR (ll_trainer_error_quark ())
GQuark ll_trainer_error_quark (void);

typedef enum {
  LL_TRAINER_ERROR_INVALID,    /* a parameter or the data shape is not usable */
  LL_TRAINER_ERROR_CANCELLED,  /* the cancel flag was set */
  LL_TRAINER_ERROR_NO_MEMORY,  /* a buffer could not be allocated */
} LlTrainerError;

typedef enum {
  LL_TRAINER_FORM_AUTO,        /* dual when m_train < n_features, else primal */
  LL_TRAINER_FORM_PRIMAL,
  LL_TRAINER_FORM_DUAL,
} LlTrainerForm;

/* Called on the training thread between two iterations when the attention
 * flag reads non-zero. ITERATION is the number of updates done so far (the
 * model is that of the last record point or later, never half-updated).
 * May block (that is how the app pauses between record points); return
 * FALSE to stop (the call then fails with LL_TRAINER_ERROR_CANCELLED). The
 * flag is read again at the next iteration: clear it to go on undisturbed. */
typedef gboolean (*LlAttentionFunc) (guint    iteration,
                                     gpointer user_data);

typedef struct {
  const double *learning_rates;  /* k rates, each finite and > 0 */
  guint n_rates;                 /* k >= 1 */
  guint iterations;              /* >= 1 */
  guint record_every;            /* >= 1; costs are recorded at 0, r, 2r, ... and at `iterations` */
  LlTrainerForm form;
  gboolean want_snapshots;       /* fill LlProgress.w, train_ and test_probabilities at record points */
  const gint *cancel;            /* optional; read with g_atomic_int_get once per iteration (or stretch: loose_attention) */
  /* Optional interruption point, read with g_atomic_int_get once per
   * iteration (before each update); when non-zero, on_attention is called
   * with ll_train()'s user_data. Both set or both NULL; costs nothing unset. */
  const gint *attention;
  LlAttentionFunc on_attention;
  /* TRUE: on_attention may come up to about a millisecond of iterations
   * after the flag is raised (a progress line), so the dual iteration may
   * run its runs on two threads without meeting at every iteration (and
   * read `cancel` only as often). FALSE: between the very next two
   * iterations (a pause). No effect without an attention flag: the
   * iterations then always may. */
  gboolean loose_attention;
  /* Cores the trainer may use for its own kernels (the uint8 products and
   * the dual iteration); 0 = all of them. The app passes cores - 1 so one
   * stays with the UI. Results do not depend on it beyond rounding. */
  guint n_threads;
  /* The starting point of every run: n_features weights and a bias. NULL
   * and 0 = w = 0, b = 0 (the course's start; its results are unchanged).
   * Any other start trains in the primal form, whatever `form` asks, since
   * the dual form keeps w in the span of the training examples. */
  const double *initial_w;
  double initial_b;
  /* The cost of every iteration, not only of record points, for the first
   * this many iterations (0 = none): delivered with each record point as
   * LlProgress.dense_costs. Costs nothing measurable; the results (models,
   * recorded costs) are the same bits with any value. */
  guint dense_first_iterations;
  /* The listener needs the test split's numbers (test_accuracy,
   * test_cost) only at the last record point: the dual form then scores the
   * test set once, from the final weights (as it does without a listener),
   * and skips the test kernel. */
  gboolean test_at_end_only;
  /* Optional out: L, the largest eigenvalue of the cost's Hessian at w = 0,
   * b = 0, as ll_curvature_at_zero () gives it (the same bits), written
   * before the first iteration. The dual form takes it from its own Gram
   * matrix, so the caller does not build a second one (the command line's
   * 2 / L). NULL: not computed. */
  double *curvature_at_zero;
} LlTrainParams;

/* The data, borrowed for the duration of the call. X is column-major
 * n_features x m (example i contiguous), float64 in [0, 1] for images.
 *
 * Image data may come as its 8-bit pixels instead (LlSplit.pixels: example
 * i's n_features bytes at pixels + i * n_features), the features being
 * pixel * pixel_scale (1/255 for images). With pixels_train set the trainer
 * reads only the pixels (8x fewer bytes, exact integer Gram matrix) and
 * X_train / X_test may be NULL, which saves their memory; when both are
 * given the pixels are used, and pixels_test is then needed when m_test > 0. */
typedef struct {
  gsize n_features;
  const double *X_train;
  const guint8 *y_train;   /* m_train labels, 0 or 1 */
  gsize m_train;
  const double *X_test;    /* may be NULL when m_test == 0 */
  const guint8 *y_test;
  gsize m_test;
  const guint8 *pixels_train;  /* optional: m_train x n_features bytes */
  const guint8 *pixels_test;   /* optional: m_test x n_features bytes */
  double pixel_scale;          /* > 0 and finite when pixels are given */
} LlTrainData;

/* The data of a binary DATASET, read as its 8-bit pixels (features
 * pixel / 255) in place: what the command line and the app train on; a
 * dataset of float64 features (LlSplit.features) gives X_train / X_test.
 * DATASET must outlive the training. */
LlTrainData ll_train_data_from_pixels (const LlDataset *dataset);

/* A cost counts as a rise when it exceeds the previous iteration's by more
 * than this much relative to it. */
#define LL_TRAINER_RISE_TOLERANCE 1e-12

/* One run's state at a record point. At iteration i < iterations the values
 * are those before the i-th update (the seeds' "Cost after iteration i");
 * at i == iterations they are the final model's. */
typedef struct {
  guint run;                         /* index into learning_rates */
  double learning_rate;
  guint iteration;
  double cost;                       /* finite even when the naive formula gives NaN, or
                                      * +inf when the decisions overflow (then diverged) */
  double train_accuracy;             /* percent, threshold 0.5 */
  double test_accuracy;              /* percent, NAN when m_test == 0 */
  double test_cost;                  /* the same mean loss on the test split; NAN when m_test == 0
                                      * (or between record points with test_at_end_only) */
  /* What the sampling hides: the trainer computes the cost of every
   * iteration (from the decisions each iteration has anyway: one exp per
   * example and one log per run). RISES counts the iterations i in
   * [1, iteration] whose cost exceeded that of iteration i - 1 by more than
   * LL_TRAINER_RISE_TOLERANCE (relative: a converged run's rounding noise
   * is not a rise); FIRST_RISE is the first such i, 0 while there is none. */
  guint rises;
  guint first_rise;
  /* With dense_first_iterations F: the costs of iterations dense_first,
   * dense_first + 1, ... (n_dense_costs of them, consecutive), those below F
   * that lie strictly between the previous record point and this one. A
   * run store appends them as ordinary cost points (iteration, cost; no
   * accuracies) before this record point's own; together with the record
   * points they give every iteration below F. Borrowed, valid during the
   * callback only; NULL and 0 when there are none. The same numbers as
   * record points' costs to about 1e-15 (computed with ll_loss_sum_add ()). */
  const double *dense_costs;
  guint dense_first;
  guint n_dense_costs;
  /* The run overflowed: its update at iteration diverged_at would have made
   * w or b non-finite, or its cost was +inf there. From then on it is
   * frozen at that last finite state; the other runs go on unchanged. */
  gboolean diverged;
  guint diverged_at;
  /* Only with want_snapshots; borrowed, valid during the callback only: */
  const double *w;                   /* n_features */
  double b;
  const double *test_probabilities;  /* m_test, sigmoid (w^T x + b) per test example; NULL when m_test == 0 */
  const double *train_probabilities; /* m_train, sigmoid (w^T x + b) per training example: the
                                      * train accuracy at any threshold without the data pass */
} LlProgress;

/* Called on the training thread at each record point with the k runs' states.
 * Return FALSE to stop (the call then fails with LL_TRAINER_ERROR_CANCELLED).
 * May block (that is how pause and pacing work in the app). */
typedef gboolean (*LlProgressFunc) (const LlProgress *runs,
                                    guint             n_runs,
                                    gpointer          user_data);

gboolean    ll_train_params_validate (const LlTrainParams *params, GError **error);

/* Trains k models from w = 0, b = 0 (or params->initial_w, initial_b). On success returns a GPtrArray of k
 * LlModel* (owned; free func set) with w, b, learning_rate, iterations, costs
 * and final accuracies filled in (shape and class names are the caller's to set). */
GPtrArray  *ll_train                 (const LlTrainData   *data,
                                      const LlTrainParams *params,
                                      LlProgressFunc       progress,
                                      gpointer             user_data,
                                      GError             **error);

/* The seeds' propagate(): cost and gradients for given w, b on X (n x m), Y.
 * DW receives n values. Used by the tests against the course's vectors.
 * These two use OpenBLAS, loaded on first use: NAN if it cannot be. */
double      ll_propagate             (const double *w, double b,
                                      const double *X, const guint8 *Y,
                                      gsize n, gsize m,
                                      double *dw, double *db);

/* The seeds' optimize(): ITERATIONS primal steps from (w, b) in place.
 * Last gradients (those of the last step, taken before it) into DW (n) and
 * DB when non-NULL. Returns the cost computed with them, the seeds' last
 * costs[] entry had they recorded every iteration (NAN for 0 iterations). */
double      ll_optimize              (double *w, double *b,
                                      const double *X, const guint8 *Y,
                                      gsize n, gsize m,
                                      guint iterations, double learning_rate,
                                      double *dw, double *db);

G_END_DECLS
