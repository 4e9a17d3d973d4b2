/* thread-stress: threads allocating, handing chunks to each other to
   free, exiting mid-run (so arenas are reused and tcaches torn down) and
   forking while the others allocate.

   Usage: thread-stress [-t THREADS] [-n SPAWNS] [-i ITERATIONS] [-f FORKS]
                        [-s SEED] [-L]
     -t  threads running at once (default 4)
     -n  threads started in all, each replacing one that exited (default 16)
     -i  operations per thread at most; each stops at a random point past
         a quarter of it (default 20000)
     -f  forks in all, made by running threads (default 8)
     -R  a control for the valgrind runs: two threads also write one
         variable without a lock, a race the tool must report
     -L  call glibc's allocator through its __libc_* names.  valgrind's
         tools replace malloc, free, ... in libc.so with their own; the
         __libc_* aliases they leave alone, so under helgrind and drd
         this is what runs glibc's own malloc code in the threads.

   Chunks are exchanged through slots guarded by pthread mutexes (which
   valgrind understands), and each chunk carries a pattern checked by
   whichever thread frees it.  Exits 0 when every check held; prints the
   number of operations, threads and forks.  */
#include "behave.h"

#include <pthread.h>
#include <valgrind/helgrind.h>

const char *prog_name = "thread-stress";

extern void *__libc_malloc (size_t);
extern void __libc_free (void *);
extern void *__libc_calloc (size_t, size_t);
extern void *__libc_realloc (void *, size_t);
extern void *__libc_memalign (size_t, size_t);

static void *(*f_malloc) (size_t) = malloc;
static void (*f_free) (void *) = free;
static void *(*f_calloc) (size_t, size_t) = calloc;
static void *(*f_realloc) (void *, size_t) = realloc;
static void *(*f_memalign) (size_t, size_t) = memalign;
static int libc_names;

/* Under valgrind with -L, valgrind does not know that the memory a
   chunk occupies is new when glibc hands it out again, so tell it: this
   is what malloc means, not a hidden race.  */
static void
fresh (void *p, size_t n)
{
  if (libc_names && p != NULL)
    {
      /* The same request code serves helgrind and drd
         (VG_USERREQ__DRD_CLEAN_MEMORY in drd.h).  */
      VALGRIND_HG_CLEAN_MEMORY (p, n);
    }
}

struct chunk
{
  unsigned char *p;
  size_t n;
  unsigned tag;
};

/* Byte I of a chunk tagged TAG: any prefix of a chunk checks alone.  */
static inline unsigned char
pattern (unsigned tag, size_t i)
{
  return (unsigned char) (((tag * 0x9E3779B1u) >> 24) + i * 7);
}

static void
stamp (struct chunk *c)
{
  for (size_t i = 0; i < c->n; i++)
    c->p[i] = pattern (c->tag, i);
}

static int
intact (const struct chunk *c)
{
  for (size_t i = 0; i < c->n; i++)
    if (c->p[i] != pattern (c->tag, i))
      return 0;
  return 1;
}

enum { NSLOTS = 64, LOCAL = 48 };
static struct
{
  pthread_mutex_t lock;
  struct chunk c;
} slots[NSLOTS];

static int opt_race;
static volatile long racy;

static void *
racer (void *arg)
{
  (void) arg;
  for (int i = 0; i < 1000; i++)
    racy++;
  return NULL;
}

static int opt_threads = 4, opt_spawns = 16, opt_iters = 20000, opt_forks = 8;
static uint64_t opt_seed = 1;

static pthread_mutex_t count_lock = PTHREAD_MUTEX_INITIALIZER;
static long total_ops, total_forks, total_exchanges;
static int forks_left;
static pthread_mutex_t fail_lock = PTHREAD_MUTEX_INITIALIZER;

static void
thread_failure (const char *what, const struct chunk *c)
{
  pthread_mutex_lock (&fail_lock);
  fprintf (stderr, "%s: %s (chunk %p, %zu bytes, tag %u)\n", prog_name, what,
           c ? (void *) c->p : NULL, c ? c->n : 0, c ? c->tag : 0);
  failures++;
  pthread_mutex_unlock (&fail_lock);
}

static size_t
pick_size (uint64_t *r)
{
  switch (rng_below (r, 8))
    {
    case 0: case 1: case 2:
      return 1 + rng_below (r, 128);          /* tcache and fastbins */
    case 3: case 4:
      return 1 + rng_below (r, 1100);         /* small */
    case 5:
      return 1000 + rng_below (r, 30000);     /* large */
    case 6:
      return 16 * (1 + rng_below (r, 80));    /* exact bin sizes */
    default:
      return rng_below (r, 50) == 0 ? 128 * 1024 + rng_below (r, 300000)
        : 1 + rng_below (r, 4000);            /* sometimes mmapped */
    }
}

