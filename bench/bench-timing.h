/* bench-timing.h: stand-in for glibc's benchtests/bench-timing.h, so that
   glibc's bench-malloc-*.c compile as ordinary programs against the
   installed headers.  Times are nanoseconds from CLOCK_MONOTONIC rather
   than TSC ticks; only their ratios between builds are used.  */
#ifndef BENCH_TIMING_H
#define BENCH_TIMING_H
#include <stdint.h>
#include <time.h>

typedef uint64_t timing_t;

#define TIMING_TYPE "clock_gettime"

static inline timing_t
bench_timing_now (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (timing_t) ts.tv_sec * 1000000000u + ts.tv_nsec;
}

#define TIMING_NOW(var) ((var) = bench_timing_now ())
#define TIMING_DIFF(diff, start, end) ((diff) = (end) - (start))
#define TIMING_ACCUM(sum, diff) ((sum) += (diff))
#define TIMING_PRINT_MEAN(d_total_s, d_iters) \
  printf ("\t%g", (d_total_s) / (d_iters))
#endif
