#!/bin/bash
# The differential fuzzer (tests/behave/malloc-fuzz), a short budget:
# fixed seeds, one thread and three, each run on this build must pass
# every check (scripts/run-checks runs it on both builds with the same
# seeds).  `make fuzz-long' (scripts/fuzz-long) runs it for longer.
. "$(dirname "$0")/testlib"
prog=$tests/behave/malloc-fuzz
[ -x "$prog" ] || fail "$prog is not built (make -C tests)"
for args in "-s 1 -n 30000" "-s 2 -n 30000" "-s 3 -t 3 -n 10000" "-s 4 -t 2 -n 10000"; do
  $run "$prog" $args > "$tmp/out" 2>&1 || fail "malloc-fuzz $args: $(cat "$tmp/out")"
done
# The control: a stray write into a live chunk is caught.
if $run "$prog" -s 5 -n 3000 -X > "$tmp/out" 2>&1; then
  fail "malloc-fuzz -X: the flipped byte went unnoticed: $(cat "$tmp/out")"
fi
grep -q "changed" "$tmp/out" || fail "malloc-fuzz -X: $(cat "$tmp/out")"
exit 0
