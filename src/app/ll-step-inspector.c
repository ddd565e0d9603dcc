/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-inspector.c: see ll-step-inspector.h. */
#include "config.h"

#include "ll-step-inspector.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "ll-style.h"
#include "ll-texture-util.h"

/* Above this many features the dot product shows its largest terms only. */
#define FEW_FEATURES 4
#define N_TOP_TERMS 3
/* The copied text lists X and Y only up to this many numbers. */
#define MAX_COPIED_DATA 20000
/* The copied text lists w, dw and the update only up to this many features. */
#define MAX_COPIED_WEIGHTS 1000

typedef struct {
  double *w;
  double b;
} StepState;

/* One example's forward and backward pass at the shown state. */
typedef struct {
  double y;
  double z;
  double a;
  double loss;
  double da;
  double dz;
  gsize top[N_TOP_TERMS];   /* the largest |w_j x_j| (n > FEW_FEATURES) */
  guint n_top;
  double rest;              /* z - b - the top terms */
} ExampleValues;

struct _LlStepInspector
{
  GtkBox parent_instance;

  /* template */
  GtkDropDown *run_dropdown;
  GtkSpinButton *example_spin;
  GtkSpinButton *feature_spin;
  GtkButton *back_button;
  GtkButton *step_button;
  GtkButton *copy_button;
  GtkLabel *status_label;
  GtkLabel *empty_label;
  GtkWidget *content_box;
  GtkPicture *example_picture;
  GtkDrawingArea *graph_area;
  GtkLabel *all_label;

  GtkStringList *run_names;
  guint run_index;
  guint example;
  guint feature;

  LlSharedDataset *dataset;     /* held while its LlTrainData is used */
  LlTrainData data;

  /* The shown state: the run's shown model, or where Step brought it. */
  double *w;                    /* data.n_features, or NULL without a model */
  double b;
  guint base_iteration;
  double learning_rate;
  GArray *history;              /* StepState: the states before each Step */
  ExampleValues example_values;

  LlStep *step;                 /* all m examples at the shown state, NULL while computing */
  GCancellable *cancellable;

  LlRunStore *store;            /* followed, see set_store */
  GSignalGroup *store_signals;
};

G_DEFINE_FINAL_TYPE (LlStepInspector, ll_step_inspector, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void ll_step_inspector_update (LlStepInspector *self);

/* Numbers ----------------------------------------------------------------- */

char *
ll_step_format_exact (double value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return g_strdup (isnan (value) ? "nan" : value > 0 ? "inf" : "-inf");
  for (int digits = 15; digits < 17; digits++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", digits);
      g_ascii_formatd (number, sizeof number, format, value);
      if (g_ascii_strtod (number, NULL) == value)
        return g_strdup (number);
    }
  return g_strdup (g_ascii_formatd (number, sizeof number, "%.17g", value));
}

/* Hand-check data (float64 features, no pictures) shows every digit;
 * pictures' steps show six. */
static char *
format_value (LlStepInspector *self,
              double           value)
{
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  if (self->data.X_train != NULL)
    return ll_step_format_exact (value);
  return g_strdup (g_ascii_formatd (number, sizeof number, "%.6g", value));
}

static double
feature_value (const LlTrainData *data,
               gsize              example,
               gsize              feature)
{
  gsize at = example * data->n_features + feature;

  return data->pixels_train != NULL ? data->pixels_train[at] * data->pixel_scale
                                    : data->X_train[at];
}

static gboolean
has_state (LlStepInspector *self)
{
  return self->w != NULL && self->dataset != NULL && self->data.m_train > 0;
}

/* The one example's pass: O(n), on the UI thread. */
static void
compute_example (LlStepInspector *self)
{
  ExampleValues *values = &self->example_values;
  gsize n = self->data.n_features;
  double sum = 0;

  memset (values, 0, sizeof *values);
  for (gsize j = 0; j < n; j++)
    {
      double term = self->w[j] * feature_value (&self->data, self->example, j);

      sum += term;
      if (n <= FEW_FEATURES)
        continue;
      /* Keep the N_TOP_TERMS largest |terms|, largest first. */
      for (guint k = 0; k < N_TOP_TERMS; k++)
        {
          double held = 0;

          if (k < values->n_top)
            held = fabs (self->w[values->top[k]]
                         * feature_value (&self->data, self->example, values->top[k]));
          if (k >= values->n_top || fabs (term) > held)
            {
              guint last = MIN (values->n_top, N_TOP_TERMS - 1);

              memmove (values->top + k + 1, values->top + k, (last - k) * sizeof (gsize));
              values->top[k] = j;
              values->n_top = MIN (values->n_top + 1, N_TOP_TERMS);
              break;
            }
        }
    }
  values->y = self->data.y_train[self->example];
  values->z = sum + self->b;
  values->a = 1.0 / (1.0 + exp (-values->z));
  /* log(1 + e^z) - y z: the cross-entropy, finite at any z. */
  values->loss = (values->z > 0 ? values->z + log1p (exp (-values->z)) : log1p (exp (values->z)))
                 - values->y * values->z;
  values->da = -values->y / values->a + (1 - values->y) / (1 - values->a);
  values->dz = values->a - values->y;
  values->rest = sum;
  for (guint k = 0; k < values->n_top; k++)
    values->rest -= self->w[values->top[k]]
                    * feature_value (&self->data, self->example, values->top[k]);
}

/* The step over all m examples: O(mn), on a worker --------------------------- */

typedef struct {
  LlSharedDataset *dataset;
  double *w;
  double b;
  double learning_rate;
} StepJob;

static void
step_job_free (StepJob *job)
{
  ll_shared_dataset_unref (job->dataset);
  g_free (job->w);
  g_free (job);
}

static void
step_job_run (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  StepJob *job = task_data;
  LlTrainData data = ll_train_data_from_pixels (ll_shared_dataset_get (job->dataset));
  GError *error = NULL;
  LlStep *step = ll_step_compute (&data, job->w, job->b, job->learning_rate, 0, &error);

  if (step == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, step, (GDestroyNotify) ll_step_free);
}

static void
on_step_computed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LlStepInspector *self = LL_STEP_INSPECTOR (object);
  g_autoptr (GError) error = NULL;
  LlStep *step = g_task_propagate_pointer (G_TASK (result), &error);

  if (step == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->status_label, error->message);
      return;
    }
  g_clear_pointer (&self->step, ll_step_free);
  self->step = step;
  ll_step_inspector_update (self);
}

