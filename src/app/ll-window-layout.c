/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-window-layout.c: the window in a classroom (issues 24.2, 24.3, 21.6):
 * projector mode (fullscreen, larger text, thicker lines on every plot), the
 * sidebar shown or hidden (F9), and the rates the sidebar suggests. The
 * Cost page's own layout is ll-cost-page.c. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ll-figure-view.h"
#include "ll-step-graph.h"
#include "ll-window-private.h"
#include "session/ll-rate-advice.h"

/* Text 1.25 × the zoom, lines 1.75 × thicker: read from the back row. */
#define PROJECTOR_TEXT_SCALE 1.25
#define PROJECTOR_LINE_SCALE 1.75

/* Projector mode ---------------------------------------------------------------- */

/* Every plot under WIDGET, those of other pages too (a GtkStack keeps them
 * all as children); the cost plot is an LlFigureView inside, the step
 * inspector's graph draws its own lines. */
static void
set_line_scale_under (GtkWidget *widget,
                      double     scale)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (LL_IS_FIGURE_VIEW (child))
        ll_figure_view_set_line_scale (LL_FIGURE_VIEW (child), scale);
      else if (LL_IS_STEP_GRAPH (child))
        ll_step_graph_set_line_scale (LL_STEP_GRAPH (child), scale);
      set_line_scale_under (child, scale);
    }
}

double
ll_window_get_projector_text_scale (LlWindow *self)
{
  return self->projector_mode ? PROJECTOR_TEXT_SCALE : 1.0;
}

gboolean
ll_window_get_projector_mode (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), FALSE);

  return self->projector_mode;
}

void
ll_window_set_projector_mode (LlWindow *self,
                              gboolean  projector_mode)
{
  g_return_if_fail (LL_IS_WINDOW (self));

  projector_mode = !!projector_mode;
  if (self->projector_mode == projector_mode)
    return;
  self->projector_mode = projector_mode;
  if (projector_mode)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "projector");
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "projector");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  set_line_scale_under (GTK_WIDGET (self), projector_mode ? PROJECTOR_LINE_SCALE : 1.0);
  ll_window_apply_zoom (self);
  g_object_notify (G_OBJECT (self), "projector-mode");
}

/* The sidebar -------------------------------------------------------------------- */

gboolean
ll_window_get_show_sidebar (LlWindow *self)
{
  g_return_val_if_fail (LL_IS_WINDOW (self), TRUE);

  return gtk_widget_get_visible (self->sidebar_pane);
}

void
ll_window_set_show_sidebar (LlWindow *self,
                            gboolean  show_sidebar)
{
  g_return_if_fail (LL_IS_WINDOW (self));

  show_sidebar = !!show_sidebar;
  if (ll_window_get_show_sidebar (self) == show_sidebar)
    return;
  /* The focus would vanish with it: hand it to the pages. */
  if (!show_sidebar)
    {
      GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

      if (focus != NULL && gtk_widget_is_ancestor (focus, self->sidebar_pane))
        gtk_widget_grab_focus (self->stack);
    }
  gtk_widget_set_visible (self->sidebar_pane, show_sidebar);
  gtk_widget_set_visible (self->sidebar_separator, show_sidebar);
  g_object_notify (G_OBJECT (self), "show-sidebar");
}

/* Pages wider than the window ------------------------------------------------------ */

/* A page whose least width is more than the window has (large desktop text
 * at 1024 pixels: the Sweep page's controls) scrolls sideways instead of
 * widening the window past the screen, where its right edge and the header's
 * buttons would be cut off; one taller than the window (projector mode's
 * text at 768 pixels) scrolls up and down instead of pushing the timeline
 * off the screen. Done here rather than in ll-window.ui so the
 * pages' own lines there stay as they are. */
