/* replay-core.c -- replay a malloc trace against the libc the program
   runs on, single-threaded (replay) or with one thread per recorded
   thread (mtreplay), checking every result and timing every call.

   Pointers are translated through a hash table keyed by the operation
   that produced the block (never reused, unlike addresses): open
   addressing with linear probing, lock-free -- a slot's key goes from
   empty or deleted to a key by compare-and-swap, and back to deleted
   when the block is released; a slot never becomes empty again, so a
   lookup that has been told its key exists always finds it.

   In mtreplay each thread runs its own calls in their recorded order;
   a call on a block waits until the last earlier call on that block
   (its allocation, in another thread perhaps) has been replayed: every
   thread publishes how many of its calls it has done, and a waiter
   spins briefly, then sleeps on that counter with a futex.  Waiting
   through sequence numbers, which only grow, cannot deadlock.  No
   thread runs more than LAG calls ahead of the slowest (see wait_lag),
   so the replay holds about as many blocks at once as the program.  */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <malloc.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#ifdef __x86_64__
#include <x86intrin.h>
#endif

#include "replay-core.h"
#include "trace-read.h"

static struct
{
  int json, check, touch;
  unsigned load_flags;
  size_t limit;
  const char *path;
} opt = { 0, 1, 1, 0, SIZE_MAX, NULL };

static struct trace tr;
static struct resolved rs;
static uint64_t page;

/* Timing: the TSC where there is one, converted with a rate measured
   over the run against CLOCK_MONOTONIC.  */
static inline uint64_t
ticks (void)
{
#ifdef __x86_64__
  return __rdtsc ();
#else
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
#endif
}

static uint64_t
mono_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static uint64_t timer_overhead;    /* ticks of an empty timed region */

static void
calibrate_overhead (void)
{
  uint64_t best = UINT64_MAX;
  for (int i = 0; i < 20000; i++)
    {
      uint64_t a = ticks ();
      __asm__ volatile ("" ::: "memory");
      uint64_t b = ticks ();
      if (b - a < best)
        best = b - a;
    }
  timer_overhead = best;
}

/* The translation table.  */
#define K_EMPTY 0
#define K_DEAD UINT64_MAX

struct slot
{
  _Atomic uint64_t key;     /* producing op + 1 */
  _Atomic(void *) val;
};

static struct slot *tab;
static size_t tabmask;

static inline size_t
khash (uint64_t k)
{
  k *= 0x9e3779b97f4a7c15ULL;
  return (size_t) (k >> 20) & tabmask;
}

static void
tab_put (uint32_t op, void *p)
{
  uint64_t k = (uint64_t) op + 1;
  for (size_t i = khash (k), n = 0;; i = (i + 1) & tabmask, n++)
    {
      uint64_t cur = atomic_load_explicit (&tab[i].key, memory_order_relaxed);
      if ((cur == K_EMPTY || cur == K_DEAD)
          && atomic_compare_exchange_strong (&tab[i].key, &cur, k))
        {
          atomic_store_explicit (&tab[i].val, p, memory_order_release);
          return;
        }
      if (n > tabmask)
        trace_die ("internal error: pointer table full");
    }
}

static inline struct slot *
tab_find (uint32_t op)
{
  uint64_t k = (uint64_t) op + 1;
  for (size_t i = khash (k), n = 0;; i = (i + 1) & tabmask, n++)
    {
      uint64_t cur = atomic_load_explicit (&tab[i].key, memory_order_acquire);
      if (cur == k)
        return &tab[i];
      if (cur == K_EMPTY || n > tabmask)
        return NULL;
    }
}

/* Per-thread state, a cache line or more each.  */
struct worker
{
  /* Low half: ops done (a futex word on little-endian machines); high
     half: global index of the next op, UINT32_MAX when done.  One word,
     so that a waiter sees both of the same moment.  */
  _Atomic uint64_t state;
  _Atomic uint32_t waiters;
  uint32_t allowed;                 /* may run ops below this index */
  uint32_t thr;
  pthread_t th;
  uint64_t ticks[16];
  uint64_t calls[16];
  uint64_t waits;
  uint64_t xthread;                 /* ops on another thread's block */
} __attribute__ ((aligned (128)));

