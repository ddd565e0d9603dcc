/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-classify-many.c: `classify` on 1000 small PNGs, before and after
 * batching (issue 23). Writes 1000 8x8 grey PNGs and an .npz of one run in
 * a temporary folder, then times:
 *   before  one decode-helper child per image (ll_decode_in_helper, then
 *           ll_image_fit), what `classify` did until now;
 *   after   the built `logistic-lab classify` itself (process start and
 *           printing included), which decodes in batches in the image-folder
 *           reader's forked children.
 * Run: meson compile -C build bench-classify-many && ./build/tests/bench/bench-classify-many [N]
 * The goal: after at least 20 times faster than before. */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "bench-common.h"
#include "fixtures-image.h"
#include "core/data/dataset.h"
#include "core/data/decode-helper.h"
#include "core/io/model-io.h"

#define SIDE 8
#define GOAL 20.0

static char **
write_images (const char *folder, guint n)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  guint8 pixels[SIDE * SIDE];
  char **paths;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("image-%04u.png", i);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autoptr (GBytes) png = NULL;

      for (guint p = 0; p < sizeof pixels; p++)
        pixels[p] = (guint8) ((i * 37 + p * 11) & 0xff);
      png = ll_test_png_bytes (SIDE, SIDE, 1, pixels);
      if (!g_file_set_contents (path, g_bytes_get_data (png, NULL), (gssize) g_bytes_get_size (png),
                                NULL))
        g_error ("cannot write %s", path);
      g_strv_builder_add (builder, path);
    }
  paths = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return paths;
}

static char *
write_weights (const char *folder)
{
  g_autoptr (GPtrArray) models = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_model_free);
  LlModel *model = ll_model_new (SIDE * SIDE);
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (folder, "weights.npz", NULL);

  model->height = model->width = SIDE;
  model->channels = 1;
  for (guint i = 0; i < SIDE * SIDE; i++)
    model->w[i] = (i % 3 == 0 ? 0.01 : -0.01) * i;
  g_ptr_array_add (models, model);
  if (!ll_models_save_npz (path, models, &error))
    g_error ("%s", error->message);
  return path;
}

/* What classify did per image until now; returns the results made. */
static guint
classify_one_by_one (char **paths, const LlModel *model)
{
  const LlDecodeHelperConfig helper = { .helper_path = LL_BENCH_LOGISTIC_LAB };
  g_autofree double *features = g_new (double, model->n_features);
  guint made = 0;

  for (guint i = 0; paths[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (LlImage) image = ll_decode_in_helper (&helper, paths[i], 1, NULL, &error);
      g_autoptr (LlImage) fitted = NULL;

      if (image == NULL)
        g_error ("%s", error->message);
      fitted = ll_image_fit (image, SIDE, SIDE, 1);
      ll_pixels_to_features (fitted->pixels, model->n_features, features);
      made += ll_model_probability (model, features) >= 0;
    }
  return made;
}

static guint
count_lines (const char *text)
{
  guint lines = 0;

  for (const char *p = text; *p != '\0'; p++)
    lines += *p == '\n';
  return lines;
}

int
main (int argc, char **argv)
{
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 1000;
  g_autofree char *folder = g_dir_make_tmp ("ll-bench-classify-many-XXXXXX", NULL);
  g_auto (GStrv) paths = NULL;
  g_autofree char *weights = NULL;
  g_autofree char *cpu = ll_bench_cpuinfo ("model name");
  g_autoptr (GPtrArray) argv_cli = g_ptr_array_new ();
  g_autoptr (LlModel) model = ll_model_new (SIDE * SIDE);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status = 0;
  gint64 start;
  double before_s, after_s;

  if (n == 0)
    n = 1000;
  paths = write_images (folder, n);
  weights = write_weights (folder);
  printf ("classify %u PNGs of %ux%u grey; %s, %u cores\n", n, SIDE, SIDE, cpu,
          g_get_num_processors ());

  start = g_get_monotonic_time ();
  if (classify_one_by_one (paths, model) != n)
    g_error ("not every image classified");
  before_s = (double) (g_get_monotonic_time () - start) / 1e6;
  printf ("before (one helper child per image): %8.3f s  %7.3f ms/image\n", before_s,
          before_s * 1e3 / n);

  g_ptr_array_add (argv_cli, (gpointer) LL_BENCH_LOGISTIC_LAB);
  g_ptr_array_add (argv_cli, (gpointer) "classify");
  g_ptr_array_add (argv_cli, (gpointer) "--weights");
  g_ptr_array_add (argv_cli, weights);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (argv_cli, paths[i]);
  g_ptr_array_add (argv_cli, NULL);
  start = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv_cli->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                     &out, &err, &status, &error))
    g_error ("%s", error->message);
  after_s = (double) (g_get_monotonic_time () - start) / 1e6;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0 || count_lines (out) != n)
    g_error ("classify failed (%u lines): %s", count_lines (out), err);
  printf ("after (logistic-lab classify, batches): %8.3f s  %7.3f ms/image\n", after_s,
          after_s * 1e3 / n);
  printf ("speed-up: %.1fx (goal >= %.0fx: %s)\n", before_s / after_s, GOAL,
          before_s / after_s >= GOAL ? "met" : "NOT met");

  for (guint i = 0; i < n; i++)
    g_unlink (paths[i]);
  g_unlink (weights);
  g_rmdir (folder);
  return before_s / after_s >= GOAL ? 0 : 1;
}
