/* trace-calls: make a known number of calls of the malloc family, for
   the trace tests (tests/trace-*.sh).  No stdio before the end, so the
   counts are exactly these:

     trace-calls MODE [N]      (N defaults to 1000)

   every mode: N malloc, N/10 calloc, N/10 realloc, N/100 memalign,
   N/100 posix_memalign, N/100 aligned_alloc, 10 valloc, 10 pvalloc,
   10 reallocarray, 10 malloc_usable_size, and a free for each block.
   MODE exit: return from main; _exit: leave by _exit (0) with blocks
   still live; signal: kill itself with SIGTERM; fork: fork, the child
   makes the same calls again and exits, the parent waits; threads: 4
   threads allocate N blocks each and hand them to the next thread,
   which frees them; huge: also malloc (1 GiB), which a replay under a
   small address-space limit cannot repeat.  */
#define _GNU_SOURCE
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int n = 1000;

static void
calls (void)
{
  void **p = malloc (n * sizeof *p);          /* 1 malloc */
  for (int i = 1; i < n; i++)                 /* n - 1 mallocs */
    {
      p[i] = malloc (16 + (i % 300) * 8);
      memset (p[i], 1, 16);
    }
  for (int i = 0; i < n / 10; i++)
    {
      free (p[i + 1]);
      p[i + 1] = calloc (4, 16 + i);
      p[i + 1] = realloc (p[i + 1], 4000 + i);
    }
  void *a[40];
  int k = 0;
  for (int i = 0; i < n / 100; i++)
    {
      a[k++] = memalign (64, 100 + i);
      void *q;
      if (posix_memalign (&q, 256, 1000) == 0)
        a[k++] = q;
      a[k++] = aligned_alloc (32, 64);
    }
  for (int i = 0; i < k; i++)
    free (a[i]);
  size_t us = 0;
  for (int i = 0; i < 10; i++)
    {
      void *v = valloc (100 + i);
      void *pv = pvalloc (5000);
      void *ra = reallocarray (NULL, 10, 10 + i);
      us += malloc_usable_size (ra);
      free (v);
      free (pv);
      free (ra);
    }
  for (int i = 1; i < n; i++)
    free (p[i]);
  free (p);
  if (us < 1000)
    abort ();
}

#define NT 4
static void *slots[NT][64];
static pthread_barrier_t bar;

static void *
thread (void *arg)
{
  int me = (int) (long) arg;
  for (int round = 0; round < n / 64; round++)
    {
      for (int i = 0; i < 64; i++)
        slots[me][i] = malloc (32 + i * 16);
      pthread_barrier_wait (&bar);
      /* Free what the previous thread allocated.  */
      int from = (me + NT - 1) % NT;
      for (int i = 0; i < 64; i++)
        free (slots[from][i]);
      pthread_barrier_wait (&bar);
    }
  return NULL;
}

int
main (int argc, char **argv)
{
  const char *mode = argc > 1 ? argv[1] : "exit";
  if (argc > 2)
    n = atoi (argv[2]);
  if (!strcmp (mode, "threads"))
    {
      pthread_t th[NT];
      pthread_barrier_init (&bar, NULL, NT);
      for (long i = 0; i < NT; i++)
        pthread_create (&th[i], NULL, thread, (void *) i);
      for (int i = 0; i < NT; i++)
        pthread_join (th[i], NULL);
      return 0;
    }
  calls ();
  if (!strcmp (mode, "huge"))
    {
      void *h = malloc ((size_t) 1 << 30);
      if (h == NULL)
        return 3;
      free (h);
    }
  if (!strcmp (mode, "fork"))
    {
      pid_t pid = fork ();
      if (pid == 0)
        {
          calls ();
          exit (0);
        }
      int st;
      waitpid (pid, &st, 0);
      return !(WIFEXITED (st) && WEXITSTATUS (st) == 0);
    }
  if (!strcmp (mode, "_exit"))
    {
      void *volatile keep = malloc (10);
      keep = malloc (20);
      (void) keep;
      _exit (0);
    }
  if (!strcmp (mode, "signal"))
    {
      void *volatile keep = malloc (30);
      (void) keep;
      raise (SIGTERM);
    }
  return 0;
}
