#!/bin/bash
# The bug classes of glibc.malloc.harden (issue 17), each committed by
# tests/behave/mem-bugs at three sizes: 8 bytes (tcache), 4096 (bins)
# and 256 KiB (mmapped).  Every run is classified:
#   caught: MESSAGE   malloc aborted (SIGABRT with the first line it
#                     wrote on stderr);
#   crashed: SIGNAL   the process died otherwise (a segfault is the
#                     kernel's doing, not the allocator's);
#   unseen            the program reached its end (what it printed
#                     follows: data N / clean, same / different).
# On stock the table is only recorded.  On patched, each case runs with
# the tunable off and with glibc.malloc.harden=1:
#   off: the tunable must change nothing: the overflows and the write
#        after free go unseen, a freed small block comes straight back,
#        its bytes still show the program's data;
#   on:  every bug class is caught with a message naming the fault, at
#        every size (want[] below), reads of freed and fresh blocks show
#        no data, and a freed block is not handed straight back.
# The table goes to $GLIBC_BUILD/report/harden-BUILD.txt and to stderr;
# README's table of bug classes is made from the two files.
. "$(dirname "$0")/testlib"
prog=$tests/behave/mem-bugs
# This test sets the tunable itself, off and on (make check HARDEN=1).
unset GLIBC_RUN_PATCHED_TUNABLES
[ -x "$gb/$build/elf/ld.so" ] || fail "the $build glibc is not built ($gb/$build/elf/ld.so missing): run make first"
if [ ! -x "$prog" ] || [ "$prog.c" -nt "$prog" ]; then
  if [ -f "$tests/behave/Makefile" ]; then
    make -C "$tests/behave" mem-bugs > "$tmp/build.log" 2>&1 ||
      { cat "$tmp/build.log" >&2; fail "make -C tests/behave mem-bugs failed"; }
  else
    ${CC:-gcc} -O2 -Wall -fno-builtin -o "$prog" "$prog.c" > "$tmp/build.log" 2>&1 ||
      { cat "$tmp/build.log" >&2; fail "could not compile $prog.c"; }
  fi
fi

cases=(over1 over32 over1-memcpy over32-memcpy under1 under32 zero-write
       uaf-write uaf-read stale-read reuse double-free)
sizes=(8 4096 262144)

# What harden=1 must give, per case: a message (extended regex) the
# abort must carry, or the line the program must print.
declare -A want=(
  [over1]='caught: .*heap overflow past the end of a block'
  [over32]='caught: .*heap overflow past the end of a block'
  [over1-memcpy]='caught: .*heap overflow past the end of a block'
  [over32-memcpy]='caught: .*heap overflow past the end of a block'
  [under1]='caught: .*corrupted header before a block'
  [under32]='caught: .*corrupted header before a block'
  [zero-write]='caught: .*heap overflow past the end of a block'
  [uaf-write]='caught: .*write after free'
  [uaf-read]='unseen: clean'
  [stale-read]='unseen: clean'
  [reuse]='unseen: different'
  [double-free]='caught: .*double free'
)
# Where a size needs another outcome, and why.
declare -A want_at=(
  # 32 bytes before a block overwrite the word that names its record:
  # free can no longer tell the block from a pointer into the middle of
  # one.  Before a mmapped block, the write itself faults: the block's
  # mapping starts 16 bytes before it.
  [under32,8]='caught: .*(corrupted header before a block|invalid pointer)'
  [under32,4096]='caught: .*(corrupted header before a block|invalid pointer)'
  [under32,262144]='crashed: SIGSEGV'
)

sig_name() { local s; s=$(kill -l "$1" 2>/dev/null) && echo "SIG$s" || echo "signal $1"; }

# run TUNABLES CASE SIZE: prints the classified outcome.
run_case() {
  local rc=0 msg
  { ( ulimit -c 0; exec timeout -k 2 20 env GLIBC_TUNABLES="$1" LIBC_FATAL_STDERR_=1 \
        $run "$prog" "$2" "$3" ) > "$tmp/out" 2> "$tmp/err"; } 2> /dev/null || rc=$?
  msg=$(sed -n '/[^[:space:]]/{s/|/\//g;p;q}' "$tmp/err" | cut -c1-120)
  case $rc in
    0) echo "unseen: $(grep -v '^end$' "$tmp/out" | head -n1)" | sed 's/: $//' ;;
    134) if [ -n "$msg" ]; then echo "caught: $msg"; else echo "crashed: SIGABRT"; fi ;;
    124|137) echo "crashed: timeout" ;;
    *) if [ "$rc" -gt 128 ]; then echo "crashed: $(sig_name $((rc - 128)))"
       else echo "crashed: exit $rc ($msg)"; fi ;;
  esac
}

report=$gb/report/harden-$build.txt
mkdir -p "$gb/report"
status=0
{
  echo "# Memory bugs of the program on the $build build ($(cd "$gb/$build" && pwd))"
  echo
  if [ "$build" = patched ]; then
    echo "| case | size | harden=0 | harden=1 |"
    echo "| --- | --- | --- | --- |"
  else
    echo "| case | size | stock |"
    echo "| --- | --- | --- |"
  fi
} > "$report"
for c in "${cases[@]}"; do
  for s in "${sizes[@]}"; do
    off=$(run_case "" "$c" "$s")
    if [ "$build" = stock ]; then
      echo "| $c | $s | $off |" >> "$report"
      case $off in
        crashed:\ exit*|crashed:\ timeout) status=1; echo "FAIL: $c $s on stock: $off" >&2 ;;
      esac
      continue
    fi
    on=$(run_case glibc.malloc.harden=1 "$c" "$s")
    echo "| $c | $s | $off | $on |" >> "$report"
    w=${want_at[$c,$s]:-${want[$c]}}
    if ! [[ $on =~ ^$w ]]; then
      status=1
      echo "FAIL: $c $s with glibc.malloc.harden=1: $on (want $w)" >&2
    fi
    # The tunable off: the silent classes stay silent where the series
    # alone has nothing to see (small and medium blocks).
    if [ "$s" != 262144 ]; then
      case $c in
        over1|over1-memcpy|uaf-read)
          [[ $off =~ ^unseen ]] && [[ $off != "unseen: clean" ]] || {
            status=1; echo "FAIL: $c $s with the tunable off: $off (want it unseen, as without the tunable)" >&2; } ;;
      esac
    fi
    if [ "$s" = 8 ] && [ "$c" = reuse ] && [ "$off" != "unseen: same" ]; then
      status=1; echo "FAIL: reuse 8 with the tunable off: $off (the tcache hands the block straight back)" >&2
    fi
  done
done
cat "$report" >&2
exit $status
