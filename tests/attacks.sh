#!/bin/bash
# The heap-exploitation regression suite: every program in tests/attacks/
# (one published glibc heap exploitation technique each) run on BUILD
# and its outcome classified:
#   reached            the program reached its goal (exit 0);
#   no effect          it did not, and nothing aborted (exit 3);
#   blocked: MESSAGE   malloc aborted it (SIGABRT, MESSAGE being the first
#                      line malloc_printerr wrote on stderr);
#   crashed: SIGNAL    anything else (SIGSEGV, SIGABRT without a message,
#                      an unexpected exit status);
#   timeout            still running after $ATTACK_TIMEOUT seconds (default
#                      10), or not run because the suite's budget of 55
#                      seconds was spent (each program takes well under
#                      a second).
# The table goes to $GLIBC_BUILD/report/attacks-BUILD.txt and to stderr;
# tests/attacks/table combines the stock and patched tables.
#
# tests/attacks/expected lists every technique with the class expected on
# the patched build at the current state of patches/series: `reached'
# or `blocked' (aborted or no effect); tests/attacks/expected-master the
# same for glibc master and patches/master/series (GLIBC_BASE=master).
#   stock:   passes when every program ran to a classified outcome: no
#            timeout, no crash (a crash on stock is a bug in the program).
#   patched: fails when a technique expected `blocked' reaches its goal,
#            or a program crashes or times out (a crash is not a block);
#            a technique expected `reached' that is blocked now is
#            reported as an improvement: update `expected'.
. "$(dirname "$0")/testlib"
adir=$tests/attacks
case ${GLIBC_BASE:-2.36} in
  master) expected=$adir/expected-master ;;
  *) expected=$adir/expected ;;
esac
timeout_s=${ATTACK_TIMEOUT:-10}

