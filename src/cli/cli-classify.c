/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli-classify.c: `logistic-lab classify --weights FILE.npz IMAGE…`.
 *
 * Each image is decoded in the limited helper process (decode-helper.h),
 * brought to the weights' image shape by the datasets' own resize, scaled
 * by 1/255 and scored by every run in the file. Good images are printed
 * first; then one line on stderr per bad image, and exit status 2. */
#include "config.h"

#include "cli-private.h"
#include "json-writer.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "core/data/dataset.h"
#include "core/data/decode-helper.h"
#include "core/io/model-io.h"

#define THRESHOLD 0.5

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
    { "classes", 'c', 0, G_OPTION_ARG_STRING, &options->classes,
      N_("Names for label 1 and label 0 (default: the file’s, or 1 and 0)"), N_("POS[,NEG]") },
    { "json", 'j', 0, G_OPTION_ARG_NONE, &options->json,
      N_("Print one JSON array instead of text"), NULL },
    { NULL }
  };
  /* Translators: the arguments of `classify`; "-" stands for standard input */
  GOptionContext *context = g_option_context_new (N_("IMAGE… (- for standard input)"));
  GOptionGroup *group = g_option_group_new ("classify", NULL, NULL, options, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context,
    _("Prints for each image the predicted class (threshold 0.5) and the\n"
      "probability of the positive class (label 1), once per run in the file."));
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

/* Fills in the class names from --classes and checks every run knows its
 * image shape. */
static gboolean
prepare_models (GPtrArray *models, const ClassifyOptions *options)
{
  g_auto (GStrv) names = NULL;
  g_autofree char *not_positive = NULL;

  if (options->classes != NULL)
    {
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
    }

  for (guint i = 0; i < models->len; i++)
    {
      LlModel *model = g_ptr_array_index (models, i);

      if (model->height == 0 || model->width == 0 || model->channels == 0
          || (gsize) model->height * model->width * model->channels != model->n_features)
        {
          ll_cli_fail (_("%s: cannot tell the image shape of %zu weights; give --image-size WxH"),
                       options->weights, model->n_features);
          return FALSE;
        }
      if (names != NULL)
        ll_model_set_class_names (model, names[1] != NULL ? names[1] : not_positive, names[0]);
    }
  return TRUE;
}

/* Copies standard input (`classify ... -`) into a private temporary file
 * for the decode helper, which reads regular files only; at most one byte
 * over the image size cap, so a endless stream is refused, not stored. */
static char *
spool_stdin (GError **error)
{
  g_autofree char *path = NULL;
  g_autofree guint8 *buffer = g_malloc (64 * 1024);
  guint64 total = 0;
  int fd = g_file_open_tmp ("logistic-lab-stdin-XXXXXX", &path, error);

  if (fd < 0)
    return NULL;
  for (;;)
    {
      gssize n = read (STDIN_FILENO, buffer, 64 * 1024);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 || (n > 0 && write (fd, buffer, n) != n))
        {
          int saved = errno;

          g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_UNREADABLE, "%s", g_strerror (saved));
          break;
        }
      if (n == 0)
        break;
      total += n;
      if (total > LL_IMAGE_MAX_FILE_BYTES)
        {
          g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                       _("more than %u MiB: too large for an image"), LL_IMAGE_MAX_FILE_BYTES >> 20);
          break;
        }
    }
  close (fd);
  if (error != NULL && *error != NULL)
    {
      g_unlink (path);
      return NULL;
    }
  return g_steal_pointer (&path);
}

/* The image on standard input, decoded in the helper; errors without the
 * temporary file's name (message_naming puts "-" before them). */
static LlImage *
decode_stdin (guint channels, GError **error)
{
  const LlDecodeHelperConfig helper = { .helper_path = NULL };
  g_autofree char *path = spool_stdin (error);
  g_autofree char *base = NULL;
  GError *local_error = NULL;
  LlImage *image;

  if (path == NULL)
    return NULL;
  image = ll_decode_in_helper (&helper, path, channels, NULL, &local_error);
  g_unlink (path);
  if (image != NULL)
    return image;
  base = g_path_get_basename (path);
  if (g_str_has_prefix (local_error->message, base) && g_str_has_prefix (local_error->message + strlen (base), ": "))
    {
      g_set_error_literal (error, local_error->domain, local_error->code,
                           local_error->message + strlen (base) + 2);
      g_error_free (local_error);
    }
  else
    g_propagate_error (error, local_error);
  return NULL;
}

