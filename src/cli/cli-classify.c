/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-classify.c: `logistic-lab classify [--weights] FILE.npz IMAGE…|ROWS.csv|-`.
 *
 * The images are decoded in batches by the image-folder reader's forked
 * children (decode-helper.h), brought to the weights' image shape by the
 * datasets' own resize; a table's rows are read by the CSV reader (with or
 * without the label column). Each run in the file scales the raw values
 * as the file says (scaling, feature_offset, feature_scale; an older file:
 * pixels / 255) and scores them; each result is printed as soon as its
 * batch or table is in (text; JSON is one document at the end). Then one
 * line on stderr per bad input, and exit status 2. */
#include "config.h"

#include "cli-private.h"
#include "json-writer.h"

#include <errno.h>
#include <math.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "core/data/csv.h"
#include "core/data/dataset.h"
#include "core/data/decode-helper.h"
#include "core/io/model-io.h"
#include "core/io/text-escape.h"

#define THRESHOLD 0.5
/* Images per batch: a fork per batch is nothing beside decoding 256
 * images, and a killed run has printed all but the last batch. */
#define BATCH_IMAGES 256u
/* Pixels held at once, whatever the image size. */
#define BATCH_BYTES (64u * 1024u * 1024u)

typedef struct {
  char *weights;
  char *classes;
  guint image_width;
  guint image_height;
  gboolean json;
} ClassifyOptions;

static void
classify_options_clear (ClassifyOptions *options)
{
  g_free (options->weights);
  g_free (options->classes);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ClassifyOptions, classify_options_clear)

static gboolean
parse_image_size (const char *option, const char *value, gpointer data, GError **error)
{
  ClassifyOptions *options = data;

  return ll_cli_parse_size (option, value, &options->image_width, &options->image_height, error);
}

static GOptionContext *
classify_option_context (ClassifyOptions *options)
{
  const GOptionEntry entries[] = {
    { "weights", 'w', 0, G_OPTION_ARG_FILENAME, &options->weights,
      N_("Trained weights: an .npz from “train --export” or numpy.savez(f, w=w, b=b)"),
      N_("FILE.npz") },
    { "image-size", 0, 0, G_OPTION_ARG_CALLBACK, (gpointer) parse_image_size,
      N_("The image size the weights expect, when the file does not say"), N_("WxH") },
    /* Bytes, checked in prepare_models: GOption's own UTF-8 error names
     * neither the option nor the value. */
    { "classes", 'c', 0, G_OPTION_ARG_FILENAME, &options->classes,
      N_("Names for label 1 and label 0 (default: the file’s, or 1 and 0)"), N_("POS[,NEG]") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print one JSON array instead of text"), NULL },
    { NULL }
  };
  /* Translators: the arguments of `classify`; "-" stands for standard input */
  GOptionContext *context = g_option_context_new (N_("[FILE.npz] IMAGE…|ROWS.csv (- for standard input)"));
  GOptionGroup *group = g_option_group_new ("classify", NULL, NULL, options, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Prints for each image, and each row of a table (.csv, .tsv), the predicted\n"
      "class (threshold 0.5) and the probability of the positive class (label 1),\n"
      "once per run in the file, scaled as the weights say."));
  g_autofree char *description = g_strconcat (ll_cli_exit_status_help (), "\n",
    _("Bad images are reported after the good ones are printed."), NULL);
  g_option_context_set_description (context, description);
  return context;
}

/* ERROR's message, led by PATH as the user typed it: the core names files
 * by their base name, which is ambiguous among several images. */
static char *
message_naming (const char *path, const GError *error)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *base_prefix = g_strconcat (base, ": ", NULL);

  if (g_str_has_prefix (error->message, path))
    return g_strdup (error->message);
  if (g_str_has_prefix (error->message, base_prefix))
    return g_strdup_printf ("%s: %s", path, error->message + strlen (base_prefix));
  return g_strdup_printf ("%s: %s", path, error->message);
}

