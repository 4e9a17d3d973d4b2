/* trace-read.c -- see trace-read.h.  */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "trace-read.h"

const char *trace_prog = "trace";

void
trace_die (const char *fmt, ...)
{
  va_list ap;
  fflush (stdout);
  fprintf (stderr, "%s: ", trace_prog);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  exit (2);
}

static void
warn (const char *fmt, ...)
{
  va_list ap;
  fprintf (stderr, "%s: warning: ", trace_prog);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
}

void *
trace_xmap (size_t size)
{
  if (size == 0)
    size = 1;
  void *p = mmap (NULL, size, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    trace_die ("out of memory: cannot map %zu bytes: %s", size,
               strerror (errno));
  return p;
}

void
trace_unmap (void *p, size_t size)
{
  if (p)
    munmap (p, size ? size : 1);
}

struct kv
{
  uint64_t key;
  uint32_t idx;
};

/* LSD radix sort of N pairs by key, 16 bits a pass, as many passes as
   the largest key needs.  */
static struct kv *
radix_sort (struct kv *a, size_t n, uint64_t maxkey)
{
  struct kv *b = trace_xmap (n * sizeof *b);
  static size_t cnt[65536];
  for (int shift = 0; shift < 64 && (shift == 0 || (maxkey >> shift)); shift += 16)
    {
      memset (cnt, 0, sizeof cnt);
      for (size_t i = 0; i < n; i++)
        cnt[(a[i].key >> shift) & 0xffff]++;
      size_t sum = 0;
      for (size_t d = 0; d < 65536; d++)
        {
          size_t c = cnt[d];
          cnt[d] = sum;
          sum += c;
        }
      for (size_t i = 0; i < n; i++)
        b[cnt[(a[i].key >> shift) & 0xffff]++] = a[i];
      struct kv *t = a;
      a = b;
      b = t;
    }
  trace_unmap (b, n * sizeof *b);
  return a;
}

static const char *
record_problem (const struct trace_record *r)
{
  if (r->op == 0 || (r->op > TRACE_OP_NFUNC && r->op != TRACE_OP_END))
    return "unknown function code";
  if (r->flags & ~TRACE_RF_KNOWN)
    return "unknown flags";
  if (r->check != trace_record_check (r))
    return "check field does not match (a damaged record)";
  if (r->seq0 > r->seq
      || (r->seq0 != r->seq && r->op != TRACE_OP_REALLOC
          && r->op != TRACE_OP_REALLOCARRAY))
    return "first sequence number after the second";
  return NULL;
}

void
trace_load (struct trace *t, const char *path, unsigned flags, size_t limit)
{
  memset (t, 0, sizeof *t);
  t->path = path;
  int fd = open (path, O_RDONLY);
  if (fd < 0)
    trace_die ("%s: cannot open: %s", path, strerror (errno));
  struct stat st;
  if (fstat (fd, &st) != 0)
    trace_die ("%s: cannot stat: %s", path, strerror (errno));
  if (!S_ISREG (st.st_mode))
    trace_die ("%s: not a regular file", path);
  size_t size = (size_t) st.st_size;
  if (size < TRACE_HEADER_SIZE)
    trace_die ("%s: offset %zu: file ends inside the %d-byte header: "
               "not a complete malloc trace", path, size,
               TRACE_HEADER_SIZE);
  t->map = mmap (NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (t->map == MAP_FAILED)
    trace_die ("%s: cannot map: %s", path, strerror (errno));
  t->maplen = size;
  close (fd);
  memcpy (&t->hdr, t->map, sizeof t->hdr);
  const struct trace_header *h = &t->hdr;
  if (memcmp (h->magic, TRACE_MAGIC, 8) != 0)
    trace_die ("%s: offset 0: not a malloc trace (no %s magic); record "
               "one with scripts/record-trace", path, TRACE_MAGIC);
  if (h->version != TRACE_VERSION)
    trace_die ("%s: offset 8: trace format version %u, this tool reads "
               "version %d", path, h->version, TRACE_VERSION);
  if (h->header_size != TRACE_HEADER_SIZE
      || h->record_size != TRACE_RECORD_SIZE)
    trace_die ("%s: offset 12: header says %u-byte header and %u-byte "
               "records, expected %d and %d", path, h->header_size,
               h->record_size, TRACE_HEADER_SIZE, TRACE_RECORD_SIZE);
  if (h->check != trace_header_check (h))
    trace_die ("%s: offset %zu: header check does not match (a damaged "
               "header)", path, offsetof (struct trace_header, check));
  if (h->page_size == 0 || (h->page_size & (h->page_size - 1)))
    trace_die ("%s: offset %zu: page size %u is not a power of two", path,
               offsetof (struct trace_header, page_size), h->page_size);

  t->rec = (const struct trace_record *) ((const char *) t->map
                                          + TRACE_HEADER_SIZE);
  size_t body = size - TRACE_HEADER_SIZE;
  size_t n = body / TRACE_RECORD_SIZE;
  size_t tail = body % TRACE_RECORD_SIZE;
  if (tail)
    {
      if (!(flags & TRACE_SALVAGE))
        trace_die ("%s: offset %llu: truncated trace: the last record has "
                   "%zu of %d bytes (the recording process was killed, or "
                   "the file was cut); --salvage uses the %zu whole records "
                   "before it", path, (unsigned long long) trace_offset (n),
                   tail, TRACE_RECORD_SIZE, n);
      warn ("%s: offset %llu: truncated trace, torn last record of %zu "
            "bytes ignored", path, (unsigned long long) trace_offset (n),
            tail);
    }
  /* With a LIMIT, only the records of the first LIMIT sequence numbers
     are checked and kept.  */
  int limited = limit != SIZE_MAX;
  uint64_t lim_base = UINT64_MAX;
  if (limited)
    for (size_t i = 0; i < n; i++)
      if (t->rec[i].seq0 < lim_base)
        lim_base = t->rec[i].seq0;
#define SKIPPED(i) (limited && t->rec[i].seq - lim_base >= limit)

  /* Check every record; find the last END.  */
  size_t last_end = SIZE_MAX;
  for (size_t i = 0; i < n; i++)
    {
      if (SKIPPED (i))
        continue;
      const char *why = record_problem (&t->rec[i]);
      if (why)
        {
          if (!(flags & TRACE_SALVAGE))
            trace_die ("%s: offset %llu: record %zu: %s (op %u, flags %#x, "
                       "check %#x); --salvage uses the %zu records before it",
                       path, (unsigned long long) trace_offset (i), i, why,
                       t->rec[i].op, t->rec[i].flags, t->rec[i].check, i);
          warn ("%s: offset %llu: record %zu: %s; using the %zu records "
                "before it", path, (unsigned long long) trace_offset (i), i,
                why, i);
          n = i;
          break;
        }
      if (t->rec[i].op == TRACE_OP_END)
        last_end = i;
    }
  t->nrec = n;
  if (limited)
    ;            /* the count covers records that were not looked at */
  else if (last_end != SIZE_MAX)
    {
      t->has_end = 1;
      t->end = t->rec[last_end];
      if (t->end.arg[0] != last_end)
        {
          if (!(flags & TRACE_SALVAGE))
            trace_die ("%s: offset %llu: the end record counts %llu records "
                       "before it, the file has %zu: records are missing "
                       "or repeated (a damaged trace)", path,
                       (unsigned long long) trace_offset (last_end),
                       (unsigned long long) t->end.arg[0], last_end);
          warn ("%s: offset %llu: end record count %llu does not match the "
                "%zu records before it", path,
                (unsigned long long) trace_offset (last_end),
                (unsigned long long) t->end.arg[0], last_end);
        }
    }
  else if (!tail && n == (body / TRACE_RECORD_SIZE))
    warn ("%s: offset %llu: no end record: the recorded program was "
          "killed (SIGKILL), is still running, or the file was cut at a "
          "record boundary; using the %zu records present", path,
          (unsigned long long) trace_offset (n), n);

  /* Sort by sequence number.  */
  struct kv *kv = trace_xmap (n * sizeof *kv);
  size_t m = 0;
  uint64_t minseq = UINT64_MAX, maxseq = 0;
  for (size_t i = 0; i < n; i++)
    if (t->rec[i].op != TRACE_OP_END && !SKIPPED (i))
      {
        uint64_t s = t->rec[i].seq;
        minseq = s < minseq ? s : minseq;
        maxseq = s > maxseq ? s : maxseq;
      }
  for (size_t i = 0; i < n; i++)
    if (t->rec[i].op != TRACE_OP_END && !SKIPPED (i))
      {
        kv[m].key = t->rec[i].seq - minseq;
        kv[m].idx = (uint32_t) i;
        m++;
      }
  if (n >= UINT32_MAX)
    trace_die ("%s: %zu records: too many for this tool (at most %u)", path,
               n, UINT32_MAX - 1);
  struct kv *sorted = m ? radix_sort (kv, m, maxseq - minseq) : kv;
  t->order = trace_xmap (m * sizeof *t->order);
  for (size_t i = 0; i < m; i++)
    {
      if (i > 0 && sorted[i].key == sorted[i - 1].key)
        {
          if (!(flags & TRACE_SALVAGE))
            trace_die ("%s: offset %llu: sequence number %llu repeats the "
                       "record at offset %llu (a damaged trace)", path,
                       (unsigned long long) trace_offset (sorted[i].idx),
                       (unsigned long long) (sorted[i].key + minseq),
                       (unsigned long long) trace_offset (sorted[i - 1].idx));
          continue;
        }
      t->order[t->ncalls++] = sorted[i].idx;
      if (t->has_end && t->rec[sorted[i].idx].seq > t->end.seq)
        t->late++;
    }
  trace_unmap (sorted, m * sizeof *sorted);
}

void
trace_close (struct trace *t)
{
  if (t->map)
    munmap (t->map, t->maplen);
  t->map = NULL;
  t->rec = NULL;
}

/* Address -> block map for resolving: open addressing, linear probing,
   deletion by backward shift (no tombstones).  */
struct blk
{
  uint64_t addr;        /* 0: empty */
  uint32_t producer;
  uint32_t last;
  uint64_t size;
};

struct amap
{
  struct blk *t;
  size_t cap, n;
};

static inline size_t
ahash (uint64_t a, size_t mask)
{
  a ^= a >> 33;
  a *= 0xff51afd7ed558ccdULL;
  a ^= a >> 33;
  return (size_t) a & mask;
}

static void amap_put (struct amap *m, const struct blk *b);

static void
amap_grow (struct amap *m)
{
  struct amap o = *m;
  m->cap = o.cap ? o.cap * 2 : 1 << 16;
  m->t = trace_xmap (m->cap * sizeof *m->t);
  m->n = 0;
  for (size_t i = 0; i < o.cap; i++)
    if (o.t[i].addr)
      amap_put (m, &o.t[i]);
  trace_unmap (o.t, o.cap * sizeof *o.t);
}

static struct blk *
amap_get (struct amap *m, uint64_t addr)
{
  size_t mask = m->cap - 1;
  for (size_t i = ahash (addr, mask);; i = (i + 1) & mask)
    {
      if (m->t[i].addr == addr)
        return &m->t[i];
      if (m->t[i].addr == 0)
        return NULL;
    }
}

static void
amap_put (struct amap *m, const struct blk *b)
{
  if ((m->n + 1) * 2 > m->cap)
    amap_grow (m);
  size_t mask = m->cap - 1;
  for (size_t i = ahash (b->addr, mask);; i = (i + 1) & mask)
    if (m->t[i].addr == 0 || m->t[i].addr == b->addr)
      {
        if (m->t[i].addr == 0)
          m->n++;
        m->t[i] = *b;
        return;
      }
}

static void
amap_del (struct amap *m, struct blk *e)
{
  size_t mask = m->cap - 1;
  size_t i = (size_t) (e - m->t);
  size_t j = i;
  for (;;)
    {
      j = (j + 1) & mask;
      if (m->t[j].addr == 0)
        break;
      size_t k = ahash (m->t[j].addr, mask);
      /* Move j back to i unless its home k lies cyclically in (i, j].  */
      if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j)))
        {
          m->t[i] = m->t[j];
          i = j;
        }
    }
  m->t[i].addr = 0;
  m->n--;
}

