/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-handout.c: see ll-handout.h. */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <pango/pangocairo.h>

#include "core/data/dataset-title.h"
#include "core/io/output-file.h"
#include "ll-handout.h"
#include "ll-texture-util.h"
#include "plot/plot-boundary.h"
#include "plot/plot-landscape.h"
#include "plot/plot-render.h"
#include "plot/plot-sharpness.h"
#include "plot/plot-sweep.h"

/* A4 in points. */
#define PAGE_WIDTH 595.0
#define PAGE_HEIGHT 842.0
#define MARGIN 40.0
#define TEXT_WIDTH (PAGE_WIDTH - 2 * MARGIN)
#define MAX_IMAGES 60

/* One run as it was when the handout was asked for. */
typedef struct {
  char *title;
  char *label;         /* "0.5", as the Boundary page's legend says */
  double learning_rate;
  guint iterations, record_every, look;
  gboolean visible, pinned;
  LlRunPoint *points;
  guint n_points;
  LlRunPoint shown;    /* the point at the moment (ll_run_get_shown_point) */
  gboolean has_shown;
  LlRunModel *model;   /* the model at the moment, only where it fits the dataset; or NULL */
} HandoutRun;

struct _LlHandout {
  LlSharedDataset *dataset;   /* or NULL */
  double threshold;
  double critical_rate;
  int moment;                 /* the store's: an iteration, -1 = the latest */
  HandoutRun *runs;
  guint n_runs;
  /* The sweep, or no results. */
  GArray *sweep_results;      /* LlSweepResult */
  guint sweep_iterations;
  GArray *job_rates;          /* double */
  GArray *job_looks;          /* guint */
  /* The two-feature picture: its columns (G_MAXUINT: picked here) and scaling. */
  guint x_feature, y_feature;
  char *scaling;
  guint shaded_run;
  /* The landscape, or NULL: the surface and each run's path on its plane. */
  LlLandscapeSurface *surface;
  gboolean centred_at_run;
  GPtrArray *path_s, *path_t;   /* n_paths arrays of double */
  GPtrArray *path_iterations;   /* n_paths arrays of guint */
  GArray *path_n;               /* guint */
  GPtrArray *path_labels;       /* "lr 0.5" */
};

/* ---- the snapshot (UI thread) ---- */

LlHandout *
ll_handout_snapshot (LlRunStore *store,
                     double      threshold)
{
  LlHandout *handout;
  LlSharedDataset *dataset;

  g_return_val_if_fail (LL_IS_RUN_STORE (store), NULL);
  handout = g_new0 (LlHandout, 1);
  dataset = ll_run_store_get_dataset (store);

  handout->dataset = dataset != NULL ? ll_shared_dataset_ref (dataset) : NULL;
  handout->threshold = threshold;
  handout->critical_rate = ll_run_store_get_critical_rate (store);
  handout->moment = ll_run_store_get_moment (store);
  handout->sweep_results = g_array_new (FALSE, FALSE, sizeof (LlSweepResult));
  handout->job_rates = g_array_new (FALSE, FALSE, sizeof (double));
  handout->job_looks = g_array_new (FALSE, FALSE, sizeof (guint));
  handout->x_feature = handout->y_feature = G_MAXUINT;
  handout->n_runs = ll_run_store_get_n_runs (store);
  handout->runs = g_new0 (HandoutRun, MAX (handout->n_runs, 1));
  for (guint i = 0; i < handout->n_runs; i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);
      HandoutRun *copy = &handout->runs[i];
      /* What the views show: the record point and model at the moment. */
      LlRunModel *model = ll_run_get_shown_model (run);
      const LlRunPoint *shown = ll_run_get_shown_point (run);

      copy->title = g_strdup (ll_run_get_title (run));
      copy->label = g_strdup (ll_run_get_label (run));
      copy->learning_rate = ll_run_get_learning_rate (run);
      copy->iterations = ll_run_get_iterations (run);
      copy->record_every = ll_run_get_record_every (run);
      copy->look = ll_run_get_look (run);
      copy->visible = ll_run_get_visible (run);
      copy->pinned = ll_run_get_pinned (run);
      copy->n_points = ll_run_get_n_points (run);
      copy->points = g_new (LlRunPoint, MAX (copy->n_points, 1));
      for (guint p = 0; p < copy->n_points; p++)
        copy->points[p] = *ll_run_get_point (run, p);
      copy->has_shown = shown != NULL;
      if (shown != NULL)
        copy->shown = *shown;
      if (model != NULL && ll_run_store_run_fits_dataset (store, run))
        copy->model = ll_run_model_ref (model);
    }
  return handout;
}