/* Fills in the class names from --classes. */
static gboolean
prepare_models (GPtrArray *models, const ClassifyOptions *options)
{
  g_auto (GStrv) names = NULL;
  g_autofree char *not_positive = NULL;

  if (options->classes == NULL)
    return TRUE;
  if (!g_utf8_validate (options->classes, -1, NULL))
    {
      g_autofree char *shown = ll_text_escape_controls (options->classes);

      ll_cli_fail (_("--classes: '%s' is not valid UTF-8 text"), shown);
      return FALSE;
    }
  names = g_strsplit (options->classes, ",", -1);
  for (guint i = 0; names[i] != NULL; i++)
    g_strstrip (names[i]);
  if (g_strv_length (names) > 2 || names[0] == NULL || names[0][0] == '\0'
      || (names[1] != NULL && names[1][0] == '\0'))
    {
      ll_cli_fail (_("--classes: '%s' is not POS or POS,NEG"), options->classes);
      return FALSE;
    }
  if (names[1] == NULL)
    not_positive = g_strdup_printf (_("not %s"), names[0]);

  for (guint i = 0; i < models->len; i++)
    {
      LlModel *model = g_ptr_array_index (models, i);
      g_autofree char *negative = ll_text_escape_controls (names[1] != NULL ? names[1] : not_positive);
      g_autofree char *positive = ll_text_escape_controls (names[0]);

      ll_model_set_class_names (model, negative, positive);
    }
  return TRUE;
}

/* Whether every run knows the image shape its pictures are brought to. */
static gboolean
models_have_image_shape (GPtrArray *models)
{
  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);

      if (model->height == 0 || model->width == 0 || model->channels == 0
          || (gsize) model->height * model->width * model->channels != model->n_features)
        return FALSE;
    }
  return TRUE;
}

/* Reads standard input (`classify ... -`) whole, at most one byte over
 * the larger of the image and table caps, so an endless stream is
 * refused, not stored. */
static GBytes *
read_stdin (GError **error)
{
  const gsize cap = MAX ((gsize) LL_IMAGE_MAX_FILE_BYTES, (gsize) LL_CSV_MAX_BYTES);
  g_autoptr (GByteArray) data = g_byte_array_new ();
  g_autofree guint8 *buffer = g_malloc (64 * 1024);

  for (;;)
    {
      gssize n = read (STDIN_FILENO, buffer, 64 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_UNREADABLE, "%s", g_strerror (saved));
          return NULL;
        }
      if (n == 0)
        break;
      if (data->len + (gsize) n > cap)
        {
          g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                       _("more than %u MiB: too large for an image or a table"), (guint) (cap >> 20));
          return NULL;
        }
      g_byte_array_append (data, buffer, n);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&data));
}

/* Whether BYTES start like an image the decoder reads (PNG, JPEG, BMP,
 * GIF); anything else on standard input is taken for a table's text. */
static gboolean
looks_like_image (GBytes *bytes)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  return (size >= 4 && memcmp (data, "\x89PNG", 4) == 0) || (size >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
         || (size >= 2 && memcmp (data, "BM", 2) == 0) || (size >= 4 && memcmp (data, "GIF8", 4) == 0);
}

/* BYTES in a private temporary file for the decode helper, which reads
 * regular files only. */
static char *
write_temporary (GBytes *bytes, GError **error)
{
  g_autofree char *path = NULL;
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);
  int fd = g_file_open_tmp ("logistic-lab-stdin-XXXXXX", &path, error);
  gboolean written;

  if (fd < 0)
    return NULL;
  if (size > LL_IMAGE_MAX_FILE_BYTES)
    {
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                   _("more than %u MiB: too large for an image"), LL_IMAGE_MAX_FILE_BYTES >> 20);
      written = FALSE;
    }
  else
    {
      written = size == 0 || write (fd, data, size) == (gssize) size;
      if (!written)
        {
          int saved = errno;

          g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_UNREADABLE, "%s", g_strerror (saved));
        }
    }
  close (fd);
  if (!written)
    {
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* The probability of the positive class under each run for one example's
 * RAW features (pixel values 0..255 or a table's cells), each run scaling
 * them as it expects, into PROBABILITIES (one per run). */
static void
score_raw (const double *raw, GPtrArray *models, double *scaled, double *probabilities)
{
  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);

      ll_model_scale_features (model, raw, scaled);
      probabilities[i] = ll_model_probability (model, scaled);
    }
}

