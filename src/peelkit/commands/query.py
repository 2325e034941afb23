"""peelkit query: filter the pillar, question and area judgments."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

import typer

from ._common import DataOpt, FormatOpt, HideGapsOpt, OutputOpt, OverwriteOpt, emit_rows, gap_notes, resolve_format

if TYPE_CHECKING:
    from ..analyses.data import Data
    from ..analyses.query import Filters


class Level(str, Enum):
    all = "all"
    pillar = "pillar"
    question = "question"
    area = "area"


def register(app: typer.Typer) -> None:
    app.command(
        "query",
        short_help='Filter the judgments (pillar, question and area rows) by year, force, pillar, grade...',
        help="Filter the judgments: pillar rows (grade, trend) and question rows (grade, last inspected) of the "
             "pillar era (PEEL 2014 to 2018/19), area rows (grade) of the area era (PEEL 2021/22 on); every row "
             "names its round and grade scale (4 or 5 tiers).\n\n"
             "Filters combine with AND; a repeated --force means any of them. --question takes an id "
             "(preventing-crime) or words from the question text (vulnerable), --area an id or words "
             "(investigating crime). Names are forgiving: --force Leics, --pillar effect, --grade ri, "
             "--trend better, --year 2023-25.\n\n"
             "Example: peelkit query --force Leicestershire --pillar effectiveness -f json",
    )(query_cmd)


def query_cmd(
    year: list[str] = typer.Option(None, "--year", "-y",
                                   help="Year label or round, e.g. 2018/19, 2021/22, 2023-25, 'PEEL 2016' (repeatable)."),
    force: list[str] = typer.Option(None, "--force", help="Force name or alias, e.g. Leics (repeatable)."),
    pillar: list[str] = typer.Option(None, "--pillar", help="effectiveness, efficiency or legitimacy."),
    question: list[str] = typer.Option(None, "--question", help="Question id or words from its text."),
    area: list[str] = typer.Option(None, "--area", help="Area of policing (area-era rounds): id or words, e.g. "
                                   "'investigating crime' (repeatable)."),
    grade: list[str] = typer.Option(None, "--grade", "-g", help="Grade, e.g. Good, 'requires improvement', ri."),
    trend: list[str] = typer.Option(None, "--trend", "-t", help="Improved, Unchanged or Declined (or better, same, worse)."),
    last_inspected: list[str] = typer.Option(None, "--last-inspected", help="Year the question was last inspected."),
    level: Level = typer.Option(Level.all, "--level", metavar="LEVEL", help="all, pillar (pillar judgments only), question or area.",
                                case_sensitive=False),
    hide_gaps: HideGapsOpt = False,
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    from ..analyses.data import JUDGMENT_COLUMNS, Data
    from ..analyses.query import check_filters, query, scale_note
    from ..render import err_console

    fmt = resolve_format(fmt, output, overwrite=overwrite)
    d = Data.open(data).require_judgments()
    f = _filters(d, year, force, pillar, question, area, grade, trend, last_inspected, level)
    check_filters(f)
    df = query(d.judgments_with_gaps, f)
    if hide_gaps:
        df = df[df["grade"] != ""]
    rows = df.to_dict("records")
    console = err_console()
    if not rows:
        console.print("no judgments match these filters", highlight=False)
    legend: list[str] = []
    if fmt == "table":
        rows, legend = _table_view(rows)
    areas = any(r["level"] == "area" for r in rows)
    gap = any(not r["grade"] or r["grade"] == "—" for r in rows)
    used = emit_rows(rows, [*JUDGMENT_COLUMNS, "note"], fmt, output, title=None,
                     ints=("scale", "source_line", "source_page"),
                     table_columns=["year", "force", "pillar", "question_id", *(["area_id"] if areas else []), "grade",
                                    "trend", "last_inspected", "source", *(["note"] if gap else [])],
                     drop=("source", "year", "last_inspected", "trend"), notes=legend)
    if rows:
        console.print(scale_note(rows), highlight=False, soft_wrap=True)
    n_gaps = sum(1 for r in rows if not r["grade"] or r["grade"] == "—")
    if n_gaps:
        console.print(f"{n_gaps} judgment(s) not extracted: listed with an empty grade and the reason in their note "
                      "(--hide-gaps leaves them out)", highlight=False)
    if rows and (output is not None or used != "table"):
        console.print(f"{len(rows)} judgment(s)" + (f" written to {output}" if output else ""),
                            highlight=False)


def _filters(d: Data, year: list[str] | None, force: list[str] | None, pillar: list[str] | None,
             question: list[str] | None, area: list[str] | None, grade: list[str] | None, trend: list[str] | None,
             last_inspected: list[str] | None, level: Level) -> Filters:
    """The options' forgiving names resolved to the data's canonical ones (an unknown name is an error)."""
    from .. import names
    from ..analyses.query import Filters

    years = d.years()
    return Filters(
        years=[names.resolve_year(y, years) for y in year or []],
        force_ids=[names.resolve_force(x).force_id for x in names.split_names(force)],
        pillars=[names.resolve_pillar(x) for x in pillar or []],
        question_ids=[names.resolve_question(x).question_id for x in question or []],
        area_ids=[names.resolve_area(x) for x in area or []],
        grades=[names.resolve_grade(x) for x in grade or []],
        trends=[names.resolve_trend(x) for x in trend or []],
        last_inspected=[names.resolve_year(x, sorted(set(d.questions["last_inspected"]) - {""}),
                                           "questions were last inspected in") for x in last_inspected or []],
        level=level.value,
    )


def _table_view(rows: list[dict]) -> tuple[list[dict], list[str]]:
    """The rows as the table shows them (a short source reference, a gap's reason as a note reference) and
    the lines under the table."""
    from ..render import source_refs

    refs, legend = source_refs(rows)
    rows, notes = gap_notes([{**r, "source": ref} for r, ref in zip(rows, refs)])
    return rows, legend + notes
