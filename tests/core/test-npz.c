/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-npz.c: .npy/.npz reading and writing, numpy interoperability and
 * hostile files made byte by byte. */
#include "core/io/npz.h"
#include "fixtures.h"
#include "npz-builder.h"
#include "numpy-helper.h"

#include <float.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include <zlib.h>

static GBytes *
one_entry_zip (const char             *name,
               GBytes                 *content,
               const LlTestZipOptions *options)
{
  return ll_test_make_zip (&name, &content, 1, options);
}

static GPtrArray *
read_ok (GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *arrays = ll_npz_read_bytes (bytes, "test.npz", &error);

  g_assert_no_error (error);
  g_assert_nonnull (arrays);
  return arrays;
}

/* Reading BYTES fails with CODE and a message holding each of the NEEDLES. */
static void
assert_read_fails (GBytes     *bytes,
                   LlNpzError  code,
                   const char *needle1,
                   const char *needle2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) arrays = ll_npz_read_bytes (bytes, "bad.npz", &error);

  g_assert_null (arrays);
  g_assert_error (error, LL_NPZ_ERROR, (gint) code);
  g_assert_nonnull (strstr (error->message, "bad.npz"));
  if (needle1 != NULL && strstr (error->message, needle1) == NULL)
    g_error ("“%s” lacks “%s”", error->message, needle1);
  if (needle2 != NULL && strstr (error->message, needle2) == NULL)
    g_error ("“%s” lacks “%s”", error->message, needle2);
}

static void
assert_doubles_identical (const double *a,
                          const double *b,
                          gsize         n)
{
  g_assert_cmpmem (a, n * sizeof (double), b, n * sizeof (double));
}

static GBytes *
file_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static guint
count_dir_entries (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* ---------------------------------------------------------------------------
 * Round trips */

static const double tricky[] = {
  0.0, -0.0, 1.0, -1.5, 0.1, 1e-300, 4.9406564584124654e-324 /* denormal */,
  DBL_MAX, -DBL_MAX, DBL_MIN, 3.141592653589793, -2.718281828459045,
};

static const char *const class_names[] = {
  "T-shirt/top", "Ankle boot", "chat noir 🐈", "Über", "", "猫",
};

static GPtrArray *
sample_arrays (void)
{
  GPtrArray *arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  gsize column[2] = { G_N_ELEMENTS (tricky), 1 };
  gsize flat[1] = { G_N_ELEMENTS (tricky) };
  gsize matrix[2] = { 3, 4 };
  gsize empty[1] = { 0 };
  double scalar = -0.25;
  gint64 ints[3] = { -3, 0, G_GINT64_CONSTANT (1) << 40 };

  g_ptr_array_add (arrays, ll_npy_array_new_int64 ("ints", ints, 1, (gsize[]) { 3 }));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("w", tricky, 2, column));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("b", &scalar, 0, NULL));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("flat", tricky, 1, flat));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("matrix", tricky, 2, matrix));
  g_ptr_array_add (arrays, ll_npy_array_new_doubles ("empty", NULL, 1, empty));
  g_ptr_array_add (arrays, ll_npy_array_new_strings ("classes", class_names,
                                                     G_N_ELEMENTS (class_names)));
  return arrays;
}

static void
test_round_trip (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "round.npz", NULL);
  g_autoptr(GPtrArray) written = sample_arrays ();
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ll_npz_write (path, written, &error));
  g_assert_no_error (error);
  read = ll_npz_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, written->len);

  for (guint i = 0; i < written->len; i++)
    {
      const LlNpyArray *a = g_ptr_array_index (written, i);
      const LlNpyArray *b = ll_npz_find (read, a->name);

      g_assert_nonnull (b);
      g_assert_cmpuint (b->ndim, ==, a->ndim);
      g_assert_cmpmem (b->shape, b->ndim * sizeof (gsize), a->shape, a->ndim * sizeof (gsize));
      g_assert_cmpuint (b->count, ==, a->count);
      if (a->type == LL_NPY_UNICODE)
        {
          g_assert_cmpint (b->type, ==, LL_NPY_UNICODE);
          g_assert_cmpstrv (b->strings, a->strings);
        }
      else
        {
          g_assert_cmpint (b->type, ==, a->type);
          assert_doubles_identical (b->values, a->values, a->count);
        }
    }
  g_assert_null (ll_npz_find (read, "absent"));
}

