/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-idx.c: MNIST-family IDX files, plain or gzip, and the built-in set.
 *
 * An IDX file is a big-endian header (0, 0, type 0x08 = unsigned byte, rank,
 * then rank uint32 dimensions) followed by the bytes. Images have rank 3
 * (count, rows, columns), labels rank 1 (count). The header is checked against
 * caps before anything is allocated. A gzip file is inflated whole by
 * libdeflate (twice zlib's speed here: 77 against 158 ms for Fashion-MNIST's
 * 47 MB of training images), and only when it is one clean gzip member
 * holding exactly what its header says; anything else is read again through
 * zlib, which says precisely what is wrong. The labels are read first, so a
 * caller that wants one class pair (ll_dataset_load_idx_for_task) keeps only
 * its images, and the test set inflates on a second thread. */
#include "config.h"

#include "big-buffer.h"
#include "builtin-data.h"
#include "dataset.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libdeflate.h>
#include <zlib.h>
#include <glib/gi18n-lib.h>

#define IDX_MAGIC_LABELS 0x00000801u
#define IDX_MAGIC_IMAGES 0x00000803u
/* EMNIST "byclass" has the most classes of the family: 62. */
#define IDX_MAX_CLASSES 64u

static const char * const fashion_class_names[] = {
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
  "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot", NULL
};

/* Where IDX bytes come from: a file (zlib's gz* functions read plain and
 * gzip files alike) or memory (gzip inflated with zlib, or plain). */
typedef struct {
  char *name;            /* the file's path, or the resource name, for messages */
  gzFile file;
  int fd;                /* the file's descriptor, owned by FILE; -1 for memory */
  gsize file_size;
  const guint8 *memory;  /* plain bytes in memory */
  gsize memory_size;
  gsize memory_pos;
  z_stream stream;       /* gzip bytes in memory */
  gboolean inflating;
  gboolean stream_ended;
} IdxSource;

static void
idx_source_free (IdxSource *source)
{
  if (source == NULL)
    return;
  if (source->file != NULL)
    gzclose (source->file);
  if (source->inflating)
    inflateEnd (&source->stream);
  g_free (source->name);
  g_free (source);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (IdxSource, idx_source_free)

/* The four parts of a set: train images, train labels, test images, test labels. */
typedef struct {
  IdxSource *part[4];
} IdxParts;

static void
idx_parts_clear (IdxParts *parts)
{
  for (guint p = 0; p < 4; p++)
    g_clear_pointer (&parts->part[p], idx_source_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (IdxParts, idx_parts_clear)

static IdxSource *
idx_source_open_file (const char *path,
                      GError    **error)
{
  g_autoptr (IdxSource) source = g_new0 (IdxSource, 1);
  struct stat st;
  int saved_errno;
  /* O_NONBLOCK: opening a FIFO must not hang; the fstat check refuses it. */
  int fd = g_open (path, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);

  source->name = g_strdup (path);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, LL_DATASET_ERROR,
                   saved_errno == ENOENT ? LL_DATASET_ERROR_NOT_FOUND : LL_DATASET_ERROR_UNREADABLE,
                   "%s: %s", path, g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   _("%s: not a regular file"), path);
      close (fd);
      return NULL;
    }
  source->fd = fd;
  source->file_size = st.st_size;
  source->file = gzdopen (fd, "rb");
  if (source->file == NULL)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                   _("%s: cannot open for reading"), path);
      close (fd);
      return NULL;
    }
  gzbuffer (source->file, 256 * 1024);
  return g_steal_pointer (&source);
}

/* DATA must outlive the source (static resource data does). */
static IdxSource *
idx_source_open_memory (const char   *name,
                        const guint8 *data,
                        gsize         size,
                        GError      **error)
{
  g_autoptr (IdxSource) source = g_new0 (IdxSource, 1);

  source->name = g_strdup (name);
  source->fd = -1;
  if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
    {
      if (size > G_MAXUINT || inflateInit2 (&source->stream, 15 + 16) != Z_OK)
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                       _("%s: cannot start decompressing"), name);
          return NULL;
        }
      source->inflating = TRUE;
      source->stream.next_in = (Bytef *) data;
      source->stream.avail_in = size;
    }
  else
    {
      source->memory = data;
      source->memory_size = size;
    }
  return g_steal_pointer (&source);
}

