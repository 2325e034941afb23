"""Output helpers shared by the commands: consoles, formats (-f), output files (-o).

Data goes to stdout (or -o FILE), diagnostics to stderr. Rich honours NO_COLOR by itself.
No pandas here: rows are lists of dicts.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from pathlib import Path

FORMATS = ("table", "csv", "json", "ndjson")


def err_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def out_console(file=None):
    from rich.console import Console

    return Console(file=file, highlight=False)


# -o FILE: the extension decides the format (a .xlsx or .txt of CSV text is never written)
SUFFIX_FORMATS = {".csv": "csv", ".json": "json", ".ndjson": "ndjson", ".jsonl": "ndjson", ".txt": "table"}


def output_format(fmt: str | None, output: Path | None, allowed: tuple[str, ...] = FORMATS) -> str:
    """The format to write: ``fmt`` (-f), else the -o file's extension, else a rich table on a terminal and
    CSV when piped. With -o the extension must name an allowed format and agree with -f: UsageError if not."""
    from .errors import UsageError

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
    from .errors import DataError

    path = Path(path)
    parent = path.absolute().parent
    if not parent.is_dir():
        raise DataError(f"cannot write: folder {parent} does not exist", source=str(path))
    if path.is_dir():
        raise DataError("is a folder; give a file name", source=str(path))
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        tmp.write_text(text, encoding="utf-8", newline="")
        os.replace(tmp, path)
    except OSError as exc:
        raise DataError(f"cannot write ({exc.strerror or exc})", source=str(path)) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def emit(rows: list[dict], columns: list[str], fmt: str | None, output: Path | None, *, title: str | None = None,
         styles: dict[str, str] | None = None) -> None:
    """Render rows in the chosen format to stdout or to ``output``."""
    fmt = output_format(fmt, output)
    if fmt == "table":
        from rich.table import Table

        table = Table(title=title, show_lines=False)
        for c in columns:
            table.add_column(c, style=(styles or {}).get(c))
        for r in rows:
            table.add_row(*[str(_plain(r.get(c))) for c in columns])
        if output is not None:
            buf = io.StringIO()
            out_console(file=buf).print(table)
            write_atomic(output, buf.getvalue())
        else:
            out_console().print(table)
        return
    text = {"csv": to_csv, "json": to_json, "ndjson": to_ndjson}[fmt](rows, columns)
    if output is not None:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