/* The shown state changed: the one example at once, all m on a worker. */
static void
ll_step_inspector_recompute (LlStepInspector *self)
{
  g_autoptr (GTask) task = NULL;
  StepJob *job;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->step, ll_step_free);
  if (has_state (self))
    {
      self->cancellable = g_cancellable_new ();
      job = g_new0 (StepJob, 1);
      job->dataset = ll_shared_dataset_ref (self->dataset);
      job->w = g_memdup2 (self->w, sizeof (double) * self->data.n_features);
      job->b = self->b;
      job->learning_rate = self->learning_rate;
      task = g_task_new (self, self->cancellable, on_step_computed, NULL);
      g_task_set_source_tag (task, ll_step_inspector_recompute);
      g_task_set_task_data (task, job, (GDestroyNotify) step_job_free);
      g_task_run_in_thread (task, step_job_run);
    }
  ll_step_inspector_update (self);
}

/* Text ---------------------------------------------------------------------- */

static char *
shape_text (gsize rows,
            gsize columns)
{
  return g_strdup_printf ("(%zu × %zu)", rows, columns);
}

/* The step for all m examples, with the shapes written out. */
static char *
all_examples_text (LlStepInspector *self)
{
  GString *text = g_string_new (NULL);
  gsize n = self->data.n_features, m = self->data.m_train;
  g_autofree char *row_m = shape_text (1, m);
  g_autofree char *w_row = shape_text (1, n);
  g_autofree char *X_shape = shape_text (n, m);
  g_autofree char *dw_shape = shape_text (n, 1);
  g_autofree char *dZ_column = shape_text (m, 1);
  g_autofree char *rate = format_value (self, self->learning_rate);
  g_autofree char *b = format_value (self, self->b);
  const LlStep *step = self->step;

  g_string_append_printf (text, _("All m = %zu training examples at once "
                                  "(learning rate α = %s):"), m, rate);
  g_string_append_c (text, '\n');
  g_string_append_printf (text, "Z %s = wᵀ %s · X %s + b\n", row_m, w_row, X_shape);
  g_string_append_printf (text, "A %s = σ(Z)\n", row_m);
  if (step == NULL)
    {
      g_string_append (text, _("computing the step over all examples…"));
      return g_string_free (text, FALSE);
    }
  {
    g_autofree char *cost = format_value (self, step->cost);
    g_autofree char *db = format_value (self, step->db);
    g_autofree char *b_next = format_value (self, step->b_next);
    g_autofree char *db_step = format_value (self, self->learning_rate * step->db);
    gsize j = MIN (self->feature, n - 1);
    g_autofree char *wj = format_value (self, step->w[j]);
    g_autofree char *dwj = format_value (self, step->dw[j]);
    g_autofree char *wj_next = format_value (self, step->w_next[j]);

    g_string_append_printf (text, "cost = −1/m Σ (Y log A + (1 − Y) log(1 − A)) = %s\n", cost);
    g_string_append_printf (text, "dZ %s = A − Y\n", row_m);
    g_string_append_printf (text, "dw %s = 1/m X %s · dZᵀ %s", dw_shape, X_shape, dZ_column);
    if (n <= FEW_FEATURES)
      {
        g_string_append (text, " = [");
        for (gsize f = 0; f < n; f++)
          {
            g_autofree char *value = format_value (self, step->dw[f]);

            g_string_append_printf (text, "%s%s", f > 0 ? ", " : "", value);
          }
        g_string_append (text, "]");
      }
    g_string_append_c (text, '\n');
    g_string_append_printf (text, "db = 1/m Σ dZ = %s\n", db);
    g_string_append_printf (text, _("Followed weight j = %zu: "), j);
    g_string_append_printf (text, "w[j]_new = w[j] − α dw[j] = %s − %s × %s = %s\n",
                            wj, rate, dwj, wj_next);
    g_string_append_printf (text, "b_new = b − α db = %s − %s = %s", b, db_step, b_next);
  }
  return g_string_free (text, FALSE);
}

