/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scaling.h: feature scaling, chosen by name and fitted on the training split.
 *
 * A scaling maps each feature x_j to (x_j - offset_j) / scale_j, on the raw
 * values of the data: pixel values 0..255 for images, the cells of a table.
 *   none          offset 0, scale 1
 *   max           offset 0, scale = the training split's largest |x| (over all features)
 *   max:VALUE     offset 0, scale = VALUE (the course's /255 is max:255)
 *   standardize   offset = the training mean of x_j, scale = its standard deviation
 *                 (1 for a constant feature, which then stays 0)
 * The default is max:255 for images (the course's scaling, trained on the
 * 8-bit pixels as they are), standardize for tables, and none for the
 * seeds' hand-check cases (builtin:propagate), whose numbers are the lesson. */
#pragma once

#include <glib.h>

#include "dataset.h"

G_BEGIN_DECLS

typedef enum {
  LL_SCALING_DEFAULT,      /* by the data: max:255 for images, standardize for tables, none for hand-check cases */
  LL_SCALING_NONE,
  LL_SCALING_MAX,
  LL_SCALING_STANDARDIZE,
} LlScalingKind;

/* What the user chose: a kind, and for max a value (0 = the data's maximum). */
typedef struct {
  LlScalingKind kind;
  double max;
} LlScalingSpec;

/* "none", "max", "max:VALUE" (VALUE finite and > 0), "standardize" (also
 * "standardise"), or "default". Errors name the text. */
gboolean    ll_scaling_spec_parse     (const char     *text,
                                       LlScalingSpec  *spec,
                                       GError        **error);

/* A fitted scaling. */
typedef struct {
  LlScalingKind kind;      /* never DEFAULT */
  gsize n_features;
  double *offset;          /* n_features */
  double *scale;           /* n_features, each > 0 and finite */
} LlScaling;

void        ll_scaling_free           (LlScaling *scaling);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LlScaling, ll_scaling_free)

/* Fits SPEC on DATASET's training split. */
LlScaling  *ll_scaling_fit            (const LlScalingSpec *spec,
                                       const LlDataset     *dataset);

/* The name as the user would type it ("max:255", "standardize", "none"). */
char       *ll_scaling_describe       (const LlScaling *scaling);

/* Whether the scaling is the one the trainer applies to 8-bit pixels by
 * itself (max:255 on image data): then the data stay as they are. */
gboolean    ll_scaling_is_pixel_default (const LlScaling *scaling,
                                         const LlDataset *dataset);

/* DATASET (consumed) with SCALING applied: the same set when it is the
 * pixel default, else float64 features (x - offset) / scale in both splits. */
LlDataset  *ll_dataset_scale          (LlDataset       *dataset,
                                       const LlScaling *scaling);

/* Value K (= example i * n_features + feature j) of SPLIT's float64
 * features, SPLIT being one of DATASET's, as read before ll_dataset_scale:
 * the number pictures and rows of values show. */
double      ll_dataset_value_as_read  (const LlDataset *dataset,
                                       const LlSplit   *split,
                                       gsize            k);

/* X_OUT[j] = (raw[j] - offset[j]) / scale[j] for one example. */
void        ll_scaling_apply          (const LlScaling *scaling,
                                       const double    *raw,
                                       double          *out);

/* A warning in plain words when the scaled training features are out of
 * proportion for gradient descent from w = 0: far outside [-5, 5], beyond
 * ±20 (steps blow up), or all within [-0.1, 0.1] (training stalls); NULL when fine.
 * E.g. "values run 0..16; divided by 255 they all lie below 0.063 and
 * training will stall: choose Standardize". */
char       *ll_scaling_check          (const LlScaling *scaling,
                                       const LlDataset *dataset);

G_END_DECLS
