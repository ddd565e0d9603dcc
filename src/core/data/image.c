/* SPDX-License-Identifier: GPL-3.0-or-later */
/* image.c: untrusted bytes to pixels with caps checked before decoding,
 * and the area-averaging resize that brings any image to the model's shape. */
#include "config.h"

#include "image.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <inttypes.h>
#include <glib/gi18n-lib.h>

#include "stb-image.h"

G_DEFINE_QUARK (ll-image-error-quark, ll_image_error)

LlImage *
ll_image_new (guint width,
              guint height,
              guint channels)
{
  LlImage *image;

  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (channels == 1 || channels == 3, NULL);

  image = g_new0 (LlImage, 1);
  image->width = width;
  image->height = height;
  image->channels = channels;
  /* g_malloc0_n checks the product for overflow (width * height alone cannot
   * overflow a gsize on 64 bits, the channel factor is checked there). */
  image->pixels = g_malloc0_n ((gsize) width * height, channels);
  return image;
}

void
ll_image_free (LlImage *image)
{
  if (image == NULL)
    return;
  g_free (image->pixels);
  g_free (image);
}

static gsize
image_bytes (const LlImage *image)
{
  return (gsize) image->width * image->height * image->channels;
}

static gboolean
fail (LlImageFailure     *failure,
      LlImageFailureKind  kind,
      guint64             a,
      guint64             b,
      const char         *reason)
{
  failure->kind = kind;
  failure->errno_value = 0;
  failure->a = a;
  failure->b = b;
  g_strlcpy (failure->reason, reason != NULL ? reason : "", sizeof failure->reason);
  return FALSE;
}

static gboolean
fail_errno (LlImageFailure *failure,
            int             saved_errno)
{
  fail (failure, LL_IMAGE_FAILURE_SYSTEM, 0, 0, NULL);
  failure->errno_value = saved_errno;
  return FALSE;
}

gboolean
ll_image_read_raw (const char      *path,
                   gsize            max_bytes,
                   guint8         **data,
                   gsize           *size,
                   LlImageFailure  *failure)
{
  guint8 *buffer;
  gsize capacity, length = 0;
  struct stat st;
  int fd, saved_errno;

  /* O_NONBLOCK so that opening a FIFO does not wait for a writer; we refuse
   * anything but a regular file right after, and regular files ignore it. */
  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0)
    return fail_errno (failure, errno);
  if (fstat (fd, &st) != 0)
    {
      saved_errno = errno;
      close (fd);
      return fail_errno (failure, saved_errno);
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      return fail (failure, S_ISDIR (st.st_mode) ? LL_IMAGE_FAILURE_FOLDER
                                                 : LL_IMAGE_FAILURE_NOT_REGULAR, 0, 0, NULL);
    }
  if (st.st_size < 0 || (guint64) st.st_size > max_bytes)
    {
      close (fd);
      return fail (failure, LL_IMAGE_FAILURE_FILE_TOO_BIG, (guint64) st.st_size, max_bytes, NULL);
    }

  /* The size may change while we read: read to the end, never past the cap. */
  capacity = (gsize) st.st_size + 1;
  buffer = g_try_malloc (capacity);
  if (buffer == NULL)
    {
      close (fd);
      return fail_errno (failure, ENOMEM);
    }
  for (;;)
    {
      ssize_t n;

      if (length == capacity)
        {
          guint8 *larger;

          if (capacity > max_bytes)
            {
              close (fd);
              g_free (buffer);
              return fail (failure, LL_IMAGE_FAILURE_FILE_GREW, 0, max_bytes, NULL);
            }
          capacity = MIN (capacity * 2, max_bytes + 1);
          larger = g_try_realloc (buffer, capacity);
          if (larger == NULL)
            {
              close (fd);
              g_free (buffer);
              return fail_errno (failure, ENOMEM);
            }
          buffer = larger;
        }

      n = read (fd, buffer + length, capacity - length);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved_errno = errno;
          close (fd);
          g_free (buffer);
          return fail_errno (failure, saved_errno);
        }
      if (n == 0)
        break;
      length += (gsize) n;
    }
  close (fd);

  *data = buffer;
  *size = length;
  return TRUE;
}

