#!/usr/bin/env python3
"""Copies a seeded SQLite database (`sharpeyes dev seed`) row for row into a migrated, empty PostgreSQL database,
ids included, as the parity tests' SQLiteCopy does, but with COPY through psql (1,000,000 sightings in minutes, not
hours of INSERTs). Triggers and foreign keys are off for the copy (session_replication_role = replica): the plate
reads and the feed arrive as SQLite's triggers wrote them. Then each identity moves past the copied ids and the
tables are analysed.

Usage: scale_copy.py SQLITE_FILE -- PSQL_ARGUMENTS…   (e.g. -h /tmp/dir -p 5433 -U sharpeyes -d city)
"""
import os
import sqlite3
import subprocess
import sys
import time

# Parents before children, as Tests/PostgresTests/SQLiteCopy.swift lists them.
TABLES = ["camera", "watchlistIdentity", "faceSample", "watchlistPlate", "sighting", "incident", "dispatchOrder",
          "orderTransition", "outbox", "apiToken", "auditEntry", "plateRead", "faceEmbedding", "feedEvent",
          "watchlistVersion", "incidentReview", "incidentClip", "recordingSegment", "sharedCamera", "node"]


def cell(value):
    """A CSV field as PostgreSQL's COPY reads it: NULL unquoted and empty, text quoted, bytes as bytea hex."""
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, bytes):
        return '"\\x' + value.hex() + '"'
    return '"' + value.replace('"', '""') + '"'


def main():
    if len(sys.argv) < 3 or "--" not in sys.argv:
        sys.exit(__doc__)
    source, psql = sys.argv[1], sys.argv[sys.argv.index("--") + 1:]
    db = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    env = dict(os.environ, PGOPTIONS="-c session_replication_role=replica", PGTZ="UTC")
    copy = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *psql], stdin=subprocess.PIPE, env=env,
                            stdout=subprocess.DEVNULL, text=True, encoding="utf-8")
    out = copy.stdin
    out.write('DELETE FROM "watchlistVersion";\n')
    started, counts = time.monotonic(), {}
    present = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in TABLES:
        if table not in present:
            continue
        columns = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
        names = ",".join(f'"{name}"' for name in columns)
        out.write(f'COPY "{table}" ({names}) FROM STDIN WITH (FORMAT csv);\n')
        count = 0
        for row in db.execute(f'SELECT {names} FROM "{table}"'):
            out.write(",".join(cell(value) for value in row) + "\n")
            count += 1
        out.write("\\.\n")
        counts[table] = count
    for table in TABLES:
        if table in present and any(row[1] == "id" and row[2].upper() == "INTEGER"
                                    for row in db.execute(f'PRAGMA table_info("{table}")')):
            out.write(f"""SELECT setval(pg_get_serial_sequence('"{table}"', 'id'),
                          (SELECT COALESCE(MAX("id"), 0) + 1 FROM "{table}"), false)
                          WHERE pg_get_serial_sequence('"{table}"', 'id') IS NOT NULL;\n""")
    out.write("ANALYZE;\n")
    out.close()
    if copy.wait() != 0:
        sys.exit("scale_copy.py: psql failed (see above)")
    rows = ", ".join(f"{table} {count:,}" for table, count in counts.items() if count)
    print(f"copied {rows} in {time.monotonic() - started:.1f} s")


if __name__ == "__main__":
    main()
