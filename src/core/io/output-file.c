/* SPDX-License-Identifier: GPL-3.0-or-later */
/* output-file.c: writing a file the user named, by what the path is (see
 * output-file.h): replace regular files atomically, write devices, FIFOs
 * and standard output in place, refuse the rest. */
#include "config.h"

#include "output-file.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary files being written, for the signal handler: a fixed table
 * (the handler may neither allocate nor lock). This is the one process-wide
 * state of the core, and it must be: a signal is process-wide. A slot is
 * FREE, CLAIMED while its path is copied in, then READY. */
enum { SLOT_FREE, SLOT_CLAIMED, SLOT_READY };
#define N_SLOTS 8
static gint slot_state[N_SLOTS];
static char slot_path[N_SLOTS][PATH_MAX];

static int
register_temporary (const char *path)
{
  if (strlen (path) >= PATH_MAX)
    return -1;
  for (int i = 0; i < N_SLOTS; i++)
    if (g_atomic_int_compare_and_exchange (&slot_state[i], SLOT_FREE, SLOT_CLAIMED))
      {
        strcpy (slot_path[i], path);
        g_atomic_int_set (&slot_state[i], SLOT_READY);
        return i;
      }
  return -1;  /* more writes at once than slots: that one is not cleaned up */
}

static void
unregister_temporary (int slot)
{
  if (slot >= 0)
    g_atomic_int_set (&slot_state[slot], SLOT_FREE);
}

static void
remove_temporaries_and_die (int signal_number)
{
  for (int i = 0; i < N_SLOTS; i++)
    if (g_atomic_int_get (&slot_state[i]) == SLOT_READY)
      unlink (slot_path[i]);
  /* Die of the signal, as without the handler (the parent sees it). */
  signal (signal_number, SIG_DFL);
  raise (signal_number);
}

void
ll_output_remove_temporaries_on_signals (void)
{
  static const int signals[] = { SIGINT, SIGTERM };
  struct sigaction action = { 0 };

  action.sa_handler = remove_temporaries_and_die;
  sigemptyset (&action.sa_mask);
  for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      struct sigaction previous;

      /* An ignored signal (nohup, a shell's background job) stays ignored. */
      if (sigaction (signals[i], NULL, &previous) == 0 && previous.sa_handler == SIG_IGN)
        continue;
      sigaction (signals[i], &action, NULL);
    }
}

