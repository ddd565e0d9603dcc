/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-folder.c: ImageFolder trees (the torchvision layout)
 *
 *     PATH/train/<class>/<image>.png (or .jpg, .jpeg, .bmp)
 *     PATH/test/<class>/...      (or PATH/val/<class>/...)
 *
 * Classes are the sorted subfolder names of train/; test/ holds the same
 * classes or a subset. As in torchvision, images in subfolders of a class
 * folder belong to it. Files are taken in sorted (byte) order so a tree
 * always loads to the same dataset. Every image is decoded to the channel
 * count of the first one (1 or 3) and brought to one size with the
 * area-averaging resize.
 *
 * The images are decoded in bulk in one forked child (decode-batch.c), not
 * in this process: even a dataset the user chose may hold a file that trips
 * one of stb_image's known bugs, and that must cost an error naming the
 * file, not the window or a training in progress. A process per image (the
 * exec'd decode helper) would cost more than the training itself. */
#include "config.h"

#include "core/io/text-escape.h"
#include "dataset.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "decode-helper.h"
#include "helper-program.h"
#include "image.h"

/* Safety caps on what a folder may make us read and hold. The features the
 * trainer builds are 8 bytes per stored byte, so the pixel cap is modest. */
#define FOLDER_MAX_IMAGES 200000u
#define FOLDER_MAX_PIXEL_BYTES (256u * 1024u * 1024u)
#define FOLDER_MAX_FILE_BYTES (G_GUINT64_CONSTANT (2) * 1024 * 1024 * 1024)
#define FOLDER_MAX_CLASSES 256u  /* labels are uint8 */

typedef struct {
  char *path;          /* to open */
  char *display_name;  /* for messages: "<dataset>/train/<class>/<file>" */
  guint8 label;
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->path);
  g_free (entry->display_name);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
has_image_extension (const char *name)
{
  static const char * const extensions[] = { ".png", ".jpg", ".jpeg", ".bmp" };
  const char *dot = strrchr (name, '.');

  if (dot == NULL)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_ascii_strcasecmp (dot, extensions[i]) == 0)
      return TRUE;
  return FALSE;
}

/* Whether PATH is FOLDER or inside it (both resolved paths). */
static gboolean
is_within (const char *path,
           const char *folder)
{
  gsize length = strlen (folder);

  return strncmp (path, folder, length) == 0
         && (path[length] == '\0' || path[length] == G_DIR_SEPARATOR || length == 1);
}

/* A symbolic link to a folder is followed only when it stays inside the
 * dataset (ROOT_REAL, resolved) and does not lead back to a folder it is in
 * (which would count its images again, without end). */
static gboolean
check_folder_link (const char  *dir,
                   const char  *child,
                   const char  *display_child,
                   const char  *root_real,
                   GError     **error)
{
  g_autofree char *target = realpath (child, NULL);
  g_autofree char *dir_real = realpath (dir, NULL);
  g_autofree char *shown_target = NULL;

  if (target == NULL || dir_real == NULL || root_real == NULL)
    return TRUE;  /* vanished meanwhile: the reading says so */
  shown_target = g_filename_display_name (target);
  if (!is_within (target, root_real))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: a symbolic link to a folder outside the dataset (%s); "
                     "copy the images in or link the files one by one"),
                   display_child, shown_target);
      return FALSE;
    }
  if (is_within (dir_real, target))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: a symbolic link that loops back to a folder it is in (%s)"),
                   display_child, shown_target);
      return FALSE;
    }
  return TRUE;
}

/* Reads DIR: its subfolders and its image files, each sorted (byte order),
 * hidden ones skipped, symbolic links followed (those to folders only
 * within ROOT_REAL, and never in a loop: check_folder_link). */
