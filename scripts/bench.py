#!/usr/bin/env python3
"""Measures checklist import and export against SQLite's own CSV `.import` of the same rows.

usage: scripts/bench.py [BIN_DIR] [ROWS]   (defaults: build/release/bin, 100000)

Prints the median of three runs for each step. Figures depend on the machine; they go in
notes, never in tests.
"""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1] if len(sys.argv) > 1 else "build/release/bin"
ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
TOOL = os.path.join(BIN, "rekindle-checklist")


def timed(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, **kw)
    return time.perf_counter() - start


def median_of(make_cmd, runs=3):
    times = []
    for i in range(runs):
        cmd, kw, cleanup = make_cmd(i)
        times.append(timed(cmd, **kw))
        cleanup()
    return statistics.median(times)


def main():
    work = tempfile.mkdtemp(prefix="rekindle-bench-")
    env = dict(os.environ, HOME=work, XDG_DATA_HOME=work, XDG_CONFIG_HOME=work)
    jsonl = os.path.join(work, "events.jsonl")
    csv = os.path.join(work, "events.csv")
    with open(jsonl, "w") as j, open(csv, "w") as c:
        for i in range(ROWS):
            at = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00Z"
            note = f"note {i}: a few words about what I did"
            j.write(json.dumps({"type": "event", "list": "trust", "item": "patience",
                                "action": "check" if i % 2 else "uncheck", "at": at,
                                "recorded_at": at, "note": note}) + "\n")
            c.write(f"trust,patience,{'check' if i % 2 else 'uncheck'},{at},{at},\"{note}\"\n")

    def import_cmd(i):
        db = os.path.join(work, f"r{i}.db")
        return ([TOOL, "import", jsonl, "--db", db, "-q"], {"env": env},
                lambda: [os.remove(p) for p in (db,) if os.path.exists(p)])

    def sqlite_cmd(i):
        db = os.path.join(work, f"s{i}.db")
        script = ("CREATE TABLE checklist_event (id INTEGER PRIMARY KEY, list TEXT NOT NULL, "
                  "item TEXT NOT NULL, action TEXT NOT NULL, at TEXT NOT NULL, recorded_at TEXT "
                  "NOT NULL, note TEXT) STRICT;\n"
                  "CREATE TEMP TABLE raw (list, item, action, at, recorded_at, note);\n"
                  f".import --csv {csv} raw\n"
                  "INSERT INTO checklist_event (list, item, action, at, recorded_at, note) "
                  "SELECT * FROM raw;\n")
        return (["sqlite3", db], {"input": script.encode()},
                lambda: os.remove(db) if os.path.exists(db) else None)

    results = {"rekindle-checklist import": median_of(import_cmd)}
    if shutil.which("sqlite3"):
        results["sqlite3 .import (csv)"] = median_of(sqlite_cmd)
    db = os.path.join(work, "export.db")
    subprocess.run([TOOL, "import", jsonl, "--db", db, "-q"], check=True, env=env)
    results["rekindle-checklist export"] = median_of(
        lambda i: ([TOOL, "export", "--db", db], {"env": env, "stdout": subprocess.DEVNULL},
                   lambda: None))
    results["rekindle-checklist history (tsv)"] = median_of(
        lambda i: ([TOOL, "history", "--db", db], {"env": env, "stdout": subprocess.DEVNULL},
                   lambda: None))
    print(f"{ROWS} events, median of 3 runs")
    for name, seconds in results.items():
        print(f"  {name:34} {seconds:7.3f} s  {ROWS / seconds:10.0f} rows/s")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