static int
new_chunk (struct chunk *c, uint64_t *r, unsigned tag)
{
  size_t n = pick_size (r);
  void *p;
  switch (rng_below (r, 4))
    {
    case 0:
      p = f_calloc (1, n);
      fresh (p, n);
      if (p != NULL)
        for (size_t i = 0; i < n; i++)
          if (((unsigned char *) p)[i] != 0)
            {
              struct chunk z = { p, n, 0 };
              thread_failure ("calloc memory not zeroed", &z);
              break;
            }
      break;
    case 1:
      p = f_memalign ((size_t) 16 << rng_below (r, 8), n);
      break;
    default:
      p = f_malloc (n);
      break;
    }
  if (p == NULL)
    {
      struct chunk z = { NULL, n, tag };
      thread_failure ("allocation failed", &z);
      return 0;
    }
  fresh (p, n);
  c->p = p;
  c->n = n;
  c->tag = tag;
  stamp (c);
  return 1;
}

static void
release (struct chunk *c)
{
  if (c->p == NULL)
    return;
  if (!intact (c))
    thread_failure ("chunk contents changed before free", c);
  f_free (c->p);
  c->p = NULL;
}

/* In a child of fork: the allocator must work, including on chunks
   inherited from the parent.  */
static void
in_child (struct chunk *local, uint64_t *r)
{
  int bad = 0;
  for (int i = 0; i < LOCAL; i++)
    if (local[i].p != NULL)
      {
        if (!intact (&local[i]))
          bad++;
        f_free (local[i].p);
        local[i].p = NULL;
      }
  for (int i = 0; i < 300; i++)
    {
      struct chunk c;
      if (!new_chunk (&c, r, 0x77777777u + i))
        _exit (3);
      if (!intact (&c))
        bad++;
      c.p = f_realloc (c.p, c.n * 2 + 1);
      if (c.p == NULL)
        _exit (3);
      f_free (c.p);
    }
  _exit (bad ? 4 : 0);
}

static void *
worker (void *arg)
{
  uintptr_t id = (uintptr_t) arg;
  uint64_t r = opt_seed * 0x9E3779B97F4A7C15ULL + id * 7919 + 1;
  struct chunk local[LOCAL];
  memset (local, 0, sizeof local);
  long iters = opt_iters / 4 + rng_below (&r, opt_iters - opt_iters / 4 + 1);
  long ops = 0, exch = 0, forks = 0;
  unsigned tag = (unsigned) id << 20;

  for (long it = 0; it < iters; it++, ops++)
    {
      int k = (int) rng_below (&r, LOCAL);
      struct chunk *c = &local[k];
      switch (rng_below (&r, 10))
        {
        case 0: case 1: case 2: case 3:        /* allocate */
          release (c);
          new_chunk (c, &r, ++tag);
          break;
        case 4:                                /* free */
          release (c);
          break;
        case 5: case 6:                        /* swap with a slot */
          {
            int s = (int) rng_below (&r, NSLOTS);
            pthread_mutex_lock (&slots[s].lock);
            struct chunk t = slots[s].c;
            slots[s].c = *c;
            pthread_mutex_unlock (&slots[s].lock);
            *c = t;
            if (c->p != NULL && !intact (c))
              thread_failure ("chunk from another thread changed", c);
            exch++;
            break;
          }
        case 7:                                /* free another's chunk */
          {
            int s = (int) rng_below (&r, NSLOTS);
            pthread_mutex_lock (&slots[s].lock);
            struct chunk t = slots[s].c;
            slots[s].c.p = NULL;
            pthread_mutex_unlock (&slots[s].lock);
            release (&t);
            exch++;
            break;
          }
        case 8:                                /* realloc */
          if (c->p != NULL)
            {
              if (!intact (c))
                thread_failure ("chunk changed before realloc", c);
              size_t n = rng_below (&r, 2) ? c->n * 2 + 1 : c->n / 2 + 1;
              unsigned char *q = f_realloc (c->p, n);
              if (q == NULL)
                thread_failure ("realloc failed", c);
              else
                {
                  struct chunk old = { q, n < c->n ? n : c->n, c->tag };
                  if (!intact (&old))
                    thread_failure ("realloc lost contents", &old);
                  fresh (q + old.n, n - old.n);
                  c->p = q;
                  c->n = n;
                  stamp (c);
                }
            }
          break;
        case 9:                                /* fork now and then */
          if (rng_below (&r, 64) == 0)
            {
              pthread_mutex_lock (&count_lock);
              int go = forks_left > 0;
              if (go)
                forks_left--;
              pthread_mutex_unlock (&count_lock);
              if (!go)
                break;
              pid_t pid = fork ();
              if (pid == 0)
                in_child (local, &r);
              if (pid < 0)
                thread_failure ("fork failed", NULL);
              else
                {
                  int st;
                  while (waitpid (pid, &st, 0) < 0 && errno == EINTR)
                    ;
                  if (!WIFEXITED (st) || WEXITSTATUS (st) != 0)
                    {
                      char msg[80];
                      snprintf (msg, sizeof msg, "forked child %s %d",
                                WIFEXITED (st) ? "exited" : "killed by signal",
                                WIFEXITED (st) ? WEXITSTATUS (st)
                                : WTERMSIG (st));
                      thread_failure (msg, NULL);
                    }
                  forks++;
                }
            }
          break;
        }
    }
  /* Exit mid-run: free some, leave the rest in slots for the others (a
     full slot's chunk is freed here instead).  */
  for (int i = 0; i < LOCAL; i++)
    {
      if (local[i].p == NULL)
        continue;
      if (i % 2 == 0)
        release (&local[i]);
      else
        {
          int s = (int) rng_below (&r, NSLOTS);
          pthread_mutex_lock (&slots[s].lock);
          struct chunk t = slots[s].c;
          slots[s].c = local[i];
          pthread_mutex_unlock (&slots[s].lock);
          release (&t);
        }
    }
  pthread_mutex_lock (&count_lock);
  total_ops += ops;
  total_exchanges += exch;
  total_forks += forks;
  pthread_mutex_unlock (&count_lock);
  return NULL;
}

