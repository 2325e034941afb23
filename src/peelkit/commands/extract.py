"""peelkit extract: sources -> data/clean (tidy CSVs, review file, datapackage.json)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

import typer

from .extract_run import FLAGS, WORD_SOURCES, run

WordSource = Enum("WordSource", [(w, w) for w in WORD_SOURCES], type=str)  # type: ignore[misc]


def register(app: typer.Typer) -> None:
    app.command(
        "extract",
        short_help="Read reports, web pages and lists (State of Policing tables, force reports, grade lists, "
                   "report catalogues) into the checked package of tidy CSVs.",
        help="Read PEEL judgments from reports (State of Policing tables, text or PDF; force reports of every "
             "round), the Inspectorate's web pages, grade lists and report catalogues into a checked package of "
             "tidy CSVs.\n\n"
             "With no SOURCE, every file in data/raw/ is read. Only peelkit's own files in the output folder "
             "(data/clean/ or --out DIR: one CSV per table and datapackage.json) are replaced, all or none, and "
             "only those the datapackage.json peelkit wrote lists with their sha256; other files, subfolders and "
             "the folder's mode are left alone. One run writes a folder at a time; a killed run is rolled back "
             "by the next command. Nothing is written unless it passes 'peelkit validate'. "
             "data/ is found under $PEELKIT_HOME, else the "
             "current folder, else the peelkit checkout. Derived totals are checked against the totals the "
             "document prints; exit 1 if they disagree.\n\n"
             "The package grows: extracting FILE into a folder that already holds a package replaces the rows "
             "of that document (same file name or same sha256) and keeps every other source's rows; the checks "
             "run on the whole. --replace starts afresh (so does a new --out DIR). 'peelkit sources' lists the "
             "package's documents, 'peelkit remove SOURCE' takes one out.\n\n"
             "Example: peelkit extract data/raw/state_of_policing_2019_part2.txt --out /tmp/clean\n\n"
             "Reads State of Policing tables, force reports of every round, the Inspectorate's force, pillar and "
             "press-release web pages (saved as text), grade lists and news copies. A page or list that names no "
             "round (or force, or pillar) is read with --round (--force, --pillar); a page that says otherwise "
             "is an error naming both.\n\n"
             "A PDF is read with pdfium; --words pdfplumber reads its table pages with pdfplumber instead. A PDF "
             "without a year sentence is dated from its table (question headers, last inspected years) or --year.",
    )(extract_cmd)


def extract_cmd(
    sources: list[Path] = typer.Argument(None, help="Source files or directories (default: data/raw/)."),
    out: Path = typer.Option(None, *FLAGS["out"], help="Output directory (default: data/clean/)."),
    quiet: bool = typer.Option(False, *FLAGS["quiet"], help="No summary, no progress bar."),
    words: WordSource = typer.Option(WordSource(WORD_SOURCES[0]), *FLAGS["words"], case_sensitive=False,
                                     help="Where a PDF's table words come from: pdfium (fast) or pdfplumber "
                                          "(the reference reader, slower). Both must give the same rows."),
    year: str = typer.Option(None, *FLAGS["year"], help="The table's year (e.g. 2018/19) for a PDF without a year sentence; "
                                                  "checked against the table (PDF sources)."),
    round_: str = typer.Option(None, *FLAGS["round_"], metavar="ROUND",
                               help="The PEEL round (e.g. 2016, 2018/19, 2023-25) of a page or list that names none; "
                                    "checked against what the document says."),
    force: str = typer.Option(None, *FLAGS["force"], help="The force a page is about when it does not say (e.g. Kent); "
                                                        "checked against the page."),
    pillar: str = typer.Option(None, *FLAGS["pillar"], help="The pillar a page or list grades when it does not say "
                                                          "(effectiveness, efficiency or legitimacy)."),
    replace: bool = typer.Option(False, *FLAGS["replace"], help="Start the package afresh: drop the rows of "
                                 "every source not read by this run."),
    max_size: float = typer.Option(None, *FLAGS["max_size"], metavar="MB", show_default=False,
                                   help="The largest source file read, in MB (default 200, or PEELKIT_MAX_SIZE); "
                                        "a larger one, or a device, FIFO or socket, is refused with one line, "
                                        "before it is read."),
) -> None:
    code = run(sources, out, quiet, words.value, year, round_, force, pillar, replace, max_size)
    if code:
        raise typer.Exit(code)
