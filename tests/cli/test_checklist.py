"""Black-box tests of rekindle-checklist: stdout, stderr and exit codes."""
import json
import os
import shutil
import sqlite3
import stat
import subprocess
import unittest

from harness import BIN, CliTest, shared_tmpdir


class Listing(CliTest):
    def test_default_is_list_in_tsv_with_header_when_not_a_terminal(self):
        r = self.assertOk(self.cl())
        rows = self.tsv(r.out)
        self.assertEqual([row["name"] for row in rows],
                         ["reflection", "growth", "trust", "conversation", "foundation"])
        self.assertEqual(rows[0]["done"], "0")
        self.assertEqual(rows[0]["total"], "5")
        self.assertEqual(rows[0]["origin"], "shipped")
        self.assertEqual(r.err, "")
        self.assertEqual(self.cl("list").out, r.out)

    def test_read_only_commands_create_no_database(self):
        for args in (["list"], ["show", "trust"], ["progress"], ["history"], ["export"]):
            self.assertOk(self.cl(*args))
        self.assertFalse(os.path.exists(os.path.dirname(self.db)))

    def test_read_only_commands_leave_the_database_untouched(self):
        self.assertOk(self.cl("check", "trust", "1"))
        before = self.digest()
        mtime = os.stat(self.db).st_mtime_ns
        for args in (["list"], ["show", "trust"], ["progress"], ["history"], ["export"]):
            self.assertOk(self.cl(*args))
        self.assertEqual(self.digest(), before)
        self.assertEqual(os.stat(self.db).st_mtime_ns, mtime)

    def test_read_only_database_file_can_still_be_read(self):
        # A 0555 folder holding a 0444 database, read by someone who cannot write either.
        # Root ignores modes, so root reads as nobody, through an installed copy in a folder
        # anyone can reach: the build tree may sit in a private home (/root is 0700).
        shared = shared_tmpdir("rekindle-ro-")
        self.addCleanup(shutil.rmtree, shared, True)
        self.addCleanup(os.chmod, shared, 0o755)
        db = os.path.join(shared, "ro.db")
        self.assertOk(self.cl("check", "trust", "1", "--note", "kept", "--db", db))
        self.assertEqual(sorted(os.listdir(shared)), ["ro.db"])  # WAL files folded back
        before = self.digest(db)
        os.chmod(db, 0o444)
        os.chmod(shared, 0o555)
        prefix = []
        if os.geteuid() == 0:
            prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        exe = os.path.join(self.install(), "bin", "rekindle-checklist")
        env = dict(self.env, HOME=shared, XDG_DATA_HOME=os.path.join(shared, "data"),
                   XDG_CONFIG_HOME=os.path.join(shared, "config"), PATH="/usr/bin:/bin")
        run = lambda *a: subprocess.run(prefix + [exe, *a, "--db", db], capture_output=True,
                                        text=True, env=env, stdin=subprocess.DEVNULL)
        r = run("show", "trust")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.tsv(r.stdout)[0]["note"], "kept")
        r = run("check", "trust", "2")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("rekindle-checklist: error: ", r.stderr)
        self.assertEqual(self.digest(db), before)

    def test_json_and_jq(self):
        self.assertOk(self.cl("check", "growth", "1", "2"))
        data = json.loads(self.assertOk(self.cl("list", "--format", "json")).out)
        growth = [d for d in data if d["name"] == "growth"][0]
        self.assertEqual(growth["done"], 2)  # a number, not a string
        self.assertEqual(growth["percent"], 40)
        r = self.assertOk(self.sh(
            "rekindle checklist list --format json | jq -r '.[] | select(.done > 0) | .name'"))
        self.assertEqual(r.out, "growth\n")

    def test_show_pipes_into_cut(self):
        r = self.assertOk(self.sh("rekindle checklist show reflection | cut -f2"))
        self.assertEqual(r.out.split("\n")[:3],
                         ["title", "The reasons behind the breakup", "Your own shortcomings"])

    def test_formats(self):
        self.assertOk(self.cl("check", "trust", "1", "--note", "said, \"sorry\"\nand meant it"))
        csv = self.assertOk(self.cl("show", "trust", "--format", "csv", binary=True)).out.decode()
        self.assertTrue(csv.startswith("number,title,done,checked_on,checked_at,note,detail,key\r\n"))
        self.assertIn('"said, ""sorry""\nand meant it"', csv)
        tsv = self.assertOk(self.cl("show", "trust", "--format", "tsv")).out
        self.assertIn("said, \"sorry\"\\nand meant it", tsv)
        lines = self.assertOk(self.cl("show", "trust", "--format", "jsonl")).out.splitlines()
        first = json.loads(lines[0])
        self.assertEqual(first["done"], True)
        self.assertEqual(first["checked_at"], "2026-11-26T15:00:00Z")
        self.assertEqual(first["checked_on"], "2026-11-26")
        table = self.assertOk(self.cl("show", "trust", "--format", "table")).out
        self.assertIn("[x]", table)
        self.assertIn("said, \"sorry\"\\nand meant it", table)
        self.assertNotIn("checked_at", table)

    def test_progress(self):
        self.assertOk(self.cl("check", "reflection", "1", "2", "3", "4", "5"))
        data = json.loads(self.assertOk(self.cl("progress", "--format", "json")).out)
        self.assertEqual(data[0], {"list": "reflection", "done": 5, "total": 5, "percent": 100})
        self.assertEqual(data[-1], {"list": "(all)", "done": 5, "total": 29, "percent": 17})
        table = self.assertOk(self.cl("progress", "--format", "table")).out
        self.assertIn("█████", table)

    def test_colour_rules(self):
        esc = "\x1b["
        self.assertIn(esc, self.cl("--format", "table", "--color", "always").out)
        self.assertNotIn(esc, self.cl("--format", "table").out)  # not a terminal
        self.write_config('color = "always"\n')
        self.assertIn(esc, self.cl("--format", "table").out)
        self.assertNotIn(esc, self.cl("--format", "table", env={"NO_COLOR": "1"}).out)
        self.assertIn(esc, self.cl("--format", "table", env={"NO_COLOR": ""}).out)
        self.assertIn(esc, self.cl("--format", "table", "--color=always",
                                   env={"NO_COLOR": "1"}).out)

    def test_stored_text_cannot_move_the_cursor(self):
        self.assertOk(self.cl("new", "mine"))
        self.assertOk(self.cl("add", "mine", "\x1b[2J\x1b[31mred\x07"))
        table = self.assertOk(self.cl("show", "mine", "--format", "table")).out
        self.assertNotIn("\x1b", table)
        self.assertNotIn("\x07", table)
        self.assertIn("\\x1b[2J\\x1b[31mred\\x07", table)


