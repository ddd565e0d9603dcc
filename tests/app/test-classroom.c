/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-classroom.c: the window on a projector (issue 24.3, 21.6): it fits
 * 1024x768 (every table column and the close button inside the window, the
 * plot over half its height), a note or a banner never moves the plot,
 * seven rates do not squeeze it; projector mode and the sidebar switch; the
 * suggested rates (24.2); the table's costs in one format (24.4). Waits are
 * main-loop iterations until a condition holds (frames drawn, a state
 * reached), never sleeps. */
#include "config.h"

#include <gtk/gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif
#include <math.h>
#include <string.h>

#include "app/ll-accuracy-table.h"
#include "app/ll-result-grid.h"
#include "app/ll-step-graph.h"
#include "app/ll-timeline.h"
#include "app/ll-tooltip.h"
#include "app/ll-window.h"
#include "app/ll-window-files.h"
#include "session/ll-rate-advice.h"
#include "session/ll-run-config.h"
#include "session/ll-training-session.h"
#include "app-fixture.h"
#include "fixtures.h"

typedef struct {
  guint frames;
} FrameCount;

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  ((FrameCount *) data)->frames++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_reached (gpointer data)
{
  return ((FrameCount *) data)->frames >= 4;
}

/* Lets the window lay itself out again: four frames drawn. */
static void
settle (LlWindow *window)
{
  FrameCount count = { 0 };
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frame, &count, NULL);

  gtk_widget_queue_draw (GTK_WIDGET (window));
  ll_test_wait_for (frames_reached, &count);
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), id);
}

static gboolean
window_sized (gpointer data)
{
  return gtk_widget_get_width (data) > 0 && gtk_widget_get_height (GTK_WIDGET (ll_window_get_plot (data))) > 0;
}

/* A window on the built-in dataset at WIDTH x HEIGHT, loaded and laid out. */
static LlWindow *
open_window (int width,
             int height)
{
  LlWindow *window = ll_window_new (NULL, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  ll_window_open_dataset (window, NULL, NULL);
  ll_test_wait_for (ll_test_window_loaded, window);
  ll_test_wait_for (window_sized, window);
  settle (window);
  return window;
}

/* WIDGET's bounds in WINDOW's coordinates. */
static graphene_rect_t
bounds_in_window (GtkWidget *widget,
                  LlWindow  *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));
  return bounds;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type) && gtk_widget_get_visible (child))
        return child;
      found = find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static int
plot_height (LlWindow *window)
{
  return gtk_widget_get_height (GTK_WIDGET (ll_window_get_plot (window)));
}

/* With LL_TEST_SCREENSHOTS=DIR, the screen as DIR/NAME.png (ImageMagick's
 * import), for looking at the layout; nothing otherwise. */
static void
screenshot (LlWindow   *window,
            const char *name)
{
  const char *dir = g_getenv ("LL_TEST_SCREENSHOTS");
  g_autofree char *command = NULL;

  if (dir == NULL)
    return;
  settle (window);
  command = g_strdup_printf ("import -window root %s/%s.png", dir, name);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, NULL, NULL));
}

static void
debug_widths (GtkWidget *widget,
              int        depth)
{
  int min;

  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL);
  if (min < 300 || depth > 12)
    return;
  g_test_message ("%*s%s %d", depth * 2, "", G_OBJECT_TYPE_NAME (widget), min);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    debug_widths (child, depth + 1);
}

/* The window is not taller than the 768 pixels asked (it was 980 with
 * large text, its bottom off the screen); every heading of the table and
 * the header's window buttons lie inside the window and inside the table's
 * scrolled window; the plot has over PLOT_SHARE of the height. */
