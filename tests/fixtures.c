/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "fixtures.h"

#include <gio/gio.h>
#include <glib/gstdio.h>

const char *
ll_test_catvnoncat_dir (void)
{
  const char *dir = g_getenv ("LL_CATVNONCAT_DIR");
  g_autofree char *train = NULL;

  if (dir == NULL)
    {
      g_test_skip ("LL_CATVNONCAT_DIR is not set: run through meson test");
      return NULL;
    }
  train = g_build_filename (dir, "train_catvnoncat.h5", NULL);
  if (!g_file_test (train, G_FILE_TEST_IS_REGULAR))
    {
      g_test_skip_printf ("the course's cat data is absent (%s): skipped", train);
      return NULL;
    }
  return dir;
}

static GPtrArray *tmpdirs;

static void
remove_recursively (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_recursively (child);
        }
      g_chmod (path, 0700);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
remove_tmpdirs (void)
{
  for (guint i = 0; tmpdirs != NULL && i < tmpdirs->len; i++)
    remove_recursively (g_ptr_array_index (tmpdirs, i));
  g_clear_pointer (&tmpdirs, g_ptr_array_unref);
}

char *
ll_test_make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *path = g_dir_make_tmp ("logistic-lab-test-XXXXXX", &error);

  g_assert_no_error (error);
  if (tmpdirs == NULL)
    {
      tmpdirs = g_ptr_array_new_with_free_func (g_free);
      atexit (remove_tmpdirs);
    }
  g_ptr_array_add (tmpdirs, g_strdup (path));
  return path;
}

const char *
ll_test_logistic_lab (void)
{
  const char *path = g_getenv ("LL_LOGISTIC_LAB");

  g_assert_nonnull (path);
  return path;
}

/* ---- dataset fixtures (IDX and HDF5) ---- */

#include <hdf5.h>
#include <zlib.h>

GBytes *
ll_test_idx_bytes (guint32       magic,
                   guint         rank,
                   const guint32 *dims,
                   const guint8  *payload,
                   gsize          payload_size)
{
  GByteArray *bytes = g_byte_array_new ();
  guint32 be = GUINT32_TO_BE (magic);

  g_byte_array_append (bytes, (const guint8 *) &be, 4);
  for (guint d = 0; d < rank; d++)
    {
      be = GUINT32_TO_BE (dims[d]);
      g_byte_array_append (bytes, (const guint8 *) &be, 4);
    }
  if (payload_size > 0)
    g_byte_array_append (bytes, payload, payload_size);
  return g_byte_array_free_to_bytes (bytes);
}

void
ll_test_write_bytes (const char *path,
                     GBytes     *bytes,
                     gboolean    gzip)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  if (gzip)
    {
      gzFile file = gzopen (path, "wb6");

      g_assert_nonnull (file);
      g_assert_cmpint (gzwrite (file, data, size), ==, (int) size);
      g_assert_cmpint (gzclose (file), ==, Z_OK);
    }
  else
    {
      g_autoptr (GError) error = NULL;

      g_file_set_contents (path, (const char *) data, size, &error);
      g_assert_no_error (error);
    }
}

void
ll_test_write_idx_set (const char *dir,
                       guint       n_train,
                       guint       n_test,
                       guint       rows,
                       guint       cols,
                       guint       n_classes,
                       gboolean    gzip)
{
  const char *splits[2] = { "train", "t10k" };
  guint counts[2] = { n_train, n_test };

  for (guint s = 0; s < 2; s++)
    {
      gsize n_features = (gsize) rows * cols;
      g_autofree guint8 *pixels = g_malloc (counts[s] * n_features + 1);
      g_autofree guint8 *labels = g_malloc (counts[s] + 1);
      guint32 image_dims[3] = { counts[s], rows, cols };
      g_autoptr (GBytes) images = NULL;
      g_autoptr (GBytes) label_bytes = NULL;
      g_autofree char *images_path = NULL;
      g_autofree char *labels_path = NULL;

      for (guint i = 0; i < counts[s]; i++)
        {
          for (gsize j = 0; j < n_features; j++)
            pixels[i * n_features + j] = LL_TEST_PIXEL (i, j);
          labels[i] = LL_TEST_LABEL (i, n_classes);
        }
      images = ll_test_idx_bytes (0x803, 3, image_dims, pixels, counts[s] * n_features);
      label_bytes = ll_test_idx_bytes (0x801, 1, &counts[s], labels, counts[s]);
      images_path = g_strdup_printf ("%s/%s-images-idx3-ubyte%s", dir, splits[s], gzip ? ".gz" : "");
      labels_path = g_strdup_printf ("%s/%s-labels-idx1-ubyte%s", dir, splits[s], gzip ? ".gz" : "");
      ll_test_write_bytes (images_path, images, gzip);
      ll_test_write_bytes (labels_path, label_bytes, gzip);
    }
}

