/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-run-config.c: see ll-run-config.h. */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ll-run-config.h"

#define DEFAULT_ITERATIONS 2000
#define DEFAULT_RECORD_EVERY 100

struct _LlRunConfig
{
  GObject parent_instance;

  GArray *rates;          /* double */
  guint iterations;
  guint record_every;
  char *scaling;          /* as ll_scaling_spec_parse reads it, lower case */
  char *initial_w;          /* as typed; "" = w = 0 */
  GArray *initial_w_values; /* double; NULL for "" or text that does not read */
  double initial_b;
  /* A new option: its field here. */
};

G_DEFINE_FINAL_TYPE (LlRunConfig, ll_run_config, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEARNING_RATES,
  PROP_ITERATIONS,
  PROP_RECORD_EVERY,
  PROP_SCALING,
  PROP_INITIAL_W,
  PROP_INITIAL_B,
  /* A new option: its property here. */
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Values ------------------------------------------------------------------- */

const double *
ll_run_config_get_learning_rates (LlRunConfig *self,
                                  guint       *n_rates)
{
  g_return_val_if_fail (LL_IS_RUN_CONFIG (self), NULL);

  if (n_rates != NULL)
    *n_rates = self->rates->len;
  return (const double *) self->rates->data;
}

void
ll_run_config_set_learning_rates (LlRunConfig  *self,
                                  const double *rates,
                                  guint         n_rates)
{
  g_return_if_fail (LL_IS_RUN_CONFIG (self));
  g_return_if_fail (rates != NULL || n_rates == 0);

  if (n_rates == self->rates->len &&
      (n_rates == 0 || memcmp (rates, self->rates->data, n_rates * sizeof (double)) == 0))
    return;
  g_array_set_size (self->rates, 0);
  g_array_append_vals (self->rates, rates, n_rates);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LEARNING_RATES]);
}

guint
ll_run_config_get_iterations (LlRunConfig *self)
{
  g_return_val_if_fail (LL_IS_RUN_CONFIG (self), 0);

  return self->iterations;
}

void
ll_run_config_set_iterations (LlRunConfig *self,
                              guint        iterations)
{
  g_return_if_fail (LL_IS_RUN_CONFIG (self));

  if (self->iterations == iterations)
    return;
  self->iterations = iterations;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITERATIONS]);
}

guint
ll_run_config_get_record_every (LlRunConfig *self)
{
  g_return_val_if_fail (LL_IS_RUN_CONFIG (self), 0);

  return self->record_every;
}

void
ll_run_config_set_record_every (LlRunConfig *self,
                                guint        record_every)
{
  g_return_if_fail (LL_IS_RUN_CONFIG (self));

  if (self->record_every == record_every)
    return;
  self->record_every = record_every;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECORD_EVERY]);
}

const char *
ll_run_config_get_scaling (LlRunConfig *self)
{
  g_return_val_if_fail (LL_IS_RUN_CONFIG (self), NULL);

  return self->scaling;
}

gboolean
ll_run_config_set_scaling (LlRunConfig  *self,
                           const char   *scaling,
                           GError      **error)
{
  LlScalingSpec spec;
  g_autofree char *stripped = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (LL_IS_RUN_CONFIG (self), FALSE);

  stripped = g_strstrip (g_strdup (scaling != NULL ? scaling : ""));
  text = g_ascii_strdown (stripped, -1);
  if (!ll_scaling_spec_parse (text, &spec, error))
    return FALSE;
  if (g_strcmp0 (self->scaling, text) != 0)
    {
      g_free (self->scaling);
      self->scaling = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCALING]);
    }
  return TRUE;
}

void
ll_run_config_get_scaling_spec (LlRunConfig   *self,
                                LlScalingSpec *spec)
{
  g_return_if_fail (LL_IS_RUN_CONFIG (self));

  /* Only parsed texts are ever stored. */
  if (!ll_scaling_spec_parse (self->scaling, spec, NULL))
    g_assert_not_reached ();
}