void
ll_handout_add_landscape (LlHandout      *handout,
                          LlLandscapeJob *job)
{
  LlLandscapeSurface *surface = ll_landscape_job_get_surface (job);
  guint n_paths = MIN (ll_landscape_job_get_n_paths (job), handout->n_runs);

  if (surface == NULL || handout->surface != NULL)
    return;
  handout->surface = ll_landscape_surface_ref (surface);
  handout->centred_at_run = ll_landscape_job_get_centre_run (job) >= 0;
  handout->path_s = g_ptr_array_new_with_free_func (g_free);
  handout->path_t = g_ptr_array_new_with_free_func (g_free);
  handout->path_iterations = g_ptr_array_new_with_free_func (g_free);
  handout->path_n = g_array_new (FALSE, TRUE, sizeof (guint));
  handout->path_labels = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < n_paths; r++)
    {
      guint n_points = 0;
      const LlLandscapePathPoint *path = ll_landscape_job_get_path (job, r, &n_points);
      double *s = g_new (double, MAX (n_points, 1));
      double *t = g_new (double, MAX (n_points, 1));
      guint *iterations = g_new (guint, MAX (n_points, 1));
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      for (guint p = 0; p < n_points && path != NULL; p++)
        {
          s[p] = path[p].s;
          t[p] = path[p].t;
          iterations[p] = path[p].iteration;
        }
      g_ptr_array_add (handout->path_s, s);
      g_ptr_array_add (handout->path_t, t);
      g_ptr_array_add (handout->path_iterations, iterations);
      g_array_append_val (handout->path_n, n_points);
      g_ptr_array_add (handout->path_labels,
                       g_strdup_printf (_("lr %s"), ll_plot_format_rate (handout->runs[r].learning_rate, rate)));
    }
}

void
ll_handout_add_sweep (LlHandout           *handout,
                      LlRunStore          *store,
                      const LlSweepResult *results,
                      guint                n_results,
                      guint                iterations,
                      const double        *job_rates,
                      guint                n_job_rates)
{
  g_autofree guint *looks = g_new (guint, MAX (n_job_rates, 1));

  g_return_if_fail (n_results == 0 || results != NULL);
  g_return_if_fail (n_job_rates == 0 || job_rates != NULL);

  g_array_set_size (handout->sweep_results, 0);
  g_array_append_vals (handout->sweep_results, results, n_results);
  handout->sweep_iterations = iterations;
  ll_run_store_free_looks (store, n_job_rates, looks);
  g_array_set_size (handout->job_rates, 0);
  g_array_append_vals (handout->job_rates, job_rates, n_job_rates);
  g_array_set_size (handout->job_looks, 0);
  g_array_append_vals (handout->job_looks, looks, n_job_rates);
}

void
ll_handout_set_boundary (LlHandout  *handout,
                         guint       x_feature,
                         guint       y_feature,
                         const char *scaling,
                         guint       shaded_run)
{
  const LlDataset *dataset = handout->dataset != NULL ? ll_shared_dataset_get (handout->dataset) : NULL;

  if (dataset != NULL && x_feature < dataset->n_features && y_feature < dataset->n_features)
    {
      handout->x_feature = x_feature;
      handout->y_feature = y_feature;
    }
  g_free (handout->scaling);
  handout->scaling = g_strdup (scaling);
  handout->shaded_run = shaded_run;
}

void
ll_handout_free (LlHandout *handout)
{
  if (handout == NULL)
    return;
  for (guint i = 0; i < handout->n_runs; i++)
    {
      g_free (handout->runs[i].title);
      g_free (handout->runs[i].label);
      g_free (handout->runs[i].points);
      g_clear_pointer (&handout->runs[i].model, ll_run_model_unref);
    }
  g_free (handout->runs);
  g_clear_pointer (&handout->surface, ll_landscape_surface_unref);
  g_clear_pointer (&handout->path_s, g_ptr_array_unref);
  g_clear_pointer (&handout->path_t, g_ptr_array_unref);
  g_clear_pointer (&handout->path_iterations, g_ptr_array_unref);
  g_clear_pointer (&handout->sweep_results, g_array_unref);
  g_clear_pointer (&handout->job_rates, g_array_unref);
  g_clear_pointer (&handout->job_looks, g_array_unref);
  g_free (handout->scaling);
  g_clear_pointer (&handout->path_n, g_array_unref);
  g_clear_pointer (&handout->path_labels, g_ptr_array_unref);
  g_clear_pointer (&handout->dataset, ll_shared_dataset_unref);
  g_free (handout);
}

static const LlDataset *
handout_dataset (LlHandout *handout)
{
  return handout->dataset != NULL ? ll_shared_dataset_get (handout->dataset) : NULL;
}

static gboolean
has_sharpness (LlHandout *handout)
{
  for (guint i = 0; i < handout->n_runs; i++)
    for (guint p = 0; p < handout->runs[i].n_points; p++)
      if (isfinite (handout->runs[i].points[p].sharpness) && handout->runs[i].points[p].sharpness > 0)
        return TRUE;
  return FALSE;
}

/* ---- text (pango, the drawing thread's own context) ---- */

