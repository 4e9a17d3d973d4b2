#!/bin/bash
# Python's own regression tests (Debian's libpython3.11-testsuite) on the
# build: allocation-heavy modules, run by `python3 -m test' in one
# process through glibc-run.  Every test case's result (from
# --junit-xml) must be the same as on stock.  REAL_LONG=1 (make
# check-long) runs a longer list.
#
# Only the interpreter that glibc-run starts runs on the build: tests
# that start a child python (test_threading does) run that child on the
# system libc.
. "$(dirname "$0")/testlib"
. "$tests/real-testlib"
py=/usr/bin/python3.11
[ -x $py ] || { echo "$py not installed"; exit 77; }
$py -c 'import test.libregrtest' 2> /dev/null ||
  { echo "Python's test suite is not installed (apt-get install libpython3.11-testsuite)"; exit 77; }
modules="test_dict test_list test_tuple test_set test_json test_re test_unicode
  test_collections test_deque test_sort test_itertools test_threading"
if [ -n "${REAL_LONG:-}" ]; then
  modules="$modules test_bytes test_pickle test_gc test_weakref test_array
    test_heapq test_bisect test_math test_decimal test_fractions test_statistics
    test_email test_minidom test_plistlib test_zlib test_hashlib test_io
    test_memoryview test_struct test_tracemalloc test_ast test_compile
    test_string test_format test_enum test_dataclasses test_functools
    test_operator test_copy test_shelve test_csv test_difflib test_textwrap
    test_queue test_thread test_concurrent_futures test_mmap"
fi
workload() {
  # SIGINT back to default: a shell that runs this in the background
  # ignores it, python then installs no handler, and test_threading's
  # interrupt_main tests fail.
  HOME=$1 PYTHONHASHSEED=0 env --default-signal=INT \
    $run $py -m test --junit-xml "$1/results.xml" $modules \
    > "$1/log" 2>&1
  local rc=$?
  [ $rc -eq 0 ] || tail -40 "$1/log" >&2
  # One line per test case: its name and how it ended.
  [ -s "$1/results.xml" ] || { echo "no results.xml"; return 1; }
  $py - "$1/results.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
cases = []
for c in ET.parse(sys.argv[1]).getroot().iter("testcase"):
    kinds = [k.tag for k in c if k.tag in ("failure", "error", "skipped")]
    cases.append("%s %s" % (c.get("name"), kinds[0] if kinds else "ok"))
for line in sorted(cases):
    print(line)
print("cases:", len(cases))
PY
  grep -E '^(All [0-9]+ tests OK|[0-9]+ tests? (failed|skipped)|Tests result:)' "$1/log"
  return $rc
}
real_compare python
