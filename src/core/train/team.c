/* SPDX-License-Identifier: GPL-3.0-or-later */
/* team.c: persistent helper threads sharing rounds of work items.
 *
 * Starting and joining a thread costs tens of microseconds, a futex wake a
 * few: more than a whole dual iteration on the course's data, and a tenth
 * of a primal pass on Fashion-MNIST. So the helpers live as long as the
 * team, a round is handed out by bumping a generation counter, and each
 * side waits by spinning briefly before it sleeps on a futex. */
#include "config.h"

#include "team.h"

#ifdef __linux__
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define LL_TEAM_X86 1
#endif

/* How long a waiting side spins before it sleeps in the kernel: longer
 * than a handoff between two passes, far shorter than any pause the
 * trainer's progress callback makes. */
#define SPIN_MICROSECONDS 10
#define CACHE_LINE 64

/* A member's share of items, [next, end), claimed through TICKET =
 * round << 32 | next item. Each on a cache line of its own: an owner's
 * claims do not bounce it between the cores. */
typedef struct {
  guint64 ticket;
  gsize end;
  char pad[CACHE_LINE - sizeof (guint64) - sizeof (gsize)];
} Share;

typedef struct {
  LlTeam *team;
  guint member;
  GThread *thread;
} Helper;

struct _LlTeam {
  LlTeamItemFunc func;
  gpointer data;
  guint size;            /* members: the caller and the helpers that started */
  Share *shares;         /* size shares, cache-line aligned */
  Helper *helpers;       /* size - 1 */
  guint32 issued;        /* the caller's count of rounds */
  gint round;            /* futex word: the round handed out last */
  gint finished;         /* futex word: items finished in this round */
  gint quit;
  gint helpers_sleeping; /* how many helpers sleep on `round` */
  gint caller_sleeping;
};

static inline void
cpu_relax (void)
{
#ifdef LL_TEAM_X86
  _mm_pause ();
#endif
}

/* Blocks until *ADDRESS != VALUE: spins a while, then sleeps with
 * *SLEEPING counted up so the other side knows to wake it. TRUE if it slept. */
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
  g_atomic_int_inc (sleeping);
  while (g_atomic_int_get (address) == value)
    {
#ifdef __linux__
      /* Returns at once if *ADDRESS already changed: no lost wake-up. */
      syscall (SYS_futex, address, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
#else
      g_thread_yield ();
#endif
    }
  g_atomic_int_add (sleeping, -1);
  return TRUE;
}

/* After changing *ADDRESS (sequentially consistent, as g_atomic_int_* are):
 * wakes whoever sleeps on it. */
static void
wake (gint *address,
      gint *sleeping)
{
#ifdef __linux__
  if (g_atomic_int_get (sleeping) > 0)
    syscall (SYS_futex, address, FUTEX_WAKE_PRIVATE, G_MAXINT, NULL, NULL, 0);
#endif
}

/* Claims the next item of share S in ROUND. */
static gboolean
claim (LlTeam  *team,
       guint    s,
       guint32  round,
       gsize   *item)
{
  Share *share = &team->shares[s];
  guint64 ticket = __atomic_load_n (&share->ticket, __ATOMIC_SEQ_CST);

  for (;;)
    {
      gsize next = ticket & G_MAXUINT32;

      /* A stale END (the next round's) cannot hand out an item: the
       * exchange below fails on the changed ticket. */
      if ((guint32) (ticket >> 32) != round
          || next >= __atomic_load_n (&share->end, __ATOMIC_RELAXED))
        return FALSE;
      /* On failure TICKET receives the current value: try again with it. */
      if (__atomic_compare_exchange_n (&share->ticket, &ticket, ticket + 1, FALSE,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
        {
          *item = next;
          return TRUE;
        }
    }
}

/* Runs items of ROUND, SELF's share first, then the rest of the others'
 * (from the next member on), and counts them in `finished`. */
static void
work (LlTeam  *team,
      guint    self,
      guint32  round)
{
  gint done = 0;
  gsize item;

  for (guint s = 0; s < team->size; s++)
    while (claim (team, (self + s) % team->size, round, &item))
      {
        team->func (team->data, item);
        done++;
      }
  if (done > 0)
    {
      g_atomic_int_add (&team->finished, done);
      wake (&team->finished, &team->caller_sleeping);
    }
}

static gpointer
helper_main (gpointer data)
{
  Helper *helper = data;
  LlTeam *team = helper->team;
  gint seen = 0;

  for (;;)
    {
      wait_while_equal (&team->round, seen, &team->helpers_sleeping);
      seen = g_atomic_int_get (&team->round);
      if (g_atomic_int_get (&team->quit))
        return NULL;
      work (team, helper->member, (guint32) seen);
    }
}

LlTeam *
ll_team_new (guint           n_members,
             const char     *name,
             LlTeamItemFunc  func,
             gpointer        data)
{
  LlTeam *team = g_new0 (LlTeam, 1);

  n_members = MAX (n_members, 1);
  team->func = func;
  team->data = data;
  team->shares = g_aligned_alloc0 (n_members, sizeof (Share), CACHE_LINE);
  team->helpers = g_new0 (Helper, n_members - 1);
  /* The shares are set before a helper can read them (g_thread_try_new
   * orders this thread's writes before the new thread's reads). */
  team->size = 1;
  for (guint t = 1; t < n_members; t++)
    {
      Helper *helper = &team->helpers[t - 1];

      helper->team = team;
      helper->member = t;
      helper->thread = g_thread_try_new (name, helper_main, helper, NULL);
      if (helper->thread == NULL)
        break;
      team->size = t + 1;
    }
  return team;
}

void
ll_team_free (LlTeam *team)
{
  if (team == NULL)
    return;
  if (team->size > 1)
    {
      g_atomic_int_set (&team->quit, 1);
      g_atomic_int_inc (&team->round);
      wake (&team->round, &team->helpers_sleeping);
      for (guint t = 1; t < team->size; t++)
        g_thread_join (team->helpers[t - 1].thread);
    }
  g_aligned_free (team->shares);
  g_free (team->helpers);
  g_free (team);
}

guint
ll_team_size (const LlTeam *team)
{
  return team->size;
}

gboolean
ll_team_run (LlTeam      *team,
             const gsize *bounds)
{
  gsize total = bounds[team->size] - bounds[0];
  gboolean slept = FALSE;
  guint32 round;

  if (team->size == 1)
    {
      for (gsize item = bounds[0]; item < bounds[1]; item++)
        team->func (team->data, item);
      return FALSE;
    }

  g_return_val_if_fail (bounds[team->size] <= G_MAXUINT32 && total <= G_MAXINT, FALSE);
  round = ++team->issued;
  /* Every item of the previous round is finished: nobody touches
   * `finished` or the tickets until the new ones are out. */
  g_atomic_int_set (&team->finished, 0);
  for (guint t = 0; t < team->size; t++)
    {
      __atomic_store_n (&team->shares[t].end, bounds[t + 1], __ATOMIC_RELAXED);
      __atomic_store_n (&team->shares[t].ticket, (guint64) round << 32 | bounds[t],
                        __ATOMIC_SEQ_CST);
    }
  g_atomic_int_set (&team->round, (gint) round);
  wake (&team->round, &team->helpers_sleeping);
  work (team, 0, round);
  for (gint finished; (finished = g_atomic_int_get (&team->finished)) != (gint) total; )
    slept |= wait_while_equal (&team->finished, finished, &team->caller_sleeping);
  return slept;
}