typedef struct {
  cairo_t *cr;
  PangoContext *pango;
} Page;

/* Draws TEXT at (X, Y) within WIDTH, wrapped at words onto at most
 * MAX_LINES lines (0: any), the last one ellipsized; returns its height. */
static double
text_at (Page       *page,
         double      x,
         double      y,
         double      width,
         double      size,
         gboolean    bold,
         int         max_lines,
         const char *text)
{
  g_autoptr (PangoLayout) layout = pango_layout_new (page->pango);
  g_autoptr (PangoFontDescription) font = pango_font_description_from_string ("Sans");
  int height;

  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (font, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (max_lines > 0)
    {
      pango_layout_set_height (layout, -max_lines);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
    }
  pango_layout_set_text (layout, text, -1);
  cairo_set_source_rgb (page->cr, 0, 0, 0);
  cairo_move_to (page->cr, x, y);
  pango_cairo_show_layout (page->cr, layout);
  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

static char *
percent (double value)
{
  return isfinite (value) ? g_strdup_printf ("%.1f %%", value) : g_strdup ("—");
}

/* The run's test predictions, or FALSE. */
static gboolean
test_probabilities (LlHandout     *handout,
                    HandoutRun    *run,
                    const double **probabilities)
{
  const LlDataset *dataset = handout_dataset (handout);

  if (run->model == NULL || dataset == NULL || run->model->test_probabilities == NULL
      || run->model->m_test != dataset->test.count)
    return FALSE;
  *probabilities = run->model->test_probabilities;
  return TRUE;
}

/* Whether DATASET's examples (and so its weights) are pictures: images,
 * or a table with an image shape (the digits' 8x8); a table of one row of
 * columns is not (as the result grid and the weights view decide). */
static gboolean
has_pictures (const LlDataset *dataset)
{
  return dataset != NULL && dataset->width > 0 && (dataset->height > 1 || dataset->feature_names == NULL);
}

/* The first run with predictions on the test images, or NULL. */
static HandoutRun *
run_with_test_images (LlHandout     *handout,
                      const double **probabilities)
{
  const LlDataset *dataset = handout_dataset (handout);

  if (!has_pictures (dataset) || (dataset->test.pixels == NULL && dataset->test.features == NULL))
    return NULL;
  for (guint i = 0; i < handout->n_runs; i++)
    if (test_probabilities (handout, &handout->runs[i], probabilities))
      return &handout->runs[i];
  return NULL;
}

static gboolean
weights_are_pictures (const LlDataset *dataset)
{
  return has_pictures (dataset)
         && (gsize) dataset->height * dataset->width * dataset->channels == dataset->n_features;
}

static gboolean
has_weights (LlHandout *handout)
{
  const LlDataset *dataset = handout_dataset (handout);

  for (guint i = 0; i < handout->n_runs && weights_are_pictures (dataset); i++)
    if (handout->runs[i].model != NULL && handout->runs[i].model->w != NULL
        && handout->runs[i].model->n_features == dataset->n_features)
      return TRUE;
  return FALSE;
}

/* The pages that have something to show, in order, into PAGES. */
static guint
list_pages (LlHandout     *handout,
            LlHandoutPage  pages[LL_HANDOUT_PAGE_FIGURES + 1])
{
  const double *probabilities;
  guint n = 0;

  pages[n++] = LL_HANDOUT_PAGE_LESSON;
  if (run_with_test_images (handout, &probabilities) != NULL)
    pages[n++] = LL_HANDOUT_PAGE_MISCLASSIFIED;
  if (has_weights (handout))
    pages[n++] = LL_HANDOUT_PAGE_WEIGHTS;
  if (handout->sweep_results->len > 0)
    pages[n++] = LL_HANDOUT_PAGE_SWEEP;
  if (ll_plot_boundary_available (handout_dataset (handout)))
    pages[n++] = LL_HANDOUT_PAGE_BOUNDARY;
  if (has_sharpness (handout) || handout->surface != NULL)
    pages[n++] = LL_HANDOUT_PAGE_FIGURES;
  return n;
}

guint
ll_handout_get_n_pages (LlHandout *handout)
{
  LlHandoutPage pages[LL_HANDOUT_PAGE_FIGURES + 1];

  return list_pages (handout, pages);
}

LlHandoutPage
ll_handout_get_page (LlHandout *handout,
                     guint      i)
{
  LlHandoutPage pages[LL_HANDOUT_PAGE_FIGURES + 1];
  guint n = list_pages (handout, pages);

  g_return_val_if_fail (i < n, LL_HANDOUT_PAGE_LESSON);
  return pages[i];
}

/* The iterations of the longest run. */
static guint
longest_run (LlHandout *handout)
{
  guint longest = 0;

  for (guint i = 0; i < handout->n_runs; i++)
    longest = MAX (longest, handout->runs[i].iterations);
  return longest;
}

/* The moment as an iteration, or -1 when the figures show the end. */
static int
moment_iteration (LlHandout *handout)
{
  return handout->moment >= 0 && (guint) handout->moment < longest_run (handout) ? handout->moment : -1;
}

char *
ll_handout_describe_moment (LlHandout *handout)
{
  int moment = moment_iteration (handout);

  if (moment < 0)
    return NULL;
  /* TRANSLATORS: the handout's line on the timeline's moment, "at iteration 300 of 2000" */
  return g_strdup_printf (_("Every figure shows the lesson at iteration %d of %u, the timeline’s moment "
                            "(the cost plot marks it)."), moment, longest_run (handout));
}

char *
ll_handout_describe_run (LlHandout *handout,
                         guint      r)
{
  HandoutRun *run;
  const LlRunPoint *point;
  g_autofree char *train = NULL, *test = NULL;
  char rate[G_ASCII_DTOSTR_BUF_SIZE], cost[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (r < handout->n_runs, NULL);
  run = &handout->runs[r];
  point = run->has_shown ? &run->shown : NULL;
  train = percent (point != NULL ? point->train_accuracy : NAN);
  test = percent (point != NULL ? point->test_accuracy : NAN);
  g_ascii_formatd (rate, sizeof rate, "%g", run->learning_rate);
  ll_plot_format_cost (point != NULL ? point->cost : NAN, cost);
  if (moment_iteration (handout) >= 0 && point != NULL)
    /* TRANSLATORS: a run on the handout at the timeline's moment: "rate 0.5, 2000 iterations, recorded
     * every 100: at iteration 300 cost 0.1234, train 95.0 %, test 70.0 %" */
    return g_strdup_printf (_("rate %s, %u iterations, recorded every %u: at iteration %u cost %s, "
                              "train %s, test %s"),
                            rate, run->iterations, run->record_every, point->iteration, cost, train, test);
  return g_strdup_printf (_("rate %s, %u iterations, recorded every %u: final cost %s, train %s, test %s"),
                          rate, run->iterations, run->record_every, cost, train, test);
}

/* ---- the pages ---- */

static void
draw_first_page (Page      *page,
                 LlHandout *handout)
{
  const LlDataset *dataset = handout_dataset (handout);
  guint n_runs = handout->n_runs;
  g_autofree LlPlotSeries *series = g_new0 (LlPlotSeries, MAX (n_runs, 1));
  g_autofree guint *looks = g_new0 (guint, MAX (n_runs, 1));
  g_autoptr (GPtrArray) costs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *moment = ll_handout_describe_moment (handout);
  LlPlotSpec spec = { 0 };
  double y = MARGIN;

  y += text_at (page, MARGIN, y, TEXT_WIDTH, 18, TRUE, 1, _("Logistic Lab: the lesson")) + 4;
  if (dataset != NULL)
    {
      g_autofree char *title = ll_dataset_dup_title (dataset);
      g_autofree char *about = g_strdup_printf (_("Dataset: %s · %zu training and %zu test examples · %zu features"),
                                                *title != '\0' ? title : "?", dataset->train.count,
                                                dataset->test.count, dataset->n_features);

      y += text_at (page, MARGIN, y, TEXT_WIDTH, 10, FALSE, 2, about) + 4;
    }
  if (moment != NULL)
    y += text_at (page, MARGIN, y, TEXT_WIDTH, 10, TRUE, 2, moment) + 4;

  /* The cost plot: every run's curve in its colour. */
  for (guint i = 0; i < n_runs; i++)
    {
      HandoutRun *run = &handout->runs[i];
      LlCostPoint *points = g_new (LlCostPoint, MAX (run->n_points, 1));

      for (guint p = 0; p < run->n_points; p++)
        points[p] = (LlCostPoint) { run->points[p].iteration, run->points[p].cost };
      g_ptr_array_add (costs, points);
      series[i] = (LlPlotSeries) { run->learning_rate, points, run->n_points };
      looks[i] = run->look;
      spec.max_iteration = MAX (spec.max_iteration, run->iterations);
    }
  spec.series = series;
  spec.n_series = n_runs;
  spec.looks = looks;
  spec.font_scale = 0.8;
  /* The cursor at the moment, as the cost plot shows it. */
  spec.highlight_iteration = moment_iteration (handout);
  spec.title = _("Cost by iteration");
  cairo_save (page->cr);
  cairo_translate (page->cr, MARGIN, y);
  ll_plot_render (page->cr, &spec, TEXT_WIDTH, 300);
  cairo_restore (page->cr);
  y += 316;

  /* The accuracy table and the confusion counts, as text. */
  y += text_at (page, MARGIN, y, TEXT_WIDTH, 12, TRUE, 1, _("Runs")) + 4;
  for (guint i = 0; i < n_runs && y < PAGE_HEIGHT - MARGIN - 40; i++)
    {
      HandoutRun *run = &handout->runs[i];
      const double *probabilities = NULL;
      g_autofree char *line = ll_handout_describe_run (handout, i);

      y += text_at (page, MARGIN, y, TEXT_WIDTH, 10, TRUE, 2, run->title) + 1;
      y += text_at (page, MARGIN + 10, y, TEXT_WIDTH - 10, 9, FALSE, 2, line) + 1;
      if (dataset != NULL && test_probabilities (handout, run, &probabilities))
        {
          guint counts[2][2] = { { 0 } };  /* [true][predicted] */
          g_autofree char *confusion = NULL;

          for (gsize e = 0; e < dataset->test.count; e++)
            counts[dataset->test.labels[e] != 0][probabilities[e] > handout->threshold]++;
          confusion = g_strdup_printf (_("Test set at threshold %.2f: true positives %u, false positives %u, "
                                         "false negatives %u, true negatives %u"),
                                       handout->threshold, counts[1][1], counts[0][1], counts[1][0], counts[0][0]);
          y += text_at (page, MARGIN + 10, y, TEXT_WIDTH - 10, 9, FALSE, 2, confusion) + 1;
        }
      y += 5;
    }
}

/* One image of a split at (X, Y), SIZE points wide. */
static void
draw_image (cairo_t      *cr,
            guint         width,
            guint         height,
            guint         channels,
            const guint8 *pixels,
            double        x,
            double        y,
            double        size)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) width, (int) height);
  int stride = cairo_image_surface_get_stride (surface);
  guint8 *data;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  for (guint r = 0; r < height; r++)
    for (guint c = 0; c < width; c++)
      {
        const guint8 *p = pixels + ((gsize) r * width + c) * channels;
        guint32 red = p[0], green = channels >= 3 ? p[1] : p[0], blue = channels >= 3 ? p[2] : p[0];

        *(guint32 *) (data + r * stride + c * 4) = (red << 16) | (green << 8) | blue;
      }
  cairo_surface_mark_dirty (surface);
  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, size / width, size / width);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_NEAREST);
  cairo_paint (cr);
  cairo_restore (cr);
  cairo_surface_destroy (surface);
}

