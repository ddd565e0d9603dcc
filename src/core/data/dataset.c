/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset.c: the dataset type, format sniffing and class-pair selection. */
#include "config.h"

#include "big-buffer.h"
#include "csv.h"
#include "dataset.h"
#include "dataset-h5-helper.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (ll-dataset-error-quark, ll_dataset_error)

static void
ll_split_clear (LlSplit *split)
{
  g_clear_pointer (&split->pixels, g_free);
  g_clear_pointer (&split->labels, g_free);
  g_clear_pointer (&split->features, g_free);
  split->count = 0;
}

void
ll_dataset_free (LlDataset *dataset)
{
  if (dataset == NULL)
    return;
  g_free (dataset->name);
  g_free (dataset->path);
  g_free (dataset->format);
  g_strfreev (dataset->feature_names);
  g_strfreev (dataset->input_files);
  g_strfreev (dataset->class_names);
  ll_split_clear (&dataset->train);
  ll_split_clear (&dataset->test);
  g_free (dataset->feature_offset);
  g_free (dataset->feature_scale);
  g_free (dataset->feature_scaling);
  g_free (dataset);
}

/* A table of v / 255.0 gives exactly the course's x / 255 (a correctly
 * rounded division) without a division per pixel. */
static void
fill_feature_table (double table[256])
{
  for (guint v = 0; v < 256; v++)
    table[v] = v / 255.0;
}

double *
ll_split_features (const LlSplit *split,
                   gsize          n_features)
{
  double table[256];
  gsize total;
  double *features;

  if (!g_size_checked_mul (&total, split->count, n_features))
    g_error ("ll_split_features: %" G_GSIZE_FORMAT " x %" G_GSIZE_FORMAT " overflows",
             split->count, n_features);
  if (split->features != NULL)
    return g_memdup2 (split->features, MAX (total, 1) * sizeof (double));
  fill_feature_table (table);
  features = g_new (double, MAX (total, 1));
  for (gsize k = 0; k < total; k++)
    features[k] = table[split->pixels[k]];
  return features;
}

void
ll_pixels_to_features (const guint8 *pixels,
                       gsize         n_features,
                       double       *out)
{
  double table[256];

  fill_feature_table (table);
  for (gsize j = 0; j < n_features; j++)
    out[j] = table[pixels[j]];
}

char *
ll_dataset_describe (const LlDataset *dataset)
{
  g_autofree char *classes = g_strjoinv (", ", dataset->class_names);
  const char *colour = dataset->channels == 3 ? _("RGB") : _("grey");

  if (dataset->feature_names != NULL && dataset->height <= 1)
    /* Translators: the window's subtitle for a table: name · 2 features · 80 train / 20 test · classes */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %zu feature · %zu train / %zu test · %s",
                                         "%s · %zu features · %zu train / %zu test · %s",
                                         dataset->n_features),
                            dataset->name, dataset->n_features,
                            dataset->train.count, dataset->test.count, classes);
  /* Translators: the window's subtitle: name · 64×64 RGB · 209 train / 50 test · class names */
  return g_strdup_printf (_("%s · %u×%u %s · %zu train / %zu test · %s"),
                          dataset->name, dataset->width, dataset->height, colour,
                          dataset->train.count, dataset->test.count, classes);
}

/* The first bytes of an HDF5 file (when it has no user block). */
static const guint8 hdf5_signature[8] = { 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n' };

/* Opens PATH read-only as a regular file and reads up to N leading bytes.
 * O_NONBLOCK so a FIFO cannot hang us; the fstat check then refuses it. */
static gboolean
read_head (const char *path,
           guint8     *head,
           gsize       n,
           gsize      *n_read,
           GError    **error)
{
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  struct stat st;
  ssize_t got;
  int saved_errno;

  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, LL_DATASET_ERROR,
                   saved_errno == ENOENT ? LL_DATASET_ERROR_NOT_FOUND : LL_DATASET_ERROR_UNREADABLE,
                   "%s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   _("%s: not a regular file"), path);
      close (fd);
      return FALSE;
    }
  do
    got = read (fd, head, n);
  while (got < 0 && errno == EINTR);
  saved_errno = errno;
  close (fd);
  if (got < 0)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   "%s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  *n_read = got;
  return TRUE;
}

