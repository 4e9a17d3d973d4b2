/* tunables-probe: observe one behaviour that a glibc.malloc.* tunable
   governs and print it as NAME=VALUE, so that tests/malloc-tunables.sh
   can run it with and without GLIBC_TUNABLES and compare.

   Usage: tunables-probe PROBE, PROBE one of
     arenas       heaps in malloc_info while 4 threads hold a chunk each
     tcache       chunks in malloc's bins (fastbins or the others) after
                  freeing 10 chunks of 24 bytes: the rest went to the
                  tcache
     tcache-max   the same for 10 chunks of 100 bytes
     mmap         whether malloc (70000) and malloc (200000) are mmapped,
                  given that top cannot hold them
     trim         bytes given back when 4 MB of freed heap reaches top
     perturb      the byte a fresh malloc (3000) is filled with
     hugetlb      VmFlags of the mapping holding a 4 MiB chunk: hg (THP
                  advised) and ht (hugetlb pages); and that it works
   Exits 0 unless something failed outright (then says what).  */
#include "behave.h"

#include <pthread.h>

const char *prog_name = "tunables-probe";

static pthread_barrier_t barrier;

static void *
holder (void *arg)
{
  (void) arg;
  void *p = malloc (1000);
  memset (p, 1, 1000);
  pthread_barrier_wait (&barrier);
  pthread_barrier_wait (&barrier);
  free (p);
  return NULL;
}


/* The VmFlags line of the smaps entry that contains P.  */
static const char *
vmflags (const void *p)
{
  static char buf[1 << 20];
  static char flags[256];
  flags[0] = 0;
  if (read_proc ("/proc/self/smaps", buf, sizeof buf) <= 0)
    return flags;
  int inside = 0;
  for (char *l = buf; l && *l; l = strchr (l, '\n'), l = l ? l + 1 : NULL)
    {
      uintptr_t lo, hi;
      char c;
      if (sscanf (l, "%" SCNxPTR "-%" SCNxPTR "%c", &lo, &hi, &c) == 3
          && c == ' ')
        inside = (uintptr_t) p >= lo && (uintptr_t) p < hi;
      else if (inside && strncmp (l, "VmFlags:", 8) == 0)
        {
          char *eol = strchr (l, '\n');
          size_t n = eol ? (size_t) (eol - l) : strlen (l);
          if (n >= sizeof flags)
            n = sizeof flags - 1;
          memcpy (flags, l, n);
          flags[n] = 0;
          return flags;
        }
    }
  return flags;
}

static int
has_flag (const char *flags, const char *f)
{
  char pat[8];
  snprintf (pat, sizeof pat, " %s", f);
  const char *s = flags;
  while ((s = strstr (s, pat)) != NULL)
    {
      if (s[3] == ' ' || s[3] == 0)
        return 1;
      s++;
    }
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc != 2)
    {
      fprintf (stderr, "usage: %s PROBE\n", argv[0]);
      return 2;
    }
  const char *probe = argv[1];
  if (strcmp (probe, "arenas") == 0)
    {
      enum { T = 4 };
      pthread_t t[T];
      pthread_barrier_init (&barrier, NULL, T + 1);
      for (int i = 0; i < T; i++)
        pthread_create (&t[i], NULL, holder, NULL);
      pthread_barrier_wait (&barrier);
      printf ("arenas=%zu\n", count_heaps ());
      pthread_barrier_wait (&barrier);
      for (int i = 0; i < T; i++)
        pthread_join (t[i], NULL);
    }
  else if (strcmp (probe, "tcache") == 0 || strcmp (probe, "tcache-max") == 0)
    {
      size_t n = strcmp (probe, "tcache") == 0 ? 24 : 100;
      /* A guard after each chunk, so that freed chunks cannot merge
         (glibc after 2.41 has no fastbins: what the tcache does not
         take goes to the small bins, where neighbours merge).  */
      void *v[10], *g[10];
      for (int i = 0; i < 10; i++)
        {
          v[i] = malloc (n);
          g[i] = malloc (n);
        }
      struct mallinfo2 before = mallinfo2 ();
      for (int i = 0; i < 10; i++)
        free (v[i]);
      struct mallinfo2 after = mallinfo2 ();
      printf ("binned=%zu\n",
              after.smblks + after.ordblks - before.smblks - before.ordblks);
      for (int i = 0; i < 10; i++)
        free (g[i]);
    }
  else if (strcmp (probe, "mmap") == 0)
    {
      size_t sizes[] = { 70000, 200000 };
      free (malloc (1));    /* sets up the heap and the tcache */
      for (int i = 0; i < 2; i++)
        {
          /* Use up top (in pieces below any threshold), so that sysmalloc
             decides where the chunk goes.  */
          while (mallinfo2 ().keepcost > 8192)
            {
              size_t k = mallinfo2 ().keepcost - 4096;
              if (malloc (k < 30000 ? k : 30000) == NULL)
                return 1;
            }
          struct mallinfo2 mi = mallinfo2 ();
          size_t n = sizes[i];
          void *p = malloc (n);
          if (p == NULL)
            {
              fprintf (stderr, "%s: malloc (%zu) failed\n", prog_name, n);
              return 1;
            }
          printf ("mmapped_%zu=%zu\n", sizes[i], mallinfo2 ().hblks - mi.hblks);
        }
    }
  else if (strcmp (probe, "trim") == 0)
    {
      enum { N = 40, SZ = 100000 };
      void *v[N];
      for (int i = 0; i < N; i++)
        {
          v[i] = malloc (SZ);
          if (v[i] == NULL)
            return 1;
          memset (v[i], 1, SZ);
        }
      size_t before = mallinfo2 ().arena;
      for (int i = N - 1; i >= 0; i--)
        free (v[i]);
      size_t after = mallinfo2 ().arena;
      printf ("trimmed=%s\n", before - after >= (size_t) N * SZ / 2 ? "yes"
              : "no");
    }
  else if (strcmp (probe, "perturb") == 0)
    {
      unsigned char *p = malloc (3000);
      int same = 1;
      for (int i = 1; i < 3000; i++)
        same &= p[i] == p[0];
      printf ("byte=0x%02x%s\n", p[0], same ? "" : " (mixed)");
      free (p);
    }
  else if (strcmp (probe, "hugetlb") == 0)
    {
      size_t n = 4 << 20;
      unsigned char *p = malloc (n);
      if (p == NULL)
        {
          fprintf (stderr, "%s: malloc (4 MiB) failed\n", prog_name);
          return 1;
        }
      memset (p, 0x33, n);
      const char *fl = vmflags (p);
      printf ("hg=%d ht=%d\n", has_flag (fl, "hg"), has_flag (fl, "ht"));
      int ok = 1;
      for (size_t i = 0; i < n; i += 4096)
        ok &= p[i] == 0x33;
      free (p);
      /* The heap (sbrk) side too: many chunks below the threshold.  */
      void *v[64];
      for (int i = 0; i < 64; i++)
        {
          v[i] = malloc (100000);
          if (v[i] == NULL)
            ok = 0;
          else
            memset (v[i], i, 100000);
        }
      for (int i = 0; i < 64; i++)
        free (v[i]);
      if (!ok)
        {
          fprintf (stderr, "%s: hugetlb: allocation or contents failed\n",
                   prog_name);
          return 1;
        }
    }
  else
    {
      fprintf (stderr, "%s: unknown probe %s\n", prog_name, probe);
      return 2;
    }
  return 0;
}
