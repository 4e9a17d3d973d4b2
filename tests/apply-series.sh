#!/bin/bash
# scripts/apply-series (which make runs) keeps a quilt tree in line with
# a series.  When the patches applied in the tree are no longer the first
# ones of the series -- a patch renamed or removed, or patches/ replaced
# by another series, as when the 2.36 series became the backport -- quilt
# refuses to pop them one by one; the script must then pop them all from
# quilt's own copies and apply the new series, and must refuse, saying
# how to go on, when the tree has edits that no patch holds.  A check of
# the script on a small tree of its own: runs once, with the patched 2.36
# build.
. "$(dirname "$0")/testlib"
[ "$build" = patched ] && [ "${GLIBC_BASE:-2.36}" = 2.36 ] ||
  { echo "a check of scripts/apply-series: runs once, with the patched 2.36 build"; exit 77; }
command -v quilt >/dev/null || fail "quilt not found: apt-get install quilt (bash scripts/setup installs it)"

t=$tmp/tree
mkdir -p "$t/d"
echo '#define VERSION "test"' > "$t/version.h"
printf 'a\nb\nc\n' > "$t/d/f"

# series DIR NAME:FROM:TO...: a series whose patches each change line FROM
# of d/f into TO, on what the patches before it left.
series() {
  local dir=$1 cur=$tmp/cur; shift
  mkdir -p "$dir"; : > "$dir/series"
  cp "$t/d/f" "$cur"
  local spec name from to
  for spec in "$@"; do
    IFS=: read -r name from to <<< "$spec"
    sed "s/^$from\$/$to/" "$cur" > "$cur.new"
    diff -u --label a/d/f --label b/d/f "$cur" "$cur.new" > "$dir/$name" || true
    mv "$cur.new" "$cur"
    echo "$name" >> "$dir/series"
  done
}
series "$tmp/old" 0001-old-b.patch:b:B 0002-old-c.patch:c:C
series "$tmp/new" 0001-new-a.patch:a:A

as() { [ "$(tr '\n' ' ' < "$t/d/f")" = "$1 " ] || fail "$2: d/f is '$(tr '\n' ' ' < "$t/d/f")', not '$1'"; }
"$top/scripts/apply-series" "$t" "$tmp/old" > "$tmp/log" 2>&1 ||
  fail "the first series did not apply: $(cat "$tmp/log")"
as "a B C" "after the first series"

# Another series, none of whose patches is applied: all popped, the new
# one pushed.  (quilt checks the applied patches against a series file
# newer than its record of them, as a git checkout leaves it.)
touch "$tmp/new/series"
"$top/scripts/apply-series" "$t" "$tmp/new" > "$tmp/log" 2>&1 ||
  fail "switching to a series with other patches failed: $(cat "$tmp/log")"
as "A b c" "after switching series"
[ "$(cat "$t/.pc/applied-patches")" = 0001-new-a.patch ] ||
  fail "applied after the switch: $(cat "$t/.pc/applied-patches")"

# And back, with an edit in the tree that no patch holds: refused, the
# edit kept.
echo edit >> "$t/d/f"
touch "$tmp/old/series"
if "$top/scripts/apply-series" "$t" "$tmp/old" > "$tmp/log" 2>&1; then
  fail "a switch discarded edits that no patch holds"
fi
grep -q "make reset-patched" "$tmp/log" || fail "the refusal does not say what to do: $(cat "$tmp/log")"
as "A b c edit" "after the refused switch"

# Without the edit the switch back works.
sed -i '$d' "$t/d/f"
touch "$tmp/old/series"
"$top/scripts/apply-series" "$t" "$tmp/old" > "$tmp/log" 2>&1 ||
  fail "switching back failed: $(cat "$tmp/log")"
as "a B C" "after switching back"
