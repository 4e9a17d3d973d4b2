"""python-alloc: an allocation-heavy Python workload for make bench.

Objects of more than 512 bytes bypass Python's small-object allocator
and go to malloc: lists and dicts that grow (realloc), long strings and
bytes, JSON text, sorted copies.  Deterministic; prints a checksum.
Usage: python3 python-alloc.py [SCALE]   (default 1, about 3 s)"""
import json
import random
import sys

scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
rng = random.Random(42)
check = 0

for rnd in range(max(1, int(3 * scale))):
    # Records with strings of mixed sizes, kept in growing lists.
    recs = []
    for i in range(40000):
        n = rng.choice((8, 40, 200, 700, 3000))
        recs.append({'id': i, 'name': 'x' * n, 'tags': [i % 7, i % 11, str(i)],
                     'vals': list(range(i % 50))})
    # JSON round trip: one big text, many objects back.
    text = json.dumps(recs)
    back = json.loads(text)
    check += len(text) + len(back)
    # Dicts that grow and shrink.
    d = {}
    for i in range(120000):
        d[str(i) * (1 + i % 5)] = i
    for k in list(d)[::3]:
        del d[k]
    check += len(d)
    # Sorting copies, joins, byte buffers that grow.
    keys = sorted(d, key=lambda s: (len(s), s))
    check += len(' '.join(keys[:50000]))
    buf = bytearray()
    for i in range(20000):
        buf += bytes(rng.randrange(1, 2000))
    check += len(buf)
    del recs, back, d, keys, buf, text

print('python-alloc: checksum', check)