static guint32
read_be (const guint8 *p, guint n_bytes)
{
  guint32 value = 0;

  for (guint i = 0; i < n_bytes; i++)
    value = value << 8 | p[i];
  return value;
}

/* The size a PNG or JPEG header claims, read by hand. Only used to explain
 * a refusal: stbi_info itself refuses claims over 2^30 bytes without saying
 * why, and we want "liar.png: the image claims 100000×100000 pixels". */
static gboolean
claimed_size (const guint8 *data,
              gsize         size,
              guint        *width,
              guint        *height)
{
  static const guint8 png_signature[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (size >= 24 && memcmp (data, png_signature, 8) == 0 && memcmp (data + 12, "IHDR", 4) == 0)
    {
      *width = read_be (data + 16, 4);
      *height = read_be (data + 20, 4);
      return TRUE;
    }
  if (size >= 4 && data[0] == 0xff && data[1] == 0xd8)
    {
      gsize at = 2;

      /* Walk the marker segments to the first start-of-frame. */
      while (at + 4 <= size && data[at] == 0xff)
        {
          guint8 marker = data[at + 1];
          gsize length = read_be (data + at + 2, 2);

          if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc)
            {
              if (at + 9 > size)
                return FALSE;
              *height = read_be (data + at + 5, 2);
              *width = read_be (data + at + 7, 2);
              return TRUE;
            }
          at += 2 + length;
        }
    }
  return FALSE;
}

/* A start-of-scan header (after its length): every Huffman table the scan
 * decodes with must have been defined. A DC first scan (Ss = 0, Ah = 0)
 * uses the DC tables, any scan with Se > 0 the AC tables; a DC refinement
 * uses none. A header too short to say is left to stb, which refuses it. */
static gboolean
jpeg_scan_tables_defined (const guint8   *header,
                          gsize           size,
                          const gboolean  defined[2][4])
{
  guint components;
  guint8 spectral_start, spectral_end, approximation;

  if (size < 1 || size < 1 + 2 * (gsize) header[0] + 3)
    return TRUE;
  components = header[0];
  spectral_start = header[1 + 2 * components];
  spectral_end = header[2 + 2 * components];
  approximation = header[3 + 2 * components];
  for (guint i = 0; i < components; i++)
    {
      guint8 selectors = header[2 + 2 * i];

      if (spectral_start == 0 && (approximation >> 4) == 0 && !defined[0][(selectors >> 4) & 3])
        return FALSE;
      if (spectral_end > 0 && !defined[1][selectors & 3])
        return FALSE;
    }
  return TRUE;
}

/* Debian's stb_image does not check that a JPEG Huffman table holds at most
 * 256 codes, and stbi__build_huffman then writes past its arrays, even from
 * stbi_info; nor that a scan's tables were ever defined, and then decodes
 * with uninitialised tables (both found by fuzzing). So we walk the marker
 * segments ourselves, also past entropy-coded data (progressive files define
 * tables between scans), and refuse such files before stb sees them. */
