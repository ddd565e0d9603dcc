/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-figure-view.c: see ll-figure-view.h. */
#include "config.h"

#include "ll-figure-view.h"
#include "ll-swatch.h"      /* ll_widget_is_dark */

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>

/* How near (device units, times the font scale) a click or the pointer must
 * come to a point to take it: a marker and a finger's slack. */
#define HIT_RADIUS 14.0

typedef enum {
  CURSOR_NONE,
  CURSOR_X,
  CURSOR_POINT,
} CursorKind;

struct _LlFigureView
{
  GtkWidget parent_instance;

  LlFigure *figure;
  double font_scale;
  double line_scale;  /* 0 = 1: projector mode's thicker lines */
  gboolean point_readout;
  char *description;
  char *export_name;

  CursorKind cursor;
  double cursor_x;
  guint cursor_layer;
  gsize cursor_index;

  GtkWidget *menu;          /* the right-click popover */
  GMenu *menu_model;        /* its items */
};

G_DEFINE_FINAL_TYPE (LlFigureView, ll_figure_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FONT_SCALE,
  PROP_POINT_READOUT,
  PROP_DESCRIPTION,
  PROP_EXPORT_NAME,
  N_PROPS
};

enum {
  SIGNAL_LAYER_TOGGLED,
  SIGNAL_POINT_ACTIVATED,
  SIGNAL_CURSOR_CHANGED,
  SIGNAL_EXPORT_DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static double
get_width (LlFigureView *self)
{
  return gtk_widget_get_width (GTK_WIDGET (self));
}

static double
get_height (LlFigureView *self)
{
  return gtk_widget_get_height (GTK_WIDGET (self));
}

/* TRUE when *FIELD changed to a copy of VALUE (GLib 2.74 has no g_set_str). */
static gboolean
set_string (char **field, const char *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

/* ---- the readout ---- */

static LlPlotLayer *
cursor_layer (LlFigureView *self)
{
  LlPlotLayer *layer;

  if (self->figure == NULL || self->cursor != CURSOR_POINT ||
      self->cursor_layer >= ll_figure_get_n_layers (self->figure))
    return NULL;
  layer = ll_figure_get_layer (self->figure, self->cursor_layer);
  if (self->cursor_index >= ll_plot_layer_get_n_points (layer) || !ll_plot_layer_get_visible (layer))
    return NULL;
  return layer;
}

/* Puts the cursor state into the figure (dropping a point that is gone)
 * and lets the view add its rows. */
static void
apply_cursor (LlFigureView *self)
{
  if (self->cursor == CURSOR_POINT && cursor_layer (self) == NULL)
    self->cursor = CURSOR_NONE;
  if (self->figure != NULL)
    {
      if (self->cursor == CURSOR_POINT)
        ll_figure_set_cursor_point (self->figure, cursor_layer (self), self->cursor_index, NULL);
      else if (self->cursor == CURSOR_X)
        {
          g_autofree char *value = ll_figure_axis_format_value (self->figure, LL_AXIS_X, self->cursor_x);

          ll_figure_set_cursor_x (self->figure, self->cursor_x, value);
        }
      else
        ll_figure_set_cursor_x (self->figure, NAN, NULL);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SIGNAL_CURSOR_CHANGED], 0);
}

void
ll_figure_view_set_cursor_point (LlFigureView *self, guint layer, gsize index)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  if (self->cursor == CURSOR_POINT && self->cursor_layer == layer && self->cursor_index == index)
    return;
  self->cursor = CURSOR_POINT;
  self->cursor_layer = layer;
  self->cursor_index = index;
  apply_cursor (self);
}

void
ll_figure_view_set_cursor_x (LlFigureView *self, double x)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  if (!isfinite (x))
    {
      ll_figure_view_clear_cursor (self);
      return;
    }
  if (self->cursor == CURSOR_X && self->cursor_x == x)
    return;
  self->cursor = CURSOR_X;
  self->cursor_x = x;
  apply_cursor (self);
}

