/* recorder.c -- libmalloc-trace.so: record every call of the malloc
   family of an unmodified program (LD_PRELOAD) into a trace file; see
   trace-format.h for the format and scripts/record-trace for the usual
   way to run it.

   Environment:
     MALLOC_TRACE_FILE      the trace file; unset: record nothing
     MALLOC_TRACE_PID       the process with this pid writes
                            MALLOC_TRACE_FILE, every other one (children
                            after fork or exec) FILE.PID; unset: the
                            first process to create FILE writes it
     MALLOC_TRACE_CHILDREN  0: children write no trace (default 1)
     MALLOC_TRACE_SIGNALS   0: install no handlers for fatal signals
                            (default 1: a handler flushes the trace and
                            re-raises, where the disposition was SIG_DFL;
                            not for SIGINT, which programs test for)

   glibc 2.36 has no malloc hooks, so the functions are interposed and
   the next definition found with dlsym (RTLD_NEXT, ...).  dlsym itself
   may call calloc or malloc: those calls, and any made while the real
   functions are being looked up, are served from a small static buffer
   and never reach the real free.  The recorder never allocates with
   malloc: its buffers come from mmap, and calls that the libc functions
   it uses make (pthread_setspecific, pthread_atfork) pass straight to the
   real functions unrecorded (a per-thread flag), and so do the calls
   that the real functions make themselves (glibc's reallocarray calls
   realloc through the PLT): the trace has the program's calls only.

   Each thread appends records to a buffer of its own without locking;
   a buffer is written to the file with one write () per flush under a
   lock that only flushes take (a flush writes whole records, so a
   reader sees whole records or a torn last one).  The sequence number
   is one atomic counter: allocations take theirs after the call
   returns, frees before the call, so a pointer's allocation always
   precedes its free, even across threads; realloc takes one before
   (giving up the old block) and one after (the new block).  */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "trace-format.h"

#define EXPORT __attribute__ ((visibility ("default")))
#define NREC 1024                     /* records per thread buffer */

/* The real functions.  */
static struct
{
  void *(*malloc) (size_t);
  void (*free) (void *);
  void *(*calloc) (size_t, size_t);
  void *(*realloc) (void *, size_t);
  void *(*reallocarray) (void *, size_t, size_t);
  void *(*memalign) (size_t, size_t);
  void *(*aligned_alloc) (size_t, size_t);
  int (*posix_memalign) (void **, size_t, size_t);
  void *(*valloc) (size_t);
  void *(*pvalloc) (size_t);
  size_t (*malloc_usable_size) (void *);
  void (*_exit) (int) __attribute__ ((noreturn));
  void (*_Exit) (int) __attribute__ ((noreturn));
} real;

/* 0 not looked up, 1 being looked up, 2 done.  */
static _Atomic int resolve_state;

/* Static buffer for allocations made while resolving.  Each block has
   its size in the 16 bytes before it.  */
static char static_buf[256 * 1024] __attribute__ ((aligned (64)));
static _Atomic size_t static_used;

static int
in_static (const void *p)
{
  return (const char *) p >= static_buf
         && (const char *) p < static_buf + sizeof static_buf;
}

static void *
static_alloc (size_t size, size_t align)
{
  if (align < 16)
    align = 16;
  if (size > sizeof static_buf)
    return NULL;
  size_t need = (size + 15) / 16 * 16 + align + 16;
  size_t off = atomic_fetch_add (&static_used, need);
  if (off + need > sizeof static_buf)
    return NULL;
  uintptr_t p = (uintptr_t) static_buf + off + 16;
  p = (p + align - 1) & ~(uintptr_t) (align - 1);
  ((size_t *) p)[-1] = size;
  return (void *) p;                 /* static memory is zero already */
}

static size_t
static_size (const void *p)
{
  return ((const size_t *) p)[-1];
}

/* Per-thread buffers.  */
enum { BUF_OWNED = 1, BUF_EXITING, BUF_FREE };

struct tbuf
{
  struct tbuf *next;                  /* registry, never unlinked */
  _Atomic int state;
  _Atomic int owner;                  /* tid */
  _Atomic int lock;                   /* 0, or tid of the flusher */
  _Atomic uint32_t committed;         /* records filled */
  uint32_t flushed;                   /* records written; under lock */
  struct trace_record rec[NREC];
};

struct tstate
{
  struct tbuf *buf;
  int busy;                           /* inside the recorder */
  int tid;
};
static __thread struct tstate tls __attribute__ ((tls_model ("initial-exec")));

