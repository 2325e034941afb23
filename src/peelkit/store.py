"""The only code that writes (and the main code that reads) the clean data directory.

Writes are crash- and race-safe (``publish``): one writer per folder at a time (an OS lock on a hidden
``.peelkit.lock``); every file is written (and fsynced) into a hidden temporary folder first; a journal
naming each file's old and new sha256 is made durable before the first rename; then the old files are
parked and the new ones renamed in. A run that fails rolls the swap back itself; a run that is killed
leaves the journal, and the next peelkit command touching the folder (``recover``) rolls it back, so the
folder always holds either the complete old set or the complete new one.

Only peelkit's own files are ever replaced, and only when the ``datapackage.json`` peelkit wrote lists
each with the sha256 it has now; a user's other files, subfolders and the folder's mode are left alone.
"""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from . import __version__, model
from .schema import Where, finding
from .errors import DataError, PeelkitError
from .schema import NATIONAL_KINDS, TABLES, Extraction, columns

DATAPACKAGE = "datapackage.json"
LOCK = ".peelkit.lock"  # the folder's writer lock (exists only while a peelkit run holds it)
JOURNAL = ".peelkit-journal.json"  # present only while a swap is under way (or was interrupted)
TMP_PREFIX = ".peelkit-tmp-"  # new files being written, one folder per process
OLD_PREFIX = ".peelkit-old-"  # old files parked during a swap
LOCK_WAIT = 30.0  # seconds a second writer waits for the first (PEELKIT_LOCK_WAIT overrides)

# Tests only: called before every rename peelkit makes while swapping or rolling back (fault injection);
# PEELKIT_TEST_RENAME_DELAY (seconds) slows each rename, so that a test can kill a run mid-swap.
rename_hook: Callable[[Path, Path], None] | None = None


# ------------------------------------------------------------------ paths


def project_root() -> Path:
    """The directory holding ``data/``: the current directory if it has one, else the source checkout."""
    env = os.environ.get("PEELKIT_HOME")
    if env:
        return Path(env)
    cwd = Path.cwd()
    if (cwd / "data" / "raw").is_dir() or (cwd / "data" / "clean").is_dir():
        return cwd
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "data").is_dir():
        return checkout
    return cwd


def default_raw_dir() -> Path:
    return project_root() / "data" / "raw"


def default_clean_dir() -> Path:
    return project_root() / "data" / "clean"


# ------------------------------------------------------------------ hashing