static void
assert_fits (LlWindow *window,
             gboolean  whole_table,
             double    plot_share)
{
  int width = gtk_widget_get_width (GTK_WIDGET (window));
  int height = gtk_widget_get_height (GTK_WIDGET (window));
  GtkWidget *scroll = ll_window_get_table_scroll (window);
  graphene_rect_t view = bounds_in_window (scroll, window);
  /* The table: a box of rows, the first one the column headers. */
  GtkWidget *rows = gtk_widget_get_first_child (GTK_WIDGET (ll_window_get_accuracy_table (window)));
  GtkWidget *header_row = gtk_widget_get_first_child (rows);
  GtkWidget *controls = find_descendant (GTK_WIDGET (window), GTK_TYPE_WINDOW_CONTROLS);
  GtkWidget *menu_button = find_descendant (GTK_WIDGET (window), GTK_TYPE_MENU_BUTTON);
  guint n_headings = 0;

  g_test_message ("window %d x %d, plot %d x %d, table view %.0f x %.0f", width, height,
                  gtk_widget_get_width (GTK_WIDGET (ll_window_get_plot (window))), plot_height (window),
                  view.size.width, view.size.height);
  {
    GtkWidget *titlebar = gtk_window_get_titlebar (GTK_WINDOW (window));
    GtkWidget *content = gtk_window_get_child (GTK_WINDOW (window));
    int title_min, content_min;

    gtk_widget_measure (titlebar, GTK_ORIENTATION_HORIZONTAL, -1, &title_min, NULL, NULL, NULL);
    gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &content_min, NULL, NULL, NULL);
    g_test_message ("least widths: header bar %d, content %d", title_min, content_min);
    if (g_getenv ("LL_TEST_DEBUG_WIDTHS") != NULL)
      debug_widths (content, 0);
  }
  /* Not wider than asked: nothing cut off at the right edge; not taller:
   * nothing cut off at the bottom. */
  g_assert_cmpint (width, <=, 1024);
  g_assert_cmpint (height, <=, 768);
  for (GtkWidget *child = gtk_widget_get_first_child (header_row); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t cell;

      if (!GTK_IS_LABEL (child))
        continue;
      cell = bounds_in_window (child, window);
      g_test_message ("heading %s: %.0f to %.0f", gtk_label_get_text (GTK_LABEL (child)),
                      cell.origin.x, cell.origin.x + cell.size.width);
      n_headings++;
      if (!whole_table)
        continue;
      g_assert_cmpfloat (cell.origin.x + cell.size.width, <=, view.origin.x + view.size.width + 0.5);
      g_assert_cmpfloat (cell.origin.x, >=, view.origin.x - 0.5);
      g_assert_cmpfloat (cell.origin.x + cell.size.width, <=, width);
    }
  g_assert_cmpuint (n_headings, ==, 5);
  g_assert_nonnull (menu_button);
  g_assert_cmpfloat (bounds_in_window (menu_button, window).origin.x
                     + gtk_widget_get_width (menu_button), <=, width);
  if (controls != NULL)
    {
      graphene_rect_t buttons = bounds_in_window (controls, window);

      g_test_message ("window buttons: %.0f to %.0f", buttons.origin.x, buttons.origin.x + buttons.size.width);
      g_assert_cmpfloat (buttons.origin.x + buttons.size.width, <=, width);
    }
  g_assert_cmpint (plot_height (window), >=, plot_share * height);
}

static void
test_fits_1024 (void)
{
  LlWindow *window = open_window (1024, 768);

  screenshot (window, "fit-1024x768");
  assert_fits (window, TRUE, 0.55);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Larger desktop text (GNOME's "Large Text" is 1.25; here 1.5): the window
 * still fits with the sidebar (the table scrolls sideways), and without it
 * (F9) the whole table shows. */
static void
test_fits_1024_large_text (void)
{
  GtkSettings *settings = gtk_settings_get_default ();
  int dpi = 0;
  LlWindow *window;

  g_object_get (settings, "gtk-xft-dpi", &dpi, NULL);
  g_object_set (settings, "gtk-xft-dpi", 96 * 1024 * 3 / 2, NULL);
  window = open_window (1024, 768);
  screenshot (window, "fit-1024x768-large-text");
  /* The window and its buttons fit; the table may scroll sideways. The
   * plot has over half the height (the note's six lines of large text and
   * the header bar take more than at 100 %). */
  assert_fits (window, FALSE, 0.5);
  /* F9: the plot gets the sidebar's room. */
  ll_window_set_show_sidebar (window, FALSE);
  settle (window);
  screenshot (window, "fit-1024x768-large-text-no-sidebar");
  assert_fits (window, TRUE, 0.55);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_set (settings, "gtk-xft-dpi", dpi, NULL);
}

static gboolean
has_note (gpointer data)
{
  return ll_window_get_note (data) != NULL
         && ll_training_session_get_state (ll_window_get_session (data)) == LL_SESSION_FINISHED;
}

/* The hint, then a note, then a three-line banner: the plot keeps its height
 * (the timeline under the pages gains its marks with the first record
 * points: only that may take from the plot). */
static void
test_note_keeps_plot (void)
{
  LlWindow *window = open_window (1280, 720);
  GtkWidget *timeline = find_descendant (GTK_WIDGET (window), LL_TYPE_TIMELINE);
  GtkWidget *note = ll_window_get_note_widget (window);
  int note_before = gtk_widget_get_height (note);
  int timeline_before = gtk_widget_get_height (timeline);
  int before = plot_height (window);

  g_assert_null (ll_window_get_note (window));
  g_assert_true (gtk_widget_get_visible (ll_window_get_note_widget (window)));
  ll_training_session_set_speed (ll_window_get_session (window), 1.0);
  g_assert_true (ll_window_train (window));
  ll_test_wait_for (has_note, window);
  settle (window);
  g_test_message ("note: %s", ll_window_get_note (window));
  screenshot (window, "note-1280x720");
  g_assert_cmpint (gtk_widget_get_height (note), ==, note_before);
  before -= gtk_widget_get_height (timeline) - timeline_before;
  g_assert_cmpint (plot_height (window), ==, before);
  ll_window_show_error (window, "A long error\nover three lines\nthat must not move the plot");
  screenshot (window, "banner-1280x720");
  g_assert_cmpint (plot_height (window), ==, before);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The note on the cat data (the figures of test-rate-advice.c: three rates
 * above 2/L, every one overfitting): the ranking and the overfitting
 * sentence fit the note, none cut off to the tooltip (issue 24): in three
 * lines at the default size; at 1024x768, where 637 pixels hold about 270
 * characters in three lines, the note is as many lines higher as it needs
 * (its height follows its width, never its text). */
static void
test_cat_note_fits (void)
{
  const LlRunFacts runs[] = {
    { .learning_rate = 0.5, .iteration = 2000, .cost = 0.00135, .rises = 975, .first_rise = 1,
      .settled_by = 1900, .train_accuracy = 100, .test_accuracy = 72, .running = TRUE },
    { .learning_rate = 0.1, .iteration = 2000, .cost = 0.0133, .rises = 434, .first_rise = 1,
      .settled_by = 700, .train_accuracy = 100, .test_accuracy = 68, .running = TRUE },
    { .learning_rate = 0.01, .iteration = 2000, .cost = 0.138, .rises = 58, .first_rise = 1,
      .settled_by = 300, .train_accuracy = 100, .test_accuracy = 66, .running = TRUE },
  };
  g_autofree char *note = ll_rate_advice_dup_note (runs, G_N_ELEMENTS (runs), 0.003613, NAN);
  /* At 1024 × 768 (a projector) in more lines, not in the tooltip. */
  const int sizes[][2] = { { 1280, 720 }, { 1024, 768 } };

  g_assert_nonnull (strstr (note, "(overfitting)"));
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      LlWindow *window = open_window (sizes[i][0], sizes[i][1]);
      GtkWidget *label = find_descendant (ll_window_get_note_widget (window), GTK_TYPE_LABEL);

      g_assert_nonnull (label);
      /* As the window shows it (set_note): one paragraph. */
      gtk_label_set_text (GTK_LABEL (label), g_strdelimit (note, "\n", ' '));
      settle (window);
      g_test_message ("%dx%d: the note is %d pixels wide, %d lines", sizes[i][0], sizes[i][1],
                      gtk_widget_get_width (label),
                      pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))));
      if (sizes[i][0] >= 1280)
        g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label))), <=, 3);
      g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (label))));
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

