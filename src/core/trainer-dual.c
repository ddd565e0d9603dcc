/* trainer-dual.c: the dual-form iteration, fused, on one or two cores.
 *
 * On the course's data (m = 209, k = 3) an iteration is 131k multiply-adds
 * on a G that stays in L2: a few microseconds. At that size a BLAS call per
 * step, a separate sigmoid pass and a thread pool's wake-up would each cost
 * as much as the arithmetic, so the product, the residuals and the update
 * run in one pass over each thread's rows, and the two threads meet once
 * per iteration at a spin-then-futex join. */
#include "config.h"

#include "trainer-private.h"
#include "vmath.h"

#include <stdlib.h>
#include <string.h>

#ifdef __linux__
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LL_DUAL_X86 1
#endif

/* Below this many examples a second thread costs more than it saves
 * (two cross-core handoffs of ~0.2 us against the half of m^2 k / 16 cycles). */
#define MIN_ROWS_FOR_TWO_THREADS 96
/* How long a waiting side spins before it sleeps in the kernel: longer
 * than an iteration, far shorter than any pause the progress callback makes. */
#define SPIN_ROUNDS 20000

typedef enum {
  COMMAND_STEP,
  COMMAND_DECIDE,
  COMMAND_UPDATE,
  COMMAND_QUIT,
} Command;

struct _LlDual {
  gsize m, ld;           /* examples; leading dimension (m rounded up to 4) */
  guint k;
  double *G;             /* ld x m, rows m..ld-1 zero, 32-byte aligned */
  double *C[2];          /* ld x k coefficients, current and next */
  guint current;
  double *Z;             /* ld x k decisions, then residuals */
  double *b;             /* k biases */
  double *alpha;         /* k: -lr / m, the coefficient update's factor */
  double *sums[2];       /* k residual sums of the caller's and the worker's rows */
  const double *y;
  const double *rates;
  gboolean avx2;

  GThread *worker;
  gsize split;           /* caller: rows [0, split); worker: [split, m) */
  gint generation;       /* raised by the caller to hand out a command */
  gint done;             /* the generation the worker finished last */
  gint command;
  gint worker_sleeping;
  gint caller_sleeping;
};

/* ---- waiting -------------------------------------------------------- */

static inline void
cpu_relax (void)
{
#ifdef LL_DUAL_X86
  _mm_pause ();
#endif
}

/* Blocks until *ADDRESS != VALUE: spins a while, then sleeps with
 * *SLEEPING raised so the other side knows to wake it. */