/* Blanks alone are w = 0, like the empty text. */
static gboolean
initial_w_is_blank (LlRunConfig *self)
{
  for (const char *c = self->initial_w; *c != '\0'; c++)
    if (!g_ascii_isspace (*c))
      return FALSE;
  return TRUE;
}

const char *
ll_run_config_get_initial_w (LlRunConfig *self)
{
  g_return_val_if_fail (LL_IS_RUN_CONFIG (self), NULL);

  return self->initial_w;
}

void
ll_run_config_set_initial_w (LlRunConfig *self,
                             const char  *text)
{
  g_return_if_fail (LL_IS_RUN_CONFIG (self));

  if (text == NULL)
    text = "";
  if (g_strcmp0 (self->initial_w, text) == 0)
    return;
  g_free (self->initial_w);
  self->initial_w = g_strdup (text);
  g_clear_pointer (&self->initial_w_values, g_array_unref);
  if (!initial_w_is_blank (self))
    self->initial_w_values = ll_run_config_parse_numbers (text, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INITIAL_W]);
}

const double *
ll_run_config_get_initial_w_values (LlRunConfig *self,
                                    guint       *n_values)
{
  g_return_val_if_fail (LL_IS_RUN_CONFIG (self), NULL);

  if (n_values != NULL)
    *n_values = self->initial_w_values != NULL ? self->initial_w_values->len : 0;
  return self->initial_w_values != NULL ? (const double *) self->initial_w_values->data : NULL;
}

double
ll_run_config_get_initial_b (LlRunConfig *self)
{
  g_return_val_if_fail (LL_IS_RUN_CONFIG (self), 0);

  return self->initial_b;
}

void
ll_run_config_set_initial_b (LlRunConfig *self,
                             double       initial_b)
{
  g_return_if_fail (LL_IS_RUN_CONFIG (self));

  if (self->initial_b == initial_b)
    return;
  self->initial_b = initial_b;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INITIAL_B]);
}

void
ll_run_config_to_params (LlRunConfig   *self,
                         LlTrainParams *params)
{
  g_return_if_fail (LL_IS_RUN_CONFIG (self));

  params->learning_rates = (const double *) self->rates->data;
  params->n_rates = self->rates->len;
  params->iterations = self->iterations;
  params->record_every = self->record_every;
  params->initial_w = ll_run_config_get_initial_w_values (self, NULL);
  params->initial_b = self->initial_b;
  /* A new option: its copy into the trainer's parameters here. */
}

gboolean
ll_run_config_validate (LlRunConfig  *self,
                        GError      **error)
{
  LlTrainParams params = { 0 };

  g_return_val_if_fail (LL_IS_RUN_CONFIG (self), FALSE);

  if (self->initial_w_values == NULL && !initial_w_is_blank (self))
    {
      g_autoptr (GArray) values = ll_run_config_parse_numbers (self->initial_w, error);

      g_prefix_error (error, _("Initial w: "));
      return FALSE;
    }
  ll_run_config_to_params (self, &params);
  return ll_train_params_validate (&params, error);
}

/* Settings ----------------------------------------------------------------- */

static gboolean
rates_from_setting (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  if (!g_variant_is_of_type (variant, G_VARIANT_TYPE ("ad")) || g_variant_n_children (variant) == 0)
    return FALSE;  /* an empty list keeps the defaults */
  g_value_set_variant (value, variant);
  return TRUE;
}

static GVariant *
rates_to_setting (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_value_dup_variant (value);
}