static gboolean
jpeg_huffman_tables_sane (const guint8 *data,
                          gsize         size)
{
  gboolean defined[2][4] = { { FALSE } };  /* [DC = 0, AC = 1][table id] */
  gsize at = 0;

  while (at + 1 < size)
    {
      guint8 marker;
      gsize length, end;

      if (data[at] != 0xff)
        {
          at++;  /* entropy-coded data: look for the next marker */
          continue;
        }
      marker = data[at + 1];
      if (marker == 0xff)
        {
          at++;  /* fill byte */
          continue;
        }
      if (marker == 0x00 || (marker >= 0xd0 && marker <= 0xd8) || marker == 0x01)
        {
          at += 2;  /* stuffed zero, restart marker, SOI, TEM: no length */
          continue;
        }
      if (marker == 0xd9)
        return TRUE;  /* EOI */
      if (at + 4 > size)
        return TRUE;  /* truncated: stb reports it */
      length = read_be (data + at + 2, 2);
      end = MIN (at + 2 + length, size);
      if (marker == 0xc4)
        {
          gsize table = at + 4;

          /* As stb reads it: a table starts wherever the segment has bytes
           * left, and its counts are read even past the segment's end
           * (stb's reads past the end of the file give zeros). */
          while (table < end)
            {
              guint n = 0;

              if ((data[table] >> 4) > 1 || (data[table] & 15) > 3)
                return FALSE;
              defined[data[table] >> 4][data[table] & 15] = TRUE;
              for (gsize i = table + 1; i <= table + 16 && i < size; i++)
                n += data[i];
              if (n > 256)
                return FALSE;
              table += 17 + n;
            }
        }
      else if (marker == 0xda && !jpeg_scan_tables_defined (data + at + 4, end - MIN (end, at + 4),
                                                            defined))
        return FALSE;
      at += 2 + length;
    }
  return TRUE;
}

/* Debian's stb_image grows its buffer for a PNG's image data to the length
 * an IDAT chunk declares before reading the chunk: 101 bytes declaring a
 * 300 MB chunk had it ask for 2 GiB (found by fuzzing). So every chunk up to
 * IEND must lie within the file, as in any PNG that is not truncated. */
static gboolean
png_chunks_fit (const guint8 *data,
                gsize         size)
{
  gsize at = 8;  /* after the signature */

  while (at + 8 <= size)
    {
      guint32 length = read_be (data + at, 4);

      if (memcmp (data + at + 4, "IEND", 4) == 0)
        return TRUE;
      if (length > size - at - 8)
        return FALSE;
      at += 8 + (gsize) length + 4;  /* length, type, data, CRC */
    }
  return TRUE;  /* cut inside a chunk header: stb reports it */
}

static gboolean
over_caps (guint width, guint height)
{
  return width > LL_IMAGE_MAX_SIDE || height > LL_IMAGE_MAX_SIDE
         || (guint64) width * height > LL_IMAGE_MAX_PIXELS;
}

gboolean
ll_image_probe_raw (const guint8   *data,
                    gsize           size,
                    guint          *width,
                    guint          *height,
                    guint          *channels,
                    LlImageFailure *failure)
{
  const char *reason = NULL;
  guint w, h, n;

  if (size == 0)
    return fail (failure, LL_IMAGE_FAILURE_EMPTY, 0, 0, NULL);
  if (size > LL_IMAGE_MAX_FILE_BYTES)
    return fail (failure, LL_IMAGE_FAILURE_FILE_TOO_BIG, size, LL_IMAGE_MAX_FILE_BYTES, NULL);
  /* stb takes a JPEG after any number of 0xff fill bytes, so test every
   * file that starts with one (PNG and BMP never do). */
  if (size >= 2 && data[0] == 0xff && !jpeg_huffman_tables_sane (data, size))
    return fail (failure, LL_IMAGE_FAILURE_CORRUPT, 0, 0, "bad or missing Huffman table");
  if (!ll_stbi_info (data, size, &w, &h, &n, &reason))
    {
      if (claimed_size (data, size, &w, &h) && over_caps (w, h))
        return fail (failure, LL_IMAGE_FAILURE_TOO_MANY_PIXELS, w, h, NULL);
      /* stb only says "unknown image type" of a PNG or JPEG of 0×0. */
      if (claimed_size (data, size, &w, &h) && (w == 0 || h == 0))
        return fail (failure, LL_IMAGE_FAILURE_NO_PIXELS, w, h, NULL);
      return fail (failure, LL_IMAGE_FAILURE_NOT_IMAGE, 0, 0, reason);
    }
  if (over_caps (w, h))
    return fail (failure, LL_IMAGE_FAILURE_TOO_MANY_PIXELS, w, h, NULL);
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0 && !png_chunks_fit (data, size))
    return fail (failure, LL_IMAGE_FAILURE_CORRUPT, 0, 0, "a chunk runs past the end of the file");

  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
  if (channels != NULL)
    *channels = n >= 3 ? 3 : 1;  /* alpha is dropped: grey+alpha is grey, RGBA is RGB */
  return TRUE;
}

