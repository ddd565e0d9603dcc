/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-run.c: see ll-run.h. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "ll-run.h"

/* Models ------------------------------------------------------------------- */

static double *
copy_doubles (const double *values,
              gsize         length)
{
  return values != NULL && length > 0 ? g_memdup2 (values, length * sizeof (double)) : NULL;
}

LlRunModel *
ll_run_model_new (guint         iteration,
                  const double *w,
                  gsize         n_features,
                  double        b,
                  const double *train_probabilities,
                  gsize         m_train,
                  const double *test_probabilities,
                  gsize         m_test)
{
  LlRunModel *model = g_atomic_rc_box_new0 (LlRunModel);

  model->iteration = iteration;
  model->w = copy_doubles (w, n_features);
  model->n_features = model->w != NULL ? n_features : 0;
  model->b = b;
  model->train_probabilities = copy_doubles (train_probabilities, m_train);
  model->m_train = model->train_probabilities != NULL ? m_train : 0;
  model->test_probabilities = copy_doubles (test_probabilities, m_test);
  model->m_test = model->test_probabilities != NULL ? m_test : 0;
  return model;
}

LlRunModel *
ll_run_model_ref (LlRunModel *model)
{
  return g_atomic_rc_box_acquire (model);
}

static void
run_model_clear (gpointer data)
{
  LlRunModel *model = data;

  g_free (model->w);
  g_free (model->train_probabilities);
  g_free (model->test_probabilities);
}

void
ll_run_model_unref (LlRunModel *model)
{
  g_atomic_rc_box_release_full (model, run_model_clear);
}

gsize
ll_run_model_get_size (const LlRunModel *model)
{
  return sizeof (LlRunModel) + sizeof (double) * (model->n_features + model->m_train + model->m_test);
}

G_DEFINE_BOXED_TYPE (LlRunModel, ll_run_model, ll_run_model_ref, ll_run_model_unref)

/* The run ------------------------------------------------------------------ */

struct _LlRun
{
  GObject parent_instance;

  double learning_rate;
  guint iterations;
  guint record_every;
  char *label;
  char *source;
  LlRunState state;
  GArray *points;         /* LlRunPoint */
  GPtrArray *models;      /* LlRunModel*, by iteration; thinned past the budget */
  gsize models_size;      /* bytes in models */
  LlModel *trained;
  guint diverged_at;      /* with state DIVERGED */
  int moment;             /* the store's timeline moment, -1: the latest */
  guint model_stride;     /* models kept at every model_stride-th record point */
  gboolean pinned;        /* kept when a new job starts, drawn faded */
  gboolean visible;       /* shown on the plots (a legend click hides it) */
  char *title;            /* for labels: "lr 0.5 · digits"; the session sets it, a user renames */
  GArray *first_costs;    /* double: the cost of every iteration 0, 1, ... of the start */
};

G_DEFINE_FINAL_TYPE (LlRun, ll_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LEARNING_RATE,
  PROP_ITERATIONS,
  PROP_RECORD_EVERY,
  PROP_LABEL,
  PROP_SOURCE,
  PROP_STATE,
  PROP_N_POINTS,
  PROP_PINNED,
  PROP_VISIBLE,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_POINT_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GType
ll_run_state_get_type (void)
{
  static gsize type_id;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { LL_RUN_WAITING, "LL_RUN_WAITING", "waiting" },
        { LL_RUN_RUNNING, "LL_RUN_RUNNING", "running" },
        { LL_RUN_FINISHED, "LL_RUN_FINISHED", "finished" },
        { LL_RUN_DIVERGED, "LL_RUN_DIVERGED", "diverged" },
        { LL_RUN_CANCELLED, "LL_RUN_CANCELLED", "cancelled" },
        { LL_RUN_IMPORTED, "LL_RUN_IMPORTED", "imported" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static ("LlRunState", values);
      g_once_init_leave (&type_id, type);
    }
  return type_id;
}

static void
set_label (LlRun *self)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_free (self->label);
  self->label = g_strdup (g_ascii_formatd (buf, sizeof buf, "%g", self->learning_rate));
}

LlRun *
ll_run_new (double learning_rate,
            guint  iterations,
            guint  record_every)
{
  LlRun *self = g_object_new (LL_TYPE_RUN, NULL);

  self->learning_rate = learning_rate;
  self->iterations = iterations;
  self->record_every = record_every;
  set_label (self);
  self->title = g_strconcat ("lr ", self->label, NULL);
  return self;
}

