/* SPDX-License-Identifier: GPL-3.0-or-later */
/* landscape-npz.c: see landscape-npz.h. */
#include "config.h"

#include "landscape-npz.h"

#include "npz.h"

static void
add_array (GPtrArray *arrays, const char *name, const double *values, guint ndim,
           gsize rows, gsize cols)
{
  const gsize shape[2] = { rows, cols };

  g_ptr_array_add (arrays, ll_npy_array_new_doubles (name, values, ndim, shape));
}

gboolean
ll_landscape_npz_write (const char                *path,
                        const LlLandscapeNpzPlane *plane,
                        const LlLandscapeNpzPath  *paths,
                        guint                      n_paths,
                        GError                   **error)
{
  g_autoptr(GPtrArray) arrays = g_ptr_array_new_with_free_func ((GDestroyNotify) ll_npy_array_free);
  gsize n;

  g_return_val_if_fail (path != NULL && plane != NULL, FALSE);
  g_return_val_if_fail (n_paths == 0 || paths != NULL, FALSE);

  n = plane->n_features;
  add_array (arrays, "d1", plane->d1, 1, n + 1, 0);
  add_array (arrays, "d2", plane->d2, 1, n + 1, 0);
  add_array (arrays, "s", plane->s, 1, plane->n_s, 0);
  add_array (arrays, "t", plane->t, 1, plane->n_t, 0);
  add_array (arrays, "cost", plane->cost, 2, plane->n_s, plane->n_t);
  add_array (arrays, "w0", plane->w0, 1, n, 0);
  add_array (arrays, "b0", &plane->b0, 0, 0, 0);
  for (guint k = 0; k < n_paths; k++)
    {
      g_autofree char *path_name = g_strdup_printf ("path_%u", k);
      g_autofree char *cost_name = g_strdup_printf ("path_cost_%u", k);

      add_array (arrays, path_name, paths[k].st, 2, paths[k].n_points, 2);
      add_array (arrays, cost_name, paths[k].costs, 1, paths[k].n_points, 0);
    }
  return ll_npz_write (path, arrays, error);
}
