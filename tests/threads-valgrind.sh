#!/bin/bash
# tests/behave/thread-stress under valgrind's helgrind and drd, calling
# glibc's own malloc (-L, see thread-stress.c): no report, given only the
# suppressions in tests/behave/threads.supp (which stock needs too, each
# explained there, none in malloc).  A short run; `make check-threads'
# (scripts/check-threads) runs a long one.  A deliberate race (-R) must
# be reported, so the tools are known to be looking.
. "$(dirname "$0")/testlib"
prog=$tests/behave/thread-stress
[ -x "$prog" ] || fail "$prog is not built (make -C tests)"
command -v valgrind > /dev/null || { echo "valgrind not installed"; exit 77; }
ARGS=${THREADS_VALGRIND_ARGS:--t 3 -n 8 -i 3000 -f 3}
exec "$top/scripts/check-threads" --build "$build" --seeds 1 -- $ARGS