static guint
shown_points (LlWindow *window)
{
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (window));
  guint points = 0;

  for (guint i = 0; i < ll_run_store_get_n_runs (store); i++)
    points += ll_run_get_n_points (ll_run_store_get_run (store, i));
  return points;
}

/* Types TEXT into EDITABLE key by key, as a teacher would (issue 24.9: "-1"
 * cleared the plot while "abc" kept it). */
static void
type_text (GtkEditable *editable,
           const char  *text)
{
  gtk_editable_delete_text (editable, 0, -1);
  for (const char *c = text; *c != '\0'; c++)
    {
      int position = gtk_editable_get_position (editable);

      gtk_editable_insert_text (editable, c, 1, &position);
      gtk_editable_set_position (editable, position);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
}

static gboolean
finished (gpointer data)
{
  return ll_training_session_get_state (ll_window_get_session (data)) == LL_SESSION_FINISHED;
}

static gboolean
paused (gpointer data)
{
  return ll_training_session_get_state (ll_window_get_session (data)) == LL_SESSION_PAUSED;
}

/* An invalid rate typed in the sidebar keeps the plot, whichever it is,
 * with the job paused (Step) and finished. */
static void
test_invalid_rate_keeps_plot (void)
{
  const char *const invalid[] = { "abc", "-1", "0", "-0.5", "1e999", "" };
  LlWindow *window = open_window (1280, 720);
  LlRateList *list = ll_window_get_rate_list (window);

  for (guint round = 0; round < 2; round++)
    {
      guint before;

      if (round == 0)
        {
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.step", NULL));
          ll_test_wait_for (paused, window);
        }
      else
        {
          ll_training_session_set_speed (ll_window_get_session (window), 1.0);
          g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.toggle-training", NULL));
          ll_test_wait_for (finished, window);
        }
      before = shown_points (window);
      g_assert_cmpuint (before, >, 0);
      for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
        {
          type_text (ll_rate_list_get_entry (list, 0), invalid[i]);
          settle (window);
          g_test_message ("after “%s”: %u points", invalid[i], shown_points (window));
          g_assert_cmpuint (shown_points (window), ==, before);
        }
      type_text (ll_rate_list_get_entry (list, 0), "0.5");
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* In DROPDOWN's open list: the gap between a row's label and its check
 * mark, or -1 while no row is laid out. */
static int
check_mark_gap (GtkWidget *dropdown)
{
  GtkWidget *popover = find_descendant (dropdown, GTK_TYPE_POPOVER);
  GtkWidget *list = popover != NULL ? find_descendant (popover, GTK_TYPE_LIST_VIEW) : NULL;

  for (GtkWidget *row = list != NULL ? gtk_widget_get_first_child (list) : NULL; row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *box = gtk_widget_get_first_child (row);
      GtkWidget *label = box != NULL ? gtk_widget_get_first_child (box) : NULL;
      GtkWidget *image = label != NULL ? gtk_widget_get_next_sibling (label) : NULL;
      graphene_rect_t label_bounds, image_bounds;

      if (!GTK_IS_LABEL (label) || !GTK_IS_IMAGE (image) || gtk_widget_get_width (label) == 0
          || !gtk_widget_compute_bounds (label, box, &label_bounds)
          || !gtk_widget_compute_bounds (image, box, &image_bounds))
        continue;
      return (int) (image_bounds.origin.x - (label_bounds.origin.x + label_bounds.size.width));
    }
  return -1;
}

static gboolean
check_mark_shown (gpointer data)
{
  return check_mark_gap (data) >= 0;
}

/* The Test Images page's learning-rate drop-down: its list's check mark
 * keeps a gap from the rate's text (issue 24.9; style.css). */
static void
test_dropdown_check_mark (void)
{
  g_autoptr (GtkCssProvider) css = gtk_css_provider_new ();
  LlWindow *window;
  GtkWidget *dropdown;

  /* The application's style sheet (ll_application_startup loads it). */
  gtk_css_provider_load_from_resource (css, "/io/github/logisticlab/LogisticLab/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  window = open_window (1280, 720);
  gtk_stack_set_visible_child_name (ll_window_get_stack (window), "images");
  settle (window);
  dropdown = find_descendant (GTK_WIDGET (ll_window_get_result_grid (window)), GTK_TYPE_DROP_DOWN);
  g_assert_nonnull (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))), >, 0);
  g_assert_true (gtk_widget_activate (dropdown));
  ll_test_wait_for (check_mark_shown, dropdown);
  screenshot (window, "dropdown-check-mark");
  g_test_message ("gap between the text and the check mark: %d px", check_mark_gap (dropdown));
  g_assert_cmpint (check_mark_gap (dropdown), >=, 8);
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css));
}

