/* SPDX-License-Identifier: GPL-3.0-or-later */
/* kernels-gram-u8.c: exact Gram and cross products of uint8 examples.
 *
 * The pairs (i, j) are cut into tiles of a few examples by a few; a tile's
 * kernel loads each pixel vector once and uses it for every pair of the tile,
 * so the work is multiply-adds, not loads. The pixels are swept in blocks of
 * FEATURES_PER_BLOCK, whose products fit int32 exactly; block sums are
 * added into the double output, which stays exact (integers below 2^53),
 * and scaled once at the end. Threads take contiguous runs of tiles and
 * write disjoint entries, so they need no locks. */
#include "config.h"

#include "kernels-u8-private.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LL_HAVE_X86_AVX2 1
#include <immintrin.h>
#endif

/* A block's dot products (and any part of them) must fit int32, which
 * allows up to 33025 pixels. Smaller blocks, tried to keep every example's
 * block in L2, measured slower: the per-tile overhead outweighs it. */
#define FEATURES_PER_BLOCK 16384
G_STATIC_ASSERT ((guint64) 255 * 255 * FEATURES_PER_BLOCK <= G_MAXINT32);

#define MAX_TILE 4

/* A thread costs ~50 us to start and join: each gets at least ~0.1 ms of
 * multiply-adds, so small products stay on the calling thread. */
#define MIN_MULADDS_PER_THREAD (1u << 22)

/* DOTS[r * cols + c] = A_ROWS[r] . B_ROWS[c] over LEN <= FEATURES_PER_BLOCK
 * pixels, for the kernel's fixed rows x cols. */
typedef void (*TileDots) (const guint8 *const *a_rows,
                          const guint8 *const *b_rows,
                          gsize                len,
                          gint32              *dots);

typedef struct {
  guint rows, cols;
  TileDots dots;
} TileKernel;

/* One product: OUT (ma x mb, leading dimension ma) = scale2 * A^T B. For a
 * Gram (upper_only), A == B and only the pairs i <= j are computed; the
 * others are mirrored. */
typedef struct {
  const TileKernel *kernel;
  const guint8 *A, *B;
  gsize ma, mb, n;
  gboolean upper_only;
  double scale2;
  double *out;
  gsize tiles_a, tiles_b;
} Product;

/* One thread's run of tiles, [first, last) in the order of for_each_tile. */
typedef struct {
  const Product *product;
  gsize first, last;
} Share;

/* ---- portable path ---- */

/* The sums run in 16 lanes per pair, which the compiler turns into SIMD
 * (SSE2, NEON) at -O2; a single running sum would stay scalar. */
#define PORTABLE_LANES 16

static void
tile_dots_portable (const guint8 *const *a_rows,
                    const guint8 *const *b_rows,
                    gsize                len,
                    gint32              *dots)
{
  const guint8 *a0 = a_rows[0], *a1 = a_rows[1];
  const guint8 *b0 = b_rows[0], *b1 = b_rows[1];
  guint32 s00[PORTABLE_LANES] = { 0 }, s01[PORTABLE_LANES] = { 0 };
  guint32 s10[PORTABLE_LANES] = { 0 }, s11[PORTABLE_LANES] = { 0 };
  guint32 t00 = 0, t01 = 0, t10 = 0, t11 = 0;
  gsize k = 0;

  for (; k + PORTABLE_LANES <= len; k += PORTABLE_LANES)
    for (guint l = 0; l < PORTABLE_LANES; l++)
      {
        guint32 x0 = a0[k + l], x1 = a1[k + l], y0 = b0[k + l], y1 = b1[k + l];

        s00[l] += x0 * y0;
        s01[l] += x0 * y1;
        s10[l] += x1 * y0;
        s11[l] += x1 * y1;
      }
  for (guint l = 0; l < PORTABLE_LANES; l++)
    {
      t00 += s00[l];
      t01 += s01[l];
      t10 += s10[l];
      t11 += s11[l];
    }
  for (; k < len; k++)
    {
      guint32 x0 = a0[k], x1 = a1[k], y0 = b0[k], y1 = b1[k];

      t00 += x0 * y0;
      t01 += x0 * y1;
      t10 += x1 * y0;
      t11 += x1 * y1;
    }
  dots[0] = (gint32) t00;
  dots[1] = (gint32) t01;
  dots[2] = (gint32) t10;
  dots[3] = (gint32) t11;
}

