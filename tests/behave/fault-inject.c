/* fault-inject: allocation failure at every level, forced with
   RLIMIT_AS.  Each stage lowers the address-space limit to just above
   what the process already has mapped, drives one kind of growth into
   it, and checks that every call that cannot be served returns NULL
   (posix_memalign: ENOMEM) with errno ENOMEM, that nothing already
   allocated changed, and that allocation works again once memory is
   freed or the limit raised.

   Usage: fault-inject [-v] [STAGE...]; stages (all by default):
     heap    the main arena's heap cannot grow (brk and its mmap fallback
             both fail), for every member of the family
     mmap    a chunk above the mmap threshold cannot be mapped
     arena   a thread cannot create its arena (the 64 MiB heap
             reservation fails), then cannot get memory at all
     thread  the same in a thread's existing arena: its heap cannot grow
   (Growth of the out-of-band record pool is to be added here when the
   series has one.)

   Each stage runs in its own child process.  Diagnostics are written
   with write(2), since stdio may need memory.  */
#include "behave.h"

#include <pthread.h>
#include <sys/resource.h>

const char *prog_name = "fault-inject";
static int verbose;

/* Limit the address space to what is mapped now plus HEADROOM.  */
static void
limit_as (size_t headroom)
{
  size_t now = status_bytes ("VmSize");
  struct rlimit rl = { now + headroom, RLIM_INFINITY };
  if (setrlimit (RLIMIT_AS, &rl) != 0)
    {
      perror ("setrlimit");
      _exit (2);
    }
}

static void
unlimit (void)
{
  struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
  setrlimit (RLIMIT_AS, &rl);
}

static void
say (const char *fmt, ...)
{
  if (!verbose)
    return;
  char buf[512];
  va_list ap;
  va_start (ap, fmt);
  int n = vsnprintf (buf, sizeof buf, fmt, ap);
  va_end (ap);
  if (n > 0 && write (1, buf, n < (int) sizeof buf ? n : (int) sizeof buf - 1) < 0)
    _exit (2);
}

/* Every allocating call of the family, each asked for N bytes with
   nothing left: NULL and ENOMEM.  OLD is a live block of OLDN bytes that
   realloc and reallocarray must leave alone.  */