/* Seven rates at 1280x720: the table scrolls, the plot keeps its room. */
static void
test_seven_rates (void)
{
  LlWindow *window = open_window (1280, 720);
  const double rates[] = { 1, 0.5, 0.2, 0.1, 0.05, 0.01, 0.001 };

  ll_rate_list_set_rates (ll_window_get_rate_list (window), rates, G_N_ELEMENTS (rates));
  screenshot (window, "seven-rates-1280x720");
  g_test_message ("plot %d of %d", plot_height (window), gtk_widget_get_height (GTK_WIDGET (window)));
  g_assert_cmpint (plot_height (window), >=, 0.55 * gtk_widget_get_height (GTK_WIDGET (window)));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Whether a window manager answers fullscreen requests: under a bare Xvfb
 * none does, and GTK never reports the state then. */
static gboolean
can_fullscreen (LlWindow *window)
{
#ifdef GDK_WINDOWING_X11
  GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));

  if (GDK_IS_X11_DISPLAY (display))
    return gdk_x11_screen_supports_net_wm_hint (gdk_x11_display_get_screen (display),
                                                "_NET_WM_STATE_FULLSCREEN");
#endif
  return TRUE;
}

static gboolean
fullscreen_is (LlWindow *window,
               gboolean  fullscreen)
{
  return gtk_window_is_fullscreen (GTK_WINDOW (window)) == fullscreen;
}

static gboolean
is_fullscreen (gpointer data)
{
  return fullscreen_is (data, TRUE);
}

static gboolean
is_not_fullscreen (gpointer data)
{
  return fullscreen_is (data, FALSE);
}

/* The page switcher's scrolled window: in the box above the pages'
 * scrolled window, between the two arrows. */
static GtkScrolledWindow *
page_names_scroller (LlWindow *window)
{
  GtkWidget *row = gtk_widget_get_prev_sibling (
    gtk_widget_get_ancestor (GTK_WIDGET (ll_window_get_stack (window)), GTK_TYPE_SCROLLED_WINDOW));
  GtkWidget *scroller = find_descendant (row, GTK_TYPE_SCROLLED_WINDOW);

  g_assert_nonnull (scroller);
  return GTK_SCROLLED_WINDOW (scroller);
}

/* Whether the switcher's button BUTTON is wholly in sight. */
static gboolean
page_button_in_sight (GtkScrolledWindow *scroller,
                      GtkWidget         *button)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_hadjustment (scroller);
  GtkWidget *switcher = gtk_widget_get_parent (button);
  graphene_rect_t bounds;
  double value = gtk_adjustment_get_value (adjustment);

  g_assert_true (gtk_widget_compute_bounds (button, switcher, &bounds));
  return bounds.origin.x >= value - 0.5
         && bounds.origin.x + bounds.size.width <= value + gtk_adjustment_get_page_size (adjustment) + 0.5;
}

