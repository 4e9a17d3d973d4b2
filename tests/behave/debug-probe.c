/* debug-probe: what tests/malloc-debug.sh runs with libc_malloc_debug.so
   preloaded (MALLOC_CHECK_, mcheck, mtrace).

   Usage: debug-probe MODE, MODE one of
     maps         print the path of the libc_malloc_debug.so mapped, or none
     ops          every malloc-family call over the bin classes, contents
                  checked; exits 0 when all hold
     overflow     write one byte past a 100-byte block, then free it
     double-free  free a block twice
     realloc-overflow  write one byte past a block, then realloc it
     mcheck       call mcheck first, then mprobe blocks good, overrun
                  at the tail and at the head, and print the statuses
     mtrace       mtrace () around known calls, muntrace (), then read
                  $MALLOC_TRACE and check that each call is in it  */
#include "behave.h"

#include <mcheck.h>

const char *prog_name = "debug-probe";

static int
ops (void)
{
  static const size_t sizes[] = { 1, 24, 100, 128, 1000, 1032, 5000, 70000,
                                  200000, 1 << 20 };
  enum { NS = sizeof sizes / sizeof sizes[0] };
  for (int round = 0; round < 3; round++)
    for (int i = 0; i < NS; i++)
      {
        size_t n = sizes[i];
        unsigned char *a = malloc (n), *c = calloc (n, 1), *m = memalign (64, n);
        CHECKF (a && c && m, "allocation of %zu", n);
        if (!(a && c && m))
          continue;
        CHECK (is_aligned (m, 64) && is_aligned (a, 16));
        int z = 1;
        for (size_t k = 0; k < n; k++)
          z &= c[k] == 0;
        CHECKF (z, "calloc (%zu, 1) not zeroed", n);
        memset (a, 0x11, n);
        memset (c, 0x22, n);
        memset (m, 0x33, n);
        CHECK (malloc_usable_size (a) >= n);
        size_t to = sizes[(i + round + 1) % NS];
        unsigned char *r = realloc (a, to);
        CHECKF (r != NULL, "realloc %zu -> %zu", n, to);
        if (r != NULL)
          {
            int same = 1;
            for (size_t k = 0; k < (n < to ? n : to); k++)
              same &= r[k] == 0x11;
            CHECKF (same, "realloc %zu -> %zu lost contents", n, to);
            a = r;
          }
        void *pm = NULL;
        CHECK (posix_memalign (&pm, 4096, n) == 0 && is_aligned (pm, 4096));
        void *v = valloc (n), *pv = pvalloc (n);
        CHECK (v && pv && is_aligned (v, 4096) && is_aligned (pv, 4096));
        errno = 0;
        volatile size_t huge = SIZE_MAX / 2 + 1;
        CHECK (calloc (huge, 4) == NULL && errno == ENOMEM);
        free (pm);
        free (v);
        free (pv);
        free (a);
        free (c);
        free (m);
      }
  CHECK (malloc_usable_size (NULL) == 0);
  if (failures == 0)
    puts ("ops: all checks passed");
  return failures != 0;
}

static enum mcheck_status last_status = -2;
static void
on_mcheck (enum mcheck_status s)
{
  last_status = s;
}

static int
do_mcheck (void)
{
  int r = mcheck (on_mcheck);
  printf ("mcheck=%d\n", r);
  unsigned char *p = malloc (100);
  memset (p, 1, 100);
  printf ("ok=%d\n", (int) mprobe (p));
  unsigned char tail = p[100];
  p[100] ^= 0xff;             /* one past the end */
  last_status = -2;
  enum mcheck_status s = mprobe (p);
  printf ("tail=%d\n", (int) s);
  p[100] = tail;
  unsigned char saved = p[-1];
  p[-1] ^= 0xff;              /* the word before the block */
  last_status = -2;
  s = mprobe (p);
  printf ("head=%d\n", (int) s);
  p[-1] = saved;
  last_status = -2;
  mcheck_check_all ();
  printf ("restored=%d\n", (int) last_status);
  free (p);
  return ops ();
}

/* Addresses and sizes of the calls made under mtrace.  */
struct event
{
  char kind;                  /* '+' malloc, '-' free, '<'/'>' realloc */
  void *p;
  size_t n;
};

