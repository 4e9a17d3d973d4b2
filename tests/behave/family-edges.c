/* family-edges: the odd members of the malloc family, each with its edge
   cases.  Usage: family-edges [-v] [GROUP...]; with no GROUP every group
   runs.  Each group runs in its own child process (run_group), so it
   starts from the same allocator state.  Exits 0 when every check holds.

   Groups: calloc realloc reallocarray align valloc usable trim mallopt
   mallinfo stats.  */
#include "behave.h"

#include <pthread.h>
#include <sys/mman.h>

const char *prog_name = "family-edges";
static int verbose;
static long page;

/* Fill P[0..N) with a pattern depending on KEY and check it later.  */
static void
fill (void *p, size_t n, unsigned key)
{
  unsigned char *c = p;
  for (size_t i = 0; i < n; i++)
    c[i] = (unsigned char) (key + i * 7 + (i >> 8));
}

static int
filled (const void *p, size_t n, unsigned key)
{
  const unsigned char *c = p;
  for (size_t i = 0; i < n; i++)
    if (c[i] != (unsigned char) (key + i * 7 + (i >> 8)))
      return 0;
  return 1;
}

static int
all_zero (const void *p, size_t n)
{
  const unsigned char *c = p;
  for (size_t i = 0; i < n; i++)
    if (c[i] != 0)
      return 0;
  return 1;
}

/* Whether [P, P+N) lies in the [heap] mapping (the main arena's brk
   heap), as opposed to a separate anonymous mapping.  After a fork the
   kernel may show the heap as several adjacent [heap] lines.  */
static int
in_brk_heap (const void *p, size_t n)
{
  static char buf[1 << 16];
  if (read_proc ("/proc/self/maps", buf, sizeof buf) <= 0)
    return 0;
  uintptr_t start = UINTPTR_MAX, end = 0;
  for (char *l = buf; l && *l; l = strchr (l, '\n'), l = l ? l + 1 : NULL)
    {
      uintptr_t lo, hi;
      if (sscanf (l, "%" SCNxPTR "-%" SCNxPTR, &lo, &hi) != 2)
        continue;
      char *eol = strchr (l, '\n');
      char *name = strstr (l, "[heap]");
      if (name != NULL && (eol == NULL || name < eol))
        {
          if (lo < start)
            start = lo;
          if (hi > end)
            end = hi;
        }
    }
  return (uintptr_t) p >= start && (uintptr_t) p + n <= end;
}

/* The sizes every group walks: each bin class and its boundaries.  */
static const size_t class_sizes[] = {
  0, 1, 8, 16, 24, 25, 40, 100, 120, 128, 136, 160, 161, 500, 1000, 1008,
  1016, 1024, 1032, 1033, 1040, 2000, 4096, 10000, 65536, 131072 - 24,
  131072, 131072 + 1, 300000, 1 << 20,
};
#define NSIZES (sizeof class_sizes / sizeof class_sizes[0])

/* ---- calloc ------------------------------------------------------- */

static void
group_calloc (void)
{
  /* Fresh memory, every class.  */
  for (size_t i = 0; i < NSIZES; i++)
    {
      size_t n = class_sizes[i];
      unsigned char *p = calloc (1, n);
      CHECKF (p != NULL, "calloc (1, %zu)", n);
      if (p == NULL)
        continue;
      CHECKF (all_zero (p, n), "calloc (1, %zu) not zeroed", n);
      CHECKF (malloc_usable_size (p) >= n, "size %zu", n);
      free (p);
    }

  /* Recycled chunks: dirty a batch (more than the tcache holds, so some
     go through fastbins, the unsorted bin and the small and large bins),
     free it, calloc the same sizes again: all zero.  */
  for (size_t i = 1; i < NSIZES; i++)
    {
      size_t n = class_sizes[i];
      enum { BATCH = 20 };
      void *v[BATCH];
      for (int k = 0; k < BATCH; k++)
        {
          v[k] = malloc (n);
          CHECK (v[k] != NULL);
          if (v[k] != NULL)
            memset (v[k], 0xa5, malloc_usable_size (v[k]));
        }
      void *guard = malloc (16);     /* keep the batch off top */
      for (int k = 0; k < BATCH; k++)
        free (v[k]);
      int dirty = 0;
      for (int k = 0; k < BATCH; k++)
        {
          v[k] = calloc (n, 1);
          CHECK (v[k] != NULL);
          if (v[k] != NULL && !all_zero (v[k], n))
            dirty++;
        }
      CHECKF (dirty == 0, "%d of %d recycled calloc (%zu, 1) not zeroed",
              dirty, BATCH, n);
      for (int k = 0; k < BATCH; k++)
        free (v[k]);
      free (guard);
    }

  /* Recycled from a dirty top chunk: calloc only clears what was used
     before, so a top that grew back over dirty memory must still read
     zero.  */
  {
    size_t n = 100000;
    unsigned char *a = malloc (n);
    CHECK (a != NULL);
    if (a != NULL)
      memset (a, 0x5a, n);
    free (a);
    unsigned char *b = calloc (n, 1);
    CHECK (b != NULL && all_zero (b, n));
    free (b);
  }

  /* mmapped chunks, fresh and after a dirty one was unmapped.  */
  for (size_t n = 128 << 10; n <= 8 << 20; n *= 4)
    {
      unsigned char *a = malloc (n);
      CHECK (a != NULL);
      if (a != NULL)
        memset (a, 0x77, n);
      free (a);
      unsigned char *b = calloc (1, n);
      CHECKF (b != NULL && all_zero (b, n), "mmapped calloc of %zu", n);
      free (b);
    }

  /* calloc (0, x) and calloc (x, 0) give a unique pointer to free.  */
  void *z1 = calloc (0, 10), *z2 = calloc (10, 0);
  CHECK (z1 != NULL && z2 != NULL && z1 != z2);
  free (z1);
  free (z2);

  /* nmemb * size overflow: NULL with ENOMEM, both ways round.  */
  volatile size_t half = SIZE_MAX / 2 + 1, big = SIZE_MAX / 3;
  static const size_t ovf[][2] = {
    { 2, SIZE_MAX / 2 + 1 }, { SIZE_MAX / 2 + 1, 2 }, { 1 << 20, 1ULL << 45 },
    { 65537, 281470681808895ULL }, { SIZE_MAX, SIZE_MAX },
  };
  for (size_t i = 0; i < sizeof ovf / sizeof ovf[0]; i++)
    {
      errno = 0;
      void *p = calloc (ovf[i][0], ovf[i][1]);
      CHECKF (p == NULL && errno == ENOMEM, "calloc (%zu, %zu) = %p errno %d",
              ovf[i][0], ovf[i][1], p, errno);
    }
  errno = 0;
  CHECK (calloc (half, 2) == NULL && errno == ENOMEM);
  /* No overflow, but too big to have.  */
  errno = 0;
  CHECK (calloc (big, 1) == NULL && errno == ENOMEM);

  /* calloc still zeroes with M_PERTURB set.  */
  CHECK (mallopt (M_PERTURB, 0x42) == 1);
  for (size_t i = 1; i < NSIZES; i++)
    {
      void *d = malloc (class_sizes[i]);
      free (d);
      unsigned char *p = calloc (class_sizes[i], 1);
      CHECKF (p != NULL && all_zero (p, class_sizes[i]),
              "calloc %zu with perturb", class_sizes[i]);
      free (p);
    }
  mallopt (M_PERTURB, 0);
}