static const TileKernel portable_kernel = { 2, 2, tile_dots_portable };

/* ---- AVX2 path ---- */

#ifdef LL_HAVE_X86_AVX2

#define AVX2_ROWS 4
#define AVX2_COLS 3

/* 16 pixels zero-extended to 16-bit lanes. */
__attribute__ ((target ("avx2")))
static inline __m256i
load_u8x16 (const guint8 *p)
{
  return _mm256_cvtepu8_epi16 (_mm_loadu_si128 ((const __m128i *) p));
}

/* 32 pixels as two vectors of 16-bit lanes: the even pixels (masked) and
 * the odd ones (shifted down). Cheaper than two zero-extensions, which
 * compete with the multiply-adds for the shuffle unit; pairing even with
 * even and odd with odd leaves every dot product unchanged. */
__attribute__ ((target ("avx2")))
static inline __m256i
even_u8x32 (const guint8 *p)
{
  return _mm256_and_si256 (_mm256_loadu_si256 ((const __m256i *) p), _mm256_set1_epi16 (0xff));
}

__attribute__ ((target ("avx2")))
static inline __m256i
odd_u8x32 (const guint8 *p)
{
  return _mm256_srli_epi16 (_mm256_loadu_si256 ((const __m256i *) p), 8);
}

__attribute__ ((target ("avx2")))
static inline gint32
sum_lanes (__m256i v)
{
  __m128i s = _mm_add_epi32 (_mm256_castsi256_si128 (v), _mm256_extracti128_si256 (v, 1));

  s = _mm_add_epi32 (s, _mm_shuffle_epi32 (s, _MM_SHUFFLE (1, 0, 3, 2)));
  s = _mm_add_epi32 (s, _mm_shuffle_epi32 (s, _MM_SHUFFLE (2, 3, 0, 1)));
  return _mm_cvtsi128_si32 (s);
}

/* vpmaddwd multiplies 16 pairs of 16-bit pixels and adds neighbours into
 * 8 int32 lanes: 16 multiply-adds an instruction. The 4 x 3 tile's 12
 * accumulators, 3 B vectors and 1 A vector fill the 16 ymm registers, so
 * it is spelled out (GCC -O2 keeps arrays of vectors in memory). */
#define MADD(acc, x, y) acc = _mm256_add_epi32 (acc, _mm256_madd_epi16 (x, y))
#define TILE_STEP(load, k)                                                  \
  G_STMT_START {                                                            \
    __m256i b0 = load (q0 + (k)), b1 = load (q1 + (k)), b2 = load (q2 + (k)); \
    __m256i a;                                                              \
                                                                            \
    a = load (p0 + (k));                                                    \
    MADD (s00, a, b0); MADD (s01, a, b1); MADD (s02, a, b2);                \
    a = load (p1 + (k));                                                    \
    MADD (s10, a, b0); MADD (s11, a, b1); MADD (s12, a, b2);                \
    a = load (p2 + (k));                                                    \
    MADD (s20, a, b0); MADD (s21, a, b1); MADD (s22, a, b2);                \
    a = load (p3 + (k));                                                    \
    MADD (s30, a, b0); MADD (s31, a, b1); MADD (s32, a, b2);                \
  } G_STMT_END

__attribute__ ((target ("avx2")))
static void
tile_dots_avx2 (const guint8 *const *a_rows,
                const guint8 *const *b_rows,
                gsize                len,
                gint32              *dots)
{
  const guint8 *p0 = a_rows[0], *p1 = a_rows[1], *p2 = a_rows[2], *p3 = a_rows[3];
  const guint8 *q0 = b_rows[0], *q1 = b_rows[1], *q2 = b_rows[2];
  __m256i s00, s01, s02, s10, s11, s12, s20, s21, s22, s30, s31, s32;
  gsize k = 0;

  s00 = s01 = s02 = s10 = s11 = s12 = _mm256_setzero_si256 ();
  s20 = s21 = s22 = s30 = s31 = s32 = _mm256_setzero_si256 ();

  for (; k + 32 <= len; k += 32)
    {
      TILE_STEP (even_u8x32, k);
      TILE_STEP (odd_u8x32, k);
    }
  if (k + 16 <= len)
    {
      TILE_STEP (load_u8x16, k);
      k += 16;
    }

  {
    const __m256i sums[AVX2_ROWS * AVX2_COLS] = {
      s00, s01, s02, s10, s11, s12, s20, s21, s22, s30, s31, s32,
    };

    for (guint r = 0; r < AVX2_ROWS; r++)
      for (guint c = 0; c < AVX2_COLS; c++)
        {
          gint32 sum = sum_lanes (sums[r * AVX2_COLS + c]);

          /* The last len % 16 pixels. */
          for (gsize t = k; t < len; t++)
            sum += (gint32) a_rows[r][t] * b_rows[c][t];
          dots[r * AVX2_COLS + c] = sum;
        }
  }
}

