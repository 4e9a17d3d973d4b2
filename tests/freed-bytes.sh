#!/bin/bash
# Freed chunks keep the bytes the program left in them (tests/behave/
# freed-bytes.c): on patched, for every kind of free list, no freed byte
# changes; on stock the in-band links change some, which is what shows
# that the program can tell.
. "$(dirname "$0")/testlib"
harden_skip "freed memory is zeroed on purpose"
out=$($run "$tests/behave/freed-bytes") && status=0 || status=$?
echo "$out" | sed "s/^/  [$build] /"
case $build,$status in
  patched,0) ;;
  patched,*) fail "freed bytes changed on the patched build (status $status)" ;;
  stock,1)
    for class in tcache fastbin "small bin" "large bin"; do
      echo "$out" | grep -q "^$class: [1-9][0-9]* of" ||
        fail "stock left the $class chunks unchanged: the program cannot tell"
    done ;;
  stock,*) fail "stock: unexpected status $status" ;;
esac