LlDataset *
ll_dataset_load (const char  *path,
                 guint        image_width,
                 guint        image_height,
                 GError     **error)
{
  LlDatasetOptions options = {
    .image_width = image_width,
    .image_height = image_height,
    .test_fraction = LL_DATASET_DEFAULT_TEST_FRACTION,
  };

  return ll_dataset_load_with_options (path, &options, error);
}

static LlDataset *
load_builtin_named (const char  *name,
                    GError     **error)
{
  if (strcmp (name, "fashion") == 0)
    return ll_dataset_load_builtin (error);
  if (strcmp (name, "propagate") == 0)
    return ll_dataset_new_propagate_test ();
  if (strcmp (name, "digits") == 0 || strcmp (name, "exams") == 0)
    return ll_dataset_load_builtin_table (name, error);
  g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NOT_FOUND,
               _("builtin:%s: no such built-in dataset (there are builtin:fashion, builtin:digits, "
                 "builtin:exams and builtin:propagate)"),
               name);
  return NULL;
}

static LlDataset *
load_idx (const char             *path,
          const LlDatasetOptions *options,
          GError                **error)
{
  return options->for_task ? ll_dataset_load_idx_for_task (path, options->task_classes, error)
                           : ll_dataset_load_idx (path, error);
}

LlDataset *
ll_dataset_load_with_options (const char             *path,
                              const LlDatasetOptions *options,
                              GError                **error)
{
  static const LlDatasetOptions defaults = { .test_fraction = LL_DATASET_DEFAULT_TEST_FRACTION };
  GStatBuf st;
  guint8 head[8];
  gsize n_head = 0;
  guint image_width, image_height;

  g_return_val_if_fail (path != NULL, NULL);

  if (options == NULL)
    options = &defaults;
  image_width = options->image_width;
  image_height = options->image_height;
  if (g_str_has_prefix (path, "builtin:"))
    return load_builtin_named (path + strlen ("builtin:"), error);
  if (g_stat (path, &st) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, LL_DATASET_ERROR,
                   saved_errno == ENOENT || saved_errno == ENOTDIR
                     ? LL_DATASET_ERROR_NOT_FOUND : LL_DATASET_ERROR_UNREADABLE,
                   "%s: %s", path,
                   saved_errno == ENOENT ? _("no such file or folder") : g_strerror (saved_errno));
      return NULL;
    }

  if (S_ISDIR (st.st_mode))
    {
      if (ll_dataset_looks_like_h5_pair (path))
        return ll_dataset_load_h5 (path, NULL, error);
      if (ll_dataset_looks_like_idx (path))
        return load_idx (path, options, error);
      if (ll_dataset_looks_like_folder (path))
        return ll_dataset_load_folder (path, image_width, image_height, error);
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: no dataset found here (expected a train_*.h5/test_*.h5 pair, "
                     "MNIST-style IDX files, or train/<class>/ and test/<class>/ image folders)"),
                   path);
      return NULL;
    }

  /* A table by its name (text has no signature to sniff). */
  if (ll_csv_path_is_table (path))
    return ll_dataset_load_table (path, options, error);
  /* A single file: one of an .h5 pair or of a set of IDX files. */
  if (!read_head (path, head, sizeof head, &n_head, error))
    return NULL;
  /* By content first; an .h5 name without the signature at 0 (a user block,
   * or damage) still goes to the HDF5 reader, which says what is wrong. */
  if ((n_head == sizeof head && memcmp (head, hdf5_signature, sizeof head) == 0)
      || g_str_has_suffix (path, ".h5") || g_str_has_suffix (path, ".hdf5"))
    return ll_dataset_load_h5 (path, NULL, error);
  if (ll_dataset_looks_like_idx (path))
    return load_idx (path, options, error);
  g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
               _("%s: not a dataset file (neither HDF5 nor MNIST-style IDX)"), path);
  return NULL;
}

/* ---- class-pair selection ---- */

static gboolean
same_class_name (const char *a,
                 const char *b)
{
  g_autofree char *fa = g_utf8_casefold (a, -1);
  g_autofree char *fb = g_utf8_casefold (b, -1);

  return strcmp (fa, fb) == 0;
}

/* A class by (case-insensitive) name, else by index. -1 when neither. */
static int
find_class (const LlDataset *dataset,
            const char      *token)
{
  guint64 index;

  for (guint c = 0; c < dataset->n_classes; c++)
    if (same_class_name (dataset->class_names[c], token))
      return c;
  if (g_ascii_string_to_unsigned (token, 10, 0, dataset->n_classes - 1, &index, NULL))
    return (int) index;
  return -1;
}