class Checking(CliTest):
    def test_check_uncheck_reset_and_history(self):
        r = self.assertOk(self.cl("check", "reflection", "1", "comm", "--note", "honest look"))
        self.assertIn("checked: The reasons behind the breakup", r.err)
        self.assertIn("reflection: 2 of 5 done", r.err)
        self.assertEqual(r.out, "")
        rows = self.tsv(self.cl("show", "reflection").out)
        self.assertEqual([row["done"] for row in rows], ["true", "false", "false", "true", "false"])
        self.assertEqual(rows[0]["note"], "honest look")
        self.assertOk(self.cl("uncheck", "reflection", "4"))
        r = self.assertOk(self.cl("reset", "reflection"))
        self.assertIn("unchecked 1 item", r.err)
        history = self.tsv(self.cl("history", "reflection").out)
        self.assertEqual([h["action"] for h in history], ["check", "check", "uncheck", "reset"])
        self.assertEqual(history[0]["item"], "The reasons behind the breakup")

    def test_quiet_silences_notes(self):
        r = self.assertOk(self.cl("-q", "check", "trust", "1"))
        self.assertEqual(r.err, "")
        r = self.assertOk(self.cl("check", "trust", "2", "--quiet"))
        self.assertEqual(r.err, "")

    def test_dates(self):
        self.assertOk(self.cl("check", "trust", "1", "--date", "yesterday"))
        self.assertOk(self.cl("check", "trust", "2", "--date", "3 days ago"))
        self.assertOk(self.cl("check", "trust", "3", "--date", "2026-11-20T09:30"))
        rows = self.tsv(self.cl("show", "trust").out)
        self.assertEqual([r["checked_on"] for r in rows[:3]],
                         ["2026-11-25", "2026-11-23", "2026-11-20"])
        self.assertEqual(rows[2]["checked_at"], "2026-11-20T09:30:00Z")
        self.assertFails(self.cl("check", "trust", "4", "--date", "2026-12-25"), 2, "future")
        self.assertFails(self.cl("check", "trust", "4", "--date", "someday"), 2,
                         "'someday' is not a date")

    def test_day_starts_at_counts_late_night_for_the_day_before(self):
        late = {"REKINDLE_NOW": "2026-11-27T02:30:00Z"}
        self.assertOk(self.cl("check", "trust", "1", env=late))
        self.assertEqual(self.tsv(self.cl("show", "trust").out)[0]["checked_on"], "2026-11-27")
        self.write_config('day_starts_at = "04:00"\n')
        self.assertEqual(self.tsv(self.cl("show", "trust").out)[0]["checked_on"], "2026-11-26")

    def test_timezone_decides_the_local_day(self):
        self.assertOk(self.cl("check", "trust", "1", env={"REKINDLE_NOW": "2026-11-26T23:30:00Z"}))
        rows = self.tsv(self.cl("show", "trust", env={"TZ": "Asia/Tokyo"}).out)
        self.assertEqual(rows[0]["checked_on"], "2026-11-27")
        rows = self.tsv(self.cl("show", "trust", env={"TZ": "America/New_York"}).out)
        self.assertEqual(rows[0]["checked_on"], "2026-11-26")

    def test_unknown_and_ambiguous_items_exit_2_and_change_nothing(self):
        self.assertOk(self.cl("check", "trust", "1"))
        before = self.digest()
        r = self.assertFails(self.cl("check", "reflection", "1", "sh"), 2,
                             "item 'sh' is ambiguous in 'reflection'",
                             "2 'Your own shortcomings'", "3 'Shared responsibility'")
        self.assertEqual(r.out, "")
        self.assertFails(self.cl("check", "reflection", "banana"), 2,
                         "no item 'banana' in 'reflection'", "1 The reasons behind the breakup")
        self.assertFails(self.cl("check", "reflection", "7"), 2, "there is no item 7")
        self.assertEqual(self.digest(), before)

    def test_unknown_list_suggests(self):
        self.assertFails(self.cl("show", "reflektion"), 2,
                         "no list named 'reflektion'; did you mean 'reflection'?")
        self.assertFails(self.cl("check", "qqqqqq", "1"), 2, "the lists are 'reflection'")

    def test_usage_errors_exit_2(self):
        self.assertFails(self.cl("frobnicate"), 2)
        self.assertFails(self.cl("check"), 2, "NAME is missing")
        self.assertFails(self.cl("--format", "xml"), 2, "xml")
        self.assertFails(self.cl("--color", "purple"), 2)
        r = self.assertOk(self.cl("--help"))
        self.assertIn("Usage: rekindle-checklist", r.out)
        r = self.assertOk(self.cl("--version"))
        self.assertRegex(r.out, r"^rekindle-checklist \d+\.\d+\.\d+\n$")


