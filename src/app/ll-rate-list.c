/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-rate-list.c: rows of [swatch | entry | remove] and an Add button. */
#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ll-rate-list.h"
#include "ll-swatch.h"
#include "session/ll-run-config.h"
#include "plot/plot-render.h"

struct _LlRateList
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *rows_box;
  GtkWidget *add_button;

  GPtrArray *entries;  /* GtkEntry*, in row order; the row is the entry's parent */
  GArray *rates;       /* double: the rates as last typed without a mistake */
};

G_DEFINE_FINAL_TYPE (LlRateList, ll_rate_list, GTK_TYPE_WIDGET)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

enum {
  PROP_0,
  PROP_RATES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* After any edit: "rates" follows when every entry reads as a rate. */
static void
emit_changed (LlRateList *self)
{
  g_autofree double *rates = NULL;
  guint n_rates = 0;

  rates = ll_rate_list_get_rates_quietly (self, &n_rates);
  if (rates != NULL &&
      (n_rates != self->rates->len ||
       memcmp (rates, self->rates->data, n_rates * sizeof (double)) != 0))
    {
      g_array_set_size (self->rates, 0);
      g_array_append_vals (self->rates, rates, n_rates);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATES]);
    }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
format_rate (double rate,
             char   buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, "%g", rate);
}

static void
validate_entry (GtkWidget *entry)
{
  double rate;

  if (ll_run_config_parse_rate (gtk_editable_get_text (GTK_EDITABLE (entry)), &rate, NULL))
    gtk_widget_remove_css_class (entry, "error");
  else
    gtk_widget_add_css_class (entry, "error");
}

static void
on_entry_changed (GtkEditable *entry,
                  LlRateList  *self)
{
  validate_entry (GTK_WIDGET (entry));
  emit_changed (self);
}