gboolean
ll_output_write_all (int fd, const void *data, gsize len)
{
  const char *p = data;

  while (len > 0)
    {
      ssize_t written = write (fd, p, MIN (len, (gsize) G_MAXSSIZE));

      if (written < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      if (written == 0)
        {
          errno = ENOSPC;
          return FALSE;
        }
      p += written;
      len -= (gsize) written;
    }
  return TRUE;
}

/* G_IO_ERROR, found by its name rather than by GIO's g_io_error_quark ():
 * the same quark, and the command line's `logistic-lab` need not load GIO
 * (and GObject) to write a file (3 to 6 ms of its start-up: src/cli-lean.c). */
static GQuark
io_error_quark (void)
{
  return g_quark_from_static_string ("g-io-error-quark");
}

/* What g_io_error_from_errno () gives for the errors a writer meets. */
static int
io_error_code (int saved_errno)
{
  switch (saved_errno)
    {
    case EEXIST: return G_IO_ERROR_EXISTS;
    case EISDIR: return G_IO_ERROR_IS_DIRECTORY;
    case EACCES: case EPERM: return G_IO_ERROR_PERMISSION_DENIED;
    case ENAMETOOLONG: return G_IO_ERROR_FILENAME_TOO_LONG;
    case ENOENT: return G_IO_ERROR_NOT_FOUND;
    case ENOTDIR: return G_IO_ERROR_NOT_DIRECTORY;
    case EROFS: return G_IO_ERROR_READ_ONLY;
    case ENXIO: return G_IO_ERROR_NOT_REGULAR_FILE;
    case ELOOP: case EMLINK: return G_IO_ERROR_TOO_MANY_LINKS;
    case ENOTEMPTY: return G_IO_ERROR_NOT_EMPTY;
    case ENOTSUP: return G_IO_ERROR_NOT_SUPPORTED;
    case ETIMEDOUT: return G_IO_ERROR_TIMED_OUT;
    case EAGAIN: return G_IO_ERROR_WOULD_BLOCK;
    case ENOSPC: case EDQUOT: case ENOMEM: return G_IO_ERROR_NO_SPACE;
    case EINVAL: return G_IO_ERROR_INVALID_ARGUMENT;
    case EMFILE: case ENFILE: return G_IO_ERROR_TOO_MANY_OPEN_FILES;
    case EBUSY: return G_IO_ERROR_BUSY;
    case EPIPE: return G_IO_ERROR_BROKEN_PIPE;
    default: return G_IO_ERROR_FAILED;
    }
}

static gboolean
fail (GError **error, int code, const char *path, const char *reason)
{
  g_autofree char *shown = g_filename_display_name (path);

  g_set_error (error, io_error_quark (), code, _("%s: cannot write: %s"), shown, reason);
  return FALSE;
}

static gboolean
fail_errno (GError **error, const char *path, int saved_errno)
{
  return fail (error, io_error_code (saved_errno), path, g_strerror (saved_errno));
}

static gboolean
is_stdout_name (const char *path)
{
  return strcmp (path, "-") == 0 || strcmp (path, "/dev/stdout") == 0;
}

/* The kind of PATH; for LL_OUTPUT_REPLACE also whether it exists and its
 * status (followed through links). */
static gboolean
classify_target (const char   *path,
                 LlOutputKind *kind,
                 gboolean     *exists,
                 GStatBuf     *status,
                 GError      **error)
{
  GStatBuf link_status;

  *exists = FALSE;
  if (is_stdout_name (path))
    {
      *kind = LL_OUTPUT_STDOUT;
      return TRUE;
    }
  if (path[0] == '\0')
    return fail (error, G_IO_ERROR_INVALID_FILENAME, path, _("the file name is empty"));
  if (g_stat (path, status) == 0)
    {
      *exists = TRUE;
      if (S_ISREG (status->st_mode))
        {
          /* The temporary file goes beside the (link's) target. */
          g_autofree char *target = realpath (path, NULL);
          g_autofree char *target_folder = target != NULL ? g_path_get_dirname (target) : NULL;

          if (target_folder != NULL && access (target_folder, W_OK) != 0)
            return fail_errno (error, path, errno);
          *kind = LL_OUTPUT_REPLACE;
        }
      else if (S_ISCHR (status->st_mode) || S_ISFIFO (status->st_mode))
        *kind = LL_OUTPUT_DIRECT;
      else if (S_ISDIR (status->st_mode))
        return fail (error, G_IO_ERROR_IS_DIRECTORY, path, _("it is a folder"));
      else
        return fail (error, G_IO_ERROR_NOT_REGULAR_FILE, path,
                     _("it is not a file, a character device or a FIFO"));
      return TRUE;
    }
  if (errno != ENOENT)
    return fail_errno (error, path, errno);
  if (g_lstat (path, &link_status) == 0)
    return fail (error, G_IO_ERROR_NOT_FOUND, path,
                 _("it is a symbolic link to a file that does not exist"));

  /* A new file: its folder must exist. */
  g_autofree char *folder = g_path_get_dirname (path);
  GStatBuf folder_status;

  if (g_stat (folder, &folder_status) != 0)
    return fail_errno (error, path, errno);
  if (!S_ISDIR (folder_status.st_mode))
    return fail_errno (error, path, ENOTDIR);
  if (access (folder, W_OK) != 0)
    return fail_errno (error, path, errno);
  *kind = LL_OUTPUT_REPLACE;
  return TRUE;
}

gboolean
ll_output_check (const char *path, LlOutputKind *kind, GError **error)
{
  LlOutputKind found;
  gboolean exists;
  GStatBuf status;

  g_return_val_if_fail (path != NULL, FALSE);
  if (!classify_target (path, &found, &exists, &status, error))
    return FALSE;
  if (kind != NULL)
    *kind = found;
  return TRUE;
}

gboolean
ll_output_is_one_of (const char *path, const char * const *inputs, const char **match)
{
  GStatBuf target;

  if (inputs == NULL || is_stdout_name (path) || g_stat (path, &target) != 0)
    return FALSE;
  for (gsize i = 0; inputs[i] != NULL; i++)
    {
      GStatBuf input;

      if (g_stat (inputs[i], &input) == 0
          && input.st_dev == target.st_dev && input.st_ino == target.st_ino)
        {
          if (match != NULL)
            *match = inputs[i];
          return TRUE;
        }
    }
  return FALSE;
}

/* A new file beside TARGET, created with MODE (the umask applies), its path
 * into *TEMPORARY. -1 with errno set on failure. */
static int
create_temporary (const char *target, int mode, char **temporary)
{
  g_autofree char *folder = g_path_get_dirname (target);
  g_autofree char *base = g_path_get_basename (target);
  g_autofree char *template = NULL;
  int fd;

  template = g_strdup_printf ("%s%c.%s.XXXXXX", folder, G_DIR_SEPARATOR, base);
  fd = g_mkstemp_full (template, O_WRONLY | O_CLOEXEC, mode);
  if (fd >= 0)
    *temporary = g_steal_pointer (&template);
  return fd;
}

static gboolean
replace (const char     *path,
         gboolean        exists,
         const GStatBuf *status,
         LlOutputWriter  writer,
         gpointer        user_data,
         GError        **error)
{
  /* Through links: the link stays, its target is replaced. */
  g_autofree char *target = exists ? realpath (path, NULL) : g_strdup (path);
  g_autofree char *temporary = NULL;
  int fd, slot, saved_errno;

  if (target == NULL)
    return fail_errno (error, path, errno);
  fd = create_temporary (target, exists ? 0600 : 0666, &temporary);
  if (fd < 0)
    return fail_errno (error, path, errno);
  slot = register_temporary (temporary);

  /* The replaced file's owner (root may set it; others keep theirs) and
   * mode, before the contents: fchown clears set-id bits. */
  if (exists)
    {
      if (fchown (fd, status->st_uid, status->st_gid) != 0)
        { /* not ours to give: the file becomes the writer's */ }
      if (fchmod (fd, status->st_mode & 07777) != 0)
        goto failed;
    }
  if (!writer (fd, user_data) || fsync (fd) != 0)
    goto failed;
  if (close (fd) != 0)
    {
      fd = -1;
      goto failed;
    }
  fd = -1;
  if (g_rename (temporary, target) != 0)
    goto failed;
  unregister_temporary (slot);
  return TRUE;

failed:
  saved_errno = errno;
  if (fd >= 0)
    close (fd);
  g_unlink (temporary);
  unregister_temporary (slot);
  return fail_errno (error, path, saved_errno);
}

static gboolean
write_in_place (const char *path, LlOutputWriter writer, gpointer user_data, GError **error)
{
  /* No O_TRUNC and no O_CREAT: a device or FIFO is written, never made. */
  int fd = g_open (path, O_WRONLY | O_NOCTTY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd < 0)
    return fail_errno (error, path, errno);
  if (!writer (fd, user_data))
    {
      saved_errno = errno;
      close (fd);
      return fail_errno (error, path, saved_errno);
    }
  if (close (fd) != 0)
    return fail_errno (error, path, errno);
  return TRUE;
}

gboolean
ll_output_write_with (const char *path, LlOutputWriter writer, gpointer user_data, GError **error)
{
  LlOutputKind kind;
  gboolean exists;
  GStatBuf status;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (writer != NULL, FALSE);

  if (!classify_target (path, &kind, &exists, &status, error))
    return FALSE;
  switch (kind)
    {
    case LL_OUTPUT_STDOUT:
      if (!writer (STDOUT_FILENO, user_data))
        return fail_errno (error, path, errno);
      return TRUE;
    case LL_OUTPUT_DIRECT:
      return write_in_place (path, writer, user_data, error);
    case LL_OUTPUT_REPLACE:
    default:
      return replace (path, exists, &status, writer, user_data, error);
    }
}

typedef struct {
  const void *data;
  gsize len;
} Bytes;

static gboolean
write_bytes (int fd, gpointer user_data)
{
  const Bytes *bytes = user_data;

  return ll_output_write_all (fd, bytes->data, bytes->len);
}

gboolean
ll_output_write_bytes (const char *path, const void *data, gsize len, GError **error)
{
  Bytes bytes = { data, len };

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  return ll_output_write_with (path, write_bytes, &bytes, error);
}
