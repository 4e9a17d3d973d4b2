#!/bin/bash
# The programs make bench runs, built and run briefly on this build:
# bench-malloc-simple and bench-malloc-thread stop at the BENCH_ITERS
# scripts/bench gives them (its cachegrind figures compare fixed
# iteration counts) and print the JSON it parses; lookup-bench, which
# compiles the patched tree's chunkinfo.c as an ordinary program, still
# builds and finds every record.  make bench is not part of make check,
# so this is what notices when one of them stops building.
. "$(dirname "$0")/testlib"
bd=$top/bench
make -C "$bd" programs > "$tmp/make.log" 2>&1 ||
  { tail -20 "$tmp/make.log" >&2; fail "make -C bench programs failed"; }

# The value at KEY of the benchmark's result (functions.malloc."").
result() {
  python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["functions"]["malloc"][""]
print(d[sys.argv[2]])' "$@"
}

BENCH_ITERS=50 $run "$bd/bench-malloc-simple" 64 > "$tmp/simple.json" ||
  fail "bench-malloc-simple 64 failed"
t=$(result "$tmp/simple.json" main_arena_st_allocs_0025_time) ||
  fail "bench-malloc-simple printed no main_arena_st_allocs_0025_time: $(head -c 300 "$tmp/simple.json")"
python3 -c "import sys; sys.exit(0 if float('$t') > 0 else 1)" ||
  fail "bench-malloc-simple reported a time of $t"

BENCH_ITERS=2000 BENCH_DURATION=600 $run "$bd/bench-malloc-thread" 2 \
  > "$tmp/thread.json" || fail "bench-malloc-thread 2 failed"
n=$(result "$tmp/thread.json" iterations) ||
  fail "bench-malloc-thread printed no iterations: $(head -c 300 "$tmp/thread.json")"
python3 -c "import sys; sys.exit(0 if float('$n') == 4000 else 1)" ||
  fail "bench-malloc-thread 2 ran $n iterations, not 2 x BENCH_ITERS = 4000"

if [ "$build" = patched ]; then
  out=$("$bd/lookup-bench" 1000) || fail "lookup-bench failed: $out"
  [ "$(grep -c '^[0-9]' <<< "$out")" -eq 6 ] ||
    fail "lookup-bench printed no six result rows: $out"
fi