static void
test_bare_npy (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "weights.npy", NULL);
  double values[3] = { 1.0, -2.0, 0.5 };
  g_autoptr(GBytes) npy = ll_test_make_npy ("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
                                    values, sizeof values);
  g_autoptr(GPtrArray) arrays = NULL;
  g_autoptr(GError) error = NULL;
  const LlNpyArray *array;

  g_assert_true (g_file_set_contents (path, g_bytes_get_data (npy, NULL), (gssize) g_bytes_get_size (npy), NULL));
  arrays = ll_npz_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (arrays->len, ==, 1);
  array = g_ptr_array_index (arrays, 0);
  g_assert_cmpstr (array->name, ==, "weights");
  assert_doubles_identical (array->values, values, 3);
}

/* Every dtype, both byte orders, Fortran order, ZIP64 and deflate, made by hand. */
static void
test_dtypes_and_layouts (void)
{
  static const guint8 be_f8[] = { 0x3f, 0xf8, 0, 0, 0, 0, 0, 0,  0xc0, 0, 0, 0, 0, 0, 0, 0 };
  static const guint8 be_f4[] = { 0x3f, 0xc0, 0, 0 };
  static const gint64 i8[] = { -5, 1LL << 40 };
  static const gint32 i4[] = { -7, 9 };
  static const guint8 u1[] = { 0, 255, 128 };
  static const float f4[] = { 0.1f, -3.5f };
  /* (2, 3) in Fortran order: columns first. C order is 1 2 3 / 4 5 6. */
  static const double fortran[] = { 1, 4, 2, 5, 3, 6 };
  /* (2, 2, 2) in Fortran order; element [i][j][k] = 100 i + 10 j + k. */
  static const double fortran3[] = { 0, 100, 10, 110, 1, 101, 11, 111 };
  static const guint32 unicode[] = { 'c', 'a', 't', 0, 0x732B, 0, 0, 0 };
  struct {
    const char *header;
    const void *data;
    gsize len;
    LlNpyType type;
    double expect[8];
    gsize count;
  } cases[] = {
    { "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }", be_f8, sizeof be_f8,
      LL_NPY_FLOAT64, { 1.5, -2.0 }, 2 },
    { "{'descr': '>f4', 'fortran_order': False, 'shape': (), }", be_f4, sizeof be_f4,
      LL_NPY_FLOAT32, { 1.5 }, 1 },
    { "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 1), }", f4, sizeof f4,
      LL_NPY_FLOAT32, { 0.1f, -3.5f }, 2 },
    { "{'descr': '<i8', 'fortran_order': False, 'shape': (2,), }", i8, sizeof i8,
      LL_NPY_INT64, { -5, 1099511627776.0 }, 2 },
    { "{'descr': '<i4', 'fortran_order': False, 'shape': (2,), }", i4, sizeof i4,
      LL_NPY_INT32, { -7, 9 }, 2 },
    { "{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", u1, sizeof u1,
      LL_NPY_UINT8, { 0, 255, 128 }, 3 },
    { "{\"shape\": (2, 3), \"fortran_order\": True, \"descr\": \"<f8\"}", fortran, sizeof fortran,
      LL_NPY_FLOAT64, { 1, 2, 3, 4, 5, 6 }, 6 },
    { "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2, 2), }", fortran3, sizeof fortran3,
      LL_NPY_FLOAT64, { 0, 1, 10, 11, 100, 101, 110, 111 }, 8 },
    { "{'descr': '<f8', 'fortran_order': True, 'shape': (6, 1), }", fortran, sizeof fortran,
      LL_NPY_FLOAT64, { 1, 4, 2, 5, 3, 6 }, 6 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int variant = 0; variant < 4; variant++)
      {
        LlTestZipOptions options = { .method = variant & 1 ? 8 : 0, .zip64 = variant >= 2 };
        g_autoptr(GBytes) npy = ll_test_make_npy (cases[i].header, cases[i].data, cases[i].len);
        g_autoptr(GBytes) zip = one_entry_zip ("x.npy", npy, &options);
        g_autoptr(GPtrArray) arrays = read_ok (zip);
        const LlNpyArray *array = ll_npz_find (arrays, "x");

        g_test_message ("case %" G_GSIZE_FORMAT ", variant %d", i, variant);
        g_assert_nonnull (array);
        g_assert_cmpint (array->type, ==, cases[i].type);
        g_assert_cmpuint (array->count, ==, cases[i].count);
        assert_doubles_identical (array->values, cases[i].expect, cases[i].count);
      }

  {
    g_autoptr(GBytes) npy = ll_test_make_npy ("{'descr': '<U4', 'fortran_order': False, 'shape': (2,), }",
                                      unicode, sizeof unicode);
    g_autoptr(GBytes) zip = one_entry_zip ("names.npy", npy, NULL);
    g_autoptr(GPtrArray) arrays = read_ok (zip);
    const LlNpyArray *array = ll_npz_find (arrays, "names");
    const char *const expect[] = { "cat", "猫", NULL };

    g_assert_nonnull (array);
    g_assert_cmpstrv (array->strings, expect);
  }
}

/* ---------------------------------------------------------------------------
 * numpy interoperability */

static void
test_numpy_reads_ours (void)
{
  static const char script[] =
    "import sys, numpy as np\n"
    "d = np.load(sys.argv[1], allow_pickle=False)\n"
    "for k in sorted(d.files):\n"
    "    a = d[k]\n"
    "    v = ','.join(x.hex() if a.dtype.kind == 'f' else str(x) for x in a.ravel().tolist())\n"
    "    sys.stdout.buffer.write(('%s %s %s %s\\n' % (k, a.dtype.str, a.shape, v)).encode('utf-8'))\n";
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) arrays = sample_arrays ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  if (!ll_test_numpy_available ())
    return;
  dir = ll_test_make_tmpdir ();
  path = g_build_filename (dir, "ours.npz", NULL);
  g_assert_true (ll_npz_write (path, arrays, &error));
  g_assert_no_error (error);

  out = ll_test_run_numpy (script, (const char *const[]) { path, NULL });
  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 8);
  g_assert_cmpstr (lines[0], ==, "b <f8 () -0x1.0000000000000p-2");
  g_assert_cmpstr (lines[1], ==, "classes <U11 (6,) T-shirt/top,Ankle boot,chat noir 🐈,Über,,猫");
  g_assert_cmpstr (lines[2], ==, "empty <f8 (0,) ");
  g_assert_true (g_str_has_prefix (lines[3], "flat <f8 (12,) 0x0.0p+0,-0x0.0p+0,0x1.0000000000000p+0,"));
  g_assert_cmpstr (lines[4], ==, "ints <i8 (3,) -3,0,1099511627776");
  g_assert_true (g_str_has_prefix (lines[5], "matrix <f8 (3, 4) 0x0.0p+0,"));
  g_assert_true (g_str_has_prefix (lines[6], "w <f8 (12, 1) "));
  /* Python's float.hex of every weight parses back to the very same bits. */
  {
    g_auto(GStrv) fields = g_strsplit (lines[6] + strlen ("w <f8 (12, 1) "), ",", -1);

    g_assert_cmpuint (g_strv_length (fields), ==, G_N_ELEMENTS (tricky));
    for (gsize i = 0; i < G_N_ELEMENTS (tricky); i++)
      {
        double parsed = g_ascii_strtod (fields[i], NULL);

        assert_doubles_identical (&parsed, &tricky[i], 1);
      }
  }
}

