"""Every command in an 80-column terminal: no word or id is cut, and under NO_COLOR not one escape code.

Each command runs as a subprocess on a pseudo-terminal (so rich draws as it does for a person), once
80 columns wide and once 400 wide. Every word printed at 80 columns must be a word the same command
prints when nothing has to fit (or one of the short codes and key words the narrow layout adds): a word
cut by a line end ("investigating-cri" / "me") is neither. The bytes of stdout and stderr are checked for
ESC (0x1b).
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

import pytest

from peelkit.cli import COMMAND_MODULES

from .conftest import CLEAN, ROOT, SOP

PUNCT = ",;:.()[]*'\"!?"
BOX = "│┃┆┊║━─═┏┓┗┛┡┩╇╈┳┻╋┣┫├┤┬┴┼╭╮╰╯└┘┌┐"
# words the narrow layout adds: the key, the note on left-out columns, wrapped headers, codes
LAYOUT_WORDS = {"key", "—", "grades", "trends", "pillars", "questions", "checks", "not", "shown", "at", "80",
                "columns", "a", "wider", "terminal", "-f", "csv", "or", "json", "show", "every", "column",
                "insp", "last", "id", "question", "old", "new", "printed", "trend", "check", "grade", "in", "the",
                "group", "of", "sentence", "table", "response", "line", "l", "p", "page", "source",
                "python", "-m", "peelkit"}  # the usage line of a subprocess


def _tokens(text: str) -> list[str]:
    for ch in BOX:
        text = text.replace(ch, " ")
    return [t.strip(PUNCT).lower() for t in text.split() if t.strip(PUNCT)]


def _codes() -> set[str]:
    from peelkit.render import _codes

    out: set[str] = set()
    for pairs in _codes().values():
        for k, v in pairs.items():
            out |= set(_tokens(k)) | set(_tokens(v))
    return out


def run_tty(args: list[str], columns: int, cwd: Path) -> tuple[bytes, bytes, int]:
    """Run peelkit with stdout and stderr on pseudo-terminals ``columns`` wide; NO_COLOR set."""
    masters, slaves = zip(*(pty.openpty() for _ in range(2)))
    for fd in slaves:
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PY_COLORS", "TERM")}
    env.update({"NO_COLOR": "1", "COLUMNS": str(columns), "TERM": "xterm-256color", "PEELKIT_HOME": str(ROOT)})
    p = subprocess.Popen([sys.executable, "-m", "peelkit", *args], stdout=slaves[0], stderr=slaves[1],
                         stdin=subprocess.DEVNULL, env=env, cwd=cwd)
    for fd in slaves:
        os.close(fd)
    chunks: list[list[bytes]] = [[], []]

    def drain(i: int) -> None:
        while True:
            try:
                data = os.read(masters[i], 65536)
            except OSError:  # EIO: the child closed its end
                break
            if not data:
                break
            chunks[i].append(data)

    threads = [threading.Thread(target=drain, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    rc = p.wait(timeout=180)
    for t in threads:
        t.join(timeout=30)
    for fd in masters:
        os.close(fd)
    return b"".join(chunks[0]), b"".join(chunks[1]), rc


def commands(tmp: Path) -> dict[str, list[str]]:
    d = ["--data", str(CLEAN)]
    out = {
        "help": ["--help"],
        "extract": ["extract", str(SOP), "--out", str(tmp / "clean")],
        "query-inadequate": ["query", "--grade", "inadequate", *d],
        "query-leics": ["query", "--force", "Leics", *d],
        "compare": ["compare", "--force", "Leics", *d],
        "compare-region": ["compare", "--force", "Leics", "--against", "East Midlands", *d],
        "compare-peers": ["compare", "--force", "Cleveland", "--against", "Durham, Northumbria", *d],
        "grid": ["grid", "--level", "question", *d],
        "grid-pillars": ["grid", "--group", "Wales", *d],
        "diff": ["diff", "2016/17", "2018/19", "--force", "Leics", *d],
        "diff-reversed": ["diff", "2018/19", "2016/17", *d],
        "totals": ["totals", *d],
        "reports": ["reports", "--force", "Leics", "--year", "2016", *d],
        "export": ["export", str(tmp / "b{w}.xlsx"), "--force", "Leics", *d],
        "export-sqlite": ["export", str(tmp / "p{w}.sqlite"), *d],
        "validate": ["validate", str(CLEAN)],
    }
    out |= {f"help-{m}": [m.replace("_", "-"), "--help"] for m in COMMAND_MODULES}
    return out


@pytest.fixture(scope="module")
def outputs(shared) -> dict[str, dict[int, tuple[bytes, bytes, int]]]:
    """Every command's output at both widths: 40-odd subprocesses, run once per test run (not once in
    each xdist worker that runs a test of this module)."""
    return shared.value("terminal-outputs", _outputs)


def _outputs(tmp: Path) -> dict[str, dict[int, tuple[bytes, bytes, int]]]:
    from concurrent.futures import ThreadPoolExecutor

    jobs = {(name, width): [a.replace("{w}", str(width)) for a in argv]
            for name, argv in commands(tmp).items() for width in (80, 400)
            if width == 80 or not name.startswith("help")}
    for width in (80, 400):  # two extracts into one folder would wait for each other: one folder each
        jobs[("extract", width)][-1] += str(width)
    res: dict[str, dict[int, tuple[bytes, bytes, int]]] = {}
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {key: pool.submit(run_tty, argv, key[1], tmp) for key, argv in jobs.items()}
        for (name, width), fut in futures.items():
            res.setdefault(name, {})[width] = fut.result()
    from typer.testing import CliRunner

    from peelkit.cli import app

    for name, argv in commands(tmp).items():  # help 400 wide, in this process (the same renderer, faster)
        if name.startswith("help"):
            r = CliRunner().invoke(app, argv, env={"COLUMNS": "400", "NO_COLOR": "1"})
            res[name][400] = (r.stdout.encode(), b"", r.exit_code)
    return res


NAMES = list(commands(Path("/tmp")))


@pytest.mark.parametrize("name", NAMES)
def test_no_escape_code_under_no_color(outputs, name):
    out, err, rc = outputs[name][80]
    assert rc == 0, (name, err.decode(errors="replace")[-500:])
    assert b"\x1b" not in out and b"\x1b" not in err
    assert out or err


@pytest.mark.parametrize("name", NAMES)
def test_no_word_is_cut_at_80_columns(outputs, name):
    narrow = b"".join(outputs[name][80][:2]).decode("utf-8", errors="replace")
    wide = b"".join(outputs[name][400][:2]).decode("utf-8", errors="replace").replace("400", "80")
    lines = narrow.replace("\r", "").splitlines()
    assert all(len(ln) <= 80 for ln in lines if "/" not in ln), [ln for ln in lines if len(ln) > 80][:3]
    known = set(_tokens(wide)) | LAYOUT_WORDS | _codes()
    cut = sorted({t for t in _tokens(narrow) if t not in known and not t.replace("-", "").replace(".", "").isdigit()})
    assert cut == [], (name, cut[:10])
