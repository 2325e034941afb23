"""peelkit diff: what changed between two years or two extractions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from ..analyses.diff import Diff
    from ..model import Force

from ._common import DataOpt, FormatOpt, OutputOpt, OverwriteOpt, emit_rows, note_refs, resolve_format


def register(app: typer.Typer) -> None:
    app.command(
        "diff",
        short_help='What changed between two rounds, or between two extractions.',
        help="What changed between two years (in one data directory) or two extractions (old and new "
             "pillars.csv / questions.csv, or two clean directories): per force and pillar/question, old grade "
             "-> new grade and the direction. Between rounds only what the Inspectorate compares is compared: "
             "a judgment it did not grade in both rounds is not compared (counted); one the newer documents hold "
             "but peelkit could not read is 'not extracted', never 'only in old'; a grade carried forward is "
             "'carried forward'; rounds that are not consecutive get no direction ('not compared'); between "
             "consecutive rounds the trend the newer report printed wins, and grades that disagree with it are a "
             "finding (exit 1). Only what both sides cover "
             "is compared: rows of a force or pillar the other side does not hold are counted once, not listed. "
             "Rounds on different frameworks or grade scales (PEEL 2018/19 and 2021/22) are never compared: "
             "both grades are shown side by side, change 'not comparable', with the Inspectorate's reason. A pillars "
             "table is never compared with a questions table; two years given newest first are compared in order "
             "(with a note).\n\n"
             "Example: peelkit diff 2016/17 2018/19 --force Leics    or    peelkit diff old/pillars.csv data/clean/pillars.csv",
    )(diff_cmd)


def diff_cmd(
    old: str = typer.Argument(..., help="Older side: a year label (2017/18) or a CSV file / clean directory."),
    new: str = typer.Argument(..., help="Newer side: a year label or a CSV file / clean directory."),
    show_all: bool = typer.Option(False, "--all", help="Also list rows that did not change."),
    force: list[str] = typer.Option(None, "--force", help="Only these forces (repeatable)."),
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    from .. import names
    from ..analyses.data import Data
    from ..analyses.diff import COLUMNS, diff, is_path, listed, load_side
    from ..render import err_console

    fmt = resolve_format(fmt, output, overwrite=overwrite)
    d = None if all(is_path(x) for x in (old, new)) else Data.open(data).require_judgments()
    forces = [names.resolve_force(f) for f in names.split_names(force)]
    res = diff(load_side(old, d), load_side(new, d), {f.force_id for f in forces} or None)
    rows = [r for r in res.rows if show_all or listed(r)]
    console = err_console()
    for note in res.notes:
        console.print(f"note: {note}", highlight=False, soft_wrap=True)
    view, legend = _table_view(res, rows) if fmt == "table" else (rows, [])
    emit_rows(view, COLUMNS, fmt, output, ints=("old_scale", "new_scale"),
              table_columns=["force", "judgment", "old_grade", "new_grade", "change"]
              if res.not_comparable else ["force", "pillar", "question_id", "old_grade", "new_grade", "change",
                                          "printed_trend", "trend_check", *(["note"] if legend else [])],
              drop=("printed_trend",), notes=legend)
    _summary(console, res, rows, forces, show_all)
    bad = res.trend_disagreements
    if bad:
        console.print(f"[red]check failed:[/] {len(bad)} computed direction(s) disagree with the printed trend",
                      highlight=False)
        raise typer.Exit(1)


def _table_view(res: Diff, rows: list[dict]) -> tuple[list[dict], list[str]]:
    """The rows as the table shows them, and the lines under it: rounds set side by side get one column
    naming what the grades are of; compared rows show a note as a reference ('*1') to a line under the
    table, and the trend check is explained when a row has one."""
    if res.not_comparable:
        return [dict(r, judgment=("  " + r["question_id"]) if r["question_id"] else r["area_id"] or r["pillar"].upper())
                for r in rows], []
    view, legend = note_refs(rows)
    if any(r["trend_check"] != "n/a" for r in view):
        legend.append(f"trend check: whether the direction of the grades agrees with the trend the {res.new.label} "
                      "report prints for the pillar; n/a where there is nothing to check.")
    return view, legend


def _summary(console: Console, res: Diff, rows: list[dict], forces: list[Force], show_all: bool) -> None:
    """The lines on stderr after the rows: what was compared, and what was not and why."""
    summary = ", ".join(f"{n} {k}" for k, n in sorted(res.summary.items()))
    who = f" for {', '.join(f.name for f in forces)}" if forces else ""
    listed = "" if show_all or len(rows) == len(res.rows) else f"; {len(rows)} listed (--all lists unchanged rows too)"
    done = "set side by side (not compared)" if res.not_comparable else "compared"
    console.print(f"{len(res.rows)} rows {done}{who} ({res.old.label} -> {res.new.label}): {summary or 'none'}"
                  f"{listed}", highlight=False, soft_wrap=True)
    if res.not_comparable:
        console.print(f"{res.not_comparable}. Both grades are shown side by side; no change is computed.",
                      highlight=False, soft_wrap=True)
    if res.apart:
        console.print(f"{res.old.label} and {res.new.label} are not consecutive rounds ({res.apart} between): the "
                      "Inspectorate compares an inspection with the one before it, so no direction is given between "
                      "them ('not compared'); a printed trend is the newer report's, since the force's previous "
                      "inspection.", highlight=False)
    if res.not_graded:
        console.print(f"not compared: {sum(res.not_graded.values())} row(s) the Inspectorate did not grade in both "
                      "rounds (" + "; ".join(f"{why}: {n}" for why, n in sorted(res.not_graded.items())) + ")",
                      highlight=False)
    for side, n in res.not_covered.items():
        other = "new" if side == "old" else "old"
        what = "forces and pillars" if res.by_year else "years"
        console.print(f"not compared: {n} row(s) only in {side}, for {what} the {other} side "
                      f"({getattr(res, other).label}) does not hold", highlight=False, soft_wrap=True)
    if not res.rows:
        console.print("nothing to compare: the two sides share no "
                      + ("force and pillar" if res.by_year else "year"), highlight=False)
    elif not rows:
        console.print("no changes", highlight=False)
