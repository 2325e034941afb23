"""peelkit extract: sources -> data/clean (tidy CSVs, review file, datapackage.json)."""

from __future__ import annotations

import os
from collections import Counter
from contextlib import contextmanager
from enum import Enum
from pathlib import Path

import typer


class WordSource(str, Enum):
    pdfium = "pdfium"
    pdfplumber = "pdfplumber"


def register(app: typer.Typer) -> None:
    app.command(
        "extract",
        help="Extract PEEL judgments from State of Policing reports into tidy CSVs.\n\n"
             "With no SOURCE, every file in data/raw/ is read. Only peelkit's own files in the output folder "
             "(data/clean/ or --out DIR: one CSV per table and datapackage.json) are replaced, all or none, and "
             "only those the datapackage.json peelkit wrote lists with their sha256; other files, subfolders and "
             "the folder's mode are left alone. One run writes a folder at a time; a killed run is rolled back "
             "by the next command. Nothing is written unless it passes 'peelkit validate'. "
             "data/ is found under $PEELKIT_HOME, else the "
             "current folder, else the peelkit checkout. Derived totals are checked against the totals the "
             "document prints; exit 1 if they disagree.\n\n"
             "Example: peelkit extract data/raw/state_of_policing_2019_part2.txt --out /tmp/clean\n\n"
             "A PDF is read with pdfium; --words pdfplumber reads its table pages with pdfplumber instead. A PDF "
             "without a year sentence is dated from its table (question headers, last inspected years) or --year.",
    )(extract_cmd)


def extract_cmd(
    sources: list[Path] = typer.Argument(None, help="Source files or directories (default: data/raw/)."),
    out: Path = typer.Option(None, "--out", "-o", help="Output directory (default: data/clean/)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary, no progress bar."),
    words: WordSource = typer.Option(WordSource.pdfium, "--words", case_sensitive=False,
                                     help="Where a PDF's table words come from: pdfium (fast) or pdfplumber "
                                          "(the reference reader, slower). Both must give the same rows."),
    year: str = typer.Option(None, "--year", help="The table's year (e.g. 2018/19) for a PDF without a year sentence; "
                                                  "checked against the table (PDF sources)."),
) -> None:
    from .. import extract, store

    console = _LazyConsole()  # rich is imported only when there is something to print
    with _progress_bar(console.get() if not quiet else None, enabled=not quiet and console.is_terminal) as progress:
        res = extract.run(list(sources or []), out, progress=progress, words=words.value, year=year)
    mismatches = [r for r in res.tables["review"] if r["kind"] == "total_mismatch"]
    dated = [ex.source_file for ex in res.extractions if year and ex.kind == "state_of_policing" and ex.meta.get("format")]
    if dated:  # text front-ends read their own year sentence
        console.print(f"note: --year is for PDF sources; {', '.join(dated)} dated by its year sentence",
                      highlight=False, markup=False, soft_wrap=True)
    if not quiet:
        _summary(console, res)
    if out is None and not os.environ.get("PEELKIT_HOME") and store.project_root() != Path.cwd():
        console.print(f"note: the current folder has no data/, so this wrote the peelkit checkout's "
                      f"{res.out_dir} (set PEELKIT_HOME or pass --out DIR to write elsewhere)",
                      highlight=False, markup=False, soft_wrap=True)
    foreign = store.foreign_entries(res.out_dir)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        console.print(f"note: {res.out_dir.absolute()} also holds {len(foreign)} entr{'y' if len(foreign) == 1 else 'ies'} "
                      f"peelkit did not write ({shown}); left untouched", highlight=False, markup=False,
                      soft_wrap=True)
    if mismatches:
        console.print(f"[red]check failed:[/] {len(mismatches)} derived total(s) differ from the printed totals; "
                      f"see {res.out_dir / 'review.csv'}")
        raise typer.Exit(1)


class _LazyConsole:
    """The stderr console, created on first use (``extract -q`` with nothing to report never loads rich)."""

    _console = None

    def get(self):
        if self._console is None:
            from ..render import err_console

            self._console = err_console()
        return self._console

    def __getattr__(self, name):
        return getattr(self.get(), name)


@contextmanager
def _progress_bar(console, enabled: bool):
    """A rich progress bar on stderr while PDF pages are scanned; yields the progress callable
    (None when disabled: --quiet, or stderr is not a terminal)."""
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..sources.pdf import parse_progress

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(message: str) -> None:
            done_total = parse_progress(message)
            if done_total is None:
                return
            done, total = done_total
            label = message.rsplit(": page", 1)[0]
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done)

        yield progress


def _summary(console, res) -> None:
    from rich.table import Table

    for path, why in res.skipped:
        console.print(f"[dim]skipped {path.name}: {why}[/]")
    t = Table(title="peelkit extract", title_justify="left")
    for c in ("year", "pillar", "question", "rows", "problems"):
        t.add_column(c, justify="right" if c in ("rows", "problems") else "left")
    year_of = {ex.source_file: str(ex.meta.get("year") or "") for ex in res.extractions}
    problems = Counter((year_of.get(r["source_file"], ""), r.get("pillar") or "", r.get("question_id") or "")
                       for r in res.tables["review"])
    prow = Counter((r["year"], r["pillar"]) for r in res.tables["pillars"])
    qrow = Counter((r["year"], r["pillar"], r["question_id"]) for r in res.tables["questions"])
    for (year, pillar), n in sorted(prow.items()):
        t.add_row(year, pillar, "(pillar judgment)", str(n), str(problems.get((year, pillar, ""), 0)))
        from ..model import pillar_questions

        for q in pillar_questions(pillar):
            nq = qrow.get((year, pillar, q.question_id), 0)
            npb = problems.get((year, pillar, q.question_id), 0)
            if nq or npb:
                t.add_row("", "", q.question_id, str(nq), str(npb))
    _area_rows(t, res.tables.get("areas", []), res.tables["review"], year_of)
    console.print(t)
    ok = sum(1 for c in res.comparisons if c.printed == c.derived)
    kinds = Counter(r["kind"] for r in res.tables["review"])
    console.print(f"printed totals: {ok} of {len(res.comparisons)} reproduced from the rows")
    console.print("review.csv: " + (", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no problems"))
    console.print(f"wrote {len(res.written)} files to {res.out_dir.absolute()}", highlight=False, markup=False,
                  soft_wrap=True)


def _area_rows(t, areas: list[dict], review: list[dict], year_of: dict[str, str]) -> None:
    """Area-era rounds: one summary row per area (in the round's printed order), with its findings."""
    from ..model import round_for_year

    rows = Counter((r["year"], r["area_id"]) for r in areas)
    problems = Counter((year_of.get(r["source_file"], ""), r.get("area_id") or "") for r in review if r.get("area_id"))
    for year in sorted({y for y, _ in rows}):
        rnd = round_for_year(year)
        order = [a.area_id for a in rnd.areas] if rnd else []
        ids = sorted({a for y, a in rows if y == year}, key=lambda a: order.index(a) if a in order else len(order))
        for k, area_id in enumerate(ids):
            t.add_row(year if k == 0 else "", "(areas)" if k == 0 else "", area_id, str(rows[(year, area_id)]),
                      str(problems.get((year, area_id), 0)))