class OwnLists(CliTest):
    def test_new_add_rm(self):
        r = self.assertOk(self.cl("new", "mine", "--title", "Small kindnesses"))
        self.assertIn("made list 'mine'", r.err)
        self.assertFails(self.cl("new", "mine"), 1, "already exists")
        self.assertFails(self.cl("new", "trust"), 1, "already exists")
        self.assertFails(self.cl("new", "Not OK"), 2, "list name")
        self.assertOk(self.cl("add", "mine", "Call my sister", "--detail", "Sundays"))
        r = self.assertOk(self.cl("add", "mine", input="Cook a real dinner\n"))
        self.assertIn("added item 2: Cook a real dinner", r.err)
        r = self.assertOk(self.cl("add", "mine", "-", input="Read before bed\n"))
        self.assertIn("added item 3", r.err)
        self.assertFails(self.cl("add", "mine", input=""), 2, "empty")
        r = self.cl("add", "mine", input=b"\xff\xfe\n", binary=True)
        self.assertEqual(r.code, 65, r)
        self.assertIn(b"item text is not valid UTF-8", r.err)
        rows = self.tsv(self.cl("show", "mine").out)
        self.assertEqual([r["title"] for r in rows],
                         ["Call my sister", "Cook a real dinner", "Read before bed"])
        self.assertEqual(rows[0]["detail"], "Sundays")
        lists = {r["name"]: r for r in self.tsv(self.cl("list").out)}
        self.assertEqual(lists["mine"]["title"], "Small kindnesses")
        self.assertEqual(lists["mine"]["origin"], "user")

        self.assertOk(self.cl("check", "mine", "call"))
        # No terminal and no --yes: refuse, change nothing.
        before = self.digest()
        self.assertFails(self.cl("rm", "mine"), 2, "--yes")
        self.assertFails(self.cl("rm", "mine", "2"), 2, "--yes")
        self.assertEqual(self.digest(), before)
        r = self.assertOk(self.cl("rm", "mine", "cook", "--yes"))
        self.assertIn("removed 'Cook a real dinner'; its history is kept", r.err)
        self.assertEqual(len(self.tsv(self.cl("show", "mine").out)), 2)
        self.assertOk(self.cl("rm", "mine", "-y"))
        self.assertFails(self.cl("show", "mine"), 2, "no list named 'mine'")
        # History and export still hold it.
        self.assertIn("Call my sister", self.cl("history").out)
        self.assertIn('"removed_at":"2026-11-26T15:00:00Z"', self.cl("export").out)

    def test_shipped_lists_cannot_be_removed_only_reset(self):
        self.assertOk(self.cl("check", "trust", "1"))
        self.assertFails(self.cl("rm", "trust", "--yes"), 1, "cannot be removed", "reset")
        self.assertFails(self.cl("rm", "trust", "1", "--yes"), 1, "uncheck it instead")
        self.assertOk(self.cl("add", "trust", "Keep small promises"))
        self.assertOk(self.cl("rm", "trust", "keep", "--yes"))
        self.assertOk(self.cl("reset", "trust"))
        self.assertEqual(self.tsv(self.cl("list").out)[2]["done"], "0")

    def test_config_lists(self):
        self.write_config('[checklist.lists.mornings]\ntitle = "Gentle mornings"\n'
                          'items = ["Drink water", { title = "Walk", detail = "ten minutes" }]\n')
        lists = {r["name"]: r for r in self.tsv(self.cl("list").out)}
        self.assertEqual(lists["mornings"]["origin"], "config")
        self.assertEqual(lists["mornings"]["total"], "2")
        self.assertOk(self.cl("check", "mornings", "walk"))
        self.assertFails(self.cl("rm", "mornings", "--yes"), 1, "config file")


