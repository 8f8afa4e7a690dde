#!/usr/bin/env python3
"""The ceiling for bench-catalog's import: SQLite alone writing the same rows into the same tables and indexes.

Reads the CSV `jg-bench catalog --write-csv` generates (the rows the Swift bench imports), then inserts it with the
sqlite3 module's executemany (C loops, no validation, no JSON, no events) in transactions of 40,000 rows, into the
entity tables as the catalog's migrations leave them (DDL copied from catalog-v2-entity-rowid; keep in step), with
the catalog's connection settings (WAL, synchronous=NORMAL, 64 MiB cache). Then once more with the secondary indexes
built after the load, the best case of a bulk path that drops and rebuilds them.

Usage: sqlite-ceiling.py <entities.csv>
"""
import csv
import os
import sqlite3
import sys
import tempfile
import time

TABLES = """
CREATE TABLE entity (id TEXT NOT NULL, uscc TEXT, uscc_verified INTEGER NOT NULL, name TEXT NOT NULL, kind TEXT NOT NULL,
    industry TEXT NOT NULL, region TEXT NOT NULL, address TEXT NOT NULL, domains TEXT NOT NULL, tags TEXT NOT NULL, updated_at TEXT NOT NULL);
CREATE TABLE entity_domain (domain TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (domain, entity_id)) WITHOUT ROWID;
CREATE TABLE entity_tag (tag TEXT NOT NULL, entity_id TEXT NOT NULL, PRIMARY KEY (tag, entity_id)) WITHOUT ROWID;
"""
INDEXES = """
CREATE UNIQUE INDEX entity_id ON entity(id);
CREATE UNIQUE INDEX entity_uscc ON entity(uscc) WHERE uscc IS NOT NULL;
CREATE INDEX entity_industry_region ON entity(industry, region, id);
CREATE INDEX entity_region ON entity(region, id);
CREATE INDEX entity_kind ON entity(kind, id);
"""
CHUNK = 40_000


def load(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = []
        for line, record in enumerate(csv.DictReader(handle), start=2):
            # Entities without a USCC (sites, products …) get an id of their own, as the catalog gives them.
            uscc = record["uscc"] or None
            rows.append((uscc or f"SITE-{line}", uscc, 1, record["name"], record["kind"], record["industry"], record["region"], record["address"],
                         record["domains"], record["tags"], "2026-01-01T00:00:00Z"))
        return rows


def run(rows, indexes_first):
    folder = tempfile.mkdtemp(prefix="jg-sqlite-ceiling-")
    db = sqlite3.connect(os.path.join(folder, "catalog.sqlite"), isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "cache_size=-65536"):
        db.execute("PRAGMA " + pragma)
    db.executescript(TABLES + (INDEXES if indexes_first else ""))
    started = time.monotonic()
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        db.execute("BEGIN")
        db.executemany("INSERT INTO entity VALUES (?,?,?,?,?,?,?,?,?,?,?)", chunk)
        db.executemany("INSERT OR IGNORE INTO entity_domain VALUES (?,?)",
                       [(d, r[0]) for r in chunk for d in r[8].split(";") if d])
        db.executemany("INSERT OR IGNORE INTO entity_tag VALUES (?,?)", [(t, r[0]) for r in chunk for t in r[9].split(";") if t])
        db.execute("COMMIT")
    if not indexes_first:
        db.executescript(INDEXES)
    elapsed = time.monotonic() - started
    db.close()
    for name in os.listdir(folder):
        os.remove(os.path.join(folder, name))
    os.rmdir(folder)
    return elapsed


def main():
    rows = load(sys.argv[1])
    for indexes_first, label in ((True, "indexes kept up to date (as the catalog does)"), (False, "indexes built after the load")):
        elapsed = run(rows, indexes_first)
        print(f"sqlite ceiling, {label}: {len(rows)} rows in {elapsed:.2f} s = {len(rows) / elapsed:,.0f} rows/s")


if __name__ == "__main__":
    main()