/* Keeps the images of SPLIT whose class maps to 0 or 1 in MAP (-1: dropped). */
static void
select_split (const LlSplit *split,
              gsize          n_features,
              const int     *map,
              LlSplit       *out)
{
  gsize kept = 0;

  for (gsize i = 0; i < split->count; i++)
    kept += map[split->labels[i]] >= 0;
  out->count = kept;
  if (split->features != NULL)
    out->features = g_new (double, MAX (kept * n_features, 1));
  else
    out->pixels = ll_big_buffer_alloc (kept * n_features);
  out->labels = g_new (guint8, MAX (kept, 1));
  kept = 0;
  for (gsize i = 0; i < split->count; i++)
    {
      int label = map[split->labels[i]];

      if (label < 0)
        continue;
      if (split->features != NULL)
        memcpy (out->features + kept * n_features, split->features + i * n_features,
                n_features * sizeof (double));
      else
        memcpy (out->pixels + kept * n_features, split->pixels + i * n_features, n_features);
      out->labels[kept++] = label;
    }
}

static gboolean
split_has_class (const LlSplit *split,
                 guint8         label)
{
  for (gsize i = 0; i < split->count; i++)
    if (split->labels[i] == label)
      return TRUE;
  return FALSE;
}

static char *
class_list (const LlDataset *dataset)
{
  GString *list = g_string_new (NULL);

  for (guint c = 0; c < dataset->n_classes; c++)
    g_string_append_printf (list, "%s%u=%s", c > 0 ? ", " : "", c, dataset->class_names[c]);
  return g_string_free (list, FALSE);
}

/* The class pair SPEC names in DATASET (see ll_dataset_select_binary): POS
 * becomes class 1, NEG class 0; NEG is -1 for "every class but POS". */
static gboolean
parse_class_pair (const LlDataset  *dataset,
                  const char       *spec,
                  int              *pos,
                  int              *neg,
                  GError          **error)
{
  g_auto (GStrv) tokens = NULL;
  guint n_tokens;

  if (spec == NULL)
    {
      /* The default: the set itself when it is binary, else class 1 (positive)
       * against class 0, as documented in README. */
      *pos = 1;
      *neg = 0;
      return TRUE;
    }
  tokens = g_strsplit (spec, ",", -1);
  n_tokens = g_strv_length (tokens);
  if (n_tokens < 1 || n_tokens > 2)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES,
                   _("--classes %s: expected POS or POS,NEG"), spec);
      return FALSE;
    }
  for (guint t = 0; t < n_tokens; t++)
    {
      g_strstrip (tokens[t]);
      if (find_class (dataset, tokens[t]) < 0)
        {
          g_autofree char *classes = class_list (dataset);

          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES,
                       _("--classes %s: %s has no class \"%s\" (classes: %s)"),
                       spec, dataset->path, tokens[t], classes);
          return FALSE;
        }
    }
  *pos = find_class (dataset, tokens[0]);
  *neg = n_tokens == 2 ? find_class (dataset, tokens[1]) : -1;
  if (*pos == *neg)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES,
                   _("--classes %s: the positive and negative class are the same (%s)"),
                   spec, dataset->class_names[*pos]);
      return FALSE;
    }
  /* With two classes and no NEG, "the others" is just the other class. */
  if (*neg < 0 && dataset->n_classes == 2)
    *neg = 1 - *pos;
  return TRUE;
}

/* A binary task must train on both classes and test on something (image
 * sets; the hand-check cases of float64 features have no test set). */
static gboolean
check_binary_task (const LlDataset  *task,
                   GError          **error)
{
  for (guint8 label = 0; label < 2; label++)
    if (!split_has_class (&task->train, label))
      {
        g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES,
                     _("%s: no training images of class \"%s\""),
                     task->path, task->class_names[label]);
        return FALSE;
      }
  if (task->test.count == 0 && task->train.features == NULL)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES,
                   _("%s: no test images of class \"%s\" or \"%s\""),
                   task->path, task->class_names[1], task->class_names[0]);
      return FALSE;
    }
  return TRUE;
}

/* MAP[c]: the label in the task of POS (1) and NEG (0, or every other class
 * when NEG is -1) of the images of class c, -1 for those it drops. */