/* Global state.  */
enum { MODE_UNSET, MODE_ON, MODE_OFF };
static _Atomic int mode;              /* MODE_* */
static _Atomic int setup_state;       /* 0 none, 1 running, 2 done */
static _Atomic int final_mode;        /* after the exit flush */
static int fd = -1;
static _Atomic uint64_t seq;
static _Atomic(struct tbuf *) registry;
static _Atomic int wlock;             /* file writes; 0 or tid */
static uint64_t written;              /* records in the file; under wlock */
static uint64_t start_ns;
static pthread_key_t exit_key;
static char path_base[4096];
static int trace_children = 1;
static int my_pid;                    /* of the process that writes fd */

static int
gettid_cached (void)
{
  if (tls.tid == 0)
    tls.tid = (int) syscall (SYS_gettid);
  return tls.tid;
}

static uint64_t
now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

static void
resolve (void)
{
  int expect = 0;
  if (!atomic_compare_exchange_strong (&resolve_state, &expect, 1))
    return;
  start_ns = now_ns ();
#define R(name) real.name = dlsym (RTLD_NEXT, #name)
  R (malloc); R (free); R (calloc); R (realloc); R (reallocarray);
  R (memalign); R (aligned_alloc); R (posix_memalign); R (valloc);
  R (pvalloc); R (malloc_usable_size); R (_exit); R (_Exit);
#undef R
  if (!real.malloc || !real.free || !real.calloc || !real.realloc)
    {
      static const char msg[] = "libmalloc-trace: dlsym (RTLD_NEXT) found "
        "no malloc, free, calloc or realloc after this library\n";
      write (2, msg, sizeof msg - 1);
      abort ();
    }
  atomic_store (&resolve_state, 2);
}

static inline int
ready (void)
{
  if (__builtin_expect (atomic_load_explicit (&resolve_state,
                                              memory_order_acquire) == 2, 1))
    return 1;
  resolve ();
  return atomic_load (&resolve_state) == 2;
}

/* Locks: spin, yield; a holder's tid in the word.  try_lock gives up
   when this very thread holds it (a signal handler that interrupted a
   flush) or, with BOUNDED, after about a second.  */
static int
lock_word (_Atomic int *w, int bounded)
{
  int me = gettid_cached ();
  for (long i = 0;; i++)
    {
      int expect = 0;
      if (atomic_compare_exchange_weak (w, &expect, me))
        return 1;
      if (expect == me)
        return 0;
      if (bounded && i > 200000)
        return 0;
      if (i > 100)
        sched_yield ();
    }
}

static void
unlock_word (_Atomic int *w)
{
  atomic_store_explicit (w, 0, memory_order_release);
}

static void
write_all (const void *p, size_t n)
{
  const char *c = p;
  while (n > 0)
    {
      ssize_t k = write (fd, c, n);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        return;          /* disk full: the reader reports the torn end */
      c += k;
      n -= (size_t) k;
    }
}

/* Write N records under the file lock.  */
static void
write_records (const struct trace_record *r, size_t n, int bounded)
{
  if (n == 0 || fd < 0)
    return;
  int save = errno;
  if (lock_word (&wlock, bounded))
    {
      write_all (r, n * sizeof *r);
      written += n;
      unlock_word (&wlock);
    }
  errno = save;
}

/* Write what BUF holds beyond what was written.  OWNER_FULL: the owner
   flushes a full buffer and starts it over.  */
static void
flush_buf (struct tbuf *b, int owner_full, int bounded)
{
  if (!lock_word (&b->lock, bounded))
    return;
  uint32_t c = atomic_load_explicit (&b->committed, memory_order_acquire);
  if (c > b->flushed)
    write_records (&b->rec[b->flushed], c - b->flushed, bounded);
  b->flushed = c;
  if (owner_full)
    {
      b->flushed = 0;
      atomic_store_explicit (&b->committed, 0, memory_order_release);
    }
  unlock_word (&b->lock);
}

static void
flush_all (int bounded)
{
  for (struct tbuf *b = atomic_load (&registry); b; b = b->next)
    if (atomic_load (&b->state) != BUF_FREE)
      flush_buf (b, 0, bounded);
}

