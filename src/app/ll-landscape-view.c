/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-landscape-view.c: see ll-landscape-view.h.
 *
 * The figure is rebuilt only when the job delivers a new surface, and built
 * on a worker (the heat map's image and its contour lines too: ~10 ms of a
 * 200 x 200 grid, a dropped frame at every new surface on the UI thread);
 * the UI thread then only scales the image and strokes the lines. As paths
 * grow their layers get the new points (ll_plot_layer_set_points) and the
 * axes stay fixed on the grid. Layer 0 is the heat map, layer 1 + r run r's
 * path, the last the runs' points at the store's moment (issue 21.2).
 *
 * The figure shows one surface (shown_surface): while the next one's figure
 * is built the paths, which the job projects on its newest plane, are not
 * put on the old map, and the readout reads the cost on the plane shown. */
#include "config.h"

#include "ll-landscape-view.h"

#include <glib/gi18n.h>
#include <math.h>

#include "core/io/landscape-npz.h"
#include "core/train/landscape.h"
#include "ll-figure-view.h"
#include "ll-style.h"
#include "ll-tooltip.h"
#include "plot/plot-landscape.h"
#include "plot/plot-render.h"
#include "session/ll-landscape-job.h"
#include "session/ll-step-task.h"

#define LINE_POINTS 61
/* The readout says a path leaves the plane past this relative difference. */
#define LEAVES_PLANE 0.01

struct _LlLandscapeView
{
  GtkBox parent_instance;

  LlRunStore *store;
  GSignalGroup *store_signals;
  LlLandscapeJob *job;
  GtkStringList *run_names;
  GtkStringList *centre_names;  /* "w = 0", then a run's w each */

  /* template */
  GtkLabel *status_label;
  GtkButton *recompute_button;
  GtkButton *export_button;
  LlFigureView *landscape_view;
  GtkDropDown *run_dropdown;
  GtkDropDown *centre_dropdown;
  LlFigureView *line_view;

  /* The step's line: the computation on the worker, and a newer moment to
   * compute when it is done (or when the page is shown). */
  GCancellable *line_cancellable;
  gboolean line_stale;

  /* The surface the figure shows, and the figure of the job's newest being
   * built on a worker (its cancellable, NULL when none). */
  LlLandscapeSurface *shown_surface;
  GCancellable *figure_cancellable;
};

G_DEFINE_FINAL_TYPE (LlLandscapeView, ll_landscape_view, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static char *
format_number (double value, const char *format)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, format, value));
}

/* The figure shows the job's surface and its paths: no newer one is being built. */
static gboolean
figure_current (LlLandscapeView *self)
{
  return self->figure_cancellable == NULL && self->shown_surface != NULL
         && self->shown_surface == ll_landscape_job_get_surface (self->job);
}

/* A hidden run (a legend click on any plot) is not drawn; a pinned one is faded. */
static void
set_path_look (LlLandscapeView *self, LlFigure *figure, guint run)
{
  LlRun *owner = self->store != NULL ? ll_run_store_get_run (self->store, run) : NULL;
  LlPlotLayer *layer;

  if (owner == NULL || figure == NULL || 1 + run >= ll_figure_get_n_layers (figure))
    return;
  layer = ll_figure_get_layer (figure, 1 + run);
  ll_plot_layer_set_series (layer, ll_run_get_look (owner));
  ll_plot_layer_set_visible (layer, ll_run_get_visible (owner));
  ll_plot_layer_set_faded (layer, ll_run_get_pinned (owner));
}

static void
set_path_points (LlLandscapeView *self, LlFigure *figure, guint run)
{
  guint n_points;
  const LlLandscapePathPoint *path = ll_landscape_job_get_path (self->job, run, &n_points);
  g_autofree double *s = g_new (double, MAX (n_points, 1));
  g_autofree double *t = g_new (double, MAX (n_points, 1));

  if (figure == NULL || 1 + run >= ll_figure_get_n_layers (figure))
    return;
  for (guint p = 0; p < n_points; p++)
    {
      s[p] = path[p].s;
      t[p] = path[p].t;
    }
  ll_plot_layer_set_points (ll_figure_get_layer (figure, 1 + run), s, t, NULL, n_points);
  set_path_look (self, figure, run);
}