#undef TILE_STEP
#undef MADD

static const TileKernel avx2_kernel = { AVX2_ROWS, AVX2_COLS, tile_dots_avx2 };

/* ---- AVX-512 VNNI path ---- */

#define VNNI_ROWS 4
#define VNNI_COLS 4

/* vpdpbusd multiplies 64 unsigned bytes by 64 signed ones and adds each
 * four products into an int32 lane: 64 multiply-adds an instruction, four
 * times vpmaddwd's, with no widening. The pixels are unsigned on both
 * sides, so B's are biased into signed bytes (b - 128, an exclusive or)
 * and the bias is added back exactly: a . b = a . (b - 128) + 128 sum (a),
 * every partial sum within int32 over a block (G_STATIC_ASSERT above). The
 * 4 x 4 tile's 16 accumulators, 4 row sums and 5 operands fit the 32 zmm
 * registers. */
__attribute__ ((target ("avx512f,avx512bw,avx512vnni")))
static void
tile_dots_vnni (const guint8 *const *a_rows,
                const guint8 *const *b_rows,
                gsize                len,
                gint32              *dots)
{
  const __m512i bias = _mm512_set1_epi8 ((char) 0x80);
  __m512i acc[VNNI_ROWS][VNNI_COLS], row_sum[VNNI_ROWS];
  gsize k = 0;

  _Pragma ("GCC unroll 4")
  for (int r = 0; r < VNNI_ROWS; r++)
    {
      row_sum[r] = _mm512_setzero_si512 ();
      _Pragma ("GCC unroll 4")
      for (int c = 0; c < VNNI_COLS; c++)
        acc[r][c] = _mm512_setzero_si512 ();
    }
  for (; k + 64 <= len; k += 64)
    {
      __m512i b[VNNI_COLS];

      _Pragma ("GCC unroll 4")
      for (int c = 0; c < VNNI_COLS; c++)
        b[c] = _mm512_xor_si512 (_mm512_loadu_si512 (b_rows[c] + k), bias);
      _Pragma ("GCC unroll 4")
      for (int r = 0; r < VNNI_ROWS; r++)
        {
          __m512i a = _mm512_loadu_si512 (a_rows[r] + k);

          /* Sums of eight bytes in int64 lanes. */
          row_sum[r] = _mm512_add_epi64 (row_sum[r], _mm512_sad_epu8 (a, _mm512_setzero_si512 ()));
          _Pragma ("GCC unroll 4")
          for (int c = 0; c < VNNI_COLS; c++)
            acc[r][c] = _mm512_dpbusd_epi32 (acc[r][c], a, b[c]);
        }
    }
  _Pragma ("GCC unroll 4")
  for (int r = 0; r < VNNI_ROWS; r++)
    {
      gint64 bias_back = 128 * _mm512_reduce_add_epi64 (row_sum[r]);

      _Pragma ("GCC unroll 4")
      for (int c = 0; c < VNNI_COLS; c++)
        {
          gint64 sum = _mm512_reduce_add_epi32 (acc[r][c]) + bias_back;

          /* The last len % 64 pixels. */
          for (gsize t = k; t < len; t++)
            sum += (gint32) a_rows[r][t] * b_rows[c][t];
          dots[r * VNNI_COLS + c] = (gint32) sum;
        }
    }
}

static const TileKernel vnni_kernel = { VNNI_ROWS, VNNI_COLS, tile_dots_vnni };

#endif /* LL_HAVE_X86_AVX2 */

