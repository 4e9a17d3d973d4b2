/* malloc-fuzz: random sequences of malloc-family calls from a seed,
   checked after every step.

   Usage: malloc-fuzz [-s SEED] [-t THREADS] [-n OPS | -T SECONDS] [-v] [-X]
     -s  seed (default 1); thread I uses a generator seeded from SEED and I
     -t  threads (default 1), each running its own sequence; they also
         hand chunks to each other to free or realloc
     -n  operations per thread (default 100000)
     -T  run for this many seconds instead of a fixed count
     -X  a control: after 1000 steps, flip one byte of a live chunk, as a
         stray write would; the run must then report a failure

   The calls: malloc, calloc, realloc (grow, shrink, NULL, size 0),
   reallocarray (with overflowing products too), memalign, aligned_alloc,
   posix_memalign (good and bad alignments), valloc, pvalloc, free,
   malloc_usable_size, and now and then malloc_trim, mallinfo2,
   malloc_info and mallopt (M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD,
   M_PERTURB, M_MXFAST).  Sizes are drawn per bin class: tcache
   (<= 1032), fastbin (<= 160), small (< 1008), large, mmapped
   (>= 128 KiB), and the boundaries between them.

   After each step: the chunk is aligned as asked (at least 16), its
   usable size is at least the request, it lies inside one read-write
   private mapping of the process that is the brk heap or anonymous
   (per /proc/self/maps), it overlaps no other live chunk of any thread
   (usable extent), calloc memory reads zero, realloc kept the contents;
   and every chunk's contents are checked before it is freed and, for
   all of a thread's chunks, every 1000 steps.

   Prints "ops=N failures=F seed=S threads=T" and exits 0 when F is 0.  */
#include "behave.h"

#include <pthread.h>
#include <time.h>

const char *prog_name = "malloc-fuzz";

static int verbose;
static uint64_t opt_seed = 1;
static int opt_threads = 1;
static long opt_ops = 100000;
static double opt_seconds;
static FILE *devnull;
static int opt_inject;

/* ---- failures ------------------------------------------------------ */

static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;
static long total_failures;

static void __attribute__ ((format (printf, 2, 3)))
fuzz_fail (int tid, const char *fmt, ...)
{
  char buf[512];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (buf, sizeof buf, fmt, ap);
  va_end (ap);
  pthread_mutex_lock (&fail_lock);
  if (total_failures < 50)
    fprintf (stderr, "%s: seed %" PRIu64 " thread %d: %s\n", prog_name,
             opt_seed, tid, buf);
  total_failures++;
  pthread_mutex_unlock (&fail_lock);
}

/* ---- the maps ------------------------------------------------------ */

struct region
{
  uintptr_t lo, hi;
};
static pthread_mutex_t maps_lock = PTHREAD_MUTEX_INITIALIZER;
static struct region maps[8192];
static int nmaps;

/* Re-read /proc/self/maps, keeping the read-write private mappings that
   are the brk heap or anonymous (no file, not the stack).  */
static void
reload_maps (void)
{
  static char buf[1 << 20];
  ssize_t len = read_proc ("/proc/self/maps", buf, sizeof buf);
  nmaps = 0;
  if (len <= 0)
    return;
  for (char *l = buf; l && *l && nmaps < 8192;
       l = strchr (l, '\n'), l = l ? l + 1 : NULL)
    {
      uintptr_t lo, hi;
      char perms[8];
      unsigned long off;
      char dev[16];
      unsigned long inode;
      int used = 0;
      if (sscanf (l, "%" SCNxPTR "-%" SCNxPTR " %7s %lx %15s %lu%n", &lo, &hi,
                  perms, &off, dev, &inode, &used) < 6)
        continue;
      if (strncmp (perms, "rw-p", 4) != 0 || inode != 0)
        continue;
      char *name = l + used;
      while (*name == ' ')
        name++;
      if (*name != '\n' && *name != 0 && strncmp (name, "[heap]", 6) != 0)
        continue;
      /* Adjacent mappings join (the heap splits after fork, arenas'
         heaps sit next to each other).  */
      if (nmaps > 0 && maps[nmaps - 1].hi == lo)
        maps[nmaps - 1].hi = hi;
      else
        maps[nmaps++] = (struct region) { lo, hi };
    }
}

static int
mapped_in (uintptr_t lo, uintptr_t hi)
{
  for (int i = 0; i < nmaps; i++)
    if (lo >= maps[i].lo && hi <= maps[i].hi)
      return 1;
  return 0;
}

