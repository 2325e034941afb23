"""Options and helpers shared by the analysis commands (query, compare, diff, totals, reports).

Options are ``Annotated`` aliases, so every command spells --data, --format, --output and
--overwrite the same way; --format is an Enum (Typer lists and checks the choices, exit 2 on anything
else). Every option's names come from one table (``vocabulary.OPTIONS``): a short form means one
option everywhere, -o is a file, a folder a command writes is --out DIR.
"""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .vocabulary import flags


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    ndjson = "ndjson"


FORMAT_HELP = ("Output format (default: table on a terminal, csv when piped; with -o the file's extension "
               "decides: .csv, .json, .ndjson/.jsonl, .txt for the table).")

DataOpt = Annotated[Optional[Path], typer.Option(*flags("--data"), help="Clean data directory (default: data/clean/).",
                                                 file_okay=False, show_default=False)]
FormatOpt = Annotated[Optional[Format], typer.Option(*flags("--format"), help=FORMAT_HELP, case_sensitive=False,
                                                     show_default=False)]
OutputOpt = Annotated[Optional[Path], typer.Option(*flags("--output"), dir_okay=False, show_default=False,
                                                   help="Write the data to FILE (atomically) instead of stdout; "
                                                        "its extension sets the format. An existing FILE is "
                                                        "replaced only with --overwrite.")]
OverwriteOpt = Annotated[bool, typer.Option(*flags("--overwrite"), metavar="", help="Let -o replace an existing FILE.")]
HideGapsOpt = Annotated[bool, typer.Option(*flags("--hide-gaps"), metavar="",
                                           help="Leave out the judgments a document holds but peelkit could not read "
                                                "(listed by default with an empty grade and the reason).")]


def note_refs(rows: list[dict]) -> tuple[list[dict], list[str]]:
    """The table view of notes: each row's note as a reference ('*1') to a line under the table, one line per
    distinct note (diff, and query's gaps)."""
    texts: list[str] = []
    out = []
    for r in rows:
        if r["note"] and r["note"] not in texts:
            texts.append(r["note"])
        out.append(dict(r, note=f"*{texts.index(r['note']) + 1}" if r["note"] else ""))
    return out, [f"*{i} {t}" for i, t in enumerate(texts, 1)]


def gap_notes(rows: list[dict]) -> tuple[list[dict], list[str]]:
    """The table view of gaps: grade '—' and the note as a reference ('*1') to a line under the table."""
    return note_refs([{**r, "note": ""} if r.get("grade")
                      else {**r, "grade": "—", "note": r.get("note") or "not extracted"} for r in rows])


class _NoColorHelp:
    """typer's help and usage errors are drawn by rich, which keeps bold under NO_COLOR: when typer first
    imports ``typer.rich_utils`` (only to draw help or an error), its colour system is switched off. The
    module is not imported here: it pulls in rich's markdown (about 120 ms) that a run never needs."""

    @staticmethod
    def find_spec(name, path=None, target=None):  # noqa: ANN001, ANN205
        if name != "typer.rich_utils":
            return None
        import importlib.machinery
        import sys

        sys.meta_path.remove(_NoColorHelp)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            run = spec.loader.exec_module

            def exec_module(module):  # noqa: ANN001, ANN202
                run(module)
                module.COLOR_SYSTEM = None

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if os.environ.get("NO_COLOR"):
    import sys as _sys

    if "typer.rich_utils" in _sys.modules:
        _sys.modules["typer.rich_utils"].COLOR_SYSTEM = None
    else:
        _sys.meta_path.insert(0, _NoColorHelp)  # type: ignore[arg-type]


def check_output(output: Path | None, overwrite: bool = False) -> None:
    """-o FILE never replaces an existing file without --overwrite (exit 2, before any work)."""
    from ..errors import UsageError

    if output is not None and Path(output).exists() and not overwrite:
        kind = "a folder" if Path(output).is_dir() else "a file"
        raise UsageError(f"-o {output}: {kind} of that name exists; pass --overwrite to replace it")


def resolve_format(fmt: Format | str | None, output: Path | None, allowed: tuple[str, ...] = tuple(Format),
                   overwrite: bool = False) -> str:
    """The format to write: -f, else the -o file's extension, else table on a terminal / csv when piped.
    An existing -o FILE without ``overwrite`` is a usage error."""
    from ..render import output_format

    used = output_format(fmt.value if isinstance(fmt, Format) else fmt, output,
                         tuple(a.value if isinstance(a, Format) else a for a in allowed))
    check_output(output, overwrite)
    return used


def emit_json(obj, output: Path | None) -> None:
    import json
    import sys

    from ..render import write_atomic

    text = json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n"
    if output is not None:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)


def json_rows(rows: list[dict], ints: tuple[str, ...] = ("source_line", "source_page")) -> list[dict]:
    """Stable JSON: empty strings become null, line/page numbers (and other ``ints``) become integers."""
    out = []
    for r in rows:
        d = {}
        for k, v in r.items():
            if v == "" or v is None:
                v = None
            elif k in ints and isinstance(v, str) and v.lstrip("-").isdigit():
                v = int(v)
            d[k] = v
        out.append(d)
    return out


def emit_rows(rows: list[dict], columns: list[str], fmt: str, output: Path | None, *,
              title: str | None = None, table_columns: list[str] | None = None,
              ints: tuple[str, ...] = ("source_line", "source_page"), drop: tuple[str, ...] = (),
              notes: list[str] | None = None, kinds: dict[str, str] | None = None) -> str:
    """Render rows in ``fmt`` (already resolved); returns it. JSON/NDJSON are records lists with null for
    empty cells and integers for line/page numbers; the table view may show fewer columns than CSV/JSON
    (``drop``: those to leave out first in a narrow terminal; ``notes``: lines under the table)."""
    from ..render import emit

    if fmt == "table" and not rows:
        return fmt
    if fmt in ("json", "ndjson"):
        rows = json_rows(rows, ints)
    emit(rows, table_columns if fmt == "table" and table_columns else columns, fmt, output, title=title,
         drop=drop if fmt == "table" else (), notes=notes if fmt == "table" else None, kinds=kinds)
    return fmt


def data_option():
    """--data as a plain default (for commands not yet on the Annotated aliases, e.g. export)."""
    return typer.Option(None, *flags("--data"), help="Clean data directory (default: data/clean/).", file_okay=False)
