"""peelkit export: the board-paper workbook (or the same sheets as a folder of CSVs)."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import data_option


def register(app: typer.Typer) -> None:
    app.command(
        "export",
        help="Write a finished board-paper workbook: Cover (sources with sha256, how to read it), Summary "
             "(the force's pillar and question grades beside the national distribution, with a chart), one "
             "sheet per pillar with all 43 forces, Totals (derived vs printed) and Notes (what could not be "
             "extracted). Grades keep their text; RAG colours (--accessible: patterns) come from conditional "
             "formatting. Never replaces an existing OUT without --force-overwrite.\n\n"
             "Example: peelkit export board.xlsx --force Leicestershire",
    )(export_cmd)


def export_cmd(
    out: Path = typer.Argument(..., help="The .xlsx file to write (with --format csv: a folder of CSVs)."),
    force: str = typer.Option(None, "--force", help="Force to profile and highlight: Leicestershire, Leics, "
                                                    "'Met'... (default: national sheets only)."),
    year: str = typer.Option(None, "--year", "-y", help="Year label, e.g. 2018/19 (default: the latest "
                                                        "national table)."),
    accessible: bool = typer.Option(False, "--accessible", help="Patterns plus text instead of colour fills "
                                                                 "(no colour-only meaning)."),
    fmt: str = typer.Option("xlsx", "--format", "-f", help="xlsx (a workbook) or csv (a folder, one CSV per "
                                                           "sheet)."),
    overwrite: bool = typer.Option(False, "--force-overwrite", help="Replace OUT if it already exists."),
    data: Path = data_option(),
) -> None:
    from ..export import export
    from ..render import err_console

    res = export(out, data, force, year, accessible=accessible, fmt=fmt, overwrite=overwrite)
    sizes = ", ".join(f"{k} {v}" for k, v in res.sheets.items() if k != "Cover")
    checks = ", ".join(f"{n} {k}" for k, n in sorted(res.totals.items()))
    what = f"{res.force} {res.year}" if res.force else f"{res.year}, all forces"
    err_console().print(
        f"wrote {res.path} ({res.fmt}{', accessible' if accessible else ''}): {what}; "
        f"{len(res.sheets)} sheets (rows: {sizes}); totals {checks or 'none printed'}; "
        f"{res.notes} review notes; {res.seconds:.2f} s",
        soft_wrap=True, highlight=False, markup=False)