static int
check_mapped (const void *p, size_t n)
{
  uintptr_t lo = (uintptr_t) p, hi = lo + (n ? n : 1);
  pthread_mutex_lock (&maps_lock);
  int ok = mapped_in (lo, hi);
  if (!ok)
    {
      reload_maps ();
      ok = mapped_in (lo, hi);
    }
  pthread_mutex_unlock (&maps_lock);
  return ok;
}

/* ---- live chunks, all threads: sorted by address ------------------ */

struct live
{
  uintptr_t lo, hi;
};
static pthread_mutex_t live_lock = PTHREAD_MUTEX_INITIALIZER;
static struct live *live;
static size_t nlive, cap_live;

static size_t
live_find (uintptr_t lo)
{
  size_t a = 0, b = nlive;
  while (a < b)
    {
      size_t m = (a + b) / 2;
      if (live[m].lo < lo)
        a = m + 1;
      else
        b = m;
    }
  return a;
}

/* Insert [lo, hi); returns 0 and names the overlapping chunk when it
   overlaps one.  */
static int
live_insert (int tid, uintptr_t lo, uintptr_t hi)
{
  pthread_mutex_lock (&live_lock);
  size_t i = live_find (lo);
  int ok = 1;
  if (i < nlive && live[i].lo < hi)
    {
      fuzz_fail (tid, "chunk [%#lx, %#lx) overlaps live chunk [%#lx, %#lx)",
                 (unsigned long) lo, (unsigned long) hi,
                 (unsigned long) live[i].lo, (unsigned long) live[i].hi);
      ok = 0;
    }
  if (i > 0 && live[i - 1].hi > lo)
    {
      fuzz_fail (tid, "chunk [%#lx, %#lx) overlaps live chunk [%#lx, %#lx)",
                 (unsigned long) lo, (unsigned long) hi,
                 (unsigned long) live[i - 1].lo,
                 (unsigned long) live[i - 1].hi);
      ok = 0;
    }
  if (ok)
    {
      if (nlive == cap_live)
        {
          cap_live = cap_live ? cap_live * 2 : 4096;
          live = realloc (live, cap_live * sizeof *live);
          if (live == NULL)
            abort ();
        }
      memmove (&live[i + 1], &live[i], (nlive - i) * sizeof *live);
      live[i] = (struct live) { lo, hi };
      nlive++;
    }
  pthread_mutex_unlock (&live_lock);
  return ok;
}

static void
live_remove (int tid, uintptr_t lo)
{
  pthread_mutex_lock (&live_lock);
  size_t i = live_find (lo);
  if (i < nlive && live[i].lo == lo)
    {
      memmove (&live[i], &live[i + 1], (nlive - i - 1) * sizeof *live);
      nlive--;
    }
  else
    fuzz_fail (tid, "internal: chunk %#lx not in the live set",
               (unsigned long) lo);
  pthread_mutex_unlock (&live_lock);
}

/* ---- chunks -------------------------------------------------------- */

struct chunk
{
  unsigned char *p;
  size_t n;          /* bytes asked for */
  size_t usable;     /* malloc_usable_size when allocated */
  uint32_t key;      /* contents: pattern (key, i) */
  int tracked;       /* in the live set */
};

static inline unsigned char
pattern (uint32_t key, size_t i)
{
  return (unsigned char) ((key >> ((i & 3) * 8)) + (i >> 2) * 13);
}

/* Which bytes of a chunk of N bytes carry the pattern: all of a small
   chunk; of a big one the first and last 4 KiB and one in 61 between,
   so that multi-megabyte chunks stay cheap to fill and check.  */
static inline int
sampled (size_t i, size_t n)
{
  return n < 8192 || i < 4096 || i + 4096 >= n || (i - 4096) % 61 == 0;
}

static void
fill (struct chunk *c)
{
  size_t n = c->n;
  if (n < 8192)
    {
      for (size_t i = 0; i < n; i++)
        c->p[i] = pattern (c->key, i);
      return;
    }
  for (size_t i = 0; i < 4096; i++)
    c->p[i] = pattern (c->key, i);
  for (size_t i = 4096; i + 4096 < n; i += 61)
    c->p[i] = pattern (c->key, i);
  for (size_t i = n - 4096; i < n; i++)
    c->p[i] = pattern (c->key, i);
}

