#!/bin/bash
# glibc-run really runs a program on the chosen build: the libc.so and
# ld.so mapped into the process are that build's, for a program of ours
# and for an unmodified system program (python3).
. "$(dirname "$0")/testlib"
want_libc=$(cd "$gb/$build" && pwd -P)/libc.so
maps=$($run "$tests/print-maps")
echo "$maps" | grep -qx "$want_libc" || fail "libc mapped is not $want_libc: $maps"
echo "$maps" | grep -q "/lib/x86_64-linux-gnu/libc.so" && fail "system libc mapped too: $maps"
echo "$maps" | grep -qx "$(cd "$gb/$build" && pwd -P)/elf/ld.so" || fail "ld.so is not the build's: $maps"
py=$($run /usr/bin/python3 -c 'import sqlite3, ssl
print("".join(l for l in open("/proc/self/maps") if "libc.so" in l), end="")')
echo "$py" | grep -q " $want_libc\$" || fail "python3 does not map $want_libc"
echo "$py" | grep -q "/lib/x86_64-linux-gnu/libc.so" && fail "python3 maps the system libc too"
exit 0
