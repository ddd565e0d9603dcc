/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scaling.c: feature scaling (see scaling.h). */
#include "config.h"

#include "scaling.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

/* Beyond these the scaled features are out of proportion for plain
 * gradient descent from w = 0 (see ll_scaling_check): far outside
 * [-5, 5] (the exam scores' 30..100 unscaled stay at one class at the
 * default rates, the digits' 0..16 still train), or all tiny. */
#define TOO_LARGE 20.0
#define TOO_SMALL 0.1

gboolean
ll_scaling_spec_parse (const char     *text,
                       LlScalingSpec  *spec,
                       GError        **error)
{
  *spec = (LlScalingSpec) { LL_SCALING_DEFAULT, 0 };
  if (g_ascii_strcasecmp (text, "default") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (text, "none") == 0)
    {
      spec->kind = LL_SCALING_NONE;
      return TRUE;
    }
  if (g_ascii_strcasecmp (text, "standardize") == 0 || g_ascii_strcasecmp (text, "standardise") == 0)
    {
      spec->kind = LL_SCALING_STANDARDIZE;
      return TRUE;
    }
  if (g_ascii_strcasecmp (text, "max") == 0)
    {
      spec->kind = LL_SCALING_MAX;
      return TRUE;
    }
  if (g_ascii_strncasecmp (text, "max:", 4) == 0)
    {
      char *end = NULL;
      double value = g_ascii_strtod (text + 4, &end);

      if (end != text + 4 && *end == '\0' && isfinite (value) && value > 0)
        {
          spec->kind = LL_SCALING_MAX;
          spec->max = value;
          return TRUE;
        }
    }
  {
    g_autofree char *shown = g_strescape (text, NULL);

    g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                 _("'%s' is not a scaling: give none, max, max:VALUE (a positive number) or standardize"),
                 shown);
  }
  return FALSE;
}

void
ll_scaling_free (LlScaling *scaling)
{
  if (scaling == NULL)
    return;
  g_free (scaling->offset);
  g_free (scaling->scale);
  g_free (scaling);
}

/* Example I's raw value of feature J: the pixel value, or the table's cell. */
static inline double
raw_value (const LlSplit *split,
           gsize          n_features,
           gsize          i,
           gsize          j)
{
  return split->features != NULL ? split->features[i * n_features + j]
                                 : (double) split->pixels[i * n_features + j];
}

/* LOW[j] = min (LOW[j], X[j]), HIGH likewise. In blocks of a fixed 32 so
 * that -O2's cheap vectoriser takes them (two SSE2 min and max a block). */
static void
byte_range_update (guint8       *restrict low,
                   guint8       *restrict high,
                   const guint8 *restrict x,
                   gsize                  n)
{
  enum { BLOCK = 32 };
  gsize j = 0;

  for (; j + BLOCK <= n; j += BLOCK)
    for (gsize k = j; k < j + BLOCK; k++)
      {
        low[k] = x[k] < low[k] ? x[k] : low[k];
        high[k] = x[k] > high[k] ? x[k] : high[k];
      }
  for (; j < n; j++)
    {
      low[j] = x[j] < low[j] ? x[j] : low[j];
      high[j] = x[j] > high[j] ? x[j] : high[j];
    }
}

static gboolean
is_image_data (const LlDataset *dataset)
{
  return dataset->train.pixels != NULL && dataset->feature_names == NULL;
}

