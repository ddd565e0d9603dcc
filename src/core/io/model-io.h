/* SPDX-License-Identifier: GPL-3.0-or-later */
/* model-io.h: trained weights to and from .npz files, shaped like the
 * course's d["w"] (n, 1) and d["b"] (). */
#pragma once

#include <glib.h>
#include "core/train/model.h"

G_BEGIN_DECLS

/* The most weights a file may hold: a 2364 x 2364 RGB image. */
#define LL_MODEL_IO_MAX_FEATURES (1u << 24)

/* Writes MODELS (LlModel*, k >= 1) to PATH atomically.
 * k == 1: arrays w float64 (n, 1), b float64 (), learning_rate float64 (),
 * iterations int64 (), costs float64 (n_costs, 2) of [iteration, cost],
 * image_shape int64 (3,) [height, width, channels] with channels 1 for grey
 * (left out when the model's shape is unknown), classes unicode (2,)
 * [negative, positive], train_accuracy and test_accuracy float64 ()
 * (percent, NaN when unknown), and when the model knows it the scaling it
 * expects: scaling unicode () ("standardize"), feature_offset and
 * feature_scale float64 (n,).
 * k > 1: the same names with a suffix per run, "_0", "_1", ... plus
 * learning_rates (k) so a reader can tell them apart. */
gboolean    ll_models_save_npz   (const char *path, GPtrArray *models, GError **error);

/* Reads our own .npz or a student's numpy.savez / savez_compressed holding at
 * least w and b (float32 or float64; w of shape (n, 1) or (n,), b of shape (),
 * (1,) or (1, 1)); also np.savez(f, **d) of the course's model() dictionary
 * (its flat costs list is taken as one cost every 100 iterations, and
 * num_iterations as iterations). Other arrays are ignored.
 * An image_shape in the file must agree with n and with a given size.
 * Returns a GPtrArray of LlModel* (one per run). Missing metadata: image
 * shape inferred from n (3 s^2 -> s x s RGB, s^2 -> s x s grey) unless
 * image_width/height are given (non-zero), else unknown (0: a table's
 * weights; also when the file names a scaling and no shape); class names
 * default to "0"/"1"; no scaling (NULL: pixels are divided by 255).
 * NaN/inf weights, an absurd shape, a pickled array: an error (LL_NPZ_ERROR,
 * naming the file and the array), nothing loaded. */
GPtrArray  *ll_models_load_npz   (const char *path,
                                  guint image_width, guint image_height,
                                  GError **error);

G_END_DECLS