/* ---- realloc ------------------------------------------------------ */

static void
group_realloc (void)
{
  /* Grow into top, first of all, while the heap has no free chunks.  */
  {
    char *p = malloc (5000);
    CHECK (p != NULL);
    fill (p, 5000, 1);
    char *q = realloc (p, 60000);
    CHECKF (q == p, "grow into top moved %p -> %p", p, q);
    CHECK (q != NULL && filled (q, 5000, 1));
    free (q);
  }

  /* realloc (NULL, n) is malloc (n).  */
  char *p = realloc (NULL, 100);
  CHECK (p != NULL && malloc_usable_size (p) >= 100);
  fill (p, 100, 2);

  /* Shrink in place: the pointer stays.  */
  char *big = malloc (3000);
  CHECK (big != NULL);
  fill (big, 3000, 3);
  char *small = realloc (big, 200);
  CHECKF (small == big, "shrink moved %p -> %p", big, small);
  CHECK (small != NULL && filled (small, 200, 3));
  CHECK (malloc_usable_size (small) >= 200);
  free (small);

  /* Grow in place into a free neighbour (too big for the tcache and the
     fastbins, so it is really free in the heap).  */
  {
    char *a = malloc (2000), *b = malloc (2000), *g = malloc (2000);
    CHECK (a != NULL && b != NULL && g != NULL);
    fill (a, 2000, 4);
    free (b);
    char *a2 = realloc (a, 3500);
    CHECKF (a2 == a, "grow into free neighbour moved %p -> %p", a, a2);
    CHECK (a2 != NULL && filled (a2, 2000, 4));
    free (a2);
    free (g);
  }

  /* Move: the neighbour is in use.  */
  {
    char *a = malloc (100), *b = malloc (100);
    CHECK (a != NULL && b != NULL);
    fill (a, 100, 5);
    char *a2 = realloc (a, 10000);
    CHECK (a2 != NULL && a2 != b);
    CHECK (a2 != NULL && filled (a2, 100, 5));
    free (a2);
    free (b);
  }

  /* Heap to mmap and back, contents preserved each way.  */
  {
    char *a = malloc (1000);
    CHECK (a != NULL && in_brk_heap (a, 1000));
    fill (a, 1000, 6);
    char *m = realloc (a, 1 << 20);
    CHECK (m != NULL && filled (m, 1000, 6));
    CHECKF (m != NULL && !in_brk_heap (m, 1 << 20),
            "1 MiB realloc result %p is in the brk heap", m);
    fill (m, 1 << 20, 7);
    char *m2 = realloc (m, 4 << 20);     /* mmap to bigger mmap */
    CHECK (m2 != NULL && filled (m2, 1 << 20, 7));
    char *h = realloc (m2, 500);         /* and back down */
    CHECK (h != NULL && filled (h, 500, 7));
    CHECK (malloc_usable_size (h) >= 500);
    if (verbose && h != NULL)
      printf ("realloc mmap -> 500 bytes: %s\n",
              in_brk_heap (h, 500) ? "heap" : "stays mmapped");
    free (h);
  }

  /* Every size to every size, contents preserved.  */
  for (size_t i = 1; i < NSIZES; i++)
    for (size_t j = 0; j < NSIZES; j++)
      {
        size_t from = class_sizes[i], to = class_sizes[j];
        char *a = malloc (from);
        CHECK (a != NULL);
        if (a == NULL)
          continue;
        fill (a, from, (unsigned) (i * 31 + j));
        char *b = realloc (a, to);
        if (to == 0)
          {
            /* glibc frees and returns NULL for size 0.  */
            CHECKF (b == NULL, "realloc (p, 0) = %p", b);
            continue;
          }
        CHECKF (b != NULL, "realloc %zu -> %zu", from, to);
        if (b == NULL)
          continue;
        size_t keep = from < to ? from : to;
        CHECKF (filled (b, keep, (unsigned) (i * 31 + j)),
                "realloc %zu -> %zu lost contents", from, to);
        CHECKF (malloc_usable_size (b) >= to, "realloc %zu -> %zu", from, to);
        CHECK (is_aligned (b, 2 * sizeof (size_t)));
        free (b);
      }

  /* Zero size frees and returns NULL.  */
  CHECK (realloc (p, 0) == NULL);

  /* Failure leaves the old block alone.  */
  char *keep = malloc (300);
  CHECK (keep != NULL);
  fill (keep, 300, 8);
  volatile size_t huge = SIZE_MAX - 4096;
  errno = 0;
  CHECK (realloc (keep, huge) == NULL && errno == ENOMEM);
  errno = 0;
  CHECK (realloc (keep, PTRDIFF_MAX) == NULL && errno == ENOMEM);
  CHECK (filled (keep, 300, 8));
  free (keep);
}