static struct worker *workers;
static pthread_barrier_t start_barrier;

static void __attribute__ ((noreturn, format (printf, 2, 3)))
fail (uint32_t i, const char *fmt, ...)
{
  char msg[512];
  va_list ap;
  va_start (ap, fmt);
  vsnprintf (msg, sizeof msg, fmt, ap);
  va_end (ap);
  uint32_t fi = rs.fidx[i];
  fprintf (stderr, "%s: %s: record %u (offset %llu, seq %llu, thread %u): "
           "%s\n", trace_prog, opt.path, fi,
           (unsigned long long) trace_offset (fi),
           (unsigned long long) tr.rec[fi].seq, rs.tids[rs.ops[i].thr], msg);
  fflush (stderr);
  _exit (1);
}

static inline uint64_t
tag_of (uint32_t op)
{
  return ((uint64_t) op + 1) * 0x9e3779b97f4a7c15ULL | 1;
}

static void
put_tags (char *p, uint64_t size, uint32_t op)
{
  uint64_t tag = tag_of (op);
  if (size >= 8)
    memcpy (p, &tag, 8);
  if (size >= 16)
    memcpy (p + size - 8, &tag, 8);
}

static void
check_tags (uint32_t i, const char *p, uint32_t key, const char *when)
{
  uint64_t size = rop_size (&rs.ops[key], page);
  uint64_t tag = tag_of (key), h, t;
  if (size >= 8 && (memcpy (&h, p, 8), h != tag))
    fail (i, "%s: the first 8 bytes of the block made by record %u "
          "changed (%#llx, written %#llx): the allocator wrote into it",
          when, rs.fidx[key], (unsigned long long) h,
          (unsigned long long) tag);
  if (size >= 16 && (memcpy (&t, p + size - 8, 8), t != tag))
    fail (i, "%s: the last 8 bytes of the %llu-byte block made by record "
          "%u changed (%#llx, written %#llx): the allocator wrote into it",
          when, (unsigned long long) size, rs.fidx[key],
          (unsigned long long) t, (unsigned long long) tag);
}

static void
touch (char *p, uint64_t size)
{
  for (uint64_t off = 4096; off < size; off += 4096)
    p[off] = 1;
}

static uint64_t
pow2ceil (uint64_t a)
{
  if (a <= 1)
    return 1;
  if (a > (1ULL << 63))
    return 1ULL << 63;
  return 1ULL << (64 - __builtin_clzll (a - 1));
}

/* After an allocation succeeded: check it, mark it, keep it.  */
static void
new_block (uint32_t i, const struct rop *o, char *p)
{
  uint64_t size = rop_size (o, page);
  if (opt.check)
    {
      uint64_t align = 16;
      switch (o->op)
        {
        case TRACE_OP_MEMALIGN:
        case TRACE_OP_ALIGNED_ALLOC:
        case TRACE_OP_POSIX_MEMALIGN:
          align = pow2ceil (o->a);
          align = align < 16 ? 16 : align;
          break;
        case TRACE_OP_VALLOC:
        case TRACE_OP_PVALLOC:
          align = page;
          break;
        }
      if ((uintptr_t) p & (align - 1))
        fail (i, "%s returned %p, not aligned to %llu bytes",
              trace_op_names[o->op], p, (unsigned long long) align);
      size_t us = malloc_usable_size (p);
      if (us < size)
        fail (i, "%s(%llu bytes) returned a block of usable size %zu",
              trace_op_names[o->op], (unsigned long long) size, us);
      if (o->op == TRACE_OP_CALLOC)
        {
          /* Whole block up to 64 KiB, then a word per page.  */
          uint64_t lim = size < 65536 ? size : 65536;
          for (uint64_t k = 0; k < lim; k++)
            if (p[k])
              fail (i, "calloc(%llu, %llu): byte %llu of the block is not "
                    "zero", (unsigned long long) o->a,
                    (unsigned long long) o->b, (unsigned long long) k);
          for (uint64_t k = lim; k < size; k += 4096)
            if (p[k])
              fail (i, "calloc(%llu, %llu): byte %llu of the block is not "
                    "zero", (unsigned long long) o->a,
                    (unsigned long long) o->b, (unsigned long long) k);
        }
    }
  if (opt.touch)
    touch (p, size);
  if (opt.check)
    put_tags (p, size, i);
  tab_put (i, p);
}