static void
append_values (GString      *text,
               const double *values,
               gsize         count)
{
  g_string_append_c (text, '[');
  for (gsize i = 0; i < count; i++)
    {
      g_autofree char *value = ll_step_format_exact (values[i]);

      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", value);
    }
  g_string_append_c (text, ']');
}

static void
append_list (GString      *text,
             const char   *name,
             const double *values,
             gsize         count)
{
  g_string_append_printf (text, "%s = ", name);
  append_values (text, values, count);
  g_string_append_c (text, '\n');
}

static void
append_number (GString    *text,
               const char *name,
               double      value)
{
  g_autofree char *number = ll_step_format_exact (value);

  g_string_append_printf (text, "%s = %s\n", name, number);
}

char *
ll_step_inspector_dup_text (LlStepInspector *self)
{
  const LlStep *step;
  GString *text;
  gsize n, m;

  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), NULL);
  step = self->step;
  if (step == NULL || !has_state (self))
    return NULL;
  n = step->n_features;
  m = step->m;
  text = g_string_new (NULL);
  g_string_append_printf (text, "# Logistic Lab: one gradient-descent step on “%s”, iteration %u",
                          ll_shared_dataset_get (self->dataset)->name,
                          self->base_iteration + self->history->len);
  g_string_append (text, "\n# Lists are plain Python; X has one column per example (n × m).\n");
  if (n <= MAX_COPIED_WEIGHTS)
    append_list (text, "w", step->w, n);
  else
    g_string_append_printf (text, "# w: %zu weights (export them to get them all)\n", n);
  append_number (text, "b", step->b);
  if (n * m <= MAX_COPIED_DATA)
    {
      g_autofree double *row = g_new (double, m);
      g_autofree double *y = g_new (double, m);

      g_string_append (text, "X = [\n");
      for (gsize f = 0; f < n; f++)
        {
          for (gsize i = 0; i < m; i++)
            row[i] = feature_value (&self->data, i, f);
          g_string_append (text, "  ");
          append_values (text, row, m);
          g_string_append (text, ",\n");
        }
      for (gsize i = 0; i < m; i++)
        y[i] = self->data.y_train[i];
      g_string_append (text, "]\n");
      append_list (text, "Y", y, m);
    }
  else
    g_string_append_printf (text, "# X: %zu × %zu, Y: %" G_GSIZE_FORMAT
                            " labels (the dataset's training set)\n", n, m, m);
  g_string_append (text, "# forward: z = w·x + b, a = sigmoid(z), for every example\n");
  append_list (text, "z", step->z, m);
  append_list (text, "a", step->a, m);
  append_number (text, "cost", step->cost);
  g_string_append (text, "# backward: dz = a - y, dw = X dz / m, db = mean(dz)\n");
  append_list (text, "dz", step->dz, m);
  if (n <= MAX_COPIED_WEIGHTS)
    append_list (text, "dw", step->dw, n);
  else
    {
      g_autofree char *name = g_strdup_printf ("dw[%u]", self->feature);

      append_number (text, name, step->dw[MIN (self->feature, n - 1)]);
    }
  append_number (text, "db", step->db);
  append_number (text, "learning_rate", step->learning_rate);
  g_string_append (text, "# update: w_new = w - learning_rate * dw, b_new = b - learning_rate * db\n");
  if (n <= MAX_COPIED_WEIGHTS)
    append_list (text, "w_new", step->w_next, n);
  append_number (text, "b_new", step->b_next);
  return g_string_free (text, FALSE);
}

