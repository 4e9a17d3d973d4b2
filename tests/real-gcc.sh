#!/bin/bash
# gcc on the build: `gcc -wrapper glibc-run,--BUILD' runs cc1, as and
# collect2 through glibc-run, so the compiler proper (cc1, where gcc's
# work and allocation are) runs on the build.  It compiles a generated
# program (many functions, structs and tables: a big cc1 heap) and the
# project's own family-edges.c, at -O2; the assembly must be the same as
# stock's, and the programs, run on the build, must print the same.
. "$(dirname "$0")/testlib"
. "$tests/real-testlib"
command -v gcc > /dev/null || { echo "gcc not installed"; exit 77; }
nfun=150
[ -z "${REAL_LONG:-}" ] || nfun=3000
gen() {   # a deterministic program of $nfun functions
  awk -v n="$nfun" 'BEGIN {
    print "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>";
    for (i = 0; i < n; i++) {
      printf "struct s%d { int a[%d]; double d; char name[%d]; };\n", i, 4 + i % 13, 8 + i % 5;
      printf "static const int tab%d[] = {", i;
      for (k = 0; k < 16 + i % 32; k++) printf "%d,", (i * 31 + k * 17) % 1009;
      print "};";
      printf "__attribute__((noinline)) unsigned long f%d (unsigned long x) {\n", i;
      printf "  struct s%d *v = calloc (%d, sizeof *v);\n  unsigned long h = x;\n", i, 3 + i % 7;
      printf "  for (unsigned k = 0; k < %d; k++) {\n", 3 + i % 7;
      printf "    for (unsigned j = 0; j < sizeof v[k].a / sizeof v[k].a[0]; j++)\n";
      printf "      v[k].a[j] = tab%d[(j + k) %% (sizeof tab%d / sizeof tab%d[0])] ^ (int) h;\n", i, i, i;
      printf "    snprintf (v[k].name, sizeof v[k].name, \"%%u\", k + %d);\n", i;
      printf "    v[k].d = (double) v[k].a[0] / %d.5;\n", 1 + i % 9;
      printf "    h = h * 1099511628211UL + v[k].a[k %% (sizeof v[k].a / sizeof v[k].a[0])] + strlen (v[k].name);\n  }\n";
      printf "  switch (h %% 5) { case 0: h ^= %d; break; case 1: h += %d; break; case 2: h -= %d; break; default: h = ~h; }\n", i, i * 3, i * 7;
      print "  free (v);\n  return h;\n}";
    }
    print "int main (void) {\n  unsigned long h = 1469598103934665603UL;";
    for (i = 0; i < n; i++) printf "  h = f%d (h);\n", i;
    print "  printf (\"%lx\\n\", h);\n  return 0;\n}";
  }'
}
workload() {
  gen > "$1/big.c"
  # A wrapper that records what gcc ran through glibc-run.
  printf '#!/bin/sh\necho "$1" >> %s/ran\nexec %s/scripts/glibc-run --%s "$@"\n' \
    "$1" "$top" "$build" > "$1/wrap"
  chmod +x "$1/wrap"
  local g="gcc -wrapper $1/wrap"
  # cc1 once per program, then as and the link from the assembly.
  $g -O2 -S -o "$1/big.s" "$1/big.c" || return 1
  $g -o "$1/big" "$1/big.s" || return 1
  $g -O2 -fno-builtin -pthread -S -o "$1/fe.s" "$tests/behave/family-edges.c" || return 1
  $g -pthread -o "$1/fe" "$1/fe.s" || return 1
  grep -q '/cc1$' "$1/ran" || { echo "cc1 did not run through glibc-run: $(sort -u "$1/ran")"; return 1; }
  echo "assembly: $(sha1sum < "$1/big.s" | cut -c1-16) $(sha1sum < "$1/fe.s" | cut -c1-16)"
  echo "ran through glibc-run: $(xargs -n1 basename < "$1/ran" | sort -u | tr '\n' ' ')"
  echo "big: $($run "$1/big")" || return 1
  # The compiled family-edges checks mallopt and mallinfo exactly, which
  # glibc.malloc.harden changes on purpose (make check HARDEN=1): it
  # runs without the tunable; cc1 above ran with it.
  GLIBC_RUN_PATCHED_TUNABLES= $run "$1/fe" || return 1
}
real_compare gcc "$tests/behave/family-edges.c"