/* A ring on each path at its run's shown record point (the timeline's
 * moment, or the latest), in the run's colour; the figure's last layer. */
static void
set_moment_points (LlLandscapeView *self, LlFigure *figure)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0, n = 0;
  g_autofree double *s = g_new (double, MAX (n_runs, 1));
  g_autofree double *t = g_new (double, MAX (n_runs, 1));
  g_autofree guint *classes = g_new (guint, MAX (n_runs, 1));

  if (figure == NULL || ll_figure_get_n_layers (figure) < 2 + n_runs)
    return;
  for (guint r = 0; r < n_runs && r < ll_landscape_job_get_n_paths (self->job); r++)
    {
      const LlRunPoint *shown = ll_run_get_shown_point (ll_run_store_get_run (self->store, r));
      guint n_points;
      const LlLandscapePathPoint *path = ll_landscape_job_get_path (self->job, r, &n_points);
      const LlLandscapePathPoint *at = NULL;

      /* The path's last point at or before the shown iteration. */
      for (guint p = 0; shown != NULL && p < n_points && path[p].iteration <= shown->iteration; p++)
        at = &path[p];
      if (at == NULL)
        continue;
      s[n] = at->s;
      t[n] = at->t;
      classes[n] = ll_run_get_look (ll_run_store_get_run (self->store, r));
      n++;
    }
  ll_plot_layer_set_points (ll_figure_get_layer (figure, ll_figure_get_n_layers (figure) - 1), s, t,
                            classes, n);
}

static void
set_status (LlLandscapeView *self, const char *text)
{
  gtk_label_set_text (self->status_label, text);
  ll_tooltip_set_live (GTK_WIDGET (self->status_label), text);
}

static void
update_status (LlLandscapeView *self)
{
  LlLandscapeSurface *surface = ll_landscape_job_get_surface (self->job);
  g_autofree char *text = NULL;

  if (self->store == NULL || ll_run_store_get_dataset (self->store) == NULL)
    text = g_strdup (_("Open a dataset and train to see the cost landscape."));
  else if (surface == NULL)
    text = g_strdup (ll_landscape_job_get_busy (self->job) ? _("Computing the cost on the plane…")
                                                           : _("Train to see the paths on the cost landscape."));
  else if (surface->principal && isfinite (surface->variance_share))
    {
      g_autofree char *percent = format_number (100 * surface->variance_share, "%.1f");

      /* The axes' titles are short ("PC 2 (1.1 %)"): what they are is said here. */
      text = g_strdup_printf (_("PC: the paths’ principal components; the plane holds %s %% of their "
                                "variance."),
                              percent);
    }
  else
    /* The paths span less than a plane (a preview, a single run). */
    text = g_strdup (_("Axes: the gradient at w = 0 and the next one’s part orthogonal to it."));
  set_status (self, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), surface != NULL);
}

/* The figure of a surface, on a worker --------------------------------------- */

typedef struct {
  LlLandscapeSurface *surface;
  gboolean centred_at_run;
  GStrv labels;               /* a legend name per path */
} FigureRequest;

static void
figure_request_free (gpointer data)
{
  FigureRequest *request = data;

  ll_landscape_surface_unref (request->surface);
  g_strfreev (request->labels);
  g_free (request);
}

static LlLandscapeFigureSpec
figure_spec (const FigureRequest *request)
{
  const LlLandscapeSurface *surface = request->surface;

  return (LlLandscapeFigureSpec) {
    surface->s, surface->t, surface->n_s, surface->n_t, surface->cost, surface->cost_lo, surface->cost_hi,
    surface->principal, surface->variance_share, surface->share_d1, surface->share_d2,
    request->centred_at_run, g_strv_length (request->labels), (const char *const *) request->labels,
  };
}

