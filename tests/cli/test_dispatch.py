"""Black-box tests of the `rekindle` dispatcher."""
import os
import stat
import unittest

from harness import CliTest


class Dispatcher(CliTest):
    def rk(self, *args, **kw):
        return self.run_tool(*args, tool="rekindle", **kw)

    def test_help_lists_tools_found(self):
        r = self.assertOk(self.rk("--help"))
        self.assertIn("checklist  tick off the guide's key points", r.out)
        self.assertEqual(self.rk("help").out, r.out)
        r = self.rk()
        self.assertEqual(r.code, 2)
        self.assertIn("usage: rekindle", r.err)

    def test_runs_the_tool_with_its_arguments(self):
        r = self.assertOk(self.rk("checklist", "show", "trust", "--format", "json"))
        self.assertIn('"key":"acknowledge"', r.out)
        self.assertEqual(self.rk("checklist").out, self.cl().out)
        r = self.rk("checklist", "show", "nope")
        self.assertEqual(r.code, 2)
        self.assertIn("rekindle-checklist: error: no list named 'nope'", r.err)

    def test_unknown_tool_suggests(self):
        r = self.rk("chekclist")
        self.assertEqual(r.code, 2)
        self.assertEqual(r.err, "rekindle: error: 'chekclist' is not a rekindle tool; "
                                "did you mean 'checklist'?\n")
        r = self.rk("--frobnicate")
        self.assertEqual(r.code, 2)

    def test_user_tools_on_path_extend_it(self):
        bindir = os.path.join(self.home, "bin")
        os.makedirs(bindir)
        tool = os.path.join(bindir, "rekindle-gratitude")
        with open(tool, "w") as f:
            f.write('#!/bin/sh\necho "gratitude: $*"\n')
        os.chmod(tool, stat.S_IRWXU)
        path = self.env["PATH"] + os.pathsep + bindir
        r = self.assertOk(self.rk("gratitude", "a", "b c", env={"PATH": path}))
        self.assertEqual(r.out, "gratitude: a b c\n")
        self.assertIn("gratitude  (an external tool)", self.rk("--help", env={"PATH": path}).out)

    def test_help_tool_shows_the_manual(self):
        r = self.assertOk(self.rk("help", "checklist", env={"MANPAGER": "cat", "PAGER": "cat",
                                                            "MANWIDTH": "80"}))
        self.assertIn("rekindle-checklist", r.out)
        self.assertIn("EXIT STATUS", r.out)
        r = self.rk("help", "chcklist")
        self.assertEqual(r.code, 2)
        self.assertIn("did you mean 'checklist'?", r.err)

    def test_version(self):
        self.assertRegex(self.assertOk(self.rk("--version")).out, r"^rekindle \d+\.\d+\.\d+\n$")


if __name__ == "__main__":
    unittest.main()
