"""The readers: one module per kind of document, each a ``Reader`` (``readers.reader``), and their registry.

Every module of this folder that declares its ``RANK`` and defines ``READER`` (a ``readers.reader.Reader``) is a
reader: adding a kind of document is adding a module (docs/documents.md says how). For one ``Document`` the registry asks the readers in order of ``rank`` (a
reader that recognises a heading only its kind prints before one that recognises grade words):

* the first reader that recognises the document reads it; when its reading yields nothing (``yielded``: no
  graded judgment), the next ``fallback`` reader that recognises it tries (the prose reader: a web page may
  print a report's title or sentence and state its grades in sentences). Another kind's reader does not: it
  would read a document the first reader understood and refused (a grid whose columns a text lost read as a
  grade-grouped list would give every area the grade of the heading above it);
* the first reading that yields is the document's; when none does, the first reading is (its findings say why);
* no reader recognising it: not a document peelkit knows (``unknown``, naming what was looked for).

``Choice.trace`` keeps each reader's answer (recognised, and why; read, and whether it yielded), for
``peelkit debug-text``. Ranks are distinct, so two readers never tie; a reader is imported when it is first asked.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from ..schema import Extraction
    from ..sources.document import Document
    from .context import Context
    from .reader import Reader, Recognition


_RANK_RE = re.compile(r"^RANK = (\d+)\b", re.M)


@lru_cache(maxsize=1)
def ranked() -> tuple[str, ...]:
    """The reader modules of this folder, the most specific first: each declares ``RANK = N`` on a line of its
    own, read here from its file without importing it, so that a run imports only the readers it asks (the PDF
    of a State of Policing report: one)."""
    found = []
    folder = os.path.dirname(__file__)
    for entry in sorted(os.listdir(folder)):
        name, ext = os.path.splitext(entry)
        if ext != ".py" or name.startswith("_"):
            continue
        with open(os.path.join(folder, entry), encoding="utf-8") as fh:
            m = _RANK_RE.search(fh.read())
        if m:
            found.append((int(m.group(1)), name))
    ranks = [r for r, _ in found]
    if len(set(ranks)) != len(ranks):
        raise RuntimeError(f"two readers share a rank: {sorted(found)}")
    return tuple(name for _, name in sorted(found, reverse=True))


def readers() -> Iterator[Reader]:
    """Every reader, the most specific first, each imported when it is first asked for."""
    for name in ranked():
        yield importlib.import_module(f"{__name__}.{name}").READER


def reader_of(kind: str) -> Reader | None:
    """The reader whose readings have the kind ``kind`` (a source's kind in datapackage.json)."""
    return next((r for r in readers() if kind in r.kinds), None)


def recognise(doc: Document, ctx: Context | None = None) -> tuple[Reader, Recognition] | None:
    """The most specific reader that recognises ``doc``, and why; None when none does."""
    from .context import Context

    for reader in readers():
        got = reader.recognise(doc, ctx or Context())
        if got is not None:
            return reader, got
    return None


@dataclass
class Choice:
    """What the registry did with one document: the reading it kept (None: no reader recognised it) and each
    reader's answer, in the order asked."""

    extraction: Extraction | None = None
    reader: Reader | None = None
    trace: list[str] = field(default_factory=list)


def choose(doc: Document, ctx: Context) -> Choice:
    """Ask the readers about ``doc`` (see the module docstring)."""
    out = Choice()
    first: tuple[Reader, Extraction] | None = None
    for reader in readers():
        if first is not None and not reader.fallback:
            out.trace.append(f"{reader.kind}: not asked (not a fallback reader)")
            continue
        got = reader.recognise(doc, ctx)
        if got is None:
            out.trace.append(f"{reader.kind}: not recognised")
            continue
        doc.drop_text()  # read from its lines (a large report held once); a later recognition joins it again
        ex = reader.read(doc, ctx)
        if reader.yielded(ex):
            out.trace.append(f"{reader.kind}: recognised ({got.why}); its reading is used")
            out.extraction, out.reader = ex, reader
            return out
        out.trace.append(f"{reader.kind}: recognised ({got.why}); its reading yields no judgment")
        if first is None:
            first = (reader, ex)
    if first is not None:
        out.reader, out.extraction = first
        out.trace.append(f"none yields: the {first[0].kind} reading is used (its findings say why)")
    return out


def unknown(doc: Document) -> str:
    """Why no reader recognised ``doc``: the first reader's own reason, when one has one worth saying first (a
    PDF none of whose pages has the judgments table's title), and what was looked for."""
    listed = [r for r in readers() if r.listed]
    for r in listed:
        why = r.missed(doc)
        if why:
            others = "; ".join(o.description for o in listed if o is not r)
            return f"{why}, and it is not another known document ({others})"
    return f"not a document peelkit knows (looked for: {'; '.join(r.description for r in listed)})"


def check(ex: Extraction, source: str) -> None:
    """The reading's own checks (its reader's ``check``): a LayoutError when it is a failure."""
    reader = reader_of(ex.kind)
    if reader is not None:
        reader.check(ex, source)
