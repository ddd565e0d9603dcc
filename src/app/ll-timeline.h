/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-timeline.h: the scrubber under the views. It sets the run store's
 * "moment" (the iteration every view shows) to a record point; at its right
 * end, the latest. Marks at the record points whose model is kept (the
 * moments shown exactly); a label says the moment and whether it is exact. */
#pragma once

#include <gtk/gtk.h>

#include "session/ll-run-store.h"

G_BEGIN_DECLS

#define LL_TYPE_TIMELINE (ll_timeline_get_type ())
G_DECLARE_FINAL_TYPE (LlTimeline, ll_timeline, LL, TIMELINE, GtkWidget)

GtkWidget  *ll_timeline_new        (void);
/* Property "store". */
void        ll_timeline_set_store  (LlTimeline *self,
                                    LlRunStore *store);
LlRunStore *ll_timeline_get_store  (LlTimeline *self);
/* Moves the keyboard focus to the scale (the window's Ctrl+T); FALSE
 * without record points (the scale is insensitive). */
gboolean    ll_timeline_focus      (LlTimeline *self);
/* The scale, for focus (the window's shortcut) and tests. */
GtkWidget  *ll_timeline_get_scale  (LlTimeline *self);
/* The label's text ("Iteration 300 of 2000 · exact"), for tests. */
const char *ll_timeline_get_text   (LlTimeline *self);

G_END_DECLS