class Paths(CliTest):
    def test_database_is_private(self):
        self.assertOk(self.cl("check", "trust", "1"))
        self.assertEqual(stat.S_IMODE(os.stat(self.db).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.db)).st_mode), 0o700)

    def test_database_precedence(self):
        flag = os.path.join(self.home, "flag.db")
        env_db = os.path.join(self.home, "env.db")
        self.write_config('database = "from-config.db"\n')
        self.assertOk(self.cl("new", "a"))
        self.assertTrue(os.path.exists(os.path.join(os.path.dirname(self.config), "from-config.db")))
        self.assertOk(self.cl("new", "b", env={"REKINDLE_DB": env_db}))
        self.assertTrue(os.path.exists(env_db))
        self.assertOk(self.cl("new", "c", "--db", flag, env={"REKINDLE_DB": env_db}))
        self.assertTrue(os.path.exists(flag))
        names = lambda *a, **k: [r["name"] for r in self.tsv(self.cl("list", *a, **k).out)]
        self.assertIn("c", names("--db", flag))
        self.assertNotIn("c", names(env={"REKINDLE_DB": env_db}))

    def test_config_precedence_and_missing_named_config(self):
        other = os.path.join(self.home, "other.toml")
        with open(other, "w") as f:
            f.write('[checklist.lists.elsewhere]\nitems = ["x"]\n')
        self.assertIn("elsewhere", self.cl("--config", other).out)
        self.assertIn("elsewhere", self.cl(env={"REKINDLE_CONFIG": other}).out)
        self.assertFails(self.cl("--config", other + ".missing"), 66, "does not exist")
        self.assertFails(self.cl(env={"REKINDLE_CONFIG": other + ".missing"}), 66)

    def test_unwritable_database_path_exits_73(self):
        blocker = os.path.join(self.home, "plain-file")
        open(blocker, "w").close()
        self.assertFails(self.cl("check", "trust", "1", "--db", blocker + "/sub/x.db"), 73,
                         "is not a folder")