/* numpy.save / savez / savez_compressed files of every kind load as written. */
static void
test_numpy_writes (void)
{
  static const char script[] =
    "import sys, numpy as np\n"
    "d = sys.argv[1]\n"
    "ramp = np.arange(12, dtype=np.float64) * 0.1 - 0.3\n"
    "arrays = dict(\n"
    "  f8col=ramp.reshape(12, 1), f8flat=ramp, f4flat=ramp.astype(np.float32),\n"
    "  f4col=ramp.astype(np.float32).reshape(12, 1), scalar=np.float64(-0.75),\n"
    "  big=ramp.astype('>f8'), bigf4=ramp.astype('>f4'),\n"
    "  fortran=np.asfortranarray(ramp.reshape(3, 4)), fortran3=np.asfortranarray(ramp.reshape(2, 3, 2)),\n"
    "  ints=np.arange(-3, 3, dtype=np.int64), ints32=np.arange(-3, 3, dtype=np.int32),\n"
    "  bytes=np.arange(250, 256, dtype=np.uint8),\n"
    "  names=np.array(['T-shirt/top', 'Ankle boot', 'Über 猫']),\n"
    "  empty=np.zeros((0, 3)))\n"
    "np.savez(d + '/plain.npz', **arrays)\n"
    "np.savez_compressed(d + '/compressed.npz', **arrays)\n"
    "np.save(d + '/bare.npy', ramp.reshape(12, 1))\n";
  static const char *const files[] = { "plain.npz", "compressed.npz" };
  const char *const names[] = { "T-shirt/top", "Ankle boot", "Über 猫", NULL };
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  double ramp[12], ramp_f4[12], fortran[12], fortran3[12];

  if (!ll_test_numpy_available ())
    return;
  dir = ll_test_make_tmpdir ();
  out = ll_test_run_numpy (script, (const char *const[]) { dir, NULL });

  for (int i = 0; i < 12; i++)
    {
      ramp[i] = (double) i * 0.1 - 0.3;
      ramp_f4[i] = (float) ramp[i];
    }
  /* C order of the (3, 4) and (2, 3, 2) reshapes is the ramp itself. */
  memcpy (fortran, ramp, sizeof ramp);
  memcpy (fortran3, ramp, sizeof ramp);

  for (gsize f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (dir, files[f], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) arrays = ll_npz_read (path, &error);
      const LlNpyArray *a;
      static const double ints[] = { -3, -2, -1, 0, 1, 2 };
      static const double bytes[] = { 250, 251, 252, 253, 254, 255 };

      g_test_message ("%s", files[f]);
      g_assert_no_error (error);
      g_assert_cmpuint (arrays->len, ==, 14);

      a = ll_npz_find (arrays, "f8col");
      g_assert_cmpuint (a->ndim, ==, 2);
      g_assert_cmpuint (a->shape[0], ==, 12);
      g_assert_cmpuint (a->shape[1], ==, 1);
      assert_doubles_identical (a->values, ramp, 12);
      a = ll_npz_find (arrays, "f8flat");
      g_assert_cmpuint (a->ndim, ==, 1);
      assert_doubles_identical (a->values, ramp, 12);
      a = ll_npz_find (arrays, "f4flat");
      g_assert_cmpint (a->type, ==, LL_NPY_FLOAT32);
      assert_doubles_identical (a->values, ramp_f4, 12);
      a = ll_npz_find (arrays, "f4col");
      g_assert_cmpuint (a->ndim, ==, 2);
      assert_doubles_identical (a->values, ramp_f4, 12);
      a = ll_npz_find (arrays, "scalar");
      g_assert_cmpuint (a->ndim, ==, 0);
      g_assert_cmpfloat (a->values[0], ==, -0.75);
      assert_doubles_identical (ll_npz_find (arrays, "big")->values, ramp, 12);
      assert_doubles_identical (ll_npz_find (arrays, "bigf4")->values, ramp_f4, 12);
      assert_doubles_identical (ll_npz_find (arrays, "fortran")->values, fortran, 12);
      assert_doubles_identical (ll_npz_find (arrays, "fortran3")->values, fortran3, 12);
      assert_doubles_identical (ll_npz_find (arrays, "ints")->values, ints, 6);
      assert_doubles_identical (ll_npz_find (arrays, "ints32")->values, ints, 6);
      assert_doubles_identical (ll_npz_find (arrays, "bytes")->values, bytes, 6);
      g_assert_cmpstrv (ll_npz_find (arrays, "names")->strings, names);
      a = ll_npz_find (arrays, "empty");
      g_assert_cmpuint (a->count, ==, 0);
      g_assert_cmpuint (a->shape[1], ==, 3);
    }

  {
    g_autofree char *path = g_build_filename (dir, "bare.npy", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) arrays = ll_npz_read (path, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (arrays->len, ==, 1);
    assert_doubles_identical (ll_npz_find (arrays, "bare")->values, ramp, 12);
  }
}

/* ---------------------------------------------------------------------------
 * Hostile files */

static void
assert_npy_fails (const char *header,
                  gsize       data_len,
                  LlNpzError  code,
                  const char *needle)
{
  g_autofree guint8 *data = g_malloc0 (MAX (data_len, 1));
  g_autoptr(GBytes) npy = ll_test_make_npy (header, data, data_len);
  g_autoptr(GBytes) zip = one_entry_zip ("weights.npy", npy, NULL);

  g_test_message ("header: %s", header);
  assert_read_fails (zip, code, "weights", needle);
  /* The same array as a bare .npy. */
  assert_read_fails (npy, code, needle, NULL);
}

static void
test_hostile_headers (void)
{
  /* A pickled object array as numpy.save(allow_pickle=True) writes it. */
  assert_npy_fails ("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }", 64,
                    LL_NPZ_ERROR_UNSUPPORTED, "pickle");
  assert_npy_fails ("{'descr': '<c16', 'fortran_order': False, 'shape': (2,), }", 32,
                    LL_NPZ_ERROR_UNSUPPORTED, "<c16");
  assert_npy_fails ("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (2,), }", 16,
                    LL_NPZ_ERROR_UNSUPPORTED, "structured");
  assert_npy_fails ("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }", 8,
                    LL_NPZ_ERROR_TOO_LARGE, NULL);
  assert_npy_fails ("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 8,
                    LL_NPZ_ERROR_TOO_LARGE, NULL);
  assert_npy_fails ("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }", 8,
                    LL_NPZ_ERROR_FORMAT, "header");
  /* More elements declared than bytes present. */
  assert_npy_fails ("{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 16,
                    LL_NPZ_ERROR_FORMAT, "holds only");
  assert_npy_fails ("{'descr': '<U100000000', 'fortran_order': False, 'shape': (1,), }", 16,
                    LL_NPZ_ERROR_UNSUPPORTED, NULL);
  /* Zero-width strings take no bytes: 2^27 of them from 100 bytes is refused. */
  assert_npy_fails ("{'descr': '<U0', 'fortran_order': False, 'shape': (134217728,), }", 0,
                    LL_NPZ_ERROR_TOO_LARGE, "empty strings");

  /* Headers that are not the plain dict literal numpy writes: never evaluated. */
  {
    static const char *const malformed[] = {
      "__import__('os').system('touch pwned')",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), 'x': 1}",
      "{'descr': '<f8', 'fortran_order': False}",
      "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (1)}",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}",
      "{'descr': '<f8', 'fortran_order': 0, 'shape': (1,)}",
      "{'descr': '<f\\x38', 'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)} junk",
      "{'descr': '<f8' 'fortran_order': False, 'shape': (1,)}",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (1,,)}",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1)}",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (1,)",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }\xc3\xa9",
      "",
    };

    for (gsize i = 0; i < G_N_ELEMENTS (malformed); i++)
      assert_npy_fails (malformed[i], 8, LL_NPZ_ERROR_FORMAT, "header");
  }

  /* A header length past the end, and an unknown format version. */
  {
    static const guint8 long_header[] = "\x93NUMPY\x01\x00\xff\xff{'descr'";
    static const guint8 version9[] = "\x93NUMPY\x09\x00\x10\x00{}              ";
    g_autoptr(GBytes) a = g_bytes_new_static (long_header, sizeof long_header - 1);
    g_autoptr(GBytes) b = g_bytes_new_static (version9, sizeof version9 - 1);

    assert_read_fails (a, LL_NPZ_ERROR_FORMAT, "truncated", NULL);
    assert_read_fails (b, LL_NPZ_ERROR_UNSUPPORTED, "version 9", NULL);
  }
}