/* Replay op I in worker W.  */
static void
run_op (struct worker *w, uint32_t i)
{
  const struct rop *o = &rs.ops[i];
  if (o->flags & OPF_SKIP)
    return;
  char *p = NULL, *r = NULL;
  struct slot *s = NULL;
  if (o->flags & OPF_CONSUMER)
    {
      s = tab_find (o->key);
      if (s == NULL)
        fail (i, "internal error: no replayed block for record %u",
              rs.fidx[o->key]);
      p = atomic_load_explicit (&s->val, memory_order_acquire);
      if (opt.check)
        check_tags (i, p, o->key, trace_op_names[o->op]);
    }
  if (o->flags & OPF_XTHREAD)
    w->xthread++;
  int rc = 0;
  size_t us = 0;
  uint64_t t0 = ticks ();
  switch (o->op)
    {
    case TRACE_OP_MALLOC:
      r = malloc (o->a);
      break;
    case TRACE_OP_FREE:
      free (p);
      break;
    case TRACE_OP_CALLOC:
      r = calloc (o->a, o->b);
      break;
    case TRACE_OP_REALLOC:
      r = (o->flags & OPF_ASMALLOC) ? malloc (o->a) : realloc (p, o->a);
      break;
    case TRACE_OP_REALLOCARRAY:
      r = (o->flags & OPF_ASMALLOC) ? malloc (o->a * o->b)
                                    : reallocarray (p, o->a, o->b);
      break;
    case TRACE_OP_MEMALIGN:
      r = memalign (o->a, o->b);
      break;
    case TRACE_OP_ALIGNED_ALLOC:
      r = aligned_alloc (o->a, o->b);
      break;
    case TRACE_OP_POSIX_MEMALIGN:
      {
        void *q = NULL;
        rc = posix_memalign (&q, o->a, o->b);
        r = rc == 0 ? q : NULL;
      }
      break;
    case TRACE_OP_VALLOC:
      r = valloc (o->a);
      break;
    case TRACE_OP_PVALLOC:
      r = pvalloc (o->a);
      break;
    case TRACE_OP_MALLOC_USABLE_SIZE:
      us = malloc_usable_size (p);
      break;
    }
  uint64_t t1 = ticks ();
  uint64_t d = t1 - t0;
  w->ticks[o->op] += d > timer_overhead ? d - timer_overhead : 0;
  w->calls[o->op]++;

  if (o->flags & OPF_RELEASE)
    atomic_store_explicit (&s->key, K_DEAD, memory_order_release);
  if (o->op == TRACE_OP_MALLOC_USABLE_SIZE)
    {
      if (opt.check && p && us < rop_size (&rs.ops[o->key], page))
        fail (i, "malloc_usable_size says %zu, the block made by record %u "
              "was asked for %llu bytes", us, rs.fidx[o->key],
              (unsigned long long) rop_size (&rs.ops[o->key], page));
      return;
    }
  if (o->op == TRACE_OP_FREE)
    return;
  if (r == NULL)
    {
      if (!(o->flags & OPF_FAILED))
        {
          uint64_t sz = rop_size (o, page);
          /* realloc (p, 0) frees and may return NULL.  */
          if ((o->op == TRACE_OP_REALLOC || o->op == TRACE_OP_REALLOCARRAY)
              && p && sz == 0)
            return;
          fail (i, "%s(%llu bytes) returned NULL%s, but the recorded call "
                "succeeded", trace_op_names[o->op], (unsigned long long) sz,
                rc ? " (an error)" : "");
        }
      return;
    }
  if (o->flags & OPF_FAILED)
    {
      /* Failed when recorded, succeeded now: nothing refers to it.  */
      free (r);
      return;
    }
  if (opt.check && p && r && (o->flags & OPF_CONSUMER))
    {
      /* realloc kept the contents: the old block's first tag moved.  */
      uint64_t old = rop_size (&rs.ops[o->key], page);
      uint64_t sz = rop_size (o, page);
      uint64_t tag = tag_of (o->key), h;
      if (old >= 8 && sz >= 8 && (memcpy (&h, r, 8), h != tag))
        fail (i, "%s did not keep the contents of the block made by record "
              "%u (first 8 bytes %#llx, written %#llx)",
              trace_op_names[o->op], rs.fidx[o->key],
              (unsigned long long) h, (unsigned long long) tag);
    }
  new_block (i, o, r);
}