/* The graph -------------------------------------------------------------- */

typedef struct {
  double x, y, width, height;
} Box;

static void
draw_arrow (cairo_t *cr,
            double   x0,
            double   y0,
            double   x1,
            double   y1)
{
  double angle = atan2 (y1 - y0, x1 - x0);
  double head = 8;

  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1, y1);
  cairo_stroke (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - head * cos (angle - 0.4), y1 - head * sin (angle - 0.4));
  cairo_line_to (cr, x1 - head * cos (angle + 0.4), y1 - head * sin (angle + 0.4));
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_box (LlStepInspector *self,
          cairo_t         *cr,
          const Box       *box,
          const GdkRGBA   *foreground,
          const GdkRGBA   *tint,
          const char      *markup)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self->graph_area), NULL);
  double pad = 8;

  cairo_rectangle (cr, box->x, box->y, box->width, box->height);
  cairo_set_source_rgba (cr, tint->red, tint->green, tint->blue, 0.14);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, tint->red, tint->green, tint->blue, 0.8);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, (int) ((box->width - 2 * pad) * PANGO_SCALE));
  pango_layout_set_height (layout, (int) ((box->height - 2 * pad) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  cairo_save (cr);
  cairo_rectangle (cr, box->x, box->y, box->width, box->height);
  cairo_clip (cr);
  gdk_cairo_set_source_rgba (cr, foreground);
  cairo_move_to (cr, box->x + pad, box->y + pad);
  pango_cairo_show_layout (cr, layout);
  cairo_restore (cr);
  g_object_unref (layout);
}

/* The box texts: title (bold), formula, values; escaped markup. */
static char *
box_markup (const char *title,
            const char *body)
{
  return g_markup_printf_escaped ("<b>%s</b>\n%s", title, body);
}

static char *
input_body (LlStepInspector *self)
{
  const ExampleValues *values = &self->example_values;
  gsize n = self->data.n_features;
  g_autofree char *y = format_value (self, values->y);
  const LlDataset *dataset = ll_shared_dataset_get (self->dataset);
  GString *body = g_string_new (NULL);

  if (n <= FEW_FEATURES)
    for (gsize j = 0; j < n; j++)
      {
        g_autofree char *x = format_value (self, feature_value (&self->data, self->example, j));

        g_string_append_printf (body, "x[%zu] = %s\n", j, x);
      }
  else
    {
      g_autofree char *x = format_value (self, feature_value (&self->data, self->example,
                                                              self->feature));

      g_string_append_printf (body, _("%zu features"), n);
      g_string_append_printf (body, "\nx[%u] = %s\n", self->feature, x);
    }
  g_string_append_printf (body, "y = %s", y);
  if (dataset->class_names != NULL && values->y < dataset->n_classes
      && g_strcmp0 (dataset->class_names[(guint) values->y], y) != 0)
    g_string_append_printf (body, " (%s)", dataset->class_names[(guint) values->y]);
  return g_string_free (body, FALSE);
}

static char *
dot_body (LlStepInspector *self)
{
  const ExampleValues *values = &self->example_values;
  gsize n = self->data.n_features;
  g_autofree char *z = format_value (self, values->z);
  g_autofree char *b = format_value (self, self->b);
  GString *body = g_string_new (NULL);

  if (n <= FEW_FEATURES)
    for (gsize j = 0; j < n; j++)
      {
        g_autofree char *w = format_value (self, self->w[j]);
        g_autofree char *x = format_value (self, feature_value (&self->data, self->example, j));

        g_string_append_printf (body, "%s %s × %s\n", j == 0 ? "=" : "+", w, x);
      }
  else
    {
      g_autofree char *rest = format_value (self, values->rest);

      for (guint k = 0; k < values->n_top; k++)
        {
          gsize j = values->top[k];
          g_autofree char *term = format_value (self, self->w[j]
                                                      * feature_value (&self->data, self->example, j));

          g_string_append_printf (body, "%s %s  (j = %zu)\n",
                                  k == 0 ? "=" : "+", term, j);
        }
      g_string_append_printf (body, "+ %s  ", rest);
      g_string_append_printf (body, _("(the other %zu)"), n - values->n_top);
      g_string_append_c (body, '\n');
    }
  g_string_append_printf (body, "+ %s  (b)\nz = %s", b, z);
  return g_string_free (body, FALSE);
}

static char *
gradient_body (LlStepInspector *self)
{
  const ExampleValues *values = &self->example_values;
  gsize n = self->data.n_features;
  g_autofree char *db = format_value (self, values->dz);
  GString *body = g_string_new ("dw[j] = x[j] dz, db = dz\n");

  for (gsize j = 0; j < n; j++)
    {
      g_autofree char *dw = NULL;

      if (n > FEW_FEATURES && j != self->feature)
        continue;
      dw = format_value (self, feature_value (&self->data, self->example, j) * values->dz);
      g_string_append_printf (body, "dw[%zu] = %s\n", j, dw);
    }
  g_string_append_printf (body, "db = %s", db);
  return g_string_free (body, FALSE);
}

/* The update of the followed weight and of b, from the step over all m. */
static char *
update_body (LlStepInspector *self)
{
  gsize j = MIN (self->feature, self->data.n_features - 1);
  g_autofree char *w_next = NULL, *b_next = NULL, *dw = NULL, *db = NULL;

  if (self->step == NULL)
    return g_strdup (_("computing the step over all examples…"));
  dw = format_value (self, self->step->dw[j]);
  db = format_value (self, self->step->db);
  w_next = format_value (self, self->step->w_next[j]);
  b_next = format_value (self, self->step->b_next);
  return g_strdup_printf (_("averaged over all m examples:\n"
                            "dw[%zu] = %s, db = %s\n"
                            "w[%zu] − α dw[%zu] = %s\n"
                            "b − α db = %s"), j, dw, db, j, j, w_next, b_next);
}

static void
draw_graph (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  LlStepInspector *self = user_data;
  const ExampleValues *values = &self->example_values;
  GdkRGBA foreground;
  const GdkRGBA forward_tint = { 0.21, 0.52, 0.89, 1 };   /* GNOME blue 3 */
  const GdkRGBA backward_tint = { 0.90, 0.38, 0.0, 1 };   /* GNOME orange 4 */
  const GdkRGBA update_tint = { 0.15, 0.64, 0.41, 1 };    /* GNOME green 5 */
  double margin = 8, gap = 34;
  double box_width = (width - 2 * margin - 3 * gap) / 4;
  double box_height = (height - 2 * margin - gap) / 2;
  Box boxes[2][4];
  g_autofree char *input = NULL, *dot = NULL, *gradient = NULL, *update = NULL;
  g_autofree char *a = NULL, *loss = NULL, *da = NULL, *dz = NULL;
  g_autofree char *a_body = NULL, *loss_body = NULL, *da_body = NULL, *dz_body = NULL;
  char *markups[2][4] = { { NULL } };

  if (!has_state (self) || box_width < 40 || box_height < 40)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &foreground);
  G_GNUC_END_IGNORE_DEPRECATIONS

  for (guint row = 0; row < 2; row++)
    for (guint column = 0; column < 4; column++)
      boxes[row][column] = (Box) { margin + column * (box_width + gap),
                                   margin + row * (box_height + gap), box_width, box_height };

  input = input_body (self);
  dot = dot_body (self);
  gradient = gradient_body (self);
  a = format_value (self, values->a);
  loss = format_value (self, values->loss);
  da = format_value (self, values->da);
  dz = format_value (self, values->dz);
  a_body = g_strdup_printf ("a = 1 / (1 + e⁻ᶻ)\na = %s", a);
  loss_body = g_strdup_printf ("L = −(y log a + (1 − y) log(1 − a))\nL = %s", loss);
  da_body = g_strdup_printf ("dL/da = −y/a + (1 − y)/(1 − a)\n= %s", da);
  dz_body = g_strdup_printf ("dz = dL/da · a(1 − a) = a − y\ndz = %s", dz);

  markups[0][0] = box_markup (_("x: the example"), input);
  markups[0][1] = box_markup ("z = w·x + b", dot);
  markups[0][2] = box_markup ("a = σ(z)", a_body);
  markups[0][3] = box_markup (_("L(a, y): the loss"), loss_body);
  update = update_body (self);
  markups[1][0] = box_markup (_("w := w − α dw, b := b − α db"), update);
  markups[1][1] = box_markup (_("dw, db: the gradients"), gradient);
  markups[1][2] = box_markup ("dz", dz_body);
  markups[1][3] = box_markup ("dL/da", da_body);

  for (guint row = 0; row < 2; row++)
    for (guint column = 0; column < 4; column++)
      if (markups[row][column] != NULL)
        {
          draw_box (self, cr, &boxes[row][column], &foreground,
                    row == 0 ? &forward_tint : column == 0 ? &update_tint : &backward_tint,
                    markups[row][column]);
          g_free (markups[row][column]);
        }

  cairo_set_line_width (cr, 2);
  gdk_cairo_set_source_rgba (cr, &forward_tint);
  for (guint column = 0; column < 3; column++)
    draw_arrow (cr, boxes[0][column].x + box_width + 2, margin + box_height / 2,
                boxes[0][column + 1].x - 2, margin + box_height / 2);
  gdk_cairo_set_source_rgba (cr, &backward_tint);
  draw_arrow (cr, boxes[0][3].x + box_width / 2, margin + box_height + 2,
              boxes[1][3].x + box_width / 2, boxes[1][3].y - 2);
  for (guint column = 3; column > 0; column--)
    draw_arrow (cr, boxes[1][column].x - 2, boxes[1][0].y + box_height / 2,
                boxes[1][column - 1].x + box_width + 2, boxes[1][0].y + box_height / 2);
}