void
ll_figure_view_clear_cursor (LlFigureView *self)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  if (self->cursor == CURSOR_NONE)
    return;
  self->cursor = CURSOR_NONE;
  apply_cursor (self);
}

gboolean
ll_figure_view_get_cursor_point (LlFigureView *self, guint *layer, gsize *index)
{
  g_return_val_if_fail (LL_IS_FIGURE_VIEW (self), FALSE);

  if (cursor_layer (self) == NULL)
    return FALSE;
  if (layer)
    *layer = self->cursor_layer;
  if (index)
    *index = self->cursor_index;
  return TRUE;
}

double
ll_figure_view_get_cursor_x (LlFigureView *self)
{
  LlPlotLayer *layer;
  double x;

  g_return_val_if_fail (LL_IS_FIGURE_VIEW (self), NAN);

  if (self->cursor == CURSOR_X)
    return self->cursor_x;
  layer = cursor_layer (self);
  if (layer == NULL)
    return NAN;
  ll_plot_layer_get_point (layer, self->cursor_index, &x, NULL);
  return x;
}

static guint
layer_index (LlFigureView *self, LlPlotLayer *layer)
{
  for (guint i = 0; i < ll_figure_get_n_layers (self->figure); i++)
    if (ll_figure_get_layer (self->figure, i) == layer)
      return i;
  g_return_val_if_reached (0);
}

/* ---- drawing ---- */

static void
ll_figure_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  LlFigureView *self = LL_FIGURE_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean dark = ll_widget_is_dark (widget);
  cairo_t *cr;

  if (width <= 0 || height <= 0 || self->figure == NULL)
    return;

  ll_figure_set_dark (self->figure, dark);
  ll_figure_set_font_scale (self->figure, self->font_scale);
  ll_figure_set_line_scale (self->figure, self->line_scale);
  /* A heat map is drawn once per geometry, not at every readout move. */
  ll_figure_set_raster_cache (self->figure, gtk_widget_get_scale_factor (widget));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  ll_figure_render (self->figure, cr, width, height);

  /* The theme has no focus ring for a custom widget: draw one, in the
   * accent blue of GTK's default theme (as the cost plot does). */
  if (gtk_widget_has_visible_focus (widget))
    {
      if (dark)
        cairo_set_source_rgba (cr, 120 / 255., 174 / 255., 237 / 255., 0.8);
      else
        cairo_set_source_rgba (cr, 27 / 255., 106 / 255., 203 / 255., 0.8);
      cairo_set_line_width (cr, 2);
      cairo_rectangle (cr, 1, 1, width - 2, height - 2);
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
ll_figure_view_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 640;
    }
  else
    {
      *minimum = 160;
      *natural = 360;
    }
}

static void
ll_figure_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  LlFigureView *self = LL_FIGURE_VIEW (widget);

  if (self->menu != NULL)
    gtk_popover_present (GTK_POPOVER (self->menu));
}

static void
ll_figure_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ll_figure_view_parent_class)->css_changed (widget, change);
  /* The theme may have turned dark or light. */
  gtk_widget_queue_draw (widget);
}

/* ---- pointer ---- */

static gboolean
hit_point (LlFigureView *self, double x, double y, LlPlotHit *hit)
{
  return self->figure != NULL &&
         ll_figure_nearest_point (self->figure, get_width (self), get_height (self), x, y,
                                  HIT_RADIUS * self->font_scale, hit);
}

static void
on_motion (GtkEventControllerMotion *controller, double x, double y, LlFigureView *self)
{
  LlPlotHit hit;
  double nearest;

  if (self->figure == NULL)
    return;
  if (self->point_readout)
    {
      if (hit_point (self, x, y, &hit))
        ll_figure_view_set_cursor_point (self, layer_index (self, hit.layer), hit.index);
      else if (!gtk_widget_has_focus (GTK_WIDGET (self)))
        ll_figure_view_clear_cursor (self);
    }
  else if (ll_figure_nearest_x (self->figure, get_width (self), get_height (self), x, &nearest))
    ll_figure_view_set_cursor_x (self, nearest);
  else
    ll_figure_view_clear_cursor (self);
}