static void
write_h5_dataset (hid_t        file,
                  const char  *name,
                  hid_t        file_type,
                  hid_t        memory_type,
                  int          rank,
                  const hsize_t *dims,
                  hid_t        dcpl,
                  const void  *data)
{
  hid_t space = H5Screate_simple (rank, dims, NULL);
  hid_t dataset = H5Dcreate2 (file, name, file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);

  g_assert_cmpint (dataset, >=, 0);
  g_assert_cmpint (H5Dwrite (dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), >=, 0);
  H5Dclose (dataset);
  H5Sclose (space);
}

void
ll_test_write_h5 (const char         *path,
                  const LlTestH5Spec *spec)
{
  g_autofree char *x_name = g_strdup_printf ("%s_set_x", spec->prefix);
  g_autofree char *y_name = g_strdup_printf ("%s_set_y", spec->prefix);
  gsize n_features = (gsize) spec->height * spec->width * spec->channels;
  gsize n_pixels = spec->count * n_features;
  guint label_count = spec->label_count > 0 ? spec->label_count : spec->count;
  g_autofree guint8 *pixels = g_malloc (n_pixels + 1);
  g_autofree double *pixels_float = g_malloc ((n_pixels + 1) * sizeof (double));
  g_autofree gint64 *labels = g_malloc ((label_count + 1) * sizeof (gint64));
  g_autofree double *labels_float = g_malloc ((label_count + 1) * sizeof (double));
  hsize_t x_dims[4] = { spec->count, spec->height, spec->width, spec->channels };
  hsize_t y_dims[1] = { label_count };
  hid_t file, dcpl = H5P_DEFAULT;

  for (gsize i = 0; i < spec->count; i++)
    for (gsize j = 0; j < n_features; j++)
      {
        pixels[i * n_features + j] = LL_TEST_PIXEL (i, j);
        pixels_float[i * n_features + j] = LL_TEST_PIXEL (i, j);
      }
  for (guint i = 0; i < label_count; i++)
    labels[i] = labels_float[i] = LL_TEST_LABEL (i, 2);
  if (spec->bad_last_label && label_count > 0)
    labels[label_count - 1] = labels_float[label_count - 1] = 2;
  if (spec->x_rank == 2)
    x_dims[1] = n_features;

  H5Eset_auto2 (H5E_DEFAULT, NULL, NULL);
  file = H5Fcreate (path, H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  g_assert_cmpint (file, >=, 0);

  if (spec->external_link != NULL)
    g_assert_cmpint (H5Lcreate_external (spec->external_link, x_name, file, x_name,
                                         H5P_DEFAULT, H5P_DEFAULT), >=, 0);
  else
    {
      if (spec->external_storage)
        {
          g_autofree char *raw = g_strdup_printf ("%s.raw", path);

          dcpl = H5Pcreate (H5P_DATASET_CREATE);
          g_assert_cmpint (H5Pset_external (dcpl, raw, 0, n_pixels), >=, 0);
        }
      if (spec->x_deflate || spec->x_unknown_filter)
        {
          hsize_t chunk[4] = { 1, x_dims[1], x_dims[2], x_dims[3] };

          dcpl = H5Pcreate (H5P_DATASET_CREATE);
          g_assert_cmpint (H5Pset_chunk (dcpl, spec->x_rank == 2 ? 2 : 4, chunk), >=, 0);
          if (spec->x_deflate)
            {
              g_assert_cmpint (H5Pset_shuffle (dcpl), >=, 0);
              g_assert_cmpint (H5Pset_deflate (dcpl, 6), >=, 0);
            }
          else
            g_assert_cmpint (H5Pset_filter (dcpl, 32000, H5Z_FLAG_OPTIONAL, 0, NULL), >=, 0);
        }
      if (spec->x_float)
        write_h5_dataset (file, x_name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          spec->x_rank == 2 ? 2 : 4, x_dims, dcpl, pixels_float);
      else
        write_h5_dataset (file, x_name, H5T_STD_U8LE, H5T_NATIVE_UINT8,
                          spec->x_rank == 2 ? 2 : 4, x_dims, dcpl, pixels);
      if (dcpl != H5P_DEFAULT)
        H5Pclose (dcpl);
    }

  if (spec->y_float)
    write_h5_dataset (file, y_name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, 1, y_dims,
                      H5P_DEFAULT, labels_float);
  else
    write_h5_dataset (file, y_name, H5T_STD_I64LE, H5T_NATIVE_INT64, 1, y_dims,
                      H5P_DEFAULT, labels);

  if (!spec->no_classes)
    {
      /* Like numpy's |S7: fixed-length, null-padded. */
      const char names[2][7] = { "non-cat", "cat" };
      hsize_t n_names[1] = { 2 };
      hid_t type = H5Tcopy (H5T_C_S1);

      H5Tset_size (type, 7);
      H5Tset_strpad (type, H5T_STR_NULLPAD);
      write_h5_dataset (file, "list_classes", type, type, 1, n_names, H5P_DEFAULT, names);
      H5Tclose (type);
    }
  g_assert_cmpint (H5Fclose (file), >=, 0);
}

void
ll_test_write_h5_pair (const char *dir,
                       const char *name,
                       guint       n_train,
                       guint       n_test)
{
  g_autofree char *train_base = g_strdup_printf ("train_%s.h5", name);
  g_autofree char *test_base = g_strdup_printf ("test_%s.h5", name);
  g_autofree char *train = g_build_filename (dir, train_base, NULL);
  g_autofree char *test = g_build_filename (dir, test_base, NULL);
  LlTestH5Spec spec = { .prefix = "train", .count = n_train, .height = 48, .width = 64, .channels = 3 };

  ll_test_write_h5 (train, &spec);
  spec.prefix = "test";
  spec.count = n_test;
  ll_test_write_h5 (test, &spec);
}

static gboolean
deadline_passed (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ll_test_wait_for (LlTestCondition condition,
                  gpointer        data)
{
  gboolean late = FALSE;
  guint timeout = g_timeout_add_seconds (60, deadline_passed, &late);

  while (!condition (data) && !late)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (late);
  g_source_remove (timeout);
}

void
ll_test_assert_dataset_equal (const LlDataset *a,
                              const LlDataset *b)
{
  const LlSplit *splits[2][2] = { { &a->train, &b->train }, { &a->test, &b->test } };

  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->path, ==, b->path);
  g_assert_cmpstr (a->format, ==, b->format);
  g_assert_cmpuint (a->height, ==, b->height);
  g_assert_cmpuint (a->width, ==, b->width);
  g_assert_cmpuint (a->channels, ==, b->channels);
  g_assert_cmpuint (a->n_features, ==, b->n_features);
  g_assert_cmpuint (a->n_classes, ==, b->n_classes);
  g_assert_cmpstrv (a->class_names, b->class_names);
  for (guint s = 0; s < 2; s++)
    {
      g_assert_cmpuint (splits[s][0]->count, ==, splits[s][1]->count);
      g_assert_cmpmem (splits[s][0]->labels, splits[s][0]->count,
                       splits[s][1]->labels, splits[s][1]->count);
      g_assert_cmpmem (splits[s][0]->pixels, splits[s][0]->count * a->n_features,
                       splits[s][1]->pixels, splits[s][1]->count * b->n_features);
    }
}
