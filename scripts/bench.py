#!/usr/bin/env python3
"""Measures rekindle against the peers a user would compare it with, in one run, and prints
each figure as a ratio against its target.

usage: scripts/bench.py [BIN_DIR] [ROWS] [BIG_ROWS]
       (defaults: build/release/bin, 300000, 1000000)

- import of ROWS exported events (with uids) and of the same events written by hand (no
  uids), against sqlite3's `.import --csv` of the same rows into a table with the same
  columns and indexes; peak memory of each;
- export against `sqlite3 -json` of the same rows;
- daily read commands (list, show, progress) and one write (check) on a database with
  BIG_ROWS events, against the same commands on an empty database;
- one write against `timew track` (timewarrior), when it is installed;
- reflect at REFLECT_ENTRIES entries (default 100000, two answers each): search against an
  absolute 20 ms, list --limit 20 against the same on an empty database. BENCH_ONLY=reflect
  runs only this part;
- nocontact status with BIG_ROWS urges stored, against the same on an empty database
  (BENCH_ONLY=nocontact runs only this part);
- selfcare: import of BIG_ROWS exported entries against sqlite3's `.import --csv` of the same
  rows into a table with the same columns and indexes, and log, goals and streak with
  BIG_ROWS entries stored against the same on an empty database (BENCH_ONLY=selfcare);
- signals score with BIG_ROWS signals stored (twenty years of them) against the same on an
  empty database (BENCH_ONLY=signals);
- rekindle status on a database with BIG_ROWS records across the five tools, against the same
  on an empty database and against `task next` on a new Taskwarrior database
  (BENCH_ONLY=status).

Needs sqlite3, hyperfine and (optionally) timew: `apt-get install sqlite3 hyperfine
timewarrior`. Figures depend on the machine; they go in notes, never in tests.
"""
import csv
import datetime
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BIN = sys.argv[1] if len(sys.argv) > 1 else "build/release/bin"
ROWS = int(sys.argv[2]) if len(sys.argv) > 2 else 300000
BIG_ROWS = int(sys.argv[3]) if len(sys.argv) > 3 else 1000000
REFLECT_ENTRIES = int(os.environ.get("REFLECT_ENTRIES", "100000"))
TOOL = os.path.abspath(os.path.join(BIN, "rekindle-checklist"))
ITEMS = ["acknowledge", "regret", "show-by-actions", "drop-old-behaviours", "transparency",
         "patience"]
SCHEMA = """
CREATE TABLE checklist_event (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE,
  list TEXT NOT NULL, item TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action = 'check' OR action = 'uncheck' OR action = 'reset'),
  at TEXT NOT NULL, recorded_at TEXT NOT NULL, note TEXT) STRICT;
CREATE INDEX checklist_event_item ON checklist_event(list, item, at);
"""


def run_timed(cmd, **kw):
    """Seconds and peak resident memory (KiB) of one run, through GNU time's format."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stderr=subprocess.PIPE,
                          check=True, **kw)
    seconds = time.perf_counter() - start
    peak = int(proc.stderr.decode().strip().splitlines()[-1])
    return seconds, peak


def median(make, runs=3):
    """Median seconds and the largest peak over `runs` runs; make(i) -> (cmd, kw, after)."""
    times, peaks = [], []
    for i in range(runs):
        cmd, kw, after = make(i)
        seconds, peak = run_timed(cmd, **kw)
        times.append(seconds)
        peaks.append(peak)
        after()
    return statistics.median(times), max(peaks)


def hyperfine_ms(commands, env, runs=40, ignore_failure=False):
    """Mean milliseconds of each command, measured by hyperfine in one run."""
    out = os.path.join(tempfile.gettempdir(), "rekindle-bench-hf.json")
    extra = ["-i"] if ignore_failure else []
    subprocess.run(["hyperfine", "-N", "-w", "5", "-r", str(runs), "--export-json", out] + extra +
                   commands,
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        results = json.load(f)["results"]
    os.remove(out)
    return [r["mean"] * 1000 for r in results]


def moment(i):
    """Event i happens i minutes after the first, as a person's history would."""
    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    return (start + datetime.timedelta(minutes=i)).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_inputs(work, rows):
    exported = os.path.join(work, "events.jsonl")
    hand = os.path.join(work, "hand.jsonl")
    table = os.path.join(work, "events.csv")
    uids = random.Random(1)  # random, as rekindle's own uids are: sequential ones flatter
    with open(exported, "w") as e, open(hand, "w") as h, open(table, "w", newline="") as c:
        out = csv.writer(c)
        for i in range(rows):
            at = moment(i)
            record = {"type": "event", "list": "trust", "item": ITEMS[i % 6],
                      "action": "check" if i % 2 else "uncheck", "at": at, "recorded_at": at,
                      "note": f"note {i}: a few words about what I did"}
            h.write(json.dumps(record) + "\n")
            uid = f"{uids.getrandbits(128):032x}"
            e.write(json.dumps({"uid": uid, **record}) + "\n")
            out.writerow([uid, "trust", ITEMS[i % 6], record["action"], at, at, record["note"]])
    return exported, hand, table


