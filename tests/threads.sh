#!/bin/bash
# Threads allocating, freeing each other's chunks, exiting mid-run and
# forking while others allocate (tests/behave/thread-stress), natively on
# the build: through the public names, and through the __libc_* names
# the valgrind runs use (tests/threads-valgrind.sh).
. "$(dirname "$0")/testlib"
prog=$tests/behave/thread-stress
[ -x "$prog" ] || fail "$prog is not built (make -C tests)"
$run "$prog" -t 4 -n 48 -i 20000 -f 24 -s 1 > "$tmp/out" 2>&1 || fail "$(cat "$tmp/out")"
$run "$prog" -t 3 -n 24 -i 20000 -f 12 -s 2 -L > "$tmp/out" 2>&1 || fail "-L: $(cat "$tmp/out")"
# Few arenas: threads share them, and exits hand arenas on.
GLIBC_TUNABLES=glibc.malloc.arena_max=2 $run "$prog" -t 4 -n 32 -i 20000 -f 8 -s 3 > "$tmp/out" 2>&1 ||
  fail "arena_max=2: $(cat "$tmp/out")"
exit 0