/* The whole figure but the paths' points, with the heat map's image and
 * contour lines made (ll_plot_layer_prepare): no other thread has it yet. */
static void
build_figure_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const FigureRequest *request = task_data;
  LlLandscapeFigureSpec spec = figure_spec (request);
  LlFigure *figure = ll_plot_landscape_figure (&spec);
  LlPlotLayer *moment;

  if (figure == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  ll_plot_layer_prepare (ll_figure_get_layer (figure, 0));
  moment = ll_figure_add_points (figure, NULL, NULL, NULL, 0, FALSE);
  ll_plot_layer_set_marker_scale (moment, 1.8);
  ll_plot_layer_set_in_range (moment, FALSE);
  g_task_return_pointer (task, figure, (GDestroyNotify) ll_figure_free);
}

/* The task holds the view weakly (USER_DATA, a GWeakRef), so a view dropped
 * meanwhile is finalized on the UI thread, never on the worker. */
static void
on_figure_built (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(LlLandscapeView) self = g_weak_ref_get (weak);
  GTask *task = G_TASK (result);
  const FigureRequest *request = g_task_get_task_data (task);
  g_autoptr(LlFigure) figure = NULL;
  g_autofree char *caption = NULL;
  LlLandscapeFigureSpec spec;
  guint n_paths;

  g_weak_ref_clear (weak);
  g_free (weak);
  /* Dropped, or replaced by a newer surface's. */
  if (self == NULL || g_task_get_cancellable (task) != self->figure_cancellable)
    return;
  figure = g_task_propagate_pointer (task, NULL);
  g_clear_object (&self->figure_cancellable);
  g_clear_pointer (&self->shown_surface, ll_landscape_surface_unref);
  if (figure == NULL)
    {
      ll_figure_view_set_figure (self->landscape_view, NULL);
      return;
    }
  self->shown_surface = ll_landscape_surface_ref (request->surface);
  spec = figure_spec (request);
  n_paths = spec.n_paths;
  for (guint r = 0; r < n_paths; r++)
    set_path_points (self, figure, r);
  set_moment_points (self, figure);
  ll_figure_view_set_figure (self->landscape_view, g_steal_pointer (&figure));
  caption = ll_plot_landscape_caption (&spec);
  ll_figure_view_set_description (self->landscape_view, caption);
}

static void
on_surface_changed (LlLandscapeView *self)
{
  LlLandscapeSurface *surface = ll_landscape_job_get_surface (self->job);
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  g_autoptr(GTask) task = NULL;
  FigureRequest *request;
  GWeakRef *weak;

  update_status (self);
  /* A newer surface replaces the figure being built. */
  if (self->figure_cancellable != NULL)
    {
      g_cancellable_cancel (self->figure_cancellable);
      g_clear_object (&self->figure_cancellable);
    }
  if (surface == NULL)
    {
      g_clear_pointer (&self->shown_surface, ll_landscape_surface_unref);
      ll_figure_view_set_figure (self->landscape_view, NULL);
      return;
    }
  request = g_new0 (FigureRequest, 1);
  request->surface = ll_landscape_surface_ref (surface);
  request->centred_at_run = ll_landscape_job_get_centre_run (self->job) >= 0;
  request->labels = g_new0 (char *, n_runs + 1);
  for (guint r = 0; r < n_runs; r++)
    request->labels[r] = ll_plot_rate_label (ll_run_get_learning_rate (ll_run_store_get_run (self->store, r)));
  self->figure_cancellable = g_cancellable_new ();
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  task = g_task_new (NULL, self->figure_cancellable, on_figure_built, weak);
  g_task_set_source_tag (task, on_surface_changed);
  g_task_set_name (task, "[logistic-lab] landscape figure");
  g_task_set_task_data (task, request, figure_request_free);
  g_task_run_in_thread (task, build_figure_thread);
}

/* The paths grew: on the figure if it shows the job's plane (else the
 * figure being built gets them). */
