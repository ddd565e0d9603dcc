/* trainer-dual.c: the dual-form iteration, fused, on one or two cores.
 *
 * On the course's data (m = 209, k = 3) an iteration is 131k multiply-adds
 * on a G that stays in L2: a few microseconds. At that size a BLAS call per
 * step, a separate sigmoid pass and a thread pool's wake-up would each cost
 * as much as the arithmetic, so the product, the residuals and the update
 * run in one pass over each panel of 12 rows, the two threads claim panels
 * (each its own half first), and they meet once per iteration at a
 * spin-then-futex join. */
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
#define SPIN_MICROSECONDS 10
/* Whether the worker pays depends on what else runs: on a busy machine it
 * shares its core with other programs and the caller waits for it. So the
 * caller times PROBE_ITERATIONS with the worker and as many without, keeps
 * the faster way for CHOICE_ITERATIONS, and probes again. A wait past the
 * spin (the worker lost its core mid-panel: a time slice, milliseconds)
 * ends a stretch with the worker at once. */
#define PROBE_ITERATIONS 32
#define CHOICE_ITERATIONS 1024

typedef enum {
  PHASE_PROBE_DUO,
  PHASE_PROBE_SOLO,
  PHASE_CHOSEN,
} Phase;

typedef enum {
  COMMAND_STEP,
  COMMAND_DECIDE,
  COMMAND_UPDATE,
} Command;

/* A half of the panels, [start, end), claimed through TICKET =
 * generation << 32 | command << 24 | next panel. */
typedef struct {
  guint64 ticket;
  gsize start, end;
  char pad[64 - sizeof (guint64) - 2 * sizeof (gsize)];
} Range;

struct _LlDual {
  gsize m, ld;           /* examples; leading dimension (m rounded up to 4) */
  guint k;
  double *G;             /* ld x m in panels (see PANEL_ROWS), rows m..ld-1 zero, aligned */
  double *C[2];          /* ld x k coefficients, current and next */
  guint current;
  double *Z;             /* ld x k decisions, then residuals */
  double *b;             /* k biases */
  double *alpha;         /* k: -lr / m, the coefficient update's factor */
  gsize n_panels;
  double *panel_sums;    /* n_panels x k residual sums, summed in panel order */
  const double *y;
  const double *rates;
  gboolean avx2;