static GBytes *
good_npz_bytes (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "good.npz", NULL);
  g_autoptr(GPtrArray) arrays = sample_arrays ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ll_npz_write (path, arrays, &error));
  return file_bytes (path);
}

static void
test_hostile_containers (void)
{
  g_autoptr(GBytes) good = good_npz_bytes ();
  gsize len;
  const guint8 *data = g_bytes_get_data (good, &len);
  double w[2] = { 1, 2 };
  g_autoptr(GBytes) npy = ll_test_make_npy ("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }",
                                    w, sizeof w);

  /* Not a zip at all, and empty. */
  {
    g_autoptr(GBytes) text = g_bytes_new_static ("w,b\n0.5,1\n", 10);
    g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);

    assert_read_fails (text, LL_NPZ_ERROR_FORMAT, "not a zip", NULL);
    assert_read_fails (empty, LL_NPZ_ERROR_FORMAT, "not a zip", NULL);
  }

  /* Every truncation of a good archive is refused. */
  for (gsize cut = 0; cut < len; cut++)
    {
      g_autoptr(GBytes) part = g_bytes_new_static (data, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) arrays = ll_npz_read_bytes (part, "cut.npz", &error);

      g_assert_null (arrays);
      g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT);
    }

  /* A CRC that does not match the data. */
  {
    LlTestZipOptions options = { .crc_xor = 1 };
    g_autoptr(GBytes) zip = one_entry_zip ("w.npy", npy, &options);

    assert_read_fails (zip, LL_NPZ_ERROR_FORMAT, "CRC", "“w.npy”");
  }
  /* A deflated entry claiming more (a bomb) or fewer bytes than it inflates to. */
  {
    LlTestZipOptions bomb = { .method = 8, .declared_size = 1u << 29 };
    LlTestZipOptions shorter = { .method = 8, .declared_size = 100 };
    LlTestZipOptions longer = { .method = 8, .declared_size = 200 };
    g_autoptr(GBytes) a = one_entry_zip ("w.npy", npy, &bomb);
    g_autoptr(GBytes) b = one_entry_zip ("w.npy", npy, &shorter);
    g_autoptr(GBytes) c = one_entry_zip ("w.npy", npy, &longer);

    assert_read_fails (a, LL_NPZ_ERROR_FORMAT, "w.npy", NULL);
    assert_read_fails (b, LL_NPZ_ERROR_FORMAT, "declared size", NULL);
    assert_read_fails (c, LL_NPZ_ERROR_FORMAT, "declared size", NULL);
  }
  /* A stored entry declaring more than the cap. */
  {
    LlTestZipOptions huge = { .declared_size = 0xfffffff0u };
    g_autoptr(GBytes) zip = one_entry_zip ("w.npy", npy, &huge);

    assert_read_fails (zip, LL_NPZ_ERROR_TOO_LARGE, "w.npy", NULL);
  }
  /* Encrypted and unknown methods. */
  {
    LlTestZipOptions encrypted = { .flags = 1 };
    LlTestZipOptions bzip2 = { .method = 12 };
    g_autoptr(GBytes) a = one_entry_zip ("w.npy", npy, &encrypted);
    g_autoptr(GBytes) b = one_entry_zip ("w.npy", npy, &bzip2);

    assert_read_fails (a, LL_NPZ_ERROR_UNSUPPORTED, "encrypted", NULL);
    assert_read_fails (b, LL_NPZ_ERROR_UNSUPPORTED, "method 12", NULL);
  }
  /* Directory offsets pointing outside the file. */
  {
    g_autoptr(GBytes) zip = one_entry_zip ("w.npy", npy, NULL);
    gsize zip_len;
    guint8 *bytes = g_bytes_unref_to_data (g_bytes_ref (zip), &zip_len);
    g_autoptr(GBytes) patched = NULL;

    /* EOCD: the directory offset at 16 becomes huge. */
    bytes[zip_len - 22 + 16] = 0xf0;
    bytes[zip_len - 22 + 19] = 0x7f;
    patched = g_bytes_new_take (bytes, zip_len);
    assert_read_fails (patched, LL_NPZ_ERROR_FORMAT, "outside", NULL);
  }
  /* A zip with no .npy entry reads as an empty set of arrays. */
  {
    g_autoptr(GBytes) zip = one_entry_zip ("readme.txt", npy, NULL);
    g_autoptr(GPtrArray) arrays = read_ok (zip);

    g_assert_cmpuint (arrays->len, ==, 0);
  }

  /* Every single-byte corruption either reads or fails cleanly. */
  {
    guint failures = 0;

    for (gsize at = 0; at < len; at++)
      {
        g_autofree guint8 *copy = g_memdup2 (data, len);
        g_autoptr(GBytes) bytes = NULL;
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) arrays = NULL;

        copy[at] ^= 0x5a;
        bytes = g_bytes_new_take (g_steal_pointer (&copy), len);
        arrays = ll_npz_read_bytes (bytes, "flip.npz", &error);
        g_assert_true ((arrays == NULL) == (error != NULL));
        failures += arrays == NULL;
      }
    g_test_message ("%u of %" G_GSIZE_FORMAT " single-byte corruptions refused", failures, len);
    g_assert_cmpuint (failures, >, len / 2);
  }
}