class BadInput(CliTest):
    def setUp(self):
        super().setUp()
        self.assertOk(self.cl("check", "trust", "1"))
        self.before = self.digest()

    def assertUnchanged(self):
        self.assertEqual(self.digest(), self.before)

    def test_bad_toml_names_the_place_and_exits_78(self):
        self.write_config('color = "auto"\n\n[checklist\n')
        self.assertFails(self.cl("check", "trust", "2"), 78, self.config + ":3:")
        self.assertUnchanged()

    def test_wrong_value_exits_78(self):
        self.write_config('\ncolor = "sometimes"\n')
        self.assertFails(self.cl("list"), 78, self.config + ":2:9:", "auto, always, never")

    def test_invalid_utf8_config_exits_78_before_parsing(self):
        self.write_config(b'editor = "vi"\n# caf\xe9\n', mode="wb")
        self.assertFails(self.cl("check", "trust", "2"), 78, self.config + ":2:6: invalid UTF-8")
        self.assertUnchanged()

    def test_unknown_config_key_is_a_warning(self):
        self.write_config('colour = "never"\n')
        r = self.assertOk(self.cl("list"))
        self.assertIn("rekindle-checklist: warning: " + self.config +
                      ":1:1: unknown key 'colour'; did you mean 'color'?", r.err)

    def test_bad_jsonl_on_any_line_changes_nothing(self):
        good = [
            '{"type":"list","name":"mine","title":"Mine","created_at":"2026-11-20T10:00:00Z","removed_at":null}',
            '{"type":"item","list":"mine","key":"a","title":"A","detail":"","created_at":"2026-11-20T10:00:00Z","removed_at":null}',
            '{"type":"event","list":"mine","item":"a","action":"check","at":"2026-11-20T10:00:00Z","recorded_at":"2026-11-20T10:00:00Z","note":null}',
        ]
        bad = '{"type":"event","list":"mine","item":"a","action":"check","at":"soon","recorded_at":"2026-11-20T10:00:00Z"}'
        for position in range(len(good) + 1):
            lines = good[:position] + [bad] + good[position:]
            path = os.path.join(self.home, f"bad{position}.jsonl")
            with open(path, "w") as f:
                f.write("\n".join(lines) + "\n")
            self.assertFails(self.cl("import", path), 65, f"{path}:{position + 1}: field 'at'")
            self.assertUnchanged()
        self.assertFails(self.cl("import", input=good[0] + "\n{not json\n"), 65,
                         "stdin:2: not valid JSON")
        self.assertFails(self.cl("import", "-", input='{"type":"list","name":3}\n'), 65,
                         "stdin:1: field 'name' must be a string, not a number")
        self.assertUnchanged()

    def test_missing_input_file_exits_66(self):
        self.assertFails(self.cl("import", os.path.join(self.home, "nope.jsonl")), 66,
                         "does not exist")
        self.assertUnchanged()

    def test_newer_schema_is_refused_untouched(self):
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA user_version = 999")
        con.commit()
        con.close()
        before = self.digest()
        for args in (["list"], ["check", "trust", "2"], ["export"]):
            self.assertFails(self.cl(*args), 78, "newer than this rekindle knows")
        self.assertEqual(self.digest(), before)

    def test_not_a_rekindle_database(self):
        path = os.path.join(self.home, "notes.txt")
        with open(path, "w") as f:
            f.write("dear diary " * 200)
        before = self.digest(path)
        self.assertFails(self.cl("check", "trust", "1", "--db", path), 78, "not a rekindle database")
        self.assertEqual(self.digest(path), before)

    def test_busy_database_exits_75(self):
        con = sqlite3.connect(self.db, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        try:
            self.assertFails(self.cl("check", "trust", "2"), 75, "busy")
        finally:
            con.execute("ROLLBACK")
            con.close()
        self.assertUnchanged()


class ExportImport(CliTest):
    def fill(self):
        self.assertOk(self.cl("new", "mine", "--title", "Mine"))
        self.assertOk(self.cl("add", "mine", "Tabs\tand \"quotes\" and café ✓"))
        self.assertOk(self.cl("check", "mine", "1", "--note", "two\nlines"))
        self.assertOk(self.cl("check", "trust", "1", "2", "--date", "yesterday"))
        self.assertOk(self.cl("uncheck", "trust", "2"))
        self.assertOk(self.cl("new", "old"))
        self.assertOk(self.cl("rm", "old", "--yes"))

    def test_round_trip_through_a_pipe_loses_nothing(self):
        self.fill()
        first = self.assertOk(self.cl("export")).out
        self.assertTrue(all(json.loads(line) for line in first.splitlines()))
        other = os.path.join(self.home, "copy.db")
        r = self.assertOk(self.sh(f"rekindle checklist export | rekindle checklist import --db '{other}'"))
        self.assertIn("imported 2 lists, 1 item, 4 events", r.err)
        self.assertEqual(self.cl("export", "--db", other).out, first)
        self.assertEqual(self.cl("show", "mine", "--db", other).out, self.cl("show", "mine").out)
        # Importing again changes nothing.
        r = self.assertOk(self.sh(f"rekindle checklist export | rekindle checklist import - --db '{other}'"))
        self.assertIn("(7 already present)", r.err)
        self.assertEqual(self.cl("export", "--db", other).out, first)

    def test_closed_pipe_ends_quietly(self):
        lines = []
        for i in range(6000):
            lines.append(json.dumps({"type": "event", "list": "trust", "item": "patience",
                                     "action": "check" if i % 2 == 0 else "uncheck",
                                     "at": "2026-11-20T10:00:00Z",
                                     "recorded_at": "2026-11-20T10:00:00Z", "note": f"n{i}"}))
        self.assertOk(self.cl("import", input="\n".join(lines) + "\n"))
        for command in ("export", "history", "history --format json"):
            r = self.sh(f"rekindle-checklist {command} | head -1")
            self.assertEqual(r.code, 0, r)
            self.assertEqual(r.err, "")
            self.assertEqual(len(r.out.splitlines()), 1)

    def test_write_failure_exits_74(self):
        r = self.sh("rekindle-checklist list > /dev/full")
        self.assertEqual(r.code, 74, r)
        self.assertIn("rekindle-checklist: error: cannot write output", r.err)


class Regressions(CliTest):
    """One test per bug found by trying the tool as a new user and by review."""

    def test_text_options_must_be_utf8_so_every_export_reads_back(self):
        # Python hands the tool UTF-8; send raw bytes through bash instead.
        r = self.sh("rekindle-checklist new bad --title $'\\xff'")
        self.assertEqual(r.code, 65, r)
        self.assertIn("the title is not valid UTF-8", r.err)
        r = self.sh("rekindle-checklist check trust 1 --note $'caf\\xe9'")
        self.assertEqual(r.code, 65, r)
        r = self.sh("rekindle-checklist add trust x --detail $'\\xc3('")
        self.assertEqual(r.code, 65, r)
        self.assertFails(self.cl("add", "trust", "two\nlines"), 2, "one line")

    def test_a_day_naming_today_is_never_in_the_future(self):
        morning = {"REKINDLE_NOW": "2026-11-26T08:00:00Z"}
        for date in ("2026-11-26", "thursday", "-0d", "0 days ago", "today"):
            self.assertOk(self.cl("check", "trust", "1", "--date", date, env=morning))
            self.assertOk(self.cl("uncheck", "trust", "1", env=morning))

    def test_same_second_records_survive_a_round_trip(self):
        self.assertOk(self.cl("check", "growth", "1", "2", "3", "--note", "all of them"))
        self.assertOk(self.cl("uncheck", "growth", "1", "2", "3"))
        self.assertOk(self.cl("check", "growth", "1", "2", "3", "--note", "all of them"))
        self.assertOk(self.cl("reset", "growth"))
        self.assertOk(self.cl("new", "keep"))
        self.assertOk(self.cl("add", "keep", "thing"))
        self.assertOk(self.cl("rm", "keep", "--yes"))
        self.assertOk(self.cl("new", "keep"))
        self.assertOk(self.cl("add", "keep", "thing"))
        self.assertOk(self.cl("check", "keep", "1"))
        first = self.cl("export").out
        other = os.path.join(self.home, "copy.db")
        self.assertOk(self.cl("import", "--db", other, input=first))
        self.assertEqual(self.cl("export", "--db", other).out, first)
        self.assertEqual(self.cl("show", "keep", "--db", other).out, self.cl("show", "keep").out)

    def test_confirmation_is_asked_on_the_terminal_not_stdin(self):
        self.assertOk(self.cl("new", "mine"))
        r = self.cl("rm", "mine", input="y\n")
        self.assertFails(r, 2, "no terminal to ask")
        self.assertIn("mine", self.cl("list").out)
        self.assertFails(self.cl("rm", "mine", "", "--yes"), 2, "no item ''")
        self.assertIn("mine", self.cl("list").out)

    def test_stored_control_characters_are_escaped_in_messages(self):
        self.assertOk(self.cl("new", "mine"))
        r = self.assertOk(self.cl("add", "mine", "title \x1b]0;pwned\x07 \x1b[2J"))
        self.assertNotIn("\x1b", r.err)
        self.assertIn("\\x1b]0;pwned\\x07", r.err)
        r = self.assertOk(self.cl("check", "mine", "1"))
        self.assertNotIn("\x1b", r.err)
        r = self.cl("check", "mine", "zzz")
        self.assertNotIn("\x1b", r.err)

    def test_a_note_for_a_done_item_keeps_its_day(self):
        self.assertOk(self.cl("check", "reflection", "1", "--date", "3 days ago"))
        r = self.assertOk(self.cl("check", "reflection", "1", "--note", "a later thought"))
        self.assertIn("note recorded: The reasons behind the breakup", r.err)
        row = self.tsv(self.cl("show", "reflection").out)[0]
        self.assertEqual(row["checked_on"], "2026-11-23")
        self.assertEqual(row["note"], "a later thought")
        self.assertOk(self.cl("check", "growth", "1", "2", "3", "4", "5"))
        r = self.assertOk(self.cl("check", "growth", "1"))
        self.assertNotIn("all 5 done", r.err)  # nothing new happened

    def test_the_last_action_recorded_wins_however_it_is_dated(self):
        self.assertOk(self.cl("check", "trust", "1"))
        r = self.assertOk(self.cl("uncheck", "trust", "1", "--date", "3 days ago"))
        self.assertIn("unchecked: Acknowledge what you did", r.err)
        self.assertEqual(self.tsv(self.cl("show", "trust").out)[0]["done"], "false")
        self.assertOk(self.cl("check", "trust", "2", "--date", "2 days ago"))
        self.assertOk(self.cl("check", "trust", "2", "--date", "yesterday", "--note", "moved"))
        row = self.tsv(self.cl("show", "trust").out)[1]
        self.assertEqual((row["checked_on"], row["note"]), ("2026-11-25", "moved"))
        actions = [h["action"] for h in self.tsv(self.cl("history").out)]
        self.assertEqual(actions, ["check", "uncheck", "check", "check"])  # as recorded

    def test_a_date_one_minute_ahead_is_the_future(self):
        self.assertFails(self.cl("check", "trust", "1", "--date", "2026-11-26T15:01"), 2, "future")

    def test_config_errors_inside_lists_name_their_line(self):
        self.write_config('[checklist.lists.mornings]\ntitle = "M"\n'
                          'items = ["ok", { detail = "no title" }]\n')
        self.assertFails(self.cl("list"), 78, self.config + ":3:")
        self.write_config('[checklist.lists.mornings]\nitems = "oops"\n')
        self.assertFails(self.cl("list"), 78, self.config + ":2:", "'items' must be an array")

    def test_folders_where_files_belong(self):
        folder = os.path.join(self.home, "afolder")
        os.makedirs(folder)
        self.assertFails(self.cl("list", "--db", folder), 73, "is a folder")
        self.assertFails(self.cl("new", "x", "--db", folder), 73, "is a folder")
        self.assertFails(self.cl("list", "--config", folder), 66, "is a folder")

    def test_a_damaged_database_is_refused(self):
        self.assertOk(self.cl("new", "x"))
        con = sqlite3.connect(self.db)
        con.execute("PRAGMA user_version = 0")
        con.commit()
        con.close()
        self.assertFails(self.cl("new", "y"), 78, "no schema version")

    def test_a_failed_import_leaves_no_new_database(self):
        self.assertFails(self.cl("import", input="{broken\n"), 65)
        self.assertFalse(os.path.exists(self.db))

    def test_missing_shipped_content_is_named(self):
        r = self.cl("list", env={"REKINDLE_SHARE_DIR": os.path.join(self.home, "nowhere")})
        self.assertFails(r, 78, "shipped lists are missing")

    def test_command_help_points_to_the_common_options(self):
        r = self.assertOk(self.cl("show", "--help"))
        self.assertIn("The common options (--db, --config, --format, --color, -q)", r.out)

    def test_misspelt_subcommand_with_arguments_is_suggested(self):
        self.assertFails(self.cl("shwo", "reflection"), 2, "did you mean 'show'?")

    def test_history_of_a_removed_list(self):
        self.assertOk(self.cl("new", "gone"))
        self.assertOk(self.cl("add", "gone", "one"))
        self.assertOk(self.cl("check", "gone", "1"))
        self.assertOk(self.cl("rm", "gone", "--yes"))
        rows = self.tsv(self.assertOk(self.cl("history", "gone")).out)
        self.assertEqual([(r["item"], r["action"]) for r in rows], [("one", "check")])
        self.assertFails(self.cl("history", "never"), 2, "no list named 'never'")

    def test_config_and_own_list_of_one_name_is_a_clear_error(self):
        self.assertOk(self.cl("new", "mornings"))
        self.write_config('[checklist.lists.mornings]\nitems = ["x"]\n')
        self.assertFails(self.cl("list"), 78, "rename the one in the config")

    def test_items_in_any_script_keep_their_own_keys(self):
        self.write_config('[checklist.lists.ru]\n'
                          'items = ["Прогулка утром", "Читать книгу", "Позвонить маме"]\n')
        self.assertOk(self.cl("check", "ru", "2", "--note", "read 20 pages"))
        keys = [r["key"] for r in self.tsv(self.cl("show", "ru", "--format", "tsv").out)]
        self.assertEqual(keys, ["прогулка-утром", "читать-книгу", "позвонить-маме"])
        self.write_config('[checklist.lists.ru]\nitems = ["Прогулка утром", "Позвонить маме"]\n')
        rows = self.tsv(self.cl("show", "ru").out)
        self.assertEqual([r["done"] for r in rows], ["false", "false"])  # nothing moved over

    def test_item_names_ignore_case_beyond_ascii(self):
        self.assertOk(self.cl("new", "m"))
        self.assertOk(self.cl("add", "m", "Über Café"))
        self.assertOk(self.cl("add", "m", "Прогулка утром"))
        self.assertIn("checked: Über Café", self.assertOk(self.cl("check", "m", "über")).err)
        self.assertIn("checked: Прогулка утром", self.assertOk(self.cl("check", "m", "прог")).err)

    def test_hand_written_json_lines_may_leave_fields_out(self):
        lines = ('{"type":"list","name":"hand"}\n'
                 '{"type":"item","list":"hand","title":"Write a letter I will not send"}\n'
                 '{"type":"event","list":"hand","item":"write-a-letter-i-will-not-send",'
                 '"action":"check","at":"2026-11-20T10:00:00Z"}\n')
        r = self.assertOk(self.cl("import", input=lines))
        self.assertIn("imported 1 list, 1 item, 1 event", r.err)
        row = self.tsv(self.cl("show", "hand").out)[0]
        self.assertEqual((row["done"], row["checked_on"]), ("true", "2026-11-20"))
        keyed = '{"type":"item","list":"hand","key":"own","title":"Keyed by hand"}\n'
        self.assertOk(self.cl("import", input=keyed))
        self.assertIn("(1 already present)", self.assertOk(self.cl("import", input=keyed)).err)
        r = self.assertOk(self.cl("import", input=lines))  # the same file again adds nothing
        self.assertIn("imported 0 lists, 0 items, 0 events (3 already present)", r.err)
        self.assertEqual(len(self.tsv(self.cl("history", "hand").out)), 1)
        # A hand-written event is named by its content, found through the uid index.
        events = [json.loads(l) for l in self.cl("export").out.splitlines()
                  if '"type":"event"' in l]
        self.assertRegex(events[0]["uid"], r"^c[0-9a-f]{31}$")

    def test_import_refuses_what_it_cannot_keep_faithfully(self):
        cases = [
            ('{"type":"event","list":"reflection","item":"zzz","action":"check"}',
             "stdin:1: list 'reflection' has no item with the key 'zzz'"),
            ('{"type":"event","list":"nolist","item":"a","action":"check"}',
             "stdin:1: list 'nolist' is not defined"),
            ('{"type":"list","uid":"not valid!","name":"x"}', "stdin:1: field 'uid' must be"),
            ('{"type":"item","list":"trust","key":"","title":"t"}', "stdin:1: field 'key' is empty"),
            ('{"type":"event","list":"trust","item":"patience","action":"check","note":"a\\u0000b"}',
             "stdin:1: field 'note' holds a NUL character"),
            ('{"type":"item","list":"trust","title":"two\\nlines"}', "stdin:1: field 'title' must be one line"),
        ]
        for line, message in cases:
            self.assertFails(self.cl("import", input=line + "\n"), 65, message)
        self.assertFails(self.cl("import", self.home), 66, "is a folder")
        self.assertFalse(os.path.exists(self.db))

    def test_an_empty_database_setting_points_at_the_config(self):
        self.write_config('\ndatabase = ""\n')
        self.assertFails(self.cl("list"), 78, self.config + ":2:", "'database' is empty")

    def test_a_failed_first_write_leaves_no_folders(self):
        self.assertFails(self.cl("check", "reflection", "99"), 2)
        self.assertFails(self.cl("new", "Bad Name"), 2)
        self.assertFalse(os.path.exists(os.path.join(self.home, "data")))

    def test_bidirectional_overrides_are_escaped(self):
        self.assertOk(self.cl("new", "m"))
        r = self.assertOk(self.cl("add", "m", "abc\u202edef"))
        self.assertNotIn("\u202e", r.err)
        self.assertIn("\\u202e", r.err)
        self.assertNotIn("\u202e", self.cl("show", "m", "--format", "table").out)

    def test_a_byte_order_mark_on_stdin_is_not_part_of_the_text(self):
        self.assertOk(self.cl("new", "m"))
        self.assertOk(self.cl("add", "m", input="\ufeffFrom an editor\n"))
        self.assertEqual(self.tsv(self.cl("show", "m").out)[0]["title"], "From an editor")

    def test_clashes_with_the_config_name_their_place(self):
        self.assertOk(self.cl("new", "mornings"))
        self.write_config('\n[checklist.lists.mornings]\nitems = ["x"]\n')
        self.assertFails(self.cl("list"), 78, self.config + ":2:")

    def test_import_accepts_a_byte_order_mark_and_explains_bad_json(self):
        line = ('{"type":"list","name":"bom","title":"B","created_at":"2026-11-20T10:00:00Z",'
                '"removed_at":null}\n')
        self.assertOk(self.cl("import", input="\ufeff" + line))
        self.assertIn("bom", self.cl("list").out)
        r = self.assertFails(self.cl("import", input='{"type": nope}\n'), 65, "stdin:1:")
        self.assertNotIn(".\n", r.err)


if __name__ == "__main__":
    unittest.main()
