/* SPDX-License-Identifier: GPL-3.0-or-later */
/* dataset-h5-plain.c: the .h5 pairs in the plain layout, read without libhdf5.
 *
 * Why: libhdf5 only runs in a limited child (it crashes on some crafted
 * files), and that child spends ~12 ms loading libhdf5's 45 libraries to
 * read files that take under a millisecond to copy. The course's files, and
 * any that h5py writes with its defaults, use the oldest, simplest layout:
 * superblock version 0 with 8-byte addresses, a root group kept as a symbol
 * table (one level-0 B-tree of symbol nodes, names in a local heap), version 1
 * object headers, and contiguous, unfiltered datasets of integers or
 * fixed-length strings. This strict parser reads exactly that subset.
 *
 * It never reports an error: for anything outside the subset, or any value
 * the dataset checks of dataset-h5.c would refuse, it declines, and the
 * caller asks libhdf5 in the child, which reads the file or words the error.
 * So a file gives the same dataset or the same message either way. Every
 * address and size comes from the file and is checked against the file's
 * size (and the superblock's end of file) before anything is read or
 * allocated; loops are bounded by caps. tests/fuzz/fuzz-h5-plain.c checks
 * it against libhdf5 on mutated files. */
#include "config.h"

#include "big-buffer.h"
#include "dataset-h5-helper.h"
#include "dataset-h5-plain.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define UNDEFINED_ADDRESS G_MAXUINT64
#define SUPERBLOCK_BYTES 96u
#define MAX_HEADER_BLOCKS 16u         /* an object header and its continuations */
#define MAX_HEADER_BLOCK_BYTES 65536u
#define MAX_HEAP_BYTES (1u << 20)     /* the root group's link names */
#define MAX_TREE_DEPTH 4u
#define MAX_TREE_NODES 64u
#define MAX_NODE_ENTRIES 1024u
#define MAX_LINKS 256u                /* links in the root group */
#define MAX_FREE_BLOCKS 1024u         /* in the local heap's free list */
#define HEAP_FREE_NULL 1u             /* the end of that list */
#define MAX_RANK 4u
#define MAX_REGIONS 256u              /* metadata blocks and datasets' data */

/* ---- the bytes -------------------------------------------------------------- */

/* What a region of the file holds. libhdf5 caches metadata by address:
 * two structures sharing bytes make it refuse the file ("ring type
 * mismatch", "incorrect cache entry type"), so they are declined here. */
typedef enum {
  REGION_SUPERBLOCK,
  REGION_OBJECT_HEADER,
  REGION_CONTINUATION,
  REGION_HEAP,
  REGION_HEAP_DATA,
  REGION_TREE,
  REGION_SYMBOL_NODE,
  REGION_DATA,
} RegionKind;

typedef struct {
  RegionKind kind;
  guint64 start, length;
} Region;

/* A file, or bytes in memory (the fuzzer), readable up to SIZE; and the
 * regions read so far. */
typedef struct {
  int fd;                 /* -1 for MEMORY */
  const guint8 *memory;
  guint64 size;
  Region regions[MAX_REGIONS];
  guint n_regions;
} Source;

/* Records that LENGTH bytes at START hold KIND: FALSE when they are empty,
 * past the end, or overlap another region (the same region again, say two
 * links to one object, is fine). */
static gboolean
claim (Source     *source,
       RegionKind  kind,
       guint64     start,
       guint64     length)
{
  if (length == 0 || start > source->size || length > source->size - start)
    return FALSE;
  for (guint i = 0; i < source->n_regions; i++)
    {
      const Region *region = &source->regions[i];

      if (region->kind == kind && region->start == start && region->length == length)
        return TRUE;
      if (start < region->start + region->length && region->start < start + length)
        return FALSE;
    }
  if (source->n_regions >= MAX_REGIONS)
    return FALSE;
  source->regions[source->n_regions++] = (Region) { kind, start, length };
  return TRUE;
}

