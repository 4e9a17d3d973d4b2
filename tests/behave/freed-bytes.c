/* freed-bytes: does free leave the bytes of a freed chunk alone?

   For each kind of free list -- tcache, fastbin (tcache full), unsorted
   bin, small bin, large bin -- fill chunks with a pattern, free them
   (with guard chunks around, so that they stay on that list), read the
   freed bytes back and print how many changed:

     CLASS: N of M freed bytes changed

   Exit status 0 when no byte changed anywhere, 1 otherwise.  Stock glibc
   keeps its list links (tcache next/key, fd/bk, fd_nextsize/bk_nextsize)
   in freed memory and fails; with the links out of band nothing changes.
   Reading freed memory is what a use-after-free does; here it is the
   measurement, done while the chunks are known to be free and unused.  */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXV 8
struct victim
{
  unsigned char *p;
  size_t usable;
  unsigned char tag;
};
static struct victim v[MAXV];
static int nv;
static int total_changed;

static void
fill (unsigned char *p, size_t n, unsigned char tag)
{
  for (size_t j = 0; j < n; j++)
    p[j] = (unsigned char) (tag * 131 + j * 7);
}

static void *
victim (size_t size, unsigned char tag)
{
  unsigned char *p = malloc (size);
  if (p == NULL)
    {
      perror ("malloc");
      exit (2);
    }
  v[nv].p = p;
  v[nv].usable = malloc_usable_size (p);
  v[nv].tag = tag;
  fill (p, v[nv].usable, tag);
  nv++;
  return p;
}

/* Compare the freed victims with their patterns and forget them.  */
static void
check (const char *what, int forget)
{
  size_t changed = 0, bytes = 0;
  for (int i = 0; i < nv; i++)
    {
      volatile unsigned char *p = v[i].p;
      for (size_t j = 0; j < v[i].usable; j++)
	changed += p[j] != (unsigned char) (v[i].tag * 131 + j * 7);
      bytes += v[i].usable;
    }
  printf ("%s: %zu of %zu freed bytes changed\n", what, changed, bytes);
  total_changed += changed;
  if (forget)
    nv = 0;
}

/* Fill the tcache bin of SIZE with 7 chunks that stay there.  */
static void
fill_tcache (size_t size)
{
  void *t[7];
  for (int i = 0; i < 7; i++)
    t[i] = malloc (size);
  for (int i = 0; i < 7; i++)
    free (t[i]);
}

int
main (void)
{
  /* Keep freed memory mapped and in the heap.  */
  mallopt (M_TRIM_THRESHOLD, 64 << 20);
  mallopt (M_MMAP_THRESHOLD, 64 << 20);
  mallopt (M_PERTURB, 0);

  /* tcache: a few sizes, three chunks each.  */
  for (size_t size = 24; size <= 1000; size = size * 3 + 8)
    {
      void *g[3];
      void *a[3];
      for (int i = 0; i < 3; i++)
	{
	  a[i] = victim (size, (unsigned char) (nv + 1));
	  g[i] = malloc (size);
	}
      for (int i = 0; i < 3; i++)
	free (a[i]);
      (void) g;
    }
  check ("tcache", 1);

  /* fastbin: the tcache bin of the size is full.  */
  fill_tcache (0x48);
  {
    void *a[3];
    for (int i = 0; i < 3; i++)
      {
	a[i] = victim (0x48, (unsigned char) (i + 10));
	(void) malloc (0x48);		/* guard */
      }
    for (int i = 0; i < 3; i++)
      free (a[i]);
  }
  check ("fastbin", 1);

  /* unsorted bin, then small bin once a larger request sorts it.  */
  fill_tcache (0x300);
  {
    void *a[2];
    for (int i = 0; i < 2; i++)
      {
	a[i] = victim (0x300, (unsigned char) (i + 20));
	(void) malloc (0x300);		/* guard */
      }
    for (int i = 0; i < 2; i++)
      free (a[i]);
  }
  check ("unsorted bin", 0);
  (void) malloc (0x5000);		/* sorts the unsorted bin */
  check ("small bin", 1);

  /* large chunks: beyond the tcache, in the unsorted bin, then sorted
     into a large bin (two sizes, so that the size skip list is used).  */
  {
    void *a[3];
    size_t sizes[3] = { 0x2000, 0x2400, 0x2000 };
    for (int i = 0; i < 3; i++)
      {
	a[i] = victim (sizes[i], (unsigned char) (i + 30));
	(void) malloc (0x100);		/* guard */
      }
    for (int i = 0; i < 3; i++)
      free (a[i]);
  }
  check ("unsorted bin (large chunks)", 0);
  (void) malloc (0x8000);		/* sorts them into a large bin */
  check ("large bin", 1);

  printf ("total: %d freed bytes changed\n", total_changed);
  return total_changed == 0 ? 0 : 1;
}