static gboolean
read_folder (const char  *dir,
             const char  *display_dir,
             const char  *root_real,
             GPtrArray   *folders,
             GPtrArray   *images,
             guint64     *total_file_bytes,
             GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDir) handle = g_dir_open (dir, 0, &local_error);
  const char *name;

  if (handle == NULL)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   "%s: %s", display_dir, local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *child = NULL;
      GStatBuf st;

      if (name[0] == '.')
        continue;
      child = g_build_filename (dir, name, NULL);
      if (g_stat (child, &st) != 0)
        continue;  /* a dangling link: not part of the dataset */
      if (S_ISDIR (st.st_mode) && folders != NULL)
        {
          GStatBuf link_status;

          if (g_lstat (child, &link_status) == 0 && S_ISLNK (link_status.st_mode))
            {
              g_autofree char *display_child = g_build_filename (display_dir, name, NULL);

              if (!check_folder_link (dir, child, display_child, root_real, error))
                return FALSE;
            }
          g_ptr_array_add (folders, g_strdup (name));
        }
      else if (S_ISREG (st.st_mode) && images != NULL && has_image_extension (name))
        {
          *total_file_bytes += (guint64) st.st_size;
          g_ptr_array_add (images, g_strdup (name));
        }
    }
  if (folders != NULL)
    g_ptr_array_sort (folders, compare_names);
  if (images != NULL)
    g_ptr_array_sort (images, compare_names);
  return TRUE;
}

/* The sorted subfolder names of DIR: the classes. */
static GPtrArray *
list_folders (const char  *dir,
              const char  *display_dir,
              const char  *root_real,
              GError     **error)
{
  g_autoptr (GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
  guint64 unused = 0;

  if (!read_folder (dir, display_dir, root_real, folders, NULL, &unused, error))
    return NULL;
  return g_steal_pointer (&folders);
}

/* Appends to IMAGES the image files under DIR, as paths relative to the
 * class folder (PREFIX), as torchvision does: this folder's files first,
 * then each subfolder's, all sorted. DEPTH bounds link loops. */
static gboolean
list_images (const char  *dir,
             const char  *display_dir,
             const char  *root_real,
             const char  *prefix,
             guint        depth,
             GPtrArray   *images,
             guint64     *total_file_bytes,
             GError     **error)
{
  g_autoptr (GPtrArray) folders = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);

  if (!read_folder (dir, display_dir, root_real, depth < 8 ? folders : NULL, files,
                    total_file_bytes, error))
    return FALSE;
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (images, prefix != NULL ? g_build_filename (prefix, g_ptr_array_index (files, i), NULL)
                                            : g_strdup (g_ptr_array_index (files, i)));
  if (images->len > FOLDER_MAX_IMAGES)
    return TRUE;  /* the caller reports it */
  for (guint i = 0; i < folders->len; i++)
    {
      const char *name = g_ptr_array_index (folders, i);
      g_autofree char *child = g_build_filename (dir, name, NULL);
      g_autofree char *display_child = g_build_filename (display_dir, name, NULL);
      g_autofree char *child_prefix = prefix != NULL ? g_build_filename (prefix, name, NULL)
                                                     : g_strdup (name);

      if (!list_images (child, display_child, root_real, child_prefix, depth + 1, images,
                        total_file_bytes, error))
        return FALSE;
    }
  return TRUE;
}

/* Appends the images of ROOT/SPLIT/<class>/ to ENTRIES. CLASSES is NULL for
 * train/ (every subfolder is a class, returned in *CLASSES_OUT) and the
 * train classes for test/ (each subfolder must be one of them). */
