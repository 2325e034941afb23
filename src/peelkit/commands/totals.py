"""peelkit totals: re-derive grade and trend counts and check them against the printed totals."""

from __future__ import annotations

from pathlib import Path

from enum import Enum

import typer

from ._common import DataOpt, FormatOpt, OutputOpt, OverwriteOpt, emit_rows, resolve_format

SYMBOL = {"ok": "✓", "mismatch": "✗", "unverifiable": "?", "unprinted": "–"}


class Measure(str, Enum):
    grade = "grade"
    trend = "trend"


def register(app: typer.Typer) -> None:
    app.command(
        "totals",
        short_help='Re-derive the grade and trend counts and check them against the printed totals.',
        help="Re-derive how many forces got each grade (and trend) from the rows, as a table and as the sentence "
             "a report would use, beside the totals the document printed, with ✓ (equal), ✗ (the rows contradict "
             "the document), ? (some forces could not be placed, see review.csv) or – (nothing printed). A count "
             "over fewer forces than the table holds says so ('16 of the 18 forces read; 25 not read'). "
             "Exit 1 if any figure is ✗.\n\n"
             "Example: peelkit totals --pillar effectiveness --by grade",
    )(totals_cmd)


def totals_cmd(
    year: list[str] = typer.Option(None, "--year", "-y", help="Year label or round, e.g. 2018/19, 2021/22, 2023-25, "
                                   "'PEEL 2016' (default: every national-table year)."),
    pillar: list[str] = typer.Option(None, "--pillar", help="Pillar (repeatable)."),
    question: list[str] = typer.Option(None, "--question",
                                       help="Question id or words; 'pillar' for pillar judgments only."),
    by: Measure = typer.Option(None, "--by", help="grade or trend (default: both).", case_sensitive=False,
                               show_default=False),
    check: bool = typer.Option(False, "--check", help="Print only the figures that disagree."),
    data: DataOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    overwrite: OverwriteOpt = False,
) -> None:
    from .. import names
    from ..analyses.data import Data
    from ..analyses.totals import COLUMNS, derive
    from ..render import err_console

    fmt = resolve_format(fmt, output, overwrite=overwrite)
    d = Data.open(data).require_judgments()
    years = [names.resolve_year(y, d.years()) for y in year] if year else d.national_years()
    qids = None
    if question:
        qids = ["" if q.strip().lower() == "pillar" else names.resolve_question(q).question_id for q in question]
    t = derive(d, years, [names.resolve_pillar(p) for p in pillar or []] or None, qids, [by.value] if by else None)
    rows = t.failed if check else t.rows
    console = err_console()
    if fmt == "table":
        _render(t, rows, check, output)
    else:
        emit_rows(rows, COLUMNS, fmt, output, ints=("scale", "derived", "printed_table", "printed_sentence", "placed"))
    summary = ", ".join(f"{n} {k}" for k, n in sorted(t.summary.items()))
    console.print(f"{len(t.rows)} figures: {summary or 'none'}", highlight=False)
    if t.failed:
        console.print(f"[red]check failed:[/] {len(t.failed)} derived figure(s) differ from the printed totals",
                      highlight=False)
        raise typer.Exit(1)


def _render(t, rows, check: bool, output: Path | None) -> None:
    import io

    from ..render import out_console, rich_table, write_atomic

    buf = io.StringIO() if output else None
    console = out_console(file=buf)
    if rows:
        view = [{"year": r["year"], "pillar": r["pillar"] or "(area)",
                 "question": r["question_id"] or r["area_id"] or "(pillar)",
                 "measure": r["measure"], "value": r["value"], "derived": str(r["derived"]),
                 "printed_table": _n(r["printed_table"]), "printed_sentence": _n(r["printed_sentence"]),
                 "check": f"{SYMBOL[r['check']]} {r['check']}",
                 "partial": r["partial"]} for r in rows]
        if not any(v["partial"] for v in view):
            view = [{k: x for k, x in v.items() if k != "partial"} for v in view]
        table, key = rich_table(view, list(view[0]), console.width,
                                headers={"printed_table": "printed (table)", "printed_sentence": "printed (sentence)",
                                         "partial": "partial count"},
                                justify={c: "right" for c in ("derived", "printed_table", "printed_sentence")},
                                drop=("printed_sentence", "year"))
        console.print(table)
        if key:
            console.print(key, highlight=False, markup=False)
    if not check:
        from ..analyses.totals import scale_lines
        from ..gaps import read_counts

        for s in t.sentences:
            item = " / ".join(x for x in (s["pillar"], s["question_id"], s["area_id"]) if x)
            what = f"{item} {s['measure']}s"
            of = f" ({read_counts(s['placed'], s['expected'])})" if s["placed"] != s["expected"] else ""
            scope = "" if s["national"] else f" ({s['scope']})"
            console.print(f"{s['year']} {what}: {s['sentence']}{of}{scope}", highlight=False)
        for line in scale_lines(t):
            console.print(line, highlight=False)
    if buf is not None:
        write_atomic(output, buf.getvalue())


def _n(v) -> str:
    return "" if v is None else str(v)