/* Reads up to N bytes; returns how many, or -1 with ERROR set. */
static gssize
idx_source_read (IdxSource *source,
                 guint8    *buffer,
                 gsize      n,
                 GError   **error)
{
  gsize done = 0;

  if (source->file != NULL)
    while (done < n)
      {
        unsigned chunk = MIN (n - done, 1u << 30);
        int got = gzread (source->file, buffer + done, chunk);

        if (got < 0)
          {
            int code;
            const char *message = gzerror (source->file, &code);
            /* zlib prefixes the message with "<fd:N>: ", which names nothing. */
            const char *reason = g_str_has_prefix (message, "<fd:") && strstr (message, ": ") != NULL
                                   ? strstr (message, ": ") + 2 : message;

            if (code == Z_ERRNO)
              g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_UNREADABLE,
                           "%s: %s", source->name, g_strerror (errno));
            else
              g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                           _("%s: corrupt gzip data (%s)"), source->name, reason);
            return -1;
          }
        if (got == 0)
          break;
        done += got;
      }
  else if (source->inflating)
    {
      while (done < n && !source->stream_ended)
        {
          unsigned chunk = MIN (n - done, 1u << 30);
          int status;

          source->stream.next_out = buffer + done;
          source->stream.avail_out = chunk;
          status = inflate (&source->stream, Z_NO_FLUSH);
          done += chunk - source->stream.avail_out;
          if (status == Z_STREAM_END)
            source->stream_ended = TRUE;
          else if (status == Z_BUF_ERROR && source->stream.avail_in == 0)
            break;  /* the input ran out: truncated */
          else if (status != Z_OK)
            {
              g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                           _("%s: corrupt gzip data (%s)"), source->name,
                           source->stream.msg != NULL ? source->stream.msg : "inflate failed");
              return -1;
            }
        }
    }
  else
    {
      done = MIN (n, source->memory_size - source->memory_pos);
      memcpy (buffer, source->memory + source->memory_pos, done);
      source->memory_pos += done;
    }
  return done;
}

static gboolean
idx_source_read_exact (IdxSource  *source,
                       guint8     *buffer,
                       gsize       n,
                       const char *what,
                       GError    **error)
{
  gssize got = idx_source_read (source, buffer, n, error);

  if (got < 0)
    return FALSE;
  if ((gsize) got < n)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: truncated: the %s end after %zd of %zu bytes"),
                   source->name, what, got, n);
      return FALSE;
    }
  return TRUE;
}

static guint32
read_be32 (const guint8 *bytes)
{
  return (guint32) bytes[0] << 24 | (guint32) bytes[1] << 16 | (guint32) bytes[2] << 8 | bytes[3];
}

/* Reads and checks the header of one IDX file: images (rank 3) when
 * WANT_IMAGES, else labels (rank 1). dims[0] = count, dims[1] = rows,
 * dims[2] = columns (1 for labels); *N_BYTES the payload that follows. */