static const char *
predicted_class (const LlModel *model, double probability)
{
  return model->class_names[probability > THRESHOLD ? 1 : 0];
}

/* ROW: the table row from 1, or 0 for an image. */
static void
append_text (GString *text, const char *path, gsize row, GPtrArray *models, const double *probabilities)
{
  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);
      char p[G_ASCII_DTOSTR_BUF_SIZE];
      char rate[LL_SHORTEST_DOUBLE_BUF_SIZE];
      g_autofree char *display = g_filename_display_name (path);
      g_autofree char *shown = ll_text_escape_controls (display);

      /* The class names are escaped where they are read. */
      g_string_append (text, shown);
      if (row > 0)
        g_string_append_printf (text, " row %" G_GSIZE_FORMAT, row);
      g_string_append_printf (text, ": %s (p = %s",
                              predicted_class (model, probabilities[i]),
                              g_ascii_formatd (p, sizeof p, "%.4f", probabilities[i]));
      if (models->len > 1)
        g_string_append_printf (text, ", learning rate %s",
                                ll_format_shortest_double (model->learning_rate, rate));
      g_string_append (text, ")\n");
    }
}

static void
append_json (LlJsonWriter *json, const char *path, gsize row, GPtrArray *models, const double *probabilities)
{
  g_autofree char *file = g_filename_display_name (path);

  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);

      ll_json_writer_begin_object (json);
      ll_json_writer_key (json, "file");
      ll_json_writer_string (json, file);
      if (row > 0)
        {
          ll_json_writer_key (json, "row");
          ll_json_writer_int (json, (gint64) row);
        }
      if (models->len > 1)
        {
          ll_json_writer_key (json, "learning_rate");
          ll_json_writer_double (json, model->learning_rate);
        }
      ll_json_writer_key (json, "class");
      ll_json_writer_string (json, predicted_class (model, probabilities[i]));
      ll_json_writer_key (json, "probability");
      ll_json_writer_double (json, probabilities[i]);
      ll_json_writer_end_object (json);
    }
}

/* What classify prints to, and the failures reported at the end. */
typedef struct {
  GPtrArray *models;
  gboolean json;
  LlJsonWriter *writer;
  GString *text;
  GPtrArray *failures;
} Output;

static void
output_result (Output *output, const char *name, gsize row, const double *probabilities)
{
  if (output->json)
    append_json (output->writer, name, row, output->models, probabilities);
  else
    append_text (output->text, name, row, output->models, probabilities);
}

/* Text is printed as each image batch or table is done. */
static void
output_flush (Output *output)
{
  if (output->json)
    return;
  ll_cli_print (output->text->str);
  g_string_truncate (output->text, 0);
}