/* Check the bytes below UPTO that a chunk of LAYOUT bytes was filled
   with (LAYOUT is C->n, or the size before a realloc).  */
static int
verify_as (const struct chunk *c, size_t upto, size_t layout)
{
  if (layout < 8192)
    {
      for (size_t i = 0; i < upto; i++)
        if (c->p[i] != pattern (c->key, i))
          return 0;
      return 1;
    }
  size_t i = 0;
  for (; i < upto && i < 4096; i++)
    if (c->p[i] != pattern (c->key, i))
      return 0;
  for (i = 4096; i < upto && i + 4096 < layout; i += 61)
    if (c->p[i] != pattern (c->key, i))
      return 0;
  for (i = layout - 4096; i < upto; i++)
    if (c->p[i] != pattern (c->key, i))
      return 0;
  return 1;
}

static int
verify (const struct chunk *c, size_t n)
{
  return verify_as (c, n, c->n);
}

/* ---- sizes ---------------------------------------------------------- */

static const size_t boundaries[] = {
  0, 1, 8, 15, 16, 17, 24, 25, 32, 40, 48, 64, 104, 112, 120, 121, 128, 136,
  144, 152, 160, 168, 176, 500, 1000, 1008, 1009, 1016, 1017, 1024, 1032,
  1033, 1040, 1048, 4096, 65536, 131072 - 32, 131072 - 24, 131072 - 17,
  131072 - 16, 131072, 131072 + 1, 131072 + 4096, 262144, 1 << 20,
};

static size_t
pick_size (uint64_t *r)
{
  switch (rng_below (r, 16))
    {
    case 0: case 1: case 2: case 3:
      return rng_below (r, 1033);                       /* tcache */
    case 4: case 5: case 6:
      return rng_below (r, 161);                        /* fastbins */
    case 7: case 8:
      return 161 + rng_below (r, 1008 - 161);           /* small */
    case 9: case 10:
      return 1008 + rng_below (r, 128 * 1024 - 1008);   /* large */
    case 11:
      return 128 * 1024 + rng_below (r, 2 << 20);       /* mmapped */
    case 12:
      if (rng_below (r, 16) == 0)
        return (4 << 20) + rng_below (r, 8 << 20);      /* big mmapped */
      return rng_below (r, 100);
    default:
      {
        /* A boundary, or a step either side of one.  */
        size_t b = boundaries[rng_below (r, sizeof boundaries
                                         / sizeof boundaries[0])];
        long d = (long) rng_below (r, 5) - 2;
        if (d < 0 && (size_t) -d > b)
          return b;
        return b + d;
      }
    }
}

/* ---- handoff between threads ---------------------------------------- */

enum { NHAND = 32 };
static pthread_mutex_t hand_lock = PTHREAD_MUTEX_INITIALIZER;
static struct chunk hand[NHAND];

/* ---- the worker ------------------------------------------------------- */

enum { LIVE = 256 };

struct worker
{
  int tid;
  uint64_t rng;
  long ops;
  pthread_t thread;
  struct chunk c[LIVE];
};

static volatile int stop_now;
static long page;

/* Record a new chunk P of N bytes (asked) with alignment ALIGN: check
   and track it.  Returns 1 when it may be used.  */
static int
adopt (struct worker *w, struct chunk *c, void *p, size_t n, size_t align,
       const char *call)
{
  c->p = p;
  c->n = n;
  c->usable = malloc_usable_size (p);
  c->key = (uint32_t) rng_next (&w->rng);
  c->tracked = 0;
  int ok = 1;
  if (!is_aligned (p, align < 16 ? 16 : align))
    {
      fuzz_fail (w->tid, "%s (%zu): %p not aligned to %zu", call, n, p, align);
      ok = 0;
    }
  if (c->usable < n)
    {
      fuzz_fail (w->tid, "%s (%zu): usable size %zu", call, n, c->usable);
      ok = 0;
    }
  if (!check_mapped (p, c->usable))
    {
      fuzz_fail (w->tid, "%s (%zu): [%p, +%zu) not in a heap or anonymous "
                 "mapping", call, n, p, c->usable);
      ok = 0;
    }
  uintptr_t lo = (uintptr_t) p;
  if (ok && live_insert (w->tid, lo, lo + (c->usable ? c->usable : 1)))
    c->tracked = 1;
  else
    ok = 0;
  return ok;
}

static void
untrack (struct worker *w, struct chunk *c)
{
  if (c->tracked)
    live_remove (w->tid, (uintptr_t) c->p);
  c->tracked = 0;
}