static void
on_leave (GtkEventControllerMotion *controller, LlFigureView *self)
{
  /* With keyboard focus the readout stays where the keys put it. */
  if (!gtk_widget_has_focus (GTK_WIDGET (self)))
    ll_figure_view_clear_cursor (self);
}

static void
on_pressed (GtkGestureClick *gesture, int n_press, double x, double y, LlFigureView *self)
{
  LlPlotLayer *legend_layer;
  LlPlotHit hit;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (self->figure == NULL || n_press != 1)
    return;
  legend_layer = ll_figure_legend_hit (self->figure, get_width (self), get_height (self), x, y);
  if (legend_layer != NULL)
    {
      gboolean visible = !ll_plot_layer_get_visible (legend_layer);

      ll_plot_layer_set_visible (legend_layer, visible);
      ll_figure_view_queue_update (self);
      g_signal_emit (self, signals[SIGNAL_LAYER_TOGGLED], 0, layer_index (self, legend_layer), visible);
      return;
    }
  if (hit_point (self, x, y, &hit))
    {
      guint layer = layer_index (self, hit.layer);

      ll_figure_view_set_cursor_point (self, layer, hit.index);
      g_signal_emit (self, signals[SIGNAL_POINT_ACTIVATED], 0, layer, (guint) hit.index);
    }
}

static void
popup_menu (LlFigureView *self, double x, double y)
{
  /* The model again, so its items look up their actions now: in the window
   * GTK 4.8 leaves items whose action lives on an ancestor (the cost plot's
   * "cost-plot.show-test-cost") greyed out although the action works. */
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), NULL);
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->menu), G_MENU_MODEL (self->menu_model));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->menu));
}

static void
on_menu_pressed (GtkGestureClick *gesture, int n_press, double x, double y, LlFigureView *self)
{
  popup_menu (self, x, y);
}

/* ---- keyboard ---- */

typedef struct {
  guint layer;
  gsize index;
  double x;
} PointRef;

static int
compare_point_refs (gconstpointer a, gconstpointer b)
{
  const PointRef *p = a, *q = b;

  if (p->x != q->x)
    return p->x < q->x ? -1 : 1;
  if (p->layer != q->layer)
    return p->layer < q->layer ? -1 : 1;
  return p->index < q->index ? -1 : p->index > q->index;
}

/* Every visible point with a finite x, by x: what the keys walk through
 * in the point readout. */
static GArray *
collect_points (LlFigureView *self)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (PointRef));

  for (guint l = 0; l < ll_figure_get_n_layers (self->figure); l++)
    {
      LlPlotLayer *layer = ll_figure_get_layer (self->figure, l);
      LlLayerKind kind = ll_plot_layer_get_kind (layer);

      if ((kind != LL_LAYER_LINES && kind != LL_LAYER_POINTS) || !ll_plot_layer_get_visible (layer))
        continue;
      for (gsize i = 0; i < ll_plot_layer_get_n_points (layer); i++)
        {
          PointRef ref = { l, i, NAN };
          double y;

          ll_plot_layer_get_point (layer, i, &ref.x, &y);
          if (isfinite (ref.x) && isfinite (y))
            g_array_append_val (points, ref);
        }
    }
  g_array_sort (points, compare_point_refs);
  return points;
}

static gboolean
move_point_cursor (LlFigureView *self, guint keyval)
{
  g_autoptr(GArray) points = collect_points (self);
  int current = -1, last = (int) points->len - 1, target;

  if (points->len == 0)
    return FALSE;
  for (guint i = 0; i < points->len; i++)
    {
      const PointRef *ref = &g_array_index (points, PointRef, i);

      if (self->cursor == CURSOR_POINT && ref->layer == self->cursor_layer &&
          ref->index == self->cursor_index)
        current = (int) i;
    }
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      target = current < 0 ? last : MAX (current - 1, 0);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      target = current < 0 ? 0 : MIN (current + 1, last);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      target = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
    default:
      target = last;
      break;
    }
  ll_figure_view_set_cursor_point (self, g_array_index (points, PointRef, target).layer,
                                   g_array_index (points, PointRef, target).index);
  return TRUE;
}

