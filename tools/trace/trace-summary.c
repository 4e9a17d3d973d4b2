/* trace-summary -- what a malloc trace holds: calls per function, a log2
   histogram of request sizes, the peak of live bytes, threads and
   cross-thread frees.  scripts/trace-summary runs it.  */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "trace-read.h"

static void
usage (int status)
{
  fprintf (status ? stderr : stdout,
           "usage: trace-summary [--salvage] [--dump] TRACE\n"
           "Summarize a malloc trace made by scripts/record-trace.\n"
           "  --salvage  use the good records of a damaged trace\n"
           "  --dump     print every call in order instead\n");
  exit (status);
}

static const char *
human (uint64_t v, char *buf)
{
  static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
                                      "PiB", "EiB" };
  double d = (double) v;
  int u = 0;
  while (d >= 1024 && u < 6)
    {
      d /= 1024;
      u++;
    }
  if (u == 0)
    sprintf (buf, "%llu B", (unsigned long long) v);
  else
    sprintf (buf, "%.1f %s", d, unit[u]);
  return buf;
}

/* 2^K as 1 B, 2 KiB, 16 MiB ...  */
static const char *
pow2name (int k, char *buf)
{
  static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB",
                                      "PiB", "EiB" };
  sprintf (buf, "%llu %s", 1ULL << (k % 10), unit[k / 10]);
  return buf;
}

static void
dump (const struct trace *t, const struct resolved *r)
{
  printf ("%12s %12s %8s %-18s %s\n", "seq", "time ns", "tid", "function",
          "arguments -> result");
  for (size_t i = 0; i < r->n; i++)
    {
      const struct trace_record *x = &t->rec[r->fidx[i]];
      printf ("%12llu %12llu %8u %-18s %#llx %#llx %#llx -> %#llx\n",
              (unsigned long long) x->seq, (unsigned long long) x->time,
              x->tid, trace_op_names[x->op], (unsigned long long) x->arg[0],
              (unsigned long long) x->arg[1], (unsigned long long) x->arg[2],
              (unsigned long long) x->result);
    }
}

int
main (int argc, char **argv)
{
  trace_prog = "trace-summary";
  const char *path = NULL;
  unsigned flags = 0;
  int do_dump = 0;
  for (int i = 1; i < argc; i++)
    {
      if (!strcmp (argv[i], "--salvage"))
        flags |= TRACE_SALVAGE;
      else if (!strcmp (argv[i], "--dump"))
        do_dump = 1;
      else if (!strcmp (argv[i], "-h") || !strcmp (argv[i], "--help"))
        usage (0);
      else if (argv[i][0] == '-' && argv[i][1])
        {
          fprintf (stderr, "trace-summary: unknown option %s\n", argv[i]);
          usage (2);
        }
      else if (path)
        usage (2);
      else
        path = argv[i];
    }
  if (!path)
    usage (2);

  struct trace t;
  struct resolved r;
  trace_load (&t, path, flags, SIZE_MAX);
  trace_resolve (&t, &r);
  const struct trace_stats *st = &r.st;
  if (do_dump)
    {
      dump (&t, &r);
      return 0;
    }
  char b1[32], b2[32];

  time_t when = (time_t) (t.hdr.start_realtime_ns / 1000000000u);
  char date[64];
  strftime (date, sizeof date, "%Y-%m-%d %H:%M:%S", localtime (&when));
  printf ("trace %s: %s, pid %u (parent %u)%s, recorded %s\n", path,
          t.hdr.program[0] ? t.hdr.program : "?", t.hdr.pid, t.hdr.ppid,
          (t.hdr.flags & TRACE_HF_FORK_CHILD) ? ", a child after fork" : "",
          date);
  printf ("calls: %zu in %.3f s", r.n,
          r.n ? (st->last_time - st->first_time) / 1e9 : 0.0);
  if (t.has_end)
    {
      static const char *const how[] = { "?", "exit", "_exit", "signal" };
      uint64_t h = t.end.arg[1] < 4 ? t.end.arg[1] : 0;
      printf ("; ended by %s", how[h]);
      if (h == TRACE_END_SIGNAL)
        printf (" %llu (%s)", (unsigned long long) t.end.arg[2],
                strsignal ((int) t.end.arg[2]));
      if (t.late)
        printf (", %zu calls after the end record", t.late);
    }
  else
    printf ("; no end record (killed, or still running)");
  printf ("\n\n");

  printf ("%-20s %12s %10s\n", "function", "calls", "failed");
  for (int f = 1; f <= TRACE_OP_NFUNC; f++)
    if (st->calls[f])
      printf ("%-20s %12llu %10llu\n", trace_op_names[f],
              (unsigned long long) st->calls[f],
              (unsigned long long) st->failed[f]);
  printf ("%-20s %12zu\n\n", "all", r.n);

  printf ("request sizes (allocating calls, log2 buckets):\n");
  uint64_t maxh = 1;
  int lo = 66, hi = -1;
  for (int b = 0; b < 65; b++)
    if (st->hist[b])
      {
        maxh = st->hist[b] > maxh ? st->hist[b] : maxh;
        lo = b < lo ? b : lo;
        hi = b;
      }
  for (int b = lo; b <= hi; b++)
    {
      char range[64], l[16], u[16];
      if (b == 0)
        strcpy (range, "0");
      else
        snprintf (range, sizeof range, "[%s, %s)", pow2name (b - 1, l),
                  pow2name (b, u));
      int bar = (int) (st->hist[b] * 40 / maxh);
      if (st->hist[b] && bar == 0)
        bar = 1;
      printf ("  %16s %12llu %.*s\n", range,
              (unsigned long long) st->hist[b], bar,
              "########################################");
    }
  if (st->hist[65])
    printf ("  %16s %12llu (nmemb x size overflows)\n", "overflow",
            (unsigned long long) st->hist[65]);
  printf ("\n");
  printf ("live bytes peak: %s in %llu blocks at most (requested sizes)\n",
          human (st->live_bytes_peak, b1),
          (unsigned long long) st->live_blocks_peak);
  printf ("live at the end: %s in %llu blocks\n",
          human (st->live_bytes_end, b2),
          (unsigned long long) st->live_blocks_end);
  printf ("threads: %u\n", r.nthreads);
  for (uint32_t k = 0; k < r.nthreads && k < 32; k++)
    printf ("  tid %-10u %12zu calls\n", r.tids[k], r.thread_n[k]);
  if (r.nthreads > 32)
    printf ("  ... %u more\n", r.nthreads - 32);
  printf ("cross-thread frees: %llu (free or realloc of a block another "
          "thread allocated)\n", (unsigned long long) st->xthread_frees);
  printf ("free (NULL): %llu; frees of pointers the trace never returned: "
          "%llu; other calls on such pointers: %llu; addresses returned "
          "while live: %llu\n", (unsigned long long) st->null_frees,
          (unsigned long long) st->unknown_frees,
          (unsigned long long) st->unknown_other,
          (unsigned long long) st->conflicts);
  return 0;
}