static void
end_record (int how, int sig, int bounded)
{
  struct trace_record r = { 0 };
  if (fd < 0 || !lock_word (&wlock, bounded))
    return;
  r.seq = r.seq0 = atomic_fetch_add (&seq, 1);
  r.time = now_ns () - start_ns;
  r.arg[0] = written;
  r.arg[1] = (uint64_t) how;
  r.arg[2] = (uint64_t) sig;
  r.tid = (uint32_t) gettid_cached ();
  r.op = TRACE_OP_END;
  r.check = trace_record_check (&r);
  write_all (&r, sizeof r);
  written++;
  unlock_word (&wlock);
}

/* Flush everything and mark the end; afterwards records are written
   one by one as they come.  */
static void
final_flush (int how, int sig, int bounded)
{
  /* Not in a vfork child: the memory and the file are its parent's.  */
  if (atomic_load (&mode) != MODE_ON || getpid () != my_pid)
    return;
  atomic_store (&final_mode, 1);
  flush_all (bounded);
  end_record (how, sig, bounded);
}

static void
thread_exit (void *arg)
{
  struct tbuf *b = arg;
  tls.busy++;
  flush_buf (b, 0, 0);
  atomic_store (&b->state, BUF_EXITING);
  tls.busy--;
}

static int
tid_dead (int tid)
{
  return syscall (SYS_tgkill, getpid (), tid, 0) < 0 && errno == ESRCH;
}

/* A buffer for this thread: a free one, one of a thread that has
   exited (after writing what it holds), or a new one.  */