static int
do_mtrace (void)
{
  const char *file = getenv ("MALLOC_TRACE");
  if (file == NULL)
    {
      fprintf (stderr, "%s: set MALLOC_TRACE\n", prog_name);
      return 2;
    }
  static struct event ev[64];
  int ne = 0;
  static const size_t sizes[] = { 10, 100, 1000, 5000, 200000 };
  void *keep[5];
  mtrace ();
  for (int i = 0; i < 5; i++)
    {
      keep[i] = malloc (sizes[i]);
      ev[ne++] = (struct event) { '+', keep[i], sizes[i] };
    }
  void *c = calloc (7, 9);
  ev[ne++] = (struct event) { '+', c, 63 };
  void *r = realloc (keep[1], 3000);
  ev[ne++] = (struct event) { '<', keep[1], 0 };
  ev[ne++] = (struct event) { '>', r, 3000 };
  keep[1] = r;
  void *m = memalign (256, 500);
  ev[ne++] = (struct event) { '+', m, 500 };
  for (int i = 0; i < 5; i++)
    {
      free (keep[i]);
      ev[ne++] = (struct event) { '-', keep[i], 0 };
    }
  free (c);
  ev[ne++] = (struct event) { '-', c, 0 };
  free (m);
  ev[ne++] = (struct event) { '-', m, 0 };
  muntrace ();

  /* Each event must appear in the trace, in order.  */
  static char buf[1 << 16];
  if (read_proc (file, buf, sizeof buf) <= 0)
    {
      fprintf (stderr, "%s: cannot read %s\n", prog_name, file);
      return 1;
    }
  char *pos = buf;
  for (int i = 0; i < ne; i++)
    {
      char want[64];
      if (ev[i].kind == '+' || ev[i].kind == '>')
        snprintf (want, sizeof want, " %c %p %#zx\n", ev[i].kind, ev[i].p,
                  ev[i].n);
      else
        snprintf (want, sizeof want, " %c %p\n", ev[i].kind, ev[i].p);
      char *at = strstr (pos, want);
      CHECKF (at != NULL, "mtrace: no '%.*s' in order in %s",
              (int) strlen (want) - 1, want, file);
      if (at != NULL)
        pos = at + strlen (want);
    }
  if (failures == 0)
    printf ("mtrace: %d calls traced\n", ne);
  return failures != 0;
}

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s MODE\n", argv[0]);
      return 2;
    }
  const char *mode = argv[1];
  if (strcmp (mode, "mcheck") == 0)
    return do_mcheck ();   /* before anything else allocates */
  if (strcmp (mode, "maps") == 0)
    {
      static char buf[1 << 16];
      read_proc ("/proc/self/maps", buf, sizeof buf);
      for (char *l = buf; l && *l; l = strchr (l, '\n'), l = l ? l + 1 : NULL)
        {
          char *eol = strchr (l, '\n');
          if (eol)
            *eol = 0;
          char *path = strchr (l, '/');
          if (path != NULL && strstr (path, "libc_malloc_debug.so") != NULL)
            {
              puts (path);
              return 0;
            }
          if (eol)
            *eol = '\n';
        }
      puts ("none");
      return 0;
    }
  if (strcmp (mode, "ops") == 0)
    return ops ();
  if (strcmp (mode, "mtrace") == 0)
    return do_mtrace ();
  if (strcmp (mode, "overflow") == 0)
    {
      unsigned char *p = malloc (100);
      /* Flip the byte past the end rather than write a constant: the
         MALLOC_CHECK_ magic byte there depends on the address and is 0
         for one address in 256.  */
      memset (p, 0, 100);
      ((volatile unsigned char *) p)[100] ^= 0xff;
      free (p);
      puts ("overflow not detected");
      return 0;
    }
  if (strcmp (mode, "double-free") == 0)
    {
      void *p = malloc (100);
      free (p);
      free (p);
      puts ("double free not detected");
      return 0;
    }
  if (strcmp (mode, "realloc-overflow") == 0)
    {
      unsigned char *p = malloc (100);
      memset (p, 0, 100);
      ((volatile unsigned char *) p)[100] ^= 0xff;	/* See above.  */
      p = realloc (p, 200);
      puts ("overflow not detected by realloc");
      free (p);
      return 0;
    }
  fprintf (stderr, "%s: unknown mode %s\n", prog_name, mode);
  return 2;
}
