/* trace-read.h -- load, check and resolve a malloc trace (trace-format.h)
   for replay, mtreplay and trace-summary.

   trace_load maps the file, checks the header and every record, and
   sorts the records by sequence number; a damaged file stops the
   program with a message naming the byte offset where it went wrong
   (exit status 2), unless TRACE_SALVAGE asks to use the good records
   before it.  trace_resolve turns the calls into replay operations:
   each pointer argument becomes a reference to the operation that
   produced the pointer (`key') and to the last earlier operation on the
   same block (`dep', which a multithreaded replay waits for).  Nothing
   here calls malloc: every array comes from mmap, so the heap of a
   replaying process holds the replayed blocks only.  */
#ifndef TRACE_READ_H
#define TRACE_READ_H

#include <stddef.h>
#include <stdint.h>

#include "trace-format.h"

#define TRACE_SALVAGE 1        /* use the good records before damage */

#define NONE UINT32_MAX

struct trace
{
  const char *path;
  struct trace_header hdr;
  const struct trace_record *rec;   /* the records, in file order */
  size_t nrec;                      /* whole, good records */
  void *map;
  size_t maplen;
  uint32_t *order;                  /* call records (no END) by seq */
  size_t ncalls;
  int has_end;                      /* an END record was found */
  struct trace_record end;          /* the last one */
  size_t late;                      /* calls after the END record */
};

/* Operation flags.  */
enum
{
  OPF_SKIP = 1,        /* not replayed (see the counts in the stats) */
  OPF_NULL = 2,        /* the pointer argument was NULL */
  OPF_FAILED = 4,      /* the recorded call failed */
  OPF_CONSUMER = 8,    /* the pointer argument is block KEY */
  OPF_PRODUCER = 16,   /* the result is a block, keyed by this op */
  OPF_ASMALLOC = 32,   /* realloc of a block the trace never saw: malloc */
  OPF_XTHREAD = 64,    /* DEP belongs to another thread */
  OPF_RELEASE = 128,   /* releases block KEY (free, realloc) */
};

/* One operation to replay, 32 bytes.  */
struct rop
{
  uint64_t a, b;       /* size; nmemb, size; alignment, size */
  uint32_t dep;        /* last earlier op on the same block, or NONE */
  uint32_t key;        /* op that produced the pointer argument, or NONE */
  uint32_t lidx;       /* index in its thread's list */
  uint8_t op;          /* enum trace_op */
  uint8_t flags;       /* OPF_* */
  uint16_t thr;        /* thread index */
};

struct trace_stats
{
  uint64_t calls[16];               /* per enum trace_op */
  uint64_t failed[16];              /* recorded NULL / error results */
  uint64_t hist[66];                /* log2 buckets of request sizes */
  uint64_t live_bytes_peak, live_blocks_peak;
  uint64_t live_bytes_end, live_blocks_end;
  uint64_t xthread_frees;           /* free/realloc in another thread */
  uint64_t unknown_frees;           /* pointer the trace never returned */
  uint64_t unknown_other;           /* realloc, usable_size of such */
  uint64_t null_frees;
  uint64_t conflicts;               /* address returned while live */
  uint64_t skipped;
  uint64_t first_time, last_time;
};

struct resolved
{
  size_t n;                         /* ops */
  struct rop *ops;                  /* in seq order */
  uint32_t *fidx;                   /* file index of each op's record */
  uint32_t nthreads;
  uint32_t *tids;                   /* per thread index */
  uint32_t **thread_ops;            /* per thread: op indices in order */
  size_t *thread_n;
  struct trace_stats st;
};

extern const char *trace_prog;      /* for messages */

void trace_die (const char *fmt, ...)
  __attribute__ ((noreturn, format (printf, 1, 2)));
void *trace_xmap (size_t size);
void trace_unmap (void *p, size_t size);

/* LIMIT: keep only the calls of the first LIMIT sequence numbers (and
   check only those); SIZE_MAX: all.  */
void trace_load (struct trace *t, const char *path, unsigned flags,
                 size_t limit);
void trace_resolve (const struct trace *t, struct resolved *r);
/* Release the file mapping (after trace_resolve).  */
void trace_close (struct trace *t);

static inline uint64_t
trace_offset (size_t idx)
{
  return TRACE_HEADER_SIZE + (uint64_t) idx * TRACE_RECORD_SIZE;
}

/* The size a block made by op O was asked for.  */
static inline uint64_t
rop_size (const struct rop *o, uint64_t page)
{
  uint64_t s;
  switch (o->op)
    {
    case TRACE_OP_CALLOC:
    case TRACE_OP_REALLOCARRAY:
      if (__builtin_mul_overflow (o->a, o->b, &s))
        return UINT64_MAX;
      return s;
    case TRACE_OP_MEMALIGN:
    case TRACE_OP_ALIGNED_ALLOC:
    case TRACE_OP_POSIX_MEMALIGN:
      return o->b;
    case TRACE_OP_PVALLOC:
      return (o->a + page - 1) / page * page;
    default:
      return o->a;
    }
}

#endif /* TRACE_READ_H */