static void
scroll_wide_pages (LlWindow *self)
{
  GtkWidget *column = gtk_widget_get_parent (self->stack);
  GtkWidget *before = gtk_widget_get_prev_sibling (self->stack);
  GtkWidget *scroll = gtk_scrolled_window_new ();

  g_return_if_fail (GTK_IS_BOX (column));

  /* Up and down too: a scrolled window that scrolls sideways asks its child
   * for its least height at its least width, where a page's wrapping text is
   * tallest (the Boundary page's notes: 707 pixels in projector mode), and
   * the window grew past a 768-pixel screen, the timeline cut off. Now the
   * pages take the height there is (their plots expand) and only a page that
   * needs more than that scrolls. */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroll), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  /* Each page as wide as it needs: the Cost page is not made to scroll
   * because another page is wide. */
  gtk_stack_set_hhomogeneous (GTK_STACK (self->stack), FALSE);
  gtk_widget_set_vexpand (scroll, TRUE);
  g_object_ref (self->stack);
  gtk_box_remove (GTK_BOX (column), self->stack);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroll), self->stack);
  g_object_unref (self->stack);
  gtk_box_insert_child_after (GTK_BOX (column), scroll, before);
}

/* The note's height ------------------------------------------------------------------ */

/* The note is three lines high (its label's "lines"), or more on a narrow
 * page, whatever it says (the label ellipsizes the rest, the tooltip has
 * it all), so a note that appears or grows never moves the plot: its height
 * follows only the label's width and font (the zoom, the desktop's), which
 * are checked each frame and measured again only when they change. */

/* The note holds this many characters of average width: the three rates
 * of the cat data with the overfitting sentence (352 in English) fit, in
 * three lines from 1280 × 720 and in more on a 1024 × 768 projector. */
#define NOTE_CHARS 360
#define NOTE_MIN_LINES 3
#define NOTE_MAX_LINES 6

typedef struct {
  PangoFontDescription *font;
  int width;
} NoteSize;

static gboolean
fix_note_height (GtkWidget     *label,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  NoteSize *last = data;
  PangoContext *context = gtk_widget_get_pango_context (label);
  const PangoFontDescription *font = pango_context_get_font_description (context);
  int width = gtk_widget_get_width (label);
  g_autoptr (PangoLayout) layout = NULL;
  g_autoptr (GString) lines_text = g_string_new ("Ag");
  PangoFontMetrics *metrics;
  double char_width;
  int lines, height;

  if (width <= 0 || (last->font != NULL && pango_font_description_equal (last->font, font)
                     && last->width == width))
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&last->font, pango_font_description_free);
  last->font = pango_font_description_copy (font);
  last->width = width;
  metrics = pango_context_get_metrics (context, font, NULL);
  char_width = (double) pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE;
  pango_font_metrics_unref (metrics);
  lines = CLAMP ((int) ceil (NOTE_CHARS * char_width / width), NOTE_MIN_LINES, NOTE_MAX_LINES);
  for (int i = 1; i < lines; i++)
    g_string_append (lines_text, "\nAg");
  layout = gtk_widget_create_pango_layout (label, lines_text->str);
  pango_layout_get_pixel_size (layout, NULL, &height);
  gtk_label_set_lines (GTK_LABEL (label), lines);
  gtk_widget_set_size_request (label, -1, height);
  return G_SOURCE_CONTINUE;
}

static void
free_note_size (gpointer data)
{
  NoteSize *last = data;

  g_clear_pointer (&last->font, pango_font_description_free);
  g_free (last);
}

/* The page names -------------------------------------------------------------------- */

/* At 1024 pixels beside the sidebar the switcher scrolls sideways and
 * shows seven of the eleven page names: an arrow at each end then says
 * that there are more (an overlay scrollbar shows only under the pointer,
 * and the Classify page was out of sight until chosen) and brings the
 * names beyond it into view, whole. */

/* Pixels a wheel's notch scrolls the names. */
#define PAGE_NAMES_WHEEL_STEP 48

static GtkWidget *
get_switcher (LlWindow *self)
{
  GtkWidget *child = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (self->switcher_scroller));

  /* GtkScrolledWindow puts the switcher in a viewport. */
  if (GTK_IS_VIEWPORT (child))
    child = gtk_viewport_get_child (GTK_VIEWPORT (child));
  return GTK_IS_STACK_SWITCHER (child) ? child : NULL;
}

