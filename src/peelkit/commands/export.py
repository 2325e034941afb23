"""peelkit export: the board paper as a workbook (.xlsx), its PDF (.pdf) or a folder of CSVs; every tidy
table as SQLite (.sqlite, with a Datasette metadata file), JSON (.json) or Parquet files (-f parquet)."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import data_option

# values people type after --force when they mean "replace the file"
_OVERWRITE_WORDS = {"true", "yes", "y", "1", "overwrite", "replace", "on"}


def register(app: typer.Typer) -> None:
    app.command(
        "export",
        short_help='A board paper (workbook, PDF, CSVs) or the data for other tools (SQLite, JSON, Parquet).',
        help="Write a board paper: Cover (headlines, how to read it), Summary (the force's pillar and question "
             "grades beside the national distribution), Chart, one sheet per pillar with all 43 forces, Totals "
             "(derived vs printed), Notes (every review finding), Reports (the force's inspection reports) and "
             "Sources (files with sha256). An area round (--year 2021/22, 2023-25: areas of policing, 5-tier) gets "
             "Summary (the force's area grades beside the forces per grade among those in the data, never "
             "national), Areas (every held force by area) and History, Notes, Reports, Sources; no pillar "
             "sheets. Every table sheet is an Excel table with its header on row 4 "
             "(pandas.read_excel(OUT, sheet_name=..., header=3)). The format follows OUT: .xlsx a workbook, .pdf its "
             "PDF (needs LibreOffice), a name without extension a folder of CSVs. The data itself, every tidy table "
             "with its keys: .sqlite (and OUT's stem.metadata.json for Datasette), .json, or a folder with "
             "--format parquet (needs pyarrow: pip install 'peelkit\\[parquet]'). Never replaces OUT without "
             "--overwrite.\n\n"
             "Example: peelkit export board.xlsx --force Leicestershire --against \"East Midlands\"",
    )(export_cmd)


def export_cmd(
    out: Path = typer.Argument(..., help="board.xlsx (workbook), board.pdf (PDF) or board/ (a folder of CSVs)."),
    force: str = typer.Option(None, "--force", help="Police force to profile and highlight: Leicestershire, "
                                                    "Leics, 'Met'... (default: national sheets only). To replace "
                                                    "an existing OUT use --overwrite."),
    year: str = typer.Option(None, "--year", "-y", help="Year label or round, e.g. 2018/19, 2021/22, "
                                                        "2023-25 (default: the latest national table; with "
                                                        "only area rounds in the data, the latest held)."),
    accessible: bool = typer.Option(False, "--accessible", metavar="",
                                    help="Mark every grade cell with a text marker (stars, triangles) and bold "
                                         "for the lower grades, so no grade is told by colour alone."),
    against: list[str] = typer.Option(None, "--against", "-a",
                                      help="The Summary's comparison group: national (default), region, a "
                                           "region's name, or forces (comma-separated) as a peer group."),
    fmt: str = typer.Option(None, "--format", "-f", help="xlsx, pdf, csv, sqlite, json or parquet; must agree "
                                                         "with OUT's name (default: from the name)."),
    overwrite: bool = typer.Option(False, "--overwrite", metavar="", help="Replace OUT if it already exists."),
    force_overwrite: bool = typer.Option(False, "--force-overwrite", hidden=True, help="Old name of --overwrite."),
    data: Path = data_option(),
) -> None:
    from ..errors import UsageError
    from ..export import export
    from ..render import err_console

    if force is not None and force.strip().lower() in _OVERWRITE_WORDS:
        raise UsageError(f"--force names a police force (e.g. --force Leicestershire), not {force!r}; "
                         "to replace an existing file use --overwrite")
    try:
        res = export(out, data, force, year, accessible=accessible, fmt=fmt, overwrite=overwrite or force_overwrite,
                     against=list(against or []) or None)
    except UsageError as exc:
        if force is not None and ("did you mean" in str(exc) or "already exists" in str(exc)) and out.exists():
            raise UsageError(f"{exc} (--force names a police force, not 'replace the file')") from None
        raise
    if res.fmt in ("sqlite", "json", "parquet"):
        from ..export.sqlite import metadata_path

        extra = f" and {metadata_path(res.path)} (datasette {res.path.name} -m {metadata_path(res.path).name})" \
            if res.fmt == "sqlite" else ""
        err_console().print(f"wrote {res.path}{extra}: {len(res.sheets)} tables ("
                            + ", ".join(f"{k} {v}" for k, v in res.sheets.items()) + f"); {res.seconds:.2f} s",
                            soft_wrap=True, highlight=False, markup=False)
        return
    sizes = ", ".join(f"{k} {v}" for k, v in res.sheets.items() if k != "Cover")
    checks = ", ".join(f"{n} {k}" for k, n in sorted(res.totals.items()))
    what = f"{res.force} {res.year}" if res.force else f"{res.year}, all forces"
    err_console().print(
        f"wrote {res.path} ({res.fmt}{', accessible' if accessible else ''}): {what}; "
        f"{len(res.sheets)} sheets (rows: {sizes}); {res.sheets['Cover']} headlines; totals "
        f"{checks or 'none printed'}; {res.notes} review notes; {res.seconds:.2f} s",
        soft_wrap=True, highlight=False, markup=False)
