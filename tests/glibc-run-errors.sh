#!/bin/bash
# glibc-run refuses what it cannot run, with a message and no crash:
# a missing program, a script, a static binary, a missing build.
. "$(dirname "$0")/testlib"
expect() {   # expect STATUS PATTERN CMD...
  local want=$1 pat=$2; shift 2
  local rc=0
  "$@" > "$tmp/out" 2>&1 || rc=$?
  [ $rc -eq $want ] || fail "$* exited $rc, not $want: $(cat "$tmp/out")"
  grep -q "$pat" "$tmp/out" || fail "$* did not say '$pat': $(cat "$tmp/out")"
}
expect 127 "command not found" $run no-such-program-here
expect 126 "is a script" $run /usr/bin/ldd
printf 'int main(void){return 0;}\n' > "$tmp/s.c"
if gcc -static -o "$tmp/static" "$tmp/s.c" 2>/dev/null; then
  expect 126 "not a dynamically linked" $run "$tmp/static"
fi
expect 127 "is not built" env GLIBC_BUILD="$tmp/none" "$top/scripts/glibc-run" --$build /bin/true
# Status and streams pass through.
rc=0; $run /bin/sh -c 'cat; echo err >&2; exit 7' <<< "in" > "$tmp/o" 2> "$tmp/e" || rc=$?
[ $rc -eq 7 ] || fail "exit status $rc, not 7"
[ "$(cat "$tmp/o")" = in ] || fail "stdin/stdout did not pass through"
[ "$(cat "$tmp/e")" = err ] || fail "stderr did not pass through"
