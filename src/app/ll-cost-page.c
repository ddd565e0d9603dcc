/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-cost-page.c: see ll-cost-page.h. A GtkCustomLayout: a GtkBox gives
 * the children under the plot their natural height before the plot
 * expands, which is how seven rates squeezed it to 100 pixels. */
#include "config.h"

#include "ll-cost-page.h"

struct _LlCostPage
{
  GtkWidget parent_instance;

  double plot_share;
  int spacing;
};

G_DEFINE_FINAL_TYPE (LlCostPage, ll_cost_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PLOT_SHARE,
  PROP_SPACING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static int
n_visible_children (GtkWidget *widget)
{
  int n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += gtk_widget_should_layout (child);
  return n;
}

static void
measure (GtkWidget      *widget,
         GtkOrientation  orientation,
         int             for_size,
         int            *minimum,
         int            *natural,
         int            *minimum_baseline,
         int            *natural_baseline)
{
  LlCostPage *self = LL_COST_PAGE (widget);
  int n = n_visible_children (widget);

  *minimum = *natural = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, orientation, orientation == GTK_ORIENTATION_VERTICAL ? for_size : -1,
                          &child_min, &child_nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum = MAX (*minimum, child_min);
          *natural = MAX (*natural, child_nat);
        }
      else
        {
          *minimum += child_min;
          *natural += child_nat;
        }
    }
  if (orientation == GTK_ORIENTATION_VERTICAL && n > 1)
    {
      *minimum += self->spacing * (n - 1);
      *natural += self->spacing * (n - 1);
    }
}

static void
allocate (GtkWidget *widget,
          int        width,
          int        height,
          int        baseline)
{
  LlCostPage *self = LL_COST_PAGE (widget);
  GtkWidget *plot = NULL;
  int n = n_visible_children (widget);
  int below_min = 0, plot_min = 0, budget, extra, y;
  g_autofree int *heights = g_new0 (int, MAX (n, 1));
  int i;

  if (n == 0)
    return;
  /* The children under the plot: first their minimum heights. */
  i = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat;

      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &child_min, &child_nat, NULL, NULL);
      if (plot == NULL)
        {
          plot = child;
          plot_min = child_min;
        }
      else
        {
          heights[i] = child_min;
          below_min += child_min;
        }
      i++;
    }
  /* Then what the plot's share leaves, up to their natural heights, in order:
   * the last (the table) is the one cut short. */
  budget = height - self->spacing * (n - 1) - MAX (plot_min, (int) (self->plot_share * height));
  extra = MAX (budget, below_min) - below_min;
  i = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int child_min, child_nat, more;

      if (!gtk_widget_should_layout (child))
        continue;
      if (child != plot)
        {
          gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &child_min, &child_nat, NULL, NULL);
          more = MIN (extra, child_nat - child_min);
          heights[i] += more;
          extra -= more;
        }
      i++;
    }
  /* The plot: everything else. */
  heights[0] = height - self->spacing * (n - 1);
  for (i = 1; i < n; i++)
    heights[0] -= heights[i];
  heights[0] = MAX (heights[0], plot_min);

  y = 0;
  i = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!gtk_widget_should_layout (child))
        continue;
      gtk_widget_size_allocate (child, &(GtkAllocation) { 0, y, width, heights[i] }, -1);
      y += heights[i] + self->spacing;
      i++;
    }
}

static GtkSizeRequestMode
request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

void
ll_cost_page_set_plot_share (LlCostPage *self,
                             double      share)
{
  g_return_if_fail (LL_IS_COST_PAGE (self));

  share = CLAMP (share, 0.3, 0.9);
  if (self->plot_share == share)
    return;
  self->plot_share = share;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLOT_SHARE]);
}

double
ll_cost_page_get_plot_share (LlCostPage *self)
{
  g_return_val_if_fail (LL_IS_COST_PAGE (self), 0.68);

  return self->plot_share;
}

static void
ll_cost_page_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (ll_cost_page_parent_class)->dispose (object);
}

static void
ll_cost_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LlCostPage *self = LL_COST_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLOT_SHARE:
      g_value_set_double (value, self->plot_share);
      break;
    case PROP_SPACING:
      g_value_set_int (value, self->spacing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_cost_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  LlCostPage *self = LL_COST_PAGE (object);

  switch (prop_id)
    {
    case PROP_PLOT_SHARE:
      ll_cost_page_set_plot_share (self, g_value_get_double (value));
      break;
    case PROP_SPACING:
      self->spacing = g_value_get_int (value);
      gtk_widget_queue_resize (GTK_WIDGET (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_cost_page_class_init (LlCostPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_cost_page_dispose;
  object_class->get_property = ll_cost_page_get_property;
  object_class->set_property = ll_cost_page_set_property;

  properties[PROP_PLOT_SHARE] =
    g_param_spec_double ("plot-share", NULL, NULL, 0.3, 0.9, 0.68,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SPACING] =
    g_param_spec_int ("spacing", NULL, NULL, 0, 1000, 8,
                      G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_css_name (widget_class, "costpage");
}

static void
ll_cost_page_init (LlCostPage *self)
{
  self->plot_share = 0.68;
  self->spacing = 8;
  gtk_widget_set_layout_manager (GTK_WIDGET (self),
                                 gtk_custom_layout_new (request_mode, measure, allocate));
}