static void
test_hostile_paths (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *fifo = g_build_filename (dir, "pipe.npz", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.npz", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) arrays = NULL;

  arrays = ll_npz_read (missing, &error);
  g_assert_null (arrays);
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "missing.npz"));
  g_clear_error (&error);

  arrays = ll_npz_read (dir, &error);
  g_assert_null (arrays);
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO);
  g_clear_error (&error);

  /* A FIFO with no writer must not block the reader. */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  arrays = ll_npz_read (fifo, &error);
  g_assert_null (arrays);
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "not a regular file"));
}

/* ---------------------------------------------------------------------------
 * Atomic writing */

static void
test_write_replaces_whole (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "model.npz", NULL);
  g_autoptr(GPtrArray) big = sample_arrays ();
  g_autoptr(GPtrArray) small = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  g_autoptr(GPtrArray) read = NULL;
  g_autoptr(GError) error = NULL;
  double one = 1.0;
  struct stat st;

  g_assert_true (ll_npz_write (path, big, &error));
  g_ptr_array_add (small, ll_npy_array_new_doubles ("b", &one, 0, NULL));
  g_assert_true (ll_npz_write (path, small, &error));
  g_assert_no_error (error);

  read = ll_npz_read (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (read->len, ==, 1);
  g_assert_cmpfloat (((LlNpyArray *) g_ptr_array_index (read, 0))->values[0], ==, 1.0);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);
}