/* stb decodes a JPEG only if its header parses again; if not (a file cut
 * inside its tables), it goes on to try PNG and BMP and reports their
 * "bad png sig", which would puzzle anyone holding a .jpg. */
static const char *
jpeg_decode_reason (const guint8 *data,
                    gsize         size,
                    const char   *reason)
{
  static const char * const other_formats[] = { "bad png sig", "not BMP", "unknown image type" };

  if (size < 2 || data[0] != 0xff || data[1] != 0xd8 || reason == NULL)
    return reason;
  for (guint i = 0; i < G_N_ELEMENTS (other_formats); i++)
    if (strcmp (reason, other_formats[i]) == 0)
      return "the JPEG header is cut short or damaged";
  return reason;
}

LlImage *
ll_image_decode_raw (const guint8   *data,
                     gsize           size,
                     guint           channels,
                     LlImageFailure *failure)
{
  const char *reason = NULL;
  guint info_width, info_height, width, height;
  guint8 *pixels;
  LlImage *image;

  /* The header first: a lying header must not make stb allocate. */
  if (!ll_image_probe_raw (data, size, &info_width, &info_height, NULL, failure))
    return NULL;

  pixels = ll_stbi_decode (data, size, channels, &width, &height, &reason);
  if (pixels == NULL)
    {
      fail (failure, LL_IMAGE_FAILURE_CORRUPT, 0, 0, jpeg_decode_reason (data, size, reason));
      return NULL;
    }
  if (width != info_width || height != info_height)
    {
      g_free (pixels);
      fail (failure, LL_IMAGE_FAILURE_SIZE_CHANGED, 0, 0, NULL);
      return NULL;
    }

  image = g_new0 (LlImage, 1);
  image->width = width;
  image->height = height;
  image->channels = channels;
  image->pixels = pixels;
  return image;
}

void
ll_image_failure_to_error (const LlImageFailure *failure,
                           const char           *name,
                           GError              **error)
{
  switch (failure->kind)
    {
    case LL_IMAGE_FAILURE_SYSTEM:
      g_set_error (error, LL_IMAGE_ERROR,
                   failure->errno_value == ENOENT || failure->errno_value == ENOTDIR
                   ? LL_IMAGE_ERROR_NOT_FOUND : LL_IMAGE_ERROR_UNREADABLE,
                   "%s: %s", name, g_strerror (failure->errno_value));
      break;
    case LL_IMAGE_FAILURE_FOLDER:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_UNREADABLE,
                   _("%s: is a folder, not a file"), name);
      break;
    case LL_IMAGE_FAILURE_NOT_REGULAR:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_UNREADABLE,
                   _("%s: is not a regular file"), name);
      break;
    case LL_IMAGE_FAILURE_FILE_TOO_BIG:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                   _("%s: the file is %" PRIu64 " bytes, over the limit of %" PRIu64 " bytes"), name, failure->a, failure->b);
      break;
    case LL_IMAGE_FAILURE_FILE_GREW:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                   _("%s: the file grew over the limit of %" PRIu64 " bytes"),
                   name, failure->b);
      break;
    case LL_IMAGE_FAILURE_EMPTY:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE, _("%s: the file is empty"), name);
      break;
    case LL_IMAGE_FAILURE_NOT_IMAGE:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE,
                   _("%s: not a PNG, JPEG or BMP image we can read (%s)"), name, failure->reason);
      break;
    case LL_IMAGE_FAILURE_TOO_MANY_PIXELS:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_TOO_LARGE,
                   _("%s: the image claims %" PRIu64 "×%" PRIu64 " pixels, over the limit of %u pixels a side and %u pixels in all"),
                   name, failure->a, failure->b, LL_IMAGE_MAX_SIDE, LL_IMAGE_MAX_PIXELS);
      break;
    case LL_IMAGE_FAILURE_CORRUPT:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE,
                   _("%s: the image is corrupt or truncated (%s)"), name, failure->reason);
      break;
    case LL_IMAGE_FAILURE_SIZE_CHANGED:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE,
                   _("%s: the image data does not match the size in its header"), name);
      break;
    case LL_IMAGE_FAILURE_NO_PIXELS:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE,
                   _("%s: the image has no pixels (its header says %" PRIu64 "×%" PRIu64 ")"),
                   name, failure->a, failure->b);
      break;
    case LL_IMAGE_FAILURE_NONE:
    default:
      g_set_error (error, LL_IMAGE_ERROR, LL_IMAGE_ERROR_DECODE, _("%s: cannot read the image"), name);
      break;
    }
}