gboolean
ll_kernel_path_supported (LlKernelPath path)
{
  switch (path)
    {
    case LL_KERNEL_PATH_PORTABLE:
      return TRUE;
    case LL_KERNEL_PATH_AVX2:
#ifdef LL_HAVE_X86_AVX2
      return __builtin_cpu_supports ("avx2");
#else
      return FALSE;
#endif
    case LL_KERNEL_PATH_VNNI:
#ifdef LL_HAVE_X86_AVX2
      /* GCC's checks include the operating system's saving the zmm state. */
      return __builtin_cpu_supports ("avx512f") && __builtin_cpu_supports ("avx512bw")
             && __builtin_cpu_supports ("avx512vnni");
#else
      return FALSE;
#endif
    default:
      return FALSE;
    }
}

LlKernelPath
ll_kernel_path_best (void)
{
  if (ll_kernel_path_supported (LL_KERNEL_PATH_VNNI))
    return LL_KERNEL_PATH_VNNI;
  return ll_kernel_path_supported (LL_KERNEL_PATH_AVX2)
         ? LL_KERNEL_PATH_AVX2 : LL_KERNEL_PATH_PORTABLE;
}

static const TileKernel *
kernel_for_path (LlKernelPath path)
{
  g_return_val_if_fail (ll_kernel_path_supported (path), &portable_kernel);
#ifdef LL_HAVE_X86_AVX2
  if (path == LL_KERNEL_PATH_AVX2)
    return &avx2_kernel;
  if (path == LL_KERNEL_PATH_VNNI)
    return &vnni_kernel;
#endif
  return &portable_kernel;
}

/* ---- tiles and threads ---- */

/* Whether tile (ta, tb) holds a pair the product computes. */
static gboolean
tile_needed (const Product *product,
             gsize          ta,
             gsize          tb)
{
  const TileKernel *kernel = product->kernel;

  /* Gram: some i <= j, i.e. the tile's first row <= its last column. */
  return !product->upper_only
         || ta * kernel->rows <= tb * kernel->cols + kernel->cols - 1;
}

static gsize
count_tiles (const Product *product)
{
  gsize count = 0;

  for (gsize ta = 0; ta < product->tiles_a; ta++)
    for (gsize tb = 0; tb < product->tiles_b; tb++)
      count += tile_needed (product, ta, tb);
  return count;
}

/* Adds the tile's dot products over the pixels of BLOCK into the output
 * (sets them for block 0). Rows past the end repeat the last example
 * (valid memory) and are not written. */
static void
add_tile_block (const Product *product,
                gsize          ta,
                gsize          tb,
                gsize          block)
{
  const TileKernel *kernel = product->kernel;
  gsize offset = MIN (block * FEATURES_PER_BLOCK, product->n);
  gsize len = MIN (FEATURES_PER_BLOCK, product->n - offset);
  const guint8 *a_rows[MAX_TILE], *b_rows[MAX_TILE];
  gint32 dots[MAX_TILE * MAX_TILE];

  for (guint r = 0; r < kernel->rows; r++)
    a_rows[r] = product->A + MIN (ta * kernel->rows + r, product->ma - 1) * product->n + offset;
  for (guint c = 0; c < kernel->cols; c++)
    b_rows[c] = product->B + MIN (tb * kernel->cols + c, product->mb - 1) * product->n + offset;

  kernel->dots (a_rows, b_rows, len, dots);

  for (guint r = 0; r < kernel->rows; r++)
    for (guint c = 0; c < kernel->cols; c++)
      {
        gsize i = ta * kernel->rows + r, j = tb * kernel->cols + c;
        double *entry = product->out + i + j * product->ma;

        if (i >= product->ma || j >= product->mb || (product->upper_only && i > j))
          continue;
        *entry = (block == 0 ? 0 : *entry) + dots[r * kernel->cols + c];
      }
}

/* Scales the tile's finished sums and mirrors them for a Gram. */
static void
finish_tile (const Product *product,
             gsize          ta,
             gsize          tb,
             gsize          unused_block)
{
  const TileKernel *kernel = product->kernel;
  gsize ma = product->ma;

  for (guint r = 0; r < kernel->rows; r++)
    for (guint c = 0; c < kernel->cols; c++)
      {
        gsize i = ta * kernel->rows + r, j = tb * kernel->cols + c;

        if (i >= ma || j >= product->mb || (product->upper_only && i > j))
          continue;
        product->out[i + j * ma] *= product->scale2;
        if (product->upper_only)
          product->out[j + i * ma] = product->out[i + j * ma];
      }
}

