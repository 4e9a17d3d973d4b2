#!/bin/bash
# A multithreaded trace with cross-thread frees: trace-summary counts
# them, and mtreplay replays it with one thread per recorded thread,
# each free after its allocation in another thread (a block freed
# before it exists would fail the lookup, or the tag check).
. "$(dirname "$0")/testlib"
tt=$top/tools/trace
[ -x "$tt/mtreplay" ] && [ -e "$tt/libmalloc-trace.so" ] && [ -x "$tests/trace-calls" ] ||
  fail "tools/trace or tests/trace-calls not built: run make -C tools/trace and make -C tests"
"$top/scripts/record-trace" --$build -o "$tmp/t" -- "$tests/trace-calls" threads 1024 2> /dev/null ||
  fail "trace-calls threads failed"
"$tt/trace-summary" "$tmp/t" > "$tmp/s"
# 4 threads x 16 rounds x 64 blocks, each freed by the next thread.
grep -q "^cross-thread frees: 4096 " "$tmp/s" || fail "expected 4096 cross-thread frees: $(grep cross "$tmp/s")"
grep -q "^threads: 5$" "$tmp/s" || fail "expected 5 threads: $(grep ^threads "$tmp/s")"
calls=$(sed -n 's/^calls: \([0-9]*\) .*/\1/p' "$tmp/s")
for i in 1 2 3; do
  $run "$tt/mtreplay" --json "$tmp/t" > "$tmp/j" 2>&1 || fail "mtreplay failed: $(cat "$tmp/j")"
  python3 - "$tmp/j" "$calls" <<'PY' || fail "mtreplay: $(cat "$tmp/j")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["replay_threads"] == 5, d
assert d["calls"] == int(sys.argv[2]), d
assert d["xthread"] >= 4096, d
PY
done
# The workload of ours with cross-thread frees and reallocs.
[ -x "$top/workloads/mt-xfree" ] || fail "workloads/mt-xfree not built: make -C workloads"
"$top/scripts/record-trace" --$build -o "$tmp/mt" -- "$top/workloads/mt-xfree" 3 20000 > /dev/null 2>&1 ||
  fail "mt-xfree failed under the recorder"
x=$("$tt/trace-summary" "$tmp/mt" | sed -n 's/^cross-thread frees: \([0-9]*\) .*/\1/p')
[ "${x:-0}" -ge 60000 ] || fail "mt-xfree: ${x:-no} cross-thread frees, expected 60000"
grep -q "addresses returned while live: 0$" <("$tt/trace-summary" "$tmp/mt") ||
  fail "mt-xfree trace inconsistent: $("$tt/trace-summary" "$tmp/mt" | tail -1)"
$run "$tt/mtreplay" "$tmp/mt" > "$tmp/o" 2>&1 || fail "mtreplay of mt-xfree failed: $(cat "$tmp/o")"
$run "$tt/replay" "$tmp/mt" > "$tmp/o" 2>&1 || fail "replay of mt-xfree failed: $(cat "$tmp/o")"
exit 0