/* ll_image_read_raw with the failure as a GError naming NAME. */
static GBytes *
read_file_capped_named (const char *path,
                        const char *name,
                        gsize       max_bytes,
                        GError    **error)
{
  LlImageFailure failure;
  guint8 *data;
  gsize size;

  if (!ll_image_read_raw (path, max_bytes, &data, &size, &failure))
    {
      ll_image_failure_to_error (&failure, name, error);
      return NULL;
    }
  return g_bytes_new_take (data, size);
}

GBytes *
ll_read_file_capped (const char *path,
                     gsize       max_bytes,
                     GError    **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  name = g_filename_display_basename (path);
  return read_file_capped_named (path, name, max_bytes, error);
}

gboolean
ll_image_probe (const guint8 *data,
                gsize         size,
                const char   *name,
                guint        *width,
                guint        *height,
                guint        *channels,
                GError      **error)
{
  LlImageFailure failure;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!ll_image_probe_raw (data, size, width, height, channels, &failure))
    {
      ll_image_failure_to_error (&failure, name, error);
      return FALSE;
    }
  return TRUE;
}

LlImage *
ll_image_decode (const guint8 *data,
                 gsize         size,
                 guint         channels,
                 const char   *name,
                 GError      **error)
{
  LlImageFailure failure;
  LlImage *image;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (channels == 1 || channels == 3, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  image = ll_image_decode_raw (data, size, channels, &failure);
  if (image == NULL)
    ll_image_failure_to_error (&failure, name, error);
  return image;
}

LlImage *
ll_image_load_file_as (const char *path,
                       const char *name,
                       guint       channels,
                       GError    **error)
{
  g_autoptr (GBytes) bytes = NULL;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (path != NULL && name != NULL, NULL);

  bytes = read_file_capped_named (path, name, LL_IMAGE_MAX_FILE_BYTES, error);
  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &size);
  return ll_image_decode (data, size, channels, name, error);
}

LlImage *
ll_image_load_file (const char *path,
                    guint       channels,
                    GError    **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  name = g_filename_display_basename (path);
  return ll_image_load_file_as (path, name, channels, error);
}

/* Area averaging along one axis. Destination pixel i covers the source
 * interval [i * src / dst, (i + 1) * src / dst); each source pixel j it
 * touches weighs by the length of [j, j + 1) inside that interval, divided
 * by the interval's length. Everything is scaled by dst so the overlaps are
 * exact integers: source pixel j is [j * dst, (j + 1) * dst), destination
 * pixel i is [i * src, (i + 1) * src). Works the same for up- and downscaling. */
typedef struct {
  guint first;     /* first source index touched */
  guint count;     /* how many source pixels it touches */
  double *weights; /* count weights, summing to 1 */
} Footprint;