typedef void (*TileFunc) (const Product *product, gsize ta, gsize tb, gsize block);

/* Calls FUNC on each tile of SHARE, in row order: consecutive tiles share
 * their A rows, which stay in cache. */
static void
share_foreach_tile (const Share *share,
                    TileFunc     func,
                    gsize        block)
{
  const Product *product = share->product;
  gsize index = 0;

  for (gsize ta = 0; ta < product->tiles_a; ta++)
    for (gsize tb = 0; tb < product->tiles_b; tb++)
      if (tile_needed (product, ta, tb))
        {
          if (index >= share->first && index < share->last)
            func (product, ta, tb, block);
          index++;
        }
}

static void
share_run (const Share *share)
{
  gsize n = share->product->n;
  gsize n_blocks = MAX ((n + FEATURES_PER_BLOCK - 1) / FEATURES_PER_BLOCK, 1);

  for (gsize block = 0; block < n_blocks; block++)
    share_foreach_tile (share, add_tile_block, block);
  share_foreach_tile (share, finish_tile, 0);
}

static gpointer
share_thread (gpointer data)
{
  share_run (data);
  return NULL;
}

static void
product_run (Product  *product,
             guint     n_threads)
{
  const TileKernel *kernel = product->kernel;
  g_autofree Share *shares = NULL;
  g_autofree GThread **threads = NULL;
  gsize n_tiles;
  guint64 muladds;

  if (product->ma == 0 || product->mb == 0)
    return;

  product->tiles_a = (product->ma + kernel->rows - 1) / kernel->rows;
  product->tiles_b = (product->mb + kernel->cols - 1) / kernel->cols;
  n_tiles = count_tiles (product);
  muladds = (guint64) n_tiles * kernel->rows * kernel->cols * product->n;
  n_threads = (guint) MIN (MAX (n_threads, 1), n_tiles);
  n_threads = (guint) MIN (n_threads, muladds / MIN_MULADDS_PER_THREAD + 1);

  shares = g_new0 (Share, n_threads);
  threads = g_new0 (GThread *, n_threads);
  for (guint t = 0; t < n_threads; t++)
    {
      shares[t].product = product;
      shares[t].first = n_tiles * t / n_threads;
      shares[t].last = n_tiles * (t + 1) / n_threads;
    }

  /* The calling thread takes share 0; a thread that cannot start leaves its
   * share to the calling thread. */
  for (guint t = 1; t < n_threads; t++)
    threads[t] = g_thread_try_new ("ll-gram-u8", share_thread, &shares[t], NULL);
  share_run (&shares[0]);
  for (guint t = 1; t < n_threads; t++)
    {
      if (threads[t] != NULL)
        g_thread_join (threads[t]);
      else
        share_run (&shares[t]);
    }
}

/* ---- entry points ---- */

void
ll_gram_u8_on (LlKernelPath  path,
               const guint8 *X,
               gsize         n,
               gsize         m,
               double        scale,
               guint         n_threads,
               double       *G)
{
  Product product = {
    .kernel = kernel_for_path (path),
    .A = X, .B = X, .ma = m, .mb = m, .n = n,
    .upper_only = TRUE,
    .scale2 = scale * scale,
    .out = G,
  };

  product_run (&product, n_threads);
}

void
ll_cross_u8_on (LlKernelPath  path,
                const guint8 *A,
                gsize         ma,
                const guint8 *B,
                gsize         mb,
                gsize         n,
                double        scale,
                guint         n_threads,
                double       *K)
{
  Product product = {
    .kernel = kernel_for_path (path),
    .A = A, .B = B, .ma = ma, .mb = mb, .n = n,
    .upper_only = FALSE,
    .scale2 = scale * scale,
    .out = K,
  };

  product_run (&product, n_threads);
}

void
ll_gram_u8 (const guint8 *X,
            gsize         n,
            gsize         m,
            double        scale,
            guint         n_threads,
            double       *G)
{
  ll_gram_u8_on (ll_kernel_path_best (), X, n, m, scale, n_threads, G);
}

void
ll_cross_u8 (const guint8 *A,
             gsize         ma,
             const guint8 *B,
             gsize         mb,
             gsize         n,
             double        scale,
             guint         n_threads,
             double       *K)
{
  ll_cross_u8_on (ll_kernel_path_best (), A, ma, B, mb, n, scale, n_threads, K);
}