static void
wait_while_equal (gint *address,
                  gint  value,
                  gint *sleeping)
{
  for (guint i = 0; i < SPIN_ROUNDS; i++)
    {
      if (g_atomic_int_get (address) != value)
        return;
      cpu_relax ();
    }
  g_atomic_int_set (sleeping, 1);
  while (g_atomic_int_get (address) == value)
    {
#ifdef __linux__
      /* Returns at once if *ADDRESS already changed: no lost wake-up. */
      syscall (SYS_futex, address, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
#else
      g_thread_yield ();
#endif
    }
  g_atomic_int_set (sleeping, 0);
}

/* After changing *ADDRESS (sequentially consistent, as g_atomic_int_* are). */
static void
wake (gint *address,
      gint *sleeping)
{
#ifdef __linux__
  if (g_atomic_int_get (sleeping))
    syscall (SYS_futex, address, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
#endif
}

/* ---- the product Z = G C + b over a range of rows ------------------- */

/* Rows [R0, R1) of Z for every run, R0 and R1 multiples of 4 (portable). */
static void
decide_rows_portable (const LlDual *d,
                      gsize         r0,
                      gsize         r1)
{
  const double *C = d->C[d->current];

  for (guint j = 0; j < d->k; j++)
    {
      double *z = d->Z + j * d->ld;
      const double *c = C + j * d->ld;

      for (gsize i = r0; i < r1; i++)
        z[i] = 0;
      for (gsize l = 0; l < d->m; l++)
        {
          const double *g = d->G + l * d->ld;
          double coefficient = c[l];

          for (gsize i = r0; i < r1; i++)
            z[i] += g[i] * coefficient;
        }
      for (gsize i = r0; i < r1; i++)
        z[i] += d->b[j];
    }
}

#ifdef LL_DUAL_X86
/* MR vectors of 4 rows times NR runs held in registers across the whole
 * sum over l: G is read once per block for NR runs, C is broadcast. */
static inline __attribute__ ((always_inline, target ("avx2,fma"))) void
decide_block_avx2 (const double *G,
                   gsize         ld,
                   gsize         m,
                   const double *C,
                   const double *b,
                   double       *Z,
                   const int     MR,
                   const int     NR)
{
  __m256d acc[4][3];

  _Pragma ("GCC unroll 4")
  for (int v = 0; v < MR; v++)
    _Pragma ("GCC unroll 3")
    for (int j = 0; j < NR; j++)
      acc[v][j] = _mm256_setzero_pd ();
  for (gsize l = 0; l < m; l++)
    {
      const double *g = G + l * ld;
      __m256d column[4];

      _Pragma ("GCC unroll 4")
      for (int v = 0; v < MR; v++)
        column[v] = _mm256_load_pd (g + 4 * v);
      _Pragma ("GCC unroll 3")
      for (int j = 0; j < NR; j++)
        {
          __m256d coefficient = _mm256_broadcast_sd (C + l + (gsize) j * ld);

          _Pragma ("GCC unroll 4")
          for (int v = 0; v < MR; v++)
            acc[v][j] = _mm256_fmadd_pd (column[v], coefficient, acc[v][j]);
        }
    }
  _Pragma ("GCC unroll 3")
  for (int j = 0; j < NR; j++)
    {
      __m256d bias = _mm256_broadcast_sd (b + j);

      _Pragma ("GCC unroll 4")
      for (int v = 0; v < MR; v++)
        _mm256_store_pd (Z + (gsize) j * ld + 4 * v, _mm256_add_pd (acc[v][j], bias));
    }
}

#define DECIDE_BLOCK(MR, NR) \
  static __attribute__ ((target ("avx2,fma"))) void \
  decide_block_##MR##_##NR (const double *G, gsize ld, gsize m, const double *C, \
                            const double *b, double *Z) \
  { \
    decide_block_avx2 (G, ld, m, C, b, Z, MR, NR); \
  }
DECIDE_BLOCK (1, 1) DECIDE_BLOCK (2, 1) DECIDE_BLOCK (4, 1)
DECIDE_BLOCK (1, 2) DECIDE_BLOCK (2, 2) DECIDE_BLOCK (4, 2)
DECIDE_BLOCK (1, 3) DECIDE_BLOCK (2, 3) DECIDE_BLOCK (3, 3)

typedef void (*DecideBlock) (const double *, gsize, gsize, const double *, const double *, double *);

/* Rows [R0, R1) (multiples of 4), runs three at a time: 9 or 8
 * accumulators cover the FMA latency; tails take narrower blocks. */
static void
decide_rows_avx2 (const LlDual *d,
                  gsize         r0,
                  gsize         r1)
{
  static const DecideBlock blocks[3][3] = {
    { decide_block_1_1, decide_block_2_1, decide_block_4_1 },
    { decide_block_1_2, decide_block_2_2, decide_block_4_2 },
    { decide_block_1_3, decide_block_2_3, decide_block_3_3 },
  };
  static const gsize widest[3] = { 4, 4, 3 };
  const double *C = d->C[d->current];

  for (guint j0 = 0; j0 < d->k; j0 += 3)
    {
      guint nr = MIN (3, d->k - j0);
      gsize wide = widest[nr - 1];

      for (gsize row = r0; row < r1; )
        {
          gsize vectors = (r1 - row) / 4;
          gsize take = vectors >= wide ? wide : vectors >= 2 ? 2 : 1;
          guint which = take == wide ? 2 : take - 1;

          blocks[nr - 1][which] (d->G + row, d->ld, d->m, C + j0 * d->ld, d->b + j0,
                                 d->Z + j0 * d->ld + row);
          row += 4 * take;
        }
    }
}
#endif

static void
decide_rows (const LlDual *d,
             gsize         r0,
             gsize         r1)
{
#ifdef LL_DUAL_X86
  if (d->avx2)
    {
      decide_rows_avx2 (d, r0, r1);
      return;
    }
#endif
  decide_rows_portable (d, r0, r1);
}

/* Residuals of rows [R0, R1) in place of Z, their sums per run into SUMS,
 * and the next coefficients of those rows. */
static void
update_rows (const LlDual *d,
             gsize         r0,
             gsize         r1,
             double       *sums)
{
  const double *C = d->C[d->current];
  double *next = d->C[d->current ^ 1];

  for (guint j = 0; j < d->k; j++)
    {
      double *r = d->Z + j * d->ld;
      const double *c = C + j * d->ld;
      double *c_next = next + j * d->ld;
      double alpha = d->alpha[j];

      sums[j] = r1 > r0 ? ll_vsigmoid_residual (r + r0, d->y + r0, r + r0, r1 - r0) : 0.0;
      for (gsize i = r0; i < r1; i++)
        c_next[i] = c[i] + alpha * r[i];
    }
}

/* COMMAND on rows [R0, R1) of the m real ones (R0 a multiple of 4). */
static void
run_rows (const LlDual *d,
          Command       command,
          gsize         r0,
          gsize         r1,
          double       *sums)
{
  if (command != COMMAND_UPDATE)
    decide_rows (d, r0, r1 == d->m ? d->ld : r1);
  if (command != COMMAND_DECIDE)
    update_rows (d, r0, r1, sums);
}

static gpointer
worker_main (gpointer data)
{
  LlDual *d = data;
  gint seen = 0;

  for (;;)
    {
      Command command;

      wait_while_equal (&d->generation, seen, &d->worker_sleeping);
      seen = g_atomic_int_get (&d->generation);
      command = (Command) g_atomic_int_get (&d->command);
      if (command == COMMAND_QUIT)
        return NULL;
      run_rows (d, command, d->split, d->m, d->sums[1]);
      g_atomic_int_set (&d->done, seen);
      wake (&d->done, &d->caller_sleeping);
    }
}

/* Runs COMMAND on all rows, the worker taking its share, and finishes the
 * update (biases, swap) once both halves are in. */
static void
run (LlDual  *d,
     Command  command)
{
  if (d->worker != NULL)
    {
      gint generation;

      g_atomic_int_set (&d->command, command);
      generation = g_atomic_int_add (&d->generation, 1) + 1;
      wake (&d->generation, &d->worker_sleeping);
      run_rows (d, command, 0, d->split, d->sums[0]);
      for (gint done; (done = g_atomic_int_get (&d->done)) != generation; )
        wait_while_equal (&d->done, done, &d->caller_sleeping);
    }
  else
    run_rows (d, command, 0, d->m, d->sums[0]);

  if (command == COMMAND_DECIDE)
    return;
  for (guint j = 0; j < d->k; j++)
    {
      /* The caller's rows, then the worker's: a fixed order, so a run is
       * reproducible to the bit for a given number of threads. */
      double sum = d->sums[0][j] + d->sums[1][j];

      d->b[j] -= d->rates[j] * (sum / (double) d->m);
    }
  d->current ^= 1;
}

void
ll_dual_step (LlDual *dual)
{
  run (dual, COMMAND_STEP);
}

void
ll_dual_decide (LlDual *dual)
{
  run (dual, COMMAND_DECIDE);
}

void
ll_dual_update (LlDual *dual)
{
  run (dual, COMMAND_UPDATE);
}

gsize
ll_dual_stride (const LlDual *dual)
{
  return dual->ld;
}

const double *
ll_dual_decisions (const LlDual *dual)
{
  return dual->Z;
}

const double *
ll_dual_coefficients (const LlDual *dual)
{
  return dual->C[dual->current];
}

const double *
ll_dual_biases (const LlDual *dual)
{
  return dual->b;
}

guint
ll_dual_threads (const LlDual *dual)
{
  return dual->worker != NULL ? 2 : 1;
}

static double *
aligned_zeros (gsize rows,
               gsize cols)
{
  gsize count, bytes;

  void *memory = NULL;

  /* Not g_aligned_alloc0: it aborts on failure, and this must report it. */
  if (!g_size_checked_mul (&count, MAX (rows, 1), MAX (cols, 1))
      || !g_size_checked_mul (&bytes, count, sizeof (double))
      || posix_memalign (&memory, 32, bytes) != 0)
    return NULL;
  memset (memory, 0, bytes);
  return memory;
}

LlDual *
ll_dual_new (const double *G,
             gsize         m,
             const double *y,
             const double *rates,
             guint         k,
             guint         n_threads)
{
  LlDual *d = g_new0 (LlDual, 1);

  d->m = m;
  d->ld = (m + 3) & ~(gsize) 3;
  d->k = k;
  d->y = y;
  d->rates = rates;
  d->G = aligned_zeros (d->ld, m);
  d->C[0] = aligned_zeros (d->ld, k);
  d->C[1] = aligned_zeros (d->ld, k);
  d->Z = aligned_zeros (d->ld, k);
  d->b = g_try_new0 (double, k);
  d->alpha = g_try_new0 (double, k);
  d->sums[0] = g_try_new0 (double, k);
  d->sums[1] = g_try_new0 (double, k);
  if (d->G == NULL || d->C[0] == NULL || d->C[1] == NULL || d->Z == NULL || d->b == NULL
      || d->alpha == NULL || d->sums[0] == NULL || d->sums[1] == NULL)
    {
      ll_dual_free (d);
      return NULL;
    }
  for (gsize l = 0; l < m; l++)
    memcpy (d->G + l * d->ld, G + l * m, sizeof (double) * m);
  for (guint j = 0; j < k; j++)
    d->alpha[j] = -rates[j] / (double) m;
#ifdef LL_DUAL_X86
  d->avx2 = __builtin_cpu_supports ("avx2") && __builtin_cpu_supports ("fma");
#endif

  if (n_threads >= 2 && m >= MIN_ROWS_FOR_TWO_THREADS)
    {
      /* Halves on a vector boundary. */
      d->split = (m / 2 + 2) & ~(gsize) 3;
      d->worker = g_thread_try_new ("ll-dual", worker_main, d, NULL);
    }
  return d;
}

void
ll_dual_free (LlDual *dual)
{
  if (dual == NULL)
    return;
  if (dual->worker != NULL)
    {
      g_atomic_int_set (&dual->command, COMMAND_QUIT);
      g_atomic_int_inc (&dual->generation);
      wake (&dual->generation, &dual->worker_sleeping);
      g_thread_join (dual->worker);
    }
  free (dual->G);
  free (dual->C[0]);
  free (dual->C[1]);
  free (dual->Z);
  g_free (dual->b);
  g_free (dual->alpha);
  g_free (dual->sums[0]);
  g_free (dual->sums[1]);
  g_free (dual);
}
