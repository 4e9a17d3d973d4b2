#!/bin/bash
# glibc's own elf/list-tunables on the build: the rtld and malloc
# tunables that `ld.so --list-tunables' prints must be the build's source
# tree's elf/tst-rtld-list-tunables.exp.  A tunable the series adds must
# be listed there too (glibc.malloc.check_metadata was not, found by
# make check-glibc: make check runs only malloc/ of glibc's suite).
. "$(dirname "$0")/testlib"
src=$gb/src/$build
b=$gb/$build
script=$src/elf/tst-rtld-list-tunables.sh
[ -f "$script" ] || fail "$script missing: run make"
[ -x "$b/elf/ld.so" ] || fail "$b/elf/ld.so missing: run make"
# As glibc's elf/Makefile runs it, with no tunables in the environment.
env -i PATH="$PATH" bash "$script" "$b/elf/ld.so" "" "" > "$tmp/out" ||
  fail "$script failed: $(cat "$tmp/out")"
cmp -s "$src/elf/tst-rtld-list-tunables.exp" "$tmp/out" ||
  fail "ld.so --list-tunables differs from elf/tst-rtld-list-tunables.exp: $(diff "$src/elf/tst-rtld-list-tunables.exp" "$tmp/out")"
