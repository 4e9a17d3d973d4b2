#!/bin/bash
# The odd members of the malloc family with their edge cases (calloc,
# realloc, reallocarray, memalign/aligned_alloc/posix_memalign,
# valloc/pvalloc, malloc_usable_size, malloc_trim, mallopt, mallinfo2,
# malloc_info, malloc_stats): tests/behave/family-edges, every group.
. "$(dirname "$0")/testlib"
harden_skip "M_PERTURB is ignored and mallinfo counts quarantined blocks as in use"
prog=$tests/behave/family-edges
[ -x "$prog" ] || fail "$prog is not built (make -C tests)"
$run "$prog" > "$tmp/out" 2>&1 || fail "$(cat "$tmp/out")"
