#!/bin/bash
# sqlite3 (the command-line shell, Debian's sqlite3) on the build running
# a scripted workload (tests/real/sqlite-workload.sql: bulk inserts,
# indexes, updates that grow and shrink rows, joins, window functions,
# JSON, a rollback, VACUUM) on a file database and in memory, ending
# with PRAGMA integrity_check.  Output must be the same as on stock, and
# every integrity check must say ok.
. "$(dirname "$0")/testlib"
. "$tests/real-testlib"
command -v sqlite3 > /dev/null || { echo "sqlite3 not installed (apt-get install sqlite3)"; exit 77; }
sql=$tests/real/sqlite-workload.sql
rows=30000
[ -z "${REAL_LONG:-}" ] || rows=400000
workload() {
  sed "s/@ROWS@/$rows/" "$sql" > "$1/w.sql"
  local rc=0
  $run /usr/bin/sqlite3 -bail "$1/db" < "$1/w.sql" || rc=$?
  # The same in memory, without WAL.
  sed '/journal_mode/d; /wal_checkpoint/d' "$1/w.sql" |
    $run /usr/bin/sqlite3 -bail :memory: || rc=$?
  # Reopened: the file database is still whole.
  echo "PRAGMA integrity_check; SELECT count(*) FROM t;" |
    $run /usr/bin/sqlite3 -bail "$1/db" || rc=$?
  return $rc
}
real_compare sqlite "$sql"
ok=$(grep -cx ok "$tmp/$build.out" || true)
[ "$ok" -ge 5 ] || fail "integrity checks did not all say ok ($ok): $(grep -v '|' "$tmp/$build.out" | head)"
exit 0
