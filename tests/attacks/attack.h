/* attack.h -- shared helpers of the heap-exploitation regression suite.

   Every program in tests/attacks/ implements one published glibc heap
   exploitation technique against the malloc it runs on and decides by
   itself, from concrete evidence only (the address malloc returned, two
   live allocations that overlap, a variable that changed), whether the
   technique reached its goal:

     exit 0   goal reached ("reached"), with a line on stdout saying how;
     exit 3   goal not reached and nothing aborted ("no effect");
     abort    glibc's malloc_printerr stopped it ("blocked"): its message
              is the only thing a program writes on stderr.

   The programs print their own diagnostics on stdout only, so that
   tests/attacks.sh can take the first line of stderr as the allocator's
   message.  stdout is made unbuffered so that printf never calls malloc
   (a corrupted heap must not be touched by stdio), and the programs end
   with _exit so that no exit handler touches it either.

   The techniques read and write the words before a chunk: that is the
   attack.  On a build whose metadata is out of band those writes land
   in ordinary (user) memory and must change nothing.  */

#ifndef ATTACK_H
#define ATTACK_H

/* Exploits do odd things with freed memory; the compiler must not
   reason about them.  The Makefile passes -O0 -fno-builtin; this keeps
   the functions below at -O0 even if CFLAGS says -O2.  */
#pragma GCC optimize ("O0")

#define _GNU_SOURCE
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* glibc >= 2.32 safe-linking of tcache and fastbin next pointers.  */
#define PROTECT_PTR(pos, ptr) \
  ((size_t) ((((uintptr_t) (pos)) >> 12) ^ ((uintptr_t) (ptr))))

/* The in-band chunk header words of a user pointer, as glibc 2.36
   lays them out: prev_size at mem-16, size at mem-8.  */
#define CHUNK(mem) ((size_t *) ((char *) (mem) - 2 * sizeof (size_t)))
#define PREV_SIZE(mem) (CHUNK (mem)[0])
#define SIZE(mem) (CHUNK (mem)[1])
#define PREV_INUSE 0x1
#define IS_MMAPPED 0x2
#define NON_MAIN_ARENA 0x4

static void
attack_init (const char *what)
{
  setvbuf (stdout, NULL, _IONBF, 0);
  printf ("%s\n", what);
}

static void
say (const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  vprintf (fmt, ap);
  va_end (ap);
  printf ("\n");
}

/* The goal is reached: say how and exit 0.  */
static void __attribute__ ((noreturn))
reached (const char *fmt, ...)
{
  va_list ap;
  printf ("REACHED: ");
  va_start (ap, fmt);
  vprintf (fmt, ap);
  va_end (ap);
  printf ("\n");
  _exit (0);
}

/* The goal is not reached: say why and exit 3.  */
static void __attribute__ ((noreturn))
no_effect (const char *fmt, ...)
{
  va_list ap;
  printf ("NO EFFECT: ");
  va_start (ap, fmt);
  vprintf (fmt, ap);
  va_end (ap);
  printf ("\n");
  _exit (3);
}

/* Whether [a, a+alen) and [b, b+blen) share a byte.  */
static int
overlaps (const void *a, size_t alen, const void *b, size_t blen)
{
  uintptr_t x = (uintptr_t) a, y = (uintptr_t) b;
  return x < y + blen && y < x + alen;
}

/* Confirm an overlap concretely: a byte written through one live
   allocation is read back through the other.  Call only when
   overlaps () holds, so both addresses are in the same allocation.  */
static int
aliases (volatile unsigned char *p, volatile unsigned char *q)
{
  unsigned char old = *q;
  *p = (unsigned char) (old ^ 0x5a);
  int same = *q == (unsigned char) (old ^ 0x5a);
  *p = old;
  return same;
}

/* The [heap] (brk) mapping, read from /proc/self/maps without calling
   malloc.  Returns 0 when there is none.  */
static int
heap_mapping (uintptr_t *lo, uintptr_t *hi)
{
  static char buf[1 << 16];
  size_t n = 0;
  ssize_t r;
  int fd = open ("/proc/self/maps", O_RDONLY);
  if (fd < 0)
    return 0;
  while (n < sizeof buf - 1 && (r = read (fd, buf + n, sizeof buf - 1 - n)) > 0)
    n += r;
  close (fd);
  buf[n] = 0;
  for (char *line = buf; line && *line; )
    {
      char *nl = strchr (line, '\n');
      if (nl)
	*nl = 0;
      if (strstr (line, "[heap]"))
	{
	  char *end;
	  *lo = strtoul (line, &end, 16);
	  *hi = strtoul (end + 1, NULL, 16);
	  return 1;
	}
      line = nl ? nl + 1 : NULL;
    }
  return 0;
}

/* The chunk holding glibc's tcache_perthread_struct in the main heap:
   on glibc 2.36 the first chunk malloc carves from the brk heap, of
   size 0x290 (64 uint16_t counts, 64 entry pointers).  Found by walking
   the in-band chunk headers from the start of the [heap] mapping; every
   read stays inside that mapping.  Returns NULL when it is not there
   (say, because the allocator keeps it out of band).  Call it after the
   program's first malloc, which is what creates the tcache.  */
#define TCACHE_CHUNK_SIZE 0x290
static char *
find_tcache_struct (void)
{
  uintptr_t lo, hi;
  if (!heap_mapping (&lo, &hi))
    return NULL;
  uintptr_t c = (lo + 15) & ~(uintptr_t) 15;
  for (int i = 0; i < 64 && c + 16 <= hi; i++)
    {
      size_t sz = ((size_t *) c)[1];
      if ((sz & ~(size_t) 7) == TCACHE_CHUNK_SIZE)
	return (char *) c;
      sz &= ~(size_t) 7;
      if (sz < 0x20 || (sz & 15) || sz > hi - c)
	return NULL;
      c += sz;
    }
  return NULL;
}

/* tcache bin index of a chunk size, and offsets of the counts and
   entries of that bin from the start of the tcache chunk.  */
#define TC_IDX(csize) (((csize) - 0x20) / 0x10)
#define TC_COUNT_OFF(idx) (0x10 + 2 * (idx))
#define TC_ENTRY_OFF(idx) (0x10 + 0x80 + 8 * (idx))

/* Arrange the heap so that the top chunk starts DIST bytes below a page
   boundary (DIST a multiple of 16) and a live allocation of LAST_REQ
   bytes (LAST_REQ + 8 a multiple of 16) lies directly below it, and
   return that allocation: writing past its end overflows into the top
   chunk's header.  This reads the in-band layout (a fresh 0x20 chunk
   comes from the top); where that is not the layout the result is only
   some allocation in the heap, and the attack that follows has nothing
   to overflow into.  */
static char *
place_before_top (size_t dist, size_t last_req)
{
  size_t last_csz = last_req + 8;
  char *probe = malloc (0x18);
  uintptr_t top = (uintptr_t) probe - 0x10 + 0x20;
  size_t fill = (size_t) (-(top + last_csz + dist)) & 0xfff;
  /* Keep the filler out of the tcache and the small bins, where an
     earlier free chunk of that size would serve it instead of top.  */
  if (fill < 0x420)
    fill += 0x1000;
  if (malloc (fill - 8) == NULL)
    return NULL;
  return malloc (last_req);
}

#endif /* ATTACK_H */
