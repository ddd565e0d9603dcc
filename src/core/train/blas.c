/* SPDX-License-Identifier: GPL-3.0-or-later */
/* blas.c: OpenBLAS, loaded the first time the float64 trainer needs it.
 *
 * Linking it would cost every process ~3 ms at start-up (the library, its
 * libgfortran and libquadmath, DYNAMIC_ARCH relocations and its init) for
 * the 8-bit pixel path, which never calls it. */
#include "config.h"

#include "blas-private.h"

#include <gmodule.h>
#include <glib/gi18n-lib.h>

/* cblas.h's own prototypes, so a mismatch with the library fails to build. */
typedef struct {
  __typeof__ (cblas_dgemm) *dgemm;
  __typeof__ (cblas_dgemv) *dgemv;
  __typeof__ (cblas_dsyrk) *dsyrk;
  __typeof__ (cblas_daxpy) *daxpy;
} BlasCalls;

/* What the first ll_blas_load() found: the calls, or why there are none. */
typedef struct {
  BlasCalls calls;
  GError *error;
} BlasTable;

static gboolean
blas_resolve (const char  *library,
              BlasCalls   *calls,
              GError     **error)
{
  const char *names[] = { "cblas_dgemm", "cblas_dgemv", "cblas_dsyrk", "cblas_daxpy" };
  gpointer found[G_N_ELEMENTS (names)];
  g_autoptr (GError) local_error = NULL;
  GModule *module;

  /* BIND_LOCAL: its symbols stay out of the global namespace. */
  module = g_module_open_full (library, G_MODULE_BIND_LOCAL, &local_error);
  if (module == NULL)
    {
      g_set_error (error, G_MODULE_ERROR, local_error->code,
                   _("cannot load OpenBLAS (%s): %s"), library, local_error->message);
      return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (!g_module_symbol (module, names[i], &found[i]) || found[i] == NULL)
      {
        g_set_error (error, G_MODULE_ERROR, G_MODULE_ERROR_FAILED,
                     _("cannot load OpenBLAS (%s): %s"), library, g_module_error ());
        g_module_close (module);
        return FALSE;
      }
  /* Its worker threads outlive any job: never unloaded. */
  g_module_make_resident (module);
  calls->dgemm = (__typeof__ (calls->dgemm)) found[0];
  calls->dgemv = (__typeof__ (calls->dgemv)) found[1];
  calls->dsyrk = (__typeof__ (calls->dsyrk)) found[2];
  calls->daxpy = (__typeof__ (calls->daxpy)) found[3];
  return TRUE;
}

/* ThreadSanitizer cannot see the order g_once makes (libglib is not
 * instrumented): it took the first dgemm on a trainer thread for a race
 * with the table's load on the 2/L thread. Say where the table is handed
 * over. Nothing outside a TSan build. */
#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#define TABLE_RELEASE(table) __tsan_release ((void *) (table))
#define TABLE_ACQUIRE(table) __tsan_acquire ((void *) (table))
#else
#define TABLE_RELEASE(table) ((void) (table))
#define TABLE_ACQUIRE(table) ((void) (table))
#endif

static gpointer
blas_table_load (gpointer unused)
{
  BlasTable *table = g_new0 (BlasTable, 1);

  blas_resolve (LL_BLAS_LIBRARY, &table->calls, &table->error);
  TABLE_RELEASE (table);
  return table;
}

/* The process-wide table. Written once, inside g_once, and read-only after:
 * an immutable cache of the dynamic linker's answer, not mutable state. */
static const BlasTable *
blas_table (void)
{
  static GOnce once = G_ONCE_INIT;
  const BlasTable *table = g_once (&once, blas_table_load, NULL);

  TABLE_ACQUIRE (table);
  return table;
}

gboolean
ll_blas_load (GError **error)
{
  const BlasTable *table = blas_table ();

  if (table->error != NULL)
    {
      g_set_error_literal (error, table->error->domain, table->error->code,
                           table->error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
ll_blas_try_library (const char  *library,
                     GError     **error)
{
  BlasCalls calls;

  return blas_resolve (library, &calls, error);
}

/* The calls below come after a successful ll_blas_load(): a NULL call is a
 * bug in the caller, and crashes at once rather than compute nothing. */

void
ll_blas_dgemm (CBLAS_ORDER     order,
               CBLAS_TRANSPOSE trans_a,
               CBLAS_TRANSPOSE trans_b,
               int             m,
               int             n,
               int             k,
               double          alpha,
               const double   *a,
               int             lda,
               const double   *b,
               int             ldb,
               double          beta,
               double         *c,
               int             ldc)
{
  blas_table ()->calls.dgemm (order, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb,
                              beta, c, ldc);
}

void
ll_blas_dgemv (CBLAS_ORDER     order,
               CBLAS_TRANSPOSE trans,
               int             m,
               int             n,
               double          alpha,
               const double   *a,
               int             lda,
               const double   *x,
               int             incx,
               double          beta,
               double         *y,
               int             incy)
{
  blas_table ()->calls.dgemv (order, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

void
ll_blas_dsyrk (CBLAS_ORDER     order,
               CBLAS_UPLO      uplo,
               CBLAS_TRANSPOSE trans,
               int             n,
               int             k,
               double          alpha,
               const double   *a,
               int             lda,
               double          beta,
               double         *c,
               int             ldc)
{
  blas_table ()->calls.dsyrk (order, uplo, trans, n, k, alpha, a, lda, beta, c, ldc);
}

void
ll_blas_daxpy (int           n,
               double        alpha,
               const double *x,
               int           incx,
               double       *y,
               int           incy)
{
  blas_table ()->calls.daxpy (n, alpha, x, incx, y, incy);
}
