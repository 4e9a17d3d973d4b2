#!/bin/bash
# Record a program with a known number of calls, then replay the trace
# on this build: trace-summary, replay and mtreplay count the same calls
# per function.  Also: traces left by _exit, a fatal signal and a fork
# child are complete and replay; python3 records and replays.
. "$(dirname "$0")/testlib"
tt=$top/tools/trace
for p in "$tt/replay" "$tt/mtreplay" "$tt/trace-summary" "$tt/libmalloc-trace.so" "$tests/trace-calls"; do
  [ -e "$p" ] || fail "$p is not built: run make -C tools/trace and make -C tests"
done
record() { "$top/scripts/record-trace" --$build "$@" 2> "$tmp/record.err" || true; }
# Counts of each function: from the summary, then from a replay's JSON.
summary_counts() {
  "$top/scripts/trace-summary" "$1" | awk '/^function/ {on = 1; next}
    on && /^all/ {exit} on && NF >= 2 {print $1 "=" $2}' | sort
}
replay_counts() {
  $run "$tt/$1" --json "$2" | python3 -c '
import json, sys
d = json.load(sys.stdin)
for k, v in sorted(d["functions"].items()):
    print(k + "=" + str(v["calls"]))'
}

record -o "$tmp/t" -- "$tests/trace-calls" exit 1000
want="aligned_alloc=10
calloc=100
free=1160
malloc=1000
malloc_usable_size=10
memalign=10
posix_memalign=10
pvalloc=10
realloc=100
reallocarray=10
valloc=10"
got=$(summary_counts "$tmp/t")
[ "$got" = "$want" ] || fail "trace-summary counts differ from the calls made: $got"
for r in replay mtreplay; do
  got=$(replay_counts $r "$tmp/t") || fail "$r failed on $tmp/t"
  [ "$got" = "$want" ] || fail "$r replayed other counts: $got"
done
"$top/scripts/trace-summary" "$tmp/t" | grep "ended by exit" >/dev/null || fail "no end record after exit"

# _exit, a signal, fork: each trace complete, with its end record.
record -o "$tmp/x" -- "$tests/trace-calls" _exit 300
"$top/scripts/trace-summary" "$tmp/x" > "$tmp/xs" || fail "trace after _exit unreadable"
grep -q "ended by _exit" "$tmp/xs" || fail "no end record after _exit: $(head -3 "$tmp/xs")"
grep -q "^malloc  *302 " "$tmp/xs" || fail "calls before _exit missing: $(grep ^malloc "$tmp/xs")"
record -o "$tmp/s" -- "$tests/trace-calls" signal 300
"$top/scripts/trace-summary" "$tmp/s" > "$tmp/ss" || fail "trace after SIGTERM unreadable"
grep -q "ended by signal 15" "$tmp/ss" || fail "no end record after SIGTERM: $(head -3 "$tmp/ss")"
grep -q "^malloc  *301 " "$tmp/ss" || fail "calls before the signal missing"
record -o "$tmp/f" -- "$tests/trace-calls" fork 300
child=$(ls "$tmp"/f.[0-9]* 2>/dev/null | head -1)
[ -n "$child" ] || fail "the fork child wrote no trace: $(cat "$tmp/record.err")"
for f in "$tmp/f" "$child"; do
  "$top/scripts/trace-summary" "$f" | grep "^malloc  *300 " >/dev/null || fail "$f: not the 300 mallocs of one process"
  $run "$tt/replay" "$f" > /dev/null || fail "replay of $f failed"
done
"$top/scripts/trace-summary" "$child" | grep "a child after fork" >/dev/null || fail "$child is not marked as a fork child"

# An unmodified system program.
record -o "$tmp/py" -- /usr/bin/python3 -c 'import json; json.dumps(list(range(20000)))'
n=$("$top/scripts/trace-summary" "$tmp/py" | sed -n 's/^calls: \([0-9]*\) .*/\1/p')
[ "${n:-0}" -gt 1000 ] || fail "python3 trace has ${n:-no} calls: $(cat "$tmp/record.err")"
for r in replay mtreplay; do
  $run "$tt/$r" "$tmp/py" > "$tmp/out" || fail "$r of the python3 trace failed: $(cat "$tmp/out")"
done
exit 0