static inline uint32_t
progress_of (uint64_t st)
{
  return (uint32_t) st;
}

static inline uint32_t
next_of (uint64_t st)
{
  return (uint32_t) (st >> 32);
}

/* Wait until worker W has done NEED ops.  */
static void
wait_progress (struct worker *w, uint32_t need)
{
  for (int spin = 0; spin < 2000; spin++)
    {
      if (progress_of (atomic_load_explicit (&w->state, memory_order_acquire))
          >= need)
        return;
#ifdef __x86_64__
      _mm_pause ();
#endif
    }
  /* Sleep, a second at a time: a thread that waits a minute for one
     that does not move is a bug of ours, to be told, not a hang.  */
  uint32_t last = UINT32_MAX;
  for (int still = 0;;)
    {
      atomic_fetch_add (&w->waiters, 1);
      uint32_t seen = progress_of (atomic_load (&w->state));
      if (seen >= need)
        {
          atomic_fetch_sub (&w->waiters, 1);
          return;
        }
      struct timespec to = { 1, 0 };
      long rc = syscall (SYS_futex, (uint32_t *) &w->state,
                         FUTEX_WAIT_PRIVATE, seen, &to, NULL, 0);
      atomic_fetch_sub (&w->waiters, 1);
      if (rc == 0 || errno != ETIMEDOUT)
        continue;
      still = seen == last ? still + 1 : 0;
      last = seen;
      if (still >= 60)
        {
          fprintf (stderr, "%s: %s: internal error: stuck for a minute "
                   "waiting for thread %u (tid %u) to finish call %u of "
                   "its %zu; it has done %u\n", trace_prog, opt.path, w->thr,
                   rs.tids[w->thr], need, rs.thread_n[w->thr], seen);
          _exit (3);
        }
    }
}

static void
wait_for (struct worker *self, uint32_t dep)
{
  const struct rop *d = &rs.ops[dep];
  if (d->thr == self->thr)
    return;
  struct worker *w = &workers[d->thr];
  uint32_t need = d->lidx + 1;
  if (progress_of (atomic_load_explicit (&w->state, memory_order_acquire))
      >= need)
    return;
  self->waits++;
  wait_progress (w, need);
}

/* No thread runs more than LAG ops (in the recorded order) ahead of the
   slowest: without it a thread that allocates blocks for another to
   free could run through all of its calls first, and the replay would
   hold far more memory at once than the program did.  The thread whose
   next op comes first never waits for the lag, and waits only for ops
   before its own, which are all done: no deadlock.  */
#define LAG 1024

