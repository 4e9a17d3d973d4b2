/* Technique: fastbin dup (how2heap fastbin_dup, glibc 2.26+ form:
   the tcache bin is filled first and calloc, which bypasses the tcache,
   takes the chunks back).

   Goal: an overlapping allocation -- two live allocations at the same
   address.

   How: with the 0x20 tcache bin full, a, b, a are freed: the fastbin
   "double free or corruption (fasttop)" check only compares with the
   bin's head, so freeing b in between lets a in twice.  Three callocs
   then return a, b and a again.  */
#include "attack.h"

int
main (void)
{
  attack_init ("fastbin_dup: double free into a fastbin around the fasttop check");
  void *fill[7];
  for (int i = 0; i < 7; i++)
    fill[i] = malloc (8);
  for (int i = 0; i < 7; i++)
    free (fill[i]);

  int *a = calloc (1, 8);
  int *b = calloc (1, 8);
  int *c = calloc (1, 8);
  say ("a %p b %p c %p", a, b, c);
  free (a);
  free (b);
  free (a);		/* double free */
  int *x = calloc (1, 8);
  int *y = calloc (1, 8);
  int *z = calloc (1, 8);
  say ("calloc = %p, %p, %p", x, y, z);
  if (x && x == z && aliases ((unsigned char *) x, (unsigned char *) z))
    reached ("two live allocations at %p", x);
  if (x && y && x == y)
    reached ("two live allocations at %p", x);
  no_effect ("calloc returned distinct blocks %p %p %p", x, y, z);
}