static gboolean
read_idx_header (IdxSource *source,
                 gboolean   want_images,
                 guint32    dims[3],
                 gsize     *n_bytes_out,
                 GError   **error)
{
  guint32 expected_magic = want_images ? IDX_MAGIC_IMAGES : IDX_MAGIC_LABELS;
  guint rank = want_images ? 3 : 1;
  guint8 header[16];
  gsize n_bytes;

  if (!idx_source_read_exact (source, header, 4 + 4 * rank, _("header"), error))
    return FALSE;
  if (read_be32 (header) != expected_magic)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: magic number 0x%08x, expected 0x%08x (IDX %s)"), source->name,
                   read_be32 (header), expected_magic, want_images ? _("images") : _("labels"));
      return FALSE;
    }
  dims[1] = dims[2] = 1;
  for (guint d = 0; d < rank; d++)
    dims[d] = read_be32 (header + 4 + 4 * d);
  if (dims[0] == 0 || dims[0] > LL_DATASET_MAX_IMAGES)
    {
      g_set_error (error, LL_DATASET_ERROR,
                   dims[0] == 0 ? LL_DATASET_ERROR_FORMAT : LL_DATASET_ERROR_TOO_LARGE,
                   _("%s: header says %u items, expected 1 to %u"), source->name,
                   dims[0], LL_DATASET_MAX_IMAGES);
      return FALSE;
    }
  if (dims[1] == 0 || dims[2] == 0 || dims[1] > LL_DATASET_MAX_SIDE || dims[2] > LL_DATASET_MAX_SIDE)
    {
      g_set_error (error, LL_DATASET_ERROR,
                   dims[1] == 0 || dims[2] == 0 ? LL_DATASET_ERROR_FORMAT : LL_DATASET_ERROR_TOO_LARGE,
                   _("%s: header says images of %u×%u, expected sides of 1 to %u"),
                   source->name, dims[2], dims[1], LL_DATASET_MAX_SIDE);
      return FALSE;
    }
  if (!g_size_checked_mul (&n_bytes, dims[0], (gsize) dims[1] * dims[2])
      || n_bytes > LL_DATASET_MAX_PIXEL_BYTES)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE,
                   _("%s: header says more than %u MiB of data"), source->name,
                   LL_DATASET_MAX_PIXEL_BYTES >> 20);
      return FALSE;
    }
  *n_bytes_out = n_bytes;
  return TRUE;
}

/* Reads one IDX file through SOURCE (see read_idx_header): its payload into
 * *DATA, checking that nothing follows. */
static gboolean
read_idx (IdxSource *source,
          gboolean   want_images,
          guint32    dims[3],
          guint8   **data,
          GError   **error)
{
  gsize n_bytes;
  g_autofree guint8 *buffer = NULL;
  guint8 extra;
  gssize got;

  if (!read_idx_header (source, want_images, dims, &n_bytes, error))
    return FALSE;
  buffer = ll_big_buffer_try_alloc (n_bytes);
  if (buffer == NULL)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_TOO_LARGE,
                   _("%s: not enough memory for %zu bytes"), source->name, n_bytes);
      return FALSE;
    }
  if (!idx_source_read_exact (source, buffer, n_bytes, want_images ? _("images") : _("labels"), error))
    return FALSE;
  got = idx_source_read (source, &extra, 1, error);
  if (got < 0)
    return FALSE;
  if (got > 0)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: longer than its header says (%u items)"), source->name, dims[0]);
      return FALSE;
    }
  *data = g_steal_pointer (&buffer);
  return TRUE;
}

/* ---- the fast path: a gzip file inflated whole ---- */

static guint32
read_le32 (const guint8 *bytes)
{
  return (guint32) bytes[3] << 24 | (guint32) bytes[2] << 16 | (guint32) bytes[1] << 8 | bytes[0];
}

/* The whole content of SOURCE's gzip file, inflated by libdeflate, when the
 * file is exactly one gzip member of at most MAX_SIZE bytes inflated; NULL
 * otherwise (memory, a plain file, damage, trailing bytes, more members),
 * and the caller reads through zlib. Read with pread, so zlib's reading
 * still starts at the beginning. */