/* The probability of the positive class under each run, for one image
 * ("-": the one on standard input). */
static double *
score_image (const char *path, GPtrArray *models, GError **error)
{
  const LlModel *first = g_ptr_array_index (models, 0);
  const LlDecodeHelperConfig helper = { .helper_path = NULL };  /* logistic-lab-decode */
  g_autoptr (LlImage) image = NULL;
  g_autoptr (LlImage) fitted = NULL;
  g_autofree double *features = NULL;
  double *probabilities;

  image = strcmp (path, "-") == 0 ? decode_stdin (first->channels, error)
                                  : ll_decode_in_helper (&helper, path, first->channels, NULL, error);
  if (image == NULL)
    return NULL;
  fitted = ll_image_fit (image, first->width, first->height, first->channels);
  features = g_new (double, first->n_features);
  ll_pixels_to_features (fitted->pixels, first->n_features, features);

  probabilities = g_new (double, models->len);
  for (guint i = 0; i < models->len; i++)
    probabilities[i] = ll_model_probability (g_ptr_array_index (models, i), features);
  return probabilities;
}

static const char *
predicted_class (const LlModel *model, double probability)
{
  return model->class_names[probability > THRESHOLD ? 1 : 0];
}

static void
append_text (GString *text, const char *path, GPtrArray *models, const double *probabilities)
{
  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);
      char p[G_ASCII_DTOSTR_BUF_SIZE];
      char rate[LL_SHORTEST_DOUBLE_BUF_SIZE];

      g_string_append_printf (text, "%s: %s (p = %s", path,
                              predicted_class (model, probabilities[i]),
                              g_ascii_formatd (p, sizeof p, "%.4f", probabilities[i]));
      if (models->len > 1)
        g_string_append_printf (text, ", learning rate %s",
                                ll_format_shortest_double (model->learning_rate, rate));
      g_string_append (text, ")\n");
    }
}

static void
append_json (LlJsonWriter *json, const char *path, GPtrArray *models, const double *probabilities)
{
  g_autofree char *file = g_filename_display_name (path);

  for (guint i = 0; i < models->len; i++)
    {
      const LlModel *model = g_ptr_array_index (models, i);

      ll_json_writer_begin_object (json);
      ll_json_writer_key (json, "file");
      ll_json_writer_string (json, file);
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

int
ll_cli_classify (int argc, char **argv)
{
  g_auto (ClassifyOptions) options = { NULL };
  g_autoptr (GOptionContext) context = classify_option_context (&options);
  g_auto (GStrv) images = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = NULL;
  g_autoptr (GPtrArray) failures = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (LlJsonWriter) json = ll_json_writer_new ();

  images = ll_cli_parse_options (context, argc, argv);
  if (images == NULL)
    return LL_CLI_EXIT_BAD_INPUT;
  if (options.weights == NULL)
    return ll_cli_fail (_("classify: --weights FILE.npz is required"));
  if (images[0] == NULL)
    return ll_cli_fail (_("classify: no images given"));
  for (guint i = 0, n_stdin = 0; images[i] != NULL; i++)
    if (strcmp (images[i], "-") == 0 && ++n_stdin > 1)
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

  ll_json_writer_begin_array (json);
  for (guint i = 0; images[i] != NULL; i++)
    {
      g_autofree double *probabilities = score_image (images[i], models, &error);

      if (probabilities == NULL)
        {
          g_ptr_array_add (failures, message_naming (images[i], error));
          g_clear_error (&error);
          continue;
        }
      if (options.json)
        append_json (json, images[i], models, probabilities);
      else
        append_text (text, images[i], models, probabilities);
    }
  ll_json_writer_end_array (json);

  if (options.json)
    {
      g_autofree char *document = ll_json_writer_finish (json);
      ll_cli_print (document);
    }
  else
    ll_cli_print (text->str);

  for (guint i = 0; i < failures->len; i++)
    ll_cli_fail ("%s", (const char *) g_ptr_array_index (failures, i));
  return failures->len == 0 ? LL_CLI_EXIT_OK : LL_CLI_EXIT_BAD_INPUT;
}
