/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-h5.c: the course's pair of HDF5 files (train_*.h5, test_*.h5).
 *
 * The files may come from anywhere, so everything is checked before a byte of
 * data is read: the file is opened read-only with plugin loading off; each
 * dataset must be a hard link (no external links into other files), stored in
 * the file itself (no external storage, no virtual layout), of integer type
 * with the expected size, rank and dimensions; sizes are multiplied with
 * overflow checks and held under caps; labels must name a class.
 * libhdf5 itself still crashes on some malformed files, so ll_dataset_load
 * runs this reader only in a limited child process (dataset-h5-helper.h). */
#include "config.h"

#include "dataset.h"
#include "dataset-h5-helper.h"
#include "dataset-h5-pair.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <glib/gstdio.h>
#include <hdf5.h>
#include <H5PLpublic.h>
#include <glib/gi18n-lib.h>

/* HDF5 identifiers of any kind, closed by g_auto (LlH5Id). */
typedef hid_t LlH5Id;

static void
ll_h5_close (hid_t id)
{
  switch (H5Iget_type (id))
    {
    case H5I_FILE: H5Fclose (id); break;
    case H5I_GROUP: H5Gclose (id); break;
    case H5I_DATASET: H5Dclose (id); break;
    case H5I_DATASPACE: H5Sclose (id); break;
    case H5I_DATATYPE: H5Tclose (id); break;
    case H5I_GENPROP_LST: H5Pclose (id); break;
    default: H5Idec_ref (id); break;
    }
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (LlH5Id, ll_h5_close, H5I_INVALID_HID)

#define MAX_CLASSES LL_H5_MAX_CLASS_NAMES
#define MAX_CLASS_NAME LL_H5_MAX_CLASS_NAME

/* Process-wide HDF5 settings. HDF5 keeps this state globally in the process
 * (there is no per-call way to set it), so setting it here is as local as it
 * can be: no filter plugins are ever loaded from HDF5_PLUGIN_PATH (a file must
 * not make us dlopen code), and HDF5 never prints its error stack on stderr;
 * its errors are turned into GErrors instead. Idempotent. */
static void
ll_h5_setup (void)
{
  H5PLset_loading_state (0);
  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
}

static herr_t
innermost_error (unsigned          n,
                 const H5E_error2_t *err,
                 void             *user_data)
{
  char **desc = user_data;

  if (*desc == NULL && err->desc != NULL && err->desc[0] != '\0')
    *desc = g_strdup (err->desc);
  return 0;
}

/* Sets ERROR to "FILE: WHAT", adding HDF5's own most specific reason when it has one. */
G_GNUC_PRINTF (4, 5)
static void
set_h5_error (GError     **error,
              LlDatasetError code,
              const char  *file,
              const char  *format,
              ...)
{
  g_autofree char *what = NULL;
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  H5Ewalk2 (H5E_DEFAULT, H5E_WALK_UPWARD, innermost_error, &reason);
  H5Eclear2 (H5E_DEFAULT);
  if (reason != NULL)
    g_set_error (error, LL_DATASET_ERROR, code, _("%s: %s (HDF5: %s)"), file, what, reason);
  else
    g_set_error (error, LL_DATASET_ERROR, code, "%s: %s", file, what);
}

#define fail_format(error, file, ...) \
  set_h5_error (error, LL_DATASET_ERROR_FORMAT, file, __VA_ARGS__)

/* Opens NAME in FILE as a dataset after checking that it is a hard link to a
 * dataset kept inside the file. */
static hid_t
open_checked_dataset (hid_t       file,
                      const char *path,
                      const char *name,
                      GError    **error)
{
  H5L_info_t link;
  htri_t exists;
  g_auto (LlH5Id) object = H5I_INVALID_HID;
  g_auto (LlH5Id) dcpl = H5I_INVALID_HID;
  H5D_layout_t layout;
  int n_external;

  exists = H5Lexists (file, name, H5P_DEFAULT);
  if (exists <= 0)
    {
      fail_format (error, path, _("no dataset %s"), name);
      return H5I_INVALID_HID;
    }
  if (H5Lget_info (file, name, &link, H5P_DEFAULT) < 0)
    {
      fail_format (error, path, _("cannot inspect %s"), name);
      return H5I_INVALID_HID;
    }
  if (link.type != H5L_TYPE_HARD)
    {
      fail_format (error, path, _("%s is %s, refused (only data inside the file is read)"), name,
                   link.type == H5L_TYPE_EXTERNAL ? _("an external link to another file") : _("a soft link"));
      return H5I_INVALID_HID;
    }
  object = H5Oopen (file, name, H5P_DEFAULT);
  if (object < 0)
    {
      fail_format (error, path, _("cannot open %s"), name);
      return H5I_INVALID_HID;
    }
  if (H5Iget_type (object) != H5I_DATASET)
    {
      fail_format (error, path, _("%s is not a dataset"), name);
      return H5I_INVALID_HID;
    }
  dcpl = H5Dget_create_plist (object);
  if (dcpl < 0)
    {
      fail_format (error, path, _("cannot read the storage of %s"), name);
      return H5I_INVALID_HID;
    }
  n_external = H5Pget_external_count (dcpl);
  if (n_external != 0)
    {
      fail_format (error, path, _("%s keeps its data in external files, refused"), name);
      return H5I_INVALID_HID;
    }
  layout = H5Pget_layout (dcpl);
  if (layout != H5D_CONTIGUOUS && layout != H5D_CHUNKED && layout != H5D_COMPACT)
    {
      fail_format (error, path, _("%s has a %s layout, refused"), name,
                   layout == H5D_VIRTUAL ? _("virtual (data from other files)") : _("unknown"));
      return H5I_INVALID_HID;
    }
  /* With plugins off only HDF5's own filters (deflate, shuffle, ...) work:
   * name a missing one now rather than fail obscurely in the read. */
  for (int f = 0, n_filters = H5Pget_nfilters (dcpl); f < n_filters; f++)
    {
      unsigned flags, config;
      size_t n_values = 0;
      char filter_name[64] = "";
      H5Z_filter_t filter = H5Pget_filter2 (dcpl, f, &flags, &n_values, NULL,
                                            sizeof filter_name, filter_name, &config);

      if (filter < 0 || H5Zfilter_avail (filter) <= 0)
        {
          fail_format (error, path, _("%s is compressed with filter %d (%s), which is not built "
                         "into HDF5 here (filter plugins are not loaded)"), name, (int) filter,
                       filter_name[0] != '\0' ? filter_name : _("unknown"));
          return H5I_INVALID_HID;
        }
    }
  {
    hid_t result = object;

    object = H5I_INVALID_HID;
    return result;
  }
}

/* The dataset's simple dataspace dimensions; rank within [1, 4]. */
static int
get_dims (hid_t       dataset,
          const char *path,
          const char *name,
          hsize_t     dims[4],
          GError    **error)
{
  g_auto (LlH5Id) space = H5Dget_space (dataset);
  int rank;

  if (space < 0 || H5Sget_simple_extent_type (space) != H5S_SIMPLE)
    {
      fail_format (error, path, _("%s is not a simple array"), name);
      return -1;
    }
  rank = H5Sget_simple_extent_ndims (space);
  if (rank < 1 || rank > 4)
    {
      fail_format (error, path, _("%s has rank %d, expected 1 to 4"), name, rank);
      return -1;
    }
  H5Sget_simple_extent_dims (space, dims, NULL);
  return rank;
}

static const char *
type_class_name (H5T_class_t type_class)
{
  switch (type_class)
    {
    case H5T_INTEGER: return _("integer");
    case H5T_FLOAT: return _("floating-point");
    case H5T_STRING: return _("string");
    case H5T_COMPOUND: return _("compound");
    case H5T_ENUM: return "enum";
    case H5T_ARRAY: return _("array");
    case H5T_VLEN: return _("variable-length");
    default: return _("unsupported");
    }
}

/* Checks that DATASET holds integers, of SIZE bytes unless SIZE is 0, and
 * unsigned when UNSIGNED_ONLY. */
static gboolean
check_integer_type (hid_t       dataset,
                    const char *path,
                    const char *name,
                    gsize       size,
                    gboolean    unsigned_only,
                    GError    **error)
{
  g_auto (LlH5Id) type = H5Dget_type (dataset);
  H5T_class_t type_class = type >= 0 ? H5Tget_class (type) : H5T_NO_CLASS;
  gsize type_size;

  if (type_class != H5T_INTEGER)
    {
      fail_format (error, path, _("%s holds %s values, expected integers"), name,
                   type_class_name (type_class));
      return FALSE;
    }
  type_size = H5Tget_size (type);
  if ((size != 0 && type_size != size) || type_size == 0 || type_size > 8
      || (unsigned_only && H5Tget_sign (type) != H5T_SGN_NONE))
    {
      /* Translators: "train_set_x holds signed 16-bit integers, expected unsigned 8-bit integers (0-255)" */
      fail_format (error, path, _("%s holds %s %zu-bit integers, expected %s"),
                   name, H5Tget_sign (type) == H5T_SGN_NONE ? _("unsigned") : _("signed"),
                   type_size * 8,
                   size == 1 ? (unsigned_only ? _("unsigned 8-bit integers (0-255)") : _("8-bit integers (0-255)"))
                   : unsigned_only ? _("unsigned integers") : _("integers"));
      return FALSE;
    }
  return TRUE;
}

/* PREFIX_set_x: (m, h, w, c) with c 1 or 3, or (m, h, w) grey; uint8. */
static gboolean
read_images (hid_t        file,
             const char  *path,
             const char  *prefix,
             LlH5Split   *split,
             GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%s_set_x", prefix);
  g_auto (LlH5Id) dataset = open_checked_dataset (file, path, name, error);
  hsize_t dims[4] = { 0, 0, 0, 1 };
  int rank;
  gsize n_features, n_bytes;
  g_autofree guint8 *buffer = NULL;

  if (dataset < 0)
    return FALSE;
  if (!check_integer_type (dataset, path, name, 1, TRUE, error))
    return FALSE;
  rank = get_dims (dataset, path, name, dims, error);
  if (rank < 0)
    return FALSE;
  if (rank != 4 && rank != 3)
    {
      fail_format (error, path, _("%s has rank %d, expected 4 (images, height, width, channels)"),
                   name, rank);
      return FALSE;
    }
  if (dims[3] != 1 && dims[3] != 3)
    {
      fail_format (error, path, _("%s has %" PRIu64 " channels, expected 1 or 3"),
                   name, (guint64) dims[3]);
      return FALSE;
    }
  if (dims[1] == 0 || dims[2] == 0 || dims[1] > LL_DATASET_MAX_SIDE || dims[2] > LL_DATASET_MAX_SIDE)
    {
      set_h5_error (error, LL_DATASET_ERROR_TOO_LARGE, path,
                    _("%s has images of %" PRIu64 "×%" PRIu64 ", expected sides of 1 to %u"), name,
                    (guint64) dims[2], (guint64) dims[1], LL_DATASET_MAX_SIDE);
      return FALSE;
    }
  if (dims[0] == 0 || dims[0] > LL_DATASET_MAX_IMAGES)
    {
      set_h5_error (error, dims[0] == 0 ? LL_DATASET_ERROR_FORMAT : LL_DATASET_ERROR_TOO_LARGE,
                    path, _("%s holds %" PRIu64 " images, expected 1 to %u"),
                    name, (guint64) dims[0], LL_DATASET_MAX_IMAGES);
      return FALSE;
    }
  n_features = dims[1] * dims[2] * dims[3];  /* sides capped above: no overflow */
  if (!g_size_checked_mul (&n_bytes, dims[0], n_features) || n_bytes > LL_DATASET_MAX_PIXEL_BYTES)
    {
      set_h5_error (error, LL_DATASET_ERROR_TOO_LARGE, path,
                    _("%s holds more than %u MiB of pixels"), name, LL_DATASET_MAX_PIXEL_BYTES >> 20);
      return FALSE;
    }
  buffer = g_try_malloc (n_bytes);
  if (buffer == NULL)
    {
      set_h5_error (error, LL_DATASET_ERROR_TOO_LARGE, path,
                    _("not enough memory for the %zu bytes of %s"), n_bytes, name);
      return FALSE;
    }
  if (H5Dread (dataset, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer) < 0)
    {
      fail_format (error, path, _("cannot read %s (damaged or truncated file?)"), name);
      return FALSE;
    }
  split->count = dims[0];
  split->height = dims[1];
  split->width = dims[2];
  split->channels = dims[3];
  split->pixels = g_steal_pointer (&buffer);
  return TRUE;
}

/* PREFIX_set_y: COUNT integer labels, shape (m), (1, m) or (m, 1); each in
 * [0, N_CLASSES) when N_CLASSES > 0, else in [0, MAX_CLASSES). */
static gboolean
read_labels (hid_t        file,
             const char  *path,
             const char  *prefix,
             gsize        count,
             guint        n_classes,
             guint8     **labels,
             GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%s_set_y", prefix);
  g_auto (LlH5Id) dataset = open_checked_dataset (file, path, name, error);
  hsize_t dims[4] = { 0 };
  int rank;
  guint64 n_values;
  g_autofree gint64 *values = NULL;
  g_autofree guint8 *result = NULL;
  guint limit = n_classes > 0 ? n_classes : MAX_CLASSES;

  if (dataset < 0)
    return FALSE;
  if (!check_integer_type (dataset, path, name, 0, FALSE, error))
    return FALSE;
  rank = get_dims (dataset, path, name, dims, error);
  if (rank < 0)
    return FALSE;
  n_values = rank == 1 ? dims[0] : rank == 2 && (dims[0] == 1 || dims[1] == 1) ? dims[0] * dims[1] : 0;
  if (n_values == 0)
    {
      fail_format (error, path, _("%s has rank %d, expected a vector of labels"), name, rank);
      return FALSE;
    }
  if (n_values != count)
    {
      fail_format (error, path, _("%s holds %" PRIu64 " labels but %s_set_x holds %zu images"), name, n_values, prefix, count);
      return FALSE;
    }
  values = g_new (gint64, count);  /* count is capped by read_images */
  /* HDF5 converts any integer type to int64 (clipping values beyond it). */
  if (H5Dread (dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0)
    {
      fail_format (error, path, _("cannot read %s (damaged or truncated file?)"), name);
      return FALSE;
    }
  result = g_new (guint8, count);
  for (gsize i = 0; i < count; i++)
    {
      if (values[i] < 0 || values[i] >= limit)
        {
          fail_format (error, path, _("%s[%zu] is %" PRId64 ", expected a class index from 0 to %u"), name, i, values[i], limit - 1);
          return FALSE;
        }
      result[i] = values[i];
    }
  *labels = g_steal_pointer (&result);
  return TRUE;
}

/* list_classes: a vector of 2 to MAX_CLASSES strings (fixed or variable
 * length). Returns NULL with no error when the file has none. */
static char **
read_class_names (hid_t        file,
                  const char  *path,
                  GError     **error)
{
  g_auto (LlH5Id) dataset = H5I_INVALID_HID;
  g_auto (LlH5Id) file_type = H5I_INVALID_HID;
  g_auto (LlH5Id) memory_type = H5I_INVALID_HID;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  hsize_t dims[4];
  int rank;

  if (H5Lexists (file, "list_classes", H5P_DEFAULT) <= 0)
    return NULL;
  dataset = open_checked_dataset (file, path, "list_classes", error);
  if (dataset < 0)
    return NULL;
  file_type = H5Dget_type (dataset);
  if (file_type < 0 || H5Tget_class (file_type) != H5T_STRING)
    {
      fail_format (error, path, _("list_classes does not hold strings"));
      return NULL;
    }
  rank = get_dims (dataset, path, "list_classes", dims, error);
  if (rank < 0)
    return NULL;
  if (rank != 1 || dims[0] < 2 || dims[0] > MAX_CLASSES)
    {
      fail_format (error, path, _("list_classes must list 2 to %u class names"), MAX_CLASSES);
      return NULL;
    }

  memory_type = H5Tcopy (H5T_C_S1);
  /* HDF5 converts between strings of the same character set only. */
  H5Tset_cset (memory_type, H5Tget_cset (file_type));
  if (H5Tis_variable_str (file_type) > 0)
    {
      g_autofree char **strings = g_new0 (char *, dims[0]);
      g_auto (LlH5Id) space = H5Dget_space (dataset);

      H5Tset_size (memory_type, H5T_VARIABLE);
      if (H5Dread (dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, strings) < 0)
        {
          fail_format (error, path, _("cannot read list_classes"));
          return NULL;
        }
      for (hsize_t i = 0; i < dims[0]; i++)
        g_ptr_array_add (names, g_strndup (strings[i] != NULL ? strings[i] : "", MAX_CLASS_NAME));
      H5Dvlen_reclaim (memory_type, space, H5P_DEFAULT, strings);
    }
  else
    {
      gsize size = H5Tget_size (file_type);
      g_autofree char *buffer = NULL;

      if (size == 0 || size > MAX_CLASS_NAME)
        {
          fail_format (error, path, _("list_classes has names of %zu bytes, expected 1 to %u"),
                       size, MAX_CLASS_NAME);
          return NULL;
        }
      buffer = g_malloc0 (dims[0] * size);
      H5Tset_size (memory_type, size);
      H5Tset_strpad (memory_type, H5T_STR_NULLPAD);
      if (H5Dread (dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer) < 0)
        {
          fail_format (error, path, _("cannot read list_classes"));
          return NULL;
        }
      for (hsize_t i = 0; i < dims[0]; i++)
        g_ptr_array_add (names, g_strndup (buffer + i * size, size));
    }

  return ll_h5_class_names_finish (g_steal_pointer (&names));
}

/* Refuses anything but a readable regular file before HDF5 sees it. */
static gboolean
check_regular_file (const char *path,
                    GError    **error)
{
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NOT_FOUND,
                   _("%s: no such file"), path);
      return FALSE;
    }
  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   _("%s: not a regular file"), path);
      return FALSE;
    }
  if (g_access (path, R_OK) != 0)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   "%s: %s", path, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