static struct tbuf *
claim_buffer (void)
{
  int me = gettid_cached ();
  struct tbuf *b;
  int save = errno;
  for (b = atomic_load (&registry); b; b = b->next)
    {
      int st = atomic_load (&b->state);
      if (st == BUF_FREE
          && atomic_compare_exchange_strong (&b->state, &st, BUF_OWNED))
        break;
      if (st == BUF_EXITING && tid_dead (atomic_load (&b->owner))
          && atomic_compare_exchange_strong (&b->state, &st, BUF_OWNED))
        {
          flush_buf (b, 1, 0);
          break;
        }
    }
  if (b == NULL)
    {
      b = mmap (NULL, sizeof *b, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (b == MAP_FAILED)
        {
          errno = save;
          return NULL;
        }
      atomic_store (&b->state, BUF_OWNED);
      struct tbuf *head = atomic_load (&registry);
      do
        b->next = head;
      while (!atomic_compare_exchange_weak (&registry, &head, b));
    }
  atomic_store (&b->owner, me);
  tls.buf = b;
  if (atomic_load (&setup_state) == 2 && atomic_load (&mode) == MODE_ON)
    pthread_setspecific (exit_key, b);
  errno = save;
  return b;
}

static void
write_header (int flags)
{
  struct trace_header h;
  memset (&h, 0, sizeof h);
  memcpy (h.magic, TRACE_MAGIC, 8);
  h.version = TRACE_VERSION;
  h.header_size = TRACE_HEADER_SIZE;
  h.record_size = TRACE_RECORD_SIZE;
  h.flags = (uint32_t) flags;
  h.pid = (uint32_t) getpid ();
  h.ppid = (uint32_t) getppid ();
  h.start_ns = start_ns;
  struct timespec ts;
  clock_gettime (CLOCK_REALTIME, &ts);
  h.start_realtime_ns = (uint64_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
  h.page_size = (uint32_t) sysconf (_SC_PAGESIZE);
  if (program_invocation_name)
    strncpy (h.program, program_invocation_name, sizeof h.program - 1);
  h.check = trace_header_check (&h);
  write_all (&h, sizeof h);
}

/* FILE.PID for a child.  */
static int
open_child_file (void)
{
  char p[sizeof path_base + 32];
  snprintf (p, sizeof p, "%s.%d", path_base, (int) getpid ());
  return open (p, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
}

static void
atfork_prepare (void)
{
  if (atomic_load (&mode) != MODE_ON)
    return;
  tls.busy++;
  flush_all (0);
  tls.busy--;
}

static void
atfork_parent (void)
{
}

static void
atfork_child (void)
{
  if (atomic_load (&mode) != MODE_ON)
    return;
  tls.busy++;
  tls.tid = 0;
  /* Every record in memory is the parent's: it writes them.  */
  for (struct tbuf *b = atomic_load (&registry); b; b = b->next)
    {
      b->flushed = 0;
      atomic_store (&b->committed, 0);
      atomic_store (&b->lock, 0);
      if (b != tls.buf)
        atomic_store (&b->state, BUF_FREE);
    }
  atomic_store (&wlock, 0);
  if (tls.buf)
    atomic_store (&tls.buf->owner, gettid_cached ());
  my_pid = getpid ();
  close (fd);
  fd = -1;
  written = 0;
  if (trace_children)
    fd = open_child_file ();
  if (fd < 0)
    atomic_store (&mode, MODE_OFF);
  else
    {
      start_ns = now_ns ();
      write_header (TRACE_HF_FORK_CHILD);
    }
  tls.busy--;
}

static void
fatal_signal (int sig)
{
  tls.busy++;
  final_flush (TRACE_END_SIGNAL, sig, 1);
  tls.busy--;
  /* SA_RESETHAND restored the default; deliver the signal again.  */
  signal (sig, SIG_DFL);
  raise (sig);
}

static void
install_signal_handlers (void)
{
  /* Not SIGINT: python3, for one, turns it into KeyboardInterrupt only
     when it finds the default disposition there.  */
  static const int sigs[] = { SIGHUP, SIGQUIT, SIGILL, SIGTRAP,
    SIGABRT, SIGBUS, SIGFPE, SIGUSR1, SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM,
    SIGTERM, SIGXCPU, SIGXFSZ, SIGSYS };
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    {
      struct sigaction old, sa;
      if (sigaction (sigs[i], NULL, &old) != 0 || old.sa_handler != SIG_DFL
          || (old.sa_flags & SA_SIGINFO))
        continue;
      memset (&sa, 0, sizeof sa);
      sa.sa_handler = fatal_signal;
      sa.sa_flags = SA_RESETHAND | SA_NODEFER | SA_RESTART;
      sigemptyset (&sa.sa_mask);
      sigaction (sigs[i], &sa, NULL);
    }
}

static int
env_flag (const char *name, int dflt)
{
  const char *v = getenv (name);
  if (v == NULL || *v == 0)
    return dflt;
  return strcmp (v, "0") != 0;
}

/* Open the trace file, once the environment can be read.  */
static void
setup (void)
{
  extern char **__environ;
  int expect = 0;
  if (__environ == NULL
      || !atomic_compare_exchange_strong (&setup_state, &expect, 1))
    return;
  tls.busy++;
  const char *file = getenv ("MALLOC_TRACE_FILE");
  if (file == NULL || *file == 0 || strlen (file) >= sizeof path_base)
    {
      atomic_store (&mode, MODE_OFF);
      atomic_store (&setup_state, 2);
      tls.busy--;
      return;
    }
  strcpy (path_base, file);
  trace_children = env_flag ("MALLOC_TRACE_CHILDREN", 1);
  const char *rootpid = getenv ("MALLOC_TRACE_PID");
  int root;
  if (rootpid && *rootpid)
    {
      root = atoi (rootpid) == getpid ();
      if (root)
        fd = open (file, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC,
                   0644);
    }
  else
    {
      fd = open (file, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC,
                 0644);
      root = fd >= 0 || errno != EEXIST;
    }
  if (!root && trace_children)
    fd = open_child_file ();
  if (fd < 0)
    {
      if (root)
        {
          char msg[4400];
          int n = snprintf (msg, sizeof msg, "libmalloc-trace: cannot "
                            "create %s: %s; recording nothing\n", file,
                            strerror (errno));
          write (2, msg, (size_t) n);
        }
      atomic_store (&mode, MODE_OFF);
      atomic_store (&setup_state, 2);
      tls.busy--;
      return;
    }
  my_pid = getpid ();
  write_header (0);
  pthread_key_create (&exit_key, thread_exit);
  pthread_atfork (atfork_prepare, atfork_parent, atfork_child);
  if (env_flag ("MALLOC_TRACE_SIGNALS", 1))
    install_signal_handlers ();
  atomic_store (&mode, MODE_ON);
  atomic_store (&setup_state, 2);
  if (tls.buf)
    pthread_setspecific (exit_key, tls.buf);
  tls.busy--;
}

__attribute__ ((constructor)) static void
init (void)
{
  ready ();
  setup ();
  if (atomic_load (&mode) == MODE_OFF)
    {
      /* Records buffered before setup found out there is no trace.  */
      for (struct tbuf *b = atomic_load (&registry); b; b = b->next)
        atomic_store (&b->committed, 0);
    }
  else if (atomic_load (&mode) == MODE_ON)
    flush_all (0);
}

__attribute__ ((destructor)) static void
fini (void)
{
  tls.busy++;
  final_flush (TRACE_END_EXIT, 0, 0);
  tls.busy--;
}

/* Should this call be recorded?  Sets up on the first call.  */
static inline int
recording (void)
{
  if (tls.busy)
    return 0;
  int m = atomic_load_explicit (&mode, memory_order_relaxed);
  if (__builtin_expect (m == MODE_ON, 1))
    return 1;
  if (m == MODE_OFF)
    return 0;
  setup ();                 /* may not be possible yet: buffer then */
  return atomic_load (&mode) != MODE_OFF;
}

static void
record2 (int op, uint64_t t0, uint64_t s, uint64_t s0, uint64_t a0,
         uint64_t a1, uint64_t a2, uint64_t res)
{
  tls.busy++;
  struct tbuf *b = tls.buf;
  if (b == NULL && (b = claim_buffer ()) == NULL)
    {
      tls.busy--;
      return;
    }
  struct trace_record r;
  r.seq = s;
  r.seq0 = s0;
  r.time = t0 - start_ns;
  r.arg[0] = a0;
  r.arg[1] = a1;
  r.arg[2] = a2;
  r.result = res;
  r.tid = (uint32_t) gettid_cached ();
  r.op = (uint8_t) op;
  r.flags = 0;
  r.check = trace_record_check (&r);
  if (__builtin_expect (atomic_load_explicit (&final_mode,
                                              memory_order_relaxed), 0))
    {
      write_records (&r, 1, 0);
      tls.busy--;
      return;
    }
  uint32_t n = atomic_load_explicit (&b->committed, memory_order_relaxed);
  if (n == NREC)
    {
      if (atomic_load (&mode) == MODE_ON)
        flush_buf (b, 1, 0);
      else
        {
          /* Not set up yet and the buffer is full: the environment is
             still not readable; these calls go unrecorded.  */
          tls.busy--;
          return;
        }
      n = 0;
    }
  b->rec[n] = r;
  atomic_store_explicit (&b->committed, n + 1, memory_order_release);
  tls.busy--;
}

static inline uint64_t
take_seq (void)
{
  return atomic_fetch_add_explicit (&seq, 1, memory_order_seq_cst);
}

static inline void
record (int op, uint64_t t0, uint64_t s, uint64_t a0, uint64_t a1,
        uint64_t a2, uint64_t res)
{
  record2 (op, t0, s, s, a0, a1, a2, res);
}

/* Start time, in ns, when recording; 0 otherwise.  */
#define BEGIN() \
  int rec_ = recording (); \
  uint64_t t0_ = rec_ ? now_ns () : 0

EXPORT void *
malloc (size_t size)
{
  if (!ready ())
    return static_alloc (size, 16);
  BEGIN ();
  tls.busy++;
  void *p = real.malloc (size);
  tls.busy--;
  if (rec_)
    {
      int e = errno;
      record (TRACE_OP_MALLOC, t0_, take_seq (), size, 0, 0, (uintptr_t) p);
      errno = e;
    }
  return p;
}

EXPORT void
free (void *p)
{
  if (in_static (p))
    return;
  if (!ready ())
    return;
  BEGIN ();
  if (rec_)
    record (TRACE_OP_FREE, t0_, take_seq (), (uintptr_t) p, 0, 0, 0);
  tls.busy++;
  real.free (p);
  tls.busy--;
}

EXPORT void *
calloc (size_t n, size_t size)
{
  if (!ready ())
    {
      size_t total;
      if (__builtin_mul_overflow (n, size, &total))
        return NULL;
      return static_alloc (total, 16);
    }
  BEGIN ();
  tls.busy++;
  void *p = real.calloc (n, size);
  tls.busy--;
  if (rec_)
    {
      int e = errno;
      record (TRACE_OP_CALLOC, t0_, take_seq (), n, size, 0, (uintptr_t) p);
      errno = e;
    }
  return p;
}

static void *
realloc_static (void *old, size_t size)
{
  void *p = malloc (size);
  if (p)
    {
      size_t os = static_size (old);
      memcpy (p, old, os < size ? os : size);
    }
  return p;
}

EXPORT void *
realloc (void *old, size_t size)
{
  if (!ready ())
    {
      void *p = static_alloc (size, 16);
      if (p && old)
        {
          size_t os = in_static (old) ? static_size (old) : 0;
          memcpy (p, old, os < size ? os : size);
        }
      return p;
    }
  if (in_static (old))
    return realloc_static (old, size);
  BEGIN ();
  uint64_t s0 = rec_ ? take_seq () : 0;
  tls.busy++;
  void *p = real.realloc (old, size);
  tls.busy--;
  if (rec_)
    {
      int e = errno;
      record2 (TRACE_OP_REALLOC, t0_, take_seq (), s0, (uintptr_t) old, size,
               0, (uintptr_t) p);
      errno = e;
    }
  return p;
}

EXPORT void *
reallocarray (void *old, size_t n, size_t size)
{
  size_t total;
  if (!ready () || in_static (old) || !real.reallocarray)
    {
      if (__builtin_mul_overflow (n, size, &total))
        {
          errno = ENOMEM;
          return NULL;
        }
      return realloc (old, total);
    }
  BEGIN ();
  uint64_t s0 = rec_ ? take_seq () : 0;
  tls.busy++;
  void *p = real.reallocarray (old, n, size);
  tls.busy--;
  if (rec_)
    {
      int e = errno;
      record2 (TRACE_OP_REALLOCARRAY, t0_, take_seq (), s0, (uintptr_t) old,
               n, size, (uintptr_t) p);
      errno = e;
    }
  return p;
}

#define ALIGNED(name, OP)                                    \
  EXPORT void *                                                         \
  name (size_t align, size_t size)                                      \
  {                                                                     \
    if (!ready () || !real.name)                                        \
      return static_alloc (size, align);                                \
    BEGIN ();                                                           \
    tls.busy++;                                                         \
    void *p = real.name (align, size);                                  \
    tls.busy--;                                                         \
    if (rec_)                                                           \
      {                                                                 \
        int e = errno;                                                  \
        record (OP, t0_, take_seq (), align, size, 0, (uintptr_t) p);   \
        errno = e;                                                      \
      }                                                                 \
    return p;                                                           \
  }
ALIGNED (memalign, TRACE_OP_MEMALIGN)
ALIGNED (aligned_alloc, TRACE_OP_ALIGNED_ALLOC)

EXPORT int
posix_memalign (void **memptr, size_t align, size_t size)
{
  if (!ready () || !real.posix_memalign)
    {
      void *p = static_alloc (size, align);
      if (!p)
        return ENOMEM;
      *memptr = p;
      return 0;
    }
  BEGIN ();
  tls.busy++;
  int rc = real.posix_memalign (memptr, align, size);
  tls.busy--;
  if (rec_)
    {
      int e = errno;
      record (TRACE_OP_POSIX_MEMALIGN, t0_, take_seq (), align, size,
              (uint64_t) rc, rc == 0 ? (uintptr_t) *memptr : 0);
      errno = e;
    }
  return rc;
}

#define PAGED(name, OP)                                                 \
  EXPORT void *                                                         \
  name (size_t size)                                                    \
  {                                                                     \
    if (!ready () || !real.name)                                        \
      return static_alloc (size, 4096);                                 \
    BEGIN ();                                                           \
    tls.busy++;                                                         \
    void *p = real.name (size);                                         \
    tls.busy--;                                                         \
    if (rec_)                                                           \
      {                                                                 \
        int e = errno;                                                  \
        record (OP, t0_, take_seq (), size, 0, 0, (uintptr_t) p);       \
        errno = e;                                                      \
      }                                                                 \
    return p;                                                           \
  }
PAGED (valloc, TRACE_OP_VALLOC)
PAGED (pvalloc, TRACE_OP_PVALLOC)

EXPORT size_t
malloc_usable_size (void *p)
{
  if (in_static (p))
    return static_size (p);
  if (!ready () || !real.malloc_usable_size)
    return 0;
  BEGIN ();
  uint64_t s = rec_ ? take_seq () : 0;
  tls.busy++;
  size_t n = real.malloc_usable_size (p);
  tls.busy--;
  if (rec_)
    record (TRACE_OP_MALLOC_USABLE_SIZE, t0_, s, (uintptr_t) p, 0, 0, n);
  return n;
}

EXPORT void
_exit (int status)
{
  tls.busy++;
  final_flush (TRACE_END__EXIT, 0, 0);
  if (real._exit)
    real._exit (status);
  syscall (SYS_exit_group, status);
  __builtin_unreachable ();
}

EXPORT void
_Exit (int status)
{
  tls.busy++;
  final_flush (TRACE_END__EXIT, 0, 0);
  if (real._Exit)
    real._Exit (status);
  syscall (SYS_exit_group, status);
  __builtin_unreachable ();
}
