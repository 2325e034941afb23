"""Output helpers shared by the commands: consoles, formats (-f), output files (-o).

Data goes to stdout (or -o FILE), diagnostics to stderr. ``NO_COLOR`` (any value) means no escape
code at all: rich alone would drop the colours but keep bold and italics. No pandas here: rows are
lists of dicts.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sys
from pathlib import Path

from .errors import DataError, PeelkitError, UsageError

FORMATS = ("table", "csv", "json", "ndjson")


def no_color() -> bool:
    """https://no-color.org: NO_COLOR set to any non-empty value."""
    return bool(os.environ.get("NO_COLOR"))


def _console(**kw):
    from rich.console import Console

    if no_color():  # no escape code at all: no styles (rich alone keeps bold) and no live display (progress bars)
        kw["color_system"] = None
        kw["force_terminal"] = False
    return Console(highlight=False, **kw)


def err_console():
    return _console(stderr=True)


def out_console(file=None):
    return _console(file=file)


def report(exc: Exception, debug: bool = False) -> int:
    """Print the error that ended a command as one line on stderr and give its exit code: a PeelkitError
    its own (1 or 2), an OSError (disk full, permission denied) 1 with the file, anything else 1 as an
    internal error (a bug). With ``debug`` the error is raised again, for its traceback. The Typer
    layer (``peelkit.cli``) and the fast entry (``peelkit.launch``) both report errors here."""
    if debug:
        raise exc
    if isinstance(exc, PeelkitError):
        print_error(str(exc))
        return exc.exit_code
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print_error(f"{where}{exc.strerror or exc}")
        return 1
    # a hostile input that no reader caught by name: still one line, never "internal error"
    if isinstance(exc, MemoryError):
        print_error("not enough memory for this input (a file far larger than a report?); nothing was written")
        return 1
    if isinstance(exc, RecursionError):
        print_error("an input is nested too deeply to read; nothing was written")
        return 1
    if isinstance(exc, UnicodeDecodeError):
        print_error(f"an input is not UTF-8 text (byte 0x{exc.object[exc.start]:02X} at offset {exc.start}); "
                    "nothing was written")
        return 1
    print_error(f"internal error: {type(exc).__name__}: {exc} (rerun with --debug for the traceback)")
    return 1


def print_error(message: str) -> None:
    from rich.markup import escape

    # the message is text, never markup: "pip install 'peelkit[parquet]'" or a file named [1].txt print as they are
    err_console().print(f"[bold red]error:[/] {escape(message)}", markup=True, soft_wrap=True, highlight=False)


# -o FILE: the extension decides the format (a .xlsx or .txt of CSV text is never written)
SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson", ".txt": "table"}


def output_format(fmt: str | None, output: Path | None, allowed: tuple[str, ...] = FORMATS) -> str:
    """The format to write: ``fmt`` (-f), else the -o file's extension, else a rich table on a terminal and
    CSV when piped. With -o the extension must name an allowed format and agree with -f: UsageError if not."""
    if fmt is not None and fmt not in allowed:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(allowed)}")
    if output is None:
        return fmt or ("table" if sys.stdout.isatty() else "csv")
    suffix = Path(output).suffix.lower()
    by_ext = SUFFIX_FORMATS.get(suffix)
    exts = ", ".join(e for e, f in SUFFIX_FORMATS.items() if f in allowed)
    if by_ext is None or by_ext not in allowed:
        extra = "; for a workbook use 'peelkit export FILE.xlsx'" if suffix in (".xlsx", ".xls") else ""
        raise UsageError(f"-o {output}: cannot write {suffix or 'a file without an extension'}; the extension sets "
                         f"the format: {exts}{extra}")
    if fmt is not None and fmt != by_ext:
        raise UsageError(f"-f {fmt} does not match -o {output} ({by_ext}); drop -f or change the extension")
    return by_ext


def _plain(v):
    return "" if v is None else v