/* The misclassified test images of the first run that has predictions. */
static void
draw_misclassified (Page      *page,
                    LlHandout *handout)
{
  const LlDataset *dataset = handout_dataset (handout);
  const double size = 72, gap_x = 14, gap_y = 30;
  guint per_row = (guint) ((TEXT_WIDTH + gap_x) / (size + gap_x));
  const double *probabilities = NULL;
  HandoutRun *run;
  guint shown = 0;
  g_autofree char *heading = NULL;
  g_autofree guint8 *pictures = NULL;
  double top;

  /* list_pages leaves the page out without one. */
  run = run_with_test_images (handout, &probabilities);
  if (run == NULL)
    return;
  /* As the image grid draws them: a table's rows (the digits) over its range. */
  pictures = ll_texture_display_pixels (dataset, &dataset->test, 0, dataset->test.count);
  if (pictures == NULL)
    return;

  heading = g_strdup_printf (_("Misclassified test images (%s)"), run->title);
  top = MARGIN + text_at (page, MARGIN, MARGIN, TEXT_WIDTH, 14, TRUE, 2, heading) + 8;
  for (gsize e = 0; e < dataset->test.count && shown < MAX_IMAGES; e++)
    {
      guint truth = dataset->test.labels[e] != 0;
      guint predicted = probabilities[e] > handout->threshold;
      double x = MARGIN + (shown % per_row) * (size + gap_x);
      double y = top + (shown / per_row) * (size + gap_y);
      g_autofree char *true_text = NULL;
      g_autofree char *predicted_text = NULL;

      if (truth == predicted)
        continue;
      if (y + size + gap_y > PAGE_HEIGHT - MARGIN)
        break;
      draw_image (page->cr, dataset->width, dataset->height, dataset->channels,
                  pictures + e * dataset->n_features, x, y, size);
      true_text = g_strdup_printf (_("True: %s"), dataset->class_names[truth]);
      predicted_text = g_strdup_printf (_("Predicted: %s"), dataset->class_names[predicted]);
      /* One line each, as wide as the image: a long class name ends in "…". */
      text_at (page, x, y + size + 2, size + gap_x / 2, 7, FALSE, 1, true_text);
      text_at (page, x, y + size + 12, size + gap_x / 2, 7, FALSE, 1, predicted_text);
      shown++;
    }
  if (shown == 0)
    text_at (page, MARGIN, top, TEXT_WIDTH, 10, FALSE, 0, _("Every test image is classified correctly."));
}