  /* Each thread claims the panels of its own half, then takes what is
   * left of the other's, so a worker that the scheduler keeps waiting (two
   * cores shared with other programs) delays nothing: the caller then does
   * all the panels. Each half's ticket has a cache line of its own: an
   * owner's claims do not bounce it between the cores. */
  GThread *worker;
  Range ranges[2];       /* the caller's half, the worker's half */
  guint32 issued;        /* the caller's count of generations */
  gint generation;       /* futex word: the generation handed out last */
  gint finished;         /* futex word: panels finished in this generation */
  gint quit;
  gint worker_sleeping;
  gint caller_sleeping;
  gboolean duo;          /* the worker takes part in this phase */
  Phase phase;
  guint phase_left;      /* run() calls left in this phase */
  gint64 duo_time, solo_time;  /* microseconds of the last probes */
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
 * *SLEEPING raised so the other side knows to wake it. TRUE if it slept. */
static gboolean
wait_while_equal (gint *address,
                  gint  value,
                  gint *sleeping)
{
  gint64 deadline = 0;

  for (guint i = 1; ; i++)
    {
      if (g_atomic_int_get (address) != value)
        return FALSE;
      cpu_relax ();
      if (i % 64 == 0)
        {
          gint64 now = g_get_monotonic_time ();

          if (deadline == 0)
            deadline = now + SPIN_MICROSECONDS;
          else if (now > deadline)
            break;
        }
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
  return TRUE;
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

/* G is stored in panels of PANEL_ROWS rows (the last one narrower, a
 * multiple of 4): panel p, starting at row r0 with width w, holds G[r0 + r, l]
 * at G[r0 * m + l * w + r]. A panel is one sequential stream of m * w
 * doubles, which the prefetchers follow; the plain column-major layout made
 * each block jump 1.7 KB per column and fetch every cache line twice. */
#define PANEL_ROWS 12

static gsize
panel_width (const LlDual *d,
             gsize         r0)
{
  return MIN (PANEL_ROWS, d->ld - r0);
}

/* Rows [R0, R1) of Z for every run, R0 and R1 on panel boundaries (portable). */
static void
decide_rows_portable (const LlDual *d,
                      gsize         r0,
                      gsize         r1)
{
  const double *C = d->C[d->current];

  for (gsize p0 = r0; p0 < r1; p0 += PANEL_ROWS)
    {
      gsize w = panel_width (d, p0);
      const double *panel = d->G + p0 * d->m;

      for (guint j = 0; j < d->k; j++)
        {
          const double *c = C + j * d->ld;
          double z[PANEL_ROWS] = { 0 };

          for (gsize l = 0; l < d->m; l++)
            for (gsize r = 0; r < w; r++)
              z[r] += panel[l * w + r] * c[l];
          for (gsize r = 0; r < w; r++)
            d->Z[j * d->ld + p0 + r] = z[r] + d->b[j];
        }
    }
}

#ifdef LL_DUAL_X86
/* One panel of MR vectors (4 rows each) times NR runs, held in registers
 * across the whole sum over l: each G vector loaded serves NR runs. */
static inline __attribute__ ((always_inline, target ("avx2,fma"))) void
decide_panel_avx2 (const double *panel,
                   gsize         m,
                   const double *C,
                   gsize         ldc,
                   const double *b,
                   double       *Z,
                   gsize         ldz,
                   const int     MR,
                   const int     NR)
{
  __m256d acc[3][3];

  _Pragma ("GCC unroll 3")
  for (int v = 0; v < MR; v++)
    _Pragma ("GCC unroll 3")
    for (int j = 0; j < NR; j++)
      acc[v][j] = _mm256_setzero_pd ();
  for (gsize l = 0; l < m; l++)
    {
      const double *g = panel + l * 4 * MR;
      __m256d column[3];

      _Pragma ("GCC unroll 3")
      for (int v = 0; v < MR; v++)
        column[v] = _mm256_load_pd (g + 4 * v);
      _Pragma ("GCC unroll 3")
      for (int j = 0; j < NR; j++)
        {
          __m256d coefficient = _mm256_broadcast_sd (C + l + (gsize) j * ldc);

          _Pragma ("GCC unroll 3")
          for (int v = 0; v < MR; v++)
            acc[v][j] = _mm256_fmadd_pd (column[v], coefficient, acc[v][j]);
        }
    }
  _Pragma ("GCC unroll 3")
  for (int j = 0; j < NR; j++)
    {
      __m256d bias = _mm256_broadcast_sd (b + j);

      _Pragma ("GCC unroll 3")
      for (int v = 0; v < MR; v++)
        _mm256_store_pd (Z + (gsize) j * ldz + 4 * v, _mm256_add_pd (acc[v][j], bias));
    }
}

#define DECIDE_PANEL(MR, NR) \
  static __attribute__ ((target ("avx2,fma"))) void \
  decide_panel_##MR##_##NR (const double *panel, gsize m, const double *C, gsize ldc, \
                            const double *b, double *Z, gsize ldz) \
  { \
    decide_panel_avx2 (panel, m, C, ldc, b, Z, ldz, MR, NR); \
  }
DECIDE_PANEL (1, 1) DECIDE_PANEL (2, 1) DECIDE_PANEL (3, 1)
DECIDE_PANEL (1, 2) DECIDE_PANEL (2, 2) DECIDE_PANEL (3, 2)
DECIDE_PANEL (1, 3) DECIDE_PANEL (2, 3) DECIDE_PANEL (3, 3)

typedef void (*DecidePanel) (const double *, gsize, const double *, gsize, const double *,
                             double *, gsize);

/* Rows [R0, R1) on panel boundaries, runs three at a time (9 accumulators
 * cover the FMA latency of 4 cycles x 2 pipes). */
static void
decide_rows_avx2 (const LlDual *d,
                  gsize         r0,
                  gsize         r1)
{
  static const DecidePanel panels[3][3] = {
    { decide_panel_1_1, decide_panel_2_1, decide_panel_3_1 },
    { decide_panel_1_2, decide_panel_2_2, decide_panel_3_2 },
    { decide_panel_1_3, decide_panel_2_3, decide_panel_3_3 },
  };
  const double *C = d->C[d->current];

  for (gsize p0 = r0; p0 < r1; p0 += PANEL_ROWS)
    {
      gsize vectors = panel_width (d, p0) / 4;

      for (guint j0 = 0; j0 < d->k; j0 += 3)
        {
          guint nr = MIN (3, d->k - j0);

          panels[nr - 1][vectors - 1] (d->G + p0 * d->m, d->m, C + j0 * d->ld, d->ld,
                                       d->b + j0, d->Z + j0 * d->ld + p0, d->ld);
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

/* COMMAND on panel P: its rows' decisions, residuals (their sums into
 * the panel's row of panel_sums) and next coefficients. */
static void
run_panel (const LlDual *d,
           Command       command,
           gsize         p)
{
  gsize r0 = p * PANEL_ROWS, r1 = MIN (r0 + PANEL_ROWS, d->ld);

  if (command != COMMAND_UPDATE)
    decide_rows (d, r0, r1);
  if (command != COMMAND_DECIDE)
    update_rows (d, r0, MIN (r1, d->m), d->panel_sums + p * d->k);
}

/* Claims the next panel of range R in GENERATION, with its command. */
static gboolean
claim (LlDual   *d,
       guint     r,
       guint32   generation,
       gsize    *panel,
       Command  *command)
{
  Range *range = &d->ranges[r];
  guint64 ticket = __atomic_load_n (&range->ticket, __ATOMIC_SEQ_CST);

  for (;;)
    {
      gsize next = ticket & 0xffffff;

      if ((guint32) (ticket >> 32) != generation || next >= range->end)
        return FALSE;
      /* On failure TICKET receives the current value: try again with it. */
      if (__atomic_compare_exchange_n (&range->ticket, &ticket, ticket + 1, FALSE,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        {
          *panel = next;
          *command = (Command) ((ticket >> 24) & 0xff);
          return TRUE;
        }
    }
}

/* Runs panels of GENERATION, its own half first (SELF: 0 the caller, 1 the
 * worker), then the rest of the other's, and counts them in `finished`. */
static void
work (LlDual  *d,
      guint    self,
      guint32  generation)
{
  gsize panel;
  Command command;
  gint done = 0;

  while (claim (d, self, generation, &panel, &command)
         || claim (d, self ^ 1, generation, &panel, &command))
    {
      run_panel (d, command, panel);
      done++;
    }
  if (done > 0)
    {
      g_atomic_int_add (&d->finished, done);
      wake (&d->finished, &d->caller_sleeping);
    }
}

static gpointer
worker_main (gpointer data)
{
  LlDual *d = data;
  gint seen = 0;

  for (;;)
    {
      wait_while_equal (&d->generation, seen, &d->worker_sleeping);
      seen = g_atomic_int_get (&d->generation);
      if (g_atomic_int_get (&d->quit))
        return NULL;
      work (d, 1, (guint32) seen);
    }
}

static void
enter_phase (LlDual *d,
             Phase   phase,
             guint   length,
             gboolean duo)
{
  d->phase = phase;
  d->phase_left = length;
  d->duo = duo;
}

/* Accounts a run() of MICROSECONDS and decides how the next one runs. */
static void
choose (LlDual   *d,
        gint64    microseconds,
        gboolean  stalled)
{
  if (stalled)
    {
      enter_phase (d, PHASE_CHOSEN, CHOICE_ITERATIONS, FALSE);
      return;
    }
  if (d->phase == PHASE_PROBE_DUO)
    d->duo_time += microseconds;
  else if (d->phase == PHASE_PROBE_SOLO)
    d->solo_time += microseconds;
  if (--d->phase_left > 0)
    return;
  if (d->phase == PHASE_PROBE_DUO)
    enter_phase (d, PHASE_PROBE_SOLO, PROBE_ITERATIONS, FALSE);
  else if (d->phase == PHASE_PROBE_SOLO)
    enter_phase (d, PHASE_CHOSEN, CHOICE_ITERATIONS, d->duo_time < d->solo_time);
  else
    {
      d->duo_time = d->solo_time = 0;
      enter_phase (d, PHASE_PROBE_DUO, PROBE_ITERATIONS, TRUE);
    }
}

/* Runs COMMAND on every panel, with the worker's help when there is one,
 * and finishes the update (biases, swap) once all are in. */
static void
run (LlDual  *d,
     Command  command)
{
  gint64 start = d->worker != NULL ? g_get_monotonic_time () : 0;
  gboolean stalled = FALSE;

  if (d->worker != NULL && d->duo)
    {
      guint32 generation = ++d->issued;

      /* Every panel of the previous generation is finished: nobody
       * touches `finished` or the tickets until the new ones are out. */
      g_atomic_int_set (&d->finished, 0);
      for (guint r = 0; r < 2; r++)
        __atomic_store_n (&d->ranges[r].ticket, (guint64) generation << 32
                                                | (guint64) command << 24 | d->ranges[r].start,
                          __ATOMIC_SEQ_CST);
      g_atomic_int_set (&d->generation, (gint) generation);
      wake (&d->generation, &d->worker_sleeping);
      work (d, 0, generation);
      for (gint finished; (finished = g_atomic_int_get (&d->finished)) != (gint) d->n_panels; )
        stalled |= wait_while_equal (&d->finished, finished, &d->caller_sleeping);
    }
  else
    for (gsize p = 0; p < d->n_panels; p++)
      run_panel (d, command, p);
  if (d->worker != NULL)
    choose (d, g_get_monotonic_time () - start, stalled);

  if (command == COMMAND_DECIDE)
    return;
  for (guint j = 0; j < d->k; j++)
    {
      /* In panel order whoever computed them: the same bits on any
       * number of threads. */
      double sum = 0;

      for (gsize p = 0; p < d->n_panels; p++)
        sum += d->panel_sums[p * d->k + j];
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

void
ll_dual_force_portable (LlDual *dual)
{
  dual->avx2 = FALSE;
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
  d->n_panels = (d->ld + PANEL_ROWS - 1) / PANEL_ROWS;
  enter_phase (d, PHASE_PROBE_DUO, PROBE_ITERATIONS, TRUE);
  d->panel_sums = g_try_new0 (double, d->n_panels * k);
  if (d->G == NULL || d->C[0] == NULL || d->C[1] == NULL || d->Z == NULL || d->b == NULL
      || d->alpha == NULL || d->panel_sums == NULL)
    {
      ll_dual_free (d);
      return NULL;
    }
  for (gsize p0 = 0; p0 < d->ld; p0 += PANEL_ROWS)
    {
      gsize w = panel_width (d, p0);
      double *panel = d->G + p0 * m;

      for (gsize l = 0; l < m; l++)
        for (gsize r = 0; r < w && p0 + r < m; r++)
          panel[l * w + r] = G[l * m + p0 + r];
    }
  for (guint j = 0; j < k; j++)
    d->alpha[j] = -rates[j] / (double) m;
#ifdef LL_DUAL_X86
  d->avx2 = ll_vmath_have_avx2 ();
#endif

  /* The ticket counts panels in 24 bits. */
  if (n_threads >= 2 && m >= MIN_ROWS_FOR_TWO_THREADS && d->n_panels < (1u << 24))
    {
      d->ranges[0].start = 0;
      d->ranges[0].end = d->ranges[1].start = (d->n_panels + 1) / 2;
      d->ranges[1].end = d->n_panels;
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
      g_atomic_int_set (&dual->quit, 1);
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
  g_free (dual->panel_sums);
  g_free (dual);
}
