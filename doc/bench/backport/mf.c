/* 64 mallocs then 64 frees, ITERS times; request sizes cycle through
   16 .. MAX in steps of 16 (+ 15 for MAX > 128, to vary the bins).  */
#include <stdlib.h>
int main (int argc, char **argv)
{
  long iters = argc > 1 ? atol (argv[1]) : 100000;
  size_t max = argc > 2 ? atol (argv[2]) : 128;
  static void *a[64];
  size_t step = max > 128 ? 31 : 16;
  size_t sz = 16;
  for (long i = 0; i < iters; i++)
    {
      for (int j = 0; j < 64; j++)
	{
	  a[j] = malloc (sz);
	  sz += step;
	  if (sz > max)
	    sz = 16 + (sz - max) % 16;
	}
      for (int j = 0; j < 64; j++)
	free (a[j]);
    }
  return 0;
}
