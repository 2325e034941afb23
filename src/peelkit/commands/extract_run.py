"""The body of ``peelkit extract``, without typer: the Typer command (``commands/extract.py``) and the fast
entry (``peelkit.launch``, which runs a plain ``peelkit extract ...`` without importing typer and click,
about 40-80 ms of start-up) both call ``run``.

``FLAGS`` declares the command's options once: the Typer command is declared with them, and
``parse_args`` reads only arguments whose meaning is certain (each known option once, its value
separate or after ``=``, sources anywhere). Anything else (help, an unknown or repeated option, a value
that starts with "-", ``--``, ``-y2016``, an empty argument) returns None and goes to typer, which parses
it or says what is wrong. tests/test_launch.py checks both readings agree.
"""

from __future__ import annotations

import os
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from ..sources.pdf import WORD_SOURCES  # --words choices (case-insensitive); the first is the default
from .vocabulary import flags  # every option's names: one table for all commands

FLAGS = {name: flags("--" + name.rstrip("_").replace("_", "-"))
         for name in ("out", "quiet", "words", "year", "round_", "force", "pillar", "replace", "max_size")}
SWITCHES = frozenset({"quiet", "replace"})  # options that take no value
_BY_FLAG = {flag: name for name, flags in FLAGS.items() for flag in flags}


def parse_args(args: list[str]) -> dict | None:
    """``run``'s keyword arguments for the arguments after ``extract``, or None when they are not plain
    (see the module docstring): what click would give for them, or nothing."""
    kw: dict = {"sources": [], "out": None, "quiet": False, "words": WORD_SOURCES[0], "year": None, "round_": None,
                "force": None, "pillar": None, "replace": False, "max_size": None}
    seen: set[str] = set()
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if not arg:
            return None
        if not arg.startswith("-"):
            kw["sources"].append(Path(arg))
            continue
        flag, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        name = _BY_FLAG.get(flag)
        if name is None or name in seen:
            return None
        seen.add(name)
        if name in SWITCHES:
            if eq:
                return None
            kw[name] = True
            continue
        if not eq:
            if i == len(args):
                return None
            value = args[i]
            i += 1
        if not value or value.startswith("-"):
            return None
        if name == "words":
            value = value.lower()
            if value not in WORD_SOURCES:
                return None
        if name == "max_size":
            try:
                value = float(value)  # as click's FLOAT reads it
            except ValueError:
                return None
        kw[name] = Path(value) if name == "out" else value
    return kw


def run(sources: list[Path] | None, out: Path | None, quiet: bool, words: str, year: str | None,
        round_: str | None = None, force: str | None = None, pillar: str | None = None, replace: bool = False,
        max_size: float | None = None) -> int:
    """Extract, print the summary and notes on stderr; the exit code (1: a derived total differs from the
    printed one, or two sources print one judgment differently). Errors are raised (PeelkitError and
    others), for the caller to report. ``round_``, ``force``, ``pillar``: what a document that does not say
    it is about (--round, --force, --pillar); ``replace``: start the package afresh (--replace);
    ``max_size``: the largest source read, in MB (--max-size)."""
    from .. import extract, store

    limit = None
    if max_size is not None:
        if not 0 < max_size < float("inf"):
            from ..errors import UsageError

            raise UsageError(f"--max-size {max_size:g}: expected a size in MB greater than 0")
        limit = int(max_size * 1024 * 1024)
    context = extract.user_context(round_, force, pillar)
    console = _LazyConsole()  # rich is imported only when there is something to print
    if out is None and not os.environ.get("PEELKIT_HOME") and store.project_root() != Path.cwd():
        console.print(f"note: the current folder has no data/, so this writes the peelkit checkout's "
                      f"{store.default_clean_dir()} (set PEELKIT_HOME or pass --out DIR to write elsewhere)",
                      highlight=False, markup=False, soft_wrap=True)
    with _progress_bar(console.get() if not quiet else None, enabled=not quiet and console.is_terminal) as progress:
        res = extract.run(list(sources or []), out, progress=progress, words=words, year=year, context=context,
                          replace=replace, max_size=limit)

    mismatches = [r for r in res.tables["review"] if r["kind"] == "total_mismatch"]
    conflicts = [r for r in res.tables["review"] if r["kind"] == "source_conflict"]
    dated = [ex.source_file for ex in res.extractions if year and ex.kind == "state_of_policing" and ex.meta.get("format")]
    if dated:  # text front-ends read their own year sentence
        console.print(f"note: --year is for PDF sources; {', '.join(dated)} dated by its year sentence",
                      highlight=False, markup=False, soft_wrap=True)
    if not quiet:
        _summary(console, res)
    foreign = store.foreign_entries(res.out_dir)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
        console.print(f"note: {res.out_dir.absolute()} also holds {len(foreign)} entr{'y' if len(foreign) == 1 else 'ies'} "
                      f"peelkit did not write ({shown}); left untouched", highlight=False, markup=False,
                      soft_wrap=True)
    code = 0
    if res.failed:
        for path, why in res.failed:
            console.print(f"could not read {path}: {why}", highlight=False, markup=False, soft_wrap=True)
        n = len(res.failed) + len(res.extractions)
        console.print(f"check failed: {len(res.failed)} of {n} files could not be read (listed in "
                      f"{res.out_dir / 'review.csv'}, kind unread_file); the judgments of the other "
                      f"{len(res.extractions)} were written", highlight=False, markup=False, soft_wrap=True)
        code = 1
    if mismatches:
        console.print(f"[red]check failed:[/] {len(mismatches)} derived total(s) differ from the printed totals; "
                      f"see {res.out_dir / 'review.csv'}")
        code = 1
    if conflicts:
        console.print(f"[red]check failed:[/] {len(conflicts)} judgment(s) printed differently by two sources "
                      f"(source_conflict); see {res.out_dir / 'review.csv'}")
        code = 1
    return code


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
    read = set(year_of)  # the table shows what this run read; rows kept from the package are counted below it
    problems = Counter((year_of.get(r["source_file"], ""), r.get("pillar") or "", r.get("question_id") or "")
                       for r in res.tables["review"])
    prow = Counter((r["year"], r["pillar"]) for r in res.tables["pillars"] if r["source_file"] in read)
    qrow = Counter((r["year"], r["pillar"], r["question_id"]) for r in res.tables["questions"]
                   if r["source_file"] in read)
    for (year, pillar), n in sorted(prow.items()):
        t.add_row(year, pillar, "(pillar judgment)", str(n), str(problems.get((year, pillar, ""), 0)))
        from ..model import pillar_questions

        for q in pillar_questions(pillar):
            nq = qrow.get((year, pillar, q.question_id), 0)
            npb = problems.get((year, pillar, q.question_id), 0)
            if nq or npb:
                t.add_row("", "", q.question_id, str(nq), str(npb))
    _area_rows(t, [r for r in res.tables.get("areas", []) if r["source_file"] in read], res.tables["review"], year_of)
    console.print(t)
    ok = sum(1 for c in res.comparisons if c.printed == c.derived)
    kinds = Counter(r["kind"] for r in res.tables["review"])
    console.print(f"printed totals: {ok} of {len(res.comparisons)} reproduced from the rows")
    console.print("review.csv: " + (", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no problems"))
    g = res.growth
    if g is not None and g.grew:
        console.print(g.words() + (" (--replace starts afresh; 'peelkit remove SOURCE' takes one out)"
                                   if g.kept else ""), highlight=False, markup=False, soft_wrap=True)
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