static gboolean
move_x_cursor (LlFigureView *self, guint keyval)
{
  double from = self->cursor == CURSOR_X ? self->cursor_x : NAN;
  double next;
  gboolean found;

  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      found = ll_figure_next_x (self->figure, from, -1, &next);
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      found = ll_figure_next_x (self->figure, from, +1, &next);
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      found = ll_figure_next_x (self->figure, NAN, +1, &next);
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
    default:
      found = ll_figure_next_x (self->figure, NAN, -1, &next);
      break;
    }
  /* At either end the cursor stays put. */
  if (found)
    ll_figure_view_set_cursor_x (self, next);
  return found || self->cursor == CURSOR_X;
}

static gboolean
on_key_pressed (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                LlFigureView          *self)
{
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK) || self->figure == NULL)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Escape:
      if (self->cursor == CURSOR_NONE)
        return FALSE;
      ll_figure_view_clear_cursor (self);
      return TRUE;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_space:
      if (cursor_layer (self) == NULL)
        return FALSE;
      g_signal_emit (self, signals[SIGNAL_POINT_ACTIVATED], 0, self->cursor_layer, (guint) self->cursor_index);
      return TRUE;
    case GDK_KEY_Menu:
      popup_menu (self, get_width (self) / 2, get_height (self) / 2);
      return TRUE;
    case GDK_KEY_F10:
      if (!(state & GDK_SHIFT_MASK))
        return FALSE;
      popup_menu (self, get_width (self) / 2, get_height (self) / 2);
      return TRUE;
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      return self->point_readout ? move_point_cursor (self, keyval) : move_x_cursor (self, keyval);
    default:
      return FALSE;
    }
}

static void
on_focus_changed (GtkEventControllerFocus *controller, LlFigureView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));  /* the focus ring */
}

/* ---- export ---- */

gboolean
ll_figure_view_export (LlFigureView *self, const char *path, int width, int height, GError **error)
{
  gboolean written;

  g_return_val_if_fail (LL_IS_FIGURE_VIEW (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (self->figure == NULL)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, _("%s: there is no figure to save yet"), name);
      return FALSE;
    }
  /* A slide shows the figure, not where the pointer was. */
  ll_figure_set_cursor_x (self->figure, NAN, NULL);
  written = ll_figure_export (self->figure, path, width, height, error);
  apply_cursor (self);
  return written;
}

typedef struct {
  cairo_surface_t *recording;
  char *path;
  int width;
  int height;
} Export;

static void
export_free (gpointer data)
{
  Export *export = data;

  cairo_surface_destroy (export->recording);
  g_free (export->path);
  g_free (export);
}

/* A pool thread: cairo replays the recording (its fonts are locked as
 * they are used), rasterises and compresses it here. */