static void
on_path_changed (LlLandscapeView *self, guint run)
{
  if (!figure_current (self))
    return;
  set_path_points (self, ll_figure_view_get_figure (self->landscape_view), run);
  set_moment_points (self, ll_figure_view_get_figure (self->landscape_view));
  ll_figure_view_queue_update (self->landscape_view);
}

/* Both costs at a path's point: the surface's and the run's own. */
static void
on_cursor_changed (LlLandscapeView *self)
{
  LlFigure *figure = ll_figure_view_get_figure (self->landscape_view);
  const LlLandscapePathPoint *path;
  guint layer, n_points;
  gsize index;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double on_plane, true_cost;

  /* Only while the figure shows the job's plane: the path's point is then
   * the one drawn, and its cost on the plane that of the map drawn. */
  if (figure == NULL || !figure_current (self)
      || !ll_figure_view_get_cursor_point (self->landscape_view, &layer, &index)
      || layer == 0 || layer > ll_landscape_job_get_n_paths (self->job))
    return;
  path = ll_landscape_job_get_path (self->job, layer - 1, &n_points);
  if (index >= n_points)
    return;
  on_plane = ll_landscape_cost (self->shown_surface->landscape, path[index].s, path[index].t);
  true_cost = path[index].cost;
  {
    g_autofree char *iteration = g_strdup_printf ("%u", path[index].iteration);

    ll_figure_add_cursor_row (figure, _("iteration"), iteration);
  }
  ll_figure_add_cursor_row (figure, _("cost on the plane"), ll_plot_format_cost (on_plane, buffer));
  ll_figure_add_cursor_row (figure, _("the run’s true cost"), ll_plot_format_cost (true_cost, buffer));
  if (isfinite (on_plane) && isfinite (true_cost)
      && fabs (on_plane - true_cost) > LEAVES_PLANE * fabs (true_cost))
    ll_figure_add_cursor_row (figure, _("note"), _("the path leaves the plane"));
}

/* One step seen along its line: O(mn), so on a worker (ll-step-task.h) --- */

/* Which run and moment a line on the worker belongs to. */
typedef struct {
  guint run_index;
  double rate;
  guint iteration;
} LineRequest;

static void
show_line (LlLandscapeView        *self,
           LlRun                  *run,
           const LineRequest      *request,
           const LlStepTaskResult *line)
{
  g_autoptr(LlFigure) figure = ll_figure_new ();
  g_autofree char *title = NULL, *rate_text = NULL;
  LlPlotLayer *layer;

  layer = ll_figure_add_lines (figure, line->etas, line->costs, line->line_points, ll_run_get_look (run));
  ll_plot_layer_set_markers (layer, FALSE);
  ll_plot_layer_set_label (layer, _("cost along the step’s line"));
  ll_figure_set_legend_shown (figure, FALSE);
  rate_text = g_strdup_printf (_("the step (η = %s)"), ll_run_get_label (run));
  ll_figure_add_reference (figure, LL_AXIS_X, request->rate, rate_text);
  layer = ll_figure_add_reference (figure, LL_AXIS_X, line->best_eta, _("best η"));
  ll_plot_layer_set_series (layer, ll_run_get_look (run));
  ll_figure_axis_set_format (figure, LL_AXIS_X, LL_TICK_RATE);
  ll_figure_axis_set_label (figure, LL_AXIS_X, _("η along w − η dw"));
  ll_figure_axis_set_label (figure, LL_AXIS_Y, _("cost"));
  title = g_strdup_printf (_("One step of lr %s at iteration %u, along its line"),
                           ll_run_get_label (run), request->iteration);
  ll_figure_set_title (figure, title);
  ll_figure_view_set_figure (self->line_view, g_steal_pointer (&figure));
  ll_figure_view_set_description (self->line_view, title);
}

static void update_line (LlLandscapeView *self);

