"""peelkit grid: forces x judgments (pillars, questions or areas) for one year."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from ._common import DataOpt, HideGapsOpt, OverwriteOpt, emit_rows
from .vocabulary import flags


class Level(str, Enum):
    pillar = "pillar"
    question = "question"
    area = "area"


class GridFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    ndjson = "ndjson"
    xlsx = "xlsx"


def register(app: typer.Typer) -> None:
    app.command(
        "grid",
        short_help='Forces x judgments for one year: one grade per cell.',
        help="Forces x judgments for one year: a row per force, a column per pillar (--level pillar), question "
             "(question) or graded area of policing (area, rounds from 2021/22), each cell the grade or empty "
             "(not extracted; never a guess; the notes say why per column, --hide-gaps leaves out columns no "
             "force could be read in). --against national (default), a region by name or forces "
             "(comma-separated) as a peer group. Every format: -f table|csv|json|ndjson, or -o FILE.xlsx for a "
             "workbook with the grade colours.\n\n"
             "Example: peelkit grid --year 2018/19 --level question --against \"East Midlands\" -o grid.xlsx",
    )(grid_cmd)


def grid_cmd(
    year: str = typer.Option(None, "--year", "-y", help="Year label or round (default: the latest national "
                                                        "table; for --level area the latest area round)."),
    level: Level = typer.Option(Level.pillar, "--level", help="pillar, question or area.", case_sensitive=False),
    against: list[str] = typer.Option(None, *flags("--against"), help="The comparison group: national (default), "
                                      "a region's name, or forces (comma-separated or repeated) as a peer group."),
    group: list[str] = typer.Option(None, "--group", hidden=True, help="Old name of --against."),
    hide_gaps: HideGapsOpt = False,
    data: DataOpt = None,
    fmt: GridFormat = typer.Option(None, "--format", "-f", case_sensitive=False, show_default=False, metavar="FORMAT",
                                   help="table, csv, json, ndjson or xlsx (default: from -o's extension, else "
                                        "table on a terminal, csv when piped)."),
    output: Path = typer.Option(None, "--output", "-o", dir_okay=False, show_default=False,
                                help="Write to FILE: .csv, .json, .ndjson, .txt (the table) or .xlsx."),
    overwrite: OverwriteOpt = False,
) -> None:
    from ..analyses.grid import grid
    from ..errors import UsageError
    from ..names import resolve_group
    from ..profile import Tables
    from ..render import err_console
    from ._common import check_output, resolve_format

    group = list(against or []) + list(group or [])
    resolve_group(group)  # an unknown name is a usage error before any work
    as_xlsx = (fmt == GridFormat.xlsx) or (output is not None and output.suffix.lower() == ".xlsx")
    if as_xlsx:
        if output is None or output.suffix.lower() != ".xlsx":
            raise UsageError("-f xlsx writes a workbook: give -o FILE.xlsx")
        check_output(output, overwrite)
        used = "xlsx"
    else:
        used = resolve_format(fmt.value if fmt else None, output, overwrite=overwrite)
    g = grid(Tables.read(data), year, level.value, list(group or []), hide_gaps=hide_gaps)
    console = err_console()
    if used == "xlsx":
        from ..export import write_grid

        write_grid(output, g)
    else:
        headers = None
        if used == "table":
            from ..render import _codes

            codes = _codes()["questions"]
            headers = {k: codes.get(k, k) for k in g.keys}
        rows = g.rows
        if used == "table" and headers:
            rows = [{**r, **{headers[k]: r[k] for k in g.keys}} for r in g.rows]
        title = f"PEEL {g.year}: {g.level} grades, {g.group} ({len(g.rows)} forces)"
        cols = g.columns if used != "table" else ["force", "region"] + [headers[k] for k in g.keys]  # type: ignore
        key = [f"{headers[k]} {k}" for k in g.keys if headers and headers[k] != k] if used == "table" else []
        emit_rows(rows, cols, used, output, title=title if used == "table" else None, drop=("region",),
                  notes=(["columns: " + ", ".join(key)] if key else []) + g.notes,
                  kinds={c: "grades" for c in cols[2:]} if used == "table" else None)
    for n in g.notes if used != "table" else []:
        console.print(f"note: {n}", highlight=False, soft_wrap=True)
    if output is not None:
        console.print(f"wrote {output}: {len(g.rows)} forces x {len(g.keys)} {g.level}s ({g.year}, {g.group})",
                      highlight=False, soft_wrap=True)