/* Whether the switcher's button for the shown page is in sight. */
static gboolean
page_name_in_sight (LlWindow *window)
{
  GtkScrolledWindow *scroller = page_names_scroller (window);
  GtkWidget *switcher = find_descendant (GTK_WIDGET (scroller), GTK_TYPE_STACK_SWITCHER);
  const char *shown = gtk_stack_get_visible_child_name (ll_window_get_stack (window));
  GtkWidget *button;

  button = gtk_widget_get_first_child (switcher);
  /* The buttons are in the pages' order. */
  for (GtkWidget *page = gtk_widget_get_first_child (GTK_WIDGET (ll_window_get_stack (window)));
       page != NULL && page != gtk_stack_get_child_by_name (ll_window_get_stack (window), shown);
       page = gtk_widget_get_next_sibling (page))
    button = gtk_widget_get_next_sibling (button);
  return page_button_in_sight (scroller, button);
}

/* Presses ARROW until it can no more, marking in SEEN (by the buttons'
 * order) each page name that came wholly into sight; returns the presses. */
static guint
press_until_end (LlWindow  *window,
                 GtkWidget *arrow,
                 gboolean  *seen)
{
  GtkScrolledWindow *scroller = page_names_scroller (window);
  GtkWidget *switcher = find_descendant (GTK_WIDGET (scroller), GTK_TYPE_STACK_SWITCHER);
  guint presses = 0;

  for (;;)
    {
      guint i = 0;

      for (GtkWidget *button = gtk_widget_get_first_child (switcher); button != NULL;
           button = gtk_widget_get_next_sibling (button), i++)
        seen[i] = seen[i] || page_button_in_sight (scroller, button);
      if (!gtk_widget_get_sensitive (arrow))
        return presses;
      /* Each press shows names not seen before: it ends. */
      g_assert_cmpuint (presses, <, 11);
      g_signal_emit_by_name (arrow, "clicked");
      presses++;
      settle (window);
    }
}

/* At 1024 x 768 (RTL: right to left) every page's name comes wholly into
 * sight by pressing the arrows, and the first page's name again. */
static void
assert_page_names_reachable (gboolean rtl)
{
  LlWindow *window;
  GtkScrolledWindow *scroller;
  GtkWidget *back, *forward;
  guint n_pages;

  gtk_widget_set_default_direction (rtl ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  window = open_window (1024, 768);
  scroller = page_names_scroller (window);
  back = gtk_widget_get_prev_sibling (GTK_WIDGET (scroller));
  forward = gtk_widget_get_next_sibling (GTK_WIDGET (scroller));
  n_pages = g_list_model_get_n_items (G_LIST_MODEL (gtk_stack_get_pages (ll_window_get_stack (window))));
  g_assert_cmpuint (n_pages, ==, 11);
  for (guint projector = 0; projector < 2; projector++)
    {
      gboolean seen[11] = { FALSE };
      g_autofree char *name = g_strdup_printf ("page-names%s%s", rtl ? "-rtl" : "", projector ? "-projector" : "");
      g_autofree char *end_name = g_strconcat (name, "-end", NULL);

      ll_window_set_projector_mode (window, projector);
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "cost"));
      settle (window);
      screenshot (window, name);
      g_assert_true (page_name_in_sight (window));
      g_assert_true (GTK_IS_BUTTON (back) && GTK_IS_BUTTON (forward));
      g_assert_true (gtk_widget_get_visible (back) && gtk_widget_get_visible (forward));
      g_assert_false (gtk_widget_get_sensitive (back));
      g_assert_true (gtk_widget_get_sensitive (forward));
      g_assert_cmpuint (press_until_end (window, forward, seen), >, 0);
      screenshot (window, end_name);
      for (guint i = 0; i < n_pages; i++)
        g_assert_true (seen[i]);
      /* And back to the first. */
      g_assert_true (gtk_widget_get_sensitive (back));
      g_assert_cmpuint (press_until_end (window, back, seen), >, 0);
      g_assert_true (page_name_in_sight (window));
      g_assert_true (gtk_widget_get_sensitive (forward));
    }
  ll_window_set_projector_mode (window, FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_widget_set_default_direction (GTK_TEXT_DIR_LTR);
}

/* At 1024 x 768 not every page's name fits beside the sidebar (it took
 * choosing the Classify page to learn that it exists): an arrow at each
 * end of the names shows there are more, and pressing them brings every
 * name wholly into sight, in projector mode too, right to left too (the
 * back arrow is then at the right, by the first page's name). */
static void
test_page_names_reachable (void)
{
  g_autoptr (GtkCssProvider) style = gtk_css_provider_new ();
  LlWindow *window;

  /* The names as the application draws them (its style.css). */
  gtk_css_provider_load_from_resource (style, "/io/github/logisticlab/LogisticLab/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  assert_page_names_reachable (FALSE);
  assert_page_names_reachable (TRUE);

  /* 1280 pixels wide without the sidebar: every name in sight, no arrows. */
  window = open_window (1280, 720);
  ll_window_set_show_sidebar (window, FALSE);
  settle (window);
  screenshot (window, "page-names-1280");
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_prev_sibling (GTK_WIDGET (page_names_scroller (window)))));
  g_assert_false (gtk_widget_get_visible (gtk_widget_get_next_sibling (GTK_WIDGET (page_names_scroller (window)))));
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_style_context_remove_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (style));
}

