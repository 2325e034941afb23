"""peelkit compare: a force's profile against the nation, its region or chosen forces."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import DataOpt, FormatOpt, HideGapsOpt, OutputOpt, OverwriteOpt, emit_json, emit_rows, resolve_format


def register(app: typer.Typer) -> None:
    app.command(
        "compare",
        short_help='Profile one force against the nation, its region or chosen forces.',
        help="Profile one force: every pillar and question grade with trend and last-inspected year, where each "
             "came from, and how it sits in the comparison group ('Good — one of 35 forces graded good; "
             "1 outstanding'), plus the forces that share its pillar grades. Carried-forward grades name the "
             "earlier report that holds them when it is in the data.\n\n"
             "--against national (default); region (the force's own); a region by name ('East Midlands', "
             "forgiving: 'e midlands'); or a peer group: forces named comma-separated or repeated ('Derbyshire, "
             "Notts'), the profiled force added. 'West Midlands' is the region; the force alone is 'West Midlands "
             "Police'.\n\n"
             "Example: peelkit compare --force Leics --against \"East Midlands\"",
    )(compare_cmd)


def compare_cmd(
    force: str = typer.Option(..., "--force", help="Force name or alias: Leicestershire, Leics, 'Met'..."),
    year: str = typer.Option(None, "--year", "-y", help="Year label or round, e.g. 2018/19, 2021/22, 2023-25, "
                             "'PEEL 2016' (default: the latest national table)."),
    against: list[str] = typer.Option(None, "--against", "-a",
                                      help="national, region, a region's name, or forces (comma-separated or "
                                           "repeated) as a peer group."),
    hide_gaps: HideGapsOpt = False,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    from .. import names
    from ..analyses.compare import profile, table_rows
    from ..analyses.data import Data

    fmt = resolve_format(fmt, output, overwrite=overwrite)
    d = Data.open(data).require_judgments()
    f = names.resolve_force(force)
    names.resolve_group(against, f)  # an unknown name is a usage error before any work
    prof = profile(d, f.name, names.resolve_year(year, d.years()) if year else None, list(against or []))
    if hide_gaps:
        prof.judgments = [j for j in prof.judgments if j.grade]
    if fmt == "json":
        emit_json(prof.as_json(), output)
        return
    rows = table_rows(prof)
    if fmt == "table":
        _render(prof, output)
        return
    emit_rows(rows, list(rows[0]) if rows else [], fmt, output)


def _render(prof, output: Path | None) -> None:
    import io

    from ..analyses.compare import standing_short
    from ..render import out_console, rich_table, write_atomic
    from ..wording import scale_words

    buf = io.StringIO() if output else None
    console = out_console(file=buf)
    console.print(f"[bold]{prof.force}[/] ({prof.region}) — PEEL {prof.year}, against {prof.against} "
                  f"({prof.group_words}; grades on the {scale_words(prof.scale)})", highlight=False)
    files: list[str] = []
    notes: list[str] = []
    rows = []
    for j in prof.judgments:
        src = ""
        if j.source_file:
            if j.source_file not in files:
                files.append(j.source_file)
            src = f"[{files.index(j.source_file) + 1}] " + (f"p.{j.source_page}" if j.source_page
                                                            else f"l.{j.source_line}")
        mark = ""
        if j.carried_from or j.note:
            notes.append(f"{j.area_id or j.question_id or j.pillar}: {j.carried_from or j.note}")
            mark = f" *{len(notes)}"
        rows.append({"judgment": j.area_id or (j.pillar.upper() if not j.question_id else "  " + j.question_id),
                     "grade": j.grade or "—", "trend": j.trend, "last_inspected": j.last_inspected,
                     "standing": standing_short(j, prof.scale, prof.national) + mark, "source": src})
    areas = all(j.area_id for j in prof.judgments)  # an area-era round: no trend, last inspected or pillars
    columns = (["judgment", "grade", "standing", "source"] if areas else
               ["judgment", "grade", "trend", "last_inspected", "standing", "source"])
    table, key = rich_table(rows, columns, console.width,
                            headers={"last_inspected": "last insp.", "standing": f"in the group of {len(prof.group)}"},
                            drop=("source", "last_inspected", "trend"))
    console.print(table)
    if key:
        console.print(key, highlight=False, markup=False)
    for i, f in enumerate(files, 1):
        console.print(f"[{i}] {f}", highlight=False, markup=False)
    for i, n in enumerate(notes, 1):
        console.print(f"*{i} {n}", highlight=False, markup=False)
    if prof.same_pillar_pattern and not areas:
        console.print(f"Same pillar grades ({' / '.join(j.grade for j in prof.judgments if not j.question_id)}): "
                      + ", ".join(prof.same_pillar_pattern), highlight=False)
    elif not areas:
        console.print("No other force in the group has the same pillar grades.", highlight=False)
    if buf is not None:
        write_atomic(output, buf.getvalue())