static void
update_rows (LlRateList *self)
{
  for (guint i = 0; i < self->entries->len; i++)
    {
      GtkWidget *entry = g_ptr_array_index (self->entries, i);
      GtkWidget *row = gtk_widget_get_parent (entry);
      GtkWidget *swatch = gtk_widget_get_first_child (row);
      GtkWidget *remove = gtk_widget_get_last_child (row);
      g_autofree char *label = g_strdup_printf (_("Learning rate %u"), i + 1);
      g_autofree char *remove_label = g_strdup_printf (_("Remove learning rate %u"), i + 1);

      ll_swatch_set_index (LL_SWATCH (swatch), i);
      gtk_widget_set_sensitive (remove, self->entries->len > 1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      /* An icon alone: a screen reader says which row it removes. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
    }
  gtk_widget_set_sensitive (self->add_button, self->entries->len < LL_RATE_LIST_MAX_RATES);
}

static void
on_remove_clicked (GtkButton  *button,
                   LlRateList *self)
{
  GtkWidget *row = gtk_widget_get_parent (GTK_WIDGET (button));

  for (guint i = 0; i < self->entries->len; i++)
    if (gtk_widget_get_parent (g_ptr_array_index (self->entries, i)) == row)
      {
        ll_rate_list_remove_rate (self, i);
        return;
      }
}

static GtkWidget *
append_row (LlRateList *self,
            const char *text)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("list-remove-symbolic");

  gtk_widget_add_css_class (row, "rate-row");
  gtk_box_append (GTK_BOX (row), ll_swatch_new (self->entries->len));

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 10);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_tooltip_text (entry, _("A learning rate: a positive number such as 0.01"));
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed), self);
  validate_entry (entry);
  gtk_box_append (GTK_BOX (row), entry);

  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove this learning rate"));
  g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_clicked), self);
  gtk_box_append (GTK_BOX (row), remove);

  gtk_box_append (GTK_BOX (self->rows_box), row);
  g_ptr_array_add (self->entries, entry);
  return entry;
}

static void
clear_rows (LlRateList *self)
{
  GtkWidget *row;

  g_ptr_array_set_size (self->entries, 0);
  while ((row = gtk_widget_get_first_child (self->rows_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->rows_box), row);
}

void
ll_rate_list_set_rates (LlRateList   *self,
                        const double *rates,
                        guint         n_rates)
{
  g_return_if_fail (LL_IS_RATE_LIST (self));

  clear_rows (self);
  for (guint i = 0; i < MIN (n_rates, LL_RATE_LIST_MAX_RATES); i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      format_rate (rates[i], buf);
      append_row (self, buf);
    }
  update_rows (self);
  emit_changed (self);
}

double *
ll_rate_list_get_rates (LlRateList  *self,
                        guint       *n_rates,
                        GError     **error)
{
  g_autofree double *rates = NULL;

  g_return_val_if_fail (LL_IS_RATE_LIST (self), NULL);

  rates = g_new (double, MAX (self->entries->len, 1));
  for (guint i = 0; i < self->entries->len; i++)
    {
      GtkWidget *entry = g_ptr_array_index (self->entries, i);
      const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

      if (!ll_run_config_parse_rate (text, &rates[i], NULL))
        {
          validate_entry (entry);
          gtk_widget_grab_focus (entry);
          if (*text == '\0')
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("Learning rate %u is empty: type a positive number such as 0.01"),
                         i + 1);
          else
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                         _("Learning rate “%s” is not a positive number: type one such as 0.01"),
                         text);
          return NULL;
        }
    }
  if (self->entries->len == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Add at least one learning rate"));
      return NULL;
    }
  *n_rates = self->entries->len;
  return g_steal_pointer (&rates);
}

double *
ll_rate_list_get_rates_quietly (LlRateList *self,
                                guint      *n_rates)
{
  g_autofree double *rates = g_new (double, MAX (self->entries->len, 1));

  for (guint i = 0; i < self->entries->len; i++)
    if (!ll_run_config_parse_rate (gtk_editable_get_text (g_ptr_array_index (self->entries, i)),
                                   &rates[i], NULL))
      return NULL;
  if (self->entries->len == 0)
    return NULL;
  *n_rates = self->entries->len;
  return g_steal_pointer (&rates);
}

static void
set_rates_variant (LlRateList *self,
                   GVariant   *value)
{
  gsize n_rates = 0;
  const double *rates = value != NULL ? g_variant_get_fixed_array (value, &n_rates, sizeof (double))
                                      : NULL;
  g_autofree double *typed = NULL;
  guint n_typed = 0;

  /* The same rates as typed: keep the entries (and the cursor in them). */
  typed = ll_rate_list_get_rates_quietly (self, &n_typed);
  if (n_rates == 0 ||
      (typed != NULL && n_typed == n_rates && memcmp (typed, rates, n_rates * sizeof (double)) == 0))
    return;
  ll_rate_list_set_rates (self, rates, (guint) n_rates);
}

static void
ll_rate_list_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  LlRateList *self = LL_RATE_LIST (object);

  switch (prop_id)
    {
    case PROP_RATES:
      g_value_take_variant (value, g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, self->rates->data,
                                                              self->rates->len, sizeof (double)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ll_rate_list_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_RATES:
      set_rates_variant (LL_RATE_LIST (object), g_value_get_variant (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

guint
ll_rate_list_get_n_rates (LlRateList *self)
{
  g_return_val_if_fail (LL_IS_RATE_LIST (self), 0);

  return self->entries->len;
}

GtkEditable *
ll_rate_list_get_entry (LlRateList *self,
                        guint       index)
{
  g_return_val_if_fail (LL_IS_RATE_LIST (self), NULL);
  g_return_val_if_fail (index < self->entries->len, NULL);

  return g_ptr_array_index (self->entries, index);
}

void
ll_rate_list_add_rate (LlRateList *self)
{
  double smallest = INFINITY;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  GtkWidget *entry;

  g_return_if_fail (LL_IS_RATE_LIST (self));

  if (self->entries->len >= LL_RATE_LIST_MAX_RATES)
    return;
  for (guint i = 0; i < self->entries->len; i++)
    {
      double rate;

      if (ll_run_config_parse_rate (gtk_editable_get_text (g_ptr_array_index (self->entries, i)), &rate, NULL))
        smallest = MIN (smallest, rate);
    }
  format_rate (isfinite (smallest) ? smallest / 10 : 0.01, buf);
  entry = append_row (self, buf);
  update_rows (self);
  gtk_widget_grab_focus (entry);
  emit_changed (self);
}

void
ll_rate_list_remove_rate (LlRateList *self,
                          guint       index)
{
  GtkWidget *entry;

  g_return_if_fail (LL_IS_RATE_LIST (self));
  g_return_if_fail (index < self->entries->len);

  if (self->entries->len <= 1)
    return;
  entry = g_ptr_array_index (self->entries, index);
  gtk_box_remove (GTK_BOX (self->rows_box), gtk_widget_get_parent (entry));
  g_ptr_array_remove_index (self->entries, index);
  update_rows (self);
  gtk_widget_grab_focus (g_ptr_array_index (self->entries, MIN (index, self->entries->len - 1)));
  emit_changed (self);
}

static void
on_add_clicked (LlRateList *self)
{
  ll_rate_list_add_rate (self);
}

static void
ll_rate_list_dispose (GObject *object)
{
  LlRateList *self = LL_RATE_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LL_TYPE_RATE_LIST);

  G_OBJECT_CLASS (ll_rate_list_parent_class)->dispose (object);
}

static void
ll_rate_list_finalize (GObject *object)
{
  LlRateList *self = LL_RATE_LIST (object);

  g_ptr_array_unref (self->entries);
  g_array_unref (self->rates);

  G_OBJECT_CLASS (ll_rate_list_parent_class)->finalize (object);
}

static void
ll_rate_list_class_init (LlRateListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ll_rate_list_dispose;
  object_class->finalize = ll_rate_list_finalize;
  object_class->get_property = ll_rate_list_get_property;
  object_class->set_property = ll_rate_list_set_property;

  /* The typed rates once they all read (GVariant "ad"), for binding to
   * LlRunConfig:learning-rates; a half-typed list keeps the last good ones. */
  properties[PROP_RATES] =
    g_param_spec_variant ("rates", NULL, NULL, G_VARIANT_TYPE ("ad"), NULL,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::changed: a rate was typed, added or removed. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/logisticlab/LogisticLab/ll-rate-list.ui");
  gtk_widget_class_bind_template_child (widget_class, LlRateList, box);
  gtk_widget_class_bind_template_child (widget_class, LlRateList, rows_box);
  gtk_widget_class_bind_template_child (widget_class, LlRateList, add_button);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ratelist");
}

static void
ll_rate_list_init (LlRateList *self)
{
  static const double defaults[] = { 0.5, 0.1, 0.01 };

  self->entries = g_ptr_array_new ();
  self->rates = g_array_new (FALSE, FALSE, sizeof (double));
  gtk_widget_init_template (GTK_WIDGET (self));
  ll_rate_list_set_rates (self, defaults, G_N_ELEMENTS (defaults));
}

GtkWidget *
ll_rate_list_new (void)
{
  return g_object_new (LL_TYPE_RATE_LIST, NULL);
}