static void
release (struct worker *w, struct chunk *c)
{
  if (c->p == NULL)
    return;
  if (!verify (c, c->n))
    fuzz_fail (w->tid, "chunk %p (%zu bytes) changed before free", c->p, c->n);
  untrack (w, c);
  free (c->p);
  c->p = NULL;
}

static void
step (struct worker *w)
{
  uint64_t *r = &w->rng;
  struct chunk *c = &w->c[rng_below (r, LIVE)];
  unsigned op = rng_below (r, 100);
  size_t n;
  void *p;

  if (op < 22)                                         /* malloc */
    {
      release (w, c);
      n = pick_size (r);
      p = malloc (n);
      if (p == NULL)
        {
          fuzz_fail (w->tid, "malloc (%zu) failed", n);
          return;
        }
      if (adopt (w, c, p, n, 16, "malloc"))
        fill (c);
      else
        c->p = NULL;                 /* leak it: it may be bad */
    }
  else if (op < 30)                                    /* calloc */
    {
      release (w, c);
      n = pick_size (r);
      size_t k = 1 + rng_below (r, 8);
      size_t nmemb = n / k + 1;
      p = calloc (nmemb, k);
      if (p == NULL)
        {
          fuzz_fail (w->tid, "calloc (%zu, %zu) failed", nmemb, k);
          return;
        }
      unsigned char *z = p;
      size_t total = nmemb * k;
      for (size_t i = 0; i < total; i += (total > 65536 ? 61 : 1))
        if (z[i] != 0)
          {
            fuzz_fail (w->tid, "calloc (%zu, %zu): byte %zu is %#x", nmemb, k,
                       i, z[i]);
            break;
          }
      if (adopt (w, c, p, total, 16, "calloc"))
        fill (c);
      else
        c->p = NULL;
    }
  else if (op < 45)                                    /* realloc */
    {
      n = pick_size (r);
      if (c->p == NULL)
        {
          p = realloc (NULL, n);
          if (p == NULL)
            {
              fuzz_fail (w->tid, "realloc (NULL, %zu) failed", n);
              return;
            }
          if (adopt (w, c, p, n, 16, "realloc (NULL)"))
            fill (c);
          else
            c->p = NULL;
          return;
        }
      if (!verify (c, c->n))
        fuzz_fail (w->tid, "chunk %p changed before realloc", c->p);
      if (n == 0 && rng_below (r, 4) == 0)
        {
          untrack (w, c);
          p = realloc (c->p, 0);       /* frees, returns NULL */
          if (p != NULL)
            fuzz_fail (w->tid, "realloc (p, 0) = %p, not NULL", p);
          c->p = NULL;
          return;
        }
      if (n == 0)
        n = 1;
      struct chunk old = *c;
      untrack (w, c);
      p = realloc (c->p, n);
      if (p == NULL)
        {
          fuzz_fail (w->tid, "realloc (%zu -> %zu) failed", old.n, n);
          c->p = NULL;
          return;
        }
      size_t keep = old.n < n ? old.n : n;
      struct chunk moved = old;
      moved.p = p;
      if (!verify_as (&moved, keep, old.n))
        fuzz_fail (w->tid, "realloc %zu -> %zu (%p -> %p) lost contents",
                   old.n, n, old.p, p);
      if (adopt (w, c, p, n, 16, "realloc"))
        fill (c);
      else
        c->p = NULL;
    }
  else if (op < 48)                                    /* reallocarray */
    {
      if (c->p == NULL)
        return;
      if (rng_below (r, 3) == 0)
        {
          /* Overflowing product: NULL, ENOMEM, block untouched.  */
          size_t a = ((size_t) 1 << 33) + rng_below (r, 1000);
          size_t b = ((size_t) 1 << 32) + rng_below (r, 1000);
          errno = 0;
          p = reallocarray (c->p, a, b);
          if (p != NULL || errno != ENOMEM)
            fuzz_fail (w->tid, "reallocarray overflow = %p, errno %d", p, errno);
          if (!verify (c, c->n))
            fuzz_fail (w->tid, "failed reallocarray changed the block");
          return;
        }
      size_t k = 1 + rng_below (r, 16);
      size_t nmemb = pick_size (r) / k + 1;
      struct chunk old = *c;
      untrack (w, c);
      p = reallocarray (c->p, nmemb, k);
      if (p == NULL)
        {
          fuzz_fail (w->tid, "reallocarray (%zu, %zu) failed", nmemb, k);
          c->p = NULL;
          return;
        }
      n = nmemb * k;
      struct chunk moved = old;
      moved.p = p;
      if (!verify_as (&moved, old.n < n ? old.n : n, old.n))
        fuzz_fail (w->tid, "reallocarray lost contents");
      if (adopt (w, c, p, n, 16, "reallocarray"))
        fill (c);
      else
        c->p = NULL;
    }
  else if (op < 58)                                    /* aligned */
    {
      release (w, c);
      n = pick_size (r);
      if (n > (4 << 20))
        n = 4 << 20;
      size_t align = (size_t) 1 << rng_below (r, rng_below (r, 8) ? 13 : 21);
      const char *call;
      switch (rng_below (r, 5))
        {
        case 0:
          p = memalign (align, n);
          call = "memalign";
          break;
        case 1:
          p = aligned_alloc (align, n);
          call = "aligned_alloc";
          break;
        case 2:
          call = "valloc";
          align = page;
          p = valloc (n);
          break;
        case 3:
          call = "pvalloc";
          align = page;
          p = pvalloc (n);
          if (p != NULL && malloc_usable_size (p) < ((n + page - 1) & -page))
            fuzz_fail (w->tid, "pvalloc (%zu): usable %zu", n,
                       malloc_usable_size (p));
          break;
        default:
          {
            call = "posix_memalign";
            if (align < sizeof (void *))
              align = sizeof (void *);
            int e = posix_memalign (&p, align, n);
            if (e != 0)
              p = NULL;
            /* A bad alignment too, now and then.  */
            if (rng_below (r, 8) == 0)
              {
                void *q = (void *) 0x7;
                size_t bad = align * 3;
                if (posix_memalign (&q, bad, 10) != EINVAL || q != (void *) 0x7)
                  fuzz_fail (w->tid, "posix_memalign (%zu) not EINVAL", bad);
              }
          }
        }
      if (p == NULL)
        {
          fuzz_fail (w->tid, "%s (%zu, %zu) failed", call, align, n);
          return;
        }
      if (adopt (w, c, p, n, align, call))
        fill (c);
      else
        c->p = NULL;
    }
  else if (op < 80)                                    /* free */
    release (w, c);
  else if (op < 87)                                    /* hand over */
    {
      int s = (int) rng_below (r, NHAND);
      pthread_mutex_lock (&hand_lock);
      struct chunk t = hand[s];
      hand[s] = *c;
      pthread_mutex_unlock (&hand_lock);
      *c = t;      /* maybe another thread's chunk: ours to free now */
    }
  else if (op < 95)                                    /* usable size */
    {
      if (c->p != NULL && malloc_usable_size (c->p) != c->usable)
        fuzz_fail (w->tid, "usable size of %p changed: %zu -> %zu", c->p,
                   c->usable, malloc_usable_size (c->p));
      if (malloc_usable_size (NULL) != 0)
        fuzz_fail (w->tid, "malloc_usable_size (NULL) != 0");
    }
  else if (op < 96)                                    /* overflow */
    {
      errno = 0;
      p = calloc (((size_t) 1 << 40) + rng_below (r, 99), (size_t) 1 << 30);
      if (p != NULL || errno != ENOMEM)
        fuzz_fail (w->tid, "overflowing calloc = %p, errno %d", p, errno);
      errno = 0;
      p = malloc (SIZE_MAX - rng_below (r, 4096));
      if (p != NULL || errno != ENOMEM)
        fuzz_fail (w->tid, "malloc (SIZE_MAX - k) = %p, errno %d", p, errno);
    }
  else if (rng_below (r, 20) == 0)                     /* whole-heap calls */
    {
      switch (rng_below (r, 8))
        {
        case 0:
          malloc_trim (rng_below (r, 2) ? 0 : 1 << 20);
          break;
        case 1:
          {
            struct mallinfo2 mi = mallinfo2 ();
            if (mi.arena != mi.uordblks + mi.fordblks)
              fuzz_fail (w->tid, "mallinfo2: arena %zu != %zu + %zu", mi.arena,
                         mi.uordblks, mi.fordblks);
            break;
          }
        case 2:
          if (malloc_info (0, devnull) != 0)
            fuzz_fail (w->tid, "malloc_info failed");
          break;
        case 3:
          mallopt (M_TRIM_THRESHOLD, (int) (rng_below (r, 4 << 20)));
          break;
        case 4:
          mallopt (M_TOP_PAD, (int) rng_below (r, 1 << 20));
          break;
        case 5:
          mallopt (M_MMAP_THRESHOLD, (int) (64 * 1024 + rng_below (r, 1 << 20)));
          break;
        case 6:
          /* Only with one thread: calloc reads perturb_byte twice (in
             _int_malloc to fill, then to decide whether an mmapped chunk
             needs clearing), so another thread switching M_PERTURB off
             in between makes stock glibc's calloc return the filled,
             non-zero memory.  Setting it is meant for program start.  */
          if (opt_threads == 1)
            mallopt (M_PERTURB, rng_below (r, 2) ? 0 : (int) rng_below (r, 256));
          break;
        default:
          mallopt (M_MXFAST, (int) rng_below (r, 161));
          break;
        }
    }
}

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *
run_worker (void *arg)
{
  struct worker *w = arg;
  double end = opt_seconds > 0 ? now () + opt_seconds : 0;
  for (long i = 0;; i++)
    {
      if (opt_seconds > 0)
        {
          if ((i & 255) == 0 && now () >= end)
            break;
        }
      else if (i >= opt_ops)
        break;
      step (w);
      w->ops++;
      if (opt_inject && i == 1000)
        for (int k = 0; k < LIVE; k++)
          if (w->c[k].p != NULL && w->c[k].n > 0)
            {
              w->c[k].p[0] ^= 0x40;
              break;
            }
      if (i % 1000 == 999)
        for (int k = 0; k < LIVE; k++)
          if (w->c[k].p != NULL && !verify (&w->c[k], w->c[k].n))
            fuzz_fail (w->tid, "live chunk %p (%zu bytes) changed", w->c[k].p,
                       w->c[k].n);
    }
  for (int k = 0; k < LIVE; k++)
    release (w, &w->c[k]);
  return NULL;
}

