/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-handout.c: see ll-handout.h. */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <math.h>

#include "core/io/output-file.h"
#include "ll-handout.h"
#include "plot/plot-render.h"

/* A4 in points. */
#define PAGE_WIDTH 595.0
#define PAGE_HEIGHT 842.0
#define MARGIN 40.0
#define MAX_IMAGES 60

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static void
text_at (cairo_t    *cr,
         double      x,
         double      y,
         double      size,
         gboolean    bold,
         const char *text)
{
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL,
                          bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, size);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, x, y);
  cairo_show_text (cr, text);
}

static char *
percent (double value)
{
  return isfinite (value) ? g_strdup_printf ("%.1f %%", value) : g_strdup ("—");
}

/* The run's test predictions at THRESHOLD, or FALSE. */
static gboolean
test_probabilities (LlRunStore    *store,
                    LlRun         *run,
                    const double **probabilities)
{
  LlRunModel *model = ll_run_get_latest_model (run);
  const LlDataset *dataset = ll_run_store_peek_dataset (store);

  if (model == NULL || dataset == NULL || !ll_run_store_run_fits_dataset (store, run)
      || model->test_probabilities == NULL || model->m_test != dataset->test.count)
    return FALSE;
  *probabilities = model->test_probabilities;
  return TRUE;
}

static void
draw_first_page (cairo_t    *cr,
                 LlRunStore *store,
                 double      threshold)
{
  const LlDataset *dataset = ll_run_store_peek_dataset (store);
  guint n_runs = ll_run_store_get_n_runs (store);
  g_autofree LlPlotSeries *series = g_new0 (LlPlotSeries, MAX (n_runs, 1));
  g_autoptr (GPtrArray) costs = g_ptr_array_new_with_free_func (g_free);
  LlPlotSpec spec = { 0 };
  g_autofree char *about = NULL;
  double y = MARGIN + 10;

  text_at (cr, MARGIN, y, 18, TRUE, _("Logistic Lab: the lesson"));
  y += 22;
  if (dataset != NULL)
    {
      about = g_strdup_printf (_("Dataset: %s · %zu training and %zu test examples · %zu features"),
                               dataset->name != NULL ? dataset->name : "?", dataset->train.count,
                               dataset->test.count, dataset->n_features);
      text_at (cr, MARGIN, y, 10, FALSE, about);
      y += 14;
    }

  /* The cost plot: every run's curve in its colour. */
  for (guint i = 0; i < n_runs; i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);
      guint n_points = ll_run_get_n_points (run);
      LlCostPoint *points = g_new (LlCostPoint, MAX (n_points, 1));

      for (guint p = 0; p < n_points; p++)
        points[p] = (LlCostPoint) { ll_run_get_point (run, p)->iteration, ll_run_get_point (run, p)->cost };
      g_ptr_array_add (costs, points);
      series[i] = (LlPlotSeries) { ll_run_get_learning_rate (run), points, n_points };
      spec.max_iteration = MAX (spec.max_iteration, ll_run_get_iterations (run));
    }
  spec.series = series;
  spec.n_series = n_runs;
  spec.font_scale = 0.8;
  spec.highlight_iteration = -1;
  spec.title = _("Cost by iteration");
  cairo_save (cr);
  cairo_translate (cr, MARGIN, y);
  ll_plot_render (cr, &spec, PAGE_WIDTH - 2 * MARGIN, 300);
  cairo_restore (cr);
  y += 320;

  /* The accuracy table and the confusion counts, as text. */
  text_at (cr, MARGIN, y, 12, TRUE, _("Runs"));
  y += 16;
  for (guint i = 0; i < n_runs && y < PAGE_HEIGHT - MARGIN; i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);
      const LlRunPoint *point = ll_run_get_latest_point (run);
      const double *probabilities = NULL;
      g_autofree char *train = percent (point != NULL ? point->train_accuracy : NAN);
      g_autofree char *test = percent (point != NULL ? point->test_accuracy : NAN);
      g_autofree char *line = NULL;
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      g_ascii_formatd (rate, sizeof rate, "%g", ll_run_get_learning_rate (run));
      text_at (cr, MARGIN, y, 10, TRUE, ll_run_get_title (run));
      y += 13;
      line = g_strdup_printf (_("rate %s, %u iterations, recorded every %u: final cost %.4g, train %s, test %s"),
                              rate, ll_run_get_iterations (run), ll_run_get_record_every (run),
                              point != NULL ? point->cost : NAN, train, test);
      text_at (cr, MARGIN + 10, y, 9, FALSE, line);
      y += 12;
      if (dataset != NULL && test_probabilities (store, run, &probabilities))
        {
          guint counts[2][2] = { { 0 } };  /* [true][predicted] */
          g_autofree char *confusion = NULL;

          for (gsize e = 0; e < dataset->test.count; e++)
            counts[dataset->test.labels[e] != 0][probabilities[e] > threshold]++;
          confusion = g_strdup_printf (_("Test set at threshold %.2f: true positives %u, false positives %u, "
                                         "false negatives %u, true negatives %u"),
                                       threshold, counts[1][1], counts[0][1], counts[1][0], counts[0][0]);
          text_at (cr, MARGIN + 10, y, 9, FALSE, confusion);
          y += 12;
        }
      y += 4;
    }
}