/* Showing the state --------------------------------------------------------- */

static void
update_picture (LlStepInspector *self)
{
  const LlDataset *dataset = self->dataset != NULL ? ll_shared_dataset_get (self->dataset) : NULL;
  g_autoptr (GdkTexture) texture = NULL;

  if (dataset != NULL && dataset->train.pixels != NULL && self->example < dataset->train.count)
    {
      guint scale = ll_texture_scale_for (dataset->width, dataset->height, 96);

      texture = ll_texture_from_pixels (dataset->train.pixels + self->example * dataset->n_features,
                                        dataset->width, dataset->height, dataset->channels, scale);
      gtk_widget_set_size_request (GTK_WIDGET (self->example_picture),
                                   (int) (dataset->width * scale), (int) (dataset->height * scale));
    }
  gtk_picture_set_paintable (self->example_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (GTK_WIDGET (self->example_picture), texture != NULL);
}

static void
ll_step_inspector_update (LlStepInspector *self)
{
  gboolean shown = has_state (self);
  guint n_steps = self->history->len;

  gtk_widget_set_visible (self->content_box, shown);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label), !shown);
  gtk_widget_set_sensitive (GTK_WIDGET (self->step_button), shown && self->step != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), n_steps > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->copy_button), shown && self->step != NULL);
  if (!shown)
    return;

  compute_example (self);
  {
    g_autofree char *rate = format_value (self, self->learning_rate);
    g_autofree char *status = NULL;
    g_autofree char *all = all_examples_text (self);

    if (n_steps > 0)
      status = g_strdup_printf (ngettext ("Stepped %u iteration from iteration %u "
                                          "(learning rate %s): iteration %u",
                                          "Stepped %u iterations from iteration %u "
                                          "(learning rate %s): iteration %u", n_steps),
                                n_steps, self->base_iteration, rate,
                                self->base_iteration + n_steps);
    else
      status = g_strdup_printf (_("Iteration %u of the run at learning rate %s "
                                  "(its shown record point)"), self->base_iteration, rate);
    gtk_label_set_text (self->status_label, status);
    gtk_label_set_text (self->all_label, all);
  }
  gtk_widget_queue_draw (GTK_WIDGET (self->graph_area));
}

