/* malloc-family: call every member of the malloc family once and check
   what it returns.  Exits 0 when every check holds, 1 otherwise, naming
   each failed check on stderr.  Run under either glibc build.  */
#define _GNU_SOURCE
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

#define CHECK(cond)                                                     \
  do                                                                    \
    if (!(cond))                                                        \
      {                                                                 \
        fprintf (stderr, "malloc-family: %s:%d: check failed: %s\n",    \
                 __FILE__, __LINE__, #cond);                            \
        failures++;                                                     \
      }                                                                 \
  while (0)

static int
aligned (void *p, size_t a)
{
  return ((uintptr_t) p & (a - 1)) == 0;
}

int
main (void)
{
  long page = sysconf (_SC_PAGESIZE);

  char *p = malloc (100);
  CHECK (p != NULL && aligned (p, 2 * sizeof (size_t)));
  CHECK (malloc_usable_size (p) >= 100);
  memset (p, 'a', 100);

  char *q = realloc (p, 5000);
  CHECK (q != NULL);
  int same = 1;
  for (int i = 0; q != NULL && i < 100; i++)
    same &= q[i] == 'a';
  CHECK (same);
  free (q);

  int *z = calloc (1000, sizeof (int));
  CHECK (z != NULL);
  int zero = 1;
  for (int i = 0; z != NULL && i < 1000; i++)
    zero &= z[i] == 0;
  CHECK (zero);
  free (z);

  /* volatile: the overflow must happen at run time, not be diagnosed.  */
  volatile size_t huge = SIZE_MAX / 2;
  errno = 0;
  CHECK (calloc (huge, 3) == NULL && errno == ENOMEM);
  errno = 0;
  CHECK (reallocarray (NULL, huge, 3) == NULL && errno == ENOMEM);
  void *ra = reallocarray (NULL, 10, 10);
  CHECK (ra != NULL && malloc_usable_size (ra) >= 100);
  free (ra);

  void *m = memalign (256, 300);
  CHECK (m != NULL && aligned (m, 256));
  free (m);
  void *aa = aligned_alloc (64, 128);
  CHECK (aa != NULL && aligned (aa, 64));
  free (aa);
  void *pm = NULL;
  CHECK (posix_memalign (&pm, 4096, 10) == 0 && aligned (pm, 4096));
  free (pm);
  CHECK (posix_memalign (&pm, 3, 10) == EINVAL);
  void *v = valloc (10);
  CHECK (v != NULL && aligned (v, page));
  free (v);
  void *pv = pvalloc (10);
  CHECK (pv != NULL && aligned (pv, page) && malloc_usable_size (pv) >= (size_t) page);
  free (pv);

  void *big = malloc (16 << 20);
  CHECK (big != NULL);
  memset (big, 1, 16 << 20);
  free (big);

  CHECK (malloc_usable_size (NULL) == 0);
  free (NULL);
  CHECK (mallopt (M_TRIM_THRESHOLD, 1 << 20) == 1);
  malloc_trim (0);
  struct mallinfo2 mi = mallinfo2 ();
  CHECK (mi.arena > 0);

  if (failures == 0)
    puts ("malloc-family: all checks passed");
  return failures != 0;
}
