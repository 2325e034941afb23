"""peelkit history: one force's grades in every PEEL round the data holds, oldest first."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import DataOpt, FormatOpt, HideGapsOpt, OutputOpt, OverwriteOpt, emit_rows, resolve_format


def register(app: typer.Typer) -> None:
    app.command(
        "history",
        short_help="One force's grades in every round the data holds, oldest first.",
        help="One force's grades in every PEEL round the data holds, oldest first: the pillar era (PEEL 2014 to "
             "2018/19: pillars and their questions, 4-tier scale) and the area era (PEEL 2021/22 on: areas of "
             "policing, 5-tier scale with Adequate) side by side, each row with its round, scale and source. "
             "Grades are never compared: a round whose framework or scale differs from the previous one is "
             "marked not comparable (comparable_with_previous false), with the Inspectorate's reason. "
             "Judgments the documents hold but that could not be placed for the force are listed as not "
             "extracted, with the review findings that say why.\n\n"
             "Example: peelkit history --force Leics    or    peelkit history --force Leicestershire -f csv",
    )(history_cmd)


def history_cmd(
    force: str = typer.Option(..., "--force", help="Force name or alias: Leicestershire, Leics, 'Met'..."),
    year: list[str] = typer.Option(None, "--year", "-y", help="Only these rounds: year label or round name, e.g. "
                                   "2016/17, 'PEEL 2016', 2021/22, 2023-25 (repeatable; default: every round)."),
    hide_gaps: HideGapsOpt = False,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    from .. import model, names
    from ..analyses.history import COLUMNS, catalogue_note, force_years, history
    from ..profile import Tables
    from ..render import err_console

    fmt = resolve_format(fmt, output, overwrite=overwrite)
    f = model.resolve_force(force)
    t = Tables.read(data)
    held = force_years(t, f.force_id)
    years = [names.resolve_year(y, held, f"rounds in the data for {f.name}:") for y in year or []] if held else []
    h = history(t, f, years or None, hide_gaps=hide_gaps)
    console = err_console()
    if fmt == "table":
        _render(h, output)
    else:
        rows = [dict(r, comparable_with_previous=_bool(r["comparable_with_previous"], fmt)) for r in h.rows]
        emit_rows(rows, COLUMNS, fmt, output, ints=("scale", "source_line", "source_page"))
    n_ex = sum(1 for r in h.rows if not r["grade"])
    console.print(f"{len(h.rows)} judgment(s) of {h.force.name} in {len(h.rounds)} round(s): "
                  + ", ".join(f"{rh.round.label} ({len(rh.rows)})" for rh in h.rounds)
                  + (f"; {n_ex} not extracted (empty grade and the reason in its note; --hide-gaps leaves them "
                     "out)" if n_ex else ""), highlight=False, soft_wrap=True)
    if fmt != "table":
        for rh in h.rounds:
            if rh.comparable is False:
                console.print(f"{rh.round.label}: {rh.reason}.", highlight=False, soft_wrap=True)
    note = catalogue_note(h)
    if note:
        console.print(note, highlight=False, soft_wrap=True)


def _bool(v: bool | None, fmt: str):
    """JSON: true/false/null; CSV: true/false/empty."""
    if v is None:
        return None if fmt in ("json", "ndjson") else ""
    return v if fmt in ("json", "ndjson") else ("true" if v else "false")


def _render(h, output: Path | None) -> None:
    """One table per round, oldest first, each under a heading naming its scale; a round that is not
    comparable with the previous one says so (and why) above its heading."""
    import io

    from .. import wording
    from ..render import out_console, rich_table, write_atomic

    buf = io.StringIO() if output else None
    console = out_console(file=buf)
    console.print(f"[bold]{h.force.name}[/] ({h.force.region}) — PEEL grades in every round the data holds, "
                  "oldest first", highlight=False)
    files: list[str] = []
    notes: list[str] = []
    for rh in h.rounds:
        console.print("")
        if rh.comparable is False:
            console.print(f"NOT COMPARABLE with {rh.previous.label}: {rh.reason}.", highlight=False,  # type: ignore
                          markup=False)
        elif rh.comparable:
            console.print(f"Comparable with {rh.previous.label} (same framework and scale).",  # type: ignore
                          highlight=False, markup=False)
        console.print(f"[bold]{rh.round.label}[/] ({rh.round.year}): {wording.scale_words(rh.round.scale)}",
                      highlight=False)
        view = []
        for r in rh.rows:
            src = ""
            if r["source_file"]:
                if r["source_file"] not in files:
                    files.append(r["source_file"])
                src = f"[{files.index(r['source_file']) + 1}] " + (f"p.{r['source_page']}" if r["source_page"]
                                                                   else f"l.{r['source_line']}")
            mark = ""
            if r["note"]:
                notes.append(f"{r['question_id'] or r['area_id'] or r['pillar']} ({rh.round.label}): {r['note']}")
                mark = f"*{len(notes)}"
            item = (r["pillar"].upper() if r["level"] == "pillar" else
                    "  " + r["question_id"] if r["level"] == "question" else r["area_id"])
            view.append({"judgment": item, "grade": r["grade"] or "—", "trend": r["trend"],
                         "last_inspected": r["last_inspected"], "source": src, "note": mark})
        columns = ["judgment", "grade", "trend", "last_inspected", "source", "note"]
        if rh.round.era == "areas":
            columns = ["judgment", "grade", "source", "note"]
        table, key = rich_table(view, columns, console.width, headers={"last_inspected": "last insp."})
        console.print(table)
        if key:
            console.print(key, highlight=False, markup=False)
    console.print("")
    for i, f in enumerate(files, 1):
        console.print(f"[{i}] {f}", highlight=False, markup=False)
    for i, n in enumerate(notes, 1):
        console.print(f"*{i} {n}", highlight=False, markup=False)
    if buf is not None:
        write_atomic(output, buf.getvalue())
