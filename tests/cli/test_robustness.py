"""Regression tests for what a new user and a code review hit: each names the defect it
guards against."""
import json
import os
import stat
import subprocess

from harness import BIN, CliTest


class Robustness(CliTest):
    def test_a_read_only_command_leaves_no_wal_or_shm_behind(self):
        self.assertOk(self.cl("check", "-q", "reflection", "1"))
        self.assertOk(self.cl("list"))
        self.assertOk(self.cl("export"))
        folder = os.path.dirname(self.db)
        self.assertEqual(sorted(os.listdir(folder)), ["rekindle.db"])

    def test_a_nul_byte_is_refused_wherever_it_comes_in(self):
        self.assertOk(self.cl("new", "mine"))
        r = subprocess.run(["bash", "-c", "printf 'a\\0b' | rekindle-checklist add mine -"],
                           env=self.env, capture_output=True, text=True)
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertIn("NUL", r.stderr)
        r = subprocess.run(["bash", "-c", "printf 'a\\0b' | rekindle-checklist add mine"],
                           env=self.env, capture_output=True, text=True)
        self.assertEqual(r.returncode, 65, r.stderr)
        self.assertEqual(self.tsv(self.cl("show", "mine").out), [])

    def test_anything_accepted_can_be_exported_and_imported_back(self):
        self.assertOk(self.cl("new", "mine", "--title", "Ünïcode \u202e and tabs"))
        self.assertOk(self.cl("add", "mine", input="a\tb \\ c\n"))
        self.assertOk(self.cl("check", "mine", "1", "--note", "line one\nline two\r\n\x1b[2J"))
        exported = self.assertOk(self.cl("export")).out
        other = os.path.join(self.home, "other.db")
        self.assertOk(self.cl("import", "--db", other, input=exported))
        self.assertEqual(self.cl("export", "--db", other).out, exported)

    def test_a_backup_with_a_config_list_restores_on_a_machine_without_it(self):
        self.write_config('[checklist.lists.mornings]\nitems = ["Drink water"]\n')
        self.assertOk(self.cl("add", "mornings", "Stretch"))
        self.assertOk(self.cl("check", "mornings", "1", "2"))
        os.remove(self.config)
        backup = self.assertOk(self.cl("export")).out
        other = os.path.join(self.home, "new.db")
        r = self.assertOk(self.cl("import", "--db", other, input=backup))
        self.assertIn("'mornings'", r.err)
        items = self.tsv(self.cl("show", "mornings", "--db", other).out)
        self.assertEqual([i["title"] for i in items], ["Stretch"])
        self.assertEqual(items[0]["done"], "true")
        history = self.tsv(self.cl("history", "mornings", "--db", other).out)
        self.assertEqual(len(history), 2)
        # Importing the same backup again changes nothing.
        before = self.cl("export", "--db", other).out
        self.assertOk(self.cl("import", "--db", other, input=backup))
        self.assertEqual(self.cl("export", "--db", other).out, before)

    def test_a_removed_list_whose_name_the_config_now_uses_still_imports(self):
        self.assertOk(self.cl("new", "mornings"))
        self.assertOk(self.cl("add", "mornings", "Stretch"))
        self.assertOk(self.cl("check", "mornings", "1"))
        self.assertOk(self.cl("rm", "mornings", "-y"))
        self.write_config('[checklist.lists.mornings]\nitems = ["Drink water"]\n')
        backup = self.assertOk(self.cl("export")).out
        self.assertOk(self.cl("import", input=backup))
        other = os.path.join(self.home, "new.db")
        self.assertOk(self.cl("import", "--db", other, input=backup))
        self.assertEqual(self.cl("export", "--db", other).out, backup)

    def test_an_imported_item_never_takes_over_old_history(self):
        self.write_config('[checklist.lists.mornings]\nitems = ["Stretch", "Drink water"]\n')
        self.assertOk(self.cl("check", "mornings", "Stretch"))
        self.write_config('[checklist.lists.mornings]\nitems = ["Drink water"]\n')
        line = '{"type":"item","list":"mornings","title":"Stretch"}\n'
        self.assertOk(self.cl("import", input=line))
        r = self.cl("show", "mornings", "--format", "json")
        items = json.loads(r.out)
        stretch = [i for i in items if i["title"] == "Stretch"][0]
        self.assertEqual(stretch["key"], "stretch-2")
        self.assertFalse(stretch["done"])
        # The same hand-written line again adds nothing.
        self.assertOk(self.cl("import", input=line))
        self.assertEqual(len(json.loads(self.cl("show", "mornings", "--format", "json").out)), 2)

    def test_a_hand_written_removed_list_imported_twice_is_kept_once(self):
        line = '{"type":"list","name":"old","removed_at":"2026-01-01T00:00:00Z"}\n'
        self.assertOk(self.cl("import", input=line))
        r = self.assertOk(self.cl("import", input=line))
        self.assertIn("1 already present", r.err)
        lists = [json.loads(l) for l in self.cl("export").out.splitlines()]
        self.assertEqual(len([l for l in lists if l.get("name") == "old"]), 1)

    def test_a_repeated_json_key_is_refused(self):
        line = ('{"type":"event","list":"trust","item":"patience","action":"check",'
                '"action":"uncheck","at":"2026-11-20T10:00:00Z"}\n')
        self.assertFails(self.cl("import", input=line), 65, "stdin:1:", "'action'",
                         "more than once")
        self.assertFalse(os.path.exists(self.db))

    def test_a_fifo_as_the_database_is_refused_at_once(self):
        fifo = os.path.join(self.home, "f.db")
        os.mkfifo(fifo)
        for args in (["list"], ["export"], ["check", "trust", "1"]):
            r = self.run_tool(*args, "--db", fifo)  # the harness times out after 60 s
            self.assertFails(r, 73, "not a regular file")

    def test_unreadable_stdin_is_an_io_error_that_changes_nothing(self):
        self.assertOk(self.cl("new", "mine"))
        before = self.digest()
        for script, code in (("rekindle-checklist import < /tmp", 74),
                             ("rekindle-checklist import <&-", 74),
                             ("rekindle-checklist add mine < /tmp", 74),
                             ("rekindle-checklist add mine <&-", 74)):
            r = self.sh(script)
            self.assertEqual(r.code, code, (script, r))
            self.assertIn("cannot read stdin", r.err, script)
        self.assertEqual(self.digest(), before)
        os.remove(self.db)
        self.assertEqual(self.sh("rekindle-checklist import <&-").code, 74)
        self.assertFalse(os.path.exists(self.db))

    def test_help_and_version_into_a_full_device_fail_loudly(self):
        for args in (["--help"], ["--version"], ["check", "--help"]):
            r = self.sh("rekindle-checklist " + " ".join(args) + " > /dev/full")
            self.assertEqual(r.code, 74, (args, r))
            self.assertIn("cannot write", r.err)
        r = self.sh("rekindle-checklist --help | head -1")
        self.assertEqual((r.code, r.err), (0, ""))

    def test_a_closed_or_full_stderr_never_aborts(self):
        r = self.sh("rekindle-checklist uncheck reflection 1 2>&-")
        self.assertEqual(r.code, 0, r)
        r = self.sh("rekindle-checklist show zzz 2>/dev/full")
        self.assertEqual(r.code, 2, r)
        r = self.sh("rekindle-checklist check reflection 99 2>&-")
        self.assertEqual(r.code, 2, r)
        r = self.sh("rekindle zzz 2>&-")
        self.assertEqual(r.code, 2, r)

    def test_the_dispatcher_hands_default_signals_to_what_it_runs(self):
        tools = os.path.join(self.home, "tools")
        os.makedirs(tools)
        count = os.path.join(tools, "rekindle-count")
        with open(count, "w") as f:
            f.write("#!/bin/sh\nseq 1 1000000\n")
        os.chmod(count, 0o755)
        self.env["PATH"] = tools + os.pathsep + self.env["PATH"]
        r = self.sh("rekindle count | head -1")
        self.assertEqual((r.out, r.err), ("1\n", ""))
        r = self.sh("rekindle help checklist | head -5")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.err, "")

    def test_tool_names_reach_the_terminal_escaped_and_aligned(self):
        tools = os.path.join(self.home, "tools")
        os.makedirs(tools)
        nasty = os.path.join(tools, "rekindle-x\x1b[2J\x1b]0;owned\x07")
        with open(nasty, "w") as f:
            f.write("#!/bin/sh\n")
        os.chmod(nasty, 0o755)
        self.env["PATH"] = tools + os.pathsep + self.env["PATH"]
        r = self.sh("rekindle --help")
        self.assertEqual(r.code, 0, r)
        self.assertNotIn("\x1b", r.out)
        self.assertIn("x\\x1b[2J\\x1b]0;owned\\x07", r.out)
        r = self.sh("rekindle x\x1b[2K")
        self.assertNotIn("\x1b", r.err)

    def test_progress_names_its_overall_row(self):
        rows = self.tsv(self.assertOk(self.cl("progress")).out)
        self.assertEqual(rows[-1]["list"], "(all)")

    def test_bytes_that_only_look_like_utf8_are_escaped_in_messages(self):
        for raw, shown in ((b"\xed\xa0\x80", "\\xed\\xa0\\x80"),
                           (b"\xc0\xaf", "\\xc0\\xaf"),
                           (b"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80")):
            r = subprocess.run([os.path.join(BIN, "rekindle-checklist"), "show", b"x" + raw],
                               env=self.env, capture_output=True, stdin=subprocess.DEVNULL)
            self.assertEqual(r.returncode, 2)
            err = r.stderr.decode("utf-8")  # raises if a raw byte got through
            self.assertIn("x" + shown, err)

    def test_usage_errors_read_like_the_tools_own_and_name_the_option(self):
        cases = [(["check", "trust", "1", "--date", "today", "--date", "now"],
                  "--date was given 2 times; give it once"),
                 (["check", "trust", "1", "--note"], "--note needs a value"),
                 (["--format", "xml"], "--format 'xml' is not one of"),
                 (["show"], "NAME is missing")]
        for args, message in cases:
            r = self.assertFails(self.cl(*args), 2, message)
            self.assertNotRegex(r.err, r"At Most|required but|\bnot in \{")

    def test_color_always_colours_tables_and_never_machine_formats(self):
        r = self.assertOk(self.cl("--format", "table", "--color", "always"))
        self.assertIn("\x1b[1m", r.out)
        for fmt in ("tsv", "csv", "json", "jsonl"):
            r = self.assertOk(self.cl("--format", fmt, "--color", "always"))
            self.assertNotIn("\x1b", r.out, fmt)
        self.assertNotIn("\x1b", self.cl("--color", "always").out)  # tsv in a pipe

    def test_a_lists_description_is_shown_where_a_user_looks(self):
        self.write_config('[checklist.lists.mornings]\ndescription = "Kind first hours."\n'
                          'items = ["Drink water"]\n')
        lists = json.loads(self.assertOk(self.cl("--format", "json")).out)
        by_name = {l["name"]: l for l in lists}
        self.assertEqual(by_name["mornings"]["description"], "Kind first hours.")
        self.assertTrue(by_name["reflection"]["description"])
        r = self.assertOk(self.cl("show", "mornings", "--format", "table"))
        self.assertTrue(r.out.startswith("mornings: Kind first hours.\n"), r.out)
        self.assertNotIn("Kind", self.cl("show", "mornings").out)  # tsv stays data only

    def test_a_file_exported_before_the_record_layer_still_imports(self):
        fixture = os.path.join(os.environ.get("REKINDLE_SRC", ""), "tests", "cli", "fixtures",
                               "checklist-export-0.1.jsonl")
        r = self.assertOk(self.cl("import", fixture))
        self.assertIn("imported 2 lists, 2 items, 3 events", r.err)
        mine = self.tsv(self.cl("show", "mine").out)
        self.assertEqual((mine[0]["title"], mine[0]["done"]), ("Call my sister", "true"))
        self.assertEqual(mine[0]["note"], "we talked for an hour\\nit helped")
        reflection = self.tsv(self.cl("show", "reflection").out)
        self.assertEqual(reflection[0]["done"], "false")
        exported = self.cl("export").out.splitlines()
        self.assertEqual(json.loads(exported[0]), {"type": "rekindle", "format": 1})
        with open(fixture) as f:
            old = [json.loads(l) for l in f]
        new = [json.loads(l) for l in exported[1:]]
        for record in new:
            self.assertEqual(record.pop("tool"), "checklist")
        self.assertEqual(new, old)  # the same records, field for field
        self.assertIn("imported 0 lists, 0 items, 0 events (7 already present)",
                      self.cl("import", fixture).err)

    def test_a_sorted_or_reversed_export_still_imports(self):
        self.assertOk(self.cl("new", "mine"))
        self.assertOk(self.cl("add", "mine", "Thing"))
        self.assertOk(self.cl("check", "mine", "1", "--note", "n1"))
        exported = self.cl("export").out
        for order in ("sort", "tac"):
            other = os.path.join(self.home, order + ".db")
            r = self.sh(f"rekindle-checklist export | {order} | "
                        f"rekindle-checklist import --db '{other}'")
            self.assertEqual(r.code, 0, (order, r))
            again = self.cl("export", "--db", other).out
            self.assertEqual(sorted(again.splitlines()), sorted(exported.splitlines()), order)

    def test_an_export_without_uids_matches_what_is_stored(self):
        self.assertOk(self.cl("new", "mine"))
        self.assertOk(self.cl("add", "mine", "Thing"))
        self.assertOk(self.cl("check", "mine", "1", "--note", "n1"))
        stripped = "".join(json.dumps({k: v for k, v in json.loads(l).items() if k != "uid"}) + "\n"
                           for l in self.cl("export").out.splitlines()[1:])
        r = self.assertOk(self.cl("import", input=stripped))
        self.assertIn("imported 0 lists, 0 items, 0 events (3 already present)", r.err)
        self.assertEqual(len(self.tsv(self.cl("history").out)), 1)

    def test_imported_times_must_have_four_digit_years(self):
        # The stored form holds the years 0000 to 9999 (0000 so that what an early release
        # could store still comes back); anything else is refused.
        for at in ("-001-12-31T00:00:00Z", "10000-01-01T00:00:00Z", "2026-13-01T00:00:00Z"):
            line = ('{"type":"event","list":"reflection","item":"reasons","action":"check",'
                    f'"at":"{at}"}}\n')
            self.assertFails(self.cl("import", input=line), 65, "stdin:1: field 'at'")
        self.assertFalse(os.path.exists(self.db))

    def test_a_deeply_nested_config_is_refused_not_a_crash(self):
        for text in ("a." * 40000 + "b = 1\n", "[" + "a." * 40000 + "b]\n",
                     "x = " + "[" * 40000 + "]" * 40000 + "\n"):
            self.write_config(text)
            self.assertFails(self.cl("list"), 78, "nested more than 64 levels")
        self.write_config("x = [" + ", ".join("1.5" for _ in range(200)) + "]\n"
                          "[checklist.lists.a]\nitems = [\"x\"]\n")
        self.assertNotIn("nested", self.cl("list").err)

    def test_commands_that_change_nothing_create_no_database(self):
        for args, stdin in ((["reset", "reflection"], None), (["uncheck", "reflection", "1"], None),
                            (["import"], ""), (["check", "reflection", "99"], None)):
            self.cl(*args, input=stdin)
            self.assertFalse(os.path.exists(os.path.dirname(self.db)), args)

    def test_an_empty_db_or_config_path_is_a_usage_error(self):
        self.assertFails(self.cl("--db", "", "check", "trust", "1"), 2, "--db is empty")
        self.assertFails(self.cl("--config", "", "list"), 2, "--config is empty")
        self.assertFalse(os.path.exists(self.db))

    def test_a_huge_option_value_is_a_usage_error_not_a_crash(self):
        r = self.cl("--format", "x" * 100000, "list")
        self.assertEqual(r.code, 2)

    def test_help_into_a_full_device_fails_loudly(self):
        r = self.sh("rekindle help checklist > /dev/full")
        self.assertEqual(r.code, 74, r)

    def test_a_dangling_link_or_folder_path_is_refused_without_leftovers(self):
        link = os.path.join(self.home, "link.db")
        os.symlink(os.path.join(self.home, "nowhere.db"), link)
        self.assertFails(self.cl("--db", link, "check", "trust", "1"), 73, "does not exist")
        folder = os.path.join(self.home, "newdir") + "/"
        self.assertFails(self.cl("--db", folder, "new", "aa"), 73, "names a folder")
        self.assertFalse(os.path.exists(folder))

    def test_a_repeated_list_uid_never_drops_the_list_an_item_needs(self):
        lines = ('{"type":"item","uid":"I1","list":"zz","key":"a","title":"A"}\n'
                 '{"type":"list","uid":"L1","name":"other"}\n'
                 '{"type":"list","uid":"L1","name":"zz"}\n')
        self.assertOk(self.cl("import", input=lines))
        self.assertEqual([r["title"] for r in self.tsv(self.cl("show", "zz").out)], ["A"])
        lines = ('{"type":"event","uid":"E1","list":"aa","item":"x","action":"check"}\n'
                 '{"type":"event","uid":"E1","list":"bb","item":"x","action":"check"}\n')
        other = os.path.join(self.home, "other.db")
        r = self.assertOk(self.cl("import", "--db", other, input=lines))
        self.assertNotIn("'bb'", r.err)
        names = [row["name"] for row in self.tsv(self.cl("list", "--db", other).out)]
        self.assertNotIn("bb", names)

    def test_stdin_from_a_file_is_read_from_where_it_stands(self):
        path = os.path.join(self.home, "in.txt")
        with open(path, "w") as f:
            f.write("a line a script reads first\n"
                    '{"type":"list","name":"mine"}\n')
        r = self.sh(f"(read -r skip; rekindle-checklist import) < '{path}'")
        self.assertEqual(r.code, 0, r)
        self.assertIn("imported 1 list", r.err)

    def test_matching_does_not_depend_on_what_the_database_held_before(self):
        lines = ('{"type":"list","name":"m"}\n{"type":"item","list":"m","title":"A"}\n'
                 '{"type":"event","uid":"u1","list":"m","item":"a","action":"check",'
                 '"at":"2026-11-01T00:00:00Z"}\n'
                 '{"type":"event","list":"m","item":"a","action":"check",'
                 '"at":"2026-11-01T00:00:00Z"}\n')
        for name, before in (("fresh.db", None), ("used.db", ["check", "trust", "1"])):
            db = os.path.join(self.home, name)
            if before:
                self.assertOk(self.cl(*before, "--db", db))
            self.assertOk(self.cl("import", "--db", db, input=lines))
            self.assertEqual(len(self.tsv(self.cl("history", "m", "--db", db).out)), 1, name)

    def test_a_reordered_export_keeps_a_removed_list_removed(self):
        self.assertOk(self.cl("new", "gone"))
        self.assertOk(self.cl("add", "gone", "Thing"))
        self.assertOk(self.cl("rm", "gone", "-y"))
        other = os.path.join(self.home, "other.db")
        r = self.sh(f"rekindle-checklist export | tac | rekindle-checklist import --db '{other}'")
        self.assertEqual(r.code, 0, r)
        self.assertNotIn("gone", [row["name"] for row in
                                  self.tsv(self.cl("list", "--db", other).out)])
        self.assertEqual(sorted(self.cl("export", "--db", other).out.splitlines()),
                         sorted(self.cl("export").out.splitlines()))

    def test_hand_written_removed_records_and_repeated_lines_are_matched(self):
        self.assertOk(self.cl("new", "zz"))
        self.assertOk(self.cl("rm", "zz", "-y"))
        stripped = "".join(json.dumps({k: v for k, v in json.loads(l).items() if k != "uid"})
                           + "\n" for l in self.cl("export").out.splitlines()[1:])
        r = self.assertOk(self.cl("import", input=stripped))
        self.assertIn("(1 already present)", r.err)
        item = '{"type":"item","list":"growth","title":"Gone item","removed_at":"2026-01-01T00:00:00Z"}\n'
        self.assertOk(self.cl("import", input=item))
        self.assertIn("(1 already present)", self.assertOk(self.cl("import", input=item)).err)
        # check, uncheck, check with no `at`: three events, the item ends checked, and the
        # same file again adds nothing.
        events = "".join('{"type":"event","list":"trust","item":"patience","action":"%s"}\n' % a
                         for a in ("check", "uncheck", "check"))
        r = self.assertOk(self.cl("import", input=events))
        self.assertIn("3 events", r.err)
        self.assertEqual(self.tsv(self.cl("show", "trust").out)[5]["done"], "true")
        self.assertIn("(3 already present)", self.assertOk(self.cl("import", input=events)).err)

    def test_a_backup_restores_where_the_config_now_defines_its_item(self):
        self.write_config('[checklist.lists.cfg]\nitems = ["Config one"]\n')
        self.assertOk(self.cl("add", "cfg", "Extra"))
        self.assertOk(self.cl("check", "cfg", "Extra"))
        backup = self.cl("export").out
        self.write_config('[checklist.lists.cfg]\nitems = ["Config one", "Extra"]\n')
        other = os.path.join(self.home, "other.db")
        self.assertOk(self.cl("import", "--db", other, input=backup))
        rows = self.tsv(self.cl("show", "cfg", "--db", other).out)
        self.assertEqual([(r["title"], r["done"]) for r in rows],
                         [("Config one", "false"), ("Extra", "true")])

    def test_empty_names_and_unknown_header_fields_are_refused(self):
        for line, message in (
                ('{"type":"event","uid":"e1","list":"trust","item":"","action":"check"}',
                 "field 'item' is empty"),
                ('{"type":"list","name":"x","title":""}', "field 'title' is empty"),
                ('{"type":"rekindle","format":1,"x":1}', "unknown field 'x' in the header")):
            self.assertFails(self.cl("import", input=line + "\n"), 65, message)

    def test_help_for_export_and_import_shows_the_data_manual(self):
        r = self.sh("rekindle help import | head -3")
        self.assertEqual(r.code, 0, r)
        self.assertIn("REKINDLE-DATA", r.out)

    def test_a_hand_written_copy_after_its_exported_event_is_matched(self):
        lines = ('{"type":"event","uid":"u1","list":"trust","item":"patience","action":"check",'
                 '"at":"2026-11-01T00:00:00Z"}\n'
                 '{"type":"event","list":"trust","item":"patience","action":"check",'
                 '"at":"2026-11-01T00:00:00Z"}\n')
        r = self.assertOk(self.cl("import", input=lines))
        self.assertIn("1 event (1 already present)", r.err)