LlScaling *
ll_scaling_fit (const LlScalingSpec *spec,
                const LlDataset     *dataset)
{
  gsize n = dataset->n_features, m = dataset->train.count;
  LlScaling *scaling = g_new0 (LlScaling, 1);
  LlScalingKind kind = spec->kind;
  double max = spec->max;

  if (kind == LL_SCALING_DEFAULT)
    {
      /* Images: the course's /255; tables: standardize; the hand-check
       * cases (float64, no column names) keep the numbers as given. */
      kind = is_image_data (dataset) ? LL_SCALING_MAX
             : dataset->feature_names != NULL ? LL_SCALING_STANDARDIZE : LL_SCALING_NONE;
      max = 255;
    }
  scaling->kind = kind;
  scaling->n_features = n;
  scaling->offset = g_new0 (double, MAX (n, 1));
  scaling->scale = g_new (double, MAX (n, 1));
  for (gsize j = 0; j < n; j++)
    scaling->scale[j] = 1;

  if (kind == LL_SCALING_MAX)
    {
      if (max <= 0)
        for (gsize i = 0; i < m; i++)
          for (gsize j = 0; j < n; j++)
            max = MAX (max, fabs (raw_value (&dataset->train, n, i, j)));
      if (!(max > 0 && isfinite (max)))
        max = 1;
      for (gsize j = 0; j < n; j++)
        scaling->scale[j] = max;
    }
  else if (kind == LL_SCALING_STANDARDIZE && m > 0)
    {
      /* Two passes (mean, then the squared deviations): exact enough for
       * any table, unlike the one-pass sum of squares. */
      for (gsize i = 0; i < m; i++)
        for (gsize j = 0; j < n; j++)
          scaling->offset[j] += raw_value (&dataset->train, n, i, j);
      for (gsize j = 0; j < n; j++)
        scaling->offset[j] /= (double) m;
      for (gsize j = 0; j < n; j++)
        scaling->scale[j] = 0;
      for (gsize i = 0; i < m; i++)
        for (gsize j = 0; j < n; j++)
          {
            double d = raw_value (&dataset->train, n, i, j) - scaling->offset[j];

            scaling->scale[j] += d * d;
          }
      for (gsize j = 0; j < n; j++)
        {
          double sd = sqrt (scaling->scale[j] / (double) m);

          /* A constant feature: centred to 0, left unscaled. */
          scaling->scale[j] = sd > 0 && isfinite (sd) ? sd : 1;
        }
    }
  return scaling;
}

char *
ll_scaling_describe (const LlScaling *scaling)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  switch (scaling->kind)
    {
    case LL_SCALING_NONE:
      return g_strdup ("none");
    case LL_SCALING_STANDARDIZE:
      return g_strdup ("standardize");
    case LL_SCALING_MAX:
      return g_strconcat ("max:", g_ascii_formatd (buffer, sizeof buffer, "%.17g",
                                                   scaling->n_features > 0 ? scaling->scale[0] : 1),
                          NULL);
    case LL_SCALING_DEFAULT:
    default:
      g_assert_not_reached ();
    }
}

gboolean
ll_scaling_is_pixel_default (const LlScaling *scaling,
                             const LlDataset *dataset)
{
  return is_image_data (dataset) && dataset->train.features == NULL && scaling->kind == LL_SCALING_MAX &&
         (scaling->n_features == 0 || scaling->scale[0] == 255);
}

void
ll_scaling_apply (const LlScaling *scaling,
                  const double    *raw,
                  double          *out)
{
  for (gsize j = 0; j < scaling->n_features; j++)
    out[j] = (raw[j] - scaling->offset[j]) / scaling->scale[j];
}

static void
scale_split (LlSplit         *split,
             const LlScaling *scaling)
{
  gsize n = scaling->n_features;
  double *features = g_new (double, MAX (split->count * n, 1));
  g_autofree double *raw = g_new (double, MAX (n, 1));

  for (gsize i = 0; i < split->count; i++)
    {
      for (gsize j = 0; j < n; j++)
        raw[j] = raw_value (split, n, i, j);
      ll_scaling_apply (scaling, raw, features + i * n);
    }
  /* Images keep their pixels for the pictures; the trainer reads features. */
  g_free (split->features);
  split->features = features;
}

LlDataset *
ll_dataset_scale (LlDataset       *dataset,
                  const LlScaling *scaling)
{
  g_return_val_if_fail (scaling->n_features == dataset->n_features, dataset);

  if (ll_scaling_is_pixel_default (scaling, dataset))
    return dataset;
  scale_split (&dataset->train, scaling);
  scale_split (&dataset->test, scaling);
  g_free (dataset->feature_offset);
  g_free (dataset->feature_scale);
  dataset->feature_offset = g_memdup2 (scaling->offset, MAX (scaling->n_features, 1) * sizeof (double));
  dataset->feature_scale = g_memdup2 (scaling->scale, MAX (scaling->n_features, 1) * sizeof (double));
  g_free (dataset->feature_scaling);
  dataset->feature_scaling = ll_scaling_describe (scaling);
  return dataset;
}

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.3g", value));
}

/* For 8-bit pixels, whether the check passes without reading them all:
 * no byte 0..255 can reach TOO_LARGE, and an early pixel already reaches
 * TOO_SMALL (on the course's images the first does). The full pass over
 * the pixels was 5 % of a whole cat-data `train`. */