static void
clear_history (LlStepInspector *self)
{
  g_array_set_size (self->history, 0);
}

/* The chosen run's shown model becomes the state (the trajectory is dropped). */
static void
load_run_state (LlStepInspector *self)
{
  LlRun *run = self->store != NULL ? ll_run_store_get_run (self->store, self->run_index) : NULL;
  LlRunModel *model = run != NULL ? ll_run_get_shown_model (run) : NULL;

  clear_history (self);
  g_clear_pointer (&self->w, g_free);
  if (model != NULL && model->w != NULL && self->dataset != NULL
      && model->n_features == self->data.n_features)
    {
      self->w = g_memdup2 (model->w, sizeof (double) * model->n_features);
      self->b = model->b;
      self->base_iteration = model->iteration;
      self->learning_rate = ll_run_get_learning_rate (run);
    }
  ll_step_inspector_recompute (self);
}

gboolean
ll_step_inspector_step (LlStepInspector *self)
{
  StepState state;

  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), FALSE);
  if (self->step == NULL || !has_state (self))
    return FALSE;
  state.w = g_steal_pointer (&self->w);
  state.b = self->b;
  g_array_append_val (self->history, state);
  self->w = g_memdup2 (self->step->w_next, sizeof (double) * self->step->n_features);
  self->b = self->step->b_next;
  ll_step_inspector_recompute (self);
  return TRUE;
}