int
main (int argc, char **argv)
{
  int opt;
  while ((opt = getopt (argc, argv, "s:t:n:T:vX")) != -1)
    switch (opt)
      {
      case 's': opt_seed = strtoull (optarg, NULL, 0); break;
      case 't': opt_threads = atoi (optarg); break;
      case 'n': opt_ops = atol (optarg); break;
      case 'T': opt_seconds = atof (optarg); break;
      case 'v': verbose = 1; break;
      case 'X': opt_inject = 1; break;
      default:
        fprintf (stderr, "usage: %s [-s SEED] [-t THREADS] [-n OPS | -T "
                 "SECONDS] [-v] [-X]\n", argv[0]);
        return 2;
      }
  if (opt_threads < 1 || opt_threads > 64)
    {
      fprintf (stderr, "%s: 1 to 64 threads\n", prog_name);
      return 2;
    }
  page = sysconf (_SC_PAGESIZE);
  devnull = fopen ("/dev/null", "w");
  struct worker *w = calloc (opt_threads, sizeof *w);
  if (w == NULL || devnull == NULL)
    return 2;
  for (int i = 0; i < opt_threads; i++)
    {
      w[i].tid = i;
      w[i].rng = (opt_seed + 1) * 0x9E3779B97F4A7C15ULL ^ (uint64_t) (i + 1)
                 * 0xD1B54A32D192ED03ULL;
      if (w[i].rng == 0)
        w[i].rng = 1;
    }
  if (opt_threads == 1)
    run_worker (&w[0]);
  else
    {
      for (int i = 0; i < opt_threads; i++)
        if (pthread_create (&w[i].thread, NULL, run_worker, &w[i]) != 0)
          {
            fprintf (stderr, "%s: pthread_create failed\n", prog_name);
            return 2;
          }
      for (int i = 0; i < opt_threads; i++)
        pthread_join (w[i].thread, NULL);
    }
  /* Chunks left in the handoff slots.  */
  struct worker last = { .tid = -1 };
  for (int s = 0; s < NHAND; s++)
    release (&last, &hand[s]);
  long ops = 0;
  for (int i = 0; i < opt_threads; i++)
    ops += w[i].ops;
  if (nlive != 0)
    fuzz_fail (-1, "internal: %zu chunks still in the live set", nlive);
  printf ("ops=%ld failures=%ld seed=%" PRIu64 " threads=%d\n", ops,
          total_failures, opt_seed, opt_threads);
  return total_failures != 0;
}