/* tid -> thread index: a small open-addressing table.  */
#define MAXTHREADS 65535

static int
is_realloc_op (int op)
{
  return op == TRACE_OP_REALLOC || op == TRACE_OP_REALLOCARRAY;
}

static void
hist_add (struct trace_stats *st, uint64_t req)
{
  int b = 0;
  if (req == UINT64_MAX)
    b = 65;
  else if (req)
    b = 64 - __builtin_clzll (req);
  st->hist[b]++;
}

/* Resolving state.  */
struct rstate
{
  const struct trace *t;
  struct resolved *r;
  struct amap am;
  uint64_t live, nlive;
};

/* Op I gives up block PTR (free, realloc): find the block.  RELEASE:
   the block is gone afterwards.  */
static void
consume (struct rstate *s, uint32_t i, uint64_t ptr, int release)
{
  struct resolved *r = s->r;
  struct trace_stats *st = &r->st;
  struct rop *o = &r->ops[i];
  struct blk *e = amap_get (&s->am, ptr);
  if (e == NULL)
    {
      if (o->op == TRACE_OP_FREE)
        st->unknown_frees++;
      else
        st->unknown_other++;
      if (is_realloc_op (o->op) && s->t->rec[r->fidx[i]].result)
        o->flags |= OPF_ASMALLOC;
      else
        o->flags |= OPF_SKIP;
      return;
    }
  o->flags |= OPF_CONSUMER;
  o->key = e->producer;
  o->dep = e->last;
  if (r->ops[e->last].thr != o->thr)
    o->flags |= OPF_XTHREAD;
  if (!release)
    {
      e->last = i;
      return;
    }
  o->flags |= OPF_RELEASE;
  if (r->ops[e->producer].thr != o->thr)
    st->xthread_frees++;
  s->live -= e->size;
  s->nlive--;
  amap_del (&s->am, e);
}