static void
wait_lag (struct worker *self, uint32_t nw, uint32_t i)
{
  while (i >= self->allowed)
    {
      uint32_t m = UINT32_MAX, who = 0, prog = 0;
      for (uint32_t k = 0; k < nw; k++)
        if (k != self->thr)
          {
            uint64_t st = atomic_load_explicit (&workers[k].state,
                                                memory_order_acquire);
            if (next_of (st) < m)
              m = next_of (st), who = k, prog = progress_of (st);
          }
      self->allowed = m > UINT32_MAX - LAG ? UINT32_MAX : m + LAG;
      if (i < self->allowed)
        return;
      /* WHO is on op M, the first of all: wait until it is done.  */
      self->waits++;
      wait_progress (&workers[who], prog + 1);
    }
}

static void
publish (struct worker *w, uint32_t done, uint32_t next)
{
  atomic_store (&w->state, (uint64_t) next << 32 | done);
  if (atomic_load (&w->waiters))
    syscall (SYS_futex, (uint32_t *) &w->state, FUTEX_WAKE_PRIVATE,
             INT32_MAX, NULL, NULL, 0);
}

static void *
thread_main (void *arg)
{
  struct worker *w = arg;
  uint32_t *list = rs.thread_ops[w->thr];
  size_t n = rs.thread_n[w->thr];
  pthread_barrier_wait (&start_barrier);
  for (size_t k = 0; k < n; k++)
    {
      uint32_t i = list[k];
      const struct rop *o = &rs.ops[i];
      if (i >= w->allowed)
        wait_lag (w, rs.nthreads, i);
      if (o->dep != NONE)
        wait_for (w, o->dep);
      run_op (w, i);
      publish (w, (uint32_t) k + 1, k + 1 < n ? list[k + 1] : UINT32_MAX);
    }
  return NULL;
}

/* The single-threaded replay: the one function that callgrind's
   --toggle-collect=replay_all measures (scripts/bench).  */
static void __attribute__ ((noinline))
replay_all (struct worker *w)
{
  for (size_t i = 0; i < rs.n; i++)
    run_op (w, (uint32_t) i);
}

static long
status_kb (const char *field)
{
  char buf[4096];
  int fd = open ("/proc/self/status", O_RDONLY);
  if (fd < 0)
    return -1;
  ssize_t n = read (fd, buf, sizeof buf - 1);
  close (fd);
  if (n <= 0)
    return -1;
  buf[n] = 0;
  char *p = strstr (buf, field);
  return p ? strtol (p + strlen (field) + 1, NULL, 10) : -1;
}

static int
reset_peak_rss (void)
{
  int fd = open ("/proc/self/clear_refs", O_WRONLY);
  if (fd < 0)
    return 0;
  int ok = write (fd, "5", 1) == 1;
  close (fd);
  return ok;
}

static void
usage (const char *prog, int status)
{
  fprintf (status ? stderr : stdout,
           "usage: %s [--json] [--no-check] [--no-touch] [--limit N] "
           "[--salvage] TRACE\n"
           "Replay a malloc trace (scripts/record-trace) %s, checking "
           "every result\n(non-NULL where the recorded call succeeded, "
           "alignment, usable size, calloc\nzeroing, block contents "
           "kept), and print the time per call of each function\nand "
           "the peak RSS.  Run it on a glibc build with scripts/glibc-run.\n"
           "  --json      print the results as one JSON object\n"
           "  --no-check  no checks (for cachegrind: only the calls)\n"
           "  --no-touch  do not write a byte per page of each block\n"
           "  --limit N   replay the calls of the first N sequence numbers\n"
           "  --salvage   use the good records of a damaged trace\n",
           prog, strstr (prog, "mtreplay")
                 ? "with one thread per recorded thread" : "in one thread");
  exit (status);
}

