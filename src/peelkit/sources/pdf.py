"""Read a PDF source: every page's text in one pass of pdfium, and the words of a page when a reader asks.

1. **Scan.** pdfium (``peelkit.sources.pdfium``, on pypdfium2's library) loads each page once and
   takes its text.
2. **Words on demand.** A page's words (with their positions) are read when a reader asks for them
   (``Document.words``: the judgments table's pages, an area report's summary): from pdfium's characters
   grouped by pdfplumber's rule and tolerances (``sources.words.chars_to_words``, ``sources.words.WORDS``),
   or with pdfplumber, the reference reader (``words="pdfplumber"``: ``peelkit extract --words pdfplumber``,
   ``peelkit debug-pdf``), the pages copied into a small text-only PDF so that pdfminer never walks the
   rest of the report. pdfplumber is not imported otherwise. Both must give the same rows
   (tests/test_pdf_words.py). Reading a report's few table pages again after the scan costs no more than
   reading their words during it (scripts/bench_extract.py).
3. **Processes.** pdfium is not thread-safe, so a large PDF (``PARALLEL_PAGES`` pages or more, on a
   machine with more than one core) is scanned by worker processes, each opening its own copy of the
   document and reading a run of pages; several PDFs of one ``extract`` run are scanned by the same
   workers (``scan_all``), and the progress bar counts the pages of all of them. Below that size the
   scan stays in this process: starting workers costs more than it saves.
4. ``document`` hands the scan over as a ``Document`` (every page's text, the page of every line, words on
   demand); the readers decide what it is. This module imports no reader.

Every problem with the file is a one-line SourceError naming the file (and page).
"""

from __future__ import annotations

import os
import re
import struct
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PeelkitError, SourceError, UnknownDocumentError
from .document import Document
from .text import read_bytes

# progress messages look like "scanning report.pdf: page 12/150"
PROGRESS_RE = re.compile(r"page (\d+)/(\d+)$")

WORD_SOURCES = ("pdfium", "pdfplumber")  # pdfium: the fast path; pdfplumber: the reference reader
PARALLEL_PAGES = 32  # pages (all PDFs of a run together) from which the scan is split across processes
MIN_WORKER_PAGES = 12  # no more workers than one per this many pages

_PDFIUM_ERRORS = {
    2: "cannot open the file",
    3: "corrupt or truncated PDF (the file structure cannot be read)",
    4: "the PDF is encrypted (password-protected); save an unprotected copy and extract that",
    5: "the PDF uses an unsupported security handler (encrypted); save an unprotected copy",
    6: "corrupt PDF (a page cannot be read)",
}


def parse_progress(message: str) -> tuple[int, int] | None:
    """(done, total) from a progress message, for progress bars."""
    m = PROGRESS_RE.search(message)
    return (int(m.group(1)), int(m.group(2))) if m else None


@dataclass
class Scan:
    """What the scan of one PDF found: every page's text."""

    path: Path
    texts: list[str] = field(default_factory=list)  # texts[i] is page i + 1

    @property
    def pages(self) -> int:
        return len(self.texts)


def check_header(path: Path) -> None:
    """Clear errors for a missing, empty or non-PDF file (before any PDF library sees it)."""
    head = read_bytes(path, 1024)
    if not head.strip():
        raise SourceError("the file is empty; expected a State of Policing or PEEL report (PDF or text)",
                          source=str(path))
    if b"%PDF-" not in head:
        raise SourceError("not a PDF file (no %PDF- header); expected a State of Policing or PEEL report",
                          source=str(path))


def open_document(path: Path):
    """A pypdfium2 PdfDocument (the full API, for the reference reader), or a SourceError saying why the
    file cannot be opened."""
    import pypdfium2 as pdfium

    check_header(path)
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        raise SourceError(_PDFIUM_ERRORS.get(code, f"cannot read the PDF ({exc})"), source=str(path)) from None