/* Each run's w as an image: blue negative, white zero, red positive. */
static void
draw_weights (Page      *page,
              LlHandout *handout)
{
  const LlDataset *dataset = handout_dataset (handout);
  const double size = 150, gap = 20, title_height = 34;
  guint per_row = (guint) ((TEXT_WIDTH + gap) / (size + gap));
  guint shown = 0;
  double top = MARGIN + text_at (page, MARGIN, MARGIN, TEXT_WIDTH, 14, TRUE, 1, _("Weights")) + 8;

  /* list_pages leaves the page out where they are not. */
  if (!weights_are_pictures (dataset))
    return;
  for (guint i = 0; i < handout->n_runs; i++)
    {
      LlRunModel *model = handout->runs[i].model;
      double x = MARGIN + (shown % per_row) * (size + gap);
      double y = top + (shown / per_row) * (size + 4 + title_height + gap);
      double largest = 0;
      g_autofree guint8 *pixels = NULL;

      if (model == NULL || model->w == NULL || model->n_features != dataset->n_features)
        continue;
      if (y + size > PAGE_HEIGHT - MARGIN)
        break;
      /* The channels averaged: one signed value a pixel. */
      pixels = g_new (guint8, (gsize) dataset->height * dataset->width * 3);
      for (gsize f = 0; f < model->n_features; f++)
        largest = MAX (largest, fabs (model->w[f]));
      for (gsize p = 0; p < (gsize) dataset->height * dataset->width; p++)
        {
          double sum = 0, value;

          for (guint c = 0; c < dataset->channels; c++)
            sum += model->w[p * dataset->channels + c];
          value = largest > 0 ? sum / dataset->channels / largest : 0;
          pixels[p * 3] = (guint8) (255 * (value < 0 ? 1 + value : 1));
          pixels[p * 3 + 1] = (guint8) (255 * (1 - fabs (value)));
          pixels[p * 3 + 2] = (guint8) (255 * (value > 0 ? 1 - value : 1));
        }
      draw_image (page->cr, dataset->width, dataset->height, 3, pixels, x, y, size);
      /* Wrapped under its image, three lines at most: long titles used to
       * run into the next image's. */
      text_at (page, x, y + size + 4, size, 8, FALSE, 3, handout->runs[i].title);
      shown++;
    }
}