/* At 1024 x 768 the page switcher scrolls sideways (five of eleven names
 * in sight): Alt+0's page, the last but one, brings its name into view,
 * and Alt+1's the first again. */
static void
test_page_name_in_sight (void)
{
  LlWindow *window = open_window (1024, 768);

  g_assert_true (page_name_in_sight (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "runs"));
  settle (window);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (ll_window_get_stack (window)), ==, "runs");
  g_assert_true (page_name_in_sight (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "cost"));
  settle (window);
  g_assert_true (page_name_in_sight (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_projector_mode (void)
{
  LlWindow *window = open_window (1024, 768);
  GtkWidget *sidebar_pane;
  /* The step inspector's graph draws its own lines: thicker too. */
  LlStepGraph *step_graph = LL_STEP_GRAPH (find_descendant (GTK_WIDGET (window), LL_TYPE_STEP_GRAPH));

  g_assert_false (ll_window_get_projector_mode (window));
  g_assert_cmpfloat (ll_step_graph_get_line_scale (step_graph), ==, 1.0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.projector-mode", NULL));
  g_assert_true (ll_window_get_projector_mode (window));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (window), "projector"));
  g_assert_cmpfloat (ll_step_graph_get_line_scale (step_graph), >, 1.5);
  if (can_fullscreen (window))
    ll_test_wait_for (is_fullscreen, window);
  else
    g_test_message ("no window manager: the fullscreen state is not reported");
  screenshot (window, "projector");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.projector-mode", NULL));
  g_assert_false (ll_window_get_projector_mode (window));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (window), "projector"));
  g_assert_cmpfloat (ll_step_graph_get_line_scale (step_graph), ==, 1.0);
  if (can_fullscreen (window))
    ll_test_wait_for (is_not_fullscreen, window);

  /* F9's action: the sidebar goes, the pages get its room, and it comes back. */
  sidebar_pane = gtk_widget_get_ancestor (GTK_WIDGET (ll_window_get_rate_list (window)),
                                          GTK_TYPE_SCROLLED_WINDOW);
  g_assert_true (gtk_widget_get_visible (sidebar_pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));
  g_assert_false (ll_window_get_show_sidebar (window));
  g_assert_false (gtk_widget_get_visible (sidebar_pane));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-sidebar", NULL));
  g_assert_true (gtk_widget_get_visible (sidebar_pane));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
critical_known (gpointer data)
{
  LlRunStore *store = ll_training_session_get_store (ll_window_get_session (data));

  return isfinite (ll_run_store_get_critical_rate (store));
}