static void
class_pair_map (const LlDataset *dataset,
                int              pos,
                int              neg,
                int              map[256])
{
  for (guint c = 0; c < 256; c++)
    map[c] = c < dataset->n_classes && neg < 0 ? 0 : -1;
  if (neg >= 0)
    map[neg] = 0;
  map[pos] = 1;
}

gboolean
ll_dataset_task_classes (const LlDataset *dataset,
                         const char      *spec,
                         gboolean         keep[256])
{
  int pos, neg, map[256];

  if (!parse_class_pair (dataset, spec, &pos, &neg, NULL))
    return FALSE;
  class_pair_map (dataset, pos, neg, map);
  for (guint c = 0; c < 256; c++)
    keep[c] = map[c] >= 0;
  return TRUE;
}

/* Moves SPLIT's images, relabelled by MAP, into OUT when MAP keeps every one
 * of them (a reader may have left out the others: LlDatasetOptions.for_task);
 * FALSE, and SPLIT untouched, when it drops some. */
static gboolean
move_split (LlSplit   *split,
            const int *map,
            LlSplit   *out)
{
  for (gsize i = 0; i < split->count; i++)
    if (map[split->labels[i]] < 0)
      return FALSE;
  for (gsize i = 0; i < split->count; i++)
    split->labels[i] = map[split->labels[i]];
  *out = *split;
  memset (split, 0, sizeof *split);
  return TRUE;
}

/* The images of classes POS (label 1) and NEG (label 0, or every other
 * class when NEG is -1) of DATASET, in a new binary task: copied, or moved
 * out of OWNED (DATASET itself, or NULL) where every image of a split stays. */
static LlDataset *
copy_class_pair (const LlDataset  *dataset,
                 LlDataset        *owned,
                 int               pos,
                 int               neg,
                 GError          **error)
{
  g_autoptr (LlDataset) result = NULL;
  int map[256];

  class_pair_map (dataset, pos, neg, map);

  result = g_new0 (LlDataset, 1);
  result->path = g_strdup (dataset->path);
  result->format = g_strdup (dataset->format);
  result->input_files = g_strdupv (dataset->input_files);
  result->height = dataset->height;
  result->width = dataset->width;
  result->channels = dataset->channels;
  result->n_features = dataset->n_features;
  result->feature_names = g_strdupv (dataset->feature_names);
  result->n_classes = 2;
  result->class_names = g_new0 (char *, 3);
  result->class_names[0] = neg >= 0 ? g_strdup (dataset->class_names[neg])
                                    : g_strdup_printf ("not %s", dataset->class_names[pos]);
  result->class_names[1] = g_strdup (dataset->class_names[pos]);
  if (dataset->n_classes == 2 && pos == 1)
    result->name = g_strdup (dataset->name);
  else
    result->name = g_strdup_printf ("%s: %s vs %s", dataset->name,
                                    result->class_names[1], result->class_names[0]);
  if (owned == NULL || !move_split (&owned->train, map, &result->train))
    select_split (&dataset->train, dataset->n_features, map, &result->train);
  if (owned == NULL || !move_split (&owned->test, map, &result->test))
    select_split (&dataset->test, dataset->n_features, map, &result->test);
  if (!check_binary_task (result, error))
    return NULL;
  return g_steal_pointer (&result);
}

LlDataset *
ll_dataset_select_binary (const LlDataset *dataset,
                          const char      *spec,
                          GError         **error)
{
  int pos, neg;

  g_return_val_if_fail (dataset != NULL, NULL);

  if (!parse_class_pair (dataset, spec, &pos, &neg, error))
    return NULL;
  return copy_class_pair (dataset, NULL, pos, neg, error);
}

LlDataset *
ll_dataset_into_binary (LlDataset   *dataset,
                        const char  *spec,
                        GError     **error)
{
  g_autoptr (LlDataset) owned = dataset;
  int pos, neg;

  g_return_val_if_fail (dataset != NULL, NULL);

  if (!parse_class_pair (owned, spec, &pos, &neg, error))
    return NULL;
  /* Class 1 stays positive and class 0 negative in a two-class set: every
   * image keeps its label, and copy_class_pair would keep the name and the
   * class names too, so the set already is the task. */
  if (owned->n_classes == 2 && pos == 1 && neg == 0)
    return check_binary_task (owned, error) ? g_steal_pointer (&owned) : NULL;
  return copy_class_pair (owned, owned, pos, neg, error);
}
