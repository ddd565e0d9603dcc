/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-step-graph.c: see ll-step-graph.h. */
#include "config.h"

#include "ll-step-graph.h"

#include <math.h>
#include <glib/gi18n.h>

struct _LlStepGraph
{
  GtkDrawingArea parent_instance;

  const LlStepState *state;   /* borrowed from the inspector */
  double line_scale;          /* projector mode's thicker lines (1 = normal) */
  int line_height;            /* of the font last measured with, 0 before */
};

G_DEFINE_FINAL_TYPE (LlStepGraph, ll_step_graph, GTK_TYPE_DRAWING_AREA)

typedef struct {
  double x, y, width, height;
} Box;

/* The layout: margins, the gaps the arrows cross, the boxes' padding. */
#define MARGIN 8
#define GAP 34
#define PAD 8

/* The head grows with the line (projector mode), so the arrow stays one. */
static void
draw_arrow (cairo_t *cr,
            double   x0,
            double   y0,
            double   x1,
            double   y1)
{
  double angle = atan2 (y1 - y0, x1 - x0);
  double head = 4 * cairo_get_line_width (cr);

  /* The shaft ends inside the head: a thick one's square end would poke
   * out beside the tip. */
  cairo_move_to (cr, x0, y0);
  cairo_line_to (cr, x1 - 0.8 * head * cos (angle), y1 - 0.8 * head * sin (angle));
  cairo_stroke (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x1 - head * cos (angle - 0.4), y1 - head * sin (angle - 0.4));
  cairo_line_to (cr, x1 - head * cos (angle + 0.4), y1 - head * sin (angle + 0.4));
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_box (GtkWidget       *widget,
          cairo_t         *cr,
          const Box       *box,
          double           line_scale,
          const GdkRGBA   *foreground,
          const GdkRGBA   *tint,
          const char      *markup)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, NULL);
  double pad = PAD;

  cairo_rectangle (cr, box->x, box->y, box->width, box->height);
  cairo_set_source_rgba (cr, tint->red, tint->green, tint->blue, 0.14);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, tint->red, tint->green, tint->blue, 0.8);
  cairo_set_line_width (cr, 1.5 * line_scale);
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
input_body (const LlStepState *state)
{
  const LlStepExample *values = &state->example_values;
  gsize n = state->data.n_features;
  g_autofree char *y = ll_step_state_format (state, values->y);
  const LlDataset *dataset = ll_shared_dataset_get (state->dataset);
  GString *body = g_string_new (NULL);

  g_string_append_printf (body, state->example_is_test ? _("test image %u") : _("training example %u"),
                          state->example);
  g_string_append_c (body, '\n');
  if (n <= LL_STEP_FEW_FEATURES)
    for (gsize j = 0; j < n; j++)
      {
        g_autofree char *x = ll_step_state_format (state, ll_step_state_chosen_value (state, j));

        g_string_append_printf (body, "x[%zu] = %s\n", j, x);
      }
  else
    {
      g_autofree char *x = ll_step_state_format (state, ll_step_state_chosen_value (state, state->feature));

      g_string_append_printf (body, _("%zu features"), n);
      g_string_append_printf (body, "\nx[%u] = %s\n", state->feature, x);
    }
  g_string_append_printf (body, "y = %s", y);
  if (dataset->class_names != NULL && values->y < dataset->n_classes
      && g_strcmp0 (dataset->class_names[(guint) values->y], y) != 0)
    g_string_append_printf (body, " (%s)", dataset->class_names[(guint) values->y]);
  return g_string_free (body, FALSE);
}