static gboolean
pixels_surely_fine (const LlScaling *scaling,
                    const guint8    *pixels,
                    gsize            n,
                    gsize            m)
{
  for (gsize j = 0; j < n; j++)
    if (fabs ((0.0 - scaling->offset[j]) / scaling->scale[j]) > TOO_LARGE
        || fabs ((255.0 - scaling->offset[j]) / scaling->scale[j]) > TOO_LARGE)
      return FALSE;
  for (gsize p = 0; p < n * m; p++)
    {
      gsize j = p % n;

      if (fabs ((pixels[p] - scaling->offset[j]) / scaling->scale[j]) >= TOO_SMALL)
        return TRUE;
    }
  return FALSE;
}

char *
ll_scaling_check (const LlScaling *scaling,
                  const LlDataset *dataset)
{
  gsize n = dataset->n_features, m = dataset->train.count;
  double raw_low = G_MAXDOUBLE, raw_high = -G_MAXDOUBLE, largest = 0;
  g_autofree double *feature_low = NULL, *feature_high = NULL;
  g_autofree char *low = NULL, *high = NULL, *reach = NULL, *how = NULL;

  if (m == 0 || n == 0)
    return NULL;
  if (dataset->train.features == NULL && pixels_surely_fine (scaling, dataset->train.pixels, n, m))
    return NULL;
  /* |x - offset| / scale is largest at a feature's extremes: one pass for
   * each feature's range (over bytes for images, which the compiler
   * vectorises: 8 % of a whole cat-data `train` went here per element),
   * then one division per feature. */
  feature_low = g_new (double, n);
  feature_high = g_new (double, n);
  if (dataset->train.features != NULL)
    {
      const double *x = dataset->train.features;

      for (gsize j = 0; j < n; j++)
        feature_low[j] = feature_high[j] = x[j];
      for (gsize i = 1; i < m; i++)
        for (gsize j = 0; j < n; j++)
          {
            feature_low[j] = MIN (feature_low[j], x[i * n + j]);
            feature_high[j] = MAX (feature_high[j], x[i * n + j]);
          }
    }
  else
    {
      g_autofree guint8 *low_byte = g_memdup2 (dataset->train.pixels, n);
      g_autofree guint8 *high_byte = g_memdup2 (dataset->train.pixels, n);

      for (gsize i = 1; i < m; i++)
        byte_range_update (low_byte, high_byte, dataset->train.pixels + i * n, n);
      for (gsize j = 0; j < n; j++)
        {
          feature_low[j] = low_byte[j];
          feature_high[j] = high_byte[j];
        }
    }
  for (gsize j = 0; j < n; j++)
    {
      raw_low = MIN (raw_low, feature_low[j]);
      raw_high = MAX (raw_high, feature_high[j]);
      largest = MAX (largest, fabs ((feature_low[j] - scaling->offset[j]) / scaling->scale[j]));
      largest = MAX (largest, fabs ((feature_high[j] - scaling->offset[j]) / scaling->scale[j]));
    }
  if (largest <= TOO_LARGE && largest >= TOO_SMALL)
    return NULL;
  low = format_number (raw_low);
  high = format_number (raw_high);
  reach = format_number (largest);
  if (scaling->kind == LL_SCALING_MAX)
    {
      g_autofree char *by = format_number (scaling->scale[0]);

      /* Translators: fills "values run 0..16; %s they ..." */
      how = g_strdup_printf (_("divided by %s"), by);
    }
  else if (scaling->kind == LL_SCALING_NONE)
    how = g_strdup (_("unscaled"));
  else
    how = g_strdup (_("standardized"));
  if (largest < TOO_SMALL)
    return g_strdup_printf (_("Values run %s..%s; %s they all lie within ±%s and training will stall: "
                              "choose Standardize."),
                            low, high, how, reach);
  return g_strdup_printf (_("Values run %s..%s; %s they reach %s and steps will be huge: choose Standardize "
                            "or a much smaller learning rate."),
                          low, high, how, reach);
}

double
ll_dataset_value_as_read (const LlDataset *dataset,
                          const LlSplit   *split,
                          gsize            k)
{
  gsize j = k % dataset->n_features;

  if (dataset->feature_scale == NULL)
    return split->features[k];
  return split->features[k] * dataset->feature_scale[j] + dataset->feature_offset[j];
}
