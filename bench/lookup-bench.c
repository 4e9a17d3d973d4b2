/* lookup-bench: compare ways of finding a chunk's record from a pointer.

   Builds against malloc/chunkinfo.[ch] of the patched glibc tree (the
   series' own pool code, compiled as an ordinary program) and measures,
   for N live chunks laid out as in a heap, the cost of one lookup:

     hash     the interim lookup of the first 2.36 series' patches 1-6
              (tag series-2.36-history): an open-addressing table keyed
              by chunk address, with linear probing, kept at most half
              full (reproduced here: its patch 7 removed it, and the
              series as it is now never had it);
     index    the series' lookup (patch 3): the header word before the
              chunk names the record, which is accepted only if its own
              chunk address equals the pointer (ci_pool_find).

   Lookups go in random order (the cost when records are cold) and in
   address order (when they are warm).  Prints ns per lookup.  */

#define _GNU_SOURCE
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <atomic.h>
#define CI_MMAP(size) mmap (NULL, (size), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
#define CI_MUNMAP(p, size) munmap ((p), (size))
#define CI_MPROTECT_RW(p, size) mprotect ((p), (size), PROT_READ | PROT_WRITE)
#define CI_PAGESIZE ((size_t) sysconf (_SC_PAGESIZE))
#define CI_FATAL(msg) (fprintf (stderr, "%s\n", msg), abort ())

#include "chunkinfo.h"
#include "chunkinfo.c"

static double
now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static chunkinfoptr __attribute__ ((noinline))
index_lookup (struct chunkinfo_pool *pool, uintptr_t chunk)
{
  return ci_pool_find (pool, *(const ci_index_t *) (chunk + 8), chunk);
}

/* The interim hash of the first series' patches 1-6.  */
static ci_index_t *hash_table;
static size_t hash_mask;

static size_t
hash_slot (uintptr_t chunk)
{
  return (size_t) (((uint64_t) (chunk >> 4) * 0x9e3779b97f4a7c15ULL) >> 32)
	 & hash_mask;
}

static void
hash_build (struct chunkinfo_pool *pool, const uintptr_t *chunks, size_t n)
{
  size_t slots = 1024;
  while (slots < 2 * n)
    slots *= 2;
  hash_table = calloc (slots, sizeof *hash_table);
  hash_mask = slots - 1;
  for (size_t i = 0; i < n; i++)
    {
      size_t s = hash_slot (chunks[i]);
      while (hash_table[s] != 0)
	s = (s + 1) & hash_mask;
      hash_table[s] = *(const ci_index_t *) (chunks[i] + 8);
    }
}

static chunkinfoptr __attribute__ ((noinline))
hash_lookup (struct chunkinfo_pool *pool, uintptr_t chunk)
{
  for (size_t s = hash_slot (chunk); ; s = (s + 1) & hash_mask)
    {
      ci_index_t idx = hash_table[s];
      if (idx == 0)
	return NULL;
      chunkinfoptr ci = ci_at (pool, idx);
      if (ci->chunk == chunk)
	return ci;
    }
}

int
main (int argc, char **argv)
{
  size_t counts[] = { 1000, 100000, 1000000 };
  size_t lookups = argc > 1 ? strtoul (argv[1], NULL, 0) : 4000000;
  printf ("%-10s %-8s %10s %10s\n", "chunks", "order", "hash ns", "index ns");
  for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++)
    {
      size_t n = counts[c];
      /* A heap of chunks of mixed sizes (32 to 288 bytes).  */
      size_t *sizes = malloc (n * sizeof *sizes);
      size_t total = 0;
      unsigned int seed = 42;
      for (size_t i = 0; i < n; i++)
	total += sizes[i] = 32 + 16 * (rand_r (&seed) % 17);
      char *heap = mmap (NULL, total, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      uintptr_t *chunks = malloc (n * sizeof *chunks);
      struct chunkinfo_pool pool;
      memset (&pool, 0, sizeof pool);
      char *p = heap;
      for (size_t i = 0; i < n; i++)
	{
	  chunks[i] = (uintptr_t) p;
	  chunkinfoptr ci = ci_alloc (&pool, chunks[i]);
	  *(ci_index_t *) (p + 8) = ci->self;
	  p += sizes[i];
	}
      hash_build (&pool, chunks, n);
      size_t *order = malloc (lookups * sizeof *order);
      for (int o = 0; o < 2; o++)
	{
	  for (size_t i = 0; i < lookups; i++)
	    order[i] = o == 0 ? (size_t) rand_r (&seed) % n : i % n;
	  double t[2];
	  for (int m = 0; m < 2; m++)
	    {
	      uintptr_t sum = 0;
	      double t0 = now ();
	      for (size_t i = 0; i < lookups; i++)
		{
		  chunkinfoptr ci = m == 0 ? hash_lookup (&pool, chunks[order[i]])
					   : index_lookup (&pool, chunks[order[i]]);
		  if (ci == NULL)
		    abort ();
		  sum += ci->size;
		}
	      t[m] = (now () - t0) * 1e9 / lookups;
	      if (sum == 1)
		puts ("");
	    }
	  printf ("%-10zu %-8s %10.2f %10.2f\n", n, o == 0 ? "random" : "address",
		  t[0], t[1]);
	}
      ci_pool_destroy (&pool);
      free (hash_table);
      munmap (heap, total);
      free (sizes);
      free (chunks);
      free (order);
    }
  return 0;
}