def to_csv(rows: list[dict], columns: list[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow([_plain(r.get(c)) for c in columns])
    return buf.getvalue()


def to_json(rows: list[dict], columns: list[str]) -> str:
    return json.dumps([{c: r.get(c) for c in columns} for r in rows], indent=2, ensure_ascii=False) + "\n"


def to_ndjson(rows: list[dict], columns: list[str]) -> str:
    return "".join(json.dumps({c: r.get(c) for c in columns}, ensure_ascii=False) + "\n" for r in rows)


def write_atomic(path: Path, text: str) -> None:
    """Write text to path via a temporary file and rename: never a half-written file. Errors name
    ``path`` (the user's file), never the temporary one."""
    path = Path(path)
    parent = path.absolute().parent
    if not parent.is_dir():
        raise DataError(f"cannot write: folder {parent} does not exist", source=str(path))
    if path.is_dir():
        raise DataError("is a folder; give a file name", source=str(path))
    if os.path.lexists(parent / "datapackage.json"):  # peelkit's tables, or another tool's package
        raise DataError(f"is inside a data package folder ({parent} holds datapackage.json); -o never writes into "
                        "one, so nothing was written: choose a file elsewhere", source=str(path))
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, path)
    except OSError as exc:
        raise DataError(f"cannot write ({exc.strerror or exc})", source=str(path)) from None
    finally:
        if tmp.exists():
            tmp.unlink()


# ------------------------------------------------------------------ tables in a narrow terminal

# columns whose values get a short code (with a key under the table) when the table is too wide
_GRADE_COLUMNS = {"grade", "old_grade", "new_grade", "value"}
_TREND_COLUMNS = {"trend", "old_trend", "new_trend", "printed_trend", "value", "change"}
_QUESTION_COLUMNS = {"question_id", "question", "judgment"}
_PILLAR_COLUMNS = {"pillar", "judgment"}
_CHECK_COLUMNS = {"trend_check"}
_KINDS = (("grades", _GRADE_COLUMNS), ("trends", _TREND_COLUMNS), ("checks", _CHECK_COLUMNS),
          ("pillars", _PILLAR_COLUMNS), ("questions", _QUESTION_COLUMNS))
_SHORT_COLUMNS = {"year", "source", "date", "type", "response", "derived", "rows", "problems", "check"}


def _codes() -> dict[str, dict[str, str]]:
    """kind -> {value: code}: grades by initials (RI), trends by arrows, questions by initials (SOC)."""
    from . import model

    def initials(text: str) -> str:
        return "".join(w[0] for w in re.split(r"[\s-]+", text) if w).upper()

    return {"grades": {g: initials(g) for g in model.GRADES},
            "trends": {"Improved": "↑", "Unchanged": "=", "Declined": "↓"},
            "questions": {q.question_id: initials(q.question_id) for q in model.questions()},
            "pillars": {"effectiveness": "effect.", "efficiency": "effic.", "legitimacy": "legit.",
                        "EFFECTIVENESS": "EFFECT.", "EFFICIENCY": "EFFIC.", "LEGITIMACY": "LEGIT."},
            "checks": {}}  # trend checks are words (agrees, disagrees, n/a): never a code


def natural_width(rows: list[dict], columns: list[str], headers: dict[str, str] | None = None,
                  compact: bool = False) -> int:
    """Width of a rich table whose columns are as wide as their widest cell: with the default box and
    padding, or ``compact`` (no outer border, columns one space apart; headers may wrap)."""
    heads = headers or {}

    def head(c: str) -> int:
        h = heads.get(c, c)
        return max(map(_cells, h.split())) if compact and h.split() else _cells(h)

    cells = [max([head(c)] + [_cells(r.get(c)) for r in rows]) for c in columns]
    return sum(cells) + (len(columns) - 1 if compact else 3 * len(columns) + 1)


def fit(rows: list[dict], columns: list[str], width: int, headers: dict[str, str] | None = None,
        kinds: dict[str, str] | None = None) -> tuple[list[dict], dict[str, str], str | None]:
    """The rows as they fit a terminal ``width`` wide: unchanged when they fit, else grades, trends, pillars
    and question ids replaced by short codes (leading spaces kept) and headers made wrappable. Returns the
    rows, the headers and the key to print under the table (None when nothing was abbreviated)."""
    heads = {c: (headers or {}).get(c, c) for c in columns}
    if natural_width(rows, columns, heads) <= width:
        return rows, heads, None
    heads = {c: h.replace("_", " ").replace("inspected", "insp.") for c, h in heads.items()}
    codes = _codes()
    used: dict[str, dict[str, str]] = {}
    out = [dict(r) for r in rows]
    for kind, cols in _KINDS:  # one kind of code at a time, until the table fits
        cols = cols | {c for c, k in (kinds or {}).items() if k == kind}
        for d in out:
            for c in columns:
                v = d.get(c)
                code = codes[kind].get(v.strip()) if c in cols and isinstance(v, str) else None
                if code and v.strip() != code:
                    d[c] = v[: len(v) - len(v.lstrip())] + code
                    used.setdefault(kind, {})[code] = v.strip()
        if natural_width(out, columns, heads, compact=True) <= width:
            break
    if not used:
        return rows, heads, None
    key = "; ".join(f"{kind}: " + ", ".join(f"{code} {full}" for code, full in pairs.items())
                    for kind, pairs in used.items())
    return out, heads, f"key — {key}"


def _cells(text: object) -> int:
    from rich.cells import cell_len

    return cell_len(str(_plain(text)))


def _longest_word(text: object) -> int:
    return max((_cells(w) for w in str(_plain(text)).split()), default=0)


def plan_widths(rows: list[dict], columns: list[str], heads: dict[str, str], width: int,
                no_wrap: set[str] = frozenset()) -> list[int] | None:  # type: ignore[assignment]
    """Column widths for a compact table (no outer border, columns one space apart) ``width`` wide in which
    no word is cut: every column at least as wide as its longest word (a no-wrap column as its widest
    cell), the room left shared in proportion to what each column would like. None when even the longest
    words do not fit."""
    natural, minimum = [], []
    for c in columns:
        cells = [r.get(c) for r in rows]
        nat = max([_cells(heads.get(c, c))] + [_cells(v) for v in cells])
        low = max([_longest_word(heads.get(c, c))]
                  + [(_cells(v) if c in no_wrap else _longest_word(v)) for v in cells] + [1])
        natural.append(nat)
        minimum.append(min(low, nat) if nat else 1)
    room = width - (len(columns) - 1)
    if sum(minimum) > room:
        return None
    if sum(natural) <= room:
        return natural
    extra = room - sum(minimum)
    want = [n - m for n, m in zip(natural, minimum)]
    total = sum(want) or 1
    widths = [m + (extra * w) // total for m, w in zip(minimum, want)]
    left = room - sum(widths)
    for i in sorted(range(len(widths)), key=lambda i: -(want[i] - (widths[i] - minimum[i]))):
        if left <= 0:
            break
        if widths[i] < natural[i]:
            widths[i] += 1
            left -= 1
    return widths


def rich_table(rows: list[dict], columns: list[str], width: int, *, title: str | None = None,
               headers: dict[str, str] | None = None, styles: dict[str, str] | None = None,
               justify: dict[str, str] | None = None, drop: tuple[str, ...] = (),
               kinds: dict[str, str] | None = None):
    """A rich Table of ``rows`` legible in ``width`` columns, and the lines to print under it.

    When the rows do not fit: grades, trends, pillars and question ids become short codes (with a key),
    the table goes compact, and every column keeps at least its longest word, so nothing is cut inside a
    word; when even that is too wide, the ``drop`` columns (least useful first) are left out, with a note."""
    from rich.table import Table

    rows, heads, key = fit(rows, columns, width, headers, kinds)
    cols = list(columns)
    no_wrap = {c for c in cols if c in _SHORT_COLUMNS}
    if natural_width(rows, cols, heads) <= width and key is None:
        table = Table(title=title, show_lines=False)
        for c in cols:
            table.add_column(heads[c], style=(styles or {}).get(c), no_wrap=c in no_wrap,
                             justify=(justify or {}).get(c, "left"))  # type: ignore[arg-type]
        for r in rows:
            table.add_row(*[str(_plain(r.get(c))) for c in cols])
        return table, key
    from rich import box

    dropped: list[str] = []
    widths = plan_widths(rows, cols, heads, width, no_wrap)
    while widths is None and any(c in cols for c in drop):
        c = next(c for c in drop if c in cols)
        cols.remove(c)
        dropped.append(c)
        widths = plan_widths(rows, cols, heads, width, no_wrap)
    table = Table(title=title, show_lines=False, box=box.SIMPLE_HEAD, show_edge=False, padding=0)
    for i, c in enumerate(cols):
        table.add_column(heads[c], style=(styles or {}).get(c), no_wrap=c in no_wrap, overflow="fold",
                         width=widths[i] if widths else None,
                         justify=(justify or {}).get(c, "left"))  # type: ignore[arg-type]
    for r in rows:
        table.add_row(*[str(_plain(r.get(c))) for c in cols])
    notes = [key] if key else []
    if dropped:
        notes.append(f"not shown at {width} columns: {', '.join(heads[c] for c in dropped)} "
                     "(a wider terminal, -f csv or -f json show every column)")
    return table, "\n".join(notes) or None


def print_table(table, key: str | None, output: Path | None) -> None:
    """Print a table (and its key) to stdout, or write it to ``output`` (atomically)."""
    buf = io.StringIO() if output is not None else None
    console = out_console(file=buf)
    console.print(table)
    if key:
        console.print(key, highlight=False, markup=False)
    if buf is not None:
        write_atomic(output, buf.getvalue())


def source_refs(rows: list[dict]) -> tuple[list[str], list[str]]:
    """The table view's source column: 'l.46' / 'p.3' when every row comes from one file (named under the
    table), '[2] l.46' with a numbered list of files when there are more."""
    files: list[str] = []
    for r in rows:
        f = r.get("source_file") or ""
        if f and f not in files:
            files.append(f)

    def place(r: dict) -> str:
        if r.get("source_page") not in (None, ""):
            return f"p.{r['source_page']}"
        return f"l.{r['source_line']}" if r.get("source_line") not in (None, "") else ""

    if len(files) <= 1:
        return [place(r) for r in rows], ([f"source: {files[0]} (l. line, p. page)"] if files else [])
    refs = [(f"[{files.index(r['source_file']) + 1}] " if r.get("source_file") else "") + place(r) for r in rows]
    return [x.strip() for x in refs], [f"[{i}] {f}" for i, f in enumerate(files, 1)]


def emit(rows: list[dict], columns: list[str], fmt: str | None, output: Path | None, *, title: str | None = None,
         styles: dict[str, str] | None = None, drop: tuple[str, ...] = (), notes: list[str] | None = None,
         kinds: dict[str, str] | None = None) -> None:
    """Render rows in the chosen format to stdout or to ``output``; ``drop`` and ``notes`` are for the table
    view (columns to leave out first when the terminal is too narrow; lines printed under the table)."""
    fmt = output_format(fmt, output)
    if fmt == "table":
        table, key = rich_table(rows, columns, out_console(file=io.StringIO() if output else None).width,
                                title=title, styles=styles, drop=drop, kinds=kinds)
        print_table(table, "\n".join(x for x in [key, *(notes or [])] if x) or None, output)
        return
    text = {"csv": to_csv, "json": to_json, "ndjson": to_ndjson}[fmt](rows, columns)
    if output is not None:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
