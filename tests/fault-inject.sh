#!/bin/bash
# Allocation failure at every level, forced with RLIMIT_AS: the main
# heap cannot grow, a large chunk cannot be mapped, a thread cannot make
# its arena, a thread's arena cannot grow.  Every failure is NULL with
# ENOMEM, and allocation works again afterwards (tests/behave/fault-inject).
. "$(dirname "$0")/testlib"
harden_skip "freed chunks wait in the quarantine and do not come back at once"
prog=$tests/behave/fault-inject
[ -x "$prog" ] || fail "$prog is not built (make -C tests)"
$run "$prog" -v > "$tmp/out" 2>&1 || fail "$(cat "$tmp/out")"
# The same with the tcache off and one arena: failures take other paths.
GLIBC_TUNABLES=glibc.malloc.tcache_count=0:glibc.malloc.arena_max=1 \
  $run "$prog" heap mmap > "$tmp/out" 2>&1 || fail "tcache off, one arena: $(cat "$tmp/out")"
exit 0