static guint8 *
idx_source_inflate_whole (IdxSource *source,
                          gsize      max_size,
                          gsize     *size)
{
  g_autofree guint8 *input = NULL;
  g_autofree guint8 *output = NULL;
  struct libdeflate_decompressor *decompressor;
  enum libdeflate_result result;
  size_t in_used = 0, out_used = 0;
  gsize done = 0, n = source->file_size;
  guint8 magic[2];
  guint32 isize;

  /* Deflate stores incompressible data with 5 bytes a 64 KiB block. A plain
   * file is read by zlib as it is (not twice). */
  if (source->fd < 0 || n < 18 || n > max_size + max_size / 1024 + 65536
      || pread (source->fd, magic, 2, 0) != 2 || magic[0] != 0x1f || magic[1] != 0x8b)
    return NULL;
  input = ll_big_buffer_try_alloc (n);
  if (input == NULL)
    return NULL;
  while (done < n)
    {
      gssize got = pread (source->fd, input + done, n - done, done);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)
        return NULL;
      done += got;
    }
  /* The trailer's length is a hint (modulo 2^32, and a file may lie): the
   * inflated size must then match it and the header. */
  isize = read_le32 (input + n - 4);
  if (isize == 0 || isize > max_size)
    return NULL;
  output = ll_big_buffer_try_alloc (isize);
  decompressor = output != NULL ? libdeflate_alloc_decompressor () : NULL;
  if (decompressor == NULL)
    return NULL;
  result = libdeflate_gzip_decompress_ex (decompressor, input, n, output, isize, &in_used, &out_used);
  libdeflate_free_decompressor (decompressor);
  if (result != LIBDEFLATE_SUCCESS || in_used != n || out_used != isize)
    return NULL;
  *size = isize;
  return g_steal_pointer (&output);
}

/* One IDX file's payload: *BUFFER (owned) holds it from *OFFSET. Through the
 * fast path when the file is clean, else through SOURCE from its start. */
static gboolean
read_idx_part (IdxSource *source,
               gboolean   want_images,
               guint32    dims[3],
               guint8   **buffer,
               gsize     *offset,
               GError   **error)
{
  gsize size = 0, n_bytes;
  g_autofree guint8 *whole = idx_source_inflate_whole (source, 16 + (gsize) LL_DATASET_MAX_PIXEL_BYTES,
                                                       &size);

  if (whole != NULL)
    {
      /* The header from memory, with the checks of the slow path. */
      IdxSource view = { .name = source->name, .fd = -1, .memory = whole, .memory_size = size };

      if (read_idx_header (&view, want_images, dims, &n_bytes, NULL)
          && view.memory_pos + n_bytes == size)
        {
          *offset = view.memory_pos;
          *buffer = g_steal_pointer (&whole);
          return TRUE;
        }
    }
  *offset = 0;
  return read_idx (source, want_images, dims, buffer, error);
}

/* Moves the COUNT rows of ROW_BYTES at BUFFER + OFFSET (a big buffer)
 * whose label in LABELS KEEP marks (KEEP NULL: all) to the start of BUFFER,
 * in order, and gives back the pages past them; returns their count. In
 * place: fresh pages for a copy cost more here than the copying. */
static gsize
take_rows (guint8         *buffer,
           gsize           offset,
           gsize           row_bytes,
           gsize           count,
           const guint8   *labels,
           const gboolean *keep)
{
  gsize n = 0;

  for (gsize i = 0; i < count; i++)
    if (keep == NULL || keep[labels[i]])
      {
        if (n != i || offset > 0)
          memmove (buffer + row_bytes * n, buffer + offset + row_bytes * i, row_bytes);
        n++;
      }
  ll_big_buffer_release_tail (buffer, offset + row_bytes * count, row_bytes * n);
  return n;
}

/* The images of one split, read on a thread of their own for the test set. */
typedef struct {
  IdxSource *source;
  guint32 dims[3];
  guint8 *buffer;
  gsize offset;
  GError *error;
} ImagesJob;

static gpointer
images_job_run (gpointer data)
{
  ImagesJob *job = data;

  read_idx_part (job->source, TRUE, job->dims, &job->buffer, &job->offset, &job->error);
  return NULL;
}

static void
images_job_clear (ImagesJob *job)
{
  g_clear_pointer (&job->buffer, g_free);
  g_clear_error (&job->error);
}