static void
test_write_failures_leave_no_trace (void)
{
  g_autofree char *dir = ll_test_make_tmpdir ();
  g_autofree char *nowhere = g_build_filename (dir, "no-such-dir", "model.npz", NULL);
  g_autofree char *folder = g_build_filename (dir, "folder", NULL);
  g_autofree char *existing = g_build_filename (dir, "existing.npz", NULL);
  g_autoptr(GPtrArray) arrays = sample_arrays ();
  g_autoptr(GPtrArray) broken = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  LlNpyArray *bad;

  /* Into a folder that does not exist. */
  g_assert_false (ll_npz_write (nowhere, arrays, &error));
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "model.npz"));
  g_clear_error (&error);
  g_assert_cmpuint (count_dir_entries (dir), ==, 0);

  /* Over a folder: the temporary file is written, the rename fails, and the
   * temporary file must be gone. */
  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_false (ll_npz_write (folder, arrays, &error));
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO);
  g_clear_error (&error);
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
  g_assert_cmpuint (count_dir_entries (folder), ==, 0);

  /* Inconsistent arrays are refused before the existing file is touched. */
  g_assert_true (ll_npz_write (existing, arrays, &error));
  before = file_bytes (existing);
  bad = ll_npy_array_new_doubles ("w", tricky, 1, (gsize[]) { 3 });
  bad->count = 4;
  g_ptr_array_add (broken, bad);
  g_assert_false (ll_npz_write (existing, broken, &error));
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT);
  g_clear_error (&error);
  g_ptr_array_set_size (broken, 0);
  g_ptr_array_add (broken, ll_npy_array_new_strings ("classes", (const char *[]) { "ok", "\xff" }, 2));
  g_assert_false (ll_npz_write (existing, broken, &error));
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT);
  g_clear_error (&error);
  g_ptr_array_set_size (broken, 0);
  g_ptr_array_add (broken, ll_npy_array_new_doubles ("w", tricky, 0, NULL));
  g_ptr_array_add (broken, ll_npy_array_new_doubles ("w", tricky, 0, NULL));
  g_assert_false (ll_npz_write (existing, broken, &error));
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "twice"));
  after = file_bytes (existing);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_dir_entries (dir), ==, 2);
}

