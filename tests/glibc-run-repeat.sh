#!/bin/bash
# glibc-run reaches the program every time, however it is wrapped and
# however loaded the machine is: 300 runs under `stdbuf -o0' (and 100
# bare), with busy loops on every core, each run must print its own
# line.  A race in glibc-run's static-binary check (readelf piped into
# `grep -q', readelf killed by SIGPIPE) refused about one run in 30.
. "$(dirname "$0")/testlib"
command -v stdbuf >/dev/null || { echo "stdbuf not found (coreutils)" >&2; exit 77; }
n=${GLIBC_RUN_REPEAT:-300}
# Load: one busy loop per core, for at most two minutes, always reaped.
pids=()
for _ in $(seq "$(nproc)"); do
  timeout 120 sh -c 'while :; do :; done' & pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT
bad=0
for i in $(seq "$n"); do
  # python3's program headers: the larger readelf output widens the race.
  if [ $((i % 10)) -eq 0 ]; then prog=/usr/bin/python3; args=(-c "print('reached $i')")
  else prog=/bin/echo; args=("reached $i"); fi
  rc=0; out=$(stdbuf -o0 $run "$prog" "${args[@]}" 2>&1) || rc=$?
  if [ $rc -ne 0 ] || [ "$out" != "reached $i" ]; then
    bad=$((bad + 1)); echo "run $i (stdbuf, $prog): status $rc: $out" >&2
  fi
done
for i in $(seq $((n / 3))); do
  rc=0; out=$($run /bin/echo "reached $i" 2>&1) || rc=$?
  [ $rc -eq 0 ] && [ "$out" = "reached $i" ] ||
    { bad=$((bad + 1)); echo "run $i (bare): status $rc: $out" >&2; }
done
[ $bad -eq 0 ] || fail "$bad of $((n + n / 3)) runs did not reach the program"