/* JOB's images against their labels (LABEL_DIMS, from LABELS_SOURCE). */
static gboolean
check_images (ImagesJob     *job,
              IdxSource     *labels_source,
              const guint32  label_dims[3],
              GError       **error)
{
  if (job->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&job->error));
      return FALSE;
    }
  if (label_dims[0] != job->dims[0])
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: %u labels, but %s holds %u images"), labels_source->name,
                   label_dims[0], job->source->name, job->dims[0]);
      return FALSE;
    }
  return TRUE;
}

/* SPLIT's images from JOB (checked), the rows KEEP marks (NULL: all), and
 * their labels. */
static void
finish_split (ImagesJob      *job,
              gsize           n_features,
              const gboolean *keep,
              LlSplit        *split)
{
  split->pixels = g_steal_pointer (&job->buffer);
  take_rows (split->pixels, job->offset, n_features, split->count, split->labels, keep);
  /* The labels last: the rows above are chosen by them. */
  split->count = take_rows (split->labels, 0, 1, split->count, split->labels, keep);
}

/* Checks the labels of SPLIT against N_CLASSES (0: any up to IDX_MAX_CLASSES)
 * and returns the largest. */
static gboolean
check_labels (const LlSplit *split,
              const char    *name,
              guint          n_classes,
              guint         *max_label,
              GError       **error)
{
  guint limit = n_classes > 0 ? n_classes : IDX_MAX_CLASSES;

  for (gsize i = 0; i < split->count; i++)
    {
      if (split->labels[i] >= limit)
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                       _("%s: label %zu is %u, expected 0 to %u"),
                       name, i, split->labels[i], limit - 1);
          return FALSE;
        }
      *max_label = MAX (*max_label, split->labels[i]);
    }
  return TRUE;
}

/* CLASS_NAMES: known names (their count fixes n_classes), or NULL.
 * FOR_TASK: only the images of the task ll_dataset_into_binary (result,
 * TASK_CLASSES) keeps are wanted (all of them when TASK_CLASSES names no
 * class pair of the set: ll_dataset_into_binary then says why). */
static LlDataset *
load_parts (IdxParts           *parts,
            const char * const *class_names,
            gboolean            for_task,
            const char         *task_classes,
            GError            **error)
{
  g_autoptr (LlDataset) dataset = g_new0 (LlDataset, 1);
  IdxSource **sources = parts->part;
  LlSplit *splits[2] = { &dataset->train, &dataset->test };
  ImagesJob jobs[2] = { { .source = sources[0] }, { .source = sources[2] } };
  guint32 label_dims[2][3];
  gboolean keep[256];
  const gboolean *kept_classes = NULL;
  guint n_known = class_names != NULL ? g_strv_length ((char **) class_names) : 0;
  guint max_label = 0;
  GThread *test_thread;
  gboolean ok;

  /* The labels first: they say which images a task keeps. */
  for (guint s = 0; s < 2; s++)
    {
      guint8 *buffer;
      gsize offset;

      if (!read_idx_part (sources[2 * s + 1], FALSE, label_dims[s], &buffer, &offset, error))
        return NULL;
      splits[s]->count = take_rows (buffer, offset, 1, label_dims[s][0], NULL, NULL);
      splits[s]->labels = buffer;
      for (gsize i = 0; i < splits[s]->count; i++)
        max_label = MAX (max_label, splits[s]->labels[i]);
    }
  if (n_known > 0)
    {
      dataset->n_classes = n_known;
      dataset->class_names = g_strdupv ((char **) class_names);
    }
  else
    {
      /* Labels over IDX_MAX_CLASSES are refused below, once the images are read. */
      dataset->n_classes = MAX (2, max_label + 1);
      dataset->class_names = g_new0 (char *, dataset->n_classes + 1);
      for (guint c = 0; c < dataset->n_classes; c++)
        dataset->class_names[c] = g_strdup_printf ("%u", c);
    }
  if (for_task && ll_dataset_task_classes (dataset, task_classes, keep))
    kept_classes = keep;

  test_thread = g_thread_try_new ("ll-idx-test", images_job_run, &jobs[1], NULL);
  images_job_run (&jobs[0]);
  if (test_thread != NULL)
    g_thread_join (test_thread);
  else
    images_job_run (&jobs[1]);

  ok = check_images (&jobs[0], sources[1], label_dims[0], error)
       && check_images (&jobs[1], sources[3], label_dims[1], error);
  if (ok && (jobs[0].dims[1] != jobs[1].dims[1] || jobs[0].dims[2] != jobs[1].dims[2]))
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_FORMAT,
                   _("%s: images of %u×%u, but %s has %u×%u"), sources[2]->name,
                   jobs[1].dims[2], jobs[1].dims[1], sources[0]->name, jobs[0].dims[2], jobs[0].dims[1]);
      ok = FALSE;
    }
  max_label = 0;
  ok = ok && check_labels (&dataset->train, sources[1]->name, n_known, &max_label, error)
          && check_labels (&dataset->test, sources[3]->name, n_known, &max_label, error);
  if (!ok)
    {
      images_job_clear (&jobs[0]);
      images_job_clear (&jobs[1]);
      return NULL;
    }

  dataset->height = jobs[0].dims[1];
  dataset->width = jobs[0].dims[2];
  dataset->channels = 1;
  dataset->n_features = (gsize) dataset->height * dataset->width;
  finish_split (&jobs[0], dataset->n_features, kept_classes, &dataset->train);
  finish_split (&jobs[1], dataset->n_features, kept_classes, &dataset->test);
  return g_steal_pointer (&dataset);
}