/* ---- reallocarray ------------------------------------------------- */

static void
group_reallocarray (void)
{
  int *a = reallocarray (NULL, 100, sizeof (int));
  CHECK (a != NULL && malloc_usable_size (a) >= 100 * sizeof (int));
  for (int i = 0; a != NULL && i < 100; i++)
    a[i] = i;
  int *b = reallocarray (a, 100000, sizeof (int));
  CHECK (b != NULL);
  int ok = 1;
  for (int i = 0; b != NULL && i < 100; i++)
    ok &= b[i] == i;
  CHECK (ok);
  if (b != NULL)
    a = b;
  volatile size_t half = SIZE_MAX / 2 + 1;
  static const size_t ovf[][2] = {
    { SIZE_MAX / 2 + 1, 2 }, { 2, SIZE_MAX / 2 + 1 }, { SIZE_MAX, SIZE_MAX },
    { 1ULL << 32, 1ULL << 32 },
  };
  for (size_t i = 0; i < sizeof ovf / sizeof ovf[0]; i++)
    {
      errno = 0;
      void *r = reallocarray (a, ovf[i][0], ovf[i][1]);
      CHECKF (r == NULL && errno == ENOMEM, "reallocarray (p, %zu, %zu)",
              ovf[i][0], ovf[i][1]);
      errno = 0;
      r = reallocarray (NULL, ovf[i][0], ovf[i][1]);
      CHECK (r == NULL && errno == ENOMEM);
    }
  errno = 0;
  CHECK (reallocarray (a, half, 2) == NULL && errno == ENOMEM);
  ok = 1;
  for (int i = 0; i < 100; i++)
    ok &= a[i] == i;
  CHECKF (ok, "overflowing reallocarray changed the block");
  /* Zero elements behaves like realloc (p, 0).  */
  CHECK (reallocarray (a, 0, 16) == NULL);
}

/* ---- memalign, aligned_alloc, posix_memalign ----------------------- */

static void
group_align (void)
{
  static const size_t sizes[] = { 0, 1, 15, 100, 1000, 5000, 200000 };
  for (size_t al = 1; al <= (1 << 20); al *= 2)
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++)
      {
        size_t n = sizes[s];
        size_t eff = al < 2 * sizeof (size_t) ? 2 * sizeof (size_t) : al;
        void *m = memalign (al, n);
        CHECKF (m != NULL && is_aligned (m, eff), "memalign (%zu, %zu) = %p",
                al, n, m);
        CHECK (m == NULL || malloc_usable_size (m) >= n);
        if (m != NULL)
          fill (m, n, 9);
        void *a = aligned_alloc (al, n);
        CHECKF (a != NULL && is_aligned (a, eff),
                "aligned_alloc (%zu, %zu) = %p", al, n, a);
        CHECK (a == NULL || malloc_usable_size (a) >= n);
        if (a != NULL)
          fill (a, n, 10);
        void *pm = (void *) 1;
        int r = posix_memalign (&pm, al < sizeof (void *) ? sizeof (void *) : al,
                                n);
        CHECKF (r == 0 && is_aligned (pm, eff), "posix_memalign %zu, %zu: %d",
                al, n, r);
        CHECK (r != 0 || malloc_usable_size (pm) >= n);
        if (r == 0)
          fill (pm, n, 11);
        CHECK (m == NULL || filled (m, n, 9));
        CHECK (a == NULL || filled (a, n, 10));
        CHECK (r != 0 || filled (pm, n, 11));
        /* Aligned chunks are ordinary chunks: realloc and free work.  */
        if (m != NULL)
          {
            void *m2 = realloc (m, n + 64);
            CHECK (m2 != NULL && filled (m2, n, 9));
            m = m2;
          }
        free (m);
        free (a);
        if (r == 0)
          free (pm);
      }

  /* Bad alignments: posix_memalign says EINVAL and leaves *memptr.  */
  static const size_t bad[] = { 0, 1, 2, 4, 3, 12, 24, 48, 100, 4097,
                                (1 << 20) + 8, SIZE_MAX };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      void *pm = (void *) 0x1234;
      int r = posix_memalign (&pm, bad[i], 10);
      CHECKF (r == EINVAL && pm == (void *) 0x1234,
              "posix_memalign (%zu) = %d", bad[i], r);
    }
  /* memalign and aligned_alloc: an alignment above SIZE_MAX / 2 + 1 is
     EINVAL; one that is not a power of two is rounded up to one.  */
  volatile size_t toobig = SIZE_MAX / 2 + 2;
  errno = 0;
  CHECK (memalign (toobig, 10) == NULL && errno == EINVAL);
  errno = 0;
  CHECK (aligned_alloc (toobig, 10) == NULL && errno == EINVAL);
  errno = 0;
  CHECK (memalign (SIZE_MAX, 10) == NULL && errno == EINVAL);
  void *r24 = memalign (24, 100);
  CHECK (r24 != NULL && is_aligned (r24, 32));
  free (r24);
  /* aligned_alloc rounds such an alignment up as memalign does, until
     glibc 2.38 makes it EINVAL (C17's "unsupported alignment").  */
  errno = 0;
  void *r3000 = aligned_alloc (3000, 100);
  if (libc_at_least ("2.38"))
    CHECK (r3000 == NULL && errno == EINVAL);
  else
    CHECK (r3000 != NULL && is_aligned (r3000, 4096));
  free (r3000);
  /* Too big to have: ENOMEM.  */
  volatile size_t huge = SIZE_MAX - 8192;
  errno = 0;
  CHECK (memalign (64, huge) == NULL && errno == ENOMEM);
  errno = 0;
  CHECK (aligned_alloc (4096, huge) == NULL && errno == ENOMEM);
  void *pm = NULL;
  CHECK (posix_memalign (&pm, 64, huge) == ENOMEM);
}

