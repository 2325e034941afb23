"""Fixtures every test module may use, and the cache that shares expensive work across xdist workers.

`make test` runs the suite on every core (pytest-xdist, ``-n auto``): each worker is a process of its
own, so a ``scope="session"`` or ``"module"`` fixture is computed once in *every worker* that runs one
of its tests, and tests of one module may run at once in two workers. So:

- write only under ``tmp_path`` / ``tmp_path_factory`` (never a fixed path such as /tmp/x or data/clean);
  a test may run before, after or beside any other test;
- work that takes more than a fraction of a second and that other tests or workers need too is done
  once per test run through the ``package`` or ``shared`` fixtures below.

How to share an extracted fixture (a document of tests/fixtures, data/raw, a PDF you generated)::

    def test_my_document(package):
        pkg = package(FIX / "area-2021-grid" / "doc.pdf")  # extract.run([doc], folder): once per run
        assert pkg.error is None, pkg.error                # or: the PeelkitError run refused it with
        pkg.extraction       # the document's Extraction (what extract.extract_file gives; there even
                             # when run refused the document, e.g. for a check_yield failure)
        pkg.result.tables    # the merged tables, pkg.result.comparisons the totals checks
        pkg.out              # the folder written: read it, never change it (copy it to tmp_path first)

``package([a, b])`` extracts several sources into one folder. Anything else expensive (generated PDFs,
a rendered workbook, the outputs of subprocesses) goes through ``shared``, keyed by a name unique to
your module::

    @pytest.fixture(scope="module")
    def pdfs(shared):
        return shared.value("mymodule-pdfs", lambda d: build_into(d))  # d: a folder for the files it makes;
        # the value must pickle (paths, dicts, bytes, Extractions); it is computed once per run
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import re
import shutil
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
CLEAN = ROOT / "data" / "clean"
SOP = RAW / "state_of_policing_2019_part2.txt"


class Shared:
    """Work done once per test run whichever worker asks first, under a file lock; the others wait for it
    and read the result. Lives in the run's own temporary folder (``pytest-N``, shared by its workers),
    so nothing is reused from an earlier run."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def _name(self, key: str) -> str:
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", key).strip("._")
        assert name, key
        if len(name) > 100:  # file names have a length limit: keep a readable head and make it unique
            name = f"{name[:80]}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        return name

    @contextmanager
    def _lock(self, name: str):
        with open(self.root / f"{name}.lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)  # released when the file is closed (or the worker dies)
            yield

    def value(self, key: str, compute: Callable[[Path], Any]) -> Any:
        """``compute(folder)`` once per run (``folder`` is empty, kept for the run: for the files it makes);
        every caller gets an unpickled copy of its value. An exception is not kept: the next caller
        computes again (and fails the same way)."""
        name = self._name(key)
        done = self.root / f"{name}.pickle"
        if not done.exists():
            with self._lock(name):
                if not done.exists():
                    folder = self.root / name
                    shutil.rmtree(folder, ignore_errors=True)  # left by a caller that failed
                    folder.mkdir()
                    data = pickle.dumps(compute(folder), protocol=pickle.HIGHEST_PROTOCOL)
                    tmp = self.root / f"{name}.pickle.{os.getpid()}"
                    tmp.write_bytes(data)
                    os.replace(tmp, done)
        return pickle.loads(done.read_bytes())


@dataclass
class Package:
    """``extract.run(sources, out)`` done once per test run (see the module docstring)."""

    sources: list[Path]
    out: Path  # the folder run wrote (absent when run refused: it writes nothing then)
    extractions: list  # what extract.extract_file gave run for each source read, refused or not (None: unknown)
    result: Any = None  # extract.Result, None when run refused
    error: Exception | None = None  # the PeelkitError run raised

    @property
    def extraction(self):
        """The Extraction of the package's one source (there even when run then refused it)."""
        (ex,) = self.extractions
        assert ex is not None, f"{self.sources}: {self.error}"
        return ex


@pytest.fixture(scope="session")
def shared(tmp_path_factory) -> Shared:
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # .../pytest-N/popen-gwK: the run's folder is pytest-N
        base = base.parent
    return Shared(base / "shared")


def _key(sources: Sequence[Path]) -> str:
    parts = []
    for p in sources:
        p = Path(p).resolve()
        parts.append(str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p).lstrip("/"))
    return "package-" + "+".join(parts)


@pytest.fixture(scope="session")
def package(shared) -> Callable[[Path | Sequence[Path]], Package]:
    from peelkit import extract
    from peelkit.errors import PeelkitError

    def build(sources: list[Path], folder: Path) -> Package:
        out, seen = folder / "clean", []
        read = extract.extract_file

        def spy(*args, **kwargs):  # run's own call, unchanged: keep what it returned
            seen.append(read(*args, **kwargs))
            return seen[-1]

        extract.extract_file = spy  # run looks the name up in its module at every call
        try:
            res = extract.run(sources, out)
        except PeelkitError as exc:
            return Package(sources, out, seen, error=exc)
        finally:
            extract.extract_file = read
        return Package(sources, out, seen, result=res)

    def get(sources: Path | Sequence[Path]) -> Package:
        srcs = [Path(sources)] if isinstance(sources, (str, Path)) else [Path(s) for s in sources]
        return shared.value(_key(srcs), lambda folder: build(srcs, folder))

    return get


@pytest.fixture(scope="session")
def sop_lines() -> list[str]:
    from peelkit.sources.text import read_text

    return read_text(SOP).lines


@pytest.fixture(scope="session")
def sop(sop_lines):
    """The State of Policing 2019 text parsed once for the session (treat as read-only)."""
    from peelkit.parse.state_of_policing import parse

    return parse(sop_lines, SOP.name)