/* The file of one part in FOLDER ("train-images", "t10k-labels", ...),
 * under the usual spellings, plain or gzip. NULL if there is none. */
static char *
find_part (const char *folder,
           const char *split,
           const char *kind)
{
  const char *rank = g_str_equal (kind, "images") ? "idx3" : "idx1";
  const char *separators[] = { "-", "." };
  const char *suffixes[] = { "", ".gz" };

  for (guint s = 0; s < G_N_ELEMENTS (separators); s++)
    for (guint z = 0; z < G_N_ELEMENTS (suffixes); z++)
      {
        g_autofree char *base = g_strdup_printf ("%s-%s%s%s-ubyte%s", split, kind,
                                                 separators[s], rank, suffixes[z]);
        g_autofree char *path = g_build_filename (folder, base, NULL);

        if (g_file_test (path, G_FILE_TEST_EXISTS))
          return g_steal_pointer (&path);
      }
  return NULL;
}

/* The first four bytes of a plain or gzip file; 0 when unreadable. */
static guint32
file_magic (const char *path)
{
  g_autoptr (IdxSource) source = idx_source_open_file (path, NULL);
  guint8 head[4];

  if (source == NULL || idx_source_read (source, head, 4, NULL) != 4)
    return 0;
  return read_be32 (head);
}

gboolean
ll_dataset_looks_like_idx (const char *path)
{
  guint32 magic;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *images = find_part (path, "train", "images");

      /* The name decides: a damaged train-images file then gets the IDX
       * reader's precise message (naming it) instead of "no dataset found". */
      return images != NULL;
    }
  magic = file_magic (path);
  return magic == IDX_MAGIC_IMAGES || magic == IDX_MAGIC_LABELS;
}

static gboolean
names_fashion (const char *path)
{
  g_autofree char *absolute = g_canonicalize_filename (path, NULL);
  g_autofree char *lower = g_ascii_strdown (absolute, -1);

  return strstr (lower, "fashion") != NULL;
}