/* ---- valloc, pvalloc ---------------------------------------------- */

static void
group_valloc (void)
{
  static const size_t sizes[] = { 1, 100, 4095, 4096, 4097, 10000, 200000,
                                  1 << 20 };
  for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++)
    {
      size_t n = sizes[i];
      size_t rounded = (n + page - 1) & ~(size_t) (page - 1);
      void *v = valloc (n);
      CHECKF (v != NULL && is_aligned (v, page), "valloc (%zu) = %p", n, v);
      CHECK (v == NULL || malloc_usable_size (v) >= n);
      void *pv = pvalloc (n);
      CHECKF (pv != NULL && is_aligned (pv, page), "pvalloc (%zu) = %p", n, pv);
      CHECKF (pv == NULL || malloc_usable_size (pv) >= rounded,
              "pvalloc (%zu): usable %zu < %zu", n,
              pv ? malloc_usable_size (pv) : 0, rounded);
      if (pv != NULL)
        memset (pv, 1, rounded);     /* the whole rounded size is ours */
      if (v != NULL)
        memset (v, 2, n);
      free (v);
      free (pv);
    }
  void *v0 = valloc (0);
  CHECK (v0 != NULL && is_aligned (v0, page));
  free (v0);
  void *p0 = pvalloc (0);
  CHECK (p0 != NULL && is_aligned (p0, page));
  free (p0);
  volatile size_t huge = SIZE_MAX - 100;
  errno = 0;
  CHECK (pvalloc (huge) == NULL && errno == ENOMEM);
  errno = 0;
  CHECK (valloc (huge) == NULL && errno == ENOMEM);
}

/* ---- malloc_usable_size ------------------------------------------- */

static void
group_usable (void)
{
  CHECK (malloc_usable_size (NULL) == 0);
  for (size_t n = 0; n <= 5000; n++)
    {
      unsigned char *p = malloc (n);
      CHECK (p != NULL);
      size_t u = malloc_usable_size (p);
      CHECKF (u >= n, "malloc (%zu): usable %zu", n, u);
      /* Usable means usable: every byte can be written.  */
      memset (p, 0xee, u);
      free (p);
    }
  for (size_t i = 0; i < NSIZES; i++)
    {
      void *p = malloc (class_sizes[i]);
      CHECK (p != NULL && malloc_usable_size (p) >= class_sizes[i]);
      free (p);
    }
}

/* ---- malloc_trim -------------------------------------------------- */

static void *
trim_thread (void *arg)
{
  (void) arg;
  /* The same in a thread's arena: a big free region behind a small
     chunk still in use.  */
  enum { N = 400, SZ = 60000 };
  static void *v[N];
  for (int i = 0; i < N; i++)
    {
      v[i] = malloc (SZ);
      if (v[i] != NULL)
        memset (v[i], 1, SZ);
    }
  return v;
}

static void
group_trim (void)
{
  /* Never trim on free, so only malloc_trim gives memory back.  */
  CHECK (mallopt (M_TRIM_THRESHOLD, 1 << 30) == 1);
  CHECK (mallopt (M_MMAP_THRESHOLD, 1 << 20) == 1);
  enum { N = 2000, SZ = 50000 };   /* 100 MB in the main arena */
  static void *v[N];
  size_t rss0 = rss_bytes ();
  for (int i = 0; i < N; i++)
    {
      v[i] = malloc (SZ);
      CHECK (v[i] != NULL);
      if (v[i] != NULL)
        memset (v[i], 1, SZ);
    }
  void *last = malloc (100);        /* pins the top of the heap */
  size_t rss1 = rss_bytes ();
  CHECKF (rss1 >= rss0 + (size_t) N * SZ * 9 / 10, "rss %zu -> %zu", rss0,
          rss1);
  for (int i = 0; i < N; i++)
    free (v[i]);
  size_t rss2 = rss_bytes ();
  CHECKF (rss2 + (size_t) N * SZ / 10 >= rss1,
          "free gave memory back without malloc_trim (%zu -> %zu)", rss1, rss2);
  CHECK (malloc_trim (0) == 1);
  size_t rss3 = rss_bytes ();
  CHECKF (rss3 + (size_t) N * SZ * 9 / 10 <= rss2,
          "malloc_trim returned only %zu of %zu bytes", rss2 - rss3,
          (size_t) N * SZ);
  if (verbose)
    printf ("trim: rss %zu -> %zu (allocated) -> %zu (freed) -> %zu "
            "(malloc_trim)\n", rss0, rss1, rss2, rss3);
  /* The heap is still usable after trimming.  */
  for (int i = 0; i < N; i++)
    {
      v[i] = malloc (SZ);
      CHECK (v[i] != NULL);
      if (v[i] != NULL)
        memset (v[i], 2, SZ);
    }
  for (int i = 0; i < N; i++)
    free (v[i]);
  free (last);
  /* Top itself: free everything, trim keeps only the pad.  */
  CHECK (malloc_trim (0) == 1 || mallinfo2 ().keepcost < 1 << 20);
  CHECKF (mallinfo2 ().keepcost <= 1 << 20, "top is %zu after malloc_trim",
          mallinfo2 ().keepcost);

  /* Thread arenas are trimmed too.  */
  pthread_t t;
  void **tv = NULL;
  CHECK (pthread_create (&t, NULL, trim_thread, NULL) == 0);
  CHECK (pthread_join (t, (void **) &tv) == 0);
  void *tlast = malloc (100);
  (void) tlast;
  size_t rss4 = rss_bytes ();
  for (int i = 0; i < 399; i++)   /* keep the last one: pins the heap */
    free (tv[i]);
  size_t rss5 = rss_bytes ();
  malloc_trim (0);
  size_t rss6 = rss_bytes ();
  CHECKF (rss6 + 399UL * 60000 * 8 / 10 <= rss5,
          "thread arena: rss %zu -> %zu -> %zu", rss4, rss5, rss6);
  if (verbose)
    printf ("trim (thread arena): rss %zu -> %zu (freed) -> %zu\n", rss4,
            rss5, rss6);
  free (tv[399]);
}