gboolean
ll_step_inspector_back (LlStepInspector *self)
{
  StepState *state;

  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), FALSE);
  if (self->history->len == 0)
    return FALSE;
  state = &g_array_index (self->history, StepState, self->history->len - 1);
  g_free (self->w);
  self->w = g_steal_pointer (&state->w);
  self->b = state->b;
  g_array_set_size (self->history, self->history->len - 1);
  ll_step_inspector_recompute (self);
  return TRUE;
}

guint
ll_step_inspector_get_n_steps (LlStepInspector *self)
{
  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), 0);
  return self->history->len;
}

const LlStep *
ll_step_inspector_get_step (LlStepInspector *self)
{
  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), NULL);
  return self->step;
}

void
ll_step_inspector_set_example (LlStepInspector *self,
                               guint            example)
{
  g_return_if_fail (LL_IS_STEP_INSPECTOR (self));
  gtk_spin_button_set_value (self->example_spin, example);
}

void
ll_step_inspector_set_feature (LlStepInspector *self,
                               guint            feature)
{
  g_return_if_fail (LL_IS_STEP_INSPECTOR (self));
  gtk_spin_button_set_value (self->feature_spin, feature);
}

static void
on_example_changed (LlStepInspector *self)
{
  self->example = (guint) gtk_spin_button_get_value_as_int (self->example_spin);
  update_picture (self);
  ll_step_inspector_update (self);
}

static void
on_feature_changed (LlStepInspector *self)
{
  self->feature = (guint) gtk_spin_button_get_value_as_int (self->feature_spin);
  ll_step_inspector_update (self);
}

static void
on_step_clicked (LlStepInspector *self)
{
  ll_step_inspector_step (self);
}

static void
on_back_clicked (LlStepInspector *self)
{
  ll_step_inspector_back (self);
}

static void
on_copy_clicked (LlStepInspector *self)
{
  g_autofree char *text = ll_step_inspector_dup_text (self);

  if (text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
on_run_chosen (LlStepInspector *self)
{
  guint selected = gtk_drop_down_get_selected (self->run_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == self->run_index)
    return;
  self->run_index = selected;
  load_run_state (self);
}

/* Following the run store -------------------------------------------------- */

/* The chosen run's shown point moved: follow it unless the student stepped. */
static void
on_store_run_updated (LlStepInspector *self,
                      guint            position,
                      LlRun           *run)
{
  if (position == self->run_index && self->history->len == 0)
    {
      LlRunModel *model = ll_run_get_shown_model (run);

      if (self->w == NULL || model == NULL || model->iteration != self->base_iteration)
        load_run_state (self);
    }
}

static void
on_store_items_changed (LlStepInspector *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n_runs; i++)
    g_ptr_array_add (names, g_strdup_printf ("lr = %s",
                                             ll_run_get_label (ll_run_store_get_run (self->store, i))));
  g_ptr_array_add (names, NULL);
  if (self->run_index >= n_runs)
    self->run_index = 0;
  g_signal_handlers_block_by_func (self->run_dropdown, on_run_chosen, self);
  gtk_string_list_splice (self->run_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->run_names)),
                          (const char *const *) names->pdata);
  gtk_drop_down_set_selected (self->run_dropdown, n_runs > 0 ? self->run_index
                                                             : GTK_INVALID_LIST_POSITION);
  g_signal_handlers_unblock_by_func (self->run_dropdown, on_run_chosen, self);
  load_run_state (self);
}