static char *
dot_body (const LlStepState *state)
{
  const LlStepExample *values = &state->example_values;
  gsize n = state->data.n_features;
  g_autofree char *z = ll_step_state_format (state, values->z);
  g_autofree char *b = ll_step_state_format (state, state->b);
  GString *body = g_string_new (NULL);

  if (n <= LL_STEP_FEW_FEATURES)
    for (gsize j = 0; j < n; j++)
      {
        g_autofree char *w = ll_step_state_format (state, state->w[j]);
        g_autofree char *x = ll_step_state_format (state, ll_step_state_chosen_value (state, j));

        g_string_append_printf (body, "%s %s × %s\n", j == 0 ? "=" : "+", w, x);
      }
  else
    {
      g_autofree char *rest = ll_step_state_format (state, values->rest);

      for (guint k = 0; k < values->n_top; k++)
        {
          gsize j = values->top[k];
          g_autofree char *term =
            ll_step_state_format (state, state->w[j] * ll_step_state_chosen_value (state, j));

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
gradient_body (const LlStepState *state)
{
  const LlStepExample *values = &state->example_values;
  gsize n = state->data.n_features;
  g_autofree char *db = ll_step_state_format (state, values->dz);
  GString *body = g_string_new ("dw[j] = x[j] dz, db = dz\n");

  for (gsize j = 0; j < n; j++)
    {
      g_autofree char *dw = NULL;

      if (n > LL_STEP_FEW_FEATURES && j != state->feature)
        continue;
      dw = ll_step_state_format (state,
                                 ll_step_state_chosen_value (state, j) * values->dz);
      g_string_append_printf (body, "dw[%zu] = %s\n", j, dw);
    }
  g_string_append_printf (body, "db = %s", db);
  return g_string_free (body, FALSE);
}

/* The update of the followed weight and of b, from the step over all m. */
static char *
update_body (const LlStepState *state)
{
  gsize j = MIN (state->feature, state->data.n_features - 1);
  g_autofree char *w_next = NULL, *b_next = NULL, *dw = NULL, *db = NULL;

  if (state->step == NULL)
    return g_strdup (_("computing the step over all examples…"));
  dw = ll_step_state_format (state, state->step->dw[j]);
  db = ll_step_state_format (state, state->step->db);
  w_next = ll_step_state_format (state, state->step->w_next[j]);
  b_next = ll_step_state_format (state, state->step->b_next);
  return g_strdup_printf (_("averaged over all m examples:\n"
                            "dw[%zu] = %s, db = %s\n"
                            "w[%zu] − α dw[%zu] = %s\n"
                            "b − α db = %s"), j, dw, db, j, j, w_next, b_next);
}

/* The eight boxes' texts, [row][column]: the forward pass on top, the
 * backward one below (right to left); free each with g_free. */
static void
fill_markups (const LlStepState *state,
              char              *markups[2][4])
{
  const LlStepExample *values = &state->example_values;
  g_autofree char *input = input_body (state);
  g_autofree char *dot = dot_body (state);
  g_autofree char *gradient = gradient_body (state);
  g_autofree char *update = update_body (state);
  g_autofree char *a = ll_step_state_format (state, values->a);
  g_autofree char *loss = ll_step_state_format (state, values->loss);
  g_autofree char *da = ll_step_state_format (state, values->da);
  g_autofree char *dz = ll_step_state_format (state, values->dz);
  g_autofree char *a_body = g_strdup_printf ("a = 1 / (1 + e⁻ᶻ)\na = %s", a);
  g_autofree char *loss_body = g_strdup_printf ("L = −(y log a + (1 − y) log(1 − a))\nL = %s", loss);
  g_autofree char *da_body = g_strdup_printf ("dL/da = −y/a + (1 − y)/(1 − a)\n= %s", da);
  g_autofree char *dz_body = g_strdup_printf ("dz = dL/da · a(1 − a) = a − y\ndz = %s", dz);

  markups[0][0] = box_markup (_("x: the example"), input);
  markups[0][1] = box_markup ("z = w·x + b", dot);
  markups[0][2] = box_markup ("a = σ(z)", a_body);
  markups[0][3] = box_markup (_("L(a, y): the loss"), loss_body);
  markups[1][0] = box_markup (_("w := w − α dw, b := b − α db"), update);
  markups[1][1] = box_markup (_("dw, db: the gradients"), gradient);
  markups[1][2] = box_markup ("dz", dz_body);
  markups[1][3] = box_markup ("dL/da", da_body);
}

static void
draw_graph (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  LlStepGraph *self = LL_STEP_GRAPH (area);
  const LlStepState *state = self->state;
  GdkRGBA foreground;
  const GdkRGBA forward_tint = { 0.21, 0.52, 0.89, 1 };   /* GNOME blue 3 */
  const GdkRGBA backward_tint = { 0.90, 0.38, 0.0, 1 };   /* GNOME orange 4 */
  const GdkRGBA update_tint = { 0.15, 0.64, 0.41, 1 };    /* GNOME green 5 */
  double margin = MARGIN, gap = GAP;
  double box_width = (width - 2 * margin - 3 * gap) / 4;
  double box_height = (height - 2 * margin - gap) / 2;
  Box boxes[2][4];
  char *markups[2][4] = { { NULL } };

  if (state == NULL || !ll_step_state_is_shown (state) || box_width < 40 || box_height < 40)
    return;
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &foreground);
  G_GNUC_END_IGNORE_DEPRECATIONS

  for (guint row = 0; row < 2; row++)
    for (guint column = 0; column < 4; column++)
      boxes[row][column] = (Box) { margin + column * (box_width + gap),
                                   margin + row * (box_height + gap), box_width, box_height };

  fill_markups (state, markups);

  for (guint row = 0; row < 2; row++)
    for (guint column = 0; column < 4; column++)
      if (markups[row][column] != NULL)
        {
          draw_box (GTK_WIDGET (area), cr, &boxes[row][column], self->line_scale, &foreground,
                    row == 0 ? &forward_tint : column == 0 ? &update_tint : &backward_tint,
                    markups[row][column]);
          g_free (markups[row][column]);
        }

  cairo_set_line_width (cr, 2 * self->line_scale);
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

void
ll_step_graph_set_state (LlStepGraph       *self,
                         const LlStepState *state)
{
  g_return_if_fail (LL_IS_STEP_GRAPH (self));

  self->state = state;
  /* New values can take more lines (ll_step_graph_measure). */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
ll_step_graph_set_line_scale (LlStepGraph *self,
                              double       line_scale)
{
  g_return_if_fail (LL_IS_STEP_GRAPH (self));

  line_scale = isfinite (line_scale) ? CLAMP (line_scale, 0.25, 8.0) : 1.0;
  if (self->line_scale == line_scale)
    return;
  self->line_scale = line_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
ll_step_graph_get_line_scale (LlStepGraph *self)
{
  g_return_val_if_fail (LL_IS_STEP_GRAPH (self), 1.0);

  return self->line_scale;
}

GtkWidget *
ll_step_graph_new (void)
{
  return g_object_new (LL_TYPE_STEP_GRAPH, NULL);
}

/* The boxes hold up to this many lines of the widget's font (the update's
 * title wrapped, four lines, a wrapped one): with the zoom or projector
 * mode's larger text the graph grows taller instead of cutting them off
 * (the inspector scrolls). */
#define BOX_LINES 8

static int
get_line_height (GtkWidget *widget)
{
  g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (widget, "Ag");
  int line_height;

  pango_layout_get_pixel_size (layout, NULL, &line_height);
  return line_height;
}

/* GTK does not measure a drawing area again when only its font changes. */
static void
ll_step_graph_css_changed (GtkWidget         *widget,
                           GtkCssStyleChange *change)
{
  LlStepGraph *self = LL_STEP_GRAPH (widget);

  GTK_WIDGET_CLASS (ll_step_graph_parent_class)->css_changed (widget, change);
  if (self->line_height != 0 && get_line_height (widget) != self->line_height)
    gtk_widget_queue_resize (widget);
}

/* The height of the tallest box text wrapped in a box of BOX_WIDTH (as
 * draw_box lays it out), 0 when nothing is shown. */
static int
tallest_text (LlStepGraph *self,
              double       box_width)
{
  char *markups[2][4] = { { NULL } };
  int tallest = 0;

  if (self->state == NULL || !ll_step_state_is_shown (self->state) || box_width - 2 * PAD < 20)
    return 0;
  fill_markups (self->state, markups);
  for (guint row = 0; row < 2; row++)
    for (guint column = 0; column < 4; column++)
      {
        g_autoptr (PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
        int height;

        pango_layout_set_markup (layout, markups[row][column], -1);
        pango_layout_set_width (layout, (int) ((box_width - 2 * PAD) * PANGO_SCALE));
        pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
        pango_layout_get_pixel_size (layout, NULL, &height);
        tallest = MAX (tallest, height);
        g_free (markups[row][column]);
      }
  return tallest;
}

/* Height for width: narrow boxes (1024 pixels, a long number) wrap their
 * text into more lines than BOX_LINES, and the boxes grow to hold them
 * rather than end in "…". */
static GtkSizeRequestMode
ll_step_graph_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
ll_step_graph_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  GTK_WIDGET_CLASS (ll_step_graph_parent_class)->measure (widget, orientation, for_size, minimum, natural,
                                                          minimum_baseline, natural_baseline);
  if (orientation == GTK_ORIENTATION_VERTICAL)
    {
      int line_height = get_line_height (widget);
      int text_height = BOX_LINES * line_height;
      int needed;

      if (for_size > 0)
        text_height = MAX (text_height, tallest_text (LL_STEP_GRAPH (widget),
                                                      (for_size - 2.0 * MARGIN - 3.0 * GAP) / 4));
      /* Two rows of boxes, the gap between them, the margins: as
       * draw_graph lays them out. */
      needed = 2 * (text_height + 2 * PAD) + GAP + 2 * MARGIN;

      LL_STEP_GRAPH (widget)->line_height = line_height;
      *minimum = MAX (*minimum, needed);
      *natural = MAX (*natural, needed);
    }
}

static void
ll_step_graph_class_init (LlStepGraphClass *klass)
{
  GTK_WIDGET_CLASS (klass)->measure = ll_step_graph_measure;
  GTK_WIDGET_CLASS (klass)->get_request_mode = ll_step_graph_get_request_mode;
  GTK_WIDGET_CLASS (klass)->css_changed = ll_step_graph_css_changed;
}

static void
ll_step_graph_init (LlStepGraph *self)
{
  self->line_scale = 1.0;
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self), draw_graph, NULL, NULL);
}
