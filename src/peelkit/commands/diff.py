"""peelkit diff: what changed between two years or two extractions."""

from __future__ import annotations

from pathlib import Path

import typer

from ._common import check_format, data_option, emit_rows, format_option, output_option


def register(app: typer.Typer) -> None:
    app.command(
        "diff",
        help="What changed between two years (in one data directory) or two extractions (old and new "
             "pillars.csv / questions.csv, or two clean directories): per force and pillar/question, old grade "
             "-> new grade and the direction. For pillar judgments of consecutive years the direction is checked "
             "against the trend the newer report printed (exit 1 if they disagree). Rows on one side only are "
             "listed, never dropped. A 4-tier and a 5-tier grade scale are never compared (exit 2).\n\n"
             "Example: peelkit diff 2017/18 2018/19    or    peelkit diff old/pillars.csv data/clean/pillars.csv",
    )(diff_cmd)


def diff_cmd(
    old: str = typer.Argument(..., help="Older side: a year label (2017/18) or a CSV file / clean directory."),
    new: str = typer.Argument(..., help="Newer side: a year label or a CSV file / clean directory."),
    show_all: bool = typer.Option(False, "--all", help="Also list rows that did not change."),
    force: list[str] = typer.Option(None, "--force", help="Only these forces (repeatable)."),
    data: Path = data_option(),
    fmt: str = format_option(),
    output: Path = output_option(),
) -> None:
    from .. import model
    from ..analyses.data import Data
    from ..analyses.diff import CHANGED, COLUMNS, diff, is_path, load_side
    from ..render import err_console

    check_format(fmt)
    d = None if all(is_path(x) for x in (old, new)) else Data.open(data)
    res = diff(load_side(old, d), load_side(new, d))
    ids = {model.resolve_force(f).force_id for f in force or []}
    rows = [r for r in res.rows if (show_all or r["change"] in CHANGED or r["trend_check"] == "disagrees")
            and (not ids or r["force_id"] in ids)]
    console = err_console()
    emit_rows(rows, COLUMNS, fmt, output,
              table_columns=["force", "pillar", "question_id", "old_grade", "new_grade", "change", "printed_trend",
                             "trend_check"])
    summary = ", ".join(f"{n} {k}" for k, n in sorted(res.summary.items()))
    console.print(f"{len(res.rows)} rows compared ({res.old.label} -> {res.new.label}): {summary}", highlight=False)
    if not rows:
        console.print("no changes", highlight=False)
    bad = res.trend_disagreements
    if bad:
        console.print(f"[red]check failed:[/] {len(bad)} computed direction(s) disagree with the printed trend",
                      highlight=False)
        raise typer.Exit(1)

