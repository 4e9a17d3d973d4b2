#!/bin/bash
# Damaged traces stop replay, mtreplay and trace-summary with a message
# naming the byte offset, and never crash them; a replay that cannot do
# what the recorded program did names the record.
. "$(dirname "$0")/testlib"
tt=$top/tools/trace
[ -x "$tt/replay" ] && [ -e "$tt/libmalloc-trace.so" ] && [ -x "$tests/trace-calls" ] ||
  fail "tools/trace or tests/trace-calls not built: run make -C tools/trace and make -C tests"
"$top/scripts/record-trace" --$build -o "$tmp/t" -- "$tests/trace-calls" exit 200 2> /dev/null
size=$(stat -c %s "$tmp/t")

# expect_bad FILE PATTERN: every reader exits 2 and prints PATTERN.
expect_bad() {
  local f=$1 pat=$2 rc
  for tool in replay mtreplay trace-summary; do
    rc=0
    if [ $tool = trace-summary ]; then
      "$tt/$tool" "$f" > "$tmp/out" 2>&1 || rc=$?
    else
      $run "$tt/$tool" "$f" > "$tmp/out" 2>&1 || rc=$?
    fi
    [ $rc -eq 2 ] || fail "$tool on $(basename "$f") exited $rc, not 2: $(cat "$tmp/out")"
    grep -q -- "$pat" "$tmp/out" || fail "$tool on $(basename "$f") did not say '$pat': $(cat "$tmp/out")"
  done
}

# Cut inside the last record.
head -c $((size - 20)) "$tmp/t" > "$tmp/cut"
last=$(( (size - 20 - 256) / 64 * 64 + 256 ))
expect_bad "$tmp/cut" "offset $last: truncated trace"
# Cut inside the header, empty file, not a trace.
head -c 100 "$tmp/t" > "$tmp/hdr"
expect_bad "$tmp/hdr" "offset 100: file ends inside the 256-byte header"
: > "$tmp/empty"
expect_bad "$tmp/empty" "offset 0"
head -c 5000 /bin/true > "$tmp/elf"
expect_bad "$tmp/elf" "offset 0: not a malloc trace"
# One byte changed in record 10.
cp "$tmp/t" "$tmp/flip"
off=$((256 + 10 * 64 + 30))
printf '\x5a' | dd of="$tmp/flip" bs=1 seek=$off conv=notrunc status=none
expect_bad "$tmp/flip" "offset $((256 + 10 * 64)): record 10"
# Garbage records after a good start.
{ head -c $((256 + 64 * 50)) "$tmp/t"; head -c 6400 /dev/urandom; } > "$tmp/garbage"
expect_bad "$tmp/garbage" "offset $((256 + 64 * 50)): record 50"
# A whole record missing from the middle: the end record's count says so.
{ head -c $((256 + 64 * 20)) "$tmp/t"; tail -c +$((256 + 64 * 21 + 1)) "$tmp/t"; } > "$tmp/gap"
expect_bad "$tmp/gap" "records are missing"

# --salvage uses the whole records of a cut trace.
$run "$tt/replay" --salvage "$tmp/cut" > "$tmp/out" 2>&1 || fail "replay --salvage failed: $(cat "$tmp/out")"
grep -q "warning: .*offset $last" "$tmp/out" || fail "replay --salvage gave no warning: $(cat "$tmp/out")"
# Cut at a record boundary (the end record lost): a warning naming the
# offset, and the records present replay.
head -c $((size - 64)) "$tmp/t" > "$tmp/noend"
"$tt/trace-summary" "$tmp/noend" > "$tmp/out" 2>&1 || fail "trace-summary refused a trace without end record"
grep -q "offset $((size - 64)): no end record" "$tmp/out" || fail "no warning for the missing end record: $(cat "$tmp/out")"
$run "$tt/replay" "$tmp/noend" > /dev/null 2>&1 || fail "replay refused a trace without end record"

# A replay that gets NULL where the recorded call succeeded names it:
# the recorded malloc (1 GiB) fails under a 300 MB address-space limit.
"$top/scripts/record-trace" --$build -o "$tmp/huge" -- "$tests/trace-calls" huge 100 2> /dev/null ||
  fail "trace-calls huge failed"
rc=0
( ulimit -v 300000; exec $run "$tt/replay" "$tmp/huge" ) > "$tmp/out" 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "replay under ulimit -v exited $rc, not 1: $(cat "$tmp/out")"
grep -q "record [0-9]* (offset [0-9]*, seq [0-9]*, thread [0-9]*): malloc(1073741824 bytes) returned NULL, but the recorded call succeeded" "$tmp/out" ||
  fail "replay failure does not name the record: $(cat "$tmp/out")"
exit 0