LlRun *
ll_run_new_imported (const LlModel *model,
                     const char    *source,
                     const double  *train_probabilities,
                     gsize          m_train,
                     const double  *test_probabilities,
                     gsize          m_test)
{
  LlRun *self;

  g_return_val_if_fail (model != NULL, NULL);

  self = ll_run_new (model->learning_rate, model->iterations, 0);
  self->state = LL_RUN_IMPORTED;
  self->source = g_strdup (source);
  /* One name on every page: the file's, and the rate when the file says
   * it ("weights.npz · 0.5"); a notebook's savez(w=w, b=b) is "model.npz". */
  if (source != NULL)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_free (self->label);
      self->label = model->learning_rate > 0
                    ? g_strdup_printf ("%s · %s", source,
                                       g_ascii_formatd (buf, sizeof buf, "%g", model->learning_rate))
                    : g_strdup (source);
    }
  self->trained = ll_model_copy (model);
  for (gsize i = 0; i < model->n_costs; i++)
    {
      LlRunPoint point = { model->costs[i].iteration, model->costs[i].cost, NAN, NAN,
                            .test_cost = NAN, .sharpness = NAN };

      g_array_append_val (self->points, point);
    }
  g_ptr_array_add (self->models, ll_run_model_new (model->iterations, model->w, model->n_features,
                                                   model->b, train_probabilities, m_train,
                                                   test_probabilities, m_test));
  return self;
}

double
ll_run_get_learning_rate (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), 0);
  return self->learning_rate;
}

guint
ll_run_get_iterations (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), 0);
  return self->iterations;
}

guint
ll_run_get_record_every (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), 0);
  return self->record_every;
}

const char *
ll_run_get_label (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), NULL);
  return self->label;
}

const char *
ll_run_get_source (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), NULL);
  return self->source;
}

LlRunState
ll_run_get_state (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), LL_RUN_WAITING);
  return self->state;
}

guint
ll_run_get_n_points (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), 0);
  return self->points->len;
}

const LlRunPoint *
ll_run_get_point (LlRun *self,
                  guint  i)
{
  g_return_val_if_fail (LL_IS_RUN (self), NULL);
  return i < self->points->len ? &g_array_index (self->points, LlRunPoint, i) : NULL;
}

const LlRunPoint *
ll_run_get_latest_point (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), NULL);
  return self->points->len > 0 ? ll_run_get_point (self, self->points->len - 1) : NULL;
}

LlRunModel *
ll_run_get_model_at (LlRun *self,
                     guint  iteration)
{
  LlRunModel *found = NULL;

  g_return_val_if_fail (LL_IS_RUN (self), NULL);

  for (guint i = 0; i < self->models->len; i++)
    {
      LlRunModel *model = g_ptr_array_index (self->models, i);

      if (model->iteration > iteration)
        break;
      found = model;
    }
  return found;
}

LlRunModel *
ll_run_get_latest_model (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), NULL);
  return self->models->len > 0 ? g_ptr_array_index (self->models, self->models->len - 1) : NULL;
}

guint
ll_run_get_n_models (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), 0);
  return self->models->len;
}

/* The last point at or before ITERATION (points come in iteration order). */
static const LlRunPoint *
point_at (LlRun *self,
          guint  iteration)
{
  guint low = 0, high = self->points->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (self->points, LlRunPoint, middle).iteration <= iteration)
        low = middle + 1;
      else
        high = middle;
    }
  return low > 0 ? &g_array_index (self->points, LlRunPoint, low - 1) : NULL;
}

const LlRunPoint *
ll_run_get_shown_point (LlRun *self)
{
  const LlRunPoint *point;

  g_return_val_if_fail (LL_IS_RUN (self), NULL);

  if (self->moment < 0)
    return ll_run_get_latest_point (self);
  point = point_at (self, (guint) self->moment);
  /* Before its first record point a run shows that first point. */
  return point != NULL ? point : ll_run_get_point (self, 0);
}

LlRunModel *
ll_run_get_shown_model (LlRun *self)
{
  LlRunModel *model;

  g_return_val_if_fail (LL_IS_RUN (self), NULL);

  if (self->moment < 0)
    return ll_run_get_latest_model (self);
  model = ll_run_get_model_at (self, (guint) self->moment);
  if (model == NULL && self->models->len > 0)
    model = g_ptr_array_index (self->models, 0);  /* before the first kept one */
  return model;
}

int
ll_run_get_moment (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), -1);
  return self->moment;
}

void
ll_run_set_moment (LlRun *self,
                   int    moment)
{
  g_return_if_fail (LL_IS_RUN (self));
  self->moment = MAX (moment, -1);
}

