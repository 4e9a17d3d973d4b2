/* mem-bugs: commit one memory bug of a program against its own heap
   data, the bug classes of glibc.malloc.harden (issue 17).

   Usage: mem-bugs CASE SIZE

   CASE is one of
     over1 over32            store 1 / 32 bytes past the requested size,
                             then free
     over1-memcpy over32-memcpy
                             the same overflow done by one memcpy
     under1 under32          store 1 / 32 bytes just before the block
                             (into its header word), then free
     zero-write              store into the block of malloc (0), then
                             free (SIZE is ignored)
     uaf-write               store into a freed block, then allocate
                             and free blocks of the same size until the
                             freed one could have been handed out again
     uaf-read                fill a block, free it, read it: prints
                             "data N" (N bytes still show the fill) or
                             "clean"
     stale-read              fill a block, free it, allocate the same
                             size: prints "data N" if the new block shows
                             the old owner's fill, else "clean"
     reuse                   free a block and allocate the same size:
                             prints "same" if the freed block came
                             straight back, else "different"
     double-free             free a block twice

   A bug that the allocator catches ends the process with its message
   on stderr (SIGABRT); one that goes unseen lets the program reach its
   end, print what it saw and exit 0.  tests/harden.sh runs the matrix
   and tells the two apart.  */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bugs are the point.  */
#pragma GCC diagnostic ignored "-Wuse-after-free"
#pragma GCC diagnostic ignored "-Warray-bounds"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"

#define FILL 0x5a

static void *
xmalloc (size_t size)
{
  void *p = malloc (size);
  if (p == NULL)
    {
      perror ("mem-bugs: malloc");
      exit (2);
    }
  return p;
}

/* Bytes of P[0..N) that still hold FILL.  */
static size_t
count_fill (volatile unsigned char *p, size_t n)
{
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    k += p[i] == FILL;
  return k;
}

static void
report_data (size_t k)
{
  if (k > 0)
    printf ("data %zu\n", k);
  else
    puts ("clean");
}

int
main (int argc, char **argv)
{
  if (argc != 3)
    {
      fprintf (stderr, "usage: %s CASE SIZE\n", argv[0]);
      return 2;
    }
  const char *c = argv[1];
  size_t size = strtoul (argv[2], NULL, 0);
  /* A neighbour on each side, so that an overflow or underflow of a
     small block lands in a chunk and not in top or unmapped memory.  */
  void *before = xmalloc (size);
  volatile unsigned char *p = xmalloc (size);
  void *after = xmalloc (size);

  if (strcmp (c, "over1") == 0 || strcmp (c, "over32") == 0)
    {
      size_t n = c[4] == '1' ? 1 : 32;
      for (size_t i = 0; i < n; i++)
        p[size + i] = 'A';
      free ((void *) p);
    }
  else if (strcmp (c, "over1-memcpy") == 0
           || strcmp (c, "over32-memcpy") == 0)
    {
      size_t n = c[4] == '1' ? 1 : 32;
      unsigned char *src = xmalloc (size + n);
      memset (src, 'A', size + n);
      memcpy ((void *) p, src, size + n);
      free (src);
      free ((void *) p);
    }
  else if (strcmp (c, "under1") == 0 || strcmp (c, "under32") == 0)
    {
      size_t n = c[5] == '1' ? 1 : 32;
      for (size_t i = 1; i <= n; i++)
        p[-(ptrdiff_t) i] = 'A';
      free ((void *) p);
    }
  else if (strcmp (c, "zero-write") == 0)
    {
      volatile unsigned char *z = xmalloc (0);
      z[0] = 'A';
      free ((void *) z);
    }
  else if (strcmp (c, "uaf-write") == 0)
    {
      free ((void *) p);
      p[size - 1] = 'A';
      /* Enough churn of the same size for a freed block to be handed
         out again, whatever delays its reuse: every block is freed
         before the next round allocates.  */
      enum { rounds = 64, per_round = 64 };
      void *blocks[per_round];
      for (int r = 0; r < rounds; r++)
        {
          for (int i = 0; i < per_round; i++)
            blocks[i] = xmalloc (size);
          for (int i = 0; i < per_round; i++)
            free (blocks[i]);
        }
    }
  else if (strcmp (c, "uaf-read") == 0)
    {
      memset ((void *) p, FILL, size);
      free ((void *) p);
      report_data (count_fill (p, size));
    }
  else if (strcmp (c, "stale-read") == 0)
    {
      memset ((void *) p, FILL, size);
      free ((void *) p);
      volatile unsigned char *q = xmalloc (size);
      report_data (count_fill (q, size));
      free ((void *) q);
    }
  else if (strcmp (c, "reuse") == 0)
    {
      free ((void *) p);
      void *q = xmalloc (size);
      puts (q == (void *) p ? "same" : "different");
      free (q);
    }
  else if (strcmp (c, "double-free") == 0)
    {
      free ((void *) p);
      free ((void *) p);
    }
  else
    {
      fprintf (stderr, "%s: unknown case %s\n", argv[0], c);
      return 2;
    }
  free (before);
  free (after);
  puts ("end");
  return 0;
}