def reflect_rows(work, env, entries):
    """reflect at `entries` entries: search against its 20 ms target, and list --limit 20
    against the same command on an empty database."""
    tool = os.path.abspath(os.path.join(BIN, "rekindle-reflect"))
    rng = random.Random(3)
    syllables = ["ka", "lo", "mi", "ren", "sa", "tu", "vel", "qui", "dor", "an", "es", "ib"]
    words = sorted({"".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                    for _ in range(4000)})
    # Zipf-like: a few words are everywhere, most are rare, as in real writing.
    weights = [1.0 / (rank + 1) for rank in range(len(words))]
    path = os.path.join(work, "journal.jsonl")
    with open(path, "w") as f:
        f.write('{"type":"rekindle","format":1}\n')
        for i in range(entries):
            at = moment(i * 30)
            uid = f"{rng.getrandbits(128):032x}"
            f.write(json.dumps({"type": "entry", "tool": "reflect", "uid": uid,
                                "theme": "trust", "at": at, "tags": ["bench"]}) + "\n")
            for position, prompt in enumerate(("trust.regret", "trust.actions"), 1):
                text = " ".join(rng.choices(words, weights, k=40))
                f.write(json.dumps({"type": "answer", "tool": "reflect",
                                    "uid": f"{rng.getrandbits(128):032x}", "entry": uid,
                                    "position": position, "prompt": prompt,
                                    "question": "q?", "text": text}) + "\n")
    big, empty = os.path.join(work, "reflect-big.db"), os.path.join(work, "reflect-empty.db")
    start = time.perf_counter()
    subprocess.run([tool, "--db", big, "import", path, "-q"], check=True, env=env)
    imported = time.perf_counter() - start
    subprocess.run([tool, "--db", empty, "add", "x", "-q"], check=True, env=env)
    os.remove(path)
    common, mid, rare = words[0], words[40], words[2000]
    queries = [(f"reflect search, a word in most entries ({common})", common),
               (f"reflect search, a frequent word ({mid})", mid),
               (f"reflect search, a rare word ({rare})", rare),
               ("reflect search, a phrase", f'"{common} {mid}"'),
               ("reflect search, a prefix", rare[:4] + "*")]
    times = hyperfine_ms([f"{tool} --db {big} search {q}" for _, q in queries], env)
    rows = [(f"{what} at {entries}", ms, 20.0, "ms", 1.0) for (what, _), ms in zip(queries, times)]
    on_big, on_empty = hyperfine_ms([f"{tool} --db {big} list --limit 20",
                                     f"{tool} --db {empty} list --limit 20"], env)
    rows.append((f"reflect list --limit 20 at {entries}", on_big, on_empty, "ms", 1.5))
    print(f"(reflect: imported {entries} entries with {2 * entries} answers in {imported:.1f} s)")
    return rows


