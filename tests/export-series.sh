#!/bin/bash
# scripts/export-series writes the base's series as mails that git am
# applies, in order, to a fresh git repository of the base's tarball,
# and the tree that results is the one make built the patched libc
# from: every file the series touches is the same as in
# BASE-BUILD/src/patched (or absent from both).  That the tree builds is
# check-series' part (every prefix, -Werror) and make's.
. "$(dirname "$0")/testlib"
[ "$build" = patched ] || { echo "the mails make the patched tree"; exit 77; }
command -v git > /dev/null || fail "git not found: apt-get install git"
base=${GLIBC_BASE:-2.36}
. "$top/scripts/baselib"
GLIBC_BASE=$base
base_tarball
tarball=$base_tarball topdir=$base_topdir
src=$gb/src/patched
[ -f "$src/.series-state/files" ] || fail "$src has no series applied: run make"

"$top/scripts/export-series" --base "$base" "$tmp/mails" > "$tmp/log" 2>&1 ||
  fail "export-series failed: $(cat "$tmp/log")"
n=$(ls "$tmp/mails" | grep -c '^[0-9]*-.*\.patch$')
[ -f "$tmp/mails/0000-cover-letter.patch" ] || fail "no cover letter"
grep -q "^Subject: \[PATCH 0/$((n - 1))\]" "$tmp/mails/0000-cover-letter.patch" ||
  fail "the cover letter is not [PATCH 0/$((n - 1))]"

mkdir "$tmp/repo"
tar -C "$tmp/repo" -xf "$tarball"
r=$tmp/repo/$topdir
g() { git -C "$r" -c user.name=export-test -c user.email=export-test@localhost "$@"; }
g init -q && g add -A && g commit -qm base || fail "could not make a git repository of $tarball"
# An empty series (2.36-backport before its first patch) is a cover
# letter alone: git am would read a mailbox from stdin.
mails=$(ls "$tmp/mails"/[0-9]*.patch | grep -v /0000- || true)
if [ -n "$mails" ]; then
  g am -q $mails > "$tmp/am" 2>&1 || fail "git am failed: $(tail -5 "$tmp/am")"
fi
[ "$(g rev-list --count HEAD)" -eq "$n" ] || fail "git am made $(( $(g rev-list --count HEAD) - 1 )) commits of $((n - 1)) mails"
bad=0
while read -r f; do
  if [ -e "$src/$f" ] || [ -e "$r/$f" ]; then
    cmp -s "$src/$f" "$r/$f" || { echo "differs: $f" >&2; bad=$((bad + 1)); }
  fi
done < "$src/.series-state/files"
[ $bad -eq 0 ] || fail "$bad files differ between git am's tree and $src"
exit 0
