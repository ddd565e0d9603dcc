/* fixtures.h: small test data made on the fly, and the course data's whereabouts. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folder holding the course's .h5 pair, or NULL (and g_test_skip with a
 * clear message) when it is absent. */
const char *ll_test_catvnoncat_dir (void);

/* A fresh temporary folder, removed recursively at exit. */
char       *ll_test_make_tmpdir    (void);

/* Path of the built logistic-lab executable (LL_LOGISTIC_LAB). */
const char *ll_test_logistic_lab   (void);

G_END_DECLS
