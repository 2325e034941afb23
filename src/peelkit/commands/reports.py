"""peelkit reports: a force's inspection-report catalogue as a timeline (reports.csv)."""

from __future__ import annotations

from pathlib import Path

import typer

TYPES = ("peel", "spotlight", "thematic", "joint", "force", "other")
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
    type_: list[str] = typer.Option(None, "--type", "-t", help=f"Report type: {', '.join(TYPES)} (repeatable)."),
    data: Path = typer.Option(None, "--data", "-d", help="Clean data directory (default: data/clean/).",
                              file_okay=False),
    fmt: str = typer.Option(None, "--format", "-f", help="Output format: table, csv, json or ndjson (default: "
                            "table on a terminal, csv when piped or with -o)."),
    output: Path = typer.Option(None, "--output", "-o", help="Write the data to FILE (atomically) instead of "
                                "stdout.", dir_okay=False),
) -> None:
    import re

    from .. import model, store
    from ..errors import UnknownNameError, UsageError
    from ..render import FORMATS, default_format, emit, err_console

    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    force_ids = {model.resolve_force(f).force_id for f in force or []}
    years: set[str] = set()
    for y in year or []:
        m = re.fullmatch(r"\s*((?:19|20)\d\d)(?:\s*/\s*\d\d)?\s*", y)
        if not m:
            raise UsageError(f"unknown year {y!r}; give the year of the report's date, e.g. 2016")
        years.add(m.group(1))
    types: set[str] = set()
    for t in type_ or []:
        low = t.strip().lower()
        hits = [x for x in TYPES if x.startswith(low)] if low else []
        if len(hits) != 1:
            import difflib

            raise UnknownNameError("report type", t, hits or difflib.get_close_matches(low, TYPES, n=3, cutoff=0.5))
        types.add(hits[0])

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
    fmt = fmt or default_format(output)
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
            out = []
            for r in rows:
                d: dict = {}
                for c in COLUMNS:
                    v = r.get(c)
                    if v in ("", None):
                        v = None
                    elif c == "response_published":
                        v = v in ("True", "true", "1")
                    elif c in ("source_line", "source_page"):
                        v = int(v)
                    d[c] = v
                out.append(d)
            rows = out
        emit(rows, COLUMNS, fmt, output)
    if rows and (output is not None or fmt != "table"):
        console.print(f"{len(rows)} report(s)" + (f" written to {output}" if output else ""), highlight=False)
