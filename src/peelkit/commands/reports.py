"""peelkit reports: a force's inspection-report catalogue as a timeline (reports.csv)."""

from __future__ import annotations

import re
from enum import Enum

import typer

from ._common import DataOpt, FormatOpt, OutputOpt, OverwriteOpt, json_rows, resolve_format

TYPES = ("peel", "spotlight", "thematic", "joint", "force", "other")
ReportType = Enum("ReportType", {t: t for t in TYPES}, type=str)  # type: ignore[misc]
COLUMNS = ["date", "round", "force", "force_id", "type", "title", "summary", "response_published", "source_file",
           "source_line", "source_page"]
TABLE_COLUMNS = ["date", "round", "type", "title", "response", "source"]
# the PEEL round a report's title names: 'PEEL: Police effectiveness 2016', '... legitimacy 2018/19', '2023–25'
_ROUND_RE = re.compile(r"\b(20\d\d)(?:\s*[/–-]\s*(\d\d(?:\d\d)?))?\b")


def report_round(row: dict) -> str:
    """The round (year) a report belongs to when it has one of its own: its ``round`` column when the table
    has one, else the year a PEEL report's title names ('PEEL: Police effectiveness 2016', published in
    March 2017, is the 2016 round); '' for other reports (they are filtered by their date's year)."""
    if row.get("round"):
        return row["round"]
    if row.get("type") != "peel" and not (row.get("title") or "").lstrip().upper().startswith("PEEL"):
        return ""
    hits = _ROUND_RE.findall(row.get("title") or "")
    if not hits:
        return ""
    start, end = hits[-1]
    return f"{start}/{end[-2:]}" if end else start


def _year_of(row: dict) -> tuple[str, str]:
    """(the year a --year is matched against, 'round' or 'date')."""
    r = report_round(row)
    return (r, "round") if r else ((row.get("date") or "")[:4], "date")


def matches_year(row: dict, wanted: str) -> bool:
    """--year 2016 matches the 2016 round and reports without a round dated 2016; --year 2018/19 matches the
    2018/19 round (or, without a round, the date's year 2018)."""
    own, kind = _year_of(row)
    if not own:
        return False
    if kind == "round":
        return own == wanted or (len(wanted) == 4 and own[:4] == wanted)
    return own == wanted[:4]


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
    from .. import model, names, store
    from ..errors import UnknownNameError
    from ..render import emit, err_console, source_refs

    fmt = resolve_format(fmt, output, overwrite=overwrite)
    force_ids = {names.resolve_force(f).force_id for f in names.split_names(force)}
    types = {t.value for t in type_ or []}
    rows = store.read_rows(data or store.default_clean_dir(), "reports")
    for r in rows:
        r.setdefault("round", report_round(r))
    years: list[str] = []
    for y in year or []:
        t = y.strip()
        label = model.year_label(t) or (t if re.fullmatch(r"(?:19|20)\d\d", t) else None)
        if label is None or not any(matches_year(r, label) for r in rows):
            held = sorted({_year_of(r)[0][:4] for r in rows} - {""})
            span = f"{held[0]} to {held[-1]}" if held else "none"
            raise UnknownNameError("year", y, hint=f"the catalogue's reports are of {span}; a PEEL report by the "
                                                   "round its title names, e.g. 2016 or 2018/19")
        years.append(label)
    if force_ids:
        rows = [r for r in rows if r.get("force_id") in force_ids]
    if types:
        rows = [r for r in rows if r.get("type") in types]
    undated_skipped = 0
    if years:
        undated_skipped = sum(1 for r in rows if not r.get("date") and not r.get("round"))
        rows = [r for r in rows if any(matches_year(r, y) for y in years)]
    # the timeline: oldest first, then undated reports in listing order
    rows.sort(key=lambda r: (not r.get("date"), r.get("date") or "", r.get("source_file") or "",
                             int(r.get("source_page") or 0), int(r.get("source_line") or 0)))

    console = err_console()
    if not rows:
        console.print("no reports match these filters", highlight=False)
    if undated_skipped:
        console.print(f"note: {undated_skipped} undated report(s) could not be filtered by year and are not "
                      "listed (see review.csv, kind undated)", highlight=False)
    columns = COLUMNS + [c for c in store.columns("reports") if c not in COLUMNS]
    if fmt == "table":
        if rows:
            refs, legend = source_refs(rows)
            view = [{
                "date": r.get("date") or "(undated)", "round": r.get("round", ""), "type": r.get("type"),
                "title": r.get("title"), "response": "yes" if r.get("response_published") in ("True", "true", "1")
                else "", "source": ref,
            } for r, ref in zip(rows, refs)]
            forces = sorted({r["force"] for r in rows if r.get("force")})
            emit(view, TABLE_COLUMNS, "table", output, drop=("source", "response", "round"), notes=legend,
                 title=f"Inspection reports{' – ' + ', '.join(forces) if forces else ''}")
    else:
        if fmt in ("json", "ndjson"):
            rows = [{**r, "response_published": None if r.get("response_published") in ("", None)
                     else r["response_published"] in ("True", "true", "1")} for r in json_rows(rows)]
        emit(rows, columns, fmt, output)
    if rows and (output is not None or fmt != "table"):
        console.print(f"{len(rows)} report(s)" + (f" written to {output}" if output else ""), highlight=False)
