#!/bin/bash
# The glibc.malloc.* tunables each change what they govern, and only
# that: tests/behave/tunables-probe observes a behaviour with and without
# GLIBC_TUNABLES, and the results must be these (stock's).
. "$(dirname "$0")/testlib"
harden_skip "the quarantine and its cache stand between free and the tcache the probes count"
prog=$tests/behave/tunables-probe
[ -x "$prog" ] || fail "$prog is not built (make -C tests)"
probe() {   # probe TUNABLES PROBE EXPECTED
  local got
  got=$(GLIBC_TUNABLES=$1 $run "$prog" "$2" 2>&1 | tr '\n' ' ' | sed 's/ $//') ||
    fail "probe $2 with GLIBC_TUNABLES='$1' failed: $got"
  [ "$got" = "$3" ] || fail "probe $2 with GLIBC_TUNABLES='$1': '$got', expected '$3'"
}
t=glibc.malloc
probe "" arenas "arenas=5"
probe "$t.arena_max=1" arenas "arenas=1"
probe "$t.arena_max=2" arenas "arenas=2"
probe "$t.arena_test=1" arenas "arenas=5"      # arena_max unset: no cap yet
# The tcache's default count: 7 on 2.36, 16 on master (after 2.41).
if [ "${GLIBC_BASE:-2.36}" = master ]; then def=0; else def=3; fi
probe "" tcache "binned=$def"                   # 10 - count in the tcache
probe "$t.tcache_count=0" tcache "binned=10"
probe "$t.tcache_count=3" tcache "binned=7"
probe "$t.tcache_count=70000" tcache "binned=$def"   # out of range: ignored
probe "" tcache-max "binned=$def"
probe "$t.tcache_max=64" tcache-max "binned=10"   # 100 bytes skip the tcache
probe "$t.tcache_max=64" tcache "binned=$def"     # 24 bytes still use it
probe "" mmap "mmapped_70000=0 mmapped_200000=1"
probe "$t.mmap_threshold=65536" mmap "mmapped_70000=1 mmapped_200000=1"
probe "$t.mmap_threshold=1048576" mmap "mmapped_70000=0 mmapped_200000=0"
probe "$t.mmap_max=0" mmap "mmapped_70000=0 mmapped_200000=0"
probe "" trim "trimmed=yes"
probe "$t.trim_threshold=1073741824" trim "trimmed=no"
probe "$t.top_pad=0:$t.trim_threshold=131072" trim "trimmed=yes"
probe "" perturb "byte=0x00"
probe "$t.perturb=90" perturb "byte=0xa5"
probe "$t.perturb=255" perturb "byte=0x00"
# hugetlb=1 advises transparent huge pages (madvise, VmFlags "hg") when
# the kernel's THP mode is madvise; hugetlb=2 asks for MAP_HUGETLB pages
# and falls back to normal ones when none are reserved.
probe "" hugetlb "hg=0 ht=0"
thp=$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || true)
if [[ $thp == *"[madvise]"* ]]; then
  probe "$t.hugetlb=1" hugetlb "hg=1 ht=0"
else
  GLIBC_TUNABLES=$t.hugetlb=1 $run "$prog" hugetlb > /dev/null ||
    fail "hugetlb=1 (THP mode: $thp) failed"
fi
free_huge=$(awk '/^HugePages_Free:/ {print $2}' /proc/meminfo 2>/dev/null || echo 0)
if [ "${free_huge:-0}" -gt 4 ]; then
  probe "$t.hugetlb=2" hugetlb "hg=0 ht=1"
else
  probe "$t.hugetlb=2" hugetlb "hg=0 ht=0"
fi
# Several at once.
probe "$t.tcache_count=0:$t.arena_max=1:$t.perturb=90" tcache "binned=10"
probe "$t.tcache_count=0:$t.arena_max=1:$t.perturb=90" arenas "arenas=1"
probe "$t.tcache_count=0:$t.arena_max=1:$t.perturb=90" perturb "byte=0xa5"
exit 0