def _open(path: Path):
    """A ``pdfium.Document`` (peelkit's own few calls) and its page count, or a SourceError."""
    from .pdfium import Document, PdfiumError

    check_header(path)
    try:
        doc = Document(path)
    except PdfiumError as exc:
        raise SourceError(_PDFIUM_ERRORS.get(exc.code, f"cannot read the PDF ({exc})"), source=str(path)) from None
    try:
        n = len(doc)
    except PdfiumError as exc:  # a broken page tree
        doc.close()
        raise SourceError(f"corrupt PDF: cannot count its pages ({exc})", source=str(path)) from None
    if n == 0:
        doc.close()
        raise SourceError("the PDF has no pages", source=str(path))
    return doc, n


def _read_page(doc, index: int, path: Path) -> str:
    """The text of one page."""
    from .pdfium import PdfiumError

    try:
        with doc.page(index) as page:
            return page.text()
    except (PdfiumError, ValueError, OSError) as exc:
        raise SourceError(f"corrupt PDF: the page cannot be read ({exc})", source=str(path), page=index + 1) from None


def pdfium_words(path: Path, pages: list[int]) -> dict[int, list]:
    """Words (``sources.words.Word``, pdfplumber's rule and tolerances) of the given 1-based pages only, from
    pdfium's character boxes: what a parser reading positions (a force report's grid) asks for."""
    from .words import chars_to_words
    from .pdfium import PdfiumError

    doc, n = _open(path)
    out: dict[int, list] = {}
    try:
        for number in pages:
            if not 1 <= number <= n:
                raise SourceError(f"the PDF has {n} pages", source=str(path), page=number)
            try:
                with doc.page(number - 1) as page:
                    out[number] = chars_to_words(page.chars())
            except (PdfiumError, ValueError, OSError) as exc:
                raise SourceError(f"corrupt PDF: the page cannot be read ({exc})", source=str(path),
                                  page=number) from None
    finally:
        doc.close()
    return out


def _read_run(path: Path, doc, n: int, progress: Callable[[int], None] | None = None) -> list[str]:
    """Every page of an open document, in this process."""
    out = []
    for i in range(n):
        out.append(_read_page(doc, i, path))
        if progress is not None:
            progress(i + 1)
    return out


def scan(path: Path, progress: Callable[[str], None] | None = None, *, jobs: int | None = None) -> Scan:
    """The text of every page."""
    result = scan_all([Path(path)], progress, jobs=jobs)[Path(path)]
    if isinstance(result, PeelkitError):
        raise result
    return result


