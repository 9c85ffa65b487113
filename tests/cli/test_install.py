"""`cmake --install` puts every file where GNUInstallDirs and each shell expect it, and the
installed programs find their shipped content and each other."""
import os
import subprocess
import tempfile
import unittest

from harness import CliTest

BUILD = os.environ.get("REKINDLE_BUILD", "")


class Install(CliTest):
    def test_install_layout_and_installed_programs_work(self):
        prefix = tempfile.mkdtemp(prefix="rekindle-prefix-")
        self.addCleanup(subprocess.run, ["rm", "-rf", prefix])
        proc = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        expected = [
            "bin/rekindle", "bin/rekindle-checklist",
            "share/rekindle/checklists.toml", "share/rekindle/config.toml",
            "share/man/man1/rekindle.1", "share/man/man1/rekindle-checklist.1",
            "share/man/man5/rekindle.toml.5",
            "share/bash-completion/completions/rekindle",
            "share/bash-completion/completions/rekindle-checklist",
            "share/zsh/vendor-completions/_rekindle",
            "share/fish/vendor_completions.d/rekindle.fish",
            "share/fish/vendor_completions.d/rekindle-checklist.fish",
            "share/fish/vendor_functions.d/__rekindle_complete.fish",
        ]
        for path in expected:
            self.assertTrue(os.path.isfile(os.path.join(prefix, path)), path)
        env = dict(self.env)
        env["PATH"] = "/usr/bin:/bin"  # only the installed copies, not the build tree
        rk = os.path.join(prefix, "bin", "rekindle")
        r = subprocess.run([rk, "checklist", "list"], capture_output=True, text=True, env=env,
                           stdin=subprocess.DEVNULL)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("reflection\t", r.stdout)
        r = subprocess.run([rk, "--help"], capture_output=True, text=True, env=env)
        self.assertIn("checklist", r.stdout)


if __name__ == "__main__":
    unittest.main()
