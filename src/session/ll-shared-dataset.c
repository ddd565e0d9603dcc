/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ll-shared-dataset.c: a reference-counted, read-only dataset. */
#include "config.h"

#include "ll-shared-dataset.h"

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

struct _LlSharedDataset
{
  LlDataset *dataset;
};

LlSharedDataset *
ll_shared_dataset_new (LlDataset *dataset)
{
  LlSharedDataset *shared = g_atomic_rc_box_new0 (LlSharedDataset);

  g_return_val_if_fail (dataset != NULL, NULL);

  shared->dataset = dataset;
  return shared;
}

LlSharedDataset *
ll_shared_dataset_ref (LlSharedDataset *shared)
{
  return g_atomic_rc_box_acquire (shared);
}

static void
shared_dataset_clear (gpointer data)
{
  LlSharedDataset *shared = data;

#if defined(__SANITIZE_THREAD__)
  __tsan_acquire (shared);
#endif
  g_clear_pointer (&shared->dataset, ll_dataset_free);
}

void
ll_shared_dataset_unref (LlSharedDataset *shared)
{
  /* The last reference may go on the training thread: ThreadSanitizer
   * cannot see libglib's atomic count order the accesses before it. */
#if defined(__SANITIZE_THREAD__)
  __tsan_release (shared);
#endif
  g_atomic_rc_box_release_full (shared, shared_dataset_clear);
}

const LlDataset *
ll_shared_dataset_get (LlSharedDataset *shared)
{
  return shared->dataset;
}

G_DEFINE_BOXED_TYPE (LlSharedDataset, ll_shared_dataset, ll_shared_dataset_ref, ll_shared_dataset_unref)
