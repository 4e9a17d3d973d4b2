-- sqlite-rows: insert 300000 rows into an in-memory database, index
-- them, and query: sqlite3 allocates its page cache, rows, strings and
-- sorter memory with malloc.  Deterministic.  Run as:
--   sqlite3 :memory: ".read sqlite-rows.sql"
CREATE TABLE item(id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, val REAL, note TEXT);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
INSERT INTO item(grp, name, val, note)
  SELECT i % 1000, printf('name-%08d', (i * 7919) % 300000), (i * 31 % 1000) / 7.0,
         substr(printf('%016x%016x%016x%016x', i * 2654435761, i * 40503, i * 69069, i * 1103515245), 1, 16 + i % 48)
  FROM n;
COMMIT;
CREATE INDEX item_name ON item(name);
CREATE INDEX item_grp_val ON item(grp, val);
SELECT count(*), sum(length(note)) FROM item;
SELECT grp, count(*), avg(val), max(name) FROM item GROUP BY grp ORDER BY avg(val) DESC LIMIT 5;
SELECT count(DISTINCT note) FROM item;
SELECT name, val FROM item WHERE name BETWEEN 'name-00100000' AND 'name-00100100' ORDER BY val LIMIT 3;
CREATE TABLE summary AS SELECT grp, group_concat(name, ',') AS names FROM item GROUP BY grp;
SELECT count(*), sum(length(names)) FROM summary;
UPDATE item SET note = note || note WHERE id % 3 = 0;
DELETE FROM item WHERE id % 5 = 0;
SELECT count(*), sum(length(note)) FROM item;
SELECT a.grp, count(*) FROM item a JOIN summary s ON a.grp = s.grp WHERE a.val > 100 GROUP BY a.grp ORDER BY 2 DESC LIMIT 3;
