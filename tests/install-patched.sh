#!/bin/bash
# make install-patched prefix=DIR installs the patched libc as a sysroot,
# and a program linked with glibc-cc --prefix=DIR runs on it by itself.
# (Only the patched build has an install target; BASE is the base the
# test runs on.)
. "$(dirname "$0")/testlib"
[ "$build" = patched ] || { echo "only the patched build is installed"; exit 77; }
make -s -C "$top" install-patched BASE="${GLIBC_BASE:-2.36}" prefix="$tmp/root" > "$tmp/log" 2>&1 \
  || fail "make install-patched failed: $(tail -5 "$tmp/log")"
[ -x "$tmp/root/lib64/ld-linux-x86-64.so.2" ] || fail "no loader installed"
cmp -s "$tmp/root/lib64/libc.so.6" "$gb/patched/libc.so" \
  || fail "installed libc.so.6 is not the patched build's"
"$top/scripts/glibc-cc" --prefix="$tmp/root" -O2 -o "$tmp/maps" "$tests/print-maps.c"
maps=$("$tmp/maps")
echo "$maps" | grep -qx "$tmp/root/lib64/libc.so.6" || fail "linked program maps $maps"
"$top/scripts/glibc-cc" --prefix="$tmp/root" -O2 -o "$tmp/family" "$tests/malloc-family.c"
"$tmp/family" > /dev/null || fail "malloc-family on the installed libc failed"