int
main (int argc, char **argv)
{
  int opt;
  while ((opt = getopt (argc, argv, "t:n:i:f:s:LR")) != -1)
    switch (opt)
      {
      case 't': opt_threads = atoi (optarg); break;
      case 'n': opt_spawns = atoi (optarg); break;
      case 'i': opt_iters = atoi (optarg); break;
      case 'f': opt_forks = atoi (optarg); break;
      case 's': opt_seed = strtoull (optarg, NULL, 0); break;
      case 'L': libc_names = 1; break;
      case 'R': opt_race = 1; break;
      default:
        fprintf (stderr, "usage: %s [-t THREADS] [-n SPAWNS] [-i ITERATIONS] "
                 "[-f FORKS] [-s SEED] [-L] [-R]\n", argv[0]);
        return 2;
      }
  if (opt_threads < 1 || opt_spawns < opt_threads || opt_iters < 4)
    {
      fprintf (stderr, "%s: need 1 <= threads <= spawns, iterations >= 4\n",
               prog_name);
      return 2;
    }
  if (libc_names)
    {
      f_malloc = __libc_malloc;
      f_free = __libc_free;
      f_calloc = __libc_calloc;
      f_realloc = __libc_realloc;
      f_memalign = __libc_memalign;
    }
  if (opt_race)
    {
      pthread_t r1, r2;
      pthread_create (&r1, NULL, racer, NULL);
      pthread_create (&r2, NULL, racer, NULL);
      pthread_join (r1, NULL);
      pthread_join (r2, NULL);
    }
  forks_left = opt_forks;
  for (int i = 0; i < NSLOTS; i++)
    pthread_mutex_init (&slots[i].lock, NULL);

  pthread_t *t = calloc (opt_threads, sizeof *t);
  pthread_attr_t attr;
  pthread_attr_init (&attr);
  pthread_attr_setstacksize (&attr, 256 * 1024);
  int started = 0;
  for (; started < opt_threads; started++)
    if (pthread_create (&t[started], &attr, worker,
                        (void *) (uintptr_t) started) != 0)
      {
        fprintf (stderr, "%s: pthread_create failed\n", prog_name);
        return 1;
      }
  /* As each thread exits, start another in its place: the new one picks
     up the dead one's arena from the free list.  */
  for (int next = 0; next < opt_spawns; next++)
    {
      int k = next % opt_threads;
      pthread_join (t[k], NULL);
      if (started < opt_spawns)
        {
          if (pthread_create (&t[k], &attr, worker,
                              (void *) (uintptr_t) started) != 0)
            {
              fprintf (stderr, "%s: pthread_create failed\n", prog_name);
              return 1;
            }
          started++;
        }
    }
  /* Every thread has been joined (spawns >= threads and each slot k was
     joined once per thread started in it).  Free what is left.  */
  long left = 0;
  for (int i = 0; i < NSLOTS; i++)
    if (slots[i].c.p != NULL)
      {
        release (&slots[i].c);
        left++;
      }
  free (t);
  if (forks_left > 0)
    {
      /* Fork at least once from a quiet process too.  */
      pid_t pid = fork ();
      if (pid == 0)
        {
          struct chunk local[LOCAL];
          uint64_t r = opt_seed;
          memset (local, 0, sizeof local);
          in_child (local, &r);
        }
      int st;
      waitpid (pid, &st, 0);
      if (!WIFEXITED (st) || WEXITSTATUS (st) != 0)
        thread_failure ("forked child (main) failed", NULL);
      total_forks++;
    }
  printf ("thread-stress: %ld operations, %d threads (%d at once), %ld "
          "exchanges, %ld forks, %ld chunks left in slots, %d failures\n",
          total_ops, started, opt_threads, total_exchanges, total_forks, left,
          failures);
  return failures != 0;
}