/* One image of a split at (X, Y), SIZE points wide. */
static void
draw_image (cairo_t         *cr,
            const LlDataset *dataset,
            const guint8    *pixels,
            double           x,
            double           y,
            double           size)
{
  guint width = dataset->width, height = dataset->height, channels = dataset->channels;
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
draw_misclassified (cairo_t    *cr,
                    LlRunStore *store,
                    double      threshold)
{
  const LlDataset *dataset = ll_run_store_peek_dataset (store);
  const double size = 72, gap_x = 14, gap_y = 40;
  guint per_row = (guint) ((PAGE_WIDTH - 2 * MARGIN + gap_x) / (size + gap_x));
  const double *probabilities = NULL;
  LlRun *run = NULL;
  guint shown = 0;
  g_autofree char *heading = NULL;

  for (guint i = 0; i < ll_run_store_get_n_runs (store) && run == NULL; i++)
    if (test_probabilities (store, ll_run_store_get_run (store, i), &probabilities))
      run = ll_run_store_get_run (store, i);
  if (run == NULL || dataset->test.pixels == NULL || dataset->width == 0)
    return;

  heading = g_strdup_printf (_("Misclassified test images (%s)"), ll_run_get_title (run));
  text_at (cr, MARGIN, MARGIN + 10, 14, TRUE, heading);
  for (gsize e = 0; e < dataset->test.count && shown < MAX_IMAGES; e++)
    {
      guint truth = dataset->test.labels[e] != 0;
      guint predicted = probabilities[e] > threshold;
      double x = MARGIN + (shown % per_row) * (size + gap_x);
      double y = MARGIN + 30 + (shown / per_row) * (size + gap_y);
      g_autofree char *true_text = NULL;
      g_autofree char *predicted_text = NULL;

      if (truth == predicted)
        continue;
      if (y + size + gap_y > PAGE_HEIGHT - MARGIN)
        break;
      draw_image (cr, dataset, dataset->test.pixels + e * dataset->n_features, x, y, size);
      true_text = g_strdup_printf (_("True: %s"), dataset->class_names[truth]);
      predicted_text = g_strdup_printf (_("Predicted: %s"), dataset->class_names[predicted]);
      text_at (cr, x, y + size + 11, 7, FALSE, true_text);
      text_at (cr, x, y + size + 21, 7, FALSE, predicted_text);
      shown++;
    }
  if (shown == 0)
    text_at (cr, MARGIN, MARGIN + 40, 10, FALSE, _("Every test image is classified correctly."));
}

/* Each run's w as an image: blue negative, white zero, red positive. */
static void
draw_weights (cairo_t    *cr,
              LlRunStore *store)
{
  const LlDataset *dataset = ll_run_store_peek_dataset (store);
  const double size = 150, gap = 20;
  guint per_row = (guint) ((PAGE_WIDTH - 2 * MARGIN + gap) / (size + gap));
  guint shown = 0;

  text_at (cr, MARGIN, MARGIN + 10, 14, TRUE, _("Weights"));
  if (dataset == NULL || dataset->width == 0 || dataset->height * dataset->width * dataset->channels != dataset->n_features)
    {
      text_at (cr, MARGIN, MARGIN + 40, 10, FALSE, _("This dataset's weights are not pictures."));
      return;
    }
  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    {
      LlRun *run = ll_run_store_get_run (store, i);
      LlRunModel *model = ll_run_get_latest_model (run);
      double x = MARGIN + (shown % per_row) * (size + gap);
      double y = MARGIN + 30 + (shown / per_row) * (size + gap + 20);
      double largest = 0;
      g_autofree guint8 *pixels = NULL;
      LlDataset grey = *dataset;

      if (model == NULL || model->w == NULL || !ll_run_store_run_fits_dataset (store, run))
        continue;
      if (y + size > PAGE_HEIGHT - MARGIN)
        break;
      /* The channels averaged: one signed value a pixel. */
      grey.channels = 3;
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
      draw_image (cr, &grey, pixels, x, y, size);
      text_at (cr, x, y + size + 12, 8, FALSE, ll_run_get_title (run));
      shown++;
    }
}

gboolean
ll_handout_write (LlRunStore  *store,
                  double       threshold,
                  const char  *path,
                  GError     **error)
{
  g_autoptr (GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;

  g_return_val_if_fail (LL_IS_RUN_STORE (store), FALSE);

  surface = cairo_pdf_surface_create_for_stream (append_bytes, bytes, PAGE_WIDTH, PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, _("Logistic Lab: the lesson"));
  cr = cairo_create (surface);
  draw_first_page (cr, store, threshold);
  cairo_show_page (cr);
  if (ll_run_store_peek_dataset (store) != NULL)
    {
      draw_misclassified (cr, store, threshold);
      cairo_show_page (cr);
      draw_weights (cr, store);
      cairo_show_page (cr);
    }
  cairo_destroy (cr);
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
