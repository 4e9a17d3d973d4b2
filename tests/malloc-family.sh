#!/bin/bash
# Every member of the malloc family, called once through glibc-run.
. "$(dirname "$0")/testlib"
$run "$tests/malloc-family" || fail "malloc-family failed"