/* Images OPENED (shown as SHOWN) in batches through the decode helper. */
static void
classify_images (Output *output, GPtrArray *opened, GPtrArray *shown)
{
  const LlModel *first = g_ptr_array_index (output->models, 0);
  gsize batch = CLAMP (BATCH_BYTES / first->n_features, 1, BATCH_IMAGES);
  g_autofree double *raw = g_new (double, first->n_features);
  g_autofree double *scaled = g_new (double, first->n_features);
  g_autofree double *probabilities = g_new (double, output->models->len);

  if (opened->len > 0 && !models_have_image_shape (output->models))
    {
      for (guint i = 0; i < shown->len; i++)
        g_ptr_array_add (output->failures,
                         g_strdup_printf (_("%s: the weights know no image shape for their %zu weights; "
                                            "give --image-size WxH"),
                                          (const char *) g_ptr_array_index (shown, i), first->n_features));
      return;
    }
  for (gsize start = 0; start < opened->len; )
    {
      g_autoptr (GError) error = NULL;
      gsize count = MIN (batch, opened->len - start), decoded = 0;
      const char *const *paths = (const char *const *) opened->pdata + start;
      const char *const *names = (const char *const *) shown->pdata + start;
      g_autofree guint8 *pixels = ll_decode_files_prefix (paths, names, count, first->width,
                                                          first->height, first->channels, 0,
                                                          NULL, &decoded, &error);

      for (gsize i = 0; i < decoded; i++)
        {
          const guint8 *image = pixels + i * first->n_features;

          for (gsize j = 0; j < first->n_features; j++)
            raw[j] = image[j];
          score_raw (raw, output->models, scaled, probabilities);
          output_result (output, names[i], 0, probabilities);
        }
      output_flush (output);
      if (decoded < count)
        {
          /* That image is bad; go on after it. */
          g_ptr_array_add (output->failures, message_naming (names[decoded], error));
          decoded++;
        }
      start += decoded;
    }
}

/* Each row of TABLE (read from NAME): its cells are the features, with or
 * without a label as the last column (which is then left aside). */
static void
classify_table (Output *output, const char *name, const LlCsvTable *table)
{
  const LlModel *first = g_ptr_array_index (output->models, 0);
  gsize n = first->n_features;
  gboolean with_label = table->n_features == n;
  g_autofree double *raw = g_new (double, n);
  g_autofree double *scaled = g_new (double, n);
  g_autofree double *probabilities = g_new (double, output->models->len);

  if (!with_label && (gsize) table->n_features + 1 != n)
    {
      g_ptr_array_add (output->failures,
                       g_strdup_printf (_("%s: rows of %u columns, but the weights take %zu features "
                                          "(and may have a label as the last column)"),
                                        name, table->n_features + 1, n));
      return;
    }
  for (gsize row = 0; row < table->n_rows; row++)
    {
      memcpy (raw, table->features + row * table->n_features, sizeof (double) * table->n_features);
      if (!with_label)
        {
          /* The reader took the last column for a label: a number kept to
           * the last digit ("%.17g"), or text, which is no feature. */
          const char *last = table->labels[row];
          char *end = NULL;

          raw[n - 1] = g_ascii_strtod (last, &end);
          if (end == last || *end != '\0' || !isfinite (raw[n - 1]))
            {
              g_autofree char *cell = ll_text_escape_controls (last);

              g_ptr_array_add (output->failures,
                               g_strdup_printf (_("%s: row %zu, column %zu: “%s” is not a number"),
                                                name, row + 1, n, cell));
              return;
            }
        }
      score_raw (raw, output->models, scaled, probabilities);
      output_result (output, name, row + 1, probabilities);
    }
  output_flush (output);
}

/* Standard input: an image (by its first bytes) or a table's text. */
static void
classify_stdin (Output *output)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = read_stdin (&error);
  g_autofree char *spooled = NULL;
  g_autoptr (LlCsvTable) table = NULL;
  gsize size;
  const char *text;

  if (bytes == NULL)
    {
      g_ptr_array_add (output->failures, message_naming ("-", error));
      return;
    }
  if (looks_like_image (bytes))
    {
      g_autoptr (GPtrArray) opened = g_ptr_array_new ();
      g_autoptr (GPtrArray) shown = g_ptr_array_new ();

      spooled = write_temporary (bytes, &error);
      if (spooled == NULL)
        {
          g_ptr_array_add (output->failures, message_naming ("-", error));
          return;
        }
      g_ptr_array_add (opened, spooled);
      g_ptr_array_add (shown, (char *) "-");
      classify_images (output, opened, shown);
      g_unlink (spooled);
      return;
    }
  text = g_bytes_get_data (bytes, &size);
  table = ll_csv_table_parse ("-", text != NULL ? text : "", size, NULL, &error);
  if (table == NULL)
    g_ptr_array_add (output->failures, message_naming ("-", error));
  else
    classify_table (output, "-", table);
}