gboolean
ll_run_is_shown_exact (LlRun *self)
{
  const LlRunPoint *point;
  LlRunModel *model;

  g_return_val_if_fail (LL_IS_RUN (self), FALSE);

  point = ll_run_get_shown_point (self);
  model = ll_run_get_shown_model (self);
  return point == NULL || (model != NULL && model->iteration == point->iteration);
}

const LlModel *
ll_run_get_trained_model (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), NULL);
  return self->trained;
}

/* A model's place in the run's record points (the last may be off the grid). */
static guint
model_index (LlRun      *self,
             LlRunModel *model)
{
  return model->iteration / MAX (self->record_every, 1);
}

static void
drop_model (LlRun *self,
            guint  i)
{
  LlRunModel *model = g_ptr_array_index (self->models, i);

  self->models_size -= ll_run_model_get_size (model);
  g_ptr_array_remove_index (self->models, i);
}

/* Keeps the models on a grid of record points, every model_stride-th, so
 * they stay evenly spread over the whole run; the latest is kept too (off
 * the grid until the next one comes). Past the budget the stride doubles. */
static void
keep_model (LlRun      *self,
            LlRunModel *model)
{
  if (self->models->len > 1)
    {
      guint last = self->models->len - 1;

      if (model_index (self, g_ptr_array_index (self->models, last)) % self->model_stride != 0)
        drop_model (self, last);
    }
  g_ptr_array_add (self->models, ll_run_model_ref (model));
  self->models_size += ll_run_model_get_size (model);
  while (self->models_size > LL_RUN_MODEL_BUDGET && self->models->len >= 3)
    {
      self->model_stride *= 2;
      for (guint i = self->models->len - 1; i-- > 1;)
        if (model_index (self, g_ptr_array_index (self->models, i)) % self->model_stride != 0)
          drop_model (self, i);
      if (self->model_stride > G_MAXUINT / 4)
        break;
    }
}

void
ll_run_set_state (LlRun      *self,
                  LlRunState  state)
{
  g_return_if_fail (LL_IS_RUN (self));

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
ll_run_append_point (LlRun            *self,
                     const LlRunPoint *point,
                     LlRunModel       *model)
{
  g_return_if_fail (LL_IS_RUN (self));
  g_return_if_fail (point != NULL);

  g_array_append_val (self->points, *point);
  if (model != NULL)
    {
      keep_model (self, model);
    }
  if (self->state != LL_RUN_DIVERGED &&
      (point->diverged || !isfinite (point->cost) || (model != NULL && !isfinite (model->b))))
    {
      self->diverged_at = point->diverged ? point->diverged_at : point->iteration;
      ll_run_set_state (self, LL_RUN_DIVERGED);
    }
  else if (self->state == LL_RUN_WAITING)
    ll_run_set_state (self, LL_RUN_RUNNING);
  g_signal_emit (self, signals[SIGNAL_POINT_ADDED], 0, self->points->len - 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_POINTS]);
}

guint
ll_run_get_diverged_at (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), 0);

  return self->diverged_at;
}

void
ll_run_finish (LlRun   *self,
               LlModel *model)
{
  g_return_if_fail (LL_IS_RUN (self));

  g_clear_pointer (&self->trained, ll_model_free);
  self->trained = model;
  if (self->state != LL_RUN_DIVERGED)
    ll_run_set_state (self, LL_RUN_FINISHED);
}

/* GObject ------------------------------------------------------------------ */

static void
ll_run_finalize (GObject *object)
{
  LlRun *self = LL_RUN (object);

  g_free (self->label);
  g_free (self->title);
  g_free (self->source);
  g_array_unref (self->points);
  g_array_unref (self->first_costs);
  g_ptr_array_unref (self->models);
  g_clear_pointer (&self->trained, ll_model_free);

  G_OBJECT_CLASS (ll_run_parent_class)->finalize (object);
}

