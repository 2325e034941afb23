"""peelkit reports: a force's inspection-report catalogue as a timeline (reports.csv)."""

from __future__ import annotations

from enum import Enum

import typer

from ._common import DataOpt, FormatOpt, OutputOpt, json_rows, resolve_format

TYPES = ("peel", "spotlight", "thematic", "joint", "force", "other")
ReportType = Enum("ReportType", {t: t for t in TYPES}, type=str)  # type: ignore[misc]
COLUMNS = ["date", "force", "force_id", "type", "title", "summary", "response_published", "source_file",
           "source_line", "source_page"]
TABLE_COLUMNS = ["date", "type", "title", "response", "source"]


def register(app: typer.Typer) -> None:
    app.command(
        "reports",
        help="List the HMIC/HMICFRS inspection reports in a force's catalogue (reports.csv) as a timeline, "
             "oldest first; undated reports come last (see review.csv, kind undated). Filters combine with "
             "AND: --force (forgiving names: Leics), --year (the report's date year, e.g. 2016) and --type "
             f"({', '.join(TYPES)}).\n\n"
             "Example: peelkit reports --force Leicestershire --year 2016 --type peel",
    )(reports_cmd)


def reports_cmd(
    force: list[str] = typer.Option(None, "--force", help="Force name or alias, e.g. Leics (repeatable)."),
    year: list[str] = typer.Option(None, "--year", "-y", help="Year of the report's date, e.g. 2016 (repeatable)."),
    type_: list[ReportType] = typer.Option(None, "--type", "-t", help="Report type (repeatable).",
                                           case_sensitive=False),
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
) -> None:
    import re

    from .. import model, store
    from ..errors import UsageError
    from ..render import emit, err_console

    fmt = resolve_format(fmt, output)
    force_ids = {model.resolve_force(f).force_id for f in force or []}
    years: set[str] = set()
    for y in year or []:
        m = re.fullmatch(r"\s*((?:19|20)\d\d)(?:\s*/\s*\d\d)?\s*", y)
        if not m:
            raise UsageError(f"unknown year {y!r}; give the year of the report's date, e.g. 2016")
        years.add(m.group(1))
    types = {t.value for t in type_ or []}

    rows = store.read_rows(data or store.default_clean_dir(), "reports")
    if force_ids:
        rows = [r for r in rows if r.get("force_id") in force_ids]
    if types:
        rows = [r for r in rows if r.get("type") in types]
    undated_skipped = 0
    if years:
        undated_skipped = sum(1 for r in rows if not r.get("date"))
        rows = [r for r in rows if (r.get("date") or "")[:4] in years]
    # the timeline: oldest first, then undated reports in listing order
    rows.sort(key=lambda r: (not r.get("date"), r.get("date") or "", r.get("source_file") or "",
                             int(r.get("source_page") or 0), int(r.get("source_line") or 0)))

    console = err_console()
    if not rows:
        console.print("no reports match these filters", highlight=False)
    if undated_skipped:
        console.print(f"note: {undated_skipped} undated report(s) could not be filtered by year and are not "
                      "listed (see review.csv, kind undated)", highlight=False)
    if fmt == "table":
        if rows:
            view = [{
                "date": r.get("date") or "(undated)", "type": r.get("type"), "title": r.get("title"),
                "response": "yes" if r.get("response_published") in ("True", "true", "1") else "",
                "source": f"p.{r['source_page']}" if r.get("source_page") else f"l.{r.get('source_line')}",
            } for r in rows]
            names = sorted({r["force"] for r in rows if r.get("force")})
            emit(view, TABLE_COLUMNS, "table", output,
                 title=f"Inspection reports{' – ' + ', '.join(names) if names else ''}")
    else:
        if fmt in ("json", "ndjson"):
            rows = [{**r, "response_published": None if r.get("response_published") in ("", None)
                     else r["response_published"] in ("True", "true", "1")} for r in json_rows(rows)]
        emit(rows, COLUMNS, fmt, output)
    if rows and (output is not None or fmt != "table"):
        console.print(f"{len(rows)} report(s)" + (f" written to {output}" if output else ""), highlight=False)
