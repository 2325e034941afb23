"""peelkit reports: a force's inspection-report catalogue as a timeline (reports.csv)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from ._common import DataOpt, FormatOpt, OutputOpt, OverwriteOpt, json_rows, resolve_format

TYPES = ("peel", "spotlight", "thematic", "joint", "force", "other")
ReportType = Enum("ReportType", {t: t for t in TYPES}, type=str)  # type: ignore[misc]
COLUMNS = ["date", "round", "force", "force_id", "type", "title", "summary", "response_published", "source_file",
           "source_line", "source_page"]
TABLE_COLUMNS = ["date", "round", "type", "title", "response", "source"]


def register(app: typer.Typer) -> None:
    app.command(
        "reports",
        short_help="A force's inspection-report catalogue as a timeline.",
        help="List the HMIC/HMICFRS inspection reports in a force's catalogue (reports.csv) as a timeline, "
             "oldest first; undated reports come last (see review.csv, kind undated). Filters combine with "
             "AND: --force (forgiving names: Leics), --year (a PEEL report's own round, as its title names it: "
             "'PEEL: Police effectiveness 2016' is 2016 though published in 2017; other reports by their date's "
             "year) and --type "
             f"({', '.join(TYPES)}).\n\n"
             "Example: peelkit reports --force Leicestershire --year 2016 --type peel",
    )(reports_cmd)


def reports_cmd(
    force: list[str] = typer.Option(None, "--force", help="Force name or alias, e.g. Leics (repeatable)."),
    year: list[str] = typer.Option(None, "--year", "-y", help="A PEEL report's round (2016, 2018/19), else the "
                                                               "year of the report's date (repeatable)."),
    type_: list[ReportType] = typer.Option(None, "--type", metavar="TYPE", case_sensitive=False,
                                           help=f"Report type (repeatable): {', '.join(TYPES)}."),
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    from .. import names, store
    from ..analyses.reports import catalogue, resolve_years, timeline
    from ..render import emit, err_console

    fmt = resolve_format(fmt, output, overwrite=overwrite)
    force_ids = {names.resolve_force(f).force_id for f in names.split_names(force)}
    types = {t.value for t in type_ or []}
    rows = catalogue(data or store.default_clean_dir())
    res = timeline(rows, force_ids, types, resolve_years(rows, year or []))
    rows = res.rows
    console = err_console()
    if not rows:
        console.print("no reports match these filters", highlight=False)
    if res.undated_skipped:
        console.print(f"note: {res.undated_skipped} undated report(s) could not be filtered by year and are not "
                      "listed (see review.csv, kind undated)", highlight=False)
    if fmt == "table":
        if rows:
            _table(rows, output)
    else:
        if fmt in ("json", "ndjson"):
            rows = [{**r, "response_published": None if r.get("response_published") in ("", None)
                     else r["response_published"] in ("True", "true", "1")} for r in json_rows(rows)]
        emit(rows, COLUMNS + [c for c in store.columns("reports") if c not in COLUMNS], fmt, output)
    if rows and (output is not None or fmt != "table"):
        console.print(f"{len(rows)} report(s)" + (f" written to {output}" if output else ""), highlight=False)


def _table(rows: list[dict], output: Path | None) -> None:
    """The timeline as a table: a short source reference per row, the files named under the table."""
    from ..render import emit, source_refs

    refs, legend = source_refs(rows)
    view = [{
        "date": r.get("date") or "(undated)", "round": r.get("round", ""), "type": r.get("type"),
        "title": r.get("title"), "response": "yes" if r.get("response_published") in ("True", "true", "1")
        else "", "source": ref,
    } for r, ref in zip(rows, refs)]
    forces = sorted({r["force"] for r in rows if r.get("force")})
    emit(view, TABLE_COLUMNS, "table", output, drop=("source", "response", "round"), notes=legend,
         title=f"Inspection reports{' – ' + ', '.join(forces) if forces else ''}")