def nocontact_rows(work, env, urges):
    """nocontact status with `urges` urges stored, against the same on an empty database."""
    tool = os.path.abspath(os.path.join(BIN, "rekindle-nocontact"))
    big, empty = os.path.join(work, "nocontact-big.db"), os.path.join(work, "nocontact-empty.db")
    rng = random.Random(4)
    path = os.path.join(work, "urges.jsonl")
    # One long period, still running, holds every urge, one every 150 seconds up to now: the
    # last week alone holds about 4,000 of them.
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    start = now - datetime.timedelta(seconds=urges * 150 + 3600)
    stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    with open(path, "w") as f:
        f.write('{"type":"rekindle","format":1}\n')
        f.write(json.dumps({"type": "period", "tool": "nocontact", "uid": "bench-period",
                            "start_day": start.strftime("%Y-%m-%d"), "started_at": stamp(start),
                            "days": 3650, "zone": "UTC"}) + "\n")
        for i in range(urges):
            at = stamp(start + datetime.timedelta(seconds=3600 + i * 150))
            f.write(json.dumps({"type": "event", "tool": "nocontact",
                                "uid": f"{rng.getrandbits(128):032x}", "period": "bench-period",
                                "kind": "urge", "at": at, "intensity": 1 + i % 10}) + "\n")
    subprocess.run([tool, "--db", big, "import", path, "-q"], check=True, env=env)
    os.remove(path)
    subprocess.run([tool, "--db", empty, "start", "-q"], check=True, env=env)
    for db in (big, empty):
        subprocess.run([tool, "--db", db, "urge", "-q"], check=True, env=env)
    on_big, on_empty = hyperfine_ms([f"{tool} --db {big} status", f"{tool} --db {empty} status"],
                                    env)
    return [(f"nocontact status at {urges} urges", on_big, on_empty, "ms", 1.5)]


SELFCARE_SCHEMA = """
CREATE TABLE selfcare_entry (id INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, activity TEXT,
  category TEXT, at TEXT NOT NULL, day TEXT NOT NULL, minutes INTEGER, mood INTEGER, text TEXT,
  tags TEXT NOT NULL DEFAULT '[]', recorded_at TEXT NOT NULL, removed_at TEXT) STRICT;
CREATE INDEX selfcare_entry_at ON selfcare_entry(at) WHERE removed_at IS NULL;
CREATE INDEX selfcare_entry_activity ON selfcare_entry(activity, at) WHERE removed_at IS NULL;
CREATE INDEX selfcare_entry_category ON selfcare_entry(category, at) WHERE removed_at IS NULL;
CREATE INDEX selfcare_entry_mood ON selfcare_entry(day, mood)
  WHERE removed_at IS NULL AND mood IS NOT NULL;
"""
SELFCARE_ACTIVITIES = [("running", "body"), ("yoga", "body"), ("walking", "body"),
                       ("sleep", "body"), ("meditation", "mind"), ("journaling", "mind"),
                       ("therapy", "mind"), ("reading", "growth"), ("new skill", "growth"),
                       ("hobby", "growth"), ("nature", "joy"), ("music", "joy"),
                       ("cooking", "joy")]