static LlDataset *
load_idx_files (const char *folder_or_file,
                gboolean    for_task,
                const char *task_classes,
                GError    **error)
{
  static const char * const part_names[4][2] = {
    { "train", "images" }, { "train", "labels" }, { "t10k", "images" }, { "t10k", "labels" },
  };
  g_autofree char *folder = g_file_test (folder_or_file, G_FILE_TEST_IS_DIR)
                              ? g_strdup (folder_or_file)
                              : g_path_get_dirname (folder_or_file);
  g_auto (IdxParts) parts = { { NULL } };
  g_auto (GStrv) input_files = g_new0 (char *, 5);
  g_autoptr (LlDataset) dataset = NULL;
  gboolean fashion = names_fashion (folder);

  for (guint p = 0; p < 4; p++)
    {
      g_autofree char *path = find_part (folder, part_names[p][0], part_names[p][1]);

      if (path == NULL)
        {
          g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NOT_FOUND,
                       _("%s: no %s-%s-%s-ubyte[.gz] file here"), folder, part_names[p][0], part_names[p][1],
                       p % 2 == 0 ? "idx3" : "idx1");
          return NULL;
        }
      input_files[p] = g_strdup (path);
      parts.part[p] = idx_source_open_file (path, error);
      if (parts.part[p] == NULL)
        return NULL;
    }
  dataset = load_parts (&parts, fashion ? fashion_class_names : NULL, for_task, task_classes, error);
  if (dataset == NULL)
    return NULL;
  if (fashion)
    dataset->name = g_strdup ("Fashion-MNIST");
  else
    dataset->name = g_path_get_basename (folder);
  dataset->path = g_strdup (folder_or_file);
  dataset->format = g_strdup ("idx");
  dataset->input_files = g_steal_pointer (&input_files);
  return g_steal_pointer (&dataset);
}

LlDataset *
ll_dataset_load_idx (const char *folder_or_file,
                     GError    **error)
{
  return load_idx_files (folder_or_file, FALSE, NULL, error);
}

LlDataset *
ll_dataset_load_idx_for_task (const char *folder_or_file,
                              const char *task_classes,
                              GError    **error)
{
  return load_idx_files (folder_or_file, TRUE, task_classes, error);
}

/* ---- the built-in dataset ---- */

LlDataset *
ll_dataset_load_builtin (GError **error)
{
  static const char * const files[4] = {
    "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
  };
  g_autoptr (GPtrArray) bytes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_auto (IdxParts) parts = { { NULL } };
  g_autoptr (GBytes) classes_bytes = NULL;
  g_autoptr (GBytes) name_bytes = NULL;
  g_auto (GStrv) class_names = NULL;
  g_autoptr (LlDataset) dataset = NULL;
  g_autoptr (GError) local_error = NULL;

  for (guint p = 0; p < 4; p++)
    {
      g_autofree char *path = g_strconcat ("builtin:", files[p], NULL);
      GBytes *part_bytes = ll_builtin_data (files[p], error);
      gsize size;
      const guint8 *data;

      if (part_bytes == NULL)
        return NULL;
      g_ptr_array_add (bytes, part_bytes);  /* kept alive while its source reads it */
      data = g_bytes_get_data (part_bytes, &size);
      parts.part[p] = idx_source_open_memory (path, data, size, error);
      if (parts.part[p] == NULL)
        return NULL;
    }
  classes_bytes = ll_builtin_data ("classes.txt", error);
  if (classes_bytes == NULL)
    return NULL;
  name_bytes = ll_builtin_data ("name.txt", error);
  if (name_bytes == NULL)
    return NULL;
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (classes_bytes, NULL),
                                       g_bytes_get_size (classes_bytes));

    class_names = g_strsplit (g_strstrip (text), "\n", -1);
  }

  dataset = load_parts (&parts, (const char * const *) class_names, FALSE, NULL, &local_error);
  if (dataset == NULL)
    {
      g_set_error (error, LL_DATASET_ERROR, LL_DATASET_ERROR_NO_BUILTIN,
                   _("the built-in dataset is damaged: %s"), local_error->message);
      return NULL;
    }
  dataset->name = g_strstrip (g_strndup (g_bytes_get_data (name_bytes, NULL),
                                         g_bytes_get_size (name_bytes)));
  dataset->path = g_strdup ("builtin");
  dataset->format = g_strdup ("builtin");
  return g_steal_pointer (&dataset);
}