static gboolean
collect_split (const char   *root,
               const char   *display_root,
               const char   *split,
               GPtrArray    *classes,
               GPtrArray   **classes_out,
               GArray       *entries,
               guint64      *total_file_bytes,
               GError      **error)
{
  g_autofree char *split_dir = g_build_filename (root, split, NULL);
  g_autofree char *display_split = g_build_filename (display_root, split, NULL);
  g_autofree char *root_real = realpath (root, NULL);
  g_autoptr (GPtrArray) folders = list_folders (split_dir, display_split, root_real, error);

  if (folders == NULL)
    return FALSE;

  if (classes == NULL)
    {
      if (folders->len < 2)
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES,
                       _("%s: %s, but a classifier needs at least two "
                         "(one folder of images per class)"), display_split,
                       folders->len == 0 ? _("has no class folders") : _("has only one class folder"));
          return FALSE;
        }
      if (folders->len > FOLDER_MAX_CLASSES)
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE,
                       _("%s: %u class folders, over the limit of %u"),
                       display_split, folders->len, FOLDER_MAX_CLASSES);
          return FALSE;
        }
    }

  for (guint i = 0; i < folders->len; i++)
    {
      const char *class_name = g_ptr_array_index (folders, i);
      g_autofree char *class_dir = g_build_filename (split_dir, class_name, NULL);
      g_autofree char *display_class = g_build_filename (display_split, class_name, NULL);
      g_autoptr (GPtrArray) files = NULL;
      guint label = i;

      if (classes != NULL && !g_ptr_array_find_with_equal_func (classes, class_name,
                                                                 g_str_equal, &label))
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_CLASSES,
                       _("%s: class “%s” is not among the train/ classes"), display_class, class_name);
          return FALSE;
        }

      files = g_ptr_array_new_with_free_func (g_free);
      if (!list_images (class_dir, display_class, root_real, NULL, 0, files, total_file_bytes,
                        error))
        return FALSE;
      if (files->len == 0)
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                       _("%s: the class folder holds no PNG, JPEG or BMP images"), display_class);
          return FALSE;
        }
      if (entries->len + files->len > FOLDER_MAX_IMAGES)
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE,
                       _("%s: more than %u images in all, over the limit"),
                       display_root, FOLDER_MAX_IMAGES);
          return FALSE;
        }
      if (*total_file_bytes > FOLDER_MAX_FILE_BYTES)
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE,
                       _("%s: the image files add up to more than %" PRIu64 " bytes, over the limit"), display_root, FOLDER_MAX_FILE_BYTES);
          return FALSE;
        }

      for (guint j = 0; j < files->len; j++)
        {
          const char *file = g_ptr_array_index (files, j);
          Entry entry = {
            .path = g_build_filename (class_dir, file, NULL),
            .display_name = g_build_filename (display_class, file, NULL),
            .label = (guint8) label,
          };

          g_array_append_val (entries, entry);
        }
    }

  if (classes_out != NULL)
    *classes_out = g_steal_pointer (&folders);
  return TRUE;
}

/* The image errors, in the dataset's domain (the message already names the file). */
static void
propagate_image_error (GError **dest,
                       GError  *src)
{
  LlDatasetError code;

  switch (src->code)
    {
    case LL_IMAGE_ERROR_NOT_FOUND: code = LL_DATASET_ERROR_NOT_FOUND; break;
    case LL_IMAGE_ERROR_UNREADABLE: code = LL_DATASET_ERROR_UNREADABLE; break;
    case LL_IMAGE_ERROR_TOO_LARGE: code = LL_DATASET_ERROR_TOO_LARGE; break;
    default: code = LL_DATASET_ERROR_FORMAT; break;
    }
  g_set_error_literal (dest, LL_DATASET_ERROR, code, src->message);
  g_error_free (src);
}

static guint8 *
labels_of (const Entry *entries,
           gsize        count)
{
  guint8 *labels = g_malloc (MAX (count, 1));

  for (gsize i = 0; i < count; i++)
    labels[i] = entries[i].label;
  return labels;
}

gboolean
ll_dataset_looks_like_folder (const char *folder)
{
  g_autofree char *train = g_build_filename (folder, "train", NULL);
  g_autoptr (GDir) dir = g_dir_open (train, 0, NULL);
  const char *name;

  /* train/ with at least one subfolder: enough to say it is meant as an
   * image folder; the loader then explains whatever else is wrong. */
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (train, name, NULL);

      if (name[0] != '.' && g_file_test (child, G_FILE_TEST_IS_DIR))
        return TRUE;
    }
  return FALSE;
}