static void
assert_rates (LlWindow     *window,
              const double *expected)
{
  LlRunConfig *config = ll_training_session_get_config (ll_window_get_session (window));
  guint n_rates = 0;
  const double *rates = ll_run_config_get_learning_rates (config, &n_rates);

  g_assert_cmpuint (n_rates, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpfloat (rates[i], ==, expected[i]);
  g_assert_cmpuint (ll_rate_list_get_n_rates (ll_window_get_rate_list (window)), ==, 3);
}

static void
test_suggest_rates (void)
{
  LlWindow *window = open_window (1280, 720);
  const double course[] = { 0.01, 0.001, 0.0001 };
  const double design[] = { 0.5, 0.1, 0.01 };
  LlRunConfig *config = ll_training_session_get_config (ll_window_get_session (window));
  double critical;
  guint n_rates = 0;
  const double *rates;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.suggest-rates", "s", "course"));
  assert_rates (window, course);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.suggest-rates", "s", "default"));
  assert_rates (window, design);
  ll_test_wait_for (critical_known, window);
  critical = ll_run_store_get_critical_rate (ll_training_session_get_store (ll_window_get_session (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.suggest-rates", "s", "around-critical"));
  rates = ll_run_config_get_learning_rates (config, &n_rates);
  g_assert_cmpuint (n_rates, ==, 3);
  /* Above, near (under) and well under 2/L. */
  g_assert_cmpfloat (rates[0], >, critical);
  g_assert_cmpfloat (rates[1], <=, critical);
  g_assert_cmpfloat (rates[1], >, 0.5 * critical);
  g_assert_cmpfloat (rates[2], <, 0.5 * critical);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
has_label_containing (GtkWidget  *widget,
                      const char *text)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label_containing (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
file_exists (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

/* One format per cost column, the full number in the tooltip. */
static void
test_cost_format (void)
{
  const double small[] = { 0.4620, 6.765e-05, 0.001321 };
  const double plain[] = { 0.4620, 0.3506, 0.001321 };
  g_autofree char *a = ll_accuracy_table_format_cost (0.4620, FALSE);
  g_autofree char *b = ll_accuracy_table_format_cost (0.35064, FALSE);
  g_autofree char *c = ll_accuracy_table_format_cost (6.765e-05, TRUE);
  g_autofree char *d = ll_accuracy_table_format_cost (1234.6, FALSE);
  g_autofree char *e = ll_accuracy_table_format_cost (NAN, FALSE);
  LlWindow *window;
  LlAccuracyTable *table;
  const double rates[] = { 0.5, 0.01 };

  g_assert_cmpstr (a, ==, "0.4620");
  g_assert_cmpstr (b, ==, "0.3506");
  g_assert_cmpstr (c, ==, "6.765e-05");
  g_assert_cmpstr (d, ==, "1235");
  g_assert_cmpstr (e, ==, "—");
  g_assert_true (ll_accuracy_table_costs_need_scientific (small, 3));
  g_assert_false (ll_accuracy_table_costs_need_scientific (plain, 3));

  window = open_window (1280, 720);
  table = ll_window_get_accuracy_table (window);
  ll_rate_list_set_rates (ll_window_get_rate_list (window), rates, G_N_ELEMENTS (rates));
  ll_training_session_set_speed (ll_window_get_session (window), 1.0);
  g_assert_true (ll_window_train (window));
  ll_test_wait_for (finished, window);
  {
    const char *first = ll_accuracy_table_get_text (table, 0, 2);
    const char *second = ll_accuracy_table_get_text (table, 1, 2);
    GtkWidget *rows = gtk_widget_get_first_child (GTK_WIDGET (table));
    GtkWidget *first_row = gtk_widget_get_next_sibling (gtk_widget_get_first_child (rows));
    GtkWidget *cell = NULL;
    const char *tooltip;
    guint n_labels = 0;

    /* The third label of the first run's row: rate, iteration, cost. */
    for (GtkWidget *child = gtk_widget_get_first_child (first_row); child != NULL && cell == NULL;
         child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_LABEL (child) && ++n_labels == 3)
        cell = child;
    g_assert_nonnull (cell);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, first);
    tooltip = ll_tooltip_get (cell);

    g_test_message ("costs %s, %s; tooltip %s", first, second, tooltip);
    /* Both with an exponent, or neither. */
    g_assert_cmpint (strchr (first, 'e') != NULL, ==, strchr (second, 'e') != NULL);
    g_assert_nonnull (tooltip);
    g_assert_cmpfloat (fabs (g_ascii_strtod (tooltip, NULL) - g_ascii_strtod (first, NULL)), <=,
                       1e-3 * fabs (g_ascii_strtod (tooltip, NULL)));
  }
  /* The same numbers as CSV (issue 24.9), through the safe writer. */
  {
    g_autofree char *dir = ll_test_make_tmpdir ();
    g_autofree char *path = g_build_filename (dir, "table.csv", NULL);
    g_autofree char *contents = NULL;
    g_autoptr (GError) error = NULL;

    ll_window_export_table (window, path);
    ll_test_wait_for (file_exists, path);
    g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_str_has_prefix (contents, "learning_rate,iteration,cost,train_accuracy,test_accuracy\n"
                                               "0.5,0,"));
    g_assert_nonnull (strstr (contents, "\n0.01,2000,"));
  }
  /* Test Images: Escape's action closes an image's details; unticking
   * "Misclassified only" shows the grid from its top (issue 24.9). */
  {
    LlResultGrid *grid = ll_window_get_result_grid (window);
    GtkWidget *grid_view = find_descendant (GTK_WIDGET (grid), GTK_TYPE_GRID_VIEW);
    GtkAdjustment *scroll = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (grid_view));

    gtk_stack_set_visible_child_name (ll_window_get_stack (window), "images");
    settle (window);
    ll_result_grid_show_details (grid, 0);
    g_assert_nonnull (ll_result_grid_get_details_item (grid));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (grid), "grid.close-details", NULL));
    g_assert_null (ll_result_grid_get_details_item (grid));
    settle (window);
    gtk_widget_activate_action (grid_view, "list.scroll-to-item", "u",
                                g_list_model_get_n_items (G_LIST_MODEL (gtk_grid_view_get_model (GTK_GRID_VIEW (grid_view)))) - 1);
    settle (window);
    ll_result_grid_set_misclassified_only (grid, TRUE);
    settle (window);
    ll_result_grid_set_misclassified_only (grid, FALSE);
    settle (window);
    g_test_message ("grid scrolled to %g of %g", gtk_adjustment_get_value (scroll), gtk_adjustment_get_upper (scroll));
    g_assert_cmpfloat (gtk_adjustment_get_value (scroll), ==, 0);
    /* The page says which iteration's model it shows. */
    g_assert_true (has_label_containing (GTK_WIDGET (grid), "at iteration 2000\n"));
  }
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The least height of every widget under WIDGET down to DEPTH, for finding
 * what makes the window tall (LL_TEST_DEBUG_HEIGHTS=1). */
static void
debug_heights (GtkWidget *widget,
               int        for_width,
               int        depth)
{
  int min;

  gtk_widget_measure (widget, GTK_ORIENTATION_VERTICAL, for_width, &min, NULL, NULL, NULL);
  if (min < 100 || depth > 14)
    return;
  g_test_message ("%*s%s %s %d", depth * 2, "", G_OBJECT_TYPE_NAME (widget),
                  gtk_widget_get_name (widget), min);
  /* A page the stack does not show has no width: measure it at the stack's. */
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    debug_heights (child, gtk_widget_get_width (child) > 0 ? gtk_widget_get_width (child)
                          : gtk_widget_get_width (widget) > 0 ? gtk_widget_get_width (widget) : for_width,
                   depth + 1);
}

/* The least height the window's content asks at WIDTH pixels wide: what it
 * must get, so the window grows past the screen (no window manager) or is
 * cut off (fullscreen) when it is more than the screen has. */
static int
content_min_height (LlWindow *window,
                    int       width)
{
  GtkWidget *content = gtk_window_get_child (GTK_WINDOW (window));
  GtkWidget *titlebar = gtk_window_get_titlebar (GTK_WINDOW (window));
  int content_min, title_min;

  settle (window);
  gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, width, &content_min, NULL, NULL, NULL);
  gtk_widget_measure (titlebar, GTK_ORIENTATION_VERTICAL, width, &title_min, NULL, NULL, NULL);
  g_test_message ("projector mode %s: content at least %d high, header bar %d",
                  ll_window_get_projector_mode (window) ? "on" : "off", content_min, title_min);
  if (g_getenv ("LL_TEST_DEBUG_HEIGHTS") != NULL)
    debug_heights (content, width, 0);
  return content_min;
}

/* At the normal zoom and in projector mode (fullscreen; GTK keeps the
 * header bar there, and without a window manager the window is as tall as
 * it asks), the window asks no more than a 1024 × 768 screen has, nor
 * 1280 × 720, before and after training, on DATASET (NULL: built-in).
 * Before, projector mode asked 839 pixels (the window was 1024 × 855, the
 * timeline off the screen). */
static void
assert_min_height_fits (const char *dataset)
{
  LlWindow *window = ll_test_open_window (dataset);
  GtkWidget *titlebar = gtk_window_get_titlebar (GTK_WINDOW (window));

  for (guint trained = 0; trained < 2; trained++)
    {
      if (trained)
        ll_test_train_to_end (window, 200, 10);
      for (guint projector = 0; projector < 2; projector++)
        {
          int title_min;

          ll_window_set_projector_mode (window, projector);
          gtk_widget_measure (titlebar, GTK_ORIENTATION_VERTICAL, 1024, &title_min, NULL, NULL, NULL);
          g_assert_cmpint (content_min_height (window, 1024) + title_min, <=, 768);
          g_assert_cmpint (content_min_height (window, 1280) + title_min, <=, 720);
        }
      ll_window_set_projector_mode (window, FALSE);
    }
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_min_height_builtin (void)
{
  assert_min_height_fits (NULL);
}

static void
test_min_height_cats (void)
{
  const char *cats = ll_test_catvnoncat_dir ();

  if (cats != NULL)
    assert_min_height_fits (cats);
}

/* Save dialogs start in Documents (or home without one), not in the working folder. */
static void
test_save_folder (void)
{
  g_autoptr (GFile) folder = ll_window_files_get_save_folder ();
  g_autofree char *path = g_file_get_path (folder);
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    g_assert_cmpstr (path, ==, documents);
  else
    g_assert_cmpstr (path, ==, g_get_home_dir ());
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/classroom/fits-1024x768", test_fits_1024);
  g_test_add_func ("/classroom/fits-1024x768-large-text", test_fits_1024_large_text);
  g_test_add_func ("/classroom/note-keeps-plot", test_note_keeps_plot);
  g_test_add_func ("/classroom/cat-note-fits", test_cat_note_fits);
  g_test_add_func ("/classroom/invalid-rate-keeps-plot", test_invalid_rate_keeps_plot);
  g_test_add_func ("/classroom/dropdown-check-mark", test_dropdown_check_mark);
  g_test_add_func ("/classroom/seven-rates", test_seven_rates);
  g_test_add_func ("/classroom/projector-mode", test_projector_mode);
  g_test_add_func ("/classroom/page-name-in-sight", test_page_name_in_sight);
  g_test_add_func ("/classroom/page-names-reachable", test_page_names_reachable);
  g_test_add_func ("/classroom/min-height", test_min_height_builtin);
  g_test_add_func ("/classroom/min-height-cats", test_min_height_cats);
  g_test_add_func ("/classroom/suggest-rates", test_suggest_rates);
  g_test_add_func ("/classroom/cost-format", test_cost_format);
  g_test_add_func ("/classroom/save-folder", test_save_folder);
  return g_test_run ();
}
