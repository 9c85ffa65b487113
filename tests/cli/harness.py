"""Shared set-up for the black-box CLI tests: every test runs the built executables in a
fresh temporary HOME with XDG variables set, and never touches the real home."""
import hashlib
import os
import pty
import select
import shutil
import signal
import stat
import subprocess
import tempfile
import time
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

    def run_at(self, tool, *args, now=None, tz=None, env=None, **kw):
        """run_tool with the clock (REKINDLE_NOW) and the time zone set for this run only."""
        extra = dict(env or {})
        if now:
            extra["REKINDLE_NOW"] = now
        if tz:
            extra["TZ"] = tz
        return self.run_tool(*args, tool=tool, env=extra, **kw)

    def pty_session(self, tool, args, steps, env=None, marker=None):
        """Runs TOOL ARGS with stdin, stdout and stderr on a pseudo-terminal (it is the
        session's controlling terminal, so Ctrl-C raises SIGINT). A step is a pair
        (WAIT, ACTION), or an ACTION alone, which waits for `marker`: once WAIT shows once
        more (at once when WAIT is None), ACTION runs: bytes are typed, a callable is called
        (to look at the database mid-session). Returns the exit code (negative for a signal,
        as subprocess does) and all the terminal showed, with CR LF turned into LF."""
        full_env = dict(self.env)
        full_env.update(env or {})
        exe = os.path.join(BIN, tool)
        pid, fd = pty.fork()
        if pid == 0:  # the child: never return into the test runner
            try:
                os.execve(exe, [exe, *args], full_env)
            finally:
                os._exit(127)
        out = b""
        closed = False

        def read_some(deadline):
            nonlocal out, closed
            wait = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([fd], [], [], wait)
            if not ready:
                return False
            try:
                data = os.read(fd, 4096)
            except OSError:  # EIO: the tool ended and closed the terminal
                data = b""
            if not data:
                closed = True
                return False
            out += data
            return True

        try:
            for step in steps:
                wait, action = step if isinstance(step, tuple) else (marker, step)
                if wait is not None:
                    seen = out.count(wait)
                    deadline = time.monotonic() + 30  # a safety net against a hang, not a check
                    while out.count(wait) <= seen and not closed:
                        if not read_some(deadline):
                            break
                    if out.count(wait) <= seen:
                        self.fail(f"the session never showed {wait!r} before {action!r}; "
                                  "it showed:\n" + out.decode(errors="replace"))
                if callable(action):
                    action()
                else:
                    os.write(fd, action)
            deadline = time.monotonic() + 30
            while not closed and read_some(deadline):
                pass
            if not closed:
                self.fail("the session did not end; it showed:\n" + out.decode(errors="replace"))
            _, status = os.waitpid(pid, 0)
            pid = 0
        finally:
            if pid:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            os.close(fd)
        return os.waitstatus_to_exitcode(status), out.decode(errors="replace").replace("\r\n", "\n")

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