static void
on_line_computed (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LlLandscapeView *self = LL_LANDSCAPE_VIEW (object);
  g_autofree LineRequest *request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LlStepTaskResult) line = ll_step_task_finish (result, &error);
  LlRun *run;

  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;  /* gone, or disposed */
  g_clear_object (&self->line_cancellable);
  run = self->store != NULL ? ll_run_store_get_run (self->store, request->run_index) : NULL;
  /* An older moment of the same run is still worth showing (its title says
   * which iteration) while the next one computes. */
  if (line != NULL && run != NULL && request->run_index == gtk_drop_down_get_selected (self->run_dropdown)
      && ll_run_get_learning_rate (run) == request->rate)
    show_line (self, run, request, line);
  if (self->line_stale)
    update_line (self);
}

/* At most one line on the worker at a time: a moment that arrives meanwhile
 * (every record point of a fast run) is computed when it is done; nothing
 * while the page is not on screen. */
static void
update_line (LlLandscapeView *self)
{
  guint selected = gtk_drop_down_get_selected (self->run_dropdown);
  LlSharedDataset *dataset = self->store != NULL ? ll_run_store_get_dataset (self->store) : NULL;
  LlRun *run = self->store != NULL ? ll_run_store_get_run (self->store, selected) : NULL;
  LlRunModel *model = run != NULL ? ll_run_get_shown_model (run) : NULL;
  LineRequest *request;

  if (dataset == NULL || model == NULL || model->w == NULL
      || model->n_features != ll_shared_dataset_get (dataset)->n_features || !isfinite (model->b))
    {
      ll_figure_view_set_figure (self->line_view, NULL);
      return;
    }
  if (self->line_cancellable != NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->line_stale = TRUE;
      return;
    }
  self->line_stale = FALSE;
  request = g_new0 (LineRequest, 1);
  request->run_index = selected;
  request->rate = ll_run_get_learning_rate (run);
  request->iteration = model->iteration;
  self->line_cancellable = g_cancellable_new ();
  ll_step_task_run (self, dataset, model->w, model->b, request->rate, LINE_POINTS,
                    self->line_cancellable, on_line_computed, request);
}

static void
ll_landscape_view_map (GtkWidget *widget)
{
  LlLandscapeView *self = LL_LANDSCAPE_VIEW (widget);

  GTK_WIDGET_CLASS (ll_landscape_view_parent_class)->map (widget);
  if (self->line_stale)
    update_line (self);
}

static void
on_centre_selected (LlLandscapeView *self)
{
  guint selected = gtk_drop_down_get_selected (self->centre_dropdown);

  if (self->job != NULL && selected != GTK_INVALID_LIST_POSITION)
    ll_landscape_job_set_centre_run (self->job, (int) selected - 1);
}

static void
on_run_selected (LlLandscapeView *self)
{
  update_line (self);
}

/* Following the run store -------------------------------------------------- */

static void
on_store_items_changed (LlLandscapeView *self)
{
  guint n_runs = self->store != NULL ? ll_run_store_get_n_runs (self->store) : 0;
  guint before = g_list_model_get_n_items (G_LIST_MODEL (self->run_names));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint r = 0; r < n_runs; r++)
    g_ptr_array_add (names, ll_plot_rate_label (ll_run_get_learning_rate (ll_run_store_get_run (self->store, r))));
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->run_names, 0, before, (const char *const *) names->pdata);
  /* The centre: w = 0 again for new runs (the old run's index means another run). */
  g_ptr_array_set_size (names, 0);
  g_ptr_array_add (names, g_strdup (_("w = 0")));
  for (guint r = 0; r < n_runs; r++)
    /* TRANSLATORS: the landscape's centre: a run's weights, "w of lr 0.5" */
    g_ptr_array_add (names, g_strdup_printf (_("w of lr %s"),
                                             ll_run_get_label (ll_run_store_get_run (self->store, r))));
  g_ptr_array_add (names, NULL);
  gtk_string_list_splice (self->centre_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->centre_names)),
                          (const char *const *) names->pdata);
  gtk_drop_down_set_selected (self->centre_dropdown, 0);
  update_status (self);
  update_line (self);
}