static void
produce (struct rstate *s, uint32_t i, uint64_t res, uint64_t req)
{
  struct trace_stats *st = &s->r->st;
  struct blk *e = amap_get (&s->am, res);
  if (e)
    {
      /* Returned while the trace has it live: records are missing.  */
      st->conflicts++;
      s->live -= e->size;
      s->nlive--;
      amap_del (&s->am, e);
    }
  struct blk nb = { res, i, i, req == UINT64_MAX ? 0 : req };
  amap_put (&s->am, &nb);
  s->r->ops[i].flags |= OPF_PRODUCER;
  s->live += nb.size;
  s->nlive++;
  if (s->live > st->live_bytes_peak)
    st->live_bytes_peak = s->live;
  if (s->nlive > st->live_blocks_peak)
    st->live_blocks_peak = s->nlive;
}

void
trace_resolve (const struct trace *t, struct resolved *r)
{
  memset (r, 0, sizeof *r);
  struct trace_stats *st = &r->st;
  size_t n = t->ncalls;
  uint64_t page = t->hdr.page_size;
  r->n = n;
  r->ops = trace_xmap (n * sizeof *r->ops);
  r->fidx = trace_xmap (n * sizeof *r->fidx);
  r->tids = trace_xmap ((MAXTHREADS + 1) * sizeof *r->tids);
  r->thread_n = trace_xmap ((MAXTHREADS + 1) * sizeof *r->thread_n);
  static uint32_t tidtab[1 << 17];   /* tid+1 -> thread index */
  static uint32_t tidval[1 << 17];
  memset (tidtab, 0, sizeof tidtab);

  /* Pass 1: the calls themselves.  */
  size_t nrel = 0;
  uint64_t minseq = UINT64_MAX, maxrel = 0;
  for (size_t i = 0; i < n; i++)
    if (t->rec[t->order[i]].seq0 < minseq)
      minseq = t->rec[t->order[i]].seq0;
  for (size_t i = 0; i < n; i++)
    {
      uint32_t fi = t->order[i];
      const struct trace_record *rec = &t->rec[fi];
      struct rop *o = &r->ops[i];
      r->fidx[i] = fi;
      if (i == 0)
        st->first_time = rec->time;
      st->last_time = rec->time;

      size_t h = ahash (rec->tid, (1 << 17) - 1);
      while (tidtab[h] && tidtab[h] != rec->tid + 1u)
        h = (h + 1) & ((1 << 17) - 1);
      if (!tidtab[h])
        {
          if (r->nthreads >= MAXTHREADS)
            trace_die ("%s: offset %llu: more than %d threads", t->path,
                       (unsigned long long) trace_offset (fi), MAXTHREADS);
          tidtab[h] = rec->tid + 1u;
          tidval[h] = r->nthreads;
          r->tids[r->nthreads++] = rec->tid;
        }
      uint32_t thr = tidval[h];
      o->op = rec->op;
      o->thr = (uint16_t) thr;
      o->dep = o->key = NONE;
      o->lidx = (uint32_t) r->thread_n[thr]++;
      o->flags = 0;
      st->calls[o->op]++;
      switch (o->op)
        {
        case TRACE_OP_MALLOC:
        case TRACE_OP_VALLOC:
        case TRACE_OP_PVALLOC:
          o->a = rec->arg[0];
          break;
        case TRACE_OP_CALLOC:
        case TRACE_OP_MEMALIGN:
        case TRACE_OP_ALIGNED_ALLOC:
        case TRACE_OP_POSIX_MEMALIGN:
          o->a = rec->arg[0];
          o->b = rec->arg[1];
          break;
        case TRACE_OP_REALLOC:
          o->a = rec->arg[1];
          break;
        case TRACE_OP_REALLOCARRAY:
          o->a = rec->arg[1];
          o->b = rec->arg[2];
          break;
        }
      int is_alloc = o->op != TRACE_OP_FREE
                     && o->op != TRACE_OP_MALLOC_USABLE_SIZE;
      if (is_alloc)
        {
          uint64_t req = rop_size (o, page);
          hist_add (st, req);
          int failed = rec->result == 0
                       || (o->op == TRACE_OP_POSIX_MEMALIGN
                           && rec->arg[2] != 0);
          /* realloc (p, 0) frees p and returns NULL: not a failure.  */
          if (is_realloc_op (o->op) && rec->arg[0] && req == 0)
            failed = 0;
          if (failed)
            {
              o->flags |= OPF_FAILED;
              st->failed[o->op]++;
            }
        }
      if ((is_realloc_op (o->op) || o->op == TRACE_OP_FREE
           || o->op == TRACE_OP_MALLOC_USABLE_SIZE) && rec->arg[0] == 0)
        {
          o->flags |= OPF_NULL;
          if (o->op == TRACE_OP_FREE)
            st->null_frees++;
        }
      if (is_realloc_op (o->op) && !(o->flags & OPF_NULL))
        {
          nrel++;
          if (rec->seq0 - minseq > maxrel)
            maxrel = rec->seq0 - minseq;
        }
    }

  /* The realloc family gives up the old block at seq0, before its
     place in the order (seq): those events, sorted by seq0.  */
  size_t relsz = (nrel ? nrel : 1) * sizeof (struct kv);
  struct kv *rel = trace_xmap (relsz);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (is_realloc_op (r->ops[i].op) && !(r->ops[i].flags & OPF_NULL))
      {
        rel[k].key = t->rec[r->fidx[i]].seq0 - minseq;
        rel[k].idx = (uint32_t) i;
        k++;
      }
  if (nrel)
    rel = radix_sort (rel, nrel, maxrel);

  /* Pass 2: blocks, in the order the program made and gave them up.  */
  struct rstate s = { t, r, { 0 }, 0, 0 };
  amap_grow (&s.am);
  size_t next_rel = 0;
  for (size_t i = 0; i < n; i++)
    {
      const struct trace_record *rec = &t->rec[r->fidx[i]];
      struct rop *o = &r->ops[i];
      uint64_t sq = rec->seq - minseq;
      while (next_rel < nrel && rel[next_rel].key < sq)
        {
          uint32_t j = rel[next_rel++].idx;
          const struct trace_record *rj = &t->rec[r->fidx[j]];
          if (r->ops[j].flags & OPF_FAILED)
            {
              /* A failed realloc leaves the block as it was.  */
              r->ops[j].flags |= OPF_SKIP;
              continue;
            }
          consume (&s, j, rj->arg[0], 1);
        }
      switch (o->op)
        {
        case TRACE_OP_FREE:
          if (!(o->flags & OPF_NULL))
            consume (&s, (uint32_t) i, rec->arg[0], 1);
          break;
        case TRACE_OP_MALLOC_USABLE_SIZE:
          if (!(o->flags & OPF_NULL))
            consume (&s, (uint32_t) i, rec->arg[0], 0);
          break;
        default:
          if (rec->result && !(o->flags & (OPF_SKIP | OPF_FAILED)))
            produce (&s, (uint32_t) i, rec->result, rop_size (o, page));
          break;
        }
    }
  for (size_t i = 0; i < n; i++)
    if (r->ops[i].flags & OPF_SKIP)
      st->skipped++;
  st->live_bytes_end = s.live;
  st->live_blocks_end = s.nlive;
  trace_unmap (s.am.t, s.am.cap * sizeof *s.am.t);
  trace_unmap (rel, relsz);

  /* Per-thread lists.  */
  r->thread_ops = trace_xmap (r->nthreads * sizeof *r->thread_ops);
  for (uint32_t q = 0; q < r->nthreads; q++)
    r->thread_ops[q] = trace_xmap (r->thread_n[q] * sizeof (uint32_t));
  for (size_t i = 0; i < n; i++)
    r->thread_ops[r->ops[i].thr][r->ops[i].lidx] = (uint32_t) i;
}
