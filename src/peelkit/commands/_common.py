"""Options and helpers shared by the analysis commands (query, compare, diff, totals)."""

from __future__ import annotations

from pathlib import Path

import typer

FORMAT_HELP = "Output format: table, csv, json or ndjson (default: table on a terminal, csv when piped or with -o)."


def data_option() -> Path:
    return typer.Option(None, "--data", "-d", help="Clean data directory (default: data/clean/).",
                        file_okay=False)


def format_option():
    return typer.Option(None, "--format", "-f", help=FORMAT_HELP)


def output_option():
    return typer.Option(None, "--output", "-o", help="Write the data to FILE (atomically) instead of stdout.",
                        dir_okay=False)


def check_format(fmt: str | None, allowed: tuple[str, ...] = ("table", "csv", "json", "ndjson")) -> None:
    if fmt is not None and fmt not in allowed:
        from ..errors import UsageError

        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(allowed)}")


def emit_json(obj, output: Path | None) -> None:
    import json
    import sys

    from ..render import write_atomic

    text = json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n"
    if output is not None:
        write_atomic(output, text)
    else:
        sys.stdout.write(text)


def frame_rows(df) -> list[dict]:
    """DataFrame -> list of dicts with '' kept as '' (CSV) — JSON renders '' as null via json_rows."""
    return df.to_dict("records")


def json_rows(rows: list[dict], ints: tuple[str, ...] = ("source_line", "source_page")) -> list[dict]:
    """Stable JSON: empty strings become null, line/page numbers become integers."""
    out = []
    for r in rows:
        d = {}
        for k, v in r.items():
            if v == "":
                v = None
            elif k in ints and isinstance(v, str) and v.isdigit():
                v = int(v)
            d[k] = v
        out.append(d)
    return out


def emit_rows(rows: list[dict], columns: list[str], fmt: str | None, output: Path | None, *,
              title: str | None = None, table_columns: list[str] | None = None,
              ints: tuple[str, ...] = ("source_line", "source_page")) -> str:
    """Render rows; returns the format used. JSON/NDJSON get nulls for empty cells and integers for
    line/page numbers; the table view may show fewer columns than CSV/JSON."""
    from ..render import default_format, emit

    fmt = fmt or default_format(output)
    if fmt == "table" and not rows:
        return fmt
    if fmt in ("json", "ndjson"):
        rows = json_rows(rows, ints)
    emit(rows, table_columns if fmt == "table" and table_columns else columns, fmt, output, title=title)
    return fmt