def workers(jobs: int | None = None) -> int:
    """Processes the scan may use: ``jobs``, else the cores this process may run on."""
    if jobs is not None:
        return max(1, jobs)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def scan_all(paths: list[Path], progress: Callable[[str], None] | None = None, *, jobs: int | None = None, meanwhile: Callable[[], None] | None = None) -> dict[Path, Scan | PeelkitError]:
    """Scan several PDFs: path -> Scan, or the error its scan raised (raised again by the caller when it
    gets to that file, so errors come in the order of the files). ``meanwhile``: work of the caller's
    (importing what it needs next) that this process does while forked workers read the first pages;
    not called when the scan stays in this process."""
    results: dict[Path, Scan | PeelkitError] = {}
    docs: dict[Path, tuple] = {}
    try:
        for p in paths:
            try:
                docs[p] = _open(p)
            except PeelkitError as exc:
                results[p] = exc
        total = sum(n for _, n in docs.values())
        label = f"scanning {paths[0].name}" if len(paths) == 1 else f"scanning {len(paths)} PDFs"
        k = min(workers(jobs), max(1, total // MIN_WORKER_PAGES))
        if k > 1 and total >= PARALLEL_PAGES and CAN_FORK:
            sizes = {p: n for p, (_, n) in docs.items()}
            for doc, _ in docs.values():  # no document is open here while the workers start
                doc.close()
            docs = {}
            results.update(_scan_forked(sizes, k, progress, label, total, meanwhile))
        else:
            done = 0
            for p, (doc, n) in docs.items():
                report = None if progress is None else (
                    lambda i, base=done: progress(f"{label}: page {base + i}/{total}"))
                try:
                    results[p] = Scan(p, _read_run(p, doc, n, report))
                except PeelkitError as exc:
                    results[p] = exc
                done += n
    finally:
        for doc, _ in docs.values():
            doc.close()
    return {p: results[p] for p in paths}


# Worker processes are forked (a copy of this process, modules loaded, no document open): starting one
# costs a few milliseconds, against 60-90 ms for a multiprocessing pool. This process reads pages too,
# once its own ``meanwhile`` work is done. Where fork is not the norm (macOS, Windows) the scan stays in
# one process.
CAN_FORK = sys.platform.startswith("linux") and hasattr(os, "fork")
_FRAME = struct.Struct("<cI")  # worker -> parent: kind, payload length
_TOKEN = struct.Struct("<I")  # the queue: the first item of a run of items
_QUEUE_TOKENS = 4096  # at most this many runs (16 KiB: a pipe holds 64 KiB, so the queue is written at once)
_PROGRESS_EVERY = 8  # pages between a worker's progress frames
_ERRORS = {c.__name__: c for c in (SourceError, UnknownDocumentError)}


class _Queue:
    """The (document, page) items to read, shared by this process and its workers, each taking the next
    run of items when it is free (a process busy elsewhere reads fewer). The runs are numbers written to
    a pipe before the workers start; every reader takes one 4-byte number per read. Reads from a pipe
    are serialised by the kernel and the whole queue is in the pipe before anyone reads, so each number
    is read whole and by one reader; an empty pipe whose writer is closed reads as its end."""

    def __init__(self, items: list[tuple[int, int]]):
        self.items = items
        self.step = max(1, -(-len(items) // _QUEUE_TOKENS))
        self.fd, w = os.pipe()
        try:
            data = b"".join(_TOKEN.pack(i) for i in range(0, len(items), self.step))
            while data:
                data = data[os.write(w, data):]
        finally:
            os.close(w)

    def __iter__(self):
        while True:
            token = os.read(self.fd, _TOKEN.size)
            if len(token) < _TOKEN.size:
                return
            first = _TOKEN.unpack(token)[0]
            yield from self.items[first:first + self.step]

    def close(self) -> None:
        os.close(self.fd)


def _scan_forked(sizes: dict[Path, int], k: int, progress, label: str,
                 total: int, meanwhile: Callable[[], None] | None = None) -> dict[Path, Scan | PeelkitError]:
    """The pages of every PDF read by ``k - 1`` forked workers and this process, all taking pages from one
    queue (``_Queue``); this process first does ``meanwhile``. Each process opens its own copy of each
    document: pdfium is not thread-safe, a document is never shared."""
    paths = list(sizes)
    queue = _Queue([(d, i) for d, p in enumerate(paths) for i in range(sizes[p])])
    try:
        try:
            workers = _Workers(paths, queue, k)
        except OSError:  # no more processes here (fork or a pipe refused): this process reads every page
            workers = _Workers(paths, queue, 1)
        try:
            if meanwhile is not None:
                meanwhile()
            mine = [0]

            def tick(kind: str, value: int) -> None:
                if kind == "P":
                    mine[0] = value
                    workers.poll(0)
                    if progress is not None:
                        progress(f"{label}: page {mine[0] + workers.pages_done()}/{total}")

            got, errs = _read_items(paths, queue, tick)
            while workers.running():
                workers.poll(None)
                if progress is not None:
                    progress(f"{label}: page {mine[0] + workers.pages_done()}/{total}")
            workers.wait()
        finally:
            workers.stop()
    finally:
        queue.close()
    pages: dict[int, list] = {d: [None] * sizes[p] for d, p in enumerate(paths)}
    errors: dict[int, tuple[int, PeelkitError]] = {}
    for part_got, part_errs in [(got, errs), *workers.results]:
        for d, i, page in part_got:
            pages[d][i] = page
        for d, (i, cls, message, source, pg) in part_errs.items():
            if d not in errors or i < errors[d][0]:  # the first page that failed, as one process reports it
                errors[d] = (i, _ERRORS[cls](message, source=source, page=pg))
    return {p: errors[d][1] if d in errors else Scan(p, pages[d]) for d, p in enumerate(paths)}


def _read_items(paths: list[Path], items, tick) -> tuple[list, dict]:
    """Read (document, page) items as they come (from the queue: each document's pages in order):
    ([(document, page, page result)], {document: its first error as (page, class name, message, source,
    page number)}). ``tick("D", document)`` when a document is opened, ``tick("P", items done)`` after
    each item."""
    got: list = []
    errs: dict[int, tuple] = {}
    doc, cur = None, -1
    try:
        for n, (d, i) in enumerate(items, 1):
            if d not in errs:
                try:
                    if d != cur:
                        if doc is not None:
                            doc.close()
                        doc, cur = None, d
                        tick("D", d)
                        doc = _open(paths[d])[0]
                    got.append((d, i, _read_page(doc, i, paths[d])))
                except PeelkitError as exc:
                    name = type(exc).__name__ if type(exc).__name__ in _ERRORS else "SourceError"
                    errs[d] = (i, name, exc.message, exc.source, exc.page)
            tick("P", n)
    finally:
        if doc is not None:
            doc.close()
    return got, errs


class _Workers:
    """``k - 1`` forked readers of the queue, and what they send back."""

    def __init__(self, paths: list[Path], queue: _Queue, k: int):
        self.paths = paths
        self.procs: list[tuple[int, int]] = []  # (pid, read end)
        self.done: dict[int, int] = {}  # read end -> items done
        self.current: dict[int, int] = {}  # read end -> document being read; -1 once its results came
        self.buffers: dict[int, bytearray] = {}
        self.finished: set[int] = set()
        self.results: list[tuple[list, dict]] = []
        try:
            for _ in range(1, k):
                self._start(paths, queue)
        except BaseException:  # no more processes (fork or pipe refused): stop those already started
            self.stop()
            raise

    def _start(self, paths: list[Path], queue: _Queue) -> None:
        r, wr = os.pipe()
        try:
            pid = os.fork()
        except BaseException:
            os.close(r)
            os.close(wr)
            raise
        if pid == 0:  # the worker: never returns
            try:
                os.close(r)
                for _, other in self.procs:
                    os.close(other)
                _worker(wr, paths, queue)
            finally:
                os._exit(0)
        os.close(wr)
        self.procs.append((pid, r))
        self.done[r], self.current[r], self.buffers[r] = 0, 0, bytearray()

    def running(self) -> bool:
        return len(self.finished) < len(self.procs)

    def pages_done(self) -> int:
        return sum(self.done.values())

    def poll(self, timeout: float | None) -> None:
        """Read what the workers sent (waiting up to ``timeout`` seconds, None: until one sends)."""
        import marshal
        import select

        open_ = [r for _, r in self.procs if r not in self.finished]
        if not open_:
            return
        ready, _, _ = select.select(open_, [], [], timeout)
        for r in ready:
            chunk = os.read(r, 1 << 20)
            if not chunk:
                self.finished.add(r)
                continue
            buf = self.buffers[r]
            buf += chunk
            while len(buf) >= _FRAME.size:
                kind, size = _FRAME.unpack_from(buf)
                if len(buf) < _FRAME.size + size:
                    break
                payload = bytes(buf[_FRAME.size:_FRAME.size + size])
                del buf[:_FRAME.size + size]
                if kind == b"P":
                    self.done[r] = int(payload)
                elif kind == b"D":
                    self.current[r] = int(payload)
                elif kind == b"R":
                    got, errs, broken, done = marshal.loads(payload)
                    if broken:
                        raise RuntimeError(f"PDF scan worker failed: {broken}")
                    self.results.append((got, errs))
                    self.done[r] = done
                    self.current[r] = -1

    def wait(self) -> None:
        """Reap the workers; one that ended without its results crashed in pdfium on its document."""
        procs, self.procs = self.procs, []
        for pid, r in procs:
            _, status = os.waitpid(pid, 0)
            os.close(r)
            if self.current[r] != -1:
                sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
                raise SourceError(f"corrupt PDF: the PDF library stopped while reading it"
                                  f"{f' (signal {sig})' if sig else ''}", source=str(self.paths[self.current[r]]))

    def stop(self) -> None:
        """Interrupted or failed: stop the workers that are left."""
        for pid, r in self.procs:
            try:
                os.kill(pid, 15)
                os.waitpid(pid, 0)
            except OSError:
                pass
            try:
                os.close(r)
            except OSError:
                pass
        self.procs = []


def _worker(fd: int, paths: list[Path], items: _Queue) -> None:
    """In a forked worker: read its items, send progress frames and then one frame of results (marshal:
    built in, and faster than pickle for strings, numbers and tuples)."""
    import marshal

    def send(kind: bytes, payload: bytes) -> None:
        data = memoryview(_FRAME.pack(kind, len(payload)) + payload)
        while data:
            data = data[os.write(fd, data):]

    done = [0]

    def tick(kind: str, value: int) -> None:
        if kind == "P":
            done[0] = value
        if kind == "D" or value % _PROGRESS_EVERY == 0:
            send(kind.encode(), str(value).encode())

    got, errs, broken = [], {}, None
    try:
        got, errs = _read_items(paths, items, tick)
    except Exception as exc:  # a bug, not the file: the parent raises it
        broken = f"{type(exc).__name__}: {exc}"
    send(b"R", marshal.dumps((got, errs, broken, done[0])))


def page_words(path: Path, pages: list[int]) -> dict[int, list]:
    """Words with positions (pdfplumber ``extract_words``, with ``sources.words.WORDS``) of the given 1-based
    pages only: the reference reader.

    The pages are first copied into a small in-memory PDF with pypdfium2, so pdfplumber/pdfminer
    never walks the rest of a long report."""
    import io
    import logging

    import pdfplumber
    import pypdfium2 as pdfium

    from .words import WORDS, to_words

    if not pages:
        return {}
    # pdfminer logs every oddity of a damaged page as a warning; problems reach the user as errors
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    src = open_document(path)
    try:
        small = pdfium.PdfDocument.new()
        try:
            small.import_pages(src, [p - 1 for p in pages])
            _text_only(small)
            buf = io.BytesIO()
            small.save(buf)
        except (pdfium.PdfiumError, ValueError, RuntimeError, OSError) as exc:
            raise SourceError(f"corrupt PDF: cannot copy the table pages ({exc})", source=str(path),
                              page=pages[0]) from None
        finally:
            small.close()
    finally:
        src.close()
    buf.seek(0)
    out: dict[int, list] = {}
    current = pages[0]
    try:
        with pdfplumber.open(buf) as pdf:
            if len(pdf.pages) != len(pages):
                raise SourceError(f"corrupt PDF: {len(pages)} table pages found but {len(pdf.pages)} could be "
                                  f"read", source=str(path), page=pages[0])
            for number, page in zip(pages, pdf.pages):
                current = number
                out[number] = to_words(page.extract_words(**WORDS.pdfplumber()))
                page.close()
    except SourceError:
        raise
    except Exception as exc:  # pdfminer raises many exception types for damaged content streams
        raise SourceError(f"corrupt PDF: the table page cannot be read ({type(exc).__name__}: {exc})",
                          source=str(path), page=current) from None
    return out


def _text_only(doc) -> None:
    """Drop every non-text object (ruling lines, cell fills, images) from the copied pages: the table
    is read from words alone, and pdfminer then has only text to interpret (faster)."""
    import pypdfium2.raw as pdfium_c

    for i in range(len(doc)):
        page = doc[i]
        try:
            drop = [o for o in page.get_objects(max_depth=1) if o.type != pdfium_c.FPDF_PAGEOBJ_TEXT]
            if drop:
                for o in drop:
                    page.remove_obj(o)
                page.gen_content()
        finally:
            page.close()


def document(path: Path, scanned: Scan | None = None, *, words: str = "pdfium",
             progress: Callable[[str], None] | None = None) -> Document:
    """A PDF as a ``Document``: every page's text, the page of every line, words on demand (``words``: the
    word source, ``WORD_SOURCES``). ``scanned``: its scan, when ``scan_all`` already read it. A PDF without a
    text layer is an UnknownDocumentError."""
    if words not in WORD_SOURCES:
        raise ValueError(f"unknown word source {words!r}")
    path = Path(path)
    sc = scanned if scanned is not None else scan(path, progress)
    if not any(t.strip() for t in sc.texts):
        raise UnknownDocumentError(f"the PDF has no text layer in its {sc.pages} page(s) (a scanned document?); "
                                   f"expected a State of Policing or PEEL report with text", source=str(path))
    fetch = page_words if words == "pdfplumber" else pdfium_words
    return Document(path.name, path=path, page_texts=sc.texts, fetch=lambda pages: fetch(path, pages),
                    word_source=words)