static void
ll_run_get_property (GObject    *object,
                     guint       prop_id,
                     GValue     *value,
                     GParamSpec *pspec)
{
  LlRun *self = LL_RUN (object);

  switch (prop_id)
    {
    case PROP_LEARNING_RATE:
      g_value_set_double (value, self->learning_rate);
      break;
    case PROP_ITERATIONS:
      g_value_set_uint (value, self->iterations);
      break;
    case PROP_RECORD_EVERY:
      g_value_set_uint (value, self->record_every);
      break;
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_N_POINTS:
      g_value_set_uint (value, self->points->len);
      break;
    case PROP_PINNED:
      g_value_set_boolean (value, self->pinned);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_run_set_property (GObject      *object,
                     guint         prop_id,
                     const GValue *value,
                     GParamSpec   *pspec)
{
  LlRun *self = LL_RUN (object);

  switch (prop_id)
    {
    case PROP_PINNED:
      ll_run_set_pinned (self, g_value_get_boolean (value));
      break;
    case PROP_VISIBLE:
      ll_run_set_visible (self, g_value_get_boolean (value));
      break;
    case PROP_TITLE:
      ll_run_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_run_class_init (LlRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ll_run_finalize;
  object_class->get_property = ll_run_get_property;
  object_class->set_property = ll_run_set_property;

  properties[PROP_LEARNING_RATE] =
    g_param_spec_double ("learning-rate", NULL, NULL, 0, G_MAXDOUBLE, 0, flags);
  properties[PROP_ITERATIONS] = g_param_spec_uint ("iterations", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_RECORD_EVERY] = g_param_spec_uint ("record-every", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_LABEL] = g_param_spec_string ("label", NULL, NULL, NULL, flags);
  properties[PROP_SOURCE] = g_param_spec_string ("source", NULL, NULL, NULL, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, LL_TYPE_RUN_STATE, LL_RUN_WAITING, flags);
  properties[PROP_N_POINTS] = g_param_spec_uint ("n-points", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_PINNED] =
    g_param_spec_boolean ("pinned", NULL, NULL, FALSE, flags | G_PARAM_WRITABLE);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE, flags | G_PARAM_WRITABLE);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags | G_PARAM_WRITABLE);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::point-added (guint index): before notify::n-points. */
  signals[SIGNAL_POINT_ADDED] =
    g_signal_new ("point-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
ll_run_init (LlRun *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (LlRunPoint));
  self->first_costs = g_array_new (FALSE, FALSE, sizeof (double));
  self->models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_run_model_unref);
  self->moment = -1;
  self->model_stride = 1;
  self->visible = TRUE;
}

gboolean
ll_run_get_pinned (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), FALSE);
  return self->pinned;
}

void
ll_run_set_pinned (LlRun    *self,
                   gboolean  pinned)
{
  g_return_if_fail (LL_IS_RUN (self));
  pinned = !!pinned;
  if (self->pinned == pinned)
    return;
  self->pinned = pinned;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PINNED]);
}

gboolean
ll_run_get_visible (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), TRUE);
  return self->visible;
}

void
ll_run_set_visible (LlRun    *self,
                    gboolean  visible)
{
  g_return_if_fail (LL_IS_RUN (self));
  visible = !!visible;
  if (self->visible == visible)
    return;
  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

const char *
ll_run_get_title (LlRun *self)
{
  g_return_val_if_fail (LL_IS_RUN (self), NULL);
  return self->title;
}

void
ll_run_set_title (LlRun      *self,
                  const char *title)
{
  g_autofree char *fallback = NULL;

  g_return_if_fail (LL_IS_RUN (self));
  /* An empty title would leave a run without a name in every legend. */
  if (title == NULL || *title == '\0')
    title = fallback = g_strconcat ("lr ", self->label, NULL);
  if (g_strcmp0 (self->title, title) == 0)
    return;
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

/* The first steps (issue 17.3) ------------------------------------------- */

void
ll_run_add_first_costs (LlRun        *self,
                        guint         first_iteration,
                        const double *costs,
                        guint         n_costs)
{
  const double missing = NAN;

  g_return_if_fail (LL_IS_RUN (self));
  g_return_if_fail (n_costs == 0 || costs != NULL);

  if (n_costs == 0)
    return;
  /* Iterations are delivered in order; a gap (none in practice) stays NAN. */
  while (self->first_costs->len < first_iteration)
    g_array_append_val (self->first_costs, missing);
  for (guint i = 0; i < n_costs; i++)
    {
      guint iteration = first_iteration + i;

      if (iteration < self->first_costs->len)
        g_array_index (self->first_costs, double, iteration) = costs[i];
      else
        g_array_append_val (self->first_costs, costs[i]);
    }
}

const double *
ll_run_get_first_costs (LlRun *self,
                        guint *n_costs)
{
  g_return_val_if_fail (LL_IS_RUN (self), NULL);
  g_return_val_if_fail (n_costs != NULL, NULL);

  *n_costs = self->first_costs->len;
  return self->first_costs->len > 0 ? (const double *) self->first_costs->data : NULL;
}