static GtkAdjustment *
get_switcher_adjustment (LlWindow *self)
{
  return gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->switcher_scroller));
}

static gboolean
page_names_scroll (LlWindow *self)
{
  GtkAdjustment *adjustment = get_switcher_adjustment (self);

  return gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_lower (adjustment)
         - gtk_adjustment_get_page_size (adjustment) > 0.5;
}

/* Shown or hidden at the start of a frame: the adjustment changes while
 * the scroller is laid out, when its siblings cannot come and go. */
static gboolean
show_switcher_arrows (GtkWidget     *widget,
                      GdkFrameClock *clock,
                      gpointer       data)
{
  LlWindow *self = data;
  gboolean scrolls = page_names_scroll (self);

  self->switcher_arrows_tick = 0;
  gtk_widget_set_visible (self->switcher_back, scrolls);
  gtk_widget_set_visible (self->switcher_forward, scrolls);
  return G_SOURCE_REMOVE;
}

/* Arrows only while the names do not all fit, each one usable while there
 * are names hidden on its side. */
static void
update_switcher_arrows (LlWindow *self)
{
  GtkAdjustment *adjustment = get_switcher_adjustment (self);
  double value = gtk_adjustment_get_value (adjustment);
  double last = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);
  gboolean left = value > gtk_adjustment_get_lower (adjustment) + 0.5, right = value < last - 0.5;
  /* Right to left the box puts the back arrow at the right. */
  gboolean rtl = gtk_widget_get_direction (self->switcher_scroller) == GTK_TEXT_DIR_RTL;

  gtk_widget_set_sensitive (self->switcher_back, rtl ? right : left);
  gtk_widget_set_sensitive (self->switcher_forward, rtl ? left : right);
  if (page_names_scroll (self) != gtk_widget_get_visible (self->switcher_forward)
      && self->switcher_arrows_tick == 0)
    self->switcher_arrows_tick = gtk_widget_add_tick_callback (self->switcher_scroller, show_switcher_arrows,
                                                               self, NULL);
}

/* DIRECTION 1: the first name cut off at the right edge becomes the first
 * in sight; -1: the last one cut off at the left becomes the last (in
 * pixels, whatever the text direction: the adjustment counts from the left). */
static void
scroll_page_names (LlWindow *self,
                   int       direction)
{
  GtkWidget *switcher = get_switcher (self);
  GtkAdjustment *adjustment = get_switcher_adjustment (self);
  double value = gtk_adjustment_get_value (adjustment);
  double page = gtk_adjustment_get_page_size (adjustment);
  double target = value;

  if (switcher == NULL)
    return;
  for (GtkWidget *button = gtk_widget_get_first_child (switcher); button != NULL;
       button = gtk_widget_get_next_sibling (button))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_compute_bounds (button, switcher, &bounds))
        continue;
      if (direction > 0 && bounds.origin.x + bounds.size.width > value + page + 0.5)
        {
          target = bounds.origin.x;
          break;
        }
      if (direction < 0 && bounds.origin.x < value - 0.5)
        target = bounds.origin.x + bounds.size.width - page;
    }
  gtk_adjustment_set_value (adjustment, target);
}

static int
text_direction_sign (LlWindow *self)
{
  return gtk_widget_get_direction (self->switcher_scroller) == GTK_TEXT_DIR_RTL ? -1 : 1;
}

static void
on_switcher_back (LlWindow *self)
{
  scroll_page_names (self, -text_direction_sign (self));
}

static void
on_switcher_forward (LlWindow *self)
{
  scroll_page_names (self, text_direction_sign (self));
}

/* A mouse wheel turned over the names scrolls them sideways (the
 * scrolled window takes only sideways scrolling there). */
static gboolean
on_page_names_wheel (LlWindow *self,
                     double    dx,
                     double    dy)
{
  GtkAdjustment *adjustment = get_switcher_adjustment (self);

  if (dy == 0 || !page_names_scroll (self))
    return FALSE;
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + dy * PAGE_NAMES_WHEEL_STEP);
  return TRUE;
}

