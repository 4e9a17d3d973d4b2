#!/bin/bash
# libc_malloc_debug.so on each build: it is the build's own copy that
# LD_PRELOAD loads under glibc-run, and MALLOC_CHECK_=3, mcheck and
# mtrace work with it (tests/behave/debug-probe).
. "$(dirname "$0")/testlib"
harden_skip "the tunable catches the overflow that this test expects only the debugging library to catch"
prog=$tests/behave/debug-probe
[ -x "$prog" ] || fail "$prog is not built (make -C tests)"
b=$(cd "$gb/$build" && pwd -P)
pre=libc_malloc_debug.so

# The build's copy is the one loaded, found by name on glibc-run's path.
got=$(LD_PRELOAD=$pre $run "$prog" maps)
[ "$got" = "$b/malloc/libc_malloc_debug.so" ] || fail "LD_PRELOAD=$pre mapped '$got', not $b/malloc/libc_malloc_debug.so"
got=$($run "$prog" maps)
[ "$got" = none ] || fail "without LD_PRELOAD, $got is mapped"

# Ordinary use works with the debug library, with and without checking.
for env in "" "MALLOC_CHECK_=3" "MALLOC_CHECK_=1" "MALLOC_CHECK_=0"; do
  env LD_PRELOAD=$pre $env $run "$prog" ops > "$tmp/out" 2>&1 ||
    fail "ops with LD_PRELOAD=$pre $env: $(cat "$tmp/out")"
done

# MALLOC_CHECK_=3 catches an overrun by one byte, and a double free,
# with the message and the abort stock gives.
# quiet CMD...: run CMD in an inner shell, so that its death by a signal
# is reported there (into the output file) and not by this script.
quiet() { bash -c '"$@"' _ "$@"; }
expect_abort() {   # expect_abort MODE MESSAGE
  local rc=0
  quiet env LD_PRELOAD=$pre MALLOC_CHECK_=3 $run "$prog" "$1" > "$tmp/out" 2>&1 || rc=$?
  [ $rc -eq 134 ] || fail "MALLOC_CHECK_=3 $1: exit $rc, not 134 (SIGABRT): $(cat "$tmp/out")"
  grep -qF "$2" "$tmp/out" || fail "MALLOC_CHECK_=3 $1: no '$2' in: $(cat "$tmp/out")"
}
expect_abort overflow "free(): invalid pointer"
expect_abort double-free "free(): invalid pointer"
expect_abort realloc-overflow "realloc(): invalid pointer"
# Without the library MALLOC_CHECK_ does nothing (glibc 2.34 on), and the
# overrun goes unseen; a double free is still caught by the tcache.
MALLOC_CHECK_=3 $run "$prog" overflow > "$tmp/out" 2>&1 ||
  fail "MALLOC_CHECK_=3 without the library aborted: $(cat "$tmp/out")"
rc=0; quiet $run "$prog" double-free > "$tmp/out" 2>&1 || rc=$?
# (stock says "... in tcache 2"; the patched build's record state says
# "... in tcache").
[ $rc -eq 134 ] && grep -qF "free(): double free detected in tcache" "$tmp/out" ||
  fail "double free without the library: exit $rc: $(cat "$tmp/out")"

# mcheck: on with the library (mprobe sees a tail and a head overrun),
# refused without it.
want=$'mcheck=0\nok=0\ntail=3\nhead=2\nrestored=-2\nops: all checks passed'
got=$(LD_PRELOAD=$pre $run "$prog" mcheck 2>&1) || fail "mcheck: $got"
[ "$got" = "$want" ] || fail "mcheck with the library: '$got'"
got=$($run "$prog" mcheck 2>&1) || fail "mcheck without the library: $got"
[ "$(echo "$got" | head -1)" = "mcheck=-1" ] || fail "mcheck without the library: '$got'"

# mtrace: every call lands in the trace, and glibc's mtrace script finds
# no leak in it.
LD_PRELOAD=$pre MALLOC_TRACE=$tmp/trace $run "$prog" mtrace > "$tmp/out" 2>&1 ||
  fail "mtrace: $(cat "$tmp/out")"
if command -v mtrace > /dev/null; then
  mtrace "$prog" "$tmp/trace" > "$tmp/leaks" 2>&1 || true
  grep -q "No memory leaks" "$tmp/leaks" || fail "mtrace script: $(cat "$tmp/leaks")"
fi
# Without the library, mtrace () does nothing.
MALLOC_TRACE=$tmp/trace2 $run "$prog" mtrace > "$tmp/out" 2>&1 && fail "mtrace without the library traced"
[ ! -s "$tmp/trace2" ] || fail "mtrace without the library wrote $tmp/trace2"
exit 0