static Footprint *
footprints_new (guint src, guint dst)
{
  Footprint *footprints = g_new0 (Footprint, dst);

  for (guint i = 0; i < dst; i++)
    {
      guint64 start = (guint64) i * src, end = (guint64) (i + 1) * src;
      guint first = (guint) (start / dst);
      guint last = (guint) ((end - 1) / dst);  /* inclusive */

      footprints[i].first = first;
      footprints[i].count = last - first + 1;
      footprints[i].weights = g_new (double, footprints[i].count);
      for (guint j = first; j <= last; j++)
        {
          guint64 lo = MAX (start, (guint64) j * dst);
          guint64 hi = MIN (end, (guint64) (j + 1) * dst);

          footprints[i].weights[j - first] = (double) (hi - lo) / (double) src;
        }
    }
  return footprints;
}

static void
footprints_free (Footprint *footprints, guint dst)
{
  for (guint i = 0; i < dst; i++)
    g_free (footprints[i].weights);
  g_free (footprints);
}

static guint8
to_byte (double value)
{
  return (guint8) CLAMP (floor (value + 0.5), 0.0, 255.0);
}

/* Rec. 601 luma, in integers, rounded. */
static inline guint8
luma (const guint8 *rgb)
{
  return (guint8) ((299u * rgb[0] + 587u * rgb[1] + 114u * rgb[2] + 500u) / 1000u);
}

/* ROW (width * CHANNELS doubles) resized across into OUT, rounded. Inlined
 * with CHANNELS a constant, so the inner loop unrolls. */
static inline G_ALWAYS_INLINE void
resize_row_across (const double    *row,
                   const Footprint *across,
                   guint            width,
                   guint            channels,
                   guint8          *out)
{
  for (guint x = 0; x < width; x++)
    {
      const Footprint *f = &across[x];
      const double *src = row + (gsize) f->first * channels;

      for (guint c = 0; c < channels; c++)
        {
          double sum = 0.0;

          for (guint k = 0; k < f->count; k++)
            sum += f->weights[k] * src[(gsize) k * channels + c];
          out[(gsize) x * channels + c] = to_byte (sum);
        }
    }
}

/* SUMS[i] += WEIGHT * ROW[i]: most of a photo's resize. GCC leaves the
 * plain loop scalar at -O2 (the byte-to-double conversion), so SSE2 (every
 * x86-64) does 16 bytes at a time: exact conversions, then the same
 * multiply and add per element as the scalar loop, so the same results. */
static void
add_weighted_row (double       *restrict sums,
                  const guint8 *restrict row,
                  gsize                  length,
                  double                 weight)
{
  gsize i = 0;

#ifdef __SSE2__
  const __m128d w = _mm_set1_pd (weight);
  const __m128i zero = _mm_setzero_si128 ();

  for (; i + 16 <= length; i += 16)
    {
      __m128i bytes = _mm_loadu_si128 ((const __m128i *) (row + i));
      __m128i halves[2] = { _mm_unpacklo_epi8 (bytes, zero), _mm_unpackhi_epi8 (bytes, zero) };

      for (guint h = 0; h < 2; h++)
        {
          __m128i quads[2] = { _mm_unpacklo_epi16 (halves[h], zero), _mm_unpackhi_epi16 (halves[h], zero) };

          for (guint q = 0; q < 2; q++)
            {
              double *at = sums + i + h * 8 + q * 4;
              __m128d low = _mm_cvtepi32_pd (quads[q]);
              __m128d high = _mm_cvtepi32_pd (_mm_shuffle_epi32 (quads[q], _MM_SHUFFLE (1, 0, 3, 2)));

              _mm_storeu_pd (at, _mm_add_pd (_mm_loadu_pd (at), _mm_mul_pd (w, low)));
              _mm_storeu_pd (at + 2, _mm_add_pd (_mm_loadu_pd (at + 2), _mm_mul_pd (w, high)));
            }
        }
    }
#endif
  for (; i < length; i++)
    sums[i] += weight * row[i];
}

static void
grey_from_rgb (guint8       *restrict grey,
               const guint8 *restrict rgb,
               guint                  n_pixels)
{
  for (guint x = 0; x < n_pixels; x++)
    grey[x] = luma (rgb + (gsize) x * 3);
}

