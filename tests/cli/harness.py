"""Shared set-up for the black-box CLI tests: every test runs the built executables in a
fresh temporary HOME with XDG variables set, and never touches the real home."""
import hashlib
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

BIN = os.environ.get("REKINDLE_BIN", "")
SRC = os.environ.get("REKINDLE_SRC", "")
BUILD = os.environ.get("REKINDLE_BUILD", "")


def open_to_all(path):
    """Whether every user can reach `path`: it and each folder above it can be searched by
    others."""
    path = os.path.realpath(path)
    while True:
        if not os.stat(path).st_mode & stat.S_IXOTH:
            return False
        parent = os.path.dirname(path)
        if parent == path:
            return True
        path = parent


def shared_tmpdir(prefix):
    """A new 0755 temporary folder that any user can reach, wherever TMPDIR points (mkdtemp
    makes 0700 folders, and a TMPDIR inside a private home cannot be reached by others)."""
    base = tempfile.gettempdir()
    if not open_to_all(base):
        base = "/tmp"
    path = tempfile.mkdtemp(prefix=prefix, dir=base)
    os.chmod(path, 0o755)
    return path


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def __repr__(self):
        return f"<exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}>"


class CliTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        if not BIN or not os.path.isdir(BIN):
            self.fail("REKINDLE_BIN must name the folder of the built executables")
        self.home = tempfile.mkdtemp(prefix="rekindle-cli-")
        self.addCleanup(shutil.rmtree, self.home, True)
        keep = {k: v for k, v in os.environ.items()
                if not k.startswith(("REKINDLE_", "XDG_")) and k not in ("NO_COLOR", "TZ")}
        self.env = dict(keep)
        self.env.update({
            "HOME": self.home,
            "XDG_DATA_HOME": os.path.join(self.home, "data"),
            "XDG_CONFIG_HOME": os.path.join(self.home, "config"),
            "PATH": BIN + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin"),
            "TZ": "UTC",
            "REKINDLE_NOW": "2026-11-26T15:00:00Z",
        })
        self.db = os.path.join(self.home, "data", "rekindle", "rekindle.db")
        self.config = os.path.join(self.home, "config", "rekindle", "config.toml")

    def run_tool(self, *args, tool="rekindle-checklist", input=None, env=None, binary=False):
        """Runs a tool with stdin from `input` (or /dev/null), in a new session without a
        controlling terminal, so nothing can ask on /dev/tty."""
        full_env = dict(self.env)
        if env:
            full_env.update(env)
        proc = subprocess.run([os.path.join(BIN, tool), *args], input=input,
                              stdin=None if input is not None else subprocess.DEVNULL,
                              capture_output=True, text=not binary, env=full_env, timeout=60,
                              start_new_session=True)
        return Result(proc)

    def install(self, prefix=None, destdir=None):
        """Runs `cmake --install` of the build tree into `prefix` (by default a new folder any
        user can reach, removed after the test) and returns the prefix. The installed copy
        does not depend on where the build tree lives or who may enter the folders above it."""
        if not BUILD or not os.path.isdir(BUILD):
            self.fail("REKINDLE_BUILD must name the build tree")
        if prefix is None:
            prefix = shared_tmpdir("rekindle-prefix-")
            self.addCleanup(shutil.rmtree, prefix, True)
        env = dict(os.environ)
        env.pop("DESTDIR", None)
        if destdir is not None:
            env["DESTDIR"] = destdir
        proc = subprocess.run(["cmake", "--install", BUILD, "--prefix", prefix],
                              capture_output=True, text=True, env=env)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return prefix

    def cl(self, *args, **kw):
        return self.run_tool(*args, **kw)

    def sh(self, script, input=None):
        """Runs a bash pipeline with pipefail, as a person would type it."""
        proc = subprocess.run(["bash", "-c", "set -o pipefail; " + script], input=input,
                              stdin=None if input is not None else subprocess.DEVNULL,
                              capture_output=True, text=True, env=self.env, timeout=60,
                              start_new_session=True)
        return Result(proc)

    def write_config(self, text, mode="w"):
        os.makedirs(os.path.dirname(self.config), exist_ok=True)
        with open(self.config, mode) as f:
            f.write(text)

    def digest(self, path=None):
        with open(path or self.db, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()

    def tsv(self, text):
        lines = text.rstrip("\n").split("\n")
        header = lines[0].split("\t")
        return [dict(zip(header, line.split("\t"))) for line in lines[1:]]

    def assertOk(self, r):
        self.assertEqual(r.code, 0, r)
        return r

    def assertFails(self, r, code, *fragments):
        self.assertEqual(r.code, code, r)
        self.assertTrue(r.err.startswith("rekindle-") and ": error: " in r.err, r)
        for f in fragments:
            self.assertIn(f, r.err)
        return r
