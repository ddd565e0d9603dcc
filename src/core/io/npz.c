/* SPDX-License-Identifier: GPL-3.0-or-later */
/* npz.c: NumPy .npy arrays and .npz archives, read and written without Python.
 *
 * The reader treats every byte as hostile: see npy-header.c (the header,
 * never evaluated), npy.c (shapes checked against the data) and npz-zip.c
 * (offsets checked, inflated size capped and CRC-checked). */
#include "config.h"

#include "npz-private.h"
#include "file-error.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (ll-npz-error-quark, ll_npz_error)

/* ---------------------------------------------------------------------------
 * Arrays */

void
ll_npy_array_free (LlNpyArray *array)
{
  if (array == NULL)
    return;
  g_free (array->name);
  g_free (array->values);
  g_strfreev (array->strings);
  g_free (array);
}

/* A numeric array of SHAPE with room for its values, or NULL (and a
 * critical) for more than LL_NPY_MAX_DIMS dimensions. */
static LlNpyArray *
array_new_numeric (const char  *name,
                   LlNpyType    type,
                   guint        ndim,
                   const gsize *shape)
{
  LlNpyArray *array;
  gsize count = 1;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (ndim <= LL_NPY_MAX_DIMS, NULL);
  g_return_val_if_fail (ndim == 0 || shape != NULL, NULL);

  for (guint d = 0; d < ndim; d++)
    count *= shape[d];

  array = g_new0 (LlNpyArray, 1);
  array->name = g_strdup (name);
  array->type = type;
  array->ndim = ndim;
  for (guint d = 0; d < ndim; d++)
    array->shape[d] = shape[d];
  array->count = count;
  array->values = g_new0 (double, MAX (count, 1));
  return array;
}

LlNpyArray *
ll_npy_array_new_doubles (const char   *name,
                          const double *values,
                          guint         ndim,
                          const gsize  *shape)
{
  LlNpyArray *array = array_new_numeric (name, LL_NPY_FLOAT64, ndim, shape);

  if (array == NULL)
    return NULL;
  g_return_val_if_fail (array->count == 0 || values != NULL, array);
  if (array->count > 0)
    memcpy (array->values, values, array->count * sizeof (double));
  return array;
}

LlNpyArray *
ll_npy_array_new_int64 (const char   *name,
                        const gint64 *values,
                        guint         ndim,
                        const gsize  *shape)
{
  LlNpyArray *array = array_new_numeric (name, LL_NPY_INT64, ndim, shape);

  if (array == NULL)
    return NULL;
  g_return_val_if_fail (array->count == 0 || values != NULL, array);
  for (gsize i = 0; i < array->count; i++)
    array->values[i] = (double) values[i];
  return array;
}

LlNpyArray *
ll_npy_array_new_strings (const char        *name,
                          const char *const *strings,
                          gsize              count)
{
  LlNpyArray *array;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (count == 0 || strings != NULL, NULL);

  array = g_new0 (LlNpyArray, 1);
  array->name = g_strdup (name);
  array->type = LL_NPY_UNICODE;
  array->ndim = 1;
  array->shape[0] = count;
  array->count = count;
  array->strings = g_new0 (char *, count + 1);
  for (gsize i = 0; i < count; i++)
    array->strings[i] = g_strdup (strings[i]);
  return array;
}

const LlNpyArray *
ll_npz_find (GPtrArray  *arrays,
             const char *name)
{
  g_return_val_if_fail (arrays != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < arrays->len; i++)
    {
      const LlNpyArray *array = g_ptr_array_index (arrays, i);

      if (g_strcmp0 (array->name, name) == 0)
        return array;
    }
  return NULL;
}

/* ---------------------------------------------------------------------------
 * Reading */

/* The .npy entries of a zip archive, as arrays named after them. */
static GPtrArray *
read_zip (const guint8 *data,
          gsize         len,
          const char   *file,
          GError      **error)
{
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (LlZipEntry));
  g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  gsize total = 0;

  g_array_set_clear_func (entries, (GDestroyNotify) ll_zip_entry_clear);
  if (!ll_zip_read_directory (data, len, file, entries, error))
    return NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      const LlZipEntry *entry = &g_array_index (entries, LlZipEntry, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *name = NULL;
      LlNpyArray *array;

      /* numpy.savez names each entry KEY.npy; anything else (a folder, a
       * stray file) is not an array and numpy.load would not give it back. */
      if (!g_str_has_suffix (entry->name, ".npy"))
        continue;
      name = g_strndup (entry->name, strlen (entry->name) - 4);
      if (ll_npz_find (arrays, name) != NULL)
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                       _("%s: array “%s” appears twice"), file, name);
          return NULL;
        }
      if (entry->size > LL_NPZ_MAX_ENTRY_BYTES - total)
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                       _("%s: entry “%s” declares %" PRIu64 " bytes, over the limit"),
                       file, entry->name, entry->size);
          return NULL;
        }
      total += (gsize) entry->size;

      bytes = ll_zip_extract (data, len, file, entry, error);
      if (bytes == NULL)
        return NULL;
      array = ll_npy_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), file, name, error);
      if (array == NULL)
        return NULL;
      g_ptr_array_add (arrays, array);
    }
  return g_steal_pointer (&arrays);
}

