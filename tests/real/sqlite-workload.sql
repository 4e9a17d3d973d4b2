-- tests/real-sqlite.sh: an allocation-heavy sqlite3 workload with
-- integrity checks.  @ROWS@ is replaced by the row count.  Every query
-- prints deterministic results only.
PRAGMA page_size = 4096;
PRAGMA cache_size = -20000;
PRAGMA journal_mode = WAL;
CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b TEXT, c BLOB,
                d REAL);
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < @ROWS@)
INSERT INTO t
  SELECT i, (i * 7919) % 1000,
         printf('row-%d-%s', i, hex(i * i)),
         zeroblob(i % 517),
         i / 7.0
  FROM r;
CREATE INDEX t_a ON t (a);
CREATE INDEX t_b ON t (b);
CREATE INDEX t_ad ON t (a, d DESC);
SELECT 'rows', count(*), sum(a), total(length(b)), sum(length(c)) FROM t;

-- Updates that grow and shrink rows, deletes, and reinserts.
UPDATE t SET b = b || '-' || hex(a) || printf('%0*d', a % 200, 0)
  WHERE a % 3 = 0;
UPDATE t SET c = zeroblob(a * 3) WHERE a % 5 = 1;
DELETE FROM t WHERE a % 7 = 0;
INSERT INTO t (a, b, c, d)
  SELECT a + 1000, upper(b), c, -d FROM t WHERE id % 11 = 0;
SELECT 'after updates', count(*), sum(a), total(length(b)), sum(length(c))
  FROM t;

-- Aggregates, joins, sorting, window functions, JSON, recursive CTEs.
SELECT 'group', a % 10, count(*), sum(id), min(b), max(length(c))
  FROM t GROUP BY a % 10 ORDER BY 2;
CREATE TABLE u AS SELECT id, a, substr(b, 1, 12) AS s FROM t WHERE id % 5 = 0;
CREATE INDEX u_a ON u (a);
SELECT 'join', count(*), sum(t.id + u.id) FROM t JOIN u ON t.a = u.a
  WHERE t.id % 97 = 0;
SELECT 'window', id, a, sum(a) OVER (ORDER BY id ROWS 50 PRECEDING),
       rank() OVER (PARTITION BY a % 4 ORDER BY b)
  FROM t WHERE id % 1000 = 7 ORDER BY id;
SELECT 'sorted', group_concat(b, ',') FROM
  (SELECT b FROM t ORDER BY b DESC, id LIMIT 20);
SELECT 'json', length(json_group_array(json_object('id', id, 'b', b, 'a', a))),
       json_extract(json_group_array(a), '$[10]')
  FROM (SELECT * FROM t ORDER BY id LIMIT 5000);
WITH RECURSIVE s(n, x) AS (SELECT 1, 'x' UNION ALL
                           SELECT n + 1, x || printf('%d', n) FROM s
                           WHERE n < 2000)
SELECT 'strings', count(*), sum(length(x)), substr(max(x), 1, 40) FROM s;
SELECT 'distinct', count(DISTINCT b), count(DISTINCT a) FROM t;
SELECT 'like', count(*) FROM t WHERE b LIKE '%-1F%';

-- A transaction rolled back leaves nothing behind.
BEGIN;
DELETE FROM t WHERE id % 2 = 0;
UPDATE t SET b = NULL;
ROLLBACK;
SELECT 'rolled back', count(*), count(b) FROM t;

-- Rebuild and check.
DROP TABLE u;
PRAGMA wal_checkpoint(TRUNCATE);
VACUUM;
REINDEX;
ANALYZE;
SELECT 'final', count(*), sum(a), total(length(b)), sum(length(c)) FROM t;
PRAGMA integrity_check;
PRAGMA quick_check;
PRAGMA foreign_key_check;