static void
on_store_dataset (LlStepInspector *self)
{
  LlSharedDataset *dataset = self->store != NULL ? ll_run_store_get_dataset (self->store) : NULL;

  if (dataset == self->dataset)
    return;
  g_clear_pointer (&self->w, g_free);
  clear_history (self);
  g_clear_pointer (&self->dataset, ll_shared_dataset_unref);
  memset (&self->data, 0, sizeof self->data);
  if (dataset != NULL)
    {
      self->dataset = ll_shared_dataset_ref (dataset);
      self->data = ll_train_data_from_pixels (ll_shared_dataset_get (dataset));
    }
  gtk_spin_button_set_range (self->example_spin, 0, MAX (self->data.m_train, 1) - 1.0);
  gtk_spin_button_set_range (self->feature_spin, 0, MAX (self->data.n_features, 1) - 1.0);
  on_example_changed (self);
}

void
ll_step_inspector_set_store (LlStepInspector *self,
                             LlRunStore      *store)
{
  g_return_if_fail (LL_IS_STEP_INSPECTOR (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  on_store_dataset (self);
  on_store_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_step_inspector_get_store (LlStepInspector *self)
{
  g_return_val_if_fail (LL_IS_STEP_INSPECTOR (self), NULL);
  return self->store;
}

GtkWidget *
ll_step_inspector_new (void)
{
  return g_object_new (LL_TYPE_STEP_INSPECTOR, NULL);
}

static void
ll_step_inspector_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, ll_step_inspector_get_store ((LlStepInspector *) object));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_step_inspector_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      ll_step_inspector_set_store ((LlStepInspector *) object, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
step_state_clear (StepState *state)
{
  g_clear_pointer (&state->w, g_free);
}

static void
ll_step_inspector_dispose (GObject *object)
{
  LlStepInspector *self = LL_STEP_INSPECTOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (ll_step_inspector_parent_class)->dispose (object);
}

static void
ll_step_inspector_finalize (GObject *object)
{
  LlStepInspector *self = LL_STEP_INSPECTOR (object);

  g_clear_object (&self->store_signals);
  g_clear_pointer (&self->history, g_array_unref);
  g_clear_pointer (&self->step, ll_step_free);
  g_clear_pointer (&self->w, g_free);
  g_clear_pointer (&self->dataset, ll_shared_dataset_unref);
  G_OBJECT_CLASS (ll_step_inspector_parent_class)->finalize (object);
}

static void
ll_step_inspector_class_init (LlStepInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_step_inspector_dispose;
  object_class->finalize = ll_step_inspector_finalize;
  object_class->get_property = ll_step_inspector_get_property;
  object_class->set_property = ll_step_inspector_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  ll_style_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-step-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, run_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, example_spin);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, feature_spin);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, back_button);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, step_button);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, copy_button);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, status_label);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, empty_label);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, content_box);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, example_picture);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, graph_area);
  gtk_widget_class_bind_template_child (widget_class, LlStepInspector, all_label);
  gtk_widget_class_bind_template_callback (widget_class, on_example_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_feature_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_step_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_back_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_run_chosen);
}

static void
ll_step_inspector_init (LlStepInspector *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  ll_style_ensure_loaded (GTK_WIDGET (self));

  self->history = g_array_new (FALSE, TRUE, sizeof (StepState));
  g_array_set_clear_func (self->history, (GDestroyNotify) step_state_clear);
  self->run_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->run_dropdown, G_LIST_MODEL (self->run_names));
  g_object_unref (self->run_names);   /* the drop-down holds it */
  gtk_drawing_area_set_draw_func (self->graph_area, draw_graph, self, NULL);

  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_object (self->store_signals, "notify::dataset",
                                 G_CALLBACK (on_store_dataset), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "items-changed",
                                 G_CALLBACK (on_store_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->store_signals, "run-updated",
                                 G_CALLBACK (on_store_run_updated), self, G_CONNECT_SWAPPED);
  ll_step_inspector_update (self);
}