def selfcare_rows(work, env, entries):
    """selfcare: import of `entries` exported entries against sqlite3's .import, and the
    daily commands with that many stored against an empty database."""
    tool = os.path.abspath(os.path.join(BIN, "rekindle-selfcare"))
    rng = random.Random(5)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    # Five years of entries up to an hour ago, a few hundred a day.
    span = 5 * 365 * 86400
    first = now - datetime.timedelta(seconds=span + 3600)
    path, table = os.path.join(work, "selfcare.jsonl"), os.path.join(work, "selfcare.csv")
    with open(path, "w") as f, open(table, "w", newline="") as c:
        out = csv.writer(c)
        f.write('{"type":"rekindle","format":1}\n')
        for i in range(entries):
            t = first + datetime.timedelta(seconds=i * span // entries)
            at, day = t.strftime("%Y-%m-%dT%H:%M:%SZ"), t.strftime("%Y-%m-%d")
            uid = f"{rng.getrandbits(128):032x}"
            activity, category = SELFCARE_ACTIVITIES[i % len(SELFCARE_ACTIVITIES)]
            minutes, mood = 10 + i % 50, (1 + i % 10) if i % 4 == 0 else None
            f.write(json.dumps({"type": "entry", "tool": "selfcare", "uid": uid,
                                "activity": activity, "category": category, "at": at,
                                "day": day, "minutes": minutes, "mood": mood,
                                "text": "a few words", "tags": [], "recorded_at": at}) + "\n")
            out.writerow([uid, activity, category, at, day, minutes,
                          "" if mood is None else mood, "a few words", "[]", at])

    def remove(db):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)

    def ours(i):
        db = os.path.join(work, f"selfcare-import{i}.db")
        return [tool, "--db", db, "import", path, "-q"], {"env": env}, lambda: remove(db)

    def peer(i):
        db = os.path.join(work, f"selfcare-sqlite{i}.db")
        script = (f"PRAGMA journal_mode=WAL;\n{SELFCARE_SCHEMA}\n"
                  "CREATE TEMP TABLE raw (uid, activity, category, at, day, minutes, mood, text, "
                  "tags, recorded_at);\n"
                  f".import --csv {table} raw\n"
                  "INSERT INTO selfcare_entry (uid, activity, category, at, day, minutes, mood, "
                  "text, tags, recorded_at) SELECT uid, activity, category, at, day, minutes, "
                  "nullif(mood, ''), text, tags, recorded_at FROM raw;\n")
        return (["sqlite3", db], {"input": script.encode(), "stdout": subprocess.DEVNULL},
                lambda: remove(db))

    rows = []
    peer_s, _ = median(peer, runs=1)
    ours_s, ours_peak = median(ours, runs=1)
    rows.append((f"selfcare import of {entries} entries", ours_s, peer_s, "s", 1.2))
    rows.append((f"selfcare import of {entries} (peak memory)", ours_peak / 1024, 32, "MiB", 1.0))

    big, empty = os.path.join(work, "selfcare-big.db"), os.path.join(work, "selfcare-empty.db")
    subprocess.run([tool, "--db", big, "import", path, "-q"], check=True, env=env)
    os.remove(path)
    os.remove(table)
    config = os.path.join(work, "selfcare.toml")
    with open(config, "w") as f:
        f.write('[[selfcare.goal]]\nactivity = "running"\nper_week = 3\n'
                '[[selfcare.goal]]\ncategory = "body"\nminutes_per_week = 150\n')
    subprocess.run([tool, "--db", empty, "log", "running", "-q"], check=True, env=env)
    for name, args in (("log", ["log", "running", "--minutes", "20", "-q"]),
                       ("goals", ["goals"]), ("streak", ["streak"]),
                       ("streak running", ["streak", "running"])):
        on_big, on_empty = hyperfine_ms(
            [" ".join([tool, "--config", config, "--db", db] + [f"'{a}'" for a in args])
             for db in (big, empty)], env)
        rows.append((f"selfcare {name} at {entries} entries", on_big, on_empty, "ms", 1.5))
    return rows


SIGNAL_KINDS = ["contacts-more", "initiates", "regret", "asks-about-you", "misses-you",
                "suggests-meeting", "follows-through", "no-reply", "asks-for-space",
                "cancels-plans", "hostile"]