static void
export_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  Export *export = task_data;
  GError *error = NULL;

  if (ll_figure_export_recording (export->recording, export->path, export->width, export->height, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ll_figure_view_export_async (LlFigureView        *self,
                             const char          *path,
                             int                  width,
                             int                  height,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Export *export;

  g_return_if_fail (LL_IS_FIGURE_VIEW (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ll_figure_view_export_async);
  g_task_set_name (task, "[logistic-lab] export figure");
  if (self->figure == NULL)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("%s: there is no figure to save yet"), name);
      return;
    }
  export = g_new0 (Export, 1);
  /* Drawn here, as it is now, without the readout; rasterised and written
   * on a thread (a 1920x1080 PNG is ~0.3 s of work). */
  ll_figure_set_cursor_x (self->figure, NAN, NULL);
  export->recording = ll_figure_record (self->figure, width, height);
  apply_cursor (self);
  export->path = g_strdup (path);
  export->width = width;
  export->height = height;
  g_task_set_task_data (task, export, export_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
ll_figure_view_export_finish (LlFigureView *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_export_done (GObject *object, GAsyncResult *result, gpointer user_data)
{
  LlFigureView *self = LL_FIGURE_VIEW (object);
  g_autofree char *path = user_data;
  g_autoptr(GError) error = NULL;

  ll_figure_view_export_finish (self, result, &error);
  g_signal_emit (self, signals[SIGNAL_EXPORT_DONE], 0, path, error);
}

static void
on_export_response (GtkNativeDialog *dialog, int response, LlFigureView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *lower = NULL;
  const char *size;
  int width = 1280, height = 720;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file == NULL)
    {
      g_object_unref (dialog);
      return;
    }
  path = g_file_get_path (file);
  size = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "size");
  if (size != NULL && sscanf (size, "%dx%d", &width, &height) != 2)
    width = 1280, height = 720;
  g_object_unref (dialog);

  if (path == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, "%s: %s", name,
                   _("The plot can only be saved to a local file."));
      g_signal_emit (self, signals[SIGNAL_EXPORT_DONE], 0, name, error);
      return;
    }
  /* No known extension typed: PNG, the one slides take everywhere. */
  lower = g_ascii_strdown (path, -1);
  if (!g_str_has_suffix (lower, ".png") && !g_str_has_suffix (lower, ".svg") &&
      !g_str_has_suffix (lower, ".pdf"))
    {
      char *with_extension = g_strconcat (path, ".png", NULL);

      g_free (path);
      path = with_extension;
    }
  ll_figure_view_export_async (self, path, width, height, NULL, on_export_done, g_steal_pointer (&path));
}

static void
add_filter (GtkFileChooser *dialog, const char *name, const char *pattern, const char *pattern2,
            const char *pattern3)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  if (pattern2 != NULL)
    gtk_file_filter_add_pattern (filter, pattern2);
  if (pattern3 != NULL)
    gtk_file_filter_add_pattern (filter, pattern3);
  gtk_file_chooser_add_filter (dialog, filter);
}