static void
all_fail (size_t n, unsigned char *old, size_t oldn, const char *where)
{
  void *p;
  int e;
  /* A failed request gives back every mapping it made: reservations
     left behind (PROT_NONE or not) would eat the headroom of the
     requests that follow, which stock keeps.  */
  size_t vm0 = status_bytes ("VmSize");
#define FAILS(call)                                                     \
  do                                                                    \
    {                                                                   \
      errno = 0;                                                        \
      p = (call);                                                       \
      e = errno;                                                        \
      CHECKF (p == NULL && e == ENOMEM, "%s: %s = %p, errno %d", where, \
              #call, p, e);                                             \
      if (p != NULL && p != old)                                        \
        free (p);                                                       \
    }                                                                   \
  while (0)
  FAILS (malloc (n));
  FAILS (calloc (1, n));
  FAILS (calloc (n / 16, 16));
  FAILS (memalign (64, n));
  FAILS (aligned_alloc (4096, n));
  FAILS (valloc (n));
  FAILS (pvalloc (n));
  if (old != NULL)
    {
      FAILS (realloc (old, oldn + n));
      FAILS (reallocarray (old, (oldn + n) / 8, 8));
      int same = 1;
      for (size_t i = 0; i < oldn; i++)
        same &= old[i] == 0x3c;
      CHECKF (same, "%s: a failed realloc changed the block", where);
    }
  void *pm = (void *) 0x1;
  int r = posix_memalign (&pm, 256, n);
  CHECKF (r == ENOMEM && pm == (void *) 0x1, "%s: posix_memalign = %d", where,
          r);
  size_t vm1 = status_bytes ("VmSize");
  CHECKF (vm1 <= vm0, "%s: the failed requests left %zu KiB more mapped",
          where, (vm1 - vm0) / 1024);
#undef FAILS
}

/* ---- heap: the main arena cannot grow ----------------------------- */

static void
stage_heap (void)
{
  /* Keep chunks in the heap: no mmapped chunks below 32 MiB.  */
  mallopt (M_MMAP_THRESHOLD, 32 << 20);
  mallopt (M_TRIM_THRESHOLD, 64 << 20);
  enum { SZ = 4000, MAX = 1 << 16 };
  static unsigned char *v[MAX];
  /* Set up the tcache now: glibc after 2.41 makes it at the first free
     (when the heap is full, out of the first chunk freed), which would
     cost one of the chunks counted below.  */
  free (malloc (16));
  unsigned char *old = malloc (200);
  memset (old, 0x3c, 200);
  limit_as (8 << 20);
  int n = 0;
  while (n < MAX)
    {
      errno = 0;
      v[n] = malloc (SZ);
      if (v[n] == NULL)
        break;
      memset (v[n], n & 0xff, SZ);
      n++;
    }
  int e = errno;
  CHECKF (n < MAX, "the heap never ran out (%d chunks)", n);
  CHECKF (e == ENOMEM, "malloc failed with errno %d", e);
  CHECKF (n > 100, "only %d chunks before the limit", n);
  say ("heap: %d chunks of %d bytes before malloc failed\n", n, SZ);
  all_fail (SZ * 4, old, 200, "heap exhausted");
  /* Nothing allocated changed.  */
  int bad = 0;
  for (int i = 0; i < n; i++)
    for (int k = 0; k < SZ; k += 97)
      bad += v[i][k] != (unsigned char) (i & 0xff);
  CHECKF (bad == 0, "%d bytes of live chunks changed", bad);
  /* Free half: the same sizes fit again, from freed memory.  */
  for (int i = 0; i < n; i += 2)
    free (v[i]);
  int again = 0;
  for (int i = 0; i < n; i += 2)
    {
      v[i] = malloc (SZ);
      if (v[i] == NULL)
        break;
      memset (v[i], 1, SZ);
      again++;
    }
  CHECKF (again == (n + 1) / 2, "after freeing %d chunks only %d came back",
          (n + 1) / 2, again);
  void *c = calloc (1, SZ);
  CHECK (c == NULL || ((unsigned char *) c)[SZ - 1] == 0);
  for (int i = 0; i < n; i++)
    if (i % 2 == 1 || i / 2 < again)
      free (v[i]);
  free (c);
  /* Everything freed: bigger blocks fit too.  */
  void *big = malloc ((size_t) n * SZ / 2);
  CHECKF (big != NULL, "malloc of half the freed heap failed");
  free (big);
  unlimit ();
  free (old);
}

/* ---- mmap: a large chunk cannot be mapped ------------------------- */

static void
stage_mmap (void)
{
  unsigned char *old = malloc (300);
  memset (old, 0x3c, 300);
  void *m1 = malloc (1 << 20);       /* mmapped, before the limit */
  CHECK (m1 != NULL);
  memset (m1, 5, 1 << 20);
  limit_as (16 << 20);
  all_fail (64 << 20, old, 300, "64 MiB mmap");
  /* Below the limit, mmapped chunks still work.  */
  void *m2 = malloc (4 << 20);
  CHECKF (m2 != NULL, "a 4 MiB chunk failed with 16 MiB to spare");
  if (m2 != NULL)
    memset (m2, 6, 4 << 20);
  errno = 0;
  void *m3 = malloc (14 << 20);
  CHECKF (m3 == NULL && errno == ENOMEM, "14 MiB more fitted in 12 MiB");
  free (m3);
  free (m2);
  /* Freed: now it fits.  */
  m3 = malloc (12 << 20);
  CHECKF (m3 != NULL, "12 MiB after freeing 4 MiB of 16 MiB headroom");
  free (m3);
  /* realloc from heap to mmap and within mmap fails cleanly.  */
  errno = 0;
  void *r = realloc (m1, 64 << 20);
  CHECKF (r == NULL && errno == ENOMEM, "realloc to 64 MiB");
  int same = 1;
  for (int i = 0; i < 1 << 20; i += 4096)
    same &= ((unsigned char *) m1)[i] == 5;
  CHECK (same);
  unlimit ();
  void *m4 = malloc (64 << 20);
  CHECKF (m4 != NULL, "64 MiB with the limit lifted");
  free (m4);
  free (m1);
  free (old);
}

/* ---- arena: a thread cannot create its arena ---------------------- */

static pthread_barrier_t bar;
static size_t (*thread_job) (void);
static size_t thread_result;
static int thread_prepare;

static void *
thread_main (void *arg)
{
  (void) arg;
  if (thread_prepare)
    free (malloc (16));             /* the thread gets its arena now */
  pthread_barrier_wait (&bar);      /* ready */
  pthread_barrier_wait (&bar);      /* main sets the limit */
  thread_result = thread_job ();
  pthread_barrier_wait (&bar);
  return NULL;
}

static void
run_in_thread (size_t (*job) (void), void (*before) (void), int prepare)
{
  thread_job = job;
  thread_prepare = prepare;
  pthread_attr_t a;
  pthread_attr_init (&a);
  pthread_attr_setstacksize (&a, 128 * 1024);
  pthread_t t;
  pthread_barrier_init (&bar, NULL, 2);
  CHECK (pthread_create (&t, &a, thread_main, NULL) == 0);
  pthread_barrier_wait (&bar);
  before ();
  pthread_barrier_wait (&bar);
  pthread_barrier_wait (&bar);
  pthread_join (t, NULL);
  pthread_barrier_destroy (&bar);
}


/* In the thread: small allocations.  With the arena impossible, glibc
   falls back to mmapping each chunk (or fails with ENOMEM when even
   that cannot be had); either way no crash and no other errno.  */
static size_t
small_allocs (void)
{
  size_t got = 0;
  for (int i = 0; i < 20; i++)
    {
      errno = 0;
      unsigned char *p = malloc (100 + i);
      if (p == NULL)
        {
          CHECKF (errno == ENOMEM, "thread malloc failed with errno %d", errno);
          continue;
        }
      memset (p, 7, 100 + i);
      got++;
      free (p);
    }
  return got;
}

static void
limit_small (void)
{
  limit_as (2 << 20);
}

static void
limit_none (void)
{
  limit_as (0);
}

static void
stage_arena (void)
{
  size_t heaps0 = count_heaps ();
  /* 2 MiB to spare: the arena's 64 MiB reservation fails, a page-sized
     mmapped chunk does not.  */
  run_in_thread (small_allocs, limit_small, 0);
  unlimit ();
  say ("arena: with 2 MiB to spare the thread got %zu of 20 blocks\n",
       thread_result);
  CHECKF (count_heaps () == heaps0, "an arena was created under the limit");
  /* Nothing to spare: every allocation fails, with ENOMEM.  */
  run_in_thread (small_allocs, limit_none, 0);
  unlimit ();
  say ("arena: with nothing to spare the thread got %zu of 20 blocks\n",
       thread_result);
  CHECKF (thread_result == 0 || count_heaps () == heaps0,
          "an arena appeared with no address space left");
  /* Limit lifted: a new thread gets its arena and allocates.  */
  run_in_thread (small_allocs, unlimit, 0);
  CHECKF (thread_result == 20, "without a limit the thread got %zu of 20",
          thread_result);
  CHECKF (count_heaps () == heaps0 + 1, "%zu heaps, expected %zu",
          count_heaps (), heaps0 + 1);
}

/* ---- thread: an existing thread arena cannot grow ----------------- */

static unsigned char *tv[1 << 15];
static int tn;

static size_t
fill_thread_heap (void)
{
  /* The thread's arena exists (created before the limit); its heap
     grows inside the 64 MiB it reserved, then a second heap cannot be
     mapped, nor can an mmapped chunk: the arena is exhausted.  */
  mallopt (M_MMAP_THRESHOLD, 32 << 20);
  tn = 0;
  while (tn < (int) (sizeof tv / sizeof tv[0]))
    {
      errno = 0;
      tv[tn] = malloc (8000);
      if (tv[tn] == NULL)
        break;
      memset (tv[tn], tn & 0xff, 8000);
      tn++;
    }
  int e = errno;
  CHECKF (tn < (int) (sizeof tv / sizeof tv[0]), "thread heap never ran out");
  CHECKF (e == ENOMEM, "thread malloc failed with errno %d", e);
  unsigned char *old = tv[0];
  memset (old, 0x3c, 8000);
  all_fail (32000, old, 8000, "thread arena exhausted");
  /* Free some: the thread allocates again from its own arena.  */
  for (int i = 1; i < tn; i += 2)
    free (tv[i]);
  int again = 0;
  for (int i = 1; i < tn; i += 2)
    {
      tv[i] = malloc (8000);
      if (tv[i] == NULL)
        break;
      again++;
    }
  CHECKF (again == tn / 2, "thread: %d freed, %d came back", tn / 2, again);
  for (int i = 0; i < tn; i++)
    if (i % 2 == 0 || (i - 1) / 2 < again)
      free (tv[i]);
  return tn;
}

static void
stage_thread (void)
{
  run_in_thread (fill_thread_heap, limit_small, 1);
  unlimit ();
  say ("thread: %zu chunks of 8000 bytes before the thread's arena ran out\n",
       thread_result);
  CHECK (thread_result > 10);
}

static const struct
{
  const char *name;
  void (*fn) (void);
} stages[] = {
  { "heap", stage_heap },
  { "mmap", stage_mmap },
  { "arena", stage_arena },
  { "thread", stage_thread },
};

int
main (int argc, char **argv)
{
  int first = 1;
  if (argc > 1 && strcmp (argv[1], "-v") == 0)
    verbose = 1, first = 2;
  int bad = 0, ran = 0;
  for (size_t s = 0; s < sizeof stages / sizeof stages[0]; s++)
    {
      int wanted = first == argc;
      for (int i = first; i < argc; i++)
        wanted |= strcmp (argv[i], stages[s].name) == 0;
      if (!wanted)
        continue;
      ran++;
      int r = run_group (stages[s].name, stages[s].fn);
      bad += r;
      printf ("%s: %s\n", r ? "FAIL" : "ok", stages[s].name);
    }
  if (ran == 0)
    {
      fprintf (stderr, "%s: no such stage\n", prog_name);
      return 2;
    }
  return bad != 0;
}
