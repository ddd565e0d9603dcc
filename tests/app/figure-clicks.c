/* SPDX-License-Identifier: GPL-3.0-or-later */
/* figure-clicks.c: see figure-clicks.h. */
#include "config.h"

#include "figure-clicks.h"

static GtkEventController *
primary_click (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_CLICK (controller) &&
          gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (controller)) == GDK_BUTTON_PRIMARY)
        return controller;  /* the widget keeps it alive */
    }
  g_assert_not_reached ();
}

void
ll_test_click_legend (LlFigureView *view, LlPlotLayer *layer)
{
  LlFigure *figure = ll_figure_view_get_figure (view);
  double width = gtk_widget_get_width (GTK_WIDGET (view));
  double height = gtk_widget_get_height (GTK_WIDGET (view));

  g_assert_nonnull (figure);
  for (double y = 0; y < height; y += 2)
    for (double x = 0; x < width; x += 2)
      if (ll_figure_legend_hit (figure, width, height, x, y) == layer)
        {
          g_signal_emit_by_name (primary_click (GTK_WIDGET (view)), "pressed", 1, x + 1, y + 1);
          return;
        }
  g_assert_not_reached ();
}
