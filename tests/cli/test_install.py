"""`cmake --install` puts every file where GNUInstallDirs and each shell expect it, and the
installed programs find their shipped content and each other."""
import os
import re
import stat
import subprocess
import tempfile
import unittest

from harness import SRC, CliTest


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def files_under(root):
    return sorted(os.path.relpath(os.path.join(d, f), root)
                  for d, _, fs in os.walk(root) for f in fs)


class Install(CliTest):
    def test_install_layout_and_installed_programs_work(self):
        prefix = self.install()
        expected = [
            "bin/rekindle", "bin/rekindle-checklist", "bin/rekindle-data", "bin/rekindle-reflect",
            "share/man/man1/rekindle-reflect.1", "share/rekindle-content/prompts.toml",
            "share/bash-completion/completions/rekindle-reflect",
            "share/fish/vendor_completions.d/rekindle-reflect.fish",
            "bin/rekindle-nocontact", "share/man/man1/rekindle-nocontact.1",
            "share/bash-completion/completions/rekindle-nocontact",
            "share/fish/vendor_completions.d/rekindle-nocontact.fish",
            "bin/rekindle-selfcare", "share/man/man1/rekindle-selfcare.1",
            "share/rekindle-content/activities.toml",
            "bin/rekindle-signals", "share/man/man1/rekindle-signals.1",
            "share/rekindle-content/signals.toml",
            "share/bash-completion/completions/rekindle-signals",
            "share/fish/vendor_completions.d/rekindle-signals.fish",
            "share/bash-completion/completions/rekindle-selfcare",
            "share/fish/vendor_completions.d/rekindle-selfcare.fish",
            "share/man/man1/rekindle-data.1",
            "share/bash-completion/completions/rekindle-data",
            "share/fish/vendor_completions.d/rekindle-data.fish",
            "share/rekindle-content/checklists.toml", "share/rekindle-content/config.toml",
            "share/man/man1/rekindle.1", "share/man/man1/rekindle-checklist.1",
            "share/man/man5/rekindle.toml.5", "share/man/man7/rekindle.7",
            "share/bash-completion/completions/rekindle",
            "share/bash-completion/completions/rekindle-checklist",
            "share/zsh/site-functions/_rekindle",  # any prefix but /usr
            "share/fish/vendor_completions.d/rekindle.fish",
            "share/fish/vendor_completions.d/rekindle-checklist.fish",
            "share/fish/vendor_functions.d/__rekindle_complete.fish",
        ]
        for path in expected:
            self.assertTrue(os.path.isfile(os.path.join(prefix, path)), path)
        # share/rekindle is the default data folder of a ~/.local install: nothing goes there.
        self.assertFalse(os.path.exists(os.path.join(prefix, "share", "rekindle")))
        self.assertFalse(os.path.exists(os.path.join(prefix, "share", "zsh", "vendor-completions")))
        env = dict(self.env)
        env["PATH"] = "/usr/bin:/bin"  # only the installed copies, not the build tree
        rk = os.path.join(prefix, "bin", "rekindle")
        r = subprocess.run([rk, "checklist", "list"], capture_output=True, text=True, env=env,
                           stdin=subprocess.DEVNULL)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("reflection\t", r.stdout)
        r = subprocess.run([rk, "--help"], capture_output=True, text=True, env=env)
        self.assertIn("checklist", r.stdout)