/* The resize of ll_image_resize, from IMAGE's pixels taken as grey (by
 * luma) when TO_GREY. Down the columns first, one destination row at a time:
 * its footprint's source rows summed into one row of doubles (a plain loop
 * over contiguous bytes, which the compiler vectorises), then that row
 * resized across. Across first would resize every source row across, a
 * gather per destination pixel: for a 12-megapixel photo that was 80 % of
 * the time. Memory: one source row of doubles. */
static LlImage *
resize_area (const LlImage *image,
             guint          width,
             guint          height,
             gboolean       to_grey)
{
  guint channels = to_grey ? 1 : image->channels;
  guint src_width = image->width;
  gsize src_length = (gsize) src_width * channels;
  Footprint *across = footprints_new (src_width, width);
  Footprint *down = footprints_new (image->height, height);
  g_autofree double *sums = g_new (double, src_length);
  g_autofree guint8 *grey_row = to_grey ? g_new (guint8, src_width) : NULL;
  LlImage *result = ll_image_new (width, height, channels);

  for (guint y = 0; y < height; y++)
    {
      const Footprint *f = &down[y];
      guint8 *out = result->pixels + (gsize) y * width * channels;

      for (gsize i = 0; i < src_length; i++)
        sums[i] = 0.0;
      for (guint k = 0; k < f->count; k++)
        {
          const guint8 *src_row = image->pixels + (gsize) (f->first + k) * src_width * image->channels;
          double weight = f->weights[k];

          if (to_grey)
            {
              grey_from_rgb (grey_row, src_row, src_width);
              src_row = grey_row;
            }
          add_weighted_row (sums, src_row, src_length, weight);
        }
      if (channels == 1)
        resize_row_across (sums, across, width, 1, out);
      else if (channels == 3)
        resize_row_across (sums, across, width, 3, out);
      else
        resize_row_across (sums, across, width, channels, out);
    }

  footprints_free (across, width);
  footprints_free (down, height);
  return result;
}

LlImage *
ll_image_resize (const LlImage *image,
                 guint          width,
                 guint          height)
{
  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (width > 0 && height > 0, NULL);
  g_return_val_if_fail (width <= LL_IMAGE_MAX_SIDE && height <= LL_IMAGE_MAX_SIDE, NULL);

  if (width == image->width && height == image->height)
    {
      LlImage *result = ll_image_new (width, height, image->channels);

      memcpy (result->pixels, image->pixels, image_bytes (image));
      return result;
    }
  return resize_area (image, width, height, FALSE);
}

LlImage *
ll_image_convert (const LlImage *image,
                  guint          channels)
{
  gsize n_pixels;
  LlImage *result;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (channels == 1 || channels == 3, NULL);

  result = ll_image_new (image->width, image->height, channels);
  n_pixels = (gsize) image->width * image->height;

  if (image->channels == channels)
    memcpy (result->pixels, image->pixels, image_bytes (image));
  else if (channels == 1)
    {
      for (gsize i = 0; i < n_pixels; i++)
        result->pixels[i] = luma (image->pixels + i * 3);
    }
  else
    {
      for (gsize i = 0; i < n_pixels; i++)
        memset (result->pixels + i * 3, image->pixels[i], 3);
    }
  return result;
}

LlImage *
ll_image_fit (const LlImage *image,
              guint          width,
              guint          height,
              guint          channels)
{
  g_return_val_if_fail (image != NULL, NULL);

  /* Resize the smaller of the two pictures: grey before (taken row by row
   * as the resize reads it, the same as converting the whole image first),
   * RGB after. */
  if (channels < image->channels)
    {
      g_return_val_if_fail (width > 0 && height > 0, NULL);
      g_return_val_if_fail (width <= LL_IMAGE_MAX_SIDE && height <= LL_IMAGE_MAX_SIDE, NULL);
      return resize_area (image, width, height, TRUE);
    }
  else
    {
      g_autoptr (LlImage) resized = ll_image_resize (image, width, height);
      return ll_image_convert (resized, channels);
    }
}
