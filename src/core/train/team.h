/* SPDX-License-Identifier: GPL-3.0-or-later */
/* team.h: the calling thread and helper threads that live as long as their
 * owner and share rounds of work, for kernels whose passes are too short to
 * start a thread each time (microseconds to a few milliseconds). Core only
 * (trainer-dual.c, kernels-primal-u8.c).
 *
 * A round: the caller splits items [0, n) into one contiguous share per
 * member (the caller is member 0). Each member runs the items of its own
 * share first, then claims what is left of the others', so a helper the
 * scheduler keeps waiting (two cores shared with other programs) delays
 * nothing: the caller then runs its items. The handoffs spin for a few
 * microseconds, then sleep in the kernel (a futex on Linux).
 *
 * Which member runs an item depends on timing: the item function must
 * write outputs of that item only, so results do not. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _LlTeam LlTeam;

/* Runs ITEM of the current round; DATA as given to ll_team_new(). */
typedef void (*LlTeamItemFunc) (gpointer data,
                                gsize    item);

/* A team of up to N_MEMBERS (>= 1) members: the caller and N_MEMBERS - 1
 * helper threads named NAME (fewer when a thread cannot start; see
 * ll_team_size()). Never NULL. */
LlTeam   *ll_team_new    (guint           n_members,
                          const char     *name,
                          LlTeamItemFunc  func,
                          gpointer        data);
/* Stops and joins the helpers. */
void      ll_team_free   (LlTeam         *team);

/* Members, the caller included. */
guint     ll_team_size   (const LlTeam   *team);

/* One round, from the thread that created the team: member t's share is
 * [BOUNDS[t], BOUNDS[t + 1]) for t < ll_team_size(), BOUNDS non-decreasing,
 * items fewer than 2^32. Returns once every item has run: TRUE when the
 * caller had to sleep for it (a helper lost its core mid-item). */
gboolean  ll_team_run    (LlTeam         *team,
                          const gsize    *bounds);

G_END_DECLS
