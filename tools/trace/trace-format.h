/* trace-format.h -- the on-disk format of a malloc trace.

   A trace file is one header of TRACE_HEADER_SIZE bytes followed by
   records of TRACE_RECORD_SIZE bytes each, in no particular order: each
   thread of the recorded process fills a buffer of its own and appends
   it to the file with write () when it is full, when the thread exits,
   at fork, at exit, _exit and fatal signals.  The records carry a global
   sequence number (one atomic counter for the process), so a reader
   sorts them by it to get the order of the calls.  realloc has two:
   one taken before the call, when the old block stops being the
   program's (another thread may get its address back at once), one
   after, when the new block exists.

   Every record has a 16-bit check over its other fields and a function
   code, so a reader can tell a damaged record from a good one; a file
   whose size is not the header plus a whole number of records was cut
   short.  At a clean end (exit, _exit, a fatal signal) the recorder
   appends an END record whose arg[0] counts the records before it in
   the file: a file cut at a record boundary has no END record, or one
   whose count does not match.  Records written after the END record
   (frees from destructors that run after the recorder's) are allowed.

   All fields are little-endian, as written by an x86-64 process.  */
#ifndef TRACE_FORMAT_H
#define TRACE_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#define TRACE_MAGIC "MALTRACE"
#define TRACE_VERSION 1
#define TRACE_HEADER_SIZE 256
#define TRACE_RECORD_SIZE 64

/* Header flags.  */
#define TRACE_HF_FORK_CHILD 1   /* written by a child after fork () */

struct trace_header
{
  char magic[8];                /* TRACE_MAGIC, not NUL-terminated */
  uint32_t version;             /* TRACE_VERSION */
  uint32_t header_size;         /* TRACE_HEADER_SIZE */
  uint32_t record_size;         /* TRACE_RECORD_SIZE */
  uint32_t flags;               /* TRACE_HF_* */
  uint32_t pid, ppid;
  uint64_t start_ns;            /* CLOCK_MONOTONIC at the start; record
                                   times are relative to it */
  uint64_t start_realtime_ns;   /* CLOCK_REALTIME at the start */
  uint32_t page_size;
  uint32_t reserved;
  char program[192];            /* argv[0], NUL-terminated, truncated */
  uint64_t check;               /* trace_header_check () of the above */
};

/* Function codes.  */
enum trace_op
{
  TRACE_OP_MALLOC = 1,          /* arg0 size */
  TRACE_OP_FREE,                /* arg0 ptr */
  TRACE_OP_CALLOC,              /* arg0 nmemb, arg1 size */
  TRACE_OP_REALLOC,             /* arg0 ptr, arg1 size */
  TRACE_OP_REALLOCARRAY,        /* arg0 ptr, arg1 nmemb, arg2 size */
  TRACE_OP_MEMALIGN,            /* arg0 alignment, arg1 size */
  TRACE_OP_ALIGNED_ALLOC,       /* arg0 alignment, arg1 size */
  TRACE_OP_POSIX_MEMALIGN,      /* arg0 alignment, arg1 size, arg2 the
                                   return value; result *memptr or 0 */
  TRACE_OP_VALLOC,              /* arg0 size */
  TRACE_OP_PVALLOC,             /* arg0 size */
  TRACE_OP_MALLOC_USABLE_SIZE,  /* arg0 ptr; result the usable size */
  TRACE_OP_NFUNC = TRACE_OP_MALLOC_USABLE_SIZE,
  TRACE_OP_END = 15,            /* arg0 records before it in the file,
                                   arg1 how: TRACE_END_* , arg2 signal */
};

enum trace_end_how
{
  TRACE_END_EXIT = 1,           /* exit () or return from main */
  TRACE_END__EXIT = 2,          /* _exit () or _Exit () */
  TRACE_END_SIGNAL = 3,         /* a fatal signal, arg2 its number */
};

/* Records carry no flags yet; a reader rejects unknown bits.  */
#define TRACE_RF_KNOWN 0

struct trace_record
{
  uint64_t seq;                 /* global order of the calls: taken after
                                   an allocation returned, before a free */
  uint64_t seq0;                /* realloc, reallocarray: taken before the
                                   call, where the old block is given up;
                                   other calls: equal to seq */
  uint64_t time;                /* ns since the header's start_ns, taken
                                   as the call started */
  uint64_t arg[3];
  uint64_t result;              /* pointer returned, usable size */
  uint32_t tid;                 /* kernel thread id */
  uint8_t op;                   /* enum trace_op */
  uint8_t flags;
  uint16_t check;               /* trace_record_check () */
};

_Static_assert (sizeof (struct trace_header) == TRACE_HEADER_SIZE,
                "header size");
_Static_assert (sizeof (struct trace_record) == TRACE_RECORD_SIZE,
                "record size");

static inline uint64_t
trace_mix (uint64_t h, uint64_t v)
{
  h ^= v;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 29;
  return h;
}

static inline uint16_t
trace_record_check (const struct trace_record *r)
{
  uint64_t h = 0x9e3779b97f4a7c15ULL;
  h = trace_mix (h, r->seq);
  h = trace_mix (h, r->seq0);
  h = trace_mix (h, r->time);
  h = trace_mix (h, r->arg[0]);
  h = trace_mix (h, r->arg[1]);
  h = trace_mix (h, r->arg[2]);
  h = trace_mix (h, r->result);
  h = trace_mix (h, (uint64_t) r->tid << 16 | (uint64_t) r->op << 8
                 | r->flags);
  h ^= h >> 32;
  return (uint16_t) (h ^ (h >> 16) ^ 0xa55a);
}

static inline uint64_t
trace_header_check (const struct trace_header *h)
{
  const uint64_t *w = (const uint64_t *) h;
  uint64_t c = 0x6a09e667f3bcc908ULL;
  for (size_t i = 0; i < offsetof (struct trace_header, check) / 8; i++)
    c = trace_mix (c, w[i]);
  return c;
}

static const char *const trace_op_names[] =
{
  [0] = "?",
  [TRACE_OP_MALLOC] = "malloc",
  [TRACE_OP_FREE] = "free",
  [TRACE_OP_CALLOC] = "calloc",
  [TRACE_OP_REALLOC] = "realloc",
  [TRACE_OP_REALLOCARRAY] = "reallocarray",
  [TRACE_OP_MEMALIGN] = "memalign",
  [TRACE_OP_ALIGNED_ALLOC] = "aligned_alloc",
  [TRACE_OP_POSIX_MEMALIGN] = "posix_memalign",
  [TRACE_OP_VALLOC] = "valloc",
  [TRACE_OP_PVALLOC] = "pvalloc",
  [TRACE_OP_MALLOC_USABLE_SIZE] = "malloc_usable_size",
};

#endif /* TRACE_FORMAT_H */
