/* SPDX-License-Identifier: GPL-3.0-or-later */
/* trainer-dual.c: the dual-form iteration, fused, on one or two cores.
 *
 * On the course's data (m = 209, k = 3) an iteration is 131k multiply-adds
 * on a G that stays in L2: a few microseconds. At that size a BLAS call per
 * step, a separate sigmoid pass and a thread pool's wake-up would each cost
 * as much as the arithmetic, so the product, the residuals and the update
 * run in one pass over each panel of 12 rows, the caller and one helper of a
 * persistent team (team.h) claim panels (each its own half first), and they
 * meet once per iteration at a spin-then-futex join. */
#include "config.h"

#include "trainer-private.h"
#include "core/data/big-buffer.h"
#include "team.h"
#include "vmath.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LL_DUAL_X86 1
#endif

/* Below this many examples a second thread costs more than it saves
 * (two cross-core handoffs of ~0.2 us against the half of m^2 k / 16 cycles). */
#define MIN_ROWS_FOR_TWO_THREADS 96
/* Whether the worker pays depends on what else runs: on a busy machine it
 * shares its core with other programs and the caller waits for it. So the
 * caller times PROBE_ITERATIONS with the worker and as many without, keeps
 * the faster way for CHOICE_ITERATIONS, and probes again. A wait past the
 * spin (the worker lost its core mid-panel: a time slice, milliseconds)
 * ends a stretch with the worker at once. */
#define PROBE_ITERATIONS 32
#define CHOICE_ITERATIONS 1024
/* The first iterations of a probe with the worker are not timed: the
 * worker, asleep since its last round, wakes (tens of microseconds in a
 * virtual machine) and brings its half of G back into its core's L2, which
 * made two threads look slower than one in the probe (14 against 12 us an
 * iteration on a busy machine, from the first iterations alone). */
#define PROBE_WARMUP_ITERATIONS 4
/* A stretch (ll_dual_steps) splits the runs, not the rows, between the
 * caller and the worker: the runs are independent, so each side iterates
 * its own with no join until the stretch ends, where splitting the rows
 * joins the two cores at every iteration (two handoffs of a cache line
 * each way, and C's halves crossing between the cores): on this VM two
 * threads were then no faster than one. At most this many iterations. */
#define STRETCH_MAX LL_DUAL_STRETCH_MAX
/* And at most this many multiply-adds (about a millisecond): bigger
 * problems split their rows at every iteration as before. */
#define STRETCH_MULADDS (G_GUINT64_CONSTANT (1) << 24)
#define CACHE_LINE_DOUBLES 8

typedef enum {
  PHASE_PROBE_DUO,
  PHASE_PROBE_SOLO,
  PHASE_CHOSEN,
} Phase;

typedef enum {
  COMMAND_STEP,
  COMMAND_DECIDE,
  COMMAND_UPDATE,
  COMMAND_STRETCH,       /* items are groups of runs (ll_dual_steps) */
} Command;

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
  gsize sums_stride;     /* n_panels rounded up to a cache line of doubles */
  double *panel_sums;    /* k x sums_stride residual sums, summed in panel order */
  LlLossSum *panel_losses;  /* k x sums_stride cost sums when tracking costs, else NULL */
  double *costs;         /* k mean costs of the state before the last update */
  const double *y;
  const double *rates;
  gboolean *frozen;      /* k: runs that diverged, kept as they were */
  double limit;          /* on the sum of a run's |coefficients| */
  gboolean avx2;

  /* The caller and one helper thread each claim the panels of their own
   * half, then take what is left of the other's, so a worker that the
   * scheduler keeps waiting (two cores shared with other programs) delays
   * nothing: the caller then does all the panels. */
  LlTeam *team;          /* NULL on one thread */
  gsize halves[3];       /* the caller's half, the worker's half: team shares */
  Command command;       /* of the round in progress, for the worker */
  gboolean duo;          /* the worker takes part in this phase */
  Phase phase;
  guint phase_left;      /* run() calls left in this phase */
  guint warmup_left;     /* untimed run() calls left before a probe */
  gint64 duo_time, solo_time;  /* microseconds of the last probes */

  /* A stretch (ll_dual_steps): the runs in two groups, the caller's
   * [groups[0], groups[1]) and the worker's [groups[1], groups[2]), each
   * side iterating its own runs with no join until the stretch ends. */
  gsize group_items[3]; /* team bounds: item 0 the caller's group, 1 the worker's */
  guint groups[3];       /* the groups' runs: [groups[g], groups[g + 1]) */
  guint stretch_count;   /* iterations of the stretch in progress */
  guint stretch_cap;     /* STRETCH_MAX rounded up to a cache line of doubles */
  double *stretch_costs; /* k x stretch_cap: run j's cost at each iteration */
  guint *stretch_frozen; /* k: the iteration of the stretch that froze run j */
};

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