int
replay_main (int argc, char **argv, int threaded)
{
  trace_prog = threaded ? "mtreplay" : "replay";
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (!strcmp (a, "--json"))
        opt.json = 1;
      else if (!strcmp (a, "--no-check"))
        opt.check = 0;
      else if (!strcmp (a, "--no-touch"))
        opt.touch = 0;
      else if (!strcmp (a, "--salvage"))
        opt.load_flags |= TRACE_SALVAGE;
      else if (!strcmp (a, "--limit") && i + 1 < argc)
        {
          char *end;
          opt.limit = strtoull (argv[++i], &end, 10);
          if (*end || opt.limit == 0)
            trace_die ("--limit wants a positive number, not %s", argv[i]);
        }
      else if (!strcmp (a, "-h") || !strcmp (a, "--help"))
        usage (trace_prog, 0);
      else if (a[0] == '-' && a[1])
        {
          fprintf (stderr, "%s: unknown option %s\n", trace_prog, a);
          usage (trace_prog, 2);
        }
      else if (opt.path)
        usage (trace_prog, 2);
      else
        opt.path = a;
    }
  if (!opt.path)
    usage (trace_prog, 2);

  trace_load (&tr, opt.path, opt.load_flags, opt.limit);
  trace_resolve (&tr, &rs);
  page = tr.hdr.page_size;
  if ((uint64_t) sysconf (_SC_PAGESIZE) != page)
    fprintf (stderr, "%s: warning: trace recorded with %llu-byte pages, "
             "this machine has %ld\n", trace_prog,
             (unsigned long long) page, sysconf (_SC_PAGESIZE));
  /* The records are needed again for messages only.  */
  madvise (tr.map, tr.maplen, MADV_DONTNEED);

  /* Live blocks: at most the recorded peak, plus LAG in mtreplay.  */
  size_t cap = 1024;
  while (cap < 4 * (rs.st.live_blocks_peak + LAG + 16))
    cap *= 2;
  tab = trace_xmap (cap * sizeof *tab);
  memset (tab, 0, cap * sizeof *tab);        /* resident before the base */
  tabmask = cap - 1;

  uint32_t nw = threaded ? rs.nthreads : 1;
  if (nw == 0)
    nw = 1;
  workers = trace_xmap (nw * sizeof *workers);
  calibrate_overhead ();

  /* Threads start before the RSS baseline, and wait for it.  */
  pthread_barrier_init (&start_barrier, NULL, threaded ? nw + 1 : 1);
  for (uint32_t k = 0; k < nw; k++)
    {
      workers[k].thr = k;
      atomic_store (&workers[k].state, (uint64_t) (rs.thread_n[k]
                    ? rs.thread_ops[k][0] : UINT32_MAX) << 32);
    }
  if (threaded)
    for (uint32_t k = 0; k < nw; k++)
      {
        pthread_attr_t at;
        pthread_attr_init (&at);
        pthread_attr_setstacksize (&at, 256 * 1024);
        int e = pthread_create (&workers[k].th, &at, thread_main, &workers[k]);
        if (e)
          trace_die ("cannot create thread %u of %u: %s", k, nw, strerror (e));
        pthread_attr_destroy (&at);
      }
  int peak_reset = reset_peak_rss ();
  long base_kb = status_kb ("VmRSS:");
  uint64_t m0 = mono_ns (), c0 = ticks ();
  if (threaded)
    {
      pthread_barrier_wait (&start_barrier);
      for (uint32_t k = 0; k < nw; k++)
        pthread_join (workers[k].th, NULL);
    }
  else
    replay_all (&workers[0]);
  uint64_t m1 = mono_ns (), c1 = ticks ();
  long hwm_kb = status_kb ("VmHWM:");
  struct rusage ru;
  getrusage (RUSAGE_SELF, &ru);
  if (!peak_reset)
    hwm_kb = ru.ru_maxrss;
  double ns_per_tick = c1 > c0 ? (double) (m1 - m0) / (double) (c1 - c0) : 1;

  uint64_t calls[16] = { 0 }, tk[16] = { 0 }, waits = 0, xthread = 0;
  for (uint32_t k = 0; k < nw; k++)
    {
      for (int f = 0; f < 16; f++)
        {
          calls[f] += workers[k].calls[f];
          tk[f] += workers[k].ticks[f];
        }
      waits += workers[k].waits;
      xthread += workers[k].xthread;
    }
  uint64_t all_calls = 0, all_tk = 0;
  for (int f = 1; f <= TRACE_OP_NFUNC; f++)
    {
      all_calls += calls[f];
      all_tk += tk[f];
    }
  double call_ms = all_tk * ns_per_tick / 1e6;
  double wall_ms = (m1 - m0) / 1e6;
  long heap_kb = hwm_kb - base_kb;
  const struct trace_stats *st = &rs.st;

  if (opt.json)
    {
      printf ("{\"trace\": \"");
      for (const char *c = opt.path; *c; c++)
        if (*c == '"' || *c == '\\')
          printf ("\\%c", *c);
        else if ((unsigned char) *c < 0x20)
          printf ("\\u%04x", *c);
        else
          putchar (*c);
      printf ("\", \"threads\": %u, \"replay_threads\": %u, "
              "\"calls\": %llu, \"skipped\": %llu, \"call_ms\": %.3f, "
              "\"wall_ms\": %.3f, \"peak_rss_kb\": %ld, \"base_rss_kb\": %ld, "
              "\"replay_rss_kb\": %ld, \"waits\": %llu, \"xthread\": %llu, "
              "\"functions\": {",
              rs.nthreads, nw, (unsigned long long) all_calls,
              (unsigned long long) st->skipped, call_ms, wall_ms, hwm_kb,
              base_kb, heap_kb, (unsigned long long) waits,
              (unsigned long long) xthread);
      const char *sep = "";
      for (int f = 1; f <= TRACE_OP_NFUNC; f++)
        if (calls[f])
          {
            printf ("%s\"%s\": {\"calls\": %llu, \"ns_per_call\": %.2f}", sep,
                    trace_op_names[f], (unsigned long long) calls[f],
                    tk[f] * ns_per_tick / calls[f]);
            sep = ", ";
          }
      printf ("}}\n");
      return 0;
    }
  printf ("%s: %s: %zu calls by %s (pid %u), %u thread%s; %llu replayed",
          trace_prog, opt.path, rs.n, tr.hdr.program, tr.hdr.pid,
          rs.nthreads, rs.nthreads == 1 ? "" : "s",
          (unsigned long long) all_calls);
  if (threaded)
    printf (" by %u threads (%llu calls on another thread's block, %llu "
            "waits)", nw, (unsigned long long) xthread,
            (unsigned long long) waits);
  printf ("\n");
  if (st->skipped)
    printf ("skipped %llu: %llu frees and %llu other calls on pointers the "
            "trace never returned, %llu failed reallocs\n",
            (unsigned long long) st->skipped,
            (unsigned long long) st->unknown_frees,
            (unsigned long long) (st->unknown_other),
            (unsigned long long) (st->skipped - st->unknown_frees
                                  - st->unknown_other));
  printf ("%-20s %12s %12s %10s\n", "function", "calls", "total ms",
          "ns/call");
  for (int f = 1; f <= TRACE_OP_NFUNC; f++)
    if (calls[f])
      printf ("%-20s %12llu %12.3f %10.1f\n", trace_op_names[f],
              (unsigned long long) calls[f], tk[f] * ns_per_tick / 1e6,
              tk[f] * ns_per_tick / calls[f]);
  printf ("%-20s %12llu %12.3f %10.1f\n", "all",
          (unsigned long long) all_calls, call_ms,
          all_calls ? all_tk * ns_per_tick / all_calls : 0.0);
  printf ("time in calls %.3f ms (timer overhead %.1f ns a call "
          "subtracted); wall %.3f ms\n", call_ms,
          timer_overhead * ns_per_tick, wall_ms);
  printf ("peak RSS %ld kB: %ld kB before the replay, %ld kB for the "
          "replay%s\n", hwm_kb, base_kb, heap_kb,
          peak_reset ? "" : " (peak could not be reset: includes loading)");
  return 0;
}