/* FIGURE at (X, Y) in WIDTH x HEIGHT, its text a little smaller. */
static void
render_figure (Page     *page,
               LlFigure *figure,
               double    x,
               double    y,
               double    width,
               double    height)
{
  ll_figure_set_font_scale (figure, 0.8);
  cairo_save (page->cr);
  cairo_translate (page->cr, x, y);
  ll_figure_render (figure, page->cr, width, height);
  cairo_restore (page->cr);
}

/* The timeline's moment on FIGURE's last layer (the sharpness figure's
 * or the landscape's): a ring on each visible run's shown point, in its
 * look; as the views, the sharpness only away from the end. */
static void
set_moment_rings (LlHandout *handout,
                  LlFigure  *figure,
                  gboolean   sharpness)
{
  g_autofree double *x = g_new (double, MAX (handout->n_runs, 1));
  g_autofree double *y = g_new (double, MAX (handout->n_runs, 1));
  g_autofree guint *classes = g_new (guint, MAX (handout->n_runs, 1));
  guint n = 0;

  for (guint r = 0; r < handout->n_runs; r++)
    {
      HandoutRun *run = &handout->runs[r];

      if (!run->has_shown || !run->visible)
        continue;
      if (sharpness)
        {
          if (handout->moment < 0 || !isfinite (run->shown.sharpness))
            continue;
          x[n] = run->shown.iteration;
          y[n] = run->shown.sharpness;
        }
      else
        {
          const guint *iterations;
          guint at = G_MAXUINT;

          if (handout->path_iterations == NULL || r >= handout->path_iterations->len)
            continue;
          /* The path's last point at or before the shown iteration. */
          iterations = g_ptr_array_index (handout->path_iterations, r);
          for (guint p = 0; p < g_array_index (handout->path_n, guint, r) && iterations[p] <= run->shown.iteration; p++)
            at = p;
          if (at == G_MAXUINT)
            continue;
          x[n] = ((double *) g_ptr_array_index (handout->path_s, r))[at];
          y[n] = ((double *) g_ptr_array_index (handout->path_t, r))[at];
        }
      classes[n++] = run->look;
    }
  ll_plot_layer_set_points (ll_figure_get_layer (figure, ll_figure_get_n_layers (figure) - 1), x, y, classes, n);
}

