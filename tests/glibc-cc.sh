#!/bin/bash
# A program linked by glibc-cc runs on the build's loader by itself.
. "$(dirname "$0")/testlib"
b=$(cd "$gb/$build" && pwd -P)
"$top/scripts/glibc-cc" --$build -O2 -o "$tmp/maps" "$tests/print-maps.c"
interp=$(readelf -lW "$tmp/maps" | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')
[ "$interp" = "$b/elf/ld.so" ] || fail "interpreter is $interp, not $b/elf/ld.so"
maps=$("$tmp/maps")
echo "$maps" | grep -qx "$b/libc.so" || fail "linked program maps $maps"
"$top/scripts/glibc-cc" --$build -O2 -o "$tmp/family" "$tests/malloc-family.c"
"$tmp/family" || fail "malloc-family linked with glibc-cc failed"
