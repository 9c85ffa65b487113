"""`rekindle export` and `rekindle import`: the whole database at once, through the record
layer."""
import json
import os

from harness import CliTest


class WholeDatabase(CliTest):
    def rk(self, *args, **kw):
        return self.run_tool(*args, tool="rekindle", **kw)

    def fill(self):
        self.assertOk(self.cl("new", "mine", "--title", "Tabs\tand \"quotes\""))
        self.assertOk(self.cl("add", "mine", "Call my sister 🌱"))
        self.assertOk(self.cl("check", "mine", "1", "--note", "two\nlines"))
        self.assertOk(self.cl("check", "trust", "1", "2"))
        self.assertOk(self.cl("uncheck", "trust", "2"))
        self.assertOk(self.cl("rm", "mine", "1", "-y"))

    def test_export_then_import_gives_the_same_bytes(self):
        self.fill()
        first = self.assertOk(self.rk("export")).out
        lines = first.splitlines()
        self.assertEqual(json.loads(lines[0]), {"type": "rekindle", "format": 1})
        for line in lines[1:]:
            record = json.loads(line)
            self.assertEqual(record["tool"], "checklist")
            self.assertIn(record["type"], ("list", "item", "event"))
        other = os.path.join(self.home, "other.db")
        r = self.assertOk(self.sh(f"rekindle export | rekindle import --db '{other}'"))
        self.assertIn("imported 6 records (4 checklist.event, 1 checklist.item, 1 checklist.list)", r.err)
        self.assertEqual(self.rk("export", "--db", other).out, first)
        # Idempotent: the same stream again stores nothing.
        r = self.assertOk(self.rk("import", "--db", other, input=first))
        self.assertIn("imported 0 records; 6 already present", r.err)
        self.assertEqual(self.rk("export", "--db", other).out, first)

    def test_the_tools_own_export_matches_its_part_of_the_whole(self):
        self.fill()
        self.assertEqual(self.cl("export").out, self.rk("export").out)

    def test_a_bad_line_anywhere_stores_nothing(self):
        self.fill()
        good = self.rk("export").out.splitlines()
        other = os.path.join(self.home, "other.db")
        for position in (1, len(good) // 2, len(good)):
            lines = good[:position] + ['{"type":"event","tool":"checklist","list":"trust",'
                                       '"item":"acknowledge","action":"check","at":"soon"}'] + good[position:]
            r = self.rk("import", "--db", other, input="\n".join(lines) + "\n")
            self.assertFails(r, 65, f"stdin:{position + 1}: field 'at'")
            self.assertFalse(os.path.exists(other))

    def test_a_newer_format_is_refused_before_anything_is_stored(self):
        r = self.rk("import", input='{"type":"rekindle","format":2}\n'
                                    '{"type":"list","tool":"checklist","name":"x"}\n')
        self.assertFails(r, 65, "newer rekindle", "upgrade")
        self.assertFalse(os.path.exists(self.db))

    def test_unknown_tools_and_types_are_named(self):
        self.assertFails(self.rk("import", input='{"type":"entry","tool":"diary"}\n'), 65,
                         "stdin:1: field 'tool' is 'diary'")
        self.assertFails(self.rk("import", input='{"type":"mood","tool":"checklist"}\n'), 65,
                         "stdin:1: field 'type' is 'mood', but must be list, item or event")
        # A tool's own import refuses another tool's lines.
        self.assertFails(self.cl("import", input='{"type":"entry","tool":"reflect"}\n'), 65,
                         "belongs to 'reflect'")

    def test_export_on_a_missing_database_creates_nothing(self):
        r = self.assertOk(self.rk("export"))
        self.assertEqual(r.out, '{"type":"rekindle","format":1}\n')
        self.assertFalse(os.path.exists(os.path.dirname(self.db)))

    def test_the_commands_are_listed_in_help(self):
        out = self.assertOk(self.rk("--help")).out
        self.assertIn("\ncommands:\n", out)
        self.assertIn("\n  export ", out)
        self.assertIn("\n  import ", out)

    def test_two_copies_of_an_export_joined_import_once(self):
        self.fill()
        first = self.rk("export").out
        other = os.path.join(self.home, "other.db")
        r = self.assertOk(self.rk("import", "--db", other, input=first + first))
        self.assertIn("imported 6 records", r.err)
        self.assertIn("6 already present", r.err)
        self.assertEqual(self.rk("export", "--db", other).out, first)
