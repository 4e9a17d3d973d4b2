#!/bin/bash
# The files the 2.36 series (the backport) and the master series both
# create (the address map, the records, their tests) differ only as
# patches/differences.diff records (scripts/diff-bases;
# doc/backport-differences.md says why each difference exists), so that
# a fix made to one series is not missing from the other.  A text check
# of the two series: it runs once, with the patched 2.36 build, and
# also makes sure diff-bases notices a difference it was not told of.
. "$(dirname "$0")/testlib"
[ "$build" = patched ] && [ "${GLIBC_BASE:-2.36}" = 2.36 ] ||
  { echo "a check of the patch files: runs once, with the patched 2.36 build"; exit 77; }
bdir=$top/patches
n=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$bdir/series" 2>/dev/null | wc -l)
[ "$n" -gt 0 ] || fail "no 2.36 series ($bdir/series)"

"$top/scripts/diff-bases" "$bdir" > "$tmp/log" 2>&1 ||
  fail "the two series' copies of their files differ from what is recorded: $(cat "$tmp/log")"

# An unrecorded difference must be reported.
cp -r "$bdir" "$tmp/bp"
printf -- '--- master/malloc/x\n+++ backport-2.36/malloc/x\n@@ -1 +1 @@\n-a\n+b\n' \
  >> "$tmp/bp/differences.diff"
if "$top/scripts/diff-bases" "$tmp/bp" > "$tmp/log2" 2>&1; then
  fail "diff-bases accepted a recorded diff that does not match"
fi
grep -q "differ from what" "$tmp/log2" || fail "diff-bases failed without saying why: $(cat "$tmp/log2")"
