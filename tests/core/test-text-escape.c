/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-text-escape.c: ll_text_escape_controls, what file-derived text goes
 * through before a terminal or the window shows it (issue 23). */
#include "config.h"

#include <glib.h>

#include "core/io/text-escape.h"

static void
test_escape (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "cat", "cat" },
    { "Ünïcödé ok ✓", "Ünïcödé ok ✓" },
    { "a\nb", "a\\nb" },
    { "line\r\ttab", "line\\r\\ttab" },
    { "\x1b[31mred\x1b]0;title\x07", "\\x1b[31mred\\x1b]0;title\\x07" },
    { "del\x7f", "del\\x7f" },
    { "c1 \xc2\x9b" "2J", "c1 \\x9b2J" },              /* U+009B, the 8-bit CSI */
    { "bidi \xe2\x80\xae" "gnp.exe", "bidi \\u{202e}gnp.exe" },
    { "not utf-8 \xff\xfe", "not utf-8 \\xff\\xfe" },
    { "back\\slash", "back\\slash" },
    { "", "" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = ll_text_escape_controls (cases[i].in);
      g_autofree char *twice = ll_text_escape_controls (escaped);

      g_assert_cmpstr (escaped, ==, cases[i].out);
      g_assert_cmpstr (twice, ==, escaped);
      g_assert_true (g_utf8_validate (escaped, -1, NULL));
      g_assert_cmpint (ll_text_has_controls (cases[i].in), ==, g_strcmp0 (cases[i].in, cases[i].out) != 0);
    }
  g_assert_null (ll_text_escape_controls (NULL));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/text-escape/controls", test_escape);
  return g_test_run ();
}