def signals_rows(work, env, signals):
    """signals score with `signals` stored, against the same on an empty database."""
    tool = os.path.abspath(os.path.join(BIN, "rekindle-signals"))
    rng = random.Random(6)
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    span = 20 * 365 * 86400
    first = now - datetime.timedelta(seconds=span + 3600)
    path = os.path.join(work, "signals.jsonl")
    with open(path, "w") as f:
        f.write('{"type":"rekindle","format":1}\n')
        for i in range(signals):
            t = first + datetime.timedelta(seconds=i * span // signals)
            f.write(json.dumps({"type": "signal", "tool": "signals",
                                "uid": f"{rng.getrandbits(128):032x}",
                                "kind": SIGNAL_KINDS[i % len(SIGNAL_KINDS)],
                                "at": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                "strength": 1 + i % 3}) + "\n")
    big, empty = os.path.join(work, "signals-big.db"), os.path.join(work, "signals-empty.db")
    start = time.perf_counter()
    subprocess.run([tool, "--db", big, "import", path, "-q"], check=True, env=env)
    imported = time.perf_counter() - start
    os.remove(path)
    subprocess.run([tool, "--db", empty, "log", "regret", "-q"], check=True, env=env,
                   stdin=subprocess.DEVNULL)
    rows = []
    for name, args in (("score", ["score"]), ("trend", ["trend"])):
        on_big, on_empty = hyperfine_ms([" ".join([tool, "--db", db] + args)
                                         for db in (big, empty)], env)
        rows.append((f"signals {name} at {signals} signals", on_big, on_empty, "ms", 1.5))
    print(f"(signals: imported {signals} signals in {imported:.1f} s)")
    return rows


def status_rows(work, env, rows):
    """`rekindle status` on a database with `rows` records across the five tools, against the
    same on an empty database and against `task next` on a new Taskwarrior database."""
    dispatcher = os.path.abspath(os.path.join(BIN, "rekindle"))
    rng = random.Random(7)
    uid = lambda: f"{rng.getrandbits(128):032x}"
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    stamp = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
    span = 20 * 365 * 86400  # twenty years of history, the newest an hour ago
    first = now - datetime.timedelta(seconds=span + 3600)
    share = {"urges": 0.3, "selfcare": 0.3, "signals": 0.2, "reflect": 0.1, "checklist": 0.1}
    path = os.path.join(work, "everything.jsonl")
    with open(path, "w") as f:
        f.write('{"type":"rekindle","format":1}\n')
        f.write(json.dumps({"type": "period", "tool": "nocontact", "uid": "bench-period",
                            "start_day": first.strftime("%Y-%m-%d"), "started_at": stamp(first),
                            "days": 3650, "zone": "UTC"}) + "\n")
        f.write(json.dumps({"type": "list", "tool": "checklist", "name": "bench",
                            "title": "Bench", "created_at": stamp(first)}) + "\n")
        for key in ITEMS:
            f.write(json.dumps({"type": "item", "tool": "checklist", "list": "bench",
                                "key": key, "title": key, "detail": "",
                                "created_at": stamp(first)}) + "\n")
        for part, fraction in share.items():
            n = int(rows * fraction)
            for i in range(n):
                t = first + datetime.timedelta(seconds=3600 + i * span // n)
                at = stamp(t)
                if part == "urges":
                    record = {"type": "event", "tool": "nocontact", "period": "bench-period",
                              "kind": "urge", "at": at, "intensity": 1 + i % 10}
                elif part == "selfcare":
                    name, category = SELFCARE_ACTIVITIES[i % len(SELFCARE_ACTIVITIES)]
                    mood = i % 3 == 0
                    record = {"type": "entry", "tool": "selfcare",
                              "activity": None if mood else name,
                              "category": None if mood else category, "at": at,
                              "day": t.strftime("%Y-%m-%d"),
                              "minutes": None if mood else 10 + i % 50,
                              "mood": 1 + i % 10 if mood else None, "recorded_at": at}
                elif part == "signals":
                    record = {"type": "signal", "tool": "signals",
                              "kind": SIGNAL_KINDS[i % len(SIGNAL_KINDS)], "at": at,
                              "day": t.strftime("%Y-%m-%d"), "strength": 1 + i % 3,
                              "recorded_at": at}
                elif part == "reflect":
                    record = {"type": "entry", "tool": "reflect", "theme": "breakup",
                              "text": f"entry {i}: a few lines about the day", "at": at,
                              "recorded_at": at}
                else:
                    record = {"type": "event", "tool": "checklist", "list": "bench",
                              "item": ITEMS[i % 6], "action": "check" if i % 2 else "uncheck",
                              "at": at, "recorded_at": at}
                f.write(json.dumps({**record, "uid": uid()}) + "\n")
    big, empty = os.path.join(work, "status-big.db"), os.path.join(work, "status-empty.db")
    start = time.perf_counter()
    subprocess.run([dispatcher, "import", path, "-q", "--db", big], check=True, env=env)
    imported = time.perf_counter() - start
    os.remove(path)
    # An import of nothing makes no database; a list of one's own (with no items) does.
    subprocess.run([TOOL, "--db", empty, "new", "bench", "-q"], check=True, env=env)
    print(f"(status: imported {rows} records across the tools in {imported:.1f} s)")
    commands = [f"{dispatcher} status --format table --db {big}",
                f"{dispatcher} status --format table --db {empty}"]
    task = shutil.which("task")
    if task:
        taskrc = os.path.join(work, "taskrc")
        with open(taskrc, "w") as f:
            f.write(f"data.location={os.path.join(work, 'task')}\nconfirmation=off\n")
        env = dict(env, TASKRC=taskrc)
        subprocess.run([task, "next"], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        commands.append(f"{task} next")
    times = hyperfine_ms(commands, env, runs=100, ignore_failure=True)
    out = [(f"rekindle status at {rows} rows vs empty", times[0], times[1], "ms", 1.5)]
    if task:
        out.append((f"rekindle status at {rows} rows vs task next", times[0], times[2], "ms",
                    1.0))
    return out


def main():
    # One part alone: BENCH_ONLY=<part> runs it in a fresh folder of its own.
    parts = {"status": lambda w, e: status_rows(w, e, BIG_ROWS),
             "signals": lambda w, e: signals_rows(w, e, BIG_ROWS),
             "selfcare": lambda w, e: selfcare_rows(w, e, BIG_ROWS),
             "nocontact": lambda w, e: nocontact_rows(w, e, BIG_ROWS),
             "reflect": lambda w, e: reflect_rows(w, e, REFLECT_ENTRIES)}
    only = os.environ.get("BENCH_ONLY")
    if only in parts:
        work = tempfile.mkdtemp(prefix="rekindle-bench-")
        env = dict(os.environ, HOME=work, XDG_DATA_HOME=work, XDG_CONFIG_HOME=work)
        env.pop("REKINDLE_NOW", None)
        report(parts[only](work, env), f"{only} only")
        shutil.rmtree(work)
        return
    for needed in ("sqlite3", "hyperfine"):
        if not shutil.which(needed):
            sys.exit(f"bench.py: {needed} is needed: apt-get install {needed}")
    work = tempfile.mkdtemp(prefix="rekindle-bench-")
    env = dict(os.environ, HOME=work, XDG_DATA_HOME=work, XDG_CONFIG_HOME=work,
               TIMEWARRIORDB=os.path.join(work, "timew"))
    env.pop("REKINDLE_NOW", None)
    exported, hand, table = write_inputs(work, ROWS)
    rows = []  # (what, ours, peer, unit, target ratio)

    def fresh(name):
        db = os.path.join(work, name)
        subprocess.run([TOOL, "--db", db, "new", "bench", "-q"], check=True, env=env)
        return db

    def remove(db):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(db + suffix):
                os.remove(db + suffix)

    def ours_import(path):
        def make(i):
            db = fresh(f"import{i}.db")
            return [TOOL, "--db", db, "import", path, "-q"], {"env": env}, lambda: remove(db)
        return make

    def sqlite_import(i):
        db = os.path.join(work, f"sqlite{i}.db")
        script = (f"PRAGMA journal_mode=WAL;\n{SCHEMA}\n"
                  "CREATE TEMP TABLE raw (uid, list, item, action, at, recorded_at, note);\n"
                  f".import --csv {table} raw\n"
                  "INSERT INTO checklist_event (uid, list, item, action, at, recorded_at, note) "
                  "SELECT * FROM raw;\n")
        return (["sqlite3", db], {"input": script.encode(), "stdout": subprocess.DEVNULL},
                lambda: remove(db))

    peer_import, peer_peak = median(sqlite_import)
    for what, path in (("import, exported events", exported), ("import, hand-written", hand)):
        seconds, peak = median(ours_import(path))
        rows.append((what, seconds, peer_import, "s", 1.2))
        rows.append((what + " (peak memory)", peak / 1024, 32, "MiB", 1.0))

    db = fresh("export.db")
    subprocess.run([TOOL, "--db", db, "import", exported, "-q"], check=True, env=env)
    ours_export, _ = median(lambda i: ([TOOL, "--db", db, "export"],
                                       {"env": env, "stdout": subprocess.DEVNULL}, lambda: None))
    peer_export, _ = median(lambda i: (
        ["sqlite3", "-json", db, "SELECT uid, list, item, action, at, recorded_at, note "
                                 "FROM checklist_event ORDER BY id"],
        {"stdout": subprocess.DEVNULL}, lambda: None))
    rows.append(("export", ours_export, peer_export, "s", 1.5))

    # Daily commands: a database with BIG_ROWS events against an empty one.
    empty = fresh("empty.db")
    big = fresh("big.db")
    big_input = os.path.join(work, "big.jsonl")
    uids = random.Random(2)
    with open(big_input, "w") as f:
        for i in range(BIG_ROWS):
            at = moment(i)
            f.write(json.dumps({"type": "event", "uid": f"{uids.getrandbits(128):032x}",
                                "list": "trust",
                                "item": ITEMS[i % 6], "action": "check" if i % 2 else "uncheck",
                                "at": at, "recorded_at": at, "note": None}) + "\n")
    subprocess.run([TOOL, "--db", big, "import", big_input, "-q"], check=True, env=env)
    os.remove(big_input)
    for name, args in (("checklist", []), ("checklist show trust", ["show", "trust"]),
                       ("checklist progress", ["progress"])):
        on_big, on_empty = hyperfine_ms([" ".join([TOOL, "--db", big] + args),
                                         " ".join([TOOL, "--db", empty] + args)], env)
        rows.append((f"{name} at {BIG_ROWS} events", on_big, on_empty, "ms", 1.5))
    write = [TOOL, "--db", "{db}", "check", "growth", "2", "--note", "x", "-q"]
    on_big, on_empty = hyperfine_ms([" ".join(write).replace("{db}", big),
                                     " ".join(write).replace("{db}", empty)], env)
    rows.append((f"checklist check at {BIG_ROWS} events", on_big, on_empty, "ms", 1.2))

    if shutil.which("timew"):
        os.makedirs(env["TIMEWARRIORDB"], exist_ok=True)
        subprocess.run(["timew", ":yes"], env=env, input=b"yes\n", stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        ours, peer = hyperfine_ms([" ".join(write).replace("{db}", empty),
                                   "timew track 2025-01-01T10:00 - 2025-01-01T10:30 yoga "
                                   ":adjust"], env)
        rows.append(("checklist check vs timew track", ours, peer, "ms", 1.0))
    else:
        print("(timew is not installed: apt-get install timewarrior to compare a write)")

    rows += reflect_rows(work, env, REFLECT_ENTRIES)
    rows += nocontact_rows(work, env, BIG_ROWS)
    rows += selfcare_rows(work, env, BIG_ROWS)
    rows += signals_rows(work, env, BIG_ROWS)
    rows += status_rows(work, env, BIG_ROWS)
    report(rows, f"{ROWS} events to import and export, {BIG_ROWS} for daily commands, "
                 f"{REFLECT_ENTRIES} reflect entries")
    shutil.rmtree(work)


def report(rows, scope):
    print(f"rekindle benchmark: {scope}; ratio = ours / peer (a peer of 20 ms is the absolute "
          "target), target = the most it may be")
    print(f"  {'what':58} {'ours':>10} {'peer':>10}   ratio  target")
    for what, ours, peer, unit, target in rows:
        ratio = ours / peer
        verdict = "ok" if ratio <= target else "OVER"
        print(f"  {what:58} {ours:8.2f}{unit:>2} {peer:8.2f}{unit:>2}   {ratio:5.2f}  "
              f"{target:4.1f}  {verdict}")


if __name__ == "__main__":
    main()
