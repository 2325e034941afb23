"""Not a test module: run peelkit in a fresh process, bounded in time, optionally recording every file it
opens and every connection it tries (``sys.addaudithook``), for the hostile-input tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "NO_COLOR": "1", "COLUMNS": "300", "PYTHONPATH": str(ROOT / "src"), "PYTHONDONTWRITEBYTECODE": "1"}

# the program an audited run executes: every open() / os.open() and every network call is logged as one
# JSON line (path, flags) before it happens, then peelkit runs as the 'peelkit' command would
_AUDITED = """
import json, os, sys
log = open(os.environ["PEELKIT_TEST_AUDIT"], "a", encoding="utf-8")
NET = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request", "http.client.connect")
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        log.write(json.dumps({"open": os.fsdecode(args[0]), "flags": args[2] if len(args) > 2 else 0}) + "\\n")
        log.flush()
    elif event in NET:
        log.write(json.dumps({"net": event, "args": repr(args)[:200]}) + "\\n")
        log.flush()
sys.addaudithook(hook)
sys.argv = ["peelkit", *sys.argv[1:]]
from peelkit.launch import main
main()
"""


def peelkit(*args: str | Path, timeout: float = 120, env: dict | None = None, cwd: Path | None = None,
            audit: Path | None = None, preexec_fn=None) -> subprocess.CompletedProcess:
    """``peelkit ARGS`` in a fresh process (the fast entry for extract, typer for the rest), killed after
    ``timeout`` seconds (subprocess.TimeoutExpired: the case hung). With ``audit``, a file that collects
    what the run opened and tried to connect to (``audit_log``)."""
    e = {**ENV, **(env or {})}
    if audit is not None:
        e["PEELKIT_TEST_AUDIT"] = str(audit)
        cmd = [sys.executable, "-c", _AUDITED, *map(str, args)]
    else:
        cmd = [sys.executable, "-m", "peelkit", *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, env=e, cwd=cwd, timeout=timeout,
                          preexec_fn=preexec_fn)


def audit_log(path: Path) -> tuple[list[tuple[str, int]], list[str]]:
    """(paths opened with their flags, network calls) recorded by an audited run."""
    opened, net = [], []
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            e = json.loads(line)
            if "open" in e:
                opened.append((e["open"], e["flags"] or 0))
            else:
                net.append(f"{e['net']} {e['args']}")
    return opened, net


def no_crash(p: subprocess.CompletedProcess) -> None:
    """Never a traceback or an 'internal error'; a failure is one 'error:' line on stderr."""
    assert "Traceback" not in p.stderr and "internal error" not in p.stderr, p.stderr[-2000:]
    assert p.returncode in (0, 1, 2), (p.returncode, p.stderr[-2000:])
    assert len([ln for ln in p.stderr.splitlines() if ln.startswith("error:")]) <= 1, p.stderr[-2000:]


def one_line_error(p: subprocess.CompletedProcess, *fragments: str) -> str:
    """The run failed (exit 1 or 2) with exactly one line on stderr, 'error: ...' holding each fragment."""
    assert p.returncode in (1, 2), (p.returncode, p.stdout[-500:], p.stderr[-2000:])
    lines = [ln for ln in p.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), p.stderr[-2000:]
    for f in fragments:
        assert f in lines[0], (f, lines[0])
    assert "internal error" not in lines[0]
    return lines[0]


def in_child(fn, timeout: float = 120) -> None:
    """Run ``fn()`` in a forked child, killed after ``timeout`` seconds: a case that hangs fails instead of
    hanging the test run. The child's failure (its traceback on stderr) fails the test."""
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            fn()
            code = 0
        except BaseException:  # noqa: BLE001 - reported to the parent through the exit code
            traceback.print_exc()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    deadline = time.monotonic() + timeout
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            raise AssertionError(f"hung: still running after {timeout:g} s")
        time.sleep(0.05)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, "the case failed (its traceback is above)"
