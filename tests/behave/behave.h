/* behave.h -- helpers shared by the programs in tests/behave/.

   Each program counts failed checks in `failures', names every failed
   check on stderr and exits non-zero when any failed.  The helpers read
   the process's own state from /proc/self without calling malloc, so
   they stay usable when allocation fails or is being observed.  */
#ifndef BEHAVE_H
#define BEHAVE_H

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* The tests hand freed or failed-to-grow pointers back on purpose (a
   failed realloc leaves the block alive), and ask for impossible sizes.  */
#pragma GCC diagnostic ignored "-Wuse-after-free"
#pragma GCC diagnostic ignored "-Walloc-size-larger-than="
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"

extern const char *prog_name;   /* defined by each program */

/* True if the glibc running the program is VERSION or later: the tests
   run on glibc 2.36 and on master, whose malloc differs in documented
   ways (no fastbins after 2.41; aligned_alloc refuses alignments that
   are not powers of two since 2.38).  */
#include <gnu/libc-version.h>
static int
libc_at_least (const char *version)
{
  return strverscmp (gnu_get_libc_version (), version) >= 0;
}

/* Heaps malloc_info reports (main arena and thread arenas), read
   through a tmpfile with a static buffer so that counting allocates
   nothing.  */
static size_t
count_heaps (void)
{
  static char iobuf[1 << 16], buf[1 << 16];
  FILE *f = tmpfile ();
  if (f == NULL)
    return 0;
  setvbuf (f, iobuf, _IOFBF, sizeof iobuf);
  malloc_info (0, f);
  fflush (f);
  ssize_t len = pread (fileno (f), buf, sizeof buf - 1, 0);
  fclose (f);
  buf[len > 0 ? len : 0] = 0;
  size_t n = 0;
  for (char *s = buf; (s = strstr (s, "<heap nr=")) != NULL; s++)
    n++;
  return n;
}
static int failures;
static const char *group_name = "";

static void __attribute__ ((format (printf, 3, 4)))
report_failure (int line, const char *cond, const char *fmt, ...)
{
  char buf[1024];
  int n = snprintf (buf, sizeof buf, "%s: %s%sline %d: check failed: %s",
                    prog_name, group_name, *group_name ? ": " : "",
                    line, cond);
  if (fmt != NULL && n > 0 && n < (int) sizeof buf)
    {
      va_list ap;
      va_start (ap, fmt);
      n += snprintf (buf + n, sizeof buf - n, " (");
      if (n < (int) sizeof buf)
        n += vsnprintf (buf + n, sizeof buf - n, fmt, ap);
      if (n < (int) sizeof buf)
        n += snprintf (buf + n, sizeof buf - n, ")");
      va_end (ap);
    }
  if (n >= (int) sizeof buf)
    n = sizeof buf - 1;
  buf[n++] = '\n';
  /* write(2), not stdio: usable when malloc fails.  */
  if (write (2, buf, n) < 0)
    _exit (2);
  failures++;
}

#define CHECK(cond)                                                     \
  do { if (!(cond)) report_failure (__LINE__, #cond, NULL); } while (0)
#define CHECKF(cond, ...)                                               \
  do { if (!(cond)) report_failure (__LINE__, #cond, __VA_ARGS__); } while (0)

static inline int
is_aligned (const void *p, size_t a)
{
  return ((uintptr_t) p & (a - 1)) == 0;
}

/* Read a small /proc file into BUF without malloc; returns its length.  */
static ssize_t
read_proc (const char *path, char *buf, size_t size)
{
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -1;
  size_t len = 0;
  for (;;)
    {
      ssize_t r = read (fd, buf + len, size - 1 - len);
      if (r <= 0)
        break;
      len += r;
      if (len == size - 1)
        break;
    }
  close (fd);
  buf[len] = 0;
  return len;
}

/* Resident set size in bytes, from /proc/self/statm.  */
static size_t
rss_bytes (void)
{
  char buf[256];
  unsigned long size = 0, resident = 0;
  if (read_proc ("/proc/self/statm", buf, sizeof buf) > 0)
    sscanf (buf, "%lu %lu", &size, &resident);
  return resident * (size_t) sysconf (_SC_PAGESIZE);
}

/* A field of /proc/self/status in kB (VmSize, VmRSS, ...), as bytes.  */
static size_t
status_bytes (const char *field)
{
  static char buf[8192];
  if (read_proc ("/proc/self/status", buf, sizeof buf) <= 0)
    return 0;
  size_t flen = strlen (field);
  for (char *l = buf; l != NULL && *l; l = strchr (l, '\n'), l = l ? l + 1 : l)
    if (strncmp (l, field, flen) == 0 && l[flen] == ':')
      return strtoull (l + flen + 1, NULL, 10) * 1024;
  return 0;
}

/* Run FN in a child process, so that each group of checks starts from
   the same allocator state and a crash in one is reported and does not
   stop the others.  Returns the number of failures (1 for a crash).  */
static int
run_group (const char *name, void (*fn) (void))
{
  fflush (NULL);
  pid_t pid = fork ();
  if (pid < 0)
    {
      perror ("fork");
      return 1;
    }
  if (pid == 0)
    {
      group_name = name;
      failures = 0;
      fn ();
      fflush (NULL);
      _exit (failures > 0 ? 1 : 0);
    }
  int status;
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (WIFSIGNALED (status))
    {
      fprintf (stderr, "%s: %s: killed by signal %d (%s)\n", prog_name, name,
               WTERMSIG (status), strsignal (WTERMSIG (status)));
      return 1;
    }
  return WEXITSTATUS (status) != 0;
}

/* Small, fast, seedable generator (xorshift64*).  */
static inline uint64_t
rng_next (uint64_t *s)
{
  uint64_t x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * 0x2545F4914F6CDD1DULL;
}

static inline uint64_t
rng_below (uint64_t *s, uint64_t n)
{
  return n ? rng_next (s) % n : 0;
}

#endif