static void
test_write_read_only_folder (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GPtrArray) arrays = sample_arrays ();
  g_autoptr(GPtrArray) small = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  double one = 1.0;

  if (geteuid () == 0)
    {
      g_test_skip ("running as root, which writes into read-only folders: skipped");
      return;
    }
  dir = ll_test_make_tmpdir ();
  path = g_build_filename (dir, "model.npz", NULL);
  g_assert_true (ll_npz_write (path, arrays, &error));
  before = file_bytes (path);
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  g_ptr_array_add (small, ll_npy_array_new_doubles ("b", &one, 0, NULL));
  g_assert_false (ll_npz_write (path, small, &error));
  g_assert_error (error, LL_NPZ_ERROR, LL_NPZ_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "model.npz"));
  g_chmod (dir, 0755);
  after = file_bytes (path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (count_dir_entries (dir), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/npz/round-trip", test_round_trip);
  g_test_add_func ("/npz/bare-npy", test_bare_npy);
  g_test_add_func ("/npz/dtypes-and-layouts", test_dtypes_and_layouts);
  g_test_add_func ("/npz/numpy/reads-ours", test_numpy_reads_ours);
  g_test_add_func ("/npz/numpy/writes", test_numpy_writes);
  g_test_add_func ("/npz/hostile/headers", test_hostile_headers);
  g_test_add_func ("/npz/hostile/containers", test_hostile_containers);
  g_test_add_func ("/npz/hostile/paths", test_hostile_paths);
  g_test_add_func ("/npz/write/replaces-whole", test_write_replaces_whole);
  g_test_add_func ("/npz/write/failures-leave-no-trace", test_write_failures_leave_no_trace);
  g_test_add_func ("/npz/write/read-only-folder", test_write_read_only_folder);

  return g_test_run ();
}
