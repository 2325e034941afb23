"""Options and helpers shared by the analysis commands (query, compare, diff, totals, reports).

Options are ``Annotated`` aliases, so every command spells --data, --format and --output the same
way; --format is an Enum (Typer lists and checks the choices, exit 2 on anything else).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    ndjson = "ndjson"


FORMAT_HELP = ("Output format (default: table on a terminal, csv when piped; with -o the file's extension "
               "decides: .csv, .json, .ndjson/.jsonl, .txt for the table).")

DataOpt = Annotated[Optional[Path], typer.Option("--data", "-d", help="Clean data directory (default: data/clean/).",
                                                 file_okay=False, show_default=False)]
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", help=FORMAT_HELP, case_sensitive=False,
                                                     show_default=False)]
OutputOpt = Annotated[Optional[Path], typer.Option("--output", "-o", dir_okay=False, show_default=False,
                                                   help="Write the data to FILE (atomically) instead of stdout; "
                                                        "its extension sets the format.")]


def resolve_format(fmt: Format | str | None, output: Path | None, allowed: tuple[str, ...] = tuple(Format)) -> str:
    """The format to write: -f, else the -o file's extension, else table on a terminal / csv when piped."""
    from ..render import output_format

    return output_format(fmt.value if isinstance(fmt, Format) else fmt, output,
                         tuple(a.value if isinstance(a, Format) else a for a in allowed))


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
              ints: tuple[str, ...] = ("source_line", "source_page")) -> str:
    """Render rows in ``fmt`` (already resolved); returns it. JSON/NDJSON are records lists with null for
    empty cells and integers for line/page numbers; the table view may show fewer columns than CSV/JSON."""
    from ..render import emit

    if fmt == "table" and not rows:
        return fmt
    if fmt in ("json", "ndjson"):
        rows = json_rows(rows, ints)
    emit(rows, table_columns if fmt == "table" and table_columns else columns, fmt, output, title=title)
    return fmt


def data_option():
    """--data as a plain default (for commands not yet on the Annotated aliases, e.g. export)."""
    return typer.Option(None, "--data", "-d", help="Clean data directory (default: data/clean/).", file_okay=False)
