"""peelkit debug-text: which front-end read each table page of a converter's text, and why."""

from __future__ import annotations

from pathlib import Path

import typer


def register(app: typer.Typer) -> None:
    app.command(
        "debug-text",
        short_help='Show how a State of Policing text was read, page by page.',
        help="Show how a State of Policing text was read: the table's pages (regions cut at every title "
             "and page break), for each page the cells every front-end (markup, columns, rows) verified and "
             "the findings it left, which reading was placed and why, and any disagreement between readings. "
             "With --line N, only the page holding line N, with each reading's findings there.\n\n"
             "Example: peelkit debug-text report-pdftotext.txt --line 412",
    )(debug_text_cmd)


def debug_text_cmd(
    file: Path = typer.Argument(..., help="The text file (any converter's output, or the seed text)."),
    line: int = typer.Option(None, "--line", "-l", help="1-based line: show only the page holding it."),
    findings: int = typer.Option(5, "--findings", "-n", help="With --line: findings shown per reading."),
) -> None:
    import sys

    from rich.console import Console
    from rich.markup import escape as esc
    from rich.table import Table

    from ..errors import SourceError, UsageError
    from ..parse import choose
    from ..parse.state_of_policing import _detect_year_text, _first_table_line, text_format
    from ..schema import Extraction
    from ..sources.text import read_decoded, split_lines

    if not file.exists():
        raise SourceError("no such file or directory", source=str(file))
    text, _ = read_decoded(file)
    lines = split_lines(text)
    first = _first_table_line(lines)
    if first is None:
        raise SourceError("no 'PEEL judgments table' heading found; expected a State of Policing report text",
                          source=str(file))
    year, layout = _detect_year_text(lines, file.name)
    if line is not None and not 1 <= line <= len(lines):
        raise UsageError(f"line {line} out of range: the file has {len(lines)} line(s)")
    ex = Extraction(source_file=file.name, kind="state_of_policing")
    prefer = text_format(lines, first)
    regs = choose.regions(lines, first)
    readings = {n: choose.read(n, ex, lines, year, layout, first, regs) for n in choose.ORDER
                if any(choose.applies(n, lines, r) for r in regs)}
    chosen = choose.choose(ex, lines, year, layout, first, prefer)

    out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    out.print(f"[bold]{esc(str(file))}[/]: {len(lines)} lines, year {year}; front-ends that apply: "
              f"{', '.join(readings) or 'none'}; its look suggests {prefer} (ties only); read as {chosen.format}")
    t = Table(title="table pages", title_justify="left")
    for c in ("lines", "title", *readings, "placed", "why"):
        t.add_column(c)
    for d in chosen.decisions:
        if line is not None and not d.region.holds(line):
            continue
        got = {r: (c, f) for r, c, f in d.scores}
        cells = [f"{got[n][0]} cells, {got[n][1]} findings" if n in got else "-" for n in readings]
        why = d.why + (f"; conflicts: {'; '.join(d.conflicts)}" if d.conflicts else "")
        t.add_row(f"{d.region.start + 1}-{d.region.end}", esc(d.region.title or "(no title)"), *cells,
                  d.chosen or "-", esc(why))
    out.print(t)
    if line is None:
        out.print("Cells count as verified when the one back-end places them from a page whose force list is "
                  "the published run. Inspect one page with --line N.")
        return
    k = next((i for i, r in enumerate(regs) if r.holds(line)), None)
    if k is None:
        out.print(f"line {line} is before the first table title (line {first + 1}): no front-end reads it")
        return
    for name, rd in readings.items():
        u = rd.units.get(k)
        fs = (u.own + u.checks) if u else []
        out.print(f"[bold]{name}[/]: {len(u.tables) if u else 0} page part(s), "
                  f"{sum(len(t.forces) for t in u.tables) if u else 0} force rows, "
                  f"{u.verified if u else 0} cells verified, {len(fs)} findings")
        for f in fs[:findings]:
            out.print(f"  - line {f.get('source_line') or '-'}: {f['kind']}: {esc(f['message'])}")