/* The shown page's name is scrolled into view, as Alt+1 … Alt+0 and the
 * lessons switch pages without the switcher. */
static void
show_page_name (LlWindow *self)
{
  GtkWidget *switcher = get_switcher (self);
  g_autoptr (GtkSelectionModel) pages = gtk_stack_get_pages (GTK_STACK (self->stack));
  GtkWidget *button;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  guint shown = 0;

  if (switcher == NULL)
    return;
  while (shown < g_list_model_get_n_items (G_LIST_MODEL (pages)) && !gtk_selection_model_is_selected (pages, shown))
    shown++;
  button = gtk_widget_get_first_child (switcher);
  for (guint i = 0; i < shown && button != NULL; i++)
    button = gtk_widget_get_next_sibling (button);
  if (button == NULL || !gtk_widget_compute_bounds (button, switcher, &bounds))
    return;
  adjustment = get_switcher_adjustment (self);
  if (bounds.origin.x < gtk_adjustment_get_value (adjustment))
    gtk_adjustment_set_value (adjustment, bounds.origin.x);
  else if (bounds.origin.x + bounds.size.width > gtk_adjustment_get_value (adjustment)
                                                 + gtk_adjustment_get_page_size (adjustment))
    gtk_adjustment_set_value (adjustment, bounds.origin.x + bounds.size.width
                                          - gtk_adjustment_get_page_size (adjustment));
}

static void
init_page_names (LlWindow *self)
{
  GtkAdjustment *adjustment = get_switcher_adjustment (self);
  GtkEventController *wheel = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);

  g_signal_connect_object (wheel, "scroll", G_CALLBACK (on_page_names_wheel), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->switcher_scroller, wheel);
  g_signal_connect_object (self->stack, "notify::visible-child", G_CALLBACK (show_page_name), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed", G_CALLBACK (update_switcher_arrows), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (update_switcher_arrows), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_back, "clicked", G_CALLBACK (on_switcher_back), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_forward, "clicked", G_CALLBACK (on_switcher_forward), self,
                           G_CONNECT_SWAPPED);
}

void
ll_window_init_layout (LlWindow *self)
{
  scroll_wide_pages (self);
  init_page_names (self);
  gtk_widget_add_tick_callback (self->note_label, fix_note_height, g_new0 (NoteSize, 1), free_note_size);
}

/* Suggested rates ------------------------------------------------------------------ */

void
ll_window_suggest_rates_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  LlWindow *self = LL_WINDOW (widget);
  LlRunStore *store = ll_training_session_get_store (self->session);
  const char *name = g_variant_get_string (parameter, NULL);
  LlRateSuggestion suggestion = LL_RATE_SUGGESTION_DEFAULT;
  double rates[LL_RATE_ADVICE_N_SUGGESTED];
  g_autoptr (GString) list = g_string_new (NULL);
  g_autofree char *message = NULL;

  if (g_str_equal (name, "around-critical"))
    suggestion = LL_RATE_SUGGESTION_AROUND_CRITICAL;
  else if (g_str_equal (name, "course"))
    suggestion = LL_RATE_SUGGESTION_COURSE;
  if (!ll_rate_advice_suggest (suggestion, ll_run_store_get_critical_rate (store), rates))
    {
      ll_window_show_error (self, _("The largest stable rate of this dataset is not known yet: "
                                    "it is computed after the dataset loads."));
      return;
    }
  ll_run_config_set_learning_rates (ll_training_session_get_config (self->session),
                                    rates, G_N_ELEMENTS (rates));
  for (guint i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      char rate[G_ASCII_DTOSTR_BUF_SIZE];

      if (list->len > 0)
        g_string_append (list, ", ");
      g_string_append (list, g_ascii_formatd (rate, sizeof rate, "%g", rates[i]));
    }
  /* TRANSLATORS: the rates set by Suggest Rates, "0.011, 0.0033, 0.0009" */
  message = g_strdup_printf (_("Learning rates set to %s: Train to compare them."), list->str);
  ll_window_show_info (self, message);
}