/* The inputs in the order given: runs of images in batches, each table
 * (by its name: .csv, .tsv, .gz of them) whole, "-" by its content. */
static void
classify_inputs (Output *output, char **inputs)
{
  g_autoptr (GPtrArray) opened = g_ptr_array_new ();

  for (guint i = 0; inputs[i] != NULL; i++)
    {
      gboolean is_stdin = strcmp (inputs[i], "-") == 0;

      if (!is_stdin && !ll_csv_path_is_table (inputs[i]))
        {
          g_ptr_array_add (opened, inputs[i]);
          if (inputs[i + 1] != NULL)
            continue;
        }
      classify_images (output, opened, opened);
      g_ptr_array_set_size (opened, 0);
      if (is_stdin)
        classify_stdin (output);
      else if (ll_csv_path_is_table (inputs[i]))
        {
          g_autoptr (GError) error = NULL;
          g_autoptr (LlCsvTable) table = ll_csv_table_read (inputs[i], NULL, &error);

          if (table == NULL)
            g_ptr_array_add (output->failures, message_naming (inputs[i], error));
          else
            classify_table (output, inputs[i], table);
        }
    }
}

int
ll_cli_classify (int argc, char **argv)
{
  g_auto (ClassifyOptions) options = { NULL };
  g_autoptr (GOptionContext) context = classify_option_context (&options);
  g_auto (GStrv) arguments = NULL;
  char **inputs;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = NULL;
  g_autoptr (GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (LlJsonWriter) json = ll_json_writer_new ();
  Output output;

  arguments = ll_cli_parse_options (context, argc, argv);
  if (arguments == NULL)
    return LL_CLI_EXIT_BAD_INPUT;
  inputs = arguments;
  /* `classify WEIGHTS.npz INPUT…`: the weights may come first, unnamed. */
  if (options.weights == NULL && inputs[0] != NULL && g_str_has_suffix (inputs[0], ".npz"))
    options.weights = g_strdup (*inputs++);
  if (options.weights == NULL)
    return ll_cli_fail (_("classify: --weights FILE.npz is required"));
  if (inputs[0] == NULL)
    return ll_cli_fail (_("classify: no images given"));
  for (guint i = 0, n_stdin = 0; inputs[i] != NULL; i++)
    if (strcmp (inputs[i], "-") == 0 && ++n_stdin > 1)
      return ll_cli_fail (_("classify: “-” (the image on standard input) can be given once only"));

  models = ll_models_load_npz (options.weights, options.image_width, options.image_height, &error);
  if (models == NULL)
    {
      g_autofree char *message = message_naming (options.weights, error);
      return ll_cli_fail ("%s", message);
    }
  if (models->len == 0)
    return ll_cli_fail (_("%s: holds no weights"), options.weights);
  if (!prepare_models (models, &options))
    return LL_CLI_EXIT_BAD_INPUT;
  /* Image files given with weights of no image shape: said once, up front. */
  for (guint i = 0; inputs[i] != NULL; i++)
    if (strcmp (inputs[i], "-") != 0 && !ll_csv_path_is_table (inputs[i])
        && !models_have_image_shape (models))
      {
        const LlModel *first = g_ptr_array_index (models, 0);

        return ll_cli_fail (_("%s: cannot tell the image shape of %zu weights; give --image-size WxH"),
                            options.weights, first->n_features);
      }

  output = (Output) { models, options.json, json, text, failures };
  ll_json_writer_begin_array (json);
  classify_inputs (&output, inputs);
  ll_json_writer_end_array (json);

  if (options.json)
    {
      g_autofree char *document = ll_json_writer_finish (json);
      ll_cli_print (document);
    }

  for (guint i = 0; i < failures->len; i++)
    ll_cli_fail ("%s", (const char *) g_ptr_array_index (failures, i));
  return failures->len == 0 ? LL_CLI_EXIT_OK : LL_CLI_EXIT_BAD_INPUT;
}