def file_digest(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            size += len(chunk)
    return h.hexdigest(), size


# ------------------------------------------------------------------ merging and sorting

_SORT_KEYS = {
    "pillars": lambda r: (r["year"], r["force_id"], model.pillar_order(r["pillar"]), r["source_file"]),
    "questions": lambda r: (r["year"], r["force_id"], model.pillar_order(r["pillar"]), model.question_order(r["question_id"]),
                            r["source_file"]),
}


def _prov(r: dict) -> tuple:
    return (r.get("source_file") or "", r.get("source_page") or 0, r.get("source_line") or 0)


_VALUES = ("grade", "trend", "last_inspected")  # what two sources of one judgment must agree on


def merge(extractions: Iterable[Extraction]) -> dict[str, list[dict]]:
    """All rows of all extractions, one list per table, duplicates of a primary key resolved.

    A national table's row comes before a force report's or a list's (then file order). A repeat of a key
    from the same file is a ``duplicate_row`` finding; from another file that prints the same grade it
    confirms the first and is dropped quietly; one that prints another grade is a ``source_conflict``
    finding naming both (the first is kept, as the national figure; nothing is averaged or guessed)."""
    exs = sorted(extractions, key=lambda ex: ex.kind not in NATIONAL_KINDS)  # stable: file order within
    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    for ex in exs:
        for name, rows in ex.tables.items():
            if name not in out:
                raise DataError(f"parser for {ex.source_file} produced an unknown table {name!r}")
            out[name].extend(rows)
    for name, spec in TABLES.items():
        pk = spec.get("primaryKey") or []
        if not pk:
            continue
        seen: dict[tuple, dict] = {}
        kept = []
        for r in out[name]:
            k = tuple(None if r.get(c) == "" else r.get(c) for c in pk)  # type: ignore[union-attr]
            if k in seen:
                first = seen[k]
                at = f"{first.get('source_file')} " + (f"page {first.get('source_page')}" if first.get("source_page")
                                                      else f"line {first.get('source_line')}")
                differ = [c for c in _VALUES if (first.get(c) or "") != (r.get(c) or "")
                          and first.get(c) and r.get(c)]
                same_file = r.get("source_file") == first.get("source_file")
                if not same_file and not differ:
                    continue  # a second source printing the same judgment
                what = f"{name}: {', '.join(str(x) for x in k)}"
                out["review"].append(finding(
                    "duplicate_row" if same_file else "source_conflict",
                    f"{what} already read from {at}; this copy not used" if same_file else
                    f"{what}: {at} prints {', '.join(f'{c} {first.get(c)!r}' for c in differ)} but this "
                    f"source prints {', '.join(repr(r.get(c)) for c in differ)}; the first is kept, "
                    "check both documents",
                    source_file=r.get("source_file"), where=Where(r.get("source_line"), r.get("source_page")),
                    pillar=r.get("pillar"), question_id=r.get("question_id"),
                    expected="one row" if same_file else "; ".join(str(first.get(c)) for c in differ),
                    found="two rows" if same_file else "; ".join(str(r.get(c)) for c in differ)))
                continue
            seen[k] = r
            kept.append(r)
        out[name] = kept
    for name, rows in out.items():
        sort_rows(name, rows)
    return out


def sort_rows(name: str, rows: list[dict]) -> None:
    """Stable, documented order for every table, so repeated runs give byte-identical CSVs."""
    key = _SORT_KEYS.get(name)
    if key:
        rows.sort(key=key)
    elif name == "review":
        rows.sort(key=lambda r: (*_prov(r), r.get("kind") or "", r.get("message") or ""))
    else:
        rows.sort(key=_prov)


# ------------------------------------------------------------------ writing


def cells(name: str, rows: list[dict]) -> list[dict[str, str]]:
    """The rows of table ``name`` as the CSV holds them: every column, each value a string ('' for none)."""
    cols = columns(name)
    return [{c: "" if r.get(c) is None else str(r.get(c)) for c in cols} for r in rows]


def _csv_text(name: str, rows: list[dict]) -> str:
    buf = io.StringIO()
    cols = columns(name)
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in cells(name, rows):
        w.writerow([r[c] for c in cols])
    return buf.getvalue()


def datapackage(tables: dict[str, str], inputs: list[Path], kinds: dict[str, str] | None = None,
                out_dir: Path | None = None, kept: list[dict] | None = None) -> dict:
    """A Frictionless Data Package for the CSV texts in ``tables`` and the ``inputs`` they came from.

    A source inside ``out_dir`` (where the package is written) or in its sibling ``raw/`` folder (the
    data/raw beside data/clean) is recorded with its ``path`` relative to ``out_dir``; any other source
    only by ``title`` (the bare file name), which ``validate`` looks for in the package, data/raw and
    the folders named with ``--sources``: a package never points outside the folders validate reads.
    ``kept``: the entries of sources the package already records and keeps (``grow``), as recorded."""
    resources = []
    for name, text in tables.items():
        data = text.encode("utf-8")
        spec = TABLES[name]
        schema: dict[str, object] = {"fields": spec["fields"]}
        if spec.get("primaryKey"):
            schema["primaryKey"] = spec["primaryKey"]
        if spec.get("foreignKeys"):
            schema["foreignKeys"] = spec["foreignKeys"]
        resources.append({
            "name": name, "path": f"{name}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "description": spec["description"],
            "bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
            "schema": schema,
        })
    sources = []
    for p in sorted(inputs, key=lambda p: p.name):
        digest, size = file_digest(p)
        path = _source_path(p, out_dir) if out_dir is not None else f"../raw/{p.name}"
        src = {"title": p.name, **({"path": path} if path else {}), "bytes": size, "hash": f"sha256:{digest}"}
        if kinds and p.name in kinds:
            src["kind"] = kinds[p.name]
        sources.append(src)
    if kept:
        sources = sorted(sources + list(kept), key=lambda s: s.get("title", ""))
    return {
        "profile": "tabular-data-package",
        "name": "peelkit-clean",
        "title": "PEEL judgments as tidy tables",
        "description": "Extracted by peelkit from HMICFRS State of Policing reports and PEEL force reports. "
                       "Every row names the file and line or page it was read from; review.csv lists every "
                       "value that could not be placed with certainty.",
        "created_by": f"peelkit {__version__}",
        "licenses": [{"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0"}],
        "sources": sources,
        "resources": resources,
    }


# ------------------------------------------------------------------ hand edits of datapackage.json

SEAL = "peelkit_written"  # the sha256 (16 hex digits) of each value peelkit wrote, to tell a hand edit
_TOP_KEYS = ("profile", "name", "title", "description", "created_by", "licenses", "sources", "resources")
_RESOURCE_KEYS = ("name", "path", "profile", "format", "mediatype", "encoding", "description", "bytes", "hash",
                  "dialect", "schema")
_SOURCE_KEYS = ("title", "path", "bytes", "hash", "kind")


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _split(pkg: dict) -> tuple[dict, dict]:
    """(what peelkit writes, what a person added) of a datapackage.json: keys peelkit never writes (at the
    top, in a resource or a source) and resources that are no table of peelkit's are the additions."""
    ours: dict = {}
    added: dict = {"top": {}, "resources": {}, "sources": {}, "extra_resources": []}
    for k, v in pkg.items():
        if k == SEAL:
            continue
        if k not in _TOP_KEYS:
            added["top"][k] = v
        elif k == "resources" and isinstance(v, list):
            ours[k] = []
            for r in v:
                if isinstance(r, dict) and r.get("name") not in TABLES:
                    added["extra_resources"].append(r)
                    continue
                if isinstance(r, dict):
                    more = {x: y for x, y in r.items() if x not in _RESOURCE_KEYS}
                    if more:
                        added["resources"][r.get("name")] = more
                    r = {x: y for x, y in r.items() if x in _RESOURCE_KEYS}
                ours[k].append(r)
        elif k == "sources" and isinstance(v, list):
            ours[k] = []
            for src in v:
                if isinstance(src, dict):
                    more = {x: y for x, y in src.items() if x not in _SOURCE_KEYS}
                    if more and isinstance(src.get("title"), str):
                        added["sources"][src["title"]] = more
                    src = {x: y for x, y in src.items() if x in _SOURCE_KEYS}
                ours[k].append(src)
        else:
            ours[k] = v
    return ours, added


def seal(pkg: dict) -> dict:
    """``pkg`` with its seal: the digest of every value peelkit wrote (what a person adds is not sealed)."""
    ours, _ = _split(pkg)
    return {**pkg, SEAL: {k: _digest(v) for k, v in ours.items()}}


def manifest_bytes(pkg: dict) -> bytes:
    return (json.dumps(seal(pkg), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _added_names(added: dict) -> list[str]:
    return ([*added["top"]] + [f"resources[{n}].{k}" for n, more in added["resources"].items() for k in more]
            + [f"sources[{t}].{k}" for t, more in added["sources"].items() for k in more]
            + [f"resources[{r.get('name')}]" for r in added["extra_resources"]])


def keep_hand_edits(out_dir: Path, new: dict) -> tuple[dict, list[str]]:
    """The datapackage.json to write over the one in ``out_dir``: ``new`` with what a person added to the
    old one (keys peelkit never writes, resources of their own) kept, and the names of what was kept. A
    value peelkit wrote that was changed by hand cannot be kept: DataError, nothing is written. A file
    that is not peelkit's (or unreadable) is left to ``check_owned``, which refuses it."""
    p = Path(out_dir) / DATAPACKAGE
    if manifest(out_dir) is None:
        return new, []
    try:
        old = read_json(p)
    except DataError:
        return new, []
    assert isinstance(old, dict)
    ours, added = _split(old)
    written = old.get(SEAL)
    if isinstance(written, dict):
        changed = [k for k in dict.fromkeys([*ours, *written]) if written.get(k) != (_digest(ours[k]) if k in ours else None)]
        if changed:
            raise DataError(f"{DATAPACKAGE} was changed by hand since peelkit wrote it ({', '.join(changed)}); peelkit "
                            "will not overwrite your edits, so nothing was changed: keep a copy, undo the change or "
                            "remove the file, and extract again (what you add as new keys is kept)", source=str(out_dir))
    kept = _added_names(added)
    if not kept:
        return new, []
    out = {**new, **added["top"]}
    out["resources"] = [{**r, **added["resources"].get(r["name"], {})} for r in new["resources"]] + added["extra_resources"]
    out["sources"] = [{**src, **added["sources"].get(src["title"], {})} for src in new["sources"]]
    return out, kept


def own_files() -> list[str]:
    """The file names peelkit writes into a clean directory (and the only ones it ever replaces)."""
    return [f"{n}.csv" for n in TABLES] + [DATAPACKAGE]


_CREATED_BY = re.compile(r"peelkit \d[\w.+-]*")


def manifest(out_dir: Path) -> dict[str, str] | None:
    """File name -> "sha256:..." as listed by the datapackage.json peelkit wrote into ``out_dir``; None when
    there is none (no file, not JSON, not peelkit's: ``created_by`` must be "peelkit <version>")."""
    p = Path(out_dir) / DATAPACKAGE
    if p.is_symlink() or not p.is_file():
        return None
    try:
        pkg = read_json(p)
    except DataError:
        return None
    if not isinstance(pkg, dict) or not _CREATED_BY.fullmatch(str(pkg.get("created_by", ""))):
        return None
    resources = pkg.get("resources")
    if not isinstance(resources, list):
        return None
    return {r["path"]: r["hash"] for r in resources
            if isinstance(r, dict) and isinstance(r.get("path"), str) and isinstance(r.get("hash"), str)}


def foreign_entries(out_dir: Path) -> list[str]:
    """Entries of ``out_dir`` that peelkit did not write (subfolders end in '/'); hidden ones are ignored."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        return []
    own = set(own_files())
    return sorted(p.name + ("/" if p.is_dir() else "") for p in out_dir.iterdir()
                  if p.name not in own and not p.name.startswith("."))


def _check_writable(folder: Path) -> None:
    """A folder the user made read-only is refused, even when running as root (who could write anyway)."""
    st = folder.stat()
    if not os.access(folder, os.W_OK | os.X_OK) or (os.geteuid() == 0 and not st.st_mode & 0o222):
        raise DataError(f"folder is read-only (mode {st.st_mode & 0o777:o}); nothing was changed", source=str(folder))


def _source_path(p: Path, out_dir: Path) -> str | None:
    """Where a source is recorded: relative to the package (POSIX separators) when it lies inside the
    package or its sibling raw/ folder; else None (recorded by title only)."""
    src, pkg = p.resolve(), Path(out_dir).resolve()
    if not any(src.is_relative_to(root) for root in (pkg, pkg.parent / "raw")):
        return None
    return Path(os.path.relpath(src, pkg)).as_posix()


def _sha256(path: Path) -> str:
    return "sha256:" + file_digest(path)[0]


def _names(names: list[str]) -> tuple[str, str]:
    """('a.csv, b.csv', 'it'|'them') for a message."""
    return ", ".join(names), "it" if len(names) == 1 else "them"


def check_owned(out_dir: Path, names: list[str] | None = None) -> None:
    """Refuse (one line naming the files) when ``out_dir`` holds a file with one of peelkit's names that
    peelkit cannot prove it wrote: the datapackage.json peelkit wrote must list it with its sha256 now."""
    out_dir = Path(out_dir)
    present = [n for n in own_files() if (out_dir / n).exists() or (out_dir / n).is_symlink()]
    if not present:
        return
    links = [n for n in present if (out_dir / n).is_symlink()]
    if links:
        what, it = _names(links)
        raise DataError(f"holds {what} as a symbolic link; peelkit never reads, writes through or replaces a link "
                        f"to its own files, so nothing was changed: replace {it} with the file or choose another "
                        "--out folder", source=str(out_dir))
    listed = manifest(out_dir)
    if listed is None:
        what, it = _names(present)
        raise DataError(f"holds {what} not written by peelkit (no peelkit {DATAPACKAGE} lists {it}); nothing was "
                        "changed: choose another --out folder", source=str(out_dir))
    theirs = [n for n in present if n != DATAPACKAGE and (
        (out_dir / n).is_symlink() or not (out_dir / n).is_file() or listed.get(n) != _sha256(out_dir / n))]
    if theirs:
        what, it = _names(theirs)
        raise DataError(f"holds {what} not written by peelkit (the peelkit {DATAPACKAGE} there does not list {it} "
                        f"with the sha256 {it} has now: changed by hand or by another tool); nothing was changed: "
                        f"move {it} away or choose another --out folder", source=str(out_dir))


def write_clean(out_dir: Path, tables: dict[str, list[dict]], inputs: list[Path],
                fail_after: str | None = None, kinds: dict[str, str] | None = None,
                kept: list[dict] | None = None, base: str | None = "") -> list[Path]:
    """Write every table, review file and datapackage.json into ``out_dir``, replacing only those files
    (``publish``). A folder holding files with those names that peelkit cannot prove it wrote is refused
    (``check_owned``); the folder itself, its mode and every other file stay as they are.

    ``fail_after`` (tests only) raises after writing the named file, to prove the swap is atomic.
    ``kept``: the datapackage.json entries of the sources kept from the package (``grow``); ``base``: the
    sha256 its datapackage.json had when ``grow`` read it (None: there was none; "" : not checked). A
    package another run wrote since is refused (``unchanged_since``): its rows would be lost.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise DataError("exists and is not a folder; --out needs a folder", source=str(out_dir))
    texts = {name: _csv_text(name, tables.get(name, [])) for name in TABLES}
    files = {f"{name}.csv": text.encode("utf-8") for name, text in texts.items()}
    pkg = datapackage(texts, inputs, kinds, out_dir, kept)
    by_hand: list[str] = []

    def fill(tmp: Path) -> None:
        check_owned(out_dir)  # under the folder's lock, the files as they are now: a table first, then
        final, names = keep_hand_edits(out_dir, pkg)  # the manifest itself
        by_hand[:] = names
        files[DATAPACKAGE] = manifest_bytes(final)
        tmp.mkdir()
        for name, data in files.items():
            write_durable(tmp / name, data)
            if fail_after == name:
                raise OSError(f"simulated failure after writing {name}")

    def check(folder: Path, names: list[str]) -> None:
        unchanged_since(folder, base)
        check_owned(folder)

    try:
        publish(out_dir, fill, check=check)
    except OSError as exc:
        if fail_after:
            raise
        raise DataError(f"cannot write the clean tables ({exc.strerror or exc}); nothing was changed",
                        source=str(out_dir)) from None
    if by_hand:
        sys.stderr.write(f"note: {out_dir / DATAPACKAGE} had additions made by hand ({', '.join(by_hand)}); kept in "
                         "the new one\n")
    return [out_dir / n for n in own_files()]


# ------------------------------------------------------------------ durable files and renames


def write_durable(path: Path, data: bytes) -> None:
    """Write ``data`` to a new file and fsync it (no rename)."""
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make the renames and unlinks in ``folder`` durable (best effort where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def rename(src: Path, dst: Path) -> None:
    """os.replace, with the tests' fault-injection hook and slow-rename delay."""
    if rename_hook is not None:
        rename_hook(Path(src), Path(dst))
    delay = os.environ.get("PEELKIT_TEST_RENAME_DELAY")
    if delay:
        time.sleep(float(delay))
    os.replace(src, dst)


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        import shutil  # here only: it imports zlib, bz2 and lzma (3 ms of every run)

        shutil.rmtree(p, ignore_errors=True)
    else:
        with suppress(FileNotFoundError):
            p.unlink()


# ------------------------------------------------------------------ one writer per folder


@contextmanager
def lock(path: Path, target: Path, *, shared: bool = False) -> Iterator[None]:
    """Hold the OS lock on the hidden file ``path`` while writing (or, ``shared``, reading) ``target``.

    A second writer waits up to PEELKIT_LOCK_WAIT seconds (default LOCK_WAIT), saying so once on stderr,
    then fails with one line. The lock file exists only while held: the holder removes it (still holding
    it), and a waiter that then gets the lock of a removed file opens the new one. Where the OS has no
    file locks (or, for a reader, the folder is read-only) nothing is locked."""
    fd = _acquire(Path(path), Path(target), shared)
    try:
        yield
    finally:
        if fd is not None:
            _release(fd, Path(path), shared)


def _acquire(path: Path, target: Path, shared: bool) -> int | None:
    try:
        import fcntl
    except ImportError:  # not POSIX
        return None
    wait = float(os.environ.get("PEELKIT_LOCK_WAIT", LOCK_WAIT))
    deadline = time.monotonic() + wait
    told = False
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    while True:
        if path.is_symlink() or (os.path.lexists(path) and not path.is_file()):
            raise DataError(f"{path.name} (peelkit's lock file) is a {'symbolic link' if path.is_symlink() else 'not a file'}; "
                            "peelkit will not follow or replace it: remove it and run again", source=str(target))
        try:
            fd = os.open(path, flags, 0o644)
        except FileNotFoundError:  # the folder went away (a failed first write into it): make it again
            path.parent.mkdir(parents=True, exist_ok=True)
            continue
        except OSError as exc:
            if exc.errno == errno.ELOOP:  # made a link since the check above
                continue
            if shared:  # a folder this user cannot write: no writer of ours either
                return None
            raise
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                raise DataError(f"another peelkit run{holder} is writing this; waited {wait:g} s and changed "
                                "nothing: run again when it has finished", source=str(target)) from None
            if not told:
                sys.stderr.write(f"waiting for another peelkit run{holder} to finish writing {target} ...\n")
                sys.stderr.flush()
                told = True
            time.sleep(0.05)
            continue
        except OSError:  # no locks on this file system
            os.close(fd)
            return None
        if _same_file(fd, path):
            break
        os.close(fd)  # got the lock of a file its holder removed: take the current one
    if not shared:
        try:  # who holds it, for a waiter's message; a full disk leaves it empty (and that is fine)
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError:
            pass
    return fd


def _release(fd: int, path: Path, shared: bool) -> None:
    import fcntl

    try:
        if shared:  # the last reader out removes the file, unless a writer is waiting on it
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if _same_file(fd, path):
            os.unlink(path)
    except OSError:
        pass
    finally:
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _holder(fd: int) -> str:
    try:
        pid = os.pread(fd, 32, 0).decode().strip()
    except (OSError, UnicodeDecodeError):
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""


def folder_lock(folder: Path, shared: bool = False):
    """The writer lock of a peelkit folder: ``.peelkit.lock`` inside it."""
    return lock(Path(folder) / LOCK, Path(folder), shared=shared)


# ------------------------------------------------------------------ publishing a set of files


def publish(folder: Path, fill: Callable[[Path], object],
            check: Callable[[Path, list[str]], Iterable[str] | None] | None = None) -> None:
    """Replace files of ``folder`` by the ones ``fill(tmp)`` writes into the new folder ``tmp``, all or none.

    Under the folder's lock: an interrupted earlier swap is rolled back (``recover``), ``fill`` writes
    the new files into a hidden temporary folder inside ``folder``, ``check(folder, names)`` may refuse
    (or name files of an earlier run to remove), and the changed files are swapped in with a journal
    (``_swap``). A folder that does not exist yet is made first (and removed again if nothing could be
    written). Other entries and the mode stay as they are."""
    folder = Path(folder)
    created = False
    if not folder.is_dir():
        _not_a_folder(folder)
        parent = folder.absolute().parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            _check_writable(parent)
            folder.mkdir()
            created = True
        except FileExistsError:  # another run made it meanwhile: wait for its lock like anyone else
            _not_a_folder(folder)
        except (NotADirectoryError, OSError) as exc:
            _not_a_folder(folder)
            raise DataError(f"cannot create the folder ({exc.strerror})", source=str(folder)) from None
    _check_writable(folder)
    done = False
    try:
        with folder_lock(folder):
            _recover_locked(folder)
            tmp = folder / f"{TMP_PREFIX}{os.getpid()}"
            try:
                fill(tmp)
                names = sorted(p.name for p in tmp.iterdir())
                stale = (check(folder, names) if check is not None else None) or ()
                _swap(folder, tmp, names, sorted(set(stale) - set(names)))
            finally:
                _remove(tmp)
        done = True
    finally:
        if created and not done:
            with suppress(OSError):
                folder.rmdir()  # only when empty: another run may have started writing it


def _not_a_folder(folder: Path) -> None:
    """Refuse, naming the culprit, a path that cannot be a folder: it is a file (or a link, a device...), or
    one of the folders above it is ('FILE/sub')."""
    p = Path(folder).absolute()
    for q in (p, *p.parents):
        if os.path.lexists(q):
            if q.is_dir():
                return
            what = "a symbolic link to nothing" if q.is_symlink() and not q.exists() else "a file"
            if q == p:
                raise DataError(f"exists and is {what}, not a folder; a folder is needed here", source=str(folder))
            raise DataError(f"cannot create the folder: {q} is {what}, not a folder", source=str(folder))


def _swap(folder: Path, tmp: Path, names: list[str], remove: Iterable[str] = ()) -> None:
    """Rename the files ``names`` of ``tmp`` into ``folder``, parking the ones they replace and the files
    ``remove`` (an earlier run's that this one does not write). The journal (old and new sha256 of every
    changed file; no new one for a removed file) is durable before the first rename and removed after the
    last: present, it means "roll back" (``_roll_back``), in this run on any failure, or in the next."""
    entries = []
    for n in remove:
        target = folder / n
        if target.is_file() and not target.is_symlink():
            entries.append({"name": n, "old": _sha256(target), "new": None})
    for n in names:
        target = folder / n
        if target.is_symlink() or (os.path.lexists(target) and not target.is_file()):
            what = "link" if target.is_symlink() else "folder" if target.is_dir() else "special file (not a regular file)"
            raise DataError(f"{n} is a {what}; peelkit will not replace it with a file; nothing was changed",
                            source=str(folder))
        old = _sha256(target) if target.exists() else None
        new = _sha256(tmp / n)
        if old != new:  # an unchanged file is not touched
            entries.append({"name": n, "old": old, "new": new})
    if not entries:
        return
    pid = os.getpid()
    journal = {"peelkit_journal": 1, "pid": pid, "tmp": tmp.name, "old": f"{OLD_PREFIX}{pid}", "files": entries}
    parked = folder / journal["old"]
    parked.mkdir()
    staged = folder / f"{TMP_PREFIX}{pid}.journal"
    try:
        write_durable(staged, (json.dumps(journal, indent=1) + "\n").encode())
        rename(staged, folder / JOURNAL)
    except BaseException:
        _remove(staged)
        _remove(parked)
        raise
    fsync_dir(folder)
    try:
        for e in entries:
            if e["old"] is not None:
                rename(folder / e["name"], parked / e["name"])
        for e in entries:
            if e["new"] is not None:
                rename(tmp / e["name"], folder / e["name"])
        fsync_dir(folder)
    except BaseException:
        with suppress(Exception):  # if even that fails, the journal stays for the next command
            _roll_back(folder, journal)
        raise
    (folder / JOURNAL).unlink()  # the commit point
    fsync_dir(folder)
    _remove(parked)


def _roll_back(folder: Path, journal: dict) -> None:
    """Put back every parked old file and remove every new file placed where there was none; works from
    any point of an interrupted ``_swap`` (and of an interrupted roll-back)."""
    parked = folder / journal["old"]
    for e in journal["files"]:
        target, old = folder / e["name"], parked / e["name"]
        if old.exists():
            if target.exists() and (target.is_symlink() or not target.is_file() or _sha256(target) != e["new"]):
                raise DataError(f"cannot undo an interrupted peelkit write: {e['name']} changed since; its old "
                                f"version is in {parked.name}/", source=str(folder))
            rename(old, target)
        elif e["old"] is None and target.is_file() and not target.is_symlink() and _sha256(target) == e["new"]:
            target.unlink()
    fsync_dir(folder)
    (folder / JOURNAL).unlink(missing_ok=True)
    fsync_dir(folder)
    _remove(folder / journal["tmp"])
    _remove(parked)


_SHA = re.compile(r"sha256:[0-9a-f]{64}")
_TMP_NAME = re.compile(rf"{re.escape(TMP_PREFIX)}\d+")
_OLD_NAME = re.compile(rf"{re.escape(OLD_PREFIX)}\d+")


def _read_journal(folder: Path) -> dict:
    """The journal of an interrupted swap, checked so that it can only name peelkit's own entries."""
    p = folder / JOURNAL
    bad = DataError(f"{JOURNAL}, left by an interrupted peelkit write, is not a journal peelkit wrote; "
                    "nothing was changed: check the folder and remove it", source=str(folder))
    if p.is_symlink():
        raise DataError(f"{JOURNAL} is a symbolic link, not a journal peelkit wrote; it was not read and nothing "
                        "was changed: remove it", source=str(folder))
    try:
        j = read_json(p, "a journal peelkit wrote", limit=1024 * 1024)
    except DataError:
        raise bad from None

    def plain(name: object) -> bool:
        return isinstance(name, str) and name not in ("", ".", "..") and not name.startswith(".") \
            and "/" not in name and "\\" not in name and "\0" not in name

    ok = (isinstance(j, dict) and isinstance(j.get("tmp"), str) and _TMP_NAME.fullmatch(j["tmp"])
          and isinstance(j.get("old"), str) and _OLD_NAME.fullmatch(j["old"]) and isinstance(j.get("files"), list)
          and all(isinstance(e, dict) and plain(e.get("name"))
                  and (isinstance(e.get("new"), str) and _SHA.fullmatch(e["new"]) or e.get("new") is None)
                  and (e.get("old") is None or (isinstance(e["old"], str) and _SHA.fullmatch(e["old"])))
                  and (e.get("old") is not None or e.get("new") is not None)
                  for e in j["files"]))
    if not ok:
        raise bad
    return j


def _recover_locked(folder: Path) -> bool:
    """(Holding the folder's lock.) Roll back an interrupted swap and remove what dead runs left; True
    when there was a swap to roll back."""
    rolled = False
    if os.path.lexists(folder / JOURNAL):
        journal = _read_journal(folder)
        _roll_back(folder, journal)
        rolled = True
        sys.stderr.write(f"note: rolled back an interrupted peelkit write in {folder} (pid {journal.get('pid')}); "
                         "the folder holds the files it had before\n")
    for p in folder.iterdir():
        if p.name.startswith((TMP_PREFIX, OLD_PREFIX)):
            _remove(p)
    return rolled


def _leftovers(folder: Path) -> bool:
    """Whether ``folder`` holds what a killed run leaves: its lock file, temporary or parked folders."""
    try:
        with os.scandir(folder) as it:
            return any(e.name == LOCK or e.name.startswith((TMP_PREFIX, OLD_PREFIX)) for e in it)
    except OSError:
        return False


def _sweep(folder: Path) -> None:
    """Remove what killed runs left in ``folder`` (temporary and parked folders, the lock file), if no
    peelkit run holds its lock now (then they are that run's, and it removes them)."""
    try:
        import fcntl
    except ImportError:
        return
    path = folder / LOCK
    if path.is_symlink():
        return  # refused, with a message, by the next writer
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return
    try:
        if _same_file(fd, path):
            for p in folder.iterdir():
                if p.name.startswith((TMP_PREFIX, OLD_PREFIX)):
                    _remove(p)
    finally:
        _release(fd, path, False)


def recover(folder: Path) -> bool:
    """Before reading a peelkit folder: if a swap into it was interrupted (a journal is there), roll it
    back under the folder's lock (waiting for a writer that is still at work). True if it did. What a
    killed run left (its temporary folder, its lock file) is removed when no run holds the lock."""
    folder = Path(folder)
    if not os.path.lexists(folder / JOURNAL):
        if _leftovers(folder):
            try:
                _check_writable(folder)
            except (DataError, OSError):
                return False
            _sweep(folder)
        return False
    try:
        _check_writable(folder)
    except DataError:
        raise DataError("a peelkit write into this folder was interrupted and the folder is read-only, so it "
                        "cannot be rolled back; make it writable and run the command again",
                        source=str(folder)) from None
    with folder_lock(folder):
        return _recover_locked(folder)


# ------------------------------------------------------------------ reading


JSON_LIMIT = 20 * 1024 * 1024  # a datapackage.json peelkit writes is about 40 KB


def read_own(path: Path, expected: str, limit: int | None = None) -> bytes:
    """The bytes of a file of a peelkit folder (datapackage.json, the journal, a table): never through a
    symbolic link, only a regular file within ``limit`` (default: the source size limit). Each refusal
    is one DataError naming the file and what was expected."""
    from .errors import SourceError
    from .sources import limits

    try:
        return limits.read_regular(path, limit, follow=False, expected=expected)
    except SourceError as exc:
        raise DataError(exc.message, source=str(path)) from None


def read_json(path: Path, expected: str = "a JSON document", limit: int = JSON_LIMIT) -> object:
    """A JSON file of a peelkit folder, read with ``read_own``: UTF-8 only (UTF-16 or binary data, nesting
    too deep for Python and running out of memory are each one DataError naming the file)."""
    data = read_own(path, expected, limit)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and (data[0] == 0) != (data[1] == 0)):
        raise DataError(f"is UTF-16 text; expected {expected} in UTF-8", source=str(path))
    if b"\x00" in data:
        raise DataError(f"is binary data (NUL bytes); expected {expected}", source=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"is not UTF-8 text (byte 0x{data[exc.start]:02X} at offset {exc.start}); expected "
                        f"{expected}", source=str(path)) from None
    del data
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"invalid JSON ({exc.msg}); expected {expected}", source=str(path), line=exc.lineno) from None
    except RecursionError:
        raise DataError(f"nested too deeply to read (more levels than Python allows); expected {expected}",
                        source=str(path)) from None
    except MemoryError:
        raise DataError(f"not enough memory to read it; expected {expected}", source=str(path)) from None


def table_path(data_dir: Path, name: str) -> Path:
    """The CSV of table ``name`` in ``data_dir``: a regular file (never a link), within the size limit."""
    from .sources import limits

    recover(data_dir)
    p = Path(data_dir) / f"{name}.csv"
    if not os.path.lexists(p):
        raise DataError(f"{p} not found; run 'peelkit extract' first (or pass --data DIR)")
    if p.is_symlink():
        raise DataError("is a symbolic link; peelkit does not follow links in a package: replace it with the "
                        "file it points to", source=str(p))
    try:
        limits.check(p, expected=f"the {name} table (CSV)")
    except PeelkitError as exc:
        raise DataError(exc.message, source=str(p)) from None
    return p


def _unreadable(p: Path, exc: Exception) -> DataError:
    if isinstance(exc, UnicodeDecodeError):
        return DataError(f"is not UTF-8 text (byte 0x{exc.object[exc.start]:02X}); expected a CSV table peelkit "
                         "wrote", source=str(p))
    if isinstance(exc, MemoryError):
        return DataError("not enough memory to read it", source=str(p))
    return DataError(f"cannot be read as a CSV table ({str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__})",
                     source=str(p))


def _has_key(p: Path, name: str, header: list[str]) -> None:
    """A table whose header lacks its primary key (or, without one, source_file) is not one peelkit wrote."""
    need = [c for c in (TABLES[name].get("primaryKey") or ["source_file"]) if c not in header] if name in TABLES else []
    if need:
        raise DataError(f"not the {name} table peelkit writes (its header has no column {', '.join(need)})",
                        source=str(p))


def read_rows(data_dir: Path, name: str) -> list[dict]:
    """A clean table as a list of dicts of strings (no pandas)."""
    p = table_path(data_dir, name)
    try:
        with p.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            _has_key(p, name, list(reader.fieldnames or []))
            return list(reader)
    except (UnicodeDecodeError, csv.Error, MemoryError) as exc:
        raise _unreadable(p, exc) from None


def read_frame(data_dir: Path, name: str):
    """A clean table as a pandas DataFrame with every column as string ('' for empty)."""
    import pandas as pd

    p = table_path(data_dir, name)
    try:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False)
    except (UnicodeDecodeError, MemoryError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise _unreadable(p, exc) from None
    _has_key(p, name, [str(c) for c in frame.columns])
    return frame


def read_datapackage(data_dir: Path) -> dict:
    recover(data_dir)
    p = Path(data_dir) / DATAPACKAGE
    if not os.path.lexists(p):
        raise DataError(f"{p} not found; run 'peelkit extract' first")
    pkg = read_json(p, "a datapackage.json (a JSON object)")
    if not isinstance(pkg, dict):
        found = {list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(type(pkg), "a number")
        raise DataError(f"datapackage.json: expected an object, found {found}", source=str(p))
    return pkg

# ------------------------------------------------------------------ a package that grows by source

# review findings worked out from the whole package (the totals checks, formula-looking cells): made again
# on every write, never kept from the package
DERIVED_REVIEW = frozenset({"total_mismatch", "total_unverifiable", "totals_sum", "formula_like"})


def unchanged_since(folder: Path, base: str | None) -> None:
    """(Under the folder's lock, before the swap.) Refuse when the package is no longer the one ``grow``
    read: another run wrote it meanwhile, and writing would drop what it added. ``base`` "": no check."""
    if base == "":
        return
    p = Path(folder) / DATAPACKAGE
    now = _sha256(p) if p.is_file() and not p.is_symlink() else None  # a link is never read (check_owned refuses it)
    if now != base:
        raise DataError("another peelkit run changed the package while this one was reading it; nothing was "
                        "changed: run again (its rows are kept then)", source=str(folder))


class Growth:
    """What one write does to the package's sources (file names), and the rows it keeps.

    ``extractions``: the new extractions and one per kept source (its rows as the package holds them), in
    file-name order, as a run over every file would read them; ``kept_entries``: the kept sources'
    datapackage.json entries, as recorded."""

    def __init__(self) -> None:
        self.added: list[str] = []
        self.replaced: list[tuple[str, str]] = []  # (new name, the name the package had: the same unless renamed)
        self.kept: list[str] = []
        self.removed: list[str] = []
        self.kept_rows = 0  # judgment and other table rows (not findings) kept from the package
        self.kept_entries: list[dict] = []
        self.extractions: list[Extraction] = []
        self.base: str | None = ""  # the package's datapackage.json sha256 when read (None: none; "": afresh)
        # kept sources with judgments of a force and year a removed source also held: the package keeps one
        # row per judgment, so a copy they printed too may have been kept under the removed source only
        self.overlap: list[str] = []

    @property
    def kinds(self) -> dict[str, str]:
        return {ex.source_file: ex.kind for ex in self.extractions}

    @property
    def grew(self) -> bool:
        """The write keeps rows of sources it did not read (an existing package, not started afresh)."""
        return bool(self.kept or self.replaced or self.removed)

    def words(self) -> str:
        """'package: 1 source added (a.txt), 1 replaced (b.txt), 2 kept (c.txt, d.txt: 1,290 rows)'."""
        def names(xs: list[str]) -> str:
            return ", ".join(xs[:4]) + (f" and {len(xs) - 4} more" if len(xs) > 4 else "")

        parts = []
        if self.added:
            parts.append(f"{len(self.added)} source{'s' if len(self.added) != 1 else ''} added ({names(self.added)})")
        if self.replaced:
            shown = [new if new == old else f"{new}, was {old}" for new, old in self.replaced]
            parts.append(f"{len(self.replaced)} replaced ({names(shown)})")
        if self.removed:
            parts.append(f"{len(self.removed)} removed ({names(self.removed)})")
        parts.append(f"{len(self.kept)} kept" + (f" ({names(self.kept)}: {self.kept_rows:,} rows)" if self.kept else ""))
        return "package: " + ", ".join(parts)


def _typed(name: str, rows: list[dict]) -> list[dict]:
    """CSV rows (strings) as extract makes them: integers as int, booleans as bool, empty cells as None."""
    types = {f["name"]: f["type"] for f in TABLES[name]["fields"]}  # type: ignore[index]
    out = []
    for r in rows:
        d: dict = {}
        for c in columns(name):
            v = r.get(c)
            if v is None or v == "":
                d[c] = None
            elif types.get(c) == "integer" and v.lstrip("-").isdigit():
                d[c] = int(v)
            elif types.get(c) == "boolean" and v in ("True", "False"):
                d[c] = v == "True"
            else:
                d[c] = v
        out.append(d)
    return out


def read_package(out_dir: Path) -> tuple[list[dict], dict[str, list[dict]]] | None:
    """The sources (datapackage.json entries) and tables (rows typed as extract makes them) of the peelkit
    package in ``out_dir``; None when the folder holds none. A package peelkit cannot prove it wrote (a file
    changed by hand) is refused as ``write_clean`` would refuse it, before anything is read."""
    out_dir = Path(out_dir)
    if (out_dir / DATAPACKAGE).is_symlink():
        check_owned(out_dir)  # refuses it, naming the link: never read
    if not (out_dir / DATAPACKAGE).is_file():
        return None
    recover(out_dir)
    if manifest(out_dir) is None:
        return None  # not peelkit's: the write refuses it (check_owned) with its own message
    check_owned(out_dir)
    pkg = read_datapackage(out_dir)
    sources = [s for s in pkg.get("sources", []) if isinstance(s, dict) and isinstance(s.get("title"), str)]
    tables = {name: _typed(name, read_rows(out_dir, name)) if (out_dir / f"{name}.csv").is_file() else []
              for name in TABLES}
    return sources, tables


def find_source(sources: list[dict], text: str) -> dict:
    """The package source ``text`` names: its file name (a path's last part), or its sha256 (8 or more
    leading hex digits). An unknown one is a usage error listing the package's sources."""
    from .errors import UnknownNameError

    t = text.strip()
    name = Path(t).name
    hits = [s for s in sources if s.get("title") == name]
    if not hits and re.fullmatch(r"(?:sha256:)?[0-9a-fA-F]{8,64}", t):
        digest = t.lower().removeprefix("sha256:")
        hits = [s for s in sources if str(s.get("hash", "")).removeprefix("sha256:").startswith(digest)]
    if len(hits) == 1:
        return hits[0]
    titles = [str(s.get("title")) for s in sources]
    if hits:
        raise UnknownNameError("source", text, [str(s.get("title")) for s in hits], hint="more than one source "
                               "has that sha256 prefix")
    import difflib

    close = difflib.get_close_matches(name, titles, n=3, cutoff=0.5)
    raise UnknownNameError("source", text, close, hint=f"the package holds {', '.join(titles) or 'no sources'}")


def _named_files(row: dict, titles: set[str]) -> set[str]:
    """The package's sources a finding is about: its own file and any other its message names."""
    msg = str(row.get("message") or "")
    return {str(row.get("source_file") or "")} | {t for t in titles if t and t in msg}


def grow(out_dir: Path, extractions: list[Extraction], inputs: list[Path], *, replace: bool = False,
         remove: list[str] = ()) -> Growth:
    """The extractions of one write into ``out_dir``: the new ones, and the rows of every source the package
    there already holds that this write does not replace (same file name or same sha256 as a new input) or
    ``remove``. ``replace`` (or no package there) starts afresh. Findings about a kept source stay, except
    those worked out from the whole package (``DERIVED_REVIEW``, made again) and source conflicts with a
    source that is replaced or removed (compared again where the rows allow)."""
    g = Growth()
    if not replace:
        dp = Path(out_dir) / DATAPACKAGE
        g.base = _sha256(dp) if dp.is_file() and not dp.is_symlink() else None
    pkg = None if replace else read_package(out_dir)
    new_names = [ex.source_file for ex in extractions]
    if pkg is None:
        g.added = list(new_names)
        g.extractions = list(extractions)
        return g
    sources, tables = pkg
    digests = {p.name: "sha256:" + file_digest(p)[0] for p in inputs}
    gone: set[str] = set(remove)
    for s in sources:
        title = s["title"]
        same = [n for n in new_names if n == title or digests.get(n) == s.get("hash")]
        if same:
            g.replaced.append((same[0], title))
            gone.add(title)
        elif title in remove:
            g.removed.append(title)
        else:
            g.kept.append(title)
            g.kept_entries.append(s)
    replaced_new = {new for new, _ in g.replaced}
    g.added = [n for n in new_names if n not in replaced_new]
    kept = set(g.kept)
    kinds = {s["title"]: str(s.get("kind") or "") for s in sources}
    own: dict[str, Extraction] = {t: Extraction(t, kinds.get(t, "")) for t in g.kept}
    for name, rows in tables.items():
        for r in rows:
            ex = own.get(str(r.get("source_file") or ""))
            if ex is None:
                continue
            if name == "review" and (r.get("kind") in DERIVED_REVIEW or (
                    r.get("kind") == "source_conflict" and not _named_files(r, set(kinds)) <= kept)):
                continue
            ex.rows(name).append(r)
            if name != "review":
                g.kept_rows += 1
    g.extractions = sorted([*own.values(), *extractions], key=lambda ex: ex.source_file)
    if g.removed:
        judged = ("pillars", "questions", "areas")
        held = {(r.get("year"), r.get("force_id")) for n in judged for r in tables[n]
                if r.get("source_file") in g.removed}
        # a one-force report or list yields at least one graded judgment (extract checks it): one holding
        # none had every judgment confirmed by another source
        g.overlap = sorted({ex.source_file for ex in own.values()
                            if any((r.get("year"), r.get("force_id")) in held for n in judged for r in ex.rows(n))
                            or (ex.kind not in NATIONAL_KINDS + ("report_catalogue", "")
                                and not any(ex.rows(n) for n in judged))})
    return g


def settle_review(rows: list[dict]) -> None:
    """A kept source conflict that the checks of the whole package found again is listed once."""
    seen: set[tuple] = set()
    out = []
    for r in rows:
        if r.get("kind") == "source_conflict":
            k = tuple(cells("review", [r])[0].values())
            if k in seen:
                continue
            seen.add(k)
        out.append(r)
    rows[:] = out