void
ll_figure_view_export_dialog (LlFigureView *self)
{
  static const char *size_ids[] = { "1280x720", "1920x1080", "1024x768", "800x600", NULL };
  const char *size_labels[] = {
    _("1280 × 720 (HD slide)"), _("1920 × 1080 (Full HD)"),
    _("1024 × 768 (4:3 projector)"), _("800 × 600 (small)"), NULL
  };
  GtkRoot *root;
  GtkFileChooserNative *native;
  GtkFileChooser *dialog;

  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  native = gtk_file_chooser_native_new (_("Export Figure"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  dialog = GTK_FILE_CHOOSER (native);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_chooser_set_current_name (dialog, self->export_name);
  add_filter (dialog, _("PNG, SVG or PDF"), "*.png", "*.svg", "*.pdf");
  add_filter (dialog, _("PNG image"), "*.png", NULL, NULL);
  add_filter (dialog, _("SVG drawing"), "*.svg", NULL, NULL);
  add_filter (dialog, _("PDF document"), "*.pdf", NULL, NULL);
  gtk_file_chooser_add_choice (dialog, "size", _("Size"), size_ids, size_labels);
  gtk_file_chooser_set_choice (dialog, "size", "1280x720");
  /* Not called once the view is gone; the dialog is freed in the response. */
  g_signal_connect_object (native, "response", G_CALLBACK (on_export_response), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *parameter)
{
  ll_figure_view_export_dialog (LL_FIGURE_VIEW (widget));
}

/* ---- GObject ---- */

static void
ll_figure_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  LlFigureView *self = LL_FIGURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_FONT_SCALE:
      g_value_set_double (value, self->font_scale);
      break;
    case PROP_POINT_READOUT:
      g_value_set_boolean (value, self->point_readout);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_EXPORT_NAME:
      g_value_set_string (value, self->export_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_figure_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  LlFigureView *self = LL_FIGURE_VIEW (object);

  switch (prop_id)
    {
    case PROP_FONT_SCALE:
      ll_figure_view_set_font_scale (self, g_value_get_double (value));
      break;
    case PROP_POINT_READOUT:
      ll_figure_view_set_point_readout (self, g_value_get_boolean (value));
      break;
    case PROP_DESCRIPTION:
      ll_figure_view_set_description (self, g_value_get_string (value));
      break;
    case PROP_EXPORT_NAME:
      ll_figure_view_set_export_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_figure_view_dispose (GObject *object)
{
  LlFigureView *self = LL_FIGURE_VIEW (object);

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  G_OBJECT_CLASS (ll_figure_view_parent_class)->dispose (object);
}

static void
ll_figure_view_finalize (GObject *object)
{
  LlFigureView *self = LL_FIGURE_VIEW (object);

  g_clear_pointer (&self->figure, ll_figure_free);
  g_clear_object (&self->menu_model);
  g_free (self->description);
  g_free (self->export_name);
  G_OBJECT_CLASS (ll_figure_view_parent_class)->finalize (object);
}

static void
ll_figure_view_class_init (LlFigureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ll_figure_view_get_property;
  object_class->set_property = ll_figure_view_set_property;
  object_class->dispose = ll_figure_view_dispose;
  object_class->finalize = ll_figure_view_finalize;

  widget_class->snapshot = ll_figure_view_snapshot;
  widget_class->measure = ll_figure_view_measure;
  widget_class->size_allocate = ll_figure_view_size_allocate;
  widget_class->css_changed = ll_figure_view_css_changed;

  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL, 0.5, 4.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POINT_READOUT] =
    g_param_spec_boolean ("point-readout", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPORT_NAME] =
    g_param_spec_string ("export-name", NULL, NULL, "figure.png",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * LlFigureView::layer-toggled:
   * @layer: the index of the layer whose legend entry was clicked
   * @visible: whether it is shown now
   */
  signals[SIGNAL_LAYER_TOGGLED] =
    g_signal_new ("layer-toggled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
  /**
   * LlFigureView::point-activated:
   * @layer: the layer index
   * @point: the point's index in its layer
   */
  signals[SIGNAL_POINT_ACTIVATED] =
    g_signal_new ("point-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * LlFigureView::cursor-changed:
   *
   * The readout moved (or was set again): add rows now.
   */
  signals[SIGNAL_CURSOR_CHANGED] =
    g_signal_new ("cursor-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  /**
   * LlFigureView::export-done:
   * @path: the file (as typed when it is not local)
   * @error: (nullable): why it was not written, NULL when it was
   */
  signals[SIGNAL_EXPORT_DONE] =
    g_signal_new ("export-done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);

  gtk_widget_class_install_action (widget_class, "figure.export", NULL, export_action);

  gtk_widget_class_set_css_name (widget_class, "figureview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ll_figure_view_init (LlFigureView *self)
{
  GtkEventController *controller;
  GtkGesture *gesture;

  self->font_scale = 1.0;
  self->point_readout = TRUE;
  self->export_name = g_strdup ("figure.png");
  self->cursor_x = NAN;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  self->menu_model = g_menu_new ();
  g_menu_append (self->menu_model, _("_Export Figure…"), "figure.export");
  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (self->menu_model));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_widget_set_halign (self->menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));

  controller = gtk_event_controller_motion_new ();
  g_signal_connect (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (on_menu_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  controller = gtk_event_controller_focus_new ();
  g_signal_connect (controller, "enter", G_CALLBACK (on_focus_changed), self);
  g_signal_connect (controller, "leave", G_CALLBACK (on_focus_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* What a screen reader reads for the plot: the owner's description, then
 * each shown line's or point set's last point ("lr = 0.5: 2000, 0.0123"),
 * so the numbers are there without a mouse. Updated with the data. */
static void
update_accessible_description (LlFigureView *self)
{
  g_autoptr (GString) text = g_string_new (self->description);
  guint n_layers = self->figure != NULL ? ll_figure_get_n_layers (self->figure) : 0;

  for (guint i = 0; i < n_layers; i++)
    {
      LlPlotLayer *layer = ll_figure_get_layer (self->figure, i);
      LlLayerKind kind = ll_plot_layer_get_kind (layer);
      gsize n = ll_plot_layer_get_n_points (layer);
      g_autofree char *x_text = NULL, *y_text = NULL;
      double x, y;

      if ((kind != LL_LAYER_LINES && kind != LL_LAYER_POINTS) || n == 0
          || !ll_plot_layer_get_visible (layer) || ll_plot_layer_get_label (layer) == NULL)
        continue;
      ll_plot_layer_get_point (layer, n - 1, &x, &y);
      x_text = ll_figure_axis_format_value (self->figure, LL_AXIS_X, x);
      y_text = ll_figure_axis_format_value (self->figure, LL_AXIS_Y, y);
      if (text->len > 0)
        g_string_append (text, text->str[text->len - 1] == '.' ? " " : ". ");
      /* TRANSLATORS: a plot's line, then its last point's x and y, for screen readers */
      g_string_append_printf (text, _("%s: last point %s, %s"), ll_plot_layer_get_label (layer),
                              x_text, y_text);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  text->str, -1);
}

/* ---- public API ---- */

GtkWidget *
ll_figure_view_new (void)
{
  return g_object_new (LL_TYPE_FIGURE_VIEW, NULL);
}

void
ll_figure_view_set_figure (LlFigureView *self, LlFigure *figure)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  if (self->figure == figure)
    return;
  g_clear_pointer (&self->figure, ll_figure_free);
  self->figure = figure;
  self->cursor = CURSOR_NONE;
  apply_cursor (self);
  update_accessible_description (self);
}

LlFigure *
ll_figure_view_get_figure (LlFigureView *self)
{
  g_return_val_if_fail (LL_IS_FIGURE_VIEW (self), NULL);

  return self->figure;
}

void
ll_figure_view_queue_update (LlFigureView *self)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  apply_cursor (self);
  update_accessible_description (self);
}

double
ll_figure_view_get_font_scale (LlFigureView *self)
{
  g_return_val_if_fail (LL_IS_FIGURE_VIEW (self), 1.0);

  return self->font_scale;
}

void
ll_figure_view_set_font_scale (LlFigureView *self, double font_scale)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  font_scale = isfinite (font_scale) ? CLAMP (font_scale, 0.5, 4.0) : 1.0;
  if (self->font_scale == font_scale)
    return;
  self->font_scale = font_scale;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

void
ll_figure_view_set_line_scale (LlFigureView *self, double line_scale)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  self->line_scale = isfinite (line_scale) ? CLAMP (line_scale, 0.25, 8.0) : 1.0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
ll_figure_view_get_point_readout (LlFigureView *self)
{
  g_return_val_if_fail (LL_IS_FIGURE_VIEW (self), TRUE);

  return self->point_readout;
}

void
ll_figure_view_set_point_readout (LlFigureView *self, gboolean point_readout)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  point_readout = !!point_readout;
  if (self->point_readout == point_readout)
    return;
  self->point_readout = point_readout;
  ll_figure_view_clear_cursor (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POINT_READOUT]);
}

const char *
ll_figure_view_get_description (LlFigureView *self)
{
  g_return_val_if_fail (LL_IS_FIGURE_VIEW (self), NULL);

  return self->description;
}

void
ll_figure_view_set_description (LlFigureView *self, const char *description)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  if (!set_string (&self->description, description))
    return;
  update_accessible_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

void
ll_figure_view_add_menu_item (LlFigureView *self, const char *label, const char *detailed_action)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));
  g_return_if_fail (label != NULL && detailed_action != NULL);

  /* Before "Export Figure…", which stays last. */
  g_menu_insert (self->menu_model, g_menu_model_get_n_items (G_MENU_MODEL (self->menu_model)) - 1,
                 label, detailed_action);
}

const char *
ll_figure_view_get_export_name (LlFigureView *self)
{
  g_return_val_if_fail (LL_IS_FIGURE_VIEW (self), NULL);

  return self->export_name;
}

void
ll_figure_view_set_export_name (LlFigureView *self, const char *export_name)
{
  g_return_if_fail (LL_IS_FIGURE_VIEW (self));

  if (export_name == NULL || *export_name == '\0')
    export_name = "figure.png";
  if (!set_string (&self->export_name, export_name))
    return;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORT_NAME]);
}