/* ---- mallopt ------------------------------------------------------ */

static size_t
fast_chunks (void)
{
  return mallinfo2 ().smblks;
}

/* A thread that holds chunks until told to let go, so arena counts can
   be observed while it lives.  */
static pthread_barrier_t arena_barrier;
static void *
arena_thread (void *arg)
{
  (void) arg;
  void *p = malloc (1000);
  memset (p, 1, 1000);
  pthread_barrier_wait (&arena_barrier);
  pthread_barrier_wait (&arena_barrier);
  free (p);
  return NULL;
}

/* ---- mallinfo2 and malloc_info ------------------------------------ */

struct info_totals
{
  size_t fast_count, fast_size, rest_count, rest_size, mmap_count, mmap_size;
  size_t system_current, heaps;
};

/* malloc_info into a stream whose buffer exists before the call, so the
   call itself allocates nothing; MI is mallinfo2 taken right after, with
   the heap in the same state.  */
static int
get_info (struct info_totals *t, struct mallinfo2 *mi)
{
  static char iobuf[1 << 16], buf[1 << 16];
  FILE *f = tmpfile ();
  if (f == NULL)
    return 0;
  setvbuf (f, iobuf, _IOFBF, sizeof iobuf);
  int r = malloc_info (0, f);
  struct mallinfo2 m = mallinfo2 ();
  if (mi != NULL)
    *mi = m;
  fflush (f);
  size_t len = pread (fileno (f), buf, sizeof buf - 1, 0);
  fclose (f);
  if (r != 0 || len == (size_t) -1)
    return 0;
  buf[len] = 0;
  memset (t, 0, sizeof *t);
  for (char *s = buf; (s = strstr (s, "<heap nr=")) != NULL; s++)
    t->heaps++;
  /* The totals are the last lines, after the last </heap>.  */
  char *tail = NULL;
  for (char *s = strstr (buf, "</heap>"); s != NULL; s = strstr (s + 1, "</heap>"))
    tail = s;
  char *fast, *rest, *mm, *cur;
  /* glibc after 2.41 has no fastbins and prints no "fast" total.  */
  return tail != NULL
    && ((fast = strstr (tail, "<total type=\"fast\"")) == NULL
        || sscanf (fast, "<total type=\"fast\" count=\"%zu\" size=\"%zu\"/>",
                   &t->fast_count, &t->fast_size) == 2)
    && (rest = strstr (tail, "<total type=\"rest\"")) != NULL
    && (mm = strstr (tail, "<total type=\"mmap\"")) != NULL
    && (cur = strstr (tail, "<system type=\"current\"")) != NULL
    && sscanf (rest, "<total type=\"rest\" count=\"%zu\" size=\"%zu\"/>",
               &t->rest_count, &t->rest_size) == 2
    && sscanf (mm, "<total type=\"mmap\" count=\"%zu\" size=\"%zu\"/>",
               &t->mmap_count, &t->mmap_size) == 2
    && sscanf (cur, "<system type=\"current\" size=\"%zu\"/>",
               &t->system_current) == 1;
}

static void
consistent (const char *when)
{
  struct mallinfo2 mi;
  struct info_totals t;
  CHECKF (get_info (&t, &mi), "%s: malloc_info output unreadable", when);
  CHECKF (mi.arena == mi.uordblks + mi.fordblks, "%s: %zu != %zu + %zu", when,
          mi.arena, mi.uordblks, mi.fordblks);
  CHECKF (t.system_current == mi.arena, "%s: malloc_info system %zu, "
          "mallinfo2 arena %zu", when, t.system_current, mi.arena);
  CHECKF (t.mmap_count == mi.hblks && t.mmap_size == mi.hblkhd,
          "%s: mmap %zu/%zu vs %zu/%zu", when, t.mmap_count, t.mmap_size,
          mi.hblks, mi.hblkhd);
  CHECKF (t.fast_count == mi.smblks && t.fast_size == mi.fsmblks,
          "%s: fast %zu/%zu vs %zu/%zu", when, t.fast_count, t.fast_size,
          mi.smblks, mi.fsmblks);
  /* malloc_info adds the free chunks' sizes with their flag bits
     (chunksize_nomask), so "rest" may exceed by up to 7 a chunk.  */
  CHECKF (t.rest_count == mi.ordblks
          && t.rest_size + t.fast_size >= mi.fordblks
          && t.rest_size + t.fast_size <= mi.fordblks + 7 * t.rest_count,
          "%s: rest %zu/%zu vs ordblks %zu fordblks %zu", when, t.rest_count,
          t.rest_size, mi.ordblks, mi.fordblks);
}