ll_h5_read_split_file (const char *path,
                       const char *prefix,
                       LlH5Split  *split,
                       GError    **error)
{
  g_auto (LlH5Id) fapl = H5I_INVALID_HID;
  g_auto (LlH5Id) file = H5I_INVALID_HID;
  guint n_classes;

  ll_h5_setup ();
  if (!check_regular_file (path, error))
    return FALSE;
  fapl = H5Pcreate (H5P_FILE_ACCESS);
  /* Close everything with the file, even if a handle were left open. */
  H5Pset_fclose_degree (fapl, H5F_CLOSE_STRONG);
  file = H5Fopen (path, H5F_ACC_RDONLY, fapl);
  if (file < 0)
    {
      fail_format (error, path, _("not a readable HDF5 file"));
      return FALSE;
    }
  split->class_names = read_class_names (file, path, error);
  if (split->class_names == NULL && error != NULL && *error != NULL)
    return FALSE;
  n_classes = split->class_names != NULL ? g_strv_length (split->class_names) : 0;
  return read_images (file, path, prefix, split, error)
         && read_labels (file, path, prefix, split->count, n_classes, &split->labels, error);
}

LlDataset *
ll_dataset_load_h5_pair (const char *path,
                         GError    **error)
{
  return ll_dataset_load_h5_pair_full (path, NULL, NULL, error);
}

LlDataset *
ll_dataset_load_h5_pair_full (const char   *path,
                              LlH5FileFunc  on_file,
                              gpointer      user_data,
                              GError      **error)
{
  g_autofree char *train_path = NULL;
  g_autofree char *test_path = NULL;
  g_auto (LlH5Split) train = { 0 };
  g_auto (LlH5Split) test = { 0 };

  if (!ll_dataset_find_h5_pair (path, &train_path, &test_path, error))
    return NULL;
  if (on_file != NULL)
    on_file (train_path, user_data);
  if (!ll_h5_read_split_file (train_path, "train", &train, error))
    return NULL;
  if (on_file != NULL)
    on_file (test_path, user_data);
  if (!ll_h5_read_split_file (test_path, "test", &test, error))
    return NULL;
  return ll_h5_pair_to_dataset (path, train_path, test_path, &train, &test, error);
}