static gboolean
read_at (const Source *source,
         guint64       offset,
         gsize         length,
         void         *out)
{
  guint8 *to = out;

  if (offset > source->size || length > source->size - offset)
    return FALSE;
  if (source->fd < 0)
    {
      memcpy (out, source->memory + offset, length);
      return TRUE;
    }
  while (length > 0)
    {
      ssize_t got = pread (source->fd, to, MIN (length, (gsize) G_MAXSSIZE), (off_t) offset);

      if (got < 0 && errno == EINTR)
        continue;
      if (got <= 0)  /* an error, or the file shrank under us */
        return FALSE;
      to += got;
      offset += (guint64) got;
      length -= (gsize) got;
    }
  return TRUE;
}

/* Reads LENGTH bytes at OFFSET into a new buffer, or NULL. */
static guint8 *
read_new (const Source *source,
          guint64       offset,
          gsize         length)
{
  g_autofree guint8 *buffer = NULL;

  if (offset > source->size || length > source->size - offset)
    return NULL;
  buffer = ll_big_buffer_try_alloc (length);
  if (buffer == NULL || !read_at (source, offset, length, buffer))
    return NULL;
  return g_steal_pointer (&buffer);
}

static guint16
le16 (const guint8 *p)
{
  return (guint16) (p[0] | p[1] << 8);
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint64
le64 (const guint8 *p)
{
  return (guint64) le32 (p) | (guint64) le32 (p + 4) << 32;
}

/* ---- object headers ---------------------------------------------------------- */

enum {
  MSG_NIL = 0x0000,
  MSG_DATASPACE = 0x0001,
  MSG_FILL = 0x0005,
  MSG_DATATYPE = 0x0003,
  MSG_LAYOUT = 0x0008,
  MSG_ATTRIBUTE = 0x000C,
  MSG_CONTINUATION = 0x0010,
  MSG_SYMBOL_TABLE = 0x0011,
  MSG_MTIME = 0x0012,
};

#define MSG_FLAG_CONSTANT 0x01  /* the only flag libhdf5 writes in this layout */

enum {
  TYPE_FIXED_POINT = 0,
  TYPE_STRING = 3,
};

enum {
  STRING_NULL_PAD = 1,
};

typedef struct {
  gboolean seen;
  guint type_class;
  guint32 size;
  gboolean is_signed;      /* fixed point */
  gboolean big_endian;     /* fixed point */
  guint padding;           /* string */
} Datatype;

/* What an object header says, as far as this subset goes. */
typedef struct {
  gboolean outside;        /* something this reader does not handle */
  gboolean is_group;
  guint64 tree, heap;      /* a group's symbol table */
  gboolean has_space;
  guint rank;
  guint64 dims[MAX_RANK];
  Datatype type;
  gboolean has_layout;
  guint64 data_address, data_size;
} Object;

static void
parse_dataspace (const guint8 *data,
                 guint16       size,
                 Object       *object)
{
  guint version, rank, flags, at;

  if (size < 8 || object->has_space)
    {
      object->outside = TRUE;
      return;
    }
  version = data[0];
  rank = data[1];
  flags = data[2];
  if (version == 1)
    at = 8;
  else if (version == 2 && data[3] == 1)  /* version 2, simple */
    at = 4;
  else
    {
      object->outside = TRUE;
      return;
    }
  /* Ranks 1 to 4; no permutation; the dims (and the maximum dims) fit. */
  if (rank < 1 || rank > MAX_RANK || (flags & ~1u) != 0
      || at + (gsize) rank * 8 * ((flags & 1) ? 2 : 1) > size)
    {
      object->outside = TRUE;
      return;
    }
  object->has_space = TRUE;
  object->rank = rank;
  for (guint d = 0; d < rank; d++)
    {
      object->dims[d] = le64 (data + at + 8 * d);
      /* A maximum is unlimited or at least the size. */
      if ((flags & 1) && le64 (data + at + 8 * (rank + d)) < object->dims[d])
        object->outside = TRUE;
    }
}

static void
parse_datatype (const guint8 *data,
                guint16       size,
                Object       *object)
{
  Datatype *type = &object->type;
  guint version;

  if (size < 8 || type->seen)
    {
      object->outside = TRUE;
      return;
    }
  version = data[0] >> 4;
  type->seen = TRUE;
  type->type_class = data[0] & 0x0f;
  type->size = le32 (data + 4);
  if (version < 1 || version > 3)
    object->outside = TRUE;
  else if (type->type_class == TYPE_FIXED_POINT)
    {
      /* Whole bytes only: bit offset 0, precision = 8 * size. */
      if (size < 12 || le16 (data + 8) != 0 || type->size < 1 || type->size > 8
          || le16 (data + 10) != type->size * 8)
        object->outside = TRUE;
      type->big_endian = (data[1] & 0x01) != 0;
      type->is_signed = (data[1] & 0x08) != 0;
    }
  else if (type->type_class == TYPE_STRING)
    {
      type->padding = data[1] & 0x0f;
      if ((data[1] >> 4) > 1 || data[2] != 0 || data[3] != 0)  /* ASCII or UTF-8 */
        object->outside = TRUE;
    }
  else
    object->outside = TRUE;
}

/* Storage is written, so the fill value never shows; but libhdf5 decodes
 * the message, so only the forms it writes without a value are taken:
 * version 2 (allocation time 1-3, fill time 0-2, no value) or version 3
 * without a value. */
static void
parse_fill (const guint8 *data,
            guint16       size,
            Object       *object)
{
  if (size >= 4 && data[0] == 2 && data[1] >= 1 && data[1] <= 3 && data[2] <= 2
      && (data[3] == 0 || (data[3] == 1 && size >= 8 && le32 (data + 4) == 0)))
    return;
  if (size >= 2 && data[0] == 3 && (data[1] & ~0x0fu) == 0 && (data[1] & 0x03) >= 1)
    return;
  object->outside = TRUE;
}

static void
parse_layout (const guint8 *data,
              guint16       size,
              Object       *object)
{
  /* Version 3, contiguous: address, then size. */
  if (size < 18 || object->has_layout || data[0] != 3 || data[1] != 1)
    {
      object->outside = TRUE;
      return;
    }
  object->has_layout = TRUE;
  object->data_address = le64 (data + 2);
  object->data_size = le64 (data + 10);
}

/* The messages of one header block; continuations are queued in BLOCKS. */
static void
parse_messages (const guint8 *block,
                gsize         length,
                Object       *object,
                guint64       blocks[][2],
                guint        *n_blocks,
                guint        *n_messages)
{
  gsize at = 0;

  while (!object->outside && at + 8 <= length)
    {
      guint16 type = le16 (block + at);
      guint16 size = le16 (block + at + 2);
      guint8 flags = block[at + 4];
      const guint8 *data = block + at + 8;

      if (size > length - at - 8 || size % 8 != 0 || (flags & ~MSG_FLAG_CONSTANT) != 0)
        {
          object->outside = TRUE;
          return;
        }
      switch (type)
        {
        case MSG_NIL: case MSG_ATTRIBUTE: case MSG_MTIME:
          break;  /* nothing that changes the data */
        case MSG_FILL:
          parse_fill (data, size, object);
          break;
        case MSG_DATASPACE:
          parse_dataspace (data, size, object);
          break;
        case MSG_DATATYPE:
          parse_datatype (data, size, object);
          break;
        case MSG_LAYOUT:
          parse_layout (data, size, object);
          break;
        case MSG_SYMBOL_TABLE:
          if (size < 16 || object->is_group)
            object->outside = TRUE;
          object->is_group = TRUE;
          object->tree = size >= 16 ? le64 (data) : 0;
          object->heap = size >= 16 ? le64 (data + 8) : 0;
          break;
        case MSG_CONTINUATION:
          if (size < 16 || *n_blocks >= MAX_HEADER_BLOCKS)
            object->outside = TRUE;
          else
            {
              blocks[*n_blocks][0] = le64 (data);
              blocks[*n_blocks][1] = le64 (data + 8);
              (*n_blocks)++;
            }
          break;
        default:  /* external storage, filters, new-style links, ... */
          object->outside = TRUE;
          break;
        }
      (*n_messages)++;
      at += 8 + (gsize) size;
    }
  /* Version 1 blocks are filled with messages to the last byte. */
  if (at != length)
    object->outside = TRUE;
}

/* Reads the version 1 object header at ADDRESS. FALSE when it is outside
 * the subset or does not hold together. */
static gboolean
read_object (Source  *source,
             guint64  address,
             Object  *object)
{
  guint8 prefix[16];
  guint64 blocks[MAX_HEADER_BLOCKS][2];
  guint n_blocks = 1, n_messages = 0;

  memset (object, 0, sizeof *object);
  if (address > G_MAXUINT64 - 16 || !read_at (source, address, sizeof prefix, prefix)
      || prefix[0] != 1)
    return FALSE;
  blocks[0][0] = address + 16;
  blocks[0][1] = le32 (prefix + 8);
  for (guint b = 0; b < n_blocks && !object->outside; b++)
    {
      g_autofree guint8 *block = NULL;

      /* The first block with the prefix before it. */
      if (blocks[b][1] > MAX_HEADER_BLOCK_BYTES
          || !(b == 0 ? claim (source, REGION_OBJECT_HEADER, address, 16 + blocks[0][1])
                      : claim (source, REGION_CONTINUATION, blocks[b][0], blocks[b][1]))
          || (block = read_new (source, blocks[b][0], blocks[b][1])) == NULL)
        return FALSE;
      parse_messages (block, blocks[b][1], object, blocks, &n_blocks, &n_messages);
    }
  return !object->outside && n_messages == le16 (prefix + 2);
}

/* ---- the root group ---------------------------------------------------------- */

typedef struct {
  const char *name;        /* in the heap */
  guint64 address;
  guint32 cache_type;      /* 2: a soft link */
} Link;

typedef struct {
  Source *source;
  guint leaf_k, node_k;    /* the superblock's node sizes: at most 2K entries a node */
  guint8 *heap;            /* the local heap's data segment */
  gsize heap_size;
  Link links[MAX_LINKS];
  guint n_links;
  guint n_nodes;
} Group;

static void
group_clear (Group *group)
{
  g_free (group->heap);
}

/* A NUL-terminated name at OFFSET in the heap. */
static const char *
heap_name (const Group *group,
           guint64      offset)
{
  if (offset >= group->heap_size
      || memchr (group->heap + offset, '\0', group->heap_size - offset) == NULL)
    return NULL;
  return (const char *) group->heap + offset;
}

static gboolean
read_symbol_node (Group   *group,
                  guint64  address)
{
  guint8 header[8];
  g_autofree guint8 *entries = NULL;
  guint count;

  if (!read_at (group->source, address, sizeof header, header)
      || memcmp (header, "SNOD", 4) != 0 || header[4] != 1)
    return FALSE;
  count = le16 (header + 6);
  /* libhdf5 reads the whole node, room for 2K entries. */
  if (count < 1 || count > 2 * group->leaf_k || group->n_links + count > MAX_LINKS
      || !claim (group->source, REGION_SYMBOL_NODE, address, 8 + (guint64) group->leaf_k * 2 * 40)
      || (entries = read_new (group->source, address + 8, (gsize) count * 40)) == NULL)
    return FALSE;
  for (guint e = 0; e < count; e++)
    {
      const guint8 *entry = entries + (gsize) e * 40;
      Link *link = &group->links[group->n_links++];

      link->name = heap_name (group, le64 (entry));
      link->address = le64 (entry + 8);
      link->cache_type = le32 (entry + 16);
      if (link->name == NULL || link->cache_type > 2)  /* libhdf5 decodes every entry */
        return FALSE;
    }
  return TRUE;
}

/* A version 1 B-tree of a group: symbol nodes at level 0. libhdf5 finds a
 * name by descending where left key < name <= right key, then by binary
 * search in the node: so keys must ascend and bound their child's names,
 * or libhdf5 could miss a name that a linear scan finds. */
static gboolean
read_tree (Group   *group,
           guint64  address,
           guint    depth)
{
  guint8 header[24];
  g_autofree guint8 *body = NULL;
  guint level, used;

  if (depth > MAX_TREE_DEPTH || ++group->n_nodes > MAX_TREE_NODES
      || !read_at (group->source, address, sizeof header, header)
      || memcmp (header, "TREE", 4) != 0 || header[4] != 0)
    return FALSE;
  level = header[5];
  used = le16 (header + 6);
  /* Keys and children alternate: key, child, ..., child, key; libhdf5
   * reads the whole node, room for 2K children. */
  if (used < 1 || used > 2 * group->node_k || used > MAX_NODE_ENTRIES
      || !claim (group->source, REGION_TREE, address, 24 + ((guint64) group->node_k * 4 + 1) * 8)
      || (body = read_new (group->source, address + 24, ((gsize) used * 2 + 1) * 8)) == NULL)
    return FALSE;
  for (guint c = 0; c < used; c++)
    {
      const char *left = heap_name (group, le64 (body + (gsize) (2 * c) * 8));
      const char *right = heap_name (group, le64 (body + (gsize) (2 * c + 2) * 8));
      guint64 child = le64 (body + (gsize) (2 * c + 1) * 8);
      guint first = group->n_links;

      if (left == NULL || right == NULL || strcmp (left, right) >= 0
          || !(level == 0 ? read_symbol_node (group, child) : read_tree (group, child, depth + 1)))
        return FALSE;
      for (guint i = first; i < group->n_links; i++)
        if (strcmp (group->links[i].name, left) <= 0 || strcmp (group->links[i].name, right) > 0
            || (i > 0 && strcmp (group->links[i - 1].name, group->links[i].name) >= 0))
          return FALSE;
    }
  return TRUE;
}

/* libhdf5 walks the heap's free list (next, size) when it loads the heap
 * and refuses the file if a block lies outside. */
static gboolean
heap_free_list_ok (const Group *group,
                   guint64      block)
{
  for (guint n = 0; block != HEAP_FREE_NULL; n++)
    {
      guint64 next, size;

      if (n >= MAX_FREE_BLOCKS || block >= group->heap_size || group->heap_size - block < 16)
        return FALSE;
      next = le64 (group->heap + block);
      size = le64 (group->heap + block + 8);
      if (next == 0 || size > group->heap_size - block)
        return FALSE;
      block = next;
    }
  return TRUE;
}

/* The root group at ADDRESS; CACHED: the B-tree and heap addresses the
 * superblock's root entry caches, which must agree (or be NULL). */
static gboolean
read_group (Source        *source,
            guint64        address,
            const guint64 *cached,
            Group         *group)
{
  Object root;
  guint8 heap[32];
  guint64 size, data_address;

  if (!read_object (source, address, &root) || !root.is_group
      || (cached != NULL && (cached[0] != root.tree || cached[1] != root.heap))
      || !claim (source, REGION_HEAP, root.heap, sizeof heap)
      || !read_at (source, root.heap, sizeof heap, heap)
      || memcmp (heap, "HEAP", 4) != 0 || heap[4] != 0)
    return FALSE;
  size = le64 (heap + 8);
  data_address = le64 (heap + 24);
  if (size > MAX_HEAP_BYTES || !claim (source, REGION_HEAP_DATA, data_address, size)
      || (group->heap = read_new (source, data_address, size)) == NULL)
    return FALSE;
  group->heap_size = size;
  return heap_free_list_ok (group, le64 (heap + 16)) && read_tree (group, root.tree, 0);
}

/* The one hard link called NAME: NULL when there is none; OUTSIDE when
 * there are several or it is a soft link. */
static const Link *
find_link (const Group *group,
           const char  *name,
           gboolean    *outside)
{
  const Link *found = NULL;

  for (guint i = 0; i < group->n_links; i++)
    if (strcmp (group->links[i].name, name) == 0)
      {
        if (found != NULL || group->links[i].cache_type > 1)
          *outside = TRUE;
        found = &group->links[i];
      }
  return found;
}

/* ---- datasets ---------------------------------------------------------------- */

/* The contiguous dataset NAME: its header, and its data (which must be
 * exactly the elements' bytes) read into a new buffer. NULL when it is
 * missing or outside the subset. */
static guint8 *
read_dataset (const Group *group,
              const char  *name,
              Object      *object)
{
  gboolean outside = FALSE;
  const Link *link = find_link (group, name, &outside);
  guint64 elements = 1;

  if (link == NULL || outside || !read_object (group->source, link->address, object)
      || object->is_group || !object->has_space || !object->type.seen || !object->has_layout
      || object->data_address == UNDEFINED_ADDRESS)
    return NULL;
  for (guint d = 0; d < object->rank; d++)
    if (!g_uint64_checked_mul (&elements, elements, object->dims[d]))
      return NULL;
  if (!g_uint64_checked_mul (&elements, elements, object->type.size)
      || elements != object->data_size || elements > G_MAXSIZE
      || !claim (group->source, REGION_DATA, object->data_address, elements))
    return NULL;
  return read_new (group->source, object->data_address, (gsize) elements);
}

/* list_classes as dataset-h5.c reads it, for fixed-length, NUL-padded
 * names; TRUE with no names when the file has none. */
static gboolean
read_class_names (const Group *group,
                  char      ***names_out)
{
  gboolean outside = FALSE;
  g_autoptr (GPtrArray) names = NULL;
  g_autofree guint8 *data = NULL;
  Object object;

  if (find_link (group, "list_classes", &outside) == NULL)
    {
      *names_out = NULL;
      return !outside;
    }
  data = read_dataset (group, "list_classes", &object);
  if (data == NULL || object.type.type_class != TYPE_STRING
      || object.type.padding != STRING_NULL_PAD || object.type.size < 1
      || object.type.size > LL_H5_MAX_CLASS_NAME || object.rank != 1
      || object.dims[0] < 2 || object.dims[0] > LL_H5_MAX_CLASS_NAMES)
    return FALSE;
  names = g_ptr_array_new_with_free_func (g_free);
  for (guint64 i = 0; i < object.dims[0]; i++)
    g_ptr_array_add (names, g_strndup ((const char *) data + i * object.type.size, object.type.size));
  *names_out = ll_h5_class_names_finish (g_steal_pointer (&names));
  return TRUE;
}

/* PREFIX_set_x: unsigned bytes, (m, h, w, c) with c 1 or 3, or (m, h, w). */
static gboolean
read_images (const Group *group,
             const char  *prefix,
             LlH5Split   *split)
{
  g_autofree char *name = g_strdup_printf ("%s_set_x", prefix);
  guint64 channels;
  Object object;

  split->pixels = read_dataset (group, name, &object);
  if (split->pixels == NULL || object.type.type_class != TYPE_FIXED_POINT
      || object.type.size != 1 || object.type.is_signed
      || (object.rank != 3 && object.rank != 4))
    return FALSE;
  channels = object.rank == 4 ? object.dims[3] : 1;
  if ((channels != 1 && channels != 3)
      || object.dims[1] < 1 || object.dims[1] > LL_DATASET_MAX_SIDE
      || object.dims[2] < 1 || object.dims[2] > LL_DATASET_MAX_SIDE
      || object.dims[0] < 1 || object.dims[0] > LL_DATASET_MAX_IMAGES
      || object.data_size > LL_DATASET_MAX_PIXEL_BYTES)
    return FALSE;
  split->count = object.dims[0];
  split->height = object.dims[1];
  split->width = object.dims[2];
  split->channels = channels;
  return TRUE;
}

/* One stored integer as HDF5 converts it to int64 (unsigned values beyond
 * it clip to G_MAXINT64). */
static gint64
integer_at (const guint8   *p,
            const Datatype *type)
{
  guint64 value = 0;

  for (guint b = 0; b < type->size; b++)
    value |= (guint64) p[type->big_endian ? type->size - 1 - b : b] << (8 * b);
  if (type->is_signed && type->size < 8 && (value >> (8 * type->size - 1)) != 0)
    value |= G_MAXUINT64 << (8 * type->size);  /* sign extension */
  if (!type->is_signed && value > G_MAXINT64)
    return G_MAXINT64;
  return (gint64) value;
}

/* PREFIX_set_y: COUNT integer labels, (m), (1, m) or (m, 1), each below
 * the number of classes (or 256 without list_classes). */
static gboolean
read_labels (const Group *group,
             const char  *prefix,
             guint        n_classes,
             LlH5Split   *split)
{
  g_autofree char *name = g_strdup_printf ("%s_set_y", prefix);
  g_autofree guint8 *data = NULL;
  guint limit = n_classes > 0 ? n_classes : LL_H5_MAX_CLASS_NAMES;
  guint64 n_values;
  Object object;

  data = read_dataset (group, name, &object);
  if (data == NULL || object.type.type_class != TYPE_FIXED_POINT)
    return FALSE;
  n_values = object.rank == 1 ? object.dims[0]
             : object.rank == 2 && (object.dims[0] == 1 || object.dims[1] == 1) ? object.dims[0] * object.dims[1]
             : 0;
  if (n_values == 0 || n_values != split->count)
    return FALSE;
  split->labels = g_new (guint8, split->count);
  for (gsize i = 0; i < split->count; i++)
    {
      gint64 value = integer_at (data + i * object.type.size, &object.type);

      if (value < 0 || value >= limit)
        return FALSE;
      split->labels[i] = (guint8) value;
    }
  return TRUE;
}

/* ---- files ------------------------------------------------------------------- */

static gboolean
read_split (Source     *source,
            const char *prefix,
            LlH5Split  *split)
{
  guint8 superblock[SUPERBLOCK_BYTES];
  g_auto (LlH5Split) result = { 0 };
  Group group = { 0 };
  guint64 end_of_file, cached[2];
  gboolean ok;

  /* Version 0 at offset 0 (no user block), 8-byte addresses and lengths, no
   * consistency flags, no free-space manager or driver information. */
  if (!read_at (source, 0, sizeof superblock, superblock)
      || memcmp (superblock, "\211HDF\r\n\032\n", 8) != 0
      || superblock[8] != 0 || superblock[9] != 0 || superblock[10] != 0 || superblock[12] != 0
      || superblock[13] != 8 || superblock[14] != 8 || le32 (superblock + 20) != 0
      || le64 (superblock + 24) != 0 || le64 (superblock + 32) != UNDEFINED_ADDRESS
      || le64 (superblock + 48) != UNDEFINED_ADDRESS)
    return FALSE;
  /* A file shorter than its end of file is truncated: libhdf5 words that. */
  end_of_file = le64 (superblock + 40);
  if (end_of_file > source->size)
    return FALSE;
  source->size = end_of_file;
  if (!claim (source, REGION_SUPERBLOCK, 0, SUPERBLOCK_BYTES))
    return FALSE;
  group.source = source;
  group.leaf_k = le16 (superblock + 16);
  group.node_k = le16 (superblock + 18);
  cached[0] = le64 (superblock + 80);
  cached[1] = le64 (superblock + 88);

  ok = le32 (superblock + 72) <= 1
       && read_group (source, le64 (superblock + 64), le32 (superblock + 72) == 1 ? cached : NULL, &group)
       && read_class_names (&group, &result.class_names)
       && read_images (&group, prefix, &result)
       && read_labels (&group, prefix,
                       result.class_names != NULL ? g_strv_length (result.class_names) : 0,
                       &result);
  group_clear (&group);
  if (!ok)
    return FALSE;
  *split = result;
  memset (&result, 0, sizeof result);
  return TRUE;
}

gboolean
ll_h5_plain_read_memory (const guint8 *data,
                         gsize         size,
                         const char   *prefix,
                         LlH5Split    *split)
{
  Source source = { -1, data, size };

  return read_split (&source, prefix, split);
}

/* A regular file only: a FIFO or device is left to the child's checks. */
static gboolean
read_file (const char *path,
           const char *prefix,
           LlH5Split  *split)
{
  Source source = { -1, NULL, 0 };
  struct stat info;
  gboolean ok;

  source.fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (source.fd < 0)
    return FALSE;
  ok = fstat (source.fd, &info) == 0 && S_ISREG (info.st_mode);
  source.size = ok ? (guint64) info.st_size : 0;
  ok = ok && read_split (&source, prefix, split);
  close (source.fd);
  return ok;
}

LlDataset *
ll_dataset_load_h5_plain (const char *path)
{
  g_autofree char *train_path = NULL;
  g_autofree char *test_path = NULL;
  g_auto (LlH5Split) train = { 0 };
  g_auto (LlH5Split) test = { 0 };

  if (!ll_dataset_find_h5_pair (path, &train_path, &test_path, NULL)
      || !read_file (train_path, "train", &train)
      || !read_file (test_path, "test", &test))
    return NULL;
  /* A pair that does not match is an error libhdf5's path words. */
  return ll_h5_pair_to_dataset (path, train_path, test_path, &train, &test, NULL);
}