GPtrArray *
ll_npz_read_bytes (GBytes     *bytes,
                   const char *name_for_errors,
                   GError    **error)
{
  const guint8 *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name_for_errors == NULL)
    name_for_errors = "(data)";
  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = (const guint8 *) "";

  if (len >= LL_NPY_MAGIC_LEN && memcmp (data, LL_NPY_MAGIC, LL_NPY_MAGIC_LEN) == 0)
    {
      /* A bare .npy: the array is named after the file, as numpy.load's user would. */
      g_autofree char *base = g_path_get_basename (name_for_errors);
      g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
      LlNpyArray *array;

      if (g_str_has_suffix (base, ".npy"))
        base[strlen (base) - 4] = '\0';
      array = ll_npy_parse (data, len, name_for_errors, base, error);
      if (array == NULL)
        return NULL;
      g_ptr_array_add (arrays, array);
      return g_steal_pointer (&arrays);
    }
  return read_zip (data, len, name_for_errors, error);
}

/* Reads a regular file whole, refusing FIFOs, devices and oversized files
 * before reading a byte (a FIFO would block g_file_get_contents forever). */
static GBytes *
read_regular_file (const char *path,
                   const char *display,
                   GError    **error)
{
  struct stat st;
  g_autofree guint8 *buffer = NULL;
  gsize done = 0;
  int fd;

  fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO,
                   _("%s: cannot open: %s"), display, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO, _("%s: not a regular file"), display);
      close (fd);
      return NULL;
    }
  if ((guint64) st.st_size > LL_NPZ_MAX_FILE_BYTES)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                   _("%s: %" PRIu64 " bytes is over the limit for a weights file"),
                   display, (guint64) st.st_size);
      close (fd);
      return NULL;
    }

  buffer = g_malloc (MAX ((gsize) st.st_size, 1));
  while (done < (gsize) st.st_size)
    {
      gssize got = read (fd, buffer + done, (gsize) st.st_size - done);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        {
          int saved = errno;

          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO, _("%s: cannot read: %s"),
                       display, got == 0 ? _("the file shrank while reading") : g_strerror (saved));
          close (fd);
          return NULL;
        }
      done += (gsize) got;
    }
  close (fd);
  return g_bytes_new_take (g_steal_pointer (&buffer), done);
}

GPtrArray *
ll_npz_read (const char *path,
             GError    **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_basename (path);
  bytes = read_regular_file (path, display, error);
  if (bytes == NULL)
    return NULL;
  return ll_npz_read_bytes (bytes, display, error);
}

/* ---------------------------------------------------------------------------
 * Writing */

gboolean
ll_npz_write (const char *path,
              GPtrArray  *arrays,
              GError    **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GByteArray) zip = g_byte_array_new ();
  g_autoptr(GByteArray) directory = g_byte_array_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (arrays != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The whole path: a write fails for where it goes, not for its name. */
  display = g_filename_display_name (path);
  if (arrays->len > 0xffff)
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE, _("%s: too many arrays"), display);
      return FALSE;
    }

  for (guint i = 0; i < arrays->len; i++)
    {
      const LlNpyArray *array = g_ptr_array_index (arrays, i);
      g_autofree char *entry_name = NULL;
      g_autoptr(GByteArray) npy = NULL;

      if (!ll_npy_array_is_consistent (array))
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                       _("%s: array %u (“%s”) has an inconsistent name, shape or data"),
                       display, i, array->name ? array->name : "");
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (strcmp (((LlNpyArray *) g_ptr_array_index (arrays, j))->name, array->name) == 0)
          {
            g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT,
                         _("%s: array “%s” is given twice"), display, array->name);
            return FALSE;
          }

      npy = ll_npy_encode (array, display, error);
      if (npy == NULL)
        return FALSE;
      /* Without ZIP64 every size and offset must fit in 32 bits. */
      if ((guint64) zip->len + npy->len + 1024 > G_MAXUINT32 || strlen (array->name) > 0xff00)
        {
          g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_TOO_LARGE,
                       _("%s: array “%s” makes the archive too large"), display, array->name);
          return FALSE;
        }
      entry_name = g_strconcat (array->name, ".npy", NULL);
      ll_zip_add_stored (zip, directory, entry_name, npy->data, npy->len);
    }
  ll_zip_finish (zip, directory, (guint16) arrays->len);

  /* A temporary file, fsynced, then renamed over PATH: a failure at any
   * point leaves the earlier file whole and no partial file. */
  if (!g_file_set_contents_full (path, (const char *) zip->data, zip->len,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0644, &local_error))
    {
      g_set_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO, _("%s: cannot write: %s"),
                   display, ll_file_error_reason (local_error));
      return FALSE;
    }
  return TRUE;
}