static void *
arena_probe_thread (void *arg)
{
  (void) arg;
  void *p = malloc (1000);
  memset (p, 1, 1000);
  return p;
}

/* Each mallopt parameter is checked in a fresh child (run_group), so
   that one setting does not bend the next one's observation.  */
static void
mallopt_mxfast (void)
{
  /* After 2.41 there are no fastbins: M_MXFAST is accepted and does
     nothing, and no chunk is ever a fast one.  */
  if (libc_at_least ("2.42"))
    {
      CHECK (mallopt (M_MXFAST, 80 * sizeof (size_t) / 4 + 1) == 1);
      CHECK (mallopt (M_MXFAST, 128) == 1);
      void *w[20];
      for (int i = 0; i < 20; i++)
        w[i] = malloc (24);
      for (int i = 0; i < 20; i++)
        free (w[i]);
      CHECKF (fast_chunks () == 0 && mallinfo2 ().fsmblks == 0,
              "%zu fast chunks", fast_chunks ());
      return;
    }
  /* M_MXFAST: up to 80 * sizeof (size_t) / 4; 0 disables fastbins.  */
  CHECK (mallopt (M_MXFAST, 80 * sizeof (size_t) / 4 + 1) == 0);
  CHECK (mallopt (M_MXFAST, 80 * sizeof (size_t) / 4) == 1);
  CHECK (mallopt (M_MXFAST, 0) == 1);
  void *v[20];
  for (int i = 0; i < 20; i++)
    v[i] = malloc (24);
  void *g = malloc (24);
  for (int i = 0; i < 20; i++)
    free (v[i]);
  CHECKF (fast_chunks () == 0, "M_MXFAST 0: %zu fast chunks", fast_chunks ());
  for (int i = 0; i < 20; i++)
    v[i] = malloc (24);
  CHECK (mallopt (M_MXFAST, 128) == 1);
  for (int i = 0; i < 20; i++)
    free (v[i]);
  /* 7 go to the tcache, 13 to the fastbin.  */
  CHECKF (fast_chunks () == 13, "M_MXFAST 128: %zu fast chunks",
          fast_chunks ());
  CHECKF (mallinfo2 ().fsmblks == 13 * 32, "fsmblks %zu", mallinfo2 ().fsmblks);
  /* Above max_fast: not a fastbin chunk.  */
  CHECK (mallopt (M_MXFAST, 32) == 1);
  for (int i = 0; i < 20; i++)
    v[i] = malloc (100);
  for (int i = 0; i < 20; i++)
    free (v[i]);
  CHECKF (fast_chunks () == 0, "M_MXFAST 32: %zu fast chunks", fast_chunks ());
  free (g);
}

static void
mallopt_mmap_threshold (void)
{
  /* Requests that top cannot satisfy are mmapped at or above the
     threshold and grow the heap below it.  */
  CHECK (mallopt (M_MMAP_THRESHOLD, 256 << 10) == 1);
  struct mallinfo2 mi = mallinfo2 ();
  size_t n = mi.keepcost + (64 << 10);
  CHECK (n < 256 << 10);
  void *a = malloc (n);
  CHECKF (mallinfo2 ().hblks == mi.hblks, "%zu mmapped at 256 KiB", n);
  CHECK (a != NULL && in_brk_heap (a, n));
  CHECK (mallopt (M_MMAP_THRESHOLD, 64 << 10) == 1);
  mi = mallinfo2 ();
  n = mi.keepcost + 4096;
  CHECK (n >= 64 << 10);
  void *b = malloc (n);
  CHECKF (mallinfo2 ().hblks == mi.hblks + 1, "%zu not mmapped at 64 KiB", n);
  CHECK (mallinfo2 ().hblkhd >= mi.hblkhd + n);
  CHECK (b != NULL && !in_brk_heap (b, n));
  free (a);
  free (b);
}

static void
mallopt_mmap_max (void)
{
  /* M_MMAP_MAX: 0 means no mmapped chunks at all.  */
  CHECK (mallopt (M_MMAP_MAX, 0) == 1);
  struct mallinfo2 mi = mallinfo2 ();
  void *c = malloc (4 << 20);
  CHECK (c != NULL);
  CHECKF (mallinfo2 ().hblks == mi.hblks, "M_MMAP_MAX 0 but mmapped");
  CHECK (c != NULL && in_brk_heap (c, 4 << 20));
  free (c);
  CHECK (mallopt (M_MMAP_MAX, 65536) == 1);
  mi = mallinfo2 ();
  c = malloc (mi.keepcost + (4 << 20));
  CHECK (mallinfo2 ().hblks == mi.hblks + 1);
  free (c);
}

static void
mallopt_trim (void)
{
  /* M_TRIM_THRESHOLD: free trims top above it, not below.  */
  CHECK (mallopt (M_MMAP_THRESHOLD, 64 << 20) == 1);
  CHECK (mallopt (M_TOP_PAD, 0) == 1);
  CHECK (mallopt (M_TRIM_THRESHOLD, 32 << 20) == 1);
  void *g = malloc (8 << 20);
  size_t arena = mallinfo2 ().arena;
  free (g);
  CHECKF (mallinfo2 ().arena == arena, "trimmed below the trim threshold");
  CHECK (mallopt (M_TRIM_THRESHOLD, 128 << 10) == 1);
  g = malloc (8 << 20);
  arena = mallinfo2 ().arena;
  free (g);
  CHECKF (mallinfo2 ().arena + (7 << 20) <= arena,
          "not trimmed above the trim threshold: %zu -> %zu", arena,
          mallinfo2 ().arena);
}