/* The sharpness figure (plot-sharpness.h) in WIDTH x HEIGHT at (X, Y). */
static void
draw_sharpness (Page      *page,
                LlHandout *handout,
                double     x,
                double     y,
                double     width,
                double     height)
{
  g_autofree LlSharpnessFigureRun *runs = g_new0 (LlSharpnessFigureRun, MAX (handout->n_runs, 1));
  g_autoptr (GPtrArray) arrays = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (LlFigure) figure = NULL;

  for (guint i = 0; i < handout->n_runs; i++)
    {
      HandoutRun *run = &handout->runs[i];
      double *iterations = g_new (double, MAX (run->n_points, 1));
      double *sharpness = g_new (double, MAX (run->n_points, 1));

      g_ptr_array_add (arrays, iterations);
      g_ptr_array_add (arrays, sharpness);
      for (guint p = 0; p < run->n_points; p++)
        {
          iterations[p] = run->points[p].iteration;
          sharpness[p] = run->points[p].sharpness;
        }
      runs[i] = (LlSharpnessFigureRun) { run->learning_rate, run->look, run->visible, run->pinned,
                                         iterations, sharpness, run->n_points };
    }
  figure = ll_plot_sharpness_figure (handout->critical_rate, runs, handout->n_runs);
  set_moment_rings (handout, figure, TRUE);
  render_figure (page, figure, x, y, width, height);
}

/* The landscape figure (plot-landscape.h) with each run's path. */
static void
draw_landscape (Page      *page,
                LlHandout *handout,
                double     x,
                double     y,
                double     width,
                double     height)
{
  LlLandscapeSurface *surface = handout->surface;
  LlLandscapeFigureSpec spec = {
    surface->s, surface->t, surface->n_s, surface->n_t, surface->cost, surface->cost_lo, surface->cost_hi,
    surface->principal, surface->variance_share, surface->share_d1, surface->share_d2,
    handout->centred_at_run, handout->path_labels->len, (const char *const *) handout->path_labels->pdata,
  };
  g_autoptr (LlFigure) figure = ll_plot_landscape_figure (&spec);
  LlPlotLayer *moment;

  if (figure == NULL)
    return;
  for (guint r = 0; r < handout->path_labels->len && 1 + r < ll_figure_get_n_layers (figure); r++)
    {
      LlPlotLayer *layer = ll_figure_get_layer (figure, 1 + r);

      ll_plot_layer_set_points (layer, g_ptr_array_index (handout->path_s, r),
                                g_ptr_array_index (handout->path_t, r), NULL,
                                g_array_index (handout->path_n, guint, r));
      ll_plot_layer_set_series (layer, handout->runs[r].look);
      ll_plot_layer_set_visible (layer, handout->runs[r].visible);
      ll_plot_layer_set_faded (layer, handout->runs[r].pinned);
    }
  /* The moment's rings, the last layer as on the Landscape page. */
  moment = ll_figure_add_points (figure, NULL, NULL, NULL, 0, FALSE);
  ll_plot_layer_set_marker_scale (moment, 1.8);
  ll_plot_layer_set_in_range (moment, FALSE);
  set_moment_rings (handout, figure, FALSE);
  render_figure (page, figure, x, y, width, height);
}

/* The learning-rate sweep's two figures (plot-sweep.h), as on the Sweep
 * page: with the job's rates and its runs at the moment. */
static void
draw_sweep (Page      *page,
            LlHandout *handout)
{
  LlSweepFigureSpec spec = {
    handout->sweep_iterations, handout->critical_rate, TRUE,
    (const double *) handout->job_rates->data, (const guint *) handout->job_looks->data, handout->job_rates->len,
  };
  g_autoptr (LlFigure) cost = ll_plot_sweep_cost_figure (&spec);
  g_autoptr (LlFigure) accuracy = ll_plot_sweep_accuracy_figure (&spec);
  g_autofree LlSweepFigureMoment *moment = g_new (LlSweepFigureMoment, MAX (handout->n_runs, 1));
  guint n = 0;
  double y = MARGIN + text_at (page, MARGIN, MARGIN, TEXT_WIDTH, 14, TRUE, 1, _("The learning-rate sweep")) + 8;

  for (guint r = 0; r < handout->n_runs; r++)
    {
      HandoutRun *run = &handout->runs[r];

      if (run->has_shown && run->visible)
        moment[n++] = (LlSweepFigureMoment) { run->learning_rate, run->shown.cost, run->shown.test_accuracy,
                                              run->shown.train_accuracy, run->look };
    }
  ll_plot_sweep_set_results (cost, accuracy, (const LlSweepResult *) handout->sweep_results->data,
                             handout->sweep_results->len, NULL);
  ll_plot_sweep_set_moment (cost, accuracy, moment, n);
  y += text_at (page, MARGIN, y, TEXT_WIDTH, 9, FALSE, 3,
                _("Each rate trained from w = 0 for the same iterations. The dashed lines mark 2/L, the largest "
                  "rate stable at the start, and the lesson’s rates; the rings are its runs at the moment.")) + 8;
  render_figure (page, cost, MARGIN, y, TEXT_WIDTH, 340);
  render_figure (page, accuracy, MARGIN, y + 350, TEXT_WIDTH, 340);
}

/* The two-feature picture (plot-boundary.h), as on the Boundary page:
 * each run's decision line from its model at the moment. */