[ -x "$gb/$build/elf/ld.so" ] || fail "the $build glibc is not built ($gb/$build/elf/ld.so missing): run make first"
[ -f "$expected" ] || fail "$expected is missing"
declare -A want
names=()
while read -r name class _; do
  case $class in
    reached|blocked) ;;
    *) fail "$expected: $name: class '$class' is neither reached nor blocked" ;;
  esac
  [ -f "$adir/$name.c" ] || fail "$expected lists $name but there is no $adir/$name.c"
  grep -qw -- "$name" "$adir/Makefile.am" || fail "$name is not in ATTACKS in $adir/Makefile.am"
  want[$name]=$class
  names+=("$name")
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$expected")
for c in "$adir"/*.c; do
  n=$(basename "$c" .c)
  [ -n "${want[$n]:-}" ] || fail "$adir/$n.c has no line in $expected"
done

# Build what is missing or out of date: with the configured Makefile if
# there is one, else with gcc directly (same flags as Makefile.am).
stale=()
for n in "${names[@]}"; do
  if [ ! -x "$adir/$n" ] || [ "$adir/$n.c" -nt "$adir/$n" ] || [ "$adir/attack.h" -nt "$adir/$n" ]; then
    stale+=("$n")
  fi
done
if [ ${#stale[@]} -gt 0 ]; then
  if [ -f "$adir/Makefile" ]; then
    make -C "$adir" "${stale[@]}" > "$tmp/build.log" 2>&1 ||
      { cat "$tmp/build.log" >&2; fail "make -C tests/attacks failed (is the tree configured? run ./configure)"; }
  elif command -v "${CC:-gcc}" > /dev/null; then
    for n in "${stale[@]}"; do
      "${CC:-gcc}" -O0 -g -w -fno-builtin -o "$adir/$n" "$adir/$n.c" > "$tmp/build.log" 2>&1 ||
        { cat "$tmp/build.log" >&2; fail "could not compile $adir/$n.c"; }
    done
  else
    fail "tests/attacks is not built, not configured (no Makefile) and there is no C compiler"
  fi
  for n in "${stale[@]}"; do
    [ -x "$adir/$n" ] || fail "building tests/attacks did not produce $adir/$n"
  done
fi

sig_name() { local s; s=$(kill -l "$1" 2>/dev/null) && echo "SIG$s" || echo "signal $1"; }

report=$gb/report/attacks-$build.txt
mkdir -p "$gb/report"
declare -A outcome
status=0
notes=()
counts_r=0 counts_b=0 counts_n=0 counts_c=0 counts_t=0
start=$(date +%s)
deadline=$((start + 55))
for n in "${names[@]}"; do
  rc=0
  left=$((deadline - $(date +%s)))
  [ "$left" -lt "$timeout_s" ] || left=$timeout_s
  if [ "$left" -ge 1 ]; then
    { ( ulimit -c 0; exec timeout -k 2 "$left" env LIBC_FATAL_STDERR_=1 $run "$adir/$n" ) \
        > "$tmp/$n.out" 2> "$tmp/$n.err"; } 2> /dev/null || rc=$?
  else
    echo "not run: the suite's time budget is spent" > "$tmp/$n.out"
    : > "$tmp/$n.err"
    rc=124
  fi
  # The allocator's message: the first non-blank line on stderr (the
  # programs write only on stdout), kept Markdown-table safe.
  msg=$(sed -n '/[^[:space:]]/{s/|/\//g;p;q}' "$tmp/$n.err" | cut -c1-160)
  case $rc in
    0) o="reached"; cls=reached; counts_r=$((counts_r + 1)) ;;
    3) o="no effect"; cls=blocked; counts_n=$((counts_n + 1)) ;;
    124|137) o="timeout"; cls=bad; counts_t=$((counts_t + 1)) ;;
    134)
      if [ -n "$msg" ]; then
        o="blocked: $msg"; cls=blocked; counts_b=$((counts_b + 1))
      else
        o="crashed: SIGABRT without a malloc message"; cls=bad; counts_c=$((counts_c + 1))
      fi ;;
    *)
      if [ "$rc" -gt 128 ]; then o="crashed: $(sig_name $((rc - 128)))"
      else o="crashed: exit $rc"; fi
      cls=bad; counts_c=$((counts_c + 1)) ;;
  esac
  outcome[$n]=$o
  if [ $cls = bad ]; then
    status=1
    notes+=("FAIL: $n: $o")
    sed 's/^/    stdout| /' "$tmp/$n.out" | tail -n 5 > "$tmp/$n.ctx"
    sed 's/^/    stderr| /' "$tmp/$n.err" | tail -n 5 >> "$tmp/$n.ctx"
    notes+=("$(cat "$tmp/$n.ctx")")
  elif [ "$build" = patched ]; then
    if [ $cls = reached ] && [ "${want[$n]}" = blocked ]; then
      status=1
      notes+=("FAIL: $n reaches its goal on patched but is expected blocked: $(grep -m1 '^REACHED' "$tmp/$n.out" || true)")
    elif [ $cls = blocked ] && [ "${want[$n]}" = reached ]; then
      notes+=("IMPROVEMENT: $n is expected to be reached but is now '$o': change its line in tests/attacks/${expected##*/} to 'blocked'")
    fi
  fi
done
elapsed=$(( $(date +%s) - start ))

{
  echo "# Heap-exploitation attacks on the $build build ($(cd "$gb/$build" && pwd))"
  echo
  echo "| technique | outcome |"
  echo "| --- | --- |"
  for n in "${names[@]}"; do
    echo "| $n | ${outcome[$n]} |"
  done
  echo
  echo "${#names[@]} techniques: $counts_r reached, $counts_b blocked by a check, $counts_n no effect, $counts_c crashed, $counts_t timed out (${elapsed}s)."
} > "$report"
cat "$report" >&2
if [ ${#notes[@]} -gt 0 ]; then
  echo >&2
  printf '%s\n' "${notes[@]}" >&2
fi
[ $status -eq 0 ] || fail "see the notes above (table in $report)"
exit 0