static void
mallopt_top_pad (void)
{
  /* M_TOP_PAD: a heap extension takes that much more.  */
  CHECK (mallopt (M_MMAP_THRESHOLD, 64 << 20) == 1);
  CHECK (mallopt (M_TOP_PAD, 16 << 20) == 1);
  struct mallinfo2 mi = mallinfo2 ();
  size_t need = mi.keepcost + 4096;
  void *p = malloc (need);
  CHECKF (mallinfo2 ().arena >= mi.arena + (16 << 20),
          "M_TOP_PAD: arena %zu -> %zu", mi.arena, mallinfo2 ().arena);
  CHECKF (mallinfo2 ().keepcost >= (16 << 20) - 4096, "top %zu",
          mallinfo2 ().keepcost);
  free (p);
}

static void
mallopt_perturb (void)
{
  /* M_PERTURB: fresh memory is filled with the complement of the byte
     (the tcache hands back chunks untouched, so use a size above it).  */
  CHECK (mallopt (M_PERTURB, 0x5a) == 1);
  unsigned char *p = malloc (3000);
  int all = p != NULL;
  for (int i = 0; p != NULL && i < 3000; i++)
    all &= p[i] == (0x5a ^ 0xff);
  CHECKF (all, "M_PERTURB 0x5a: first byte %#x", p ? p[0] : 0);
  unsigned char *m = malloc (1 << 20);   /* mmapped too */
  all = m != NULL;
  for (int i = 0; m != NULL && i < 1 << 20; i++)
    all &= m[i] == (0x5a ^ 0xff);
  CHECKF (all, "M_PERTURB 0x5a, mmapped: first byte %#x", m ? m[0] : 0);
  free (m);
  free (p);
  CHECK (mallopt (M_PERTURB, 0) == 1);
}

static void
mallopt_rest (void)
{
  /* M_CHECK_ACTION: accepted, does nothing without libc_malloc_debug.  */
  CHECK (mallopt (M_CHECK_ACTION, 3) == 1);
  /* M_ARENA_TEST, M_ARENA_MAX: accepted (and ignored when not
     positive).  */
  CHECK (mallopt (M_ARENA_TEST, 2) == 1);
  CHECK (mallopt (M_ARENA_TEST, 0) == 1);
  CHECK (mallopt (M_ARENA_MAX, 0) == 1);
  CHECK (mallopt (M_ARENA_MAX, 1) == 1);
  /* With one arena, a thread allocates from the main arena.  */
  struct info_totals t;
  void *th_result = NULL;
  pthread_t th;
  CHECK (pthread_create (&th, NULL, arena_probe_thread, NULL) == 0);
  CHECK (pthread_join (th, &th_result) == 0);
  CHECK (get_info (&t, NULL));
  CHECKF (t.heaps == 1, "M_ARENA_MAX 1: %zu heaps", t.heaps);
  free (th_result);
  /* The SVID parameters glibc accepts and ignores, and an unknown one.  */
  CHECK (mallopt (M_NLBLKS, 10) == 1);
  CHECK (mallopt (M_GRAIN, 16) == 1);
  CHECK (mallopt (M_KEEP, 0) == 1);
  CHECK (mallopt (12345, 1) == 1);
  /* After all that, the heap still works.  */
  for (size_t i = 0; i < NSIZES; i++)
    {
      void *p = malloc (class_sizes[i]);
      CHECK (p != NULL);
      memset (p, 3, class_sizes[i]);
      free (p);
    }
}

static void
group_mallopt (void)
{
  static const struct { const char *name; void (*fn) (void); } sub[] = {
    { "mallopt M_MXFAST", mallopt_mxfast },
    { "mallopt M_MMAP_THRESHOLD", mallopt_mmap_threshold },
    { "mallopt M_MMAP_MAX", mallopt_mmap_max },
    { "mallopt M_TRIM_THRESHOLD", mallopt_trim },
    { "mallopt M_TOP_PAD", mallopt_top_pad },
    { "mallopt M_PERTURB", mallopt_perturb },
    { "mallopt others", mallopt_rest },
  };
  for (size_t i = 0; i < sizeof sub / sizeof sub[0]; i++)
    failures += run_group (sub[i].name, sub[i].fn);
}

