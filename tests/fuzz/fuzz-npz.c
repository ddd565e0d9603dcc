/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-npz.c: ll_npz_read_bytes on hostile .npz / .npy bytes.
 *
 * Besides not crashing, what the reader returns must hold together (shape,
 * count, data), and an array it read must survive being written and read
 * back (ll_npy_encode, as ll_npz_write uses it) with the same shape and values. */
#include "config.h"

#include "fuzz-common.h"
#include "core/io/npz-private.h"

#include <string.h>

static void
check_round_trip (const LlNpyArray *array)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GByteArray) encoded = NULL;
  g_autoptr (LlNpyArray) again = NULL;

  g_assert_true (ll_npy_array_is_consistent (array));
  encoded = ll_npy_encode (array, "fuzz.npz", &error);
  if (encoded == NULL)
    {
      /* Only int64 values a double cannot hold exactly are refused. */
      g_assert_true (array->type == LL_NPY_INT64);
      return;
    }
  again = ll_npy_parse (encoded->data, encoded->len, "fuzz.npz", array->name, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->ndim, ==, array->ndim);
  g_assert_cmpmem (again->shape, sizeof again->shape, array->shape, sizeof array->shape);
  g_assert_cmpuint (again->count, ==, array->count);
  if (array->type == LL_NPY_UNICODE)
    for (gsize i = 0; i < array->count; i++)
      g_assert_cmpstr (again->strings[i], ==, array->strings[i]);
  else if (array->count > 0)
    g_assert_cmpmem (again->values, again->count * sizeof (double),
                     array->values, array->count * sizeof (double));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) arrays = ll_npz_read_bytes (bytes, "fuzz.npz", &error);

  if (arrays == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == LL_NPZ_ERROR);
      g_assert_true (g_str_has_prefix (error->message, "fuzz.npz"));
      return 0;
    }
  g_assert_no_error (error);
  for (guint i = 0; i < arrays->len; i++)
    {
      const LlNpyArray *array = g_ptr_array_index (arrays, i);

      g_assert_true (ll_npz_find (arrays, array->name) != NULL);
      g_assert_cmpuint (array->count, <=, LL_NPY_MAX_ELEMENTS);
      if (array->type == LL_NPY_UNICODE)
        {
          g_assert_cmpuint (g_strv_length (array->strings), ==, array->count);
          for (gsize s = 0; s < array->count; s++)
            g_assert_true (g_utf8_validate (array->strings[s], -1, NULL));
        }
      check_round_trip (array);
    }
  return 0;
}