class HomeInstall(CliTest):
    """An install with `--prefix ~/.local`, where the default XDG_DATA_HOME is the prefix's
    own share/ folder."""

    def setUp(self):
        super().setUp()
        self.prefix = os.path.join(self.home, ".local")
        # No XDG_* set, as for most people: the data folder is ~/.local/share/rekindle.
        self.env = {k: v for k, v in self.env.items() if not k.startswith("XDG_")}
        self.env["PATH"] = os.path.join(self.prefix, "bin") + ":/usr/bin:/bin"
        self.data_dir = os.path.join(self.prefix, "share", "rekindle")
        self.db = os.path.join(self.data_dir, "rekindle.db")

    def installed(self, *args):
        proc = subprocess.run([os.path.join(self.prefix, "bin", "rekindle"), *args],
                              capture_output=True, text=True, env=self.env,
                              stdin=subprocess.DEVNULL, start_new_session=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc

    def test_database_folder_is_private_and_holds_nothing_installed(self):
        os.makedirs(self.prefix)
        self.install(self.prefix)
        installed = files_under(self.prefix)
        self.assertFalse(os.path.exists(self.data_dir), "the install made the data folder")
        self.installed("checklist", "check", "reflection", "1")
        self.assertTrue(os.path.isfile(self.db))
        self.assertEqual(mode(self.data_dir), 0o700)
        self.assertEqual(mode(self.db), 0o600)
        for path in installed:
            self.assertNotEqual(os.path.dirname(os.path.join(self.prefix, path)), self.data_dir,
                                path)
        self.assertEqual([f for f in os.listdir(self.data_dir)
                          if not f.startswith("rekindle.db")], [])
        # The installed copy found its shipped lists.
        self.assertIn("reflection\t", self.installed("checklist", "list").stdout)

    def test_an_open_default_data_folder_is_made_private_on_first_write(self):
        # An earlier install may have left ~/.local/share/rekindle at 0755.
        os.makedirs(self.data_dir)
        os.chmod(self.data_dir, 0o755)
        self.install(self.prefix)
        self.installed("checklist", "list")  # only reads: nothing is written, not even modes
        self.assertEqual(mode(self.data_dir), 0o755)
        self.assertFalse(os.path.exists(self.db))
        self.installed("checklist", "check", "reflection", "1")
        self.assertEqual(mode(self.data_dir), 0o700)
        self.assertEqual(mode(self.db), 0o600)

    def test_a_folder_named_for_the_database_is_left_as_it_is(self):
        chosen = os.path.join(self.home, "shared")
        os.makedirs(chosen)
        os.chmod(chosen, 0o755)
        os.makedirs(self.data_dir)
        os.chmod(self.data_dir, 0o755)
        self.install(self.prefix)
        self.installed("checklist", "--db", os.path.join(chosen, "a.db"), "new", "mine")
        self.assertEqual(mode(chosen), 0o755)
        self.env["REKINDLE_DB"] = os.path.join(chosen, "b.db")
        self.installed("checklist", "new", "mine")
        self.assertEqual(mode(chosen), 0o755)
        self.assertEqual(mode(self.data_dir), 0o755)  # not the database in use


class ZshFinds(CliTest):
    """zsh loads `_rekindle` from where it is installed, with zsh's own default fpath."""

    def zsh(self, command, home):
        env = {"HOME": home, "PATH": "/usr/bin:/bin", "TERM": "dumb", "LANG": "C.UTF-8"}
        proc = subprocess.run(["zsh", "-ic", command], capture_output=True, text=True,
                              env=env, stdin=subprocess.DEVNULL, timeout=60,
                              start_new_session=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc.stdout

    def test_system_prefixes_install_into_zshs_default_fpath(self):
        clean = tempfile.mkdtemp(prefix="rekindle-zsh-home-", dir=self.home)
        open(os.path.join(clean, ".zshrc"), "w").close()  # a fresh account's, empty
        fpath = self.zsh("print -rl -- $fpath", clean).splitlines()
        self.assertIn("/usr/share/zsh/functions/Completion/Unix", fpath)  # really zsh's
        for prefix in ("/usr/local", "/usr"):
            destdir = tempfile.mkdtemp(prefix="rekindle-destdir-", dir=self.home)
            self.install(prefix, destdir=destdir)
            found = [p for p in files_under(destdir) if os.path.basename(p) == "_rekindle"]
            self.assertEqual(len(found), 1, found)
            folder = os.path.dirname("/" + found[0])
            self.assertIn(folder, fpath, f"--prefix {prefix}: zsh does not search {folder}")
            self.assertTrue(folder.startswith(prefix + "/"), folder)

    def test_home_local_install_loads_after_the_readme_line(self):
        prefix = os.path.join(self.home, ".local")
        os.makedirs(prefix)
        self.install(prefix)
        with open(os.path.join(SRC, "README.md")) as f:
            lines = re.findall(r"^fpath=\(.*\)$", f.read(), re.M)
        self.assertEqual(len(lines), 1, "the README gives one fpath line for ~/.local")
        zshrc = os.path.join(self.home, ".zshrc")
        with open(zshrc, "w") as f:
            f.write("autoload -Uz compinit && compinit\n")
        # The comps each command is given, then every _rekindle on fpath, first one first.
        show = ("print -r -- ${_comps[rekindle]:-none} ${_comps[rekindle-checklist]:-none}; "
                "print -rl -- $^fpath/_rekindle(N)")
        ours = os.path.join(prefix, "share", "zsh", "site-functions", "_rekindle")
        self.assertNotIn(ours, self.zsh(show, self.home).splitlines())  # why the line is needed
        for f in os.listdir(self.home):
            if f.startswith(".zcompdump"):
                os.remove(os.path.join(self.home, f))
        with open(zshrc, "w") as f:
            f.write(lines[0] + "\nautoload -Uz compinit && compinit\n")
        out = self.zsh(show, self.home).splitlines()
        self.assertEqual(out[0], "_rekindle _rekindle")
        self.assertEqual(out[1], ours)


class OtherShellsFind(CliTest):
    """The README says bash and fish load completions from a ~/.local install unaided."""

    def setUp(self):
        super().setUp()
        self.prefix = os.path.join(self.home, ".local")
        os.makedirs(self.prefix)
        self.install(self.prefix)
        self.clean_env = {"HOME": self.home, "TERM": "dumb", "LANG": "C.UTF-8",
                          "PATH": os.path.join(self.prefix, "bin") + ":/usr/bin:/bin"}

    def test_bash(self):
        script = ("source /usr/share/bash-completion/bash_completion && "
                  "__load_completion rekindle && __load_completion rekindle-checklist && "
                  "complete -p rekindle rekindle-checklist")
        proc = subprocess.run(["bash", "--norc", "--noprofile", "-c", script],
                              capture_output=True, text=True, env=self.clean_env,
                              stdin=subprocess.DEVNULL, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertRegex(proc.stdout, r"-F \S+ rekindle\n")
        self.assertRegex(proc.stdout, r"-F \S+ rekindle-checklist\n")

    def test_fish(self):
        script = ("contains -- ~/.local/share/fish/vendor_completions.d $fish_complete_path; "
                  "and contains -- ~/.local/share/fish/vendor_functions.d $fish_function_path; "
                  "and complete -C'rekindle checklist sh'")
        proc = subprocess.run(["fish", "-c", script],
                              capture_output=True, text=True, env=self.clean_env,
                              stdin=subprocess.DEVNULL, timeout=60, cwd=self.home)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("show", [line.split("\t")[0] for line in proc.stdout.splitlines()])


if __name__ == "__main__":
    unittest.main()