void
ll_run_config_bind_settings (LlRunConfig *self,
                             GSettings   *settings)
{
  g_return_if_fail (LL_IS_RUN_CONFIG (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_settings_bind_with_mapping (settings, "learning-rates", self, "learning-rates",
                                G_SETTINGS_BIND_DEFAULT, rates_from_setting, rates_to_setting,
                                NULL, NULL);
  g_settings_bind (settings, "iterations", self, "iterations", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "record-every", self, "record-every", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "scaling", self, "scaling", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "initial-w", self, "initial-w", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "initial-b", self, "initial-b", G_SETTINGS_BIND_DEFAULT);
  /* A new option: its g_settings_bind here. */
}

/* GObject ------------------------------------------------------------------ */

static void
ll_run_config_finalize (GObject *object)
{
  LlRunConfig *self = LL_RUN_CONFIG (object);

  g_array_unref (self->rates);
  g_free (self->scaling);
  g_free (self->initial_w);
  g_clear_pointer (&self->initial_w_values, g_array_unref);

  G_OBJECT_CLASS (ll_run_config_parent_class)->finalize (object);
}

static void
ll_run_config_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  LlRunConfig *self = LL_RUN_CONFIG (object);

  switch (prop_id)
    {
    case PROP_LEARNING_RATES:
      g_value_take_variant (value, g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE,
                                                              self->rates->data, self->rates->len,
                                                              sizeof (double)));
      break;
    case PROP_ITERATIONS:
      g_value_set_uint (value, self->iterations);
      break;
    case PROP_RECORD_EVERY:
      g_value_set_uint (value, self->record_every);
      break;
    case PROP_SCALING:
      g_value_set_string (value, self->scaling);
      break;
    case PROP_INITIAL_W:
      g_value_set_string (value, self->initial_w);
      break;
    case PROP_INITIAL_B:
      g_value_set_double (value, self->initial_b);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_run_config_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  LlRunConfig *self = LL_RUN_CONFIG (object);

  switch (prop_id)
    {
    case PROP_LEARNING_RATES:
      {
        GVariant *rates = g_value_get_variant (value);
        gsize n_rates = 0;
        const double *values = rates != NULL
                               ? g_variant_get_fixed_array (rates, &n_rates, sizeof (double))
                               : NULL;

        ll_run_config_set_learning_rates (self, values, (guint) n_rates);
      }
      break;
    case PROP_ITERATIONS:
      ll_run_config_set_iterations (self, g_value_get_uint (value));
      break;
    case PROP_RECORD_EVERY:
      ll_run_config_set_record_every (self, g_value_get_uint (value));
      break;
    case PROP_SCALING:
      /* A text that is no scaling (a hand-edited setting) keeps the value. */
      ll_run_config_set_scaling (self, g_value_get_string (value), NULL);
      break;
    case PROP_INITIAL_W:
      ll_run_config_set_initial_w (self, g_value_get_string (value));
      break;
    case PROP_INITIAL_B:
      ll_run_config_set_initial_b (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_run_config_class_init (LlRunConfigClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ll_run_config_finalize;
  object_class->get_property = ll_run_config_get_property;
  object_class->set_property = ll_run_config_set_property;

  properties[PROP_LEARNING_RATES] =
    g_param_spec_variant ("learning-rates", NULL, NULL, G_VARIANT_TYPE ("ad"), NULL,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ITERATIONS] =
    g_param_spec_uint ("iterations", NULL, NULL, 1, G_MAXUINT, DEFAULT_ITERATIONS,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_RECORD_EVERY] =
    g_param_spec_uint ("record-every", NULL, NULL, 1, G_MAXUINT, DEFAULT_RECORD_EVERY,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SCALING] =
    g_param_spec_string ("scaling", NULL, NULL, "default",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INITIAL_W] =
    g_param_spec_string ("initial-w", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_INITIAL_B] =
    g_param_spec_double ("initial-b", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ll_run_config_init (LlRunConfig *self)
{
  static const double default_rates[] = { 0.5, 0.1, 0.01 };

  self->rates = g_array_new (FALSE, FALSE, sizeof (double));
  g_array_append_vals (self->rates, default_rates, G_N_ELEMENTS (default_rates));
  self->iterations = DEFAULT_ITERATIONS;
  self->record_every = DEFAULT_RECORD_EVERY;
  self->scaling = g_strdup ("default");
  self->initial_w = g_strdup ("");
}

LlRunConfig *
ll_run_config_new (void)
{
  return g_object_new (LL_TYPE_RUN_CONFIG, NULL);
}