static void
group_mallinfo (void)
{
  /* No dynamic threshold, no trimming: the counts below are exact.  */
  CHECK (mallopt (M_MMAP_THRESHOLD, 128 << 10) == 1);
  CHECK (mallopt (M_TRIM_THRESHOLD, 1 << 30) == 1);
  consistent ("start");
  struct mallinfo2 m0 = mallinfo2 ();

  enum { N = 1000 };
  static void *v[N];
  size_t asked = 0, usable = 0;
  for (int i = 0; i < N; i++)
    {
      /* Above the tcache's sizes: a freed chunk is free in the arena's
         books at once (the tcache keeps its chunks "in use").  */
      size_t n = 1100 + (i * 37) % 4000;
      v[i] = malloc (n);
      asked += n;
      usable += malloc_usable_size (v[i]);
    }
  struct mallinfo2 m1 = mallinfo2 ();
  size_t grew = m1.uordblks - m0.uordblks;
  /* Each chunk costs its usable size plus one header word at most
     rounding: at least what was asked, at most usable + 16 each.  */
  CHECKF (grew >= asked && grew <= usable + N * 16,
          "uordblks grew %zu for %zu asked (%zu usable)", grew, asked, usable);
  CHECK (m1.hblks == m0.hblks);
  consistent ("after 1000 mallocs");

  /* mmapped chunks: counted in hblks and hblkhd, not in arena.  */
  enum { M = 5 };
  void *mm[M];
  for (int i = 0; i < M; i++)
    mm[i] = malloc (1 << 20);
  struct mallinfo2 m2 = mallinfo2 ();
  CHECKF (m2.hblks == m1.hblks + M, "hblks %zu -> %zu", m1.hblks, m2.hblks);
  CHECKF (m2.hblkhd >= m1.hblkhd + M * (1 << 20)
          && m2.hblkhd <= m1.hblkhd + M * ((1 << 20) + 2 * page),
          "hblkhd %zu -> %zu", m1.hblkhd, m2.hblkhd);
  CHECK (m2.arena == m1.arena);
  consistent ("with mmapped chunks");

  /* Free half: the free bytes grow by what was freed.  */
  size_t freed = 0;
  for (int i = 0; i < N; i += 2)
    {
      freed += malloc_usable_size (v[i]);
      free (v[i]);
    }
  struct mallinfo2 m3 = mallinfo2 ();
  CHECKF (m1.uordblks - m3.uordblks >= freed
          && m1.uordblks - m3.uordblks <= freed + (N / 2) * 16,
          "freed %zu, uordblks fell %zu", freed, m1.uordblks - m3.uordblks);
  consistent ("after freeing half");
  for (int i = 0; i < M; i++)
    free (mm[i]);
  CHECK (mallinfo2 ().hblks == m0.hblks);
  for (int i = 1; i < N; i += 2)
    free (v[i]);
  struct mallinfo2 m4 = mallinfo2 ();
  CHECKF (m4.uordblks <= m0.uordblks + 64, "uordblks %zu at start, %zu after"
          " freeing everything", m0.uordblks, m4.uordblks);
  consistent ("after freeing everything");

  /* Thread arenas appear in malloc_info and in the totals.  */
  enum { T = 3 };
  pthread_t th[T];
  CHECK (pthread_barrier_init (&arena_barrier, NULL, T + 1) == 0);
  for (int i = 0; i < T; i++)
    CHECK (pthread_create (&th[i], NULL, arena_thread, NULL) == 0);
  pthread_barrier_wait (&arena_barrier);
  struct info_totals t;
  CHECK (get_info (&t, NULL));
  CHECKF (t.heaps == T + 1, "%zu heaps with %d threads", t.heaps, T);
  consistent ("with thread arenas");
  pthread_barrier_wait (&arena_barrier);
  for (int i = 0; i < T; i++)
    pthread_join (th[i], NULL);
}

/* ---- malloc_stats ------------------------------------------------- */

static void
group_stats (void)
{
  void *keep[3] = { malloc (1000), malloc (100000), malloc (1 << 20) };
  char path[] = "/tmp/family-edges-stats-XXXXXX";
  int fd = mkstemp (path);
  CHECK (fd >= 0);
  unlink (path);
  fflush (stderr);
  int saved = dup (2);
  dup2 (fd, 2);
  malloc_stats ();
  fflush (stderr);
  dup2 (saved, 2);
  close (saved);
  struct mallinfo2 mi = mallinfo2 ();
  char buf[4096];
  ssize_t len = pread (fd, buf, sizeof buf - 1, 0);
  close (fd);
  CHECK (len > 0);
  buf[len > 0 ? len : 0] = 0;
  if (verbose)
    fputs (buf, stdout);
  unsigned a0_sys = 0, a0_use = 0, tot_sys = 0, tot_use = 0, regions = 0;
  char *tot = strstr (buf, "Total (incl. mmap):");
  CHECK (sscanf (buf, "Arena 0:\nsystem bytes = %u\nin use bytes = %u",
                 &a0_sys, &a0_use) == 2);
  CHECK (tot != NULL
         && sscanf (tot, "Total (incl. mmap):\nsystem bytes = %u\n"
                    "in use bytes = %u\nmax mmap regions = %u",
                    &tot_sys, &tot_use, &regions) == 3);
  CHECKF (a0_sys == mi.arena, "%u vs %zu", a0_sys, mi.arena);
  CHECKF (tot_sys == mi.arena + mi.hblkhd, "%u vs %zu", tot_sys,
          mi.arena + mi.hblkhd);
  CHECKF (tot_use == mi.uordblks + mi.hblkhd, "%u vs %zu", tot_use,
          mi.uordblks + mi.hblkhd);
  CHECK (regions >= 1);
  CHECK (tot_use >= 1000 + 100000 + (1 << 20));
  for (int i = 0; i < 3; i++)
    free (keep[i]);
}

static const struct
{
  const char *name;
  void (*fn) (void);
} groups[] = {
  { "calloc", group_calloc },
  { "realloc", group_realloc },
  { "reallocarray", group_reallocarray },
  { "align", group_align },
  { "valloc", group_valloc },
  { "usable", group_usable },
  { "trim", group_trim },
  { "mallopt", group_mallopt },
  { "mallinfo", group_mallinfo },
  { "stats", group_stats },
};

int
main (int argc, char **argv)
{
  page = sysconf (_SC_PAGESIZE);
  int first = 1;
  if (argc > 1 && strcmp (argv[1], "-v") == 0)
    verbose = 1, first = 2;
  int bad = 0, ran = 0;
  for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
    {
      int wanted = first == argc;
      for (int i = first; i < argc; i++)
        wanted |= strcmp (argv[i], groups[g].name) == 0;
      if (!wanted)
        continue;
      ran++;
      int r = run_group (groups[g].name, groups[g].fn);
      bad += r;
      printf ("%s: %s\n", r ? "FAIL" : "ok", groups[g].name);
    }
  if (ran == 0)
    {
      fprintf (stderr, "%s: no such group\n", prog_name);
      return 2;
    }
  return bad != 0;
}
