"""peelkit debug-text: which front-end read each table page of a converter's text, and why."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from ..tables.choose import Chosen, Page


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

    lines, first, year, prefer, chosen = _choose(file, line)
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    _print_pages(out, file, len(lines), year, prefer, chosen, line)
    if line is None:
        out.print("Cells count as verified when the one back-end places them from a page whose force list is "
                  "the published run. Inspect one page with --line N.")
        return
    page = chosen.page(line)
    if page is None:
        out.print(f"line {line} is before the first table title (line {first + 1}): no front-end reads it")
        return
    _print_readings(out, page, findings)


def _choose(file: Path, line: int | None) -> tuple[list[str], int, str, str, Chosen]:
    """The text's lines, its first table title (0-based), year, the front-end its look suggests, and what
    ``tables.choose`` did with it (its trace). A missing file, a text without a table title or a --line out
    of range is an error."""
    from ..errors import SourceError, UsageError
    from ..readers.state_of_policing import _detect_year_text, _first_table_line, text_format
    from ..schema import Extraction
    from ..sources.text import read_decoded, split_lines
    from ..tables import choose

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
    return lines, first, year, prefer, choose.choose(ex, lines, year, layout, first, prefer)


def _print_pages(out: Console, file: Path, n: int, year: str, prefer: str, chosen: Chosen,
                 line: int | None) -> None:
    """The header line and one row per page the choice was made on (only the page holding ``line``)."""
    from rich.markup import escape as esc
    from rich.table import Table

    out.print(f"[bold]{esc(str(file))}[/]: {n} lines, year {year}; front-ends that apply: "
              f"{', '.join(chosen.readers) or 'none'}; its look suggests {prefer} (ties only); read as {chosen.format}")
    t = Table(title="table pages", title_justify="left")
    for c in ("lines", "title", *chosen.readers, "placed", "why"):
        t.add_column(c)
    for d in chosen.trace:
        if d.chosen is None or (line is not None and not d.region.holds(line)):
            continue
        got = {r: (c, f) for r, c, f in d.scores}
        cells = [f"{got[n][0]} cells, {got[n][1]} findings" if n in got else "-" for n in chosen.readers]
        why = d.why + (f"; conflicts: {'; '.join(d.conflicts)}" if d.conflicts else "")
        t.add_row(f"{d.region.start + 1}-{d.region.end}", esc(d.region.title or "(no title)"), *cells,
                  d.chosen or "-", esc(why))
    out.print(t)


def _print_readings(out: Console, page: Page, findings: int) -> None:
    """What every reading tried on the page found there, with its first ``findings`` findings."""
    from rich.markup import escape as esc

    for r in page.tried:
        out.print(f"[bold]{r.reader}[/]: {r.parts} page part(s), {r.force_rows} force rows, "
                  f"{r.verified} cells verified, {len(r.findings)} findings")
        for f in r.findings[:findings]:
            out.print(f"  - line {f.get('source_line') or '-'}: {f['kind']}: {esc(f['message'])}")