static void
draw_boundary (Page      *page,
               LlHandout *handout)
{
  const LlDataset *dataset = handout_dataset (handout);
  g_autofree double *means = ll_plot_boundary_means (dataset);
  g_autofree LlBoundaryFigureRun *runs = g_new0 (LlBoundaryFigureRun, MAX (handout->n_runs, 1));
  g_autofree char *note = ll_plot_boundary_note (handout->threshold);
  g_autoptr (LlFigure) figure = NULL;
  LlBoundaryFigureSpec spec = {
    dataset, handout->x_feature, handout->y_feature, means, handout->scaling, handout->threshold,
    runs, handout->n_runs, handout->shaded_run,
  };
  double y = MARGIN + text_at (page, MARGIN, MARGIN, TEXT_WIDTH, 14, TRUE, 1,
                              _("The decision boundary on two features")) + 8;

  if (spec.x_feature == G_MAXUINT)
    ll_plot_boundary_pick_columns (dataset, means, &spec.x_feature, &spec.y_feature);
  for (guint r = 0; r < handout->n_runs; r++)
    {
      LlRunModel *model = handout->runs[r].model;

      runs[r] = (LlBoundaryFigureRun) { handout->runs[r].label, handout->runs[r].look,
                                        model != NULL ? model->w : NULL, model != NULL ? model->n_features : 0,
                                        model != NULL ? model->b : 0 };
    }
  figure = ll_plot_boundary_figure (&spec, NULL);
  y += text_at (page, MARGIN, y, TEXT_WIDTH, 9, FALSE, 4, note) + 8;
  render_figure (page, figure, MARGIN, y, TEXT_WIDTH, MIN (TEXT_WIDTH * 0.9, PAGE_HEIGHT - MARGIN - y));
}

/* The other views' figures that have data, one above the other. */
static void
draw_figures (Page      *page,
              LlHandout *handout)
{
  double y = MARGIN + text_at (page, MARGIN, MARGIN, TEXT_WIDTH, 14, TRUE, 1, _("Other views")) + 8;
  const double height = 360;

  if (has_sharpness (handout))
    {
      draw_sharpness (page, handout, MARGIN, y, TEXT_WIDTH, height);
      y += height + 20;
    }
  if (handout->surface != NULL)
    draw_landscape (page, handout, MARGIN, y, TEXT_WIDTH, height);
}

/* ---- the document ---- */

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
end_page (Page *page)
{
  cairo_show_page (page->cr);
}

gboolean
ll_handout_write_snapshot (LlHandout   *handout,
                           const char  *path,
                           GError     **error)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  LlHandoutPage pages[LL_HANDOUT_PAGE_FIGURES + 1];
  guint n_pages;
  Page page;

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Logistic Lab: the lesson"));
  page.cr = cairo_create (surface);
  /* This thread's own font map and context (pango-cairo's default font
   * map is per thread): drawing here never touches the UI's. */
  page.pango = pango_cairo_create_context (page.cr);
  n_pages = list_pages (handout, pages);
  for (guint i = 0; i < n_pages; i++)
    {
      switch (pages[i])
        {
        case LL_HANDOUT_PAGE_LESSON:
          draw_first_page (&page, handout);
          break;
        case LL_HANDOUT_PAGE_MISCLASSIFIED:
          draw_misclassified (&page, handout);
          break;
        case LL_HANDOUT_PAGE_WEIGHTS:
          draw_weights (&page, handout);
          break;
        case LL_HANDOUT_PAGE_SWEEP:
          draw_sweep (&page, handout);
          break;
        case LL_HANDOUT_PAGE_BOUNDARY:
          draw_boundary (&page, handout);
          break;
        case LL_HANDOUT_PAGE_FIGURES:
          draw_figures (&page, handout);
          break;
        default:
          g_assert_not_reached ();
        }
      end_page (&page);
    }
  g_object_unref (page.pango);
  cairo_destroy (page.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", path, cairo_status_to_string (status));
      return FALSE;
    }
  return ll_output_write_bytes (path, (const char *) bytes->data, bytes->len, error);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  LlHandout *handout = g_object_get_data (G_OBJECT (task), "handout");
  GError *error = NULL;

  if (ll_handout_write_snapshot (handout, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
ll_handout_write_async (LlHandout           *handout,
                        const char          *path,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr (GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, ll_handout_write_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  g_object_set_data_full (G_OBJECT (task), "handout", handout, (GDestroyNotify) ll_handout_free);
  g_task_run_in_thread (task, write_in_thread);
}

gboolean
ll_handout_write_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
ll_handout_write (LlRunStore  *store,
                  double       threshold,
                  const char  *path,
                  GError     **error)
{
  g_autoptr (LlHandout) handout = NULL;

  g_return_val_if_fail (LL_IS_RUN_STORE (store), FALSE);
  handout = ll_handout_snapshot (store, threshold);
  return ll_handout_write_snapshot (handout, path, error);
}