/* Rows [R0, R1) of Z for runs [J0, J1) from coefficients C, R0 and R1
 * on panel boundaries (portable). */
static void
decide_rows_portable (const LlDual *d,
                      const double *C,
                      gsize         r0,
                      gsize         r1,
                      guint         j0,
                      guint         j1)
{
  for (gsize p0 = r0; p0 < r1; p0 += PANEL_ROWS)
    {
      gsize w = panel_width (d, p0);
      const double *panel = d->G + p0 * d->m;

      for (guint j = j0; j < j1; j++)
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

/* PANELS whole panels side by side (3 vectors each) times NR runs: with
 * one or two runs (a stretch's groups), a single panel has too few
 * accumulators (3 or 6) to cover the FMA latency. Each accumulator is
 * still one row vector's sum over l in order: the same bits as one panel
 * at a time. */
static inline __attribute__ ((always_inline, target ("avx2,fma"))) void
decide_panels_avx2 (const double *panel,
                    gsize         m,
                    const double *C,
                    gsize         ldc,
                    const double *b,
                    double       *Z,
                    gsize         ldz,
                    const int     PANELS,
                    const int     NR)
{
  const gsize panel_stride = (gsize) PANEL_ROWS * m;
  __m256d acc[3][3][2];

  _Pragma ("GCC unroll 3")
  for (int q = 0; q < PANELS; q++)
    _Pragma ("GCC unroll 3")
    for (int v = 0; v < 3; v++)
      _Pragma ("GCC unroll 2")
      for (int j = 0; j < NR; j++)
        acc[q][v][j] = _mm256_setzero_pd ();
  for (gsize l = 0; l < m; l++)
    {
      __m256d coefficient[2];

      _Pragma ("GCC unroll 2")
      for (int j = 0; j < NR; j++)
        coefficient[j] = _mm256_broadcast_sd (C + l + (gsize) j * ldc);
      _Pragma ("GCC unroll 3")
      for (int q = 0; q < PANELS; q++)
        _Pragma ("GCC unroll 3")
        for (int v = 0; v < 3; v++)
          {
            __m256d column = _mm256_load_pd (panel + q * panel_stride + l * PANEL_ROWS + 4 * v);

            _Pragma ("GCC unroll 2")
            for (int j = 0; j < NR; j++)
              acc[q][v][j] = _mm256_fmadd_pd (column, coefficient[j], acc[q][v][j]);
          }
    }
  _Pragma ("GCC unroll 2")
  for (int j = 0; j < NR; j++)
    {
      __m256d bias = _mm256_broadcast_sd (b + j);

      _Pragma ("GCC unroll 3")
      for (int q = 0; q < PANELS; q++)
        _Pragma ("GCC unroll 3")
        for (int v = 0; v < 3; v++)
          _mm256_store_pd (Z + (gsize) j * ldz + q * PANEL_ROWS + 4 * v,
                           _mm256_add_pd (acc[q][v][j], bias));
    }
}

static __attribute__ ((target ("avx2,fma"))) void
decide_panels_3_1 (const double *panel, gsize m, const double *C, gsize ldc,
                   const double *b, double *Z, gsize ldz)
{
  decide_panels_avx2 (panel, m, C, ldc, b, Z, ldz, 3, 1);
}

static __attribute__ ((target ("avx2,fma"))) void
decide_panels_2_2 (const double *panel, gsize m, const double *C, gsize ldc,
                   const double *b, double *Z, gsize ldz)
{
  decide_panels_avx2 (panel, m, C, ldc, b, Z, ldz, 2, 2);
}

/* Rows [R0, R1) on panel boundaries, runs three at a time (9 accumulators
 * cover the FMA latency of 4 cycles x 2 pipes). */
static void
decide_rows_avx2 (const LlDual *d,
                  const double *C,
                  gsize         r0,
                  gsize         r1,
                  guint         first,
                  guint         end)
{
  static const DecidePanel panels[3][3] = {
    { decide_panel_1_1, decide_panel_2_1, decide_panel_3_1 },
    { decide_panel_1_2, decide_panel_2_2, decide_panel_3_2 },
    { decide_panel_1_3, decide_panel_2_3, decide_panel_3_3 },
  };
  for (guint j0 = first; j0 < end; j0 += 3)
    {
      guint nr = MIN (3, end - j0);
      /* Whole panels taken together for one or two runs. */
      gsize together = nr == 1 ? 3 : nr == 2 ? 2 : 1;

      for (gsize p0 = r0; p0 < r1; )
        {
          gsize vectors = panel_width (d, p0) / 4;

          if (together > 1 && p0 + together * PANEL_ROWS <= MIN (r1, d->ld)
              && panel_width (d, p0 + (together - 1) * PANEL_ROWS) == PANEL_ROWS)
            {
              (nr == 1 ? decide_panels_3_1 : decide_panels_2_2) (d->G + p0 * d->m, d->m,
                                                                  C + j0 * d->ld, d->ld, d->b + j0,
                                                                  d->Z + j0 * d->ld + p0, d->ld);
              p0 += together * PANEL_ROWS;
              continue;
            }
          panels[nr - 1][vectors - 1] (d->G + p0 * d->m, d->m, C + j0 * d->ld, d->ld,
                                       d->b + j0, d->Z + j0 * d->ld + p0, d->ld);
          p0 += PANEL_ROWS;
        }
    }
}
#endif

static void
decide_rows (const LlDual *d,
             const double *C,
             gsize         r0,
             gsize         r1,
             guint         j0,
             guint         j1)
{
#ifdef LL_DUAL_X86
  if (d->avx2)
    {
      decide_rows_avx2 (d, C, r0, r1, j0, j1);
      return;
    }
#endif
  decide_rows_portable (d, C, r0, r1, j0, j1);
}

/* Residuals of rows [R0, R1) of panel P in place of Z for runs [J0, J1),
 * their sums into the panel's entry of each run's sums, and the next
 * coefficients (into NEXT) of those rows. */
static void
update_rows (const LlDual *d,
             const double *C,
             double       *next,
             gsize         p,
             gsize         r0,
             gsize         r1,
             guint         j0,
             guint         j1)
{
  for (guint j = j0; j < j1; j++)
    {
      double *r = d->Z + j * d->ld;
      const double *c = C + j * d->ld;
      double *c_next = next + j * d->ld;
      double alpha = d->alpha[j];
      double *sum = d->panel_sums + j * d->sums_stride + p;

      if (d->panel_losses != NULL)
        {
          LlLossSum *loss = d->panel_losses + j * d->sums_stride + p;

          *loss = (LlLossSum) LL_LOSS_SUM_INIT;
          *sum = r1 > r0 ? ll_vsigmoid_residual_loss (r + r0, d->y + r0, r + r0, r1 - r0, loss)
                         : 0.0;
        }
      else
        *sum = r1 > r0 ? ll_vsigmoid_residual (r + r0, d->y + r0, r + r0, r1 - r0) : 0.0;
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
  const double *C = d->C[d->current];

  if (command != COMMAND_UPDATE)
    decide_rows (d, C, r0, r1, 0, d->k);
  if (command != COMMAND_DECIDE)
    update_rows (d, C, d->C[d->current ^ 1], p, r0, MIN (r1, d->m), 0, d->k);
}

static void run_group (LlDual *d,
                       gsize   group);

/* The team's item: a panel, with the round's command, or in a stretch a
 * group of runs. */
static void
run_team_item (gpointer data,
               gsize    item)
{
  LlDual *d = data;

  if (d->command == COMMAND_STRETCH)
    run_group (d, item);
  else
    run_panel (d, d->command, item);
}

static void
enter_phase (LlDual *d,
             Phase   phase,
             guint   length,
             gboolean duo)
{
  d->phase = phase;
  d->phase_left = length;
  d->warmup_left = phase == PHASE_PROBE_DUO ? PROBE_WARMUP_ITERATIONS : 0;
  d->duo = duo;
}

/* Accounts a run() of MICROSECONDS and decides how the next one runs. */
static void
choose (LlDual   *d,
        gint64    microseconds,
        gboolean  stalled)
{
  /* The untimed start of a probe is the worker's waking: a wait there
   * says nothing of the core it runs on. */
  if (stalled && d->warmup_left == 0)
    {
      enter_phase (d, PHASE_CHOSEN, CHOICE_ITERATIONS, FALSE);
      return;
    }
  if (d->warmup_left > 0)
    {
      d->warmup_left--;
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

/* Whether run J's next coefficients are finite and their |sum| within the
 * limit (NaN fails the comparison). Four independent sums: one chain of m
 * dependent additions a run (some 2500 cycles an iteration on the course's
 * data, by the adder's latency) ran on the caller alone between the rounds;
 * the order matters to nothing else (a guard against overflow, far from any
 * rounding). The rows past m are zero. */
static gboolean
coefficients_within (const LlDual *d,
                     const double *next,
                     guint         j)
{
  const double *c = next + j * d->ld;
  double sums[4] = { 0 };

  for (gsize i = 0; i < d->ld; i += 4)
    for (guint l = 0; l < 4; l++)
      sums[l] += fabs (c[i + l]);
  return (sums[0] + sums[1]) + (sums[2] + sums[3]) <= d->limit;
}

/* Run J's update once all its panels are in: its bias, the divergence
 * guard (NEXT keeps C's column when the run freezes), its cost. */
static void
finish_run (LlDual       *d,
            guint         j,
            const double *C,
            double       *next)
{
  /* In panel order whoever computed them: the same bits on any number of
   * threads. */
  const double *sums = d->panel_sums + j * d->sums_stride;
  double sum = 0;
  double b;

  for (gsize p = 0; p < d->n_panels; p++)
    sum += sums[p];
  b = d->b[j] - d->rates[j] * (sum / (double) d->m);
  if (!d->frozen[j] && !(isfinite (b) && coefficients_within (d, next, j)))
    d->frozen[j] = TRUE;
  if (d->frozen[j])
    memcpy (next + j * d->ld, C + j * d->ld, sizeof (double) * d->ld);
  else
    d->b[j] = b;
  if (d->panel_losses != NULL)
    {
      const LlLossSum *losses = d->panel_losses + j * d->sums_stride;
      LlLossSum loss = LL_LOSS_SUM_INIT;

      for (gsize p = 0; p < d->n_panels; p++)
        ll_loss_sum_merge (&loss, &losses[p]);
      d->costs[j] = ll_loss_sum_value (&loss) / (double) d->m;
    }
}

/* Runs COMMAND on every panel, with the worker's help when there is one,
 * and finishes the update (biases, swap) once all are in. */
static void
run (LlDual  *d,
     Command  command)
{
  gint64 start = d->team != NULL ? g_get_monotonic_time () : 0;
  gboolean stalled = FALSE;

  if (d->team != NULL && d->duo)
    {
      /* Read by the worker only after it claims a panel of this round. */
      d->command = command;
      stalled = ll_team_run (d->team, d->halves);
    }
  else
    for (gsize p = 0; p < d->n_panels; p++)
      run_panel (d, command, p);
  if (d->team != NULL)
    choose (d, g_get_monotonic_time () - start, stalled);

  if (command == COMMAND_DECIDE)
    return;
  for (guint j = 0; j < d->k; j++)
    finish_run (d, j, d->C[d->current], d->C[d->current ^ 1]);
  d->current ^= 1;
}

void
ll_dual_step (LlDual *dual)
{
  run (dual, COMMAND_STEP);
}

/* The team's item in a stretch: GROUP's runs through the stretch's
 * iterations, each the same fused step as run_panel's over every panel, so
 * every run's bits are those of ll_dual_step. Only this group's runs are
 * read or written (their columns of C and Z, sums, b, frozen, costs). */
static void
run_group (LlDual *d,
           gsize   group)
{
  guint j0 = d->groups[group], j1 = d->groups[group + 1];
  guint cur = d->current;

  for (guint it = 0; it < d->stretch_count; it++, cur ^= 1)
    {
      const double *C = d->C[cur];
      double *next = d->C[cur ^ 1];

      /* Three panels at a time: the product takes them together. */
      for (gsize p0 = 0; p0 < d->n_panels; p0 += 3)
        {
          gsize p1 = MIN (p0 + 3, d->n_panels);

          decide_rows (d, C, p0 * PANEL_ROWS, MIN (p1 * PANEL_ROWS, d->ld), j0, j1);
          for (gsize p = p0; p < p1; p++)
            {
              gsize r0 = p * PANEL_ROWS;

              update_rows (d, C, next, p, r0, MIN (MIN (r0 + PANEL_ROWS, d->ld), d->m), j0, j1);
            }
        }
      for (guint j = j0; j < j1; j++)
        {
          gboolean was_frozen = d->frozen[j];

          finish_run (d, j, C, next);
          if (d->frozen[j] && !was_frozen)
            d->stretch_frozen[j] = it;
          if (d->panel_losses != NULL)
            d->stretch_costs[j * d->stretch_cap + it] = d->costs[j];
        }
    }
}

guint
ll_dual_steps (LlDual  *dual,
               guint    max_count,
               double  *costs,
               guint   *frozen_at)
{
  LlDual *d = dual;
  guint k = d->k, count;
  gint64 start, elapsed;
  gboolean stalled;

  /* A stretch while the worker takes part (the probes still time it
   * against the caller alone), when there are runs to split and the
   * iterations are short: a stretch is read for cancellation and attention
   * only at its ends, so it stays around a millisecond. */
  count = MIN (MIN (MAX (max_count, 1), STRETCH_MAX), d->warmup_left + d->phase_left);
  count = MIN (count, MAX (STRETCH_MULADDS / ((guint64) d->m * d->m * k), 1));
  /* The untimed start of a probe (the worker waking, its caches filling)
   * is a stretch of its own. */
  if (d->warmup_left > 0)
    count = MIN (count, d->warmup_left);
  if (d->team == NULL || !d->duo || k < 2 || count < 2)
    {
      gboolean *was_frozen = g_newa (gboolean, k);

      memcpy (was_frozen, d->frozen, sizeof (gboolean) * k);
      run (d, COMMAND_STEP);
      for (guint j = 0; j < k; j++)
        {
          frozen_at[j] = d->frozen[j] && !was_frozen[j] ? 0 : G_MAXUINT;
          costs[j] = d->panel_losses != NULL ? d->costs[j] : 0;
        }
      return 1;
    }

  for (guint j = 0; j < k; j++)
    d->stretch_frozen[j] = G_MAXUINT;
  d->stretch_count = count;
  start = g_get_monotonic_time ();
  /* Read by the worker only after it claims an item of this round. */
  d->command = COMMAND_STRETCH;
  stalled = ll_team_run (d->team, d->group_items);
  elapsed = g_get_monotonic_time () - start;
  d->current ^= count & 1;

  for (guint j = 0; j < k; j++)
    {
      frozen_at[j] = d->stretch_frozen[j];
      for (guint it = 0; it < count; it++)
        costs[it * k + j] = d->panel_losses != NULL ? d->stretch_costs[j * d->stretch_cap + it] : 0;
    }
  /* The probes count iterations: the stretch's time spread over them. */
  for (guint it = 0; it < count; it++)
    choose (d, elapsed * (it + 1) / count - elapsed * it / count, stalled);
  return count;
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

void
ll_dual_set_limit (LlDual *dual,
                   double  limit)
{
  dual->limit = limit;
}

void
ll_dual_freeze (LlDual *dual,
                guint   j)
{
  dual->frozen[j] = TRUE;
}

const gboolean *
ll_dual_frozen (const LlDual *dual)
{
  return dual->frozen;
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

gboolean
ll_dual_track_costs (LlDual *dual)
{
  if (dual->panel_losses != NULL)
    return TRUE;
  dual->costs = g_try_new0 (double, dual->k);
  dual->panel_losses = ll_big_buffer_try_alloc0 (sizeof (LlLossSum) * dual->sums_stride * dual->k);
  if (dual->costs == NULL || dual->panel_losses == NULL)
    {
      g_clear_pointer (&dual->costs, g_free);
      g_clear_pointer (&dual->panel_losses, g_free);
      return FALSE;
    }
  return TRUE;
}

const double *
ll_dual_costs (const LlDual *dual)
{
  return dual->costs;
}

guint
ll_dual_threads (const LlDual *dual)
{
  return dual->team != NULL ? 2 : 1;
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

  /* Not g_aligned_alloc0: it aborts on failure, and this must report it. */
  if (!g_size_checked_mul (&count, MAX (rows, 1), MAX (cols, 1))
      || !g_size_checked_mul (&bytes, count, sizeof (double)))
    return NULL;
  return ll_big_buffer_try_alloc0 (bytes);
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
  d->frozen = g_try_new0 (gboolean, k);
  d->limit = G_MAXDOUBLE;
  d->n_panels = (d->ld + PANEL_ROWS - 1) / PANEL_ROWS;
  enter_phase (d, PHASE_PROBE_DUO, PROBE_ITERATIONS, TRUE);
  /* Each run's sums on cache lines of their own: in a stretch, two
   * threads write different runs' sums at once. */
  d->sums_stride = (d->n_panels + CACHE_LINE_DOUBLES - 1) & ~(gsize) (CACHE_LINE_DOUBLES - 1);
  d->panel_sums = ll_big_buffer_try_alloc0 (sizeof (double) * d->sums_stride * k);
  d->stretch_cap = (STRETCH_MAX + CACHE_LINE_DOUBLES - 1) & ~(guint) (CACHE_LINE_DOUBLES - 1);
  d->stretch_costs = ll_big_buffer_try_alloc0 (sizeof (double) * d->stretch_cap * k);
  d->stretch_frozen = g_try_new0 (guint, k);
  if (d->G == NULL || d->C[0] == NULL || d->C[1] == NULL || d->Z == NULL || d->b == NULL
      || d->alpha == NULL || d->frozen == NULL || d->panel_sums == NULL
      || d->stretch_costs == NULL || d->stretch_frozen == NULL)
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

  /* The team counts items in a gint. */
  if (n_threads >= 2 && m >= MIN_ROWS_FOR_TWO_THREADS && d->n_panels <= G_MAXINT)
    {
      d->halves[0] = 0;
      d->halves[1] = (d->n_panels + 1) / 2;
      d->halves[2] = d->n_panels;
      /* A stretch's groups: the caller takes the larger. */
      d->group_items[0] = 0;
      d->group_items[1] = 1;
      d->group_items[2] = 2;
      d->groups[0] = 0;
      d->groups[1] = (k + 1) / 2;
      d->groups[2] = k;
      d->team = ll_team_new (2, "ll-dual", run_team_item, d);
      if (ll_team_size (d->team) < 2)
        g_clear_pointer (&d->team, ll_team_free);
    }
  return d;
}

void
ll_dual_free (LlDual *dual)
{
  if (dual == NULL)
    return;
  g_clear_pointer (&dual->team, ll_team_free);
  free (dual->G);
  free (dual->C[0]);
  free (dual->C[1]);
  free (dual->Z);
  g_free (dual->b);
  g_free (dual->alpha);
  g_free (dual->frozen);
  free (dual->panel_sums);
  free (dual->panel_losses);
  free (dual->stretch_costs);
  g_free (dual->stretch_frozen);
  g_free (dual->costs);
  g_free (dual);
}
