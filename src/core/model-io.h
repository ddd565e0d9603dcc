/* model-io.h: trained weights to and from .npz files, shaped like the
 * course's d["w"] (n, 1) and d["b"] (). */
#pragma once

#include <glib.h>
#include "model.h"

G_BEGIN_DECLS

/* Writes MODELS (LlModel*, k >= 1) to PATH atomically.
 * k == 1: arrays w, b, learning_rate, iterations, costs (n_costs x 2),
 * image_shape, classes, train_accuracy, test_accuracy.
 * k > 1: the same names with a suffix per run, "_0", "_1", ... plus
 * learning_rates (k) so a reader can tell them apart. */
gboolean    ll_models_save_npz   (const char *path, GPtrArray *models, GError **error);

/* Reads our own .npz or a student's numpy.savez / savez_compressed holding at
 * least w and b (float32 or float64; w of shape (n, 1) or (n,)).
 * Returns a GPtrArray of LlModel* (one per run). Missing metadata: image
 * shape inferred from n (3 s^2 -> s x s RGB, s^2 -> s x s grey) unless
 * image_width/height are given (non-zero); class names default to "0"/"1".
 * NaN/inf weights, an absurd shape, a pickled array: an error, nothing loaded. */
GPtrArray  *ll_models_load_npz   (const char *path,
                                  guint image_width, guint image_height,
                                  GError **error);

G_END_DECLS
