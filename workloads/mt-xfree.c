/* mt-xfree -- a multithreaded workload with cross-thread frees.

   usage: mt-xfree [THREADS [ROUNDS]]   (defaults 4 and 200000)

   THREADS producers each allocate ROUNDS blocks of assorted sizes
   (mostly small, some page-sized and some large), fill them and hand
   them through a bounded queue to the next thread in a ring, which
   reads and checks the contents, sometimes grows the block with
   realloc, and frees it: every block is freed by another thread than
   the one that allocated it.  Each thread also keeps a small private working
   set that it allocates and frees itself.  Prints a checksum; exits 1
   when a block's contents were not what its producer wrote.  */
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define QCAP 1024

struct queue
{
  pthread_mutex_t lock;
  pthread_cond_t nonempty;
  void *item[QCAP];
  size_t len[QCAP];
  unsigned head, count;
};

static struct queue *queues;
static int nthreads;
static long rounds;
static int bad;

static uint64_t
rnd (uint64_t *s)
{
  *s ^= *s << 13;
  *s ^= *s >> 7;
  *s ^= *s << 17;
  return *s;
}

static size_t
pick_size (uint64_t *s)
{
  uint64_t r = rnd (s) % 1000;
  if (r < 900)
    return 8 + rnd (s) % 256;
  if (r < 990)
    return 256 + rnd (s) % 8192;
  return 65536 + rnd (s) % (512 * 1024);
}

static int
try_put (struct queue *q, void *p, size_t len)
{
  pthread_mutex_lock (&q->lock);
  int ok = q->count < QCAP;
  if (ok)
    {
      unsigned i = (q->head + q->count++) % QCAP;
      q->item[i] = p;
      q->len[i] = len;
      pthread_cond_signal (&q->nonempty);
    }
  pthread_mutex_unlock (&q->lock);
  return ok;
}

/* Take one block; WAIT: sleep until there is one.  */
static void *
get (struct queue *q, size_t *len, int wait)
{
  void *p = NULL;
  pthread_mutex_lock (&q->lock);
  while (wait && q->count == 0)
    pthread_cond_wait (&q->nonempty, &q->lock);
  if (q->count)
    {
      p = q->item[q->head];
      *len = q->len[q->head];
      q->head = (q->head + 1) % QCAP;
      q->count--;
    }
  pthread_mutex_unlock (&q->lock);
  return p;
}

struct state
{
  uint64_t seed;
  long got;
  unsigned long sum;
};

/* Check and free one received block, growing it first now and then.  */
static void
consume (struct state *st, unsigned char *p, size_t len)
{
  if (p[0] != (unsigned char) len || p[len - 1] != (unsigned char) (len >> 8))
    __atomic_store_n (&bad, 1, __ATOMIC_RELAXED);
  for (size_t k = 0; k < len; k += 64)
    st->sum += p[k];
  st->got++;
  if ((rnd (&st->seed) & 7) == 0)
    {
      p = realloc (p, len * 2);
      if (p == NULL)
        abort ();
      p[2 * len - 1] = 1;
    }
  free (p);
}

static void
drain (struct state *st, struct queue *in)
{
  size_t len;
  unsigned char *p;
  while (st->got < rounds && (p = get (in, &len, 0)) != NULL)
    consume (st, p, len);
}

static void *
worker (void *arg)
{
  int me = (int) (intptr_t) arg;
  struct queue *out = &queues[(me + 1) % nthreads];
  struct queue *in = &queues[me];
  struct state st = { 0x9e3779b97f4a7c15ULL * (me + 1), 0, 0 };
  void *local[64] = { 0 };
  /* A thread never sleeps while it has blocks to send, and drains its
     own queue while its neighbour's is full: no cycle of waits.  */
  for (long sent = 0; sent < rounds; sent++)
    {
      size_t len = pick_size (&st.seed);
      unsigned char *p = malloc (len);
      if (p == NULL)
        abort ();
      memset (p, (unsigned char) len, len);
      p[len - 1] = (unsigned char) (len >> 8);
      while (!try_put (out, p, len))
        {
          drain (&st, in);
          sched_yield ();
        }
      int j = rnd (&st.seed) % 64;
      free (local[j]);
      local[j] = (rnd (&st.seed) & 1) ? malloc (pick_size (&st.seed))
                                      : calloc (1, 32 + rnd (&st.seed) % 200);
      if ((sent & 7) == 7)
        drain (&st, in);
    }
  while (st.got < rounds)
    {
      size_t len;
      unsigned char *p = get (in, &len, 1);
      consume (&st, p, len);
    }
  for (int j = 0; j < 64; j++)
    free (local[j]);
  return (void *) st.sum;
}

int
main (int argc, char **argv)
{
  nthreads = argc > 1 ? atoi (argv[1]) : 4;
  rounds = argc > 2 ? atol (argv[2]) : 200000;
  if (nthreads < 2 || rounds < 1)
    {
      fprintf (stderr, "usage: mt-xfree [THREADS>=2 [ROUNDS>=1]]\n");
      return 2;
    }
  queues = calloc (nthreads, sizeof *queues);
  pthread_t *th = malloc (nthreads * sizeof *th);
  for (int i = 0; i < nthreads; i++)
    {
      pthread_mutex_init (&queues[i].lock, NULL);
      pthread_cond_init (&queues[i].nonempty, NULL);
    }
  for (int i = 0; i < nthreads; i++)
    if (pthread_create (&th[i], NULL, worker, (void *) (intptr_t) i))
      {
        perror ("mt-xfree: pthread_create");
        return 2;
      }
  unsigned long total = 0;
  for (int i = 0; i < nthreads; i++)
    {
      void *r;
      pthread_join (th[i], &r);
      total += (unsigned long) r;
    }
  free (th);
  free (queues);
  printf ("mt-xfree: %d threads, %ld blocks each, checksum %lu\n", nthreads,
          rounds, total);
  if (bad)
    fprintf (stderr, "mt-xfree: a block's contents changed between threads\n");
  return bad;
}