static void
on_store_run_updated (LlLandscapeView *self, guint position)
{
  LlFigure *figure = ll_figure_view_get_figure (self->landscape_view);

  set_path_look (self, figure, position);
  ll_figure_view_queue_update (self->landscape_view);
  if (position == gtk_drop_down_get_selected (self->run_dropdown))
    update_line (self);
  if (figure != NULL && figure_current (self))
    {
      set_moment_points (self, figure);
      ll_figure_view_queue_update (self->landscape_view);
    }
}

/* A legend click shows or hides the run on every plot (issue 21). */
static void
on_path_toggled (LlLandscapeView *self, guint layer, gboolean visible)
{
  if (layer >= 1 && self->store != NULL && layer - 1 < ll_run_store_get_n_runs (self->store))
    ll_run_set_visible (ll_run_store_get_run (self->store, layer - 1), visible);
}

void
ll_landscape_view_set_store (LlLandscapeView *self,
                             LlRunStore      *store)
{
  g_return_if_fail (LL_IS_LANDSCAPE_VIEW (self));
  g_return_if_fail (store == NULL || LL_IS_RUN_STORE (store));

  if (!g_set_object (&self->store, store))
    return;
  g_signal_group_set_target (self->store_signals, store);
  ll_landscape_job_set_store (self->job, store);
  on_store_items_changed (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

LlRunStore *
ll_landscape_view_get_store (LlLandscapeView *self)
{
  g_return_val_if_fail (LL_IS_LANDSCAPE_VIEW (self), NULL);
  return self->store;
}

gboolean
ll_landscape_view_get_figure_current (LlLandscapeView *self)
{
  g_return_val_if_fail (LL_IS_LANDSCAPE_VIEW (self), FALSE);
  return figure_current (self);
}

LlLandscapeJob *
ll_landscape_view_get_job (LlLandscapeView *self)
{
  g_return_val_if_fail (LL_IS_LANDSCAPE_VIEW (self), NULL);

  return self->job;
}

LlFigureView *
ll_landscape_view_get_figure_view (LlLandscapeView *self)
{
  g_return_val_if_fail (LL_IS_LANDSCAPE_VIEW (self), NULL);
  return self->landscape_view;
}

/* Buttons ------------------------------------------------------------------ */

static void
on_recompute_clicked (LlLandscapeView *self)
{
  ll_landscape_job_recompute (self->job);
  update_status (self);
}

/* The names of `logistic-lab landscape --output FILE.npz` (one writer). */
static gboolean
write_npz (LlLandscapeView *self, const char *path, GError **error)
{
  LlLandscapeSurface *surface = ll_landscape_job_get_surface (self->job);
  guint n_paths = ll_landscape_job_get_n_paths (self->job);
  g_autofree LlLandscapeNpzPath *paths = g_new0 (LlLandscapeNpzPath, MAX (n_paths, 1));
  g_autoptr(GPtrArray) buffers = g_ptr_array_new_with_free_func (g_free);
  const LlLandscapeNpzPlane plane = {
    surface->n_features, surface->d1, surface->d2, surface->w0, surface->b0,
    surface->s, surface->t, surface->n_s, surface->n_t, surface->cost,
  };

  for (guint r = 0; r < n_paths; r++)
    {
      guint n_points;
      const LlLandscapePathPoint *points = ll_landscape_job_get_path (self->job, r, &n_points);
      double *st = g_new (double, 2 * MAX (n_points, 1));
      double *costs = g_new (double, MAX (n_points, 1));

      for (guint p = 0; p < n_points; p++)
        {
          st[2 * p] = points[p].s;
          st[2 * p + 1] = points[p].t;
          costs[p] = points[p].cost;
        }
      g_ptr_array_add (buffers, st);
      g_ptr_array_add (buffers, costs);
      paths[r] = (LlLandscapeNpzPath) { st, costs, n_points };
    }
  return ll_landscape_npz_write (path, &plane, paths, n_paths, error);
}

static void
on_export_response (GtkNativeDialog *dialog, int response, LlLandscapeView *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT
      && (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) != NULL
      && (path = g_file_get_path (file)) != NULL
      && ll_landscape_job_get_surface (self->job) != NULL
      && !write_npz (self, path, &error))
    set_status (self, error->message);
  g_object_unref (dialog);
}

static void
on_export_clicked (LlLandscapeView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_file_chooser_native_new (_("Export the Landscape’s Data"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "landscape.npz");
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* GObject ------------------------------------------------------------------ */

GtkWidget *
ll_landscape_view_new (void)
{
  return g_object_new (LL_TYPE_LANDSCAPE_VIEW, NULL);
}

static void
ll_landscape_view_dispose (GObject *object)
{
  LlLandscapeView *self = LL_LANDSCAPE_VIEW (object);

  if (self->job != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->job, self);
      ll_landscape_job_cancel (self->job);
      ll_landscape_job_set_store (self->job, NULL);
    }
  g_clear_object (&self->job);
  g_cancellable_cancel (self->line_cancellable);
  g_clear_object (&self->line_cancellable);
  g_cancellable_cancel (self->figure_cancellable);
  g_clear_object (&self->figure_cancellable);
  g_clear_pointer (&self->shown_surface, ll_landscape_surface_unref);
  if (self->store_signals != NULL)
    g_signal_group_set_target (self->store_signals, NULL);
  g_clear_object (&self->store_signals);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_LANDSCAPE_VIEW);
  G_OBJECT_CLASS (ll_landscape_view_parent_class)->dispose (object);
}

static void
ll_landscape_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, LL_LANDSCAPE_VIEW (object)->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_landscape_view_set_property (GObject *object, guint prop_id, const GValue *value,
                                GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_STORE:
      ll_landscape_view_set_store (LL_LANDSCAPE_VIEW (object), g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_landscape_view_class_init (LlLandscapeViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  ll_style_ensure_resources ();
  g_type_ensure (LL_TYPE_FIGURE_VIEW);
  object_class->dispose = ll_landscape_view_dispose;
  object_class->get_property = ll_landscape_view_get_property;
  object_class->set_property = ll_landscape_view_set_property;
  widget_class->map = ll_landscape_view_map;
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, LL_TYPE_RUN_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-landscape-view.ui");
  gtk_widget_class_bind_template_child (widget_class, LlLandscapeView, status_label);
  gtk_widget_class_bind_template_child (widget_class, LlLandscapeView, recompute_button);
  gtk_widget_class_bind_template_child (widget_class, LlLandscapeView, export_button);
  gtk_widget_class_bind_template_child (widget_class, LlLandscapeView, landscape_view);
  gtk_widget_class_bind_template_child (widget_class, LlLandscapeView, run_dropdown);
  gtk_widget_class_bind_template_child (widget_class, LlLandscapeView, centre_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, on_centre_selected);
  gtk_widget_class_bind_template_child (widget_class, LlLandscapeView, line_view);
  gtk_widget_class_bind_template_callback (widget_class, on_recompute_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_cursor_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_run_selected);
}

static void
ll_landscape_view_init (LlLandscapeView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->run_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->run_dropdown, G_LIST_MODEL (self->run_names));
  g_object_unref (self->run_names);
  self->centre_names = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->centre_dropdown, G_LIST_MODEL (self->centre_names));
  g_object_unref (self->centre_names);
  self->job = ll_landscape_job_new ();
  g_signal_connect_swapped (self->job, "surface-changed", G_CALLBACK (on_surface_changed), self);
  g_signal_connect_swapped (self->job, "path-changed", G_CALLBACK (on_path_changed), self);
  g_signal_connect_swapped (self->job, "notify::busy", G_CALLBACK (update_status), self);
  self->store_signals = g_signal_group_new (LL_TYPE_RUN_STORE);
  g_signal_group_connect_swapped (self->store_signals, "items-changed",
                                  G_CALLBACK (on_store_items_changed), self);
  g_signal_group_connect_swapped (self->store_signals, "run-updated",
                                  G_CALLBACK (on_store_run_updated), self);
  g_signal_connect_swapped (self->landscape_view, "layer-toggled", G_CALLBACK (on_path_toggled), self);
  update_status (self);
}