LlDataset *
ll_dataset_load_folder (const char  *folder,
                        guint        width,
                        guint        height,
                        GError     **error)
{
  g_autofree char *canonical = NULL;
  g_autofree char *root_name = NULL;
  g_autofree char *display_root = NULL;
  g_autofree char *train_dir = NULL;
  g_autofree char *test_split = NULL;
  g_autoptr (GPtrArray) classes = NULL;
  g_autoptr (GArray) train_entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr (GArray) test_entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  g_autoptr (LlDataset) dataset = NULL;
  g_autofree const char **paths = NULL;
  g_autofree const char **names = NULL;
  g_autofree guint8 *block = NULL;
  GError *image_error = NULL;
  guint64 total_file_bytes = 0;
  guint channels = 0;
  gsize n_features, total_images;

  g_return_val_if_fail (folder != NULL, NULL);

  g_array_set_clear_func (train_entries, entry_clear);
  g_array_set_clear_func (test_entries, entry_clear);

  canonical = g_canonicalize_filename (folder, NULL);
  root_name = g_path_get_basename (canonical);
  display_root = g_filename_display_name (root_name);

  if (!g_file_test (canonical, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NOT_FOUND,
                   _("%s: no such folder"), display_root);
      return NULL;
    }
  train_dir = g_build_filename (canonical, "train", NULL);
  if (!g_file_test (train_dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: no train/ folder (an image folder holds train/<class>/ "
                     "and test/<class>/ folders of images)"), display_root);
      return NULL;
    }
  for (const char * const *name = (const char * const[]) { "test", "val", NULL }; *name != NULL; name++)
    {
      g_autofree char *candidate = g_build_filename (canonical, *name, NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_DIR))
        {
          test_split = g_strdup (*name);
          break;
        }
    }
  if (test_split == NULL)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: no test/ folder beside train/ (test/<class>/ images measure the "
                     "test accuracy)"), display_root);
      return NULL;
    }

  if (!collect_split (canonical, display_root, "train", NULL, &classes,
                      train_entries, &total_file_bytes, error))
    return NULL;
  if (!collect_split (canonical, display_root, test_split, classes, NULL,
                      test_entries, &total_file_bytes, error))
    return NULL;

  /* Train then test, in one batch: one child, one shape. */
  total_images = train_entries->len + test_entries->len;
  paths = g_new0 (const char *, total_images + 1);
  names = g_new0 (const char *, total_images + 1);
  for (gsize i = 0; i < total_images; i++)
    {
      const Entry *entry = i < train_entries->len
                           ? &g_array_index (train_entries, Entry, i)
                           : &g_array_index (test_entries, Entry, i - train_entries->len);

      paths[i] = entry->path;
      names[i] = entry->display_name;
    }
  if (width == 0 || height == 0)
    width = height = 0;
  block = ll_decode_files_forked (paths, names, total_images, &width, &height, &channels,
                                  FOLDER_MAX_PIXEL_BYTES, 0, NULL, &image_error);
  if (block == NULL && image_error->domain == LL_PROGRAM_ERROR)
    {
      /* The lean command line decodes no images (src/cli-lean.c). */
      g_propagate_error (error, image_error);
      return NULL;
    }
  if (block == NULL)
    {
      /* Errors about one image name it ("pets/train/cat/1.png: ..."); the
       * caps on the whole set name nothing yet. */
      if (image_error->code == LL_IMAGE_ERROR_TOO_LARGE
          && !g_str_has_prefix (image_error->message, display_root))
        g_prefix_error (&image_error, "%s: ", display_root);
      propagate_image_error (error, image_error);
      return NULL;
    }
  n_features = (gsize) width * height * channels;

  dataset = g_new0 (LlDataset, 1);
  /* Names from the file system, shown in terminals and the window. */
  dataset->name = ll_text_escape_controls (display_root);
  dataset->path = g_strdup (folder);
  dataset->format = g_strdup ("folder");
  dataset->input_files = g_new0 (char *, total_images + 1);
  for (gsize i = 0; i < total_images; i++)
    dataset->input_files[i] = g_strdup (paths[i]);
  dataset->width = width;
  dataset->height = height;
  dataset->channels = channels;
  dataset->n_features = n_features;
  dataset->n_classes = classes->len;
  dataset->class_names = g_new0 (char *, classes->len + 1);
  for (guint i = 0; i < classes->len; i++)
    {
      g_autofree char *shown = g_filename_display_name (g_ptr_array_index (classes, i));

      dataset->class_names[i] = ll_text_escape_controls (shown);
    }
  /* The block holds train then test: test is copied out, and train keeps
   * the block, shrunk, so the peak is the block plus the test images. */
  dataset->test.count = test_entries->len;
  dataset->test.pixels = g_memdup2 (block + train_entries->len * n_features,
                                    MAX (test_entries->len * n_features, 1));
  dataset->test.labels = labels_of ((const Entry *) (gpointer) test_entries->data, test_entries->len);
  dataset->train.count = train_entries->len;
  dataset->train.pixels = g_realloc (g_steal_pointer (&block), train_entries->len * n_features);
  dataset->train.labels = labels_of ((const Entry *) (gpointer) train_entries->data, train_entries->len);

  return g_steal_pointer (&dataset);
}
