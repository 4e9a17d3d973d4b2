#!/bin/bash
# Perl running a test-heavy module's own tests on the build: Text::CSV_XS
# (an XS module; its test suite, from the Debian source package fetched
# by scripts/fetch-test-sources, against the installed
# libtext-csv-xs-perl).  prove runs on the system perl and starts every
# test file with `glibc-run --BUILD /usr/bin/perl'; each file's result
# and the totals must be the same as on stock.
. "$(dirname "$0")/testlib"
. "$tests/real-testlib"
src=$(compgen -G "$top/test-src/libtext-csv-xs-perl-*/" | head -1 || true)
[ -n "$src" ] && [ -d "$src/t" ] ||
  { echo "Text::CSV_XS sources not fetched (scripts/fetch-test-sources; scripts/setup runs it)"; exit 77; }
perl -MText::CSV_XS -e 1 2> /dev/null ||
  { echo "Text::CSV_XS not installed (apt-get install libtext-csv-xs-perl)"; exit 77; }
command -v prove > /dev/null || { echo "prove not installed (perl)"; exit 77; }
workload() {
  cp -r "$src/." "$1/src"
  cd "$1/src"
  # Test the installed module, not a build in the source tree.
  rm -rf blib lib/Text/CSV_XS.pm 2> /dev/null
  # Every test file, each one through glibc-run; the two slow ones
  # (70_rt.t 20 s, 55_combi.t 5 s) only in the long run.
  local files
  files=$(ls t/*.t)
  [ -n "${REAL_LONG:-}" ] || files=$(echo "$files" | grep -v -e 70_rt -e 55_combi)
  PERL_HASH_SEED=0 prove --exec "$run /usr/bin/perl" $files > "$1/log" 2>&1
  local rc=$?
  sed -n -e 's/^\(t\/[^ ]*\) \.*\s*\(.*\)$/\1 \2/p' \
         -e 's/^\(Files=[0-9]*, Tests=[0-9]*\),.*/\1/p' \
         -e '/^Result:/p' -e '/^All tests successful/p' "$1/log" |
    sed 's/ [0-9]* wallclock.*//'
  return $rc
}
real_compare perl
